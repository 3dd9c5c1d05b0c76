/*
 * Ethernet input filtering and ARP (RFC 826): request and reply, the
 * hold queue bound, expiry, gratuitous announcements, the sanity checks,
 * and the listing, permanent and delete operations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../sim/sim.h"


static int
setup(void **state)
{
	static struct sim_pair f;	/* arpa 10.0.0.1, cad 10.0.0.2 */

	sim_pair(&f, 11, NULL);
	sim_run(f.st, NS_PER_SEC);
	/* Count from here: the announcements of bringing up are done. */
	memset(&HNET(f.a)->nh_arpstat, 0, sizeof(struct arpstat));
	memset(&HNET(f.b)->nh_arpstat, 0, sizeof(struct arpstat));
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	sim_pair_free(*state);
	return 0;
}

#define AS(h)	(HNET(h)->nh_arpstat)

static void
test_arp_request_reply(void **state)
{
	struct sim_pair *f = *state;
	struct llinfo_arp *la;
	struct arp_info v[4];

	assert_null(arp_lookup(f->aif, f->baddr));
	assert_int_equal(sim_ping(f->a, f->baddr, 1, 1, 8), 0);
	la = arp_lookup(f->aif, f->baddr);
	assert_non_null(la);
	assert_int_equal(la->la_state, ARP_INCOMPLETE);
	assert_int_equal(la->la_hold.pq_len, 1);
	sim_run(f->st, NS_PER_MS);
	assert_int_equal(la->la_state, ARP_RESOLVED);
	assert_memory_equal(la->la_mac, f->bif->if_lladdr, ETHER_ADDR_LEN);
	assert_int_equal(la->la_hold.pq_len, 0);
	/* b learned a from the request, as the target (RFC 826). */
	assert_non_null(arp_lookup(f->bif, f->aaddr));
	assert_int_equal(AS(f->b).as_rxrequests, 1);
	assert_int_equal(AS(f->a).as_rxreplies, 1);
	assert_int_equal(arp_list(f->a, v, 4), 1);
	assert_int_equal(v[0].ai_ip, f->baddr);
	assert_string_equal(v[0].ai_ifname, "en0");
	assert_string_equal(arp_statename(v[0].ai_state), "resolved");
}

static void
test_arp_hold_queue_bound(void **state)
{
	struct sim_pair *f = *state;
	uint32_t nobody = sim_addr("10.0.0.77");
	struct llinfo_arp *la;
	int i;

	for (i = 0; i < ARP_MAXHOLD + 5; i++)
		assert_int_equal(sim_send(f->a, nobody, SIM_PROTO, "x", 1, 0), 0);
	la = arp_lookup(f->aif, nobody);
	assert_int_equal(la->la_hold.pq_len, ARP_MAXHOLD);
	assert_int_equal(AS(f->a).as_holddrops, 5);
	assert_int_equal(AS(f->a).as_txrequests, 1);
	sim_run(f->st, 3 * ARP_RETRANS + NS_PER_MS);
	assert_int_equal(AS(f->a).as_txrequests, 4);
	sim_run(f->st, 10 * NS_PER_SEC);
	assert_int_equal(la->la_state, ARP_FAILED);
	assert_int_equal(AS(f->a).as_timeouts, 1);
	sim_run(f->st, ARP_DOWN);
	assert_null(arp_lookup(f->aif, nobody));
}

static void
test_arp_expiry(void **state)
{
	struct sim_pair *f = *state;

	sim_ping(f->a, f->baddr, 1, 1, 8);
	sim_run(f->st, NS_PER_SEC);
	assert_non_null(arp_lookup(f->aif, f->baddr));
	sim_run(f->st, ARP_KEEP);
	assert_null(arp_lookup(f->aif, f->baddr));
	assert_int_equal(AS(f->a).as_expired, 1);
}

/* A gratuitous request updates caches that hold the sender. */
static void
test_arp_gratuitous(void **state)
{
	struct sim_pair *f = *state;
	struct llinfo_arp *la;
	uint64_t g = AS(f->a).as_gratuitous;

	sim_ping(f->b, f->aaddr, 1, 1, 8);
	sim_run(f->st, NS_PER_SEC);
	la = arp_lookup(f->bif, f->aaddr);
	assert_non_null(la);
	/* a's card is changed; taking it down and up announces it. */
	if_setflags(f->aif, f->aif->if_flags & ~IFF_UP);
	f->aif->if_lladdr[5] ^= 0x55;
	if_setflags(f->aif, f->aif->if_flags | IFF_UP);
	assert_int_equal(AS(f->a).as_gratuitous, g + 1);
	sim_run(f->st, NS_PER_MS);
	assert_memory_equal(la->la_mac, f->aif->if_lladdr, ETHER_ADDR_LEN);
	/* Adding an address to an up interface announces it too. */
	assert_int_equal(if_addr_add(f->aif, sim_addr("10.0.0.9"), 0xffffff00u,
	    0), 0);
	assert_int_equal(AS(f->a).as_gratuitous, g + 3);
}

