/*
 * Ethernet interfaces and ARP (RFC 826; RFC 1122 §2.3.2 for the cache's
 * timeouts and the queue of datagrams awaiting resolution).  Read RFC 826's
 * "Packet Reception" algorithm before editing arp_input(): the merge of the
 * sender into the cache comes before the question "am I the target?", so a
 * gratuitous request refreshes every cache that holds its sender.
 *
 * Entries live on their interface (struct arp_if); each has one timer that
 * means "send the next request" while INCOMPLETE and "expire" otherwise.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "base/timer.h"
#include "base/in_addr.h"
#include "kern/host.h"
#include "net/if_var.h"
#include "net/if_ether.h"
#include "net/net_host.h"
#include "net/netisr.h"

static void arp_timer(struct timer *, void *);

static struct timerq *
ifp_timers(struct ifnet *ifp)
{
	return ifp->if_host->h_stack->st_timers;
}

static struct arpstat *
ifp_arpstat(struct ifnet *ifp)
{
	return &HNET(ifp->if_host)->nh_arpstat;
}

/*
 * A locally administered unicast address (RFC 7042 §2.1: the U/L bit set,
 * the I/G bit clear) derived from the host and interface names by FNV-1a,
 * so that the same configuration gives the same addresses every run.
 */
void
ether_mac_for(const char *host, const char *ifname, uint8_t *mac)
{
	uint32_t hash = 2166136261u;
	const char *s;

	for (s = host; *s; s++)
		hash = (hash ^ (uint8_t)*s) * 16777619u;
	hash = (hash ^ '/') * 16777619u;
	for (s = ifname; *s; s++)
		hash = (hash ^ (uint8_t)*s) * 16777619u;
	mac[0] = 0x02;
	mac[1] = 0x00;
	mac[2] = (uint8_t)(hash >> 24);
	mac[3] = (uint8_t)(hash >> 16);
	mac[4] = (uint8_t)(hash >> 8);
	mac[5] = (uint8_t)hash;
}

/* Entries. */

struct llinfo_arp *
arp_lookup(struct ifnet *ifp, uint32_t ip)
{
	struct llinfo_arp *la;

	if (ifp->if_arp == NULL)
		return NULL;
	for (la = ifp->if_arp->ai_entries; la != NULL; la = la->la_next)
		if (la->la_ip == ip)
			return la;
	return NULL;
}

static struct llinfo_arp *
arp_new(struct ifnet *ifp, uint32_t ip)
{
	struct arp_if *ai = ifp->if_arp;
	struct llinfo_arp *la;

	if (ai->ai_count >= ARP_MAXENTRIES) {
		ifp_arpstat(ifp)->as_tablefull++;
		return NULL;
	}
	if ((la = calloc(1, sizeof(*la))) == NULL)
		return NULL;
	la->la_arp = ai;
	la->la_ip = ip;
	la->la_state = ARP_INCOMPLETE;
	pktq_init(&la->la_hold);
	timer_init(&la->la_timer, arp_timer, la);
	la->la_next = ai->ai_entries;
	ai->ai_entries = la;
	ai->ai_count++;
	return la;
}

static void
arp_free(struct llinfo_arp *la)
{
	struct arp_if *ai = la->la_arp;
	struct llinfo_arp **pp;

	for (pp = &ai->ai_entries; *pp != NULL; pp = &(*pp)->la_next)
		if (*pp == la) {
			*pp = la->la_next;
			break;
		}
	ai->ai_count--;
	timer_cancel(ifp_timers(ai->ai_ifp), &la->la_timer);
	pktq_flush(&la->la_hold);
	free(la);
}

/* Output. */

/*
 * Prepends an Ethernet header to p (padding it to the minimum frame) and
 * hands it to the device chain.  Consumes p.
 */
static int
ether_send(struct ifnet *ifp, struct pkt *p, const uint8_t *dst,
    uint16_t type)
{
	struct ether_hdr eh;
	uint8_t *b;

	if (p->pk_len + ETHER_HDR_LEN < ETHER_MIN_LEN) {
		size_t pad = ETHER_MIN_LEN - ETHER_HDR_LEN - p->pk_len;

		if ((b = pkt_put(p, pad)) == NULL)
			goto nobufs;
		memset(b, 0, pad);
	}
	if ((b = pkt_prepend(p, ETHER_HDR_LEN)) == NULL)
		goto nobufs;
	memcpy(eh.eh_dst, dst, ETHER_ADDR_LEN);
	memcpy(eh.eh_src, ifp->if_lladdr, ETHER_ADDR_LEN);
	eh.eh_type = type;
	ether_emit(&eh, b);
	return if_transmit(ifp, p);
nobufs:
	ifp->if_oerrors++;
	pkt_free(p);
	return ENOBUFS;
}

