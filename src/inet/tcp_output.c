/*
 * TCP output (4.4BSD netinet/tcp_output.c): one function deciding whether
 * to send and what, and one building the segment.  The rules: the usable
 * window is the least of the peer's window and the congestion window
 * (RFC 5681 §3; RFC 3042's limited transmit adds up to two segments);
 * Nagle (RFC 1122 §4.2.3.4; RFC 9293 §3.7.4) holds back a small segment
 * while data is unacknowledged unless TCP_NODELAY; the sender's
 * silly-window avoidance (RFC 9293 §3.8.6.2.1) sends only full segments,
 * all that is queued, or at least half the largest window the peer
 * offered; the receiver's (§3.8.6.2.2) offers no window increase smaller
 * than a segment or a quarter of the buffer.  A closed window with data
 * queued arms the persist timer.  In SACK recovery (RFC 6675 §5) holes go
 * first, each only while the pipe leaves room in cwnd.
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

/* Bytes sent and not yet acknowledged (RFC 5681 FlightSize). */
uint32_t
tcp_flight(struct tcpcb *tp)
{
	return tp->snd_max - tp->snd_una;
}

/*
 * The receive window to offer, in bytes: the receive buffer's room, kept
 * from shrinking below what was already offered (RFC 9293 §3.8.6.2.2:
 * the right edge must not move left), with the receiver's silly-window
 * avoidance.
 */
uint32_t
tcp_rcvwin(struct tcpcb *tp)
{
	struct socket *so = tp->t_socket;
	long space = so != NULL ? sbspace(&so->so_rcv) : 0;
	uint32_t win, offered, max = (uint32_t)TCP_MAXWIN << tp->rcv_scale;

	if (space < 0)
		space = 0;
	win = (uint32_t)space;
	if (so != NULL && win < so->so_rcv.sb_hiwat / 4 && win < tp->t_maxseg)
		win = 0;
	offered = SEQ_GT(tp->rcv_adv, tp->rcv_nxt) ? tp->rcv_adv - tp->rcv_nxt : 0;
	if (win < offered)
		win = offered;
	if (win > max)
		win = max;
	return win;
}

/* Options for a segment of tp with flags (SYN segments offer, others use). */
static void
tcp_fill_options(struct tcpcb *tp, struct tcp_seg *ts, uint8_t flags)
{
	if (tp->t_flags & TF_NOOPT)
		return;
	if (flags & TH_SYN) {
		int synack = (flags & TH_ACK) != 0;

		ts->to_flags |= TOF_MSS;
		ts->to_mss = tp->t_ourmss;
		if ((tp->t_flags & TF_REQ_SCALE) &&
		    (!synack || (tp->t_flags & TF_RCVD_SCALE))) {
			ts->to_flags |= TOF_SCALE;
			ts->to_wscale = tp->request_r_scale;
		}
		if ((tp->t_flags & TF_REQ_SACK) &&
		    (!synack || (tp->t_flags & TF_SACK_PERMIT)))
			ts->to_flags |= TOF_SACKPERM;
		if ((tp->t_flags & TF_REQ_TSTMP) &&
		    (!synack || (tp->t_flags & TF_RCVD_TSTMP))) {
			ts->to_flags |= TOF_TS;
			ts->to_tsval = tcp_tsval(tp);
			ts->to_tsecr = synack ? tp->ts_recent : 0;
		}
		return;
	}
	if ((tp->t_flags & (TF_REQ_TSTMP | TF_RCVD_TSTMP)) ==
	    (TF_REQ_TSTMP | TF_RCVD_TSTMP)) {
		ts->to_flags |= TOF_TS;
		ts->to_tsval = tcp_tsval(tp);
		ts->to_tsecr = tp->ts_recent;
	}
	if ((tp->t_flags & TF_SACK_PERMIT) && tp->rcv_numsacks > 0 &&
	    !(flags & TH_RST)) {
		int i;

		ts->to_flags |= TOF_SACK;
		ts->to_nsacks = (uint8_t)tp->rcv_numsacks;
		for (i = 0; i < tp->rcv_numsacks; i++)
			ts->to_sacks[i] = tp->rcv_sacks[i];
	}
}

/*
 * Builds and sends one segment: seq, len bytes of so_snd from data offset
 * off, flags, and the window and options due.  Returns ip_output's answer.
 */
