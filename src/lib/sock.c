/*
 * libuipc: the primer's calls on uipc (uipc_socket ... uipc_shutdown).
 * Each makes the host-side pieces a request needs (the channel socketpair,
 * the file-system node of a UNIX-domain name) in the calling process, so
 * that its working directory, umask and permissions apply, and then asks
 * uipcd.  They return what libc's do: a result, or -1 with errno.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

#define TYPEMASK	0xf

static int
chantype(int type)
{
	return (type & TYPEMASK) == SOCK_STREAM ? SOCK_STREAM : SOCK_SEQPACKET;
}

/* The channel's host socketpair: [0] for uipcd, [1] the process's. */
static int
mkchannel(int type, int sv[2])
{
	int fl = SOCK_CLOEXEC;

	if (h_socketpair(AF_UNIX, chantype(type) | fl, 0, sv) < 0)
		return -1;
	return 0;
}

static int
setflags(int fd, int type)
{
	if (!(type & SOCK_CLOEXEC))
		h_fcntl(fd, F_SETFD, 0);
	if (type & SOCK_NONBLOCK)
		h_fcntl(fd, F_SETFL, h_fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
	return fd;
}

/*
 * A type Linux knows at all: below SOCK_MAX (11), with no flags but
 * SOCK_NONBLOCK and SOCK_CLOEXEC; anything else is EINVAL before any
 * family looks at it (__sock_create).  A known type no protocol serves is
 * the primer's EPROTOTYPE (domain.c; docs/DIFFERENCES.md).
 */
static int
type_ok(int type)
{
	return type >= 0 && !(type & ~(TYPEMASK | SOCK_NONBLOCK | SOCK_CLOEXEC)) &&
	    (type & TYPEMASK) < 11;
}

/* Linux's UNIX domain takes SOCK_RAW as SOCK_DGRAM (unix_create); so does uipc. */
static int
unix_raw(int domain, int type)
{
	if (domain == AF_UNIX && (type & TYPEMASK) == SOCK_RAW)
		return (type & ~TYPEMASK) | SOCK_DGRAM;
	return type;
}

/*
 * Out of descriptors: the sockets not yet made in uipcd are made now,
 * which frees the uipcd end each still holds here (a socket the kernel
 * makes takes one descriptor, and so must uipc's).  Returns how many.
 */
static int
make_lazies(void)
{
	struct ctl_rep rep;
	int fd, n = 0, saved = errno;

	for (fd = uipc_fdlazy_from(0); fd >= 0; fd = uipc_fdlazy_from(fd + 1)) {
		(void)ctl_call(CTL_IDENTIFY, NULL, NULL, 0, &fd, 1, &rep, NULL, NULL);
		n++;
	}
	errno = saved;
	return n;
}

/* A socket uipcd made, its channel's process end fd: the descriptor socket() returns. */
static int
made(int fd, int type)
{
	uipc_fdset(fd, (type & TYPEMASK) == SOCK_STREAM ? FD_STREAM : FD_MSG);
	if ((type & TYPEMASK) == SOCK_DGRAM)
		uipc_fdsetdgram(fd);
	if ((type & TYPEMASK) != SOCK_STREAM && (type & TYPEMASK) != SOCK_SEQPACKET)
		uipc_fdsetpeered(fd);	/* data needs no connection (uipc_stream_unpeered) */
	return setflags(fd, type);
}

int
uipc_socket(int domain, int type, int protocol)
{
	int32_t arg[4] = { domain, type & TYPEMASK, protocol, 0 };
	struct ctl_rep rep;
	int sv[2], e;

	/* Linux: unknown flags, and an Internet protocol past IPPROTO_MAX (263), EINVAL. */
	if (!type_ok(type) || (domain == AF_INET && (protocol < 0 || protocol >= 263))) {
		errno = EINVAL;
		return -1;
	}
	type = unix_raw(domain, type);
	arg[1] = type & TYPEMASK;
	if (mkchannel(type, sv) < 0 && (errno != EMFILE || make_lazies() == 0 ||
	    mkchannel(type, sv) < 0)) {
		if (errno != EMFILE)
			return -1;
		/* One descriptor free, not the channel's two: uipcd makes it (ctl_proto.h). */
		if (ctl_call_fds(CTL_SOCKET, arg, NULL, 0, &rep, &sv[1], 1) < 0) {
			e = errno;
			if (sv[1] >= 0)
				h_close(sv[1]);
			errno = e;
			return -1;
		}
		if (sv[1] < 0) {
			errno = EMFILE;	/* none free: the host dropped it, uipcd closes the socket */
			return -1;
		}
		return made(sv[1], type);
	}
	/*
	 * A TCP socket cannot fail to be made but for memory, so its making
	 * rides ahead of its first request (ctl_call), sparing a connecting
	 * client one round trip to uipcd; until then the process keeps
	 * uipcd's end of the channel.
	 */
	if (domain == AF_INET && (type & TYPEMASK) == SOCK_STREAM &&
	    (protocol == 0 || protocol == IPPROTO_TCP) && !uipc_setting_eager()) {
		uipc_fdset(sv[1], FD_STREAM);
		uipc_fdsetlazy(sv[1], sv[0]);
		return setflags(sv[1], type);
	}
	if (ctl_call(CTL_SOCKET, arg, NULL, 0, sv, 2, &rep, NULL, NULL) < 0) {
		e = errno;
		h_close(sv[0]);
		h_close(sv[1]);
		errno = e;
		return -1;
	}
	h_close(sv[0]);
	return made(sv[1], type);
}

int
uipc_socketpair(int domain, int type, int protocol, int out[2])
{
	int32_t arg[4] = { domain, type & TYPEMASK, protocol, 0 };
	struct ctl_rep rep;
	int a[2], b[2], fds[4], e, i;

	if (!type_ok(type)) {
		errno = EINVAL;
		return -1;
	}
	type = unix_raw(domain, type);
	arg[1] = type & TYPEMASK;

	a[0] = a[1] = b[0] = b[1] = -1;
	if (mkchannel(type, a) == 0 && mkchannel(type, b) == 0) {
		fds[0] = a[0], fds[1] = a[1], fds[2] = b[0], fds[3] = b[1];
		e = ctl_call(CTL_SOCKETPAIR, arg, NULL, 0, fds, 4, &rep, NULL, NULL) < 0 ? errno : 0;
		h_close(a[0]);
		h_close(b[0]);
	} else {
		if ((e = errno) == EMFILE) {
			/* Too few free for two channels, maybe not for two sockets: uipcd makes them. */
			for (i = 0; i < 2; i++)
				if (a[i] >= 0)
					h_close(a[i]);
			e = ctl_call_fds(CTL_SOCKETPAIR, arg, NULL, 0, &rep, fds, 2) < 0 ? errno : 0;
			a[1] = fds[0];
			b[1] = fds[1];
			if (e == 0 && (a[1] < 0 || b[1] < 0))
				e = EMFILE;	/* the host dropped what had no room */
		} else if (a[0] >= 0) {
			h_close(a[0]);
		}
	}
	if (e != 0) {
		if (a[1] >= 0)
			h_close(a[1]);
		if (b[1] >= 0)
			h_close(b[1]);
		errno = e;
		return -1;
	}
	fds[0] = a[1];
	fds[1] = b[1];
	/* The kernel makes the pair, then writes it: a bad sv is EFAULT, the pair closed. */
	if (uipc_copyout(out, fds, 2 * sizeof(int)) < 0) {
		h_close(a[1]);
		h_close(b[1]);
		errno = EFAULT;
		return -1;
	}
	for (i = 0; i < 2; i++) {
		uipc_fdset(fds[i], (type & TYPEMASK) == SOCK_STREAM ? FD_STREAM : FD_MSG);
		uipc_fdsetpeered(fds[i]);
		if ((type & TYPEMASK) == SOCK_DGRAM)
			uipc_fdsetdgram(fds[i]);
		setflags(fds[i], type);
	}
	return 0;
}

/* The path of a UNIX-domain name, NUL-terminated (the length may omit the NUL, primer §2.3). */
static int
unpath(const struct sockaddr *sa, socklen_t len, char *path)
{
	size_t n;

	if (len <= offsetof(struct sockaddr_un, sun_path) || len > sizeof(struct sockaddr_un))
		return EINVAL;
	n = len - offsetof(struct sockaddr_un, sun_path);
	memcpy(path, ((const struct sockaddr_un *)sa)->sun_path, n);
	path[n] = '\0';
	return 0;
}

/*
 * Is this a UNIX-domain address that names no file?  Linux's abstract
 * names (sun_path[0] == 0) and the family alone (bind's autobind) are
 * uipcd's to resolve, in the caller's host's table (src/unix/unp_abstract.c):
 * the request then carries no node.
 */
int
uipc_unnoded(const struct sockaddr *sa, socklen_t len)
{
	if (sa->sa_family != AF_UNIX)
		return 0;
	if (len == sizeof(sa_family_t))
		return 1;
	return len > offsetof(struct sockaddr_un, sun_path) && len <= sizeof(struct sockaddr_un) &&
	    ((const struct sockaddr_un *)sa)->sun_path[0] == '\0';
}

/*
 * The caller's name copied in, as the kernel's move_addr_to_kernel does:
 * longer than any name EINVAL, unreadable EFAULT.
 */
static int
name_in(struct sockaddr_storage *ss, const struct sockaddr *sa, socklen_t len)
{
	if (len > sizeof(*ss)) {
		errno = EINVAL;
		return -1;
	}
	return uipc_copyin(ss, sa, len);
}

static int
simple(uint16_t op, int fd, const int32_t arg[4], const void *data, size_t len)
{
	struct ctl_rep rep;

	return ctl_call(op, arg, data, len, &fd, 1, &rep, NULL, NULL);
}

/*
 * bind: a UNIX-domain name is a socket node made here with mknod, so the
 * caller's directory, umask and permissions apply (DESIGN.md); an existing
 * path is EADDRINUSE.  The node is removed again if uipcd refuses the bind.
 */
int
uipc_bind(int fd, const struct sockaddr *sa, socklen_t len)
{
	char path[sizeof(struct sockaddr_un)];
	struct sockaddr_storage ss;
	struct ctl_rep rep;
	int fds[2], e;

	if (name_in(&ss, sa, len) < 0)
		return -1;
	sa = (struct sockaddr *)&ss;
	if (len < sizeof(sa_family_t)) {
		errno = EINVAL;
		return -1;
	}
	if (sa->sa_family != AF_UNIX || uipc_fddomain(fd) == AF_INET || uipc_unnoded(sa, len))
		return simple(CTL_BIND, fd, NULL, sa, len);
	if ((e = unpath(sa, len, path)) != 0) {
		errno = e;
		return -1;
	}
	if (h_mknodat(AT_FDCWD, path, S_IFSOCK | 0777, 0) < 0) {
		if (errno == EEXIST)
			errno = EADDRINUSE;
		return -1;
	}
	fds[0] = fd;
	if ((fds[1] = h_openat(AT_FDCWD, path, O_PATH | O_CLOEXEC | O_NOFOLLOW, 0)) < 0) {
		e = errno;
		h_unlinkat(AT_FDCWD, path, 0);
		errno = e;
		return -1;
	}
	e = ctl_call(CTL_BIND, NULL, sa, len, fds, 2, &rep, NULL, NULL) < 0 ? errno : 0;
	h_close(fds[1]);
	if (e != 0) {
		h_unlinkat(AT_FDCWD, path, 0);
		errno = e;
		return -1;
	}
	return 0;
}

int
uipc_listen(int fd, int backlog)
{
	int32_t arg[4] = { backlog, 0, 0, 0 };

	if (simple(CTL_LISTEN, fd, arg, NULL, 0) < 0)
		return -1;
	uipc_fdsetlistening(fd);
	return 0;
}

/*
 * A node for connect or sendto: O_PATH in the caller, so its permission
 * to search the path applies; ENOENT and friends come from here.
 */
int
uipc_node(const struct sockaddr *sa, socklen_t len)
{
	char path[sizeof(struct sockaddr_un)];
	int e;

	if ((e = unpath(sa, len, path)) != 0) {
		errno = e;
		return -1;
	}
	return h_openat(AT_FDCWD, path, O_PATH | O_CLOEXEC, 0);
}

/*
 * A non-blocking connect in progress must leave its descriptor not
 * writable until the connection is made or fails (DESIGN.md, "Blocking"),
 * as poll and select then tell the program.  A channel is writable while
 * its own send buffer has room, so the process fills it (with the buffer
 * made small) before asking; uipcd drains the filling when the connection
 * is decided, and the buffer gets its size back at the next call on it.
 */
static int
fill_channel(int fd)
{
	static const char zeros[4096];
	int one = 1, total = 0;
	ssize_t n;

	if (h_setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &one, sizeof(one)) < 0)
		return 0;
	while ((n = h_sendto(fd, zeros, sizeof(zeros), MSG_DONTWAIT | MSG_NOSIGNAL, NULL, 0)) > 0)
		total += (int)n;
	uipc_fdsetshrunk(fd, 1);
	return total;
}

