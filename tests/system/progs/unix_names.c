/*
 * unix_names DIR: the lengths of UNIX-domain names, as Linux gives them
 * (issue 10).  However long the address bind was given (the whole
 * struct sockaddr_un, or the path without its NUL), the name is the path
 * up to its first NUL and that NUL: getsockname, getpeername, accept,
 * recvfrom and recvmsg say offsetof(sun_path) + strlen + 1
 * (unix_mkname_bsd).  An unbound socket's name is its family alone; a
 * datagram or stream from an unbound sender names no one (length 0).  A
 * path that fills all 108 bytes gets its NUL past the structure: 111
 * (unix(7), BUGS).  A TCP read names no sender.
 */
#include <netinet/in.h>
#include <arpa/inet.h>

#include "tap.h"

#define SUNOFF	offsetof(struct sockaddr_un, sun_path)

/* A socket bound to path with the whole structure's length, as many programs bind. */
static int
bound_whole(int type, const char *path)
{
	struct sockaddr_un sun;
	int s = SYS(socket(AF_UNIX, type, 0));

	sun_of(&sun, path);
	SYS(bind(s, (struct sockaddr *)&sun, sizeof(sun)));
	return s;
}

static socklen_t
exact(const char *path)
{
	return (socklen_t)(SUNOFF + strlen(path) + 1);
}

static void
t_getsockname(const char *dir)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
	static const char *const tn[] = { "stream", "dgram", "seqpacket" };
	struct sockaddr_un sun;
	socklen_t len;
	char name[32];
	unsigned i;
	int s;

	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "whole.%s", tn[i]);
		s = bound_whole(types[i], path_in(dir, name));
		len = sizeof(sun);
		memset(&sun, 0, sizeof(sun));
		SYS(getsockname(s, (struct sockaddr *)&sun, &len));
		check_eq(len, exact(path_in(dir, name)),
		    "%s bound with sizeof(struct sockaddr_un): getsockname's length is offsetof + strlen + 1", tn[i]);
		close(s);
		s = SYS(socket(AF_UNIX, types[i], 0));
		len = sizeof(sun);
		SYS(getsockname(s, (struct sockaddr *)&sun, &len));
		check(len == sizeof(sa_family_t) && sun.sun_family == AF_UNIX,
		    "%s unbound: getsockname gives the family alone (length %zu)", tn[i], sizeof(sa_family_t));
		close(s);
	}

	/* Bound without the NUL: the name gets one. */
	s = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	sun_of(&sun, path_in(dir, "nonul"));
	SYS(bind(s, (struct sockaddr *)&sun, (socklen_t)(SUNOFF + strlen(sun.sun_path))));
	len = sizeof(sun);
	memset(&sun, 0x55, sizeof(sun));
	SYS(getsockname(s, (struct sockaddr *)&sun, &len));
	check(len == exact(path_in(dir, "nonul")) && sun.sun_path[len - SUNOFF - 1] == '\0',
	    "bound without the NUL: the name is given with it (length offsetof + strlen + 1)");
	close(s);

	/* Bytes after the NUL are not part of the name. */
	s = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	sun_of(&sun, path_in(dir, "tail"));
	memset(sun.sun_path + strlen(sun.sun_path) + 1, 'z', 8);
	SYS(bind(s, (struct sockaddr *)&sun, sizeof(sun)));
	len = sizeof(sun);
	SYS(getsockname(s, (struct sockaddr *)&sun, &len));
	check_eq(len, exact(path_in(dir, "tail")), "bytes after the path's NUL are no part of the name");
	close(s);

	/* All 108 bytes of sun_path, no NUL: relative to DIR, so the path fits. */
	{
		char full[sizeof(sun.sun_path) + 1], here[256];

		memset(full, 'f', sizeof(sun.sun_path));
		full[sizeof(sun.sun_path)] = '\0';
		if (getcwd(here, sizeof(here)) == NULL)
			bail("getcwd: %s", strerror(errno));
		SYS(chdir(dir));
		s = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		memcpy(sun.sun_path, full, sizeof(sun.sun_path));
		SYS(bind(s, (struct sockaddr *)&sun, sizeof(sun)));
		{
			union { struct sockaddr_un sun; char b[sizeof(struct sockaddr_un) + 8]; } big;

			len = sizeof(big);
			memset(&big, 0x55, sizeof(big));
			SYS(getsockname(s, (struct sockaddr *)&big, &len));
			check(len == sizeof(struct sockaddr_un) + 1 && big.b[sizeof(struct sockaddr_un)] == '\0',
			    "a path filling all of sun_path: length %zu, its NUL past the structure",
			    sizeof(struct sockaddr_un) + 1);
		}
		close(s);
		unlink(full);
		SYS(chdir(here));
	}
}

