/*
 * The §3 routines on the fixture files (tests/unit/netdb/fixtures/etc),
 * by value: each routine, the malformed lines, the fallback to the host's
 * /etc, the order of enumeration, the _r routines' ERANGE, very long lines,
 * and the primer's gethostbynameandnet example (§3.1) built unchanged.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "uipc/netdb.h"

#define FIX	"tests/unit/netdb/fixtures/etc"

static int
setup_fixture(void **state)
{
	setenv("UIPC_ETC", FIX, 1);
	return 0;
}

static int
teardown_env(void **state)
{
	unsetenv("UIPC_ETC");
	return 0;
}

static in_addr_t
addr_of(const struct hostent *hp, int i)
{
	in_addr_t a;

	memcpy(&a, hp->h_addr_list[i], 4);
	return a;
}

static void
test_gethostbyname_fixture(void **state)
{
	struct hostent *hp;

	hp = uipc_gethostbyname("monet");
	assert_non_null(hp);
	assert_string_equal(hp->h_name, "monet");
	assert_string_equal(hp->h_aliases[0], "monet.berkeley.edu");
	assert_string_equal(hp->h_aliases[1], "ucbmonet");
	assert_null(hp->h_aliases[2]);
	assert_int_equal(hp->h_addrtype, AF_INET);
	assert_int_equal(hp->h_length, 4);
	assert_int_equal(addr_of(hp, 0), inet_addr("128.32.0.11"));
	assert_null(hp->h_addr_list[1]);
	/* Names ignore case; an alias finds the entry. */
	hp = uipc_gethostbyname("UCBMONET");
	assert_non_null(hp);
	assert_string_equal(hp->h_name, "monet");
	/* Every line naming cad adds its address and aliases ("multi on"). */
	hp = uipc_gethostbyname("cad");
	assert_non_null(hp);
	assert_string_equal(hp->h_name, "cad");
	assert_string_equal(hp->h_aliases[0], "cad.berkeley.edu");
	assert_string_equal(hp->h_aliases[1], "cadalias");
	assert_null(hp->h_aliases[2]);
	assert_int_equal(addr_of(hp, 0), inet_addr("128.32.0.10"));
	assert_int_equal(addr_of(hp, 1), inet_addr("128.32.0.12"));
	assert_null(hp->h_addr_list[2]);
	/* IPv4-mapped and ::1 lines count for AF_INET; other IPv6 do not. */
	hp = uipc_gethostbyname("mapped");
	assert_non_null(hp);
	assert_int_equal(addr_of(hp, 0), inet_addr("128.32.0.13"));
	hp = uipc_gethostbyname("lo6");
	assert_non_null(hp);
	assert_int_equal(addr_of(hp, 0), inet_addr("127.0.0.1"));
	assert_null(uipc_gethostbyname("v6only"));
	assert_int_equal(h_errno, HOST_NOT_FOUND);
	hp = uipc_gethostbyname2("v6only", AF_INET6);
	assert_non_null(hp);
	assert_int_equal(hp->h_length, 16);
	/* Malformed addresses are skipped. */
	assert_null(uipc_gethostbyname("junk"));
	assert_null(uipc_gethostbyname("short-address"));
	assert_null(uipc_gethostbyname("hex-address"));
	/* A literal address needs no file, with inet_aton's rules. */
	hp = uipc_gethostbyname("127.1");
	assert_non_null(hp);
	assert_string_equal(hp->h_name, "127.1");
	assert_int_equal(addr_of(hp, 0), inet_addr("127.0.0.1"));
	assert_null(uipc_gethostbyname2("x", AF_UNIX));
}

static void
test_gethostbyname_falls_back_to_etc(void **state)
{
	struct hostent *hp;

	/* localhost is in the host's /etc/hosts, not in the fixture. */
	hp = uipc_gethostbyname("localhost");
	assert_non_null(hp);
	assert_int_equal(addr_of(hp, 0), inet_addr("127.0.0.1"));
	assert_null(uipc_gethostbyname("no-such-host-anywhere"));
}

