/*
 * mmsg: sendmmsg(2) and recvmmsg(2) on every kind of socket, each check
 * Linux's behaviour (the same binary runs on the kernel and on uipc):
 * counts, msg_len, sender names, partial batches, MSG_WAITFORONE, the
 * timeout's peculiar rules, EINVAL, EAGAIN, and streams.
 *
 *	mmsg DIR	(DIR: a directory for UNIX-domain names)
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include "tap.h"

#define N	8

static struct mmsghdr vec[N];
static struct iovec iov[N];
static char bufs[N][256];
static struct sockaddr_storage names[N];

/* vec[0..n) set up to receive into bufs (each len bytes) with names. */
static void
rx_setup(int n, size_t len)
{
	int i;

	memset(vec, 0, sizeof(vec));
	memset(bufs, 0, sizeof(bufs));
	for (i = 0; i < n; i++) {
		iov[i] = (struct iovec){ bufs[i], len };
		vec[i].msg_hdr.msg_iov = &iov[i];
		vec[i].msg_hdr.msg_iovlen = 1;
		vec[i].msg_hdr.msg_name = &names[i];
		vec[i].msg_hdr.msg_namelen = sizeof(names[i]);
		vec[i].msg_len = 12345;
	}
}

/* vec[0..n) set up to send msgs[i], each to to (or no name when NULL). */
static void
tx_setup(int n, const char **msgs, const void *to, socklen_t tl)
{
	int i;

	memset(vec, 0, sizeof(vec));
	for (i = 0; i < n; i++) {
		iov[i] = (struct iovec){ (void *)msgs[i], strlen(msgs[i]) };
		vec[i].msg_hdr.msg_iov = &iov[i];
		vec[i].msg_hdr.msg_iovlen = 1;
		vec[i].msg_hdr.msg_name = (void *)to;
		vec[i].msg_hdr.msg_namelen = to != NULL ? tl : 0;
	}
}

static int
got_msgs(int n, const char **msgs)
{
	int i;

	for (i = 0; i < n; i++)
		if (vec[i].msg_len != strlen(msgs[i]) || memcmp(bufs[i], msgs[i], strlen(msgs[i])) != 0) {
			diag("  message %d: len %u '%.*s', want '%s'", i, vec[i].msg_len,
			    (int)vec[i].msg_len, bufs[i], msgs[i]);
			return 0;
		}
	return 1;
}

static struct sockaddr_in
udp_bound(int *fd)
{
	struct sockaddr_in s;
	socklen_t l = sizeof(s);

	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	s.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*fd = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	SYS(bind(*fd, (struct sockaddr *)&s, sizeof(s)));
	SYS(getsockname(*fd, (struct sockaddr *)&s, &l));
	return s;
}