static int
arp_send(struct ifnet *ifp, uint16_t op, const uint8_t *tha,
    uint32_t spa, uint32_t tpa, const uint8_t *dst)
{
	struct arp_pkt ap;
	struct pkt *p;

	if ((p = pkt_alloc(ifp->if_host->h_stack->st_pkts, ARP_PKT_LEN)) == NULL)
		return ENOBUFS;
	memset(&ap, 0, sizeof(ap));
	ap.ar_op = op;
	memcpy(ap.ar_sha, ifp->if_lladdr, ETHER_ADDR_LEN);
	ap.ar_spa = spa;
	if (tha != NULL)
		memcpy(ap.ar_tha, tha, ETHER_ADDR_LEN);
	ap.ar_tpa = tpa;
	arp_emit(&ap, p->pk_data);
	if (op == ARPOP_REQUEST_)
		ifp_arpstat(ifp)->as_txrequests++;
	else
		ifp_arpstat(ifp)->as_txreplies++;
	return ether_send(ifp, p, dst, ETHERTYPE_ARP);
}

/* Broadcasts a request for tip from sip. */
int
arp_request(struct ifnet *ifp, uint32_t sip, uint32_t tip)
{
	return arp_send(ifp, ARPOP_REQUEST_, NULL, sip, tip, ether_broadcast);
}

/*
 * Announces each address of ifp with a gratuitous request (sender and
 * target both the address), so that caches holding an old hardware
 * address for it update (RFC 826's merge step) and a host already using
 * it can notice.  Called when the interface comes up or gets an address.
 */
void
arp_announce(struct ifnet *ifp)
{
	struct in_ifaddr *ifa;

	if (!(ifp->if_flags & IFF_UP) || ifp->if_arp == NULL)
		return;
	for (ifa = ifp->if_addrs; ifa != NULL; ifa = ifa->ifa_next) {
		ifp_arpstat(ifp)->as_gratuitous++;
		arp_request(ifp, ifa->ifa_addr, ifa->ifa_addr);
	}
}

static uint32_t
arp_src_for(struct ifnet *ifp, uint32_t tip)
{
	struct in_ifaddr *ifa;

	for (ifa = ifp->if_addrs; ifa != NULL; ifa = ifa->ifa_next)
		if ((tip & ifa->ifa_mask) == (ifa->ifa_addr & ifa->ifa_mask))
			return ifa->ifa_addr;
	return ifp->if_addrs != NULL ? ifp->if_addrs->ifa_addr : 0;
}

/*
 * Finds the hardware address for nexthop.  Returns 0 with mac filled;
 * EINPROGRESS when p was queued awaiting a reply (p is then the entry's);
 * EHOSTUNREACH while the entry has failed; ENOBUFS.  On every return but
 * 0 and EINPROGRESS, p has been freed.
 */
static int
arp_resolve(struct ifnet *ifp, uint32_t nexthop, struct pkt *p, uint8_t *mac)
{
	struct arpstat *as = ifp_arpstat(ifp);
	struct llinfo_arp *la = arp_lookup(ifp, nexthop);

	if (la == NULL) {
		if ((la = arp_new(ifp, nexthop)) == NULL) {
			pkt_free(p);
			return ENOBUFS;
		}
		pktq_enq(&la->la_hold, p);
		la->la_asked = 1;
		arp_request(ifp, arp_src_for(ifp, nexthop), nexthop);
		timer_add_in(ifp_timers(ifp), &la->la_timer, ARP_RETRANS);
		return EINPROGRESS;
	}
	switch (la->la_state) {
	case ARP_RESOLVED:
	case ARP_PERMANENT:
		memcpy(mac, la->la_mac, ETHER_ADDR_LEN);
		return 0;
	case ARP_INCOMPLETE:
		/* RFC 1122 §2.3.2.2: keep at least one; drop the oldest. */
		pktq_enq(&la->la_hold, p);
		while (la->la_hold.pq_len > ARP_MAXHOLD) {
			pkt_free(pktq_deq(&la->la_hold));
			as->as_holddrops++;
		}
		return EINPROGRESS;
	case ARP_FAILED:
		as->as_rejected++;
		pkt_free(p);
		return EHOSTUNREACH;
	}
	pkt_free(p);
	return EHOSTUNREACH;
}

