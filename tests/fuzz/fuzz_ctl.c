/*
 * Fuzz target for uipcd's control protocol (src/sys/ctl_proto.h).
 *
 * uipcd runs in this process, on a control socket in a private temporary
 * directory, with two hosts on one segment (as tests/system/lib.sh's
 * uipc_setup_two_hosts) on a virtual clock, so a run is repeatable and time
 * can jump.  Each input is a little program for a process: open control
 * connections (real AF_UNIX SOCK_SEQPACKET connections, so SO_PEERCRED
 * works), send requests of every operation (valid or not, any version,
 * lengths that lie, any arguments and data) with descriptors of every kind
 * (the process ends of channels made by earlier requests, fresh channels,
 * unrelated host sockets, pipes, /dev/null, O_PATH descriptors of socket
 * nodes and of a directory, epoll descriptors, duplicates, sockets whose
 * peer is closed), write to, read from, shut and close channels, and let
 * time pass.  uipcd runs a bounded number of turns without blocking
 * (uipcd_turn) between steps, and its invariants (uipcd_check_invariants)
 * are checked after each.
 *
 * When the input's steps are done, uipcd, idle with time stopped, must get
 * no more events (a channel that wakes itself spins the loop).  Then
 * everything the process held is closed, time runs on (past TIME_WAIT),
 * and uipcd must hold nothing: no process, no channel, no socket, and as
 * many descriptors as before the input.  Any violation aborts, so libFuzzer
 * reports the input.  Each input gets a fresh stack (hosts, routes, ARP),
 * since requests of uid 0 may change interfaces and routes.
 *
 * The input format is in the comment before run_input(); the seed corpus
 * (tests/fuzz/corpus/fuzz_ctl) is written by tests/fuzz/gen_ctl_corpus.py.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/timer.h"
#include "kern/host.h"
#include "kern/socket.h"
#include "stack/netconf.h"
#include "stack/stack.h"
#include "sys/ctl_proto.h"
#include "sys/uipcd.h"


#define MAXCONN		4
#define MAXPOOL		32
#define MAXFD		4096
#define NNODES		4
#define TURNS_AFTER_REQ	2
#define MAXREQ		512	/* an input's requests (repeats included): bounded time */

static const char conftext[] =
	"seed 1\n"
	"segment lan\n"
	"\tdelay 100us\n"
	"host arpa\n"
	"\tinterface en0 segment lan address 10.0.0.1/24\n"
	"host monet\n"
	"\tinterface en0 segment lan address 10.0.0.2/24\n";

static struct uipcd d;
static struct netconf *conf;
static char dir[64], ctlpath[108];

/* Every descriptor the process side holds, so that it can close them all. */
static unsigned char owned[MAXFD];
static int pool[MAXPOOL], npool;	/* process ends of channels (and other sockets) */
static int stash[8], nstash;		/* process ends of channels being made */
static int conns[MAXCONN], nconn;
static uint32_t seq;
static int nreq;			/* requests of this input, at most MAXREQ */
static int trace;			/* FUZZ_CTL_TRACE=1: requests and replies on stderr */

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t
u8(struct input *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

static uint16_t
u16(struct input *in)
{
	uint16_t v = u8(in);

	return (uint16_t)(v | (u8(in) << 8));
}

static uint32_t
u32(struct input *in)
{
	uint32_t v = u16(in);

	return v | ((uint32_t)u16(in) << 16);
}

static size_t
take(struct input *in, void *buf, size_t want)
{
	if (want > in->n)
		want = in->n;
	memcpy(buf, in->p, want);
	in->p += want;
	in->n -= want;
	return want;
}

static void remove_dir(void);

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "fuzz_ctl: %s: %s\n", what, why);
	remove_dir();
	abort();
}

static void
check(const char *when)
{
	char why[256];

	if (uipcd_check_invariants(&d, why, sizeof(why)) != 0)
		die(when, why);
}

static int
own(int fd)
{
	if (fd < 0)
		return -1;
	if (fd >= MAXFD) {
		close(fd);
		return -1;
	}
	owned[fd] = 1;
	return fd;
}

static void
drop_from(int *arr, int *n, int fd)
{
	int i;

	for (i = 0; i < *n; i++)
		if (arr[i] == fd) {
			arr[i] = arr[--*n];
			i--;
		}
}

