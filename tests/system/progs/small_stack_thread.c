/*
 * small_stack_thread: a thread made with the smallest stack POSIX allows
 * (PTHREAD_STACK_MIN) starts and makes socket calls, on uipc as on the
 * kernel.  glibc takes a thread's static TLS out of its stack, so the
 * shim must keep its own thread-local state small (pointers, allocated at
 * first use): libuv's thread_stack_size_explicit failed on uipc when a
 * 16 KiB thread-local array made pthread_create answer EINVAL.
 */
#include <limits.h>
#include <pthread.h>

#include "tap.h"

static void *
in_thread(void *arg)
{
	int *ok = arg, sv[2];

	*ok = socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0 && write(sv[0], "x", 1) == 1;
	if (*ok) {
		char c;

		*ok = read(sv[1], &c, 1) == 1 && c == 'x';
		close(sv[0]);
		close(sv[1]);
	}
	return NULL;
}

int
main(void)
{
	pthread_attr_t a;
	pthread_t t;
	int ok = 0, e;

	t_start(30);
	pthread_attr_init(&a);
	check_eq(pthread_attr_setstacksize(&a, PTHREAD_STACK_MIN), 0, "a stack of PTHREAD_STACK_MIN (%d) bytes",
	    (int)PTHREAD_STACK_MIN);
	e = pthread_create(&t, &a, in_thread, &ok);
	check_eq(e, 0, "pthread_create with it succeeds");
	if (e == 0) {
		pthread_join(t, NULL);
		check(ok, "the thread made a socketpair and moved a datagram");
	}
	pthread_attr_destroy(&a);
	return t_end();
}
