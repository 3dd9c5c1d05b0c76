#ifndef UIPC_INET_IN_PCB_H
#define UIPC_INET_IN_PCB_H
/*
 * Internet protocol control blocks, shared by UDP, TCP and raw IP (4.4BSD
 * netinet/in_pcb.[ch]).  Read before editing: primer §5.4 (associations,
 * wildcards, port choice, SO_REUSEADDR), RFC 1122 §3.3.4.3 (source address
 * choice on a multihomed host), RFC 6335 §6 (the ephemeral port range).
 *
 * A PCB holds one half or all of the primer's association <protocol, local
 * address, local port, foreign address, foreign port>; the protocol is
 * implied by the table the PCB lives in (one table per protocol and host).
 * Addresses and ports are kept in host byte order; a sockaddr_in crossing
 * the boundary is in network order, and in_pcb converts.
 *
 * Ownership: the protocol allocates a PCB for its socket in pru_attach
 * (in_pcballoc, which sets so->so_pcb) and frees it in pru_detach
 * (in_pcbdetach, which clears so->so_pcb).  The table never frees a PCB on
 * its own; lookups return borrowed pointers, valid until the owner detaches.
 * inp_ppcb is the protocol's (TCP's tcpcb); in_pcb never looks at it.
 *
 * Lookup: every PCB is on its table's list (ipt_list, for broadcast
 * delivery, raw IP and netstat) and on one hash chain chosen by its local
 * port.  in_pcblookup finds the PCB that matches a datagram best, as 4.4BSD
 * does: an exact match of all four fields, else the one with the fewest
 * wildcards (INADDR_ANY local or foreign address, zero foreign port).
 * When that best match belongs to a group sharing its port with
 * SO_REUSEPORT, a hash of the four-tuple picks the member (Linux).
 *
 * Errors are errno values, returned (never set in errno):
 *   EINVAL        already bound (bind), bad sockaddr length, or the PCB
 *                 already connected (connect)
 *   EAFNOSUPPORT  the sockaddr is not AF_INET
 *   EADDRNOTAVAIL bind to an address that is none of the host's; connect to
 *                 port 0; no source address to send from
 *   EACCES        a port below IPPORT_RESERVED (1024) for a uid other than 0
 *                 (primer §5.4)
 *   EADDRINUSE    the local half is taken (bind), or the whole association
 *                 exists already (connect); no ephemeral port is free
 *   ENETUNREACH, EHOSTUNREACH, ENETDOWN  connect: no route to choose a
 *                 source address from
 *   ENOBUFS       no memory
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

struct host;
struct socket;
struct ucred;
struct inpcbtable;

/*
 * Ephemeral ports: Linux's default ip_local_port_range, 32768-60999, not
 * RFC 6335 §6's 49152-65535, so that a program sees the ports it sees on
 * Linux and a client has as many (28,232) before it comes back to one
 * still in its server's TIME_WAIT.  The first is drawn from the stack's
 * seeded source.
 */
#define IPPORT_EPHEMERAL_FIRST	32768
#define IPPORT_EPHEMERAL_LAST	60999
#define IN_PCBHASH_SIZE		256	/* chains per table; a power of 2 */
#define IN_PCBCHASH_SIZE	4096	/* chains of connected PCBs; a power of 2 */

struct inpcb {
	struct inpcb *inp_next, **inp_prevp;	/* ipt_list */
	struct inpcb *inp_hnext, **inp_hprevp;	/* every PCB, by lport (binding checks) */
	struct inpcb *inp_lnext, **inp_lprevp;	/* unconnected ones, by lport (wildcard lookup) */
	struct inpcb *inp_cnext, **inp_cprevp;	/* connected ones, by the 4-tuple (exact lookup) */
	struct inpcbtable *inp_table;
	struct socket *inp_socket;	/* back pointer */
	void *inp_ppcb;			/* the protocol's own block (tcpcb) */
	uint32_t inp_laddr;		/* local address, host order; 0: any */
	uint32_t inp_faddr;		/* foreign address; 0: not connected */
	uint16_t inp_lport;		/* 0: not bound */
	uint16_t inp_fport;
	uint16_t inp_oldlport;		/* the port a failed connect released (in_pcbanew) */
	uint32_t inp_oldladdr;		/* the address it chose, shown until the failure is told */
	uint8_t inp_proto;		/* raw IP: the protocol; 0: all */
	uint8_t inp_ttl;		/* IP_TTL; 0: the host's default */
	uint8_t inp_tos;		/* IP_TOS */
	unsigned inp_flags;		/* INP_* */
	unsigned inp_boundif;		/* SO_BINDTODEVICE: interface index; 0: none */
	struct ip_moptions *inp_moptions;	/* multicast options (in_mcast.h), or NULL */
	uint16_t inp_sndcscov;		/* UDP-Lite: UDPLITE_SEND_CSCOV (udplite.c) */
	uint16_t inp_rcvcscov;		/* UDP-Lite: UDPLITE_RECV_CSCOV */
};

