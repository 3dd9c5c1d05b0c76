/*
 * envkeep: a program that takes its environment away, then starts another
 * (issue 9: the link to uipcd survives what programs do to their
 * environment).
 *
 *   envkeep parent DIR HOST MODE [hold]
 *	listens at DIR/p-MODE.sock, clears its environment (clearenv), and
 *	starts a child by MODE: fork (no exec), execve, execv, execvp,
 *	execvpe, execl, execlp, execle, posix_spawn, posix_spawnp, system,
 *	popen; every exec with an empty environment.  closerange: as fork,
 *	after closing every descriptor above the listener (close_range, as
 *	daemons do: the shim's own connection to uipcd goes too), opening
 *	files in the numbers freed, and making a socket.  The child connects to
 *	DIR/p-MODE.sock and sends its gethostname(); the parent checks that
 *	the connection came (both are on the same uipcd: a process on
 *	another, or on none, finds no listener there) and that the name is
 *	HOST.  With "hold", the parent then makes DIR/MODE.held and keeps the
 *	connection until DIR/MODE.checked exists (for the test's netstat).
 *   envkeep child DIR HOST MODE
 *	the child's side, after an exec.
 *   envkeep afterdeath DIR
 *	makes a socket, forks a child that waits, makes DIR/joined, and
 *	waits for DIR/killed (the test has killed uipcd, and may have started
 *	another at the same path, or one at the default path); then, with its
 *	environment cleared: socket() fails with ENETDOWN, three times, in
 *	the parent and in the child forked before the death.
 *
 * Plain BSD sockets: on the Linux kernel the same checks hold (HOST is
 * the machine's name there), but for afterdeath, which is uipc's alone.
 */
#include "tap.h"

#include <poll.h>
#include <spawn.h>

static char self[4096];

static void
child_side(const char *dir, const char *mode)
{
	char name[256], path[600];
	int s;

	snprintf(path, sizeof(path), "%s/p-%s.sock", dir, mode);
	if (gethostname(name, sizeof(name)) < 0)
		strcpy(name, "(gethostname failed)");
	if ((s = connect_to(path, SOCK_STREAM)) < 0) {
		fprintf(stderr, "envkeep child %s: connect %s: %s\n", mode, path, strerror(errno));
		_exit(1);
	}
	(void)!write(s, name, strlen(name));
	shutdown(s, SHUT_WR);
	/*
	 * Held until the parent is done with it (EOF), for netstat; not
	 * under system and popen, which the parent waits for first.
	 */
	if (strcmp(mode, "system") != 0 && strcmp(mode, "popen") != 0)
		while (read(s, name, sizeof(name)) > 0)
			;
	_exit(0);
}

/* Starts the child by mode; its pid, or 0 when system/popen ran it. */
static pid_t
start(const char *dir, const char *host, const char *mode)
{
	char *argv[] = { "envkeep", "child", (char *)dir, (char *)host, (char *)mode, NULL };
	char *noenv[] = { NULL };
	char cmd[8192];
	pid_t pid = 0;
	FILE *f;

	if (strcmp(mode, "system") == 0 || strcmp(mode, "popen") == 0) {
		snprintf(cmd, sizeof(cmd), "exec '%s' child '%s' '%s' %s", self, dir, host, mode);
		if (mode[0] == 's') {
			check_eq(system(cmd), 0, "system: the shell and its child ran");
		} else if ((f = popen(cmd, "r")) == NULL) {
			check(0, "popen: %s", strerror(errno));
		} else {
			check_eq(pclose(f), 0, "popen: the shell and its child ran");
		}
		return 0;
	}
	if (strcmp(mode, "posix_spawn") == 0 || strcmp(mode, "posix_spawnp") == 0) {
		int r = mode[11] == 'p' ? posix_spawnp(&pid, self, NULL, NULL, argv, noenv) :
		    posix_spawn(&pid, self, NULL, NULL, argv, noenv);

		if (r != 0)
			bail("%s: %s", mode, strerror(r));
		return pid;
	}
	pid = SYS(fork());
	if (pid != 0)
		return pid;
	if (strcmp(mode, "fork") == 0 || strcmp(mode, "closerange") == 0)
		child_side(dir, mode);
	else if (strcmp(mode, "execve") == 0)
		execve(self, argv, noenv);
	else if (strcmp(mode, "execv") == 0)
		execv(self, argv);
	else if (strcmp(mode, "execvp") == 0)
		execvp(self, argv);
	else if (strcmp(mode, "execvpe") == 0)
		execvpe(self, argv, noenv);
	else if (strcmp(mode, "execl") == 0)
		execl(self, "envkeep", "child", dir, host, mode, (char *)NULL);
	else if (strcmp(mode, "execlp") == 0)
		execlp(self, "envkeep", "child", dir, host, mode, (char *)NULL);
	else if (strcmp(mode, "execle") == 0)
		execle(self, "envkeep", "child", dir, host, mode, (char *)NULL, noenv);
	fprintf(stderr, "envkeep: %s %s: %s\n", mode, self, strerror(errno));
	_exit(127);
}

