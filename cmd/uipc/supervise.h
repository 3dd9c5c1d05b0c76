#ifndef UIPC_CMD_SUPERVISE_H
#define UIPC_CMD_SUPERVISE_H
/*
 * uipc run's supervisor of a static program (supervise.c, DESIGN.md "A
 * net under the shim"): what its files share.
 */
#include <sys/types.h>

#define MAXBUF	65536		/* a datagram or option served at once */

/* supervise_mem.c: the program's memory; 0, or -1. */
int sv_rd(pid_t pid, unsigned long addr, void *buf, size_t len);
int sv_wr(pid_t pid, unsigned long addr, const void *buf, size_t len);

/* supervise_msg.c: a message socket's messages; the count, or -errno. */
long sv_one_msg(pid_t pid, int l, int send, unsigned long addr, int flags);
long sv_many_msgs(pid_t pid, int l, int send, unsigned long vec, unsigned int n, int flags);

/* elf_static.c */
int uipc_is_static(const char *file);

#endif
