/*
 * Virtual Ethernet segments.  Each frame in flight is a struct seg_frame
 * on the segment's list with its own timer; when it fires the frame is
 * copied to every other port of the sender's partition group (the last
 * receiver gets the original).  A segment outlives nothing: destroying it
 * drops the frames in flight and leaves its ports dangling safely (they
 * drop what they are given) until their interfaces go.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "base/timer.h"
#include "kern/host.h"
#include "net/if_var.h"
#include "net/if_fault.h"
#include "net/if_pcap.h"
#include "net/if_seg.h"

/*
 * Creates a segment called name in st.  Returns 0, EINVAL (bad name),
 * EEXIST or ENOMEM.
 */
int
seg_create(struct stack *st, const char *name, struct seg **segp)
{
	struct seg *seg, **tail;

	*segp = NULL;
	if (name == NULL || name[0] == '\0' || strlen(name) >= SEG_NAMELEN)
		return EINVAL;
	if (seg_find(st, name) != NULL)
		return EEXIST;
	if ((seg = calloc(1, sizeof(*seg))) == NULL)
		return ENOMEM;
	seg->seg_stack = st;
	strcpy(seg->seg_name, name);
	for (tail = &st->st_segs; *tail != NULL; tail = &(*tail)->seg_next)
		;
	*tail = seg;
	*segp = seg;
	return 0;
}

struct seg *
seg_find(struct stack *st, const char *name)
{
	struct seg *seg;

	for (seg = st->st_segs; seg != NULL; seg = seg->seg_next)
		if (strcmp(seg->seg_name, name) == 0)
			return seg;
	return NULL;
}

static void
seg_frame_free(struct seg_frame *sf)
{
	struct seg_frame **pp;

	for (pp = &sf->sf_seg->seg_inflight; *pp != NULL; pp = &(*pp)->sf_next)
		if (*pp == sf) {
			*pp = sf->sf_next;
			break;
		}
	timer_cancel(sf->sf_seg->seg_stack->st_timers, &sf->sf_timer);
	pkt_free(sf->sf_pkt);
	free(sf);
}

void
seg_destroy(struct seg *seg)
{
	struct seg **pp;
	struct seg_port *sp;

	for (pp = &seg->seg_stack->st_segs; *pp != NULL; pp = &(*pp)->seg_next)
		if (*pp == seg) {
			*pp = seg->seg_next;
			break;
		}
	while (seg->seg_inflight != NULL)
		seg_frame_free(seg->seg_inflight);
	for (sp = seg->seg_ports; sp != NULL; sp = sp->sp_next)
		sp->sp_seg = NULL;
	pcap_close(seg->seg_pcap);
	free(seg);
}

void
seg_destroy_all(struct stack *st)
{
	while (st->st_segs != NULL)
		seg_destroy(st->st_segs);
}

/* Records the segment's medium to a new pcap file at path. */
int
seg_set_pcap(struct seg *seg, const char *path)
{
	return seg_set_pcap_mode(seg, path, PCAP_MODE);
}

/* As seg_set_pcap, the capture file made with mode (uipc.conf(5) "pcap-mode"). */
int
seg_set_pcap_mode(struct seg *seg, const char *path, unsigned mode)
{
	struct pcap_writer *pw;
	int error;

	if ((error = pcap_open_mode(path, mode, &pw)) != 0)
		return error;
	pcap_close(seg->seg_pcap);
	seg->seg_pcap = pw;
	return 0;
}

/* A frame's propagation ends: every other port of its group gets it. */
static void
seg_deliver(struct timer *t, void *arg)
{
	struct seg_frame *sf = arg;
	struct seg *seg = sf->sf_seg;
	struct seg_port *sp, *last = NULL;
	int group = sf->sf_src != NULL ? sf->sf_src->sp_group : 0;
	struct pkt *p;

	for (sp = seg->seg_ports; sp != NULL; sp = sp->sp_next) {
		if (sp == sf->sf_src || sp->sp_group != group)
			continue;
		if (last != NULL && (p = pkt_copy(sf->sf_pkt)) != NULL) {
			seg->seg_deliveries++;
			ifdev_input(&last->sp_dev, p);
		}
		last = sp;
	}
	if (last != NULL) {
		p = sf->sf_pkt;
		sf->sf_pkt = NULL;
		seg->seg_deliveries++;
		seg_frame_free(sf);
		ifdev_input(&last->sp_dev, p);
	} else
		seg_frame_free(sf);
}

