/*
 * The process's own pid without a getpid system call each time (issue 9:
 * ucopy.c named itself by pid on every copy, two system calls a copy).
 *
 * The pid is kept in one page marked MADV_WIPEONFORK (Linux 4.14): the
 * kernel hands any child that gets a new address space -- fork, a raw
 * clone(2) or syscall(SYS_clone) that libc never sees, so no atfork
 * handler would run -- that page zeroed, and a zero pid is fetched
 * afresh.  A child that shares the address space (vfork, posix_spawn,
 * clone with CLONE_VM) keeps the parent's pid; for process_vm_readv and
 * process_vm_writev that is still right, since the kernel then finds the
 * very same memory (mm_access checks nothing when the mm is the caller's
 * own), and ucopy.c asks again should the parent be gone (ESRCH).
 * Where the page cannot be had, every call asks the kernel, as before.
 */
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"

#define PAGE_NONE	((long *)1)	/* no page: ask each time */

static _Atomic(long *) pidpage;		/* NULL: not yet made */

static long *
page(void)
{
	long *p = atomic_load_explicit(&pidpage, memory_order_acquire), *want = NULL;
	void *m;

	if (p != NULL)
		return p;
	m = (void *)uipc_hostsyscall(SYS_mmap, 0L, 4096L, (long)(PROT_READ | PROT_WRITE),
	    (long)(MAP_PRIVATE | MAP_ANONYMOUS), -1L, 0L);
	if (m == MAP_FAILED)
		p = PAGE_NONE;
	else if (uipc_hostsyscall(SYS_madvise, m, 4096L, (long)MADV_WIPEONFORK) < 0) {
		uipc_hostsyscall(SYS_munmap, m, 4096L);
		p = PAGE_NONE;
	} else
		p = m;
	/* Two threads at once: the first page stays, the other goes. */
	if (!atomic_compare_exchange_strong(&pidpage, &want, p)) {
		if (p != PAGE_NONE)
			uipc_hostsyscall(SYS_munmap, p, 4096L);
		p = want;
	}
	return p;
}

long
uipc_selfpid(void)
{
	long *p = page(), pid;

	if (p != PAGE_NONE && (pid = atomic_load_explicit((_Atomic long *)p, memory_order_relaxed)) != 0)
		return pid;
	return uipc_selfpid_refresh();
}

/* The pid asked of the kernel, and kept. */
long
uipc_selfpid_refresh(void)
{
	long *p = page(), pid = uipc_hostsyscall(SYS_getpid);

	if (p != PAGE_NONE)
		atomic_store_explicit((_Atomic long *)p, pid, memory_order_relaxed);
	return pid;
}
