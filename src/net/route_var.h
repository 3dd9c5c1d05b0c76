#ifndef UIPC_NET_ROUTE_VAR_H
#define UIPC_NET_ROUTE_VAR_H
/*
 * The routing table of one host: a list of (destination, mask) entries,
 * looked up by longest prefix.  An entry either reaches its destination
 * directly through an interface (an interface route, added when an address
 * is set) or through a gateway on a directly connected network (RFC 1122
 * §3.3.1: a host's "route cache" is this table).
 *
 * The RTF_ values are Linux's, so SIOCADDRT from a process maps straight on.
 * (Named route_var.h so as not to shadow the system's <net/route.h>.)
 */
#include <stddef.h>
#include <net/if.h>
#include <stdint.h>

struct host;
struct ifnet;

#ifndef RTF_UP
#define RTF_UP		0x0001	/* usable */
#define RTF_GATEWAY	0x0002	/* destination is through a gateway */
#define RTF_HOST	0x0004	/* host entry (mask is all ones) */
#define RTF_DYNAMIC	0x0010	/* created by a redirect */
#define RTF_REJECT	0x0200	/* answer EHOSTUNREACH */
#define RTF_STATIC	0x0400	/* added by hand or configuration */
#endif

struct rtentry_in {
	struct rtentry_in *rt_next;
	uint32_t rt_dst;	/* host order, already masked */
	uint32_t rt_mask;
	uint32_t rt_gateway;	/* 0 unless RTF_GATEWAY */
	unsigned rt_flags;
	struct ifnet *rt_ifp;
	uint64_t rt_use;	/* datagrams sent along it */
};

/* One route, for listings (uipc route, netstat -r). */
struct rt_info {
	uint32_t ri_dst, ri_mask, ri_gateway;
	unsigned ri_flags;
	char ri_ifname[IFNAMSIZ];
	uint64_t ri_use;
};

int	rt_add(struct host *, uint32_t dst, uint32_t mask, uint32_t gateway,
	    unsigned flags, struct ifnet *);
int	rt_delete(struct host *, uint32_t dst, uint32_t mask);
struct rtentry_in *rt_lookup(struct host *, uint32_t dst);
void	rt_purge_ifp(struct host *, struct ifnet *);
void	rt_purge_net(struct host *, struct ifnet *, uint32_t dst,
	    uint32_t mask);
void	rt_flush(struct host *);
size_t	rt_list(struct host *, struct rt_info *, size_t max);

#endif
