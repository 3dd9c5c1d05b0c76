/*
 * rresvport(3) and rcmd(3) over uipc.  glibc's own make their sockets and
 * connections inside libc, past the preload shim, so they would reach the
 * machine's network; these make them with uipc's calls and resolve names
 * through uipc's routines.  The behaviour is glibc's, which is 4.2BSD's:
 *
 * rresvport binds a TCP socket to a reserved port, trying *alport and then
 * each port below it (primer §5.4's loop, as rshd runs it), wrapping from
 * 512 to 1023 as glibc does, until one is free: EADDRINUSE moves on, any
 * other error ends the search, and EAGAIN says all were in use.
 *
 * rcmd speaks the rsh protocol (rshd(8); PROTOCOLS.md §2): it connects
 * from a reserved port; sends the port of a second, reserved, listening
 * socket for the command's standard error as decimal text (or an empty
 * string for none), and takes the server's connection back to it, from a
 * reserved port; sends the local user, the remote user and the command,
 * each NUL-terminated; then reads one byte: 0 for success, or 1 and a
 * message up to a newline, which goes to the caller's standard error.
 * SIGURG is held off while the connection is set up, and the socket's
 * owner is the caller, so that the server's out-of-band data signals it.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/netdb.h"
#include "uipc/uipc.h"

#define LOW_RESERVED	(IPPORT_RESERVED / 2)

int
uipc_rresvport_af(int *alport, sa_family_t af)
{
	struct sockaddr_storage ss;
	socklen_t len;
	in_port_t *port;
	int s, start;

	memset(&ss, 0, sizeof(ss));
	switch (af) {
	case AF_INET:
		len = sizeof(struct sockaddr_in);
		port = &((struct sockaddr_in *)&ss)->sin_port;
		break;
	case AF_INET6:
		len = sizeof(struct sockaddr_in6);
		port = &((struct sockaddr_in6 *)&ss)->sin6_port;
		break;
	default:
		errno = EAFNOSUPPORT;
		return -1;
	}
	ss.ss_family = af;
	if ((s = uipc_socket(af, SOCK_STREAM, 0)) < 0)
		return -1;
	if (*alport < LOW_RESERVED)
		*alport = LOW_RESERVED;
	else if (*alport >= IPPORT_RESERVED)
		*alport = IPPORT_RESERVED - 1;
	start = *alport;
	do {
		*port = htons((uint16_t)*alport);
		if (uipc_bind(s, (struct sockaddr *)&ss, len) == 0)
			return s;
		if (errno != EADDRINUSE) {
			int e = errno;

			h_close(s);
			errno = e;
			return -1;
		}
		if ((*alport)-- == LOW_RESERVED)
			*alport = IPPORT_RESERVED - 1;
	} while (*alport != start);
	h_close(s);
	errno = EAGAIN;
	return -1;
}

int
uipc_rresvport(int *alport)
{
	return uipc_rresvport_af(alport, AF_INET);
}

/*
 * The rsh protocol's strings go out whole, with their NUL (RFC 1282's
 * rules, which rexec shares): rcmd and rexec send them so.
 */
