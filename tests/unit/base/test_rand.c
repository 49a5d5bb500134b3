// SPDX-License-Identifier: MIT
/*
 * tests/unit/base/test_rand.c - the seeded random stream (base/rand.c).
 *
 * A seed must give the same stream every run (scripts print the same
 * MACs); the stream must be xoshiro256** seeded by splitmix64, checked
 * against the published splitmix64 value and outputs computed with an
 * independent transcription of the reference C code (Vigna, prng.di.unimi.it).
 */
#include "helpers.h"

#include "base/rand.h"

static void test_rand_reference_values(void **state)
{
	static const uint64_t seed1[4] = {
		0xb3f2af6d0fc710c5ULL, 0x853b559647364ceaULL,
		0x92f89756082a4514ULL, 0x642e1c7bc266a3a7ULL,
	};
	static const uint64_t seed0[4] = {
		0x99ec5f36cb75f2b4ULL, 0xbf6e1f784956452aULL,
		0x1a5f849d4933e6e0ULL, 0x6aa594f1262d2d2cULL,
	};
	struct vn_rand r;

	(void)state;
	/* splitmix64 from 0: its first output is 0xe220a8397b1dcdaf. */
	vn_rand_seed(&r, 0);
	assert_int_equal(r.s[0], 0xe220a8397b1dcdafULL);
	for (int i = 0; i < 4; i++)
		assert_int_equal(vn_rand_u64(&r), seed0[i]);
	vn_rand_seed(&r, 1);
	for (int i = 0; i < 4; i++)
		assert_int_equal(vn_rand_u64(&r), seed1[i]);
}

static void test_rand_seed_repeatability(void **state)
{
	struct vn_rand a, b, c;
	int differ = 0;

	(void)state;
	vn_rand_seed(&a, 12345);
	vn_rand_seed(&b, 12345);
	vn_rand_seed(&c, 12346);
	for (int i = 0; i < 1000; i++) {
		uint64_t va = vn_rand_u64(&a);

		assert_int_equal(va, vn_rand_u64(&b));
		differ += va != vn_rand_u64(&c);
	}
	assert_int_equal(differ, 1000);
	/* Re-seeding restarts the stream. */
	vn_rand_seed(&a, 12345);
	vn_rand_seed(&b, 12345);
	vn_rand_u64(&b);
	vn_rand_seed(&b, 12345);
	assert_int_equal(vn_rand_u64(&a), vn_rand_u64(&b));
}

static void test_rand_below_bounds(void **state)
{
	unsigned count[10] = { 0 };
	struct vn_rand r;

	(void)state;
	vn_rand_seed(&r, 3);
	assert_int_equal(vn_rand_below(&r, 0), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(vn_rand_below(&r, 1), 0);
	for (int i = 0; i < 100000; i++) {
		uint32_t v = vn_rand_below(&r, 10);

		assert_true(v < 10);
		count[v]++;
	}
	/* Roughly uniform (seeded, so this cannot flake). */
	for (int i = 0; i < 10; i++)
		assert_true(count[i] > 9500 && count[i] < 10500);
	for (int i = 0; i < 10000; i++)
		assert_true(vn_rand_below(&r, UINT32_MAX) < UINT32_MAX);
}

static void test_rand_bytes_follow_stream(void **state)
{
	struct vn_rand a, b;
	uint8_t buf[21], expect[24];

	(void)state;
	vn_rand_seed(&a, 77);
	vn_rand_seed(&b, 77);
	vn_rand_bytes(&a, buf, sizeof(buf));
	for (int i = 0; i < 3; i++) {
		uint64_t v = vn_rand_u64(&b);

		memcpy(expect + 8 * i, &v, 8);
	}
	assert_memory_equal(buf, expect, sizeof(buf));
	/* Zero bytes draw nothing. */
	vn_rand_bytes(&a, buf, 0);
	assert_int_equal(vn_rand_u64(&a), vn_rand_u64(&b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_heap_setup, \
						vn_test_heap_teardown)
		T(test_rand_reference_values),
		T(test_rand_seed_repeatability),
		T(test_rand_below_bounds),
		T(test_rand_bytes_follow_stream),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
