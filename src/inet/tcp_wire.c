/*
 * TCP header parse and emit.  Options are parsed leniently, as RFC 1122
 * §4.2.2.5 asks ("MUST be prepared to handle an illegal option length
 * without crashing"): a known option with the wrong length is ignored, an
 * unknown one is skipped by its length, and only a length that runs off
 * the header refuses the segment.  Emitted options follow the usual
 * layout, each padded to 32 bits with NOPs.
 */
#include <netinet/in.h>
#include <string.h>

#include "base/wire.h"
#include "inet/in_cksum.h"
#include "inet/tcp.h"

static int
tcp_options(const uint8_t *o, size_t len, struct tcp_seg *ts)
{
	size_t i = 0;

	while (i < len) {
		uint8_t kind = o[i], olen;

		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || (olen = o[i + 1]) < 2 || olen > len - i)
			return -1;
		switch (kind) {
		case TCPOPT_MAXSEG:
			if (olen == 4) {
				ts->to_flags |= TOF_MSS;
				ts->to_mss = get16(o + i + 2);
			}
			break;
		case TCPOPT_WINDOW:
			if (olen == 3) {
				ts->to_flags |= TOF_SCALE;
				ts->to_wscale = o[i + 2] > TCP_MAX_WINSHIFT ?
				    TCP_MAX_WINSHIFT : o[i + 2];
			}
			break;
		case TCPOPT_SACK_PERMITTED:
			if (olen == 2)
				ts->to_flags |= TOF_SACKPERM;
			break;
		case TCPOPT_SACK:
			if (olen >= 10 && (olen - 2) % 8 == 0) {
				unsigned n = (olen - 2u) / 8, k;

				if (n > TCP_MAX_SACK)
					n = TCP_MAX_SACK;
				ts->to_flags |= TOF_SACK;
				ts->to_nsacks = (uint8_t)n;
				for (k = 0; k < n; k++) {
					ts->to_sacks[k].start =
					    get32(o + i + 2 + 8 * k);
					ts->to_sacks[k].end =
					    get32(o + i + 6 + 8 * k);
				}
			}
			break;
		case TCPOPT_TIMESTAMP:
			if (olen == 10) {
				ts->to_flags |= TOF_TS;
				ts->to_tsval = get32(o + i + 2);
				ts->to_tsecr = get32(o + i + 6);
			}
			break;
		}
		i += olen;
	}
	return 0;
}

/*
 * Parses and validates the segment at b (len bytes, the whole IP payload)
 * from src to dst, checksum included (RFC 793 §3.1: mandatory).
 */
enum tcp_perr
tcp_parse(const uint8_t *b, size_t len, uint32_t src, uint32_t dst,
    struct tcp_seg *ts)
{
	size_t off;

	memset(ts, 0, sizeof(*ts));
	if (len < TCP_MINHLEN)
		return TCPE_TOOSHORT;
	off = (size_t)(b[12] >> 4) * 4;
	if (off < TCP_MINHLEN || off > len)
		return TCPE_BADOFF;
	if (len > 0xffff || in_cksum_fold(in_cksum_add(in_pseudo(src, dst,
	    IPPROTO_TCP, (uint16_t)len), b, len)) != 0)
		return TCPE_BADSUM;
	ts->th_sport = get16(b);
	ts->th_dport = get16(b + 2);
	ts->th_seq = get32(b + 4);
	ts->th_ack = get32(b + 8);
	ts->th_off = (uint8_t)off;
	ts->th_flags = b[13];
	ts->th_win = get16(b + 14);
	ts->th_sum = get16(b + 16);
	ts->th_urp = get16(b + 18);
	if (tcp_options(b + TCP_MINHLEN, off - TCP_MINHLEN, ts) != 0)
		return TCPE_BADOPT;
	ts->th_data = b + off;
	ts->th_datalen = len - off;
	return TCPE_OK;
}