/* The host's default send buffer (net.core.wmem_default), read once. */
static int
host_wmem_default(void)
{
	static int dflt;
	char buf[32];
	int f;
	ssize_t n;

	if (dflt == 0) {
		dflt = 212992;
		if ((f = h_openat(AT_FDCWD, "/proc/sys/net/core/wmem_default", O_RDONLY | O_CLOEXEC, 0)) >= 0) {
			if ((n = (ssize_t)syscall(SYS_read, f, buf, sizeof(buf) - 1)) > 0) {
				buf[n] = '\0';
				dflt = atoi(buf);
			}
			h_close(f);
		}
	}
	return dflt;
}

/* Set when this process gave any stream socket an SO_SNDBUF of its own. */
static volatile int sndbuf_chosen;

/*
 * The channel's send buffer for a stream socket whose SO_SNDBUF is
 * sndbuf (as uipcd keeps it, doubled): never more than the host's
 * default, so that what the process can write before it waits is about
 * what Linux's socket would take (src/sys/chan_bufs.c says why).
 */
static void
channel_sndbuf(int fd, int sndbuf)
{
	int v = sndbuf < host_wmem_default() ? sndbuf : host_wmem_default();

	v /= 2;	/* the host doubles what it is given */
	h_setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
}

/*
 * The channel's send buffer back to its size after a non-blocking
 * connect: the socket's SO_SNDBUF when the program chose one (asked of
 * uipcd, only in a process that chose one for some socket), else the
 * host's default.
 */
