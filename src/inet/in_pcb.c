/*
 * Internet PCBs: allocation, binding, connecting, lookup and notification
 * (4.4BSD netinet/in_pcb.c).  Read before editing: primer §5.4 and §5.5,
 * RFC 1122 §3.3.4.3, and the contract in in_pcb.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "base/rng.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/in_mcast.h"
#include "inet/in_pcb.h"
#include "inet/ip_var.h"
#include "kern/host.h"
#include "kern/so_errq.h"
#include "kern/socket.h"
#include "kern/sockopt_val.h"
#include "net/if_var.h"

static inline struct inpcb **
in_pcbchain(struct inpcbtable *t, uint16_t lport)
{
	return &t->ipt_hash[(lport ^ (lport >> 8)) & (IN_PCBHASH_SIZE - 1)];
}

/*
 * Three chains hold each PCB, as 4.4BSD's single list did not scale to
 * many connections on one port (a busy server, its TIME_WAITs):
 * every PCB by local port, for the binding rules; unconnected PCBs by
 * local port, for the wildcard lookup of arriving packets; connected PCBs
 * by their whole association, for the exact lookup most packets need.
 */
static inline struct inpcb **
in_pcbuchain(struct inpcbtable *t, uint16_t lport)
{
	return &t->ipt_lhash[(lport ^ (lport >> 8)) & (IN_PCBHASH_SIZE - 1)];
}

static inline struct inpcb **
in_pcbcchain(struct inpcbtable *t, uint32_t faddr, uint16_t fport, uint32_t laddr,
    uint16_t lport)
{
	uint32_t h = faddr * 2654435761u ^ laddr * 40503u ^ ((uint32_t)fport << 16 | lport) * 2246822519u;

	return &t->ipt_chash[(h ^ (h >> 16)) & (IN_PCBCHASH_SIZE - 1)];
}

#define CHAIN_REMOVE(inp, next, prevp) do {				\
	if ((inp)->prevp != NULL) {					\
		if ((inp)->next != NULL)				\
			(inp)->next->prevp = (inp)->prevp;		\
		*(inp)->prevp = (inp)->next;				\
		(inp)->next = NULL;					\
		(inp)->prevp = NULL;					\
	}								\
} while (0)

#define CHAIN_INSERT(inp, chain, next, prevp) do {			\
	(inp)->next = *(chain);						\
	if (*(chain) != NULL)						\
		(*(chain))->prevp = &(inp)->next;			\
	(inp)->prevp = (chain);						\
	*(chain) = (inp);						\
} while (0)

static void
in_pcbhash_remove(struct inpcb *inp)
{
	CHAIN_REMOVE(inp, inp_hnext, inp_hprevp);
	CHAIN_REMOVE(inp, inp_lnext, inp_lprevp);
	CHAIN_REMOVE(inp, inp_cnext, inp_cprevp);
}

/* Puts inp on the chains of its (new) local port and association. */
void
in_pcbrehash(struct inpcb *inp)
{
	struct inpcbtable *t = inp->inp_table;

	in_pcbhash_remove(inp);
	CHAIN_INSERT(inp, in_pcbchain(t, inp->inp_lport), inp_hnext, inp_hprevp);
	if (inp->inp_faddr != IN_ANY)
		CHAIN_INSERT(inp, in_pcbcchain(t, inp->inp_faddr, inp->inp_fport,
		    inp->inp_laddr, inp->inp_lport), inp_cnext, inp_cprevp);
	else
		CHAIN_INSERT(inp, in_pcbuchain(t, inp->inp_lport), inp_lnext, inp_lprevp);
}

