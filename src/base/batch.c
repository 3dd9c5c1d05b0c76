/*
 * Input batches (batch.h).  A doubly linked list, so that an owner freed
 * in the middle of a batch (a connection reset by a later frame) leaves it
 * in O(1).
 */
#include <stddef.h>

#include "base/batch.h"

void
batch_item_init(struct batch_item *bi, batch_fn *fn)
{
	bi->bi_fn = fn;
	bi->bi_next = NULL;
	bi->bi_prevp = NULL;
}

void
batch_begin(struct batch *b)
{
	b->b_depth++;
}

/* Whether a batch is open: deferring is allowed only then. */
int
batch_open(const struct batch *b)
{
	return b->b_depth > 0;
}

/*
 * Queues bi to run at the end of the open batch.  Returns 1 when it is (or
 * already was) queued, 0 when no batch is open: then the caller acts now.
 */
int
batch_defer(struct batch *b, struct batch_item *bi)
{
	if (b->b_depth == 0)
		return 0;
	if (bi->bi_prevp != NULL)
		return 1;
	bi->bi_next = b->b_head;
	if (bi->bi_next != NULL)
		bi->bi_next->bi_prevp = &bi->bi_next;
	bi->bi_prevp = &b->b_head;
	b->b_head = bi;
	return 1;
}

void
batch_cancel(struct batch_item *bi)
{
	if (bi->bi_prevp == NULL)
		return;
	*bi->bi_prevp = bi->bi_next;
	if (bi->bi_next != NULL)
		bi->bi_next->bi_prevp = bi->bi_prevp;
	bi->bi_next = NULL;
	bi->bi_prevp = NULL;
}

/*
 * Closes one level; the outermost runs the queued items, each unqueued
 * before it runs (an item may free its owner, or queue others: those run
 * too, since the loop takes the head afresh each time).  The depth is
 * already zero while they run, so what an item does acts at once rather
 * than being deferred again.
 */
void
batch_end(struct batch *b)
{
	struct batch_item *bi;

	if (b->b_depth == 0 || --b->b_depth > 0)
		return;
	while ((bi = b->b_head) != NULL) {
		batch_cancel(bi);
		bi->bi_fn(bi);
	}
}
