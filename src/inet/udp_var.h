#ifndef UIPC_INET_UDP_VAR_H
#define UIPC_INET_UDP_VAR_H
/*
 * UDP's state: its counters (one per reason a datagram is dropped, as
 * netstat -s prints them), and the entry points in_proto.c and
 * in_host.c reach it by.  The PCBs live in the host's ih_udb table.
 */
#include <stdint.h>

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
};

struct rawstat {
	uint64_t rips_delivered;	/* copies queued on raw sockets */
	uint64_t rips_fullsock;		/* receive buffer full */
	uint64_t rips_opackets;		/* datagrams sent */
};

int	udp_attach(struct host *);	/* registers UDP with IP */
void	rip_attach(struct host *);	/* registers raw IP with IP */

extern const struct pr_usrreqs udp_usrreqs;
extern const struct pr_usrreqs rip_usrreqs;

#endif