void
in_pcbtable_init(struct inpcbtable *t, struct host *h, uint8_t proto)
{
	memset(t, 0, sizeof(*t));
	t->ipt_host = h;
	t->ipt_proto = proto;
	t->ipt_lastport = (uint16_t)(IPPORT_EPHEMERAL_FIRST +
	    rng_below(h->h_stack->st_rng,
	    IPPORT_EPHEMERAL_LAST - IPPORT_EPHEMERAL_FIRST + 1));
	/* From the same draw: another would shift every later one. */
	t->ipt_seed = t->ipt_lastport * 2654435761u;
}

/* The owners detach their PCBs with their sockets; what is left is freed. */
void
in_pcbtable_fini(struct inpcbtable *t)
{
	struct inpcb *inp;

	while ((inp = t->ipt_list) != NULL) {
		if (inp->inp_socket != NULL && inp->inp_socket->so_pcb == inp)
			inp->inp_socket->so_pcb = NULL;
		in_pcbdetach(inp);
	}
}

int
in_pcballoc(struct socket *so, struct inpcbtable *t)
{
	struct inpcb *inp;

	if ((inp = calloc(1, sizeof(*inp))) == NULL)
		return ENOBUFS;
	inp->inp_table = t;
	inp->inp_socket = so;
	inp->inp_next = t->ipt_list;
	if (t->ipt_list != NULL)
		t->ipt_list->inp_prevp = &inp->inp_next;
	inp->inp_prevp = &t->ipt_list;
	t->ipt_list = inp;
	t->ipt_count++;
	in_pcbrehash(inp);
	so->so_pcb = inp;
	return 0;
}

void
in_pcbdetach(struct inpcb *inp)
{
	struct inpcbtable *t = inp->inp_table;

	if (inp->inp_socket != NULL && inp->inp_socket->so_pcb == inp)
		inp->inp_socket->so_pcb = NULL;
	in_mcast_pcbfree(inp);
	in_pcbhash_remove(inp);
	if (inp->inp_next != NULL)
		inp->inp_next->inp_prevp = inp->inp_prevp;
	*inp->inp_prevp = inp->inp_next;
	t->ipt_count--;
	free(inp);
}

/*
 * Counts the wildcards that separate inp from the tuple, or -1 if a field
 * that both name differs.  A wildcard is a field either side leaves open.
 */
static int
in_pcbmatch(const struct inpcb *inp, uint32_t faddr, uint16_t fport,
    uint32_t laddr)
{
	int wild = 0;

	if (inp->inp_faddr != IN_ANY) {
		if (faddr == IN_ANY)
			wild++;
		else if (inp->inp_faddr != faddr || inp->inp_fport != fport)
			return -1;
	} else if (faddr != IN_ANY)
		wild++;
	if (inp->inp_laddr != IN_ANY) {
		if (laddr == IN_ANY)
			wild++;
		else if (inp->inp_laddr != laddr)
			return -1;
	} else if (laddr != IN_ANY)
		wild++;
	return wild;
}

/*
 * Do a and b share a port as one SO_REUSEPORT group?  Same local half,
 * both with the option, one user; for TCP, both listening (a socket bound
 * but not listening takes no connection, as on Linux).
 */
static int
in_pcbsamegroup(const struct inpcb *a, const struct inpcb *b)
{
	const struct socket *sa = a->inp_socket, *sb = b->inp_socket;

	return sb != NULL && b->inp_lport == a->inp_lport &&
	    b->inp_laddr == a->inp_laddr && b->inp_faddr == IN_ANY &&
	    (sb->so_options & SOO_REUSEPORT) && sb->so_cred.uid == sa->so_cred.uid &&
	    (sb->so_options & SOO_ACCEPTCONN) == (sa->so_options & SOO_ACCEPTCONN);
}

/*
 * Several sockets bound to one local half with SO_REUSEPORT share what
 * arrives for it, as Linux and FreeBSD share it: each datagram or
 * connection goes to the member a hash of its four-tuple picks, so one
 * peer's flow always reaches the same socket while many peers spread over
 * the group.  The hash is keyed by the table's seed (the stack's seeded
 * source), so a run can be repeated.
 */
