/*
 * recvmsg(MSG_ERRQUEUE) on a uipc Internet datagram socket: Linux's
 * ip_recv_error (ip(7), IP_RECVERR).  The oldest error comes from uipcd
 * (CTL_GETOPT of CTL_IP_ERRQUEUE, ctl_proto.h): the payload the error
 * quoted as the data, the datagram's destination as the name, and one
 * control message SOL_IP/IP_RECVERR holding a struct sock_extended_err
 * and the offender's sockaddr_in (SO_EE_OFFENDER); msg_flags says
 * MSG_ERRQUEUE, and MSG_TRUNC / MSG_CTRUNC when something was cut.  An
 * empty queue is EAGAIN at once, never a wait.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/errqueue.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

/* The Linux errhdr a reader finds in the control message. */
struct errhdr {
	struct sock_extended_err ee;
	struct sockaddr_in offender;
};

/*
 * The asynchronous error that reached the channel as a record of its own
 * (CM_ERROR) is the one being read from the queue now: Linux clears
 * sk_err as it takes the entry, so that record goes too.
 */
static int
error_record_next(int fd)
{
	struct chan_msg hdr;
	ssize_t n = h_recvfrom(fd, &hdr, sizeof(hdr), MSG_PEEK | MSG_DONTWAIT, NULL, NULL);

	return n == (ssize_t)sizeof(hdr) && (hdr.cm_flags & CM_ERROR);
}

/* Puts the errhdr into the caller's control buffer as put_cmsg does. */
static int
control_out(struct msghdr *m, const struct errhdr *eh)
{
	char cb[CMSG_SPACE(sizeof(*eh))];
	struct cmsghdr *c = (struct cmsghdr *)cb;
	size_t want = CMSG_LEN(sizeof(*eh)), n;

	if (m->msg_control == NULL || m->msg_controllen < sizeof(struct cmsghdr)) {
		m->msg_flags |= MSG_CTRUNC;
		m->msg_controllen = 0;
		return 0;
	}
	memset(cb, 0, sizeof(cb));
	c->cmsg_level = SOL_IP;
	c->cmsg_type = IP_RECVERR;
	c->cmsg_len = want;
	memcpy(CMSG_DATA(c), eh, sizeof(*eh));
	n = m->msg_controllen < want ? m->msg_controllen : want;
	if (n < want)
		m->msg_flags |= MSG_CTRUNC;
	if (uipc_copyout(m->msg_control, cb, n) < 0)
		return -1;
	n = m->msg_controllen < CMSG_SPACE(sizeof(*eh)) ? n : CMSG_SPACE(sizeof(*eh));
	m->msg_controllen = n;
	return 0;
}

ssize_t
uipc_recverr_k(int fd, struct msghdr *m, int flags, int user_iov)
{
	/* Allocated at first use: static TLS would come out of every thread's
	 * stack, and a thread made with a small one could not start. */
	static __thread struct iovec *iov;
	char rec[CTL_MAXDATA];
	struct ctl_errq ce;
	struct ctl_rep rep;
	struct errhdr eh;
	struct sockaddr_in dst;
	const struct iovec *v = m->msg_iov;
	int32_t arg[4] = { IPPROTO_IP, CTL_IP_ERRQUEUE, (int32_t)sizeof(rec), 0 };
	size_t l = sizeof(rec), off, k, room;
	int had_record;
	size_t i;

	if ((int)m->msg_namelen < 0) {
		errno = EINVAL;
		return -1;
	}
	if (m->msg_iovlen > UIO_MAXIOV) {
		errno = EMSGSIZE;
		return -1;
	}
	if (user_iov) {
		if (iov == NULL && (iov = malloc(UIO_MAXIOV * sizeof(*iov))) == NULL) {
			errno = ENOBUFS;
			return -1;
		}
		if (uipc_copyin(iov, m->msg_iov, m->msg_iovlen * sizeof(*iov)) < 0)
			return -1;
		v = iov;
	}
	had_record = error_record_next(fd);
	if (ctl_call(CTL_GETOPT, arg, NULL, 0, &fd, 1, &rep, rec, &l) < 0)
		return -1;
	if (l < sizeof(ce)) {
		errno = EIO;
		return -1;
	}
	if (had_record && error_record_next(fd)) {
		struct chan_msg hdr;

		(void)h_recvfrom(fd, &hdr, sizeof(hdr), MSG_DONTWAIT, NULL, NULL);
	}
	memcpy(&ce, rec, sizeof(ce));
	if (ce.ce_len > l - sizeof(ce))
		ce.ce_len = (uint32_t)(l - sizeof(ce));
	m->msg_flags = MSG_ERRQUEUE;
	/* The payload, as far as the buffers take it. */
	for (off = 0, i = 0; i < m->msg_iovlen && off < ce.ce_len; i++) {
		room = v[i].iov_len;
		k = ce.ce_len - off < room ? ce.ce_len - off : room;
		if (k > 0 && uipc_copyout(v[i].iov_base, rec + sizeof(ce) + off, k) < 0)
			return -1;
		off += k;
	}
	if (off < ce.ce_len)
		m->msg_flags |= MSG_TRUNC;
	if (m->msg_name != NULL) {
		memset(&dst, 0, sizeof(dst));
		dst.sin_family = AF_INET;
		dst.sin_addr.s_addr = ce.ce_dst;
		dst.sin_port = ce.ce_dport;
		if (uipc_copyout(m->msg_name, &dst, m->msg_namelen < sizeof(dst) ?
		    m->msg_namelen : sizeof(dst)) < 0)
			return -1;
		m->msg_namelen = sizeof(dst);
	}
	memset(&eh, 0, sizeof(eh));
	eh.ee.ee_errno = ce.ce_errno;
	eh.ee.ee_origin = ce.ce_origin;
	eh.ee.ee_type = ce.ce_type;
	eh.ee.ee_code = ce.ce_code;
	eh.ee.ee_info = ce.ce_info;
	eh.ee.ee_data = ce.ce_data;
	eh.offender.sin_family = AF_INET;
	eh.offender.sin_addr.s_addr = ce.ce_offender;
	if (control_out(m, &eh) < 0)
		return -1;
	(void)flags;
	return (ssize_t)off;
}
