/*
 * abstract_names WHAT [NAME]: Linux's abstract UNIX-domain names
 * (unix(7), "Abstract sockets"): sun_path[0] == 0, the name the bytes
 * after it, as many as the address length says, no file anywhere.
 *
 *   local         on one host: bind, connect, sendto for stream, datagram
 *                 and seqpacket; the exact length (offsetof(sun_path) +
 *                 the name's bytes, no NUL added) from getsockname,
 *                 getpeername, accept, recvfrom and recvmsg; names with
 *                 NULs inside; EADDRINUSE; the name free once its socket's
 *                 last descriptor is closed; autobind ("\0" and five hex
 *                 digits) by bind with the family alone and by connect or
 *                 sendto with SO_PASSCRED; a blocking connect to a full
 *                 listener waits for room
 *   hold NAME     binds a stream listener to abstract NAME, says
 *                 "listening", and waits to be killed
 *   seen NAME     (on the holder's host) NAME is taken: connect works,
 *                 bind is EADDRINUSE
 *   unseen NAME   (on another host) NAME is free: connect is refused,
 *                 bind works
 */
#include <ctype.h>
#include <sys/syscall.h>

#include "tap.h"
#include "thread_wait.h"

#define SUNOFF	offsetof(struct sockaddr_un, sun_path)

static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
static const char *const tn[] = { "stream", "dgram", "seqpacket" };

/* An abstract address of the n bytes at name (after the leading NUL). */
static socklen_t
abs_of(struct sockaddr_un *sun, const void *name, size_t n)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (n + 1 > sizeof(sun->sun_path))
		bail("abstract name too long");
	memcpy(sun->sun_path + 1, name, n);
	return (socklen_t)(SUNOFF + 1 + n);
}

/* A per-run name, so that runs side by side never meet: "uipc-abs-PID-what". */
static socklen_t
abs_named(struct sockaddr_un *sun, const char *what)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "uipc-abs-%d-%s", (int)getpid(), what);
	return abs_of(sun, buf, strlen(buf));
}

static int
bound(int type, const struct sockaddr_un *sun, socklen_t len)
{
	int s = SYS(socket(AF_UNIX, type, 0));

	SYS(bind(s, (const struct sockaddr *)sun, len));
	return s;
}

/* The name got (length glen) is want (length wlen), byte for byte. */
static int
same_name(const struct sockaddr_un *got, socklen_t glen, const struct sockaddr_un *want, socklen_t wlen)
{
	return glen == wlen && got->sun_family == AF_UNIX &&
	    memcmp(got->sun_path, want->sun_path, wlen - SUNOFF) == 0;
}

static void
check_name(int ok, socklen_t glen, socklen_t wlen, const char *what, const char *type)
{
	if (!check(ok, "%s: %s gives the exact name, length %u", type, what, (unsigned)wlen))
		diag("  got length %u", (unsigned)glen);
}

/*
 * getsockname on a socket bound to an abstract name; its length is the
 * bind's, with no NUL added, whatever room the caller gave.
 */
static void
t_getsockname(void)
{
	struct sockaddr_un sun, got;
	socklen_t len, glen;
	unsigned i;
	int s;

	for (i = 0; i < 3; i++) {
		len = abs_named(&sun, tn[i]);
		s = bound(types[i], &sun, len);
		glen = sizeof(got);
		memset(&got, 0x55, sizeof(got));
		SYS(getsockname(s, (struct sockaddr *)&got, &glen));
		check_name(same_name(&got, glen, &sun, len), glen, len, "getsockname", tn[i]);
		check_eq(((unsigned char *)&got)[len], 0x55, "%s: nothing written past the name", tn[i]);
		glen = SUNOFF + 2;
		SYS(getsockname(s, (struct sockaddr *)&got, &glen));
		check_eq(glen, len, "%s: getsockname into a short buffer still says the whole length", tn[i]);
		close(s);
	}
}

