/*
 * IPv4 header: parse bytes into a struct ip_hdr, checking in the order of
 * RFC 1122 §3.2.1.1-3.2.1.8 (version, header length, total length,
 * checksum), and emit one back.  Options are checked for structure only:
 * the stack processes none of them (XXX issue 3: no source routing or
 * record route; RFC 1122 §3.2.1.8 lets a host ignore those it does not
 * implement), but it must not read past a bad length byte.
 */
#include <string.h>

#include "base/wire.h"
#include "inet/in_cksum.h"
#include "inet/ip.h"

/*
 * Checks that an option list is well formed: each option other than EOL
 * and NOP has a length byte of at least 2 that stays inside the list
 * (RFC 791 §3.1, "Options").
 */
enum ip_perr
ip_opts_check(const uint8_t *o, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint8_t type = o[i];

		if (type == IPOPT_EOL)
			break;
		if (type == IPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || o[i + 1] < 2 || o[i + 1] > len - i)
			return IPE_BADOPTIONS;
		i += o[i + 1];
	}
	return IPE_OK;
}

/*
 * Parses and validates the header at buf (len bytes received).  On success
 * the whole datagram is ip->ip_len bytes, no more than len; bytes beyond it
 * are link-layer padding for the caller to trim.
 */
enum ip_perr
ip_parse(const uint8_t *buf, size_t len, struct ip_hdr *ip)
{
	size_t hl;

	if (len < IP_MINHLEN)
		return IPE_TOOSHORT;
	ip->ip_v = buf[0] >> 4;
	if (ip->ip_v != IP_VERSION)
		return IPE_BADVERS;
	hl = (size_t)(buf[0] & 0x0f) * 4;
	if (hl < IP_MINHLEN || hl > len)
		return IPE_BADHLEN;
	ip->ip_hl = (uint8_t)hl;
	ip->ip_len = get16(buf + 2);
	if (ip->ip_len < hl)
		return IPE_BADLEN;
	if (ip->ip_len > len)
		return IPE_TRUNCATED;
	if (in_cksum(buf, hl) != 0)
		return IPE_BADSUM;
	ip->ip_tos = buf[1];
	ip->ip_id = get16(buf + 4);
	ip->ip_off = get16(buf + 6);
	ip->ip_ttl = buf[8];
	ip->ip_p = buf[9];
	ip->ip_sum = get16(buf + 10);
	ip->ip_src = get32(buf + 12);
	ip->ip_dst = get32(buf + 16);
	ip->ip_optlen = (uint8_t)(hl - IP_MINHLEN);
	ip->ip_opts = ip->ip_optlen ? buf + IP_MINHLEN : NULL;
	if (ip->ip_optlen && ip_opts_check(ip->ip_opts, ip->ip_optlen))
		return IPE_BADOPTIONS;
	return IPE_OK;
}

/*
 * Writes ip's header, options included, at buf (ip->ip_hl bytes, a
 * multiple of 4 covering the options) with a fresh checksum.  ip_sum is
 * ignored.
 */
void
ip_emit(const struct ip_hdr *ip, uint8_t *buf)
{
	size_t hl = ip->ip_hl;

	buf[0] = (uint8_t)(IP_VERSION << 4 | (hl / 4));
	buf[1] = ip->ip_tos;
	put16(buf + 2, ip->ip_len);
	put16(buf + 4, ip->ip_id);
	put16(buf + 6, ip->ip_off);
	buf[8] = ip->ip_ttl;
	buf[9] = ip->ip_p;
	put16(buf + 10, 0);
	put32(buf + 12, ip->ip_src);
	put32(buf + 16, ip->ip_dst);
	if (hl > IP_MINHLEN) {
		size_t n = ip->ip_optlen < hl - IP_MINHLEN ? ip->ip_optlen :
		    hl - IP_MINHLEN;

		if (n > 0 && ip->ip_opts != NULL)
			memcpy(buf + IP_MINHLEN, ip->ip_opts, n);
		memset(buf + IP_MINHLEN + n, IPOPT_EOL, hl - IP_MINHLEN - n);
	}
	put16(buf + 10, in_cksum(buf, hl));
}

/*
 * Copies into out the options of a well-formed list that must be copied
 * into every fragment (the "copied" flag, RFC 791 §3.1 and §3.2,
 * "Fragmentation"), padded with EOL to a multiple of 4.  Returns the
 * length written, at most len rounded up.
 */
size_t
ip_optcopy(const uint8_t *o, size_t len, uint8_t *out)
{
	size_t i = 0, n = 0;

	while (i < len) {
		uint8_t type = o[i], olen;

		if (type == IPOPT_EOL)
			break;
		if (type == IPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len)
			break;
		olen = o[i + 1];
		if (olen < 2 || olen > len - i)
			break;
		if (IPOPT_COPIED(type)) {
			memcpy(out + n, o + i, olen);
			n += olen;
		}
		i += olen;
	}
	while (n % 4)
		out[n++] = IPOPT_EOL;
	return n;
}

/*
 * Rewrites the TTL of the header at h and recomputes its checksum, as a
 * router does before forwarding (RFC 791 §3.2, "Time to Live").
 */
void
ip_set_ttl_sum(uint8_t *h, uint8_t ttl)
{
	size_t hl = (size_t)(h[0] & 0x0f) * 4;

	h[8] = ttl;
	put16(h + 10, 0);
	put16(h + 10, in_cksum(h, hl));
}
