/*
 * lowest_fd: the numbers a program did not open stay free in it (issue
 * 10; libuv's spawn_fs_open).  The parent opens a file close-on-exec and
 * passes one end of a UNIX socketpair to a child that exec's itself; the
 * child uses that socket (on uipc its library then talks to uipcd), and
 * the file's number must be closed there, and the next open get it, as on
 * Linux, where the lowest free number is always the next one given.
 *
 *   lowest_fd                  the parent
 *   lowest_fd child SOCK N     the child: SOCK the socket, N the number
 */
#include "tap.h"

static int
child(int s, int n)
{
	struct sockaddr_un sun;
	socklen_t l = sizeof(sun);
	int f;

	check_ok(getsockname(s, (struct sockaddr *)&sun, &l), "child: getsockname on the inherited socket");
	check_eq(write(s, "x", 1), 1, "child: write on it");
	check_errno(fcntl(n, F_GETFD), EBADF, "child: the parent's close-on-exec number %d is closed", n);
	check_errno(write(n, "x", 1), EBADF, "child: a write to it fails (EBADF)");
	f = open("/dev/null", O_RDONLY | O_CLOEXEC);
	check_eq(f, n, "child: the next open gets that lowest free number");
	return t_failed != 0;
}

int
main(int argc, char **argv)
{
	char a1[16], a2[16], c;
	int n, sp[2], st;
	pid_t pid;

	alarm(30);
	if (argc == 4 && strcmp(argv[1], "child") == 0)
		return child(atoi(argv[2]), atoi(argv[3]));
	n = SYS(open("/dev/null", O_RDWR | O_CLOEXEC));
	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sp));
	fflush(stdout);
	if ((pid = SYS(fork())) == 0) {
		close(sp[0]);
		snprintf(a1, sizeof(a1), "%d", sp[1]);
		snprintf(a2, sizeof(a2), "%d", n);
		execl(argv[0], argv[0], "child", a1, a2, (char *)NULL);
		_exit(127);
	}
	close(sp[1]);
	check_eq(read(sp[0], &c, 1), 1, "parent: the child wrote on the socket");
	SYS(waitpid(pid, &st, 0));
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child exited 0");
	return t_failed != 0;
}
