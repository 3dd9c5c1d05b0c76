/*
 * udplite_like_kernel: UDP-Lite sockets (RFC 3828) as Linux answers them
 * (udplite(7)), on loopback:
 *   - socket(AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE) is a datagram socket of
 *     protocol 136; sendto/recvfrom, and connect with send/recv, carry
 *     datagrams whole with the sender's address;
 *   - UDP-Lite's ports are its own: a UDP socket binds the port number a
 *     UDP-Lite socket holds, a second UDP-Lite socket cannot;
 *   - UDPLITE_SEND_CSCOV and UDPLITE_RECV_CSCOV read back as the kernel
 *     keeps them (0 by default; 1-7 become 8; past 65535, 65535), at the
 *     UDP-Lite level and UDP's; a UDP socket reads them as 0 and may not
 *     set them; a short option is EINVAL;
 *   - a partly covered datagram reaches a socket that asks nothing, and one
 *     whose UDPLITE_RECV_CSCOV it meets; a socket asking more (or whole
 *     coverage, 0) never sees it, while a wholly covered datagram sent
 *     after it on the same socket arrives.
 *
 *	udplite_like_kernel		the checks
 *	udplite_like_kernel hold	binds a UDP-Lite socket, says "ready",
 *					and holds it until its input ends
 */
#include <netinet/in.h>
#include <poll.h>

#include "tap.h"
#include "inet_util.h"

#ifndef IPPROTO_UDPLITE
#define IPPROTO_UDPLITE		136
#endif
#define SOL_UDPLITE_		136
#define UDPLITE_SEND_CSCOV_	10
#define UDPLITE_RECV_CSCOV_	11

static int
lite(void)
{
	return SYS(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE));
}

static int
bound(int fd, int port)
{
	struct sockaddr_in s = sin_of("127.0.0.1", port);

	return bind(fd, (struct sockaddr *)&s, sizeof(s));
}

static int
getint(int fd, int level, int name)
{
	socklen_t len = sizeof(int);
	int v = -1;

	if (getsockopt(fd, level, name, &v, &len) < 0)
		return -1000 - errno;
	return v;
}

static int
setint(int fd, int level, int name, int v)
{
	return setsockopt(fd, level, name, &v, sizeof(v));
}

/* Waits (bounded) for a datagram on fd and returns its text in buf ("" if none came). */
static void
take(int fd, char *buf, size_t len, struct sockaddr_in *from)
{
	struct pollfd p = { fd, POLLIN, 0 };
	socklen_t fl = sizeof(*from);
	ssize_t n = -1;

	buf[0] = '\0';
	if (poll(&p, 1, 5000) == 1)
		n = recvfrom(fd, buf, len - 1, MSG_DONTWAIT, (struct sockaddr *)from, &fl);
	buf[n > 0 ? n : 0] = '\0';
}

static void
exchange(void)
{
	int a = lite(), b = lite(), c = lite();
	struct sockaddr_in to, from;
	char buf[128];

	check_eq(getint(a, SOL_SOCKET, SO_PROTOCOL), IPPROTO_UDPLITE, "SO_PROTOCOL is 136");
	check_eq(getint(a, SOL_SOCKET, SO_TYPE), SOCK_DGRAM, "SO_TYPE is SOCK_DGRAM");
	SYS(bound(a, 0));
	SYS(bound(b, 0));
	to = sin_of("127.0.0.1", port_of(a));
	check_ok(sendto(b, "hello", 5, 0, (struct sockaddr *)&to, sizeof(to)), "sendto");
	take(a, buf, sizeof(buf), &from);
	check(strcmp(buf, "hello") == 0, "recvfrom has the datagram");
	check_eq(ntohs(from.sin_port), port_of(b), "from the sender's port");
	/* connect: send and recv with the peer implied. */
	to = sin_of("127.0.0.1", port_of(a));
	check_ok(connect(c, (struct sockaddr *)&to, sizeof(to)), "connect");
	check_ok(send(c, "again", 5, 0), "send on the connected socket");
	take(a, buf, sizeof(buf), &from);
	check(strcmp(buf, "again") == 0, "its datagram arrives");
	to = sin_of("127.0.0.1", port_of(c));
	check_ok(sendto(a, "back", 4, 0, (struct sockaddr *)&to, sizeof(to)), "reply");
	take(c, buf, sizeof(buf), &from);
	check(strcmp(buf, "back") == 0, "the connected socket receives its peer's reply");
	close(a);
	close(b);
	close(c);
}

static void
ports(void)
{
	int l = lite(), l2 = lite(), u = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	int port;

	SYS(bound(l, 0));
	port = port_of(l);
	check_ok(bound(u, port), "a UDP socket binds the port a UDP-Lite socket holds");
	check_errno(bound(l2, port), EADDRINUSE, "a second UDP-Lite socket on it: EADDRINUSE");
	close(l);
	close(l2);
	close(u);
}

