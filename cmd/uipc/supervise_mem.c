/*
 * The supervised program's memory, read and written as its calls need
 * (process_vm_readv(2); Yama allows it for a child).
 */
#include <sys/uio.h>

#include "supervise.h"

/* The program's memory. */
int
sv_rd(pid_t pid, unsigned long addr, void *buf, size_t len)
{
	struct iovec l = { buf, len }, r = { (void *)addr, len };

	if (len == 0)
		return 0;
	return process_vm_readv(pid, &l, 1, &r, 1, 0) == (ssize_t)len ? 0 : -1;
}

int
sv_wr(pid_t pid, unsigned long addr, const void *buf, size_t len)
{
	struct iovec l = { (void *)buf, len }, r = { (void *)addr, len };

	if (len == 0)
		return 0;
	return process_vm_writev(pid, &l, 1, &r, 1, 0) == (ssize_t)len ? 0 : -1;
}
