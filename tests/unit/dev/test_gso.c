// SPDX-License-Identifier: MIT
/*
 * tests/unit/dev/test_gso.c - software checksum and segmentation offload
 * (dev/gso.c) and the virtio-net header mapping (dev/vnet_hdr.c).
 *
 * The GSO frames are built the way a Linux TCP sender hands them to a TAP
 * with TSO on (tcp_gso_segment()'s input): one set of headers, IPv4 total
 * length covering all the payload, the TCP checksum field holding only
 * the pseudo-header sum (CHECKSUM_PARTIAL), csum_start at the TCP header.
 * Every segment is checked against a linear model: the payload pieces in
 * order make the original payload, sequence numbers advance by the MSS,
 * every checksum verifies from scratch, FIN/PSH only on the last segment,
 * CWR only on the first.
 */
#include "helpers.h"

#include "dev/gso.h"
#include "dev/vnet_hdr.h"
#include "wire/csum.h"
#include "wire/ipv4.h"

static const uint8_t mac_a[6] = { 0x02, 0, 0, 0, 0, 0x0a };
static const uint8_t mac_b[6] = { 0x02, 0, 0, 0, 0, 0x0b };

#define TCP_OPT_LEN 12	/* timestamps, as Linux sends them */

struct frame_spec {
	bool v6;
	bool udp;
	uint32_t payload;
	uint16_t mss;
	uint8_t tcp_flags;
	bool vlan;
};

static uint8_t payload_byte(uint32_t i)
{
	return (uint8_t)(i * 7 + (i >> 8));
}

static uint32_t l3_off(const struct frame_spec *f)
{
	return VN_ETH_HLEN + (f->vlan ? 4 : 0);
}

static uint32_t l4_off(const struct frame_spec *f)
{
	return l3_off(f) + (f->v6 ? 40 : 20);
}

static uint32_t hdr_len(const struct frame_spec *f)
{
	return l4_off(f) + (f->udp ? 8 : 20 + TCP_OPT_LEN);
}

/* The pseudo-header sum of the frame's addresses for @l4_len bytes. */
static uint32_t pseudo(const uint8_t *p, const struct frame_spec *f,
		       uint32_t l4_len)
{
	const uint8_t *ip = p + l3_off(f);
	uint8_t proto = f->udp ? 17 : 6;

	if (!f->v6)
		return vn_csum_pseudo(vn_ipv4_src(ip), vn_ipv4_dst(ip), proto,
				      (uint16_t)l4_len);
	return vn_csum_add(0, ip + 8, 32) + (l4_len >> 16) +
	       (l4_len & 0xffff) + proto;
}

