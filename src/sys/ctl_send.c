/*
 * Sending on message sockets (CTL_SENDTO) and CTL_SYNC.
 *
 * A send on a datagram or seqpacket socket is a request, not a write on
 * the channel, so that what the primer calls errors known at once come from
 * the sending call itself (primer §2.7: "Where information is present
 * locally to recognize a message which may never be delivered ... the call
 * will return -1"), and so that the message is in its receiver's channel
 * before the call returns, as it would be in the receiver's queue on the
 * host.  A blocking send to a full receiver waits here, parked on the
 * sending channel, until the receiver makes room (SO_EV_WRITE).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/timer.h"
#include "kern/host.h"
#include "sys/uipcd.h"

struct psend {
	struct psend *ps_next;
	struct chan *ps_chan;		/* parked on it */
	struct timer ps_timer;		/* SO_SNDTIMEO, while parked */
	struct proc *ps_proc;
	uint32_t ps_seq;
	int ps_flags;			/* MSG_OOB: refused by atomic protocols */
	struct sbrec *ps_rec;		/* the message, its control, its destination */
	int ps_hasto;
	struct so_node ps_node;
	int ps_hasnode;
	struct ucred ps_cred;
};

/* One attempt; EWOULDBLOCK leaves everything with the caller. */
static int
send_try(struct chan *c, struct psend *ps, size_t *done)
{
	struct sbrec *r = ps->ps_rec;
	struct so_addr to;
	int error;

	if (!ps->ps_hasto)
		return sosend(c->c_so, r->r_data, r->r_len, ps->ps_flags, NULL, r->r_ctl, &ps->ps_cred, done);
	to.sa = (struct sockaddr *)r->r_addr;
	to.len = r->r_addrlen;
	to.node = ps->ps_hasnode ? &ps->ps_node : NULL;
	error = sosend(c->c_so, r->r_data, r->r_len, ps->ps_flags, &to, r->r_ctl, &ps->ps_cred, done);
	return error;
}

static timer_fn send_timeout;

static struct timerq *
send_timers(struct chan *c)
{
	return c->c_d->d_stack->st_timers;
}

static void
send_done(struct uipcd *d, struct psend *ps, int error, size_t done)
{
	int32_t val[4] = { (int32_t)done, 0, 0, 0 };

	if (timer_pending(&ps->ps_timer))
		timer_cancel(send_timers(ps->ps_chan), &ps->ps_timer);
	if (error != EWOULDBLOCK)
		ps->ps_rec->r_ctl = NULL;	/* sosend took it */
	/* The receiver's channel first: the message is there when the call returns. */
	chan_work(d);
	proc_reply(ps->ps_proc, CTL_SENDTO, ps->ps_seq, error, val, NULL, 0, 0);
	sbrec_free(ps->ps_rec);
	free(ps);
}

void
ctl_sendto(struct proc *p, const struct ctl_req *rq, const uint8_t *data, size_t len,
    int *fds, int nfds)
{
	struct chan_msg hdrbuf, *hdr = &hdrbuf;
	struct so_control *ctl = NULL;
	struct psend *ps, **pp;
	struct chan *c;
	size_t done = 0, plen;
	int error = 0, first = 1, i;

	if (nfds < 1) {
		proc_reply(p, rq->cr_op, rq->cr_seq, EBADF, NULL, NULL, 0, 0);
		return;
	}
	if ((c = chan_lookup(p->p_d, fds[0], &error)) == NULL || !(c->c_flags & CH_MSG)) {
		proc_reply(p, rq->cr_op, rq->cr_seq, c == NULL ? error : EOPNOTSUPP, NULL, NULL, 0, 0);
		return;
	}
	/* The request's data is not aligned for the header: copy it out. */
	if (len >= sizeof(*hdr))
		memcpy(hdr, data, sizeof(*hdr));
	if (len < sizeof(*hdr) || hdr->cm_addrlen > sizeof(hdr->cm_addr) ||
	    ((hdr->cm_flags & CM_NODE) && nfds < 2)) {
		proc_reply(p, rq->cr_op, rq->cr_seq, EINVAL, NULL, NULL, 0, 0);
		return;
	}
	plen = len - sizeof(*hdr);
	if ((ps = calloc(1, sizeof(*ps))) == NULL ||
	    (ps->ps_rec = sbrec_new(data + sizeof(*hdr), plen, NULL, sizeof(struct sockaddr_storage))) == NULL) {
		free(ps);
		proc_reply(p, rq->cr_op, rq->cr_seq, ENOBUFS, NULL, NULL, 0, 0);
		return;
	}
	ps->ps_chan = c;
	timer_init(&ps->ps_timer, send_timeout, ps);
	ps->ps_proc = p;
	ps->ps_seq = rq->cr_seq;
	ps->ps_cred = p->p_as;
	ps->ps_flags = rq->cr_arg[0] & MSG_OOB;
	if (hdr->cm_addrlen > 0) {
		ps->ps_hasto = 1;
		memcpy(ps->ps_rec->r_addr, &hdr->cm_addr, hdr->cm_addrlen);
		ps->ps_rec->r_addrlen = hdr->cm_addrlen;
	}
	/* A node names a UNIX-domain peer; any other protocol refuses the
	 * AF_UNIX name itself (EAFNOSUPPORT, as Linux), whatever file it is. */
	if ((hdr->cm_flags & CM_NODE) && c->c_so->so_proto->pr_domain == AF_UNIX) {
		if ((error = node_from_fd(fds[1], 0, &ps->ps_node)) != 0) {
			sbrec_free(ps->ps_rec);
			free(ps);
			proc_reply(p, rq->cr_op, rq->cr_seq, error, NULL, NULL, 0, 0);
			return;
		}
		ps->ps_hasnode = 1;
	}
	if (hdr->cm_flags & CM_NODE)
		first = 2;	/* fds[1] is the node, not a descriptor passed */
	/* The descriptors being passed travel with the message (SCM_RIGHTS),
	 * counted as the sender's user's; past its limit, Linux's error for
	 * too many in flight (user_limits.c). */
	if (nfds > first) {
		if (!owner_fds_room(c->c_owner, nfds - first) ||
		    (ctl = so_control_new(nfds - first)) == NULL) {
			sbrec_free(ps->ps_rec);
			free(ps);
			proc_reply(p, rq->cr_op, rq->cr_seq,
			    owner_fds_room(c->c_owner, nfds - first) ? ENOBUFS : ETOOMANYREFS,
			    NULL, NULL, 0, 0);
			return;
		}
		so_control_charge(ctl, c->c_owner);
		for (i = first; i < nfds; i++) {
			ctl->ctl_fds[i - first] = fds[i];
			fds[i] = -1;
		}
		ps->ps_rec->r_ctl = ctl;
	}
	ps->ps_rec->r_ctl = chan_dginfo_in(hdr, c->c_so, ps->ps_rec->r_ctl);
	/* What the process wrote on the channel itself goes first. */
	if (c->c_sends == NULL) {
		error = send_try(c, ps, &done);
		if (error != EWOULDBLOCK || rq->cr_arg[1]) {
			send_done(p->p_d, ps, error, done);
			return;
		}
	} else if (rq->cr_arg[1]) {
		send_done(p->p_d, ps, EWOULDBLOCK, 0);
		return;
	}
	for (pp = &c->c_sends; *pp != NULL; pp = &(*pp)->ps_next)
		;
	*pp = ps;
	if (c->c_so->so_snd.sb_timeo_us > 0)
		timer_add_in(send_timers(c), &ps->ps_timer, c->c_so->so_snd.sb_timeo_us * 1000);
}