static void
udp(void)
{
	static const char *three[] = { "one..", "two...", "three.." };
	struct sockaddr_in ra, sa, *from;
	struct timespec ts;
	int r, s, n, i, ok;

	ra = udp_bound(&r);
	sa = udp_bound(&s);

	tx_setup(3, three, &ra, sizeof(ra));
	n = sendmmsg(s, vec, 3, 0);
	check_eq(n, 3, "udp: sendmmsg of three returns 3");
	check(vec[0].msg_len == 5 && vec[1].msg_len == 6 && vec[2].msg_len == 7,
	    "udp: sendmmsg sets each msg_len to the bytes sent");

	/*
	 * Blocking, a batch the size of what was sent: a datagram sent to
	 * loopback may still be on its way through uipc's stack when the send
	 * returns (issue 9 notes), so the batches that take "what is there"
	 * are tested on UNIX-domain sockets, where it is not.
	 */
	rx_setup(N, 256);
	n = recvmmsg(r, vec, 3, 0, NULL);
	check_eq(n, 3, "udp: recvmmsg of 3 takes the three");
	check(n == 3 && got_msgs(3, three), "udp: recvmmsg: each message whole, its msg_len its size");
	ok = n == 3;
	for (i = 0; i < 3 && ok; i++) {
		from = (struct sockaddr_in *)&names[i];
		ok = vec[i].msg_hdr.msg_namelen == sizeof(struct sockaddr_in) &&
		    from->sin_family == AF_INET && from->sin_port == sa.sin_port &&
		    from->sin_addr.s_addr == sa.sin_addr.s_addr;
		if (!ok)
			diag("  message %d from family %d port %d namelen %u, want port %d", i,
			    from->sin_family, ntohs(from->sin_port), vec[i].msg_hdr.msg_namelen,
			    ntohs(sa.sin_port));
	}
	check(ok, "udp: recvmmsg names the sender of each (address and port)");
	check(n == 3 && vec[3].msg_len == 12345, "udp: recvmmsg leaves the entries past the count alone");

	rx_setup(N, 256);
	check_errno(recvmmsg(r, vec, N, MSG_DONTWAIT, NULL), EAGAIN,
	    "udp: recvmmsg(MSG_DONTWAIT) with nothing there: EAGAIN");

	/* A partial batch: the second message has nowhere to go. */
	tx_setup(3, three, &ra, sizeof(ra));
	vec[1].msg_hdr.msg_name = NULL;
	vec[1].msg_hdr.msg_namelen = 0;
	check_eq(sendmmsg(s, vec, 3, 0), 1, "udp: sendmmsg whose second message fails returns 1");
	rx_setup(N, 256);
	n = recvmmsg(r, vec, 1, 0, NULL);
	check(n == 1 && got_msgs(1, three), "udp: the first was sent");
	tx_setup(2, three, NULL, 0);
	check_errno(sendmmsg(s, vec, 2, 0), EDESTADDRREQ,
	    "udp: sendmmsg whose first message fails: -1 EDESTADDRREQ");
	check_eq(sendmmsg(s, vec, 0, 0), 0, "udp: sendmmsg of none returns 0");
	check_eq(recvmmsg(r, vec, 0, MSG_DONTWAIT, NULL), 0, "udp: recvmmsg of none returns 0");

	/* A zero timeout still waits for the first message, then ends the batch. */
	tx_setup(3, three, &ra, sizeof(ra));
	SYS(sendmmsg(s, vec, 3, 0));
	rx_setup(N, 256);
	ts = (struct timespec){ 0, 0 };
	check_eq(recvmmsg(r, vec, N, 0, &ts), 1, "udp: recvmmsg with a zero timeout takes one message");
	check(ts.tv_sec == 0 && ts.tv_nsec == 0, "udp: the zero timeout is written back as zero");
	rx_setup(N, 256);
	n = recvmmsg(r, vec, 2, 0, NULL);
	check(n == 2 && got_msgs(2, three + 1), "udp: the other two stay for the next call");

	/* A long timeout is not reached: the batch fills, the time left is written back. */
	tx_setup(2, three, &ra, sizeof(ra));
	SYS(sendmmsg(s, vec, 2, 0));
	rx_setup(N, 256);
	ts = (struct timespec){ 30, 0 };
	check_eq(recvmmsg(r, vec, 2, 0, &ts), 2, "udp: recvmmsg with a 30 s timeout fills a batch of 2");
	check((ts.tv_sec > 0 || ts.tv_nsec > 0) && ts.tv_sec <= 30 &&
	    !(ts.tv_sec == 30 && ts.tv_nsec > 0), "udp: the time left is written back (0 < left <= 30 s)");

	/* An invalid timeout is EINVAL, before anything is taken. */
	tx_setup(1, three, &ra, sizeof(ra));
	SYS(sendmmsg(s, vec, 1, 0));
	rx_setup(N, 256);
	ts = (struct timespec){ 0, 1000000000L };
	check_errno(recvmmsg(r, vec, N, 0, &ts), EINVAL, "udp: recvmmsg with tv_nsec 1e9: EINVAL");
	ts = (struct timespec){ -1, 0 };
	check_errno(recvmmsg(r, vec, N, 0, &ts), EINVAL, "udp: recvmmsg with a negative timeout: EINVAL");
	rx_setup(N, 3);
	n = recvmmsg(r, vec, 1, 0, NULL);
	check(n == 1 && memcmp(bufs[0], "one", 3) == 0, "udp: the message is still there after EINVAL");
	check(n == 1 && vec[0].msg_len == 3 && (vec[0].msg_hdr.msg_flags & MSG_TRUNC),
	    "udp: a message longer than its buffer: msg_len the part taken, MSG_TRUNC");

	/* A connected socket: no names needed. */
	SYS(connect(s, (struct sockaddr *)&ra, sizeof(ra)));
	tx_setup(2, three, NULL, 0);
	check_eq(sendmmsg(s, vec, 2, 0), 2, "udp: sendmmsg on a connected socket sends both");
	rx_setup(N, 256);
	n = recvmmsg(r, vec, 2, 0, NULL);
	check(n == 2 && got_msgs(2, three), "udp: both arrive whole");
	close(r);
	close(s);
}

