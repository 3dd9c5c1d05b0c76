/*
 * The differential test of the §3 routines: every entry of the host's own
 * /etc/hosts, /etc/networks, /etc/protocols and /etc/services, looked up by
 * each routine through uipc's library and through glibc's (NSS "files"),
 * in this one process, must give the same answer: official name, aliases,
 * numbers, byte order.  It runs with UIPC_ETC unset and with UIPC_ETC an
 * empty directory (the fallback then reads /etc).
 *
 * glibc cannot be pointed at other files, so the fixture files (with their
 * malformed lines) are compared in a child in a private mount namespace
 * with the fixtures bound over /etc's; where that is not allowed, the test
 * is skipped.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "uipc/netdb.h"
#include "netdb_cmp.h"

#define FIX	"tests/unit/netdb/fixtures"
#define MAXKEYS	8192

struct keys {
	int n;
	char *k[MAXKEYS];
	int num[MAXKEYS];
	char *proto[MAXKEYS];
};

static int ncmp, ndiff, nsmode;

static void
check(int ok)
{
	ncmp++;
	if (!ok)
		ndiff++;
}

static void
key_add(struct keys *ks, const char *k, int num, const char *proto)
{
	if (ks->n == MAXKEYS)
		return;
	ks->k[ks->n] = strdup(k != NULL ? k : "");
	ks->num[ks->n] = num;
	ks->proto[ks->n] = proto != NULL ? strdup(proto) : NULL;
	ks->n++;
}

static void
key_free(struct keys *ks)
{
	int i;

	for (i = 0; i < ks->n; i++) {
		free(ks->k[i]);
		free(ks->proto[i]);
	}
	ks->n = 0;
}

/* The name with its case turned, to test which lookups ignore case. */
static char *
flipcase(const char *s)
{
	static char buf[1024];
	size_t i;

	for (i = 0; s[i] != '\0' && i < sizeof(buf) - 1; i++)
		buf[i] = islower((unsigned char)s[i]) ?
		    toupper((unsigned char)s[i]) : tolower((unsigned char)s[i]);
	buf[i] = '\0';
	return buf;
}

static const char *odd_names[] = {
	"no-such-name", "", "cadalias", "CaseHost", "casehost", "127.1",
	"1.2.3.4", "0x7f.1", "10.1.2", "::1", "lo6", "mapped", "v6only",
	"echo-alias", "telnet-u", "noproto", "wrap", "odd", "broken",
	"nonumber", "ucb-ether", "arpa", "hexnet", "RAW", "extra2", NULL
};

static void
diff_hosts(void)
{
	struct keys names = { 0 }, addrs = { 0 };
	struct hostent *a, *b, ha, hb, *ra, *rb;
	char ba[8192], bb[8192], **cp;
	int i, ea, eb, v6;

	sethostent(0);
	uipc_sethostent(0);
	do {
		a = uipc_gethostent();
		b = gethostent();
		check(cmp_hostent("(gethostent)", a, b));
		if (b == NULL)
			break;
		key_add(&names, b->h_name, 0, NULL);
		for (cp = b->h_aliases; *cp != NULL; cp++)
			key_add(&names, *cp, 0, NULL);
		key_add(&addrs, b->h_addr, 0, NULL);
		memcpy(&addrs.num[addrs.n - 1], b->h_addr, 4);
	} while (a != NULL);
	endhostent();
	uipc_endhostent();
	if (nsmode)
		for (i = 0; odd_names[i] != NULL; i++)
			key_add(&names, odd_names[i], 0, NULL);
	for (i = 0; i < names.n; i++) {
		const char *n = names.k[i];

		check(cmp_hostent(n, uipc_gethostbyname(n), gethostbyname(n)));
		check(cmp_hostent(n, uipc_gethostbyname(flipcase(n)),
		    gethostbyname(flipcase(n))));
		uipc_gethostbyname_r(n, &ha, ba, sizeof(ba), &ra, &ea);
		gethostbyname_r(n, &hb, bb, sizeof(bb), &rb, &eb);
		check(cmp_hostent(n, ra, rb));
		/* IPv6 lookups may go on to DNS outside the namespace. */
		for (v6 = 0; nsmode && v6 < 1; v6++)
			check(cmp_hostent(n, uipc_gethostbyname2(n, AF_INET6),
			    gethostbyname2(n, AF_INET6)));
	}
	for (i = 0; i < addrs.n; i++) {
		char key[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &addrs.num[i], key, sizeof(key));
		check(cmp_hostent(key, uipc_gethostbyaddr(&addrs.num[i], 4,
		    AF_INET), gethostbyaddr(&addrs.num[i], 4, AF_INET)));
		uipc_gethostbyaddr_r(&addrs.num[i], 4, AF_INET, &ha, ba,
		    sizeof(ba), &ra, &ea);
		gethostbyaddr_r(&addrs.num[i], 4, AF_INET, &hb, bb,
		    sizeof(bb), &rb, &eb);
		check(cmp_hostent(key, ra, rb));
	}
	if (nsmode) {
		struct in6_addr lo = IN6ADDR_LOOPBACK_INIT;

		check(cmp_hostent("::1", uipc_gethostbyaddr(&lo, 16,
		    AF_INET6), gethostbyaddr(&lo, 16, AF_INET6)));
	}
	key_free(&names);
	key_free(&addrs);
}

