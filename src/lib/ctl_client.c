/*
 * The process's control connection to uipcd: one per process and thread,
 * opened on first use and again in a child after fork (DESIGN.md, "The
 * boundary").  ctl_call sends one request and waits for its reply; replies
 * to requests no longer waited for (a call interrupted by a signal) are
 * dropped by their sequence number.
 *
 * A process belongs to one uipcd: the one at the path captured when it
 * started (settings.c), and, once it has reached it, that very daemon (its
 * pid): a new thread or a child after fork that finds another uipcd at the
 * path, or none, never joins it.  When uipcd cannot be reached, or its
 * control connection hangs up (killed, crashed, out of memory), every call
 * fails at once with ENETDOWN, and one line on stderr, once per process,
 * names the path (uipc(1), "WHEN UIPCD IS GONE").
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/un.h>
#include <netinet/in.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"

static __thread int ctlfd = -1;
static __thread pid_t ctlpid;
static __thread uint32_t ctlseq;
static __thread pid_t ctlas;	/* the process this connection last spoke for (CTL_ACTFOR); 0: itself */
static __thread int ctlposted;	/* requests posted (ctl_post) whose replies may not be read yet */
/* Process-wide, kept across fork: the uipcd this process joined. */
static pid_t daemon_pid;	/* by SO_PEERCRED at the first connection; 0: none yet */
static int daemon_gone;		/* it hung up or was replaced: never again */
static pid_t told_pid;		/* the process that printed its one line */

/*
 * One line on stderr, once per process.  Standard error may be a socket
 * (a service started by inetd): the line must not raise SIGPIPE there.
 */
static void
say_once(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n, saved = errno;

	if (told_pid == getpid())
		return;
	told_pid = getpid();
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (h_sendto(2, line, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT, NULL, 0) < 0 &&
	    errno == ENOTSOCK)
		(void)!syscall(SYS_write, 2, line, (size_t)n);
	errno = saved;
}

/* uipcd hung up: this process is done with it, whatever listens there later. */
static void
ctl_lost(void)
{
	if (ctlfd >= 0)
		h_close(ctlfd);
	ctlfd = -1;
	daemon_gone = 1;
	say_once("uipc: uipcd at %s is gone (its control connection closed): uipc "
	    "calls fail with ENETDOWN, stream reads cut short with ECONNRESET",
	    uipc_setting_socket());
}

static int
ctl_open(void)
{
	struct sockaddr_un sun;
	const char *path = uipc_setting_socket(), *host = uipc_setting_host();
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	struct ctl_rep rep;
	int fd, e;

	/*
	 * selfpid.c's pid, not a getpid call per request: a forked child
	 * finds it fresh; a vfork child, its parent stopped, may use the
	 * parent's connection (its own copy of the descriptor) meanwhile.
	 */
	if (ctlfd >= 0 && ctlpid == uipc_selfpid())
		return 0;
	if (ctlfd >= 0)
		h_close(ctlfd);		/* the parent's, inherited across fork */
	ctlfd = -1;
	if (daemon_gone) {
		ctl_lost();		/* says so in a child that inherited the loss */
		return ENETDOWN;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if ((fd = h_socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0)
		return errno;
	if (h_connect(fd, &sun, sizeof(sun)) < 0) {
		e = errno;
		h_close(fd);
		if (daemon_pid != 0)
			ctl_lost();	/* it was there before: it died */
		else
			say_once("uipc: cannot reach uipcd at %s: %s", path, strerror(e));
		return ENETDOWN;
	}
	if (h_getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) == 0 && cred.pid > 0) {
		if (daemon_pid == 0)
			daemon_pid = cred.pid;
		else if (cred.pid != daemon_pid) {
			h_close(fd);
			daemon_gone = 1;
			say_once("uipc: uipcd at %s is pid %d, not pid %d that this process "
			    "joined (gone): uipc calls fail with ENETDOWN", path,
			    (int)cred.pid, (int)daemon_pid);
			return ENETDOWN;
		}
	}
	/*
	 * Out of the program's way: a program may count on getting the
	 * lowest free number, or on a number it closed staying closed in a
	 * child (libuv's spawn_fs_open writes to one and expects EBADF), so
	 * the connection moves up, below the usual soft RLIMIT_NOFILE of
	 * 1024 (and FD_SETSIZE).  Under a lower soft limit it goes there all
	 * the same when the hard limit allows: the soft one is raised for the
	 * move and put back (the kernel checks the limit only when it gives a
	 * number, so one above it stays open); else it stays where it is.
	 */
	{
		int high = h_fcntl(fd, F_DUPFD_CLOEXEC, UIPC_CTLFD_BASE);
		struct rlimit64 rl, up;	/* prlimit64's, on every ABI */

		if (high < 0 && errno == EINVAL &&
		    syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &rl) == 0 &&
		    rl.rlim_cur <= UIPC_CTLFD_BASE && rl.rlim_max > UIPC_CTLFD_BASE) {
			up = rl;
			up.rlim_cur = UIPC_CTLFD_BASE + 1;
			if (syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &up, NULL) == 0) {
				high = h_fcntl(fd, F_DUPFD_CLOEXEC, UIPC_CTLFD_BASE);
				(void)syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, NULL);
			}
		}
		if (high >= 0) {
			h_close(fd);
			fd = high;
		}
	}
	/* Room for a whole datagram in one request (CTL_SENDTO). */
	{
		int sz = CTL_MAXSEND;

		h_setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	}
	ctlfd = fd;
	ctlpid = (pid_t)uipc_selfpid();
	ctlas = 0;
	ctlposted = 0;
	uipc_fdset(fd, FD_HOST);
	if (host != NULL) {
		if (ctl_call(CTL_HELLO, NULL, host, strlen(host), NULL, 0, &rep, NULL, NULL) < 0) {
			e = errno;
			if (ctlfd < 0)
				return ENETDOWN;	/* it hung up at once */
			say_once("uipc: host %s: %s", host, strerror(e));
			h_close(ctlfd);
			ctlfd = -1;
			return e == ENOENT ? EHOSTUNREACH : e;
		}
	}
	return 0;
}