/* Names are bytes: NULs inside count, and a prefix is another name. */
static void
t_embedded_nul(void)
{
	static const char withnul[] = { 'x', 0, 'y', 0 };
	struct sockaddr_un a, b, c, got;
	socklen_t la = abs_of(&a, withnul, sizeof(withnul));
	socklen_t lb = abs_of(&b, withnul, 1);		/* "x" */
	socklen_t lc = abs_of(&c, withnul, 3);		/* "x\0y" */
	socklen_t glen;
	int sa, sb, sc, t;

	sa = bound(SOCK_DGRAM, &a, la);
	sb = bound(SOCK_DGRAM, &b, lb);
	sc = bound(SOCK_DGRAM, &c, lc);
	check(1, "dgram: \"\\0x\\0y\\0\", \"\\0x\" and \"\\0x\\0y\" are three names");
	glen = sizeof(got);
	SYS(getsockname(sa, (struct sockaddr *)&got, &glen));
	check_name(same_name(&got, glen, &a, la), glen, la, "getsockname of a name with NULs inside", "dgram");
	t = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	check_errno(bind(t, (struct sockaddr *)&c, lc), EADDRINUSE, "dgram: the name with a NUL inside is in use: EADDRINUSE");
	close(t);
	/* A datagram to "x\0y" reaches sc, not sa or sb. */
	t = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	SYS(sendto(t, "3", 1, 0, (struct sockaddr *)&c, lc));
	{
		char ch = 0;
		check(recv(sc, &ch, 1, MSG_DONTWAIT) == 1 && ch == '3' &&
		    recv(sa, &ch, 1, MSG_DONTWAIT) == -1 && recv(sb, &ch, 1, MSG_DONTWAIT) == -1,
		    "dgram: sendto \"\\0x\\0y\" reaches that name's socket only");
	}
	close(t);
	close(sa);
	close(sb);
	close(sc);

	/* The empty abstract name: the leading NUL alone. */
	la = abs_of(&a, "", 0);
	sa = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
	check_ok(bind(sa, (struct sockaddr *)&a, la), "stream: bind to the empty abstract name (length %u)", (unsigned)la);
	glen = sizeof(got);
	SYS(getsockname(sa, (struct sockaddr *)&got, &glen));
	check_eq(glen, la, "stream: getsockname of the empty abstract name says %u", (unsigned)la);
	close(sa);
}

/* The longest name fills sun_path (108 bytes with its NUL); one more is EINVAL. */
static void
t_lengths(void)
{
	struct sockaddr_un a, got;
	char name[sizeof(a.sun_path)];
	socklen_t la, glen;
	char big[sizeof(a) + 8];
	int s;

	memset(name, 'm', sizeof(name));
	snprintf(name, sizeof(name), "uipc-abs-%d-", (int)getpid());
	name[strlen(name)] = 'm';
	la = abs_of(&a, name, sizeof(a.sun_path) - 1);
	s = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
	check_ok(bind(s, (struct sockaddr *)&a, la), "stream: bind to the longest abstract name (length %u)", (unsigned)la);
	glen = sizeof(got);
	SYS(getsockname(s, (struct sockaddr *)&got, &glen));
	check_name(same_name(&got, glen, &a, la), glen, la, "getsockname of the longest name", "stream");
	close(s);
	memset(big, 0, sizeof(big));
	memcpy(big, &a, sizeof(a));
	s = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
	check_errno(bind(s, (struct sockaddr *)big, sizeof(a) + 1), EINVAL,
	    "stream: an abstract name longer than struct sockaddr_un: EINVAL");
	close(s);
}

