/*
 * TCP input (RFC 9293 §3.10.7, "SEGMENT ARRIVES").  Heads up: read
 * §3.10.7.1-3.10.7.4 with RFC 5961 (§3-§5: blind resets, SYNs and data),
 * RFC 7323 §4-§5 (timestamps, PAWS), RFC 5681 §3.2 and RFC 6582 (fast
 * retransmit and NewReno recovery), RFC 6675 (SACK recovery) and RFC 1122
 * §4.2.2.20-21 before editing.
 *
 * tcp_wire.c has parsed and checksummed the segment; everything here works
 * on the struct tcp_seg.  tcp_input() finds the connection and sends the
 * segment to the state's handler: a closed port (§3.10.7.1), LISTEN
 * (§3.10.7.2), SYN-SENT (§3.10.7.3), or tcp_segment() for the other states
 * (§3.10.7.4), which takes the RFC's steps in order, one helper each:
 * check sequence number (with PAWS), RST, SYN, ACK, URG, text, FIN.  A
 * helper returns 0 when the segment was consumed (dropped, or the
 * connection is gone) and processing stops.
 */
#include <errno.h>
#include <string.h>

#include "base/pkt.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/ip_var.h"
#include "inet/tcp_var.h"
#include "kern/host.h"
#include "kern/socket.h"

#define PAWS_IDLE	(24ULL * 24 * 3600 * NS_PER_SEC)	/* RFC 7323 §5.5 */

static inline struct tcpstat *
tstat(struct tcpcb *tp)
{
	return &tp->t_th->th_stat;
}

static uint32_t
tcp_seglen(const struct tcp_seg *ts)
{
	return (uint32_t)ts->th_datalen + ((ts->th_flags & TH_SYN) != 0) +
	    ((ts->th_flags & TH_FIN) != 0);
}

/* RFC 5961 §7: at most th_challenge_limit challenge ACKs a second. */
int
tcp_challenge_ok(struct tcp_host *th, uint64_t now)
{
	uint64_t sec = now / NS_PER_SEC;

	if (sec != th->th_challenge_sec) {
		th->th_challenge_sec = sec;
		th->th_challenge_count = 0;
	}
	if (th->th_challenge_count >= th->th_challenge_limit) {
		th->th_stat.tcps_challengelimit++;
		return 0;
	}
	th->th_challenge_count++;
	return 1;
}

static void
tcp_challenge(struct tcpcb *tp)
{
	if (!tcp_challenge_ok(tp->t_th, tcp_now(tp)))
		return;
	tstat(tp)->tcps_challengeack++;
	tcp_send_ctl(tp, tp->snd_nxt, TH_ACK);
}

static void
tcp_dropafterack(struct tcpcb *tp)
{
	tp->t_flags |= TF_ACKNOW;
	tcp_output(tp);
}

/*
 * §3.10.7.1: no connection.  A RST is dropped; anything else is answered
 * with a RST that the peer will accept, so a connect to a closed port
 * fails with ECONNREFUSED (primer §2.4).
 */
static void
tcp_input_closed(struct tcp_host *th, uint32_t laddr, uint32_t faddr,
    const struct tcp_seg *ts)
{
	if (ts->th_flags & TH_RST)
		return;
	th->th_stat.tcps_noport++;
	if (ts->th_flags & TH_ACK)
		tcp_respond(th->th_host, laddr, faddr, ts->th_dport, ts->th_sport,
		    ts->th_ack, 0, TH_RST);
	else
		tcp_respond(th->th_host, laddr, faddr, ts->th_dport, ts->th_sport,
		    0, ts->th_seq + tcp_seglen(ts), TH_RST | TH_ACK);
}

static void tcp_iss_set(struct tcpcb *, uint32_t);

/* Prepares the options we will offer on our SYN (both opens). */
void
tcp_syn_prepare(struct tcpcb *tp)
{
	tp->t_ourmss = tcp_mss_for(tp->t_host, tp->t_inpcb->inp_faddr);
	if (tp->t_usermss != 0 && tp->t_usermss < tp->t_ourmss)
		tp->t_ourmss = tp->t_usermss;
	tp->request_r_scale = tcp_rcv_wscale(tp->t_socket);
	tcp_iss_set(tp, tcp_iss(tp));
	tp->ts_offset = tcp_ts_offset(tp);
}

/* The ISS, and the send sequence variables that start at it. */
static void
tcp_iss_set(struct tcpcb *tp, uint32_t iss)
{
	tp->iss = iss;
	tp->snd_una = tp->snd_nxt = tp->snd_max = tp->snd_up = tp->iss;
	tp->snd_recover = tp->iss;
	/*
	 * The SACK scoreboard's marks (RFC 6675 §4 HighACK/HighRxt) start at
	 * the ISS too: sequence numbers compare only within 2^31 of each other
	 * (RFC 9293 §3.4), so a mark left at 0 is "above" every snd_una in the
	 * upper half of the space, and recovery would count the whole space
	 * as in the pipe and send nothing.
	 */
	tcp_sack_clear(tp);
}

