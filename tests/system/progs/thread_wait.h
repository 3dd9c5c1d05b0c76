/*
 * thread_wait.h: waiting on a helper thread of a test program without
 * waiting for time: whether it sleeps in a blocking call (its state in
 * /proc), and joining it with a bound, so that a hang fails the check
 * instead of hanging the test.  Include after tap.h.
 */
#ifndef THREAD_WAIT_H
#define THREAD_WAIT_H

#include <pthread.h>

/* Whether thread tid sleeps (state S in /proc), as one blocked in a call does. */
static __attribute__((unused)) int
thread_sleeping(pid_t tid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	if ((f = open(path, O_RDONLY)) < 0)
		return 0;
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return (p = strrchr(buf, ')')) != NULL && p[1] == ' ' && p[2] == 'S';
}

/* Whether thread t ended within 10 s (and was joined). */
static __attribute__((unused)) int
thread_joined(pthread_t t)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 10;
	return pthread_timedjoin_np(t, NULL, &ts) == 0;
}

#endif
