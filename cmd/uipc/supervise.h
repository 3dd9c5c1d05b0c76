#ifndef UIPC_CMD_SUPERVISE_H
#define UIPC_CMD_SUPERVISE_H
/*
 * uipc run's supervisor of a static program (supervise.c, DESIGN.md "A
 * net under the shim"): what its files share.
 */
#include <sys/types.h>
#include <linux/seccomp.h>

#define MAXBUF	65536		/* a datagram or option served at once */

/* supervise_mem.c: the program's memory; 0, or -1. */
int sv_rd(pid_t pid, unsigned long addr, void *buf, size_t len);
int sv_wr(pid_t pid, unsigned long addr, const void *buf, size_t len);

/* supervise_fd.c: the program's descriptors and the calls' answers. */
extern int sv_listener;
int sv_take(pid_t pid, long fd);
void sv_forget(int fd);
int sv_place(const struct seccomp_notif *req, int fd, int cloexec, int answer);
int sv_place_from(const struct seccomp_notif *req, int fd, int cloexec, int answer, long min);
void sv_answer(const struct seccomp_notif *req, long val, int err, int cont);
void sv_hold(int fd);
void sv_release(void);

/*
 * supervise_msg.c: a socket's messages and their control data (the
 * descriptors and credentials they carry); the count, or -errno.
 */
struct msghdr;
long sv_msg(const struct seccomp_notif *req, int l, int send, struct msghdr *m, int flags);
long sv_one_msg(const struct seccomp_notif *req, int l, int send, unsigned long addr, int flags);
long sv_many_msgs(const struct seccomp_notif *req, int l, int send, unsigned long vec,
    unsigned int n, int flags);

/*
 * supervise_cred.c: uipcd told which of the program's processes a worker
 * speaks for; SCM_CREDENTIALS the program states, checked as the kernel
 * does (0, or -EPERM).
 */
struct ucred;
void sv_act_for(const struct seccomp_notif *req);
int sv_creds_check(const struct seccomp_notif *req, const struct ucred *uc);

/* supervise_ioctl.c: the socket ioctls; 1 if answered, 0 for the kernel. */
int sv_ioctl(const struct seccomp_notif *req, int l);
int sv_ifioctl(const struct seccomp_notif *req);

/* elf_static.c */
int uipc_is_static(const char *file);

#endif
