/*
 * The node a process names an AF_UNIX address by (DESIGN.md, "UNIX-domain
 * names live in the host file system"): libuipc resolves the path itself,
 * as an O_PATH descriptor, so that its own search permission and its own
 * ENOENT apply, and passes that descriptor with the request (CTL_BIND,
 * CTL_CONNECT, CTL_SENDTO) or with a message on a channel (CM_NODE).
 * uipcd turns it into the identity the UNIX domain knows names by (an
 * abstract name, Linux's, has no node and comes without one).  One
 * function for every such request, so that the same fault always gets the
 * same errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "sys/uipcd.h"

/*
 * Fills node from fd.  EBADF: fd is not an open descriptor; EINVAL: the
 * node is to be held (NODE_HOLD: a bound name, a parked connect) and fd is
 * not an O_PATH descriptor, since were it a socket's own channel end the
 * hold would keep that channel open and no close could end its socket;
 * ECONNREFUSED: the file is no socket (Linux's answer to a connect or
 * sendto naming a plain file).  node->sn_fd is -1: holding is the caller's.
 */
int
node_from_fd(int fd, int flags, struct so_node *node)
{
	struct stat st;
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) < 0 || fstat(fd, &st) < 0)
		return EBADF;
	if ((flags & NODE_HOLD) && !(fl & O_PATH))
		return EINVAL;
	if (!S_ISSOCK(st.st_mode))
		return ECONNREFUSED;
	memset(node, 0, sizeof(*node));
	node->sn_dev = st.st_dev;
	node->sn_ino = st.st_ino;
	node->sn_mode = st.st_mode;
	node->sn_uid = st.st_uid;
	node->sn_gid = st.st_gid;
	node->sn_fd = -1;
	return 0;
}