static int
tcp_xmit(struct tcpcb *tp, uint32_t seq, uint32_t off, uint32_t len,
    uint8_t flags)
{
	struct host *h = tp->t_host;
	struct tcp_host *th = tp->t_th;
	struct tcpstat *ts_ = &th->th_stat;
	struct socket *so = tp->t_socket;
	struct tcp_seg ts;
	struct ip_out o;
	struct pkt *p;
	uint32_t win;
	size_t hl;
	int error;

	memset(&ts, 0, sizeof(ts));
	ts.th_sport = tp->t_inpcb->inp_lport;
	ts.th_dport = tp->t_inpcb->inp_fport;
	ts.th_seq = seq;
	ts.th_flags = flags;
	if (flags & TH_ACK)
		ts.th_ack = tp->rcv_nxt;
	win = tcp_rcvwin(tp);
	if (flags & TH_SYN)
		ts.th_win = (uint16_t)(win > TCP_MAXWIN ? TCP_MAXWIN : win);
	else
		ts.th_win = (uint16_t)(win >> tp->rcv_scale);
	if (flags & TH_RST)
		ts.th_win = 0;
	/* Urgent: the pointer is the sequence after the urgent byte (RFC 6093). */
	if (!(flags & (TH_SYN | TH_RST)) && SEQ_GT(tp->snd_up, seq) &&
	    SEQ_GT(tp->snd_up, tp->snd_una)) {
		uint32_t urp = tp->snd_up - seq;

		ts.th_flags |= TH_URG;
		ts.th_urp = (uint16_t)(urp > 65535 ? 65535 : urp);
		ts_->tcps_sndurg++;
	}
	tcp_fill_options(tp, &ts, flags);
	ts.th_datalen = len;
	hl = tcp_hdrlen(&ts);
	if ((p = pkt_alloc(h->h_stack->st_pkts, hl + len)) == NULL)
		return ENOBUFS;
	if (len > 0)
		ring_peek(&so->so_snd.sb_ring, off, p->pk_data + hl, len);
	tcp_emit(&ts, p->pk_data, tp->t_inpcb->inp_laddr, tp->t_inpcb->inp_faddr);
	memset(&o, 0, sizeof(o));
	o.io_src = tp->t_inpcb->inp_laddr;
	o.io_dst = tp->t_inpcb->inp_faddr;
	o.io_proto = IPPROTO_TCP;
	o.io_ttl = tp->t_inpcb->inp_ttl;
	o.io_tos = tp->t_inpcb->inp_tos;
	if (so != NULL && (so->so_options & SOO_DONTROUTE))
		o.io_flags |= IPO_DONTROUTE;

	ts_->tcps_sndtotal++;
	tp->t_info.ci_segs_out++;
	tp->t_info.ci_last_snd = tcp_now(tp);
	if (len > 0) {
		tcp_quickack_datasent(tp);
		if (SEQ_LT(seq, tp->snd_max)) {
			ts_->tcps_sndrexmitpack++;
			ts_->tcps_sndrexmitbyte += len;
			tp->t_info.ci_total_rexmits++;
		} else {
			ts_->tcps_sndpack++;
			ts_->tcps_sndbyte += len;
		}
	} else if (flags & (TH_SYN | TH_FIN | TH_RST)) {
		ts_->tcps_sndctrl++;
		if (flags & TH_RST)
			ts_->tcps_sndrst++;
	} else
		ts_->tcps_sndacks++;
	if (flags & TH_ACK) {
		tp->last_ack_sent = tp->rcv_nxt;
		/* RCV.WND as this segment advertises it (the quick-ACK budget's measure). */
		tp->rcv_wnd = (flags & TH_SYN) ? win : win >> tp->rcv_scale << tp->rcv_scale;
		if (!(flags & TH_SYN) && SEQ_GT(tp->rcv_nxt + (win >> tp->rcv_scale <<
		    tp->rcv_scale), tp->rcv_adv))
			tp->rcv_adv = tp->rcv_nxt + (win >> tp->rcv_scale << tp->rcv_scale);
		else if ((flags & TH_SYN) && SEQ_GT(tp->rcv_nxt + win, tp->rcv_adv))
			tp->rcv_adv = tp->rcv_nxt + win;	/* no update just to scale it */
		if (tp->t_flags & (TF_ACKNOW | TF_DELACK))
			tcp_quickack_sent(tp);
		tp->t_flags &= ~(TF_ACKNOW | TF_DELACK);
		timer_cancel(h->h_stack->st_timers, &tp->t_delack);
	}
	tcp_trace(tp, "output", &ts);
	error = ip_output(h, p, &o);
	if (error == EHOSTUNREACH || error == ENETUNREACH || error == ENETDOWN) {
		/* Soft while synchronized (RFC 1122 §4.2.3.9); BSD keeps it. */
		tp->t_softerror = error;
		error = 0;
	}
	return error;
}

/*
 * A control segment: an ACK (challenge ACKs, keepalive probes, answers to
 * unacceptable segments) or RST, at seq, with no data.
 */
