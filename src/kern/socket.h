#ifndef UIPC_KERN_SOCKET_H
#define UIPC_KERN_SOCKET_H
/*
 * The socket layer (primer §2; 4.4BSD sys/socketvar.h).
 *
 * A struct socket is the primer's endpoint: a type, a protocol found through
 * the switch, two socket buffers, and the queues of a listening socket.  It
 * knows nothing of processes or descriptors.  Whoever holds it (uipcd, which
 * joins it to a channel; or a process embedding the stack) is told of every
 * change through so_upcall, and drives it with the calls below, none of
 * which blocks: where BSD would sleep, they return EWOULDBLOCK and the
 * environment waits for the upcall.
 *
 * Life cycle of a connection, as the top of 4.4BSD uipc_socket2.c tells it:
 * a listening socket has two queues, so_q0 of connections still being made
 * and so_q of complete ones waiting for accept.  sonewconn() puts a new
 * socket on so_q0 (or straight on so_q for protocols such as the UNIX
 * domain, which connect at once); soisconnected() moves it to so_q and wakes
 * the listener; soaccept() takes it off.  A full queue makes sonewconn()
 * fail, and the protocol then ignores the request (primer §2.4).
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "base/ring.h"
#include "kern/domain.h"
#include "kern/host.h"

struct host;
struct stack;

/*
 * Ancillary data in flight (SCM_RIGHTS, SCM_CREDENTIALS).  The descriptors
 * are the environment's: uipcd's own copies of host descriptors, or the
 * embedding process's.  Whoever discards a control closes them.
 */
struct so_owner;

/*
 * Of an Internet datagram (ip(7), socket(7)): on receive, what IP_PKTINFO,
 * IP_RECVTOS, IP_RECVTTL and SO_TIMESTAMP(NS) report of it, kept from its
 * arrival (as Linux keeps them with the packet); on send, the source
 * IP_PKTINFO chooses.  Addresses in host order.
 */
struct so_dginfo {
	unsigned dg_what;		/* SODG_*: what is set */
	uint32_t dg_ifindex;		/* arrived on / to leave by */
	uint32_t dg_spec_dst;		/* the local address (receive) / the source (send) */
	uint32_t dg_addr;		/* the header's destination */
	uint8_t dg_tos, dg_ttl;
	uint64_t dg_time;		/* arrival, on the stack's clock (ns) */
};
#define SODG_PKTINFO	0x01
#define SODG_TOS	0x02
#define SODG_TTL	0x04
#define SODG_TIME	0x08	/* SCM_TIMESTAMP */
#define SODG_TIMENS	0x10	/* SCM_TIMESTAMPNS */

struct so_control {
	struct so_owner *ctl_owner;	/* charged for the descriptors, or NULL */
	int ctl_nfds;
	int ctl_hascred;
	struct ucred ctl_cred;
	struct so_dginfo ctl_dg;	/* dg_what 0: none */
	int ctl_fds[];
};

struct so_control *so_control_new(int nfds);
void so_control_free(struct so_control *ctl);
void so_control_charge(struct so_control *ctl, struct so_owner *ow);

/*
 * What one owner (a user, for uipcd) holds in the stack, and the most it
 * may hold: bytes of socket-buffer storage (a stream buffer's ring once
 * allocated, each record of an atomic buffer) and descriptors the
 * environment holds for it (charged by the environment; in flight in
 * controls here).  A limit of 0 means none.  The environment sets a
 * socket's owner (so_setowner); the stack then keeps the counts as
 * buffers fill, grow and are freed, and a buffer that cannot grow within
 * the owner's limit has no room (sbspace), as a full one has.
 */
struct so_owner {
	uint64_t ow_bytes, ow_maxbytes;
	int64_t ow_fds, ow_maxfds;
	int64_t ow_socks, ow_maxsocks;	/* the environment's to keep */
	unsigned ow_uid;
	int ow_freed;			/* a count fell since the environment last looked */
	struct so_owner *ow_next;
};

