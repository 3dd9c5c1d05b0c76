/*
 * ruptime: the status of each host on the local network (primer §4.3,
 * Figure 3), from the files rwhod keeps in its spool directory ($RWHODIR,
 * default /var/spool/rwho).  Needs no network: the database is the files.
 *
 *	ruptime [-alrtu]
 *
 * One line a host, sorted by name: up and for how long, the users who
 * typed something in the last hour (-a: every user) and the three load
 * averages; or down and for how long, when its last status arrived more
 * than 11 minutes ago (rwhod sends one every 3).  -l sorts by load, -t by
 * up time, -u by users, -r reverses the order.  The output is BSD's and
 * netkit's, character for character.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <protocols/rwhod.h>

#define WHDRSIZE	((int)(sizeof(struct whod) - sizeof(((struct whod *)0)->wd_we)))
#define DOWNTIME	(11 * 60)	/* rwhod sends every 3 minutes */

struct hs {
	struct whod hs_wd;
	int hs_nusers;
};

#define ISDOWN(h)	(now - (h)->hs_wd.wd_recvtime > DOWNTIME)

static time_t now;
static int rflg = 1, aflg;

static void
usage(void)
{
	fprintf(stderr, "usage: ruptime [-alrtu]\n");
	exit(2);
}

/*
 * "  up    2+12:04" or "down      0:24", as netkit's ruptime prints them
 * (one column wider than 4.3BSD's: checked against Debian's).
 */
static const char *
interval(time_t tval, const char *updown)
{
	static char buf[32];
	int days, hours, minutes;

	if (tval < 0 || tval > 999L * 24 * 60 * 60) {
		snprintf(buf, sizeof(buf), "%s      ??:??", updown);
		return buf;
	}
	minutes = (int)((tval + 59) / 60);	/* round up to minutes */
	hours = minutes / 60;
	minutes %= 60;
	days = hours / 24;
	hours %= 24;
	if (days)
		snprintf(buf, sizeof(buf), "%s  %3d+%02d:%02d", updown, days, hours, minutes);
	else
		snprintf(buf, sizeof(buf), "%s      %2d:%02d", updown, hours, minutes);
	return buf;
}

static int
hscmp(const void *a, const void *b)
{
	const struct hs *h1 = a, *h2 = b;

	return rflg * strcmp(h1->hs_wd.wd_hostname, h2->hs_wd.wd_hostname);
}

/* Down hosts last, whatever the order; then the key, greatest first. */
static int
downcmp(const struct hs *h1, const struct hs *h2, long k1, long k2)
{
	if (ISDOWN(h1) != ISDOWN(h2))
		return ISDOWN(h1) ? 1 : -1;
	if (k1 == k2)
		return strcmp(h1->hs_wd.wd_hostname, h2->hs_wd.wd_hostname);
	return rflg * (k2 > k1 ? 1 : -1);
}

static int
lcmp(const void *a, const void *b)
{
	const struct hs *h1 = a, *h2 = b;

	return downcmp(h1, h2, h1->hs_wd.wd_loadav[0], h2->hs_wd.wd_loadav[0]);
}

static int
ucmp(const void *a, const void *b)
{
	const struct hs *h1 = a, *h2 = b;

	return downcmp(h1, h2, h1->hs_nusers, h2->hs_nusers);
}

static int
tcmp(const void *a, const void *b)
{
	const struct hs *h1 = a, *h2 = b;

	if (ISDOWN(h1) && ISDOWN(h2))	/* the one down for less time first */
		return downcmp(h1, h2, h1->hs_wd.wd_recvtime, h2->hs_wd.wd_recvtime);
	return downcmp(h1, h2, (long)h1->hs_wd.wd_sendtime - h1->hs_wd.wd_boottime,
	    (long)h2->hs_wd.wd_sendtime - h2->hs_wd.wd_boottime);
}

/* Reads one spool file into hs; 0, or -1 if it is no status. */
static int
readhost(const char *name, struct hs *hs)
{
	struct whoent *we;
	int fd, cc;

	if ((fd = open(name, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	memset(hs, 0, sizeof(*hs));
	cc = (int)read(fd, &hs->hs_wd, sizeof(hs->hs_wd));
	close(fd);
	if (cc < WHDRSIZE)
		return -1;
	hs->hs_wd.wd_hostname[sizeof(hs->hs_wd.wd_hostname) - 1] = '\0';
	for (we = hs->hs_wd.wd_we; (char *)(we + 1) <= (char *)&hs->hs_wd + cc; we++)
		if (aflg || we->we_idle < 3600)
			hs->hs_nusers++;
	return 0;
}

int
main(int argc, char **argv)
{
	int (*cmp)(const void *, const void *) = hscmp;
	struct hs *hs = NULL, *h;
	struct dirent *dp;
	const char *dir;
	size_t n = 0, cap = 0;
	int ch, maxload = 0;
	DIR *dirp;

	while ((ch = getopt(argc, argv, "alrtu")) != -1) {
		switch (ch) {
		case 'a': aflg = 1; break;
		case 'l': cmp = lcmp; break;
		case 'r': rflg = -1; break;
		case 't': cmp = tcmp; break;
		case 'u': cmp = ucmp; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if ((dir = getenv("RWHODIR")) == NULL || *dir == '\0')
		dir = _PATH_RWHODIR;
	if (chdir(dir) < 0 || (dirp = opendir(".")) == NULL) {
		fprintf(stderr, "ruptime: %s: %s\n", dir, strerror(errno));
		exit(1);
	}
	while ((dp = readdir(dirp)) != NULL) {
		if (strncmp(dp->d_name, "whod.", 5) != 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			if ((h = realloc(hs, cap * sizeof(*hs))) == NULL) {
				fprintf(stderr, "ruptime: out of memory\n");
				exit(1);
			}
			hs = h;
		}
		if (readhost(dp->d_name, &hs[n]) == 0) {
			if (hs[n].hs_wd.wd_loadav[0] > maxload)
				maxload = hs[n].hs_wd.wd_loadav[0];
			n++;
		}
	}
	closedir(dirp);
	if (n == 0) {
		printf("ruptime: no hosts in %s.\n", dir);
		exit(1);
	}
	time(&now);
	qsort(hs, n, sizeof(*hs), cmp);
	for (h = hs; h < hs + n; h++) {
		struct whod *wd = &h->hs_wd;

		if (ISDOWN(h)) {
			printf("%-12.12s%s\n", wd->wd_hostname,
			    interval(now - wd->wd_recvtime, "down"));
			continue;
		}
		printf("%-12.12s%s,  %4d user%s  load %*.2f, %*.2f, %*.2f\n",
		    wd->wd_hostname,
		    interval((time_t)wd->wd_sendtime - (time_t)wd->wd_boottime, "  up"),
		    h->hs_nusers, h->hs_nusers == 1 ? ", " : "s,",
		    maxload >= 1000 ? 5 : 4, wd->wd_loadav[0] / 100.0,
		    maxload >= 1000 ? 5 : 4, wd->wd_loadav[1] / 100.0,
		    maxload >= 1000 ? 5 : 4, wd->wd_loadav[2] / 100.0);
	}
	free(hs);
	return 0;
}