/*
 * `uipc run`'s supervisor speaks for the program process PID on this
 * thread's connection (CTL_ACTFOR, ctl_actfor.c): asked only when the
 * process changes, so a run of calls from one process costs one request.
 * A refusal leaves the connection speaking for itself, and is not asked
 * again for the same process.  0, or -1 with errno.
 */
int
uipc_act_for(pid_t pid)
{
	int32_t a[4] = { (int32_t)pid, 0, 0, 0 };
	struct ctl_rep rep;
	int r;

	if (ctlfd >= 0 && ctlpid == uipc_selfpid() && ctlas == pid)
		return 0;
	r = ctl_call(CTL_ACTFOR, a, NULL, 0, NULL, 0, &rep, NULL, NULL);
	if (ctlfd >= 0)
		ctlas = pid;
	return r;
}

/*
 * The program closed this thread's control connection (a daemon closing
 * every descriptor, closefrom): the next call opens it again.
 */
void
uipc_ctl_closed(int fd)
{
	if (fd >= 0 && fd == ctlfd)
		ctlfd = -1;
}

/* The descriptors first to last were closed at once (close_range, closefrom). */
void
uipc_ctl_closed_range(unsigned int first, unsigned int last)
{
	if (ctlfd >= 0 && (unsigned int)ctlfd >= first && (unsigned int)ctlfd <= last)
		ctlfd = -1;
}

/*
 * Whether the uipcd this process joined is gone.  A channel's end looks
 * the same whether uipcd closed it in order or died, so a read that found
 * an end asks: a round trip (IDENTIFY), which also settles the race of a
 * uipcd that is dying but whose control connection is not yet closed (the
 * kernel closes a dead process's descriptors one by one): its answer never
 * comes, the hang-up does.
 */
int
uipc_daemon_lost(int fd)
{
	struct ctl_rep rep;
	int saved = errno, lost;

	lost = daemon_gone ||
	    (ctl_call(CTL_IDENTIFY, NULL, NULL, 0, &fd, 1, &rep, NULL, NULL) < 0 &&
	    (daemon_gone || errno == ENETDOWN));
	errno = saved;
	return lost;
}

/*
 * The connection broke: uipcd refused it (out of descriptors, proc.c
 * proc_refuse) if its answer, sequence number 0, waits in the socket; the
 * host may report the reset before that answer, so it is looked for after.
 * Returns the refusal's errno, or ENETDOWN.
 */
