/*
 * tap.h: what the system-test programs share.  Each program prints one line
 * per assertion, "ok - what" or "not ok - what", and diagnostics as "# ..."
 * lines; lib.sh's tap_from numbers them into the test's TAP.  A program
 * exits 0 only when it ran to its end with every check passing, so one that
 * crashes or hangs (alarm) always fails its test.
 *
 * These are plain BSD-socket programs: nothing of uipc is linked in, so the
 * same binary runs on the Linux kernel and, under `uipc run`, on uipc.
 */
#ifndef TAP_H
#define TAP_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static __attribute__((unused)) int t_failed;

static __attribute__((unused)) void
t_vcheck(int ok, const char *fmt, va_list ap)
{
	printf("%s - ", ok ? "ok" : "not ok");
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		t_failed++;
}

/* check(cond, "what", ...): one assertion. */
static __attribute__((unused, format(printf, 2, 3))) int
check(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	t_vcheck(cond, fmt, ap);
	va_end(ap);
	return cond;
}

static __attribute__((unused, format(printf, 1, 2))) void
diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/*
 * check_errno(rc, want, "what"): the call returned -1 with errno want.
 * Call it straight after the call, errno is read at once.
 */
#define check_errno(rc, want, ...) do {					\
	long rc_ = (long)(rc);						\
	int e_ = errno;							\
	if (!check(rc_ == -1 && e_ == (want), __VA_ARGS__))		\
		diag("  got %ld errno %d (%s), want -1 errno %d (%s)",	\
		    rc_, rc_ == -1 ? e_ : 0, rc_ == -1 ? strerror(e_) : "-", \
		    (want), strerror(want));				\
} while (0)

/* check_ok(rc, "what"): the call did not return -1. */
#define check_ok(rc, ...) do {						\
	long rc_ = (long)(rc);						\
	int e_ = errno;							\
	if (!check(rc_ != -1, __VA_ARGS__))				\
		diag("  failed: %s", strerror(e_));			\
} while (0)

/* check_eq(got, want, "what"): two integers. */
#define check_eq(got, want, ...) do {					\
	long g_ = (long)(got), w_ = (long)(want);			\
	if (!check(g_ == w_, __VA_ARGS__))				\
		diag("  got %ld, want %ld", g_, w_);			\
} while (0)

/* A setup step that must work, or the program cannot go on. */
#define SYS(expr) ({							\
	long r_ = (long)(expr);						\
	if (r_ == -1) {							\
		printf("not ok - setup: %s (line %d): %s\n", #expr,	\
		    __LINE__, strerror(errno));				\
		fflush(stdout);						\
		exit(2);						\
	}								\
	r_;								\
})

static __attribute__((unused, noreturn, format(printf, 1, 2))) void
bail(const char *fmt, ...)
{
	va_list ap;

	printf("not ok - ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	exit(2);
}

/* Call at the start of main: line-buffered output, a bound on run time. */
static __attribute__((unused)) void
t_start(int seconds)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(seconds);
}

static __attribute__((unused)) int
t_end(void)
{
	fflush(stdout);
	return t_failed ? 1 : 0;
}

static __attribute__((unused)) double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static __attribute__((unused)) void
msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* sun_of(&sun, path): a UNIX-domain address; returns its length. */
/* An int option's value, or -1 when getsockopt fails. */
static __attribute__((unused)) int
sockopt_int(int s, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(s, level, name, &v, &len) < 0)
		return -1;
	return v;
}

/* Binds TCP socket s to 127.0.0.1 on a port of the system's choice and listens; *sin is the address. */
static __attribute__((unused)) void
listen_loopback(int s, struct sockaddr_in *sin, int backlog)
{
	socklen_t len = sizeof(*sin);

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)sin, sizeof(*sin)) < 0 || listen(s, backlog) < 0 ||
	    getsockname(s, (struct sockaddr *)sin, &len) < 0) {
		printf("not ok - setup: listen on 127.0.0.1: %s\n", strerror(errno));
		fflush(stdout);
		exit(2);
	}
}

static __attribute__((unused)) socklen_t
sun_of(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path))
		bail("path too long: %s", path);
	strcpy(sun->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

/* A socket of type bound to path (listening, if a connection type). */
static __attribute__((unused)) int
listen_at(const char *path, int type)
{
	struct sockaddr_un sun;
	socklen_t len = sun_of(&sun, path);
	int s = SYS(socket(AF_UNIX, type, 0));

	SYS(bind(s, (struct sockaddr *)&sun, len));
	if (type != SOCK_DGRAM)
		SYS(listen(s, 5));
	return s;
}

/* A socket of type connected to path; -1 with errno when connect fails. */
static __attribute__((unused)) int
connect_to(const char *path, int type)
{
	struct sockaddr_un sun;
	socklen_t len = sun_of(&sun, path);
	int s = SYS(socket(AF_UNIX, type, 0));

	if (connect(s, (struct sockaddr *)&sun, len) == -1) {
		int e = errno;
		close(s);
		errno = e;
		return -1;
	}
	return s;
}

/*
 * connect_to for a peer started beside us: its name appears at bind, a
 * moment before its listen, so ECONNREFUSED is retried for up to 10 s
 * (a condition waited for, bounded in time and count).
 */
static __attribute__((unused)) int
connect_when_listening(const char *path, int type)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int s, i;

	for (i = 0; i < 1000; i++) {
		if ((s = connect_to(path, type)) >= 0 || errno != ECONNREFUSED)
			return s;
		nanosleep(&pause, NULL);
	}
	return s;
}

/* Write all of buf; -1 with errno on failure. */
static __attribute__((unused)) ssize_t
write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t left = n;

	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		left -= w;
	}
	return n;
}

/* Read exactly n bytes unless EOF comes first; returns the count. */
static __attribute__((unused)) ssize_t
read_full(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += r;
	}
	return got;
}

/* Install handler for sig, with flags (0 or SA_RESTART). */
static __attribute__((unused)) void
on_signal(int sig, void (*handler)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags;
	SYS(sigaction(sig, &sa, NULL));
}

/* The exit status of child pid, or 128+signal; bounded by the alarm. */
static __attribute__((unused)) int
reap(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

/* A path under dir, in a static buffer of n slots used in turn. */
static __attribute__((unused)) const char *
path_in(const char *dir, const char *name)
{
	static char buf[8][512];
	static int i;
	char *p = buf[i++ % 8];

	snprintf(p, 512, "%s/%s", dir, name);
	return p;
}

#endif /* TAP_H */
