/*
 * rexec(3) over uipc: glibc's makes its sockets inside libc, past the
 * shim.  The protocol is rexecd(8)'s, 4.2BSD's: connect to the exec port
 * (any local port: the password is the proof, not the port); send the port
 * of a second listening socket for the command's standard error as
 * decimal text, and take the server's connection to it (or send an empty
 * string for none); send the user name, the password and the command,
 * each NUL-terminated; read one byte: 0 for success, or 1 and a message
 * up to a newline, which goes to the caller's standard error.  A name or
 * password not given comes from ~/.netrc (glibc's ruserpass, which reads
 * a file and makes no socket).  A refused connection is tried again after
 * 1, 2, 4, 8 and 16 seconds, as glibc does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/netdb.h"
#include "uipc/uipc.h"

int ruserpass(const char *host, const char **aname, const char **apass);

static int
connect_retrying(const struct addrinfo *ai, const char *host)
{
	unsigned timo = 1;
	int s, e;

	for (;;) {
		if ((s = uipc_socket(ai->ai_family, SOCK_STREAM, 0)) < 0) {
			perror("rexec: socket");
			return -1;
		}
		if (uipc_connect(s, ai->ai_addr, ai->ai_addrlen) == 0)
			return s;
		e = errno;
		h_close(s);
		if (e == ECONNREFUSED && timo <= 16) {
			sleep(timo);
			timo *= 2;
			continue;
		}
		errno = e;
		perror(host);
		return -1;
	}
}

/* The standard-error connection: a listening socket's port sent, its connection taken. */
static int
stderr_back(int s, sa_family_t af)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char num[8];
	int s2, s3;
	unsigned port;

	if ((s2 = uipc_socket(af, SOCK_STREAM, 0)) < 0)
		return -1;
	uipc_listen(s2, 1);
	if (uipc_getsockname(s2, (struct sockaddr *)&ss, &len) < 0) {
		perror("getsockname");
		h_close(s2);
		return -1;
	}
	port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port :
	    ((struct sockaddr_in *)&ss)->sin_port);
	snprintf(num, sizeof(num), "%u", port);
	if (uipc_send_str(s, num) < 0) {
		h_close(s2);
		return -1;
	}
	len = sizeof(ss);
	do
		s3 = uipc_accept4(s2, (struct sockaddr *)&ss, &len, 0);
	while (s3 < 0 && errno == EINTR);
	h_close(s2);
	if (s3 < 0)
		perror("accept");
	return s3;
}

int
uipc_rexec_af(char **ahost, int rport, const char *name, const char *pass,
    const char *cmd, int *fd2p, sa_family_t af)
{
	static __thread char canon[NI_MAXHOST];
	struct addrinfo hints, *res;
	char num[8], c;
	int s, s3 = -1, e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = af;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_CANONNAME;
	snprintf(num, sizeof(num), "%d", ntohs((uint16_t)rport));
	if ((e = uipc_getaddrinfo(*ahost, num, &hints, &res)) != 0) {
		fprintf(stderr, "rexec: getaddrinfo: %s\n", uipc_gai_strerror(e));
		return -1;
	}
	snprintf(canon, sizeof(canon), "%s", res->ai_canonname != NULL ?
	    res->ai_canonname : *ahost);
	*ahost = canon;
	if (ruserpass(res->ai_canonname != NULL ? res->ai_canonname : canon,
	    &name, &pass) < 0 || name == NULL || pass == NULL) {
		uipc_freeaddrinfo(res);
		return -1;
	}
	s = connect_retrying(res, *ahost);
	af = (sa_family_t)res->ai_family;
	uipc_freeaddrinfo(res);
	if (s < 0)
		return -1;
	if (fd2p == NULL) {
		if (uipc_send_str(s, "") < 0)
			goto bad;
	} else if ((s3 = stderr_back(s, af)) < 0)
		goto bad;
	if (uipc_send_str(s, name) < 0 || uipc_send_str(s, pass) < 0 || uipc_send_str(s, cmd) < 0)
		goto bad;
	do
		e = (int)syscall(SYS_read, s, &c, 1);
	while (e < 0 && errno == EINTR);
	if (e != 1) {
		perror(*ahost);
		goto bad;
	}
	if (c != 0) {
		while (syscall(SYS_read, s, &c, 1) == 1) {
			(void)syscall(SYS_write, STDERR_FILENO, &c, 1);
			if (c == '\n')
				break;
		}
		goto bad;
	}
	if (fd2p != NULL)
		*fd2p = s3;
	return s;
bad:
	e = errno;
	if (s3 >= 0)
		h_close(s3);
	h_close(s);
	errno = e;
	return -1;
}

int
uipc_rexec(char **ahost, int rport, const char *name, const char *pass,
    const char *cmd, int *fd2p)
{
	return uipc_rexec_af(ahost, rport, name, pass, cmd, fd2p, AF_INET);
}
