/*
 * sendfile: sendfile(2) and splice(2) between files and sockets, each
 * check Linux's behaviour (the same binary runs on the kernel and on uipc).
 *
 *	sendfile DIR	DIR/src is the file to send; the bytes each stream
 *			received are left in DIR/{tcp,unix}.{sendfile,splice}
 *			for the test to compare (sha256).
 *
 * Streams: TCP (connected without blocking first, so that the channel's
 * send buffer was made small and must be restored) and UNIX; the receiver
 * reads with read(2) after sendfile, and with splice(2) to a pipe and on to
 * the file after splice.  Message sockets: one call is one message.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/sendfile.h>

#include "tap.h"

static const char *dir;

/* The receiver: everything from s into DIR/name, by read or by splice. */
static void
receive(int s, const char *name, int by_splice)
{
	int out = SYS(open(path_in(dir, name), O_WRONLY | O_CREAT | O_TRUNC, 0644));
	char buf[65536];
	int p[2], i;
	ssize_t n, m;

	SYS(pipe(p));
	for (i = 0; i < 1000000; i++) {
		if (by_splice) {
			n = splice(s, NULL, p[1], NULL, 65536, 0);
			if (n > 0 && (m = splice(p[0], NULL, out, NULL, (size_t)n, 0)) != n)
				bail("%s: splice pipe to file: %zd of %zd", name, m, n);
		} else if ((n = read(s, buf, sizeof(buf))) > 0 && write_all(out, buf, (size_t)n) != n)
			bail("%s: write", name);
		if (n == 0)
			break;
		if (n < 0)
			bail("%s: receive: %s", name, strerror(errno));
	}
	close(out);
}

/* All of DIR/src to s: by sendfile, or through a pipe by splice. */
static int
send_file(int s, int by_splice)
{
	int f = SYS(open(path_in(dir, "src"), O_RDONLY)), p[2], i;
	struct stat st;
	off_t off = 0;
	ssize_t n, m;

	SYS(fstat(f, &st));
	SYS(pipe(p));
	for (i = 0; off < st.st_size && i < 1000000; i++) {
		if (!by_splice) {
			if ((n = sendfile(s, f, &off, (size_t)(st.st_size - off))) <= 0)
				return 0;
			continue;
		}
		if ((n = splice(f, &off, p[1], NULL, 65536, 0)) <= 0)
			return 0;
		while (n > 0) {
			if ((m = splice(p[0], NULL, s, NULL, (size_t)n, 0)) <= 0)
				return 0;
			n -= m;
		}
	}
	close(f);
	close(p[0]);
	close(p[1]);
	return off == st.st_size;
}

/* One stream both ways: the child receives, the parent sends. */
static void
transfer(const char *what, int a, int b, const char *name, int by_splice)
{
	pid_t pid = SYS(fork());

	if (pid == 0) {
		close(a);
		receive(b, name, by_splice);
		_exit(0);
	}
	close(b);
	check(send_file(a, by_splice), "%s: the whole file goes by %s", what,
	    by_splice ? "splice through a pipe" : "sendfile");
	close(a);
	check_eq(reap(pid), 0, "%s: the receiver read to EOF (by %s)", what, by_splice ? "splice" : "read");
}

static void
tcp(int by_splice)
{
	struct sockaddr_in a;
	socklen_t l = sizeof(a);
	struct pollfd pfd;
	int ls, c, s, fl, e = 0;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ls = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(ls, (struct sockaddr *)&a, sizeof(a)));
	SYS(listen(ls, 5));
	SYS(getsockname(ls, (struct sockaddr *)&a, &l));
	c = SYS(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
	if (connect(c, (struct sockaddr *)&a, sizeof(a)) < 0 && errno != EINPROGRESS)
		bail("connect: %s", strerror(errno));
	pfd = (struct pollfd){ c, POLLOUT, 0 };
	SYS(poll(&pfd, 1, 10000));
	l = sizeof(e);
	SYS(getsockopt(c, SOL_SOCKET, SO_ERROR, &e, &l));
	if (e != 0)
		bail("non-blocking connect: %s", strerror(e));
	fl = SYS(fcntl(c, F_GETFL));
	SYS(fcntl(c, F_SETFL, fl & ~O_NONBLOCK));
	s = SYS(accept(ls, NULL, NULL));
	close(ls);
	transfer("tcp", c, s, by_splice ? "tcp.splice" : "tcp.sendfile", by_splice);
}

static void
unix_stream(int by_splice)
{
	int sv[2];

	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	transfer("unix stream", sv[0], sv[1], by_splice ? "unix.splice" : "unix.sendfile", by_splice);
}

