#ifndef UIPC_INET_UDP_H
#define UIPC_INET_UDP_H
/*
 * The UDP header (RFC 768) as a validated host-order structure, with its
 * parser and emitter; the checksum covers the pseudo-header (RFC 768;
 * RFC 1122 §4.1.3.4: a receiver checks it when it is not zero).
 */
#include <stddef.h>
#include <stdint.h>

#define UDP_HDRLEN	8

struct udp_hdr {
	uint16_t uh_sport;
	uint16_t uh_dport;
	uint16_t uh_ulen;	/* header and data */
	uint16_t uh_sum;	/* as received; 0: none sent */
};

enum udp_perr {
	UDPE_OK = 0,
	UDPE_TOOSHORT,		/* fewer than 8 bytes */
	UDPE_BADLEN,		/* length < 8 or beyond the datagram */
	UDPE_BADSUM,
};

enum udp_perr udp_parse(const uint8_t *, size_t, uint32_t src, uint32_t dst,
	    struct udp_hdr *);
void	udp_emit(const struct udp_hdr *, uint8_t *, uint32_t src, uint32_t dst,
	    int cksum);

#endif
