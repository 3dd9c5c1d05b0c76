/*
 * getaddrinfo, freeaddrinfo, gai_strerror and getnameinfo: by value on the
 * fixture files, and against glibc's own in this process for numeric
 * hosts and for names of /etc/hosts (AF_INET, which is all uipc carries),
 * and for numeric IPv6 nodes under every family (issue 9).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "uipc/netdb.h"

#define FIX	"tests/unit/netdb/fixtures/etc"

/* Both lists the same, node by node; prints the first difference. */
static int
ai_same(const char *what, const struct addrinfo *a, const struct addrinfo *b)
{
	const struct sockaddr_in *sa, *sb;
	int i;

	for (i = 0; a != NULL && b != NULL; i++, a = a->ai_next,
	    b = b->ai_next) {
		sa = (const struct sockaddr_in *)a->ai_addr;
		sb = (const struct sockaddr_in *)b->ai_addr;
		if (a->ai_family != b->ai_family ||
		    a->ai_socktype != b->ai_socktype ||
		    a->ai_protocol != b->ai_protocol ||
		    a->ai_flags != b->ai_flags ||
		    a->ai_addrlen != b->ai_addrlen ||
		    sa->sin_family != sb->sin_family ||
		    sa->sin_port != sb->sin_port ||
		    sa->sin_addr.s_addr != sb->sin_addr.s_addr ||
		    memcmp(a->ai_addr, b->ai_addr, a->ai_addrlen) != 0 ||
		    (a->ai_canonname == NULL) != (b->ai_canonname == NULL) ||
		    (a->ai_canonname != NULL &&
		    strcmp(a->ai_canonname, b->ai_canonname) != 0)) {
			printf("# %s: node %d: uipc %d/%d/%d/%#x %s:%d %s, "
			    "libc %d/%d/%d/%#x %s:%d %s\n", what, i,
			    a->ai_family, a->ai_socktype, a->ai_protocol,
			    a->ai_flags, inet_ntoa(sa->sin_addr),
			    ntohs(sa->sin_port), a->ai_canonname ?
			    a->ai_canonname : "-", b->ai_family,
			    b->ai_socktype, b->ai_protocol, b->ai_flags,
			    inet_ntoa(sb->sin_addr), ntohs(sb->sin_port),
			    b->ai_canonname ? b->ai_canonname : "-");
			return 0;
		}
	}
	if (a != NULL || b != NULL) {
		printf("# %s: lengths differ at node %d\n", what, i);
		return 0;
	}
	return 1;
}

static void
test_getaddrinfo_like_glibc(void **state)
{
	/* Only nodes that glibc answers without DNS. */
	static const char *nodes[] = { NULL, "127.0.0.1", "127.1",
	    "10.1.2", "0x7f.1", "1.2.3.4", "localhost", NULL };
	static const char *services[] = { NULL, "80", "telnet", "domain",
	    "login", "who", "0", "65535", "http", NULL };
	static const int flags[] = { 0, AI_PASSIVE, AI_CANONNAME,
	    AI_NUMERICHOST, AI_NUMERICSERV, AI_CANONNAME | AI_PASSIVE,
	    AI_NUMERICHOST | AI_NUMERICSERV, 0x10000 };
	static const int types[][2] = { { 0, 0 }, { SOCK_STREAM, 0 },
	    { SOCK_DGRAM, 0 }, { SOCK_RAW, 0 }, { 0, IPPROTO_TCP },
	    { 0, IPPROTO_UDP }, { SOCK_STREAM, IPPROTO_UDP },
	    { SOCK_RAW, IPPROTO_ICMP }, { SOCK_SEQPACKET, 0 }, { 0, 99 } };
	struct addrinfo h, *ra, *rb;
	char what[128];
	size_t n, s, f, t;
	int ea, eb, bad = 0, cmp = 0;

	unsetenv("UIPC_ETC");
	for (n = 0; n < sizeof(nodes) / sizeof(nodes[0]); n++)
	for (s = 0; s < sizeof(services) / sizeof(services[0]); s++)
	for (f = 0; f < sizeof(flags) / sizeof(flags[0]); f++)
	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		memset(&h, 0, sizeof(h));
		h.ai_family = AF_INET;
		h.ai_flags = flags[f];
		h.ai_socktype = types[t][0];
		h.ai_protocol = types[t][1];
		snprintf(what, sizeof(what), "%s %s flags %#x type %d/%d",
		    nodes[n] ? nodes[n] : "NULL",
		    services[s] ? services[s] : "NULL", flags[f],
		    types[t][0], types[t][1]);
		ra = rb = NULL;
		ea = uipc_getaddrinfo(nodes[n], services[s], &h, &ra);
		eb = getaddrinfo(nodes[n], services[s], &h, &rb);
		cmp++;
		if (ea != eb) {
			printf("# %s: uipc %d (%s), libc %d (%s)\n", what,
			    ea, uipc_gai_strerror(ea), eb, gai_strerror(eb));
			bad++;
		} else if (ea == 0 && !ai_same(what, ra, rb))
			bad++;
		uipc_freeaddrinfo(ra);
		if (rb != NULL)
			freeaddrinfo(rb);
	}
	/* No hints at all, and AF_UNSPEC on a numeric host. */
	ea = uipc_getaddrinfo("127.0.0.1", "telnet", NULL, &ra);
	eb = getaddrinfo("127.0.0.1", "telnet", NULL, &rb);
	assert_int_equal(ea, eb);
	assert_true(ai_same("no hints", ra, rb));
	uipc_freeaddrinfo(ra);
	freeaddrinfo(rb);
	printf("# %d combinations, %d differ\n", cmp, bad);
	assert_int_equal(bad, 0);
}

