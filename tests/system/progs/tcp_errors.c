/*
 * tcp_errors MODE ARGS: what a process sees of TCP's connection handling.
 *
 *   backlog ADDR PORT      a listener with backlog 1 that does not accept:
 *                          further connects are not refused but wait (their
 *                          SYN is ignored) and complete once it accepts
 *   refused HOST PORT      connect to a port nobody listens on: ECONNREFUSED
 *   unreach ADDR PORT SECS connect to an address no host has: after a while
 *                          ETIMEDOUT or EHOSTUNREACH, within SECS
 *   hold PORT              accept one connection and hold it, reading, until
 *                          EOF or error (the peer of keepalive)
 *   keepalive HOST PORT    SO_KEEPALIVE with TCP_KEEPIDLE/INTVL/CNT 1/1/3;
 *                          says "connected" and blocks in read: the test
 *                          silences the peer, and the read fails ETIMEDOUT
 *   linger-server PORT     accepts, sets SO_LINGER {1, 0} and closes: RST
 *   linger-client HOST PORT reads after the server's close: ECONNRESET
 */
#include "tap.h"
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>

static struct sockaddr_in
addr_of(const char *host, int port)
{
	struct sockaddr_in sin;
	struct hostent *hp;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	if (host == NULL)
		return sin;
	if ((hp = gethostbyname(host)) == NULL)
		bail("%s: unknown host", host);
	memcpy(&sin.sin_addr, hp->h_addr, hp->h_length);
	return sin;
}

static int
listener(const char *host, int port, int backlog)
{
	struct sockaddr_in sin = addr_of(host, port);
	int l = SYS(socket(AF_INET, SOCK_STREAM, 0)), one = 1;

	SYS(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(l, backlog));
	return l;
}

/* A non-blocking connect started; the socket. */
static int
nb_connect(struct sockaddr_in *sin, int *err)
{
	int s = SYS(socket(AF_INET, SOCK_STREAM, 0));

	SYS(fcntl(s, F_SETFL, O_NONBLOCK));
	*err = connect(s, (struct sockaddr *)sin, sizeof(*sin)) == 0 ? 0 : errno;
	return s;
}

/* Waits up to ms for s to turn writable; its SO_ERROR then, or -1 if not. */
static int
nb_wait(int s, int ms)
{
	struct pollfd p = { s, POLLOUT, 0 };
	int err = 0;
	socklen_t len = sizeof(err);

	if (poll(&p, 1, ms) != 1)
		return -1;
	SYS(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len));
	return err;
}

#define NC 8

static int
backlog(const char *addr, int port)
{
	struct sockaddr_in sin = addr_of(addr, port);
	int l = listener(addr, port, 1), c[NC], made = 0, i, err, acc = 0;
	double t0;

	/* Connect until one does not complete: the queue is full. */
	for (i = 0; i < NC; i++) {
		c[i] = nb_connect(&sin, &err);
		if (err != 0 && err != EINPROGRESS)
			bail("connect %d: %s", i, strerror(err));
		err = err == 0 ? 0 : nb_wait(c[i], 500);
		if (err == -1)
			break;
		if (err != 0)
			bail("connect %d failed: %s", i, strerror(err));
		made++;
	}
	diag("%d connections completed with backlog 1 before one waited", made);
	check(made >= 1 && made < NC, "backlog 1: the queue holds %d, then a connect waits", made);
	if (made >= NC)
		return t_end();
	/* It is not refused: still pending a while later. */
	err = nb_wait(c[made], 1500);
	check_eq(err, -1, "the connect beyond the queue is neither refused nor made while nobody accepts");
	/* Accept what is queued: the waiting one gets in (its SYN again). */
	t0 = now();
	for (i = 0; i < made; i++)
		if (accept(l, NULL, NULL) >= 0)
			acc++;
	check_eq(acc, made, "accept takes the %d queued connections", made);
	err = nb_wait(c[made], 20000);
	check_eq(err, 0, "the waiting connect completes once the server accepted");
	diag("it completed %.1f s after the accepts", now() - t0);
	SYS(fcntl(l, F_SETFL, O_NONBLOCK));
	for (i = 0; i < 100; i++) {
		int g = accept(l, NULL, NULL);
		if (g >= 0) {
			close(g);
			break;
		}
		msleep(20);
	}
	check(i < 100, "and the server accepts it");
	return t_end();
}

