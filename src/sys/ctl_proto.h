#ifndef UIPC_SYS_CTL_PROTO_H
#define UIPC_SYS_CTL_PROTO_H
/*
 * The control protocol between a process (libuipc, the shim) and uipcd,
 * and the framing of message channels.  Both sides include this header; it
 * is the whole wire contract of the boundary (DESIGN.md, "The boundary").
 *
 * Control: one SOCK_SEQPACKET connection per process and thread to uipcd's
 * socket (a path in the file system).  Each request is one record: a
 * struct ctl_req, then cr_len - sizeof(struct ctl_req) bytes of data (an
 * address, an option value), with descriptors passed by SCM_RIGHTS.  The
 * first descriptor of a request about a socket is the socket itself (the
 * process's end of its channel), so only a holder can act on it.  Each
 * reply is one record: a struct ctl_rep and its data.  Replies carry the
 * request's sequence number; a process drops replies it no longer waits for
 * (a call interrupted by a signal).
 *
 * Sends on message sockets are requests (CTL_SENDTO), so that an error
 * known at once (ECONNREFUSED, EPERM, ENETUNREACH, EACCES, EMSGSIZE) is
 * the sending call's, and so that a datagram is in its receiver's channel
 * when the send returns, as on the host.  CTL_SYNC gives stream data the
 * same order: a process that finds nothing to read without waiting asks
 * uipcd to move what is in flight first, then looks again.
 *
 * Channels: a socket is a host socketpair, the process holding one end and
 * uipcd the other.  Stream sockets: a SOCK_STREAM channel carrying the bytes
 * as they are, urgent data as the channel's MSG_OOB.  Message sockets
 * (datagram, seqpacket): a SOCK_SEQPACKET channel, one record per message,
 * each a struct chan_msg then the payload.
 */
#include <stdint.h>
#include <sys/socket.h>

#define CTL_VERSION	1
#define CTL_MAXDATA	2048		/* bytes of data in a reply, or a request but CTL_SENDTO */
#define CTL_MAXSEND	(256 * 1024)	/* a CTL_SENDTO request's data: header and datagram */
#define CTL_MAXFDS	64		/* descriptors with one request (SCM_RIGHTS being passed) */
#define CTL_HOSTNAMELEN	64		/* a host's name with its NUL, at most (CTL_HELLO;
					 * kern/host.h HOST_NAMELEN, checked in ctl_ops.c) */

/*
 * CTL_SOCKET's arg[3] for a socket the library made lazily (uipc_socket):
 * its timeouts so far were set on the channel alone, and uipcd adopts
 * them from there.
 */
#define CTL_SOCKET_LAZY	1

enum ctl_op {
	CTL_HELLO = 1,		/* data: requested host name or empty; reply data: host name */
	CTL_SOCKET,		/* arg: domain type proto [CTL_SOCKET_LAZY]; fds: uipcd
				 * end, process end; or none: uipcd makes the channel
				 * and the reply brings the process's end (see below) */
	CTL_SOCKETPAIR,		/* arg: domain type proto; fds: a uipcd, a proc, b uipcd, b proc;
				 * or none: the reply brings a proc, b proc */
	CTL_IDENTIFY,		/* fds: socket; reply val: domain type proto CTL_ID_* */
	CTL_BIND,		/* fds: socket [, node]; data: address */
	CTL_LISTEN,		/* fds: socket; arg: backlog */
	CTL_ACCEPT_RETIRED,	/* was accept: connections now come on the listener's channel */
	CTL_CONNECT,		/* fds: socket [, node]; arg: nonblocking, filling,
				 * CTL_CONN_ANEW or 0; data: address (see below) */
	CTL_SHUTDOWN,		/* fds: socket; arg: how, bytes still in the channel;
				 * reply val[0]: CTL_SHUT_* */
	CTL_GETNAME,		/* fds: socket; arg: peer; reply data: name */
	CTL_SETOPT,		/* fds: socket; arg: level name; data: value */
	CTL_GETOPT,		/* fds: socket; arg: level name len; reply data: value */
	CTL_IOCTL,		/* fds: socket; arg: request, int argument; data: struct */
	CTL_NETSTAT,		/* arg: cursor (0, 0 first; then the last reply's val[0],
				 * val[1]); replies: pages of lines, one per socket,
				 * a batch of them, the batch's last with val[2] = 1;
				 * cp_more: more pages follow, read on or (after the
				 * batch's last) ask again from its cursor.  A batch
				 * never overfills the control connection (ctl_netstat.c) */
	CTL_SENDTO,		/* fds: socket [, node] [, rights...]; arg: flags, nonblocking;
				 * data: struct chan_msg then the message; reply val: bytes sent */
	CTL_SYNC,		/* fds: socket; answered once uipcd has moved everything
				 * written to any channel before it (see below) */
	/*
	 * The caller's host (ctl_ifops.c); numbered apart so that requests
	 * added above keep their numbers.  Setting needs uid 0 (EPERM).
	 */
	CTL_IFIOCTL = 32,	/* arg: request [, buffer length for SIOCGIFCONF];
				 * data: struct ifreq; reply data: struct ifreq,
				 * or SIOCGIFCONF's array of struct ifreq */
	CTL_ROUTE,		/* arg: CTL_RT_*, dst mask gateway (host order);
				 * reply data: CTL_RT_LIST's lines (may span replies) */
	CTL_ARP,		/* reply data: the ARP cache, one line each */
	CTL_INETSTAT,		/* reply data: "layer counter value" lines */
	/* The system's wall clock and the caller's host settings (ctl_clock.c). */
	CTL_CLOCK,		/* arg: seconds to move the wall clock forward (0: ask);
				 * moving needs uid 0 (EPERM); reply val: the offset,
				 * seconds and nanoseconds */
	CTL_HOSTINFO,		/* reply data: struct ctl_hostinfo */
	/* The caller's host's node and domain names, as uname(2) gives them (ctl_uts.c). */
	CTL_UTS,		/* arg: CTL_UTS_NODE or CTL_UTS_DOMAIN, 1 to set;
				 * data: the new name (setting needs uid 0: EPERM;
				 * longer than 64: EINVAL); reply data: the name,
				 * val[0]: 1 once one was set (the domain name is
				 * the machine's until then) */
	/*
	 * `uipc run`'s supervisor speaks for the static program whose call it
	 * serves (ctl_actfor.c): the requests after this one on the connection
	 * carry that process's pid where they carry the caller's (a socket's
	 * maker, SO_PEERCRED, a message's SCM_CREDENTIALS).  Checked: uipcd
	 * takes only a descendant of the caller with the caller's uid and gid
	 * (else EPERM; ESRCH if none).
	 */
	CTL_ACTFOR,		/* arg: the process's pid (the caller's own: itself again) */
	CTL_OPMAX
};

