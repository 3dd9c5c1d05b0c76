/*
 * uipcd's internal consistency, checked between loop turns: the lists of
 * processes and channels, the inode hash, the work list, the links between
 * a channel and its socket and between a listener and the connection
 * waiting in its channel.  The fuzz target of the control protocol
 * (tests/fuzz/fuzz_ctl.c) calls it after every request; a debug build of
 * uipcd may call it after every turn.  It reads only uipcd's memory (no
 * system calls), walks every list with a bound, so that a cycle is reported
 * rather than followed forever, and takes time linear in the number of
 * channels (a fuzz input may make thousands).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "kern/host.h"
#include "sys/uipcd.h"

#define CHECK_MAX	(1u << 22)	/* more entries than any list can hold: a cycle */

static int
fail(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && len > 0) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
proc_known(struct uipcd *d, const struct proc *p)
{
	const struct proc *q;
	unsigned n = 0;

	for (q = d->d_procs; q != NULL && n < CHECK_MAX; q = q->p_next, n++)
		if (q == p)
			return 1;
	return 0;
}

static int
host_known(struct uipcd *d, const struct host *h)
{
	const struct host *q;

	for (q = d->d_stack->st_hosts; q != NULL; q = q->h_next)
		if (q == h)
			return 1;
	return 0;
}

static int
check_procs(struct uipcd *d, char *why, size_t len)
{
	struct proc *p, **prevp = &d->d_procs;
	unsigned n = 0;

	for (p = d->d_procs; p != NULL; prevp = &p->p_next, p = p->p_next) {
		if (++n >= CHECK_MAX)
			return fail(why, len, "process list: a cycle");
		if (p->p_prevp != prevp)
			return fail(why, len, "process fd %d: p_prevp does not point at its link", p->p_fd);
		if (p->p_ev.ev_kind != EV_PROC || p->p_d != d)
			return fail(why, len, "process fd %d: wrong kind or daemon", p->p_fd);
		if (p->p_fd < 0 || p->p_fd == d->d_lfd || p->p_fd == d->d_epfd)
			return fail(why, len, "process: bad descriptor %d", p->p_fd);
		if (p->p_host == NULL || !host_known(d, p->p_host))
			return fail(why, len, "process fd %d: host is not one of the stack's", p->p_fd);
	}
	return 0;
}

/*
 * The inode hash holds exactly the live channels: each is in its own
 * bucket, and the buckets hold as many entries as there are live channels
 * (so none twice, and nothing else).
 */
static int
check_hash(struct uipcd *d, unsigned nlive, char *why, size_t len)
{
	struct chan *c, *e;
	unsigned b, n = 0;

	for (b = 0; b < CHAN_HASHSIZE; b++)
		for (e = d->d_chash[b]; e != NULL; e = e->c_hnext)
			if (++n >= CHECK_MAX)
				return fail(why, len, "inode hash: a cycle");
	if (n != nlive)
		return fail(why, len, "inode hash holds %u channels, %u are live", n, nlive);
	for (c = d->d_chans; c != NULL; c = c->c_all_next) {
		for (e = d->d_chash[chan_hash(c->c_pino)]; e != NULL && e != c; e = e->c_hnext)
			;
		if (e == NULL)
			return fail(why, len, "inode hash: ino %lu is not in its bucket", c->c_pino);
	}
	return 0;
}

/* A pointer to a channel of this daemon, not closed (the list itself is checked elsewhere). */
static int
chan_sane(struct uipcd *d, const struct chan *c)
{
	return c->c_ev.ev_kind == EV_CHAN && c->c_d == d && !(c->c_flags & CH_DEAD);
}

