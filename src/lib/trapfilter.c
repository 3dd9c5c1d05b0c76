/*
 * The seccomp filter of "A net under the shim" (DESIGN.md).  One program
 * for both users, differing only in what a stopped call gets:
 *
 *   the shim (UIPC_TRAP_SIGSYS): SIGSYS, which its handler serves as the
 *     shim's interposed functions would (shim_trap.c);
 *   `uipc run` (UIPC_TRAP_REFUSE), installed before exec so that it holds
 *     for a program that does not load the shim: socket and socketpair
 *     fail with EAFNOSUPPORT, the answer the shim gives for a family uipc
 *     does not serve, and every other socket call with ENOTSOCK, since
 *     such a program can hold no socket of its own making;
 *   `uipc run` for a static program (UIPC_TRAP_NOTIFY): its supervisor
 *     serves the call (cmd/uipc/supervise.c).
 *
 * Both let through every call made from the trampoline page (trap.h), the
 * shim's own.  seccomp's rule that the strictest answer of all the
 * filters wins (seccomp(2): SECCOMP_RET_TRAP before SECCOMP_RET_ERRNO)
 * makes the two stack: under the shim, SIGSYS; without it, the errno.
 *
 * The calls stopped are the socket-family ones that a channel cannot carry
 * as plain bytes (DESIGN.md, "The boundary"): read, write and
 * their kin need nothing, except, for the supervisor, on the numbers where
 * it places message sockets, whose channel is framed (UIPC_MSGFD_BASE).
 *
 * rt_sigaction is not stopped, though a program making it raw (a Go
 * runtime) can then replace the shim's SIGSYS handler: glibc's posix_spawn
 * child asks for SIGSYS's disposition with every signal blocked, and a
 * trap on a blocked SIGSYS kills the process.  The shim keeps the
 * program's SIGSYS at libc's sigaction and signal instead (shim_trap.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "lib/trap.h"

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV	(1UL << 5)
#endif

#if defined(__x86_64__)

#define I386_SOCKETCALL	102	/* the i386 ABI's calls, reachable by int $0x80 */
#define I386_SOCKET_LO	359	/* socket ... shutdown */
#define I386_SOCKET_HI	373
#define X32_BIT		0x40000000

int
uipc_trap_is_socketcall(long nr)
{
	return (nr >= SYS_socket && nr <= SYS_getsockopt) || nr == SYS_accept4 ||
	    nr == SYS_recvmmsg || nr == SYS_sendmmsg;
}

/*
 * A tiny assembler: jumps name labels, resolved once the program is
 * written, so that the filter reads as the decisions it makes.
 */
enum label { L_NONE, L_ALLOW, L_CANDIDATE, L_IOCTL, L_MSGFD, L_FCNTL, L_I386, L_STOP, L_MAKE, L_X32, L_NOSYS, L_EPERM,
	L_NLABELS };

struct prog {
	struct sock_filter f[96];
	uint8_t jt[96], jf[96];		/* labels of each jump, L_NONE: fall through */
	int at[L_NLABELS];
	int n;
};

static void
op(struct prog *p, uint16_t code, uint32_t k, enum label t, enum label f)
{
	p->f[p->n] = (struct sock_filter)BPF_STMT(code, k);
	p->jt[p->n] = (uint8_t)t;
	p->jf[p->n] = (uint8_t)f;
	p->n++;
}

#define LD(p, field)	op((p), BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field), L_NONE, L_NONE)
#define RET(p, v)	op((p), BPF_RET | BPF_K, (v), L_NONE, L_NONE)
#define JEQ(p, k, t, f)	op((p), BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(p, k, t, f)	op((p), BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define JGT(p, k, t, f)	op((p), BPF_JMP | BPF_JGT | BPF_K, (k), (t), (f))
#define HERE(p, l)	((p)->at[(l)] = (p)->n)
#define LO(x)		((uint32_t)(x))
#define HI(x)		((uint32_t)((uint64_t)(x) >> 32))
/* seccomp_data's instruction pointer, a u64, in its two halves (little-endian) */
#define IP_LO		offsetof(struct seccomp_data, instruction_pointer)
#define IP_HI		(offsetof(struct seccomp_data, instruction_pointer) + 4)
#define LDK(p, off)	op((p), BPF_LD | BPF_W | BPF_ABS, (off), L_NONE, L_NONE)

