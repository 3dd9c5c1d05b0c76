/*
 * Socket buffers (src/kern/sockbuf.c): the high-water mark and sbspace as
 * BSD counts them, storage made on first use, controls tied to stream
 * offsets and discarded (their descriptors closed) with the bytes they ride
 * on, and record queues that may be overfilled by one record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cmocka.h>

#include "kern/socket.h"

/* A control carrying one descriptor (the read end of a fresh pipe). */
static struct so_control *
ctl_with_fd(int *fdp)
{
	struct so_control *c = so_control_new(1);
	int p[2];

	assert_non_null(c);
	assert_int_equal(pipe(p), 0);
	close(p[1]);
	c->ctl_fds[0] = p[0];
	*fdp = p[0];
	return c;
}

static int
fd_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

static void
test_sbinit_empty_and_lazy(void **state)
{
	struct sockbuf sb;

	(void)state;
	sbinit(&sb, 1000, 0);
	assert_int_equal(sb.sb_hiwat, 1000);
	assert_int_equal(sb.sb_lowat, 1);
	assert_int_equal(sb.sb_cc, 0);
	assert_int_equal(sbspace(&sb), 1000);
	assert_null(sb.sb_rec);
	assert_ptr_equal(sb.sb_rectail, &sb.sb_rec);
	/* An idle buffer holds no storage. */
	assert_int_equal(sb.sb_ring.r_cap, 0);
	sbrelease(&sb);
}

static void
test_stream_fills_to_hiwat(void **state)
{
	struct sockbuf sb;
	struct iovec iov[2];
	char big[1500];
	int n;

	(void)state;
	memset(big, 'x', sizeof(big));
	sbinit(&sb, 1000, 0);
	assert_int_equal(sbappend_stream(&sb, big, 600), 600);
	assert_int_equal(sb.sb_ring.r_cap, 1000);	/* sized to the mark */
	assert_int_equal(sbspace(&sb), 400);
	/* The space offered never passes the mark. */
	n = sbappend_space(&sb, SIZE_MAX, iov);
	assert_true(n >= 1);
	assert_int_equal(iov[0].iov_len + (n == 2 ? iov[1].iov_len : 0), 400);
	sbappend_commit(&sb, 400);
	assert_int_equal(sb.sb_cc, 1000);
	assert_int_equal(sbspace(&sb), 0);
	assert_int_equal(sbappend_space(&sb, SIZE_MAX, iov), 0);
	assert_int_equal(sbappend_stream(&sb, big, 1), 0);
	sbrelease(&sb);
	assert_int_equal(sb.sb_ring.r_cap, 0);
}

static void
test_raised_hiwat_keeps_bytes(void **state)
{
	struct sockbuf sb;
	char out[8];

	(void)state;
	sbinit(&sb, 4, 0);
	assert_int_equal(sbappend_stream(&sb, "abcd", 4), 4);
	sb.sb_hiwat = 8;		/* SO_RCVBUF raised */
	assert_int_equal(sbappend_stream(&sb, "efgh", 4), 4);
	assert_int_equal(ring_peek(&sb.sb_ring, 0, out, sizeof(out)), 8);
	assert_memory_equal(out, "abcdefgh", 8);
	sbrelease(&sb);
}

static void
test_sbdrop_discards_controls_with_their_bytes(void **state)
{
	struct sockbuf sb;
	int fd1, fd2;

	(void)state;
	sbinit(&sb, 100, 0);
	assert_int_equal(sbappend_stream(&sb, "0123456789", 10), 10);
	sbappendcontrol(&sb, 2, ctl_with_fd(&fd1));	/* rides on byte 2 */
	sbappendcontrol(&sb, 7, ctl_with_fd(&fd2));	/* rides on byte 7 */
	sbdrop(&sb, 2);
	assert_int_equal(sb.sb_off, 2);
	assert_int_equal(sb.sb_cc, 8);
	assert_non_null(sb.sb_ctl);
	assert_int_equal(sb.sb_ctl->c_at, 2);		/* its byte is still held */
	assert_true(fd_open(fd1));
	sbdrop(&sb, 3);					/* bytes 2..4 gone */
	assert_false(fd_open(fd1));			/* in flight: closed with them */
	assert_int_equal(sb.sb_ctl->c_at, 7);
	assert_true(fd_open(fd2));
	sbflush(&sb);
	assert_false(fd_open(fd2));
	assert_null(sb.sb_ctl);
	assert_int_equal(sb.sb_cc, 0);
	assert_int_equal(sb.sb_off, 10);		/* offsets run on */
	sbrelease(&sb);
}

