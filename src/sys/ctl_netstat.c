/*
 * CTL_NETSTAT: one line per socket of the system, for `uipc netstat`.
 * Fields, separated by single spaces (names never hold spaces here: an
 * unnamed UNIX socket is "(unnamed)", a missing name or figure "-"):
 *
 *	id host domain type state local peer recv-q send-q qlen rtt-us cwnd pid program
 *
 * A TCP socket's state is its connection's (RFC 9293's names), with its
 * smoothed round-trip time and congestion window from TCP_INFO while a
 * path is being measured (not for LISTEN, SYN_SENT or CLOSED); other
 * sockets say whether they are unbound, bound, listening, connecting,
 * connected or disconnected.  pid is the process that last asked uipcd
 * anything about the socket (at first, its maker: SO_PEERCRED of its
 * control connection; an accepted connection starts as its listener's);
 * a socket passed to another process (SCM_RIGHTS, or inherited across
 * fork) shows the new holder once that one makes a call that reaches
 * uipcd.  program is /proc/PID/comm, the last field, so it may hold
 * spaces; "-" when that process is gone.
 *
 * The list is sent in pages, from the newest socket to the oldest (the
 * stack's list is in decreasing id): the request names the id it stopped
 * before.  Sending every page at once overfilled the control connection
 * of a long list (thousands of TIME_WAIT), whose replies were dropped
 * (proc_reply does not wait), and the client waited for the last one for
 * ever; now a request gets only what the connection has room for.
 */
#include <ctype.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/un.h>
#include <linux/sockios.h>

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

		size_t n = sl > offsetof(struct sockaddr_un, sun_path) ?
		    sl - offsetof(struct sockaddr_un, sun_path) : 0, i;

		if (n > 0 && sun->sun_path[0] == '\0') {
			/* An abstract name, as ss(8) shows one: '@' for each NUL. */
			for (i = 0; i < n && i + 1 < len; i++)
				buf[i] = sun->sun_path[i] == '\0' ? '@' :
				    isgraph((unsigned char)sun->sun_path[i]) ? sun->sun_path[i] : '?';
			buf[i] = '\0';
			return;
		}
		snprintf(buf, len, "%s", n > 0 ? sun->sun_path : "(unnamed)");
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
		/* A listener, a closed socket and a SYN not yet answered have no
		 * path measured: no figures rather than meaningless ones. */
		if (ti.tcpi_state != 10 && ti.tcpi_state != 7 && ti.tcpi_state != 2) {
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
	return (so->so_state & SS_ISBOUND) ? "BOUND" : "UNBOUND";
}

/* /proc/PID/comm of pid, or "-"; the last answer is kept for the page (sockets come in runs). */
struct progcache {
	int pid;
	char name[64];
};

static const char *
progname(struct progcache *pc, int pid)
{
	char *name = pc->name, path[64];
	FILE *f;
	size_t n, i;

	if (pid == pc->pid)
		return name;
	pc->pid = pid;
	snprintf(name, sizeof(pc->name), "-");
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	if (pid <= 0 || (f = fopen(path, "re")) == NULL)
		return name;
	n = fread(name, 1, sizeof(pc->name) - 1, f);
	fclose(f);
	while (n > 0 && name[n - 1] == '\n')
		n--;
	name[n] = '\0';
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < ' ' || name[i] == 0x7f)
			name[i] = '?';
	if (n == 0)
		snprintf(name, sizeof(pc->name), "-");
	return name;
}

/*
 * Pages go out in batches, one batch per request: page after page while
 * the control connection holds less than NS_OUTQ bytes not yet read, at
 * most NS_BATCH pages.  The last page of a batch says so (val[2]); the
 * process then asks again from its cursor.  A batch never overfills the
 * connection (its send buffer is some 200 KiB), so no page is dropped, and
 * a long list costs a round trip per batch, not per page.
 */
#define NS_BATCH	32
#define NS_OUTQ		(64 * 1024)

void
ctl_netstat(struct proc *p, const struct ctl_req *rq)
{
	char out[CTL_MAXDATA], line[512], local[128], peer[128];
	uint64_t before = (uint64_t)(uint32_t)rq->cr_arg[0] | (uint64_t)(uint32_t)rq->cr_arg[1] << 32;
	int32_t val[4] = { 0 };
	struct progcache pc = { .pid = -1 };
	struct socket *so;
	const char *state;
	size_t used;
	long rtt, cwnd;
	int n, more, pages, outq, last;

	for (so = p->p_d->d_stack->st_sockets; so != NULL && before != 0 && so->so_id >= before;
	    so = so->so_allnext)
		;
	for (pages = 1;; pages++) {
		used = 0;
		more = 0;
		for (; so != NULL; so = so->so_allnext) {
			fmtname(local, sizeof(local), so, 0);
			fmtname(peer, sizeof(peer), so, 1);
			state = statename(so, &rtt, &cwnd);
			n = snprintf(line, sizeof(line), "%llu %s %s %s %s %s %s %u %u %d %ld %ld %d %s\n",
			    (unsigned long long)so->so_id, so->so_host->h_name,
			    so->so_proto->pr_domain == AF_UNIX ? "unix" : "inet",
			    so->so_proto->pr_domain == AF_INET && so->so_protocol == IPPROTO_UDPLITE ?
			    "udplite" : typename(so->so_type), state, local, peer,
			    so->so_rcv.sb_cc, so->so_snd.sb_cc, so->so_qlen, rtt, cwnd,
			    so->so_pid, progname(&pc, so->so_pid));
			if (n < 0 || (size_t)n >= sizeof(line))
				continue;
			if (used + (size_t)n > sizeof(out)) {
				more = 1;	/* this socket starts the next page */
				break;
			}
			memcpy(out + used, line, (size_t)n);
			used += (size_t)n;
			before = so->so_id;
		}
		last = !more || pages == NS_BATCH ||
		    ioctl(p->p_fd, SIOCOUTQ, &outq) < 0 || outq > NS_OUTQ;
		val[0] = (int32_t)(uint32_t)before;
		val[1] = (int32_t)(uint32_t)(before >> 32);
		val[2] = last;
		proc_reply(p, CTL_NETSTAT, rq->cr_seq, 0, val, out, used, more);
		if (last)
			break;
	}
}
