/*
 * The configuration file: the shipped examples build working networks,
 * every setting lands where it should, and bad lines are refused with
 * their line number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../sim/sim.h"
#include "stack/netconf.h"

static struct stack *
build(const char *path)
{
	struct netconf *nc;
	struct stack *st;
	char err[256];
	uint64_t seed = 0;

	if (netconf_load(path, &nc, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	netconf_seed(nc, &seed);
	st = sim_stack(seed);
	if (netconf_apply(nc, st, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	netconf_free(nc);
	sim_run(st, NS_PER_SEC);
	return st;
}

static void
test_netconf_default(void **state)
{
	struct stack *st = build("etc/uipc.conf");
	struct host *h = st->st_hosts;

	assert_non_null(h);
	assert_null(h->h_next);
	assert_non_null(if_find(h, "lo0"));
	assert_non_null(if_find(h, "en0"));
	assert_true(if_find(h, "en0")->if_flags & IFF_UP);
	stack_destroy(st);
}

static void
test_netconf_lan(void **state)
{
	struct stack *st = build("etc/lan.conf");
	struct host *arpa = host_find(st, "arpa");
	struct host *ucbvax = host_find(st, "ucbvax");
	struct sim_raw raw;
	unsigned n = 0;
	struct host *h;

	for (h = st->st_hosts; h != NULL; h = h->h_next)
		n++;
	assert_true(n >= 10);
	assert_non_null(ucbvax);
	sim_raw_register(arpa, &raw);
	assert_int_equal(sim_ping(arpa, if_primary(if_find(ucbvax,
	    "en0"))->ifa_addr, 1, 1, 8), 0);
	sim_run(st, NS_PER_SEC);
	assert_int_equal(raw.sr_types[ICMP_ECHOREPLY], 1);
	assert_int_equal(if_primary(if_find(arpa, "en0"))->ifa_broad,
	    sim_addr("10.0.0.255"));
	stack_destroy(st);
}

static void
test_netconf_routed(void **state)
{
	struct stack *st = build("etc/routed.conf");
	struct host *arpa = host_find(st, "arpa");
	struct host *dali = host_find(st, "dali");
	struct sim_raw raw;
	struct seg *net2 = seg_find(st, "net2");
	int i;

	assert_int_equal(net2->seg_delay, 2 * NS_PER_MS);
	assert_int_equal(net2->seg_fault.fc_loss, 10000);
	assert_int_equal(net2->seg_fault.fc_jitter, 500 * NS_PER_US);
	assert_true(HINET(host_find(st, "ucbvax"))->ih_forwarding);
	sim_raw_register(arpa, &raw);
	for (i = 0; i < 20; i++) {
		sim_ping(arpa, sim_addr("10.0.2.3"), 1, (uint16_t)i, 8);
		sim_run(st, 100 * NS_PER_MS);
	}
	/* 1 % loss each way on net2: nearly all come back. */
	assert_true(raw.sr_types[ICMP_ECHOREPLY] >= 15);
	assert_non_null(rt_lookup(dali, sim_addr("10.0.1.2")));
	stack_destroy(st);
}

