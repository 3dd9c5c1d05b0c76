/*
 * Byte ring (src/base/ring.c): storage made on demand, the free and filled
 * regions as at most two iovecs, growth that keeps the bytes and undoes the
 * wrap, and a seeded random walk checked against a plain array.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/ring.h"
#include "base/rng.h"

static size_t
iov_total(const struct iovec *iov, int n)
{
	size_t t = 0;
	int i;

	for (i = 0; i < n; i++)
		t += iov[i].iov_len;
	return t;
}

static void
test_ring_empty_has_no_storage(void **state)
{
	struct ring r;
	struct iovec iov[2];
	uint8_t b[4];

	(void)state;
	ring_init(&r);
	assert_null(r.r_buf);
	assert_int_equal(ring_len(&r), 0);
	assert_int_equal(ring_space_iov(&r, SIZE_MAX, iov), 0);
	assert_int_equal(ring_data_iov(&r, 0, SIZE_MAX, iov), 0);
	assert_int_equal(ring_write(&r, "abcd", 4), 0);	/* no room before reserve */
	assert_int_equal(ring_peek(&r, 0, b, sizeof(b)), 0);
	ring_free(&r);
}

static void
test_ring_space_and_data_respect_max(void **state)
{
	struct ring r;
	struct iovec iov[2];

	(void)state;
	ring_init(&r);
	assert_int_equal(ring_reserve(&r, 16), 0);
	assert_int_equal(ring_space_iov(&r, 5, iov), 1);
	assert_int_equal(iov[0].iov_len, 5);
	assert_int_equal(ring_write(&r, "0123456789", 10), 10);
	assert_int_equal(ring_data_iov(&r, 0, 3, iov), 1);
	assert_int_equal(iov[0].iov_len, 3);
	assert_memory_equal(iov[0].iov_base, "012", 3);
	/* From an offset: the bytes after it, no more than there are. */
	assert_int_equal(ring_data_iov(&r, 7, SIZE_MAX, iov), 1);
	assert_int_equal(iov[0].iov_len, 3);
	assert_memory_equal(iov[0].iov_base, "789", 3);
	assert_int_equal(ring_data_iov(&r, 10, SIZE_MAX, iov), 0);
	/* Full: no space at all. */
	assert_int_equal(ring_write(&r, "abcdefghij", 10), 6);
	assert_int_equal(ring_space_iov(&r, SIZE_MAX, iov), 0);
	ring_free(&r);
}

static void
test_ring_wraps_into_two_iovecs(void **state)
{
	struct ring r;
	struct iovec iov[2];
	char out[16];

	(void)state;
	ring_init(&r);
	assert_int_equal(ring_reserve(&r, 8), 0);
	assert_int_equal(ring_write(&r, "abcdef", 6), 6);
	ring_consume(&r, 4);				/* "ef" left at 4..5 */
	assert_int_equal(ring_space_iov(&r, SIZE_MAX, iov), 2);
	assert_int_equal(iov_total(iov, 2), 6);
	assert_int_equal(iov[0].iov_len, 2);		/* 6..7, then 0..3 */
	assert_int_equal(ring_write(&r, "GHIJK", 5), 5);
	assert_int_equal(ring_data_iov(&r, 0, SIZE_MAX, iov), 2);
	assert_int_equal(iov_total(iov, 2), 7);
	assert_int_equal(ring_peek(&r, 0, out, sizeof(out)), 7);
	assert_memory_equal(out, "efGHIJK", 7);
	/* An offset inside the second region gives one iovec. */
	assert_int_equal(ring_data_iov(&r, 5, SIZE_MAX, iov), 1);
	assert_memory_equal(iov[0].iov_base, "JK", 2);
	ring_free(&r);
}

static void
test_ring_reserve_keeps_bytes_and_unwraps(void **state)
{
	struct ring r;
	struct iovec iov[2];
	char out[32];

	(void)state;
	ring_init(&r);
	assert_int_equal(ring_reserve(&r, 8), 0);
	assert_int_equal(ring_write(&r, "abcdefgh", 8), 8);
	ring_consume(&r, 5);
	assert_int_equal(ring_write(&r, "ijkl", 4), 4);	/* wrapped: "fgh" + "ijkl" */
	assert_int_equal(ring_reserve(&r, 4), 0);	/* smaller: nothing changes */
	assert_int_equal(r.r_cap, 8);
	assert_int_equal(ring_reserve(&r, 32), 0);
	assert_int_equal(r.r_cap, 32);
	assert_int_equal(r.r_head, 0);
	assert_int_equal(ring_data_iov(&r, 0, SIZE_MAX, iov), 1);
	assert_int_equal(iov[0].iov_len, 7);
	assert_int_equal(ring_peek(&r, 0, out, sizeof(out)), 7);
	assert_memory_equal(out, "fghijkl", 7);
	ring_free(&r);
	assert_null(r.r_buf);
	assert_int_equal(r.r_cap, 0);
}