/* Before connect a TCP socket cannot send: EPIPE, and the file stays where it was. */
static void
tcp_unconnected(void)
{
	int f = SYS(open(path_in(dir, "src"), O_RDONLY)), s, p[2];

	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	signal(SIGPIPE, SIG_IGN);
	check_errno(sendfile(s, f, NULL, 100), EPIPE, "tcp: sendfile before connect: EPIPE");
	check_eq(lseek(f, 0, SEEK_CUR), 0, "tcp: the file offset did not move");
	SYS(pipe(p));
	SYS(write(p[1], "abc", 3));
	check_errno(splice(p[0], NULL, s, NULL, 3, 0), EPIPE, "tcp: splice before connect: EPIPE");
	signal(SIGPIPE, SIG_DFL);
	close(p[0]);
	close(p[1]);
	close(s);
	close(f);
}

static void
messages(const char *what, int s, int r, int udp)
{
	int f = SYS(open(path_in(dir, "src"), O_RDONLY)), p[2], q[2];
	static char buf[200000], want[200000];
	off_t off = 100;
	ssize_t n;

	SYS(pread(f, want, sizeof(want), 0));
	check_eq(sendfile(s, f, &off, 3000), 3000, "%s: sendfile of 3000 bytes returns 3000", what);
	check_eq(off, 3100, "%s: the offset moved by 3000", what);
	n = recv(r, buf, sizeof(buf), 0);
	check(n == 3000 && memcmp(buf, want + 100, 3000) == 0,
	    "%s: one message of the 3000 bytes at the offset, nothing added", what);
	check_eq(sendfile(s, f, NULL, 500), 500, "%s: sendfile from the file's position", what);
	check_eq(lseek(f, 0, SEEK_CUR), 500, "%s: the file's position moved by 500", what);
	n = recv(r, buf, sizeof(buf), 0);
	check(n == 500 && memcmp(buf, want, 500) == 0, "%s: one message of those 500 bytes", what);
	if (udp) {
		off = 0;
		check_errno(sendfile(s, f, &off, 100000), EMSGSIZE,
		    "%s: sendfile of 100000 bytes: EMSGSIZE", what);
		check_eq(off, 0, "%s: the offset did not move", what);
	}

	SYS(pipe(p));
	SYS(write(p[1], want, 2000));
	check_eq(splice(p[0], NULL, s, NULL, 5000, 0), 2000, "%s: splice from a pipe of 2000 bytes sends 2000", what);
	n = recv(r, buf, sizeof(buf), 0);
	check(n == 2000 && memcmp(buf, want, 2000) == 0, "%s: as one message", what);
	SYS(write(p[1], "x", 1));
	check_errno(splice(p[0], NULL, s, NULL, 1, SPLICE_F_NONBLOCK | 0x10000000), EINVAL,
	    "%s: splice with an unknown flag: EINVAL", what);

	SYS(pipe(q));
	SYS(send(s, want, 300, 0));
	SYS(send(s, want + 300, 50, 0));
	n = splice(r, NULL, q[1], NULL, 100, 0);
	check_eq(n, 100, "%s: splice to a pipe takes 100 bytes of a 300-byte message", what);
	n = splice(r, NULL, q[1], NULL, 100, 0);
	check_eq(n, 50, "%s: the rest of it is gone: the next splice takes the next message", what);
	n = read(q[0], buf, sizeof(buf));
	check(n == 150 && memcmp(buf, want, 100) == 0 && memcmp(buf + 100, want + 300, 50) == 0,
	    "%s: the pipe holds the bytes of the messages, no framing", what);
	/* SPLICE_F_NONBLOCK is the pipe's; a message socket's own flag decides. */
	SYS(fcntl(r, F_SETFL, O_NONBLOCK));
	check_errno(splice(r, NULL, q[1], NULL, 100, 0), EAGAIN,
	    "%s: splice from a non-blocking socket with nothing there: EAGAIN", what);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	close(f);
	close(s);
	close(r);
}

static void
udp(void)
{
	struct sockaddr_in a;
	socklen_t l = sizeof(a);
	int r, s;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	r = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	SYS(bind(r, (struct sockaddr *)&a, sizeof(a)));
	SYS(getsockname(r, (struct sockaddr *)&a, &l));
	s = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	SYS(connect(s, (struct sockaddr *)&a, sizeof(a)));
	messages("udp", s, r, 1);
}

int
main(int argc, char **argv)
{
	int sv[2];

	t_start(60);
	if (argc != 2)
		bail("usage: sendfile DIR");
	dir = argv[1];
	tcp_unconnected();
	tcp(0);
	tcp(1);
	unix_stream(0);
	unix_stream(1);
	udp();
	SYS(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	messages("unix dgram", sv[0], sv[1], 0);
	SYS(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	messages("seqpacket", sv[0], sv[1], 0);
	return t_end();
}
