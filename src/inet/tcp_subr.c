/*
 * TCP's life-cycle routines (4.4BSD netinet/tcp_subr.c): the per-host part
 * attached with the host, tcpcbs made, closed and dropped, initial sequence
 * numbers (RFC 6528), control segments without a connection (RST for a
 * closed port, RFC 9293 §3.10.7.1), the RTO estimator (RFC 6298), MSS
 * choice, ICMP errors (pr_ctlinput), and, until the Internet domain's
 * in_pcb layer lands, the connection table itself (XXX issue 4).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/pkt.h"
#include "base/rng.h"
#include "base/timer.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/ip_icmp.h"
#include "inet/ip_var.h"
#include "inet/tcp_var.h"
#include "kern/host.h"
#include "kern/socket.h"
#include "net/if_var.h"

const char *const tcpstates[TCP_NSTATES] = {
	"CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
	"CLOSE_WAIT", "FIN_WAIT_1", "CLOSING", "LAST_ACK", "FIN_WAIT_2",
	"TIME_WAIT",
};

/*
 * Attaches TCP to a new host: its state, and its row in the host's IP
 * protocol table.  Called by in_host_attach.  0 or ENOMEM.
 */
int
tcp_attach(struct host *h)
{
	struct tcp_host *th;
	struct ip_protosw pr = {
		.pr_input = tcp_input,
		.pr_ctlinput = tcp_ctlinput,
	};

	if ((th = calloc(1, sizeof(*th))) == NULL)
		return ENOMEM;
	th->th_host = h;
	th->th_key[0] = rng_next(h->h_stack->st_rng);
	th->th_key[1] = rng_next(h->h_stack->st_rng);
	th->th_nextport = (uint16_t)(49152 + rng_below(h->h_stack->st_rng, 16384));
	th->th_msl = TCP_MSL_DEF;
	th->th_rto_min = TCP_RTO_MIN;
	th->th_delack = TCP_DELACK_NS;
	th->th_quickacks = TCP_MAX_QUICKACKS;
	th->th_orphan = TCP_ORPHAN_NS;
	th->th_challenge_limit = 1000;
	th->th_sack = th->th_tstamp = th->th_wscale = 1;
	th->th_cc = &tcp_cc_newreno;
	tcp_syncookie_init(th);
	HINET(h)->ih_tcp = th;
	pr.pr_arg = th;
	return ip_proto_register(h, IPPROTO_TCP, &pr);
}

/*
 * Detaches TCP from a dying host: every connection is closed without a
 * word to the peer; sockets the user already closed are freed.
 */
void
tcp_detach(struct host *h)
{
	struct tcp_host *th = TCPH(h);

	if (th == NULL)
		return;
	while (th->th_conns != NULL)
		tcp_close(th->th_conns);
	free(th);
	HINET(h)->ih_tcp = NULL;
}

uint64_t
tcp_now(struct tcpcb *tp)
{
	return timerq_now(tp->t_host->h_stack->st_timers);
}

/* TSval: a millisecond clock with a per-connection offset (RFC 7323 §5.4). */
uint32_t
tcp_tsval(struct tcpcb *tp)
{
	return (uint32_t)(tcp_now(tp) / NS_PER_MS) + tp->ts_offset;
}

/*
 * Makes the tcpcb of a socket (pru_attach, and sonewconn through it), in
 * CLOSED, linked into the host's table.  NULL when memory is short.
 */
struct tcpcb *
tcp_newtcpcb(struct socket *so)
{
	struct host *h = so->so_host;
	struct tcp_host *th = TCPH(h);
	struct tcpcb *tp;

	if (th == NULL || (tp = calloc(1, sizeof(*tp))) == NULL)
		return NULL;
	if (in_pcballoc(so, &HINET(h)->ih_tcb) != 0) {
		free(tp);
		return NULL;
	}
	tp->t_inpcb = sotoinpcb(so);
	tp->t_inpcb->inp_ppcb = tp;
	tp->t_socket = so;
	tp->t_host = h;
	tp->t_th = th;
	tcp_initcb(tp);
	tp->t_next = th->th_conns;
	if (tp->t_next != NULL)
		tp->t_next->t_prevp = &tp->t_next;
	tp->t_prevp = &th->th_conns;
	th->th_conns = tp;
	return tp;
}

/*
 * A new connection's state, the host's defaults in it: for a block just
 * allocated (zeroed), and for one started anew (tcp_anew.c).
 */
