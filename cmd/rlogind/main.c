/*
 * rlogind [-i] [-n] [-e equivfile]: the remote login server.
 *
 * Standalone (the default), it is the primer's Figure 2 server: it looks
 * up login/tcp with getservbyname, binds that port on INADDR_ANY, listens
 * and forks a child per connection, reaping children with a SIGCHLD
 * handler installed without SA_RESTART, so that accept returns EINTR and
 * the loop goes on (§5.6).  With -i it serves the one connection inetd
 * passed on descriptors 0, 1 and 2 (as netkit's in.rlogind always does).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rlogind.h"

struct rlopts rlopts = { "/etc/hosts.equiv", 0, 1 };

static void
reaper(int sig)
{
	int status, e = errno;

	(void)sig;
	while (waitpid(-1, &status, WNOHANG) > 0)
		;
	errno = e;
}

/* One connection: the protocol's work, in the child (never returns). */
static void __attribute__((noreturn))
doit(int f, struct sockaddr_in *from)
{
	struct rlrequest rq;
	int one = 1;

	signal(SIGCHLD, SIG_DFL);
	if (rlopts.o_keepalive &&
	    setsockopt(f, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)) < 0)
		perror("rlogind: setsockopt (SO_KEEPALIVE)");
	if (rl_handshake(f, from, &rq) < 0)
		_exit(1);
	rl_session(f, &rq, rl_trusted(&rq));
}

static int
from_inetd(void)
{
	struct sockaddr_in from;
	socklen_t len = sizeof(from);

	if (getpeername(0, (struct sockaddr *)&from, &len) < 0) {
		perror("rlogind: getpeername");
		return 1;
	}
	if (from.sin_family != AF_INET) {
		fprintf(stderr, "rlogind: not an Internet connection\n");
		return 1;
	}
	doit(0, &from);
}

static void
usage(void)
{
	fprintf(stderr, "usage: rlogind [-i] [-n] [-e equivfile]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin, from;
	struct servent *sp;
	struct sigaction sa;
	int f, c, inetd = 0, one = 1;

	while ((c = getopt(argc, argv, "ine:")) != -1) {
		switch (c) {
		case 'i': inetd = 1; break;
		case 'n': rlopts.o_keepalive = 0; break;
		case 'e': rlopts.o_equiv = optarg; rlopts.o_equiv_root = 1; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (inetd)
		return from_inetd();

	sp = getservbyname("login", "tcp");
	if (sp == NULL) {
		fprintf(stderr, "rlogind: tcp/login: unknown service\n");
		exit(1);
	}
	/* Disassociate from the invoker's terminal (§4.1): its signals are not ours. */
	(void)setsid();

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = INADDR_ANY;
	sin.sin_port = sp->s_port;
	f = socket(AF_INET, SOCK_STREAM, 0);
	if (f < 0) {
		perror("rlogind: socket");
		exit(1);
	}
	(void)setsockopt(f, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(f, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		perror("rlogind: bind");
		exit(1);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = reaper;		/* no SA_RESTART: accept returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (listen(f, 10) < 0) {
		perror("rlogind: listen");
		exit(1);
	}
	fprintf(stderr, "rlogind: listening on port %d\n", ntohs(sp->s_port));
	for (;;) {
		socklen_t len = sizeof(from);
		int g = accept(f, (struct sockaddr *)&from, &len);

		if (g < 0) {
			if (errno != EINTR)
				perror("rlogind: accept");
			continue;
		}
		if (fork() == 0) {
			close(f);
			signal(SIGPIPE, SIG_DFL);
			doit(g, &from);
		}
		close(g);
	}
}
