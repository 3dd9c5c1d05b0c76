/*
 * Protocol names, primer §3.3: getprotobyname, getprotobynumber and the
 * getprotoent walk over the protocols file (protocols(5): the official
 * name, the number, aliases).  As in glibc, names compare with case, and
 * a line whose number is missing or not a decimal number is skipped.
 */
#include <errno.h>
#include <string.h>

#include "netdb_int.h"

/* The number of a protocols line, or -1 when the line is to be skipped. */
static int
proto_line(char **f, int nf, int *protop)
{
	uint32_t v;

	if (nf < 2 || ndb_number(f[1], 10, '\0', &v, NULL) != 0)
		return -1;
	*protop = (int)v;
	return 0;
}

static int
proto_fill(struct protoent *pe, struct ndb_buf *b, char **f, int nf,
    int proto)
{
	f[1] = f[0];
	pe->p_proto = proto;
	return ndb_buf_names(b, f + 1, nf - 1, &pe->p_name, &pe->p_aliases);
}

/*
 * The common lookup: by name when name is set, else by number.  Returns 0
 * (found or not: *result says), or ERANGE.
 */
static int
proto_lookup(const char *name, int proto, struct protoent *pe, char *buf,
    size_t buflen, struct protoent **result)
{
	char line[UIPC_NETDB_LINEMAX];
	char *f[NDB_MAXFIELDS];
	struct ndb_stream ns;
	struct ndb_buf b;
	int nf, i, p, err = 0;

	*result = NULL;
	ndb_buf_init(&b, buf, buflen);
	ndb_open(&ns, NDB_PROTOCOLS);
	while (ndb_getline(&ns, line, sizeof(line))) {
		nf = ndb_split(line, f, NDB_MAXFIELDS);
		if (proto_line(f, nf, &p) != 0)
			continue;
		if (name != NULL) {
			for (i = 0; i < nf; i++)
				if (i != 1 && strcmp(f[i], name) == 0)
					break;
			if (i == nf)
				continue;
		} else if (p != proto)
			continue;
		if ((err = proto_fill(pe, &b, f, nf, p)) == 0)
			*result = pe;
		break;
	}
	ndb_close(&ns);
	if (err != 0)
		errno = err;
	return err;
}

int
uipc_getprotobyname_r(const char *name, struct protoent *pe, char *buf,
    size_t buflen, struct protoent **result)
{
	return proto_lookup(name, 0, pe, buf, buflen, result);
}

int
uipc_getprotobynumber_r(int proto, struct protoent *pe, char *buf,
    size_t buflen, struct protoent **result)
{
	return proto_lookup(NULL, proto, pe, buf, buflen, result);
}

/* The next entry of the thread's walk over the protocols files. */
int
uipc_getprotoent_r(struct protoent *pe, char *buf, size_t buflen,
    struct protoent **result)
{
	char line[UIPC_NETDB_LINEMAX];
	char *f[NDB_MAXFIELDS];
	struct ndb_stream *ns = ndb_ent_stream(NDB_PROTOCOLS);
	struct ndb_buf b;
	int nf, p, err;

	*result = NULL;
	if (ns == NULL)
		return ENOMEM;
	ndb_buf_init(&b, buf, buflen);
	while (ndb_getline(ns, line, sizeof(line))) {
		nf = ndb_split(line, f, NDB_MAXFIELDS);
		if (proto_line(f, nf, &p) != 0)
			continue;
		if ((err = proto_fill(pe, &b, f, nf, p)) == 0)
			*result = pe;
		else
			errno = err;
		return err;
	}
	return 0;
}

static struct protoent *
proto_static(const char *name, int proto, int ent)
{
	struct ndb_tls *t = ndb_tls(NDB_PROTOCOLS);
	struct protoent *r;

	if (t == NULL)
		return NULL;
	if (ent)
		uipc_getprotoent_r(&t->t_ent.t_proto, t->t_buf,
		    sizeof(t->t_buf), &r);
	else
		proto_lookup(name, proto, &t->t_ent.t_proto, t->t_buf,
		    sizeof(t->t_buf), &r);
	return r;
}

struct protoent *
uipc_getprotobyname(const char *name)
{
	return proto_static(name, 0, 0);
}

struct protoent *
uipc_getprotobynumber(int proto)
{
	return proto_static(NULL, proto, 0);
}

struct protoent *
uipc_getprotoent(void)
{
	return proto_static(NULL, 0, 1);
}

void
uipc_setprotoent(int stayopen)
{
	ndb_ent_set(NDB_PROTOCOLS, stayopen);
}

void
uipc_endprotoent(void)
{
	ndb_ent_end(NDB_PROTOCOLS);
}
