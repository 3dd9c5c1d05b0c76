/*
 * Hosts on two segments joined by a router host (etc/routed.conf's shape):
 * echo across the router, TTL expiry, forwarding errors reported by ICMP
 * and handed to the sender's protocol, the errors ip_output returns at
 * once, and an 8 KiB datagram fragmented over 1500-byte MTUs.
 *
 *   arpa 10.0.1.2 --- net1 --- 10.0.1.1 gate 10.0.2.1 --- net2 --- 10.0.2.2 dali
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../sim/sim.h"

struct fix {
	struct stack *st;
	struct host *a, *r, *d;
	struct ifnet *aif, *r1, *r2, *dif;
	struct sim_raw araw, draw;
	struct sim_sink asink, dsink;
	uint32_t aaddr, daddr;
};

static int
setup(void **state)
{
	static struct fix f;
	struct seg *n1, *n2;

	memset(&f, 0, sizeof(f));
	f.st = sim_stack(3);
	n1 = sim_seg(f.st, "net1");
	n2 = sim_seg(f.st, "net2");
	n2->seg_delay = 50 * NS_PER_US;
	f.a = sim_host(f.st, "arpa");
	f.r = sim_host(f.st, "gate");
	f.d = sim_host(f.st, "dali");
	f.aif = sim_ifattach(f.a, n1, "en0", "10.0.1.2/24");
	f.r1 = sim_ifattach(f.r, n1, "en0", "10.0.1.1/24");
	f.r2 = sim_ifattach(f.r, n2, "en1", "10.0.2.1/24");
	f.dif = sim_ifattach(f.d, n2, "en0", "10.0.2.2/24");
	HINET(f.r)->ih_forwarding = 1;
	assert_int_equal(rt_add(f.a, 0, 0, sim_addr("10.0.1.1"), RTF_STATIC,
	    NULL), 0);
	assert_int_equal(rt_add(f.d, 0, 0, sim_addr("10.0.2.1"), RTF_STATIC,
	    NULL), 0);
	f.aaddr = sim_addr("10.0.1.2");
	f.daddr = sim_addr("10.0.2.2");
	sim_raw_register(f.a, &f.araw);
	sim_raw_register(f.d, &f.draw);
	sim_sink_register(f.a, SIM_PROTO, &f.asink);
	sim_sink_register(f.d, SIM_PROTO, &f.dsink);
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
test_ip_route_echo_across_router(void **state)
{
	struct fix *f = *state;
	int i;

	for (i = 1; i <= 3; i++) {
		assert_int_equal(sim_ping(f->a, f->daddr, 77, (uint16_t)i, 56), 0);
		sim_run(f->st, 100 * NS_PER_MS);
		assert_int_equal(f->araw.sr_types[ICMP_ECHOREPLY], i);
		assert_int_equal(f->araw.sr_last_seq, i);
		assert_int_equal(f->araw.sr_last_src, f->daddr);
		assert_int_equal(f->araw.sr_last_len, 64);
	}
	assert_int_equal(HINET(f->r)->ih_ipstat.ips_forward, 6);
	assert_int_equal(HINET(f->d)->ih_icmpstat.icps_reflect, 3);
}

static void
test_ip_route_ttl_exceeded(void **state)
{
	struct fix *f = *state;
	struct pkt *p = pkt_from(f->st->st_pkts, "x", 1);
	struct ip_out o = { .io_dst = f->daddr, .io_proto = SIM_PROTO,
	    .io_ttl = 1 };

	assert_int_equal(ip_output(f->a, p, &o), 0);
	sim_run(f->st, NS_PER_SEC);
	assert_int_equal(f->dsink.ss_count, 0);
	assert_int_equal(HINET(f->r)->ih_ipstat.ips_ttlexceeded, 1);
	assert_int_equal(f->araw.sr_types[ICMP_TIMXCEED], 1);
	/* And the sender's protocol hears of it through ctlinput. */
	assert_int_equal(f->asink.ss_ctl, 1);
	assert_int_equal(f->asink.ss_lastctl.ic_prc, PRC_TIMXCEED_INTRANS);
	assert_int_equal(f->asink.ss_lastctl.ic_dst, f->daddr);
	assert_int_equal(f->asink.ss_lastctl.ic_from, sim_addr("10.0.1.1"));
}

