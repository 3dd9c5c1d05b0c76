/*
 * raw_syscalls: socket calls made with syscall(2), past libc's functions
 * and so past any preload shim, must still be uipc's (DESIGN.md, "A net
 * under the shim").  Run on uipc only (its checks name what a uipc socket
 * is: one end of a host AF_UNIX socketpair, never a host AF_INET socket);
 * the test runs it in a network namespace of its own.
 *
 *	raw_syscalls
 *
 * A server made with libc's calls on 127.0.0.1 (uipc's loopback) in a
 * child; the parent's TCP and UDP sockets, connect, data, names and
 * sendmmsg are all raw system calls.  Then the program's own SIGSYS
 * handler: installed, answered back, called for a SIGSYS of its own, and
 * the raw calls still uipc's afterwards; posix_spawn still works.
 */
#include <netinet/in.h>
#include <arpa/inet.h>
#include <spawn.h>
#include <sys/syscall.h>

#include "tap.h"

#define R(call, ...)	syscall(SYS_##call, __VA_ARGS__)

/* Whether /proc/net/FILE (this network namespace's) lists socket INODE. */
static int
listed(const char *file, unsigned long inode)
{
	char path[64], line[512];
	unsigned long ino;
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/net/%s", file);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char *p = line;
		int col;

		if (strcmp(file, "unix") == 0) {	/* Num RefCount Protocol Flags Type St Inode Path */
			if (sscanf(line, "%*s %*s %*s %*s %*s %*s %lu", &ino) == 1 && ino == inode)
				found = 1;
			continue;
		}
		for (col = 0; col < 9 && p != NULL; col++) {	/* the 10th column: inode */
			p += strspn(p, " ");
			p = strchr(p, ' ');
		}
		if (p != NULL && sscanf(p, "%lu", &ino) == 1 && ino == inode)
			found = 1;
	}
	fclose(f);
	return found;
}

static unsigned long
inode_of(int fd)
{
	char path[64], link[64];
	unsigned long ino = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if ((n = readlink(path, link, sizeof(link) - 1)) <= 0)
		return 0;
	link[n] = '\0';
	sscanf(link, "socket:[%lu]", &ino);
	return ino;
}

/* A uipc socket: a host AF_UNIX socket (the channel), in no inet table. */
static int
is_uipc(int fd)
{
	unsigned long ino = inode_of(fd);

	return ino != 0 && listed("unix", ino) && !listed("tcp", ino) && !listed("udp", ino) &&
	    !listed("raw", ino) && !listed("tcp6", ino) && !listed("udp6", ino);
}

static volatile sig_atomic_t own_sigsys;

static void
on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (sig == SIGSYS && si->si_code == SI_TKILL)
		own_sigsys++;
}

static int
serve(int ls)
{
	char buf[16];
	ssize_t n;
	int s;

	if ((s = accept(ls, NULL, NULL)) < 0)
		return 1;
	if ((n = read(s, buf, sizeof(buf))) <= 0)
		return 1;
	for (int i = 0; i < n; i++)
		buf[i] = (char)(buf[i] ^ 0x20);	/* the answer differs from the question */
	return write(s, buf, (size_t)n) == n ? 0 : 1;
}

