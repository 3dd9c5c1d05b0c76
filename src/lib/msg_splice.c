/*
 * sendfile(2) and splice(2) on uipc message sockets (datagram, seqpacket).
 * Their channel carries framed messages (struct chan_msg, msg.c), so the
 * host's sendfile and splice cannot move bytes into or out of it; here
 * each is a read and one message, as Linux makes them:
 *
 *  - sendfile of count bytes, or a splice of len bytes from a pipe, to a
 *    message socket sends ONE message of those bytes (Linux corks the
 *    pieces of one call into one datagram: UDP says EMSGSIZE past 65507);
 *  - a splice from a message socket to a pipe takes ONE message, cut to
 *    len bytes and to the room in the pipe (the rest of it is dropped, as
 *    a short recv drops it).
 *
 * Nothing is lost when a call fails: the file is read at an offset and
 * moved on only after the send; a pipe's bytes are looked at with tee(2)
 * and taken only after the send; a message is taken only when the pipe
 * has room for it.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

/* The most one message can carry (a CTL_SENDTO request). */
#define MSG_MAX		(CTL_MAXSEND - sizeof(struct chan_msg))

static size_t
cap(size_t n)
{
	return n < MSG_MAX ? n : MSG_MAX;
}

static ssize_t
send_one(int fd, const void *buf, size_t n)
{
	return uipc_sendto(fd, buf, n, 0, NULL, 0);
}

ssize_t
uipc_msg_sendfile(int out, int in, off_t *offset, size_t count)
{
	off_t pos;
	ssize_t n, r;
	char *buf;
	int e;

	/* The caller's offset is read and written checked (ucopy.c): a bad one EFAULT. */
	if (offset != NULL && uipc_copyin(&pos, offset, sizeof(pos)) < 0)
		return -1;
	if (count == 0)
		return 0;
	if ((buf = malloc(cap(count))) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (offset == NULL)
		pos = (off_t)syscall(SYS_lseek, in, 0, SEEK_CUR);
	if (pos < 0 || (n = (ssize_t)syscall(SYS_pread64, in, buf, cap(count), pos)) < 0) {
		e = errno;
		free(buf);
		errno = e == ESPIPE ? EINVAL : e;	/* sendfile reads files only */
		return -1;
	}
	r = n > 0 ? send_one(out, buf, (size_t)n) : 0;
	e = errno;
	free(buf);
	if (r > 0) {
		off_t end = pos + r;

		if (offset != NULL)
			(void)uipc_copyout(offset, &end, sizeof(end));	/* the data went: r stands */
		else
			syscall(SYS_lseek, in, pos + r, SEEK_SET);
	}
	errno = e;
	return r;
}

/* A pipe to a message socket: look with tee, send, then take. */
ssize_t
uipc_msg_splice_in(int pipe_in, int out, size_t len, unsigned flags)
{
	int tmp[2], sz, e;
	ssize_t n, r = -1;
	char *buf;

	if (len == 0)
		return 0;
	len = cap(len);
	if ((buf = malloc(len)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (syscall(SYS_pipe2, tmp, O_CLOEXEC) < 0) {
		e = errno;
		free(buf);
		errno = e;
		return -1;
	}
	/* Room in the look-aside pipe for all the source can hold. */
	if ((sz = h_fcntl(pipe_in, F_GETPIPE_SZ, 0)) > 0)
		h_fcntl(tmp[1], F_SETPIPE_SZ, sz);
	n = (ssize_t)syscall(SYS_tee, pipe_in, tmp[1], len, flags & SPLICE_F_NONBLOCK);
	if (n > 0 && (n = (ssize_t)syscall(SYS_read, tmp[0], buf, (size_t)n)) > 0 &&
	    (r = send_one(out, buf, (size_t)n)) > 0)
		(void)syscall(SYS_read, pipe_in, buf, (size_t)r);	/* now taken */
	if (n <= 0)
		r = n;
	e = errno;
	h_close(tmp[0]);
	h_close(tmp[1]);
	free(buf);
	errno = e;
	return r;
}

/* The bytes a pipe can take now without waiting (counted in whole pages used). */
static long
pipe_room(int p)
{
	int size = h_fcntl(p, F_GETPIPE_SZ, 0), used = 0;
	long page = 4096;

	if (size < 0 || h_ioctl(p, FIONREAD, &used) < 0)
		return -1;
	return size - (used + page - 1) / page * page;
}

/* A message socket to a pipe: one message, when the pipe has room. */
ssize_t
uipc_msg_splice_out(int in, int pipe_out, size_t len, unsigned flags)
{
	int nb = (flags & SPLICE_F_NONBLOCK) || (h_fcntl(pipe_out, F_GETFL, 0) & O_NONBLOCK);
	struct pollfd pfd = { pipe_out, POLLOUT, 0 };
	ssize_t r;
	long room;
	char *buf;
	int e;

	if (len == 0)
		return 0;
	while ((room = pipe_room(pipe_out)) <= 0) {
		if (room < 0)
			return -1;
		if (nb) {
			errno = EAGAIN;
			return -1;
		}
		if (syscall(SYS_poll, &pfd, 1, -1) < 0)
			return -1;	/* EINTR: nothing taken */
	}
	len = cap(len < (size_t)room ? len : (size_t)room);
	if ((buf = malloc(len)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	/* SPLICE_F_NONBLOCK is the pipe's: Linux reads the socket by its own flag. */
	r = uipc_recvfrom(in, buf, len, 0, NULL, NULL);
	if (r > 0)
		r = (ssize_t)syscall(SYS_write, pipe_out, buf, (size_t)r);
	e = errno;
	free(buf);
	errno = e;
	return r;
}