static void
test_records_fifo_and_overfill_by_one(void **state)
{
	struct sockbuf sb;
	struct sbrec *r;
	char dgram[300];

	(void)state;
	memset(dgram, 'd', sizeof(dgram));
	sbinit(&sb, 500, 1);
	sbappendrecord(&sb, sbrec_new("first", 5, NULL, 0));
	sbappendrecord(&sb, sbrec_new(dgram, sizeof(dgram), NULL, 0));
	assert_int_equal(sb.sb_nrec, 2);
	assert_int_equal(sb.sb_cc, 305);
	/* A datagram is never cut to fit: the buffer may run over by one. */
	sbappendrecord(&sb, sbrec_new(dgram, sizeof(dgram), NULL, 0));
	assert_int_equal(sb.sb_cc, 605);
	assert_true(sbspace(&sb) < 0);
	r = sbdequeue(&sb);
	assert_int_equal(r->r_len, 5);
	assert_memory_equal(r->r_data, "first", 5);
	assert_null(r->r_next);
	sbrec_free(r);
	sbrec_free(sbdequeue(&sb));
	sbrec_free(sbdequeue(&sb));
	assert_null(sbdequeue(&sb));
	assert_int_equal(sb.sb_cc, 0);
	assert_int_equal(sb.sb_nrec, 0);
	assert_ptr_equal(sb.sb_rectail, &sb.sb_rec);	/* appends work again */
	sbappendrecord(&sb, sbrec_new("x", 1, NULL, 0));
	assert_int_equal(sb.sb_nrec, 1);
	sbrelease(&sb);
	assert_null(sb.sb_rec);
}

static void
test_sbrec_name_aligned_and_bounded(void **state)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(513) };
	struct sbrec *r;
	int fd;

	(void)state;
	r = sbrec_new("abc", 3, (struct sockaddr *)&sin, sizeof(sin));
	assert_non_null(r);
	assert_int_equal(r->r_addrlen, sizeof(sin));
	assert_int_equal((uintptr_t)r->r_addr % 16, 0);
	assert_memory_equal(r->r_addr, &sin, sizeof(sin));
	assert_memory_equal(r->r_data, "abc", 3);
	r->r_ctl = ctl_with_fd(&fd);
	sbrec_free(r);				/* frees its control too */
	assert_false(fd_open(fd));
	/* Room reserved for a name the protocol fills later. */
	r = sbrec_new(NULL, 0, NULL, sizeof(struct sockaddr_storage));
	assert_non_null(r);
	assert_non_null(r->r_addr);
	assert_int_equal(r->r_addrlen, 0);
	sbrec_free(r);
	/* A name longer than any address is refused. */
	assert_null(sbrec_new("x", 1, (struct sockaddr *)&sin, sizeof(struct sockaddr_storage) + 1));
}

/* A closed socket's buffer gives its storage back once it holds nothing. */
static void
test_sbclosed_frees_storage_when_empty(void **state)
{
	struct sockbuf sb;

	(void)state;
	sbinit(&sb, 100, 0);
	assert_int_equal(sbappend_stream(&sb, "abcdef", 6), 6);
	sbclosed(&sb);
	assert_int_equal(sb.sb_ring.r_cap, 100);	/* still holds bytes to send */
	sbdrop(&sb, 6);
	assert_int_equal(sb.sb_cc, 0);
	sbrelease(&sb);
	assert_int_equal(sb.sb_ring.r_cap, 0);
	sbinit(&sb, 100, 0);
	assert_int_equal(sbappend_stream(&sb, "x", 1), 1);
	sbdrop(&sb, 1);
	sbclosed(&sb);				/* empty: freed at once */
	assert_int_equal(sb.sb_ring.r_cap, 0);
	assert_int_equal(sbappend_stream(&sb, "y", 1), 0);	/* and never grows again */
	sbrelease(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sbinit_empty_and_lazy),
		cmocka_unit_test(test_stream_fills_to_hiwat),
		cmocka_unit_test(test_raised_hiwat_keeps_bytes),
		cmocka_unit_test(test_sbdrop_discards_controls_with_their_bytes),
		cmocka_unit_test(test_records_fifo_and_overfill_by_one),
		cmocka_unit_test(test_sbrec_name_aligned_and_bounded),
		cmocka_unit_test(test_sbclosed_frees_storage_when_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