static void
test_gethostbyaddr_fixture(void **state)
{
	struct in_addr in = { inet_addr("192.5.5.3") };
	struct hostent *hp;

	hp = uipc_gethostbyaddr(&in, sizeof(in), AF_INET);
	assert_non_null(hp);
	assert_string_equal(hp->h_name, "ucbvax");
	assert_string_equal(hp->h_aliases[0], "vax");
	/* The first line with the address, no merging. */
	in.s_addr = inet_addr("128.32.0.10");
	hp = uipc_gethostbyaddr(&in, sizeof(in), AF_INET);
	assert_string_equal(hp->h_name, "cad");
	assert_null(uipc_gethostbyaddr(&in, 3, AF_INET));
	assert_int_equal(h_errno, NO_RECOVERY);
}

static void
test_gethostent_walks_both_files(void **state)
{
	struct hostent *hp;
	int n = 0, sawcad = 0, sawlocal = 0;

	uipc_sethostent(0);
	while ((hp = uipc_gethostent()) != NULL) {
		if (n == 0)
			assert_string_equal(hp->h_name, "cad");
		if (strcmp(hp->h_name, "cad") == 0)
			sawcad = n;
		if (strcmp(hp->h_name, "localhost") == 0)
			sawlocal = n;
		n++;
	}
	uipc_endhostent();
	/* The fixture's first, then /etc's. */
	assert_true(sawlocal > sawcad);
	assert_true(n >= 12);
}

/* The primer's §3.1 example, exactly as printed, on uipc's routines. */
#define sethostent	uipc_sethostent
#define gethostent	uipc_gethostent
#define endhostent(x)	uipc_endhostent()
#define in_netof(a)	((int)uipc_inet_netof(a))

struct hostent *
gethostbynameandnet(name, net)
    char *name;
    int net;
{
    register struct hostent *hp;
    register char **cp;

    sethostent(0);
    while ((hp = gethostent()) != NULL) {
        if (hp->h_addrtype != AF_INET)
            continue;
        if (strcmp(name, hp->h_name)) {
            for (cp = hp->h_aliases; cp && *cp != NULL; cp++)
                if (strcmp(name, *cp) == 0)
                    goto found;
            continue;
        }
    found:
        if (in_netof(*(struct in_addr *)hp->h_addr) == net)
            break;
    }
    endhostent(0);
    return (hp);
}

#undef sethostent
#undef gethostent
#undef endhostent
#undef in_netof

static void
test_primer_gethostbynameandnet(void **state)
{
	struct hostent *hp;

	/* cad is on net 128.32 (class B) twice; ucbvax on 192.5.5. */
	hp = gethostbynameandnet("cad", 0x8020);
	assert_non_null(hp);
	assert_int_equal(*(in_addr_t *)hp->h_addr, inet_addr("128.32.0.10"));
	hp = gethostbynameandnet("vax", 0xc00505);
	assert_non_null(hp);
	assert_string_equal(hp->h_name, "ucbvax");
	assert_null(gethostbynameandnet("cad", 10));
	hp = gethostbynameandnet("localhost", 127);
	assert_non_null(hp);
}

static void
test_networks_fixture(void **state)
{
	struct netent *np;

	np = uipc_getnetbyname("UCB-ETHER");
	assert_non_null(np);
	assert_string_equal(np->n_name, "berkeley");
	assert_int_equal(np->n_addrtype, AF_INET);
	/* "128.32" is read as glibc reads it, padded: 128.32.0.0. */
	assert_int_equal(np->n_net, 0x80200000);
	np = uipc_getnetbyaddr(0x0a000000, AF_INET);
	assert_non_null(np);
	assert_string_equal(np->n_name, "arpanet");
	assert_string_equal(np->n_aliases[0], "arpa");
	assert_null(uipc_getnetbyaddr(0x0a000000, AF_INET6));
	np = uipc_getnetbyname("hexnet");
	assert_int_equal(np->n_net, 0x0b000000);
	np = uipc_getnetbyname("bad");
	assert_non_null(np);
	assert_int_equal(np->n_net, INADDR_NONE);
	assert_null(uipc_getnetbyname("no-such-net"));
	assert_int_equal(h_errno, HOST_NOT_FOUND);
	uipc_setnetent(1);
	np = uipc_getnetent();
	assert_string_equal(np->n_name, "loopback");
	assert_int_equal(np->n_net, 0x7f000000);
	uipc_endnetent();
}

