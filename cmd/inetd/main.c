/*
 * inetd [-d] [-R rate] [configfile]
 *
 * Listens at every service of the configuration (default /etc/inetd.conf)
 * and serves each request (primer §4):
 *
 *  - stream nowait: accept, then a child per connection with the new
 *    socket on descriptors 0, 1 and 2, running the program as the line's
 *    user (the Figure 2 pattern, done once for every service);
 *  - stream or dgram wait: the listening or datagram socket itself goes
 *    to the child, and inetd leaves the socket alone until that child
 *    exits (it may serve many requests);
 *  - internal: builtin.c answers.
 *
 * SIGHUP reads the configuration again: sockets of services that stay are
 * kept, new ones opened, removed ones closed.  A service started more than
 * its limit (wait|nowait.max, default 256) within a minute is failing in a
 * loop: it is shut for ten minutes, as inetd has always done.  -d keeps
 * inetd in the foreground and logs to standard error (syslog otherwise).
 */
#include <sys/socket.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "inetd.h"

static struct servtab *services;
static const char *confpath = "/etc/inetd.conf";
static int debug, rate = TOOMANY;
static volatile sig_atomic_t got_hup, got_chld;

void
logmsg(int pri, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (debug) {
		fprintf(stderr, "inetd: ");
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else
		vsyslog(pri, fmt, ap);
	va_end(ap);
}

static void on_hup(int sig) { (void)sig; got_hup = 1; }
static void on_chld(int sig) { (void)sig; got_chld = 1; }

/* The service's socket, bound and (stream) listening; -1 when it cannot be. */
static int
open_service(struct servtab *sep)
{
	struct sockaddr_in sin;
	int fd, one = 1;

	fd = socket(AF_INET, sep->se_socktype, 0);
	if (fd < 0) {
		logmsg(LOG_ERR, "%s/%s: socket: %m", sep->se_service, sep->se_proto);
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = sep->se_addr;
	sin.sin_port = (in_port_t)sep->se_port;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		logmsg(LOG_ERR, "%s/%s: bind: %m", sep->se_service, sep->se_proto);
		close(fd);
		return -1;
	}
	if (sep->se_socktype == SOCK_STREAM && listen(fd, 128) < 0) {
		logmsg(LOG_ERR, "%s/%s: listen: %m", sep->se_service, sep->se_proto);
		close(fd);
		return -1;
	}
	/* A nowait listener never blocks inetd: a client may vanish before accept. */
	if (sep->se_socktype == SOCK_STREAM && !sep->se_wait)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	logmsg(LOG_INFO, "%s/%s: listening on port %d", sep->se_service, sep->se_proto,
	    ntohs((in_port_t)sep->se_port));
	return fd;
}

static void
close_service(struct servtab *sep)
{
	if (sep->se_fd >= 0)
		close(sep->se_fd);
	sep->se_fd = -1;
}

static struct servtab *
find_same(struct servtab *list, const struct servtab *sep)
{
	for (; list != NULL; list = list->se_next)
		if (list->se_port == sep->se_port && list->se_socktype == sep->se_socktype &&
		    list->se_addr.s_addr == sep->se_addr.s_addr)
			return list;
	return NULL;
}

/* Reads the configuration; services that stay keep their sockets. */
static void
config(void)
{
	struct servtab *fresh, *sep, *old;
	int ok, n = 0;

	fresh = conf_read(confpath, &ok);
	if (!ok)
		return;		/* unreadable: keep serving what we have */
	for (sep = fresh; sep != NULL; sep = sep->se_next) {
		if (++n > MAXSERVICES) {
			if (n == MAXSERVICES + 1)
				logmsg(LOG_ERR, "more than %d services: line %d and after are not served",
				    MAXSERVICES, sep->se_line);
			continue;
		}
		if (sep->se_max == 0)
			sep->se_max = rate;
		old = find_same(services, sep);
		if (old != NULL && old->se_fd >= 0 && old->se_wait == sep->se_wait) {
			sep->se_fd = old->se_fd;
			sep->se_waitpid = old->se_waitpid;
			sep->se_count = old->se_count;
			sep->se_time = old->se_time;
			old->se_fd = -1;
		} else if (old != NULL && old->se_retry != 0) {
			sep->se_retry = old->se_retry;	/* still shut for looping */
		} else {
			if (old != NULL)
				close_service(old);
			sep->se_fd = open_service(sep);
		}
	}
	for (old = services; old != NULL; old = old->se_next)
		if (old->se_fd >= 0) {
			logmsg(LOG_INFO, "%s/%s: no longer served", old->se_service, old->se_proto);
			close_service(old);
		}
	conf_free(services);
	services = fresh;
}

/* The rate limit: 0 to serve, -1 when the service has just been shut. */
static int
count_invocation(struct servtab *sep)
{
	time_t now = time(NULL);

	if (sep->se_count == 0 || now - sep->se_time > CNT_INTVL) {
		sep->se_count = 0;
		sep->se_time = now;
	}
	if (++sep->se_count <= sep->se_max)
		return 0;
	logmsg(LOG_ERR, "%s/%s server failing (looping), service terminated for %d min",
	    sep->se_service, sep->se_proto, RETRYTIME / 60);
	close_service(sep);
	sep->se_count = 0;
	sep->se_retry = now + RETRYTIME;
	return -1;
}

/* In a child: the request on 0, 1 and 2 and the line's user, then the program. */
static void __attribute__((noreturn))
run_server(struct servtab *sep, int fd)
{
	struct passwd *pw;
	struct group *gr;
	struct servtab *s;
	gid_t gid;
	sigset_t none;

	for (s = services; s != NULL; s = s->se_next)
		if (s->se_fd >= 0 && s->se_fd != fd)
			close(s->se_fd);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	if (sep->se_bi != NULL) {
		sep->se_bi->bi_fn(fd, sep);
		_exit(0);
	}
	if ((pw = getpwnam(sep->se_user)) == NULL) {
		logmsg(LOG_ERR, "%s/%s: %s: no such user", sep->se_service, sep->se_proto, sep->se_user);
		_exit(1);
	}
	gid = pw->pw_gid;
	if (sep->se_group != NULL) {
		if ((gr = getgrnam(sep->se_group)) == NULL) {
			logmsg(LOG_ERR, "%s: no such group", sep->se_group);
			_exit(1);
		}
		gid = gr->gr_gid;
	}
	if (getuid() == 0 && (setgid(gid) < 0 || initgroups(pw->pw_name, gid) < 0 ||
	    setuid(pw->pw_uid) < 0)) {
		logmsg(LOG_ERR, "%s/%s: cannot become %s: %m", sep->se_service, sep->se_proto,
		    sep->se_user);
		_exit(1);
	}
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		_exit(1);
	if (fd > 2)
		close(fd);
	execv(sep->se_server, sep->se_argv);
	logmsg(LOG_ERR, "%s/%s: %s: %m", sep->se_service, sep->se_proto, sep->se_server);
	_exit(1);
}

/* A request has come to sep's socket. */
static void
serve(struct servtab *sep)
{
	int fd = sep->se_fd;
	pid_t pid;

	if (sep->se_socktype == SOCK_STREAM && !sep->se_wait) {
		fd = accept(sep->se_fd, NULL, NULL);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
				logmsg(LOG_WARNING, "%s/%s: accept: %m", sep->se_service, sep->se_proto);
			return;
		}
	}
	if (count_invocation(sep) < 0) {
		if (fd != sep->se_fd && fd >= 0)
			close(fd);
		return;
	}
	if (sep->se_bi != NULL && !sep->se_bi->bi_fork) {
		sep->se_bi->bi_fn(fd, sep);
		if (sep->se_socktype == SOCK_STREAM)
			close(fd);
		return;
	}
	pid = fork();
	if (pid < 0) {
		logmsg(LOG_ERR, "fork: %m");
		if (sep->se_socktype == SOCK_STREAM && !sep->se_wait)
			close(fd);
		return;
	}
	if (pid == 0)
		run_server(sep, fd);
	if (sep->se_wait && sep->se_bi == NULL)
		sep->se_waitpid = pid;	/* the socket is the server's until it exits */
	if (sep->se_socktype == SOCK_STREAM && !sep->se_wait)
		close(fd);
}