static int
ctl_refused(void)
{
	struct ctl_rep rep;
	int i;

	for (i = 0; i < 2; i++)
		if (h_recvfrom(ctlfd, &rep, sizeof(rep), MSG_DONTWAIT, NULL, NULL) == (ssize_t)sizeof(rep) &&
		    rep.cp_seq == 0 && rep.cp_op == 0 && rep.cp_error != 0)
			return rep.cp_error;
	return ENETDOWN;
}

/*
 * Sends one request; returns its sequence number, or 0 with errno set
 * (ENETDOWN when uipcd is gone, EMSGSIZE for a datagram too large).
 */
static uint32_t
ctl_send(uint16_t op, const int32_t arg[4], const struct iovec *dv, int dn, size_t len,
    const int *fds, int nfds)
{
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int) * CTL_MAXFDS)];
	} cbuf;
	struct ctl_req rq;
	struct iovec iov[1 + CTL_MAXDATAV];
	struct msghdr mh;
	ssize_t n;
	int e, i;

	memset(&rq, 0, sizeof(rq));
	rq.cr_version = CTL_VERSION;
	rq.cr_op = op;
	rq.cr_len = (uint32_t)(sizeof(rq) + len);
	rq.cr_seq = ++ctlseq;
	if (rq.cr_seq == 0)
		rq.cr_seq = ++ctlseq;
	if (arg != NULL)
		memcpy(rq.cr_arg, arg, sizeof(rq.cr_arg));
	iov[0] = (struct iovec){ &rq, sizeof(rq) };
	for (i = 0; i < dn; i++)
		iov[1 + i] = dv[i];
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = iov;
	mh.msg_iovlen = len > 0 ? 1 + (size_t)dn : 1;
	if (nfds > 0) {
		struct cmsghdr *cm;

		memset(&cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf.b;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * (size_t)nfds);
	}
	do
		n = h_sendmsg(ctlfd, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n >= 0)
		return rq.cr_seq;
	switch (errno) {
	case EFAULT:		/* the caller's data (ctl_callv): nothing was sent */
	case EMSGSIZE:		/* a datagram larger than the control connection takes */
	case ETOOMANYREFS:	/* too many descriptors in flight */
	case ENOBUFS:
	case ENOMEM:
		return 0;
	case EBADF:
	case ENOTSOCK:
		/* The program closed it (close_range): open it again, once. */
		ctlfd = -1;
		if (ctl_open() == 0 && (n = h_sendmsg(ctlfd, &mh, MSG_NOSIGNAL)) >= 0)
			return rq.cr_seq;
		if (ctlfd < 0 || daemon_gone) {
			errno = ENETDOWN;
			return 0;
		}
		/* FALLTHROUGH */
	default:
		/* uipcd refused the connection (out of descriptors), or hung up. */
		if ((e = ctl_refused()) != ENETDOWN) {
			h_close(ctlfd);
			ctlfd = -1;
			errno = e;
			return 0;
		}
		ctl_lost();	/* EPIPE, ECONNRESET: uipcd hung up */
		errno = ENETDOWN;
		return 0;
	}
}

static int ctl_callx(uint16_t op, const int32_t arg[4], const struct iovec *dv, int dn,
    const int *fds, int nfds, struct ctl_rep *rep, void *rdata, size_t *rlen,
    int *rfds, int nrfds);

/*
 * One request and its reply.  Returns 0, or -1 with errno: the reply's
 * error, EINTR when a signal interrupted the wait and the host's rule does
 * not restart it, ENETDOWN when uipcd is gone.
 */
int
ctl_call(uint16_t op, const int32_t arg[4], const void *data, size_t len,
    const int *fds, int nfds, struct ctl_rep *rep, void *rdata, size_t *rlen)
{
	struct iovec dv = { (void *)data, len };

	return ctl_callv(op, arg, &dv, 1, fds, nfds, rep, rdata, rlen);
}

/*
 * ctl_call with the request's data in dn (at most CTL_MAXDATAV) pieces,
 * which may be the caller's memory: the host's sendmsg reads them, so a
 * bad one is EFAULT and nothing is sent (a SOCK_SEQPACKET message goes
 * whole or not at all).
 */
