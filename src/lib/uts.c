/*
 * The names uname(2) gives a program on uipc: its host's node name (what
 * gethostname answers) and domain name, which uipcd keeps per host
 * (CTL_UTS, ctl_uts.c), so that a program that sets one (root only) sets
 * it for every process on its host, and gethostname then answers it, as
 * on Linux.  The shim (shim_if.c) gives these the libc names.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "lib/uipc_lib.h"

/*
 * One of the host's names into name (len bytes, NUL included); *set: it
 * was set on uipc (the domain name is otherwise the machine's).  0, or -1
 * with errno (ENAMETOOLONG: it does not fit).
 */
static int
uts_get(int which, char *name, size_t len, int *set)
{
	int32_t a[4] = { which, 0, 0, 0 };
	char buf[CTL_UTS_MAXLEN + 1];
	size_t n = CTL_UTS_MAXLEN;
	struct ctl_rep rep;

	if (ctl_call(CTL_UTS, a, NULL, 0, NULL, 0, &rep, buf, &n) < 0)
		return -1;
	buf[n] = '\0';
	if (set != NULL)
		*set = rep.cp_val[0] != 0;
	if (n + 1 > len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(name, buf, n + 1);
	return 0;
}

/*
 * Linux's order (kernel/sys.c): the privilege (EPERM), the length (EINVAL),
 * then the name is read (EFAULT).  uipcd checks the privilege again: the
 * uid it knows is the one the process connected with.
 */
static int
uts_set(int which, const char *name, size_t len)
{
	int32_t a[4] = { which, 1, 0, 0 };
	char buf[CTL_UTS_MAXLEN];
	struct ctl_rep rep;

	if (geteuid() != 0) {
		errno = EPERM;
		return -1;
	}
	if ((int)len < 0 || len > CTL_UTS_MAXLEN) {
		errno = EINVAL;
		return -1;
	}
	if (uipc_copyin(buf, name, len) < 0)
		return -1;
	return ctl_call(CTL_UTS, a, buf, len, NULL, 0, &rep, NULL, NULL);
}

/* The name of the host this process is on.  0 or -1 with errno. */
int
uipc_hostname(char *name, size_t len)
{
	return uts_get(CTL_UTS_NODE, name, len, NULL);
}

/* The host's domain name once one was set on uipc; -1 ENOENT before (the machine's applies). */
int
uipc_domainname(char *name, size_t len)
{
	int set;

	if (uts_get(CTL_UTS_DOMAIN, name, len, &set) < 0)
		return -1;
	if (!set) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

int
uipc_sethostname(const char *name, size_t len)
{
	return uts_set(CTL_UTS_NODE, name, len);
}

int
uipc_setdomainname(const char *name, size_t len)
{
	return uts_set(CTL_UTS_DOMAIN, name, len);
}