static void
test_netconf_everything(void **state)
{
	static const char text[] =
	    "seed 7\n"
	    "database hosts /etc/hosts   # the system's\n"
	    "segment s1\n"
	    "  delay 1ms\n  loss 10%\n  duplicate 0.5\n  reorder 1%\n"
	    "  corrupt 0.001\n  jitter 20us\n  reorder-delay 3ms\n  seed 99\n"
	    "host h1\n"
	    "  ttl 32\n"
	    "  interface qe0 segment s1 address 192.168.5.1 netmask 255.255.255.192"
	    " broadcast 192.168.5.63 mtu 1000 ether 02:00:00:00:00:01\n"
	    "  interface qe1 segment s1 down\n"
	    "  route host 10.1.1.1 192.168.5.2\n"
	    "  route 10.2.0.0/16 192.168.5.3 reject\n"
	    "  route 10.0.0.0 192.168.5.4\n"
	    "  arp 192.168.5.9 02:00:00:00:00:09\n";
	static const char ns1[] = "host a\nnameserver\n", ns2[] = "nameserver 10.53.0.1\nhost a\n";
	const char *ns;
	struct netconf *nc;
	struct stack *st;
	struct host *h;
	struct ifnet *ifp;
	struct seg *s;
	struct rtentry_in *rt;
	char err[256];
	uint64_t seed;

	assert_int_equal(netconf_parse(text, sizeof(text) - 1, "t", &nc, err,
	    sizeof(err)), 0);
	assert_true(netconf_seed(nc, &seed));
	assert_int_equal(seed, 7);
	assert_string_equal(netconf_database(nc, "hosts"), "/etc/hosts");
	assert_null(netconf_database(nc, "services"));
	{
		const char *ns;

		assert_false(netconf_nameserver(nc, &ns));	/* no line: no responder */
	}
	st = sim_stack(seed);
	assert_int_equal(netconf_apply(nc, st, err, sizeof(err)), 0);
	netconf_free(nc);
	/* The DNS responder's line, anywhere in the file (uipcd's, dns_responder.c). */
	assert_int_equal(netconf_parse(ns1, sizeof(ns1) - 1, "t", &nc, err, sizeof(err)), 0);
	assert_true(netconf_nameserver(nc, &ns));
	assert_string_equal(ns, "");
	netconf_free(nc);
	assert_int_equal(netconf_parse(ns2, sizeof(ns2) - 1, "t", &nc, err, sizeof(err)), 0);
	assert_true(netconf_nameserver(nc, &ns));
	assert_string_equal(ns, "10.53.0.1");
	netconf_free(nc);
	s = seg_find(st, "s1");
	assert_int_equal(s->seg_delay, NS_PER_MS);
	assert_int_equal(s->seg_fault.fc_loss, 100000);
	assert_int_equal(s->seg_fault.fc_dup, 500000);
	assert_int_equal(s->seg_fault.fc_reorder, 10000);
	assert_int_equal(s->seg_fault.fc_corrupt, 1000);
	assert_int_equal(s->seg_fault.fc_reorder_delay, 3 * NS_PER_MS);
	assert_int_equal(s->seg_seed, 99);
	h = host_find(st, "h1");
	assert_int_equal(HINET(h)->ih_ttl, 32);
	ifp = if_find(h, "qe0");
	assert_int_equal(ifp->if_mtu, 1000);
	assert_int_equal(ifp->if_lladdr[5], 1);
	assert_int_equal(if_primary(ifp)->ifa_mask, 0xffffffc0u);
	assert_int_equal(if_primary(ifp)->ifa_broad, sim_addr("192.168.5.63"));
	assert_non_null(seg_port_of(ifp)->sp_fault);
	assert_false(if_find(h, "qe1")->if_flags & IFF_UP);
	rt = rt_lookup(h, sim_addr("10.1.1.1"));
	assert_true(rt->rt_flags & RTF_HOST);
	rt = rt_lookup(h, sim_addr("10.2.3.4"));
	assert_true(rt->rt_flags & RTF_REJECT);
	rt = rt_lookup(h, sim_addr("10.3.3.3"));
	assert_int_equal(rt->rt_mask, 0xff000000u);	/* class A */
	assert_int_equal(arp_lookup(ifp, sim_addr("192.168.5.9"))->la_state,
	    ARP_PERMANENT);
	stack_destroy(st);
}

static void
bad(const char *text, const char *want)
{
	struct netconf *nc = NULL;
	char err[256];

	assert_int_equal(netconf_parse(text, strlen(text), "x.conf", &nc, err,
	    sizeof(err)), EINVAL);
	assert_null(nc);
	if (strstr(err, want) == NULL)
		fail_msg("got \"%s\", want \"%s\"", err, want);
}

static void
test_netconf_errors(void **state)
{
	bad("bogus 1\n", "x.conf:1: 'bogus' outside a host or segment block");
	bad("segment s\n\n  loss 200%\n", "x.conf:3: bad probability '200%'");
	bad("segment s\n  delay 5\n", "x.conf:2: bad duration '5'");
	bad("segment s\n  colour red\n", "x.conf:2: unknown segment setting");
	bad("host a\n  interface en0\n", "x.conf:2: interface en0: which "
	    "segment?");
	bad("host a\n  interface en0 segment nowhere\n",
	    "x.conf:2: no segment called nowhere");
	bad("segment s\nhost a\n  interface en0 segment s address 10.1.2\n",
	    "x.conf:3: bad address '10.1.2'");
	bad("segment s\nhost a\n  interface en0 segment s netmask 255.0.255.0\n",
	    "x.conf:3: bad netmask");
	bad("segment s\nhost a\n  interface en0 segment s mtu 20\n",
	    "x.conf:3: bad mtu");
	bad("host a\nhost a\n", "x.conf:2: host a given twice");
	bad("host a\n  route default\n", "x.conf:2: route needs a gateway");
	bad("host a\n  route 10.1.2.3/16 10.0.0.1\n",
	    "x.conf:2: destination 10.1.2.3/16 has bits outside");
	bad("host a\n  forwarding maybe\n", "x.conf:2: forwarding yes or no");
	bad("host a b\n", "x.conf:1: host needs one name");
	bad("database passwd /etc/passwd\n", "x.conf:1: unknown database");
	bad("nameserver 10.0.0.256\n", "x.conf:1: nameserver takes at most an IPv4 address");
	bad("nameserver 10.0.0.1 10.0.0.2\n", "x.conf:1: nameserver takes at most");
	bad("host a\n  interface lo0 segment s\n", "x.conf:2: lo0 is");
}

/*
 * A tap interface line (parsed only: applying it would make a TAP device
 * in the machine's own network namespace; tests/interop/tap_*.t do that
 * in namespaces of their own).
 */