/*
 * if_output of an Ethernet interface: sends the IP datagram p to nexthop,
 * resolving its address first.  Consumes p.  Returns 0 (sent or queued
 * awaiting resolution), EHOSTUNREACH (resolution failed lately), ENETDOWN
 * or ENOBUFS.
 */
int
ether_output(struct ifnet *ifp, struct pkt *p, uint32_t nexthop,
    unsigned flags)
{
	uint8_t mac[ETHER_ADDR_LEN];
	int error;

	if (!(ifp->if_flags & IFF_UP)) {
		ifp->if_oerrors++;
		pkt_free(p);
		return ENETDOWN;
	}
	if (flags & IFO_BCAST)
		return ether_send(ifp, p, ether_broadcast, ETHERTYPE_IP);
	if (flags & IFO_MCAST) {
		ether_mcast_map(nexthop, mac);
		return ether_send(ifp, p, mac, ETHERTYPE_IP);
	}
	error = arp_resolve(ifp, nexthop, p, mac);
	if (error == EINPROGRESS)
		return 0;
	if (error != 0)
		return error;
	return ether_send(ifp, p, mac, ETHERTYPE_IP);
}

/* Sends the datagrams held for la, now resolved. */
static void
arp_release(struct ifnet *ifp, struct llinfo_arp *la)
{
	struct pkt *p;

	while ((p = pktq_deq(&la->la_hold)) != NULL)
		ether_send(ifp, p, la->la_mac, ETHERTYPE_IP);
}

static void
arp_timer(struct timer *t, void *arg)
{
	struct llinfo_arp *la = arg;
	struct ifnet *ifp = la->la_arp->ai_ifp;
	struct arpstat *as = ifp_arpstat(ifp);
	struct timerq *tq = ifp_timers(ifp);

	switch (la->la_state) {
	case ARP_INCOMPLETE:
		if (la->la_asked >= ARP_MAXTRIES) {
			/*
			 * XXX issue 3: 4.4BSD tells no one either; the
			 * sockets whose datagrams these were learn of it on
			 * their next send (EHOSTUNREACH while FAILED).
			 */
			as->as_timeouts++;
			pktq_flush(&la->la_hold);
			la->la_state = ARP_FAILED;
			la->la_expire = timerq_now(tq) + ARP_DOWN;
			timer_add(tq, t, la->la_expire);
			return;
		}
		la->la_asked++;
		arp_request(ifp, arp_src_for(ifp, la->la_ip), la->la_ip);
		timer_add_in(tq, t, ARP_RETRANS);
		return;
	case ARP_RESOLVED:
		as->as_expired++;
		arp_free(la);
		return;
	case ARP_FAILED:
		arp_free(la);
		return;
	case ARP_PERMANENT:
		return;
	}
}

/* Enters ip -> mac as resolved (or updates it), releasing held datagrams. */
static void
arp_update(struct ifnet *ifp, struct llinfo_arp *la, const uint8_t *mac)
{
	struct timerq *tq = ifp_timers(ifp);

	if (la->la_state == ARP_PERMANENT)
		return;
	memcpy(la->la_mac, mac, ETHER_ADDR_LEN);
	la->la_state = ARP_RESOLVED;
	la->la_asked = 0;
	la->la_expire = timerq_now(tq) + ARP_KEEP;
	timer_add(tq, &la->la_timer, la->la_expire);
	arp_release(ifp, la);
}

static int
ether_is_zero(const uint8_t *m)
{
	static const uint8_t zero[ETHER_ADDR_LEN];

	return memcmp(m, zero, ETHER_ADDR_LEN) == 0;
}

/*
 * An ARP packet arrived on ifp (p at the ARP header).  RFC 826, "Packet
 * Reception", with the sanity checks of 4.4BSD's in_arpinput: a sender
 * that is us, broadcast, or multicast is dropped; a sender claiming one of
 * our addresses is counted and not believed.
 */
