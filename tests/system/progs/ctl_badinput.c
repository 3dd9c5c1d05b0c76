/*
 * ctl_badinput: speaks uipcd's control protocol (src/sys/ctl_proto.h)
 * directly, badly, and checks that every malformed request gets an errno
 * and that uipcd keeps serving (DESIGN.md, "Trust no process"); and that
 * CTL_ACTFOR takes only a pid a supervisor may speak for.  Run on the
 * host, not under the shim: it is a client of uipcd itself.
 *
 *	ctl_badinput SOCKET
 */
#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "tap.h"
#include "sys/ctl_proto.h"

static int ctl;
static uint32_t seq;

static int
ctl_connect(const char *path)
{
	struct sockaddr_un sun;
	int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);

	sun_of(&sun, path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		bail("connect to uipcd at %s", path);
	return fd;
}

/* Sends raw bytes with descriptors; -1 when the host refused to send. */
static int
sendraw(const void *buf, size_t len, const int *fds, int nfds)
{
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int) * 80)];
	} cb;
	struct iovec iov = { (void *)buf, len };
	struct msghdr mh = { 0 };

	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (nfds > 0) {
		struct cmsghdr *cm;

		memset(&cb, 0, sizeof(cb));
		mh.msg_control = cb.b;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * (size_t)nfds);
	}
	return sendmsg(ctl, &mh, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/* The next reply's error, or -1 when none came within 5 s. */
static int
reply_error(void)
{
	struct ctl_rep rep;
	char buf[sizeof(rep) + CTL_MAXDATA];
	struct timeval tv = { 5, 0 };
	ssize_t n;

	setsockopt(ctl, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	n = recv(ctl, buf, sizeof(buf), 0);
	if (n < (ssize_t)sizeof(rep))
		return -1;
	memcpy(&rep, buf, sizeof(rep));
	return rep.cp_error;
}

static int
request(uint16_t op, int32_t a0, int32_t a1, int32_t a2, const void *data, size_t len,
    const int *fds, int nfds)
{
	char buf[sizeof(struct ctl_req) + 4096];
	struct ctl_req rq = { CTL_VERSION, op, (uint32_t)(sizeof(rq) + len), ++seq, { a0, a1, a2, 0 } };

	memcpy(buf, &rq, sizeof(rq));
	memcpy(buf + sizeof(rq), data, len);
	if (sendraw(buf, sizeof(rq) + len, fds, nfds) < 0)
		return -2;
	return reply_error();
}

/* A request and its reply's data (up to LEN bytes in OUT); the reply's error. */
static int
request_data(uint16_t op, int32_t a0, int32_t a1, int32_t a2, const int *fds, int nfds, void *out,
    size_t len)
{
	struct ctl_req rq = { CTL_VERSION, op, (uint32_t)sizeof(rq), ++seq, { a0, a1, a2, 0 } };
	struct ctl_rep rep;
	char buf[sizeof(rep) + CTL_MAXDATA];
	ssize_t n;

	if (sendraw(&rq, sizeof(rq), fds, nfds) < 0 || (n = recv(ctl, buf, sizeof(buf), 0)) < (ssize_t)sizeof(rep))
		return -1;
	memcpy(&rep, buf, sizeof(rep));
	if ((size_t)n - sizeof(rep) < len)
		len = (size_t)n - sizeof(rep);
	memcpy(out, buf + sizeof(rep), len);
	return rep.cp_error;
}

/* The pid SO_PEERCRED names for a socketpair made now on the connection; -1 if none. */
static int
pair_maker(void)
{
	int a[2], b[2], fds[4], e;
	struct ucred uc = { -1, 0, 0 };

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, a) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, b) < 0)
		bail("socketpair");
	fds[0] = a[0], fds[1] = a[1], fds[2] = b[0], fds[3] = b[1];
	e = request(CTL_SOCKETPAIR, AF_UNIX, SOCK_STREAM, 0, NULL, 0, fds, 4);
	close(a[0]), close(b[0]);
	if (e == 0 && request_data(CTL_GETOPT, SOL_SOCKET, SO_PEERCRED, sizeof(uc), &a[1], 1, &uc,
	    sizeof(uc)) != 0)
		uc.pid = -1;
	close(a[1]), close(b[1]);
	return e == 0 ? uc.pid : -1;
}