/* inp_flags */
#define INP_HDRINCL	0x0001	/* raw IP: the user supplies the header */
#define INP_RECVERR	0x0002	/* IP_RECVERR: ICMP errors to the error queue (in_recverr.c) */
#define INP_PKTINFO	0x0004	/* IP_PKTINFO: each datagram's addresses and interface */
#define INP_RECVTOS	0x0008	/* IP_RECVTOS: each datagram's TOS byte */
#define INP_RECVTTL	0x0010	/* IP_RECVTTL: each datagram's TTL */
#define INP_BINDADDR	0x0020	/* the user bound the local address (Linux's SOCK_BINDADDR_LOCK) */
#define INP_BINDPORT	0x0040	/* the user bound the local port (SOCK_BINDPORT_LOCK) */
#define INP_SNDCSCOV	0x0080	/* UDP-Lite: UDPLITE_SEND_CSCOV was set */
#define INP_RCVCSCOV	0x0100	/* UDP-Lite: UDPLITE_RECV_CSCOV was set */

struct inpcbtable {
	struct host *ipt_host;
	struct inpcb *ipt_list;		/* every PCB, newest first */
	struct inpcb *ipt_hash[IN_PCBHASH_SIZE];	/* all, by local port */
	struct inpcb *ipt_lhash[IN_PCBHASH_SIZE];	/* unconnected, by local port */
	struct inpcb *ipt_chash[IN_PCBCHASH_SIZE];	/* connected, by the association */
	unsigned ipt_count;
	uint16_t ipt_lastport;		/* last ephemeral port handed out */
	uint32_t ipt_seed;		/* keys the SO_REUSEPORT hash */
	uint8_t ipt_proto;		/* IPPROTO_UDP, IPPROTO_UDPLITE, IPPROTO_TCP, IPPROTO_RAW */
};

/* Tables are embedded in struct inet_host; init once, fini at teardown. */
void	in_pcbtable_init(struct inpcbtable *, struct host *, uint8_t proto);
void	in_pcbtable_fini(struct inpcbtable *);

/*
 * Makes a PCB for so in table t, unbound and unconnected, and sets
 * so->so_pcb to it.  Returns 0 or ENOBUFS.
 */
int	in_pcballoc(struct socket *so, struct inpcbtable *t);

/* Puts inp on the hash chain of its (new) local port (TCP's passive open). */
void	in_pcbrehash(struct inpcb *);

/* Unlinks and frees so's PCB and clears so->so_pcb (not inp_ppcb). */
void	in_pcbdetach(struct inpcb *);

/*
 * bind(2) for the Internet domain (primer §5.4).  nam NULL binds
 * INADDR_ANY and an ephemeral port, as an implicit bind does (sendto or
 * connect on an unbound socket).  A port of 0 also asks for an ephemeral
 * one.  The local half conflicts with another PCB on the same port whose
 * local address equals it or is a wildcard on either side; SO_REUSEADDR on
 * so lets it pass unless another unconnected PCB has exactly the same
 * local address, and SO_REUSEPORT on both, set before their binds by one
 * effective user, lets even that pass (Linux's rule, socket(7)).
 * cr is the caller's credential for the privileged-port rule.
 */
int	in_pcbbind(struct inpcb *, const struct sockaddr *nam, socklen_t len,
	    const struct ucred *cr);

/*
 * The source address a datagram to dst would leave with (RFC 1122
 * §3.3.4.3): inp's bound address if any, else the address of the
 * interface the route to dst goes out on.  ipo_flags may hold
 * IPO_DONTROUTE.  Returns 0 with *src set, or an errno.
 */
int	in_pcbladdr(struct inpcb *, uint32_t dst, unsigned ipo_flags,
	    uint32_t *src);

/*
 * The destination a user's sockaddr names: INADDR_ANY means this host
 * (the loopback address), as on Linux.  Returns 0, EAFNOSUPPORT or EINVAL.
 */
int	in_pcbdst(struct host *, const struct sockaddr *nam, socklen_t len,
	    uint32_t *dst, uint16_t *dport);

/*
 * What primer §5.5's broadcast to INADDR_ANY names, as 4.2BSD's
 * in_pcbconnect read it: the broadcast address of the first
 * broadcast-capable interface; IN_ANY if there is none.  UDP uses it for
 * a sender that may broadcast (docs/DIFFERENCES.md).
 */
uint32_t in_pcbdst_primer(struct host *);

/*
 * connect(2): records the foreign half, chooses the local address if it
 * was a wildcard, and binds an ephemeral port if the PCB had none.
 * Fails with EADDRINUSE when the whole association exists already
 * (primer §5.4, the check SO_REUSEADDR still leaves in place).
 */
