/*
 * The UNIX domain's answers to the socket layer's so_peer and so_named
 * (kern/socket_peer.c): the peer is unp_conn's socket, and a name is the
 * node's entry in the stack's name table, or an abstract name's on the
 * socket's host (unp_name.c).
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
	struct unpcb *to = unp_find(so, nam);

	return to != NULL ? to->unp_socket : NULL;
}
