/*
 * TCP_DEFER_ACCEPT (Linux tcp(7)): a listener hands a new connection to
 * accept only once data has arrived on it, or once the time given has
 * passed.  Linux keeps such a connection half-open, dropping the
 * handshake's last ACK and resending its SYN,ACK on the usual schedule;
 * the time is kept as a count of those resends, so a value reads back
 * rounded up to the schedule's next step (1, 3, 7, 15 ... s, each step
 * doubling up to the RTO ceiling).  uipc completes the handshake (the
 * client cannot tell) but keeps the connection on the listener's
 * incomplete queue for the same time; the value reads back as Linux's.
 */
#include "base/timer.h"
#include "inet/tcp_var.h"
#include "kern/host.h"
#include "kern/socket.h"

#define DEFER_FIRST	1	/* s: Linux's TCP_TIMEOUT_INIT */
#define DEFER_MAXSTEP	120	/* s: Linux's TCP_RTO_MAX */

/* Seconds to resends (Linux's secs_to_retrans). */
static int
defer_steps(int secs)
{
	int steps = 0, period, step = DEFER_FIRST;

	if (secs <= 0)
		return 0;
	steps = 1;
	period = step;
	while (secs > period && steps < 255) {
		steps++;
		step = step * 2 > DEFER_MAXSTEP ? DEFER_MAXSTEP : step * 2;
		period += step;
	}
	return steps;
}

/* Resends to seconds (Linux's retrans_to_secs). */
static int
defer_secs(int steps)
{
	int period = 0, step = DEFER_FIRST;

	if (steps <= 0)
		return 0;
	period = step;
	while (--steps > 0) {
		step = step * 2 > DEFER_MAXSTEP ? DEFER_MAXSTEP : step * 2;
		period += step;
	}
	return period;
}

int
tcp_defer_accept_set(struct tcpcb *tp, int secs)
{
	tp->t_deferaccept = (uint8_t)defer_steps(secs);
	return 0;
}

int
tcp_defer_accept_get(const struct tcpcb *tp)
{
	return defer_secs(tp->t_deferaccept);
}

/* A connection born of lp: whether it waits for data, and how long at most. */
void
tcp_defer_inherit(struct tcpcb *tp, const struct tcpcb *lp)
{
	tp->t_deferns = (uint64_t)defer_secs(lp->t_deferaccept) * NS_PER_SEC;
	if (tp->t_deferns != 0)
		tp->t_flags |= TF_DEFERRED;
}

/*
 * The handshake is done.  Returns 1 if the connection waits (its keep
 * timer then ends the wait: tcp_defer_release).
 */
int
tcp_defer_established(struct tcpcb *tp)
{
	if (!(tp->t_flags & TF_DEFERRED))
		return 0;
	timer_cancel(tp->t_host->h_stack->st_timers, &tp->t_keep);
	timer_add_in(tp->t_host->h_stack->st_timers, &tp->t_keep, tp->t_deferns);
	return 1;
}

/* Data (or a FIN) came, or the time is up: on to accept. */
void
tcp_defer_release(struct tcpcb *tp)
{
	if (!(tp->t_flags & TF_DEFERRED))
		return;
	tp->t_flags &= ~TF_DEFERRED;
	if (tp->t_state == TCPS_SYN_RECEIVED)
		return;		/* not established yet: tcp_established will tell */
	timer_cancel(tp->t_host->h_stack->st_timers, &tp->t_keep);
	tcp_keep_arm(tp);
	if (tp->t_socket != NULL)
		soisconnected(tp->t_socket);
}
