/*
 * getnameinfo (RFC 3493 §6.2): an Internet socket address back to a host
 * name from the hosts files and a service name from the services files,
 * or their numeric forms.  AF_INET only, as getaddrinfo.c explains.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

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
gni_host(const struct sockaddr_in *sin, char *host, socklen_t hostlen,
    int flags)
{
	char buf[UIPC_NETDB_LINEMAX], num[INET_ADDRSTRLEN];
	struct hostent he, *hp = NULL;
	int herr;

	/* A name required but numeric asked for: glibc says no name. */
	if ((flags & (NI_NUMERICHOST | NI_NAMEREQD)) ==
	    (NI_NUMERICHOST | NI_NAMEREQD))
		return EAI_NONAME;
	if (!(flags & NI_NUMERICHOST)) {
		uipc_gethostbyaddr_r(&sin->sin_addr, sizeof(sin->sin_addr),
		    AF_INET, &he, buf, sizeof(buf), &hp, &herr);
		if (hp != NULL)
			return gni_copy(host, hostlen, hp->h_name);
		if (flags & NI_NAMEREQD)
			return EAI_NONAME;
	}
	uipc_inet_ntop(AF_INET, &sin->sin_addr, num, sizeof(num));
	return gni_copy(host, hostlen, num);
}

static int
gni_serv(const struct sockaddr_in *sin, char *serv, socklen_t servlen,
    int flags)
{
	char buf[UIPC_NETDB_LINEMAX], num[8];
	struct servent se, *sp = NULL;

	if (!(flags & NI_NUMERICSERV)) {
		uipc_getservbyport_r(sin->sin_port, flags & NI_DGRAM ? "udp" :
		    "tcp", &se, buf, sizeof(buf), &sp);
		if (sp != NULL)
			return gni_copy(serv, servlen, sp->s_name);
	}
	snprintf(num, sizeof(num), "%u", ntohs(sin->sin_port));
	return gni_copy(serv, servlen, num);
}

int
uipc_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
    socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	int err;

	if (flags & ~GNI_FLAGS)
		return EAI_BADFLAGS;
	if (sa == NULL || salen < sizeof(sa_family_t) ||
	    sa->sa_family != AF_INET || salen < sizeof(*sin))
		return EAI_FAMILY;
	if ((host == NULL || hostlen == 0) && (serv == NULL || servlen == 0))
		return EAI_NONAME;
	if (host != NULL && hostlen > 0 &&
	    (err = gni_host(sin, host, hostlen, flags)) != 0)
		return err;
	if (serv != NULL && servlen > 0 &&
	    (err = gni_serv(sin, serv, servlen, flags)) != 0)
		return err;
	return 0;
}