/* A frame with @f's shape; GSO if f->mss, partial checksum always. */
static struct vn_buf *gso_frame(struct vn_test_env *t,
				const struct frame_spec *f)
{
	uint32_t len = hdr_len(f) + f->payload, l3 = l3_off(f), l4 = l4_off(f);
	struct vn_buf *buf = vn_buf_alloc(t->env.pool, len);
	uint8_t *p, *ip, *th;

	assert_non_null(buf);
	p = vn_buf_put(buf, len);
	memset(p, 0, hdr_len(f));
	vn_eth_emit(p, mac_b, mac_a, f->vlan ? VN_ETH_P_8021Q :
				     f->v6 ? VN_ETH_P_IPV6 : VN_ETH_P_IP);
	if (f->vlan) {
		vn_store_be16(p + 14, 100);
		vn_store_be16(p + 16, f->v6 ? VN_ETH_P_IPV6 : VN_ETH_P_IP);
	}
	ip = p + l3;
	if (f->v6) {
		ip[0] = 0x60;
		vn_store_be16(ip + 4, (uint16_t)(len - l3 - 40));
		ip[6] = f->udp ? 17 : 6;
		ip[7] = 64;
		ip[8] = 0xfd;
		ip[23] = 1;
		ip[24] = 0xfd;
		ip[39] = 2;
	} else {
		ip[0] = 0x45;
		vn_ipv4_set_tot_len(ip, (uint16_t)(len - l3));
		vn_store_be16(ip + VN_IPV4_ID, 0x1234);
		vn_ipv4_set_frag(ip, VN_IP_DF);
		ip[VN_IPV4_TTL] = 64;
		ip[VN_IPV4_PROTO] = f->udp ? 17 : 6;
		vn_ipv4_set_src(ip, 0x0a000001);
		vn_ipv4_set_dst(ip, 0x0a000002);
		vn_ipv4_fill_csum(ip);
	}
	th = p + l4;
	vn_store_be16(th, 40000);
	vn_store_be16(th + 2, 5201);
	if (f->udp) {
		vn_store_be16(th + 4, (uint16_t)(len - l4));
	} else {
		vn_store_be32(th + 4, 0xfffff000);	/* wraps mid-way */
		vn_store_be32(th + 8, 77);
		th[12] = (uint8_t)((20 + TCP_OPT_LEN) / 4) << 4;
		th[13] = f->tcp_flags;
		vn_store_be16(th + 14, 502);
		th[20] = 1;	/* NOP NOP TS */
		th[21] = 1;
		th[22] = 8;
		th[23] = 10;
	}
	for (uint32_t i = 0; i < f->payload; i++)
		p[hdr_len(f) + i] = payload_byte(i);
	/* CHECKSUM_PARTIAL: the field holds the folded pseudo-header sum. */
	{
		uint32_t s = pseudo(p, f, len - l4);
		uint16_t field = (uint16_t)~vn_csum_fold(s);

		vn_store_be16(th + (f->udp ? 6 : 16), field);
	}
	buf->csum_start = (uint16_t)(vn_buf_offset(buf, p) + l4);
	buf->csum_offset = f->udp ? 6 : 16;
	if (f->mss) {
		buf->gso_size = f->mss;
		buf->gso_type = f->udp ? VN_GSO_UDP_L4 :
			f->v6 ? VN_GSO_TCPV6 : VN_GSO_TCPV4;
	}
	return buf;
}

/* Does the L4 checksum of this (plain) segment verify from scratch? */
static void assert_l4_csum(const struct vn_buf *seg, const struct frame_spec *f)
{
	uint32_t l4 = l4_off(f);
	uint32_t sum = pseudo(seg->data, f, seg->len - l4);

	assert_int_equal(vn_csum_fold(vn_csum_add(sum, seg->data + l4,
						  seg->len - l4)), 0);
}

/* Cuts @f's frame with @features 0 and checks every segment. */
static void check_segments(struct vn_test_env *t, const struct frame_spec *f)
{
	struct vn_buf *buf = gso_frame(t, f), *seg;
	uint32_t n = (f->payload + f->mss - 1) / f->mss, i = 0, off = 0;
	struct vn_bufq q;

	vn_bufq_init(&q);
	assert_int_equal(vn_gso_resolve(buf, 0, &q), 0);
	assert_int_equal(q.len, n);
	while ((seg = vn_bufq_pop(&q))) {
		uint32_t plen = seg->len - hdr_len(f);
		const uint8_t *ip = seg->data + l3_off(f);
		const uint8_t *th = seg->data + l4_off(f);

		assert_false(vn_buf_offloaded(seg));
		assert_int_equal(plen, VN_MIN((uint32_t)f->mss, f->payload - off));
		for (uint32_t k = 0; k < plen; k++)
			assert_int_equal(seg->data[hdr_len(f) + k],
					 payload_byte(off + k));
		if (f->v6) {
			assert_int_equal(vn_load_be16(ip + 4),
					 seg->len - l3_off(f) - 40);
		} else {
			assert_int_equal(vn_ipv4_tot_len(ip),
					 seg->len - l3_off(f));
			assert_int_equal(vn_ipv4_id(ip), (0x1234 + i) & 0xffff);
			assert_int_equal(vn_csum(ip, 20), 0);
		}
		if (f->udp) {
			assert_int_equal(vn_load_be16(th + 4),
					 seg->len - l4_off(f));
		} else {
			uint8_t fl = th[13];

			assert_int_equal(vn_load_be32(th + 4),
					 (uint32_t)(0xfffff000u + off));
			assert_int_equal(!!(fl & 0x09), i + 1 == n &&
						   (f->tcp_flags & 0x09));
			assert_int_equal(!!(fl & 0x80),
					 i == 0 && (f->tcp_flags & 0x80));
			assert_int_equal(fl & 0x10, 0x10);	/* ACK stays */
		}
		assert_l4_csum(seg, f);
		off += plen;
		i++;
		vn_buf_free(seg);
	}
	assert_int_equal(off, f->payload);
}

