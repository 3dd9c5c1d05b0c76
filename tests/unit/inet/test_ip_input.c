/*
 * ip_input's checks (RFC 791 §3.1; RFC 1122 §3.2.1): each malformed or
 * unacceptable datagram is dropped and counted under its own reason, and
 * the good ones reach the protocol registered for their number.
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
	struct sim_sink sink;
	struct sim_raw braw;
	uint32_t aaddr, baddr;
};

static int
setup(void **state)
{
	static struct fix f;

	memset(&f, 0, sizeof(f));
	sim_pair(&f.net, 1, NULL);
	sim_sink_register(f.net.a, SIM_PROTO, &f.sink);
	sim_raw_register(f.net.b, &f.braw);
	sim_run(f.net.st, NS_PER_SEC);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	sim_pair_free(&f->net);
	return 0;
}

#define IPS(f)	(HINET((f)->net.a)->ih_ipstat)

static size_t
good(struct fix *f, uint8_t *b, size_t plen)
{
	uint8_t payload[64];

	memset(payload, 'x', sizeof(payload));
	return sim_build_ip(b, f->net.baddr, f->net.aaddr, SIM_PROTO, 64, 1, 0,
	    payload, plen);
}

static void
test_ip_input_good_delivered(void **state)
{
	struct fix *f = *state;
	uint8_t b[128];
	size_t n = good(f, b, 32);

	sim_inject_ip(f->net.aif, b, n, 0);
	assert_int_equal(f->sink.ss_count, 1);
	assert_int_equal(f->sink.ss_len, 32);
	assert_int_equal(f->sink.ss_ip.ip_src, f->net.baddr);
	assert_int_equal(IPS(f).ips_delivered, 1);
}

static void
test_ip_input_padding_trimmed(void **state)
{
	struct fix *f = *state;
	uint8_t b[128];
	size_t n = good(f, b, 6);

	memset(b + n, 0, 20);		/* Ethernet pads to 46 bytes */
	sim_inject_ip(f->net.aif, b, n + 20, 0);
	assert_int_equal(f->sink.ss_count, 1);
	assert_int_equal(f->sink.ss_len, 6);
}

static void
test_ip_input_tooshort(void **state)
{
	struct fix *f = *state;
	uint8_t b[128];

	good(f, b, 8);
	sim_inject_ip(f->net.aif, b, 19, 0);
	assert_int_equal(IPS(f).ips_tooshort, 1);
	assert_int_equal(f->sink.ss_count, 0);
}

static void
test_ip_input_badvers(void **state)
{
	struct fix *f = *state;
	uint8_t b[128];
	size_t n = good(f, b, 8);

	b[0] = (uint8_t)(6 << 4 | 5);
	sim_fix_ipsum(b);
	sim_inject_ip(f->net.aif, b, n, 0);
	assert_int_equal(IPS(f).ips_badvers, 1);
}

static void
test_ip_input_badhlen(void **state)
{
	struct fix *f = *state;
	uint8_t b[128];
	size_t n = good(f, b, 8);

	b[0] = 4 << 4 | 4;		/* 16 bytes: less than minimal */
	sim_inject_ip(f->net.aif, b, n, 0);
	b[0] = 4 << 4 | 15;		/* 60 bytes: beyond the 28 there */
	sim_inject_ip(f->net.aif, b, n, 0);
	assert_int_equal(IPS(f).ips_badhlen, 2);
}

static void
test_ip_input_badlen(void **state)
{
	struct fix *f = *state;
	uint8_t b[128];
	size_t n = good(f, b, 8);

	b[2] = 0;
	b[3] = 19;			/* total length < header length */
	sim_fix_ipsum(b);
	sim_inject_ip(f->net.aif, b, n, 0);
	assert_int_equal(IPS(f).ips_badlen, 1);
}

static void
test_ip_input_truncated(void **state)
{
	struct fix *f = *state;
	uint8_t b[128];
	size_t n = good(f, b, 8);

	sim_inject_ip(f->net.aif, b, n - 1, 0);
	assert_int_equal(IPS(f).ips_truncated, 1);
}

