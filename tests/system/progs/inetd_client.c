/*
 * inetd_client: a client of inetd's services for the system tests; plain
 * BSD sockets, so it runs on the Linux kernel and on uipc alike.
 *
 *   inetd_client builtins HOST      each internal service on TCP and UDP
 *   inetd_client many HOST N        N clients of echo/tcp at once
 *   inetd_client vanish HOST        clients that connect and go at once
 *   inetd_client ask HOST PORT TEXT  one datagram, prints the answer
 *   inetd_client talk HOST PORT [TEXT]
 *                                   sends TEXT and a newline, half-closes,
 *                                   prints what comes back; exits 3 when the
 *                                   connection is refused
 */
#include "tap.h"
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>

static struct sockaddr_in server;

static void
set_server(const char *host)
{
	struct hostent *hp = gethostbyname(host);

	if (hp == NULL || hp->h_addrtype != AF_INET)
		bail("%s: unknown host", host);
	memset(&server, 0, sizeof(server));
	server.sin_family = AF_INET;
	memcpy(&server.sin_addr, hp->h_addr_list[0], sizeof(server.sin_addr));
}

static struct sockaddr_in
at(int port)
{
	struct sockaddr_in sin = server;

	sin.sin_port = htons((unsigned short)port);
	return sin;
}

static int
tcp_to(int port)
{
	struct sockaddr_in sin = at(port);
	int s = SYS(socket(AF_INET, SOCK_STREAM, 0));

	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		int e = errno;
		close(s);
		errno = e;
		return -1;
	}
	return s;
}

/* Everything until EOF (at most size - 1 bytes). */
static ssize_t
read_to_eof(int s, char *buf, size_t size)
{
	ssize_t got = read_full(s, buf, size - 1);

	if (got >= 0)
		buf[got] = '\0';
	return got;
}

static int
printable_line(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] < ' ' || p[i] > '~')
			return 0;
	return 1;
}

static uint32_t
now_1900(void)
{
	return (uint32_t)((unsigned long)time(NULL) + 2208988800UL);
}

static void
tcp_builtins(void)
{
	char buf[4096];
	uint32_t t;
	ssize_t n;
	int s;

	s = tcp_to(7);
	check_ok(s, "echo/tcp: connect");
	if (s >= 0) {
		write_all(s, "hello, echo\n", 12);
		shutdown(s, SHUT_WR);
		n = read_to_eof(s, buf, sizeof(buf));
		check(n == 12 && memcmp(buf, "hello, echo\n", 12) == 0, "echo/tcp: the line comes back, then EOF");
		close(s);
	}
	s = tcp_to(9);
	check_ok(s, "discard/tcp: connect");
	if (s >= 0) {
		memset(buf, 'x', sizeof(buf));
		check(write_all(s, buf, sizeof(buf)) == sizeof(buf), "discard/tcp: takes 4096 bytes");
		shutdown(s, SHUT_WR);
		n = read_to_eof(s, buf, sizeof(buf));
		check_eq(n, 0, "discard/tcp: nothing comes back, then EOF");
		close(s);
	}
	s = tcp_to(19);
	check_ok(s, "chargen/tcp: connect");
	if (s >= 0) {
		n = read_full(s, buf, 74 * 3);
		check(n == 74 * 3 && buf[72] == '\r' && buf[73] == '\n' && printable_line(buf, 72) &&
		    buf[74] == buf[1] && buf[74 + 70] == buf[71] && printable_line(buf + 74, 72),
		    "chargen/tcp: lines of 72 printable characters, each shifted by one (RFC 864)");
		close(s);
	}
	s = tcp_to(13);
	check_ok(s, "daytime/tcp: connect");
	if (s >= 0) {
		char year[8];
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		strftime(year, sizeof(year), "%Y", &tm);
		n = read_to_eof(s, buf, sizeof(buf));
		check(n > 2 && buf[n - 2] == '\r' && buf[n - 1] == '\n' && strstr(buf, year) != NULL,
		    "daytime/tcp: one line with this year, CR LF, then EOF (RFC 867)");
		diag("daytime: %.*s", (int)(n > 2 ? n - 2 : 0), buf);
		close(s);
	}
	s = tcp_to(37);
	check_ok(s, "time/tcp: connect");
	if (s >= 0) {
		n = read_to_eof(s, buf, sizeof(buf));
		memcpy(&t, buf, sizeof(t));
		t = ntohl(t);
		check(n == 4 && t + 60 >= now_1900() && t <= now_1900() + 60,
		    "time/tcp: 4 bytes, seconds since 1900 within a minute of ours (RFC 868)");
		close(s);
	}
}

/* One datagram to port, the first answer back (bounded by the alarm). */
static ssize_t
udp_ask(int s, int port, const char *msg, size_t len, char *buf, size_t size, int *from_port)
{
	struct sockaddr_in sin = at(port), from;
	socklen_t fl = sizeof(from);
	ssize_t n;

	SYS(sendto(s, msg, len, 0, (struct sockaddr *)&sin, sizeof(sin)));
	n = recvfrom(s, buf, size, 0, (struct sockaddr *)&from, &fl);
	*from_port = n >= 0 ? ntohs(from.sin_port) : -1;
	return n;
}