static void
test_protocols_fixture(void **state)
{
	struct protoent *pp;
	int n = 0;

	pp = uipc_getprotobyname("tcp");
	assert_non_null(pp);
	assert_int_equal(pp->p_proto, 6);
	assert_string_equal(pp->p_aliases[0], "TCP");
	assert_null(uipc_getprotobyname("Tcp"));
	pp = uipc_getprotobynumber(255);
	assert_string_equal(pp->p_name, "rawish");
	assert_string_equal(pp->p_aliases[2], "extra2");
	assert_null(uipc_getprotobyname("broken"));
	assert_null(uipc_getprotobyname("nonumber"));
	/* Found in /etc/protocols through the fallback. */
	pp = uipc_getprotobyname("gre");
	if (pp != NULL)
		assert_int_equal(pp->p_proto, 47);
	uipc_setprotoent(0);
	while ((pp = uipc_getprotoent()) != NULL)
		if (n++ == 0)
			assert_string_equal(pp->p_name, "ip");
	uipc_endprotoent();
	assert_true(n >= 5);
}

static void
test_services_fixture(void **state)
{
	struct servent *sp;

	/* The primer's two calls (§3.4). */
	sp = uipc_getservbyname("telnet", (char *)0);
	assert_non_null(sp);
	assert_int_equal(sp->s_port, htons(23));
	assert_string_equal(sp->s_proto, "tcp");
	sp = uipc_getservbyname("telnet", "udp");
	assert_non_null(sp);
	assert_string_equal(sp->s_proto, "udp");
	assert_string_equal(sp->s_aliases[0], "telnet-u");
	sp = uipc_getservbyname("rlogin", "tcp");
	assert_string_equal(sp->s_name, "login");
	assert_int_equal(ntohs(sp->s_port), 513);
	sp = uipc_getservbyport(htons(513), "udp");
	assert_string_equal(sp->s_name, "who");
	sp = uipc_getservbyport(htons(513), NULL);
	assert_string_equal(sp->s_name, "login");
	sp = uipc_getservbyname("odd", NULL);
	assert_int_equal(ntohs(sp->s_port), 16);
	sp = uipc_getservbyname("wrap", NULL);
	assert_int_equal(ntohs(sp->s_port), 70000 & 0xffff);
	sp = uipc_getservbyname("noproto", NULL);
	assert_string_equal(sp->s_proto, "");
	assert_null(uipc_getservbyname("broken", NULL));
	assert_null(uipc_getservbyname("noport", NULL));
	assert_null(uipc_getservbyname("telnet", "ddp"));
	/* Through the fallback to /etc/services. */
	sp = uipc_getservbyname("smtp", "tcp");
	if (sp != NULL)
		assert_int_equal(ntohs(sp->s_port), 25);
	uipc_setservent(0);
	sp = uipc_getservent();
	assert_string_equal(sp->s_name, "telnet");
	uipc_endservent();
}

