/*
 * names WHAT DIR: UNIX-domain names in the file system (primer §2.3, §2.4;
 * DESIGN.md "UNIX-domain names live in the host file system").
 *
 *   mode         bind makes an S_IFSOCK node, mode 0777 less the umask,
 *                owned by the caller, relative to the working directory
 *   EADDRINUSE   bind where a node or file already is
 *   ENOENT       connect or sendto where nothing is
 *   ECONNREFUSED connect to a node no socket is bound (or listening) to
 *   EPROTOTYPE   connect to a socket of another type
 *   unlink       unlink while bound: the bound socket keeps working
 *   serve        (setup for EACCES) listeners with modes 0755 and 0777,
 *                and one in a directory of mode 0700; waits to be killed
 *   EACCES       (run unprivileged) connect without write permission
 */
#include "tap.h"

static int
sock_bind(int type, const char *path)
{
	struct sockaddr_un sun;
	socklen_t len = sun_of(&sun, path);
	int s = SYS(socket(AF_UNIX, type, 0));

	if (bind(s, (struct sockaddr *)&sun, len) == -1) {
		int e = errno;
		close(s);
		errno = e;
		return -1;
	}
	return s;
}

static int
sendto_path(int s, const char *path)
{
	struct sockaddr_un sun;
	socklen_t len = sun_of(&sun, path);

	return sendto(s, "x", 1, 0, (struct sockaddr *)&sun, len);
}

static void
t_mode(const char *dir)
{
	static const struct { mode_t umask, want; } m[] = {
		{ 022, 0755 }, { 077, 0700 }, { 0, 0777 }, { 027, 0750 },
	};
	struct sockaddr_un sun;
	socklen_t len;
	struct stat st;
	char name[64], sub[256];
	unsigned i;
	int s, c;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		snprintf(name, sizeof(name), "mode%03o", (unsigned)m[i].umask);
		umask(m[i].umask);
		s = sock_bind(SOCK_STREAM, path_in(dir, name));
		check_ok(s, "bind with umask %03o", (unsigned)m[i].umask);
		check(stat(path_in(dir, name), &st) == 0 && S_ISSOCK(st.st_mode),
		    "umask %03o: bind made a socket node (S_IFSOCK)", (unsigned)m[i].umask);
		check_eq(st.st_mode & 07777, m[i].want, "umask %03o: its mode is %03o",
		    (unsigned)m[i].umask, (unsigned)m[i].want);
		if (i == 0) {
			check_eq(st.st_uid, geteuid(), "the node belongs to the caller's uid");
			check_eq(st.st_gid, getegid(), "and to the caller's gid");
		}
		close(s);
		check(stat(path_in(dir, name), &st) == 0, "the node stays after close");
		unlink(path_in(dir, name));
	}
	umask(022);

	/* A relative name is resolved in the working directory. */
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	SYS(mkdir(sub, 0755));
	SYS(chdir(sub));
	s = sock_bind(SOCK_STREAM, "rel.sock");
	check_ok(s, "bind to a relative name");
	check(stat(path_in(sub, "rel.sock"), &st) == 0 && S_ISSOCK(st.st_mode),
	    "the node is made in the working directory");
	len = sizeof(sun);
	memset(&sun, 0, sizeof(sun));
	SYS(getsockname(s, (struct sockaddr *)&sun, &len));
	check(strcmp(sun.sun_path, "rel.sock") == 0 &&
	    len == offsetof(struct sockaddr_un, sun_path) + sizeof("rel.sock"),
	    "getsockname gives the name as bound, relative");
	SYS(listen(s, 5));
	c = connect_to("rel.sock", SOCK_STREAM);
	check_ok(c, "connect by the relative name");
	close(c);
	c = connect_to(path_in(sub, "rel.sock"), SOCK_STREAM);
	check_ok(c, "connect by the absolute name");
	close(c);
	SYS(chdir("/"));
	c = connect_to("rel.sock", SOCK_STREAM);
	check_errno(c, ENOENT, "the relative name means nothing from another directory");
	close(s);

	s = sock_bind(SOCK_STREAM, path_in(dir, "nodir/x.sock"));
	check_errno(s, ENOENT, "bind in a missing directory: ENOENT");
	s = sock_bind(SOCK_STREAM, path_in(dir, "twice"));
	{
		struct sockaddr_un again;
		socklen_t alen = sun_of(&again, path_in(dir, "twice2"));
		check_errno(bind(s, (struct sockaddr *)&again, alen), EINVAL,
		    "bind of a socket already bound: EINVAL");
	}
	close(s);
}

