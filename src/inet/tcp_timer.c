/*
 * TCP's timers (tcp_timer.h tells what each is for).  Each fires its own
 * function here, on the stack's timer queue; none reads a clock but
 * through tcp_now().
 */
#include <errno.h>

#include "base/timer.h"
#include "inet/in_host.h"
#include "inet/tcp_var.h"
#include "kern/host.h"
#include "kern/socket.h"

static inline struct timerq *
tq_of(struct tcpcb *tp)
{
	return tp->t_host->h_stack->st_timers;
}

/*
 * Retransmission timeout (RFC 6298 (5.4)-(5.7); RFC 5681 §3.1 (4) the
 * loss window; Karn: no RTT sample from what is retransmitted).
 */
static void
tcp_timer_rexmt(struct timer *t, void *arg)
{
	struct tcpcb *tp = arg;
	int max = TCPS_HAVEESTABLISHED(tp->t_state) ? TCP_MAXRXTSHIFT : TCP_SYNRETRIES;

	/* RFC 5482: unacknowledged longer than the user's timeout: give up. */
	if (tp->t_usertimeout != 0 &&
	    tcp_now(tp) - tp->t_unackedsince >= tp->t_usertimeout) {
		tp->t_th->th_stat.tcps_timeoutdrop++;
		tcp_drop(tp, ETIMEDOUT);
		return;
	}
	if (++tp->t_rxtshift > max) {
		tp->t_th->th_stat.tcps_timeoutdrop++;
		tp->t_rxtshift = max;
		tcp_drop(tp, ETIMEDOUT);
		return;
	}
	tp->t_th->th_stat.tcps_rexmttimeo++;
	tp->t_info.ci_rexmits = (uint64_t)tp->t_rxtshift;
	if (TCPS_HAVEESTABLISHED(tp->t_state)) {
		if (tp->t_rxtshift == 1 || !(tp->t_flags & TF_FASTRECOVERY))
			tp->t_cc->cc_cong_signal(tp, CC_RTO);
		tp->snd_cwnd = tp->t_maxseg;
		tp->t_flags &= ~TF_FASTRECOVERY;
		tp->t_dupacks = 0;
		tp->snd_recover = tp->snd_max;
		tcp_sack_clear(tp);
		tp->snd_nxt = tp->snd_una;
	} else
		tp->snd_nxt = tp->iss;
	tp->t_rtttime = 0;
	tcp_rexmt_arm(tp);
	tcp_output(tp);
	/*
	 * A SYN that found its neighbour unresolvable (ARP gave up, so
	 * ip_output said EHOSTUNREACH) ends the attempt with that error, as an
	 * ICMP host unreachable does in tcp_ctlinput and as Linux does when
	 * its neighbour entry fails: otherwise a connect to an address no host
	 * on the segment has would wait for TCP_KEEPINIT (75 s).
	 */
	if (tp->t_state == TCPS_SYN_SENT && tp->t_softerror == EHOSTUNREACH)
		tcp_drop(tp, EHOSTUNREACH);
}

/* Zero-window probe: one byte forced out, the timer backed off. */
static void
tcp_timer_persist(struct timer *t, void *arg)
{
	struct tcpcb *tp = arg;

	/*
	 * A window closed longer than TCP_USER_TIMEOUT (a peer that stopped
	 * reading): give up, as Linux's tcp_probe_timer does.
	 */
	if (tp->t_usertimeout != 0 && tcp_now(tp) - tp->t_persiststart >= tp->t_usertimeout) {
		tp->t_th->th_stat.tcps_timeoutdrop++;
		tcp_drop(tp, ETIMEDOUT);
		return;
	}
	tp->t_th->th_stat.tcps_persisttimeo++;
	tcp_setpersist(tp);
	tp->t_flags |= TF_FORCE;
	tcp_output(tp);
	tp->t_flags &= ~TF_FORCE;
}

