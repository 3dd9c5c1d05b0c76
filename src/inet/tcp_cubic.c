/*
 * CUBIC (RFC 9438), selectable per socket with TCP_CONGESTION.  Windows
 * are reckoned in segments as the RFC does.  After a congestion event at
 * W_max, cwnd follows W_cubic(t) = C (t - K)^3 + W_max (§4.2), aiming one
 * RTT ahead (§4.4), bounded in [cwnd, 1.5 cwnd] per RTT (§4.2); where Reno
 * would be faster, the Reno-friendly estimate W_est wins (§4.3).  A loss
 * multiplies cwnd by beta = 0.7 (§4.6), with fast convergence (§4.7).
 * Slow start is RFC 5681's.
 */
#include "inet/tcp_var.h"

#define CUBIC_C		0.4
#define CUBIC_BETA	0.7

void	tcp_reno_ack(struct tcpcb *, uint32_t);

/* Cube root by Newton's method: the stack does not link libm. */
static double
cubic_cbrt(double x)
{
	double y = x > 1 ? x / 3 : 1;
	int i;

	if (x <= 0)
		return 0;
	for (i = 0; i < 60; i++) {
		double ny = y - (y * y * y - x) / (3 * y * y);

		if (ny == y)
			break;
		y = ny;
	}
	return y;
}

static void
cubic_init(struct tcpcb *tp)
{
	tcp_cc_newreno.cc_init(tp);
	tp->t_cubic.cu_wmax = 0;
	tp->t_cubic.cu_epoch = 0;
}

static void
cubic_ack(struct tcpcb *tp, uint32_t acked)
{
	struct tcp_cubic *cu = &tp->t_cubic;
	double mss = tp->t_maxseg, cwnd = tp->snd_cwnd / mss, t, target, w;
	double rtt = tp->t_srtt > 0 ? (double)tp->t_srtt / NS_PER_SEC : 0.1;
	uint64_t now = tcp_now(tp);

	if (tp->snd_cwnd <= tp->snd_ssthresh) {
		tcp_reno_ack(tp, acked);
		return;
	}
	if (cu->cu_epoch == 0) {
		cu->cu_epoch = now;
		if (cwnd < cu->cu_wmax)
			cu->cu_k = cubic_cbrt((cu->cu_wmax - cwnd) / CUBIC_C);
		else {
			cu->cu_k = 0;
			cu->cu_wmax = cwnd;
		}
		cu->cu_west = cwnd;
	}
	t = (double)(now - cu->cu_epoch) / NS_PER_SEC;
	target = CUBIC_C * (t + rtt - cu->cu_k) * (t + rtt - cu->cu_k) *
	    (t + rtt - cu->cu_k) + cu->cu_wmax;
	if (target < cwnd)
		target = cwnd;
	if (target > 1.5 * cwnd)
		target = 1.5 * cwnd;
	/* §4.3: alpha = 3 (1 - beta) / (1 + beta) per cwnd acknowledged. */
	cu->cu_west += 3 * (1 - CUBIC_BETA) / (1 + CUBIC_BETA) * (acked / mss) / cwnd;
	if (cu->cu_west > target)
		w = cu->cu_west;
	else
		w = cwnd + (target - cwnd) / cwnd * (acked / mss);
	if (w * mss > (double)(1u << 30))
		w = (double)(1u << 30) / mss;
	if (w > cwnd)
		tp->snd_cwnd = (uint32_t)(w * mss);
}

static void
cubic_cong_signal(struct tcpcb *tp, int type)
{
	struct tcp_cubic *cu = &tp->t_cubic;
	double mss = tp->t_maxseg, cwnd = tp->snd_cwnd / mss;
	double ss;

	/* §4.7: fast convergence. */
	if (cwnd < cu->cu_wmax)
		cu->cu_wmax = cwnd * (1 + CUBIC_BETA) / 2;
	else
		cu->cu_wmax = cwnd;
	cu->cu_cwnd_prior = cwnd;
	cu->cu_epoch = 0;
	ss = (double)tcp_flight(tp) * CUBIC_BETA;
	if (ss < 2 * mss)
		ss = 2 * mss;
	tp->snd_ssthresh = (uint32_t)ss;
	if (type == CC_RTO)
		tp->snd_cwnd = tp->t_maxseg;
}

static void
cubic_post_recovery(struct tcpcb *tp)
{
	tp->snd_cwnd = tp->snd_ssthresh;
}

const struct tcp_cc_algo tcp_cc_cubic = {
	.cc_name = "cubic",
	.cc_init = cubic_init,
	.cc_ack_received = cubic_ack,
	.cc_cong_signal = cubic_cong_signal,
	.cc_post_recovery = cubic_post_recovery,
};