static void
udp_builtins(void)
{
	char buf[2048];
	struct sockaddr_in nine = at(9);
	uint32_t t;
	ssize_t n;
	int s = SYS(socket(AF_INET, SOCK_DGRAM, 0)), port;

	n = udp_ask(s, 7, "datagram echo", 13, buf, sizeof(buf), &port);
	check(n == 13 && memcmp(buf, "datagram echo", 13) == 0 && port == 7, "echo/udp: the datagram comes back from port 7");
	/* discard answers nothing: the next answer this socket gets is echo's. */
	SYS(sendto(s, "to discard", 10, 0, (struct sockaddr *)&nine, sizeof(nine)));
	n = udp_ask(s, 7, "after discard", 13, buf, sizeof(buf), &port);
	check(n == 13 && port == 7 && memcmp(buf, "after discard", 13) == 0,
	    "discard/udp: no answer (the next datagram in is echo's)");
	n = udp_ask(s, 19, "", 0, buf, sizeof(buf), &port);
	check(n > 0 && n <= 512 && port == 19 && printable_line(buf, 72),
	    "chargen/udp: a datagram of at most 512 characters");
	n = udp_ask(s, 13, "", 0, buf, sizeof(buf), &port);
	check(n > 2 && port == 13 && buf[n - 1] == '\n', "daytime/udp: one line");
	n = udp_ask(s, 37, "", 0, buf, sizeof(buf), &port);
	memcpy(&t, buf, sizeof(t));
	t = ntohl(t);
	check(n == 4 && port == 37 && t + 60 >= now_1900() && t <= now_1900() + 60,
	    "time/udp: 4 bytes, seconds since 1900");
	close(s);
}

/* N clients of echo, all connected before any is served a byte. */
static void
many(int nclients)
{
	int *s = calloc((size_t)nclients, sizeof(int)), i, connected = 0, echoed = 0;
	char line[64], buf[64];

	for (i = 0; i < nclients; i++)
		if ((s[i] = tcp_to(7)) >= 0)
			connected++;
	check_eq(connected, nclients, "%d clients connected to echo/tcp at once", nclients);
	for (i = 0; i < nclients; i++) {
		int len = snprintf(line, sizeof(line), "client %d\n", i);
		if (s[i] >= 0)
			write_all(s[i], line, (size_t)len);
	}
	for (i = 0; i < nclients; i++) {
		int len = snprintf(line, sizeof(line), "client %d\n", i);
		if (s[i] >= 0 && read_full(s[i], buf, (size_t)len) == len && memcmp(buf, line, (size_t)len) == 0)
			echoed++;
		if (s[i] >= 0)
			close(s[i]);
	}
	check_eq(echoed, nclients, "each of the %d clients got its own line back", nclients);
	free(s);
}

/* Clients that go at once: with a reset (linger 0) and with a FIN, idle or mid-stream. */
static void
vanish(void)
{
	struct linger lg = { 1, 0 };
	char buf[64];
	int i, s, ports[] = { 7, 9, 19, 13, 37 };

	for (i = 0; i < 5; i++) {
		if ((s = tcp_to(ports[i])) < 0)
			continue;
		setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(s);		/* a reset, maybe before inetd accepts */
		if ((s = tcp_to(ports[i])) >= 0)
			close(s);	/* a FIN */
	}
	if ((s = tcp_to(19)) >= 0) {	/* chargen mid-stream: its child gets EPIPE */
		read_full(s, buf, sizeof(buf));
		setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(s);
	}
	s = tcp_to(7);
	check_ok(s, "echo/tcp still accepts after clients that vanished");
	if (s >= 0) {
		write_all(s, "still here\n", 11);
		check(read_full(s, buf, 11) == 11 && memcmp(buf, "still here\n", 11) == 0,
		    "echo/tcp still answers after clients that vanished");
		close(s);
	}
}

static int
talk(int port, const char *text)
{
	char buf[4096];
	ssize_t n;
	int s = tcp_to(port);

	if (s < 0) {
		if (errno == ECONNREFUSED) {
			printf("refused\n");
			return 3;
		}
		perror("connect");
		return 1;
	}
	if (text != NULL) {
		write_all(s, text, strlen(text));
		write_all(s, "\n", 1);
	}
	shutdown(s, SHUT_WR);
	while ((n = read(s, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(s);
	return n < 0 ? 1 : 0;
}

int
main(int argc, char **argv)
{
	t_start(50);
	signal(SIGPIPE, SIG_IGN);
	if (argc < 3)
		bail("usage: inetd_client builtins|many|vanish|talk HOST ...");
	set_server(argv[2]);
	if (strcmp(argv[1], "builtins") == 0) {
		tcp_builtins();
		udp_builtins();
	} else if (strcmp(argv[1], "many") == 0 && argc == 4) {
		many(atoi(argv[3]));
	} else if (strcmp(argv[1], "vanish") == 0) {
		vanish();
	} else if (strcmp(argv[1], "ask") == 0 && argc == 5) {
		char buf[2048];
		int port, s = SYS(socket(AF_INET, SOCK_DGRAM, 0));
		ssize_t n = udp_ask(s, atoi(argv[3]), argv[4], strlen(argv[4]), buf, sizeof(buf), &port);
		if (n < 0)
			bail("no answer: %s", strerror(errno));
		printf("%.*s\n", (int)n, buf);
		return 0;
	} else if (strcmp(argv[1], "talk") == 0 && argc >= 4) {
		return talk(atoi(argv[3]), argc > 4 ? argv[4] : NULL);
	} else
		bail("unknown mode %s", argv[1]);
	return t_end();
}