/* A stream or seqpacket listener and its connections, every name exact. */
static void
t_connect(int type, const char *tname)
{
	struct sockaddr_un ln, cn, got;
	socklen_t ll, cl, glen;
	int l, c, a, c2, a2;
	char what[32];

	snprintf(what, sizeof(what), "%s-listen", tname);
	ll = abs_named(&ln, what);
	l = bound(type, &ln, ll);
	SYS(listen(l, 5));

	/* An unnamed client: accept names no one (the family alone). */
	c = SYS(socket(AF_UNIX, type, 0));
	check_ok(connect(c, (struct sockaddr *)&ln, ll), "%s: connect to an abstract name", tname);
	glen = sizeof(got);
	a = SYS(accept(l, (struct sockaddr *)&got, &glen));
	check_eq(glen, sizeof(sa_family_t), "%s: accept of an unbound client gives the family alone", tname);
	glen = sizeof(got);
	SYS(getpeername(c, (struct sockaddr *)&got, &glen));
	check_name(same_name(&got, glen, &ln, ll), glen, ll, "the client's getpeername", tname);
	glen = sizeof(got);
	SYS(getsockname(a, (struct sockaddr *)&got, &glen));
	check_name(same_name(&got, glen, &ln, ll), glen, ll, "the accepted socket's getsockname", tname);
	glen = sizeof(got);
	SYS(getsockname(c, (struct sockaddr *)&got, &glen));
	check_eq(glen, sizeof(sa_family_t), "%s: no SO_PASSCRED, no autobind: the client stays unnamed", tname);
	check(write(c, "hi", 2) == 2 && read(a, what, sizeof(what)) == 2, "%s: data flows over it", tname);

	/* A client bound to an abstract name: accept and getpeername name it. */
	snprintf(what, sizeof(what), "%s-client", tname);
	cl = abs_named(&cn, what);
	c2 = bound(type, &cn, cl);
	SYS(connect(c2, (struct sockaddr *)&ln, ll));
	glen = sizeof(got);
	a2 = SYS(accept(l, (struct sockaddr *)&got, &glen));
	check_name(same_name(&got, glen, &cn, cl), glen, cl, "accept of a bound client", tname);
	glen = sizeof(got);
	SYS(getpeername(a2, (struct sockaddr *)&got, &glen));
	check_name(same_name(&got, glen, &cn, cl), glen, cl, "the accepted socket's getpeername", tname);
	SYS(write(c2, "z", 1));
	glen = sizeof(got);
	check_eq(recvfrom(a2, what, sizeof(what), 0, (struct sockaddr *)&got, &glen), 1, "%s: recvfrom on the accepted socket", tname);
	check_name(same_name(&got, glen, &cn, cl), glen, cl, "recvfrom's sender on a connection", tname);
	close(c2);
	close(a2);

	/*
	 * The name is the listener's: free once it closes, though a
	 * connection accepted from it (which gives the name as its own)
	 * stays open.
	 */
	close(l);
	l = SYS(socket(AF_UNIX, type, 0));
	check_ok(bind(l, (struct sockaddr *)&ln, ll),
	    "%s: the listener closed, its name binds again while its accepted connection is open", tname);
	close(l);
	close(a);
	close(c);

	/* Nothing bound: refused. */
	c = SYS(socket(AF_UNIX, type, 0));
	snprintf(what, sizeof(what), "%s-nobody", tname);
	ll = abs_named(&ln, what);
	check_errno(connect(c, (struct sockaddr *)&ln, ll), ECONNREFUSED, "%s: connect to an abstract name nobody has: ECONNREFUSED", tname);
	close(c);
}

struct waiter {
	const struct sockaddr_un *to;
	socklen_t len;
	pid_t tid;
	int rc, err, fd;
};

static void *
blocking_connect(void *arg)
{
	struct waiter *w = arg;

	w->tid = (pid_t)syscall(SYS_gettid);
	w->fd = socket(AF_UNIX, SOCK_STREAM, 0);
	w->rc = connect(w->fd, (const struct sockaddr *)w->to, w->len);
	w->err = errno;
	return NULL;
}

/*
 * A blocking connect to a listener whose queue is full waits until an
 * accept makes room, as on Linux (unix_wait_for_peer), by abstract name
 * too.  Backlog 0 takes one connection (Linux and uipc take one more
 * than the backlog).
 */
