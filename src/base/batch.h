#ifndef UIPC_BASE_BATCH_H
#define UIPC_BASE_BATCH_H
/*
 * Input batches: work a lower layer lets an upper one put off until the end
 * of a burst of frames.  A reader that takes several frames off a wire in
 * one go (the TAP device, tap_rx) brackets them with batch_begin and
 * batch_end; while inside, an upper layer may queue a deferred item
 * (batch_defer) instead of acting per frame, and batch_end runs each queued
 * item once.  TCP uses it to send one ACK per burst, as Linux's GRO does
 * (RFC 9293 §3.8.6.3 and RFC 1122 §4.2.3.2 allow delaying an ACK).
 *
 * The mechanism names no layer: src/net marks the boundaries, src/inet
 * queues its items, neither includes the other.  Items are embedded in
 * their owner, which must batch_cancel a queued one before freeing it.
 */
struct batch_item;

typedef void batch_fn(struct batch_item *);

struct batch_item {
	batch_fn *bi_fn;
	struct batch_item *bi_next;
	struct batch_item **bi_prevp;	/* NULL: not queued */
};

struct batch {
	unsigned b_depth;		/* nested begin/end pairs open */
	struct batch_item *b_head;	/* queued items, newest first */
};

void batch_item_init(struct batch_item *, batch_fn *);
void batch_begin(struct batch *);
void batch_end(struct batch *);
int batch_open(const struct batch *);
int batch_defer(struct batch *, struct batch_item *);
void batch_cancel(struct batch_item *);

#endif
