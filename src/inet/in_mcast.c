/*
 * IP multicast for hosts (in_mcast.h): RFC 1112 §6 (the service
 * interface: JoinHostGroup, LeaveHostGroup, the TTL and loopback of
 * multicast sends), ip(7) for the options' shapes and errnos.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "inet/igmp.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/in_mcast.h"
#include "inet/in_pcb.h"
#include "inet/ip_var.h"
#include "kern/host.h"
#include "kern/socket.h"
#include "kern/sockopt_val.h"
#include "net/if_var.h"

static struct in_multi **
inm_find(struct inet_host *ih, uint32_t group, unsigned ifindex)
{
	struct in_multi **pp;

	for (pp = &ih->ih_multi; *pp != NULL; pp = &(*pp)->inm_next)
		if ((*pp)->inm_addr == group && (*pp)->inm_ifindex == ifindex)
			break;
	return pp;
}

/* RFC 1112 §6.1 JoinHostGroup, counted: the first join tells the link and IGMP. */
static int
in_joingroup(struct host *h, uint32_t group, struct ifnet *ifp)
{
	struct inet_host *ih = HINET(h);
	struct in_multi **pp = inm_find(ih, group, ifp->if_index), *inm;
	uint8_t mac[ETHER_ADDR_LEN];

	if (*pp != NULL) {
		(*pp)->inm_refs++;
		return 0;
	}
	if ((inm = calloc(1, sizeof(*inm))) == NULL)
		return ENOBUFS;
	if (ifp->if_type == IFT_ETHER) {
		ether_mcast_map(group, mac);
		if (if_addmulti(ifp, mac) != 0) {
			free(inm);
			return ENOBUFS;
		}
	}
	inm->inm_addr = group;
	inm->inm_ifindex = ifp->if_index;
	inm->inm_refs = 1;
	*pp = inm;
	igmp_joingroup(h, group, ifp);
	return 0;
}

static void
in_leavegroup(struct host *h, uint32_t group, unsigned ifindex)
{
	struct inet_host *ih = HINET(h);
	struct in_multi **pp = inm_find(ih, group, ifindex), *inm = *pp;
	struct ifnet *ifp;
	uint8_t mac[ETHER_ADDR_LEN];

	if (inm == NULL || --inm->inm_refs > 0)
		return;
	*pp = inm->inm_next;
	free(inm);
	if ((ifp = if_byindex(h, ifindex)) == NULL)
		return;
	igmp_leavegroup(h, group, ifp);
	if (ifp->if_type == IFT_ETHER) {
		ether_mcast_map(group, mac);
		if_delmulti(ifp, mac);
	}
}

int
in_mcast_member(struct host *h, uint32_t group, struct ifnet *ifp)
{
	struct in_multi *inm;

	if (group == IN_ALLHOSTS)
		return 1;
	for (inm = HINET(h)->ih_multi; inm != NULL; inm = inm->inm_next)
		if (inm->inm_addr == group && (ifp == NULL || inm->inm_ifindex == ifp->if_index))
			return 1;
	return 0;
}

void
in_mcast_host_detach(struct host *h)
{
	struct in_multi *inm;

	while ((inm = HINET(h)->ih_multi) != NULL) {
		HINET(h)->ih_multi = inm->inm_next;
		free(inm);
	}
}

static struct ip_moptions *
imo_get(struct inpcb *inp)
{
	struct ip_moptions *imo = inp->inp_moptions;

	if (imo == NULL && (imo = calloc(1, sizeof(*imo))) != NULL) {
		imo->imo_ttl = 1;	/* RFC 1112 §6.1: 1 unless the sender asks */
		imo->imo_loop = 1;	/* Linux's default */
		inp->inp_moptions = imo;
	}
	return imo;
}

void
in_mcast_pcbfree(struct inpcb *inp)
{
	struct ip_moptions *imo = inp->inp_moptions;
	struct host *h = inp->inp_table->ipt_host;
	unsigned i;

	if (imo == NULL)
		return;
	for (i = 0; i < imo->imo_n; i++)
		in_leavegroup(h, imo->imo_m[i].group, imo->imo_m[i].ifindex);
	free(imo);
	inp->inp_moptions = NULL;
}

