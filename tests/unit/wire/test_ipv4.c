// SPDX-License-Identifier: MIT
/*
 * tests/unit/wire/test_ipv4.c - the IPv4 header view (wire/ipv4.h,
 * wire/ipv4.c), on real datagrams from frames.h: decode, rebuild byte for
 * byte, and cut at every length expecting check() to refuse (run under
 * ASan: make SAN=1 build-san/tests/wire/test_ipv4).
 */
#include "helpers.h"

#include "frames.h"
#include "wire/ipv4.h"

struct frame {
	const char *name;
	const uint8_t *p;	/* the Ethernet frame */
	size_t len;
};

#define FRAME(x) { #x, x, sizeof(x) }

static const struct frame ip_frames[] = {
	FRAME(icmp_echo_request),
	FRAME(icmp_echo_reply),
	FRAME(ipv4_last_fragment),
	FRAME(icmp_time_exceeded),
	FRAME(udp_datagram),
	FRAME(icmp_port_unreach),
	FRAME(ipv4_rr_echo),
};

static void test_ipv4_decode_echo_request(void **state)
{
	const uint8_t *ip = icmp_echo_request + VN_ETH_HLEN;

	(void)state;
	assert_int_equal(vn_ipv4_check(ip, sizeof(icmp_echo_request) -
					   VN_ETH_HLEN), 0);
	assert_int_equal(vn_ipv4_version(ip), 4);
	assert_int_equal(vn_ipv4_hlen(ip), 20);
	assert_int_equal(vn_ipv4_tos(ip), 0);
	assert_int_equal(vn_ipv4_tot_len(ip), 84);
	assert_int_equal(vn_ipv4_id(ip), 0x2f57);
	assert_int_equal(vn_ipv4_frag(ip), VN_IP_DF);
	assert_false(vn_ipv4_is_fragment(ip));
	assert_int_equal(vn_ipv4_ttl(ip), 64);
	assert_int_equal(vn_ipv4_proto(ip), VN_IPPROTO_ICMP);
	assert_int_equal(vn_ipv4_csum(ip), 0xf653);
	assert_int_equal(vn_ipv4_src(ip), 0x0a000001);
	assert_int_equal(vn_ipv4_dst(ip), 0x0a0000fe);
}

static void test_ipv4_decode_fragment(void **state)
{
	const uint8_t *ip = ipv4_last_fragment + VN_ETH_HLEN;
	uint8_t *c;

	(void)state;
	assert_int_equal(vn_ipv4_check(ip, 68), 0);
	assert_true(vn_ipv4_is_fragment(ip));
	assert_false(vn_ipv4_more_frags(ip));
	assert_int_equal(vn_ipv4_frag_off(ip), 2960);	/* 0x172 * 8 */
	assert_int_equal(vn_ipv4_tot_len(ip), 68);

	/* The same with MF set: a middle fragment. */
	c = frame_cut(ip, 68);
	vn_ipv4_set_frag(c, VN_IP_MF | 0x172);
	assert_true(vn_ipv4_more_frags(c));
	assert_int_equal(vn_ipv4_frag_off(c), 2960);
	/* Offset 0 with MF: the first fragment is a fragment too. */
	vn_ipv4_set_frag(c, VN_IP_MF);
	assert_true(vn_ipv4_is_fragment(c));
	vn_ipv4_set_frag(c, VN_IP_DF);
	assert_false(vn_ipv4_is_fragment(c));
	free(c);
}

static void test_ipv4_decode_options(void **state)
{
	const uint8_t *ip = ipv4_rr_echo + VN_ETH_HLEN;

	(void)state;
	assert_int_equal(vn_ipv4_check(ip, sizeof(ipv4_rr_echo) - VN_ETH_HLEN),
			 0);
	assert_int_equal(vn_ipv4_hlen(ip), 60);
	assert_int_equal(vn_ipv4_tot_len(ip), 76);
	assert_int_equal(ip[20], 1);	/* NOP */
	assert_int_equal(ip[21], 7);	/* record route */
	assert_int_equal(ip[22], 39);	/* its length */
	assert_int_equal(vn_load_be32(ip + 24), 0xc0a80701);
	assert_int_equal(vn_ipv4_src(ip), 0xc0a80701);
	assert_int_equal(vn_ipv4_dst(ip), 0xc0a80702);
}

