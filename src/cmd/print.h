/* SPDX-License-Identifier: MIT */
/*
 * cmd/print.h - output that is iproute2's text or JSON from one code path.
 *
 * Mirrors iproute2's json_print.h: each print call names a JSON key and a
 * text format; PR_ANY prints in both modes, PR_TEXT only as text, PR_JSON
 * only as JSON.  Output is collected and written once by vn_pr_finish().
 */
#ifndef VN_CMD_PRINT_H
#define VN_CMD_PRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "vnet/job.h"

enum vn_pr_kind { PR_ANY, PR_TEXT, PR_JSON };



struct vn_pr {
	struct vn_job *job;
	bool json;
	bool pretty;
	char *buf;
	size_t len, cap;
	int depth;
	char sep;		/* JSON: ',' once a value was written */
};

void vn_pr_init(struct vn_pr *pr, struct vn_job *job, bool json, bool pretty);
/* Writes everything out (JSON gets its final newline) and frees. */
void vn_pr_finish(struct vn_pr *pr);

void vn_pr_open_array(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		      const char *text);
void vn_pr_close_array(struct vn_pr *pr, enum vn_pr_kind kind,
		       const char *text);
void vn_pr_open_object(struct vn_pr *pr, const char *key);
void vn_pr_close_object(struct vn_pr *pr);

void vn_pr_string(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		  const char *fmt, const char *value);
void vn_pr_uint(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		const char *fmt, uint64_t value);
void vn_pr_int(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
	       const char *fmt, int64_t value);
void vn_pr_bool(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		const char *fmt, bool value);
/* print_float(): JSON "%g", text @fmt. */
void vn_pr_float(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		 const char *fmt, double value);
void vn_pr_null(struct vn_pr *pr, enum vn_pr_kind kind, const char *key,
		const char *fmt);
/*
 * A bridge timer as iproute2's _bridge_print_timer(): text "KEY %4i.%.2i ",
 * JSON the same digits unquoted.  @left in nanoseconds.
 */
void vn_pr_timer(struct vn_pr *pr, const char *key, int64_t left);
/* Text only, printf-style. */
void vn_pr_text(struct vn_pr *pr, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Text: turns the line breaks written since @mark into "\\" (ip -o). */
void vn_pr_oneline(struct vn_pr *pr, size_t mark);

/* A text newline (nothing in JSON). */
void vn_pr_nl(struct vn_pr *pr);

#endif
