/*
 * badargs: every socket call given bad arguments, on each kind of socket
 * (UNIX stream and datagram, TCP, UDP), asserting the Linux kernel's errno.
 * Bad pointers are (void *)1, a PROT_NONE page, and a buffer that runs
 * into a PROT_NONE page; a bad pointer must give EFAULT (or the kernel's
 * earlier errno), never a crash: the program dying fails its test.
 *
 *   badargs DIR     DIR: a directory for the UNIX-domain names
 *
 * Every line's expectation is what the kernel answers (UIPC_NATIVE=1 runs
 * the program there); data a call needs (to reach its copy-out) is sent
 * and waited for first, so no answer depends on timing.
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/uio.h>

#include "tap.h"

/* (void *)1, through a volatile so the compiler cannot see it is bad */
static void *volatile bad1;
#define BAD	bad1

static char *none;		/* a PROT_NONE page */
static const char *dir;		/* for UNIX-domain names */
static const char *kname;	/* the kind of socket being tried */

enum kind { USTREAM, UDGRAM, TCP, UDP, NKIND };
static const char *kinds[] = { "unix stream", "unix dgram", "tcp", "udp" };

struct kit {
	int a, b;		/* connected: a is tried, b feeds it */
	int lis;		/* a listener (streams) or -1 */
	struct sockaddr_storage name;	/* lis's (streams) or a's name */
	socklen_t namelen;
};

#define E(rc, want, fmt, ...) check_errno(rc, want, "%s: " fmt ": errno %s", kname, ##__VA_ARGS__, #want)

static int
fresh(enum kind k)
{
	int t = (k == USTREAM || k == TCP) ? SOCK_STREAM : SOCK_DGRAM;

	return socket((k == USTREAM || k == UDGRAM) ? AF_UNIX : AF_INET, t, 0);
}

static void
mkkit(enum kind k, const char *dir, struct kit *kt)
{
	struct sockaddr_un un;
	struct sockaddr_in in;
	socklen_t l;

	memset(kt, 0, sizeof(*kt));
	kt->lis = -1;
	if (k == USTREAM || k == UDGRAM) {
		memset(&un, 0, sizeof(un));
		un.sun_family = AF_UNIX;
		snprintf(un.sun_path, sizeof(un.sun_path), "%s/badargs%d", dir, (int)k);
		memcpy(&kt->name, &un, sizeof(un));
		kt->namelen = sizeof(un);
	} else {
		memset(&in, 0, sizeof(in));
		in.sin_family = AF_INET;
		in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		memcpy(&kt->name, &in, sizeof(in));
		kt->namelen = sizeof(in);
	}
	if (k == USTREAM || k == TCP) {
		kt->lis = fresh(k);
		if (bind(kt->lis, (struct sockaddr *)&kt->name, kt->namelen) < 0 || listen(kt->lis, 8) < 0) {
			perror("listener");
			exit(2);
		}
		l = sizeof(kt->name);
		getsockname(kt->lis, (struct sockaddr *)&kt->name, &l);
		kt->namelen = l;
		kt->b = fresh(k);
		if (connect(kt->b, (struct sockaddr *)&kt->name, kt->namelen) < 0 ||
		    (kt->a = accept(kt->lis, NULL, NULL)) < 0) {
			perror("connect");
			exit(2);
		}
	} else {
		kt->a = fresh(k);
		kt->b = fresh(k);
		if (bind(kt->a, (struct sockaddr *)&kt->name, kt->namelen) < 0) {
			perror("bind");
			exit(2);
		}
		l = sizeof(kt->name);
		getsockname(kt->a, (struct sockaddr *)&kt->name, &l);
		kt->namelen = l;
		if (connect(kt->b, (struct sockaddr *)&kt->name, kt->namelen) < 0) {
			perror("connect");
			exit(2);
		}
		if (k == UDP) {
			struct sockaddr_storage bn;

			l = sizeof(bn);
			getsockname(kt->b, (struct sockaddr *)&bn, &l);
			connect(kt->a, (struct sockaddr *)&bn, l);
		}
	}
}

