/*
 * sendmmsg(2) and recvmmsg(2) on uipc sockets: a batch is a loop over the
 * shim's own sendmsg and recvmsg (shim.c), so each message takes the path
 * one message takes (a control request on a message socket, the channel
 * on a stream) and none reaches the channel framed wrong.  Host
 * descriptors go to libc's.
 *
 * The rules for partial batches and errors are Linux's (net/socket.c,
 * __sys_sendmmsg and do_recvmmsg), since programs are written against it:
 *
 *  - at most UIO_MAXIOV (1024) messages a call; more are not an error;
 *  - an error on the first message is the call's error; an error after
 *    some messages ends the batch, which returns their count.  For a send
 *    the error is lost (the man page says so); for a receive Linux keeps it
 *    in the socket for the next call: here the error message stays in the
 *    channel (it is looked at before it is taken), so the next call gets it;
 *  - MSG_WAITFORONE: after the first message, the rest without waiting;
 *  - running out of messages without waiting (EAGAIN) after some is no error;
 *  - the timeout is looked at only after each message (it bounds no wait:
 *    the BUGS section of recvmmsg(2)); an invalid one is EINVAL; a zero one
 *    still waits for the first message and then ends the batch; what is
 *    left of it is written back when any message came;
 *  - a message with MSG_OOB in its flags ends the batch.
 */
#include <dlfcn.h>
#include <errno.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"

#ifndef UIO_MAXIOV
#define UIO_MAXIOV	1024
#endif

static int
is_uipc(int fd)
{
	enum fdkind k = uipc_fdkind(fd);

	return k == FD_STREAM || k == FD_MSG;
}

/* A socket call's host version comes from the trampoline (shim_host.c). */
void *uipc_host_fn(const char *name);

int
sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags)
{
	int (*real)(int, struct mmsghdr *, unsigned int, int);
	unsigned int i;
	ssize_t n;

	if (!is_uipc(fd)) {
		/* The host's, through the trampoline (shim_host.c): not stopped again. */
		if ((real = (int (*)(int, struct mmsghdr *, unsigned int, int))uipc_host_fn("sendmmsg")) == NULL)
			real = (int (*)(int, struct mmsghdr *, unsigned int, int))dlsym(RTLD_NEXT, "sendmmsg");
		if (real == NULL) {
			errno = ENOSYS;
			return -1;
		}
		return real(fd, vec, vlen, flags);
	}
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	for (i = 0; i < vlen; i++) {
		unsigned int ml;

		/* sendmsg checked the header (EFAULT); msg_len is written checked too. */
		if ((n = sendmsg(fd, &vec[i].msg_hdr, flags)) < 0)
			return i == 0 ? -1 : (int)i;
		ml = (unsigned int)n;
		if (uipc_copyout(&vec[i].msg_len, &ml, sizeof(ml)) < 0)
			return i == 0 ? -1 : (int)i;
		/* A stream that took only part of a message ends the batch (Linux). */
		if (uipc_fdkind(fd) == FD_STREAM) {
			size_t want = 0;
			size_t k;

			for (k = 0; k < vec[i].msg_hdr.msg_iovlen; k++)
				want += vec[i].msg_hdr.msg_iov[k].iov_len;
			if ((size_t)n < want)
				return (int)i + 1;
		}
	}
	return (int)vlen;
}

/* The time left until end, or zero when it has passed (Linux: never negative). */
static struct timespec
time_left(const struct timespec *end)
{
	struct timespec now, left;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left.tv_sec = end->tv_sec - now.tv_sec;
	left.tv_nsec = end->tv_nsec - now.tv_nsec;
	if (left.tv_nsec < 0) {
		left.tv_nsec += 1000000000L;
		left.tv_sec--;
	}
	if (left.tv_sec < 0)
		left.tv_sec = left.tv_nsec = 0;
	return left;
}

/*
 * Whether the next message in a message socket's channel is an error
 * uipcd put there (CM_ERROR), looked at without taking it.  Only called
 * once a message has been taken, without waiting.
 */
static int
error_next(int fd)
{
	struct chan_msg hdr;
	ssize_t n = h_recvfrom(fd, &hdr, sizeof(hdr), MSG_PEEK | MSG_DONTWAIT, NULL, NULL);

	return n == (ssize_t)sizeof(hdr) && (hdr.cm_flags & CM_ERROR);
}

int
recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags, struct timespec *timeout)
{
	int (*real)(int, struct mmsghdr *, unsigned int, int, struct timespec *);
	struct timespec end = { 0, 0 }, left, to, *utimeout = timeout;
	unsigned int got = 0, ml;
	int f = flags & ~MSG_WAITFORONE, e;
	ssize_t n;

	if (!is_uipc(fd)) {
		if ((real = (int (*)(int, struct mmsghdr *, unsigned int, int, struct timespec *))
		    uipc_host_fn("recvmmsg")) == NULL)
			real = (int (*)(int, struct mmsghdr *, unsigned int, int, struct timespec *))
			    dlsym(RTLD_NEXT, "recvmmsg");
		if (real == NULL) {
			errno = ENOSYS;
			return -1;
		}
		return real(fd, vec, vlen, flags, timeout);
	}
	if (timeout != NULL) {
		if (uipc_copyin(&to, timeout, sizeof(to)) < 0)
			return -1;
		timeout = &to;		/* the caller's is written back at the end */
		if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000L) {
			errno = EINVAL;
			return -1;
		}
		/* A zero timeout ends at time zero: after the first message (Linux). */
		if (timeout->tv_sec != 0 || timeout->tv_nsec != 0) {
			clock_gettime(CLOCK_MONOTONIC, &end);
			end.tv_sec += timeout->tv_sec;
			end.tv_nsec += timeout->tv_nsec;
			if (end.tv_nsec >= 1000000000L) {
				end.tv_nsec -= 1000000000L;
				end.tv_sec++;
			}
		}
	}
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	left = timeout != NULL ? *timeout : end;
	while (got < vlen) {
		/*
		 * An error waiting behind messages already taken is the next
		 * call's (Linux keeps it in sk_err): leave it in the channel.
		 */
		if (got > 0 && uipc_fdkind(fd) == FD_MSG && error_next(fd))
			break;
		n = recvmsg(fd, &vec[got].msg_hdr, f);
		if (n < 0) {
			if (got == 0)
				return -1;
			break;
		}
		ml = (unsigned int)n;
		if (uipc_copyout(&vec[got].msg_len, &ml, sizeof(ml)) < 0) {
			if (got == 0)
				return -1;
			break;
		}
		got++;
		if (flags & MSG_WAITFORONE)
			f |= MSG_DONTWAIT;
		if (timeout != NULL) {
			left = time_left(&end);
			if (left.tv_sec == 0 && left.tv_nsec == 0)
				break;
		}
		if (vec[got - 1].msg_hdr.msg_flags & MSG_OOB)
			break;
	}
	e = errno;
	if (timeout != NULL && uipc_copyout(utimeout, &left, sizeof(left)) < 0 && got == 0)
		e = EFAULT;
	errno = e;
	return (int)got;
}
