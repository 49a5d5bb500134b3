// SPDX-License-Identifier: MIT
/*
 * tests/unit/base/test_clock.c - virtual and monotonic time, and the
 * mapping to wall-clock time for capture timestamps (base/clock.c).
 */
#include "helpers.h"

#include <time.h>

#include "base/clock.h"
#include "base/rand.h"

static void test_clock_virtual_starts_at_zero(void **state)
{
	struct vn_clock c;

	(void)state;
	vn_clock_init(&c, true);
	assert_true(c.is_virtual);
	assert_int_equal(vn_clock_now(&c), 0);
	/* Nothing moves it but advance. */
	assert_int_equal(vn_clock_now(&c), 0);
}

static void test_clock_virtual_advance_never_goes_back(void **state)
{
	struct vn_rand rnd;
	struct vn_clock c;
	vn_time max = 0;

	(void)state;
	vn_clock_init(&c, true);
	vn_clock_advance(&c, 5 * VN_SEC);
	assert_int_equal(vn_clock_now(&c), 5 * VN_SEC);
	vn_clock_advance(&c, 4 * VN_SEC);
	assert_int_equal(vn_clock_now(&c), 5 * VN_SEC);
	vn_clock_advance(&c, -1);
	assert_int_equal(vn_clock_now(&c), 5 * VN_SEC);

	vn_rand_seed(&rnd, 99);
	max = vn_clock_now(&c);
	for (int i = 0; i < 10000; i++) {
		vn_time t = (vn_time)(vn_rand_u64(&rnd) % (1000 * VN_SEC));

		vn_clock_advance(&c, t);
		if (t > max)
			max = t;
		assert_int_equal(vn_clock_now(&c), max);
	}
	/* The far future is representable. */
	vn_clock_advance(&c, VN_TIME_NEVER - 1);
	assert_int_equal(vn_clock_now(&c), VN_TIME_NEVER - 1);
}

static void test_clock_real_is_monotonic(void **state)
{
	struct vn_clock c;
	vn_time prev, now;

	(void)state;
	vn_clock_init(&c, false);
	assert_false(c.is_virtual);
	prev = vn_clock_now(&c);
	assert_true(prev >= 0);
	assert_true(prev < VN_SEC);	/* starts at zero, at creation */
	for (int i = 0; i < 1000; i++) {
		now = vn_clock_now(&c);
		assert_true(now >= prev);
		prev = now;
	}
	/* Advancing a real clock does nothing. */
	vn_clock_advance(&c, prev + 3600 * VN_SEC);
	assert_true(vn_clock_now(&c) < prev + 3600 * VN_SEC);
}

static void test_clock_virtual_wall_epoch(void **state)
{
	struct vn_clock c;
	struct tm tm;
	int64_t sec;
	int32_t usec;
	time_t t;

	(void)state;
	vn_clock_init(&c, true);
	/* Virtual time 0 prints as 2026-01-01T00:00:00Z, every run. */
	vn_clock_wall(&c, 0, &sec, &usec);
	t = (time_t)sec;
	gmtime_r(&t, &tm);
	assert_int_equal(tm.tm_year + 1900, 2026);
	assert_int_equal(tm.tm_mon, 0);
	assert_int_equal(tm.tm_mday, 1);
	assert_int_equal(tm.tm_hour, 0);
	assert_int_equal(tm.tm_min, 0);
	assert_int_equal(tm.tm_sec, 0);
	assert_int_equal(usec, 0);

	vn_clock_wall(&c, 90 * VN_SEC + 123456789, &sec, &usec);
	assert_int_equal(sec, (int64_t)t + 90);
	assert_int_equal(usec, 123456);	/* truncated, as tcpdump's usec */
	vn_clock_wall(&c, 999, &sec, &usec);
	assert_int_equal(sec, (int64_t)t);
	assert_int_equal(usec, 0);
	/* The mapping does not depend on the clock's current time. */
	vn_clock_advance(&c, 7 * VN_SEC);
	vn_clock_wall(&c, 0, &sec, &usec);
	assert_int_equal(sec, (int64_t)t);
}

static void test_clock_real_wall_follows_system(void **state)
{
	struct vn_clock c;
	struct timespec before, after;
	int64_t sec, past_sec;
	int32_t usec, past_usec;
	vn_time now;

	(void)state;
	vn_clock_init(&c, false);
	clock_gettime(CLOCK_REALTIME, &before);
	now = vn_clock_now(&c);
	vn_clock_wall(&c, now, &sec, &usec);
	clock_gettime(CLOCK_REALTIME, &after);
	assert_true(sec >= before.tv_sec && sec <= after.tv_sec);
	assert_true(usec >= 0 && usec < 1000000);
	/* A timestamp one second back maps one second back. */
	vn_clock_wall(&c, now - VN_SEC, &past_sec, &past_usec);
	assert_true(llabs((sec - past_sec) * 1000000 + (usec - past_usec) -
			  1000000) < 100000);
}

int main(void)
{
	time_t t0 = 0;
	struct tm tm;
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_heap_setup, \
						vn_test_heap_teardown)
		T(test_clock_virtual_starts_at_zero),
		T(test_clock_virtual_advance_never_goes_back),
		T(test_clock_real_is_monotonic),
		T(test_clock_virtual_wall_epoch),
		T(test_clock_real_wall_follows_system),
#undef T
	};

	/* libc keeps the time zone it loads on first use: not a leak. */
	gmtime_r(&t0, &tm);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
