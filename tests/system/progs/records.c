/*
 * records DIR: message boundaries (primer §2.1, §2.5, §2.7).  SOCK_DGRAM
 * keeps each datagram whole and names its sender to recvfrom when the sender
 * is bound; a connected datagram socket takes datagrams from its peer only;
 * SOCK_SEQPACKET keeps records on a connection; SOCK_STREAM coalesces.
 */
#include "tap.h"

static int
dgram_at(const char *path)
{
	return listen_at(path, SOCK_DGRAM);
}

static void
test_dgram(const char *dir)
{
	struct sockaddr_un to, from, want;
	socklen_t tolen, fromlen;
	const char *rpath = path_in(dir, "dgram.r"), *spath = path_in(dir, "dgram.s");
	const char *cpath = path_in(dir, "dgram.c");
	char big[1000], buf[2048];
	struct msghdr mh;
	struct iovec iov;
	int r, s, u, c;
	ssize_t n;

	r = dgram_at(rpath);
	s = dgram_at(spath);
	u = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));	/* unbound sender */
	tolen = sun_of(&to, rpath);
	memset(big, 'B', sizeof(big));

	SYS(sendto(s, "a", 1, 0, (struct sockaddr *)&to, tolen));
	SYS(sendto(s, big, sizeof(big), 0, (struct sockaddr *)&to, tolen));
	SYS(sendto(s, "", 0, 0, (struct sockaddr *)&to, tolen));
	SYS(sendto(s, "cc", 2, 0, (struct sockaddr *)&to, tolen));

	fromlen = sizeof(from);
	memset(&from, 0, sizeof(from));
	n = recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
	check_eq(n, 1, "dgram: first datagram alone (1 byte)");
	check(fromlen == sun_of(&want, spath) && strcmp(from.sun_path, spath) == 0,
	    "dgram: recvfrom names the bound sender, with its length");
	n = recv(r, buf, sizeof(buf), 0);
	check_eq(n, sizeof(big), "dgram: second datagram whole (1000 bytes)");
	n = recv(r, buf, sizeof(buf), 0);
	check_eq(n, 0, "dgram: an empty datagram arrives as one of length 0");
	/* A short buffer truncates the datagram; the rest is discarded. */
	memset(&mh, 0, sizeof(mh));
	iov.iov_base = buf;
	iov.iov_len = 1;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	n = recvmsg(r, &mh, 0);
	check(n == 1 && buf[0] == 'c' && (mh.msg_flags & MSG_TRUNC),
	    "dgram: a short buffer truncates the datagram, MSG_TRUNC set");
	SYS(sendto(s, "dd", 2, 0, (struct sockaddr *)&to, tolen));
	n = recv(r, buf, sizeof(buf), 0);
	check(n == 2 && memcmp(buf, "dd", 2) == 0, "dgram: the truncated rest was discarded");
	SYS(sendto(s, "eee", 3, 0, (struct sockaddr *)&to, tolen));
	n = recv(r, buf, 1, MSG_TRUNC);
	check_eq(n, 3, "dgram: recv MSG_TRUNC returns the real length (Linux)");

	SYS(sendto(u, "u", 1, 0, (struct sockaddr *)&to, tolen));
	fromlen = sizeof(from);
	memset(&from, 0x55, sizeof(from));
	n = recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
	check_eq(n, 1, "dgram: datagram from an unbound sender");
	/* Linux gives no name at all for an unbound sender (4.2BSD gave none either). */
	check_eq(fromlen, 0, "dgram: recvfrom gives address length 0 for an unbound sender (Linux)");

	check_errno(send(u, "x", 1, 0), ENOTCONN, "dgram: send with no address on an unconnected socket: ENOTCONN");

	/* A connected datagram socket: r connected to s. */
	c = dgram_at(cpath);
	SYS(connect(r, (struct sockaddr *)&to, sun_of(&to, spath)));
	tolen = sun_of(&to, rpath);
	SYS(sendto(s, "p", 1, 0, (struct sockaddr *)&to, tolen));
	/* Linux refuses a datagram to a socket connected elsewhere: EPERM. */
	check_errno(sendto(c, "q", 1, 0, (struct sockaddr *)&to, tolen), EPERM,
	    "dgram: sendto a socket connected to another: EPERM (Linux)");
	check_errno(sendto(u, "q", 1, 0, (struct sockaddr *)&to, tolen), EPERM,
	    "dgram: from an unbound sender too: EPERM");
	n = recv(r, buf, sizeof(buf), MSG_DONTWAIT);
	check(n == 1 && buf[0] == 'p', "dgram: the connected socket receives from its peer");
	check_errno(recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
	    "dgram: and nothing from anyone else");
	SYS(write(r, "w", 1));
	n = recv(s, buf, sizeof(buf), MSG_DONTWAIT);
	check(n == 1 && buf[0] == 'w', "dgram: write on the connected socket goes to its peer");

	close(r); close(s); close(u); close(c);
	unlink(rpath); unlink(spath); unlink(cpath);
}

