/*
 * tcp_bench: TCP between two processes on one host, over 127.0.0.1.
 *
 *	tcp_bench [options] server PORT MODE
 *	tcp_bench [options] client PORT MODE
 *	tcp_bench [options] fork   PORT MODE
 *
 * PORT 0 makes the server bind an ephemeral port; it prints "port N" once
 * it listens, and run.sh passes N to the client.  Options:
 *	-t SEC	time bound of a tput, conn or rtt run (default 1)
 *	-n N	round trips for rtt (default 20000); connections for idle
 *		(default 5000)
 *	-b MIB	byte bound of a tput run (default 16384)
 *	-h SEC	idle: how long to hold the connections at most (default 2)
 *	-w FILE	idle: stop holding as soon as FILE exists
 *	-a ADDR	the address to use (default 127.0.0.1)
 *
 * MODE is one of:
 * tput	the client writes 64 KiB chunks for SEC seconds, shuts down, and
 *	waits for the server's count.  Prints tcp_tput_MBps.
 * rtt	1-byte request/response, TCP_NODELAY on both sides.  Prints
 *	tcp_rtt_median_us, tcp_rtt_p99_us.
 * conn	for SEC seconds the client connects, waits for the server to accept
 *	and close (it reads EOF), and closes: one full connection life a
 *	loop.  Prints tcp_conn_per_sec.  The server exits once no connection
 *	has come for a second.
 * idle	the client opens N connections (raising RLIMIT_NOFILE, at most
 *	20000) and sends nothing; it prints tcp_idle_established, then holds
 *	them for -h seconds or until the -w file appears, so that run.sh can
 *	measure memory meanwhile.  The server accepts them and prints
 *	"accepted K" once it has N (or once none has come for 2 seconds),
 *	then holds them until the client goes.
 */
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "bench.h"

#define MAX_IDLE 20000

static double opt_sec = 1.0;
static long opt_count = -1;
static uint64_t opt_bytes = 16384ULL << 20;
static double opt_hold = 2.0;
static const char *opt_wait;
static const char *opt_addr = "127.0.0.1";

static void
usage(void)
{
	fprintf(stderr, "usage: tcp_bench [-t SEC] [-n N] [-b MIB] [-h SEC] "
	    "[-w FILE] [-a ADDR] server|client|fork PORT tput|rtt|conn|idle\n");
	exit(2);
}

static void
nodelay(int s)
{
	int on = 1;

	if (setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) < 0)
		die("TCP_NODELAY");
}

static int
listen_on(int port)
{
	struct sockaddr_in sin;
	int s, on = 1;

	in_addr(&sin, opt_addr, port);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		die("socket");
	if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0)
		die("SO_REUSEADDR");
	if (bind(s, (struct sockaddr *)&sin, sizeof sin) < 0)
		die("bind %s:%d", opt_addr, port);
	if (listen(s, SOMAXCONN) < 0)
		die("listen");
	return s;
}

static int
connect_to(int port)
{
	struct sockaddr_in sin;
	int s;

	/*
	 * Linux bounds a blocking connect by SO_SNDTIMEO: a connect that
	 * stalls (a lost SYN, a stack that does not answer) then ends the
	 * loop after 5 seconds instead of after the SYN retries.
	 */
	struct timeval tmo = { .tv_sec = 5 }, none = { 0 };

	in_addr(&sin, opt_addr, port);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tmo, sizeof tmo);
	if (connect(s, (struct sockaddr *)&sin, sizeof sin) < 0) {
		int e = errno;
		close(s);
		errno = e;
		return -1;
	}
	setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &none, sizeof none);
	return s;
}

static int
accept_one(int ls)
{
	int s;

	while ((s = accept(ls, NULL, NULL)) < 0)
		if (errno != EINTR)
			die("accept");
	return s;
}

/* Wait until ls is readable; 0 on timeout. */
static int
wait_readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r;

	while ((r = poll(&p, 1, ms)) < 0)
		if (errno != EINTR)
			die("poll");
	return r;
}