/* Records what the peer's SYN offered (RFC 7323 §2.2, §3.2; RFC 2018 §2). */
static void
tcp_syn_options(struct tcpcb *tp, const struct tcp_seg *ts)
{
	if ((ts->to_flags & TOF_SCALE) && (tp->t_flags & TF_REQ_SCALE)) {
		tp->t_flags |= TF_RCVD_SCALE;
		tp->snd_scale = ts->to_wscale;
		tp->rcv_scale = tp->request_r_scale;
	} else {
		tp->t_flags &= ~TF_REQ_SCALE;
		tp->snd_scale = tp->rcv_scale = 0;
	}
	if ((ts->to_flags & TOF_TS) && (tp->t_flags & TF_REQ_TSTMP)) {
		tp->t_flags |= TF_RCVD_TSTMP;
		tp->ts_recent = ts->to_tsval;
		tp->ts_recent_age = tcp_now(tp);
	} else
		tp->t_flags &= ~TF_REQ_TSTMP;
	if ((ts->to_flags & TOF_SACKPERM) && (tp->t_flags & TF_REQ_SACK))
		tp->t_flags |= TF_SACK_PERMIT;
	if (ts->to_flags & TOF_MSS)
		tp->t_flags |= TF_RCVD_MSS;
	tcp_mss_update(tp, (ts->to_flags & TOF_MSS) ? ts->to_mss : TCP_DEFMSS);
}

/* The connection is established: tell the user, and close if it asked. */
static void
tcp_established(struct tcpcb *tp)
{
	struct socket *so = tp->t_socket;

	tstat(tp)->tcps_connects++;
	tcp_state(tp, TCPS_ESTABLISHED);
	if (tcp_defer_established(tp))
		so = NULL;	/* TCP_DEFER_ACCEPT: told when data comes */
	else {
		timer_cancel(tp->t_host->h_stack->st_timers, &tp->t_keep);
		tcp_keep_arm(tp);
	}
	if (so != NULL)
		soisconnected(so);
	if (tp->t_flags & TF_NEEDFIN) {
		tp->t_flags &= ~TF_NEEDFIN;
		tcp_usrclosed(tp);
	}
}

/*
 * A connection born of the listener lp for the SYN syn (or what a SYN
 * cookie recalls of it): a socket on lp's incomplete queue (sonewconn,
 * with soflags), its tcpcb in SYN-RECEIVED with the listener's options
 * and our ISS chosen, the peer's ISS and options recorded.  NULL when the
 * queues are full or memory is short.
 */
struct tcpcb *
tcp_passive_new(struct tcpcb *lp, uint32_t laddr, uint32_t faddr,
    const struct tcp_seg *syn, int soflags, const uint32_t *iss)
{
	struct socket *so;
	struct tcpcb *tp;

	if ((so = sonewconn(lp->t_socket, soflags)) == NULL)
		return NULL;
	tp = sototcpcb(so);
	tp->t_inpcb->inp_laddr = laddr;
	tp->t_inpcb->inp_lport = syn->th_dport;
	tp->t_inpcb->inp_faddr = faddr;
	tp->t_inpcb->inp_fport = syn->th_sport;
	tp->t_inpcb->inp_ttl = lp->t_inpcb->inp_ttl;
	tp->t_inpcb->inp_tos = lp->t_inpcb->inp_tos;
	in_pcbrehash(tp->t_inpcb);
	tp->t_flags |= TF_PASSIVE | (lp->t_flags & (TF_NODELAY | TF_NOOPT));
	tp->t_flags &= ~(TF_REQ_SCALE | TF_REQ_TSTMP | TF_REQ_SACK);
	tp->t_flags |= lp->t_flags & (TF_REQ_SCALE | TF_REQ_TSTMP | TF_REQ_SACK);
	tp->t_keepidle = lp->t_keepidle;
	tp->t_keepintvl = lp->t_keepintvl;
	tp->t_keepcnt = lp->t_keepcnt;
	tp->t_usermss = lp->t_usermss;
	tp->t_usertimeout = lp->t_usertimeout;
	tcp_defer_inherit(tp, lp);
	tp->t_cc = lp->t_cc;
	tcp_syn_prepare(tp);
	if (iss != NULL)
		tcp_iss_set(tp, *iss);	/* past a TIME-WAIT's (tcp_timewait.c) */
	tp->irs = syn->th_seq;
	tp->rcv_nxt = tp->rcv_adv = tp->rcv_up = syn->th_seq + 1;
	tcp_syn_options(tp, syn);
	tp->snd_wnd = syn->th_win;		/* never scaled in a SYN */
	tp->max_sndwnd = tp->snd_wnd;
	tp->snd_wl1 = syn->th_seq;
	tp->snd_wl2 = tp->iss;
	tp->t_rcvtime = tcp_now(tp);
	tcp_state(tp, TCPS_SYN_RECEIVED);
	tstat(tp)->tcps_accepts++;
	return tp;
}

/*
 * §3.10.7.2: a segment for a listener.  A SYN makes a new connection on
 * the listener's incomplete queue in SYN-RECEIVED and answers SYN,ACK.
 * When the queue of complete connections is full the SYN is ignored, not
 * refused, so the client retries (primer §2.4).  When only the incomplete
 * queue is full (a SYN flood holds it with forged sources, RFC 4987 §2)
 * the SYN is answered with a SYN cookie and no state (§3.6,
 * tcp_syncookie.c), and an ACK that carries a good cookie makes the
 * connection; any other ACK draws a RST.
 */
static void
tcp_input_listen(struct tcpcb *lp, uint32_t laddr, uint32_t faddr,
    struct tcp_seg *ts, const uint32_t *iss)
{
	struct tcp_host *th = lp->t_th;
	struct socket *ls = lp->t_socket;
	struct tcpcb *tp;

