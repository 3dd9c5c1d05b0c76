/*
 * Host names, primer §3.1: gethostbyname, gethostbyaddr and the
 * gethostent walk over the hosts file (hosts(5): an address, the official
 * name, aliases).  The rules are the ones glibc's "files" source keeps, so
 * that a program sees the same answers on uipc as on the host:
 *
 * - an address is read strictly (inet_pton); for an AF_INET lookup an
 *   IPv4-mapped address counts as its IPv4 address and ::1 as 127.0.0.1,
 *   and other IPv6 lines are passed over;
 * - names compare without regard to case;
 * - gethostbyname returns every address that the matching lines of one file
 *   give (host.conf's "multi on", glibc's behaviour since 2.26): the first
 *   line gives the official name; each later one adds its aliases, and its
 *   official name when that differs;
 * - a name of digits and dots is an address (inet_aton), answered with no
 *   file read, as is an IPv6 literal for AF_INET6.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "netdb_int.h"

/*
 * The address of a hosts line for family af, into addr.  Returns its
 * length, or 0 when the line has none of that family.
 */
static int
host_addr(const char *s, int af, unsigned char *addr)
{
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	unsigned char a6[16];

	if (af == AF_INET6)
		return uipc_inet_pton(AF_INET6, s, addr) == 1 ? 16 : 0;
	if (uipc_inet_pton(AF_INET, s, addr) == 1)
		return 4;
	if (uipc_inet_pton(AF_INET6, s, a6) != 1)
		return 0;
	if (memcmp(a6, mapped, 12) == 0) {
		memcpy(addr, a6 + 12, 4);
		return 4;
	}
	if (memcmp(a6, in6addr_loopback.s6_addr, 16) == 0) {
		addr[0] = 127; addr[1] = 0; addr[2] = 0; addr[3] = 1;
		return 4;
	}
	return 0;
}

/*
 * Splits a hosts line.  A line with an address and no name gives an entry
 * with an empty name, as glibc reads it.
 */
static int
host_split(char *line, char **f)
{
	static char empty[] = "";
	int nf = ndb_split(line, f, NDB_MAXFIELDS);

	if (nf == 1) {
		f[1] = empty;
		nf = 2;
	}
	return nf;
}

/*
 * Lays out a hostent in the caller's buffer: official name, aliases (nal)
 * and addresses (nad of len bytes each, in addrs).  The strings are copied
 * into the buffer unless they are there already (copy 0).  Returns 0 or
 * ERANGE.
 */
static int
host_fill(struct hostent *he, struct ndb_buf *b, const char *name,
    char **al, int nal, unsigned char (*addrs)[16], int nad, int af, int len,
    int copy)
{
	int i;

	he->h_aliases = ndb_buf_alloc(b, (nal + 1) * sizeof(char *),
	    sizeof(char *));
	he->h_addr_list = ndb_buf_alloc(b, (nad + 1) * sizeof(char *),
	    sizeof(char *));
	if (he->h_aliases == NULL || he->h_addr_list == NULL)
		return ERANGE;
	for (i = 0; i < nad; i++) {
		if ((he->h_addr_list[i] = ndb_buf_alloc(b, len, 4)) == NULL)
			return ERANGE;
		memcpy(he->h_addr_list[i], addrs[i], len);
	}
	he->h_addr_list[nad] = NULL;
	for (i = 0; i < nal; i++)
		if ((he->h_aliases[i] = copy ? ndb_buf_str(b, al[i]) :
		    al[i]) == NULL)
			return ERANGE;
	he->h_aliases[nal] = NULL;
	if ((he->h_name = copy ? ndb_buf_str(b, name) : (char *)name) == NULL)
		return ERANGE;
	he->h_addrtype = af;
	he->h_length = len;
	return 0;
}

/* The _r routines' ending: their return value, *result, *h_errnop. */
static int
host_result(int err, int herr, struct hostent *he, struct hostent **result,
    int *h_errnop)
{
	*result = err == 0 && herr == 0 ? he : NULL;
	if (err == ERANGE) {
		herr = NETDB_INTERNAL;
		errno = ERANGE;
	}
	if (h_errnop != NULL)
		*h_errnop = herr;
	return err;
}

