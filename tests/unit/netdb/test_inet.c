/*
 * The inet_* routines (primer §3.5; inet(3N)): the classful cases of
 * 4.2BSD by value, then a sweep comparing each with glibc's own in this
 * process.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "uipc/netdb.h"

static in_addr_t
A(const char *s)
{
	return uipc_inet_addr(s);
}

static void
test_inet_addr_classful(void **state)
{
	assert_int_equal(A("127.1"), htonl(0x7f000001));
	assert_int_equal(A("0x7f.1"), htonl(0x7f000001));
	assert_int_equal(A("10.1.2"), htonl(0x0a010002));
	assert_int_equal(A("128.32.0.10"), htonl(0x8020000a));
	assert_int_equal(A("0177.0.0.01"), htonl(0x7f000001));
	assert_int_equal(A("2130706433"), htonl(0x7f000001));
	assert_int_equal(A("1.2.65535"), htonl(0x0102ffff));
	assert_int_equal(A("1.2.65536"), INADDR_NONE);
	assert_int_equal(A("1.16777215"), htonl(0x01ffffff));
	assert_int_equal(A("256.1"), INADDR_NONE);
	assert_int_equal(A("1.2.3.4.5"), INADDR_NONE);
	assert_int_equal(A("1.2.3.4."), INADDR_NONE);
	assert_int_equal(A("08"), INADDR_NONE);
	assert_int_equal(A(""), INADDR_NONE);
	assert_int_equal(A("1.2.3.4 trailing"), htonl(0x01020304));
	assert_int_equal(A("255.255.255.255"), INADDR_NONE);
}

static void
test_inet_aton_exact_and_none(void **state)
{
	struct in_addr in;

	assert_int_equal(uipc_inet_aton("255.255.255.255", &in), 1);
	assert_int_equal(in.s_addr, 0xffffffff);
	assert_int_equal(uipc_inet_aton("1.2.3.x", &in), 0);
	assert_int_equal(uipc_inet_aton("4294967296", &in), 0);
	assert_int_equal(uipc_inet_aton("0x", NULL), 0);
}

static void
test_inet_network(void **state)
{
	assert_int_equal(uipc_inet_network("128.32"), 0x8020);
	assert_int_equal(uipc_inet_network("10"), 10);
	assert_int_equal(uipc_inet_network("10.1.2"), 0x0a0102);
	assert_int_equal(uipc_inet_network("0x80.0x20"), 0x8020);
	assert_int_equal(uipc_inet_network("127.0.0.0"), 0x7f000000);
	assert_int_equal(uipc_inet_network("256"), INADDR_NONE);
	assert_int_equal(uipc_inet_network("08"), INADDR_NONE);
	assert_int_equal(uipc_inet_network("1.2.3.4.5"), INADDR_NONE);
	assert_int_equal(uipc_inet_network(""), INADDR_NONE);
}

static void
test_inet_makeaddr_classes(void **state)
{
	/* Class A net 10, B net 128.32, C net 192.5.5, and a whole address. */
	assert_int_equal(uipc_inet_makeaddr(10, 0x010203).s_addr,
	    htonl(0x0a010203));
	assert_int_equal(uipc_inet_makeaddr(0x8020, 10).s_addr,
	    htonl(0x8020000a));
	assert_int_equal(uipc_inet_makeaddr(0xc00505, 1).s_addr,
	    htonl(0xc0050501));
	assert_int_equal(uipc_inet_makeaddr(0xe0000000, 5).s_addr,
	    htonl(0xe0000005));
	/* The host part is cut to the class's size. */
	assert_int_equal(uipc_inet_makeaddr(10, 0xff010203).s_addr,
	    htonl(0x0a010203));
}

static void
test_inet_lnaof_netof_classes(void **state)
{
	struct { const char *a; in_addr_t net, lna; } c[] = {
		{ "10.1.2.3", 10, 0x010203 },		/* class A */
		{ "127.0.0.1", 127, 1 },
		{ "128.32.0.10", 0x8020, 10 },		/* class B */
		{ "191.255.1.2", 0xbfff, 0x0102 },
		{ "192.5.5.1", 0xc00505, 1 },		/* class C */
		{ "224.0.0.1", 0xe00000, 1 },		/* class D, as C */
		{ "240.1.2.3", 0xf00102, 3 },		/* class E, as C */
	};
	struct in_addr in;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		assert_int_equal(uipc_inet_aton(c[i].a, &in), 1);
		assert_int_equal(uipc_inet_netof(in), c[i].net);
		assert_int_equal(uipc_inet_lnaof(in), c[i].lna);
		assert_int_equal(uipc_inet_makeaddr(c[i].net, c[i].lna).s_addr,
		    in.s_addr);
	}
}

