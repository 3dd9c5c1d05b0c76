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
#include <signal.h>
#include <time.h>
#include <sys/sendfile.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

ssize_t uipc_msg_sendfile(int out, int in, off_t *offset, size_t count);
ssize_t uipc_msg_splice_in(int pipe_in, int out, size_t len, unsigned flags);
ssize_t uipc_msg_splice_out(int in, int pipe_out, size_t len, unsigned flags);

/*
 * A host call that writes a stream socket's channel (sendfile, splice),
 * made as a stream write is (shim.c, stream_write): when the channel
 * refuses it, uipcd shut it because the connection is gone, and the
 * socket's pending error (ECONNRESET, ETIMEDOUT) is the call's answer, as
 * Linux gives it, with no SIGPIPE; only without one is it EPIPE with
 * SIGPIPE.  These calls take no MSG_NOSIGNAL, so the host's SIGPIPE is held
 * back (blocked in this thread, where the host sends it) and taken again
 * unless it was already pending.
 */
static ssize_t
stream_hostcall(int out, long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	sigset_t pipe, old, pend;
	struct timespec zero = { 0, 0 };
	socklen_t el = sizeof(int);
	int err = 0, had;
	ssize_t r;

	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &pipe, &old, _NSIG / 8) < 0)
		return (ssize_t)syscall(nr, a1, a2, a3, a4, a5, a6);
	sigpending(&pend);
	had = sigismember(&pend, SIGPIPE);
	r = (ssize_t)syscall(nr, a1, a2, a3, a4, a5, a6);
	if (r < 0 && errno == EPIPE) {
		if (!had)
			(void)sigtimedwait(&pipe, NULL, &zero);	/* the host's, taken back */
		if (uipc_getsockopt(out, SOL_SOCKET, SO_ERROR, &err, &el) < 0 || err == 0) {
			err = EPIPE;
			if (!had)
				raise(SIGPIPE);	/* held until the mask is back */
		}
	}
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, _NSIG / 8);
	if (err != 0) {
		errno = err;
		return -1;
	}
	return r;
}

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
	if (uipc_fdkind(out) == FD_STREAM)
		return stream_hostcall(out, SYS_sendfile, out, in, (long)offset, (long)count, 0, 0);
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
	if (ko == FD_STREAM)
		r = stream_hostcall(out, SYS_splice, in, (long)off_in, out, (long)off_out, (long)len, flags);
	else
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
