/*
 * IGMP messages on the wire (RFC 2236 §2): type, max response time (in
 * tenths of a second), checksum over the whole message, group address.
 * Parsed once here into host order; igmp.c never reads raw bytes.
 */
#include "inet/igmp.h"
#include "inet/in_cksum.h"

int
igmp_parse(const uint8_t *b, size_t len, struct igmp_hdr *ig)
{
	if (len < IGMP_MINLEN)
		return IGMPE_TOOSHORT;
	if (in_cksum(b, len) != 0)
		return IGMPE_BADSUM;
	ig->ig_type = b[0];
	ig->ig_maxresp = b[1];
	ig->ig_group = (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 |
	    (uint32_t)b[6] << 8 | b[7];
	return IGMPE_OK;
}

void
igmp_emit(const struct igmp_hdr *ig, uint8_t *b)
{
	uint16_t sum;

	b[0] = ig->ig_type;
	b[1] = ig->ig_maxresp;
	b[2] = b[3] = 0;
	b[4] = (uint8_t)(ig->ig_group >> 24);
	b[5] = (uint8_t)(ig->ig_group >> 16);
	b[6] = (uint8_t)(ig->ig_group >> 8);
	b[7] = (uint8_t)ig->ig_group;
	sum = in_cksum(b, IGMP_MINLEN);
	b[2] = (uint8_t)(sum >> 8);
	b[3] = (uint8_t)sum;
}
