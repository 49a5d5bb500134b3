// SPDX-License-Identifier: MIT
/*
 * tests/unit/capture/test_filter.c - capture filters through libpcap.
 *
 * The expected counts are what `tcpdump -r FIXTURE -w - EXPR` kept from
 * the fixtures (Debian 12, libpcap 1.10.3); the error text is what
 * libpcap puts after tcpdump's "tcpdump: ".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "capture/filter.h"
#include "corpus.h"

static struct corpus corpus;

static size_t count_matches(const struct vn_filter *f)
{
	size_t n = 0;

	for (size_t i = 0; i < corpus.n; i++)
		n += vn_filter_match(f, corpus.f[i].data, corpus.f[i].caplen);
	return n;
}

static void test_filter_counts_match_tcpdump(void **state)
{
	static const struct {
		const char *expr;
		size_t n_kernel, n_crafted;
	} cases[] = {
		{ "", 65, 161 },
		{ "icmp", 26, 57 },
		{ "arp", 6, 18 },
		{ "host 10.0.0.1", 51, 116 },
		{ "udp port 6000", 1, 8 },
		{ "tcp[tcpflags] & tcp-syn != 0", 3, 16 },
		{ "ip6", 14, 23 },
		{ "vlan", 0, 8 },
		{ "vlan 10", 0, 4 },
		{ "ether broadcast", 3, 21 },
		{ "icmp[icmptype] == icmp-unreach", 8, 22 },
		{ "ip[6:2] & 0x1fff != 0", 6, 6 },
	};
	struct vn_filter f;
	char err[256];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(vn_filter_compile(&f, cases[i].expr, err,
						   sizeof(err)), 0);
		assert_string_equal(err, "");
		assert_true(corpus_load(&corpus, "corpus-kernel.pcap") > 0);
		assert_int_equal(count_matches(&f), cases[i].n_kernel);
		corpus_free(&corpus);
		assert_true(corpus_load(&corpus, "corpus-crafted.pcap") > 0);
		assert_int_equal(count_matches(&f), cases[i].n_crafted);
		corpus_free(&corpus);
		vn_filter_free(&f);
	}
}

static void test_filter_empty_matches_all(void **state)
{
	static const uint8_t runt[1] = { 0 };
	struct vn_filter f;

	(void)state;
	assert_int_equal(vn_filter_compile(&f, NULL, NULL, 0), 0);
	assert_true(vn_filter_match(&f, runt, 0));
	vn_filter_free(&f);
	assert_int_equal(vn_filter_compile(&f, " \t ", NULL, 0), 0);
	assert_true(vn_filter_match(&f, runt, sizeof(runt)));
	vn_filter_free(&f);
}

static void test_filter_bad_expression_says_why(void **state)
{
	struct vn_filter f;
	char err[256];

	(void)state;
	assert_int_equal(vn_filter_compile(&f, "foo bar baz", err,
					   sizeof(err)), -EINVAL);
	assert_string_equal(err, "can't parse filter expression: syntax error");
	assert_true(vn_filter_match(&f, (const uint8_t *)"", 0));
	vn_filter_free(&f);
	assert_int_equal(vn_filter_compile(&f, "port 99999", err,
					   sizeof(err)), -EINVAL);
	assert_string_equal(err, "illegal port number 99999 > 65535");
	vn_filter_free(&f);
	/* A message longer than the buffer is cut, not overflowed. */
	assert_int_equal(vn_filter_compile(&f, "host", err, 8), -EINVAL);
	assert_int_equal(strlen(err), 7);
	vn_filter_free(&f);
}

/* Short frames: the BPF program must refuse, never read past @len. */
static void test_filter_short_frames(void **state)
{
	struct vn_filter f;

	(void)state;
	assert_true(corpus_load(&corpus, "corpus-kernel.pcap") > 0);
	assert_int_equal(vn_filter_compile(&f, "udp port 6000", NULL, 0), 0);
	for (size_t i = 0; i < corpus.n; i++) {
		for (uint32_t cut = 0; cut < corpus.f[i].caplen; cut++) {
			uint8_t *copy = malloc(cut ? cut : 1);

			memcpy(copy, corpus.f[i].data, cut);
			if (cut < 38)
				assert_false(vn_filter_match(&f, copy, cut));
			else
				vn_filter_match(&f, copy, cut);
			free(copy);
		}
	}
	vn_filter_free(&f);
	corpus_free(&corpus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_counts_match_tcpdump),
		cmocka_unit_test(test_filter_empty_matches_all),
		cmocka_unit_test(test_filter_bad_expression_says_why),
		cmocka_unit_test(test_filter_short_frames),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
