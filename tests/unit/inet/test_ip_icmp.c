/*
 * ICMP (RFC 792; RFC 1122 §3.2.2): echo, the rules on when an error must
 * not be sent, the rate limit, and errors handed to the protocol above.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../sim/sim.h"

struct fix {
	struct sim_pair net;		/* arpa 10.0.0.1, cad 10.0.0.2 */
	struct sim_raw araw, braw;
	struct sim_sink bsink;
	uint32_t aaddr, baddr;
};

static int
setup(void **state)
{
	static struct fix f;

	memset(&f, 0, sizeof(f));
	sim_pair(&f.net, 9, NULL);
	sim_raw_register(f.net.a, &f.araw);
	sim_raw_register(f.net.b, &f.braw);
	sim_sink_register(f.net.b, SIM_PROTO, &f.bsink);
	sim_run(f.net.st, NS_PER_SEC);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	sim_pair_free(&((struct fix *)*state)->net);
	return 0;
}

#define ICPS(h)	(HINET(h)->ih_icmpstat)

static void
test_ip_icmp_echo(void **state)
{
	struct fix *f = *state;

	assert_int_equal(sim_ping(f->net.b, f->net.aaddr, 1, 42, 100), 0);
	sim_run(f->net.st, NS_PER_SEC);
	assert_int_equal(f->braw.sr_types[ICMP_ECHOREPLY], 1);
	assert_int_equal(f->braw.sr_last_seq, 42);
	assert_int_equal(f->braw.sr_last_len, 108);
	assert_int_equal(ICPS(f->net.a).icps_inhist[ICMP_ECHO], 1);
	assert_int_equal(ICPS(f->net.a).icps_reflect, 1);
}

/* A broadcast echo is answered from the interface's own address. */
static void
test_ip_icmp_echo_broadcast(void **state)
{
	struct fix *f = *state;
	uint8_t m[64], d[128];
	size_t n = sim_build_icmp(m, ICMP_ECHO, 0, 5, "abc", 3);

	n = sim_build_ip(d, f->net.baddr, sim_addr("10.0.0.255"), IPPROTO_ICMP, 64,
	    1, 0, m, n);
	sim_inject_ip(f->net.aif, d, n, 1);
	sim_run(f->net.st, NS_PER_SEC);
	assert_int_equal(f->braw.sr_types[ICMP_ECHOREPLY], 1);
	assert_int_equal(f->braw.sr_last_src, f->net.aaddr);
}

static void
test_ip_icmp_bad_input(void **state)
{
	struct fix *f = *state;
	uint8_t m[64], d[128];
	size_t n;

	n = sim_build_icmp(m, ICMP_ECHO, 0, 5, "abc", 3);
	m[9] ^= 0xff;
	n = sim_build_ip(d, f->net.baddr, f->net.aaddr, IPPROTO_ICMP, 64, 1, 0, m, n);
	sim_inject_ip(f->net.aif, d, n, 0);
	assert_int_equal(ICPS(f->net.a).icps_checksum, 1);
	n = sim_build_ip(d, f->net.baddr, f->net.aaddr, IPPROTO_ICMP, 64, 1, 0, m, 4);
	sim_inject_ip(f->net.aif, d, n, 0);
	assert_int_equal(ICPS(f->net.a).icps_tooshort, 1);
	n = sim_build_icmp(m, ICMP_UNREACH, 99, 0, "0123456789012345678901234567",
	    28);
	n = sim_build_ip(d, f->net.baddr, f->net.aaddr, IPPROTO_ICMP, 64, 1, 0, m, n);
	sim_inject_ip(f->net.aif, d, n, 0);
	assert_int_equal(ICPS(f->net.a).icps_badcode, 1);
	n = sim_build_icmp(m, ICMP_UNREACH, 3, 0, "0123", 4);
	n = sim_build_ip(d, f->net.baddr, f->net.aaddr, IPPROTO_ICMP, 64, 1, 0, m, n);
	sim_inject_ip(f->net.aif, d, n, 0);
	assert_int_equal(ICPS(f->net.a).icps_badlen, 1);
	sim_run(f->net.st, NS_PER_SEC);
	assert_int_equal(f->braw.sr_count, 0);
}

/* Sends b a protocol-unreachable-worthy datagram (protocol 200) from b. */
static void
noproto(struct fix *f, uint32_t src, uint32_t dst, uint16_t off, int llb,
    uint8_t proto, const void *payload, size_t len)
{
	uint8_t d[128];
	size_t n = sim_build_ip(d, src, dst, proto, 64, 3, off, payload, len);

	sim_inject_ip(f->net.aif, d, n, llb);
}

