/*
 * The UNIX domain's user requests (4.4BSD kern/uipc_usrreq.c), one
 * function per request.
 *
 * Streams move bytes straight into the peer's receive buffer, as 4.2BSD
 * did: a send lands in pru_sendbuf, which is the peer's so_rcv, so there is
 * one buffer between the two users and flow control is that buffer's room.
 * Seqpacket sockets do the same with records.  Datagram sockets append a
 * record carrying the sender's name to the receiver's buffer.
 *
 * Where BSD and Linux differ, uipc does what Linux does, since programs on
 * it were written for Linux: a datagram to a receiver that is connected to
 * someone else is refused with EPERM; a full datagram receiver makes the
 * sender wait (EWOULDBLOCK here, the environment waits for SO_EV_WRITE)
 * rather than dropping; closing a socket with unread data resets its
 * stream peer (ECONNRESET); connect to a full listener waits (EAGAIN here).
 * Out-of-band data, which 4.4BSD left as "a proper out-of-band" TODO, works
 * on streams as TCP's does: one urgent byte and a mark (primer §5.1).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unix/unp.h"

static int
unp_attach(struct socket *so, int proto)
{
	struct unpcb *unp;

	if ((unp = calloc(1, sizeof(*unp))) == NULL)
		return ENOBUFS;
	unp->unp_socket = so;
	unp->unp_node.sn_fd = -1;
	so->so_pcb = unp;
	return 0;
}

static void
unp_unwait(struct unpcb *unp)
{
	struct unpcb **pp;

	if (unp->unp_waitingon == NULL)
		return;
	for (pp = &unp->unp_waitingon->unp_waiters; *pp != NULL; pp = &(*pp)->unp_nextwaiter)
		if (*pp == unp) {
			*pp = unp->unp_nextwaiter;
			break;
		}
	unp->unp_waitingon = NULL;
	unp->unp_nextwaiter = NULL;
}

/* Wakes every datagram sender that waited for room at unp. */
static void
unp_wakewaiters(struct unpcb *unp)
{
	struct unpcb *w;

	while ((w = unp->unp_waiters) != NULL) {
		unp->unp_waiters = w->unp_nextwaiter;
		w->unp_waitingon = NULL;
		w->unp_nextwaiter = NULL;
		sowakeup(w->unp_socket, SO_EV_WRITE);
	}
}

static void
unp_dropref(struct unpcb *unp)
{
	struct unpcb **pp, *to = unp->unp_conn;

	for (pp = &to->unp_refs; *pp != NULL; pp = &(*pp)->unp_nextref)
		if (*pp == unp) {
			*pp = unp->unp_nextref;
			break;
		}
	unp->unp_nextref = NULL;
}

/*
 * Breaks a connection.  For a stream or seqpacket pair both sides learn it:
 * the peer reads what is left and then EOF, and writes fail with EPIPE.
 */
static void
unp_disconnect(struct unpcb *unp)
{
	struct unpcb *peer = unp->unp_conn;

	if (peer == NULL)
		return;
	unp->unp_conn = NULL;
	if (unp->unp_socket->so_type == SOCK_DGRAM) {
		/* unp_conn is restored briefly so unp_dropref finds the list. */
		unp->unp_conn = peer;
		unp_dropref(unp);
		unp->unp_conn = NULL;
		unp->unp_socket->so_state &= ~SS_ISCONNECTED;
		return;
	}
	peer->unp_conn = NULL;
	soisdisconnected(unp->unp_socket);
	soisdisconnected(peer->unp_socket);
}

static void
unp_detach(struct socket *so)
{
	struct unpcb *unp = sotounpcb(so), *ref;

	if (unp == NULL)
		return;
	/* Linux: closing with unread data resets a stream peer. */
	if (unp->unp_conn != NULL && so->so_type != SOCK_DGRAM &&
	    (so->so_rcv.sb_cc > 0 || (so->so_state & (SS_ABORTED | SS_LEFTUNREAD))))
		unp->unp_conn->unp_socket->so_error = ECONNRESET;
	unp_disconnect(unp);
	while ((ref = unp->unp_refs) != NULL) {
		/* Datagram sockets connected to us lose their peer (Linux: ECONNREFUSED next send). */
		unp->unp_refs = ref->unp_nextref;
		ref->unp_nextref = NULL;
		ref->unp_conn = NULL;
		ref->unp_socket->so_state &= ~SS_ISCONNECTED;
		soseterror(ref->unp_socket, ECONNREFUSED);
	}
	unp_unwait(unp);
	unp_wakewaiters(unp);
	unp_unbindname(unp);
	free(unp);
	so->so_pcb = NULL;
}

