#ifndef UIPC_NET_IF_ETHER_H
#define UIPC_NET_IF_ETHER_H
/*
 * Ethernet framing (DIX v2, as RFC 894 carries IP) and the Address
 * Resolution Protocol (RFC 826) for IPv4 over it.
 *
 * Wire formats first: struct ether_hdr and struct arp_pkt are validated
 * host-order views with parse and emit functions.  Then the ARP state: each
 * Ethernet interface has a cache of entries (struct llinfo_arp), each in one
 * of the states
 *
 *   INCOMPLETE  a request is out; datagrams wait in a bounded hold queue;
 *               the request is repeated every ARP_RETRANS up to ARP_MAXTRIES;
 *   RESOLVED    the hardware address is known until la_expire;
 *   FAILED      no answer came; sends fail with EHOSTUNREACH for ARP_DOWN,
 *               as 4.4BSD does, rather than queueing again at once;
 *   PERMANENT   entered by hand; never expires.
 */
#include <stddef.h>
#include <stdint.h>

#include "base/pkt.h"
#include "base/timer.h"
#include "net/if_var.h"
#include "net/netisr.h"	/* ETHERTYPE_IP, ETHERTYPE_ARP */

#define ETHER_HDR_LEN	14
#define ETHER_MIN_LEN	60	/* without the FCS, which the medium omits */
#define ETHER_MTU	1500

struct ether_hdr {
	uint8_t eh_dst[ETHER_ADDR_LEN];
	uint8_t eh_src[ETHER_ADDR_LEN];
	uint16_t eh_type;
};

#define ARPHRD_ETHER_	1
#define ARPOP_REQUEST_	1
#define ARPOP_REPLY_	2
#define ARP_PKT_LEN	28

struct arp_pkt {
	uint16_t ar_hrd;	/* hardware type */
	uint16_t ar_pro;	/* protocol type */
	uint8_t ar_hln;
	uint8_t ar_pln;
	uint16_t ar_op;
	uint8_t ar_sha[ETHER_ADDR_LEN];
	uint32_t ar_spa;	/* host order */
	uint8_t ar_tha[ETHER_ADDR_LEN];
	uint32_t ar_tpa;
};

int	ether_parse(const uint8_t *, size_t, struct ether_hdr *);
void	ether_emit(const struct ether_hdr *, uint8_t *);
int	arp_parse(const uint8_t *, size_t, struct arp_pkt *);
void	arp_emit(const struct arp_pkt *, uint8_t *);

extern const uint8_t ether_broadcast[ETHER_ADDR_LEN];

/*
 * Datagrams held per entry.  RFC 1122 §2.3.2.2 asks for at least one;
 * 4.4BSD kept one, which loses all but the last fragment of a datagram
 * sent before resolution.  48 hold a whole 65535-byte datagram cut for
 * a 1500-byte MTU (45 pieces).
 */
#define ARP_MAXHOLD	48
#define ARP_RETRANS	(1 * NS_PER_SEC)	/* between requests */
#define ARP_MAXTRIES	5
#define ARP_KEEP	(20 * 60 * NS_PER_SEC)	/* life of a resolved entry */
#define ARP_DOWN	(20 * NS_PER_SEC)	/* life of a failed entry */
#define ARP_MAXENTRIES	512			/* per interface */

enum arp_state {
	ARP_INCOMPLETE,
	ARP_RESOLVED,
	ARP_FAILED,
	ARP_PERMANENT,
};

struct llinfo_arp {
	struct llinfo_arp *la_next;
	struct arp_if *la_arp;
	uint32_t la_ip;
	uint8_t la_mac[ETHER_ADDR_LEN];
	enum arp_state la_state;
	unsigned la_asked;		/* requests sent */
	uint64_t la_expire;		/* when RESOLVED or FAILED ends */
	struct pktq la_hold;		/* datagrams awaiting resolution */
	struct timer la_timer;		/* retransmit or expiry */
};

struct arp_if {
	struct ifnet *ai_ifp;
	struct llinfo_arp *ai_entries;
	unsigned ai_count;
};

/* One entry, for `uipc arp -a`. */
struct arp_info {
	char ai_ifname[IFNAMSIZ];
	uint32_t ai_ip;
	uint8_t ai_mac[ETHER_ADDR_LEN];
	enum arp_state ai_state;
	uint64_t ai_expire;		/* 0: never */
};

struct arpstat {
	uint64_t as_txrequests;
	uint64_t as_txreplies;
	uint64_t as_rxrequests;
	uint64_t as_rxreplies;
	uint64_t as_received;
	uint64_t as_badlen;		/* too short or wrong sizes */
	uint64_t as_badproto;		/* not Ethernet/IPv4 */
	uint64_t as_badaddr;		/* sender is us, broadcast, or zero */
	uint64_t as_dupaddr;		/* someone else claims our address */
	uint64_t as_holddrops;		/* hold queue full: oldest dropped */
	uint64_t as_timeouts;		/* resolution failed; held dropped */
	uint64_t as_rejected;		/* sends refused while FAILED */
	uint64_t as_expired;
	uint64_t as_gratuitous;		/* announcements sent */
	uint64_t as_tablefull;
};

int	ether_ifattach(struct ifnet *, const uint8_t *mac);
int	ether_create(struct host *, const char *name, const uint8_t *mac,
	    struct ifnet **);
void	ether_input(struct ifnet *, struct pkt *);
int	ether_output(struct ifnet *, struct pkt *, uint32_t nexthop,
	    unsigned flags);
void	ether_mac_for(const char *host, const char *ifname, uint8_t *mac);

void	arp_input(struct ifnet *, struct pkt *);	/* netisr_fn */
void	arp_announce(struct ifnet *);
int	arp_request(struct ifnet *, uint32_t sip, uint32_t tip);
int	arp_set(struct ifnet *, uint32_t ip, const uint8_t *mac);
int	arp_delete(struct host *, uint32_t ip);
void	arp_flush(struct ifnet *);
struct llinfo_arp *arp_lookup(struct ifnet *, uint32_t ip);
size_t	arp_list(struct host *, struct arp_info *, size_t max);
const char *arp_statename(enum arp_state);

#endif
