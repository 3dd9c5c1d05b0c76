/*
 * Selective acknowledgements (RFC 2018) and SACK-based loss recovery
 * (RFC 6675).  The receiver keeps the blocks it reports, the most recent
 * first (RFC 2018 §4); the sender keeps a scoreboard of SACKed ranges above
 * snd_una, sorted and merged, from which it computes the pipe and the next
 * segment to send in recovery.
 *
 * Simplifications against RFC 6675, each conservative: a byte below the
 * highest SACKed sequence and not SACKed counts as lost (IsLost without
 * the DupThresh count of SACKed segments above it); NextSeg's rule 3
 * (rescue retransmission) is not done; D-SACK blocks are ignored.
 */
#include <string.h>

#include "inet/tcp_var.h"

/* The receiver learned of [start, end) out of order: make it block one. */
void
tcp_sack_rcv_update(struct tcpcb *tp, uint32_t start, uint32_t end)
{
	struct tcp_sackblk nb[TCP_MAX_SACK];
	int i, n = 1;

	/* Merge every block that touches the new one into it. */
	for (i = 0; i < tp->rcv_numsacks; i++) {
		struct tcp_sackblk *b = &tp->rcv_sacks[i];

		if (SEQ_LEQ(b->start, end) && SEQ_GEQ(b->end, start)) {
			start = SEQ_MIN(start, b->start);
			end = SEQ_MAX(end, b->end);
		}
	}
	nb[0].start = start;
	nb[0].end = end;
	for (i = 0; i < tp->rcv_numsacks && n < TCP_MAX_SACK; i++) {
		struct tcp_sackblk *b = &tp->rcv_sacks[i];

		if (SEQ_LEQ(b->start, end) && SEQ_GEQ(b->end, start))
			continue;
		nb[n++] = *b;
	}
	memcpy(tp->rcv_sacks, nb, sizeof(nb[0]) * (size_t)n);
	tp->rcv_numsacks = n;
}

/* Drops blocks at or below rcv_nxt (RFC 2018 §4: report only what is held). */
void
tcp_sack_rcv_trim(struct tcpcb *tp)
{
	int i, n = 0;

	for (i = 0; i < tp->rcv_numsacks; i++)
		if (SEQ_GT(tp->rcv_sacks[i].end, tp->rcv_nxt)) {
			tp->rcv_sacks[n] = tp->rcv_sacks[i];
			if (SEQ_LT(tp->rcv_sacks[n].start, tp->rcv_nxt))
				tp->rcv_sacks[n].start = tp->rcv_nxt;
			n++;
		}
	tp->rcv_numsacks = n;
}

void
tcp_sack_clear(struct tcpcb *tp)
{
	tp->snd_numsacked = 0;
	tp->snd_fack = tp->snd_una;
	tp->snd_rxthigh = tp->snd_una;
}

/* Adds [s, e) to the sender's scoreboard, keeping it sorted and merged. */
static void
tcp_sack_add(struct tcpcb *tp, uint32_t s, uint32_t e)
{
	struct tcp_sackblk *sb = tp->snd_sacked;
	int i = 0, j, n = tp->snd_numsacked;

	while (i < n && SEQ_LT(sb[i].end, s))
		i++;
	/* Blocks i.. that touch [s, e) merge into it. */
	j = i;
	while (j < n && SEQ_LEQ(sb[j].start, e)) {
		s = SEQ_MIN(s, sb[j].start);
		e = SEQ_MAX(e, sb[j].end);
		j++;
	}
	if (j == i) {
		if (n == TCP_SACK_MAXBLK)
			return;		/* full: forget it; we only lose precision */
		memmove(&sb[i + 1], &sb[i], sizeof(*sb) * (size_t)(n - i));
		n++;
	} else if (j > i + 1) {
		memmove(&sb[i + 1], &sb[j], sizeof(*sb) * (size_t)(n - j));
		n -= j - i - 1;
	}
	sb[i].start = s;
	sb[i].end = e;
	tp->snd_numsacked = n;
	if (SEQ_GT(e, tp->snd_fack))
		tp->snd_fack = e;
}

