/*
 * Reassembly (ip_reass.c): out of order, duplicates, overlaps, missing
 * pieces and the timeout with its ICMP, the memory bound, endless and
 * oversized fragment streams.
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
	uint8_t data[4096];
};

static int
setup(void **state)
{
	static struct fix f;
	size_t i;

	memset(&f, 0, sizeof(f));
	sim_pair(&f.net, 5, NULL);
	sim_sink_register(f.net.a, SIM_PROTO, &f.sink);
	sim_raw_register(f.net.b, &f.braw);
	for (i = 0; i < sizeof(f.data); i++)
		f.data[i] = (uint8_t)(i ^ (i >> 8));
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

/* Injects bytes [off, off+len) of f->data as a fragment of datagram id. */
static void
frag(struct fix *f, uint16_t id, unsigned off, unsigned len, int more)
{
	uint8_t b[4200];
	size_t n = sim_build_ip(b, f->net.baddr, f->net.aaddr, SIM_PROTO, 64, id,
	    (uint16_t)((more ? IP_MF : 0) | off / 8), f->data + off, len);

	sim_inject_ip(f->net.aif, b, n, 0);
}

static void
test_ip_reass_out_of_order(void **state)
{
	struct fix *f = *state;

	frag(f, 1, 2048, 1000, 0);
	frag(f, 1, 1024, 1024, 1);
	assert_int_equal(f->sink.ss_count, 0);
	frag(f, 1, 0, 1024, 1);
	assert_int_equal(f->sink.ss_count, 1);
	assert_int_equal(f->sink.ss_len, 3048);
	assert_memory_equal(f->sink.ss_data, f->data, 3048);
	assert_int_equal(f->sink.ss_ip.ip_off, 0);
	assert_int_equal(IPS(f).ips_reassembled, 1);
	assert_null(HINET(f->net.a)->ih_reass);
	assert_int_equal(HINET(f->net.a)->ih_reass_bytes, 0);
}

static void
test_ip_reass_duplicate(void **state)
{
	struct fix *f = *state;

	frag(f, 2, 0, 512, 1);
	frag(f, 2, 0, 512, 1);
	assert_int_equal(IPS(f).ips_fragdropped, 1);
	frag(f, 2, 512, 100, 0);
	assert_int_equal(f->sink.ss_count, 1);
	assert_memory_equal(f->sink.ss_data, f->data, 612);
}

/* Any overlap other than an exact duplicate drops the whole datagram. */
static void
test_ip_reass_overlap(void **state)
{
	struct fix *f = *state;

	frag(f, 3, 0, 512, 1);
	frag(f, 3, 256, 512, 1);
	assert_null(HINET(f->net.a)->ih_reass);
	assert_int_equal(IPS(f).ips_fragdropped, 2);
	frag(f, 3, 768, 8, 0);
	sim_run(f->net.st, 60 * NS_PER_SEC);
	assert_int_equal(f->sink.ss_count, 0);

	/* A last fragment that disagrees with one already held. */
	frag(f, 4, 1024, 512, 1);
	frag(f, 4, 512, 256, 0);
	assert_null(HINET(f->net.a)->ih_reass);
	assert_int_equal(f->sink.ss_count, 0);
}

/* A piece missing: timeout; time exceeded only if the first came. */
static void
test_ip_reass_missing_timeout(void **state)
{
	struct fix *f = *state;

	frag(f, 5, 0, 512, 1);
	frag(f, 5, 1024, 512, 0);
	frag(f, 6, 512, 512, 1);		/* no first fragment */
	sim_run(f->net.st, IPFRAG_TTL - NS_PER_SEC);
	assert_non_null(HINET(f->net.a)->ih_reass);
	sim_run(f->net.st, 2 * NS_PER_SEC);
	assert_null(HINET(f->net.a)->ih_reass);
	assert_int_equal(IPS(f).ips_fragtimeout, 3);
	sim_run(f->net.st, NS_PER_SEC);
	assert_int_equal(f->braw.sr_types[ICMP_TIMXCEED], 1);
	assert_int_equal(f->braw.sr_last_code, ICMP_TIMXCEED_REASS);
	assert_int_equal(f->sink.ss_count, 0);
}

static void
test_ip_reass_memory_bound(void **state)
{
	struct fix *f = *state;
	uint16_t id;

	HINET(f->net.a)->ih_reass_limit = 16 * 1024;
	for (id = 100; id < 140; id++)
		frag(f, id, 0, 512, 1);
	assert_true(HINET(f->net.a)->ih_reass_bytes <= 16 * 1024);
	assert_true(IPS(f).ips_fragmemory > 0);
	/* The newest survive: complete the last one. */
	frag(f, 139, 512, 8, 0);
	assert_int_equal(f->sink.ss_count, 1);
}

/* An endless stream of fragments of one datagram is cut off. */
static void
test_ip_reass_endless(void **state)
{
	struct fix *f = *state;
	unsigned i;

	for (i = 0; i < IPFRAG_MAXFRAGS + 10; i++)
		frag(f, 7, i * 8, 8, 1);
	assert_true(IPS(f).ips_fragdropped >= IPFRAG_MAXFRAGS);
	assert_true(HINET(f->net.a)->ih_reass == NULL ||
	    HINET(f->net.a)->ih_reass->ipq_nfrags < IPFRAG_MAXFRAGS);
}

/* Beyond 65535 bytes ("ping of death"), and bad fragment sizes. */
static void
test_ip_reass_toolong_and_badsize(void **state)
{
	struct fix *f = *state;
	uint8_t b[600];
	size_t n = sim_build_ip(b, f->net.baddr, f->net.aaddr, SIM_PROTO, 64, 8,
	    (uint16_t)(IP_MF | 8189), f->data, 512);

	sim_inject_ip(f->net.aif, b, n, 0);
	assert_int_equal(IPS(f).ips_toolong, 1);
	frag(f, 9, 0, 100, 1);		/* not a multiple of 8 */
	assert_int_equal(IPS(f).ips_fragdropped, 1);
	assert_null(HINET(f->net.a)->ih_reass);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
		T(test_ip_reass_out_of_order),
		T(test_ip_reass_duplicate),
		T(test_ip_reass_overlap),
		T(test_ip_reass_missing_timeout),
		T(test_ip_reass_memory_bound),
		T(test_ip_reass_endless),
		T(test_ip_reass_toolong_and_badsize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