/* d_output of a port: the frame enters the wire. */
static int
seg_port_output(struct ifdev *d, struct pkt *p)
{
	struct seg_port *sp = (struct seg_port *)d;
	struct seg *seg = sp->sp_seg;
	struct seg_frame *sf;

	if (seg == NULL) {
		pkt_free(p);
		return ENETDOWN;
	}
	if ((sf = calloc(1, sizeof(*sf))) == NULL) {
		pkt_free(p);
		return ENOBUFS;
	}
	seg->seg_frames++;
	seg->seg_bytes += p->pk_len;
	if (seg->seg_pcap != NULL)
		pcap_record(seg->seg_pcap, clock_now(seg->seg_stack->st_clock),
		    p->pk_data, p->pk_len);
	p->pk_flags = 0;
	p->pk_ifp = NULL;
	sf->sf_seg = seg;
	sf->sf_src = sp;
	sf->sf_pkt = p;
	timer_init(&sf->sf_timer, seg_deliver, sf);
	sf->sf_next = seg->seg_inflight;
	seg->seg_inflight = sf;
	timer_add_in(seg->seg_stack->st_timers, &sf->sf_timer, seg->seg_delay);
	return 0;
}

static void
seg_port_free(struct ifdev *d)
{
	struct seg_port *sp = (struct seg_port *)d, **pp;
	struct seg *seg = sp->sp_seg;
	struct seg_frame *sf;

	if (seg != NULL) {
		for (pp = &seg->seg_ports; *pp != NULL; pp = &(*pp)->sp_next)
			if (*pp == sp) {
				*pp = sp->sp_next;
				break;
			}
		for (sf = seg->seg_inflight; sf != NULL; sf = sf->sf_next)
			if (sf->sf_src == sp)
				sf->sf_src = NULL;
	}
	free(sp);
}

/*
 * Attaches Ethernet interface ifp to seg: a port at the bottom of its
 * device chain, with a fault stage above it when the segment has fault
 * settings.  Returns 0, EINVAL (not Ethernet), EBUSY (it has a medium)
 * or ENOMEM.
 */
int
seg_attach(struct seg *seg, struct ifnet *ifp)
{
	struct seg_port *sp, **tail;

	if (ifp->if_type != IFT_ETHER)
		return EINVAL;
	if (ifp->if_dev != NULL)
		return EBUSY;
	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		return ENOMEM;
	sp->sp_dev.d_kind = "seg";
	sp->sp_dev.d_output = seg_port_output;
	sp->sp_dev.d_input = NULL;	/* the bottom: nothing below */
	sp->sp_dev.d_free = seg_port_free;
	sp->sp_seg = seg;
	sp->sp_num = seg->seg_nports++;
	if (fault_conf_active(&seg->seg_fault)) {
		sp->sp_fault = fault_create(seg->seg_stack, &seg->seg_fault,
		    seg->seg_seed ^ (0x9e3779b97f4a7c15ULL * (sp->sp_num + 1)));
		if (sp->sp_fault == NULL) {
			free(sp);
			return ENOMEM;
		}
	}
	for (tail = &seg->seg_ports; *tail != NULL; tail = &(*tail)->sp_next)
		;
	*tail = sp;
	if_dev_push(ifp, &sp->sp_dev);
	if (sp->sp_fault != NULL)
		if_dev_push(ifp, sp->sp_fault);
	ifp->if_flags |= IFF_RUNNING;
	return 0;
}

/* The segment port at the bottom of ifp's chain, or NULL. */
struct seg_port *
seg_port_of(struct ifnet *ifp)
{
	struct ifdev *d;

	for (d = ifp->if_dev; d != NULL; d = d->d_lower)
		if (d->d_lower == NULL && d->d_free == seg_port_free)
			return (struct seg_port *)d;
	return NULL;
}

/*
 * Puts ifp's port in partition group g: frames pass only between ports of
 * one group.  All ports start in group 0.
 */
void
seg_partition(struct ifnet *ifp, int group)
{
	struct seg_port *sp = seg_port_of(ifp);

	if (sp != NULL)
		sp->sp_group = group;
}
