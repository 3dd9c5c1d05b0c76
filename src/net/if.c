/*
 * Interfaces of a host: allocation, addresses and the routes they imply,
 * flags, the device chain below, and the interface ioctls.
 *
 * An interface address brings an interface route to its network with it
 * (4.2BSD's in_ifinit), so that a host with addresses set can reach its
 * neighbours with no route added by hand.  Broadcast addresses default to
 * the all-ones host part of the network (RFC 919, RFC 922 for subnets).
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "base/pkt.h"
#include "base/in_addr.h"
#include "kern/host.h"
#include "net/if_var.h"
#include "net/net_host.h"
#include "net/route_var.h"

/*
 * Allocates an interface called name on host h and links it at the end of
 * the host's list, down and with no address.  The caller (a driver's
 * create function) fills in the hooks.  Returns NULL with *errp set to
 * EINVAL (bad name), EEXIST or ENOMEM.
 */
struct ifnet *
if_alloc(struct host *h, const char *name, unsigned type, int *errp)
{
	struct net_host *nh = HNET(h);
	struct ifnet *ifp, **tail;

	if (name == NULL || name[0] == '\0' || strlen(name) >= IFNAMSIZ) {
		*errp = EINVAL;
		return NULL;
	}
	if (if_find(h, name) != NULL) {
		*errp = EEXIST;
		return NULL;
	}
	if ((ifp = calloc(1, sizeof(*ifp))) == NULL) {
		*errp = ENOMEM;
		return NULL;
	}
	ifp->if_host = h;
	strcpy(ifp->if_name, name);
	ifp->if_type = type;
	ifp->if_index = ++nh->nh_nextindex;
	for (tail = &nh->nh_ifnets; *tail != NULL; tail = &(*tail)->if_next)
		;
	*tail = ifp;
	*errp = 0;
	return ifp;
}

/*
 * Detaches and frees ifp: its routes, its driver state (ARP entries and
 * held datagrams), its device chain, its addresses.
 */
void
if_free(struct ifnet *ifp)
{
	struct net_host *nh = HNET(ifp->if_host);
	struct ifnet **pp;
	struct ifdev *d, *lower;
	struct in_ifaddr *ifa;

	for (pp = &nh->nh_ifnets; *pp != NULL; pp = &(*pp)->if_next)
		if (*pp == ifp) {
			*pp = ifp->if_next;
			break;
		}
	if (nh->nh_lo == ifp)
		nh->nh_lo = NULL;
	rt_purge_ifp(ifp->if_host, ifp);
	if (ifp->if_detach != NULL)
		ifp->if_detach(ifp);
	for (d = ifp->if_dev; d != NULL; d = lower) {
		lower = d->d_lower;
		d->d_lower = d->d_upper = NULL;
		d->d_ifp = NULL;
		if (d->d_free != NULL)
			d->d_free(d);
	}
	if_multi_flush(ifp);
	while ((ifa = ifp->if_addrs) != NULL) {
		ifp->if_addrs = ifa->ifa_next;
		free(ifa);
	}
	free(ifp);
}

struct ifnet *
if_find(struct host *h, const char *name)
{
	struct ifnet *ifp;

	for (ifp = HNET(h)->nh_ifnets; ifp != NULL; ifp = ifp->if_next)
		if (strncmp(ifp->if_name, name, IFNAMSIZ) == 0)
			return ifp;
	return NULL;
}

struct ifnet *
if_byindex(struct host *h, unsigned index)
{
	struct ifnet *ifp;

	for (ifp = HNET(h)->nh_ifnets; ifp != NULL; ifp = ifp->if_next)
		if (ifp->if_index == index)
			return ifp;
	return NULL;
}

struct in_ifaddr *
if_primary(const struct ifnet *ifp)
{
	return ifp->if_addrs;
}

/*
 * Adds an address to ifp.  mask 0 means the address's class mask; broad 0
 * means the all-ones host part (only on broadcast interfaces).  Adds the
 * interface route, and announces the address if the interface is up.
 * Returns 0, EINVAL (an address no host may have, or a mask that is not
 * contiguous), or EEXIST (the host has it already).
 */
