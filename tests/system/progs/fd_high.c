/*
 * fd_high: sockets numbered past 65536 are sockets still.  The program
 * raises RLIMIT_NOFILE, moves a TCP listener, a TCP client and a UDP
 * socket to descriptors 70000 and up with dup2, and uses them there:
 * names (an Internet socket's name is AF_INET, not the AF_UNIX of a host
 * socketpair), a connection with data both ways, datagrams with their
 * sender's address, a close_range over them.  Only loopback is used.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>

#include "tap.h"

#define HI	70000

static void
raise_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		bail("getrlimit: %s", strerror(errno));
	if (rl.rlim_cur > HI + 16)
		return;
	if (rl.rlim_max < HI + 16)
		rl.rlim_max = HI + 16;	/* the super-user may raise the hard limit */
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
		printf("ok # SKIP cannot raise RLIMIT_NOFILE past %d: %s\n", HI + 16, strerror(errno));
		exit(0);
	}
}

static int
moved(int fd, int to)
{
	if (dup2(fd, to) != to)
		bail("dup2 %d -> %d: %s", fd, to, strerror(errno));
	close(fd);
	return to;
}

static struct sockaddr_in
loopback(void)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

int
main(void)
{
	struct sockaddr_in sin, got, from;
	socklen_t len;
	char buf[64];
	ssize_t n;
	int l, c, a, u, v;

	t_start(30);
	raise_limit();

	/* A TCP listener at 70000. */
	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	sin = loopback();
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	l = moved(l, HI);
	SYS(listen(l, 4));
	len = sizeof(got);
	memset(&got, 0, sizeof(got));
	SYS(getsockname(l, (struct sockaddr *)&got, &len));
	check(len == sizeof(got) && got.sin_family == AF_INET && got.sin_port != 0,
	    "getsockname on descriptor %d: an AF_INET name with its port", HI);
	sin.sin_port = got.sin_port;

	/* A TCP client moved to 70001 before it connects. */
	c = moved(SYS(socket(AF_INET, SOCK_STREAM, 0)), HI + 1);
	check_ok(connect(c, (struct sockaddr *)&sin, sizeof(sin)),
	    "connect from descriptor %d to the listener at %d", HI + 1, HI);
	a = accept(l, NULL, NULL);
	check(a >= 0, "accept on descriptor %d", HI);
	check_eq(send(c, "high", 4, 0), 4, "send on descriptor %d", HI + 1);
	n = recv(a, buf, sizeof(buf), 0);
	check(n == 4 && memcmp(buf, "high", 4) == 0, "the accepted socket reads what %d sent", HI + 1);
	SYS(send(a, "back", 4, 0));
	n = recv(c, buf, sizeof(buf), 0);
	check(n == 4 && memcmp(buf, "back", 4) == 0, "recv on descriptor %d", HI + 1);
	len = sizeof(got);
	memset(&got, 0, sizeof(got));
	check(getpeername(c, (struct sockaddr *)&got, &len) == 0 && got.sin_family == AF_INET &&
	    got.sin_port == sin.sin_port, "getpeername on descriptor %d names the listener", HI + 1);

	/* A UDP socket at 70002: datagrams keep their bounds and their sender. */
	u = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	sin = loopback();
	SYS(bind(u, (struct sockaddr *)&sin, sizeof(sin)));
	u = moved(u, HI + 2);
	len = sizeof(sin);
	SYS(getsockname(u, (struct sockaddr *)&sin, &len));
	v = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	got = loopback();
	SYS(bind(v, (struct sockaddr *)&got, sizeof(got)));
	len = sizeof(got);
	SYS(getsockname(v, (struct sockaddr *)&got, &len));
	SYS(sendto(v, "dgram", 5, 0, (struct sockaddr *)&sin, sizeof(sin)));
	len = sizeof(from);
	memset(&from, 0, sizeof(from));
	n = recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	check(n == 5 && memcmp(buf, "dgram", 5) == 0 && from.sin_family == AF_INET &&
	    from.sin_port == got.sin_port, "recvfrom on descriptor %d: the datagram and its sender",
	    HI + 2);
	check_eq(sendto(u, "re", 2, 0, (struct sockaddr *)&from, len), 2,
	    "sendto from descriptor %d", HI + 2);
	n = recv(v, buf, sizeof(buf), 0);
	check(n == 2 && memcmp(buf, "re", 2) == 0, "the reply from %d arrives whole", HI + 2);

	/* Closed together, and no longer anything. */
	check_ok(close_range(HI, HI + 2, 0), "close_range %d..%d", HI, HI + 2);
	len = sizeof(got);
	check_errno(getsockname(HI, (struct sockaddr *)&got, &len), EBADF,
	    "descriptor %d is closed", HI);
	close(a);
	close(v);
	return t_end();
}
