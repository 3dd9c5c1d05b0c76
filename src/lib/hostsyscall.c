/*
 * The library's own system calls (hostcall.h's h_* calls), made from one
 * page of code at a fixed address, UIPC_TRAMP_ADDR (trap.h): the seccomp
 * filter of "A net under the shim" (DESIGN.md) lets a socket-family call
 * through only when it is made from that page, so the shim's channel and
 * control sockets reach the host while the same calls made by glibc's
 * internals, by syscall(2) or by a static binary do not.
 *
 * Until the page is mapped (a program linking libuipc, or a machine where
 * no filter can be installed) the calls go through libc's syscall().
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/trap.h"

#if defined(__x86_64__)
/*
 * long tramp(long nr, long a, long b, long c, long d, long e, long f):
 * the System V argument registers moved to the kernel's, f from the stack.
 * Returns what the kernel did (-errno on failure).  At RESTORER_AT, the
 * signal return of the SIGSYS handler that the shim installs with the
 * raw rt_sigaction (libc's sigaction of SIGSYS is the shim's own, and
 * libc's restorer is not exported).
 */
static const unsigned char tramp_code[] = {
	0x48, 0x89, 0xf8,		/* mov %rdi,%rax */
	0x48, 0x89, 0xf7,		/* mov %rsi,%rdi */
	0x48, 0x89, 0xd6,		/* mov %rdx,%rsi */
	0x48, 0x89, 0xca,		/* mov %rcx,%rdx */
	0x4d, 0x89, 0xc2,		/* mov %r8,%r10 */
	0x4d, 0x89, 0xc8,		/* mov %r9,%r8 */
	0x4c, 0x8b, 0x4c, 0x24, 0x08,	/* mov 0x8(%rsp),%r9 */
	0x0f, 0x05,			/* syscall */
	0xc3,				/* ret */
};
static const unsigned char restorer_code[] = {
	0xb8, 0x0f, 0x00, 0x00, 0x00,	/* mov $SYS_rt_sigreturn,%eax */
	0x0f, 0x05,			/* syscall */
};
#define RESTORER_AT	64
#endif

typedef long (*tramp_fn)(long, long, long, long, long, long, long);
static tramp_fn tramp;

int
uipc_tramp_map(void)
{
#if defined(__x86_64__)
	unsigned char *p;

	if (tramp != NULL)
		return 0;
	p = mmap((void *)UIPC_TRAMP_ADDR, UIPC_TRAMP_SIZE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	if (p != (unsigned char *)UIPC_TRAMP_ADDR) {	/* a kernel before 4.17 */
		munmap(p, UIPC_TRAMP_SIZE);
		errno = EEXIST;
		return -1;
	}
	memset(p, 0xcc, UIPC_TRAMP_SIZE);		/* int3 everywhere else */
	memcpy(p, tramp_code, sizeof(tramp_code));
	memcpy(p + RESTORER_AT, restorer_code, sizeof(restorer_code));
	if (mprotect(p, UIPC_TRAMP_SIZE, PROT_READ | PROT_EXEC) < 0) {
		munmap(p, UIPC_TRAMP_SIZE);
		return -1;
	}
	__atomic_store_n(&tramp, (tramp_fn)(void *)p, __ATOMIC_RELEASE);
	return 0;
#else
	errno = ENOSYS;
	return -1;
#endif
}

int
uipc_tramp_mapped(void)
{
	return __atomic_load_n(&tramp, __ATOMIC_ACQUIRE) != NULL;
}

void *
uipc_tramp_restorer(void)
{
	return uipc_tramp_mapped() ? (void *)(UIPC_TRAMP_ADDR + RESTORER_AT) : NULL;
}

/* The kernel's answer as it is (-errno), for the SIGSYS handler. */
long
uipc_tramp_raw(long nr, long a, long b, long c, long d, long e, long f)
{
	tramp_fn t = __atomic_load_n(&tramp, __ATOMIC_ACQUIRE);
	long r;

	if (t != NULL)
		return t(nr, a, b, c, d, e, f);
	r = syscall(nr, a, b, c, d, e, f);
	return r == -1 ? -errno : r;
}

/* syscall(2)'s contract: the result, or -1 with errno. */
long
uipc_hostsyscall(long nr, ...)
{
	long a[6], r;
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	r = uipc_tramp_raw(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return -1;
	}
	return r;
}
