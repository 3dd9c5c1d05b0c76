/*
 * fig2_server PATH NCLIENTS: the primer's Figure 2 server loop in the UNIX
 * domain, augmented as in §5.6: a SIGCHLD reaper installed without
 * SA_RESTART, so that accept returns EINTR when a child exits and the loop
 * goes on.  Each client is served by a forked child (doit): it greets the
 * client with its pid, reads one request line and echoes it.  The server
 * stops once NCLIENTS children have been reaped, and reports.
 */
#include "tap.h"

static volatile sig_atomic_t reaped, badchild;

static void
reaper(int sig)
{
	int status, e = errno;

	(void)sig;
	while (waitpid(-1, &status, WNOHANG) > 0) {
		reaped++;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			badchild++;
	}
	errno = e;
}

static void
doit(int g)
{
	char line[256], reply[300];
	ssize_t n;
	int len;

	len = snprintf(reply, sizeof(reply), "hello %d\n", (int)getpid());
	if (write_all(g, reply, len) != len)
		_exit(3);
	n = 0;
	while (n < (ssize_t)sizeof(line) - 1) {		/* one line */
		ssize_t r = read(g, line + n, 1);
		if (r <= 0)
			_exit(4);
		if (line[n++] == '\n')
			break;
	}
	line[n] = '\0';
	len = snprintf(reply, sizeof(reply), "echo: %s", line);
	if (write_all(g, reply, len) != len)
		_exit(5);
	_exit(0);
}

int
main(int argc, char **argv)
{
	struct sockaddr_un from;
	int f, nclients, accepted = 0, eintr = 0, other = 0, st;

	if (argc != 3)
		bail("usage: fig2_server PATH NCLIENTS");
	t_start(50);
	nclients = atoi(argv[2]);
	on_signal(SIGCHLD, reaper, 0);		/* sigset(SIGCHLD, reaper) */
	f = listen_at(argv[1], SOCK_STREAM);
	SYS(listen(f, 10));
	for (;;) {
		socklen_t len = sizeof(from);
		int g;

		g = accept(f, (struct sockaddr *)&from, &len);
		if (g < 0) {
			if (errno != EINTR) {
				perror("fig2_server: accept");
				other++;
			} else
				eintr++;
			if (reaped >= nclients)
				break;
			continue;
		}
		accepted++;
		if (fork() == 0) {
			close(f);
			doit(g);
		}
		close(g);
	}
	check_eq(accepted, nclients, "accepted one connection per client");
	check(eintr >= 1, "accept returned EINTR when SIGCHLD arrived, and the loop went on (%d times)", eintr);
	check_eq(other, 0, "accept failed with nothing but EINTR");
	check_eq(reaped, nclients, "the reaper reaped every child");
	check_eq(badchild, 0, "every child served its client and exited 0");
	errno = 0;
	check_errno(waitpid(-1, &st, WNOHANG), ECHILD, "no child is left over, not even a zombie");
	close(f);
	unlink(argv[1]);
	return t_end();
}
