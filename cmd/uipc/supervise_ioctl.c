/*
 * A supervised static program's socket ioctls, answered as the shim
 * answers them in a dynamic program (shim.c's ioctl): the interface
 * requests (SIOCGIFCONF, SIOCGIFADDR ...) by the uipc host's interfaces
 * whatever the descriptor; FIONREAD and SIOCSPGRP on a uipc socket by
 * libuipc; SIOCATMARK by the channel once uipcd moved what is in flight;
 * every other request by the kernel on the descriptor (the channel's own,
 * FIONBIO among them), as the shim leaves them to libc.
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "supervise.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

#define MAXIFCONF	65536	/* room of an SIOCGIFCONF list served */

/* SIOCGIFCONF: the program's ifconf at ADDR, its list written there too. */
static int
ifconf(pid_t pid, unsigned long addr)
{
	struct ifconf ifc, k;
	char *buf = NULL;
	int r;

	if (sv_rd(pid, addr, &ifc, sizeof(ifc)) < 0)
		return -EFAULT;
	k = ifc;
	if (ifc.ifc_buf != NULL) {
		k.ifc_len = ifc.ifc_len < 0 ? 0 : ifc.ifc_len > MAXIFCONF ? MAXIFCONF : ifc.ifc_len;
		if ((buf = malloc((size_t)k.ifc_len + 1)) == NULL)
			return -ENOMEM;
		k.ifc_buf = buf;
	}
	r = uipc_ifioctl(SIOCGIFCONF, &k) < 0 ? -errno : 0;
	if (r == 0 && buf != NULL && sv_wr(pid, (unsigned long)ifc.ifc_buf, buf, (size_t)k.ifc_len) < 0)
		r = -EFAULT;
	free(buf);
	ifc.ifc_len = k.ifc_len;
	if (r == 0 && sv_wr(pid, addr, &ifc, sizeof(ifc)) < 0)
		r = -EFAULT;
	return r;
}

/* An interface request on the program's ifreq at ADDR. */
static int
ifreq(pid_t pid, unsigned long req, unsigned long addr)
{
	struct ifreq ifr;

	if (req == SIOCGIFCONF)
		return ifconf(pid, addr);
	if (sv_rd(pid, addr, &ifr, sizeof(ifr)) < 0)
		return -EFAULT;
	if (uipc_ifioctl(req, &ifr) < 0)
		return -errno;
	return sv_wr(pid, addr, &ifr, sizeof(ifr)) < 0 ? -EFAULT : 0;
}

/* An interface request, on any descriptor: 1 (answered), or 0. */
int
sv_ifioctl(const struct seccomp_notif *req)
{
	unsigned long r = (unsigned int)req->data.args[1];
	int e;

	if (!uipc_is_ifioctl(r))
		return 0;
	e = ifreq((pid_t)req->pid, r, req->data.args[2]);
	sv_answer(req, 0, -e, 0);
	return 1;
}

/* A request on L, the program's descriptor here: 1 (answered), or 0. */
int
sv_ioctl(const struct seccomp_notif *req, int l)
{
	unsigned long r = (unsigned int)req->data.args[1];
	unsigned long addr = req->data.args[2];
	pid_t pid = (pid_t)req->pid;
	enum fdkind k = uipc_fdkind(l);
	int n = 0, e = 0;

	if (k != FD_STREAM && k != FD_MSG)
		return 0;
	switch (r) {
	case FIONREAD:
		if (uipc_ioctl(l, FIONREAD, &n) < 0)
			e = errno;
		else if (sv_wr(pid, addr, &n, sizeof(n)) < 0)
			e = EFAULT;
		break;
	case SIOCSPGRP:
		if (sv_rd(pid, addr, &n, sizeof(n)) < 0)
			e = EFAULT;
		else if (uipc_ioctl(l, SIOCSPGRP, &n) < 0)
			e = errno;
		break;
	case SIOCATMARK:
		/* The mark may still be in flight through uipcd: moved, the channel tells. */
		(void)uipc_sync(l);
		return 0;
	default:
		return 0;
	}
	sv_answer(req, 0, e, 0);
	return 1;
}
