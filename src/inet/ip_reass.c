/*
 * Fragment reassembly (RFC 791 §3.2, "Fragmentation and Reassembly";
 * RFC 815's view of holes; RFC 1122 §3.3.2 for the timeout).
 *
 * A queue per (source, destination, id, protocol) holds fragments in
 * offset order.  Rules, each with its counter:
 *  - a fragment that is not the last must carry a multiple of 8 bytes, and
 *    none may reach beyond 65535 bytes (ips_toolong: the "ping of death");
 *  - an exact duplicate is dropped; any other overlap drops the whole
 *    datagram, as RFC 5722 requires for IPv6 and modern IPv4 stacks do,
 *    since overlaps serve only to slip data past inspection;
 *  - a datagram has at most IPFRAG_MAXFRAGS fragments, the host holds at
 *    most ih_reass_limit bytes (the oldest datagrams go first), and each
 *    queue lives IPFRAG_TTL: together they bound "endless" fragment
 *    streams.  On timeout, if the first fragment came, its source gets a
 *    time exceeded in reassembly (RFC 792; RFC 1122 §3.3.2).
 */
#include <stdlib.h>
#include <string.h>

#include "base/pkt.h"
#include "base/timer.h"
#include "inet/in_cksum.h"
#include "inet/in_host.h"
#include "inet/ip.h"
#include "inet/ip_icmp.h"
#include "inet/ip_var.h"
#include "kern/host.h"

static struct timerq *
host_timers(struct host *h)
{
	return h->h_stack->st_timers;
}

static void
ipq_free(struct host *h, struct ipq *q)
{
	struct inet_host *ih = HINET(h);
	struct ipq **pp;
	struct ipq_frag *f;

	for (pp = &ih->ih_reass; *pp != NULL; pp = &(*pp)->ipq_next)
		if (*pp == q) {
			*pp = q->ipq_next;
			break;
		}
	while ((f = q->ipq_frags) != NULL) {
		q->ipq_frags = f->f_next;
		pkt_free(f->f_pkt);
		free(f);
	}
	ih->ih_reass_bytes -= q->ipq_bytes;
	timer_cancel(host_timers(h), &q->ipq_timer);
	free(q);
}

/* Drops a whole datagram, counting its fragments under *counter. */
static void
ipq_drop(struct host *h, struct ipq *q, uint64_t *counter)
{
	*counter += q->ipq_nfrags;
	ipq_free(h, q);
}

static void
ipq_timeout(struct timer *t, void *arg)
{
	struct ipq *q = arg;
	struct host *h = q->ipq_host;
	struct ipq_frag *f = q->ipq_frags;

	if (q->ipq_hl != 0 && f != NULL && f->f_off == 0) {
		uint8_t b[IP_MAXHLEN + 8];
		size_t n = f->f_len < 8 ? f->f_len : 8;

		memcpy(b, q->ipq_hdr, q->ipq_hl);
		memcpy(b + q->ipq_hl, f->f_pkt->pk_data, n);
		icmp_error_bytes(h, b, q->ipq_hl + n, q->ipq_pkflags,
		    q->ipq_ifp, ICMP_TIMXCEED, ICMP_TIMXCEED_REASS, 0);
	}
	ipq_drop(h, q, &HINET(h)->ih_ipstat.ips_fragtimeout);
}

/* Makes room for need more bytes by dropping the oldest other queues. */
static int
ipq_make_room(struct host *h, struct ipq *keep, size_t need)
{
	struct inet_host *ih = HINET(h);

	while (ih->ih_reass_bytes + need > ih->ih_reass_limit) {
		struct ipq *q, *oldest = NULL;

		for (q = ih->ih_reass; q != NULL; q = q->ipq_next)
			if (q != keep && (oldest == NULL ||
			    q->ipq_created < oldest->ipq_created))
				oldest = q;
		if (oldest == NULL)
			return 0;
		ipq_drop(h, oldest, &ih->ih_ipstat.ips_fragmemory);
	}
	return 1;
}

/* True when the fragments cover 0 .. total without a hole. */
static int
ipq_complete(const struct ipq *q)
{
	const struct ipq_frag *f;
	int next = 0;

	if (q->ipq_total < 0 || q->ipq_hl == 0)
		return 0;
	for (f = q->ipq_frags; f != NULL; f = f->f_next) {
		if (f->f_off != next)
			return 0;
		next += f->f_len;
	}
	return next == q->ipq_total;
}

/* Builds the whole datagram from a complete queue, then frees the queue. */
static struct pkt *
ipq_build(struct host *h, struct ipq *q)
{
	struct inet_host *ih = HINET(h);
	size_t hl = q->ipq_hl, len = hl + (size_t)q->ipq_total;
	struct pkt *p;
	struct ipq_frag *f;
	uint8_t *b;
	uint16_t sum;

	p = pkt_alloc(h->h_stack->st_pkts, len);
	if (p == NULL) {
		ipq_drop(h, q, &ih->ih_ipstat.ips_fragdropped);
		return NULL;
	}
	b = p->pk_data;
	memcpy(b, q->ipq_hdr, hl);
	for (f = q->ipq_frags; f != NULL; f = f->f_next)
		memcpy(b + hl + f->f_off, f->f_pkt->pk_data, f->f_len);
	b[2] = (uint8_t)(len >> 8);
	b[3] = (uint8_t)len;
	b[6] &= (uint8_t)(IP_DF >> 8);		/* keep DF; clear MF, offset */
	b[7] = 0;
	b[10] = b[11] = 0;
	sum = in_cksum(b, hl);
	b[10] = (uint8_t)(sum >> 8);
	b[11] = (uint8_t)sum;
	p->pk_flags = q->ipq_pkflags;
	p->pk_ifp = q->ipq_ifp;
	ih->ih_ipstat.ips_reassembled++;
	ipq_free(h, q);
	return p;
}

