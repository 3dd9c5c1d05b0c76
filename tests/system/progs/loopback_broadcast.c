/*
 * loopback_broadcast: datagrams to this host's own broadcast and wildcard
 * addresses, as Linux answers them (ip(7), udp(7)):
 *   - to 127.255.255.255 (the loopback network's broadcast) without
 *     SO_BROADCAST: EACCES; with it, every socket bound to INADDR_ANY and
 *     the port hears it (two, sharing the port with SO_REUSEADDR), from
 *     127.0.0.1 and the sender's port;
 *   - to INADDR_ANY and a port: this host; a socket bound to INADDR_ANY
 *     and one bound to 127.0.0.1 on that port hear it, from 127.0.0.1.
 * The checks run as an ordinary user (a child drops root first, when run
 * as root), since uipc lets root broadcast without SO_BROADCAST (primer
 * §5.5, docs/DIFFERENCES.md).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#include "tap.h"
#include "inet_util.h"

static struct sockaddr_in
sin_at(uint32_t addr, int port)
{
	struct sockaddr_in s;

	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	s.sin_port = htons((unsigned short)port);
	s.sin_addr.s_addr = htonl(addr);
	return s;
}

static int
udp_at(uint32_t addr, int port, int reuse)
{
	struct sockaddr_in s = sin_at(addr, port);
	int fd = SYS(socket(AF_INET, SOCK_DGRAM, 0)), one = 1;

	if (reuse)
		SYS(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	SYS(bind(fd, (struct sockaddr *)&s, sizeof(s)));
	return fd;
}

/* Waits (bounded) for one datagram on fd; checks its text and sender. */
static void
hears(int fd, const char *text, int sport, const char *what)
{
	struct pollfd p = { fd, POLLIN, 0 };
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	char buf[64];
	ssize_t n;

	if (poll(&p, 1, 5000) != 1) {
		check(0, "%s (nothing arrived in 5 s)", what);
		return;
	}
	n = recvfrom(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
	if (n < 0) {
		check(0, "%s (%s)", what, strerror(errno));
		return;
	}
	buf[n] = 0;
	if (!check(strcmp(buf, text) == 0 && ntohl(from.sin_addr.s_addr) == INADDR_LOOPBACK &&
	    ntohs(from.sin_port) == sport, "%s", what))
		diag("  got '%s' from %s:%d, want '%s' from 127.0.0.1:%d", buf,
		    inet_ntoa(from.sin_addr), ntohs(from.sin_port), text, sport);
}

static void
checks(void)
{
	int r1 = udp_at(INADDR_ANY, 0, 1), port = port_of(r1);
	int r2 = udp_at(INADDR_ANY, port, 1);
	int s = udp_at(INADDR_ANY, 0, 0), one = 1;
	struct sockaddr_in bc = sin_at(0x7fffffffu, port), any = sin_at(INADDR_ANY, port);
	int rl, lport;

	check_errno(sendto(s, "x", 1, 0, (struct sockaddr *)&bc, sizeof(bc)), EACCES,
	    "sendto 127.255.255.255 without SO_BROADCAST: EACCES");
	SYS(setsockopt(s, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)));
	check_ok(sendto(s, "bcast", 5, 0, (struct sockaddr *)&bc, sizeof(bc)),
	    "sendto 127.255.255.255 with SO_BROADCAST");
	hears(r1, "bcast", port_of(s), "a socket bound to INADDR_ANY:port hears the loopback broadcast");
	hears(r2, "bcast", port_of(s), "and so does a second one sharing the port (SO_REUSEADDR)");
	close(s);

	/* One socket on the port now: which of two a unicast reaches is
	 * Linux's choice, not asserted here. */
	close(r1);
	s = udp_at(INADDR_ANY, 0, 0);
	check_ok(sendto(s, "any", 3, 0, (struct sockaddr *)&any, sizeof(any)),
	    "sendto INADDR_ANY:port without SO_BROADCAST (this host)");
	hears(r2, "any", port_of(s), "a socket bound to INADDR_ANY:port hears a datagram to INADDR_ANY:port");
	close(r2);

	rl = udp_at(INADDR_LOOPBACK, 0, 0);
	lport = port_of(rl);
	any = sin_at(INADDR_ANY, lport);
	check_ok(sendto(s, "lo", 2, 0, (struct sockaddr *)&any, sizeof(any)),
	    "sendto INADDR_ANY:port, a socket bound to 127.0.0.1:port waiting");
	hears(rl, "lo", port_of(s), "a socket bound to 127.0.0.1:port hears a datagram to INADDR_ANY:port");
	close(rl), close(s);
}

int
main(void)
{
	pid_t pid;

	t_start(50);
	if (geteuid() != 0) {
		checks();
		return t_end();
	}
	if ((pid = SYS(fork())) == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			bail("could not drop root");
		checks();
		_exit(t_end());
	}
	check_eq(reap(pid), 0, "the checks, as uid 65534, ran to their end");
	return t_end();
}