int
main(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET }, got;
	socklen_t len = sizeof(sin);
	struct sigaction sa, old;
	char buf[16];
	int ls, fd, u, st;
	pid_t pid;

	alarm(30);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((ls = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(ls, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(ls, 1) < 0 ||
	    getsockname(ls, (struct sockaddr *)&sin, &len) < 0)
		bail("server: %s", strerror(errno));
	if ((pid = fork()) == 0)
		_exit(serve(ls));
	close(ls);

	fd = (int)R(socket, AF_INET, SOCK_STREAM, 0);
	check(fd >= 0, "socket(AF_INET, SOCK_STREAM) by syscall(2) gives a descriptor");
	check(fd >= 0 && is_uipc(fd), "it is a uipc socket (an AF_UNIX channel), no host TCP socket");
	check(R(connect, fd, &sin, sizeof(sin)) == 0, "connect by syscall(2) reaches the uipc server on 127.0.0.1:%d",
	    ntohs(sin.sin_port));
	check(R(sendto, fd, "hello", 5, 0, NULL, 0) == 5, "sendto by syscall(2) sends");
	memset(buf, 0, sizeof(buf));
	check(R(recvfrom, fd, buf, sizeof(buf), MSG_WAITALL, NULL, NULL) == 5 && memcmp(buf, "HELLO", 5) == 0,
	    "recvfrom by syscall(2) reads the server's answer");
	len = sizeof(got);
	memset(&got, 0, sizeof(got));
	{
		long r = R(getpeername, fd, &got, &len);
		int e = errno;

		check(r == 0 && got.sin_port == sin.sin_port,
		    "getpeername by syscall(2) names the server (got %ld %s, port %d)",
		    r, r < 0 ? strerror(e) : "", ntohs(got.sin_port));
	}
	close(fd);
	check(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "the server served");

	/* Message sockets: their framing must be served too. */
	u = (int)R(socket, AF_INET, SOCK_DGRAM, 0);
	sin.sin_port = 0;
	len = sizeof(sin);
	check(u >= 0 && is_uipc(u), "a UDP socket by syscall(2) is a uipc socket, no host UDP socket");
	check(R(bind, u, &sin, sizeof(sin)) == 0 && R(getsockname, u, &sin, &len) == 0 && sin.sin_port != 0,
	    "bind and getsockname by syscall(2)");
	{
		struct iovec iov[2] = { { "one", 3 }, { "three", 5 } };
		struct mmsghdr mm[2];

		memset(mm, 0, sizeof(mm));
		for (int i = 0; i < 2; i++) {
			mm[i].msg_hdr.msg_name = &sin;
			mm[i].msg_hdr.msg_namelen = sizeof(sin);
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		check(R(sendmmsg, u, mm, 2, 0) == 2, "sendmmsg by syscall(2) sends two datagrams to itself");
	}
	memset(buf, 0, sizeof(buf));
	check(R(recvfrom, u, buf, sizeof(buf), 0, NULL, NULL) == 3 && memcmp(buf, "one", 3) == 0,
	    "recvfrom by syscall(2) gets the first datagram whole and alone");
	check(R(recvfrom, u, buf, sizeof(buf), 0, NULL, NULL) == 5 && memcmp(buf, "three", 5) == 0,
	    "and then the second");
	close(u);

	errno = 0;
	check(R(socket, AF_INET6, SOCK_STREAM, 0) < 0 && errno == EAFNOSUPPORT,
	    "socket(AF_INET6) by syscall(2) fails with EAFNOSUPPORT");
	errno = 0;
	check(R(socket, AF_NETLINK, SOCK_RAW, 0) < 0 && errno == EAFNOSUPPORT,
	    "socket(AF_NETLINK) by syscall(2) fails with EAFNOSUPPORT");

	{
		/* io_uring's socket operations are no system calls: no ring at all. */
		char params[120];

		memset(params, 0, sizeof(params));
		errno = 0;
		check(R(io_uring_setup, 1, params) < 0 && errno == ENOSYS,
		    "io_uring_setup fails with ENOSYS (its socket operations would pass any filter)");
	}

	/* The program's own SIGSYS handler keeps working. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	check(sigaction(SIGSYS, &sa, NULL) == 0, "the program installs its own SIGSYS handler");
	check(sigaction(SIGSYS, NULL, &old) == 0 && old.sa_sigaction == on_sigsys,
	    "sigaction answers the program's handler back");
	raise(SIGSYS);
	check(own_sigsys == 1, "a SIGSYS of the program's own reaches its handler");
	fd = (int)R(socket, AF_INET, SOCK_STREAM, 0);
	check(fd >= 0 && is_uipc(fd), "socket by syscall(2) is still uipc's after that");
	if (fd >= 0)
		close(fd);
	check(own_sigsys == 1, "the program's handler saw none of the shim's traps");
	{
		sigset_t all, now;

		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		fd = (int)R(socket, AF_INET, SOCK_DGRAM, 0);
		check(fd >= 0 && is_uipc(fd), "with every signal blocked, socket by syscall(2) is still served");
		sigprocmask(SIG_BLOCK, NULL, &now);
		check(!sigismember(&now, SIGSYS), "SIGSYS stays unblocked (a blocked one would kill the process)");
		sigprocmask(SIG_UNBLOCK, &all, NULL);
	}
	{
		/* glibc's posix_spawn child asks for every handler with all signals blocked. */
		char *argv[] = { "true", NULL };
		extern char **environ;

		check(posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ) == 0 &&
		    waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "posix_spawn's child runs and ends well (it meets no trap with SIGSYS blocked)");
	}
	return t_failed ? 1 : 0;
}
