/*
 * The net under the shim (DESIGN.md, "A net under the shim").  LD_PRELOAD
 * sees only the calls a program makes through the dynamic linker; glibc
 * makes socket calls from inside itself (the resolver, rcmd, getaddrinfo's
 * netlink probe and address sorting, nscd's socket, if_nameindex), and a
 * program may make them with syscall(2).  At load, the shim installs a
 * seccomp filter (trapfilter.c) that stops every socket-family system call
 * not made from its own trampoline page with SIGSYS, and a handler that
 * serves the stopped call as the shim's interposed function would
 * (shim_trap_serve.c): the call reaches uipc, or fails; never the host.
 *
 * The program keeps its own SIGSYS: its rt_sigaction of SIGSYS is itself
 * stopped and served here (the program's handler is kept, answered back,
 * and called for every SIGSYS that is not one of this filter's), and its
 * libc masks never block SIGSYS, since a seccomp trap on a blocked SIGSYS
 * kills the process (the kernel's force_sig_seccomp).
 *
 * Where no filter can be installed, the shim says so once on standard
 * error and works as it did before: interposition only.
 */
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "lib/trap.h"

#ifndef SA_RESTORER
#define SA_RESTORER	0x04000000
#endif
#ifndef SYS_SECCOMP
#define SYS_SECCOMP	1
#endif

long uipc_trap_serve(long nr, const long a[6]);

/* The kernel's struct sigaction (x86-64), as rt_sigaction takes it. */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

static int trap_active;
static volatile sig_atomic_t probing, probe_hit;
static struct ksigaction prog_sys;	/* the program's SIGSYS disposition */

int
uipc_trap_active(void)
{
	return trap_active;
}

static void
say(const char *why)
{
	char line[256];
	int n;

	n = snprintf(line, sizeof(line), "uipc: %s: no seccomp trap in this program "
	    "(%s); glibc's internal and raw socket calls are not uipc's\n",
	    program_invocation_short_name, why);
	if (n > 0)
		(void)!write(2, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/*
 * A SIGSYS that is not the filter's: the program's handler, or what its
 * absence means (the default action: the process ends with a core).
 */
static void
pass_on(int sig, siginfo_t *si, void *ctx)
{
	struct ksigaction a = prog_sys, dfl = { SIG_DFL, 0, NULL, 0 };

	if (a.handler == SIG_IGN && si->si_code != SYS_SECCOMP)
		return;
	if (a.handler == SIG_DFL || a.handler == SIG_IGN) {
		uipc_tramp_raw(SYS_rt_sigaction, SIGSYS, (long)&dfl, 0, 8, 0, 0);
		uipc_tramp_raw(SYS_tgkill, getpid(), gettid(), SIGSYS, 0, 0, 0);
		return;
	}
	if (a.flags & SA_RESETHAND)
		prog_sys.handler = SIG_DFL;
	if (a.flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))a.handler)(sig, si, ctx);
	else
		((void (*)(int))a.handler)(sig);
}

static void
on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	long a[6];
	int e = errno;

	if (si->si_code != SYS_SECCOMP || si->si_errno != UIPC_TRAP_DATA) {
		pass_on(sig, si, ctx);
		errno = e;
		return;
	}
	if (probing) {
		probe_hit = 1;
		g[REG_RAX] = -EBADF;
		return;
	}
	a[0] = g[REG_RDI], a[1] = g[REG_RSI], a[2] = g[REG_RDX];
	a[3] = g[REG_R10], a[4] = g[REG_R8], a[5] = g[REG_R9];
	g[REG_RAX] = uipc_trap_serve(si->si_syscall, a);
	errno = e;
}

/*
 * The program's rt_sigaction of SIGSYS, stopped by the filter: kept, and
 * answered as the kernel would, while the shim's handler stays.
 */
long
uipc_trap_sigaction(long sig, const void *act, void *old, long setsize)
{
	struct ksigaction a;

	if (sig != SIGSYS)	/* the filter stops SIGSYS's only */
		return uipc_tramp_raw(SYS_rt_sigaction, sig, (long)act, (long)old, setsize, 0, 0);
	if (setsize != 8)
		return -EINVAL;
	if (act != NULL)
		memcpy(&a, act, sizeof(a));
	if (old != NULL)
		memcpy(old, &prog_sys, sizeof(prog_sys));
	if (act != NULL)
		prog_sys = a;
	return 0;
}

/* libc's masks: SIGSYS is never blocked while the trap is in place. */
static const sigset_t *
without_sigsys(int how, const sigset_t *set, sigset_t *copy)
{
	if (!trap_active || set == NULL || how == SIG_UNBLOCK || !sigismember(set, SIGSYS))
		return set;
	*copy = *set;
	sigdelset(copy, SIGSYS);
	return copy;
}

int
sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	static int (*real)(int, const sigset_t *, sigset_t *);
	sigset_t copy;

	if (real == NULL)
		real = (int (*)(int, const sigset_t *, sigset_t *))dlsym(RTLD_NEXT, "sigprocmask");
	return real(how, without_sigsys(how, set, &copy), old);
}

int
pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	static int (*real)(int, const sigset_t *, sigset_t *);
	sigset_t copy;

	if (real == NULL)
		real = (int (*)(int, const sigset_t *, sigset_t *))dlsym(RTLD_NEXT, "pthread_sigmask");
	return real(how, without_sigsys(how, set, &copy), old);
}

/*
 * At load, before the program runs.  A filter of this kind may already be
 * in place, inherited across exec from a parent on uipc (filters cannot be
 * removed): a probe call from outside the trampoline then comes back to
 * the handler, and no second filter is stacked.
 */
__attribute__((constructor)) static void
trap_init(void)
{
#if defined(__x86_64__)
	struct ksigaction mine = { (void *)on_sigsys, SA_SIGINFO | SA_NODEFER | SA_RESTORER | SA_RESTART, NULL, 0 };

	if (uipc_tramp_map() < 0) {
		say(strerror(errno));
		return;
	}
	mine.restorer = uipc_tramp_restorer();
	if (uipc_tramp_raw(SYS_rt_sigaction, SIGSYS, (long)&mine, (long)&prog_sys, 8, 0, 0) < 0) {
		say("rt_sigaction");
		return;
	}
	probing = 1;
	(void)syscall(SYS_getsockname, -1, NULL, NULL);
	probing = 0;
	if (!probe_hit && uipc_trap_install(UIPC_TRAP_SIGSYS) < 0) {
		say(strerror(errno));
		return;
	}
	trap_active = 1;
#else
	say("not x86-64");
#endif
}
