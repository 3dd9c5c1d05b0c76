/*
 * rwho: who is logged in on the hosts of the local network, from rwhod's
 * spool files ($RWHODIR, default /var/spool/rwho), like who(1) for the
 * whole network (primer §4.3).
 *
 *	rwho [-a]
 *
 * One line a user on each host that is not down (heard from in the last
 * 11 minutes): name, host:line, login time and idle time, sorted by user,
 * host and line.  Users idle an hour or more are left out unless -a.  The
 * output is BSD's and netkit's.
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
#define DOWNTIME	(11 * 60)

struct entry {
	char e_name[9];
	char e_host[sizeof(((struct whod *)0)->wd_hostname)];
	char e_line[9];
	time_t e_time;
	int e_idle;
};

static int
ecmp(const void *a, const void *b)
{
	const struct entry *e1 = a, *e2 = b;
	int r;

	if ((r = strcmp(e1->e_name, e2->e_name)) != 0)
		return r;
	if ((r = strcmp(e1->e_host, e2->e_host)) != 0)
		return r;
	return strcmp(e1->e_line, e2->e_line);
}

int
main(int argc, char **argv)
{
	struct entry *es = NULL, *e;
	struct dirent *dp;
	struct whod wd;
	const char *dir;
	size_t n = 0, cap = 0;
	int ch, aflg = 0, width = 0;
	time_t now;
	DIR *dirp;

	while ((ch = getopt(argc, argv, "a")) != -1) {
		if (ch != 'a') {
			fprintf(stderr, "usage: rwho [-a]\n");
			exit(2);
		}
		aflg = 1;
	}
	if ((dir = getenv("RWHODIR")) == NULL || *dir == '\0')
		dir = _PATH_RWHODIR;
	if (chdir(dir) < 0 || (dirp = opendir(".")) == NULL) {
		fprintf(stderr, "rwho: %s: %s\n", dir, strerror(errno));
		exit(1);
	}
	time(&now);
	while ((dp = readdir(dirp)) != NULL) {
		struct whoent *we;
		int fd, cc;

		if (strncmp(dp->d_name, "whod.", 5) != 0)
			continue;
		if ((fd = open(dp->d_name, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		memset(&wd, 0, sizeof(wd));
		cc = (int)read(fd, &wd, sizeof(wd));
		close(fd);
		if (cc < WHDRSIZE || now - wd.wd_recvtime > DOWNTIME)
			continue;
		wd.wd_hostname[sizeof(wd.wd_hostname) - 1] = '\0';
		for (we = wd.wd_we; (char *)(we + 1) <= (char *)&wd + cc; we++) {
			if (!aflg && we->we_idle >= 3600)
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				if ((e = realloc(es, cap * sizeof(*es))) == NULL) {
					fprintf(stderr, "rwho: out of memory\n");
					exit(1);
				}
				es = e;
			}
			e = &es[n++];
			memset(e, 0, sizeof(*e));
			memcpy(e->e_name, we->we_utmp.out_name, 8);
			memcpy(e->e_line, we->we_utmp.out_line, 8);
			strcpy(e->e_host, wd.wd_hostname);
			e->e_time = we->we_utmp.out_time;
			e->e_idle = we->we_idle;
			if ((int)(strlen(e->e_host) + 1 + strlen(e->e_line)) > width)
				width = (int)(strlen(e->e_host) + 1 + strlen(e->e_line));
		}
	}
	closedir(dirp);
	if (n > 0)
		qsort(es, n, sizeof(*es), ecmp);
	for (e = es; e < es + n; e++) {
		char where[sizeof(e->e_host) + sizeof(e->e_line) + 1];
		int idle = e->e_idle / 60;	/* minutes */

		snprintf(where, sizeof(where), "%s:%s", e->e_host, e->e_line);
		printf("%-8.8s %-*s %.12s", e->e_name, width, where, ctime(&e->e_time) + 4);
		if (idle > 0) {
			if (aflg) {
				if (idle >= 100 * 60)
					idle = 100 * 60 - 1;
				if (idle >= 60)
					printf(" %2d", idle / 60);
				else
					printf("   ");
			} else {
				printf(" ");
			}
			printf(":%02d", idle % 60);
		}
		printf("\n");
	}
	free(es);
	return 0;
}
