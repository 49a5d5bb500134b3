// SPDX-License-Identifier: MIT
/*
 * tests/unit/capture/test_print.c - capture/print.c against tcpdump 4.99.
 *
 * The fixtures in data/ are real frames (mkcorpus.sh: kernel namespaces,
 * ping, arping, UDP, TCP, fragments, ICMP errors) and crafted ones
 * (mkcrafted.py: VLAN tags, LLC, STP, every ICMP code, TCP options,
 * malformed headers), with the text Debian 12's tcpdump printed for them
 * (mkexpect.sh).  Each test formats the same frames and wants the same
 * bytes; the cut tests do so for every frame cut at every length up to 96
 * bytes, and the truncation test cuts every frame at every length, to the
 * end, checking under ASan that nothing reads past the cut.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "capture/print.h"
#include "corpus.h"

#define LINE_MAX_ 65536

static struct corpus corpus;

enum cut_mode {
	CUT_NONE,
	CUT_WIRE,		/* caplen == len == cut: a short frame */
	CUT_SNAP,		/* caplen == cut < len: a short capture */
};

/* Appends one formatted frame and a newline to a growing text. */
static void append(char **text, size_t *len, size_t *size, const char *line)
{
	size_t n = strlen(line);

	if (*len + n + 2 > *size) {
		*size = (*size + n + 2) * 2;
		*text = realloc(*text, *size);
	}
	memcpy(*text + *len, line, n);
	*len += n;
	(*text)[(*len)++] = '\n';
	(*text)[*len] = '\0';
}

