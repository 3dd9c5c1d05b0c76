/*
 * CTL_ACTFOR: `uipc run`'s supervisor speaks for the static program whose
 * call it serves (DESIGN.md, "A net under the shim").  The supervisor
 * makes the program's sockets and sends its messages over its own control
 * connection, whose SO_PEERCRED names the supervisor; so without this a
 * static program's SCM_CREDENTIALS and SO_PEERCRED carried `uipc run`'s
 * pid.  After CTL_ACTFOR the connection's requests act with that pid
 * (struct proc's p_as), uid and gid staying the connection's own.
 *
 * A claimed pid must not be any process's (DESIGN.md, "Trust no
 * process"): Linux lets a process state only its own pid in
 * SCM_CREDENTIALS without CAP_SYS_ADMIN (scm_check_creds).  uipcd takes
 * a claim only for a process the caller could make say anything anyway:
 *
 *   - a process (a thread group's leader: the pid SCM_CREDENTIALS name);
 *   - whose real, effective and saved uid and gid are the caller's
 *     (SO_PEERCRED's uid and gid, the caller's effective ones): so no
 *     set-user-ID program, nor another user's;
 *   - which descends from the caller (its PPid chain, /proc, reaches the
 *     caller's pid).
 *
 * That is what ptrace(2) allows the caller over the process under Yama's
 * default ptrace_scope 1 (a descendant, the same credentials), and what
 * the supervisor already uses (process_vm_readv and pidfd_getfd need it):
 * a client that claims its child's pid could as well make the child send.
 * The program is `uipc run`'s child and what it forks its descendants, so
 * every supervised process passes.  A descendant whose parent died is
 * re-parented away from the supervisor and fails the check: its messages
 * then carry the supervisor's pid, as before (DESIGN.md).
 *
 * Cost: reading /proc once per generation between the process and its
 * supervisor, at each change of the process a connection speaks for (the
 * supervisor asks only then); nothing on any other request, and nothing
 * at all for a program under the shim.
 */
#include <errno.h>

#include "base/proc_status.h"
#include "sys/uipcd.h"

/* Generations walked from the process up to its supervisor, at most. */
#define ACTFOR_DEPTH	64

struct pstatus {
	unsigned long long tgid, ppid;
	unsigned long long uid[3], gid[3];	/* real, effective, saved */
};

/* /proc/PID/status: 0, or ESRCH (no such process, or not readable). */
static int
pstatus(long pid, struct pstatus *ps)
{
	char buf[PROC_STATUS_MAX];

	if (proc_status_read(pid, buf, sizeof(buf)) < 0 ||
	    proc_status_field(buf, "Tgid", &ps->tgid, 1, 10) < 0 ||
	    proc_status_field(buf, "PPid", &ps->ppid, 1, 10) < 0 ||
	    proc_status_field(buf, "Uid", ps->uid, 3, 10) < 0 ||
	    proc_status_field(buf, "Gid", ps->gid, 3, 10) < 0)
		return ESRCH;
	return 0;
}

/* May the caller with credentials CR speak for process PID?  0, EPERM or ESRCH. */
static int
actfor_check(const struct ucred *cr, long pid)
{
	struct pstatus ps;
	unsigned long long up;
	int i, error;

	if ((error = pstatus(pid, &ps)) != 0)
		return error;
	if (ps.tgid != (unsigned long long)pid)
		return ESRCH;		/* a thread's id: no process has that pid */
	for (i = 0; i < 3; i++)
		if (ps.uid[i] != cr->uid || ps.gid[i] != cr->gid)
			return EPERM;
	for (i = 0, up = ps.ppid; i < ACTFOR_DEPTH && up > 1; i++) {
		if (up == (unsigned long long)cr->pid)
			return 0;
		if (pstatus((long)up, &ps) != 0)
			return EPERM;	/* the chain broke while walked */
		up = ps.ppid;
	}
	return EPERM;
}

void
ctl_actfor(struct proc *p, const struct ctl_req *rq)
{
	long pid = rq->cr_arg[0];
	int error = 0;

	/* Itself again, also when refused: a refused claim keeps no earlier one. */
	p->p_as.pid = p->p_cred.pid;
	if (pid > 0 && pid != (long)p->p_cred.pid && (error = actfor_check(&p->p_cred, pid)) == 0)
		p->p_as.pid = (pid_t)pid;
	proc_reply(p, rq->cr_op, rq->cr_seq, error, NULL, NULL, 0, 0);
}