/*
 * CTL_SHUTDOWN's answer about a listener: it has no writing half for the
 * process to shut (its channel carries connections, uipcd shuts it once
 * no more will come: EOF wakes every blocked accept with EINVAL); and the
 * connection waiting in its channel was reset, to be read off and closed.
 */
#define CTL_SHUT_LISTENER	0x1
#define CTL_SHUT_DRAIN		0x2

/*
 * The node of CTL_BIND, CTL_CONNECT and CTL_SENDTO (CM_NODE) is an
 * AF_UNIX path's, resolved by the process (an O_PATH descriptor).  An
 * abstract name (sun_path[0] == 0) and bind's family alone (autobind) come
 * with no node: uipcd finds the name in the caller's host's table.
 */

/*
 * A channel is a host socketpair, two descriptors, where the kernel's
 * socket takes one: a process with a single descriptor free cannot make
 * one.  It asks CTL_SOCKET (or CTL_SOCKETPAIR) with no descriptors, and
 * uipcd makes the channels and sends the process's ends with the reply
 * (SCM_RIGHTS), one descriptor each, so that socket() fails with EMFILE
 * only where the kernel's would.
 */

/* CTL_IDENTIFY's val[3]: the socket listens; it has (or is getting, or had) a peer. */
/*
 * CTL_CONNECT on a TCP socket whose earlier connect failed and was reported
 * (Linux then starts anew; so_may_anew): its channel was shut both ways
 * with the failure, so uipcd answers EINVAL with val[0] CTL_CONN_ANEW, and
 * the process asks again with arg[2] CTL_CONN_ANEW and fds: socket, the
 * new channel's uipcd end, its process end, which then replaces the old
 * one under the socket's descriptor.
 */
#define CTL_CONN_ANEW		0x1

#define CTL_ID_LISTENING	0x1
#define CTL_ID_PEERED		0x2

#define CTL_UTS_NODE	0
#define CTL_UTS_DOMAIN	1
#define CTL_UTS_MAXLEN	64	/* Linux's __NEW_UTS_LEN */

#define CTL_RT_LIST	0
#define CTL_RT_ADD	1
#define CTL_RT_DELETE	2

struct ctl_req {
	uint16_t cr_version;
	uint16_t cr_op;
	uint32_t cr_len;		/* whole record, header included */
	uint32_t cr_seq;
	int32_t cr_arg[4];
};

struct ctl_rep {
	uint16_t cp_version;
	uint16_t cp_op;
	uint32_t cp_len;
	uint32_t cp_seq;
	int32_t cp_error;		/* 0 or an errno value */
	int32_t cp_val[4];
	uint32_t cp_more;		/* netstat: more replies follow */
};

/*
 * A listening socket's channel carries its accepted connections: uipcd
 * takes a complete connection off the listen queue, makes its channel, and
 * writes one struct chan_accept with the process's end of that channel
 * (SCM_RIGHTS); accept(2) is one read of it.  At most one waits in the
 * channel at a time, so the listen queue's bound still holds (primer §2.4).
 */