static void
t_full_listener(void)
{
	struct sockaddr_un ln;
	socklen_t ll = abs_named(&ln, "full");
	struct waiter w = { &ln, ll, 0, -1, 0, -1 };
	pthread_t t;
	int l = bound(SOCK_STREAM, &ln, ll), c, a, i;

	SYS(listen(l, 0));
	c = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
	SYS(connect(c, (struct sockaddr *)&ln, ll));
	if (pthread_create(&t, NULL, blocking_connect, &w) != 0)
		bail("pthread_create");
	for (i = 0; i < 1000 && !(w.tid != 0 && thread_sleeping(w.tid)); i++)
		msleep(10);
	check(i < 1000, "stream: a blocking connect to a full listener's abstract name waits");
	a = SYS(accept(l, NULL, NULL));
	if (!check(thread_joined(t), "stream: an accept makes room, and the waiting connect returns"))
		bail("the waiting connect never returned");
	if (!check(w.rc == 0, "stream: the waiting connect succeeds"))
		diag("  got errno %d (%s)", w.err, strerror(w.err));
	close(a);
	a = SYS(accept(l, NULL, NULL));
	close(a);
	close(w.fd);
	close(c);
	close(l);
}

/* Datagrams to and from abstract names, sender names exact. */
static void
t_dgram(void)
{
	struct sockaddr_un rn, sn, got;
	socklen_t rl, sl, glen;
	struct msghdr mh;
	struct iovec iov;
	char buf[8];
	int r, s, u;

	rl = abs_named(&rn, "dg-recv");
	sl = abs_named(&sn, "dg-send");
	r = bound(SOCK_DGRAM, &rn, rl);
	s = bound(SOCK_DGRAM, &sn, sl);
	check_eq(sendto(s, "ab", 2, 0, (struct sockaddr *)&rn, rl), 2, "dgram: sendto an abstract name");
	glen = sizeof(got);
	memset(&got, 0, sizeof(got));
	check_eq(recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&got, &glen), 2, "dgram: recvfrom gets it");
	check_name(same_name(&got, glen, &sn, sl), glen, sl, "recvfrom's sender", "dgram");
	SYS(sendto(s, "cd", 2, 0, (struct sockaddr *)&rn, rl));
	memset(&mh, 0, sizeof(mh));
	iov = (struct iovec){ buf, sizeof(buf) };
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_name = &got;
	mh.msg_namelen = sizeof(got);
	check_eq(recvmsg(r, &mh, 0), 2, "dgram: recvmsg gets the next");
	check_name(same_name(&got, mh.msg_namelen, &sn, sl), mh.msg_namelen, sl, "recvmsg's msg_name", "dgram");

	/* connect, then send with no address; getpeername is the name. */
	u = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	check_ok(connect(u, (struct sockaddr *)&rn, rl), "dgram: connect to an abstract name");
	check_eq(send(u, "e", 1, 0), 1, "dgram: send on it");
	glen = sizeof(got);
	check_eq(recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&got, &glen), 1, "dgram: it arrives");
	check_eq(glen, 0, "dgram: from an unbound sender, recvfrom names no one (length 0)");
	glen = sizeof(got);
	SYS(getpeername(u, (struct sockaddr *)&got, &glen));
	check_name(same_name(&got, glen, &rn, rl), glen, rl, "getpeername after connect", "dgram");
	close(u);

	/* EADDRINUSE, and the name free again after close. */
	u = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	check_errno(bind(u, (struct sockaddr *)&rn, rl), EADDRINUSE, "dgram: bind to an abstract name in use: EADDRINUSE");
	close(r);
	check_ok(bind(u, (struct sockaddr *)&rn, rl), "dgram: once its socket is closed, the name binds again");
	close(u);
	u = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	check_errno(sendto(u, "x", 1, 0, (struct sockaddr *)&rn, rl), ECONNREFUSED,
	    "dgram: sendto a name that was freed: ECONNREFUSED");
	close(u);
	close(s);
}

