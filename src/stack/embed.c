/*
 * The embedding API (include/uipc/embed.h): thin wrappers over the stack,
 * the configuration builder and the timer queue.
 */
#include <errno.h>
#include <string.h>

#include "base/clock.h"
#include "base/timer.h"
#include "kern/host.h"
#include "stack/netconf.h"
#include "stack/stack.h"
#include "uipc/embed.h"

#define EMBED_VIRT_START	(1000 * NS_PER_SEC)

int
uipc_stack_new(int kind, uint64_t seed, struct stack **stp)
{
	struct clock *c;

	*stp = NULL;
	if (kind != UIPC_CLOCK_REAL && kind != UIPC_CLOCK_VIRTUAL)
		return EINVAL;
	c = kind == UIPC_CLOCK_REAL ? clock_real_create() :
	    clock_virt_create(EMBED_VIRT_START);
	return stack_create(c, seed, stp);
}

void
uipc_stack_free(struct stack *st)
{
	stack_destroy(st);
}

static int
embed_apply(struct stack *st, struct netconf *nc, char *err, size_t errlen)
{
	int error = netconf_apply(nc, st, err, errlen);

	netconf_free(nc);
	return error;
}

/* Builds the hosts and segments of the configuration file at path. */
int
uipc_stack_config(struct stack *st, const char *path, char *err,
    size_t errlen)
{
	struct netconf *nc;
	int error;

	if ((error = netconf_load(path, &nc, err, errlen)) != 0)
		return error;
	return embed_apply(st, nc, err, errlen);
}

int
uipc_stack_config_text(struct stack *st, const char *text, char *err,
    size_t errlen)
{
	struct netconf *nc;
	int error;

	error = netconf_parse(text, strlen(text), "-", &nc, err, errlen);
	if (error != 0)
		return error;
	return embed_apply(st, nc, err, errlen);
}

uint64_t
uipc_stack_now(struct stack *st)
{
	return clock_now(st->st_clock);
}

uint64_t
uipc_stack_next_deadline(struct stack *st)
{
	return timerq_next_deadline(st->st_timers);
}

unsigned
uipc_stack_run(struct stack *st)
{
	return timerq_run(st->st_timers);
}

unsigned
uipc_stack_advance(struct stack *st, uint64_t ns)
{
	return timerq_advance(st->st_timers, clock_now(st->st_clock) + ns);
}

struct host *
uipc_host(struct stack *st, const char *name)
{
	return name == NULL ? st->st_hosts : host_find(st, name);
}

const char *
uipc_host_name(const struct host *h)
{
	return h->h_name;
}
