/*
 * The status packet of this host (primer §4.3: "periodically acquiring
 * system status information, packaging it up in a message"): its name,
 * the time, its boot time, load averages and logged-in users, in network
 * byte order.  Everything comes from the standard interfaces: gethostname,
 * time, sysinfo (uptime), getloadavg, the utmp routines, and stat of each
 * user's terminal for the idle time (its last access).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>
#include <arpa/inet.h>

#include "rwhod.h"

/*
 * Fills wd; returns its length (the header and one entry per user).  The
 * host name is cut at its first '.', as netkit does; myname gets it.
 */
int
status_make(struct whod *wd, char *myname, size_t len)
{
	struct sysinfo si;
	struct utmpx *ut;
	struct stat st;
	double load[3];
	char path[8 + sizeof(ut->ut_line) + 1], *dot;
	time_t now = time(NULL);
	int i, n = 0;

	memset(wd, 0, sizeof(*wd));
	wd->wd_vers = WHODVERSION;
	wd->wd_type = WHODTYPE_STATUS;
	if (gethostname(wd->wd_hostname, sizeof(wd->wd_hostname) - 1) < 0)
		strcpy(wd->wd_hostname, "unknown");
	wd->wd_hostname[sizeof(wd->wd_hostname) - 1] = '\0';
	if ((dot = strchr(wd->wd_hostname, '.')) != NULL)
		memset(dot, 0, sizeof(wd->wd_hostname) - (size_t)(dot - wd->wd_hostname));
	snprintf(myname, len, "%s", wd->wd_hostname);
	wd->wd_sendtime = (int)htonl((uint32_t)now);
	if (sysinfo(&si) == 0)
		wd->wd_boottime = (int)htonl((uint32_t)(now - si.uptime));
	if (getloadavg(load, 3) == 3)
		for (i = 0; i < 3; i++)
			wd->wd_loadav[i] = (int)htonl((uint32_t)(load[i] * 100 + 0.5));
	setutxent();
	while ((ut = getutxent()) != NULL && n < NWHOENT) {
		struct whoent *we = &wd->wd_we[n];
		long idle = 0;

		if (ut->ut_type != USER_PROCESS || ut->ut_user[0] == '\0')
			continue;
		/* Cut to 8 bytes, without a NUL when 8 long (the wire's rule). */
		strncpy(we->we_utmp.out_line, ut->ut_line, sizeof(we->we_utmp.out_line));
		strncpy(we->we_utmp.out_name, ut->ut_user, sizeof(we->we_utmp.out_name));
		we->we_utmp.out_time = (int32_t)htonl((uint32_t)ut->ut_tv.tv_sec);
		snprintf(path, sizeof(path), "/dev/%.*s", (int)sizeof(ut->ut_line), ut->ut_line);
		if (stat(path, &st) == 0 && now > st.st_atime)
			idle = (long)(now - st.st_atime);
		we->we_idle = (int)htonl((uint32_t)idle);
		n++;
	}
	endutxent();
	return WHDRSIZE + n * (int)sizeof(struct whoent);
}