/* Children that ended: a wait service's socket is inetd's again. */
static void
reap(void)
{
	struct servtab *sep;
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (sep = services; sep != NULL; sep = sep->se_next)
			if (sep->se_waitpid == pid)
				sep->se_waitpid = 0;
		if (debug && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
			logmsg(LOG_INFO, "child %d ended with status %#x", (int)pid, status);
	}
}

/* Services shut for looping whose ten minutes are over open again. */
static int
retry(void)
{
	struct servtab *sep;
	time_t now = time(NULL);
	int wait_ms = -1;

	for (sep = services; sep != NULL; sep = sep->se_next) {
		if (sep->se_retry == 0)
			continue;
		if (now >= sep->se_retry) {
			sep->se_retry = 0;
			sep->se_fd = open_service(sep);
		} else if (wait_ms < 0 || (sep->se_retry - now) * 1000 < wait_ms)
			wait_ms = (int)(sep->se_retry - now) * 1000;
	}
	return wait_ms;
}

static void
usage(void)
{
	fprintf(stderr, "usage: inetd [-d] [-R rate] [configfile]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t block, none;
	int c;

	while ((c = getopt(argc, argv, "dR:")) != -1) {
		switch (c) {
		case 'd': debug = 1; break;
		case 'R':
			if ((rate = atoi(optarg)) <= 0)
				usage();
			break;
		default: usage();
		}
	}
	if (optind < argc - 1)
		usage();
	if (optind == argc - 1)
		confpath = argv[optind];
	if (!debug) {
		openlog("inetd", LOG_PID, LOG_DAEMON);
		if (daemon(0, 0) < 0) {
			perror("inetd: daemon");
			exit(1);
		}
	}
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_chld;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* The signals are taken only while inetd waits in ppoll. */
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &none);
	sigdelset(&none, SIGHUP);
	sigdelset(&none, SIGCHLD);

	config();
	for (;;) {
		struct pollfd p[MAXSERVICES];
		struct servtab *which[MAXSERVICES], *sep;
		struct timespec ts, *tsp = NULL;
		int n = 0, i, ms;

		if (got_chld) {
			got_chld = 0;
			reap();
		}
		if (got_hup) {
			got_hup = 0;
			logmsg(LOG_INFO, "rereading %s", confpath);
			config();
		}
		ms = retry();
		if (ms >= 0) {
			ts.tv_sec = ms / 1000;
			ts.tv_nsec = 0;
			tsp = &ts;
		}
		for (sep = services; sep != NULL && n < MAXSERVICES; sep = sep->se_next) {
			if (sep->se_fd < 0 || sep->se_waitpid != 0)
				continue;
			p[n].fd = sep->se_fd;
			p[n].events = POLLIN;
			p[n].revents = 0;
			which[n++] = sep;
		}
		if (ppoll(p, (nfds_t)n, tsp, &none) < 0) {
			if (errno != EINTR)
				logmsg(LOG_ERR, "poll: %m");
			continue;
		}
		for (i = 0; i < n; i++)
			if (p[i].revents & (POLLIN | POLLERR | POLLHUP))
				if (which[i]->se_fd >= 0)
					serve(which[i]);
	}
}
