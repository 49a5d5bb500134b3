// SPDX-License-Identifier: MIT
/*
 * tests/unit/wire/test_icmp.c - ICMP messages (wire/icmp.h) on real
 * echoes and errors from frames.h: parse, emit byte for byte (checksum
 * included), and cut at every length expecting check() to refuse.
 */
#include "helpers.h"

#include "frames.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

struct msg {
	const char *name;
	const uint8_t *frame;
	size_t frame_len;
};

#define MSG(x) { #x, x, sizeof(x) }

static const struct msg msgs[] = {
	MSG(icmp_echo_request),
	MSG(icmp_echo_reply),
	MSG(icmp_time_exceeded),
	MSG(icmp_port_unreach),
	MSG(ipv4_rr_echo),
};

/* The ICMP message inside an Ethernet/IPv4 frame, and its length. */
static const uint8_t *icmp_of(const struct msg *m, size_t *len)
{
	const uint8_t *ip = m->frame + VN_ETH_HLEN;

	assert_int_equal(vn_ipv4_check(ip, m->frame_len - VN_ETH_HLEN), 0);
	assert_int_equal(vn_ipv4_proto(ip), VN_IPPROTO_ICMP);
	*len = vn_ipv4_tot_len(ip) - vn_ipv4_hlen(ip);
	return ip + vn_ipv4_hlen(ip);
}

static void test_icmp_parse_echo_request(void **state)
{
	struct vn_icmp_repr r;
	const uint8_t *p;
	size_t len;

	(void)state;
	p = icmp_of(&msgs[0], &len);
	assert_int_equal(len, 64);
	assert_int_equal(vn_icmp_check(p, len), 0);
	vn_icmp_parse(p, len, &r);
	assert_int_equal(r.type, VN_ICMP_ECHO);
	assert_int_equal(r.code, 0);
	assert_int_equal(r.id, 8645);
	assert_int_equal(r.seq, 1);
	assert_ptr_equal(r.payload, p + 8);
	assert_int_equal(r.payload_len, 56);
	assert_false(vn_icmp_is_error(r.type));
}

static void test_icmp_parse_errors(void **state)
{
	struct vn_icmp_repr r;
	const uint8_t *p;
	size_t len;

	(void)state;
	p = icmp_of(&msgs[2], &len);
	assert_int_equal(vn_icmp_check(p, len), 0);
	vn_icmp_parse(p, len, &r);
	assert_int_equal(r.type, VN_ICMP_TIME_EXCEEDED);
	assert_int_equal(r.code, VN_ICMP_EXC_TTL);
	assert_int_equal(r.rest, 0);
	assert_true(vn_icmp_is_error(r.type));
	/* The quoted datagram: the echo request that expired. */
	assert_int_equal(r.payload_len, 84);
	assert_int_equal(vn_ipv4_version(r.payload), 4);
	assert_int_equal(vn_ipv4_dst(r.payload), 0x0a000102);

	p = icmp_of(&msgs[3], &len);
	assert_int_equal(vn_icmp_check(p, len), 0);
	vn_icmp_parse(p, len, &r);
	assert_int_equal(r.type, VN_ICMP_DEST_UNREACH);
	assert_int_equal(r.code, VN_ICMP_PORT_UNREACH);
	assert_int_equal(r.payload_len, 32);	/* IP + UDP + 4 bytes */
	assert_int_equal(vn_ipv4_proto(r.payload), VN_IPPROTO_UDP);
	assert_true(vn_icmp_is_error(r.type));
	assert_true(vn_icmp_is_error(VN_ICMP_PARAMETERPROB));
	assert_true(vn_icmp_is_error(VN_ICMP_REDIRECT));
	assert_true(vn_icmp_is_error(4));
	assert_false(vn_icmp_is_error(VN_ICMP_ECHOREPLY));
	assert_false(vn_icmp_is_error(13));	/* timestamp */
}

static void test_icmp_emit_rebuilds_bytes(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(msgs); i++) {
		struct vn_icmp_repr r;
		const uint8_t *p;
		uint8_t *out;
		size_t len;

		p = icmp_of(&msgs[i], &len);
		vn_icmp_parse(p, len, &r);
		assert_int_equal(vn_icmp_emit_len(&r), len);
		out = malloc(len);
		assert_non_null(out);
		memset(out, 0xa5, len);
		vn_icmp_emit(out, &r);
		if (memcmp(out, p, len))
			fail_msg("%s: rebuilt message differs", msgs[i].name);
		/* In place: the payload already where it goes. */
		memcpy(out, p, len);
		memset(out, 0, VN_ICMP_HLEN);
		r.payload = out + VN_ICMP_HLEN;
		vn_icmp_emit(out, &r);
		assert_memory_equal(out, p, len);
		free(out);
	}
}

/*
 * ICMP has no length field: check() can only see a cut through the
 * checksum, and a cut that removes only bytes summing to zero goes
 * unseen.  The time-exceeded message quotes an IPv4 header and a whole
 * ICMP echo, each with its own valid checksum, so cutting the quote at 8
 * (all of it) or 28 (after the quoted header) leaves a valid sum.  Those
 * are the only accepted cuts in these messages (the port unreachable
 * quotes UDP, whose checksum includes a pseudo-header); in a datagram,
 * IPv4's total length refuses them (test_ipv4).
 */
static bool sum_neutral_cut(const struct msg *m, size_t cut)
{
	return m->frame == icmp_time_exceeded && (cut == 8 || cut == 28);
}

static void test_icmp_check_refuses_every_cut(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(msgs); i++) {
		const uint8_t *p;
		size_t len;

		p = icmp_of(&msgs[i], &len);
		for (size_t cut = 0; cut < len; cut++) {
			uint8_t *c = frame_cut(p, cut);
			enum vn_drop_reason why = vn_icmp_check(c, cut);
			enum vn_drop_reason expect;

			free(c);
			if (cut < VN_ICMP_HLEN)
				expect = VN_DROP_ICMP_TRUNCATED;
			else if (sum_neutral_cut(&msgs[i], cut))
				expect = 0;
			else
				expect = VN_DROP_ICMP_CSUM;
			if (why != expect)
				fail_msg("%s cut at %zu: %d, expected %d",
					 msgs[i].name, cut, why, expect);
		}
	}
}

static void test_icmp_check_catches_every_bit_flip(void **state)
{
	const uint8_t *p;
	size_t len;

	(void)state;
	p = icmp_of(&msgs[0], &len);
	for (size_t bit = 0; bit < len * 8; bit++) {
		uint8_t *c = frame_cut(p, len);

		c[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_equal(vn_icmp_check(c, len), VN_DROP_ICMP_CSUM);
		free(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_heap_setup, \
						vn_test_heap_teardown)
		T(test_icmp_parse_echo_request),
		T(test_icmp_parse_errors),
		T(test_icmp_emit_rebuilds_bytes),
		T(test_icmp_check_refuses_every_cut),
		T(test_icmp_check_catches_every_bit_flip),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