void
arp_input(struct ifnet *ifp, struct pkt *p)
{
	struct arpstat *as = ifp_arpstat(ifp);
	struct arp_pkt ap;
	struct llinfo_arp *la;
	struct in_ifaddr *ifa, *mine = NULL;
	int merged = 0, rc;

	as->as_received++;
	if ((rc = arp_parse(p->pk_data, p->pk_len, &ap)) != 0) {
		if (rc == -2)
			as->as_badproto++;
		else
			as->as_badlen++;
		goto drop;
	}
	if (memcmp(ap.ar_sha, ifp->if_lladdr, ETHER_ADDR_LEN) == 0 ||
	    (ap.ar_sha[0] & 1) || ether_is_zero(ap.ar_sha)) {
		as->as_badaddr++;
		goto drop;
	}
	if (ap.ar_op == ARPOP_REQUEST_)
		as->as_rxrequests++;
	else if (ap.ar_op == ARPOP_REPLY_)
		as->as_rxreplies++;
	for (ifa = ifp->if_addrs; ifa != NULL; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr == ap.ar_spa) {
			/* Someone else uses our address: defend it. */
			as->as_dupaddr++;
			if (ap.ar_op == ARPOP_REQUEST_ && ap.ar_tpa == ap.ar_spa)
				arp_announce(ifp);
			goto drop;
		}
		if (ifa->ifa_addr == ap.ar_tpa)
			mine = ifa;
	}
	if (ap.ar_spa == IN_ANY || ap.ar_spa == IN_BROADCAST ||
	    IN_ISCLASSD(ap.ar_spa)) {
		/* A probe (RFC 5227) or nonsense: enter nothing. */
		if (ap.ar_spa != IN_ANY)
			as->as_badaddr++;
	} else if ((la = arp_lookup(ifp, ap.ar_spa)) != NULL) {
		arp_update(ifp, la, ap.ar_sha);
		merged = 1;
	}
	if (mine == NULL)
		goto drop;
	if (!merged && ap.ar_spa != IN_ANY && ap.ar_spa != IN_BROADCAST &&
	    !IN_ISCLASSD(ap.ar_spa) && (la = arp_new(ifp, ap.ar_spa)) != NULL)
		arp_update(ifp, la, ap.ar_sha);
	if (ap.ar_op == ARPOP_REQUEST_)
		arp_send(ifp, ARPOP_REPLY_, ap.ar_sha, mine->ifa_addr,
		    ap.ar_spa, ap.ar_sha);
drop:
	pkt_free(p);
}

/* Input. */

/*
 * if_input of an Ethernet interface: a frame from the device chain.
 * Frames for another station (the medium is a hub) and multicasts to a
 * group the interface did not join are dropped; the rest go to the
 * protocol registered for their type (IP's ip_input, ARP's arp_input;
 * netisr.h).
 */
void
ether_input(struct ifnet *ifp, struct pkt *p)
{
	struct ether_hdr eh;

	ifp->if_ipackets++;
	ifp->if_ibytes += p->pk_len;
	if (ether_parse(p->pk_data, p->pk_len, &eh) != 0) {
		ifp->if_ierrors++;
		goto drop;
	}
	if (!(ifp->if_flags & IFF_UP)) {
		ifp->if_iqdrops++;
		goto drop;
	}
	if (memcmp(eh.eh_dst, ether_broadcast, ETHER_ADDR_LEN) == 0)
		p->pk_flags |= PKF_BCAST;
	else if (eh.eh_dst[0] & 1) {
		/* A group address: only if a group this interface joined maps to it. */
		if (!if_hasmulti(ifp, eh.eh_dst)) {
			ifp->if_iqdrops++;
			goto drop;
		}
		p->pk_flags |= PKF_MCAST;
	} else if (memcmp(eh.eh_dst, ifp->if_lladdr, ETHER_ADDR_LEN) != 0) {
		ifp->if_iqdrops++;
		goto drop;
	}
	pkt_adj(p, ETHER_HDR_LEN);
	p->pk_ifp = ifp;
	netisr_dispatch(ifp, eh.eh_type, p);
	return;
drop:
	pkt_free(p);
}

/* Administration. */

/* Enters a permanent entry ip -> mac on ifp (arp -s). */
int
arp_set(struct ifnet *ifp, uint32_t ip, const uint8_t *mac)
{
	struct llinfo_arp *la;

	if (ifp->if_arp == NULL)
		return EINVAL;
	if ((la = arp_lookup(ifp, ip)) == NULL &&
	    (la = arp_new(ifp, ip)) == NULL)
		return ENOBUFS;
	timer_cancel(ifp_timers(ifp), &la->la_timer);
	memcpy(la->la_mac, mac, ETHER_ADDR_LEN);
	la->la_state = ARP_PERMANENT;
	la->la_expire = 0;
	arp_release(ifp, la);
	return 0;
}

