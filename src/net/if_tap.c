/*
 * The tap medium (if_tap.h).  One descriptor per device, non-blocking:
 * each write is one frame, each read one frame, read straight into a
 * packet buffer with the usual headroom, so a frame is copied once, by the
 * kernel, on its way in and never on its way out.
 *
 * The devices of a stack are on its tap set with the event loop's watcher,
 * so that a device attached before the loop starts and one attached after
 * both end up in the loop's epoll set, and one that goes leaves it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/pkt.h"
#include "kern/host.h"
#include "net/if_ether.h"
#include "net/if_fault.h"
#include "net/if_pcap.h"
#include "net/if_tap.h"
#include "net/if_var.h"

#define TUN_PATH	"/dev/net/tun"

/* Room for an 802.1Q tag the kernel may pass through. */
#define TAP_VLAN_LEN	4

struct tap_dev {
	struct ifdev t_dev;		/* first: the bottom of a chain */
	struct stack *t_stack;
	struct tap_dev *t_next;		/* on the stack's tap set */
	int t_fd;
	char t_name[IFNAMSIZ];
	int t_threaded;			/* IFF_NAPI, threaded (if_tap_napi.c) */
	struct tap_stats t_stats;
};

struct tap_set {
	struct tap_dev *ts_devs;
	struct tap_watcher ts_watcher;
	int ts_watched;
};

static struct tap_set *
tap_set_get(struct stack *st)
{
	if (st->st_taps == NULL)
		st->st_taps = calloc(1, sizeof(*st->st_taps));
	return st->st_taps;
}

/* Frees the set once it holds neither a device nor a watcher. */
static void
tap_set_put(struct stack *st)
{
	struct tap_set *ts = st->st_taps;

	if (ts != NULL && ts->ts_devs == NULL && !ts->ts_watched) {
		free(ts);
		st->st_taps = NULL;
	}
}

/*
 * Sets the event loop's watcher of st's devices (NULL: none): the new one
 * is told of every device already attached, the old one of each leaving.
 * Returns 0, or the first error the new watcher gave (or ENOMEM).
 */
int
tap_set_watcher(struct stack *st, const struct tap_watcher *w)
{
	struct tap_set *ts;
	struct tap_dev *t;
	int error = 0, e;

	if ((ts = w != NULL ? tap_set_get(st) : st->st_taps) == NULL)
		return w != NULL ? ENOMEM : 0;
	if (ts->ts_watched)
		for (t = ts->ts_devs; t != NULL; t = t->t_next)
			ts->ts_watcher.tw_del(ts->ts_watcher.tw_arg, t, t->t_fd);
	ts->ts_watched = w != NULL;
	if (w != NULL) {
		ts->ts_watcher = *w;
		for (t = ts->ts_devs; t != NULL; t = t->t_next)
			if ((e = w->tw_add(w->tw_arg, t, t->t_fd)) != 0 &&
			    error == 0)
				error = e;
	}
	tap_set_put(st);
	return error;
}

/*
 * Frees st's tap set when the stack goes (stack_destroy, after its hosts
 * and so every device): what is left is at most a watcher.
 */
void
tap_set_free(struct stack *st)
{
	free(st->st_taps);
	st->st_taps = NULL;
}

/*
 * Opens the TAP device name with TUNSETIFF, with IFF_NAPI when napi.
 * Returns the descriptor, or -errno: ENOENT without /dev/net/tun, EPERM
 * when the device may not be made or opened, EBUSY when another process
 * holds it.
 */
