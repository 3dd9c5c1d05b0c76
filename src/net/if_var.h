#ifndef UIPC_NET_IF_VAR_H
#define UIPC_NET_IF_VAR_H
/*
 * Network interfaces.  A struct ifnet is one interface of one host: a name,
 * flags, MTU, counters, its Internet addresses, and two hooks the protocols
 * use without naming a driver (DESIGN.md, "Layers"):
 *
 *   if_output(ifp, p, nexthop, flags)  an IP datagram for the next hop
 *                                      (Ethernet resolves it with ARP;
 *                                      loopback loops it back);
 *   if_input(ifp, p)                   a frame from the device below.
 *
 * Below an Ethernet interface hangs a chain of frame devices (struct ifdev):
 * middlewares such as fault injection and pcap capture, ending in the medium
 * (a virtual segment port, later a TAP device).  Each stage passes frames
 * down with ifdev_output() and up with ifdev_input(), so stages compose in
 * any order (STYLE.md §11.9).
 *
 * The interface ioctls of 4.2BSD (SIOCGIFCONF and the SIOC[GS]IF* family,
 * primer §4.3's wish) are plain functions here over the system's struct
 * ifreq and struct ifconf in the caller's memory, so that uipcd can call
 * them for a process after copying the request in.
 *
 * (Named if_var.h, as in the later BSDs, because -Isrc would make an
 * src/net/if.h shadow the system's <net/if.h>.)
 */
#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

struct host;
struct pkt;
struct arp_if;

#define IFT_ETHER	1
#define IFT_LOOP	2

#define ETHER_ADDR_LEN	6

/* if_output flags */
#define IFO_BCAST	0x0001	/* link-layer broadcast */
#define IFO_MCAST	0x0002	/* link-layer multicast: nexthop is the IP group */

struct in_ifaddr {
	struct in_ifaddr *ifa_next;
	struct ifnet *ifa_ifp;
	uint32_t ifa_addr;	/* host order */
	uint32_t ifa_mask;
	uint32_t ifa_broad;	/* directed broadcast address */
};

struct ifdev {
	const char *d_kind;		/* "seg", "fault", "pcap", "tap" */
	int	(*d_output)(struct ifdev *, struct pkt *);	/* consumes */
	void	(*d_input)(struct ifdev *, struct pkt *);	/* consumes */
	void	(*d_free)(struct ifdev *);
	struct ifdev *d_lower;		/* toward the medium */
	struct ifdev *d_upper;		/* toward the interface; NULL: top */
	struct ifnet *d_ifp;		/* the interface on top */
};

struct ifnet {
	struct ifnet *if_next;
	struct host *if_host;
	char if_name[IFNAMSIZ];
	unsigned if_index;
	unsigned if_flags;		/* IFF_UP, IFF_BROADCAST, ... */
	unsigned if_type;		/* IFT_* */
	uint32_t if_mtu;
	uint8_t if_lladdr[ETHER_ADDR_LEN];
	struct in_ifaddr *if_addrs;

	/* Counters, as netstat -i shows them. */
	uint64_t if_ipackets;
	uint64_t if_ierrors;
	uint64_t if_opackets;
	uint64_t if_oerrors;
	uint64_t if_ibytes;
	uint64_t if_obytes;
	uint64_t if_iqdrops;		/* input queue full or not for us */
	uint64_t if_noproto;		/* unknown link-layer protocol */

	int	(*if_output)(struct ifnet *, struct pkt *, uint32_t nexthop,
		    unsigned flags);
	void	(*if_input)(struct ifnet *, struct pkt *);
	void	(*if_up)(struct ifnet *);	/* after IFF_UP was set */
	void	(*if_down)(struct ifnet *);	/* after IFF_UP was cleared */
	void	(*if_detach)(struct ifnet *);	/* frees if_softc and state */
	struct ifdev *if_dev;		/* top of the device chain */
	struct arp_if *if_arp;		/* Ethernet: ARP state */
	struct if_multiaddr *if_multiaddrs;	/* link multicast accepted (if_multi.c) */
	void *if_softc;
};

/* One interface address, for listings (uipc ifconfig, netstat -i). */
struct if_info {
	char ii_name[IFNAMSIZ];
	unsigned ii_flags;
	uint32_t ii_mtu;
	uint8_t ii_lladdr[ETHER_ADDR_LEN];
	uint32_t ii_addr, ii_mask, ii_broad;
	uint64_t ii_ipackets, ii_ierrors, ii_opackets, ii_oerrors;
	uint64_t ii_ibytes, ii_obytes;
};

struct ifnet *if_alloc(struct host *, const char *name, unsigned type,
	    int *errp);
void	if_free(struct ifnet *);
struct ifnet *if_find(struct host *, const char *name);
struct ifnet *if_byindex(struct host *, unsigned index);
int	if_addr_add(struct ifnet *, uint32_t addr, uint32_t mask,
	    uint32_t broad);
int	if_addr_del(struct ifnet *, uint32_t addr);
int	if_setflags(struct ifnet *, unsigned flags);
struct in_ifaddr *if_primary(const struct ifnet *);
struct in_ifaddr *ifa_ifwithaddr(struct host *, uint32_t);
struct in_ifaddr *ifa_ifwithnet(struct host *, uint32_t);
struct in_ifaddr *ifa_ifwithbroad(struct host *, uint32_t);
int	in_broadcast(struct host *, uint32_t, struct ifnet *);
size_t	if_list(struct host *, struct if_info *, size_t max);

int	if_ioctl(struct host *, unsigned long cmd, void *data);

/* Link-layer multicast addresses accepted, counted (if_multi.c). */
struct if_multiaddr;
int	if_addmulti(struct ifnet *, const uint8_t *mac);	/* 0 or ENOBUFS */
void	if_delmulti(struct ifnet *, const uint8_t *mac);
int	if_hasmulti(struct ifnet *, const uint8_t *mac);
void	if_multi_flush(struct ifnet *);
void	ether_mcast_map(uint32_t group, uint8_t *mac);	/* RFC 1112 §6.4 */

void	if_dev_push(struct ifnet *, struct ifdev *);
int	ifdev_output(struct ifdev *, struct pkt *);
void	ifdev_input(struct ifdev *, struct pkt *);
int	if_transmit(struct ifnet *, struct pkt *);

#endif
