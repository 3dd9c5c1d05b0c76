#ifndef UIPC_SYS_DNS_RESPONDER_H
#define UIPC_SYS_DNS_RESPONDER_H
/*
 * uipcd's DNS responder (dns_responder.c): port 53 of the resolver's
 * address on every host, answering for the configuration's names.
 */
#include <stddef.h>
#include <stdint.h>

#ifndef UIPC_RESOLV_CONF
#define UIPC_RESOLV_CONF	"/etc/resolv.conf"
#endif

struct uipcd;
struct host;

struct dns_stats {
	uint64_t ds_queries;		/* datagrams received */
	uint64_t ds_answers;		/* responses sent */
	uint64_t ds_nxdomain;		/* answered: no such name */
	uint64_t ds_errors;		/* answered FORMERR, NOTIMP or REFUSED */
	uint64_t ds_dropped;		/* not a query: no answer */
};

/*
 * Starts it after the database files are written: nameserver is the
 * configuration's address ("" or NULL: resolv.conf's first), hostsfile the
 * hosts file uipcd wrote.  On failure err says why; uipcd_dns_stop still
 * frees what was made.
 */
int	uipcd_dns_start(struct uipcd *d, const char *nameserver, const char *hostsfile,
	    char *err, size_t errlen);
void	uipcd_dns_stop(struct uipcd *d);
/* One host's counters (uipc netstat -s), or NULL when no responder runs. */
const struct dns_stats *uipcd_dns_stats(const struct uipcd *d, const struct host *h);

#endif
