/*
 * A socket's error queue (so_errq.h): Linux's sk_error_queue, bounded by
 * the receive buffer as Linux charges it (sock_queue_err_skb).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kern/so_errq.h"
#include "kern/socket.h"

int
soerrq_put(struct socket *so, const struct so_err *e, const void *data)
{
	struct so_err *n, **tail;
	size_t held = 0;

	for (tail = &so->so_errq; *tail != NULL; tail = &(*tail)->se_next)
		held += sizeof(**tail) + (*tail)->se_len;
	if (held + sizeof(*n) + e->se_len > so->so_rcv.sb_hiwat)
		return ENOSPC;
	if ((n = malloc(sizeof(*n) + e->se_len)) == NULL)
		return ENOBUFS;
	*n = *e;
	n->se_next = NULL;
	if (e->se_len > 0)
		memcpy(n->se_data, data, e->se_len);
	*tail = n;
	return 0;
}

struct so_err *
soerrq_take(struct socket *so)
{
	struct so_err *e = so->so_errq;

	if (e != NULL)
		so->so_errq = e->se_next;
	return e;
}

int
soerrq_pending(const struct socket *so)
{
	return so->so_errq != NULL;
}

void
soerrq_flush(struct socket *so)
{
	struct so_err *e;

	while ((e = soerrq_take(so)) != NULL)
		free(e);
}