/* RFC 1122 §3.2.2: the datagrams no error may be sent about. */
static void
test_ip_icmp_error_rules(void **state)
{
	struct fix *f = *state;
	uint8_t err[36];
	size_t n;

	noproto(f, f->net.baddr, f->net.aaddr, 0, 0, 200, "12345678", 8);
	assert_int_equal(ICPS(f->net.a).icps_outhist[ICMP_UNREACH], 1);
	/* Broadcast, link or IP. */
	noproto(f, f->net.baddr, f->net.aaddr, 0, 1, 200, "12345678", 8);
	noproto(f, f->net.baddr, IN_BROADCAST, 0, 0, 200, "12345678", 8);
	assert_int_equal(ICPS(f->net.a).icps_bmcast, 2);
	/* A fragment other than the first (it is reassembled... never). */
	icmp_error_bytes(f->net.a, (const uint8_t *)"\x45\0\0\x1c\0\3\0\x10"
	    "\x40\xc8\0\0\x0a\0\0\x02\x0a\0\0\x01" "12345678", 28, 0, f->net.aif,
	    ICMP_UNREACH, ICMP_UNREACH_PROTOCOL, 0);
	assert_int_equal(ICPS(f->net.a).icps_notfirst, 1);
	/* A source that is no single host. */
	noproto(f, IN_ANY, f->net.aaddr, 0, 0, 200, "12345678", 8);
	assert_int_equal(ICPS(f->net.a).icps_badsrc, 1);
	/* An ICMP error: ask for a time exceeded about an unreachable. */
	n = sim_build_icmp(err, ICMP_UNREACH, 3, 0,
	    "\x45\0\0\x1c\0\3\0\0\x40\x11\0\0\x0a\0\0\x01\x0a\0\0\x02", 20);
	{
		uint8_t d[128];
		size_t dn = sim_build_ip(d, f->net.baddr, f->net.aaddr, IPPROTO_ICMP,
		    64, 3, 0, err, n);

		icmp_error_bytes(f->net.a, d, dn, 0, f->net.aif, ICMP_TIMXCEED, 0, 0);
	}
	assert_int_equal(ICPS(f->net.a).icps_oldicmp, 1);
	/* But about an echo request (a query) an error is fine. */
	n = sim_build_icmp(err, ICMP_ECHO, 0, 0, NULL, 0);
	{
		uint8_t d[128];
		size_t dn = sim_build_ip(d, f->net.baddr, f->net.aaddr, IPPROTO_ICMP,
		    64, 3, 0, err, n);

		icmp_error_bytes(f->net.a, d, dn, 0, f->net.aif, ICMP_TIMXCEED, 0, 0);
	}
	assert_int_equal(ICPS(f->net.a).icps_outhist[ICMP_TIMXCEED], 1);
	sim_run(f->net.st, NS_PER_SEC);
	assert_int_equal(f->braw.sr_types[ICMP_UNREACH], 1);
	assert_int_equal(f->braw.sr_types[ICMP_TIMXCEED], 1);
}

/* A burst of ICMP_BURST, then ICMP_RATE a second. */
static void
test_ip_icmp_ratelimit(void **state)
{
	struct fix *f = *state;
	int i;

	for (i = 0; i < 50; i++)
		noproto(f, f->net.baddr, f->net.aaddr, 0, 0, 200, "12345678", 8);
	assert_int_equal(ICPS(f->net.a).icps_outhist[ICMP_UNREACH], ICMP_BURST);
	assert_int_equal(ICPS(f->net.a).icps_ratelimited, 50 - ICMP_BURST);
	sim_run(f->net.st, 50 * NS_PER_MS);		/* 5 more tokens */
	for (i = 0; i < 50; i++)
		noproto(f, f->net.baddr, f->net.aaddr, 0, 0, 200, "12345678", 8);
	assert_int_equal(ICPS(f->net.a).icps_outhist[ICMP_UNREACH],
	    ICMP_BURST + ICMP_RATE / 20);
	sim_run(f->net.st, NS_PER_SEC);
	assert_int_equal(f->braw.sr_types[ICMP_UNREACH],
	    ICMP_BURST + ICMP_RATE / 20);
}

/* An error reaches the protocol of the datagram it quotes. */
static void
test_ip_icmp_ctlinput(void **state)
{
	struct fix *f = *state;

	assert_int_equal(sim_send(f->net.b, f->net.aaddr, SIM_PROTO, "ports!!!", 8, 0),
	    0);
	sim_run(f->net.st, NS_PER_SEC);
	assert_int_equal(f->bsink.ss_ctl, 1);
	assert_int_equal(f->bsink.ss_lastctl.ic_prc, PRC_UNREACH_PROTOCOL);
	assert_int_equal(f->bsink.ss_lastctl.ic_src, f->net.baddr);
	assert_int_equal(f->bsink.ss_lastctl.ic_dst, f->net.aaddr);
	assert_int_equal(f->bsink.ss_lastctl.ic_hdrlen, 8);
	assert_int_equal(prc_errno(PRC_UNREACH_PROTOCOL), ECONNREFUSED);
	assert_int_equal(prc_errno(PRC_UNREACH_PORT), ECONNREFUSED);
	assert_int_equal(prc_errno(PRC_UNREACH_HOST), EHOSTUNREACH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
		T(test_ip_icmp_echo),
		T(test_ip_icmp_echo_broadcast),
		T(test_ip_icmp_bad_input),
		T(test_ip_icmp_error_rules),
		T(test_ip_icmp_ratelimit),
		T(test_ip_icmp_ctlinput),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
