#ifndef UIPC_INET_IN_HOST_H
#define UIPC_INET_IN_HOST_H
/*
 * One host's Internet state, hung from struct host's h_inet: the protocol
 * table, reassembly queues, PCBs, counters and tunables.  Everything
 * 4.4BSD kept in netinet's globals.  The interfaces, routes and ARP below
 * are src/net's (struct net_host, h_net); IP takes its frames through the
 * ethertype table there (netisr.h).
 */
#include <netinet/in.h>
#include <stdint.h>

#include "base/pkt.h"
#include "base/timer.h"
#include "inet/igmp.h"
#include "inet/in_pcb.h"
#include "inet/ip_icmp.h"
#include "inet/ip_var.h"
#include "inet/udp_var.h"
#include "net/net_host.h"

struct host;

struct inet_host {
	struct host *ih_host;

	struct ip_protosw ih_proto[256];
	ip_rawinput_fn *ih_rawinput;
	void (*ih_rawctlinput)(struct host *, const struct ip_ctl *);	/* raw IP's IP_RECVERR */
	void *ih_rawarg;

	struct ipq *ih_reass;		/* reassembly queues */
	size_t ih_reass_bytes;
	size_t ih_reass_limit;		/* IPFRAG_MAXMEM unless configured */

	uint16_t ih_ip_id;		/* next datagram id */
	int ih_forwarding;		/* a router (RFC 1812) or a host */
	uint8_t ih_ttl;			/* default TTL */

	/* ICMP error token bucket. */
	uint32_t ih_icmp_rate;		/* per second; 0: unlimited */
	uint32_t ih_icmp_burst;
	uint64_t ih_icmp_tokens;	/* in units of 1/1e9 token */
	uint64_t ih_icmp_last;

	/* Protocol control blocks (in_pcb.h), one table per protocol. */
	struct inpcbtable ih_udb;	/* UDP */
	struct inpcbtable ih_ulb;	/* UDP-Lite (RFC 3828): ports of its own */
	struct inpcbtable ih_tcb;	/* TCP */
	struct inpcbtable ih_rawcb;	/* raw IP */
	struct in_multi *ih_multi;	/* multicast groups joined (in_mcast.h) */

	struct ipstat ih_ipstat;
	struct icmpstat ih_icmpstat;
	struct udpstat ih_udpstat;
	struct udpstat ih_udplitestat;
	struct rawstat ih_rawstat;
	struct igmpstat ih_igmpstat;
	void *ih_tcp;			/* struct tcp_host, src/inet/tcp_var.h */
};

#define HINET(h)	((h)->h_inet)

/* The domain's counters for netstat -s (in_stats.c; kern/domain.h). */
extern const struct pr_stats in_stats[];

int	in_host_attach(struct host *);
void	in_host_detach(struct host *);

#endif
