/*
 * lifecycle CASE DIR: a socket's life, from socket() to its last close, for
 * every kind (TCP, UDP; UNIX stream, datagram, seqpacket).  On the Linux
 * kernel a socket is gone when its last descriptor closes, whatever it did
 * before; a socket that never connected gives its port back at once, so
 * each case that took a port or a name ends by binding it again.  The test
 * (lifecycle_close_frees_socket.t) checks on uipc that nothing is left in
 * `uipc netstat` but TIME_WAIT once the program has exited.
 *
 *   nothing      socket, close
 *   options      setsockopt and getsockopt only, close
 *   bind         bind, close; the address binds again at once
 *   bindfail     a bind that fails (EADDRINUSE, EADDRNOTAVAIL, ENOENT), close
 *   connectfail  a connect that fails (ECONNREFUSED blocking and not, ENOENT), close
 *   listen       bind, listen, close; the address binds again at once
 *   transfer     connect, a transfer both ways, close (TCP, UNIX stream,
 *                seqpacket, datagram, UDP)
 *   rights       sockets passed with SCM_RIGHTS and closed unreceived
 *   restart      a TCP server closes its connection first (TIME_WAIT on its
 *                port) and is started again at once: with SO_REUSEADDR it
 *                binds, without it EADDRINUSE (RFC 9293 §3.6.1, as Linux)
 */
#include "tap.h"
#include <poll.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static const int utypes[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
static const char *utname[] = { "stream", "datagram", "seqpacket" };
static const char *dir;

static struct sockaddr_in
loopback(unsigned short port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(port);
	return sin;
}

/* A socket of type bound to a port the system picks; the address in *sin. */
static int
inet_bound(int type, struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	int s = SYS(socket(AF_INET, type, 0));

	*sin = loopback(0);
	SYS(bind(s, (struct sockaddr *)sin, sizeof(*sin)));
	SYS(getsockname(s, (struct sockaddr *)sin, &len));
	return s;
}

/* The address binds again (and is closed again) at once. */
static void
rebinds_inet(int type, const struct sockaddr_in *sin, const char *what)
{
	int s = SYS(socket(AF_INET, type, 0));

	check_ok(bind(s, (const struct sockaddr *)sin, sizeof(*sin)),
	    "%s: its port binds again as soon as close returns", what);
	SYS(close(s));
}

static void
rebinds_unix(int type, const char *path, const char *what)
{
	struct sockaddr_un sun;
	socklen_t len = sun_of(&sun, path);
	int s = SYS(socket(AF_UNIX, type, 0));

	unlink(path);
	check_ok(bind(s, (struct sockaddr *)&sun, len),
	    "%s: its name, unlinked, binds again as soon as close returns", what);
	SYS(close(s));
	unlink(path);
}

static void
c_nothing(void)
{
	int i;

	check_ok(close(SYS(socket(AF_INET, SOCK_STREAM, 0))), "TCP socket, close");
	check_ok(close(SYS(socket(AF_INET, SOCK_DGRAM, 0))), "UDP socket, close");
	for (i = 0; i < 3; i++)
		check_ok(close(SYS(socket(AF_UNIX, utypes[i], 0))), "UNIX %s socket, close", utname[i]);
}

static void
opts(int s, const char *what)
{
	int one = 1, v = 0, sz = 65536;
	socklen_t len = sizeof(v);

	check_ok(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), "%s: setsockopt SO_REUSEADDR", what);
	check_ok(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz)), "%s: setsockopt SO_RCVBUF", what);
	check_ok(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len), "%s: getsockopt SO_TYPE", what);
	check_ok(close(s), "%s: close", what);
}

static void
c_options(void)
{
	int i;
	char what[64];

	opts(SYS(socket(AF_INET, SOCK_STREAM, 0)), "TCP socket with options");
	opts(SYS(socket(AF_INET, SOCK_DGRAM, 0)), "UDP socket with options");
	for (i = 0; i < 3; i++) {
		snprintf(what, sizeof(what), "UNIX %s socket with options", utname[i]);
		opts(SYS(socket(AF_UNIX, utypes[i], 0)), what);
	}
}

