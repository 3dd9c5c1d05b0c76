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

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

#define MAXIOV	64

ssize_t
uipc_sendmsg(int fd, const struct msghdr *m, int flags)
{
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int) * 254) + 512];
	} cbuf;
	struct iovec iov[MAXIOV + 1];
	struct chan_msg hdr;
	struct msghdr hm;
	struct cmsghdr *cm, *ucm;
	int node = -1, i;
	size_t clen = 0;
	ssize_t n = -1;

	if (uipc_fdkind(fd) != FD_MSG)
		return h_sendmsg(fd, m, flags);
	if (m->msg_iovlen > MAXIOV) {
		errno = EMSGSIZE;
		return -1;
	}
	memset(&hdr, 0, sizeof(hdr));
	if (m->msg_name != NULL && m->msg_namelen > 0) {
		if (m->msg_namelen > sizeof(hdr.cm_addr)) {
			errno = EINVAL;
			return -1;
		}
		memcpy(&hdr.cm_addr, m->msg_name, m->msg_namelen);
		hdr.cm_addrlen = (uint16_t)m->msg_namelen;
		if (hdr.cm_addr.ss_family == AF_UNIX) {
			if ((node = uipc_node(m->msg_name, m->msg_namelen)) < 0)
				return -1;
			hdr.cm_flags |= CM_NODE;
		}
	}
	if (flags & MSG_DONTROUTE)
		hdr.cm_flags |= CM_DONTROUTE;
	iov[0] = (struct iovec){ &hdr, sizeof(hdr) };
	for (i = 0; i < (int)m->msg_iovlen; i++)
		iov[i + 1] = m->msg_iov[i];
	memset(&hm, 0, sizeof(hm));
	hm.msg_iov = iov;
	hm.msg_iovlen = m->msg_iovlen + 1;
	/* The node first, then the user's own descriptors and credentials. */
	if (node >= 0 || m->msg_controllen > 0) {
		if (m->msg_controllen + CMSG_SPACE(sizeof(int)) > sizeof(cbuf.b)) {
			errno = EINVAL;
			goto out;
		}
		memset(&cbuf, 0, sizeof(cbuf));
		hm.msg_control = cbuf.b;
		cm = (struct cmsghdr *)cbuf.b;
		{
			int nfd = node >= 0 ? 1 : 0, *fds;
			struct msghdr um = *m;

			for (ucm = CMSG_FIRSTHDR(&um); ucm != NULL; ucm = CMSG_NXTHDR(&um, ucm))
				if (ucm->cmsg_level == SOL_SOCKET && ucm->cmsg_type == SCM_RIGHTS)
					nfd += (int)((ucm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			if (nfd > 0) {
				cm->cmsg_level = SOL_SOCKET;
				cm->cmsg_type = SCM_RIGHTS;
				cm->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfd);
				fds = (int *)CMSG_DATA(cm);
				if (node >= 0)
					*fds++ = node;
				for (ucm = CMSG_FIRSTHDR(&um); ucm != NULL; ucm = CMSG_NXTHDR(&um, ucm))
					if (ucm->cmsg_level == SOL_SOCKET && ucm->cmsg_type == SCM_RIGHTS) {
						size_t k = (ucm->cmsg_len - CMSG_LEN(0)) / sizeof(int);

						memcpy(fds, CMSG_DATA(ucm), k * sizeof(int));
						fds += k;
					}
				clen = CMSG_SPACE(sizeof(int) * (size_t)nfd);
				cm = (struct cmsghdr *)(cbuf.b + clen);
			}
			for (ucm = CMSG_FIRSTHDR(&um); ucm != NULL; ucm = CMSG_NXTHDR(&um, ucm))
				if (!(ucm->cmsg_level == SOL_SOCKET && ucm->cmsg_type == SCM_RIGHTS)) {
					memcpy(cbuf.b + clen, ucm, ucm->cmsg_len);
					clen += CMSG_ALIGN(ucm->cmsg_len);
				}
		}
		hm.msg_controllen = clen;
	}
	n = h_sendmsg(fd, &hm, flags & ~MSG_DONTROUTE);
	if (n >= 0)
		n -= (ssize_t)sizeof(hdr);
out:
	if (node >= 0) {
		int e = errno;

		h_close(node);
		errno = e;
	}
	return n;
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
	n = h_recvmsg(fd, &hm, flags);
	if (n < 0)
		return -1;
	m->msg_flags = hm.msg_flags;
	m->msg_controllen = hm.msg_controllen;
	if (n == 0) {
		/* EOF: the peer (seqpacket) or the socket (shutdown) is done. */
		if (m->msg_name != NULL)
			m->msg_namelen = 0;
		return 0;
	}
	if ((size_t)n < sizeof(hdr)) {
		errno = EIO;
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
