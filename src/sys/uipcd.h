#ifndef UIPC_SYS_UIPCD_H
#define UIPC_SYS_UIPCD_H
/*
 * uipcd: the daemon's side of the boundary.  One epoll loop (DESIGN.md,
 * "One event loop") over the control socket, the control connections of
 * processes, and the channels of sockets.  Every epoll registration points
 * at a struct evsrc whose kind says what it is.
 */
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#include "kern/socket.h"
#include "sys/ctl_proto.h"

enum evkind { EV_LISTEN, EV_PROC, EV_CHAN, EV_TAP };

struct evsrc {
	enum evkind ev_kind;
};

struct uipcd;
struct psend;

/* A parked request: a blocking connect waiting for room in a listener's queue. */
struct parked {
	struct parked *pk_next;
	struct proc *pk_proc;
	uint32_t pk_seq;
	struct chan *pk_chan;		/* the connecting socket */
	struct so_node pk_node;		/* holds sn_fd */
	struct sockaddr_un pk_addr;
	socklen_t pk_addrlen;
};

/* A process's control connection. */
struct proc {
	struct evsrc p_ev;
	struct uipcd *p_d;
	int p_fd;
	struct ucred p_cred;		/* SO_PEERCRED at connect */
	struct ucred p_as;		/* what its requests act as: p_cred, but the pid
				 * of the program a supervisor speaks for (CTL_ACTFOR) */
	struct host *p_host;
	struct proc *p_next, **p_prevp;
};

/* Channel flags. */
#define CH_RD		0x0001	/* uipcd's end may have data to read */
#define CH_WR		0x0002	/* uipcd's end may take data */
#define CH_HUP		0x0004	/* the process's end is gone, or shut both ways */
#define CH_PRI		0x0008	/* urgent data waits on uipcd's end */
#define CH_DIRTY	0x0010	/* on the work list */
#define CH_MSG		0x0020	/* a message channel (SOCK_SEQPACKET) */
#define CH_EOFSENT	0x0040	/* uipcd shut its end for writing: EOF to the process */
#define CH_INEOF	0x0080	/* the process shut its end for writing */
#define CH_LISTEN	0x0100	/* the socket listens: the channel carries tokens */
#define CH_DEAD		0x0200	/* closed; freed at the end of the loop turn */
#define CH_ZOMBIE	0x0400	/* hung up, but the process may still hold it */
#define CH_RDSHUT	0x0800	/* uipcd shut its end for reading: the process's writes fail */
#define CH_PASSCRED	0x1000	/* the host attaches the sender's credentials on this channel */
#define CH_SHUTREQ	0x4000	/* the process asked to shut its writing half (CTL_SHUTDOWN) */
#define CH_PEERSHUT	0x2000	/* the process shut its end for writing, or closed it: EOF follows the data */
#define CH_WAITING	0x8000	/* waits for a count to fall (user_limits.c) */
#define CH_LISTENSHUT	0x10000	/* a listener shut for reading: EOF once its queue is handed out */
#define CH_TOKENLOST	0x20000	/* a listener's process end closed with its token unread (chan_token.c) */
#define CH_TAKEN	0x40000	/* a connection out of a listener's channel that its process
				 * holds: it wrote on it or named it (accepted, not to reset) */
#define CH_ERRNEW	0x80000	/* the socket's error changed since the channel last heard of one */

/* A socket's channel. */
struct chan {
	struct evsrc c_ev;
	struct uipcd *c_d;
	int c_fd;			/* uipcd's end */
	unsigned long c_pino;		/* inode of the process's end: the key */
	unsigned c_flags;
	struct socket *c_so;
	struct sbrec *c_pending;	/* a message waiting for room at its receiver */
	struct so_node c_pendnode;	/* its receiver's node, when sent by name */
	int c_pendhasnode;
	struct parked *c_parked;	/* connects waiting on this listener */
	struct chan *c_parkedon;	/* the listener this channel's connect waits on */
	struct psend *c_sends;		/* blocking sends waiting for room */
	struct chan *c_pushed;		/* listener: the connection waiting in the channel */
	struct chan *c_pushedby;	/* that connection: its listener, until taken */
	struct proc *c_connproc;	/* a blocking connect waiting to be answered */
	uint32_t c_connseq;
	uint32_t c_discard;		/* filler bytes of a non-blocking connect, to drain */
	uint64_t c_shut_after;		/* shutdown(1) once this many more bytes are read */
	int c_shut_pending;
	struct chan *c_hnext;		/* in the inode hash */
	struct chan *c_dnext;		/* on the work list */
	struct chan *c_deadnext;	/* on the list of channels to free */
	struct chan *c_all_next, **c_all_prevp;
	struct so_owner *c_owner;	/* its user's counts (user_limits.c) */
	uint32_t c_rcvfit;		/* the grown receive buffer uipcd's end was last fit to */
};

