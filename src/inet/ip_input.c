/*
 * IP input (RFC 791 §3.2; RFC 1122 §3.2.1 for the checks a host must make,
 * RFC 1812 §5.2-5.3 for forwarding).  Read before editing: RFC 1122
 * §3.2.1.1-3.2.1.8 (what to check and what to silently discard), §3.3.6
 * (broadcasts), §3.2.2 (when an ICMP error may be sent: ip_icmp.c).
 *
 * The path: parse and validate the header (every refusal has its ipstat
 * counter); trim link padding; refuse impossible sources; decide local
 * delivery (one of our addresses, or a broadcast) or forwarding; reassemble
 * fragments; hand the datagram to the protocol registered for its number in
 * the host's table, or to raw IP, or answer protocol unreachable.
 */
#include <errno.h>
#include <string.h>

#include "base/pkt.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/in_mcast.h"
#include "inet/ip.h"
#include "inet/ip_icmp.h"
#include "inet/ip_var.h"
#include "kern/host.h"
#include "net/if_var.h"
#include "net/route_var.h"

int
ip_is_local(struct host *h, uint32_t a)
{
	return ifa_ifwithaddr(h, a) != NULL;
}

/*
 * Is a the broadcast address of the loopback network (127.255.255.255 for
 * lo0's 127.0.0.1/8)?  Linux's local table makes it a broadcast route on
 * lo: a datagram to it needs SO_BROADCAST and reaches every socket of this
 * host bound to its port (ip(7)); lo0 itself has no IFF_BROADCAST.
 */
int
ip_is_lobroadcast(struct host *h, uint32_t a)
{
	struct ifnet *lo = HNET(h)->nh_lo;
	struct in_ifaddr *ifa;

	if (lo == NULL || !IN_ISLOOPBACK(a))
		return 0;
	for (ifa = lo->if_addrs; ifa != NULL; ifa = ifa->ifa_next)
		if (ifa->ifa_mask < 0xfffffffeu && a == (ifa->ifa_addr | ~ifa->ifa_mask))
			return 1;
	return 0;
}

static int
ip_count_perr(struct ipstat *ips, enum ip_perr e)
{
	switch (e) {
	case IPE_OK:
		return 0;
	case IPE_TOOSHORT:
		ips->ips_tooshort++;
		break;
	case IPE_BADVERS:
		ips->ips_badvers++;
		break;
	case IPE_BADHLEN:
		ips->ips_badhlen++;
		break;
	case IPE_BADLEN:
		ips->ips_badlen++;
		break;
	case IPE_TRUNCATED:
		ips->ips_truncated++;
		break;
	case IPE_BADSUM:
		ips->ips_badsum++;
		break;
	case IPE_BADOPTIONS:
		ips->ips_badoptions++;
		break;
	}
	return 1;
}

/*
 * Hands a datagram for this host to its protocol.  Consumes p.
 */
static void
ip_deliver(struct host *h, struct pkt *p, struct ip_info *ii)
{
	struct inet_host *ih = HINET(h);
	struct ipstat *ips = &ih->ih_ipstat;
	struct ip_protosw *pr;

	if (ip_is_fragment(&ii->ii_ip)) {
		ips->ips_fragments++;
		if ((p = ip_reass(h, p, &ii->ii_ip)) == NULL)
			return;
		/* The reassembled header was built by us and parses. */
		if (ip_parse(p->pk_data, p->pk_len, &ii->ii_ip) != IPE_OK) {
			pkt_free(p);
			return;
		}
	}
	pr = &ih->ih_proto[ii->ii_ip.ip_p];
	if (pr->pr_input != NULL) {
		ips->ips_delivered++;
		pr->pr_input(h, p, ii, pr->pr_arg);
		return;
	}
	if (ih->ih_rawinput != NULL && ih->ih_rawinput(h, p, ii, ih->ih_rawarg) > 0) {
		ips->ips_delivered++;
		pkt_free(p);
		return;
	}
	/* RFC 1122 §3.2.2.1: protocol unreachable (icmp_error checks bcast). */
	ips->ips_noproto++;
	icmp_error(h, p, ICMP_UNREACH, ICMP_UNREACH_PROTOCOL, 0);
	pkt_free(p);
}

