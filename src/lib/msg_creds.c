/*
 * SCM_CREDENTIALS a program states on a uipc message socket.  uipcd gives
 * the receiver the sender's own credentials (the control connection's,
 * or, for a static program, those of the process its supervisor speaks
 * for: CTL_ACTFOR), so what is stated is only checked here, as the
 * kernel checks it before it sends anything (__scm_send, scm_check_creds):
 * a control message of the exact length (EINVAL), naming the sender's own
 * pid unless it has CAP_SYS_ADMIN, one of its real, effective or saved
 * uids unless CAP_SETUID, one of its gids unless CAP_SETGID (EPERM).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>

#include "lib/uipc_lib.h"

/* Whether the process has capability CAP in its effective set. */
static int
capable(int cap)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return 0;
	return (d[cap / 32].effective >> (cap % 32)) & 1;
}

int
uipc_creds_check(const struct cmsghdr *c)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	struct ucred uc;

	if (c->cmsg_len != CMSG_LEN(sizeof(uc)))
		return EINVAL;
	memcpy(&uc, CMSG_DATA(c), sizeof(uc));
	if (getresuid(&r, &e, &s) < 0 || getresgid(&gr, &ge, &gs) < 0)
		return EPERM;
	if (uc.pid != (pid_t)uipc_selfpid() && !capable(CAP_SYS_ADMIN))
		return EPERM;
	if (uc.uid != r && uc.uid != e && uc.uid != s && !capable(CAP_SETUID))
		return EPERM;
	if (uc.gid != gr && uc.gid != ge && uc.gid != gs && !capable(CAP_SETGID))
		return EPERM;
	return 0;
}
