#ifndef UIPC_INET_TCP_CC_H
#define UIPC_INET_TCP_CC_H
/*
 * Congestion control as a small switch of algorithms (FreeBSD's cc(4) in
 * spirit), selectable per socket with TCP_CONGESTION.  The common rules of
 * RFC 5681 (the ACK clock, fast retransmit on three duplicates, the loss
 * window after a timeout) and the recovery bookkeeping of RFC 6582 and
 * RFC 6675 live in tcp_input.c; an algorithm decides only how cwnd grows on
 * new ACKs and how far it falls on a congestion signal.
 */
#include <stdint.h>

struct tcpcb;

#define CC_NDUPACK	1	/* fast retransmit: entering recovery */
#define CC_RTO		2	/* retransmission timeout */

#define TCP_CA_NAME_MAX	16

struct tcp_cc_algo {
	const char *cc_name;
	void	(*cc_init)(struct tcpcb *);
	/* acked new bytes arrived outside recovery. */
	void	(*cc_ack_received)(struct tcpcb *, uint32_t acked);
	/* sets snd_ssthresh (and cwnd for CC_RTO) on a congestion signal. */
	void	(*cc_cong_signal)(struct tcpcb *, int type);
	/* recovery ended with a full ACK. */
	void	(*cc_post_recovery)(struct tcpcb *);
};

extern const struct tcp_cc_algo tcp_cc_newreno;
extern const struct tcp_cc_algo tcp_cc_cubic;

const struct tcp_cc_algo *tcp_cc_find(const char *name);

/* CUBIC's state (RFC 9438 §4), in the tcpcb. */
struct tcp_cubic {
	double cu_wmax;			/* W_max, segments */
	double cu_k;			/* K, seconds */
	double cu_west;			/* W_est, segments (§4.3) */
	uint64_t cu_epoch;		/* t = 0 of the current epoch, ns; 0 none */
	double cu_cwnd_prior;		/* cwnd before the reduction, segments */
};

#endif
