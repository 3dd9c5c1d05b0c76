/*
 * CTL_UTS: the node and domain names of the caller's host, as uname(2),
 * gethostname(2) and getdomainname(2) give them to programs on it.  A
 * program that sets one (sethostname, setdomainname; root only, as on
 * Linux, where it takes CAP_SYS_ADMIN) sets it for every process on its
 * host, as Linux's are the whole UTS namespace's.  The host's own name
 * (uipc.conf's, UIPC_HOST, the network database) does not change: Linux
 * too keeps the node name apart from name resolution.
 */
#include <errno.h>
#include <string.h>

#include "kern/host.h"
#include "sys/uipcd.h"

_Static_assert(CTL_UTS_MAXLEN == HOST_UTSLEN, "one bound for the UTS names");

void
ctl_uts(struct proc *p, const struct ctl_req *rq, const void *data, size_t len)
{
	struct host *h = p->p_host;
	int32_t val[4] = { 0 };
	int domain = rq->cr_arg[0] == CTL_UTS_DOMAIN;
	char *name;
	uint8_t *set;

	if (rq->cr_arg[0] != CTL_UTS_NODE && !domain) {
		proc_reply(p, rq->cr_op, rq->cr_seq, EINVAL, NULL, NULL, 0, 0);
		return;
	}
	name = domain ? h->h_domainname : h->h_nodename;
	set = domain ? &h->h_domainset : &h->h_nodeset;
	if (rq->cr_arg[1]) {
		if (p->p_cred.uid != 0) {
			proc_reply(p, rq->cr_op, rq->cr_seq, EPERM, NULL, NULL, 0, 0);
			return;
		}
		if (len > HOST_UTSLEN) {
			proc_reply(p, rq->cr_op, rq->cr_seq, EINVAL, NULL, NULL, 0, 0);
			return;
		}
		memcpy(name, data, len);
		name[len] = '\0';
		*set = 1;
	}
	if (!*set && !domain)
		name = h->h_name;
	val[0] = *set;
	proc_reply(p, rq->cr_op, rq->cr_seq, 0, val, name, strlen(name), 0);
}