int	in_pcbconnect(struct inpcb *, const struct sockaddr *nam, socklen_t len,
	    const struct ucred *cr);

/* Forgets the foreign half (and a local address connect chose: 4.4BSD keeps
 * it; so do we). */
void	in_pcbdisconnect(struct inpcb *);

/*
 * A connection that failed before it was made, its PCB kept for another
 * attempt (Linux's tcp_disconnect): the foreign half goes, and so do the
 * local address and port unless the user bound them (INP_BINDADDR,
 * INP_BINDPORT), as Linux releases a port that connect chose
 * (tcp_set_state's inet_put_port) and resets such an address.  Linux's
 * getsockname still names a released port (inet_sport stays) until the
 * socket has another, and the address until a connect has answered the
 * failure (SS_CONNTOLD: tcp_disconnect runs then): so does in_setsockaddr.
 */
void	in_pcbanew(struct inpcb *);

/*
 * Finds the PCB for a datagram from faddr:fport to laddr:lport.  With
 * INPLOOKUP_WILDCARD the best of the partial matches, else an exact
 * match (wildcards in the PCB count as mismatches).  NULL: none.
 */
#define INPLOOKUP_WILDCARD	0x01
struct inpcb *in_pcblookup(struct inpcbtable *, uint32_t faddr, uint16_t fport,
	    uint32_t laddr, uint16_t lport, int flags);

/*
 * An ICMP error about a datagram laddr:lport -> faddr:fport (4.4BSD
 * in_pcbnotify): calls notify(inp, error) for each PCB connected to faddr
 * whose ports match (lport 0 or fport 0: any).  Unconnected PCBs hear
 * nothing, since the error could belong to any of their peers.
 */
void	in_pcbnotify(struct inpcbtable *, uint32_t faddr, uint16_t fport,
	    uint32_t laddr, uint16_t lport, int error,
	    void (*notify)(struct inpcb *, int));

/*
 * IP_RECVERR (in_recverr.c): queues the ICMP error ic on inp's socket's
 * error queue with the len bytes of the quote at data (UDP: past its
 * header; raw IP: from the IP header on) and the destination port, and
 * makes error a connected socket's so_error, as Linux's ip_icmp_error,
 * __udp4_lib_err and raw_err do.
 */
struct ip_ctl;
void	in_recverr(struct inpcb *, const struct ip_ctl *ic, int error,
	    const uint8_t *data, size_t len, uint16_t dport);

/* getsockname / getpeername: fills a sockaddr_in, copying what fits in
 * *len and setting *len to the full length, as Linux does.  A PCB with no
 * foreign half has no peer: ENOTCONN. */
int	in_setsockaddr(const struct inpcb *, struct sockaddr *, socklen_t *);
int	in_setpeeraddr(const struct inpcb *, struct sockaddr *, socklen_t *);

/* A sockaddr_in from host-order address and port. */
void	in_sockaddr(struct sockaddr_in *, uint32_t addr, uint16_t port);

/*
 * The ip_output flags (IPO_*) a send on so may use: broadcast for uid 0
 * (primer §5.5) or with SO_BROADCAST; SO_DONTROUTE or MSG_DONTROUTE in
 * the record's r_flags.  cr is the sender's credential.
 */
struct sbrec;
unsigned in_sendflags(const struct socket *so, const struct sbrec *r,
	    const struct ucred *cr);

/* IPPROTO_IP options (IP_TTL, IP_TOS, IP_PKTINFO, IP_RECVTOS, IP_RECVTTL,
 * IP_RECVERR, IP_HDRINCL for raw) and SO_BINDTODEVICE.  0, ENOPROTOOPT,
 * EINVAL or ENODEV; a get sets *len. */
int	in_pcbctloutput(struct inpcb *, int set, int level, int name, void *val,
	    socklen_t *len);

/*
 * A datagram's arrival information for inp's socket, as its options ask
 * (IP_PKTINFO, IP_RECVTOS, IP_RECVTTL, SO_TIMESTAMP(NS)): a control to
 * ride on the record, or NULL when none is asked (in_dginfo.c).
 */
struct ip_info;
struct so_control;
struct so_control *in_dginfo(const struct inpcb *, const struct ip_info *);

/*
 * The source a send's IP_PKTINFO chooses (ip(7)): ipi_spec_dst if set (it
 * must be one of the host's: else ENETUNREACH, as Linux), else the address of the
 * interface ipi_ifindex (ENODEV: none such).  *src is left alone when
 * ctl asks nothing.
 */
int	in_dginfo_src(struct host *, const struct so_control *ctl, uint32_t *src);

#define sotoinpcb(so)	((struct inpcb *)(so)->so_pcb)

#endif