void
uipc_unshrink(int fd)
{
	int32_t arg[4] = { SOL_SOCKET, SO_SNDBUF, (int32_t)sizeof(int), 0 };
	int v = host_wmem_default(), saved = errno;
	struct ctl_rep rep;
	size_t l = sizeof(int);

	if (!uipc_fdshrunk(fd))
		return;
	uipc_fdsetshrunk(fd, 0);
	if (sndbuf_chosen && ctl_call(CTL_GETOPT, arg, NULL, 0, &fd, 1, &rep, &v, &l) < 0)
		v = host_wmem_default();
	errno = saved;
	channel_sndbuf(fd, v);
}

/*
 * SO_SNDBUF of val (as the program gave it, taken by uipcd) on a stream
 * socket: its channel follows, unless a connect filled it.
 */
static void
sndbuf_follow(int fd, int val)
{
	sndbuf_chosen = 1;
	if (uipc_fdkind(fd) != FD_STREAM || uipc_fdshrunk(fd))
		return;		/* uipc_unshrink sets it when the connect is decided */
	channel_sndbuf(fd, val < 0 ? 0 : val > INT_MAX / 2 ? INT_MAX : val * 2);
}

/*
 * A TCP socket whose failed connect was reported connects again from the
 * start, as on Linux (CTL_CONN_ANEW, ctl_proto.h): its old channel was
 * shut both ways with the failure, and a shut end never opens again, so a
 * new one takes its place under the same descriptor, with the same flags,
 * and uipcd is asked to connect the socket with it.  If uipcd would not,
 * the old channel is put back.  Once uipcd has taken it, the process's
 * copies of the descriptor and its epoll sets follow (anew_carry.c).
 * Returns the connect's error (0, EINPROGRESS ...).
 */
