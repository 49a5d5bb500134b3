// SPDX-License-Identifier: MIT
/*
 * cmd/print.c - text and JSON output (iproute2's json_print.c).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cmd/print.h"

static void put(struct vn_pr *pr, const char *p, size_t n)
{
	if (pr->len + n + 1 > pr->cap) {
		size_t cap = pr->cap ? pr->cap : 4096;
		char *b;

		while (pr->len + n + 1 > cap)
			cap *= 2;
		b = realloc(pr->buf, cap);
		if (!b)
			return;
		pr->buf = b;
		pr->cap = cap;
	}
	memcpy(pr->buf + pr->len, p, n);
	pr->len += n;
	pr->buf[pr->len] = '\0';
}

static void putf(struct vn_pr *pr, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void putf(struct vn_pr *pr, const char *fmt, ...)
{
	char stack[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(stack, sizeof(stack), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(stack)) {
		put(pr, stack, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);

		if (!big)
			return;
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		put(pr, big, (size_t)n);
		free(big);
	}
}

void vn_pr_init(struct vn_pr *pr, struct vn_job *job, bool json, bool pretty)
{
	memset(pr, 0, sizeof(*pr));
	pr->job = job;
	pr->json = json;
	pr->pretty = pretty;
}

void vn_pr_finish(struct vn_pr *pr)
{
	if (pr->json)
		put(pr, "\n", 1);
	if (pr->len)
		vn_job_write(pr->job, 1, pr->buf, pr->len);
	free(pr->buf);
	pr->buf = NULL;
	pr->len = pr->cap = 0;
}

/*
 * The JSON writer follows iproute2's json_writer.c step by step, so -j
 * and -j -p print byte for byte what ip prints: a separator char that
 * becomes ',' after each value, a new line plus four spaces per level
 * before each member name when pretty, "[ " and " ]" around arrays.
 */
static void json_eol(struct vn_pr *pr)
{
	if (!pr->pretty)
		return;
	put(pr, "\n", 1);
	for (int i = 0; i < pr->depth; i++)
		put(pr, "    ", 4);
}

static void json_eor(struct vn_pr *pr)
{
	if (pr->sep)
		put(pr, &pr->sep, 1);
	pr->sep = ',';
}

static void json_begin(struct vn_pr *pr, char c)
{
	json_eor(pr);
	put(pr, &c, 1);
	pr->depth++;
	pr->sep = '\0';
}

static void json_end(struct vn_pr *pr, char c)
{
	if (pr->depth > 0)
		pr->depth--;
	if (pr->sep)
		json_eol(pr);
	put(pr, &c, 1);
	pr->sep = ',';
}

static void json_escape(struct vn_pr *pr, const char *s)
{
	put(pr, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };

			put(pr, e, 2);
		} else if (c < 0x20) {
			putf(pr, "\\u%04x", c);
		} else {
			put(pr, (const char *)&c, 1);
		}
	}
	put(pr, "\"", 1);
}

/* jsonw_name(). */
static void json_name(struct vn_pr *pr, const char *key)
{
	json_eor(pr);
	json_eol(pr);
	pr->sep = '\0';
	json_escape(pr, key);
	put(pr, pr->pretty ? ": " : ":", pr->pretty ? 2 : 1);
}

/* Before a scalar: its name (for a member), then the separator. */
static void json_key(struct vn_pr *pr, const char *key)
{
	if (key)
		json_name(pr, key);
	json_eor(pr);
}

static bool want(const struct vn_pr *pr, enum vn_pr_kind kind)
{
	return pr->json ? kind != PR_TEXT : kind != PR_JSON;
}

void vn_pr_open_array(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		      const char *text)
{
	if (!want(pr, kind))
		return;
	if (!pr->json) {
		if (text)
			put(pr, text, strlen(text));
		return;
	}
	if (key)
		json_name(pr, key);
	json_begin(pr, '[');
	if (pr->pretty)
		put(pr, " ", 1);
}

void vn_pr_close_array(struct vn_pr *pr, enum vn_pr_kind kind,
		       const char *text)
{
	if (!want(pr, kind))
		return;
	if (!pr->json) {
		if (text)
			put(pr, text, strlen(text));
		return;
	}
	if (pr->pretty && pr->sep)
		put(pr, " ", 1);
	pr->sep = '\0';
	json_end(pr, ']');
}

void vn_pr_open_object(struct vn_pr *pr, const char *key)
{
	if (!pr->json)
		return;
	if (key)
		json_name(pr, key);
	json_begin(pr, '{');
}

void vn_pr_close_object(struct vn_pr *pr)
{
	if (!pr->json)
		return;
	json_end(pr, '}');
}

void vn_pr_string(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		  const char *fmt, const char *value)
{
	if (!want(pr, kind))
		return;
	if (pr->json) {
		json_key(pr, key);
		json_escape(pr, value ? value : "");
	} else if (fmt) {
		putf(pr, fmt, value ? value : "");
	}
}

void vn_pr_uint(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		const char *fmt, uint64_t value)
{
	if (!want(pr, kind))
		return;
	if (pr->json) {
		json_key(pr, key);
		putf(pr, "%" PRIu64, value);
	} else if (fmt) {
		putf(pr, fmt, value);
	}
}

void vn_pr_int(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
	       const char *fmt, int64_t value)
{
	if (!want(pr, kind))
		return;
	if (pr->json) {
		json_key(pr, key);
		putf(pr, "%" PRId64, value);
	} else if (fmt) {
		putf(pr, fmt, value);
	}
}

void vn_pr_bool(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		const char *fmt, bool value)
{
	if (!want(pr, kind))
		return;
	if (pr->json) {
		json_key(pr, key);
		put(pr, value ? "true" : "false", value ? 4 : 5);
	} else if (fmt) {
		putf(pr, fmt, value ? "true" : "false");
	}
}

void vn_pr_float(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		 const char *fmt, double value)
{
	if (!want(pr, kind))
		return;
	if (pr->json) {
		json_key(pr, key);
		putf(pr, "%g", value);
	} else if (fmt) {
		putf(pr, fmt, value);
	}
}

void vn_pr_timer(struct vn_pr *pr, const char *key, int64_t left)
{
	/* Whole jiffies (HZ 100 as clock_t) like __jiffies_to_tv(). */
	int64_t cs = left > 0 ? left / (10 * VN_MSEC) : 0;
	int sec = (int)(cs / 100), hundredths = (int)(cs % 100);

	if (pr->json) {
		json_key(pr, key);
		putf(pr, "%i.%.2i", sec, hundredths);
	} else {
		putf(pr, "%s %4i.%.2i ", key, sec, hundredths);
	}
}

void vn_pr_null(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		const char *fmt)
{
	if (!want(pr, kind))
		return;
	if (pr->json) {
		json_key(pr, key);
		put(pr, "null", 4);
	} else if (fmt) {
		put(pr, fmt, strlen(fmt));
	}
}

void vn_pr_text(struct vn_pr *pr, const char *fmt, ...)
{
	char stack[1024];
	va_list ap;
	int n;

	if (pr->json)
		return;
	va_start(ap, fmt);
	n = vsnprintf(stack, sizeof(stack), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(pr, stack, VN_MIN((size_t)n, sizeof(stack) - 1));
}

void vn_pr_oneline(struct vn_pr *pr, size_t mark)
{
	if (pr->json)
		return;
	for (size_t i = mark; i < pr->len; i++)
		if (pr->buf[i] == '\n')
			pr->buf[i] = '\\';
}

void vn_pr_nl(struct vn_pr *pr)
{
	if (!pr->json)
		put(pr, "\n", 1);
}
