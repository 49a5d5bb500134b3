// SPDX-License-Identifier: MIT
/*
 * tests/unit/wire/test_udp.c - the UDP header view (wire/udp.h) on a
 * real datagram from frames.h.  wire/udp.h has no repr/emit yet, so the
 * rebuild writes the header through the byte-order helpers and the
 * checksum helpers (RFC 768), which is what an emit must do.
 */
#include "helpers.h"

#include "frames.h"
#include "wire/ipv4.h"
#include "wire/udp.h"

static const uint8_t *udp_of(size_t *len, const uint8_t **ip_out)
{
	const uint8_t *ip = udp_datagram + VN_ETH_HLEN;

	assert_int_equal(vn_ipv4_check(ip, sizeof(udp_datagram) - VN_ETH_HLEN),
			 0);
	assert_int_equal(vn_ipv4_proto(ip), VN_IPPROTO_UDP);
	*len = vn_ipv4_tot_len(ip) - vn_ipv4_hlen(ip);
	*ip_out = ip;
	return ip + vn_ipv4_hlen(ip);
}

static uint16_t udp_sum(const uint8_t *ip, const uint8_t *udp, size_t len)
{
	uint32_t sum = vn_csum_pseudo(vn_ipv4_src(ip), vn_ipv4_dst(ip),
				      VN_IPPROTO_UDP, (uint16_t)len);

	return vn_csum_fold(vn_csum_add(sum, udp, len));
}

static void test_udp_decode_real_datagram(void **state)
{
	const uint8_t *ip, *p;
	size_t len;

	(void)state;
	p = udp_of(&len, &ip);
	assert_int_equal(len, 12);
	assert_int_equal(vn_udp_check(p, len), 0);
	assert_int_equal(vn_udp_sport(p), 5000);
	assert_int_equal(vn_udp_dport(p), 6000);
	assert_int_equal(vn_udp_len(p), 12);
	assert_memory_equal(p + VN_UDP_HLEN, "vnet", 4);
	/* The checksum the kernel sent verifies with the pseudo-header. */
	assert_int_not_equal(vn_load_be16(p + VN_UDP_CSUM), 0);
	assert_int_equal(udp_sum(ip, p, len), 0);
}

static void test_udp_rebuild_bytes(void **state)
{
	const uint8_t *ip, *p;
	uint8_t out[12];
	uint16_t sum;
	size_t len;

	(void)state;
	p = udp_of(&len, &ip);
	memset(out, 0xa5, sizeof(out));
	vn_store_be16(out + VN_UDP_SPORT, vn_udp_sport(p));
	vn_store_be16(out + VN_UDP_DPORT, vn_udp_dport(p));
	vn_store_be16(out + VN_UDP_LEN, vn_udp_len(p));
	vn_store_be16(out + VN_UDP_CSUM, 0);
	memcpy(out + VN_UDP_HLEN, p + VN_UDP_HLEN, len - VN_UDP_HLEN);
	sum = udp_sum(ip, out, len);
	/* RFC 768: a computed zero is sent as all ones. */
	vn_store_be16(out + VN_UDP_CSUM, sum ? sum : 0xffff);
	assert_memory_equal(out, p, len);
}

static void test_udp_check_refuses_every_cut(void **state)
{
	const uint8_t *ip, *p;
	size_t len;

	(void)state;
	p = udp_of(&len, &ip);
	for (size_t cut = 0; cut < len; cut++) {
		uint8_t *c = frame_cut(p, cut);

		assert_int_equal(vn_udp_check(c, cut), VN_DROP_UDP_TRUNCATED);
		free(c);
	}
	/* Bytes beyond the UDP length (Ethernet padding) are allowed. */
	for (size_t extra = 0; extra <= 6; extra++) {
		uint8_t *c = malloc(len + extra);

		assert_non_null(c);
		memcpy(c, p, len);
		memset(c + len, 0, extra);
		assert_int_equal(vn_udp_check(c, len + extra), 0);
		assert_int_equal(vn_udp_dport(c), 6000);
		free(c);
	}
}

static void test_udp_check_length_field(void **state)
{
	const uint8_t *ip, *p;
	uint8_t c[12];
	size_t len;

	(void)state;
	p = udp_of(&len, &ip);
	memcpy(c, p, sizeof(c));
	for (uint32_t v = 0; v <= 0xffff; v++) {
		vn_store_be16(c + VN_UDP_LEN, (uint16_t)v);
		assert_int_equal(vn_udp_check(c, sizeof(c)),
				 v >= 8 && v <= 12 ? 0 : VN_DROP_UDP_TRUNCATED);
	}
}

static void test_udp_partial_checksum(void **state)
{
	/*
	 * With checksum offload the kernel leaves the pseudo-header sum in
	 * the field (CHECKSUM_PARTIAL) for the hardware to complete: what a
	 * TAP with offloads will hand us.  Completing it gives the value
	 * tcpdump computed (0xfb14).
	 */
	const uint8_t *ip = udp_partial_csum + VN_ETH_HLEN;
	const uint8_t *udp = ip + vn_ipv4_hlen(ip);
	uint8_t c[12];

	(void)state;
	assert_int_equal(vn_udp_check(udp, 12), 0);
	assert_int_equal(vn_load_be16(udp + VN_UDP_CSUM),
			 (uint16_t)~vn_csum_fold(vn_csum_pseudo(
				 vn_ipv4_src(ip), vn_ipv4_dst(ip),
				 VN_IPPROTO_UDP, 12)));
	assert_int_not_equal(udp_sum(ip, udp, 12), 0);
	memcpy(c, udp, sizeof(c));
	vn_store_be16(c + VN_UDP_CSUM, 0);
	assert_int_equal(udp_sum(ip, c, 12), 0xfb14);
}

static void test_udp_quoted_in_icmp_error(void **state)
{
	/* The port unreachable quotes the datagram's IP and UDP headers. */
	const uint8_t *q = icmp_port_unreach + VN_ETH_HLEN + 20 + 8;
	const uint8_t *udp = q + vn_ipv4_hlen(q);

	(void)state;
	assert_int_equal(vn_udp_sport(udp), 5000);
	assert_int_equal(vn_udp_dport(udp), 6000);
	assert_int_equal(vn_udp_len(udp), 12);
	assert_memory_equal(udp, udp_partial_csum + 34, 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_heap_setup, \
						vn_test_heap_teardown)
		T(test_udp_decode_real_datagram),
		T(test_udp_rebuild_bytes),
		T(test_udp_check_refuses_every_cut),
		T(test_udp_check_length_field),
		T(test_udp_partial_checksum),
		T(test_udp_quoted_in_icmp_error),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
