/*
 * The lines of a hosts.equiv or .rhosts file (ruserok.c) by value, host
 * names resolved from the fixture's hosts file: glibc's order (the host
 * first: a "-host" line ends the search; then the user), "+" and "-" on
 * both fields, no user meaning the local user, comments, blank lines,
 * case, lines too long, and netgroups matching nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "uipc/netdb.h"

#define FIX	"tests/unit/netdb/fixtures/etc"

static char path[64];

/* The file holds text; the answer for ruser on addr as luser. */
static int
ok(const char *text, const char *addr, const char *ruser, const char *luser)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	sin.sin_addr.s_addr = inet_addr(addr);
	return uipc_ruserok_file(path, (struct sockaddr *)&sin, sizeof(sin),
	    luser, ruser);
}

static void
test_ruserok_lines(void **state)
{
	char *big;
	int fd;

	setenv("UIPC_ETC", FIX, 1);
	snprintf(path, sizeof(path), "/tmp/uipc-ruserok.XXXXXX");
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	/* By name (cad is 128.32.0.10), by number, by case. */
	assert_int_equal(ok("cad alice\n", "128.32.0.10", "alice", "root"), 0);
	assert_int_equal(ok("CAD alice\n", "128.32.0.10", "alice", "root"), 0);
	assert_int_equal(ok("128.32.0.10 alice\n", "128.32.0.10", "alice", "root"), 0);
	assert_int_equal(ok("cad alice\n", "128.32.0.10", "bob", "root"), -1);
	assert_int_equal(ok("monet alice\n", "128.32.0.10", "alice", "root"), -1);
	/* No user: the local user's own name. */
	assert_int_equal(ok("cad\n", "128.32.0.10", "root", "root"), 0);
	assert_int_equal(ok("cad\n", "128.32.0.10", "alice", "root"), -1);
	/* "+" host and user; "-user" refuses; "-host" ends the search. */
	assert_int_equal(ok("+ alice\n", "10.9.9.9", "alice", "root"), 0);
	assert_int_equal(ok("cad +\n", "128.32.0.10", "anyone", "root"), 0);
	assert_int_equal(ok("cad -bob\ncad +\n", "128.32.0.10", "bob", "root"), -1);
	assert_int_equal(ok("cad -bob\ncad +\n", "128.32.0.10", "carol", "root"), 0);
	assert_int_equal(ok("-cad\n+ alice\n", "128.32.0.10", "alice", "root"), -1);
	assert_int_equal(ok("-cad\n+ alice\n", "128.32.0.11", "alice", "root"), 0);
	/* Comments, blank lines, leading blanks (an empty host: no match). */
	assert_int_equal(ok("# cad alice\n\n   \ncad alice\n", "128.32.0.10", "alice", "root"), 0);
	assert_int_equal(ok("  cad alice\n", "128.32.0.10", "alice", "root"), -1);
	/* Netgroups match nothing (no NIS). */
	assert_int_equal(ok("+@staff alice\n", "128.32.0.10", "alice", "root"), -1);
	assert_int_equal(ok("cad +@staff\n", "128.32.0.10", "alice", "root"), -1);
	/* A line too long is skipped whole, and the next one read. */
	big = malloc(3 * UIPC_NETDB_LINEMAX);
	assert_non_null(big);
	memset(big, 'x', 2 * UIPC_NETDB_LINEMAX);
	strcpy(big + 2 * UIPC_NETDB_LINEMAX, " alice\ncad alice\n");
	memcpy(big, "cad ", 4);
	assert_int_equal(ok(big, "128.32.0.10", "alice", "root"), 0);
	free(big);
	/* No file: no. */
	unlink(path);
	{
		struct sockaddr_in sin = { .sin_family = AF_INET };

		assert_int_equal(uipc_ruserok_file(path, (struct sockaddr *)&sin,
		    sizeof(sin), "root", "root"), -1);
	}
	unsetenv("UIPC_ETC");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ruserok_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
