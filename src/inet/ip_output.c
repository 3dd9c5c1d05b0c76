/*
 * IP output (RFC 791 §3.2; RFC 1122 §3.3.1 for routing outbound datagrams,
 * §3.3.6 for broadcasts).  ip_output() builds the header for a datagram a
 * protocol sends; ip_transmit() (shared with forwarding) fragments to the
 * interface MTU and hands each piece to the interface.
 *
 * Errors known at once come back to the caller, as the primer and
 * DESIGN.md want them: ENETUNREACH (no route, or MSG_DONTROUTE to a
 * destination on no connected network), EHOSTUNREACH (a reject route, or
 * ARP gave up on the next hop lately), ENETDOWN, EACCES (a broadcast
 * without permission), EMSGSIZE (don't-fragment or broadcast too big),
 * EADDRNOTAVAIL (no source address), ENOBUFS.
 */
#include <errno.h>
#include <string.h>

#include "base/pkt.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/in_mcast.h"
#include "inet/ip.h"
#include "inet/ip_var.h"
#include "kern/host.h"
#include "net/if_var.h"
#include "net/route_var.h"

/*
 * The source address for a datagram leaving by ifp toward nexthop: an
 * address of ifp on the next hop's network, else its first (RFC 1122
 * §3.3.4.3).
 */
uint32_t
ip_src_for(struct ifnet *ifp, uint32_t nexthop)
{
	struct in_ifaddr *ifa;

	if (ifp == NULL)
		return 0;
	for (ifa = ifp->if_addrs; ifa != NULL; ifa = ifa->ifa_next)
		if ((nexthop & ifa->ifa_mask) == (ifa->ifa_addr & ifa->ifa_mask))
			return ifa->ifa_addr;
	return ifp->if_addrs != NULL ? ifp->if_addrs->ifa_addr : 0;
}

/* The interface a limited broadcast goes out on: the first that can. */
static struct ifnet *
ip_bcast_ifp(struct host *h)
{
	struct ifnet *ifp;

	for (ifp = HNET(h)->nh_ifnets; ifp != NULL; ifp = ifp->if_next)
		if ((ifp->if_flags & (IFF_UP | IFF_BROADCAST)) ==
		    (IFF_UP | IFF_BROADCAST) && ifp->if_addrs != NULL)
			return ifp;
	return NULL;
}

/*
 * Chooses the interface and next hop for dst.  A destination that is one
 * of our own addresses goes by loopback.  Returns 0 or an errno (above).
 */
int
ip_route_out(struct host *h, uint32_t dst, unsigned flags,
    struct ifnet **ifpp, uint32_t *nexthop, int *bcast)
{
	struct net_host *nh = HNET(h);
	struct rtentry_in *rt;
	struct in_ifaddr *ifa;
	struct ifnet *ifp;

	*bcast = 0;
	*nexthop = dst;
	if (dst == IN_BROADCAST) {
		if ((ifp = *ifpp) == NULL && (ifp = ip_bcast_ifp(h)) == NULL)
			return ENETUNREACH;
		*ifpp = ifp;
		*bcast = 1;
		return 0;
	}
	if (IN_ISCLASSD(dst)) {
		/*
		 * A group: out of the interface IP_MULTICAST_IF chose, else the
		 * one the route names (Linux), to the group itself, never by a
		 * gateway (RFC 1112 §6.4).
		 */
		if (*ifpp == NULL) {
			if ((rt = rt_lookup(h, dst)) == NULL)
				return ENETUNREACH;
			if (rt->rt_flags & RTF_REJECT)
				return EHOSTUNREACH;
			*ifpp = rt->rt_ifp;
		}
		return ((*ifpp)->if_flags & IFF_UP) ? 0 : ENETDOWN;
	}
	if (ip_is_local(h, dst)) {
		if (nh->nh_lo == NULL)
			return ENETUNREACH;
		*ifpp = nh->nh_lo;
		return 0;
	}
	if (ip_is_lobroadcast(h, dst)) {
		*ifpp = nh->nh_lo;
		*bcast = 1;
		return 0;
	}
	if (flags & IPO_DONTROUTE) {
		/* MSG_DONTROUTE: only a directly connected network will do. */
		if ((ifa = ifa_ifwithnet(h, dst)) == NULL)
			return ENETUNREACH;
		*ifpp = ifa->ifa_ifp;
		*bcast = in_broadcast(h, dst, ifa->ifa_ifp);
		return 0;
	}
	if ((rt = rt_lookup(h, dst)) == NULL)
		return ENETUNREACH;
	if (rt->rt_flags & RTF_REJECT)
		return EHOSTUNREACH;
	ifp = rt->rt_ifp;
	if (!(ifp->if_flags & IFF_UP))
		return ENETDOWN;
	rt->rt_use++;
	*ifpp = ifp;
	if (rt->rt_flags & RTF_GATEWAY)
		*nexthop = rt->rt_gateway;
	else
		*bcast = in_broadcast(h, dst, ifp);
	return 0;
}

