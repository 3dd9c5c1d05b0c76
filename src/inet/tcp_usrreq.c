/*
 * TCP's user requests (4.4BSD netinet/tcp_usrreq.c; OpenBSD's typed
 * pr_usrreqs, one small function per request), its socket options
 * (IPPROTO_TCP level: TCP_NODELAY, TCP_CORK, TCP_MAXSEG, TCP_KEEPIDLE, TCP_KEEPINTVL,
 * TCP_KEEPCNT, TCP_CONGESTION, TCP_INFO, TCP_QUICKACK (tcp_quickack.c),
 * TCP_USER_TIMEOUT (RFC 5482; tcp_timer.c), TCP_DEFER_ACCEPT
 * (tcp_defer_accept.c); IPPROTO_IP and SO_BINDTODEVICE in in_pcb.c) and
 * the close path with SO_LINGER.
 *
 * connect returns EINPROGRESS: completion comes later through
 * soisconnected, failure through so_error and soisdisconnected, and the
 * environment waits for SO_EV_STATE (DESIGN.md, "Blocking").
 */
#include <errno.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>

#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/ip_var.h"
#include "inet/tcp_var.h"
#include "kern/host.h"
#include "kern/socket.h"
#include "kern/sockopt_val.h"
#include "net/if_var.h"
#include "inet/in_pcb.h"

static int
tcp_attach_req(struct socket *so, int proto)
{
	if (tcp_newtcpcb(so) == NULL)
		return ENOBUFS;
	return 0;
}

/*
 * The user's side closed (close or shutdown for writing): the state moves
 * toward sending our FIN (RFC 9293 §3.10.4 CLOSE).  SYN states defer the
 * FIN until established.
 */
void
tcp_usrclosed(struct tcpcb *tp)
{
	switch (tp->t_state) {
	case TCPS_SYN_SENT:
	case TCPS_SYN_RECEIVED:
		tp->t_flags |= TF_NEEDFIN;
		break;
	case TCPS_ESTABLISHED:
		tcp_state(tp, TCPS_FIN_WAIT_1);
		break;
	case TCPS_CLOSE_WAIT:
		tcp_state(tp, TCPS_LAST_ACK);
		break;
	}
}

/*
 * soclose: the user let go.  A listener or an unsynchronized connection
 * ends at once; SO_LINGER with a zero time, or unread data (RFC 2525
 * §2.17, as Linux does), reset the connection; otherwise the data and the
 * FIN go out in the background, bounded by the linger time or
 * TCP_ORPHAN_NS, and the socket is freed when the connection ends.
 */
static void
tcp_detach_req(struct socket *so)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp == NULL)
		return;
	if (tp->t_state < TCPS_SYN_RECEIVED ||
	    ((so->so_options & SOO_LINGER) && so->so_linger == 0) ||
	    so->so_rcv.sb_cc > 0 || (so->so_state & (SS_ABORTED | SS_LEFTUNREAD))) {
		/* Linux resets a connection closed unaccepted or with data unread. */
		/* The socket layer frees the socket itself after this. */
		tp->t_socket = NULL;
		tp->t_inpcb->inp_socket = NULL;
		so->so_pcb = NULL;
		if (tp->t_state < TCPS_SYN_RECEIVED)
			tcp_close(tp);
		else
			tcp_drop(tp, 0);
		return;
	}
	tcp_usrclosed(tp);
	tcp_output(tp);
	if (so->so_pcb != NULL && tp->t_state != TCPS_TIME_WAIT)
		tcp_linger_arm(tp, (so->so_options & SOO_LINGER) ?
		    (uint64_t)so->so_linger * NS_PER_SEC : tp->t_th->th_orphan);
}

