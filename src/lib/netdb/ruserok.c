/*
 * ruserok(3), iruserok(3) and their _af forms: the trust of the r-commands
 * (rshd, rlogind) in another host's user, from /etc/hosts.equiv and
 * ~luser/.rhosts (hosts.equiv(5)), with host names resolved through uipc's
 * own routines, so that the names are the uipc hosts'.  glibc's own
 * resolves through its resolver, outside uipc.
 *
 * The rules are glibc's (the program is written for it): a line is
 * "host [user]"; a blank line, one starting with '#' and one too long are
 * skipped; host "+" is any host, "-host" refuses it, a host is a numeric
 * address or a name whose addresses are looked up; user "+" is any user,
 * "-user" refuses, no user means the local user's own name.  The host is
 * looked at first: a "-host" line naming the host ends the search with no,
 * whoever the user; a line naming it decides when its user matches ("-user"
 * then says no), and the search goes on when it does not.  Netgroups
 * ("+@group") match nothing: uipc has no NIS.
 * hosts.equiv is not read for the super-user; .rhosts must be a regular
 * file owned by the user or root, writable by no one else, with one link.
 */
#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <arpa/inet.h>

#include "netdb_int.h"

#define HOSTS_EQUIV	"/etc/hosts.equiv"

/* The same address, of the same family. */
static int
same_addr(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a->sa_family != b->sa_family)
		return 0;
	if (a->sa_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		    ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	if (a->sa_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		    &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
	return 0;
}

/* A line's user field against the remote user: 1 match, -1 refused, 0 no. */
static int
check_user(const char *field, const char *ruser)
{
	if (field[0] == '+' && field[1] == '@')
		return 0;
	if (field[0] == '-' && field[1] == '@')
		return 0;
	if (field[0] == '-')
		return -(strcmp(field + 1, ruser) == 0);
	if (strcmp(field, "+") == 0)
		return 1;
	return strcmp(field, ruser) == 0;
}

/* A line's host field against the remote address: 1 match, -1 refused, 0 no. */
static int
check_host(const char *field, const struct sockaddr *ra, socklen_t ralen)
{
	struct addrinfo hints, *res, *ai;
	char num[INET6_ADDRSTRLEN + 16];
	int sign = 1, match = 0;

	if (field[0] == '+' && field[1] == '@')
		return 0;
	if (field[0] == '-' && field[1] == '@')
		return 0;
	if (field[0] == '-') {
		sign = -1;
		field++;
	} else if (strcmp(field, "+") == 0)
		return 1;
	if (uipc_getnameinfo(ra, ralen, num, sizeof(num), NULL, 0,
	    NI_NUMERICHOST) == 0 && strcmp(num, field) == 0)
		return sign;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = ra->sa_family;
	if (uipc_getaddrinfo(field, NULL, &hints, &res) != 0)
		return 0;
	for (ai = res; ai != NULL && !match; ai = ai->ai_next)
		match = same_addr(ai->ai_addr, ra);
	uipc_freeaddrinfo(res);
	return sign * match;
}

/* The lines of an open file: 0 trusted, -1 not. */
static int
check_lines(FILE *f, const struct sockaddr *ra, socklen_t ralen,
    const char *luser, const char *ruser)
{
	char line[UIPC_NETDB_LINEMAX], *host, *user, *p;
	int u, h;

	while (fgets(line, sizeof(line), f) != NULL) {
		if (strchr(line, '\n') == NULL && !feof(f)) {
			int c;

			while ((c = getc(f)) != '\n' && c != EOF)
				;
			continue;	/* too long: skipped whole */
		}
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (*p == '\0' || *p == '#')
			continue;
		/* The host field starts the line (glibc: leading blanks make it empty). */
		host = p = line;
		for (; *p != '\0' && !isspace((unsigned char)*p); p++)
			*p = (char)tolower((unsigned char)*p);
		if (*p == ' ' || *p == '\t') {
			for (*p++ = '\0'; *p == ' ' || *p == '\t'; p++)
				;
			user = p;
			while (*p != '\0' && !isspace((unsigned char)*p))
				p++;
		} else
			user = p;
		*p = '\0';
		if (*user == '\0')
			user = (char *)luser;
		if ((h = check_host(host, ra, ralen)) < 0)
			return -1;
		if (h == 0)
			continue;
		if ((u = check_user(user, ruser)) != 0)
			return u > 0 ? 0 : -1;
	}
	return -1;
}

int
uipc_ruserok_file(const char *path, const struct sockaddr *ra,
    socklen_t ralen, const char *luser, const char *ruser)
{
	FILE *f;
	int r;

	if ((f = fopen(path, "re")) == NULL)
		return -1;
	r = check_lines(f, ra, ralen, luser, ruser);
	fclose(f);
	return r;
}

/*
 * A trust file that may be believed: a regular file (not through a link),
 * owned by owner or root, writable by no one else, not linked elsewhere.
 */
static int
trusted_file(const char *path, uid_t owner)
{
	struct stat st;

	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if (st.st_uid != 0 && st.st_uid != owner)
		return 0;
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) || st.st_nlink > 1)
		return 0;
	return 1;
}

