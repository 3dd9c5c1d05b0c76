/*
 * recverr_errqueue: Linux's error queue on UDP sockets (ip(7) IP_RECVERR,
 * recvmsg(2) MSG_ERRQUEUE), against a closed port on 127.0.0.1:
 *   - with IP_RECVERR, the port unreachable comes back by
 *     recvmsg(MSG_ERRQUEUE): the payload sent, the destination as the
 *     name, msg_flags MSG_ERRQUEUE, and one SOL_IP/IP_RECVERR control
 *     message: ee_errno ECONNREFUSED, SO_EE_ORIGIN_ICMP, type 3 code 3,
 *     the offender 127.0.0.1; then the queue is empty (EAGAIN) and so is
 *     the socket's error;
 *   - the errno reaches a connected socket's recv too (ECONNREFUSED);
 *   - a short buffer: MSG_TRUNC; a short control buffer: MSG_CTRUNC;
 *   - turning IP_RECVERR off empties the queue;
 *   - without IP_RECVERR, a connected socket gets ECONNREFUSED once and
 *     nothing is queued;
 *   - recv(MSG_ERRQUEUE) on a TCP connection with nothing queued: EAGAIN;
 *   - (as root) a raw IPPROTO_UDP socket with IP_RECVERR that sent a UDP
 *     datagram to the closed port gets the port unreachable on its queue,
 *     the quote past its IP header (what it sent), the name with port 0.
 *   - poll reports POLLERR while an error is queued;
 *   - unconnected, the error wakes a poll, fails the next receive with
 *     ECONNREFUSED once and stays queued; a send that comes first takes it.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <linux/errqueue.h>

#include "tap.h"

static struct sockaddr_in
loop_port(int port)
{
	struct sockaddr_in s;

	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	s.sin_port = htons((unsigned short)port);
	s.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return s;
}

/* A port on 127.0.0.1 where nothing listens: bound once, then closed. */
static int
closed_port(void)
{
	struct sockaddr_in s = loop_port(0);
	socklen_t l = sizeof(s);
	int fd = SYS(socket(AF_INET, SOCK_DGRAM, 0));

	SYS(bind(fd, (struct sockaddr *)&s, sizeof(s)));
	SYS(getsockname(fd, (struct sockaddr *)&s, &l));
	close(fd);
	return ntohs(s.sin_port);
}

static int
udp_recverr(int on)
{
	int fd = SYS(socket(AF_INET, SOCK_DGRAM, 0));

	SYS(setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on)));
	return fd;
}

struct errmsg {
	ssize_t n;
	int flags;
	char data[64];
	struct sockaddr_in name;
	socklen_t namelen;
	struct sock_extended_err ee;
	struct sockaddr_in offender;
	int ncmsg;
};

/* One recvmsg(MSG_ERRQUEUE) into em with a data buffer of dlen and a control buffer of clen. */
static ssize_t
read_errq(int fd, struct errmsg *em, size_t dlen, size_t clen)
{
	char cbuf[512];
	struct iovec iov = { em->data, dlen };
	struct msghdr m;
	struct cmsghdr *c;

	memset(em, 0, sizeof(*em));
	memset(&m, 0, sizeof(m));
	m.msg_name = &em->name;
	m.msg_namelen = sizeof(em->name);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cbuf;
	m.msg_controllen = clen;
	em->n = recvmsg(fd, &m, MSG_ERRQUEUE);
	if (em->n < 0)
		return -1;
	em->flags = m.msg_flags;
	em->namelen = m.msg_namelen;
	for (c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
		em->ncmsg++;
		if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR &&
		    c->cmsg_len >= CMSG_LEN(sizeof(em->ee) + sizeof(em->offender))) {
			memcpy(&em->ee, CMSG_DATA(c), sizeof(em->ee));
			memcpy(&em->offender, SO_EE_OFFENDER((struct sock_extended_err *)CMSG_DATA(c)),
			    sizeof(em->offender));
		}
	}
	return em->n;
}

