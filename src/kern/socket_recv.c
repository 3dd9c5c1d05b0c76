/*
 * Receiving (4.4BSD soreceive).  An atomic buffer gives one record a call,
 * truncated to the caller's length with MSG_TRUNC; a stream buffer gives
 * bytes, stopping at the out-of-band mark (so SIOCATMARK can be asked
 * there, primer §5.1) and at a byte that carries ancillary data (so that
 * descriptors arrive with the data they were sent with).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kern/socket.h"

static inline const struct pr_usrreqs *
pru(const struct socket *so)
{
	return so->so_proto->pr_usrreqs;
}

/* Why nothing can be read: EOF (0 bytes), an error, or EWOULDBLOCK. */
static int
soreceive_empty(struct socket *so, int *eof)
{
	*eof = 0;
	if (so->so_error != 0)
		return sogeterror(so);
	if (so->so_state & SS_CANTRCVMORE) {
		*eof = 1;
		return 0;
	}
	if ((so->so_proto->pr_flags & PR_CONNREQUIRED) &&
	    !(so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING)))
		return ENOTCONN;
	return EWOULDBLOCK;
}

/*
 * How many stream bytes may be taken from the front of so_rcv in one go:
 * up to the mark when it lies ahead, and up to the next byte carrying a
 * control when one lies ahead.
 */
static size_t
soreceive_limit(struct socket *so, size_t max)
{
	struct sockbuf *sb = &so->so_rcv;
	size_t n = sb->sb_cc;

	if (so->so_oobmark > sb->sb_off && so->so_oobmark - sb->sb_off < n)
		n = (size_t)(so->so_oobmark - sb->sb_off);
	if (sb->sb_ctl != NULL && sb->sb_ctl->c_at > sb->sb_off &&
	    sb->sb_ctl->c_at - sb->sb_off < n)
		n = (size_t)(sb->sb_ctl->c_at - sb->sb_off);
	return n < max ? n : max;
}

int
soreceive_peek(struct socket *so, size_t max, struct iovec iov[2], int *niov)
{
	*niov = ring_data_iov(&so->so_rcv.sb_ring, 0, soreceive_limit(so, max), iov);
	return 0;
}

void
soreceive_consume(struct socket *so, size_t n)
{
	struct sockbuf *sb = &so->so_rcv;

	if (n == 0)
		return;
	sbdrop(sb, n);
	if (sb->sb_off == so->so_oobmark)
		so->so_state |= SS_RCVATMARK;
	else
		so->so_state &= ~SS_RCVATMARK;
	if (so->so_proto->pr_flags & PR_WANTRCVD)
		pru(so)->pru_rcvd(so);
}

struct so_control *
soreceive_control(struct socket *so)
{
	struct sockbuf *sb = &so->so_rcv;
	struct sbctl *c = sb->sb_ctl;
	struct so_control *ctl;

	if (c == NULL || c->c_at != sb->sb_off)
		return NULL;
	sb->sb_ctl = c->c_next;
	ctl = c->c_ctl;
	free(c);
	return ctl;
}

struct sbrec *
soreceive_record(struct socket *so)
{
	struct sbrec *r = sbdequeue(&so->so_rcv);

	if (r != NULL && (so->so_proto->pr_flags & PR_WANTRCVD))
		pru(so)->pru_rcvd(so);
	return r;
}

/*
 * recv(MSG_OOB): the urgent byte, when one waits and is not inline
 * (EINVAL otherwise, as BSD's PRU_RCVOOB says).
 */
static int
soreceive_oob(struct socket *so, void *buf, size_t len, int flags, size_t *done)
{
	if ((so->so_options & SOO_OOBINLINE) || !(so->so_state & SS_HAVEOOB))
		return EINVAL;
	if (len == 0)
		return 0;
	*(uint8_t *)buf = so->so_oobc;
	*done = 1;
	if (!(flags & MSG_PEEK))
		so->so_state &= ~SS_HAVEOOB;
	return 0;
}

int
soreceive(struct socket *so, void *buf, size_t len, int flags, struct sockaddr *from,
    socklen_t *fromlen, struct so_control **ctlp, size_t *done, int *outflags)
{
	struct sockbuf *sb = &so->so_rcv;
	struct sbrec *r;
	size_t n;
	int error, eof;

	*done = 0;
	if (outflags != NULL)
		*outflags = 0;
	if (ctlp != NULL)
		*ctlp = NULL;
	if (flags & MSG_OOB)
		return soreceive_oob(so, buf, len, flags, done);
	if (so->so_proto->pr_flags & PR_ATOMIC) {
		if ((r = sb->sb_rec) == NULL) {
			error = soreceive_empty(so, &eof);
			return error;
		}
		n = r->r_len < len ? r->r_len : len;
		memcpy(buf, r->r_data, n);
		*done = n;
		if (r->r_len > len && outflags != NULL)
			*outflags |= MSG_TRUNC;
		if (from != NULL && fromlen != NULL) {
			socklen_t l = r->r_addrlen < *fromlen ? r->r_addrlen : *fromlen;

			if (r->r_addr != NULL)
				memcpy(from, r->r_addr, l);
			*fromlen = r->r_addrlen;
		}
		if (flags & MSG_PEEK)
			return 0;
		r = soreceive_record(so);
		if (ctlp != NULL) {
			*ctlp = r->r_ctl;
			r->r_ctl = NULL;
		}
		sbrec_free(r);
		return 0;
	}
	if (sb->sb_cc == 0)
		return soreceive_empty(so, &eof);
	if (ctlp != NULL && !(flags & MSG_PEEK))
		*ctlp = soreceive_control(so);
	n = ring_peek(&sb->sb_ring, 0, buf, soreceive_limit(so, len));
	*done = n;
	if (!(flags & MSG_PEEK))
		soreceive_consume(so, n);
	return 0;
}
