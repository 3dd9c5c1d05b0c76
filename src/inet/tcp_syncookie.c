/*
 * SYN cookies (RFC 4987 §3.6): when a listener's queue of half-open
 * connections is full, as a flood of SYNs from forged sources makes it,
 * a SYN is answered with a SYN,ACK whose initial sequence number is a
 * message authentication code over the connection, and nothing is kept.
 * A peer that really sent the SYN answers with an ACK of that number plus
 * one; the listener checks the code and makes the connection then, as
 * Linux and FreeBSD do.
 *
 * The cookie (our ISS, 32 bits):
 *
 *	bits 31..5  MAC: the top 27 bits of SipHash-2-4 (tcp_siphash, keyed
 *	            from the stack's seeded source) over the four-tuple, the
 *	            peer's ISS, the time counter and the MSS index
 *	bits  4..3  the time counter's low two bits
 *	bits  2..0  the MSS index: the largest entry of tcp_cookie_msstab
 *	            not above the peer's MSS (536 without the option)
 *
 * The time counter counts TCP_COOKIE_PERIOD (64 s) from the host's start
 * (virtual-time tests see the same periods every run); a cookie is good in
 * its period and the next, so for 64 to 128 s (Linux: about 2 minutes).
 * Its low bits tell which of the two periods to check, so a check costs
 * one hash.  A forged ACK is accepted with probability 2^-27.
 *
 * Options (decided as Linux does): only the MSS fits in the ISS.  When
 * the peer's SYN carried timestamps and the listener uses them, the low
 * six bits of our SYN,ACK's TSval carry the rest, and the ACK's TSecr
 * gives them back (RFC 7323 §4.3 says it echoes our TSval):
 *
 *	bits 3..0   the peer's window shift (0-14), 0xf: no window scaling
 *	bit  4      SACK permitted
 *	bit  5      always 1: a TSecr without it is no cookie's
 *
 * Without timestamps the SYN,ACK offers neither window scaling nor SACK,
 * since the ACK could not tell us whether they were agreed.  The TSval is
 * the connection's clock with its low bits replaced, moved back one step
 * of 64 when that would put it ahead, so that our timestamps never go
 * backwards for the peer's PAWS (RFC 7323 §5).  These bits carry no MAC:
 * only a peer that received the SYN,ACK can echo them, and it could have
 * asked for any of these options in its SYN.
 *
 * A listener checks cookies only within TCP_COOKIE_VALID of its last one
 * sent (as Linux does), so an ACK to a listener at peace draws its RST at
 * once, counted as before.
 */
#include <string.h>

#include "base/pkt.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/ip_var.h"
#include "inet/tcp_var.h"
#include "kern/host.h"
#include "kern/socket.h"

#define TCP_COOKIE_PERIOD	(64 * NS_PER_SEC)
#define TCP_COOKIE_VALID	(2 * TCP_COOKIE_PERIOD)
#define TCP_COOKIE_TSBITS	6
#define TCP_COOKIE_TSMASK	((1u << TCP_COOKIE_TSBITS) - 1)
#define TCP_COOKIE_TSMARK	0x20u
#define TCP_COOKIE_TSSACK	0x10u
#define TCP_COOKIE_NOSCALE	0xfu

/*
 * MSS values a cookie can name, ascending.  536 is the default without an
 * option (RFC 9293 §3.7.1); 1220-1460 cover Ethernet and tunnels; 8960
 * jumbo frames; 65495 uipc's loopback and large-MTU segments.
 */
static const uint16_t tcp_cookie_msstab[8] = {
	64, 536, 1220, 1300, 1440, 1460, 8960, 65495,
};

/* What a cookie recalls of the SYN that earned it. */
struct tcp_cookie {
	uint32_t c_iss;			/* ours: the cookie */
	uint32_t c_irs;			/* the peer's */
	uint16_t c_mss;
	int c_tstamp;			/* timestamps agreed */
	int c_wscale;			/* the peer's shift, -1: none */
	int c_sack;
	uint32_t c_tsval;		/* our SYN,ACK's TSval (the ACK's TSecr) */
};