/* Deletes the entries for ip (arp -d).  Returns 0 or ENXIO. */
int
arp_delete(struct host *h, uint32_t ip)
{
	struct ifnet *ifp;
	struct llinfo_arp *la;
	int found = 0;

	for (ifp = HNET(h)->nh_ifnets; ifp != NULL; ifp = ifp->if_next)
		if ((la = arp_lookup(ifp, ip)) != NULL) {
			arp_free(la);
			found = 1;
		}
	return found ? 0 : ENXIO;
}

/* Drops every entry of ifp except the permanent ones. */
void
arp_flush(struct ifnet *ifp)
{
	struct llinfo_arp *la, *next;

	if (ifp->if_arp == NULL)
		return;
	for (la = ifp->if_arp->ai_entries; la != NULL; la = next) {
		next = la->la_next;
		if (la->la_state != ARP_PERMANENT)
			arp_free(la);
	}
}

const char *
arp_statename(enum arp_state s)
{
	switch (s) {
	case ARP_INCOMPLETE:
		return "incomplete";
	case ARP_RESOLVED:
		return "resolved";
	case ARP_FAILED:
		return "failed";
	case ARP_PERMANENT:
		return "permanent";
	}
	return "?";
}

/* Fills up to max entries, returns how many there are (uipc arp -a). */
size_t
arp_list(struct host *h, struct arp_info *v, size_t max)
{
	struct ifnet *ifp;
	struct llinfo_arp *la;
	size_t n = 0;

	for (ifp = HNET(h)->nh_ifnets; ifp != NULL; ifp = ifp->if_next) {
		if (ifp->if_arp == NULL)
			continue;
		for (la = ifp->if_arp->ai_entries; la != NULL;
		    la = la->la_next, n++) {
			if (n >= max)
				continue;
			memset(&v[n], 0, sizeof(v[n]));
			memcpy(v[n].ai_ifname, ifp->if_name, IFNAMSIZ);
			v[n].ai_ip = la->la_ip;
			memcpy(v[n].ai_mac, la->la_mac, ETHER_ADDR_LEN);
			v[n].ai_state = la->la_state;
			v[n].ai_expire = la->la_expire;
		}
	}
	return n;
}

static void
ether_down(struct ifnet *ifp)
{
	arp_flush(ifp);
}

static void
ether_detach(struct ifnet *ifp)
{
	struct llinfo_arp *la;

	if (ifp->if_arp == NULL)
		return;
	while ((la = ifp->if_arp->ai_entries) != NULL)
		arp_free(la);
	free(ifp->if_arp);
	ifp->if_arp = NULL;
}

/*
 * Makes ifp an Ethernet interface with hardware address mac (derived from
 * the names when NULL): its hooks, ARP state, MTU 1500 (RFC 894) and the
 * broadcast flag.  The medium below is attached separately.
 */
int
ether_ifattach(struct ifnet *ifp, const uint8_t *mac)
{
	if ((ifp->if_arp = calloc(1, sizeof(*ifp->if_arp))) == NULL)
		return ENOMEM;
	ifp->if_arp->ai_ifp = ifp;
	if (mac != NULL)
		memcpy(ifp->if_lladdr, mac, ETHER_ADDR_LEN);
	else
		ether_mac_for(ifp->if_host->h_name, ifp->if_name,
		    ifp->if_lladdr);
	ifp->if_type = IFT_ETHER;
	ifp->if_mtu = ETHER_MTU;
	ifp->if_flags |= IFF_BROADCAST;
	ifp->if_output = ether_output;
	ifp->if_input = ether_input;
	ifp->if_up = arp_announce;
	ifp->if_down = ether_down;
	ifp->if_detach = ether_detach;
	return 0;
}

/*
 * Creates an Ethernet interface called name on h, down, with no medium
 * (seg_attach() gives it one).  Returns 0, EINVAL, EEXIST or ENOMEM.
 */
int
ether_create(struct host *h, const char *name, const uint8_t *mac,
    struct ifnet **ifpp)
{
	struct ifnet *ifp;
	int error;

	*ifpp = NULL;
	if ((ifp = if_alloc(h, name, IFT_ETHER, &error)) == NULL)
		return error;
	if ((error = ether_ifattach(ifp, mac)) != 0) {
		if_free(ifp);
		return error;
	}
	*ifpp = ifp;
	return 0;
}