static struct inpcb *
in_pcbreuseport(struct inpcbtable *t, struct inpcb *first, uint32_t faddr,
    uint16_t fport, uint32_t laddr, uint16_t lport)
{
	struct inpcb *inp;
	uint32_t h, n = 0;

	for (inp = *in_pcbuchain(t, lport); inp != NULL; inp = inp->inp_lnext)
		if (in_pcbsamegroup(first, inp))
			n++;
	if (n < 2)
		return first;
	h = t->ipt_seed ^ faddr * 2654435761u;
	h = (h ^ (h >> 15) ^ laddr) * 2246822519u;
	h = (h ^ (h >> 13) ^ ((uint32_t)fport << 16 | lport)) * 3266489917u;
	h ^= h >> 16;
	n = h % n;
	for (inp = *in_pcbuchain(t, lport); inp != NULL; inp = inp->inp_lnext)
		if (in_pcbsamegroup(first, inp) && n-- == 0)
			return inp;
	return first;
}

struct inpcb *
in_pcblookup(struct inpcbtable *t, uint32_t faddr, uint16_t fport,
    uint32_t laddr, uint16_t lport, int flags)
{
	struct inpcb *inp, *match = NULL;
	int wild, matchwild = 3;

	if (lport == 0)
		return NULL;
	if (faddr != IN_ANY && laddr != IN_ANY)
		for (inp = *in_pcbcchain(t, faddr, fport, laddr, lport); inp != NULL; inp = inp->inp_cnext)
			if (inp->inp_faddr == faddr && inp->inp_fport == fport &&
			    inp->inp_laddr == laddr && inp->inp_lport == lport)
				return inp;
	/* No exact association: a connected PCB matches only exactly, so the
	 * wildcard search needs the unconnected ones alone. */
	for (inp = *in_pcbuchain(t, lport); inp != NULL; inp = inp->inp_lnext) {
		if (inp->inp_lport != lport)
			continue;
		if ((wild = in_pcbmatch(inp, faddr, fport, laddr)) < 0)
			continue;
		if (wild > 0 && !(flags & INPLOOKUP_WILDCARD))
			continue;
		if (wild < matchwild) {
			match = inp;
			matchwild = wild;
			if (wild == 0)
				break;
		}
	}
	if (match != NULL && match->inp_socket != NULL &&
	    (match->inp_socket->so_options & SOO_REUSEPORT))
		match = in_pcbreuseport(t, match, faddr, fport, laddr, lport);
	return match;
}

/* Does the local half laddr:lport conflict with a PCB other than inp? */
static int
in_pcbinuse(struct inpcb *inp, uint32_t laddr, uint16_t lport)
{
	struct socket *so = inp->inp_socket;
	struct inpcb *o;

	for (o = *in_pcbchain(inp->inp_table, lport); o != NULL;
	    o = o->inp_hnext) {
		if (o == inp || o->inp_lport != lport)
			continue;
		if (o->inp_laddr != laddr &&
		    o->inp_laddr != IN_ANY && laddr != IN_ANY)
			continue;
		/*
		 * SO_REUSEPORT with Linux's rule (socket(7)): every socket on
		 * the port set it before its bind, and all belong to one
		 * effective user, so no other user can steal a share of them.
		 */
		if (so != NULL && (so->so_options & SOO_REUSEPORT) &&
		    o->inp_socket != NULL &&
		    (o->inp_socket->so_options & SOO_REUSEPORT) &&
		    o->inp_socket->so_cred.uid == so->so_cred.uid)
			continue;
		/*
		 * Primer §5.4: SO_REUSEADDR lets a local address be bound
		 * that is already in use; 4.4BSD still refuses an unconnected
		 * PCB with exactly the same local half.
		 */
		if (so != NULL && (so->so_options & SOO_REUSEADDR) &&
		    (o->inp_laddr != laddr || o->inp_faddr != IN_ANY))
			continue;
		/*
		 * Linux also lets two datagram sockets share one local half
		 * when both set SO_REUSEADDR (udp(7); socket(7)): multicast
		 * listeners and libuv rely on it.
		 */
		if (so != NULL && so->so_type == SOCK_DGRAM && (so->so_options & SOO_REUSEADDR) &&
		    o->inp_socket != NULL && (o->inp_socket->so_options & SOO_REUSEADDR))
			continue;
		return 1;
	}
	return 0;
}