/* Derives the cookie key from the ISS key: keyed from the seeded source. */
void
tcp_syncookie_init(struct tcp_host *th)
{
	uint64_t m[1];

	m[0] = 0x636f6f6b69653030ULL;		/* "cookie00" */
	th->th_cookiekey[0] = tcp_siphash(th->th_key, m, 1);
	m[0]++;
	th->th_cookiekey[1] = tcp_siphash(th->th_key, m, 1);
	th->th_syncookies = 1;
	th->th_cookieepoch = timerq_now(th->th_host->h_stack->st_timers);
}

/* The stack's clock from the host's start, so periods start with it. */
static uint64_t
tcp_cookie_now(struct tcp_host *th)
{
	return timerq_now(th->th_host->h_stack->st_timers) - th->th_cookieepoch;
}

/* The 27-bit MAC, in place (bits 31..5). */
static uint32_t
tcp_cookie_mac(struct tcp_host *th, uint32_t laddr, uint32_t faddr,
    uint16_t lport, uint16_t fport, uint32_t irs, uint32_t count, unsigned mssidx)
{
	uint64_t m[3];

	m[0] = (uint64_t)laddr << 32 | faddr;
	m[1] = (uint64_t)lport << 48 | (uint64_t)fport << 32 | irs;
	m[2] = (uint64_t)count << 3 | mssidx;
	return (uint32_t)tcp_siphash(th->th_cookiekey, m, 3) & ~0x1fu;
}

static unsigned
tcp_cookie_mssidx(uint16_t mss)
{
	unsigned i = 7;

	while (i > 0 && tcp_cookie_msstab[i] > mss)
		i--;
	return i;
}

static uint32_t
tcp_cookie_make(struct tcp_host *th, uint32_t laddr, uint32_t faddr,
    const struct tcp_seg *syn)
{
	uint32_t count = (uint32_t)(tcp_cookie_now(th) / TCP_COOKIE_PERIOD);
	unsigned mssidx = tcp_cookie_mssidx((syn->to_flags & TOF_MSS) ?
	    syn->to_mss : TCP_DEFMSS);

	return tcp_cookie_mac(th, laddr, faddr, syn->th_dport, syn->th_sport,
	    syn->th_seq, count, mssidx) | (count & 3) << 3 | mssidx;
}

/*
 * The offset of a cookie connection's TSval from the millisecond clock:
 * from the cookie, as an ordinary connection's comes from its ISS
 * (tcp_syn_prepare), so the SYN,ACK and the connection agree.
 */
static uint32_t
tcp_cookie_tsoffset(uint32_t iss)
{
	return iss * 2654435761u;
}

/* Our SYN,ACK's TSval, its low bits carrying the options. */
static uint32_t
tcp_cookie_tsval(struct tcp_host *th, uint32_t iss, int wscale, int sack)
{
	uint32_t now = (uint32_t)(tcp_cookie_now(th) / NS_PER_MS) + tcp_cookie_tsoffset(iss);
	uint32_t bits = TCP_COOKIE_TSMARK, ts;

	bits |= wscale >= 0 ? (uint32_t)wscale : TCP_COOKIE_NOSCALE;
	if (sack)
		bits |= TCP_COOKIE_TSSACK;
	ts = (now & ~TCP_COOKIE_TSMASK) | bits;
	if ((int32_t)(ts - now) > 0)
		ts -= 1u << TCP_COOKIE_TSBITS;
	return ts;
}

/*
 * Answers the SYN syn for the listener lp with a cookie: a SYN,ACK built
 * here, as the connection would have sent it (tcp_fill_options), with no
 * state kept but the time of sending.
 */
