#ifndef UIPC_NET_IF_FAULT_H
#define UIPC_NET_IF_FAULT_H
/*
 * Fault injection, a middleware on an interface's device chain (STYLE.md
 * §3, smoltcp's fault injector; §11.9).  On frames going down it drops,
 * duplicates, corrupts (one bit), delays with jitter, and reorders (holds
 * a frame back so later ones overtake it); a partition drops everything
 * both ways.  Every choice comes from the stage's own seeded generator, so
 * the same seed and the same traffic give the same result.
 */
#include <stdint.h>

#include "base/clock.h"
#include "base/rng.h"

struct ifdev;
struct stack;

struct fault_conf {
	uint32_t fc_loss;		/* probabilities, parts per million */
	uint32_t fc_dup;
	uint32_t fc_corrupt;
	uint32_t fc_reorder;
	uint64_t fc_delay;		/* ns added to every frame */
	uint64_t fc_jitter;		/* up to this many ns more */
	uint64_t fc_reorder_delay;	/* hold-back of a reordered frame */
	int fc_partition;		/* cut off: nothing passes */
};

struct fault_stats {
	uint64_t fs_passed;
	uint64_t fs_dropped;
	uint64_t fs_duplicated;
	uint64_t fs_corrupted;
	uint64_t fs_reordered;
	uint64_t fs_delayed;
	uint64_t fs_partitioned;
};

#define FAULT_REORDER_DELAY	(1 * NS_PER_MS)

struct ifdev *fault_create(struct stack *, const struct fault_conf *,
	    uint64_t seed);
void	fault_set(struct ifdev *, const struct fault_conf *);
const struct fault_stats *fault_stats(const struct ifdev *);
int	fault_conf_active(const struct fault_conf *);

#endif
