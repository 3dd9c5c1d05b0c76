/*
 * The system's database files for the network library routines (primer
 * §3, issue 5): uipcd writes hosts and networks for its configured hosts
 * and segments into a directory beside its control socket, and `uipc run`
 * points its programs at it (UIPC_ETC), so that gethostbyname("cad") on any
 * host finds cad's address on the virtual network.  Names missing there
 * (localhost, the protocols and services) fall back to the host's /etc
 * files (src/lib/netdb).  getnetbyname("localnet") names the network of
 * the first configured interface, as the primer's rwhod (Figure 4) asks.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/if_seg.h"
#include "net/if_var.h"
#include "net/net_host.h"
#include "sys/uipcd.h"

/*
 * The directory is opened once, refusing a symbolic link, and must be
 * uipcd's own and writable by no one else (its own group aside): the files are made in it by
 * descriptor (openat, renameat), so no name another user controls is
 * followed between the check and the write.
 */
static int
db_dir(const char *dir, int *dfd)
{
	struct stat st;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return errno;
	if ((*dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return errno == ENOTDIR ? ELOOP : errno;
	if (fstat(*dfd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & 002) ||
	    ((st.st_mode & 020) && st.st_gid != getegid())) {
		close(*dfd);
		*dfd = -1;
		return EPERM;
	}
	return 0;
}

/* A new file name.new (never an existing one, never through a link), mode 0644. */
static FILE *
db_open(int dfd, const char *name, char *tmp, size_t len)
{
	FILE *f;
	int fd;

	snprintf(tmp, len, "%s.new", name);
	if (unlinkat(dfd, tmp, 0) < 0 && errno != ENOENT)
		return NULL;
	if ((fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0)
		return NULL;
	/* Readable by every program: the umask does not decide it. */
	if (fchmod(fd, 0644) < 0 || (f = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlinkat(dfd, tmp, 0);
		return NULL;
	}
	return f;
}

/* Renames the new file over the old, so readers see one or the other whole. */
static int
db_close(FILE *f, int dfd, const char *name, const char *tmp)
{
	if (fclose(f) != 0 || renameat(dfd, tmp, dfd, name) != 0)
		return errno;
	return 0;
}

/*
 * Appends the configuration's own database file for name (uipc.conf(5)'s
 * "database" lines), or, for protocols and services, copies it whole.
 */
static int
db_append(FILE *f, const char *path)
{
	char buf[4096];
	FILE *in;
	size_t n;

	if (path[0] == '\0')
		return 0;
	if ((in = fopen(path, "r")) == NULL)
		return errno;
	fprintf(f, "# From %s:\n", path);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, f);
	fclose(in);
	return 0;
}

/* The network number as a networks file writes it: 10.0.0 for 10.0.0.0/24. */
static void
netnumber(uint32_t net, uint32_t mask, char *buf, size_t len)
{
	int parts = mask >= 0xffffff00u ? 3 : mask >= 0xffff0000u ? 2 : mask >= 0xff000000u ? 1 : 4;

	if (parts == 3)
		snprintf(buf, len, "%u.%u.%u", net >> 24, (net >> 16) & 255, (net >> 8) & 255);
	else if (parts == 2)
		snprintf(buf, len, "%u.%u", net >> 24, (net >> 16) & 255);
	else if (parts == 1)
		snprintf(buf, len, "%u", net >> 24);
	else
		snprintf(buf, len, "%u.%u.%u.%u", net >> 24, (net >> 16) & 255, (net >> 8) & 255, net & 255);
}

int
uipcd_databases(struct uipcd *d, const char *dir, char *err, size_t errlen)
{
	char tmp[512], a[INET_ADDRSTRLEN], num[32];
	uint32_t nets[64], masks[64], n;
	struct in_ifaddr *ia;
	struct seg_port *sp;
	struct ifnet *ifp;
	struct host *h;
	unsigned nnets = 0, i;
	FILE *f;
	int error, first = 1, dfd = -1;

	if ((error = db_dir(dir, &dfd)) != 0) {
		snprintf(err, errlen, "%s: %s%s", dir, strerror(error), error == EPERM ?
		    " (not uipcd's own, or others may write it)" : "");
		return error;
	}
	if ((f = db_open(dfd, "hosts", tmp, sizeof(tmp))) == NULL)
		goto bad;
	fprintf(f, "# Written by uipcd for its hosts; other names: /etc/hosts.\n");
	fprintf(f, "127.0.0.1\tlocalhost\n");
	for (h = d->d_stack->st_hosts; h != NULL; h = h->h_next) {
		if (h->h_net == NULL)
			continue;
		for (ifp = h->h_net->nh_ifnets; ifp != NULL; ifp = ifp->if_next) {
			if (ifp->if_flags & IFF_LOOPBACK)
				continue;
			for (ia = ifp->if_addrs; ia != NULL; ia = ia->ifa_next) {
				n = htonl(ia->ifa_addr);
				inet_ntop(AF_INET, &n, a, sizeof(a));
				fprintf(f, "%s\t%s\n", a, h->h_name);
			}
		}
	}
	db_append(f, d->d_dbpath[0]);
	if ((error = db_close(f, dfd, "hosts", tmp)) != 0)
		goto bad;

	if ((f = db_open(dfd, "networks", tmp, sizeof(tmp))) == NULL)
		goto bad;
	fprintf(f, "# Written by uipcd for its segments; other names: /etc/networks.\n");
	for (h = d->d_stack->st_hosts; h != NULL; h = h->h_next) {
		if (h->h_net == NULL)
			continue;
		for (ifp = h->h_net->nh_ifnets; ifp != NULL; ifp = ifp->if_next) {
			if (ifp->if_flags & IFF_LOOPBACK)
				continue;
			for (ia = ifp->if_addrs; ia != NULL; ia = ia->ifa_next) {
				uint32_t net = ia->ifa_addr & ia->ifa_mask;

				for (i = 0; i < nnets; i++)
					if (nets[i] == net && masks[i] == ia->ifa_mask)
						break;
				if (i < nnets || nnets == sizeof(nets) / sizeof(nets[0]))
					continue;
				nets[nnets] = net;
				masks[nnets++] = ia->ifa_mask;
				netnumber(net, ia->ifa_mask, num, sizeof(num));
				sp = seg_port_of(ifp);
				if (sp != NULL && sp->sp_seg != NULL)
					fprintf(f, "%s\t%s%s\n", sp->sp_seg->seg_name, num,
					    first ? "\tlocalnet" : "");
				else
					fprintf(f, "net-%s\t%s%s\n", num, num, first ? "\tlocalnet" : "");
				first = 0;
			}
		}
	}
	db_append(f, d->d_dbpath[1]);
	if ((error = db_close(f, dfd, "networks", tmp)) != 0)
		goto bad;
	/* Protocols and services only when the configuration names them;
	 * otherwise the routines read the machine's /etc files. */
	for (i = 2; i < 4; i++) {
		static const char *const names[4] = { "hosts", "networks", "protocols", "services" };

		if (d->d_dbpath[i][0] == '\0')
			continue;
		if ((f = db_open(dfd, names[i], tmp, sizeof(tmp))) == NULL)
			goto bad;
		if ((error = db_append(f, d->d_dbpath[i])) != 0) {
			fclose(f);
			close(dfd);
			snprintf(err, errlen, "%s: %s", d->d_dbpath[i], strerror(error));
			return error;
		}
		if ((error = db_close(f, dfd, names[i], tmp)) != 0)
			goto bad;
	}
	close(dfd);
	return 0;
bad:
	error = errno;
	close(dfd);
	snprintf(err, errlen, "%s: %s", dir, strerror(error));
	return error;
}
