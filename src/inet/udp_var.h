#ifndef UIPC_INET_UDP_VAR_H
#define UIPC_INET_UDP_VAR_H
/*
 * UDP's state: its counters (one per reason a datagram is dropped, as
 * netstat -s prints them), and the entry points in_proto.c and
 * in_host.c reach it by.  The PCBs live in the host's ih_udb table;
 * UDP-Lite (RFC 3828) is UDP's code over its own table and counters
 * (ih_ulb, ih_udplitestat: a port space of its own, as on Linux), told
 * apart by the IP protocol number (udp_usrreq.c, udplite.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "kern/domain.h"

struct host;

struct udpstat {
	uint64_t udps_ipackets;		/* datagrams received */
	uint64_t udps_hdrops;		/* shorter than a header */
	uint64_t udps_badlen;		/* length field bad */
	uint64_t udps_badsum;		/* checksum */
	uint64_t udps_nosum;		/* no checksum sent (accepted) */
	uint64_t udps_noport;		/* no socket: port unreachable sent */
	uint64_t udps_noportbcast;	/* broadcast with no socket */
	uint64_t udps_fullsock;		/* receive buffer full */
	uint64_t udps_delivered;	/* copies queued on sockets */
	uint64_t udps_opackets;		/* datagrams sent */
	/* UDP-Lite's own reasons (RFC 3828), shown in its layer only. */
	uint64_t udps_zerosum;		/* checksum field zero (§3.1: invalid) */
	uint64_t udps_badcov;		/* coverage < 8 or beyond the datagram (§3.1) */
	uint64_t udps_lowcov;		/* coverage below the socket's UDPLITE_RECV_CSCOV */
};

struct rawstat {
	uint64_t rips_delivered;	/* copies queued on raw sockets */
	uint64_t rips_fullsock;		/* receive buffer full */
	uint64_t rips_opackets;		/* datagrams sent */
};

int	udp_attach(struct host *);	/* registers UDP and UDP-Lite with IP */
void	rip_attach(struct host *);	/* registers raw IP with IP */

/*
 * UDP-Lite's socket options (udplite(7)), not in the C library's headers.
 * Both are at level SOL_UDPLITE (= IPPROTO_UDPLITE) or IPPROTO_UDP.
 */
#ifndef SOL_UDPLITE
#define SOL_UDPLITE		136
#endif
#ifndef UDPLITE_SEND_CSCOV
#define UDPLITE_SEND_CSCOV	10	/* coverage of datagrams sent */
#endif
#ifndef UDPLITE_RECV_CSCOV
#define UDPLITE_RECV_CSCOV	11	/* least coverage accepted */
#endif

struct inpcb;

/* UDPLITE_SEND_CSCOV / UDPLITE_RECV_CSCOV on inp (lite: a UDP-Lite
 * socket); ENOPROTOOPT for any other name (udplite.c). */
int	udplite_ctloutput(struct inpcb *inp, int lite, int set, int name,
	    void *val, socklen_t *len);
/* The coverage field of a datagram of ulen bytes (header and data) sent on inp. */
uint16_t udplite_sndcov(const struct inpcb *inp, size_t ulen);
/* Whether inp takes a datagram of ulen bytes whose checksum covered cscov. */
int	udplite_rcvcov_ok(const struct inpcb *inp, size_t ulen, size_t cscov);

extern const struct pr_usrreqs udp_usrreqs;
extern const struct pr_usrreqs rip_usrreqs;

#endif