static void
test_getaddrinfo_fixture(void **state)
{
	struct addrinfo h = { .ai_flags = AI_CANONNAME }, *res, *ai;
	struct sockaddr_in *sin;
	int n = 0;

	setenv("UIPC_ETC", FIX, 1);
	assert_int_equal(uipc_getaddrinfo("UCBMONET", "login", &h, &res), 0);
	assert_string_equal(res->ai_canonname, "monet");
	for (ai = res; ai != NULL; ai = ai->ai_next, n++) {
		sin = (struct sockaddr_in *)ai->ai_addr;
		assert_int_equal(ai->ai_family, AF_INET);
		assert_int_equal(ai->ai_socktype, SOCK_STREAM);
		assert_int_equal(sin->sin_addr.s_addr,
		    inet_addr("128.32.0.11"));
		assert_int_equal(ntohs(sin->sin_port), 513);
	}
	assert_int_equal(n, 1);	/* login is tcp only in the fixture */
	/* glibc's freeaddrinfo frees uipc's list: the same layout. */
	freeaddrinfo(res);
	/* cad: two addresses, three socket types each. */
	assert_int_equal(uipc_getaddrinfo("cad", NULL, NULL, &res), 0);
	for (n = 0, ai = res; ai != NULL; ai = ai->ai_next)
		n++;
	assert_int_equal(n, 6);
	uipc_freeaddrinfo(res);
	/* cad has no IPv6 line: none, or its IPv4 ones mapped. */
	assert_int_equal(uipc_getaddrinfo("cad", NULL, &(struct addrinfo){
	    .ai_family = AF_INET6 }, &res), EAI_NONAME);
	assert_int_equal(uipc_getaddrinfo("cad", NULL, &(struct addrinfo){
	    .ai_family = AF_INET6, .ai_flags = AI_V4MAPPED,
	    .ai_socktype = SOCK_STREAM }, &res), 0);
	assert_int_equal(res->ai_family, AF_INET6);
	assert_true(IN6_IS_ADDR_V4MAPPED(
	    &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr));
	uipc_freeaddrinfo(res);
	/* AI_ADDRCONFIG: a uipc host has no IPv6 address. */
	assert_int_equal(uipc_getaddrinfo("::1", NULL, &(struct addrinfo){
	    .ai_family = AF_INET6, .ai_flags = AI_ADDRCONFIG }, &res),
	    EAI_NONAME);
	assert_int_equal(uipc_getaddrinfo("::1", NULL, &(struct addrinfo){
	    .ai_flags = AI_ADDRCONFIG }, &res), EAI_ADDRFAMILY);
	assert_int_equal(uipc_getaddrinfo(NULL, "80", &(struct addrinfo){
	    .ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM }, &res), 0);
	assert_int_equal(res->ai_family, AF_INET);	/* NULL node, AF_UNSPEC */
	assert_null(res->ai_next);
	uipc_freeaddrinfo(res);
	assert_int_equal(uipc_getaddrinfo("nowhere", "telnet", NULL, &res),
	    EAI_NONAME);
	assert_int_equal(uipc_getaddrinfo("1.2.3.4x", NULL, NULL, &res),
	    EAI_NONAME);
	assert_int_equal(uipc_getaddrinfo("1.2.3.4", "telnet",
	    &(struct addrinfo){ .ai_socktype = SOCK_RAW }, &res), EAI_SERVICE);
	assert_int_equal(uipc_getaddrinfo("1.2.3.4", NULL, &(struct addrinfo){
	    .ai_socktype = SOCK_STREAM, .ai_protocol = IPPROTO_UDP }, &res),
	    EAI_SOCKTYPE);
	assert_int_equal(uipc_getaddrinfo("cad", "nosuchservice", NULL, &res),
	    EAI_SERVICE);
	assert_int_equal(uipc_getaddrinfo(NULL, NULL, NULL, &res), EAI_NONAME);
	assert_int_equal(uipc_getaddrinfo("cad", NULL, &(struct addrinfo){
	    .ai_flags = AI_NUMERICHOST }, &res), EAI_NONAME);
	assert_int_equal(uipc_getaddrinfo(NULL, "telnet", &(struct addrinfo){
	    .ai_flags = AI_CANONNAME }, &res), EAI_BADFLAGS);
	unsetenv("UIPC_ETC");
}

