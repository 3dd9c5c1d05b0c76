#ifndef UIPC_BASE_RNG_H
#define UIPC_BASE_RNG_H
/*
 * A seeded pseudo-random source: xoshiro256** with its state filled from the
 * seed by splitmix64 (both published algorithms, written here from their
 * definitions).  Fault injection, ISS choice and ephemeral ports draw from
 * one, so that the same seed repeats a run.  Not for cryptography.
 */
#include <stdint.h>

struct rng {
	uint64_t r_s[4];
};

void	rng_seed(struct rng *, uint64_t seed);
uint64_t rng_next(struct rng *);
uint64_t rng_below(struct rng *, uint64_t n);
int	rng_chance(struct rng *, uint32_t ppm);

#define RNG_PPM	1000000u	/* probabilities are in parts per million */

#endif
