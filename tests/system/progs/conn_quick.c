/*
 * conn_quick: what issue 9's quicker connection paths must keep.
 *
 *  - accept and accept4 hand back a descriptor close-on-exec and
 *    non-blocking exactly as asked (the shim no longer clears the flag
 *    afterwards, and takes the new socket's kind from the listener), for
 *    TCP and for a UNIX seqpacket listener, whose accepted socket keeps
 *    message boundaries.
 *  - a copy of the caller's memory in a child reads and writes the
 *    child's memory, not the parent's: after fork() and after a raw
 *    clone(2) that libc never sees (the shim keeps its pid; a stale one
 *    would move bytes from and to the parent, which is still alive);
 *    and in a raw clone's child whose vfork child copied first and then
 *    exec'd a program that is still running (a pid kept by that vfork
 *    child would name the other program's memory).
 *
 * Usage: conn_quick DIR (for the UNIX-domain path).
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "tap.h"

static int
tcp_listener(struct sockaddr_in *sin)
{
	socklen_t l = sizeof(*sin);
	int s = SYS(socket(AF_INET, SOCK_STREAM, 0));

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	SYS(bind(s, (struct sockaddr *)sin, sizeof(*sin)));
	SYS(listen(s, 8));
	SYS(getsockname(s, (struct sockaddr *)sin, &l));
	return s;
}

/* One accept with flags from ls after connecting c; checks its flags. */
static void
accept_flags(const char *what, int ls, int c, int flags)
{
	int a = accept4(ls, NULL, NULL, flags), fd, fl;

	check(a >= 0, "%s accept4(%s%s): a descriptor", what,
	    flags & SOCK_CLOEXEC ? "SOCK_CLOEXEC" : "0", flags & SOCK_NONBLOCK ? "|SOCK_NONBLOCK" : "");
	if (a < 0)
		return;
	fd = fcntl(a, F_GETFD);
	fl = fcntl(a, F_GETFL);
	check(!!(fd & FD_CLOEXEC) == !!(flags & SOCK_CLOEXEC), "%s: close-on-exec %s", what,
	    flags & SOCK_CLOEXEC ? "set" : "clear");
	check(!!(fl & O_NONBLOCK) == !!(flags & SOCK_NONBLOCK), "%s: O_NONBLOCK %s", what,
	    flags & SOCK_NONBLOCK ? "set" : "clear");
	close(a);
	close(c);
}

static void
tcp_accepts(void)
{
	struct sockaddr_in sin;
	int ls = tcp_listener(&sin), i;
	static const int fl[] = { 0, SOCK_CLOEXEC, SOCK_NONBLOCK, SOCK_CLOEXEC | SOCK_NONBLOCK };

	for (i = 0; i < 4; i++) {
		int c = SYS(socket(AF_INET, SOCK_STREAM, 0));

		SYS(connect(c, (struct sockaddr *)&sin, sizeof(sin)));
		accept_flags("tcp", ls, c, fl[i]);
	}
	close(ls);
}

static void
seqpacket_accepts(const char *dir)
{
	const char *path = path_in(dir, "seq");
	int ls = listen_at(path, SOCK_SEQPACKET), c, a;
	char buf[16];
	ssize_t n;

	c = connect_to(path, SOCK_SEQPACKET);
	check(c >= 0, "seqpacket connect");
	accept_flags("seqpacket", ls, c, SOCK_CLOEXEC);
	c = connect_to(path, SOCK_SEQPACKET);
	a = accept(ls, NULL, NULL);
	check(a >= 0 && !(fcntl(a, F_GETFD) & FD_CLOEXEC), "seqpacket accept: close-on-exec clear");
	SYS(send(c, "ab", 2, 0));
	SYS(send(c, "cde", 3, 0));
	n = recv(a, buf, sizeof(buf), 0);
	check(n == 2, "seqpacket accepted socket keeps message boundaries (first read: %zd bytes, want 2)", n);
	n = recv(a, buf, sizeof(buf), 0);
	check(n == 3, "seqpacket accepted socket: second message %zd bytes, want 3", n);
	close(a);
	close(c);
	close(ls);
	unlink(path);
}

/*
 * In a child: a timeout set from, and read back into, the child's own
 * copy of a global the parent holds a different value in.
 */
static struct timeval tv_global = { 1, 0 };

static int
child_copies(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	socklen_t l = sizeof(tv_global);

	if (s < 0)
		return 10;
	tv_global = (struct timeval){ 7, 0 };
	if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv_global, sizeof(tv_global)) < 0)
		return 11;
	tv_global = (struct timeval){ 3, 0 };
	if (getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv_global, &l) < 0)
		return 12;
	close(s);
	return tv_global.tv_sec == 7 ? 0 : 13;
}

/* In a raw clone's child: a vfork child copies, then execs sleep; then this one copies. */
static int
vfork_then_copies(void)
{
	struct timeval tv = { 5, 0 };
	int s = socket(AF_INET, SOCK_STREAM, 0), st;
	pid_t v;

	if (s < 0)
		return 20;
	if ((v = vfork()) == 0) {
		setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		execl("/bin/sleep", "sleep", "20", (char *)NULL);
		_exit(127);
	}
	if (v < 0)
		return 21;
	st = child_copies();
	kill(v, SIGKILL);
	waitpid(v, NULL, 0);
	close(s);
	return st;
}

static void
copies_in(const char *what, pid_t pid)
{
	int st;

	if (pid == 0)
		_exit(strstr(what, "vfork") != NULL ? vfork_then_copies() : child_copies());
	check(pid > 0, "%s: a child", what);
	if (pid < 0)
		return;
	st = reap(pid);
	check(st == 0, "%s: the child's setsockopt/getsockopt copied its own memory (status %d)", what, st);
	check(tv_global.tv_sec == 1, "%s: the parent's memory untouched (%ld)", what, (long)tv_global.tv_sec);
}

int
main(int argc, char **argv)
{
	int s;

	if (argc < 2)
		bail("usage: conn_quick DIR");
	t_start(30);
	tcp_accepts();
	seqpacket_accepts(argv[1]);

	/* The parent copies first, so that whatever it keeps is its own pid. */
	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv_global, sizeof(tv_global)));
	copies_in("fork", fork());
	fflush(stdout);
	copies_in("raw clone", (pid_t)syscall(SYS_clone, (long)SIGCHLD, 0L, 0L, 0L, 0L));
	fflush(stdout);
	copies_in("raw clone, then vfork and exec", (pid_t)syscall(SYS_clone, (long)SIGCHLD, 0L, 0L, 0L, 0L));
	close(s);
	return t_end();
}
