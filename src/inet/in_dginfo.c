/*
 * What a receiver learns of an Internet datagram besides its data and
 * source (ip(7): IP_PKTINFO, IP_RECVTOS, IP_RECVTTL; socket(7):
 * SO_TIMESTAMP, SO_TIMESTAMPNS), taken when it arrives, as Linux keeps
 * them with the packet; the environment turns them into control messages
 * (uipcd: the channel's struct chan_msg, then the shim's recvmsg).
 */
#include <errno.h>
#include <stdlib.h>

#include "base/clock.h"
#include "inet/in_pcb.h"
#include "inet/ip_var.h"
#include "kern/host.h"
#include "kern/socket.h"
#include "net/if_var.h"

struct so_control *
in_dginfo(const struct inpcb *inp, const struct ip_info *ii)
{
	const struct socket *so = inp->inp_socket;
	struct so_control *ctl;
	struct in_ifaddr *ia;
	unsigned what = 0;

	if (inp->inp_flags & INP_PKTINFO)
		what |= SODG_PKTINFO;
	if (inp->inp_flags & INP_RECVTOS)
		what |= SODG_TOS;
	if (inp->inp_flags & INP_RECVTTL)
		what |= SODG_TTL;
	if (so->so_options & SOO_TIMESTAMP)
		what |= (so->so_options & SOO_TIMESTAMPNS) ? SODG_TIMENS : SODG_TIME;
	if (what == 0 || (ctl = so_control_new(0)) == NULL)
		return NULL;
	ctl->ctl_dg.dg_what = what;
	ctl->ctl_dg.dg_addr = ii->ii_ip.ip_dst;
	ctl->ctl_dg.dg_tos = ii->ii_ip.ip_tos;
	ctl->ctl_dg.dg_ttl = ii->ii_ip.ip_ttl;
	ctl->ctl_dg.dg_time = clock_now(so->so_host->h_stack->st_clock);
	/*
	 * ipi_spec_dst: the address a reply would leave from (Linux's
	 * fib_compute_spec_dst): the destination when it is ours, else (a
	 * broadcast) the arriving interface's address.
	 */
	ctl->ctl_dg.dg_spec_dst = ii->ii_ip.ip_dst;
	if (ii->ii_ifp != NULL) {
		ctl->ctl_dg.dg_ifindex = ii->ii_ifp->if_index;
		if (ifa_ifwithaddr(so->so_host, ii->ii_ip.ip_dst) == NULL &&
		    (ia = if_primary(ii->ii_ifp)) != NULL)
			ctl->ctl_dg.dg_spec_dst = ia->ifa_addr;
	}
	return ctl;
}

int
in_dginfo_src(struct host *h, const struct so_control *ctl, uint32_t *src)
{
	struct in_ifaddr *ia;
	struct ifnet *ifp;

	if (ctl == NULL || !(ctl->ctl_dg.dg_what & SODG_PKTINFO))
		return 0;
	if (ctl->ctl_dg.dg_spec_dst != 0) {
		if (ifa_ifwithaddr(h, ctl->ctl_dg.dg_spec_dst) == NULL)
			return ENETUNREACH;	/* Linux's: no route from a source not its own */
		*src = ctl->ctl_dg.dg_spec_dst;
		return 0;
	}
	if (ctl->ctl_dg.dg_ifindex != 0) {
		if ((ifp = if_byindex(h, ctl->ctl_dg.dg_ifindex)) == NULL)
			return ENODEV;
		if ((ia = if_primary(ifp)) != NULL)
			*src = ia->ifa_addr;
	}
	return 0;
}
