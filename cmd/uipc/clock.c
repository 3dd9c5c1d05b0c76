/*
 * uipc clock [+DURATION]
 *
 * Without an argument, prints how far the system's wall clock is ahead of
 * the machine's, and the system's time.  With +DURATION (seconds, or
 * numbers with units s m h d, as +11m or +2h30m), moves it forward by that
 * much: programs on uipc see the new time at once, and every uipcd timer
 * due by then fires (src/sys/ctl_clock.c).  Only the super-user may move
 * it.  It never moves back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/uipc_lib.h"
#include "sys/ctl_proto.h"

int cmd_clock(int argc, char **argv);

/* "+90", "+11m", "+2h30m": seconds, or -1. */
static long
duration(const char *s)
{
	long total = 0, v;
	char *end;

	if (*s++ != '+' || *s == '\0')
		return -1;
	while (*s != '\0') {
		if (*s < '0' || *s > '9')
			return -1;
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno != 0 || v > 100L * 365 * 86400)
			return -1;
		switch (*end) {
		case 'd': v *= 86400; end++; break;
		case 'h': v *= 3600; end++; break;
		case 'm': v *= 60; end++; break;
		case 's': end++; break;
		case '\0': break;
		default: return -1;
		}
		total += v;
		if (total > 0x7fffffffL)
			return -1;
		s = end;
	}
	return total;
}

int
cmd_clock(int argc, char **argv)
{
	int32_t a[4] = { 0, 0, 0, 0 };
	struct ctl_rep rep;
	struct timespec ts;
	char when[64];
	time_t t;
	long secs = 0;

	if (argc > 2 || (argc == 2 && (secs = duration(argv[1])) < 0)) {
		fprintf(stderr, "usage: uipc clock [+seconds | +DURATION (e.g. +11m, +2h30m)]\n");
		return 2;
	}
	a[0] = (int32_t)secs;
	if (ctl_call(CTL_CLOCK, a, NULL, 0, NULL, 0, &rep, NULL, NULL) < 0) {
		fprintf(stderr, "uipc clock: %s\n", strerror(errno));
		return 1;
	}
	/* This program is not under the shim: the system's time is computed. */
	clock_gettime(CLOCK_REALTIME, &ts);
	t = ts.tv_sec + rep.cp_val[0];
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", localtime(&t));
	printf("offset %ld s, system time %s\n", (long)rep.cp_val[0], when);
	return 0;
}