/* The header length ts's options need (at most 60; SACK blocks trimmed). */
size_t
tcp_hdrlen(const struct tcp_seg *ts)
{
	size_t n = TCP_MINHLEN;
	unsigned sacks = ts->to_flags & TOF_SACK ? ts->to_nsacks : 0;

	if (ts->to_flags & TOF_MSS)
		n += 4;
	if (ts->to_flags & (TOF_TS | TOF_SACKPERM))
		n += ts->to_flags & TOF_TS ? 12 : 4;
	if (ts->to_flags & TOF_SCALE)
		n += 4;
	while (sacks > 0 && n + 4 + 8 * sacks > TCP_MAXHLEN)
		sacks--;
	if (sacks > 0)
		n += 4 + 8 * sacks;
	return n;
}

/*
 * Writes the header of ts at b (tcp_hdrlen(ts) bytes) followed by nothing:
 * the th_datalen bytes of payload must already be in place after it.  The
 * checksum covers both and the pseudo-header.  th_off and th_sum in ts
 * are ignored.
 */
void
tcp_emit(const struct tcp_seg *ts, uint8_t *b, uint32_t src, uint32_t dst)
{
	size_t hl = tcp_hdrlen(ts), o = TCP_MINHLEN, len;
	unsigned sacks = ts->to_flags & TOF_SACK ? ts->to_nsacks : 0, k;
	uint16_t sum;

	put16(b, ts->th_sport);
	put16(b + 2, ts->th_dport);
	put32(b + 4, ts->th_seq);
	put32(b + 8, ts->th_ack);
	b[12] = (uint8_t)((hl / 4) << 4);
	b[13] = ts->th_flags;
	put16(b + 14, ts->th_win);
	put16(b + 16, 0);
	put16(b + 18, ts->th_urp);
	if (ts->to_flags & TOF_MSS) {
		b[o] = TCPOPT_MAXSEG;
		b[o + 1] = 4;
		put16(b + o + 2, ts->to_mss);
		o += 4;
	}
	if (ts->to_flags & TOF_TS) {
		if (ts->to_flags & TOF_SACKPERM) {
			b[o] = TCPOPT_SACK_PERMITTED;
			b[o + 1] = 2;
		} else
			b[o] = b[o + 1] = TCPOPT_NOP;
		b[o + 2] = TCPOPT_TIMESTAMP;
		b[o + 3] = 10;
		put32(b + o + 4, ts->to_tsval);
		put32(b + o + 8, ts->to_tsecr);
		o += 12;
	} else if (ts->to_flags & TOF_SACKPERM) {
		b[o] = b[o + 1] = TCPOPT_NOP;
		b[o + 2] = TCPOPT_SACK_PERMITTED;
		b[o + 3] = 2;
		o += 4;
	}
	if (ts->to_flags & TOF_SCALE) {
		b[o] = TCPOPT_NOP;
		b[o + 1] = TCPOPT_WINDOW;
		b[o + 2] = 3;
		b[o + 3] = ts->to_wscale > TCP_MAX_WINSHIFT ? TCP_MAX_WINSHIFT :
		    ts->to_wscale;
		o += 4;
	}
	while (sacks > 0 && o + 4 + 8 * sacks > TCP_MAXHLEN)
		sacks--;
	if (sacks > 0) {
		b[o] = b[o + 1] = TCPOPT_NOP;
		b[o + 2] = TCPOPT_SACK;
		b[o + 3] = (uint8_t)(2 + 8 * sacks);
		for (k = 0; k < sacks; k++) {
			put32(b + o + 4 + 8 * k, ts->to_sacks[k].start);
			put32(b + o + 8 + 8 * k, ts->to_sacks[k].end);
		}
		o += 4 + 8 * sacks;
	}
	len = hl + ts->th_datalen;
	sum = in_cksum_fold(in_cksum_add(in_pseudo(src, dst, IPPROTO_TCP,
	    (uint16_t)len), b, len));
	put16(b + 16, sum);
}