/*
 * Forwards a datagram that is not for us (RFC 1812 §5.2, §5.3.1 for the
 * TTL).  A host (ih_forwarding off) is no gateway (RFC 1122 §1.1.4) and
 * silently discards it.  Consumes p.
 */
static void
ip_forward(struct host *h, struct pkt *p, struct ip_info *ii)
{
	struct inet_host *ih = HINET(h);
	struct ipstat *ips = &ih->ih_ipstat;
	const struct ip_hdr *ip = &ii->ii_ip;
	struct ifnet *ifp;
	uint32_t nexthop;
	uint8_t saved[IP_MAXHLEN + 8];
	size_t savedlen;
	unsigned pkflags = p->pk_flags;
	int bcast, error;

	if (!ih->ih_forwarding) {
		ips->ips_notforus++;
		goto drop;
	}
	if (ip->ip_ttl <= 1) {
		ips->ips_ttlexceeded++;
		ips->ips_cantforward++;
		icmp_error(h, p, ICMP_TIMXCEED, ICMP_TIMXCEED_INTRANS, 0);
		goto drop;
	}
	error = ip_route_out(h, ip->ip_dst, 0, &ifp, &nexthop, &bcast);
	if (error != 0 || bcast || (ifp->if_flags & IFF_LOOPBACK)) {
		ips->ips_cantforward++;
		if (error == ENETUNREACH)
			ips->ips_noroute++;
		icmp_error(h, p, ICMP_UNREACH, error == ENETUNREACH ?
		    ICMP_UNREACH_NET : ICMP_UNREACH_HOST, 0);
		goto drop;
	}
	/* XXX issue 3: no ICMP redirect when ifp == ii->ii_ifp. */
	if (ip->ip_len > ifp->if_mtu && (ip->ip_off & IP_DF)) {
		ips->ips_cantforward++;
		ips->ips_cantfrag++;
		icmp_error(h, p, ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG,
		    ifp->if_mtu);
		goto drop;
	}
	savedlen = p->pk_len < sizeof(saved) ? p->pk_len : ip->ip_hl + 8u;
	if (savedlen > p->pk_len)
		savedlen = p->pk_len;
	memcpy(saved, p->pk_data, savedlen);
	ip_set_ttl_sum(p->pk_data, (uint8_t)(ip->ip_ttl - 1));
	error = ip_transmit(h, p, ifp, nexthop, 0);
	if (error == 0) {
		ips->ips_forward++;
		return;
	}
	ips->ips_cantforward++;
	if (error == EHOSTUNREACH || error == ENETDOWN)
		icmp_error_bytes(h, saved, savedlen, pkflags, ii->ii_ifp,
		    ICMP_UNREACH, ICMP_UNREACH_HOST, 0);
	return;
drop:
	pkt_free(p);
}

/*
 * A datagram arrived on ifp (pk_data at its IP header; the link layer set
 * PKF_BCAST if it came as a link broadcast).  Consumes p.
 */
