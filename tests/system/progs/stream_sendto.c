/*
 * stream_sendto: a send with an address on a connected stream socket, as
 * Linux answers (issue 10; CPython's testInterruptedSendtoTimeout): TCP
 * ignores the address, once it has copied it in (a bad pointer EFAULT, a
 * length past any address EINVAL); a UNIX stream says EISCONN.
 */
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdint.h>

#include "tap.h"

static void *volatile bad1;

static void
t_tcp(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in other = { .sin_family = AF_INET, .sin_port = htons(9),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1) };
	socklen_t len = sizeof(sin);
	struct iovec iov = { "m", 1 };
	struct msghdr m;
	char buf[8];
	int l, c, a;

	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(l, 1));
	SYS(getsockname(l, (struct sockaddr *)&sin, &len));
	c = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(connect(c, (struct sockaddr *)&sin, sizeof(sin)));
	a = SYS(accept(l, NULL, NULL));
	check(sendto(c, "s", 1, 0, (struct sockaddr *)&other, sizeof(other)) == 1,
	    "tcp: sendto with another address on a connected socket: sent");
	memset(&m, 0, sizeof(m));
	m.msg_name = &other;
	m.msg_namelen = sizeof(other);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	check(sendmsg(c, &m, 0) == 1, "tcp: sendmsg with msg_name on a connected socket: sent");
	check(read_full(a, buf, 2) == 2 && buf[0] == 's' && buf[1] == 'm',
	    "tcp: both reach the peer: the address is ignored");
	check_errno(sendto(c, "x", 1, 0, bad1, sizeof(other)), EFAULT, "tcp: sendto with a bad address pointer: EFAULT");
	check_errno(sendto(c, "x", 1, 0, (struct sockaddr *)&other, sizeof(struct sockaddr_storage) + 1), EINVAL,
	    "tcp: sendto with an address length past sockaddr_storage: EINVAL");
	check_errno(sendto(c, "x", 1, 0, (struct sockaddr *)&other, (socklen_t)-1), EINVAL,
	    "tcp: sendto with address length -1: EINVAL");
	close(a); close(c); close(l);
}

static void
t_unix(void)
{
	struct sockaddr_un sun;
	socklen_t len = sun_of(&sun, "/nonexistent/uipc-test");
	int sv[2];

	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	check_errno(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&sun, len), EISCONN,
	    "unix stream: sendto with an address on a connected socket: EISCONN");
	close(sv[0]); close(sv[1]);
}

int
main(void)
{
	t_start(30);
	bad1 = (void *)(uintptr_t)1;
	signal(SIGPIPE, SIG_IGN);
	t_tcp();
	t_unix();
	return t_end();
}