/* Closes a descriptor of the process side and forgets it everywhere. */
static void
hclose(int fd)
{
	if (fd < 0 || fd >= MAXFD || !owned[fd])
		return;
	owned[fd] = 0;
	close(fd);
	drop_from(pool, &npool, fd);
	drop_from(stash, &nstash, fd);
	drop_from(conns, &nconn, fd);
}

static void
pool_add(int fd)
{
	if (fd < 0)
		return;
	if (npool == MAXPOOL) {
		hclose(fd);
		return;
	}
	pool[npool++] = fd;
}

static int
count_fds(void)
{
	DIR *dp = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (dp == NULL)
		die("count_fds", strerror(errno));
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(dp);
	return n;
}

/* On a descriptor leak: what each open descriptor is, for the report. */
static void
list_fds(void)
{
	char path[64], link[256];
	DIR *dp = opendir("/proc/self/fd");
	struct dirent *de;
	ssize_t n;

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		if ((n = readlink(path, link, sizeof(link) - 1)) < 0)
			n = 0;
		link[n] = '\0';
		fprintf(stderr, "fuzz_ctl: fd %s -> %s\n", de->d_name, link);
	}
	closedir(dp);
}

static void
node_path(unsigned k, char *buf, size_t len)
{
	snprintf(buf, len, "%s/n%u", dir, k % NNODES);
}

/* A socket node in the file system, as uipc_bind makes one (mknod). */
static int
node_open(unsigned k)
{
	char path[108];

	node_path(k, path, sizeof(path));
	(void)mknod(path, S_IFSOCK | 0777, 0);
	return own(open(path, O_PATH | O_CLOEXEC | O_NOFOLLOW));
}

/* Closes every reply waiting on the control connections. */
static void
drain_replies(void)
{
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int) * 16)];
	} cb;
	char buf[CTL_MAXDATA + 256];
	struct cmsghdr *cm;
	struct msghdr mh;
	struct iovec iov;
	int i, k, n, fd;

	for (i = 0; i < nconn; i++)
		for (k = 0; k < 4096; k++) {
			iov = (struct iovec){ buf, sizeof(buf) };
			memset(&mh, 0, sizeof(mh));
			mh.msg_iov = &iov;
			mh.msg_iovlen = 1;
			mh.msg_control = cb.b;
			mh.msg_controllen = sizeof(cb.b);
			if ((n = (int)recvmsg(conns[i], &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC)) <= 0)
				break;
			if (trace && n >= (int)sizeof(struct ctl_rep)) {
				struct ctl_rep rep;

				memcpy(&rep, buf, sizeof(rep));
				fprintf(stderr, "  conn %d reply op %u seq %u error %d (%s) val %d len %u\n",
				    i, rep.cp_op, rep.cp_seq, rep.cp_error, strerror(rep.cp_error),
				    rep.cp_val[0], rep.cp_len);
			}
			/* Replies carry no descriptors; should one come, it is not leaked here. */
			for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
				if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
					for (n = 0; n < (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int)); n++) {
						memcpy(&fd, CMSG_DATA(cm) + n * sizeof(int), sizeof(int));
						close(fd);
					}
		}
}

/* One turn of uipcd after time moved on by ns, then its replies and its invariants. */
static void
turn(uint64_t ns, const char *when)
{
	int error;

	if (ns > 0)
		clock_jump(d.d_stack->st_clock, ns);
	if ((error = uipcd_turn(&d, 0)) != 0)
		die(when, strerror(error));
	drain_replies();
	check(when);
}

static void
conn_open(void)
{
	struct sockaddr_un sun;
	int fd;

	if (nconn == MAXCONN)
		return;
	if ((fd = own(socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0))) < 0)
		return;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", ctlpath);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		hclose(fd);
		return;
	}
	conns[nconn++] = fd;
}

static const int chantypes[] = { SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM };

/*
 * Descriptor kinds, one byte each plus a parameter byte.  The process end
 * of a fresh channel (CHAN_U's partner) is stashed for the next CHAN_P of
 * the same request, then joins the pool, as libuipc keeps it.
 */
enum fdkind {
	FD_CHAN_U,	/* uipcd's end of a fresh channel (param: type, blocking) */
	FD_CHAN_P,	/* the process end of the last fresh channel */
	FD_POOL,	/* a process end from the pool (param: which) */
	FD_DUP,		/* a duplicate of one */
	FD_HOSTPAIR,	/* one end of an unrelated host socketpair */
	FD_PEERLESS,	/* a socket whose peer is closed */
	FD_PIPE,	/* a pipe end */
	FD_DEVNULL,
	FD_NODE,	/* O_PATH of a socket node (param: which) */
	FD_DIR,		/* O_PATH of the directory */
	FD_EPOLL,
	FD_CTLCONN,	/* a duplicate of a control connection */
	FD_NKINDS
};

