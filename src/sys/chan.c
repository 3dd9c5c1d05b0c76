/*
 * Channels: the pump between a socket of the stack and the process's end of
 * its host socketpair (DESIGN.md, "The boundary").
 *
 * Input (channel to socket) reads only while the socket's send buffer has
 * room, straight into that buffer's free space; output (socket to channel)
 * writes only what the channel takes, straight from the receive buffer.  So
 * back-pressure is the socket buffers' (and later TCP's window), and uipcd
 * copies nothing itself: the host kernel copies each byte in and out once,
 * as a bare relay would.
 *
 * Readiness is edge-triggered.  CH_RD and CH_WR remember that the host end
 * may have data or room; a short read or write clears them, and the next
 * edge sets them again.  Upcalls from the stack and edges from epoll only
 * put a channel on the work list; chan_work() pumps each once per turn.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/sockios.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <unistd.h>

#include "sys/uipcd.h"

unsigned
chan_hash(unsigned long ino)
{
	return (unsigned)(ino * 2654435761u) % CHAN_HASHSIZE;
}

struct chan *
chan_new(struct uipcd *d, int fd, unsigned long pino, struct socket *so)
{
	struct epoll_event ev;
	struct chan *c;
	int one = 1;
	unsigned h;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->c_ev.ev_kind = EV_CHAN;
	c->c_d = d;
	c->c_fd = fd;
	c->c_pino = pino;
	c->c_so = so;
	c->c_flags = CH_WR;
	if (so->so_type != SOCK_STREAM)
		c->c_flags |= CH_MSG;
	/* Credentials of every sender, checked by the host kernel (SCM_CREDENTIALS). */
	if (so->so_type != SOCK_STREAM)
		setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	ev.events = EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLRDHUP | EPOLLET;
	ev.data.ptr = &c->c_ev;
	if (epoll_ctl(d->d_epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		free(c);
		return NULL;
	}
	h = chan_hash(pino);
	c->c_hnext = d->d_chash[h];
	d->d_chash[h] = c;
	c->c_all_next = d->d_chans;
	if (d->d_chans != NULL)
		d->d_chans->c_all_prevp = &c->c_all_next;
	c->c_all_prevp = &d->d_chans;
	d->d_chans = c;
	so->so_env = c;
	so->so_up.su_fn = chan_upcall;
	so->so_up.su_arg = c;
	owner_attach(c);
	chan_dirty(c);
	return c;
}

/*
 * A socket that starts anew (CTL_CONN_ANEW) gets a new channel: its old
 * one was shut both ways when its connection failed, and a shut end
 * cannot open again.  uipcd's new end is fd; the process's new end has
 * inode pino.  The old process end is the process's to close.
 */
