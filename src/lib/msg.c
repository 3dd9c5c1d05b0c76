/*
 * Data on message sockets (datagram, seqpacket): each message on the
 * channel is a struct chan_msg (the peer's address) and the payload, so
 * one readv or writev moves a whole message with its header.  A sendto to
 * a UNIX-domain name passes the name's node, resolved here, ahead of any
 * descriptors the user sends.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/time.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

#define MAXIOV	(UIO_MAXIOV - 1)	/* and the header: the host's limit */

/*
 * The caller's control data copied in and checked as the kernel does
 * (__sys_sendmsg, __scm_send): a bad pointer EFAULT, too much ENOBUFS, a
 * header whose length runs outside the buffer EINVAL.  cb holds CTL_MAXCTL.
 */
#define CTL_MAXCTL	8192

/* A thread's copies of a send's iovec array and control data. */
struct scratch {
	struct iovec iov[UIO_MAXIOV];
	char cb[CTL_MAXCTL];
};

static int
control_in(const struct msghdr *m, char *cb, struct msghdr *cm)
{
	struct cmsghdr *c;

	*cm = *m;
	if (m->msg_controllen == 0 || m->msg_control == NULL) {
		cm->msg_control = NULL;
		cm->msg_controllen = 0;
		return 0;
	}
	if (m->msg_controllen > CTL_MAXCTL) {
		errno = ENOBUFS;
		return -1;
	}
	if (uipc_copyin(cb, m->msg_control, m->msg_controllen) < 0)
		return -1;
	cm->msg_control = cb;
	for (c = CMSG_FIRSTHDR(cm); c != NULL; c = CMSG_NXTHDR(cm, c))
		if (c->cmsg_len < CMSG_LEN(0) ||
		    c->cmsg_len > cm->msg_controllen - (size_t)((char *)c - cb)) {
			errno = EINVAL;
			return -1;
		}
	return 0;
}

/*
 * A send's IP_PKTINFO (ip(7)): the source address (ipi_spec_dst) or the
 * interface whose address is the source (ipi_ifindex), for uipcd to
 * choose by (CM_INFO).  Linux: EINVAL for one too short.
 */
static int
pktinfo_in(const struct cmsghdr *c, struct chan_msg *hdr)
{
	struct in_pktinfo pi;

	if (c->cmsg_len < CMSG_LEN(sizeof(pi)))
		return EINVAL;
	memcpy(&pi, CMSG_DATA(c), sizeof(pi));
	hdr->cm_flags |= CM_INFO;
	hdr->cm_info.ci_what |= CI_PKTINFO;
	hdr->cm_info.ci_ifindex = (uint32_t)pi.ipi_ifindex;
	hdr->cm_info.ci_spec_dst = pi.ipi_spec_dst.s_addr;
	return 0;
}

/*
 * A received datagram's information as control messages after any the
 * host put (descriptors, credentials), in Linux's order: the time
 * (sock_recv_timestamp), then IP_PKTINFO, IP_TTL, IP_TOS (ip_cmsg_recv).
 * What does not fit whole is left out and MSG_CTRUNC set, as put_cmsg
 * does.  Writes the caller's buffer checked when user.
 */
