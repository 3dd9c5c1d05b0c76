/*
 * The embedding API's sockets (include/uipc/embed.h): the socket layer's
 * calls (src/kern/socket.h) behind a supported interface, so that a
 * program linking the stack needs no internal header.  The process holding
 * the stack is the environment the socket layer expects (DESIGN.md, "The
 * library"): it acts with its own credentials and, instead of sleeping,
 * moves time on and asks for readiness.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <sys/un.h>
#include <unistd.h>

#include "kern/socket.h"
#include "uipc/embed.h"

/* Who acts: this process, as the kernel would see it. */
static struct ucred
embed_cred(void)
{
	return (struct ucred){ .pid = getpid(), .uid = geteuid(), .gid = getegid() };
}

/*
 * A target address for the socket layer.  AF_UNIX path names are nodes of
 * the file system that uipcd resolves for its processes; an embedded stack
 * has no such environment, so it refuses them rather than misbind.
 * Linux's abstract names (sun_path[0] NUL, unix(7)) and autobind (the
 * family alone) need no node: they live in the host's own table
 * (src/unix/unp_abstract.c), here as under uipcd.
 */
static int
embed_addr(const struct sockaddr *sa, socklen_t len, struct so_addr *nam)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)sa;

	if (sa == NULL)
		return EFAULT;
	if (len >= sizeof(sa->sa_family) && sa->sa_family == AF_UNIX &&
	    len != sizeof(sa->sa_family) &&
	    (len <= offsetof(struct sockaddr_un, sun_path) || sun->sun_path[0] != '\0'))
		return EOPNOTSUPP;
	*nam = (struct so_addr){ sa, len, NULL };
	return 0;
}

int
uipc_sock_open(struct host *h, int domain, int type, int protocol,
    struct socket **sop)
{
	struct ucred cr = embed_cred();

	*sop = NULL;
	if (h == NULL)
		return EINVAL;
	return socreate(h, domain, type, protocol, &cr, sop);
}

/* socketpair(2): two sockets of h connected to each other. */
int
uipc_sock_pair(struct host *h, int domain, int type, int protocol,
    struct socket *sv[2])
{
	int error;

	sv[0] = sv[1] = NULL;
	if ((error = uipc_sock_open(h, domain, type, protocol, &sv[0])) != 0)
		return error;
	if ((error = uipc_sock_open(h, domain, type, protocol, &sv[1])) != 0 ||
	    (error = soconnect2(sv[0], sv[1])) != 0) {
		soclose(sv[0]);
		if (sv[1] != NULL)
			soclose(sv[1]);
		sv[0] = sv[1] = NULL;
	}
	return error;
}

int
uipc_sock_bind(struct socket *so, const struct sockaddr *sa, socklen_t len)
{
	struct ucred cr = embed_cred();
	struct so_addr nam;
	int error;

	if ((error = embed_addr(sa, len, &nam)) != 0)
		return error;
	return sobind(so, &nam, &cr);
}

int
uipc_sock_listen(struct socket *so, int backlog)
{
	struct ucred cr = embed_cred();

	return solisten(so, backlog, &cr);
}

int
uipc_sock_accept(struct socket *so, struct socket **newp, struct sockaddr *sa,
    socklen_t *len)
{
	*newp = NULL;
	if (sa != NULL && len == NULL)
		return EFAULT;
	return soaccept(so, newp, sa, len);
}

int
uipc_sock_connect(struct socket *so, const struct sockaddr *sa, socklen_t len)
{
	struct ucred cr = embed_cred();
	struct so_addr nam;
	int error;

	if ((error = embed_addr(sa, len, &nam)) != 0)
		return error;
	/* A failed connect, reported: the socket starts anew, as on Linux (so_anew). */
	if ((error = soconnect(so, &nam, &cr)) == EINVAL && so_may_anew(so) &&
	    so_anew(so) == 0)
		error = soconnect(so, &nam, &cr);
	return error;
}

int
uipc_sock_shutdown(struct socket *so, int how)
{
	return soshutdown(so, how);
}

void
uipc_sock_close(struct socket *so)
{
	if (so != NULL)
		soclose(so);
}

int
uipc_sock_send(struct socket *so, const void *buf, size_t len, int flags,
    size_t *done)
{
	struct ucred cr = embed_cred();

	if (done == NULL || (buf == NULL && len > 0))
		return EFAULT;
	return sosend(so, buf, len, flags, NULL, NULL, &cr, done);
}