static void test_ipv4_emit_rebuilds_bytes(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ip_frames); i++) {
		const uint8_t *ip = ip_frames[i].p + VN_ETH_HLEN;
		uint32_t hlen = vn_ipv4_hlen(ip);
		uint8_t out[VN_IPV4_MAX_HLEN];
		struct vn_ipv4_repr r = {
			.tos = vn_ipv4_tos(ip),
			.ttl = vn_ipv4_ttl(ip),
			.proto = vn_ipv4_proto(ip),
			.id = vn_ipv4_id(ip),
			.frag = vn_ipv4_frag(ip),
			.src = vn_ipv4_src(ip),
			.dst = vn_ipv4_dst(ip),
			.payload_len = (uint16_t)(vn_ipv4_tot_len(ip) - hlen),
		};

		memset(out, 0xa5, sizeof(out));
		vn_ipv4_emit(out, &r);
		if (hlen > VN_IPV4_HLEN) {
			/* emit writes no options: add them, then the sum. */
			out[VN_IPV4_VER_IHL] = (uint8_t)(0x40 | hlen / 4);
			memcpy(out + VN_IPV4_HLEN, ip + VN_IPV4_HLEN,
			       hlen - VN_IPV4_HLEN);
			vn_ipv4_set_tot_len(out, vn_ipv4_tot_len(ip));
			vn_ipv4_fill_csum(out);
		}
		if (memcmp(out, ip, hlen))
			fail_msg("%s: rebuilt header differs", ip_frames[i].name);
		/* Without options, emit writes exactly 20 bytes. */
		if (hlen == VN_IPV4_HLEN)
			assert_int_equal(out[VN_IPV4_HLEN], 0xa5);
	}
}

static void test_ipv4_check_refuses_every_cut(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ip_frames); i++) {
		const uint8_t *ip = ip_frames[i].p + VN_ETH_HLEN;
		size_t avail = ip_frames[i].len - VN_ETH_HLEN;
		size_t tot = vn_ipv4_tot_len(ip);

		for (size_t len = 0; len < tot; len++) {
			uint8_t *c = frame_cut(ip, len);
			enum vn_drop_reason why = vn_ipv4_check(c, len);

			if (len < vn_ipv4_hlen(ip))
				assert_int_equal(why, VN_DROP_IP_TRUNCATED);
			else
				assert_int_equal(why, VN_DROP_IP_BAD_LENGTH);
			free(c);
		}
		/* Whole, or with Ethernet padding after it: accepted. */
		for (size_t len = tot; len <= avail; len++) {
			uint8_t *c = frame_cut(ip, len);

			assert_int_equal(vn_ipv4_check(c, len), 0);
			/* Every getter stays inside [c, c+len) (ASan). */
			(void)(vn_ipv4_src(c) + vn_ipv4_dst(c) +
			       vn_ipv4_frag_off(c) + vn_ipv4_csum(c));
			free(c);
		}
	}
}

/* Checks a copy of @ip with byte @off set to @val (re-summed if @resum). */
static enum vn_drop_reason check_mutated(const uint8_t *ip, size_t len,
					 size_t off, uint8_t val, bool resum)
{
	uint8_t *c = frame_cut(ip, len);
	enum vn_drop_reason why;

	c[off] = val;
	if (resum && vn_ipv4_hlen(c) >= VN_IPV4_HLEN && vn_ipv4_hlen(c) <= len)
		vn_ipv4_fill_csum(c);
	why = vn_ipv4_check(c, len);
	free(c);
	return why;
}

static void test_ipv4_check_reasons(void **state)
{
	const uint8_t *ip = icmp_echo_request + VN_ETH_HLEN;
	size_t len = 84;

	(void)state;
	/* In ip_rcv_core()'s order: version/IHL, room, checksum, length. */
	assert_int_equal(check_mutated(ip, len, 0, 0x65, true),
			 VN_DROP_IP_BAD_VERSION);
	assert_int_equal(check_mutated(ip, len, 0, 0x44, false),
			 VN_DROP_IP_BAD_IHL);
	assert_int_equal(check_mutated(ip, len, 0, 0x40, false),
			 VN_DROP_IP_BAD_IHL);
	/* IHL 15 claims 60 bytes: present here, but the sum is wrong. */
	assert_int_equal(check_mutated(ip, len, 0, 0x4f, false),
			 VN_DROP_IP_CSUM);
	assert_int_equal(check_mutated(ip, 40, 0, 0x4f, false),
			 VN_DROP_IP_TRUNCATED);
	assert_int_equal(check_mutated(ip, len, VN_IPV4_TTL, 63, false),
			 VN_DROP_IP_CSUM);
	assert_int_equal(check_mutated(ip, len, VN_IPV4_CSUM, 0xf7, false),
			 VN_DROP_IP_CSUM);
	/* tot_len 19 (< header) and 0x0100 (> data), re-summed. */
	assert_int_equal(check_mutated(ip, len, VN_IPV4_TOT_LEN + 1, 19, true),
			 VN_DROP_IP_BAD_LENGTH);
	assert_int_equal(check_mutated(ip, len, VN_IPV4_TOT_LEN, 1, true),
			 VN_DROP_IP_BAD_LENGTH);
	/* A re-summed header with a changed TTL is fine. */
	assert_int_equal(check_mutated(ip, len, VN_IPV4_TTL, 1, true), 0);
}

