/*
 * xoshiro256** (Blackman and Vigna), seeded through splitmix64 so that any
 * 64-bit seed, zero included, gives a well-mixed non-zero state.
 */
#include "base/rng.h"

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->r_s[i] = splitmix64(&seed);
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->r_s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/*
 * A uniform value in [0, n), n > 0, without modulo bias: values from the
 * short last stretch of the 64-bit range are drawn again.
 */
uint64_t
rng_below(struct rng *r, uint64_t n)
{
	uint64_t limit, x;

	if (n == 0)
		return 0;
	limit = UINT64_MAX - UINT64_MAX % n;
	do
		x = rng_next(r);
	while (x >= limit);
	return x % n;
}

/* True with probability ppm / 1,000,000. */
int
rng_chance(struct rng *r, uint32_t ppm)
{
	if (ppm == 0)
		return 0;
	if (ppm >= RNG_PPM)
		return 1;
	return rng_below(r, RNG_PPM) < ppm;
}
