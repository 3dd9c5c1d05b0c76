/*
 * trap_cost: what the net under the shim (DESIGN.md) costs a call.
 *
 *	trap_cost
 *
 * Prints nanoseconds per call, each the median of 5 runs of up to 100000
 * calls (at most 1 s each):
 *   any_syscall        syscall(SYS_getppid): any system call, which under
 *                      uipc also passes the seccomp filter;
 *   interposed_host    getsockname() through libc on a pipe (not a socket):
 *                      under uipc, the shim's function, then the host;
 *   trapped_host       the same call by syscall(2): under uipc, stopped by
 *                      the filter and served by the shim's SIGSYS handler;
 *   interposed_uipc,   getsockname() of a socketpair's end, through libc
 *   trapped_uipc       and by syscall(2): under uipc, a request to uipcd.
 * On the kernel every pair is the same plain system call.
 */
#include <sys/syscall.h>
#include <sys/un.h>

#include "bench.h"

#define CALLS	100000
#define RUNS	5

enum how { ANY, LIBC, RAW };

static double
one_run(enum how how, int fd)
{
	struct sockaddr_un sun;
	socklen_t len;
	double t0 = now(), t;
	int i;

	for (i = 0; i < CALLS; i++) {
		len = sizeof(sun);
		if (how == ANY)
			(void)syscall(SYS_getppid);
		else if (how == LIBC)
			(void)getsockname(fd, (struct sockaddr *)&sun, &len);
		else
			(void)syscall(SYS_getsockname, fd, &sun, &len);
		if ((i & 1023) == 1023 && now() - t0 > 1.0) {
			i++;
			break;
		}
	}
	t = now() - t0;
	return t / i * 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
measure(const char *name, enum how how, int fd)
{
	double v[RUNS];
	int r;

	for (r = 0; r < RUNS; r++)
		v[r] = one_run(how, fd);
	qsort(v, RUNS, sizeof(v[0]), cmp);
	result(name, v[RUNS / 2]);
}

int
main(void)
{
	int p[2], sv[2];

	bench_prog = "trap_cost";
	alarm(BENCH_GUARD);
	if (pipe(p) < 0)
		die("pipe");
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		die("socketpair");
	measure("any_syscall", ANY, -1);
	measure("interposed_host", LIBC, p[0]);
	measure("trapped_host", RAW, p[0]);
	measure("interposed_uipc", LIBC, sv[0]);
	measure("trapped_uipc", RAW, sv[0]);
	return 0;
}
