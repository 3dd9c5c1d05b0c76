/*
 * Quick acknowledgements (Linux's quickack mode and pingpong detection).
 *
 * RFC 1122 §4.2.3.2 and RFC 9293 §3.8.6.3 let a receiver delay an ACK (at
 * most 500 ms, and at least every second full-sized segment is acknowledged
 * at once); they do not oblige it to.  Delaying every first segment costs a
 * request/response exchange a whole delay per round when the sender's
 * Nagle holds its next small write until that ACK comes (RFC 896): 1,000
 * connect/send/send/send/recv rounds took 30 s here and 0.1 s on Linux.
 * So, as Linux does:
 *
 * - A connection's first data, and data after a silence longer than the
 *   retransmission timeout, give a budget of ACKs sent at once:
 *   rcv_wnd / (2 * MSS), at most TCP_MAX_QUICKACKS (the host's th_quickacks; Linux's
 *   tcp_incr_quickack).  Each ACK sent while one was owed spends one.
 * - A connection that sends data soon (within the delayed-ACK time) after
 *   data arrived is interactive ("pingpong"): its ACKs are delayed to ride
 *   on the reply, budget or not.  A delayed ACK that had to go alone ends
 *   that (the reply did not come), as Linux's delayed-ACK timer does.
 * - TCP_QUICKACK 0 makes the connection interactive; 1 ends that and sends
 *   an owed ACK at once (tcp(7); Linux's __tcp_sock_set_quickack).
 *
 * The every-second-segment rule and the timer's bound stay as they were
 * (tcp_input.c's tcp_data, tcp_timer.c).
 */
#include <stddef.h>

#include "base/clock.h"
#include "inet/tcp_var.h"

/*
 * More budget: Linux's tcp_incr_quickack, the window last advertised over
 * twice the size of the peer's segments as Linux estimates it: at most
 * 536 bytes until full-sized ones are seen (tcp_initialize_rcv_mss), which
 * is what a connection's first grant meets.
 */
static void
tcp_quickack_grant(struct tcpcb *tp)
{
	uint32_t mss = tp->t_maxseg && tp->t_maxseg < TCP_DEFMSS ? tp->t_maxseg : TCP_DEFMSS;
	int n = (int)(tp->rcv_wnd / (2 * mss));

	if (n == 0)
		n = 2;
	if (n > tp->t_th->th_quickacks)
		n = tp->t_th->th_quickacks;
	if (tp->t_quickacks < n)
		tp->t_quickacks = n;
}

/* In-order data arrived (Linux's tcp_event_data_recv). */
void
tcp_quickack_data(struct tcpcb *tp)
{
	uint64_t now = tcp_now(tp);

	if (!(tp->t_flags & TF_ACKSTARTED)) {
		tp->t_flags |= TF_ACKSTARTED;
		tcp_quickack_grant(tp);
	} else if (now - tp->t_lastdata > tcp_rto(tp))
		tcp_quickack_grant(tp);
	tp->t_lastdata = now;
}

/* Whether the ACK for data just arrived goes at once. */
int
tcp_quickack_due(const struct tcpcb *tp)
{
	return tp->t_quickacks > 0 && !(tp->t_flags & TF_PINGPONG);
}

/* A segment carrying an owed ACK went out. */
void
tcp_quickack_sent(struct tcpcb *tp)
{
	if (tp->t_quickacks > 0)
		tp->t_quickacks--;
}

/* Data went out: soon after data arrived, the exchange is interactive. */
void
tcp_quickack_datasent(struct tcpcb *tp)
{
	if ((tp->t_flags & TF_ACKSTARTED) &&
	    tcp_now(tp) - tp->t_lastdata < tp->t_th->th_delack)
		tp->t_flags |= TF_PINGPONG;
}

/* The delayed-ACK timer fired: no reply carried the ACK. */
void
tcp_quickack_missed(struct tcpcb *tp)
{
	tp->t_flags &= ~TF_PINGPONG;
}

/* TCP_QUICKACK. */
void
tcp_quickack_set(struct tcpcb *tp, int on)
{
	if (!on) {
		tp->t_flags |= TF_PINGPONG;
		return;
	}
	tp->t_flags &= ~TF_PINGPONG;
	if ((tp->t_flags & TF_DELACK) &&
	    (tp->t_state == TCPS_ESTABLISHED || tp->t_state == TCPS_CLOSE_WAIT)) {
		tp->t_flags |= TF_ACKNOW;
		tcp_output(tp);
	}
}
