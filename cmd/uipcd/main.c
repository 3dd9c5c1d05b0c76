/*
 * uipcd: the uipc system daemon (DESIGN.md).  Holds every socket of its
 * hosts; processes reach it through the control socket.
 *
 *	uipcd [-v] [-s SOCKET] [-H HOST]...
 *
 * It runs in the foreground until SIGTERM or SIGINT, then closes every
 * socket in order and removes the control socket.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys/uipcd.h"

static struct uipcd d;

static void
usage(void)
{
	fprintf(stderr, "usage: uipcd [-v] [-s socket] [-H host]...\n");
	exit(2);
}

static void
addhost(const char *name)
{
	struct host *h, **hp;

	if ((h = calloc(1, sizeof(*h))) == NULL) {
		perror("uipcd");
		exit(1);
	}
	h->h_stack = &d.d_stack;
	snprintf(h->h_name, sizeof(h->h_name), "%s", name);
	for (hp = &d.d_stack.st_hosts; *hp != NULL; hp = &(*hp)->h_next)
		;
	*hp = h;
}

int
main(int argc, char **argv)
{
	const char *path = getenv("UIPC_SOCKET");
	char name[HOST_NAMELEN];
	int ch, error;

	while ((ch = getopt(argc, argv, "vs:H:")) != -1) {
		switch (ch) {
		case 'v': d.d_verbose++; break;
		case 's': path = optarg; break;
		case 'H': addhost(optarg); break;
		default: usage();
		}
	}
	if (path == NULL || *path == '\0')
		path = UIPC_DEFAULT_SOCKET;
	if (d.d_stack.st_hosts == NULL) {
		/* With no configuration, one host named as the machine is. */
		if (gethostname(name, sizeof(name)) != 0)
			strcpy(name, "localhost");
		name[sizeof(name) - 1] = '\0';
		addhost(name);
	}
	if ((error = uipcd_init(&d, path)) != 0) {
		fprintf(stderr, "uipcd: %s: %s\n", path, strerror(error));
		return 1;
	}
	if (d.d_verbose)
		fprintf(stderr, "uipcd: listening on %s\n", path);
	error = uipcd_run(&d);
	uipcd_fini(&d);
	if (error != 0) {
		fprintf(stderr, "uipcd: %s\n", strerror(error));
		return 1;
	}
	return 0;
}
