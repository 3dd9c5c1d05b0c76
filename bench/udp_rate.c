/*
 * udp_rate: 64-byte UDP datagrams a second between two processes, over
 * 127.0.0.1, counting what arrives.
 *
 *	udp_rate [-t SEC] [-a ADDR] recv PORT
 *	udp_rate [-t SEC] [-a ADDR] send PORT
 *	udp_rate [-t SEC] [-a ADDR] fork PORT
 *
 * The receiver binds ADDR:PORT (PORT 0: an ephemeral port), prints
 * "port N", and counts 64-byte datagrams until a 1-byte end marker comes,
 * or no datagram has come for a second, or 60 seconds pass.  It prints
 * udp_rx_pps: datagrams received over the time from the first to the last
 * of them, and udp_rx_count.
 *
 * The sender connects a datagram socket to ADDR:PORT and sends 64-byte
 * datagrams as fast as send() returns for SEC seconds (default 1), then a
 * few end markers.  It prints udp_tx_pps and udp_tx_count.  Datagrams the
 * receiver's buffer cannot hold are lost, as UDP allows: the figure that
 * matters is what arrives.  A send that fails (ENOBUFS, ECONNREFUSED) is
 * counted apart, as udp_tx_errors.
 *
 * "fork" runs the receiver in a child and the sender in the parent.
 */
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "bench.h"

#define DGRAM 64

static double opt_sec = 1.0;
static const char *opt_addr = "127.0.0.1";

static void
usage(void)
{
	fprintf(stderr, "usage: udp_rate [-t SEC] [-a ADDR] recv|send|fork PORT\n");
	exit(2);
}

static int
bind_on(int port)
{
	struct sockaddr_in sin;
	int s;

	in_addr(&sin, opt_addr, port);
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		die("socket");
	if (bind(s, (struct sockaddr *)&sin, sizeof sin) < 0)
		die("bind %s:%d", opt_addr, port);
	return s;
}

static void
receiver(int s)
{
	char buf[2048];
	struct timeval tv = { .tv_sec = 30 };
	double first = 0, last = 0, t0 = now();
	long n = 0;
	ssize_t r;

	if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0)
		die("SO_RCVTIMEO");
	while (now() - t0 < 60) {
		r = recv(s, buf, sizeof buf, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;		/* a second (or 30) of silence */
			die("recv");
		}
		if (r == 1)
			break;			/* the end marker */
		if (r != DGRAM)
			continue;
		last = now();
		if (n++ == 0) {
			first = last;
			/* Once data flows, a second of silence ends the run. */
			tv.tv_sec = 1;
			setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		}
	}
	/* n - 1 intervals between the first and the last arrival. */
	result("udp_rx_pps", n > 1 && last > first ? (n - 1) / (last - first) : 0);
	result("udp_rx_count", (double)n);
}

static void
sender(int port)
{
	struct sockaddr_in sin;
	char buf[DGRAM];
	long n = 0, errs = 0, i;
	double t0, t;
	int s;

	in_addr(&sin, opt_addr, port);
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		die("socket");
	if (connect(s, (struct sockaddr *)&sin, sizeof sin) < 0)
		die("connect");
	memset(buf, 'u', sizeof buf);
	t0 = now();
	for (i = 0; i < 1000000000L; i++) {
		if (send(s, buf, sizeof buf, 0) == DGRAM)
			n++;
		else
			errs++;
		if ((i & 255) == 0 && now() - t0 >= opt_sec)
			break;
	}
	t = now();
	/* End markers, a little apart, in case the first ones are lost. */
	for (i = 0; i < 20; i++) {
		send(s, "E", 1, 0);
		usleep(5000);
	}
	result("udp_tx_pps", n / (t - t0));
	result("udp_tx_count", (double)n);
	result("udp_tx_errors", (double)errs);
	close(s);
}

int
main(int argc, char **argv)
{
	const char *role;
	int c, s, port, status;
	pid_t pid;

	bench_prog = "udp_rate";
	while ((c = getopt(argc, argv, "t:a:")) != -1) {
		switch (c) {
		case 't':
			opt_sec = atof(optarg);
			break;
		case 'a':
			opt_addr = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2 || opt_sec <= 0 || opt_sec > 30)
		usage();
	role = argv[optind];
	port = atoi(argv[optind + 1]);
	if (port < 0 || port > 65535)
		usage();
	alarm(BENCH_GUARD);

	if (strcmp(role, "recv") == 0) {
		s = bind_on(port);
		printf("port %d\n", bound_port(s));
		fflush(stdout);
		receiver(s);
	} else if (strcmp(role, "send") == 0) {
		if (port == 0)
			usage();
		sender(port);
	} else if (strcmp(role, "fork") == 0) {
		s = bind_on(port);
		port = bound_port(s);
		fflush(stdout);
		if ((pid = fork()) < 0)
			die("fork");
		if (pid == 0) {
			receiver(s);
			_exit(0);
		}
		close(s);
		sender(port);
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			errno = 0;
			die("receiver child failed");
		}
	} else
		usage();
	return 0;
}