void
tcp_syncookie_send(struct tcpcb *lp, uint32_t laddr, uint32_t faddr,
    const struct tcp_seg *syn)
{
	struct tcp_host *th = lp->t_th;
	struct host *h = th->th_host;
	struct socket *ls = lp->t_socket;
	struct tcp_seg ts;
	struct ip_out o;
	struct pkt *p;
	uint16_t mss;
	uint32_t win;

	memset(&ts, 0, sizeof(ts));
	ts.th_sport = syn->th_dport;
	ts.th_dport = syn->th_sport;
	ts.th_seq = tcp_cookie_make(th, laddr, faddr, syn);
	ts.th_ack = syn->th_seq + 1;
	ts.th_flags = TH_SYN | TH_ACK;
	win = ls->so_rcv.sb_hiwat;
	ts.th_win = (uint16_t)(win > TCP_MAXWIN ? TCP_MAXWIN : win);
	if (!(lp->t_flags & TF_NOOPT)) {
		mss = tcp_mss_for(h, faddr);
		if (lp->t_usermss != 0 && lp->t_usermss < mss)
			mss = lp->t_usermss;
		ts.to_flags |= TOF_MSS;
		ts.to_mss = mss;
		if ((syn->to_flags & TOF_TS) && (lp->t_flags & TF_REQ_TSTMP)) {
			int sack = (syn->to_flags & TOF_SACKPERM) &&
			    (lp->t_flags & TF_REQ_SACK);
			int wscale = -1;

			if ((syn->to_flags & TOF_SCALE) && (lp->t_flags & TF_REQ_SCALE)) {
				ts.to_flags |= TOF_SCALE;
				ts.to_wscale = tcp_rcv_wscale(ls);
				wscale = syn->to_wscale;
			}
			if (sack)
				ts.to_flags |= TOF_SACKPERM;
			ts.to_flags |= TOF_TS;
			ts.to_tsval = tcp_cookie_tsval(th, ts.th_seq, wscale, sack);
			ts.to_tsecr = syn->to_tsval;
		}
	}
	lp->t_flags |= TF_COOKIESENT;
	lp->t_cookietime = tcp_cookie_now(th);
	th->th_stat.tcps_sc_sendcookie++;
	if ((p = pkt_alloc(h->h_stack->st_pkts, tcp_hdrlen(&ts))) == NULL)
		return;
	tcp_emit(&ts, p->pk_data, laddr, faddr);
	memset(&o, 0, sizeof(o));
	o.io_src = laddr;
	o.io_dst = faddr;
	o.io_proto = IPPROTO_TCP;
	o.io_ttl = lp->t_inpcb->inp_ttl;
	o.io_tos = lp->t_inpcb->inp_tos;
	th->th_stat.tcps_sndtotal++;
	th->th_stat.tcps_sndctrl++;
	ip_output(h, p, &o);
}

/*
 * Checks the cookie an ACK to lp brings back: 1 and *c filled when it is
 * one of ours from the last two periods, else 0.
 */
static int
tcp_cookie_check(struct tcpcb *lp, uint32_t laddr, uint32_t faddr,
    const struct tcp_seg *ack, struct tcp_cookie *c)
{
	struct tcp_host *th = lp->t_th;
	uint32_t now = (uint32_t)(tcp_cookie_now(th) / TCP_COOKIE_PERIOD);
	uint32_t iss = ack->th_ack - 1, irs = ack->th_seq - 1, count;
	unsigned mssidx = iss & 7, age = (now - (iss >> 3)) & 3;

	if (age > 1)
		return 0;
	count = now - age;
	if (tcp_cookie_mac(th, laddr, faddr, ack->th_dport, ack->th_sport, irs,
	    count, mssidx) != (iss & ~0x1fu))
		return 0;
	memset(c, 0, sizeof(*c));
	c->c_iss = iss;
	c->c_irs = irs;
	c->c_mss = tcp_cookie_msstab[mssidx];
	c->c_wscale = -1;
	if ((ack->to_flags & TOF_TS) && (lp->t_flags & TF_REQ_TSTMP) &&
	    !(lp->t_flags & TF_NOOPT)) {
		uint32_t bits = ack->to_tsecr & TCP_COOKIE_TSMASK;

		if (!(bits & TCP_COOKIE_TSMARK))
			return 0;
		c->c_tstamp = 1;
		c->c_tsval = ack->to_tsecr;
		if ((bits & 0xf) != TCP_COOKIE_NOSCALE) {
			if ((bits & 0xf) > TCP_MAX_WINSHIFT ||
			    !(lp->t_flags & TF_REQ_SCALE))
				return 0;
			c->c_wscale = (int)(bits & 0xf);
		}
		if (bits & TCP_COOKIE_TSSACK) {
			if (!(lp->t_flags & TF_REQ_SACK))
				return 0;
			c->c_sack = 1;
		}
	}
	return 1;
}

