// SPDX-License-Identifier: MIT
/*
 * tests/unit/cmd/test_tcpdump.c - what scenario scripts cannot see of the
 * `tcpdump` command: a running capture holds no packet buffer, allocates
 * nothing per frame once warmed up, gives back its promiscuity reference,
 * and leaves nothing behind however it ends (-c, a signal, its device
 * deleted, the session killing it).  Every test is a leak test.
 */
#include <time.h>

#include "helpers.h"

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

#define ARP_REQUEST                                                        \
	"ffffffffffff 020000000001 0806 0001 0800 0604 0001 020000000001 " \
	"0a000001 000000000000 0a000002"

/* The sniffer copies: once frames are processed the pool is as before. */
static void test_tcpdump_keeps_no_buffers(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_pool_stats before, after;

	vn_test_exec_ok(t, "tcpdump -n -i v1 &");
	vn_test_exec_ok(t, "tcpdump -i v0 -w /dev/null &");
	vn_pool_get_stats(t->engine->env.pool, &before);
	vn_test_exec_ok(t, "inject --tx -c 100 v0 " ARP_REQUEST);
	vn_pool_get_stats(t->engine->env.pool, &after);
	assert_int_equal(after.n_bufs, before.n_bufs);
	assert_int_equal(after.n_blocks, before.n_blocks);
	vn_test_exec_ok(t, "kill %1 %2");
	vn_test_exec_ok(t, "wait");
	assert_non_null(strstr(vn_test_output(t), "100 packets captured\n"));
}

/* Once warmed up, a capture printing or writing allocates nothing. */
static void test_tcpdump_steady_state_heap(void **state)
{
	struct vn_test_engine *t = *state;
	size_t before;

	if (VN_TEST_ASAN)
		skip();
	vn_test_exec_ok(t, "tcpdump -i v0 -w /dev/null &");
	vn_test_exec_ok(t, "tcpdump -i v1 -w /dev/null &");
	vn_test_exec_ok(t, "tcpdump -i v1 -n -Q out &");
	/* The pool grows to the burst size once; stdio buffers appear. */
	vn_test_exec_ok(t, "inject --tx -c 500 v0 " ARP_REQUEST);
	before = vn_test_heap_in_use();
	vn_test_exec_ok(t, "inject --tx -c 500 v0 " ARP_REQUEST);
	assert_int_equal(vn_test_heap_in_use(), before);
	vn_test_exec_ok(t, "kill %1 %2 %3");
	vn_test_exec_ok(t, "wait");
}

static void test_tcpdump_promiscuity_is_given_back(void **state)
{
	struct vn_test_engine *t = *state;

	vn_test_exec_ok(t, "tcpdump -i v0 &");
	vn_test_exec_ok(t, "tcpdump -i v0 -c 1 &");
	vn_test_exec_ok(t, "tcpdump -p -i v0 &");
	assert_int_equal(dev(t, "v0")->promiscuity, 2);
	vn_test_exec_ok(t, "inject v0 " ARP_REQUEST);
	assert_int_equal(dev(t, "v0")->promiscuity, 1);	/* -c 1 ended */
	vn_test_exec_ok(t, "kill %1 %3");
	vn_test_exec_ok(t, "wait");
	assert_int_equal(dev(t, "v0")->promiscuity, 0);
}

/* The device goes while frames wait in the buffer: printed, then exit 1. */
static void test_tcpdump_device_deleted_with_frames_queued(void **state)
{
	struct vn_test_engine *t = *state;

	struct vn_engine *e = t->engine;
	struct vn_test_line inj = { 0 }, del = { 0 };
	struct vn_job *job;

	vn_test_exec_ok(t, "tcpdump -n -t -i v1 &");
	vn_test_output_clear(t);
	/*
	 * Without running the loop: inject (the frame is queued), receive
	 * it into the capture buffer, delete the device before the drain
	 * timer has run.
	 */
	assert_int_equal(vn_session_exec(&t->session, "inject v1 " ARP_REQUEST,
					 vn_test_line_done, &inj), 0);
	assert_true(inj.done && inj.status == 0);
	assert_int_equal(vn_backlog_run(&e->backlog, 10), 1);
	assert_int_equal(vn_session_exec(&t->session, "ip link del v0",
					 vn_test_line_done, &del), 0);
	assert_true(del.done && del.status == 0);
	assert_string_equal(vn_test_output(t), "");
	vn_test_exec_ok(t, "wait");
	job = vn_list_entry(t->session.jobs.next, struct vn_job, link);
	assert_true(job->exited);
	assert_int_equal(job->status, 1);
	assert_string_equal(vn_test_output(t),
			    "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28\n"
			    "tcpdump: pcap_loop: The interface disappeared\n"
			    "1 packet captured\n"
			    "1 packet received by filter\n"
			    "0 packets dropped by kernel\n");
}

/* The session ends with captures running (SIGKILL): nothing leaks. */
static void test_tcpdump_killed_by_session(void **state)
{
	struct vn_test_engine *t = *state;

	vn_test_exec_ok(t, "tcpdump -i v0 -w /dev/null &");
	vn_test_exec_ok(t, "tcpdump -i v1 -xx &");
	vn_test_exec_ok(t, "inject --tx -c 3 v0 " ARP_REQUEST);
	assert_int_equal(dev(t, "v0")->promiscuity, 1);
}

/* -r through the same printer: the file written by -w reads back. */
static void test_tcpdump_write_then_read(void **state)
{
	struct vn_test_engine *t = *state;
	char path[] = "/tmp/vnet-test-tcpdump-XXXXXX";
	char line[512];
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	snprintf(line, sizeof(line), "tcpdump -i v1 -w %s &", path);
	vn_test_exec_ok(t, line);
	vn_test_exec_ok(t, "inject --tx -c 2 v0 " ARP_REQUEST);
	vn_test_exec_ok(t, "kill %1");
	vn_test_exec_ok(t, "wait");
	vn_test_output_clear(t);
	snprintf(line, sizeof(line), "tcpdump -r %s -tt -n", path);
	vn_test_exec_ok(t, line);
	snprintf(line, sizeof(line),
		 "reading from file %s, link-type EN10MB (Ethernet), snapshot length 262144\n"
		 "1767225600.000000 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28\n"
		 "1767225600.000000 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28\n",
		 path);
	assert_string_equal(vn_test_output(t), line);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tcpdump_keeps_no_buffers,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_tcpdump_steady_state_heap,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_tcpdump_promiscuity_is_given_back,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_tcpdump_device_deleted_with_frames_queued,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_tcpdump_killed_by_session,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_tcpdump_write_then_read,
						setup, vn_test_engine_teardown),
	};

	time_t t0 = 0;
	struct tm tm;

	/* glibc keeps what its first gmtime_r() allocates: not ours. */
	gmtime_r(&t0, &tm);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
