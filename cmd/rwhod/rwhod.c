/*
 * rwhod: the rwho server of primer §4.3, in the shape of Figure 4.
 *
 *	rwhod [-bpfd] [-i seconds] [-n neighbour]... [-N file] [-u user]
 *
 * Two tasks.  The main loop receives status packets at the who port,
 * checks that another rwho server sent them (source port 513, at least a
 * header's length, version and type, a printable host name with no '/'),
 * stamps each with its arrival time and writes it to whod.HOST in the
 * spool directory ($RWHODIR, default /var/spool/rwho), whole or not at
 * all (written under another name, then renamed).  A timer, run off
 * SIGALRM, sends this host's status every 180 seconds (-i to change) to
 * each broadcast interface and point-to-point peer the system reports,
 * and to each neighbour given with -n or -N (dest.c).
 *
 * With -f, a status heard from another host is passed on to the other
 * destinations, as the primer suggests for networks without broadcast;
 * its footnote's loops are ruled out: a host never forwards its own
 * status, never sends a status back the way it came, and forwards each
 * (host, send time) once.
 *
 * It must start as the super-user, to bind the reserved port; then it
 * runs as user rwhod (or nobody; -u to choose).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <paths.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "rwhod.h"

#define AL_INTERVAL	(3 * 60)	/* ruptime's down time check assumes this */
#define MAXFWD		256		/* hosts whose forwarding is remembered */

int debug;

static volatile sig_atomic_t alarmed;
static int forward;
static char myname[sizeof(((struct whod *)0)->wd_hostname)];

/* The last send time forwarded of each host (no packet is forwarded twice). */
static struct fwd {
	char f_host[sizeof(((struct whod *)0)->wd_hostname)];
	int f_sendtime;
} fwds[MAXFWD];
static int nfwds;

static void
usage(void)
{
	fprintf(stderr, "usage: rwhod [-bpfd] [-i seconds] [-n neighbour]... [-N file] [-u user]\n");
	exit(2);
}

static void
onalrm(int sig)
{
	(void)sig;
	alarmed = 1;
}

/* A host name of printable characters and no '/', as netkit accepts. */
static int
verify(const char *name)
{
	if (*name == '\0')
		return 0;
	for (; *name != '\0'; name++)
		if ((unsigned char)*name >= 0x80 || !(isalnum((unsigned char)*name) || ispunct((unsigned char)*name)) || *name == '/')
			return 0;
	return 1;
}

/* Sends this host's status (the timer's task). */
static void
send_status(int s)
{
	struct whod wd;
	int len = status_make(&wd, myname, sizeof(myname));

	dest_send(s, &wd, len, NULL);
}

/*
 * Passes a status on (-f): never this host's own, never one already
 * forwarded (the same host and send time, or an older one).
 */
static void
forward_status(int s, const struct whod *wd, int cc, const struct sockaddr_in *from)
{
	int sendtime = (int)ntohl((uint32_t)wd->wd_sendtime), i;

	if (strcmp(wd->wd_hostname, myname) == 0)
		return;
	for (i = 0; i < nfwds; i++)
		if (strcmp(fwds[i].f_host, wd->wd_hostname) == 0)
			break;
	if (i < nfwds && sendtime <= fwds[i].f_sendtime)
		return;
	if (i == nfwds) {
		if (nfwds == MAXFWD)
			return;	/* cannot remember it: do not risk a loop */
		nfwds++;
		strcpy(fwds[i].f_host, wd->wd_hostname);
	}
	fwds[i].f_sendtime = sendtime;
	if (debug)
		fprintf(stderr, "rwhod: forwarding status of %s sent at %d\n", wd->wd_hostname, sendtime);
	dest_send(s, wd, cc, from);
}

/* The packet's integers in host order, as the spool files hold them. */
static void
to_host_order(struct whod *wd, int cc)
{
	struct whoent *we;
	int i;

	wd->wd_sendtime = (int)ntohl((uint32_t)wd->wd_sendtime);
	wd->wd_boottime = (int)ntohl((uint32_t)wd->wd_boottime);
	for (i = 0; i < 3; i++)
		wd->wd_loadav[i] = (int)ntohl((uint32_t)wd->wd_loadav[i]);
	for (we = wd->wd_we; (char *)(we + 1) <= (char *)wd + cc; we++) {
		we->we_utmp.out_time = (int32_t)ntohl((uint32_t)we->we_utmp.out_time);
		we->we_idle = (int)ntohl((uint32_t)we->we_idle);
	}
}

/* Writes whod.HOST whole: a reader never sees half of it. */
static void
spool(const struct whod *wd, int cc)
{
	char tmp[sizeof(wd->wd_hostname) + 16], path[sizeof(wd->wd_hostname) + 8];
	int fd;

	snprintf(tmp, sizeof(tmp), ".whod.%s", wd->wd_hostname);
	snprintf(path, sizeof(path), "whod.%s", wd->wd_hostname);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "rwhod: %s: %s\n", tmp, strerror(errno));
		return;
	}
	fchmod(fd, 0644);
	if (write(fd, wd, (size_t)cc) != cc || close(fd) < 0) {
		fprintf(stderr, "rwhod: %s: %s\n", tmp, strerror(errno));
		unlink(tmp);
		return;
	}
	if (rename(tmp, path) < 0) {
		fprintf(stderr, "rwhod: %s: %s\n", path, strerror(errno));
		unlink(tmp);
	}
}

