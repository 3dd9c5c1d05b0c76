/*
 * The interface ioctls of 4.2BSD (SIOCGIFCONF, SIOC[GS]IFFLAGS,
 * SIOC[GS]IFADDR, SIOC[GS]IFBRDADDR, SIOC[GS]IFNETMASK, SIOCGIFMTU), and
 * Linux's SIOCGIFINDEX and SIOCGIFNAME (if_nametoindex(3) and its kin), as a
 * function over the system's struct ifreq and struct ifconf, which the
 * caller has copied into its memory.  Primer §4.3 asks for a way to learn
 * a host's networks: rwhod lists them with SIOCGIFCONF, then asks each for
 * its flags and broadcast address.
 *
 * Permission to set is uipcd's to check (uid 0, as BSD's suser()); this
 * function assumes it was given.  Unknown interfaces answer ENXIO, as
 * 4.4BSD's ifunit() failing does.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "base/in_addr.h"
#include "kern/host.h"
#include "net/if_var.h"
#include "net/net_host.h"
#include "net/route_var.h"

static void
sin_put(struct sockaddr *sa, uint32_t a)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(a);
	memcpy(sa, &sin, sizeof(sin));
}

static int
sin_get(const struct sockaddr *sa, uint32_t *a)
{
	struct sockaddr_in sin;

	memcpy(&sin, sa, sizeof(sin));
	if (sin.sin_family != AF_INET)
		return EAFNOSUPPORT;
	*a = ntohl(sin.sin_addr.s_addr);
	return 0;
}

/*
 * SIOCGIFCONF: one struct ifreq per Internet address, as many as fit in
 * ifc_len bytes; ifc_len is set to the bytes used.  With a NULL buffer,
 * ifc_len is set to the bytes all would need (as Linux does).
 */
static int
if_getconf(struct host *h, struct ifconf *ifc)
{
	struct ifnet *ifp;
	struct in_ifaddr *ifa;
	size_t used = 0, room = ifc->ifc_len > 0 ? (size_t)ifc->ifc_len : 0;
	char *buf = ifc->ifc_buf;

	for (ifp = HNET(h)->nh_ifnets; ifp != NULL; ifp = ifp->if_next)
		for (ifa = ifp->if_addrs; ifa != NULL; ifa = ifa->ifa_next) {
			struct ifreq ifr;

			if (buf != NULL && used + sizeof(ifr) > room)
				goto done;
			if (buf != NULL) {
				memset(&ifr, 0, sizeof(ifr));
				memcpy(ifr.ifr_name, ifp->if_name, IFNAMSIZ);
				sin_put(&ifr.ifr_addr, ifa->ifa_addr);
				memcpy(buf + used, &ifr, sizeof(ifr));
			}
			used += sizeof(ifr);
		}
done:
	ifc->ifc_len = (int)used;
	return 0;
}

/*
 * Replaces ifp's first address (or adds one) keeping the netmask it had,
 * the class mask otherwise; the broadcast address is derived again.
 */
static int
if_setaddr(struct ifnet *ifp, uint32_t a)
{
	struct in_ifaddr *ifa = if_primary(ifp);
	uint32_t mask = 0, old, oldbroad;
	int error;

	if (a == IN_ANY || a == IN_BROADCAST || IN_ISCLASSD(a) ||
	    IN_ISCLASSE(a))
		return EINVAL;
	if (ifa == NULL)
		return if_addr_add(ifp, a, 0, 0);
	if (ifa->ifa_addr == a)
		return 0;
	if (ifa_ifwithaddr(ifp->if_host, a) != NULL)
		return EEXIST;
	mask = ifa->ifa_mask;
	old = ifa->ifa_addr;
	oldbroad = ifa->ifa_broad;
	if_addr_del(ifp, old);
	if ((error = if_addr_add(ifp, a, mask, 0)) != 0)
		if_addr_add(ifp, old, mask, oldbroad);	/* put it back */
	return error;
}

static int
if_setmask(struct ifnet *ifp, uint32_t mask)
{
	struct in_ifaddr *ifa = if_primary(ifp);
	uint32_t a;

	if (ifa == NULL)
		return EADDRNOTAVAIL;
	if (!in_mask_ok(mask) || mask == 0)
		return EINVAL;
	a = ifa->ifa_addr;
	if_addr_del(ifp, a);
	return if_addr_add(ifp, a, mask, 0);
}

/*
 * The address a get request is about: as Linux's devinet_ioctl does, a
 * caller that puts one of the interface's Internet addresses in ifr_addr
 * asks about that address (so an alias's netmask and broadcast address
 * can be read, as getifaddrs(3) needs); anything else in ifr_addr, as a
 * 4.2BSD program leaves it, means the interface's first address.
 */
