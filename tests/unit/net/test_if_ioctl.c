/*
 * The interface ioctls over the system's struct ifreq and ifconf: what
 * rwhod asks (primer §4.3), and setting addresses, masks and flags.
 * Also the embedding API, which builds the hosts this test asks about.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

#include <cmocka.h>

#include "../sim/sim.h"
#include "uipc/embed.h"

static uint32_t
sinaddr(const struct sockaddr *sa)
{
	struct sockaddr_in sin;

	memcpy(&sin, sa, sizeof(sin));
	assert_int_equal(sin.sin_family, AF_INET);
	return ntohl(sin.sin_addr.s_addr);
}

static void
setsin(struct sockaddr *sa, uint32_t a)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(a);
	memcpy(sa, &sin, sizeof(sin));
}

static void
test_if_ioctl_rwhod_view(void **state)
{
	struct stack *st;
	struct host *h;
	struct ifconf ifc;
	struct ifreq reqs[4], ifr;
	char err[128];

	assert_int_equal(uipc_stack_new(UIPC_CLOCK_VIRTUAL, 1, &st), 0);
	assert_int_equal(uipc_stack_config_text(st, "segment lan\nhost kim\n"
	    "interface en0 segment lan address 10.0.0.7/24\n", err,
	    sizeof(err)), 0);
	h = uipc_host(st, NULL);
	assert_string_equal(uipc_host_name(h), "kim");
	uipc_stack_advance(st, NS_PER_SEC);
	assert_int_equal(uipc_stack_next_deadline(st), UINT64_MAX);

	/* How much room, then the list. */
	memset(&ifc, 0, sizeof(ifc));
	assert_int_equal(if_ioctl(h, SIOCGIFCONF, &ifc), 0);
	assert_int_equal(ifc.ifc_len, 2 * sizeof(struct ifreq));
	ifc.ifc_len = sizeof(reqs);
	ifc.ifc_req = reqs;
	assert_int_equal(if_ioctl(h, SIOCGIFCONF, &ifc), 0);
	assert_int_equal(ifc.ifc_len, 2 * sizeof(struct ifreq));
	assert_string_equal(reqs[0].ifr_name, "lo0");
	assert_string_equal(reqs[1].ifr_name, "en0");
	assert_int_equal(sinaddr(&reqs[1].ifr_addr), sim_addr("10.0.0.7"));
	/* Too little room: as many as fit. */
	ifc.ifc_len = sizeof(struct ifreq) + 3;
	assert_int_equal(if_ioctl(h, SIOCGIFCONF, &ifc), 0);
	assert_int_equal(ifc.ifc_len, sizeof(struct ifreq));

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "en0");
	assert_int_equal(if_ioctl(h, SIOCGIFFLAGS, &ifr), 0);
	assert_true(ifr.ifr_flags & IFF_UP);
	assert_true(ifr.ifr_flags & IFF_BROADCAST);
	assert_true(ifr.ifr_flags & IFF_RUNNING);
	assert_int_equal(if_ioctl(h, SIOCGIFBRDADDR, &ifr), 0);
	assert_int_equal(sinaddr(&ifr.ifr_broadaddr), sim_addr("10.0.0.255"));
	assert_int_equal(if_ioctl(h, SIOCGIFNETMASK, &ifr), 0);
	assert_int_equal(sinaddr(&ifr.ifr_netmask), 0xffffff00u);
	assert_int_equal(if_ioctl(h, SIOCGIFMTU, &ifr), 0);
	assert_int_equal(ifr.ifr_mtu, 1500);

	strcpy(ifr.ifr_name, "lo0");
	assert_int_equal(if_ioctl(h, SIOCGIFFLAGS, &ifr), 0);
	assert_true(ifr.ifr_flags & IFF_LOOPBACK);
	assert_int_equal(if_ioctl(h, SIOCGIFBRDADDR, &ifr), EINVAL);
	strcpy(ifr.ifr_name, "qe9");
	assert_int_equal(if_ioctl(h, SIOCGIFFLAGS, &ifr), ENXIO);
	assert_int_equal(if_ioctl(h, SIOCGIFHWADDR, &ifr), EOPNOTSUPP);
	uipc_stack_free(st);
}

static void
test_if_ioctl_set(void **state)
{
	struct stack *st = sim_stack(1);
	struct host *h = sim_host(st, "kim");
	struct ifnet *ifp = sim_ifattach(h, sim_seg(st, "lan"), "en0", NULL);
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "en0");
	assert_int_equal(if_ioctl(h, SIOCGIFADDR, &ifr), EADDRNOTAVAIL);
	/* A class B address gets the class mask, then a subnet mask. */
	setsin(&ifr.ifr_addr, sim_addr("128.32.1.5"));
	assert_int_equal(if_ioctl(h, SIOCSIFADDR, &ifr), 0);
	assert_int_equal(if_ioctl(h, SIOCGIFNETMASK, &ifr), 0);
	assert_int_equal(sinaddr(&ifr.ifr_netmask), 0xffff0000u);
	setsin(&ifr.ifr_netmask, 0xffffff00u);
	assert_int_equal(if_ioctl(h, SIOCSIFNETMASK, &ifr), 0);
	assert_int_equal(if_ioctl(h, SIOCGIFBRDADDR, &ifr), 0);
	assert_int_equal(sinaddr(&ifr.ifr_broadaddr), sim_addr("128.32.1.255"));
	assert_non_null(rt_lookup(h, sim_addr("128.32.1.77")));
	assert_null(rt_lookup(h, sim_addr("128.32.2.77")));
	/* A new address keeps the mask and moves the route. */
	setsin(&ifr.ifr_addr, sim_addr("128.32.2.5"));
	assert_int_equal(if_ioctl(h, SIOCSIFADDR, &ifr), 0);
	assert_non_null(rt_lookup(h, sim_addr("128.32.2.77")));
	assert_null(rt_lookup(h, sim_addr("128.32.1.77")));
	setsin(&ifr.ifr_broadaddr, sim_addr("128.32.2.0"));
	assert_int_equal(if_ioctl(h, SIOCSIFBRDADDR, &ifr), 0);
	assert_int_equal(if_primary(ifp)->ifa_broad, sim_addr("128.32.2.0"));
	/* Bad values. */
	setsin(&ifr.ifr_addr, sim_addr("224.1.1.1"));
	assert_int_equal(if_ioctl(h, SIOCSIFADDR, &ifr), EINVAL);
	setsin(&ifr.ifr_netmask, 0xff00ff00u);
	assert_int_equal(if_ioctl(h, SIOCSIFNETMASK, &ifr), EINVAL);
	ifr.ifr_addr.sa_family = AF_UNIX;
	assert_int_equal(if_ioctl(h, SIOCSIFADDR, &ifr), EAFNOSUPPORT);
	/* Down and up; only IFF_UP is the user's to change. */
	ifr.ifr_flags = 0;
	assert_int_equal(if_ioctl(h, SIOCSIFFLAGS, &ifr), 0);
	assert_false(ifp->if_flags & IFF_UP);
	assert_true(ifp->if_flags & IFF_BROADCAST);
	ifr.ifr_flags = IFF_UP | IFF_LOOPBACK;
	assert_int_equal(if_ioctl(h, SIOCSIFFLAGS, &ifr), 0);
	assert_true(ifp->if_flags & IFF_UP);
	assert_false(ifp->if_flags & IFF_LOOPBACK);
	stack_destroy(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_if_ioctl_rwhod_view),
		cmocka_unit_test(test_if_ioctl_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
