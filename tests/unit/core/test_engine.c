// SPDX-License-Identifier: MIT
/*
 * tests/unit/core/test_engine.c - the event loop's virtual clock
 * (engine.c): an instant's first frames cost no time, the busy part of an
 * instant beyond them costs 500 ns a frame.
 */
#include "helpers.h"

#include "dev/dev.h"

static int setup(void **state)
{
	struct vn_test_engine *t;

	if (vn_test_engine_setup(state))
		return -1;
	t = *state;
	vn_test_exec_ok(t, "ip link add v0 type veth peer name v1");
	vn_test_exec_ok(t, "ip link set v0 up");
	vn_test_exec_ok(t, "ip link set v1 up");
	return 0;
}

/* Sends @n broadcast frames of an unknown type on v0, all at once. */
static void burst(struct vn_test_engine *t, unsigned n)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct vn_dev *v0 = vn_dev_lookup(&t->engine->root->devs, "v0");

	assert_non_null(v0);
	for (unsigned i = 0; i < n; i++) {
		struct vn_buf *buf = vn_buf_alloc(t->engine->env.pool, 60);

		assert_non_null(buf);
		memset(vn_buf_put(buf, 60), 0, 60);
		vn_eth_emit(buf->data, bcast, v0->mac, 0x88b5);
		vn_dev_xmit(v0, buf);
	}
}

static void test_engine_small_instant_costs_nothing(void **state)
{
	struct vn_test_engine *t = *state;
	vn_time t0 = vn_engine_now(t->engine);

	burst(t, 200);
	vn_engine_settle(t->engine);
	assert_int_equal(vn_engine_now(t->engine), t0);
}

static void test_engine_busy_instant_costs_time(void **state)
{
	struct vn_test_engine *t = *state;
	vn_time t0 = vn_engine_now(t->engine);

	/* 1000 frames (the backlog's size): three full steps of 256. */
	burst(t, 1000);
	vn_engine_settle(t->engine);
	assert_int_equal(vn_engine_now(t->engine) - t0,
			 3 * 256 * 500 * VN_NSEC);
	assert_int_equal(t->engine->n_busy_steps, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, vn_test_engine_teardown)
		T(test_engine_small_instant_costs_nothing),
		T(test_engine_busy_instant_costs_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