static void
drop_privileges(const char *user)
{
	struct passwd *pw = NULL;

	if (user != NULL)
		pw = getpwnam(user);
	else if ((pw = getpwnam("rwhod")) == NULL)
		pw = getpwnam("nobody");
	if (pw == NULL) {
		fprintf(stderr, "rwhod: %s: unknown user\n", user ? user : "nobody");
		exit(1);
	}
	if (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0) {
		perror("rwhod: cannot drop privileges");
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin, from;
	struct servent *sp;
	struct itimerval it;
	struct sigaction sa;
	const char *user = NULL, *dir;
	int s, ch, on = 1, which = 0, interval = AL_INTERVAL;

	sp = getservbyname("who", "udp");
	if (sp == NULL) {
		fprintf(stderr, "rwhod: udp/who: unknown service\n");
		exit(1);
	}
	while ((ch = getopt(argc, argv, "bpfdi:n:N:u:")) != -1) {
		switch (ch) {
		case 'b': which |= IF_BROADCAST; break;
		case 'p': which |= IF_POINTOPOINT; break;
		case 'f': forward = 1; break;
		case 'd': debug = 1; break;
		case 'i':
			if ((interval = atoi(optarg)) <= 0)
				usage();
			break;
		case 'n':
			if (dest_neighbour(optarg, sp->s_port) < 0)
				exit(1);
			break;
		case 'N':
			if (dest_neighbour_file(optarg, sp->s_port) < 0)
				exit(1);
			break;
		case 'u': user = optarg; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (which == 0)
		which = IF_BROADCAST | IF_POINTOPOINT;
	if (geteuid() != 0) {
		fprintf(stderr, "rwhod: not super user\n");
		exit(1);
	}
	if ((dir = getenv("RWHODIR")) == NULL || *dir == '\0')
		dir = _PATH_RWHODIR;
	if (chdir(dir) < 0) {
		fprintf(stderr, "rwhod: %s: %s\n", dir, strerror(errno));
		exit(1);
	}
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0) {
		perror("rwhod: socket");
		exit(1);
	}
	if (setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on)) < 0) {
		perror("rwhod: setsockopt SO_BROADCAST");
		exit(1);
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = sp->s_port;
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		perror("rwhod: bind");
		exit(1);
	}
	if (dest_interfaces(s, which, sp->s_port) < 0)
		exit(1);
	drop_privileges(user);
	if (debug) {
		int i;

		for (i = 0; i < ndests; i++)
			fprintf(stderr, "rwhod: destination %s (%s)\n",
			    inet_ntoa(dests[i].d_addr.sin_addr), dests[i].d_what);
	}
	/* The timer interrupts the receive: no SA_RESTART. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onalrm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_interval.tv_sec = interval;
	it.it_value.tv_sec = interval;
	setitimer(ITIMER_REAL, &it, NULL);
	send_status(s);
	for (;;) {
		struct whod wd;
		socklen_t len = sizeof(from);
		int cc;

		if (alarmed) {
			alarmed = 0;
			send_status(s);
		}
		memset(&wd, 0, sizeof(wd));
		cc = (int)recvfrom(s, (char *)&wd, sizeof(struct whod), 0,
		    (struct sockaddr *)&from, &len);
		if (cc <= 0) {
			if (cc < 0 && errno != EINTR)
				perror("rwhod: recv");
			continue;
		}
		if (from.sin_port != sp->s_port) {
			fprintf(stderr, "rwhod: %d: bad from port\n", ntohs(from.sin_port));
			continue;
		}
		if (cc < WHDRSIZE) {
			fprintf(stderr, "rwhod: short packet (%d bytes) from %s\n", cc,
			    inet_ntoa(from.sin_addr));
			continue;
		}
		if (wd.wd_vers != WHODVERSION || wd.wd_type != WHODTYPE_STATUS) {
			fprintf(stderr, "rwhod: version %d type %d from %s\n", wd.wd_vers,
			    wd.wd_type, inet_ntoa(from.sin_addr));
			continue;
		}
		wd.wd_hostname[sizeof(wd.wd_hostname) - 1] = '\0';
		if (!verify(wd.wd_hostname)) {
			fprintf(stderr, "rwhod: malformed host name from %s\n",
			    inet_ntoa(from.sin_addr));
			continue;
		}
		if (forward)
			forward_status(s, &wd, cc, &from);
		to_host_order(&wd, cc);
		wd.wd_recvtime = (int)time(NULL);
		spool(&wd, cc);
		if (debug)
			fprintf(stderr, "rwhod: status of %s from %s, %d bytes\n",
			    wd.wd_hostname, inet_ntoa(from.sin_addr), cc);
	}
}
