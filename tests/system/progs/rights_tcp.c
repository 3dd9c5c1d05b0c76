/*
 * rights_tcp: TCP sockets passed with SCM_RIGHTS stay TCP sockets (issue
 * 10; libuv's ipc tests tell a passed handle's type by getsockname's
 * family and SO_TYPE, uv_guess_handle).  The parent passes a listening, a
 * connected and a bound (neither) TCP socket over a UNIX socketpair to a
 * child that exec'd itself (a fresh process that never saw them), under
 * numbers that were a pipe closed with syscall(SYS_close) just before (as
 * libuv closes its descriptors); the child asks each what it is, passes them back (the parent asks again, as
 * libuv's ipc_send_recv_tcp does), accepts on the listener and writes on
 * the connected one.
 *
 *   rights_tcp               the parent
 *   rights_tcp child FD      the child, receiving on FD
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sys/syscall.h>

#include "tap.h"

static int
opt(int s, int name)
{
	int v = -1;
	socklen_t l = sizeof(v);

	if (getsockopt(s, SOL_SOCKET, name, &v, &l) < 0 || l != sizeof(v))
		return -2;
	return v;
}

/* What a TCP socket must answer, bound to port (network order). */
static void
ident(int s, in_port_t port, int listening, int peered, const char *what)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	socklen_t l = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	check_ok(getsockname(s, (struct sockaddr *)&ss, &l), "%s: getsockname", what);
	check_eq(ss.ss_family, AF_INET, "%s: getsockname's family is AF_INET", what);
	check_eq(l, sizeof(struct sockaddr_in), "%s: getsockname's length", what);
	check_eq(ntohs(sin->sin_port), ntohs(port), "%s: getsockname's port", what);
	check_eq(opt(s, SO_DOMAIN), AF_INET, "%s: SO_DOMAIN AF_INET", what);
	check_eq(opt(s, SO_TYPE), SOCK_STREAM, "%s: SO_TYPE SOCK_STREAM", what);
	check_eq(opt(s, SO_PROTOCOL), IPPROTO_TCP, "%s: SO_PROTOCOL IPPROTO_TCP", what);
	check_eq(opt(s, SO_ACCEPTCONN), listening, "%s: SO_ACCEPTCONN", what);
	l = sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	if (peered) {
		check_ok(getpeername(s, (struct sockaddr *)&ss, &l), "%s: getpeername", what);
		check_eq(ss.ss_family, AF_INET, "%s: getpeername's family is AF_INET", what);
	} else {
		check_errno(getpeername(s, (struct sockaddr *)&ss, &l), ENOTCONN,
		    "%s: getpeername ENOTCONN", what);
	}
}

/* The ports of the three sockets, sent with them. */
struct ports {
	in_port_t lport, aport, bport;
};

static void
send_fds(int u, const struct ports *p, const int *fds, const char *what)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 3)];
	struct iovec iov = { (void *)p, sizeof(*p) };
	struct msghdr mh;
	struct cmsghdr *cm;

	memset(&mh, 0, sizeof(mh));
	memset(cbuf, 0, sizeof(cbuf));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int) * 3);
	memcpy(CMSG_DATA(cm), fds, sizeof(int) * 3);
	check_eq(sendmsg(u, &mh, 0), sizeof(*p), "%s: sendmsg passes three TCP sockets", what);
}

/*
 * A pipe used and then closed with syscall(SYS_close), as libuv closes:
 * the numbers the sockets will arrive under were just something else.
 */
static void
pipe_closed_raw(void)
{
	int p[2];
	char c;

	SYS(pipe2(p, O_NONBLOCK));
	if (read(p[0], &c, 1) != -1 || errno != EAGAIN)
		bail("read of an empty pipe: EAGAIN");
	SYS(syscall(SYS_close, p[0]));
	SYS(syscall(SYS_close, p[1]));
}

