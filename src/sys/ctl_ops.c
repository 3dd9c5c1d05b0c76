/*
 * One handler per control request (ctl_proto.h), each checking what it was
 * given (descriptor kinds and counts, address lengths, option sizes) before
 * it acts, and answering with an errno otherwise.  A handler keeps a
 * descriptor by setting its slot to -1; proc_input closes the rest.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <unistd.h>

#include "net/net_host.h"
#include "sys/ctl_errq.h"
#include "sys/uipcd.h"

/* The wire's bound on a host name is the stack's (ctl_proto.h). */
_Static_assert(CTL_HOSTNAMELEN == HOST_NAMELEN, "CTL_HOSTNAMELEN is not HOST_NAMELEN");

struct ctx {
	struct proc *p;
	const struct ctl_req *rq;
	const uint8_t *data;
	size_t len;
	int *fds;
	int nfds;
	int made;		/* uipcd made the channels: the process's ends go with the reply */
};

static void
reply(struct ctx *x, int error, const int32_t val[4], const void *data, size_t len)
{
	proc_reply(x->p, x->rq->cr_op, x->rq->cr_seq, error, val, data, len, 0);
}

/* The socket named by the request's first descriptor. */
static struct chan *
ctx_chan(struct ctx *x, int *error)
{
	struct chan *c;

	if (x->nfds < 1) {
		*error = EBADF;
		return NULL;
	}
	/* Who asked last holds it, as far as netstat can tell. */
	if ((c = chan_lookup(x->p->p_d, x->fds[0], error)) != NULL)
		c->c_so->so_pid = x->p->p_as.pid;
	return c;
}

/* The inode of socket fd: the identity of a channel's process end. */
static int
sockino(int fd, unsigned long *ino)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode))
		return ENOTSOCK;
	*ino = st.st_ino;
	return 0;
}

static int
chantype(int sotype)
{
	return sotype == SOCK_STREAM ? SOCK_STREAM : SOCK_SEQPACKET;
}

/* An address from the request's data, for bind and connect. */
static int
ctx_addr(struct ctx *x, struct sockaddr_storage *ss, socklen_t *len)
{
	if (x->len < sizeof(sa_family_t) || x->len > sizeof(*ss))
		return EINVAL;
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, x->data, x->len);
	*len = (socklen_t)x->len;
	return 0;
}

static void
op_hello(struct ctx *x)
{
	char name[HOST_NAMELEN];
	struct host *h = x->p->p_d->d_stack->st_hosts;

	if (x->len >= sizeof(name)) {
		reply(x, EINVAL, NULL, NULL, 0);
		return;
	}
	if (x->len > 0) {
		memcpy(name, x->data, x->len);
		name[x->len] = '\0';
		if ((h = uipcd_host(x->p->p_d, name)) == NULL) {
			reply(x, ENOENT, NULL, NULL, 0);
			return;
		}
	}
	x->p->p_host = h;
	reply(x, 0, NULL, h->h_name, strlen(h->h_name));
}

static void
op_socket(struct ctx *x)
{
	struct socket *so;
	unsigned long ino;
	int error, type = x->rq->cr_arg[1];
	int32_t val[4] = { 0 };

	if (x->nfds != 2) {
		reply(x, EINVAL, NULL, NULL, 0);
		return;
	}
	if ((error = sockino(x->fds[1], &ino)) != 0) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	/* A socket made lazily may be asked for twice (after a fork): once is enough. */
	if (chan_find(x->p->p_d, ino) != NULL) {
		reply(x, 0, val, NULL, 0);
		return;
	}
	if ((error = owner_may_create_now(x->p->p_d, x->p->p_cred.uid, 1)) != 0 ||
	    (error = socreate(x->p->p_host, x->rq->cr_arg[0], type, x->rq->cr_arg[2],
	    &x->p->p_as, &so)) != 0) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	/* The two ends of one host socketpair of the channel's kind (chan_pair.c). */
	if ((error = chan_pair_check(x->p->p_d, x->fds[0], x->fds[1], ino, chantype(type),
	    &x->p->p_cred)) != 0) {
		soclose(so);
		reply(x, error, NULL, NULL, 0);
		return;
	}
	if (chan_new(x->p->p_d, x->fds[0], ino, so) == NULL) {
		soclose(so);
		reply(x, ENOBUFS, NULL, NULL, 0);
		return;
	}
	x->fds[0] = -1;
	/* Made lazily (cr_arg[3], ctl_proto.h): its timeouts so far are the channel's alone. */
	if (x->rq->cr_arg[3] == CTL_SOCKET_LAZY)
		chan_adopt_timeouts(so, x->fds[1]);
	val[0] = (int32_t)so->so_id;
	if (x->made)
		proc_reply_fds(x->p, x->rq->cr_op, x->rq->cr_seq, 0, val, NULL, 0, 0, &x->fds[1], 1);
	else
		reply(x, 0, val, NULL, 0);
}

