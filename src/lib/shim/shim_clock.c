/*
 * The system's wall clock for programs on uipc: the machine's plus the
 * offset uipcd holds (`uipc clock`, src/sys/ctl_clock.c).  time(),
 * gettimeofday() and clock_gettime(CLOCK_REALTIME and its coarse and TAI
 * kinds) add it; the monotonic clocks are the machine's.  The offset is
 * read from the page uipcd shares beside its control socket
 * (SOCKET.clock), mapped read-only on the first read: no request, no
 * system call beyond the host clock's own.  Without the page (no uipcd),
 * the offset is zero.  File times (stat) stay the host's.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>

#include "lib/hostcall.h"
#include "sys/ctl_proto.h"

static const struct clock_page *clock_page;
static int clock_page_tried;

static const struct clock_page *
page(void)
{
	char path[256];
	const char *sock;
	void *p;
	int fd;

	if (__atomic_load_n(&clock_page_tried, __ATOMIC_ACQUIRE))
		return clock_page;
	sock = getenv("UIPC_SOCKET");
	if (sock == NULL || *sock == '\0')
		sock = UIPC_DEFAULT_SOCKET;
	snprintf(path, sizeof(path), "%s%s", sock, CLOCK_PAGE_SUFFIX);
	fd = (int)H(openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		p = mmap(NULL, sizeof(struct clock_page), PROT_READ, MAP_SHARED, fd, 0);
		h_close(fd);
		if (p != MAP_FAILED && __atomic_load_n(&((struct clock_page *)p)->cp_magic,
		    __ATOMIC_ACQUIRE) == CLOCK_PAGE_MAGIC)
			clock_page = p;
		else if (p != MAP_FAILED)
			munmap(p, sizeof(struct clock_page));
	}
	__atomic_store_n(&clock_page_tried, 1, __ATOMIC_RELEASE);
	return clock_page;
}

/* The offset of the system's wall clock from the machine's, in ns. */
int64_t
uipc_clock_offset_ns(void)
{
	const struct clock_page *cp = page();

	return cp != NULL ? __atomic_load_n(&cp->cp_offset_ns, __ATOMIC_ACQUIRE) : 0;
}

static void
add_ns(struct timespec *ts, int64_t ns)
{
	ts->tv_sec += ns / 1000000000;
	ts->tv_nsec += ns % 1000000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	static int (*real)(clockid_t, struct timespec *);
	int r;

	if (real == NULL)
		real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
	if (real == NULL)
		return -1;
	r = real(id, ts);
	if (r == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE || id == CLOCK_TAI))
		add_ns(ts, uipc_clock_offset_ns());
	return r;
}

/* glibc declares tv nonnull, but gettimeofday(NULL, &tz) is legal. */
#pragma GCC diagnostic ignored "-Wnonnull-compare"
int
gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	static int (*real)(struct timeval *restrict, void *restrict);
	int64_t off;
	int r;

	if (real == NULL)
		real = (int (*)(struct timeval *restrict, void *restrict))dlsym(RTLD_NEXT, "gettimeofday");
	if (real == NULL)
		return -1;
	r = real(tv, tz);
	if (r == 0 && tv != NULL && (off = uipc_clock_offset_ns()) != 0) {
		tv->tv_sec += off / 1000000000;
		tv->tv_usec += (off % 1000000000) / 1000;
		if (tv->tv_usec >= 1000000) {
			tv->tv_sec++;
			tv->tv_usec -= 1000000;
		}
	}
	return r;
}

time_t
time(time_t *t)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return (time_t)-1;
	if (t != NULL)
		*t = ts.tv_sec;
	return ts.tv_sec;
}
