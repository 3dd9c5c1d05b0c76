#ifndef UIPC_UNIX_UNP_H
#define UIPC_UNIX_UNP_H
/*
 * The UNIX domain's protocol control block (4.4BSD sys/unpcb.h).
 *
 * A UNIX-domain socket is named by a node in the host file system (primer
 * §2.3, DESIGN.md "UNIX-domain names live in the host file system"): the
 * environment makes or resolves the node and hands its identity (device and
 * inode) to the protocol, which keeps a table from identity to socket.  Or,
 * as on Linux, by an abstract name (sun_path[0] == 0, unp_abstract.c): bytes
 * that no file holds, one table of them per host.
 * Stream and seqpacket sockets connect pairwise (unp_conn both ways);
 * datagram sockets connect one way, and the target keeps the list of
 * sockets connected to it (unp_refs) so that closing it can disconnect them.
 */
#include <sys/un.h>

#include "kern/socket.h"

/*
 * A bound name: the path up to its first NUL and that NUL, as Linux keeps
 * it (unix_mkname_bsd).  A path that fills all of sun_path without a NUL
 * gets one past struct sockaddr_un, so the name is one byte longer than
 * the structure (unix(7), BUGS).  An abstract name is kept as given, its
 * length the address length bind had (or autobind made).
 */
union unp_name {
	struct sockaddr_un un_sun;
	char un_bytes[sizeof(struct sockaddr_un) + 1];
};

struct unpcb {
	struct socket *unp_socket;
	struct unpcb *unp_conn;		/* the peer (dgram: the one we send to) */
	struct unpcb *unp_refs;		/* dgram: sockets connected to us */
	struct unpcb *unp_nextref;
	struct unpcb *unp_hnext;	/* in the name table (by node, or abstract) */
	struct so_node unp_node;	/* bound node (sn_fd -1 when unbound) */
	union unp_name unp_addr;	/* bound name, as Linux keeps it (unp_bindname) */
	socklen_t unp_addrlen;		/* 0: unbound */
	struct ucred unp_peercred;	/* SO_PEERCRED */
	int unp_haspeercred;
	/* Datagram senders waiting for room in our receive buffer. */
	struct unpcb *unp_waiters;
	struct unpcb *unp_nextwaiter;
	struct unpcb *unp_waitingon;
};

#define sotounpcb(so)	((struct unpcb *)(so)->so_pcb)

#define UNP_HASHSIZE	256

struct unp_domain {
	struct unpcb *ud_hash[UNP_HASHSIZE];		/* file-system names, by node */
	struct unpcb *ud_abstract[UNP_HASHSIZE];	/* abstract names, by host, type and bytes */
};

/* Most datagrams queued at one receiver (Linux net.unix.max_dgram_qlen). */
#define UNP_MAXDGRAMQ	512

struct unpcb *unp_lookup(struct stack *st, const struct so_node *node);
int unp_bindname(struct unpcb *unp, const struct so_addr *nam);
void unp_unbindname(struct unpcb *unp);
void unp_unnamed(struct sockaddr *nam, socklen_t *len);
int unp_access(const struct so_node *node, const struct ucred *cr);
int unp_addr_check(const struct so_addr *nam);
int unp_resolve(struct socket *so, const struct so_addr *nam, const struct ucred *cr,
    struct unpcb **to);
struct unpcb *unp_find(struct socket *so, const struct so_addr *nam);
/* unp_abstract.c: Linux's abstract names, per host. */
int unp_isabstract(const struct sockaddr *sa, socklen_t len);
struct unpcb *unp_abstract_lookup(struct host *h, int type, const struct sockaddr *sa, socklen_t len);
int unp_abstract_bind(struct unpcb *unp, const struct sockaddr *sa, socklen_t len);
void unp_abstract_unbind(struct unpcb *unp);
int unp_autobind(struct unpcb *unp);
/* unp_peer.c: pru_peer and pru_named. */
struct socket *unp_peer(struct socket *so);
struct socket *unp_named(struct socket *so, const struct so_addr *nam);

int unp_stack_attach(struct stack *st);
void unp_stack_detach(struct stack *st);

extern const struct pr_usrreqs unp_stream_usrreqs, unp_dgram_usrreqs;
extern const struct domain unixdomain;

#endif
