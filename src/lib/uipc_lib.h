#ifndef UIPC_LIB_UIPC_LIB_H
#define UIPC_LIB_UIPC_LIB_H
/*
 * libuipc internals shared by the client calls and the shim.
 */
#include <stdint.h>
#include <sys/socket.h>

#include "sys/ctl_proto.h"

/* What a descriptor is, as far as this process knows. */
enum fdkind {
	FD_UNKNOWN = 0,
	FD_HOST,		/* not uipc's: the host's calls apply */
	FD_STREAM,		/* a uipc stream socket: data goes straight through */
	FD_MSG,			/* a uipc message socket: framed by struct chan_msg */
};

enum fdkind uipc_fdkind(int fd);
int uipc_fdlistening(int fd);
int uipc_fdpeered(int fd);
void uipc_fdsetpeered(int fd);
int uipc_stream_unpeered(int fd, int sending, int flags);
void uipc_fdsetlistening(int fd);
int uipc_sync(int fd);
/* sock.c: a UNIX-domain address with no node to resolve (abstract, or the family alone). */
struct sockaddr;
int uipc_unnoded(const struct sockaddr *sa, socklen_t len);
int uipc_stream_eof(int fd);
int uipc_listening(int fd);
int uipc_fddomain(int fd);
int uipc_fdshrunk(int fd);
int uipc_fdlazy(int fd);
void uipc_fdsetlazy(int fd, int end);
void uipc_fdclearlazy(int fd);
int uipc_fdlazy_from(int fd);
void uipc_make_passed(const struct msghdr *m);
void uipc_fdsetshrunk(int fd, int on);
void uipc_unshrink(int fd);
void uipc_anew_carry(int fd, int keep, unsigned long oldino);
void uipc_anew_chanopts(int from, int to);
int uipc_fdconntried(int fd);
void uipc_fdset(int fd, enum fdkind k);
int uipc_fdtab_end(void);
/* msg.c: a send or receive whose msghdr is the library's, its pointers the caller's. */
ssize_t uipc_sendmsg_k(int fd, const struct msghdr *m, int flags, int user_iov);
ssize_t uipc_recvmsg_k(int fd, struct msghdr *m, int flags, int user);
/* errqueue.c: recvmsg(MSG_ERRQUEUE) on an Internet datagram socket. */
ssize_t uipc_recverr_k(int fd, struct msghdr *m, int flags, int user_iov);
/* errqueue_read.c: whether a read is one of the error queue (MSG_ERRQUEUE), and it. */
int uipc_errqueue_wanted(int fd, int flags);
ssize_t uipc_errqueue_read(int fd, struct msghdr *m, int flags, int user_iov);
/* unmade.c: -1 EPIPE (and SIGPIPE) for a send on a TCP socket never made. */
int uipc_send_unmade(int fd, int flags);

/* selfpid.c: the process's pid, kept across calls (set at load and in a fork child; MADV_WIPEONFORK). */
long uipc_selfpid(void);
/*
 * ucopy.c: the caller's memory read or written as the kernel would, a bad
 * pointer being -1 EFAULT.  uipc_copyin_iov gathers len bytes from n
 * iovecs (at most 1024) already copied in.
 */
struct iovec;
int uipc_copyin(void *dst, const void *src, size_t n);
ssize_t uipc_copyin_some(void *dst, const void *src, size_t n);
int uipc_copyout(void *dst, const void *src, size_t n);
int uipc_copyin_iov(void *dst, size_t len, const struct iovec *iov, size_t n);
int uipc_name_out(const void *name, socklen_t klen, void *uname, socklen_t *ulen);
/* sock.c: the name a read of a stream socket gives (a UNIX-domain peer's). */
int uipc_stream_name_out(int fd, void *uname, socklen_t *ulen);
/* fdtab.c: whether any socket of this process waits to be made (lazy). */
int uipc_anylazy(void);

int ctl_call(uint16_t op, const int32_t arg[4], const void *data, size_t len,
    const int *fds, int nfds, struct ctl_rep *rep, void *rdata, size_t *rlen);
/* ctl_client.c: a request decided already, sent without waiting for its answer. */
int ctl_post(uint16_t op, const int32_t arg[4], const void *data, size_t len,
    const int *fds, int nfds);
/* msg_creds.c: SCM_CREDENTIALS stated on a message socket, checked as the kernel's (0 or errno). */
int uipc_creds_check(const struct cmsghdr *c);
/* msg_inq.c: FIONREAD of a seqpacket's channel, every message's payload. */
int uipc_msg_inq(int fd, int *count);
/* ctl_client.c: a supervisor speaks for a program's process (CTL_ACTFOR). */
int uipc_act_for(pid_t pid);
#define CTL_MAXDATAV	64	/* pieces of a ctl_callv request's data */
int ctl_callv(uint16_t op, const int32_t arg[4], const struct iovec *dv, int dn,
    const int *fds, int nfds, struct ctl_rep *rep, void *rdata, size_t *rlen);

/* uts.c: the process's host's names, as uname(2) gives them. */
int uipc_hostname(char *name, size_t len);
int uipc_domainname(char *name, size_t len);
int uipc_sethostname(const char *name, size_t len);
int uipc_setdomainname(const char *name, size_t len);
/* ifhost.c: the process's host's interfaces. */
int uipc_is_ifioctl(unsigned long req);
int uipc_ifioctl(unsigned long req, void *arg);

/* rcmd.c: rresvport(3) and rcmd(3) over uipc. */
int uipc_rresvport_af(int *alport, sa_family_t af);
int uipc_rresvport(int *alport);
int uipc_rcmd_af(char **ahost, unsigned short rport, const char *locuser,
    const char *remuser, const char *cmd, int *fd2p, sa_family_t af);
int uipc_rcmd(char **ahost, unsigned short rport, const char *locuser,
    const char *remuser, const char *cmd, int *fd2p);
/* rexec.c and bindresvport.c: the other r-command routines. */
int uipc_rexec_af(char **ahost, int rport, const char *name, const char *pass,
    const char *cmd, int *fd2p, sa_family_t af);
int uipc_rexec(char **ahost, int rport, const char *name, const char *pass,
    const char *cmd, int *fd2p);
struct sockaddr_in;
int uipc_bindresvport(int sd, struct sockaddr_in *sin);

int ctl_more(struct ctl_rep *rep, void *rdata, size_t *rlen);
#define CTL_MAXRFDS	2	/* descriptors a reply may bring (ctl_call_fds) */
int ctl_call_fds(uint16_t op, const int32_t arg[4], const int *fds, int nfds,
    struct ctl_rep *rep, int *rfds, int nrfds);

/*
 * ctl_client.c: whether the uipcd this process joined is gone (its control
 * connection hung up, or it cannot be reached again).  Asked only when a
 * channel shows an end, so it costs nothing on the data path.
 */
int uipc_daemon_lost(int fd);
void uipc_ctl_closed(int fd);
void uipc_ctl_closed_range(unsigned int first, unsigned int last);

/* fdtab.c: a message socket that is a datagram one (not seqpacket). */
void uipc_fdsetdgram(int fd);
int uipc_fddgram(int fd);

/* settings.c: the settings captured at load (UIPC_*, LD_PRELOAD). */
void uipc_settings_capture(void);
const char *uipc_setting_socket(void);
int uipc_setting_socket_given(void);
const char *uipc_setting_host(void);
const char *uipc_setting_etc(void);
int uipc_setting_eager(void);
int uipc_settings(const char *const **list);

/* rcmd.c: a string and its NUL, written whole (rcmd, rexec). */
int uipc_send_str(int fd, const char *str);

#endif
