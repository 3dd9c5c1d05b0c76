/*
 * sockopts_like_kernel: the socket options real programs set on Internet sockets,
 * each set, read back and, where it shows, seen taking effect, with the
 * answers of Linux (tcp(7), ip(7), socket(7)); the same binary runs on the
 * kernel and on uipc.  Loopback only.
 *
 *   TCP: TCP_CORK, TCP_NODELAY, TCP_QUICKACK, TCP_USER_TIMEOUT,
 *        TCP_DEFER_ACCEPT (read back on Linux's schedule; accept waits for
 *        data), TCP_KEEPIDLE/INTVL/CNT, IP_TOS (ECN bits kept), IP_TTL
 *   IP:  IP_TTL (default 64, 0 refused, -1 the default), IP_TOS; a received
 *        datagram's TTL and TOS (IP_RECVTTL, IP_RECVTOS), its addresses and
 *        interface (IP_PKTINFO); IP_PKTINFO choosing a send's source;
 *        MSG_CTRUNC for a control buffer too small
 *   SOL_SOCKET: SO_TIMESTAMP and SO_TIMESTAMPNS (stamps near the wall
 *        clock, not decreasing), SO_PRIORITY (and IP_TOS setting it),
 *        SO_BINDTODEVICE (an interface by name,
 *        ENODEV for none such, the empty name unbinds)
 *   lengths: a short value set is EINVAL; a short buffer gets the value
 *        cut (IP options: one byte)
 *   TCP_USER_TIMEOUT: a connection whose peer stopped (SIGSTOP) reading
 *        ends with ETIMEDOUT once its window stayed closed that long
 */
#include "tap.h"
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>

static int
geti(int s, int level, int name)
{
	int v = -12345;
	socklen_t len = sizeof(v);

	if (getsockopt(s, level, name, &v, &len) == -1)
		return -errno - 100000;
	if (len != sizeof(int))
		return -54321;
	return v;
}

static int
seti(int s, int level, int name, int v)
{
	return setsockopt(s, level, name, &v, sizeof(v));
}

