/*
 * The reassembly queue (RFC 9293 §3.10.7.4 seventh: segments beyond
 * RCV.NXT are held "for later processing"; 4.4BSD's tcp_reass).  Each
 * entry holds a copy of the bytes of one run, in sequence order, with no
 * overlaps: a new segment is trimmed against its neighbours.  Memory is
 * bounded by the receive buffer, which the window already bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "inet/tcp_var.h"
#include "kern/socket.h"

void
tcp_reass_flush(struct tcpcb *tp)
{
	struct tcp_qent *q;

	while ((q = tp->t_reass) != NULL) {
		tp->t_reass = q->q_next;
		free(q);
	}
	tp->t_reass_bytes = 0;
}

/*
 * Delivers the queue's entries that have become in order.  Returns 1 when
 * a FIN follows the data delivered.
 */
int
tcp_reass_pull(struct tcpcb *tp)
{
	struct tcp_qent *q;
	uint32_t skip;
	int fin = 0;

	while ((q = tp->t_reass) != NULL && SEQ_LEQ(q->q_seq, tp->rcv_nxt)) {
		tp->t_reass = q->q_next;
		tp->t_reass_bytes -= q->q_len;
		skip = tp->rcv_nxt - q->q_seq;
		if (skip < q->q_len)
			tcp_deliver(tp, q->q_data + skip, q->q_len - skip);
		if (q->q_fin && tp->rcv_nxt == q->q_seq + q->q_len)
			fin = 1;
		free(q);
		if (fin)
			break;
	}
	return fin;
}

/*
 * Queues len bytes at seq (fin: the peer's FIN follows them) and delivers
 * whatever is now in order.  Returns 1 when a FIN is now in order.
 */
int
tcp_reass(struct tcpcb *tp, uint32_t seq, const uint8_t *data, uint32_t len,
    int fin)
{
	struct tcp_qent **qp, *q, *n;
	uint32_t end = seq + len, cut;
	struct socket *so = tp->t_socket;

	if (len == 0 && !fin)
		return tcp_reass_pull(tp);
	if (len == 0) {
		/* A FIN alone: on the entry it follows, or an entry of its own. */
		for (qp = &tp->t_reass; (q = *qp) != NULL && SEQ_LT(q->q_seq, seq);
		    qp = &q->q_next)
			if (q->q_seq + q->q_len == seq) {
				q->q_fin = 1;
				return tcp_reass_pull(tp);
			}
		if ((n = malloc(sizeof(*n))) == NULL)
			return tcp_reass_pull(tp);
		n->q_seq = seq;
		n->q_len = 0;
		n->q_fin = 1;
		n->q_next = *qp;
		*qp = n;
		return tcp_reass_pull(tp);
	}
	/* Trim what is already in order. */
	if (SEQ_LT(seq, tp->rcv_nxt)) {
		cut = tp->rcv_nxt - seq;
		if (cut > len)
			cut = len;
		seq += cut;
		data += cut;
		len -= cut;
	}
	for (qp = &tp->t_reass; (q = *qp) != NULL && SEQ_LEQ(q->q_seq + q->q_len, seq);
	    qp = &q->q_next)
		;
	/* Overlap with the entry before: trim our front. */
	while (len > 0 && (q = *qp) != NULL && SEQ_LEQ(q->q_seq, seq)) {
		cut = q->q_seq + q->q_len - seq;
		if (cut >= len) {
			q->q_fin |= fin && q->q_seq + q->q_len == end;
			return tcp_reass_pull(tp);
		}
		seq += cut;
		data += cut;
		len -= cut;
		qp = &q->q_next;
	}
	/* Entries we cover entirely go; one we overlap at its front shrinks us. */
	while ((q = *qp) != NULL && SEQ_LT(q->q_seq, seq + len)) {
		if (SEQ_LEQ(q->q_seq + q->q_len, seq + len)) {
			*qp = q->q_next;
			tp->t_reass_bytes -= q->q_len;
			fin |= q->q_fin;
			free(q);
			continue;
		}
		len = q->q_seq - seq;
		fin = 0;
		break;
	}
	if (so != NULL && tp->t_reass_bytes + len > so->so_rcv.sb_hiwat) {
		tp->t_th->th_stat.tcps_reassmemdrop++;
		return tcp_reass_pull(tp);
	}
	if ((n = malloc(sizeof(*n) + len)) == NULL)
		return tcp_reass_pull(tp);
	n->q_seq = seq;
	n->q_len = len;
	n->q_fin = fin;
	memcpy(n->q_data, data, len);
	n->q_next = *qp;
	*qp = n;
	tp->t_reass_bytes += len;
	return tcp_reass_pull(tp);
}
