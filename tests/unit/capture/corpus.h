/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/capture/corpus.h - load the capture fixtures of data/.
 *
 * Shared by the capture tests (header-only, static functions).  Paths are
 * relative to the repository root, or to $VNET_SRCDIR when set; tests run
 * from the root.  Every frame is copied into its own allocation of exactly
 * its captured length, so ASan flags any read past it.
 */
#ifndef VN_TESTS_CAPTURE_CORPUS_H
#define VN_TESTS_CAPTURE_CORPUS_H

#include <stdio.h>
#include <stdlib.h>

#include "capture/pcap.h"

#define CORPUS_MAX 512

struct corpus_frame {
	uint8_t *data;
	uint32_t caplen, len;
	int64_t sec;
	int32_t usec;
};

struct corpus {
	struct corpus_frame f[CORPUS_MAX];
	size_t n;
};

static inline const char *corpus_path(char *buf, size_t size, const char *name)
{
	const char *dir = getenv("VNET_SRCDIR");

	snprintf(buf, size, "%s/tests/unit/capture/data/%s", dir ? dir : ".",
		 name);
	return buf;
}

/* Loads a pcap fixture; returns the number of frames, or -errno. */
static inline int corpus_load(struct corpus *c, const char *name)
{
	static uint8_t buf[VN_PCAP_SNAPLEN];
	struct vn_pcap_reader r;
	struct vn_pcap_record rec;
	char path[512];
	int err;

	c->n = 0;
	err = vn_pcap_reader_open(&r, corpus_path(path, sizeof(path), name));
	if (err)
		return err;
	while (c->n < CORPUS_MAX &&
	       (err = vn_pcap_read(&r, &rec, buf, sizeof(buf))) == 1) {
		struct corpus_frame *f = &c->f[c->n++];

		f->data = malloc(rec.caplen ? rec.caplen : 1);
		memcpy(f->data, buf, rec.caplen);
		f->caplen = rec.caplen;
		f->len = rec.len;
		f->sec = rec.sec;
		f->usec = rec.usec;
	}
	vn_pcap_reader_close(&r);
	return err < 0 ? err : (int)c->n;
}

static inline void corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->f[i].data);
	c->n = 0;
}

/* Reads a whole text fixture (NUL-terminated, caller frees), or NULL. */
static inline char *corpus_text(const char *name)
{
	char path[512];
	FILE *f = fopen(corpus_path(path, sizeof(path), name), "rb");
	char *s;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	if (fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	} else {
		s[n] = '\0';
	}
	fclose(f);
	return s;
}

#endif