static void
t_connected(const char *dir, int type, const char *tn)
{
	const char *spath = path_in(dir, tn), *cpath;
	struct sockaddr_un sun, b;
	struct iovec iov;
	struct msghdr mh;
	socklen_t len;
	char buf[8], cname[64];
	int l, c, a;

	snprintf(cname, sizeof(cname), "%s.client", tn);
	cpath = path_in(dir, cname);
	l = bound_whole(type, spath);
	SYS(listen(l, 5));
	c = bound_whole(type, cpath);
	sun_of(&sun, spath);
	SYS(connect(c, (struct sockaddr *)&sun, sizeof(sun)));
	len = sizeof(b);
	memset(&b, 0, sizeof(b));
	a = SYS(accept(l, (struct sockaddr *)&b, &len));
	check(len == exact(cpath) && strcmp(b.sun_path, cpath) == 0,
	    "%s: accept gives the client's name, length offsetof + strlen + 1", tn);
	len = sizeof(b);
	SYS(getpeername(c, (struct sockaddr *)&b, &len));
	check_eq(len, exact(spath), "%s: getpeername of the client: the server's exact length", tn);
	len = sizeof(b);
	SYS(getsockname(a, (struct sockaddr *)&b, &len));
	check_eq(len, exact(spath), "%s: getsockname of the accepted socket: the listener's exact length", tn);

	SYS(send(c, "x", 1, 0));
	len = sizeof(b);
	memset(&b, 0, sizeof(b));
	check(recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&b, &len) == 1 &&
	    len == exact(cpath) && strcmp(b.sun_path, cpath) == 0,
	    "%s: recvfrom names the bound peer, exact length", tn);
	SYS(send(a, "y", 1, 0));
	iov = (struct iovec){ buf, sizeof(buf) };
	memset(&mh, 0, sizeof(mh));
	memset(&b, 0, sizeof(b));
	mh.msg_name = &b;
	mh.msg_namelen = sizeof(b);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	check(recvmsg(c, &mh, 0) == 1 && mh.msg_namelen == exact(spath) && strcmp(b.sun_path, spath) == 0,
	    "%s: recvmsg names the peer (the listener's name), exact length", tn);
	close(c);
	close(a);

	/* An unbound client names no one. */
	c = SYS(socket(AF_UNIX, type, 0));
	SYS(connect(c, (struct sockaddr *)&sun, sizeof(sun)));
	a = SYS(accept(l, NULL, NULL));
	SYS(send(c, "x", 1, 0));
	len = sizeof(b);
	check(recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&b, &len) == 1 && len == 0,
	    "%s: recvfrom from an unbound peer: length 0", tn);
	close(c);
	close(a);
	close(l);
}

static void
t_dgram(const char *dir)
{
	const char *rpath = path_in(dir, "rcv"), *spath = path_in(dir, "snd");
	struct sockaddr_un to, from;
	socklen_t len;
	char buf[8];
	int r, s, u;

	r = bound_whole(SOCK_DGRAM, rpath);
	s = bound_whole(SOCK_DGRAM, spath);
	sun_of(&to, rpath);
	SYS(sendto(s, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)));
	len = sizeof(from);
	memset(&from, 0, sizeof(from));
	check(recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) == 1 &&
	    len == exact(spath) && strcmp(from.sun_path, spath) == 0,
	    "dgram: recvfrom gives the sender's name, exact length");
	u = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	SYS(sendto(u, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)));
	len = sizeof(from);
	check(recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) == 1 && len == 0,
	    "dgram: recvfrom from an unbound sender: length 0");
	close(r);
	close(s);
	close(u);
}

static void
t_tcp(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_storage from;
	socklen_t len = sizeof(sin);
	char buf[8];
	int l, c, a;

	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(l, 5));
	SYS(getsockname(l, (struct sockaddr *)&sin, &len));
	c = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(connect(c, (struct sockaddr *)&sin, sizeof(sin)));
	a = SYS(accept(l, NULL, NULL));
	SYS(send(c, "x", 1, 0));
	len = sizeof(from);
	memset(&from, 0x55, sizeof(from));
	check(recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) == 1 && len == 0,
	    "tcp: recvfrom names no sender (length 0)");
	SYS(send(c, "y", 1, 0));
	len = sizeof(from);
	check(recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) == 1 && len == 0,
	    "tcp: nor the next time");
	close(c);
	close(a);
	close(l);
}

int
main(int argc, char **argv)
{
	if (argc != 2)
		bail("usage: unix_names DIR");
	t_start(30);
	t_getsockname(argv[1]);
	t_connected(argv[1], SOCK_STREAM, "stream");
	t_connected(argv[1], SOCK_SEQPACKET, "seqpacket");
	t_dgram(argv[1]);
	t_tcp();
	return t_end();
}