static void
test_ip_route_router_no_route(void **state)
{
	struct fix *f = *state;

	assert_int_equal(sim_send(f->a, sim_addr("192.168.7.7"), SIM_PROTO,
	    "x", 1, 0), 0);
	sim_run(f->st, NS_PER_SEC);
	assert_int_equal(HINET(f->r)->ih_ipstat.ips_noroute, 1);
	assert_int_equal(f->asink.ss_ctl, 1);
	assert_int_equal(f->asink.ss_lastctl.ic_prc, PRC_UNREACH_NET);
	assert_int_equal(prc_errno(PRC_UNREACH_NET), ENETUNREACH);
}

/* RFC 1191: a DF datagram too big for the next hop earns NEEDFRAG+MTU. */
static void
test_ip_route_needfrag(void **state)
{
	struct fix *f = *state;
	uint8_t big[1200];
	struct pkt *p;
	struct ip_out o = { .io_proto = SIM_PROTO, .io_flags = IPO_DF };

	memset(big, 1, sizeof(big));
	f->r2->if_mtu = 1000;
	o.io_dst = f->daddr;
	p = pkt_from(f->st->st_pkts, big, sizeof(big));
	assert_int_equal(ip_output(f->a, p, &o), 0);
	sim_run(f->st, NS_PER_SEC);
	assert_int_equal(f->asink.ss_lastctl.ic_prc, PRC_MSGSIZE);
	assert_int_equal(f->asink.ss_lastctl.ic_mtu, 1000);
	assert_int_equal(prc_errno(PRC_MSGSIZE), EMSGSIZE);
	/* Without DF the router fragments it instead. */
	p = pkt_from(f->st->st_pkts, big, sizeof(big));
	o.io_flags = 0;
	assert_int_equal(ip_output(f->a, p, &o), 0);
	sim_run(f->st, NS_PER_SEC);
	assert_int_equal(f->dsink.ss_count, 1);
	assert_int_equal(f->dsink.ss_len, sizeof(big));
	assert_int_equal(HINET(f->r)->ih_ipstat.ips_fragmented, 1);
	/* And a DF datagram too big for our own interface: EMSGSIZE. */
	p = pkt_from(f->st->st_pkts, big, sizeof(big));
	f->aif->if_mtu = 576;
	o.io_flags = IPO_DF;
	assert_int_equal(ip_output(f->a, p, &o), EMSGSIZE);
}

/* An 8 KiB datagram over 1500-byte MTUs, reassembled whole. */
static void
test_ip_route_8k_fragmented(void **state)
{
	struct fix *f = *state;
	static uint8_t data[8192];
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + i / 256);
	assert_int_equal(sim_send(f->a, f->daddr, SIM_PROTO, data,
	    sizeof(data), 0), 0);
	sim_run(f->st, NS_PER_SEC);
	assert_int_equal(f->dsink.ss_count, 1);
	assert_int_equal(f->dsink.ss_len, sizeof(data));
	assert_memory_equal(f->dsink.ss_data, data, sizeof(data));
	/* 8192 + 20 in pieces of 1480: six fragments. */
	assert_int_equal(HINET(f->a)->ih_ipstat.ips_fragmented, 1);
	assert_int_equal(HINET(f->a)->ih_ipstat.ips_ofragments, 6);
	assert_int_equal(HINET(f->d)->ih_ipstat.ips_fragments, 6);
	assert_int_equal(HINET(f->d)->ih_ipstat.ips_reassembled, 1);
	assert_int_equal(HINET(f->r)->ih_ipstat.ips_forward, 6);
}

