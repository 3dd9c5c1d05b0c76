/*
 * gai6: numeric IPv6 through getaddrinfo, getnameinfo and inet_pton as
 * glibc answers them (the same binary runs on Linux and on uipc; nothing
 * here asks any name service).  PostgreSQL's default pg_hba.conf reads
 * "::1/128" this way.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include "tap.h"

static int
gai(const char *node, const char *serv, int family, int flags, int type, struct addrinfo **res)
{
	struct addrinfo h;

	memset(&h, 0, sizeof(h));
	h.ai_family = family;
	h.ai_flags = flags;
	h.ai_socktype = type;
	*res = NULL;
	return getaddrinfo(node, serv, &h, res);
}

/* getaddrinfo_a: answers kept in the requests, a signal when asked. */
static void
gai_async(void)
{
	struct addrinfo h4 = { .ai_flags = AI_NUMERICHOST, .ai_socktype = SOCK_STREAM };
	struct addrinfo h6 = { .ai_flags = AI_NUMERICHOST, .ai_family = AF_INET6,
	    .ai_socktype = SOCK_STREAM };
	struct gaicb a = { "127.0.0.1", "80", &h4, NULL, 0, { 0 } };
	struct gaicb b = { "::1", "80", &h6, NULL, 0, { 0 } };
	struct addrinfo h4only = { .ai_flags = AI_NUMERICHOST, .ai_family = AF_INET };
	struct gaicb c = { "::1", NULL, &h4only, NULL, 0, { 0 } };
	struct gaicb *list[] = { &a, &b, &c };
	const struct gaicb *clist[] = { &a, &b, &c };
	struct timespec ts = { 10, 0 };
	struct sigevent sev;
	sigset_t set;

	check_eq(getaddrinfo_a(GAI_WAIT, list, 3, NULL), 0, "getaddrinfo_a(GAI_WAIT) of three: 0");
	check(gai_error(&a) == 0 && a.ar_result != NULL && a.ar_result->ai_family == AF_INET,
	    "getaddrinfo_a: 127.0.0.1 answered as AF_INET");
	check(gai_error(&b) == 0 && b.ar_result != NULL && b.ar_result->ai_family == AF_INET6,
	    "getaddrinfo_a: ::1 answered as AF_INET6");
	check_eq(gai_error(&c), EAI_ADDRFAMILY, "getaddrinfo_a: ::1 under AF_INET: EAI_ADDRFAMILY");
	check_eq(gai_cancel(&a), EAI_ALLDONE, "gai_cancel of a finished request: EAI_ALLDONE");
	check_eq(gai_suspend(clist, 3, &ts), EAI_ALLDONE,
	    "gai_suspend with every request finished: EAI_ALLDONE at once");
	freeaddrinfo(a.ar_result);
	freeaddrinfo(b.ar_result);

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR1;
	a.ar_result = NULL;
	check_eq(getaddrinfo_a(GAI_NOWAIT, list, 1, &sev), 0, "getaddrinfo_a(GAI_NOWAIT, SIGEV_SIGNAL): 0");
	check_eq(sigtimedwait(&set, NULL, &ts), SIGUSR1, "the signal comes when the list is done");
	check(gai_error(&a) == 0 && a.ar_result != NULL, "and the answer is there");
	freeaddrinfo(a.ar_result);
}

