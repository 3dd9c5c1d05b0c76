/*
 * peer_close_midway: a TCP writer whose peer closes in the middle of a
 * transfer gets ECONNRESET or EPIPE before the transfer ends, as on Linux
 * (CPython's test_sendfile_close_peer_in_the_middle_of_receiving).
 *
 *	peer_close_midway DIR	DIR/src is made here (the file to send)
 *
 * Both buffers are made 4 KiB (the reader's SO_RCVBUF on its listener,
 * the writer's SO_SNDBUF), as the CPython test does, and the file is
 * 256 KiB + 1.  For each way of writing (sendfile, send, write, writev), without
 * and with blocking:
 *
 *  1. the writer writes without blocking until the buffers take no more
 *     (it waits for room after each EAGAIN, and takes "no room within
 *     WAIT_MS" as full): what it wrote must be less than the file, since
 *     nothing has been read (Linux: about 2 x 4 KiB each side);
 *  2. the reader reads 1 KiB and closes with the rest unread, which
 *     resets the connection (RFC 2525 §2.17; Linux's tcp_close);
 *  3. the writer goes on writing the rest, without blocking (waiting for
 *     POLLOUT, bounded) or blocking: within a bounded number of calls, one
 *     fails with ECONNRESET or EPIPE, before the file's end, with SIGPIPE
 *     only if it is EPIPE; the call after it fails with EPIPE and SIGPIPE.
 *
 * Step 1's wait only decides when step 2 starts: whatever it takes, the
 * checks hold on a system whose buffers are bounded, and fail on one that
 * lets the whole file through before any of it was read.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/sendfile.h>
#include <sys/uio.h>

#include "tap.h"

#define FILE_SIZE	(256 * 1024 + 1)
#define BUF_SIZE	4096
#define READ_FIRST	1024
#define WAIT_MS		500	/* no room for this long: the buffers are full */
#define MAX_CALLS	100000

enum how { BY_SENDFILE, BY_SEND, BY_WRITE, BY_WRITEV };
static const char *how_name[] = { "sendfile", "send", "write", "writev" };

static const char *dir;
static char chunk[65536];
static volatile sig_atomic_t sigpipes;

static void
on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

/* A listener on 127.0.0.1 whose connections receive into BUF_SIZE bytes. */
static int
listener(struct sockaddr_in *sin)
{
	int s = SYS(socket(AF_INET, SOCK_STREAM, 0)), v = BUF_SIZE;
	socklen_t len = sizeof(*sin);

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	SYS(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)));
	SYS(bind(s, (struct sockaddr *)sin, sizeof(*sin)));
	SYS(listen(s, 1));
	SYS(getsockname(s, (struct sockaddr *)sin, &len));
	return s;
}

/* One call of the writer: bytes written, or -1 with errno. */
static ssize_t
write_some(enum how how, int w, int f, off_t *off)
{
	size_t left = (size_t)(FILE_SIZE - *off);
	ssize_t n;

	if (how == BY_SENDFILE)
		return sendfile(w, f, off, left);
	if (left > sizeof(chunk))
		left = sizeof(chunk);
	if (how == BY_WRITEV) {
		struct iovec iov[2] = { { chunk, left / 2 }, { chunk, left - left / 2 } };

		n = writev(w, iov, 2);
	} else
		n = how == BY_SEND ? send(w, chunk, left, 0) : write(w, chunk, left);
	if (n > 0)
		*off += n;
	return n;
}

static void
set_blocking(int fd, int on)
{
	int fl = SYS(fcntl(fd, F_GETFL));

	SYS(fcntl(fd, F_SETFL, on ? fl & ~O_NONBLOCK : fl | O_NONBLOCK));
}

