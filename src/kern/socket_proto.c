/*
 * Calls from below (4.4BSD kern/uipc_socket2.c, the so* half): protocols
 * report connection progress, end of data and errors here, and the socket
 * layer tells the environment through the upcall.
 */
#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>

#include "kern/so_errq.h"
#include "kern/socket.h"

void
sowakeup(struct socket *so, int events)
{
	if (so->so_up.su_fn != NULL)
		so->so_up.su_fn(so, events, so->so_up.su_arg);
}

/*
 * A connection request arrived at a listening socket: make the socket that
 * will carry it.  Returns NULL when the queues are full (so_qlimit + 1
 * complete connections, and as many incomplete, as 4.4BSD and Linux
 * allow) or memory is short; the protocol then ignores the request, so the
 * client retries (primer §2.4).  SONEW_CONNECTED: put it straight on so_q;
 * SONEW_NOQ0LIMIT: a full so_q0 does not refuse it (TCP's SYN cookies,
 * whose connections never waited there).
 */
struct socket *
sonewconn(struct socket *head, int flags)
{
	struct socket *so;
	struct socket **qp;
	int error, connected = (flags & SONEW_CONNECTED) != 0;

	if (soqfull(head) || (!(flags & SONEW_NOQ0LIMIT) && soq0full(head)))
		return NULL;
	if ((so = calloc(1, sizeof(*so))) == NULL)
		return NULL;
	so->so_id = ++sotostack(head)->st_nextid;
	so->so_host = head->so_host;
	so->so_type = head->so_type;
	so->so_protocol = head->so_protocol;
	so->so_proto = head->so_proto;
	so->so_options = head->so_options & ~SOO_ACCEPTCONN;
	so->so_linger = head->so_linger;
	so->so_cred = head->so_cred;
	so->so_pgid = head->so_pgid;
	sbinit(&so->so_rcv, head->so_rcv.sb_hiwat, head->so_rcv.sb_records);
	sbinit(&so->so_snd, head->so_snd.sb_hiwat, head->so_snd.sb_records);
	so->so_rcv.sb_userset = head->so_rcv.sb_userset;
	so->so_snd.sb_userset = head->so_snd.sb_userset;
	so->so_rcv.sb_lowat = head->so_rcv.sb_lowat;
	so->so_snd.sb_lowat = head->so_snd.sb_lowat;
	/*
	 * Linux's TCP clones the listener (sk_clone_lock), timeouts and all;
	 * an AF_UNIX connection is a fresh socket (unix_stream_connect), its
	 * timeouts unset.
	 */
	if (head->so_proto->pr_domain != AF_UNIX) {
		so->so_rcv.sb_timeo_us = head->so_rcv.sb_timeo_us;
		so->so_snd.sb_timeo_us = head->so_snd.sb_timeo_us;
	}
	so->so_pid = head->so_pid;
	/* A connection waiting for accept is its listener's owner's already. */
	so_setowner(so, head->so_owner);
	if ((error = so->so_proto->pr_usrreqs->pru_attach(so, 0)) != 0) {
		sbrelease(&so->so_rcv);
		sbrelease(&so->so_snd);
		free(so);
		return NULL;
	}
	so->so_allnext = sotostack(head)->st_sockets;
	if (so->so_allnext != NULL)
		so->so_allnext->so_allprevp = &so->so_allnext;
	so->so_allprevp = &sotostack(head)->st_sockets;
	sotostack(head)->st_sockets = so;

	so->so_head = head;
	for (qp = connected ? &head->so_q : &head->so_q0; *qp != NULL; qp = &(*qp)->so_qnext)
		;
	*qp = so;
	if (connected) {
		head->so_qlen++;
		so->so_state |= SS_ISCONNECTED | SS_HADCONN;
		sowakeup(head, SO_EV_READ);
	} else {
		head->so_q0len++;
		so->so_onq0 = 1;
	}
	return so;
}

int
soqfull(const struct socket *head)
{
	return head->so_qlen + head->so_qextra > head->so_qlimit;
}

int
soq0full(const struct socket *head)
{
	return head->so_q0len > head->so_qlimit;
}

