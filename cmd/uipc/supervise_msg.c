/*
 * A supervised static program's messages: sendmsg, recvmsg, sendmmsg and
 * recvmmsg on a uipc message socket, and recvmsg with control data on a
 * stream (where descriptors may arrive), served one message at a time,
 * their data gathered and scattered in the program's memory.
 *
 * Control data is translated between the program's descriptor numbers
 * and the supervisor's: a descriptor sent is a copy taken from the
 * program (pidfd_getfd), one received is placed in the program
 * (sv_place), a message socket among its numbers for framed data.
 * SCM_CREDENTIALS a message socket's sender states are checked as the
 * kernel checks them (supervise_cred.c); uipcd gives the receiver the
 * sending process's (CTL_ACTFOR).  A stream's go through the channel,
 * the kernel's to check and give.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "supervise.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

#define MAXCTL		8192	/* control data of one send, as the shim takes (msg.c) */
#define MAXCTL_RECV	65536	/* room offered for a receive's */
#define SCM_MAX_FD	253	/* descriptors in one SCM_RIGHTS: the kernel's (net/scm.h) */

/* Each SCM_RIGHTS descriptor of a control buffer, in turn, and how many. */
static int
rights(struct msghdr *c, int (*each)(int *fd, void *arg), void *arg)
{
	struct cmsghdr *cm;
	size_t i, k;
	int n = 0;

	for (cm = CMSG_FIRSTHDR(c); cm != NULL; cm = CMSG_NXTHDR(c, cm)) {
		if (cm->cmsg_len < CMSG_LEN(0) ||
		    cm->cmsg_len > c->msg_controllen - (size_t)((char *)cm - (char *)c->msg_control))
			return -EINVAL;
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < k; i++, n++) {
			int fd, e;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(fd));
			if ((e = each(&fd, arg)) < 0)
				return e;
			memcpy(CMSG_DATA(cm) + i * sizeof(int), &fd, sizeof(fd));
		}
	}
	return n;
}

/* The copies taken of the descriptors a send names. */
struct taking {
	const struct seccomp_notif *req;
	int fds[SCM_MAX_FD];
	int n;
};

/* A descriptor the program sends: a copy of it, here (EBADF where it is none). */
static int
take_one(int *fd, void *arg)
{
	struct taking *t = arg;

	if (t->n >= SCM_MAX_FD)
		return -ETOOMANYREFS;
	if ((*fd = sv_take((pid_t)t->req->pid, *fd)) < 0)
		return -EBADF;
	t->fds[t->n++] = *fd;
	return 0;
}

static void
untake(struct taking *t)
{
	while (t->n > 0)
		sv_forget(t->fds[--t->n]);
}

struct placing {
	const struct seccomp_notif *req;
	int cloexec;
};

/* A descriptor received: placed in the program, its number there. */
static int
place_one(int *fd, void *arg)
{
	struct placing *p = arg;
	int here = *fd;

	*fd = sv_place(p->req, here, p->cloexec, 0);
	sv_forget(here);
	return 0;	/* a descriptor that could not be placed is -1, as the kernel's scm does not do */
}

/*
 * SCM_CREDENTIALS the program states: their length exact and their pid,
 * uid and gid the sender's own, as __scm_send and scm_check_creds want
 * (EINVAL, EPERM).
 */
static int
creds_in(const struct seccomp_notif *req, struct msghdr *c)
{
	struct cmsghdr *cm;
	struct ucred uc;
	int r;

	for (cm = CMSG_FIRSTHDR(c); cm != NULL; cm = CMSG_NXTHDR(c, cm)) {
		if (cm->cmsg_len < CMSG_LEN(0) ||
		    cm->cmsg_len > c->msg_controllen - (size_t)((char *)cm - (char *)c->msg_control))
			return -EINVAL;
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_CREDENTIALS)
			continue;
		if (cm->cmsg_len != CMSG_LEN(sizeof(uc)))
			return -EINVAL;
		memcpy(&uc, CMSG_DATA(cm), sizeof(uc));
		if ((r = sv_creds_check(req, &uc)) < 0)
			return r;
	}
	return 0;
}

