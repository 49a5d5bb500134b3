// SPDX-License-Identifier: MIT
/*
 * inet/tcp_syncookie.c - TCP's keyed hashes: initial sequence numbers
 * (RFC 6528), per-host timestamp offsets, and SYN cookies (RFC 4987 3.6),
 * as Linux's net/core/secure_seq.c and net/ipv4/syncookies.c compute
 * them, with SipHash-2-4.
 *
 * Keys come from the engine's seeded stream (through the namespace's
 * first random draw and the engine's hash seed, without drawing again:
 * adding TCP does not move any other random choice), so a run with the
 * same --seed chooses the same ISNs.
 *
 * ISN = SipHash(key, 4-tuple) + clock, the clock ticking every 64 ns
 * (Linux's ktime >> 6).  A SYN cookie is the ISN of a request that is
 * never stored: hash(4-tuple) + the client's ISN + (minute << 24) +
 * (hash(4-tuple, minute) + MSS index) mod 2^24; it is valid for two
 * minutes.  The MSS index picks one of Linux's msstab values (536, 1300,
 * 1440, 1460).  With timestamps, the low 6 bits of our TSval carry the
 * window scale and SACK-permitted of the SYN, which the final ACK echoes.
 */
#include "inet/tcp_priv.h"

/* --- SipHash-2-4 ----------------------------------------------------------- */

static inline uint64_t rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define SIPROUND                                                     \
	do {                                                         \
		v0 += v1;                                            \
		v1 = rotl(v1, 13);                                   \
		v1 ^= v0;                                            \
		v0 = rotl(v0, 32);                                   \
		v2 += v3;                                            \
		v3 = rotl(v3, 16);                                   \
		v3 ^= v2;                                            \
		v0 += v3;                                            \
		v3 = rotl(v3, 21);                                   \
		v3 ^= v0;                                            \
		v2 += v1;                                            \
		v1 = rotl(v1, 17);                                   \
		v1 ^= v2;                                            \
		v2 = rotl(v2, 32);                                   \
	} while (0)

