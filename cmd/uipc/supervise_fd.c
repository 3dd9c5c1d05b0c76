/*
 * The supervised program's descriptors, as the supervisor sees them: a
 * copy of one taken (pidfd_getfd), and one of the supervisor's placed in
 * the program (SECCOMP_IOCTL_NOTIF_ADDFD).  A message socket goes at a
 * number of at least UIPC_MSGFD_BASE (trap.h), where the filter stops
 * read, write and their kin so that the supervisor frames them; every
 * other descriptor goes where the kernel would put it, so a stream's data
 * is never stopped.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/seccomp.h>

#include "supervise.h"
#include "lib/trap.h"
#include "lib/uipc_lib.h"

int sv_listener = -1;

#ifndef PIDFD_THREAD
#define PIDFD_THREAD	O_EXCL	/* Linux 6.9: a pidfd for any thread */
#endif

/* Most numbers tried for a free one: bounds the search. */
#define MSGFD_TRIES	65536

/* A pidfd of the calling thread (or its process, before Linux 6.9). */
static int
pidfd(pid_t pid)
{
	int pfd;

	if ((pfd = (int)syscall(SYS_pidfd_open, pid, PIDFD_THREAD)) < 0)
		pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	return pfd;
}

/*
 * What each socket is, by its inode: a copy taken gets a new number here
 * at every call, and libuipc would ask uipcd again each time (CTL_IDENTIFY,
 * a round trip).  A socket's inode is its own while it is open (sockfs
 * numbers them in turn), and its kind never changes.  Direct-mapped; a
 * collision only costs a question again.
 */
#define KINDS	4096

static struct {
	ino_t ino;
	uint8_t kind, dgram;
} kinds[KINDS];
static pthread_mutex_t kinds_lock = PTHREAD_MUTEX_INITIALIZER;

/* Tells libuipc what copy L is, from the table or by asking once. */
static void
classify(int l)
{
	struct stat st;
	enum fdkind k;
	size_t i;
	int known;

	if (fstat(l, &st) < 0 || !S_ISSOCK(st.st_mode))
		return;		/* libuipc sees that for itself, without uipcd */
	i = (size_t)st.st_ino % KINDS;
	pthread_mutex_lock(&kinds_lock);
	known = kinds[i].ino == st.st_ino && kinds[i].kind != FD_UNKNOWN;
	k = (enum fdkind)kinds[i].kind;
	if (known) {
		uipc_fdset(l, k);
		if (kinds[i].dgram)
			uipc_fdsetdgram(l);
	}
	pthread_mutex_unlock(&kinds_lock);
	if (known || (k = uipc_fdkind(l)) == FD_UNKNOWN)
		return;		/* FD_UNKNOWN: uipcd could not say; not kept */
	pthread_mutex_lock(&kinds_lock);
	kinds[i].ino = st.st_ino;
	kinds[i].kind = (uint8_t)k;
	kinds[i].dgram = (uint8_t)uipc_fddgram(l);
	pthread_mutex_unlock(&kinds_lock);
}

int
sv_take(pid_t pid, long fd)
{
	int pfd, l;

	if ((pfd = pidfd(pid)) < 0)
		return -1;
	l = (int)syscall(SYS_pidfd_getfd, pfd, (int)fd, 0);
	close(pfd);
	if (l >= 0)
		classify(l);
	return l;
}

void
sv_forget(int fd)
{
	uipc_fdset(fd, FD_UNKNOWN);
	close(fd);
}

/*
 * The program's descriptor a worker took for the call it serves (serve()):
 * closed before the call is answered, so that the program, once resumed,
 * holds the only copy.  Closed after, a close the program made next would
 * leave the channel open in this process for a moment, and uipcd would not
 * see it: a datagram socketpair's write to the closed peer succeeded
 * instead of ECONNREFUSED, under load.
 */
static __thread int sv_held = -1;

void
sv_hold(int fd)
{
	sv_held = fd;
}

void
sv_release(void)
{
	if (sv_held >= 0) {
		sv_forget(sv_held);
		sv_held = -1;
	}
}

/*
 * The program's soft RLIMIT_NOFILE.  prlimit(2) may read another process's
 * limits only with CAP_SYS_RESOURCE or the same ids, so once a program
 * that `uipc run` started as root drops to another user (a daemon's
 * setuid) a supervisor without that capability is refused; the same
 * figure is in /proc/PID/limits, which anyone may read (proc(5)).
 */
