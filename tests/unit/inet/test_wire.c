/*
 * Wire formats: the RFC 1071 checksum, UDP and TCP headers (options
 * included) through emit and parse, and the refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../sim/sim.h"
#include "inet/igmp.h"
#include "inet/in_cksum.h"
#include "inet/tcp.h"
#include "inet/udp.h"

#define SRC	IN_ADDR(10, 0, 0, 1)
#define DST	IN_ADDR(10, 0, 0, 2)

/* RFC 1071 §3's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2. */
static void
test_wire_cksum(void **state)
{
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
	    0xf6, 0xf7 };
	uint32_t sum = in_cksum_add(0, b, sizeof(b));

	assert_int_equal(in_cksum_fold(sum), (uint16_t)~0xddf2);
	/* Odd length: the last byte is padded with zero. */
	assert_int_equal(in_cksum(b, 3), (uint16_t)~(0x0001 + 0xf200));
}

static void
test_wire_udp(void **state)
{
	uint8_t b[64];
	struct udp_hdr uh = { .uh_sport = 513, .uh_dport = 513,
	    .uh_ulen = UDP_HDRLEN + 5 }, got;

	memcpy(b + UDP_HDRLEN, "hello", 5);
	udp_emit(&uh, b, SRC, DST, 1);
	assert_int_equal(udp_parse(b, uh.uh_ulen, SRC, DST, &got), UDPE_OK);
	assert_int_equal(got.uh_sport, 513);
	assert_int_equal(got.uh_ulen, 13);
	assert_true(got.uh_sum != 0);
	/* The pseudo-header counts: another destination fails. */
	assert_int_equal(udp_parse(b, 13, SRC, DST + 1, &got), UDPE_BADSUM);
	b[9] ^= 1;
	assert_int_equal(udp_parse(b, 13, SRC, DST, &got), UDPE_BADSUM);
	/* No checksum sent: not checked. */
	udp_emit(&uh, b, SRC, DST, 0);
	assert_int_equal(udp_parse(b, 13, SRC, DST + 1, &got), UDPE_OK);
	assert_int_equal(udp_parse(b, 7, SRC, DST, &got), UDPE_TOOSHORT);
	assert_int_equal(udp_parse(b, 12, SRC, DST, &got), UDPE_BADLEN);
}

static void
test_wire_tcp_options(void **state)
{
	uint8_t b[128];
	struct tcp_seg ts, got;
	size_t hl;

	memset(&ts, 0, sizeof(ts));
	ts.th_sport = 1023;
	ts.th_dport = 513;
	ts.th_seq = 0x01020304;
	ts.th_ack = 0xfffffff0;
	ts.th_flags = TH_SYN | TH_ACK;
	ts.th_win = 65535;
	ts.to_flags = TOF_MSS | TOF_SCALE | TOF_SACKPERM | TOF_TS;
	ts.to_mss = 1460;
	ts.to_wscale = 7;
	ts.to_tsval = 11;
	ts.to_tsecr = 22;
	ts.th_datalen = 3;
	hl = tcp_hdrlen(&ts);
	assert_int_equal(hl, 40);
	memcpy(b + hl, "abc", 3);
	tcp_emit(&ts, b, SRC, DST);
	assert_int_equal(tcp_parse(b, hl + 3, SRC, DST, &got), TCPE_OK);
	assert_int_equal(got.th_off, 40);
	assert_int_equal(got.th_seq, 0x01020304);
	assert_int_equal(got.th_ack, 0xfffffff0);
	assert_int_equal(got.th_flags, TH_SYN | TH_ACK);
	assert_int_equal(got.to_flags, ts.to_flags);
	assert_int_equal(got.to_mss, 1460);
	assert_int_equal(got.to_wscale, 7);
	assert_int_equal(got.to_tsval, 11);
	assert_int_equal(got.to_tsecr, 22);
	assert_int_equal(got.th_datalen, 3);
	assert_memory_equal(got.th_data, "abc", 3);

	/* SACK blocks: with timestamps only three fit in 40 bytes. */
	memset(&ts, 0, sizeof(ts));
	ts.th_flags = TH_ACK;
	ts.to_flags = TOF_SACK | TOF_TS;
	ts.to_nsacks = 4;
	ts.to_sacks[0].start = 100;
	ts.to_sacks[0].end = 200;
	ts.to_sacks[2].end = 77;
	hl = tcp_hdrlen(&ts);
	assert_int_equal(hl, 20 + 12 + 4 + 24);
	tcp_emit(&ts, b, SRC, DST);
	assert_int_equal(tcp_parse(b, hl, SRC, DST, &got), TCPE_OK);
	assert_int_equal(got.to_nsacks, 3);
	assert_int_equal(got.to_sacks[0].end, 200);
	assert_int_equal(got.to_sacks[2].end, 77);
}

