/*
 * getaddrinfo and freeaddrinfo (RFC 3493 §6.1) over the same hosts and
 * services files as the §3 routines, for programs written after 4.2BSD.
 *
 * uipc carries IPv4 only: a uipc host is one with IPv4 addresses and none
 * of IPv6, and getaddrinfo answers as glibc answers on such a host.  Names
 * and a NULL node asked for with AF_UNSPEC give IPv4 addresses (glibc
 * narrows AF_UNSPEC to AF_INET there under AI_ADDRCONFIG; uipc always
 * does, so that no program is handed an IPv6 address it would then fail
 * to reach); AF_INET6 with AI_ADDRCONFIG is EAI_NONAME.  A numeric IPv6
 * node asks no host anything, so it is read as glibc reads it ("::1" is
 * IPv6 under AF_UNSPEC and AF_INET6, EAI_ADDRFAMILY under AF_INET, and
 * "fe80::1%en0" takes a zone): PostgreSQL's pg_hba.conf has "::1/128".
 * An AF_INET6 socket for such an answer is still refused (EAFNOSUPPORT).
 *
 * Where RFC 3493 leaves a choice, glibc's answer is taken, since programs
 * are tested against it: a node of digits and dots is read by inet_aton
 * ("127.1" is numeric); with no socket type asked for, each address comes
 * as a SOCK_STREAM/IPPROTO_TCP, a SOCK_DGRAM/IPPROTO_UDP and (unless a
 * service is named) a SOCK_RAW answer, in that order; a named service gives
 * only the protocols the services file lists it for; an IPv4 node asked
 * for as AF_INET6 with AI_V4MAPPED is ::ffff:a.b.c.d, without it
 * EAI_ADDRFAMILY.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "netdb_int.h"

/*
 * The socket types and protocols getaddrinfo knows, glibc's table: the
 * first three are the default answer when the hints name neither a type
 * nor a protocol; otherwise the first row that fits the hints is the one
 * answer (SOCK_STREAM alone is TCP, protocol 132 alone is SCTP over
 * SOCK_STREAM, an unknown protocol is raw).  uipc's socket layer refuses
 * the protocols it does not carry when the socket is made.
 */
static const struct gai_proto {
	int gp_socktype;
	int gp_protocol;	/* 0: any, for raw sockets */
	const char *gp_name;	/* for getservbyname; NULL: no ports */
	int gp_default;
} gai_protos[] = {
	{ SOCK_STREAM, IPPROTO_TCP, "tcp", 1 },
	{ SOCK_DGRAM, IPPROTO_UDP, "udp", 1 },
	{ SOCK_DCCP, IPPROTO_DCCP, "dccp", 0 },
	{ SOCK_DGRAM, IPPROTO_UDPLITE, "udplite", 0 },
	{ SOCK_STREAM, IPPROTO_SCTP, "sctp", 0 },
	{ SOCK_SEQPACKET, IPPROTO_SCTP, "sctp", 0 },
	{ SOCK_RAW, 0, NULL, 1 },
};
#define GAI_NPROTOS	(sizeof(gai_protos) / sizeof(gai_protos[0]))

/*
 * The flags taken.  AI_ADDRCONFIG, AI_V4MAPPED and AI_ALL change nothing
 * where there is only IPv4; the IDN flags change nothing for the ASCII
 * names the files hold.
 */
#define GAI_FLAGS	(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | \
			 AI_NUMERICSERV | AI_ADDRCONFIG | AI_V4MAPPED | \
			 AI_ALL | AI_IDN | AI_CANONIDN)

/* Whether protocol row p fits the hints' type and protocol. */
static int
gai_match(const struct gai_proto *p, const struct addrinfo *h)
{
	if (h->ai_socktype != 0 && h->ai_socktype != p->gp_socktype)
		return 0;
	if (h->ai_protocol != 0 && p->gp_protocol != 0 &&
	    h->ai_protocol != p->gp_protocol)
		return 0;
	return 1;
}

/*
 * Picks the rows that answer: sets use[i].  Returns 0, or EAI_SOCKTYPE
 * when no row fits.
 */
static int
gai_rows(const struct addrinfo *h, int *use)
{
	size_t i;
	int any = 0;

	for (i = 0; i < GAI_NPROTOS; i++) {
		if (h->ai_socktype == 0 && h->ai_protocol == 0)
			use[i] = gai_protos[i].gp_default;
		else
			use[i] = !any && gai_match(&gai_protos[i], h);
		any |= use[i];
	}
	return any ? 0 : EAI_SOCKTYPE;
}

/*
 * The port of service for each row in use, in network order, or -1 where
 * the row gives no answer.  A numeric service serves every row but a raw
 * one asked for by itself; a name serves the rows whose protocol the
 * services file lists it for.  Returns 0 or an EAI_ error.
 */