/* A thread that tells its id and waits for its pipe to close. */
struct idle {
	int fd;
	volatile int tid;
};

static void *
idle_thread(void *arg)
{
	struct idle *i = arg;
	char c;

	i->tid = (int)gettid();
	(void)!read(i->fd, &c, 1);
	return NULL;
}

/*
 * CTL_ACTFOR, which `uipc run`'s supervisor uses: only a descendant of
 * the caller with the caller's credentials is taken (ctl_actfor.c).
 */
static void
t_actfor(void)
{
	struct idle idle = { -1, 0 };
	int go[2], th[2], i;
	pthread_t t;
	pid_t kid;

	check_eq(request(CTL_ACTFOR, 1, 0, 0, NULL, 0, NULL, 0), EPERM, "speaking for pid 1: EPERM");
	check_eq(request(CTL_ACTFOR, (int32_t)getppid(), 0, 0, NULL, 0, NULL, 0), EPERM,
	    "speaking for its parent: EPERM");
	check_eq(request(CTL_ACTFOR, INT32_MAX, 0, 0, NULL, 0, NULL, 0), ESRCH,
	    "speaking for no process: ESRCH");
	if (pipe(th) < 0)
		bail("pipe");
	idle.fd = th[0];
	if (pthread_create(&t, NULL, idle_thread, &idle) != 0)
		bail("pthread_create");
	for (i = 0; i < 5000 && idle.tid == 0; i++)
		msleep(1);
	check_eq(request(CTL_ACTFOR, idle.tid, 0, 0, NULL, 0, NULL, 0), ESRCH,
	    "speaking for a thread of its own (no process has that pid): ESRCH");
	close(th[1]);
	pthread_join(t, NULL);
	close(th[0]);
	check_eq(pair_maker(), (int)getpid(), "refused: a socketpair's maker is the caller itself");
	if (pipe(go) < 0 || (kid = fork()) < 0)
		bail("fork");
	if (kid == 0) {
		char c;

		close(go[1]);
		_exit(read(go[0], &c, 1) < 0);
	}
	close(go[0]);
	check_eq(request(CTL_ACTFOR, (int32_t)kid, 0, 0, NULL, 0, NULL, 0), 0, "speaking for its child: taken");
	check_eq(pair_maker(), (int)kid, "then a socketpair's maker (SO_PEERCRED) is the child");
	check_eq(request(CTL_ACTFOR, 1, 0, 0, NULL, 0, NULL, 0), EPERM, "then pid 1: EPERM");
	check_eq(pair_maker(), (int)getpid(), "and the refusal keeps no earlier claim");
	check_eq(request(CTL_ACTFOR, (int32_t)kid, 0, 0, NULL, 0, NULL, 0), 0, "the child again");
	check_eq(request(CTL_ACTFOR, 0, 0, 0, NULL, 0, NULL, 0), 0, "pid 0: itself again");
	check_eq(pair_maker(), (int)getpid(), "a socketpair's maker is the caller itself again");
	close(go[1]);
	check_eq(reap(kid), 0, "the child exited");
	/* As root: a child that became another user is no longer spoken for. */
	if (geteuid() != 0)
		return;
	if (pipe(go) < 0 || pipe(th) < 0 || (kid = fork()) < 0)
		bail("fork");
	if (kid == 0) {
		char c;

		close(go[1]);
		close(th[0]);
		if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
			_exit(2);
		close(th[1]);
		_exit(read(go[0], &c, 1) < 0);
	}
	close(go[0]);
	close(th[1]);
	(void)!read(th[0], &i, 1);	/* EOF once the child changed user */
	close(th[0]);
	check_eq(request(CTL_ACTFOR, (int32_t)kid, 0, 0, NULL, 0, NULL, 0), EPERM,
	    "speaking for a child of another uid: EPERM");
	close(go[1]);
	check_eq(reap(kid), 0, "that child exited");
}

