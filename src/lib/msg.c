/*
 * Data on message sockets (datagram, seqpacket): each message on the
 * channel is a struct chan_msg (the peer's address) and the payload, so
 * one readv or writev moves a whole message with its header.  A sendto to
 * a UNIX-domain name passes the name's node, resolved here, ahead of any
 * descriptors the user sends.
 */
#include <errno.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

#define MAXIOV	64

/*
 * A send on a message socket is a request (CTL_SENDTO, ctl_proto.h): the
 * header and the message in its data, then the socket, the destination's
 * node and any descriptors being passed.  Its answer is the send's result.
 */
ssize_t
uipc_sendmsg(int fd, const struct msghdr *m, int flags)
{
	static __thread uint8_t *buf;
	int32_t arg[4] = { flags, 0, 0, 0 };
	int fds[CTL_MAXFDS];
	struct chan_msg *hdr;
	struct ctl_rep rep;
	struct cmsghdr *ucm;
	struct msghdr um;
	size_t len = 0, k;
	int nfds = 1, node = -1, i, e;

	if (uipc_fdkind(fd) != FD_MSG)
		return h_sendmsg(fd, m, flags);
	if (buf == NULL && (buf = malloc(CTL_MAXSEND)) == NULL) {
		errno = ENOBUFS;
		return -1;
	}
	hdr = (struct chan_msg *)buf;
	memset(hdr, 0, sizeof(*hdr));
	for (i = 0; i < (int)m->msg_iovlen; i++) {
		if (m->msg_iov[i].iov_len > CTL_MAXSEND - sizeof(*hdr) - len) {
			errno = EMSGSIZE;
			return -1;
		}
		memcpy(buf + sizeof(*hdr) + len, m->msg_iov[i].iov_base, m->msg_iov[i].iov_len);
		len += m->msg_iov[i].iov_len;
	}
	fds[0] = fd;
	if (m->msg_name != NULL && m->msg_namelen > 0) {
		if (m->msg_namelen > sizeof(hdr->cm_addr)) {
			errno = EINVAL;
			return -1;
		}
		memcpy(&hdr->cm_addr, m->msg_name, m->msg_namelen);
		hdr->cm_addrlen = (uint16_t)m->msg_namelen;
		if (hdr->cm_addr.ss_family == AF_UNIX) {
			if ((node = uipc_node(m->msg_name, m->msg_namelen)) < 0)
				return -1;
			hdr->cm_flags |= CM_NODE;
			fds[nfds++] = node;
		}
	}
	if (flags & MSG_DONTROUTE)
		hdr->cm_flags |= CM_DONTROUTE;
	um = *m;
	for (ucm = CMSG_FIRSTHDR(&um); ucm != NULL; ucm = CMSG_NXTHDR(&um, ucm)) {
		if (ucm->cmsg_level != SOL_SOCKET || ucm->cmsg_type != SCM_RIGHTS)
			continue;
		k = (ucm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (nfds + (int)k > CTL_MAXFDS) {
			e = ETOOMANYREFS;
			goto bad;
		}
		memcpy(fds + nfds, CMSG_DATA(ucm), k * sizeof(int));
		nfds += (int)k;
	}
	arg[1] = (flags & MSG_DONTWAIT) || (h_fcntl(fd, F_GETFL, 0) & O_NONBLOCK);
	e = ctl_call(CTL_SENDTO, arg, buf, sizeof(*hdr) + len, fds, nfds, &rep, NULL, NULL) < 0 ?
	    errno : 0;
	if (node >= 0)
		h_close(node);
	if (e == EPIPE && !(flags & MSG_NOSIGNAL))
		raise(SIGPIPE);
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

ssize_t
uipc_recvmsg(int fd, struct msghdr *m, int flags)
{
	struct iovec iov[MAXIOV + 1];
	struct chan_msg hdr;
	struct msghdr hm;
	ssize_t n;
	int i;

	if (uipc_fdkind(fd) != FD_MSG)
		return h_recvmsg(fd, m, flags);
	if (m->msg_iovlen > MAXIOV) {
		errno = EMSGSIZE;
		return -1;
	}
	iov[0] = (struct iovec){ &hdr, sizeof(hdr) };
	for (i = 0; i < (int)m->msg_iovlen; i++)
		iov[i + 1] = m->msg_iov[i];
	hm = *m;
	hm.msg_name = NULL;
	hm.msg_namelen = 0;
	hm.msg_iov = iov;
	hm.msg_iovlen = m->msg_iovlen + 1;
	if (flags & MSG_OOB) {
		errno = EOPNOTSUPP;
		return -1;
	}
	/*
	 * No CTL_SYNC on EAGAIN here, unlike streams: a message is in its
	 * receiver's channel before its send returns (CTL_SENDTO), so nothing
	 * sent before this call can still be in flight.
	 */
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
		errno = (int)hdr.cm_pad;	/* an asynchronous error, reported by this call */
		return -1;
	}
	if (m->msg_name != NULL) {
		socklen_t l = hdr.cm_addrlen < m->msg_namelen ? hdr.cm_addrlen : m->msg_namelen;

		memcpy(m->msg_name, &hdr.cm_addr, l);
		m->msg_namelen = hdr.cm_addrlen;
	}
	return n - (ssize_t)sizeof(hdr);
}

ssize_t
uipc_sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
    socklen_t tolen)
{
	struct iovec iov = { (void *)buf, len };
	struct msghdr m = { (void *)to, to != NULL ? tolen : 0, &iov, 1, NULL, 0, 0 };

	return uipc_sendmsg(fd, &m, flags);
}

ssize_t
uipc_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from,
    socklen_t *fromlen)
{
	struct iovec iov = { buf, len };
	struct msghdr m = { from, fromlen != NULL ? *fromlen : 0, &iov, 1, NULL, 0, 0 };
	ssize_t n;

	if (from == NULL)
		m.msg_name = NULL;
	n = uipc_recvmsg(fd, &m, flags);
	if (n >= 0 && from != NULL && fromlen != NULL)
		*fromlen = m.msg_namelen;
	return n;
}
