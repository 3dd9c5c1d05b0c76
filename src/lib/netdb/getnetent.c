/*
 * Network names, primer §3.2: getnetbyname, getnetbyaddr and the getnetent
 * walk over the networks file (networks(5): the official name, the network
 * number, aliases).  As glibc reads the file, the number is taken as
 * inet_network(3N) takes it after padding it to four parts with ".0"
 * ("128.32" is the net 128.32.0.0), a number that does not parse gives
 * INADDR_NONE rather than a skipped line, and names compare without regard
 * to case.  n_net is in host byte order.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "netdb_int.h"

/*
 * The number field of a networks line, padded as glibc pads it: each
 * missing part is a zero byte on the right.
 */
static uint32_t
net_number(const char *s)
{
	const char *p;
	uint32_t net;
	int dots = 0;

	for (p = s; *p != '\0'; p++)
		if (*p == '.')
			dots++;
	net = uipc_inet_network(s);
	if (net == INADDR_NONE || dots >= 3)
		return net;
	return net << (8 * (3 - dots));
}

/*
 * Fills ne from the fields of one line (name, number, aliases; a missing
 * number reads as an empty one).  Returns 0 or ERANGE.
 */
static int
net_fill(struct netent *ne, struct ndb_buf *b, char **f, int nf)
{
	char *nf2[NDB_MAXFIELDS];
	int i, n = 0;

	nf2[n++] = f[0];
	for (i = 2; i < nf; i++)
		nf2[n++] = f[i];
	ne->n_addrtype = AF_INET;
	ne->n_net = net_number(nf > 1 ? f[1] : "");
	return ndb_buf_names(b, nf2, n, &ne->n_name, &ne->n_aliases);
}

static int
net_result(int err, struct netent *ne, struct netent **result,
    int *h_errnop)
{
	*result = err == 0 && ne != NULL ? ne : NULL;
	if (h_errnop != NULL)
		*h_errnop = err == ERANGE ? NETDB_INTERNAL :
		    *result == NULL ? HOST_NOT_FOUND : 0;
	if (err == ERANGE)
		errno = ERANGE;
	return err;
}

/*
 * The common lookup: by name when name is set, else by number and type.
 * Returns 0 (found or not), or ERANGE.
 */
static int
net_lookup(const char *name, uint32_t net, int type, struct netent *ne,
    char *buf, size_t buflen, struct netent **result, int *h_errnop)
{
	char line[UIPC_NETDB_LINEMAX];
	char *f[NDB_MAXFIELDS];
	struct ndb_stream ns;
	struct ndb_buf b;
	int nf, i, err = 0, found = 0;

	ndb_buf_init(&b, buf, buflen);
	ndb_open(&ns, NDB_NETWORKS);
	while (!found && ndb_getline(&ns, line, sizeof(line))) {
		if ((nf = ndb_split(line, f, NDB_MAXFIELDS)) < 1)
			continue;
		if (name != NULL) {
			for (i = 0; i < nf; i++)
				if (i != 1 && strcasecmp(f[i], name) == 0)
					break;
			if (i == nf)
				continue;
		} else if (type != AF_INET ||
		    net_number(nf > 1 ? f[1] : "") != net)
			continue;
		err = net_fill(ne, &b, f, nf);
		found = 1;
	}
	ndb_close(&ns);
	return net_result(err, found ? ne : NULL, result, h_errnop);
}

int
uipc_getnetbyname_r(const char *name, struct netent *ne, char *buf,
    size_t buflen, struct netent **result, int *h_errnop)
{
	return net_lookup(name, 0, 0, ne, buf, buflen, result, h_errnop);
}

int
uipc_getnetbyaddr_r(uint32_t net, int type, struct netent *ne, char *buf,
    size_t buflen, struct netent **result, int *h_errnop)
{
	return net_lookup(NULL, net, type, ne, buf, buflen, result, h_errnop);
}

/* The next entry of the thread's walk over the networks files. */
int
uipc_getnetent_r(struct netent *ne, char *buf, size_t buflen,
    struct netent **result, int *h_errnop)
{
	char line[UIPC_NETDB_LINEMAX];
	char *f[NDB_MAXFIELDS];
	struct ndb_stream *ns = ndb_ent_stream(NDB_NETWORKS);
	struct ndb_buf b;
	int nf;

	if (ns == NULL)
		return net_result(ENOMEM, NULL, result, h_errnop);
	ndb_buf_init(&b, buf, buflen);
	while (ndb_getline(ns, line, sizeof(line))) {
		if ((nf = ndb_split(line, f, NDB_MAXFIELDS)) < 1)
			continue;
		return net_result(net_fill(ne, &b, f, nf), ne, result,
		    h_errnop);
	}
	return net_result(0, NULL, result, h_errnop);
}

static struct netent *
net_static(const char *name, uint32_t net, int type, int ent)
{
	struct ndb_tls *t = ndb_tls(NDB_NETWORKS);
	struct netent *r;
	int herr;

	if (t == NULL) {
		h_errno = NETDB_INTERNAL;
		return NULL;
	}
	if (ent)
		uipc_getnetent_r(&t->t_ent.t_net, t->t_buf, sizeof(t->t_buf),
		    &r, &herr);
	else
		net_lookup(name, net, type, &t->t_ent.t_net, t->t_buf,
		    sizeof(t->t_buf), &r, &herr);
	if (r == NULL)
		h_errno = herr;
	return r;
}

struct netent *
uipc_getnetbyname(const char *name)
{
	return net_static(name, 0, 0, 0);
}

struct netent *
uipc_getnetbyaddr(uint32_t net, int type)
{
	return net_static(NULL, net, type, 0);
}

struct netent *
uipc_getnetent(void)
{
	return net_static(NULL, 0, 0, 1);
}

void
uipc_setnetent(int stayopen)
{
	ndb_ent_set(NDB_NETWORKS, stayopen);
}

void
uipc_endnetent(void)
{
	ndb_ent_end(NDB_NETWORKS);
}
