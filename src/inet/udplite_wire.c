/*
 * UDP-Lite header parse and emit (RFC 3828 §3).  The header is UDP's, but
 * its length field is the checksum coverage: how many bytes from the start
 * of the header the checksum covers, 0 meaning all of them (§3.1).  The
 * datagram's length is IP's.  The checksum is never optional (§3.1: a zero
 * one is invalid) and its pseudo-header carries IP's length (§3.2).
 */
#include <netinet/in.h>

#include "base/wire.h"
#include "inet/in_cksum.h"
#include "inet/udp.h"

enum udp_perr
udplite_parse(const uint8_t *b, size_t len, uint32_t src, uint32_t dst,
    struct udp_hdr *uh, uint16_t *cscov)
{
	if (len < UDP_HDRLEN)
		return UDPE_TOOSHORT;
	if (len > 0xffff)
		return UDPE_BADLEN;
	uh->uh_sport = get16(b);
	uh->uh_dport = get16(b + 2);
	*cscov = get16(b + 4);
	uh->uh_ulen = (uint16_t)len;
	uh->uh_sum = get16(b + 6);
	if (uh->uh_sum == 0)
		return UDPE_NOSUM;
	/* §3.1: a coverage that is not 0 covers at least the header and at
	 * most the datagram. */
	if (*cscov == 0)
		*cscov = (uint16_t)len;
	else if (*cscov < UDP_HDRLEN || *cscov > len)
		return UDPE_BADCOV;
	if (in_cksum_fold(in_cksum_add(in_pseudo(src, dst, IPPROTO_UDPLITE,
	    (uint16_t)len), b, *cscov)) != 0)
		return UDPE_BADSUM;
	return UDPE_OK;
}

/*
 * Writes the header at b, where uh->uh_ulen bytes (header and data) are,
 * with cscov in its length field and the checksum over the pseudo-header
 * and the covered bytes (cscov 0: all); a computed zero is sent as all
 * ones, as UDP's is.
 */
void
udplite_emit(const struct udp_hdr *uh, uint8_t *b, uint32_t src, uint32_t dst,
    uint16_t cscov)
{
	uint16_t sum;

	put16(b, uh->uh_sport);
	put16(b + 2, uh->uh_dport);
	put16(b + 4, cscov);
	b[6] = b[7] = 0;
	sum = in_cksum_fold(in_cksum_add(in_pseudo(src, dst, IPPROTO_UDPLITE,
	    uh->uh_ulen), b, cscov == 0 ? uh->uh_ulen : cscov));
	put16(b + 6, sum == 0 ? 0xffff : sum);
}
