/*
 * Processes: their control connections to uipcd.  A request is read whole
 * (one SOCK_SEQPACKET record with its descriptors), checked, and handed to
 * ctl_dispatch; a malformed one gets an errno and the connection serves on
 * (DESIGN.md, "Trust no process").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sys/uipcd.h"

/*
 * uipcd is out of descriptors and a process is connecting: the spare
 * descriptor kept for this is given up to take the connection, which is
 * answered EMFILE (a reply with sequence number 0: the process's next call
 * fails with it) and closed.  Without this the connection would stay in
 * the listen queue, the control socket would stay readable, and the
 * level-triggered loop would spin on it (the classic accept-EMFILE trap).
 */
static int
proc_refuse(struct uipcd *d, int error)
{
	struct ctl_rep rep;
	int fd;

	if (d->d_spare >= 0) {
		close(d->d_spare);
		d->d_spare = -1;
	}
	if ((fd = accept4(d->d_lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		memset(&rep, 0, sizeof(rep));
		rep.cp_version = CTL_VERSION;
		rep.cp_error = error;
		rep.cp_len = sizeof(rep);
		(void)send(fd, &rep, sizeof(rep), MSG_DONTWAIT | MSG_NOSIGNAL);
		close(fd);
	}
	else
		error = errno;
	d->d_spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	/* Refused one; none waited (the host says EMFILE before it looks); or cannot. */
	return fd >= 0 ? 1 : error == EAGAIN || error == EWOULDBLOCK ? 0 : -1;
}

/*
 * With no spare to give up, the control socket leaves the epoll set until
 * uipcd closes a descriptor (proc_resume), rather than waking the loop
 * again and again for a connection it cannot take.
 */
static void
proc_pause(struct uipcd *d)
{
	struct epoll_event ev = { .events = 0, .data.ptr = &d->d_lev };

	if (!d->d_lpaused && epoll_ctl(d->d_epfd, EPOLL_CTL_MOD, d->d_lfd, &ev) == 0)
		d->d_lpaused = 1;
}

void
proc_resume(struct uipcd *d)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &d->d_lev };

	if (d->d_lpaused && d->d_fdfreed && epoll_ctl(d->d_epfd, EPOLL_CTL_MOD, d->d_lfd, &ev) == 0)
		d->d_lpaused = 0;
	if (d->d_spare < 0)
		d->d_spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

void
proc_accept(struct uipcd *d)
{
	struct epoll_event ev;
	struct proc *p;
	socklen_t len;
	int fd, i;

	for (i = 0; i < 64; i++) {
		if ((fd = accept4(d->d_lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) < 0) {
			if (errno == EMFILE || errno == ENFILE) {
				int r = proc_refuse(d, errno);

				if (r < 0)
					proc_pause(d);
				if (r <= 0)
					break;
			} else if (errno != ENOBUFS && errno != ENOMEM)
				break;		/* EAGAIN: none left; ECONNABORTED: try the next */
			continue;
		}
		if ((p = calloc(1, sizeof(*p))) == NULL) {
			close(fd);
			continue;
		}
		p->p_ev.ev_kind = EV_PROC;
		p->p_d = d;
		p->p_fd = fd;
		len = sizeof(p->p_cred);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &p->p_cred, &len) < 0) {
			close(fd);
			free(p);
			continue;
		}
		p->p_as = p->p_cred;
		p->p_host = d->d_stack->st_hosts;
		ev.events = EPOLLIN;
		ev.data.ptr = &p->p_ev;
		if (epoll_ctl(d->d_epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			close(fd);
			free(p);
			continue;
		}
		p->p_next = d->d_procs;
		if (d->d_procs != NULL)
			d->d_procs->p_prevp = &p->p_next;
		p->p_prevp = &d->d_procs;
		d->d_procs = p;
	}
}

/* Forgets a process's connection; parked requests of it go unanswered. */
void
proc_close(struct proc *p)
{
	struct chan *c;
	struct parked **pp, *pk;

	for (c = p->p_d->d_chans; c != NULL; c = c->c_all_next) {
		ctl_send_drop(c, p);
		if (c->c_connproc == p)
			c->c_connproc = NULL;
		for (pp = &c->c_parked; (pk = *pp) != NULL;) {
			if (pk->pk_proc == p) {
				*pp = pk->pk_next;
				pk->pk_chan->c_parkedon = NULL;
				if (pk->pk_node.sn_fd >= 0)
					close(pk->pk_node.sn_fd);
				free(pk);
			} else {
				pp = &pk->pk_next;
			}
		}
	}
	epoll_ctl(p->p_d->d_epfd, EPOLL_CTL_DEL, p->p_fd, NULL);
	close(p->p_fd);
	p->p_d->d_fdfreed = 1;
	*p->p_prevp = p->p_next;
	if (p->p_next != NULL)
		p->p_next->p_prevp = p->p_prevp;
	free(p);
}

void
proc_reply(struct proc *p, uint16_t op, uint32_t seq, int error, const int32_t val[4],
    const void *data, size_t len, int more)
{
	proc_reply_fds(p, op, seq, error, val, data, len, more, NULL, 0);
}

/* A reply that brings the process descriptors (SCM_RIGHTS): uipcd's copies stay its to close. */
void
proc_reply_fds(struct proc *p, uint16_t op, uint32_t seq, int error, const int32_t val[4],
    const void *data, size_t len, int more, const int *fds, int nfds)
{
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int) * 2)];
	} cb;
	struct ctl_rep rep;
	struct iovec iov[2];
	struct msghdr mh;
	struct cmsghdr *cm;

	memset(&rep, 0, sizeof(rep));
	rep.cp_version = CTL_VERSION;
	rep.cp_op = op;
	rep.cp_seq = seq;
	rep.cp_error = error;
	rep.cp_more = (uint32_t)more;
	if (val != NULL)
		memcpy(rep.cp_val, val, sizeof(rep.cp_val));
	if (len > CTL_MAXDATA)
		len = CTL_MAXDATA;
	rep.cp_len = (uint32_t)(sizeof(rep) + len);
	iov[0] = (struct iovec){ &rep, sizeof(rep) };
	iov[1] = (struct iovec){ (void *)data, len };
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = iov;
	mh.msg_iovlen = len > 0 ? 2 : 1;
	if (nfds > 0 && nfds <= 2) {
		memset(&cb, 0, sizeof(cb));
		mh.msg_control = cb.b;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * (size_t)nfds);
	}
	/* A process that does not read its replies loses them, not uipcd its loop. */
	(void)sendmsg(p->p_fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
}

