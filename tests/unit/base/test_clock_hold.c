/*
 * clock_hold (base/clock.h): the real clock held reads the time it was held
 * at, however far the host's clock moves, through nested holds, and moves
 * with a jump; released, it reads the host's time again.  A virtual clock is
 * never held.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/clock.h"

/* Reads the host's time behind c until it is past t (bounded). */
static uint64_t
host_after(struct clock *c, uint64_t t)
{
	uint64_t now = c->c_now(c);
	long i;

	for (i = 0; i < 100000000L && now <= t; i++)
		now = c->c_now(c);
	assert_true(now > t);
	return now;
}

static void
test_clock_hold_real(void **state)
{
	struct clock *c = clock_real_create();
	uint64_t t0, later;

	(void)state;
	assert_non_null(c);
	clock_hold(c);
	t0 = clock_now(c);
	later = host_after(c, t0);
	assert_true(clock_now(c) == t0);
	clock_hold(c);			/* nested: still the first instant */
	host_after(c, later);
	assert_true(clock_now(c) == t0);
	clock_release(c);
	assert_true(clock_now(c) == t0);	/* the outer hold remains */
	clock_jump(c, 5 * NS_PER_SEC);
	assert_true(clock_now(c) == t0 + 5 * NS_PER_SEC);
	clock_release(c);
	assert_true(clock_now(c) >= later + 5 * NS_PER_SEC);
	clock_release(c);		/* one too many: no effect */
	assert_true(clock_now(c) >= later + 5 * NS_PER_SEC);
	clock_free(c);
}

static void
test_clock_hold_virtual_never(void **state)
{
	struct clock *c = clock_virt_create(100);

	(void)state;
	assert_non_null(c);
	clock_hold(c);
	c->c_set(c, 200);
	assert_true(clock_now(c) == 200);
	clock_jump(c, 50);
	assert_true(clock_now(c) == 250);
	clock_release(c);
	assert_true(clock_now(c) == 250);
	clock_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock_hold_real),
		cmocka_unit_test(test_clock_hold_virtual_never),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