/* bind: primer §5.4's rules, in in_pcbbind. */
static int
tcp_bind_req(struct socket *so, const struct so_addr *nam, const struct ucred *cr)
{
	struct tcpcb *tp = sototcpcb(so);
	int error;

	if (tp == NULL)
		return EINVAL;
	if ((error = in_pcbbind(tp->t_inpcb, nam->sa, nam->len, cr)) != 0)
		return error;
	so->so_state |= SS_ISBOUND;
	return 0;
}

static int
tcp_listen_req(struct socket *so, int backlog, const struct ucred *cr)
{
	struct tcpcb *tp = sototcpcb(so);
	int error;

	if (tp == NULL)
		return EINVAL;
	if (tp->t_state != TCPS_CLOSED && tp->t_state != TCPS_LISTEN)
		return EINVAL;
	if (tp->t_inpcb->inp_lport == 0 &&
	    (error = in_pcbbind(tp->t_inpcb, NULL, 0, cr)) != 0)
		return error;
	tcp_state(tp, TCPS_LISTEN);
	return 0;
}

/*
 * connect: in_pcbconnect chooses the local address from the route (RFC
 * 1122 §3.3.4.3) and an ephemeral port if unbound; then the SYN goes out
 * and the answer is EINPROGRESS.  ENETUNREACH or EHOSTUNREACH at once
 * when there is no route; EADDRINUSE when the four-tuple exists; a
 * broadcast or multicast peer is no TCP peer (RFC 1122 §4.2.3.10).
 */
static int
tcp_connect_req(struct socket *so, const struct so_addr *nam, const struct ucred *cr)
{
	struct tcpcb *tp = sototcpcb(so);
	struct host *h = so->so_host;
	uint32_t faddr;
	uint16_t fport;
	int error;

	if (tp == NULL)
		return so->so_error ? sogeterror(so) : EINVAL;
	if (tp->t_state != TCPS_CLOSED)
		return EISCONN;
	if ((error = in_pcbdst(h, nam->sa, nam->len, &faddr, &fport)) != 0)
		return error;
	if (faddr == IN_BROADCAST || IN_ISCLASSD(faddr) ||
	    ifa_ifwithbroad(h, faddr) != NULL)
		return ENETUNREACH;
	if ((error = in_pcbconnect(tp->t_inpcb, nam->sa, nam->len, cr)) != 0)
		return error;
	tcp_syn_prepare(tp);
	tp->t_th->th_stat.tcps_connattempt++;
	tcp_state(tp, TCPS_SYN_SENT);
	soisconnecting(so);
	timer_add_in(h->h_stack->st_timers, &tp->t_keep, TCP_KEEPINIT);
	tcp_output(tp);
	return EINPROGRESS;
}

static void
tcp_fill_sin(struct sockaddr *nam, socklen_t *len, uint32_t addr, uint16_t port)
{
	struct sockaddr_in sin;
	socklen_t n = *len < sizeof(sin) ? *len : sizeof(sin);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	sin.sin_port = htons(port);
	memcpy(nam, &sin, n);
	*len = sizeof(sin);
}

static int
tcp_peeraddr_req(struct socket *so, struct sockaddr *nam, socklen_t *len)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp == NULL)
		return ENOTCONN;
	return in_setpeeraddr(tp->t_inpcb, nam, len);
}

static int
tcp_accept_req(struct socket *so, struct sockaddr *nam, socklen_t *len)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp == NULL) {
		/* Reset before accept: the peer's name is gone (BSD answers so too). */
		tcp_fill_sin(nam, len, 0, 0);
		return 0;
	}
	return tcp_peeraddr_req(so, nam, len);
}

static int
tcp_sockaddr_req(struct socket *so, struct sockaddr *nam, socklen_t *len)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp == NULL) {
		tcp_fill_sin(nam, len, 0, 0);
		return 0;
	}
	return in_setsockaddr(tp->t_inpcb, nam, len);
}

static int
tcp_disconnect_req(struct socket *so)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp == NULL)
		return ENOTCONN;
	soisdisconnecting(so);
	tcp_usrclosed(tp);
	return tcp_output(tp);
}

