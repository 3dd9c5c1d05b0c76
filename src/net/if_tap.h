#ifndef UIPC_NET_IF_TAP_H
#define UIPC_NET_IF_TAP_H
/*
 * The tap medium: an Ethernet interface of a uipc host attached to a Linux
 * TAP device (DESIGN.md, "The wire"), so that the peer on the other side is
 * the Linux kernel's own TCP/IP stack and the programs on it.
 *
 * The device is opened with TUNSETIFF (IFF_TAP | IFF_NO_PI): the kernel
 * makes it when uipcd has CAP_NET_ADMIN, or attaches to an existing one its
 * user may open (`ip tuntap add ... user U`).  No virtio-net header and no
 * offloads (TUNSETOFFLOAD 0), so each read is one whole Ethernet frame with
 * its checksums computed, as on a real wire.  A device uipcd makes is
 * attached with IFF_NAPI and put in threaded mode when the kernel lets it
 * (if_tap_napi.c: the Linux side receives what uipc writes through GRO, on
 * a kernel thread of its own); otherwise, and on a device that existed,
 * the queue is a plain one.
 *
 * A struct tap_dev is the bottom of the interface's device chain, with the
 * fault and capture stages above it when configured, as a segment port
 * has.  Frames going down are written to the descriptor at once; frames
 * coming up are read by tap_rx() when the event loop (src/sys) finds the
 * descriptor readable, each straight into a packet buffer.  The loop learns
 * of each device through the stack's tap watcher, so that src/net never
 * names it.
 */
#include <net/if.h>
#include <stdint.h>

#include "net/if_fault.h"

struct ifnet;
struct stack;
struct tap_dev;

/* Frames tap_rx() reads in one call: a turn of the loop stays bounded. */
#define TAP_RX_BATCH	64

/* What a tap interface line of uipc.conf(5) configures below it. */
struct tap_conf {
	const char *tc_dev;		/* the TAP device's name */
	struct fault_conf tc_fault;	/* a fault stage when active */
	uint64_t tc_seed;		/* its generator's seed */
	const char *tc_pcap;		/* a capture stage's file, or NULL */
	unsigned tc_pcapmode;		/* 0: PCAP_MODE */
};

/* Counters of one device, beyond the interface's own. */
struct tap_stats {
	uint64_t ts_rxframes;
	uint64_t ts_rxbytes;
	uint64_t ts_rxbatches;		/* tap_rx() calls that read a frame */
	uint64_t ts_rxoversize;		/* longer than the interface's MTU allows */
	uint64_t ts_rxnobufs;		/* no packet buffer: the frame left unread */
	uint64_t ts_txframes;
	uint64_t ts_txbytes;
	uint64_t ts_txerrors;		/* write failed: the frame is lost */
};

/*
 * The event loop's side: told of each device as it is attached (and of
 * those already attached when the watcher is set) and as it goes.  tw_del
 * may be told of a device whose tw_add failed.
 */
struct tap_watcher {
	int	(*tw_add)(void *arg, struct tap_dev *, int fd);
	void	(*tw_del)(void *arg, struct tap_dev *, int fd);
	void	*tw_arg;
};

int	tap_attach(struct ifnet *, const struct tap_conf *);
int	tap_rx(struct tap_dev *, unsigned max);
int	tap_set_watcher(struct stack *, const struct tap_watcher *);
void	tap_set_free(struct stack *);
const char *tap_devname(const struct tap_dev *);
const struct tap_stats *tap_stats(const struct tap_dev *);
struct tap_dev *tap_of(struct ifnet *);

/* if_tap_napi.c, for if_tap.c. */
int	tap_napi_threaded(int fd, const char *name);

#endif
