/*
 * Whether a listener's process took the connection token uipcd put in its
 * channel (chan_listen_push, ctl_proto.h struct chan_accept): accept(2)
 * reads it.  The channel being empty again does not say so alone: the
 * process's exit (or last close of the listener) empties it too, and a
 * child that accepts, answers and exits at once hangs up both channels in
 * the same turn, before uipcd has seen the listener's channel emptied by
 * the read.  Taking the emptied channel of a hung-up listener for a token
 * lost reset such a connection that was accepted and served (its close
 * must send a FIN, RFC 793 §3.5, as on Linux).
 *
 * The host tells the two apart: a UNIX stream end closed with data unread
 * in its receive queue leaves ECONNRESET pending on the other end (Linux
 * af_unix.c, unix_release_sock; it is set before that queue is purged, so
 * an empty queue read first and no error read after means the token was
 * read).  Reading SO_ERROR clears it, so the answer is kept in the channel.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/sockios.h>

#include "uipcd.h"

int
chan_token_taken(struct chan *c)
{
	int outq = 1, err = 0;
	socklen_t el = sizeof(err);

	if (c->c_flags & CH_TOKENLOST)
		return 0;
	if (c->c_fd < 0 || ioctl(c->c_fd, SIOCOUTQ, &outq) < 0 || outq > 0)
		return 0;	/* still in the channel: not accepted */
	if (getsockopt(c->c_fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err == ECONNRESET) {
		c->c_flags |= CH_TOKENLOST;
		return 0;
	}
	return 1;
}
