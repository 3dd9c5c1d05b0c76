/*
 * Copies between the caller's memory and the library's, checked the way
 * the kernel checks a system call's pointers (issues 9 and 10): a pointer
 * that does not name readable (or writable) memory gives EFAULT, never a
 * SIGSEGV or SIGBUS inside the shim.  The kernel itself does the copy,
 * with process_vm_readv/process_vm_writev on the calling process, so the
 * check is exactly its own (copy_from_user, copy_to_user) and costs one
 * system call: the pid is selfpid.c's, kept in a page every new address
 * space gets zeroed, so a raw clone's child asks the kernel.  Only what the library itself reads or writes goes through
 * here: a pointer passed on to a host call is checked there already.
 */
#include <errno.h>
#include <sys/uio.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"

/* Local iovecs to or from remote ones; the bytes moved, or -1 EFAULT. */
static ssize_t
vmcopy(int out, const struct iovec *local, size_t nl, const struct iovec *remote, size_t nr)
{
	long pid = uipc_selfpid(), now;
	ssize_t r;

	r = uipc_hostsyscall(out ? SYS_process_vm_writev : SYS_process_vm_readv, pid,
	    local, nl, remote, nr, 0);
	/*
	 * A child sharing its parent's memory (vfork, CLONE_VM) holds the
	 * parent's pid: right while the parent lives, ESRCH once it is gone.
	 */
	if (r < 0 && (errno == ESRCH || errno == EPERM) && (now = uipc_hostsyscall(SYS_getpid)) != pid)
		r = uipc_hostsyscall(out ? SYS_process_vm_writev : SYS_process_vm_readv, now,
		    local, nl, remote, nr, 0);
	if (r < 0 && errno != EFAULT && errno != ENOMEM)
		return -1;
	if (r < 0) {
		errno = EFAULT;
		return -1;
	}
	return r;
}

int
uipc_copyin(void *dst, const void *src, size_t n)
{
	struct iovec l = { dst, n }, r = { (void *)src, n };

	if (n == 0)
		return 0;
	if (vmcopy(0, &l, 1, &r, 1) != (ssize_t)n) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

/* As much of n bytes as can be read: the count (0 if none), or -1 for another error. */
ssize_t
uipc_copyin_some(void *dst, const void *src, size_t n)
{
	struct iovec l = { dst, n }, r = { (void *)src, n };
	ssize_t got;

	if (n == 0)
		return 0;
	got = vmcopy(0, &l, 1, &r, 1);
	return got < 0 && errno == EFAULT ? 0 : got;
}

int
uipc_copyout(void *dst, const void *src, size_t n)
{
	struct iovec l = { (void *)src, n }, r = { dst, n };

	if (n == 0)
		return 0;
	if (vmcopy(1, &l, 1, &r, 1) != (ssize_t)n) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

/*
 * The caller's iovecs gathered into dst (len bytes in all, summed from
 * the already copied array): 0, or -1 EFAULT when any part is unreadable.
 * One system call pair for the whole message, in place of a memcpy each.
 */
int
uipc_copyin_iov(void *dst, size_t len, const struct iovec *iov, size_t n)
{
	struct iovec l = { dst, len };

	if (len == 0)
		return 0;
	/* A partial copy stopped at the first bad byte. */
	if (vmcopy(0, &l, 1, iov, n) != (ssize_t)len) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

/*
 * A name handed back through a value-result length, as the kernel's
 * move_addr_to_user does it: the length read (EFAULT), a negative one
 * EINVAL, as much of the name as fits written, then its whole length.
 * klen 0 (a stream's sender, an unnamed peer) writes no name at all, so
 * a bad name pointer goes unnoticed, as on the kernel.
 */
int
uipc_name_out(const void *name, socklen_t klen, void *uname, socklen_t *ulen)
{
	socklen_t len;

	if (uipc_copyin(&len, ulen, sizeof(len)) < 0)
		return -1;
	if ((int)len < 0) {
		errno = EINVAL;
		return -1;
	}
	if (len > klen)
		len = klen;
	/* The name and its length written in one call, the name first (a bad one leaves the length). */
	{
		struct iovec l[2] = { { (void *)name, len }, { &klen, sizeof(klen) } };
		struct iovec r[2] = { { uname, len }, { ulen, sizeof(klen) } };

		if (vmcopy(1, l, 2, r, 2) != (ssize_t)(len + sizeof(klen))) {
			errno = EFAULT;
			return -1;
		}
	}
	return 0;
}
