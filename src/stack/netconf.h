#ifndef UIPC_STACK_NETCONF_H
#define UIPC_STACK_NETCONF_H
/*
 * The configuration file (man/uipc.conf.5): hosts, segments with their
 * faults and capture, interfaces with addresses, routes, static ARP
 * entries, and the paths of the system's database files.  uipcd reads it
 * with `uipcd -f FILE`, tests and simulations from a string.
 *
 * Two steps, so that the daemon can learn the seed before it creates the
 * stack: netconf_load()/netconf_parse() check the whole file and build a
 * description; netconf_apply() creates its segments and hosts in a stack.
 * Every error comes back as one line, "FILE:LINE: what is wrong", in the
 * caller's buffer, with an errno as the return value (EINVAL for the text,
 * or what the stack said when applying it).
 */
#include <stddef.h>
#include <stdint.h>

struct stack;
struct netconf;

int	netconf_load(const char *path, struct netconf **, char *err,
	    size_t errlen);
int	netconf_parse(const char *text, size_t len, const char *fname,
	    struct netconf **, char *err, size_t errlen);
int	netconf_apply(const struct netconf *, struct stack *, char *err,
	    size_t errlen);
void	netconf_free(struct netconf *);

int	netconf_seed(const struct netconf *, uint64_t *);
int64_t	netconf_ages_at(const struct netconf *);
const char *netconf_database(const struct netconf *, const char *name);
int	netconf_nameserver(const struct netconf *, const char **addr);
int	netconf_limit(const struct netconf *, const char *name, uint64_t *value);

#endif