#define ROUNDTRIP(s, level, name, set, want) do {					\
	check_ok(seti(s, level, name, set), #name " set to %d", set);			\
	check_eq(geti(s, level, name), want, #name " reads back %d", want);		\
} while (0)

static struct sockaddr_in
lo_addr(int port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(port);
	return sin;
}

/* A TCP listener on the loopback address, its address in *sin. */
static int
tcp_listener(struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	int l = SYS(socket(AF_INET, SOCK_STREAM, 0));

	*sin = lo_addr(0);
	SYS(bind(l, (struct sockaddr *)sin, sizeof(*sin)));
	SYS(listen(l, 8));
	SYS(getsockname(l, (struct sockaddr *)sin, &len));
	return l;
}

static void
t_tcp(void)
{
	int s = SYS(socket(AF_INET, SOCK_STREAM, 0));

	ROUNDTRIP(s, IPPROTO_TCP, TCP_CORK, 1, 1);
	ROUNDTRIP(s, IPPROTO_TCP, TCP_CORK, 0, 0);
	ROUNDTRIP(s, IPPROTO_TCP, TCP_NODELAY, 1, 1);
	check_eq(geti(s, IPPROTO_TCP, TCP_QUICKACK), 1, "TCP_QUICKACK is 1 on a new socket");
	ROUNDTRIP(s, IPPROTO_TCP, TCP_QUICKACK, 0, 0);
	ROUNDTRIP(s, IPPROTO_TCP, TCP_QUICKACK, 1, 1);
	check_eq(geti(s, IPPROTO_TCP, TCP_USER_TIMEOUT), 0, "TCP_USER_TIMEOUT is 0 on a new socket");
	ROUNDTRIP(s, IPPROTO_TCP, TCP_USER_TIMEOUT, 1500, 1500);
	check_errno(seti(s, IPPROTO_TCP, TCP_USER_TIMEOUT, -1), EINVAL, "TCP_USER_TIMEOUT -1: EINVAL");
	ROUNDTRIP(s, IPPROTO_TCP, TCP_DEFER_ACCEPT, 1, 1);
	/* Linux keeps it as SYN,ACK resends: 5 s reads back as 1 + 2 + 4. */
	ROUNDTRIP(s, IPPROTO_TCP, TCP_DEFER_ACCEPT, 5, 7);
	ROUNDTRIP(s, IPPROTO_TCP, TCP_DEFER_ACCEPT, 0, 0);
	ROUNDTRIP(s, IPPROTO_TCP, TCP_KEEPIDLE, 30, 30);
	ROUNDTRIP(s, IPPROTO_TCP, TCP_KEEPINTVL, 5, 5);
	ROUNDTRIP(s, IPPROTO_TCP, TCP_KEEPCNT, 4, 4);
	ROUNDTRIP(s, IPPROTO_IP, IP_TOS, 0x10, 0x10);
	/* A TCP socket's ECN bits are TCP's (RFC 3168): the low two not taken. */
	ROUNDTRIP(s, IPPROTO_IP, IP_TOS, 0x2b, 0x28);
	check_eq(geti(s, IPPROTO_IP, IP_TTL), 64, "IP_TTL of a TCP socket is 64 by default");
	ROUNDTRIP(s, IPPROTO_IP, IP_TTL, 17, 17);
	close(s);
}

static void
t_lengths(void)
{
	int s = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	int t = SYS(socket(AF_INET, SOCK_STREAM, 0));
	unsigned char c = 0;
	short sh = 1;
	socklen_t len;

	check_errno(setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &sh, sizeof(sh)), EINVAL,
	    "setsockopt(TCP_NODELAY) with a 2-byte value: EINVAL");
	check_errno(setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, &sh, sizeof(sh)), EINVAL,
	    "setsockopt(SO_TIMESTAMP) with a 2-byte value: EINVAL");
	len = 1;
	check_ok(getsockopt(s, SOL_SOCKET, SO_TYPE, &c, &len), "getsockopt(SO_TYPE) into 1 byte");
	check(len == 1 && c == SOCK_DGRAM, "... gives that byte of the value (len %u, %u)", (unsigned)len, c);
	c = 40;
	check_ok(setsockopt(s, IPPROTO_IP, IP_TTL, &c, 1), "setsockopt(IP_TTL) with a 1-byte value");
	check_eq(geti(s, IPPROTO_IP, IP_TTL), 40, "... sets it (40)");
	len = 1;
	c = 0;
	check_ok(getsockopt(s, IPPROTO_IP, IP_TTL, &c, &len), "getsockopt(IP_TTL) into 1 byte");
	check(len == 1 && c == 40, "... gives it as one byte (len %u, %u)", (unsigned)len, c);
	close(s);
	close(t);
}

/* The interface index's name, and whether it is the loopback interface. */
static int
is_loopback(int s, unsigned idx, char *name)
{
	struct ifreq ifr;

	if (if_indextoname(idx, name) == NULL)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	return ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags & IFF_LOOPBACK);
}

struct got {
	int n, ttl, tos, trunc, has_tv, has_ts, has_pi;
	struct in_pktinfo pi;
	struct timeval tv;
	struct timespec ts;
	struct sockaddr_in from;
};

/* One datagram, and what came with it. */
static void
recv_one(int s, struct got *g, size_t cbsize)
{
	union { struct cmsghdr a; char b[512]; } cb;
	char data[64];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m;
	struct cmsghdr *c;
	struct pollfd pfd = { s, POLLIN, 0 };

	memset(g, 0, sizeof(*g));
	g->ttl = g->tos = -1;
	memset(&m, 0, sizeof(m));
	m.msg_name = &g->from;
	m.msg_namelen = sizeof(g->from);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cb.b;
	m.msg_controllen = cbsize;
	if (poll(&pfd, 1, 10000) != 1 || (g->n = (int)recvmsg(s, &m, MSG_DONTWAIT)) < 0) {
		g->n = -1;
		return;
	}
	g->trunc = (m.msg_flags & MSG_CTRUNC) != 0;
	for (c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL)
			memcpy(&g->ttl, CMSG_DATA(c), sizeof(int));
		else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TOS)
			g->tos = *(unsigned char *)CMSG_DATA(c);
		else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			memcpy(&g->pi, CMSG_DATA(c), sizeof(g->pi));
			g->has_pi = 1;
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMP) {
			memcpy(&g->tv, CMSG_DATA(c), sizeof(g->tv));
			g->has_tv = 1;
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
			memcpy(&g->ts, CMSG_DATA(c), sizeof(g->ts));
			g->has_ts = 1;
		}
	}
}

