/*
 * The host's socket calls for the shim's own use (a descriptor that is not
 * uipc's, a uipc stream's channel), made from the trampoline page
 * (hostsyscall.c) rather than through libc: libc's would be stopped by the
 * net under the shim (DESIGN.md) and come back as SIGSYS, one trap per
 * read of a stream socket.  They differ from libc's in one thing only:
 * they are not thread-cancellation points.
 */
#include <string.h>
#include <sys/ioctl.h>

#include "lib/hostcall.h"

static ssize_t host_recv(int fd, void *b, size_t n, int fl) { return H(recvfrom, fd, b, n, fl, NULL, NULL); }
static ssize_t host_send(int fd, const void *b, size_t n, int fl) { return H(sendto, fd, b, n, fl, NULL, 0); }
static ssize_t host_recvfrom(int fd, void *b, size_t n, int fl, struct sockaddr *a, socklen_t *l) { return H(recvfrom, fd, b, n, fl, a, l); }
static ssize_t host_sendto(int fd, const void *b, size_t n, int fl, const struct sockaddr *a, socklen_t l) { return H(sendto, fd, b, n, fl, a, l); }
static ssize_t host_recvmsg(int fd, struct msghdr *m, int fl) { return H(recvmsg, fd, m, fl); }
static ssize_t host_sendmsg(int fd, const struct msghdr *m, int fl) { return H(sendmsg, fd, m, fl); }
static int host_bind(int fd, const struct sockaddr *a, socklen_t l) { return (int)H(bind, fd, a, l); }
static int host_listen(int fd, int n) { return (int)H(listen, fd, n); }
static int host_accept(int fd, struct sockaddr *a, socklen_t *l) { return (int)H(accept, fd, a, l); }
static int host_accept4(int fd, struct sockaddr *a, socklen_t *l, int fl) { return (int)H(accept4, fd, a, l, fl); }
static int host_connect(int fd, const struct sockaddr *a, socklen_t l) { return (int)H(connect, fd, a, l); }
static int host_shutdown(int fd, int how) { return (int)H(shutdown, fd, how); }
static int host_getsockname(int fd, struct sockaddr *a, socklen_t *l) { return (int)H(getsockname, fd, a, l); }
static int host_getpeername(int fd, struct sockaddr *a, socklen_t *l) { return (int)H(getpeername, fd, a, l); }
static int host_setsockopt(int fd, int lv, int n, const void *v, socklen_t l) { return (int)H(setsockopt, fd, lv, n, v, l); }
static int host_getsockopt(int fd, int lv, int n, void *v, socklen_t *l) { return (int)H(getsockopt, fd, lv, n, v, l); }
static int host_ioctl(int fd, unsigned long req, void *arg) { return (int)H(ioctl, fd, req, arg); }
static int host_sendmmsg(int fd, struct mmsghdr *v, unsigned int n, int fl) { return (int)H(sendmmsg, fd, v, n, fl); }
static int host_recvmmsg(int fd, struct mmsghdr *v, unsigned int n, int fl, struct timespec *t) { return (int)H(recvmmsg, fd, v, n, fl, t); }

#define FN(name)	{ #name, (void *)host_##name }

static const struct {
	const char *name;
	void *fn;
} host_fns[] = {
	FN(recv), FN(send), FN(recvfrom), FN(sendto), FN(recvmsg), FN(sendmsg),
	FN(bind), FN(listen), FN(accept), FN(accept4), FN(connect), FN(shutdown),
	FN(getsockname), FN(getpeername), FN(setsockopt), FN(getsockopt), FN(ioctl),
	FN(sendmmsg), FN(recvmmsg),
};

/* shim.c's REAL(): the trampoline's version of a socket call, or NULL. */
void *
uipc_host_fn(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(host_fns) / sizeof(host_fns[0]); i++)
		if (strcmp(host_fns[i].name, name) == 0)
			return host_fns[i].fn;
	return NULL;
}