/*
 * The checked SCM_CREDENTIALS taken out of control data C (compacted in
 * place): libuipc would check them again, against this process.
 */
static void
creds_out(struct msghdr *c)
{
	char *to = c->msg_control;
	struct cmsghdr *cm, *next;
	size_t n, end = 0;
	int cred;

	for (cm = CMSG_FIRSTHDR(c); cm != NULL; cm = next) {
		/* Read before the move, which may overwrite this header. */
		next = CMSG_NXTHDR(c, cm);
		cred = cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_CREDENTIALS;
		n = CMSG_ALIGN(cm->cmsg_len);
		if (n > c->msg_controllen - (size_t)((char *)cm - (char *)c->msg_control))
			n = cm->cmsg_len;	/* the last, unpadded */
		if (cred)
			continue;
		memmove(to + end, cm, n);
		end += n;
	}
	c->msg_controllen = end;
	if (end == 0)
		c->msg_control = NULL;
}

/* The program's control data of a send, here, its descriptors taken. */
static int
control_in(struct taking *t, const struct msghdr *m, char *cb, struct msghdr *km)
{
	int r;

	if (m->msg_control == NULL || m->msg_controllen == 0)
		return 0;
	if (m->msg_controllen > MAXCTL)
		return -ENOBUFS;
	if (sv_rd((pid_t)t->req->pid, (unsigned long)m->msg_control, cb, m->msg_controllen) < 0)
		return -EFAULT;
	km->msg_control = cb;
	km->msg_controllen = m->msg_controllen;
	if ((r = creds_in(t->req, km)) < 0)
		return r;
	creds_out(km);
	if (km->msg_control == NULL)
		return 0;
	/* Every descriptor named must be the program's (EBADF): all are taken, or none. */
	if ((r = rights(km, take_one, t)) < 0) {
		untake(t);
		return r;
	}
	return 0;
}

/*
 * One message sent or received, M the program's msghdr (its pointers the
 * program's); on a receive M takes the results (name length, control
 * length, flags).  The count, or -errno.
 */
