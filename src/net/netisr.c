/*
 * The per-host ethertype table (netisr.h): registration.  The dispatch
 * every link layer's input ends in is inline, in net_host.h.  The entries
 * in use are kept together at the front, so a frame of any type, even one
 * corrupted on the wire, is compared only with registered entries.
 */
#include <errno.h>

#include "kern/host.h"
#include "net/net_host.h"
#include "net/netisr.h"

/*
 * Registers fn for frames of ethertype on host h.  Returns 0, EINVAL (no
 * function), EEXIST, or ENOSPC (NETISR_MAX types are registered already).
 */
int
netisr_register(struct host *h, uint16_t ethertype, netisr_fn *fn)
{
	struct net_host *nh = HNET(h);
	unsigned i;

	if (fn == NULL)
		return EINVAL;
	for (i = 0; i < nh->nh_nisr; i++)
		if (nh->nh_isr[i].ni_type == ethertype)
			return EEXIST;
	if (nh->nh_nisr == NETISR_MAX)
		return ENOSPC;
	nh->nh_isr[nh->nh_nisr].ni_type = ethertype;
	nh->nh_isr[nh->nh_nisr].ni_input = fn;
	nh->nh_nisr++;
	return 0;
}

/* Removes ethertype's entry.  Returns 0 or ENOENT. */
int
netisr_unregister(struct host *h, uint16_t ethertype)
{
	struct net_host *nh = HNET(h);
	unsigned i;

	if (nh == NULL)
		return ENOENT;
	for (i = 0; i < nh->nh_nisr; i++)
		if (nh->nh_isr[i].ni_type == ethertype) {
			/* The last entry fills the hole. */
			nh->nh_isr[i] = nh->nh_isr[--nh->nh_nisr];
			nh->nh_isr[nh->nh_nisr].ni_type = 0;
			nh->nh_isr[nh->nh_nisr].ni_input = NULL;
			return 0;
		}
	return ENOENT;
}