/* Picks a free ephemeral port for inp's local address. */
static int
in_pcbephemeral(struct inpcb *inp, uint32_t laddr, uint16_t *portp)
{
	struct inpcbtable *t = inp->inp_table;
	unsigned n = IPPORT_EPHEMERAL_LAST - IPPORT_EPHEMERAL_FIRST + 1;
	uint16_t port = t->ipt_lastport;

	while (n-- > 0) {
		if (port >= IPPORT_EPHEMERAL_LAST || port < IPPORT_EPHEMERAL_FIRST)
			port = IPPORT_EPHEMERAL_FIRST;
		else
			port++;
		if (!in_pcbinuse(inp, laddr, port)) {
			t->ipt_lastport = port;
			*portp = port;
			return 0;
		}
	}
	return EADDRINUSE;
}

static int
in_sin_get(const struct sockaddr *nam, socklen_t len, uint32_t *addr,
    uint16_t *port)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)nam;

	if (len < sizeof(*sin))
		return EINVAL;
	if (sin->sin_family != AF_INET)
		return EAFNOSUPPORT;
	*addr = ntohl(sin->sin_addr.s_addr);
	*port = ntohs(sin->sin_port);
	return 0;
}

int
in_pcbbind(struct inpcb *inp, const struct sockaddr *nam, socklen_t len,
    const struct ucred *cr)
{
	struct host *h = inp->inp_table->ipt_host;
	uint32_t laddr = IN_ANY;
	uint16_t lport = 0;
	int error;

	if (inp->inp_lport != 0)
		return EINVAL;
	if (nam != NULL) {
		if ((error = in_sin_get(nam, len, &laddr, &lport)) != 0)
			return error;
		/*
		 * A local address must be one of ours (4.4BSD also takes a
		 * broadcast address, so that a datagram to it can be read).
		 */
		if (laddr != IN_ANY && !ip_is_local(h, laddr) &&
		    !in_broadcast(h, laddr, NULL))
			return EADDRNOTAVAIL;
		/* Primer §5.4: ports below IPPORT_RESERVED are the super-user's. */
		if (lport != 0 && lport < IPPORT_RESERVED &&
		    (cr == NULL || cr->uid != 0))
			return EACCES;
		if (lport != 0 && in_pcbinuse(inp, laddr, lport))
			return EADDRINUSE;
	}
	/* What the user named stays past a failed connect (in_pcbanew). */
	if (nam != NULL && laddr != IN_ANY)
		inp->inp_flags |= INP_BINDADDR;
	if (nam != NULL && lport != 0)
		inp->inp_flags |= INP_BINDPORT;
	if (lport == 0 && (error = in_pcbephemeral(inp, laddr, &lport)) != 0)
		return error;
	inp->inp_laddr = laddr;
	inp->inp_lport = lport;
	in_pcbrehash(inp);
	if (inp->inp_socket != NULL)
		inp->inp_socket->so_state |= SS_ISBOUND;
	return 0;
}

int
in_pcbladdr(struct inpcb *inp, uint32_t dst, unsigned ipo_flags,
    uint32_t *src)
{
	struct host *h = inp->inp_table->ipt_host;
	struct ifnet *ifp = NULL;
	uint32_t nexthop;
	int bcast, error;

	if (inp->inp_laddr != IN_ANY) {
		*src = inp->inp_laddr;
		return 0;
	}
	if ((error = ip_route_out(h, dst, ipo_flags, &ifp, &nexthop, &bcast)) != 0)
		return error;
	/* One of our own addresses, reached by loopback, answers from itself. */
	if (ifp == HNET(h)->nh_lo && !IN_ISLOOPBACK(dst))
		*src = dst;
	else
		*src = ip_src_for(ifp, nexthop);
	return *src == IN_ANY ? EADDRNOTAVAIL : 0;
}

