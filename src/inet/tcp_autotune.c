/*
 * Buffer autotuning: a connection's buffers grow to what its path and its
 * reader need, as Linux's do (tcp(7): tcp_rmem, tcp_wmem,
 * tcp_moderate_rcvbuf), unless the program set them (SO_RCVBUF or
 * SO_SNDBUF, which lock them, socket(7)).
 *
 * Why: a window no larger than the default buffer (212992 bytes) is less
 * than a fast path holds.  Over a TAP device to the Linux kernel the
 * sender spent two thirds of its time waiting for uipc's window (ss -ti:
 * rwnd_limited 66 %), with both machines' processors partly idle; Linux's
 * own receiver had grown its buffer to several megabytes by then.
 *
 * The receive side is Dynamic Right-Sizing as Linux's tcp_rcv_space_adjust
 * does it: once per round trip, the bytes the reader took in it are
 * measured; when they exceed the last measure, the buffer is made room for
 * twice that plus sixteen segments (the sender may grow its window by at
 * most the window per round trip in slow start, and loss recovery needs
 * the window again beside it).  The round trip is the receiver's own
 * estimate, the time to receive a window's worth of data (Linux's
 * tcp_rcv_rtt_measure; a sender that is not window-limited only makes it
 * longer, so the least such time is kept).  "The reader took" is, on uipc,
 * uipcd moving the bytes into the socket's channel.
 *
 * The send side is Linux's tcp_sndbuf_expand: when an acknowledgement
 * finds the send buffer full with the congestion window not, the buffer is
 * made twice the congestion window, room for a window in flight and the
 * next one queued behind it.
 *
 * The window-scale option offered on a SYN must leave room for what the
 * receive buffer may become (RFC 7323 §2.2: the shift is fixed at the
 * handshake), so a buffer that may grow offers the shift of the most it
 * may grow to, as Linux does (tcp_select_initial_window).
 */
#include <stddef.h>
#include <stdint.h>

#include "inet/tcp_var.h"
#include "kern/socket.h"

/*
 * The most a buffer grows to by itself: Linux's default tcp_rmem[2] and
 * tcp_wmem[2].  What a program sets with SO_RCVBUF or SO_SNDBUF has its
 * own ceiling, SB_MAX (kern/sockdefaults.h).
 */
#define TCP_RCVBUF_AUTO_MAX	(6u * 1024 * 1024)
#define TCP_SNDBUF_AUTO_MAX	(4u * 1024 * 1024)

/* Linux's tcp_rcv_space_adjust: room for sixteen more segments. */
#define TCP_RCVBUF_SLACK_SEGS	16

/* The window-scale shift to offer on a SYN of a connection of so. */
uint8_t
tcp_rcv_wscale(const struct socket *so)
{
	uint32_t most = so->so_rcv.sb_hiwat;
	uint8_t s = 0;

	if (!so->so_rcv.sb_userset && most < TCP_RCVBUF_AUTO_MAX)
		most = TCP_RCVBUF_AUTO_MAX;
	while (s < TCP_MAX_WINSHIFT && ((uint32_t)TCP_MAXWIN << s) < most)
		s++;
	return s;
}

/*
 * In-order data arrived: the receiver's round-trip estimate, the time one
 * window's worth takes to arrive (Linux's tcp_rcv_rtt_measure).
 */
void
tcp_autotune_data(struct tcpcb *tp)
{
	uint64_t now = tcp_now(tp), m;
	uint32_t win;

	if (tp->t_rrtt_start != 0 && SEQ_LT(tp->rcv_nxt, tp->t_rrtt_seq))
		return;
	if (tp->t_rrtt_start != 0) {
		m = now - tp->t_rrtt_start;
		if (m == 0)
			m = 1;
		if (tp->t_rrtt == 0 || m < tp->t_rrtt)
			tp->t_rrtt = m;
	}
	/* The window now offered: the peer may send that much before it must wait for us. */
	win = SEQ_GT(tp->rcv_adv, tp->rcv_nxt) ? tp->rcv_adv - tp->rcv_nxt : 0;
	if (win < tp->t_maxseg)
		win = tcp_rcvwin(tp);
	tp->t_rrtt_seq = tp->rcv_nxt + (win ? win : 1);
	tp->t_rrtt_start = now;
}

