/*
 * The TAP devices of uipcd's hosts in its one epoll loop (DESIGN.md, "The
 * wire").  src/net tells the loop of each device through the stack's tap
 * watcher (net/if_tap.h); each gets an event source here, and when epoll
 * finds its descriptor readable the turn reads a bounded batch of frames
 * (tap_rx), each straight into a packet buffer, so that a busy wire shares
 * the loop with the channels rather than starving them.  epoll is level-
 * triggered: frames left for the next turn wake it again.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>

#include "net/if_tap.h"
#include "sys/uipcd.h"

struct tapsrc {
	struct evsrc ts_ev;		/* first: what epoll hands back */
	struct tap_dev *ts_tap;
	struct tapsrc *ts_next;
};

static int
uipcd_tap_add(void *arg, struct tap_dev *t, int fd)
{
	struct uipcd *d = arg;
	struct epoll_event ev;
	struct tapsrc *ts;

	if ((ts = calloc(1, sizeof(*ts))) == NULL)
		return ENOMEM;
	ts->ts_ev.ev_kind = EV_TAP;
	ts->ts_tap = t;
	ev.events = EPOLLIN;
	ev.data.ptr = ts;
	if (epoll_ctl(d->d_epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		int e = errno;

		free(ts);
		return e;
	}
	ts->ts_next = d->d_taps;
	d->d_taps = ts;
	return 0;
}

/*
 * A device goes (its interface is freed, or the loop stops watching).
 * Devices go only between turns, so no event of this turn names it.
 */
static void
uipcd_tap_del(void *arg, struct tap_dev *t, int fd)
{
	struct uipcd *d = arg;
	struct tapsrc **pp, *ts;

	for (pp = &d->d_taps; (ts = *pp) != NULL; pp = &ts->ts_next)
		if (ts->ts_tap == t) {
			*pp = ts->ts_next;
			epoll_ctl(d->d_epfd, EPOLL_CTL_DEL, fd, NULL);
			free(ts);
			return;
		}
}

/* Puts the stack's TAP devices, now and later, in the loop. */
int
uipcd_tap_init(struct uipcd *d)
{
	struct tap_watcher w = { uipcd_tap_add, uipcd_tap_del, d };

	return tap_set_watcher(d->d_stack, &w);
}

void
uipcd_tap_fini(struct uipcd *d)
{
	if (d->d_stack != NULL)
		tap_set_watcher(d->d_stack, NULL);
}

/* The device of ev is readable: one batch of its frames. */
void
uipcd_tap_event(struct evsrc *ev)
{
	tap_rx(((struct tapsrc *)ev)->ts_tap, TAP_RX_BATCH);
}
