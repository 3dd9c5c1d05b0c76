/*
 * unconnected DIR: reads and writes on a stream or seqpacket socket that
 * has no peer (never connected, or listening) fail at once, as Linux
 * answers (issue 10), rather than waiting forever or taking the data:
 *
 *   TCP              read ENOTCONN; write EPIPE, and SIGPIPE unless MSG_NOSIGNAL
 *   UNIX stream      read EINVAL;   write ENOTCONN, no signal
 *   UNIX seqpacket   read ENOTCONN; write ENOTCONN
 *
 * The reads block (no MSG_DONTWAIT): a wait forever ends at the alarm.
 */
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/uio.h>

#include "tap.h"

static volatile sig_atomic_t pipes;

static void
on_pipe(int sig)
{
	(void)sig;
	pipes++;
}

static void
tryall(int s, const char *what, int rerr, int werr, int sig)
{
	char b[4];
	struct iovec iov = { b, 1 };
	struct msghdr m;
	int before;

	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	check_errno(read(s, b, 1), rerr, "%s: read: %s", what, strerror(rerr));
	check_errno(recv(s, b, 1, 0), rerr, "%s: recv: %s", what, strerror(rerr));
	check_errno(recvmsg(s, &m, 0), rerr, "%s: recvmsg: %s", what, strerror(rerr));
	check_errno(readv(s, &iov, 1), rerr, "%s: readv: %s", what, strerror(rerr));
	before = pipes;
	check_errno(write(s, "x", 1), werr, "%s: write: %s", what, strerror(werr));
	check_eq(pipes - before, sig, "%s: write raised SIGPIPE %d time(s)", what, sig);
	before = pipes;
	check_errno(send(s, "x", 1, MSG_NOSIGNAL), werr, "%s: send(MSG_NOSIGNAL): %s", what, strerror(werr));
	check_eq(pipes - before, 0, "%s: send(MSG_NOSIGNAL) raised no SIGPIPE", what);
	check_errno(sendmsg(s, &m, MSG_NOSIGNAL), werr, "%s: sendmsg: %s", what, strerror(werr));
	check_errno(writev(s, &iov, 1), werr, "%s: writev: %s", what, strerror(werr));
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	char path[256], b;
	int one = 1, s, l;

	if (argc != 2)
		bail("usage: unconnected DIR");
	t_start(30);
	on_signal(SIGPIPE, on_pipe, 0);

	/* Made (an option set), never connected. */
	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	tryall(s, "tcp, never connected", ENOTCONN, EPIPE, 1);
	check_eq(read(s, &b, 0), 0, "tcp: a read of 0 bytes is 0");
	close(s);
	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	tryall(s, "tcp, fresh", ENOTCONN, EPIPE, 1);
	close(s);
	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(l, 1));
	tryall(l, "tcp listener", ENOTCONN, EPIPE, 1);
	close(l);

	s = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
	tryall(s, "unix stream, never connected", EINVAL, ENOTCONN, 0);
	{
		struct sockaddr_un sun;
		socklen_t len = sun_of(&sun, "/nonexistent/uipc-test");

		check_errno(sendto(s, "x", 1, 0, (struct sockaddr *)&sun, len), EOPNOTSUPP,
		    "unix stream, never connected: sendto with an address: EOPNOTSUPP");
	}
	close(s);
	snprintf(path, sizeof(path), "%s/unconn.lis", argv[1]);
	l = listen_at(path, SOCK_STREAM);
	tryall(l, "unix stream listener", EINVAL, ENOTCONN, 0);
	close(l);

	s = SYS(socket(AF_UNIX, SOCK_SEQPACKET, 0));
	check_errno(recv(s, &b, 1, 0), ENOTCONN, "unix seqpacket, never connected: recv: ENOTCONN");
	check_errno(send(s, "x", 1, 0), ENOTCONN, "unix seqpacket, never connected: send: ENOTCONN");
	close(s);

	/* Connected sockets are unaffected: a datagram socket needs no peer either. */
	{
		int sv[2];

		SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
		check(write(sv[0], "y", 1) == 1 && read(sv[1], &b, 1) == 1 && b == 'y',
		    "a connected pair carries data");
		close(sv[0]); close(sv[1]);
		s = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
		check_errno(recv(s, &b, 1, MSG_DONTWAIT), EAGAIN, "unix dgram, unbound: recv waits (EAGAIN)");
		close(s);
	}
	return t_end();
}
