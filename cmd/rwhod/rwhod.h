/*
 * rwhod: the rwho server of primer §4.3 (Figure 4), protocol-compatible
 * with 4.2BSD's and netkit's (struct whod of <protocols/rwhod.h>: a 60-byte
 * header and 24-byte entries, integers in network byte order on the wire,
 * in host order in the spool files).
 */
#ifndef RWHOD_H
#define RWHOD_H

#include <netinet/in.h>
#include <protocols/rwhod.h>

#define WHDRSIZE	((int)(sizeof(struct whod) - sizeof(((struct whod *)0)->wd_we)))
#define NWHOENT		((int)(sizeof(((struct whod *)0)->wd_we) / sizeof(struct whoent)))

/* Where status goes: an interface's broadcast address or peer, or a neighbour. */
struct dest {
	struct sockaddr_in d_addr;	/* port included */
	struct in_addr d_net, d_mask;	/* an interface's network; 0 for a neighbour */
	char d_what[40];		/* "en0 broadcast", "neighbour monet" */
};

#define MAXDEST	64

extern struct dest dests[MAXDEST];
extern int ndests;
extern int debug;

/* dest.c */
int	dest_interfaces(int s, int which, u_short port);
int	dest_neighbour(const char *name, u_short port);
int	dest_neighbour_file(const char *path, u_short port);
void	dest_send(int s, const void *buf, int len, const struct sockaddr_in *from);

/* status.c */
int	status_make(struct whod *wd, char *myname, size_t len);

#define IF_BROADCAST	1
#define IF_POINTOPOINT	2

#endif
