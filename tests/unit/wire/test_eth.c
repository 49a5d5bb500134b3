// SPDX-License-Identifier: MIT
/*
 * tests/unit/wire/test_eth.c - Ethernet headers and MAC addresses
 * (wire/eth.h, wire/eth.c), on real frames from frames.h.
 */
#include "helpers.h"

#include "frames.h"
#include "wire/eth.h"

static void test_eth_decode_real_frames(void **state)
{
	static const uint8_t a_mac[6] = { 0xbe, 0x59, 0x22, 0xa4, 0xd4, 0x5f };
	static const uint8_t r_mac[6] = { 0x02, 0, 0, 0, 0, 0xfe };

	(void)state;
	assert_true(vn_eth_check(arp_request, sizeof(arp_request)));
	assert_true(vn_mac_is_broadcast(vn_eth_dst(arp_request)));
	assert_memory_equal(vn_eth_src(arp_request), a_mac, 6);
	assert_int_equal(vn_eth_type(arp_request), VN_ETH_P_ARP);

	assert_true(vn_eth_check(icmp_echo_request, sizeof(icmp_echo_request)));
	assert_memory_equal(vn_eth_dst(icmp_echo_request), r_mac, 6);
	assert_memory_equal(vn_eth_src(icmp_echo_request), a_mac, 6);
	assert_int_equal(vn_eth_type(icmp_echo_request), VN_ETH_P_IP);
}

static void test_eth_emit_rebuilds_bytes(void **state)
{
	static const struct {
		const uint8_t *p;
		size_t len;
	} frames[] = {
		{ arp_request, sizeof(arp_request) },
		{ arp_reply, sizeof(arp_reply) },
		{ icmp_echo_request, sizeof(icmp_echo_request) },
		{ udp_datagram, sizeof(udp_datagram) },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(frames); i++) {
		const uint8_t *p = frames[i].p;
		uint8_t out[VN_ETH_HLEN];
		uint8_t dst[6], src[6];

		memcpy(dst, vn_eth_dst(p), 6);
		memcpy(src, vn_eth_src(p), 6);
		memset(out, 0xa5, sizeof(out));
		vn_eth_emit(out, dst, src, vn_eth_type(p));
		assert_memory_equal(out, p, VN_ETH_HLEN);
	}
}

static void test_eth_check_refuses_every_cut(void **state)
{
	(void)state;
	for (size_t len = 0; len < VN_ETH_HLEN; len++) {
		uint8_t *c = frame_cut(arp_request, len);

		assert_false(vn_eth_check(c, len));
		free(c);
	}
	for (size_t len = VN_ETH_HLEN; len <= sizeof(arp_request); len++) {
		uint8_t *c = frame_cut(arp_request, len);

		/* After check, the getters stay inside the cut (ASan). */
		assert_true(vn_eth_check(c, len));
		assert_int_equal(vn_eth_type(c), VN_ETH_P_ARP);
		assert_true(vn_mac_is_broadcast(vn_eth_dst(c)));
		free(c);
	}
}

static void test_eth_mac_classes(void **state)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	static const uint8_t stp[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };
	static const uint8_t lldp[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e };
	static const uint8_t not_ll[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x10 };
	static const uint8_t zero[6] = { 0 };
	static const uint8_t uni[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	static const uint8_t almost[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe };

	(void)state;
	assert_true(vn_mac_is_broadcast(bcast));
	assert_true(vn_mac_is_multicast(bcast));
	assert_false(vn_mac_is_broadcast(almost));
	assert_true(vn_mac_is_multicast(almost));
	assert_true(vn_mac_is_multicast(mcast));
	assert_false(vn_mac_is_broadcast(mcast));
	assert_true(vn_mac_is_zero(zero));
	assert_false(vn_mac_is_valid(zero));
	assert_false(vn_mac_is_valid(mcast));
	assert_true(vn_mac_is_valid(uni));
	/* 802.1D: 01-80-C2-00-00-00 .. 0F are link-local, 10 is not. */
	assert_true(vn_mac_is_link_local(stp));
	assert_true(vn_mac_is_link_local(lldp));
	assert_false(vn_mac_is_link_local(not_ll));
	assert_false(vn_mac_is_link_local(mcast));
	assert_true(vn_mac_equal(uni, uni));
	assert_false(vn_mac_equal(uni, zero));
	assert_true(vn_mac_cmp(zero, uni) < 0);
	assert_int_equal(vn_mac_to_u64(uni), 0x020000000001ULL);
	assert_int_equal(vn_mac_to_u64(bcast), 0xffffffffffffULL);
}

static void test_eth_mac_text_forms(void **state)
{
	static const uint8_t a_mac[6] = { 0xbe, 0x59, 0x22, 0xa4, 0xd4, 0x5f };
	static const char *const bad[] = {
		"", "be:59:22:a4:d4", "be:59:22:a4:d4:5f:00", "be:59:22:a4:d4:",
		"be-59-22-a4-d4-5f", "bg:59:22:a4:d4:5f", "be:59:22:a4:d4:5f ",
		" be:59:22:a4:d4:5f", "be::59:22:a4:d4", "be:592:22:a4:d4:5f",
		":be:59:22:a4:d4",
	};
	char text[VN_MAC_STRLEN];
	uint8_t mac[6];

	(void)state;
	assert_string_equal(vn_mac_format(text, a_mac), "be:59:22:a4:d4:5f");
	assert_int_equal(vn_mac_parse("be:59:22:a4:d4:5f", mac), 0);
	assert_memory_equal(mac, a_mac, 6);
	assert_int_equal(vn_mac_parse("BE:59:22:A4:D4:5F", mac), 0);
	assert_memory_equal(mac, a_mac, 6);
	/* One hex digit per byte, as iproute2's ll_addr_a2n() reads it. */
	assert_int_equal(vn_mac_parse("2:0:0:0:0:a", mac), 0);
	assert_int_equal(mac[0], 2);
	assert_int_equal(mac[5], 10);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(vn_mac_parse(bad[i], mac), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_heap_setup, \
						vn_test_heap_teardown)
		T(test_eth_decode_real_frames),
		T(test_eth_emit_rebuilds_bytes),
		T(test_eth_check_refuses_every_cut),
		T(test_eth_mac_classes),
		T(test_eth_mac_text_forms),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
