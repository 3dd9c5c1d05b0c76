#ifndef UIPC_TESTS_SIM_H
#define UIPC_TESTS_SIM_H
/*
 * The virtual-time harness for unit tests: a stack on a virtual clock,
 * hosts, segments, interfaces with addresses, running time forward, a
 * test protocol that records what it is handed, a raw IP listener, and
 * packet builders for datagrams and frames that tests inject.
 *
 * Every function here asserts success (with cmocka), so tests read as the
 * scenario and nothing else.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "base/timer.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/ip.h"
#include "inet/ip_icmp.h"
#include "inet/ip_var.h"
#include "kern/host.h"
#include "net/if_ether.h"
#include "net/if_fault.h"
#include "net/if_seg.h"
#include "net/if_var.h"
#include "net/route_var.h"
#include "stack/stack.h"

#define SIM_START	(1000 * NS_PER_SEC)	/* virtual clock's start */
#define SIM_PROTO	253	/* RFC 3692 experimental: the test protocol */

struct stack *sim_stack(uint64_t seed);
struct host *sim_host(struct stack *, const char *name);
struct seg *sim_seg(struct stack *, const char *name);
struct ifnet *sim_ifattach(struct host *, struct seg *, const char *ifname,
	    const char *cidr);
void	sim_run(struct stack *, uint64_t ns);
uint64_t sim_now(struct stack *);
uint32_t sim_addr(const char *dotted);

/*
 * The two hosts most tests start from: a and b (arpa and cad unless conf
 * names them) with en0 up at 10.0.0.1/24 and 10.0.0.2/24 on segment "lan",
 * on a new stack seeded with seed.  conf (NULL: none of these) may set the
 * segment's delay, and its faults and capture before the interfaces attach
 * (faults are per port, from attach on; the capture then sees the ARP
 * announcements); faulty ports draw from seed.  Time does not move: a test
 * that wants the announcements over runs it.  sim_pair_free frees the
 * stack.  A test adds more hosts and segments to p->st as it needs.
 */
struct sim_pair_conf {
	const char *a, *b;		/* host names */
	uint64_t delay;			/* the segment's, ns */
	const struct fault_conf *fault;
	const char *pcap;		/* capture file */
};

struct sim_pair {
	struct stack *st;
	struct seg *seg;
	struct host *a, *b;
	struct ifnet *aif, *bif;
	uint32_t aaddr, baddr;
};

void	sim_pair(struct sim_pair *, uint64_t seed, const struct sim_pair_conf *);
void	sim_pair_free(struct sim_pair *);

/* What the test protocol was handed. */
struct sim_sink {
	unsigned ss_count;		/* datagrams */
	unsigned ss_bcast;		/* of which broadcast */
	struct ip_hdr ss_ip;		/* the last one's header */
	size_t ss_len;			/* its payload length */
	uint8_t ss_data[65536];		/* its payload */
	unsigned ss_ctl;		/* ctlinput calls */
	struct ip_ctl ss_lastctl;
};

void	sim_sink_register(struct host *, uint8_t proto, struct sim_sink *);
int	sim_send(struct host *, uint32_t dst, uint8_t proto, const void *,
	    size_t, unsigned ipo_flags);

/* What raw IP saw: every ICMP message delivered, by type. */
struct sim_raw {
	unsigned sr_count;
	unsigned sr_types[ICMP_MAXTYPE + 1];
	uint8_t sr_last_type, sr_last_code;
	uint32_t sr_last_src;
	uint16_t sr_last_seq;
	size_t sr_last_len;		/* ICMP message length */
};

void	sim_raw_register(struct host *, struct sim_raw *);
int	sim_ping(struct host *, uint32_t dst, uint16_t id, uint16_t seq,
	    size_t datalen);

/* Builders: a whole valid IPv4 datagram, and an Ethernet frame. */
size_t	sim_build_ip(uint8_t *, uint32_t src, uint32_t dst, uint8_t proto,
	    uint8_t ttl, uint16_t id, uint16_t off, const void *, size_t);
size_t	sim_build_eth(uint8_t *, const uint8_t *dst, const uint8_t *src,
	    uint16_t type, const void *, size_t);
size_t	sim_build_icmp(uint8_t *, uint8_t type, uint8_t code, uint32_t word,
	    const void *, size_t);
void	sim_fix_ipsum(uint8_t *);

void	sim_inject_ip(struct ifnet *, const uint8_t *, size_t, int llbcast);
void	sim_inject_frame(struct ifnet *, const uint8_t *, size_t);

#endif