static void
op_socketpair(struct ctx *x)
{
	struct socket *a, *b;
	unsigned long ia, ib;
	int error, type = x->rq->cr_arg[1];
	struct chan *ca;

	if (x->nfds != 4) {
		reply(x, EINVAL, NULL, NULL, 0);
		return;
	}
	if ((error = owner_may_create_now(x->p->p_d, x->p->p_cred.uid, 2)) != 0 ||
	    (error = socreate(x->p->p_host, x->rq->cr_arg[0], type, x->rq->cr_arg[2],
	    &x->p->p_as, &a)) != 0) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	if ((error = socreate(x->p->p_host, x->rq->cr_arg[0], type, x->rq->cr_arg[2],
	    &x->p->p_as, &b)) != 0) {
		soclose(a);
		reply(x, error, NULL, NULL, 0);
		return;
	}
	if ((error = sockino(x->fds[1], &ia)) != 0 || (error = sockino(x->fds[3], &ib)) != 0 ||
	    (error = chan_pair_check(x->p->p_d, x->fds[0], x->fds[1], ia, chantype(type),
	    &x->p->p_cred)) != 0 ||
	    (error = chan_pair_check(x->p->p_d, x->fds[2], x->fds[3], ib, chantype(type),
	    &x->p->p_cred)) != 0 ||
	    ia == ib || (error = soconnect2(a, b)) != 0) {
		if (error == 0)
			error = EINVAL;
		soclose(a);
		soclose(b);
		reply(x, error, NULL, NULL, 0);
		return;
	}
	if ((ca = chan_new(x->p->p_d, x->fds[0], ia, a)) == NULL) {
		soclose(a);
		soclose(b);
		reply(x, ENOBUFS, NULL, NULL, 0);
		return;
	}
	x->fds[0] = -1;
	if (chan_new(x->p->p_d, x->fds[2], ib, b) == NULL) {
		chan_close(ca);
		soclose(b);
		reply(x, ENOBUFS, NULL, NULL, 0);
		return;
	}
	x->fds[2] = -1;
	if (x->made) {
		int pe[2] = { x->fds[1], x->fds[3] };

		proc_reply_fds(x->p, x->rq->cr_op, x->rq->cr_seq, 0, NULL, NULL, 0, 0, pe, 2);
	} else
		reply(x, 0, NULL, NULL, 0);
}

/*
 * A process with too few descriptors free to make its channels (a host
 * socketpair takes two, where the kernel's socket takes one) asks with
 * none: uipcd makes the n channels, and the process's ends go with the
 * reply, one descriptor each (ctl_proto.h).  op is op_socket or
 * op_socketpair, which take them as if the process had sent them.
 */