static int
ruserok_sa(const struct sockaddr *ra, socklen_t ralen, int superuser,
    const char *ruser, const char *luser)
{
	char pwbuf[4096], *path;
	struct passwd pw, *pwp;
	uid_t euid;
	size_t n;
	int r = -1;

	if (ruser == NULL || luser == NULL)
		return -1;
	if (!superuser && trusted_file(HOSTS_EQUIV, 0) &&
	    uipc_ruserok_file(HOSTS_EQUIV, ra, ralen, luser, ruser) == 0)
		return 0;
	if (getpwnam_r(luser, &pw, pwbuf, sizeof(pwbuf), &pwp) != 0 ||
	    pwp == NULL)
		return -1;
	n = strlen(pw.pw_dir) + sizeof("/.rhosts");
	if ((path = malloc(n)) == NULL)
		return -1;
	snprintf(path, n, "%s/.rhosts", pw.pw_dir);
	/* Read as the user: root may not read a user's file on NFS. */
	euid = geteuid();
	if (euid == 0 && pw.pw_uid != 0 && seteuid(pw.pw_uid) < 0) {
		free(path);
		return -1;
	}
	if (trusted_file(path, pw.pw_uid))
		r = uipc_ruserok_file(path, ra, ralen, luser, ruser);
	if (euid == 0 && pw.pw_uid != 0 && seteuid(euid) < 0)
		r = -1;
	free(path);
	return r;
}

int
uipc_iruserok_af(const void *raddr, int superuser, const char *ruser,
    const char *luser, sa_family_t af)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;

	switch (af) {
	case AF_INET:
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		memcpy(&sin.sin_addr, raddr, 4);
		return ruserok_sa((struct sockaddr *)&sin, sizeof(sin),
		    superuser, ruser, luser);
	case AF_INET6:
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		memcpy(&sin6.sin6_addr, raddr, 16);
		return ruserok_sa((struct sockaddr *)&sin6, sizeof(sin6),
		    superuser, ruser, luser);
	default:
		errno = EAFNOSUPPORT;
		return -1;
	}
}

int
uipc_iruserok(uint32_t raddr, int superuser, const char *ruser,
    const char *luser)
{
	return uipc_iruserok_af(&raddr, superuser, ruser, luser, AF_INET);
}

int
uipc_ruserok_af(const char *rhost, int superuser, const char *ruser,
    const char *luser, sa_family_t af)
{
	struct addrinfo hints, *res, *ai;
	int r = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = af;
	if (rhost == NULL || uipc_getaddrinfo(rhost, NULL, &hints, &res) != 0)
		return -1;
	for (ai = res; ai != NULL && r != 0; ai = ai->ai_next)
		r = ruserok_sa(ai->ai_addr, ai->ai_addrlen, superuser, ruser,
		    luser);
	uipc_freeaddrinfo(res);
	return r;
}

int
uipc_ruserok(const char *rhost, int superuser, const char *ruser,
    const char *luser)
{
	return uipc_ruserok_af(rhost, superuser, ruser, luser, AF_INET);
}