/* The name lives while any descriptor of its socket does (dup). */
static void
t_last_close(void)
{
	struct sockaddr_un n;
	socklen_t l = abs_named(&n, "dup");
	int s = bound(SOCK_STREAM, &n, l), d = SYS(dup(s)), t;

	close(s);
	t = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
	check_errno(bind(t, (struct sockaddr *)&n, l), EADDRINUSE,
	    "stream: one descriptor closed, a dup still open: the name is still in use");
	close(d);
	check_ok(bind(t, (struct sockaddr *)&n, l), "stream: the last descriptor closed: the name is free");
	close(t);
}

/* Linux keeps abstract names apart by socket type (unix_abstract_hash). */
static void
t_types_apart(void)
{
	struct sockaddr_un n;
	socklen_t l = abs_named(&n, "types");
	int d = bound(SOCK_DGRAM, &n, l), s, c;

	s = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
	check_ok(bind(s, (struct sockaddr *)&n, l), "a stream socket binds the name a datagram socket has");
	close(s);
	c = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
	check_errno(connect(c, (struct sockaddr *)&n, l), ECONNREFUSED,
	    "stream: connect to a name only a datagram socket has: ECONNREFUSED");
	close(c);
	close(d);
}

static int
autoname_ok(const struct sockaddr_un *got, socklen_t glen)
{
	int i;

	if (glen != SUNOFF + 6 || got->sun_family != AF_UNIX || got->sun_path[0] != '\0')
		return 0;
	for (i = 1; i <= 5; i++)
		if (!isxdigit((unsigned char)got->sun_path[i]) || isupper((unsigned char)got->sun_path[i]))
			return 0;
	return 1;
}

/* Linux's autobind: "\0" and five lowercase hex digits, length offsetof + 6. */
static void
t_autobind(void)
{
	struct sockaddr_un got, got2, n;
	sa_family_t fam = AF_UNIX;
	socklen_t glen, glen2, l;
	unsigned i;
	int s, r, c, a, one = 1;
	char buf[4];

	for (i = 0; i < 3; i++) {
		s = SYS(socket(AF_UNIX, types[i], 0));
		check_ok(bind(s, (struct sockaddr *)&fam, sizeof(fam)), "%s: bind with the family alone (autobind)", tn[i]);
		glen = sizeof(got);
		SYS(getsockname(s, (struct sockaddr *)&got, &glen));
		if (!check(autoname_ok(&got, glen), "%s: the name is \\0 and five lowercase hex digits, length %u",
		    tn[i], (unsigned)(SUNOFF + 6)))
			diag("  got length %u", (unsigned)glen);
		check_ok(bind(s, (struct sockaddr *)&fam, sizeof(fam)), "%s: autobind again on a bound socket: 0", tn[i]);
		glen2 = sizeof(got2);
		SYS(getsockname(s, (struct sockaddr *)&got2, &glen2));
		check(glen2 == glen && memcmp(&got, &got2, glen) == 0, "%s: and the name stays", tn[i]);
		l = abs_named(&n, "rebind");
		check_errno(bind(s, (struct sockaddr *)&n, l), EINVAL, "%s: bind of a named socket: EINVAL", tn[i]);
		close(s);
	}

	/* A datagram sender with SO_PASSCRED is named when it sends. */
	l = abs_named(&n, "pc-recv");
	r = bound(SOCK_DGRAM, &n, l);
	s = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	SYS(setsockopt(s, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)));
	SYS(sendto(s, "p", 1, 0, (struct sockaddr *)&n, l));
	glen = sizeof(got);
	SYS(recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&got, &glen));
	check(autoname_ok(&got, glen), "dgram: sendto with SO_PASSCRED from an unbound socket autobinds; recvfrom names it");
	glen2 = sizeof(got2);
	SYS(getsockname(s, (struct sockaddr *)&got2, &glen2));
	check(glen2 == glen && memcmp(&got, &got2, glen) == 0, "dgram: the sender's getsockname is that name");
	close(s);
	/* ... and when it connects. */
	s = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	SYS(setsockopt(s, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)));
	SYS(connect(s, (struct sockaddr *)&n, l));
	glen = sizeof(got);
	SYS(getsockname(s, (struct sockaddr *)&got, &glen));
	check(autoname_ok(&got, glen), "dgram: connect with SO_PASSCRED autobinds");
	close(s);
	/* Without SO_PASSCRED, no name. */
	s = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	SYS(sendto(s, "q", 1, 0, (struct sockaddr *)&n, l));
	glen = sizeof(got);
	SYS(getsockname(s, (struct sockaddr *)&got, &glen));
	check_eq(glen, sizeof(sa_family_t), "dgram: sendto without SO_PASSCRED leaves the sender unnamed");
	close(s);
	close(r);

	/* Stream and seqpacket: connect with SO_PASSCRED names the client; accept says so. */
	for (i = 0; i < 3; i += 2) {
		l = abs_named(&n, i == 0 ? "pc-stream" : "pc-seqpacket");
		r = bound(types[i], &n, l);
		SYS(listen(r, 5));
		c = SYS(socket(AF_UNIX, types[i], 0));
		SYS(setsockopt(c, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)));
		SYS(connect(c, (struct sockaddr *)&n, l));
		glen = sizeof(got);
		a = SYS(accept(r, (struct sockaddr *)&got, &glen));
		check(autoname_ok(&got, glen), "%s: connect with SO_PASSCRED autobinds; accept names the client", tn[i]);
		glen2 = sizeof(got2);
		SYS(getsockname(c, (struct sockaddr *)&got2, &glen2));
		check(glen2 == glen && memcmp(&got, &got2, glen) == 0, "%s: the client's getsockname is that name", tn[i]);
		close(a);
		close(c);
		/* A listener must be bound: listen does not autobind. */
		c = SYS(socket(AF_UNIX, types[i], 0));
		check_errno(listen(c, 5), EINVAL, "%s: listen on an unbound socket: EINVAL (no autobind)", tn[i]);
		close(c);
		close(r);
	}
}

