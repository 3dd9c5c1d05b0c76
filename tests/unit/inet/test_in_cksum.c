/*
 * The Internet checksum (RFC 1071) against the definition: big-endian
 * 16-bit words summed with end-around carry, on random data of every
 * length up to 300 bytes and at every alignment, whole and split in two
 * pieces (the first of even length, as the callers split).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "inet/in_cksum.h"

static uint16_t
reference(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += (uint32_t)p[i] << 8 | p[i + 1];
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len & 1) {
		sum += (uint32_t)p[len - 1] << 8;
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return (uint16_t)~sum;
}

static void
test_in_cksum_matches_the_definition(void **state)
{
	uint8_t buf[320];
	unsigned seed = 1071;
	size_t len, off, cut, i;

	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rand_r(&seed);
	for (len = 0; len <= 300; len++)
		for (off = 0; off < 8; off++) {
			assert_int_equal(in_cksum(buf + off, len), reference(buf + off, len));
			for (cut = 0; cut <= len; cut += 2)
				assert_int_equal(in_cksum_fold(in_cksum_add(in_cksum_add(0, buf + off, cut),
				    buf + off + cut, len - cut)), reference(buf + off, len));
		}
	/* All ones: the carries must wrap around, not be lost. */
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = 0xff;
	for (len = 0; len <= 300; len++)
		assert_int_equal(in_cksum(buf, len), reference(buf, len));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_cksum_matches_the_definition),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
