/*
 * The protocol switch lookup (4.4BSD kern/uipc_domain.c).  The socket
 * layer names no domain: which domains a stack has is the composer's
 * choice (src/stack/domains.c), kept in the stack as st_domains.
 */
#include "kern/domain.h"

#include <errno.h>
#include <stddef.h>

#include "kern/host.h"

static const struct domain *
pffinddomain(const struct stack *st, int family)
{
	const struct domain *const *dp;

	if (st->st_domains == NULL)	/* a stack nobody composed */
		return NULL;
	for (dp = st->st_domains; *dp != NULL; dp++)
		if ((*dp)->dom_family == family)
			return *dp;
	return NULL;
}

int
pffindproto(const struct stack *st, int family, int type, int protocol,
    const struct protosw **prp)
{
	const struct domain *dom;
	const struct protosw *pr, *wild = NULL;
	int i, typeseen = 0;

	if ((dom = pffinddomain(st, family)) == NULL)
		return EAFNOSUPPORT;
	for (i = 0; i < dom->dom_nprotosw; i++) {
		pr = &dom->dom_protosw[i];
		if (pr->pr_type == type)
			typeseen = 1;
		if (pr->pr_type == type && (protocol == 0 || pr->pr_protocol == protocol)) {
			*prp = pr;
			return 0;
		}
		if (pr->pr_type == type && (pr->pr_flags & PR_WILDPROTO))
			wild = pr;
	}
	if (wild != NULL) {
		*prp = wild;
		return 0;
	}
	/*
	 * The primer's errors (§2.2): "a request for an unknown protocol
	 * (EPROTONOSUPPORT), or a request for a type of socket for which there
	 * is no supporting protocol (EPROTOTYPE)".  Linux answers the second
	 * with ESOCKTNOSUPPORT; uipc follows the primer, as 4.4BSD socreate
	 * does for a protocol of the wrong type.  (Linux's AF_UNIX SOCK_RAW,
	 * a datagram socket, is made so by the library: src/lib/sock.c.)
	 */
	return typeseen ? EPROTONOSUPPORT : EPROTOTYPE;
}
