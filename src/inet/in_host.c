/*
 * A host's Internet state: created with the host once its link layer is
 * there (IP in the link layer's ethertype table, ICMP, UDP, TCP and raw IP
 * in IP's protocol table, defaults for the tunables) and torn down with
 * it, before the link layer.
 */
#include <errno.h>
#include <stdlib.h>

#include "base/clock.h"
#include "base/rng.h"
#include "inet/igmp.h"
#include "inet/in_host.h"
#include "inet/in_mcast.h"
#include "inet/ip_icmp.h"
#include "inet/ip_var.h"
#include "inet/tcp_var.h"
#include "kern/host.h"
#include "net/netisr.h"

int
in_host_attach(struct host *h)
{
	struct inet_host *ih;
	int error;

	if ((ih = calloc(1, sizeof(*ih))) == NULL)
		return ENOMEM;
	ih->ih_host = h;
	ih->ih_ttl = IP_DEFTTL;
	ih->ih_reass_limit = IPFRAG_MAXMEM;
	ih->ih_icmp_rate = ICMP_RATE;
	ih->ih_icmp_burst = ICMP_BURST;
	ih->ih_icmp_tokens = (uint64_t)ICMP_BURST * NS_PER_SEC;
	ih->ih_icmp_last = clock_now(h->h_stack->st_clock);
	/* Ids start apart on each host, from the stack's seeded source. */
	ih->ih_ip_id = (uint16_t)rng_next(h->h_stack->st_rng);
	h->h_inet = ih;
	in_pcbtable_init(&ih->ih_udb, h, IPPROTO_UDP);
	/*
	 * UDP-Lite's table is a copy of UDP's, still empty, starting its
	 * ephemeral ports where UDP's do: a draw of its own would shift every
	 * later draw of the stack's seeded source (TCP's ISNs among them),
	 * and with them every seeded unit test.
	 */
	ih->ih_ulb = ih->ih_udb;
	ih->ih_ulb.ipt_proto = IPPROTO_UDPLITE;
	in_pcbtable_init(&ih->ih_tcb, h, IPPROTO_TCP);
	in_pcbtable_init(&ih->ih_rawcb, h, IPPROTO_RAW);
	if ((error = netisr_register(h, ETHERTYPE_IP, ip_input)) != 0 ||
	    (error = icmp_attach(h)) != 0 || (error = udp_attach(h)) != 0 ||
	    (error = tcp_attach(h)) != 0 || (error = igmp_attach(h)) != 0) {
		in_host_detach(h);
		return error;
	}
	rip_attach(h);
	return 0;
}

void
in_host_detach(struct host *h)
{
	struct inet_host *ih = h->h_inet;

	if (ih == NULL)
		return;
	tcp_detach(h);
	ip_reass_flush(h);
	/* Memberships first: the sockets' leaving then sends no IGMP from a host going away. */
	in_mcast_host_detach(h);
	in_pcbtable_fini(&ih->ih_udb);
	in_pcbtable_fini(&ih->ih_ulb);
	in_pcbtable_fini(&ih->ih_tcb);
	in_pcbtable_fini(&ih->ih_rawcb);
	netisr_unregister(h, ETHERTYPE_IP);
	free(ih);
	h->h_inet = NULL;
}