int
uipc_send_str(int fd, const char *str)
{
	const char *p = str;
	size_t n = strlen(str) + 1;
	ssize_t w;

	while (n > 0) {
		w = (ssize_t)syscall(SYS_write, fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t
read1(int fd, char *c)
{
	ssize_t r;

	do
		r = (ssize_t)syscall(SYS_read, fd, c, 1);
	while (r < 0 && errno == EINTR);
	return r;
}

static in_port_t
port_of(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

/*
 * The connection for standard error: a reserved port listening, its number
 * sent on s, the server's connection back accepted, which must come from a
 * reserved port.  The new descriptor, or -1 (a message said why).
 */
static int
stderr_circuit(int s, int *lport, sa_family_t af)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct pollfd pfd[2];
	char num[8];
	int s2, s3;

	if ((s2 = uipc_rresvport_af(lport, af)) < 0)
		return -1;
	uipc_listen(s2, 1);
	snprintf(num, sizeof(num), "%d", *lport);
	if (uipc_send_str(s, num) < 0) {
		fprintf(stderr, "rcmd: write (setting up stderr): %s\n", strerror(errno));
		h_close(s2);
		return -1;
	}
	pfd[0] = (struct pollfd){ s, POLLIN, 0 };
	pfd[1] = (struct pollfd){ s2, POLLIN, 0 };
	errno = 0;
	if (syscall(SYS_poll, pfd, 2, -1) < 1 || !(pfd[1].revents & POLLIN)) {
		if (errno != 0)
			fprintf(stderr, "rcmd: poll (setting up stderr): %s\n", strerror(errno));
		else
			fprintf(stderr, "poll: protocol failure in circuit setup\n");
		h_close(s2);
		return -1;
	}
	do
		s3 = uipc_accept4(s2, (struct sockaddr *)&ss, &len, 0);
	while (s3 < 0 && errno == EINTR);
	h_close(s2);
	if (s3 < 0) {
		fprintf(stderr, "rcmd: accept: %s\n", strerror(errno));
		return -1;
	}
	if (port_of(&ss) >= IPPORT_RESERVED || port_of(&ss) < LOW_RESERVED) {
		fprintf(stderr, "socket: protocol failure in circuit setup.\n");
		h_close(s3);
		return -1;
	}
	return s3;
}

/* The connection from a reserved port to one of ahost's addresses, or -1. */
static int
rsh_connect(struct addrinfo *res, const char *host, int *lport)
{
	struct addrinfo *ai = res;
	unsigned timo = 1;
	int s, refused = 0, e;

	for (;;) {
		if ((s = uipc_rresvport_af(lport, (sa_family_t)ai->ai_family)) < 0) {
			if (errno == EAGAIN)
				fprintf(stderr, "rcmd: socket: All ports in use\n");
			else
				fprintf(stderr, "rcmd: socket: %s\n", strerror(errno));
			return -1;
		}
		h_fcntl(s, F_SETOWN, getpid());
		if (uipc_connect(s, ai->ai_addr, ai->ai_addrlen) == 0)
			return s;
		e = errno;
		h_close(s);
		if (e == EADDRINUSE) {
			(*lport)--;
			continue;
		}
		if (e == ECONNREFUSED)
			refused = 1;
		if (ai->ai_next != NULL) {
			ai = ai->ai_next;
			continue;
		}
		/* Refused everywhere: the server may be starting (4.2BSD waits 1, 2, 4, 8, 16 s). */
		if (refused && timo <= 16) {
			sleep(timo);
			timo *= 2;
			ai = res;
			refused = 0;
			continue;
		}
		fprintf(stderr, "%s: %s\n", host, strerror(e));
		errno = e;
		return -1;
	}
}

int
uipc_rcmd_af(char **ahost, unsigned short rport, const char *locuser,
    const char *remuser, const char *cmd, int *fd2p, sa_family_t af)
{
	static __thread char canon[NI_MAXHOST];
	struct addrinfo hints, *res;
	sigset_t urg, omask;
	char num[8], c;
	int s, s3 = -1, lport = IPPORT_RESERVED - 1, e;

	if (af != AF_INET && af != AF_INET6 && af != AF_UNSPEC) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = af;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_CANONNAME;
	snprintf(num, sizeof(num), "%u", ntohs(rport));
	if ((e = uipc_getaddrinfo(*ahost, num, &hints, &res)) != 0) {
		fprintf(stderr, "rcmd: getaddrinfo: %s\n", uipc_gai_strerror(e));
		return -1;
	}
	if (res->ai_canonname != NULL) {
		snprintf(canon, sizeof(canon), "%s", res->ai_canonname);
		*ahost = canon;
	}
	sigemptyset(&urg);
	sigaddset(&urg, SIGURG);
	sigprocmask(SIG_BLOCK, &urg, &omask);
	s = rsh_connect(res, *ahost, &lport);
	uipc_freeaddrinfo(res);
	if (s < 0)
		goto out;
	lport--;
	if (fd2p == NULL) {
		if (uipc_send_str(s, "") < 0)
			goto bad;
	} else if ((s3 = stderr_circuit(s, &lport, (sa_family_t)(af == AF_UNSPEC ? AF_INET : af))) < 0)
		goto bad;
	if (uipc_send_str(s, locuser) < 0 ||
	    uipc_send_str(s, remuser) < 0 ||
	    uipc_send_str(s, cmd) < 0) {
		fprintf(stderr, "rcmd: write: %s\n", strerror(errno));
		goto bad;
	}
	if (read1(s, &c) != 1) {
		fprintf(stderr, "%s: %s\n", *ahost, errno ? strerror(errno) : "connection closed");
		goto bad;
	}
	if (c != 0) {
		/* The server's refusal, to the caller's standard error. */
		while (read1(s, &c) == 1) {
			(void)syscall(SYS_write, STDERR_FILENO, &c, 1);
			if (c == '\n')
				break;
		}
		goto bad;
	}
	if (fd2p != NULL)
		*fd2p = s3;
	sigprocmask(SIG_SETMASK, &omask, NULL);
	return s;
bad:
	e = errno;
	if (s3 >= 0)
		h_close(s3);
	h_close(s);
	errno = e;
	s = -1;
out:
	sigprocmask(SIG_SETMASK, &omask, NULL);
	return s;
}

int
uipc_rcmd(char **ahost, unsigned short rport, const char *locuser,
    const char *remuser, const char *cmd, int *fd2p)
{
	return uipc_rcmd_af(ahost, rport, locuser, remuser, cmd, fd2p, AF_INET);
}