int
tcp_send_ctl(struct tcpcb *tp, uint32_t seq, uint8_t flags)
{
	return tcp_xmit(tp, seq, 0, 0, flags);
}

/* Sends our SYN (SYN-SENT) or SYN,ACK (SYN-RECEIVED) at iss. */
static int
tcp_output_syn(struct tcpcb *tp)
{
	uint8_t flags = tp->t_state == TCPS_SYN_SENT ? TH_SYN : TH_SYN | TH_ACK;
	int error;

	if (tp->snd_nxt != tp->iss) {
		/* Only an ACK may be asked for; the SYN is out. */
		tp->t_flags &= ~TF_ACKNOW;
		return 0;
	}
	error = tcp_xmit(tp, tp->iss, 0, 0, flags);
	tp->snd_nxt = tp->iss + 1;
	if (SEQ_GT(tp->snd_nxt, tp->snd_max)) {
		tp->snd_max = tp->snd_nxt;
		if (tp->t_rtttime == 0) {
			tp->t_rtttime = tcp_now(tp);
			tp->t_rtseq = tp->iss;
		}
	}
	if (!timer_pending(&tp->t_rexmt))
		tcp_rexmt_arm(tp);
	return error;
}

/* Whether a window update is worth a segment of its own. */
static int
tcp_winupdate_due(struct tcpcb *tp)
{
	struct socket *so = tp->t_socket;
	uint32_t win = tcp_rcvwin(tp), adv;

	if (TCPS_HAVERCVDFIN(tp->t_state) || so == NULL)
		return 0;
	adv = win - (SEQ_GT(tp->rcv_adv, tp->rcv_nxt) ? tp->rcv_adv - tp->rcv_nxt : 0);
	if ((adv >> tp->rcv_scale) == 0)
		return 0;
	return adv >= 2u * tp->t_maxseg || 2 * adv >= so->so_rcv.sb_hiwat;
}

/*
 * What tcp_output may send now: in SACK recovery, a hole first; else new
 * (or, after a timeout, old) data from snd_nxt.  Sets *seq, *off, *len.
 */
static int
tcp_pick(struct tcpcb *tp, uint32_t *seq, uint32_t *off, uint32_t *len,
    int *rexmit_hole)
{
	struct socket *so = tp->t_socket;
	uint32_t avail = so->so_snd.sb_cc, win, cwnd, o, n;

	*rexmit_hole = 0;
	cwnd = tp->snd_cwnd;
	if ((tp->t_flags & (TF_FASTRECOVERY | TF_SACK_PERMIT)) ==
	    (TF_FASTRECOVERY | TF_SACK_PERMIT)) {
		uint32_t pipe = tcp_sack_pipe(tp), hs, hl;

		if (pipe + tp->t_maxseg > tp->snd_cwnd)
			return 0;
		if (tcp_sack_nextseg(tp, &hs, &hl)) {
			*seq = hs;
			*off = hs - tp->snd_una;
			*len = hl;
			*rexmit_hole = 1;
			return 1;
		}
		/* New data, as much as the pipe leaves room for. */
		cwnd = tcp_flight(tp) + (tp->snd_cwnd - pipe);
	} else if (tp->t_dupacks > 0 && tp->t_dupacks < 3 &&
	    !(tp->t_flags & TF_FASTRECOVERY)) {
		/* RFC 3042: one new segment per duplicate, two at most. */
		cwnd += (uint32_t)tp->t_dupacks * tp->t_maxseg;
	}
	win = tp->snd_wnd < cwnd ? tp->snd_wnd : cwnd;
	if ((tp->t_flags & TF_FORCE) && win == 0)
		win = 1;
	o = tp->snd_nxt - tp->snd_una;
	*seq = tp->snd_nxt;
	*off = o;
	n = 0;
	if (o < avail && o < win) {
		n = avail - o;
		if (n > win - o)
			n = win - o;
		if (n > tp->t_maxseg)
			n = tp->t_maxseg;
	}
	*len = n;
	return 1;
}

/*
 * Sends what may be sent now.  Called after the user queues data, after an
 * ACK or window change arrives, by the timers, and when the user reads
 * (window updates).  Returns 0 or an errno from below.
 */