static void
options(void)
{
	int l = lite(), u = SYS(socket(AF_INET, SOCK_DGRAM, 0)), v = 20;

	check_eq(getint(l, SOL_UDPLITE_, UDPLITE_SEND_CSCOV_), 0, "UDPLITE_SEND_CSCOV is 0 at first");
	check_eq(getint(l, SOL_UDPLITE_, UDPLITE_RECV_CSCOV_), 0, "UDPLITE_RECV_CSCOV is 0 at first");
	check_ok(setint(l, SOL_UDPLITE_, UDPLITE_SEND_CSCOV_, 3), "UDPLITE_SEND_CSCOV 3");
	check_eq(getint(l, SOL_UDPLITE_, UDPLITE_SEND_CSCOV_), 8, "reads back as 8");
	check_ok(setint(l, SOL_UDPLITE_, UDPLITE_SEND_CSCOV_, 70000), "UDPLITE_SEND_CSCOV 70000");
	check_eq(getint(l, SOL_UDPLITE_, UDPLITE_SEND_CSCOV_), 65535, "reads back as 65535");
	check_ok(setint(l, SOL_UDPLITE_, UDPLITE_RECV_CSCOV_, 5), "UDPLITE_RECV_CSCOV 5");
	check_eq(getint(l, SOL_UDPLITE_, UDPLITE_RECV_CSCOV_), 8, "reads back as 8");
	check_ok(setint(l, IPPROTO_UDP, UDPLITE_RECV_CSCOV_, 40), "UDPLITE_RECV_CSCOV 40 at IPPROTO_UDP");
	check_eq(getint(l, SOL_UDPLITE_, UDPLITE_RECV_CSCOV_), 40, "reads back as 40");
	check_errno(setsockopt(l, SOL_UDPLITE_, UDPLITE_SEND_CSCOV_, &v, 2), EINVAL,
	    "a 2-byte UDPLITE_SEND_CSCOV: EINVAL");
	check_errno(setint(u, IPPROTO_UDP, UDPLITE_SEND_CSCOV_, 20), ENOPROTOOPT,
	    "UDPLITE_SEND_CSCOV on a UDP socket: ENOPROTOOPT");
	check_eq(getint(u, IPPROTO_UDP, UDPLITE_SEND_CSCOV_), 0, "a UDP socket reads it as 0");
	{
		int x;
		socklen_t xl = sizeof(x);
		int t = socket(AF_INET, SOCK_STREAM, 0);

		check_errno(getsockopt(u, SOL_UDPLITE_, 999, &x, &xl), ENOPROTOOPT,
		    "an unknown option at level UDP-Lite on a UDP socket: ENOPROTOOPT (its own level)");
		check_errno(getsockopt(t, SOL_UDPLITE_, 999, &x, &xl), EOPNOTSUPP,
		    "an unknown option at level UDP-Lite on a TCP socket: EOPNOTSUPP (no level of its)");
		close(t);
	}
	close(l);
	close(u);
}

/* Sends "partial" with coverage cov, then "whole" wholly covered, to port. */
static void
send_pair(int s, int port, int cov)
{
	struct sockaddr_in to = sin_of("127.0.0.1", port);

	SYS(setint(s, SOL_UDPLITE_, UDPLITE_SEND_CSCOV_, cov));
	SYS(sendto(s, "partial-coverage-datagram", 25, 0, (struct sockaddr *)&to, sizeof(to)));
	SYS(setint(s, SOL_UDPLITE_, UDPLITE_SEND_CSCOV_, 0));
	SYS(sendto(s, "whole", 5, 0, (struct sockaddr *)&to, sizeof(to)));
}

static void
coverage(void)
{
	int s = lite(), any = lite(), meets = lite(), more = lite(), full = lite();
	struct sockaddr_in from;
	char buf[128];

	SYS(bound(any, 0));
	SYS(bound(meets, 0));
	SYS(bound(more, 0));
	SYS(bound(full, 0));
	SYS(setint(meets, SOL_UDPLITE_, UDPLITE_RECV_CSCOV_, 20));
	SYS(setint(more, SOL_UDPLITE_, UDPLITE_RECV_CSCOV_, 24));
	SYS(setint(full, SOL_UDPLITE_, UDPLITE_RECV_CSCOV_, 0));
	send_pair(s, port_of(any), 20);
	send_pair(s, port_of(meets), 20);
	send_pair(s, port_of(more), 20);
	send_pair(s, port_of(full), 20);
	take(any, buf, sizeof(buf), &from);
	check(strcmp(buf, "partial-coverage-datagram") == 0,
	    "coverage 20 reaches a socket that asks nothing");
	take(meets, buf, sizeof(buf), &from);
	check(strcmp(buf, "partial-coverage-datagram") == 0,
	    "and one whose UDPLITE_RECV_CSCOV is 20");
	take(more, buf, sizeof(buf), &from);
	check(strcmp(buf, "whole") == 0,
	    "not one asking 24: the wholly covered datagram after it comes first");
	take(full, buf, sizeof(buf), &from);
	check(strcmp(buf, "whole") == 0,
	    "nor one asking whole coverage (0): the wholly covered one comes first");
	close(s);
	close(any);
	close(meets);
	close(more);
	close(full);
}

static int
hold(void)
{
	int l = lite();
	char c;

	SYS(bound(l, 0));
	printf("ready %d\n", port_of(l));
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	close(l);
	return 0;
}

int
main(int argc, char **argv)
{
	t_start(30);
	if (argc > 1 && strcmp(argv[1], "hold") == 0)
		return hold();
	exchange();
	ports();
	options();
	coverage();
	return t_end();
}
