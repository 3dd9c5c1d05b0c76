/*
 * sendfile(2) and splice(2) with a uipc socket at one end.  A stream
 * socket's channel carries its bytes as they are, so the host's calls move
 * them, once the socket is one that can send (a TCP socket never made is
 * not connected: EPIPE, unmade.c) and its channel has its size back after
 * a non-blocking connect.  A splice out of a stream is a read, with a
 * read's rules (shim.c): nothing there may mean still in flight through
 * uipcd, and EOF may have been a reset.  Message sockets go through
 * msg_splice.c.  Descriptors not uipc's go to the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/sendfile.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"

ssize_t uipc_msg_sendfile(int out, int in, off_t *offset, size_t count);
ssize_t uipc_msg_splice_in(int pipe_in, int out, size_t len, unsigned flags);
ssize_t uipc_msg_splice_out(int in, int pipe_out, size_t len, unsigned flags);

/* A stream socket about to be written by the host: 0, or -1 EPIPE. */
static int
stream_ready(int fd)
{
	if (uipc_send_unmade(fd, 0) < 0)
		return -1;
	if (uipc_fdshrunk(fd))
		uipc_unshrink(fd);
	return 0;
}

ssize_t
sendfile(int out, int in, off_t *offset, size_t count)
{
	switch (uipc_fdkind(out)) {
	case FD_MSG:
		return uipc_msg_sendfile(out, in, offset, count);
	case FD_STREAM:
		if (stream_ready(out) < 0)
			return -1;
		break;
	default:
		break;
	}
	return (ssize_t)syscall(SYS_sendfile, out, in, offset, count);
}

ssize_t
sendfile64(int out, int in, off_t *offset, size_t count)
{
	return sendfile(out, in, offset, count);
}

ssize_t
splice(int in, loff_t *off_in, int out, loff_t *off_out, size_t len, unsigned flags)
{
	enum fdkind ki = uipc_fdkind(in), ko = uipc_fdkind(out);
	ssize_t r;

	if (flags & ~(unsigned)(SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)) {
		errno = EINVAL;
		return -1;
	}
	/* A socket has no offset (ESPIPE), as the host would say. */
	if ((ki == FD_MSG && off_in != NULL) || (ko == FD_MSG && off_out != NULL)) {
		errno = ESPIPE;
		return -1;
	}
	if (ko == FD_MSG)
		return off_in != NULL ? (errno = ESPIPE, -1) : uipc_msg_splice_in(in, out, len, flags);
	if (ki == FD_MSG)
		return uipc_msg_splice_out(in, out, len, flags);
	if (ko == FD_STREAM && stream_ready(out) < 0)
		return -1;
	r = (ssize_t)syscall(SYS_splice, in, off_in, out, off_out, len, flags);
	if (ki == FD_STREAM) {
		if (r < 0 && errno == EAGAIN && uipc_sync(in) == 0)
			r = (ssize_t)syscall(SYS_splice, in, off_in, out, off_out, len,
			    flags | SPLICE_F_NONBLOCK);
		if (r == 0 && len > 0)
			return uipc_stream_eof(in);
	}
	return r;
}
