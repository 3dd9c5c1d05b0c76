#ifndef UIPC_LIB_TRAP_H
#define UIPC_LIB_TRAP_H
/*
 * The net under the shim (DESIGN.md, "A net under the shim"): a seccomp
 * filter that lets through the socket-family system calls made from one
 * page of code at a fixed address (the trampoline, hostsyscall.c) and
 * stops every other one, wherever in the program it was made.
 */
#include <stdint.h>

/*
 * The trampoline page.  Fixed, not wherever the library happens to load:
 * a filter outlives exec, so the filter a parent installed must still name
 * the trampoline of the child's shim, and `uipc run` installs its filter
 * before the program (and the shim) is loaded at all.  Far from where
 * Linux places programs, their heaps (0x55..-0x56..) and mappings
 * (0x7f..), and from ASan's shadow.
 */
#define UIPC_TRAMP_ADDR		0x5d7500000000UL
#define UIPC_TRAMP_SIZE		4096UL

/*
 * A static program's message sockets (UIPC_TRAP_NOTIFY): their channel is
 * framed, so read, write, readv and writev on them must be served, while a
 * stream's bytes go through the channel as they are and must cost
 * nothing.  A filter sees numbers, not sockets: the supervisor places
 * every message socket at a number of at least this, and the filter stops
 * those calls only there.  Below FD_SETSIZE (select) and the usual soft
 * RLIMIT_NOFILE of 1024, above what programs commonly hold.
 */
#define UIPC_MSGFD_BASE		768

/*
 * Where the shim's control connection lives (ctl_client.c): high, so that
 * the program's lowest free numbers stay its own; above the message
 * sockets' numbers of a static program (which has no shim), below 1024.
 */
#define UIPC_CTLFD_BASE		960

/* SECCOMP_RET_DATA of the shim's traps: si_errno of its SIGSYS ("ui"). */
#define UIPC_TRAP_DATA		0x7569

enum uipc_trap_mode {
	UIPC_TRAP_SIGSYS,	/* the shim's: SIGSYS, served by its handler */
	UIPC_TRAP_REFUSE,	/* uipc run's: fail (EAFNOSUPPORT, ENOTSOCK) */
	UIPC_TRAP_NOTIFY,	/* uipc run's for a static program: its supervisor serves */
};

/* hostsyscall.c */
int uipc_tramp_map(void);
int uipc_tramp_mapped(void);
long uipc_tramp_raw(long nr, long a, long b, long c, long d, long e, long f);
void *uipc_tramp_restorer(void);
long uipc_hostsyscall(long nr, ...);

/*
 * trapfilter.c: 0 (UIPC_TRAP_NOTIFY: the listener descriptor), or -1 with
 * errno (EINVAL where no filter can exist).
 */
int uipc_trap_install(enum uipc_trap_mode mode);
int uipc_trap_is_socketcall(long nr);

#endif
