#ifndef UIPC_LIB_NETDB_INT_H
#define UIPC_LIB_NETDB_INT_H
/*
 * Inside the network library routines: the database files and how they
 * are walked, the line splitter every parser uses, the bump allocator that
 * lays an entry out in a caller's buffer (the _r routines' contract), and
 * the per-thread state that 4.2BSD kept in statics (result buffers, *ent
 * cursors).  Read include/uipc/netdb.h for the lookup rule first.
 */
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#include "uipc/netdb.h"

enum ndb_db {
	NDB_HOSTS,
	NDB_NETWORKS,
	NDB_PROTOCOLS,
	NDB_SERVICES,
	NDB_NDB
};

#define NDB_PATHMAX	1024
#define NDB_MAXFIELDS	(UIPC_NETDB_MAXALIASES + 2)
#define NDB_RESULTBUF	(2 * UIPC_NETDB_LINEMAX + 1024)

/*
 * A walk over one database: uipc's file, then the host's (netdb.h).
 * ns_which says which of the two the last line came from, so that a lookup
 * can stop at the end of the file where it found its first match.
 */
struct ndb_stream {
	FILE *ns_fp;
	int ns_npath;		/* 1 or 2 files to read */
	int ns_which;		/* the open file; ns_npath when done */
	char ns_path[2][NDB_PATHMAX];
};

void ndb_open(struct ndb_stream *ns, enum ndb_db db);
int ndb_getline(struct ndb_stream *ns, char *buf, size_t size);
void ndb_rewind(struct ndb_stream *ns);
void ndb_close(struct ndb_stream *ns);

int ndb_split(char *line, char **f, int maxf);

/* A caller's buffer, filled from the front (the _r routines). */
struct ndb_buf {
	char *nb_p;
	size_t nb_left;
};

void ndb_buf_init(struct ndb_buf *b, char *buf, size_t len);
void *ndb_buf_alloc(struct ndb_buf *b, size_t size, size_t align);
char *ndb_buf_str(struct ndb_buf *b, const char *s);
int ndb_buf_names(struct ndb_buf *b, char **f, int nf, char **namep,
    char ***aliasesp);

/*
 * Per-thread state of one database for the non-reentrant routines: the
 * result the last call returned, and the get*ent cursor.
 */
struct ndb_tls {
	union {
		struct hostent t_host;
		struct netent t_net;
		struct protoent t_proto;
		struct servent t_serv;
	} t_ent;
	struct ndb_stream t_cursor;
	int t_open;		/* the cursor has been opened */
	int t_stayopen;		/* set*ent(1), kept for the interface */
	char t_buf[NDB_RESULTBUF];
};

struct ndb_tls *ndb_tls(enum ndb_db db);
void ndb_ent_set(enum ndb_db db, int stayopen);
void ndb_ent_end(enum ndb_db db);
struct ndb_stream *ndb_ent_stream(enum ndb_db db);

int ndb_number(const char *s, int base, char term, uint32_t *valp,
    const char **endp);

/* Strict text to address conversions shared by the parsers. */
int ndb_inet_aton_exact(const char *cp, struct in_addr *inp);
int ndb_all_digits_dots(const char *s);

/* inet6_scope.c: IPv6 literals with a zone ("fe80::1%en0"). */
int ndb_inet6_scoped(const char *node, struct in6_addr *a, uint32_t *scope);
int ndb_inet6_ntop_scoped(const struct in6_addr *a, uint32_t scope, char *buf,
    size_t len);

#endif