/* Takes a socket off its listener's queue (it was aborted, or accepted). */
void
sounlinkq(struct socket *so)
{
	struct socket *head = so->so_head, **qp;

	if (head == NULL)
		return;
	for (qp = so->so_onq0 ? &head->so_q0 : &head->so_q; *qp != NULL; qp = &(*qp)->so_qnext)
		if (*qp == so) {
			*qp = so->so_qnext;
			break;
		}
	if (so->so_onq0)
		head->so_q0len--;
	else
		head->so_qlen--;
	so->so_onq0 = 0;
	so->so_qnext = NULL;
	so->so_head = NULL;
}

void
soisconnecting(struct socket *so)
{
	so->so_state &= ~(SS_ISCONNECTED | SS_ISDISCONNECTING);
	so->so_state |= SS_ISCONNECTING;
}

/*
 * The connection is made.  A socket waiting on a listener's so_q0 moves to
 * so_q and the listener becomes readable; any other socket's user is told.
 */
void
soisconnected(struct socket *so)
{
	struct socket *head = so->so_head, **qp;

	so->so_state &= ~(SS_ISCONNECTING | SS_ISDISCONNECTING | SS_ISCONFIRMING);
	so->so_state |= SS_ISCONNECTED | SS_HADCONN;
	if (head != NULL && so->so_onq0) {
		sounlinkq(so);
		so->so_head = head;
		for (qp = &head->so_q; *qp != NULL; qp = &(*qp)->so_qnext)
			;
		*qp = so;
		head->so_qlen++;
		sowakeup(head, SO_EV_READ);
		return;
	}
	sowakeup(so, SO_EV_STATE | SO_EV_READ | SO_EV_WRITE);
}

void
soisdisconnecting(struct socket *so)
{
	so->so_state &= ~SS_ISCONNECTING;
	so->so_state |= SS_ISDISCONNECTING | SS_CANTRCVMORE | SS_CANTSENDMORE;
	sowakeup(so, SO_EV_STATE | SO_EV_READ | SO_EV_WRITE);
}

void
soisdisconnected(struct socket *so)
{
	so->so_state &= ~(SS_ISCONNECTING | SS_ISCONNECTED | SS_ISDISCONNECTING);
	so->so_state |= SS_CANTRCVMORE | SS_CANTSENDMORE;
	sowakeup(so, SO_EV_STATE | SO_EV_READ | SO_EV_WRITE);
}

/*
 * A connect failed before the connection was made (refused, timed out,
 * unreachable) and the protocol kept its block for another attempt, as
 * Linux keeps its sock (tcp_disconnect): the socket is disconnected now,
 * and connects again once the failure is reported (so_anew).
 */
void
soconnfailed(struct socket *so)
{
	so->so_state |= SS_CONNFAILED;
	soisdisconnected(so);
}

void
socantsendmore(struct socket *so)
{
	so->so_state |= SS_CANTSENDMORE;
	sowakeup(so, SO_EV_WRITE | SO_EV_STATE);
}

void
socantrcvmore(struct socket *so)
{
	so->so_state |= SS_CANTRCVMORE;
	sowakeup(so, SO_EV_READ);
}

/* Urgent data arrived: SIGURG for the owner (primer §5.1, §5.6). */
void
sohasoutofband(struct socket *so)
{
	sowakeup(so, SO_EV_OOB | SO_EV_READ);
}

/* An asynchronous error, kept until the next call returns it (BSD so_error). */
void
soseterror(struct socket *so, int error)
{
	so->so_error = error;
	sowakeup(so, SO_EV_STATE | SO_EV_READ | SO_EV_WRITE);
}

/*
 * Frees a socket once both sides have let go: the user closed it (or never
 * had it: a queued connection aborted) and the protocol detached (so_pcb
 * NULL).  The environment hears SO_EV_FREE first if it still listens.
 */
void
sofree(struct socket *so)
{
	if (so->so_pcb != NULL || !(so->so_state & SS_CLOSED))
		return;
	sounlinkq(so);
	if (so->so_allprevp != NULL) {
		*so->so_allprevp = so->so_allnext;
		if (so->so_allnext != NULL)
			so->so_allnext->so_allprevp = so->so_allprevp;
	}
	sbrelease(&so->so_rcv);
	sbrelease(&so->so_snd);
	soerrq_flush(so);
	free(so);
}