static void
op_made(struct ctx *x, int n, void (*op)(struct ctx *))
{
	int fds[4] = { -1, -1, -1, -1 }, i, error = 0;
	struct ctx y = *x;

	for (i = 0; i < n && error == 0; i++)
		if (socketpair(AF_UNIX, chantype(x->rq->cr_arg[1]) | SOCK_CLOEXEC, 0, &fds[2 * i]) < 0)
			error = errno;
	if (error != 0) {
		reply(x, error == EMFILE || error == ENFILE ? ENOBUFS : error, NULL, NULL, 0);
	} else {
		y.fds = fds;
		y.nfds = 2 * n;
		y.made = 1;
		op(&y);
	}
	for (i = 0; i < 4; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static void
op_identify(struct ctx *x)
{
	struct chan *c;
	int error;
	int32_t val[4];

	if ((c = ctx_chan(x, &error)) == NULL) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	val[0] = c->c_so->so_proto->pr_domain;
	val[1] = c->c_so->so_type;
	val[2] = c->c_so->so_protocol;
	val[3] = ((c->c_so->so_options & SOO_ACCEPTCONN) ? CTL_ID_LISTENING : 0) |
	    ((c->c_so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING | SS_ISCONFIRMING | SS_HADCONN)) ?
	    CTL_ID_PEERED : 0);
	reply(x, 0, val, NULL, 0);
}

static void
op_bind(struct ctx *x)
{
	struct sockaddr_storage ss;
	struct so_node node;
	struct so_addr nam;
	struct chan *c;
	int error;

	if ((c = ctx_chan(x, &error)) == NULL || (error = ctx_addr(x, &ss, &nam.len)) != 0) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	nam.sa = (struct sockaddr *)&ss;
	nam.node = NULL;
	/* Only a UNIX-domain name keeps a node (unp_bind); any other socket's is not taken. */
	if (x->nfds >= 2 && c->c_so->so_proto->pr_domain == AF_UNIX) {
		if ((error = node_from_fd(x->fds[1], NODE_HOLD, &node)) != 0) {
			reply(x, error, NULL, NULL, 0);
			return;
		}
		node.sn_fd = x->fds[1];
		nam.node = &node;
	}
	error = sobind(c->c_so, &nam, &x->p->p_as);
	if (error == 0 && nam.node != NULL)
		x->fds[1] = -1;		/* the name holds the node now */
	reply(x, error, NULL, NULL, 0);
}

static void
op_listen(struct ctx *x)
{
	struct chan *c;
	int error;

	if ((c = ctx_chan(x, &error)) == NULL) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	/*
	 * A TCP listener shut down may listen again on Linux; on uipc its
	 * channel already told every accept EOF, which cannot be taken back
	 * (docs/DIFFERENCES.md).  A UNIX-domain one still listens: Linux
	 * answers 0 and accept stays EINVAL, as here.
	 */
	if ((c->c_flags & CH_LISTENSHUT) && !(c->c_so->so_options & SOO_ACCEPTCONN)) {
		reply(x, EINVAL, NULL, NULL, 0);
		return;
	}
	error = solisten(c->c_so, x->rq->cr_arg[0], &x->p->p_as);
	if (error == 0)
		c->c_flags |= CH_LISTEN;
	reply(x, error, NULL, NULL, 0);
}

/* Retries the connects parked on listener lc, in order, while they fit. */
void
ctl_retry_parked(struct chan *lc)
{
	struct parked *pk;
	struct so_addr nam;
	int error;

	while ((pk = lc->c_parked) != NULL) {
		nam.sa = (struct sockaddr *)&pk->pk_addr;
		nam.len = pk->pk_addrlen;
		/* A path's connect holds its node; an abstract name has none. */
		nam.node = pk->pk_node.sn_fd >= 0 ? &pk->pk_node : NULL;
		error = soconnect(pk->pk_chan->c_so, &nam, &pk->pk_proc->p_as);
		if (error == EAGAIN)
			return;
		lc->c_parked = pk->pk_next;
		pk->pk_chan->c_parkedon = NULL;
		proc_reply(pk->pk_proc, CTL_CONNECT, pk->pk_seq, error, NULL, NULL, 0, 0);
		if (pk->pk_node.sn_fd >= 0)
			close(pk->pk_node.sn_fd);
		free(pk);
	}
}

/*
 * A TCP socket that failed to connect starts anew (CTL_CONN_ANEW): a fresh
 * protocol block, and the new channel the process made (fds[1] uipcd's
 * end, fds[2] the process's) in place of the old, shut one.
 */
static int
connect_anew(struct ctx *x, struct chan *c)
{
	unsigned long ino;
	int error;

	if (x->nfds != 3 || !so_may_anew(c->c_so))
		return EINVAL;
	if ((error = sockino(x->fds[2], &ino)) != 0)
		return error;
	if (chan_find(x->p->p_d, ino) != NULL)
		return EINVAL;
	if ((error = chan_pair_check(x->p->p_d, x->fds[1], x->fds[2], ino, SOCK_STREAM,
	    &x->p->p_cred)) != 0)
		return error;
	if ((error = so_anew(c->c_so)) != 0)
		return error;
	if ((error = chan_renew(c, x->fds[1], ino)) != 0)
		return error;
	x->fds[1] = -1;
	return 0;
}

/*
 * The rounds of loopback delivery a connect waits for: the SYN, its answer
 * (SYN-ACK or RST), and the ACK that ends the handshake (RFC 793 §3.4).
 */
#define CONNECT_LO_ROUNDS	3

static void
op_connect(struct ctx *x)
{
	struct sockaddr_storage ss;
	struct so_node node;
	struct so_addr nam;
	struct chan *c, *lc;
	struct parked *pk, **pp;
	struct socket *lso;
	int error;

	if ((c = ctx_chan(x, &error)) == NULL || (error = ctx_addr(x, &ss, &nam.len)) != 0) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	nam.sa = (struct sockaddr *)&ss;
	nam.node = NULL;
	if (x->rq->cr_arg[2] == CTL_CONN_ANEW) {
		if ((error = connect_anew(x, c)) != 0) {
			reply(x, error, NULL, NULL, 0);
			return;
		}
	} else if (x->nfds >= 2) {
		if ((error = node_from_fd(x->fds[1], NODE_HOLD, &node)) != 0) {
			reply(x, error, NULL, NULL, 0);
			return;
		}
		nam.node = &node;
	}
	error = soconnect(c->c_so, &nam, &x->p->p_as);
	if (error == EINVAL && so_may_anew(c->c_so)) {
		int32_t val[4] = { CTL_CONN_ANEW, 0, 0, 0 };

		reply(x, error, val, NULL, 0);
		return;
	}
	if (error == EAGAIN && !x->rq->cr_arg[0] && nam.len <= sizeof(pk->pk_addr) &&
	    (lso = so_named(c->c_so, &nam)) != NULL && (lc = lso->so_env) != NULL &&
	    (pk = calloc(1, sizeof(*pk))) != NULL) {
		/* Linux makes a blocking connect to a full listener wait. */
		pk->pk_proc = x->p;
		pk->pk_seq = x->rq->cr_seq;
		pk->pk_chan = c;
		pk->pk_node.sn_fd = -1;		/* an abstract name: no node */
		if (nam.node != NULL) {
			pk->pk_node = node;
			pk->pk_node.sn_fd = x->fds[1];
			x->fds[1] = -1;
		}
		memcpy(&pk->pk_addr, &ss, sizeof(pk->pk_addr));
		pk->pk_addrlen = nam.len;
		for (pp = &lc->c_parked; *pp != NULL; pp = &(*pp)->pk_next)
			;
		*pp = pk;
		c->c_parkedon = lc;
		return;
	}
	/*
	 * A connection in progress (TCP).  A blocking caller's answer waits
	 * until it is made or fails (chan_connect_done); a non-blocking one
	 * hears EINPROGRESS, and its descriptor turns writable only then: the
	 * process filled its channel (cr_arg[1] bytes) before asking, and
	 * uipcd drains that filling once the connection is decided.
	 */
	if (error == EINPROGRESS) {
		c->c_discard = (uint32_t)(x->rq->cr_arg[1] > 0 ? x->rq->cr_arg[1] : 0);
		if (!x->rq->cr_arg[0]) {
			c->c_connproc = x->p;
			c->c_connseq = x->rq->cr_seq;
		}
		/*
		 * To a socket of this host, the handshake is over before the
		 * answer, as on Linux (whose loopback runs the receive path in
		 * the sender's context, inside the call): a refusal is then
		 * SO_ERROR and the next connect's answer, a connection is
		 * accepted, at once.  Left to the timer queue, it ran after
		 * the answer, and the process's next call (a listen on the
		 * port, in CPython's test_sock_client_connect_racing) could
		 * come first.  A connection on another path is not touched.
		 */
		lo_deliver_now(c->c_so->so_host, CONNECT_LO_ROUNDS);
		if (!x->rq->cr_arg[0]) {
			chan_work(x->p->p_d);	/* answers it, if decided */
			return;
		}
	} else if (x->rq->cr_arg[1] > 0) {
		c->c_discard = (uint32_t)x->rq->cr_arg[1];
		chan_dirty(c);
	}
	/* The listener's process can accept the connection once connect returns. */
	chan_work(x->p->p_d);
	reply(x, error, NULL, NULL, 0);
}

/*
 * A listener (soshutdown says what Linux does).  Shut for reading, its
 * channel gets EOF once the connections still to hand out are in it
 * (chan_listen_push), so every blocked accept returns EINVAL; connects
 * parked on it are refused now.  A TCP listener's queue was reset, and
 * the connection already in the channel is reset too: the process reads
 * it off and closes it (CTL_SHUT_DRAIN).
 */
static void
shutdown_listener(struct ctx *x, struct chan *c, int how)
{
	int32_t val[4] = { CTL_SHUT_LISTENER, 0, 0, 0 };
	int error;

	error = soshutdown(c->c_so, how);
	if (error == 0 && how != SHUT_WR) {
		c->c_flags |= CH_LISTENSHUT;
		if (!(c->c_so->so_options & SOO_ACCEPTCONN) && c->c_pushed != NULL) {
			if (c->c_pushed->c_so != NULL)
				c->c_pushed->c_so->so_state |= SS_ABORTED;
			val[0] |= CTL_SHUT_DRAIN;
		}
		ctl_retry_parked(c);
		chan_dirty(c);
		chan_work(x->p->p_d);
	}
	reply(x, error, val, NULL, 0);
}

static void
op_shutdown(struct ctx *x)
{
	struct chan *c;
	int error, how = x->rq->cr_arg[0];

	if ((c = ctx_chan(x, &error)) == NULL) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	if (how < SHUT_RD || how > SHUT_RDWR) {
		reply(x, EINVAL, NULL, NULL, 0);
		return;
	}
	if (c->c_so->so_options & SOO_ACCEPTCONN) {
		shutdown_listener(x, c, how);
		return;
	}
	/*
	 * The writing half travels in order with the data: the process shuts
	 * its end of the channel for writing after this answer, and uipcd
	 * shuts the socket when it reads that EOF.  Here: the checks, and the
	 * reading half.
	 */
	error = 0;
	if (how != SHUT_RD)
		c->c_flags |= CH_SHUTREQ;
	if ((c->c_so->so_proto->pr_flags & PR_CONNREQUIRED) && c->c_so->so_proto->pr_domain != AF_UNIX &&
	    !(c->c_so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING | SS_HADCONN)))
		error = ENOTCONN;
	else if (how != SHUT_WR)
		error = soshutdown(c->c_so, SHUT_RD);
	chan_dirty(c);
	/* The peer's channel refuses its writes before this call returns. */
	chan_work(x->p->p_d);
	reply(x, error, NULL, NULL, 0);
}

