// SPDX-License-Identifier: MIT
/*
 * wire/csum.c - RFC 1071 one's-complement sum.
 */
#include "wire/csum.h"

uint32_t vn_csum_add(uint32_t sum, const void *p, size_t len)
{
	const uint8_t *b = p;
	uint64_t acc = sum;

	while (len >= 2) {
		acc += vn_load_be16(b);
		b += 2;
		len -= 2;
	}
	if (len)
		acc += (uint32_t)b[0] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffff) + (acc >> 32);
	acc = (acc & 0xffff) + (acc >> 16);
	acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc + (uint32_t)(acc >> 16);
}
