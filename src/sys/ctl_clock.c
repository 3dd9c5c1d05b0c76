/*
 * The system's wall clock and the host settings programs see.
 *
 * Programs on uipc read the wall clock as the machine's plus an offset
 * that uipcd holds and that only moves forward, by `uipc clock` (root
 * only), so that a test can age a status, a TIME_WAIT or a keepalive
 * without waiting.  The offset lives in a page beside the control socket
 * (SOCKET.clock, ctl_proto.h) that processes map read-only: reading the
 * clock costs them no request.  uipcd's own clock jumps by the same
 * amount, so every protocol timer due by then fires in the next turn.
 *
 * CTL_HOSTINFO gives a process its host's configured boot time, load
 * averages and users (host_settings.h) as times of the system's clock.
 */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/clock.h"
#include "stack/stack.h"
#include "sys/uipcd.h"

#define CLOCK_PAGE_SIZE	4096

/* Whether a uipcd answers at the control socket path. */
static int
uipcd_answers(const char *path)
{
	struct sockaddr_un sun;
	int fd, ok;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0)
		return 0;
	ok = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return ok;
}

/*
 * Makes the clock page for the control socket at path, offset zero, and
 * notes uipcd's start (the instant the configuration's ages refer to).
 * Returns 0 or an errno.
 */
int
uipcd_clock_init(struct uipcd *d, const char *path)
{
	char file[sizeof(d->d_path) + sizeof(CLOCK_PAGE_SUFFIX)];
	struct clock_page *cp;
	int fd, e;

	d->d_start_wall_ns = clock_machine_wall_ns();
	if (snprintf(file, sizeof(file), "%s%s", path, CLOCK_PAGE_SUFFIX) >= (int)sizeof(file))
		return ENAMETOOLONG;
	if (uipcd_answers(path))
		return EADDRINUSE;	/* another uipcd's page: leave it */
	unlink(file);	/* a page left by a uipcd that died: never shared */
	if ((fd = open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
		return errno;
	fchmod(fd, 0644);	/* whatever the umask: every program reads it */
	if (ftruncate(fd, CLOCK_PAGE_SIZE) < 0) {
		e = errno;
		close(fd);
		return e;
	}
	cp = mmap(NULL, CLOCK_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	e = errno;
	close(fd);
	if (cp == MAP_FAILED)
		return e;
	cp->cp_offset_ns = 0;
	__atomic_store_n(&cp->cp_magic, CLOCK_PAGE_MAGIC, __ATOMIC_RELEASE);
	d->d_clockpage = cp;
	snprintf(d->d_clockfile, sizeof(d->d_clockfile), "%s", file);
	return 0;
}

void
uipcd_clock_fini(struct uipcd *d)
{
	if (d->d_clockpage == NULL)
		return;
	unlink(d->d_clockfile);
	munmap(d->d_clockpage, CLOCK_PAGE_SIZE);
	d->d_clockpage = NULL;
}

static void
op_clock(struct proc *p, const struct ctl_req *rq)
{
	struct uipcd *d = p->p_d;
	int32_t secs = rq->cr_arg[0], val[4] = { 0 };
	int64_t ns;

	if (secs < 0) {
		proc_reply(p, rq->cr_op, rq->cr_seq, EINVAL, NULL, NULL, 0, 0);
		return;
	}
	if (secs > 0 && p->p_cred.uid != 0) {
		proc_reply(p, rq->cr_op, rq->cr_seq, EPERM, NULL, NULL, 0, 0);
		return;
	}
	if (secs > 0) {
		ns = (int64_t)secs * (int64_t)NS_PER_SEC;
		d->d_clock_offset_ns += ns;
		if (d->d_clockpage != NULL)
			__atomic_store_n(&d->d_clockpage->cp_offset_ns,
			    d->d_clock_offset_ns, __ATOMIC_RELEASE);
		/* uipcd's timers take the same jump: all due by then fire. */
		clock_jump(d->d_stack->st_clock, (uint64_t)ns);
	}
	val[0] = (int32_t)(d->d_clock_offset_ns / (int64_t)NS_PER_SEC);
	val[1] = (int32_t)(d->d_clock_offset_ns % (int64_t)NS_PER_SEC);
	proc_reply(p, rq->cr_op, rq->cr_seq, 0, val, NULL, 0, 0);
}

static void
op_hostinfo(struct proc *p, const struct ctl_req *rq)
{
	const struct host_settings *hs = &p->p_host->h_settings;
	/* The instant the configuration's ages refer to ("ages at"). */
	int64_t start = p->p_d->d_start_wall_ns / (int64_t)NS_PER_SEC + p->p_d->d_ages_at;
	struct ctl_hostinfo hi;
	size_t len;
	unsigned i;

	memset(&hi, 0, sizeof(hi));
	if (hs->hs_flags & (HS_BOOT_AT | HS_UPTIME)) {
		hi.hi_flags |= HI_BOOT;
		hi.hi_boottime = (hs->hs_flags & HS_BOOT_AT) ? hs->hs_boot : start - hs->hs_boot;
	}
	if (hs->hs_flags & HS_LOAD) {
		hi.hi_flags |= HI_LOAD;
		memcpy(hi.hi_load, hs->hs_load, sizeof(hi.hi_load));
	}
	if (hs->hs_flags & HS_USERS) {
		hi.hi_flags |= HI_USERS;
		hi.hi_nusers = hs->hs_nusers < HI_MAXUSERS ? hs->hs_nusers : HI_MAXUSERS;
		for (i = 0; i < hi.hi_nusers; i++) {
			const struct host_user *u = &hs->hs_users[i];

			memcpy(hi.hi_users[i].hu_name, u->hu_name, HI_NAMELEN);
			memcpy(hi.hi_users[i].hu_line, u->hu_line, HI_NAMELEN);
			hi.hi_users[i].hu_login = start - u->hu_login_ago;
			hi.hi_users[i].hu_active = start - u->hu_idle;
		}
	}
	len = offsetof(struct ctl_hostinfo, hi_users) + hi.hi_nusers * sizeof(hi.hi_users[0]);
	proc_reply(p, rq->cr_op, rq->cr_seq, 0, NULL, &hi, len, 0);
}

void
ctl_clock(struct proc *p, const struct ctl_req *rq)
{
	if (rq->cr_op == CTL_CLOCK)
		op_clock(p, rq);
	else
		op_hostinfo(p, rq);
}
