#ifndef UIPC_EMBED_H
#define UIPC_EMBED_H
/*
 * The embedding API: uipc's stack linked into one process, with no daemon
 * (DESIGN.md, "The library").  A program creates a stack on the real clock
 * or a virtual one, builds its hosts and segments from a configuration
 * (uipc.conf(5)), and drives time: with a real clock it sleeps until
 * uipc_stack_next_deadline() and calls uipc_stack_run(); in virtual time
 * it calls uipc_stack_advance(), which fires every timer due on the way.
 *
 * All functions return 0 or a positive errno unless said otherwise.  The
 * stack is single-threaded: call it from one thread at a time.
 */
#include <stddef.h>
#include <stdint.h>

struct stack;
struct host;

#define UIPC_CLOCK_REAL		0
#define UIPC_CLOCK_VIRTUAL	1

int	uipc_stack_new(int clock_kind, uint64_t seed, struct stack **);
void	uipc_stack_free(struct stack *);
int	uipc_stack_config(struct stack *, const char *path, char *err,
	    size_t errlen);
int	uipc_stack_config_text(struct stack *, const char *text, char *err,
	    size_t errlen);

uint64_t uipc_stack_now(struct stack *);		/* ns */
uint64_t uipc_stack_next_deadline(struct stack *);	/* UINT64_MAX: none */
unsigned uipc_stack_run(struct stack *);		/* timers fired */
unsigned uipc_stack_advance(struct stack *, uint64_t ns);

struct host *uipc_host(struct stack *, const char *name); /* NULL: first */
const char *uipc_host_name(const struct host *);

#endif