	if (ts->th_flags & TH_RST)
		return;
	if (ts->th_flags & TH_ACK) {
		if (!(ts->th_flags & TH_SYN) && tcp_syncookie_ack(lp, laddr, faddr, ts))
			return;
		tcp_respond(th->th_host, laddr, faddr, ts->th_dport, ts->th_sport,
		    ts->th_ack, 0, TH_RST);
		return;
	}
	if (!(ts->th_flags & TH_SYN) || (ts->th_flags & TH_FIN)) {
		th->th_stat.tcps_badsyn++;
		return;
	}
	if (!soqfull(ls) && th->th_syncookies != 0 &&
	    (soq0full(ls) || th->th_syncookies == 2)) {
		tcp_syncookie_send(lp, laddr, faddr, ts);
		return;
	}
	if ((tp = tcp_passive_new(lp, laddr, faddr, ts, 0, iss)) == NULL) {
		th->th_stat.tcps_listendrop++;
		return;
	}
	timer_add_in(tp->t_host->h_stack->st_timers, &tp->t_keep, TCP_KEEPINIT);
	tcp_output(tp);
}

/*
 * §3.10.7.3: SYN-SENT.  An ACK must acknowledge our SYN; a RST with such
 * an ACK refuses the connection; a SYN completes it (with an ACK) or makes
 * a simultaneous open (without one: SYN-RECEIVED, and our SYN again with
 * an ACK).
 */
static void
tcp_input_synsent(struct tcpcb *tp, struct tcp_seg *ts)
{
	struct timerq *tq = tp->t_host->h_stack->st_timers;
	int ackok = 0;

	if (ts->th_flags & TH_ACK) {
		if (SEQ_LEQ(ts->th_ack, tp->iss) || SEQ_GT(ts->th_ack, tp->snd_max)) {
			if (!(ts->th_flags & TH_RST))
				tcp_respond(tp->t_host, tp->t_inpcb->inp_laddr, tp->t_inpcb->inp_faddr,
				    tp->t_inpcb->inp_lport, tp->t_inpcb->inp_fport, ts->th_ack, 0, TH_RST);
			return;
		}
		ackok = 1;
	}
	if (ts->th_flags & TH_RST) {
		if (ackok) {
			tstat(tp)->tcps_rcvrst++;
			tcp_drop(tp, ECONNREFUSED);
		}
		return;
	}
	if (!(ts->th_flags & TH_SYN))
		return;
	tp->irs = ts->th_seq;
	tp->rcv_nxt = tp->rcv_adv = tp->rcv_up = ts->th_seq + 1;
	tcp_syn_options(tp, ts);
	tp->snd_wnd = ts->th_win;
	tp->max_sndwnd = tp->snd_wnd;
	tp->snd_wl1 = ts->th_seq;
	tp->snd_wl2 = ts->th_ack;
	tp->t_flags |= TF_ACKNOW;
	if (!ackok) {
		/* Simultaneous open (RFC 9293 Figure 7): SYN,ACK at iss. */
		tcp_state(tp, TCPS_SYN_RECEIVED);
		tp->snd_nxt = tp->iss;
		timer_cancel(tq, &tp->t_rexmt);
		tcp_output(tp);
		return;
	}
	tp->snd_una = ts->th_ack;
	if (SEQ_LT(tp->snd_nxt, tp->snd_una))
		tp->snd_nxt = tp->snd_una;
	if (tp->t_rtttime != 0 && tp->t_rxtshift == 0)
		tcp_xmit_timer(tp, tcp_now(tp) - tp->t_rtttime);
	tp->t_rtttime = 0;
	tp->t_rxtshift = 0;
	timer_cancel(tq, &tp->t_rexmt);
	tcp_established(tp);
	if (tp->t_socket == NULL)
		return;
	/* Data or a FIN on the SYN,ACK: go on as in ESTABLISHED. */
	ts->th_flags &= (uint8_t)~TH_SYN;
	ts->th_seq++;
	if (ts->th_urp > 0)
		ts->th_urp--;
	tcp_segment(tp, ts);
}

/*
 * RFC 7323 §5.3: PAWS.  A segment whose timestamp is older than
 * TS.Recent is a duplicate from an old wrap: ACK it and drop it (unless
 * RST).  TS.Recent idle for 24 days is no longer trusted (§5.5).
 */
static int
tcp_paws(struct tcpcb *tp, const struct tcp_seg *ts)
{
	if (!(ts->to_flags & TOF_TS) || !(tp->t_flags & TF_RCVD_TSTMP) ||
	    (ts->th_flags & TH_RST) || tp->ts_recent == 0 ||
	    !SEQ_LT(ts->to_tsval, tp->ts_recent))
		return 1;
	if (tcp_now(tp) - tp->ts_recent_age > PAWS_IDLE) {
		tp->ts_recent = 0;
		return 1;
	}
	tstat(tp)->tcps_pawsdrop++;
	tstat(tp)->tcps_rcvduppack++;
	tstat(tp)->tcps_rcvdupbyte += ts->th_datalen;
	tcp_dropafterack(tp);
	return 0;
}

/* RCV.WND: what we offered, or more if the buffer has room now. */
static uint32_t
tcp_rcv_wnd(struct tcpcb *tp)
{
	uint32_t win = tcp_rcvwin(tp), adv;

	adv = SEQ_GT(tp->rcv_adv, tp->rcv_nxt) ? tp->rcv_adv - tp->rcv_nxt : 0;
	return win > adv ? win : adv;
}

/*
 * Step 2 (RFC 5961 §3.2): a RST exactly at RCV.NXT resets the connection;
 * one elsewhere in the window draws a challenge ACK; others are dropped.
 */
