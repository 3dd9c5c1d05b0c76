/*
 * A host's settings as programs on it read them (uipc.conf(5): boot,
 * uptime, load, user): sysinfo()'s uptime and loads, getloadavg(), the
 * utmp routines (getutxent and friends, getutent and friends) and, for
 * the terminal line of a configured user, stat("/dev/LINE"), whose access
 * time is the user's last input (how rwhod and w compute idle times).
 * uipcd answers CTL_HOSTINFO once per process; an item the configuration
 * leaves unset is the machine's own, and so is everything when uipcd
 * cannot be reached.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>
#include <utmpx.h>

#include "lib/uipc_lib.h"

static struct ctl_hostinfo info;
static int info_state;		/* 0 not asked, 1 have it, -1 none */
static int ut_next = -1;	/* index into the synthesized utmp, -1 closed */

static const struct ctl_hostinfo *
hostinfo(void)
{
	struct ctl_rep rep;
	size_t len = sizeof(info);
	int e = errno;

	if (info_state == 0) {
		memset(&info, 0, sizeof(info));
		info_state = ctl_call(CTL_HOSTINFO, NULL, NULL, 0, NULL, 0, &rep,
		    &info, &len) == 0 ? 1 : -1;
		if (info.hi_nusers > HI_MAXUSERS)
			info.hi_nusers = HI_MAXUSERS;
		errno = e;
	}
	return info_state == 1 ? &info : NULL;
}

static unsigned
hi_flags(void)
{
	const struct ctl_hostinfo *hi = hostinfo();

	return hi != NULL ? hi->hi_flags : 0;
}

int
sysinfo(struct sysinfo *si)
{
	int (*real)(struct sysinfo *) = (int (*)(struct sysinfo *))dlsym(RTLD_NEXT, "sysinfo");
	unsigned f = hi_flags();
	int i;

	if (real == NULL || real(si) < 0)
		return -1;
	if (f & HI_BOOT) {
		long up = (long)(time(NULL) - info.hi_boottime);

		si->uptime = up > 0 ? up : 0;
	}
	if (f & HI_LOAD)
		for (i = 0; i < 3; i++)
			si->loads[i] = (unsigned long)info.hi_load[i] * (1UL << SI_LOAD_SHIFT) / 100;
	return 0;
}

int
getloadavg(double loadavg[], int n)
{
	int (*real)(double[], int) = (int (*)(double[], int))dlsym(RTLD_NEXT, "getloadavg");
	int i;

	if (!(hi_flags() & HI_LOAD))
		return real != NULL ? real(loadavg, n) : -1;
	if (n < 0)
		return -1;
	if (n > 3)
		n = 3;
	for (i = 0; i < n; i++)
		loadavg[i] = info.hi_load[i] / 100.0;
	return n;
}

/*
 * The synthesized utmp: a BOOT_TIME record when the boot time is set, then
 * one USER_PROCESS record per configured user.
 */
static struct utmpx ut_rec;

static int
ut_fill(int i)
{
	int nboot = (info.hi_flags & HI_BOOT) ? 1 : 0;
	const struct ctl_hostuser *u;

	memset(&ut_rec, 0, sizeof(ut_rec));
	if (i < nboot) {
		ut_rec.ut_type = BOOT_TIME;
		strcpy(ut_rec.ut_line, "~");
		strcpy(ut_rec.ut_user, "reboot");
		ut_rec.ut_tv.tv_sec = (int32_t)info.hi_boottime;
		return 1;
	}
	i -= nboot;
	if (i >= (int)info.hi_nusers)
		return 0;
	u = &info.hi_users[i];
	ut_rec.ut_type = USER_PROCESS;
	/*
	 * The login process: one that exists, for readers that drop entries
	 * whose process is gone (Debian's rwhod does, with kill(pid, 0)).
	 */
	ut_rec.ut_pid = getpid();
	strncpy(ut_rec.ut_line, u->hu_line, sizeof(ut_rec.ut_line));
	strncpy(ut_rec.ut_user, u->hu_name, sizeof(ut_rec.ut_user));
	strncpy(ut_rec.ut_id, u->hu_line + (strlen(u->hu_line) > 4 ? strlen(u->hu_line) - 4 : 0),
	    sizeof(ut_rec.ut_id));
	ut_rec.ut_tv.tv_sec = (int32_t)u->hu_login;
	return 1;
}