/*
 * Makes a descriptor of a kind.  The ones only this request uses go on
 * tmp (closed once sent, as libuipc closes its copy of uipcd's end and of
 * a node).  norights: this descriptor may end up held by a socket buffer
 * (SCM_RIGHTS), so it must not be the process end of a channel, which
 * could make a cycle no close breaks (the host has a garbage collector for
 * those; uipc has none).
 */
static int
make_fd(unsigned kind, unsigned param, int norights, int *tmp, int *ntmp)
{
	int sv[2], fd = -1;

	kind %= FD_NKINDS;
	if (norights && (kind == FD_CHAN_P || kind == FD_POOL || kind == FD_DUP))
		kind = FD_HOSTPAIR;
	switch (kind) {
	case FD_CHAN_U:
		if (socketpair(AF_UNIX, chantypes[param % 3] | SOCK_CLOEXEC |
		    ((param & 0x10) ? 0 : SOCK_NONBLOCK), 0, sv) < 0)
			return -1;
		own(sv[0]);
		own(sv[1]);
		if (nstash < (int)(sizeof(stash) / sizeof(stash[0])))
			stash[nstash++] = sv[1];
		else
			pool_add(sv[1]);
		tmp[(*ntmp)++] = sv[0];
		return sv[0];
	case FD_CHAN_P:
		if (nstash > 0)
			return stash[nstash - 1];
		/* FALLTHROUGH */
	case FD_POOL:
		if (npool > 0)
			return pool[param % npool];
		return make_fd(FD_CHAN_U, param, norights, tmp, ntmp);
	case FD_DUP:
		if (npool == 0)
			return make_fd(FD_DEVNULL, param, norights, tmp, ntmp);
		fd = own(fcntl(pool[param % npool], F_DUPFD_CLOEXEC, 0));
		pool_add(fd);
		return fd;
	case FD_HOSTPAIR:
	case FD_PEERLESS:
		if (socketpair(AF_UNIX, chantypes[param % 3] | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) < 0)
			return -1;
		own(sv[0]);
		own(sv[1]);
		tmp[(*ntmp)++] = sv[0];
		if (kind == FD_PEERLESS)
			hclose(sv[1]);
		else
			tmp[(*ntmp)++] = sv[1];
		return sv[0];
	case FD_PIPE:
		if (pipe2(sv, O_CLOEXEC | O_NONBLOCK) < 0)
			return -1;
		own(sv[0]);
		own(sv[1]);
		tmp[(*ntmp)++] = sv[0];
		tmp[(*ntmp)++] = sv[1];
		return sv[param & 1];
	case FD_DEVNULL:
		fd = own(open("/dev/null", O_RDWR | O_CLOEXEC));
		break;
	case FD_NODE:
		fd = node_open(param);
		break;
	case FD_DIR:
		fd = own(open(dir, O_PATH | O_CLOEXEC | O_DIRECTORY));
		break;
	case FD_EPOLL:
		fd = own(epoll_create1(EPOLL_CLOEXEC));
		break;
	case FD_CTLCONN:
		if (nconn == 0)
			return make_fd(FD_DEVNULL, param, norights, tmp, ntmp);
		fd = own(fcntl(conns[param % nconn], F_DUPFD_CLOEXEC, 0));
		break;
	}
	if (fd >= 0)
		tmp[(*ntmp)++] = fd;
	return fd;
}

