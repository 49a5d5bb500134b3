/* SPDX-License-Identifier: MIT */
/*
 * wire/ipv4.h - the IPv4 header (RFC 791).
 *
 * vn_ipv4_check() performs the validation of Linux's ip_rcv_core(): length
 * at least 20, version 4, IHL at least 5, header inside the data, total
 * length covering the header and inside the data, header checksum.
 */
#ifndef VN_WIRE_IPV4_H
#define VN_WIRE_IPV4_H

#include "base/drop.h"
#include "wire/csum.h"

#define VN_IPV4_VER_IHL 0
#define VN_IPV4_TOS 1
#define VN_IPV4_TOT_LEN 2
#define VN_IPV4_ID 4
#define VN_IPV4_FRAG 6
#define VN_IPV4_TTL 8
#define VN_IPV4_PROTO 9
#define VN_IPV4_CSUM 10
#define VN_IPV4_SRC 12
#define VN_IPV4_DST 16
#define VN_IPV4_HLEN 20
#define VN_IPV4_MAX_HLEN 60

#define VN_IP_DF 0x4000
#define VN_IP_MF 0x2000
#define VN_IP_OFFMASK 0x1fff

#define VN_IPPROTO_ICMP 1
#define VN_IPPROTO_IGMP 2
#define VN_IPPROTO_TCP 6
#define VN_IPPROTO_UDP 17

static inline uint8_t vn_ipv4_version(const uint8_t *p)
{
	return p[VN_IPV4_VER_IHL] >> 4;
}

/* Header length in bytes. */
static inline uint32_t vn_ipv4_hlen(const uint8_t *p)
{
	return (uint32_t)(p[VN_IPV4_VER_IHL] & 0x0f) * 4;
}

static inline uint8_t vn_ipv4_tos(const uint8_t *p) { return p[VN_IPV4_TOS]; }
static inline uint16_t vn_ipv4_tot_len(const uint8_t *p)
{
	return vn_load_be16(p + VN_IPV4_TOT_LEN);
}
static inline uint16_t vn_ipv4_id(const uint8_t *p)
{
	return vn_load_be16(p + VN_IPV4_ID);
}
static inline uint16_t vn_ipv4_frag(const uint8_t *p)
{
	return vn_load_be16(p + VN_IPV4_FRAG);
}
/* Fragment offset in bytes. */
static inline uint32_t vn_ipv4_frag_off(const uint8_t *p)
{
	return (uint32_t)(vn_ipv4_frag(p) & VN_IP_OFFMASK) * 8;
}
static inline bool vn_ipv4_more_frags(const uint8_t *p)
{
	return vn_ipv4_frag(p) & VN_IP_MF;
}
static inline bool vn_ipv4_is_fragment(const uint8_t *p)
{
	return vn_ipv4_frag(p) & (VN_IP_MF | VN_IP_OFFMASK);
}
static inline uint8_t vn_ipv4_ttl(const uint8_t *p) { return p[VN_IPV4_TTL]; }
static inline uint8_t vn_ipv4_proto(const uint8_t *p)
{
	return p[VN_IPV4_PROTO];
}
static inline uint16_t vn_ipv4_csum(const uint8_t *p)
{
	return vn_load_be16(p + VN_IPV4_CSUM);
}
static inline uint32_t vn_ipv4_src(const uint8_t *p)
{
	return vn_load_be32(p + VN_IPV4_SRC);
}
static inline uint32_t vn_ipv4_dst(const uint8_t *p)
{
	return vn_load_be32(p + VN_IPV4_DST);
}

static inline void vn_ipv4_set_tot_len(uint8_t *p, uint16_t v)
{
	vn_store_be16(p + VN_IPV4_TOT_LEN, v);
}
static inline void vn_ipv4_set_frag(uint8_t *p, uint16_t v)
{
	vn_store_be16(p + VN_IPV4_FRAG, v);
}
static inline void vn_ipv4_set_src(uint8_t *p, uint32_t v)
{
	vn_store_be32(p + VN_IPV4_SRC, v);
}
static inline void vn_ipv4_set_dst(uint8_t *p, uint32_t v)
{
	vn_store_be32(p + VN_IPV4_DST, v);
}