/* Points at the first differing line so a failure is readable. */
static void assert_same_text(const char *want, const char *got,
			     const char *what)
{
	size_t line = 1;
	const char *w = want, *g = got;

	while (*w && *w == *g) {
		if (*w == '\n')
			line++;
		w++;
		g++;
	}
	if (*w == *g)
		return;
	while (w > want && w[-1] != '\n')
		w--;
	while (g > got && g[-1] != '\n')
		g--;
	print_error("%s: line %zu differs\n  tcpdump: %.*s\n  vnet:    %.*s\n",
		    what, line, (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"),
		    g);
	fail();
}

static char *format_corpus(const struct vn_print_opts *opts,
			   enum cut_mode mode, uint32_t max_cut)
{
	struct vn_capture_printer *pr = malloc(sizeof(*pr));
	static char line[LINE_MAX_];
	size_t len = 0, size = 0;
	char *text = NULL;

	vn_capture_printer_init(pr, opts);
	append(&text, &len, &size, "");
	len = 0;
	for (size_t i = 0; i < corpus.n; i++) {
		const struct corpus_frame *f = &corpus.f[i];
		uint32_t cut, last = mode == CUT_NONE ? 0 :
					 VN_MIN(f->caplen, max_cut);

		for (cut = 0; cut <= last; cut++) {
			uint8_t *copy;
			uint32_t caplen = mode == CUT_NONE ? f->caplen : cut;
			uint32_t wire = mode == CUT_WIRE ? cut : f->len;

			/* An exact-size copy, so ASan sees any overread. */
			copy = malloc(caplen ? caplen : 1);
			memcpy(copy, f->data, caplen);
			vn_capture_print(pr, line, sizeof(line), copy, caplen,
					 wire, f->sec, f->usec);
			free(copy);
			append(&text, &len, &size, line);
		}
	}
	free(pr);
	return text;
}

static void check_corpus(const char *pcap, const char *expect,
			 const struct vn_print_opts *opts, enum cut_mode mode)
{
	char *want, *got;

	assert_true(corpus_load(&corpus, pcap) > 0);
	want = corpus_text(expect);
	assert_non_null(want);
	got = format_corpus(opts, mode, 96);
	assert_same_text(want, got, expect);
	free(want);
	free(got);
	corpus_free(&corpus);
}

static const struct vn_print_opts opt_n = { .numeric = true };
static const struct vn_print_opts opt_ne = { .numeric = true, .ether = true };
static const struct vn_print_opts opt_e = { .ether = true };
static const struct vn_print_opts opt_plain = { .numeric = false };

static void test_print_kernel_numeric(void **state)
{
	(void)state;
	check_corpus("corpus-kernel.pcap", "corpus-kernel.n.txt", &opt_n,
		     CUT_NONE);
}

static void test_print_kernel_numeric_ether(void **state)
{
	(void)state;
	check_corpus("corpus-kernel.pcap", "corpus-kernel.ne.txt", &opt_ne,
		     CUT_NONE);
}

static void test_print_kernel_names_ether(void **state)
{
	(void)state;
	check_corpus("corpus-kernel.pcap", "corpus-kernel.e.txt", &opt_e,
		     CUT_NONE);
}

static void test_print_kernel_names(void **state)
{
	(void)state;
	check_corpus("corpus-kernel.pcap", "corpus-kernel.plain.txt",
		     &opt_plain, CUT_NONE);
}

static void test_print_crafted_numeric(void **state)
{
	(void)state;
	check_corpus("corpus-crafted.pcap", "corpus-crafted.n.txt", &opt_n,
		     CUT_NONE);
}

static void test_print_crafted_numeric_ether(void **state)
{
	(void)state;
	check_corpus("corpus-crafted.pcap", "corpus-crafted.ne.txt", &opt_ne,
		     CUT_NONE);
}

static void test_print_crafted_names_ether(void **state)
{
	(void)state;
	check_corpus("corpus-crafted.pcap", "corpus-crafted.e.txt", &opt_e,
		     CUT_NONE);
}

static void test_print_crafted_names(void **state)
{
	(void)state;
	check_corpus("corpus-crafted.pcap", "corpus-crafted.plain.txt",
		     &opt_plain, CUT_NONE);
}

static void test_print_kernel_cut_frames(void **state)
{
	(void)state;
	check_corpus("corpus-kernel.pcap", "corpus-kernel.cut-wire.txt",
		     &opt_n, CUT_WIRE);
}

static void test_print_kernel_cut_captures(void **state)
{
	(void)state;
	check_corpus("corpus-kernel.pcap", "corpus-kernel.cut-snap.txt",
		     &opt_n, CUT_SNAP);
}

static void test_print_crafted_cut_frames(void **state)
{
	(void)state;
	check_corpus("corpus-crafted.pcap", "corpus-crafted.cut-wire.txt",
		     &opt_n, CUT_WIRE);
}

static void test_print_crafted_cut_captures(void **state)
{
	(void)state;
	check_corpus("corpus-crafted.pcap", "corpus-crafted.cut-snap.txt",
		     &opt_n, CUT_SNAP);
}

static void format_both(char *line, size_t size, char *tiny, size_t tiny_size,
			const uint8_t *frame, uint32_t len,
			const struct vn_print_opts *opts)
{
	size_t n = vn_capture_format(line, size, frame, len, 1, 2, opts);

	assert_int_equal(n, strlen(line));
	n = vn_capture_format(tiny, tiny_size, frame, len, 1, 2, opts);
	assert_true(strlen(tiny) < tiny_size);
	assert_true(n >= strlen(tiny));
}

/*
 * Every fixture frame cut at every length, with every option set, both
 * ways: nothing may read outside the cut (ASan build), and the line must
 * be NUL-terminated even in a tiny buffer.
 */
static void test_print_truncation_every_length(void **state)
{
	static const char *const files[] = {
		"corpus-kernel.pcap",
		"corpus-crafted.pcap",
	};
	const struct vn_print_opts *opts[] = {
		&opt_n, &opt_ne, &opt_e, &opt_plain,
	};
	struct vn_capture_printer *pr = malloc(sizeof(*pr));
	static char line[LINE_MAX_];
	char tiny[8];

	(void)state;
	vn_capture_printer_init(pr, &opt_e);
	for (size_t fi = 0; fi < ARRAY_SIZE(files); fi++) {
		assert_true(corpus_load(&corpus, files[fi]) > 0);
		for (size_t i = 0; i < corpus.n; i++) {
			const struct corpus_frame *f = &corpus.f[i];

			for (uint32_t cut = 0; cut <= f->caplen; cut++) {
				uint8_t *copy = malloc(cut ? cut : 1);

				memcpy(copy, f->data, cut);
				for (size_t o = 0; o < ARRAY_SIZE(opts); o++)
					format_both(line, sizeof(line), tiny,
						    sizeof(tiny), copy, cut,
						    opts[o]);
				/* A short capture of a longer frame. */
				vn_capture_print(pr, line, sizeof(line), copy,
						 cut, f->len, 0, 0);
				free(copy);
			}
		}
		corpus_free(&corpus);
	}
	free(pr);
}

/* The brief's examples, as bytes: what one stateless call prints. */
static void test_print_format_examples(void **state)
{
	/* ARP request 10.0.0.1 -> 10.0.0.2 from be:59:22:a4:d4:5f. */
	static const uint8_t arp[42] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbe, 0x59, 0x22, 0xa4,
		0xd4, 0x5f, 0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04,
		0x00, 0x01, 0xbe, 0x59, 0x22, 0xa4, 0xd4, 0x5f, 10, 0, 0, 1,
		0, 0, 0, 0, 0, 0, 10, 0, 0, 2,
	};
	char line[256];
	size_t n;

	(void)state;
	n = vn_capture_format(line, sizeof(line), arp, sizeof(arp), 3661, 42,
			      &opt_n);
	assert_string_equal(line, "01:01:01.000042 ARP, Request who-has "
			    "10.0.0.2 tell 10.0.0.1, length 28");
	assert_int_equal(n, strlen(line));
	vn_capture_format(line, sizeof(line), arp, sizeof(arp), 0, 0,
			  &opt_ne);
	assert_string_equal(line, "00:00:00.000000 be:59:22:a4:d4:5f > "
			    "ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), "
			    "length 42: Request who-has 10.0.0.2 tell "
			    "10.0.0.1, length 28");
	vn_capture_format(line, sizeof(line), arp, sizeof(arp), 0, 0, &opt_e);
	assert_string_equal(line, "00:00:00.000000 be:59:22:a4:d4:5f "
			    "(oui Unknown) > Broadcast, ethertype ARP "
			    "(0x0806), length 42: Request who-has 10.0.0.2 "
			    "tell 10.0.0.1, length 28");
	/* A short buffer keeps a terminated prefix and reports the whole. */
	n = vn_capture_format(line, 10, arp, sizeof(arp), 0, 0, &opt_n);
	assert_string_equal(line, "00:00:00.");
	assert_int_equal(n, strlen("00:00:00.000000 ARP, Request who-has "
				   "10.0.0.2 tell 10.0.0.1, length 28"));
}

