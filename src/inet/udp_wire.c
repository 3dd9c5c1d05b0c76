/*
 * UDP header parse and emit (RFC 768).  The IP layer has already trimmed
 * the datagram to its total length; a UDP length shorter than what is
 * there is allowed (the rest is ignored), a longer one is not.
 */
#include <netinet/in.h>

#include "inet/in_cksum.h"
#include "inet/udp.h"

enum udp_perr
udp_parse(const uint8_t *b, size_t len, uint32_t src, uint32_t dst,
    struct udp_hdr *uh)
{
	if (len < UDP_HDRLEN)
		return UDPE_TOOSHORT;
	uh->uh_sport = (uint16_t)(b[0] << 8 | b[1]);
	uh->uh_dport = (uint16_t)(b[2] << 8 | b[3]);
	uh->uh_ulen = (uint16_t)(b[4] << 8 | b[5]);
	uh->uh_sum = (uint16_t)(b[6] << 8 | b[7]);
	if (uh->uh_ulen < UDP_HDRLEN || uh->uh_ulen > len)
		return UDPE_BADLEN;
	if (uh->uh_sum != 0 && in_cksum_fold(in_cksum_add(in_pseudo(src, dst,
	    IPPROTO_UDP, uh->uh_ulen), b, uh->uh_ulen)) != 0)
		return UDPE_BADSUM;
	return UDPE_OK;
}

/*
 * Writes the header at b, where uh->uh_ulen bytes (header and data) are,
 * with the checksum over them and the pseudo-header when cksum is set
 * (a computed zero is sent as all ones, RFC 768), else zero.
 */
void
udp_emit(const struct udp_hdr *uh, uint8_t *b, uint32_t src, uint32_t dst,
    int cksum)
{
	uint16_t sum = 0;

	b[0] = (uint8_t)(uh->uh_sport >> 8);
	b[1] = (uint8_t)uh->uh_sport;
	b[2] = (uint8_t)(uh->uh_dport >> 8);
	b[3] = (uint8_t)uh->uh_dport;
	b[4] = (uint8_t)(uh->uh_ulen >> 8);
	b[5] = (uint8_t)uh->uh_ulen;
	b[6] = b[7] = 0;
	if (cksum) {
		sum = in_cksum_fold(in_cksum_add(in_pseudo(src, dst,
		    IPPROTO_UDP, uh->uh_ulen), b, uh->uh_ulen));
		if (sum == 0)
			sum = 0xffff;
	}
	b[6] = (uint8_t)(sum >> 8);
	b[7] = (uint8_t)sum;
}
