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
 * The program keeps its own SIGSYS: libc's sigaction and signal of SIGSYS
 * are kept here (the program's handler is answered back, and called for
 * every SIGSYS that is not one of this filter's), and libc's masks never
 * block SIGSYS, since a seccomp trap on a blocked SIGSYS kills the process
 * (the kernel's force_sig_seccomp).  A raw rt_sigaction of SIGSYS (a Go
 * runtime's) does replace the shim's handler; the program's trapped calls
 * then end it with SIGSYS: they fail, they do not leak.
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
static struct sigaction prog_sys;	/* the program's SIGSYS disposition */

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
	struct sigaction a = prog_sys;
	struct ksigaction dfl = { SIG_DFL, 0, NULL, 0 };

	if (a.sa_handler == SIG_IGN && si->si_code != SYS_SECCOMP)
		return;
	if (a.sa_handler == SIG_DFL || a.sa_handler == SIG_IGN) {
		uipc_tramp_raw(SYS_rt_sigaction, SIGSYS, (long)&dfl, 0, 8, 0, 0);
		uipc_tramp_raw(SYS_tgkill, getpid(), gettid(), SIGSYS, 0, 0, 0);
		return;
	}
	if (a.sa_flags & SA_RESETHAND)
		prog_sys.sa_handler = SIG_DFL;
	if (a.sa_flags & SA_SIGINFO)
		a.sa_sigaction(sig, si, ctx);
	else
		a.sa_handler(sig);
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
 * The program's SIGSYS disposition, kept while the trap is in place and
 * answered back as the kernel would, while the shim's handler stays.
 */
int
sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	static int (*real)(int, const struct sigaction *, struct sigaction *);

	if (sig == SIGSYS && trap_active) {
		if (old != NULL)
			*old = prog_sys;
		if (act != NULL)
			prog_sys = *act;
		return 0;
	}
	if (real == NULL)
		real = (int (*)(int, const struct sigaction *, struct sigaction *))dlsym(RTLD_NEXT, "sigaction");
	return real(sig, act, old);
}

/* signal(2): glibc's is BSD's (SA_RESTART); it calls no sigaction we see. */
static sighandler_t
keep_signal(sighandler_t h, int flags)
{
	sighandler_t was = prog_sys.sa_handler;

	memset(&prog_sys, 0, sizeof(prog_sys));
	prog_sys.sa_handler = h;
	prog_sys.sa_flags = flags;
	return was;
}

sighandler_t
signal(int sig, sighandler_t h)
{
	static sighandler_t (*real)(int, sighandler_t);

	if (sig == SIGSYS && trap_active)
		return keep_signal(h, SA_RESTART);
	if (real == NULL)
		real = (sighandler_t (*)(int, sighandler_t))dlsym(RTLD_NEXT, "signal");
	return real(sig, h);
}

sighandler_t
bsd_signal(int sig, sighandler_t h)
{
	return signal(sig, h);
}

sighandler_t
sysv_signal(int sig, sighandler_t h)
{
	static sighandler_t (*real)(int, sighandler_t);

	if (sig == SIGSYS && trap_active)
		return keep_signal(h, SA_RESETHAND | SA_NODEFER);
	if (real == NULL)
		real = (sighandler_t (*)(int, sighandler_t))dlsym(RTLD_NEXT, "sysv_signal");
	return real(sig, h);
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
	struct ksigaction mine = { (void *)on_sigsys,
	    SA_SIGINFO | SA_NODEFER | SA_ONSTACK | SA_RESTORER | SA_RESTART, NULL, 0 };
	struct ksigaction was;

	if (uipc_tramp_map() < 0) {
		say(strerror(errno));
		return;
	}
	mine.restorer = uipc_tramp_restorer();
	/*
	 * Raw, from the trampoline: libc's sigaction is the shim's own, and
	 * libc's restorer is not exported.  The disposition found (the
	 * default, after exec) becomes the program's.
	 */
	if (uipc_tramp_raw(SYS_rt_sigaction, SIGSYS, (long)&mine, (long)&was, 8, 0, 0) < 0) {
		say("rt_sigaction");
		return;
	}
	prog_sys.sa_handler = (sighandler_t)was.handler;
	prog_sys.sa_flags = (int)was.flags;
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
