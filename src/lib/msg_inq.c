/*
 * FIONREAD on a seqpacket socket: Linux's unix_inq_len counts every byte
 * queued for a SOCK_SEQPACKET socket, as for a stream (a datagram
 * socket's answer is its next message's size).  A uipc seqpacket's
 * messages wait in its channel, each behind uipc's header (struct
 * chan_msg), and the host's FIONREAD on the channel counts the headers
 * too, of messages it does not count.
 *
 * So the messages are walked without being taken: with the channel's
 * SO_PEEK_OFF set to the start of each in turn, a zero-length
 * MSG_PEEK|MSG_TRUNC read gives that message's length and copies
 * nothing (the host's peek offset skips whole messages on a datagram
 * queue, __skb_try_recv_from_queue).  The socket's own peek offset
 * (the program's SO_PEEK_OFF, usually off) is put back after.  The walk
 * is bounded by the messages the channel's count can hold.  A MSG_PEEK
 * made by another thread on the same socket during the walk may see a
 * later message (docs/DIFFERENCES.md); a read during it only makes the
 * count older, as any count is once returned.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"

/* The payload bytes of every message in seqpacket channel FD; -1 with errno. */
int
uipc_msg_inq(int fd, int *count)
{
	int inq, saved, off, walked, total = 0, e = 0;
	socklen_t l = sizeof(saved);
	ssize_t n;
	char none;

	if (h_ioctl(fd, FIONREAD, &inq) < 0)
		return -1;
	if (inq <= 0) {
		*count = 0;
		return 0;
	}
	if (h_getsockopt(fd, SOL_SOCKET, SO_PEEK_OFF, &saved, &l) < 0)
		return -1;
	for (off = 0, walked = 0; off < inq && walked <= inq / (int)sizeof(struct chan_msg); walked++) {
		if (h_setsockopt(fd, SOL_SOCKET, SO_PEEK_OFF, &off, sizeof(off)) < 0) {
			e = errno;
			break;
		}
		n = h_recvfrom(fd, &none, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT, NULL, NULL);
		if (n < (ssize_t)sizeof(struct chan_msg))
			break;		/* taken meanwhile (EAGAIN), or no message of uipc's */
		total += (int)(n - (ssize_t)sizeof(struct chan_msg));
		off += (int)n;
	}
	(void)h_setsockopt(fd, SOL_SOCKET, SO_PEEK_OFF, &saved, sizeof(saved));
	if (e != 0) {
		errno = e;
		return -1;
	}
	*count = total;
	return 0;
}