/* A literal address for a name: glibc's answer without reading a file. */
static int
host_literal(const char *name, int af, struct hostent *he, struct ndb_buf *b,
    int *found)
{
	unsigned char addr[1][16];
	struct in_addr in;

	*found = 0;
	if (af == AF_INET && ndb_all_digits_dots(name)) {
		if (!ndb_inet_aton_exact(name, &in))
			return 0;
		memcpy(addr[0], &in, 4);
	} else if (af == AF_INET6 && strchr(name, ':') != NULL) {
		if (uipc_inet_pton(AF_INET6, name, addr[0]) != 1)
			return 0;
	} else
		return 0;
	*found = 1;
	return host_fill(he, b, name, NULL, 0, addr, 1, af,
	    af == AF_INET ? 4 : 16, 1);
}

/*
 * The hosts lookup by name for family af.  Returns 0 (found or not: see
 * *h_errnop), ERANGE, or EAFNOSUPPORT.
 */
int
uipc_gethostbyname2_r(const char *name, int af, struct hostent *he,
    char *buf, size_t buflen, struct hostent **result, int *h_errnop)
{
	char line[UIPC_NETDB_LINEMAX];
	char *f[NDB_MAXFIELDS + 1], *al[UIPC_NETDB_MAXALIASES];
	unsigned char addrs[UIPC_NETDB_MAXADDRS][16], a[16];
	struct ndb_stream ns;
	struct ndb_buf b;
	char *hname = NULL;
	int nf, nal = 0, nad = 0, len = 0, which = -1, i, err, found;

	*result = NULL;
	if (af != AF_INET && af != AF_INET6) {
		if (h_errnop != NULL)
			*h_errnop = NO_DATA;
		errno = EAFNOSUPPORT;
		return EAFNOSUPPORT;
	}
	ndb_buf_init(&b, buf, buflen);
	err = host_literal(name, af, he, &b, &found);
	if (found || err != 0)
		return host_result(err, 0, he, result, h_errnop);
	ndb_open(&ns, NDB_HOSTS);
	while (err == 0 && ndb_getline(&ns, line, sizeof(line))) {
		/* Matches merge within one file. */
		if (which >= 0 && ns.ns_which != which)
			break;
		if ((nf = host_split(line, f)) < 2)
			continue;
		for (i = 1; i < nf; i++)
			if (strcasecmp(f[i], name) == 0)
				break;
		if (i == nf || (len = host_addr(f[0], af, a)) == 0)
			continue;
		if (nad < UIPC_NETDB_MAXADDRS)
			memcpy(addrs[nad++], a, sizeof(a));
		if (which < 0) {
			which = ns.ns_which;
			if ((hname = ndb_buf_str(&b, f[1])) == NULL)
				err = ERANGE;
		} else if (strcmp(f[1], hname) != 0)
			f[nf++] = f[1];	/* a later line's name: an alias */
		for (i = 2; i < nf && err == 0; i++)
			if (nal < UIPC_NETDB_MAXALIASES &&
			    (al[nal++] = ndb_buf_str(&b, f[i])) == NULL)
				err = ERANGE;
	}
	ndb_close(&ns);
	if (err != 0)
		return host_result(err, 0, he, result, h_errnop);
	if (which < 0)
		return host_result(0, HOST_NOT_FOUND, he, result, h_errnop);
	err = host_fill(he, &b, hname, al, nal, addrs, nad, af, len, 0);
	return host_result(err, 0, he, result, h_errnop);
}

int
uipc_gethostbyname_r(const char *name, struct hostent *he, char *buf,
    size_t buflen, struct hostent **result, int *h_errnop)
{
	return uipc_gethostbyname2_r(name, AF_INET, he, buf, buflen, result,
	    h_errnop);
}

/*
 * The hosts lookup by address: the first line with that address.  type is
 * AF_INET (len 4) or AF_INET6 (len 16).
 */
