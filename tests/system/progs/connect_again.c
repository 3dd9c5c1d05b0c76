/*
 * connect_again: a non-blocking TCP connect that was refused, then
 * connect again on the same socket once the server listens (issue 10;
 * CPython's test_sock_client_connect_racing).  Linux (inet_stream_connect):
 * the connect after the refusal reports it (ECONNREFUSED; EALREADY while
 * the reset is still on its way) and leaves the socket unconnected, and
 * the next one starts anew and connects.  The first refusal is left
 * unread on purpose, as asyncio's cancelled task leaves it, and the
 * socket stays in an epoll set from its first attempt on, as asyncio's
 * registration may: the new attempt's outcome must reach that set.
 */
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/epoll.h>

#include "tap.h"

#define TAG	0x5eedULL	/* the epoll set's data for the socket */

/* Waits (bounded) in epoll set ep until s is writable or in error; returns SO_ERROR, -1 on timeout. */
static int
wait_done(int ep, int s)
{
	struct epoll_event ev;
	int err = -1;
	socklen_t l = sizeof(err);

	if (epoll_wait(ep, &ev, 1, 10000) != 1 || ev.data.u64 != TAG)
		return -1;
	SYS(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &l));
	return err;
}

int
main(void)
{
	struct sockaddr_in sin;
	socklen_t l = sizeof(sin);
	struct epoll_event ev = { EPOLLOUT, { .u64 = TAG } };
	int ls, s, a, r, e, i, ep, refused = 0, connected = 0;

	alarm(60);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ls = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(ls, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(getsockname(ls, (struct sockaddr *)&sin, &l));
	s = SYS(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
	ep = SYS(epoll_create1(EPOLL_CLOEXEC));
	SYS(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	r = connect(s, (struct sockaddr *)&sin, sizeof(sin));
	e = errno;
	check(r == -1 && (e == EINPROGRESS || e == ECONNREFUSED),
	    "first connect, nothing listening: EINPROGRESS or ECONNREFUSED");
	if (r == -1 && e == ECONNREFUSED)
		refused = 1;
	/*
	 * The refusal is in before the listen (as on Linux, whose loopback
	 * answers within the connect call): the socket turns writable once
	 * the attempt is decided.  Its error stays unread.
	 */
	{
		struct pollfd p = { s, POLLOUT, 0 };

		check_eq(poll(&p, 1, 10000), 1, "the first attempt is decided (poll)");
	}
	SYS(listen(ls, 1));
	/*
	 * Again until it connects: each try that is not the new connection's
	 * start waits for the socket to settle first, so the count of tries
	 * bounds the loop, not the time a reset takes.
	 */
	for (i = 0; i < 8 && !connected; i++) {
		r = connect(s, (struct sockaddr *)&sin, sizeof(sin));
		e = r == 0 ? 0 : errno;
		diag("try %d: connect %d %s", i, r, r == 0 ? "" : strerror(e));
		if (r == 0) {
			connected = 1;
		} else if (e == ECONNREFUSED) {
			refused++;
		} else if (e == EALREADY) {
			(void)wait_done(ep, s);	/* the first attempt still on its way */
		} else if (e == EINPROGRESS) {
			r = wait_done(ep, s);
			check_eq(r, 0, "the new attempt's outcome reached the epoll set: connected"
			    " (-1: nothing within 10 s)");
			connected = r == 0;
			break;
		} else {
			break;
		}
	}
	check(refused >= 1, "the refusal was reported once, by a connect");
	check(connected, "a later connect on the same socket connected");
	if (connected) {
		a = accept(ls, NULL, NULL);
		check_ok(a, "the listener accepted it");
		if (a >= 0) {
			check_eq(write(s, "x", 1), 1, "data flows on the connection");
			close(a);
		}
	}
	close(s);
	close(ls);
	return t_failed != 0;
}