static int
prog_nofile(pid_t pid, rlim_t *cur)
{
	char path[64], line[256];
	unsigned long long v;
	struct rlimit rl;
	FILE *f;
	int found = 0;

	if (prlimit(pid, RLIMIT_NOFILE, NULL, &rl) == 0) {
		*cur = rl.rlim_cur;
		return 0;
	}
	if (errno != EPERM)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/limits", (int)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "Max open files", 14) != 0)
			continue;
		if (sscanf(line + 14, "%llu", &v) == 1) {
			*cur = (rlim_t)v;
			found = 1;
		} else if (strncmp(line + 14 + strspn(line + 14, " "), "unlimited", 9) == 0) {
			*cur = RLIM_INFINITY;
			found = 1;
		}
	}
	fclose(f);
	if (!found)
		errno = EPERM;
	return found ? 0 : -1;
}

/*
 * The lowest number of the program's from UIPC_MSGFD_BASE (or MIN) up that
 * is free and under its RLIMIT_NOFILE (a number taken shows as a copy
 * here); -1 EMFILE when there is none, EINVAL when MIN is past the limit
 * (F_DUPFD's answers).
 */
static int
free_msgfd(pid_t pid, long min)
{
	struct rlimit rl;
	long lim, n;
	int pfd, c;

	if (prog_nofile(pid, &rl.rlim_cur) < 0 || (pfd = pidfd(pid)) < 0)
		return -1;
	if (min < UIPC_MSGFD_BASE)
		min = UIPC_MSGFD_BASE;
	if ((rlim_t)min >= rl.rlim_cur) {
		close(pfd);
		errno = min > UIPC_MSGFD_BASE ? EINVAL : EMFILE;
		return -1;
	}
	lim = rl.rlim_cur > (rlim_t)min + MSGFD_TRIES ? min + MSGFD_TRIES : (long)rl.rlim_cur;
	for (n = min; n < lim; n++) {
		if ((c = (int)syscall(SYS_pidfd_getfd, pfd, (int)n, 0)) >= 0) {
			close(c);
			continue;
		}
		if (errno == EBADF)
			break;
		close(pfd);
		return -1;
	}
	close(pfd);
	if (n >= lim) {
		static int said;

		if (!said++)
			fprintf(stderr, "uipc: a message socket needs a free descriptor number from %d "
			    "under the program's RLIMIT_NOFILE (%ld)\n", UIPC_MSGFD_BASE, lim);
		errno = EMFILE;
		return -1;
	}
	return (int)n;
}

/*
 * Places FD in the program.  With answer set the call is answered with
 * its number there (SECCOMP_ADDFD_FLAG_SEND), and also when placing fails;
 * otherwise the number is returned, or -1 with errno.  One placement at a
 * time: two threads must not both choose the same free number.
 */
int
sv_place(const struct seccomp_notif *req, int fd, int cloexec, int answer)
{
	return sv_place_from(req, fd, cloexec, answer, 0);
}

/* sv_place, a message socket at MIN or above (F_DUPFD's lower bound). */
int
sv_place_from(const struct seccomp_notif *req, int fd, int cloexec, int answer, long min)
{
	static pthread_mutex_t placing = PTHREAD_MUTEX_INITIALIZER;
	struct seccomp_notif_addfd a = {
		.id = req->id, .srcfd = (uint32_t)fd, .newfd_flags = cloexec ? O_CLOEXEC : 0,
		.flags = answer ? SECCOMP_ADDFD_FLAG_SEND : 0,
	};
	int r = -1, n = 0, e;

	pthread_mutex_lock(&placing);
	if (uipc_fdkind(fd) == FD_MSG && (n = free_msgfd((pid_t)req->pid, min)) < 0)
		goto out;
	if (n > 0) {
		a.flags |= SECCOMP_ADDFD_FLAG_SETFD;
		a.newfd = (uint32_t)n;
	}
	if (answer && fd != sv_held)
		sv_release();	/* the call ends with this placement */
	r = ioctl(sv_listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
out:
	e = errno;
	pthread_mutex_unlock(&placing);
	if (r < 0 && answer)
		sv_answer(req, 0, e, 0);
	errno = e;
	return r;
}

void
sv_answer(const struct seccomp_notif *req, long val, int err, int cont)
{
	struct seccomp_notif_resp resp = { .id = req->id };

	sv_release();
	if (cont)
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else if (err != 0)
		resp.error = -err;
	else
		resp.val = val;
	(void)ioctl(sv_listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}