/* Waits (bounded) until the error queue yields an entry. */
static int
wait_errq(int fd, struct errmsg *em, size_t dlen, size_t clen)
{
	double end = now() + 10;

	while (now() < end) {
		if (read_errq(fd, em, dlen, clen) >= 0)
			return 0;
		if (errno != EAGAIN)
			return -1;
		msleep(10);
	}
	errno = ETIMEDOUT;
	return -1;
}

/* Waits (bounded) until a receive fails with something other than EAGAIN; that errno. */
static int
wait_recv_error(int fd)
{
	double end = now() + 10;
	char b[64];

	while (now() < end) {
		if (recv(fd, b, sizeof(b), MSG_DONTWAIT) >= 0)
			return 0;
		if (errno != EAGAIN)
			return errno;
		msleep(10);
	}
	return ETIMEDOUT;
}

static void
send_to(int fd, const char *text, int port)
{
	struct sockaddr_in to = loop_port(port);

	SYS(sendto(fd, text, strlen(text), 0, (struct sockaddr *)&to, sizeof(to)));
}

static void
errqueue_entry(void)
{
	int fd = udp_recverr(1), port = closed_port(), v = 0;
	socklen_t vl = sizeof(v);
	struct errmsg em;
	struct pollfd p;
	char b[8];

	SYS(getsockopt(fd, IPPROTO_IP, IP_RECVERR, &v, &vl));
	check_eq(v, 1, "IP_RECVERR reads back 1");
	send_to(fd, "hello", port);
	/* Poll until the error is there (bounded: on uipc, a known gap, it never is). */
	{
		double end = now() + 3;

		p = (struct pollfd){ fd, POLLIN, 0 };
		while (now() < end && poll(&p, 1, 100) == 0)
			;
	}
	check(p.revents & POLLERR, "poll reports POLLERR while an error is queued (revents %#x)", p.revents);
	if (wait_errq(fd, &em, sizeof(em.data), 512) < 0) {
		check(0, "recvmsg(MSG_ERRQUEUE) returns the port unreachable (%s)", strerror(errno));
		close(fd);
		return;
	}
	check(em.n == 5 && memcmp(em.data, "hello", 5) == 0,
	    "MSG_ERRQUEUE: the data is the payload sent (%zd bytes)", em.n);
	check(em.flags & MSG_ERRQUEUE, "msg_flags has MSG_ERRQUEUE (%#x)", em.flags);
	check(em.namelen == sizeof(em.name) && ntohl(em.name.sin_addr.s_addr) == INADDR_LOOPBACK &&
	    ntohs(em.name.sin_port) == port, "the name is the datagram's destination (%s:%d)",
	    inet_ntoa(em.name.sin_addr), ntohs(em.name.sin_port));
	check_eq(em.ncmsg, 1, "one control message");
	check_eq(em.ee.ee_errno, ECONNREFUSED, "ee_errno ECONNREFUSED");
	check_eq(em.ee.ee_origin, SO_EE_ORIGIN_ICMP, "ee_origin SO_EE_ORIGIN_ICMP");
	check(em.ee.ee_type == 3 && em.ee.ee_code == 3, "ee_type 3 ee_code 3 (port unreachable): %d %d",
	    em.ee.ee_type, em.ee.ee_code);
	check(em.offender.sin_family == AF_INET && ntohl(em.offender.sin_addr.s_addr) == INADDR_LOOPBACK,
	    "SO_EE_OFFENDER is 127.0.0.1 (%s)", inet_ntoa(em.offender.sin_addr));
	check_errno(read_errq(fd, &em, sizeof(em.data), 512), EAGAIN, "then the queue is empty: EAGAIN");
	check_errno(recv(fd, b, sizeof(b), MSG_DONTWAIT), EAGAIN,
	    "and the socket's error went with the entry: recv EAGAIN");
	close(fd);
}

