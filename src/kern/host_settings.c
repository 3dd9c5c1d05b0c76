/*
 * The host-settings lines of a configuration's host block (host_settings.h,
 * uipc.conf(5)):
 *
 *	boot SECONDS			boot time, seconds since the epoch
 *	uptime [D+]HH:MM | DURATION	up this long when uipcd starts
 *	load L1 L5 L15			load averages, e.g. 1.15 1.39 1.31
 *	user NAME LINE [login DURATION] [idle DURATION]
 *	users none			nobody is logged in
 *
 * A DURATION is numbers with units, s m h d, as 2d12h4m or 90s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kern/host_settings.h"

/* "2d12h4m", "90s", "0": seconds; -1 if malformed. */
static int64_t
hs_duration(const char *s)
{
	int64_t total = 0, v;
	char *end;

	if (*s == '\0')
		return -1;
	while (*s != '\0') {
		if (*s < '0' || *s > '9')
			return -1;
		v = strtoll(s, &end, 10);
		if (v > 100000000)
			return -1;
		switch (*end) {
		case 'd': v *= 86400; end++; break;
		case 'h': v *= 3600; end++; break;
		case 'm': v *= 60; end++; break;
		case 's': end++; break;
		case '\0':
			if (s != end && total == 0)
				break;	/* a bare number: seconds */
			return -1;
		default: return -1;
		}
		total += v;
		s = end;
	}
	return total;
}

/* A DURATION for other parts of the configuration ("ages at +D"). */
int64_t
host_settings_duration(const char *s)
{
	return hs_duration(s);
}

/* ruptime's own form, "[D+]HH:MM", or a DURATION. */
static int64_t
hs_uptime(const char *s)
{
	unsigned d = 0, h, m;
	char c;

	if (strchr(s, ':') == NULL)
		return hs_duration(s);
	if (strchr(s, '+') != NULL) {
		if (sscanf(s, "%u+%u:%u%c", &d, &h, &m, &c) != 3)
			return -1;
	} else if (sscanf(s, "%u:%u%c", &h, &m, &c) != 2) {
		return -1;
	}
	if (d > 100000 || h > 23 || m > 59)
		return -1;
	return (int64_t)d * 86400 + h * 3600 + m * 60;
}

/* "1.15": 115; -1 if malformed. */
static int32_t
hs_load(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !(v >= 0 && v < 10000))
		return -1;
	return (int32_t)(v * 100 + 0.5);
}

/* A user name, or (slash allowed: "pts/7") a terminal line under /dev. */
static int
hs_name_ok(const char *s, int slash)
{
	if (*s == '\0' || strlen(s) >= HS_NAMELEN || strstr(s, "..") != NULL)
		return 0;
	for (; *s != '\0'; s++)
		if (*s <= ' ' || *s >= 0x7f || (*s == '/' && !slash))
			return 0;
	return 1;
}

static int
hs_user(struct host_settings *hs, char **tok, int n, char *why, size_t whylen)
{
	struct host_user *u;
	int i;

	if (n < 3 || (n - 3) % 2 != 0) {
		snprintf(why, whylen, "user takes a name, a line, and login and idle durations");
		return -1;
	}
	if (!(hs->hs_flags & HS_USERS))
		hs->hs_nusers = 0;
	if (hs->hs_nusers == HS_MAXUSERS) {
		snprintf(why, whylen, "at most %d users", HS_MAXUSERS);
		return -1;
	}
	if (!hs_name_ok(tok[1], 0) || !hs_name_ok(tok[2], 1)) {
		snprintf(why, whylen, "user and line names are up to %d printable characters"
		    " (no '/' in a user's)", HS_NAMELEN - 1);
		return -1;
	}
	u = &hs->hs_users[hs->hs_nusers];
	memset(u, 0, sizeof(*u));
	strcpy(u->hu_name, tok[1]);
	strcpy(u->hu_line, tok[2]);
	for (i = 3; i < n; i += 2) {
		int64_t v = hs_duration(tok[i + 1]);

		if (v < 0 || (strcmp(tok[i], "login") && strcmp(tok[i], "idle"))) {
			snprintf(why, whylen, "user: login DURATION or idle DURATION (e.g. 2h5m), not '%s %s'",
			    tok[i], tok[i + 1]);
			return -1;
		}
		if (tok[i][0] == 'l')
			u->hu_login_ago = v;
		else
			u->hu_idle = v;
	}
	if (u->hu_idle > u->hu_login_ago)
		u->hu_login_ago = u->hu_idle;	/* idle no longer than logged in */
	hs->hs_nusers++;
	hs->hs_flags |= HS_USERS;
	return 1;
}

int
host_settings_line(struct host_settings *hs, char **tok, int n, char *why, size_t whylen)
{
	int64_t v;
	int i;

	if (strcmp(tok[0], "boot") == 0 || strcmp(tok[0], "uptime") == 0) {
		int at = tok[0][0] == 'b';
		char *end = NULL;

		if (n == 2 && at)
			v = strtoll(tok[1], &end, 10);
		else if (n == 2)
			v = hs_uptime(tok[1]);
		else
			v = -1;
		if (v < 0 || (at && (*end != '\0' || end == tok[1]))) {
			snprintf(why, whylen, at ? "boot takes seconds since the epoch" :
			    "uptime takes [D+]HH:MM or a duration (2d12h4m)");
			return -1;
		}
		hs->hs_boot = v;
		hs->hs_flags = (hs->hs_flags & ~(HS_BOOT_AT | HS_UPTIME)) |
		    (at ? HS_BOOT_AT : HS_UPTIME);
		return 1;
	}
	if (strcmp(tok[0], "load") == 0) {
		if (n != 4) {
			snprintf(why, whylen, "load takes three load averages");
			return -1;
		}
		for (i = 0; i < 3; i++)
			if ((hs->hs_load[i] = hs_load(tok[i + 1])) < 0) {
				snprintf(why, whylen, "bad load average '%s'", tok[i + 1]);
				return -1;
			}
		hs->hs_flags |= HS_LOAD;
		return 1;
	}
	if (strcmp(tok[0], "users") == 0) {
		if (n != 2 || strcmp(tok[1], "none") != 0) {
			snprintf(why, whylen, "users takes 'none' (a user line names each)");
			return -1;
		}
		hs->hs_nusers = 0;
		hs->hs_flags |= HS_USERS;
		return 1;
	}
	if (strcmp(tok[0], "user") == 0)
		return hs_user(hs, tok, n, why, whylen);
	return 0;
}
