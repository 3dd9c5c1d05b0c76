/*
 * Stack and host life cycle.  The UNIX domain's part of the stack is the
 * socket layer's to add (st_unix); this file sets up what the lower half of
 * the network needs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "base/rng.h"
#include "base/stack.h"
#include "base/timer.h"
#include "inet/in_host.h"
#include "net/if_seg.h"
#include "net/net_host.h"

#define STACK_PKT_FREEMAX	1024

/*
 * Creates a stack on clock c, which it owns from now on (and frees, even
 * when creation fails), with its random source seeded by seed.  Returns 0
 * or ENOMEM.
 */
int
stack_create(struct clock *c, uint64_t seed, struct stack **stp)
{
	struct stack *st;

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
	timerq_free(st->st_timers);
	pkt_pool_fini(st->st_pkts);
	free(st->st_pkts);
	free(st->st_rng);
	clock_free(st->st_clock);
	free(st->st_unix);	/* the UNIX domain's name table; its sockets are gone */
	free(st);
}

/*
 * Creates a host called name (unique in the stack) with a loopback
 * interface, appended to the stack's list.  Returns 0, EINVAL for an empty
 * or too long name, EEXIST, or ENOMEM.
 */
int
host_create(struct stack *st, const char *name, struct host **hp)
{
	struct host *h, **tail;
	int error;

	*hp = NULL;
	if (name == NULL || name[0] == '\0' || strlen(name) >= HOST_NAMELEN)
		return EINVAL;
	if (host_find(st, name) != NULL)
		return EEXIST;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return ENOMEM;
	h->h_stack = st;
	strcpy(h->h_name, name);
	if ((error = net_host_attach(h)) != 0) {
		free(h);
		return error;
	}
	if ((error = in_host_attach(h)) != 0) {
		net_host_detach(h);
		free(h);
		return error;
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

/* Unlinks h from its stack and frees it with all its Internet state. */
void
host_destroy(struct host *h)
{
	struct host **pp;

	for (pp = &h->h_stack->st_hosts; *pp != NULL; pp = &(*pp)->h_next)
		if (*pp == h) {
			*pp = h->h_next;
			break;
		}
	in_host_detach(h);
	net_host_detach(h);
	free(h);
}
