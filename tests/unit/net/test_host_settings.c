/*
 * Host settings in the configuration (uipc.conf(5): boot, uptime, load,
 * user, users none): each lands on its host as written, ages stay ages
 * (uipcd turns them into times), etc/figure3.conf carries Figure 3's
 * figures, and a malformed line is refused with its line number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../sim/sim.h"
#include "kern/host_settings.h"
#include "stack/netconf.h"

static struct stack *
build_text(const char *text)
{
	struct netconf *nc;
	struct stack *st;
	char err[256];

	if (netconf_parse(text, strlen(text), "t.conf", &nc, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	st = sim_stack(1);
	if (netconf_apply(nc, st, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	netconf_free(nc);
	return st;
}

static void
test_host_settings_lines(void **state)
{
	struct stack *st = build_text(
	    "host a\n"
	    "  uptime 2+12:04\n"
	    "  load 1.15 1.39 1.31\n"
	    "  user alice console login 2h idle 5m\n"
	    "  user bob pts/7 idle 90s\n"
	    "host b\n"
	    "  boot 500000000\n"
	    "  uptime 1d2h3m4s\n"	/* the later line wins */
	    "  users none\n"
	    "host c\n");
	const struct host_settings *a = &host_find(st, "a")->h_settings;
	const struct host_settings *b = &host_find(st, "b")->h_settings;
	const struct host_settings *c = &host_find(st, "c")->h_settings;

	assert_int_equal(a->hs_flags, HS_UPTIME | HS_LOAD | HS_USERS);
	assert_int_equal(a->hs_boot, 2 * 86400 + 12 * 3600 + 4 * 60);
	assert_int_equal(a->hs_load[0], 115);
	assert_int_equal(a->hs_load[1], 139);
	assert_int_equal(a->hs_load[2], 131);
	assert_int_equal(a->hs_nusers, 2);
	assert_string_equal(a->hs_users[0].hu_name, "alice");
	assert_string_equal(a->hs_users[0].hu_line, "console");
	assert_int_equal(a->hs_users[0].hu_login_ago, 7200);
	assert_int_equal(a->hs_users[0].hu_idle, 300);
	assert_string_equal(a->hs_users[1].hu_line, "pts/7");
	/* Idle longer than logged in: logged in as long as idle. */
	assert_int_equal(a->hs_users[1].hu_login_ago, 90);
	assert_int_equal(b->hs_flags, HS_UPTIME | HS_USERS);
	assert_int_equal(b->hs_boot, 86400 + 2 * 3600 + 3 * 60 + 4);
	assert_int_equal(b->hs_nusers, 0);
	assert_int_equal(c->hs_flags, 0);	/* the machine's own */
	stack_destroy(st);
}

static void
test_host_settings_figure3(void **state)
{
	struct netconf *nc;
	struct stack *st;
	char err[256];
	const struct host_settings *hs;

	if (netconf_load("etc/figure3.conf", &nc, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	st = sim_stack(1);
	if (netconf_apply(nc, st, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	/* The ages hold at Figure 3's moment, 20 days after uipcd starts. */
	assert_int_equal(netconf_ages_at(nc), 20 * 86400);
	netconf_free(nc);
	hs = &host_find(st, "dali")->h_settings;	/* up 2+06:28, 9 users, load 1.04 1.20 1.65 */
	assert_int_equal(hs->hs_boot, 2 * 86400 + 6 * 3600 + 28 * 60 - 30);
	assert_int_equal(hs->hs_nusers, 9);
	assert_int_equal(hs->hs_load[2], 165);
	hs = &host_find(st, "degas")->h_settings;
	assert_int_equal(hs->hs_boot, 25 * 86400 + 9 * 3600 + 48 * 60 - 30);
	assert_int_equal(hs->hs_nusers, 0);
	assert_true(hs->hs_flags & HS_USERS);
	/* A down host: no boot time (ruptime shows only how long it is down),
	 * nobody on, a load below 10 so that ruptime's columns keep their width. */
	hs = &host_find(st, "ernie")->h_settings;
	assert_int_equal(hs->hs_flags, HS_LOAD | HS_USERS);
	assert_int_equal(hs->hs_nusers, 0);
	assert_true(hs->hs_load[0] < 1000);
	stack_destroy(st);
}

static void
bad(const char *text, const char *want)
{
	struct netconf *nc = NULL;
	char err[256];

	assert_int_equal(netconf_parse(text, strlen(text), "x.conf", &nc, err, sizeof(err)), EINVAL);
	assert_null(nc);
	if (strstr(err, want) == NULL)
		fail_msg("got \"%s\", want \"%s\"", err, want);
}

static void
test_host_settings_errors(void **state)
{
	bad("host a\n  uptime soon\n", "x.conf:2: uptime takes");
	bad("host a\n  uptime 1:75\n", "x.conf:2: uptime takes");
	bad("host a\n  boot yesterday\n", "x.conf:2: boot takes seconds");
	bad("host a\n  load 1 2\n", "x.conf:2: load takes three");
	bad("host a\n  load 1 2 -3\n", "x.conf:2: bad load average '-3'");
	bad("host a\n  user alice\n", "x.conf:2: user takes");
	bad("host a\n  user al/ice console\n", "x.conf:2: user and line names");
	bad("host a\n  user alice ../../etc\n", "x.conf:2: user and line names");
	bad("host a\n  user alice console idle 5x\n", "x.conf:2: user: login DURATION");
	bad("host a\n  user alice console since 5m\n", "x.conf:2: user: login DURATION");
	bad("host a\n  users all\n", "x.conf:2: users takes 'none'");
	bad("load 1 2 3\n", "x.conf:1: 'load' outside a host");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_settings_lines),
		cmocka_unit_test(test_host_settings_figure3),
		cmocka_unit_test(test_host_settings_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