/*
 * shutdown(SHUT_RD): a listener stops listening (Linux's inet_shutdown
 * disconnects it; soshutdown reset its queue), so SYNs to its port are
 * answered with RST; it stays bound and may listen again.  A connection's
 * reading half needs nothing of TCP.
 */
static void
tcp_rcvshutdown_req(struct socket *so)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp != NULL && tp->t_state == TCPS_LISTEN)
		tcp_state(tp, TCPS_CLOSED);
}

/* shutdown(SHUT_WR): a FIN after the data; reading goes on (half-close). */
static int
tcp_shutdown_req(struct socket *so)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp == NULL)
		return 0;
	tcp_usrclosed(tp);
	return tcp_output(tp);
}

/* The user read: perhaps a window update (RFC 9293 §3.8.6.2.2). */
static void
tcp_rcvd_req(struct socket *so)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp != NULL && TCPS_HAVEESTABLISHED(tp->t_state)) {
		tcp_autotune_rcvd(tp);
		tcp_output(tp);
	}
}

static struct sockbuf *
tcp_sendbuf_req(struct socket *so, int *error)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp == NULL) {
		*error = so->so_error ? sogeterror(so) : EPIPE;
		return NULL;
	}
	if (!TCPS_HAVEESTABLISHED(tp->t_state)) {
		*error = tp->t_state == TCPS_CLOSED ? ENOTCONN : EWOULDBLOCK;
		return NULL;
	}
	return &so->so_snd;
}

/*
 * n bytes were appended to so_snd.  With oob, the last is urgent: the
 * urgent pointer goes just past it (RFC 6093, BSD).
 */
static int
tcp_send_req(struct socket *so, size_t n, int oob, struct so_control *ctl)
{
	struct tcpcb *tp = sototcpcb(so);

	so_control_free(ctl);
	if (tp == NULL)
		return EPIPE;
	if (oob && n > 0)
		tp->snd_up = tp->snd_una + so->so_snd.sb_cc;
	return tcp_output(tp);
}

/* Linux's TCP states for TCP_INFO's tcpi_state. */
static uint8_t
tcp_linux_state(int s)
{
	static const uint8_t map[TCP_NSTATES] = {
		[TCPS_CLOSED] = 7, [TCPS_LISTEN] = 10, [TCPS_SYN_SENT] = 2,
		[TCPS_SYN_RECEIVED] = 3, [TCPS_ESTABLISHED] = 1,
		[TCPS_CLOSE_WAIT] = 8, [TCPS_FIN_WAIT_1] = 4, [TCPS_CLOSING] = 11,
		[TCPS_LAST_ACK] = 9, [TCPS_FIN_WAIT_2] = 5, [TCPS_TIME_WAIT] = 6,
	};
	return map[s];
}

