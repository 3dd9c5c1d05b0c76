#ifndef UIPC_INET_IGMP_H
#define UIPC_INET_IGMP_H
/*
 * IGMPv2 for hosts (RFC 2236; RFC 1112 appendix I for version 1): a host
 * reports a group when it joins it and when a router's query asks, and
 * says it leaves.  Messages go with TTL 1 and the Router Alert option
 * (RFC 2113), as RFC 2236 §2 asks.
 */
#include <stddef.h>
#include <stdint.h>

struct host;
struct ifnet;

#define IGMP_MINLEN			8
#define IGMP_MEMBERSHIP_QUERY		0x11
#define IGMP_V1_MEMBERSHIP_REPORT	0x12
#define IGMP_V2_MEMBERSHIP_REPORT	0x16
#define IGMP_V2_LEAVE_GROUP		0x17

/* A message in host order (igmp_wire.c). */
struct igmp_hdr {
	uint8_t ig_type;
	uint8_t ig_maxresp;		/* tenths of a second (queries) */
	uint32_t ig_group;
};

enum igmp_perr { IGMPE_OK, IGMPE_TOOSHORT, IGMPE_BADSUM };

/* Checks and parses a message of len bytes; emits one of IGMP_MINLEN bytes. */
int	igmp_parse(const uint8_t *, size_t len, struct igmp_hdr *);
void	igmp_emit(const struct igmp_hdr *, uint8_t *);

struct igmpstat {
	uint64_t igps_rcv_total;	/* messages received */
	uint64_t igps_rcv_tooshort;
	uint64_t igps_rcv_badsum;
	uint64_t igps_rcv_queries;
	uint64_t igps_rcv_reports;	/* from other members */
	uint64_t igps_snd_reports;
	uint64_t igps_snd_leaves;
};

int	igmp_attach(struct host *);	/* registers protocol 2 with IP */
void	igmp_joingroup(struct host *, uint32_t group, struct ifnet *);
void	igmp_leavegroup(struct host *, uint32_t group, struct ifnet *);

#endif
