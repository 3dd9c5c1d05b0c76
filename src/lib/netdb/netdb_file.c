/*
 * The database files of §3 and how they are read.  The primer names
 * /etc/hosts (§3.1) and its siblings; uipc adds its own configuration
 * directory in front of them, named by UIPC_ETC, so that a process on uipc
 * sees the hosts and networks uipcd configured, and falls back to the
 * host's file for everything else (the rule is in include/uipc/netdb.h).
 *
 * Memory is bounded whatever a file holds: a line is read into a buffer of
 * the caller's, and one that does not fit is skipped whole rather than cut,
 * since a cut line would parse as a different, wrong entry.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "netdb_int.h"

static const char *const ndb_names[NDB_NDB] = {
	[NDB_HOSTS] = "hosts",
	[NDB_NETWORKS] = "networks",
	[NDB_PROTOCOLS] = "protocols",
	[NDB_SERVICES] = "services",
};

/*
 * Returns nonzero when the two paths name the same existing file, so that
 * UIPC_ETC=/etc (or a link to it) does not read every entry twice.
 */
static int
ndb_samefile(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * Prepares a walk over database db: $UIPC_ETC/FILE then /etc/FILE, or
 * /etc/FILE alone.  Nothing is opened until the first line is asked for.
 */
/*
 * In libuipc and the shim, UIPC_ETC as captured when the process started
 * (settings.c), so that a program that clears its environment still finds
 * its uipc hosts by name; linked without them (uipcd, the unit tests), the
 * environment as it is now.
 */
const char *uipc_setting_etc(void) __attribute__((weak));

void
ndb_open(struct ndb_stream *ns, enum ndb_db db)
{
	const char *dir = uipc_setting_etc != NULL ? uipc_setting_etc() : getenv("UIPC_ETC");
	int n;

	ns->ns_fp = NULL;
	ns->ns_which = 0;
	ns->ns_npath = 0;
	if (dir != NULL && *dir != '\0') {
		n = snprintf(ns->ns_path[0], NDB_PATHMAX, "%s/%s", dir,
		    ndb_names[db]);
		if (n > 0 && n < NDB_PATHMAX)
			ns->ns_npath = 1;
	}
	snprintf(ns->ns_path[ns->ns_npath], NDB_PATHMAX, "/etc/%s",
	    ndb_names[db]);
	if (ns->ns_npath == 1 && ndb_samefile(ns->ns_path[0], ns->ns_path[1]))
		return;
	ns->ns_npath++;
}

/* Starts the walk again from uipc's file. */
void
ndb_rewind(struct ndb_stream *ns)
{
	if (ns->ns_fp != NULL)
		fclose(ns->ns_fp);
	ns->ns_fp = NULL;
	ns->ns_which = 0;
}

void
ndb_close(struct ndb_stream *ns)
{
	ndb_rewind(ns);
}

/*
 * Reads the next line of the walk into buf (NUL-terminated, newline
 * removed).  Returns 1 for a line, 0 at the end of the last file.  A file
 * that cannot be opened counts as empty; a line of size bytes or more is
 * skipped.
 */
int
ndb_getline(struct ndb_stream *ns, char *buf, size_t size)
{
	size_t len;
	int c;

	for (;;) {
		if (ns->ns_which >= ns->ns_npath)
			return 0;
		if (ns->ns_fp == NULL) {
			ns->ns_fp = fopen(ns->ns_path[ns->ns_which], "re");
			if (ns->ns_fp == NULL) {
				ns->ns_which++;
				continue;
			}
		}
		if (fgets(buf, (int)size, ns->ns_fp) == NULL) {
			fclose(ns->ns_fp);
			ns->ns_fp = NULL;
			ns->ns_which++;
			continue;
		}
		len = strlen(buf);
		if (len > 0 && buf[len - 1] == '\n') {
			buf[len - 1] = '\0';
			return 1;
		}
		if (len + 1 < size)
			return 1;	/* the last line, with no newline */
		/* Too long: drop the rest of it, then the line itself. */
		while ((c = getc(ns->ns_fp)) != EOF && c != '\n')
			continue;
	}
}

/*
 * Splits a database line in place into at most maxf fields, dropping the
 * comment that '#' starts.  Fields are separated by any white space, as
 * hosts(5) and its siblings allow.  Fields past maxf are ignored.
 */
int
ndb_split(char *line, char **f, int maxf)
{
	char *p = line;
	int n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\v' ||
		    *p == '\f' || *p == '\n')
			p++;
		if (*p == '\0' || *p == '#' || n == maxf)
			return n;
		f[n++] = p;
		while (*p != '\0' && *p != '#' && *p != ' ' && *p != '\t' &&
		    *p != '\r' && *p != '\v' && *p != '\f' && *p != '\n')
			p++;
		if (*p == '\0')
			return n;
		if (*p == '#') {
			*p = '\0';
			return n;
		}
		*p++ = '\0';
	}
}

