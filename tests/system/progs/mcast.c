/*
 * mcast: IP multicast as Linux answers it (ip(7); RFC 1112), one mode per
 * argument.  IFADDR is the address of the interface to use.
 *
 *	mcast options IFADDR		option defaults, round trips and errnos
 *	mcast loop IFADDR GROUP		one host: a member hears a send to its group
 *					with IP_MULTICAST_LOOP on, not with it off
 *	mcast recv IFADDR GROUP PORT	join, print "ready", expect "m1"; drop,
 *					print "dropped", then expect "marker"
 *					(a unicast) with nothing of the group first
 *	mcast send IFADDR GROUP PORT	send "m1" to the group
 *	mcast send2 IFADDR GROUP PORT DST  send "m2" to the group, then "marker"
 *					to DST:PORT
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#include "tap.h"
#include "inet_util.h"

static struct ip_mreq
mreq_of(const char *group, const char *ifaddr)
{
	struct ip_mreq m;

	memset(&m, 0, sizeof(m));
	inet_aton(group, &m.imr_multiaddr);
	inet_aton(ifaddr, &m.imr_interface);
	return m;
}

/* The next datagram within secs, into buf; its length or -1. */
static ssize_t
next_dgram(int fd, char *buf, size_t len, int secs)
{
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n;

	if (poll(&p, 1, secs * 1000) != 1)
		return -1;
	if ((n = recv(fd, buf, len - 1, MSG_DONTWAIT)) < 0)
		return -1;
	buf[n] = 0;
	return n;
}

static int
getint(int fd, int name)
{
	int v = -7;
	socklen_t l = sizeof(v);

	if (getsockopt(fd, IPPROTO_IP, name, &v, &l) < 0)
		return -100 - errno;
	return v;
}

static void
options(const char *ifaddr)
{
	int fd = SYS(socket(AF_INET, SOCK_DGRAM, 0)), v;
	struct ip_mreq m = mreq_of("239.7.7.7", ifaddr), bad = mreq_of("10.1.2.3", ifaddr);
	struct ip_mreqn mn;
	struct in_addr a;
	socklen_t l = sizeof(a);
	unsigned char c = 5;

	check_eq(getint(fd, IP_MULTICAST_TTL), 1, "IP_MULTICAST_TTL is 1 by default");
	check_eq(getint(fd, IP_MULTICAST_LOOP), 1, "IP_MULTICAST_LOOP is on by default");
	SYS(getsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &a, &l));
	check(l == sizeof(a) && a.s_addr == htonl(INADDR_ANY), "IP_MULTICAST_IF is INADDR_ANY by default");
	v = 32;
	SYS(setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &v, sizeof(v)));
	check_eq(getint(fd, IP_MULTICAST_TTL), 32, "IP_MULTICAST_TTL 32 reads back");
	SYS(setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &c, 1));
	check_eq(getint(fd, IP_MULTICAST_TTL), 5, "IP_MULTICAST_TTL from one byte");
	v = 256;
	check_errno(setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &v, sizeof(v)), EINVAL,
	    "IP_MULTICAST_TTL 256: EINVAL");
	v = 0;
	SYS(setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &v, sizeof(v)));
	check_eq(getint(fd, IP_MULTICAST_LOOP), 0, "IP_MULTICAST_LOOP off reads back");
	inet_aton(ifaddr, &a);
	check_ok(setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &a, sizeof(a)), "IP_MULTICAST_IF by address");
	l = sizeof(a);
	a.s_addr = 0;
	SYS(getsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &a, &l));
	check(strcmp(inet_ntoa(a), ifaddr) == 0, "IP_MULTICAST_IF reads back %s (%s)", ifaddr, inet_ntoa(a));
	inet_aton("192.0.2.99", &a);
	check_errno(setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &a, sizeof(a)), EADDRNOTAVAIL,
	    "IP_MULTICAST_IF to an address not of this host: EADDRNOTAVAIL");
	check_ok(setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)), "IP_ADD_MEMBERSHIP (ip_mreq)");
	check_errno(setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)), EADDRINUSE,
	    "IP_ADD_MEMBERSHIP again: EADDRINUSE");
	check_errno(setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &bad, sizeof(bad)), EINVAL,
	    "IP_ADD_MEMBERSHIP of a unicast address: EINVAL");
	check_errno(setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, 4), EINVAL,
	    "IP_ADD_MEMBERSHIP with 4 bytes: EINVAL");
	check_ok(setsockopt(fd, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof(m)), "IP_DROP_MEMBERSHIP");
	check_errno(setsockopt(fd, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof(m)), EADDRNOTAVAIL,
	    "IP_DROP_MEMBERSHIP when not a member: EADDRNOTAVAIL");
	memset(&mn, 0, sizeof(mn));
	mn.imr_multiaddr = m.imr_multiaddr;
	inet_aton(ifaddr, &mn.imr_address);
	check_ok(setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mn, sizeof(mn)), "IP_ADD_MEMBERSHIP (ip_mreqn)");
	check_ok(setsockopt(fd, IPPROTO_IP, IP_DROP_MEMBERSHIP, &mn, sizeof(mn)), "IP_DROP_MEMBERSHIP (ip_mreqn)");
	close(fd);
	fd = SYS(socket(AF_INET, SOCK_STREAM, 0));
	check_errno(setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)), EPROTO,
	    "IP_ADD_MEMBERSHIP on a TCP socket: EPROTO");
	v = 2;
	check_errno(setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &v, sizeof(v)), EINVAL,
	    "IP_MULTICAST_TTL on a TCP socket: EINVAL");
	close(fd);
}