/* A record of an atomic protocol's socket buffer. */
struct sbrec {
	struct sbrec *r_next;
	struct so_control *r_ctl;	/* owned by the record */
	uint32_t r_len;			/* data bytes */
	uint16_t r_addrlen;		/* sender's name, for PR_ADDR */
	uint16_t r_flags;
	struct sockaddr_storage *r_addr; /* points into r_data after the data */
	uint8_t r_data[] __attribute__((aligned(16)));
};

struct sbrec *sbrec_new(const void *data, size_t len, const struct sockaddr *addr,
    socklen_t addrlen);
void sbrec_free(struct sbrec *r);

/* Ancillary data tied to a position of a stream (4.4BSD sbappendcontrol). */
struct sbctl {
	struct sbctl *c_next;
	uint64_t c_at;			/* stream offset of the byte it rides on */
	struct so_control *c_ctl;
};

struct sockbuf {
	struct ring sb_ring;		/* stream data */
	struct sbrec *sb_rec;		/* records, oldest first */
	struct sbrec **sb_rectail;
	struct sbctl *sb_ctl;		/* controls riding on stream bytes */
	uint64_t sb_off;		/* stream offset of the first byte held */
	uint32_t sb_cc;			/* bytes held */
	uint32_t sb_nrec;		/* records held */
	uint32_t sb_hiwat;		/* SO_SNDBUF / SO_RCVBUF */
	uint32_t sb_lowat;		/* SO_SNDLOWAT / SO_RCVLOWAT */
	uint64_t sb_timeo_us;		/* SO_SNDTIMEO / SO_RCVTIMEO */
	struct so_owner *sb_owner;	/* charged for the storage, or NULL */
	uint8_t sb_records;		/* an atomic protocol's: records, no ring */
	uint8_t sb_closed;		/* its user closed the socket: storage freed once empty */
	uint8_t sb_userset;		/* sb_hiwat set by SO_SNDBUF/SO_RCVBUF: the protocol
					 * leaves it (Linux's SOCK_*BUF_LOCK) */
};

/* so_state */
#define SS_ISCONNECTED		0x0001
#define SS_ISCONNECTING		0x0002
#define SS_ISDISCONNECTING	0x0004
#define SS_CANTSENDMORE		0x0008	/* no more data to send */
#define SS_CANTRCVMORE		0x0010	/* no more data will arrive */
#define SS_RCVATMARK		0x0020	/* at the out-of-band mark */
#define SS_HAVEOOB		0x0040	/* an urgent byte waits (so_oobc) */
#define SS_ISBOUND		0x0080
#define SS_ISCONFIRMING		0x0100
#define SS_CLOSED		0x0200	/* soclose ran: only the protocol holds it */
#define SS_HADCONN		0x0400	/* was connected once (EISCONN vs EINVAL) */
#define SS_ABORTED		0x0800	/* dropped from a listener's queue unaccepted */
#define SS_LEFTUNREAD		0x1000	/* closed by a user who left data unread */
#define SS_CONNFAILED		0x2000	/* its connect failed before connecting; the protocol
					 * kept its block for another (soconnfailed) */
#define SS_CONNTOLD		0x4000	/* ... and a connect has answered the failure (so_anew) */
#define SS_CONNUNTOLD		0x8000	/* its connect answered before the connection was made */

/* so_options: the SOL_SOCKET flags (their own bits, not Linux's numbers) */
#define SOO_DEBUG	0x0001
#define SOO_ACCEPTCONN	0x0002
#define SOO_REUSEADDR	0x0004
#define SOO_KEEPALIVE	0x0008
#define SOO_DONTROUTE	0x0010
#define SOO_BROADCAST	0x0020
#define SOO_LINGER	0x0040
#define SOO_OOBINLINE	0x0080
#define SOO_PASSCRED	0x0100
#define SOO_REUSEPORT	0x0200
#define SOO_TIMESTAMP	0x0400	/* SO_TIMESTAMP or SO_TIMESTAMPNS: stamp each datagram */
#define SOO_TIMESTAMPNS	0x0800	/* ... in nanoseconds (SCM_TIMESTAMPNS) */