static const int32_t argvals[] = {
	0, 1, 2, 3, -1, 5, 16, 64, 256, 4096, INT32_MAX, INT32_MIN,
	AF_UNIX, AF_INET, AF_INET6, SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW,
	IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, SOL_SOCKET, IPPROTO_IP,
	SO_REUSEADDR, SO_KEEPALIVE, SO_LINGER, SO_SNDBUF, SO_RCVBUF, SO_PASSCRED,
	SO_ERROR, SO_TYPE, SO_RCVTIMEO, SO_SNDLOWAT, SO_OOBINLINE, SO_PEERCRED,
	TCP_NODELAY, TCP_MAXSEG, TCP_INFO, IP_TTL, IP_HDRINCL, IP_OPTIONS,
	FIONREAD, SIOCSPGRP, SIOCGPGRP, SIOCATMARK, (int32_t)SIOCGIFCONF, (int32_t)SIOCGIFFLAGS,
	(int32_t)SIOCSIFFLAGS, (int32_t)SIOCGIFADDR, (int32_t)SIOCSIFADDR,
	(int32_t)SIOCGIFNETMASK, (int32_t)SIOCSIFNETMASK, (int32_t)SIOCGIFBRDADDR,
	CTL_RT_LIST, CTL_RT_ADD, CTL_RT_DELETE, MSG_OOB, MSG_DONTROUTE,
	0x0a000001, 0x0a000002, 0x0a000000, (int32_t)0xffffff00,
};

static int32_t
arg(struct input *in)
{
	uint8_t b = u8(in);

	if (b < 0xc0)
		return argvals[b % (sizeof(argvals) / sizeof(argvals[0]))];
	return (int32_t)u32(in);
}

static const uint32_t inaddrs[] = {
	0x0a000001, 0x0a000002, 0x7f000001, 0, 0x0a0000ff, 0x0a000009, 0xffffffff, 0x0a000100,
};

/* An address (UNIX names a node of the directory), length out. */
static size_t
enc_addr(struct input *in, uint8_t *out, size_t cap)
{
	struct sockaddr_un sun;
	struct sockaddr_in sin;
	uint8_t kind = u8(in), lenb;
	size_t len;

	switch (kind % 4) {
	case 0:		/* raw */
		len = u8(in);
		return take(in, out, len < cap ? len : cap);
	case 1:
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		node_path(kind >> 2, sun.sun_path, sizeof(sun.sun_path));
		len = offsetof(struct sockaddr_un, sun_path) + strlen(sun.sun_path) + ((kind >> 4) & 1);
		break;
	case 2:
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(inaddrs[(kind >> 2) % 8]);
		sin.sin_port = htons(u16(in));
		memcpy(&sun, &sin, sizeof(sin));
		len = sizeof(sin);
		break;
	default:	/* a length that lies */
		lenb = u8(in);
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = (kind & 4) ? AF_UNIX : AF_INET;
		sin.sin_addr.s_addr = htonl(inaddrs[(kind >> 3) % 8]);
		memcpy(&sun, &sin, sizeof(sin));
		len = lenb % (sizeof(sun) + 8);
		break;
	}
	if (len > cap)
		len = cap;
	if (len > sizeof(sun)) {
		memset(out, 0, len);
		len = sizeof(sun) < len ? len : sizeof(sun);
		memcpy(out, &sun, sizeof(sun));
		return len;
	}
	memcpy(out, &sun, len);
	return len;
}

/* A chan_msg header then a payload, as CTL_SENDTO and message channels carry. */
static size_t
enc_msg(struct input *in, uint8_t *out, size_t cap)
{
	struct chan_msg hdr;
	uint8_t flags = u8(in), a[sizeof(hdr.cm_addr) + 16];
	size_t alen, plen;

	memset(&hdr, 0, sizeof(hdr));
	alen = (flags & 1) ? enc_addr(in, a, sizeof(a)) : 0;
	memcpy(&hdr.cm_addr, a, alen < sizeof(hdr.cm_addr) ? alen : sizeof(hdr.cm_addr));
	hdr.cm_addrlen = (uint16_t)((flags & 8) ? u16(in) : alen);
	hdr.cm_flags = (uint16_t)(((flags & 2) ? CM_NODE : 0) | ((flags & 4) ? CM_DONTROUTE : 0) |
	    ((flags & 0x40) ? u16(in) : 0));
	if (flags & 0x20) {
		/* A send's IP_PKTINFO (chan_dginfo_in), any of its fields. */
		hdr.cm_flags |= CM_INFO;
		take(in, (uint8_t *)&hdr.cm_info, sizeof(hdr.cm_info));
	}
	if (cap < sizeof(hdr))
		return 0;
	memcpy(out, &hdr, sizeof(hdr));
	plen = (flags & 0x80) ? (size_t)u16(in) * 8 : u8(in);
	if (plen > cap - sizeof(hdr))
		plen = cap - sizeof(hdr);
	memset(out + sizeof(hdr), 'x', plen);
	take(in, out + sizeof(hdr), plen < 64 ? plen : 64);
	/* A header cut short, sometimes. */
	if (flags & 0x10)
		return (size_t)u8(in) % (sizeof(hdr) + plen + 1);
	return sizeof(hdr) + plen;
}

