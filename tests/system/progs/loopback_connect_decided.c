/*
 * loopback_connect_decided: a non-blocking TCP connect to an address of
 * the same host has its outcome before connect() returns, as on Linux.
 *
 * Linux sends a loopback segment through the receive path in the
 * sender's own context (loopback_xmit, then the softirq run as the
 * connect call re-enables bottom halves; the answer to the connecting
 * socket waits in its backlog until release_sock, still inside the
 * call).  So connect() answers EINPROGRESS, yet by then
 *   - to a port bound but not listening, the reset is in: poll reports
 *     the socket at once, SO_ERROR is ECONNREFUSED, and a connect made
 *     straight away reports ECONNREFUSED (not EALREADY);
 *   - to a listener, SYN, SYN-ACK and ACK are all done: poll reports
 *     the socket writable at once, getpeername names the listener, and
 *     a non-blocking accept finds the connection (not EAGAIN); a
 *     connect again answers 0, the outcome the first one did not tell
 *     (inet_stream_connect moves SS_CONNECTING to SS_CONNECTED then),
 *     and EISCONN only after that, or after a blocking connect.
 * CPython's test_sock_client_connect_racing counts on the first (a
 * refusal decided before the program's next call, here its listen).
 *
 * Nothing here waits: each check is made straight after connect()
 * returns, with poll timeouts of 0.  Each case runs ROUNDS times on
 * fresh sockets, so that a system which decides the outcome after
 * answering (a race it usually loses to the program) fails at least
 * one round; one line per check says in how many rounds it held.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#include "tap.h"

#define ROUNDS	20

/* A check made every round: how many rounds it failed, and the first failure. */
struct tally {
	const char *what;
	int failed;
	char first[160];
};

static __attribute__((format(printf, 4, 5))) void
tally(struct tally *t, int round, int ok, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ok || t->failed++ > 0)
		return;
	n = snprintf(t->first, sizeof(t->first), "round %d: ", round);
	va_start(ap, fmt);
	vsnprintf(t->first + n, sizeof(t->first) - (size_t)n, fmt, ap);
	va_end(ap);
}

static void
report(const struct tally *t, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		check(t[i].failed == 0, "%s (in all %d rounds)", t[i].what, ROUNDS);
		if (t[i].failed > 0)
			diag("  failed in %d rounds; first, %s", t[i].failed, t[i].first);
	}
}

static const char *
err_name(int r, int e)
{
	return r == 0 ? "0" : strerror(e);
}

/* A TCP socket bound to 127.0.0.1, port chosen by the system; its address in *sin. */
static int
bound(struct sockaddr_in *sin)
{
	socklen_t l = sizeof(*sin);
	int s = SYS(socket(AF_INET, SOCK_STREAM, 0));

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	SYS(bind(s, (struct sockaddr *)sin, sizeof(*sin)));
	SYS(getsockname(s, (struct sockaddr *)sin, &l));
	return s;
}

/* A non-blocking connect to sin; its result (0 or an errno) in *e, the socket returned. */
static int
start_connect(const struct sockaddr_in *sin, int *e)
{
	int s = SYS(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));

	*e = connect(s, (const struct sockaddr *)sin, sizeof(*sin)) == 0 ? 0 : errno;
	return s;
}

/* poll(2) on s with timeout 0: its revents. */
static int
revents_now(int s)
{
	struct pollfd p = { s, POLLIN | POLLOUT, 0 };

	return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

enum { R_INPROG, R_POLL, R_SOERROR, R_AGAIN, R_NCHECKS };

/* To a port bound but not listening. */
static void
refused(void)
{
	struct tally t[R_NCHECKS] = {
		{ "closed port: connect answers EINPROGRESS", 0, "" },
		{ "closed port: poll at once reports the socket (POLLOUT)", 0, "" },
		{ "closed port: SO_ERROR at once is ECONNREFUSED", 0, "" },
		{ "closed port: a second connect at once reports ECONNREFUSED", 0, "" },
	};
	struct sockaddr_in sin;
	int i, ls, s, e, ev, err, r;
	socklen_t l;

	for (i = 0; i < ROUNDS; i++) {
		ls = bound(&sin);
		s = start_connect(&sin, &e);
		ev = revents_now(s);
		err = -1;
		l = sizeof(err);
		SYS(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &l));
		tally(&t[R_INPROG], i, e == EINPROGRESS, "connect: %s", err_name(e != 0, e));
		tally(&t[R_POLL], i, (ev & POLLOUT) != 0, "revents %#x", ev);
		tally(&t[R_SOERROR], i, err == ECONNREFUSED, "SO_ERROR %d (%s)", err, strerror(err));
		close(s);

		/* The refusal is reported by the next connect when it is not read first. */
		s = start_connect(&sin, &e);
		r = connect(s, (struct sockaddr *)&sin, sizeof(sin));
		e = errno;
		tally(&t[R_AGAIN], i, r == -1 && e == ECONNREFUSED, "second connect: %s",
		    err_name(r, e));
		close(s);
		close(ls);
	}
	report(t, R_NCHECKS);
}