void
ndb_buf_init(struct ndb_buf *b, char *buf, size_t len)
{
	b->nb_p = buf;
	b->nb_left = buf == NULL ? 0 : len;
}

/*
 * Takes size bytes aligned to align (a power of two) from the front of the
 * caller's buffer.  Returns NULL when it does not fit: the caller answers
 * ERANGE, as glibc's _r routines do.
 */
void *
ndb_buf_alloc(struct ndb_buf *b, size_t size, size_t align)
{
	uintptr_t p = (uintptr_t)b->nb_p;
	size_t pad = (align - (p & (align - 1))) & (align - 1);
	void *r;

	if (b->nb_p == NULL || pad > b->nb_left || size > b->nb_left - pad)
		return NULL;
	r = b->nb_p + pad;
	b->nb_p += pad + size;
	b->nb_left -= pad + size;
	return r;
}

char *
ndb_buf_str(struct ndb_buf *b, const char *s)
{
	size_t len = strlen(s) + 1;
	char *d = ndb_buf_alloc(b, len, 1);

	if (d != NULL)
		memcpy(d, s, len);
	return d;
}

/*
 * Lays out an official name f[0] and its aliases f[1..nf-1] (a NULL
 * terminated vector) in the buffer.  Returns 0, or ERANGE.
 */
int
ndb_buf_names(struct ndb_buf *b, char **f, int nf, char **namep,
    char ***aliasesp)
{
	char **al;
	int i;

	al = ndb_buf_alloc(b, (size_t)nf * sizeof(char *), sizeof(char *));
	if (al == NULL || (*namep = ndb_buf_str(b, f[0])) == NULL)
		return ERANGE;
	for (i = 1; i < nf; i++)
		if ((al[i - 1] = ndb_buf_str(b, f[i])) == NULL)
			return ERANGE;
	al[nf - 1] = NULL;
	*aliasesp = al;
	return 0;
}

/*
 * The per-thread state of the non-reentrant routines, made on first use.
 * It is kept for the thread's life, as the static buffers of 4.2BSD were
 * kept for the process's; a failed allocation makes the routine fail.
 */
static __thread struct ndb_tls *ndb_state[NDB_NDB];

struct ndb_tls *
ndb_tls(enum ndb_db db)
{
	struct ndb_tls *t = ndb_state[db];

	if (t == NULL) {
		if ((t = calloc(1, sizeof(*t))) == NULL)
			return NULL;
		ndb_state[db] = t;
	}
	return t;
}

/* set*ent: (re)starts the thread's cursor at the first entry. */
void
ndb_ent_set(enum ndb_db db, int stayopen)
{
	struct ndb_tls *t = ndb_tls(db);

	if (t == NULL)
		return;
	if (t->t_open)
		ndb_close(&t->t_cursor);
	ndb_open(&t->t_cursor, db);
	t->t_open = 1;
	t->t_stayopen = stayopen;
}

/* end*ent: closes the cursor's file; the next get*ent starts over. */
void
ndb_ent_end(enum ndb_db db)
{
	struct ndb_tls *t = ndb_state[db];

	if (t == NULL || !t->t_open)
		return;
	ndb_close(&t->t_cursor);
	t->t_open = 0;
	t->t_stayopen = 0;
}

/* The cursor for get*ent, opened at the start if set*ent was not called. */
struct ndb_stream *
ndb_ent_stream(enum ndb_db db)
{
	struct ndb_tls *t = ndb_tls(db);

	if (t == NULL)
		return NULL;
	if (!t->t_open)
		ndb_ent_set(db, 0);
	return &t->t_cursor;
}

/*
 * A number field as glibc's parsers read it (strtoul(3) in base, at most
 * 32 bits), ending the field or followed by term ('/' between a service's
 * port and protocol; every term is passed over).  Returns 0 with the value
 * and *endp after it, or -1: the line is to be skipped.
 */
int
ndb_number(const char *s, int base, char term, uint32_t *valp,
    const char **endp)
{
	unsigned long v;
	char *e;
	int saved = errno, range;

	errno = 0;
	v = strtoul(s, &e, base);
	range = errno == ERANGE;
	errno = saved;
	if (e == s || range || v > 0xffffffffUL)
		return -1;
	if (*e != '\0' && (term == '\0' || *e != term))
		return -1;
	while (term != '\0' && *e == term)
		e++;
	*valp = (uint32_t)v;
	if (endp != NULL)
		*endp = e;
	return 0;
}
