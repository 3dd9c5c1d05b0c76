/* Timer queue: order, ties, cancel, re-arm, and jumps in virtual time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "base/clock.h"
#include "base/rng.h"
#include "base/timer.h"

struct rec {
	int order[64];
	int n;
	uint64_t at[64];
	struct timerq *tq;
};

struct tmr {
	struct timer t;
	int id;
	struct rec *r;
};

static void
fire(struct timer *t, void *arg)
{
	struct tmr *m = arg;

	m->r->at[m->r->n] = timerq_now(m->r->tq);
	m->r->order[m->r->n++] = m->id;
}

static void
test_timer_order_and_ties(void **state)
{
	struct clock *c = clock_virt_create(0);
	struct timerq *tq = timerq_create(c);
	struct rec r = { .tq = tq };
	struct tmr m[5];
	uint64_t when[5] = { 50, 10, 30, 10, 20 };
	int i;

	for (i = 0; i < 5; i++) {
		m[i].id = i;
		m[i].r = &r;
		timer_init(&m[i].t, fire, &m[i]);
		assert_int_equal(timer_add(tq, &m[i].t, when[i]), 0);
	}
	assert_int_equal(timerq_next_deadline(tq), 10);
	assert_int_equal(timerq_run(tq), 0);
	assert_int_equal(timerq_advance(tq, 100), 5);
	/* 10 (armed first), 10, 20, 30, 50; each at its own deadline. */
	assert_int_equal(r.order[0], 1);
	assert_int_equal(r.order[1], 3);
	assert_int_equal(r.order[2], 4);
	assert_int_equal(r.order[3], 2);
	assert_int_equal(r.order[4], 0);
	assert_int_equal(r.at[3], 30);
	assert_int_equal(clock_now(c), 100);
	assert_int_equal(timerq_next_deadline(tq), TIMER_NEVER);
	timerq_free(tq);
	clock_free(c);
}

static void
test_timer_cancel_rearm(void **state)
{
	struct clock *c = clock_virt_create(0);
	struct timerq *tq = timerq_create(c);
	struct rec r = { .tq = tq };
	struct tmr a = { .id = 1, .r = &r }, b = { .id = 2, .r = &r };

	timer_init(&a.t, fire, &a);
	timer_init(&b.t, fire, &b);
	timer_add(tq, &a.t, 10);
	timer_add(tq, &b.t, 20);
	timer_cancel(tq, &a.t);
	assert_false(timer_pending(&a.t));
	timer_cancel(tq, &a.t);		/* idle: nothing happens */
	timer_add(tq, &b.t, 40);	/* re-arm later */
	timerq_advance(tq, 30);
	assert_int_equal(r.n, 0);
	timerq_advance(tq, 40);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.order[0], 2);
	timerq_free(tq);
	clock_free(c);
}

/* A heap of many timers in random order fires in sorted order. */
static void
test_timer_heap_random(void **state)
{
	struct clock *c = clock_virt_create(0);
	struct timerq *tq = timerq_create(c);
	struct rec r = { .tq = tq };
	struct tmr *m = calloc(64, sizeof(*m));
	struct rng g;
	int i;

	rng_seed(&g, 7);
	for (i = 0; i < 64; i++) {
		m[i].id = i;
		m[i].r = &r;
		timer_init(&m[i].t, fire, &m[i]);
		timer_add(tq, &m[i].t, 1 + rng_below(&g, 1000));
	}
	for (i = 0; i < 64; i += 3)
		timer_cancel(tq, &m[i].t);
	timerq_advance(tq, 2000);
	for (i = 1; i < r.n; i++)
		assert_true(r.at[i - 1] <= r.at[i]);
	assert_int_equal(r.n, 64 - 22);
	free(m);
	timerq_free(tq);
	clock_free(c);
}

/* A jump of the real clock fires every timer due by then. */
static void
test_timer_real_jump(void **state)
{
	struct clock *c = clock_real_create();
	struct timerq *tq = timerq_create(c);
	struct rec r = { .tq = tq };
	struct tmr a = { .id = 1, .r = &r };

	timer_init(&a.t, fire, &a);
	timer_add_in(tq, &a.t, 3600 * NS_PER_SEC);
	assert_int_equal(timerq_run(tq), 0);
	timerq_advance(tq, clock_now(c) + 3601 * NS_PER_SEC);
	assert_int_equal(r.n, 1);
	timerq_free(tq);
	clock_free(c);
}

static void
test_rng_repeatable(void **state)
{
	struct rng a, b;
	int i, hits = 0;

	rng_seed(&a, 42);
	rng_seed(&b, 42);
	for (i = 0; i < 1000; i++)
		assert_int_equal(rng_next(&a), rng_next(&b));
	for (i = 0; i < 100000; i++)
		hits += rng_chance(&a, 100000);	/* 10 % */
	assert_in_range(hits, 9000, 11000);
	assert_false(rng_chance(&a, 0));
	assert_true(rng_chance(&a, RNG_PPM));
	for (i = 0; i < 1000; i++)
		assert_true(rng_below(&a, 7) < 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timer_order_and_ties),
		cmocka_unit_test(test_timer_cancel_rearm),
		cmocka_unit_test(test_timer_heap_random),
		cmocka_unit_test(test_timer_real_jump),
		cmocka_unit_test(test_rng_repeatable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