static int
connect_anew(int fd, int nb, const struct sockaddr *sa, socklen_t len)
{
	int32_t arg[4] = { nb, 0, CTL_CONN_ANEW, 0 };
	struct ctl_rep rep;
	struct stat st;
	int sv[2], fds[3], old, fl, fdfl, e;

	if ((fl = h_fcntl(fd, F_GETFL, 0)) < 0 || (fdfl = h_fcntl(fd, F_GETFD, 0)) < 0 ||
	    h_fstat(fd, &st) < 0 || (old = h_fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0)
		return errno;
	if (h_socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		e = errno;
		h_close(old);
		return e;
	}
	uipc_anew_chanopts(fd, sv[1]);
	if (h_fcntl(sv[1], F_SETFL, fl) < 0 ||
	    h_dup3(sv[1], fd, (fdfl & FD_CLOEXEC) ? O_CLOEXEC : 0) < 0) {
		e = errno;
		h_close(sv[0]);
		h_close(sv[1]);
		h_close(old);
		return e;
	}
	h_close(sv[1]);
	if (nb)
		arg[1] = fill_channel(fd);
	fds[0] = old;
	fds[1] = sv[0];
	fds[2] = fd;
	memset(&rep, 0, sizeof(rep));
	e = ctl_call(CTL_CONNECT, arg, sa, len, fds, 3, &rep, NULL, NULL) < 0 ? errno : 0;
	h_close(sv[0]);
	if (e != 0 && e != EINPROGRESS &&
	    ctl_call(CTL_IDENTIFY, NULL, NULL, 0, &fd, 1, &rep, NULL, NULL) < 0) {
		/* Refused before the new channel was taken: the old one comes back. */
		uipc_fdsetshrunk(fd, 0);
		h_dup3(old, fd, (fdfl & FD_CLOEXEC) ? O_CLOEXEC : 0);
	} else {
		uipc_anew_carry(fd, old, (unsigned long)st.st_ino);
	}
	h_close(old);
	return e;
}

int
uipc_connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	int32_t arg[4] = { 0 };
	struct sockaddr_storage ss;
	struct ctl_rep rep;
	int fds[2] = { fd, -1 }, e, nb;

	if (name_in(&ss, sa, len) < 0)
		return -1;
	sa = (struct sockaddr *)&ss;
	if (len < sizeof(sa_family_t)) {
		errno = EINVAL;
		return -1;
	}
	nb = (h_fcntl(fd, F_GETFL, 0) & O_NONBLOCK) != 0;
	arg[0] = nb;
	/*
	 * A name that is no node is an Internet socket's protocol's to refuse;
	 * an abstract name is uipcd's to find, with no node.
	 */
	if (sa->sa_family == AF_UNIX && !uipc_unnoded(sa, len) && (fds[1] = uipc_node(sa, len)) < 0 &&
	    uipc_fddomain(fd) != AF_INET)
		return -1;
	/*
	 * Only the first connect fills: a program that connects again to learn
	 * the outcome (EALREADY, EISCONN; hiredis does) must not have filler
	 * taken for its data.
	 */
	if (nb && sa->sa_family != AF_UNIX && uipc_fdkind(fd) == FD_STREAM && !uipc_fdconntried(fd))
		arg[1] = fill_channel(fd);
	memset(&rep, 0, sizeof(rep));
	e = ctl_call(CTL_CONNECT, arg, sa, len, fds, fds[1] >= 0 ? 2 : 1, &rep, NULL, NULL) < 0 ?
	    errno : 0;
	if (fds[1] >= 0)
		h_close(fds[1]);
	if (e == EINVAL && rep.cp_val[0] == CTL_CONN_ANEW && sa->sa_family == AF_INET) {
		uipc_unshrink(fd);
		e = connect_anew(fd, nb, sa, len);
	}
	if (e != EINPROGRESS)
		uipc_unshrink(fd);	/* decided at once: uipcd drains the filling */
	if (e == 0 || e == EINPROGRESS || e == EALREADY || e == EISCONN)
		uipc_fdsetpeered(fd);
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
}

/*
 * accept: one read of the listener's channel, which brings the connection
 * itself (struct chan_accept and the new socket's channel end, ctl_proto.h).
 * The wait is a read on a host socket, so a signal interrupts or restarts
 * it by the host's own rule, and an interrupted accept loses nothing: the
 * connection stays in the channel for the next one (DESIGN.md, "Blocking").
 */
/*
 * Room for what a read of a listener's channel brings: the connection's
 * descriptor and, when the program set SO_PASSCRED on the listener (which
 * the library sets on the channel too), the credentials the host adds to
 * every message; without room for those the descriptor was cut
 * (MSG_CTRUNC) and accept said EMFILE.
 */
#define ACCEPT_CMSG_SPACE	(CMSG_SPACE(sizeof(int) * 4) + CMSG_SPACE(sizeof(struct ucred)))

