// SPDX-License-Identifier: MIT
/*
 * tests/unit/base/test_err.c - error slots, assertion failures and the
 * drop-reason names (base/err.c, base/drop.c).
 */
#include "helpers.h"

#include <sys/wait.h>
#include <unistd.h>

#include "base/drop.h"
#include "base/err.h"

static void test_err_first_message_wins(void **state)
{
	struct vn_err err;

	(void)state;
	vn_err_init(&err);
	assert_false(vn_err_isset(&err));
	assert_int_equal(vn_err_set(&err, -ENOENT, "Cannot find device \"%s\"",
				    "eth9"), -ENOENT);
	assert_true(vn_err_isset(&err));
	assert_string_equal(err.msg, "Cannot find device \"eth9\"");
	/* The innermost cause is kept; the code is still returned. */
	assert_int_equal(vn_err_set(&err, -EINVAL, "outer"), -EINVAL);
	assert_string_equal(err.msg, "Cannot find device \"eth9\"");
	vn_err_init(&err);
	assert_false(vn_err_isset(&err));
}

static void test_err_null_slot(void **state)
{
	(void)state;
	assert_int_equal(vn_err_set(NULL, -EPERM, "ignored %d", 1), -EPERM);
	assert_int_equal(vn_err_rtnl(NULL, -EEXIST), -EEXIST);
	assert_false(vn_err_isset(NULL));
}

static void test_err_rtnl_messages(void **state)
{
	struct vn_err err;

	(void)state;
	/* What iproute2 prints for a kernel refusal. */
	vn_err_init(&err);
	assert_int_equal(vn_err_rtnl(&err, -EEXIST), -EEXIST);
	assert_string_equal(err.msg, "RTNETLINK answers: File exists");
	vn_err_init(&err);
	vn_err_rtnl(&err, -EADDRNOTAVAIL);
	assert_string_equal(err.msg,
			    "RTNETLINK answers: Cannot assign requested address");
	vn_err_init(&err);
	vn_err_rtnl(&err, -EOPNOTSUPP);
	assert_string_equal(err.msg, "RTNETLINK answers: Operation not supported");
}

static void test_err_long_message_truncated(void **state)
{
	struct vn_err err;
	char big[2000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	vn_err_init(&err);
	vn_err_set(&err, -EINVAL, "%s", big);
	assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
}

static void test_err_assert_aborts_with_message(void **state)
{
	int fds[2], status;
	char out[256] = { 0 };
	ssize_t n;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 2);
		VN_ASSERT(1 + 1 == 3);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], out, sizeof(out) - 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_true(n > 0);
	assert_non_null(strstr(out, "vnet: assertion failed: 1 + 1 == 3 ("));
	assert_non_null(strstr(out, "test_err.c:"));
	/* A true assertion costs nothing and does nothing. */
	VN_ASSERT(1 + 1 == 2);
}

static void test_err_drop_names(void **state)
{
	(void)state;
	assert_string_equal(vn_drop_name(VN_DROP_NOT_SPECIFIED),
			    "NOT_SPECIFIED");
	assert_string_equal(vn_drop_name(VN_DROP_IP_CSUM), "IP_CSUM");
	assert_string_equal(vn_drop_text(VN_DROP_IP_CSUM),
			    "IPv4: bad header checksum");
	assert_string_equal(vn_drop_name(VN_DROP__COUNT), "?");
	assert_string_equal(vn_drop_text((enum vn_drop_reason)1000), "?");
	/* Every reason has a distinct, non-empty name and a text. */
	for (int i = 0; i < VN_DROP__COUNT; i++) {
		assert_true(strlen(vn_drop_name(i)) > 0);
		assert_true(strlen(vn_drop_text(i)) > 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(vn_drop_name(i),
						vn_drop_name(j));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_heap_setup, \
						vn_test_heap_teardown)
		T(test_err_first_message_wins),
		T(test_err_null_slot),
		T(test_err_rtnl_messages),
		T(test_err_long_message_truncated),
		T(test_err_assert_aborts_with_message),
		T(test_err_drop_names),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