#define CHAN_HASHSIZE	4096
#define UIPCD_OWNER_HASH	64

/* What one user may hold (user_limits.c); 0: no limit. */
struct ulimits {
	int64_t ul_socks;
	int64_t ul_fds;
	uint64_t ul_bytes;
};

/*
 * Buffers the daemon reuses from one request or message to the next
 * (allocated once by uipcd_init, freed by uipcd_fini): a message read
 * from a channel, the ancillary data of a channel message, a control
 * request with its descriptors.  The loop is single-threaded and none of
 * them is in use across a return to it.
 */
#define CHAN_MAXMSG	(256 * 1024)
#define CHAN_MAXCMSG	(CMSG_SPACE(sizeof(int) * 253) + CMSG_SPACE(sizeof(struct ucred)))

struct uipcd_scratch {
	uint8_t s_msg[sizeof(struct chan_msg) + CHAN_MAXMSG];	/* chan.c */
	union {
		struct cmsghdr align;
		uint8_t b[CHAN_MAXCMSG];
	} s_cmsg;						/* chan.c */
	union {
		struct ctl_req rq;
		uint8_t b[sizeof(struct ctl_req) + CTL_MAXSEND + 1];
	} s_req;						/* proc.c */
	union {
		struct cmsghdr align;
		uint8_t b[CMSG_SPACE(sizeof(int) * (CTL_MAXFDS + 1))];
	} s_reqcmsg;						/* proc.c */
};

struct uipcd {
	int d_epfd;
	int d_lfd;			/* the control socket */
	struct evsrc d_lev;
	char d_path[108];
	struct stack *d_stack;		/* the hosts, their sockets and timers */
	char d_dbpath[4][256];		/* configured database files: hosts networks protocols services */
	struct proc *d_procs;
	struct chan *d_chash[CHAN_HASHSIZE];
	struct chan *d_chans;		/* every channel */
	struct chan *d_dirty;		/* channels with work to do */
	struct chan *d_dead;		/* channels to free at the end of the turn */
	volatile int d_stop;
	int d_verbose;
	struct ulimits d_lim;		/* per user, from the defaults and the configuration */
	struct so_owner *d_owners[UIPCD_OWNER_HASH];
	int d_dns_on;			/* uipc.conf's nameserver line: run the DNS responder */
	char d_nameserver[64];		/* its address; "": resolv.conf's */
	struct dns_service *d_dns;	/* dns_responder.c */
	int d_nwaiting;			/* channels with CH_WAITING */
	int d_fdfreed;			/* uipcd closed a descriptor this turn */
	int d_spare;			/* a descriptor kept to refuse a connection when out of them */
	int d_lpaused;			/* the control socket is out of the epoll set (proc.c) */
	unsigned d_capmode;		/* mode of pcap captures (uipc.conf(5) "capture-mode") */
	/* The system's wall clock (ctl_clock.c). */
	int64_t d_start_wall_ns;	/* the machine's, at start */
	int64_t d_ages_at;		/* host settings' ages hold this many s after it */
	int64_t d_clock_offset_ns;	/* the system's is ahead by this */
	struct clock_page *d_clockpage;
	char d_clockfile[128];
	struct uipcd_scratch *d_scratch;	/* uipcd_init's */
	struct evsrc d_sigev;		/* the signalfd's registration */
	int d_sigfd;			/* SIGTERM, SIGINT, SIGHUP */
	uint64_t d_pairword;		/* chan_pair.c: the state of its check words */
	struct tapsrc *d_taps;		/* TAP devices in the epoll set (uipcd_tap.c) */
};

/* uipcd_loop.c */
int uipcd_init(struct uipcd *d, const char *path);
int uipcd_turn(struct uipcd *d, int timeout_ms);
int uipcd_run(struct uipcd *d);
void uipcd_fini(struct uipcd *d);
struct host *uipcd_host(struct uipcd *d, const char *name);

/* user_limits.c */
void owner_defaults(struct uipcd *d);
struct so_owner *owner_of(struct uipcd *d, uid_t uid);
int owner_may_create(struct uipcd *d, uid_t uid, int nsocks);
int owner_may_create_now(struct uipcd *d, uid_t uid, int nsocks);
int owner_fds_room(const struct so_owner *ow, int n);
void owner_attach(struct chan *c);
void owner_detach(struct chan *c);
void owner_wait(struct chan *c);
void owner_wake_waiters(struct uipcd *d);
void owner_free_all(struct uipcd *d);

/* uipcd_check.c: 0, or -1 with why (between turns) */
int uipcd_check_invariants(struct uipcd *d, char *why, size_t len);

