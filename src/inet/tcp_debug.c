/*
 * SO_DEBUG traces (4.4BSD netinet/tcp_debug.c, read by trpt(8)): each
 * segment in and out of a connection whose socket has SO_DEBUG is kept
 * in the host's ring of the last TCP_NTRACE records.
 */
#include <string.h>

#include "inet/in_host.h"
#include "inet/tcp_var.h"
#include "kern/host.h"
#include "kern/socket.h"

void
tcp_trace(struct tcpcb *tp, const char *what, const struct tcp_seg *ts)
{
	struct tcp_host *th = tp->t_th;
	struct tcp_trace_rec *r;

	if (tp->t_socket == NULL || !(tp->t_socket->so_options & SOO_DEBUG))
		return;
	r = &th->th_trace[th->th_tracenext++ % TCP_NTRACE];
	r->tr_time = tcp_now(tp);
	r->tr_what = what;
	r->tr_state = (uint8_t)tp->t_state;
	r->tr_flags = ts->th_flags;
	r->tr_seq = ts->th_seq;
	r->tr_ack = ts->th_ack;
	r->tr_len = (uint32_t)ts->th_datalen;
	r->tr_win = ts->th_win;
	r->tr_snd_una = tp->snd_una;
	r->tr_snd_nxt = tp->snd_nxt;
	r->tr_rcv_nxt = tp->rcv_nxt;
	r->tr_cwnd = tp->snd_cwnd;
}