void
proc_input(struct proc *p)
{
	struct uipcd_scratch *sc = p->p_d->d_scratch;
	const struct ctl_req *rq = &sc->s_req.rq;
	int fds[CTL_MAXFDS], nfds, i, n;
	struct cmsghdr *cm;
	struct iovec iov;
	struct msghdr mh;
	ssize_t len;

	for (;;) {
		iov = (struct iovec){ sc->s_req.b, sizeof(sc->s_req.b) };
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = sc->s_reqcmsg.b;
		mh.msg_controllen = sizeof(sc->s_reqcmsg.b);
		len = recvmsg(p->p_fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (len < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (len < 0) {
			proc_close(p);
			return;
		}
		nfds = 0;
		for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
			if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
				continue;
			n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			for (i = 0; i < n; i++) {
				int fd;

				memcpy(&fd, CMSG_DATA(cm) + (size_t)i * sizeof(int), sizeof(int));
				if (nfds < CTL_MAXFDS)
					fds[nfds++] = fd;
				else
					close(fd);
			}
		}
		if (len == 0) {
			/* The end of the connection, or an empty record: its descriptors are not kept. */
			for (i = 0; i < nfds; i++)
				close(fds[i]);
			proc_close(p);
			return;
		}
		if ((mh.msg_flags & MSG_CTRUNC) && !(mh.msg_flags & MSG_TRUNC) &&
		    (size_t)len >= sizeof(struct ctl_req) && rq->cr_len == (uint32_t)len) {
			/*
			 * The host could not give uipcd the request's descriptors
			 * (uipcd is at its descriptor limit; those past it are
			 * dropped): the request cannot be served.
			 */
			proc_reply(p, rq->cr_op, rq->cr_seq, EMFILE, NULL, NULL, 0, 0);
		} else if ((mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || (size_t)len < sizeof(struct ctl_req) ||
		    rq->cr_len != (uint32_t)len ||
		    (rq->cr_op != CTL_SENDTO && (size_t)len > sizeof(struct ctl_req) + CTL_MAXDATA)) {
			/* Truncated, oversized, or lying about its length. */
			if ((size_t)len >= sizeof(struct ctl_req))
				proc_reply(p, rq->cr_op, rq->cr_seq, EINVAL, NULL, NULL, 0, 0);
			else
				proc_reply(p, 0, 0, EINVAL, NULL, NULL, 0, 0);
		} else if (rq->cr_version != CTL_VERSION) {
			proc_reply(p, rq->cr_op, rq->cr_seq, EPROTO, NULL, NULL, 0, 0);
		} else {
			ctl_dispatch(p, rq, sc->s_req.b + sizeof(struct ctl_req),
			    (size_t)len - sizeof(struct ctl_req), fds, nfds);
		}
		/* Whatever the handler did not keep is closed here. */
		for (i = 0; i < nfds; i++)
			if (fds[i] >= 0)
				close(fds[i]);
	}
}