/*
 * An ACK (no SYN, no RST) arrived at the listener lp.  Returns 0 when it
 * is no business of cookies (none sent lately): the caller answers RST.
 * Otherwise it is consumed: a good cookie makes the connection (unless
 * the queue of complete connections is full: then it is dropped, and the
 * peer's retransmission may find room while the cookie is still good) and
 * hands it the ACK, as if the SYN,ACK had come from a connection in
 * SYN-RECEIVED; a bad one is counted and refused with a RST.
 */
int
tcp_syncookie_ack(struct tcpcb *lp, uint32_t laddr, uint32_t faddr,
    struct tcp_seg *ack)
{
	struct tcp_host *th = lp->t_th;
	struct tcp_seg syn;
	struct tcp_cookie c;
	struct tcpcb *tp;

	if (!(lp->t_flags & TF_COOKIESENT) ||
	    tcp_cookie_now(th) - lp->t_cookietime >= TCP_COOKIE_VALID)
		return 0;
	if (!tcp_cookie_check(lp, laddr, faddr, ack, &c)) {
		th->th_stat.tcps_sc_badcookie++;
		return 0;
	}
	/* The SYN again, as far as the cookie recalls it. */
	memset(&syn, 0, sizeof(syn));
	syn.th_sport = ack->th_sport;
	syn.th_dport = ack->th_dport;
	syn.th_seq = c.c_irs;
	syn.th_flags = TH_SYN;
	syn.to_flags = TOF_MSS;
	syn.to_mss = c.c_mss;
	if (c.c_tstamp) {
		syn.to_flags |= TOF_TS;
		syn.to_tsval = ack->to_tsval;
	}
	if (c.c_wscale >= 0) {
		syn.to_flags |= TOF_SCALE;
		syn.to_wscale = (uint8_t)c.c_wscale;
	}
	if (c.c_sack)
		syn.to_flags |= TOF_SACKPERM;
	if ((tp = tcp_passive_new(lp, laddr, faddr, &syn, SONEW_NOQ0LIMIT, NULL)) == NULL) {
		th->th_stat.tcps_listendrop++;
		return 1;
	}
	th->th_stat.tcps_sc_recvcookie++;
	/* As if our SYN,ACK had gone out from this connection. */
	tp->iss = c.c_iss;
	tp->snd_una = tp->snd_recover = tp->iss;
	tp->snd_nxt = tp->snd_max = tp->snd_up = tp->iss + 1;
	tp->snd_wl2 = tp->iss;
	tcp_sack_clear(tp);	/* the scoreboard's marks at snd_una (tcp_syn_prepare) */
	tp->ts_offset = tcp_cookie_tsoffset(c.c_iss);
	tp->rcv_wnd = tcp_rcvwin(tp);
	tp->rcv_adv = tp->rcv_nxt + tp->rcv_wnd;	/* as tcp_xmit after a SYN */
	tp->last_ack_sent = tp->rcv_nxt;
	/* The ACK establishes it (tcp_ack); should it not, the bound holds. */
	timer_add_in(tp->t_host->h_stack->st_timers, &tp->t_keep, TCP_KEEPINIT);
	tcp_trace(tp, "input", ack);
	tcp_segment(tp, ack);
	return 1;
}