static int
name_arg(struct sockaddr_un *sun, const char *name)
{
	return (int)abs_of(sun, name, strlen(name));
}

int
main(int argc, char **argv)
{
	struct sockaddr_un n;
	socklen_t l;
	int s, c;

	t_start(60);
	if (argc == 2 && strcmp(argv[1], "local") == 0) {
		t_getsockname();
		t_embedded_nul();
		t_lengths();
		t_connect(SOCK_STREAM, "stream");
		t_connect(SOCK_SEQPACKET, "seqpacket");
		t_full_listener();
		t_dgram();
		t_last_close();
		t_types_apart();
		t_autobind();
		return t_end();
	}
	if (argc != 3)
		bail("usage: abstract_names local | hold NAME | seen NAME | unseen NAME");
	l = (socklen_t)name_arg(&n, argv[2]);
	if (strcmp(argv[1], "hold") == 0) {
		s = bound(SOCK_STREAM, &n, l);
		SYS(listen(s, 5));
		printf("listening\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	if (strcmp(argv[1], "seen") == 0) {
		c = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
		check_ok(connect(c, (struct sockaddr *)&n, l), "on the holder's host, connect to its abstract name works");
		close(c);
		c = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
		check_errno(bind(c, (struct sockaddr *)&n, l), EADDRINUSE, "on the holder's host, its name is in use: EADDRINUSE");
		close(c);
		return t_end();
	}
	if (strcmp(argv[1], "unseen") == 0) {
		c = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
		check_errno(connect(c, (struct sockaddr *)&n, l), ECONNREFUSED,
		    "on another host, the holder's abstract name is not there: ECONNREFUSED");
		close(c);
		c = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
		check_ok(bind(c, (struct sockaddr *)&n, l), "on another host, the same name binds");
		check_ok(listen(c, 1), "and listens");
		close(c);
		return t_end();
	}
	bail("unknown: %s", argv[1]);
}