static int
gai_service(const char *service, const struct addrinfo *h, const int *use,
    int *ports)
{
	char buf[UIPC_NETDB_LINEMAX];
	struct servent se, *sp;
	unsigned long v;
	char *end;
	size_t i;
	int any = 0, numeric;

	for (i = 0; i < GAI_NPROTOS; i++)
		ports[i] = use[i] ? 0 : -1;
	if (service == NULL)
		return 0;
	v = strtoul(service, &end, 10);
	numeric = *service != '\0' && *end == '\0';
	if (!numeric && (h->ai_flags & AI_NUMERICSERV))
		return EAI_NONAME;
	for (i = 0; i < GAI_NPROTOS; i++) {
		if (ports[i] < 0)
			continue;
		if (gai_protos[i].gp_name == NULL) {
			/* A raw socket asked for has no port. */
			if (!numeric || h->ai_socktype != 0 ||
			    h->ai_protocol != 0)
				ports[i] = -1;
			else
				ports[i] = htons((uint16_t)v);
		} else if (numeric)
			ports[i] = htons((uint16_t)v);
		else if (uipc_getservbyname_r(service, gai_protos[i].gp_name,
		    &se, buf, sizeof(buf), &sp) == 0 && sp != NULL)
			ports[i] = sp->s_port;
		else
			ports[i] = -1;
		if (ports[i] >= 0)
			any = 1;
	}
	return any ? 0 : EAI_SERVICE;
}

/* One address an answer carries: IPv4, or IPv6 with its zone. */
struct gai_addr {
	int ga_family;
	struct in_addr ga_v4;
	struct in6_addr ga_v6;
	uint32_t ga_scope;
};

/*
 * One answer: the node and its address in one allocation, as glibc
 * makes them, so that either freeaddrinfo frees our lists.
 */
static struct addrinfo *
gai_node(const struct gai_proto *p, const struct addrinfo *h,
    const struct addrinfo *hints, const struct gai_addr *a, int port)
{
	struct {
		struct addrinfo ai;
		union {
			struct sockaddr_in sin;
			struct sockaddr_in6 sin6;
		} u;
	} *n;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	n->ai.ai_flags = hints->ai_flags;
	n->ai.ai_family = a->ga_family;
	n->ai.ai_socktype = p->gp_socktype;
	n->ai.ai_protocol = p->gp_protocol != 0 ? p->gp_protocol :
	    h->ai_protocol;
	n->ai.ai_addr = (struct sockaddr *)&n->u;
	if (a->ga_family == AF_INET6) {
		n->ai.ai_addrlen = sizeof(n->u.sin6);
		n->u.sin6.sin6_family = AF_INET6;
		n->u.sin6.sin6_port = (in_port_t)port;
		n->u.sin6.sin6_addr = a->ga_v6;
		n->u.sin6.sin6_scope_id = a->ga_scope;
	} else {
		n->ai.ai_addrlen = sizeof(n->u.sin);
		n->u.sin.sin_family = AF_INET;
		n->u.sin.sin_port = (in_port_t)port;
		n->u.sin.sin_addr = a->ga_v4;
	}
	return &n->ai;
}

/* An IPv4 address as itself, or as ::ffff:a.b.c.d when mapped. */
static void
gai_v4(struct gai_addr *g, struct in_addr a, int mapped)
{
	memset(g, 0, sizeof(*g));
	g->ga_family = mapped ? AF_INET6 : AF_INET;
	g->ga_v4 = a;
	if (mapped) {
		g->ga_v6.s6_addr[10] = g->ga_v6.s6_addr[11] = 0xff;
		memcpy(&g->ga_v6.s6_addr[12], &a, 4);
	}
}

/*
 * The addresses of node into out (at most UIPC_NETDB_MAXADDRS), their
 * count in *n: its numeric value, or the hosts files' answer.  Returns 0
 * or an EAI_ error; the hostent lives in buf.
 */