static struct ipq *
ipq_find(struct host *h, const struct ip_hdr *ip)
{
	struct ipq *q;

	for (q = HINET(h)->ih_reass; q != NULL; q = q->ipq_next)
		if (q->ipq_id == ip->ip_id && q->ipq_src == ip->ip_src &&
		    q->ipq_dst == ip->ip_dst && q->ipq_p == ip->ip_p)
			return q;
	return NULL;
}

static struct ipq *
ipq_new(struct host *h, const struct ip_hdr *ip)
{
	struct inet_host *ih = HINET(h);
	struct ipq *q = calloc(1, sizeof(*q));

	if (q == NULL)
		return NULL;
	q->ipq_host = h;
	q->ipq_src = ip->ip_src;
	q->ipq_dst = ip->ip_dst;
	q->ipq_id = ip->ip_id;
	q->ipq_p = ip->ip_p;
	q->ipq_total = -1;
	q->ipq_created = timerq_now(host_timers(h));
	timer_init(&q->ipq_timer, ipq_timeout, q);
	timer_add_in(host_timers(h), &q->ipq_timer, IPFRAG_TTL);
	q->ipq_next = ih->ih_reass;
	ih->ih_reass = q;
	return q;
}

/*
 * Takes fragment p (pk_data at its header ip, already validated) into
 * reassembly.  Returns the whole datagram (pk_data at a header with
 * offset 0 and no MF) when p completed it, else NULL.  Consumes p.
 */
struct pkt *
ip_reass(struct host *h, struct pkt *p, const struct ip_hdr *ip)
{
	struct inet_host *ih = HINET(h);
	struct ipstat *ips = &ih->ih_ipstat;
	size_t hl = ip->ip_hl;
	unsigned off = (unsigned)(ip->ip_off & IP_OFFMASK) * 8;
	unsigned len = ip->ip_len - hl;
	int mf = (ip->ip_off & IP_MF) != 0;
	struct ipq *q;
	struct ipq_frag *f, **pp;
	size_t charge;

	if ((mf && (len == 0 || len % 8 != 0))) {
		ips->ips_fragdropped++;
		goto drop;
	}
	if (hl + off + len > IP_MAXPACKET) {
		ips->ips_toolong++;
		goto drop;
	}
	charge = p->pk_size + sizeof(struct ipq_frag);
	if ((q = ipq_find(h, ip)) == NULL) {
		if (!ipq_make_room(h, NULL, charge + sizeof(*q))) {
			ips->ips_fragmemory++;
			goto drop;
		}
		if ((q = ipq_new(h, ip)) == NULL) {
			ips->ips_fragdropped++;
			goto drop;
		}
		q->ipq_bytes = sizeof(*q);
		ih->ih_reass_bytes += sizeof(*q);
	}
	/* The last fragment fixes the total; all must agree with it. */
	if (!mf) {
		if (q->ipq_total >= 0 && (unsigned)q->ipq_total != off + len)
			goto bad;
		q->ipq_total = (int)(off + len);
		for (f = q->ipq_frags; f != NULL; f = f->f_next)
			if (f->f_off + f->f_len > off + len)
				goto bad;
	} else if (q->ipq_total >= 0 && off + len > (unsigned)q->ipq_total)
		goto bad;
	for (pp = &q->ipq_frags; (f = *pp) != NULL; pp = &f->f_next) {
		if (f->f_off == off && f->f_len == len) {
			ips->ips_fragdropped++;		/* duplicate */
			goto drop;
		}
		if (off < (unsigned)f->f_off + f->f_len && f->f_off < off + len)
			goto bad;			/* overlap */
		if (f->f_off > off)
			break;
	}
	if (q->ipq_nfrags >= IPFRAG_MAXFRAGS)
		goto bad;
	if (!ipq_make_room(h, q, charge)) {
		ips->ips_fragmemory++;
		ipq_drop(h, q, &ips->ips_fragmemory);
		goto drop;
	}
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		ips->ips_fragdropped++;
		goto drop;
	}
	if (off == 0) {
		memcpy(q->ipq_hdr, p->pk_data, hl);
		q->ipq_hl = (uint8_t)hl;
		q->ipq_pkflags = p->pk_flags;
		q->ipq_ifp = p->pk_ifp;
	}
	f->f_off = (uint16_t)off;
	f->f_len = (uint16_t)len;
	pkt_adj(p, hl);
	f->f_pkt = p;
	f->f_next = *pp;
	*pp = f;
	q->ipq_nfrags++;
	q->ipq_bytes += charge;
	ih->ih_reass_bytes += charge;
	if (ipq_complete(q))
		return ipq_build(h, q);
	return NULL;
bad:
	ips->ips_fragdropped++;
	ipq_drop(h, q, &ips->ips_fragdropped);
drop:
	pkt_free(p);
	return NULL;
}

/* Drops every queue (the host is going away). */
void
ip_reass_flush(struct host *h)
{
	while (HINET(h)->ih_reass != NULL)
		ipq_free(h, HINET(h)->ih_reass);
}
