/*
 * A SYN for a connection in TIME-WAIT may open it anew, as Linux's
 * tcp_timewait_state_process lets it (RFC 1122 §4.2.2.13; RFC 6191 when
 * both sides sent timestamps).  Without this a client that comes back on
 * a port it used before, while the server still holds that connection
 * in TIME-WAIT, has its SYN answered with an ACK: it resets the old
 * connection and tries again only after its SYN's retransmission timeout
 * (a second).  A client making connections quickly to one server wraps
 * around its ephemeral ports within the 2MSL of the first, and stalled so.
 *
 * The SYN must carry neither ACK nor RST nor FIN, must not be rejected by
 * PAWS, and must either start past everything the old connection received
 * (its RCV.NXT) or carry a newer timestamp than the old connection last
 * saw.  The new connection's ISS then starts a window past the old one's
 * SND.NXT, so that no segment of the old connection can be taken for one
 * of the new (Linux: tw_snd_nxt + 65535 + 2).
 */
#include <stdint.h>

#include "inet/tcp_var.h"

int
tcp_timewait_reopens(const struct tcpcb *tp, const struct tcp_seg *ts, uint32_t *iss)
{
	int tsok = (ts->to_flags & TOF_TS) && (tp->t_flags & TF_RCVD_TSTMP) && tp->ts_recent != 0;

	if (tp->t_state != TCPS_TIME_WAIT ||
	    (ts->th_flags & (TH_SYN | TH_ACK | TH_RST | TH_FIN)) != TH_SYN)
		return 0;
	if (tsok && SEQ_LT(ts->to_tsval, tp->ts_recent))
		return 0;		/* PAWS (RFC 7323 §5): an old duplicate */
	if (!SEQ_GT(ts->th_seq, tp->rcv_nxt) && !(tsok && SEQ_GT(ts->to_tsval, tp->ts_recent)))
		return 0;
	*iss = tp->snd_max + TCP_MAXWIN + 2;
	return 1;
}
