/*
 * getaddrinfo and freeaddrinfo (RFC 3493 §6.1) over the same hosts and
 * services files as the §3 routines, for programs written after 4.2BSD.
 * uipc carries IPv4 only, so AF_INET answers are all there is: AF_UNSPEC
 * means AF_INET, and AF_INET6 is refused with EAI_FAMILY.
 *
 * Where RFC 3493 leaves a choice, glibc's answer is taken, since programs
 * are tested against it: a node of digits and dots is read by inet_aton
 * ("127.1" is numeric); with no socket type asked for, each address comes
 * as a SOCK_STREAM/IPPROTO_TCP, a SOCK_DGRAM/IPPROTO_UDP and (unless a
 * service is named) a SOCK_RAW answer, in that order; a named service gives
 * only the protocols the services file lists it for.
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

/*
 * One answer: the node and its address in one allocation, as glibc
 * makes them, so that either freeaddrinfo frees our lists.
 */
static struct addrinfo *
gai_node(const struct gai_proto *p, const struct addrinfo *h,
    const struct addrinfo *hints, struct in_addr addr, int port)
{
	struct {
		struct addrinfo ai;
		struct sockaddr_in sin;
	} *n;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	n->ai.ai_flags = hints->ai_flags;
	n->ai.ai_family = AF_INET;
	n->ai.ai_socktype = p->gp_socktype;
	n->ai.ai_protocol = p->gp_protocol != 0 ? p->gp_protocol :
	    h->ai_protocol;
	n->ai.ai_addrlen = sizeof(n->sin);
	n->ai.ai_addr = (struct sockaddr *)&n->sin;
	n->sin.sin_family = AF_INET;
	n->sin.sin_port = (in_port_t)port;
	n->sin.sin_addr = addr;
	return &n->ai;
}

/*
 * The addresses of node: its numeric value, or the hosts files' answer.
 * Returns 0 or an EAI_ error; the hostent lives in buf.
 */
static int
gai_host(const char *node, const struct addrinfo *h, struct in_addr *one,
    struct hostent *he, char *buf, size_t buflen, char ***addrs,
    const char **canon)
{
	struct hostent *hp;
	static char *none[] = { NULL };
	int herr;

	*addrs = none;
	*canon = node;
	if (node == NULL) {
		one->s_addr = htonl(h->ai_flags & AI_PASSIVE ?
		    INADDR_ANY : INADDR_LOOPBACK);
		return 0;
	}
	if (ndb_inet_aton_exact(node, one))
		return 0;
	if (h->ai_flags & AI_NUMERICHOST)
		return EAI_NONAME;
	if (uipc_gethostbyname2_r(node, AF_INET, he, buf, buflen, &hp,
	    &herr) != 0)
		return EAI_MEMORY;
	if (hp == NULL)
		return EAI_NONAME;
	*addrs = hp->h_addr_list;
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
	struct hostent he;
	struct in_addr one, a;
	char **addrs;
	const char *canon;
	int use[GAI_NPROTOS], ports[GAI_NPROTOS], err, k;
	size_t i;

	*res = NULL;
	h = hints != NULL ? *hints : nohints;
	if (node == NULL && service == NULL)
		return EAI_NONAME;
	if (h.ai_flags & ~GAI_FLAGS)
		return EAI_BADFLAGS;
	if ((h.ai_flags & AI_CANONNAME) && node == NULL)
		return EAI_BADFLAGS;
	if (h.ai_family != AF_UNSPEC && h.ai_family != AF_INET)
		return EAI_FAMILY;
	/* glibc answers a named service under AI_NUMERICSERV first. */
	if (service != NULL && (h.ai_flags & AI_NUMERICSERV) &&
	    (*service == '\0' || strspn(service, "0123456789") !=
	    strlen(service)))
		return EAI_NONAME;
	if ((err = gai_rows(&h, use)) != 0)
		return err;
	if ((err = gai_service(service, &h, use, ports)) != 0)
		return err;
	if ((err = gai_host(node, &h, &one, &he, buf, sizeof(buf), &addrs,
	    &canon)) != 0)
		return err;
	for (k = 0; addrs[0] == NULL ? k < 1 : addrs[k] != NULL; k++) {
		if (addrs[0] == NULL)
			a = one;
		else
			memcpy(&a, addrs[k], sizeof(a));
		for (i = 0; i < GAI_NPROTOS; i++) {
			if (ports[i] < 0)
				continue;
			ai = gai_node(&gai_protos[i], &h, hints != NULL ?
			    hints : &h, a, ports[i]);
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