static int
check_chan(struct uipcd *d, struct chan *c, char *why, size_t len)
{
	struct socket *so = c->c_so;
	struct parked *pk;
	unsigned n = 0;

	if (c->c_ev.ev_kind != EV_CHAN || c->c_d != d)
		return fail(why, len, "channel ino %lu: wrong kind or daemon", c->c_pino);
	/* Between turns every closed channel has been freed (chan_reap). */
	if (c->c_flags & CH_DEAD)
		return fail(why, len, "closed channel ino %lu was not freed", c->c_pino);
	if (c->c_fd < 0 || c->c_fd == d->d_lfd || c->c_fd == d->d_epfd)
		return fail(why, len, "channel ino %lu: bad descriptor %d", c->c_pino, c->c_fd);
	if (so == NULL)
		return fail(why, len, "channel ino %lu: no socket", c->c_pino);
	if (so->so_env != c || so->so_up.su_arg != c || so->so_up.su_fn != chan_upcall)
		return fail(why, len, "channel ino %lu: its socket %llu does not point back",
		    c->c_pino, (unsigned long long)so->so_id);
	if (so->so_state & SS_CLOSED)
		return fail(why, len, "channel ino %lu: its socket %llu is closed",
		    c->c_pino, (unsigned long long)so->so_id);
	if (((c->c_flags & CH_MSG) != 0) != (so->so_type != SOCK_STREAM))
		return fail(why, len, "channel ino %lu: CH_MSG disagrees with socket type %d",
		    c->c_pino, so->so_type);
	if ((c->c_flags & CH_LISTEN) && !(so->so_options & SOO_ACCEPTCONN))
		return fail(why, len, "channel ino %lu: CH_LISTEN on a socket that does not listen",
		    c->c_pino);
	if ((c->c_flags & CH_ZOMBIE) && !(c->c_flags & CH_HUP))
		return fail(why, len, "channel ino %lu: CH_ZOMBIE without CH_HUP", c->c_pino);
	if (c->c_pending != NULL && !(c->c_flags & CH_MSG))
		return fail(why, len, "channel ino %lu: a pending message on a stream", c->c_pino);
	if (c->c_pushed != NULL && (c->c_pushed->c_pushedby != c || !chan_sane(d, c->c_pushed)))
		return fail(why, len, "listener ino %lu: its pushed connection does not point back",
		    c->c_pino);
	if (c->c_pushedby != NULL && (c->c_pushedby->c_pushed != c || !chan_sane(d, c->c_pushedby)))
		return fail(why, len, "connection ino %lu: its listener does not hold it", c->c_pino);
	if (c->c_connproc != NULL && !proc_known(d, c->c_connproc))
		return fail(why, len, "channel ino %lu: its connect waits for a gone process",
		    c->c_pino);
	for (pk = c->c_parked; pk != NULL; pk = pk->pk_next) {
		if (++n >= CHECK_MAX)
			return fail(why, len, "listener ino %lu: parked list cycles", c->c_pino);
		if (!proc_known(d, pk->pk_proc))
			return fail(why, len, "listener ino %lu: a parked connect of a gone process",
			    c->c_pino);
		if (!chan_sane(d, pk->pk_chan))
			return fail(why, len, "listener ino %lu: a parked connect of a freed channel",
			    c->c_pino);
		if (pk->pk_chan->c_parkedon != c)
			return fail(why, len, "listener ino %lu: a parked channel does not point back",
			    c->c_pino);
	}
	return 0;
}

int
uipcd_check_invariants(struct uipcd *d, char *why, size_t len)
{
	struct chan *c, **prevp = &d->d_chans;
	struct socket *so;
	unsigned n = 0, nlive = 0, ndirty = 0, m;
	unsigned char *seen;
	int maxfd = -1;

	if (why != NULL && len > 0)
		why[0] = '\0';
	if (check_procs(d, why, len) != 0)
		return -1;
	for (c = d->d_chans; c != NULL; prevp = &c->c_all_next, c = c->c_all_next) {
		if (++n >= CHECK_MAX)
			return fail(why, len, "channel list: a cycle");
		if (c->c_all_prevp != prevp)
			return fail(why, len, "channel ino %lu: c_all_prevp does not point at its link",
			    c->c_pino);
		if (check_chan(d, c, why, len) != 0)
			return -1;
		nlive++;
		if (c->c_fd > maxfd)
			maxfd = c->c_fd;
		if (c->c_flags & CH_DIRTY)
			ndirty++;
	}
	if (check_hash(d, nlive, why, len) != 0)
		return -1;
	/* Two channels never share uipcd's end. */
	if (maxfd >= 0 && (seen = calloc((size_t)maxfd / 8 + 1, 1)) != NULL) {
		for (c = d->d_chans; c != NULL; c = c->c_all_next) {
			if (seen[c->c_fd / 8] & (1u << (c->c_fd % 8))) {
				free(seen);
				return fail(why, len, "two channels share fd %d", c->c_fd);
			}
			seen[c->c_fd / 8] |= (unsigned char)(1u << (c->c_fd % 8));
		}
		free(seen);
	}
	m = 0;
	for (c = d->d_dirty; c != NULL; c = c->c_dnext) {
		if (++m >= CHECK_MAX)
			return fail(why, len, "work list: a cycle");
		if (!(c->c_flags & CH_DIRTY) || !chan_sane(d, c))
			return fail(why, len, "work list: ino %lu is not marked or not a channel",
			    c->c_pino);
	}
	if (m != ndirty)
		return fail(why, len, "work list holds %u channels, %u are marked", m, ndirty);
	/* Between turns every closed channel has been freed (chan_reap). */
	if (d->d_dead != NULL)
		return fail(why, len, "a closed channel (ino %lu) was not freed", d->d_dead->c_pino);
	m = 0;
	for (so = d->d_stack->st_sockets; so != NULL; so = so->so_allnext) {
		if (++m >= CHECK_MAX)
			return fail(why, len, "socket list: a cycle");
		if (so->so_env == NULL)
			continue;
		c = so->so_env;
		if (!chan_sane(d, c) || c->c_so != so)
			return fail(why, len, "socket %llu: its channel does not hold it",
			    (unsigned long long)so->so_id);
	}
	return 0;
}
