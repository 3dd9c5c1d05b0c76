#ifndef UIPC_STACK_STACK_H
#define UIPC_STACK_STACK_H
/*
 * Creating and destroying a stack (struct stack, src/kern/host.h) and its
 * hosts.  A stack owns its clock, timer queue, random source and packet
 * pool; each host gets its Internet state (interfaces, routes, protocol
 * table) with a loopback interface already up.
 *
 * Destruction order matters because segments hold frames in flight for
 * interfaces of several hosts: hosts go first (detaching their interfaces
 * from the segments), then the segments, then the base.
 */
#include <stdint.h>

#include "kern/host.h"

struct clock;

int	stack_create(struct clock *, uint64_t seed, struct stack **);
void	stack_destroy(struct stack *);

int	host_create(struct stack *, const char *name, struct host **);
struct host *host_find(struct stack *, const char *name);
void	host_destroy(struct host *);

#endif
