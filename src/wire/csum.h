/* SPDX-License-Identifier: MIT */
/*
 * wire/csum.h - the Internet checksum (RFC 1071) and its incremental
 * update (RFC 1624).
 */
#ifndef VN_WIRE_CSUM_H
#define VN_WIRE_CSUM_H

#include "base/util.h"

/* Adds the 16-bit big-endian words of [p, p+len) to @sum (not folded). */
uint32_t vn_csum_add(uint32_t sum, const void *p, size_t len);

static inline uint16_t vn_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The checksum of [p, p+len), ready to store (host order). */
static inline uint16_t vn_csum(const void *p, size_t len)
{
	return vn_csum_fold(vn_csum_add(0, p, len));
}

/* The pseudo-header sum for TCP/UDP over IPv4 (RFC 768, RFC 9293). */
static inline uint32_t vn_csum_pseudo(uint32_t src, uint32_t dst,
				      uint8_t proto, uint16_t len)
{
	return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
	       proto + len;
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), for one changed 16-bit word. */
static inline uint16_t vn_csum_update16(uint16_t csum, uint16_t old,
					uint16_t new_)
{
	uint32_t sum = (uint16_t)~csum + (uint16_t)~old + new_;

	return vn_csum_fold(sum);
}

#endif