long
sv_msg(const struct seccomp_notif *req, int l, int send, struct msghdr *m, int flags)
{
	pid_t pid = (pid_t)req->pid;
	struct sockaddr_storage ss;
	struct iovec *iov = NULL, one;
	struct msghdr km;
	size_t total = 0, off, n, i, got;
	char *buf = NULL, *cb = NULL;
	struct taking *taken = NULL;
	long r;

	if ((int)m->msg_namelen < 0)
		return -EINVAL;
	if (m->msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	if ((iov = malloc((m->msg_iovlen + 1) * sizeof(*iov))) == NULL)
		return -ENOMEM;
	if (sv_rd(pid, (unsigned long)m->msg_iov, iov, m->msg_iovlen * sizeof(*iov)) < 0) {
		r = -EFAULT;
		goto out;
	}
	for (i = 0; i < m->msg_iovlen; i++)
		total += iov[i].iov_len;
	if (total > MAXBUF)
		total = MAXBUF;
	if ((buf = malloc(total + 1)) == NULL || (cb = malloc(MAXCTL_RECV)) == NULL ||
	    (taken = calloc(1, sizeof(*taken))) == NULL) {
		r = -ENOMEM;
		goto out;
	}
	taken->req = req;
	one = (struct iovec){ buf, total };
	memset(&km, 0, sizeof(km));
	km.msg_iov = &one;
	km.msg_iovlen = 1;
	if (send) {
		for (i = 0, off = 0; i < m->msg_iovlen && off < total; i++, off += n) {
			n = iov[i].iov_len < total - off ? iov[i].iov_len : total - off;
			if (sv_rd(pid, (unsigned long)iov[i].iov_base, buf + off, n) < 0) {
				r = -EFAULT;
				goto out;
			}
		}
		if (m->msg_name != NULL) {
			km.msg_namelen = m->msg_namelen < sizeof(ss) ? m->msg_namelen : sizeof(ss);
			km.msg_name = &ss;
			if (sv_rd(pid, (unsigned long)m->msg_name, &ss, km.msg_namelen) < 0) {
				r = -EFAULT;
				goto out;
			}
		}
		if ((r = control_in(taken, m, cb, &km)) < 0)
			goto out;
		/* SIGPIPE is the program's to get (supervise.c), not this process's. */
		r = uipc_sendmsg_k(l, &km, flags | MSG_NOSIGNAL, 0);
		r = r < 0 ? -errno : r;
		untake(taken);
		goto out;
	}
	if (m->msg_name != NULL) {
		km.msg_name = &ss;
		km.msg_namelen = sizeof(ss);
	}
	if (m->msg_control != NULL && m->msg_controllen > 0) {
		km.msg_control = cb;
		km.msg_controllen = m->msg_controllen < MAXCTL_RECV ? m->msg_controllen : MAXCTL_RECV;
	}
	/* MSG_ERRQUEUE reads an Internet socket's error queue, as under the shim. */
	r = uipc_errqueue_wanted(l, flags) ? uipc_errqueue_read(l, &km, flags, 0) :
	    uipc_recvmsg_k(l, &km, flags, 0);
	if (r < 0) {
		r = -errno;
		goto out;
	}
	/* What came, as far as the buffers go (MSG_TRUNC returns more). */
	got = (size_t)r < total ? (size_t)r : total;
	for (i = 0, off = 0; i < m->msg_iovlen && off < got; i++, off += n) {
		n = iov[i].iov_len < got - off ? iov[i].iov_len : got - off;
		if (sv_wr(pid, (unsigned long)iov[i].iov_base, buf + off, n) < 0) {
			r = -EFAULT;
			break;
		}
	}
	if (km.msg_control != NULL && km.msg_controllen > 0) {
		struct placing p = { req, (flags & MSG_CMSG_CLOEXEC) != 0 };

		(void)rights(&km, place_one, &p);
		if (sv_wr(pid, (unsigned long)m->msg_control, cb, km.msg_controllen) < 0)
			r = -EFAULT;
	}
	if (m->msg_name != NULL) {
		sv_wr(pid, (unsigned long)m->msg_name, &ss,
		    km.msg_namelen < m->msg_namelen ? km.msg_namelen : m->msg_namelen);
		m->msg_namelen = km.msg_namelen;
	}
	m->msg_controllen = km.msg_control != NULL ? km.msg_controllen : 0;
	m->msg_flags = km.msg_flags;
out:
	free(iov);
	free(buf);
	free(cb);
	free(taken);
	return r;
}

/* sendmsg or recvmsg, the program's msghdr at ADDR. */
long
sv_one_msg(const struct seccomp_notif *req, int l, int send, unsigned long addr, int flags)
{
	struct msghdr m;
	long r;

	if (sv_rd((pid_t)req->pid, addr, &m, sizeof(m)) < 0)
		return -EFAULT;
	r = sv_msg(req, l, send, &m, flags);
	if (r >= 0 && !send && sv_wr((pid_t)req->pid, addr, &m, sizeof(m)) < 0)
		return -EFAULT;
	return r;
}

/* sendmmsg, recvmmsg: one message at a time (MSG_WAITFORONE as the kernel's). */
long
sv_many_msgs(const struct seccomp_notif *req, int l, int send, unsigned long vec, unsigned int n,
    int flags)
{
	struct mmsghdr mm;
	unsigned int i;
	long r = 0;

	if (n > UIO_MAXIOV)
		n = UIO_MAXIOV;
	for (i = 0; i < n; i++) {
		unsigned long at = vec + i * sizeof(mm);

		r = sv_one_msg(req, l, send, at + offsetof(struct mmsghdr, msg_hdr), flags & ~MSG_WAITFORONE);
		if (r < 0)
			break;
		mm.msg_len = (unsigned int)r;
		if (sv_wr((pid_t)req->pid, at + offsetof(struct mmsghdr, msg_len), &mm.msg_len,
		    sizeof(mm.msg_len)) < 0)
			return i > 0 ? (long)i : -EFAULT;
		if (!send && (flags & MSG_WAITFORONE))
			flags |= MSG_DONTWAIT;
	}
	return i > 0 ? (long)i : r;
}