static void
tcp_rst_check(struct tcpcb *tp, const struct tcp_seg *ts)
{
	uint32_t win = tcp_rcv_wnd(tp);

	if (ts->th_seq != tp->rcv_nxt) {
		/*
		 * Counted in or out of the window (FreeBSD's tcps_badrst counts
		 * only the challenged ones): both are the blind attack's tries.
		 */
		tstat(tp)->tcps_badrst++;
		if (SEQ_GT(ts->th_seq, tp->rcv_nxt) &&
		    SEQ_LT(ts->th_seq, tp->rcv_nxt + win))
			tcp_challenge(tp);
		return;
	}
	tstat(tp)->tcps_rcvrst++;
	switch (tp->t_state) {
	case TCPS_SYN_RECEIVED:
		if (tp->t_flags & TF_PASSIVE) {
			/* Back to LISTEN: the listener never knew. */
			tstat(tp)->tcps_conndrops++;
			tcp_close(tp);
		} else
			tcp_drop(tp, ECONNREFUSED);
		return;
	case TCPS_ESTABLISHED:
	case TCPS_FIN_WAIT_1:
	case TCPS_FIN_WAIT_2:
	case TCPS_CLOSE_WAIT:
		tstat(tp)->tcps_drops++;
		if (tp->t_socket != NULL && !(tp->t_socket->so_state & SS_CLOSED))
			tp->t_socket->so_error = ECONNRESET;
		tcp_close(tp);
		return;
	default:
		tcp_close(tp);
		return;
	}
}

/*
 * Step 1: is the segment acceptable (RFC 9293 §3.10.7.4 first; the
 * table of four cases)?  Parts before RCV.NXT are trimmed (a whole
 * duplicate still has its ACK looked at, as BSD does, so crossing FINs
 * and simultaneous opens complete), parts beyond the window are trimmed
 * too; a segment wholly outside draws an ACK and is dropped.  A zero
 * window admits only a probe at RCV.NXT, whose data is dropped.
 */
static int
tcp_seq_check(struct tcpcb *tp, struct tcp_seg *ts)
{
	struct socket *so = tp->t_socket;
	uint32_t win = tcp_rcv_wnd(tp), todrop, over;

	todrop = tp->rcv_nxt - ts->th_seq;
	if ((int32_t)todrop > 0) {
		if (ts->th_flags & TH_SYN) {
			ts->th_flags &= (uint8_t)~TH_SYN;
			ts->th_seq++;
			if (ts->th_urp > 1)
				ts->th_urp--;
			else
				ts->th_flags &= (uint8_t)~TH_URG;
			todrop--;
		}
		if (todrop > ts->th_datalen ||
		    (todrop == ts->th_datalen && !(ts->th_flags & TH_FIN))) {
			/* All old: a retransmitted FIN in TIME_WAIT restarts 2MSL. */
			if (todrop > ts->th_datalen && (ts->th_flags & TH_FIN) &&
			    tp->t_state == TCPS_TIME_WAIT)
				timer_add_in(tp->t_host->h_stack->st_timers, &tp->t_2msl,
				    2 * tp->t_th->th_msl);
			ts->th_flags &= (uint8_t)~TH_FIN;
			tstat(tp)->tcps_rcvduppack++;
			tstat(tp)->tcps_rcvdupbyte += ts->th_datalen;
			todrop = (uint32_t)ts->th_datalen;
			tp->t_flags |= TF_ACKNOW;
		} else if (todrop > 0) {
			tstat(tp)->tcps_rcvpartduppack++;
		}
		if (todrop > 0)
			tp->t_flags |= TF_ACKNOW;
		ts->th_data += todrop;
		ts->th_datalen -= todrop;
		ts->th_seq += todrop;
		if (ts->th_urp > todrop)
			ts->th_urp = (uint16_t)(ts->th_urp - todrop);
		else {
			ts->th_flags &= (uint8_t)~TH_URG;
			ts->th_urp = 0;
		}
	}
	/* RFC 9293 §3.10.7.4 (and BSD): new data for a closed user: reset. */
	if (so != NULL && (so->so_state & SS_CLOSED) && ts->th_datalen > 0 &&
	    tp->t_state > TCPS_CLOSE_WAIT) {
		tstat(tp)->tcps_rcvafterclose++;
		tcp_drop(tp, 0);
		return 0;
	}
	over = ts->th_seq + (uint32_t)ts->th_datalen - (tp->rcv_nxt + win);
	if ((int32_t)over > 0) {
		if (over >= ts->th_datalen && !(ts->th_datalen > 0 &&
		    win == 0 && ts->th_seq == tp->rcv_nxt)) {
			tstat(tp)->tcps_rcvpackafterwin++;
			if (!(ts->th_flags & TH_RST))
				tcp_dropafterack(tp);
			return 0;
		}
		if (over >= ts->th_datalen)
			tstat(tp)->tcps_rcvwinprobe++;
		else
			tstat(tp)->tcps_rcvpackafterwin++;
		if (over > ts->th_datalen)
			over = (uint32_t)ts->th_datalen;
		ts->th_datalen -= over;
		ts->th_flags &= (uint8_t)~(TH_FIN | TH_PUSH);
		tp->t_flags |= TF_ACKNOW;
	}
	return 1;
}

/* RFC 7323 §4.3: remember TS.Recent from a segment covering Last.ACK.sent. */
static void
tcp_ts_update(struct tcpcb *tp, const struct tcp_seg *ts)
{
	if ((ts->to_flags & TOF_TS) && (tp->t_flags & TF_RCVD_TSTMP) &&
	    SEQ_LEQ(ts->th_seq, tp->last_ack_sent) &&
	    SEQ_LEQ(tp->last_ack_sent, ts->th_seq + tcp_seglen(ts)) &&
	    SEQ_GEQ(ts->to_tsval, tp->ts_recent)) {
		tp->ts_recent = ts->to_tsval;
		tp->ts_recent_age = tcp_now(tp);
	}
}

/*
 * Retransmits the first unacknowledged segment (fast retransmit, RFC 5681
 * §3.2 step 2; a NewReno partial ACK, RFC 6582 §3.2 step 5).
 */
