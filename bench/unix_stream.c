/*
 * unix_stream: AF_UNIX SOCK_STREAM between two processes.
 *
 *	unix_stream [-t SEC] [-n COUNT] [-b MIB] server PATH tput|rtt
 *	unix_stream [-t SEC] [-n COUNT] [-b MIB] client PATH tput|rtt
 *	unix_stream [-t SEC] [-n COUNT] [-b MIB] fork   PATH tput|rtt
 *
 * tput: the client writes 64 KiB chunks for SEC seconds (default 1) or MIB
 * mebibytes (default 16384), whichever ends first, then shuts down its
 * sending side; the server reads to EOF and answers with its count.
 * Prints unix_tput_MBps.
 *
 * rtt: the client sends one byte and waits for the server's echo, COUNT
 * times (default 20000) or for SEC seconds, after a short warm-up.
 * Prints unix_rtt_median_us and unix_rtt_p99_us.
 *
 * The server binds PATH (removing a stale node first), prints "ready",
 * serves one connection and exits.  "fork" binds, then forks the server
 * into a child and runs the client in the parent: one command, two
 * processes.  Run both under `taskset -c 0` to measure on one CPU.
 */
#include <signal.h>
#include <sys/wait.h>

#include "bench.h"

static double opt_sec = 1.0;
static long opt_count = 20000;
static uint64_t opt_bytes = 16384ULL << 20;

static void
usage(void)
{
	fprintf(stderr, "usage: unix_stream [-t SEC] [-n COUNT] [-b MIB] "
	    "server|client|fork PATH tput|rtt\n");
	exit(2);
}

static int
listen_on(const char *path)
{
	struct sockaddr_un sun;
	socklen_t len = un_addr(&sun, path);
	int s;

	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		die("socket");
	unlink(path);
	if (bind(s, (struct sockaddr *)&sun, len) < 0)
		die("bind %s", path);
	if (listen(s, 5) < 0)
		die("listen");
	return s;
}

static void
serve(int ls, const char *mode)
{
	int s;

	while ((s = accept(ls, NULL, NULL)) < 0)
		if (errno != EINTR)
			die("accept");
	close(ls);
	if (strcmp(mode, "tput") == 0)
		bulk_sink(s);
	else
		rtt_echo(s);
	close(s);
}

static void
client(const char *path, const char *mode)
{
	struct sockaddr_un sun;
	socklen_t len = un_addr(&sun, path);
	int s;

	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		die("socket");
	if (connect(s, (struct sockaddr *)&sun, len) < 0)
		die("connect %s", path);
	if (strcmp(mode, "tput") == 0)
		bulk_send(s, "unix_tput", opt_sec, opt_bytes);
	else
		rtt_client(s, "unix_rtt", opt_count, opt_sec * 5);
	close(s);
}

int
main(int argc, char **argv)
{
	const char *role, *path, *mode;
	int c, ls, status;
	pid_t pid;

	bench_prog = "unix_stream";
	while ((c = getopt(argc, argv, "t:n:b:")) != -1) {
		switch (c) {
		case 't':
			opt_sec = atof(optarg);
			break;
		case 'n':
			opt_count = atol(optarg);
			break;
		case 'b':
			opt_bytes = strtoull(optarg, NULL, 10) << 20;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 3 || opt_sec <= 0 || opt_sec > 30 ||
	    opt_count < 1 || opt_count > 10000000)
		usage();
	role = argv[optind];
	path = argv[optind + 1];
	mode = argv[optind + 2];
	if (strcmp(mode, "tput") != 0 && strcmp(mode, "rtt") != 0)
		usage();
	alarm(BENCH_GUARD);
	signal(SIGPIPE, SIG_IGN);

	if (strcmp(role, "server") == 0) {
		ls = listen_on(path);
		printf("ready\n");
		fflush(stdout);
		serve(ls, mode);
		unlink(path);
	} else if (strcmp(role, "client") == 0) {
		client(path, mode);
	} else if (strcmp(role, "fork") == 0) {
		ls = listen_on(path);
		fflush(stdout);
		if ((pid = fork()) < 0)
			die("fork");
		if (pid == 0) {
			serve(ls, mode);
			_exit(0);
		}
		close(ls);
		client(path, mode);
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			errno = 0;
			die("server child failed");
		}
		unlink(path);
	} else
		usage();
	return 0;
}
