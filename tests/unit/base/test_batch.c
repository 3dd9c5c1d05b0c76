/* Input batches: deferral only inside one, each item once, nesting, cancel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/batch.h"

struct owner {
	struct batch_item o_item;
	struct batch *o_batch;
	struct owner *o_requeue;	/* queued again from inside the run */
	int o_runs;
	int o_open_when_run;
};

static void
run(struct batch_item *bi)
{
	struct owner *o = (struct owner *)bi;

	o->o_runs++;
	o->o_open_when_run = batch_open(o->o_batch);
	if (o->o_requeue != NULL)
		assert_int_equal(batch_defer(o->o_batch, &o->o_requeue->o_item), 0);
}

static void
owner_init(struct owner *o, struct batch *b)
{
	batch_item_init(&o->o_item, run);
	o->o_batch = b;
	o->o_requeue = NULL;
	o->o_runs = 0;
	o->o_open_when_run = -1;
}

static void
test_batch_defer_needs_open(void **state)
{
	struct batch b = { 0 };
	struct owner o;

	owner_init(&o, &b);
	assert_false(batch_open(&b));
	assert_int_equal(batch_defer(&b, &o.o_item), 0);
	batch_end(&b);		/* unbalanced end: nothing happens */
	assert_int_equal(o.o_runs, 0);
}

static void
test_batch_runs_each_once_at_outer_end(void **state)
{
	struct batch b = { 0 };
	struct owner o[3];
	int i;

	for (i = 0; i < 3; i++)
		owner_init(&o[i], &b);
	batch_begin(&b);
	batch_begin(&b);
	for (i = 0; i < 3; i++) {
		assert_int_equal(batch_defer(&b, &o[i].o_item), 1);
		assert_int_equal(batch_defer(&b, &o[i].o_item), 1);
	}
	batch_end(&b);		/* inner end: still open */
	for (i = 0; i < 3; i++)
		assert_int_equal(o[i].o_runs, 0);
	batch_end(&b);
	for (i = 0; i < 3; i++) {
		assert_int_equal(o[i].o_runs, 1);
		assert_int_equal(o[i].o_open_when_run, 0);
	}
	batch_begin(&b);	/* a new batch starts empty */
	batch_end(&b);
	for (i = 0; i < 3; i++)
		assert_int_equal(o[i].o_runs, 1);
}

static void
test_batch_cancel(void **state)
{
	struct batch b = { 0 };
	struct owner o[3];
	int i;

	for (i = 0; i < 3; i++)
		owner_init(&o[i], &b);
	batch_begin(&b);
	for (i = 0; i < 3; i++)
		batch_defer(&b, &o[i].o_item);
	batch_cancel(&o[1].o_item);	/* from the middle */
	batch_cancel(&o[1].o_item);	/* twice is harmless */
	batch_cancel(&o[2].o_item);	/* the head */
	batch_end(&b);
	assert_int_equal(o[0].o_runs, 1);
	assert_int_equal(o[1].o_runs, 0);
	assert_int_equal(o[2].o_runs, 0);
}

/* An item that acts while its batch ends acts at once, not deferred again. */
static void
test_batch_item_acts_now(void **state)
{
	struct batch b = { 0 };
	struct owner a, c;

	owner_init(&a, &b);
	owner_init(&c, &b);
	a.o_requeue = &c;
	batch_begin(&b);
	batch_defer(&b, &a.o_item);
	batch_end(&b);
	assert_int_equal(a.o_runs, 1);
	assert_int_equal(c.o_runs, 0);
	assert_null(b.b_head);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_defer_needs_open),
		cmocka_unit_test(test_batch_runs_each_once_at_outer_end),
		cmocka_unit_test(test_batch_cancel),
		cmocka_unit_test(test_batch_item_acts_now),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