int
in_pcbdst(struct host *h, const struct sockaddr *nam, socklen_t len,
    uint32_t *dst, uint16_t *dport)
{
	int error;

	if ((error = in_sin_get(nam, len, dst, dport)) != 0)
		return error;
	/* Linux: INADDR_ANY as a destination is this host (ip_route_output). */
	if (*dst == IN_ANY)
		*dst = IN_LOOPBACK;
	return 0;
}

uint32_t
in_pcbdst_primer(struct host *h)
{
	struct ifnet *ifp;

	for (ifp = HNET(h)->nh_ifnets; ifp != NULL; ifp = ifp->if_next)
		if ((ifp->if_flags & (IFF_UP | IFF_BROADCAST)) ==
		    (IFF_UP | IFF_BROADCAST) && ifp->if_addrs != NULL)
			return ifp->if_addrs->ifa_broad;
	return IN_ANY;
}

int
in_pcbconnect(struct inpcb *inp, const struct sockaddr *nam, socklen_t len,
    const struct ucred *cr)
{
	struct host *h = inp->inp_table->ipt_host;
	unsigned ipo = 0;
	uint32_t faddr, laddr;
	uint16_t fport;
	int error;

	if ((error = in_pcbdst(h, nam, len, &faddr, &fport)) != 0)
		return error;
	if (fport == 0)
		return EADDRNOTAVAIL;
	if (inp->inp_socket != NULL &&
	    (inp->inp_socket->so_options & SOO_DONTROUTE))
		ipo |= IPO_DONTROUTE;
	if ((error = in_pcbladdr(inp, faddr, ipo, &laddr)) != 0)
		return error;
	if (in_pcblookup(inp->inp_table, faddr, fport, laddr,
	    inp->inp_lport, 0) != NULL)
		return EADDRINUSE;
	if (inp->inp_lport == 0 && (error = in_pcbbind(inp, NULL, 0, cr)) != 0)
		return error;
	inp->inp_laddr = laddr;
	inp->inp_faddr = faddr;
	inp->inp_fport = fport;
	in_pcbrehash(inp);
	return 0;
}

void
in_pcbdisconnect(struct inpcb *inp)
{
	inp->inp_faddr = IN_ANY;
	inp->inp_fport = 0;
	in_pcbrehash(inp);
}

void
in_pcbanew(struct inpcb *inp)
{
	inp->inp_faddr = IN_ANY;
	inp->inp_fport = 0;
	inp->inp_oldladdr = inp->inp_laddr;
	if (!(inp->inp_flags & INP_BINDADDR))
		inp->inp_laddr = IN_ANY;
	if (!(inp->inp_flags & INP_BINDPORT)) {
		inp->inp_oldlport = inp->inp_lport;
		inp->inp_lport = 0;
		if (inp->inp_socket != NULL)
			inp->inp_socket->so_state &= ~SS_ISBOUND;
	}
	in_pcbrehash(inp);
}

void
in_pcbnotify(struct inpcbtable *t, uint32_t faddr, uint16_t fport,
    uint32_t laddr, uint16_t lport, int error,
    void (*notify)(struct inpcb *, int))
{
	struct inpcb *inp, *next;

	if (faddr == IN_ANY)
		return;
	for (inp = t->ipt_list; inp != NULL; inp = next) {
		next = inp->inp_next;	/* notify may detach inp */
		if (inp->inp_faddr != faddr)
			continue;
		if (fport != 0 && inp->inp_fport != fport)
			continue;
		if (lport != 0 && inp->inp_lport != lport)
			continue;
		if (laddr != IN_ANY && inp->inp_laddr != IN_ANY &&
		    inp->inp_laddr != laddr)
			continue;
		notify(inp, error);
	}
}

