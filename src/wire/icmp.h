/* SPDX-License-Identifier: MIT */
/*
 * wire/icmp.h - ICMP for IPv4 (RFC 792).
 */
#ifndef VN_WIRE_ICMP_H
#define VN_WIRE_ICMP_H

#include "base/drop.h"
#include "wire/csum.h"

#define VN_ICMP_TYPE 0
#define VN_ICMP_CODE 1
#define VN_ICMP_CSUM 2
#define VN_ICMP_ID 4		/* echo */
#define VN_ICMP_SEQ 6		/* echo */
#define VN_ICMP_HLEN 8

#define VN_ICMP_ECHOREPLY 0
#define VN_ICMP_DEST_UNREACH 3
#define VN_ICMP_REDIRECT 5
#define VN_ICMP_ECHO 8
#define VN_ICMP_TIME_EXCEEDED 11
#define VN_ICMP_PARAMETERPROB 12

/* Codes for DEST_UNREACH. */
#define VN_ICMP_NET_UNREACH 0
#define VN_ICMP_HOST_UNREACH 1
#define VN_ICMP_PROT_UNREACH 2
#define VN_ICMP_PORT_UNREACH 3
#define VN_ICMP_FRAG_NEEDED 4
#define VN_ICMP_NET_UNKNOWN 6
#define VN_ICMP_PKT_FILTERED 13
/* Codes for TIME_EXCEEDED. */
#define VN_ICMP_EXC_TTL 0
#define VN_ICMP_EXC_FRAGTIME 1

struct vn_icmp_repr {
	uint8_t type;
	uint8_t code;
	uint16_t id;		/* echo */
	uint16_t seq;		/* echo */
	uint32_t rest;		/* the second word, for other types */
	const uint8_t *payload;
	size_t payload_len;
};

static inline bool vn_icmp_is_error(uint8_t type)
{
	return type == VN_ICMP_DEST_UNREACH || type == VN_ICMP_TIME_EXCEEDED ||
	       type == VN_ICMP_PARAMETERPROB || type == VN_ICMP_REDIRECT ||
	       type == 4 /* source quench */;
}

/* 0, or the drop reason: length at least 8 and the checksum over all. */
static inline enum vn_drop_reason vn_icmp_check(const uint8_t *p, size_t len)
{
	if (len < VN_ICMP_HLEN)
		return VN_DROP_ICMP_TRUNCATED;
	if (vn_csum(p, len) != 0)
		return VN_DROP_ICMP_CSUM;
	return 0;
}

static inline void vn_icmp_parse(const uint8_t *p, size_t len,
				 struct vn_icmp_repr *r)
{
	r->type = p[VN_ICMP_TYPE];
	r->code = p[VN_ICMP_CODE];
	r->id = vn_load_be16(p + VN_ICMP_ID);
	r->seq = vn_load_be16(p + VN_ICMP_SEQ);
	r->rest = vn_load_be32(p + VN_ICMP_ID);
	r->payload = p + VN_ICMP_HLEN;
	r->payload_len = len - VN_ICMP_HLEN;
}

static inline size_t vn_icmp_emit_len(const struct vn_icmp_repr *r)
{
	return VN_ICMP_HLEN + r->payload_len;
}

/* Writes header, payload and checksum; @p has vn_icmp_emit_len() bytes. */
static inline void vn_icmp_emit(uint8_t *p, const struct vn_icmp_repr *r)
{
	size_t len = vn_icmp_emit_len(r);

	p[VN_ICMP_TYPE] = r->type;
	p[VN_ICMP_CODE] = r->code;
	vn_store_be16(p + VN_ICMP_CSUM, 0);
	if (r->type == VN_ICMP_ECHO || r->type == VN_ICMP_ECHOREPLY) {
		vn_store_be16(p + VN_ICMP_ID, r->id);
		vn_store_be16(p + VN_ICMP_SEQ, r->seq);
	} else {
		vn_store_be32(p + VN_ICMP_ID, r->rest);
	}
	if (r->payload_len && r->payload != p + VN_ICMP_HLEN)
		memmove(p + VN_ICMP_HLEN, r->payload, r->payload_len);
	vn_store_be16(p + VN_ICMP_CSUM, vn_csum(p, len));
}

#endif