#define REAL_UT(name, ret)						\
	static ret (*real_##name(void))(void)				\
	{								\
		return (ret (*)(void))dlsym(RTLD_NEXT, #name);		\
	}
REAL_UT(setutxent, void)
REAL_UT(endutxent, void)
REAL_UT(getutxent, struct utmpx *)
REAL_UT(setutent, void)
REAL_UT(endutent, void)
REAL_UT(getutent, struct utmp *)

void
setutxent(void)
{
	if (hi_flags() & HI_USERS)
		ut_next = 0;
	else if (real_setutxent() != NULL)
		real_setutxent()();
}

void
endutxent(void)
{
	if (hi_flags() & HI_USERS)
		ut_next = -1;
	else if (real_endutxent() != NULL)
		real_endutxent()();
}

struct utmpx *
getutxent(void)
{
	if (!(hi_flags() & HI_USERS))
		return real_getutxent() != NULL ? real_getutxent()() : NULL;
	if (ut_next < 0)
		ut_next = 0;	/* opened by the first read, as glibc does */
	if (!ut_fill(ut_next))
		return NULL;
	ut_next++;
	return &ut_rec;
}

/* struct utmp and struct utmpx are one layout on Linux. */
void
setutent(void)
{
	if (hi_flags() & HI_USERS)
		setutxent();
	else if (real_setutent() != NULL)
		real_setutent()();
}

void
endutent(void)
{
	if (hi_flags() & HI_USERS)
		endutxent();
	else if (real_endutent() != NULL)
		real_endutent()();
}

struct utmp *
getutent(void)
{
	if (hi_flags() & HI_USERS)
		return (struct utmp *)getutxent();
	return real_getutent() != NULL ? real_getutent()() : NULL;
}

/*
 * The configured user whose terminal is path, "/dev/LINE", or "LINE" from
 * within /dev (Debian's rwhod changes there first), or NULL.
 */
static const struct ctl_hostuser *
user_line(const char *path)
{
	const struct ctl_hostuser *u = NULL;
	const char *line = path;
	char cwd[16];
	unsigned i;

	/*
	 * Cheap tests first: stat is called for every kind of file, and only
	 * these paths may need the host's settings.  A bare name is a line
	 * only for a process that has read the utmp entries already.
	 */
	if (path == NULL)
		return NULL;
	if (strncmp(path, "/dev/", 5) == 0)
		line = path + 5;
	else if (path[0] == '/' || info_state == 0)
		return NULL;
	if (!(hi_flags() & HI_USERS))
		return NULL;
	for (i = 0; i < info.hi_nusers && u == NULL; i++)
		if (strcmp(info.hi_users[i].hu_line, line) == 0)
			u = &info.hi_users[i];
	if (u != NULL && line == path && (getcwd(cwd, sizeof(cwd)) == NULL || strcmp(cwd, "/dev") != 0))
		return NULL;
	return u;
}

/*
 * The host's utmp file, when its users are configured: it exists, changed
 * at the last login (readers such as Debian's rwhod stat it before they
 * read the entries, and skip them when it is missing).
 */
static int
utmp_file(const char *path, struct stat *st)
{
	int64_t last = 0;
	unsigned i;

	if (path == NULL || (strcmp(path, "/var/run/utmp") != 0 && strcmp(path, "/run/utmp") != 0) ||
	    !(hi_flags() & HI_USERS))
		return 0;
	for (i = 0; i < info.hi_nusers; i++)
		if (info.hi_users[i].hu_login > last)
			last = info.hi_users[i].hu_login;
	if ((info.hi_flags & HI_BOOT) && info.hi_boottime > last)
		last = info.hi_boottime;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG | 0664;
	st->st_nlink = 1;
	st->st_size = (off_t)((info.hi_nusers + 1) * sizeof(struct utmpx));
	st->st_atime = st->st_mtime = st->st_ctime = (time_t)last;
	return 1;
}

static void
tty_stat(const struct ctl_hostuser *u, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0620;
	st->st_nlink = 1;
	st->st_rdev = makedev(136, 0);
	st->st_atime = (time_t)u->hu_active;	/* last input: the idle time */
	st->st_mtime = (time_t)u->hu_active;
	st->st_ctime = (time_t)u->hu_login;
}

int
stat(const char *restrict path, struct stat *restrict st)
{
	int (*real)(const char *, struct stat *);
	const struct ctl_hostuser *u = user_line(path);

	if (u != NULL) {
		tty_stat(u, st);
		return 0;
	}
	if (utmp_file(path, st))
		return 0;
	real = (int (*)(const char *, struct stat *))dlsym(RTLD_NEXT, "stat");
	return real != NULL ? real(path, st) : -1;
}

int
stat64(const char *restrict path, struct stat64 *restrict st)
{
	int (*real)(const char *, struct stat64 *);
	const struct ctl_hostuser *u = user_line(path);

	if (u != NULL) {
		/* On 64-bit Linux, struct stat64 is struct stat. */
		tty_stat(u, (struct stat *)st);
		return 0;
	}
	if (utmp_file(path, (struct stat *)st))
		return 0;
	real = (int (*)(const char *, struct stat64 *))dlsym(RTLD_NEXT, "stat64");
	return real != NULL ? real(path, st) : -1;
}
