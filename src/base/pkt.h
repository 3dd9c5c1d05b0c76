#ifndef UIPC_BASE_PKT_H
#define UIPC_BASE_PKT_H
/*
 * Packet buffers.  A packet is one contiguous run of bytes inside a larger
 * buffer, with room kept in front so that each layer on the way down can
 * prepend its header without a copy (Ethernet 14, IP up to 60, TCP up to 60).
 *
 * One owner at a time (STYLE.md §11.5): whoever is handed a struct pkt owns
 * it, on success and on failure alike, and must pass it on or pkt_free() it.
 * pk_next is free for the owner's queues.
 *
 * Standard-sized packets come from a per-stack pool with a free list, so that
 * allocating one in the hot path is a pointer pop; larger ones (reassembled
 * datagrams) are plain heap allocations.  Buffers grow when a layer asks for
 * more head or tail room than they have.
 */
#include <stddef.h>
#include <stdint.h>

#define PKT_HEADROOM	192	/* covers Ethernet + IP + TCP, options included */
#define PKT_STDSIZE	2048	/* buffer of a pooled packet */
#define PKT_BIGSIZE	(65536 + 512)	/* buffer of a pooled large packet (64 KiB MTU, loopback) */
#define PKT_MAXBIG	32	/* large buffers kept for reuse */

/* pk_flags */
#define PKF_BCAST	0x0001	/* arrived as a link-layer broadcast */
#define PKF_MCAST	0x0002	/* arrived as a link-layer multicast */
#define PKF_LOOP	0x0004	/* went out on, or came in from, loopback */

struct pkt_pool {
	struct pkt *pp_free;	/* free list of standard packets */
	unsigned pp_nfree;
	unsigned pp_maxfree;	/* free list bound; more go back to the heap */
	struct pkt *pp_bigfree;	/* free list of large packets: a 64 KiB segment */
	unsigned pp_nbig;	/* costs page faults when it goes back to the heap */
	uint64_t pp_allocs;	/* counters, for netstat -m */
	uint64_t pp_inuse;
	uint64_t pp_fails;
};

struct pkt {
	struct pkt *pk_next;	/* owner's queue link */
	struct pkt_pool *pk_pool;
	uint8_t *pk_buf;	/* the buffer */
	size_t pk_size;		/* its size */
	uint8_t *pk_data;	/* first valid byte, inside pk_buf */
	size_t pk_len;		/* valid bytes */
	uint32_t pk_flags;	/* PKF_* */
	/*
	 * The interface it arrived on (a struct ifnet of src/net), or NULL:
	 * untyped here so that the base names nothing of the layers above.
	 */
	void *pk_ifp;
};

/* A FIFO of packets linked through pk_next. */
struct pktq {
	struct pkt *pq_head;
	struct pkt *pq_tail;
	unsigned pq_len;
};

void	pkt_pool_init(struct pkt_pool *, unsigned maxfree);
void	pkt_pool_fini(struct pkt_pool *);

struct pkt *pkt_alloc(struct pkt_pool *, size_t len);
struct pkt *pkt_alloc_hr(struct pkt_pool *, size_t headroom, size_t len);
struct pkt *pkt_from(struct pkt_pool *, const void *, size_t);
struct pkt *pkt_copy(const struct pkt *);
void	pkt_free(struct pkt *);

uint8_t *pkt_prepend(struct pkt *, size_t);
uint8_t *pkt_put(struct pkt *, size_t);
void	pkt_adj(struct pkt *, size_t);
void	pkt_trim(struct pkt *, size_t);

static inline size_t
pkt_headroom(const struct pkt *p)
{
	return (size_t)(p->pk_data - p->pk_buf);
}

void	pktq_init(struct pktq *);
void	pktq_enq(struct pktq *, struct pkt *);
struct pkt *pktq_deq(struct pktq *);
void	pktq_flush(struct pktq *);

#endif
