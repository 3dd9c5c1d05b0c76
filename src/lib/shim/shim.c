/*
 * The preload shim: libc's socket calls for unmodified programs
 * (`uipc run -- PROGRAM`, DESIGN.md "A program on uipc sees only uipc's
 * network").  AF_UNIX and AF_INET sockets are uipc's; a family uipc does
 * not implement (AF_INET6, AF_PACKET, AF_NETLINK) is refused with
 * EAFNOSUPPORT, so nothing slips onto the host's network.  Every other
 * descriptor is left to the host: each call checks what its descriptor is
 * (a table lookup after the first time) and passes host descriptors on to
 * libc's own function.
 *
 * Stream sockets need nothing here for their data: their descriptor is the
 * channel, a byte stream with MSG_OOB, so read, write, send, recv, select
 * and poll work on it directly.  Message sockets are framed (msg.c).
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/un.h>
#include <linux/close_range.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

/* A socket call's host version comes from the trampoline (shim_host.c). */
void *uipc_host_fn(const char *name);

#define REAL(name, ret, ...)						\
	static ret (*real_##name)(__VA_ARGS__);				\
	static ret (*get_##name(void))(__VA_ARGS__)			\
	{								\
		if (real_##name == NULL && (real_##name = uipc_host_fn(#name)) == NULL) \
			real_##name = dlsym(RTLD_NEXT, #name);		\
		return real_##name;					\
	}

REAL(read, ssize_t, int, void *, size_t)
REAL(write, ssize_t, int, const void *, size_t)
REAL(readv, ssize_t, int, const struct iovec *, int)
REAL(writev, ssize_t, int, const struct iovec *, int)
REAL(recv, ssize_t, int, void *, size_t, int)
REAL(send, ssize_t, int, const void *, size_t, int)
REAL(recvfrom, ssize_t, int, void *, size_t, int, struct sockaddr *, socklen_t *)
REAL(sendto, ssize_t, int, const void *, size_t, int, const struct sockaddr *, socklen_t)
REAL(recvmsg, ssize_t, int, struct msghdr *, int)
REAL(sendmsg, ssize_t, int, const struct msghdr *, int)
REAL(close, int, int)
REAL(dup2, int, int, int)
REAL(dup3, int, int, int, int)
REAL(bind, int, int, const struct sockaddr *, socklen_t)
REAL(listen, int, int, int)
REAL(accept, int, int, struct sockaddr *, socklen_t *)
REAL(accept4, int, int, struct sockaddr *, socklen_t *, int)
REAL(connect, int, int, const struct sockaddr *, socklen_t)
REAL(shutdown, int, int, int)
REAL(getsockname, int, int, struct sockaddr *, socklen_t *)
REAL(getpeername, int, int, struct sockaddr *, socklen_t *)
REAL(setsockopt, int, int, int, int, const void *, socklen_t)
REAL(getsockopt, int, int, int, int, void *, socklen_t *)
REAL(ioctl, int, int, unsigned long, void *)
REAL(close_range, int, unsigned int, unsigned int, int)
REAL(closefrom, void, int)

static inline int
is_uipc(int fd)
{
	enum fdkind k = uipc_fdkind(fd);

	return k == FD_STREAM || k == FD_MSG;
}

static inline int
is_msg(int fd)
{
	return uipc_fdkind(fd) == FD_MSG;
}

/*
 * A read on a uipc stream socket goes to the channel; what it found is
 * then made what the host would have said.  Nothing without waiting: the
 * data may still be in flight through uipcd, so ask it to move everything
 * (uipc_sync) and look once more.  EOF: it may have been a reset.
 */
static ssize_t
stream_read(int fd, struct msghdr *m, int flags, ssize_t r)
{
	size_t len = 0;
	int i;

	/*
	 * Any other error is the host's answer, bad pointers among them: m
	 * and its iovecs are looked at only once the host read them well.
	 */
	if (r < 0 && errno != EAGAIN)
		return r;
	for (i = 0; i < (int)m->msg_iovlen; i++)
		len += m->msg_iov[i].iov_len;
	if (r < 0 && errno == EAGAIN && !(flags & MSG_OOB)) {
		if (uipc_sync(fd) == 0)
			r = h_recvmsg(fd, m, flags | MSG_DONTWAIT);
		else
			errno = EAGAIN;	/* uipcd gone: the channel's end tells, at the next read */
	}
	if (r == 0 && len > 0 && !(flags & MSG_OOB))
		return uipc_stream_eof(fd);
	return r;
}

static ssize_t
stream_read1(int fd, void *buf, size_t len, int flags, ssize_t r)
{
	struct iovec iov = { buf, len };
	struct msghdr m = { NULL, 0, &iov, 1, NULL, 0, 0 };

	return stream_read(fd, &m, flags, r);
}

int
socket(int domain, int type, int protocol)
{
	switch (domain) {
	case AF_UNIX:
	case AF_INET:
		return uipc_socket(domain, type, protocol);
	default:
		errno = EAFNOSUPPORT;
		return -1;
	}
}

int
socketpair(int domain, int type, int protocol, int sv[2])
{
	if (domain != AF_UNIX) {
		errno = domain == AF_INET ? EOPNOTSUPP : EAFNOSUPPORT;
		return -1;
	}
	return uipc_socketpair(domain, type, protocol, sv);
}

int
bind(int fd, const struct sockaddr *sa, socklen_t len)
{
	return is_uipc(fd) ? uipc_bind(fd, sa, len) : get_bind()(fd, sa, len);
}

int
listen(int fd, int backlog)
{
	return is_uipc(fd) ? uipc_listen(fd, backlog) : get_listen()(fd, backlog);
}

int
accept(int fd, struct sockaddr *sa, socklen_t *len)
{
	return is_uipc(fd) ? uipc_accept4(fd, sa, len, 0) : get_accept()(fd, sa, len);
}

int
accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags)
{
	return is_uipc(fd) ? uipc_accept4(fd, sa, len, flags) : get_accept4()(fd, sa, len, flags);
}

/*
 * A UNIX-domain connect to a node that no uipc socket is bound to may be a
 * host service (syslog's /dev/log, X11, D-Bus): the socket then becomes a
 * host socket connected to it (DESIGN.md's one exception).
 */
int
connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	int type, hfd, e, fl;
	socklen_t tl = sizeof(type);

	if (!is_uipc(fd))
		return get_connect()(fd, sa, len);
	if (uipc_connect(fd, sa, len) == 0)
		return 0;
	e = errno;
	if (e != ECONNREFUSED || sa->sa_family != AF_UNIX ||
	    uipc_getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) < 0) {
		errno = e;
		return -1;
	}
	if ((hfd = h_socket(AF_UNIX, type | SOCK_CLOEXEC, 0)) < 0) {
		errno = e;
		return -1;
	}
	if (h_connect(hfd, sa, len) < 0) {
		h_close(hfd);
		errno = e;
		return -1;
	}
	fl = h_fcntl(fd, F_GETFD, 0);
	h_fcntl(hfd, F_SETFL, h_fcntl(fd, F_GETFL, 0));
	if (get_dup3()(hfd, fd, (fl & FD_CLOEXEC) ? O_CLOEXEC : 0) < 0) {
		h_close(hfd);
		errno = e;
		return -1;
	}
	h_close(hfd);
	uipc_fdset(fd, FD_HOST);
	return 0;
}