int
uipc_accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags)
{
	union {
		struct cmsghdr align;
		char b[ACCEPT_CMSG_SPACE];
	} cb;
	struct chan_accept ca;
	struct cmsghdr *cm;
	struct msghdr mh;
	struct iovec iov;
	/*
	 * The new descriptor comes close-on-exec only when asked for, as the
	 * kernel's accept4 makes it: no fcntl afterwards (issue 9).
	 */
	int cx = (flags & SOCK_CLOEXEC) ? MSG_CMSG_CLOEXEC : 0;
	int nfd = -1, i, n;
	enum fdkind kind;
	ssize_t r;

	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) {
		errno = EINVAL;
		return -1;
	}
	/*
	 * The kernel takes a descriptor before it takes a connection, so with
	 * none free accept fails with EMFILE and the connection stays queued
	 * (__sys_accept4_file).  The channel's read would take the connection
	 * and then drop its descriptor for want of a slot (MSG_CTRUNC): so a
	 * slot is made sure of first, at the cost of two host calls.
	 */
	if ((nfd = h_fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0 &&
	    (errno != EMFILE || make_lazies() == 0 || (nfd = h_fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0))
		return -1;	/* EMFILE; EBADF */
	h_close(nfd);
	nfd = -1;
	/* A socket that does not listen: EINVAL, before its channel is touched. */
	if (!uipc_listening(fd)) {
		if (errno != ENETDOWN)
			errno = uipc_fddgram(fd) ? EOPNOTSUPP : EINVAL;	/* Linux: a datagram socket */
		return -1;
	}
	iov = (struct iovec){ &ca, sizeof(ca) };
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cb.b;
	mh.msg_controllen = sizeof(cb.b);
	r = h_recvmsg(fd, &mh, cx | MSG_WAITALL);
	/*
	 * A read that a signal interrupts says EINTR even when the connection
	 * arrived with the signal; the host's accept returns it then, so look
	 * once more without waiting.
	 */
	if (r < 0 && errno == EINTR) {
		mh.msg_controllen = sizeof(cb.b);
		r = h_recvmsg(fd, &mh, cx | MSG_DONTWAIT | MSG_WAITALL);
		if (r < 0) {
			errno = EINTR;
			return -1;
		}
	}
	if (r < 0 && errno == EAGAIN && uipc_sync(fd) == 0) {
		/* Nothing yet: a connection just made may still be on its way. */
		mh.msg_controllen = sizeof(cb.b);
		r = h_recvmsg(fd, &mh, cx | MSG_DONTWAIT | MSG_WAITALL);
		if (r < 0)
			errno = EAGAIN;
	}
	if (r < 0)
		return -1;		/* EINTR, EAGAIN (non-blocking, SO_RCVTIMEO) */
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
			n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			for (i = 0; i < n; i++) {
				int f;

				memcpy(&f, CMSG_DATA(cm) + (size_t)i * sizeof(int), sizeof(int));
				if (nfd < 0)
					nfd = f;
				else
					h_close(f);
			}
		}
	/* Another thread took the slot meanwhile: the connection is lost, EMFILE is right. */
	if (r == (ssize_t)sizeof(ca) && nfd < 0 && (mh.msg_flags & MSG_CTRUNC)) {
		errno = EMFILE;
		return -1;
	}
	if (r != (ssize_t)sizeof(ca) || nfd < 0) {
		if (nfd >= 0)
			h_close(nfd);
		/*
		 * 0: the listener was shut down, or uipcd is gone (then the
		 * socket listens no more either, and uipc_daemon_lost says
		 * so on stderr).  Not ENETDOWN: accept(2) asks programs to
		 * retry on that, which would spin.
		 */
		if (r == 0)
			(void)uipc_daemon_lost(fd);
		errno = r == 0 ? EINVAL : EPROTO;
		return -1;
	}
	/* The kernel too takes the connection, then loses it to a bad name pointer. */
	if (sa != NULL && uipc_name_out(&ca.ca_name, (socklen_t)ca.ca_namelen, sa, len) < 0) {
		int e = errno;

		h_close(nfd);
		errno = e;
		return -1;
	}
	/* The listener's own kind (stream or seqpacket): no SO_TYPE to ask. */
	if ((kind = uipc_fdkind(fd)) != FD_STREAM && kind != FD_MSG) {
		int type = 0;
		socklen_t tl = sizeof(type);

		h_getsockopt(nfd, SOL_SOCKET, SO_TYPE, &type, &tl);
		kind = type == SOCK_STREAM ? FD_STREAM : FD_MSG;
	}
	/*
	 * Linux's TCP clones the listener (sk_clone_lock), SO_OOBINLINE with
	 * it; that option lives on the channel alone (uipc_setsockopt), so it
	 * is copied here.  (uipcd gives the new channel the listener's
	 * timeouts, chan_inherit.c.)  An AF_UNIX connection is a fresh socket.
	 */
	if (ca.ca_name.ss_family == AF_INET) {
		int on = 0;
		socklen_t ol = sizeof(on);

		if (h_getsockopt(fd, SOL_SOCKET, SO_OOBINLINE, &on, &ol) == 0 && on)
			h_setsockopt(nfd, SOL_SOCKET, SO_OOBINLINE, &on, sizeof(on));
	}
	uipc_fdset(nfd, kind);
	uipc_fdsetpeered(nfd);
	return setflags(nfd, flags | SOCK_CLOEXEC);	/* close-on-exec set already as asked */
}

/*
 * A TCP listener shut down: the connection waiting in its channel was
 * reset (Linux resets every queued one), so it is read off and closed
 * here rather than left for an accept, which gets EINVAL.  uipcd ended
 * the channel before answering, so this never waits.
 */
static void
drain_listener(int fd)
{
	union {
		struct cmsghdr align;
		char b[ACCEPT_CMSG_SPACE];
	} cb;
	struct chan_accept ca;
	struct cmsghdr *cm;
	struct msghdr mh;
	struct iovec iov;
	int i, n, f, rounds;

	for (rounds = 0; rounds < 4; rounds++) {
		iov = (struct iovec){ &ca, sizeof(ca) };
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cb.b;
		mh.msg_controllen = sizeof(cb.b);
		if (h_recvmsg(fd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT) <= 0)
			return;
		for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
				n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
				for (i = 0; i < n; i++) {
					memcpy(&f, CMSG_DATA(cm) + (size_t)i * sizeof(int), sizeof(int));
					h_close(f);
				}
			}
	}
}

/*
 * shutdown: uipcd checks and takes the reading half; the writing half
 * goes in order with the data, as EOF on the channel.  A listener has no
 * writing half (CTL_SHUT_LISTENER).
 */
int
uipc_shutdown(int fd, int how)
{
	int32_t arg[4] = { how, 0, 0, 0 };
	struct ctl_rep rep;

	if (ctl_call(CTL_SHUTDOWN, arg, NULL, 0, &fd, 1, &rep, NULL, NULL) < 0)
		return -1;
	if (rep.cp_val[0] & CTL_SHUT_DRAIN)
		drain_listener(fd);
	if ((how == SHUT_WR || how == SHUT_RDWR) && !(rep.cp_val[0] & CTL_SHUT_LISTENER))
		h_shutdown(fd, SHUT_WR);
	return 0;
}

