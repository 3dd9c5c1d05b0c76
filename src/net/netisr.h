#ifndef UIPC_NET_NETISR_H
#define UIPC_NET_NETISR_H
/*
 * The link layer's protocol switch: a per-host table from an ethertype to
 * the function that takes the frame's payload (FreeBSD's ether_demux and
 * netisr_register, without the queue: dispatch is direct, as FreeBSD's
 * "direct" netisr policy is).  Ethernet (if_ether.c) looks up the type of
 * each frame it accepts; loopback (if_lo.c), which has no frame, hands on
 * its datagrams as ETHERTYPE_IP.  So no link layer names a protocol above
 * it: IP registers ip_input for ETHERTYPE_IP when the Internet domain
 * attaches to a host, and ARP, src/net's own, registers when the host's
 * network state is made (net_host.c).
 *
 * The input function gets the interface and the packet at its payload
 * (pk_ifp set, pk_flags telling broadcast or loopback); it consumes the
 * packet.  Its shape is ip_input's own, so dispatch is one scan of the
 * registered entries (kept together at the front of the table, at most
 * NETISR_MAX) and one call, with no wrapper between.
 */
#include <stdint.h>

struct host;
struct ifnet;
struct pkt;

#define ETHERTYPE_IP	0x0800
#define ETHERTYPE_ARP	0x0806

typedef void netisr_fn(struct ifnet *, struct pkt *);

struct netisr {
	uint16_t ni_type;		/* ethertype */
	netisr_fn *ni_input;
};

#define NETISR_MAX	4		/* IP and ARP, and room for two more */

int	netisr_register(struct host *, uint16_t ethertype, netisr_fn *);
int	netisr_unregister(struct host *, uint16_t ethertype);
/* netisr_dispatch(ifp, ethertype, p): inline, in net_host.h. */

#endif