/* a: nothing unread, then one byte waiting (message sockets: one message). */
static void
prime(struct kit *kt)
{
	struct pollfd p = { kt->a, POLLIN, 0 };
	char c;

	while (recv(kt->a, &c, 1, MSG_DONTWAIT) > 0)
		;
	if (send(kt->b, "x", 1, 0) != 1 || poll(&p, 1, 10000) != 1) {
		perror("prime");
		exit(2);
	}
}

static void
addresses(enum kind k, struct kit *kt)
{
	struct sockaddr_storage ss;
	socklen_t l, neg = (socklen_t)-1;
	int s;

	s = fresh(k);
	E(bind(s, BAD, kt->namelen), EFAULT, "bind((void *)1)");
	E(bind(s, (void *)none, kt->namelen), EFAULT, "bind(PROT_NONE)");
	E(bind(s, (void *)(none - 4), kt->namelen), EFAULT, "bind(runs into PROT_NONE)");
	E(bind(s, (struct sockaddr *)&kt->name, sizeof(ss) + 1), EINVAL, "bind(len sizeof(storage)+1)");
	E(bind(s, (struct sockaddr *)&kt->name, neg), EINVAL, "bind(len -1)");
	E(connect(s, BAD, kt->namelen), EFAULT, "connect((void *)1)");
	E(connect(s, (void *)none, kt->namelen), EFAULT, "connect(PROT_NONE)");
	E(connect(s, (struct sockaddr *)&kt->name, sizeof(ss) + 1), EINVAL, "connect(len sizeof(storage)+1)");
	E(connect(s, (struct sockaddr *)&kt->name, neg), EINVAL, "connect(len -1)");
	close(s);

	/*
	 * A name of the other family (docs/DIFFERENCES.md, the errno table):
	 * an Internet socket refuses an AF_UNIX name with EAFNOSUPPORT
	 * (inet_bind, tcp_v4_connect, udp_sendmsg) and makes no node for it;
	 * a UNIX-domain socket refuses an AF_INET one with EINVAL.
	 */
	s = fresh(k);
	if (k == TCP || k == UDP) {
		struct sockaddr_un un;
		char path[200];

		snprintf(path, sizeof(path), "%s/other-family", dir);
		sun_of(&un, path);
		E(bind(s, (struct sockaddr *)&un, sizeof(un)), EAFNOSUPPORT, "bind(an AF_UNIX name)");
		check(access(path, F_OK) == -1 && errno == ENOENT,
		    "%s: bind(an AF_UNIX name) made no node in the file system", kname);
		E(connect(s, (struct sockaddr *)&un, sizeof(un)), EAFNOSUPPORT, "connect(an AF_UNIX name)");
		if (k == UDP) {
			E(sendto(s, "x", 1, 0, (struct sockaddr *)&un, sizeof(un)), EAFNOSUPPORT,
			    "sendto(an AF_UNIX name)");
			/* A name that is a file: still the family's error, not the UNIX domain's. */
			close(open(path, O_CREAT | O_WRONLY, 0644));
			E(sendto(s, "x", 1, 0, (struct sockaddr *)&un, sizeof(un)), EAFNOSUPPORT,
			    "sendto(an AF_UNIX name of a file)");
			unlink(path);
		}
	} else {
		struct sockaddr_in in = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

		E(bind(s, (struct sockaddr *)&in, sizeof(in)), EINVAL, "bind(an AF_INET name)");
		E(connect(s, (struct sockaddr *)&in, sizeof(in)), EINVAL, "connect(an AF_INET name)");
		if (k == UDGRAM)
			E(sendto(s, "x", 1, 0, (struct sockaddr *)&in, sizeof(in)), EINVAL,
			    "sendto(an AF_INET name)");
	}
	close(s);

	l = sizeof(ss);
	E(getsockname(kt->a, BAD, &l), EFAULT, "getsockname((void *)1, &len)");
	l = sizeof(ss);
	E(getsockname(kt->a, (void *)none, &l), EFAULT, "getsockname(PROT_NONE, &len)");
	E(getsockname(kt->a, (struct sockaddr *)&ss, BAD), EFAULT, "getsockname(&ss, (socklen_t *)1)");
	E(getsockname(kt->a, (struct sockaddr *)&ss, (socklen_t *)none), EFAULT, "getsockname(&ss, PROT_NONE len)");
	E(getsockname(kt->a, (struct sockaddr *)&ss, (socklen_t *)(none - 2)), EFAULT,
	    "getsockname(&ss, len running into PROT_NONE)");
	E(getsockname(kt->a, (struct sockaddr *)&ss, NULL), EFAULT, "getsockname(&ss, NULL)");
	l = neg;
	E(getsockname(kt->a, (struct sockaddr *)&ss, &l), EINVAL, "getsockname(len -1)");
	l = 0;
	check(getsockname(kt->a, NULL, &l) == 0, "%s: getsockname(NULL, len 0): succeeds", kname);
	l = sizeof(ss);
	E(getpeername(kt->b, BAD, &l), EFAULT, "getpeername((void *)1, &len)");
	E(getpeername(kt->b, (struct sockaddr *)&ss, BAD), EFAULT, "getpeername(&ss, (socklen_t *)1)");
	l = neg;
	E(getpeername(kt->b, (struct sockaddr *)&ss, &l), EINVAL, "getpeername(len -1)");
}

