/*
 * Packet buffers: allocation from a per-stack free list, head and tail room
 * that grows on demand, and packet queues.  See pkt.h for the ownership rule.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/pkt.h"

void
pkt_pool_init(struct pkt_pool *pp, unsigned maxfree)
{
	memset(pp, 0, sizeof(*pp));
	pp->pp_maxfree = maxfree;
}

/*
 * Returns every free-listed packet to the heap.  Packets still in use stay
 * valid; when freed later they go straight back to the heap, because the
 * free list bound is set to zero.
 */
void
pkt_pool_fini(struct pkt_pool *pp)
{
	struct pkt *p;

	while ((p = pp->pp_free) != NULL) {
		pp->pp_free = p->pk_next;
		free(p->pk_buf);
		free(p);
	}
	while ((p = pp->pp_bigfree) != NULL) {
		pp->pp_bigfree = p->pk_next;
		free(p->pk_buf);
		free(p);
	}
	pp->pp_nfree = 0;
	pp->pp_nbig = 0;
	pp->pp_maxfree = 0;
}

/*
 * Allocates a packet of len bytes (contents undefined) with headroom bytes
 * free in front of them.  Returns NULL when memory is short.
 */
struct pkt *
pkt_alloc_hr(struct pkt_pool *pp, size_t headroom, size_t len)
{
	struct pkt *p;
	size_t need = headroom + len;

	if (need < len)
		return NULL;
	if (need <= PKT_STDSIZE && pp != NULL && pp->pp_free != NULL) {
		p = pp->pp_free;
		pp->pp_free = p->pk_next;
		pp->pp_nfree--;
	} else if (need > PKT_STDSIZE && need <= PKT_BIGSIZE && pp != NULL && pp->pp_bigfree != NULL) {
		p = pp->pp_bigfree;
		pp->pp_bigfree = p->pk_next;
		pp->pp_nbig--;
	} else {
		size_t size = need <= PKT_STDSIZE ? PKT_STDSIZE :
		    need <= PKT_BIGSIZE ? PKT_BIGSIZE : need;

		if ((p = malloc(sizeof(*p))) == NULL)
			goto fail;
		if ((p->pk_buf = malloc(size)) == NULL) {
			free(p);
			goto fail;
		}
		p->pk_size = size;
	}
	p->pk_next = NULL;
	p->pk_pool = pp;
	p->pk_data = p->pk_buf + headroom;
	p->pk_len = len;
	p->pk_flags = 0;
	p->pk_ifp = NULL;
	if (pp != NULL) {
		pp->pp_allocs++;
		pp->pp_inuse++;
	}
	return p;
fail:
	if (pp != NULL)
		pp->pp_fails++;
	return NULL;
}

struct pkt *
pkt_alloc(struct pkt_pool *pp, size_t len)
{
	return pkt_alloc_hr(pp, PKT_HEADROOM, len);
}

/* Allocates a packet holding a copy of len bytes at buf. */
struct pkt *
pkt_from(struct pkt_pool *pp, const void *buf, size_t len)
{
	struct pkt *p = pkt_alloc(pp, len);

	if (p != NULL && len > 0)
		memcpy(p->pk_data, buf, len);
	return p;
}

/* A copy of p's bytes and flags, in the same pool; NULL when memory is short. */
struct pkt *
pkt_copy(const struct pkt *p)
{
	size_t hr = pkt_headroom(p);
	struct pkt *q = pkt_alloc_hr(p->pk_pool, hr < PKT_HEADROOM ?
	    PKT_HEADROOM : hr, p->pk_len);

	if (q == NULL)
		return NULL;
	if (p->pk_len > 0)
		memcpy(q->pk_data, p->pk_data, p->pk_len);
	q->pk_flags = p->pk_flags;
	q->pk_ifp = p->pk_ifp;
	return q;
}

void
pkt_free(struct pkt *p)
{
	struct pkt_pool *pp;

	if (p == NULL)
		return;
	pp = p->pk_pool;
	if (pp != NULL) {
		pp->pp_inuse--;
		if (p->pk_size == PKT_STDSIZE && pp->pp_nfree < pp->pp_maxfree) {
			p->pk_next = pp->pp_free;
			pp->pp_free = p;
			pp->pp_nfree++;
			return;
		}
		if (p->pk_size == PKT_BIGSIZE && pp->pp_nbig < PKT_MAXBIG) {
			p->pk_next = pp->pp_bigfree;
			pp->pp_bigfree = p;
			pp->pp_nbig++;
			return;
		}
	}
	free(p->pk_buf);
	free(p);
}

/*
 * Moves p's bytes into a new buffer with at least head bytes in front and
 * tail bytes behind them.  Returns 0 or ENOMEM (p unchanged).
 */
static int
pkt_grow(struct pkt *p, size_t head, size_t tail)
{
	size_t size = head + p->pk_len + tail;
	uint8_t *nb;

	if (size < PKT_STDSIZE)
		size = PKT_STDSIZE;
	if ((nb = malloc(size)) == NULL)
		return ENOMEM;
	if (p->pk_len > 0)
		memcpy(nb + head, p->pk_data, p->pk_len);
	free(p->pk_buf);
	p->pk_buf = nb;
	p->pk_size = size;
	p->pk_data = nb + head;
	return 0;
}

/*
 * Makes n more bytes valid in front of the data and returns a pointer to
 * them (the new start), or NULL when memory is short.
 */
uint8_t *
pkt_prepend(struct pkt *p, size_t n)
{
	if (pkt_headroom(p) < n && pkt_grow(p, n + PKT_HEADROOM, 0) != 0)
		return NULL;
	p->pk_data -= n;
	p->pk_len += n;
	return p->pk_data;
}

/*
 * Makes n more bytes valid after the data and returns a pointer to them,
 * or NULL when memory is short.
 */
uint8_t *
pkt_put(struct pkt *p, size_t n)
{
	size_t tail = p->pk_size - pkt_headroom(p) - p->pk_len;
	uint8_t *t;

	if (tail < n && pkt_grow(p, pkt_headroom(p), n) != 0)
		return NULL;
	t = p->pk_data + p->pk_len;
	p->pk_len += n;
	return t;
}

/* Drops n bytes (at most all) from the front. */
void
pkt_adj(struct pkt *p, size_t n)
{
	if (n > p->pk_len)
		n = p->pk_len;
	p->pk_data += n;
	p->pk_len -= n;
}

/* Keeps only the first len bytes. */
void
pkt_trim(struct pkt *p, size_t len)
{
	if (len < p->pk_len)
		p->pk_len = len;
}

void
pktq_init(struct pktq *q)
{
	q->pq_head = q->pq_tail = NULL;
	q->pq_len = 0;
}

void
pktq_enq(struct pktq *q, struct pkt *p)
{
	p->pk_next = NULL;
	if (q->pq_tail != NULL)
		q->pq_tail->pk_next = p;
	else
		q->pq_head = p;
	q->pq_tail = p;
	q->pq_len++;
}

struct pkt *
pktq_deq(struct pktq *q)
{
	struct pkt *p = q->pq_head;

	if (p == NULL)
		return NULL;
	q->pq_head = p->pk_next;
	if (q->pq_head == NULL)
		q->pq_tail = NULL;
	q->pq_len--;
	p->pk_next = NULL;
	return p;
}

void
pktq_flush(struct pktq *q)
{
	struct pkt *p;

	while ((p = pktq_deq(q)) != NULL)
		pkt_free(p);
}
