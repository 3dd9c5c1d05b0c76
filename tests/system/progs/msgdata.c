/*
 * msgdata: the plain calls on message sockets, control messages, and the
 * socket ioctls, as a program linked statically (`cc -static`) makes them
 * without a shim: under `uipc run` its supervisor serves them (DESIGN.md,
 * "A net under the shim"), and the answers must be the shim's and the
 * kernel's, so the same source runs natively, dynamically under the shim
 * and statically under the supervisor.
 *
 *   - read, write, readv, writev, send and recv with no address on a
 *     connected UDP socket, UNIX datagram and seqpacket socketpairs: one
 *     message each, boundaries kept, a short read cutting the message;
 *   - the same on a UDP socket's copies (dup, F_DUPFD_CLOEXEC);
 *   - EPIPE and no SIGPIPE (Linux) from a write on a seqpacket whose peer
 *     is gone;
 *   - SCM_RIGHTS over datagram and stream sockets: a pipe, and a UDP
 *     socket that keeps working with write() where it arrives;
 *   - recv and recvmsg with MSG_PEEK, MSG_TRUNC and MSG_DONTWAIT;
 *   - FIONREAD on datagram, seqpacket and stream sockets (UDP, TCP, UNIX),
 *     a TCP listener's EINVAL, SIOCATMARK, SIOCGIFCONF
 *     with and without a buffer, SIOCGIFADDR and SIOCGIFINDEX of each
 *     interface (printed as "# if" lines, for the test to compare).
 */
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/uio.h>

#include "tap.h"

static volatile sig_atomic_t pipes;

static void
on_pipe(int sig)
{
	(void)sig;
	pipes++;
}

static int
readable(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, 10000) == 1;
}

/* Two UDP sockets on 127.0.0.1, connected to each other. */
static void
udp_pair(int *a, int *b)
{
	struct sockaddr_in sa = { .sin_family = AF_INET }, sb;
	socklen_t len = sizeof(sa);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sb = sa;
	*a = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	*b = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	SYS(bind(*a, (struct sockaddr *)&sa, sizeof(sa)));
	SYS(bind(*b, (struct sockaddr *)&sb, sizeof(sb)));
	SYS(getsockname(*a, (struct sockaddr *)&sa, &len));
	len = sizeof(sb);
	SYS(getsockname(*b, (struct sockaddr *)&sb, &len));
	SYS(connect(*a, (struct sockaddr *)&sb, sizeof(sb)));
	SYS(connect(*b, (struct sockaddr *)&sa, sizeof(sa)));
}

/*
 * recv and recvmsg flags on a message socket holding "0123456789" then
 * "z": MSG_PEEK leaves the message, MSG_TRUNC returns its whole length
 * with a short buffer (recvmsg says so in msg_flags), MSG_DONTWAIT
 * reads as without it.  The message is left queued.
 */