/*
 * Splits the datagram p (pk_data at its header) into fragments that fit
 * mtu and hands each to ifp (RFC 791 §3.2, "An Example Fragmentation
 * Procedure"; the options that say so are copied into every fragment).
 * p may itself be a fragment being forwarded.  Consumes p.
 */
static int
ip_fragment(struct host *h, struct pkt *p, struct ifnet *ifp,
    uint32_t nexthop, unsigned ifo)
{
	struct ipstat *ips = &HINET(h)->ih_ipstat;
	struct ip_hdr ip, fh;
	uint8_t opts[IP_MAXHLEN];
	size_t hl, hl2, optlen2, payload, off, chunk;
	unsigned base;
	int error = 0, error1;

	if (ip_parse(p->pk_data, p->pk_len, &ip) != IPE_OK) {
		pkt_free(p);
		return EINVAL;
	}
	hl = ip.ip_hl;
	payload = ip.ip_len - hl;
	optlen2 = ip.ip_optlen ? ip_optcopy(ip.ip_opts, ip.ip_optlen, opts) : 0;
	hl2 = IP_MINHLEN + optlen2;
	base = (unsigned)(ip.ip_off & IP_OFFMASK) * 8;
	if (ifp->if_mtu < hl + 8 || ifp->if_mtu < hl2 + 8) {
		ips->ips_cantfrag++;
		pkt_free(p);
		return EMSGSIZE;
	}
	ips->ips_fragmented++;
	for (off = 0; off < payload; off += chunk) {
		size_t fhl = off == 0 ? hl : hl2;
		struct pkt *f;
		int more;

		chunk = (ifp->if_mtu - fhl) & ~(size_t)7;
		if (chunk > payload - off)
			chunk = payload - off;
		more = off + chunk < payload || (ip.ip_off & IP_MF);
		if ((f = pkt_alloc(h->h_stack->st_pkts, fhl + chunk)) == NULL) {
			ips->ips_odropped++;
			error = ENOBUFS;
			break;
		}
		fh = ip;
		if (off != 0) {
			fh.ip_opts = optlen2 ? opts : NULL;
			fh.ip_optlen = (uint8_t)optlen2;
		}
		fh.ip_hl = (uint8_t)fhl;
		fh.ip_len = (uint16_t)(fhl + chunk);
		fh.ip_off = (uint16_t)((ip.ip_off & IP_DF) |
		    (more ? IP_MF : 0) | ((base + off) / 8));
		ip_emit(&fh, f->pk_data);
		memcpy(f->pk_data + fhl, p->pk_data + hl + off, chunk);
		ips->ips_ofragments++;
		error1 = ifp->if_output(ifp, f, nexthop, ifo);
		if (error == 0)
			error = error1;
	}
	pkt_free(p);
	return error;
}

/*
 * Hands the finished datagram p (pk_data at its header) to ifp for
 * nexthop, fragmenting it if it is bigger than the MTU.  Consumes p.
 */
int
ip_transmit(struct host *h, struct pkt *p, struct ifnet *ifp,
    uint32_t nexthop, int bcast)
{
	struct ipstat *ips = &HINET(h)->ih_ipstat;
	unsigned ifo = bcast ? IFO_BCAST : IN_ISCLASSD(nexthop) ? IFO_MCAST : 0;
	struct ifnet *lo = HNET(h)->nh_lo;
	struct pkt *copy;

	/*
	 * A broadcast is heard by its sender's host too, as on 4.4BSD (a
	 * simplex interface loops a copy back, ether_output) and Linux: an
	 * rwhod hears its own status (primer §4.3).
	 */
	if (bcast && lo != NULL && ifp != lo && p->pk_len <= ifp->if_mtu &&
	    (copy = pkt_copy(p)) != NULL)
		lo->if_output(lo, copy, nexthop, 0);
	if (p->pk_len <= ifp->if_mtu)
		return ifp->if_output(ifp, p, nexthop, ifo);
	/*
	 * Don't fragment, or a broadcast (4.4BSD refuses to fragment those,
	 * so one lost piece does not cost every receiver the whole).
	 */
	if ((p->pk_data[6] & (IP_DF >> 8)) || bcast) {
		ips->ips_cantfrag++;
		pkt_free(p);
		return EMSGSIZE;
	}
	return ip_fragment(h, p, ifp, nexthop, ifo);
}