static void
t_udp(void)
{
	int r = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	int w = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	struct sockaddr_in to = lo_addr(0);
	socklen_t len = sizeof(to);
	struct timeval now1, now2;
	struct got g, g2;
	char ifname[IF_NAMESIZE + 1] = "", bound[IF_NAMESIZE + 1];
	double t1, t2;
	union { struct cmsghdr a; char b[CMSG_SPACE(sizeof(struct in_pktinfo))]; } cb;
	struct in_pktinfo pi;
	struct iovec iov = { "pktinfo", 7 };
	struct msghdr m;
	struct cmsghdr *c;

	SYS(bind(r, (struct sockaddr *)&to, sizeof(to)));
	SYS(getsockname(r, (struct sockaddr *)&to, &len));
	check_eq(geti(w, IPPROTO_IP, IP_TTL), 64, "IP_TTL is 64 by default, as Linux's");
	check_errno(seti(w, IPPROTO_IP, IP_TTL, 0), EINVAL, "IP_TTL 0: EINVAL");
	check_errno(seti(w, IPPROTO_IP, IP_TTL, 256), EINVAL, "IP_TTL 256: EINVAL");
	ROUNDTRIP(w, IPPROTO_IP, IP_TTL, 33, 33);
	ROUNDTRIP(w, IPPROTO_IP, IP_TOS, 0x29, 0x29);
	ROUNDTRIP(r, IPPROTO_IP, IP_PKTINFO, 1, 1);
	ROUNDTRIP(r, IPPROTO_IP, IP_RECVTOS, 1, 1);
	ROUNDTRIP(r, IPPROTO_IP, IP_RECVTTL, 1, 1);
	ROUNDTRIP(r, SOL_SOCKET, SO_TIMESTAMP, 1, 1);

	gettimeofday(&now1, NULL);
	SYS(sendto(w, "one", 3, 0, (struct sockaddr *)&to, sizeof(to)));
	recv_one(r, &g, 512);
	gettimeofday(&now2, NULL);
	check_eq(g.n, 3, "the datagram arrived");
	check_eq(g.ttl, 33, "IP_RECVTTL: it came with the sender's IP_TTL");
	check_eq(g.tos, 0x29, "IP_RECVTOS: it came with the sender's IP_TOS");
	check(g.has_pi, "IP_PKTINFO: it came with its addresses");
	check_eq(ntohl(g.pi.ipi_addr.s_addr), INADDR_LOOPBACK, "... ipi_addr is the header's destination, 127.0.0.1");
	check_eq(ntohl(g.pi.ipi_spec_dst.s_addr), INADDR_LOOPBACK, "... ipi_spec_dst is the local address, 127.0.0.1");
	check(g.pi.ipi_ifindex > 0 && is_loopback(r, (unsigned)g.pi.ipi_ifindex, ifname),
	    "... ipi_ifindex (%d) is the loopback interface (%s)", g.pi.ipi_ifindex, ifname);
	check(g.has_tv, "SO_TIMESTAMP: it came with an SCM_TIMESTAMP");
	t1 = g.tv.tv_sec + g.tv.tv_usec / 1e6;
	check(t1 >= now1.tv_sec + now1.tv_usec / 1e6 - 1 && t1 <= now2.tv_sec + now2.tv_usec / 1e6 + 1,
	    "... stamped between the send and the receive by the wall clock");
	check(!g.trunc, "no MSG_CTRUNC with room for all of it");

	ROUNDTRIP(r, SOL_SOCKET, SO_TIMESTAMPNS, 1, 1);
	check_eq(geti(r, SOL_SOCKET, SO_TIMESTAMP), 0, "SO_TIMESTAMP reads 0 once SO_TIMESTAMPNS is on");
	SYS(sendto(w, "two", 3, 0, (struct sockaddr *)&to, sizeof(to)));
	recv_one(r, &g2, 512);
	check(g2.has_ts && !g2.has_tv, "SO_TIMESTAMPNS: an SCM_TIMESTAMPNS instead");
	t2 = g2.ts.tv_sec + g2.ts.tv_nsec / 1e9;
	check(t2 >= t1 - 1e-6, "... not before the first datagram's stamp");
	ROUNDTRIP(r, SOL_SOCKET, SO_TIMESTAMPNS, 0, 0);

	SYS(sendto(w, "three", 5, 0, (struct sockaddr *)&to, sizeof(to)));
	recv_one(r, &g, CMSG_SPACE(sizeof(int)));
	check(g.n == 5 && g.trunc, "a control buffer too small: MSG_CTRUNC");

	/* IP_PKTINFO on a send chooses its source. */
	memset(&pi, 0, sizeof(pi));
	pi.ipi_spec_dst.s_addr = htonl(INADDR_LOOPBACK);
	memset(&m, 0, sizeof(m));
	m.msg_name = &to;
	m.msg_namelen = sizeof(to);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cb.b;
	m.msg_controllen = sizeof(cb.b);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	check_eq(sendmsg(w, &m, 0), 7, "sendmsg with IP_PKTINFO (ipi_spec_dst 127.0.0.1)");
	recv_one(r, &g, 512);
	check(g.n == 7 && ntohl(g.from.sin_addr.s_addr) == INADDR_LOOPBACK,
	    "... the datagram comes from 127.0.0.1");
	pi.ipi_spec_dst.s_addr = inet_addr("192.0.2.1");
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	check_errno(sendmsg(w, &m, 0), ENETUNREACH,
	    "sendmsg with IP_PKTINFO naming an address not the host's: ENETUNREACH");

	/* SO_PRIORITY: 0 at first, 0 to 6 for anyone, and IP_TOS sets it (rt_tos2priority). */
	{
		int p = SYS(socket(AF_INET, SOCK_DGRAM, 0));

		check_eq(geti(p, SOL_SOCKET, SO_PRIORITY), 0, "SO_PRIORITY is 0 on a new socket");
		ROUNDTRIP(p, SOL_SOCKET, SO_PRIORITY, 6, 6);
		ROUNDTRIP(p, IPPROTO_IP, IP_TOS, 0x10, 0x10);
		check_eq(geti(p, SOL_SOCKET, SO_PRIORITY), 6, "IP_TOS low delay makes SO_PRIORITY 6");
		ROUNDTRIP(p, IPPROTO_IP, IP_TOS, 0x08, 0x08);
		check_eq(geti(p, SOL_SOCKET, SO_PRIORITY), 2, "IP_TOS throughput makes SO_PRIORITY 2");
		ROUNDTRIP(p, IPPROTO_IP, IP_TOS, 0x18, 0x18);
		check_eq(geti(p, SOL_SOCKET, SO_PRIORITY), 4, "IP_TOS both makes SO_PRIORITY 4");
		if (geteuid() == 0)
			ROUNDTRIP(p, SOL_SOCKET, SO_PRIORITY, 7, 7);	/* CAP_NET_ADMIN */
		close(p);
	}

	/* SO_BINDTODEVICE: by name. */
	if (ifname[0] != '\0') {
		check_ok(setsockopt(w, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)),
		    "SO_BINDTODEVICE to the loopback interface (%s)", ifname);
		len = sizeof(bound);
		memset(bound, 0, sizeof(bound));
		check(getsockopt(w, SOL_SOCKET, SO_BINDTODEVICE, bound, &len) == 0 &&
		    strcmp(bound, ifname) == 0 && len == strlen(ifname) + 1,
		    "... reads back its name (%s, len %u)", bound, (unsigned)len);
		len = IF_NAMESIZE - 1;
		check_errno(getsockopt(w, SOL_SOCKET, SO_BINDTODEVICE, bound, &len), EINVAL,
		    "... but not into a buffer shorter than IFNAMSIZ: EINVAL");
		check_eq(sendto(w, "bound", 5, 0, (struct sockaddr *)&to, sizeof(to)), 5,
		    "... and sends to the loopback address");
		recv_one(r, &g, 512);
		check_eq(g.n, 5, "... which arrives");
		check_ok(setsockopt(w, SOL_SOCKET, SO_BINDTODEVICE, "", 0), "SO_BINDTODEVICE \"\" unbinds");
		len = sizeof(bound);
		check(getsockopt(w, SOL_SOCKET, SO_BINDTODEVICE, bound, &len) == 0 && len == 0,
		    "... and reads back empty (len %u)", (unsigned)len);
	}
	check_errno(setsockopt(w, SOL_SOCKET, SO_BINDTODEVICE, "nosuchif9", 9), ENODEV,
	    "SO_BINDTODEVICE to no such interface: ENODEV");
	close(r);
	close(w);
}

