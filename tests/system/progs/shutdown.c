/*
 * shutdown DIR: shutdown(2) on UNIX stream connections (primer §2.6).
 * shutdown(1): the peer reads EOF, the reverse direction still works, a
 * write fails with EPIPE (and SIGPIPE).  shutdown(0): reads return 0.
 * shutdown(2): both.
 *
 * Linux differs from 4.2BSD after shutdown(0): BSD's sorflush throws away
 * what was queued and later arrivals, while Linux still reads what was
 * queued before, and a peer writing afterwards gets EPIPE.  The test
 * asserts Linux's behaviour, which uipc matches.
 */
#include "tap.h"

static volatile sig_atomic_t npipe;

static void
onpipe(int sig)
{
	(void)sig;
	npipe++;
}

/* A connected pair through a name in dir: *c the client, *a the accepted. */
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

int
main(int argc, char **argv)
{
	char buf[64];
	int c, a, u;
	ssize_t n;
	double t0;

	if (argc != 2)
		bail("usage: shutdown DIR");
	t_start(30);
	on_signal(SIGPIPE, onpipe, 0);

	/* shutdown(1) */
	pair(argv[1], "wr", &c, &a);
	SYS(write(c, "last", 4));
	check_ok(shutdown(c, SHUT_WR), "shutdown(1)");
	n = read(a, buf, sizeof(buf));
	check(n == 4 && memcmp(buf, "last", 4) == 0, "shutdown(1): data sent before it still arrives");
	check_eq(read(a, buf, sizeof(buf)), 0, "shutdown(1): then the peer reads EOF");
	check_eq(read(a, buf, sizeof(buf)), 0, "shutdown(1): and EOF again");
	check_eq(write(a, "rev", 3), 3, "shutdown(1): the peer can still write");
	n = read(c, buf, sizeof(buf));
	check(n == 3 && memcmp(buf, "rev", 3) == 0, "shutdown(1): the reverse direction still works");
	npipe = 0;
	check_errno(write(c, "x", 1), EPIPE, "shutdown(1): write afterwards fails with EPIPE");
	check_eq(npipe, 1, "shutdown(1): and raises SIGPIPE");
	npipe = 0;
	check_errno(send(c, "x", 1, MSG_NOSIGNAL), EPIPE, "shutdown(1): send MSG_NOSIGNAL: EPIPE");
	check_eq(npipe, 0, "shutdown(1): MSG_NOSIGNAL: no SIGPIPE");
	close(c); close(a);

	/* shutdown(0) */
	pair(argv[1], "rd", &c, &a);
	SYS(write(c, "early", 5));
	check_ok(shutdown(a, SHUT_RD), "shutdown(0)");
	n = read(a, buf, sizeof(buf));
	check(n == 5 && memcmp(buf, "early", 5) == 0, "shutdown(0): data queued before it is still read (Linux)");
	t0 = now();
	check_eq(read(a, buf, sizeof(buf)), 0, "shutdown(0): then read returns 0");
	check(now() - t0 < 0.5, "shutdown(0): without blocking");
	npipe = 0;
	check_errno(write(c, "late", 4), EPIPE, "shutdown(0): the peer's write fails with EPIPE (Linux)");
	check_eq(write(a, "still", 5), 5, "shutdown(0): writing still works");
	n = read(c, buf, sizeof(buf));
	check(n == 5 && memcmp(buf, "still", 5) == 0, "shutdown(0): and the peer reads it");
	close(c); close(a);

	/* shutdown(2) */
	pair(argv[1], "rdwr", &c, &a);
	check_ok(shutdown(c, SHUT_RDWR), "shutdown(2)");
	check_eq(read(c, buf, sizeof(buf)), 0, "shutdown(2): read returns 0");
	check_errno(write(c, "x", 1), EPIPE, "shutdown(2): write fails with EPIPE");
	check_eq(read(a, buf, sizeof(buf)), 0, "shutdown(2): the peer reads EOF");
	check_errno(write(a, "x", 1), EPIPE, "shutdown(2): the peer's write fails with EPIPE");
	check_ok(shutdown(c, SHUT_RDWR), "shutdown(2) twice is no error");
	close(c); close(a);

	/* Errors. */
	u = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
	/* BSD says ENOTCONN here; Linux AF_UNIX accepts it. */
	check_eq(shutdown(u, SHUT_WR), 0, "shutdown of an unconnected UNIX socket succeeds (Linux; BSD: ENOTCONN)");
	pair(argv[1], "bad", &c, &a);
	check_errno(shutdown(c, 7), EINVAL, "shutdown with how 7: EINVAL");
	check_errno(shutdown(0 + 1000, SHUT_WR), EBADF, "shutdown of a closed descriptor: EBADF");
	{
		int fd = SYS(open("/dev/null", O_RDONLY));
		check_errno(shutdown(fd, SHUT_WR), ENOTSOCK, "shutdown of a file: ENOTSOCK");
		close(fd);
	}
	close(c); close(a); close(u);
	return t_end();
}