/* SipHash-2-4 of @n 64-bit words (Linux's siphash_*u32 pack u32 pairs). */
static uint64_t siphash(const uint64_t key[2], const uint64_t *m, int n)
{
	uint64_t v0 = 0x736f6d6570736575ULL ^ key[0];
	uint64_t v1 = 0x646f72616e646f6dULL ^ key[1];
	uint64_t v2 = 0x6c7967656e657261ULL ^ key[0];
	uint64_t v3 = 0x7465646279746573ULL ^ key[1];
	uint64_t b = (uint64_t)(n * 8) << 56;

	for (int i = 0; i < n; i++) {
		v3 ^= m[i];
		SIPROUND;
		SIPROUND;
		v0 ^= m[i];
	}
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void vn_tcp_keys_init(struct vn_tcp_ns *tn)
{
	struct vn_inet *inet = tn->inet;
	uint64_t x = ((uint64_t)inet->env->hash_seed << 32) ^
		     ((uint64_t)inet->socks->rover[0] << 16) ^ 0x7c9e;

	tn->isn_key[0] = splitmix(&x);
	tn->isn_key[1] = splitmix(&x);
	tn->ts_key[0] = splitmix(&x);
	tn->ts_key[1] = splitmix(&x);
	for (int i = 0; i < 2; i++) {
		tn->cookie_key[i][0] = splitmix(&x);
		tn->cookie_key[i][1] = splitmix(&x);
	}
}

/* secure_tcp_seq(): RFC 6528 3, M + F(localip, localport, remoteip,
 * remoteport, secretkey), M a 64 ns clock. */
vn_seq vn_tcp_isn(const struct vn_tcp_ns *tn, uint32_t laddr, uint32_t raddr,
		  uint16_t lport, uint16_t rport, vn_time now)
{
	uint64_t m[2] = {
		(uint64_t)laddr << 32 | raddr,
		(uint64_t)lport << 16 | rport,
	};

	return (vn_seq)siphash(tn->isn_key, m, 2) + (vn_seq)(now >> 6);
}

/* secure_tcp_ts_off(): TSval offsets per pair of hosts. */
uint32_t vn_tcp_ts_offset(const struct vn_tcp_ns *tn, uint32_t laddr,
			  uint32_t raddr)
{
	uint64_t m = (uint64_t)laddr << 32 | raddr;

	return (uint32_t)siphash(tn->ts_key, &m, 1);
}

/* --- SYN cookies ---------------------------------------------------------------- */

#define COOKIEBITS 24
#define COOKIEMASK ((1u << COOKIEBITS) - 1)
#define MAX_SYNCOOKIE_AGE 2
#define TSBITS 6
#define TS_OPT_WSCALE_MASK 0xfu
#define TS_OPT_SACK (1u << 4)

static const uint16_t msstab[] = { 536, 1300, 1440, 1460 };

static uint32_t cookie_hash(const struct vn_tcp_ns *tn,
			    const struct tcp_seg *seg, uint32_t count, int c)
{
	/* The tuple as the client sent it: its address and port first. */
	uint64_t m[2] = {
		(uint64_t)seg->saddr << 32 | seg->daddr,
		(uint64_t)((uint32_t)seg->sport << 16 | seg->dport) << 32 |
			count,
	};

	return (uint32_t)siphash(tn->cookie_key[c], m, 2);
}

/* tcp_cookie_time(): minutes. */
static uint32_t cookie_time(vn_time now)
{
	return (uint32_t)(now / (60 * VN_SEC));
}

vn_seq vn_tcp_cookie_make(const struct vn_tcp_ns *tn,
			  const struct tcp_seg *seg, uint16_t *mss,
			  vn_time now)
{
	uint16_t in_mss = seg->opt.has_mss ? seg->opt.mss : TCP_MSS_DEFAULT;
	uint32_t count = cookie_time(now);
	uint32_t mssind = ARRAY_SIZE(msstab) - 1;

	/* The largest table entry not above the client's MSS. */
	while (mssind > 0 && msstab[mssind] > in_mss)
		mssind--;
	*mss = msstab[mssind];
	return cookie_hash(tn, seg, 0, 0) + seg->seq + (count << COOKIEBITS) +
	       ((cookie_hash(tn, seg, count, 1) + mssind) & COOKIEMASK);
}

/* Return: the MSS the cookie in the ACK of @seg encodes, 0 if invalid. */
uint16_t vn_tcp_cookie_check(const struct vn_tcp_ns *tn,
			     const struct tcp_seg *seg, vn_time now)
{
	uint32_t count = cookie_time(now);
	uint32_t cookie = seg->ack - 1;
	uint32_t diff, mssind;

	cookie -= cookie_hash(tn, seg, 0, 0) + (seg->seq - 1);
	diff = (count - (cookie >> COOKIEBITS)) & ((uint32_t)-1 >> COOKIEBITS);
	if (diff >= MAX_SYNCOOKIE_AGE)
		return 0;
	mssind = (cookie - cookie_hash(tn, seg, count - diff, 1)) & COOKIEMASK;
	return mssind < ARRAY_SIZE(msstab) ? msstab[mssind] : 0;
}

/* cookie_init_timestamp(): the options in the TSval's low bits. */
uint32_t vn_tcp_cookie_ts(bool sack, bool wscale_ok, uint8_t wscale,
			  uint32_t ts_now)
{
	uint32_t options = wscale_ok ? wscale : TS_OPT_WSCALE_MASK;
	uint32_t ts;

	if (sack)
		options |= TS_OPT_SACK;
	ts = (ts_now >> TSBITS) << TSBITS;
	ts |= options;
	if (ts > ts_now)
		ts -= 1u << TSBITS;
	return ts;
}

/* cookie_timestamp_decode(). */
bool vn_tcp_cookie_ts_decode(uint32_t ecr, bool *sack, bool *wscale_ok,
			     uint8_t *wscale)
{
	*sack = ecr & TS_OPT_SACK;
	if ((ecr & TS_OPT_WSCALE_MASK) == TS_OPT_WSCALE_MASK) {
		*wscale_ok = false;
		*wscale = 0;
		return true;
	}
	*wscale_ok = true;
	*wscale = (uint8_t)(ecr & TS_OPT_WSCALE_MASK);
	return *wscale <= VN_TCP_MAX_WSCALE;
}