static int
dginfo_out(const struct chan_dginfo *ci, struct msghdr *m, size_t cap, int user)
{
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(struct timespec)) + CMSG_SPACE(sizeof(struct in_pktinfo)) +
		    2 * CMSG_SPACE(sizeof(int))];
	} cb;
	struct { int level, type; size_t len; const void *data; } item[4];
	struct in_pktinfo pi;
	struct timeval tv;
	struct timespec ts;
	struct cmsghdr *c;
	size_t at = m->msg_controllen, off = 0, space;
	int n = 0, i, ttl = ci->ci_ttl, tos = ci->ci_tos;

	if (m->msg_control == NULL)
		at = 0;
	if (ci->ci_what & CI_TIME) {
		tv.tv_sec = (time_t)ci->ci_sec;
		tv.tv_usec = (suseconds_t)(ci->ci_nsec / 1000);
		item[n++] = (typeof(item[0])){ SOL_SOCKET, SCM_TIMESTAMP, sizeof(tv), &tv };
	} else if (ci->ci_what & CI_TIMENS) {
		ts.tv_sec = (time_t)ci->ci_sec;
		ts.tv_nsec = (long)ci->ci_nsec;
		item[n++] = (typeof(item[0])){ SOL_SOCKET, SCM_TIMESTAMPNS, sizeof(ts), &ts };
	}
	if (ci->ci_what & CI_PKTINFO) {
		memset(&pi, 0, sizeof(pi));
		pi.ipi_ifindex = (int)ci->ci_ifindex;
		pi.ipi_spec_dst.s_addr = ci->ci_spec_dst;
		pi.ipi_addr.s_addr = ci->ci_addr;
		item[n++] = (typeof(item[0])){ IPPROTO_IP, IP_PKTINFO, sizeof(pi), &pi };
	}
	if (ci->ci_what & CI_TTL)
		item[n++] = (typeof(item[0])){ IPPROTO_IP, IP_TTL, sizeof(int), &ttl };
	if (ci->ci_what & CI_TOS)
		item[n++] = (typeof(item[0])){ IPPROTO_IP, IP_TOS, 1, &tos };
	at = CMSG_ALIGN(at);
	memset(&cb, 0, sizeof(cb));
	for (i = 0; i < n; i++) {
		space = CMSG_SPACE(item[i].len);
		if (m->msg_control == NULL || at + off + CMSG_LEN(item[i].len) > cap) {
			m->msg_flags |= MSG_CTRUNC;
			break;
		}
		c = (struct cmsghdr *)(cb.b + off);
		c->cmsg_level = item[i].level;
		c->cmsg_type = item[i].type;
		c->cmsg_len = CMSG_LEN(item[i].len);
		memcpy(CMSG_DATA(c), item[i].data, item[i].len);
		off += at + off + space > cap ? CMSG_LEN(item[i].len) : space;
	}
	if (off == 0)
		return 0;
	if (!user)
		memcpy((char *)m->msg_control + at, cb.b, off);
	else if (uipc_copyout((char *)m->msg_control + at, cb.b, off) < 0)
		return -1;
	m->msg_controllen = at + off;
	return 0;
}

/*
 * A send on a message socket is a request (CTL_SENDTO, ctl_proto.h): the
 * header and the message in its data, then the socket, the destination's
 * node and any descriptors being passed.  Its answer is the send's result.
 * The msghdr is the library's own; its name, iovecs (the array too when
 * user_iov) and control are the caller's, copied in checked.
 */
