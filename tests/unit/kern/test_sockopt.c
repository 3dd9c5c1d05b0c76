/*
 * Socket-level options (src/kern/sockopt.c) and listen's backlog, through
 * the socket layer with the UNIX domain as the protocol: values as Linux
 * takes and gives them (socket(7)), since programs on uipc were tuned there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cmocka.h>

#include "kern/socket.h"
#include "kern/sockdefaults.h"
#include "../sim/sim.h"

/* A host of a composed stack (src/stack), on a virtual clock. */
static struct stack *st;
static struct host *h;
static struct ucred cred = { 100, 1000, 1000 };

static struct socket *
mk(int type)
{
	struct socket *so;

	assert_int_equal(socreate(h, AF_UNIX, type, 0, &cred, &so), 0);
	return so;
}

static int
getint(struct socket *so, int name)
{
	socklen_t len = sizeof(int);
	int v = -1;

	assert_int_equal(sogetopt(so, SOL_SOCKET, name, &v, &len), 0);
	assert_int_equal(len, sizeof(int));
	return v;
}

static int
setint(struct socket *so, int name, int v)
{
	return sosetopt(so, SOL_SOCKET, name, &v, sizeof(v));
}

/* socket(7): "The kernel doubles this value"; clamped to a least and a most. */
static void
test_buffer_sizes_doubled_and_clamped(void **state)
{
	struct socket *so = mk(SOCK_STREAM);

	(void)state;
	assert_int_equal(setint(so, SO_SNDBUF, 65536), 0);
	assert_int_equal(getint(so, SO_SNDBUF), 131072);
	assert_int_equal(setint(so, SO_RCVBUF, 1), 0);
	assert_int_equal(getint(so, SO_RCVBUF), SB_MIN_RCV);
	assert_int_equal(setint(so, SO_SNDBUF, 0), 0);
	assert_int_equal(getint(so, SO_SNDBUF), SB_MIN_SND);
	assert_int_equal(setint(so, SO_RCVBUF, 1 << 30), 0);
	assert_int_equal(getint(so, SO_RCVBUF), SB_MAX);
	soclose(so);
}

static void
test_flags_read_back_as_zero_or_one(void **state)
{
	struct socket *so = mk(SOCK_DGRAM);
	static const int names[] = { SO_REUSEADDR, SO_KEEPALIVE, SO_BROADCAST, SO_DONTROUTE,
	    SO_OOBINLINE, SO_PASSCRED, SO_REUSEPORT, SO_DEBUG };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(getint(so, names[i]), 0);
		assert_int_equal(setint(so, names[i], 42), 0);
		assert_int_equal(getint(so, names[i]), 1);
		assert_int_equal(setint(so, names[i], 0), 0);
		assert_int_equal(getint(so, names[i]), 0);
	}
	soclose(so);
}

/*
 * Linux's length policy (kern/sockopt_val.h): a set with a value too short
 * is EINVAL; a get into a buffer too short gets the value cut to it.
 */
static void
test_short_values_einval(void **state)
{
	struct socket *so = mk(SOCK_STREAM);
	char c = 1;
	struct linger l;
	struct timeval tv;
	socklen_t len;

	(void)state;
	assert_int_equal(sosetopt(so, SOL_SOCKET, SO_REUSEADDR, &c, 1), EINVAL);
	assert_int_equal(sosetopt(so, SOL_SOCKET, SO_REUSEADDR, NULL, sizeof(int)), EINVAL);
	assert_int_equal(sosetopt(so, SOL_SOCKET, SO_LINGER, &l, sizeof(l) - 1), EINVAL);
	assert_int_equal(sosetopt(so, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv) - 1), EINVAL);
	len = sizeof(l) - 1;
	assert_int_equal(sogetopt(so, SOL_SOCKET, SO_LINGER, &l, &len), 0);
	assert_int_equal(len, sizeof(l) - 1);
	len = 1;
	c = 0;
	assert_int_equal(sogetopt(so, SOL_SOCKET, SO_TYPE, &c, &len), 0);
	assert_int_equal(len, 1);
	assert_int_equal(c, SOCK_STREAM);	/* the int's first byte, little-endian */
	soclose(so);
}

