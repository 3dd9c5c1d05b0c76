/*
 * inetd.conf, as openbsd-inetd reads it (PROTOCOLS.md §2): one service a
 * line, fields separated by blanks or tabs, '#' starts a comment:
 *
 *   [addr:]service socktype proto[,sndbuf=N][,rcvbuf=N] wait|nowait[.max]
 *       user[.group|:group] program [argv0 args...]
 *
 * service is a name of the services database or a port number; socktype
 * stream or dgram; proto tcp or udp (tcp4 and udp4 alike; this inetd
 * serves IPv4 only, so tcp6 and udp6 lines are skipped with a message);
 * program "internal" for the built-in services.  A line in error is
 * reported with its number and skipped; the rest are served.
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "inetd.h"

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL) {
		logmsg(LOG_ERR, "out of memory");
		exit(1);
	}
	return d;
}

void
conf_free(struct servtab *list)
{
	while (list != NULL) {
		struct servtab *next = list->se_next;
		int i;

		free(list->se_service);
		free(list->se_proto);
		free(list->se_user);
		free(list->se_group);
		free(list->se_server);
		for (i = 0; list->se_argv[i] != NULL; i++)
			free(list->se_argv[i]);
		free(list);
		list = next;
	}
}

/* The service's port, network order; -1 when unknown. */
static int
service_port(const char *service, const char *proto)
{
	struct servent *sp;
	char *end;
	long n;

	sp = getservbyname(service, proto);
	if (sp != NULL)
		return sp->s_port;
	n = strtol(service, &end, 10);
	if (*service != '\0' && *end == '\0' && n > 0 && n < 65536)
		return htons((unsigned short)n);
	return -1;
}

/* The fields of one line into sep; 0, or -1 after saying what is wrong. */
static int
parse_line(char *line, int lineno, struct servtab *sep)
{
	char *f[6 + MAXARGV + 1], *save, *p, *c;
	int n = 0, i;

	for (p = strtok_r(line, " \t\r\n", &save); p != NULL && n < (int)(sizeof(f) / sizeof(f[0]));
	    p = strtok_r(NULL, " \t\r\n", &save))
		f[n++] = p;
	if (n < 6) {
		logmsg(LOG_ERR, "line %d: too few fields", lineno);
		return -1;
	}
	if (p != NULL) {
		logmsg(LOG_ERR, "line %d: more than %d arguments", lineno, MAXARGV);
		return -1;
	}
	sep->se_line = lineno;
	sep->se_addr.s_addr = INADDR_ANY;
	if ((c = strrchr(f[0], ':')) != NULL) {		/* addr:service */
		*c = '\0';
		if (strcmp(f[0], "*") != 0 && inet_aton(f[0], &sep->se_addr) == 0) {
			struct hostent *hp = gethostbyname(f[0]);
			if (hp == NULL || hp->h_addrtype != AF_INET) {
				logmsg(LOG_ERR, "line %d: %s: unknown host", lineno, f[0]);
				return -1;
			}
			memcpy(&sep->se_addr, hp->h_addr_list[0], sizeof(sep->se_addr));
		}
		f[0] = c + 1;
	}
	sep->se_service = xstrdup(f[0]);
	if (strcmp(f[1], "stream") == 0)
		sep->se_socktype = SOCK_STREAM;
	else if (strcmp(f[1], "dgram") == 0)
		sep->se_socktype = SOCK_DGRAM;
	else {
		logmsg(LOG_ERR, "line %d: %s: socket type not served", lineno, f[1]);
		return -1;
	}
	if ((c = strchr(f[2], ',')) != NULL)	/* ,sndbuf=N ,rcvbuf=N: left to the system */
		*c = '\0';
	if (strcmp(f[2], "tcp6") == 0 || strcmp(f[2], "udp6") == 0) {
		logmsg(LOG_ERR, "line %d: %s: IPv6 is not served", lineno, f[2]);
		return -1;
	}
	if (strcmp(f[2], "tcp4") == 0 || strcmp(f[2], "udp4") == 0)
		f[2][3] = '\0';
	if (strcmp(f[2], "tcp") != 0 && strcmp(f[2], "udp") != 0) {
		logmsg(LOG_ERR, "line %d: %s: unknown protocol", lineno, f[2]);
		return -1;
	}
	if ((sep->se_socktype == SOCK_STREAM) != (strcmp(f[2], "tcp") == 0)) {
		logmsg(LOG_ERR, "line %d: %s does not carry %s", lineno, f[2], f[1]);
		return -1;
	}
	sep->se_proto = xstrdup(f[2]);
	if ((sep->se_port = service_port(sep->se_service, sep->se_proto)) < 0) {
		logmsg(LOG_ERR, "line %d: %s/%s: unknown service", lineno, sep->se_service, sep->se_proto);
		return -1;
	}
	sep->se_max = 0;		/* none given: inetd's default (-R) */
	if ((c = strchr(f[3], '.')) != NULL) {
		*c++ = '\0';
		sep->se_max = atoi(c);
		if (sep->se_max <= 0 || !isdigit((unsigned char)*c)) {
			logmsg(LOG_ERR, "line %d: %s: bad invocation limit", lineno, c);
			return -1;
		}
	}
	if (strcmp(f[3], "wait") == 0)
		sep->se_wait = 1;
	else if (strcmp(f[3], "nowait") != 0) {
		logmsg(LOG_ERR, "line %d: %s: neither wait nor nowait", lineno, f[3]);
		return -1;
	}
	if ((c = strpbrk(f[4], ".:")) != NULL) {
		*c++ = '\0';
		sep->se_group = xstrdup(c);
		if (getgrnam(c) == NULL) {
			logmsg(LOG_ERR, "line %d: %s: no such group", lineno, c);
			return -1;
		}
	}
	sep->se_user = xstrdup(f[4]);
	if (getpwnam(f[4]) == NULL) {
		logmsg(LOG_ERR, "line %d: %s: no such user", lineno, f[4]);
		return -1;
	}
	sep->se_server = xstrdup(f[5]);
	if (strcmp(f[5], "internal") == 0) {
		sep->se_bi = builtin_find(sep->se_service, sep->se_socktype);
		if (sep->se_bi == NULL) {
			logmsg(LOG_ERR, "line %d: %s/%s: no such internal service", lineno,
			    sep->se_service, sep->se_proto);
			return -1;
		}
		sep->se_wait = 0;	/* internal services are never handed out */
	} else if (f[5][0] != '/') {
		logmsg(LOG_ERR, "line %d: %s: the program needs a full path", lineno, f[5]);
		return -1;
	}
	/* argv0 defaults to the program's name when the line gives none. */
	if (n == 6)
		sep->se_argv[0] = xstrdup(f[5]);
	for (i = 6; i < n; i++)
		sep->se_argv[i - 6] = xstrdup(f[i]);
	return 0;
}

struct servtab *
conf_read(const char *path, int *ok)
{
	struct servtab *list = NULL, **tail = &list;
	char line[2048];
	int lineno = 0;
	FILE *fp = fopen(path, "r");

	*ok = fp != NULL;
	if (fp == NULL) {
		logmsg(LOG_ERR, "%s: %m", path);
		return NULL;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		struct servtab *sep;
		char *p = line;

		lineno++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		if ((sep = calloc(1, sizeof(*sep))) == NULL) {
			logmsg(LOG_ERR, "out of memory");
			exit(1);
		}
		sep->se_fd = -1;
		if (parse_line(p, lineno, sep) < 0) {
			conf_free(sep);
			continue;
		}
		*tail = sep;
		tail = &sep->se_next;
	}
	fclose(fp);
	return list;
}