int
chan_renew(struct chan *c, int fd, unsigned long pino)
{
	struct uipcd *d = c->c_d;
	struct epoll_event ev;
	struct chan **cp;
	unsigned h;

	ev.events = EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLRDHUP | EPOLLET;
	ev.data.ptr = &c->c_ev;
	if (epoll_ctl(d->d_epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return errno;
	epoll_ctl(d->d_epfd, EPOLL_CTL_DEL, c->c_fd, NULL);
	close(c->c_fd);
	for (cp = &d->d_chash[chan_hash(c->c_pino)]; *cp != NULL; cp = &(*cp)->c_hnext)
		if (*cp == c) {
			*cp = c->c_hnext;
			break;
		}
	c->c_fd = fd;
	c->c_pino = pino;
	h = chan_hash(pino);
	c->c_hnext = d->d_chash[h];
	d->d_chash[h] = c;
	c->c_flags &= ~(CH_RD | CH_HUP | CH_PRI | CH_EOFSENT | CH_INEOF | CH_ZOMBIE | CH_RDSHUT |
	    CH_SHUTREQ | CH_PEERSHUT);
	c->c_flags |= CH_WR;
	c->c_discard = 0;
	c->c_shut_after = 0;
	c->c_shut_pending = 0;
	chan_fit_new(c, -1);
	chan_dirty(c);
	return 0;
}

/*
 * The channel a process named by passing its end.  ENOTSOCK for anything
 * that is not the process end of one of uipcd's channels (DESIGN.md:
 * "Trust no process").
 */
struct chan *
chan_lookup(struct uipcd *d, int procfd, int *error)
{
	struct stat st;
	struct chan *c;

	if (fstat(procfd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		*error = ENOTSOCK;
		return NULL;
	}
	if ((c = chan_find(d, st.st_ino)) == NULL)
		*error = ENOTSOCK;
	else
		c->c_flags |= CH_TAKEN;	/* its process named it: it holds it */
	return c;
}

/* The live channel whose process end has inode pino, or NULL. */
struct chan *
chan_find(struct uipcd *d, unsigned long pino)
{
	struct chan *c;

	for (c = d->d_chash[chan_hash(pino)]; c != NULL; c = c->c_hnext)
		if (c->c_pino == pino && !(c->c_flags & CH_DEAD))
			return c;
	return NULL;
}

void
chan_dirty(struct chan *c)
{
	if (c->c_flags & (CH_DIRTY | CH_DEAD))
		return;
	c->c_flags |= CH_DIRTY;
	c->c_dnext = c->c_d->d_dirty;
	c->c_d->d_dirty = c;
}

/*
 * A listener's token is written at once, before whatever caused it (a
 * connect) is answered: a process that accepts after its client's connect
 * returned must find the connection there, as on the host.
 */
void
chan_upcall(struct socket *so, int events, void *arg)
{
	struct chan *c = arg;

	/* A new asynchronous error: its record goes to a message channel (chan_msg_out). */
	if ((events & SO_EV_STATE) && so->so_error != 0)
		c->c_flags |= CH_ERRNEW;
	/* Room to send matters only to a channel with something to send. */
	if (events == SO_EV_WRITE && !(c->c_flags & (CH_RD | CH_PRI)) && c->c_sends == NULL &&
	    c->c_pending == NULL)
		return;
	chan_dirty(c);
}

void
chan_event(struct chan *c, uint32_t events)
{
	if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
		c->c_flags |= CH_RD;
	if (events & EPOLLOUT)
		c->c_flags |= CH_WR;
	if (events & EPOLLPRI)
		c->c_flags |= CH_PRI;
	if (events & (EPOLLHUP | EPOLLERR))
		c->c_flags |= CH_HUP;
	if (events & (EPOLLRDHUP | EPOLLHUP))
		c->c_flags |= CH_PEERSHUT;
	chan_dirty(c);
}

/*
 * Hands the next complete connection of a listening socket to its process
 * (ctl_proto.h, struct chan_accept): when one is queued and none waits in
 * the channel already.  Whoever reads it has accepted it; a process that
 * closes the listener with one unread closes that channel too, and the
 * connection is reset as an unaccepted one is.
 */
void
chan_listen_push(struct chan *c)
{
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int))];
	} cb;
	struct chan_accept ca;
	struct socket *so;
	struct stat st;
	struct msghdr mh;
	struct iovec iov;
	struct chan *nc;
	socklen_t len;
	int outq = 0, sv[2], type;

	/*
	 * The connection in the channel was taken when the process read it
	 * (chan_token.c); emptied by the listener's close, it was never
	 * accepted (chan_close resets it as Linux does).
	 */
	if (c->c_pushed != NULL && ((c->c_pushed->c_flags & CH_TAKEN) || chan_token_taken(c))) {
		c->c_pushed->c_pushedby = NULL;
		c->c_pushed = NULL;
		c->c_so->so_qextra = 0;
		if (!(c->c_flags & CH_HUP))
			ctl_retry_parked(c);
	}
	while (c->c_so->so_qlen > 0 && !(c->c_flags & CH_DEAD) && c->c_pushed == NULL) {
		if (ioctl(c->c_fd, SIOCOUTQ, &outq) < 0 || outq > 0)
			return;
		/*
		 * Past its user's limit, or with uipcd out of descriptors, the
		 * connection waits in the queue (as one the process has not
		 * accepted yet) until something is freed (user_limits.c).
		 */
		type = c->c_so->so_type == SOCK_STREAM ? SOCK_STREAM : SOCK_SEQPACKET;
		if (owner_may_create(c->c_d, c->c_so->so_cred.uid, 1) != 0 ||
		    socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) < 0) {
			owner_wait(c);
			return;
		}
		memset(&ca, 0, sizeof(ca));
		len = sizeof(ca.ca_name);
		if (soaccept(c->c_so, &so, (struct sockaddr *)&ca.ca_name, &len) != 0) {
			close(sv[0]);
			close(sv[1]);
			return;
		}
		ca.ca_namelen = len;
		if (fstat(sv[1], &st) < 0 || (nc = chan_new(c->c_d, sv[0], st.st_ino, so)) == NULL) {
			close(sv[0]);
			close(sv[1]);
			soclose(so);
			continue;
		}
		chan_fit_new(nc, sv[1]);
		chan_inherit_opts(nc, sv[1]);
		iov = (struct iovec){ &ca, sizeof(ca) };
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cb.b;
		mh.msg_controllen = sizeof(cb.b);
		CMSG_FIRSTHDR(&mh)->cmsg_level = SOL_SOCKET;
		CMSG_FIRSTHDR(&mh)->cmsg_type = SCM_RIGHTS;
		CMSG_FIRSTHDR(&mh)->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(CMSG_FIRSTHDR(&mh)), &sv[1], sizeof(int));
		if (sendmsg(c->c_fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) != (ssize_t)sizeof(ca)) {
			so->so_state |= SS_ABORTED;
			chan_close(nc);		/* the listener is going: reset it */
		} else {
			c->c_pushed = nc;
			nc->c_pushedby = c;
			c->c_so->so_qextra = 1;	/* still counts against the backlog */
		}
		close(sv[1]);
	}
	/*
	 * Shut for reading, with nothing more to hand out: EOF after what is
	 * in the channel, which every accept waiting or to come reads as
	 * EINVAL (Linux).
	 */
	if ((c->c_flags & CH_LISTENSHUT) && c->c_so->so_qlen == 0 && !(c->c_flags & CH_EOFSENT)) {
		shutdown(c->c_fd, SHUT_WR);
		c->c_flags |= CH_EOFSENT;
	}
}