int
uipc_sock_sendto(struct socket *so, const void *buf, size_t len, int flags,
    const struct sockaddr *sa, socklen_t salen, size_t *done)
{
	struct ucred cr = embed_cred();
	struct so_addr nam;
	int error;

	if (done == NULL || (buf == NULL && len > 0))
		return EFAULT;
	*done = 0;
	if (sa == NULL)
		return sosend(so, buf, len, flags, NULL, NULL, &cr, done);
	if ((error = embed_addr(sa, salen, &nam)) != 0)
		return error;
	return sosend(so, buf, len, flags, &nam, NULL, &cr, done);
}

int
uipc_sock_recv(struct socket *so, void *buf, size_t len, int flags,
    size_t *done)
{
	if (done == NULL || (buf == NULL && len > 0))
		return EFAULT;
	return soreceive(so, buf, len, flags, NULL, NULL, NULL, done, NULL);
}

int
uipc_sock_recvfrom(struct socket *so, void *buf, size_t len, int flags,
    struct sockaddr *sa, socklen_t *salen, size_t *done)
{
	if (done == NULL || (buf == NULL && len > 0) || (sa != NULL && salen == NULL))
		return EFAULT;
	return soreceive(so, buf, len, flags, sa, salen, NULL, done, NULL);
}

int
uipc_sock_setopt(struct socket *so, int level, int name, const void *val,
    socklen_t len)
{
	if (val == NULL && len > 0)
		return EFAULT;
	return sosetopt(so, level, name, val, len);
}

int
uipc_sock_getopt(struct socket *so, int level, int name, void *val,
    socklen_t *len)
{
	if (val == NULL || len == NULL)
		return EFAULT;
	return sogetopt(so, level, name, val, len);
}

int
uipc_sock_name(struct socket *so, struct sockaddr *sa, socklen_t *len)
{
	if (sa == NULL || len == NULL)
		return EFAULT;
	return sogetname(so, 0, sa, len);
}

int
uipc_sock_peername(struct socket *so, struct sockaddr *sa, socklen_t *len)
{
	if (sa == NULL || len == NULL)
		return EFAULT;
	return sogetname(so, 1, sa, len);
}

/* Something to read: data up to the low-water mark, a record, the end. */
static int
embed_readable(const struct socket *so)
{
	const struct sockbuf *sb = &so->so_rcv;
	uint32_t lowat = sb->sb_lowat > 0 ? sb->sb_lowat : 1;

	if (so->so_options & SOO_ACCEPTCONN)
		return so->so_q != NULL;
	if (so->so_state & SS_CANTRCVMORE)
		return 1;
	return sb->sb_records ? sb->sb_rec != NULL : sb->sb_cc >= lowat;
}

/*
 * Room to send.  A stream must be connected and have room in the buffer a
 * send lands in (the peer's for a UNIX stream); a datagram socket always
 * may try, since a send either goes at once or answers EWOULDBLOCK.  Once
 * sending is shut, a send answers at once (EPIPE), so it is "ready", as
 * Linux's tcp_poll says.
 */
static int
embed_writable(struct socket *so)
{
	struct iovec iov[2];
	int niov, error;

	if (so->so_state & SS_CANTSENDMORE)
		return 1;
	if (so->so_options & SOO_ACCEPTCONN)
		return 0;
	if (so->so_proto->pr_flags & PR_ATOMIC)
		return 1;
	if (!(so->so_state & SS_ISCONNECTED))
		return 0;
	error = sosend_space(so, 1, iov, &niov);
	return error != EWOULDBLOCK;
}

int
uipc_sock_poll(struct socket *so, int events)
{
	int revents = 0;

	if ((events & POLLIN) && embed_readable(so))
		revents |= POLLIN;
	if ((events & POLLOUT) && embed_writable(so))
		revents |= POLLOUT;
	if ((events & POLLPRI) && (so->so_state & SS_HAVEOOB))
		revents |= POLLPRI;
	if (so->so_error != 0)
		revents |= POLLERR;
	if ((so->so_state & (SS_CANTRCVMORE | SS_CANTSENDMORE)) ==
	    (SS_CANTRCVMORE | SS_CANTSENDMORE))
		revents |= POLLHUP;
	return revents;
}
