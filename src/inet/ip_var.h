#ifndef UIPC_INET_IP_VAR_H
#define UIPC_INET_IP_VAR_H
/*
 * IP state: counters (one per reason a datagram is dropped, as netstat -s
 * prints them), the reassembly queues, what ip_input tells the protocol
 * above about a datagram, and the per-host protocol table through which
 * UDP, TCP and raw IP plug in without ip_input naming them.
 */
#include <stddef.h>
#include <stdint.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "base/timer.h"
#include "inet/ip.h"

struct host;
struct ifnet;

struct ipstat {
	uint64_t ips_total;		/* datagrams received */
	uint64_t ips_tooshort;		/* shorter than a header */
	uint64_t ips_badvers;		/* version not 4 */
	uint64_t ips_badhlen;		/* header length bad */
	uint64_t ips_badlen;		/* total length < header length */
	uint64_t ips_truncated;		/* total length > bytes received */
	uint64_t ips_badsum;		/* header checksum */
	uint64_t ips_badoptions;	/* malformed options */
	uint64_t ips_badsrc;		/* source broadcast, multicast, class E */
	uint64_t ips_martian;		/* loopback address off loopback */
	uint64_t ips_multicast;		/* class D of a group not joined: dropped */
	uint64_t ips_notforus;		/* not ours and not forwarding */
	uint64_t ips_fragments;		/* fragments received */
	uint64_t ips_fragdropped;	/* duplicates, overlaps, bound */
	uint64_t ips_fragtimeout;	/* fragments dropped on timeout */
	uint64_t ips_toolong;		/* fragment beyond 65535 */
	uint64_t ips_fragmemory;	/* queues dropped for the memory bound */
	uint64_t ips_reassembled;	/* datagrams reassembled */
	uint64_t ips_delivered;		/* to a protocol above */
	uint64_t ips_noproto;		/* no protocol: protocol unreachable */
	uint64_t ips_forward;		/* forwarded */
	uint64_t ips_cantforward;	/* could not forward */
	uint64_t ips_ttlexceeded;	/* TTL ran out when forwarding */
	uint64_t ips_nobcastfwd;	/* broadcast not forwarded */
	uint64_t ips_localout;		/* datagrams sent by this host */
	uint64_t ips_noroute;		/* no route on output */
	uint64_t ips_odropped;		/* no buffers on output */
	uint64_t ips_fragmented;	/* datagrams fragmented on output */
	uint64_t ips_ofragments;	/* fragments made */
	uint64_t ips_cantfrag;		/* DF or broadcast too big */
	uint64_t ips_badaddr_out;	/* no source address */
	uint64_t ips_bcast_denied;	/* broadcast without permission */
};

/* What ip_input learned about a datagram, handed to the protocol above. */
struct ip_info {
	struct ip_hdr ii_ip;		/* the (reassembled) header */
	struct ifnet *ii_ifp;		/* arrived on */
	unsigned ii_flags;
};
#define II_BCAST	0x0001	/* sent to a broadcast address */
#define II_LLBCAST	0x0002	/* arrived as a link-layer broadcast */
#define II_MCAST	0x0004	/* sent to a group this host is in */

/*
 * An ICMP error, handed sideways to the protocol whose datagram caused it
 * (4.4BSD's pr_ctlinput).  ic_hdr points at the start of the transport
 * header of the offending datagram as the ICMP message quoted it (at least
 * 8 bytes: RFC 792).
 */
struct ip_ctl {
	int ic_prc;			/* PRC_* */
	uint32_t ic_src;		/* the offending datagram's source */
	uint32_t ic_dst;		/* and destination */
	uint8_t ic_proto;
	const uint8_t *ic_hdr;
	size_t ic_hdrlen;
	uint32_t ic_from;		/* who sent the ICMP message */
	uint32_t ic_mtu;		/* PRC_MSGSIZE: next-hop MTU, or 0 */
	uint8_t ic_type, ic_code;	/* the ICMP message's (IP_RECVERR reports them) */
	const uint8_t *ic_ip;		/* the quote from its IP header on (raw IP_RECVERR) */
	size_t ic_iplen;
};

/*
 * A protocol's entry in the host's table.  pr_input is handed the datagram
 * with pk_data at the IP header (the header length is ii_ip.ip_hl) and owns
 * it.  pr_ctlinput is told about ICMP errors.  Either may be NULL.
 */