/* TCP_INFO: struct tcp_info as <netinet/tcp.h> has it, the fields we keep. */
static void
tcp_getinfo(struct tcpcb *tp, struct tcp_info *ti)
{
	uint64_t now = tcp_now(tp);
	uint32_t mss = tp->t_maxseg;

	memset(ti, 0, sizeof(*ti));
	ti->tcpi_state = tcp_linux_state(tp->t_state);
	ti->tcpi_ca_state = (tp->t_flags & TF_FASTRECOVERY) ? 3 : 0;
	ti->tcpi_retransmits = (uint8_t)tp->t_rxtshift;
	ti->tcpi_backoff = (uint8_t)tp->t_rxtshift;
	ti->tcpi_probes = (uint8_t)tp->t_keepprobes;
	if (tp->t_flags & TF_RCVD_TSTMP)
		ti->tcpi_options |= TCPI_OPT_TIMESTAMPS;
	if (tp->t_flags & TF_SACK_PERMIT)
		ti->tcpi_options |= TCPI_OPT_SACK;
	if (tp->t_flags & TF_RCVD_SCALE) {
		ti->tcpi_options |= TCPI_OPT_WSCALE;
		ti->tcpi_snd_wscale = tp->snd_scale & 0xf;
		ti->tcpi_rcv_wscale = tp->rcv_scale & 0xf;
	}
	ti->tcpi_rto = (uint32_t)(tcp_rto(tp) / NS_PER_US);
	ti->tcpi_snd_mss = mss;
	ti->tcpi_rcv_mss = tp->t_ourmss;
	ti->tcpi_advmss = tp->t_ourmss;
	ti->tcpi_unacked = (tcp_flight(tp) + mss - 1) / mss;
	ti->tcpi_sacked = (tcp_sack_bytes(tp) + mss - 1) / mss;
	ti->tcpi_last_data_sent = (uint32_t)((now - tp->t_info.ci_last_snd) / NS_PER_MS);
	ti->tcpi_last_data_recv = (uint32_t)((now - tp->t_info.ci_last_rcv) / NS_PER_MS);
	ti->tcpi_last_ack_recv = (uint32_t)((now - tp->t_rcvtime) / NS_PER_MS);
	ti->tcpi_rtt = (uint32_t)(tp->t_srtt / (int64_t)NS_PER_US);
	ti->tcpi_rttvar = (uint32_t)(tp->t_rttvar / (int64_t)NS_PER_US);
	ti->tcpi_snd_ssthresh = tp->snd_ssthresh / mss;
	ti->tcpi_snd_cwnd = tp->snd_cwnd / mss;
	ti->tcpi_rcv_space = tp->t_socket ? (uint32_t)sbspace(&tp->t_socket->so_rcv) : 0;
	ti->tcpi_total_retrans = (uint32_t)tp->t_info.ci_total_rexmits;
}

static int
tcp_setopt(struct tcpcb *tp, int name, const void *val, socklen_t len)
{
	char cname[TCP_CA_NAME_MAX];
	const struct tcp_cc_algo *cc;
	int v, error;

	if (name == TCP_CONGESTION) {
		if (val == NULL || len == 0)
			return EINVAL;
		memset(cname, 0, sizeof(cname));
		memcpy(cname, val, len < sizeof(cname) - 1 ? len : sizeof(cname) - 1);
		if ((cc = tcp_cc_find(cname)) == NULL)
			return ENOENT;		/* Linux's answer */
		if (cc != tp->t_cc) {
			tp->t_cc = cc;
			if (tp->t_cc == &tcp_cc_cubic) {
				tp->t_cubic.cu_wmax = 0;
				tp->t_cubic.cu_epoch = 0;
			}
		}
		return 0;
	}
	if ((error = sockopt_in_int(val, len, &v)) != 0)
		return error;
	switch (name) {
	case TCP_NODELAY:
		if (v)
			tp->t_flags |= TF_NODELAY;
		else
			tp->t_flags &= ~TF_NODELAY;
		if (v)
			tcp_output(tp);
		return 0;
	case TCP_CORK:
		if (v)
			tp->t_flags |= TF_CORK;
		else {
			/* tcp(7): "All queued partial frames are sent when the
			 * option is cleared again." */
			tp->t_flags &= ~TF_CORK;
			timer_cancel(tp->t_host->h_stack->st_timers, &tp->t_cork);
			tcp_output(tp);
		}
		return 0;
	case TCP_MAXSEG:
		if (v < 88 || v > 65535)
			return EINVAL;
		tp->t_usermss = (uint16_t)v;
		return 0;
	case TCP_KEEPIDLE:
	case TCP_KEEPINTVL:
		if (v < 1 || v > 32767)
			return EINVAL;
		if (name == TCP_KEEPIDLE) {
			tp->t_keepidle = v;
			if (TCPS_HAVEESTABLISHED(tp->t_state) && tp->t_keepprobes == 0)
				tcp_keep_arm(tp);
		} else
			tp->t_keepintvl = v;
		return 0;
	case TCP_KEEPCNT:
		if (v < 1 || v > 127)
			return EINVAL;
		tp->t_keepcnt = v;
		return 0;
	case TCP_QUICKACK:
		tcp_quickack_set(tp, v != 0);
		return 0;
	case TCP_USER_TIMEOUT:
		/* RFC 5482; milliseconds, as Linux takes them; 0: the default. */
		if (v < 0)
			return EINVAL;
		tp->t_usertimeout = (uint64_t)v * NS_PER_MS;
		return 0;
	case TCP_DEFER_ACCEPT:
		return tcp_defer_accept_set(tp, v);
	default:
		return ENOPROTOOPT;
	}
}

