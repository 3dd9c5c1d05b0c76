/*
 * UNIX-domain names (4.4BSD unp_bind, unp_connect's namei).
 *
 * The environment resolves a path in the caller (its working directory,
 * umask and permissions apply, as in 4.2BSD) and gives the protocol the
 * node's identity.  The table below maps identity to the bound socket.  The
 * environment also holds the node open (sn_fd) for as long as the name is
 * bound, so that after an unlink the inode number cannot be reused by
 * another file: a socket whose name was unlinked keeps working for the
 * connections it has, but nobody can connect to it by name again.
 * Linux's abstract names, which are no nodes, are unp_abstract.c's; the
 * entry points below take either kind.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unix/unp.h"

/*
 * The name table is the stack's, shared by all its hosts since paths live
 * in the one file system (abstract names are keyed by host within it); the
 * composer makes it with the stack and frees it last (struct domain's
 * stack hooks).  0 or ENOMEM.
 */
int
unp_stack_attach(struct stack *st)
{
	if ((st->st_unix = calloc(1, sizeof(*st->st_unix))) == NULL)
		return ENOMEM;
	return 0;
}

/* Every socket of the stack is gone by now, so the table holds no names. */
void
unp_stack_detach(struct stack *st)
{
	free(st->st_unix);
	st->st_unix = NULL;
}

static struct unp_domain *
unp_domain(struct stack *st)
{
	return st->st_unix;
}

static unsigned
unp_hash(const struct so_node *n)
{
	unsigned long long h = n->sn_ino * 0x9e3779b97f4a7c15ULL ^ n->sn_dev;

	return (unsigned)(h >> 32) % UNP_HASHSIZE;
}

struct unpcb *
unp_lookup(struct stack *st, const struct so_node *node)
{
	struct unp_domain *ud = unp_domain(st);
	struct unpcb *unp;

	if (ud == NULL)
		return NULL;
	for (unp = ud->ud_hash[unp_hash(node)]; unp != NULL; unp = unp->unp_hnext)
		if (unp->unp_node.sn_dev == node->sn_dev && unp->unp_node.sn_ino == node->sn_ino)
			return unp;
	return NULL;
}

/*
 * Binds unp to the node the environment made, or to an abstract name.
 * EINVAL: already bound, or no AF_UNIX name; EADDRINUSE: the node or the
 * abstract name is some socket's.  On success a path's name owns
 * nam->node->sn_fd.  The family alone asks for an abstract name of the
 * protocol's choosing, as Linux's unix_bind does (unp_autobind).
 */
int
unp_bindname(struct unpcb *unp, const struct so_addr *nam)
{
	struct stack *st = sotostack(unp->unp_socket);
	struct unp_domain *ud = unp_domain(st);
	size_t path;
	unsigned h;

	if (ud == NULL)
		return ENOBUFS;
	if (nam->len == sizeof(sa_family_t) && nam->sa->sa_family == AF_UNIX)
		return unp_autobind(unp);
	if (unp->unp_addrlen != 0)
		return EINVAL;
	if (unp_addr_check(nam) != 0)
		return EINVAL;
	if (unp_isabstract(nam->sa, nam->len))
		return unp_abstract_bind(unp, nam->sa, nam->len);
	if (nam->node == NULL)
		return ENOENT;
	if (unp_lookup(st, nam->node) != NULL)
		return EADDRINUSE;
	/*
	 * The name's length is the path's up to its first NUL, plus that NUL,
	 * whatever length bind was given (Linux, unix_mkname_bsd): so
	 * getsockname, getpeername, accept and recvfrom give
	 * offsetof(sun_path) + strlen + 1, not the whole structure.
	 */
	path = nam->len - offsetof(struct sockaddr_un, sun_path);
	path = strnlen(((const struct sockaddr_un *)nam->sa)->sun_path, path);
	unp->unp_node = *nam->node;
	memset(&unp->unp_addr, 0, sizeof(unp->unp_addr));
	memcpy(&unp->unp_addr, nam->sa, offsetof(struct sockaddr_un, sun_path) + path);
	unp->unp_addrlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + path + 1);
	h = unp_hash(nam->node);
	unp->unp_hnext = ud->ud_hash[h];
	ud->ud_hash[h] = unp;
	unp->unp_socket->so_state |= SS_ISBOUND;
	return 0;
}

