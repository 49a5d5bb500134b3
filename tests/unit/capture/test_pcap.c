// SPDX-License-Identifier: MIT
/*
 * tests/unit/capture/test_pcap.c - the pcap writer and reader.
 *
 * Round trips through a temporary file, checks the header bytes against
 * pcap-savefile(5), reads the fixtures written by the real tcpdump, and -
 * where tcpdump and tshark are installed - has them read what we wrote.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <unistd.h>

#include "capture/pcap.h"
#include "corpus.h"

static struct corpus corpus;

static void tmp_name(char *buf, size_t size)
{
	int fd;

	snprintf(buf, size, "/tmp/vnet-test-pcap-XXXXXX");
	fd = mkstemp(buf);
	assert_true(fd >= 0);
	close(fd);
}

static void write_corpus(const char *path, uint32_t snaplen)
{
	struct vn_pcap_writer w;

	assert_int_equal(vn_pcap_writer_open(&w, path, snaplen), 0);
	for (size_t i = 0; i < corpus.n; i++)
		assert_int_equal(vn_pcap_write(&w, corpus.f[i].data,
					       corpus.f[i].caplen,
					       corpus.f[i].sec,
					       corpus.f[i].usec), 0);
	assert_int_equal(w.n_frames, corpus.n);
	assert_int_equal(vn_pcap_writer_close(&w), 0);
}

static void test_pcap_reads_tcpdump_files(void **state)
{
	(void)state;
	assert_int_equal(corpus_load(&corpus, "corpus-kernel.pcap"), 65);
	corpus_free(&corpus);
	assert_int_equal(corpus_load(&corpus, "corpus-crafted.pcap"), 161);
	corpus_free(&corpus);
}

static void test_pcap_header_bytes(void **state)
{
	static const uint8_t frame[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct vn_pcap_writer w;
	uint8_t b[24 + 16 + 60];
	uint32_t v32;
	uint16_t v16;
	char path[64];
	FILE *f;

	(void)state;
	tmp_name(path, sizeof(path));
	assert_int_equal(vn_pcap_writer_open(&w, path, 0), 0);
	assert_int_equal(vn_pcap_write(&w, frame, sizeof(frame), 1700000000,
				       123456), 0);
	assert_int_equal(vn_pcap_writer_close(&w), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(b, 1, sizeof(b), f), sizeof(b));
	assert_int_equal(fgetc(f), EOF);
	fclose(f);
	unlink(path);
	/* Host byte order, as libpcap's pcap_dump_open() writes. */
	memcpy(&v32, b, 4);
	assert_int_equal(v32, 0xa1b2c3d4);
	memcpy(&v16, b + 4, 2);
	assert_int_equal(v16, 2);
	memcpy(&v16, b + 6, 2);
	assert_int_equal(v16, 4);
	memcpy(&v32, b + 16, 4);
	assert_int_equal(v32, 262144);
	memcpy(&v32, b + 20, 4);
	assert_int_equal(v32, 1);
	memcpy(&v32, b + 24, 4);
	assert_int_equal(v32, 1700000000);
	memcpy(&v32, b + 28, 4);
	assert_int_equal(v32, 123456);
	memcpy(&v32, b + 32, 4);
	assert_int_equal(v32, 60);
	memcpy(&v32, b + 36, 4);
	assert_int_equal(v32, 60);
	assert_memory_equal(b + 40, frame, sizeof(frame));
}

static void test_pcap_round_trip(void **state)
{
	static uint8_t buf[VN_PCAP_SNAPLEN];
	struct vn_pcap_reader r;
	struct vn_pcap_record rec;
	char path[64];
	size_t i = 0;

	(void)state;
	assert_true(corpus_load(&corpus, "corpus-crafted.pcap") > 0);
	tmp_name(path, sizeof(path));
	write_corpus(path, 0);
	assert_int_equal(vn_pcap_reader_open(&r, path), 0);
	assert_int_equal(r.linktype, VN_LINKTYPE_ETHERNET);
	assert_int_equal(r.snaplen, VN_PCAP_SNAPLEN);
	while (vn_pcap_read(&r, &rec, buf, sizeof(buf)) == 1) {
		assert_true(i < corpus.n);
		assert_int_equal(rec.caplen, corpus.f[i].caplen);
		assert_int_equal(rec.len, corpus.f[i].caplen);
		assert_int_equal(rec.sec, corpus.f[i].sec);
		assert_int_equal(rec.usec, corpus.f[i].usec);
		assert_memory_equal(buf, corpus.f[i].data, rec.caplen);
		i++;
	}
	assert_int_equal(i, corpus.n);
	vn_pcap_reader_close(&r);
	unlink(path);
	corpus_free(&corpus);
}