static void
tcp_rexmit_first(struct tcpcb *tp)
{
	uint32_t onxt = tp->snd_nxt, ocwnd = tp->snd_cwnd;
	uint32_t oflags = tp->t_flags;

	tp->snd_nxt = tp->snd_una;
	tp->snd_cwnd = tp->t_maxseg;
	tp->t_flags &= ~TF_FASTRECOVERY;
	tp->t_flags |= TF_FORCE;
	tp->t_info.ci_fastrexmits++;
	tcp_output(tp);
	tp->t_flags = (tp->t_flags & ~(TF_FORCE | TF_FASTRECOVERY)) |
	    (oflags & TF_FASTRECOVERY);
	tp->snd_cwnd = ocwnd;
	if (SEQ_GT(onxt, tp->snd_nxt))
		tp->snd_nxt = onxt;
}

/*
 * A duplicate ACK (RFC 5681 §2's definition).  The first two allow new
 * data (limited transmit, RFC 3042); the third enters fast recovery
 * unless the ACK does not cover "recover" (RFC 6582 §3.2 step 2); more
 * inflate cwnd (NewReno) or, with SACK, just let the pipe drain.
 */
static void
tcp_dupack(struct tcpcb *tp, const struct tcp_seg *ts)
{
	struct timerq *tq = tp->t_host->h_stack->st_timers;
	int sack = (tp->t_flags & TF_SACK_PERMIT) != 0;

	tstat(tp)->tcps_rcvdupack++;
	tp->t_info.ci_dupacks++;
	tp->t_dupacks++;
	if (tp->t_flags & TF_FASTRECOVERY) {
		if (!sack)
			tp->snd_cwnd += tp->t_maxseg;
		tcp_output(tp);
		return;
	}
	if (tp->t_dupacks < 3 && !(sack && tcp_sack_bytes(tp) > 2u * tp->t_maxseg)) {
		tstat(tp)->tcps_limitedtransmit++;
		tcp_output(tp);
		return;
	}
	if (!SEQ_GT(ts->th_ack, tp->snd_recover) && tp->snd_recover != tp->iss) {
		tp->t_dupacks = 0;
		return;
	}
	tstat(tp)->tcps_fastretransmit++;
	tp->t_cc->cc_cong_signal(tp, CC_NDUPACK);
	tp->snd_recover = tp->snd_max;
	tp->t_rtttime = 0;
	timer_cancel(tq, &tp->t_rexmt);
	tcp_rexmit_first(tp);
	tp->t_flags |= TF_FASTRECOVERY;
	if (sack) {
		tstat(tp)->tcps_sackrecovery++;
		tp->snd_cwnd = tp->snd_ssthresh;
		tp->snd_rxthigh = SEQ_MIN(tp->snd_una + tp->t_maxseg, tp->snd_max);
	} else
		tp->snd_cwnd = tp->snd_ssthresh + 3u * tp->t_maxseg;
	tcp_output(tp);
}

/* An RTT sample from the ACK: timestamps, else the timed segment (Karn). */
static void
tcp_rtt_sample(struct tcpcb *tp, const struct tcp_seg *ts)
{
	if ((ts->to_flags & TOF_TS) && ts->to_tsecr != 0 &&
	    (tp->t_flags & TF_RCVD_TSTMP)) {
		uint32_t d = tcp_tsval(tp) - ts->to_tsecr;

		if (d < 3600u * 1000)
			tcp_xmit_timer(tp, (uint64_t)d * NS_PER_MS + NS_PER_MS / 2);
		tp->t_rtttime = 0;
	} else if (tp->t_rtttime != 0 && SEQ_GT(ts->th_ack, tp->t_rtseq)) {
		tcp_xmit_timer(tp, tcp_now(tp) - tp->t_rtttime);
		tp->t_rtttime = 0;
	}
}

/*
 * An ACK of new data: RTT, the retransmission timer (RFC 6298 (5.2),
 * (5.3)), recovery's end or a partial ACK, the congestion window, and
 * the send buffer.  Returns whether our FIN is now acknowledged.
 */
static int
tcp_newack(struct tcpcb *tp, const struct tcp_seg *ts)
{
	struct socket *so = tp->t_socket;
	struct timerq *tq = tp->t_host->h_stack->st_timers;
	uint32_t acked = ts->th_ack - tp->snd_una;
	int finacked = 0;

	tstat(tp)->tcps_rcvackpack++;
	tstat(tp)->tcps_rcvackbyte += acked;
	tp->t_info.ci_bytes_acked += acked;
	tcp_rtt_sample(tp, ts);
	if (ts->th_ack == tp->snd_max) {
		timer_cancel(tq, &tp->t_rexmt);
		tp->t_rxtshift = 0;
	} else
		tcp_rexmt_arm(tp);
	if (tp->t_flags & TF_FASTRECOVERY) {
		if (SEQ_GEQ(ts->th_ack, tp->snd_recover)) {
			tp->t_flags &= ~TF_FASTRECOVERY;
			tp->t_dupacks = 0;
			tp->snd_una = ts->th_ack;
			tp->t_cc->cc_post_recovery(tp);
		} else if (!(tp->t_flags & TF_SACK_PERMIT)) {
			/* RFC 6582 §3.2 step 3: partial ACK. */
			tp->snd_una = ts->th_ack;
			tcp_rexmit_first(tp);
			if (tp->snd_cwnd > acked)
				tp->snd_cwnd -= acked;
			else
				tp->snd_cwnd = 0;
			tp->snd_cwnd += tp->t_maxseg;
		}
	} else {
		tp->t_dupacks = 0;
		tp->t_cc->cc_ack_received(tp, acked);
	}
	if (so != NULL) {
		tcp_autotune_acked(tp, so->so_snd.sb_cc);
		if (acked > so->so_snd.sb_cc) {
			sbdrop(&so->so_snd, so->so_snd.sb_cc);
			finacked = 1;
		} else
			sbdrop(&so->so_snd, acked);
		sowakeup(so, SO_EV_WRITE);
	}
	tp->snd_una = ts->th_ack;
	if (SEQ_LT(tp->snd_nxt, tp->snd_una))
		tp->snd_nxt = tp->snd_una;
	if (SEQ_LT(tp->snd_up, tp->snd_una))
		tp->snd_up = tp->snd_una;
	if (SEQ_LT(tp->snd_rxthigh, tp->snd_una))
		tp->snd_rxthigh = tp->snd_una;
	return finacked && TCPS_SENDFIN(tp->t_state);
}