static void
options(enum kind k, struct kit *kt)
{
	socklen_t l, neg = (socklen_t)-1;
	int v = 1;

	E(setsockopt(kt->a, SOL_SOCKET, SO_RCVBUF, BAD, sizeof(int)), EFAULT, "setsockopt(SO_RCVBUF, (void *)1)");
	E(setsockopt(kt->a, SOL_SOCKET, SO_RCVBUF, none, sizeof(int)), EFAULT, "setsockopt(SO_RCVBUF, PROT_NONE)");
	E(setsockopt(kt->a, SOL_SOCKET, SO_RCVBUF, none - 2, sizeof(int)), EFAULT,
	    "setsockopt(SO_RCVBUF, value running into PROT_NONE)");
	E(setsockopt(kt->a, SOL_SOCKET, SO_RCVBUF, &v, neg), EINVAL, "setsockopt(SO_RCVBUF, len -1)");
	E(setsockopt(kt->a, SOL_SOCKET, SO_RCVBUF, &v, 2), EINVAL, "setsockopt(SO_RCVBUF, len 2)");
	/* The kernel reads only what the option takes: the rest may be long, or unreadable. */
	memcpy(none - sizeof(int), &v, sizeof(int));
	check(setsockopt(kt->a, SOL_SOCKET, SO_RCVBUF, none - sizeof(int), 100) == 0,
	    "%s: setsockopt(SO_RCVBUF, len 100 running into PROT_NONE after the int): succeeds", kname);
	{
		static int big[1000];

		big[0] = 4096;
		check(setsockopt(kt->a, SOL_SOCKET, SO_RCVBUF, big, sizeof(big)) == 0,
		    "%s: setsockopt(SO_RCVBUF, len 4000): succeeds", kname);
	}
	E(setsockopt(kt->a, SOL_SOCKET, SO_LINGER, BAD, sizeof(struct linger)), EFAULT,
	    "setsockopt(SO_LINGER, (void *)1)");
	E(setsockopt(kt->a, SOL_SOCKET, SO_RCVTIMEO, BAD, sizeof(struct timeval)), EFAULT,
	    "setsockopt(SO_RCVTIMEO, (void *)1)");
	E(setsockopt(kt->a, SOL_SOCKET, SO_OOBINLINE, BAD, sizeof(int)), EFAULT,
	    "setsockopt(SO_OOBINLINE, (void *)1)");
	E(setsockopt(kt->a, SOL_SOCKET, 12345, &v, sizeof(v)), ENOPROTOOPT, "setsockopt(SOL_SOCKET, 12345)");

	l = sizeof(v);
	E(getsockopt(kt->a, SOL_SOCKET, SO_TYPE, BAD, &l), EFAULT, "getsockopt(SO_TYPE, (void *)1, &len)");
	l = sizeof(v);
	E(getsockopt(kt->a, SOL_SOCKET, SO_TYPE, none, &l), EFAULT, "getsockopt(SO_TYPE, PROT_NONE, &len)");
	l = sizeof(v);
	E(getsockopt(kt->a, SOL_SOCKET, SO_TYPE, none - 2, &l), EFAULT,
	    "getsockopt(SO_TYPE, value running into PROT_NONE)");
	E(getsockopt(kt->a, SOL_SOCKET, SO_TYPE, &v, BAD), EFAULT, "getsockopt(SO_TYPE, &v, (socklen_t *)1)");
	E(getsockopt(kt->a, SOL_SOCKET, SO_TYPE, &v, (socklen_t *)none), EFAULT,
	    "getsockopt(SO_TYPE, &v, PROT_NONE len)");
	E(getsockopt(kt->a, SOL_SOCKET, SO_TYPE, &v, NULL), EFAULT, "getsockopt(SO_TYPE, &v, NULL)");
	l = neg;
	E(getsockopt(kt->a, SOL_SOCKET, SO_TYPE, &v, &l), EINVAL, "getsockopt(SO_TYPE, len -1)");
	l = sizeof(v);
	E(getsockopt(kt->a, SOL_SOCKET, SO_OOBINLINE, BAD, &l), EFAULT, "getsockopt(SO_OOBINLINE, (void *)1)");
	l = sizeof(v);
	E(getsockopt(kt->a, SOL_SOCKET, 12345, &v, &l), ENOPROTOOPT, "getsockopt(SOL_SOCKET, 12345)");
	/*
	 * A level the socket has no options at: setting is ENOPROTOOPT on an
	 * Internet socket (ip_setsockopt), EOPNOTSUPP on a UNIX one; getting
	 * is EOPNOTSUPP on both.
	 */
	l = sizeof(v);
	if (k == TCP || k == UDP)
		E(setsockopt(kt->a, 9999, 1, &v, sizeof(v)), ENOPROTOOPT, "setsockopt(level 9999)");
	else
		E(setsockopt(kt->a, 9999, 1, &v, sizeof(v)), EOPNOTSUPP, "setsockopt(level 9999)");
	E(getsockopt(kt->a, 9999, 1, &v, &l), EOPNOTSUPP, "getsockopt(level 9999)");
	if (k == TCP) {
		l = sizeof(v);
		E(getsockopt(kt->a, IPPROTO_TCP, TCP_NODELAY, &v, BAD), EFAULT,
		    "getsockopt(TCP_NODELAY, &v, (socklen_t *)1)");
		E(setsockopt(kt->a, IPPROTO_TCP, TCP_NODELAY, BAD, sizeof(int)), EFAULT,
		    "setsockopt(TCP_NODELAY, (void *)1)");
	}
}