void
in_mcast_out(struct inpcb *inp, struct host *h, struct ifnet **ifpp,
    uint32_t *src, uint8_t *ttl, int *loop)
{
	struct ip_moptions *imo = inp->inp_moptions;

	*ifpp = NULL;
	*src = IN_ANY;
	*ttl = 1;
	*loop = 1;
	if (imo == NULL)
		return;
	*ttl = imo->imo_ttl;
	*loop = imo->imo_loop;
	if (imo->imo_ifindex != 0)
		*ifpp = if_byindex(h, imo->imo_ifindex);
	*src = imo->imo_ifaddr;
}

/* struct ip_mreqn from an ip_mreqn, an ip_mreq, or (IP_MULTICAST_IF) an in_addr. */
static int
mc_mreqn(const void *val, socklen_t len, int if_only, struct ip_mreqn *m)
{
	memset(m, 0, sizeof(*m));
	if (len >= sizeof(struct ip_mreqn))
		memcpy(m, val, sizeof(*m));
	else if (len >= sizeof(struct ip_mreq))
		memcpy(m, val, sizeof(struct ip_mreq));
	else if (if_only && len >= sizeof(struct in_addr))
		memcpy(&m->imr_address, val, sizeof(struct in_addr));
	else
		return EINVAL;
	return 0;
}

/*
 * The interface a membership names: its index, else its address, else the
 * route to the group (Linux's ip_mc_find_dev); NULL: ENODEV.
 */
static struct ifnet *
mc_ifp(struct host *h, const struct ip_mreqn *m, uint32_t group)
{
	struct in_ifaddr *ifa;
	struct ifnet *ifp = NULL;
	uint32_t nexthop, addr = ntohl(m->imr_address.s_addr);
	int bcast;

	if (m->imr_ifindex != 0)
		return if_byindex(h, (unsigned)m->imr_ifindex);
	if (addr != IN_ANY)
		return (ifa = ifa_ifwithaddr(h, addr)) != NULL ? ifa->ifa_ifp : NULL;
	if (ip_route_out(h, group, 0, &ifp, &nexthop, &bcast) != 0)
		return NULL;
	return ifp;
}

static int
mc_add(struct inpcb *inp, const void *val, socklen_t len)
{
	struct host *h = inp->inp_table->ipt_host;
	struct ip_moptions *imo;
	struct ip_mreqn m;
	struct ifnet *ifp;
	uint32_t group;
	unsigned i;
	int error;

	if ((error = mc_mreqn(val, len, 0, &m)) != 0)
		return error;
	group = ntohl(m.imr_multiaddr.s_addr);
	if (!IN_ISCLASSD(group))
		return EINVAL;
	if ((ifp = mc_ifp(h, &m, group)) == NULL)
		return ENODEV;
	if ((imo = imo_get(inp)) == NULL)
		return ENOBUFS;
	for (i = 0; i < imo->imo_n; i++)
		if (imo->imo_m[i].group == group && imo->imo_m[i].ifindex == ifp->if_index)
			return EADDRINUSE;
	if (imo->imo_n == IN_MAX_MEMBERSHIPS)
		return ENOBUFS;
	if ((error = in_joingroup(h, group, ifp)) != 0)
		return error;
	imo->imo_m[imo->imo_n].group = group;
	imo->imo_m[imo->imo_n].ifindex = ifp->if_index;
	imo->imo_n++;
	return 0;
}

static int
mc_drop(struct inpcb *inp, const void *val, socklen_t len)
{
	struct host *h = inp->inp_table->ipt_host;
	struct ip_moptions *imo = inp->inp_moptions;
	struct ip_mreqn m;
	struct ifnet *ifp = NULL;
	uint32_t group;
	unsigned i;
	int error;

	if ((error = mc_mreqn(val, len, 0, &m)) != 0)
		return error;
	group = ntohl(m.imr_multiaddr.s_addr);
	if (!IN_ISCLASSD(group))
		return EINVAL;
	/* An interface named must exist; none named matches any (Linux). */
	if ((m.imr_ifindex != 0 || m.imr_address.s_addr != 0) &&
	    (ifp = mc_ifp(h, &m, group)) == NULL)
		return ENODEV;
	for (i = 0; imo != NULL && i < imo->imo_n; i++) {
		if (imo->imo_m[i].group != group ||
		    (ifp != NULL && imo->imo_m[i].ifindex != ifp->if_index))
			continue;
		in_leavegroup(h, group, imo->imo_m[i].ifindex);
		imo->imo_m[i] = imo->imo_m[--imo->imo_n];
		return 0;
	}
	return EADDRNOTAVAIL;
}

