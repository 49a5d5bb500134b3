// SPDX-License-Identifier: MIT
/*
 * tests/unit/cmd/test_parse.c - the command-line tokenizer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cmd/parse.h"

static struct vn_cmdline parse_ok(const char *line)
{
	struct vn_cmdline cl;
	char err[128];

	assert_int_equal(vn_cmdline_parse(line, &cl, err, sizeof(err)), 0);
	return cl;
}

static void test_parse_words_and_quotes(void **state)
{
	struct vn_cmdline cl = parse_ok("echo 'a b' \"c \\\"d\\\"\" e\\ f ''");

	(void)state;
	assert_int_equal(cl.n, 1);
	assert_int_equal(cl.nodes[0].argc, 5);
	assert_string_equal(cl.nodes[0].argv[1], "a b");
	assert_string_equal(cl.nodes[0].argv[2], "c \"d\"");
	assert_string_equal(cl.nodes[0].argv[3], "e f");
	assert_string_equal(cl.nodes[0].argv[4], "");
	assert_null(cl.nodes[0].argv[5]);
	vn_cmdline_free(&cl);
}

static void test_parse_comments_and_blank(void **state)
{
	struct vn_cmdline cl = parse_ok("   # only a comment");

	(void)state;
	assert_int_equal(cl.n, 0);
	cl = parse_ok("");
	assert_int_equal(cl.n, 0);
	cl = parse_ok("ip link # trailing");
	assert_int_equal(cl.n, 1);
	assert_int_equal(cl.nodes[0].argc, 2);
	vn_cmdline_free(&cl);
	/* A # inside a word is not a comment, as in sh. */
	cl = parse_ok("echo a#b");
	assert_string_equal(cl.nodes[0].argv[1], "a#b");
	vn_cmdline_free(&cl);
	/* What sh would not expand stays literal. */
	cl = parse_ok("echo $ '$?' \\$x a$");
	assert_string_equal(cl.nodes[0].argv[1], "$");
	assert_string_equal(cl.nodes[0].argv[2], "$?");
	assert_string_equal(cl.nodes[0].argv[3], "$x");
	assert_string_equal(cl.nodes[0].argv[4], "a$");
	vn_cmdline_free(&cl);
}

static void test_parse_operators(void **state)
{
	struct vn_cmdline cl = parse_ok("! a x && b || c; d &");

	(void)state;
	assert_int_equal(cl.n, 4);
	assert_true(cl.nodes[0].negate);
	assert_int_equal(cl.nodes[0].next, VN_CONN_AND);
	assert_string_equal(cl.nodes[0].text, "a x");
	assert_int_equal(cl.nodes[1].next, VN_CONN_OR);
	assert_int_equal(cl.nodes[2].next, VN_CONN_SEQ);
	assert_true(cl.nodes[3].background);
	assert_false(cl.nodes[2].background);
	vn_cmdline_free(&cl);
	/* A quoted ! is a word, not negation. */
	cl = parse_ok("'!' x");
	assert_false(cl.nodes[0].negate);
	assert_string_equal(cl.nodes[0].argv[0], "!");
	vn_cmdline_free(&cl);
	cl = parse_ok("tcpdump -i br0&");
	assert_int_equal(cl.n, 1);
	assert_true(cl.nodes[0].background);
	vn_cmdline_free(&cl);
}

static void test_parse_errors(void **state)
{
	static const char *const bad[] = {
		"echo 'unterminated", "echo \"also", "a | b", "a > f",
		"&& a", "a &&", "a || ", "!", "a && b &", "; a",
		"echo $?", "echo \"rc $?\"", "echo ${x}", "echo $(ip a)",
		"echo `ip a`", "echo a$HOME",
	};
	struct vn_cmdline cl;
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_not_equal(vn_cmdline_parse(bad[i], &cl, err,
						      sizeof(err)), 0);
		assert_true(err[0] != '\0');
		assert_int_equal(cl.n, 0);
	}
}

static void test_parse_split_words(void **state)
{
	char err[64];
	char **argv;
	int argc;

	(void)state;
	assert_int_equal(vn_split_words("ip -n 'a b' link", &argc, &argv, err,
					sizeof(err)), 0);
	assert_int_equal(argc, 4);
	assert_string_equal(argv[2], "a b");
	vn_free_words(argc, argv);
	assert_int_not_equal(vn_split_words("a; b", &argc, &argv, err,
					    sizeof(err)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_words_and_quotes),
		cmocka_unit_test(test_parse_comments_and_blank),
		cmocka_unit_test(test_parse_operators),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_split_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
