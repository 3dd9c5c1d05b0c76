#ifndef UIPC_KERN_DOMAIN_H
#define UIPC_KERN_DOMAIN_H
/*
 * Communication domains and the protocol switch (primer §2; 4.4BSD
 * sys/domain.h and sys/protosw.h).
 *
 * The socket layer reaches a protocol only through so->so_proto: a row of a
 * domain's protosw table, found by socket(domain, type, protocol).  Each row
 * points at a typed table of user requests, one function per request as
 * OpenBSD's pr_usrreqs and FreeBSD 14's pr_* entries have it, rather than the
 * single multiplexed pr_usrreq of 4.2BSD.  A NULL slot means the protocol
 * does not support the request: the inline wrappers below answer EOPNOTSUPP,
 * so protocols fill only what they support.
 *
 * The flags are read by the socket layer to pick record or stream semantics,
 * exactly as in BSD: PR_ATOMIC (each send is one record), PR_ADDR (records
 * carry the sender's address), PR_CONNREQUIRED (must connect before data),
 * PR_WANTRCVD (tell the protocol when the user takes data), PR_RIGHTS
 * (descriptors and credentials may be passed).
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct socket;
struct so_control;
struct stack;
struct host;
struct sbrec;
struct ucred;

/* Where an AF_UNIX name lives in the file system: the node bind made, or
 * the node connect and sendto resolved, identified as the host kernel does. */
struct so_node {
	unsigned long long sn_dev;
	unsigned long long sn_ino;
	unsigned int sn_mode;		/* S_IFSOCK | permissions */
	unsigned int sn_uid, sn_gid;
	int sn_fd;			/* the environment's hold on the node, or -1:
					 * closed when the name is released, so the
					 * inode (and its number) stays the socket's */
};

/* A bind, connect or sendto target: the address, and for AF_UNIX the node. */
struct so_addr {
	const struct sockaddr *sa;
	socklen_t len;
	const struct so_node *node;	/* NULL: not resolved (ENOENT for AF_UNIX) */
};

struct pr_usrreqs {
	int (*pru_attach)(struct socket *so, int proto);
	void (*pru_detach)(struct socket *so);
	int (*pru_bind)(struct socket *so, const struct so_addr *nam, const struct ucred *cr);
	int (*pru_listen)(struct socket *so, int backlog, const struct ucred *cr);
	int (*pru_connect)(struct socket *so, const struct so_addr *nam, const struct ucred *cr);
	int (*pru_connect2)(struct socket *so1, struct socket *so2);
	int (*pru_accept)(struct socket *so, struct sockaddr *nam, socklen_t *len);
	int (*pru_disconnect)(struct socket *so);
	int (*pru_shutdown)(struct socket *so);
	/* The user will read no more (shutdown 0): Linux stops the peer's sends. */
	void (*pru_rcvshutdown)(struct socket *so);
	/* The user took data from so_rcv: a chance to open a window. */
	void (*pru_rcvd)(struct socket *so);
	/*
	 * Stream protocols: the sockbuf that a send appends to (the peer's
	 * receive buffer for UNIX streams, as 4.2BSD did; so_snd for TCP), or
	 * NULL with *error set when nothing may be sent now.
	 */
	struct sockbuf *(*pru_sendbuf)(struct socket *so, int *error);
	/* Stream: n bytes were appended to pru_sendbuf (oob: last one urgent). */
	int (*pru_send)(struct socket *so, size_t n, int oob, struct so_control *ctl);
	/* Atomic: one record, owned by the protocol from the call on. */
	int (*pru_sendrec)(struct socket *so, struct sbrec *rec, const struct so_addr *to,
	    const struct ucred *cr);
	int (*pru_sockaddr)(struct socket *so, struct sockaddr *nam, socklen_t *len);
	int (*pru_peeraddr)(struct socket *so, struct sockaddr *nam, socklen_t *len);
	/* Protocol-level options (level != SOL_SOCKET); get sets *len. */
	int (*pru_ctloutput)(struct socket *so, int set, int level, int name, void *val,
	    socklen_t *len);
	/* Credentials of the peer (SO_PEERCRED), as of connect or socketpair. */
	int (*pru_peercred)(struct socket *so, struct ucred *cr);
	/*
	 * The environment's accessors (so_peer, so_named in socket.h), so that
	 * it never follows a control block: the socket at the other end when
	 * it lives in this stack (a UNIX-domain peer; a datagram socket's, the
	 * one it sends to), and the socket bound at a name (the one a connect
	 * to it reaches).  NULL slot or NULL answer: none.
	 */
	struct socket *(*pru_peer)(struct socket *so);
	struct socket *(*pru_named)(struct socket *so, const struct so_addr *nam);
};