static int
unp_bind(struct socket *so, const struct so_addr *nam, const struct ucred *cr)
{
	return unp_bindname(sotounpcb(so), nam);
}

/* A listener must be bound: EINVAL, as Linux's unix_listen answers (no autobind). */
static int
unp_listen(struct socket *so, int backlog, const struct ucred *cr)
{
	struct unpcb *unp = sotounpcb(so);

	if (unp->unp_addrlen == 0)
		return EINVAL;
	/* SO_PEERCRED of those who connect: the listener's credentials. */
	unp->unp_peercred = *cr;
	unp->unp_haspeercred = 1;
	return 0;
}

static void
unp_pair(struct unpcb *a, struct unpcb *b)
{
	a->unp_conn = b;
	b->unp_conn = a;
}

/*
 * An unbound socket with SO_PASSCRED that connects or sends gets an
 * abstract name first, so that its peer can name it (Linux's
 * unix_stream_connect, unix_dgram_connect and unix_dgram_sendmsg, before
 * they look for the peer: the name stays even if that fails).
 */
static int
unp_passcred_autobind(struct unpcb *unp)
{
	if (!(unp->unp_socket->so_options & SOO_PASSCRED) || unp->unp_addrlen != 0)
		return 0;
	return unp_autobind(unp);
}

/*
 * connect(2) to a name.  ENOENT: no node; ECONNREFUSED: no socket bound to
 * it, or one that does not listen; EPROTOTYPE: a socket of another type;
 * EAGAIN: the listener's queue is full (Linux makes a blocking caller wait).
 */
static int
unp_connect(struct socket *so, const struct so_addr *nam, const struct ucred *cr)
{
	struct unpcb *unp = sotounpcb(so), *to, *newunp;
	struct socket *so2, *newso;

	int error;

	/* Linux: a name too short, too long or of another family, EINVAL (unix_validate_addr). */
	if ((error = unp_addr_check(nam)) != 0)
		return error;
	if ((error = unp_passcred_autobind(unp)) != 0)
		return error;
	if ((error = unp_resolve(so, nam, cr, &to)) != 0)
		return error;
	so2 = to->unp_socket;
	if (so2->so_type != so->so_type)
		return EPROTOTYPE;
	if (so->so_type == SOCK_DGRAM) {
		unp->unp_conn = to;
		unp->unp_nextref = to->unp_refs;
		to->unp_refs = unp;
		so->so_state |= SS_ISCONNECTED;
		return 0;
	}
	/* Not listening, or shut down for reading (Linux: unix_stream_connect). */
	if (!(so2->so_options & SOO_ACCEPTCONN) || (so2->so_state & SS_CANTRCVMORE))
		return ECONNREFUSED;
	if ((newso = sonewconn(so2, 0)) == NULL)
		return so2->so_qlen + so2->so_qextra > so2->so_qlimit ? EAGAIN : ENOBUFS;
	newunp = sotounpcb(newso);
	/* The accepted socket is named as its listener; each side's peer
	 * credentials are the other's at connect and listen time (Linux). */
	memcpy(&newunp->unp_addr, &to->unp_addr, to->unp_addrlen);
	newunp->unp_addrlen = to->unp_addrlen;
	newunp->unp_node.sn_fd = -1;
	newunp->unp_peercred = *cr;
	newunp->unp_haspeercred = 1;
	unp->unp_peercred = to->unp_peercred;
	unp->unp_haspeercred = to->unp_haspeercred;
	unp_pair(unp, newunp);
	soisconnected(newso);
	soisconnected(so);
	return 0;
}

static int
unp_connect2(struct socket *so1, struct socket *so2)
{
	struct unpcb *a = sotounpcb(so1), *b = sotounpcb(so2);

	if (so1->so_type == SOCK_DGRAM) {
		a->unp_conn = b;
		a->unp_nextref = b->unp_refs;
		b->unp_refs = a;
		b->unp_conn = a;
		b->unp_nextref = a->unp_refs;
		a->unp_refs = b;
		so1->so_state |= SS_ISCONNECTED;
		so2->so_state |= SS_ISCONNECTED;
	} else {
		unp_pair(a, b);
		soisconnected(so1);
		soisconnected(so2);
	}
	a->unp_peercred = so2->so_cred;
	b->unp_peercred = so1->so_cred;
	a->unp_haspeercred = b->unp_haspeercred = 1;
	return 0;
}

