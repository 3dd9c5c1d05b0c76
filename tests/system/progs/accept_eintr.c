/*
 * accept_eintr MODE PATH: accept blocked when SIGCHLD arrives (primer §4.1,
 * §5.6).  MODE no_restart: a handler without SA_RESTART makes accept fail
 * with EINTR, and the next accept still gets the connection that arrives
 * later (an interrupted accept loses nothing).  MODE restart: with
 * SA_RESTART the accept goes on waiting and returns that connection.
 *
 * A first child exits after 200 ms (the SIGCHLD); a second connects after
 * 700 ms and writes "late".
 */
#include "tap.h"

static volatile sig_atomic_t caught;

static void
onchld(int sig)
{
	(void)sig;
	caught++;
}

int
main(int argc, char **argv)
{
	struct sockaddr_un from;
	socklen_t len = sizeof(from);
	int restart, f, g;
	pid_t a, b;
	double t0, dt;
	char buf[16];

	if (argc != 3)
		bail("usage: accept_eintr no_restart|restart PATH");
	t_start(30);
	restart = strcmp(argv[1], "restart") == 0;
	on_signal(SIGCHLD, onchld, restart ? SA_RESTART : 0);
	f = listen_at(argv[2], SOCK_STREAM);
	if ((a = SYS(fork())) == 0) {
		msleep(200);
		_exit(0);
	}
	if ((b = SYS(fork())) == 0) {
		int s;

		msleep(700);
		s = connect_to(argv[2], SOCK_STREAM);
		if (s < 0 || write_all(s, "late", 4) != 4)
			_exit(1);
		close(s);
		_exit(0);
	}
	t0 = now();
	g = accept(f, (struct sockaddr *)&from, &len);
	dt = now() - t0;
	if (!restart) {
		check_errno(g, EINTR, "accept interrupted by SIGCHLD fails with EINTR (no SA_RESTART)");
		check(dt > 0.1 && dt < 0.6, "accept returned when the first child exited (%.3f s)", dt);
		check_eq(caught, 1, "the handler ran once");
		len = sizeof(from);
		g = accept(f, (struct sockaddr *)&from, &len);
		check_ok(g, "the next accept returns the connection that arrives later");
	} else {
		check_ok(g, "with SA_RESTART accept is restarted and returns the connection that arrives later");
		check(dt > 0.6, "accept went on waiting past the SIGCHLD (%.3f s)", dt);
		check(caught >= 1, "the handler ran");
	}
	if (g >= 0) {
		memset(buf, 0, sizeof(buf));
		check(read_full(g, buf, 4) == 4 && memcmp(buf, "late", 4) == 0,
		    "the connection carries the late client's data");
		close(g);
	}
	check_eq(reap(a), 0, "first child exited");
	check_eq(reap(b), 0, "connecting child exited 0");
	close(f);
	unlink(argv[2]);
	return t_end();
}
