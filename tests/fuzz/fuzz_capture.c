// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_capture.c - the tcpdump printer (capture/print*.c).
 *
 * The input is an options byte, an output-size byte, and a sequence of
 * frames (captured length, wire length, bytes).  Each frame sits in an
 * allocation of exactly its captured length, so ASan flags any read
 * outside [frame, frame+caplen).  Two printers see the same frames: one
 * into a buffer of the chosen (often tiny) size, one into a large one.
 * The oracle: the returned length is the full text's; the small output is
 * NUL-terminated and a prefix of the full one; the stateless form
 * vn_capture_format() agrees with a fresh printer on the first frame.
 *
 * Options byte: bit 0 -n, bit 1 -e, bit 2 -S, bits 3-5 the timestamp
 * form, bits 6-7 -x, -xx, -X.  Frame: caplen (2 bytes, up to 2048), wire
 * length minus caplen (1 byte), the bytes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "capture/print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BIG 65536

static struct vn_capture_printer small_pr, big_pr, fresh_pr;
static char big[BIG], other[BIG];

static void check_prefix(const char *small, size_t small_size, size_t n,
			 const char *full, size_t full_n)
{
	size_t len;

	if (n != full_n)
		abort();
	if (!small_size)
		return;
	len = strlen(small);
	if (len != (n < small_size ? n : small_size - 1))
		abort();
	if (memcmp(small, full, len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vn_print_opts opts = { 0 };
	size_t out_size, off = 2;
	char *out;
	int64_t sec = 1767225600;
	int32_t usec = 0;
	bool first = true;

	if (size < 2)
		return 0;
	opts.numeric = data[0] & 1;
	opts.ether = data[0] & 2;
	opts.absolute_seq = data[0] & 4;
	opts.tstamp = (enum vn_print_tstamp)(((data[0] >> 3) & 7) % 6);
	switch (data[0] >> 6) {
	case 1:
		opts.hex = 1;
		break;
	case 2:
		opts.hex = 2;
		break;
	case 3:
		opts.hex_ascii = 1;
		break;
	}
	out_size = data[1] == 255 ? BIG : data[1];
	out = malloc(out_size ? out_size : 1);
	if (!out)
		return 0;
	vn_capture_printer_init(&small_pr, &opts);
	vn_capture_printer_init(&big_pr, &opts);

	while (off + 3 <= size) {
		size_t caplen = ((size_t)data[off] << 8 | data[off + 1]) % 2049;
		size_t wire = caplen + data[off + 2];
		uint8_t *frame;
		size_t n, full_n;

		off += 3;
		if (caplen > size - off)
			caplen = size - off;
		frame = malloc(caplen ? caplen : 1);
		if (!frame)
			break;
		memcpy(frame, data + off, caplen);
		off += caplen;
		usec += 1234;

		n = vn_capture_print(&small_pr, out, out_size, frame, caplen,
				     wire, sec, usec);
		full_n = vn_capture_print(&big_pr, big, BIG, frame, caplen,
					  wire, sec, usec);
		if (full_n >= BIG)
			abort();	/* one frame never prints 64 KiB */
		check_prefix(out, out_size, n, big, full_n);

		if (first && caplen == wire) {
			/* The stateless form is a fresh printer. */
			vn_capture_printer_init(&fresh_pr, &opts);
			full_n = vn_capture_print(&fresh_pr, big, BIG, frame,
						  caplen, caplen, sec, usec);
			n = vn_capture_format(other, BIG, frame, caplen, sec,
					      usec, &opts);
			if (n != full_n || strcmp(other, big))
				abort();
		}
		first = false;
		free(frame);
	}
	free(out);
	return 0;
}