static void
test_seqpacket(const char *dir)
{
	const char *path = path_in(dir, "seq");
	char buf[256];
	struct msghdr mh;
	struct iovec iov;
	int l, c, a;
	ssize_t n;

	l = listen_at(path, SOCK_SEQPACKET);
	c = connect_to(path, SOCK_SEQPACKET);
	check_ok(c, "seqpacket: connect");
	a = SYS(accept(l, NULL, NULL));
	SYS(write(c, "one", 3));
	SYS(write(c, "twotwo", 6));
	SYS(write(c, "three", 5));
	n = read(a, buf, sizeof(buf));
	check(n == 3 && memcmp(buf, "one", 3) == 0, "seqpacket: first record alone");
	n = read(a, buf, sizeof(buf));
	check(n == 6 && memcmp(buf, "twotwo", 6) == 0, "seqpacket: second record alone");
	memset(&mh, 0, sizeof(mh));
	iov.iov_base = buf;
	iov.iov_len = 2;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	n = recvmsg(a, &mh, 0);
	check(n == 2 && (mh.msg_flags & MSG_TRUNC), "seqpacket: a short read truncates the record, MSG_TRUNC");
	SYS(write(a, "back", 4));
	n = read(c, buf, sizeof(buf));
	check(n == 4 && memcmp(buf, "back", 4) == 0, "seqpacket: records the other way too");
	SYS(write(c, "", 0));
	SYS(write(c, "z", 1));
	n = read(a, buf, sizeof(buf));
	check_eq(n, 0, "seqpacket: an empty record is delivered, as a read of 0");
	n = read(a, buf, sizeof(buf));
	check(n == 1 && buf[0] == 'z', "seqpacket: and the record after it follows");
	close(c);
	n = read(a, buf, sizeof(buf));
	check_eq(n, 0, "seqpacket: EOF after the peer closes");
	close(a); close(l);
	unlink(path);
}

static void
test_stream(const char *dir)
{
	const char *path = path_in(dir, "stream");
	char buf[256];
	int l, c, a;
	ssize_t n;

	l = listen_at(path, SOCK_STREAM);
	c = connect_to(path, SOCK_STREAM);
	check_ok(c, "stream: connect");
	a = SYS(accept(l, NULL, NULL));
	SYS(write(c, "abc", 3));
	SYS(write(c, "def", 3));
	SYS(write(c, "ghi", 3));
	n = read(a, buf, sizeof(buf));
	check(n == 9 && memcmp(buf, "abcdefghi", 9) == 0, "stream: three writes read back in one read");
	SYS(write(c, "0123456789", 10));
	n = read(a, buf, 4);
	check(n == 4 && memcmp(buf, "0123", 4) == 0, "stream: a short read takes part of a write");
	n = read(a, buf, sizeof(buf));
	check(n == 6 && memcmp(buf, "456789", 6) == 0, "stream: the rest stays for the next read");
	close(c); close(a); close(l);
	unlink(path);
}

int
main(int argc, char **argv)
{
	if (argc != 2)
		bail("usage: records DIR");
	t_start(30);
	test_dgram(argv[1]);
	test_seqpacket(argv[1]);
	test_stream(argv[1]);
	return t_end();
}