static void
op_getname(struct ctx *x)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct chan *c;
	int error;

	if ((c = ctx_chan(x, &error)) == NULL) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	memset(&ss, 0, sizeof(ss));
	error = sogetname(c->c_so, x->rq->cr_arg[0] != 0, (struct sockaddr *)&ss, &len);
	reply(x, error, NULL, &ss, error ? 0 : len);
}

static void
op_setopt(struct ctx *x)
{
	struct socket *peer;
	struct chan *c;
	int error;

	if ((c = ctx_chan(x, &error)) == NULL) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	error = sosetopt(c->c_so, x->rq->cr_arg[0], x->rq->cr_arg[1], x->data, (socklen_t)x->len);
	/* A UNIX stream peer's sends carry credentials from now on. */
	if (error == 0 && x->rq->cr_arg[0] == SOL_SOCKET && x->rq->cr_arg[1] == SO_PASSCRED &&
	    c->c_so->so_type == SOCK_STREAM && (peer = so_peer(c->c_so)) != NULL &&
	    peer->so_env != NULL)
		chan_want_creds(peer->so_env);
	if (error == 0 && x->rq->cr_arg[0] == SOL_SOCKET && x->rq->cr_arg[1] == SO_RCVBUF)
		chan_fit_rcvbuf(c);
	chan_dirty(c);
	reply(x, error, NULL, NULL, 0);
}