/* Builds SCM_RIGHTS and SCM_CREDENTIALS for a control going to the process. */
static void
chan_cmsg(struct uipcd *d, struct msghdr *mh, const struct so_control *ctl, int passcred)
{
	uint8_t *cmsgbuf = d->d_scratch->s_cmsg.b;
	struct cmsghdr *cm;
	size_t len = 0;

	mh->msg_control = NULL;
	mh->msg_controllen = 0;
	if (ctl == NULL)
		return;
	if (ctl->ctl_nfds > 0)
		len += CMSG_SPACE(sizeof(int) * (size_t)ctl->ctl_nfds);
	if (ctl->ctl_hascred && passcred)
		len += CMSG_SPACE(sizeof(struct ucred));
	if (len == 0)
		return;
	memset(cmsgbuf, 0, len);
	mh->msg_control = cmsgbuf;
	mh->msg_controllen = len;
	cm = CMSG_FIRSTHDR(mh);
	if (ctl->ctl_nfds > 0) {
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)ctl->ctl_nfds);
		memcpy(CMSG_DATA(cm), ctl->ctl_fds, sizeof(int) * (size_t)ctl->ctl_nfds);
		cm = CMSG_NXTHDR(mh, cm);
	}
	if (ctl->ctl_hascred && passcred) {
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_CREDENTIALS;
		cm->cmsg_len = CMSG_LEN(sizeof(struct ucred));
		memcpy(CMSG_DATA(cm), &ctl->ctl_cred, sizeof(struct ucred));
	}
}

/* Takes SCM_RIGHTS and SCM_CREDENTIALS that came from the process. */
static struct so_control *
chan_takecmsg(struct msghdr *mh, int skipfds, int *nodefd)
{
	struct so_control *ctl = NULL;
	struct cmsghdr *cm;
	struct ucred cr;
	int hascred = 0, nfds = 0, *fds = NULL, i;

	*nodefd = -1;
	for (cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET)
			continue;
		if (cm->cmsg_type == SCM_RIGHTS) {
			fds = (int *)CMSG_DATA(cm);
			nfds = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		} else if (cm->cmsg_type == SCM_CREDENTIALS) {
			memcpy(&cr, CMSG_DATA(cm), sizeof(cr));
			hascred = 1;
		}
	}
	if (skipfds && nfds > 0) {
		*nodefd = fds[0];
		fds++;
		nfds--;
	}
	if (nfds > 0) {
		if ((ctl = so_control_new(nfds)) == NULL) {
			for (i = 0; i < nfds; i++)
				close(fds[i]);
			return NULL;
		}
		memcpy(ctl->ctl_fds, fds, sizeof(int) * (size_t)nfds);
	}
	if (hascred) {
		/* Kept on every message: a receiver with SO_PASSCRED gets them. */
		if (ctl == NULL && (ctl = so_control_new(0)) == NULL)
			return NULL;
		ctl->ctl_hascred = 1;
		ctl->ctl_cred = cr;
	}
	return ctl;
}

/* Stream output: so_rcv into the channel, the urgent byte as MSG_OOB. */
static void
chan_stream_out(struct chan *c)
{
	struct socket *so = c->c_so;
	struct so_control *ctl;
	struct iovec iov[2];
	struct msghdr mh;
	ssize_t n;
	size_t want;
	int niov, i;

	chan_fit_grown(c);
	while (c->c_flags & CH_WR) {
		if ((so->so_state & SS_HAVEOOB) && so->so_oobmark == so->so_rcv.sb_off) {
			n = send(c->c_fd, &so->so_oobc, 1, MSG_OOB | MSG_DONTWAIT | MSG_NOSIGNAL);
			if (n < 0 && errno == EAGAIN) {
				c->c_flags &= ~CH_WR;
				return;
			}
			so->so_state &= ~SS_HAVEOOB;
			continue;
		}
		soreceive_peek(so, SIZE_MAX, iov, &niov);
		if (niov == 0)
			break;
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = iov;
		mh.msg_iovlen = (size_t)niov;
		ctl = NULL;
		if (so->so_rcv.sb_ctl != NULL && so->so_rcv.sb_ctl->c_at == so->so_rcv.sb_off) {
			ctl = so->so_rcv.sb_ctl->c_ctl;
			chan_cmsg(c->c_d, &mh, ctl, (so->so_options & SOO_PASSCRED) != 0);
		}
		for (want = 0, i = 0; i < niov; i++)
			want += iov[i].iov_len;
		n = sendmsg(c->c_fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN)
				c->c_flags &= ~CH_WR;
			else
				c->c_flags &= ~CH_WR;	/* EPIPE: the process is gone; HUP follows */
			return;
		}
		if (ctl != NULL)
			so_control_free(soreceive_control(so));
		soreceive_consume(so, (size_t)n);
		if ((size_t)n < want)
			c->c_flags &= ~CH_WR;
	}
	if (so->so_rcv.sb_cc == 0 && (so->so_state & SS_CANTRCVMORE) && !(c->c_flags & CH_EOFSENT)) {
		shutdown(c->c_fd, SHUT_WR);
		c->c_flags |= CH_EOFSENT;
	}
}