/* A request's data: an address, a message, a name, an option value, raw bytes. */
static size_t
enc_data(struct input *in, uint8_t *out, size_t cap)
{
	static const char *const names[] = { "arpa", "monet", "", "nosuchhost", "en0", "lo0" };
	uint8_t kind = u8(in);
	struct ifreq ifr;
	struct sockaddr_in sin;
	size_t len;
	int32_t v;

	switch (kind % 8) {
	case 0:
		return 0;
	case 1:
		len = u8(in);
		if (kind & 0x80)
			len = (len << 8) | u8(in);
		if (len > cap)
			len = cap;
		memset(out, 0, len);
		take(in, out, len);
		return len;
	case 2:
		return enc_addr(in, out, cap);
	case 3:
		return enc_msg(in, out, cap);
	case 4:
		len = strlen(names[(kind >> 3) % 6]);
		memcpy(out, names[(kind >> 3) % 6], len);
		return len;
	case 5:
		v = arg(in);
		memcpy(out, &v, sizeof(v));
		return (kind & 0x80) ? (size_t)(kind >> 3) % 9 : sizeof(v);
	case 6:		/* struct linger, struct timeval: two words */
		memset(out, 0, 16);
		take(in, out, 16);
		return (kind & 0x80) ? 16 : 8;
	default:
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", names[(kind >> 3) % 6]);
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(inaddrs[(kind >> 4) % 8]);
		memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
		if (kind & 0x80)
			ifr.ifr_flags = (short)u16(in);
		memcpy(out, &ifr, sizeof(ifr));
		return sizeof(ifr);
	}
}

static const uint16_t ops[] = {
	CTL_HELLO, CTL_SOCKET, CTL_SOCKETPAIR, CTL_IDENTIFY, CTL_BIND, CTL_LISTEN,
	CTL_ACCEPT_RETIRED, CTL_CONNECT, CTL_SHUTDOWN, CTL_GETNAME, CTL_SETOPT, CTL_GETOPT,
	CTL_IOCTL, CTL_NETSTAT, CTL_SENDTO, CTL_SYNC, CTL_IFIOCTL, CTL_ROUTE, CTL_ARP,
	CTL_INETSTAT, 0, 17, 31, CTL_OPMAX, 0xffff, CTL_UTS, CTL_ACTFOR,
};

/* Sends one record with its descriptors; a full connection gets turns to drain. */
static void
send_record(int fd, const void *buf, size_t len, const int *fds, int nfds)
{
	static union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int) * 128)];
	} cb;
	struct msghdr mh;
	struct iovec iov = { (void *)buf, len };
	int tries;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (nfds > 0) {
		mh.msg_control = cb.b;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
		memset(cb.b, 0, mh.msg_controllen);
		CMSG_FIRSTHDR(&mh)->cmsg_level = SOL_SOCKET;
		CMSG_FIRSTHDR(&mh)->cmsg_type = SCM_RIGHTS;
		CMSG_FIRSTHDR(&mh)->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
		memcpy(CMSG_DATA(CMSG_FIRSTHDR(&mh)), fds, sizeof(int) * (size_t)nfds);
	}
	for (tries = 0; tries < 16; tries++) {
		if (sendmsg(fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0 || errno != EAGAIN)
			return;
		turn(0, "sending a request");
	}
}

/*
 * A request: connection, op, form (version, any sequence number, lying
 * lengths, a header cut short, many descriptors), four arguments, data,
 * descriptors.  form: 0x01 a version byte follows; 0x20 a sequence number
 * (4 bytes) follows; 0x06 cr_len exact, larger, smaller or any (its bytes
 * after the data); 0x08 the record cut inside the header (a byte); 0x10
 * more descriptors than CTL_MAXFDS (by form >> 6 more).
 */
