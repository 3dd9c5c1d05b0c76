/*
 * One ACK per input batch (base/batch.h), as Linux's GRO gives in effect.
 *
 * While a wire reader (the TAP device) has a burst of frames open, an ACK
 * that in-order data made due at once (every second segment, RFC 1122
 * §4.2.3.2, RFC 5681 §4.2; or the quick-ACK budget, tcp_quickack.c) waits
 * for the end of the burst, in the same loop turn: then one ACK covers the
 * whole burst.  RFC 9293 §3.8.6.3 lets a receiver delay ACKs; the
 * every-second-segment rule is a SHOULD, and a stretch ACK like this one is
 * what Linux's own receiver sends for each GRO aggregate.  Fewer ACKs
 * means fewer frames uipcd writes to the TAP, and with them less of the
 * kernel's own TCP work done inside each write (bench/tap_veth.sh).
 *
 * Bounds, so that the sender is never starved of ACKs: no more than
 * TCP_ACKBATCH_BYTES (GRO's largest aggregate) nor half the window we
 * advertised go unacknowledged before an ACK goes at once anyway; and
 * everything else (out-of-order data, a FIN, a hole filled, window updates)
 * is acknowledged as before.
 */
#include <stddef.h>

#include "inet/tcp_var.h"
#include "kern/host.h"

#define TCP_ACKBATCH_BYTES	65536u

/* The burst is over: the ACK no data segment carried goes now. */
static void
tcp_ackbatch_run(struct batch_item *bi)
{
	struct tcpcb *tp = (struct tcpcb *)((char *)bi -
	    offsetof(struct tcpcb, t_ackbatch));

	if (!(tp->t_flags & TF_DELACK))
		return;		/* a segment sent since carried it */
	tp->t_flags |= TF_ACKNOW;
	tcp_output(tp);
}

void
tcp_ackbatch_init(struct tcpcb *tp)
{
	batch_item_init(&tp->t_ackbatch, tcp_ackbatch_run);
}

/*
 * In-order data made an ACK due at once.  Returns 1 when it is put off to
 * the end of the open input batch (TF_DELACK stays set, and its timer
 * bounds the wait should the batch somehow never end), 0 when it goes now:
 * no batch open, or too much already unacknowledged.
 */
int
tcp_ackbatch_defer(struct tcpcb *tp)
{
	struct batch *b = &tp->t_host->h_stack->st_inbatch;
	uint32_t owed = tp->rcv_nxt - tp->last_ack_sent;
	uint32_t adv = tp->rcv_adv - tp->last_ack_sent;

	if (!batch_open(b) || owed >= TCP_ACKBATCH_BYTES || owed >= adv / 2)
		return 0;
	tp->t_flags |= TF_DELACK;
	if (!timer_pending(&tp->t_delack))
		timer_add_in(tp->t_host->h_stack->st_timers, &tp->t_delack,
		    tp->t_th->th_delack);
	return batch_defer(b, &tp->t_ackbatch);
}

/* The connection goes: it leaves the batch it waits in. */
void
tcp_ackbatch_cancel(struct tcpcb *tp)
{
	batch_cancel(&tp->t_ackbatch);
}
