// SPDX-License-Identifier: MIT
/*
 * tests/unit/wire/test_vlan.c - 802.1Q/802.1ad tags (wire/vlan.h).
 *
 * The frames are frames 2 and 4 of tests/unit/capture/data/
 * corpus-crafted.pcap, which tcpdump 4.99 decodes as "vlan 20, p 5,
 * ethertype IPv4 ... ICMP echo request" and "ethertype 802.1Q-QinQ
 * (0x88a8) ... vlan 100, p 0, ethertype 802.1Q (0x8100), vlan 10, p 0,
 * ethertype IPv4".  Decoded, rebuilt byte for byte, cut at every length.
 */
#include "helpers.h"

#include "frames.h"
#include "wire/vlan.h"

static const uint8_t tagged_echo[102] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0xfe, 0xbe, 0x59, 0x22, 0xa4, 0xd4, 0x5f,
	0x81, 0x00, 0xa0, 0x14, 0x08, 0x00, 0x45, 0x00, 0x00, 0x54, 0x00, 0x07,
	0x00, 0x00, 0x40, 0x01, 0x3d, 0xa4, 0x0a, 0x00, 0x14, 0x01, 0x0a, 0x00,
	0x14, 0xfe, 0x08, 0x00, 0x00, 0x9f, 0x00, 0x4d, 0x00, 0x01, 0x00, 0x01,
	0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
	0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
	0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
	0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31,
	0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
};

static const uint8_t qinq_echo[106] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0xfe, 0xbe, 0x59, 0x22, 0xa4, 0xd4, 0x5f,
	0x88, 0xa8, 0x00, 0x64, 0x81, 0x00, 0x00, 0x0a, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x54, 0x00, 0x07, 0x00, 0x00, 0x40, 0x01, 0x66, 0xa0, 0x0a, 0x00,
	0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x08, 0x00, 0x00, 0x9e, 0x00, 0x4d,
	0x00, 0x02, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
	0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
	0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21,
	0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d,
	0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
};

static void test_vlan_decode_real_frames(void **state)
{
	(void)state;
	assert_true(vn_vlan_check(tagged_echo, sizeof(tagged_echo)));
	assert_int_equal(vn_vlan_tpid(tagged_echo), VN_ETH_P_8021Q);
	assert_int_equal(vn_vlan_tci(tagged_echo), 0xa014);
	assert_int_equal(vn_vlan_vid(tagged_echo), 20);
	assert_int_equal(vn_vlan_pcp(tagged_echo), 5);
	assert_false(vn_vlan_dei(tagged_echo));
	assert_int_equal(vn_vlan_inner_type(tagged_echo), VN_ETH_P_IP);

	/* QinQ: an S-tag, and the C-tag behind it is a tag again. */
	assert_true(vn_vlan_check(qinq_echo, sizeof(qinq_echo)));
	assert_int_equal(vn_vlan_tpid(qinq_echo), VN_ETH_P_8021AD);
	assert_int_equal(vn_vlan_vid(qinq_echo), 100);
	assert_true(vn_vlan_is_tpid(vn_vlan_inner_type(qinq_echo)));
	/* Seen 4 bytes on, as after the outer tag is taken off. */
	assert_true(vn_vlan_check(qinq_echo + VN_VLAN_HLEN,
				  sizeof(qinq_echo) - VN_VLAN_HLEN));
	assert_int_equal(vn_vlan_vid(qinq_echo + VN_VLAN_HLEN), 10);
	assert_int_equal(vn_vlan_inner_type(qinq_echo + VN_VLAN_HLEN),
			 VN_ETH_P_IP);

	/* An untagged frame announces no tag. */
	assert_false(vn_vlan_tagged(arp_request));
	assert_false(vn_vlan_check(arp_request, sizeof(arp_request)));
}

static void test_vlan_emit_rebuilds_bytes(void **state)
{
	uint8_t out[VN_VLAN_ETH_HLEN];
	uint8_t dst[6], src[6];

	(void)state;
	memcpy(dst, vn_eth_dst(tagged_echo), 6);
	memcpy(src, vn_eth_src(tagged_echo), 6);
	memset(out, 0x5a, sizeof(out));
	vn_vlan_emit(out, dst, src, vn_vlan_tpid(tagged_echo),
		     vn_vlan_tci(tagged_echo), vn_vlan_inner_type(tagged_echo));
	assert_memory_equal(out, tagged_echo, VN_VLAN_ETH_HLEN);
	/* The setter takes host order and writes network order. */
	vn_vlan_set_tci(out, 0x300a);
	assert_int_equal(out[VN_VLAN_TCI], 0x30);
	assert_int_equal(out[VN_VLAN_TCI + 1], 0x0a);
	assert_int_equal(vn_vlan_vid(out), 10);
	assert_true(vn_vlan_dei(out));
	assert_int_equal(vn_vlan_pcp(out), 1);
}

static void test_vlan_check_refuses_every_cut(void **state)
{
	(void)state;
	for (size_t len = 0; len < VN_VLAN_ETH_HLEN; len++) {
		uint8_t *c = frame_cut(tagged_echo, len);

		assert_false(vn_vlan_check(c, len));
		free(c);
	}
	for (size_t len = VN_VLAN_ETH_HLEN; len <= sizeof(tagged_echo);
	     len++) {
		uint8_t *c = frame_cut(tagged_echo, len);

		/* After check, the getters stay inside the cut (ASan). */
		assert_true(vn_vlan_check(c, len));
		assert_int_equal(vn_vlan_vid(c), 20);
		assert_int_equal(vn_vlan_inner_type(c), VN_ETH_P_IP);
		free(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vlan_decode_real_frames),
		cmocka_unit_test(test_vlan_emit_rebuilds_bytes),
		cmocka_unit_test(test_vlan_check_refuses_every_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
