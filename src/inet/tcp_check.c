/*
 * TCP's invariants, checked from outside: by the fuzz target after every
 * segment it feeds (tests/fuzz/fuzz_tcp_input.c) and by tests.  Each is a
 * fact the rest of TCP relies on without checking it again:
 *
 *  - every connection's state is one of RFC 9293's, and its tcpcb, inpcb
 *    and socket point at one another;
 *  - the send sequence space is ordered: snd_una <= snd_nxt <= snd_max
 *    (RFC 9293 §3.3.1), and what is in flight is no more than the send
 *    buffer holds plus a SYN and a FIN (tcp_var.h's byte bookkeeping);
 *  - once a SYN is in, rcv_nxt is past the peer's ISS;
 *  - window shifts are at most 14 (RFC 7323 §2.3), SACK lists within
 *    their arrays, and the reassembly queue in order with its byte count;
 *  - a stream socket buffer holds exactly its ring's bytes, no more than
 *    the ring can take, and no records;
 *  - a listener's queue counts match its lists, each incomplete
 *    connection is in SYN-RECEIVED, each complete one past it, and the
 *    incomplete queue stays within its limit (SYN cookies never join it);
 *  - in TIME-WAIT only the 2MSL timer runs.
 */
#include <stddef.h>

#include "base/timer.h"
#include "inet/in_host.h"
#include "inet/tcp_var.h"
#include "kern/host.h"
#include "kern/socket.h"

static const char *
tcp_check_sb(const struct sockbuf *sb)
{
	if (sb->sb_cc != ring_len(&sb->sb_ring))
		return "socket buffer: sb_cc is not its ring's length";
	if (sb->sb_cc > sb->sb_ring.r_cap)
		return "socket buffer: more bytes than its ring holds";
	if (sb->sb_nrec != 0 || sb->sb_rec != NULL)
		return "socket buffer: records in a stream";
	return NULL;
}

static const char *
tcp_check_listener(const struct socket *ls)
{
	const struct socket *so;
	const struct tcpcb *tp;
	int n;

	for (n = 0, so = ls->so_q0; so != NULL; so = so->so_qnext, n++) {
		if (so->so_head != ls || !so->so_onq0)
			return "listener: a socket on so_q0 not marked so";
		/* TCP_DEFER_ACCEPT: established, waiting there for data. */
		if ((tp = sototcpcb(so)) != NULL && tp->t_state != TCPS_SYN_RECEIVED &&
		    !(tp->t_flags & TF_DEFERRED))
			return "listener: a connection on so_q0 neither in SYN-RECEIVED nor deferred";
	}
	if (n != ls->so_q0len)
		return "listener: so_q0len is not so_q0's length";
	if (ls->so_q0len > ls->so_qlimit + 1)
		return "listener: more incomplete connections than the limit";
	for (n = 0, so = ls->so_q; so != NULL; so = so->so_qnext, n++) {
		if (so->so_head != ls || so->so_onq0)
			return "listener: a socket on so_q marked as on so_q0";
		if ((tp = sototcpcb(so)) != NULL &&
		    !TCPS_HAVEESTABLISHED(tp->t_state))
			return "listener: a connection on so_q not yet established";
	}
	if (n != ls->so_qlen)
		return "listener: so_qlen is not so_q's length";
	return NULL;
}

static const char *
tcp_check_cb(const struct tcpcb *tp)
{
	const struct socket *so = tp->t_socket;
	const struct tcp_qent *q;
	uint32_t bytes = 0, flight;
	const char *why;

	if (tp->t_state < 0 || tp->t_state >= TCP_NSTATES)
		return "a state that is none of RFC 9293's";
	if (tp->t_inpcb == NULL || intotcpcb(tp->t_inpcb) != tp)
		return "tcpcb and inpcb do not point at each other";
	if (so != NULL && sototcpcb(so) != tp)
		return "tcpcb and socket do not point at each other";
	if (tp->t_state == TCPS_LISTEN)
		return so != NULL ? tcp_check_listener(so) : NULL;
	if (tp->t_state != TCPS_CLOSED && tp->t_state != TCPS_SYN_SENT &&
	    !(SEQ_LEQ(tp->snd_una, tp->snd_nxt) && SEQ_LEQ(tp->snd_nxt, tp->snd_max)))
		return "send sequence space out of order (snd_una <= snd_nxt <= snd_max)";
	if (tp->t_state == TCPS_SYN_SENT &&
	    !(tp->snd_una == tp->iss && SEQ_LEQ(tp->snd_nxt, tp->iss + 1) &&
	    SEQ_LEQ(tp->snd_max, tp->iss + 1)))
		return "SYN-SENT with more than its SYN sent";
	flight = tp->snd_max - tp->snd_una;
	if (so != NULL && flight > so->so_snd.sb_cc + 2)
		return "more in flight than the send buffer holds (plus SYN and FIN)";
	if (TCPS_HAVERCVDSYN(tp->t_state) && !SEQ_GT(tp->rcv_nxt, tp->irs))
		return "rcv_nxt not past the peer's ISS";
	if (tp->snd_scale > TCP_MAX_WINSHIFT || tp->rcv_scale > TCP_MAX_WINSHIFT)
		return "a window shift above 14";
	if (tp->rcv_numsacks < 0 || tp->rcv_numsacks > TCP_MAX_SACK ||
	    tp->snd_numsacked < 0 || tp->snd_numsacked > TCP_SACK_MAXBLK)
		return "a SACK list beyond its array";
	for (q = tp->t_reass; q != NULL; q = q->q_next) {
		if (q->q_next != NULL && SEQ_GT(q->q_seq, q->q_next->q_seq))
			return "reassembly queue out of order";
		bytes += q->q_len;
	}
	if (bytes != tp->t_reass_bytes)
		return "reassembly queue's byte count wrong";
	if (tp->t_state == TCPS_TIME_WAIT &&
	    (!timer_pending(&tp->t_2msl) || timer_pending(&tp->t_rexmt) ||
	    timer_pending(&tp->t_persist) || timer_pending(&tp->t_keep)))
		return "TIME-WAIT with a timer other than 2MSL";
	if (so != NULL) {
		if ((why = tcp_check_sb(&so->so_snd)) != NULL ||
		    (why = tcp_check_sb(&so->so_rcv)) != NULL)
			return why;
	}
	return NULL;
}

/* NULL when every invariant holds on h, else the first that does not. */
const char *
tcp_invariants(struct host *h)
{
	struct tcp_host *th = TCPH(h);
	const struct tcpcb *tp;
	const char *why;

	if (th == NULL)
		return NULL;
	for (tp = th->th_conns; tp != NULL; tp = tp->t_next) {
		if (tp->t_th != th || *tp->t_prevp != tp)
			return "the host's connection list is broken";
		if ((why = tcp_check_cb(tp)) != NULL)
			return why;
	}
	return NULL;
}
