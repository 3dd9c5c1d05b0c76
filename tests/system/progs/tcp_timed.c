/*
 * tcp_timed: TCP connections whose timers take minutes or hours, for
 * tests/system/clock_moved.t, which moves the system's wall clock rather
 * than waiting.  Plain BSD sockets.
 *
 *	tcp_timed keepalive HOST PORT	connects with SO_KEEPALIVE at Linux's
 *					defaults (2 h idle, 9 probes 75 s apart),
 *					says "# connected", then reads: the read
 *					fails once the silent peer is declared dead
 *	tcp_timed close-first HOST PORT	connects, reads the server's greeting
 *					(so the connection is accepted), closes
 *					first: its end goes to TIME_WAIT once the
 *					server closes
 *	tcp_timed server PORT		accepts one connection, greets it, reads
 *					to EOF, closes
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "tap.h"

static int
connected(const char *host, int port)
{
	struct sockaddr_in sin;
	int s = SYS(socket(AF_INET, SOCK_STREAM, 0));

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	if (inet_aton(host, &sin.sin_addr) == 0)
		bail("bad address %s", host);
	SYS(connect(s, (struct sockaddr *)&sin, sizeof(sin)));
	return s;
}

static int
server(int port)
{
	struct sockaddr_in sin;
	int l = SYS(socket(AF_INET, SOCK_STREAM, 0)), g, on = 1;
	char buf[64];

	SYS(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(l, 5));
	printf("# ready\n");
	fflush(stdout);
	g = SYS(accept(l, NULL, NULL));
	SYS(write(g, "h", 1));
	while (read(g, buf, sizeof(buf)) > 0)
		;
	close(g);
	return 0;
}

int
main(int argc, char **argv)
{
	int s, on = 1, v;
	socklen_t len = sizeof(v);
	char c;
	ssize_t n;

	if (argc == 3 && strcmp(argv[1], "server") == 0)
		return server(atoi(argv[2]));
	if (argc != 4)
		bail("usage: tcp_timed keepalive|close-first HOST PORT | server PORT");
	s = connected(argv[2], atoi(argv[3]));
	if (strcmp(argv[1], "close-first") == 0) {
		check(read(s, &c, 1) == 1, "the server greets");
		check(close(s) == 0, "the client closes first");
		return t_failed ? 1 : 0;
	}
	SYS(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)));
	SYS(getsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &v, &len));
	check(v == 7200, "TCP_KEEPIDLE is Linux's default, 7200 s (got %d)", v);
	printf("# connected\n");
	fflush(stdout);
	n = read(s, &c, 1);
	check(n < 0 && (errno == ETIMEDOUT || errno == EHOSTUNREACH),
	    "keepalive declares the silent peer dead (read: %zd, %s)", n, n < 0 ? strerror(errno) : "-");
	return t_failed ? 1 : 0;
}
