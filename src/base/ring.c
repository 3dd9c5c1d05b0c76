/*
 * Byte ring.  See ring.h.
 */
#include "base/ring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void
ring_init(struct ring *r)
{
	memset(r, 0, sizeof(*r));
}

void
ring_free(struct ring *r)
{
	free(r->r_buf);
	ring_init(r);
}

/*
 * Grows the storage to cap bytes.  The filled bytes are moved to the start
 * of the new storage, which also undoes any wrap.
 */
int
ring_reserve(struct ring *r, size_t cap)
{
	uint8_t *nb;
	size_t n;

	if (cap <= r->r_cap)
		return 0;
	if ((nb = malloc(cap)) == NULL)
		return ENOBUFS;
	n = ring_peek(r, 0, nb, r->r_len);
	free(r->r_buf);
	r->r_buf = nb;
	r->r_cap = cap;
	r->r_head = 0;
	r->r_len = n;
	return 0;
}

int
ring_space_iov(struct ring *r, size_t max, struct iovec iov[2])
{
	size_t tail, first, space;

	space = r->r_cap - r->r_len;
	if (space > max)
		space = max;
	if (space == 0)
		return 0;
	tail = (r->r_head + r->r_len) % r->r_cap;
	first = r->r_cap - tail;
	if (first >= space) {
		iov[0] = (struct iovec){ r->r_buf + tail, space };
		return 1;
	}
	iov[0] = (struct iovec){ r->r_buf + tail, first };
	iov[1] = (struct iovec){ r->r_buf, space - first };
	return 2;
}

int
ring_data_iov(const struct ring *r, size_t off, size_t max, struct iovec iov[2])
{
	size_t start, first, len;

	if (off >= r->r_len)
		return 0;
	len = r->r_len - off;
	if (len > max)
		len = max;
	if (len == 0)
		return 0;
	start = (r->r_head + off) % r->r_cap;
	first = r->r_cap - start;
	if (first >= len) {
		iov[0] = (struct iovec){ r->r_buf + start, len };
		return 1;
	}
	iov[0] = (struct iovec){ r->r_buf + start, first };
	iov[1] = (struct iovec){ r->r_buf, len - first };
	return 2;
}

void
ring_produce(struct ring *r, size_t n)
{
	r->r_len += n;
}

void
ring_consume(struct ring *r, size_t n)
{
	r->r_len -= n;
	/* An empty ring restarts at the front, so the next fill is one iovec. */
	r->r_head = r->r_len == 0 ? 0 : (r->r_head + n) % r->r_cap;
}

size_t
ring_write(struct ring *r, const void *p, size_t n)
{
	struct iovec iov[2];
	size_t done = 0;
	int i, cnt;

	cnt = ring_space_iov(r, n, iov);
	for (i = 0; i < cnt; i++) {
		memcpy(iov[i].iov_base, (const uint8_t *)p + done, iov[i].iov_len);
		done += iov[i].iov_len;
	}
	ring_produce(r, done);
	return done;
}

size_t
ring_peek(const struct ring *r, size_t off, void *p, size_t n)
{
	struct iovec iov[2];
	size_t done = 0;
	int i, cnt;

	cnt = ring_data_iov(r, off, n, iov);
	for (i = 0; i < cnt; i++) {
		memcpy((uint8_t *)p + done, iov[i].iov_base, iov[i].iov_len);
		done += iov[i].iov_len;
	}
	return done;
}
