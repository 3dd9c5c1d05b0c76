/*
 * Calls from above (4.4BSD kern/uipc_socket.c): socreate ... soclose, the
 * connection calls, and names.  Sending and receiving live in
 * socket_send.c and socket_recv.c; options in sockopt.c.
 *
 * None of these blocks.  Where 4.2BSD slept (accept on an empty queue,
 * connect in progress) they return EWOULDBLOCK or EINPROGRESS and the
 * environment waits for the socket's upcall (DESIGN.md, "Blocking").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kern/socket.h"
#include "kern/sockdefaults.h"

static inline const struct pr_usrreqs *
pru(const struct socket *so)
{
	return so->so_proto->pr_usrreqs;
}

int
socreate(struct host *h, int dom, int type, int proto, const struct ucred *cr,
    struct socket **sop)
{
	const struct protosw *pr;
	struct socket *so;
	struct stack *st = h->h_stack;
	int error;

	if ((error = pffindproto(st, dom, type, proto, &pr)) != 0)
		return error;
	if ((so = calloc(1, sizeof(*so))) == NULL)
		return ENOBUFS;
	so->so_id = ++st->st_nextid;
	so->so_host = h;
	so->so_type = (short)type;
	/*
	 * Linux's SO_PROTOCOL: the protocol asked for, or the one chosen for
	 * 0 (TCP, UDP); a raw socket's is its IP protocol.  The UNIX domain's
	 * is 0 even when PF_UNIX was asked for (unix_create keeps none).
	 */
	so->so_protocol = (short)(dom == AF_UNIX ? 0 : proto != 0 ? proto : pr->pr_protocol);
	so->so_proto = pr;
	so->so_cred = *cr;
	so->so_pid = cr->pid;
	so->so_pgid = 0;
	sbinit(&so->so_rcv, SB_DEFAULT_HIWAT, (pr->pr_flags & PR_ATOMIC) != 0);
	sbinit(&so->so_snd, SB_DEFAULT_HIWAT, (pr->pr_flags & PR_ATOMIC) != 0);
	if ((error = pr->pr_usrreqs->pru_attach(so, proto)) != 0) {
		sbrelease(&so->so_rcv);
		sbrelease(&so->so_snd);
		free(so);
		return error;
	}
	/* The stack's list of every socket, for netstat. */
	so->so_allnext = st->st_sockets;
	if (st->st_sockets != NULL)
		st->st_sockets->so_allprevp = &so->so_allnext;
	so->so_allprevp = &st->st_sockets;
	st->st_sockets = so;
	*sop = so;
	return 0;
}

int
sobind(struct socket *so, const struct so_addr *nam, const struct ucred *cr)
{
	if (pru(so)->pru_bind == NULL)
		return EOPNOTSUPP;
	return pru(so)->pru_bind(so, nam, cr);
}

/*
 * listen(2): the backlog is clamped to SOMAXCONN as Linux does (4.2BSD
 * allowed 5, primer §2.4); a negative one means 0.  Listening again only
 * changes the limit.
 */
int
solisten(struct socket *so, int backlog, const struct ucred *cr)
{
	int error;

	if (!(so->so_proto->pr_flags & PR_LISTEN) || pru(so)->pru_listen == NULL)
		return EOPNOTSUPP;
	/*
	 * A failed connect's socket connects again (so_anew) but listens no
	 * more: its environment shut what carried it (BSD says EINVAL too,
	 * its block gone; Linux would listen).
	 */
	if (so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING | SS_CONNFAILED))
		return EINVAL;
	if ((error = pru(so)->pru_listen(so, backlog, cr)) != 0)
		return error;
	if (backlog < 0)
		backlog = 0;
	if (backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	so->so_qlimit = (short)backlog;
	so->so_options |= SOO_ACCEPTCONN;
	return 0;
}

/*
 * Takes the first complete connection off so_q.  Linux and 4.4BSD accept
 * one more connection than the backlog names; so does uipc (see sonewconn).
 */
int
soaccept(struct socket *head, struct socket **sop, struct sockaddr *nam, socklen_t *len)
{
	struct socket *so;

	if (!(head->so_options & SOO_ACCEPTCONN))
		return EINVAL;
	if ((so = head->so_q) == NULL) {
		if (head->so_error != 0)
			return sogeterror(head);
		/* Shut for reading with nothing left to hand out (Linux: unix_accept). */
		if (head->so_state & SS_CANTRCVMORE)
			return EINVAL;
		return EWOULDBLOCK;
	}
	head->so_q = so->so_qnext;
	head->so_qlen--;
	so->so_qnext = NULL;
	so->so_head = NULL;
	if (nam != NULL) {
		if (pru(so)->pru_accept != NULL)
			pru(so)->pru_accept(so, nam, len);
		else
			*len = 0;
	}
	*sop = so;
	return 0;
}

