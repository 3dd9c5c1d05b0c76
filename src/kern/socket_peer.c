/*
 * The environment's window on a socket's neighbours (socket.h: so_peer,
 * so_named).  uipcd needs two facts that live in a protocol's control
 * block: whose sends a UNIX stream socket receives (to ask the host for
 * credentials only when that peer wants them, SO_PASSCRED), and which
 * listener a connect to a name reached (to park a blocking connect on it).
 * It asks here; the protocol answers through its pr_usrreqs, so no layer
 * above the protocols follows unp_conn or any other pcb field.
 */
#include "kern/socket.h"

struct socket *
so_peer(struct socket *so)
{
	const struct pr_usrreqs *pru = so->so_proto->pr_usrreqs;

	if (so->so_pcb == NULL || pru->pru_peer == NULL)
		return NULL;
	return pru->pru_peer(so);
}

struct socket *
so_named(struct socket *so, const struct so_addr *nam)
{
	const struct pr_usrreqs *pru = so->so_proto->pr_usrreqs;

	if (so->so_pcb == NULL || pru->pru_named == NULL || nam == NULL)
		return NULL;
	return pru->pru_named(so, nam);
}
