/*
 * sockident: what getsockopt says a socket is (SO_DOMAIN, SO_TYPE,
 * SO_PROTOCOL), on every kind of socket, as Linux answers (issue 10):
 * the UNIX domain's protocol is 0 (even when PF_UNIX was asked for), an
 * Internet socket's is the one it speaks (a raw socket's, the number it
 * was made with); an accepted socket is what its listener is.  The three
 * are read-only (ENOPROTOOPT).  The UNIX domain takes SOCK_RAW as
 * SOCK_DGRAM, in socket and socketpair (unix_create).
 */
#include <netinet/in.h>
#include <arpa/inet.h>

#include "tap.h"

static int
opt(int s, int name)
{
	int v = -1;
	socklen_t l = sizeof(v);

	if (getsockopt(s, SOL_SOCKET, name, &v, &l) < 0 || l != sizeof(v))
		return -2;
	return v;
}

static void
ident(int s, int dom, int type, int proto, const char *what)
{
	check_eq(opt(s, SO_DOMAIN), dom, "%s: SO_DOMAIN %d", what, dom);
	check_eq(opt(s, SO_TYPE), type, "%s: SO_TYPE %d", what, type);
	check_eq(opt(s, SO_PROTOCOL), proto, "%s: SO_PROTOCOL %d", what, proto);
}

static void
t_made(void)
{
	static const struct { int dom, type, proto, want; const char *what; } k[] = {
		{ AF_UNIX, SOCK_STREAM, 0, 0, "unix stream" },
		{ AF_UNIX, SOCK_STREAM, PF_UNIX, 0, "unix stream made with protocol PF_UNIX" },
		{ AF_UNIX, SOCK_DGRAM, 0, 0, "unix dgram" },
		{ AF_UNIX, SOCK_SEQPACKET, 0, 0, "unix seqpacket" },
		{ AF_INET, SOCK_STREAM, 0, IPPROTO_TCP, "tcp" },
		{ AF_INET, SOCK_STREAM, IPPROTO_TCP, IPPROTO_TCP, "tcp made with IPPROTO_TCP" },
		{ AF_INET, SOCK_DGRAM, 0, IPPROTO_UDP, "udp" },
		{ AF_INET, SOCK_RAW, IPPROTO_ICMP, IPPROTO_ICMP, "raw ICMP" },
	};
	unsigned i;
	int s, v = 0;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		if (k[i].type == SOCK_RAW && geteuid() != 0) {
			printf("ok # SKIP raw sockets are the super-user's (%s)\n", k[i].what);
			continue;
		}
		s = SYS(socket(k[i].dom, k[i].type, k[i].proto));
		ident(s, k[i].dom, k[i].type, k[i].want, k[i].what);
		close(s);
	}
	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	check_errno(setsockopt(s, SOL_SOCKET, SO_PROTOCOL, &v, sizeof(v)), ENOPROTOOPT,
	    "setsockopt(SO_PROTOCOL): ENOPROTOOPT");
	check_errno(setsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, sizeof(v)), ENOPROTOOPT,
	    "setsockopt(SO_DOMAIN): ENOPROTOOPT");
	check_errno(setsockopt(s, SOL_SOCKET, SO_TYPE, &v, sizeof(v)), ENOPROTOOPT,
	    "setsockopt(SO_TYPE): ENOPROTOOPT");
	close(s);
}

static void
t_accepted(const char *dir)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_un sun;
	socklen_t len = sizeof(sin);
	char path[256];
	int l, c, a;

	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(l, 5));
	SYS(getsockname(l, (struct sockaddr *)&sin, &len));
	c = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(connect(c, (struct sockaddr *)&sin, sizeof(sin)));
	a = SYS(accept(l, NULL, NULL));
	ident(a, AF_INET, SOCK_STREAM, IPPROTO_TCP, "an accepted TCP connection");
	close(a); close(c); close(l);

	snprintf(path, sizeof(path), "%s/ident.seq", dir);
	l = listen_at(path, SOCK_SEQPACKET);
	c = SYS(socket(AF_UNIX, SOCK_SEQPACKET, 0));
	SYS(connect(c, (struct sockaddr *)&sun, sun_of(&sun, path)));
	a = SYS(accept(l, NULL, NULL));
	ident(a, AF_UNIX, SOCK_SEQPACKET, 0, "an accepted unix seqpacket connection");
	close(a); close(c); close(l);
}

static void
t_raw_unix(void)
{
	char buf[16];
	int sv[2], s;

	check_ok(socketpair(AF_UNIX, SOCK_RAW, 0, sv), "socketpair(AF_UNIX, SOCK_RAW) works");
	ident(sv[0], AF_UNIX, SOCK_DGRAM, 0, "socketpair(AF_UNIX, SOCK_RAW)");
	SYS(send(sv[0], "one", 3, 0));
	SYS(send(sv[0], "two", 3, 0));
	check(recv(sv[1], buf, sizeof(buf), 0) == 3 && recv(sv[1], buf, sizeof(buf), 0) == 3,
	    "socketpair(AF_UNIX, SOCK_RAW) keeps message boundaries, as a datagram pair");
	close(sv[0]); close(sv[1]);
	check_ok(socketpair(AF_UNIX, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv),
	    "socketpair(AF_UNIX, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC) works");
	check_errno(recv(sv[0], buf, sizeof(buf), 0), EAGAIN, "and it does not block");
	close(sv[0]); close(sv[1]);
	s = socket(AF_UNIX, SOCK_RAW, 0);
	check_ok(s, "socket(AF_UNIX, SOCK_RAW) works");
	ident(s, AF_UNIX, SOCK_DGRAM, 0, "socket(AF_UNIX, SOCK_RAW)");
	close(s);
}

int
main(int argc, char **argv)
{
	if (argc != 2)
		bail("usage: sockident DIR");
	t_start(30);
	t_made();
	t_accepted(argv[1]);
	t_raw_unix();
	return t_end();
}
