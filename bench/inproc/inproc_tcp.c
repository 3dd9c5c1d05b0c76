/*
 * inproc_tcp: uipc's stack linked into one process, with no daemon
 * (DESIGN.md, "The library"): two hosts on a virtual segment, one TCP
 * connection between them, bulk transfer in real time.  Prints the
 * throughput and, for scale, memcpy's bandwidth over the same amount of
 * data in this process; bench/run.sh sets it against the kernel's TCP.
 * It uses only the embedding API (include/uipc/embed.h).
 *
 *	inproc_tcp [-t SECONDS]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "uipc/embed.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static socklen_t
addr(struct sockaddr_in *sin, const char *ip, int port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, ip, &sin->sin_addr);
	sin->sin_port = htons((uint16_t)port);
	return sizeof(*sin);
}

static void
die(const char *what, int error)
{
	fprintf(stderr, "inproc_tcp: %s: %s\n", what, strerror(error));
	exit(1);
}

int
main(int argc, char **argv)
{
	static uint8_t buf[64 * 1024], sink[256 * 1024];
	struct sockaddr_in sa, sb;
	socklen_t la, lb;
	struct socket *ls, *c, *s = NULL;
	struct stack *st;
	char err[256];
	double secs = 3, t0, t1, elapsed;
	uint64_t moved = 0, i;
	size_t n;
	int ch, e;

	while ((ch = getopt(argc, argv, "t:")) != -1)
		if (ch == 't')
			secs = atof(optarg);
	memset(buf, 'u', sizeof(buf));
	if ((e = uipc_stack_new(UIPC_CLOCK_REAL, 1, &st)) != 0)
		die("stack", e);
	if ((e = uipc_stack_config_text(st,
	    "segment s\n"
	    "host a\n\tinterface en0 segment s address 10.9.0.1/24 mtu 65000\n"
	    "host b\n\tinterface en0 segment s address 10.9.0.2/24 mtu 65000\n", err, sizeof(err))) != 0) {
		fprintf(stderr, "inproc_tcp: %s\n", err);
		return 1;
	}
	if ((e = uipc_sock_open(uipc_host(st, "b"), AF_INET, SOCK_STREAM, 0, &ls)) != 0 ||
	    (lb = addr(&sb, "0.0.0.0", 5001),
	    e = uipc_sock_bind(ls, (struct sockaddr *)&sb, lb)) != 0 ||
	    (e = uipc_sock_listen(ls, 5)) != 0)
		die("listen", e);
	if ((e = uipc_sock_open(uipc_host(st, "a"), AF_INET, SOCK_STREAM, 0, &c)) != 0)
		die("socket", e);
	la = addr(&sa, "10.9.0.2", 5001);
	if ((e = uipc_sock_connect(c, (struct sockaddr *)&sa, la)) != 0 && e != EINPROGRESS)
		die("connect", e);
	for (t0 = now(); s == NULL && now() - t0 < 5; ) {
		uipc_stack_run(st);
		if (uipc_sock_accept(ls, &s, NULL, NULL) != 0)
			s = NULL;
	}
	if (s == NULL)
		die("accept", ETIMEDOUT);
	t0 = now();
	do {
		for (i = 0; i < 64; i++) {
			if (uipc_sock_send(c, buf, sizeof(buf), 0, &n) != 0 || n == 0)
				break;
		}
		uipc_stack_run(st);
		while (uipc_sock_recv(s, sink, sizeof(sink), 0, &n) == 0 && n > 0)
			moved += n;
		uipc_stack_run(st);
		t1 = now();
	} while (t1 - t0 < secs);
	elapsed = t1 - t0;
	printf("inproc_tcp_MBps %.1f\n", moved / elapsed / 1e6);
	/*
	 * memcpy's bandwidth over as many bytes, 64 KiB at a time, between
	 * buffers far larger than the caches: the memory a copy must touch.
	 */
	{
		size_t big = 64u << 20;
		uint8_t *from = malloc(big), *to = malloc(big);

		if (from == NULL || to == NULL)
			die("malloc", ENOMEM);
		memset(from, 1, big);
		memset(to, 2, big);
		t0 = now();
		for (i = 0; i < moved; i += sizeof(buf))
			memcpy(to + i % big, from + (i + big / 2) % big, sizeof(buf));
		t1 = now();
		free(from);
		free(to);
	}
	printf("memcpy_MBps %.1f\n", moved / (t1 - t0) / 1e6);
	printf("inproc_vs_memcpy %.3f\n", (moved / elapsed) / (moved / (t1 - t0)));
	uipc_sock_close(c);
	uipc_sock_close(s);
	uipc_sock_close(ls);
	uipc_stack_free(st);
	return 0;
}