struct ip_protosw {
	void	(*pr_input)(struct host *, struct pkt *, const struct ip_info *,
		    void *arg);
	void	(*pr_ctlinput)(struct host *, const struct ip_ctl *, void *arg);
	void *pr_arg;
};

/*
 * Raw IP: offered a look at every datagram delivered locally (after its
 * protocol, as 4.4BSD's rip_input is for ICMP) and at every datagram whose
 * protocol is not in the table.  It must not keep p; it copies.  It returns
 * how many raw sockets took a copy; a datagram with no protocol that no raw
 * socket took earns a protocol unreachable.
 */
typedef int ip_rawinput_fn(struct host *, const struct pkt *,
	    const struct ip_info *, void *arg);

int	ip_proto_register(struct host *, uint8_t proto,
	    const struct ip_protosw *);
int	ip_proto_unregister(struct host *, uint8_t proto);
void	ip_raw_register(struct host *, ip_rawinput_fn *, void *arg);
void	ip_ctlinput(struct host *, const struct ip_ctl *);

/* Reassembly (ip_reass.c). */
#define IPFRAG_TTL	(30 * NS_PER_SEC)	/* RFC 791 suggests 15 s */
#define IPFRAG_MAXMEM	(256 * 1024)		/* bytes held per host */
#define IPFRAG_MAXFRAGS	64			/* fragments per datagram */

struct ipq_frag {
	struct ipq_frag *f_next;	/* in offset order */
	uint16_t f_off;			/* payload offset, bytes */
	uint16_t f_len;			/* payload bytes */
	struct pkt *f_pkt;		/* pk_data at the payload */
};

struct ipq {
	struct ipq *ipq_next;
	struct host *ipq_host;
	uint32_t ipq_src, ipq_dst;
	uint16_t ipq_id;
	uint8_t ipq_p;
	struct ipq_frag *ipq_frags;
	unsigned ipq_nfrags;
	size_t ipq_bytes;		/* memory charged */
	int ipq_total;			/* total payload, -1 until the last */
	uint8_t ipq_hdr[IP_MAXHLEN];	/* the offset-0 fragment's header */
	uint8_t ipq_hl;			/* its length; 0 until it came */
	uint32_t ipq_pkflags;		/* its link-layer flags */
	struct ifnet *ipq_ifp;
	uint64_t ipq_created;
	struct timer ipq_timer;
};

struct pkt *ip_reass(struct host *, struct pkt *, const struct ip_hdr *);
void	ip_reass_flush(struct host *);

/* Output (ip_output.c). */
#define IPO_DONTROUTE	0x0001	/* MSG_DONTROUTE: directly connected only */
#define IPO_ALLOWBCAST	0x0002	/* SO_BROADCAST or privileged */
#define IPO_DF		0x0004	/* set don't-fragment */
#define IPO_RAWHDR	0x0008	/* the caller built the header (IP_HDRINCL) */
#define IPO_FORWARDING	0x0010	/* forwarding: header present, keep it */
#define IPO_MCAST_LOOP	0x0020	/* multicast: the host hears it too (IP_MULTICAST_LOOP) */

struct ip_out {
	uint32_t io_src;		/* 0: choose from the route */
	uint32_t io_dst;
	uint8_t io_proto;
	uint8_t io_ttl;			/* 0: the host's default */
	uint8_t io_tos;
	unsigned io_flags;		/* IPO_* */
	struct ifnet *io_ifp;		/* limited broadcast or multicast: which net */
	const uint8_t *io_opts;		/* options, or NULL */
	uint8_t io_optlen;
};

int	ip_output(struct host *, struct pkt *, const struct ip_out *);
int	ip_route_out(struct host *, uint32_t dst, unsigned flags,
	    struct ifnet **ifpp, uint32_t *nexthop, int *bcast);
uint32_t ip_src_for(struct ifnet *, uint32_t nexthop);
int	ip_transmit(struct host *, struct pkt *, struct ifnet *,
	    uint32_t nexthop, int bcast);

/* Input (ip_input.c). */
void	ip_input(struct ifnet *, struct pkt *);
int	ip_is_local(struct host *, uint32_t);
int	ip_is_lobroadcast(struct host *, uint32_t);

#endif
