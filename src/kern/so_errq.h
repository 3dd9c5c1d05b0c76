#ifndef UIPC_KERN_SO_ERRQ_H
#define UIPC_KERN_SO_ERRQ_H
/*
 * A socket's error queue: Linux's sk_error_queue, which IP_RECVERR fills
 * on datagram sockets (ip(7)) and recvmsg(MSG_ERRQUEUE) empties, oldest
 * first.  Each entry is one error about a datagram the socket sent: Linux's
 * struct sock_extended_err fields, who reported it, where the datagram was
 * going, and as much of its payload as the report quoted.
 *
 * Ownership: the queue is the socket's; sofree empties it.  The queue is
 * bounded by the socket's receive buffer, as Linux charges it there: an
 * error that would pass the bound is dropped (the errno still reaches the
 * socket as so_error).
 */
#include <stddef.h>
#include <stdint.h>

struct socket;

struct so_err {
	struct so_err *se_next;
	uint32_t se_errno;
	uint8_t se_origin;		/* SO_EE_ORIGIN_* */
	uint8_t se_type, se_code;	/* ICMP's */
	uint32_t se_info;		/* ICMP's (the MTU of a frag-needed) */
	uint32_t se_offender;		/* host order; who sent the report */
	uint32_t se_dst;		/* host order */
	uint16_t se_dport;
	size_t se_len;			/* bytes of se_data */
	uint8_t se_data[];
};

/*
 * Queues a copy of e (its se_data of se_len bytes follows in data) on so.
 * Returns 0, ENOBUFS (no memory) or ENOSPC (the bound).
 */
int	soerrq_put(struct socket *so, const struct so_err *e, const void *data);

/* Takes the oldest entry (the caller frees it), or NULL when empty. */
struct so_err *soerrq_take(struct socket *so);

/* Is anything queued? */
int	soerrq_pending(const struct socket *so);

void	soerrq_flush(struct socket *so);

#endif
