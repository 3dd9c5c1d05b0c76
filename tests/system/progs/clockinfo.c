/*
 * clockinfo: what a program reads of the system's wall clock and of its
 * host's settings, through the standard calls only, for
 * tests/system/clock_*.t.  Plain: it runs on the Linux kernel as it does
 * on uipc.
 *
 *	clockinfo times			one line: "time T gettimeofday G
 *					realtime R coarse C monotonic M" (seconds)
 *	clockinfo watch FILE SECS	prints the times, waits (at most 60 s)
 *					for FILE to exist, then checks that the
 *					wall clock moved SECS ahead of the
 *					monotonic one while it ran
 *	clockinfo host			"uptime U load L1 L5 L15", then for each
 *					user "user NAME LINE LOGIN IDLE"
 */
#include <sys/sysinfo.h>
#include <utmpx.h>

#include "tap.h"

struct times {
	long t, g, r, c, m;
};

static void
read_times(struct times *x)
{
	struct timeval tv;
	struct timespec ts;

	x->t = (long)time(NULL);
	gettimeofday(&tv, NULL);
	x->g = (long)tv.tv_sec;
	clock_gettime(CLOCK_REALTIME, &ts);
	x->r = (long)ts.tv_sec;
	clock_gettime(CLOCK_REALTIME_COARSE, &ts);
	x->c = (long)ts.tv_sec;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	x->m = (long)ts.tv_sec;
}

static void
print(const struct times *x)
{
	printf("# time %ld gettimeofday %ld realtime %ld coarse %ld monotonic %ld\n",
	    x->t, x->g, x->r, x->c, x->m);
	fflush(stdout);
}

static int
watch(const char *file, long secs)
{
	struct times a, b;
	int i;

	read_times(&a);
	print(&a);
	printf("# ready\n");
	fflush(stdout);
	for (i = 0; i < 3000 && access(file, F_OK) != 0; i++)
		usleep(20000);
	check(i < 3000, "%s appeared", file);
	read_times(&b);
	print(&b);
	/* The wall clock ran ahead of the monotonic one by the jump (± 5 s of scheduling). */
	check(labs((b.t - a.t) - (b.m - a.m) - secs) <= 5, "time() moved %ld s while running", secs);
	check(labs((b.g - a.g) - (b.m - a.m) - secs) <= 5, "gettimeofday() moved %ld s while running", secs);
	check(labs((b.r - a.r) - (b.m - a.m) - secs) <= 5, "clock_gettime(CLOCK_REALTIME) moved %ld s", secs);
	check(labs((b.c - a.c) - (b.m - a.m) - secs) <= 5, "clock_gettime(CLOCK_REALTIME_COARSE) moved %ld s", secs);
	check(b.m - a.m < 60, "CLOCK_MONOTONIC did not jump");
	return t_failed ? 1 : 0;
}

static int
host(void)
{
	struct sysinfo si;
	struct utmpx *ut;
	struct stat st;
	double load[3] = { -1, -1, -1 };
	char path[64];
	time_t t = time(NULL);

	check(sysinfo(&si) == 0, "sysinfo");
	check(getloadavg(load, 3) == 3, "getloadavg");
	printf("uptime %ld load %.2f %.2f %.2f sysinfo-load %.2f\n", (long)si.uptime,
	    load[0], load[1], load[2], si.loads[0] / 65536.0);
	setutxent();
	while ((ut = getutxent()) != NULL) {
		if (ut->ut_type != USER_PROCESS)
			continue;
		snprintf(path, sizeof(path), "/dev/%.32s", ut->ut_line);
		printf("user %.32s %.32s %ld %ld\n", ut->ut_user, ut->ut_line,
		    (long)(t - ut->ut_tv.tv_sec),
		    stat(path, &st) == 0 ? (long)(t - st.st_atime) : -1L);
	}
	endutxent();
	return t_failed ? 1 : 0;
}

int
main(int argc, char **argv)
{
	struct times x;

	if (argc == 2 && strcmp(argv[1], "times") == 0) {
		read_times(&x);
		printf("time %ld gettimeofday %ld realtime %ld coarse %ld monotonic %ld\n",
		    x.t, x.g, x.r, x.c, x.m);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "watch") == 0)
		return watch(argv[2], atol(argv[3]));
	if (argc == 2 && strcmp(argv[1], "host") == 0)
		return host();
	bail("usage: clockinfo times | watch FILE SECS | host");
	return 2;
}
