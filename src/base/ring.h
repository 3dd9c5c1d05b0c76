#ifndef UIPC_BASE_RING_H
#define UIPC_BASE_RING_H
/*
 * A byte ring: the storage of a stream socket buffer.
 *
 * The ring hands out its free and filled regions as at most two iovecs, so
 * that the daemon can readv() from a channel straight into a receiver's
 * buffer and writev() from it straight into the next channel: the data is
 * copied by the host kernel only, never by uipc (DESIGN.md, "Keep uipcd's
 * per-message work near zero").  Storage is allocated on the first write, so
 * an idle socket costs no buffer memory.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

struct ring {
	uint8_t *r_buf;
	size_t r_cap;		/* bytes the storage holds (0: not allocated) */
	size_t r_head;		/* index of the first filled byte */
	size_t r_len;		/* filled bytes */
};

static inline size_t ring_len(const struct ring *r) { return r->r_len; }

void ring_init(struct ring *r);
void ring_free(struct ring *r);
/* Makes the storage at least cap bytes, keeping what it holds; ENOBUFS. */
int ring_reserve(struct ring *r, size_t cap);
/* Free and filled regions as iovecs; return how many (0, 1 or 2). */
int ring_space_iov(struct ring *r, size_t max, struct iovec iov[2]);
int ring_data_iov(const struct ring *r, size_t off, size_t max, struct iovec iov[2]);
void ring_produce(struct ring *r, size_t n);
void ring_consume(struct ring *r, size_t n);
/* Copying forms; the caller has checked the space (ring_write copies what fits). */
size_t ring_write(struct ring *r, const void *p, size_t n);
size_t ring_peek(const struct ring *r, size_t off, void *p, size_t n);

#endif
