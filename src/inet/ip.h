#ifndef UIPC_INET_IP_H
#define UIPC_INET_IP_H
/*
 * The IPv4 header (RFC 791 §3.1) as a validated host-order structure, and
 * its parser and emitter.  Nothing else in the stack reads or writes the
 * header's bytes (STYLE.md §11.2).
 */
#include <stddef.h>
#include <stdint.h>

#define IP_VERSION	4
#define IP_MINHLEN	20
#define IP_MAXHLEN	60
#define IP_MAXPACKET	65535

/* ip_off bits (RFC 791 §3.1, "Flags"). */
#define IP_RF		0x8000	/* reserved, must be zero */
#define IP_DF		0x4000	/* don't fragment */
#define IP_MF		0x2000	/* more fragments */
#define IP_OFFMASK	0x1fff	/* fragment offset, in 8-byte units */

#define IP_DEFTTL	64	/* RFC 1700's recommended default */

/* Options (RFC 791 §3.1, "Options"). */
#define IPOPT_EOL	0
#define IPOPT_NOP	1
#define IPOPT_COPIED(o)	((o) & 0x80)

struct ip_hdr {
	uint8_t ip_v;		/* version */
	uint8_t ip_hl;		/* header length, in bytes (not words) */
	uint8_t ip_tos;
	uint16_t ip_len;	/* total length, bytes */
	uint16_t ip_id;
	uint16_t ip_off;	/* flags and offset, as on the wire */
	uint8_t ip_ttl;
	uint8_t ip_p;
	uint16_t ip_sum;
	uint32_t ip_src;
	uint32_t ip_dst;
	const uint8_t *ip_opts;	/* into the parsed bytes; NULL if none */
	uint8_t ip_optlen;
};

/* Why ip_parse() refused a header: each is an ipstat counter. */
enum ip_perr {
	IPE_OK = 0,
	IPE_TOOSHORT,		/* fewer bytes than a minimal header */
	IPE_BADVERS,		/* version is not 4 */
	IPE_BADHLEN,		/* header length < 20 or beyond the data */
	IPE_BADLEN,		/* total length < header length */
	IPE_TRUNCATED,		/* total length > bytes received */
	IPE_BADSUM,		/* header checksum wrong */
	IPE_BADOPTIONS,		/* option list malformed */
};

enum ip_perr ip_parse(const uint8_t *, size_t, struct ip_hdr *);
enum ip_perr ip_opts_check(const uint8_t *, size_t);
void	ip_emit(const struct ip_hdr *, uint8_t *);
size_t	ip_optcopy(const uint8_t *, size_t, uint8_t *);
void	ip_set_ttl_sum(uint8_t *, uint8_t ttl);

static inline int
ip_is_fragment(const struct ip_hdr *ip)
{
	return (ip->ip_off & (IP_MF | IP_OFFMASK)) != 0;
}

#endif
