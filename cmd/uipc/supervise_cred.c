/*
 * A supervised static program's credentials.  uipcd takes a socket's
 * maker and a message's sender from the control connection, here the
 * supervisor's worker's: before serving a call the worker tells uipcd
 * which process of the program it speaks for (uipc_act_for, CTL_ACTFOR,
 * checked by uipcd: src/sys/ctl_actfor.c), so SO_PEERCRED and
 * SCM_CREDENTIALS name the program's pid, as for a program under the
 * shim.  And SCM_CREDENTIALS the program states on a message socket are
 * checked as the kernel checks them (scm_check_creds), since uipcd never
 * sees them: its own pid (or CAP_SYS_ADMIN), one of its uids (or
 * CAP_SETUID), one of its gids (or CAP_SETGID); else EPERM.
 */
#include <errno.h>
#include <linux/capability.h>

#include "supervise.h"
#include "base/proc_status.h"
#include "lib/uipc_lib.h"

struct status {
	unsigned long long tgid;
	unsigned long long uid[3], gid[3];	/* real, effective, saved */
	unsigned long long capeff;
};

/* /proc/TID/status of the calling thread: 0, or -1. */
static int
status_of(pid_t tid, struct status *st)
{
	char buf[PROC_STATUS_MAX];

	if (proc_status_read(tid, buf, sizeof(buf)) < 0 ||
	    proc_status_field(buf, "Tgid", &st->tgid, 1, 10) < 0 ||
	    proc_status_field(buf, "Uid", st->uid, 3, 10) < 0 ||
	    proc_status_field(buf, "Gid", st->gid, 3, 10) < 0 ||
	    proc_status_field(buf, "CapEff", &st->capeff, 1, 16) < 0)
		return -1;
	return 0;
}

/*
 * The process of the calling thread TID (a notification names the
 * thread): the last one asked is kept per worker, since a program's calls
 * mostly come from one thread.  A thread id taken again by a new process
 * (only once the pid space has wrapped) would be taken for the old
 * process while this worker served nothing from it meanwhile; uipcd
 * still checks whatever is claimed.
 */
static pid_t
process_of(pid_t tid)
{
	static __thread pid_t last_tid, last_pid;
	struct status st;

	if (tid != last_tid) {
		if (status_of(tid, &st) < 0)
			return -1;
		last_tid = tid;
		last_pid = (pid_t)st.tgid;
	}
	return last_pid;
}

void
sv_act_for(const struct seccomp_notif *req)
{
	pid_t pid = process_of((pid_t)req->pid);

	/* Refused or unknown: uipcd sees the supervisor, as before (DESIGN.md). */
	if (pid > 0)
		(void)uipc_act_for(pid);
}

/* Whether a one-bit capability CAP is in the effective set CAPS. */
static int
capable(unsigned long long caps, int cap)
{
	return (caps >> cap) & 1;
}

int
sv_creds_check(const struct seccomp_notif *req, const struct ucred *uc)
{
	struct status st;
	int i, uid_ok = 0, gid_ok = 0;

	if (status_of((pid_t)req->pid, &st) < 0)
		return -ESRCH;
	for (i = 0; i < 3; i++) {
		uid_ok |= uc->uid == st.uid[i];
		gid_ok |= uc->gid == st.gid[i];
	}
	if ((unsigned long long)(long)uc->pid != st.tgid && !capable(st.capeff, CAP_SYS_ADMIN))
		return -EPERM;
	if (!uid_ok && !capable(st.capeff, CAP_SETUID))
		return -EPERM;
	if (!gid_ok && !capable(st.capeff, CAP_SETGID))
		return -EPERM;
	return 0;
}
