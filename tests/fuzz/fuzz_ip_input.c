/*
 * Fuzz target for the packet input path: each input is an Ethernet frame
 * handed to a host's interface (Ethernet, ARP, IP with options and
 * fragments, ICMP and its errors, forwarding), after which virtual time
 * runs on so that timers (ARP, reassembly, loopback, segment delivery)
 * fire too.  The first byte chooses the receiver: an ordinary host or a
 * router, and whether the destination MAC is rewritten to the receiver's
 * so that the frame is not dropped as someone else's.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "base/timer.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "kern/host.h"
#include "net/if_ether.h"
#include "net/if_seg.h"
#include "net/if_var.h"
#include "net/route_var.h"
#include "stack/stack.h"

static struct ifnet *
attach(struct host *h, struct seg *s, const char *name, uint32_t a)
{
	struct ifnet *ifp;

	ether_create(h, name, NULL, &ifp);
	seg_attach(s, ifp);
	if_setflags(ifp, IFF_UP);
	if_addr_add(ifp, a, 0xffffff00u, 0);
	return ifp;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stack *st;
	struct seg *n1, *n2;
	struct host *a, *r, *b;
	struct ifnet *aif, *rif, *target;
	struct pkt *p;
	uint8_t sel;

	if (size < 1 || size > 70000)
		return 0;
	sel = data[0];
	data++;
	size--;
	if (stack_create(clock_virt_create(NS_PER_SEC), 1, &st) != 0)
		return 0;
	seg_create(st, "n1", &n1);
	seg_create(st, "n2", &n2);
	host_create(st, "a", &a);
	host_create(st, "r", &r);
	host_create(st, "b", &b);
	aif = attach(a, n1, "en0", IN_ADDR(10, 0, 1, 2));
	rif = attach(r, n1, "en0", IN_ADDR(10, 0, 1, 1));
	attach(r, n2, "en1", IN_ADDR(10, 0, 2, 1));
	attach(b, n2, "en0", IN_ADDR(10, 0, 2, 2));
	HINET(r)->ih_forwarding = 1;
	rt_add(a, 0, 0, IN_ADDR(10, 0, 1, 1), 0, NULL);
	rt_add(b, 0, 0, IN_ADDR(10, 0, 2, 1), 0, NULL);
	timerq_advance(st->st_timers, 2 * NS_PER_SEC);

	target = (sel & 1) ? rif : aif;
	if ((p = pkt_from(st->st_pkts, data, size)) != NULL) {
		if ((sel & 2) && p->pk_len >= ETHER_ADDR_LEN)
			memcpy(p->pk_data, target->if_lladdr, ETHER_ADDR_LEN);
		p->pk_ifp = target;
		target->if_input(target, p);
	}
	timerq_advance(st->st_timers, 120 * NS_PER_SEC);
	stack_destroy(st);
	return 0;
}