void
tcp_initcb(struct tcpcb *tp)
{
	struct tcp_host *th = tp->t_th;

	tp->t_state = TCPS_CLOSED;
	tp->t_maxseg = TCP_DEFMSS;
	tp->t_rto = TCP_RTO_INIT;
	tp->t_cc = th->th_cc;
	tp->t_keepidle = TCP_KEEPIDLE_DEF;
	tp->t_keepintvl = TCP_KEEPINTVL_DEF;
	tp->t_keepcnt = TCP_KEEPCNT_DEF;
	tp->snd_cwnd = UINT32_MAX / 2;
	tp->snd_ssthresh = UINT32_MAX / 2;
	if (th->th_sack)
		tp->t_flags |= TF_REQ_SACK;
	if (th->th_tstamp)
		tp->t_flags |= TF_REQ_TSTMP;
	if (th->th_wscale)
		tp->t_flags |= TF_REQ_SCALE;
	tcp_timer_init(tp);
	tcp_ackbatch_init(tp);
}

void
tcp_state(struct tcpcb *tp, int state)
{
	if (state == TCPS_TIME_WAIT)
		tp->t_th->th_stat.tcps_timewait++;
	tp->t_state = state;
}

/*
 * Frees a tcpcb: timers, queues, its place in the table.  The socket
 * learns it is disconnected; one the user has closed, or one still on its
 * listener's incomplete queue that no user ever saw, is freed.
 */
void
tcp_close(struct tcpcb *tp)
{
	struct socket *so = tp->t_socket;

	tcp_timers_cancel(tp);
	tcp_ackbatch_cancel(tp);
	tcp_reass_flush(tp);
	in_pcbdetach(tp->t_inpcb);
	*tp->t_prevp = tp->t_next;
	if (tp->t_next != NULL)
		tp->t_next->t_prevp = tp->t_prevp;
	tp->t_th->th_stat.tcps_closed++;
	free(tp);
	if (so == NULL)
		return;
	if (so->so_head != NULL && so->so_onq0) {
		sounlinkq(so);
		so->so_state |= SS_CLOSED;
	} else if (!(so->so_state & SS_CLOSED))
		soisdisconnected(so);
	sofree(so);
}

/*
 * Drops a connection: a RST to the peer if it is synchronized (RFC 9293
 * §3.10.7.4 and the ABORT call, §3.10.5), and error for the user.
 */
void
tcp_drop(struct tcpcb *tp, int error)
{
	struct socket *so = tp->t_socket;

	if (TCPS_HAVERCVDSYN(tp->t_state)) {
		tcp_state(tp, TCPS_CLOSED);
		tcp_send_ctl(tp, tp->snd_nxt, TH_RST | TH_ACK);
		tp->t_th->th_stat.tcps_drops++;
	} else
		tp->t_th->th_stat.tcps_conndrops++;
	if (error == ETIMEDOUT && tp->t_softerror != 0)
		error = tp->t_softerror;
	if (so != NULL && !(so->so_state & SS_CLOSED) && error != 0)
		so->so_error = error;
	if (error != 0 && tcp_anew(tp))
		return;
	tcp_close(tp);
}

/*
 * SipHash-2-4 (Aumasson and Bernstein, 2012), written from its
 * definition: the keyed pseudo-random function F of RFC 6528 §3.
 */
#define ROTL(x, b)	(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND(v0, v1, v2, v3) do {					\
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
} while (0)

