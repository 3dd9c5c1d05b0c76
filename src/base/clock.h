#ifndef UIPC_BASE_CLOCK_H
#define UIPC_BASE_CLOCK_H
/*
 * The clock every timer runs on (DESIGN.md, "Time").  Time is nanoseconds
 * on a monotonic scale.  uipcd uses the real clock, read from the host in
 * clock_real.c and nowhere else in src/; tests and simulations use a virtual
 * clock that moves only when told to, so a run in virtual time is exactly
 * repeatable.
 *
 * Both kinds can be jumped forward: every timer due by the new time then
 * fires when the timer queue next runs (timerq_advance()).
 */
#include <stdint.h>

#define NS_PER_US	1000ULL
#define NS_PER_MS	1000000ULL
#define NS_PER_SEC	1000000000ULL

struct clock {
	uint64_t (*c_now)(struct clock *);
	/*
	 * Sets the time to t, which is not before now; NULL for a clock
	 * that only jumps (the real one).
	 */
	void	(*c_set)(struct clock *, uint64_t t);
	void	(*c_jump)(struct clock *, uint64_t ns);
	void	(*c_free)(struct clock *);
	unsigned c_holds;		/* clock_hold depth */
	uint64_t c_held;		/* the time while held */
};

static inline uint64_t
clock_now(struct clock *c)
{
	return c->c_holds > 0 ? c->c_held : c->c_now(c);
}

/*
 * Holds the real clock at its present time until the matching
 * clock_release: a reader that takes a burst of frames off a wire
 * (tap_rx) handles them all at the instant the burst was read, as Linux
 * stamps a GRO aggregate once, instead of asking the host for the time
 * several times a frame (RTT samples, timestamps, timers; about 4 % of
 * uipcd's time over a TAP, bench/tap_veth.sh).  The burst lasts
 * microseconds; nothing in it waits for time to pass.  A virtual clock
 * (c_set) moves only when told and costs nothing to read: never held.
 */
static inline void
clock_hold(struct clock *c)
{
	if (c->c_set == NULL && c->c_holds++ == 0)
		c->c_held = c->c_now(c);
}

static inline void
clock_release(struct clock *c)
{
	if (c->c_set == NULL && c->c_holds > 0)
		c->c_holds--;
}

/* Moves c forward by ns nanoseconds (a held time too). */
static inline void
clock_jump(struct clock *c, uint64_t ns)
{
	c->c_jump(c, ns);
	if (c->c_holds > 0)
		c->c_held += ns;
}

static inline void
clock_free(struct clock *c)
{
	if (c != NULL)
		c->c_free(c);
}

struct clock *clock_real_create(void);
struct clock *clock_virt_create(uint64_t start);
int	clock_is_virtual(const struct clock *);
/* The machine's wall clock (CLOCK_REALTIME), ns since the epoch: uipcd's
 * start, from which the system's wall clock is offset (src/sys/ctl_clock.c). */
int64_t	clock_machine_wall_ns(void);

#endif