static int
unp_accept(struct socket *so, struct sockaddr *nam, socklen_t *len)
{
	struct unpcb *peer = sotounpcb(so)->unp_conn;
	socklen_t l;

	if (peer == NULL || peer->unp_addrlen == 0) {
		unp_unnamed(nam, len);
		return 0;
	}
	l = peer->unp_addrlen < *len ? peer->unp_addrlen : *len;
	memcpy(nam, &peer->unp_addr, l);
	*len = peer->unp_addrlen;
	return 0;
}

static int
unp_disconnect_req(struct socket *so)
{
	unp_disconnect(sotounpcb(so));
	return 0;
}

static int
unp_shutdown(struct socket *so)
{
	struct unpcb *peer = sotounpcb(so)->unp_conn;

	if (peer != NULL && so->so_type != SOCK_DGRAM)
		socantrcvmore(peer->unp_socket);
	return 0;
}

static void
unp_rcvshutdown(struct socket *so)
{
	struct unpcb *peer = sotounpcb(so)->unp_conn;

	if (peer != NULL && so->so_type != SOCK_DGRAM)
		socantsendmore(peer->unp_socket);
}

/* The user took data: its writer (stream, seqpacket) or waiting senders may go on. */
static void
unp_rcvd(struct socket *so)
{
	struct unpcb *unp = sotounpcb(so);

	if (so->so_type != SOCK_DGRAM && unp->unp_conn != NULL)
		sowakeup(unp->unp_conn->unp_socket, SO_EV_WRITE);
	unp_wakewaiters(unp);
}

static struct sockbuf *
unp_sendbuf(struct socket *so, int *error)
{
	struct unpcb *peer = sotounpcb(so)->unp_conn;

	if (peer == NULL) {
		*error = (so->so_state & SS_HADCONN) ? EPIPE : ENOTCONN;
		return NULL;
	}
	if (peer->unp_socket->so_state & SS_CANTRCVMORE) {
		*error = EPIPE;
		return NULL;
	}
	return &peer->unp_socket->so_rcv;
}

/*
 * n bytes landed in the peer's buffer.  With oob the last of them is urgent:
 * it is taken out of the stream into so_oobc (unless the receiver keeps
 * urgent data inline) and the mark set where it stood, as TCP does.
 */
static int
unp_send(struct socket *so, size_t n, int oob, struct so_control *ctl)
{
	struct socket *so2 = sotounpcb(so)->unp_conn->unp_socket;
	struct sockbuf *sb = &so2->so_rcv;

	so_control_free(ctl);
	if (oob && n > 0) {
		if (so2->so_options & SOO_OOBINLINE) {
			so2->so_oobmark = sb->sb_off + sb->sb_cc - 1;
		} else {
			ring_peek(&sb->sb_ring, ring_len(&sb->sb_ring) - 1, &so2->so_oobc, 1);
			sb->sb_ring.r_len--;
			sb->sb_cc--;
			so2->so_oobmark = sb->sb_off + sb->sb_cc;
			so2->so_state |= SS_HAVEOOB;
		}
		if (so2->so_oobmark == sb->sb_off)
			so2->so_state |= SS_RCVATMARK;
		else
			so2->so_state &= ~SS_RCVATMARK;
		sohasoutofband(so2);
	}
	sowakeup(so2, SO_EV_READ);
	return 0;
}

static void
unp_setaddr(struct sbrec *r, const struct unpcb *from)
{
	/* An unbound sender has no name: Linux gives recvfrom a length of 0. */
	r->r_addrlen = (uint16_t)from->unp_addrlen;
	if (from->unp_addrlen != 0)
		memcpy(r->r_addr, &from->unp_addr, from->unp_addrlen);
}

/*
 * One record to a datagram receiver (to, or the connected peer) or to the
 * seqpacket peer.  EWOULDBLOCK leaves the record with the caller, and puts
 * the sender on the receiver's waiters, to be woken with SO_EV_WRITE.
 */