static void
test_ip_input_badsum(void **state)
{
	struct fix *f = *state;
	uint8_t b[128];
	size_t n = good(f, b, 8);

	b[8] ^= 1;			/* TTL changed, checksum not */
	sim_inject_ip(f->net.aif, b, n, 0);
	assert_int_equal(IPS(f).ips_badsum, 1);
	assert_int_equal(f->sink.ss_count, 0);
}

static void
test_ip_input_options(void **state)
{
	struct fix *f = *state;
	uint8_t b[128];
	struct ip_hdr ip;
	uint8_t opts[4] = { IPOPT_NOP, 0x88, 2, IPOPT_EOL };	/* stream id-ish */

	memset(&ip, 0, sizeof(ip));
	ip.ip_hl = 24;
	ip.ip_len = 24 + 4;
	ip.ip_ttl = 9;
	ip.ip_p = SIM_PROTO;
	ip.ip_src = f->net.baddr;
	ip.ip_dst = f->net.aaddr;
	ip.ip_opts = opts;
	ip.ip_optlen = 4;
	ip_emit(&ip, b);
	memcpy(b + 24, "abcd", 4);
	sim_inject_ip(f->net.aif, b, 28, 0);
	assert_int_equal(f->sink.ss_count, 1);	/* skipped safely */
	assert_int_equal(f->sink.ss_len, 4);
	assert_memory_equal(f->sink.ss_data, "abcd", 4);

	opts[1] = 0x44;			/* timestamp option, length 0 */
	opts[2] = 0;
	ip_emit(&ip, b);
	sim_inject_ip(f->net.aif, b, 28, 0);
	assert_int_equal(IPS(f).ips_badoptions, 1);
	opts[2] = 9;			/* runs past the header */
	ip_emit(&ip, b);
	sim_inject_ip(f->net.aif, b, 28, 0);
	assert_int_equal(IPS(f).ips_badoptions, 2);
	assert_int_equal(f->sink.ss_count, 1);
}

static void
inject_from_to(struct fix *f, uint32_t src, uint32_t dst, int llbcast)
{
	uint8_t b[64];
	size_t n = sim_build_ip(b, src, dst, SIM_PROTO, 64, 7, 0, "hi", 2);

	sim_inject_ip(f->net.aif, b, n, llbcast);
}

static void
test_ip_input_badsrc(void **state)
{
	struct fix *f = *state;

	inject_from_to(f, IN_BROADCAST, f->net.aaddr, 0);
	inject_from_to(f, sim_addr("224.0.0.1"), f->net.aaddr, 0);
	inject_from_to(f, sim_addr("240.0.0.1"), f->net.aaddr, 0);
	inject_from_to(f, sim_addr("10.0.0.255"), f->net.aaddr, 0);
	assert_int_equal(IPS(f).ips_badsrc, 4);
	assert_int_equal(f->sink.ss_count, 0);
}

static void
test_ip_input_martian(void **state)
{
	struct fix *f = *state;

	inject_from_to(f, IN_LOOPBACK, f->net.aaddr, 0);
	inject_from_to(f, f->net.baddr, IN_LOOPBACK, 0);
	assert_int_equal(IPS(f).ips_martian, 2);
	assert_int_equal(f->sink.ss_count, 0);
}

static void
test_ip_input_multicast(void **state)
{
	struct fix *f = *state;

	/* RFC 1112 §7.2: a group the host did not join is dropped and counted; */
	inject_from_to(f, f->net.baddr, sim_addr("239.1.2.3"), 0);
	assert_int_equal(IPS(f).ips_multicast, 1);
	/* all-hosts (224.0.0.1) is joined on every interface (§4). */
	inject_from_to(f, f->net.baddr, sim_addr("224.0.0.1"), 0);
	assert_int_equal(IPS(f).ips_multicast, 1);
}

