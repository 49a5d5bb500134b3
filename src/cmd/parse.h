/* SPDX-License-Identifier: MIT */
/*
 * cmd/parse.h - splitting a command line the way sh does, for the subset
 * vnet scripts use: words, quotes, backslash escapes, comments, and the
 * operators && || ; & and a leading !.  Pipes and redirections are
 * refused with a message rather than misread.
 */
#ifndef VN_CMD_PARSE_H
#define VN_CMD_PARSE_H

#include <stdbool.h>
#include <stddef.h>

enum vn_conn {
	VN_CONN_END,		/* last command of the line */
	VN_CONN_SEQ,		/* ; or & */
	VN_CONN_AND,		/* && */
	VN_CONN_OR,		/* || */
};

struct vn_cmd_node {
	int argc;
	char **argv;		/* NULL-terminated */
	char *text;		/* the words joined, for `jobs` and messages */
	bool negate;		/* ! CMD */
	bool background;	/* CMD & */
	enum vn_conn next;	/* how it joins the following command */
};

struct vn_cmdline {
	int n;
	struct vn_cmd_node *nodes;
};

/* Return: 0 (n may be 0 for a blank or comment line) or -EINVAL. */
int vn_cmdline_parse(const char *line, struct vn_cmdline *out, char *err,
		     size_t errsize);
void vn_cmdline_free(struct vn_cmdline *cl);

/* Splits only into words (no operators); for the daemon's own options. */
int vn_split_words(const char *line, int *argc, char ***argv, char *err,
		   size_t errsize);
void vn_free_words(int argc, char **argv);

#endif
