#ifndef UIPC_SYS_DNS_TABLE_H
#define UIPC_SYS_DNS_TABLE_H
/*
 * What uipcd's DNS responder knows: the hosts file uipcd wrote for its
 * configuration (netdb_files.c), read once, and the answer to a question
 * from it.  Pure, like dns_wire.c, so the unit test drives it directly.
 */
#include <stdint.h>

#include "sys/dns_wire.h"

#define DNS_TABLE_MAX	1024

struct dns_entry {
	uint32_t e_addr;		/* host order */
	char e_name[DNS_NAMEMAX + 1];	/* lower case; the first name of its line is canonical */
	int e_canon;
};

struct dns_table {
	struct dns_entry *t_ent;
	int t_n, t_cap;
};

/* Reads a hosts(5) file's IPv4 lines.  0 or an errno. */
int	dns_table_load(struct dns_table *t, const char *path);
/* Adds one line's worth from text ("ADDR NAME..."); for the tests. */
int	dns_table_line(struct dns_table *t, const char *line);
void	dns_table_free(struct dns_table *t);

/*
 * The response code for q, and its answers in an[0..*nan): A for a known
 * name, nothing (NODATA) for its other types, PTR for a known address
 * under in-addr.arpa, NXDOMAIN for the rest (RFC 1035 §4.1.1).
 */
int	dns_table_answer(const struct dns_table *t, const struct dns_query *q,
	    struct dns_rr *an, int max, int *nan);

#endif