static void test_gso_tcp4_segments(void **state)
{
	struct frame_spec f = { .payload = 10000, .mss = 1448,
				.tcp_flags = 0x18 | 0x01 | 0x80 };

	check_segments(*state, &f);
}

static void test_gso_tcp4_max_frame(void **state)
{
	/* 64 KiB of IP: what a TAP with TSO delivers at most. */
	struct frame_spec f = { .payload = 65535 - 20 - 32, .mss = 1448,
				.tcp_flags = 0x10 };

	check_segments(*state, &f);
}

static void test_gso_tcp6_segments(void **state)
{
	struct frame_spec f = { .v6 = true, .payload = 5000, .mss = 1428,
				.tcp_flags = 0x18 };

	check_segments(*state, &f);
}

static void test_gso_vlan_tagged(void **state)
{
	struct frame_spec f = { .vlan = true, .payload = 3000, .mss = 1000,
				.tcp_flags = 0x10 };

	check_segments(*state, &f);
}

static void test_gso_udp_l4_segments(void **state)
{
	struct frame_spec f = { .udp = true, .payload = 4000, .mss = 1200 };

	check_segments(*state, &f);
}

static void test_gso_fits_passes_whole(void **state)
{
	struct vn_test_env *t = *state;
	struct frame_spec f = { .payload = 10000, .mss = 1448, .tcp_flags = 0x10 };
	struct vn_buf *buf = gso_frame(t, &f);
	struct vn_bufq q;

	vn_bufq_init(&q);
	assert_true(vn_gso_fits(buf, VN_DEV_F_CSUM | VN_DEV_F_TSO4));
	assert_false(vn_gso_fits(buf, VN_DEV_F_CSUM | VN_DEV_F_TSO6));
	assert_false(vn_gso_fits(buf, VN_DEV_F_TSO4));
	assert_int_equal(vn_gso_resolve(buf, VN_DEV_F_ALL, &q), 0);
	assert_int_equal(q.len, 1);
	assert_ptr_equal(vn_bufq_pop(&q), buf);
	assert_true(vn_buf_is_gso(buf));
	vn_buf_free(buf);
}

static void test_gso_partial_csum_finished(void **state)
{
	struct vn_test_env *t = *state;
	struct frame_spec f = { .udp = true, .payload = 300 };
	struct vn_buf *buf = gso_frame(t, &f), *clone;
	struct vn_bufq q;

	/* A clone shares the block: finishing must not write into it. */
	clone = vn_buf_clone(buf);
	assert_non_null(clone);
	vn_bufq_init(&q);
	assert_int_equal(vn_gso_resolve(buf, 0, &q), 0);
	buf = vn_bufq_pop(&q);
	assert_false(vn_buf_offloaded(buf));
	assert_l4_csum(buf, &f);
	assert_ptr_not_equal(buf->block, clone->block);
	assert_true(vn_buf_csum_partial(clone));
	/* With the offload the device takes it as it is. */
	assert_int_equal(vn_gso_resolve(clone, VN_DEV_F_CSUM, &q), 0);
	assert_ptr_equal(vn_bufq_pop(&q), clone);
	vn_buf_free(clone);
	vn_buf_free(buf);
}

static void test_gso_short_frame_is_one_segment(void **state)
{
	struct vn_test_env *t = *state;
	struct frame_spec f = { .payload = 1000, .mss = 1448, .tcp_flags = 0x18 };
	struct vn_buf *buf = gso_frame(t, &f);
	struct vn_bufq q;

	vn_bufq_init(&q);
	assert_int_equal(vn_gso_resolve(buf, 0, &q), 0);
	assert_int_equal(q.len, 1);
	buf = vn_bufq_pop(&q);
	assert_false(vn_buf_offloaded(buf));
	assert_l4_csum(buf, &f);
	vn_buf_free(buf);
}

