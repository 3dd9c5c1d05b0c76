/*
 * uipc's network subcommands, each about the host named by -H or
 * UIPC_HOST (default: the first):
 *
 *	uipc ifconfig [-H host] [ifname [address [netmask mask] [broadcast b] [up|down]]]
 *	uipc route [-H host] [add|delete dst[/len]|default [gateway]]
 *	uipc arp [-H host]
 *	uipc netstat -s [-H host]
 *
 * ifconfig with no name lists every interface as BSD's ifconfig -a does.
 * Changing anything needs uid 0 (uipcd answers EPERM otherwise).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lib/uipc_lib.h"
#include "sys/ctl_proto.h"

int cmd_ifconfig(int argc, char **argv);
int cmd_route(int argc, char **argv);
int cmd_arp(int argc, char **argv);
int cmd_netstat_s(int argc, char **argv);

/* Takes -H host off the arguments; returns the index of the first other. */
static int
hostopt(int argc, char **argv)
{
	int ch;

	optind = 1;
	while ((ch = getopt(argc, argv, "+H:s")) != -1) {
		if (ch == 'H')
			setenv("UIPC_HOST", optarg, 1);
	}
	return optind;
}

/* Prints a text reply and its continuations. */
static int
textcall(const char *what, uint16_t op, const int32_t a[4],
    void (*line)(char *))
{
	char buf[CTL_MAXDATA + 1], *l, *save;
	struct ctl_rep rep;
	size_t len = CTL_MAXDATA;

	if (ctl_call(op, a, NULL, 0, NULL, 0, &rep, buf, &len) < 0) {
		fprintf(stderr, "uipc %s: %s\n", what, strerror(errno));
		return 1;
	}
	for (;;) {
		buf[len] = '\0';
		for (l = strtok_r(buf, "\n", &save); l != NULL;
		    l = strtok_r(NULL, "\n", &save))
			line(l);
		if (!rep.cp_more)
			break;
		len = CTL_MAXDATA;
		if (ctl_more(&rep, buf, &len) < 0)
			break;
	}
	return 0;
}

static int
ifreq_call(unsigned long req, struct ifreq *r)
{
	return uipc_ifioctl(req, r);
}

static void
sin_set(struct sockaddr *sa, const char *s, int *bad)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)sa;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	if (inet_aton(s, &sin->sin_addr) == 0)
		*bad = 1;
}

/*
 * One "inet" line for the address in a (an entry of SIOCGIFCONF): passing
 * the address in ifr_addr asks for that address's netmask and broadcast
 * address, not the interface's first (if_ioctl.c, as Linux's).
 */
static void
show_addr(const char *name, unsigned flags, const struct sockaddr *a)
{
	struct ifreq r;

	memset(&r, 0, sizeof(r));
	snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", name);
	printf("\tinet %s", inet_ntoa(((const struct sockaddr_in *)a)->sin_addr));
	memcpy(&r.ifr_addr, a, sizeof(r.ifr_addr));
	if (ifreq_call(SIOCGIFNETMASK, &r) == 0)
		printf(" netmask %s", inet_ntoa(((struct sockaddr_in *)&r.ifr_netmask)->sin_addr));
	memcpy(&r.ifr_addr, a, sizeof(r.ifr_addr));
	if ((flags & IFF_BROADCAST) && ifreq_call(SIOCGIFBRDADDR, &r) == 0)
		printf(" broadcast %s", inet_ntoa(((struct sockaddr_in *)&r.ifr_broadaddr)->sin_addr));
	printf("\n");
}

/*
 * Interface name with every address conf (SIOCGIFCONF's n entries, one
 * per address, so an interface with an alias has more than one) lists
 * for it.
 */
static void
show_if(const char *name, const struct ifreq *conf, int n)
{
	struct ifreq r;
	unsigned flags;
	int mtu = 0, j;

	memset(&r, 0, sizeof(r));
	snprintf(r.ifr_name, sizeof(r.ifr_name), "%.*s", IFNAMSIZ - 1, name);
	if (ifreq_call(SIOCGIFFLAGS, &r) < 0)
		return;
	flags = (unsigned)(unsigned short)r.ifr_flags;
	if (ifreq_call(SIOCGIFMTU, &r) == 0)
		mtu = r.ifr_mtu;
	printf("%s: flags=%x<%s%s%s%s> mtu %d\n", r.ifr_name, flags,
	    flags & IFF_UP ? "UP" : "DOWN",
	    flags & IFF_BROADCAST ? ",BROADCAST" : "",
	    flags & IFF_LOOPBACK ? ",LOOPBACK" : "",
	    flags & IFF_RUNNING ? ",RUNNING" : "", mtu);
	for (j = 0; j < n; j++)
		if (strncmp(conf[j].ifr_name, r.ifr_name, IFNAMSIZ) == 0)
			show_addr(r.ifr_name, flags, &conf[j].ifr_addr);
}