static int
getname(int fd, int peer, struct sockaddr *sa, socklen_t *len)
{
	int32_t arg[4] = { peer, 0, 0, 0 };
	struct sockaddr_storage ss;
	size_t sl = sizeof(ss);
	struct ctl_rep rep;

	/* The name first (ENOTCONN comes before a bad pointer), then move_addr_to_user's checks. */
	if (ctl_call(CTL_GETNAME, arg, NULL, 0, &fd, 1, &rep, &ss, &sl) < 0)
		return -1;
	return uipc_name_out(&ss, (socklen_t)sl, sa, len);
}

/*
 * The sender's name for a read of a stream socket with a name buffer
 * (recvfrom, recvmsg): Linux gives a UNIX-domain reader its peer's name,
 * or none (length 0) when the peer is unbound (unix_stream_read_generic);
 * a TCP reader never gets one.  The channel carries no names, so uipcd is
 * asked, only when the caller gave a buffer and data was read.
 */
int
uipc_stream_name_out(int fd, void *uname, socklen_t *ulen)
{
	/*
	 * TCP channels seen here, by inode (unique while the socket lives):
	 * a TCP reader is never told a name, so it is asked once, not at
	 * every read.  A word is written whole, so threads may share it.
	 */
	static unsigned long tcp_ino[256];
	int32_t arg[4] = { 1, 0, 0, 0 };
	struct sockaddr_storage ss;
	size_t sl = sizeof(ss);
	struct ctl_rep rep;
	struct stat st;
	int known = h_fstat(fd, &st) == 0;

	memset(&ss, 0, sizeof(ss));
	if (known && tcp_ino[st.st_ino & 255] == (unsigned long)st.st_ino)
		sl = 0;
	else if (ctl_call(CTL_GETNAME, arg, NULL, 0, &fd, 1, &rep, &ss, &sl) < 0)
		sl = 0;
	else if (ss.ss_family == AF_INET) {
		if (known)
			tcp_ino[st.st_ino & 255] = (unsigned long)st.st_ino;
		sl = 0;
	} else if (sl <= sizeof(sa_family_t) || ss.ss_family != AF_UNIX)
		sl = 0;
	return uipc_name_out(&ss, (socklen_t)sl, uname, ulen);
}

int
uipc_getsockname(int fd, struct sockaddr *sa, socklen_t *len)
{
	return getname(fd, 0, sa, len);
}

int
uipc_getpeername(int fd, struct sockaddr *sa, socklen_t *len)
{
	return getname(fd, 1, sa, len);
}

/*
 * Options whose answer the library knows before uipcd does, so that uipcd
 * is told without a wait (ctl_post): the timeouts, which the channel
 * takes too and the host checks exactly as the kernel would (EINVAL for
 * too short, EDOM for microseconds out of range), and TCP_NODELAY on a
 * TCP socket, which takes any int (Linux's do_tcp_setsockopt: EINVAL only
 * for less than one).  A client that bounds its connect by SO_SNDTIMEO
 * and clears it after, or a server that sets TCP_NODELAY on each accepted
 * connection, then pays no round trip for it.  0: decided and set on the
 * channel where it belongs; -1 with errno 0: uipcd's to decide; -1 with
 * errno: refused.
 */
static int
setopt_decided(int fd, int level, int name, const void *v, ssize_t got, socklen_t len)
{
	if (level == SOL_SOCKET && (name == SO_RCVTIMEO || name == SO_SNDTIMEO)) {
		if (h_setsockopt(fd, level, name, v, (socklen_t)got) == 0)
			return 0;
		if (errno == EINVAL && (size_t)got < len)
			errno = EFAULT;	/* the value ran into unreadable memory */
		return -1;
	}
	if (level == IPPROTO_TCP && name == TCP_NODELAY && uipc_fdkind(fd) == FD_STREAM &&
	    uipc_fddomain(fd) == AF_INET) {
		if ((size_t)got >= sizeof(int))
			return 0;
		errno = (size_t)got < len ? EFAULT : EINVAL;
		return -1;
	}
	errno = 0;
	return -1;
}

/*
 * Options that the host enforces on the channel (timeouts, SO_PASSCRED,
 * SO_OOBINLINE) are set on it too, so blocking and delivery follow them.
 */
int
uipc_setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	int32_t arg[4] = { level, name, 0, 0 };
	char v[CTL_MAXDATA];
	ssize_t got;
	int e;

	if ((int)len < 0) {
		errno = EINVAL;		/* Linux: a negative length */
		return -1;
	}
	/*
	 * Urgent data reaches the process as the channel's MSG_OOB, always out
	 * of line from uipcd; whether it stays inline is the channel's choice.
	 */
	if (level == SOL_SOCKET && name == SO_OOBINLINE)
		return h_setsockopt(fd, level, name, val, len);
	/*
	 * The kernel reads only as much of the value as the option takes:
	 * what lies beyond may be long or unreadable.  So uipcd gets what
	 * can be read of it (at most CTL_MAXDATA, more than any option uipc
	 * has), and a value too short for the option because it ran into
	 * unreadable memory is EFAULT, as the kernel's own read says.
	 */
	if (len > sizeof(v))
		len = sizeof(v);
	if ((got = uipc_copyin_some(v, val, len)) < 0)
		return -1;
	if (got == 0 && len > 0) {
		errno = EFAULT;
		return -1;
	}
	if (setopt_decided(fd, level, name, v, got, len) == 0) {
		/* A socket not yet made takes its timeouts from the channel when it is (CTL_SOCKET_LAZY). */
		if (level == SOL_SOCKET && uipc_fdlazy(fd) >= 0)
			return 0;
		return ctl_post(CTL_SETOPT, arg, v, (size_t)got, &fd, 1);
	}
	if (errno != 0)
		return -1;
	if (simple(CTL_SETOPT, fd, arg, v, (size_t)got) < 0) {
		e = errno;
		errno = e == EINVAL && (size_t)got < len ? EFAULT : e;
		return -1;
	}
	/* The timeouts were set on the channel already (setopt_decided). */
	if (level == SOL_SOCKET && name == SO_PASSCRED)
		h_setsockopt(fd, level, name, v, (socklen_t)got);
	if (level == SOL_SOCKET && name == SO_SNDBUF && (size_t)got >= sizeof(int)) {
		int sz;

		memcpy(&sz, v, sizeof(sz));
		sndbuf_follow(fd, sz);
	}
	return 0;
}

