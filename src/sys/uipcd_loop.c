/*
 * uipcd's event loop: one epoll set over the control socket, the control
 * connections, the channels and the hosts' TAP devices; after each turn, every channel with work
 * is pumped once (chan_work).  SIGTERM and SIGINT end the loop in order:
 * every socket is closed, then the control socket removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "sys/uipcd.h"

struct host *
uipcd_host(struct uipcd *d, const char *name)
{
	struct host *h;

	for (h = d->d_stack->st_hosts; h != NULL; h = h->h_next)
		if (strcmp(h->h_name, name) == 0)
			return h;
	return NULL;
}

/* Makes the control socket's directory and the socket; EADDRINUSE if a uipcd answers there. */
static int
uipcd_listen(struct uipcd *d, const char *path)
{
	struct sockaddr_un sun;
	char dir[sizeof(sun.sun_path)], *slash;
	int fd, probe;
	mode_t old;

	if (strlen(path) >= sizeof(sun.sun_path))
		return ENAMETOOLONG;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	strcpy(dir, path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755);
	}
	probe = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (probe >= 0 && connect(probe, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
		close(probe);
		return EADDRINUSE;
	}
	if (probe >= 0)
		close(probe);
	unlink(path);		/* a link itself, never what it names */
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
		return errno;
	/*
	 * Every user may reach uipcd; each request is checked on its own.  The
	 * node gets its mode as bind makes it (from the umask), not from a
	 * chmod by name afterwards, which another user could point elsewhere
	 * with a link in a directory they may write.  bind itself makes a new
	 * node or fails; it follows no link.
	 */
	old = umask(0111);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 || listen(fd, SOMAXCONN) < 0) {
		int e = errno;

		umask(old);
		close(fd);
		return e;
	}
	umask(old);
	d->d_lfd = fd;
	snprintf(d->d_path, sizeof(d->d_path), "%s", path);
	return 0;
}

int
uipcd_init(struct uipcd *d, const char *path)
{
	struct epoll_event ev;
	sigset_t ss;
	int error;

	d->d_lfd = -1;
	d->d_sigfd = -1;
	d->d_lev.ev_kind = EV_LISTEN;
	d->d_sigev.ev_kind = EV_LISTEN;		/* told apart by its address */
	if (d->d_scratch == NULL && (d->d_scratch = malloc(sizeof(*d->d_scratch))) == NULL)
		return ENOMEM;
	d->d_spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if ((d->d_epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		return errno;
	if ((error = uipcd_listen(d, path)) != 0)
		return error;
	ev.events = EPOLLIN;
	ev.data.ptr = &d->d_lev;
	if (epoll_ctl(d->d_epfd, EPOLL_CTL_ADD, d->d_lfd, &ev) < 0)
		return errno;
	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigaddset(&ss, SIGHUP);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((d->d_sigfd = signalfd(-1, &ss, SFD_NONBLOCK | SFD_CLOEXEC)) < 0)
		return errno;
	ev.events = EPOLLIN;
	ev.data.ptr = &d->d_sigev;
	if (epoll_ctl(d->d_epfd, EPOLL_CTL_ADD, d->d_sigfd, &ev) < 0)
		return errno;
	return uipcd_tap_init(d);
}

/*
 * One turn of the loop: waits for events at most timeout_ms (less when a
 * timer is due sooner, not at all when channels have work), handles them,
 * runs the timers and pumps the channels.  Returns 0, or an errno when the
 * loop cannot go on.  The fuzz target (tests/fuzz/fuzz_ctl.c) runs turns
 * with timeout_ms 0, so that it never blocks.
 */
int
uipcd_turn(struct uipcd *d, int timeout_ms)
{
	struct epoll_event evs[256];
	struct signalfd_siginfo si;
	struct evsrc *src;
	int i, n;

	/* Hung-up channels are checked once a second (chan_peer_alive). */
	n = epoll_wait(d->d_epfd, evs, 256,
	    d->d_dirty != NULL ? 0 : uipcd_timeout(d, timeout_ms));
	if (n == 0 && d->d_dirty == NULL)
		chan_check_zombies(d);
	if (n < 0)
		return errno == EINTR ? 0 : errno;
	/*
	 * Channels first: a request of this batch must see the closes of this
	 * batch (a bind, the port a close gave back), and uipcd_drain finds
	 * only the events not yet taken.  Marking a channel does no work yet
	 * (chan_work does).
	 */
	for (i = 0; i < n; i++) {
		src = evs[i].data.ptr;
		if (src != &d->d_sigev && src->ev_kind == EV_CHAN)
			chan_event((struct chan *)src, evs[i].events);
	}
	for (i = 0; i < n; i++) {
		src = evs[i].data.ptr;
		if (src == &d->d_sigev) {
			while (read(d->d_sigfd, &si, sizeof(si)) == sizeof(si))
				if (si.ssi_signo != SIGHUP)
					d->d_stop = 1;
			continue;
		}
		switch (src->ev_kind) {
		case EV_LISTEN:
			proc_accept(d);
			break;
		case EV_PROC:
			proc_input((struct proc *)src);
			break;
		case EV_CHAN:
			break;		/* above */
		case EV_TAP:
			uipcd_tap_event(src);
			break;
		}
	}
	uipcd_timers(d);
	chan_work(d);
	/*
	 * What the turn's work made due at once (a loopback packet, the
	 * answer to it) runs in the same turn: a handshake on one host
	 * completes here rather than over several trips through epoll.
	 */
	for (i = 0; i < 8 && uipcd_timeout(d, 1) == 0 && uipcd_due(d); i++) {
		uipcd_timers(d);
		chan_work(d);
	}
	/* Freed only here: this turn's events may still name them. */
	chan_reap(d);
	/* What waited for descriptors or a user's counts to fall. */
	proc_resume(d);
	owner_wake_waiters(d);
	return 0;
}

int
uipcd_run(struct uipcd *d)
{
	int error;

	while (!d->d_stop) {
		if ((error = uipcd_turn(d, 1000)) != 0)
			return error;
#ifdef UIPCD_CHECK
		/* A debug build (EXTRA_CFLAGS=-DUIPCD_CHECK) stops at the first inconsistency. */
		{
			char why[256];

			if (uipcd_check_invariants(d, why, sizeof(why)) != 0) {
				fprintf(stderr, "uipcd: invariant: %s\n", why);
				abort();
			}
		}
#endif
	}
	return 0;
}

void
uipcd_fini(struct uipcd *d)
{
	uipcd_tap_fini(d);
	while (d->d_procs != NULL)
		proc_close(d->d_procs);
	while (d->d_chans != NULL) {
		chan_close(d->d_chans);
		chan_reap(d);
	}
	if (d->d_lfd >= 0) {
		close(d->d_lfd);
		unlink(d->d_path);
	}
	if (d->d_spare >= 0)
		close(d->d_spare);
	if (d->d_sigfd >= 0)
		close(d->d_sigfd);
	d->d_sigfd = -1;
	close(d->d_epfd);
	free(d->d_scratch);
	d->d_scratch = NULL;
}