static int
resolve(struct prog *p)
{
	int i, t, f;

	for (i = 0; i < p->n; i++) {
		if (BPF_CLASS(p->f[i].code) != BPF_JMP)
			continue;
		t = p->jt[i] == L_NONE ? i + 1 : p->at[p->jt[i]];
		f = p->jf[i] == L_NONE ? i + 1 : p->at[p->jf[i]];
		if (t <= i || f <= i || t - i - 1 > 255 || f - i - 1 > 255)
			return -1;	/* only forward jumps, within a byte */
		p->f[i].jt = (uint8_t)(t - i - 1);
		p->f[i].jf = (uint8_t)(f - i - 1);
	}
	return 0;
}

static void
build(struct prog *p, enum uipc_trap_mode mode)
{
	uint32_t trap = SECCOMP_RET_TRAP | UIPC_TRAP_DATA;
	uint32_t refuse_make = SECCOMP_RET_ERRNO | EAFNOSUPPORT;
	uint32_t refuse_other = SECCOMP_RET_ERRNO | ENOTSOCK;

	LD(p, arch);
	JEQ(p, AUDIT_ARCH_X86_64, L_NONE, L_I386);
	LD(p, nr);
	/* The x32 ABI's calls: no program of this library's kind makes them. */
	JGE(p, X32_BIT, L_X32, L_NONE);
	JEQ(p, SYS_io_uring_setup, L_NOSYS, L_NONE);
	JEQ(p, SYS_ioctl, L_IOCTL, L_NONE);
	if (mode == UIPC_TRAP_NOTIFY) {
		/* A message socket's data (UIPC_MSGFD_BASE, trap.h). */
		JEQ(p, SYS_read, L_MSGFD, L_NONE);
		JEQ(p, SYS_write, L_MSGFD, L_NONE);
		JEQ(p, SYS_readv, L_MSGFD, L_NONE);
		JEQ(p, SYS_writev, L_MSGFD, L_NONE);
		/* and its copies, which must stay there (dup2 and dup3 name theirs) */
		JEQ(p, SYS_dup, L_MSGFD, L_NONE);
		JEQ(p, SYS_fcntl, L_FCNTL, L_NONE);
	}
	/*
	 * The host's names are uipc's (gethostname answers uipc's): under the
	 * shim, sethostname and setdomainname by syscall(2) are served as the
	 * shim's; a supervised or refusing filter has no one to serve them,
	 * and they fail with EPERM rather than rename the machine.
	 */
	JEQ(p, SYS_sethostname, mode == UIPC_TRAP_SIGSYS ? L_CANDIDATE : L_EPERM, L_NONE);
	JEQ(p, SYS_setdomainname, mode == UIPC_TRAP_SIGSYS ? L_CANDIDATE : L_EPERM, L_NONE);
	JEQ(p, SYS_accept4, L_CANDIDATE, L_NONE);
	JEQ(p, SYS_recvmmsg, L_CANDIDATE, L_NONE);
	JEQ(p, SYS_sendmmsg, L_CANDIDATE, L_NONE);
	JGE(p, SYS_socket, L_NONE, L_ALLOW);
	JGT(p, SYS_getsockopt, L_ALLOW, L_CANDIDATE);

	/* ioctl: the socket requests only (SIOC*, 0x89xx; FIOSETOWN among them). */
	HERE(p, L_IOCTL);
	LDK(p, offsetof(struct seccomp_data, args[1]));
	/*
	 * FIONREAD too for the supervisor, on any descriptor (a rare call):
	 * a message socket's answer leaves out uipc's header, a stream's adds
	 * what uipcd still holds.  The shim interposes it instead.
	 */
	if (mode == UIPC_TRAP_NOTIFY)
		JEQ(p, FIONREAD, L_CANDIDATE, L_NONE);
	op(p, BPF_ALU | BPF_AND | BPF_K, 0xff00, L_NONE, L_NONE);
	JEQ(p, 0x8900, L_CANDIDATE, L_ALLOW);

	/* read and its kin at a message socket's numbers; the rest pass free. */
	HERE(p, L_MSGFD);
	LDK(p, offsetof(struct seccomp_data, args[0]));
	JGE(p, UIPC_MSGFD_BASE, L_CANDIDATE, L_ALLOW);

	HERE(p, L_FCNTL);
	LDK(p, offsetof(struct seccomp_data, args[0]));
	JGE(p, UIPC_MSGFD_BASE, L_NONE, L_ALLOW);
	LDK(p, offsetof(struct seccomp_data, args[1]));
	JEQ(p, F_DUPFD, L_CANDIDATE, L_NONE);
	JEQ(p, F_DUPFD_CLOEXEC, L_CANDIDATE, L_ALLOW);

	/* A socket-family call: the trampoline's pass, all others stop. */
	HERE(p, L_CANDIDATE);
	LDK(p, IP_HI);
	JEQ(p, HI(UIPC_TRAMP_ADDR), L_NONE, L_STOP);
	LDK(p, IP_LO);
	JGE(p, LO(UIPC_TRAMP_ADDR), L_NONE, L_STOP);
	JGE(p, LO(UIPC_TRAMP_ADDR + UIPC_TRAMP_SIZE), L_STOP, L_ALLOW);

	HERE(p, L_STOP);
	if (mode == UIPC_TRAP_SIGSYS) {
		RET(p, trap);
	} else if (mode == UIPC_TRAP_NOTIFY) {
		RET(p, SECCOMP_RET_USER_NOTIF);
	} else {
		LD(p, nr);
		JEQ(p, SYS_socket, L_MAKE, L_NONE);
		JEQ(p, SYS_socketpair, L_MAKE, L_NONE);
		RET(p, refuse_other);
	}

	/*
	 * The i386 ABI's socket calls, which a 64-bit program can still make
	 * with int $0x80: no handler can serve them, so they fail.
	 */
	HERE(p, L_I386);
	LD(p, nr);
	JEQ(p, I386_SOCKETCALL, L_MAKE, L_NONE);
	JGE(p, I386_SOCKET_LO, L_NONE, L_ALLOW);
	JGT(p, I386_SOCKET_HI, L_ALLOW, L_MAKE);

	HERE(p, L_MAKE);
	RET(p, refuse_make);

	HERE(p, L_EPERM);
	RET(p, SECCOMP_RET_ERRNO | EPERM);

	HERE(p, L_X32);
	RET(p, SECCOMP_RET_ERRNO | ENOSYS);

	/*
	 * io_uring's socket operations (IORING_OP_SOCKET, _CONNECT, _SENDMSG
	 * ...) are no system calls and no filter sees them: no ring, as on a
	 * kernel built without io_uring (ENOSYS), and programs fall back to
	 * the calls.
	 */
	HERE(p, L_NOSYS);
	RET(p, SECCOMP_RET_ERRNO | ENOSYS);

	HERE(p, L_ALLOW);
	RET(p, SECCOMP_RET_ALLOW);
}
/*
 * Installs the filter for every thread (TSYNC), or for this one where
 * TSYNC cannot be had.  Without CAP_SYS_ADMIN, seccomp asks for
 * no_new_privs first (seccomp(2)); it is set then, so that set-user-ID
 * programs started afterwards run without their privilege: the price of
 * the guarantee, written in DESIGN.md.
 */
