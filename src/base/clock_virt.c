/*
 * The virtual clock: time stands still until a test or simulation moves it.
 * timerq_advance() moves it from one timer deadline to the next, so a timer
 * that schedules another sees the time it was due at, as it would in real
 * time.
 */
#include <stdlib.h>

#include "base/clock.h"

struct clock_virt {
	struct clock cv_clock;
	uint64_t cv_now;
};

static uint64_t
clock_virt_now(struct clock *c)
{
	return ((struct clock_virt *)c)->cv_now;
}

static void
clock_virt_set(struct clock *c, uint64_t t)
{
	struct clock_virt *cv = (struct clock_virt *)c;

	/* Monotonic: a virtual clock never goes back. */
	if (t > cv->cv_now)
		cv->cv_now = t;
}

static void
clock_virt_jump(struct clock *c, uint64_t ns)
{
	((struct clock_virt *)c)->cv_now += ns;
}

static void
clock_virt_free(struct clock *c)
{
	free(c);
}

struct clock *
clock_virt_create(uint64_t start)
{
	struct clock_virt *cv = calloc(1, sizeof(*cv));

	if (cv == NULL)
		return NULL;
	cv->cv_clock.c_now = clock_virt_now;
	cv->cv_clock.c_set = clock_virt_set;
	cv->cv_clock.c_jump = clock_virt_jump;
	cv->cv_clock.c_free = clock_virt_free;
	cv->cv_now = start;
	return &cv->cv_clock;
}

int
clock_is_virtual(const struct clock *c)
{
	return c->c_set != NULL;
}
