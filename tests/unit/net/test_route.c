/* Routing table: longest prefix, interface routes, errors, listing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../sim/sim.h"

static void
test_route_lookup(void **state)
{
	struct stack *st = sim_stack(1);
	struct host *h = sim_host(st, "calder");
	struct ifnet *en0 = sim_ifattach(h, NULL, "en0", "10.0.0.5/24");
	struct ifnet *en1 = sim_ifattach(h, NULL, "en1", "10.1.0.5/16");
	struct rtentry_in *rt;
	struct rt_info v[8];

	/* Interface routes came with the addresses. */
	rt = rt_lookup(h, sim_addr("10.0.0.9"));
	assert_non_null(rt);
	assert_ptr_equal(rt->rt_ifp, en0);
	assert_false(rt->rt_flags & RTF_GATEWAY);
	assert_null(rt_lookup(h, sim_addr("192.168.1.1")));

	assert_int_equal(rt_add(h, 0, 0, sim_addr("10.0.0.1"), 0, NULL), 0);
	assert_int_equal(rt_add(h, sim_addr("10.2.0.0"), 0xffff0000u,
	    sim_addr("10.1.0.1"), 0, NULL), 0);
	assert_int_equal(rt_add(h, sim_addr("10.2.3.4"), 0xffffffffu,
	    sim_addr("10.0.0.2"), 0, NULL), 0);
	/* Longest prefix wins: host, then /16, then default. */
	rt = rt_lookup(h, sim_addr("10.2.3.4"));
	assert_int_equal(rt->rt_gateway, sim_addr("10.0.0.2"));
	assert_true(rt->rt_flags & RTF_HOST);
	rt = rt_lookup(h, sim_addr("10.2.3.5"));
	assert_int_equal(rt->rt_gateway, sim_addr("10.1.0.1"));
	assert_ptr_equal(rt->rt_ifp, en1);
	rt = rt_lookup(h, sim_addr("8.8.8.8"));
	assert_int_equal(rt->rt_gateway, sim_addr("10.0.0.1"));

	/* Errors. */
	assert_int_equal(rt_add(h, 0, 0, sim_addr("10.0.0.3"), 0, NULL), EEXIST);
	assert_int_equal(rt_add(h, sim_addr("10.9.0.0"), 0xffff0000u,
	    sim_addr("172.16.0.1"), 0, NULL), ENETUNREACH);
	assert_int_equal(rt_add(h, sim_addr("10.9.0.0"), 0xff00ff00u,
	    sim_addr("10.0.0.1"), 0, NULL), EINVAL);
	assert_int_equal(rt_delete(h, sim_addr("10.7.0.0"), 0xffff0000u), ESRCH);

	/* The listing is in lookup order, the longest masks first. */
	assert_int_equal(rt_list(h, v, 8), 6);
	assert_int_equal(v[0].ri_mask, 0xffffffffu);
	assert_int_equal(v[5].ri_mask, 0);
	assert_string_equal(v[5].ri_ifname, "en0");

	/* Deleting an address takes its interface route. */
	assert_int_equal(if_addr_del(en1, sim_addr("10.1.0.5")), 0);
	rt = rt_lookup(h, sim_addr("10.1.7.7"));
	assert_int_equal(rt->rt_gateway, sim_addr("10.0.0.1"));
	assert_int_equal(rt_delete(h, 0, 0), 0);
	assert_null(rt_lookup(h, sim_addr("8.8.8.8")));
	stack_destroy(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