/* The send window, from a segment newer than the last update (§3.10.7.4). */
static void
tcp_window_update(struct tcpcb *tp, const struct tcp_seg *ts)
{
	uint32_t win = (uint32_t)ts->th_win << tp->snd_scale;

	if (SEQ_LT(tp->snd_wl1, ts->th_seq) || (tp->snd_wl1 == ts->th_seq &&
	    SEQ_LEQ(tp->snd_wl2, ts->th_ack))) {
		if (win != tp->snd_wnd && ts->th_datalen == 0)
			tstat(tp)->tcps_rcvwinupd++;
		tp->snd_wnd = win;
		tp->snd_wl1 = ts->th_seq;
		tp->snd_wl2 = ts->th_ack;
		if (win > tp->max_sndwnd)
			tp->max_sndwnd = win;
		if (win > 0)
			timer_cancel(tp->t_host->h_stack->st_timers, &tp->t_persist),
			tp->t_persistshift = 0;
	}
}

/* Enters TIME-WAIT: only the 2MSL timer runs. */
static void
tcp_timewait(struct tcpcb *tp)
{
	tcp_state(tp, TCPS_TIME_WAIT);
	tcp_timers_cancel(tp);
	timer_add_in(tp->t_host->h_stack->st_timers, &tp->t_2msl, 2 * tp->t_th->th_msl);
	if (tp->t_socket != NULL && !(tp->t_socket->so_state & SS_CLOSED))
		soisdisconnected(tp->t_socket);
}

/*
 * Step 5: the ACK field.  SYN-RECEIVED moves to ESTABLISHED on an
 * acceptable ACK; an ACK of something not yet sent draws an ACK, one older
 * than the window a challenge ACK (RFC 5961 §5.2); then new data is
 * acknowledged, duplicates counted, the window updated, and a FIN that is
 * acknowledged moves the closing states on.  0: stop.
 */
static int
tcp_ack(struct tcpcb *tp, struct tcp_seg *ts)
{
	uint32_t oldwnd = tp->snd_wnd;
	int finacked = 0;

	if (tp->t_state == TCPS_SYN_RECEIVED) {
		if (SEQ_LEQ(ts->th_ack, tp->iss) || SEQ_GT(ts->th_ack, tp->snd_max)) {
			tcp_respond(tp->t_host, tp->t_inpcb->inp_laddr, tp->t_inpcb->inp_faddr, tp->t_inpcb->inp_lport,
			    tp->t_inpcb->inp_fport, ts->th_ack, 0, TH_RST);
			return 0;
		}
		tp->snd_una = tp->iss + 1;
		if (tp->t_rtttime != 0 && tp->t_rxtshift == 0)
			tcp_xmit_timer(tp, tcp_now(tp) - tp->t_rtttime);
		tp->t_rtttime = 0;
		tp->snd_wnd = (uint32_t)ts->th_win << tp->snd_scale;
		tp->max_sndwnd = tp->snd_wnd;
		tp->snd_wl1 = ts->th_seq;
		tp->snd_wl2 = ts->th_ack;
		oldwnd = tp->snd_wnd;
		timer_cancel(tp->t_host->h_stack->st_timers, &tp->t_rexmt);
		tp->t_rxtshift = 0;
		tcp_established(tp);
	}
	if (SEQ_GT(ts->th_ack, tp->snd_max)) {
		tstat(tp)->tcps_rcvacktoomuch++;
		tcp_dropafterack(tp);
		return 0;
	}
	if (SEQ_LT(ts->th_ack, tp->snd_una - tp->max_sndwnd)) {
		tcp_challenge(tp);
		return 0;
	}
	if (tp->t_flags & TF_SACK_PERMIT)
		tcp_sack_update(tp, ts);
	/*
	 * A duplicate ACK (RFC 5681 §2) needs data outstanding; behind a
	 * closed window (snd_wnd 0) all there is is a window probe, whose
	 * answers are the peer saying its window is still shut (RFC 9293
	 * §3.8.6.1), not losses: counted, they started fast recovery on a
	 * probe byte and cut cwnd (BSD skips them the same way).
	 */
	if (SEQ_LEQ(ts->th_ack, tp->snd_una)) {
		if (ts->th_ack == tp->snd_una && ts->th_datalen == 0 &&
		    !(ts->th_flags & (TH_SYN | TH_FIN)) &&
		    ((uint32_t)ts->th_win << tp->snd_scale) == tp->snd_wnd &&
		    tp->snd_wnd != 0 && tp->snd_max != tp->snd_una) {
			tcp_dupack(tp, ts);
			return 1;
		}
		if (!(tp->t_flags & TF_FASTRECOVERY))
			tp->t_dupacks = 0;
	} else
		finacked = tcp_newack(tp, ts);
	tcp_window_update(tp, ts);
	(void)oldwnd;
	if (finacked) {
		switch (tp->t_state) {
		case TCPS_FIN_WAIT_1:
			tcp_state(tp, TCPS_FIN_WAIT_2);
			if (tp->t_socket != NULL && (tp->t_socket->so_state & SS_CLOSED))
				timer_add_in(tp->t_host->h_stack->st_timers,
				    &tp->t_2msl, TCP_FINWAIT2_NS);
			break;
		case TCPS_CLOSING:
			tcp_timewait(tp);
			break;
		case TCPS_LAST_ACK:
			tcp_close(tp);
			return 0;
		}
	}
	return 1;
}

