#ifndef UIPC_LIB_HOSTCALL_H
#define UIPC_LIB_HOSTCALL_H
/*
 * The host kernel's calls, made as raw system calls.  Inside the preload
 * shim, the libc names (socket, sendmsg, close ...) are uipc's own, so the
 * library reaches the host through these instead, and never recurses into
 * itself.  They are made from the trampoline page (hostsyscall.c), the one
 * place whose socket calls the net under the shim lets through.
 */
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "lib/trap.h"

#define H(call, ...)	uipc_hostsyscall(SYS_##call, __VA_ARGS__)

static inline int h_socket(int d, int t, int p) { return (int)H(socket, d, t, p); }
static inline int h_socketpair(int d, int t, int p, int sv[2]) { return (int)H(socketpair, d, t, p, sv); }
static inline int h_connect(int fd, const void *a, socklen_t l) { return (int)H(connect, fd, a, l); }
static inline ssize_t h_sendmsg(int fd, const struct msghdr *m, int f) { return H(sendmsg, fd, m, f); }
static inline ssize_t h_recvmsg(int fd, struct msghdr *m, int f) { return H(recvmsg, fd, m, f); }
static inline ssize_t h_recvfrom(int fd, void *b, size_t n, int f, void *a, socklen_t *l) { return H(recvfrom, fd, b, n, f, a, l); }
static inline ssize_t h_sendto(int fd, const void *b, size_t n, int f, const void *a, socklen_t l) { return H(sendto, fd, b, n, f, a, l); }
static inline ssize_t h_readv(int fd, const struct iovec *v, int n) { return H(readv, fd, v, n); }
static inline ssize_t h_writev(int fd, const struct iovec *v, int n) { return H(writev, fd, v, n); }
static inline int h_close(int fd) { return (int)H(close, fd); }
static inline int h_dup3(int old, int new, int fl) { return (int)H(dup3, old, new, fl); }
static inline int h_shutdown(int fd, int how) { return (int)H(shutdown, fd, how); }
static inline int h_setsockopt(int fd, int l, int n, const void *v, socklen_t len) { return (int)H(setsockopt, fd, l, n, v, len); }
static inline int h_getsockopt(int fd, int l, int n, void *v, socklen_t *len) { return (int)H(getsockopt, fd, l, n, v, len); }
static inline int h_getsockname(int fd, void *a, socklen_t *l) { return (int)H(getsockname, fd, a, l); }
static inline int h_fstat(int fd, struct stat *st) { return (int)H(fstat, fd, st); }
static inline int h_fcntl(int fd, int cmd, long arg) { return (int)H(fcntl, fd, cmd, arg); }
static inline int h_ioctl(int fd, unsigned long req, void *arg) { return (int)H(ioctl, fd, req, arg); }
static inline int h_openat(int dfd, const char *p, int fl, int mode) { return (int)H(openat, dfd, p, fl, mode); }
static inline int h_mknodat(int dfd, const char *p, mode_t m, dev_t d) { return (int)H(mknodat, dfd, p, m, d); }
static inline int h_unlinkat(int dfd, const char *p, int fl) { return (int)H(unlinkat, dfd, p, fl); }

#endif