/* Recomputes the header checksum. */
static inline void vn_ipv4_fill_csum(uint8_t *p)
{
	vn_store_be16(p + VN_IPV4_CSUM, 0);
	vn_store_be16(p + VN_IPV4_CSUM, vn_csum(p, vn_ipv4_hlen(p)));
}

/* Decrements the TTL, updating the checksum incrementally (RFC 1624). */
static inline void vn_ipv4_dec_ttl(uint8_t *p)
{
	uint16_t old = vn_load_be16(p + VN_IPV4_TTL);
	uint16_t new_ = (uint16_t)(old - 0x0100);

	vn_store_be16(p + VN_IPV4_TTL, new_);
	vn_store_be16(p + VN_IPV4_CSUM,
		      vn_csum_update16(vn_ipv4_csum(p), old, new_));
}

/**
 * vn_ipv4_check() - validate an IPv4 header as Linux's ip_rcv_core() does
 * @p: first byte of the header
 * @len: bytes available from @p
 *
 * Return: 0, or the drop reason.  After success the header, its options
 * and tot_len bytes are all within [p, p+len).
 */
static inline enum vn_drop_reason vn_ipv4_check(const uint8_t *p, size_t len)
{
	uint32_t hlen, tot;

	if (len < VN_IPV4_HLEN)
		return VN_DROP_IP_TRUNCATED;
	if (vn_ipv4_version(p) != 4)
		return VN_DROP_IP_BAD_VERSION;
	hlen = vn_ipv4_hlen(p);
	if (hlen < VN_IPV4_HLEN)
		return VN_DROP_IP_BAD_IHL;
	if (hlen > len)
		return VN_DROP_IP_TRUNCATED;
	if (vn_csum(p, hlen) != 0)
		return VN_DROP_IP_CSUM;
	tot = vn_ipv4_tot_len(p);
	if (tot > len || tot < hlen)
		return VN_DROP_IP_BAD_LENGTH;
	return 0;
}

struct vn_ipv4_repr {
	uint8_t tos;
	uint8_t ttl;
	uint8_t proto;
	uint16_t id;
	uint16_t frag;		/* flags and offset, as on the wire */
	uint32_t src, dst;
	uint16_t payload_len;
};

/* Writes a 20-byte header (no options) with its checksum at @p. */
static inline void vn_ipv4_emit(uint8_t *p, const struct vn_ipv4_repr *r)
{
	p[VN_IPV4_VER_IHL] = 0x45;
	p[VN_IPV4_TOS] = r->tos;
	vn_store_be16(p + VN_IPV4_TOT_LEN,
		      (uint16_t)(VN_IPV4_HLEN + r->payload_len));
	vn_store_be16(p + VN_IPV4_ID, r->id);
	vn_store_be16(p + VN_IPV4_FRAG, r->frag);
	p[VN_IPV4_TTL] = r->ttl;
	p[VN_IPV4_PROTO] = r->proto;
	vn_store_be32(p + VN_IPV4_SRC, r->src);
	vn_store_be32(p + VN_IPV4_DST, r->dst);
	vn_ipv4_fill_csum(p);
}

/* Address classes (host order). */
static inline bool vn_ipv4_is_multicast(uint32_t a)
{
	return (a & 0xf0000000) == 0xe0000000;
}
static inline bool vn_ipv4_is_lbcast(uint32_t a) { return a == 0xffffffff; }
static inline bool vn_ipv4_is_zeronet(uint32_t a)
{
	return (a & 0xff000000) == 0;
}
static inline bool vn_ipv4_is_loopback(uint32_t a)
{
	return (a & 0xff000000) == 0x7f000000;
}

static inline uint32_t vn_ipv4_prefix_mask(unsigned plen)
{
	return plen ? 0xffffffffu << (32 - plen) : 0;
}

#define VN_IPV4_STRLEN 16
/* Dotted quad into @buf (VN_IPV4_STRLEN bytes); returns @buf. */
char *vn_ipv4_format(char *buf, uint32_t addr);
/* Parses a dotted quad (inet_pton rules); 0 or -EINVAL. */
int vn_ipv4_parse(const char *s, uint32_t *addr);
/* Parses "A.B.C.D[/LEN]"; a missing length gives 32.  0 or -EINVAL. */
int vn_ipv4_parse_prefix(const char *s, uint32_t *addr, unsigned *plen);

#endif
