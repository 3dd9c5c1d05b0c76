/*
 * ICMP (RFC 792), with the host requirements of RFC 1122 §3.2.2.  Read
 * before editing: RFC 1122 §3.2.2 on when an error must NOT be sent (about
 * an ICMP error, a broadcast or multicast, a fragment other than the
 * first, a source that is no single host), and §3.2.2.6 for echo.
 *
 * Input answers echo requests and hands errors sideways to the protocol of
 * the datagram they quote (ip_ctlinput), as a PRC_ code.  Output of errors
 * goes through icmp_error(), which applies the rules above and a token
 * bucket rate limit.
 */
#include <errno.h>
#include <string.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "inet/in.h"
#include "inet/in_cksum.h"
#include "inet/in_host.h"
#include "inet/ip.h"
#include "inet/ip_icmp.h"
#include "inet/ip_var.h"
#include "kern/host.h"
#include "net/if_var.h"

/* Wire format. */

/* Parses the 8-byte ICMP header.  Returns 0, or -1 if too short. */
int
icmp_parse(const uint8_t *b, size_t len, struct icmp_hdr *ih)
{
	if (len < ICMP_MINLEN)
		return -1;
	ih->icmp_type = b[0];
	ih->icmp_code = b[1];
	ih->icmp_cksum = (uint16_t)(b[2] << 8 | b[3]);
	ih->icmp_un.word = (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 |
	    (uint32_t)b[6] << 8 | b[7];
	return 0;
}

/*
 * Writes the header of ih at b, the start of an ICMP message of len bytes
 * whose body is already in place, and its checksum over the whole message.
 * icmp_un.word carries the second 32-bit word.
 */
void
icmp_emit(const struct icmp_hdr *ih, uint8_t *b, size_t len)
{
	uint32_t w = ih->icmp_un.word;
	uint16_t sum;

	b[0] = ih->icmp_type;
	b[1] = ih->icmp_code;
	b[2] = b[3] = 0;
	b[4] = (uint8_t)(w >> 24);
	b[5] = (uint8_t)(w >> 16);
	b[6] = (uint8_t)(w >> 8);
	b[7] = (uint8_t)w;
	sum = in_cksum(b, len);
	b[2] = (uint8_t)(sum >> 8);
	b[3] = (uint8_t)sum;
}

/* True for the error messages (RFC 1122 §3.2.2), false for queries. */
int
icmp_is_error(uint8_t type)
{
	switch (type) {
	case ICMP_UNREACH:
	case ICMP_SOURCEQUENCH:
	case ICMP_REDIRECT:
	case ICMP_TIMXCEED:
	case ICMP_PARAMPROB:
		return 1;
	}
	return 0;
}

/*
 * The errno a socket reports for a PRC_ code.  These follow 4.4BSD's
 * inetctlerrmap, except that a network unreachable says ENETUNREACH, the
 * error the primer names.  Zero means "not worth reporting" (transient).
 */
int
prc_errno(int prc)
{
	switch (prc) {
	case PRC_MSGSIZE:
		return EMSGSIZE;
	case PRC_HOSTDEAD:
		return EHOSTDOWN;
	case PRC_UNREACH_NET:
		return ENETUNREACH;
	case PRC_UNREACH_HOST:
	case PRC_UNREACH_SRCFAIL:
		return EHOSTUNREACH;
	case PRC_UNREACH_PROTOCOL:
	case PRC_UNREACH_PORT:
		return ECONNREFUSED;
	case PRC_PARAMPROB:
		return ENOPROTOOPT;
	}
	return 0;
}

/* Output of errors. */

/*
 * Takes a token from the host's bucket: ih_icmp_rate per second, up to
 * ih_icmp_burst saved.  Returns 0 when the error must not be sent.
 */
static int
icmp_ratelimit_ok(struct host *h)
{
	struct inet_host *ih = HINET(h);
	uint64_t now = clock_now(h->h_stack->st_clock);
	uint64_t cap = (uint64_t)ih->ih_icmp_burst * NS_PER_SEC;
	uint64_t elapsed = now - ih->ih_icmp_last;

	if (ih->ih_icmp_rate == 0)
		return 1;
	if (elapsed > cap + NS_PER_SEC)
		elapsed = cap + NS_PER_SEC;
	ih->ih_icmp_last = now;
	ih->ih_icmp_tokens += elapsed * ih->ih_icmp_rate;
	if (ih->ih_icmp_tokens > cap)
		ih->ih_icmp_tokens = cap;
	if (ih->ih_icmp_tokens < NS_PER_SEC)
		return 0;
	ih->ih_icmp_tokens -= NS_PER_SEC;
	return 1;
}

/*
 * Sends an ICMP error of type and code about the datagram whose first len
 * bytes are at b (its IP header first), which arrived with link flags
 * pkflags on inifp (NULL if it was ours).  info is the second header
 * word's value: the next-hop MTU for NEEDFRAG (RFC 1191), the pointer for
 * PARAMPROB.  The rules of RFC 1122 §3.2.2 decide whether it goes at all;
 * each refusal has its counter.
 */
void
icmp_error_bytes(struct host *h, const uint8_t *b, size_t len,
    unsigned pkflags, struct ifnet *inifp, int type, int code, uint32_t info)
{
	struct inet_host *ih = HINET(h);
	struct icmpstat *icps = &ih->ih_icmpstat;
	struct ip_hdr oip;
	struct icmp_hdr ic;
	struct ip_out o;
	struct pkt *p;
	size_t hl, quote;

	icps->icps_error++;
	if (len < IP_MINHLEN || (b[0] >> 4) != IP_VERSION) {
		icps->icps_oldshort++;
		return;
	}
	hl = (size_t)(b[0] & 0x0f) * 4;
	if (hl < IP_MINHLEN || hl > len) {
		icps->icps_oldshort++;
		return;
	}
	memset(&oip, 0, sizeof(oip));
	oip.ip_off = (uint16_t)(b[6] << 8 | b[7]);
	oip.ip_p = b[9];
	oip.ip_src = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
	    (uint32_t)b[14] << 8 | b[15];
	oip.ip_dst = (uint32_t)b[16] << 24 | (uint32_t)b[17] << 16 |
	    (uint32_t)b[18] << 8 | b[19];

	/* Never about a fragment other than the first. */
	if (oip.ip_off & IP_OFFMASK) {
		icps->icps_notfirst++;
		return;
	}
	/* Never about an ICMP error (unknown type: assume an error). */
	if (oip.ip_p == IPPROTO_ICMP && type != ICMP_REDIRECT &&
	    (len < hl + 1 || icmp_is_error(b[hl]) || b[hl] > ICMP_MAXTYPE)) {
		icps->icps_oldicmp++;
		return;
	}
	/* Never about a broadcast or multicast, link or IP. */
	if ((pkflags & (PKF_BCAST | PKF_MCAST)) || IN_ISCLASSD(oip.ip_dst) ||
	    in_broadcast(h, oip.ip_dst, NULL)) {
		icps->icps_bmcast++;
		return;
	}
	/* Never to a source that names no single host. */
	if (oip.ip_src == IN_ANY || !in_src_ok(oip.ip_src) ||
	    in_broadcast(h, oip.ip_src, NULL) ||
	    (IN_ISLOOPBACK(oip.ip_src) && !(pkflags & PKF_LOOP))) {
		icps->icps_badsrc++;
		return;
	}
	if (!icmp_ratelimit_ok(h)) {
		icps->icps_ratelimited++;
		return;
	}
	/*
	 * The offending header and as much of its data as keeps the error
	 * within 576 bytes: RFC 792's 8 bytes at least (RFC 1122 §3.2.2),
	 * RFC 1812 §4.3.2.3's "as much as possible", as Linux quotes; an
	 * IP_RECVERR reader sees the payload it sent.
	 */
	quote = len;
	if (quote > ICMP_QUOTEMAX)
		quote = ICMP_QUOTEMAX;
	if ((p = pkt_alloc(h->h_stack->st_pkts, ICMP_MINLEN + quote)) == NULL)
		return;
	memcpy(p->pk_data + ICMP_MINLEN, b, quote);
	memset(&ic, 0, sizeof(ic));
	ic.icmp_type = (uint8_t)type;
	ic.icmp_code = (uint8_t)code;
	if (type == ICMP_UNREACH && code == ICMP_UNREACH_NEEDFRAG)
		ic.icmp_un.word = info & 0xffff;
	else if (type == ICMP_PARAMPROB)
		ic.icmp_un.word = (info & 0xff) << 24;
	icmp_emit(&ic, p->pk_data, p->pk_len);

	memset(&o, 0, sizeof(o));
	o.io_dst = oip.ip_src;
	o.io_proto = IPPROTO_ICMP;
	/* From the address the datagram was for, if ours, else inifp's. */
	if (ip_is_local(h, oip.ip_dst))
		o.io_src = oip.ip_dst;
	else
		o.io_src = ip_src_for(inifp, oip.ip_src);
	if (type <= ICMP_MAXTYPE)
		icps->icps_outhist[type]++;
	ip_output(h, p, &o);
}

/* icmp_error_bytes() about the datagram p (pk_data at its header). */
void
icmp_error(struct host *h, const struct pkt *p, int type, int code,
    uint32_t info)
{
	icmp_error_bytes(h, p->pk_data, p->pk_len, p->pk_flags, p->pk_ifp,
	    type, code, info);
}

/* Input. */

/*
 * Answers an echo request in place: the same message back with the type
 * changed, from the address it was sent to when that is one of ours, else
 * from the receiving interface's (a broadcast ping, RFC 1122 §3.2.2.6).
 * XXX issue 3: options (record route, timestamps) are not reflected.
 */
static void
icmp_echo_reply(struct host *h, struct pkt *p, const struct ip_info *ii)
{
	struct inet_host *ih = HINET(h);
	const struct ip_hdr *ip = &ii->ii_ip;
	struct icmp_hdr ic;
	struct ip_out o;

	pkt_adj(p, ip->ip_hl);
	icmp_parse(p->pk_data, p->pk_len, &ic);
	ic.icmp_type = ICMP_ECHOREPLY;
	icmp_emit(&ic, p->pk_data, p->pk_len);
	memset(&o, 0, sizeof(o));
	o.io_dst = ip->ip_src;
	o.io_proto = IPPROTO_ICMP;
	o.io_tos = ip->ip_tos;
	if (!(ii->ii_flags & II_BCAST) && ip_is_local(h, ip->ip_dst))
		o.io_src = ip->ip_dst;
	else
		o.io_src = ip_src_for(ii->ii_ifp, ip->ip_src);
	p->pk_flags = 0;
	ih->ih_icmpstat.icps_reflect++;
	ih->ih_icmpstat.icps_outhist[ICMP_ECHOREPLY]++;
	ip_output(h, p, &o);
}

/* Maps an error's type and code to a PRC_ code; -1 for a bad code. */
static int
icmp_prc(uint8_t type, uint8_t code)
{
	switch (type) {
	case ICMP_UNREACH:
		switch (code) {
		case ICMP_UNREACH_NET:
		case 6: case 9: case 11:	/* RFC 1122 §3.2.2.1 */
			return PRC_UNREACH_NET;
		case ICMP_UNREACH_HOST:
		case 7: case 8: case 10: case 12: case 13: case 14: case 15:
			return PRC_UNREACH_HOST;
		case ICMP_UNREACH_PROTOCOL:
			return PRC_UNREACH_PROTOCOL;
		case ICMP_UNREACH_PORT:
			return PRC_UNREACH_PORT;
		case ICMP_UNREACH_NEEDFRAG:
			return PRC_MSGSIZE;
		case ICMP_UNREACH_SRCFAIL:
			return PRC_UNREACH_SRCFAIL;
		}
		return -1;
	case ICMP_TIMXCEED:
		if (code > 1)
			return -1;
		return code ? PRC_TIMXCEED_REASS : PRC_TIMXCEED_INTRANS;
	case ICMP_PARAMPROB:
		return code > 2 ? -1 : PRC_PARAMPROB;
	case ICMP_SOURCEQUENCH:
		return code ? -1 : PRC_QUENCH;
	}
	return -1;
}

/*
 * An error arrived: find the datagram it quotes and tell its protocol
 * (RFC 1122 §3.2.2: "MUST be passed to the transport layer").
 */
static void
icmp_notify(struct host *h, const struct ip_hdr *ip, const struct icmp_hdr *ic,
    const uint8_t *body, size_t blen)
{
	struct icmpstat *icps = &HINET(h)->ih_icmpstat;
	struct ip_ctl ctl;
	size_t qhl;
	int prc = icmp_prc(ic->icmp_type, ic->icmp_code);

	if (prc < 0) {
		icps->icps_badcode++;
		return;
	}
	if (blen < IP_MINHLEN || (body[0] >> 4) != IP_VERSION) {
		icps->icps_badlen++;
		return;
	}
	/*
	 * The quote is the header and 64 bits of data (RFC 792), fewer if
	 * the datagram had fewer; the protocol checks what it needs.
	 */
	qhl = (size_t)(body[0] & 0x0f) * 4;
	if (qhl < IP_MINHLEN || blen < qhl) {
		icps->icps_badlen++;
		return;
	}
	memset(&ctl, 0, sizeof(ctl));
	ctl.ic_prc = prc;
	ctl.ic_proto = body[9];
	ctl.ic_src = (uint32_t)body[12] << 24 | (uint32_t)body[13] << 16 |
	    (uint32_t)body[14] << 8 | body[15];
	ctl.ic_dst = (uint32_t)body[16] << 24 | (uint32_t)body[17] << 16 |
	    (uint32_t)body[18] << 8 | body[19];
	ctl.ic_hdr = body + qhl;
	ctl.ic_hdrlen = blen - qhl;
	ctl.ic_from = ip->ip_src;
	ctl.ic_type = ic->icmp_type;
	ctl.ic_ip = body;
	ctl.ic_iplen = blen;
	ctl.ic_code = ic->icmp_code;
	if (prc == PRC_MSGSIZE)
		ctl.ic_mtu = ic->icmp_un.word & 0xffff;
	ip_ctlinput(h, &ctl);
}

/*
 * pr_input of ICMP, registered as protocol 1 in every host's table.
 * Consumes p.
 */
void
icmp_input(struct host *h, struct pkt *p, const struct ip_info *ii, void *arg)
{
	struct inet_host *ih = HINET(h);
	struct icmpstat *icps = &ih->ih_icmpstat;
	const struct ip_hdr *ip = &ii->ii_ip;
	const uint8_t *m = p->pk_data + ip->ip_hl;
	size_t mlen = p->pk_len - ip->ip_hl;
	struct icmp_hdr ic;

	if (icmp_parse(m, mlen, &ic) != 0) {
		icps->icps_tooshort++;
		goto drop;
	}
	if (in_cksum(m, mlen) != 0) {
		icps->icps_checksum++;
		goto drop;
	}
	if (ic.icmp_type <= ICMP_MAXTYPE)
		icps->icps_inhist[ic.icmp_type]++;
	if (ih->ih_rawinput != NULL)
		ih->ih_rawinput(h, p, ii, ih->ih_rawarg);
	switch (ic.icmp_type) {
	case ICMP_ECHO:
		icmp_echo_reply(h, p, ii);
		return;
	case ICMP_UNREACH:
	case ICMP_TIMXCEED:
	case ICMP_PARAMPROB:
	case ICMP_SOURCEQUENCH:
		icmp_notify(h, ip, &ic, m + ICMP_MINLEN, mlen - ICMP_MINLEN);
		break;
	default:
		/*
		 * Echo replies and the rest are for raw sockets (ping),
		 * which had their copy above.  XXX issue 3: redirects
		 * (RFC 1122 §3.2.2.2) are not acted on; timestamp and
		 * address mask requests are not answered (a MAY).
		 */
		break;
	}
drop:
	pkt_free(p);
}

/* Registers ICMP in h's protocol table. */
int
icmp_attach(struct host *h)
{
	struct ip_protosw pr = {
		.pr_input = icmp_input,
	};

	return ip_proto_register(h, IPPROTO_ICMP, &pr);
}