static void
c_bind(int listening)
{
	struct sockaddr_in sin;
	struct sockaddr_un sun;
	char what[64];
	const char *path;
	int i, s;

	for (i = 0; i < 2; i++) {
		int type = i == 0 ? SOCK_STREAM : SOCK_DGRAM;

		if (listening && type != SOCK_STREAM)
			continue;
		snprintf(what, sizeof(what), "%s %s", type == SOCK_STREAM ? "TCP" : "UDP",
		    listening ? "listener" : "socket bound");
		s = inet_bound(type, &sin);
		if (listening)
			check_ok(listen(s, 5), "%s: listen", what);
		check_ok(close(s), "%s: close", what);
		rebinds_inet(type, &sin, what);
	}
	for (i = 0; i < 3; i++) {
		if (listening && utypes[i] == SOCK_DGRAM)
			continue;
		snprintf(what, sizeof(what), "UNIX %s %s", utname[i], listening ? "listener" : "socket bound");
		path = path_in(dir, utname[i]);
		s = SYS(socket(AF_UNIX, utypes[i], 0));
		SYS(bind(s, (struct sockaddr *)&sun, sun_of(&sun, path)));
		if (listening)
			check_ok(listen(s, 5), "%s: listen", what);
		check_ok(close(s), "%s: close", what);
		rebinds_unix(utypes[i], path, what);
	}
}

static void
c_bindfail(void)
{
	struct sockaddr_in sin, other = loopback(0);
	struct sockaddr_un sun;
	int i, type, held, s;

	for (i = 0; i < 2; i++) {
		type = i == 0 ? SOCK_STREAM : SOCK_DGRAM;
		held = inet_bound(type, &sin);
		s = SYS(socket(AF_INET, type, 0));
		check_errno(bind(s, (struct sockaddr *)&sin, sizeof(sin)), EADDRINUSE,
		    "%s bind to a port in use: EADDRINUSE", i == 0 ? "TCP" : "UDP");
		check_ok(close(s), "closed after the failed bind");
		other.sin_addr.s_addr = inet_addr("192.0.2.1");	/* TEST-NET-1: not ours */
		s = SYS(socket(AF_INET, type, 0));
		check_errno(bind(s, (struct sockaddr *)&other, sizeof(other)), EADDRNOTAVAIL,
		    "%s bind to an address not ours: EADDRNOTAVAIL", i == 0 ? "TCP" : "UDP");
		check_ok(close(s), "closed after the failed bind");
		SYS(close(held));
		rebinds_inet(type, &sin, i == 0 ? "TCP port of the first socket" : "UDP port of the first socket");
	}
	for (i = 0; i < 3; i++) {
		s = SYS(socket(AF_UNIX, utypes[i], 0));
		check_errno(bind(s, (struct sockaddr *)&sun, sun_of(&sun, path_in(dir, "no/such/dir"))),
		    ENOENT, "UNIX %s bind in a directory that does not exist: ENOENT", utname[i]);
		check_ok(close(s), "closed after the failed bind");
	}
}

/* A non-blocking connect to nobody: refused, told by poll and SO_ERROR. */
static void
nonblock_refused(const struct sockaddr_in *sin)
{
	struct pollfd pfd;
	int s = SYS(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)), err = 0, rc;
	socklen_t len = sizeof(err);

	rc = connect(s, (const struct sockaddr *)sin, sizeof(*sin));
	if (rc == -1 && errno == EINPROGRESS) {
		pfd = (struct pollfd){ s, POLLOUT, 0 };
		poll(&pfd, 1, 10000);
		getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	} else {
		err = rc == -1 ? errno : 0;
	}
	check_eq(err, ECONNREFUSED, "non-blocking TCP connect to a port nobody listens on: ECONNREFUSED");
	check_ok(close(s), "closed after the failed connect");
}

