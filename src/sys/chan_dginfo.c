/*
 * A datagram's information (struct so_dginfo in the stack, struct
 * chan_dginfo on the channel): IP_PKTINFO, IP_RECVTOS, IP_RECVTTL and
 * SO_TIMESTAMP(NS) toward the process, IP_PKTINFO from it.
 */
#include <arpa/inet.h>
#include <string.h>

#include "base/clock.h"
#include "sys/uipcd.h"

/*
 * Into the header of a message going to the process.  The arrival time
 * was taken on the stack's (monotonic) clock; the process reads the
 * system's wall clock, the machine's plus `uipc clock`'s offset, so the
 * stamp is that clock's now less the time the datagram has waited.
 */
void
chan_dginfo_out(struct uipcd *d, const struct socket *so, const struct so_control *ctl,
    struct chan_msg *hdr)
{
	const struct so_dginfo *dg;
	struct chan_dginfo *ci = &hdr->cm_info;
	uint64_t waited;
	int64_t wall;

	if (ctl == NULL || ctl->ctl_dg.dg_what == 0)
		return;
	dg = &ctl->ctl_dg;
	memset(ci, 0, sizeof(*ci));
	if (dg->dg_what & SODG_PKTINFO) {
		ci->ci_what |= CI_PKTINFO;
		ci->ci_ifindex = dg->dg_ifindex;
		ci->ci_spec_dst = htonl(dg->dg_spec_dst);
		ci->ci_addr = htonl(dg->dg_addr);
	}
	if (dg->dg_what & SODG_TOS) {
		ci->ci_what |= CI_TOS;
		ci->ci_tos = dg->dg_tos;
	}
	if (dg->dg_what & SODG_TTL) {
		ci->ci_what |= CI_TTL;
		ci->ci_ttl = dg->dg_ttl;
	}
	if (dg->dg_what & (SODG_TIME | SODG_TIMENS)) {
		ci->ci_what |= (dg->dg_what & SODG_TIMENS) ? CI_TIMENS : CI_TIME;
		waited = clock_now(so->so_host->h_stack->st_clock) - dg->dg_time;
		wall = clock_machine_wall_ns() + d->d_clock_offset_ns - (int64_t)waited;
		ci->ci_sec = wall / (int64_t)NS_PER_SEC;
		ci->ci_nsec = (uint32_t)(wall % (int64_t)NS_PER_SEC);
	}
	hdr->cm_flags |= CM_INFO;
}

/*
 * From the header of a message the process sends: a send's IP_PKTINFO, on
 * an Internet socket only (Linux ignores IPPROTO_IP control messages on
 * others).  Returns ctl, or a new control holding it; NULL if none.
 */
struct so_control *
chan_dginfo_in(const struct chan_msg *hdr, const struct socket *so, struct so_control *ctl)
{
	const struct chan_dginfo *ci = &hdr->cm_info;

	if (!(hdr->cm_flags & CM_INFO) || !(ci->ci_what & CI_PKTINFO) ||
	    so->so_proto->pr_domain != AF_INET)
		return ctl;
	if (ctl == NULL && (ctl = so_control_new(0)) == NULL)
		return NULL;
	ctl->ctl_dg.dg_what |= SODG_PKTINFO;
	ctl->ctl_dg.dg_ifindex = ci->ci_ifindex;
	ctl->ctl_dg.dg_spec_dst = ntohl(ci->ci_spec_dst);
	return ctl;
}