struct chan_accept {
	uint32_t ca_namelen;
	uint32_t ca_pad;
	struct sockaddr_storage ca_name;	/* the peer's */
};

/*
 * An Internet datagram's information beside its data, with CM_INFO: from
 * uipcd, what the receiver's options asked (IP_PKTINFO, IP_RECVTOS,
 * IP_RECVTTL, SO_TIMESTAMP(NS)), which the library hands to recvmsg as
 * control messages; to uipcd, a send's IP_PKTINFO.  Addresses in network
 * order, as in struct in_pktinfo; the time is the system's wall clock.
 */
struct chan_dginfo {
	uint32_t ci_what;		/* CI_* */
	uint32_t ci_ifindex;
	uint32_t ci_spec_dst, ci_addr;
	uint8_t ci_tos, ci_ttl;
	uint16_t ci_pad;
	uint32_t ci_nsec;
	int64_t ci_sec;
};
#define CI_PKTINFO	0x01
#define CI_TOS		0x02
#define CI_TTL		0x04
#define CI_TIME		0x08	/* SCM_TIMESTAMP (a timeval) */
#define CI_TIMENS	0x10	/* SCM_TIMESTAMPNS (a timespec) */

/* The header of each message on a message channel. */
struct chan_msg {
	uint16_t cm_addrlen;		/* 0: none (connected send) */
	uint16_t cm_flags;		/* CM_* */
	uint32_t cm_pad;
	struct sockaddr_storage cm_addr; /* destination (to uipcd) or source (from it) */
	struct chan_dginfo cm_info;	/* with CM_INFO */
};

#define CM_NODE		0x0001	/* the first SCM_RIGHTS descriptor is cm_addr's node */
#define CM_DONTROUTE	0x0002
#define CM_TRUNC	0x0004
#define CM_ERROR	0x0008	/* no message: an asynchronous error may wait in SO_ERROR (cm_pad: its errno then) */
#define CM_INFO		0x0010	/* cm_info holds something */

/*
 * The system's wall clock is the machine's plus an offset that only moves
 * forward (`uipc clock`).  uipcd keeps the offset in a file beside its
 * control socket, SOCKET.clock, one page that every process maps read-only,
 * so that time(), gettimeofday() and clock_gettime(CLOCK_REALTIME) cost no
 * request (src/lib/shim/shim_clock.c).
 */
#define CLOCK_PAGE_SUFFIX	".clock"
#define CLOCK_PAGE_MAGIC	0x75697063636c6bULL	/* "uipcclk" */

struct clock_page {
	uint64_t cp_magic;
	int64_t cp_offset_ns;		/* written and read atomically */
};

/*
 * A host's settings from the configuration (uipc.conf(5)): what sysinfo(),
 * getloadavg() and the utmp routines answer on it.  Times are seconds of
 * the system's wall clock.  An unset item is the machine's own.
 */
#define HI_BOOT		0x0001	/* hi_boottime is set */
#define HI_LOAD		0x0002	/* hi_load is set */
#define HI_USERS	0x0004	/* hi_users is the list of users (maybe none) */
#define HI_MAXUSERS	24
#define HI_NAMELEN	32

struct ctl_hostuser {
	char hu_name[HI_NAMELEN];
	char hu_line[HI_NAMELEN];
	int64_t hu_login;		/* login time */
	int64_t hu_active;		/* last input: idle since */
};

struct ctl_hostinfo {
	uint32_t hi_flags;
	uint32_t hi_nusers;
	int64_t hi_boottime;
	int32_t hi_load[3];		/* 1, 5, 15 minutes, in hundredths */
	int32_t hi_pad;
	struct ctl_hostuser hi_users[HI_MAXUSERS];
};

/*
 * An Internet datagram socket's error queue (Linux's IP_RECVERR, ip(7)):
 * recvmsg(MSG_ERRQUEUE) is a CTL_GETOPT at IPPROTO_IP of CTL_IP_ERRQUEUE,
 * a name no Linux option has, which takes the oldest error.  Its reply is
 * a struct ctl_errq and the quoted payload (ce_len bytes, of ce_fulllen
 * the original had); an empty queue answers EAGAIN, as Linux does.  The
 * shim refuses the name from a program's own getsockopt.
 */
#define CTL_IP_ERRQUEUE	0x7563

struct ctl_errq {
	uint32_t ce_errno;		/* sock_extended_err's fields */
	uint8_t ce_origin, ce_type, ce_code, ce_pad;
	uint32_t ce_info, ce_data;
	uint32_t ce_offender;		/* who reported it, network order */
	uint32_t ce_dst;		/* the datagram's destination (msg_name), network order */
	uint16_t ce_dport;		/* network order */
	uint16_t ce_pad2;
	uint32_t ce_len;		/* payload bytes that follow */
};

/* The control socket when neither -s nor $UIPC_SOCKET names another. */
#define UIPC_DEFAULT_SOCKET	"/run/uipc/uipcd.sock"

#endif