static void
do_request(struct input *in)
{
	static uint8_t rec[sizeof(struct ctl_req) + CTL_MAXSEND + 64];
	struct ctl_req rq;
	int fds[128], tmp[256], nfds, ntmp = 0, i, c;
	uint8_t cb = u8(in), opb = u8(in), form = u8(in), nb;
	size_t dlen, len;

	if (nconn == 0)
		conn_open();
	if (nconn == 0 || ++nreq > MAXREQ)
		return;
	c = conns[cb % nconn];
	memset(&rq, 0, sizeof(rq));
	rq.cr_op = opb < 0xf0 ? ops[opb % (sizeof(ops) / sizeof(ops[0]))] : u16(in);
	rq.cr_version = (form & 1) ? u8(in) : CTL_VERSION;
	rq.cr_seq = (form & 0x20) ? u32(in) : ++seq;
	for (i = 0; i < 4; i++)
		rq.cr_arg[i] = arg(in);
	dlen = enc_data(in, rec + sizeof(rq), CTL_MAXSEND + 64);
	len = sizeof(rq) + dlen;
	switch ((form >> 1) & 3) {
	case 0: rq.cr_len = (uint32_t)len; break;
	case 1: rq.cr_len = (uint32_t)len + 1 + u8(in); break;
	case 2: rq.cr_len = (uint32_t)len - 1 - u8(in) % len; break;
	case 3: rq.cr_len = u32(in); break;
	}
	memcpy(rec, &rq, sizeof(rq));
	if (form & 8)
		len = u8(in) % sizeof(rq);	/* a header cut short */
	nb = u8(in);
	nfds = nb % 7;
	for (i = 0; i < nfds; i++) {
		uint8_t k = u8(in), p = u8(in);
		int fd;

		/* A send's descriptors after the socket may travel as SCM_RIGHTS. */
		fd = make_fd(k, p, rq.cr_op == CTL_SENDTO && i > 0, tmp, &ntmp);
		if (trace)
			fprintf(stderr, "  fd %d: kind %u param %u -> %d\n", i, k % FD_NKINDS, p, fd);
		if (fd < 0)
			fd = make_fd(FD_DEVNULL, 0, 0, tmp, &ntmp);
		if (fd < 0)
			break;
		fds[i] = fd;
	}
	nfds = i;
	/* More descriptors than a request may carry (CTL_MAXFDS). */
	if (form & 0x10)
		while (nfds < CTL_MAXFDS + 1 + (form >> 6) && ntmp < 200) {
			int fd = make_fd(FD_DEVNULL, 0, 0, tmp, &ntmp);

			if (fd < 0)
				break;
			fds[nfds++] = fd;
		}
	if (trace)
		fprintf(stderr, "request conn %d op %u seq %u version %u len %zu cr_len %u args %d %d %d %d nfds %d\n",
		    cb % nconn, rq.cr_op, rq.cr_seq, rq.cr_version, len, rq.cr_len, rq.cr_arg[0],
		    rq.cr_arg[1], rq.cr_arg[2], rq.cr_arg[3], nfds);
	send_record(c, rec, len, fds, nfds);
	/* The process keeps the process ends of the channels it made (a full pool closes them). */
	while (nstash > 0)
		pool_add(stash[--nstash]);
	for (i = 0; i < ntmp; i++)
		hclose(tmp[i]);
	for (i = 0; i < TURNS_AFTER_REQ; i++)
		turn(0, "after a request");
}

/* Reads what a channel brings the process; descriptors received join the pool. */
static void
do_read(struct input *in)
{
	static char buf[65536];
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int) * 253)];
	} cb;
	uint8_t w = u8(in), flags = u8(in);
	struct cmsghdr *cm;
	struct msghdr mh;
	struct iovec iov;
	int fd, k, n, nfd;

	if (npool == 0)
		return;
	fd = pool[w % npool];
	for (k = 0; k < 1 + (flags & 7); k++) {
		iov = (struct iovec){ buf, (flags & 8) ? 1 : sizeof(buf) };
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cb.b;
		mh.msg_controllen = sizeof(cb.b);
		if (recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | ((flags & 0x10) ? MSG_OOB : 0)) <= 0)
			break;
		for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
				for (n = 0; n < (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int)); n++) {
					memcpy(&nfd, CMSG_DATA(cm) + n * sizeof(int), sizeof(int));
					pool_add(own(nfd));
				}
	}
}

