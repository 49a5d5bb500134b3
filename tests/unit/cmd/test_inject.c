// SPDX-License-Identifier: MIT
/*
 * tests/unit/cmd/test_inject.c - the `inject` command: the spellings of a
 * frame it accepts, its size limits, and that a refused line injects
 * nothing.  The frame sizes at the limit are built here because a 64 KiB
 * frame does not belong in a scenario script.  Every test is a leak test.
 */
#include "helpers.h"

#define MAX_LEN (65536 + 14)	/* inject.c's INJECT_MAX_LEN */

static int setup(void **state)
{
	struct vn_test_engine *t;

	if (vn_test_engine_setup(state))
		return -1;
	t = *state;
	vn_test_exec_ok(t, "ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02");
	vn_test_exec_ok(t, "ip link set v0 up");
	vn_test_exec_ok(t, "ip link set v1 up");
	vn_test_output_clear(t);
	return 0;
}

static struct vn_dev *dev(struct vn_test_engine *t, const char *name)
{
	struct vn_dev *d = vn_dev_lookup(&t->engine->root->devs, name);

	assert_non_null(d);
	return d;
}

/* "inject v1 " and @len bytes of hex, all 0x11 after a broadcast header. */
static char *big_line(size_t len)
{
	static const char head[] = "inject v1 ffffffffffff020000000001 88b5";
	char *line = malloc(sizeof(head) + 2 * len + 8);
	size_t off = sizeof(head) - 1;

	assert_non_null(line);
	memcpy(line, head, off);
	line[off++] = ' ';
	for (size_t i = 14; i < len; i++) {
		line[off++] = '1';
		line[off++] = '1';
	}
	line[off] = '\0';
	return line;
}

static void test_inject_largest_frame(void **state)
{
	struct vn_test_engine *t = *state;
	char *line = big_line(MAX_LEN);

	assert_int_equal(vn_test_exec(t, line), 0);
	assert_string_equal(vn_test_output(t), "");
	assert_int_equal(dev(t, "v1")->stats.rx_packets, 1);
	assert_int_equal(dev(t, "v1")->stats.rx_bytes, MAX_LEN);
	free(line);
}

static void test_inject_too_long_injects_nothing(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_pool_stats before, after;
	char *line = big_line(MAX_LEN + 1);

	vn_pool_get_stats(t->engine->env.pool, &before);
	assert_int_equal(vn_test_exec(t, line), 1);
	assert_string_equal(vn_test_output(t),
			    "inject: frame too long: more than 65550 bytes\n");
	vn_pool_get_stats(t->engine->env.pool, &after);
	assert_int_equal(after.n_bufs, before.n_bufs);
	assert_int_equal(dev(t, "v1")->stats.rx_packets, 0);
	free(line);
}

/* One frame, spelled five ways: tcpdump -xx paste, MAC style, words... */
static void test_inject_spellings(void **state)
{
	static const char *const lines[] = {
		"inject --tx v0 ffffffffffff0200000000010806aabb",
		"inject --tx v0 ff:ff:ff:ff:ff:ff 02:00:00:00:00:01 08:06 aa:bb",
		"inject --tx v0 ffff.ffff.ffff 0200.0000.0001 0806 aabb",
		"inject --tx v0 0x0000:  ffff ffff ffff 0200 0000 0001 0806 aabb",
		"inject --tx v0 FF-FF-FF-FF-FF-FF 02-00-00-00-00-01 0806 AA BB",
	};
	struct vn_test_engine *t = *state;
	size_t n_dumps = 0;

	vn_test_exec_ok(t, "tcpdump -i v1 -t -xx &");
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		vn_test_exec_ok(t, lines[i]);
	vn_test_exec_ok(t, "kill %1");
	vn_test_exec_ok(t, "wait");
	/* The capture saw the same bytes each time. */
	for (const char *p = vn_test_output(t); *p; p++) {
		p = strstr(p, "\t0x0000:  ");
		if (!p)
			break;
		n_dumps++;
		assert_memory_equal(p, "\t0x0000:  ffff ffff ffff 0200 0000 0001 0806 aabb\n",
				    49);
	}
	assert_int_equal(n_dumps, ARRAY_SIZE(lines));
	assert_int_equal(dev(t, "v0")->stats.tx_packets, ARRAY_SIZE(lines));
	assert_int_equal(dev(t, "v1")->stats.rx_packets, ARRAY_SIZE(lines));
}

/* A short frame is injected (to test the receive checks), then dropped. */
static void test_inject_short_frame_is_dropped(void **state)
{
	struct vn_test_engine *t = *state;

	vn_test_exec_ok(t, "inject v1 ff");
	assert_int_equal(dev(t, "v1")->stats.rx_length_errors, 1);
	assert_int_equal(dev(t, "v1")->stats.rx_packets, 0);
	assert_int_equal(t->engine->root->devs.drops.n[VN_DROP_FRAME_TOO_SHORT],
			 1);
}

/* -c repeats; the backlog takes 1000 at once, the rest is counted. */
static void test_inject_count_fills_backlog(void **state)
{
	struct vn_test_engine *t = *state;

	vn_test_exec_ok(t, "inject -c 1001 v1 020000000002 020000000001 88b5");
	assert_int_equal(dev(t, "v1")->stats.rx_packets, 1000);
	assert_int_equal(t->engine->root->devs.drops.n[VN_DROP_BACKLOG_FULL],
			 1);
	vn_test_output_clear(t);
	vn_test_exec_ok(t, "drops BACKLOG_FULL UNHANDLED_PROTO");
	assert_string_equal(vn_test_output(t),
			    "BACKLOG_FULL                  1  receive backlog full (netdev_max_backlog)\n"
			    "UNHANDLED_PROTO            1000  no handler for EtherType\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_inject_largest_frame,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_inject_too_long_injects_nothing,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_inject_spellings, setup,
						vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_inject_short_frame_is_dropped,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_inject_count_fills_backlog,
						setup, vn_test_engine_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