/* What an upcall tells the environment (a bit set). */
#define SO_EV_READ	0x01	/* so_rcv gained data, a connection, or EOF */
#define SO_EV_WRITE	0x02	/* room to send (for UNIX streams: peer took data) */
#define SO_EV_OOB	0x04	/* urgent data arrived: SIGURG */
#define SO_EV_STATE	0x08	/* connected, disconnected, or so_error set */
#define SO_EV_FREE	0x10	/* the protocol let go: the socket is gone after this */

struct so_upcall {
	void (*su_fn)(struct socket *so, int events, void *arg);
	void *su_arg;
};

struct socket {
	uint64_t so_id;			/* for netstat and traces */
	struct host *so_host;
	short so_type;
	short so_protocol;		/* SO_PROTOCOL, as Linux answers it (socreate) */
	uint16_t so_options;
	uint32_t so_state;
	int so_error;			/* asynchronous error, cleared when read */
	const struct protosw *so_proto;
	void *so_pcb;			/* the protocol's control block */

	/* Connection queues (on a listening socket). */
	struct socket *so_head;		/* the listener this one is queued on */
	struct socket *so_qnext;	/* next in so_q0 or so_q */
	struct socket *so_q0, *so_q;	/* incomplete, complete */
	short so_q0len, so_qlen, so_qlimit;
	short so_qextra;		/* accepted by the environment, not yet by the user */
	uint8_t so_onq0;

	struct sockbuf so_rcv, so_snd;
	uint64_t so_oobmark;		/* stream offset of the mark in so_rcv */
	uint8_t so_oobc;		/* the urgent byte (when not inline) */
	int so_linger;			/* seconds, with SOO_LINGER */
	int so_priority;		/* SO_PRIORITY: kept and read back; uipc queues by none */
	int so_pgid;			/* SIOCSPGRP: >0 process, <0 group */
	struct ucred so_cred;		/* of the creator: its peer's SO_PEERCRED */

	struct so_upcall so_up;		/* the environment */
	void *so_env;			/* the environment's per-socket state */
	struct socket *so_allnext, **so_allprevp; /* the stack's list (netstat) */
	struct so_owner *so_owner;	/* charged for its buffers, or NULL */
	int so_pid;			/* the environment's: the process that holds it (netstat) */
	struct so_err *so_errq;		/* IP_RECVERR's error queue (so_errq.h) */
};

#define sotostack(so)	((so)->so_host->h_stack)

/* Calls from above: the environment acting for a user. */
int socreate(struct host *h, int dom, int type, int proto, const struct ucred *cr,
    struct socket **sop);
int sobind(struct socket *so, const struct so_addr *nam, const struct ucred *cr);
int solisten(struct socket *so, int backlog, const struct ucred *cr);
int soaccept(struct socket *head, struct socket **sop, struct sockaddr *nam, socklen_t *len);
int soconnect(struct socket *so, const struct so_addr *nam, const struct ucred *cr);
int soconnect2(struct socket *so1, struct socket *so2);
int so_may_anew(const struct socket *so);
int so_anew(struct socket *so);
int soshutdown(struct socket *so, int how);
void soclose(struct socket *so);
int sogetname(struct socket *so, int peer, struct sockaddr *nam, socklen_t *len);
int sosetopt(struct socket *so, int level, int name, const void *val, socklen_t len);
int sogetopt(struct socket *so, int level, int name, void *val, socklen_t *len);
int sogeterror(struct socket *so);
/*
 * What the environment may ask about a socket's neighbours without knowing
 * its protocol (socket_peer.c): the socket at the other end, when it lives
 * in this stack; the socket of so's domain bound at nam.  NULL: none.
 */
