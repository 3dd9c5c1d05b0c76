/*
 * NewReno congestion control (RFC 5681 §3.1, RFC 6582), the default.
 * Slow start grows cwnd by the bytes acknowledged, at most one SMSS per
 * ACK (RFC 5681 (2)); congestion avoidance by one SMSS per cwnd of bytes
 * acknowledged (byte counting, RFC 5681 (3)'s alternative).  A loss halves
 * the flight (RFC 5681 (4)); a full ACK ends recovery with cwnd at
 * min(ssthresh, FlightSize + SMSS) (RFC 6582 §3.2 step 3, first option).
 */
#include <string.h>

#include "inet/tcp_var.h"

#define CWND_MAX	(1u << 30)

/* RFC 5681 §3.1 (equation 1): the initial window. */
static uint32_t
tcp_iw(struct tcpcb *tp)
{
	uint32_t mss = tp->t_maxseg;

	if (mss > 2190)
		return 2 * mss;
	if (mss > 1095)
		return 3 * mss;
	return 4 * mss;
}

static void
newreno_init(struct tcpcb *tp)
{
	tp->snd_cwnd = tcp_iw(tp);
	tp->snd_ssthresh = CWND_MAX;
	tp->t_bytes_acked = 0;
}

void	tcp_reno_ack(struct tcpcb *, uint32_t);
void
tcp_reno_ack(struct tcpcb *tp, uint32_t acked)
{
	if (tp->snd_cwnd <= tp->snd_ssthresh) {
		tp->snd_cwnd += acked < tp->t_maxseg ? acked : tp->t_maxseg;
	} else {
		tp->t_bytes_acked += acked;
		if (tp->t_bytes_acked >= tp->snd_cwnd) {
			tp->t_bytes_acked -= tp->snd_cwnd;
			tp->snd_cwnd += tp->t_maxseg;
		}
	}
	if (tp->snd_cwnd > CWND_MAX)
		tp->snd_cwnd = CWND_MAX;
}

/* RFC 5681 (4): ssthresh = max(FlightSize / 2, 2 * SMSS). */
void	tcp_reno_halve(struct tcpcb *);
void
tcp_reno_halve(struct tcpcb *tp)
{
	uint32_t half = tcp_flight(tp) / 2;

	tp->snd_ssthresh = half > 2u * tp->t_maxseg ? half : 2u * tp->t_maxseg;
	tp->t_bytes_acked = 0;
}

static void
newreno_cong_signal(struct tcpcb *tp, int type)
{
	tcp_reno_halve(tp);
	if (type == CC_RTO)
		tp->snd_cwnd = tp->t_maxseg;
}

static void
newreno_post_recovery(struct tcpcb *tp)
{
	uint32_t f = tcp_flight(tp) + tp->t_maxseg;

	tp->snd_cwnd = f < tp->snd_ssthresh ? f : tp->snd_ssthresh;
}

const struct tcp_cc_algo tcp_cc_newreno = {
	.cc_name = "newreno",
	.cc_init = newreno_init,
	.cc_ack_received = tcp_reno_ack,
	.cc_cong_signal = newreno_cong_signal,
	.cc_post_recovery = newreno_post_recovery,
};

/* TCP_CONGESTION: "reno" is taken as NewReno, as Linux's reno has it. */
const struct tcp_cc_algo *
tcp_cc_find(const char *name)
{
	if (strcmp(name, "newreno") == 0 || strcmp(name, "reno") == 0)
		return &tcp_cc_newreno;
	if (strcmp(name, "cubic") == 0)
		return &tcp_cc_cubic;
	return NULL;
}