static int
mc_setif(struct inpcb *inp, const void *val, socklen_t len)
{
	struct host *h = inp->inp_table->ipt_host;
	struct ip_moptions *imo;
	struct ip_mreqn m;
	struct in_ifaddr *ifa;
	struct ifnet *ifp;
	uint32_t addr;
	int error;

	if ((error = mc_mreqn(val, len, 1, &m)) != 0)
		return error;
	if ((imo = imo_get(inp)) == NULL)
		return ENOBUFS;
	addr = ntohl(m.imr_address.s_addr);
	if (m.imr_ifindex == 0 && addr == IN_ANY) {
		imo->imo_ifindex = 0;
		imo->imo_ifaddr = IN_ANY;
		return 0;
	}
	if (m.imr_ifindex != 0)
		ifp = if_byindex(h, (unsigned)m.imr_ifindex);
	else
		ifp = (ifa = ifa_ifwithaddr(h, addr)) != NULL ? ifa->ifa_ifp : NULL;
	if (ifp == NULL)
		return EADDRNOTAVAIL;
	imo->imo_ifindex = ifp->if_index;
	imo->imo_ifaddr = addr;
	return 0;
}

int
in_mcast_ctloutput(struct inpcb *inp, int set, int name, void *val,
    socklen_t *len)
{
	struct ip_moptions *imo = inp->inp_moptions;
	int stream = inp->inp_socket != NULL && inp->inp_socket->so_type == SOCK_STREAM;
	struct in_addr a;
	int v, error;

	/* Linux's answers on a TCP socket: memberships EPROTO, IF and TTL EINVAL. */
	if (stream && set && (name == IP_ADD_MEMBERSHIP || name == IP_DROP_MEMBERSHIP))
		return EPROTO;
	if (stream && set && (name == IP_MULTICAST_IF || name == IP_MULTICAST_TTL))
		return EINVAL;
	switch (name) {
	case IP_ADD_MEMBERSHIP:
		return set ? mc_add(inp, val, *len) : ENOPROTOOPT;
	case IP_DROP_MEMBERSHIP:
		return set ? mc_drop(inp, val, *len) : ENOPROTOOPT;
	case IP_MULTICAST_IF:
		if (set)
			return mc_setif(inp, val, *len);
		if (*len < sizeof(a))
			return EINVAL;
		a.s_addr = htonl(imo != NULL ? imo->imo_ifaddr : IN_ANY);
		memcpy(val, &a, sizeof(a));
		*len = sizeof(a);
		return 0;
	case IP_MULTICAST_TTL:
		if (!set)
			return sockopt_out_ipint(val, len, imo != NULL ? imo->imo_ttl : 1);
		if (*len < 1)	/* these two need a value (do_ip_setsockopt) */
			return EINVAL;
		if ((error = sockopt_in_ipint(val, *len, &v)) != 0)
			return error;
		if (v == -1)
			v = 1;
		if (v < 0 || v > 255)
			return EINVAL;
		if ((imo = imo_get(inp)) == NULL)
			return ENOBUFS;
		imo->imo_ttl = (uint8_t)v;
		return 0;
	case IP_MULTICAST_LOOP:
		if (!set)
			return sockopt_out_ipint(val, len, imo != NULL ? imo->imo_loop : 1);
		if (*len < 1)	/* these two need a value (do_ip_setsockopt) */
			return EINVAL;
		if ((error = sockopt_in_ipint(val, *len, &v)) != 0)
			return error;
		if ((imo = imo_get(inp)) == NULL)
			return ENOBUFS;
		imo->imo_loop = v != 0;
		return 0;
	}
	return ENOPROTOOPT;
}
