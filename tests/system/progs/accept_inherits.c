/*
 * accept_inherits: what an accepted socket takes from its listener, as
 * Linux gives it.  A TCP connection is a clone of its listener
 * (sk_clone_lock): SO_RCVTIMEO, SO_SNDTIMEO and SO_OOBINLINE read back as
 * the listener's, and a blocking read with nothing to read fails with
 * EAGAIN once SO_RCVTIMEO has passed.  An AF_UNIX stream connection is a
 * fresh socket (unix_stream_connect): its timeouts read back unset and
 * SO_OOBINLINE off, whatever its listener has; SO_PASSCRED alone comes
 * along, and accept works on a listener that has it.
 *
 *	accept_inherits DIR	(DIR: where the UNIX listener's name goes)
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include "tap.h"

static const struct timeval rcv = { 0, 200000 }, snd = { 0, 300000 };

/* Sets the three options on listener l. */
static void
set_three(int l)
{
	int on = 1;

	SYS(setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &rcv, sizeof(rcv)));
	SYS(setsockopt(l, SOL_SOCKET, SO_SNDTIMEO, &snd, sizeof(snd)));
	SYS(setsockopt(l, SOL_SOCKET, SO_OOBINLINE, &on, sizeof(on)));
}

/* Whether s's option name reads back as the time want. */
static int
timeo_is(int s, int name, const struct timeval *want)
{
	struct timeval tv;
	socklen_t len = sizeof(tv);

	return getsockopt(s, SOL_SOCKET, name, &tv, &len) == 0 &&
	    tv.tv_sec == want->tv_sec && tv.tv_usec == want->tv_usec;
}

int
main(int argc, char **argv)
{
	static const struct timeval none = { 0, 0 };
	struct sockaddr_in sin;
	int l, c, s;
	char b;
	ssize_t n;

	if (argc != 2)
		return 2;
	alarm(30);
	/* TCP */
	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	listen_loopback(l, &sin, 1);
	set_three(l);
	c = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(connect(c, (struct sockaddr *)&sin, sizeof(sin)));
	s = SYS(accept(l, NULL, NULL));
	check(timeo_is(s, SO_RCVTIMEO, &rcv), "tcp: the accepted socket has its listener's SO_RCVTIMEO");
	check(timeo_is(s, SO_SNDTIMEO, &snd), "tcp: and its SO_SNDTIMEO");
	check(sockopt_int(s, SOL_SOCKET, SO_OOBINLINE) == 1, "tcp: and its SO_OOBINLINE (%d)", sockopt_int(s, SOL_SOCKET, SO_OOBINLINE));
	n = read(s, &b, 1);
	check(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK),
	    "tcp: a blocking read with nothing to read fails with EAGAIN after SO_RCVTIMEO (%zd)", n);
	close(s);
	close(c);
	close(l);

	/* AF_UNIX stream */
	l = listen_at(path_in(argv[1], "l"), SOCK_STREAM);
	set_three(l);
	c = SYS(connect_to(path_in(argv[1], "l"), SOCK_STREAM));
	s = SYS(accept(l, NULL, NULL));
	check(timeo_is(s, SO_RCVTIMEO, &none), "unix: the accepted socket's SO_RCVTIMEO is unset, not its listener's");
	check(timeo_is(s, SO_SNDTIMEO, &none), "unix: and its SO_SNDTIMEO");
	check(sockopt_int(s, SOL_SOCKET, SO_OOBINLINE) == 0, "unix: and SO_OOBINLINE is off (%d)", sockopt_int(s, SOL_SOCKET, SO_OOBINLINE));
	close(s);
	close(c);
	close(l);

	/*
	 * A UNIX listener with SO_PASSCRED (as D-Bus and systemd set it):
	 * accept works, and the new socket has SO_PASSCRED too, the one flag
	 * Linux's unix_accept passes on (unix_sock_inherit_flags).
	 */
	{
		int on = 1, v = -1;
		socklen_t vl = sizeof(v);

		l = listen_at(path_in(argv[1], "p"), SOCK_STREAM);
		SYS(setsockopt(l, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
		c = SYS(connect_to(path_in(argv[1], "p"), SOCK_STREAM));
		s = accept(l, NULL, NULL);
		if (check(s >= 0, "unix: accept on a listener with SO_PASSCRED%s%s",
		    s < 0 ? ": " : "", s < 0 ? strerror(errno) : "")) {
			if (getsockopt(s, SOL_SOCKET, SO_PASSCRED, &v, &vl) < 0)
				v = -1;
			check(v == 1, "unix: the accepted socket has SO_PASSCRED (%d)", v);
			close(s);
		}
		close(c);
		close(l);
	}
	return t_failed ? 1 : 0;
}