static void
test_ip_input_notforus(void **state)
{
	struct fix *f = *state;

	inject_from_to(f, f->net.baddr, sim_addr("10.9.9.9"), 0);
	assert_int_equal(IPS(f).ips_notforus, 1);
	/* A link broadcast to a unicast address is not forwarded either. */
	inject_from_to(f, f->net.baddr, sim_addr("10.9.9.9"), 1);
	assert_int_equal(IPS(f).ips_nobcastfwd, 1);
	assert_int_equal(f->sink.ss_count, 0);
}

/* RFC 1122 §3.3.6: limited, directed and old-style broadcasts are ours. */
static void
test_ip_input_broadcasts(void **state)
{
	struct fix *f = *state;

	inject_from_to(f, f->net.baddr, IN_BROADCAST, 1);
	inject_from_to(f, f->net.baddr, sim_addr("10.0.0.255"), 1);
	inject_from_to(f, f->net.baddr, sim_addr("10.0.0.0"), 1);
	inject_from_to(f, f->net.baddr, IN_ANY, 1);
	assert_int_equal(f->sink.ss_count, 4);
	assert_int_equal(f->sink.ss_bcast, 4);
}

/* No protocol: protocol unreachable back to the source; none for bcast. */
static void
test_ip_input_noproto(void **state)
{
	struct fix *f = *state;
	uint8_t b[64];
	size_t n = sim_build_ip(b, f->net.baddr, f->net.aaddr, 200, 64, 9, 0, "zz", 2);

	sim_inject_ip(f->net.aif, b, n, 0);
	assert_int_equal(IPS(f).ips_noproto, 1);
	sim_run(f->net.st, NS_PER_SEC);
	assert_int_equal(f->braw.sr_types[ICMP_UNREACH], 1);
	assert_int_equal(f->braw.sr_last_code, ICMP_UNREACH_PROTOCOL);
	assert_int_equal(f->braw.sr_last_src, f->net.aaddr);

	n = sim_build_ip(b, f->net.baddr, IN_BROADCAST, 200, 64, 9, 0, "zz", 2);
	sim_inject_ip(f->net.aif, b, n, 1);
	sim_run(f->net.st, NS_PER_SEC);
	assert_int_equal(IPS(f).ips_noproto, 2);
	assert_int_equal(f->braw.sr_types[ICMP_UNREACH], 1);
	assert_int_equal(HINET(f->net.a)->ih_icmpstat.icps_bmcast, 1);
}

static void
test_ip_input_proto_table(void **state)
{
	struct fix *f = *state;
	struct ip_protosw pr = { 0 };
	struct sim_sink other;

	/* The slot is taken; 255 is reserved. */
	pr.pr_input = NULL;
	pr.pr_ctlinput = NULL;
	memset(&other, 0, sizeof(other));
	pr.pr_arg = &other;
	pr.pr_input = icmp_input;
	assert_int_equal(ip_proto_register(f->net.a, SIM_PROTO, &pr), EEXIST);
	assert_int_equal(ip_proto_register(f->net.a, 255, &pr), EINVAL);
	assert_int_equal(ip_proto_unregister(f->net.a, SIM_PROTO), 0);
	assert_int_equal(ip_proto_unregister(f->net.a, SIM_PROTO), ENOENT);
	assert_int_equal(ip_proto_register(f->net.a, IPPROTO_ICMP,
	    &(struct ip_protosw){ .pr_input = icmp_input }), EEXIST);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
		T(test_ip_input_good_delivered),
		T(test_ip_input_padding_trimmed),
		T(test_ip_input_tooshort),
		T(test_ip_input_badvers),
		T(test_ip_input_badhlen),
		T(test_ip_input_badlen),
		T(test_ip_input_truncated),
		T(test_ip_input_badsum),
		T(test_ip_input_options),
		T(test_ip_input_badsrc),
		T(test_ip_input_martian),
		T(test_ip_input_multicast),
		T(test_ip_input_notforus),
		T(test_ip_input_broadcasts),
		T(test_ip_input_noproto),
		T(test_ip_input_proto_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
