/*
 * reuseaddr_reuseport: address reuse on 127.0.0.1 as Linux answers it
 * (socket(7), udp(7)):
 *   - two UDP sockets that both set SO_REUSEADDR bind one address and
 *     port; a third without it gets EADDRINUSE;
 *   - SO_REUSEPORT set before bind by one user lets UDP sockets and TCP
 *     listeners share a port; a socket without it, or of another user
 *     (when run as root), gets EADDRINUSE;
 *   - datagrams from many peers spread over the UDP sockets of the group,
 *     and one peer's datagrams all reach one socket (a hash of the
 *     four-tuple); connections from many peers spread over the listeners.
 * Ports come from the system (bind to port 0), so nothing is fixed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#include "tap.h"
#include "inet_util.h"

#define NPEERS	32

static struct sockaddr_in
loop_port(int port)
{
	struct sockaddr_in s;

	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	s.sin_port = htons((unsigned short)port);
	s.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return s;
}

static int
sock_with(int type, int opt)
{
	int fd = SYS(socket(AF_INET, type, 0)), one = 1;

	if (opt != 0)
		SYS(setsockopt(fd, SOL_SOCKET, opt, &one, sizeof(one)));
	return fd;
}

static int
bind_port(int fd, int port)
{
	struct sockaddr_in s = loop_port(port);

	return bind(fd, (struct sockaddr *)&s, sizeof(s));
}

static void
reuseaddr_udp(void)
{
	int a = sock_with(SOCK_DGRAM, SO_REUSEADDR), b = sock_with(SOCK_DGRAM, SO_REUSEADDR);
	int c = sock_with(SOCK_DGRAM, 0), port;

	SYS(bind_port(a, 0));
	port = port_of(a);
	check_ok(bind_port(b, port), "UDP: a second socket with SO_REUSEADDR binds the same address and port");
	check_errno(bind_port(c, port), EADDRINUSE, "UDP: a third without SO_REUSEADDR: EADDRINUSE");
	close(a), close(b), close(c);
}

/* Counts what arrives on fds[0..1] until total reaches want (or 10 s pass). */
static void
count_dgrams(const int *fds, int *got, int want)
{
	struct pollfd p[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLIN, 0 } };
	char buf[64];
	double end = now() + 10;
	int i;

	while (got[0] + got[1] < want && now() < end) {
		if (poll(p, 2, 200) <= 0)
			continue;
		for (i = 0; i < 2; i++)
			if ((p[i].revents & POLLIN) && recv(fds[i], buf, sizeof(buf), MSG_DONTWAIT) > 0)
				got[i]++;
	}
}

static void
reuseport_udp(void)
{
	int g[2] = { sock_with(SOCK_DGRAM, SO_REUSEPORT), sock_with(SOCK_DGRAM, SO_REUSEPORT) };
	int plain = sock_with(SOCK_DGRAM, 0), port, i, got[2] = { 0, 0 };
	struct sockaddr_in to;

	SYS(bind_port(g[0], 0));
	port = port_of(g[0]);
	check_ok(bind_port(g[1], port), "UDP: a second socket with SO_REUSEPORT binds the same port");
	check_errno(bind_port(plain, port), EADDRINUSE, "UDP: one without SO_REUSEPORT: EADDRINUSE");
	to = loop_port(port);

	/* One peer: every datagram to the same member. */
	{
		int c = sock_with(SOCK_DGRAM, 0);

		for (i = 0; i < 8; i++)
			SYS(sendto(c, "same", 4, 0, (struct sockaddr *)&to, sizeof(to)));
		count_dgrams(g, got, 8);
		check((got[0] == 8 && got[1] == 0) || (got[0] == 0 && got[1] == 8),
		    "UDP SO_REUSEPORT: one peer's 8 datagrams all reach one socket (%d, %d)", got[0], got[1]);
		close(c);
	}

	/* Many peers: spread over both. */
	got[0] = got[1] = 0;
	for (i = 0; i < NPEERS; i++) {
		int c = sock_with(SOCK_DGRAM, 0);

		SYS(sendto(c, "peer", 4, 0, (struct sockaddr *)&to, sizeof(to)));
		close(c);
	}
	count_dgrams(g, got, NPEERS);
	check_eq(got[0] + got[1], NPEERS, "UDP SO_REUSEPORT: all %d peers' datagrams arrived", NPEERS);
	check(got[0] > 0 && got[1] > 0,
	    "UDP SO_REUSEPORT: %d peers' datagrams spread over both sockets (%d, %d)", NPEERS, got[0], got[1]);
	close(g[0]), close(g[1]), close(plain);
}

static void
reuseport_tcp(void)
{
	int l[2] = { sock_with(SOCK_STREAM, SO_REUSEPORT), sock_with(SOCK_STREAM, SO_REUSEPORT) };
	int plain = sock_with(SOCK_STREAM, 0), port, i, got[2] = { 0, 0 }, c[NPEERS];
	struct pollfd p[2];
	struct sockaddr_in to;
	double end;

	SYS(bind_port(l[0], 0));
	port = port_of(l[0]);
	check_ok(bind_port(l[1], port), "TCP: a second socket with SO_REUSEPORT binds the same port");
	SYS(listen(l[0], NPEERS));
	SYS(listen(l[1], NPEERS));
	check_errno(bind_port(plain, port), EADDRINUSE, "TCP: one without SO_REUSEPORT: EADDRINUSE");
	to = loop_port(port);
	for (i = 0; i < NPEERS; i++) {
		c[i] = sock_with(SOCK_STREAM, 0);
		SYS(connect(c[i], (struct sockaddr *)&to, sizeof(to)));
	}
	p[0] = (struct pollfd){ l[0], POLLIN, 0 };
	p[1] = (struct pollfd){ l[1], POLLIN, 0 };
	end = now() + 10;
	while (got[0] + got[1] < NPEERS && now() < end) {
		if (poll(p, 2, 200) <= 0)
			continue;
		for (i = 0; i < 2; i++) {
			int a;

			if ((p[i].revents & POLLIN) && (a = accept4(l[i], NULL, NULL, SOCK_NONBLOCK)) >= 0) {
				got[i]++;
				close(a);
			}
		}
	}
	check_eq(got[0] + got[1], NPEERS, "TCP SO_REUSEPORT: all %d connections accepted", NPEERS);
	check(got[0] > 0 && got[1] > 0,
	    "TCP SO_REUSEPORT: %d connections spread over both listeners (%d, %d)", NPEERS, got[0], got[1]);
	for (i = 0; i < NPEERS; i++)
		close(c[i]);
	close(l[0]), close(l[1]), close(plain);
}

/* As root: a socket of another user may not join the group. */
static void
reuseport_other_user(void)
{
	int a = sock_with(SOCK_DGRAM, SO_REUSEPORT), port;
	pid_t pid;

	if (geteuid() != 0) {
		printf("ok # SKIP not root: SO_REUSEPORT of another user\n");
		close(a);
		return;
	}
	SYS(bind_port(a, 0));
	port = port_of(a);
	if ((pid = SYS(fork())) == 0) {
		int b;

		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(3);
		b = sock_with(SOCK_DGRAM, SO_REUSEPORT);
		_exit(bind_port(b, port) == -1 && errno == EADDRINUSE ? 0 : 1);
	}
	check_eq(reap(pid), 0, "UDP SO_REUSEPORT: a socket of another user: EADDRINUSE");
	close(a);
}

int
main(void)
{
	t_start(50);
	reuseaddr_udp();
	reuseport_udp();
	reuseport_tcp();
	reuseport_other_user();
	return t_end();
}