static void test_pcap_snaplen_cuts_frames(void **state)
{
	static uint8_t buf[VN_PCAP_SNAPLEN];
	struct vn_pcap_reader r;
	struct vn_pcap_record rec;
	char path[64];
	size_t i = 0;

	(void)state;
	assert_true(corpus_load(&corpus, "corpus-kernel.pcap") > 0);
	tmp_name(path, sizeof(path));
	write_corpus(path, 64);
	assert_int_equal(vn_pcap_reader_open(&r, path), 0);
	assert_int_equal(r.snaplen, 64);
	while (vn_pcap_read(&r, &rec, buf, sizeof(buf)) == 1) {
		assert_int_equal(rec.caplen, VN_MIN(corpus.f[i].caplen, 64u));
		assert_int_equal(rec.len, corpus.f[i].caplen);
		assert_memory_equal(buf, corpus.f[i].data, rec.caplen);
		i++;
	}
	assert_int_equal(i, corpus.n);
	vn_pcap_reader_close(&r);
	unlink(path);
	corpus_free(&corpus);
}

static void test_pcap_reader_refuses_garbage(void **state)
{
	static const char junk[] = "this is not a pcap file at all.";
	static uint8_t buf[64];
	struct vn_pcap_reader r;
	struct vn_pcap_record rec;
	struct vn_pcap_writer w;
	uint8_t frame[100] = { 0 };
	char path[64];
	FILE *f;

	(void)state;
	assert_int_equal(vn_pcap_reader_open(&r, "/nonexistent/x.pcap"),
			 -ENOENT);
	tmp_name(path, sizeof(path));
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(junk, 1, sizeof(junk), f);
	fclose(f);
	assert_int_equal(vn_pcap_reader_open(&r, path), -EINVAL);
	/* A record larger than the caller's buffer, then a cut record. */
	assert_int_equal(vn_pcap_writer_open(&w, path, 0), 0);
	assert_int_equal(vn_pcap_write(&w, frame, sizeof(frame), 0, 0), 0);
	assert_int_equal(vn_pcap_writer_close(&w), 0);
	assert_int_equal(vn_pcap_reader_open(&r, path), 0);
	assert_int_equal(vn_pcap_read(&r, &rec, buf, sizeof(buf)), -EMSGSIZE);
	vn_pcap_reader_close(&r);
	assert_int_equal(truncate(path, 24 + 16 + 50), 0);
	assert_int_equal(vn_pcap_reader_open(&r, path), 0);
	assert_int_equal(vn_pcap_read(&r, &rec, frame, sizeof(frame)),
			 -EINVAL);
	vn_pcap_reader_close(&r);
	unlink(path);
}

/* tcpdump -r and tshark -r must read our files; skipped if absent. */
static void test_pcap_tools_read_our_files(void **state)
{
	char path[64], cmd[256];
	int ran = 0;

	(void)state;
	assert_true(corpus_load(&corpus, "corpus-kernel.pcap") > 0);
	tmp_name(path, sizeof(path));
	write_corpus(path, 0);
	if (system("command -v tcpdump >/dev/null 2>&1") == 0) {
		snprintf(cmd, sizeof(cmd),
			 "test \"$(tcpdump -r %s -n 2>/dev/null | wc -l)\" -eq 65",
			 path);
		assert_int_equal(system(cmd), 0);
		ran++;
	}
	if (system("command -v tshark >/dev/null 2>&1") == 0) {
		snprintf(cmd, sizeof(cmd),
			 "test \"$(tshark -r %s 2>/dev/null | wc -l)\" -eq 65",
			 path);
		assert_int_equal(system(cmd), 0);
		ran++;
	}
	unlink(path);
	corpus_free(&corpus);
	if (!ran)
		skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pcap_reads_tcpdump_files),
		cmocka_unit_test(test_pcap_header_bytes),
		cmocka_unit_test(test_pcap_round_trip),
		cmocka_unit_test(test_pcap_snaplen_cuts_frames),
		cmocka_unit_test(test_pcap_reader_refuses_garbage),
		cmocka_unit_test(test_pcap_tools_read_our_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