uint64_t
tcp_siphash(const uint64_t key[2], const uint64_t *m, int nwords)
{
	uint64_t v0 = 0x736f6d6570736575ULL ^ key[0];
	uint64_t v1 = 0x646f72616e646f6dULL ^ key[1];
	uint64_t v2 = 0x6c7967656e657261ULL ^ key[0];
	uint64_t v3 = 0x7465646279746573ULL ^ key[1];
	uint64_t b = (uint64_t)(nwords * 8) << 56;
	int i;

	for (i = 0; i < nwords; i++) {
		v3 ^= m[i];
		SIPROUND(v0, v1, v2, v3);
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m[i];
	}
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	for (i = 0; i < 4; i++)
		SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

/*
 * RFC 6528 §3: ISN = M + F(localip, localport, remoteip, remoteport,
 * secretkey), M a 4-microsecond timer read from the stack's clock, F a
 * keyed hash whose key came from the stack's seeded source.
 */
uint32_t
tcp_iss(struct tcpcb *tp)
{
	uint64_t m[2];

	m[0] = (uint64_t)tp->t_inpcb->inp_laddr << 32 | tp->t_inpcb->inp_faddr;
	m[1] = (uint64_t)tp->t_inpcb->inp_lport << 16 | tp->t_inpcb->inp_fport;
	return (uint32_t)(tcp_now(tp) / (4 * NS_PER_US)) +
	    (uint32_t)tcp_siphash(tp->t_th->th_key, m, 2);
}

/*
 * The TSval offset (RFC 7323 §5.4): per pair of addresses, as Linux's
 * secure_tcp_ts_off, not per connection, so that a new connection between
 * two hosts carries timestamps newer than an old one's, which a TIME-WAIT
 * looks for before it lets the new one in (RFC 6191, tcp_timewait.c).
 */
uint32_t
tcp_ts_offset(struct tcpcb *tp)
{
	uint64_t m[2];

	m[0] = (uint64_t)tp->t_inpcb->inp_laddr << 32 | tp->t_inpcb->inp_faddr;
	m[1] = 0x7473;		/* "ts": another input than any ISS's */
	return (uint32_t)tcp_siphash(tp->t_th->th_key, m, 2);
}

/*
 * Sends a control segment that belongs to no connection: the RST answering
 * a segment for a closed port (RFC 9293 §3.10.7.1).  Addresses and ports
 * are ours (src, sport) and the peer's.
 */
void
tcp_respond(struct host *h, uint32_t src, uint32_t dst, uint16_t sport,
    uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags)
{
	struct tcp_host *th = TCPH(h);
	struct tcp_seg ts;
	struct ip_out o;
	struct pkt *p;

	memset(&ts, 0, sizeof(ts));
	ts.th_sport = sport;
	ts.th_dport = dport;
	ts.th_seq = seq;
	ts.th_ack = ack;
	ts.th_flags = flags;
	if ((p = pkt_alloc(h->h_stack->st_pkts, TCP_MINHLEN)) == NULL)
		return;
	tcp_emit(&ts, p->pk_data, src, dst);
	memset(&o, 0, sizeof(o));
	o.io_src = src;
	o.io_dst = dst;
	o.io_proto = IPPROTO_TCP;
	th->th_stat.tcps_sndtotal++;
	if (flags & TH_RST)
		th->th_stat.tcps_sndrst++;
	ip_output(h, p, &o);
}

/*
 * A new round-trip sample (RFC 6298 §2): the first sets SRTT and RTTVAR,
 * later ones smooth them with alpha 1/8 and beta 1/4.  The backoff ends,
 * since an ACK for new data came (RFC 6298 (5.7) leaves it to us).
 */
void
tcp_xmit_timer(struct tcpcb *tp, uint64_t rtt)
{
	int64_t r = (int64_t)rtt, d;

	if (r <= 0)
		r = 1;
	tp->t_th->th_stat.tcps_rttupdated++;
	if (tp->t_srtt == 0) {
		tp->t_srtt = r;
		tp->t_rttvar = r / 2;
	} else {
		d = tp->t_srtt - r;
		if (d < 0)
			d = -d;
		tp->t_rttvar = (3 * tp->t_rttvar + d) / 4;
		tp->t_srtt = (7 * tp->t_srtt + r) / 8;
	}
	d = 4 * tp->t_rttvar;
	if (d < (int64_t)TCP_RTO_GRAN)
		d = TCP_RTO_GRAN;
	tp->t_rto = (uint64_t)(tp->t_srtt + d);
	if (tp->t_rto < tp->t_th->th_rto_min)
		tp->t_rto = tp->t_th->th_rto_min;
	if (tp->t_rto > TCP_RTO_MAX)
		tp->t_rto = TCP_RTO_MAX;
	tp->t_rxtshift = 0;
	tp->t_softerror = 0;
}

/* The RTO with the current backoff (RFC 6298 (5.5)), bounded by TCP_RTO_MAX. */
uint64_t
tcp_rto(struct tcpcb *tp)
{
	uint64_t rto = tp->t_rto;
	int i;

	for (i = 0; i < tp->t_rxtshift && rto < TCP_RTO_MAX; i++)
		rto *= 2;
	return rto > TCP_RTO_MAX ? TCP_RTO_MAX : rto;
}

/*
 * The MSS to offer for a connection to dst: the outgoing interface's MTU
 * less 40 bytes of IP and TCP header (RFC 9293 §3.7.1; RFC 6691).
 */
uint16_t
tcp_mss_for(struct host *h, uint32_t dst)
{
	struct ifnet *ifp = NULL;
	uint32_t nexthop;
	int bcast;

	if (ip_route_out(h, dst, 0, &ifp, &nexthop, &bcast) != 0 || ifp == NULL)
		return TCP_DEFMSS;
	if (ifp->if_mtu < 40 + 64)
		return 64;
	return (uint16_t)(ifp->if_mtu > 65535 ? 65535 - 40 : ifp->if_mtu - 40);
}

/*
 * Settles the MSS we send with: the least of the peer's offer (536 when it
 * made none, RFC 9293 §3.7.1), our interface's, and TCP_MAXSEG; less the
 * room timestamps take (RFC 7323 §... the effective MSS of RFC 9293
 * §3.7.1).  Sets the initial window (RFC 5681 §3.1, RFC 3390).
 */
void
tcp_mss_update(struct tcpcb *tp, uint16_t offer)
{
	uint32_t mss = tp->t_ourmss ? tp->t_ourmss : tcp_mss_for(tp->t_host, tp->t_inpcb->inp_faddr);

	if (offer != 0 && offer < mss)
		mss = offer;
	if (tp->t_usermss != 0 && tp->t_usermss < mss)
		mss = tp->t_usermss;
	if (tp->t_flags & TF_RCVD_TSTMP)
		mss -= 12;
	if (mss < 64)
		mss = 64;
	tp->t_maxseg = (uint16_t)mss;
	tp->t_cc->cc_init(tp);
}

/*
 * The connection for a segment from faddr:fport to laddr:lport: an exact
 * four-tuple, else (wild) the best partial match, a listener (in_pcb.c).
 */
struct tcpcb *
tcp_lookup(struct tcp_host *th, uint32_t laddr, uint16_t lport,
    uint32_t faddr, uint16_t fport, int wild)
{
	struct inpcb *inp;

	inp = in_pcblookup(&HINET(th->th_host)->ih_tcb, faddr, fport, laddr,
	    lport, wild ? INPLOOKUP_WILDCARD : 0);
	return inp != NULL ? intotcpcb(inp) : NULL;
}

/*
 * An ICMP error about a segment we sent (pr_ctlinput).  As BSD: during
 * connection establishment an unreachable ends the attempt with its
 * errno (ECONNREFUSED for port or protocol unreachable, EHOSTUNREACH or
 * ENETUNREACH, prc_errno()); on an established connection it is a soft
 * error kept for when the retransmission timer gives up (RFC 1122
 * §4.2.3.9: not a reason to abort).  Source quench is ignored (RFC 6633).
 */
void
tcp_ctlinput(struct host *h, const struct ip_ctl *ic, void *arg)
{
	struct tcp_host *th = arg;
	struct tcpcb *tp;
	uint16_t sport, dport;
	uint32_t seq;
	int error;

	if (ic->ic_hdrlen < 8 || ic->ic_prc == PRC_QUENCH)
		return;
	sport = (uint16_t)(ic->ic_hdr[0] << 8 | ic->ic_hdr[1]);
	dport = (uint16_t)(ic->ic_hdr[2] << 8 | ic->ic_hdr[3]);
	seq = (uint32_t)ic->ic_hdr[4] << 24 | (uint32_t)ic->ic_hdr[5] << 16 |
	    (uint32_t)ic->ic_hdr[6] << 8 | ic->ic_hdr[7];
	tp = tcp_lookup(th, ic->ic_src, sport, ic->ic_dst, dport, 0);
	if (tp == NULL || (error = prc_errno(ic->ic_prc)) == 0)
		return;
	/* RFC 5927 §4.1: the quoted sequence number must be in flight. */
	if (SEQ_LT(seq, tp->snd_una) || SEQ_GT(seq, tp->snd_max))
		return;
	if (ic->ic_prc == PRC_MSGSIZE)
		return;		/* XXX issue 4: no path MTU discovery */
	if (tp->t_state == TCPS_SYN_SENT && (ic->ic_prc == PRC_UNREACH_PORT ||
	    ic->ic_prc == PRC_UNREACH_PROTOCOL || ic->ic_prc == PRC_UNREACH_NET ||
	    ic->ic_prc == PRC_UNREACH_HOST)) {
		tcp_drop(tp, error);
		return;
	}
	tp->t_softerror = error;
}