int
if_addr_add(struct ifnet *ifp, uint32_t addr, uint32_t mask, uint32_t broad)
{
	struct host *h = ifp->if_host;
	struct in_ifaddr *ifa, **tail;
	int error;

	if (addr == IN_ANY || addr == IN_BROADCAST || IN_ISCLASSD(addr) ||
	    IN_ISCLASSE(addr))
		return EINVAL;
	if (mask == 0)
		mask = in_classmask(addr);
	if (!in_mask_ok(mask))
		return EINVAL;
	if (ifa_ifwithaddr(h, addr) != NULL)
		return EEXIST;
	if ((ifa = calloc(1, sizeof(*ifa))) == NULL)
		return ENOMEM;
	ifa->ifa_ifp = ifp;
	ifa->ifa_addr = addr;
	ifa->ifa_mask = mask;
	if (ifp->if_flags & IFF_BROADCAST)
		ifa->ifa_broad = broad ? broad : (addr & mask) | ~mask;
	for (tail = &ifp->if_addrs; *tail != NULL; tail = &(*tail)->ifa_next)
		;
	*tail = ifa;
	error = rt_add(h, addr & mask, mask, 0,
	    RTF_UP | (mask == 0xffffffffu ? RTF_HOST : 0), ifp);
	if (error != 0 && error != EEXIST) {
		*tail = NULL;
		free(ifa);
		return error;
	}
	if ((ifp->if_flags & IFF_UP) && ifp->if_up != NULL)
		ifp->if_up(ifp);
	return 0;
}

/*
 * Removes addr from ifp, with its interface route unless another address
 * of ifp is on the same network.  Returns 0 or EADDRNOTAVAIL.
 */
int
if_addr_del(struct ifnet *ifp, uint32_t addr)
{
	struct in_ifaddr **pp, *ifa, *o;
	uint32_t net, mask;

	for (pp = &ifp->if_addrs; (ifa = *pp) != NULL; pp = &ifa->ifa_next)
		if (ifa->ifa_addr == addr)
			break;
	if (ifa == NULL)
		return EADDRNOTAVAIL;
	*pp = ifa->ifa_next;
	net = ifa->ifa_addr & ifa->ifa_mask;
	mask = ifa->ifa_mask;
	free(ifa);
	for (o = ifp->if_addrs; o != NULL; o = o->ifa_next)
		if (o->ifa_mask == mask && (o->ifa_addr & mask) == net)
			return 0;
	rt_purge_net(ifp->if_host, ifp, net, mask);
	return 0;
}

/*
 * Sets the flags a user may change (IFF_UP, IFF_DEBUG); the others belong to
 * the driver.  Bringing an interface up announces its addresses; taking it
 * down flushes its ARP cache.
 */
int
if_setflags(struct ifnet *ifp, unsigned flags)
{
	unsigned settable = IFF_UP | IFF_DEBUG;
	unsigned old = ifp->if_flags;

	ifp->if_flags = (old & ~settable) | (flags & settable);
	if (!(old & IFF_UP) && (ifp->if_flags & IFF_UP) && ifp->if_up != NULL)
		ifp->if_up(ifp);
	if ((old & IFF_UP) && !(ifp->if_flags & IFF_UP) && ifp->if_down != NULL)
		ifp->if_down(ifp);
	return 0;
}

struct in_ifaddr *
ifa_ifwithaddr(struct host *h, uint32_t a)
{
	struct ifnet *ifp;
	struct in_ifaddr *ifa;

	for (ifp = HNET(h)->nh_ifnets; ifp != NULL; ifp = ifp->if_next)
		for (ifa = ifp->if_addrs; ifa != NULL; ifa = ifa->ifa_next)
			if (ifa->ifa_addr == a)
				return ifa;
	return NULL;
}

/*
 * The address of an up interface whose network holds a, the longest mask
 * winning; NULL if a is on no directly connected network.
 */
struct in_ifaddr *
ifa_ifwithnet(struct host *h, uint32_t a)
{
	struct ifnet *ifp;
	struct in_ifaddr *ifa, *best = NULL;

	for (ifp = HNET(h)->nh_ifnets; ifp != NULL; ifp = ifp->if_next) {
		if (!(ifp->if_flags & IFF_UP))
			continue;
		for (ifa = ifp->if_addrs; ifa != NULL; ifa = ifa->ifa_next)
			if ((a & ifa->ifa_mask) ==
			    (ifa->ifa_addr & ifa->ifa_mask) &&
			    (best == NULL || ifa->ifa_mask > best->ifa_mask))
				best = ifa;
	}
	return best;
}

/* The address whose directed broadcast address is a, if any. */
struct in_ifaddr *
ifa_ifwithbroad(struct host *h, uint32_t a)
{
	struct ifnet *ifp;
	struct in_ifaddr *ifa;

	for (ifp = HNET(h)->nh_ifnets; ifp != NULL; ifp = ifp->if_next) {
		if (!(ifp->if_flags & IFF_BROADCAST))
			continue;
		for (ifa = ifp->if_addrs; ifa != NULL; ifa = ifa->ifa_next)
			if (ifa->ifa_broad == a)
				return ifa;
	}
	return NULL;
}

