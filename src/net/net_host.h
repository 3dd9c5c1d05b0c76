#ifndef UIPC_NET_NET_HOST_H
#define UIPC_NET_NET_HOST_H
/*
 * One host's link-layer state, hung from struct host's h_net and owned by
 * src/net: its interfaces (loopback first), its routing table, the
 * ethertype table through which protocols take frames (netisr.h), and
 * ARP's counters.  What is IP's (the protocol table above IP, reassembly,
 * PCBs, IP/ICMP/UDP counters and tunables) stays in src/inet's struct
 * inet_host, which uses this through the functions of if_var.h and
 * route_var.h and the fields below.
 *
 * net_host_attach() comes before any domain attaches to the host (IP
 * registers itself in nh_isr then); net_host_detach() after every domain
 * has let go, since it frees the interfaces their routes and sockets may
 * name.
 */
#include "base/pkt.h"
#include "kern/host.h"
#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/netisr.h"

struct host;
struct ifnet;
struct rtentry_in;

struct net_host {
	struct host *nh_host;
	struct ifnet *nh_ifnets;	/* in attach order */
	struct ifnet *nh_lo;		/* lo0 */
	unsigned nh_nextindex;		/* if_index of the last one made */
	struct rtentry_in *nh_routes;	/* longest mask first (route.c) */
	struct netisr nh_isr[NETISR_MAX]; /* ethertype table (netisr.c) */
	unsigned nh_nisr;		/* entries in use, from the front */
	struct arpstat nh_arpstat;
};

#define HNET(h)	((h)->h_net)

int	net_host_attach(struct host *);
void	net_host_detach(struct host *);

/* Loopback (if_lo.c), made by net_host_attach. */
struct ifnet *lo_create(struct host *, int *errp);
/* Delivers h's loopback queue now, in at most rounds rounds (if_lo.c). */
void	lo_deliver_now(struct host *h, unsigned rounds);

/*
 * Hands p (at the payload of a frame of ethertype that arrived on ifp) to
 * the protocol registered for the type (netisr.h); a type no one took is
 * counted on the interface (if_noproto, netstat -i's "unknown protocol")
 * and dropped.  Consumes p.  Inline, so that the per-frame cost over
 * calling the protocol by name is the table scan and the indirect call.
 */
static inline void
netisr_dispatch(struct ifnet *ifp, uint16_t ethertype, struct pkt *p)
{
	const struct net_host *nh = HNET(ifp->if_host);
	unsigned i;

	for (i = 0; i < nh->nh_nisr; i++)
		if (nh->nh_isr[i].ni_type == ethertype) {
			nh->nh_isr[i].ni_input(ifp, p);
			return;
		}
	ifp->if_noproto++;
	pkt_free(p);
}

#endif