/*
 * Sends the payload p (pk_data at the transport header, or at the IP
 * header with IPO_RAWHDR) as one IP datagram described by o.  Consumes p.
 * Returns 0 or an errno from the list at the top of this file.
 */
int
ip_output(struct host *h, struct pkt *p, const struct ip_out *o)
{
	struct inet_host *ih = HINET(h);
	struct ipstat *ips = &ih->ih_ipstat;
	struct ifnet *ifp = o->io_ifp;
	struct ip_hdr ip;
	uint32_t nexthop, src;
	size_t hl;
	uint8_t *b;
	int bcast, error;

	error = ip_route_out(h, o->io_dst, o->io_flags, &ifp, &nexthop, &bcast);
	if (error != 0) {
		if (error == ENETUNREACH || error == EHOSTUNREACH)
			ips->ips_noroute++;
		goto bad;
	}
	if (bcast && !(o->io_flags & IPO_ALLOWBCAST)) {
		ips->ips_bcast_denied++;
		error = EACCES;
		goto bad;
	}
	if (o->io_flags & IPO_RAWHDR) {
		/* The caller's header: fill in what it left zero. */
		if (p->pk_len < IP_MINHLEN) {
			error = EINVAL;
			goto bad;
		}
		memset(&ip, 0, sizeof(ip));
		b = p->pk_data;
		hl = (size_t)(b[0] & 0x0f) * 4;
		if (hl < IP_MINHLEN || hl > p->pk_len) {
			error = EINVAL;
			goto bad;
		}
		b[2] = (uint8_t)(p->pk_len >> 8);
		b[3] = (uint8_t)p->pk_len;
		if (b[4] == 0 && b[5] == 0) {
			uint16_t id = ih->ih_ip_id++;

			b[4] = (uint8_t)(id >> 8);
			b[5] = (uint8_t)id;
		}
		if ((b[12] | b[13] | b[14] | b[15]) == 0) {
			src = ip_src_for(ifp, nexthop);
			b[12] = (uint8_t)(src >> 24);
			b[13] = (uint8_t)(src >> 16);
			b[14] = (uint8_t)(src >> 8);
			b[15] = (uint8_t)src;
		}
		ip_set_ttl_sum(b, b[8]);
	} else {
		src = o->io_src;
		if (src == IN_ANY)
			src = ifp == HNET(h)->nh_lo && !IN_ISLOOPBACK(o->io_dst) ?
			    o->io_dst : ip_src_for(ifp, nexthop);
		if (src == IN_ANY) {
			ips->ips_badaddr_out++;
			error = EADDRNOTAVAIL;
			goto bad;
		}
		memset(&ip, 0, sizeof(ip));
		ip.ip_opts = o->io_opts;
		ip.ip_optlen = o->io_opts ? o->io_optlen : 0;
		hl = IP_MINHLEN + (((size_t)ip.ip_optlen + 3) & ~(size_t)3);
		if (hl > IP_MAXHLEN || p->pk_len + hl > IP_MAXPACKET) {
			error = hl > IP_MAXHLEN ? EINVAL : EMSGSIZE;
			goto bad;
		}
		if ((b = pkt_prepend(p, hl)) == NULL) {
			ips->ips_odropped++;
			error = ENOBUFS;
			goto bad;
		}
		ip.ip_hl = (uint8_t)hl;
		ip.ip_tos = o->io_tos;
		ip.ip_len = (uint16_t)p->pk_len;
		ip.ip_id = ih->ih_ip_id++;
		ip.ip_off = (o->io_flags & IPO_DF) ? IP_DF : 0;
		ip.ip_ttl = o->io_ttl ? o->io_ttl : ih->ih_ttl;
		ip.ip_p = o->io_proto;
		ip.ip_src = src;
		ip.ip_dst = o->io_dst;
		ip_emit(&ip, b);
	}
	ips->ips_localout++;
	/*
	 * RFC 1112 §6.1: a datagram to a group the sending host is in is
	 * delivered to it too, unless IP_MULTICAST_LOOP said not.
	 */
	if (IN_ISCLASSD(o->io_dst) && (o->io_flags & IPO_MCAST_LOOP) && ifp != HNET(h)->nh_lo &&
	    HNET(h)->nh_lo != NULL && in_mcast_member(h, o->io_dst, ifp)) {
		struct pkt *copy = pkt_copy(p);

		if (copy != NULL)
			HNET(h)->nh_lo->if_output(HNET(h)->nh_lo, copy, nexthop, 0);
	}
	return ip_transmit(h, p, ifp, nexthop, bcast);
bad:
	pkt_free(p);
	return error;
}