static void
truncation_and_off(void)
{
	int fd = udp_recverr(1), port = closed_port(), off = 0;
	struct sockaddr_in to;
	struct errmsg em;

	send_to(fd, "0123456789", port);
	check_eq(wait_errq(fd, &em, 4, 512), 0, "a second port unreachable queued");
	check_eq(em.n, 4, "a 4-byte buffer takes 4 bytes of the payload");
	check(em.flags & MSG_TRUNC, "MSG_TRUNC set (%#x)", em.flags);
	check(!(em.flags & MSG_CTRUNC), "MSG_CTRUNC not set");

	send_to(fd, "again", port);
	check_eq(wait_errq(fd, &em, sizeof(em.data), sizeof(struct cmsghdr)), 0,
	    "a third, read with a control buffer of only a cmsghdr");
	check_eq(em.n, 5, "its payload whole");
	check(em.flags & MSG_CTRUNC, "MSG_CTRUNC set (%#x)", em.flags);
	close(fd);

	/* Connected, the errno comes to recv too: a sign the entry is queued. */
	fd = udp_recverr(1);
	to = loop_port(port);
	SYS(connect(fd, (struct sockaddr *)&to, sizeof(to)));
	SYS(send(fd, "off", 3, 0));
	check_eq(wait_recv_error(fd), ECONNREFUSED,
	    "IP_RECVERR on a connected socket: recv fails with ECONNREFUSED");
	SYS(setsockopt(fd, IPPROTO_IP, IP_RECVERR, &off, sizeof(off)));
	check_errno(read_errq(fd, &em, sizeof(em.data), 512), EAGAIN,
	    "turning IP_RECVERR off empties the queue");
	close(fd);
}

/*
 * An unconnected socket with IP_RECVERR: Linux's __udp4_lib_err makes the
 * error the socket's (sk_err) as well as queuing it, connected or not, so
 * a poll wakes (POLLERR on Linux; POLLIN on uipc, docs/DIFFERENCES.md),
 * the next receive fails with ECONNREFUSED once, and the entry is still
 * there for MSG_ERRQUEUE.  Had a send come first, the send would have
 * taken the error, and the receive finds nothing (libuv's
 * udp_send_unreachable counts on it).
 */
static void
unconnected_error(void)
{
	int fd = udp_recverr(1), port = closed_port(), rfd, n;
	struct sockaddr_in from, rto = loop_port(0);
	socklen_t fl = sizeof(from), rl = sizeof(rto);
	struct pollfd p = { fd, POLLIN, 0 };
	struct errmsg em;
	char b[8];

	send_to(fd, "lost", port);
	n = poll(&p, 1, 10000);
	check(n == 1 && (p.revents & (POLLIN | POLLERR)),
	    "unconnected: poll wakes within 10 s once the port unreachable came (%d, revents %#x)",
	    n, p.revents);
	check_errno(recvfrom(fd, b, sizeof(b), MSG_DONTWAIT, (struct sockaddr *)&from, &fl),
	    ECONNREFUSED, "unconnected: recvfrom fails with ECONNREFUSED");
	check_errno(recv(fd, b, sizeof(b), MSG_DONTWAIT), EAGAIN, "unconnected: once, then EAGAIN");
	check(read_errq(fd, &em, sizeof(em.data), 512) == 4 && em.ee.ee_errno == ECONNREFUSED &&
	    memcmp(em.data, "lost", 4) == 0,
	    "unconnected: MSG_ERRQUEUE still reads the entry (its payload and ECONNREFUSED)");
	check_errno(read_errq(fd, &em, sizeof(em.data), 512), EAGAIN, "unconnected: then the queue is empty");

	/* A send first takes the error: the receive then has nothing to say. */
	rfd = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	SYS(bind(rfd, (struct sockaddr *)&rto, sizeof(rto)));
	SYS(getsockname(rfd, (struct sockaddr *)&rto, &rl));
	send_to(fd, "lost", port);
	p = (struct pollfd){ fd, POLLIN, 0 };
	n = poll(&p, 1, 10000);
	check(n == 1, "unconnected: poll wakes for a second port unreachable (revents %#x)", p.revents);
	check_errno(sendto(fd, "x", 1, 0, (struct sockaddr *)&rto, sizeof(rto)), ECONNREFUSED,
	    "unconnected: a send comes first and takes the error (ECONNREFUSED)");
	check_errno(recv(fd, b, sizeof(b), MSG_DONTWAIT), EAGAIN,
	    "unconnected: the receive after it finds no error: EAGAIN");
	check_eq(read_errq(fd, &em, sizeof(em.data), 512), 4, "unconnected: the entry is still queued");
	close(rfd);
	close(fd);
}

