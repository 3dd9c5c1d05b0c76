/*
 * Checking the channel a process hands uipcd (CTL_SOCKET, CTL_SOCKETPAIR):
 * uipcd relays only through one end of a host socketpair whose other end
 * the process holds (DESIGN.md, "Trust no process").  Any other socket
 * handed as "uipcd's end" would make uipcd relay into something of the
 * process's choosing: a connection to a host service, where uipcd's
 * writes would carry uipcd's credentials (SCM_CREDENTIALS, SO_PEERCRED).
 *
 * The end given to uipcd must be an AF_UNIX socket of the channel's type
 * whose peer is the process's end.  Two ways to know:
 *
 * - Its peer was made by the asking process itself (SO_PEERCRED names the
 *   maker of a socketpair): then a word written on it, with nothing of
 *   anybody else's at stake, must come out of the process's end.  A few
 *   system calls: the common case, on every socket() (and so on every
 *   TCP connection a client makes).  uipcd reads the word back before it
 *   answers, so the asking thread never sees it; another thread reading
 *   the new socket before its first call is answered could take it, and
 *   the call then fails with EINVAL.
 * - Otherwise (a socket made before a fork and first used in the child):
 *   the host's socket diagnostics (sock_diag(7), unix_diag) name its peer
 *   by inode, nothing written.  That lookup walks the host's UNIX sockets,
 *   which is too slow for every socket.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <unistd.h>

#include "sys/uipcd.h"

/*
 * Asks the host's socket diagnostics about the UNIX socket with inode ino
 * (sock_diag(7), a lookup by inode; show: UDIAG_SHOW_* attributes wanted).
 * The answer's length in buf, or -1 when the host cannot say.  Also
 * chan.c's chan_peer_alive.
 */
ssize_t
chan_unix_diag(unsigned long ino, uint32_t show, void *buf, size_t len)
{
	struct {
		struct nlmsghdr nh;
		struct unix_diag_req rq;
	} req;
	ssize_t n = -1;
	int fd;

	if ((fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)) < 0)
		return -1;
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.rq.sdiag_family = AF_UNIX;
	req.rq.udiag_states = (uint32_t)-1;
	req.rq.udiag_ino = (uint32_t)ino;
	req.rq.udiag_show = show;
	req.rq.udiag_cookie[0] = req.rq.udiag_cookie[1] = (uint32_t)-1;
	if (send(fd, &req, sizeof(req), 0) == (ssize_t)sizeof(req))
		n = recv(fd, buf, len, 0);
	close(fd);
	return n > 0 ? n : -1;
}

/* The inode of the peer of the UNIX socket with inode ino, or 0. */
static unsigned long
unix_peer_ino(unsigned long ino)
{
	union {
		struct nlmsghdr align;
		char b[1024];
	} buf;
	struct nlmsghdr *nh;
	struct unix_diag_msg *m;
	struct rtattr *a;
	unsigned long peer = 0;
	int alen;
	ssize_t n;

	if ((n = chan_unix_diag(ino, UDIAG_SHOW_PEER, buf.b, sizeof(buf.b))) < 0)
		return 0;
	nh = &buf.align;
	if (!NLMSG_OK(nh, (size_t)n) || nh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    nh->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
		return 0;
	m = NLMSG_DATA(nh);
	if (m->udiag_ino != (uint32_t)ino)
		return 0;
	alen = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
	for (a = (struct rtattr *)(m + 1); RTA_OK(a, alen); a = RTA_NEXT(a, alen))
		if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= sizeof(uint32_t)) {
			uint32_t p;

			memcpy(&p, RTA_DATA(a), sizeof(p));
			peer = p;
		}
	return peer;
}

/*
 * Writes a word on ufd and reads it from pfd: whether pfd is ufd's peer.
 * The words are unpredictable (seeded from the host), so that nothing put
 * in pfd's way beforehand passes for one.
 */
static int
pair_echo(uint64_t *state, int ufd, int pfd)
{
	uint64_t word[2], got[3], z;
	int i;

	if (*state == 0 && getrandom(state, sizeof(*state), GRND_NONBLOCK) != sizeof(*state))
		*state = (uint64_t)(uintptr_t)state ^ (uint64_t)getpid() << 32;
	for (i = 0; i < 2; i++) {
		/* splitmix64 */
		z = (*state += 0x9e3779b97f4a7c15u);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
		word[i] = z ^ (z >> 31);
	}
	if (send(ufd, word, sizeof(word), MSG_DONTWAIT | MSG_NOSIGNAL) != (ssize_t)sizeof(word))
		return 0;
	return recv(pfd, got, sizeof(got), MSG_DONTWAIT) == (ssize_t)sizeof(word) &&
	    memcmp(got, word, sizeof(word)) == 0;
}

/*
 * Are ufd and pfd (a socket, its inode pino) the two ends of one host
 * socketpair of type type (the channel's: SOCK_STREAM or SOCK_SEQPACKET),
 * handed by the process with credentials cr?  0, or EINVAL; ENOTSOCK when
 * ufd is no socket.
 */
int
chan_pair_check(struct uipcd *d, int ufd, int pfd, unsigned long pino, int type,
    const struct ucred *cr)
{
	struct ucred pc;
	struct stat ust;
	socklen_t len;
	int v;

	len = sizeof(v);
	if (getsockopt(ufd, SOL_SOCKET, SO_TYPE, &v, &len) < 0)
		return ENOTSOCK;
	if (v != type)
		return EINVAL;
	/* SO_PEERCRED names the maker of a UNIX socket's peer (of no other: pid 0). */
	len = sizeof(pc);
	if (getsockopt(ufd, SOL_SOCKET, SO_PEERCRED, &pc, &len) == 0 && pc.pid == cr->pid &&
	    pc.uid == cr->uid && pc.pid > 0) {
		if (!pair_echo(&d->d_pairword, ufd, pfd))
			return EINVAL;
	} else if (fstat(ufd, &ust) < 0 || unix_peer_ino(ust.st_ino) != pino) {
		return EINVAL;
	}
	return 0;
}
