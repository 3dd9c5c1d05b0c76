/*
 * ifindex: if_nameindex, if_nametoindex and if_indextoname agree with one
 * another, with getifaddrs and with ioctl(SIOCGIFINDEX), and fail as glibc
 * does; prints the list as "list INDEX NAME" lines for the test to compare
 * (uipc's interfaces on uipc, the machine's on Linux).
 */
#include <ifaddrs.h>
#include <net/if.h>
#include <sys/ioctl.h>

#include "tap.h"

int
main(void)
{
	struct if_nameindex *v, *p;
	struct ifaddrs *ifa, *i;
	char name[IF_NAMESIZE];
	struct ifreq r;
	int n = 0, ok = 1, s;

	t_start(20);
	v = if_nameindex();
	if (!check(v != NULL, "if_nameindex() answers"))
		return t_end();
	for (p = v; p->if_index != 0 || p->if_name != NULL; p++, n++) {
		printf("list %u %s\n", p->if_index, p->if_name);
		if (if_nametoindex(p->if_name) != p->if_index ||
		    if_indextoname(p->if_index, name) == NULL || strcmp(name, p->if_name) != 0) {
			diag("  %u %s does not round-trip", p->if_index, p->if_name);
			ok = 0;
		}
	}
	check(n > 0, "the list has interfaces");
	check(ok, "each index and name round-trips through if_nametoindex and if_indextoname");
	SYS(getifaddrs(&ifa));
	for (ok = 1, i = ifa; i != NULL; i = i->ifa_next)
		if (if_nametoindex(i->ifa_name) == 0) {
			diag("  getifaddrs names %s, unknown to if_nametoindex", i->ifa_name);
			ok = 0;
		}
	check(ok, "every interface getifaddrs lists has an index");
	freeifaddrs(ifa);
	s = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, v[0].if_name);
	check(ioctl(s, SIOCGIFINDEX, &r) == 0 && (unsigned)r.ifr_ifindex == v[0].if_index,
	    "ioctl(SIOCGIFINDEX) agrees");
	memset(&r, 0, sizeof(r));
	r.ifr_ifindex = (int)v[0].if_index;
	check(ioctl(s, SIOCGIFNAME, &r) == 0 && strcmp(r.ifr_name, v[0].if_name) == 0,
	    "ioctl(SIOCGIFNAME) agrees");
	close(s);
	if_freenameindex(v);

	errno = 0;
	check(if_nametoindex("nosuchif0") == 0 && errno == ENODEV,
	    "if_nametoindex of an unknown name: 0, ENODEV");
	errno = 0;
	check(if_indextoname(999999, name) == NULL && errno == ENXIO,
	    "if_indextoname of an unknown index: NULL, ENXIO");
	errno = 0;
	check(if_indextoname(0, name) == NULL && errno == ENXIO,
	    "if_indextoname(0): NULL, ENXIO");
	return t_end();
}