static int
refused(const char *host, int port)
{
	struct sockaddr_in sin = addr_of(host, port);
	int s = SYS(socket(AF_INET, SOCK_STREAM, 0)), err;

	check_errno(connect(s, (struct sockaddr *)&sin, sizeof(sin)), ECONNREFUSED,
	    "blocking connect to %s port %d, nobody listening: ECONNREFUSED", host, port);
	close(s);
	s = nb_connect(&sin, &err);
	if (err == EINPROGRESS)
		err = nb_wait(s, 10000);
	check_eq(err, ECONNREFUSED, "non-blocking: SO_ERROR says ECONNREFUSED");
	close(s);
	return t_end();
}

static int
unreach(const char *addr, int port, int secs)
{
	struct sockaddr_in sin = addr_of(addr, port);
	int s, err;
	double t0 = now();

	s = nb_connect(&sin, &err);
	if (err == EINPROGRESS)
		err = nb_wait(s, secs * 1000);
	diag("connect to %s decided after %.1f s: %s", addr, now() - t0,
	    err == -1 ? "still pending" : strerror(err));
	check(err == ETIMEDOUT || err == EHOSTUNREACH,
	    "connect to %s, which no host has: ETIMEDOUT or EHOSTUNREACH within %d s", addr, secs);
	close(s);
	return t_end();
}

static int
hold(int port)
{
	int l = listener(NULL, port, 5), g;
	char buf[256];

	printf("# ready\n");
	g = SYS(accept(l, NULL, NULL));
	while (read(g, buf, sizeof(buf)) > 0)
		;
	return 0;
}

static int
keepalive(const char *host, int port)
{
	struct sockaddr_in sin = addr_of(host, port);
	int s = SYS(socket(AF_INET, SOCK_STREAM, 0)), one = 1, v, n = 0;
	socklen_t len = sizeof(v);
	char c;
	double t0;

	SYS(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)));
	v = 1; SYS(setsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof(v)));
	v = 1; SYS(setsockopt(s, IPPROTO_TCP, TCP_KEEPINTVL, &v, sizeof(v)));
	v = 3; SYS(setsockopt(s, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof(v)));
	SYS(getsockopt(s, IPPROTO_TCP, TCP_KEEPCNT, &n, &len));
	check_eq(n, 3, "TCP_KEEPCNT reads back 3");
	check_ok(connect(s, (struct sockaddr *)&sin, sizeof(sin)), "connect to %s", host);
	printf("# connected\n");
	fflush(stdout);
	t0 = now();
	check_errno(read(s, &c, 1), ETIMEDOUT, "keepalive declares the silent peer dead: read fails with ETIMEDOUT");
	diag("after %.1f s", now() - t0);
	close(s);
	return t_end();
}

static int
linger_server(int port)
{
	int l = listener(NULL, port, 5), g;
	struct linger lg = { 1, 0 };
	char c;

	printf("# ready\n");
	fflush(stdout);
	g = SYS(accept(l, NULL, NULL));
	check_eq(read(g, &c, 1), 1, "server: the client's byte");
	check_ok(setsockopt(g, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)), "server: SO_LINGER on, 0 s");
	check_ok(close(g), "server: close sends RST");
	return t_end();
}

static int
linger_client(const char *host, int port)
{
	struct sockaddr_in sin = addr_of(host, port);
	int s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	char c;

	check_ok(connect(s, (struct sockaddr *)&sin, sizeof(sin)), "client: connect to %s", host);
	SYS(write(s, "x", 1));
	check_errno(read(s, &c, 1), ECONNRESET, "client: the blocked read fails with ECONNRESET");
	close(s);
	return t_end();
}

int
main(int argc, char **argv)
{
	t_start(60);
	if (argc == 4 && strcmp(argv[1], "backlog") == 0)
		return backlog(argv[2], atoi(argv[3]));
	if (argc == 4 && strcmp(argv[1], "refused") == 0)
		return refused(argv[2], atoi(argv[3]));
	if (argc == 5 && strcmp(argv[1], "unreach") == 0)
		return unreach(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc == 3 && strcmp(argv[1], "hold") == 0)
		return hold(atoi(argv[2]));
	if (argc == 4 && strcmp(argv[1], "keepalive") == 0)
		return keepalive(argv[2], atoi(argv[3]));
	if (argc == 3 && strcmp(argv[1], "linger-server") == 0)
		return linger_server(atoi(argv[2]));
	if (argc == 4 && strcmp(argv[1], "linger-client") == 0)
		return linger_client(argv[2], atoi(argv[3]));
	bail("usage: tcp_errors backlog|refused|unreach|hold|keepalive|linger-server|linger-client ...");
}
