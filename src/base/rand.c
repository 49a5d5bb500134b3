// SPDX-License-Identifier: MIT
/*
 * base/rand.c - xoshiro256** seeded through splitmix64.
 */
#include "base/rand.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void vn_rand_seed(struct vn_rand *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t vn_rand_u64(struct vn_rand *r)
{
	uint64_t *s = r->s;
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

uint32_t vn_rand_below(struct vn_rand *r, uint32_t bound)
{
	if (!bound)
		return 0;
	return (uint32_t)(((vn_rand_u64(r) >> 32) * bound) >> 32);
}

void vn_rand_bytes(struct vn_rand *r, void *p, size_t len)
{
	uint8_t *b = p;

	while (len) {
		uint64_t v = vn_rand_u64(r);
		size_t n = len < 8 ? len : 8;

		memcpy(b, &v, n);
		b += n;
		len -= n;
	}
}
