#ifndef UIPC_NET_IF_SEG_H
#define UIPC_NET_IF_SEG_H
/*
 * A virtual Ethernet segment: a hub joining Ethernet interfaces of hosts of
 * one stack (DESIGN.md, "Hosts and networks").  A frame sent by one port
 * reaches every other port after the segment's propagation delay, through
 * the timer queue (so delays, and the faults stacked above each port, work
 * in real and virtual time alike); each interface keeps the frames
 * addressed to it or to broadcast.
 *
 * A segment may record its medium to a pcap file (each frame once, when it
 * enters the wire), carry fault settings that every attached port gets a
 * fault stage for (each seeded from the segment's seed and the port's
 * number, so a run repeats), and be partitioned: ports deliver only to
 * ports of the same group.
 */
#include <stdint.h>

#include "base/pkt.h"
#include "base/timer.h"
#include "net/if_var.h"
#include "net/if_fault.h"

struct stack;
struct pcap_writer;

#define SEG_NAMELEN	32

struct seg_port {
	struct ifdev sp_dev;		/* first: the bottom of a chain */
	struct seg *sp_seg;		/* NULL once the segment is gone */
	struct seg_port *sp_next;
	unsigned sp_num;		/* attach order, from 0 */
	int sp_group;			/* partition group */
	struct ifdev *sp_fault;		/* its fault stage, if any */
};

struct seg_frame {
	struct seg_frame *sf_next;
	struct seg *sf_seg;
	struct seg_port *sf_src;	/* NULL if the sender left */
	struct pkt *sf_pkt;
	struct timer sf_timer;
};

struct seg {
	struct seg *seg_next;
	struct stack *seg_stack;
	char seg_name[SEG_NAMELEN];
	struct seg_port *seg_ports;
	unsigned seg_nports;		/* ever attached: numbers ports */
	uint64_t seg_delay;		/* propagation delay, ns */
	struct fault_conf seg_fault;	/* for ports attached from now on */
	uint64_t seg_seed;
	struct pcap_writer *seg_pcap;
	struct seg_frame *seg_inflight;
	uint64_t seg_frames;		/* counters */
	uint64_t seg_bytes;
	uint64_t seg_deliveries;
};

int	seg_create(struct stack *, const char *name, struct seg **);
struct seg *seg_find(struct stack *, const char *name);
void	seg_destroy(struct seg *);
void	seg_destroy_all(struct stack *);
int	seg_set_pcap(struct seg *, const char *path);
int	seg_set_pcap_mode(struct seg *, const char *path, unsigned mode);
int	seg_attach(struct seg *, struct ifnet *);
void	seg_partition(struct ifnet *, int group);
struct seg_port *seg_port_of(struct ifnet *);

#endif