static struct in_ifaddr *
if_get_target(struct ifnet *ifp, unsigned long cmd, const struct ifreq *ifr)
{
	struct in_ifaddr *ifa;
	uint32_t a;

	if ((cmd == SIOCGIFADDR || cmd == SIOCGIFNETMASK ||
	    cmd == SIOCGIFBRDADDR) && sin_get(&ifr->ifr_addr, &a) == 0)
		for (ifa = ifp->if_addrs; ifa != NULL; ifa = ifa->ifa_next)
			if (ifa->ifa_addr == a)
				return ifa;
	return if_primary(ifp);
}

/*
 * Carries out one interface ioctl on host h.  data points at a struct
 * ifconf for SIOCGIFCONF and at a struct ifreq otherwise.  Returns 0,
 * ENXIO (no such interface), EADDRNOTAVAIL (no address), EINVAL,
 * EAFNOSUPPORT (not an Internet address) or EOPNOTSUPP (unknown request).
 */
int
if_ioctl(struct host *h, unsigned long cmd, void *data)
{
	struct ifreq *ifr = data;
	struct ifnet *ifp;
	struct in_ifaddr *ifa;
	uint32_t a;
	int error;

	if (cmd == SIOCGIFCONF)
		return if_getconf(h, data);
	/* An interface's name from its index (Linux's SIOCGIFNAME). */
	if (cmd == SIOCGIFNAME) {
		if (ifr->ifr_ifindex <= 0 ||
		    (ifp = if_byindex(h, (unsigned)ifr->ifr_ifindex)) == NULL)
			return ENXIO;
		memset(ifr->ifr_name, 0, IFNAMSIZ);
		memcpy(ifr->ifr_name, ifp->if_name,
		    strnlen(ifp->if_name, IFNAMSIZ - 1));
		return 0;
	}
	switch (cmd) {
	case SIOCGIFINDEX:
	case SIOCGIFFLAGS: case SIOCSIFFLAGS: case SIOCGIFADDR:
	case SIOCSIFADDR: case SIOCGIFBRDADDR: case SIOCSIFBRDADDR:
	case SIOCGIFNETMASK: case SIOCSIFNETMASK: case SIOCGIFMTU:
		break;
	default:
		return EOPNOTSUPP;
	}
	ifr->ifr_name[IFNAMSIZ - 1] = '\0';
	if ((ifp = if_find(h, ifr->ifr_name)) == NULL)
		return ENXIO;
	ifa = if_get_target(ifp, cmd, ifr);
	switch (cmd) {
	case SIOCGIFINDEX:
		ifr->ifr_ifindex = (int)ifp->if_index;
		return 0;
	case SIOCGIFFLAGS:
		ifr->ifr_flags = (short)ifp->if_flags;
		return 0;
	case SIOCSIFFLAGS:
		return if_setflags(ifp, (unsigned)(unsigned short)ifr->ifr_flags);
	case SIOCGIFMTU:
		ifr->ifr_mtu = (int)ifp->if_mtu;
		return 0;
	case SIOCGIFADDR:
		if (ifa == NULL)
			return EADDRNOTAVAIL;
		sin_put(&ifr->ifr_addr, ifa->ifa_addr);
		return 0;
	case SIOCGIFNETMASK:
		if (ifa == NULL)
			return EADDRNOTAVAIL;
		sin_put(&ifr->ifr_netmask, ifa->ifa_mask);
		return 0;
	case SIOCGIFBRDADDR:
		if (!(ifp->if_flags & IFF_BROADCAST))
			return EINVAL;
		if (ifa == NULL)
			return EADDRNOTAVAIL;
		sin_put(&ifr->ifr_broadaddr, ifa->ifa_broad);
		return 0;
	case SIOCSIFADDR:
		if ((error = sin_get(&ifr->ifr_addr, &a)) != 0)
			return error;
		return if_setaddr(ifp, a);
	case SIOCSIFNETMASK:
		if ((error = sin_get(&ifr->ifr_netmask, &a)) != 0)
			return error;
		return if_setmask(ifp, a);
	case SIOCSIFBRDADDR:
		if (!(ifp->if_flags & IFF_BROADCAST))
			return EINVAL;
		if (ifa == NULL)
			return EADDRNOTAVAIL;
		if ((error = sin_get(&ifr->ifr_broadaddr, &a)) != 0)
			return error;
		ifa->ifa_broad = a;
		return 0;
	}
	return EOPNOTSUPP;
}