int
main(void)
{
	struct addrinfo *res, *ai;
	struct sockaddr_in6 *sin6;
	struct in6_addr a, mask;
	char host[NI_MAXHOST], serv[NI_MAXSERV], txt[INET6_ADDRSTRLEN];
	int e, n;

	t_start(20);
	e = gai("::1", "5432", AF_UNSPEC, AI_NUMERICHOST, SOCK_STREAM, &res);
	check(e == 0, "getaddrinfo(\"::1\", AF_UNSPEC, AI_NUMERICHOST) succeeds");
	if (e != 0)
		diag("  %s", gai_strerror(e));
	if (e == 0) {
		sin6 = (struct sockaddr_in6 *)res->ai_addr;
		check(res->ai_family == AF_INET6 && res->ai_addrlen == sizeof(*sin6) &&
		    sin6->sin6_family == AF_INET6, "it is one AF_INET6 sockaddr_in6");
		check(IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr) && ntohs(sin6->sin6_port) == 5432 &&
		    sin6->sin6_scope_id == 0, "address ::1, port 5432, no scope");
		check(res->ai_socktype == SOCK_STREAM && res->ai_protocol == IPPROTO_TCP &&
		    res->ai_next == NULL, "one answer: SOCK_STREAM, IPPROTO_TCP");
		freeaddrinfo(res);
	}
	e = gai("::1", NULL, AF_UNSPEC, AI_NUMERICHOST, 0, &res);
	for (n = 0, ai = res; e == 0 && ai != NULL; ai = ai->ai_next)
		n += ai->ai_family == AF_INET6;
	check(e == 0 && n == 3, "no socket type: stream, datagram and raw answers, each IPv6");
	if (e == 0)
		freeaddrinfo(res);
	e = gai("::1", NULL, AF_INET6, 0, SOCK_DGRAM, &res);
	check(e == 0 && res->ai_family == AF_INET6, "getaddrinfo(\"::1\", AF_INET6) succeeds");
	if (e == 0)
		freeaddrinfo(res);
	check_eq(gai("::1", NULL, AF_INET, AI_NUMERICHOST, 0, &res), EAI_ADDRFAMILY,
	    "getaddrinfo(\"::1\", AF_INET): EAI_ADDRFAMILY");
	check_eq(gai("127.0.0.1", NULL, AF_INET6, 0, SOCK_STREAM, &res), EAI_ADDRFAMILY,
	    "getaddrinfo(\"127.0.0.1\", AF_INET6): EAI_ADDRFAMILY");
	e = gai("127.0.0.1", NULL, AF_INET6, AI_V4MAPPED, SOCK_STREAM, &res);
	check(e == 0 && IN6_IS_ADDR_V4MAPPED(&((struct sockaddr_in6 *)res->ai_addr)->sin6_addr),
	    "getaddrinfo(\"127.0.0.1\", AF_INET6, AI_V4MAPPED): ::ffff:127.0.0.1");
	if (e == 0)
		freeaddrinfo(res);
	e = gai("::ffff:10.1.2.3", NULL, AF_INET, AI_NUMERICHOST, SOCK_STREAM, &res);
	check(e == 0 && res->ai_family == AF_INET &&
	    ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == inet_addr("10.1.2.3"),
	    "getaddrinfo(\"::ffff:10.1.2.3\", AF_INET): 10.1.2.3");
	if (e == 0)
		freeaddrinfo(res);
	check_eq(gai("::1::", NULL, AF_UNSPEC, AI_NUMERICHOST, 0, &res), EAI_NONAME,
	    "getaddrinfo(\"::1::\", AI_NUMERICHOST): EAI_NONAME");
	check_eq(gai("fe80::1%9999999999", NULL, AF_UNSPEC, AI_NUMERICHOST, 0, &res), EAI_NONAME,
	    "a zone out of range: EAI_NONAME");
	e = gai("fe80::1%7", "80", AF_INET6, AI_NUMERICHOST, SOCK_STREAM, &res);
	check(e == 0 && ((struct sockaddr_in6 *)res->ai_addr)->sin6_scope_id == 7,
	    "getaddrinfo(\"fe80::1%%7\"): sin6_scope_id 7");
	if (e == 0)
		freeaddrinfo(res);

	/* getnameinfo, numerically. */
	e = gai("::1", "5432", AF_INET6, AI_NUMERICHOST, SOCK_STREAM, &res);
	if (e != 0)
		bail("getaddrinfo ::1: %s", gai_strerror(e));
	e = getnameinfo(res->ai_addr, res->ai_addrlen, host, sizeof(host), serv, sizeof(serv),
	    NI_NUMERICHOST | NI_NUMERICSERV);
	check(e == 0 && strcmp(host, "::1") == 0 && strcmp(serv, "5432") == 0,
	    "getnameinfo(::1 port 5432, NI_NUMERICHOST|NI_NUMERICSERV): \"::1\" \"5432\"");
	check_eq(getnameinfo(res->ai_addr, sizeof(struct sockaddr_in), host, sizeof(host), NULL, 0,
	    NI_NUMERICHOST), EAI_FAMILY, "getnameinfo of an AF_INET6 address too short: EAI_FAMILY");
	check_eq(getnameinfo(res->ai_addr, res->ai_addrlen, host, 3, NULL, 0, NI_NUMERICHOST),
	    EAI_OVERFLOW, "getnameinfo into 3 bytes: EAI_OVERFLOW");
	freeaddrinfo(res);

	/* inet_pton and inet_ntop (pg_hba.conf's "::1/128" and its mask). */
	check_eq(inet_pton(AF_INET6, "::1", &a), 1, "inet_pton(AF_INET6, \"::1\") = 1");
	check(IN6_IS_ADDR_LOOPBACK(&a), "it is the loopback address");
	check_eq(inet_pton(AF_INET6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", &mask), 1,
	    "inet_pton of a full mask = 1");
	check_eq(inet_pton(AF_INET6, "1:2:3", &a), 0, "inet_pton(AF_INET6, \"1:2:3\") = 0");
	inet_pton(AF_INET6, "2001:db8:0:0:1:0:0:1", &a);
	check(inet_ntop(AF_INET6, &a, txt, sizeof(txt)) != NULL && strcmp(txt, "2001:db8::1:0:0:1") == 0,
	    "inet_ntop compresses the first longest run of zeros");
	gai_async();
	return t_end();
}