static void test_ipv4_dec_ttl_keeps_checksum_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ip_frames); i++) {
		const uint8_t *ip = ip_frames[i].p + VN_ETH_HLEN;
		size_t len = vn_ipv4_tot_len(ip);
		uint8_t *c = frame_cut(ip, len);
		uint8_t *d = frame_cut(ip, len);

		while (vn_ipv4_ttl(c) > 1) {
			vn_ipv4_dec_ttl(c);
			d[VN_IPV4_TTL]--;
			vn_ipv4_fill_csum(d);
			assert_int_equal(vn_ipv4_check(c, len), 0);
			assert_memory_equal(c, d, vn_ipv4_hlen(c));
		}
		free(c);
		free(d);
	}
}

static void test_ipv4_address_text(void **state)
{
	static const char *const bad_prefix[] = {
		"", "10.0.0.1/", "10.0.0.1/33", "10.0.0.1/-1", "10.0.0.1/x",
		"10.0.0.1/24x", "/24", "10.0.0/24", "256.0.0.1/8",
		"10.0.0.1.1/8",
		"1234567890123456789012345678901234567890123456789012345678901234/8",
	};
	char text[VN_IPV4_STRLEN];
	uint32_t a;
	unsigned plen;

	(void)state;
	assert_string_equal(vn_ipv4_format(text, 0x0a0000fe), "10.0.0.254");
	assert_string_equal(vn_ipv4_format(text, 0xffffffff),
			    "255.255.255.255");
	assert_string_equal(vn_ipv4_format(text, 0), "0.0.0.0");
	assert_int_equal(vn_ipv4_parse("192.168.7.2", &a), 0);
	assert_int_equal(a, 0xc0a80702);
	/* inet_pton(): four decimal parts only. */
	assert_int_equal(vn_ipv4_parse("10.1", &a), -EINVAL);
	assert_int_equal(vn_ipv4_parse("0x0a.0.0.1", &a), -EINVAL);
	assert_int_equal(vn_ipv4_parse("10.0.0.256", &a), -EINVAL);
	assert_int_equal(vn_ipv4_parse("", &a), -EINVAL);

	assert_int_equal(vn_ipv4_parse_prefix("10.0.0.1/24", &a, &plen), 0);
	assert_int_equal(a, 0x0a000001);
	assert_int_equal(plen, 24);
	assert_int_equal(vn_ipv4_parse_prefix("10.0.0.1", &a, &plen), 0);
	assert_int_equal(plen, 32);
	assert_int_equal(vn_ipv4_parse_prefix("0.0.0.0/0", &a, &plen), 0);
	assert_int_equal(plen, 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad_prefix); i++)
		if (vn_ipv4_parse_prefix(bad_prefix[i], &a, &plen) != -EINVAL)
			fail_msg("accepted \"%s\"", bad_prefix[i]);
}

static void test_ipv4_address_classes(void **state)
{
	(void)state;
	assert_int_equal(vn_ipv4_prefix_mask(0), 0);
	assert_int_equal(vn_ipv4_prefix_mask(1), 0x80000000);
	assert_int_equal(vn_ipv4_prefix_mask(24), 0xffffff00);
	assert_int_equal(vn_ipv4_prefix_mask(32), 0xffffffff);
	assert_true(vn_ipv4_is_multicast(0xe0000001));
	assert_true(vn_ipv4_is_multicast(0xefffffff));
	assert_false(vn_ipv4_is_multicast(0xf0000000));
	assert_false(vn_ipv4_is_multicast(0xdfffffff));
	assert_true(vn_ipv4_is_lbcast(0xffffffff));
	assert_false(vn_ipv4_is_lbcast(0x0a0000ff));
	assert_true(vn_ipv4_is_zeronet(0x00ffffff));
	assert_false(vn_ipv4_is_zeronet(0x01000000));
	assert_true(vn_ipv4_is_loopback(0x7f000001));
	assert_true(vn_ipv4_is_loopback(0x7fffffff));
	assert_false(vn_ipv4_is_loopback(0x80000000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_heap_setup, \
						vn_test_heap_teardown)
		T(test_ipv4_decode_echo_request),
		T(test_ipv4_decode_fragment),
		T(test_ipv4_decode_options),
		T(test_ipv4_emit_rebuilds_bytes),
		T(test_ipv4_check_refuses_every_cut),
		T(test_ipv4_check_reasons),
		T(test_ipv4_dec_ttl_keeps_checksum_valid),
		T(test_ipv4_address_text),
		T(test_ipv4_address_classes),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