/*
 * connect(2).  A connection-oriented socket connects once (EISCONN after,
 * EALREADY while in progress); a datagram socket may connect again to
 * change its peer, or to AF_UNSPEC to dissolve the association (BSD).
 * A connect that answered before its connection was made (EINPROGRESS)
 * leaves the outcome untold: the first connect to find the connection
 * made answers 0, and only the ones after it EISCONN, as Linux's
 * inet_stream_connect moves SS_CONNECTING to SS_CONNECTED (a program may
 * connect again to learn the outcome).  An environment that waits and
 * answers the connect itself clears SS_CONNUNTOLD.
 */
int
soconnect(struct socket *so, const struct so_addr *nam, const struct ucred *cr)
{
	int error;

	if (so->so_options & SOO_ACCEPTCONN)
		return EOPNOTSUPP;
	if (pru(so)->pru_connect == NULL)
		return EOPNOTSUPP;
	if (so->so_proto->pr_flags & PR_CONNREQUIRED) {
		/* Failed: the failure answered once, then EINVAL until so_anew (above). */
		if (so->so_state & SS_CONNFAILED) {
			if (so->so_state & SS_CONNTOLD)
				return EINVAL;
			so->so_state |= SS_CONNTOLD;
			return so->so_error ? sogeterror(so) : ECONNABORTED;
		}
		if (so->so_state & SS_ISCONNECTED) {
			if (so->so_state & SS_CONNUNTOLD) {
				so->so_state &= ~SS_CONNUNTOLD;
				return 0;
			}
			return EISCONN;
		}
		if (so->so_state & SS_ISCONNECTING)
			return EALREADY;
	} else if (so->so_state & SS_ISCONNECTED) {
		if ((error = pru(so)->pru_disconnect(so)) != 0)
			return error;
		if (nam->len >= sizeof(sa_family_t) && nam->sa->sa_family == AF_UNSPEC)
			return 0;
	}
	if (nam->len >= sizeof(sa_family_t) && nam->sa->sa_family == AF_UNSPEC)
		return (so->so_proto->pr_flags & PR_CONNREQUIRED) ? EAFNOSUPPORT : 0;
	error = pru(so)->pru_connect(so, nam, cr);
	if (error == EINPROGRESS)
		so->so_state |= SS_CONNUNTOLD;
	return error;
}

/*
 * A socket whose connect failed (refused, timed out, unreachable) before
 * it ever connected: Linux lets it connect again from the start, where
 * BSD's has lost its protocol block and says EINVAL (the primer is
 * silent).  The protocol kept its block, reset as Linux resets it
 * (soconnfailed; for TCP, tcp_anew.c): the options set on it and a local
 * address or port the user bound stay.  As in Linux's
 * inet_stream_connect, the first connect after the failure answers it
 * (the pending error, or ECONNABORTED once SO_ERROR took it), unless the
 * failing connect itself waited and answered it (the environment then
 * sets SS_CONNTOLD); the next one starts anew.  so_may_anew tells a
 * socket at that point; so_anew clears what the failure left in its state.
 */
int
so_may_anew(const struct socket *so)
{
	return (so->so_state & (SS_CONNFAILED | SS_CONNTOLD)) == (SS_CONNFAILED | SS_CONNTOLD) &&
	    so->so_pcb != NULL && !(so->so_options & SOO_ACCEPTCONN) &&
	    !(so->so_state & (SS_HADCONN | SS_ISCONNECTING | SS_ISCONNECTED | SS_CLOSED));
}

int
so_anew(struct socket *so)
{
	if (!so_may_anew(so))
		return EINVAL;
	so->so_error = 0;
	so->so_state &= ~(SS_CONNFAILED | SS_CONNTOLD | SS_CONNUNTOLD | SS_CANTRCVMORE |
	    SS_CANTSENDMORE | SS_ISDISCONNECTING);
	return 0;
}

int
soconnect2(struct socket *so1, struct socket *so2)
{
	if (so1->so_proto != so2->so_proto)
		return EPROTOTYPE;
	if (pru(so1)->pru_connect2 == NULL)
		return EOPNOTSUPP;
	return pru(so1)->pru_connect2(so1, so2);
}

