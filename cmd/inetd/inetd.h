/*
 * inetd: the service server of the primer's §4, "a single contact point
 * for all services": it listens at every service its configuration names
 * and starts the server for each request, with the connection (or the
 * datagram socket) on descriptors 0, 1 and 2, as the named user.  conf.c
 * reads the configuration (the format of openbsd-inetd, PROTOCOLS.md §2);
 * builtin.c serves echo, discard, chargen, daytime and time itself
 * (RFC 862-868); main.c holds the sockets and the loop.
 *
 * A plain BSD socket program: it runs on the Linux kernel and, under
 * `uipc run`, on uipc alike.
 */
#ifndef INETD_H
#define INETD_H

#include <sys/types.h>
#include <netinet/in.h>
#include <time.h>

#define MAXARGV		20
#define MAXSERVICES	256	/* sockets inetd polls */
#define TOOMANY		256	/* invocations a minute before a service is shut */
#define CNT_INTVL	60	/* ... in this many seconds */
#define RETRYTIME	600	/* and shut for this long */

struct builtin;

/* One service of the configuration: a line of inetd.conf. */
struct servtab {
	char	*se_service;		/* name or port number */
	int	se_socktype;		/* SOCK_STREAM or SOCK_DGRAM */
	char	*se_proto;		/* "tcp" or "udp" */
	struct in_addr se_addr;		/* where to listen, INADDR_ANY by default */
	int	se_port;		/* network order */
	int	se_wait;		/* the server takes the socket itself */
	int	se_max;			/* invocations a minute, at most (0: the default) */
	char	*se_user, *se_group;	/* group NULL: the user's */
	char	*se_server;		/* program, or "internal" */
	char	*se_argv[MAXARGV + 1];
	const struct builtin *se_bi;	/* internal service, or NULL */
	int	se_fd;			/* the socket, -1 while shut */
	pid_t	se_waitpid;		/* a wait service's server while it runs */
	int	se_count;		/* invocations since se_time */
	time_t	se_time;
	time_t	se_retry;		/* shut for looping: open again then */
	int	se_line;		/* where in the file, for messages */
	struct servtab *se_next;
};

struct builtin {
	const char *bi_service;
	int	bi_socktype;
	int	bi_fork;		/* served by a child of its own */
	void	(*bi_fn)(int fd, struct servtab *sep);
};

/* conf.c: the services of path, or NULL (with a message) when it cannot be read. */
struct servtab *conf_read(const char *path, int *ok);
void	conf_free(struct servtab *list);

/* builtin.c */
const struct builtin *builtin_find(const char *service, int socktype);

/* main.c */
void	logmsg(int pri, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* INETD_H */