/* Receives the three sockets into fds and asks each what it is. */
static int
recv_fds(int u, int *fds, const char *what)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 3)], w[64];
	struct ports p;
	struct iovec iov = { &p, sizeof(p) };
	struct msghdr mh;
	struct cmsghdr *cm;
	int n = 0;

	pipe_closed_raw();
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	if (recvmsg(u, &mh, MSG_WAITALL | MSG_CMSG_CLOEXEC) != (ssize_t)sizeof(p))
		bail("%s: recvmsg: %s", what, strerror(errno));
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
			n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			if (n == 3)
				memcpy(fds, CMSG_DATA(cm), sizeof(int) * 3);
		}
	check_eq(n, 3, "%s: three descriptors came", what);
	if (n != 3)
		return -1;
	snprintf(w, sizeof(w), "%s: the listener", what);
	ident(fds[0], p.lport, 1, 0, w);
	snprintf(w, sizeof(w), "%s: the connected socket", what);
	ident(fds[1], p.aport, 0, 1, w);
	snprintf(w, sizeof(w), "%s: the bound socket", what);
	ident(fds[2], p.bport, 0, 0, w);
	return 0;
}

static int
child(int u)
{
	struct ports p;
	struct sockaddr_in sin;
	socklen_t l;
	int fds[3], s, i;
	char c;

	if (recv_fds(u, fds, "child") < 0)
		return 1;
	/* Back to the parent, as libuv's ipc helper echoes what it got. */
	for (i = 0; i < 3; i++) {
		l = sizeof(sin);
		SYS(getsockname(fds[i], (struct sockaddr *)&sin, &l));
		(&p.lport)[i] = sin.sin_port;
	}
	send_fds(u, &p, fds, "child");
	/* The parent connects again; accept that connection. */
	s = accept(fds[0], NULL, NULL);
	check_ok(s, "child: accept on the passed listener");
	if (s >= 0) {
		ident(s, p.lport, 0, 1, "child: accepted from the passed listener");
		check_eq(write(s, "A", 1), 1, "child: write on the accepted socket");
		close(s);
	}
	check_eq(write(fds[1], "B", 1), 1, "child: write on the passed connected socket");
	check_eq(read(u, &c, 1), 0, "child: parent done");
	return t_failed != 0;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin, bsin;
	socklen_t l = sizeof(sin);
	struct ports p;
	char arg[16], c;
	int fds[3], back[3], cs, c2, sp[2], st, one = 1;
	pid_t pid;

	alarm(30);
	if (argc == 3 && strcmp(argv[1], "child") == 0)
		return child(atoi(argv[2]));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bsin = sin;
	fds[0] = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(fds[0], (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(fds[0], 5));
	SYS(getsockname(fds[0], (struct sockaddr *)&sin, &l));
	cs = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(connect(cs, (struct sockaddr *)&sin, sizeof(sin)));
	fds[1] = SYS(accept(fds[0], NULL, NULL));
	/* Bound only, as libuv's ipc_send_recv_tcp passes (SO_REUSEADDR, as uv_tcp_bind). */
	fds[2] = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(setsockopt(fds[2], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	SYS(bind(fds[2], (struct sockaddr *)&bsin, sizeof(bsin)));
	l = sizeof(bsin);
	SYS(getsockname(fds[2], (struct sockaddr *)&bsin, &l));
	p.lport = sin.sin_port;
	p.aport = sin.sin_port;
	p.bport = bsin.sin_port;
	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sp));
	fflush(stdout);
	if ((pid = SYS(fork())) == 0) {
		close(sp[0]);
		close(fds[0]);
		close(fds[1]);
		close(fds[2]);
		close(cs);
		snprintf(arg, sizeof(arg), "%d", sp[1]);
		execl(argv[0], argv[0], "child", arg, (char *)NULL);
		_exit(127);
	}
	close(sp[1]);
	send_fds(sp[0], &p, fds, "parent");
	if (recv_fds(sp[0], back, "parent, passed back") == 0) {
		for (int i = 0; i < 3; i++)
			close(back[i]);
	}
	c2 = SYS(socket(AF_INET, SOCK_STREAM, 0));
	check_ok(connect(c2, (struct sockaddr *)&sin, sizeof(sin)), "parent: connect to the passed listener");
	check_eq(read(c2, &c, 1), 1, "parent: the child's accepted socket wrote");
	check_eq(c, 'A', "parent: its byte");
	check_eq(read(cs, &c, 1), 1, "parent: the passed connected socket wrote");
	check_eq(c, 'B', "parent: its byte");
	close(sp[0]);
	SYS(waitpid(pid, &st, 0));
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child exited 0");
	return t_failed != 0;
}
