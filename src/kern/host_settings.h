#ifndef UIPC_KERN_HOST_SETTINGS_H
#define UIPC_KERN_HOST_SETTINGS_H
/*
 * What a host says about itself beyond its network, as the configuration
 * sets it (uipc.conf(5), a host block's boot, uptime, load and user
 * lines): its boot time, load averages and logged-in users, which
 * programs on it read through sysinfo(), getloadavg() and the utmp
 * routines (the shim, src/lib/shim/shim_hostinfo.c).  rwhod reports them
 * (primer §4.3).  An item never set is the machine's own.
 *
 * Times are kept as the configuration gives them: ages at uipcd's start
 * ("up 2+12:04", "idle 5m") or at the instant its "ages at +DURATION"
 * line names, or an absolute boot time; uipcd turns them
 * into times of the system's wall clock when asked (src/sys/ctl_clock.c),
 * so that nothing below src/sys reads a clock.
 */
#include <stddef.h>
#include <stdint.h>

#define HS_BOOT_AT	0x0001	/* hs_boot: seconds since the epoch */
#define HS_UPTIME	0x0002	/* hs_boot: seconds up at uipcd's start */
#define HS_LOAD		0x0004
#define HS_USERS	0x0008	/* hs_users is the list (maybe empty) */

#define HS_MAXUSERS	24
#define HS_NAMELEN	32

struct host_user {
	char hu_name[HS_NAMELEN];
	char hu_line[HS_NAMELEN];
	int64_t hu_login_ago;		/* seconds before uipcd's start */
	int64_t hu_idle;		/* seconds idle at uipcd's start */
};

struct host_settings {
	unsigned hs_flags;
	int64_t hs_boot;
	int32_t hs_load[3];		/* hundredths */
	unsigned hs_nusers;
	struct host_user hs_users[HS_MAXUSERS];
};

/*
 * One configuration line of a host block.  Returns 1 when it was a host
 * setting and was taken, 0 when the line is no host setting, -1 when it is
 * one but malformed (why says what is wrong).
 */
int	host_settings_line(struct host_settings *, char **tok, int n,
	    char *why, size_t whylen);

/* "2d12h4m", "90s", a bare number of seconds: seconds; -1 if malformed. */
int64_t	host_settings_duration(const char *);

#endif
