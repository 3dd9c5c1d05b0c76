/*
 * kill9 DIR: a process holding one end of a UNIX stream connection is
 * killed with SIGKILL mid-transfer; the peer sees EOF or ECONNRESET and
 * nothing hangs (every blocking call here is bounded by a 10 s alarm whose
 * handler, without SA_RESTART, turns a hang into EINTR and a failure).
 *
 * Linux sets ECONNRESET on the peer when the dying socket still had unread
 * data in its receive queue, or was a connection not yet accepted; else the
 * peer reads a plain EOF.  4.2BSD gave EOF in every case.
 */
#include "tap.h"

static volatile sig_atomic_t timedout;

static void
onalrm(int sig)
{
	(void)sig;
	timedout = 1;
}

static void
bound(int secs)
{
	timedout = 0;
	alarm(secs);
}

static void
pair(const char *dir, const char *name, int *c, int *a)
{
	const char *path = path_in(dir, name);
	int l = listen_at(path, SOCK_STREAM);

	*c = connect_to(path, SOCK_STREAM);
	if (*c < 0)
		bail("connect %s: %s", path, strerror(errno));
	*a = SYS(accept(l, NULL, NULL));
	close(l);
	unlink(path);
}

static char buf[65536];

int
main(int argc, char **argv)
{
	int c, a, p[2], l, e;
	long total;
	ssize_t n;
	pid_t pid;
	char x;

	if (argc != 2)
		bail("usage: kill9 DIR");
	setvbuf(stdout, NULL, _IOLBF, 0);
	on_signal(SIGALRM, onalrm, 0);
	signal(SIGPIPE, SIG_IGN);
	memset(buf, 'k', sizeof(buf));

	/* 1. The writer is killed while the reader reads. */
	pair(argv[1], "w", &c, &a);
	if ((pid = SYS(fork())) == 0) {
		close(a);
		for (;;)
			if (write(c, buf, sizeof(buf)) < 0)
				_exit(1);
	}
	close(c);
	total = 0;
	bound(10);
	while (total < (1 << 20) && (n = read(a, buf, sizeof(buf))) > 0)
		total += n;
	kill(pid, SIGKILL);
	while ((n = read(a, buf, sizeof(buf))) > 0)
		total += n;
	e = errno;
	alarm(0);
	check(n == 0, "writer killed: the reader drains what was sent, then reads EOF");
	if (n < 0)
		diag("  read: %s%s", strerror(e), timedout ? " (hung: alarm)" : "");
	check(total >= (1 << 20), "writer killed: after a transfer under way (%ld bytes)", total);
	check_eq(reap(pid), 128 + SIGKILL, "writer died by SIGKILL");
	close(a);

	/* 2. The reader, with unread data queued, is killed while we write. */
	pair(argv[1], "r", &c, &a);
	SYS(pipe(p));
	if ((pid = SYS(fork())) == 0) {
		close(c);
		total = 0;
		while (total < 65536 && (n = read(a, buf, sizeof(buf))) > 0)
			total += n;
		(void)write(p[1], "r", 1);
		alarm(20);		/* never outlive a failed run */
		for (;;)
			pause();
	}
	close(a);
	close(p[1]);
	bound(10);
	SYS(write_all(c, buf, sizeof(buf)));
	if (read(p[0], &x, 1) != 1)
		bail("reader child did not start");
	if (fork() == 0) {	/* kill it while we are blocked in write */
		msleep(200);
		kill(pid, SIGKILL);
		_exit(0);
	}
	do
		n = write(c, buf, sizeof(buf));
	while (n > 0 && !timedout);
	e = errno;
	alarm(0);
	check(n == -1 && (e == EPIPE || e == ECONNRESET),
	    "reader killed: the blocked or next write fails with EPIPE or ECONNRESET (%s)", strerror(e));
	check_errno(write(c, buf, 1), EPIPE, "reader killed: later writes fail with EPIPE");
	check_eq(reap(pid), 128 + SIGKILL, "reader died by SIGKILL");
	while (wait(NULL) > 0)
		;
	close(c);
	close(p[0]);

	/* 3. Killed holding unread data: our blocked read gets ECONNRESET. */
	pair(argv[1], "u", &c, &a);
	SYS(pipe(p));
	if ((pid = SYS(fork())) == 0) {
		close(c);
		(void)write(p[1], "r", 1);
		alarm(20);		/* never outlive a failed run */
		for (;;)
			pause();
	}
	close(a);
	close(p[1]);
	SYS(write(c, "unread", 6));
	bound(10);
	if (read(p[0], &x, 1) != 1)
		bail("holder child did not start");
	if (fork() == 0) {	/* kill it while we are blocked in read */
		msleep(200);
		kill(pid, SIGKILL);
		_exit(0);
	}
	n = read(c, buf, sizeof(buf));
	e = errno;
	alarm(0);
	check(n == -1 && e == ECONNRESET,
	    "killed with our data unread: our blocked read fails with ECONNRESET (Linux)");
	if (n != -1 || e != ECONNRESET)
		diag("  read returned %zd: %s", n, n < 0 ? strerror(e) : "-");
	check_eq(read(c, buf, sizeof(buf)), 0, "then reads EOF");
	check_eq(reap(pid), 128 + SIGKILL, "holder died by SIGKILL");
	while (wait(NULL) > 0)
		;
	close(c);
	close(p[0]);

	/* 4. The listener's holder is killed before accepting us. */
	if ((pid = SYS(fork())) == 0) {
		l = listen_at(path_in(argv[1], "l"), SOCK_STREAM);
		alarm(20);
		for (;;)
			pause();
	}
	for (l = 0; l < 500 && access(path_in(argv[1], "l"), F_OK) != 0; l++)
		msleep(10);
	c = connect_to(path_in(argv[1], "l"), SOCK_STREAM);
	check_ok(c, "connect to a listener that never accepts");
	kill(pid, SIGKILL);
	bound(10);
	n = read(c, buf, sizeof(buf));
	e = errno;
	alarm(0);
	check(n == -1 && e == ECONNRESET,
	    "listener killed before accepting: the connecting side's read fails with ECONNRESET (Linux)");
	if (n != -1 || e != ECONNRESET)
		diag("  read returned %zd: %s", n, n < 0 ? strerror(e) : "-");
	check_errno(write(c, "x", 1), EPIPE, "and its write fails with EPIPE");
	check_eq(reap(pid), 128 + SIGKILL, "listener holder died by SIGKILL");
	close(c);
	return t_end();
}