int
uipc_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	int32_t arg[4] = { level, name, 0, 0 };
	char v[CTL_MAXDATA];
	struct ctl_rep rep;
	socklen_t ul;
	size_t l;

	if (level == SOL_SOCKET && name == SO_OOBINLINE)
		return h_getsockopt(fd, level, name, val, len);
	/* uipc's own request for MSG_ERRQUEUE (ctl_proto.h), no option of Linux's. */
	if (level == IPPROTO_IP && name == CTL_IP_ERRQUEUE) {
		errno = ENOPROTOOPT;
		return -1;
	}
	/* The length read first, as the kernel's getsockopt does (EFAULT, then EINVAL). */
	if (uipc_copyin(&ul, len, sizeof(ul)) < 0)
		return -1;
	if ((int)ul < 0) {
		errno = EINVAL;
		return -1;
	}
	arg[2] = (int32_t)ul;
	uipc_unshrink(fd);	/* SO_ERROR after a non-blocking connect, typically */
	l = ul < sizeof(v) ? ul : sizeof(v);
	if (ctl_call(CTL_GETOPT, arg, NULL, 0, &fd, 1, &rep, v, &l) < 0)
		return -1;
	ul = (socklen_t)l;
	if (uipc_copyout(val, v, l) < 0 || uipc_copyout(len, &ul, sizeof(ul)) < 0)
		return -1;
	return 0;
}

/*
 * ioctl on a uipc socket.  Most are the channel's own (FIONBIO, SIOCATMARK,
 * and the owner for SIGURG and SIGIO); FIONREAD adds what uipcd still holds.
 */
int
uipc_ioctl(int fd, unsigned long req, void *arg)
{
	int32_t a[4] = { (int32_t)req, 0, 0, 0 };
	struct ctl_rep rep;
	int n = 0;

	switch (req) {
	case FIONREAD:
		if (uipc_fdkind(fd) == FD_MSG && !uipc_fddgram(fd)) {
			/* A seqpacket's: every byte queued (Linux), the channel's then uipcd's. */
			if (ctl_call(CTL_IOCTL, a, NULL, 0, &fd, 1, &rep, NULL, NULL) < 0 ||
			    uipc_msg_inq(fd, &n) < 0)
				return -1;
			n += rep.cp_val[0];
			return uipc_copyout(arg, &n, sizeof(n));
		}
		if (uipc_fdkind(fd) == FD_MSG) {
			/* The next message's payload, without its header (Linux: datagram size). */
			struct chan_msg hdr;
			ssize_t r;

			if (ctl_call(CTL_IOCTL, a, NULL, 0, &fd, 1, &rep, NULL, NULL) < 0)
				return -1;
			r = h_recvfrom(fd, &hdr, sizeof(hdr), MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT, NULL, NULL);
			n = r >= (ssize_t)sizeof(hdr) ? (int)(r - (ssize_t)sizeof(hdr)) : rep.cp_val[0];
			return uipc_copyout(arg, &n, sizeof(n));
		}
		/* uipcd first moves what is in flight, then the channel's count is whole. */
		if (ctl_call(CTL_IOCTL, a, NULL, 0, &fd, 1, &rep, NULL, NULL) < 0)
			return -1;
		if (h_ioctl(fd, FIONREAD, &n) < 0)
			return -1;
		n += rep.cp_val[0];
		return uipc_copyout(arg, &n, sizeof(n));
	case SIOCSPGRP:
		if (uipc_copyin(&n, arg, sizeof(n)) < 0)
			return -1;
		a[1] = n;
		if (ctl_call(CTL_IOCTL, a, NULL, 0, &fd, 1, &rep, NULL, NULL) < 0)
			return -1;
		return h_ioctl(fd, req, arg);
	default:
		return h_ioctl(fd, req, arg);
	}
}

/*
 * Asks uipcd to move everything already written toward any socket before
 * this call (CTL_SYNC).  A process that found nothing to read without
 * waiting calls this and looks once more, so that data sent before the
 * look, in any process, is seen as it would be on the host.  uipcd moves
 * what every channel holds, so the request names no socket (fd is the
 * caller's, for the record): passing one would cost a descriptor's
 * passing each way for nothing, on every EAGAIN of a busy reader or
 * writer.
 */
int
uipc_sync(int fd)
{
	struct ctl_rep rep;

	(void)fd;
	return ctl_call(CTL_SYNC, NULL, NULL, 0, NULL, 0, &rep, NULL, NULL);
}

/*
 * A stream read found EOF: was it a reset?  Linux answers ECONNRESET once
 * when the peer went away with data unread, or when a listener closed with
 * the connection still queued; the channel can only carry EOF, so the
 * error waits in the socket (SO_ERROR) and is fetched here.
 *
 * uipcd's death also looks like EOF on the channel (the kernel closes its
 * end), and the data uipcd still held is lost: that read is ECONNRESET, as
 * for a connection reset with data in flight, never a clean end that a
 * receiver would take as the whole stream.  The SO_ERROR question is the
 * round trip that tells (its answer never comes from a dead uipcd, the
 * hang-up does).  A genuine EOF that uipcd sent just before it died reads
 * as ECONNRESET too: the reader cannot know whether more was coming, and
 * an error it did not need is safer than a truncation it cannot see
 * (uipc(1), "WHEN UIPCD IS GONE").
 */