/* config.c */
int uipcd_due(struct uipcd *d);
int uipcd_databases(struct uipcd *d, const char *dir, char *err, size_t errlen);
int uipcd_config(struct uipcd *d, const char *conf, char *const *names, int nnames,
    char *err, size_t errlen);
void uipcd_unconfig(struct uipcd *d);
int uipcd_timeout(struct uipcd *d, int dflt);
void uipcd_timers(struct uipcd *d);

/* uipcd_tap.c: the hosts' TAP devices in the loop. */
int uipcd_tap_init(struct uipcd *d);
void uipcd_tap_fini(struct uipcd *d);
void uipcd_tap_event(struct evsrc *ev);

/* ctl_ifops.c: interfaces, routes, ARP and counters of the caller's host. */
void ctl_ifops(struct proc *p, const struct ctl_req *rq, const void *data, size_t len);

/* ctl_clock.c: the system's wall clock, host settings. */
int uipcd_clock_init(struct uipcd *d, const char *path);
void uipcd_clock_fini(struct uipcd *d);
void ctl_clock(struct proc *p, const struct ctl_req *rq);
/* ctl_uts.c: the caller's host's node and domain names (sethostname). */
void ctl_uts(struct proc *p, const struct ctl_req *rq, const void *data, size_t len);
/* ctl_actfor.c: a supervisor speaks for the program it serves (CTL_ACTFOR). */
void ctl_actfor(struct proc *p, const struct ctl_req *rq);

/* proc.c */
void proc_accept(struct uipcd *d);
void proc_resume(struct uipcd *d);
void proc_input(struct proc *p);
void proc_close(struct proc *p);
void proc_reply(struct proc *p, uint16_t op, uint32_t seq, int error, const int32_t val[4],
    const void *data, size_t len, int more);
void proc_reply_fds(struct proc *p, uint16_t op, uint32_t seq, int error, const int32_t val[4],
    const void *data, size_t len, int more, const int *fds, int nfds);

/* ctl_ops.c */
void ctl_dispatch(struct proc *p, const struct ctl_req *rq, const void *data, size_t len,
    int *fds, int nfds);
void ctl_retry_parked(struct chan *lc);
void ctl_netstat(struct proc *p, const struct ctl_req *rq);

/* node_fd.c: the identity of the node a process passed for an AF_UNIX name. */
#define NODE_HOLD	0x1	/* uipcd keeps the descriptor: it must be O_PATH */
int node_from_fd(int fd, int flags, struct so_node *node);

/* chan_pair.c */
int chan_pair_check(struct uipcd *d, int ufd, int pfd, unsigned long pino, int type,
    const struct ucred *cr);

/* ctl_send.c */
void ctl_sendto(struct proc *p, const struct ctl_req *rq, const uint8_t *data, size_t len,
    int *fds, int nfds);
void ctl_send_retry(struct chan *c);
void ctl_send_drop(struct chan *c, struct proc *p);
void ctl_sync(struct proc *p, const struct ctl_req *rq);
void uipcd_drain(struct uipcd *d);

/* chan.c */
unsigned chan_hash(unsigned long ino);
struct chan *chan_new(struct uipcd *d, int fd, unsigned long pino, struct socket *so);
struct chan *chan_lookup(struct uipcd *d, int procfd, int *error);
struct chan *chan_find(struct uipcd *d, unsigned long pino);
void chan_event(struct chan *c, uint32_t events);
void chan_dirty(struct chan *c);
void chan_work(struct uipcd *d);
void chan_close(struct chan *c);
int chan_renew(struct chan *c, int fd, unsigned long pino);
void chan_reap(struct uipcd *d);
void chan_listen_push(struct chan *c);
int chan_token_taken(struct chan *c);
/* chan_bufs.c: a stream channel's host buffers no larger than the socket's. */
void chan_fit_rcvbuf(struct chan *c);
void chan_fit_grown(struct chan *c);
void chan_inherit_opts(struct chan *c, int procfd);
void chan_adopt_timeouts(struct socket *so, int procfd);
void chan_unpark(struct chan *c, int error);
void chan_fit_new(struct chan *c, int procfd);
void chan_upcall(struct socket *so, int events, void *arg);
int chan_peer_alive(struct chan *c);
ssize_t chan_unix_diag(unsigned long ino, uint32_t show, void *buf, size_t len);
void chan_want_creds(struct chan *c);
/* A datagram's information across the channel (chan_dginfo.c, ctl_proto.h). */
void chan_dginfo_out(struct uipcd *d, const struct socket *so, const struct so_control *ctl,
    struct chan_msg *hdr);
struct so_control *chan_dginfo_in(const struct chan_msg *hdr, const struct socket *so,
    struct so_control *ctl);
void chan_check_zombies(struct uipcd *d);

#endif