static void
c_connectfail(void)
{
	struct sockaddr_in sin;
	struct sockaddr_un sun;
	const char *path = path_in(dir, "bound-not-listening");
	int s, b, i;

	/* A port nobody listens on: bound by this socket, which does not listen. */
	b = inet_bound(SOCK_STREAM, &sin);
	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	check_errno(connect(s, (struct sockaddr *)&sin, sizeof(sin)), ECONNREFUSED,
	    "TCP connect to a port nobody listens on: ECONNREFUSED");
	check_ok(close(s), "closed after the failed connect");
	nonblock_refused(&sin);
	SYS(close(b));
	rebinds_inet(SOCK_STREAM, &sin, "TCP port connected to in vain");
	for (i = 0; i < 3; i++) {
		if (utypes[i] == SOCK_DGRAM)
			continue;
		s = SYS(socket(AF_UNIX, utypes[i], 0));
		check_errno(connect(s, (struct sockaddr *)&sun, sun_of(&sun, path_in(dir, "nobody"))), ENOENT,
		    "UNIX %s connect to a name that does not exist: ENOENT", utname[i]);
		check_ok(close(s), "closed after the failed connect");
		b = SYS(socket(AF_UNIX, utypes[i], 0));
		SYS(bind(b, (struct sockaddr *)&sun, sun_of(&sun, path)));
		s = SYS(socket(AF_UNIX, utypes[i], 0));
		check_errno(connect(s, (struct sockaddr *)&sun, sun_of(&sun, path)), ECONNREFUSED,
		    "UNIX %s connect to a name bound but not listening: ECONNREFUSED", utname[i]);
		check_ok(close(s), "closed after the failed connect");
		SYS(close(b));
		unlink(path);
	}
}

/* One round trip over a connected pair a and b, then both closed. */
static void
roundtrip(int a, int b, const char *what)
{
	char buf[16];

	check(write(a, "ping", 4) == 4 && read(b, buf, sizeof(buf)) == 4 &&
	    write(b, "pong", 4) == 4 && read(a, buf, sizeof(buf)) == 4 &&
	    memcmp(buf, "pong", 4) == 0, "%s: a round trip", what);
	check_ok(close(a), "%s: close one end", what);
	check_ok(close(b), "%s: close the other", what);
}

static void
c_transfer(void)
{
	struct sockaddr_in sin, uin;
	struct sockaddr_un sun;
	socklen_t len;
	const char *path;
	char buf[16];
	int l, c, a, i, u, v;

	l = inet_bound(SOCK_STREAM, &sin);
	SYS(listen(l, 5));
	c = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(connect(c, (struct sockaddr *)&sin, sizeof(sin)));
	a = SYS(accept(l, NULL, NULL));
	roundtrip(c, a, "TCP connection");
	check_ok(close(l), "TCP listener: close");
	for (i = 0; i < 3; i++) {
		path = path_in(dir, utname[i]);
		unlink(path);
		if (utypes[i] == SOCK_DGRAM) {
			u = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
			SYS(bind(u, (struct sockaddr *)&sun, sun_of(&sun, path)));
			v = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
			SYS(connect(v, (struct sockaddr *)&sun, sun_of(&sun, path)));
			check(write(v, "d", 1) == 1 && read(u, buf, sizeof(buf)) == 1,
			    "UNIX datagram: a message through a name");
			check_ok(close(v), "UNIX datagram: close the sender");
			check_ok(close(u), "UNIX datagram: close the receiver");
			rebinds_unix(SOCK_DGRAM, path, "UNIX datagram receiver");
			continue;
		}
		l = listen_at(path, utypes[i]);
		c = SYS(socket(AF_UNIX, utypes[i], 0));
		SYS(connect(c, (struct sockaddr *)&sun, sun_of(&sun, path)));
		a = SYS(accept(l, NULL, NULL));
		snprintf(buf, sizeof(buf), "UNIX %s", utname[i]);
		roundtrip(c, a, buf);
		check_ok(close(l), "UNIX %s listener: close", utname[i]);
		rebinds_unix(utypes[i], path, utname[i]);
	}
	u = inet_bound(SOCK_DGRAM, &uin);
	v = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	SYS(connect(v, (struct sockaddr *)&uin, sizeof(uin)));
	len = sizeof(sin);
	SYS(getsockname(v, (struct sockaddr *)&sin, &len));
	check(write(v, "d", 1) == 1 && read(u, buf, sizeof(buf)) == 1, "UDP: a datagram");
	check_ok(close(v), "UDP: close the sender");
	check_ok(close(u), "UDP: close the receiver");
	rebinds_inet(SOCK_DGRAM, &uin, "UDP receiver");
	rebinds_inet(SOCK_DGRAM, &sin, "UDP sender (its port picked by connect)");
}

