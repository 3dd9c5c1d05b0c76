/*
 * uipc: the system's command.
 *
 *	uipc run [-H host] [--] program [args]
 *		Runs an unmodified program on uipc: its AF_UNIX (and AF_INET)
 *		sockets are uipc's, through the preload shim, and under a
 *		seccomp filter none reaches the host's network; a static
 *		program is served by uipc run itself (supervise.c).  Starts
 *		uipcd when none answers at $UIPC_SOCKET.
 *	uipc netstat [-a] [--state LIST] [--exclude-state LIST] | -s [-H host]
 *		Lists the sockets of the system: id, host, domain, type,
 *		state, local name, peer name, receive and send buffer counts,
 *		the listen queue, TCP's round-trip time and window, and the
 *		process holding it (netcmds.c).  -s: the host's protocol counters.
 *	uipc ifconfig, uipc route, uipc arp
 *		The host's interfaces, routes and ARP cache (netcmds.c).
 *	uipc clock [+DURATION]
 *		The system's wall clock; moves it forward (clock.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "supervise.h"
#include "lib/trap.h"
#include "lib/uipc_lib.h"
#include "sys/ctl_proto.h"

static char bindir[PATH_MAX];

int uipc_supervise(char **argv);

int cmd_ifconfig(int argc, char **argv);
int cmd_route(int argc, char **argv);
int cmd_arp(int argc, char **argv);
int cmd_netstat(int argc, char **argv);
int cmd_clock(int argc, char **argv);

static void
usage(void)
{
	fprintf(stderr, "usage: uipc run [-H host] [--] program [args...]\n"
	    "       uipc netstat [-a] [--state LIST] [--exclude-state LIST]\n"
	    "       uipc netstat -s [-H host]\n"
	    "       uipc ifconfig [-H host] [ifname [address] [netmask m] [broadcast b] [up|down]]\n"
	    "       uipc route [-H host] [add|delete dst[/len]|default [gateway]]\n"
	    "       uipc arp [-H host]\n"
	    "       uipc clock [+DURATION]\n");
	exit(2);
}

static const char *
sockpath(void)
{
	const char *p = getenv("UIPC_SOCKET");

	return p != NULL && *p != '\0' ? p : UIPC_DEFAULT_SOCKET;
}

static int
answers(const char *path)
{
	struct sockaddr_un sun;
	int fd, ok;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0)
		return 0;
	ok = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return ok;
}

/* Starts uipcd in the background and waits (at most 5 s) until it answers. */
static int
start_uipcd(const char *path)
{
	char prog[PATH_MAX + 16];
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	pid_t pid;
	int i, fd;

	snprintf(prog, sizeof(prog), "%s/uipcd", bindir);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		setsid();
		if ((fd = open("/dev/null", O_RDWR)) >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (fork() == 0) {
			execl(prog, "uipcd", "-s", path, (char *)NULL);
			_exit(127);
		}
		_exit(0);
	}
	for (i = 0; i < 500; i++) {
		if (answers(path))
			return 0;
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "uipc: started %s, but it does not answer at %s\n", prog, path);
	return -1;
}

static int
cmd_run(int argc, char **argv)
{
	char preload[PATH_MAX + 64], abspath[PATH_MAX], cwd[PATH_MAX], *old;
	const char *path = sockpath();
	int ch;

	/*
	 * The program keeps this path for its whole life (and its children
	 * after exec): relative, it would name another place once the
	 * program changes directory.
	 */
	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL &&
	    strlen(cwd) + 1 + strlen(path) < sizeof(abspath)) {
		memcpy(abspath, cwd, strlen(cwd));
		abspath[strlen(cwd)] = '/';
		strcpy(abspath + strlen(cwd) + 1, path);
		path = abspath;
	}

	optind = 1;
	while ((ch = getopt(argc, argv, "+H:")) != -1) {
		switch (ch) {
		case 'H': setenv("UIPC_HOST", optarg, 1); break;
		default: usage();
		}
	}
	if (optind >= argc)
		usage();
	if (!answers(path) && start_uipcd(path) < 0)
		return 1;
	snprintf(preload, sizeof(preload), "%s/../lib/libuipc_preload.so", bindir);
	if (access(preload, R_OK) != 0) {
		fprintf(stderr, "uipc: %s: %s\n", preload, strerror(errno));
		return 1;
	}
	old = getenv("LD_PRELOAD");
	if (old != NULL && *old != '\0') {
		char both[2 * PATH_MAX];

		snprintf(both, sizeof(both), "%s:%s", preload, old);
		setenv("LD_PRELOAD", both, 1);
	} else {
		setenv("LD_PRELOAD", preload, 1);
	}
	setenv("UIPC_SOCKET", path, 1);
	/* uipcd's database files, beside its socket (src/sys/netdb_files.c). */
	if (getenv("UIPC_ETC") == NULL) {
		char etc[PATH_MAX + 8], *slash;

		snprintf(etc, sizeof(etc), "%s", path);
		if ((slash = strrchr(etc, '/')) != NULL) {
			strcpy(slash, "/etc");
			if (access(etc, R_OK) == 0)
				setenv("UIPC_ETC", etc, 1);
		}
	}
	/*
	 * The net under the shim (DESIGN.md): a program that never loads the
	 * shim (a static binary) is served by a supervisor (supervise.c), or
	 * where none can be had gets no socket of the host's; the shim's own
	 * calls, from its trampoline page, pass.
	 */
	if (uipc_is_static(argv[optind])) {
		int st = uipc_supervise(argv + optind);

		if (st >= 0)
			return st;
	}
	if (uipc_trap_install(UIPC_TRAP_REFUSE) < 0)
		fprintf(stderr, "uipc: no seccomp filter (%s): a program that does not load "
		    "the shim could reach the host's network\n", strerror(errno));
	execvp(argv[optind], argv + optind);
	fprintf(stderr, "uipc: %s: %s\n", argv[optind], strerror(errno));
	return 127;
}

int
main(int argc, char **argv)
{
	ssize_t n;

	char self[PATH_MAX];

	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) > 0) {
		self[n] = '\0';
		snprintf(bindir, sizeof(bindir), "%s", dirname(self));
	}
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (strcmp(argv[1], "netstat") == 0)
		return cmd_netstat(argc - 1, argv + 1);
	if (strcmp(argv[1], "ifconfig") == 0)
		return cmd_ifconfig(argc - 1, argv + 1);
	if (strcmp(argv[1], "route") == 0)
		return cmd_route(argc - 1, argv + 1);
	if (strcmp(argv[1], "arp") == 0)
		return cmd_arp(argc - 1, argv + 1);
	if (strcmp(argv[1], "clock") == 0)
		return cmd_clock(argc - 1, argv + 1);
	usage();
	return 2;
}
