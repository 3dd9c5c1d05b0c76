/*
 * Which reads are error-queue reads, for the shim (shim.c) and `uipc
 * run`'s supervisor (cmd/uipc/supervise.c) alike.  MSG_ERRQUEUE on an
 * Internet socket reads its error queue: a datagram socket's from uipcd
 * (IP_RECVERR, errqueue.c); a stream's, which holds only what uipc never
 * queues (timestamps, zerocopy), is empty: EAGAIN, as the kernel says
 * then, never the data.  A UNIX-domain socket ignores the flag, as the
 * kernel's does.  The family is asked only with the flag.
 */
#include <errno.h>

#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

int
uipc_errqueue_wanted(int fd, int flags)
{
	struct sockaddr_storage ss;
	socklen_t l = sizeof(ss);
	enum fdkind k;

	if (!(flags & MSG_ERRQUEUE))
		return 0;
	k = uipc_fdkind(fd);
	return (k == FD_MSG || k == FD_STREAM) &&
	    uipc_getsockname(fd, (struct sockaddr *)&ss, &l) == 0 && ss.ss_family == AF_INET;
}

/* An error-queue read (uipc_errqueue_wanted): the oldest error, or EAGAIN. */
ssize_t
uipc_errqueue_read(int fd, struct msghdr *m, int flags, int user_iov)
{
	if (uipc_fdkind(fd) == FD_MSG)
		return uipc_recverr_k(fd, m, flags, user_iov);
	errno = EAGAIN;
	return -1;
}