/*
 * True when a is a broadcast address for ifp (for any interface if ifp is
 * NULL): the limited broadcast, 0.0.0.0 (4.2BSD's broadcast, still
 * accepted per RFC 1122 §3.3.6), a directed broadcast, or a network's
 * all-zeros host address (the old form, RFC 1122 §3.3.6 again).
 */
int
in_broadcast(struct host *h, uint32_t a, struct ifnet *ifp)
{
	struct ifnet *i;
	struct in_ifaddr *ifa;

	if (a == IN_BROADCAST || a == IN_ANY)
		return 1;
	for (i = HNET(h)->nh_ifnets; i != NULL; i = i->if_next) {
		if ((ifp != NULL && i != ifp) || !(i->if_flags & IFF_BROADCAST))
			continue;
		for (ifa = i->if_addrs; ifa != NULL; ifa = ifa->ifa_next) {
			if (a == ifa->ifa_broad)
				return 1;
			if (ifa->ifa_mask != 0xffffffffu &&
			    ifa->ifa_mask != 0xfffffffeu &&
			    a == (ifa->ifa_addr & ifa->ifa_mask))
				return 1;
		}
	}
	return 0;
}

/*
 * Fills up to max entries (one per interface, with its first address) and
 * returns how many interfaces there are.
 */
size_t
if_list(struct host *h, struct if_info *v, size_t max)
{
	struct ifnet *ifp;
	size_t n = 0;

	for (ifp = HNET(h)->nh_ifnets; ifp != NULL; ifp = ifp->if_next, n++) {
		struct if_info *ii;
		struct in_ifaddr *ifa = ifp->if_addrs;

		if (n >= max)
			continue;
		ii = &v[n];
		memset(ii, 0, sizeof(*ii));
		strcpy(ii->ii_name, ifp->if_name);
		ii->ii_flags = ifp->if_flags;
		ii->ii_mtu = ifp->if_mtu;
		memcpy(ii->ii_lladdr, ifp->if_lladdr, ETHER_ADDR_LEN);
		if (ifa != NULL) {
			ii->ii_addr = ifa->ifa_addr;
			ii->ii_mask = ifa->ifa_mask;
			ii->ii_broad = ifa->ifa_broad;
		}
		ii->ii_ipackets = ifp->if_ipackets;
		ii->ii_ierrors = ifp->if_ierrors;
		ii->ii_opackets = ifp->if_opackets;
		ii->ii_oerrors = ifp->if_oerrors;
		ii->ii_ibytes = ifp->if_ibytes;
		ii->ii_obytes = ifp->if_obytes;
	}
	return n;
}

/* Device chain. */

/*
 * Puts d directly below the interface, above whatever chain it has: the
 * medium is pushed first, then each middleware.
 */
void
if_dev_push(struct ifnet *ifp, struct ifdev *d)
{
	d->d_ifp = ifp;
	d->d_upper = NULL;
	d->d_lower = ifp->if_dev;
	if (d->d_lower != NULL)
		d->d_lower->d_upper = d;
	ifp->if_dev = d;
}

/* Passes a frame from stage d to the stage below it.  Consumes p. */
int
ifdev_output(struct ifdev *d, struct pkt *p)
{
	if (d->d_lower == NULL) {
		pkt_free(p);
		return ENETDOWN;
	}
	return d->d_lower->d_output(d->d_lower, p);
}

/* Passes a frame from stage d to the stage above it.  Consumes p. */
void
ifdev_input(struct ifdev *d, struct pkt *p)
{
	struct ifnet *ifp = d->d_ifp;

	if (d->d_upper != NULL)
		d->d_upper->d_input(d->d_upper, p);
	else if (ifp != NULL && ifp->if_input != NULL) {
		p->pk_ifp = ifp;
		ifp->if_input(ifp, p);
	} else
		pkt_free(p);
}

/* Hands a finished frame to the top of ifp's device chain.  Consumes p. */
int
if_transmit(struct ifnet *ifp, struct pkt *p)
{
	if (ifp->if_dev == NULL || !(ifp->if_flags & IFF_UP)) {
		ifp->if_oerrors++;
		pkt_free(p);
		return ENETDOWN;
	}
	ifp->if_opackets++;
	ifp->if_obytes += p->pk_len;
	return ifp->if_dev->d_output(ifp->if_dev, p);
}