static int
tcp_getopt(struct tcpcb *tp, int name, void *val, socklen_t *len)
{
	struct tcp_info ti;

	switch (name) {
	case TCP_NODELAY:
		return sockopt_out_int(val, len, (tp->t_flags & TF_NODELAY) != 0);
	case TCP_CORK:
		return sockopt_out_int(val, len, (tp->t_flags & TF_CORK) != 0);
	case TCP_MAXSEG:
		return sockopt_out_int(val, len, TCPS_HAVEESTABLISHED(tp->t_state) ?
		    tp->t_maxseg : (tp->t_usermss ? tp->t_usermss : TCP_DEFMSS));
	case TCP_KEEPIDLE:
		return sockopt_out_int(val, len, tp->t_keepidle);
	case TCP_KEEPINTVL:
		return sockopt_out_int(val, len, tp->t_keepintvl);
	case TCP_KEEPCNT:
		return sockopt_out_int(val, len, tp->t_keepcnt);
	case TCP_QUICKACK:
		return sockopt_out_int(val, len, !(tp->t_flags & TF_PINGPONG));
	case TCP_USER_TIMEOUT:
		return sockopt_out_int(val, len, (int)(tp->t_usertimeout / NS_PER_MS));
	case TCP_DEFER_ACCEPT:
		return sockopt_out_int(val, len, tcp_defer_accept_get(tp));
	case TCP_INFO:
		tcp_getinfo(tp, &ti);
		return sockopt_out(val, len, &ti, sizeof(ti));
	case TCP_CONGESTION:
		return sockopt_out(val, len, tp->t_cc->cc_name, strlen(tp->t_cc->cc_name) + 1);
	default:
		return ENOPROTOOPT;
	}
}

static int
tcp_ctloutput_req(struct socket *so, int set, int level, int name, void *val,
    socklen_t *len)
{
	struct tcpcb *tp = sototcpcb(so);

	if (tp == NULL)
		return level == IPPROTO_TCP || level == IPPROTO_IP ? ECONNRESET : ENOPROTOOPT;
	if (level == IPPROTO_IP || level == SOL_SOCKET)
		return in_pcbctloutput(tp->t_inpcb, set, level, name, val, len);
	if (level != IPPROTO_TCP)
		return ENOPROTOOPT;
	return set ? tcp_setopt(tp, name, val, *len) : tcp_getopt(tp, name, val, len);
}

const struct pr_usrreqs tcp_usrreqs = {
	.pru_attach = tcp_attach_req,
	.pru_detach = tcp_detach_req,
	.pru_bind = tcp_bind_req,
	.pru_listen = tcp_listen_req,
	.pru_connect = tcp_connect_req,
	.pru_accept = tcp_accept_req,
	.pru_disconnect = tcp_disconnect_req,
	.pru_shutdown = tcp_shutdown_req,
	.pru_rcvshutdown = tcp_rcvshutdown_req,
	.pru_rcvd = tcp_rcvd_req,
	.pru_sendbuf = tcp_sendbuf_req,
	.pru_send = tcp_send_req,
	.pru_sockaddr = tcp_sockaddr_req,
	.pru_peeraddr = tcp_peeraddr_req,
	.pru_ctloutput = tcp_ctloutput_req,
};
