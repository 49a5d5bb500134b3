// SPDX-License-Identifier: MIT
/*
 * tests/unit/cmd/test_session.c - the line executor and the built-ins:
 * sh -e semantics, virtual time, background jobs.  Every test checks the
 * buffer pool is back where it started.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/session.h"

struct fixture {
	struct vn_engine *e;
	struct vn_session s;
	char out[65536];
	size_t len;
	struct vn_pool_stats before;
	bool done;
	int status;
};

static void capture(void *arg, int fd, const char *data, size_t len)
{
	struct fixture *f = arg;

	(void)fd;
	if (f->len + len < sizeof(f->out)) {
		memcpy(f->out + f->len, data, len);
		f->len += len;
		f->out[f->len] = '\0';
	}
}

static int setup(void **state)
{
	struct vn_engine_opts opts = { .virtual_time = true, .seed = 7 };
	struct fixture *f = calloc(1, sizeof(*f));
	struct vn_out out = { .write = capture, .arg = f };

	f->e = vn_engine_create(&opts);
	vn_session_init(&f->s, f->e, &out);
	f->s.file = "t.vnet";
	f->s.stop_on_error = true;
	vn_pool_get_stats(f->e->env.pool, &f->before);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct vn_pool_stats after;

	vn_session_fini(&f->s);
	vn_engine_settle(f->e);
	vn_pool_get_stats(f->e->env.pool, &after);
	assert_int_equal(after.n_bufs, f->before.n_bufs);
	assert_int_equal(after.n_blocks, f->before.n_blocks);
	vn_engine_destroy(f->e);
	free(f);
	return 0;
}

static void done_cb(struct vn_session *s, int status, void *arg)
{
	struct fixture *f = arg;

	(void)s;
	f->done = true;
	f->status = status;
}

static bool is_done(void *arg)
{
	return ((struct fixture *)arg)->done;
}

/* Runs a line to completion; returns its status (-1: would wait forever). */
static int run(struct fixture *f, const char *line)
{
	f->done = false;
	f->s.line++;
	if (vn_session_exec(&f->s, line, done_cb, f))
		return -2;
	if (vn_engine_run(f->e, VN_TIME_NEVER, is_done, f) == VN_RUN_IDLE)
		return -1;
	return f->status;
}

static void test_session_status_and_operators(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(run(f, "true"), 0);
	assert_int_equal(run(f, "false || true"), 0);
	assert_int_equal(run(f, "true && false || echo rescued"), 0);
	assert_non_null(strstr(f->out, "rescued\n"));
	assert_int_equal(run(f, "! false"), 0);
	assert_int_equal(run(f, "false && echo never"), 1);
	assert_null(strstr(f->out, "never"));
	/* sh -e does not stop on a failure inside an && list. */
	assert_false(f->s.errexit);
	assert_int_equal(run(f, "false"), 1);
	assert_true(f->s.errexit);
	assert_int_equal(run(f, "nosuchcommand"), 127);
	assert_non_null(strstr(f->out, "nosuchcommand: command not found"));
}

static void test_session_stop_on_error_reports_line(void **state)
{
	struct fixture *f = *state;

	f->s.line = 41;
	assert_int_equal(run(f, "false; echo after"), 1);
	assert_null(strstr(f->out, "after"));
	assert_non_null(strstr(f->out, "t.vnet:42: 'false' exited with status 1"));
	assert_int_equal(run(f, "! true"), 1);
	assert_non_null(strstr(f->out, "'true' succeeded, expected to fail"));
}

static void test_session_sleep_is_virtual(void **state)
{
	struct fixture *f = *state;
	int64_t t0 = vn_engine_now(f->e);

	assert_int_equal(run(f, "sleep 300"), 0);
	assert_int_equal(vn_engine_now(f->e) - t0, 300 * VN_SEC);
	assert_int_equal(run(f, "sleep 1.5 500ms"), 0);
	assert_int_equal(vn_engine_now(f->e) - t0, 302 * VN_SEC);
	assert_int_equal(run(f, "sleep x"), 1);
	assert_int_equal(vn_engine_now(f->e) - t0, 302 * VN_SEC);
}