enum { L_INPROG, L_POLL, L_SOERROR, L_PEER, L_ACCEPT, L_AGAIN, L_BLOCKING, L_NCHECKS };

/* To a listener. */
static void
listening(void)
{
	struct tally t[L_NCHECKS] = {
		{ "listener: connect answers EINPROGRESS", 0, "" },
		{ "listener: poll at once reports the socket writable", 0, "" },
		{ "listener: SO_ERROR at once is 0", 0, "" },
		{ "listener: getpeername at once names the listener", 0, "" },
		{ "listener: a non-blocking accept at once finds the connection, from the client's address",
		    0, "" },
		{ "listener: connect again answers 0 (the outcome), then EISCONN", 0, "" },
		{ "listener: a blocking connect answers 0, the next EISCONN", 0, "" },
	};
	struct sockaddr_in sin, peer, me, from;
	int i, ls, s, a, e, ev, err, r;
	socklen_t l;

	for (i = 0; i < ROUNDS; i++) {
		ls = bound(&sin);
		SYS(listen(ls, 4));
		SYS(fcntl(ls, F_SETFL, O_NONBLOCK));
		s = start_connect(&sin, &e);
		ev = revents_now(s);
		err = -1;
		l = sizeof(err);
		SYS(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &l));
		l = sizeof(peer);
		memset(&peer, 0, sizeof(peer));
		r = getpeername(s, (struct sockaddr *)&peer, &l);
		tally(&t[L_INPROG], i, e == EINPROGRESS, "connect: %s", err_name(e != 0, e));
		tally(&t[L_POLL], i, (ev & POLLOUT) && !(ev & (POLLERR | POLLHUP)), "revents %#x", ev);
		tally(&t[L_SOERROR], i, err == 0, "SO_ERROR %d (%s)", err, strerror(err));
		tally(&t[L_PEER], i, r == 0 && peer.sin_port == sin.sin_port &&
		    peer.sin_addr.s_addr == sin.sin_addr.s_addr, "getpeername: %s",
		    err_name(r, errno));

		l = sizeof(from);
		a = accept(ls, (struct sockaddr *)&from, &l);
		e = errno;
		l = sizeof(me);
		SYS(getsockname(s, (struct sockaddr *)&me, &l));
		tally(&t[L_ACCEPT], i, a >= 0 && from.sin_port == me.sin_port &&
		    from.sin_addr.s_addr == me.sin_addr.s_addr, "accept: %s",
		    a >= 0 ? "a connection from another address" : strerror(e));
		if (a >= 0)
			close(a);
		r = connect(s, (struct sockaddr *)&sin, sizeof(sin));
		e = errno;
		tally(&t[L_AGAIN], i, r == 0 && connect(s, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
		    errno == EISCONN, "connect again: %s", err_name(r, e));
		close(s);

		s = SYS(socket(AF_INET, SOCK_STREAM, 0));
		r = connect(s, (struct sockaddr *)&sin, sizeof(sin));
		e = errno;
		tally(&t[L_BLOCKING], i, r == 0 && connect(s, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
		    errno == EISCONN, "blocking connect: %s", err_name(r, e));
		if ((a = accept(ls, NULL, NULL)) >= 0)
			close(a);
		close(s);
		close(ls);
	}
	report(t, L_NCHECKS);
}

/*
 * CPython's sequence: a connect to a port bound but not listening, its
 * refusal left unread; then listen, and connect again on the same socket:
 * that connect reports the refusal, and the one after it connects at once.
 */
static void
cpython_racing(void)
{
	struct tally t[3] = {
		{ "refused, then listen: the next connect reports ECONNREFUSED", 0, "" },
		{ "refused, then listen: the connect after it answers EINPROGRESS", 0, "" },
		{ "refused, then listen: that connection is made at once (poll, SO_ERROR 0)", 0, "" },
	};
	struct sockaddr_in sin;
	int i, ls, s, e, r, ev, err;
	socklen_t l;

	for (i = 0; i < ROUNDS; i++) {
		ls = bound(&sin);
		s = start_connect(&sin, &e);
		SYS(listen(ls, 4));
		r = connect(s, (struct sockaddr *)&sin, sizeof(sin));
		e = errno;
		tally(&t[0], i, r == -1 && e == ECONNREFUSED, "connect after listen: %s",
		    err_name(r, e));
		r = connect(s, (struct sockaddr *)&sin, sizeof(sin));
		e = errno;
		tally(&t[1], i, r == -1 && e == EINPROGRESS, "the next connect: %s", err_name(r, e));
		ev = revents_now(s);
		err = -1;
		l = sizeof(err);
		SYS(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &l));
		tally(&t[2], i, (ev & POLLOUT) && !(ev & (POLLERR | POLLHUP)) && err == 0,
		    "revents %#x, SO_ERROR %d", ev, err);
		close(s);
		close(ls);
	}
	report(t, 3);
}

int
main(void)
{
	t_start(60);
	refused();
	listening();
	cpython_racing();
	return t_end();
}
