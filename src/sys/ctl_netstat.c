/*
 * CTL_NETSTAT: one line per socket of the system, for `uipc netstat`.
 * Fields, separated by single spaces (names never hold spaces here: an
 * unnamed UNIX socket is "(unnamed)", a missing name "-"):
 *
 *	id host domain type state local peer recv-q send-q qlen rtt-us cwnd
 *
 * A TCP socket's state is its connection's (RFC 9293's names), with its
 * smoothed round-trip time and congestion window from TCP_INFO; other
 * sockets say whether they are bound, listening or connected.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>

#include "sys/uipcd.h"

static const char *
typename(int type)
{
	switch (type) {
	case SOCK_STREAM: return "stream";
	case SOCK_DGRAM: return "dgram";
	case SOCK_SEQPACKET: return "seqpacket";
	case SOCK_RAW: return "raw";
	default: return "?";
	}
}

static void
fmtname(char *buf, size_t len, struct socket *so, int peer)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char a[INET_ADDRSTRLEN];

	memset(&ss, 0, sizeof(ss));
	if (sogetname(so, peer, (struct sockaddr *)&ss, &sl) != 0) {
		snprintf(buf, len, "-");
		return;
	}
	if (ss.ss_family == AF_UNIX) {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;

		snprintf(buf, len, "%s", sl > offsetof(struct sockaddr_un, sun_path) &&
		    sun->sun_path[0] ? sun->sun_path : "(unnamed)");
		return;
	}
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a));
		snprintf(buf, len, "%s:%u", sin->sin_addr.s_addr == INADDR_ANY ? "*" : a,
		    ntohs(sin->sin_port));
		return;
	}
	snprintf(buf, len, "?");
}

/* Linux's TCP state numbers, as TCP_INFO gives them. */
static const char *const tcpstate[] = {
	"?", "ESTABLISHED", "SYN_SENT", "SYN_RCVD", "FIN_WAIT_1", "FIN_WAIT_2",
	"TIME_WAIT", "CLOSED", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
};

static const char *
statename(struct socket *so, long *rtt, long *cwnd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	*rtt = *cwnd = -1;
	if (so->so_proto->pr_domain == AF_INET && so->so_type == SOCK_STREAM && so->so_pcb != NULL &&
	    sogetopt(so, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 && ti.tcpi_state <= 11) {
		if (ti.tcpi_state != 10) {	/* a listener has no path to measure */
			*rtt = (long)ti.tcpi_rtt;
			*cwnd = (long)ti.tcpi_snd_cwnd;
		}
		return tcpstate[ti.tcpi_state];
	}
	if (so->so_options & SOO_ACCEPTCONN)
		return "LISTEN";
	if (so->so_state & SS_ISCONNECTED)
		return (so->so_state & SS_CANTSENDMORE) ? "CONNECTED/SHUT" : "CONNECTED";
	if (so->so_state & SS_ISCONNECTING)
		return "CONNECTING";
	if (so->so_state & SS_HADCONN)
		return "DISCONNECTED";
	return (so->so_state & SS_ISBOUND) ? "BOUND" : "-";
}

void
ctl_netstat(struct proc *p, const struct ctl_req *rq)
{
	char out[CTL_MAXDATA], line[512], local[128], peer[128];
	struct socket *so;
	const char *state;
	size_t used = 0;
	long rtt, cwnd;
	int n;

	for (so = p->p_d->d_stack->st_sockets; so != NULL; so = so->so_allnext) {
		fmtname(local, sizeof(local), so, 0);
		fmtname(peer, sizeof(peer), so, 1);
		state = statename(so, &rtt, &cwnd);
		n = snprintf(line, sizeof(line), "%llu %s %s %s %s %s %s %u %u %d %ld %ld\n",
		    (unsigned long long)so->so_id, so->so_host->h_name,
		    so->so_proto->pr_domain == AF_UNIX ? "unix" : "inet",
		    typename(so->so_type), state, local, peer,
		    so->so_rcv.sb_cc, so->so_snd.sb_cc, so->so_qlen, rtt, cwnd);
		if (n < 0 || (size_t)n >= sizeof(line))
			continue;
		if (used + (size_t)n > sizeof(out)) {
			proc_reply(p, CTL_NETSTAT, rq->cr_seq, 0, NULL, out, used, 1);
			used = 0;
		}
		memcpy(out + used, line, (size_t)n);
		used += (size_t)n;
	}
	proc_reply(p, CTL_NETSTAT, rq->cr_seq, 0, NULL, out, used, 0);
}
