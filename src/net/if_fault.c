/*
 * The fault middleware.  Frames it delays wait on the stack's timer queue,
 * each with its own timer, and go on down when it fires; a frame delayed
 * more than the next overtakes nothing but is overtaken, which is how both
 * jitter and reordering happen.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "base/rng.h"
#include "base/timer.h"
#include "kern/host.h"
#include "net/if_var.h"
#include "net/if_fault.h"

struct fault_held {
	struct fault_held *fh_next;
	struct fault_dev *fh_dev;
	struct pkt *fh_pkt;
	struct timer fh_timer;
};

struct fault_dev {
	struct ifdev fd_dev;		/* first: fault_dev is an ifdev */
	struct stack *fd_stack;
	struct fault_conf fd_conf;
	struct rng fd_rng;
	struct fault_stats fd_stats;
	struct fault_held *fd_held;
};

int
fault_conf_active(const struct fault_conf *fc)
{
	return fc->fc_loss || fc->fc_dup || fc->fc_corrupt || fc->fc_reorder ||
	    fc->fc_delay || fc->fc_jitter || fc->fc_partition;
}

static void
fault_release(struct timer *t, void *arg)
{
	struct fault_held *fh = arg, **pp;
	struct fault_dev *fd = fh->fh_dev;
	struct pkt *p = fh->fh_pkt;

	for (pp = &fd->fd_held; *pp != NULL; pp = &(*pp)->fh_next)
		if (*pp == fh) {
			*pp = fh->fh_next;
			break;
		}
	free(fh);
	fd->fd_stats.fs_passed++;
	ifdev_output(&fd->fd_dev, p);
}

/* Sends p down after delay ns (at once if 0).  Consumes p. */
static int
fault_send(struct fault_dev *fd, struct pkt *p, uint64_t delay)
{
	struct fault_held *fh;

	if (delay == 0) {
		fd->fd_stats.fs_passed++;
		return ifdev_output(&fd->fd_dev, p);
	}
	if ((fh = calloc(1, sizeof(*fh))) == NULL) {
		pkt_free(p);
		return ENOBUFS;
	}
	fd->fd_stats.fs_delayed++;
	fh->fh_dev = fd;
	fh->fh_pkt = p;
	timer_init(&fh->fh_timer, fault_release, fh);
	fh->fh_next = fd->fd_held;
	fd->fd_held = fh;
	timer_add_in(fd->fd_stack->st_timers, &fh->fh_timer, delay);
	return 0;
}

static uint64_t
fault_delay(struct fault_dev *fd)
{
	const struct fault_conf *fc = &fd->fd_conf;
	uint64_t d = fc->fc_delay;

	if (fc->fc_jitter)
		d += rng_below(&fd->fd_rng, fc->fc_jitter + 1);
	if (rng_chance(&fd->fd_rng, fc->fc_reorder)) {
		fd->fd_stats.fs_reordered++;
		d += fc->fc_reorder_delay ? fc->fc_reorder_delay :
		    FAULT_REORDER_DELAY;
	}
	return d;
}

/*
 * A frame going down.  The draws happen in a fixed order (loss, corrupt,
 * duplicate, delays) so that a seed means the same thing every run.  A
 * lost frame looks sent to the layer above, as on a real wire.
 */
static int
fault_output(struct ifdev *d, struct pkt *p)
{
	struct fault_dev *fd = (struct fault_dev *)d;
	const struct fault_conf *fc = &fd->fd_conf;
	struct pkt *dup = NULL;

	if (fc->fc_partition) {
		fd->fd_stats.fs_partitioned++;
		pkt_free(p);
		return 0;
	}
	if (rng_chance(&fd->fd_rng, fc->fc_loss)) {
		fd->fd_stats.fs_dropped++;
		pkt_free(p);
		return 0;
	}
	if (p->pk_len > 0 && rng_chance(&fd->fd_rng, fc->fc_corrupt)) {
		size_t at = (size_t)rng_below(&fd->fd_rng, p->pk_len);

		p->pk_data[at] ^= (uint8_t)(1u << rng_below(&fd->fd_rng, 8));
		fd->fd_stats.fs_corrupted++;
	}
	if (rng_chance(&fd->fd_rng, fc->fc_dup) && (dup = pkt_copy(p)) != NULL)
		fd->fd_stats.fs_duplicated++;
	fault_send(fd, p, fault_delay(fd));
	if (dup != NULL)
		fault_send(fd, dup, fault_delay(fd));
	return 0;
}

static void
fault_input(struct ifdev *d, struct pkt *p)
{
	struct fault_dev *fd = (struct fault_dev *)d;

	if (fd->fd_conf.fc_partition) {
		fd->fd_stats.fs_partitioned++;
		pkt_free(p);
		return;
	}
	ifdev_input(d, p);
}

static void
fault_free(struct ifdev *d)
{
	struct fault_dev *fd = (struct fault_dev *)d;
	struct fault_held *fh;

	while ((fh = fd->fd_held) != NULL) {
		fd->fd_held = fh->fh_next;
		timer_cancel(fd->fd_stack->st_timers, &fh->fh_timer);
		pkt_free(fh->fh_pkt);
		free(fh);
	}
	free(fd);
}

/*
 * Creates a fault stage for the device chain of an interface of stack st
 * (push it with if_dev_push()).  Returns NULL when memory is short.
 */
struct ifdev *
fault_create(struct stack *st, const struct fault_conf *fc, uint64_t seed)
{
	struct fault_dev *fd = calloc(1, sizeof(*fd));

	if (fd == NULL)
		return NULL;
	fd->fd_dev.d_kind = "fault";
	fd->fd_dev.d_output = fault_output;
	fd->fd_dev.d_input = fault_input;
	fd->fd_dev.d_free = fault_free;
	fd->fd_stack = st;
	if (fc != NULL)
		fd->fd_conf = *fc;
	rng_seed(&fd->fd_rng, seed);
	return &fd->fd_dev;
}

/* Changes the settings (a test cuts a partition and heals it). */
void
fault_set(struct ifdev *d, const struct fault_conf *fc)
{
	((struct fault_dev *)d)->fd_conf = *fc;
}

const struct fault_stats *
fault_stats(const struct ifdev *d)
{
	return &((const struct fault_dev *)d)->fd_stats;
}
