/*
 * Where this host's status goes (primer §4.3).  The interfaces are found
 * by asking the system, never from a file (the primer's wish, answered by
 * SIOCGIFCONF and its companions): each one up and able to broadcast gets
 * the status at its broadcast address, each point-to-point one at its
 * peer.  For networks without broadcast, a list of neighbours is given on
 * the command line or in a file, and each gets the status by unicast
 * ("inform one or more servers of known neighbors").
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <arpa/inet.h>

#include "rwhod.h"

struct dest dests[MAXDEST];
int ndests;

static struct dest *
dest_new(void)
{
	if (ndests == MAXDEST) {
		fprintf(stderr, "rwhod: more than %d destinations; the rest are ignored\n", MAXDEST);
		return NULL;
	}
	memset(&dests[ndests], 0, sizeof(dests[0]));
	return &dests[ndests++];
}

static struct in_addr
sin_addr(const struct sockaddr *sa)
{
	return ((const struct sockaddr_in *)sa)->sin_addr;
}

/*
 * Adds the interfaces of this host that `which' (IF_BROADCAST,
 * IF_POINTOPOINT) selects.  Returns how many, or -1.
 */
int
dest_interfaces(int s, int which, u_short port)
{
	struct ifreq buf[64], ifr, *ifp;
	struct ifconf ifc;
	struct dest *d;
	int n, added = 0;

	ifc.ifc_len = sizeof(buf);
	ifc.ifc_req = buf;
	if (ioctl(s, SIOCGIFCONF, &ifc) < 0) {
		perror("rwhod: ioctl (get interface configuration)");
		return -1;
	}
	n = ifc.ifc_len / (int)sizeof(struct ifreq);
	for (ifp = buf; ifp < buf + n; ifp++) {
		if (ifp->ifr_addr.sa_family != AF_INET)
			continue;
		memset(&ifr, 0, sizeof(ifr));
		memcpy(ifr.ifr_name, ifp->ifr_name, sizeof(ifr.ifr_name));
		if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
			perror("rwhod: ioctl (get interface flags)");
			continue;
		}
		if (!(ifr.ifr_flags & IFF_UP) || (ifr.ifr_flags & IFF_LOOPBACK))
			continue;
		if ((ifr.ifr_flags & IFF_POINTOPOINT) && (which & IF_POINTOPOINT)) {
			if (ioctl(s, SIOCGIFDSTADDR, &ifr) < 0) {
				perror("rwhod: ioctl (get peer address)");
				continue;
			}
			if ((d = dest_new()) == NULL)
				break;
			d->d_addr.sin_addr = sin_addr(&ifr.ifr_dstaddr);
			d->d_net = d->d_addr.sin_addr;
			d->d_mask.s_addr = INADDR_BROADCAST;
			snprintf(d->d_what, sizeof(d->d_what), "%.16s peer", ifp->ifr_name);
		} else if ((ifr.ifr_flags & IFF_BROADCAST) && (which & IF_BROADCAST)) {
			if (ioctl(s, SIOCGIFBRDADDR, &ifr) < 0) {
				perror("rwhod: ioctl (get broadcast address)");
				continue;
			}
			if ((d = dest_new()) == NULL)
				break;
			d->d_addr.sin_addr = sin_addr(&ifr.ifr_broadaddr);
			if (ioctl(s, SIOCGIFNETMASK, &ifr) == 0)
				d->d_mask = sin_addr(&ifr.ifr_netmask);
			d->d_net.s_addr = sin_addr(&ifp->ifr_addr).s_addr & d->d_mask.s_addr;
			snprintf(d->d_what, sizeof(d->d_what), "%.16s broadcast", ifp->ifr_name);
		} else {
			continue;
		}
		d->d_addr.sin_family = AF_INET;
		d->d_addr.sin_port = port;
		added++;
	}
	return added;
}

/* A neighbour by name or address (primer §3's gethostbyname).  0 or -1. */
int
dest_neighbour(const char *name, u_short port)
{
	struct hostent *hp;
	struct dest *d;
	struct in_addr a;

	if (inet_aton(name, &a) == 0) {
		if ((hp = gethostbyname(name)) == NULL || hp->h_addrtype != AF_INET) {
			fprintf(stderr, "rwhod: %s: unknown host\n", name);
			return -1;
		}
		memcpy(&a, hp->h_addr_list[0], sizeof(a));
	}
	if ((d = dest_new()) == NULL)
		return -1;
	d->d_addr.sin_family = AF_INET;
	d->d_addr.sin_port = port;
	d->d_addr.sin_addr = a;
	snprintf(d->d_what, sizeof(d->d_what), "neighbour %.28s", name);
	return 0;
}

/* Neighbours, one a line; '#' starts a comment.  0 or -1. */
int
dest_neighbour_file(const char *path, u_short port)
{
	char line[256], name[256];
	FILE *f = fopen(path, "r");
	int error = 0;

	if (f == NULL) {
		fprintf(stderr, "rwhod: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *hash = strchr(line, '#');

		if (hash != NULL)
			*hash = '\0';
		if (sscanf(line, "%255s", name) == 1 && dest_neighbour(name, port) < 0)
			error = -1;
	}
	fclose(f);
	return error;
}

/*
 * Sends buf to every destination, except, when forwarding a packet that
 * came from `from', toward where it came from: the network of the
 * interface it arrived on, or the neighbour that sent it (primer §4.3's
 * footnote: no status goes back the way it came).
 */
void
dest_send(int s, const void *buf, int len, const struct sockaddr_in *from)
{
	struct dest *d;

	for (d = dests; d < dests + ndests; d++) {
		if (from != NULL && d->d_mask.s_addr != 0 &&
		    (from->sin_addr.s_addr & d->d_mask.s_addr) == d->d_net.s_addr)
			continue;
		if (from != NULL && d->d_mask.s_addr == 0 &&
		    from->sin_addr.s_addr == d->d_addr.sin_addr.s_addr)
			continue;
		if (sendto(s, buf, (size_t)len, 0, (struct sockaddr *)&d->d_addr,
		    sizeof(d->d_addr)) < 0)
			fprintf(stderr, "rwhod: sendto %s (%s): %s\n",
			    inet_ntoa(d->d_addr.sin_addr), d->d_what, strerror(errno));
		else if (debug)
			fprintf(stderr, "rwhod: %s %d bytes to %s (%s)\n",
			    from ? "forwarded" : "sent", len,
			    inet_ntoa(d->d_addr.sin_addr), d->d_what);
	}
}
