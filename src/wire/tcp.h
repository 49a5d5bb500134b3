/* SPDX-License-Identifier: MIT */
/*
 * wire/tcp.h - the TCP header (RFC 9293 3.1), its options (MSS, RFC 9293
 * 3.2; window scale and timestamps, RFC 7323; SACK, RFC 2018), sequence
 * numbers and the TCP checksum.
 *
 * Sequence numbers are vn_seq and are compared only through vn_seq_lt()
 * and friends: 32-bit serial arithmetic (RFC 9293 3.4, RFC 1982), where
 * a is before b when the signed difference a - b is negative.  A bare <
 * on sequence numbers is a bug.
 *
 * vn_tcp_check() validates what the getters read (the fixed header and
 * the data offset); vn_tcp_opts_parse() reads the option list.
 * Options are emitted in the layout Linux's tcp_options_write() uses, so
 * a capture of a vnet SYN reads "mss 1460,sackOK,TS val V ecr 0,nop,
 * wscale 7" as the kernel's does.
 */
#ifndef VN_WIRE_TCP_H
#define VN_WIRE_TCP_H

#include "base/drop.h"
#include "wire/csum.h"

#define VN_TCP_SPORT 0
#define VN_TCP_DPORT 2
#define VN_TCP_SEQ 4
#define VN_TCP_ACK 8
#define VN_TCP_OFF 12		/* data offset in the high 4 bits */
#define VN_TCP_FLAGS 13
#define VN_TCP_WIN 14
#define VN_TCP_CSUM 16
#define VN_TCP_URP 18
#define VN_TCP_HLEN 20
#define VN_TCP_MAX_HLEN 60
#define VN_TCP_MAX_OPTLEN 40

#define VN_TCP_FIN 0x01
#define VN_TCP_SYN 0x02
#define VN_TCP_RST 0x04
#define VN_TCP_PSH 0x08
#define VN_TCP_ACK_F 0x10
#define VN_TCP_URG 0x20
#define VN_TCP_ECE 0x40
#define VN_TCP_CWR 0x80

/* Option kinds. */
#define VN_TCPOPT_EOL 0
#define VN_TCPOPT_NOP 1
#define VN_TCPOPT_MSS 2
#define VN_TCPOPT_WSCALE 3
#define VN_TCPOPT_SACK_PERM 4
#define VN_TCPOPT_SACK 5
#define VN_TCPOPT_TS 8

#define VN_TCPOLEN_MSS 4
#define VN_TCPOLEN_WSCALE 3
#define VN_TCPOLEN_SACK_PERM 2
#define VN_TCPOLEN_TS 10
#define VN_TCPOLEN_TS_ALIGNED 12	/* NOP NOP TS */

/* RFC 7323 2.3: a shift count above 14 is used as 14. */
#define VN_TCP_MAX_WSCALE 14
#define VN_TCP_MAX_SACKS 4

/* --- sequence numbers ------------------------------------------------- */

typedef uint32_t vn_seq;

static inline bool vn_seq_lt(vn_seq a, vn_seq b)
{
	return (int32_t)(a - b) < 0;
}

static inline bool vn_seq_le(vn_seq a, vn_seq b)
{
	return (int32_t)(a - b) <= 0;
}

static inline bool vn_seq_gt(vn_seq a, vn_seq b)
{
	return (int32_t)(a - b) > 0;
}

static inline bool vn_seq_ge(vn_seq a, vn_seq b)
{
	return (int32_t)(a - b) >= 0;
}

/* lo <= s <= hi, on the circle (Linux's between()). */
static inline bool vn_seq_between(vn_seq s, vn_seq lo, vn_seq hi)
{
	return hi - lo >= s - lo;
}

static inline vn_seq vn_seq_max(vn_seq a, vn_seq b)
{
	return vn_seq_gt(a, b) ? a : b;
}

static inline vn_seq vn_seq_min(vn_seq a, vn_seq b)
{
	return vn_seq_lt(a, b) ? a : b;
}

/* --- the header ------------------------------------------------------- */

static inline uint16_t vn_tcp_sport(const uint8_t *p)
{
	return vn_load_be16(p + VN_TCP_SPORT);
}

static inline uint16_t vn_tcp_dport(const uint8_t *p)
{
	return vn_load_be16(p + VN_TCP_DPORT);
}

static inline vn_seq vn_tcp_seq(const uint8_t *p)
{
	return vn_load_be32(p + VN_TCP_SEQ);
}

static inline vn_seq vn_tcp_ack(const uint8_t *p)
{
	return vn_load_be32(p + VN_TCP_ACK);
}

/* Header length in bytes, options included. */
static inline uint32_t vn_tcp_hlen(const uint8_t *p)
{
	return (uint32_t)(p[VN_TCP_OFF] >> 4) * 4;
}

static inline uint8_t vn_tcp_flags(const uint8_t *p)
{
	return p[VN_TCP_FLAGS];
}

static inline uint16_t vn_tcp_win(const uint8_t *p)
{
	return vn_load_be16(p + VN_TCP_WIN);
}

static inline uint16_t vn_tcp_urp(const uint8_t *p)
{
	return vn_load_be16(p + VN_TCP_URP);
}

/**
 * vn_tcp_check() - validate a TCP header for the getters
 * @p: the segment (header first)
 * @len: bytes of segment
 *
 * Return: 0, or VN_DROP_TCP_TRUNCATED (shorter than a header) or
 * VN_DROP_TCP_BAD_OFFSET (data offset below 5 or beyond @len).
 */
