/*
 * A socket call stopped by the net under the shim (shim_trap.c), served as
 * the interposed function of the same name serves it: the shim's own
 * functions are called, and their host paths go through the trampoline
 * (shim_host.c), so nothing here is stopped again.  Returns what the
 * kernel would: a result, or -errno.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/trap.h"

#define MMSG_MAX	1024	/* UIO_MAXIOV, the kernel's bound on vlen */

/*
 * sendmmsg and recvmmsg, one message at a time (sendmmsg(2), recvmmsg(2)):
 * the count done, or the first message's error.  MSG_WAITFORONE waits for
 * the first only.  recvmmsg's timeout is not kept (it is checked only
 * between datagrams by the kernel too, and glibc never passes one).
 */
static long
mmsg(int send, int fd, struct mmsghdr *v, unsigned int n, int flags)
{
	unsigned int i;
	ssize_t r = 0;

	if (n > MMSG_MAX)
		n = MMSG_MAX;
	for (i = 0; i < n; i++) {
		r = send ? sendmsg(fd, &v[i].msg_hdr, flags) : recvmsg(fd, &v[i].msg_hdr, flags);
		if (r < 0)
			break;
		v[i].msg_len = (unsigned int)r;
		if (!send && (flags & MSG_WAITFORONE))
			flags |= MSG_DONTWAIT;
	}
	if (i > 0)
		return i;
	return r < 0 ? -errno : 0;
}

long
uipc_trap_serve(long nr, const long a[6])
{
	int fd = (int)a[0];
	long r;

	switch (nr) {
	case SYS_socket: r = socket(fd, (int)a[1], (int)a[2]); break;
	case SYS_socketpair: r = socketpair(fd, (int)a[1], (int)a[2], (int *)a[3]); break;
	case SYS_connect: r = connect(fd, (const struct sockaddr *)a[1], (socklen_t)a[2]); break;
	case SYS_bind: r = bind(fd, (const struct sockaddr *)a[1], (socklen_t)a[2]); break;
	case SYS_listen: r = listen(fd, (int)a[1]); break;
	case SYS_accept: r = accept(fd, (struct sockaddr *)a[1], (socklen_t *)a[2]); break;
	case SYS_accept4: r = accept4(fd, (struct sockaddr *)a[1], (socklen_t *)a[2], (int)a[3]); break;
	case SYS_shutdown: r = shutdown(fd, (int)a[1]); break;
	case SYS_getsockname: r = getsockname(fd, (struct sockaddr *)a[1], (socklen_t *)a[2]); break;
	case SYS_getpeername: r = getpeername(fd, (struct sockaddr *)a[1], (socklen_t *)a[2]); break;
	case SYS_setsockopt:
		r = setsockopt(fd, (int)a[1], (int)a[2], (const void *)a[3], (socklen_t)a[4]);
		break;
	case SYS_getsockopt:
		r = getsockopt(fd, (int)a[1], (int)a[2], (void *)a[3], (socklen_t *)a[4]);
		break;
	case SYS_sendto:
		r = sendto(fd, (const void *)a[1], (size_t)a[2], (int)a[3],
		    (const struct sockaddr *)a[4], (socklen_t)a[5]);
		break;
	case SYS_recvfrom:
		r = recvfrom(fd, (void *)a[1], (size_t)a[2], (int)a[3],
		    (struct sockaddr *)a[4], (socklen_t *)a[5]);
		break;
	case SYS_sendmsg: r = sendmsg(fd, (const struct msghdr *)a[1], (int)a[2]); break;
	case SYS_recvmsg: r = recvmsg(fd, (struct msghdr *)a[1], (int)a[2]); break;
	case SYS_sendmmsg: return mmsg(1, fd, (struct mmsghdr *)a[1], (unsigned int)a[2], (int)a[3]);
	case SYS_recvmmsg: return mmsg(0, fd, (struct mmsghdr *)a[1], (unsigned int)a[2], (int)a[3]);
	case SYS_ioctl: r = ioctl(fd, (unsigned long)a[1], (void *)a[2]); break;
	case SYS_sethostname: r = sethostname((const char *)a[0], (size_t)a[1]); break;
	case SYS_setdomainname: r = setdomainname((const char *)a[0], (size_t)a[1]); break;
	default: return -ENOSYS;
	}
	return r < 0 ? -errno : r;
}