/*
 * Step 6: the urgent pointer (RFC 9293 §3.10.7.4 sixth; RFC 6093: it
 * points just past the urgent byte, as BSD has it).  The socket learns the
 * mark at once (SIGURG); the byte itself is taken out of the stream when
 * it arrives, unless SO_OOBINLINE (tcp_deliver).
 */
static void
tcp_urg(struct tcpcb *tp, const struct tcp_seg *ts)
{
	struct socket *so = tp->t_socket;
	uint32_t up;

	if (!(ts->th_flags & TH_URG) || ts->th_urp == 0 || so == NULL ||
	    TCPS_HAVERCVDFIN(tp->t_state)) {
		if (SEQ_GT(tp->rcv_nxt, tp->rcv_up))
			tp->rcv_up = tp->rcv_nxt;
		return;
	}
	up = ts->th_seq + ts->th_urp;
	if (!SEQ_GT(up, tp->rcv_up) || up - tp->rcv_nxt > so->so_rcv.sb_hiwat)
		return;
	tstat(tp)->tcps_urgent++;
	tp->rcv_up = up;
	so->so_oobmark = so->so_rcv.sb_off + so->so_rcv.sb_cc + (up - 1 - tp->rcv_nxt);
	if (so->so_oobmark == so->so_rcv.sb_off)
		so->so_state |= SS_RCVATMARK;
	else
		so->so_state &= ~SS_RCVATMARK;
	so->so_state &= ~SS_HAVEOOB;
	tp->t_flags |= TF_HAVEURG;
	sohasoutofband(so);
}

/*
 * Appends in-order data at rcv_nxt to so_rcv, taking the urgent byte out
 * (BSD's tcp_pulloutofband) when it is among it; advances rcv_nxt.
 */
void
tcp_deliver(struct tcpcb *tp, const uint8_t *data, uint32_t len)
{
	struct socket *so = tp->t_socket;
	uint32_t n, u;

	if (so == NULL || len == 0)
		return;
	tstat(tp)->tcps_rcvpack++;
	tstat(tp)->tcps_rcvbyte += len;
	tp->t_info.ci_bytes_received += len;
	if (so->so_state & SS_CANTRCVMORE) {
		/* shutdown(SHUT_RD): acknowledged and discarded. */
		tp->rcv_nxt += len;
		return;
	}
	if ((tp->t_flags & TF_HAVEURG) && !(so->so_options & SOO_OOBINLINE) &&
	    (u = tp->rcv_up - 1 - tp->rcv_nxt) < len) {
		n = (uint32_t)sbappend_stream(&so->so_rcv, data, u);
		tp->rcv_nxt += n;
		if (n < u)
			return;
		so->so_oobc = data[u];
		so->so_state |= SS_HAVEOOB;
		tp->t_flags &= ~TF_HAVEURG;
		tp->rcv_nxt++;
		data += u + 1;
		len -= u + 1;
	} else if ((tp->t_flags & TF_HAVEURG) && SEQ_GEQ(tp->rcv_nxt + len, tp->rcv_up))
		tp->t_flags &= ~TF_HAVEURG;
	n = (uint32_t)sbappend_stream(&so->so_rcv, data, len);
	tp->rcv_nxt += n;
}

/* The peer's FIN is in sequence (step 8). */
static void
tcp_fin(struct tcpcb *tp)
{
	tp->rcv_nxt++;
	tp->t_flags |= TF_ACKNOW;
	if (tp->t_socket != NULL)
		socantrcvmore(tp->t_socket);
	switch (tp->t_state) {
	case TCPS_SYN_RECEIVED:
	case TCPS_ESTABLISHED:
		tcp_state(tp, TCPS_CLOSE_WAIT);
		break;
	case TCPS_FIN_WAIT_1:
		tcp_state(tp, TCPS_CLOSING);
		break;
	case TCPS_FIN_WAIT_2:
		tcp_timewait(tp);
		break;
	case TCPS_TIME_WAIT:
		timer_add_in(tp->t_host->h_stack->st_timers, &tp->t_2msl,
		    2 * tp->t_th->th_msl);
		break;
	}
}

/*
 * Steps 7 and 8: segment text and FIN.  In-order data goes to so_rcv with
 * a delayed ACK, every second segment acknowledged at once (RFC 1122
 * §4.2.3.2; RFC 5681 §4.2), and at once while the quick-ACK budget lasts
 * (tcp_quickack.c), or at the end of the input batch it came in
 * (tcp_ackbatch.c); out-of-order data waits in the reassembly
 * queue and is acknowledged at once, as is data filling a hole (RFC 5681
 * §4.2), with SACK blocks (RFC 2018 §4).
 */
