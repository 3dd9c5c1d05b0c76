#ifndef UIPC_BASE_TIMER_H
#define UIPC_BASE_TIMER_H
/*
 * The timer queue: one per stack, on the stack's clock, holding every timer
 * of every layer of every host (ARP retries, reassembly timeouts, segment
 * delivery, later TCP's timers).  A binary heap ordered by deadline, ties
 * broken by the order timers were armed, so that runs repeat exactly.
 *
 * Timers are embedded in their owner's structure (struct timer), so arming
 * one allocates nothing once the heap has grown.  The owner must cancel a
 * pending timer before freeing the memory it lives in.
 *
 * The environment asks timerq_next_deadline() when it must next wake, and
 * calls timerq_run() then; in virtual time timerq_advance() moves the clock
 * from deadline to deadline instead.
 */
#include <stddef.h>
#include <stdint.h>

struct clock;
struct timer;

typedef void timer_fn(struct timer *, void *arg);

#define TIMER_IDLE	((size_t)-1)
#define TIMER_NEVER	UINT64_MAX

struct timer {
	uint64_t t_when;	/* deadline, ns on the queue's clock */
	uint64_t t_seq;		/* arming order, to break ties */
	size_t t_index;		/* heap slot, or TIMER_IDLE */
	timer_fn *t_fn;
	void *t_arg;
};

struct timerq {
	struct clock *tq_clock;
	struct timer **tq_heap;
	size_t tq_len;
	size_t tq_cap;
	uint64_t tq_seq;
	uint64_t tq_fired;	/* counter */
};

void	timer_init(struct timer *, timer_fn *, void *arg);
static inline int
timer_pending(const struct timer *t)
{
	return t->t_index != TIMER_IDLE;
}

struct timerq *timerq_create(struct clock *);
void	timerq_free(struct timerq *);
uint64_t timerq_now(struct timerq *);

int	timer_add(struct timerq *, struct timer *, uint64_t when);
int	timer_add_in(struct timerq *, struct timer *, uint64_t delay);
void	timer_cancel(struct timerq *, struct timer *);

uint64_t timerq_next_deadline(const struct timerq *);
unsigned timerq_run(struct timerq *);
unsigned timerq_advance(struct timerq *, uint64_t until);

#endif