/* Sends fd over s with SCM_RIGHTS. */
static int
send_fd(int s, int fd)
{
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int))];
	} cb;
	struct msghdr mh;
	struct iovec iov = { "f", 1 };

	memset(&mh, 0, sizeof(mh));
	memset(&cb, 0, sizeof(cb));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cb.b;
	mh.msg_controllen = sizeof(cb.b);
	CMSG_FIRSTHDR(&mh)->cmsg_level = SOL_SOCKET;
	CMSG_FIRSTHDR(&mh)->cmsg_type = SCM_RIGHTS;
	CMSG_FIRSTHDR(&mh)->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(CMSG_FIRSTHDR(&mh)), &fd, sizeof(int));
	return (int)sendmsg(s, &mh, 0);
}

static void
c_rights(void)
{
	struct sockaddr_in tin, uin;
	struct sockaddr_un sun;
	const char *path = path_in(dir, "passed");
	int i, sv[2], t, u, n, k;

	for (i = 0; i < 3; i++) {
		SYS(socketpair(AF_UNIX, utypes[i], 0, sv));
		t = inet_bound(SOCK_STREAM, &tin);
		SYS(listen(t, 5));
		u = inet_bound(SOCK_DGRAM, &uin);
		unlink(path);
		n = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
		SYS(bind(n, (struct sockaddr *)&sun, sun_of(&sun, path)));
		k = SYS(socket(AF_INET, SOCK_STREAM, 0));	/* never used before */
		check(send_fd(sv[0], t) == 1 && send_fd(sv[0], u) == 1 && send_fd(sv[0], n) == 1 &&
		    send_fd(sv[0], k) == 1, "four sockets passed over a UNIX %s socketpair", utname[i]);
		SYS(close(t));
		SYS(close(u));
		SYS(close(n));
		SYS(close(k));
		check_ok(close(sv[0]), "UNIX %s socketpair: the sender closes", utname[i]);
		check_ok(close(sv[1]), "UNIX %s socketpair: the receiver closes, nothing received", utname[i]);
		rebinds_inet(SOCK_STREAM, &tin, "TCP listener passed unreceived");
		rebinds_inet(SOCK_DGRAM, &uin, "UDP socket passed unreceived");
		rebinds_unix(SOCK_STREAM, path, "UNIX socket passed unreceived");
	}
}

static void
c_restart(void)
{
	struct sockaddr_in sin;
	int one = 1, l, c, a, s;
	char b;

	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	sin = loopback(0);
	{
		socklen_t len = sizeof(sin);

		SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
		SYS(getsockname(l, (struct sockaddr *)&sin, &len));
	}
	SYS(listen(l, 5));
	c = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(connect(c, (struct sockaddr *)&sin, sizeof(sin)));
	a = SYS(accept(l, NULL, NULL));
	SYS(write(c, "x", 1));
	SYS(read(a, &b, 1));
	/* The server closes first: its side of the connection waits in TIME_WAIT. */
	SYS(close(a));
	check_eq(read(c, &b, 1), 0, "the client reads the server's FIN");
	SYS(close(c));
	SYS(close(l));
	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	check_errno(bind(s, (struct sockaddr *)&sin, sizeof(sin)), EADDRINUSE,
	    "restarted without SO_REUSEADDR: EADDRINUSE while its connection is in TIME_WAIT");
	SYS(close(s));
	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	check_ok(bind(s, (struct sockaddr *)&sin, sizeof(sin)),
	    "restarted at once with SO_REUSEADDR: binds beside its connection in TIME_WAIT");
	check_ok(listen(s, 5), "and listens");
	SYS(close(s));
}

int
main(int argc, char **argv)
{
	if (argc != 3)
		bail("usage: lifecycle CASE DIR");
	t_start(60);
	signal(SIGPIPE, SIG_IGN);
	dir = argv[2];
	if (strcmp(argv[1], "nothing") == 0)
		c_nothing();
	else if (strcmp(argv[1], "options") == 0)
		c_options();
	else if (strcmp(argv[1], "bind") == 0)
		c_bind(0);
	else if (strcmp(argv[1], "bindfail") == 0)
		c_bindfail();
	else if (strcmp(argv[1], "connectfail") == 0)
		c_connectfail();
	else if (strcmp(argv[1], "listen") == 0)
		c_bind(1);
	else if (strcmp(argv[1], "transfer") == 0)
		c_transfer();
	else if (strcmp(argv[1], "rights") == 0)
		c_rights();
	else if (strcmp(argv[1], "restart") == 0)
		c_restart();
	else
		bail("unknown case %s", argv[1]);
	return t_end();
}