int
shutdown(int fd, int how)
{
	return is_uipc(fd) ? uipc_shutdown(fd, how) : get_shutdown()(fd, how);
}

int
getsockname(int fd, struct sockaddr *sa, socklen_t *len)
{
	return is_uipc(fd) ? uipc_getsockname(fd, sa, len) : get_getsockname()(fd, sa, len);
}

int
getpeername(int fd, struct sockaddr *sa, socklen_t *len)
{
	return is_uipc(fd) ? uipc_getpeername(fd, sa, len) : get_getpeername()(fd, sa, len);
}

int
setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	return is_uipc(fd) ? uipc_setsockopt(fd, level, name, val, len) :
	    get_setsockopt()(fd, level, name, val, len);
}

int
getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	return is_uipc(fd) ? uipc_getsockopt(fd, level, name, val, len) :
	    get_getsockopt()(fd, level, name, val, len);
}

int
ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if ((req == FIONREAD || req == SIOCSPGRP) && is_uipc(fd))
		return uipc_ioctl(fd, req, arg);
	/* The mark may still be in flight through uipcd: move it first. */
	if (req == SIOCATMARK && is_uipc(fd))
		uipc_sync(fd);
	if (uipc_is_ifioctl(req))
		return uipc_ifioctl(req, arg);	/* the uipc host's interfaces */
	return get_ioctl()(fd, req, arg);
}