static void
sends(enum kind k, struct kit *kt)
{
	struct iovec iov = { "x", 1 }, biov = { BAD, 1 };
	struct msghdr m;
	struct mmsghdr mm;
	char cb[CMSG_SPACE(sizeof(int))];

	E(send(kt->a, BAD, 1, MSG_DONTWAIT), EFAULT, "send((void *)1)");
	E(send(kt->a, none, 16, MSG_DONTWAIT), EFAULT, "send(PROT_NONE)");
	E(write(kt->a, BAD, 1), EFAULT, "write((void *)1)");
	E(sendto(kt->a, BAD, 1, MSG_DONTWAIT, NULL, 0), EFAULT, "sendto((void *)1, no address)");
	if (k == UDP || k == UDGRAM) {
		E(sendto(kt->b, "x", 1, 0, BAD, kt->namelen), EFAULT, "sendto(to (void *)1)");
		E(sendto(kt->b, "x", 1, 0, (void *)none, kt->namelen), EFAULT, "sendto(to PROT_NONE)");
		E(sendto(kt->b, "x", 1, 0, (struct sockaddr *)&kt->name, sizeof(struct sockaddr_storage) + 1),
		    EINVAL, "sendto(tolen sizeof(storage)+1)");
		E(sendto(kt->b, "x", 1, 0, (struct sockaddr *)&kt->name, (socklen_t)-1), EINVAL,
		    "sendto(tolen -1)");
	}
	E(sendmsg(kt->a, BAD, MSG_DONTWAIT), EFAULT, "sendmsg((struct msghdr *)1)");
	E(sendmsg(kt->a, (void *)none, MSG_DONTWAIT), EFAULT, "sendmsg(PROT_NONE msghdr)");
	E(sendmsg(kt->a, (void *)(none - 8), MSG_DONTWAIT), EFAULT, "sendmsg(msghdr running into PROT_NONE)");
	memset(&m, 0, sizeof(m));
	m.msg_iov = BAD;
	m.msg_iovlen = 1;
	E(sendmsg(kt->a, &m, MSG_DONTWAIT), EFAULT, "sendmsg(msg_iov (void *)1)");
	m.msg_iov = (void *)none;
	E(sendmsg(kt->a, &m, MSG_DONTWAIT), EFAULT, "sendmsg(msg_iov PROT_NONE)");
	m.msg_iov = &biov;
	E(sendmsg(kt->a, &m, MSG_DONTWAIT), EFAULT, "sendmsg(iov_base (void *)1)");
	m.msg_iov = &iov;
	m.msg_iovlen = 2000;
	E(sendmsg(kt->a, &m, MSG_DONTWAIT), EMSGSIZE, "sendmsg(msg_iovlen 2000)");
	m.msg_iovlen = 1;
	m.msg_control = BAD;
	m.msg_controllen = sizeof(cb);
	E(sendmsg(kt->a, &m, MSG_DONTWAIT), EFAULT, "sendmsg(msg_control (void *)1)");
	m.msg_control = none;
	E(sendmsg(kt->a, &m, MSG_DONTWAIT), EFAULT, "sendmsg(msg_control PROT_NONE)");
	m.msg_control = NULL;
	m.msg_controllen = 0;
	if (k == UDP || k == UDGRAM) {
		m.msg_name = BAD;
		m.msg_namelen = kt->namelen;
		E(sendmsg(kt->b, &m, MSG_DONTWAIT), EFAULT, "sendmsg(msg_name (void *)1)");
		m.msg_name = &kt->name;
		m.msg_namelen = (socklen_t)-1;
		E(sendmsg(kt->b, &m, MSG_DONTWAIT), EINVAL, "sendmsg(msg_namelen -1)");
		m.msg_namelen = sizeof(struct sockaddr_storage) + 1;
		if (k == UDP)	/* sendmsg takes the first sizeof(storage) bytes */
			check(sendmsg(kt->b, &m, MSG_DONTWAIT) == 1, "%s: sendmsg(msg_namelen sizeof(storage)+1): sent",
			    kname);
		else
			E(sendmsg(kt->b, &m, MSG_DONTWAIT), EINVAL, "sendmsg(msg_namelen sizeof(storage)+1)");
	}
	{
		int f = open("/proc/self/exe", O_RDONLY);

		E(sendfile(kt->a, f, BAD, 1), EFAULT, "sendfile(offset (off_t *)1)");
		close(f);
	}
	if (k == UDP || k == UDGRAM) {	/* a message in many pieces, one of them bad */
		static struct iovec many[100];
		int i;

		for (i = 0; i < 100; i++)
			many[i] = (struct iovec){ "x", 1 };
		memset(&m, 0, sizeof(m));
		m.msg_iov = many;
		m.msg_iovlen = 100;
		check(sendmsg(kt->b, &m, MSG_DONTWAIT) == 100, "%s: sendmsg(100 iovecs): sent whole", kname);
		many[99].iov_base = none;
		E(sendmsg(kt->b, &m, MSG_DONTWAIT), EFAULT, "sendmsg(100 iovecs, the last PROT_NONE)");
		many[99].iov_base = "x";
		many[5].iov_base = BAD;
		E(sendmsg(kt->b, &m, MSG_DONTWAIT), EFAULT, "sendmsg(100 iovecs, one (void *)1)");
	}
	E(sendmmsg(kt->a, BAD, 1, MSG_DONTWAIT), EFAULT, "sendmmsg((struct mmsghdr *)1)");
	memset(&mm, 0, sizeof(mm));
	mm.msg_hdr.msg_iov = BAD;
	mm.msg_hdr.msg_iovlen = 1;
	E(sendmmsg(kt->a, &mm, 1, MSG_DONTWAIT), EFAULT, "sendmmsg(msg_iov (void *)1)");
}