static void
t_eaddrinuse(const char *dir)
{
	const char *live = path_in(dir, "live"), *dead = path_in(dir, "dead");
	const char *file = path_in(dir, "file");
	int s, t;

	s = sock_bind(SOCK_STREAM, live);
	SYS(listen(s, 5));
	check_errno(sock_bind(SOCK_STREAM, live), EADDRINUSE, "bind to the name of a live socket: EADDRINUSE");
	check_errno(sock_bind(SOCK_DGRAM, live), EADDRINUSE, "from a datagram socket too: EADDRINUSE");
	t = sock_bind(SOCK_STREAM, dead);
	close(t);
	check_errno(sock_bind(SOCK_STREAM, dead), EADDRINUSE,
	    "bind to a node left by a closed socket: EADDRINUSE");
	close(SYS(open(file, O_CREAT | O_WRONLY, 0644)));
	check_errno(sock_bind(SOCK_STREAM, file), EADDRINUSE, "bind to a regular file's name: EADDRINUSE");
	SYS(unlink(dead));
	t = sock_bind(SOCK_STREAM, dead);
	check_ok(t, "once the node is unlinked, bind works");
	close(t);
	close(s);
}

static void
t_enoent(const char *dir)
{
	int d;

	check_errno(connect_to(path_in(dir, "none"), SOCK_STREAM), ENOENT,
	    "stream connect to a missing name: ENOENT");
	check_errno(connect_to(path_in(dir, "none"), SOCK_DGRAM), ENOENT,
	    "datagram connect to a missing name: ENOENT");
	check_errno(connect_to(path_in(dir, "none"), SOCK_SEQPACKET), ENOENT,
	    "seqpacket connect to a missing name: ENOENT");
	check_errno(connect_to(path_in(dir, "nodir/none"), SOCK_STREAM), ENOENT,
	    "connect through a missing directory: ENOENT");
	d = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	check_errno(sendto_path(d, path_in(dir, "none")), ENOENT, "sendto a missing name: ENOENT");
	close(d);
}

static void
t_econnrefused(const char *dir)
{
	const char *dead = path_in(dir, "dead"), *fifo = path_in(dir, "fifo");
	const char *file = path_in(dir, "file"), *mk = path_in(dir, "mknod");
	const char *nl = path_in(dir, "notlistening"), *dg = path_in(dir, "deaddgram");
	int s, d;

	close(sock_bind(SOCK_STREAM, dead));
	check_errno(connect_to(dead, SOCK_STREAM), ECONNREFUSED,
	    "connect to a node left by a closed socket: ECONNREFUSED");
	SYS(mknod(mk, S_IFSOCK | 0777, 0));
	check_errno(connect_to(mk, SOCK_STREAM), ECONNREFUSED,
	    "connect to a socket node made by mknod: ECONNREFUSED");
	close(SYS(open(file, O_CREAT | O_WRONLY, 0644)));
	check_errno(connect_to(file, SOCK_STREAM), ECONNREFUSED,
	    "connect to a regular file: ECONNREFUSED (Linux)");
	SYS(mkfifo(fifo, 0644));
	check_errno(connect_to(fifo, SOCK_STREAM), ECONNREFUSED, "connect to a fifo: ECONNREFUSED (Linux)");
	s = sock_bind(SOCK_STREAM, nl);
	check_errno(connect_to(nl, SOCK_STREAM), ECONNREFUSED,
	    "connect to a bound stream socket not listening: ECONNREFUSED");
	close(s);
	close(sock_bind(SOCK_DGRAM, dg));
	d = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	check_errno(sendto_path(d, dg), ECONNREFUSED, "sendto a node left by a closed datagram socket: ECONNREFUSED");
	check_errno(connect_to(dg, SOCK_DGRAM), ECONNREFUSED, "datagram connect to it: ECONNREFUSED");
	close(d);
}

static void
t_eprototype(const char *dir)
{
	const char *st = path_in(dir, "stream"), *dg = path_in(dir, "dgram"), *sp = path_in(dir, "seqpacket");
	int a = listen_at(st, SOCK_STREAM), b = listen_at(dg, SOCK_DGRAM), c = listen_at(sp, SOCK_SEQPACKET), d;

	check_errno(connect_to(dg, SOCK_STREAM), EPROTOTYPE, "stream connect to a datagram socket: EPROTOTYPE");
	check_errno(connect_to(dg, SOCK_SEQPACKET), EPROTOTYPE, "seqpacket connect to a datagram socket: EPROTOTYPE");
	check_errno(connect_to(st, SOCK_DGRAM), EPROTOTYPE, "datagram connect to a stream socket: EPROTOTYPE");
	check_errno(connect_to(st, SOCK_SEQPACKET), EPROTOTYPE, "seqpacket connect to a stream socket: EPROTOTYPE");
	check_errno(connect_to(sp, SOCK_STREAM), EPROTOTYPE, "stream connect to a seqpacket socket: EPROTOTYPE");
	d = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	check_errno(sendto_path(d, st), EPROTOTYPE, "sendto a stream socket's name: EPROTOTYPE");
	close(d);
	close(a); close(b); close(c);
}