static void
unix_dgram(const char *dir)
{
	static const char *two[] = { "alpha", "beta!!" };
	struct sockaddr_un ra, sa, none, *from;
	socklen_t rl = sun_of(&ra, path_in(dir, "mm_r")), sl = sun_of(&sa, path_in(dir, "mm_s"));
	socklen_t nl = sun_of(&none, path_in(dir, "mm_none"));
	int r, s, n;

	unlink(ra.sun_path);
	unlink(sa.sun_path);
	r = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	SYS(bind(r, (struct sockaddr *)&ra, rl));
	s = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	SYS(bind(s, (struct sockaddr *)&sa, sl));

	tx_setup(2, two, &ra, rl);
	check_eq(sendmmsg(s, vec, 2, 0), 2, "unix dgram: sendmmsg of two returns 2");
	rx_setup(N, 256);
	n = recvmmsg(r, vec, N, MSG_DONTWAIT, NULL);
	check_eq(n, 2, "unix dgram: recvmmsg(MSG_DONTWAIT) of 8 takes the two there are");
	check(n == 2 && got_msgs(2, two), "unix dgram: each whole, no framing");
	from = (struct sockaddr_un *)&names[1];
	check(n == 2 && from->sun_family == AF_UNIX && strcmp(from->sun_path, sa.sun_path) == 0,
	    "unix dgram: recvmmsg names the sender's path");

	tx_setup(2, two, &ra, rl);
	vec[1].msg_hdr.msg_name = &none;
	vec[1].msg_hdr.msg_namelen = nl;
	check_eq(sendmmsg(s, vec, 2, 0), 1, "unix dgram: second to a missing name: returns 1");
	tx_setup(2, two, &none, nl);
	check_errno(sendmmsg(s, vec, 2, 0), ENOENT, "unix dgram: first to a missing name: -1 ENOENT");
	rx_setup(N, 256);
	check_eq(recvmmsg(r, vec, N, MSG_DONTWAIT, NULL), 1, "unix dgram: one arrived");

	/* MSG_WAITFORONE: a blocking socket waits for the first only. */
	tx_setup(2, two, &ra, rl);
	SYS(sendmmsg(s, vec, 2, 0));
	rx_setup(N, 256);
	check_eq(recvmmsg(r, vec, 4, MSG_WAITFORONE, NULL), 2,
	    "unix dgram: recvmmsg(MSG_WAITFORONE) of 4 with 2 there returns 2 without waiting");
	rx_setup(N, 256);
	check_errno(recvmmsg(r, vec, N, MSG_DONTWAIT, NULL), EAGAIN,
	    "unix dgram: recvmmsg(MSG_DONTWAIT) with nothing there: EAGAIN");
	close(r);
	close(s);
	unlink(ra.sun_path);
	unlink(sa.sun_path);
}