void
in_sockaddr(struct sockaddr_in *sin, uint32_t addr, uint16_t port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(addr);
	sin->sin_port = htons(port);
}

static int
in_putname(uint32_t addr, uint16_t port, struct sockaddr *nam, socklen_t *len)
{
	struct sockaddr_in sin;
	socklen_t n = *len < sizeof(sin) ? *len : sizeof(sin);

	in_sockaddr(&sin, addr, port);
	memcpy(nam, &sin, n);
	*len = sizeof(sin);
	return 0;
}

int
in_setsockaddr(const struct inpcb *inp, struct sockaddr *nam, socklen_t *len)
{
	const struct socket *so = inp->inp_socket;
	uint32_t laddr = inp->inp_laddr;

	/* A failed connect's port and address, as Linux still names them (in_pcbanew). */
	if (laddr == IN_ANY && so != NULL &&
	    (so->so_state & (SS_CONNFAILED | SS_CONNTOLD)) == SS_CONNFAILED)
		laddr = inp->inp_oldladdr;
	return in_putname(laddr, inp->inp_lport != 0 ? inp->inp_lport : inp->inp_oldlport,
	    nam, len);
}

int
in_setpeeraddr(const struct inpcb *inp, struct sockaddr *nam, socklen_t *len)
{
	if (inp->inp_faddr == IN_ANY)
		return ENOTCONN;
	return in_putname(inp->inp_faddr, inp->inp_fport, nam, len);
}

/*
 * The IP output flags a send from so may use: broadcast for the super-user
 * (primer §5.5) or with SO_BROADCAST (later BSDs, DESIGN.md); direct
 * delivery with SO_DONTROUTE or MSG_DONTROUTE.
 */
unsigned
in_sendflags(const struct socket *so, const struct sbrec *r,
    const struct ucred *cr)
{
	unsigned f = 0;

	if ((cr != NULL && cr->uid == 0) || (so->so_options & SOO_BROADCAST))
		f |= IPO_ALLOWBCAST;
	if ((so->so_options & SOO_DONTROUTE) || (r->r_flags & MSG_DONTROUTE))
		f |= IPO_DONTROUTE;
	return f;
}

/*
 * SO_BINDTODEVICE: an interface of the socket's host by name, or none
 * (an empty name or length).  Linux: ENODEV for a name no interface has;
 * read back as the name, or nothing.
 */
static int
in_pcbbindif(struct inpcb *inp, int set, void *val, socklen_t *len)
{
	struct host *h = inp->inp_table->ipt_host;
	char name[IFNAMSIZ];
	struct ifnet *ifp;
	size_t n;

	if (!set) {
		if (inp->inp_boundif == 0 || (ifp = if_byindex(h, inp->inp_boundif)) == NULL) {
			*len = 0;
			return 0;
		}
		if (*len < IFNAMSIZ)
			return EINVAL;	/* Linux's sock_getbindtodevice: room for any name */
		return sockopt_out(val, len, ifp->if_name, strlen(ifp->if_name) + 1);
	}
	n = *len < sizeof(name) - 1 ? *len : sizeof(name) - 1;
	memset(name, 0, sizeof(name));
	if (n > 0)
		memcpy(name, val, n);
	if (name[0] == '\0') {
		inp->inp_boundif = 0;
		return 0;
	}
	if ((ifp = if_find(h, name)) == NULL)
		return ENODEV;
	inp->inp_boundif = ifp->if_index;
	return 0;
}

/* One of inp_flags as an option: set or read back. */
static int
in_pcbflag(struct inpcb *inp, int set, unsigned flag, int v, void *val, socklen_t *len)
{
	if (!set)
		return sockopt_out_ipint(val, len, (inp->inp_flags & flag) != 0);
	if (v)
		inp->inp_flags |= flag;
	else
		inp->inp_flags &= ~flag;
	return 0;
}

