/*
 * limits_hog WHAT RELEASE [WANT]: takes one resource until the system
 * refuses more, checks the refusal's errno, holds what it took until the
 * file RELEASE exists (at most 60 s), then checks the resource is given
 * back once it lets go of some.  Plain BSD-socket calls: on uipc each
 * socket is one uipcd holds for this program's user.
 *
 *   limits_hog sockets RELEASE      socket() (datagram) until EMFILE (the user's socket limit)
 *   limits_hog descriptors RELEASE  datagrams carrying a descriptor each, not
 *                                   received, until ETOOMANYREFS (the user's
 *                                   limit of descriptors in flight); socket()
 *                                   still works; once every datagram is
 *                                   received, a descriptor passes again
 *   limits_hog buffers RELEASE      stream pairs, each written full and never
 *                                   read, until socketpair() fails with ENOBUFS
 *                                   (the user's buffer limit)
 *   limits_hog pairs RELEASE        socketpair() until it fails with EMFILE or
 *                                   ENFILE (uipcd's own descriptor limit)
 *
 * "held" is printed (as a # line, and the file RELEASE.held is made) once
 * the limit is reached, so the test can act while the resource is held.
 */
#include "tap.h"

#include <poll.h>

#define MAXS	4096

static int socks[MAXS];
static int nsocks;

/* Waits (bounded) for the file named path to exist. */
static void
await(const char *path)
{
	struct stat st;
	int i;

	for (i = 0; i < 6000 && stat(path, &st) < 0; i++)
		usleep(10000);
}

static void
held(const char *release)
{
	char path[4096];
	int fd;

	diag("held");
	snprintf(path, sizeof(path), "%s.held", release);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0)
		close(fd);
	await(release);
}

/* Closes the newest n held sockets. */
static void
let_go(int n)
{
	while (n-- > 0 && nsocks > 0)
		close(socks[--nsocks]);
}

static int
do_sockets(const char *release)
{
	struct pollfd pfd;
	int s = -1, e = 0, sp[2];
	char b[8] = "";

	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sp));
	while (nsocks < MAXS && (s = socket(AF_UNIX, SOCK_DGRAM, 0)) >= 0)
		socks[nsocks++] = s;
	e = errno;
	errno = e;
	check_errno(s, EMFILE, "socket() past the user's socket limit: EMFILE (after %d)", nsocks + 2);
	/* The sockets it has still carry data (and descriptors could pass). */
	pfd = (struct pollfd){ sp[1], POLLIN, 0 };
	check(write(sp[0], "ping", 4) == 4 && poll(&pfd, 1, 10000) == 1 && read(sp[1], b, 4) == 4 &&
	    memcmp(b, "ping", 4) == 0, "at the socket limit a stream it holds still carries data");
	held(release);
	let_go(1);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	check_ok(s, "one socket closed: socket() works again");
	return 0;
}

static int
send_fd(int s, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { "F", 1 };
	struct cmsghdr *cm;
	struct msghdr mh;

	memset(&mh, 0, sizeof(mh));
	memset(cbuf, 0, sizeof(cbuf));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return (int)sendmsg(s, &mh, MSG_DONTWAIT);
}

/* Receives one datagram and closes the descriptor it brought. */
static int
recv_fd(int s)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 4)], b;
	struct iovec iov = { &b, 1 };
	struct cmsghdr *cm;
	struct msghdr mh;
	int fd;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	if (recvmsg(s, &mh, MSG_DONTWAIT) < 0)
		return -1;
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_type == SCM_RIGHTS) {
			memcpy(&fd, CMSG_DATA(cm), sizeof(int));
			close(fd);
		}
	return 0;
}

static int
do_descriptors(const char *release)
{
	int sv[2], rc = 0, n = 0, got = 0, e, s;

	SYS(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	/* Few datagrams fit a receive buffer; each carries one descriptor. */
	while (n < MAXS && (rc = send_fd(sv[0], 0)) >= 0)
		n++;
	e = errno;
	errno = e;
	check_errno(rc, ETOOMANYREFS,
	    "a descriptor passed past the user's descriptor limit: ETOOMANYREFS (after %d)", n);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	check_ok(s, "socket() still works: only passing descriptors is refused");
	if (s >= 0)
		close(s);
	held(release);
	/* Every datagram taken (its descriptor closed), each within 10 s. */
	while (got < n) {
		struct pollfd pfd = { sv[1], POLLIN, 0 };

		if (poll(&pfd, 1, 10000) <= 0 || recv_fd(sv[1]) < 0)
			break;
		got++;
	}
	check_eq(got, n, "every datagram received, its descriptor closed");
	check_ok(send_fd(sv[0], 0), "the descriptors freed: a descriptor passes again");
	return 0;
}

static int
do_buffers(const char *release)
{
	static char buf[65536];
	int sv[2], rc = 0, e = 0, i;
	ssize_t w;

	for (;;) {
		if (nsocks + 2 > MAXS) {
			check(0, "socketpair() failed within %d sockets", MAXS);
			return 1;
		}
		if ((rc = socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) < 0) {
			e = errno;
			break;
		}
		socks[nsocks++] = sv[0];
		socks[nsocks++] = sv[1];
		SYS(fcntl(sv[0], F_SETFL, O_NONBLOCK));
		/* Written until it takes no more (at most 64 MB), never read. */
		for (i = 0; i < 1024 && (w = write(sv[0], buf, sizeof(buf))) > 0; i++)
			;
	}
	errno = e;
	check_errno(rc, ENOBUFS, "socketpair() past the user's buffer limit: ENOBUFS (after %d pairs)",
	    nsocks / 2);
	held(release);
	let_go(nsocks);
	/* uipcd frees a closed pair's buffers once it has taken in the close. */
	for (i = 0; i < 500 && (rc = socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) < 0 && errno == ENOBUFS; i++)
		usleep(10000);
	check_ok(rc, "the pairs closed: socketpair() works again (within 5 s)");
	return 0;
}

static int
do_pairs(const char *release)
{
	int sv[2], rc = 0, e;

	while (nsocks + 2 <= MAXS && (rc = socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) >= 0) {
		socks[nsocks++] = sv[0];
		socks[nsocks++] = sv[1];
	}
	e = errno;
	check(rc < 0 && (e == EMFILE || e == ENFILE),
	    "socketpair() with uipcd out of descriptors: EMFILE or ENFILE (after %d pairs)", nsocks / 2);
	if (rc >= 0 || (e != EMFILE && e != ENFILE))
		diag("  got %d, errno %s", rc, strerror(e));
	held(release);
	let_go(nsocks);
	return 0;
}

int
main(int argc, char **argv)
{
	alarm(120);
	if (argc < 3)
		bail("usage: limits_hog sockets|descriptors|buffers|pairs RELEASE");
	if (strcmp(argv[1], "sockets") == 0)
		return do_sockets(argv[2]) || t_failed;
	if (strcmp(argv[1], "descriptors") == 0)
		return do_descriptors(argv[2]) || t_failed;
	if (strcmp(argv[1], "buffers") == 0)
		return do_buffers(argv[2]) || t_failed;
	if (strcmp(argv[1], "pairs") == 0)
		return do_pairs(argv[2]) || t_failed;
	bail("unknown %s", argv[1]);
}
