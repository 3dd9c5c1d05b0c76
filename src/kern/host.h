#ifndef UIPC_KERN_HOST_H
#define UIPC_KERN_HOST_H
/*
 * The stack and its hosts.  No globals (STYLE.md §11.4): everything that
 * 4.2BSD kept in kernel globals hangs off a struct stack (one uipcd, or one
 * process embedding uipc) or a struct host (one machine's network stack).
 *
 * A stack owns the clock and timer queue every layer schedules on, the seeded
 * random source, and the UNIX domain's name table, which all hosts share since
 * its paths live in the file system (DESIGN.md, "Hosts and networks"); its
 * abstract names are keyed by host.  A host owns
 * its link layer (interfaces, routes, ARP, kept behind h_net by src/net) and
 * one Internet stack above it (protocol table, PCBs and counters, kept
 * behind h_inet by src/inet).
 */
#include <stdint.h>

#include "base/batch.h"
#include "kern/host_settings.h"

struct clock;
struct timerq;
struct rng;
struct inet_host;
struct net_host;
struct unp_domain;
struct socket;
struct pkt_pool;
struct seg;
struct domain;
struct tap_set;

struct stack {
	struct clock *st_clock;		/* real in uipcd, virtual in tests */
	struct timerq *st_timers;	/* every protocol timer of every host */
	struct rng *st_rng;		/* seeded: faults, ISS, ephemeral ports */
	struct host *st_hosts;		/* list, in configuration order */
	struct unp_domain *st_unix;	/* UNIX-domain names and sockets */
	uint64_t st_nextid;		/* socket ids, for netstat and traces */
	struct socket *st_sockets;	/* every socket, for netstat */
	struct pkt_pool *st_pkts;	/* packet buffer free list */
	struct seg *st_segs;		/* virtual Ethernet segments (src/net) */
	const struct domain *const *st_domains; /* NULL-terminated, the composer's */
	struct tap_set *st_taps;	/* TAP devices and their watcher (src/net) */
	struct batch st_inbatch;	/* a burst of frames read off a wire (base/batch.h) */
};

#define HOST_NAMELEN 64
#define HOST_UTSLEN 64		/* Linux's __NEW_UTS_LEN: the longest node or domain name */

struct host {
	struct stack *h_stack;
	struct host *h_next;
	char h_name[HOST_NAMELEN];	/* gethostname() of its processes */
	struct net_host *h_net;		/* owned by src/net; NULL until attached */
	struct inet_host *h_inet;	/* owned by src/inet; NULL until attached */
	struct host_settings h_settings; /* boot time, load, users (configuration) */
	/*
	 * The names uname(2) gives its processes, once one set them
	 * (sethostname, setdomainname): until then its name, and the
	 * machine's domain name.  h_name stays its identity (UIPC_HOST,
	 * netdb), as Linux's own names are apart from name resolution.
	 */
	char h_nodename[HOST_UTSLEN + 1];
	char h_domainname[HOST_UTSLEN + 1];
	uint8_t h_nodeset, h_domainset;
};

#endif