static void
diff_networks(void)
{
	struct keys ks = { 0 };
	struct netent *a, *b, na, nb, *ra, *rb;
	char ba[8192], bb[8192], **cp;
	int i, ea, eb;

	setnetent(0);
	uipc_setnetent(0);
	do {
		a = uipc_getnetent();
		b = getnetent();
		check(cmp_netent("(getnetent)", a, b));
		if (b == NULL)
			break;
		key_add(&ks, b->n_name, (int)b->n_net, NULL);
		for (cp = b->n_aliases; *cp != NULL; cp++)
			key_add(&ks, *cp, (int)b->n_net, NULL);
	} while (a != NULL);
	endnetent();
	uipc_endnetent();
	if (nsmode)
		for (i = 0; odd_names[i] != NULL; i++)
			key_add(&ks, odd_names[i], 127 + i, NULL);
	for (i = 0; i < ks.n; i++) {
		const char *n = ks.k[i];
		uint32_t net = (uint32_t)ks.num[i];

		check(cmp_netent(n, uipc_getnetbyname(n), getnetbyname(n)));
		check(cmp_netent(n, uipc_getnetbyname(flipcase(n)),
		    getnetbyname(flipcase(n))));
		check(cmp_netent(n, uipc_getnetbyaddr(net, AF_INET),
		    getnetbyaddr(net, AF_INET)));
		check(cmp_netent(n, uipc_getnetbyaddr(net, AF_INET6),
		    getnetbyaddr(net, AF_INET6)));
		uipc_getnetbyname_r(n, &na, ba, sizeof(ba), &ra, &ea);
		getnetbyname_r(n, &nb, bb, sizeof(bb), &rb, &eb);
		check(cmp_netent(n, ra, rb));
		uipc_getnetbyaddr_r(net, AF_INET, &na, ba, sizeof(ba), &ra,
		    &ea);
		getnetbyaddr_r(net, AF_INET, &nb, bb, sizeof(bb), &rb, &eb);
		check(cmp_netent(n, ra, rb));
	}
	key_free(&ks);
}

static void
diff_protocols(void)
{
	struct keys ks = { 0 };
	struct protoent *a, *b, pa, pb, *ra, *rb;
	char ba[8192], bb[8192], **cp;
	int i;

	setprotoent(0);
	uipc_setprotoent(0);
	do {
		a = uipc_getprotoent();
		b = getprotoent();
		check(cmp_protoent("(getprotoent)", a, b));
		if (b == NULL)
			break;
		key_add(&ks, b->p_name, b->p_proto, NULL);
		for (cp = b->p_aliases; *cp != NULL; cp++)
			key_add(&ks, *cp, b->p_proto, NULL);
	} while (a != NULL);
	endprotoent();
	uipc_endprotoent();
	if (nsmode)
		for (i = 0; odd_names[i] != NULL; i++)
			key_add(&ks, odd_names[i], 250 + i, NULL);
	for (i = 0; i < ks.n; i++) {
		const char *n = ks.k[i];

		check(cmp_protoent(n, uipc_getprotobyname(n),
		    getprotobyname(n)));
		check(cmp_protoent(n, uipc_getprotobyname(flipcase(n)),
		    getprotobyname(flipcase(n))));
		check(cmp_protoent(n, uipc_getprotobynumber(ks.num[i]),
		    getprotobynumber(ks.num[i])));
		uipc_getprotobyname_r(n, &pa, ba, sizeof(ba), &ra);
		getprotobyname_r(n, &pb, bb, sizeof(bb), &rb);
		check(cmp_protoent(n, ra, rb));
		uipc_getprotobynumber_r(ks.num[i], &pa, ba, sizeof(ba), &ra);
		getprotobynumber_r(ks.num[i], &pb, bb, sizeof(bb), &rb);
		check(cmp_protoent(n, ra, rb));
	}
	key_free(&ks);
}