static void
recvs(enum kind k, struct kit *kt)
{
	struct sockaddr_storage ss;
	struct iovec biov = { BAD, 16 };
	struct msghdr m;
	struct mmsghdr mm;
	socklen_t l, neg = (socklen_t)-1;
	char buf[16];

	prime(kt);
	E(recv(kt->a, BAD, 16, MSG_DONTWAIT), EFAULT, "recv((void *)1)");
	prime(kt);
	E(recv(kt->a, none, 16, MSG_DONTWAIT), EFAULT, "recv(PROT_NONE)");
	prime(kt);
	E(read(kt->a, BAD, 16), EFAULT, "read((void *)1)");
	prime(kt);
	E(recvfrom(kt->a, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&ss, BAD), EFAULT,
	    "recvfrom(&ss, (socklen_t *)1)");
	prime(kt);
	E(recvfrom(kt->a, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&ss, (socklen_t *)none), EFAULT,
	    "recvfrom(&ss, PROT_NONE len)");
	prime(kt);
	E(recvfrom(kt->a, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&ss, NULL), EFAULT,
	    "recvfrom(&ss, NULL len)");
	prime(kt);
	l = neg;
	E(recvfrom(kt->a, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&ss, &l), EINVAL,
	    "recvfrom(len -1)");
	prime(kt);
	l = sizeof(ss);
	if (k != UDP)	/* no sender's name (a stream, an unbound sender): nothing written there */
		check(recvfrom(kt->a, buf, sizeof(buf), MSG_DONTWAIT, BAD, &l) == 1 && l == 0,
		    "%s: recvfrom((void *)1, &len): 1 byte, len 0", kname);
	else
		E(recvfrom(kt->a, buf, sizeof(buf), MSG_DONTWAIT, BAD, &l), EFAULT,
		    "recvfrom((void *)1, &len)");

	E(recvmsg(kt->a, BAD, MSG_DONTWAIT), EFAULT, "recvmsg((struct msghdr *)1)");
	E(recvmsg(kt->a, (void *)none, MSG_DONTWAIT), EFAULT, "recvmsg(PROT_NONE msghdr)");
	E(recvmsg(kt->a, (void *)(none - 8), MSG_DONTWAIT), EFAULT, "recvmsg(msghdr running into PROT_NONE)");
	memset(&m, 0, sizeof(m));
	m.msg_iov = BAD;
	m.msg_iovlen = 1;
	E(recvmsg(kt->a, &m, MSG_DONTWAIT), EFAULT, "recvmsg(msg_iov (void *)1)");
	m.msg_iov = (void *)none;
	E(recvmsg(kt->a, &m, MSG_DONTWAIT), EFAULT, "recvmsg(msg_iov PROT_NONE)");
	m.msg_iovlen = 2000;
	E(recvmsg(kt->a, &m, MSG_DONTWAIT), EMSGSIZE, "recvmsg(msg_iovlen 2000)");
	prime(kt);
	m.msg_iov = &biov;
	m.msg_iovlen = 1;
	E(recvmsg(kt->a, &m, MSG_DONTWAIT), EFAULT, "recvmsg(iov_base (void *)1)");
	if (k == UDGRAM || k == UDP) {	/* UIO_MAXIOV iovecs are allowed */
		static struct iovec many[1024];
		int i;

		for (i = 0; i < 1024; i++)
			many[i] = (struct iovec){ buf, 1 };
		prime(kt);
		m.msg_iov = many;
		m.msg_iovlen = 1024;
		check(recvmsg(kt->a, &m, MSG_DONTWAIT) == 1, "%s: recvmsg(msg_iovlen 1024): the message", kname);
		/* A message of 1024 bytes, one to each iovec: every one gets its own byte. */
		{
			static unsigned char src[1024], dst[1024];
			struct pollfd p = { kt->a, POLLIN, 0 };
			int r;

			for (i = 0; i < 1024; i++) {
				src[i] = (unsigned char)(i * 7 + 1);
				many[i] = (struct iovec){ dst + i, 1 };
			}
			if (send(kt->b, src, sizeof(src), 0) != (ssize_t)sizeof(src) || poll(&p, 1, 10000) != 1) {
				perror("send of 1024 bytes");
				exit(2);
			}
			memset(dst, 0, sizeof(dst));
			r = (int)recvmsg(kt->a, &m, MSG_DONTWAIT);
			check(r == 1024 && memcmp(src, dst, sizeof(dst)) == 0,
			    "%s: recvmsg(msg_iovlen 1024) of 1024 bytes: each iovec its byte, the last ones too (%d)", kname, r);
			if (send(kt->b, src, sizeof(src), 0) != (ssize_t)sizeof(src) || poll(&p, 1, 10000) != 1) {
				perror("send of 1024 bytes");
				exit(2);
			}
			memset(dst, 0, sizeof(dst));
			r = (int)readv(kt->a, many, 1024);
			check(r == 1024 && memcmp(src, dst, sizeof(dst)) == 0,
			    "%s: readv(1024 iovecs) of 1024 bytes: each iovec its byte (%d)", kname, r);
		}
	}
	E(recvmmsg(kt->a, BAD, 1, MSG_DONTWAIT, NULL), EFAULT, "recvmmsg((struct mmsghdr *)1)");
	prime(kt);
	memset(&mm, 0, sizeof(mm));
	mm.msg_hdr.msg_iov = &biov;
	mm.msg_hdr.msg_iovlen = 1;
	E(recvmmsg(kt->a, &mm, 1, MSG_DONTWAIT, NULL), EFAULT, "recvmmsg(iov_base (void *)1)");
	prime(kt);
	if (k == TCP || k == UDP) {	/* an empty error queue */
		E(recv(kt->a, buf, sizeof(buf), MSG_ERRQUEUE | MSG_DONTWAIT), EAGAIN, "recv(MSG_ERRQUEUE)");
		m.msg_iov = &biov;
		m.msg_iovlen = 1;
		biov.iov_base = buf;
		E(recvmsg(kt->a, &m, MSG_ERRQUEUE | MSG_DONTWAIT), EAGAIN, "recvmsg(MSG_ERRQUEUE)");
	} else	/* the UNIX domain ignores the flag */
		check(recv(kt->a, buf, sizeof(buf), MSG_ERRQUEUE | MSG_DONTWAIT) == 1,
		    "%s: recv(MSG_ERRQUEUE): the byte waiting", kname);
}