void
ip_input(struct ifnet *ifp, struct pkt *p)
{
	struct host *h = ifp->if_host;
	struct inet_host *ih = HINET(h);
	struct ipstat *ips = &ih->ih_ipstat;
	struct ip_info ii;
	struct ip_hdr *ip = &ii.ii_ip;
	int loop = (ifp->if_flags & IFF_LOOPBACK) != 0;

	ips->ips_total++;
	memset(&ii, 0, sizeof(ii));
	if (ip_count_perr(ips, ip_parse(p->pk_data, p->pk_len, ip)))
		goto drop;
	/* Bytes past the total length are link-layer padding. */
	pkt_trim(p, ip->ip_len);
	ii.ii_ifp = ifp;
	if (p->pk_flags & PKF_BCAST)
		ii.ii_flags |= II_LLBCAST;

	/*
	 * RFC 1122 §3.2.1.3: a source that is broadcast, multicast or class
	 * E is no host; 127/8 must not appear outside a host, nor any
	 * directed broadcast as a source.
	 */
	if (!in_src_ok(ip->ip_src) || ifa_ifwithbroad(h, ip->ip_src) != NULL) {
		ips->ips_badsrc++;
		goto drop;
	}
	if (!loop && (IN_ISLOOPBACK(ip->ip_src) || IN_ISLOOPBACK(ip->ip_dst))) {
		ips->ips_martian++;
		goto drop;
	}
	if (IN_ISCLASSD(ip->ip_dst)) {
		/*
		 * RFC 1112 §7.2: a datagram to a group is delivered only if the
		 * host is a member on the interface it came in on (any, when
		 * looped back from its own send); never forwarded.
		 */
		if (!in_mcast_member(h, ip->ip_dst, loop ? NULL : ifp)) {
			ips->ips_multicast++;
			goto drop;
		}
		ii.ii_flags |= II_MCAST;
		ip_deliver(h, p, &ii);
		return;
	}
	if (IN_ISCLASSE(ip->ip_dst) && ip->ip_dst != IN_BROADCAST) {
		ips->ips_notforus++;
		goto drop;
	}
	if (loop && ip_is_lobroadcast(h, ip->ip_dst)) {
		ii.ii_flags |= II_BCAST;
		ip_deliver(h, p, &ii);
		return;
	}
	if (ip_is_local(h, ip->ip_dst) || (loop && IN_ISLOOPBACK(ip->ip_dst))) {
		ip_deliver(h, p, &ii);
		return;
	}
	if (in_broadcast(h, ip->ip_dst, NULL)) {
		ii.ii_flags |= II_BCAST;
		ip_deliver(h, p, &ii);
		return;
	}
	/*
	 * RFC 1122 §3.3.6: a datagram that came as a link-layer broadcast
	 * but is not to an IP broadcast address is silently discarded (and
	 * never forwarded: RFC 1812 §5.3.4).
	 */
	if (ii.ii_flags & II_LLBCAST) {
		ips->ips_nobcastfwd++;
		goto drop;
	}
	ip_forward(h, p, &ii);
	return;
drop:
	pkt_free(p);
}

/* The protocol table. */

/*
 * Registers protocol number proto on host h: from now on ip_input hands it
 * the datagrams of that number, and ICMP the errors about them.  The entry
 * is copied.  Returns 0, EINVAL (255 is reserved) or EEXIST.
 */
int
ip_proto_register(struct host *h, uint8_t proto, const struct ip_protosw *pr)
{
	struct ip_protosw *slot = &HINET(h)->ih_proto[proto];

	if (proto == 255)
		return EINVAL;
	if (slot->pr_input != NULL || slot->pr_ctlinput != NULL)
		return EEXIST;
	*slot = *pr;
	return 0;
}

int
ip_proto_unregister(struct host *h, uint8_t proto)
{
	struct ip_protosw *slot = &HINET(h)->ih_proto[proto];

	if (slot->pr_input == NULL && slot->pr_ctlinput == NULL)
		return ENOENT;
	memset(slot, 0, sizeof(*slot));
	return 0;
}

/* Installs raw IP's input (NULL to remove it). */
void
ip_raw_register(struct host *h, ip_rawinput_fn *fn, void *arg)
{
	HINET(h)->ih_rawinput = fn;
	HINET(h)->ih_rawarg = arg;
}

/* Hands an ICMP error to the protocol of the datagram it is about. */
void
ip_ctlinput(struct host *h, const struct ip_ctl *ic)
{
	struct ip_protosw *pr = &HINET(h)->ih_proto[ic->ic_proto];

	if (pr->pr_ctlinput != NULL)
		pr->pr_ctlinput(h, ic, pr->pr_arg);
	/* Raw sockets of the protocol hear it too (Linux's raw_icmp_error). */
	if (HINET(h)->ih_rawctlinput != NULL)
		HINET(h)->ih_rawctlinput(h, ic);
}