static int
gai_host(const char *node, const struct addrinfo *h, struct gai_addr *out,
    int *n, char *buf, size_t buflen, const char **canon)
{
	struct hostent he, *hp = NULL;
	struct in_addr a4;
	int herr, k, v6 = h->ai_family == AF_INET6;
	int mapped = v6 && (h->ai_flags & AI_V4MAPPED);

	*n = 1;
	*canon = node;
	memset(out, 0, sizeof(*out));
	if (node == NULL) {
		out->ga_family = h->ai_family == AF_INET6 ? AF_INET6 : AF_INET;
		out->ga_v4.s_addr = htonl(h->ai_flags & AI_PASSIVE ?
		    INADDR_ANY : INADDR_LOOPBACK);
		out->ga_v6 = h->ai_flags & AI_PASSIVE ? in6addr_any :
		    in6addr_loopback;
		return 0;
	}
	if (ndb_inet_aton_exact(node, &a4)) {
		if (v6 && !mapped)
			return EAI_ADDRFAMILY;
		gai_v4(out, a4, mapped);
		return 0;
	}
	/*
	 * glibc checks the family before the zone, and reads a v4-mapped
	 * address asked for as AF_INET as its IPv4 address.
	 */
	if ((k = ndb_inet6_scoped(node, &out->ga_v6, &out->ga_scope)) != 0) {
		if (h->ai_family == AF_INET &&
		    !IN6_IS_ADDR_V4MAPPED(&out->ga_v6))
			return EAI_ADDRFAMILY;
		if (k < 0)
			return EAI_NONAME;	/* an unknown zone */
		if (h->ai_family == AF_INET) {
			memcpy(&a4, &out->ga_v6.s6_addr[12], 4);
			gai_v4(out, a4, 0);
		} else
			out->ga_family = AF_INET6;
		return 0;
	}
	if (h->ai_flags & AI_NUMERICHOST)
		return EAI_NONAME;
	/* An AF_INET6 name: its IPv6 lines, else (mapped) its IPv4 ones. */
	if (v6 && (uipc_gethostbyname2_r(node, AF_INET6, &he, buf, buflen,
	    &hp, &herr) != 0 || hp == NULL) && !mapped)
		return EAI_NONAME;
	if (hp == NULL && uipc_gethostbyname2_r(node, AF_INET, &he, buf,
	    buflen, &hp, &herr) != 0)
		return EAI_MEMORY;
	if (hp == NULL)
		return EAI_NONAME;
	for (k = 0; hp->h_addr_list[k] != NULL && k < UIPC_NETDB_MAXADDRS;
	    k++) {
		if (hp->h_addrtype == AF_INET6) {
			memset(&out[k], 0, sizeof(out[k]));
			out[k].ga_family = AF_INET6;
			memcpy(&out[k].ga_v6, hp->h_addr_list[k], 16);
		} else {
			memcpy(&a4, hp->h_addr_list[k], 4);
			gai_v4(&out[k], a4, mapped);
		}
	}
	*n = k;
	*canon = hp->h_name;
	return 0;
}

int
uipc_getaddrinfo(const char *node, const char *service,
    const struct addrinfo *hints, struct addrinfo **res)
{
	static const struct addrinfo nohints = { .ai_flags = AI_V4MAPPED |
	    AI_ADDRCONFIG };
	char buf[2 * UIPC_NETDB_LINEMAX];
	struct addrinfo h, *head = NULL, **tail = &head, *ai;
	struct gai_addr addrs[UIPC_NETDB_MAXADDRS];
	const char *canon;
	int use[GAI_NPROTOS], ports[GAI_NPROTOS], err, k, n;
	size_t i;

	*res = NULL;
	h = hints != NULL ? *hints : nohints;
	if (node == NULL && service == NULL)
		return EAI_NONAME;
	if (h.ai_flags & ~GAI_FLAGS)
		return EAI_BADFLAGS;
	if ((h.ai_flags & AI_CANONNAME) && node == NULL)
		return EAI_BADFLAGS;
	if (h.ai_family != AF_UNSPEC && h.ai_family != AF_INET &&
	    h.ai_family != AF_INET6)
		return EAI_FAMILY;
	/*
	 * AI_ADDRCONFIG on a host with IPv4 addresses and none of IPv6
	 * (glibc's __check_pf): AF_UNSPEC is AF_INET, AF_INET6 has no answer.
	 */
	if ((h.ai_flags & AI_ADDRCONFIG) && h.ai_family == AF_INET6)
		return EAI_NONAME;
	if ((h.ai_flags & AI_ADDRCONFIG) && h.ai_family == AF_UNSPEC)
		h.ai_family = AF_INET;
	/* glibc answers a named service under AI_NUMERICSERV first. */
	if (service != NULL && (h.ai_flags & AI_NUMERICSERV) &&
	    (*service == '\0' || strspn(service, "0123456789") !=
	    strlen(service)))
		return EAI_NONAME;
	if ((err = gai_rows(&h, use)) != 0)
		return err;
	if ((err = gai_service(service, &h, use, ports)) != 0)
		return err;
	if ((err = gai_host(node, &h, addrs, &n, buf, sizeof(buf),
	    &canon)) != 0)
		return err;
	for (k = 0; k < n; k++) {
		for (i = 0; i < GAI_NPROTOS; i++) {
			if (ports[i] < 0)
				continue;
			ai = gai_node(&gai_protos[i], &h, hints != NULL ?
			    hints : &nohints, &addrs[k], ports[i]);
			if (ai == NULL) {
				uipc_freeaddrinfo(head);
				return EAI_MEMORY;
			}
			*tail = ai;
			tail = &ai->ai_next;
		}
	}
	if (head != NULL && (h.ai_flags & AI_CANONNAME) &&
	    (head->ai_canonname = strdup(canon)) == NULL) {
		uipc_freeaddrinfo(head);
		return EAI_MEMORY;
	}
	*res = head;
	return head != NULL ? 0 : EAI_SERVICE;
}

void
uipc_freeaddrinfo(struct addrinfo *ai)
{
	struct addrinfo *next;

	for (; ai != NULL; ai = next) {
		next = ai->ai_next;
		free(ai->ai_canonname);
		free(ai);
	}
}
