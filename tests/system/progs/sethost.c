/*
 * sethost: sethostname(2) and setdomainname(2) on uipc (issue 10).  On
 * uipc a program's host names are uipc's: one set by a program (root) is
 * what gethostname, uname and getdomainname answer then, in that process
 * and every other on its host; others get EPERM, and the names stay.
 *
 *   sethost set NAME DOMAIN  (as root) sets both and checks them, here and
 *                            in a child (fork, exec "sethost get")
 *   sethost get              prints the node name, a space, the domain name
 *   sethost eperm            (unprivileged) both refused with EPERM, names kept
 *   sethost rawset NAME DOMAIN  (as root) the same by syscall(2), as a
 *                            static program or an inlined libc would
 *
 * Natively, "set" runs in a UTS namespace of its own (the .t's unshare -u).
 */
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include "tap.h"

static void *volatile bad1;

static int
names(char *node, size_t nl, char *dom, size_t dl)
{
	if (gethostname(node, nl) < 0 || getdomainname(dom, dl) < 0)
		return -1;
	return 0;
}

/* What a child process (exec'd anew) says the names are. */
static int
child_names(const char *self, char *out, size_t len)
{
	int p[2], st;
	pid_t pid;
	ssize_t n;

	SYS(pipe(p));
	if ((pid = SYS(fork())) == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execl(self, self, "get", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	n = read_full(p[0], out, len - 1);
	close(p[0]);
	waitpid(pid, &st, 0);
	if (n <= 0)
		return -1;
	out[n] = '\0';
	if (out[n - 1] == '\n')
		out[n - 1] = '\0';
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static void
t_set(const char *self, const char *node, const char *dom)
{
	char n[256], d[256], want[600], got[600], long65[66];
	struct utsname u;

	check_ok(sethostname(node, strlen(node)), "sethostname(\"%s\") as root", node);
	check(gethostname(n, sizeof(n)) == 0 && strcmp(n, node) == 0,
	    "gethostname answers it (got \"%s\")", n);
	check(uname(&u) == 0 && strcmp(u.nodename, node) == 0, "uname's nodename too");
	check_ok(setdomainname(dom, strlen(dom)), "setdomainname(\"%s\") as root", dom);
	check(getdomainname(d, sizeof(d)) == 0 && strcmp(d, dom) == 0,
	    "getdomainname answers it (got \"%s\")", d);
	check(uname(&u) == 0 && strcmp(u.domainname, dom) == 0, "uname's domainname too");
	snprintf(want, sizeof(want), "%s %s", node, dom);
	check(child_names(self, got, sizeof(got)) == 0 && strcmp(got, want) == 0,
	    "another process sees both (got \"%s\")", got);

	/* The name is len bytes, not a C string: a shorter len takes a prefix. */
	check_ok(sethostname("prefixed", 6), "sethostname(\"prefixed\", 6)");
	check(gethostname(n, sizeof(n)) == 0 && strcmp(n, "prefix") == 0,
	    "the name is the 6 bytes given (got \"%s\")", n);
	memset(long65, 'x', 65);
	long65[65] = '\0';
	check_errno(sethostname(long65, 65), EINVAL, "sethostname of 65 bytes: EINVAL");
	check_ok(sethostname(long65, 64), "sethostname of 64 bytes works");
	check(gethostname(n, sizeof(n)) == 0 && strlen(n) == 64, "and gethostname gives all 64");
	check_errno(gethostname(n, 10), ENAMETOOLONG, "gethostname into 10 bytes: ENAMETOOLONG");
	check_errno(sethostname(bad1, 4), EFAULT, "sethostname((char *)1): EFAULT");
	check_errno(setdomainname(long65, 65), EINVAL, "setdomainname of 65 bytes: EINVAL");
	check_ok(sethostname(node, strlen(node)), "sethostname back to \"%s\"", node);
}

/* The calls made by syscall(2), past the shim's symbols (issue 9's trap). */
static void
t_rawset(const char *self, const char *node, const char *dom)
{
	char n[256], d[256], want[600], got[600];

	check_ok(syscall(SYS_sethostname, node, strlen(node)), "syscall(SYS_sethostname, \"%s\")", node);
	check_ok(syscall(SYS_setdomainname, dom, strlen(dom)), "syscall(SYS_setdomainname, \"%s\")", dom);
	check(names(n, sizeof(n), d, sizeof(d)) == 0 && strcmp(n, node) == 0 && strcmp(d, dom) == 0,
	    "gethostname and getdomainname answer them (got \"%s\", \"%s\")", n, d);
	snprintf(want, sizeof(want), "%s %s", node, dom);
	check(child_names(self, got, sizeof(got)) == 0 && strcmp(got, want) == 0,
	    "another process sees both (got \"%s\")", got);
}

static void
t_eperm(void)
{
	char n0[256], d0[256], n[256], d[256];

	SYS(names(n0, sizeof(n0), d0, sizeof(d0)));
	check_errno(sethostname("intruder", 8), EPERM, "sethostname unprivileged: EPERM");
	check_errno(setdomainname("intruder", 8), EPERM, "setdomainname unprivileged: EPERM");
	check_errno(sethostname(bad1, 100), EPERM, "EPERM comes before the length and the pointer");
	SYS(names(n, sizeof(n), d, sizeof(d)));
	check(strcmp(n, n0) == 0 && strcmp(d, d0) == 0, "the names stay (\"%s\", \"%s\")", n, d);
}

int
main(int argc, char **argv)
{
	char n[256], d[256];

	bad1 = (void *)(uintptr_t)1;
	if (argc == 2 && strcmp(argv[1], "get") == 0) {
		if (names(n, sizeof(n), d, sizeof(d)) < 0)
			return 1;
		printf("%s %s\n", n, d);
		return 0;
	}
	t_start(30);
	if (argc == 4 && strcmp(argv[1], "set") == 0)
		t_set(argv[0], argv[2], argv[3]);
	else if (argc == 4 && strcmp(argv[1], "rawset") == 0)
		t_rawset(argv[0], argv[2], argv[3]);
	else if (argc == 2 && strcmp(argv[1], "eperm") == 0)
		t_eperm();
	else
		bail("usage: sethost set|rawset NAME DOMAIN | get | eperm");
	return t_end();
}