static void
test_netconf_tap(void **state)
{
	static const char text[] =
	    "host a\n  interface en1 tap uipc0 address 10.99.0.2/24 mtu 1400\n"
	    "  interface en2 tap uipc1 loss 1% delay 2ms pcap /tmp/x.pcap\n";
	struct netconf *nc;
	char err[256];

	assert_int_equal(netconf_parse(text, sizeof(text) - 1, "t.conf", &nc,
	    err, sizeof(err)), 0);
	netconf_free(nc);
	bad("segment s\nhost a\n  interface en1 tap uipc0 segment s\n",
	    "x.conf:3: interface en1: a segment or a tap, not both");
	bad("segment s\nhost a\n  interface en0 segment s loss 1%\n",
	    "x.conf:3: interface en0: faults and capture belong in segment "
	    "s's block");
	bad("host a\n  interface en1 tap uipc0 colour red\n",
	    "x.conf:2: unknown interface setting 'colour'");
	bad("host a\n  interface en1 tap uipc0 loss 200%\n",
	    "x.conf:2: bad probability '200%'");
	bad("host a\n  interface en1 tap a/b\n",
	    "x.conf:2: bad TAP device name 'a/b'");
	bad("host a\n  interface en1 tap\n", "x.conf:2: 'tap' needs a value");
}

/* Per-user limits (uipcd's, src/sys/user_limits.c) and a capture's mode. */
static void
test_netconf_limits(void **state)
{
	static const char text[] =
	    "limit sockets 40\nlimit descriptors none\nlimit buffers 2m\n"
	    "limit buffers 3k\nsegment s\n  pcap-mode 0640\nhost a\n";
	struct netconf *nc;
	char err[256];
	uint64_t v = 1;

	assert_int_equal(netconf_parse(text, sizeof(text) - 1, "l.conf", &nc,
	    err, sizeof(err)), 0);
	assert_true(netconf_limit(nc, "sockets", &v));
	assert_int_equal(v, 40);
	assert_true(netconf_limit(nc, "descriptors", &v));
	assert_int_equal(v, 0);		/* none */
	assert_true(netconf_limit(nc, "buffers", &v));
	assert_int_equal(v, 3 * 1024);	/* the last line says */
	netconf_free(nc);
	assert_int_equal(netconf_parse("host a\n", 7, "l.conf", &nc, err, sizeof(err)), 0);
	assert_false(netconf_limit(nc, "sockets", &v));
	netconf_free(nc);
	bad("limit files 3\n", "x.conf:1: unknown limit 'files'");
	bad("limit sockets 0\n", "x.conf:1: bad limit '0'");
	bad("limit sockets 5k\n", "x.conf:1: bad limit '5k'");
	bad("limit buffers\n", "x.conf:1: limit takes a name and a value");
	bad("segment s\n  pcap-mode 640\n", "x.conf:2: pcap-mode takes an octal mode");
	bad("segment s\n  pcap-mode 01777\n", "x.conf:2: pcap-mode takes an octal mode");
}

/* "ages at +DURATION": when the host settings' ages hold (etc/figure3.conf). */
static void
test_netconf_ages_at(void **state)
{
	static const char text[] = "ages at +19d15h37m\nhost a\n  uptime 9:45\n";
	struct netconf *nc;
	char err[256];

	assert_int_equal(netconf_parse(text, sizeof(text) - 1, "a.conf", &nc,
	    err, sizeof(err)), 0);
	assert_int_equal(netconf_ages_at(nc), 19 * 86400 + 15 * 3600 + 37 * 60);
	netconf_free(nc);
	assert_int_equal(netconf_parse("host a\n", 7, "a.conf", &nc, err, sizeof(err)), 0);
	assert_int_equal(netconf_ages_at(nc), 0);	/* at uipcd's start */
	netconf_free(nc);
	bad("ages at 20d\n", "x.conf:1: ages takes 'at +DURATION'");
	bad("ages +20d\n", "x.conf:1: ages takes 'at +DURATION'");
	bad("ages at +20x\n", "x.conf:1: ages takes 'at +DURATION'");
	bad("host a\n  ages at +1d\n", "x.conf:2:");
}

/* A line the parser accepts but the stack refuses also names its line. */
static void
test_netconf_apply_errors(void **state)
{
	static const char text[] =
	    "segment s\nhost a\n  interface en0 segment s address 10.0.0.1/24\n"
	    "  route default 10.9.9.9\n";
	struct netconf *nc;
	struct stack *st = sim_stack(1);
	char err[256];

	assert_int_equal(netconf_parse(text, sizeof(text) - 1, "y.conf", &nc,
	    err, sizeof(err)), 0);
	assert_int_equal(netconf_apply(nc, st, err, sizeof(err)), ENETUNREACH);
	assert_non_null(strstr(err, "y.conf:4: route:"));
	netconf_free(nc);
	stack_destroy(st);
	assert_int_equal(netconf_load("/nonexistent/uipc.conf", &nc, err,
	    sizeof(err)), ENOENT);
	assert_non_null(strstr(err, "/nonexistent/uipc.conf"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_netconf_default),
		cmocka_unit_test(test_netconf_lan),
		cmocka_unit_test(test_netconf_routed),
		cmocka_unit_test(test_netconf_everything),
		cmocka_unit_test(test_netconf_errors),
		cmocka_unit_test(test_netconf_tap),
		cmocka_unit_test(test_netconf_limits),
		cmocka_unit_test(test_netconf_ages_at),
		cmocka_unit_test(test_netconf_apply_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
