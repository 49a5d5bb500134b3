/* SPDX-License-Identifier: MIT */
/*
 * wire/eth.h - Ethernet II headers and MAC addresses (IEEE 802.3).
 */
#ifndef VN_WIRE_ETH_H
#define VN_WIRE_ETH_H

#include "base/util.h"

#define VN_ETH_ALEN 6
#define VN_ETH_HLEN 14
#define VN_ETH_ZLEN 60		/* minimum frame without FCS */
#define VN_ETH_DST 0
#define VN_ETH_SRC 6
#define VN_ETH_TYPE 12

#define VN_ETH_P_IP 0x0800
#define VN_ETH_P_ARP 0x0806
#define VN_ETH_P_8021Q 0x8100
#define VN_ETH_P_8021AD 0x88a8
#define VN_ETH_P_IPV6 0x86dd
#define VN_ETH_P_LLDP 0x88cc
#define VN_ETH_P_802_3_MIN 0x0600 /* below: an 802.3 length field */

static inline bool vn_eth_check(const uint8_t *p, size_t len)
{
	(void)p;
	return len >= VN_ETH_HLEN;
}

static inline const uint8_t *vn_eth_dst(const uint8_t *p)
{
	return p + VN_ETH_DST;
}

static inline const uint8_t *vn_eth_src(const uint8_t *p)
{
	return p + VN_ETH_SRC;
}

static inline uint16_t vn_eth_type(const uint8_t *p)
{
	return vn_load_be16(p + VN_ETH_TYPE);
}

static inline void vn_eth_emit(uint8_t *p, const uint8_t *dst,
			       const uint8_t *src, uint16_t type)
{
	memcpy(p + VN_ETH_DST, dst, VN_ETH_ALEN);
	memcpy(p + VN_ETH_SRC, src, VN_ETH_ALEN);
	vn_store_be16(p + VN_ETH_TYPE, type);
}

static inline bool vn_mac_is_multicast(const uint8_t *mac)
{
	return mac[0] & 1;
}

static inline bool vn_mac_is_broadcast(const uint8_t *mac)
{
	return (mac[0] & mac[1] & mac[2] & mac[3] & mac[4] & mac[5]) == 0xff;
}

static inline bool vn_mac_is_zero(const uint8_t *mac)
{
	return (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) == 0;
}

/* A unicast, non-zero address: what a device may use as its own. */
static inline bool vn_mac_is_valid(const uint8_t *mac)
{
	return !vn_mac_is_multicast(mac) && !vn_mac_is_zero(mac);
}

static inline bool vn_mac_equal(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, VN_ETH_ALEN) == 0;
}

/* 802.1D: 01-80-C2-00-00-0X, the bridge-filtered group addresses. */
static inline bool vn_mac_is_link_local(const uint8_t *mac)
{
	static const uint8_t base[5] = { 0x01, 0x80, 0xc2, 0x00, 0x00 };

	return memcmp(mac, base, 5) == 0 && (mac[5] & 0xf0) == 0;
}

static inline uint64_t vn_mac_to_u64(const uint8_t *mac)
{
	return (uint64_t)mac[0] << 40 | (uint64_t)mac[1] << 32 |
	       (uint64_t)mac[2] << 24 | (uint64_t)mac[3] << 16 |
	       (uint64_t)mac[4] << 8 | mac[5];
}

static inline int vn_mac_cmp(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, VN_ETH_ALEN);
}

#define VN_MAC_STRLEN 18

/* "aa:bb:cc:dd:ee:ff" into @buf (VN_MAC_STRLEN bytes); returns @buf. */
char *vn_mac_format(char *buf, const uint8_t *mac);
/* Parses "aa:bb:cc:dd:ee:ff"; 0 or -EINVAL. */
int vn_mac_parse(const char *s, uint8_t *mac);

#endif
