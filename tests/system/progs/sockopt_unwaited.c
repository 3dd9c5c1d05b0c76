/*
 * sockopt_unwaited: the options uipc sets without waiting for uipcd's
 * answer (src/lib/sock.c, setopt_decided; ctl_post) answer as the
 * kernel's do.  SO_RCVTIMEO and SO_SNDTIMEO, and TCP_NODELAY on TCP:
 *
 *  - set on a socket not yet used (on uipc: not yet made in uipcd), then
 *    connect: they read back as set and a blocking read times out;
 *  - set before bind and listen: the listener has them and a connection
 *    it accepts inherits the timeouts (Linux's sk_clone_lock);
 *  - set five thousand times in a row, then read: the last one holds, and
 *    calls that wait for uipcd still get their own answers;
 *  - refused as the kernel refuses: a short length (EINVAL), microseconds
 *    out of range (EDOM), an unreadable value (EFAULT), on a fresh socket
 *    and on a connected one;
 *  - in a child after fork, set on the inherited socket: read back there.
 *
 *	sockopt_unwaited
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/mman.h>

#include "tap.h"

static struct timeval
tv_of(long us)
{
	return (struct timeval){ us / 1000000, us % 1000000 };
}

static long
timeo(int s, int name)
{
	struct timeval tv;
	socklen_t len = sizeof(tv);

	if (getsockopt(s, SOL_SOCKET, name, &tv, &len) < 0 || len != sizeof(tv))
		return -1;
	return (long)tv.tv_sec * 1000000 + tv.tv_usec;
}

static void
settimeo(int s, int name, long us)
{
	struct timeval tv = tv_of(us);

	SYS(setsockopt(s, SOL_SOCKET, name, &tv, sizeof(tv)));
}

/* The refusals, on socket s described by what. */
static void
refusals(int s, const char *what, void *unreadable)
{
	struct timeval bad = { 1, 1000000 }, neg = { 0, -1 };
	int one = 1;
	short two = 1;

	check_errno(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &one, sizeof(one)), EINVAL,
	    "%s: SO_RCVTIMEO of 4 bytes: EINVAL", what);
	check_errno(setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &bad, sizeof(bad)), EDOM,
	    "%s: SO_SNDTIMEO with 1000000 microseconds: EDOM", what);
	check_errno(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &neg, sizeof(neg)), EDOM,
	    "%s: SO_RCVTIMEO with -1 microseconds: EDOM", what);
	check_errno(setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, unreadable, sizeof(struct timeval)), EFAULT,
	    "%s: SO_SNDTIMEO from unreadable memory: EFAULT", what);
	check_errno(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &two, sizeof(two)), EINVAL,
	    "%s: TCP_NODELAY of 2 bytes: EINVAL", what);
	check_errno(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, unreadable, sizeof(int)), EFAULT,
	    "%s: TCP_NODELAY from unreadable memory: EFAULT", what);
}

int
main(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	void *none;
	char c;
	int ls, s, a, one = 1, zero = 0, i, st;
	long last = 0;
	pid_t pid;

	t_start(60);
	none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (none == MAP_FAILED)
		bail("mmap: %s", strerror(errno));

	/* The listener: timeouts and TCP_NODELAY before bind and listen. */
	ls = SYS(socket(AF_INET, SOCK_STREAM, 0));
	settimeo(ls, SO_RCVTIMEO, 300000);
	settimeo(ls, SO_SNDTIMEO, 400000);
	SYS(setsockopt(ls, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
	listen_loopback(ls, &sin, 8);
	check_eq(timeo(ls, SO_RCVTIMEO), 300000, "listener: SO_RCVTIMEO set before bind reads back");
	check_eq(timeo(ls, SO_SNDTIMEO), 400000, "listener: SO_SNDTIMEO set before bind reads back");
	check_eq(sockopt_int(ls, IPPROTO_TCP, TCP_NODELAY), 1, "listener: TCP_NODELAY set before bind reads back");

	/* A client whose options come before its first other call. */
	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	refusals(s, "fresh socket", none);
	settimeo(s, SO_RCVTIMEO, 200000);
	settimeo(s, SO_SNDTIMEO, 500000);
	SYS(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
	SYS(connect(s, (struct sockaddr *)&sin, sizeof(sin)));
	check_eq(timeo(s, SO_RCVTIMEO), 200000, "client: SO_RCVTIMEO set before connect reads back");
	check_eq(timeo(s, SO_SNDTIMEO), 500000, "client: SO_SNDTIMEO set before connect reads back");
	check_eq(sockopt_int(s, IPPROTO_TCP, TCP_NODELAY), 1, "client: TCP_NODELAY set before connect reads back");
	check_errno(read(s, &c, 1), EAGAIN, "client: a blocking read times out by SO_RCVTIMEO (EAGAIN)");

	a = SYS(accept(ls, NULL, NULL));
	check_eq(timeo(a, SO_RCVTIMEO), 300000, "accepted: the listener's SO_RCVTIMEO");
	check_eq(timeo(a, SO_SNDTIMEO), 400000, "accepted: the listener's SO_SNDTIMEO");
	check_errno(read(a, &c, 1), EAGAIN, "accepted: a blocking read times out by it (EAGAIN)");
	SYS(setsockopt(a, IPPROTO_TCP, TCP_NODELAY, &zero, sizeof(zero)));
	check_eq(sockopt_int(a, IPPROTO_TCP, TCP_NODELAY), 0, "accepted: TCP_NODELAY cleared reads back 0");
	SYS(setsockopt(a, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
	check_eq(sockopt_int(a, IPPROTO_TCP, TCP_NODELAY), 1, "accepted: TCP_NODELAY set reads back 1");
	refusals(s, "connected socket", none);

	/* Many in a row: the last holds, and other calls get their own answers. */
	for (i = 0; i < 5000; i++) {
		last = (i % 7 + 1) * 100000;
		settimeo(s, i % 2 ? SO_SNDTIMEO : SO_RCVTIMEO, last);
		SYS(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, i % 3 ? &one : &zero, sizeof(int)));
	}
	check_eq(timeo(s, SO_SNDTIMEO), last, "5000 timeouts set in a row: the last SO_SNDTIMEO holds");
	check_eq(sockopt_int(s, IPPROTO_TCP, TCP_NODELAY), (i - 1) % 3 ? 1 : 0,
	    "5000 TCP_NODELAY set in a row: the last holds");
	len = sizeof(sin);
	check_ok(getpeername(s, (struct sockaddr *)&sin, &len), "then getpeername answers");
	check_eq(ntohl(sin.sin_addr.s_addr), INADDR_LOOPBACK, "with the peer's address");
	check_eq(write(s, "x", 1), 1, "and the connection still carries data");
	check_eq(read(a, &c, 1), 1, "to its peer");

	/* A child sets an option on the socket it inherited, and reads it back. */
	if ((pid = SYS(fork())) == 0) {
		settimeo(s, SO_RCVTIMEO, 700000);
		_exit(timeo(s, SO_RCVTIMEO) == 700000 ? 0 : 1);
	}
	SYS(waitpid(pid, &st, 0));
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child after fork: SO_RCVTIMEO set there reads back there");
	check_eq(timeo(s, SO_RCVTIMEO), 700000, "and in the parent, the socket being one");

	close(a);
	close(s);
	close(ls);
	return t_end();
}