/*
 * Connection establishment bound, then keepalive (RFC 1122 §4.2.3.6):
 * after TCP_KEEPIDLE idle seconds a probe (an ACK one below snd_una, so
 * the peer must answer), every TCP_KEEPINTVL after, TCP_KEEPCNT of them
 * unanswered drop the connection with ETIMEDOUT.
 */
static void
tcp_timer_keep(struct timer *t, void *arg)
{
	struct tcpcb *tp = arg;
	struct socket *so = tp->t_socket;
	uint64_t now = tcp_now(tp), idle = now - tp->t_rcvtime;
	uint64_t kidle = (uint64_t)tp->t_keepidle * NS_PER_SEC;

	if (tp->t_state == TCPS_SYN_RECEIVED && (tp->t_flags & TF_PASSIVE)) {
		/*
		 * A half-open connection no user has seen, whose peer never
		 * answered our SYN,ACK: most likely a forged SYN (RFC 4987 §2).
		 * It leaves its listener's queue without a word: a RST would
		 * only go to the forged address (Linux and BSD's syncache
		 * drop it silently too).
		 */
		tp->t_th->th_stat.tcps_conndrops++;
		tcp_close(tp);
		return;
	}
	if (!TCPS_HAVEESTABLISHED(tp->t_state)) {
		tcp_drop(tp, ETIMEDOUT);
		return;
	}
	if (tp->t_flags & TF_DEFERRED) {
		tcp_defer_release(tp);	/* TCP_DEFER_ACCEPT's time is up */
		return;
	}
	if (so == NULL || !(so->so_options & SOO_KEEPALIVE) ||
	    tp->t_state > TCPS_CLOSING) {
		tcp_keep_arm(tp);
		return;
	}
	if (tp->t_keepprobes == 0 && idle < kidle) {
		timer_add_in(tq_of(tp), &tp->t_keep, kidle - idle);
		return;
	}
	/*
	 * With TCP_USER_TIMEOUT, that time without an answer ends it rather
	 * than the count of probes (Linux's tcp_keepalive_timer).
	 */
	if (tp->t_usertimeout != 0 ? tp->t_keepprobes > 0 && idle >= tp->t_usertimeout :
	    tp->t_keepprobes >= tp->t_keepcnt) {
		tp->t_th->th_stat.tcps_keepdrops++;
		tcp_drop(tp, ETIMEDOUT);
		return;
	}
	tp->t_th->th_stat.tcps_keepprobe++;
	tp->t_keepprobes++;
	tcp_send_ctl(tp, tp->snd_una - 1, TH_ACK);
	timer_add_in(tq_of(tp), &tp->t_keep, (uint64_t)tp->t_keepintvl * NS_PER_SEC);
}

/* TIME_WAIT's end, or a closed socket's FIN_WAIT_2 bound. */
static void
tcp_timer_2msl(struct timer *t, void *arg)
{
	struct tcpcb *tp = arg;
	uint64_t idle = tcp_now(tp) - tp->t_rcvtime;

	if (tp->t_state == TCPS_FIN_WAIT_2 && idle < TCP_FINWAIT2_NS) {
		timer_add_in(tq_of(tp), &tp->t_2msl, TCP_FINWAIT2_NS - idle);
		return;
	}
	tcp_close(tp);
}

static void
tcp_timer_delack(struct timer *t, void *arg)
{
	struct tcpcb *tp = arg;

	if (!(tp->t_flags & TF_DELACK))
		return;
	tp->t_th->th_stat.tcps_delack++;
	tcp_quickack_missed(tp);
	tp->t_flags |= TF_ACKNOW;
	tcp_output(tp);
}

/*
 * Data held by TCP_CORK for the ceiling tcp(7) names goes out, as Linux
 * sends it; the socket stays corked for what is written next.
 */
