#ifndef UIPC_INET_UDP_H
#define UIPC_INET_UDP_H
/*
 * The UDP header (RFC 768) as a validated host-order structure, with its
 * parser and emitter, and UDP-Lite's (RFC 3828); the checksum covers the pseudo-header (RFC 768;
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
	UDPE_NOSUM,		/* UDP-Lite: zero checksum (RFC 3828 §3.1) */
	UDPE_BADCOV,		/* UDP-Lite: coverage < 8 or beyond the datagram */
};

enum udp_perr udp_parse(const uint8_t *, size_t, uint32_t src, uint32_t dst,
	    struct udp_hdr *);
void	udp_emit(const struct udp_hdr *, uint8_t *, uint32_t src, uint32_t dst,
	    int cksum);

/*
 * UDP-Lite (RFC 3828, udplite_wire.c): the same header with the length
 * field read as the checksum coverage.  len is the datagram's length as IP
 * gives it; the parse sets uh_ulen to it and *cscov to the bytes the
 * checksum covered (the whole datagram for a coverage of 0).  The emit
 * puts cscov (0: all) in the length field.
 */
enum udp_perr udplite_parse(const uint8_t *, size_t, uint32_t src, uint32_t dst,
	    struct udp_hdr *, uint16_t *cscov);
void	udplite_emit(const struct udp_hdr *, uint8_t *, uint32_t src, uint32_t dst,
	    uint16_t cscov);

#endif
