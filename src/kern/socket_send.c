/*
 * Sending (4.4BSD sosend).  An atomic protocol (PR_ATOMIC) takes each send
 * whole as one record or not at all; a stream protocol takes what fits in
 * the buffer a send lands in.  Errors in BSD's order: a send after
 * shutdown is EPIPE (the environment raises SIGPIPE), then a pending
 * asynchronous error, then ENOTCONN or EDESTADDRREQ, then EMSGSIZE for a
 * record larger than the buffer can ever hold.
 */
#include <errno.h>
#include <string.h>

#include "kern/socket.h"

static inline const struct pr_usrreqs *
pru(const struct socket *so)
{
	return so->so_proto->pr_usrreqs;
}

static int
sosend_check(struct socket *so, const struct so_addr *to, int consume)
{
	if (so->so_state & SS_CANTSENDMORE)
		return EPIPE;
	if (so->so_error != 0)
		return consume ? sogeterror(so) : so->so_error;
	if (!(so->so_state & SS_ISCONNECTED)) {
		if (so->so_proto->pr_flags & PR_CONNREQUIRED)
			return (so->so_state & SS_ISCONNECTING) ? EWOULDBLOCK : ENOTCONN;
		/* Linux: EDESTADDRREQ for UDP, ENOTCONN for a UNIX datagram socket. */
		if (to == NULL)
			return (so->so_proto->pr_flags & PR_ADDR) && so->so_proto->pr_domain != AF_UNIX ?
			    EDESTADDRREQ : ENOTCONN;
	}
	/* Linux ignores the address given to a connected stream (BSD: EISCONN). */
	return 0;
}

/*
 * Stream sends: the free part of the buffer the data lands in, and the
 * commit that hands the bytes to the protocol.  oob: the last byte
 * committed is urgent (primer §5.1).
 */
int
sosend_space(struct socket *so, size_t max, struct iovec iov[2], int *niov)
{
	struct sockbuf *sb;
	int error;

	/* Not a user's call: an error stays in the socket for the user's next one. */
	if ((error = sosend_check(so, NULL, 0)) != 0)
		return error;
	if ((sb = pru(so)->pru_sendbuf(so, &error)) == NULL)
		return error;
	*niov = sbappend_space(sb, max, iov);
	return *niov == 0 ? EWOULDBLOCK : 0;
}

/*
 * Whether the buffer a stream send lands in has no room because its owner
 * may hold no more (so_owner), rather than because it is full: nothing of
 * this socket's will bring room then, and the environment must look again
 * when the owner's storage falls.
 */
int
sosend_ownerfull(struct socket *so)
{
	struct sockbuf *sb;
	const struct so_owner *ow;
	int error;

	if ((sb = pru(so)->pru_sendbuf(so, &error)) == NULL || (ow = sb->sb_owner) == NULL ||
	    ow->ow_maxbytes == 0)
		return 0;
	return sb->sb_ring.r_cap < sb->sb_hiwat && sb->sb_cc >= sb->sb_ring.r_cap &&
	    ow->ow_bytes + (sb->sb_hiwat - sb->sb_ring.r_cap) > ow->ow_maxbytes;
}

int
sosend_commit(struct socket *so, size_t n, int oob, struct so_control *ctl)
{
	struct sockbuf *sb;
	int error;

	if ((sb = pru(so)->pru_sendbuf(so, &error)) == NULL) {
		so_control_free(ctl);
		return error;
	}
	if (ctl != NULL)
		sbappendcontrol(sb, sb->sb_off + sb->sb_cc, ctl);
	sbappend_commit(sb, n);
	return pru(so)->pru_send(so, n, oob, NULL);
}

int
sosend(struct socket *so, const void *buf, size_t len, int flags,
    const struct so_addr *to, struct so_control *ctl, const struct ucred *cr, size_t *done)
{
	struct sockbuf *sb;
	struct sbrec *r;
	size_t n;
	int error;

	*done = 0;
	if ((error = sosend_check(so, to, 1)) != 0)
		goto bad;
	/* Descriptors and credentials only where the protocol carries them;
	 * a datagram's own information (so_dginfo) to its protocol. */
	if (ctl != NULL && (ctl->ctl_nfds > 0 || ctl->ctl_hascred) &&
	    !(so->so_proto->pr_flags & PR_RIGHTS)) {
		error = EOPNOTSUPP;
		goto bad;
	}
	if (so->so_proto->pr_flags & PR_ATOMIC) {
		if (flags & MSG_OOB) {
			error = EOPNOTSUPP;
			goto bad;
		}
		if (len > so->so_snd.sb_hiwat) {
			error = EMSGSIZE;
			goto bad;
		}
		/*
		 * Room for the sender's name: PR_ADDR's, and a UNIX-domain
		 * seqpacket's too, whose reader Linux tells the peer's name
		 * (unix_seqpacket_recvmsg).
		 */
		if ((r = sbrec_new(buf, len, NULL, (so->so_proto->pr_flags & PR_ADDR) ||
		    so->so_proto->pr_domain == AF_UNIX ? sizeof(struct sockaddr_storage) : 0)) == NULL) {
			error = ENOBUFS;
			goto bad;
		}
		r->r_ctl = ctl;
		r->r_flags = (uint16_t)(flags & MSG_DONTROUTE);
		/* EWOULDBLOCK leaves the record ours; anything else took it. */
		error = pru(so)->pru_sendrec(so, r, to, cr);
		if (error == EWOULDBLOCK) {
			r->r_ctl = NULL;
			sbrec_free(r);
			return EWOULDBLOCK;
		}
		if (error == 0)
			*done = len;
		return error;
	}
	if ((flags & MSG_OOB) && len == 0) {
		error = EINVAL;
		goto bad;
	}
	if ((sb = pru(so)->pru_sendbuf(so, &error)) == NULL)
		goto bad;
	/* An urgent send goes whole or not at all, so its last byte is the urgent one. */
	if (sbspace(sb) <= 0 || ((flags & MSG_OOB) && (size_t)sbspace(sb) < len)) {
		error = EWOULDBLOCK;
		goto bad;
	}
	if (ctl != NULL)
		sbappendcontrol(sb, sb->sb_off + sb->sb_cc, ctl);
	n = (size_t)sbappend_stream(sb, buf, len);
	*done = n;
	return pru(so)->pru_send(so, n, (flags & MSG_OOB) != 0, NULL);
bad:
	/* The control stays the caller's on EWOULDBLOCK, to send again. */
	if (error != EWOULDBLOCK)
		so_control_free(ctl);
	return error;
}