static void
t_recv_flags(const char *what, int a)
{
	char buf[16], cb[64];
	struct iovec iov = { buf, 3 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

	memset(buf, 0, sizeof(buf));
	check(recv(a, buf, sizeof(buf), MSG_PEEK) == 10 && memcmp(buf, "0123456789", 10) == 0,
	    "%s: recv MSG_PEEK sees the message", what);
	check_eq(recv(a, buf, 2, MSG_PEEK | MSG_TRUNC), 10, "%s: recv MSG_PEEK|MSG_TRUNC: its whole length", what);
	m.msg_control = cb;
	m.msg_controllen = sizeof(cb);
	memset(buf, 0, sizeof(buf));
	check(recvmsg(a, &m, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT) == 10 && (m.msg_flags & MSG_TRUNC) &&
	    memcmp(buf, "012", 3) == 0 && buf[3] == 0,
	    "%s: recvmsg MSG_PEEK|MSG_TRUNC|MSG_DONTWAIT: the whole length, MSG_TRUNC, 3 bytes written (%#x)",
	    what, m.msg_flags);
	check_eq(m.msg_controllen, 0, "%s: and no control data", what);
	iov.iov_len = sizeof(buf);
	m.msg_controllen = sizeof(cb);
	check(recvmsg(a, &m, MSG_PEEK) == 10 && !(m.msg_flags & MSG_TRUNC), "%s: recvmsg MSG_PEEK: all of it, no MSG_TRUNC",
	    what);
}

/* The plain calls on a pair of connected message sockets. */
static void
t_plain(const char *what, int a, int b, int seq)
{
	char buf[64], x[2], y[10];
	struct iovec in[2] = { { x, sizeof(x) }, { y, sizeof(y) } };
	struct iovec out[2] = { { "ab", 2 }, { "cd", 2 } };
	int n = -1, fl;

	check_eq(write(b, "one", 3), 3, "%s: write", what);
	check_eq(write(b, "three", 5), 5, "%s: a second write", what);
	memset(buf, 0, sizeof(buf));
	check(read(a, buf, sizeof(buf)) == 3 && memcmp(buf, "one", 3) == 0, "%s: read takes one message", what);
	memset(y, 0, sizeof(y));
	check(readv(a, in, 2) == 5 && memcmp(x, "th", 2) == 0 && memcmp(y, "ree", 3) == 0,
	    "%s: readv scatters the next one", what);
	check_eq(writev(b, out, 2), 4, "%s: writev", what);
	memset(buf, 0, sizeof(buf));
	check(recv(a, buf, sizeof(buf), 0) == 4 && memcmp(buf, "abcd", 4) == 0,
	    "%s: writev's pieces arrive as one message", what);
	check_eq(send(b, "0123456789", 10, 0), 10, "%s: send with no address", what);
	check_eq(write(b, "z", 1), 1, "%s: and a write after it", what);
	/* Linux: a datagram socket's next message; a seqpacket's whole queue (unix_inq_len). */
	check(readable(a) && ioctl(a, FIONREAD, &n) == 0, "%s: FIONREAD", what);
	if (seq)
		check_eq(n, 11, "%s: FIONREAD on a seqpacket counts every byte queued", what);
	else
		check_eq(n, 10, "%s: FIONREAD is the next message's size", what);
	t_recv_flags(what, a);
	memset(buf, 0, sizeof(buf));
	check(read(a, buf, 4) == 4 && memcmp(buf, "0123", 4) == 0, "%s: a short read cuts the message", what);
	n = -1;
	check(ioctl(a, FIONREAD, &n) == 0 && n == 1, "%s: FIONREAD after it: the one byte left (%d)", what, n);
	check(read(a, buf, sizeof(buf)) == 1 && buf[0] == 'z', "%s: the rest of it is gone", what);
	n = -1;
	check(ioctl(a, FIONREAD, &n) == 0 && n == 0, "%s: FIONREAD on nothing: 0 (%d)", what, n);
	fl = SYS(fcntl(a, F_GETFL));
	SYS(fcntl(a, F_SETFL, fl | O_NONBLOCK));
	check_errno(read(a, buf, sizeof(buf)), EAGAIN, "%s: read on nothing, non-blocking: EAGAIN", what);
	SYS(fcntl(a, F_SETFL, fl));
	check_eq(write(b, "", 0), 0, "%s: an empty write", what);
	check_eq(read(a, buf, sizeof(buf)), 0, "%s: an empty message", what);
}

/* Copies of a message socket (dup, F_DUPFD_CLOEXEC) send and receive whole messages. */
static void
t_dup(void)
{
	int a, b, d, e;
	char buf[16];

	udp_pair(&a, &b);
	d = dup(b);
	check(d >= 0, "udp: dup");
	e = fcntl(a, F_DUPFD_CLOEXEC, 0);
	check(e >= 0 && (fcntl(e, F_GETFD) & FD_CLOEXEC), "udp: fcntl F_DUPFD_CLOEXEC, close-on-exec");
	close(b);
	close(a);
	memset(buf, 0, sizeof(buf));
	check(write(d, "dup", 3) == 3 && read(e, buf, sizeof(buf)) == 3 && memcmp(buf, "dup", 3) == 0,
	    "udp: write() on the dup, read() on the F_DUPFD copy: one datagram");
	close(d);
	close(e);
}

static void
t_epipe(void)
{
	int sv[2];

	SYS(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	close(sv[1]);
	signal(SIGPIPE, on_pipe);
	pipes = 0;
	check_errno(write(sv[0], "x", 1), EPIPE, "seqpacket: write to a closed peer: EPIPE");
	check_eq(pipes, 0, "seqpacket: and no SIGPIPE (Linux: a datagram send raises none)");
	check_errno(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE, "seqpacket: send MSG_NOSIGNAL: EPIPE");
	signal(SIGPIPE, SIG_DFL);
	close(sv[0]);
}

static int
send_fd(int s, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { "F", 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
		.msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

	memset(cbuf, 0, sizeof(cbuf));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return (int)sendmsg(s, &mh, 0);
}

/* One byte and one descriptor; the descriptor, or -1. */
static int
recv_fd(int s, int flags)
{
	char cbuf[CMSG_SPACE(sizeof(int))], c;
	struct iovec iov = { &c, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
		.msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int fd = -1;

	if (recvmsg(s, &mh, flags) != 1 || c != 'F')
		return -1;
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

static void
t_rights(int type, const char *what)
{
	int sv[2], p[2], fd, a, b;
	char buf[16];

	SYS(socketpair(AF_UNIX, type, 0, sv));
	SYS(pipe(p));
	check_eq(send_fd(sv[0], p[0]), 1, "%s: sendmsg passes a pipe", what);
	fd = recv_fd(sv[1], MSG_CMSG_CLOEXEC);
	check(fd >= 0 && fd != p[0], "%s: recvmsg gets it as a new descriptor", what);
	check(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC), "%s: close-on-exec, as MSG_CMSG_CLOEXEC asked", what);
	memset(buf, 0, sizeof(buf));
	check(write(p[1], "pipe", 4) == 4 && fd >= 0 && read(fd, buf, sizeof(buf)) == 4 &&
	    memcmp(buf, "pipe", 4) == 0, "%s: the passed pipe reads what its other end wrote", what);
	close(fd); close(p[0]); close(p[1]);

	udp_pair(&a, &b);
	check_eq(send_fd(sv[0], b), 1, "%s: sendmsg passes a UDP socket", what);
	fd = recv_fd(sv[1], 0);
	check(fd >= 0, "%s: recvmsg gets it", what);
	close(b);
	memset(buf, 0, sizeof(buf));
	check(fd >= 0 && write(fd, "udp", 3) == 3 && read(a, buf, sizeof(buf)) == 3 && memcmp(buf, "udp", 3) == 0,
	    "%s: write() on the passed UDP socket sends one datagram", what);
	check(write(a, "back", 4) == 4 && fd >= 0 && read(fd, buf, sizeof(buf)) == 4 && memcmp(buf, "back", 4) == 0,
	    "%s: read() on it takes one", what);
	close(fd); close(a);

	/* Not a descriptor: EBADF, nothing sent. */
	check_errno(send_fd(sv[0], 12345), EBADF, "%s: passing a number that is no descriptor: EBADF", what);
	close(sv[0]); close(sv[1]);
}

/* FIONREAD until it counts WANT, bounded (TCP moves bytes on its own time). */
static int
inq_reaches(int fd, int want)
{
	int n = -1, i;

	for (i = 0; i < 1000; i++) {
		if (ioctl(fd, FIONREAD, &n) < 0 || n >= want)
			break;
		msleep(10);
	}
	return n;
}

/*
 * FIONREAD on TCP: every byte queued, whatever the writes (tcp_ioctl
 * SIOCINQ); EINVAL on a listener (Linux: TCP_LISTEN); on a UNIX-domain
 * stream, what a short read left.
 */
static void
t_stream_inq(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int l, c, s, sv[2], n = -1;
	char buf[8];

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(l, (struct sockaddr *)&sa, sizeof(sa)));
	SYS(getsockname(l, (struct sockaddr *)&sa, &len));
	SYS(listen(l, 1));
	check_errno(ioctl(l, FIONREAD, &n), EINVAL, "tcp: FIONREAD on a listener: EINVAL");
	c = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(connect(c, (struct sockaddr *)&sa, sizeof(sa)));
	s = SYS(accept(l, NULL, NULL));
	check(ioctl(s, FIONREAD, &n) == 0 && n == 0, "tcp: FIONREAD with nothing queued: 0 (%d)", n);
	SYS(write(c, "0123456789", 10));
	SYS(write(c, "z", 1));
	check_eq(inq_reaches(s, 11), 11, "tcp: FIONREAD counts every byte of two writes");
	check_eq(read(s, buf, 4), 4, "tcp: a short read");
	check_eq(inq_reaches(s, 7), 7, "tcp: FIONREAD counts the rest");
	close(c); close(s); close(l);

	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	SYS(write(sv[0], "0123456789", 10));
	SYS(write(sv[0], "z", 1));
	check_eq(inq_reaches(sv[1], 11), 11, "unix stream: FIONREAD counts every byte of two writes");
	check_eq(read(sv[1], buf, 4), 4, "unix stream: a short read");
	check_eq(inq_reaches(sv[1], 7), 7, "unix stream: FIONREAD counts the rest");
	close(sv[0]); close(sv[1]);
}

static void
t_ioctls(void)
{
	struct ifreq ifr[32];
	struct ifconf ifc = { .ifc_len = 0, .ifc_buf = NULL };
	int s, sv[2], n = -1, i, mark = -1;

	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	SYS(write(sv[0], "12345", 5));
	check(readable(sv[1]) && ioctl(sv[1], FIONREAD, &n) == 0 && n == 5, "stream: FIONREAD counts 5 (%d)", n);
	check(ioctl(sv[1], SIOCATMARK, &mark) == 0 && mark == 0, "stream: SIOCATMARK: not at the mark");
	close(sv[0]); close(sv[1]);

	s = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	check(ioctl(s, SIOCGIFCONF, &ifc) == 0 && ifc.ifc_len > 0 && ifc.ifc_len % (int)sizeof(struct ifreq) == 0,
	    "SIOCGIFCONF with no buffer: the room the list needs (%d)", ifc.ifc_len);
	ifc.ifc_len = sizeof(ifr);
	ifc.ifc_req = ifr;
	check(ioctl(s, SIOCGIFCONF, &ifc) == 0 && ifc.ifc_len > 0, "SIOCGIFCONF lists interfaces");
	for (i = 0; i < ifc.ifc_len / (int)sizeof(struct ifreq); i++) {
		struct ifreq r;
		char a[INET_ADDRSTRLEN] = "?";

		memset(&r, 0, sizeof(r));
		memcpy(r.ifr_name, ifr[i].ifr_name, IFNAMSIZ);
		check(ioctl(s, SIOCGIFADDR, &r) == 0 && r.ifr_addr.sa_family == AF_INET,
		    "SIOCGIFADDR of an interface listed");
		inet_ntop(AF_INET, &((struct sockaddr_in *)&r.ifr_addr)->sin_addr, a, sizeof(a));
		memset(&r.ifr_ifru, 0, sizeof(r.ifr_ifru));
		check(ioctl(s, SIOCGIFINDEX, &r) == 0 && r.ifr_ifindex > 0, "SIOCGIFINDEX of it");
		printf("# if %.*s %s %d\n", IFNAMSIZ, ifr[i].ifr_name, a, r.ifr_ifindex);
	}
	check_errno(ioctl(s, SIOCGIFCONF, (void *)8), EFAULT, "SIOCGIFCONF at a bad address: EFAULT");
	close(s);
}

int
main(void)
{
	int a, b, sv[2];

	t_start(60);
	udp_pair(&a, &b);
	t_plain("udp", a, b, 0);
	close(a); close(b);
	SYS(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	t_plain("unix dgram", sv[0], sv[1], 0);
	close(sv[0]); close(sv[1]);
	SYS(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	t_plain("seqpacket", sv[0], sv[1], 1);
	close(sv[0]); close(sv[1]);
	t_dup();
	t_epipe();
	t_rights(SOCK_DGRAM, "dgram");
	t_rights(SOCK_STREAM, "stream");
	t_ioctls();
	t_stream_inq();
	return t_end();
}