static int
unp_sendrec(struct socket *so, struct sbrec *r, const struct so_addr *to,
    const struct ucred *cr)
{
	struct unpcb *unp = sotounpcb(so), *dst;
	struct socket *so2;

	int error;

	if (so->so_type == SOCK_SEQPACKET || to == NULL) {
		if ((dst = unp->unp_conn) == NULL) {
			sbrec_free(r);
			return so->so_type == SOCK_SEQPACKET ? EPIPE : ENOTCONN;
		}
		if ((error = unp_passcred_autobind(unp)) != 0) {
			sbrec_free(r);
			return error;
		}
	} else {
		if ((error = unp_addr_check(to)) != 0 || (error = unp_passcred_autobind(unp)) != 0 ||
		    (error = unp_resolve(so, to, cr, &dst)) != 0) {
			sbrec_free(r);
			return error;
		}
		if (dst->unp_socket->so_type != SOCK_DGRAM) {
			sbrec_free(r);
			return EPROTOTYPE;
		}
	}
	so2 = dst->unp_socket;
	if (so->so_type == SOCK_DGRAM && dst->unp_conn != NULL && dst->unp_conn != unp) {
		sbrec_free(r);
		return EPERM;
	}
	if (so2->so_state & SS_CANTRCVMORE) {
		sbrec_free(r);
		return so->so_type == SOCK_SEQPACKET ? EPIPE : ECONNREFUSED;
	}
	if (sbspace(&so2->so_rcv) < (long)r->r_len || so2->so_rcv.sb_nrec >= UNP_MAXDGRAMQ) {
		/* An empty receiver takes any record that passed EMSGSIZE. */
		if (so2->so_rcv.sb_nrec > 0) {
			if (unp->unp_waitingon == NULL) {
				unp->unp_waitingon = dst;
				unp->unp_nextwaiter = dst->unp_waiters;
				dst->unp_waiters = unp;
			}
			return EWOULDBLOCK;
		}
	}
	/* Datagrams carry the sender's name (PR_ADDR); sosend made room for it. */
	if (r->r_addr != NULL)
		unp_setaddr(r, unp);
	if ((so2->so_options & SOO_PASSCRED) && (r->r_ctl == NULL || !r->r_ctl->ctl_hascred)) {
		/* Linux attaches the sender's credentials when the receiver asks. */
		if (r->r_ctl == NULL)
			r->r_ctl = so_control_new(0);
		if (r->r_ctl != NULL) {
			r->r_ctl->ctl_hascred = 1;
			r->r_ctl->ctl_cred = *cr;
		}
	}
	sbappendrecord(&so2->so_rcv, r);
	sowakeup(so2, SO_EV_READ);
	return 0;
}

static int
unp_sockaddr(struct socket *so, struct sockaddr *nam, socklen_t *len)
{
	struct unpcb *unp = sotounpcb(so);
	socklen_t l;

	if (unp->unp_addrlen == 0) {
		unp_unnamed(nam, len);
		return 0;
	}
	l = unp->unp_addrlen < *len ? unp->unp_addrlen : *len;
	memcpy(nam, &unp->unp_addr, l);
	*len = unp->unp_addrlen;
	return 0;
}

static int
unp_peeraddr(struct socket *so, struct sockaddr *nam, socklen_t *len)
{
	struct unpcb *peer = sotounpcb(so)->unp_conn;

	if (peer == NULL)
		return ENOTCONN;
	return unp_sockaddr(peer->unp_socket, nam, len);
}

static int
unp_peercred(struct socket *so, struct ucred *cr)
{
	struct unpcb *unp = sotounpcb(so);

	if (!unp->unp_haspeercred) {
		/* Linux: no peer yet gives pid 0 and the overflow ids. */
		cr->pid = 0;
		cr->uid = (uid_t)-1;
		cr->gid = (gid_t)-1;
		return 0;
	}
	*cr = unp->unp_peercred;
	return 0;
}

const struct pr_usrreqs unp_stream_usrreqs = {
	.pru_attach = unp_attach,
	.pru_detach = unp_detach,
	.pru_bind = unp_bind,
	.pru_listen = unp_listen,
	.pru_connect = unp_connect,
	.pru_connect2 = unp_connect2,
	.pru_accept = unp_accept,
	.pru_disconnect = unp_disconnect_req,
	.pru_shutdown = unp_shutdown,
	.pru_rcvshutdown = unp_rcvshutdown,
	.pru_rcvd = unp_rcvd,
	.pru_sendbuf = unp_sendbuf,
	.pru_send = unp_send,
	.pru_sendrec = unp_sendrec,
	.pru_sockaddr = unp_sockaddr,
	.pru_peeraddr = unp_peeraddr,
	.pru_peercred = unp_peercred,
	.pru_peer = unp_peer,
	.pru_named = unp_named,
};

const struct pr_usrreqs unp_dgram_usrreqs = {
	.pru_attach = unp_attach,
	.pru_detach = unp_detach,
	.pru_bind = unp_bind,
	.pru_connect = unp_connect,
	.pru_connect2 = unp_connect2,
	.pru_disconnect = unp_disconnect_req,
	.pru_shutdown = unp_shutdown,
	.pru_rcvd = unp_rcvd,
	.pru_sendrec = unp_sendrec,
	.pru_sockaddr = unp_sockaddr,
	.pru_peeraddr = unp_peeraddr,
	.pru_peercred = unp_peercred,
	.pru_peer = unp_peer,
	.pru_named = unp_named,
};