static inline enum vn_drop_reason vn_tcp_check(const uint8_t *p, size_t len)
{
	if (len < VN_TCP_HLEN)
		return VN_DROP_TCP_TRUNCATED;
	if (vn_tcp_hlen(p) < VN_TCP_HLEN || vn_tcp_hlen(p) > len)
		return VN_DROP_TCP_BAD_OFFSET;
	return 0;
}

/* The fixed fields of a header we write. */
struct vn_tcp_hdr {
	uint16_t sport, dport;
	vn_seq seq, ack;
	uint8_t flags;
	uint16_t win;
	uint8_t hlen;		/* 20 + options, a multiple of 4 */
};

/* Writes the fixed header (checksum 0, urgent pointer 0). */
static inline void vn_tcp_emit(uint8_t *p, const struct vn_tcp_hdr *h)
{
	vn_store_be16(p + VN_TCP_SPORT, h->sport);
	vn_store_be16(p + VN_TCP_DPORT, h->dport);
	vn_store_be32(p + VN_TCP_SEQ, h->seq);
	vn_store_be32(p + VN_TCP_ACK, h->ack);
	p[VN_TCP_OFF] = (uint8_t)((h->hlen / 4) << 4);
	p[VN_TCP_FLAGS] = h->flags;
	vn_store_be16(p + VN_TCP_WIN, h->win);
	vn_store_be16(p + VN_TCP_CSUM, 0);
	vn_store_be16(p + VN_TCP_URP, 0);
}

/* --- checksum ----------------------------------------------------------- */

/*
 * vn_tcp_csum_add() - vn_csum_add() for bulk data: the same result (the
 * sum of the big-endian 16-bit words of [p, p+len) added to @sum, not
 * folded), eight bytes at a time.
 */
uint32_t vn_tcp_csum_add(uint32_t sum, const void *p, size_t len);

/* The checksum to store for a segment of @len bytes at @p (field 0). */
static inline uint16_t vn_tcp_csum(const uint8_t *p, uint32_t len,
				   uint32_t src, uint32_t dst)
{
	uint32_t sum = vn_csum_pseudo(src, dst, 6, (uint16_t)len);

	return vn_csum_fold(vn_tcp_csum_add(sum, p, len));
}

/* True if the segment's checksum (in place) is right. */
static inline bool vn_tcp_csum_ok(const uint8_t *p, uint32_t len,
				  uint32_t src, uint32_t dst)
{
	return vn_tcp_csum(p, len, src, dst) == 0;
}

static inline void vn_tcp_fill_csum(uint8_t *p, uint32_t len, uint32_t src,
				    uint32_t dst)
{
	vn_store_be16(p + VN_TCP_CSUM, 0);
	vn_store_be16(p + VN_TCP_CSUM, vn_tcp_csum(p, len, src, dst));
}

/* --- options -------------------------------------------------------------- */

struct vn_tcp_sack_block {
	vn_seq start, end;
};

/* The options of one segment, host order. */
struct vn_tcp_opts {
	bool has_mss, has_wscale, sack_ok, has_ts;
	uint16_t mss;
	uint8_t wscale;		/* as received (may exceed 14) */
	uint32_t ts_val, ts_ecr;
	uint8_t n_sack;		/* SACK blocks (receive: up to 4) */
	struct vn_tcp_sack_block sack[VN_TCP_MAX_SACKS];
};

/**
 * vn_tcp_opts_parse() - read the options of a segment
 * @p: the first option byte (header + 20)
 * @len: bytes of options (header length - 20)
 * @syn: the segment is a SYN (MSS, window scale, SACK-permitted only count
 *       there, as RFC 9293 3.2, RFC 7323 2.2 and RFC 2018 say)
 * @o: filled; absent options are false/0
 *
 * Unknown kinds with a length are skipped (RFC 9293 3.1, MUST-64); a known
 * kind with the wrong length is ignored as Linux does.  Where the list
 * cannot be walked further -- a length below 2, or running past @len --
 * reading stops and what was read stands, as tcp_parse_options() does: the
 * segment is not refused for it.
 * Context: any; no allocation.
 */
void vn_tcp_opts_parse(const uint8_t *p, size_t len, bool syn,
		       struct vn_tcp_opts *o);

/*
 * What to write: Linux's order and padding.  In a SYN or SYN-ACK: MSS,
 * then "sackOK,TS" (or "nop,nop,TS", or "nop,nop,sackOK"), then
 * "nop,wscale"; otherwise "nop,nop,TS" then "nop,nop,sack ..." blocks.
 */
struct vn_tcp_opts_out {
	bool mss, ts, sack_ok, wscale;
	uint16_t mss_val;
	uint8_t wscale_val;
	uint32_t ts_val, ts_ecr;
	uint8_t n_sack;
	const struct vn_tcp_sack_block *sack;
};

/* Bytes vn_tcp_opts_emit() writes: a multiple of 4, at most 40. */
size_t vn_tcp_opts_emit_len(const struct vn_tcp_opts_out *o);
/* Writes the options at @p; returns vn_tcp_opts_emit_len(). */
size_t vn_tcp_opts_emit(uint8_t *p, const struct vn_tcp_opts_out *o);

#endif