static void
t_unlink(const char *dir)
{
	const char *path = path_in(dir, "s"), *dpath = path_in(dir, "d");
	struct sockaddr_un sun;
	socklen_t len;
	char buf[16];
	int l, c1, a1, c2, a2, l2, c3, d, dc;

	l = listen_at(path, SOCK_STREAM);
	c1 = connect_to(path, SOCK_STREAM);
	a1 = SYS(accept(l, NULL, NULL));
	c2 = connect_to(path, SOCK_STREAM);		/* queued, not yet accepted */
	check_ok(unlink(path), "unlink the name of a bound, listening socket");
	check(write(c1, "ab", 2) == 2 && read(a1, buf, sizeof(buf)) == 2, "the existing connection still carries data");
	check(write(a1, "cd", 2) == 2 && read(c1, buf, sizeof(buf)) == 2, "both ways");
	a2 = accept(l, NULL, NULL);
	check_ok(a2, "a connection queued before the unlink is still accepted");
	check(write(c2, "ef", 2) == 2 && read(a2, buf, sizeof(buf)) == 2, "and works");
	check_errno(connect_to(path, SOCK_STREAM), ENOENT, "a new connect by the name: ENOENT");
	len = sizeof(sun);
	SYS(getsockname(l, (struct sockaddr *)&sun, &len));
	check(strcmp(sun.sun_path, path) == 0, "getsockname still gives the unlinked name");
	l2 = listen_at(path, SOCK_STREAM);
	check(l2 >= 0, "another socket can bind the name again");
	c3 = connect_to(path, SOCK_STREAM);
	check_ok(c3, "a connect by the name now reaches the new socket");
	{
		int flags = fcntl(l, F_GETFL);
		fcntl(l, F_SETFL, flags | O_NONBLOCK);
		check_errno(accept(l, NULL, NULL), EAGAIN, "and not the old one");
		close(SYS(accept(l2, NULL, NULL)));
	}
	close(c1); close(a1); close(c2); close(a2); close(c3); close(l); close(l2);
	unlink(path);

	d = listen_at(dpath, SOCK_DGRAM);
	dc = connect_to(dpath, SOCK_DGRAM);
	SYS(unlink(dpath));
	check_eq(send(dc, "g", 1, 0), 1, "datagram: a sender connected before the unlink still sends");
	check_eq(recv(d, buf, sizeof(buf), MSG_DONTWAIT), 1, "and the unlinked socket receives");
	close(d); close(dc);
}

static void
t_serve(const char *dir)
{
	char closed[256];
	int a, b, c, d;

	a = listen_at(path_in(dir, "ro.sock"), SOCK_STREAM);
	SYS(chmod(path_in(dir, "ro.sock"), 0755));
	b = listen_at(path_in(dir, "rw.sock"), SOCK_STREAM);
	SYS(chmod(path_in(dir, "rw.sock"), 0777));
	d = listen_at(path_in(dir, "ro.dgram"), SOCK_DGRAM);
	SYS(chmod(path_in(dir, "ro.dgram"), 0755));
	snprintf(closed, sizeof(closed), "%s/closed", dir);
	SYS(mkdir(closed, 0700));
	c = listen_at(path_in(closed, "x.sock"), SOCK_STREAM);
	SYS(chmod(path_in(closed, "x.sock"), 0777));
	printf("# ready\n");
	fflush(stdout);
	alarm(0);
	for (;;)
		pause();
	(void)a; (void)b; (void)c; (void)d;
}

static void
t_eacces(const char *dir)
{
	int s, d;

	diag("running as uid %d", (int)geteuid());
	check_errno(connect_to(path_in(dir, "ro.sock"), SOCK_STREAM), EACCES,
	    "connect to a node without write permission: EACCES");
	s = connect_to(path_in(dir, "rw.sock"), SOCK_STREAM);
	check_ok(s, "connect to a node with write permission works");
	close(s);
	check_errno(connect_to(path_in(dir, "closed/x.sock"), SOCK_STREAM), EACCES,
	    "connect through a directory without search permission: EACCES");
	d = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
	check_errno(sendto_path(d, path_in(dir, "ro.dgram")), EACCES,
	    "sendto a datagram node without write permission: EACCES");
	check_errno(sock_bind(SOCK_STREAM, path_in(dir, "mine.sock")), EACCES,
	    "bind in a directory without write permission: EACCES");
	close(d);
}

int
main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(const char *); } t[] = {
		{ "mode", t_mode }, { "EADDRINUSE", t_eaddrinuse }, { "ENOENT", t_enoent },
		{ "ECONNREFUSED", t_econnrefused }, { "EPROTOTYPE", t_eprototype },
		{ "unlink", t_unlink }, { "serve", t_serve }, { "EACCES", t_eacces },
	};
	unsigned i;

	if (argc != 3)
		bail("usage: names WHAT DIR");
	t_start(30);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(argv[1], t[i].name) == 0) {
			t[i].fn(argv[2]);
			return t_end();
		}
	bail("names: unknown WHAT %s", argv[1]);
}
