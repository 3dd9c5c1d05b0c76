/*
 * A connect that failed before the connection was made (refused, timed
 * out, unreachable) on a socket its user still holds.  BSD frees the
 * connection block and the socket can do nothing more (EINVAL); Linux
 * keeps its sock and resets it for another connect (tcp_disconnect, run
 * when inet_stream_connect reports the failure), and programs rely on
 * that (CPython's asyncio, libuv).  The primer is silent; uipc answers
 * as Linux: the connection's state goes, what the user set stays.
 *
 * Kept, as tcp_disconnect keeps them: TCP_NODELAY, TCP_CORK, TCP_MAXSEG,
 * TCP_KEEPIDLE/INTVL/CNT, TCP_USER_TIMEOUT, TCP_CONGESTION,
 * TCP_DEFER_ACCEPT; the whole IP level, since the inpcb itself stays
 * (IP_TOS, IP_TTL, IP_RECVERR, SO_BINDTODEVICE ...); the socket level
 * lives in the socket, which stays too.  The local port stays only if
 * the user bound it, the local address likewise (in_pcbanew: Linux's
 * SOCK_BINDPORT_LOCK and SOCK_BINDADDR_LOCK).  TCP_QUICKACK's mode
 * starts over, as inet_csk_delack_init makes it.
 */
#include <string.h>

#include "inet/tcp_var.h"
#include "kern/socket.h"

/* The t_flags a user sets (tcp_setopt), and the scripted tests' TF_NOOPT. */
#define TF_USER	(TF_NODELAY | TF_CORK | TF_NOOPT)

/* Returns 1 when tp was started anew (the socket connects again later), 0 when it is to close. */
int
tcp_anew(struct tcpcb *tp)
{
	struct socket *so = tp->t_socket;
	struct tcpcb was;

	if (so == NULL || so->so_head != NULL || (tp->t_flags & TF_PASSIVE) ||
	    (so->so_state & (SS_CLOSED | SS_HADCONN)) || !(so->so_state & SS_ISCONNECTING) ||
	    tp->t_state == TCPS_LISTEN)
		return 0;
	tcp_timers_cancel(tp);
	tcp_ackbatch_cancel(tp);
	tcp_reass_flush(tp);
	was = *tp;
	memset(tp, 0, sizeof(*tp));
	tp->t_next = was.t_next;
	tp->t_prevp = was.t_prevp;
	tp->t_socket = so;
	tp->t_host = was.t_host;
	tp->t_th = was.t_th;
	tp->t_inpcb = was.t_inpcb;
	tcp_initcb(tp);
	tp->t_flags = (tp->t_flags & ~TF_USER) | (was.t_flags & TF_USER);
	tp->t_usermss = was.t_usermss;
	tp->t_keepidle = was.t_keepidle;
	tp->t_keepintvl = was.t_keepintvl;
	tp->t_keepcnt = was.t_keepcnt;
	tp->t_usertimeout = was.t_usertimeout;
	tp->t_cc = was.t_cc;
	tp->t_deferaccept = was.t_deferaccept;
	in_pcbanew(tp->t_inpcb);
	soconnfailed(so);
	return 1;
}