static void
tcp_timer_cork(struct timer *t, void *arg)
{
	struct tcpcb *tp = arg;

	if (!(tp->t_flags & TF_CORK))
		return;
	tp->t_flags &= ~TF_CORK;
	tcp_output(tp);
	tp->t_flags |= TF_CORK;
}

/* A closed socket's delivery took too long: reset (SO_LINGER). */
static void
tcp_timer_linger(struct timer *t, void *arg)
{
	struct tcpcb *tp = arg;

	if (tp->t_state == TCPS_TIME_WAIT)
		return;
	tcp_drop(tp, ETIMEDOUT);
}

void
tcp_timer_init(struct tcpcb *tp)
{
	timer_init(&tp->t_rexmt, tcp_timer_rexmt, tp);
	timer_init(&tp->t_persist, tcp_timer_persist, tp);
	timer_init(&tp->t_keep, tcp_timer_keep, tp);
	timer_init(&tp->t_2msl, tcp_timer_2msl, tp);
	timer_init(&tp->t_delack, tcp_timer_delack, tp);
	timer_init(&tp->t_linger, tcp_timer_linger, tp);
	timer_init(&tp->t_cork, tcp_timer_cork, tp);
}

void
tcp_timers_cancel(struct tcpcb *tp)
{
	struct timerq *tq = tq_of(tp);

	timer_cancel(tq, &tp->t_rexmt);
	timer_cancel(tq, &tp->t_persist);
	timer_cancel(tq, &tp->t_keep);
	timer_cancel(tq, &tp->t_2msl);
	timer_cancel(tq, &tp->t_delack);
	timer_cancel(tq, &tp->t_linger);
	timer_cancel(tq, &tp->t_cork);
}

void
tcp_canceltimers(struct tcpcb *tp)
{
	tcp_timers_cancel(tp);
}

/*
 * Arms the retransmission timer.  Outside a run of retransmissions
 * (t_rxtshift 0: first data out, or the peer acknowledged some), the
 * clock of TCP_USER_TIMEOUT starts again; the timer never reaches past
 * that timeout's end, so the abort comes on time (Linux clamps so too).
 */
void
tcp_rexmt_arm(struct tcpcb *tp)
{
	uint64_t now = tcp_now(tp), d = tcp_rto(tp), spent;

	if (tp->t_rxtshift == 0)
		tp->t_unackedsince = now;
	if (tp->t_usertimeout != 0) {
		spent = now - tp->t_unackedsince;
		if (spent >= tp->t_usertimeout)
			d = 1;
		else if (d > tp->t_usertimeout - spent)
			d = tp->t_usertimeout - spent;
	}
	timer_add_in(tq_of(tp), &tp->t_rexmt, d);
}

/* Arms the persist timer: the RTO (at least PERSMIN) backed off, up to PERSMAX. */
void
tcp_setpersist(struct tcpcb *tp)
{
	uint64_t t = tp->t_rto < TCP_PERSMIN ? TCP_PERSMIN : tp->t_rto;
	int i;

	if (tp->t_persistshift == 0)
		tp->t_persiststart = tcp_now(tp);	/* TCP_USER_TIMEOUT counts from here */

	for (i = 0; i < tp->t_persistshift && t < TCP_PERSMAX; i++)
		t *= 2;
	if (t < TCP_PERSMIN)
		t = TCP_PERSMIN;
	if (t > TCP_PERSMAX)
		t = TCP_PERSMAX;
	if (tp->t_persistshift < TCP_MAXRXTSHIFT)
		tp->t_persistshift++;
	timer_add_in(tq_of(tp), &tp->t_persist, t);
}

void
tcp_keep_arm(struct tcpcb *tp)
{
	timer_add_in(tq_of(tp), &tp->t_keep, (uint64_t)tp->t_keepidle * NS_PER_SEC);
}

void
tcp_linger_arm(struct tcpcb *tp, uint64_t ns)
{
	timer_add_in(tq_of(tp), &tp->t_linger, ns);
}