ssize_t
uipc_sendmsg_k(int fd, const struct msghdr *m, int flags, int user_iov)
{
	static __thread uint8_t *buf;
	static __thread struct scratch *sc;
	int32_t arg[4] = { flags, 0, 0, 0 };
	int fds[CTL_MAXFDS];
	const struct iovec *iov = m->msg_iov;
	struct chan_msg *hdr;
	struct ctl_rep rep;
	struct cmsghdr *ucm;
	struct msghdr um;
	size_t len = 0, k, namelen;
	struct iovec dv[CTL_MAXDATAV];
	int nfds = 1, node = -1, i, e, dn;

	if (uipc_fdkind(fd) != FD_MSG)
		return h_sendmsg(fd, m, flags);
	if ((buf == NULL && (buf = malloc(CTL_MAXSEND)) == NULL) ||
	    (sc == NULL && (sc = malloc(sizeof(*sc))) == NULL)) {
		errno = ENOBUFS;
		return -1;
	}
	/* The kernel's order: the msghdr's name, iovecs, then control (copy_msghdr_from_user). */
	if ((int)m->msg_namelen < 0) {
		errno = EINVAL;
		return -1;
	}
	if (m->msg_iovlen > UIO_MAXIOV) {
		errno = EMSGSIZE;
		return -1;
	}
	hdr = (struct chan_msg *)buf;
	memset(hdr, 0, sizeof(*hdr));
	namelen = m->msg_name != NULL ? m->msg_namelen : 0;
	if (namelen > sizeof(hdr->cm_addr))
		namelen = sizeof(hdr->cm_addr);	/* sendmsg takes what fits */
	if (uipc_copyin(&hdr->cm_addr, m->msg_name, namelen) < 0)
		return -1;
	if (user_iov) {
		if (uipc_copyin(sc->iov, m->msg_iov, m->msg_iovlen * sizeof(*sc->iov)) < 0)
			return -1;
		iov = sc->iov;
	}
	for (i = 0; i < (int)m->msg_iovlen; i++) {
		if (iov[i].iov_len > CTL_MAXSEND - sizeof(*hdr) - len) {
			errno = EMSGSIZE;
			return -1;
		}
		len += iov[i].iov_len;
	}
	if (control_in(m, sc->cb, &um) < 0)
		return -1;
	/*
	 * The payload goes from the caller's buffers straight into the
	 * request (the host's sendmsg checks them: EFAULT, nothing sent);
	 * only a message in more pieces than a request takes is gathered
	 * here first, by the kernel too (uipc_copyin_iov).
	 */
	dv[0] = (struct iovec){ hdr, sizeof(*hdr) };
	if (m->msg_iovlen < CTL_MAXDATAV) {
		for (i = 0; i < (int)m->msg_iovlen; i++)
			dv[1 + i] = iov[i];
		dn = 1 + (int)m->msg_iovlen;
	} else {
		if (uipc_copyin_iov(buf + sizeof(*hdr), len, iov, m->msg_iovlen) < 0)
			return -1;
		dv[0].iov_len += len;
		dn = 1;
	}
	/* Linux: no urgent data on a message socket, before anything else of the protocol's. */
	if (flags & MSG_OOB) {
		errno = EOPNOTSUPP;
		return -1;
	}
	fds[0] = fd;
	if (namelen > 0) {
		hdr->cm_addrlen = (uint16_t)namelen;
		/* An abstract name goes as it is: uipcd finds it, with no node. */
		if (hdr->cm_addr.ss_family == AF_UNIX &&
		    !uipc_unnoded((struct sockaddr *)&hdr->cm_addr, (socklen_t)namelen)) {
			/* A name that is no node is an Internet socket's protocol's to refuse. */
			if ((node = uipc_node((struct sockaddr *)&hdr->cm_addr, (socklen_t)namelen)) < 0) {
				if (uipc_fddomain(fd) != AF_INET)
					return -1;
			} else {
				hdr->cm_flags |= CM_NODE;
				fds[nfds++] = node;
			}
		}
	}
	if (flags & MSG_DONTROUTE)
		hdr->cm_flags |= CM_DONTROUTE;
	for (ucm = CMSG_FIRSTHDR(&um); ucm != NULL; ucm = CMSG_NXTHDR(&um, ucm)) {
		if (ucm->cmsg_level == IPPROTO_IP && ucm->cmsg_type == IP_PKTINFO) {
			if ((e = pktinfo_in(ucm, hdr)) != 0)
				goto bad;
			continue;
		}
		if (ucm->cmsg_level == SOL_SOCKET && ucm->cmsg_type == SCM_CREDENTIALS) {
			if ((e = uipc_creds_check(ucm)) != 0)
				goto bad;
			continue;
		}
		if (ucm->cmsg_level != SOL_SOCKET || ucm->cmsg_type != SCM_RIGHTS)
			continue;
		k = (ucm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (nfds + (int)k > CTL_MAXFDS) {
			e = ETOOMANYREFS;
			goto bad;
		}
		memcpy(fds + nfds, CMSG_DATA(ucm), k * sizeof(int));
		/*
		 * A number that is no descriptor: EBADF, as the kernel's
		 * scm_fp_copy, before the request (whose host sendmsg would
		 * fail as if the control connection were closed).
		 */
		for (i = nfds; i < nfds + (int)k; i++)
			if (h_fcntl(fds[i], F_GETFD, 0) < 0) {
				e = EBADF;
				goto bad;
			}
		nfds += (int)k;
	}
	arg[1] = (flags & MSG_DONTWAIT) || (h_fcntl(fd, F_GETFL, 0) & O_NONBLOCK);
	e = ctl_callv(CTL_SENDTO, arg, dv, dn, fds, nfds, &rep, NULL, NULL) < 0 ? errno : 0;
	if (node >= 0)
		h_close(node);
	/* EPIPE (a seqpacket's peer gone) raises no SIGPIPE: Linux's unix_dgram_sendmsg sends none. */
	if (e != 0) {
		errno = e;
		return -1;
	}
	return rep.cp_val[0];
bad:
	if (node >= 0)
		h_close(node);
	errno = e;
	return -1;
}

/* A send with the caller's msghdr. */
ssize_t
uipc_sendmsg(int fd, const struct msghdr *m, int flags)
{
	struct msghdr km;

	if (uipc_fdkind(fd) != FD_MSG)
		return h_sendmsg(fd, m, flags);
	if (uipc_copyin(&km, m, sizeof(km)) < 0)
		return -1;
	return uipc_sendmsg_k(fd, &km, flags, 1);
}

/*
 * A record of an asynchronous error came out of the channel (CM_ERROR,
 * chan.c): the error itself waits in uipcd's so_error until the first
 * call takes it, as Linux's sk_err does, so this receive takes it now
 * (SO_ERROR), unless a send, SO_ERROR or the error queue's read took it
 * before; then there is nothing to say and the receive goes on (0).  A
 * peek left the record: it is taken all the same, as Linux's peek takes
 * sk_err.  -1 with the error; uipcd not answering, the record's errno.
 */
static int
error_record(int fd, const struct chan_msg *hdr, int flags)
{
	struct chan_msg rec;
	socklen_t el = sizeof(int);
	int err = 0;

	if (flags & MSG_PEEK)
		(void)h_recvfrom(fd, &rec, sizeof(rec), MSG_DONTWAIT, NULL, NULL);
	if (uipc_getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0)
		err = (int)hdr->cm_pad;
	if (err == 0)
		return 0;
	errno = err;
	return -1;
}

/*
 * The kernel takes UIO_MAXIOV (1024) iovecs in a receive, but the
 * channel's read needs one of the host's 1024 for uipc's header.  So with
 * 1024 the caller's last two are read through one bounce buffer (a
 * message is never longer than CTL_MAXSEND) and copied out after.
 */
struct fold {
	struct iovec last[2];	/* the caller's last two iovecs */
	size_t head;		/* the bytes its iovecs before them take */
	size_t len;		/* the bounce buffer's */
};

/* iov[1..UIO_MAXIOV] are the caller's; iov[MAXIOV] becomes the bounce buffer. */
static int
fold_tail(struct iovec *iov, uint8_t **bounce, struct fold *f)
{
	int i;

	if (*bounce == NULL && (*bounce = malloc(CTL_MAXSEND)) == NULL) {
		errno = ENOBUFS;
		return -1;
	}
	f->head = 0;
	for (i = 1; i < MAXIOV; i++)
		f->head += iov[i].iov_len;
	f->last[0] = iov[MAXIOV];
	f->last[1] = iov[MAXIOV + 1];
	f->len = f->last[0].iov_len + f->last[1].iov_len;
	if (f->len > CTL_MAXSEND)
		f->len = CTL_MAXSEND;
	iov[MAXIOV] = (struct iovec){ *bounce, f->len };
	return 0;
}

/* The bytes of a payload of len that landed in the bounce buffer, out to the caller's last two. */
static int
unfold_tail(const struct fold *f, const uint8_t *bounce, size_t len, int user)
{
	size_t got = len > f->head ? len - f->head : 0, k;
	int i;

	if (got > f->len)
		got = f->len;	/* MSG_TRUNC: len is the whole message's */
	for (i = 0; i < 2 && got > 0; i++) {
		k = got < f->last[i].iov_len ? got : f->last[i].iov_len;
		if (!user)
			memcpy(f->last[i].iov_base, bounce, k);
		else if (uipc_copyout(f->last[i].iov_base, bounce, k) < 0)
			return -1;
		bounce += k;
		got -= k;
	}
	return 0;
}

/*
 * A receive whose msghdr is the library's own (its iovec array and name
 * buffer the caller's when user); the data goes straight to the caller's
 * buffers, which the host's recvmsg checks, and a name of the caller's
 * is copied out checked.
 */
ssize_t
uipc_recvmsg_k(int fd, struct msghdr *m, int flags, int user)
{
	static __thread struct iovec *iov;
	static __thread uint8_t *bounce;
	struct chan_msg hdr;
	struct msghdr hm;
	struct fold fold;
	size_t cap, clen;
	ssize_t n;
	int i, folded = 0;

	if (uipc_fdkind(fd) != FD_MSG)
		return h_recvmsg(fd, m, flags);
	if ((int)m->msg_namelen < 0) {
		errno = EINVAL;
		return -1;
	}
	if (m->msg_iovlen > UIO_MAXIOV) {
		errno = EMSGSIZE;
		return -1;
	}
	/* A seqpacket socket with no peer: ENOTCONN at once, not a wait forever. */
	if (!uipc_fddgram(fd) && uipc_stream_unpeered(fd, 0, flags) < 0)
		return -1;
	if (iov == NULL && (iov = malloc((UIO_MAXIOV + 1) * sizeof(*iov))) == NULL) {
		errno = ENOBUFS;
		return -1;
	}
	iov[0] = (struct iovec){ &hdr, sizeof(hdr) };
	if (!user)
		for (i = 0; i < (int)m->msg_iovlen; i++)
			iov[i + 1] = m->msg_iov[i];
	else if (uipc_copyin(iov + 1, m->msg_iov, m->msg_iovlen * sizeof(*iov)) < 0)
		return -1;
	hm = *m;
	hm.msg_name = NULL;
	hm.msg_namelen = 0;
	hm.msg_iov = iov;
	hm.msg_iovlen = m->msg_iovlen + 1;
	if (m->msg_iovlen > MAXIOV) {
		if (fold_tail(iov, &bounce, &fold) < 0)
			return -1;
		folded = 1;
		hm.msg_iovlen = MAXIOV + 1;
	}
	if (flags & MSG_OOB) {
		errno = EOPNOTSUPP;
		return -1;
	}
	/*
	 * No CTL_SYNC on EAGAIN here, unlike streams: a message is in its
	 * receiver's channel before its send returns (CTL_SENDTO), so nothing
	 * sent before this call can still be in flight.
	 */
	cap = m->msg_control != NULL ? m->msg_controllen : 0;
	clen = hm.msg_controllen;
again:
	n = h_recvmsg(fd, &hm, flags);
	if (n < 0)
		return -1;
	m->msg_flags = hm.msg_flags;
	m->msg_controllen = hm.msg_controllen;
	if (n == 0) {
		/*
		 * EOF: the peer (seqpacket) or the socket (shutdown) is done,
		 * or uipcd is gone.  Then it is an error, never an empty
		 * message that a program would take and poll again for
		 * (socat spun so): ECONNRESET for a connection, ENETDOWN for
		 * a datagram socket, which had none.
		 */
		if (uipc_daemon_lost(fd)) {
			errno = uipc_fddgram(fd) ? ENETDOWN : ECONNRESET;
			return -1;
		}
		if (m->msg_name != NULL)
			m->msg_namelen = 0;
		return 0;
	}
	if ((size_t)n < sizeof(hdr)) {
		errno = EIO;
		return -1;
	}
	if (hdr.cm_flags & CM_ERROR) {
		if (error_record(fd, &hdr, flags) < 0)
			return -1;	/* an asynchronous error, reported by this call */
		hm.msg_controllen = clen;
		hm.msg_flags = 0;
		goto again;		/* a send took it first: the record said nothing more */
	}
	if ((hdr.cm_flags & CM_INFO) && dginfo_out(&hdr.cm_info, m, cap, user) < 0)
		return -1;
	if (m->msg_name != NULL) {
		socklen_t l = hdr.cm_addrlen < m->msg_namelen ? hdr.cm_addrlen : m->msg_namelen;

		if (!user)
			memcpy(m->msg_name, &hdr.cm_addr, l);
		else if (uipc_copyout(m->msg_name, &hdr.cm_addr, l) < 0)
			return -1;	/* the message is gone, as on the kernel */
		m->msg_namelen = hdr.cm_addrlen;
	}
	if (folded && unfold_tail(&fold, bounce, (size_t)n - sizeof(hdr), user) < 0)
		return -1;	/* the message is gone, as on the kernel */
	return n - (ssize_t)sizeof(hdr);
}

/* A receive with the caller's msghdr: copied in, and its results out. */
ssize_t
uipc_recvmsg(int fd, struct msghdr *m, int flags)
{
	struct msghdr km;
	ssize_t n;

	if (uipc_fdkind(fd) != FD_MSG)
		return h_recvmsg(fd, m, flags);
	if (uipc_copyin(&km, m, sizeof(km)) < 0)
		return -1;
	if ((n = uipc_recvmsg_k(fd, &km, flags, 1)) < 0)
		return -1;
	if (uipc_copyout(m, &km, sizeof(km)) < 0)
		return -1;
	return n;
}

ssize_t
uipc_sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
    socklen_t tolen)
{
	struct iovec iov = { (void *)buf, len };
	struct msghdr m = { (void *)to, to != NULL ? tolen : 0, &iov, 1, NULL, 0, 0 };

	/* sendto's name must fit (move_addr_to_kernel); sendmsg's is cut. */
	if (to != NULL && tolen > sizeof(struct sockaddr_storage)) {
		errno = EINVAL;
		return -1;
	}
	return uipc_sendmsg_k(fd, &m, flags, 0);
}

/*
 * recvfrom: the sender's name comes back as the kernel's does, after the
 * message was taken: a bad length or name pointer is then EFAULT or
 * EINVAL, the message lost (__sys_recvfrom).
 */
ssize_t
uipc_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from,
    socklen_t *fromlen)
{
	struct sockaddr_storage ss;
	struct iovec iov = { buf, len };
	struct msghdr m = { &ss, sizeof(ss), &iov, 1, NULL, 0, 0 };
	ssize_t n;

	if (from == NULL)
		m.msg_name = NULL;
	n = uipc_recvmsg_k(fd, &m, flags, 0);
	if (n >= 0 && from != NULL && uipc_name_out(&ss, m.msg_namelen, from, fromlen) < 0)
		return -1;
	return n;
}
