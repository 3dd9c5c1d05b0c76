/*
 * A supervised static program's messages on a uipc message socket:
 * sendmsg, recvmsg, sendmmsg and recvmmsg served one message at a time,
 * their data gathered and scattered in the program's memory.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "supervise.h"
#include "uipc/uipc.h"

#define MSG_IOV_MAX	64	/* iovecs of one message served */

/*
 * sendmsg or recvmsg of one message on a message socket, its msghdr at
 * ADDR in the program: the data gathered or scattered here, the name
 * carried; no control messages (EOPNOTSUPP).  The count, or -errno.
 */
long
sv_one_msg(pid_t pid, int l, int send, unsigned long addr, int flags)
{
	struct iovec iov[MSG_IOV_MAX];
	struct sockaddr_storage ss;
	struct msghdr m;
	socklen_t len = sizeof(ss);
	size_t total = 0, off = 0, i, n;
	long r;
	char *buf;

	if (sv_rd(pid, addr, &m, sizeof(m)) < 0)
		return -EFAULT;
	if (m.msg_iovlen > MSG_IOV_MAX || (send && m.msg_controllen != 0))
		return -EOPNOTSUPP;
	if (send && m.msg_name != NULL && m.msg_namelen > sizeof(ss))
		return -EINVAL;
	if (sv_rd(pid, (unsigned long)m.msg_iov, iov, m.msg_iovlen * sizeof(iov[0])) < 0)
		return -EFAULT;
	for (i = 0; i < m.msg_iovlen; i++)
		total += iov[i].iov_len;
	if (total > MAXBUF)
		total = MAXBUF;
	if ((buf = malloc(total + 1)) == NULL)
		return -ENOMEM;
	if (send) {
		for (i = 0; i < m.msg_iovlen && off < total; i++, off += n) {
			n = iov[i].iov_len < total - off ? iov[i].iov_len : total - off;
			if (sv_rd(pid, (unsigned long)iov[i].iov_base, buf + off, n) < 0) {
				free(buf);
				return -EFAULT;
			}
		}
		if (m.msg_name != NULL && sv_rd(pid, (unsigned long)m.msg_name, &ss, m.msg_namelen) < 0) {
			free(buf);
			return -EFAULT;
		}
		r = uipc_sendto(l, buf, total, flags, m.msg_name ? (struct sockaddr *)&ss : NULL,
		    m.msg_name ? m.msg_namelen : 0);
		free(buf);
		return r < 0 ? -errno : r;
	}
	r = uipc_recvfrom(l, buf, total, flags, (struct sockaddr *)&ss, &len);
	if (r < 0) {
		r = -errno;
		free(buf);
		return r;
	}
	for (i = 0, off = 0; i < m.msg_iovlen && off < (size_t)r; i++, off += n) {
		n = iov[i].iov_len < (size_t)r - off ? iov[i].iov_len : (size_t)r - off;
		if (sv_wr(pid, (unsigned long)iov[i].iov_base, buf + off, n) < 0) {
			free(buf);
			return -EFAULT;
		}
	}
	free(buf);
	if (m.msg_name != NULL) {
		sv_wr(pid, (unsigned long)m.msg_name, &ss, len < m.msg_namelen ? len : m.msg_namelen);
		m.msg_namelen = len;
	}
	m.msg_controllen = 0;
	m.msg_flags = 0;
	if (sv_wr(pid, addr, &m, sizeof(m)) < 0)
		return -EFAULT;
	return r;
}

/* sendmmsg, recvmmsg: one message at a time (MSG_WAITFORONE as the kernel's). */
long
sv_many_msgs(pid_t pid, int l, int send, unsigned long vec, unsigned int n, int flags)
{
	struct mmsghdr mm;
	unsigned int i;
	long r = 0;

	if (n > 1024)
		n = 1024;
	for (i = 0; i < n; i++) {
		unsigned long at = vec + i * sizeof(mm);

		r = sv_one_msg(pid, l, send, at + offsetof(struct mmsghdr, msg_hdr), flags & ~MSG_WAITFORONE);
		if (r < 0)
			break;
		mm.msg_len = (unsigned int)r;
		if (sv_wr(pid, at + offsetof(struct mmsghdr, msg_len), &mm.msg_len, sizeof(mm.msg_len)) < 0)
			return i > 0 ? (long)i : -EFAULT;
		if (!send && (flags & MSG_WAITFORONE))
			flags |= MSG_DONTWAIT;
	}
	return i > 0 ? (long)i : r;
}