/*
 * The reader took bytes from the receive buffer (pru_rcvd): once per
 * receiver round trip, the buffer grows when the reader took more than in
 * the round trip measured last (Linux's tcp_rcv_space_adjust).
 */
void
tcp_autotune_rcvd(struct tcpcb *tp)
{
	struct sockbuf *sb = &tp->t_socket->so_rcv;
	uint64_t now = tcp_now(tp), copied, want;
	uint32_t mss = tp->t_maxseg ? tp->t_maxseg : TCP_DEFMSS;

	if (tp->t_rqtime == 0) {
		tp->t_rqtime = now;
		tp->t_rqoff = sb->sb_off;
		/*
		 * Linux starts from the least of the window its SYN offered
		 * (at most 65535, RFC 7323 §2.2: a SYN's window is never
		 * scaled), ten segments and the buffer (tcp_init_buffer_space).
		 * Starting from the whole buffer instead, growth would need
		 * more than a buffer's worth taken in one round trip, which
		 * on loopback (a round trip of a microsecond) almost never
		 * happens: the buffer stayed as it was in a quarter of runs.
		 */
		tp->t_rqspace = TCP_MAXWIN;
		if (10u * mss < tp->t_rqspace)
			tp->t_rqspace = 10u * mss;
		if (sb->sb_hiwat < tp->t_rqspace)
			tp->t_rqspace = sb->sb_hiwat;
		return;
	}
	if (tp->t_rrtt == 0) {
		/* No round trip measured yet: the first one starts afterwards. */
		tp->t_rqtime = now;
		tp->t_rqoff = sb->sb_off;
		return;
	}
	if (now - tp->t_rqtime < tp->t_rrtt)
		return;
	copied = sb->sb_off - tp->t_rqoff;
	if (copied > tp->t_rqspace) {
		if (!sb->sb_userset) {
			want = 2 * copied + (uint64_t)TCP_RCVBUF_SLACK_SEGS * mss;
			if (want > TCP_RCVBUF_AUTO_MAX)
				want = TCP_RCVBUF_AUTO_MAX;
			if (want > sb->sb_hiwat)
				sb->sb_hiwat = (uint32_t)want;
		}
		tp->t_rqspace = copied > UINT32_MAX ? UINT32_MAX : (uint32_t)copied;
	}
	tp->t_rqoff = sb->sb_off;
	tp->t_rqtime = now;
}

/*
 * An acknowledgement of new data arrived, with the send buffer's bytes
 * before it dropped what it acknowledged: the buffer grows when it was
 * full and held less than the congestion window lets be in flight, so
 * that the buffer, not the window, held the sender back (Linux's
 * tcp_new_space and tcp_sndbuf_expand).
 */
void
tcp_autotune_acked(struct tcpcb *tp, uint32_t held)
{
	struct sockbuf *sb = &tp->t_socket->so_snd;
	uint32_t mss = tp->t_maxseg ? tp->t_maxseg : TCP_DEFMSS;
	uint64_t want;

	if (sb->sb_userset || held + mss <= sb->sb_hiwat)
		return;
	if (held >= tp->snd_cwnd)
		return;		/* the window, not the buffer, holds it back */
	want = 2 * (uint64_t)(tp->snd_cwnd > 10u * mss ? tp->snd_cwnd : 10u * mss);
	if (want > TCP_SNDBUF_AUTO_MAX)
		want = TCP_SNDBUF_AUTO_MAX;
	if (want > sb->sb_hiwat)
		sb->sb_hiwat = (uint32_t)want;
}
