/*
 * libuipc's descriptor table (src/lib/fdtab.c) past its static first part:
 * the file is built here with a first part of FDTAB_BASE = 64 descriptors,
 * so that the parts added for higher descriptors (those of a process that
 * raised RLIMIT_NOFILE past 65536 in the real library) are exercised under
 * any descriptor limit.  The host's calls are libc's and no uipcd answers,
 * so an open descriptor nobody set is classified as the host's.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#define FDTAB_BASE	64
#define UIPC_LIB_HOSTCALL_H	/* the host's calls are libc's in this test */
static inline int h_fstat(int fd, struct stat *st) { return fstat(fd, st); }
static inline int h_getsockopt(int fd, int l, int n, void *v, socklen_t *len) { return getsockopt(fd, l, n, v, len); }
static inline int h_getsockname(int fd, void *a, socklen_t *l) { return getsockname(fd, a, l); }
static inline int h_close(int fd) { return close(fd); }

#include "lib/fdtab.c"

/* No uipcd: an unnamed AF_UNIX socket cannot be identified. */
int
ctl_call(uint16_t op, const int32_t arg[4], const void *data, size_t len,
    const int *fds, int nfds, struct ctl_rep *rep, void *rdata, size_t *rlen)
{
	errno = ENETDOWN;
	return -1;
}

int
uipc_setting_socket_given(void)
{
	return 1;
}

static void
test_fdtab_high_descriptor_keeps_its_kind(void **state)
{
	(void)state;
	assert_int_equal(uipc_fdtab_end(), FDTAB_BASE);
	uipc_fdset(100, FD_UNKNOWN);		/* forgetting needs no part */
	assert_int_equal(uipc_fdtab_end(), FDTAB_BASE);
	uipc_fdset(100, FD_STREAM);
	assert_true(uipc_fdtab_end() > 100);
	assert_int_equal(uipc_fdkind(100), FD_STREAM);	/* kept: not asked again */
	assert_true(uipc_issocket(100));
	uipc_fdset(7, FD_MSG);				/* the static part beside it */
	assert_int_equal(uipc_fdkind(7), FD_MSG);
	assert_int_equal(uipc_fdkind(100), FD_STREAM);
	uipc_fdset(100, FD_UNKNOWN);
	uipc_fdset(7, FD_UNKNOWN);
}

static void
test_fdtab_flags_past_the_first_part(void **state)
{
	int fd = 130;

	(void)state;
	uipc_fdset(fd, FD_MSG);
	assert_false(uipc_fdlistening(fd));
	uipc_fdsetlistening(fd);
	uipc_fdsetdgram(fd);
	uipc_fdsetshrunk(fd, 1);
	assert_true(uipc_fdlistening(fd));
	assert_true(uipc_fddgram(fd));
	assert_true(uipc_fdshrunk(fd));
	uipc_fdsetshrunk(fd, 0);
	assert_false(uipc_fdshrunk(fd));
	assert_int_equal(uipc_fdconntried(fd), 0);
	assert_int_equal(uipc_fdconntried(fd), 1);
	assert_int_equal(uipc_fdkind(fd), FD_MSG);
	uipc_fdset(fd, FD_UNKNOWN);
	assert_false(uipc_fdlistening(fd));
	/* Asking about a descriptor far past every part adds none. */
	assert_false(uipc_fdlistening(1 << 29));
	assert_int_equal(uipc_fdlazy(1 << 29), -1);
	assert_true(uipc_fdtab_end() < (1 << 29));
}

static void
test_fdtab_lazy_end_past_the_first_part(void **state)
{
	int p[2], fd = 300;

	(void)state;
	assert_int_equal(pipe(p), 0);
	close(p[1]);
	assert_int_equal(uipc_fdlazy(fd), -1);
	uipc_fdsetlazy(fd, p[0]);
	assert_true(uipc_anylazy());
	assert_int_equal(uipc_fdlazy(fd), p[0]);
	uipc_fdclearlazy(fd);			/* closes uipcd's end */
	assert_int_equal(uipc_fdlazy(fd), -1);
	assert_false(uipc_anylazy());
	assert_int_equal(fcntl(p[0], F_GETFD), -1);
	assert_int_equal(errno, EBADF);
}

/* An open descriptor nobody set is classified once, and a part made for it. */
static void
test_fdtab_open_high_descriptor_is_classified(void **state)
{
	int p[2], fd = 1000;

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(dup2(p[0], fd), fd);
	assert_int_equal(uipc_fdkind(fd), FD_HOST);
	assert_true(uipc_fdtab_end() > fd);
	assert_non_null(fdent(fd, 0));
	assert_int_equal(*fdent(fd, 0) & FD_KINDMASK, FD_HOST);
	close(fd);
	uipc_fdset(fd, FD_UNKNOWN);
	assert_int_equal(uipc_fdkind(fd), FD_UNKNOWN);	/* closed: not kept */
	close(p[0]);
	close(p[1]);
}

/* Parts are added, never moved: what an earlier one holds stays. */
static void
test_fdtab_parts_grow_and_keep(void **state)
{
	int end0;

	(void)state;
	uipc_fdset(90, FD_STREAM);
	end0 = uipc_fdtab_end();
	uipc_fdset(end0 + 5000, FD_MSG);
	assert_true(uipc_fdtab_end() > end0 + 5000);
	assert_int_equal(uipc_fdkind(90), FD_STREAM);
	assert_int_equal(uipc_fdkind(end0 + 5000), FD_MSG);
	uipc_fdset(90, FD_UNKNOWN);
	uipc_fdset(end0 + 5000, FD_UNKNOWN);
}

/* Threads adding parts at once: each one's descriptor is kept. */
#define NTHREADS	4
#define PERTHREAD	64

static void *
setter(void *arg)
{
	int t = (int)(intptr_t)arg, i;

	for (i = 0; i < PERTHREAD; i++)
		uipc_fdset(100000 + (i * NTHREADS + t) * 997, FD_STREAM);
	return NULL;
}

static void
test_fdtab_parts_added_by_threads_at_once(void **state)
{
	pthread_t th[NTHREADS];
	int t, i;

	(void)state;
	for (t = 0; t < NTHREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, setter, (void *)(intptr_t)t), 0);
	for (t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
	for (i = 0; i < PERTHREAD * NTHREADS; i++)
		assert_int_equal(uipc_fdkind(100000 + i * 997), FD_STREAM);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fdtab_high_descriptor_keeps_its_kind),
		cmocka_unit_test(test_fdtab_flags_past_the_first_part),
		cmocka_unit_test(test_fdtab_lazy_end_past_the_first_part),
		cmocka_unit_test(test_fdtab_open_high_descriptor_is_classified),
		cmocka_unit_test(test_fdtab_parts_grow_and_keep),
		cmocka_unit_test(test_fdtab_parts_added_by_threads_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