/*
 * An address given to a send on a TCP socket: Linux copies it in (a bad
 * one is EFAULT, one longer than any address EINVAL) and then ignores it
 * (tcp_sendmsg); the channel, a UNIX-domain stream, would say EISCONN, as
 * Linux's UNIX domain does.  Returns 1 when the address is to be dropped,
 * 0 to give it to the channel, -1 with errno.
 */
static int
tcp_drops_name(int fd, const void *name, socklen_t namelen)
{
	struct sockaddr_storage ss;

	if (name == NULL || namelen == 0 || uipc_fddomain(fd) != AF_INET)
		return 0;
	if (namelen > sizeof(ss)) {
		errno = EINVAL;
		return -1;
	}
	return uipc_copyin(&ss, name, namelen) < 0 ? -1 : 1;
}

static ssize_t stream_write_m(int, const void *, size_t, const struct msghdr *, int);

/*
 * The caller's msghdr is read through uipc_copyin (a bad one EFAULT), and
 * only when the shim needs it: for a message socket, or to find sockets
 * passed that wait to be made; a stream's goes to the host as it is.
 */
ssize_t
sendmsg(int fd, const struct msghdr *m, int flags)
{
	struct msghdr km;
	int msg = is_msg(fd);

	if (msg || uipc_anylazy()) {
		if (uipc_copyin(&km, m, sizeof(km)) < 0)
			return -1;
		uipc_make_passed(&km);	/* a socket passed must be one uipcd knows */
	}
	if (uipc_send_unmade(fd, flags) < 0)
		return -1;
	if (msg)
		return uipc_sendmsg_k(fd, &km, flags, 1);
	if (uipc_fdkind(fd) == FD_STREAM && !(flags & MSG_FASTOPEN) &&
	    uipc_stream_unpeered(fd, 1, flags) < 0) {
		if (errno == ENOTCONN && uipc_copyin(&km, m, sizeof(km)) == 0 &&
		    km.msg_name != NULL && km.msg_namelen != 0)
			errno = EOPNOTSUPP;	/* as sendto's */
		return -1;
	}
	/* A TCP socket's sendmsg ignores msg_name, as its sendto does (tcp_drops_name). */
	if (uipc_fdkind(fd) == FD_STREAM && uipc_copyin(&km, m, sizeof(km)) == 0) {
		/* sendmsg takes what fits of a long name (copy_msghdr_from_user). */
		int drop = tcp_drops_name(fd, km.msg_name, (int)km.msg_namelen > (int)sizeof(struct sockaddr_storage) ?
		    (socklen_t)sizeof(struct sockaddr_storage) : km.msg_namelen);

		if (drop < 0)
			return -1;
		if (drop > 0) {
			km.msg_name = NULL;
			km.msg_namelen = 0;
			return stream_write_m(fd, NULL, 0, &km, flags);
		}
	}
	if (uipc_fdkind(fd) == FD_STREAM)
		return stream_write_m(fd, NULL, 0, m, flags);
	return get_sendmsg()(fd, m, flags);
}

