/*
 * The process's own pid without a getpid system call each time (issue 9:
 * ucopy.c named itself by pid on every copy, two system calls a copy).
 *
 * The pid is written in one page, at load (a constructor) and in a child
 * of fork (an atfork handler), and nowhere else.  The page is marked
 * MADV_WIPEONFORK (Linux 4.14), so a child that gets a new address space
 * without libc's fork -- a raw clone(2), syscall(SYS_clone) -- finds it
 * zeroed, and a zero pid is asked of the kernel each time.  A child that
 * shares the address space (vfork, posix_spawn, clone with CLONE_VM)
 * reads its parent's pid: for process_vm_readv and process_vm_writev that
 * is still right, since the kernel then finds the very same memory
 * (mm_access checks nothing when the mm is the caller's own); such a
 * child never writes the page, for after its exec the pid would name
 * another program's memory.  ucopy.c asks the kernel again should the
 * pid it has be gone (ESRCH).  Where the page cannot be had, every call
 * asks the kernel, as before.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"

static volatile long *pidpage;		/* NULL: none (ask each time) */

static void
store(void)
{
	if (pidpage != NULL)
		*pidpage = uipc_hostsyscall(SYS_getpid);
}

__attribute__((constructor)) static void
selfpid_init(void)
{
	void *m = (void *)uipc_hostsyscall(SYS_mmap, 0L, 4096L, (long)(PROT_READ | PROT_WRITE),
	    (long)(MAP_PRIVATE | MAP_ANONYMOUS), -1L, 0L);

	if (m == MAP_FAILED)
		return;
	if (uipc_hostsyscall(SYS_madvise, m, 4096L, (long)MADV_WIPEONFORK) < 0) {
		uipc_hostsyscall(SYS_munmap, m, 4096L);
		return;
	}
	pidpage = m;
	store();
	pthread_atfork(NULL, NULL, store);
}

long
uipc_selfpid(void)
{
	long pid;

	if (pidpage != NULL && (pid = *pidpage) != 0)
		return pid;
	return uipc_hostsyscall(SYS_getpid);
}