/* Writes on a channel as the process would: bytes, urgent data, messages, rights. */
static void
do_write(struct input *in)
{
	static uint8_t buf[CTL_MAXSEND];
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int) * 8)];
	} cb;
	uint8_t w = u8(in), flags = u8(in);
	int fds[8], tmp[32], nfds = 0, ntmp = 0, fd, i;
	struct msghdr mh;
	struct iovec iov;
	size_t len;
	ssize_t n;

	if (npool == 0)
		return;
	fd = pool[w % npool];
	if (flags & 1) {
		len = enc_msg(in, buf, sizeof(buf));
	} else {
		len = (flags & 0x80) ? (size_t)u16(in) * 4 : u8(in);
		memset(buf, 'y', len);
		take(in, buf, len < 64 ? len : 64);
	}
	if (flags & 2) {
		nfds = 1 + (flags >> 4) % 3;
		for (i = 0; i < nfds; i++) {
			uint8_t k = u8(in), p = u8(in);

			/* CM_NODE's node first, as libuipc sends it. */
			if ((fds[i] = make_fd(i == 0 && (flags & 8) ? FD_NODE : k, p, 1, tmp, &ntmp)) < 0)
				break;
		}
		nfds = i;
	}
	iov = (struct iovec){ buf, len };
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (nfds > 0) {
		mh.msg_control = cb.b;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
		memset(cb.b, 0, sizeof(cb.b));
		CMSG_FIRSTHDR(&mh)->cmsg_level = SOL_SOCKET;
		CMSG_FIRSTHDR(&mh)->cmsg_type = SCM_RIGHTS;
		CMSG_FIRSTHDR(&mh)->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
		memcpy(CMSG_DATA(CMSG_FIRSTHDR(&mh)), fds, sizeof(int) * (size_t)nfds);
	}
	n = sendmsg(fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL | ((flags & 4) ? MSG_OOB : 0));
	if (trace)
		fprintf(stderr, "write fd %d len %zu nfds %d flags %#x: %zd\n", fd, len, nfds, flags, n);
	for (i = 0; i < ntmp; i++)
		hclose(tmp[i]);
}

static const uint64_t steps[] = {
	0, NS_PER_MS / 10, NS_PER_MS, 10 * NS_PER_MS, 200 * NS_PER_MS, NS_PER_SEC, 5 * NS_PER_SEC,
	75 * NS_PER_SEC,
};

/*
 * The input, a sequence of steps, each a byte saying what then its operands:
 *	0 request	conn op form args[4] data nfds (kind param)...
 *	1 turns		count step
 *	2 write		which flags data [rights]
 *	3 read		which flags
 *	4 close		which (a process end, or a control connection)
 *	5 shutdown	which how
 *	6 connect	(another control connection)
 *	7 repeat	count (the last request again, count times: fills receivers)
 */
static void
run_input(struct input *in)
{
	struct input last = { NULL, 0 }, again;
	uint8_t op, a, b;
	int i;

	while (in->n > 0) {
		op = u8(in);
		switch (op % 8) {
		case 0:
			last = *in;
			do_request(in);
			break;
		case 7:
			a = u8(in);
			for (i = 0; last.p != NULL && i < 1 + a % 64; i++) {
				again = last;
				do_request(&again);
			}
			break;
		case 1:
			a = u8(in);
			b = u8(in);
			for (i = 0; i < 1 + a % 8; i++)
				turn(steps[b % 8], "a turn");
			break;
		case 2:
			do_write(in);
			turn(0, "after a write");
			break;
		case 3:
			turn(0, "before a read");
			do_read(in);
			break;
		case 4:
			a = u8(in);
			if (a & 0x80) {
				if (nconn > 0)
					hclose(conns[a % nconn]);
			} else if (npool > 0) {
				hclose(pool[a % npool]);
			}
			turn(0, "after a close");
			break;
		case 5:
			a = u8(in);
			b = u8(in);
			if (npool > 0)
				shutdown(pool[a % npool], b % 3);
			turn(0, "after a shutdown");
			break;
		case 6:
			conn_open();
			break;
		}
	}
}

/*
 * With the process idle and time stopped, uipcd has nothing to do: events
 * that keep coming turn after turn are a loop spinning (a channel that
 * wakes itself).
 */
static void
idle_check(void)
{
	struct pollfd pfd = { d.d_epfd, POLLIN, 0 };
	int i, busy = 0;

	for (i = 0; i < 4; i++)
		turn(0, "idle");
	for (i = 0; i < 8; i++) {
		/* Whether events wait, without taking them (epoll_wait would). */
		if (poll(&pfd, 1, 0) > 0)
			busy++;
		turn(0, "idle");
	}
	if (busy == 8)
		die("idle", "uipcd spins: epoll events keep coming while nothing happens");
}

