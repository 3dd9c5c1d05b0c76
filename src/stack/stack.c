/*
 * Stack and host life cycle: the base (clock, timers, random source,
 * packet pool), then each domain's state through its hooks, and the
 * segments the configuration adds (netconf.c).  Nothing below this
 * directory names a domain or calls up to make one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "base/rng.h"
#include "base/timer.h"
#include "kern/domain.h"
#include "net/if_seg.h"
#include "net/if_tap.h"
#include "net/net_host.h"
#include "stack/stack.h"

#define STACK_PKT_FREEMAX	1024

/* Detaches the first n of the stack's domains from h, the last attached first. */
static void
host_detach_domains(struct host *h, int n)
{
	const struct domain *dom;

	while (n-- > 0) {
		dom = h->h_stack->st_domains[n];
		if (dom->dom_host_detach != NULL)
			dom->dom_host_detach(h);
	}
}

static void
stack_detach_domains(struct stack *st, int n)
{
	const struct domain *dom;

	while (n-- > 0) {
		dom = st->st_domains[n];
		if (dom->dom_stack_detach != NULL)
			dom->dom_stack_detach(st);
	}
}

static int
stack_ndomains(const struct stack *st)
{
	int n = 0;

	while (st->st_domains[n] != NULL)
		n++;
	return n;
}

/*
 * Creates a stack on clock c, which it owns from now on (and frees, even
 * when creation fails), with its random source seeded by seed and each
 * domain's per-stack state attached in the order of stack_domains.
 * Returns 0, ENOMEM, or what a domain's attach said.
 */
int
stack_create(struct clock *c, uint64_t seed, struct stack **stp)
{
	const struct domain *dom;
	struct stack *st;
	int i, error;

	*stp = NULL;
	if (c == NULL)
		return ENOMEM;
	if ((st = calloc(1, sizeof(*st))) == NULL)
		goto fail;
	st->st_clock = c;
	st->st_timers = timerq_create(c);
	st->st_rng = malloc(sizeof(*st->st_rng));
	st->st_pkts = malloc(sizeof(*st->st_pkts));
	if (st->st_timers == NULL || st->st_rng == NULL || st->st_pkts == NULL) {
		timerq_free(st->st_timers);
		free(st->st_rng);
		free(st->st_pkts);
		free(st);
		goto fail;
	}
	rng_seed(st->st_rng, seed);
	pkt_pool_init(st->st_pkts, STACK_PKT_FREEMAX);
	st->st_nextid = 1;
	st->st_domains = stack_domains;
	for (i = 0; st->st_domains[i] != NULL; i++) {
		dom = st->st_domains[i];
		if (dom->dom_stack_attach != NULL &&
		    (error = dom->dom_stack_attach(st)) != 0) {
			stack_detach_domains(st, i);
			st->st_domains = NULL;
			stack_destroy(st);	/* frees the clock */
			return error;
		}
	}
	*stp = st;
	return 0;
fail:
	clock_free(c);
	return ENOMEM;
}

void
stack_destroy(struct stack *st)
{
	if (st == NULL)
		return;
	while (st->st_hosts != NULL)
		host_destroy(st->st_hosts);
	seg_destroy_all(st);
	tap_set_free(st);
	if (st->st_domains != NULL)
		stack_detach_domains(st, stack_ndomains(st));
	timerq_free(st->st_timers);
	pkt_pool_fini(st->st_pkts);
	free(st->st_pkts);
	free(st->st_rng);
	clock_free(st->st_clock);
	free(st);
}

/*
 * Creates a host called name (unique in the stack), appended to the
 * stack's list, with its link layer (src/net's net_host: interfaces, routes,
 * lo0) and then each domain's state attached in the stack's order.  Returns 0,
 * EINVAL for an empty or too long name, EEXIST, or what a domain's attach
 * said (ENOMEM).
 */
int
host_create(struct stack *st, const char *name, struct host **hp)
{
	const struct domain *dom;
	struct host *h, **tail;
	int i, error;

	*hp = NULL;
	if (name == NULL || name[0] == '\0' || strlen(name) >= HOST_NAMELEN)
		return EINVAL;
	if (host_find(st, name) != NULL)
		return EEXIST;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return ENOMEM;
	h->h_stack = st;
	strcpy(h->h_name, name);
	/* The link layer first (interfaces, routes, lo0): the domains sit on it. */
	if ((error = net_host_attach(h)) != 0) {
		free(h);
		return error;
	}
	for (i = 0; st->st_domains[i] != NULL; i++) {
		dom = st->st_domains[i];
		if (dom->dom_host_attach != NULL &&
		    (error = dom->dom_host_attach(h)) != 0) {
			host_detach_domains(h, i);
			net_host_detach(h);
			free(h);
			return error;
		}
	}
	for (tail = &st->st_hosts; *tail != NULL; tail = &(*tail)->h_next)
		;
	*tail = h;
	*hp = h;
	return 0;
}

struct host *
host_find(struct stack *st, const char *name)
{
	struct host *h;

	for (h = st->st_hosts; h != NULL; h = h->h_next)
		if (strcmp(h->h_name, name) == 0)
			return h;
	return NULL;
}

/* Unlinks h from its stack and frees it with every domain's state of it. */
void
host_destroy(struct host *h)
{
	struct host **pp;

	for (pp = &h->h_stack->st_hosts; *pp != NULL; pp = &(*pp)->h_next)
		if (*pp == h) {
			*pp = h->h_next;
			break;
		}
	host_detach_domains(h, stack_ndomains(h->h_stack));
	net_host_detach(h);
	free(h);
}