static int
parent(const char *dir, const char *host, const char *mode, int hold)
{
	char path[600], name[256] = "", flag[700];
	struct pollfd p;
	pid_t pid;
	int l, c = -1, i, st;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/p-%s.sock", dir, mode);
	l = listen_at(path, SOCK_STREAM);
	clearenv();
	check(getenv("PATH") == NULL && getenv("LD_PRELOAD") == NULL,
	    "%s: the environment is empty", mode);
	if (strcmp(mode, "closerange") == 0) {
		int s;

		SYS(close_range((unsigned)l + 1, ~0u, 0));
		for (i = 0; i < 4; i++)
			SYS(open("/dev/null", O_RDONLY));
		s = socket(AF_UNIX, SOCK_DGRAM, 0);
		check_ok(s, "closerange: a socket after every descriptor above %d closed", l);
		close(s);
	}
	pid = start(dir, host, mode);
	/* The connection, or the child's end without one (10 s at most). */
	p = (struct pollfd){ l, POLLIN, 0 };
	for (i = 0; i < 100 && c < 0; i++) {
		if (poll(&p, 1, 100) == 1)
			c = accept(l, NULL, NULL);
		else if (pid > 0 && waitpid(pid, &st, WNOHANG) == pid)
			pid = -1, i = 95;	/* look a few more times, then give up */
	}
	if (!check(c >= 0, "%s: the child reached the parent's listener (same uipcd)", mode))
		return 1;
	n = read_full(c, name, sizeof(name) - 1);
	name[n > 0 ? n : 0] = '\0';
	if (!check(strcmp(name, host) == 0, "%s: the child's gethostname() is %s", mode, host))
		diag("  got '%s'", name);
	if (hold) {
		snprintf(flag, sizeof(flag), "%s/%s.held", dir, mode);
		close(SYS(open(flag, O_WRONLY | O_CREAT, 0644)));
		snprintf(flag, sizeof(flag), "%s/%s.checked", dir, mode);
		for (i = 0; i < 2000 && access(flag, F_OK) != 0; i++)
			msleep(10);
	}
	close(c);
	if (pid > 0)
		check_eq(reap(pid), 0, "%s: the child exited 0", mode);
	return 0;
}

static void
wait_file(const char *path)
{
	int i;

	for (i = 0; i < 3000 && access(path, F_OK) != 0; i++)
		msleep(10);
	if (i == 3000)
		bail("no %s", path);
}

static int
afterdeath(const char *dir)
{
	pid_t pid;
	int s, i, st;

	s = SYS(socket(AF_UNIX, SOCK_STREAM, 0));
	close(s);
	pid = SYS(fork());
	if (pid == 0) {
		/* Forked before the death; asks only after it. */
		wait_file(path_in(dir, "killed"));
		clearenv();
		s = socket(AF_UNIX, SOCK_DGRAM, 0);
		_exit(s == -1 && errno == ENETDOWN ? 0 : 1);
	}
	close(SYS(open(path_in(dir, "joined"), O_WRONLY | O_CREAT, 0644)));
	wait_file(path_in(dir, "killed"));
	clearenv();
	for (i = 0; i < 3; i++) {
		s = socket(AF_INET, SOCK_DGRAM, 0);
		check_errno(s, ENETDOWN, "uipcd gone: socket() #%d fails with ENETDOWN", i + 1);
	}
	st = reap(pid);
	check_eq(st, 0, "a child forked before the death: its socket() fails with ENETDOWN too");
	return 0;
}

int
main(int argc, char **argv)
{
	ssize_t n;

	t_start(60);
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
		bail("readlink: %s", strerror(errno));
	self[n] = '\0';
	if (argc == 5 && strcmp(argv[1], "child") == 0)
		child_side(argv[2], argv[4]);
	if ((argc == 5 || argc == 6) && strcmp(argv[1], "parent") == 0) {
		parent(argv[2], argv[3], argv[4], argc == 6);
		return t_end();
	}
	if (argc == 3 && strcmp(argv[1], "afterdeath") == 0) {
		afterdeath(argv[2]);
		return t_end();
	}
	bail("usage: envkeep parent DIR HOST MODE [hold] | afterdeath DIR");
}
