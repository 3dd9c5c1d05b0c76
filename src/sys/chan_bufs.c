/*
 * A stream channel holds no more than the socket's own buffers would.
 *
 * Between a process and the peer, a stream's bytes wait in four places on
 * uipc: the writer's channel, its socket's send buffer, the reader's socket's
 * receive buffer and the reader's channel.  On Linux there are two, the send
 * and receive buffers, sized by SO_SNDBUF and SO_RCVBUF (socket(7)).  A
 * host socketpair's end holds what its send buffer allows, by default
 * net.core.wmem_default (212992 bytes): left so, a writer whose program made
 * both buffers 4 KiB could still put 400 KiB in flight, and a peer that
 * closed after reading 1 KiB would never make it fail (Linux: the close with
 * unread data resets the connection, RFC 793 §3.5 and RFC 2525 §2.17, and the
 * writer's next call fails with ECONNRESET or EPIPE).  CPython's
 * test_sendfile_close_peer_in_the_middle_of_receiving counts on it.
 *
 * So each end of a stream channel gets a host send buffer no larger than
 * the socket buffer it stands for: the process's end the socket's SO_SNDBUF
 * (what the process can write before it waits), uipcd's end its SO_RCVBUF
 * (what waits for the process to read).  Never larger than the host's
 * default, so a socket left alone keeps the channel as it was.  uipcd sets
 * uipcd's end when SO_RCVBUF changes and both ends of an accepted
 * connection's new channel (the connection took its buffers from the
 * listener); the process's library sets its own end when SO_SNDBUF changes
 * (sock.c).  What a channel holds still comes on top of the socket's
 * buffer: at most twice Linux's, never unbounded.
 */
#include <sys/socket.h>

#include "kern/sockdefaults.h"
#include "sys/uipcd.h"

/* One host end's send buffer for a socket buffer of hiwat bytes. */
static void
chan_end_fit(int fd, uint32_t hiwat)
{
	int v = (int)(hiwat < SB_DEFAULT_HIWAT ? hiwat : SB_DEFAULT_HIWAT);

	v /= 2;			/* the host doubles what it is given, as Linux does */
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
}

/*
 * The socket's receive buffer grew by itself (TCP's autotuning,
 * src/inet/tcp_autotune.c): uipcd's end grows with it, so that the
 * process reads from a channel as deep as the window the peer was offered
 * and uipcd refills it before it runs dry (a host stream socket turns
 * writable again only when three quarters of its buffer are free).  Past
 * the host's wmem_max only with CAP_NET_ADMIN (SO_SNDBUFFORCE); without
 * it the host keeps its ceiling.  Called before each pump of the channel;
 * costs a system call only when the buffer grew.
 */
void
chan_fit_grown(struct chan *c)
{
	const struct sockbuf *sb = &c->c_so->so_rcv;
	uint32_t hiwat = sb->sb_hiwat;
	int v;

	/*
	 * No deeper than the ring uipcd holds for it, which its user's byte
	 * limit bounds (sbring): the host's buffer then never lets a user
	 * hold more than that limit allows, twice over at most.
	 */
	if (sb->sb_ring.r_cap < hiwat)
		hiwat = (uint32_t)sb->sb_ring.r_cap;
	if (hiwat <= SB_DEFAULT_HIWAT || hiwat == c->c_rcvfit)
		return;
	v = (int)(hiwat / 2);
	c->c_rcvfit = hiwat;
	if (setsockopt(c->c_fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof(v)) < 0)
		(void)setsockopt(c->c_fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
}

/* SO_RCVBUF changed (ctl_ops.c): uipcd's end follows, smaller or back up. */
void
chan_fit_rcvbuf(struct chan *c)
{
	if (c->c_fd >= 0 && c->c_so != NULL && c->c_so->so_type == SOCK_STREAM &&
	    !(c->c_flags & CH_LISTEN))
		chan_end_fit(c->c_fd, c->c_so->so_rcv.sb_hiwat);
}

/*
 * A new channel for a socket whose buffers may be set already: an accepted
 * connection's (procfd its process's end, before it is passed), or a
 * channel put in a socket's place (chan_renew, procfd -1: the process
 * sizes its own end).  Only buffers made smaller cost a call.
 */
void
chan_fit_new(struct chan *c, int procfd)
{
	if (c->c_so->so_type != SOCK_STREAM)
		return;
	if (c->c_so->so_rcv.sb_hiwat < SB_DEFAULT_HIWAT)
		chan_end_fit(c->c_fd, c->c_so->so_rcv.sb_hiwat);
	if (procfd >= 0 && c->c_so->so_snd.sb_hiwat < SB_DEFAULT_HIWAT)
		chan_end_fit(procfd, c->c_so->so_snd.sb_hiwat);
}
