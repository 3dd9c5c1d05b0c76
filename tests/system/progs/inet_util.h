/*
 * inet_util.h: the Internet-domain helpers the UDP test programs share:
 * an address from dotted text, a UDP socket bound to a port of INADDR_ANY
 * (SO_REUSEADDR, so several may share it), and a socket's own port.
 * Include after tap.h.
 */
#ifndef INET_UTIL_H
#define INET_UTIL_H

#include <arpa/inet.h>
#include <netinet/in.h>

static __attribute__((unused)) struct sockaddr_in
sin_of(const char *a, int port)
{
	struct sockaddr_in s;

	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	s.sin_port = htons((unsigned short)port);
	if (inet_aton(a, &s.sin_addr) == 0)
		bail("bad address %s", a);
	return s;
}

static __attribute__((unused)) int
udp_bound(int port)
{
	struct sockaddr_in s = sin_of("0.0.0.0", port);
	int fd = SYS(socket(AF_INET, SOCK_DGRAM, 0)), one = 1;

	SYS(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	SYS(bind(fd, (struct sockaddr *)&s, sizeof(s)));
	return fd;
}

static __attribute__((unused)) int
port_of(int fd)
{
	struct sockaddr_in s;
	socklen_t l = sizeof(s);

	SYS(getsockname(fd, (struct sockaddr *)&s, &l));
	return ntohs(s.sin_port);
}

#endif
