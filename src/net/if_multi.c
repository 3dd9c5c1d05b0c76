/*
 * The link-layer multicast addresses an interface accepts (4.4BSD's
 * ether_addmulti, RFC 1112 §6.4): a counted list per interface, so that
 * frames to a group address reach only the interfaces that joined it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net/if_var.h"

struct if_multiaddr {
	struct if_multiaddr *ifm_next;
	uint8_t ifm_addr[ETHER_ADDR_LEN];
	unsigned ifm_refs;
};

static struct if_multiaddr **
if_multi_find(struct ifnet *ifp, const uint8_t *mac)
{
	struct if_multiaddr **pp;

	for (pp = &ifp->if_multiaddrs; *pp != NULL; pp = &(*pp)->ifm_next)
		if (memcmp((*pp)->ifm_addr, mac, ETHER_ADDR_LEN) == 0)
			break;
	return pp;
}

int
if_addmulti(struct ifnet *ifp, const uint8_t *mac)
{
	struct if_multiaddr **pp = if_multi_find(ifp, mac), *m;

	if (*pp != NULL) {
		(*pp)->ifm_refs++;
		return 0;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return ENOBUFS;
	memcpy(m->ifm_addr, mac, ETHER_ADDR_LEN);
	m->ifm_refs = 1;
	*pp = m;
	return 0;
}

void
if_delmulti(struct ifnet *ifp, const uint8_t *mac)
{
	struct if_multiaddr **pp = if_multi_find(ifp, mac), *m = *pp;

	if (m != NULL && --m->ifm_refs == 0) {
		*pp = m->ifm_next;
		free(m);
	}
}

/*
 * Joined, or the all-hosts group 224.0.0.1's address, which every
 * interface that has IP on it is a member of from the start (RFC 1112
 * §7.2), so that IGMP queries reach every host.
 */
int
if_hasmulti(struct ifnet *ifp, const uint8_t *mac)
{
	static const uint8_t allhosts[ETHER_ADDR_LEN] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };

	return memcmp(mac, allhosts, ETHER_ADDR_LEN) == 0 || *if_multi_find(ifp, mac) != NULL;
}

void
if_multi_flush(struct ifnet *ifp)
{
	struct if_multiaddr *m;

	while ((m = ifp->if_multiaddrs) != NULL) {
		ifp->if_multiaddrs = m->ifm_next;
		free(m);
	}
}

/*
 * RFC 1112 §6.4: an IP host group address maps to the Ethernet multicast
 * address 01-00-5E-00-00-00 plus its low-order 23 bits.
 */
void
ether_mcast_map(uint32_t group, uint8_t *mac)
{
	mac[0] = 0x01;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = (uint8_t)((group >> 16) & 0x7f);
	mac[4] = (uint8_t)(group >> 8);
	mac[5] = (uint8_t)group;
}