static void
diff_services(void)
{
	struct keys ks = { 0 };
	struct servent *a, *b, sa, sb, *ra, *rb;
	char ba[8192], bb[8192], **cp;
	static const char *protos[] = { "tcp", "udp", "ddp", "", NULL };
	int i, j;

	setservent(0);
	uipc_setservent(0);
	do {
		a = uipc_getservent();
		b = getservent();
		check(cmp_servent("(getservent)", a, b));
		if (b == NULL)
			break;
		key_add(&ks, b->s_name, b->s_port, b->s_proto);
		for (cp = b->s_aliases; *cp != NULL; cp++)
			key_add(&ks, *cp, b->s_port, b->s_proto);
	} while (a != NULL);
	endservent();
	uipc_endservent();
	if (nsmode)
		for (i = 0; odd_names[i] != NULL; i++)
			key_add(&ks, odd_names[i], htons(i), "tcp");
	for (i = 0; i < ks.n; i++) {
		const char *n = ks.k[i];
		int port = ks.num[i];

		check(cmp_servent(n, uipc_getservbyname(n, NULL),
		    getservbyname(n, NULL)));
		check(cmp_servent(n, uipc_getservbyport(port, NULL),
		    getservbyport(port, NULL)));
		for (j = 0; protos[j] != NULL; j++) {
			check(cmp_servent(n, uipc_getservbyname(n, protos[j]),
			    getservbyname(n, protos[j])));
			check(cmp_servent(n, uipc_getservbyport(port,
			    protos[j]), getservbyport(port, protos[j])));
		}
		check(cmp_servent(n, uipc_getservbyname(n, ks.proto[i]),
		    getservbyname(n, ks.proto[i])));
		check(cmp_servent(n, uipc_getservbyname(flipcase(n), NULL),
		    getservbyname(flipcase(n), NULL)));
		uipc_getservbyname_r(n, ks.proto[i], &sa, ba, sizeof(ba), &ra);
		getservbyname_r(n, ks.proto[i], &sb, bb, sizeof(bb), &rb);
		check(cmp_servent(n, ra, rb));
		uipc_getservbyport_r(port, ks.proto[i], &sa, ba, sizeof(ba),
		    &ra);
		getservbyport_r(port, ks.proto[i], &sb, bb, sizeof(bb), &rb);
		check(cmp_servent(n, ra, rb));
	}
	key_free(&ks);
}

static void
diff_all(void)
{
	ncmp = ndiff = 0;
	diff_hosts();
	diff_networks();
	diff_protocols();
	diff_services();
	printf("# %d comparisons, %d differ\n", ncmp, ndiff);
}

static void
test_diff_etc_unset(void **state)
{
	unsetenv("UIPC_ETC");
	diff_all();
	assert_int_equal(ndiff, 0);
	assert_true(ncmp > 100);
}

static void
test_diff_etc_empty_dir(void **state)
{
	setenv("UIPC_ETC", FIX "/empty", 1);
	diff_all();
	unsetenv("UIPC_ETC");
	assert_int_equal(ndiff, 0);
	assert_true(ncmp > 100);
}

/*
 * In a private mount namespace with the fixtures bound over /etc's files,
 * this binary runs again as the child that compares them.
 */
static void
test_diff_fixtures_in_namespace(void **state)
{
	static const char *files[] = { "hosts", "networks", "protocols",
	    "services", "nsswitch.conf", NULL };
	char src[PATH_MAX + 64], dst[64], dir[PATH_MAX];
	pid_t pid;
	int st, i;

	if (realpath(FIX, dir) == NULL)
		fail_msg("no fixtures at %s", FIX);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		if (unshare(CLONE_NEWNS) != 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
			_exit(77);
		for (i = 0; files[i] != NULL; i++) {
			snprintf(src, sizeof(src), "%s/%s%s", dir,
			    i < 4 ? "etc/" : "", files[i]);
			snprintf(dst, sizeof(dst), "/etc/%s", files[i]);
			if (mount(src, dst, NULL, MS_BIND, NULL) != 0)
				_exit(77);
		}
		setenv("UIPC_NETDB_NS_CHILD", "1", 1);
		unsetenv("UIPC_ETC");
		execl("/proc/self/exe", "test_netdb_diff", (char *)NULL);
		_exit(78);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) == 77)
		skip();
	assert_int_equal(WEXITSTATUS(st), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_etc_unset),
		cmocka_unit_test(test_diff_etc_empty_dir),
		cmocka_unit_test(test_diff_fixtures_in_namespace),
	};

	if (getenv("UIPC_NETDB_NS_CHILD") != NULL) {
		nsmode = 1;
		diff_all();
		return ndiff != 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