/*
 * shutdown(2), primer §2.6: 0 no more receiving (queued data discarded),
 * 1 no more sending (the protocol tells the peer: FIN, or EOF on a UNIX
 * stream), 2 both.  ENOTCONN on a socket never connected, as BSD and Linux.
 */
/* Resets the connections a listener has not handed out (its close, its shutdown). */
static void
soabortq(struct socket *so)
{
	struct socket *sp;

	while ((sp = so->so_q0) != NULL || (sp = so->so_q) != NULL) {
		sounlinkq(sp);
		sp->so_state |= SS_ABORTED;
		soclose(sp);
	}
}

/*
 * shutdown(2) of a listener, where the primer is silent and Linux answers:
 * the writing half is nothing to shut (0); the reading half stops it
 * taking connections, and an accept then fails with EINVAL, a blocked one
 * at once.  A TCP listener stops listening altogether, its queued
 * connections reset and new ones refused (inet_shutdown's disconnect);
 * it may listen again.  A UNIX-domain one refuses new connections
 * (ECONNREFUSED) but still hands out those already queued
 * (unix_shutdown, unix_accept).
 */
static int
solistenshutdown(struct socket *so, int how)
{
	if (how == SHUT_WR)
		return 0;
	if (so->so_proto->pr_domain == AF_UNIX) {
		socantrcvmore(so);
		return 0;
	}
	soabortq(so);
	so->so_options &= ~SOO_ACCEPTCONN;
	if (pru(so)->pru_rcvshutdown != NULL)
		pru(so)->pru_rcvshutdown(so);
	sowakeup(so, SO_EV_STATE | SO_EV_READ);
	return 0;
}

int
soshutdown(struct socket *so, int how)
{
	int error = 0;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return EINVAL;
	if (so->so_options & SOO_ACCEPTCONN)
		return solistenshutdown(so, how);
	/* Linux lets an unconnected UNIX-domain socket shut down; TCP says ENOTCONN. */
	if (!(so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING | SS_HADCONN)) &&
	    (so->so_proto->pr_flags & PR_CONNREQUIRED) && so->so_proto->pr_domain != AF_UNIX)
		return ENOTCONN;
	/*
	 * The reading half.  The primer (§2.6) says queued data is discarded;
	 * Linux keeps what is queued readable and stops the peer's sends at
	 * once (EPIPE).  uipc does what Linux does: data already in a
	 * process's channel could not be discarded anyway, so keeping all of
	 * it is the one consistent choice.
	 */
	if (how != SHUT_WR) {
		socantrcvmore(so);
		if (pru(so)->pru_rcvshutdown != NULL)
			pru(so)->pru_rcvshutdown(so);
	}
	if (how != SHUT_RD && !(so->so_state & SS_CANTSENDMORE)) {
		socantsendmore(so);
		if (pru(so)->pru_shutdown != NULL)
			error = pru(so)->pru_shutdown(so);
	}
	return error;
}

/*
 * The last reference from above is gone.  Queued connections of a
 * listener are aborted; a connected socket is disconnected (the protocol
 * may go on delivering data in the background, primer §2.6) and detached.
 * The socket is freed when the protocol lets go of it (sofree).
 */
void
soclose(struct socket *so)
{
	so->so_up.su_fn = NULL;
	so->so_state |= SS_CLOSED;
	if (so->so_options & SOO_ACCEPTCONN)
		soabortq(so);
	pru(so)->pru_detach(so);
	/* What lingers after the close (TIME_WAIT, data still to deliver)
	 * holds no buffer storage it will not use again. */
	sbflush(&so->so_rcv);
	sbclosed(&so->so_rcv);
	sbclosed(&so->so_snd);
	sofree(so);
}

int
sogetname(struct socket *so, int peer, struct sockaddr *nam, socklen_t *len)
{
	if (peer) {
		if (!(so->so_state & (SS_ISCONNECTED | SS_ISCONFIRMING)))
			return ENOTCONN;
		if (pru(so)->pru_peeraddr == NULL)
			return EOPNOTSUPP;
		return pru(so)->pru_peeraddr(so, nam, len);
	}
	if (pru(so)->pru_sockaddr == NULL)
		return EOPNOTSUPP;
	return pru(so)->pru_sockaddr(so, nam, len);
}

/* Returns and clears the pending asynchronous error (SO_ERROR, BSD). */
int
sogeterror(struct socket *so)
{
	int error = so->so_error;

	so->so_error = 0;
	return error;
}
