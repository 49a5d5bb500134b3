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

static inline uint16_t vn_udp_csum_field(const uint8_t *p)
{
	return vn_load_be16(p + VN_UDP_CSUM);
}

/*
 * The checksum of a UDP datagram of @len bytes at @p (header included)
 * between @src and @dst, ready to store: 0 becomes 0xffff (RFC 768).
 */
static inline uint16_t vn_udp_csum(const uint8_t *p, uint16_t len,
				   uint32_t src, uint32_t dst)
{
	uint32_t sum = vn_csum_pseudo(src, dst, 17, len);
	uint16_t c = vn_csum_fold(vn_csum_add(sum, p, len));

	return c ? c : 0xffff;
}

/* True if the datagram's checksum is absent (0) or right. */
static inline bool vn_udp_csum_ok(const uint8_t *p, uint16_t len,
				  uint32_t src, uint32_t dst)
{
	if (vn_udp_csum_field(p) == 0)
		return true;
	return vn_csum_fold(vn_csum_add(vn_csum_pseudo(src, dst, 17, len), p,
				       len)) == 0;
}

/* Writes the header; the checksum is computed over @payload_len bytes
 * that must already follow it. */
static inline void vn_udp_emit(uint8_t *p, uint16_t sport, uint16_t dport,
			       uint16_t payload_len, uint32_t src,
			       uint32_t dst)
{
	uint16_t len = (uint16_t)(VN_UDP_HLEN + payload_len);

	vn_store_be16(p + VN_UDP_SPORT, sport);
	vn_store_be16(p + VN_UDP_DPORT, dport);
	vn_store_be16(p + VN_UDP_LEN, len);
	vn_store_be16(p + VN_UDP_CSUM, 0);
	vn_store_be16(p + VN_UDP_CSUM, vn_udp_csum(p, len, src, dst));
}

#endif
