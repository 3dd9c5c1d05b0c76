/*
 * uipcd: the uipc system daemon (DESIGN.md).  Holds every socket of its
 * hosts; processes reach it through the control socket.
 *
 *	uipcd [-v] [-s SOCKET] [-f CONFIG] [-H HOST]...
 *
 * -f reads the hosts, segments, addresses and routes of a configuration
 * file (uipc.conf(5)); -H adds a host with only a loopback interface.
 *
 * It runs in the foreground until SIGTERM or SIGINT, then closes every
 * socket in order and removes the control socket.
 */
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys/dns_responder.h"
#include "sys/uipcd.h"

static struct uipcd d;

static void
usage(void)
{
	fprintf(stderr, "usage: uipcd [-v] [-s socket] [-f config] [-H host]...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *path = getenv("UIPC_SOCKET");
	char name[HOST_NAMELEN], err[512], *names[64], *self = name;
	const char *conf = NULL;
	int ch, error, nnames = 0;

	while ((ch = getopt(argc, argv, "vs:f:H:")) != -1) {
		switch (ch) {
		case 'v': d.d_verbose++; break;
		case 's': path = optarg; break;
		case 'f': conf = optarg; break;
		case 'H':
			if (nnames == (int)(sizeof(names) / sizeof(names[0])))
				usage();
			names[nnames++] = optarg;
			break;
		default: usage();
		}
	}
	if (path == NULL || *path == '\0')
		path = UIPC_DEFAULT_SOCKET;
	/* With no configuration, one host named as the machine is. */
	if (gethostname(name, sizeof(name)) != 0)
		strcpy(name, "localhost");
	name[sizeof(name) - 1] = '\0';
	if ((error = uipcd_config(&d, conf, conf == NULL && nnames == 0 ?
	    &self : names, conf == NULL && nnames == 0 ? 1 : nnames, err,
	    sizeof(err))) != 0) {
		fprintf(stderr, "uipcd: %s\n", err[0] ? err : strerror(error));
		return 1;
	}
	/* The database files first: a process that finds the socket finds them too. */
	{
		char dir[PATH_MAX], *slash;

		snprintf(dir, sizeof(dir), "%s", path);
		if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
			*slash = '\0';
			mkdir(dir, 0755);
			strncat(dir, "/etc", sizeof(dir) - strlen(dir) - 1);
			if (uipcd_databases(&d, dir, err, sizeof(err)) != 0)
				fprintf(stderr, "uipcd: databases: %s\n", err);
			/* The DNS responder answers from the hosts file just written. */
			strncat(dir, "/hosts", sizeof(dir) - strlen(dir) - 1);
			if (d.d_dns_on && uipcd_dns_start(&d, d.d_nameserver, dir, err,
			    sizeof(err)) != 0) {
				fprintf(stderr, "uipcd: DNS responder: %s\n", err);
				uipcd_dns_stop(&d);
				uipcd_unconfig(&d);
				return 1;
			}
		}
	}
	/* The clock page too: a process that finds the socket maps it. */
	if ((error = uipcd_clock_init(&d, path)) != 0 && error != EADDRINUSE)
		fprintf(stderr, "uipcd: %s%s: %s\n", path, CLOCK_PAGE_SUFFIX, strerror(error));
	if ((error = uipcd_init(&d, path)) != 0) {
		fprintf(stderr, "uipcd: %s: %s\n", path, strerror(error));
		uipcd_dns_stop(&d);
		uipcd_clock_fini(&d);
		return 1;
	}
	if (d.d_verbose)
		fprintf(stderr, "uipcd: listening on %s\n", path);
	error = uipcd_run(&d);
	uipcd_dns_stop(&d);
	uipcd_fini(&d);
	uipcd_clock_fini(&d);
	uipcd_unconfig(&d);
	owner_free_all(&d);
	if (error != 0) {
		fprintf(stderr, "uipcd: %s\n", strerror(error));
		return 1;
	}
	return 0;
}
