/*
 * uipc: the system's command.
 *
 *	uipc run [-H host] [--] program [args]
 *		Runs an unmodified program on uipc: its AF_UNIX (and AF_INET)
 *		sockets are uipc's, through the preload shim.  Starts uipcd
 *		when none answers at $UIPC_SOCKET.
 *	uipc netstat [-s [-H host]]
 *		Lists every socket of the system: id, host, domain, type,
 *		state, local name, peer name, receive and send buffer counts,
 *		and the listen queue.  -s: the host's protocol counters.
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

#include "lib/uipc_lib.h"
#include "sys/ctl_proto.h"

static char bindir[PATH_MAX];

int cmd_ifconfig(int argc, char **argv);
int cmd_route(int argc, char **argv);
int cmd_arp(int argc, char **argv);
int cmd_netstat_s(int argc, char **argv);
int cmd_clock(int argc, char **argv);

static void
usage(void)
{
	fprintf(stderr, "usage: uipc run [-H host] [--] program [args...]\n"
	    "       uipc netstat [-s [-H host]]\n"
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
	char preload[PATH_MAX + 64], *old;
	const char *path = sockpath();
	int ch;

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
	execvp(argv[optind], argv + optind);
	fprintf(stderr, "uipc: %s: %s\n", argv[optind], strerror(errno));
	return 127;
}

static int
cmd_netstat(void)
{
	char buf[CTL_MAXDATA + 1];
	struct ctl_rep rep;
	size_t len = CTL_MAXDATA;

	if (ctl_call(CTL_NETSTAT, NULL, NULL, 0, NULL, 0, &rep, buf, &len) < 0) {
		perror("uipc: netstat");
		return 1;
	}
	printf("%-5s %-8s %-4s %-9s %-14s %-24s %-24s %7s %7s %4s %7s %5s\n", "ID", "HOST",
	    "DOM", "TYPE", "STATE", "LOCAL", "PEER", "RECV-Q", "SEND-Q", "QLEN", "RTT-US", "CWND");
	for (;;) {
		char *line, *save = NULL;

		buf[len] = '\0';
		for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
			char id[24], host[64], dom[8], type[16], state[24], local[128], peer[128];
			char rtt[24] = "-", cwnd[24] = "-";
			unsigned rq, sq;
			long r, cw;
			int ql;

			if (sscanf(line, "%23s %63s %7s %15s %23s %127s %127s %u %u %d %ld %ld", id, host,
			    dom, type, state, local, peer, &rq, &sq, &ql, &r, &cw) != 12)
				continue;
			if (r >= 0)
				snprintf(rtt, sizeof(rtt), "%ld", r);
			if (cw >= 0)
				snprintf(cwnd, sizeof(cwnd), "%ld", cw);
			printf("%-5s %-8s %-4s %-9s %-14s %-24s %-24s %7u %7u %4d %7s %5s\n", id, host,
			    dom, type, state, local, peer, rq, sq, ql, rtt, cwnd);
		}
		if (!rep.cp_more)
			break;
		len = CTL_MAXDATA;
		if (ctl_more(&rep, buf, &len) < 0)
			break;
	}
	return 0;
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
	if (strcmp(argv[1], "netstat") == 0 && argc > 2 && strcmp(argv[2], "-s") == 0)
		return cmd_netstat_s(argc - 1, argv + 1);
	if (strcmp(argv[1], "netstat") == 0)
		return cmd_netstat();
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
