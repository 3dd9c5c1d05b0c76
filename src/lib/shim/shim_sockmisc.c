/*
 * The socket calls glibc makes of others inside libc, where the shim
 * cannot see the inner call: sockatmark(3) is an ioctl(SIOCATMARK), which
 * on a uipc socket must ask uipcd (the mark may be in flight, shim.c);
 * __connect and __send are glibc's public aliases of connect and send.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

int
sockatmark(int fd)
{
	int mark;

	if (ioctl(fd, SIOCATMARK, &mark) < 0)
		return -1;
	return mark;
}

int
__connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	return connect(fd, sa, len);
}

ssize_t
__send(int fd, const void *buf, size_t len, int flags)
{
	return send(fd, buf, len, flags);
}