static void
serve_conn(int ls)
{
	double t0 = now();
	long n = 0;
	int s;

	/* The first connection may take a while to come; later ones not. */
	while (now() - t0 < 60 && wait_readable(ls, n == 0 ? 30000 : 1000)) {
		if ((s = accept(ls, NULL, NULL)) < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		close(s);
		n++;
	}
	fprintf(stderr, "tcp_bench: server accepted %ld connections\n", n);
}

static void
serve_idle(int ls, long want)
{
	static int fds[MAX_IDLE];
	long n = 0, i;
	double t0 = now();

	raise_nofile(MAX_IDLE);
	while (n < want && now() - t0 < 60 &&
	    wait_readable(ls, n == 0 ? 30000 : 2000)) {
		if ((fds[n] = accept(ls, NULL, NULL)) < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("tcp_bench: accept");
			break;
		}
		n++;
	}
	printf("accepted %ld\n", n);
	fflush(stdout);
	/* Hold until the client closes its first connection, at most 60 s. */
	if (n > 0)
		wait_readable(fds[0], 60000);
	for (i = 0; i < n; i++)
		close(fds[i]);
}

static void
serve(int ls, const char *mode)
{
	int s;

	if (strcmp(mode, "conn") == 0) {
		serve_conn(ls);
	} else if (strcmp(mode, "idle") == 0) {
		serve_idle(ls, opt_count);
	} else {
		s = accept_one(ls);
		if (strcmp(mode, "tput") == 0) {
			bulk_sink(s);
		} else {
			nodelay(s);
			rtt_echo(s);
		}
		close(s);
	}
	close(ls);
}

static void
client_conn(int port)
{
	struct timeval tmo = { .tv_sec = 5 };
	double t0 = now(), t;
	long n = 0;
	char c;
	int s;

	for (;;) {
		if ((s = connect_to(port)) < 0) {
			perror("tcp_bench: conn: connect");
			break;
		}
		/*
		 * Wait for the server's close: the accept has happened.  A
		 * server that never closes costs 5 seconds, not a hang.
		 */
		if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tmo, sizeof tmo) < 0)
			die("SO_RCVTIMEO");
		if (read(s, &c, 1) < 0) {
			perror("tcp_bench: conn: read");
			close(s);
			break;
		}
		close(s);
		n++;
		t = now();
		if (t - t0 >= opt_sec || n >= 10000000)
			break;
	}
	t = now();
	result("tcp_conn_per_sec", n / (t - t0));
	result("tcp_conn_count", (double)n);
	if (n == 0)
		exit(1);
}

static void
client_idle(int port, long want)
{
	static int fds[MAX_IDLE];
	long n = 0, lim;
	double t0 = now(), t;
	struct stat st;

	lim = raise_nofile(MAX_IDLE);
	if (lim > 0 && want > lim - 16) {
		fprintf(stderr, "tcp_bench: idle: descriptor limit %ld, "
		    "opening %ld\n", lim, lim - 16);
		want = lim - 16;
	}
	while (n < want && now() - t0 < 30) {
		if ((fds[n] = connect_to(port)) < 0) {
			perror("tcp_bench: idle: connect");
			break;
		}
		n++;
	}
	t = now();
	result("tcp_idle_established", (double)n);
	result("tcp_idle_open_sec", t - t0);
	/* Hold: until the -w file appears or -h seconds pass. */
	t0 = now();
	while (now() - t0 < opt_hold) {
		if (opt_wait != NULL && stat(opt_wait, &st) == 0)
			break;
		usleep(10000);
	}
	if (n == 0)
		exit(1);
	while (n > 0)
		close(fds[--n]);
}

static void
client(int port, const char *mode)
{
	int s;

	if (strcmp(mode, "conn") == 0) {
		client_conn(port);
	} else if (strcmp(mode, "idle") == 0) {
		client_idle(port, opt_count);
	} else {
		if ((s = connect_to(port)) < 0)
			die("connect %s:%d", opt_addr, port);
		if (strcmp(mode, "tput") == 0) {
			bulk_send(s, "tcp_tput", opt_sec, opt_bytes);
		} else {
			nodelay(s);
			rtt_client(s, "tcp_rtt", opt_count, opt_sec * 5);
		}
		close(s);
	}
}

int
main(int argc, char **argv)
{
	const char *role, *mode;
	int c, ls, port, status;
	pid_t pid;

	bench_prog = "tcp_bench";
	while ((c = getopt(argc, argv, "t:n:b:h:w:a:")) != -1) {
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
		case 'h':
			opt_hold = atof(optarg);
			break;
		case 'w':
			opt_wait = optarg;
			break;
		case 'a':
			opt_addr = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 3)
		usage();
	role = argv[optind];
	port = atoi(argv[optind + 1]);
	mode = argv[optind + 2];
	if (strcmp(mode, "tput") != 0 && strcmp(mode, "rtt") != 0 &&
	    strcmp(mode, "conn") != 0 && strcmp(mode, "idle") != 0)
		usage();
	if (opt_count < 0)
		opt_count = strcmp(mode, "idle") == 0 ? 5000 : 20000;
	if (opt_sec <= 0 || opt_sec > 30 || opt_hold < 0 || opt_hold > 30 ||
	    port < 0 || port > 65535 || opt_count < 1 ||
	    opt_count > (strcmp(mode, "idle") == 0 ? MAX_IDLE : 10000000))
		usage();
	alarm(BENCH_GUARD);
	signal(SIGPIPE, SIG_IGN);

	if (strcmp(role, "server") == 0) {
		ls = listen_on(port);
		printf("port %d\n", bound_port(ls));
		fflush(stdout);
		serve(ls, mode);
	} else if (strcmp(role, "client") == 0) {
		if (port == 0)
			usage();
		client(port, mode);
	} else if (strcmp(role, "fork") == 0) {
		ls = listen_on(port);
		port = bound_port(ls);
		fflush(stdout);
		if ((pid = fork()) < 0)
			die("fork");
		if (pid == 0) {
			serve(ls, mode);
			_exit(0);
		}
		close(ls);
		client(port, mode);
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			errno = 0;
			die("server child failed");
		}
	} else
		usage();
	return 0;
}