static void
one_case(enum how how, int blocking)
{
	const char *name = how_name[how];
	const char *mode = blocking ? "blocking" : "non-blocking";
	struct sockaddr_in sin;
	int l = listener(&sin), w = SYS(socket(AF_INET, SOCK_STREAM, 0)), r, v = BUF_SIZE;
	int f = SYS(open(path_in(dir, "src"), O_RDONLY)), i, err = 0;
	struct pollfd pw = { w, POLLOUT, 0 }, pr;
	char got[READ_FIRST];
	off_t off = 0, held;
	ssize_t n;

	SYS(connect(w, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(setsockopt(w, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)));
	r = SYS(accept(l, NULL, NULL));
	close(l);

	/* 1: the buffers fill, and hold less than the file. */
	set_blocking(w, 0);
	for (i = 0; i < MAX_CALLS && off < FILE_SIZE; i++) {
		if ((n = write_some(how, w, f, &off)) >= 0)
			continue;
		if (errno != EAGAIN)
			bail("%s: %s before the peer read anything: %s", name, mode, strerror(errno));
		if (SYS(poll(&pw, 1, WAIT_MS)) == 0)
			break;
	}
	held = off;
	if (!check(held > READ_FIRST && held < FILE_SIZE,
	    "%s, %s: the buffers held %lld of the %d bytes before anything was read",
	    name, mode, (long long)held, FILE_SIZE))
		diag("  a writer is held back by SO_SNDBUF and the peer's SO_RCVBUF (4 KiB each)");

	/* 2: the reader reads 1 KiB, then closes with data unread: a reset. */
	check_eq(read_full(r, got, sizeof(got)), sizeof(got), "%s, %s: the peer read %d bytes",
	    name, mode, READ_FIRST);
	pr = (struct pollfd){ r, POLLIN, 0 };
	check(SYS(poll(&pr, 1, 10000)) == 1, "%s, %s: more was waiting unread when the peer closed",
	    name, mode);
	close(r);

	/* 3: the rest fails with ECONNRESET or EPIPE, before the end of the file. */
	set_blocking(w, blocking);
	sigpipes = 0;
	for (i = 0; i < MAX_CALLS && off < FILE_SIZE; i++) {
		if ((n = write_some(how, w, f, &off)) >= 0)
			continue;
		if (errno == EAGAIN && !blocking) {
			if (SYS(poll(&pw, 1, 10000)) == 0) {
				err = ETIMEDOUT;	/* no room and no error: the writer would wait for ever */
				break;
			}
			continue;
		}
		err = errno;
		break;
	}
	if (check(err == ECONNRESET || err == EPIPE,
	    "%s, %s: after the peer's close the writer failed with ECONNRESET or EPIPE", name, mode))
		diag("  %s, %lld bytes after the close", strerror(err), (long long)(off - held));
	else
		diag("  got %s after %lld bytes in all (%lld after the close), file %d",
		    err ? strerror(err) : "no error", (long long)off, (long long)(off - held), FILE_SIZE);
	check(off < FILE_SIZE, "%s, %s: the writer did not get to the end of the file (%lld of %d)",
	    name, mode, (long long)off, FILE_SIZE);
	/* Linux raises SIGPIPE with EPIPE only (sk_stream_error), not with the reset's error. */
	check(sigpipes == (err == EPIPE), "%s, %s: SIGPIPE came with that error only if it was EPIPE",
	    name, mode);
	/* Once told, the connection is gone: EPIPE, with SIGPIPE (tcp_sendmsg_locked). */
	sigpipes = 0;
	n = write_some(how, w, f, &off);
	check_errno(n, EPIPE, "%s, %s: the next call fails with EPIPE", name, mode);
	check(sigpipes == 1, "%s, %s: and raises SIGPIPE", name, mode);
	close(w);
	close(f);
}

int
main(int argc, char **argv)
{
	int f, h, b;

	t_start(120);
	if (argc != 2)
		bail("usage: peer_close_midway DIR");
	dir = argv[1];
	/* SIGPIPE counted, not fatal: the errors are the checks'. */
	{
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_sigpipe;
		sa.sa_flags = SA_RESTART;
		SYS(sigaction(SIGPIPE, &sa, NULL));
	}
	memset(chunk, 'x', sizeof(chunk));
	f = SYS(open(path_in(dir, "src"), O_WRONLY | O_CREAT | O_TRUNC, 0644));
	for (h = 0; h < FILE_SIZE; h += (int)sizeof(chunk))
		SYS(write(f, chunk, FILE_SIZE - h < (int)sizeof(chunk) ? (size_t)(FILE_SIZE - h) : sizeof(chunk)));
	close(f);
	for (h = BY_SENDFILE; h <= BY_WRITEV; h++)
		for (b = 0; b <= 1; b++)
			one_case((enum how)h, b);
	return t_end();
}
