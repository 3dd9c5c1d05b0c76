/*
 * Service names, primer §3.4: getservbyname and getservbyport, each with
 * the optional protocol qualifier the primer shows (getservbyname("telnet",
 * (char *)0) is the first telnet entry of any protocol, getservbyname(
 * "telnet", "tcp") the TCP one), and the getservent walk over the services
 * file (services(5): the official name, PORT/PROTOCOL, aliases).
 *
 * As glibc reads the file, the port is a C constant (strtoul base 0) cut to
 * 16 bits, the slash and protocol may be missing (an empty protocol), and
 * names and protocols compare with case.  s_port is in network order.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "netdb_int.h"

/* The port and protocol of a services line, or -1 to skip the line. */
static int
serv_line(char **f, int nf, int *portp, const char **protop)
{
	uint32_t v;

	if (nf < 2 || ndb_number(f[1], 0, '/', &v, protop) != 0)
		return -1;
	*portp = htons((uint16_t)v);
	return 0;
}

static int
serv_fill(struct servent *se, struct ndb_buf *b, char **f, int nf, int port,
    const char *proto)
{
	if ((se->s_proto = ndb_buf_str(b, proto)) == NULL)
		return ERANGE;
	f[1] = f[0];
	se->s_port = port;
	return ndb_buf_names(b, f + 1, nf - 1, &se->s_name, &se->s_aliases);
}

/*
 * The common lookup: by name when name is set, else by port (network
 * order); proto, when set, must match too.  Returns 0 (found or not:
 * *result says), or ERANGE.
 */
static int
serv_lookup(const char *name, int port, const char *proto,
    struct servent *se, char *buf, size_t buflen, struct servent **result)
{
	char line[UIPC_NETDB_LINEMAX];
	char *f[NDB_MAXFIELDS];
	const char *pr;
	struct ndb_stream ns;
	struct ndb_buf b;
	int nf, i, p, err = 0;

	*result = NULL;
	ndb_buf_init(&b, buf, buflen);
	ndb_open(&ns, NDB_SERVICES);
	while (ndb_getline(&ns, line, sizeof(line))) {
		nf = ndb_split(line, f, NDB_MAXFIELDS);
		if (serv_line(f, nf, &p, &pr) != 0)
			continue;
		if (proto != NULL && strcmp(pr, proto) != 0)
			continue;
		if (name != NULL) {
			for (i = 0; i < nf; i++)
				if (i != 1 && strcmp(f[i], name) == 0)
					break;
			if (i == nf)
				continue;
		} else if (p != port)
			continue;
		if ((err = serv_fill(se, &b, f, nf, p, pr)) == 0)
			*result = se;
		break;
	}
	ndb_close(&ns);
	if (err != 0)
		errno = err;
	return err;
}

int
uipc_getservbyname_r(const char *name, const char *proto,
    struct servent *se, char *buf, size_t buflen, struct servent **result)
{
	return serv_lookup(name, 0, proto, se, buf, buflen, result);
}

int
uipc_getservbyport_r(int port, const char *proto, struct servent *se,
    char *buf, size_t buflen, struct servent **result)
{
	return serv_lookup(NULL, port, proto, se, buf, buflen, result);
}

/* The next entry of the thread's walk over the services files. */
int
uipc_getservent_r(struct servent *se, char *buf, size_t buflen,
    struct servent **result)
{
	char line[UIPC_NETDB_LINEMAX];
	char *f[NDB_MAXFIELDS];
	const char *pr;
	struct ndb_stream *ns = ndb_ent_stream(NDB_SERVICES);
	struct ndb_buf b;
	int nf, p, err;

	*result = NULL;
	if (ns == NULL)
		return ENOMEM;
	ndb_buf_init(&b, buf, buflen);
	while (ndb_getline(ns, line, sizeof(line))) {
		nf = ndb_split(line, f, NDB_MAXFIELDS);
		if (serv_line(f, nf, &p, &pr) != 0)
			continue;
		if ((err = serv_fill(se, &b, f, nf, p, pr)) == 0)
			*result = se;
		else
			errno = err;
		return err;
	}
	return 0;
}

static struct servent *
serv_static(const char *name, int port, const char *proto, int ent)
{
	struct ndb_tls *t = ndb_tls(NDB_SERVICES);
	struct servent *r;

	if (t == NULL)
		return NULL;
	if (ent)
		uipc_getservent_r(&t->t_ent.t_serv, t->t_buf, sizeof(t->t_buf),
		    &r);
	else
		serv_lookup(name, port, proto, &t->t_ent.t_serv, t->t_buf,
		    sizeof(t->t_buf), &r);
	return r;
}

struct servent *
uipc_getservbyname(const char *name, const char *proto)
{
	return serv_static(name, 0, proto, 0);
}

struct servent *
uipc_getservbyport(int port, const char *proto)
{
	return serv_static(NULL, port, proto, 0);
}

struct servent *
uipc_getservent(void)
{
	return serv_static(NULL, 0, NULL, 1);
}

void
uipc_setservent(int stayopen)
{
	ndb_ent_set(NDB_SERVICES, stayopen);
}

void
uipc_endservent(void)
{
	ndb_ent_end(NDB_SERVICES);
}