static void
test_ring_empty_restarts_at_front(void **state)
{
	struct ring r;
	struct iovec iov[2];

	(void)state;
	ring_init(&r);
	assert_int_equal(ring_reserve(&r, 8), 0);
	assert_int_equal(ring_write(&r, "abcde", 5), 5);
	ring_consume(&r, 5);
	/* A drained ring offers its whole storage as one region again. */
	assert_int_equal(ring_space_iov(&r, SIZE_MAX, iov), 1);
	assert_int_equal(iov[0].iov_len, 8);
	assert_ptr_equal(iov[0].iov_base, r.r_buf);
	ring_free(&r);
}

/*
 * 200,000 random operations (write, consume, peek at an offset, grow, fill
 * through the space iovecs) on a ring and on a plain array holding the same
 * bytes; after each, the ring's contents equal the array's.
 */
static void
test_ring_random_walk_matches_array(void **state)
{
	enum { MAXCAP = 4096, STEPS = 200000 };
	static uint8_t model[MAXCAP], tmp[MAXCAP], out[MAXCAP];
	struct ring r;
	struct iovec iov[2];
	struct rng g;
	size_t mlen = 0, n, off, got, j;
	uint8_t next = 0;
	int step, k, cnt;

	(void)state;
	rng_seed(&g, 12345);
	ring_init(&r);
	assert_int_equal(ring_reserve(&r, 64), 0);
	for (step = 0; step < STEPS; step++) {
		switch (rng_below(&g, 5)) {
		case 0:		/* copy in what fits */
			n = (size_t)rng_below(&g, 300);
			for (j = 0; j < n; j++)
				tmp[j] = next++;
			got = ring_write(&r, tmp, n);
			assert_true(got <= n);
			assert_int_equal(got, n < r.r_cap - mlen ? n : r.r_cap - mlen);
			memcpy(model + mlen, tmp, got);
			next = (uint8_t)(next - (n - got));
			mlen += got;
			break;
		case 1:		/* fill through the space iovecs, as readv would */
			n = (size_t)rng_below(&g, 300);
			cnt = ring_space_iov(&r, n, iov);
			got = iov_total(iov, cnt);
			assert_int_equal(got, n < r.r_cap - mlen ? n : r.r_cap - mlen);
			for (k = 0; k < cnt; k++)
				for (j = 0; j < iov[k].iov_len; j++)
					((uint8_t *)iov[k].iov_base)[j] = model[mlen++] = next++;
			ring_produce(&r, got);
			break;
		case 2:		/* consume */
			n = mlen == 0 ? 0 : (size_t)rng_below(&g, mlen + 1);
			ring_consume(&r, n);
			memmove(model, model + n, mlen - n);
			mlen -= n;
			break;
		case 3:		/* peek from an offset */
			off = (size_t)rng_below(&g, mlen + 2);
			n = (size_t)rng_below(&g, MAXCAP);
			got = ring_peek(&r, off, out, n);
			if (off >= mlen)
				assert_int_equal(got, 0);
			else {
				assert_int_equal(got, n < mlen - off ? n : mlen - off);
				assert_true(memcmp(out, model + off, got) == 0);
			}
			break;
		case 4:		/* grow, now and then */
			if (rng_below(&g, 50) == 0 && r.r_cap < MAXCAP)
				assert_int_equal(ring_reserve(&r, r.r_cap * 2), 0);
			break;
		}
		assert_int_equal(ring_len(&r), mlen);
		assert_int_equal(ring_peek(&r, 0, out, MAXCAP), mlen);
		assert_true(memcmp(out, model, mlen) == 0);
	}
	ring_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring_empty_has_no_storage),
		cmocka_unit_test(test_ring_space_and_data_respect_max),
		cmocka_unit_test(test_ring_wraps_into_two_iovecs),
		cmocka_unit_test(test_ring_reserve_keeps_bytes_and_unwraps),
		cmocka_unit_test(test_ring_empty_restarts_at_front),
		cmocka_unit_test(test_ring_random_walk_matches_array),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