int
cmd_ifconfig(int argc, char **argv)
{
	struct ifreq conf[CTL_MAXDATA / sizeof(struct ifreq)], r;
	struct ifconf ifc = { .ifc_len = sizeof(conf), .ifc_req = conf };
	int i = hostopt(argc, argv), n = 0, k, bad = 0;

	if (i + 1 >= argc) {
		if (uipc_ifioctl(SIOCGIFCONF, &ifc) < 0) {
			perror("uipc ifconfig");
			return 1;
		}
		n = ifc.ifc_len / (int)sizeof(struct ifreq);
	}
	if (i >= argc) {
		for (k = 0; k < n; k++) {
			int j = 0;

			while (j < k && strncmp(conf[j].ifr_name,
			    conf[k].ifr_name, IFNAMSIZ) != 0)
				j++;
			if (j == k)	/* its first entry */
				show_if(conf[k].ifr_name, conf, n);
		}
		return 0;
	}
	memset(&r, 0, sizeof(r));
	snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", argv[i]);
	if (i + 1 == argc) {
		if (ifreq_call(SIOCGIFFLAGS, &r) < 0) {
			fprintf(stderr, "uipc ifconfig: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		show_if(argv[i], conf, n);
		return 0;
	}
	for (k = i + 1; k < argc && !bad; k++) {
		unsigned long req;

		if (strcmp(argv[k], "up") == 0 || strcmp(argv[k], "down") == 0) {
			if (ifreq_call(SIOCGIFFLAGS, &r) < 0)
				goto fail;
			if (argv[k][0] == 'u')
				r.ifr_flags |= IFF_UP;
			else
				r.ifr_flags &= ~IFF_UP;
			req = SIOCSIFFLAGS;
		} else if (strcmp(argv[k], "netmask") == 0 && k + 1 < argc) {
			sin_set(&r.ifr_netmask, argv[++k], &bad);
			req = SIOCSIFNETMASK;
		} else if (strcmp(argv[k], "broadcast") == 0 && k + 1 < argc) {
			sin_set(&r.ifr_broadaddr, argv[++k], &bad);
			req = SIOCSIFBRDADDR;
		} else {
			sin_set(&r.ifr_addr, argv[k], &bad);
			req = SIOCSIFADDR;
		}
		if (bad) {
			fprintf(stderr, "uipc ifconfig: %s: bad address\n", argv[k]);
			return 2;
		}
		if (ifreq_call(req, &r) < 0)
			goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "uipc ifconfig: %s: %s\n", argv[i], strerror(errno));
	return 1;
}

static void
route_line(char *l)
{
	char dst[16], mask[16], gw[16], flags[8], ifn[IFNAMSIZ + 1];
	char shown[sizeof(dst) + 16];	/* the address and "/NN" */
	unsigned long long use;
	int len = 0;
	uint32_t m;
	struct in_addr a;

	if (sscanf(l, "%15s %15s %15s %7s %16s %llu", dst, mask, gw, flags, ifn,
	    &use) != 6)
		return;
	if (inet_aton(mask, &a)) {
		for (m = ntohl(a.s_addr); m & 0x80000000u; m <<= 1)
			len++;
	}
	if (strcmp(dst, "0.0.0.0") == 0 && len == 0)
		snprintf(shown, sizeof(shown), "default");
	else
		snprintf(shown, sizeof(shown), "%s/%d", dst, len);
	printf("%-20s %-16s %-6s %-8s %llu\n", shown, gw, flags, ifn, use);
}

int
cmd_route(int argc, char **argv)
{
	int32_t a[4] = { CTL_RT_LIST, 0, 0, 0 };
	int i = hostopt(argc, argv), len = 32;
	char dst[64], *slash;
	struct in_addr in;
	struct ctl_rep rep;

	if (i >= argc) {
		printf("%-20s %-16s %-6s %-8s %s\n", "DESTINATION", "GATEWAY",
		    "FLAGS", "IF", "USE");
		return textcall("route", CTL_ROUTE, a, route_line);
	}
	if (strcmp(argv[i], "add") == 0)
		a[0] = CTL_RT_ADD;
	else if (strcmp(argv[i], "delete") == 0)
		a[0] = CTL_RT_DELETE;
	else
		goto usage;
	if (i + 1 >= argc)
		goto usage;
	snprintf(dst, sizeof(dst), "%s", argv[i + 1]);
	if (strcmp(dst, "default") == 0) {
		in.s_addr = 0;
		len = 0;
	} else {
		if ((slash = strchr(dst, '/')) != NULL) {
			*slash = '\0';
			len = atoi(slash + 1);
		}
		if (inet_aton(dst, &in) == 0 || len < 0 || len > 32)
			goto usage;
	}
	a[1] = (int32_t)ntohl(in.s_addr);
	a[2] = (int32_t)(len == 0 ? 0 : 0xffffffffu << (32 - len));
	if (i + 2 < argc) {
		if (inet_aton(argv[i + 2], &in) == 0)
			goto usage;
		a[3] = (int32_t)ntohl(in.s_addr);
	}
	if (ctl_call(CTL_ROUTE, a, NULL, 0, NULL, 0, &rep, NULL, NULL) < 0) {
		fprintf(stderr, "uipc route: %s: %s\n", argv[i + 1], strerror(errno));
		return 1;
	}
	return 0;
usage:
	fprintf(stderr, "usage: uipc route [-H host] [add|delete dst[/len]|default [gateway]]\n");
	return 2;
}

static void
print_line(char *l)
{
	printf("%s\n", l);
}

static void
arp_line(char *l)
{
	char ip[16], mac[24], ifn[IFNAMSIZ + 1], state[16];

	if (sscanf(l, "%15s %23s %16s %15s", ip, mac, ifn, state) == 4)
		printf("%-16s %-18s %-8s %s\n", ip, mac, ifn, state);
}

int
cmd_arp(int argc, char **argv)
{
	hostopt(argc, argv);
	printf("%-16s %-18s %-8s %s\n", "ADDRESS", "HWADDRESS", "IF", "STATE");
	return textcall("arp", CTL_ARP, NULL, arp_line);
}

int
cmd_netstat_s(int argc, char **argv)
{
	hostopt(argc, argv);
	return textcall("netstat -s", CTL_INETSTAT, NULL, print_line);
}