static ssize_t recvmsg_of(int, struct msghdr *, int);

/*
 * Descriptors that came with SCM_RIGHTS are numbers the kernel just gave
 * out, so closed a moment ago: what the table says of such a number is of
 * a descriptor closed behind the shim's back (libuv closes with
 * syscall(SYS_close), which no interposition sees), and is forgotten, as
 * by close.  Otherwise a passed uipc TCP socket taking the number of a
 * pipe closed so would stay "the host's", and answer getsockname as the
 * AF_UNIX channel it is underneath (libuv's ipc tests).  The caller's
 * control buffer is read header by header, checked.
 */
static void
forget_passed(const struct msghdr *m)
{
	struct msghdr km;
	struct cmsghdr ch;
	const char *cb;
	size_t off = 0, n, i;
	int fds[64];

	if (uipc_copyin(&km, m, sizeof(km)) < 0 || km.msg_control == NULL)
		return;
	cb = km.msg_control;
	while (off + sizeof(ch) <= km.msg_controllen) {
		if (uipc_copyin(&ch, cb + off, sizeof(ch)) < 0 || ch.cmsg_len < CMSG_LEN(0) ||
		    ch.cmsg_len > km.msg_controllen - off)
			return;
		if (ch.cmsg_level == SOL_SOCKET && ch.cmsg_type == SCM_RIGHTS) {
			for (i = 0; i < (ch.cmsg_len - CMSG_LEN(0)) / sizeof(int); i += n) {
				n = (ch.cmsg_len - CMSG_LEN(0)) / sizeof(int) - i;
				if (n > sizeof(fds) / sizeof(fds[0]))
					n = sizeof(fds) / sizeof(fds[0]);
				if (uipc_copyin(fds, cb + off + CMSG_LEN(0) + i * sizeof(int), n * sizeof(int)) < 0)
					return;
				for (size_t j = 0; j < n; j++) {
					uipc_ctl_closed(fds[j]);
					uipc_fdclearlazy(fds[j]);
					uipc_fdset(fds[j], FD_UNKNOWN);
				}
			}
		}
		off += CMSG_ALIGN(ch.cmsg_len);
	}
}

ssize_t
recvmsg(int fd, struct msghdr *m, int flags)
{
	ssize_t r = recvmsg_of(fd, m, flags);
	int saved = errno;

	if (r >= 0) {
		forget_passed(m);
		errno = saved;
	}
	return r;
}

static ssize_t
recvmsg_of(int fd, struct msghdr *m, int flags)
{
	enum fdkind k = uipc_fdkind(fd);

	if (uipc_errqueue_wanted(fd, flags)) {
		struct msghdr km;
		ssize_t r;

		if (uipc_copyin(&km, m, sizeof(km)) < 0)
			return -1;
		if ((r = uipc_errqueue_read(fd, &km, flags, 1)) >= 0 &&
		    uipc_copyout(m, &km, sizeof(km)) < 0)
			return -1;
		return r;
	}
	if (k == FD_MSG)
		return uipc_recvmsg(fd, m, flags);
	if (k == FD_STREAM) {
		/* The caller's name buffer, before the host's read overwrites its length. */
		struct msghdr km;
		int named;

		if (uipc_stream_unpeered(fd, 0, flags) < 0)
			return -1;
		named = uipc_copyin(&km, m, sizeof(km)) == 0 && km.msg_name != NULL;
		ssize_t r = stream_read(fd, m, flags, get_recvmsg()(fd, m, flags));

		if (r > 0 && named) {
			if (uipc_stream_name_out(fd, km.msg_name, &km.msg_namelen) < 0 ||
			    uipc_copyout(&m->msg_namelen, &km.msg_namelen, sizeof(km.msg_namelen)) < 0)
				return -1;
		}
		return r;
	}
	return get_recvmsg()(fd, m, flags);
}

