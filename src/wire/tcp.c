// SPDX-License-Identifier: MIT
/*
 * wire/tcp.c - TCP options (parse and emit) and the bulk checksum.
 *
 * The option walk follows Linux's tcp_parse_options() (net/ipv4/
 * tcp_input.c): EOL ends the list, NOP is one byte, every other kind has
 * a length byte covering itself; MSS, window scale and SACK-permitted are
 * only taken from SYNs; a known kind with the wrong length is skipped.
 * Where Linux stops parsing at a length below 2 or past the end, we
 * report the list as malformed so the caller drops the segment (RFC 1122
 * 4.2.2.5 asks for the illegal length to be handled; dropping is the
 * conservative choice, written down in docs/differences.md).
 */
#include "wire/tcp.h"

uint32_t vn_tcp_csum_add(uint32_t sum, const void *p, size_t len)
{
	const uint8_t *b = p;
	uint64_t a0 = 0, a1 = 0;
	uint64_t acc;

	/*
	 * One's complement sums do not care about byte order (RFC 1071
	 * 2(B)): add little-endian 32-bit halves into 64-bit accumulators
	 * (no carry is lost before 2^32 additions), fold, then swap the
	 * two bytes back to the big-endian words vn_csum_add() sums.
	 */
	while (len >= 16) {
		uint64_t x, y;

		memcpy(&x, b, 8);
		memcpy(&y, b + 8, 8);
		a0 += (uint32_t)x;
		a1 += x >> 32;
		a0 += (uint32_t)y;
		a1 += y >> 32;
		b += 16;
		len -= 16;
	}
	acc = a0 + a1;
	while (len >= 2) {
		acc += (uint64_t)b[0] | (uint64_t)b[1] << 8;
		b += 2;
		len -= 2;
	}
	if (len)
		acc += b[0];	/* the high byte of a big-endian word */
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	acc = ((acc & 0xff) << 8) | (acc >> 8);
	acc += sum;
	while (acc >> 32)
		acc = (acc & 0xffffffff) + (acc >> 32);
	return (uint32_t)acc;
}

void vn_tcp_opts_parse(const uint8_t *p, size_t len, bool syn,
		       struct vn_tcp_opts *o)
{
	size_t i = 0;

	memset(o, 0, sizeof(*o));
	while (i < len) {
		uint8_t kind = p[i];
		uint8_t olen;

		if (kind == VN_TCPOPT_EOL)
			return;
		if (kind == VN_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len)
			return;
		olen = p[i + 1];
		if (olen < 2 || olen > len - i)
			return;	/* "silly" or partial: stop here */
		switch (kind) {
		case VN_TCPOPT_MSS:
			if (olen == VN_TCPOLEN_MSS && syn) {
				uint16_t mss = vn_load_be16(p + i + 2);

				/* A zero MSS is no MSS (Linux ignores it). */
				if (mss) {
					o->has_mss = true;
					o->mss = mss;
				}
			}
			break;
		case VN_TCPOPT_WSCALE:
			if (olen == VN_TCPOLEN_WSCALE && syn) {
				o->has_wscale = true;
				o->wscale = p[i + 2];
			}
			break;
		case VN_TCPOPT_SACK_PERM:
			if (olen == VN_TCPOLEN_SACK_PERM && syn)
				o->sack_ok = true;
			break;
		case VN_TCPOPT_TS:
			if (olen == VN_TCPOLEN_TS) {
				o->has_ts = true;
				o->ts_val = vn_load_be32(p + i + 2);
				o->ts_ecr = vn_load_be32(p + i + 6);
			}
			break;
		case VN_TCPOPT_SACK:
			/* RFC 2018 3: 2 + 8n bytes, at most four blocks. */
			if (olen >= 10 && (olen - 2) % 8 == 0 && !syn) {
				uint8_t n = (uint8_t)((olen - 2) / 8);

				if (n > VN_TCP_MAX_SACKS)
					n = VN_TCP_MAX_SACKS;
				for (uint8_t k = 0; k < n; k++) {
					const uint8_t *b = p + i + 2 + 8 * k;

					o->sack[k].start = vn_load_be32(b);
					o->sack[k].end = vn_load_be32(b + 4);
				}
				o->n_sack = n;
			}
			break;
		default:
			break;	/* MUST-64: ignore what we do not know */
		}
		i += olen;
	}
}

size_t vn_tcp_opts_emit_len(const struct vn_tcp_opts_out *o)
{
	size_t n = 0;

	if (o->mss)
		n += 4;
	if (o->ts)
		n += 12;
	else if (o->sack_ok)
		n += 4;
	if (o->wscale)
		n += 4;
	if (o->n_sack)
		n += 4 + 8 * (size_t)o->n_sack;
	return n;
}

static uint8_t *put4(uint8_t *p, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	p[0] = a;
	p[1] = b;
	p[2] = c;
	p[3] = d;
	return p + 4;
}

size_t vn_tcp_opts_emit(uint8_t *p, const struct vn_tcp_opts_out *o)
{
	uint8_t *start = p;

	/* tcp_options_write(): MSS, TS (merged with sackOK), WS, SACK. */
	if (o->mss) {
		p = put4(p, VN_TCPOPT_MSS, VN_TCPOLEN_MSS,
			 (uint8_t)(o->mss_val >> 8), (uint8_t)o->mss_val);
	}
	if (o->ts) {
		if (o->sack_ok)
			p = put4(p, VN_TCPOPT_SACK_PERM, VN_TCPOLEN_SACK_PERM,
				 VN_TCPOPT_TS, VN_TCPOLEN_TS);
		else
			p = put4(p, VN_TCPOPT_NOP, VN_TCPOPT_NOP, VN_TCPOPT_TS,
				 VN_TCPOLEN_TS);
		vn_store_be32(p, o->ts_val);
		vn_store_be32(p + 4, o->ts_ecr);
		p += 8;
	} else if (o->sack_ok) {
		p = put4(p, VN_TCPOPT_NOP, VN_TCPOPT_NOP, VN_TCPOPT_SACK_PERM,
			 VN_TCPOLEN_SACK_PERM);
	}
	if (o->wscale)
		p = put4(p, VN_TCPOPT_NOP, VN_TCPOPT_WSCALE, VN_TCPOLEN_WSCALE,
			 o->wscale_val);
	if (o->n_sack) {
		p = put4(p, VN_TCPOPT_NOP, VN_TCPOPT_NOP, VN_TCPOPT_SACK,
			 (uint8_t)(2 + 8 * o->n_sack));
		for (uint8_t k = 0; k < o->n_sack; k++) {
			vn_store_be32(p, o->sack[k].start);
			vn_store_be32(p + 4, o->sack[k].end);
			p += 8;
		}
	}
	return (size_t)(p - start);
}
