/* SPDX-License-Identifier: MIT */
/*
 * wire/udp.h - the UDP header (RFC 768).
 */
#ifndef VN_WIRE_UDP_H
#define VN_WIRE_UDP_H

#include "base/drop.h"
#include "wire/csum.h"

#define VN_UDP_SPORT 0
#define VN_UDP_DPORT 2
#define VN_UDP_LEN 4
#define VN_UDP_CSUM 6
#define VN_UDP_HLEN 8

static inline uint16_t vn_udp_sport(const uint8_t *p)
{
	return vn_load_be16(p + VN_UDP_SPORT);
}
static inline uint16_t vn_udp_dport(const uint8_t *p)
{
	return vn_load_be16(p + VN_UDP_DPORT);
}
static inline uint16_t vn_udp_len(const uint8_t *p)
{
	return vn_load_be16(p + VN_UDP_LEN);
}

/* 0, or the drop reason: header present, length field within the data. */
static inline enum vn_drop_reason vn_udp_check(const uint8_t *p, size_t len)
{
	if (len < VN_UDP_HLEN)
		return VN_DROP_UDP_TRUNCATED;
	if (vn_udp_len(p) < VN_UDP_HLEN || vn_udp_len(p) > len)
		return VN_DROP_UDP_TRUNCATED;
	return 0;
}

#endif