ssize_t
sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tl)
{
	int drop;

	if (uipc_send_unmade(fd, flags) < 0)
		return -1;
	if (is_msg(fd))
		return uipc_sendto(fd, buf, len, flags, to, tl);
	/* MSG_FASTOPEN is a connect: the channel's path decides. */
	if (uipc_fdkind(fd) == FD_STREAM && !(flags & MSG_FASTOPEN) &&
	    uipc_stream_unpeered(fd, 1, flags) < 0) {
		/* A UNIX stream given an address: EOPNOTSUPP (unix_stream_sendmsg). */
		if (errno == ENOTCONN && to != NULL && tl != 0)
			errno = EOPNOTSUPP;
		return -1;
	}
	if (uipc_fdkind(fd) == FD_STREAM && (drop = tcp_drops_name(fd, to, tl)) != 0) {
		if (drop < 0)
			return -1;
		to = NULL;
		tl = 0;
	}
	return get_sendto()(fd, buf, len, flags, to, tl);
}

ssize_t
recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fl)
{
	enum fdkind k = uipc_fdkind(fd);

	if (uipc_errqueue_wanted(fd, flags)) {
		struct sockaddr_storage ss;
		struct iovec iov = { buf, len };
		struct msghdr m = { &ss, sizeof(ss), &iov, 1, NULL, 0, 0 };
		ssize_t r = uipc_errqueue_read(fd, &m, flags, 0);

		if (r >= 0 && from != NULL && uipc_name_out(&ss, m.msg_namelen, from, fl) < 0)
			return -1;
		return r;
	}
	if (k == FD_MSG)
		return uipc_recvfrom(fd, buf, len, flags, from, fl);
	if (k == FD_STREAM) {
		ssize_t r;

		if (uipc_stream_unpeered(fd, 0, flags) < 0)
			return -1;
		r = stream_read1(fd, buf, len, flags, get_recv()(fd, buf, len, flags));
		/*
		 * The name is checked as the kernel does, after the read
		 * (__sys_recvfrom): a UNIX-domain peer's, when data came.
		 */
		if (r > 0 && from != NULL && uipc_stream_name_out(fd, from, fl) < 0)
			return -1;
		if (r == 0 && from != NULL && uipc_name_out(NULL, 0, from, fl) < 0)
			return -1;
		return r;
	}
	return get_recvfrom()(fd, buf, len, flags, from, fl);
}

/* One host send on a stream's channel: buf by send(2), or m by sendmsg(2). */
static ssize_t
stream_host_send(int fd, const void *buf, size_t len, const struct msghdr *m, int flags)
{
	return m != NULL ? get_sendmsg()(fd, m, flags) : get_send()(fd, buf, len, flags);
}

/*
 * A stream write goes to the channel without the host's SIGPIPE: when the
 * channel refuses it (uipcd shut it: the connection is gone), the
 * socket's pending error is that write's answer, as Linux reports an
 * aborted connection's error (ETIMEDOUT of TCP_USER_TIMEOUT or keepalive,
 * ECONNRESET) to the next call, read or write; only without one is it
 * EPIPE, with SIGPIPE unless MSG_NOSIGNAL.  buf and len, or m (writev,
 * sendmsg; the caller's, checked by the host).
 */