int
main(int argc, char **argv)
{
	struct ctl_req rq;
	char junk[512], big[8192];
	int i, e, p[2], sv[2], r, alive;
	unsigned seed = 12345;

	if (argc != 2)
		bail("usage: ctl_badinput SOCKET");
	t_start(60);
	ctl = ctl_connect(argv[1]);

	/* Random bytes of every short length, and some long ones. */
	alive = 1;
	for (i = 1; i < 200 && alive; i++) {
		size_t n = i < 100 ? (size_t)i : sizeof(junk);
		size_t k;

		for (k = 0; k < n; k++)
			junk[k] = (char)(rand_r(&seed) & 0xff);
		if (sendraw(junk, n, NULL, 0) < 0)
			break;
		e = reply_error();
		if (e <= 0)
			alive = 0;
	}
	check(alive, "random requests of 1..99 and 512 bytes each get an errno");

	memset(&rq, 0, sizeof(rq));
	rq.cr_version = CTL_VERSION;
	rq.cr_op = CTL_HELLO;
	rq.cr_len = sizeof(rq);
	check_eq(sendraw(&rq, sizeof(rq) - 4, NULL, 0) == 0 ? reply_error() : -2, EINVAL,
	    "a truncated header: EINVAL");
	rq.cr_len = sizeof(rq) + 100;
	check_eq(sendraw(&rq, sizeof(rq), NULL, 0) == 0 ? reply_error() : -2, EINVAL,
	    "a length longer than the record: EINVAL");
	memset(big, 'x', sizeof(big));
	memcpy(big, &rq, sizeof(rq));
	((struct ctl_req *)big)->cr_len = sizeof(big);
	((struct ctl_req *)big)->cr_op = CTL_GETOPT;
	check_eq(sendraw(big, sizeof(big), NULL, 0) == 0 ? reply_error() : -2, EINVAL,
	    "an oversized request (8 KiB of data): EINVAL");
	rq.cr_len = sizeof(rq);
	rq.cr_version = 99;
	check_eq(sendraw(&rq, sizeof(rq), NULL, 0) == 0 ? reply_error() : -2, EPROTO,
	    "an unknown version: EPROTO");
	check_eq(request(999, 0, 0, 0, NULL, 0, NULL, 0), ENOSYS, "an unknown operation: ENOSYS");
	check_eq(request(0, 0, 0, 0, NULL, 0, NULL, 0), ENOSYS, "operation 0: ENOSYS");

	/* Descriptors that are not channels. */
	if (pipe(p) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		bail("pipe");
	check_eq(request(CTL_LISTEN, 5, 0, 0, NULL, 0, NULL, 0), EBADF,
	    "a socket request with no descriptor: EBADF");
	check_eq(request(CTL_LISTEN, 5, 0, 0, NULL, 0, &p[0], 1), ENOTSOCK,
	    "a pipe named as a socket: ENOTSOCK");
	check_eq(request(CTL_LISTEN, 5, 0, 0, NULL, 0, &sv[0], 1), ENOTSOCK,
	    "a host socket that is no channel: ENOTSOCK");
	check_eq(request(CTL_SOCKET, AF_UNIX, SOCK_STREAM, 0, NULL, 0, p, 2), ENOTSOCK,
	    "a new socket whose channel is a pipe: ENOTSOCK");
	check_eq(request(CTL_SOCKET, AF_UNIX, SOCK_STREAM, 0, NULL, 0, sv, 1), EINVAL,
	    "a new socket with one end of its channel: EINVAL");
	check_eq(request(CTL_SOCKET, 4242, SOCK_STREAM, 0, NULL, 0, sv, 2), EAFNOSUPPORT,
	    "a new socket of an unknown family: EAFNOSUPPORT");
	{
		int dg[2];

		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, dg) < 0)
			bail("socketpair");
		check_eq(request(CTL_SOCKET, AF_UNIX, SOCK_STREAM, 0, NULL, 0, dg, 2), EINVAL,
		    "a stream socket on a datagram channel: EINVAL");
		close(dg[0]);
		close(dg[1]);
	}
	/* Channels that are not one socketpair: uipcd relays through none. */
	{
		struct sockaddr_un sun;
		socklen_t len;
		int a[2], b[2], l, c, s, mixed[4];

		if (socketpair(AF_UNIX, SOCK_STREAM, 0, a) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, b) < 0)
			bail("socketpair");
		mixed[0] = a[0], mixed[1] = b[1];
		check_eq(request(CTL_SOCKET, AF_UNIX, SOCK_STREAM, 0, NULL, 0, mixed, 2), EINVAL,
		    "a new socket on ends of two different socketpairs: EINVAL");
		mixed[0] = mixed[1] = a[0];
		check_eq(request(CTL_SOCKET, AF_UNIX, SOCK_STREAM, 0, NULL, 0, mixed, 2), EINVAL,
		    "a new socket on one end named twice: EINVAL");
		mixed[0] = a[0], mixed[1] = b[1], mixed[2] = b[0], mixed[3] = a[1];
		check_eq(request(CTL_SOCKETPAIR, AF_UNIX, SOCK_STREAM, 0, NULL, 0, mixed, 4), EINVAL,
		    "a socketpair on crossed channel ends: EINVAL");
		/* uipcd's end connected to a service of the host, not to the process. */
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		snprintf(sun.sun_path + 1, sizeof(sun.sun_path) - 1, "uipc-badinput-%d", (int)getpid());
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(sun.sun_path + 1));
		if ((l = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 || bind(l, (struct sockaddr *)&sun, len) < 0 ||
		    listen(l, 1) < 0 || (c = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
		    connect(c, (struct sockaddr *)&sun, len) < 0 || (s = accept(l, NULL, NULL)) < 0)
			bail("a host listener");
		mixed[0] = c, mixed[1] = a[1];
		check_eq(request(CTL_SOCKET, AF_UNIX, SOCK_STREAM, 0, NULL, 0, mixed, 2), EINVAL,
		    "a new socket whose uipcd end is connected to a host service: EINVAL");
		close(s);
		close(c);
		close(l);
		close(a[0]), close(a[1]), close(b[0]), close(b[1]);
	}

	/* A real socket, then bad addresses and option sizes on it. */
	{
		int ch[2], mine;
		char addr[200];

		if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, ch) < 0)
			bail("socketpair");
		r = request(CTL_SOCKET, AF_UNIX, SOCK_DGRAM, 0, NULL, 0, ch, 2);
		check_eq(r, 0, "a well-formed socket request succeeds");
		mine = ch[1];
		close(ch[0]);
		memset(addr, 0, sizeof(addr));
		addr[0] = AF_UNIX;
		check_eq(request(CTL_BIND, 0, 0, 0, addr, 1, &mine, 1), EINVAL,
		    "an address of 1 byte: EINVAL");
		check_eq(request(CTL_BIND, 0, 0, 0, addr, sizeof(addr), &mine, 1), EINVAL,
		    "an address longer than any: EINVAL");
		/* A path name (an abstract one, sun_path[0] == 0, needs no node). */
		memcpy(addr + offsetof(struct sockaddr_un, sun_path), "nonode", 6);
		check_eq(request(CTL_BIND, 0, 0, 0, addr, 20, &mine, 1), ENOENT,
		    "a UNIX path name without its node: ENOENT");
		check_eq(request(CTL_GETOPT, SOL_SOCKET, SO_TYPE, -5, NULL, 0, &mine, 1), EINVAL,
		    "an option length below zero: EINVAL");
		check_eq(request(CTL_SETOPT, SOL_SOCKET, SO_RCVBUF, 0, "x", 1, &mine, 1), EINVAL,
		    "an option value too short: EINVAL");
		check_eq(request(CTL_SHUTDOWN, 7, 0, 0, NULL, 0, &mine, 1), EINVAL,
		    "shutdown with how 7: EINVAL");
		check_eq(request(CTL_SENDTO, 0, 0, 0, "abc", 3, &mine, 1), EINVAL,
		    "a send shorter than its header: EINVAL");
		check_eq(request(CTL_LISTEN, 5, 0, 0, NULL, 0, &mine, 1), EOPNOTSUPP,
		    "listen on a datagram socket: EOPNOTSUPP");
		close(mine);
	}

	t_actfor();

	/* After all of it, uipcd still answers. */
	check_eq(request(CTL_HELLO, 0, 0, 0, NULL, 0, NULL, 0), 0, "uipcd still answers HELLO");
	close(ctl);
	return t_end();
}
