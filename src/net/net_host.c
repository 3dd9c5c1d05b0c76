/*
 * A host's link-layer state: made with the host (ARP in the ethertype
 * table, a loopback interface) and torn down with it, interfaces first
 * (each takes its routes, ARP entries and held frames along), then what
 * routes are left.
 */
#include <errno.h>
#include <stdlib.h>

#include "kern/host.h"
#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/net_host.h"
#include "net/netisr.h"
#include "net/route_var.h"

/* Returns 0 or ENOMEM; on failure h has no link-layer state. */
int
net_host_attach(struct host *h)
{
	struct net_host *nh;
	int error;

	if ((nh = calloc(1, sizeof(*nh))) == NULL)
		return ENOMEM;
	nh->nh_host = h;
	h->h_net = nh;
	if ((error = netisr_register(h, ETHERTYPE_ARP, arp_input)) != 0 ||
	    (nh->nh_lo = lo_create(h, &error)) == NULL) {
		net_host_detach(h);
		return error;
	}
	return 0;
}

void
net_host_detach(struct host *h)
{
	struct net_host *nh = h->h_net;

	if (nh == NULL)
		return;
	while (nh->nh_ifnets != NULL)
		if_free(nh->nh_ifnets);
	rt_flush(h);
	free(nh);
	h->h_net = NULL;
}