static ssize_t
stream_write_m(int fd, const void *buf, size_t len, const struct msghdr *m, int flags)
{
	ssize_t r = stream_host_send(fd, buf, len, m, flags | MSG_NOSIGNAL);
	socklen_t el = sizeof(int);
	int err = 0;

	/*
	 * A full channel may only mean that uipcd has not yet taken what
	 * is in it: it is asked to (CTL_SYNC), as a read that finds nothing
	 * asks, and the write is tried once more.  So EAGAIN says the
	 * socket's buffers are full, as on Linux, and a connection that
	 * the bytes already written have reset (a peer that closed: RFC
	 * 793 §3.4, a RST for data that reaches a closed socket) answers
	 * with its error, not EAGAIN (libuv's tcp_try_write_error).
	 */
	if (r < 0 && errno == EAGAIN && (m != NULL || len > 0)) {
		if (uipc_sync(fd) == 0)
			r = stream_host_send(fd, buf, len, m, flags | MSG_NOSIGNAL | MSG_DONTWAIT);
		else
			errno = EAGAIN;
	}
	if (r >= 0 || errno != EPIPE)
		return r;
	if (uipc_getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err != 0) {
		errno = err;
		return -1;
	}
	if (!(flags & MSG_NOSIGNAL))
		raise(SIGPIPE);
	errno = EPIPE;
	return -1;
}

static ssize_t
stream_write(int fd, const void *buf, size_t len, int flags)
{
	return stream_write_m(fd, buf, len, NULL, flags);
}

ssize_t
send(int fd, const void *buf, size_t len, int flags)
{
	if (uipc_fdshrunk(fd))
		uipc_unshrink(fd);
	if (uipc_send_unmade(fd, flags) < 0)
		return -1;
	if (is_msg(fd))
		return uipc_sendto(fd, buf, len, flags, NULL, 0);
	if (uipc_fdkind(fd) != FD_STREAM)
		return get_send()(fd, buf, len, flags);
	if (uipc_stream_unpeered(fd, 1, flags) < 0)
		return -1;
	return stream_write(fd, buf, len, flags);
}

ssize_t
recv(int fd, void *buf, size_t len, int flags)
{
	enum fdkind k = uipc_fdkind(fd);

	if (uipc_errqueue_wanted(fd, flags)) {
		struct iovec iov = { buf, len };
		struct msghdr m = { NULL, 0, &iov, 1, NULL, 0, 0 };

		return uipc_errqueue_read(fd, &m, flags, 0);
	}
	if (k == FD_MSG)
		return uipc_recvfrom(fd, buf, len, flags, NULL, NULL);
	if (k == FD_STREAM) {
		if (uipc_stream_unpeered(fd, 0, flags) < 0)
			return -1;
		return stream_read1(fd, buf, len, flags, get_recv()(fd, buf, len, flags));
	}
	return get_recv()(fd, buf, len, flags);
}

ssize_t
read(int fd, void *buf, size_t len)
{
	enum fdkind k = uipc_fdkind(fd);

	if (k == FD_MSG)
		return uipc_recvfrom(fd, buf, len, 0, NULL, NULL);
	if (k == FD_STREAM) {
		/* A read of nothing is 0 before any socket is asked (the host's VFS). */
		if (len > 0 && uipc_stream_unpeered(fd, 0, 0) < 0)
			return -1;
		return stream_read1(fd, buf, len, 0, get_read()(fd, buf, len));
	}
	return get_read()(fd, buf, len);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	if (uipc_fdshrunk(fd))
		uipc_unshrink(fd);
	if (uipc_send_unmade(fd, 0) < 0)
		return -1;
	if (is_msg(fd))
		return uipc_sendto(fd, buf, len, 0, NULL, 0);
	if (uipc_fdkind(fd) != FD_STREAM)
		return get_write()(fd, buf, len);
	if (uipc_stream_unpeered(fd, 1, 0) < 0)
		return -1;
	return stream_write(fd, buf, len, 0);
}

ssize_t
readv(int fd, const struct iovec *iov, int n)
{
	struct msghdr m = { NULL, 0, (struct iovec *)iov, (size_t)n, NULL, 0, 0 };
	enum fdkind k = uipc_fdkind(fd);

	if (k == FD_MSG) {
		if (n < 0) {
			errno = EINVAL;
			return -1;
		}
		return uipc_recvmsg_k(fd, &m, 0, 1);
	}
	if (k == FD_STREAM) {
		if (uipc_stream_unpeered(fd, 0, 0) < 0)
			return -1;
		return stream_read(fd, &m, 0, get_readv()(fd, iov, n));
	}
	return get_readv()(fd, iov, n);
}

