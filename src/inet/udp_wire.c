/*
 * UDP header parse and emit (RFC 768).  The IP layer has already trimmed
 * the datagram to its total length; a UDP length shorter than what is
 * there is allowed (the rest is ignored), a longer one is not.
 */
#include <netinet/in.h>

#include "base/wire.h"
#include "inet/in_cksum.h"
#include "inet/udp.h"

enum udp_perr
udp_parse(const uint8_t *b, size_t len, uint32_t src, uint32_t dst,
    struct udp_hdr *uh)
{
	if (len < UDP_HDRLEN)
		return UDPE_TOOSHORT;
	uh->uh_sport = get16(b);
	uh->uh_dport = get16(b + 2);
	uh->uh_ulen = get16(b + 4);
	uh->uh_sum = get16(b + 6);
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

	put16(b, uh->uh_sport);
	put16(b + 2, uh->uh_dport);
	put16(b + 4, uh->uh_ulen);
	b[6] = b[7] = 0;
	if (cksum) {
		sum = in_cksum_fold(in_cksum_add(in_pseudo(src, dst,
		    IPPROTO_UDP, uh->uh_ulen), b, uh->uh_ulen));
		if (sum == 0)
			sum = 0xffff;
	}
	put16(b + 6, sum);
}