/* Errors ip_output knows at once. */
static void
test_ip_route_output_errors(void **state)
{
	struct fix *f = *state;
	struct rtentry_in *rt;

	/* No route at all. */
	assert_int_equal(rt_delete(f->a, 0, 0), 0);
	assert_int_equal(sim_send(f->a, f->daddr, SIM_PROTO, "x", 1, 0),
	    ENETUNREACH);
	assert_int_equal(HINET(f->a)->ih_ipstat.ips_noroute, 1);
	/* MSG_DONTROUTE to a destination on no connected network. */
	assert_int_equal(rt_add(f->a, 0, 0, sim_addr("10.0.1.1"), 0, NULL), 0);
	assert_int_equal(sim_send(f->a, f->daddr, SIM_PROTO, "x", 1,
	    IPO_DONTROUTE), ENETUNREACH);
	assert_int_equal(sim_send(f->a, sim_addr("10.0.1.1"), SIM_PROTO, "x",
	    1, IPO_DONTROUTE), 0);
	/* A reject route. */
	assert_int_equal(rt_add(f->a, f->daddr, 0xffffffffu, 0, RTF_REJECT,
	    f->aif), 0);
	assert_int_equal(sim_send(f->a, f->daddr, SIM_PROTO, "x", 1, 0),
	    EHOSTUNREACH);
	rt_delete(f->a, f->daddr, 0xffffffffu);
	/* Broadcast without permission, then with. */
	assert_int_equal(sim_send(f->a, sim_addr("10.0.1.255"), SIM_PROTO,
	    "x", 1, 0), EACCES);
	assert_int_equal(sim_send(f->a, IN_BROADCAST, SIM_PROTO, "x", 1, 0),
	    EACCES);
	assert_int_equal(sim_send(f->a, sim_addr("10.0.1.255"), SIM_PROTO,
	    "x", 1, IPO_ALLOWBCAST), 0);
	/* Interface down. */
	if_setflags(f->aif, f->aif->if_flags & ~IFF_UP);
	assert_int_equal(sim_send(f->a, f->daddr, SIM_PROTO, "x", 1, 0),
	    ENETDOWN);
	if_setflags(f->aif, f->aif->if_flags | IFF_UP);
	rt = rt_lookup(f->a, f->daddr);
	assert_non_null(rt);
	assert_true(rt->rt_flags & RTF_GATEWAY);
	sim_run(f->st, NS_PER_SEC);
}

/* ARP never answers: held datagrams go, then EHOSTUNREACH for a while. */
static void
test_ip_route_arp_fails(void **state)
{
	struct fix *f = *state;
	uint32_t nobody = sim_addr("10.0.1.99");

	assert_int_equal(sim_send(f->a, nobody, SIM_PROTO, "x", 1, 0), 0);
	sim_run(f->st, 10 * NS_PER_SEC);
	assert_int_equal(HNET(f->a)->nh_arpstat.as_timeouts, 1);
	assert_int_equal(HNET(f->a)->nh_arpstat.as_txrequests, ARP_MAXTRIES + 1);
	assert_int_equal(sim_send(f->a, nobody, SIM_PROTO, "x", 1, 0),
	    EHOSTUNREACH);
	/* After ARP_DOWN the failed entry is forgotten and sends queue again. */
	sim_run(f->st, 60 * NS_PER_SEC);
	assert_int_equal(sim_send(f->a, nobody, SIM_PROTO, "x", 1, 0), 0);
}

/* Sending to one's own address goes by loopback, not the wire. */
static void
test_ip_route_to_self(void **state)
{
	struct fix *f = *state;
	uint64_t out = f->aif->if_opackets;

	assert_int_equal(sim_send(f->a, f->aaddr, SIM_PROTO, "me", 2, 0), 0);
	assert_int_equal(sim_send(f->a, IN_LOOPBACK, SIM_PROTO, "lo", 2, 0), 0);
	assert_int_equal(f->asink.ss_count, 0);	/* not reentrant */
	sim_run(f->st, 0);
	assert_int_equal(f->asink.ss_count, 2);
	assert_int_equal(f->asink.ss_ip.ip_src, IN_LOOPBACK);
	assert_int_equal(f->aif->if_opackets, out);
	/* Pinging oneself works the same way. */
	assert_int_equal(sim_ping(f->a, f->aaddr, 1, 1, 8), 0);
	sim_run(f->st, 0);
	assert_int_equal(f->araw.sr_types[ICMP_ECHOREPLY], 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
		T(test_ip_route_echo_across_router),
		T(test_ip_route_ttl_exceeded),
		T(test_ip_route_router_no_route),
		T(test_ip_route_needfrag),
		T(test_ip_route_8k_fragmented),
		T(test_ip_route_output_errors),
		T(test_ip_route_arp_fails),
		T(test_ip_route_to_self),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