static void
test_inet_ntoa_pton_ntop(void **state)
{
	struct in_addr in = { htonl(0x8020000a) };
	unsigned char a6[16];
	char buf[INET6_ADDRSTRLEN];

	assert_string_equal(uipc_inet_ntoa(in), "128.32.0.10");
	assert_int_equal(uipc_inet_pton(AF_INET, "127.1", &in), 0);
	assert_int_equal(uipc_inet_pton(AF_INET, "01.2.3.4", &in), 0);
	assert_int_equal(uipc_inet_pton(AF_INET, "1.2.3.4", &in), 1);
	assert_int_equal(uipc_inet_pton(AF_UNIX, "1.2.3.4", &in), -1);
	assert_int_equal(errno, EAFNOSUPPORT);
	assert_int_equal(uipc_inet_pton(AF_INET6, "::ffff:1.2.3.4", a6), 1);
	assert_string_equal(uipc_inet_ntop(AF_INET6, a6, buf, sizeof(buf)),
	    "::ffff:1.2.3.4");
	assert_int_equal(uipc_inet_pton(AF_INET6, "1:0:0:2:0:0:0:3", a6), 1);
	assert_string_equal(uipc_inet_ntop(AF_INET6, a6, buf, sizeof(buf)),
	    "1:0:0:2::3");
	assert_null(uipc_inet_ntop(AF_INET, &in, buf, 7));
	assert_int_equal(errno, ENOSPC);
}

/* A fixed seed so that the sweep is the same every run. */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static const char *texts[] = {
	"127.1", "0x7f.1", "10.1.2", "128.32", "1.2.3.4", "0", "00", "0x",
	"0x0", "0xffffffff", "4294967295", "4294967296", "1.2.3.4 ",
	"1.2.3.4\t", "1.2.3.4x", " 1.2.3.4", "+1.2.3.4", "-1", "1..2", ".1", "1.", "09",
	"0X1F.0x1f", "1.2.3.0377", "1.2.3.0400", "255.255.255.255", "1e3",
	"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
	"::1:2:3:4:5:6:7",
	"1:2:3:4:5:6:1.2.3.4", "::ffff:1.2.3.4", "::1.2.3.4", "1::2::3",
	"12345::", ":1", "1:", "fe80::1%eth0", "0:0:0:0:0:0:0:0", "ABCD::",
	"1:2:3:4:5:6:7:8:9", "::ffff:01.2.3.4", "1.2.3", "", "4294967296",
	"4294967297", "1.4294967296", "99999999999", "12 34", "12 ", "0x100",
	"1.2.3.4 5", "00x1", "0x.1", "X0EE", "x1f.2", NULL
};

static void
test_inet_text_like_glibc(void **state)
{
	unsigned char a[16], b[16];
	struct in_addr ia, ib;
	int i, ra, rb;

	for (i = 0; texts[i] != NULL; i++) {
		const char *t = texts[i];

		ia.s_addr = ib.s_addr = 0;
		ra = uipc_inet_aton(t, &ia);
		rb = inet_aton(t, &ib);
		if (ra != rb || ia.s_addr != ib.s_addr)
			fail_msg("inet_aton(\"%s\")", t);
		if (uipc_inet_addr(t) != inet_addr(t))
			fail_msg("inet_addr(\"%s\")", t);
		if (uipc_inet_network(t) != inet_network(t))
			fail_msg("inet_network(\"%s\"): %#x, glibc %#x", t,
			    uipc_inet_network(t), inet_network(t));
		memset(a, 0, 16);
		memset(b, 0, 16);
		ra = uipc_inet_pton(AF_INET, t, a);
		rb = inet_pton(AF_INET, t, b);
		if (ra != rb || memcmp(a, b, 4) != 0)
			fail_msg("inet_pton(AF_INET, \"%s\")", t);
		ra = uipc_inet_pton(AF_INET6, t, a);
		rb = inet_pton(AF_INET6, t, b);
		if (ra != rb || memcmp(a, b, 16) != 0)
			fail_msg("inet_pton(AF_INET6, \"%s\")", t);
	}
}

static void
test_inet_numbers_like_glibc(void **state)
{
	char pa[INET6_ADDRSTRLEN], pb[INET6_ADDRSTRLEN];
	unsigned char a6[16];
	struct in_addr in;
	uint32_t s = 2463534242u, v, h;
	int i, j;

	for (i = 0; i < 100000; i++) {
		v = rnd(&s);
		h = rnd(&s);
		/* Spread the net over all the classful ranges. */
		v >>= rnd(&s) % 32;
		in.s_addr = rnd(&s);
		assert_int_equal(uipc_inet_makeaddr(v, h).s_addr,
		    inet_makeaddr(v, h).s_addr);
		assert_int_equal(uipc_inet_lnaof(in), inet_lnaof(in));
		assert_int_equal(uipc_inet_netof(in), inet_netof(in));
		assert_string_equal(uipc_inet_ntoa(in), inet_ntoa(in));
		for (j = 0; j < 16; j++)
			a6[j] = (rnd(&s) % 3 == 0) ? rnd(&s) : 0;
		assert_string_equal(uipc_inet_ntop(AF_INET6, a6, pa,
		    sizeof(pa)), inet_ntop(AF_INET6, a6, pb, sizeof(pb)));
		memset(a6, 0, 10);
		a6[10] = a6[11] = (i & 1) ? 0xff : 0;
		assert_string_equal(uipc_inet_ntop(AF_INET6, a6, pa,
		    sizeof(pa)), inet_ntop(AF_INET6, a6, pb, sizeof(pb)));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inet_addr_classful),
		cmocka_unit_test(test_inet_aton_exact_and_none),
		cmocka_unit_test(test_inet_network),
		cmocka_unit_test(test_inet_makeaddr_classes),
		cmocka_unit_test(test_inet_lnaof_netof_classes),
		cmocka_unit_test(test_inet_ntoa_pton_ntop),
		cmocka_unit_test(test_inet_text_like_glibc),
		cmocka_unit_test(test_inet_numbers_like_glibc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
