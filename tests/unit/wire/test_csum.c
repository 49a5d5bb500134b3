// SPDX-License-Identifier: MIT
/*
 * tests/unit/wire/test_csum.c - the Internet checksum (RFC 1071) and its
 * incremental update (RFC 1624), wire/csum.[ch].
 *
 * The incremental update is checked against a full recomputation on
 * seeded random IPv4 headers, and on the RFC's own example where the
 * older formula (RFC 1141) gives the wrong zero.
 */
#include "helpers.h"

#include "base/rand.h"
#include "frames.h"
#include "wire/csum.h"
#include "wire/ipv4.h"

/* The 16-bit one's complement sum (folded, not inverted). */
static uint16_t ones_sum(const void *p, size_t len)
{
	return (uint16_t)~vn_csum(p, len);
}

static void test_csum_rfc1071_example(void **state)
{
	/* RFC 1071 section 3: these bytes sum to ddf2. */
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03,
				     0xf4, 0xf5, 0xf6, 0xf7 };

	(void)state;
	assert_int_equal(ones_sum(b, sizeof(b)), 0xddf2);
	assert_int_equal(vn_csum(b, sizeof(b)), 0x220d);
	/* Odd length: the last byte is the high half of a padded word. */
	assert_int_equal(ones_sum(b, 3), 0xf201);
	assert_int_equal(vn_csum(b, 0), 0xffff);
}

static void test_csum_chained_equals_one_pass(void **state)
{
	uint8_t buf[1501];
	struct vn_rand r;

	(void)state;
	vn_rand_seed(&r, 1071);
	vn_rand_bytes(&r, buf, sizeof(buf));
	for (size_t k = 0; k <= sizeof(buf); k += 2) {
		uint32_t sum = vn_csum_add(0, buf, k);

		sum = vn_csum_add(sum, buf + k, sizeof(buf) - k);
		assert_int_equal(vn_csum_fold(sum), vn_csum(buf, sizeof(buf)));
	}
}

static void test_csum_carries_on_large_buffers(void **state)
{
	uint8_t *buf = malloc(65536);

	(void)state;
	assert_non_null(buf);
	/* 32768 words of ffff: a sum that overflows 32 bits many times. */
	memset(buf, 0xff, 65536);
	assert_int_equal(ones_sum(buf, 65536), 0xffff);
	assert_int_equal(vn_csum_fold(vn_csum_add(0xffffffffu, buf, 65536)),
			 0x0000);
	memset(buf, 0, 65536);
	buf[65535] = 1;
	assert_int_equal(ones_sum(buf, 65536), 1);
	free(buf);
}

static void test_csum_real_headers_verify(void **state)
{
	static const uint8_t *const frames[] = {
		icmp_echo_request, icmp_echo_reply, ipv4_last_fragment,
		icmp_time_exceeded, udp_datagram, icmp_port_unreach,
		ipv4_rr_echo,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(frames); i++) {
		const uint8_t *ip = frames[i] + VN_ETH_HLEN;

		/* A header with its checksum sums to all ones. */
		assert_int_equal(vn_csum(ip, vn_ipv4_hlen(ip)), 0);
		assert_int_equal(ones_sum(ip, vn_ipv4_hlen(ip)), 0xffff);
	}
}

static void test_csum_rfc1624_example(void **state)
{
	(void)state;
	/*
	 * RFC 1624 section 4: other octets sum to cd7a, m = 5555 becomes
	 * m' = 3285; HC = dd2f, and the right answer is 0000 (eqn. 3),
	 * not the ffff that RFC 1141's formula gives.
	 */
	assert_int_equal(vn_csum_update16(0xdd2f, 0x5555, 0x3285), 0x0000);
	/* Changing nothing changes nothing. */
	assert_int_equal(vn_csum_update16(0x1234, 0xabcd, 0xabcd), 0x1234);
}

static void random_header(struct vn_rand *r, uint8_t *h)
{
	vn_rand_bytes(r, h, VN_IPV4_HLEN);
	h[VN_IPV4_VER_IHL] = 0x45;
	vn_ipv4_fill_csum(h);
}