static void
op_getopt(struct ctx *x)
{
	uint8_t val[256];
	socklen_t len;
	struct chan *c;
	int error;

	if ((c = ctx_chan(x, &error)) == NULL) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	if (x->rq->cr_arg[2] < 0) {
		reply(x, EINVAL, NULL, NULL, 0);
		return;
	}
	if (x->rq->cr_arg[0] == IPPROTO_IP && x->rq->cr_arg[1] == CTL_IP_ERRQUEUE) {
		uint8_t rec[CTL_MAXDATA];
		size_t n = ctl_errq_take(c->c_so, rec, sizeof(rec), &error);

		reply(x, error, NULL, rec, n);
		return;
	}
	len = (socklen_t)x->rq->cr_arg[2] < sizeof(val) ? (socklen_t)x->rq->cr_arg[2] : sizeof(val);
	memset(val, 0, sizeof(val));
	error = sogetopt(c->c_so, x->rq->cr_arg[0], x->rq->cr_arg[1], val, &len);
	reply(x, error, NULL, val, error ? 0 : len);
}

/*
 * ioctls the process cannot answer from its channel alone: FIONREAD adds
 * what uipcd still holds; SIOCSPGRP/SIOCGPGRP keep the owner with the
 * socket too (the host delivers SIGURG and SIGIO on the channel itself).
 */