static void
without_recverr(void)
{
	int fd = udp_recverr(0), port = closed_port();
	struct sockaddr_in to = loop_port(port);
	struct errmsg em;
	char b[8];

	SYS(connect(fd, (struct sockaddr *)&to, sizeof(to)));
	SYS(send(fd, "x", 1, 0));
	check_eq(wait_recv_error(fd), ECONNREFUSED, "without IP_RECVERR: a connected socket gets ECONNREFUSED");
	check_errno(recv(fd, b, sizeof(b), MSG_DONTWAIT), EAGAIN, "once");
	check_errno(read_errq(fd, &em, sizeof(em.data), 512), EAGAIN, "and nothing was queued");
	close(fd);
}

static void
tcp_errqueue(void)
{
	struct sockaddr_in s = loop_port(0);
	socklen_t l = sizeof(s);
	int ls = SYS(socket(AF_INET, SOCK_STREAM, 0)), c = SYS(socket(AF_INET, SOCK_STREAM, 0)), a;
	char b[8];

	SYS(bind(ls, (struct sockaddr *)&s, sizeof(s)));
	SYS(listen(ls, 1));
	SYS(getsockname(ls, (struct sockaddr *)&s, &l));
	SYS(connect(c, (struct sockaddr *)&s, sizeof(s)));
	a = SYS(accept(ls, NULL, NULL));
	SYS(write(a, "data", 4));
	check_errno(recv(c, b, sizeof(b), MSG_ERRQUEUE), EAGAIN,
	    "TCP: recv(MSG_ERRQUEUE) with nothing queued: EAGAIN, not the data");
	check_eq(read_full(c, b, 4), 4, "TCP: the data is still there");
	close(a), close(c), close(ls);
}

static void
raw_errqueue(void)
{
	int fd, on = 1, port;
	struct sockaddr_in to;
	unsigned char dg[8 + 3] = { 0 };
	struct errmsg em;

	if (geteuid() != 0) {
		printf("ok # SKIP not root: raw socket with IP_RECVERR\n");
		return;
	}
	port = closed_port();
	fd = SYS(socket(AF_INET, SOCK_RAW, IPPROTO_UDP));
	SYS(setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on)));
	/* A UDP datagram built by hand: ports, length, no checksum, "raw". */
	dg[0] = 0x30, dg[1] = 0x39;			/* source port 12345 */
	dg[2] = (unsigned char)(port >> 8), dg[3] = (unsigned char)port;
	dg[5] = sizeof(dg);
	memcpy(dg + 8, "raw", 3);
	to = loop_port(0);
	SYS(sendto(fd, dg, sizeof(dg), 0, (struct sockaddr *)&to, sizeof(to)));
	if (wait_errq(fd, &em, sizeof(em.data), 512) < 0) {
		check(0, "raw: recvmsg(MSG_ERRQUEUE) returns the port unreachable (%s)", strerror(errno));
		close(fd);
		return;
	}
	check(em.ee.ee_errno == ECONNREFUSED && em.ee.ee_origin == SO_EE_ORIGIN_ICMP &&
	    em.ee.ee_type == 3 && em.ee.ee_code == 3,
	    "raw: the port unreachable as a sock_extended_err (%d %d %d %d)",
	    em.ee.ee_errno, em.ee.ee_origin, em.ee.ee_type, em.ee.ee_code);
	check(em.n == (ssize_t)sizeof(dg) && memcmp(em.data, dg, sizeof(dg)) == 0,
	    "raw: the data is the quote past its IP header, the datagram sent (%zd bytes)", em.n);
	check(ntohl(em.name.sin_addr.s_addr) == INADDR_LOOPBACK && em.name.sin_port == 0,
	    "raw: the name is the destination, port 0");
	close(fd);
}

int
main(void)
{
	t_start(50);
	errqueue_entry();
	truncation_and_off();
	unconnected_error();
	without_recverr();
	tcp_errqueue();
	raw_errqueue();
	return t_end();
}