/*
 * Takes an ACK's SACK blocks into the scoreboard and forgets what the
 * cumulative ACK now covers.  Blocks outside (snd_una, snd_max] are
 * ignored (RFC 2018 §8; D-SACKs among them).
 */
void
tcp_sack_update(struct tcpcb *tp, const struct tcp_seg *ts)
{
	uint32_t una = SEQ_MAX(ts->th_ack, tp->snd_una);
	int i, n;

	for (i = 0; (ts->to_flags & TOF_SACK) && i < ts->to_nsacks; i++) {
		const struct tcp_sackblk *b = &ts->to_sacks[i];

		if (SEQ_LEQ(b->end, b->start) || SEQ_LEQ(b->start, una) ||
		    SEQ_GT(b->end, tp->snd_max))
			continue;
		tcp_sack_add(tp, b->start, b->end);
	}
	for (i = 0, n = 0; i < tp->snd_numsacked; i++) {
		struct tcp_sackblk b = tp->snd_sacked[i];

		if (SEQ_LEQ(b.end, una))
			continue;
		if (SEQ_LT(b.start, una))
			b.start = una;
		tp->snd_sacked[n++] = b;
	}
	tp->snd_numsacked = n;
	if (SEQ_LT(tp->snd_fack, una))
		tp->snd_fack = una;
}

uint32_t
tcp_sack_bytes(struct tcpcb *tp)
{
	uint32_t n = 0;
	int i;

	for (i = 0; i < tp->snd_numsacked; i++)
		n += tp->snd_sacked[i].end - tp->snd_sacked[i].start;
	return n;
}

/* Unsacked bytes in [s, e). */
static uint32_t
tcp_sack_holes(struct tcpcb *tp, uint32_t s, uint32_t e)
{
	uint32_t n = 0;
	int i;

	for (i = 0; i < tp->snd_numsacked && SEQ_LT(s, e); i++) {
		struct tcp_sackblk *b = &tp->snd_sacked[i];

		if (SEQ_LEQ(b->end, s))
			continue;
		if (SEQ_GEQ(b->start, e))
			break;
		if (SEQ_LT(s, b->start))
			n += b->start - s;
		s = b->end;
	}
	if (SEQ_LT(s, e))
		n += e - s;
	return n;
}

/*
 * RFC 6675 §4 SetPipe, with the simplification above: bytes sent beyond
 * the highest SACK are in the pipe, holes below it are lost, and holes
 * retransmitted (below HighRxt) are in the pipe again.
 */
uint32_t
tcp_sack_pipe(struct tcpcb *tp)
{
	uint32_t fack = SEQ_MAX(tp->snd_fack, tp->snd_una);
	uint32_t rx = SEQ_MIN(tp->snd_rxthigh, fack);
	uint32_t pipe = tp->snd_max - fack;

	if (SEQ_GT(rx, tp->snd_una))
		pipe += tcp_sack_holes(tp, tp->snd_una, rx);
	return pipe;
}

/*
 * RFC 6675 §4 NextSeg rule 1: the first unSACKed, not yet retransmitted
 * stretch below the highest SACK, at most one segment.  0: none.
 */
int
tcp_sack_nextseg(struct tcpcb *tp, uint32_t *seq, uint32_t *len)
{
	uint32_t s = SEQ_MAX(tp->snd_una, tp->snd_rxthigh);
	int i;

	for (i = 0; i < tp->snd_numsacked; i++) {
		struct tcp_sackblk *b = &tp->snd_sacked[i];

		if (SEQ_LEQ(b->end, s))
			continue;
		if (SEQ_LT(s, b->start)) {
			uint32_t n = b->start - s;

			*seq = s;
			*len = n < tp->t_maxseg ? n : tp->t_maxseg;
			return 1;
		}
		s = b->end;
	}
	return 0;
}