static void
inject_arp(struct sim_pair *f, uint16_t op, const uint8_t *sha, uint32_t spa,
    uint32_t tpa)
{
	struct arp_pkt ap;
	uint8_t body[ARP_PKT_LEN], frame[64];
	size_t n;

	memset(&ap, 0, sizeof(ap));
	ap.ar_op = op;
	memcpy(ap.ar_sha, sha, ETHER_ADDR_LEN);
	ap.ar_spa = spa;
	ap.ar_tpa = tpa;
	arp_emit(&ap, body);
	n = sim_build_eth(frame, ether_broadcast, sha, ETHERTYPE_ARP, body,
	    sizeof(body));
	sim_inject_frame(f->aif, frame, n);
}

static void
test_arp_sanity(void **state)
{
	struct sim_pair *f = *state;
	uint8_t other[6] = { 2, 0, 0, 0, 0, 9 };
	uint8_t frame[64];
	size_t n;

	inject_arp(f, ARPOP_REQUEST_, f->aif->if_lladdr, f->baddr, f->aaddr);
	inject_arp(f, ARPOP_REQUEST_, ether_broadcast, f->baddr, f->aaddr);
	assert_int_equal(AS(f->a).as_badaddr, 2);
	inject_arp(f, ARPOP_REQUEST_, other, f->aaddr, f->aaddr);
	assert_int_equal(AS(f->a).as_dupaddr, 1);
	assert_null(arp_lookup(f->aif, f->aaddr));
	/* Short, and not Ethernet/IPv4. */
	n = sim_build_eth(frame, ether_broadcast, other, ETHERTYPE_ARP,
	    "\0\1\x08\0\6\4\0\1", 8);
	sim_inject_frame(f->aif, frame, n);
	assert_int_equal(AS(f->a).as_badlen, 1);
	n = sim_build_eth(frame, ether_broadcast, other, ETHERTYPE_ARP,
	    "\0\6\x08\0\6\4\0\1", 8);
	sim_inject_frame(f->aif, frame, n);
	assert_int_equal(AS(f->a).as_badproto, 1);
	/* A frame for another station, a multicast, a strange type. */
	n = sim_build_eth(frame, other, other, ETHERTYPE_IP, "x", 1);
	sim_inject_frame(f->aif, frame, n);
	frame[0] = 0x01;
	sim_inject_frame(f->aif, frame, n);
	assert_int_equal(f->aif->if_iqdrops, 2);
	n = sim_build_eth(frame, f->aif->if_lladdr, other, 0x86dd, "x", 1);
	sim_inject_frame(f->aif, frame, n);
	assert_int_equal(f->aif->if_noproto, 1);
	sim_inject_frame(f->aif, frame, 10);
	assert_int_equal(f->aif->if_ierrors, 1);
	/* A request for someone else teaches nothing. */
	inject_arp(f, ARPOP_REQUEST_, other, sim_addr("10.0.0.5"),
	    sim_addr("10.0.0.6"));
	assert_null(arp_lookup(f->aif, sim_addr("10.0.0.5")));
	sim_run(f->st, NS_PER_SEC);
}

static void
test_arp_permanent_delete(void **state)
{
	struct sim_pair *f = *state;
	uint8_t mac[6] = { 2, 1, 2, 3, 4, 5 };
	uint32_t x = sim_addr("10.0.0.40");
	struct llinfo_arp *la;

	assert_int_equal(arp_set(f->aif, x, mac), 0);
	la = arp_lookup(f->aif, x);
	assert_int_equal(la->la_state, ARP_PERMANENT);
	/* A reply does not overwrite it; time does not expire it. */
	inject_arp(f, ARPOP_REPLY_, (uint8_t[]){ 2, 9, 9, 9, 9, 9 }, x,
	    f->aaddr);
	assert_memory_equal(la->la_mac, mac, 6);
	sim_run(f->st, 2 * ARP_KEEP);
	assert_non_null(arp_lookup(f->aif, x));
	assert_int_equal(arp_delete(f->a, x), 0);
	assert_int_equal(arp_delete(f->a, x), ENXIO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
		T(test_arp_request_reply),
		T(test_arp_hold_queue_bound),
		T(test_arp_expiry),
		T(test_arp_gratuitous),
		T(test_arp_sanity),
		T(test_arp_permanent_delete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
