#ifndef UIPC_STACK_STACK_H
#define UIPC_STACK_STACK_H
/*
 * Composing a stack (struct stack, src/kern/host.h) and its hosts: the one
 * place that puts the layers together.  A stack owns its clock, timer
 * queue, random source and packet pool; the composer gives it its domains
 * (stack_domains, domains.c) and walks their hooks (struct domain,
 * src/kern/domain.h): each domain's per-stack state with the stack, its
 * per-host state with each host (for the Internet domain, a loopback
 * interface already up).
 *
 * Destruction order matters because segments hold frames in flight for
 * interfaces of several hosts: hosts go first (each domain detaching, in
 * the reverse of attach order, which takes the host's interfaces off the
 * segments), then the segments, then the domains' per-stack state, then
 * the base.
 */
#include <stdint.h>

#include "kern/host.h"

struct clock;
struct domain;

extern const struct domain *const stack_domains[];

int	stack_create(struct clock *, uint64_t seed, struct stack **);
void	stack_destroy(struct stack *);

int	host_create(struct stack *, const char *name, struct host **);
struct host *host_find(struct stack *, const char *name);
void	host_destroy(struct host *);

#endif