int
uipc_trap_install(enum uipc_trap_mode mode)
{
	struct prog p = { .n = 0 };
	struct sock_fprog fp;
	unsigned long fl;
	long r;

	build(&p, mode);
	if (resolve(&p) < 0) {
		errno = EINVAL;
		return -1;
	}
	fp.len = (unsigned short)p.n;
	fp.filter = p.f;
	/*
	 * A listener and TSYNC do not go together; uipc run has one thread.
	 * Once the supervisor has a call, only a fatal signal ends the
	 * program's wait (WAIT_KILLABLE_RECV, Linux 5.19): a Go runtime makes
	 * socket and connect as raw calls and preempts a goroutine with
	 * SIGURG every 10 ms, and each signal would restart the call as a new
	 * one, so that a call served slower than that (a loaded machine)
	 * never ended.  Without it (an older kernel), as before.
	 */
	fl = mode == UIPC_TRAP_NOTIFY ? SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV :
	    SECCOMP_FILTER_FLAG_TSYNC;
	r = uipc_hostsyscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, fl, &fp);
	if (r < 0 && errno == EACCES) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			return -1;
		r = uipc_hostsyscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, fl, &fp);
	}
	if (r < 0 && errno == EINVAL && (fl & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)) {
		fl &= ~SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
		r = uipc_hostsyscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, fl, &fp);
	}
	if (mode == UIPC_TRAP_NOTIFY)
		return r < 0 ? -1 : (int)r;
	if (r > 0)	/* TSYNC: a thread that could not follow; this one alone */
		r = uipc_hostsyscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp);
	return r < 0 ? -1 : 0;
}

#else

int
uipc_trap_is_socketcall(long nr)
{
	(void)nr;
	return 0;
}

int
uipc_trap_install(enum uipc_trap_mode mode)
{
	(void)mode;
	errno = EINVAL;		/* the filter names x86-64's calls only */
	return -1;
}

#endif
