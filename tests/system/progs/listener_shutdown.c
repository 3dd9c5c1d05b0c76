/*
 * listener_shutdown DIR: shutdown(2) on a listening socket, as Linux
 * answers where the primer is silent (issue 10).
 *
 *   TCP   SHUT_RD or SHUT_RDWR stops listening: an accept blocked in
 *         another thread returns EINVAL, a connection queued unaccepted
 *         is reset, connects are refused, and a second shutdown is
 *         ENOTCONN.  SHUT_WR does nothing: it still listens.
 *   UNIX  SHUT_RD refuses new connections (ECONNREFUSED) and wakes a
 *         blocked accept with EINVAL; a connection queued before it is
 *         still accepted first.
 *
 * "Blocked" is a condition, not a time: the accepting thread's state in
 * /proc is waited for (sleeping), bounded.
 */
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <sys/syscall.h>

#include "tap.h"
#include "thread_wait.h"

struct acceptor {
	int fd;
	pid_t tid;
	volatile int started;
	int rc, err;
};

static void *
acceptor_run(void *arg)
{
	struct acceptor *a = arg;

	a->tid = (pid_t)syscall(SYS_gettid);
	a->started = 1;
	a->rc = accept(a->fd, NULL, NULL);
	a->err = errno;
	return NULL;
}

/* Starts a thread accepting on fd; returns once it sleeps in accept (at most 10 s). */
static pthread_t
start_acceptor(struct acceptor *a, int fd)
{
	pthread_t t;
	double t0 = now();

	memset(a, 0, sizeof(*a));
	a->fd = fd;
	if (pthread_create(&t, NULL, acceptor_run, a) != 0)
		bail("pthread_create");
	while ((!a->started || !thread_sleeping(a->tid)) && now() - t0 < 10)
		msleep(5);
	if (!a->started || !thread_sleeping(a->tid))
		diag("the accepting thread was not seen asleep; checking its answer anyway");
	return t;
}

static int
tcp_listener(struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	int l;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(l, (struct sockaddr *)sin, sizeof(*sin)));
	SYS(listen(l, 5));
	SYS(getsockname(l, (struct sockaddr *)sin, &len));
	return l;
}

static int
tcp_connect(const struct sockaddr_in *sin)
{
	int c = SYS(socket(AF_INET, SOCK_STREAM, 0));

	if (connect(c, (const struct sockaddr *)sin, sizeof(*sin)) < 0) {
		int e = errno;

		close(c);
		errno = e;
		return -1;
	}
	return c;
}

static int
acceptconn(int s)
{
	int v = -1;
	socklen_t l = sizeof(v);

	getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &l);
	return v;
}

static void
t_tcp_wakes(int how, const char *hn)
{
	struct sockaddr_in sin;
	struct acceptor a;
	pthread_t t;
	int l, c;

	l = tcp_listener(&sin);
	t = start_acceptor(&a, l);
	check_ok(shutdown(l, how), "tcp: shutdown(%s) of a listener: 0", hn);
	if (!check(thread_joined(t), "tcp: the accept blocked in another thread returns"))
		bail("the accepting thread hangs");
	check(a.rc == -1 && a.err == EINVAL, "tcp: it fails with EINVAL (got %d, %s)", a.rc,
	    a.rc == -1 ? strerror(a.err) : "-");
	check_errno(accept(l, NULL, NULL), EINVAL, "tcp: a later accept: EINVAL");
	check_eq(acceptconn(l), 0, "tcp: SO_ACCEPTCONN is 0 after shutdown(%s)", hn);
	c = tcp_connect(&sin);
	check_errno(c, ECONNREFUSED, "tcp: a connect to its port is refused");
	check_errno(shutdown(l, SHUT_RD), ENOTCONN, "tcp: a second shutdown: ENOTCONN");
	close(l);
}