static void test_gso_bad_metadata_dropped(void **state)
{
	struct vn_test_env *t = *state;
	struct frame_spec f = { .payload = 3000, .mss = 1000, .tcp_flags = 0x10 };
	uint64_t before = vn_pool_drop_stats(t->env.pool)->n[VN_DROP_OFFLOAD_BAD];
	struct vn_buf *buf;
	struct vn_bufq q;

	vn_bufq_init(&q);
	/* TCPv6 metadata on an IPv4 frame. */
	buf = gso_frame(t, &f);
	buf->gso_type = VN_GSO_TCPV6;
	assert_int_equal(vn_gso_check(buf), VN_DROP_OFFLOAD_BAD);
	assert_int_equal(vn_gso_resolve(buf, 0, &q), VN_DROP_OFFLOAD_BAD);
	/* csum_start inside the IP header. */
	buf = gso_frame(t, &f);
	buf->csum_start -= 4;
	assert_int_equal(vn_gso_resolve(buf, 0, &q), VN_DROP_OFFLOAD_BAD);
	/* A checksum field beyond the frame. */
	buf = gso_frame(t, &f);
	buf->gso_size = 0;
	buf->gso_type = VN_GSO_NONE;
	buf->csum_offset = 60000;
	assert_int_equal(vn_gso_resolve(buf, 0, &q), VN_DROP_OFFLOAD_BAD);
	/* Every cut length of a GSO frame is refused or cut correctly. */
	for (uint32_t cut = 0; cut < hdr_len(&f) + 10; cut++) {
		buf = gso_frame(t, &f);
		vn_buf_trim(buf, cut);
		if (vn_gso_resolve(buf, 0, &q) == 0)
			vn_bufq_purge(&q, VN_DROP_NOT_SPECIFIED);
	}
	assert_int_equal(q.len, 0);
	assert_true(vn_pool_drop_stats(t->env.pool)->n[VN_DROP_OFFLOAD_BAD] >=
		    before + 3);
}

static void test_gso_vnet_hdr_round_trip(void **state)
{
	struct vn_test_env *t = *state;
	struct frame_spec f = { .payload = 3000, .mss = 1448, .tcp_flags = 0x10 };
	struct vn_buf *buf = gso_frame(t, &f);
	struct vn_buf *copy = vn_buf_alloc(t->env.pool, buf->len);
	uint8_t h[VN_VNET_HDR_LEN], h2[VN_VNET_HDR_LEN];

	buf->gso_ecn = true;
	vn_vnet_hdr_emit(h, sizeof(h), buf);
	assert_int_equal(h[0], VN_VNET_F_NEEDS_CSUM);
	assert_int_equal(h[1], VN_VNET_GSO_TCPV4 | VN_VNET_GSO_ECN);
	assert_int_equal(h[4] | h[5] << 8, 1448);
	assert_int_equal(h[6] | h[7] << 8, l4_off(&f));
	assert_int_equal(h[8] | h[9] << 8, 16);
	memcpy(vn_buf_put(copy, buf->len), buf->data, buf->len);
	assert_int_equal(vn_vnet_hdr_parse(h, copy), 0);
	vn_vnet_hdr_emit(h2, sizeof(h2), copy);
	assert_memory_equal(h, h2, sizeof(h));
	/* UFO is gone from Linux: refused. */
	copy->gso_size = 0;
	copy->gso_type = VN_GSO_NONE;
	h[1] = VN_VNET_GSO_UDP;
	assert_int_equal(vn_vnet_hdr_parse(h, copy), VN_DROP_OFFLOAD_BAD);
	/* A plain frame has an all-zero header. */
	memset(h, 0xff, sizeof(h));
	buf->gso_size = 0;
	buf->gso_type = VN_GSO_NONE;
	buf->csum_start = VN_BUF_NO_OFFSET;
	vn_vnet_hdr_emit(h, sizeof(h), buf);
	for (size_t i = 0; i < sizeof(h); i++)
		assert_int_equal(h[i], 0);
	vn_buf_free(copy);
	vn_buf_free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_env_setup, \
					      vn_test_env_teardown)
		T(test_gso_tcp4_segments),
		T(test_gso_tcp4_max_frame),
		T(test_gso_tcp6_segments),
		T(test_gso_vlan_tagged),
		T(test_gso_udp_l4_segments),
		T(test_gso_fits_passes_whole),
		T(test_gso_partial_csum_finished),
		T(test_gso_short_frame_is_one_segment),
		T(test_gso_bad_metadata_dropped),
		T(test_gso_vnet_hdr_round_trip),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
