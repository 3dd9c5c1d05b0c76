/*
 * The loopback interface lo0 (127.0.0.1/8, RFC 1122 §3.2.1.3(g)).  A
 * datagram sent on it is queued and handed to the protocol registered for
 * ETHERTYPE_IP (netisr.h; IP's ip_input) from the timer queue at the same
 * instant, never from inside ip_output: that breaks the recursion output
 * -> input -> reply -> output, as 4.2BSD's software interrupt queue did.
 * Datagrams a host sends to its own addresses on other interfaces come
 * this way too (ip_output sends them here).
 *
 * The environment may also run the queue itself, outside the stack, before
 * it answers a call (lo_deliver_now): uipcd does so for a TCP connect, so
 * that the handshake with a socket of the same host is over when connect()
 * returns, as on Linux, whose loopback_xmit feeds the receive path in the
 * sender's own context before the call returns.
 */
#include <errno.h>
#include <stdlib.h>

#include "base/pkt.h"
#include "base/timer.h"
#include "base/in_addr.h"
#include "kern/host.h"
#include "net/if_var.h"
#include "net/net_host.h"
#include "net/netisr.h"

/* Linux's loopback MTU (4.4BSD had 16384): a 64 KiB segment a packet. */
#define LO_MTU		65536
#define LO_QLEN		256

struct lo_softc {
	struct pktq lo_q;
	struct timer lo_timer;
};

/* One round: what is queued now, in order; what it sends back waits for the next round. */
static void
lo_deliver_round(struct ifnet *ifp)
{
	struct lo_softc *sc = ifp->if_softc;
	struct pktq batch = sc->lo_q;
	struct pkt *p;

	pktq_init(&sc->lo_q);
	while ((p = pktq_deq(&batch)) != NULL) {
		ifp->if_ipackets++;
		ifp->if_ibytes += p->pk_len;
		p->pk_ifp = ifp;
		p->pk_flags |= PKF_LOOP;
		netisr_dispatch(ifp, ETHERTYPE_IP, p);
	}
}

static void
lo_deliver(struct timer *t, void *arg)
{
	lo_deliver_round(arg);
}

/*
 * Delivers h's loopback queue now, from outside the stack, in at most
 * `rounds` rounds: what is queued, then what that sent back, and so on.
 * The bound is in rounds, not "until the queue is empty": two protocol
 * machines of one host may answer each other for ever (an ACK for an
 * ACK, a ping-pong), and each round delivers only what was queued when it
 * began (at most LO_QLEN datagrams), so the work is bounded whatever they
 * do.  What is left waits for the timer as before; order is kept, since
 * every datagram still leaves the one queue in turn.
 */
void
lo_deliver_now(struct host *h, unsigned rounds)
{
	struct ifnet *ifp = HNET(h) != NULL ? HNET(h)->nh_lo : NULL;
	struct lo_softc *sc;

	if (ifp == NULL || (sc = ifp->if_softc) == NULL)
		return;
	while (rounds-- > 0 && sc->lo_q.pq_len > 0)
		lo_deliver_round(ifp);
	if (sc->lo_q.pq_len == 0)
		timer_cancel(h->h_stack->st_timers, &sc->lo_timer);
}

static int
lo_output(struct ifnet *ifp, struct pkt *p, uint32_t nexthop, unsigned flags)
{
	struct lo_softc *sc = ifp->if_softc;

	if (!(ifp->if_flags & IFF_UP)) {
		ifp->if_oerrors++;
		pkt_free(p);
		return ENETDOWN;
	}
	if (sc->lo_q.pq_len >= LO_QLEN) {
		ifp->if_iqdrops++;
		pkt_free(p);
		return ENOBUFS;
	}
	ifp->if_opackets++;
	ifp->if_obytes += p->pk_len;
	p->pk_flags = (p->pk_flags & ~(PKF_BCAST | PKF_MCAST)) | PKF_LOOP;
	pktq_enq(&sc->lo_q, p);
	if (!timer_pending(&sc->lo_timer))
		timer_add_in(ifp->if_host->h_stack->st_timers, &sc->lo_timer, 0);
	return 0;
}

static void
lo_detach(struct ifnet *ifp)
{
	struct lo_softc *sc = ifp->if_softc;

	timer_cancel(ifp->if_host->h_stack->st_timers, &sc->lo_timer);
	pktq_flush(&sc->lo_q);
	free(sc);
	ifp->if_softc = NULL;
}

/* Creates lo0 on h, up, with 127.0.0.1/8. */
struct ifnet *
lo_create(struct host *h, int *errp)
{
	struct ifnet *ifp;
	struct lo_softc *sc;

	if ((ifp = if_alloc(h, "lo0", IFT_LOOP, errp)) == NULL)
		return NULL;
	if ((sc = calloc(1, sizeof(*sc))) == NULL) {
		if_free(ifp);
		*errp = ENOMEM;
		return NULL;
	}
	pktq_init(&sc->lo_q);
	timer_init(&sc->lo_timer, lo_deliver, ifp);
	ifp->if_softc = sc;
	ifp->if_mtu = LO_MTU;
	ifp->if_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
	ifp->if_output = lo_output;
	ifp->if_detach = lo_detach;
	if ((*errp = if_addr_add(ifp, IN_LOOPBACK, 0xff000000u, 0)) != 0) {
		if_free(ifp);
		return NULL;
	}
	return ifp;
}