static void
seqpacket(void)
{
	static const char *three[] = { "x", "yy", "zzz" };
	int sv[2], n;

	SYS(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	tx_setup(3, three, NULL, 0);
	check_eq(sendmmsg(sv[0], vec, 3, 0), 3, "seqpacket: sendmmsg of three returns 3");
	rx_setup(N, 256);
	n = recvmmsg(sv[1], vec, N, MSG_DONTWAIT, NULL);
	check_eq(n, 3, "seqpacket: recvmmsg takes the three records");
	check(n == 3 && got_msgs(3, three), "seqpacket: boundaries kept, no framing");
	close(sv[0]);
	rx_setup(N, 256);
	n = recvmmsg(sv[1], vec, 2, 0, NULL);
	check(n == 2 && vec[0].msg_len == 0 && vec[1].msg_len == 0,
	    "seqpacket: after the peer closed, each entry is an EOF of length 0");
	if (n != 2)
		diag("  got %d (%s)", n, n < 0 ? strerror(errno) : "");
	close(sv[1]);
}

/* Read total bytes from fd with recvmmsg (one entry a call); 0 or -1. */
static ssize_t
mm_read_all(int fd, char *out, size_t total)
{
	size_t got = 0;
	int i;

	for (i = 0; i < 100 && got < total; i++) {
		rx_setup(1, 256);
		vec[0].msg_hdr.msg_name = NULL;
		vec[0].msg_hdr.msg_namelen = 0;
		if (recvmmsg(fd, vec, 1, 0, NULL) != 1 || vec[0].msg_len == 0)
			return -1;
		memcpy(out + got, bufs[0], vec[0].msg_len);
		got += vec[0].msg_len;
	}
	return (ssize_t)got;
}

static void
stream(const char *what, int a, int b)
{
	static const char *two[] = { "abc", "defg" };
	char all[16] = { 0 };

	tx_setup(2, two, NULL, 0);
	check_eq(sendmmsg(a, vec, 2, 0), 2, "%s: sendmmsg of two returns 2", what);
	check(vec[0].msg_len == 3 && vec[1].msg_len == 4, "%s: msg_len the bytes of each", what);
	check(mm_read_all(b, all, 7) == 7 && memcmp(all, "abcdefg", 7) == 0,
	    "%s: recvmmsg reads the bytes in order, nothing added", what);
	close(a);
	rx_setup(2, 256);
	check_eq(recvmmsg(b, vec, 1, 0, NULL), 1, "%s: at EOF recvmmsg returns one entry", what);
	check_eq(vec[0].msg_len, 0, "%s: of length 0", what);
	close(b);
}

static void
tcp(void)
{
	struct sockaddr_in a;
	socklen_t l = sizeof(a);
	int ls, c, s;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ls = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(ls, (struct sockaddr *)&a, sizeof(a)));
	SYS(listen(ls, 5));
	SYS(getsockname(ls, (struct sockaddr *)&a, &l));

	/* Not connected: EPIPE (Linux), no SIGPIPE with MSG_NOSIGNAL. */
	c = SYS(socket(AF_INET, SOCK_STREAM, 0));
	tx_setup(1, (const char *[]){ "x" }, NULL, 0);
	check_errno(sendmmsg(c, vec, 1, MSG_NOSIGNAL), EPIPE, "tcp: sendmmsg before connect: EPIPE");
	check_errno(send(c, "y", 1, MSG_NOSIGNAL), EPIPE, "tcp: send before connect: EPIPE");
	signal(SIGPIPE, SIG_IGN);
	check_errno(write(c, "z", 1), EPIPE, "tcp: write before connect: EPIPE (nothing kept for later)");
	signal(SIGPIPE, SIG_DFL);
	SYS(connect(c, (struct sockaddr *)&a, sizeof(a)));
	s = SYS(accept(ls, NULL, NULL));
	stream("tcp", c, s);
	close(ls);
}

int
main(int argc, char **argv)
{
	int sv[2];

	t_start(30);
	if (argc != 2)
		bail("usage: mmsg DIR");
	udp();
	unix_dgram(argv[1]);
	seqpacket();
	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	stream("unix stream", sv[0], sv[1]);
	tcp();
	return t_end();
}