static void
others(enum kind k, struct kit *kt)
{
	struct sockaddr_storage ss;
	struct pollfd p;
	socklen_t l;
	int c, n;

	prime(kt);
	E(ioctl(kt->a, FIONREAD, BAD), EFAULT, "ioctl(FIONREAD, (int *)1)");
	E(ioctl(kt->a, FIONREAD, none), EFAULT, "ioctl(FIONREAD, PROT_NONE)");
	if (k == TCP)
		E(ioctl(kt->a, SIOCATMARK, BAD), EFAULT, "ioctl(SIOCATMARK, (int *)1)");
	E(shutdown(kt->a, 7), EINVAL, "shutdown(how 7)");
	E(shutdown(kt->a, -1), EINVAL, "shutdown(how -1)");
	E(ioctl(kt->a, SIOCGIFCONF, BAD), EFAULT, "ioctl(SIOCGIFCONF, (struct ifconf *)1)");
	E(ioctl(kt->a, SIOCGIFFLAGS, BAD), EFAULT, "ioctl(SIOCGIFFLAGS, (struct ifreq *)1)");
	{
		struct ifconf ifc = { .ifc_len = 4096, .ifc_buf = BAD };

		E(ioctl(kt->a, SIOCGIFCONF, &ifc), EFAULT, "ioctl(SIOCGIFCONF, ifc_buf (void *)1)");
	}
	E(ioctl(kt->a, SIOCSPGRP, BAD), EFAULT, "ioctl(SIOCSPGRP, (int *)1)");
	if (k == UDP || k == UDGRAM)
		E(send(kt->a, "x", 1, MSG_OOB), EOPNOTSUPP, "send(MSG_OOB)");
	if (kt->lis < 0) {
		E(listen(kt->a, 5), EOPNOTSUPP, "listen(datagram socket)");
		E(accept(kt->a, NULL, NULL), EOPNOTSUPP, "accept(datagram socket)");
		return;
	}
	E(accept(kt->a, NULL, NULL), EINVAL, "accept(not listening)");
	E(accept4(kt->lis, NULL, NULL, 0x40000000), EINVAL, "accept4(flags 0x40000000)");
	/* A connection waiting, so accept gets as far as its copy-out. */
	for (n = 0; n < 2; n++) {
		c = fresh(k);
		if (connect(c, (struct sockaddr *)&kt->name, kt->namelen) < 0) {
			perror("connect");
			exit(2);
		}
		p = (struct pollfd){ kt->lis, POLLIN, 0 };
		poll(&p, 1, 10000);
		l = sizeof(ss);
		if (n == 0)
			E(accept(kt->lis, BAD, &l), EFAULT, "accept((void *)1, &len)");
		else
			E(accept4(kt->lis, (struct sockaddr *)&ss, BAD, SOCK_CLOEXEC), EFAULT,
			    "accept4(&ss, (socklen_t *)1)");
		close(c);
	}
}