#define PR_ATOMIC	0x01
#define PR_ADDR		0x02
#define PR_CONNREQUIRED	0x04
#define PR_WANTRCVD	0x08
#define PR_RIGHTS	0x10
#define PR_LISTEN	0x20	/* listen and accept are meaningful */
#define PR_WILDPROTO	0x40	/* any protocol number (raw IP), if none matches */

struct protosw {
	short pr_type;			/* SOCK_STREAM, SOCK_DGRAM, ... */
	short pr_protocol;		/* 0 matches a request for the default */
	short pr_domain;		/* the family, AF_UNIX or AF_INET */
	unsigned pr_flags;
	const struct pr_usrreqs *pr_usrreqs;
};

/*
 * A layer's counters, as `uipc netstat -s` shows them.  4.4BSD's netstat
 * read each protocol's stat struct out of the kernel (its protox table
 * pairs a name with a printing function); here each layer hands one host's
 * figures over in one shape, every figure named as its BSD field, so that
 * nothing above the protocols knows a protocol's structs or control blocks.
 */
struct host;

struct pr_stat {
	const char *ps_name;		/* "tcps_sndtotal" */
	unsigned long long ps_value;
};

struct pr_stats {
	const char *pst_layer;		/* "ip", "icmp", "udp", "raw", "arp", "tcp" */
	/* Up to max of host h's figures into out; how many it has (0: none on h). */
	size_t (*pst_fill)(struct host *h, struct pr_stat *out, size_t max);
};

/*
 * A domain's state is made and freed through its hooks, which the stack's
 * composer (src/stack) walks, as 4.4BSD's domaininit called each dom_init:
 * per stack (the UNIX domain's name table, which every host shares since
 * it lives in the file system) and per host (the Internet domain's
 * protocol tables, PCBs and counters).  Attach returns 0 or an errno and
 * leaves nothing behind when it fails; detach frees everything the domain
 * allocated for that stack or host.  A NULL hook: nothing to do.
 */
struct domain {
	int dom_family;
	const char *dom_name;
	const struct protosw *dom_protosw;
	int dom_nprotosw;
	const struct pr_stats *dom_stats;	/* its layers' counters, ended by a
						 * NULL pst_layer; or NULL: none */
	int (*dom_stack_attach)(struct stack *);
	void (*dom_stack_detach)(struct stack *);
	int (*dom_host_attach)(struct host *);
	void (*dom_host_detach)(struct host *);
};

/* The counters of layer (any domain's) on host h: how many, 0 for none. */
size_t pr_stats(struct host *h, const char *layer, struct pr_stat *out, size_t max);

/*
 * For a layer's pst_fill: copies the uint64_t fields of a stat struct
 * named in fields (name, offset) into out, at most max; returns nfields.
 */
struct pr_statfield {
	const char *psf_name;
	size_t psf_off;
};
/* A field that is no uint64_t does not compile (the array's size is -1). */
#define PR_STATFIELD(type, field)	{ #field, offsetof(struct type, field) + \
	0 * sizeof(char[sizeof(((struct type *)0)->field) == sizeof(uint64_t) ? 1 : -1]) }
size_t pr_stats_copy(const void *st, const struct pr_statfield *fields, size_t nfields,
    struct pr_stat *out, size_t max);

/*
 * The protocol switch lookup behind socket(2), with the primer's errors
 * (§2.2): EAFNOSUPPORT for an unknown domain (as later BSDs and Linux say),
 * EPROTONOSUPPORT for an unknown protocol, EPROTOTYPE for a type the domain
 * has no protocol for.  The domains searched are the stack's (st_domains,
 * set by the composer), in their order.
 */
int pffindproto(const struct stack *st, int family, int type, int protocol,
    const struct protosw **prp);

#endif