/*
 * A parked send waited out the socket's SO_SNDTIMEO: EAGAIN, nothing
 * sent, as Linux's sock_sndtimeo ends a blocking datagram or seqpacket
 * send to a receiver that stays full.
 */
static void
send_timeout(struct timer *t, void *arg)
{
	struct psend *ps = arg, **pp;
	struct chan *c = ps->ps_chan;

	(void)t;
	for (pp = &c->c_sends; *pp != NULL; pp = &(*pp)->ps_next)
		if (*pp == ps) {
			*pp = ps->ps_next;
			send_done(c->c_d, ps, EWOULDBLOCK, 0);
			return;
		}
}

/* Retries the sends parked on c, in order, while they go (from chan_pump). */
void
ctl_send_retry(struct chan *c)
{
	struct psend *ps;
	size_t done;
	int error;

	while ((ps = c->c_sends) != NULL) {
		error = send_try(c, ps, &done);
		if (error == EWOULDBLOCK)
			return;
		c->c_sends = ps->ps_next;
		send_done(c->c_d, ps, error, done);
	}
}

/* Drops the parked sends of a channel (closed) or of a process (gone). */
void
ctl_send_drop(struct chan *c, struct proc *p)
{
	struct psend **pp, *ps;

	for (pp = &c->c_sends; (ps = *pp) != NULL;) {
		if (p != NULL && ps->ps_proc != p) {
			pp = &ps->ps_next;
			continue;
		}
		*pp = ps->ps_next;
		if (p == NULL)
			proc_reply(ps->ps_proc, CTL_SENDTO, ps->ps_seq, EBADF, NULL, NULL, 0, 0);
		if (timer_pending(&ps->ps_timer))
			timer_cancel(send_timers(c), &ps->ps_timer);
		sbrec_free(ps->ps_rec);
		free(ps);
	}
}

/*
 * CTL_SYNC: take in every channel event already pending, pump, and answer.
 * Whatever any process wrote on a channel before this request was sent is
 * then in its receiver's channel.  Only channel events are handled here;
 * control connections are level-triggered and come back on the next turn.
 */
void
uipcd_drain(struct uipcd *d)
{
	struct epoll_event evs[128];
	struct evsrc *src;
	int i, n, rounds;

	for (rounds = 0; rounds < 16; rounds++) {
		n = epoll_wait(d->d_epfd, evs, 128, 0);
		for (i = 0; i < n; i++) {
			src = evs[i].data.ptr;
			if (src != NULL && src->ev_kind == EV_CHAN)
				chan_event((struct chan *)src, evs[i].events);
		}
		chan_work(d);
		if (n <= 0)
			break;
	}
}

void
ctl_sync(struct proc *p, const struct ctl_req *rq)
{
	uipcd_drain(p->p_d);
	proc_reply(p, rq->cr_op, rq->cr_seq, 0, NULL, NULL, 0, 0);
}