static void
test_r_routines_erange(void **state)
{
	char small[16], big[4096];
	struct hostent he, *hr;
	struct servent se, *sr;
	struct protoent pe, *pr;
	struct netent ne, *nr;
	int herr;

	assert_int_equal(uipc_gethostbyname_r("monet", &he, small,
	    sizeof(small), &hr, &herr), ERANGE);
	assert_null(hr);
	assert_int_equal(herr, NETDB_INTERNAL);
	assert_int_equal(uipc_gethostbyname_r("monet", &he, big, sizeof(big),
	    &hr, &herr), 0);
	assert_ptr_equal(hr, &he);
	assert_string_equal(he.h_aliases[1], "ucbmonet");
	assert_int_equal(uipc_gethostbyname_r("nowhere-at-all", &he, big,
	    sizeof(big), &hr, &herr), 0);
	assert_null(hr);
	assert_int_equal(herr, HOST_NOT_FOUND);
	assert_int_equal(uipc_getservbyname_r("shell", "tcp", &se, small,
	    sizeof(small), &sr), ERANGE);
	assert_int_equal(uipc_getservbyname_r("shell", "tcp", &se, big,
	    sizeof(big), &sr), 0);
	assert_string_equal(sr->s_aliases[0], "cmd");
	assert_int_equal(uipc_getservbyport_r(htons(514), "tcp", &se, big,
	    sizeof(big), &sr), 0);
	assert_string_equal(sr->s_name, "shell");
	assert_int_equal(uipc_getprotobynumber_r(17, &pe, small, 4, &pr),
	    ERANGE);
	assert_int_equal(uipc_getprotobyname_r("UDP", &pe, big, sizeof(big),
	    &pr), 0);
	assert_int_equal(pr->p_proto, 17);
	assert_int_equal(uipc_getnetbyname_r("arpa", &ne, small, 4, &nr,
	    &herr), ERANGE);
	assert_int_equal(uipc_getnetbyaddr_r(0xc0050500, AF_INET, &ne, big,
	    sizeof(big), &nr, &herr), 0);
	assert_string_equal(nr->n_name, "classc");
	assert_int_equal(uipc_gethostbyaddr_r("\x80\x20\x00\x0b", 4, AF_INET,
	    &he, big, sizeof(big), &hr, &herr), 0);
	assert_string_equal(hr->h_name, "monet");
}

/*
 * Files that are hostile: very long lines (skipped whole), a line of
 * nothing but aliases past the limit, NUL bytes, no final newline.
 */
static void
test_long_lines_and_garbage(void **state)
{
	char dir[] = "/tmp/uipc-netdb-test.XXXXXX", path[64];
	struct hostent *hp;
	FILE *fp;
	int i, n;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/hosts", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "10.9.9.9 ");
	for (i = 0; i < 3 * UIPC_NETDB_LINEMAX; i++)
		fputc('a', fp);
	fprintf(fp, " longname\n10.9.9.8 many");
	for (i = 0; i < 2 * UIPC_NETDB_MAXALIASES; i++)
		fprintf(fp, " al%d", i);
	fprintf(fp, "\n10.9.9.7 nul");
	fputc('\0', fp);
	fprintf(fp, "hidden\n\t\t\n#\n10.9.9.6\tlast");
	fclose(fp);
	setenv("UIPC_ETC", dir, 1);
	assert_null(uipc_gethostbyname("longname"));
	hp = uipc_gethostbyname("many");
	assert_non_null(hp);
	for (n = 0; hp->h_aliases[n] != NULL; n++)
		continue;
	assert_true(n > 0 && n <= UIPC_NETDB_MAXALIASES);
	assert_non_null(uipc_gethostbyname("nul"));
	assert_null(uipc_gethostbyname("hidden"));
	hp = uipc_gethostbyname("last");
	assert_non_null(hp);
	assert_int_equal(addr_of(hp, 0), inet_addr("10.9.9.6"));
	unlink(path);
	rmdir(dir);
}

static void
test_per_thread_results(void **state)
{
	struct hostent *a, *b;

	a = uipc_gethostbyname("monet");
	b = uipc_gethostbyname("ucbvax");
	/* One buffer per thread, overwritten as in 4.2BSD. */
	assert_ptr_equal(a, b);
	assert_string_equal(b->h_name, "ucbvax");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gethostbyname_fixture),
		cmocka_unit_test(test_gethostbyname_falls_back_to_etc),
		cmocka_unit_test(test_gethostbyaddr_fixture),
		cmocka_unit_test(test_gethostent_walks_both_files),
		cmocka_unit_test(test_primer_gethostbynameandnet),
		cmocka_unit_test(test_networks_fixture),
		cmocka_unit_test(test_protocols_fixture),
		cmocka_unit_test(test_services_fixture),
		cmocka_unit_test(test_r_routines_erange),
		cmocka_unit_test_teardown(test_long_lines_and_garbage,
		    setup_fixture),
		cmocka_unit_test(test_per_thread_results),
	};

	return cmocka_run_group_tests(tests, setup_fixture, teardown_env);
}
