/*
 * select_sets PATH: select(2) over UNIX stream sockets (primer §2.8), with
 * read, write and exception sets; a zero timeout polls (returns 0 at once
 * when nothing is ready) and a NULL one blocks until another process sends.
 */
#include "tap.h"
#include <sys/select.h>

/* select on one descriptor; r, w, x say which sets; tv NULL blocks. */
static int
sel1(int fd, int *r, int *w, int *x, struct timeval *tv)
{
	fd_set rs, ws, xs;
	int n;

	FD_ZERO(&rs); FD_ZERO(&ws); FD_ZERO(&xs);
	if (*r) FD_SET(fd, &rs);
	if (*w) FD_SET(fd, &ws);
	if (*x) FD_SET(fd, &xs);
	n = select(fd + 1, &rs, &ws, &xs, tv);
	*r = FD_ISSET(fd, &rs);
	*w = FD_ISSET(fd, &ws);
	*x = FD_ISSET(fd, &xs);
	return n;
}

int
main(int argc, char **argv)
{
	struct timeval zero = { 0, 0 }, two = { 2, 0 };
	int l, c, a, r, w, x, n, i;
	char buf[65536];
	double t0, dt;
	pid_t pid;

	if (argc != 2)
		bail("usage: select_sets PATH");
	t_start(30);
	l = listen_at(argv[1], SOCK_STREAM);

	r = 1, w = 0, x = 1;
	t0 = now();
	n = sel1(l, &r, &w, &x, &zero);
	dt = now() - t0;
	check_eq(n, 0, "zero timeout, no connection pending: select returns 0");
	check(dt < 0.1, "zero timeout returns at once (%.3f s)", dt);
	check(!r && !x, "and clears the sets");

	c = connect_to(argv[1], SOCK_STREAM);
	check_ok(c, "connect");
	r = 1, w = 0, x = 0;
	zero.tv_sec = 0, zero.tv_usec = 0;
	n = sel1(l, &r, &w, &x, &two);
	check(n == 1 && r, "a pending connection makes the listening socket readable");
	a = SYS(accept(l, NULL, NULL));

	r = 1, w = 1, x = 1;
	n = sel1(a, &r, &w, &x, &zero);
	check(n == 1 && !r && w && !x, "zero timeout: a fresh connection is writable only");

	/* NULL timeout: blocks until data comes from another process. */
	if ((pid = SYS(fork())) == 0) {
		msleep(300);
		_exit(write(c, "x", 1) == 1 ? 0 : 1);
	}
	r = 1, w = 0, x = 1;
	t0 = now();
	n = sel1(a, &r, &w, &x, NULL);
	dt = now() - t0;
	check(n == 1 && r && !x, "NULL timeout: select returns when the other process writes, read set only");
	check(dt > 0.2, "NULL timeout blocked until then (%.3f s)", dt);
	check_eq(reap(pid), 0, "writer process exited 0");
	check_eq(read(a, buf, sizeof(buf)), 1, "the byte is there to read");

	/* Exception set: out-of-band data pending (primer §5.1, §5.6). */
	if ((pid = SYS(fork())) == 0) {
		msleep(100);
		_exit(send(c, "!", 1, MSG_OOB) == 1 ? 0 : 1);
	}
	r = 0, w = 0, x = 1;
	n = sel1(a, &r, &w, &x, &two);
	check(n == 1 && x, "out-of-band data makes the socket ready in the exception set");
	check_eq(reap(pid), 0, "urgent sender exited 0");
	check(recv(a, buf, 1, MSG_OOB) == 1 && buf[0] == '!', "and recv MSG_OOB takes the byte");
	r = 0, w = 0, x = 1;
	zero.tv_sec = 0, zero.tv_usec = 0;
	check_eq(sel1(a, &r, &w, &x, &zero), 0, "exception set clear once the urgent byte is read");

	/* Write set: not ready when the send buffer is full, ready once drained. */
	SYS(fcntl(c, F_SETFL, O_NONBLOCK));
	memset(buf, 'f', sizeof(buf));
	for (i = 0; i < 100000; i++)
		if (write(c, buf, sizeof(buf)) == -1)
			break;
	check(errno == EAGAIN, "filling the connection ends in EAGAIN");
	r = 0, w = 1, x = 0;
	zero.tv_sec = 0, zero.tv_usec = 0;
	check_eq(sel1(c, &r, &w, &x, &zero), 0, "a full connection is not writable");
	if ((pid = SYS(fork())) == 0) {
		char b[65536];
		msleep(100);
		for (;;) {			/* drain until told to stop (EOF) */
			ssize_t k = read(a, b, sizeof(b));
			if (k <= 0)
				_exit(k == 0 ? 0 : 1);
		}
	}
	r = 0, w = 1, x = 0;
	n = sel1(c, &r, &w, &x, &two);
	check(n == 1 && w, "writable again once the reader drains it");
	shutdown(c, SHUT_WR);
	check_eq(reap(pid), 0, "draining process exited 0");

	/* EOF makes the socket readable. */
	SYS(fcntl(c, F_SETFL, 0));
	while (read(a, buf, sizeof(buf)) > 0)	/* nothing left, but be sure */
		;
	close(c);
	r = 1, w = 0, x = 0;
	n = sel1(a, &r, &w, &x, &two);
	check(n == 1 && r, "the peer's close makes the socket readable");
	check_eq(read(a, buf, sizeof(buf)), 0, "and read returns 0 (EOF)");
	close(a);
	close(l);
	unlink(argv[1]);
	return t_end();
}