static void
loop(const char *ifaddr, const char *group)
{
	int r = udp_bound(0), port = port_of(r), s = SYS(socket(AF_INET, SOCK_DGRAM, 0)), off = 0;
	struct ip_mreq m = mreq_of(group, ifaddr);
	struct sockaddr_in to = sin_of(group, port), me = sin_of(ifaddr, port);
	struct in_addr a;
	char buf[64];

	inet_aton(ifaddr, &a);
	SYS(setsockopt(r, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)));
	SYS(setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, &a, sizeof(a)));
	check_ok(sendto(s, "loop", 4, 0, (struct sockaddr *)&to, sizeof(to)), "send to the group");
	check(next_dgram(r, buf, sizeof(buf), 5) == 4 && strcmp(buf, "loop") == 0,
	    "a member on the sending host hears it (IP_MULTICAST_LOOP on)");
	SYS(setsockopt(s, IPPROTO_IP, IP_MULTICAST_LOOP, &off, sizeof(off)));
	SYS(sendto(s, "noloop", 6, 0, (struct sockaddr *)&to, sizeof(to)));
	SYS(sendto(s, "marker", 6, 0, (struct sockaddr *)&me, sizeof(me)));
	check(next_dgram(r, buf, sizeof(buf), 5) > 0 && strcmp(buf, "marker") == 0,
	    "with IP_MULTICAST_LOOP off it does not (the next datagram is the unicast marker: %s)", buf);
	close(r), close(s);
}

static void
recv_mode(const char *ifaddr, const char *group, int port)
{
	int r = udp_bound(port);
	struct ip_mreq m = mreq_of(group, ifaddr);
	char buf[64];

	SYS(setsockopt(r, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)));
	printf("# ready\n");
	check(next_dgram(r, buf, sizeof(buf), 20) > 0 && strcmp(buf, "m1") == 0,
	    "a member on another host hears the group's datagram");
	SYS(setsockopt(r, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof(m)));
	printf("# dropped\n");
	buf[0] = 0;
	check(next_dgram(r, buf, sizeof(buf), 20) > 0 && strcmp(buf, "marker") == 0,
	    "after IP_DROP_MEMBERSHIP it no longer does (the next is the unicast marker: %s)", buf);
	close(r);
}

static void
send_mode(const char *ifaddr, const char *group, int port, const char *dst)
{
	int s = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	struct sockaddr_in to = sin_of(group, port);
	struct in_addr a;

	inet_aton(ifaddr, &a);
	SYS(setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, &a, sizeof(a)));
	if (dst == NULL) {
		check_ok(sendto(s, "m1", 2, 0, (struct sockaddr *)&to, sizeof(to)), "send m1 to the group");
	} else {
		struct sockaddr_in u = sin_of(dst, port);

		check_ok(sendto(s, "m2", 2, 0, (struct sockaddr *)&to, sizeof(to)), "send m2 to the group");
		check_ok(sendto(s, "marker", 6, 0, (struct sockaddr *)&u, sizeof(u)), "send the marker");
	}
	close(s);
}

int
main(int argc, char **argv)
{
	t_start(50);
	if (argc == 3 && strcmp(argv[1], "options") == 0)
		options(argv[2]);
	else if (argc == 4 && strcmp(argv[1], "loop") == 0)
		loop(argv[2], argv[3]);
	else if (argc == 5 && strcmp(argv[1], "recv") == 0)
		recv_mode(argv[2], argv[3], atoi(argv[4]));
	else if (argc == 5 && strcmp(argv[1], "send") == 0)
		send_mode(argv[2], argv[3], atoi(argv[4]), NULL);
	else if (argc == 6 && strcmp(argv[1], "send2") == 0)
		send_mode(argv[2], argv[3], atoi(argv[4]), argv[5]);
	else
		bail("usage: mcast options|loop|recv|send|send2 ...");
	return t_end();
}