int
ctl_callv(uint16_t op, const int32_t arg[4], const struct iovec *dv, int dn,
    const int *fds, int nfds, struct ctl_rep *rep, void *rdata, size_t *rlen)
{
	return ctl_callx(op, arg, dv, dn, fds, nfds, rep, rdata, rlen, NULL, 0);
}

/*
 * A request whose reply brings descriptors (at most CTL_MAXRFDS), into
 * rfds[0 .. nrfds): those that came; the rest -1.  A process with no free
 * descriptor gets none (the host drops them: MSG_CTRUNC).
 */
int
ctl_call_fds(uint16_t op, const int32_t arg[4], const int *fds, int nfds,
    struct ctl_rep *rep, int *rfds, int nrfds)
{
	return ctl_callx(op, arg, NULL, 0, fds, nfds, rep, NULL, NULL, rfds, nrfds);
}

/* The descriptors a reply brought: kept in rfds when they are the caller's, else closed. */
static void
ctl_takefds(struct msghdr *mh, int *rfds, int nrfds)
{
	struct cmsghdr *cm;
	int i, n, f, k = 0;

	for (cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (i = 0; i < n; i++) {
			memcpy(&f, CMSG_DATA(cm) + (size_t)i * sizeof(int), sizeof(int));
			if (k < nrfds)
				rfds[k++] = f;
			else
				h_close(f);
		}
	}
}

/* Whether the n bytes at buf are the reply to request seq. */
static int
rep_is(const char *buf, ssize_t n, uint32_t seq)
{
	struct ctl_rep r;

	if ((size_t)n < sizeof(r))
		return 0;
	memcpy(&r, buf, sizeof(r));
	return r.cp_seq == seq;
}

static int
ctl_callx(uint16_t op, const int32_t arg[4], const struct iovec *dv, int dn,
    const int *fds, int nfds, struct ctl_rep *rep, void *rdata, size_t *rlen,
    int *rfds, int nrfds)
{
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int) * CTL_MAXRFDS)];
	} cb;
	size_t len = 0;
	int i;

	uint32_t seq, mkseq = 0;
	int e, mkerr = 0, lazy;
	struct iovec iov;
	struct msghdr mh;
	ssize_t n;

	for (i = 0; i < nrfds; i++)
		rfds[i] = -1;
	if (op != CTL_HELLO && (e = ctl_open()) != 0) {
		errno = e;
		return -1;
	}
	for (i = 0; i < dn; i++) {
		if (dv[i].iov_len > CTL_MAXSEND) {
			errno = EINVAL;
			return -1;
		}
		len += dv[i].iov_len;
	}
	if (dn > CTL_MAXDATAV || len > (op == CTL_SENDTO ? CTL_MAXSEND : CTL_MAXDATA) ||
	    nfds > CTL_MAXFDS) {
		errno = EINVAL;
		return -1;
	}
	/*
	 * A socket made lazily (uipc_socket): the request that makes it goes
	 * first, and both answers are read after this one is sent, so making
	 * it costs no round trip of its own.
	 */
	if (nfds >= 1 && op != CTL_SOCKET && (lazy = uipc_fdlazy(fds[0])) >= 0) {
		int pair[2] = { lazy, fds[0] };
		int32_t targ[4] = { AF_INET, SOCK_STREAM, 0, CTL_SOCKET_LAZY };

		if ((mkseq = ctl_send(CTL_SOCKET, targ, NULL, 0, 0, pair, 2)) == 0)
			return -1;
		uipc_fdclearlazy(fds[0]);
	}
	if ((seq = ctl_send(op, arg, dv, dn, len, fds, nfds)) == 0)
		return -1;
	for (;;) {
		char buf[sizeof(struct ctl_rep) + CTL_MAXDATA];

		iov = (struct iovec){ buf, sizeof(buf) };
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cb.b;
		mh.msg_controllen = sizeof(cb.b);
		n = h_recvmsg(ctlfd, &mh, MSG_CMSG_CLOEXEC);
		/*
		 * Only a connect and a send wait in uipcd, and only their wait is the
		 * caller's to interrupt (the connection goes on, as in BSD).
		 * Every other request is answered at once, and its answer may
		 * carry something that must not be lost (an accepted
		 * connection): it is waited for through signals.
		 */
		if (n < 0 && errno == EINTR && (op == CTL_CONNECT || op == CTL_SENDTO))
			return -1;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 && errno == ECONNRESET ? ctl_refused() : ENETDOWN;
			if (e != ENETDOWN) {
				/* uipcd refused the connection: out of descriptors */
				h_close(ctlfd);
				ctlfd = -1;
			} else
				ctl_lost();	/* uipcd hung up: killed, crashed */
			errno = e;
			return -1;
		}
		if (mh.msg_controllen > 0)
			ctl_takefds(&mh, rep_is(buf, n, seq) ? rfds : NULL,
			    rep_is(buf, n, seq) ? nrfds : 0);
		if ((size_t)n < sizeof(struct ctl_rep))
			continue;
		memcpy(rep, buf, sizeof(*rep));
		/* uipcd refused the connection (out of descriptors: EMFILE). */
		if (rep->cp_seq == 0 && rep->cp_error != 0 && rep->cp_op == 0) {
			h_close(ctlfd);
			ctlfd = -1;
			errno = rep->cp_error;
			return -1;
		}
		if (mkseq != 0 && rep->cp_seq == mkseq) {
			mkerr = rep->cp_error;	/* the making of a lazy socket */
			continue;
		}
		if (rep->cp_seq != seq)
			continue;	/* a reply to an abandoned call, or to a posted one */
		ctlposted = 0;		/* uipcd answers in order: theirs came before */
		if (rdata != NULL && rlen != NULL) {
			size_t got = (size_t)n - sizeof(struct ctl_rep);

			if (got > *rlen)
				got = *rlen;
			memcpy(rdata, buf + sizeof(struct ctl_rep), got);
			*rlen = got;
		}
		if (mkerr != 0) {
			errno = mkerr;	/* the socket could not be made: that is the error */
			return -1;
		}
		if (rep->cp_error != 0) {
			errno = rep->cp_error;
			return -1;
		}
		return 0;
	}
}