static int
tap_open_mode(const char *name, int napi)
{
	struct ifreq ifr;
	int fd, e;

	if ((fd = open(TUN_PATH, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	/* Whole Ethernet frames, no packet-information prefix (no vnet header). */
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (napi ? IFF_NAPI : 0);
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		goto fail;
	/*
	 * No checksum or segmentation offload: the kernel then never hands
	 * us a frame with a partial checksum or larger than the MTU.  (It is
	 * the default; said here so that it holds for a device someone else
	 * made with offloads on.)
	 */
	if (ioctl(fd, TUNSETOFFLOAD, 0UL) < 0)
		goto fail;
	return fd;
fail:
	e = errno;
	close(fd);
	return -e;
}

/*
 * The queue of a device uipcd makes holds a whole receive window, so that
 * on a clean link Linux never loses a frame uipc's window let it send.
 * The kernel's TAP drops a frame when its queue is full rather than
 * holding its sender back, and its default (1000 frames, 1.4 MB at MTU
 * 1500) is less than a window TCP's autotuning offers (up to 6 MiB,
 * src/inet/tcp_autotune.c): 4500 frames of 1448-byte segments are more.
 * The queue holds pointers; the frames are charged to their sender.
 */
#define TAP_TXQLEN	4500

static void
tap_set_txqlen(const char *name)
{
	struct ifreq ifr;
	int s;

	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	ifr.ifr_qlen = TAP_TXQLEN;
	(void)ioctl(s, SIOCSIFTXQLEN, &ifr);
	close(s);
}

/*
 * Opens the TAP device name, making it when it does not exist (which needs
 * CAP_NET_ADMIN).  A device made here is tried first with NAPI in threaded
 * mode (if_tap_napi.c); when that cannot be had, the device goes with its
 * descriptor and is made again with a plain queue.  One that existed is
 * left as its owner set it; one made here gets a queue of TAP_TXQLEN.
 * *threaded says which.  Returns the descriptor or -errno, as
 * tap_open_mode.
 */
static int
tap_open(const char *name, int *threaded)
{
	int fd;

	*threaded = 0;
	if (if_nametoindex(name) != 0)
		return tap_open_mode(name, 0);
	if ((fd = tap_open_mode(name, 1)) >= 0) {
		if (tap_napi_threaded(fd, name) == 0) {
			*threaded = 1;
			tap_set_txqlen(name);
			return fd;
		}
		close(fd);
	}
	if ((fd = tap_open_mode(name, 0)) >= 0)
		tap_set_txqlen(name);
	return fd;
}

/* d_output of the device: one frame, one write.  Consumes p. */
static int
tap_output(struct ifdev *d, struct pkt *p)
{
	struct tap_dev *t = (struct tap_dev *)d;
	ssize_t n;
	int error = 0;

	n = write(t->t_fd, p->pk_data, p->pk_len);
	if (n == (ssize_t)p->pk_len) {
		t->t_stats.ts_txframes++;
		t->t_stats.ts_txbytes += p->pk_len;
	} else {
		/*
		 * The kernel takes a whole frame or none; EAGAIN, like a full
		 * transmit ring, loses the frame (TCP will send it again).
		 */
		t->t_stats.ts_txerrors++;
		if (t->t_dev.d_ifp != NULL)
			t->t_dev.d_ifp->if_oerrors++;
		error = n < 0 && errno != EAGAIN ? errno : ENOBUFS;
	}
	pkt_free(p);
	return error;
}

/*
 * Reads up to max frames from the device and passes each up its chain.
 * Returns how many were read; stops early when the kernel has no more
 * (EAGAIN) or no packet buffer is to be had (the frame stays queued in the
 * kernel for the next turn).
 */
int
tap_rx(struct tap_dev *t, unsigned max)
{
	struct ifnet *ifp = t->t_dev.d_ifp;
	struct stack *st = t->t_stack;
	size_t room;
	unsigned got = 0;

	if (ifp == NULL)
		return 0;
	room = ifp->if_mtu + ETHER_HDR_LEN + TAP_VLAN_LEN;
	/*
	 * The frames of one read burst are one input batch (base/batch.h):
	 * what the layers above put off until its end (TCP's ACK) goes once.
	 */
	batch_begin(&st->st_inbatch);
	/* The burst's frames are handled at the instant it was read. */
	clock_hold(st->st_clock);
	while (got < max) {
		struct pkt *p = pkt_alloc(t->t_stack->st_pkts, room + 1);
		ssize_t n;

		if (p == NULL) {
			t->t_stats.ts_rxnobufs++;
			break;
		}
		/* One byte more than fits: a longer frame shows as too long. */
		n = read(t->t_fd, p->pk_data, room + 1);
		if (n <= 0) {
			pkt_free(p);
			break;
		}
		got++;
		if ((size_t)n > room) {
			t->t_stats.ts_rxoversize++;
			ifp->if_ierrors++;
			pkt_free(p);
			continue;
		}
		pkt_trim(p, (size_t)n);
		t->t_stats.ts_rxframes++;
		t->t_stats.ts_rxbytes += (uint64_t)n;
		ifdev_input(&t->t_dev, p);
		/* The frame may have taken the interface down or away. */
		if ((ifp = t->t_dev.d_ifp) == NULL)
			break;
	}
	/* What waited for the burst's end (the ACK) goes at the time it goes. */
	clock_release(st->st_clock);
	batch_end(&st->st_inbatch);
	if (got > 0)
		t->t_stats.ts_rxbatches++;
	return (int)got;
}

static void
tap_free(struct ifdev *d)
{
	struct tap_dev *t = (struct tap_dev *)d, **pp;
	struct tap_set *ts = t->t_stack->st_taps;

	if (ts != NULL) {
		for (pp = &ts->ts_devs; *pp != NULL; pp = &(*pp)->t_next)
			if (*pp == t) {
				*pp = t->t_next;
				break;
			}
		if (ts->ts_watched)
			ts->ts_watcher.tw_del(ts->ts_watcher.tw_arg, t, t->t_fd);
		tap_set_put(t->t_stack);
	}
	/* A device uipcd made goes with its last descriptor. */
	close(t->t_fd);
	free(t);
}

/* Pushes the capture and fault stages tc asks for above the device. */
static int
tap_push_stages(struct ifnet *ifp, struct stack *st, const struct tap_conf *tc)
{
	struct pcap_writer *pw;
	struct ifdev *d;
	int error;

	if (tc->tc_pcap != NULL && tc->tc_pcap[0] != '\0') {
		/* Below the fault stage: it records what crossed the wire. */
		if ((error = pcap_open_mode(tc->tc_pcap, tc->tc_pcapmode ?
		    tc->tc_pcapmode : PCAP_MODE, &pw)) != 0)
			return error;
		d = pcap_dev_create(st, pw);
		pcap_close(pw);		/* the stage holds its own reference */
		if (d == NULL)
			return ENOMEM;
		if_dev_push(ifp, d);
	}
	if (fault_conf_active(&tc->tc_fault)) {
		if ((d = fault_create(st, &tc->tc_fault, tc->tc_seed)) == NULL)
			return ENOMEM;
		if_dev_push(ifp, d);
	}
	return 0;
}

/*
 * Attaches Ethernet interface ifp to the TAP device tc->tc_dev, with the
 * stages tc asks for.  Returns 0, EINVAL (not Ethernet, or a bad device
 * name), EBUSY (ifp has a medium, or another process holds the device),
 * what opening the device said (ENOENT, EPERM), or ENOMEM.  On failure
 * whatever was attached goes with the interface.
 */
int
tap_attach(struct ifnet *ifp, const struct tap_conf *tc)
{
	struct stack *st = ifp->if_host->h_stack;
	struct tap_set *ts;
	struct tap_dev *t;
	int fd, threaded, error;

	if (ifp->if_type != IFT_ETHER || tc->tc_dev == NULL ||
	    tc->tc_dev[0] == '\0' || strlen(tc->tc_dev) >= IFNAMSIZ)
		return EINVAL;
	if (ifp->if_dev != NULL)
		return EBUSY;
	if ((ts = tap_set_get(st)) == NULL)
		return ENOMEM;
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		tap_set_put(st);
		return ENOMEM;
	}
	if ((fd = tap_open(tc->tc_dev, &threaded)) < 0) {
		free(t);
		tap_set_put(st);
		return -fd;
	}
	t->t_dev.d_kind = "tap";
	t->t_dev.d_output = tap_output;
	t->t_dev.d_input = NULL;	/* the bottom: nothing below */
	t->t_dev.d_free = tap_free;
	t->t_stack = st;
	t->t_fd = fd;
	t->t_threaded = threaded;
	strcpy(t->t_name, tc->tc_dev);
	t->t_next = ts->ts_devs;
	ts->ts_devs = t;
	if_dev_push(ifp, &t->t_dev);
	if (ts->ts_watched &&
	    (error = ts->ts_watcher.tw_add(ts->ts_watcher.tw_arg, t, fd)) != 0)
		return error;
	ifp->if_flags |= IFF_RUNNING;
	return tap_push_stages(ifp, st, tc);
}

const char *
tap_devname(const struct tap_dev *t)
{
	return t->t_name;
}

const struct tap_stats *
tap_stats(const struct tap_dev *t)
{
	return &t->t_stats;
}

/* The TAP device at the bottom of ifp's chain, or NULL. */
struct tap_dev *
tap_of(struct ifnet *ifp)
{
	struct ifdev *d;

	for (d = ifp->if_dev; d != NULL; d = d->d_lower)
		if (d->d_lower == NULL && d->d_free == tap_free)
			return (struct tap_dev *)d;
	return NULL;
}