/*
 * IPPROTO_IP options shared by UDP, TCP and raw IP (ip(7)): IP_TTL,
 * IP_TOS, IP_RECVERR, IP_PKTINFO, IP_RECVTOS, IP_RECVTTL, and for raw
 * sockets IP_HDRINCL; and SOL_SOCKET's SO_BINDTODEVICE.  Values are ints,
 * or one byte (sockopt_val.h).  Returns 0, ENOPROTOOPT for another level
 * or name, EINVAL for a bad value or length, ENODEV for no such interface.
 */
int
in_pcbctloutput(struct inpcb *inp, int set, int level, int name, void *val,
    socklen_t *len)
{
	int v = 0, error;

	if (level == SOL_SOCKET && name == SO_BINDTODEVICE)
		return in_pcbbindif(inp, set, val, len);
	if (level != IPPROTO_IP)
		return ENOPROTOOPT;
	if ((error = in_mcast_ctloutput(inp, set, name, val, len)) != ENOPROTOOPT)
		return error;
	if (set && (error = sockopt_in_ipint(val, *len, &v)) != 0)
		return error;
	switch (name) {
	case IP_TTL:
		if (!set)
			return sockopt_out_ipint(val, len, inp->inp_ttl ? inp->inp_ttl :
			    HINET(inp->inp_table->ipt_host)->ih_ttl);
		/* ip(7): 1 to 255, or -1 for the default. */
		if (v == -1)
			v = 0;
		else if (v < 1 || v > 255)
			return EINVAL;
		inp->inp_ttl = (uint8_t)v;
		return 0;
	case IP_TOS:
		if (!set)
			return sockopt_out_ipint(val, len, inp->inp_tos);
		/*
		 * Linux keeps a TCP socket's ECN bits (the low two, RFC 3168 §6.1.1:
		 * TCP, not the user, sets them); UDP and raw take all eight.
		 */
		if (inp->inp_table->ipt_proto == IPPROTO_TCP)
			v = (v & ~0x03) | (inp->inp_tos & 0x03);
		inp->inp_tos = (uint8_t)v;
		/*
		 * And the socket's SO_PRIORITY follows the TOS, as Linux's
		 * rt_tos2priority maps RFC 1349's low-delay (0x10) and
		 * throughput (0x08) bits: neither 0, throughput 2, low delay
		 * 6, both 4.
		 */
		if (inp->inp_socket != NULL) {
			static const uint8_t tos_prio[4] = { 0, 2, 6, 4 };

			inp->inp_socket->so_priority = tos_prio[(v >> 3) & 3];
		}
		return 0;
	case IP_HDRINCL:
		if (inp->inp_table != &HINET(inp->inp_table->ipt_host)->ih_rawcb)
			return ENOPROTOOPT;
		return in_pcbflag(inp, set, INP_HDRINCL, v, val, len);
	case IP_RECVERR:
		/*
		 * ICMP errors about what the socket sent go to its error queue
		 * (in_recverr.c, read with MSG_ERRQUEUE); turning it off
		 * empties the queue, as Linux does.
		 */
		if ((error = in_pcbflag(inp, set, INP_RECVERR, v, val, len)) == 0 && set && !v &&
		    inp->inp_socket != NULL)
			soerrq_flush(inp->inp_socket);	/* off empties the queue (Linux) */
		return error;
	case IP_PKTINFO:
		return in_pcbflag(inp, set, INP_PKTINFO, v, val, len);
	case IP_RECVTOS:
		return in_pcbflag(inp, set, INP_RECVTOS, v, val, len);
	case IP_RECVTTL:
		return in_pcbflag(inp, set, INP_RECVTTL, v, val, len);
	default:
		return ENOPROTOOPT;
	}
}