/*
 * At most this many posted requests wait for their replies to be read;
 * the control connection's receive buffer holds far more (each reply of
 * a posted request is a bare struct ctl_rep).
 */
#define CTL_MAXPOSTED	64

/*
 * A request whose answer nobody waits for: the library has decided it
 * already (uipc_setsockopt: an option it checked as the kernel does, on
 * a socket uipcd has made), so it is sent and its reply dropped by
 * sequence number when a later call reads.  Ordered with every later
 * request on this thread's connection, it costs no round trip: a client
 * that sets a timeout after its connect saves one of its three.  Past
 * CTL_MAXPOSTED unread replies it is a call like any other, which reads
 * them all.  0, or -1 with errno (ENETDOWN when uipcd is gone).
 */
int
ctl_post(uint16_t op, const int32_t arg[4], const void *data, size_t len,
    const int *fds, int nfds)
{
	struct iovec dv = { (void *)data, len };
	struct ctl_rep rep;
	int e;

	if (nfds >= 1 && uipc_fdlazy(fds[0]) >= 0)
		return ctl_call(op, arg, data, len, fds, nfds, &rep, NULL, NULL);
	if ((e = ctl_open()) != 0) {
		errno = e;
		return -1;
	}
	if (ctlposted >= CTL_MAXPOSTED || len > CTL_MAXDATA || nfds > CTL_MAXFDS)
		return ctl_call(op, arg, data, len, fds, nfds, &rep, NULL, NULL);
	if (ctl_send(op, arg, &dv, 1, len, fds, nfds) == 0)
		return -1;
	ctlposted++;
	return 0;
}

/* Replies after the first, for requests answered in several (netstat). */
int
ctl_more(struct ctl_rep *rep, void *rdata, size_t *rlen)
{
	char buf[sizeof(struct ctl_rep) + CTL_MAXDATA];
	ssize_t n;
	size_t got;

	do
		n = h_recvfrom(ctlfd, buf, sizeof(buf), 0, NULL, NULL);
	while (n < 0 && errno == EINTR);

	if (n < (ssize_t)sizeof(struct ctl_rep))
		return -1;
	memcpy(rep, buf, sizeof(*rep));
	got = (size_t)n - sizeof(*rep);
	if (got > *rlen)
		got = *rlen;
	memcpy(rdata, buf + sizeof(*rep), got);
	*rlen = got;
	return 0;
}
