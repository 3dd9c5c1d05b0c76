/*
 * The zone of a scoped IPv6 literal, "fe80::1%en0" (RFC 4007 §11), both
 * ways, as glibc reads and writes it for getaddrinfo and getnameinfo: a
 * link-local (or node- or link-local multicast) address takes an interface
 * name, any address a decimal number.  Interface names and indexes are the
 * host's: the shim's if_nametoindex/if_indextoname (uipc's interfaces) when
 * preloaded, libc's otherwise.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "netdb_int.h"

static int
scoped_by_name(const struct in6_addr *a)
{
	return IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_MC_NODELOCAL(a) ||
	    IN6_IS_ADDR_MC_LINKLOCAL(a);
}

/*
 * A numeric IPv6 node with an optional "%zone": 1 with *a and *scope set,
 * 0 when node is not an IPv6 literal, -1 (with *a set) when the zone is
 * unknown.
 */
int
ndb_inet6_scoped(const char *node, struct in6_addr *a, uint32_t *scope)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *pct = strchr(node, '%');
	size_t n = pct != NULL ? (size_t)(pct - node) : strlen(node);
	unsigned long long v;
	unsigned idx;
	char *end;

	*scope = 0;
	if (n >= sizeof(addr))
		return 0;
	memcpy(addr, node, n);
	addr[n] = '\0';
	if (uipc_inet_pton(AF_INET6, addr, a) != 1)
		return 0;
	if (pct == NULL)
		return 1;
	pct++;
	if (scoped_by_name(a) && (idx = if_nametoindex(pct)) != 0) {
		*scope = idx;
		return 1;
	}
	if (!isdigit((unsigned char)*pct))
		return -1;	/* glibc: EAI_NONAME, after the family is checked */
	errno = 0;
	v = strtoull(pct, &end, 10);
	if (*end != '\0' || errno != 0 || v > UINT32_MAX)
		return -1;
	*scope = (uint32_t)v;
	return 1;
}

/* The text of an IPv6 address with its zone, if any, into buf. */
int
ndb_inet6_ntop_scoped(const struct in6_addr *a, uint32_t scope, char *buf,
    size_t len)
{
	char num[INET6_ADDRSTRLEN], name[IF_NAMESIZE];
	int n;

	if (uipc_inet_ntop(AF_INET6, a, num, sizeof(num)) == NULL)
		return -1;
	if (scope == 0)
		n = snprintf(buf, len, "%s", num);
	else if (scoped_by_name(a) && if_indextoname(scope, name) != NULL)
		n = snprintf(buf, len, "%s%%%s", num, name);
	else
		n = snprintf(buf, len, "%s%%%u", num, scope);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}
