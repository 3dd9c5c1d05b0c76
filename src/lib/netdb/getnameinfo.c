/*
 * getnameinfo (RFC 3493 §6.2): an Internet socket address back to a host
 * name from the hosts files and a service name from the services files,
 * or their numeric forms.  An IPv6 address (which uipc does not carry,
 * getaddrinfo.c) is answered as glibc answers it: by the hosts files' IPv6
 * lines, or numerically with its zone ("fe80::1%en0").
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "netdb_int.h"

#define GNI_FLAGS	(NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN | \
			 NI_IDN | NI_NAMEREQD | NI_DGRAM)

static int
gni_copy(char *dst, socklen_t len, const char *src)
{
	size_t n = strlen(src);

	if (n + 1 > len)
		return EAI_OVERFLOW;
	memcpy(dst, src, n + 1);
	return 0;
}

static int
gni_host(const struct sockaddr *sa, char *host, socklen_t hostlen, int flags)
{
	char buf[UIPC_NETDB_LINEMAX], num[INET6_ADDRSTRLEN + IF_NAMESIZE + 1];
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	struct hostent he, *hp = NULL;
	int herr, v6 = sa->sa_family == AF_INET6;

	/* A name required but numeric asked for: glibc says no name. */
	if ((flags & (NI_NUMERICHOST | NI_NAMEREQD)) ==
	    (NI_NUMERICHOST | NI_NAMEREQD))
		return EAI_NONAME;
	if (!(flags & NI_NUMERICHOST)) {
		if (v6)
			uipc_gethostbyaddr_r(&sin6->sin6_addr, 16, AF_INET6,
			    &he, buf, sizeof(buf), &hp, &herr);
		else
			uipc_gethostbyaddr_r(&sin->sin_addr, 4, AF_INET, &he,
			    buf, sizeof(buf), &hp, &herr);
		if (hp != NULL)
			return gni_copy(host, hostlen, hp->h_name);
		if (flags & NI_NAMEREQD)
			return EAI_NONAME;
	}
	if (v6) {
		if (ndb_inet6_ntop_scoped(&sin6->sin6_addr,
		    sin6->sin6_scope_id, num, sizeof(num)) < 0)
			return EAI_OVERFLOW;
	} else
		uipc_inet_ntop(AF_INET, &sin->sin_addr, num, sizeof(num));
	return gni_copy(host, hostlen, num);
}

static int
gni_serv(in_port_t port, char *serv, socklen_t servlen, int flags)
{
	char buf[UIPC_NETDB_LINEMAX], num[8];
	struct servent se, *sp = NULL;

	if (!(flags & NI_NUMERICSERV)) {
		uipc_getservbyport_r(port, flags & NI_DGRAM ? "udp" : "tcp",
		    &se, buf, sizeof(buf), &sp);
		if (sp != NULL)
			return gni_copy(serv, servlen, sp->s_name);
	}
	snprintf(num, sizeof(num), "%u", ntohs(port));
	return gni_copy(serv, servlen, num);
}

int
uipc_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
    socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{
	in_port_t port;
	int err;

	if (flags & ~GNI_FLAGS)
		return EAI_BADFLAGS;
	if (sa == NULL || salen < sizeof(sa_family_t))
		return EAI_FAMILY;
	if (sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in))
		port = ((const struct sockaddr_in *)sa)->sin_port;
	else if (sa->sa_family == AF_INET6 &&
	    salen >= sizeof(struct sockaddr_in6))
		port = ((const struct sockaddr_in6 *)sa)->sin6_port;
	else
		return EAI_FAMILY;
	if ((host == NULL || hostlen == 0) && (serv == NULL || servlen == 0))
		return EAI_NONAME;
	if (host != NULL && hostlen > 0 &&
	    (err = gni_host(sa, host, hostlen, flags)) != 0)
		return err;
	if (serv != NULL && servlen > 0 &&
	    (err = gni_serv(port, serv, servlen, flags)) != 0)
		return err;
	return 0;
}
