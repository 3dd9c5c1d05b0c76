/*
 * IGMPv2, host side (igmp.h).  Read before editing: RFC 2236 §2 (the
 * message: type, max response time, checksum, group), §3 (what a member
 * does: report on joining, answer queries, leave to 224.0.0.2), RFC 1112
 * §4 (224.0.0.1 is never reported), RFC 2113 (Router Alert).
 *
 * Simplifications, as the virtual segments have no multicast router of
 * uipc's own to query them: a query is answered at once rather than after
 * a random delay up to its max response time (so no report of another
 * member suppresses ours), and the unsolicited report on joining is sent
 * once, not repeated after the Unsolicited Report Interval.
 */
#include <errno.h>
#include <string.h>

#include "base/pkt.h"
#include "inet/igmp.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/in_mcast.h"
#include "inet/ip_var.h"
#include "kern/host.h"
#include "net/if_var.h"

/* RFC 2113: the Router Alert option, "examine this packet". */
static const uint8_t igmp_ra[4] = { 0x94, 0x04, 0x00, 0x00 };

static void
igmp_send(struct host *h, struct ifnet *ifp, uint8_t type, uint32_t group,
    uint32_t dst)
{
	struct igmp_hdr ig = { .ig_type = type, .ig_group = group };
	struct ip_out o;
	struct pkt *p;

	if ((p = pkt_alloc(h->h_stack->st_pkts, IGMP_MINLEN)) == NULL)
		return;
	igmp_emit(&ig, p->pk_data);
	memset(&o, 0, sizeof(o));
	o.io_dst = dst;
	o.io_proto = IPPROTO_IGMP;
	o.io_ttl = 1;
	o.io_ifp = ifp;
	o.io_src = ip_src_for(ifp, dst);
	o.io_opts = igmp_ra;
	o.io_optlen = sizeof(igmp_ra);
	(void)ip_output(h, p, &o);
}

/* Groups worth telling a segment about: not all-hosts, not on loopback. */
static int
igmp_reportable(uint32_t group, struct ifnet *ifp)
{
	return group != IN_ALLHOSTS && !(ifp->if_flags & IFF_LOOPBACK) &&
	    (ifp->if_flags & IFF_UP) && ifp->if_addrs != NULL;
}

void
igmp_joingroup(struct host *h, uint32_t group, struct ifnet *ifp)
{
	if (!igmp_reportable(group, ifp))
		return;
	/* RFC 2236 §3: "immediately transmit an unsolicited Membership Report". */
	HINET(h)->ih_igmpstat.igps_snd_reports++;
	igmp_send(h, ifp, IGMP_V2_MEMBERSHIP_REPORT, group, group);
}

void
igmp_leavegroup(struct host *h, uint32_t group, struct ifnet *ifp)
{
	if (!igmp_reportable(group, ifp))
		return;
	/* RFC 2236 §3: a Leave Group to the all-routers group, as Linux always sends it. */
	HINET(h)->ih_igmpstat.igps_snd_leaves++;
	igmp_send(h, ifp, IGMP_V2_LEAVE_GROUP, group, IN_ALLRTRS);
}

/* A query: report every group joined on the interface (all, or the one asked). */
static void
igmp_answer(struct host *h, struct ifnet *ifp, uint32_t asked)
{
	struct in_multi *inm;

	for (inm = HINET(h)->ih_multi; inm != NULL; inm = inm->inm_next) {
		if (inm->inm_ifindex != ifp->if_index || !igmp_reportable(inm->inm_addr, ifp))
			continue;
		if (asked != IN_ANY && asked != inm->inm_addr)
			continue;
		HINET(h)->ih_igmpstat.igps_snd_reports++;
		igmp_send(h, ifp, IGMP_V2_MEMBERSHIP_REPORT, inm->inm_addr, inm->inm_addr);
	}
}

/* pr_input: p is at the IP header, and ours (a group this host is in). */
static void
igmp_input(struct host *h, struct pkt *p, const struct ip_info *ii, void *arg)
{
	struct inet_host *ih = HINET(h);
	struct igmpstat *st = &ih->ih_igmpstat;
	struct igmp_hdr ig;

	st->igps_rcv_total++;
	switch (igmp_parse(p->pk_data + ii->ii_ip.ip_hl, p->pk_len - ii->ii_ip.ip_hl, &ig)) {
	case IGMPE_OK:
		break;
	case IGMPE_TOOSHORT:
		st->igps_rcv_tooshort++;
		goto drop;
	case IGMPE_BADSUM:
		st->igps_rcv_badsum++;
		goto drop;
	}
	switch (ig.ig_type) {
	case IGMP_MEMBERSHIP_QUERY:
		st->igps_rcv_queries++;
		if (ii->ii_ifp != NULL && !(ii->ii_ifp->if_flags & IFF_LOOPBACK))
			igmp_answer(h, ii->ii_ifp, ig.ig_group);
		break;
	case IGMP_V1_MEMBERSHIP_REPORT:
	case IGMP_V2_MEMBERSHIP_REPORT:
		st->igps_rcv_reports++;
		break;
	}
	if (ih->ih_rawinput != NULL)
		ih->ih_rawinput(h, p, ii, ih->ih_rawarg);
drop:
	pkt_free(p);
}

int
igmp_attach(struct host *h)
{
	struct ip_protosw pr = { .pr_input = igmp_input };

	return ip_proto_register(h, IPPROTO_IGMP, &pr);
}
