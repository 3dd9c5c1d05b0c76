/*
 * bench.h: helpers shared by the benchmark programs under bench/.
 *
 * Every benchmark is a plain BSD-socket program: it links nothing of uipc,
 * so the same binary measures the Linux kernel when run directly and uipc
 * when run under `uipc run --`.  Results go to standard output as lines
 * "name value", one figure a line, which bench/run.sh reads; everything
 * else (progress, errors) goes to standard error.  A server announces
 * itself with a line "port N" (Internet) or "ready" (UNIX domain) once it
 * listens, so that run.sh can start the client.
 *
 * Every loop is bounded twice, by a count and by a time, and every program
 * arms alarm() as a last guard, so no benchmark can hang `make bench`.
 *
 * The Makefile builds each bench/NAME.c alone, so the helpers are static.
 */
#ifndef BENCH_H
#define BENCH_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define BENCH_UNUSED __attribute__((unused))
#define BENCH_CHUNK (64 * 1024)		/* the write size of every bulk test */
#define BENCH_GUARD 120			/* seconds: alarm() for any program */

static BENCH_UNUSED const char *bench_prog = "bench";

static BENCH_UNUSED void
die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	fprintf(stderr, "%s: ", bench_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (e != 0)
		fprintf(stderr, ": %s", strerror(e));
	fputc('\n', stderr);
	exit(1);
}

/* Monotonic time in seconds; uipc's shim leaves CLOCK_MONOTONIC alone. */
static BENCH_UNUSED double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Print one result line and flush, so run.sh sees it even if we die later. */
static BENCH_UNUSED void
result(const char *name, double v)
{
	printf("%s %.3f\n", name, v);
	fflush(stdout);
}

/* Write all of buf, or die. */
static BENCH_UNUSED void
writen(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t r = write(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("write");
		p += r;
		n -= (size_t)r;
	}
}

/* Read exactly n bytes; returns 0 on success, -1 on EOF first. */
static BENCH_UNUSED int
readn(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("read");
		if (r == 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static BENCH_UNUSED int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Sort n samples (seconds) and print NAME_median_us and NAME_p99_us.
 */
static BENCH_UNUSED void
report_latency(const char *name, double *s, size_t n)
{
	char buf[128];

	if (n == 0)
		die("%s: no samples", name);
	qsort(s, n, sizeof *s, cmp_double);
	snprintf(buf, sizeof buf, "%s_median_us", name);
	result(buf, s[n / 2] * 1e6);
	snprintf(buf, sizeof buf, "%s_p99_us", name);
	result(buf, s[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1] * 1e6);
	snprintf(buf, sizeof buf, "%s_samples", name);
	result(buf, (double)n);
}

/*
 * The client side of a bulk transfer: write 64 KiB chunks until max_bytes
 * are written or max_sec have passed, shut down the sending side, and wait
 * for the server's 8-byte count of what it received.  The time runs from
 * the first write to that count, so it covers every byte's arrival.
 * Prints NAME_MBps (10^6 bytes a second) and NAME_bytes.
 */
static BENCH_UNUSED void
bulk_send(int fd, const char *name, double max_sec, uint64_t max_bytes)
{
	static char buf[BENCH_CHUNK];
	uint64_t sent = 0, got;
	double t0, t1;
	char rname[128];

	memset(buf, 'x', sizeof buf);
	t0 = now();
	while (sent < max_bytes) {
		writen(fd, buf, sizeof buf);
		sent += sizeof buf;
		/* Reading the clock every 16 chunks (1 MiB) costs nothing. */
		if ((sent & ((16 * BENCH_CHUNK) - 1)) == 0 && now() - t0 >= max_sec)
			break;
	}
	if (shutdown(fd, SHUT_WR) < 0)
		die("shutdown");
	if (readn(fd, &got, sizeof got) < 0)
		die("%s: no count from the server", name);
	t1 = now();
	if (got != sent)
		fprintf(stderr, "%s: sent %llu, server counted %llu\n", bench_prog,
		    (unsigned long long)sent, (unsigned long long)got);
	snprintf(rname, sizeof rname, "%s_MBps", name);
	result(rname, got / (t1 - t0) / 1e6);
	snprintf(rname, sizeof rname, "%s_bytes", name);
	result(rname, (double)got);
}

/* The server side: read to EOF, then answer with the 8-byte count. */
static BENCH_UNUSED void
bulk_sink(int fd)
{
	static char buf[BENCH_CHUNK];
	uint64_t got = 0;
	ssize_t r;

	for (;;) {
		r = read(fd, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("read");
		if (r == 0)
			break;
		got += (uint64_t)r;
	}
	writen(fd, &got, sizeof got);
}

/*
 * The client side of a 1-byte request/response: warm up, then time up to
 * n round trips, stopping early after max_sec.  Prints NAME_median_us,
 * NAME_p99_us and NAME_samples.  Ends by shutting down the sending side,
 * so the server's echo loop sees EOF.
 */
static BENCH_UNUSED void
rtt_client(int fd, const char *name, long n, double max_sec)
{
	double *s, t0, t, start;
	long i, warm = n / 20 < 1000 ? n / 20 : 1000;
	char c = 'r';

	if ((s = calloc((size_t)n, sizeof *s)) == NULL)
		die("calloc");
	for (i = 0; i < warm; i++) {
		writen(fd, &c, 1);
		if (readn(fd, &c, 1) < 0)
			die("%s: early EOF", name);
	}
	start = now();
	for (i = 0; i < n; i++) {
		t0 = now();
		writen(fd, &c, 1);
		if (readn(fd, &c, 1) < 0)
			die("%s: early EOF", name);
		t = now();
		s[i] = t - t0;
		if (t - start >= max_sec) {
			i++;
			break;
		}
	}
	shutdown(fd, SHUT_WR);
	report_latency(name, s, (size_t)i);
	free(s);
}

/* The server side: echo single bytes until EOF. */
static BENCH_UNUSED void
rtt_echo(int fd)
{
	char c;

	while (readn(fd, &c, 1) == 0)
		writen(fd, &c, 1);
}

/* Fill a sockaddr_un, or die when the path is too long. */
static BENCH_UNUSED socklen_t
un_addr(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun->sun_path)
		die("path too long: %s", path);
	strcpy(sun->sun_path, path);
	return (socklen_t)sizeof *sun;
}

/* Fill a sockaddr_in for host:port, or die on a bad address. */
static BENCH_UNUSED void
in_addr(struct sockaddr_in *sin, const char *host, int port)
{
	memset(sin, 0, sizeof *sin);
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sin->sin_addr) != 1) {
		errno = 0;
		die("bad address %s", host);
	}
}

/* The port a socket is bound to. */
static BENCH_UNUSED int
bound_port(int fd)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;

	if (getsockname(fd, (struct sockaddr *)&sin, &len) < 0)
		die("getsockname");
	return ntohs(sin.sin_port);
}

/* Raise the descriptor limit towards want (bounded by the hard limit). */
static BENCH_UNUSED long
raise_nofile(long want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -1;
	if ((rlim_t)want > rl.rlim_max)
		want = (long)rl.rlim_max;
	if (rl.rlim_cur < (rlim_t)want) {
		rl.rlim_cur = (rlim_t)want;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			return -1;
	}
	return (long)rl.rlim_cur;
}

#endif /* BENCH_H */
