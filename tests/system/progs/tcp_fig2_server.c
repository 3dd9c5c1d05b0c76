/*
 * tcp_fig2_server PORT NCLIENTS: the primer's Figure 2 remote login server
 * loop over TCP, augmented as in §5.6: bound to PORT on INADDR_ANY,
 * listen(f, 5), a forked child per connection (doit) and a SIGCHLD reaper
 * installed without SA_RESTART, so that accept returns EINTR when a child
 * exits and the loop goes on.  Each child greets its client with its pid
 * and the client's address as accept gave it, reads one request line and
 * echoes it.  The server stops once NCLIENTS children have been reaped.
 */
#include "tap.h"
#include <netinet/in.h>
#include <arpa/inet.h>

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
doit(int g, struct sockaddr_in *from)
{
	char line[256], reply[300];
	ssize_t n;
	int len;

	len = snprintf(reply, sizeof(reply), "hello %d %s\n", (int)getpid(),
	    inet_ntoa(from->sin_addr));
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
	struct sockaddr_in sin, from;
	int f, nclients, accepted = 0, eintr = 0, other = 0, st, one = 1;

	if (argc != 3)
		bail("usage: tcp_fig2_server PORT NCLIENTS");
	t_start(50);
	nclients = atoi(argv[2]);
	on_signal(SIGCHLD, reaper, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(atoi(argv[1]));
	f = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(setsockopt(f, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	SYS(bind(f, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(f, 5));
	printf("# ready\n");
	for (;;) {
		socklen_t len = sizeof(from);
		int g;

		g = accept(f, (struct sockaddr *)&from, &len);
		if (g < 0) {
			if (errno != EINTR) {
				perror("tcp_fig2_server: accept");
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
			doit(g, &from);
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
	return t_end();
}
