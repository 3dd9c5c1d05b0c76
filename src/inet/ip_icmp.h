#ifndef UIPC_INET_IP_ICMP_H
#define UIPC_INET_IP_ICMP_H
/*
 * ICMP (RFC 792, with RFC 1122 §3.2.2's rules): message types, the wire
 * format, the counters, and the PRC_ codes that errors are handed to the
 * upper protocols' ctlinput with (4.4BSD's names), each with the errno a
 * socket then reports (prc_errno()).
 */
#include <stddef.h>
#include <stdint.h>

#include "base/pkt.h"

struct host;
struct ifnet;
struct ip_info;

#define ICMP_ECHOREPLY		0
#define ICMP_UNREACH		3
#define  ICMP_UNREACH_NET	0
#define  ICMP_UNREACH_HOST	1
#define  ICMP_UNREACH_PROTOCOL	2
#define  ICMP_UNREACH_PORT	3
#define  ICMP_UNREACH_NEEDFRAG	4
#define  ICMP_UNREACH_SRCFAIL	5
#define ICMP_SOURCEQUENCH	4
#define ICMP_REDIRECT		5
#define ICMP_ECHO		8
#define ICMP_TIMXCEED		11
#define  ICMP_TIMXCEED_INTRANS	0
#define  ICMP_TIMXCEED_REASS	1
#define ICMP_PARAMPROB		12
#define ICMP_TSTAMP		13
#define ICMP_TSTAMPREPLY	14
#define ICMP_MAXTYPE		18

#define ICMP_MINLEN		8
#define ICMP_QUOTEMAX		(576 - IP_MINHLEN - ICMP_MINLEN)	/* bytes of a datagram an error quotes */

/* The first 8 bytes of every ICMP message, host order. */
struct icmp_hdr {
	uint8_t icmp_type;
	uint8_t icmp_code;
	uint16_t icmp_cksum;
	union {
		struct {
			uint16_t id, seq;	/* echo */
		} echo;
		uint32_t word;			/* the rest of the header */
		struct {
			uint16_t unused, mtu;	/* RFC 1191 */
		} frag;
		uint8_t pptr;			/* parameter problem */
	} icmp_un;
};

int	icmp_parse(const uint8_t *, size_t, struct icmp_hdr *);
void	icmp_emit(const struct icmp_hdr *, uint8_t *, size_t len);
int	icmp_is_error(uint8_t type);

/* PRC_ codes (4.4BSD protosw.h). */
#define PRC_QUENCH		4
#define PRC_MSGSIZE		5
#define PRC_HOSTDEAD		6
#define PRC_UNREACH_NET		8
#define PRC_UNREACH_HOST	9
#define PRC_UNREACH_PROTOCOL	10
#define PRC_UNREACH_PORT	11
#define PRC_UNREACH_SRCFAIL	13
#define PRC_TIMXCEED_INTRANS	18
#define PRC_TIMXCEED_REASS	19
#define PRC_PARAMPROB		20
#define PRC_NCMDS		21

int	prc_errno(int prc);

struct icmpstat {
	uint64_t icps_error;		/* icmp_error() calls */
	uint64_t icps_oldicmp;		/* not sent: about an ICMP error */
	uint64_t icps_bmcast;		/* not sent: broadcast or multicast */
	uint64_t icps_notfirst;		/* not sent: not the first fragment */
	uint64_t icps_badsrc;		/* not sent: source not one host */
	uint64_t icps_oldshort;		/* not sent: datagram too short */
	uint64_t icps_ratelimited;	/* not sent: rate limit */
	uint64_t icps_outhist[ICMP_MAXTYPE + 1];
	uint64_t icps_tooshort;		/* received shorter than 8 */
	uint64_t icps_checksum;
	uint64_t icps_badcode;
	uint64_t icps_badlen;		/* error quoting too little */
	uint64_t icps_reflect;		/* replies sent */
	uint64_t icps_inhist[ICMP_MAXTYPE + 1];
};

/* Rate limit on errors (RFC 1122 §3.2.2 "SHOULD" limit): a token bucket. */
#define ICMP_RATE	100	/* errors per second */
#define ICMP_BURST	10

void	icmp_error(struct host *, const struct pkt *, int type, int code,
	    uint32_t info);
void	icmp_error_bytes(struct host *, const uint8_t *, size_t,
	    unsigned pkflags, struct ifnet *, int type, int code, uint32_t info);
void	icmp_input(struct host *, struct pkt *, const struct ip_info *, void *);
int	icmp_attach(struct host *);

#endif