static void
refix(uint8_t *b, size_t len)
{
	uint16_t s;

	b[16] = b[17] = 0;
	s = in_cksum_fold(in_cksum_add(in_pseudo(SRC, DST, IPPROTO_TCP,
	    (uint16_t)len), b, len));
	b[16] = (uint8_t)(s >> 8);
	b[17] = (uint8_t)s;
}

static void
test_wire_tcp_refusals(void **state)
{
	uint8_t b[64];
	struct tcp_seg ts, got;

	memset(&ts, 0, sizeof(ts));
	ts.to_flags = TOF_MSS;
	ts.to_mss = 536;
	tcp_emit(&ts, b, SRC, DST);
	assert_int_equal(tcp_parse(b, 19, SRC, DST, &got), TCPE_TOOSHORT);
	assert_int_equal(tcp_parse(b, 24, SRC, DST + 1, &got), TCPE_BADSUM);
	b[12] = 4 << 4;
	assert_int_equal(tcp_parse(b, 24, SRC, DST, &got), TCPE_BADOFF);
	b[12] = 7 << 4;
	assert_int_equal(tcp_parse(b, 24, SRC, DST, &got), TCPE_BADOFF);
	/* A length running off the header. */
	b[12] = 6 << 4;
	b[21] = 9;
	refix(b, 24);
	assert_int_equal(tcp_parse(b, 24, SRC, DST, &got), TCPE_BADOPT);
	/* A known option of the wrong length is ignored; a huge scale
	 * is clamped (RFC 7323 §2.3). */
	memcpy(b + 20, "\x02\x03\x05\x01", 4);
	refix(b, 24);
	assert_int_equal(tcp_parse(b, 24, SRC, DST, &got), TCPE_OK);
	assert_false(got.to_flags & TOF_MSS);
	memcpy(b + 20, "\x03\x03\x1e\x00", 4);
	refix(b, 24);
	assert_int_equal(tcp_parse(b, 24, SRC, DST, &got), TCPE_OK);
	assert_int_equal(got.to_wscale, TCP_MAX_WINSHIFT);
}

/* RFC 2236 §2: an IGMPv2 report round-trips; a bad checksum or a short message is refused. */
static void
test_wire_igmp(void **state)
{
	struct igmp_hdr ig = { .ig_type = IGMP_V2_MEMBERSHIP_REPORT, .ig_group = 0xef050607u }, back;
	uint8_t b[IGMP_MINLEN];

	(void)state;
	igmp_emit(&ig, b);
	assert_int_equal(b[0], 0x16);
	assert_int_equal(b[4], 239);
	assert_int_equal(b[7], 7);
	assert_int_equal(igmp_parse(b, sizeof(b), &back), IGMPE_OK);
	assert_int_equal(back.ig_type, IGMP_V2_MEMBERSHIP_REPORT);
	assert_int_equal(back.ig_group, 0xef050607u);
	assert_int_equal(igmp_parse(b, 7, &back), IGMPE_TOOSHORT);
	b[7] ^= 1;
	assert_int_equal(igmp_parse(b, sizeof(b), &back), IGMPE_BADSUM);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wire_cksum),
		cmocka_unit_test(test_wire_udp),
		cmocka_unit_test(test_wire_igmp),
		cmocka_unit_test(test_wire_tcp_options),
		cmocka_unit_test(test_wire_tcp_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
