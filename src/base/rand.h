/* SPDX-License-Identifier: MIT */
/*
 * base/rand.h - a seeded pseudo-random stream (xoshiro256**).
 *
 * Every random choice (MAC addresses, ISNs, impairments) draws from the
 * engine's stream, so a run with the same seed prints the same thing.
 */
#ifndef VN_BASE_RAND_H
#define VN_BASE_RAND_H

#include "base/util.h"

struct vn_rand {
	uint64_t s[4];
};

void vn_rand_seed(struct vn_rand *r, uint64_t seed);
uint64_t vn_rand_u64(struct vn_rand *r);
/* Uniform in [0, bound). */
uint32_t vn_rand_below(struct vn_rand *r, uint32_t bound);
void vn_rand_bytes(struct vn_rand *r, void *p, size_t len);

#endif