int
main(int argc, char **argv)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *map;
	struct kit kt;
	int k, sv[2];

	if (argc != 2) {
		fprintf(stderr, "usage: badargs DIR\n");
		return 2;
	}
	alarm(60);
	bad1 = (void *)(uintptr_t)1;
	dir = argv[1];
	signal(SIGPIPE, SIG_IGN);
	map = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || mprotect(map + pg, (size_t)pg, PROT_NONE) < 0) {
		perror("mmap");
		return 2;
	}
	none = map + pg;
	/* none - n: a buffer of n good bytes, then PROT_NONE */

	kname = "socket";
	E(socket(AF_INET, SOCK_STREAM, 999), EINVAL, "socket(AF_INET, SOCK_STREAM, 999)");
	E(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT, "socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP)");
	E(socket(AF_UNIX, 99, 0), EINVAL, "socket(AF_UNIX, type 99)");
	E(socket(AF_INET, SOCK_STREAM | 0x40000000, 0), EINVAL, "socket(AF_INET, flag 0x40000000)");
	E(socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT, "socket(family 12345)");
	E(socketpair(AF_UNIX, SOCK_STREAM, 0, BAD), EFAULT, "socketpair(sv (int *)1)");
	E(socketpair(AF_UNIX, SOCK_DGRAM, 0, (int *)none), EFAULT, "socketpair(sv PROT_NONE)");
	E(socketpair(AF_UNIX, SOCK_STREAM, 0, (int *)(none - 4)), EFAULT, "socketpair(sv running into PROT_NONE)");
	E(socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP, "socketpair(AF_INET)");
	/* A type past SOCK_MAX, or an unknown flag: EINVAL before the family looks (__sock_create). */
	E(socketpair(AF_UNIX, 11, 0, sv), EINVAL, "socketpair(AF_UNIX, type 11)");
	E(socketpair(AF_UNIX, 15, 0, sv), EINVAL, "socketpair(AF_UNIX, type 15)");
	E(socketpair(AF_UNIX, -1, 0, sv), EINVAL, "socketpair(AF_UNIX, type -1)");
	E(socketpair(AF_UNIX, SOCK_STREAM | 0x40000000, 0, sv), EINVAL, "socketpair(AF_UNIX, flag 0x40000000)");
	E(socket(AF_UNIX, 12, 0), EINVAL, "socket(AF_UNIX, type 12)");

	for (k = 0; k < NKIND; k++) {
		kname = kinds[k];
		mkkit((enum kind)k, argv[1], &kt);
		addresses((enum kind)k, &kt);
		options((enum kind)k, &kt);
		sends((enum kind)k, &kt);
		recvs((enum kind)k, &kt);
		others((enum kind)k, &kt);
		close(kt.a);
		close(kt.b);
		if (kt.lis >= 0)
			close(kt.lis);
	}
	check(1, "every call answered, none crashed");
	return t_failed ? 1 : 0;
}