static void test_csum_incremental_matches_full(void **state)
{
	struct vn_rand r;

	(void)state;
	vn_rand_seed(&r, 1624);
	for (int i = 0; i < 200000; i++) {
		uint8_t h[VN_IPV4_HLEN], full[VN_IPV4_HLEN];
		/* Any 16-bit word but the checksum itself. */
		size_t word = vn_rand_below(&r, 9);
		size_t off = 2 * (word >= 5 ? word + 1 : word);
		uint16_t old, new_;

		random_header(&r, h);
		old = vn_load_be16(h + off);
		new_ = (uint16_t)vn_rand_u64(&r);
		/* Extremes (0, ffff, unchanged) now and then. */
		if (i % 16 == 0)
			new_ = (uint16_t)(i % 48 ? 0 : 0xffff);
		if (i % 97 == 0)
			new_ = old;
		vn_store_be16(h + off, new_);
		vn_store_be16(h + VN_IPV4_CSUM,
			      vn_csum_update16(vn_ipv4_csum(h), old, new_));
		/* Recomputed over the 20 bytes (word 0 may change the IHL). */
		memcpy(full, h, sizeof(h));
		vn_store_be16(full + VN_IPV4_CSUM, 0);
		vn_store_be16(full + VN_IPV4_CSUM, vn_csum(full, sizeof(full)));
		if (memcmp(h, full, sizeof(h)))
			fail_msg("header %d word %zu: %04x -> %04x gives %04x, "
				 "full recomputation %04x", i, off, old, new_,
				 vn_ipv4_csum(h), vn_ipv4_csum(full));
		assert_int_equal(vn_csum(h, VN_IPV4_HLEN), 0);
	}
}

static void test_csum_incremental_address_rewrite(void **state)
{
	struct vn_rand r;

	(void)state;
	vn_rand_seed(&r, 3022);
	/* A NAT rewriting a 32-bit address as two 16-bit updates. */
	for (int i = 0; i < 50000; i++) {
		uint8_t h[VN_IPV4_HLEN], full[VN_IPV4_HLEN];
		uint32_t old, new_;
		uint16_t c;

		random_header(&r, h);
		old = vn_ipv4_src(h);
		new_ = (uint32_t)vn_rand_u64(&r);
		vn_ipv4_set_src(h, new_);
		c = vn_csum_update16(vn_ipv4_csum(h), (uint16_t)(old >> 16),
				     (uint16_t)(new_ >> 16));
		c = vn_csum_update16(c, (uint16_t)old, (uint16_t)new_);
		vn_store_be16(h + VN_IPV4_CSUM, c);
		memcpy(full, h, sizeof(h));
		vn_ipv4_fill_csum(full);
		assert_memory_equal(h, full, sizeof(h));
	}
}

static void test_csum_pseudo_header(void **state)
{
	(void)state;
	/* Words of 10.0.0.1, 10.0.1.2, protocol 17, length 12. */
	assert_int_equal(vn_csum_pseudo(0x0a000001, 0x0a000102, 17, 12),
			 0x0a00 + 0x0001 + 0x0a00 + 0x0102 + 17 + 12);
	/* Large words carry into the upper half, folded later. */
	assert_int_equal(vn_csum_fold(vn_csum_pseudo(0xffffffff, 0xffffffff,
						     0xff, 0xffff)),
			 (uint16_t)~ones_sum((const uint8_t[]){
				 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				 0xff, 0x00, 0xff, 0xff, 0xff }, 12));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_heap_setup, \
						vn_test_heap_teardown)
		T(test_csum_rfc1071_example),
		T(test_csum_chained_equals_one_pass),
		T(test_csum_carries_on_large_buffers),
		T(test_csum_real_headers_verify),
		T(test_csum_rfc1624_example),
		T(test_csum_incremental_matches_full),
		T(test_csum_incremental_address_rewrite),
		T(test_csum_pseudo_header),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