/* TCP_DEFER_ACCEPT: accept has nothing until data comes. */
static void
t_defer(void)
{
	struct sockaddr_in sin;
	struct pollfd pfd;
	int l = tcp_listener(&sin), c, a;
	char buf[8];

	SYS(seti(l, IPPROTO_TCP, TCP_DEFER_ACCEPT, 30));
	c = SYS(socket(AF_INET, SOCK_STREAM, 0));
	check_ok(connect(c, (struct sockaddr *)&sin, sizeof(sin)), "connect to a TCP_DEFER_ACCEPT listener completes");
	pfd = (struct pollfd){ l, POLLIN, 0 };
	check_eq(poll(&pfd, 1, 300), 0, "... but the listener is not readable while no data came");
	SYS(write(c, "hello", 5));
	pfd = (struct pollfd){ l, POLLIN, 0 };
	check_eq(poll(&pfd, 1, 10000), 1, "once data comes, the listener is readable");
	a = accept(l, NULL, NULL);
	check(a >= 0, "... and accept gives the connection");
	if (a >= 0) {
		check_eq(read_full(a, buf, 5), 5, "... with the data");
		close(a);
	}
	close(c);
	close(l);
}

/* TCP_USER_TIMEOUT against a peer that stopped: ETIMEDOUT. */
static void
t_user_timeout(void)
{
	struct sockaddr_in sin;
	int l = tcp_listener(&sin), c, a, n, e, fl;
	char buf[65536];
	double t0;
	pid_t pid;

	if ((pid = SYS(fork())) == 0) {
		a = accept(l, NULL, NULL);
		raise(SIGSTOP);		/* reads nothing, ever */
		_exit(a < 0);
	}
	close(l);
	c = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(connect(c, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(seti(c, IPPROTO_TCP, TCP_USER_TIMEOUT, 1000));
	fl = fcntl(c, F_GETFL);
	fcntl(c, F_SETFL, fl | O_NONBLOCK);
	memset(buf, 'u', sizeof(buf));
	/*
	 * Write while there is room (the peer's window closes, the buffers
	 * fill), until the socket reports something else: nothing will come,
	 * and TCP_USER_TIMEOUT after the window closed the connection is
	 * aborted; the next read or write says why.  Bounded: 100000 turns, each poll
	 * 20 s, and the program's alarm.
	 */
	t0 = now();
	for (n = 0, e = -1; n < 100000; n++) {
		struct pollfd pfd = { c, POLLOUT | POLLIN, 0 };

		if (poll(&pfd, 1, 20000) != 1)
			break;
		if (pfd.revents & (POLLIN | POLLERR | POLLHUP)) {
			if (read(c, buf, 1) == -1)
				e = errno;
			break;
		}
		if (write(c, buf, sizeof(buf)) == -1 && errno != EAGAIN) {
			e = errno;	/* the abort, told to a write */
			break;
		}
	}
	check(e == ETIMEDOUT, "a peer that stopped reading: the connection ends with ETIMEDOUT (%s)",
	    e > 0 ? strerror(e) : "nothing within 20 s");
	diag("after %.1f s", now() - t0);
	close(c);
	kill(pid, SIGKILL);
	reap(pid);
}

int
main(int argc, char **argv)
{
	t_start(60);
	t_tcp();
	t_lengths();
	t_udp();
	t_defer();
	t_user_timeout();
	return t_end();
}
