#ifndef UIPC_UIPC_H
#define UIPC_UIPC_H
/*
 * The client API of uipc: the primer's calls with a uipc_ prefix.  Each
 * behaves as the libc call of the same name does on a uipc socket, and
 * returns what it returns (a result, or -1 with errno).  The preload shim
 * exports the libc names over these, so unmodified programs use them.
 *
 * The process reaches uipcd at $UIPC_SOCKET (default /run/uipc/uipcd.sock)
 * and belongs to host $UIPC_HOST (default: uipcd's first host).
 */
#include <sys/socket.h>
#include <sys/types.h>

#define UIPC_VERSION 1

int uipc_socket(int domain, int type, int protocol);
int uipc_socketpair(int domain, int type, int protocol, int sv[2]);
int uipc_bind(int fd, const struct sockaddr *sa, socklen_t len);
int uipc_listen(int fd, int backlog);
int uipc_accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags);
int uipc_connect(int fd, const struct sockaddr *sa, socklen_t len);
int uipc_shutdown(int fd, int how);
int uipc_getsockname(int fd, struct sockaddr *sa, socklen_t *len);
int uipc_getpeername(int fd, struct sockaddr *sa, socklen_t *len);
int uipc_setsockopt(int fd, int level, int name, const void *val, socklen_t len);
int uipc_getsockopt(int fd, int level, int name, void *val, socklen_t *len);
int uipc_ioctl(int fd, unsigned long req, void *arg);
ssize_t uipc_sendmsg(int fd, const struct msghdr *m, int flags);
ssize_t uipc_recvmsg(int fd, struct msghdr *m, int flags);
ssize_t uipc_sendto(int fd, const void *buf, size_t len, int flags,
    const struct sockaddr *to, socklen_t tolen);
ssize_t uipc_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from,
    socklen_t *fromlen);
/* Is fd a uipc socket?  1 yes, 0 no (a host descriptor). */
int uipc_issocket(int fd);
/* An O_PATH descriptor of a UNIX-domain name's node, resolved in the caller. */
int uipc_node(const struct sockaddr *sa, socklen_t len);

#endif