int
tcp_output(struct tcpcb *tp)
{
	struct socket *so = tp->t_socket;
	struct timerq *tq = tp->t_host->h_stack->st_timers;
	uint32_t seq, off, len, finseq, avail;
	uint8_t flags;
	int error = 0, hole, sendit, fin, rounds;

	if (so == NULL || tp->t_state == TCPS_CLOSED || tp->t_state == TCPS_LISTEN)
		return 0;
	if (tp->t_state == TCPS_SYN_SENT || tp->t_state == TCPS_SYN_RECEIVED)
		return tcp_output_syn(tp);
	for (rounds = 0; rounds < 1024; rounds++) {
		avail = so->so_snd.sb_cc;
		finseq = tp->snd_una + avail;
		if (!tcp_pick(tp, &seq, &off, &len, &hole)) {
			len = 0;
			seq = tp->snd_nxt;
			off = seq - tp->snd_una;
			hole = 0;
			if (!(tp->t_flags & TF_ACKNOW))
				break;
		}
		fin = !hole && TCPS_SENDFIN(tp->t_state) && seq + len == finseq &&
		    SEQ_LEQ(tp->snd_nxt, finseq);
		sendit = 0;
		if (hole)
			sendit = 1;
		else if (len > 0) {
			int idle = tp->snd_max == tp->snd_una;

			if (len == tp->t_maxseg)
				sendit = 1;
			else if ((tp->t_flags & TF_CORK) && SEQ_GEQ(tp->snd_nxt, tp->snd_max) &&
			    !(tp->t_flags & TF_FORCE)) {
				/*
				 * TCP_CORK (tcp(7)): no partial segment, not even
				 * with TCP_NODELAY, until uncorked, closed (the FIN
				 * below), or held for TCP_CORK_NS.
				 */
				if (!timer_pending(&tp->t_cork))
					timer_add_in(tp->t_host->h_stack->st_timers, &tp->t_cork,
					    TCP_CORK_NS);
			} else if ((idle || (tp->t_flags & TF_NODELAY)) && off + len == avail)
				sendit = 1;
			else if (tp->t_flags & TF_FORCE)
				sendit = 1;
			else if (tp->max_sndwnd > 0 && len >= tp->max_sndwnd / 2)
				sendit = 1;
			else if (SEQ_LT(tp->snd_nxt, tp->snd_max))
				sendit = 1;
		}
		if (fin)
			sendit = 1;
		if (tp->t_flags & TF_ACKNOW)
			sendit = 1;
		if (!sendit && tcp_winupdate_due(tp)) {
			sendit = 1;
			tp->t_th->th_stat.tcps_sndwinup++;
		}
		if (!sendit && SEQ_GT(tp->snd_up, tp->snd_una) &&
		    SEQ_GT(tp->snd_up, tp->snd_nxt) && len > 0)
			sendit = 1;
		if (!sendit)
			break;
		flags = TH_ACK;
		if (fin)
			flags |= TH_FIN;
		if (len > 0 && off + len == avail)
			flags |= TH_PUSH;
		if ((tp->t_flags & TF_FORCE) && len > 0 && tp->snd_wnd == 0)
			tp->t_th->th_stat.tcps_sndprobe++;
		error = tcp_xmit(tp, seq, off, len, flags);
		if (fin)
			tp->t_flags |= TF_SENTFIN;
		if (hole) {
			tp->snd_rxthigh = seq + len;
			tp->t_th->th_stat.tcps_sackrexmit++;
			if (!timer_pending(&tp->t_rexmt))
				tcp_rexmt_arm(tp);
		} else if (!(tp->t_flags & TF_FORCE) || !timer_pending(&tp->t_persist)) {
			tp->snd_nxt = seq + len + (fin ? 1 : 0);
			if (SEQ_GT(tp->snd_nxt, tp->snd_max)) {
				tp->snd_max = tp->snd_nxt;
				if (tp->t_rtttime == 0 && len > 0) {
					tp->t_rtttime = tcp_now(tp);
					tp->t_rtseq = seq;
					tp->t_th->th_stat.tcps_segstimed++;
				}
			}
			if (!timer_pending(&tp->t_rexmt) && tp->snd_nxt != tp->snd_una) {
				timer_cancel(tq, &tp->t_persist);
				tp->t_persistshift = 0;
				tcp_rexmt_arm(tp);
			}
		} else if (SEQ_GT(seq + len + (fin ? 1 : 0), tp->snd_max))
			tp->snd_max = seq + len + (fin ? 1 : 0);
		if (error != 0)
			return error;
		if (len == 0 && !hole)
			break;
		if (tp->t_flags & TF_FORCE)
			break;
	}
	/*
	 * Data waits behind a window closed or too small to use, with nothing
	 * in flight: probe it (RFC 9293 §3.8.6.1; BSD arms persist the same).
	 */
	avail = so->so_snd.sb_cc;
	if (avail > tp->snd_nxt - tp->snd_una && SEQ_GEQ(tp->snd_nxt, tp->snd_una) &&
	    !timer_pending(&tp->t_rexmt) &&
	    !timer_pending(&tp->t_persist)) {
		tp->t_rxtshift = 0;
		tcp_setpersist(tp);
	}
	return error;
}