static void
test_getnameinfo(void **state)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char host[64], serv[32], hb[64], sb[32];
	static const int flags[] = { 0, NI_NUMERICHOST, NI_NUMERICSERV,
	    NI_DGRAM, NI_NAMEREQD, NI_NUMERICHOST | NI_NUMERICSERV };
	static const char *addrs[] = { "127.0.0.1", "10.200.1.2" };
	static const int ports[] = { 23, 513, 9, 33333, 0 };
	size_t a, p, f;
	int ea, eb;

	setenv("UIPC_ETC", FIX, 1);
	sin.sin_addr.s_addr = inet_addr("192.5.5.3");
	sin.sin_port = htons(513);
	assert_int_equal(uipc_getnameinfo((struct sockaddr *)&sin,
	    sizeof(sin), host, sizeof(host), serv, sizeof(serv), 0), 0);
	assert_string_equal(host, "ucbvax");
	assert_string_equal(serv, "login");
	assert_int_equal(uipc_getnameinfo((struct sockaddr *)&sin,
	    sizeof(sin), host, sizeof(host), serv, sizeof(serv), NI_DGRAM),
	    0);
	assert_string_equal(serv, "who");
	assert_int_equal(uipc_getnameinfo((struct sockaddr *)&sin,
	    sizeof(sin), host, 3, NULL, 0, 0), EAI_OVERFLOW);
	sin.sin_addr.s_addr = inet_addr("10.200.1.2");
	assert_int_equal(uipc_getnameinfo((struct sockaddr *)&sin,
	    sizeof(sin), host, sizeof(host), NULL, 0, NI_NAMEREQD),
	    EAI_NONAME);
	assert_int_equal(uipc_getnameinfo((struct sockaddr *)&sin, 4, host,
	    sizeof(host), NULL, 0, 0), EAI_FAMILY);
	unsetenv("UIPC_ETC");
	/* Against glibc on /etc, for names that do not need DNS. */
	for (a = 0; a < 2; a++)
	for (p = 0; p < sizeof(ports) / sizeof(ports[0]); p++)
	for (f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		int fl = flags[f];

		/* An address not in /etc/hosts would go on to DNS. */
		if (a == 1)
			fl |= NI_NUMERICHOST;
		sin.sin_addr.s_addr = inet_addr(addrs[a]);
		sin.sin_port = htons(ports[p]);
		ea = uipc_getnameinfo((struct sockaddr *)&sin, sizeof(sin),
		    host, sizeof(host), serv, sizeof(serv), fl);
		eb = getnameinfo((struct sockaddr *)&sin, sizeof(sin), hb,
		    sizeof(hb), sb, sizeof(sb), fl);
		if (ea != eb)
			fail_msg("%s:%d flags %#x: uipc %d, libc %d", addrs[a],
			    ports[p], fl, ea, eb);
		if (ea == 0) {
			assert_string_equal(host, hb);
			assert_string_equal(serv, sb);
		}
	}
}