ssize_t
writev(int fd, const struct iovec *iov, int n)
{
	struct msghdr m = { NULL, 0, (struct iovec *)iov, (size_t)n, NULL, 0, 0 };

	if (uipc_send_unmade(fd, 0) < 0)
		return -1;
	if (uipc_fdkind(fd) == FD_STREAM && uipc_stream_unpeered(fd, 1, 0) < 0)
		return -1;
	/* The host's writev answers a bad count (EINVAL) itself. */
	if (uipc_fdkind(fd) == FD_STREAM && n >= 0 && n <= IOV_MAX)
		return stream_write_m(fd, NULL, 0, &m, 0);
	if (!is_msg(fd))
		return get_writev()(fd, iov, n);
	if (n < 0) {
		errno = EINVAL;
		return -1;
	}
	return uipc_sendmsg_k(fd, &m, 0, 1);
}

/* glibc's fortified entry points, which Debian's programs call (_FORTIFY_SOURCE). */
ssize_t
__read_chk(int fd, void *buf, size_t len, size_t buflen)
{
	return read(fd, buf, len < buflen ? len : buflen);
}

ssize_t
__recv_chk(int fd, void *buf, size_t len, size_t buflen, int flags)
{
	return recv(fd, buf, len < buflen ? len : buflen, flags);
}

ssize_t
__recvfrom_chk(int fd, void *buf, size_t len, size_t buflen, int flags,
    struct sockaddr *from, socklen_t *fl)
{
	return recvfrom(fd, buf, len < buflen ? len : buflen, flags, from, fl);
}

/* A descriptor number that closes or is replaced is classified again. */
int
close(int fd)
{
	uipc_ctl_closed(fd);
	uipc_fdclearlazy(fd);
	uipc_fdset(fd, FD_UNKNOWN);
	return get_close()(fd);
}

/*
 * Many descriptors closed at once (daemons do, Python's closerange): each
 * is forgotten as by close, the control connection among them, which
 * would otherwise be used again under a number that now names another
 * file or socket.
 */
static void
forget_range(unsigned int first, unsigned int last)
{
	unsigned int fd, end = (unsigned int)uipc_fdtab_end();

	uipc_ctl_closed_range(first, last);
	if (last >= end)
		last = end - 1;	/* the table knows nothing past its end */
	for (fd = first; fd <= last; fd++) {
		uipc_fdclearlazy((int)fd);
		uipc_fdset((int)fd, FD_UNKNOWN);
	}
}

int
close_range(unsigned int first, unsigned int last, int flags)
{
	int r;

	if (get_close_range() == NULL) {
		errno = ENOSYS;
		return -1;
	}
	r = get_close_range()(first, last, flags);
	if (r == 0 && !(flags & CLOSE_RANGE_CLOEXEC))
		forget_range(first, last);
	return r;
}

void
closefrom(int low)
{
	if (get_closefrom() != NULL)
		get_closefrom()(low);
	if (low >= 0)
		forget_range((unsigned int)low, ~0u);
}

int
dup2(int old, int new)
{
	int r;

	if (old != new) {
		uipc_ctl_closed(new);
		uipc_fdclearlazy(new);
	}
	r = get_dup2()(old, new);
	if (r >= 0 && old != new)
		uipc_fdset(new, FD_UNKNOWN);
	return r;
}

int
dup3(int old, int new, int flags)
{
	int r;

	if (old != new) {
		uipc_ctl_closed(new);
		uipc_fdclearlazy(new);
	}
	r = get_dup3()(old, new, flags);
	if (r >= 0)
		uipc_fdset(new, FD_UNKNOWN);
	return r;
}
