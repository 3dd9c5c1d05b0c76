/*
 * The real clock: the host's CLOCK_MONOTONIC plus an offset that jumps add
 * to.  This is the only file in src/ that reads a host clock (STYLE.md §11.3).
 */
#include <stdlib.h>
#include <time.h>

#include "base/clock.h"

struct clock_real {
	struct clock cr_clock;
	uint64_t cr_offset;	/* sum of the jumps, ns */
};

static uint64_t
clock_real_now(struct clock *c)
{
	struct clock_real *cr = (struct clock_real *)c;
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec +
	    cr->cr_offset;
}

static void
clock_real_jump(struct clock *c, uint64_t ns)
{
	((struct clock_real *)c)->cr_offset += ns;
}

static void
clock_real_free(struct clock *c)
{
	free(c);
}

struct clock *
clock_real_create(void)
{
	struct clock_real *cr = calloc(1, sizeof(*cr));

	if (cr == NULL)
		return NULL;
	cr->cr_clock.c_now = clock_real_now;
	cr->cr_clock.c_set = NULL;
	cr->cr_clock.c_jump = clock_real_jump;
	cr->cr_clock.c_free = clock_real_free;
	return &cr->cr_clock;
}

int64_t
clock_machine_wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * (int64_t)NS_PER_SEC + ts.tv_nsec;
}
