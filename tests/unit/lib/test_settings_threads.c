/*
 * libuipc's settings (src/lib/settings.c) are captured once, and whole
 * before any thread reads them.  `uipc run`'s supervisor serves a
 * program's calls on many threads, and the first calls of several can
 * come at once: a thread that found the capture begun but not finished
 * read no UIPC_SOCKET, took the default path, and the process declared
 * its uipcd gone.
 *
 * Each of many fresh processes (fork, so each captures anew) starts
 * THREADS threads that ask for the socket path together (a barrier); the
 * environment holds many other variables before UIPC_SOCKET, so that the
 * capture takes long enough to be caught half done.  Every thread of
 * every process must see the path that was set.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/settings.c"

#define THREADS		8
#define PROCESSES	200
#define FILLER		2000	/* variables before UIPC_SOCKET */
#define PATH		"/tmp/uipc-settings-test/uipcd.sock"

static pthread_barrier_t together;
static int wrong;

static void *
ask(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&together);
	if (strcmp(uipc_setting_socket(), PATH) != 0)
		__atomic_store_n(&wrong, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* In a fresh child: THREADS first readers at once; exits 1 if any saw another path. */
static void
one_process(void)
{
	pthread_t t[THREADS];
	int i;

	pthread_barrier_init(&together, NULL, THREADS);
	for (i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, ask, NULL) != 0)
			_exit(2);
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	_exit(wrong ? 1 : 0);
}

static void
test_settings_whole_to_every_first_thread(void **state)
{
	char name[32];
	int i, st, bad = 0;
	pid_t pid;

	(void)state;
	/* Put last (setenv appends); cmocka's own variables stay. */
	unsetenv("UIPC_SOCKET");
	for (i = 0; i < FILLER; i++) {
		snprintf(name, sizeof(name), "FILLER_%04d", i);
		setenv(name, "x", 1);
	}
	setenv("UIPC_SOCKET", PATH, 1);
	for (i = 0; i < PROCESSES; i++) {
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			one_process();
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) != 2);
		if (WEXITSTATUS(st) != 0)
			bad++;
	}
	print_message("# %d of %d processes had a thread that saw another socket path\n",
	    bad, PROCESSES);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settings_whole_to_every_first_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
