/*
 * What a process learns about its host from uipcd rather than from Linux
 * (DESIGN.md: "A program on uipc sees only uipc's network"): its
 * interfaces (its names are uts.c's), as
 * the SIOCGIFCONF family of ioctls and getifaddrs() list them (primer
 * §4.3's wish).  The shim (shim_if.c) gives these the libc names.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "lib/uipc_lib.h"

/* True for the interface ioctls that uipcd answers. */
int
uipc_is_ifioctl(unsigned long req)
{
	switch (req) {
	case SIOCGIFCONF: case SIOCGIFFLAGS: case SIOCSIFFLAGS:
	case SIOCGIFADDR: case SIOCSIFADDR: case SIOCGIFBRDADDR:
	case SIOCSIFBRDADDR: case SIOCGIFNETMASK: case SIOCSIFNETMASK:
	case SIOCGIFMTU: case SIOCGIFINDEX: case SIOCGIFNAME:
		return 1;
	}
	return 0;
}

/* One interface ioctl on the process's host.  0 or -1 with errno. */
int
uipc_ifioctl(unsigned long req, void *arg)
{
	int32_t a[4] = { (int32_t)req, 0, 0, 0 };
	struct ctl_rep rep;
	struct ifreq buf[CTL_MAXDATA / sizeof(struct ifreq)], ifr;
	size_t n;

	/* The caller's ifconf or ifreq is read and written checked (ucopy.c): a bad one EFAULT. */
	if (req == SIOCGIFCONF) {
		struct ifconf ifc;

		if (uipc_copyin(&ifc, arg, sizeof(ifc)) < 0)
			return -1;
		/* A NULL buffer asks how much room the list needs (Linux). */
		a[1] = ifc.ifc_buf == NULL ? (int32_t)sizeof(buf) :
		    (ifc.ifc_len < 0 ? 0 : ifc.ifc_len);
		n = sizeof(buf);
		if (ctl_call(CTL_IFIOCTL, a, NULL, 0, NULL, 0, &rep, buf, &n) < 0)
			return -1;
		if (ifc.ifc_buf != NULL && uipc_copyout(ifc.ifc_buf, buf, n) < 0)
			return -1;
		ifc.ifc_len = (int)n;
		return uipc_copyout(arg, &ifc, sizeof(ifc));
	}
	if (uipc_copyin(&ifr, arg, sizeof(ifr)) < 0)
		return -1;
	n = sizeof(struct ifreq);
	if (ctl_call(CTL_IFIOCTL, a, &ifr, sizeof(struct ifreq), NULL, 0, &rep,
	    buf, &n) < 0)
		return -1;
	if (n == sizeof(struct ifreq))
		return uipc_copyout(arg, buf, n);
	return 0;
}

/*
 * getifaddrs(3) built from SIOCGIFCONF and each interface's flags, mask
 * and broadcast address.  The list is one allocation: freeifaddrs frees it.
 */
struct ifa_block {
	struct ifaddrs ib_ifa;
	struct sockaddr_in ib_addr, ib_mask, ib_broad;
	char ib_name[IFNAMSIZ];
};

int
uipc_getifaddrs(struct ifaddrs **ifap)
{
	struct ifreq conf[CTL_MAXDATA / sizeof(struct ifreq)], r;
	struct ifconf ifc = { .ifc_len = sizeof(conf), .ifc_req = conf };
	struct ifa_block *b;
	size_t i, n;

	if (uipc_ifioctl(SIOCGIFCONF, &ifc) < 0)
		return -1;
	n = (size_t)ifc.ifc_len / sizeof(struct ifreq);
	if ((b = calloc(n ? n : 1, sizeof(*b))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		struct ifaddrs *ifa = &b[i].ib_ifa;

		memcpy(b[i].ib_name, conf[i].ifr_name, IFNAMSIZ);
		b[i].ib_name[IFNAMSIZ - 1] = '\0';
		ifa->ifa_name = b[i].ib_name;
		memcpy(&b[i].ib_addr, &conf[i].ifr_addr, sizeof(b[i].ib_addr));
		ifa->ifa_addr = (struct sockaddr *)&b[i].ib_addr;
		memset(&r, 0, sizeof(r));
		memcpy(r.ifr_name, conf[i].ifr_name, IFNAMSIZ);
		if (uipc_ifioctl(SIOCGIFFLAGS, &r) == 0)
			ifa->ifa_flags = (unsigned)(unsigned short)r.ifr_flags;
		/* ifr_addr names the address asked about (if_ioctl.c). */
		memcpy(&r.ifr_addr, &conf[i].ifr_addr, sizeof(r.ifr_addr));
		if (uipc_ifioctl(SIOCGIFNETMASK, &r) == 0) {
			memcpy(&b[i].ib_mask, &r.ifr_netmask, sizeof(b[i].ib_mask));
			ifa->ifa_netmask = (struct sockaddr *)&b[i].ib_mask;
		}
		memcpy(&r.ifr_addr, &conf[i].ifr_addr, sizeof(r.ifr_addr));
		if ((ifa->ifa_flags & IFF_BROADCAST) &&
		    uipc_ifioctl(SIOCGIFBRDADDR, &r) == 0) {
			memcpy(&b[i].ib_broad, &r.ifr_broadaddr,
			    sizeof(b[i].ib_broad));
			ifa->ifa_broadaddr = (struct sockaddr *)&b[i].ib_broad;
		}
		ifa->ifa_next = i + 1 < n ? &b[i + 1].ib_ifa : NULL;
	}
	*ifap = n ? &b[0].ib_ifa : NULL;
	if (n == 0)
		free(b);
	return 0;
}

void
uipc_freeifaddrs(struct ifaddrs *ifa)
{
	free(ifa);	/* the first element starts the one block */
}