int
uipc_stream_eof(int fd)
{
	struct pollfd pfd = { fd, POLLOUT, 0 };
	int err = 0;
	socklen_t len = sizeof(err);

	/*
	 * A socket that only stopped receiving (the peer's FIN: a half close)
	 * can still send, and has no error to tell.  uipcd shuts the
	 * channel both ways when the socket can do neither, which the host
	 * shows as POLLHUP; only then is the error worth a question.
	 */
	if (syscall(SYS_poll, &pfd, 1, 0) == 1 && !(pfd.revents & POLLHUP))
		return 0;
	if (uipc_getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0) {
		if (err == 0)
			return 0;
		errno = err;
		return -1;
	}
	if (uipc_daemon_lost(fd)) {
		errno = ECONNRESET;
		return -1;
	}
	return 0;
}

/*
 * The socket's family, asked of uipcd: only where an AF_UNIX name meets a
 * socket that may be of another family (bind, and the error path of
 * connect and sendto), so that an Internet socket answers as Linux's
 * inet_bind does (EAFNOSUPPORT) rather than as a UNIX-domain name would,
 * and no node is made in the file system for it.  -1: cannot say.
 */
int
uipc_fddomain(int fd)
{
	struct ctl_rep rep;
	int saved = errno;

	if (uipc_fdlazy(fd) >= 0)
		return AF_INET;		/* only TCP sockets are made lazily */
	if (ctl_call(CTL_IDENTIFY, NULL, NULL, 0, &fd, 1, &rep, NULL, NULL) < 0) {
		errno = saved;
		return -1;
	}
	errno = saved;
	return rep.cp_val[0];
}

/* Whether fd is listening, asked of uipcd once and remembered when it is. */
int
uipc_listening(int fd)
{
	struct ctl_rep rep;

	if (uipc_fdlistening(fd))
		return 1;
	if (ctl_call(CTL_IDENTIFY, NULL, NULL, 0, &fd, 1, &rep, NULL, NULL) < 0)
		return 0;
	if (rep.cp_val[3] & CTL_ID_LISTENING)
		uipc_fdsetlistening(fd);
	return (rep.cp_val[3] & CTL_ID_LISTENING) != 0;
}

/*
 * A stream socket that never had a peer (never connected, or listening):
 * Linux fails a read with ENOTCONN (TCP, and a seqpacket socket) or EINVAL
 * (UNIX stream), a write with EPIPE and SIGPIPE (TCP) or ENOTCONN (UNIX).  Its channel
 * would keep a read waiting forever and take a write, so the shim asks
 * here first.  A socket known to have a peer (connect, accept,
 * socketpair, or uipcd said so once) costs a table lookup.  0: go on to
 * the channel; -1 with errno.
 */
int
uipc_stream_unpeered(int fd, int sending, int flags)
{
	struct ctl_rep rep;
	int saved = errno;

	if (uipc_fdpeered(fd))
		return 0;
	if (ctl_call(CTL_IDENTIFY, NULL, NULL, 0, &fd, 1, &rep, NULL, NULL) < 0) {
		errno = saved;
		return 0;		/* uipcd gone: the channel's end tells */
	}
	/* Datagram and raw sockets need no peer: remembered as such. */
	if ((rep.cp_val[3] & CTL_ID_PEERED) || rep.cp_val[1] == SOCK_DGRAM || rep.cp_val[1] == SOCK_RAW) {
		uipc_fdsetpeered(fd);
		errno = saved;
		return 0;
	}
	if (rep.cp_val[1] == SOCK_SEQPACKET)
		errno = ENOTCONN;	/* unix_seqpacket_recvmsg */
	else if (rep.cp_val[0] != AF_INET)
		errno = sending ? ENOTCONN : EINVAL;
	else if (!sending)
		errno = ENOTCONN;
	else {
		if (!(flags & MSG_NOSIGNAL))
			raise(SIGPIPE);
		errno = EPIPE;
	}
	return -1;
}

/*
 * Makes every lazily made socket among the descriptors a message passes
 * (SCM_RIGHTS), so that the process receiving it finds a socket uipcd
 * knows.  Any request naming a lazy socket makes it; IDENTIFY is the
 * cheapest.  m is the library's copy of the msghdr; its control data is
 * still the caller's, copied in here.
 */
void
uipc_make_passed(const struct msghdr *m)
{
	static __thread char *cb;
	struct msghdr um;
	struct cmsghdr *cm;
	struct ctl_rep rep;
	int i, n, f;

	if (m == NULL || m->msg_controllen == 0 || m->msg_control == NULL)
		return;
	/* Too much, or unreadable: the send itself says so (msg.c, the host). */
	if (m->msg_controllen > 8192 || (cb == NULL && (cb = malloc(8192)) == NULL) ||
	    uipc_copyin(cb, m->msg_control, m->msg_controllen) < 0)
		return;
	um = *m;
	um.msg_control = cb;
	for (cm = CMSG_FIRSTHDR(&um); cm != NULL; cm = CMSG_NXTHDR(&um, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
		    cm->cmsg_len < CMSG_LEN(0) || cm->cmsg_len > um.msg_controllen - (size_t)((char *)cm - cb))
			continue;
		n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (i = 0; i < n; i++) {
			memcpy(&f, CMSG_DATA(cm) + (size_t)i * sizeof(int), sizeof(int));
			if (uipc_fdlazy(f) >= 0)
				(void)ctl_call(CTL_IDENTIFY, NULL, NULL, 0, &f, 1, &rep, NULL, NULL);
		}
	}
}
