/*
 * The link layer's ethertype table (src/net/netisr.c): what a host starts
 * with, registering and removing a type, frames of a type no one took
 * (type 0 among them, which once matched an empty slot), and loopback
 * handing its datagrams on through the table rather than to IP by name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../sim/sim.h"
#include "net/net_host.h"
#include "net/netisr.h"

#define ETHERTYPE_TEST	0x88b5	/* IEEE 802 local experimental */

struct fix {
	struct stack *st;
	struct host *a;
	struct ifnet *aif;
};

/* What the test protocol was handed (one fixture at a time). */
static struct {
	unsigned count;
	struct ifnet *ifp;
	size_t len;
	uint8_t first;
} got;

static void
test_input(struct ifnet *ifp, struct pkt *p)
{
	got.count++;
	got.ifp = p->pk_ifp;
	got.len = p->pk_len;
	got.first = p->pk_len > 0 ? p->pk_data[0] : 0;
	(void)ifp;
	pkt_free(p);
}

static int
setup(void **state)
{
	static struct fix f;

	memset(&f, 0, sizeof(f));
	memset(&got, 0, sizeof(got));
	f.st = sim_stack(12);
	f.a = sim_host(f.st, "arpa");
	f.aif = sim_ifattach(f.a, sim_seg(f.st, "lan"), "en0", "10.0.0.1/24");
	sim_run(f.st, NS_PER_SEC);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	stack_destroy(((struct fix *)*state)->st);
	return 0;
}

static void
inject(struct fix *f, uint16_t type, const char *body)
{
	uint8_t frame[64], src[6] = { 2, 0, 0, 0, 0, 9 };
	size_t n;

	n = sim_build_eth(frame, f->aif->if_lladdr, src, type, body,
	    strlen(body));
	sim_inject_frame(f->aif, frame, n);
}

static void
test_host_starts_with_arp_and_ip(void **state)
{
	struct fix *f = *state;

	assert_int_equal(HNET(f->a)->nh_nisr, 2);
	assert_int_equal(netisr_register(f->a, ETHERTYPE_ARP, test_input),
	    EEXIST);
	assert_int_equal(netisr_register(f->a, ETHERTYPE_IP, test_input),
	    EEXIST);
	assert_int_equal(netisr_register(f->a, ETHERTYPE_TEST, NULL), EINVAL);
	assert_int_equal(netisr_unregister(f->a, ETHERTYPE_TEST), ENOENT);
}

static void
test_registered_type_gets_payload(void **state)
{
	struct fix *f = *state;

	inject(f, ETHERTYPE_TEST, "payload");
	assert_int_equal(got.count, 0);
	assert_int_equal(f->aif->if_noproto, 1);

	assert_int_equal(netisr_register(f->a, ETHERTYPE_TEST, test_input), 0);
	inject(f, ETHERTYPE_TEST, "payload");
	assert_int_equal(got.count, 1);
	assert_ptr_equal(got.ifp, f->aif);
	assert_int_equal(got.first, 'p');
	/* The payload alone: the Ethernet header is gone. */
	assert_int_equal(got.len, strlen("payload"));
	assert_int_equal(f->aif->if_noproto, 1);

	assert_int_equal(netisr_unregister(f->a, ETHERTYPE_TEST), 0);
	inject(f, ETHERTYPE_TEST, "payload");
	assert_int_equal(got.count, 1);
	assert_int_equal(f->aif->if_noproto, 2);
}

static void
test_unclaimed_types_counted(void **state)
{
	struct fix *f = *state;

	/* Type 0 must not find an empty slot. */
	inject(f, 0, "x");
	inject(f, 0x86dd, "x");
	assert_int_equal(f->aif->if_noproto, 2);
	assert_int_equal(got.count, 0);
}

static void
test_table_full(void **state)
{
	struct fix *f = *state;
	static struct sim_raw raw;
	uint16_t t;

	for (t = 0; HNET(f->a)->nh_nisr < NETISR_MAX; t++)
		assert_int_equal(netisr_register(f->a, 0x9000 + t, test_input),
		    0);
	assert_int_equal(netisr_register(f->a, ETHERTYPE_TEST, test_input),
	    ENOSPC);
	/* Removing one from the middle keeps the others reachable. */
	assert_int_equal(netisr_unregister(f->a, ETHERTYPE_ARP), 0);
	assert_int_equal(netisr_register(f->a, ETHERTYPE_TEST, test_input), 0);
	inject(f, ETHERTYPE_TEST, "t");
	inject(f, 0x9000, "n");
	assert_int_equal(got.count, 2);
	assert_int_equal(got.first, 'n');
	inject(f, ETHERTYPE_ARP, "a");
	assert_int_equal(f->aif->if_noproto, 1);
	/* IP is still found: a ping to the host's own address comes back. */
	memset(&raw, 0, sizeof(raw));
	sim_raw_register(f->a, &raw);
	assert_int_equal(sim_ping(f->a, sim_addr("127.0.0.1"), 1, 1, 8), 0);
	sim_run(f->st, NS_PER_MS);
	assert_int_equal(raw.sr_types[ICMP_ECHOREPLY], 1);
	assert_int_equal(HNET(f->a)->nh_lo->if_noproto, 0);
}

/* Loopback goes through the table too: without IP there, it counts. */
static void
test_loopback_dispatches_by_type(void **state)
{
	struct fix *f = *state;
	struct ifnet *lo = HNET(f->a)->nh_lo;
	uint64_t in = lo->if_ipackets;

	assert_int_equal(netisr_unregister(f->a, ETHERTYPE_IP), 0);
	assert_int_equal(netisr_register(f->a, ETHERTYPE_IP, test_input), 0);
	assert_int_equal(sim_ping(f->a, sim_addr("127.0.0.1"), 1, 1, 8), 0);
	sim_run(f->st, NS_PER_MS);
	assert_int_equal(got.count, 1);
	assert_ptr_equal(got.ifp, lo);
	assert_int_equal(got.first >> 4, 4);	/* an IPv4 header */
	assert_int_equal(lo->if_ipackets, in + 1);

	assert_int_equal(netisr_unregister(f->a, ETHERTYPE_IP), 0);
	assert_int_equal(sim_ping(f->a, sim_addr("127.0.0.1"), 1, 2, 8), 0);
	sim_run(f->st, NS_PER_MS);
	assert_int_equal(got.count, 1);
	assert_int_equal(lo->if_noproto, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
		T(test_host_starts_with_arp_and_ip),
		T(test_registered_type_gets_payload),
		T(test_unclaimed_types_counted),
		T(test_table_full),
		T(test_loopback_dispatches_by_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
