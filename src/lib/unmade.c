/*
 * A TCP socket not yet made in uipcd (sock.c: made on its first use) has
 * never been connected, so a send on it is what Linux answers for a TCP
 * socket that is not connected: EPIPE, and SIGPIPE unless MSG_NOSIGNAL
 * (tcp_sendmsg -> sk_stream_wait_connect).  Its channel must not take the
 * bytes: they would wait there and go out after a later connect.  The
 * shim's sends (shim.c, shim_mmsg.c, shim_sendfile.c) ask here before they
 * touch the channel.  MSG_FASTOPEN is a connect: left to the channel's path.
 */
#include <errno.h>
#include <signal.h>

#include "lib/uipc_lib.h"

int
uipc_send_unmade(int fd, int flags)
{
	if (uipc_fdlazy(fd) < 0 || (flags & MSG_FASTOPEN))
		return 0;
	if (!(flags & MSG_NOSIGNAL))
		raise(SIGPIPE);
	errno = EPIPE;
	return -1;
}