static void
tcp_data(struct tcpcb *tp, struct tcp_seg *ts)
{
	struct socket *so = tp->t_socket;
	int fin = (ts->th_flags & TH_FIN) != 0;
	uint32_t len = (uint32_t)ts->th_datalen;

	if (len == 0 && !fin)
		return;
	if (TCPS_HAVERCVDFIN(tp->t_state) || tp->t_state == TCPS_CLOSED) {
		/* §3.10.7.4 seventh: text after a FIN is ignored. */
		return;
	}
	tp->t_info.ci_last_rcv = tcp_now(tp);
	if (ts->th_seq == tp->rcv_nxt && tp->t_reass == NULL) {
		tcp_deliver(tp, ts->th_data, len);
		if (len > 0) {
			tcp_quickack_data(tp);
			tcp_autotune_data(tp);
			if (fin)
				tp->t_flags |= TF_ACKNOW;
			else if ((tp->t_flags & TF_DELACK) || tcp_quickack_due(tp)) {
				if (!tcp_ackbatch_defer(tp))
					tp->t_flags |= TF_ACKNOW;
			} else {
				tp->t_flags |= TF_DELACK;
				if (!timer_pending(&tp->t_delack))
					timer_add_in(tp->t_host->h_stack->st_timers,
					    &tp->t_delack, tp->t_th->th_delack);
			}
		}
	} else {
		tstat(tp)->tcps_rcvoopack++;
		tstat(tp)->tcps_rcvoobyte += len;
		if (ts->th_seq != tp->rcv_nxt && (tp->t_flags & TF_SACK_PERMIT) && len > 0)
			tcp_sack_rcv_update(tp, ts->th_seq, ts->th_seq + len);
		fin = tcp_reass(tp, ts->th_seq, ts->th_data, len, fin);
		tp->t_flags |= TF_ACKNOW;
	}
	if (tp->t_reass == NULL)
		tp->rcv_numsacks = 0;
	else
		tcp_sack_rcv_trim(tp);
	if (so != NULL && len > 0)
		sowakeup(so, SO_EV_READ);
	tcp_defer_release(tp);
	if (fin)
		tcp_fin(tp);
}

/*
 * §3.10.7.4: a segment for a connection past SYN-SENT.  Takes the steps
 * in the RFC's order; tp may be gone when it returns.
 */
void
tcp_segment(struct tcpcb *tp, struct tcp_seg *ts)
{
	struct socket *so = tp->t_socket;

	if (tp->t_state == TCPS_SYN_SENT) {
		tcp_input_synsent(tp, ts);
		return;
	}
	tp->t_rcvtime = tcp_now(tp);
	tp->t_keepprobes = 0;
	tp->t_info.ci_segs_in++;
	if (!tcp_paws(tp, ts))
		return;
	if (ts->th_flags & TH_RST) {
		tcp_rst_check(tp, ts);
		return;
	}
	if (!tcp_seq_check(tp, ts))
		return;
	if (ts->th_flags & TH_SYN) {
		/* Step 4 (RFC 5961 §4): a SYN in the window. */
		if (tp->t_state == TCPS_SYN_RECEIVED && (tp->t_flags & TF_PASSIVE)) {
			tcp_close(tp);
			return;
		}
		tcp_challenge(tp);
		return;
	}
	if (!(ts->th_flags & TH_ACK)) {
		if (tp->t_flags & TF_ACKNOW)
			tcp_output(tp);
		return;
	}
	tcp_ts_update(tp, ts);
	if (!tcp_ack(tp, ts))
		return;
	so = tp->t_socket;
	tcp_urg(tp, ts);
	tcp_data(tp, ts);
	if (tp->t_state == TCPS_CLOSED)
		return;
	tcp_output(tp);
	(void)so;
}

/*
 * pr_input for IPPROTO_TCP: p (pk_data at the IP header) is parsed and
 * checksummed by tcp_parse, then handed to its connection.  Consumes p.
 */
void
tcp_input(struct host *h, struct pkt *p, const struct ip_info *ii, void *arg)
{
	struct tcp_host *th = arg;
	struct tcpstat *ts_ = &th->th_stat;
	uint32_t src = ii->ii_ip.ip_src, dst = ii->ii_ip.ip_dst;
	struct tcp_seg ts;
	struct tcpcb *tp;
	uint32_t iss;

	ts_->tcps_rcvtotal++;
	switch (tcp_parse(p->pk_data + ii->ii_ip.ip_hl, p->pk_len - ii->ii_ip.ip_hl,
	    src, dst, &ts)) {
	case TCPE_OK:
		break;
	case TCPE_TOOSHORT:
		ts_->tcps_rcvshort++;
		goto drop;
	case TCPE_BADOFF:
		ts_->tcps_rcvbadoff++;
		goto drop;
	case TCPE_BADSUM:
		ts_->tcps_rcvbadsum++;
		goto drop;
	case TCPE_BADOPT:
		ts_->tcps_rcvbadopt++;
		goto drop;
	}
	/* RFC 1122 §4.2.3.10: no connection with a broadcast address. */
	if (ii->ii_flags & (II_BCAST | II_LLBCAST))
		goto drop;
	tp = tcp_lookup(th, dst, ts.th_dport, src, ts.th_sport, 1);
	if (tp != NULL && tcp_timewait_reopens(tp, &ts, &iss)) {
		/* The old connection ends; its listener, if any, takes the SYN. */
		tcp_close(tp);
		tp = tcp_lookup(th, dst, ts.th_dport, src, ts.th_sport, 1);
		if (tp != NULL && tp->t_state == TCPS_LISTEN)
			tcp_input_listen(tp, dst, src, &ts, &iss);
		else
			tcp_input_closed(th, dst, src, &ts);
	} else if (tp == NULL || tp->t_state == TCPS_CLOSED)
		tcp_input_closed(th, dst, src, &ts);
	else if (tp->t_state == TCPS_LISTEN)
		tcp_input_listen(tp, dst, src, &ts, NULL);
	else {
		tcp_trace(tp, "input", &ts);
		tcp_segment(tp, &ts);
	}
drop:
	pkt_free(p);
}
