/* SPDX-License-Identifier: MIT */
/*
 * wire/vlan.h - 802.1Q and 802.1ad tags (IEEE 802.1Q-2018 9.6).
 *
 * A tag sits between the source MAC and the EtherType: a TPID (0x8100 for
 * an 802.1Q C-tag, 0x88a8 for an 802.1ad S-tag) and a TCI of 3 bits
 * priority (PCP), 1 bit drop eligible (DEI) and 12 bits VLAN id.  The view
 * starts at the Ethernet header of a tagged frame:
 *
 *   dst(6) src(6) TPID(2) TCI(2) inner EtherType(2) ...
 *
 * VID 0 means "priority tagged, no VLAN" and VID 4095 is reserved; both
 * are valid on the wire, the devices decide what they mean.
 */
#ifndef VN_WIRE_VLAN_H
#define VN_WIRE_VLAN_H

#include "wire/eth.h"

#define VN_VLAN_HLEN 4		/* the tag */
#define VN_VLAN_ETH_HLEN 18	/* Ethernet header with one tag */
#define VN_VLAN_TPID 12		/* offsets from the Ethernet header */
#define VN_VLAN_TCI 14
#define VN_VLAN_INNER_TYPE 16

#define VN_VLAN_VID_MASK 0x0fff
#define VN_VLAN_DEI 0x1000
#define VN_VLAN_PCP_SHIFT 13
#define VN_VLAN_N_VID 4096

/* Is @type a tag protocol identifier (C-tag or S-tag)? */
static inline bool vn_vlan_is_tpid(uint16_t type)
{
	return type == VN_ETH_P_8021Q || type == VN_ETH_P_8021AD;
}

/*
 * Does the Ethernet header at @p (at least VN_ETH_HLEN bytes) announce a
 * tag?  The tag itself may still be missing: see vn_vlan_check().
 */
static inline bool vn_vlan_tagged(const uint8_t *p)
{
	return vn_vlan_is_tpid(vn_eth_type(p));
}

/* A whole tag after the addresses, and a TPID announcing it. */
static inline bool vn_vlan_check(const uint8_t *p, size_t len)
{
	return len >= VN_VLAN_ETH_HLEN && vn_vlan_tagged(p);
}

/* Getters: after vn_vlan_check() succeeded; host order. */
static inline uint16_t vn_vlan_tpid(const uint8_t *p)
{
	return vn_load_be16(p + VN_VLAN_TPID);
}

static inline uint16_t vn_vlan_tci(const uint8_t *p)
{
	return vn_load_be16(p + VN_VLAN_TCI);
}

static inline uint16_t vn_vlan_vid(const uint8_t *p)
{
	return vn_vlan_tci(p) & VN_VLAN_VID_MASK;
}

static inline uint8_t vn_vlan_pcp(const uint8_t *p)
{
	return (uint8_t)(vn_vlan_tci(p) >> VN_VLAN_PCP_SHIFT);
}

static inline bool vn_vlan_dei(const uint8_t *p)
{
	return vn_vlan_tci(p) & VN_VLAN_DEI;
}

static inline uint16_t vn_vlan_inner_type(const uint8_t *p)
{
	return vn_load_be16(p + VN_VLAN_INNER_TYPE);
}

/* Setters, host order in. */
static inline void vn_vlan_set_tci(uint8_t *p, uint16_t tci)
{
	vn_store_be16(p + VN_VLAN_TCI, tci);
}

/*
 * vn_vlan_emit() - write a tagged Ethernet header (VN_VLAN_ETH_HLEN bytes)
 * at @p: addresses, @tpid, @tci, then the inner EtherType @type.
 */
static inline void vn_vlan_emit(uint8_t *p, const uint8_t *dst,
				const uint8_t *src, uint16_t tpid,
				uint16_t tci, uint16_t type)
{
	memcpy(p + VN_ETH_DST, dst, VN_ETH_ALEN);
	memcpy(p + VN_ETH_SRC, src, VN_ETH_ALEN);
	vn_store_be16(p + VN_VLAN_TPID, tpid);
	vn_store_be16(p + VN_VLAN_TCI, tci);
	vn_store_be16(p + VN_VLAN_INNER_TYPE, type);
}

#endif