/* Relative TCP numbers need the conversation's first ACK segment. */
static void test_print_tcp_relative_needs_state(void **state)
{
	struct vn_capture_printer *pr = malloc(sizeof(*pr));
	char line[LINE_MAX_];
	const char *want_first, *want_third;
	bool found = false;
	int n;

	(void)state;
	n = corpus_load(&corpus, "corpus-crafted.pcap");
	assert_true(n > 0);
	vn_capture_printer_init(pr, &opt_n);
	for (size_t i = 0; i < corpus.n; i++) {
		const struct corpus_frame *f = &corpus.f[i];

		vn_capture_print(pr, line, sizeof(line), f->data, f->caplen,
				 f->len, f->sec, f->usec);
		if (!strstr(line, "40000 > 10.0.0.2.7777: Flags [.], ack"))
			continue;
		/* Stateful: relative to the SYN-ACK seen just before. */
		want_third = strstr(line, "ack 1, win");
		assert_non_null(want_third);
		/* Stateless: as the first frame of a capture, absolute. */
		vn_capture_format(line, sizeof(line), f->data, f->caplen,
				  f->sec, f->usec, &opt_n);
		want_first = strstr(line, "ack 4097, win");
		assert_non_null(want_first);
		found = true;
		break;
	}
	assert_true(found);
	assert_true(pr->n_conv > 0);
	free(pr);
	corpus_free(&corpus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_print_kernel_numeric),
		cmocka_unit_test(test_print_kernel_numeric_ether),
		cmocka_unit_test(test_print_kernel_names_ether),
		cmocka_unit_test(test_print_kernel_names),
		cmocka_unit_test(test_print_crafted_numeric),
		cmocka_unit_test(test_print_crafted_numeric_ether),
		cmocka_unit_test(test_print_crafted_names_ether),
		cmocka_unit_test(test_print_crafted_names),
		cmocka_unit_test(test_print_kernel_cut_frames),
		cmocka_unit_test(test_print_kernel_cut_captures),
		cmocka_unit_test(test_print_crafted_cut_frames),
		cmocka_unit_test(test_print_crafted_cut_captures),
		cmocka_unit_test(test_print_truncation_every_length),
		cmocka_unit_test(test_print_format_examples),
		cmocka_unit_test(test_print_tcp_relative_needs_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
