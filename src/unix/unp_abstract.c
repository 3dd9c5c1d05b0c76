/*
 * Linux's abstract UNIX-domain names (unix(7), "Abstract sockets"): a name
 * whose sun_path starts with a NUL is no file; it is the bytes after that
 * NUL, as many as the address length says (NULs among them count like any
 * other byte), and it lives as long as the socket bound to it.  The primer
 * is silent on them (its names are paths, §2.3); programs written for
 * Linux use them (D-Bus, systemd, X11), so uipc has them as Linux does.
 *
 * Linux keeps them per network namespace; uipc keeps them per host, each
 * host being the network stack its processes see (DESIGN.md, "Hosts and
 * networks").  The table is the stack's name table (unp_domain), keyed by
 * host, socket type and bytes: Linux keeps the types apart too
 * (unix_abstract_hash folds the type in), so a stream and a datagram
 * socket may hold the same name, and a connect finds only its own type.
 *
 * There is no permission on an abstract name, as on Linux; what a user may
 * hold is bounded by uipcd's per-user socket limit, since every name is
 * some socket's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/rng.h"
#include "unix/unp.h"

/* Is this address an abstract name?  A path's first byte is never NUL. */
int
unp_isabstract(const struct sockaddr *sa, socklen_t len)
{
	return len > offsetof(struct sockaddr_un, sun_path) && sa->sa_family == AF_UNIX &&
	    ((const struct sockaddr_un *)sa)->sun_path[0] == '\0';
}

/* FNV-1a over the name's bytes, with the host's identity and the type folded in. */
static unsigned
unp_abstract_hash(const struct host *h, int type, const struct sockaddr *sa, socklen_t len)
{
	const unsigned char *p = (const unsigned char *)((const struct sockaddr_un *)sa)->sun_path;
	size_t n = len - offsetof(struct sockaddr_un, sun_path), i;
	unsigned long long x = 0xcbf29ce484222325ULL ^ (unsigned long long)(uintptr_t)h ^
	    ((unsigned long long)type << 56);

	for (i = 0; i < n; i++)
		x = (x ^ p[i]) * 0x100000001b3ULL;
	return (unsigned)(x ^ (x >> 32)) % UNP_HASHSIZE;
}

/* The socket of host h and type bound to the abstract name sa (len bytes), or NULL. */
struct unpcb *
unp_abstract_lookup(struct host *h, int type, const struct sockaddr *sa, socklen_t len)
{
	struct unp_domain *ud = h->h_stack->st_unix;
	struct unpcb *unp;

	if (ud == NULL)
		return NULL;
	for (unp = ud->ud_abstract[unp_abstract_hash(h, type, sa, len)]; unp != NULL; unp = unp->unp_hnext)
		if (unp->unp_socket->so_host == h && unp->unp_socket->so_type == type &&
		    unp->unp_addrlen == len &&
		    memcmp(unp->unp_addr.un_sun.sun_path, ((const struct sockaddr_un *)sa)->sun_path,
		    len - offsetof(struct sockaddr_un, sun_path)) == 0)
			return unp;
	return NULL;
}

/*
 * Binds unp to the abstract name sa of len bytes, kept exactly as given:
 * getsockname and the rest return that length, with no NUL added (Linux's
 * unix_bind_abstract).  EINVAL: already bound; EADDRINUSE: a socket of the
 * same host and type has the name.
 */
int
unp_abstract_bind(struct unpcb *unp, const struct sockaddr *sa, socklen_t len)
{
	struct host *h = unp->unp_socket->so_host;
	struct unp_domain *ud = h->h_stack->st_unix;
	int type = unp->unp_socket->so_type;
	unsigned k;

	if (ud == NULL)
		return ENOBUFS;
	if (unp->unp_addrlen != 0)
		return EINVAL;
	if (unp_abstract_lookup(h, type, sa, len) != NULL)
		return EADDRINUSE;
	memset(&unp->unp_addr, 0, sizeof(unp->unp_addr));
	memcpy(&unp->unp_addr, sa, len);
	unp->unp_addr.un_sun.sun_family = AF_UNIX;
	unp->unp_addrlen = len;
	k = unp_abstract_hash(h, type, sa, len);
	unp->unp_hnext = ud->ud_abstract[k];
	ud->ud_abstract[k] = unp;
	unp->unp_socket->so_state |= SS_ISBOUND;
	return 0;
}

/* Takes unp's abstract name out of the table; the name is free at once. */
void
unp_abstract_unbind(struct unpcb *unp)
{
	struct unp_domain *ud = sotostack(unp->unp_socket)->st_unix;
	struct unpcb **pp;

	if (ud == NULL)
		return;
	for (pp = &ud->ud_abstract[unp_abstract_hash(unp->unp_socket->so_host, unp->unp_socket->so_type,
	    (const struct sockaddr *)&unp->unp_addr, unp->unp_addrlen)];
	    *pp != NULL; pp = &(*pp)->unp_hnext)
		if (*pp == unp) {
			*pp = unp->unp_hnext;
			break;
		}
	unp->unp_hnext = NULL;
}

/*
 * Linux's autobind (unix_autobind): a NUL and five lowercase hex digits,
 * the address length offsetof(sun_path) + 6, starting at a random number
 * and counting up through all 2^20 until one is free (ENOSPC if none is).
 * An already bound socket keeps its name: 0.  Used for bind with only a
 * family, and for a connect or send of an unbound socket with SO_PASSCRED,
 * so that its peer can tell who it is.
 */
#define UNP_AUTOBIND_NAMES	0x100000

int
unp_autobind(struct unpcb *unp)
{
	struct sockaddr_un sun;
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 6);
	unsigned start, i, num;
	char digits[8];

	if (unp->unp_addrlen != 0)
		return 0;
	start = (unsigned)rng_below(sotostack(unp->unp_socket)->st_rng, UNP_AUTOBIND_NAMES);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	for (i = 1; i <= UNP_AUTOBIND_NAMES; i++) {
		num = (start + i) % UNP_AUTOBIND_NAMES;
		snprintf(digits, sizeof(digits), "%05x", num);
		memcpy(sun.sun_path + 1, digits, 5);
		if (unp_abstract_lookup(unp->unp_socket->so_host, unp->unp_socket->so_type,
		    (struct sockaddr *)&sun, len) == NULL)
			return unp_abstract_bind(unp, (struct sockaddr *)&sun, len);
	}
	return ENOSPC;
}