static void
test_timeouts_round_trip(void **state)
{
	struct socket *so = mk(SOCK_STREAM);
	struct timeval tv = { 2, 500000 }, got;
	socklen_t len = sizeof(got);

	(void)state;
	assert_int_equal(sosetopt(so, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	assert_int_equal(sogetopt(so, SOL_SOCKET, SO_RCVTIMEO, &got, &len), 0);
	assert_int_equal(len, sizeof(got));
	assert_int_equal(got.tv_sec, 2);
	assert_int_equal(got.tv_usec, 500000);
	/* Linux: a negative time is taken as zero (reads back 0.0), not an error. */
	tv = (struct timeval){ -1, 0 };
	assert_int_equal(sosetopt(so, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	len = sizeof(got);
	assert_int_equal(sogetopt(so, SOL_SOCKET, SO_RCVTIMEO, &got, &len), 0);
	assert_int_equal(got.tv_sec, 0);
	assert_int_equal(got.tv_usec, 0);
	/* Microseconds out of range: EDOM, as Linux says, negative seconds or not. */
	tv = (struct timeval){ 1, 1000000 };
	assert_int_equal(sosetopt(so, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)), EDOM);
	tv = (struct timeval){ -1, 2000000 };
	assert_int_equal(sosetopt(so, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)), EDOM);
	soclose(so);
}

static void
test_linger_and_lowat(void **state)
{
	struct socket *so = mk(SOCK_STREAM);
	struct linger l = { 1, -5 }, got;
	socklen_t len = sizeof(got);

	(void)state;
	assert_int_equal(sosetopt(so, SOL_SOCKET, SO_LINGER, &l, sizeof(l)), 0);
	assert_int_equal(sogetopt(so, SOL_SOCKET, SO_LINGER, &got, &len), 0);
	assert_int_equal(got.l_onoff, 1);
	assert_int_equal(got.l_linger, 0);		/* a negative linger is none */
	assert_int_equal(setint(so, SO_RCVLOWAT, 0), 0);
	assert_int_equal(getint(so, SO_RCVLOWAT), 1);	/* at least one byte */
	assert_int_equal(setint(so, SO_RCVLOWAT, 100), 0);
	assert_int_equal(getint(so, SO_RCVLOWAT), 100);
	/* socket(7): SO_SNDLOWAT "is not changeable on Linux". */
	assert_int_equal(setint(so, SO_SNDLOWAT, 10), ENOPROTOOPT);
	soclose(so);
}

static void
test_read_only_options(void **state)
{
	struct socket *so = mk(SOCK_SEQPACKET);

	(void)state;
	assert_int_equal(getint(so, SO_TYPE), SOCK_SEQPACKET);
	assert_int_equal(getint(so, SO_DOMAIN), AF_UNIX);
	assert_int_equal(getint(so, SO_ACCEPTCONN), 0);
	assert_int_equal(setint(so, SO_TYPE, SOCK_STREAM), ENOPROTOOPT);
	assert_int_equal(setint(so, SO_ERROR, 0), ENOPROTOOPT);
	assert_int_equal(setint(so, SO_ACCEPTCONN, 1), ENOPROTOOPT);
	assert_int_equal(setint(so, 9999, 1), ENOPROTOOPT);
	soclose(so);
}

/* BSD so_error: read once, then cleared. */
static void
test_so_error_read_clears(void **state)
{
	struct socket *so = mk(SOCK_DGRAM);

	(void)state;
	soseterror(so, ECONNREFUSED);
	assert_int_equal(getint(so, SO_ERROR), ECONNREFUSED);
	assert_int_equal(getint(so, SO_ERROR), 0);
	soclose(so);
}

static int
group_setup(void **state)
{
	st = sim_stack(1);
	h = sim_host(st, "arpa");
	return 0;
}

static int
group_teardown(void **state)
{
	stack_destroy(st);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buffer_sizes_doubled_and_clamped),
		cmocka_unit_test(test_flags_read_back_as_zero_or_one),
		cmocka_unit_test(test_short_values_einval),
		cmocka_unit_test(test_timeouts_round_trip),
		cmocka_unit_test(test_linger_and_lowat),
		cmocka_unit_test(test_read_only_options),
		cmocka_unit_test(test_so_error_read_clears),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
