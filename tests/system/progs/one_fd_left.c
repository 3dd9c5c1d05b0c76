/*
 * one_fd_left: a socket costs one descriptor, as on the kernel (issue 10;
 * libuv's emfile test).  With RLIMIT_NOFILE lowered and every descriptor
 * but one taken, socket() and accept() each succeed; with none left they
 * fail with EMFILE, and the connection accept could not take stays queued
 * for the next one.  A connect takes no descriptor, so it works with none
 * left; socketpair() needs two.
 */
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/resource.h>

#include "tap.h"
#include "inet_util.h"

#define MAXDUPS	256

static int dups[MAXDUPS], ndups;

/* Takes every free descriptor (dup of 0) until EMFILE; bounded. */
static void
fill(void)
{
	int fd;

	while (ndups < MAXDUPS && (fd = dup(0)) >= 0)
		dups[ndups++] = fd;
	if (ndups == MAXDUPS)
		bail("more than %d descriptors free under the lowered limit", MAXDUPS);
	if (errno != EMFILE)
		bail("dup: %s", strerror(errno));
}

/* Gives n descriptors back: exactly n are free after fill(). */
static void
release(int n)
{
	while (n-- > 0 && ndups > 0)
		close(dups[--ndups]);
}

static int
peer_port(int fd)
{
	struct sockaddr_in a;
	socklen_t l = sizeof(a);

	if (getpeername(fd, (struct sockaddr *)&a, &l) < 0)
		return -1;
	return ntohs(a.sin_port);
}

int
main(void)
{
	struct sockaddr_in to = sin_of("127.0.0.1", 0);
	struct rlimit was, low;
	struct pollfd p;
	int ls, c0, s1, s2, s3, a1, a2, sv[2], r, err = -1, fl;
	socklen_t l = sizeof(err);
	char c = 0;

	t_start(60);
	signal(SIGPIPE, SIG_IGN);
	ls = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(ls, (struct sockaddr *)&to, sizeof(to)));
	SYS(listen(ls, 4));
	l = sizeof(to);
	SYS(getsockname(ls, (struct sockaddr *)&to, &l));
	c0 = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(connect(c0, (struct sockaddr *)&to, sizeof(to)));	/* waits in the queue */

	SYS(getrlimit(RLIMIT_NOFILE, &was));
	low = was;
	low.rlim_cur = 64;
	SYS(setrlimit(RLIMIT_NOFILE, &low));

	/* socket() with one descriptor left, then none. */
	fill();
	release(1);
	s1 = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	check_ok(s1, "socket() with one descriptor left");
	if (s1 < 0)
		bail("cannot go on without the socket");
	fl = fcntl(s1, F_GETFL);
	check(fl >= 0 && (fl & O_NONBLOCK), "  it is non-blocking, as SOCK_NONBLOCK asked");
	fl = fcntl(s1, F_GETFD);
	check(fl >= 0 && (fl & FD_CLOEXEC), "  it is close-on-exec, as SOCK_CLOEXEC asked");
	s2 = socket(AF_INET, SOCK_STREAM, 0);
	check_errno(s2, EMFILE, "socket() with none left: EMFILE");
	r = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	check_errno(r, EMFILE, "socketpair() with none left: EMFILE");

	/* connect takes no descriptor. */
	r = connect(s1, (struct sockaddr *)&to, sizeof(to));
	check(r == 0 || errno == EINPROGRESS, "connect() with none left: 0 or EINPROGRESS");
	p = (struct pollfd){ s1, POLLOUT, 0 };
	check_eq(poll(&p, 1, 10000), 1, "  the connection is decided (poll)");
	l = sizeof(err);
	check(getsockopt(s1, SOL_SOCKET, SO_ERROR, &err, &l) == 0 && err == 0, "  and made (SO_ERROR 0)");

	/* accept: none left is EMFILE and loses nothing; one left takes one. */
	a1 = accept(ls, NULL, NULL);
	check_errno(a1, EMFILE, "accept() with none left: EMFILE");
	a1 = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
	check_errno(a1, EMFILE, "accept4() with none left: EMFILE");
	release(1);
	a1 = accept(ls, NULL, NULL);
	check_ok(a1, "accept() with one left");
	a2 = accept(ls, NULL, NULL);
	check_errno(a2, EMFILE, "accept() with none left again: EMFILE");
	release(1);
	a2 = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
	check_ok(a2, "accept4() with one left: the second connection was not lost");
	if (a1 >= 0 && a2 >= 0) {
		int p1 = peer_port(a1), p2 = peer_port(a2), q0 = port_of(c0), q1 = port_of(s1);

		check((p1 == q0 && p2 == q1) || (p1 == q1 && p2 == q0),
		    "  the two accepted are the two clients, once each");
		check_eq(write(s1, "x", 1), 1, "  the client made with one left writes");
		{
			int a = p1 == q1 ? a1 : a2;

			p = (struct pollfd){ a, POLLIN, 0 };
			check(poll(&p, 1, 10000) == 1 && read(a, &c, 1) == 1 && c == 'x',
			    "  and its server reads it");
		}
	}

	/* socketpair: two sockets, two descriptors. */
	fill();
	release(2);
	r = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	check_ok(r, "socketpair() with two left");
	if (r == 0) {
		check(write(sv[0], "y", 1) == 1 && read(sv[1], &c, 1) == 1 && c == 'y',
		    "  its two ends are joined");
		close(sv[0]);
		close(sv[1]);
	}
	fill();
	release(1);
	r = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	check_errno(r, EMFILE, "socketpair() with one left: EMFILE");

	/* Two sockets with two left, one at a time; then none. */
	fill();
	release(2);
	s2 = socket(AF_INET, SOCK_STREAM, 0);
	check_ok(s2, "socket() with two left");
	s3 = socket(AF_INET, SOCK_STREAM, 0);
	check_ok(s3, "socket() again, one left");
	r = socket(AF_INET, SOCK_STREAM, 0);
	check_errno(r, EMFILE, "socket() a third time, none left: EMFILE");
	check_ok(connect(s2, (struct sockaddr *)&to, sizeof(to)), "  the first of the two connects");
	check_ok(connect(s3, (struct sockaddr *)&to, sizeof(to)), "  so does the second");

	release(MAXDUPS);
	SYS(setrlimit(RLIMIT_NOFILE, &was));
	return t_end();
}