static void
t_tcp_queued(void)
{
	struct sockaddr_in sin;
	char b;
	int l, c;

	l = tcp_listener(&sin);
	c = tcp_connect(&sin);
	check_ok(c, "tcp: a connection made, left unaccepted");
	SYS(shutdown(l, SHUT_RD));
	check_errno(accept(l, NULL, NULL), EINVAL, "tcp: after shutdown it is not accepted: EINVAL");
	{
		struct timeval tv = { 10, 0 };

		SYS(setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	}
	check_errno(recv(c, &b, 1, 0), ECONNRESET, "tcp: the queued connection was reset");
	close(c);
	close(l);
}

static void
t_tcp_shut_wr(void)
{
	struct sockaddr_in sin;
	int l, c, a;

	l = tcp_listener(&sin);
	check_ok(shutdown(l, SHUT_WR), "tcp: shutdown(SHUT_WR) of a listener: 0");
	check_eq(acceptconn(l), 1, "tcp: it still listens (SO_ACCEPTCONN 1)");
	c = tcp_connect(&sin);
	check_ok(c, "tcp: a connect after shutdown(SHUT_WR) works");
	a = accept(l, NULL, NULL);
	check_ok(a, "tcp: and is accepted");
	if (a >= 0)
		close(a);
	if (c >= 0)
		close(c);
	close(l);
}

static void
t_unix(const char *dir, int type, const char *tn)
{
	struct sockaddr_un sun;
	struct acceptor a;
	pthread_t t;
	char path[256];
	int l, c, q, s;

	snprintf(path, sizeof(path), "%s/lshut.%s", dir, tn);
	l = listen_at(path, type);
	t = start_acceptor(&a, l);
	check_ok(shutdown(l, SHUT_RD), "%s: shutdown(SHUT_RD) of a listener: 0", tn);
	if (!check(thread_joined(t), "%s: the accept blocked in another thread returns", tn))
		bail("the accepting thread hangs");
	check(a.rc == -1 && a.err == EINVAL, "%s: it fails with EINVAL (got %d, %s)", tn, a.rc,
	    a.rc == -1 ? strerror(a.err) : "-");
	check_errno(connect_to(path, type), ECONNREFUSED, "%s: a connect after it is refused", tn);
	check_eq(acceptconn(l), 1, "%s: SO_ACCEPTCONN stays 1", tn);
	close(l);
	unlink(path);

	/* A connection queued before the shutdown is still handed out, then EINVAL. */
	l = listen_at(path, type);
	q = connect_to(path, type);
	check_ok(q, "%s: a connection queued", tn);
	SYS(shutdown(l, SHUT_RD));
	s = accept(l, NULL, NULL);
	check_ok(s, "%s: the connection queued before shutdown is still accepted", tn);
	check_errno(accept(l, NULL, NULL), EINVAL, "%s: then accept: EINVAL", tn);
	if (s >= 0 && q >= 0) {
		char b = 0;

		check(send(q, "z", 1, 0) == 1 && recv(s, &b, 1, 0) == 1 && b == 'z',
		    "%s: and that connection carries data", tn);
	}
	if (s >= 0)
		close(s);
	if (q >= 0)
		close(q);
	c = SYS(socket(AF_UNIX, type, 0));
	check_errno(connect(c, (struct sockaddr *)&sun, sun_of(&sun, path)), ECONNREFUSED,
	    "%s: a connect is refused", tn);
	close(c);
	close(l);
}

int
main(int argc, char **argv)
{
	if (argc != 2)
		bail("usage: listener_shutdown DIR");
	t_start(60);
	signal(SIGPIPE, SIG_IGN);
	t_tcp_wakes(SHUT_RD, "SHUT_RD");
	t_tcp_wakes(SHUT_RDWR, "SHUT_RDWR");
	t_tcp_queued();
	t_tcp_shut_wr();
	t_unix(argv[1], SOCK_STREAM, "unix stream");
	t_unix(argv[1], SOCK_SEQPACKET, "unix seqpacket");
	return t_end();
}
