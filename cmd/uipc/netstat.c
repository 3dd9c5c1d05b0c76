/*
 * uipc netstat: the sockets of the system, as BSD's netstat lists them,
 * with the holding process as ss -p and BSD's fstat show it.
 *
 *	uipc netstat [-a] [-S|--state LIST] [-X|--exclude-state LIST]
 *	uipc netstat -s [-H host]
 *
 * Without -a, as BSD's netstat: no listening sockets, and none unbound,
 * bound but unconnected, closed or disconnected; only connections.  -a
 * shows every socket.  --state shows only the states in LIST (names
 * separated by commas, any case, '-' for '_': time-wait), whatever -a
 * says; --exclude-state hides them (--exclude-state TIME_WAIT keeps ten
 * thousand of them from burying the rest).  man/uipc.1 has the columns.
 *
 * uipcd answers each request with what the control connection has room
 * for (ctl_netstat.c), so the listing never waits on a reply that could
 * not be sent.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/uipc_lib.h"
#include "sys/ctl_proto.h"

int cmd_netstat(int argc, char **argv);
int cmd_netstat_s(int argc, char **argv);

#define NS_MAXSTATES	32

struct nsfilter {
	int all;
	int nshow, nhide;
	char show[NS_MAXSTATES][24], hide[NS_MAXSTATES][24];
};

/* States a listing without -a leaves out: servers and sockets with no connection. */
static const char *const quiet[] = { "LISTEN", "UNBOUND", "BOUND", "CLOSED", "DISCONNECTED", NULL };

/* Adds the comma-separated state names of list to set; -1 when there are too many. */
static int
addstates(char set[][24], int *n, const char *list)
{
	char buf[256], *s, *save = NULL, *c;

	snprintf(buf, sizeof(buf), "%s", list);
	for (s = strtok_r(buf, ",", &save); s != NULL; s = strtok_r(NULL, ",", &save)) {
		if (*n == NS_MAXSTATES || strlen(s) >= 24)
			return -1;
		for (c = s; *c != '\0'; c++)
			*c = *c == '-' ? '_' : (char)toupper((unsigned char)*c);
		strcpy(set[(*n)++], s);
	}
	return 0;
}

static int
instates(char set[][24], int n, const char *state)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(set[i], state) == 0)
			return 1;
	return 0;
}

static int
shown(struct nsfilter *f, const char *state)
{
	int i;

	if (f->nshow > 0)
		return instates(f->show, f->nshow, state);
	if (instates(f->hide, f->nhide, state))
		return 0;
	if (!f->all)
		for (i = 0; quiet[i] != NULL; i++)
			if (strcmp(quiet[i], state) == 0)
				return 0;
	return 1;
}

/* Prints one line of uipcd's page (ctl_netstat.c's fields) if the filter keeps it. */
static void
nsline(struct nsfilter *f, const char *line)
{
	char id[24], host[64], dom[8], type[16], state[24], local[128], peer[128];
	char rtt[24] = "-", cwnd[24] = "-", pid[24] = "-", qlen[24] = "-";
	unsigned rq, sq;
	long r, cw;
	int ql, p, off = 0;

	if (sscanf(line, "%23s %63s %7s %15s %23s %127s %127s %u %u %d %ld %ld %d %n", id, host,
	    dom, type, state, local, peer, &rq, &sq, &ql, &r, &cw, &p, &off) != 13 || off == 0)
		return;
	if (!shown(f, state))
		return;
	if (r >= 0)
		snprintf(rtt, sizeof(rtt), "%ld", r);
	if (cw >= 0)
		snprintf(cwnd, sizeof(cwnd), "%ld", cw);
	if (p > 0)
		snprintf(pid, sizeof(pid), "%d", p);
	/* Only a listener has a queue of connections to count. */
	if (strcmp(state, "LISTEN") == 0)
		snprintf(qlen, sizeof(qlen), "%d", ql);
	printf("%-5s %-8s %-4s %-9s %-14s %-24s %-24s %7u %7u %4s %7s %5s %7s %s\n", id, host,
	    dom, type, state, local, peer, rq, sq, qlen, rtt, cwnd, pid, line + off);
}

static void
nsusage(void)
{
	fprintf(stderr, "usage: uipc netstat [-a] [-S|--state LIST] [-X|--exclude-state LIST]\n"
	    "       uipc netstat -s [-H host]\n");
	exit(2);
}

int
cmd_netstat(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "state", required_argument, NULL, 'S' },
		{ "exclude-state", required_argument, NULL, 'X' },
		{ NULL, 0, NULL, 0 },
	};
	static struct nsfilter f;
	char buf[CTL_MAXDATA + 1], *line, *save;
	struct ctl_rep rep;
	uint64_t cursor = 0, next;
	int32_t arg[4] = { 0 };
	size_t len;
	int ch, i, first = 1, batchend;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-s") == 0)
			return cmd_netstat_s(argc, argv);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "aS:X:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': f.all = 1; break;
		case 'S':
			if (addstates(f.show, &f.nshow, optarg) < 0)
				nsusage();
			break;
		case 'X':
			if (addstates(f.hide, &f.nhide, optarg) < 0)
				nsusage();
			break;
		default: nsusage();
		}
	}
	if (optind != argc)
		nsusage();
	/* Batches of pages, each asked for: newest socket first (ctl_netstat.c). */
	for (batchend = 1;;) {
		len = CTL_MAXDATA;
		if (batchend) {
			arg[0] = (int32_t)(uint32_t)cursor;
			arg[1] = (int32_t)(uint32_t)(cursor >> 32);
			if (ctl_call(CTL_NETSTAT, arg, NULL, 0, NULL, 0, &rep, buf, &len) < 0) {
				fprintf(stderr, "uipc netstat: %s\n", strerror(errno));
				return 1;
			}
		} else if (ctl_more(&rep, buf, &len) < 0 || rep.cp_op != CTL_NETSTAT) {
			fprintf(stderr, "uipc netstat: uipcd's answer broke off\n");
			return 1;
		}
		if (first)
			printf("%-5s %-8s %-4s %-9s %-14s %-24s %-24s %7s %7s %4s %7s %5s %7s %s\n",
			    "ID", "HOST", "DOM", "TYPE", "STATE", "LOCAL", "PEER", "RECV-Q", "SEND-Q",
			    "QLEN", "RTT-US", "CWND", "PID", "PROGRAM");
		buf[len] = '\0';
		save = NULL;
		for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
			nsline(&f, line);
		first = 0;
		next = (uint64_t)(uint32_t)rep.cp_val[0] | (uint64_t)(uint32_t)rep.cp_val[1] << 32;
		batchend = rep.cp_val[2] != 0;
		/* Each page ends below the last; one that does not would repeat for ever. */
		if (!rep.cp_more || next == 0 || (cursor != 0 && next >= cursor))
			break;
		cursor = next;
	}
	fflush(stdout);
	return ferror(stdout) ? 1 : 0;
}