/* Message output: one record of so_rcv per channel message. */
static void
chan_msg_out(struct chan *c)
{
	struct socket *so = c->c_so;
	struct chan_msg hdr;
	struct sbrec *r;
	struct iovec iov[2];
	struct msghdr mh;
	ssize_t n;

	/*
	 * An asynchronous error (an ICMP port unreachable, BSD's so_error)
	 * wakes a process waiting in recv or poll as a record of its own: the
	 * channel turns readable, as Linux's socket turns POLLERR.  The error
	 * itself stays in so_error for whichever call comes first, as Linux's
	 * sk_err does: a send, SO_ERROR, the error queue's read, or the
	 * receive that reads the record (the library asks uipcd for SO_ERROR
	 * then, msg.c; a record whose error a send took is passed over).
	 * One record per new error; an error taken before the channel had
	 * room for it needs none.  Linux's UNIX-domain datagram sockets
	 * report theirs on send only.
	 */
	if (so->so_error == 0 || so->so_proto->pr_domain == AF_UNIX)
		c->c_flags &= ~CH_ERRNEW;
	if ((c->c_flags & CH_ERRNEW) && (c->c_flags & CH_WR)) {
		memset(&hdr, 0, sizeof(hdr));
		hdr.cm_flags = CM_ERROR;
		hdr.cm_pad = (uint32_t)so->so_error;	/* for when uipcd cannot be asked */
		if (send(c->c_fd, &hdr, sizeof(hdr), MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)sizeof(hdr))
			c->c_flags &= ~CH_ERRNEW;
		else
			c->c_flags &= ~CH_WR;
	}
	while ((c->c_flags & CH_WR) && (r = so->so_rcv.sb_rec) != NULL) {
		memset(&hdr, 0, sizeof(hdr));
		if (r->r_addr != NULL && r->r_addrlen > 0) {
			hdr.cm_addrlen = r->r_addrlen;
			memcpy(&hdr.cm_addr, r->r_addr, r->r_addrlen);
		}
		iov[0] = (struct iovec){ &hdr, sizeof(hdr) };
		iov[1] = (struct iovec){ r->r_data, r->r_len };
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = iov;
		mh.msg_iovlen = 2;
		chan_dginfo_out(c->c_d, so, r->r_ctl, &hdr);
		chan_cmsg(c->c_d, &mh, r->r_ctl, (so->so_options & SOO_PASSCRED) != 0);
		n = sendmsg(c->c_fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno == EPERM && mh.msg_control != NULL) {
			/* Not allowed to speak for the sender (uipcd not root): send without. */
			mh.msg_control = NULL;
			mh.msg_controllen = 0;
			n = sendmsg(c->c_fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
		}
		if (n < 0) {
			c->c_flags &= ~CH_WR;
			if (errno != EAGAIN && errno != ENOBUFS)
				sbrec_free(soreceive_record(so));	/* cannot ever go: drop */
			return;
		}
		sbrec_free(soreceive_record(so));
	}
	if (so->so_rcv.sb_rec == NULL && (so->so_state & SS_CANTRCVMORE) && !(c->c_flags & CH_EOFSENT)) {
		shutdown(c->c_fd, SHUT_WR);
		c->c_flags |= CH_EOFSENT;
	}
}

/*
 * The process can send no more (the peer is gone): make its writes fail
 * with EPIPE and SIGPIPE, as on a host socket, by shutting our end for
 * reading; what it had written is dropped.
 */
static void
chan_refuse_input(struct chan *c)
{
	char sink[4096];

	/*
	 * Once is enough: shutting an end again wakes its waiters, and
	 * epoll would hand uipcd the channel again each turn (a spin).
	 */
	if (c->c_flags & CH_RDSHUT) {
		c->c_flags &= ~CH_RD;
		return;
	}
	shutdown(c->c_fd, SHUT_RD);
	while (recv(c->c_fd, sink, sizeof(sink), MSG_DONTWAIT) > 0)
		;
	c->c_flags &= ~CH_RD;
	c->c_flags |= CH_RDSHUT;
}

/* Urgent data from the process: the in-band bytes before it, then the byte. */
static int
chan_stream_oob(struct chan *c)
{
	struct iovec iov[2];
	struct msghdr mh;
	int atmark = 0, niov, error;
	ssize_t n;
	char b;

	while (ioctl(c->c_fd, SIOCATMARK, &atmark) == 0 && !atmark) {
		if ((error = sosend_space(c->c_so, SIZE_MAX, iov, &niov)) != 0)
			return error;
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = iov;
		mh.msg_iovlen = (size_t)niov;
		/* A read stops at the mark; never waits (the process chose how its end blocks). */
		n = recvmsg(c->c_fd, &mh, MSG_DONTWAIT);
		if (n == 0) {
			/* The channel ended before the mark: no urgent byte will come. */
			c->c_flags &= ~CH_PRI;
			return 0;
		}
		if (n < 0)
			return EWOULDBLOCK;
		sosend_commit(c->c_so, (size_t)n, 0, NULL);
	}
	if ((error = sosend_space(c->c_so, 1, iov, &niov)) != 0)
		return error;
	if (recv(c->c_fd, &b, 1, MSG_OOB | MSG_DONTWAIT) == 1) {
		*(char *)iov[0].iov_base = b;
		sosend_commit(c->c_so, 1, 1, NULL);
	}
	c->c_flags &= ~CH_PRI;
	return 0;
}

/*
 * Credentials of a stream's sender are needed only when its peer asked for
 * them (SO_PASSCRED); only then does the host attach them to what uipcd
 * reads from the sender's channel, since that costs on every read.
 */
void
chan_want_creds(struct chan *c)
{
	struct socket *peer;
	int one = 1;

	if (c->c_flags & (CH_PASSCRED | CH_MSG))
		return;
	if ((peer = so_peer(c->c_so)) == NULL || !(peer->so_options & SOO_PASSCRED))
		return;
	if (setsockopt(c->c_fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) == 0)
		c->c_flags |= CH_PASSCRED;
}


/*
 * A hung-up channel whose socket has no room: is the close all that is
 * left in it?  Then it is taken at once, room or not: 0 when it is not,
 * else the recv's answer to come, 1 for the end (EOF), or -1 for the
 * host's reset (the process closed its end with uipcd's data unread in
 * it).  Waiting for room there would wait for ever when the room is its
 * user's buffer limit (user_limits.c) and the storage that must fall is
 * held by this very socket or its peer, which only this close frees.
 */
static int
chan_stream_only_close(struct chan *c)
{
	char b;
	ssize_t n;

	if (!(c->c_flags & CH_HUP))
		return 0;
	n = recv(c->c_fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
	if (n == 0)
		return 1;
	return n < 0 && errno == ECONNRESET ? -1 : 0;
}

static void
chan_stream_in(struct chan *c)
{
	struct socket *so = c->c_so;
	struct so_control *ctl;
	struct iovec iov[2];
	struct msghdr mh;
	size_t want;
	ssize_t n;
	int niov, error, i, nodefd, closed;

	if (c->c_flags & CH_PRI) {
		error = chan_stream_oob(c);
		if (error == EWOULDBLOCK)
			return;
		if (error != 0) {
			chan_refuse_input(c);
			return;
		}
	}
	chan_want_creds(c);
	while (c->c_flags & CH_RD) {
		/*
		 * Descriptors may come with the data: not past the user's
		 * limit, unless the process's end is shut (what is left in the
		 * channel is all there will be, and its close must be seen).
		 */
		if ((so->so_proto->pr_flags & PR_RIGHTS) && !(c->c_flags & (CH_HUP | CH_PEERSHUT)) &&
		    !owner_fds_room(c->c_owner, 1)) {
			owner_wait(c);
			return;
		}
		error = sosend_space(so, SIZE_MAX, iov, &niov);
		if (error == EWOULDBLOCK && (closed = chan_stream_only_close(c)) != 0) {
			/* Nothing waits but the close: take it, room or not. */
			if (closed > 0) {
				n = 0;
				goto eof;
			}
			so->so_state |= SS_LEFTUNREAD;	/* as a reset read below */
			c->c_flags &= ~CH_RD;
			return;
		}
		if (error == EWOULDBLOCK) {
			if (sosend_ownerfull(so))
				owner_wait(c);	/* its user's storage, not the peer, must fall */
			return;		/* SO_EV_WRITE brings us back */
		}
		/*
		 * Not connected yet: what is written waits for the connection.
		 * Unless the channel hung up: no connection will come for it
		 * then, and what it holds goes with it; the hang-up closes
		 * the socket (chan_pump).  A socket that never connected goes
		 * with its last descriptor, and its port or name with it.
		 */
		if (error == ENOTCONN && !(so->so_state & SS_HADCONN)) {
			if (c->c_flags & CH_HUP)
				c->c_flags &= ~CH_RD;
			return;
		}
		if (error != 0) {
			if (!(c->c_flags & CH_INEOF))
				chan_refuse_input(c);
			else
				c->c_flags &= ~CH_RD;	/* its EOF was read: nothing more comes */
			return;
		}
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = iov;
		mh.msg_iovlen = (size_t)niov;
		mh.msg_control = c->c_d->d_scratch->s_cmsg.b;
		mh.msg_controllen = sizeof(c->c_d->d_scratch->s_cmsg.b);
		n = recvmsg(c->c_fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n < 0) {
			/* The host resets our end when the process's end closed
			 * with data unread in it: a reset for the peer too. */
			if (errno == ECONNRESET)
				so->so_state |= SS_LEFTUNREAD;
			if (errno != EAGAIN && errno != EINTR)
				c->c_flags |= CH_HUP;
			c->c_flags &= ~CH_RD;
			return;
		}
eof:
		if (n == 0) {
			/*
			 * The process shut its end for writing (it asked:
			 * CTL_SHUTDOWN), or closed it (the channel hung up).  A
			 * close is the socket's close (chan_close), not a
			 * shutdown first: with linger 0 it must send a RST
			 * alone, no FIN before it.
			 */
			c->c_flags &= ~CH_RD;
			c->c_flags |= CH_INEOF;
			if (!(c->c_flags & CH_HUP) || (c->c_flags & CH_SHUTREQ))
				soshutdown(so, SHUT_WR);
			return;
		}
		c->c_flags |= CH_TAKEN;	/* its process wrote: it holds it */
		ctl = NULL;
		if (mh.msg_controllen > 0) {
			ctl = chan_takecmsg(&mh, 0, &nodefd);
			if (ctl != NULL && ctl->ctl_nfds == 0 && !(so->so_proto->pr_flags & PR_RIGHTS)) {
				so_control_free(ctl);
				ctl = NULL;
			}
			so_control_charge(ctl, c->c_owner);
		}
		sosend_commit(so, (size_t)n, 0, ctl);
		for (want = 0, i = 0; i < niov; i++)
			want += iov[i].iov_len;
		/*
		 * A short read emptied the channel, and new data brings a new
		 * edge.  An end of data does not: its edge may have come while
		 * the socket had no room, so once the process shut its end,
		 * read on until the read that says EOF.
		 */
		if ((size_t)n < want && !(c->c_flags & CH_PEERSHUT))
			c->c_flags &= ~CH_RD;
	}
}

static void
chan_msg_in(struct chan *c)
{
	struct socket *so = c->c_so;
	uint8_t *msgbuf = c->c_d->d_scratch->s_msg;
	struct chan_msg *hdr = (struct chan_msg *)msgbuf;
	struct so_control *ctl;
	struct so_node node;
	struct so_addr to, *top;
	struct sbrec *r;
	struct iovec iov;
	struct msghdr mh;
	struct ucred cr;
	ssize_t n;
	size_t plen;
	int error, nodefd;

	while (c->c_flags & CH_RD) {
		if (c->c_pending != NULL)
			return;		/* waits for room at its receiver (SO_EV_WRITE) */
		if ((so->so_proto->pr_flags & PR_RIGHTS) && !(c->c_flags & (CH_HUP | CH_PEERSHUT)) &&
		    !owner_fds_room(c->c_owner, 1)) {
			owner_wait(c);	/* descriptors may come with it: as above */
			return;
		}
		iov = (struct iovec){ msgbuf, sizeof(c->c_d->d_scratch->s_msg) };
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = c->c_d->d_scratch->s_cmsg.b;
		mh.msg_controllen = sizeof(c->c_d->d_scratch->s_cmsg.b);
		n = recvmsg(c->c_fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n < 0) {
			c->c_flags &= ~CH_RD;
			return;
		}
		if (n == 0) {
			/* An empty record may carry descriptors too: not kept. */
			so_control_free(chan_takecmsg(&mh, 0, &nodefd));
			c->c_flags &= ~CH_RD;
			c->c_flags |= CH_INEOF;
			if (!(c->c_flags & CH_HUP) || (c->c_flags & CH_SHUTREQ))
				soshutdown(so, SHUT_WR);	/* as above */
			return;
		}
		ctl = chan_takecmsg(&mh, (size_t)n >= sizeof(*hdr) && (hdr->cm_flags & CM_NODE), &nodefd);
		so_control_charge(ctl, c->c_owner);
		if ((size_t)n < sizeof(*hdr) || (mh.msg_flags & MSG_TRUNC) ||
		    hdr->cm_addrlen > sizeof(hdr->cm_addr)) {
			/* A malformed message: dropped, as the wire drops bad packets. */
			so_control_free(ctl);
			if (nodefd >= 0)
				close(nodefd);
			continue;
		}
		plen = (size_t)n - sizeof(*hdr);
		cr = ctl != NULL && ctl->ctl_hascred ? ctl->ctl_cred : so->so_cred;
		if (ctl != NULL && ctl->ctl_nfds == 0) {
			/* Credentials alone: the receiver's SO_PASSCRED decides later. */
			so_control_free(ctl);
			ctl = NULL;
		}
		ctl = chan_dginfo_in(hdr, so, ctl);
		top = NULL;
		if (hdr->cm_addrlen > 0) {
			to.sa = (struct sockaddr *)&hdr->cm_addr;
			to.len = hdr->cm_addrlen;
			to.node = NULL;
			if (nodefd >= 0 && (error = node_from_fd(nodefd, 0, &node)) != 0) {
				/* As CTL_SENDTO would have answered; asynchronous here. */
				close(nodefd);
				so_control_free(ctl);
				soseterror(so, error);
				continue;
			}
			if (nodefd >= 0)
				to.node = &node;
			top = &to;
		}
		if (nodefd >= 0)
			close(nodefd);
		error = sosend(so, msgbuf + sizeof(*hdr), plen, 0, top, ctl, &cr, &plen);
		if (error == EWOULDBLOCK) {
			/* It waits, with where it goes, until its receiver has room. */
			r = sbrec_new(msgbuf + sizeof(*hdr), (size_t)n - sizeof(*hdr), NULL,
			    sizeof(struct sockaddr_storage));
			if (r == NULL) {
				so_control_free(ctl);
				continue;
			}
			r->r_ctl = ctl;
			if (top != NULL) {
				memcpy(r->r_addr, top->sa, top->len);
				r->r_addrlen = (uint16_t)top->len;
				r->r_flags = 1;
			}
			c->c_pending = r;
			c->c_pendnode = top != NULL && top->node != NULL ? node : (struct so_node){ .sn_fd = -1 };
			c->c_pendhasnode = top != NULL && top->node != NULL;
			return;
		}
		if (error != 0)
			soseterror(so, error);	/* asynchronous: reported by the next call */
	}
}

/* Sends the message that waited for room, if there is room now. */
static void
chan_msg_retry(struct chan *c)
{
	struct sbrec *r = c->c_pending;
	struct so_addr to, *top = NULL;
	size_t done;
	int error;

	if (r == NULL)
		return;
	if (r->r_flags) {
		to.sa = (struct sockaddr *)r->r_addr;
		to.len = r->r_addrlen;
		to.node = c->c_pendhasnode ? &c->c_pendnode : NULL;
		top = &to;
	}
	error = sosend(c->c_so, r->r_data, r->r_len, 0, top, r->r_ctl, &c->c_so->so_cred, &done);
	if (error == EWOULDBLOCK)
		return;
	r->r_ctl = NULL;
	sbrec_free(r);
	c->c_pending = NULL;
	if (error != 0)
		soseterror(c->c_so, error);
}

/*
 * A connection in progress was decided: answer a blocking connect, and
 * drain the filling of a non-blocking one's channel so that it turns
 * writable now (ctl_ops.c, op_connect).
 */
static void
chan_connect_done(struct chan *c)
{
	struct socket *so = c->c_so;
	char sink[4096];
	ssize_t n;
	int error;

	if (so->so_state & SS_ISCONNECTING)
		return;
	if (c->c_connproc != NULL) {
		error = (so->so_state & SS_ISCONNECTED) ? 0 : sogeterror(so);
		if (error == 0 && !(so->so_state & SS_ISCONNECTED))
			error = ECONNREFUSED;
		/* A blocking connect answers its own failure (so_may_anew), or success (soconnect). */
		if (so->so_state & SS_CONNFAILED)
			so->so_state |= SS_CONNTOLD;
		so->so_state &= ~SS_CONNUNTOLD;
		proc_reply(c->c_connproc, CTL_CONNECT, c->c_connseq, error, NULL, NULL, 0, 0);
		c->c_connproc = NULL;
	}
	while (c->c_discard > 0) {
		n = recv(c->c_fd, sink, c->c_discard < sizeof(sink) ? c->c_discard : sizeof(sink),
		    MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			c->c_discard = 0;
		if (n <= 0)
			break;
		c->c_discard -= (uint32_t)n;
	}
}

static void
chan_pump(struct chan *c)
{
	struct socket *so = c->c_so;

	if (c->c_connproc != NULL || c->c_discard > 0) {
		chan_connect_done(c);
		/*
		 * Closed while its connection is still being made: it goes
		 * now, as on the host (a hang-up while connecting is a close:
		 * uipcd shuts no half of the channel before the connection).
		 */
		if ((c->c_flags & CH_HUP) && (so->so_state & SS_ISCONNECTING)) {
			chan_close(c);
			return;
		}
		if (c->c_discard > 0 || (so->so_state & SS_ISCONNECTING))
			return;		/* nothing of the process's goes in before */
	}

	/* A listener, or a TCP one that was shut down (it carries no data). */
	if ((so->so_options & SOO_ACCEPTCONN) || (c->c_flags & CH_LISTENSHUT)) {
		chan_listen_push(c);
		if (c->c_flags & CH_HUP)
			chan_close(c);
		return;
	}
	if (c->c_flags & CH_MSG) {
		chan_msg_out(c);
		ctl_send_retry(c);
		chan_msg_retry(c);
		chan_msg_in(c);
	} else {
		/* The socket can send no more (the peer is gone or stopped
		 * reading): the process's writes fail from now on, as on the host. */
		if ((so->so_state & SS_CANTSENDMORE) && !(c->c_flags & (CH_INEOF | CH_RDSHUT)))
			chan_refuse_input(c);
		chan_stream_out(c);
		chan_stream_in(c);
		/* A loopback pair (a socket connected to itself) feeds its own output. */
		if (c->c_so->so_rcv.sb_cc > 0)
			chan_stream_out(c);
	}
	if ((c->c_flags & CH_HUP) && !(c->c_flags & CH_RD)) {
		/*
		 * Both directions of the channel are shut.  When uipcd shut its
		 * own writing half (EOF delivered), that alone hangs up the
		 * channel while the process may still hold the socket: ask the
		 * host whether the process's end still exists before closing.
		 */
		/*
		 * The hang-up is the process's close unless both halves were
		 * shut otherwise: the process shut its writing half (it asked,
		 * CTL_SHUTDOWN) or uipcd refused its input, and uipcd sent EOF.
		 * Only then is the host asked whether the process's end lives.
		 */
		if ((c->c_flags & CH_EOFSENT) && (c->c_flags & (CH_SHUTREQ | CH_RDSHUT)) &&
		    chan_peer_alive(c))
			c->c_flags |= CH_ZOMBIE;
		else
			chan_close(c);
	}
}

/*
 * Whether the process's end of the channel still exists, from the host's
 * socket diagnostics (sock_diag(7), a lookup by inode).  When the host
 * cannot say, the end is taken as alive (the socket lingers, it is not lost).
 */
int
chan_peer_alive(struct chan *c)
{
	union {
		struct nlmsghdr align;
		char b[1024];
	} buf;
	struct nlmsghdr *nh = &buf.align;
	ssize_t n;

	if ((n = chan_unix_diag(c->c_pino, 0, buf.b, sizeof(buf.b))) < 0)
		return 1;
	return !(NLMSG_OK(nh, (size_t)n) && nh->nlmsg_type == NLMSG_ERROR &&
	    ((struct nlmsgerr *)NLMSG_DATA(nh))->error == -ENOENT);
}

/* Closes the channels whose process ends have gone since they hung up. */
void
chan_check_zombies(struct uipcd *d)
{
	struct chan *c;

	for (c = d->d_chans; c != NULL; c = c->c_all_next)
		if ((c->c_flags & CH_ZOMBIE) && !(c->c_flags & CH_DEAD) && !chan_peer_alive(c))
			chan_close(c);
}

void
chan_work(struct uipcd *d)
{
	struct chan *c;

	while ((c = d->d_dirty) != NULL) {
		d->d_dirty = c->c_dnext;
		c->c_flags &= ~CH_DIRTY;
		if (!(c->c_flags & CH_DEAD))
			chan_pump(c);
	}
}

/*
 * Channel c's connect, parked on a full listener (ctl_ops.c), ends with
 * error: the parked entry goes from the listener's list, its process is
 * answered, and no pointer to c stays behind once c is freed.
 */
void
chan_unpark(struct chan *c, int error)
{
	struct parked **pp, *pk;

	for (pp = &c->c_parkedon->c_parked; (pk = *pp) != NULL; pp = &pk->pk_next)
		if (pk->pk_chan == c) {
			*pp = pk->pk_next;
			proc_reply(pk->pk_proc, CTL_CONNECT, pk->pk_seq, error, NULL, NULL, 0, 0);
			if (pk->pk_node.sn_fd >= 0)
				close(pk->pk_node.sn_fd);
			free(pk);
			break;
		}
	c->c_parkedon = NULL;
}

/*
 * The last descriptor of the process's end is gone (in every process: the
 * host kernel tells us by hanging up): close the socket in order (primer
 * §2.6: data already sent is still delivered).
 */
void
chan_close(struct chan *c)
{
	struct uipcd *d = c->c_d;
	struct chan **cp;
	struct parked *pk;

	if (c->c_flags & CH_DEAD)
		return;
	c->c_flags |= CH_DEAD;
	for (cp = &d->d_chash[chan_hash(c->c_pino)]; *cp != NULL; cp = &(*cp)->c_hnext)
		if (*cp == c) {
			*cp = c->c_hnext;
			break;
		}
	/*
	 * Data the process never read from its channel is data left unread
	 * (Linux: a reset for the peer).  The host tells it as ECONNRESET
	 * pending on our end when the process's end went away holding data.
	 */
	{
		int err = 0;
		socklen_t el = sizeof(err);

		if (c->c_so != NULL && !(c->c_flags & CH_LISTEN) &&
		    getsockopt(c->c_fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err == ECONNRESET)
			c->c_so->so_state |= SS_LEFTUNREAD;
	}
	/* A listener's connection still in the channel was never accepted:
	 * asked before the channel goes (chan_token.c). */
	if (c->c_pushed != NULL && !(c->c_pushed->c_flags & CH_TAKEN) && !chan_token_taken(c) &&
	    c->c_pushed->c_so != NULL)
		c->c_pushed->c_so->so_state |= SS_ABORTED;
	close(c->c_fd);		/* which takes it out of the epoll set too */
	c->c_fd = -1;
	/* A connection closed in its listener's channel was never accepted. */
	if (c->c_pushedby != NULL) {
		/* Unless the listener's process took it: then this is the
		 * close of an accepted connection, even when the process
		 * closed its listener in the same breath.  Its process used
		 * it (CH_TAKEN), or the host says the token was read
		 * (chan_token.c). */
		if (!(c->c_flags & CH_TAKEN) && !chan_token_taken(c->c_pushedby) && c->c_so != NULL)
			c->c_so->so_state |= SS_ABORTED;
		c->c_pushedby->c_pushed = NULL;
		if (c->c_pushedby->c_so != NULL)
			c->c_pushedby->c_so->so_qextra = 0;
		c->c_pushedby = NULL;
	}
	if (c->c_pushed != NULL) {
		c->c_pushed->c_pushedby = NULL;
		c->c_pushed = NULL;
	}
	ctl_send_drop(c, NULL);
	if (c->c_connproc != NULL) {
		proc_reply(c->c_connproc, CTL_CONNECT, c->c_connseq, ECONNABORTED, NULL, NULL, 0, 0);
		c->c_connproc = NULL;
	}
	if (c->c_parkedon != NULL)
		chan_unpark(c, EBADF);	/* its connect waits no more: the socket is gone */
	while ((pk = c->c_parked) != NULL) {
		c->c_parked = pk->pk_next;
		pk->pk_chan->c_parkedon = NULL;
		proc_reply(pk->pk_proc, CTL_CONNECT, pk->pk_seq, ECONNREFUSED, NULL, NULL, 0, 0);
		if (pk->pk_node.sn_fd >= 0)
			close(pk->pk_node.sn_fd);
		free(pk);
	}
	if (c->c_pending != NULL) {
		sbrec_free(c->c_pending);
		c->c_pending = NULL;
	}
	owner_detach(c);
	if (c->c_so != NULL) {
		c->c_so->so_env = NULL;
		soclose(c->c_so);
		c->c_so = NULL;
	}
	c->c_deadnext = d->d_dead;
	d->d_dead = c;
}

void
chan_reap(struct uipcd *d)
{
	struct chan *c;

	while ((c = d->d_dead) != NULL) {
		d->d_dead = c->c_deadnext;
		*c->c_all_prevp = c->c_all_next;
		if (c->c_all_next != NULL)
			c->c_all_next->c_all_prevp = c->c_all_prevp;
		free(c);
	}
}