void
unp_unbindname(struct unpcb *unp)
{
	struct unp_domain *ud = sotostack(unp->unp_socket)->st_unix;
	struct unpcb **pp;

	if (unp->unp_addrlen == 0 || ud == NULL)
		return;
	if (unp_isabstract((const struct sockaddr *)&unp->unp_addr, unp->unp_addrlen)) {
		unp_abstract_unbind(unp);
		unp->unp_addrlen = 0;
		return;
	}
	for (pp = &ud->ud_hash[unp_hash(&unp->unp_node)]; *pp != NULL; pp = &(*pp)->unp_hnext)
		if (*pp == unp) {
			*pp = unp->unp_hnext;
			break;
		}
	if (unp->unp_node.sn_fd >= 0)
		close(unp->unp_node.sn_fd);
	unp->unp_node.sn_fd = -1;
	unp->unp_addrlen = 0;
}

/*
 * Linux's unix_validate_addr: an AF_UNIX name longer than the family and
 * no longer than struct sockaddr_un, or EINVAL.
 */
int
unp_addr_check(const struct so_addr *nam)
{
	if (nam->len <= offsetof(struct sockaddr_un, sun_path) || nam->len > sizeof(struct sockaddr_un) ||
	    nam->sa->sa_family != AF_UNIX)
		return EINVAL;
	return 0;
}

/*
 * The socket that a connect or a send names (Linux's unix_find_other).
 * ENOENT: a path with no node; EACCES: no write permission on the node;
 * ECONNREFUSED: nothing bound there.  An abstract name is looked up on the
 * caller's own host among sockets of the caller's type (Linux's
 * unix_find_abstract), and has no permission to check.  The address was
 * checked first (unp_addr_check).
 */
int
unp_resolve(struct socket *so, const struct so_addr *nam, const struct ucred *cr, struct unpcb **to)
{
	if (unp_isabstract(nam->sa, nam->len)) {
		*to = unp_abstract_lookup(so->so_host, so->so_type, nam->sa, nam->len);
		return *to != NULL ? 0 : ECONNREFUSED;
	}
	if (nam->node == NULL)
		return ENOENT;
	if (unp_access(nam->node, cr) != 0)
		return EACCES;
	if ((*to = unp_lookup(sotostack(so), nam->node)) == NULL)
		return ECONNREFUSED;
	return 0;
}

/* The socket bound at nam as so would reach it, or NULL; no permission asked. */
struct unpcb *
unp_find(struct socket *so, const struct so_addr *nam)
{
	if (unp_isabstract(nam->sa, nam->len))
		return unp_abstract_lookup(so->so_host, so->so_type, nam->sa, nam->len);
	return nam->node != NULL ? unp_lookup(sotostack(so), nam->node) : NULL;
}

/* The name of an unbound socket, as Linux gives it: the family alone. */
void
unp_unnamed(struct sockaddr *nam, socklen_t *len)
{
	sa_family_t fam = AF_UNIX;

	if (*len >= sizeof(fam))
		memcpy(nam, &fam, sizeof(fam));
	*len = sizeof(fam);
}

/*
 * Connecting or sending to a name needs write permission on its node
 * (4.2BSD checked VWRITE in unp_connect; Linux does the same).  uid 0
 * passes.  XXX Supplementary groups are not known here: only the primary
 * group is checked against the node's group.
 */
int
unp_access(const struct so_node *node, const struct ucred *cr)
{
	unsigned bit;

	if (cr->uid == 0)
		return 0;
	if (node->sn_uid == cr->uid)
		bit = 0200;
	else if (node->sn_gid == cr->gid)
		bit = 0020;
	else
		bit = 0002;
	return (node->sn_mode & bit) ? 0 : EACCES;
}