static void test_session_background_jobs(void **state)
{
	struct fixture *f = *state;
	int64_t t0 = vn_engine_now(f->e);

	assert_int_equal(run(f, "sleep 10 &"), 0);
	assert_int_equal(vn_engine_now(f->e), t0);
	assert_int_equal(run(f, "jobs"), 0);
	assert_non_null(strstr(f->out, "[1]+  Running                 sleep 10 &\n"));
	assert_int_equal(run(f, "wait"), 0);
	assert_int_equal(vn_engine_now(f->e) - t0, 10 * VN_SEC);
	f->len = 0;
	assert_int_equal(run(f, "jobs"), 0);
	assert_non_null(strstr(f->out, "[1]+  Done                    sleep 10\n"));
	assert_int_equal(run(f, "sleep 5 &"), 0);
	assert_int_equal(run(f, "kill %1"), 0);
	assert_int_equal(run(f, "wait"), 0);
	assert_int_equal(run(f, "kill %9"), 1);
	assert_non_null(strstr(f->out, "kill: %9: no such job"));
}

static void test_session_wait_forever_is_detected(void **state)
{
	struct fixture *f = *state;

	/* A job nothing can end: the virtual clock has nothing to run. */
	assert_int_equal(run(f, "wait"), 0);
	assert_int_equal(run(f, "sleep 1 &"), 0);
	assert_int_equal(run(f, "wait %1"), 0);
}

static void test_session_wait_job_status(void **state)
{
	struct fixture *f = *state;

	/* wait %N returns that job's status, not the others'. */
	assert_int_equal(run(f, "sleep 100 &"), 0);
	assert_int_equal(run(f, "sleep 1 &"), 0);
	assert_int_equal(run(f, "kill %2"), 0);
	assert_int_equal(run(f, "wait %2"), 128 + SIGTERM);
	assert_int_equal(run(f, "kill %1"), 0);
	assert_int_equal(run(f, "wait"), 0);
	assert_int_equal(run(f, "jobs"), 0);
	/* With the table empty, numbering starts again at 1. */
	f->len = 0;
	assert_int_equal(run(f, "sleep 1 &"), 0);
	assert_int_equal(run(f, "jobs"), 0);
	assert_non_null(strstr(f->out, "[1]+  Running"));
	assert_int_equal(run(f, "wait"), 0);
}

static void test_session_interrupt_drops_rest_of_line(void **state)
{
	struct fixture *f = *state;

	f->done = false;
	assert_int_equal(vn_session_exec(&f->s, "sleep 5; echo after", done_cb,
					 f), 0);
	vn_engine_run(f->e, 2 * VN_SEC, NULL, NULL);
	vn_session_interrupt(&f->s, SIGINT);
	vn_engine_run(f->e, VN_TIME_NEVER, is_done, f);
	assert_true(f->done);
	assert_int_equal(f->status, 130);
	assert_null(strstr(f->out, "after"));
}

static void test_session_fini_mid_line(void **state)
{
	struct fixture *f = *state;

	/* Tearing a session down mid-line must not start the next command. */
	assert_int_equal(vn_session_exec(&f->s, "sleep 10; sleep 20", done_cb,
					 f), 0);
	vn_engine_run(f->e, VN_SEC, NULL, NULL);
	vn_session_fini(&f->s);
	vn_engine_run(f->e, VN_TIME_NEVER, NULL, NULL);
	vn_session_init(&f->s, f->e, NULL);
}

static void test_session_parse_error_changes_nothing(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(run(f, "echo 'open"), -2);
	assert_non_null(strstr(f->out, "t.vnet:1: unterminated quoted string"));
	assert_int_equal(run(f, "echo fine"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_session_status_and_operators,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_stop_on_error_reports_line,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_sleep_is_virtual,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_background_jobs,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_wait_forever_is_detected,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_parse_error_changes_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_wait_job_status,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_interrupt_drops_rest_of_line,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_fini_mid_line,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