/*
 * Everything the process held is closed; uipcd must let go of everything:
 * no process, no channel, no socket (TIME_WAIT included: time runs past
 * it), no descriptor more than before the input.
 */
static void
finish(int baseline)
{
	char why[512];
	struct socket *so;
	struct chan *c;
	int fd, i, nfd;
	char path[108];

	for (fd = 0; fd < MAXFD; fd++)
		hclose(fd);
	for (i = 0; i < 64; i++) {
		turn(i < 16 ? NS_PER_MS : 10 * NS_PER_SEC, "closing");
		if (d.d_procs == NULL && d.d_chans == NULL && d.d_stack->st_sockets == NULL && i >= 16)
			break;
	}
	if ((c = d.d_chans) != NULL) {
		snprintf(why, sizeof(why), "a channel remains (ino %lu, flags %#x, fd %d, socket state %#x)",
		    c->c_pino, c->c_flags, c->c_fd, c->c_so != NULL ? c->c_so->so_state : 0);
		list_fds();
		die("after close", why);
	}
	if ((so = d.d_stack->st_sockets) != NULL) {
		snprintf(why, sizeof(why), "socket %llu remains (domain %d type %d state %#x options %#x)",
		    (unsigned long long)so->so_id, so->so_proto->pr_domain, so->so_type,
		    so->so_state, so->so_options);
		die("after close", why);
	}
	if (d.d_procs != NULL)
		die("after close", "a process remains");
	for (i = 0; i < NNODES; i++) {
		node_path((unsigned)i, path, sizeof(path));
		unlink(path);
	}
	if ((nfd = count_fds()) != baseline) {
		snprintf(why, sizeof(why), "%d descriptors open, %d before the input", nfd, baseline);
		list_fds();
		die("after close", why);
	}
	/* A fresh stack for the next input (requests of uid 0 may change routes and interfaces). */
	uipcd_unconfig(&d);
}

static void
new_stack(void)
{
	char err[256];
	struct stack *st;
	int error;

	if ((error = stack_create(clock_virt_create(NS_PER_SEC), 1, &st)) != 0)
		die("stack_create", strerror(error));
	if ((error = netconf_apply(conf, st, err, sizeof(err))) != 0)
		die("netconf_apply", err);
	d.d_stack = st;
}

/* The private directory goes, also when an input failed. */
static void
remove_dir(void)
{
	char path[108];
	unsigned k;

	for (k = 0; k < NNODES; k++) {
		node_path(k, path, sizeof(path));
		unlink(path);
	}
	unlink(ctlpath);
	rmdir(dir);
}

static void
cleanup(void)
{
	if (d.d_stack == NULL)
		new_stack();
	uipcd_fini(&d);
	uipcd_unconfig(&d);
	remove_dir();
}

/* The checker can fail: a channel list whose back link is wrong is reported. */
static void
check_selftest(void)
{
	struct chan fake;
	char why[256];

	memset(&fake, 0, sizeof(fake));
	fake.c_ev.ev_kind = EV_CHAN;
	fake.c_d = &d;
	fake.c_fd = -1;
	fake.c_flags = CH_DEAD;
	d.d_chans = &fake;		/* c_all_prevp left NULL */
	if (uipcd_check_invariants(&d, why, sizeof(why)) == 0)
		die("self-test", "uipcd_check_invariants passed a broken channel list");
	d.d_chans = NULL;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];
	sigset_t ss;
	int error;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/tmp/fuzz_ctl.XXXXXX");
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", strerror(errno));
	snprintf(ctlpath, sizeof(ctlpath), "%s/uipcd.sock", dir);
	if ((error = netconf_parse(conftext, sizeof(conftext) - 1, "fuzz_ctl", &conf, err, sizeof(err))) != 0)
		die("netconf_parse", err);
	new_stack();
	if ((error = uipcd_init(&d, ctlpath)) != 0)
		die("uipcd_init", strerror(error));
	check_selftest();
	/* uipcd_init takes SIGINT and SIGTERM for itself; libFuzzer wants them back. */
	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigprocmask(SIG_UNBLOCK, &ss, NULL);
	atexit(cleanup);
	trace = getenv("FUZZ_CTL_TRACE") != NULL;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	int baseline;

	if (size > 4096)
		return 0;
	if (d.d_stack == NULL)
		new_stack();
	baseline = count_fds();
	seq = 0;
	nreq = 0;
	check("before the input");
	run_input(&in);
	idle_check();
	finish(baseline);
	return 0;
}
