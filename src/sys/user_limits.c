/*
 * Per-user limits (issue 8, "No user can take uipcd from the others").
 * Every socket uipcd holds for a process is its user's (the uid of the
 * process that made it; an accepted connection is its listener's), and
 * each user has a struct so_owner counting what is held on its behalf:
 *
 *	sockets		the user's sockets with a channel: a descriptor of
 *			uipcd's each, and one more for a bound UNIX name;
 *	descriptors	descriptors in flight (SCM_RIGHTS) that uipcd holds in
 *			the user's socket buffers;
 *	bytes		socket-buffer storage (src/kern/sockbuf.c keeps it).
 *
 * So a user holds at most twice its sockets and its descriptors of uipcd's.
 * Past a limit the call fails as the host's would, for that user alone:
 * socket() and socketpair() with EMFILE (sockets) or ENOBUFS (no room for
 * a buffer); a datagram carrying descriptors past the limit with
 * ETOOMANYREFS, as Linux fails too many descriptors in flight.  What
 * cannot fail a call waits instead: a connection for accept stays in its
 * listener's queue, a UNIX stream's input (which may carry descriptors)
 * stays in its channel, a buffer that may not grow offers no room.
 * Waiters are looked at again when anything is freed (owner_wake_waiters).
 *
 * The defaults keep one user to a part of the machine: an eighth of
 * uipcd's descriptors for sockets and another for descriptors in flight,
 * and an eighth of the memory, at most 1 GiB; the configuration's `limit`
 * lines (uipc.conf(5)) set them.  They bind every user but root.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "kern/sockdefaults.h"
#include "sys/uipcd.h"

#define OWNER_HASH(uid)	((unsigned)(uid) % UIPCD_OWNER_HASH)

/* The defaults, from uipcd's own descriptor limit and the machine's memory. */
void
owner_defaults(struct uipcd *d)
{
	struct rlimit rl;
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	uint64_t mem = pages > 0 && psize > 0 ? (uint64_t)pages * (uint64_t)psize : 0;
	int64_t nofile = 1024;

	/* The soft limit up to the hard one, as a server of many sockets does. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
			getrlimit(RLIMIT_NOFILE, &rl);
		}
		if (rl.rlim_cur != RLIM_INFINITY)
			nofile = (int64_t)rl.rlim_cur;
		else
			nofile = 1 << 20;
	}
	d->d_lim.ul_fds = nofile / 8 > 16 ? nofile / 8 : 16;
	d->d_lim.ul_socks = d->d_lim.ul_fds;
	d->d_lim.ul_bytes = mem / 8 < (1ull << 30) ? mem / 8 : (1ull << 30);
	if (d->d_lim.ul_bytes < 16ull << 20)
		d->d_lim.ul_bytes = 16ull << 20;
}

/* The counts of uid, made at its first use; NULL when out of memory. */
struct so_owner *
owner_of(struct uipcd *d, uid_t uid)
{
	struct so_owner *ow, **op = &d->d_owners[OWNER_HASH(uid)];

	for (ow = *op; ow != NULL; ow = ow->ow_next)
		if (ow->ow_uid == (unsigned)uid)
			return ow;
	if ((ow = calloc(1, sizeof(*ow))) == NULL)
		return NULL;
	ow->ow_uid = (unsigned)uid;
	/* Root is counted, not limited: as the host lets root past its own
	 * resource limits (CAP_SYS_RESOURCE), and so that root may hold what
	 * it must (a benchmark's 5000 connections); uipcd's own descriptor
	 * limit still bounds it (proc.c, chan.c). */
	if (uid != 0) {
		ow->ow_maxsocks = d->d_lim.ul_socks;
		ow->ow_maxfds = d->d_lim.ul_fds;
		ow->ow_maxbytes = d->d_lim.ul_bytes;
	}
	ow->ow_next = *op;
	*op = ow;
	return ow;
}

/*
 * May uid make nsocks more sockets?  0, or the errno socket() fails with:
 * EMFILE past the sockets, ENOBUFS when the user may not hold even one
 * more buffer of the default size.
 */
int
owner_may_create(struct uipcd *d, uid_t uid, int nsocks)
{
	struct so_owner *ow = owner_of(d, uid);

	if (ow == NULL)
		return ENOBUFS;
	if (ow->ow_maxsocks > 0 && ow->ow_socks + nsocks > ow->ow_maxsocks)
		return EMFILE;
	if (ow->ow_maxbytes > 0 && ow->ow_bytes + SB_DEFAULT_HIWAT > ow->ow_maxbytes)
		return ENOBUFS;
	return 0;
}

/*
 * As owner_may_create, but a refusal is looked at again after taking in
 * what the channels already say: a process that closed a socket just
 * before asking for another finds it closed, as on the host, where close
 * is done when it returns (here uipcd learns of it from the channel).
 */
int
owner_may_create_now(struct uipcd *d, uid_t uid, int nsocks)
{
	int error;

	if ((error = owner_may_create(d, uid, nsocks)) == 0)
		return 0;
	uipcd_drain(d);
	return owner_may_create(d, uid, nsocks);
}

/* May ow hold n more descriptors in flight? */
int
owner_fds_room(const struct so_owner *ow, int n)
{
	return ow == NULL || ow->ow_maxfds <= 0 || ow->ow_fds + n <= ow->ow_maxfds;
}

/* The channel's socket is its user's from now on. */
void
owner_attach(struct chan *c)
{
	struct so_owner *ow = owner_of(c->c_d, c->c_so->so_cred.uid);

	if (ow == NULL)
		return;		/* uncounted, as a socket of the stack alone is */
	so_setowner(c->c_so, ow);
	ow->ow_socks++;
	c->c_owner = ow;
}

/* The channel is closed: its socket no longer counts. */
void
owner_detach(struct chan *c)
{
	struct so_owner *ow = c->c_owner;

	c->c_d->d_fdfreed = 1;		/* its channel's descriptor is closed */
	if (c->c_flags & CH_WAITING) {
		c->c_flags &= ~CH_WAITING;
		c->c_d->d_nwaiting--;
	}
	if (ow == NULL)
		return;
	ow->ow_socks--;
	ow->ow_freed = 1;
	c->c_owner = NULL;
}

/* c waits for a count to fall (its user's, or uipcd's own descriptors). */
void
owner_wait(struct chan *c)
{
	if (!(c->c_flags & CH_WAITING)) {
		c->c_flags |= CH_WAITING;
		c->c_d->d_nwaiting++;
	}
}

/*
 * Once a turn: when something was freed (a socket, a descriptor, buffer
 * storage) and channels wait, each is pumped again and waits again if it
 * still must.
 */
void
owner_wake_waiters(struct uipcd *d)
{
	struct so_owner *ow;
	struct chan *c;
	int freed = d->d_fdfreed, i;

	for (i = 0; i < UIPCD_OWNER_HASH; i++)
		for (ow = d->d_owners[i]; ow != NULL; ow = ow->ow_next) {
			freed |= ow->ow_freed;
			ow->ow_freed = 0;
		}
	d->d_fdfreed = 0;
	if (!freed || d->d_nwaiting == 0)
		return;
	for (c = d->d_chans; c != NULL; c = c->c_all_next)
		if (c->c_flags & CH_WAITING) {
			c->c_flags &= ~CH_WAITING;
			d->d_nwaiting--;
			chan_dirty(c);
		}
}

void
owner_free_all(struct uipcd *d)
{
	struct so_owner *ow;
	int i;

	for (i = 0; i < UIPCD_OWNER_HASH; i++)
		while ((ow = d->d_owners[i]) != NULL) {
			d->d_owners[i] = ow->ow_next;
			free(ow);
		}
}
