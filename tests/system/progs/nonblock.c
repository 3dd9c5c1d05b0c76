/*
 * nonblock DIR: non-blocking accept and connect on UNIX stream sockets.
 * accept on an empty queue fails with EAGAIN; a connect completes and the
 * descriptor is writable (SO_ERROR 0).
 *
 * Linux: a non-blocking AF_UNIX connect to a listener with room in its
 * backlog completes at once (returns 0, never EINPROGRESS); with the
 * backlog full it fails with EAGAIN.  An accepted socket does not inherit
 * O_NONBLOCK from the listener (BSD's does).
 */
#include "tap.h"
#include <poll.h>

int
main(int argc, char **argv)
{
	const char *path, *full;
	struct pollfd pfd;
	int l, c, a, f, c1, c2, e, n;
	char buf[16];
	double t0;

	if (argc != 2)
		bail("usage: nonblock DIR");
	t_start(30);
	path = path_in(argv[1], "s");
	full = path_in(argv[1], "full");
	l = listen_at(path, SOCK_STREAM);
	SYS(fcntl(l, F_SETFL, O_NONBLOCK));
	t0 = now();
	check_errno(accept(l, NULL, NULL), EAGAIN, "non-blocking accept on an empty queue: EAGAIN");
	check(now() - t0 < 0.1, "at once");
	pfd.fd = l;
	pfd.events = POLLIN;
	check_eq(poll(&pfd, 1, 0), 0, "the listener is not readable with nothing queued");

	c = SYS(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
	{
		struct sockaddr_un sun;
		socklen_t len = sun_of(&sun, path);
		n = connect(c, (struct sockaddr *)&sun, len);
		e = errno;
		check(n == 0, "non-blocking connect completes at once (Linux)");
		if (n != 0)
			diag("  connect: %s", strerror(e));
		pfd.fd = c;
		pfd.events = POLLOUT;
		check(poll(&pfd, 1, 2000) == 1 && (pfd.revents & POLLOUT), "the connecting descriptor is writable");
		n = -1;
		socklen_t sl = sizeof(n);
		check(getsockopt(c, SOL_SOCKET, SO_ERROR, &n, &sl) == 0 && n == 0, "SO_ERROR 0: connected");
		check_errno(connect(c, (struct sockaddr *)&sun, len), EISCONN, "connect again: EISCONN");
	}
	pfd.fd = l;
	pfd.events = POLLIN;
	check(poll(&pfd, 1, 2000) == 1 && (pfd.revents & POLLIN), "the listener turns readable");
	a = accept(l, NULL, NULL);
	check_ok(a, "non-blocking accept then returns the connection");
	check(!(fcntl(a, F_GETFL) & O_NONBLOCK), "the accepted socket does not inherit O_NONBLOCK (Linux)");
	a = a >= 0 ? a : SYS(accept(l, NULL, NULL));
	check(write(c, "hi", 2) == 2 && read(a, buf, sizeof(buf)) == 2, "data flows over it");
	check_errno(read(c, buf, sizeof(buf)), EAGAIN, "a non-blocking read with nothing queued: EAGAIN");
	close(a);
	a = accept4(l, NULL, NULL, SOCK_NONBLOCK);
	check_errno(a, EAGAIN, "accept4 on the empty queue: EAGAIN");
	c1 = connect_to(path, SOCK_STREAM);
	a = accept4(l, NULL, NULL, SOCK_NONBLOCK);
	check(a >= 0 && (fcntl(a, F_GETFL) & O_NONBLOCK), "accept4 SOCK_NONBLOCK gives a non-blocking socket");
	close(a); close(c1); close(c);

	/* A full backlog: a non-blocking connect fails with EAGAIN. */
	f = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
	{
		struct sockaddr_un sun;
		socklen_t len = sun_of(&sun, full);
		SYS(bind(f, (struct sockaddr *)&sun, len));
		SYS(listen(f, 0));
		c1 = SYS(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
		check_ok(connect(c1, (struct sockaddr *)&sun, len), "backlog 0: a first connect is queued");
		c2 = SYS(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
		check_errno(connect(c2, (struct sockaddr *)&sun, len), EAGAIN,
		    "backlog full: a non-blocking connect fails with EAGAIN (Linux)");
		close(SYS(accept(f, NULL, NULL)));
		close(c2);
		c2 = SYS(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
		check_ok(connect(c2, (struct sockaddr *)&sun, len), "once accepted, there is room again");
		close(c1); close(c2);
	}
	close(f); close(l);
	return t_end();
}
