/*
 * The UNIX domain's answers to the socket layer's so_peer and so_named
 * (kern/socket_peer.c): the peer is unp_conn's socket, and a name is the
 * node's entry in the stack's name table (unp_name.c).
 */
#include "unix/unp.h"

struct socket *
unp_peer(struct socket *so)
{
	struct unpcb *unp = sotounpcb(so);

	return unp->unp_conn != NULL ? unp->unp_conn->unp_socket : NULL;
}

struct socket *
unp_named(struct socket *so, const struct so_addr *nam)
{
	struct unpcb *to;

	if (nam->node == NULL || (to = unp_lookup(sotostack(so), nam->node)) == NULL)
		return NULL;
	return to->unp_socket;
}