/* Numeric IPv6 (and IPv4 under AF_INET6) against glibc: no lookups. */
static void
test_getaddrinfo_inet6_like_glibc(void **state)
{
	static const char *nodes[] = { "::1", "::", "fe80::1", "fe80::1%1",
	    "fe80::1%lo", "fe80::1%nosuchif", "fe80::1%4294967296", "1::2:3",
	    "::ffff:127.0.0.1", "2001:db8::1%7", "127.0.0.1", "1.2.3.4",
	    "::1::", "[::1]", NULL };
	static const char *services[] = { NULL, "80", "telnet" };
	static const int families[] = { AF_UNSPEC, AF_INET, AF_INET6 };
	static const int flags[] = { 0, AI_NUMERICHOST, AI_V4MAPPED,
	    AI_PASSIVE, AI_CANONNAME, AI_NUMERICHOST | AI_V4MAPPED,
	    AI_V4MAPPED | AI_ALL };
	static const int types[] = { 0, SOCK_STREAM, SOCK_DGRAM };
	struct addrinfo h, *ra, *rb;
	char what[128];
	size_t n, s, fa, f, t;
	int ea, eb, bad = 0, cmp = 0;

	unsetenv("UIPC_ETC");
	for (n = 0; n < sizeof(nodes) / sizeof(nodes[0]); n++)
	for (s = 0; s < sizeof(services) / sizeof(services[0]); s++)
	for (fa = 0; fa < sizeof(families) / sizeof(families[0]); fa++)
	for (f = 0; f < sizeof(flags) / sizeof(flags[0]); f++)
	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		/* glibc gives a NULL node under AF_UNSPEC both families. */
		if (nodes[n] == NULL && families[fa] == AF_UNSPEC)
			continue;
		if (nodes[n] == NULL && services[s] == NULL)
			continue;
		memset(&h, 0, sizeof(h));
		h.ai_family = families[fa];
		h.ai_flags = flags[f];
		h.ai_socktype = types[t];
		if (nodes[n] == NULL && (h.ai_flags & AI_CANONNAME))
			continue;
		snprintf(what, sizeof(what), "%s %s family %d flags %#x type %d",
		    nodes[n] ? nodes[n] : "NULL", services[s] ? services[s] :
		    "NULL", families[fa], flags[f], types[t]);
		ra = rb = NULL;
		ea = uipc_getaddrinfo(nodes[n], services[s], &h, &ra);
		eb = getaddrinfo(nodes[n], services[s], &h, &rb);
		cmp++;
		/* A name glibc would look up (and we do not) is not compared. */
		if (ea != eb) {
			printf("# %s: uipc %d (%s), libc %d (%s)\n", what,
			    ea, uipc_gai_strerror(ea), eb, gai_strerror(eb));
			bad++;
		} else if (ea == 0 && !ai_same(what, ra, rb))
			bad++;
		uipc_freeaddrinfo(ra);
		if (rb != NULL)
			freeaddrinfo(rb);
	}
	printf("# %d combinations, %d differ\n", cmp, bad);
	assert_int_equal(bad, 0);
}

static void
test_getnameinfo_inet6_like_glibc(void **state)
{
	static const char *addrs[] = { "::1", "fe80::1", "2001:db8::5",
	    "::ffff:10.0.0.1", "ff02::1" };
	static const uint32_t scopes[] = { 0, 1, 77 };
	static const int flags[] = { NI_NUMERICHOST,
	    NI_NUMERICHOST | NI_NUMERICSERV, NI_NUMERICHOST | NI_DGRAM,
	    NI_NUMERICHOST | NI_NAMEREQD };
	struct sockaddr_in6 sin6;
	char host[80], serv[32], hb[80], sb[32];
	size_t a, sc, f;
	int ea, eb;

	unsetenv("UIPC_ETC");
	for (a = 0; a < sizeof(addrs) / sizeof(addrs[0]); a++)
	for (sc = 0; sc < sizeof(scopes) / sizeof(scopes[0]); sc++)
	for (f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(513);
		sin6.sin6_scope_id = scopes[sc];
		assert_int_equal(inet_pton(AF_INET6, addrs[a],
		    &sin6.sin6_addr), 1);
		ea = uipc_getnameinfo((struct sockaddr *)&sin6, sizeof(sin6),
		    host, sizeof(host), serv, sizeof(serv), flags[f]);
		eb = getnameinfo((struct sockaddr *)&sin6, sizeof(sin6), hb,
		    sizeof(hb), sb, sizeof(sb), flags[f]);
		if (ea != eb)
			fail_msg("%s%%%u flags %#x: uipc %d, libc %d", addrs[a],
			    scopes[sc], flags[f], ea, eb);
		if (ea == 0) {
			assert_string_equal(host, hb);
			assert_string_equal(serv, sb);
		}
	}
	/* Too short for an IPv6 address. */
	assert_int_equal(uipc_getnameinfo((struct sockaddr *)&sin6,
	    sizeof(struct sockaddr_in), host, sizeof(host), NULL, 0,
	    NI_NUMERICHOST), getnameinfo((struct sockaddr *)&sin6,
	    sizeof(struct sockaddr_in), hb, sizeof(hb), NULL, 0,
	    NI_NUMERICHOST));
}

static void
test_gai_strerror_like_glibc(void **state)
{
	int e;

	for (e = -120; e <= 5; e++)
		assert_string_equal(uipc_gai_strerror(e), gai_strerror(e));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getaddrinfo_like_glibc),
		cmocka_unit_test(test_getaddrinfo_fixture),
		cmocka_unit_test(test_getnameinfo),
		cmocka_unit_test(test_getaddrinfo_inet6_like_glibc),
		cmocka_unit_test(test_getnameinfo_inet6_like_glibc),
		cmocka_unit_test(test_gai_strerror_like_glibc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
