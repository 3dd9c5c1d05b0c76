/*
 * A TAP device uipcd makes is attached with NAPI in threaded mode when the
 * kernel lets it (if_tap.h): the Linux side then takes the frames uipc
 * writes as it takes a NIC's, on its own kernel thread, through GRO.
 *
 * Why: with a plain TAP queue each write(2) of a frame runs the Linux
 * side's whole receive path inside the call, one 1500-byte segment at a
 * time (IP, TCP, the receiver's wakeup; and for an ACK, the sender's next
 * segments, segmented and checksummed in software since the device has no
 * offloads).  With IFF_NAPI the write queues the frame and schedules the
 * queue's NAPI context; threaded, that context is a kernel thread of its
 * own, so the write returns at once and the kernel's work runs beside
 * uipcd's single loop, and GRO merges the in-order TCP segments it finds
 * queued into one before TCP sees them (bench/tap_veth.sh, uipc -> Linux).
 * The frames themselves are unchanged: whole, with their checksums, no
 * offload (issue 13), which GRO checks as it merges.
 *
 * Threaded mode is a property of the device, set through sysfs
 * (/sys/class/net/DEV/threaded, Documentation/ABI/testing/sysfs-class-net).
 * The sysfs mounted here may belong to another network namespace than
 * uipcd's (`unshare -n` keeps the old one), where a device of the same
 * name would be someone else's: the file is written only when the
 * device's index and Ethernet address there are those of the device on
 * uipcd's descriptor.  When it cannot be set, the caller attaches again
 * without NAPI, the plain queue it had before.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "net/if_tap.h"

#define SYSFS_NET	"/sys/class/net"

/* Reads the first line of sysfs attribute attr of device name into buf. */
static int
sysfs_read(const char *name, const char *attr, char *buf, size_t len)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%s", SYSFS_NET, name, attr);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/*
 * Whether sysfs's device name is the one on TAP descriptor fd: the same
 * index in uipcd's namespace and the same Ethernet address (the kernel
 * gives a new TAP a random one).
 */
static int
tap_sysfs_is_ours(int fd, const char *name)
{
	struct ifreq ifr;
	char buf[64], mac[18];
	const unsigned char *a;
	unsigned idx;

	if ((idx = if_nametoindex(name)) == 0)
		return 0;
	if (sysfs_read(name, "ifindex", buf, sizeof(buf)) != 0 ||
	    strtoul(buf, NULL, 10) != idx)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		return 0;
	a = (const unsigned char *)ifr.ifr_hwaddr.sa_data;
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
	    a[0], a[1], a[2], a[3], a[4], a[5]);
	return sysfs_read(name, "address", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, mac) == 0;
}

/*
 * Puts the NAPI context of the TAP device name (open on fd, attached with
 * IFF_NAPI) in threaded mode.  Returns 0, or -1 when sysfs does not show
 * uipcd's device or will not take the setting.
 */
int
tap_napi_threaded(int fd, const char *name)
{
	char path[128], buf[8];
	int sfd, ok;

	if (!tap_sysfs_is_ours(fd, name))
		return -1;
	snprintf(path, sizeof(path), "%s/%s/threaded", SYSFS_NET, name);
	if ((sfd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return -1;
	ok = write(sfd, "1", 1) == 1;
	close(sfd);
	/* Read back: a kernel that could not start the thread says 0. */
	return ok && sysfs_read(name, "threaded", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "1") == 0 ? 0 : -1;
}
