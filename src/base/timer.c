/*
 * Timer queue: a binary min-heap of struct timer pointers keyed on
 * (deadline, arming order).  Each timer remembers its slot, so cancel and
 * re-arm are O(log n) without a search.
 */
#include <errno.h>
#include <stdlib.h>

#include "base/clock.h"
#include "base/timer.h"

void
timer_init(struct timer *t, timer_fn *fn, void *arg)
{
	t->t_when = 0;
	t->t_seq = 0;
	t->t_index = TIMER_IDLE;
	t->t_fn = fn;
	t->t_arg = arg;
}

struct timerq *
timerq_create(struct clock *c)
{
	struct timerq *tq = calloc(1, sizeof(*tq));

	if (tq != NULL)
		tq->tq_clock = c;
	return tq;
}

/* Frees the queue; pending timers are forgotten (marked idle). */
void
timerq_free(struct timerq *tq)
{
	size_t i;

	if (tq == NULL)
		return;
	for (i = 0; i < tq->tq_len; i++)
		tq->tq_heap[i]->t_index = TIMER_IDLE;
	free(tq->tq_heap);
	free(tq);
}

uint64_t
timerq_now(struct timerq *tq)
{
	return clock_now(tq->tq_clock);
}

static int
timer_before(const struct timer *a, const struct timer *b)
{
	if (a->t_when != b->t_when)
		return a->t_when < b->t_when;
	return a->t_seq < b->t_seq;
}

static void
heap_set(struct timerq *tq, size_t i, struct timer *t)
{
	tq->tq_heap[i] = t;
	t->t_index = i;
}

static void
heap_up(struct timerq *tq, size_t i)
{
	struct timer *t = tq->tq_heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!timer_before(t, tq->tq_heap[parent]))
			break;
		heap_set(tq, i, tq->tq_heap[parent]);
		i = parent;
	}
	heap_set(tq, i, t);
}

static void
heap_down(struct timerq *tq, size_t i)
{
	struct timer *t = tq->tq_heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= tq->tq_len)
			break;
		if (c + 1 < tq->tq_len &&
		    timer_before(tq->tq_heap[c + 1], tq->tq_heap[c]))
			c++;
		if (!timer_before(tq->tq_heap[c], t))
			break;
		heap_set(tq, i, tq->tq_heap[c]);
		i = c;
	}
	heap_set(tq, i, t);
}

/*
 * Arms t to fire at the absolute time when, re-arming it if it is pending.
 * Returns 0, or ENOMEM when the heap cannot grow (t is then idle).
 */
int
timer_add(struct timerq *tq, struct timer *t, uint64_t when)
{
	if (timer_pending(t))
		timer_cancel(tq, t);
	if (tq->tq_len == tq->tq_cap) {
		size_t ncap = tq->tq_cap ? 2 * tq->tq_cap : 64;
		struct timer **nh = realloc(tq->tq_heap, ncap * sizeof(*nh));

		if (nh == NULL)
			return ENOMEM;
		tq->tq_heap = nh;
		tq->tq_cap = ncap;
	}
	t->t_when = when;
	t->t_seq = tq->tq_seq++;
	heap_set(tq, tq->tq_len++, t);
	heap_up(tq, t->t_index);
	return 0;
}

/* Arms t to fire delay ns from now. */
int
timer_add_in(struct timerq *tq, struct timer *t, uint64_t delay)
{
	uint64_t now = timerq_now(tq);
	uint64_t when = now + delay < now ? TIMER_NEVER - 1 : now + delay;

	return timer_add(tq, t, when);
}

/* Disarms t; nothing happens if it is idle. */
void
timer_cancel(struct timerq *tq, struct timer *t)
{
	size_t i = t->t_index;
	struct timer *last;

	if (i == TIMER_IDLE || i >= tq->tq_len || tq->tq_heap[i] != t)
		return;
	t->t_index = TIMER_IDLE;
	last = tq->tq_heap[--tq->tq_len];
	if (last == t)
		return;
	heap_set(tq, i, last);
	if (i > 0 && timer_before(last, tq->tq_heap[(i - 1) / 2]))
		heap_up(tq, i);
	else
		heap_down(tq, i);
}

/* The earliest deadline pending, or TIMER_NEVER. */
uint64_t
timerq_next_deadline(const struct timerq *tq)
{
	return tq->tq_len > 0 ? tq->tq_heap[0]->t_when : TIMER_NEVER;
}

/*
 * Fires, in deadline order, every timer due by the clock's time now,
 * including those armed by the callbacks for no later than now.  A callback
 * may arm, re-arm or cancel any timer, itself included.  Returns how many
 * fired.
 */
unsigned
timerq_run(struct timerq *tq)
{
	uint64_t now = timerq_now(tq);
	unsigned n = 0;

	while (tq->tq_len > 0 && tq->tq_heap[0]->t_when <= now) {
		struct timer *t = tq->tq_heap[0];

		timer_cancel(tq, t);
		tq->tq_fired++;
		n++;
		t->t_fn(t, t->t_arg);
	}
	return n;
}

/*
 * Moves time forward to until, firing every timer due by then in order.
 * On a virtual clock the clock steps to each deadline before its timers
 * fire, so timers they arm count from the right time; on the real clock the
 * difference is a jump.  Returns how many fired.
 */
unsigned
timerq_advance(struct timerq *tq, uint64_t until)
{
	struct clock *c = tq->tq_clock;
	unsigned n = 0;

	if (c->c_set == NULL) {
		uint64_t now = clock_now(c);

		if (until > now)
			clock_jump(c, until - now);
		return timerq_run(tq);
	}
	n += timerq_run(tq);
	while (tq->tq_len > 0 && tq->tq_heap[0]->t_when <= until) {
		c->c_set(c, tq->tq_heap[0]->t_when);
		n += timerq_run(tq);
	}
	c->c_set(c, until);
	return n;
}