int
uipc_gethostbyaddr_r(const void *addr, socklen_t len, int type,
    struct hostent *he, char *buf, size_t buflen, struct hostent **result,
    int *h_errnop)
{
	char line[UIPC_NETDB_LINEMAX];
	char *f[NDB_MAXFIELDS];
	unsigned char a[1][16];
	struct ndb_stream ns;
	struct ndb_buf b;
	int nf, err = 0, herr = HOST_NOT_FOUND;

	*result = NULL;
	if ((type != AF_INET || len != 4) && (type != AF_INET6 || len != 16)) {
		if (h_errnop != NULL)
			*h_errnop = NO_RECOVERY;
		errno = type == AF_INET || type == AF_INET6 ? EINVAL :
		    EAFNOSUPPORT;
		return errno;
	}
	ndb_buf_init(&b, buf, buflen);
	ndb_open(&ns, NDB_HOSTS);
	while (ndb_getline(&ns, line, sizeof(line))) {
		if ((nf = host_split(line, f)) < 2)
			continue;
		if (host_addr(f[0], type, a[0]) != (int)len ||
		    memcmp(a[0], addr, len) != 0)
			continue;
		err = host_fill(he, &b, f[1], f + 2, nf - 2, a, 1, type, len,
		    1);
		herr = 0;
		break;
	}
	ndb_close(&ns);
	return host_result(err, herr, he, result, h_errnop);
}

/* The next entry of the thread's walk over the hosts files (AF_INET). */
int
uipc_gethostent_r(struct hostent *he, char *buf, size_t buflen,
    struct hostent **result, int *h_errnop)
{
	char line[UIPC_NETDB_LINEMAX];
	char *f[NDB_MAXFIELDS];
	unsigned char a[1][16];
	struct ndb_stream *ns = ndb_ent_stream(NDB_HOSTS);
	struct ndb_buf b;
	int nf, err;

	*result = NULL;
	if (ns == NULL)
		return host_result(ENOMEM, NETDB_INTERNAL, he, result,
		    h_errnop);
	ndb_buf_init(&b, buf, buflen);
	while (ndb_getline(ns, line, sizeof(line))) {
		if ((nf = host_split(line, f)) < 2 ||
		    host_addr(f[0], AF_INET, a[0]) != 4)
			continue;
		err = host_fill(he, &b, f[1], f + 2, nf - 2, a, 1, AF_INET, 4,
		    1);
		return host_result(err, 0, he, result, h_errnop);
	}
	return host_result(0, HOST_NOT_FOUND, he, result, h_errnop);
}

/*
 * The non-reentrant routines: the same lookups into the thread's result
 * buffer, h_errno set on failure.
 */
struct hostent *
uipc_gethostbyname2(const char *name, int af)
{
	struct ndb_tls *t = ndb_tls(NDB_HOSTS);
	struct hostent *r;
	int herr;

	if (t == NULL) {
		h_errno = NETDB_INTERNAL;
		return NULL;
	}
	uipc_gethostbyname2_r(name, af, &t->t_ent.t_host, t->t_buf,
	    sizeof(t->t_buf), &r, &herr);
	if (r == NULL)
		h_errno = herr;
	return r;
}

struct hostent *
uipc_gethostbyname(const char *name)
{
	return uipc_gethostbyname2(name, AF_INET);
}

struct hostent *
uipc_gethostbyaddr(const void *addr, socklen_t len, int type)
{
	struct ndb_tls *t = ndb_tls(NDB_HOSTS);
	struct hostent *r;
	int herr;

	if (t == NULL) {
		h_errno = NETDB_INTERNAL;
		return NULL;
	}
	uipc_gethostbyaddr_r(addr, len, type, &t->t_ent.t_host, t->t_buf,
	    sizeof(t->t_buf), &r, &herr);
	if (r == NULL)
		h_errno = herr;
	return r;
}

struct hostent *
uipc_gethostent(void)
{
	struct ndb_tls *t = ndb_tls(NDB_HOSTS);
	struct hostent *r;
	int herr;

	if (t == NULL) {
		h_errno = NETDB_INTERNAL;
		return NULL;
	}
	uipc_gethostent_r(&t->t_ent.t_host, t->t_buf, sizeof(t->t_buf), &r,
	    &herr);
	if (r == NULL)
		h_errno = herr;
	return r;
}

void
uipc_sethostent(int stayopen)
{
	ndb_ent_set(NDB_HOSTS, stayopen);
}

void
uipc_endhostent(void)
{
	ndb_ent_end(NDB_HOSTS);
}
