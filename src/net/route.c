/*
 * Routing table: a list kept in order of decreasing mask length, so that
 * the first entry matching a destination is its longest-prefix match (the
 * rule of RFC 1812 §5.2.4.3; a host's table is small enough that a list
 * serves where 4.4BSD used a radix tree).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/in_addr.h"
#include "kern/host.h"
#include "net/if_var.h"
#include "net/net_host.h"
#include "net/route_var.h"

/*
 * Adds a route to dst/mask.  With a gateway, the route goes through it and
 * ifp may be NULL: the interface is the one whose network holds the
 * gateway (RFC 1122 §3.3.1.1: a gateway must be directly connected).
 * Returns 0, EINVAL (mask not contiguous, or no gateway and no interface),
 * ENETUNREACH (gateway on no connected network) or EEXIST.
 */
int
rt_add(struct host *h, uint32_t dst, uint32_t mask, uint32_t gateway,
    unsigned flags, struct ifnet *ifp)
{
	struct net_host *nh = HNET(h);
	struct rtentry_in *rt, **pp;

	if (!in_mask_ok(mask))
		return EINVAL;
	dst &= mask;
	if (gateway != 0) {
		flags |= RTF_GATEWAY;
		if (ifp == NULL) {
			struct in_ifaddr *ifa = ifa_ifwithnet(h, gateway);

			if (ifa == NULL)
				return ENETUNREACH;
			ifp = ifa->ifa_ifp;
		}
	} else
		flags &= ~RTF_GATEWAY;
	if (ifp == NULL)
		return EINVAL;
	if (mask == 0xffffffffu)
		flags |= RTF_HOST;
	for (rt = nh->nh_routes; rt != NULL; rt = rt->rt_next)
		if (rt->rt_dst == dst && rt->rt_mask == mask)
			return EEXIST;
	if ((rt = calloc(1, sizeof(*rt))) == NULL)
		return ENOMEM;
	rt->rt_dst = dst;
	rt->rt_mask = mask;
	rt->rt_gateway = gateway;
	rt->rt_flags = flags | RTF_UP;
	rt->rt_ifp = ifp;
	for (pp = &nh->nh_routes; *pp != NULL; pp = &(*pp)->rt_next)
		if ((*pp)->rt_mask < mask)
			break;
	rt->rt_next = *pp;
	*pp = rt;
	return 0;
}

/* Deletes the route to dst/mask.  Returns 0 or ESRCH. */
int
rt_delete(struct host *h, uint32_t dst, uint32_t mask)
{
	struct rtentry_in *rt, **pp;

	dst &= mask;
	for (pp = &HNET(h)->nh_routes; (rt = *pp) != NULL; pp = &rt->rt_next)
		if (rt->rt_dst == dst && rt->rt_mask == mask) {
			*pp = rt->rt_next;
			free(rt);
			return 0;
		}
	return ESRCH;
}

/* The longest-prefix route to dst, or NULL. */
struct rtentry_in *
rt_lookup(struct host *h, uint32_t dst)
{
	struct rtentry_in *rt;

	for (rt = HNET(h)->nh_routes; rt != NULL; rt = rt->rt_next)
		if ((dst & rt->rt_mask) == rt->rt_dst && (rt->rt_flags & RTF_UP))
			return rt;
	return NULL;
}

/* Removes every route through ifp (the interface is going away). */
void
rt_purge_ifp(struct host *h, struct ifnet *ifp)
{
	struct rtentry_in *rt, **pp;

	for (pp = &HNET(h)->nh_routes; (rt = *pp) != NULL;)
		if (rt->rt_ifp == ifp) {
			*pp = rt->rt_next;
			free(rt);
		} else
			pp = &rt->rt_next;
}

/* Removes the interface route to dst/mask through ifp, if there is one. */
void
rt_purge_net(struct host *h, struct ifnet *ifp, uint32_t dst, uint32_t mask)
{
	struct rtentry_in *rt, **pp;

	for (pp = &HNET(h)->nh_routes; (rt = *pp) != NULL; pp = &rt->rt_next)
		if (rt->rt_ifp == ifp && rt->rt_dst == dst &&
		    rt->rt_mask == mask && !(rt->rt_flags & RTF_GATEWAY)) {
			*pp = rt->rt_next;
			free(rt);
			return;
		}
}

void
rt_flush(struct host *h)
{
	struct rtentry_in *rt;

	while ((rt = HNET(h)->nh_routes) != NULL) {
		HNET(h)->nh_routes = rt->rt_next;
		free(rt);
	}
}

/*
 * Fills up to max entries in lookup order and returns how many routes
 * there are, for `uipc route` and netstat -r.
 */
size_t
rt_list(struct host *h, struct rt_info *v, size_t max)
{
	struct rtentry_in *rt;
	size_t n = 0;

	for (rt = HNET(h)->nh_routes; rt != NULL; rt = rt->rt_next, n++) {
		if (n >= max)
			continue;
		memset(&v[n], 0, sizeof(v[n]));
		v[n].ri_dst = rt->rt_dst;
		v[n].ri_mask = rt->rt_mask;
		v[n].ri_gateway = rt->rt_gateway;
		v[n].ri_flags = rt->rt_flags;
		memcpy(v[n].ri_ifname, rt->rt_ifp->if_name, IFNAMSIZ);
		v[n].ri_use = rt->rt_use;
	}
	return n;
}
