// SPDX-License-Identifier: MIT
/*
 * tests/unit/wire/test_arp.c - ARP for IPv4 over Ethernet (wire/arp.h),
 * on a request and a reply the kernel sent (frames.h).
 */
#include "helpers.h"

#include "frames.h"
#include "wire/arp.h"

static const uint8_t a_mac[6] = { 0xbe, 0x59, 0x22, 0xa4, 0xd4, 0x5f };
static const uint8_t r_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe };

static void test_arp_parse_request(void **state)
{
	const uint8_t *p = arp_request + VN_ETH_HLEN;
	static const uint8_t zero[6];
	struct vn_arp_repr r;

	(void)state;
	assert_int_equal(vn_arp_check(p, VN_ARP_LEN), 0);
	vn_arp_parse(p, &r);
	assert_int_equal(r.op, VN_ARPOP_REQUEST);
	assert_memory_equal(r.sha, a_mac, 6);
	assert_int_equal(r.spa, 0x0a000001);	/* 10.0.0.1 */
	assert_memory_equal(r.tha, zero, 6);
	assert_int_equal(r.tpa, 0x0a0000fe);	/* 10.0.0.254 */
}

static void test_arp_parse_reply(void **state)
{
	const uint8_t *p = arp_reply + VN_ETH_HLEN;
	struct vn_arp_repr r;

	(void)state;
	assert_int_equal(vn_arp_check(p, VN_ARP_LEN), 0);
	vn_arp_parse(p, &r);
	assert_int_equal(r.op, VN_ARPOP_REPLY);
	assert_memory_equal(r.sha, r_mac, 6);
	assert_int_equal(r.spa, 0x0a0000fe);
	assert_memory_equal(r.tha, a_mac, 6);
	assert_int_equal(r.tpa, 0x0a000001);
}

static void test_arp_emit_rebuilds_bytes(void **state)
{
	const uint8_t *frames[] = { arp_request, arp_reply };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(frames); i++) {
		const uint8_t *p = frames[i] + VN_ETH_HLEN;
		uint8_t out[VN_ARP_LEN + 4];
		struct vn_arp_repr r;

		memset(out, 0xa5, sizeof(out));
		vn_arp_parse(p, &r);
		vn_arp_emit(out, &r);
		assert_memory_equal(out, p, VN_ARP_LEN);
		/* Exactly VN_ARP_LEN bytes are written. */
		for (size_t j = VN_ARP_LEN; j < sizeof(out); j++)
			assert_int_equal(out[j], 0xa5);
	}
}

static void test_arp_check_refuses_every_cut(void **state)
{
	const uint8_t *frames[] = { arp_request, arp_reply };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(frames); i++) {
		for (size_t len = 0; len < VN_ARP_LEN; len++) {
			uint8_t *c = frame_cut(frames[i] + VN_ETH_HLEN, len);

			assert_int_equal(vn_arp_check(c, len),
					 VN_DROP_ARP_TRUNCATED);
			free(c);
		}
		/* Ethernet padding after the message is allowed. */
		assert_int_equal(vn_arp_check(frames[i] + VN_ETH_HLEN,
					      VN_ARP_LEN), 0);
	}
}

static void test_arp_check_refuses_other_formats(void **state)
{
	static const struct {
		size_t off;
		uint8_t val;
	} bad[] = {
		{ VN_ARP_HTYPE + 1, 6 },	/* IEEE 802 hardware */
		{ VN_ARP_HTYPE, 1 },		/* htype 0x0101 */
		{ VN_ARP_PTYPE, 0x86 },		/* ptype 0x8600 */
		{ VN_ARP_PTYPE + 1, 0x06 },	/* ptype 0x0806 */
		{ VN_ARP_HLEN, 8 },
		{ VN_ARP_HLEN, 0 },
		{ VN_ARP_PLEN, 16 },
		{ VN_ARP_PLEN, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		uint8_t *c = frame_cut(arp_request + VN_ETH_HLEN, VN_ARP_LEN);

		c[bad[i].off] = bad[i].val;
		assert_int_equal(vn_arp_check(c, VN_ARP_LEN),
				 VN_DROP_ARP_BAD_FORMAT);
		free(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_heap_setup, \
						vn_test_heap_teardown)
		T(test_arp_parse_request),
		T(test_arp_parse_reply),
		T(test_arp_emit_rebuilds_bytes),
		T(test_arp_check_refuses_every_cut),
		T(test_arp_check_refuses_other_formats),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