struct socket *so_peer(struct socket *so);
struct socket *so_named(struct socket *so, const struct so_addr *nam);

/*
 * Sending and receiving, copying forms (the embedding API and unit tests):
 * sosend returns the bytes taken in *done and owns ctl from the call on,
 * except on EWOULDBLOCK, when nothing was taken; soreceive fills *done, the
 * sender's name, any control, and MSG_TRUNC / MSG_OOB / MSG_EOR in *outflags.
 */
int sosend(struct socket *so, const void *buf, size_t len, int flags,
    const struct so_addr *to, struct so_control *ctl, const struct ucred *cr, size_t *done);
int soreceive(struct socket *so, void *buf, size_t len, int flags, struct sockaddr *from,
    socklen_t *fromlen, struct so_control **ctlp, size_t *done, int *outflags);

/*
 * Sending and receiving, zero-copy stream forms (uipcd's channel pump):
 * sosend_space gives the free part of the buffer a send lands in; the caller
 * fills a prefix of it and sosend_commit tells the protocol.  soreceive_peek
 * gives the data up to the next out-of-band mark or control, and
 * soreceive_consume takes bytes off.
 */
int sosend_space(struct socket *so, size_t max, struct iovec iov[2], int *niov);
int sosend_ownerfull(struct socket *so);
int sosend_commit(struct socket *so, size_t n, int oob, struct so_control *ctl);
int soreceive_peek(struct socket *so, size_t max, struct iovec iov[2], int *niov);
void soreceive_consume(struct socket *so, size_t n);
/* The control riding on the next byte of so_rcv, taken off (or NULL). */
struct so_control *soreceive_control(struct socket *so);
/* The next record of so_rcv, taken off; the caller owns it.  NULL: none. */
struct sbrec *soreceive_record(struct socket *so);

/* Calls from below: the protocols (socket_proto.c). */
/* sonewconn flags: on so_q at once; or not held to so_q0's limit (a
 * connection a SYN cookie proved, which skipped the incomplete queue). */
#define SONEW_CONNECTED	0x1
#define SONEW_NOQ0LIMIT	0x2
struct socket *sonewconn(struct socket *head, int flags);
/* A listener's queue of complete connections is full (so_qlimit + 1,
 * counting one the environment holds); its incomplete queue is full. */
int soqfull(const struct socket *head);
int soq0full(const struct socket *head);
void soisconnecting(struct socket *so);
void soisconnected(struct socket *so);
void soisdisconnecting(struct socket *so);
void soisdisconnected(struct socket *so);
void soconnfailed(struct socket *so);
void socantsendmore(struct socket *so);
void socantrcvmore(struct socket *so);
void sohasoutofband(struct socket *so);
void soseterror(struct socket *so, int error);
void sowakeup(struct socket *so, int events);
void sofree(struct socket *so);
void sounlinkq(struct socket *so);

/* Socket buffers (sockbuf.c). */
void sbinit(struct sockbuf *sb, uint32_t hiwat, int records);
void sbrelease(struct sockbuf *sb);
void so_setowner(struct socket *so, struct so_owner *ow);
void sbclosed(struct sockbuf *sb);
void sbflush(struct sockbuf *sb);
long sbspace(const struct sockbuf *sb);
int sbappend_stream(struct sockbuf *sb, const void *p, size_t n);
void sbappend_commit(struct sockbuf *sb, size_t n);
int sbappend_space(struct sockbuf *sb, size_t max, struct iovec iov[2]);
void sbappendrecord(struct sockbuf *sb, struct sbrec *r);
void sbappendcontrol(struct sockbuf *sb, uint64_t at, struct so_control *ctl);
void sbdrop(struct sockbuf *sb, size_t n);
struct sbrec *sbdequeue(struct sockbuf *sb);

#endif
