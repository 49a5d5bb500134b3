/* SPDX-License-Identifier: MIT */
/*
 * wire/arp.h - ARP for IPv4 over Ethernet (RFC 826).
 *
 * Only the Ethernet/IPv4 form is represented; check() refuses other
 * hardware or protocol formats the way Linux's arp_rcv() does (hlen must be
 * the device's address length and plen 4).
 */
#ifndef VN_WIRE_ARP_H
#define VN_WIRE_ARP_H

#include "base/drop.h"
#include "wire/eth.h"

#define VN_ARP_HTYPE 0
#define VN_ARP_PTYPE 2
#define VN_ARP_HLEN 4
#define VN_ARP_PLEN 5
#define VN_ARP_OP 6
#define VN_ARP_SHA 8
#define VN_ARP_SPA 14
#define VN_ARP_THA 18
#define VN_ARP_TPA 24
#define VN_ARP_LEN 28

#define VN_ARPHRD_ETHER 1
#define VN_ARPOP_REQUEST 1
#define VN_ARPOP_REPLY 2

struct vn_arp_repr {
	uint16_t op;
	uint8_t sha[VN_ETH_ALEN];
	uint32_t spa;		/* host order */
	uint8_t tha[VN_ETH_ALEN];
	uint32_t tpa;
};

/* 0, or the reason to drop the packet. */
static inline enum vn_drop_reason vn_arp_check(const uint8_t *p, size_t len)
{
	if (len < VN_ARP_LEN)
		return VN_DROP_ARP_TRUNCATED;
	if (vn_load_be16(p + VN_ARP_HTYPE) != VN_ARPHRD_ETHER ||
	    vn_load_be16(p + VN_ARP_PTYPE) != VN_ETH_P_IP ||
	    p[VN_ARP_HLEN] != VN_ETH_ALEN || p[VN_ARP_PLEN] != 4)
		return VN_DROP_ARP_BAD_FORMAT;
	return 0;
}

/* After vn_arp_check() succeeded. */
static inline void vn_arp_parse(const uint8_t *p, struct vn_arp_repr *r)
{
	r->op = vn_load_be16(p + VN_ARP_OP);
	memcpy(r->sha, p + VN_ARP_SHA, VN_ETH_ALEN);
	r->spa = vn_load_be32(p + VN_ARP_SPA);
	memcpy(r->tha, p + VN_ARP_THA, VN_ETH_ALEN);
	r->tpa = vn_load_be32(p + VN_ARP_TPA);
}

/* Writes VN_ARP_LEN bytes at @p. */
static inline void vn_arp_emit(uint8_t *p, const struct vn_arp_repr *r)
{
	vn_store_be16(p + VN_ARP_HTYPE, VN_ARPHRD_ETHER);
	vn_store_be16(p + VN_ARP_PTYPE, VN_ETH_P_IP);
	p[VN_ARP_HLEN] = VN_ETH_ALEN;
	p[VN_ARP_PLEN] = 4;
	vn_store_be16(p + VN_ARP_OP, r->op);
	memcpy(p + VN_ARP_SHA, r->sha, VN_ETH_ALEN);
	vn_store_be32(p + VN_ARP_SPA, r->spa);
	memcpy(p + VN_ARP_THA, r->tha, VN_ETH_ALEN);
	vn_store_be32(p + VN_ARP_TPA, r->tpa);
}

#endif
