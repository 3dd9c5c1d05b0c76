/*
 * RFC 1071 checksum.  Bytes are summed as big-endian 16-bit words into a
 * 32-bit accumulator, with the carries folded back at the end (RFC 1071
 * §2(B), deferred carries).  Pieces of odd length are only allowed last,
 * which is how every caller here uses it.
 */
#include "inet/in_cksum.h"

uint32_t
in_cksum_add(uint32_t sum, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t acc = sum;

	while (len >= 2) {
		acc += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len == 1)
		acc += (uint32_t)p[0] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t
in_cksum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t
in_cksum(const void *buf, size_t len)
{
	return in_cksum_fold(in_cksum_add(0, buf, len));
}

/*
 * The sum of the pseudo-header that UDP and TCP checksums cover
 * (RFC 768; RFC 793 §3.1): source, destination, zero, protocol, length.
 */
uint32_t
in_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len)
{
	uint64_t acc = (src >> 16) + (src & 0xffff) + (dst >> 16) +
	    (dst & 0xffff) + proto + len;

	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc;
}