static void
op_ioctl(struct ctx *x)
{
	struct chan *c;
	int error;
	int32_t val[4] = { 0 };

	if ((c = ctx_chan(x, &error)) == NULL) {
		reply(x, error, NULL, NULL, 0);
		return;
	}
	error = 0;
	switch ((unsigned long)(uint32_t)x->rq->cr_arg[0]) {
	case FIONREAD:
		/* What is in flight toward this socket is counted too (CTL_SYNC). */
		uipcd_drain(x->p->p_d);
		if (c->c_flags & CH_DEAD) {
			error = EBADF;
			break;
		}
		/* A listener has no bytes to count (Linux: unix_inq_len, tcp_ioctl). */
		if (c->c_so->so_options & SOO_ACCEPTCONN) {
			error = EINVAL;
			break;
		}
		val[0] = (int32_t)c->c_so->so_rcv.sb_cc;
		/* A datagram socket's next message; a seqpacket's every byte (unix_inq_len). */
		if ((c->c_so->so_proto->pr_flags & PR_ATOMIC) && c->c_so->so_type != SOCK_SEQPACKET)
			val[0] = c->c_so->so_rcv.sb_rec ? (int32_t)c->c_so->so_rcv.sb_rec->r_len : 0;
		break;
	case SIOCSPGRP:
		c->c_so->so_pgid = x->rq->cr_arg[1];
		break;
	case SIOCGPGRP:
		val[0] = c->c_so->so_pgid;
		break;
	default:
		error = ENOTTY;
	}
	reply(x, error, val, NULL, 0);
}

void
ctl_dispatch(struct proc *p, const struct ctl_req *rq, const void *data, size_t len,
    int *fds, int nfds)
{
	struct ctx x = { p, rq, data, len, fds, nfds, 0 };

	/*
	 * Whatever the process did before this request (writes, shutdowns and
	 * closes of channels) is taken in first, so the request sees the
	 * socket as the process left it: a close before a send to it, data
	 * sent before a shutdown(0).
	 */
	/*
	 * A bind too: a close in flight gives back the port or name it would
	 * take (on the host, a port is free the moment close() returns).
	 */
	switch (rq->cr_op) {
	case CTL_HELLO: case CTL_SOCKET: case CTL_SOCKETPAIR: case CTL_IDENTIFY:
	case CTL_LISTEN: case CTL_SYNC: case CTL_ACTFOR:
		break;		/* nothing in flight changes their answer */
	default:
		uipcd_drain(p->p_d);
	}
	switch (rq->cr_op) {
	case CTL_HELLO: op_hello(&x); break;
	case CTL_SOCKET:
		if (nfds == 0)
			op_made(&x, 1, op_socket);
		else
			op_socket(&x);
		break;
	case CTL_SOCKETPAIR:
		if (nfds == 0)
			op_made(&x, 2, op_socketpair);
		else
			op_socketpair(&x);
		break;
	case CTL_IDENTIFY: op_identify(&x); break;
	case CTL_BIND: op_bind(&x); break;
	case CTL_LISTEN: op_listen(&x); break;
	case CTL_CONNECT: op_connect(&x); break;
	case CTL_SHUTDOWN: op_shutdown(&x); break;
	case CTL_GETNAME: op_getname(&x); break;
	case CTL_SETOPT: op_setopt(&x); break;
	case CTL_GETOPT: op_getopt(&x); break;
	case CTL_IOCTL: op_ioctl(&x); break;
	case CTL_NETSTAT: ctl_netstat(p, rq); break;
	case CTL_SENDTO: ctl_sendto(p, rq, data, len, fds, nfds); break;
	case CTL_SYNC: ctl_sync(p, rq); break;
	case CTL_IFIOCTL: case CTL_ROUTE: case CTL_ARP: case CTL_INETSTAT:
		ctl_ifops(p, rq, data, len);
		break;
	case CTL_CLOCK: case CTL_HOSTINFO: ctl_clock(p, rq); break;
	case CTL_UTS: ctl_uts(p, rq, data, len); break;
	case CTL_ACTFOR: ctl_actfor(p, rq); break;
	default: reply(&x, ENOSYS, NULL, NULL, 0); break;
	}
}
