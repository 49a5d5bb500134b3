// SPDX-License-Identifier: MIT
/*
 * cmd/parse.c - the command-line tokenizer; see parse.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/parse.h"

enum tok_kind { TOK_WORD, TOK_AND, TOK_OR, TOK_SEMI, TOK_AMP, TOK_END };

struct lexer {
	const char *p;
	char *word;
	size_t len, cap;
	char *err;
	size_t errsize;
	bool quoted;		/* the last word had quotes or escapes */
};

static int push_char(struct lexer *lx, char c)
{
	if (lx->len + 1 >= lx->cap) {
		size_t cap = lx->cap ? lx->cap * 2 : 64;
		char *w = realloc(lx->word, cap);

		if (!w)
			return -ENOMEM;
		lx->word = w;
		lx->cap = cap;
	}
	lx->word[lx->len++] = c;
	lx->word[lx->len] = '\0';
	return 0;
}

static int fail(struct lexer *lx, const char *msg)
{
	snprintf(lx->err, lx->errsize, "%s", msg);
	return -EINVAL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * True when @p starts what sh would expand ($?, $VAR, ${..}, $(..), `..`):
 * vnet has no variables, and passing the text on literally would print or
 * do something other than what the line says.  A lone '$' stays literal.
 */
static bool is_expansion(const char *p)
{
	if (*p == '`')
		return true;
	if (*p != '$')
		return false;
	p++;
	return (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || (*p && strchr("_?{(#@*!$-", *p));
}

/* Reads one token; a word is left in lx->word. */
static int next_token(struct lexer *lx, enum tok_kind *kind)
{
	bool in_word = false;

	lx->len = 0;
	lx->quoted = false;
	if (lx->word)
		lx->word[0] = '\0';
	while (is_space(*lx->p))
		lx->p++;
	if (!*lx->p || *lx->p == '#') {
		*kind = TOK_END;
		return 0;
	}
	if (lx->p[0] == '&' && lx->p[1] == '&') {
		lx->p += 2;
		*kind = TOK_AND;
		return 0;
	}
	if (lx->p[0] == '|' && lx->p[1] == '|') {
		lx->p += 2;
		*kind = TOK_OR;
		return 0;
	}
	if (*lx->p == ';') {
		lx->p++;
		*kind = TOK_SEMI;
		return 0;
	}
	if (*lx->p == '&') {
		lx->p++;
		*kind = TOK_AMP;
		return 0;
	}
	while (*lx->p && !is_space(*lx->p)) {
		char c = *lx->p;

		if (c == '|')
			return fail(lx, "pipes are not supported");
		if (c == '>' || c == '<')
			return fail(lx, "redirections are not supported");
		if (is_expansion(lx->p))
			return fail(lx, "variables and command substitution are not supported");
		if (c == ';' || c == '&')
			break;
		if (c == '\'') {
			const char *end = strchr(lx->p + 1, '\'');

			if (!end)
				return fail(lx, "unterminated quoted string");
			for (const char *q = lx->p + 1; q < end; q++)
				if (push_char(lx, *q))
					return -ENOMEM;
			lx->p = end + 1;
			in_word = true;
			lx->quoted = true;
			continue;
		}
		if (c == '"') {
			lx->p++;
			while (*lx->p && *lx->p != '"') {
				if (is_expansion(lx->p))
					return fail(lx, "variables and command substitution are not supported");
				if (*lx->p == '\\' && lx->p[1] &&
				    strchr("\"\\$`", lx->p[1]))
					lx->p++;
				if (push_char(lx, *lx->p++))
					return -ENOMEM;
			}
			if (*lx->p != '"')
				return fail(lx, "unterminated quoted string");
			lx->p++;
			in_word = true;
			lx->quoted = true;
			continue;
		}
		if (c == '\\') {
			lx->p++;
			if (!*lx->p)
				break;
			c = *lx->p;
			lx->quoted = true;
		}
		if (push_char(lx, c))
			return -ENOMEM;
		lx->p++;
		in_word = true;
	}
	if (!in_word && !lx->len) {
		*kind = TOK_END;
		return 0;
	}
	*kind = TOK_WORD;
	return 0;
}

static int add_arg(struct vn_cmd_node *node, const char *word)
{
	char **argv = realloc(node->argv, (node->argc + 2) * sizeof(*argv));

	if (!argv)
		return -ENOMEM;
	node->argv = argv;
	argv[node->argc] = strdup(word ? word : "");
	if (!argv[node->argc])
		return -ENOMEM;
	argv[++node->argc] = NULL;
	return 0;
}

static int finish_node(struct vn_cmd_node *node)
{
	size_t len = 0;

	for (int i = 0; i < node->argc; i++)
		len += strlen(node->argv[i]) + 1;
	node->text = malloc(len + 1);
	if (!node->text)
		return -ENOMEM;
	node->text[0] = '\0';
	for (int i = 0; i < node->argc; i++) {
		if (i)
			strcat(node->text, " ");
		strcat(node->text, node->argv[i]);
	}
	return 0;
}

void vn_cmdline_free(struct vn_cmdline *cl)
{
	for (int i = 0; i < cl->n; i++) {
		struct vn_cmd_node *node = &cl->nodes[i];

		for (int j = 0; j < node->argc; j++)
			free(node->argv[j]);
		free(node->argv);
		free(node->text);
	}
	free(cl->nodes);
	cl->nodes = NULL;
	cl->n = 0;
}

static struct vn_cmd_node *new_node(struct vn_cmdline *cl)
{
	struct vn_cmd_node *nodes =
		realloc(cl->nodes, (cl->n + 1) * sizeof(*nodes));

	if (!nodes)
		return NULL;
	cl->nodes = nodes;
	memset(&nodes[cl->n], 0, sizeof(nodes[0]));
	return &nodes[cl->n++];
}

int vn_cmdline_parse(const char *line, struct vn_cmdline *out, char *err,
		     size_t errsize)
{
	struct lexer lx = { .p = line, .err = err, .errsize = errsize };
	struct vn_cmd_node *node = NULL;
	enum tok_kind kind;
	int rc;

	out->n = 0;
	out->nodes = NULL;
	for (;;) {
		rc = next_token(&lx, &kind);
		if (rc)
			goto fail;
		if (kind == TOK_WORD) {
			if (!node) {
				node = new_node(out);
				if (!node)
					goto nomem;
			}
			/* Only an unquoted ! negates, as in sh. */
			if (node->argc == 0 && !node->negate && !lx.quoted &&
			    lx.word && !strcmp(lx.word, "!")) {
				node->negate = true;
				continue;
			}
			if (add_arg(node, lx.word))
				goto nomem;
			continue;
		}
		if (kind == TOK_END)
			break;
		if (!node || node->argc == 0) {
			rc = fail(&lx, "syntax error near unexpected operator");
			goto fail;
		}
		if (finish_node(node))
			goto nomem;
		switch (kind) {
		case TOK_AND:
			node->next = VN_CONN_AND;
			break;
		case TOK_OR:
			node->next = VN_CONN_OR;
			break;
		case TOK_AMP:
			if (node != out->nodes &&
			    (node[-1].next == VN_CONN_AND ||
			     node[-1].next == VN_CONN_OR)) {
				rc = fail(&lx,
					  "only a simple command can run in the background");
				goto fail;
			}
			node->background = true;
			node->next = VN_CONN_SEQ;
			break;
		default:
			node->next = VN_CONN_SEQ;
			break;
		}
		node = NULL;
	}
	if (node) {
		if (node->argc == 0) {
			rc = fail(&lx, "syntax error: ! without a command");
			goto fail;
		}
		if (finish_node(node))
			goto nomem;
		node->next = VN_CONN_END;
	} else if (out->n) {
		struct vn_cmd_node *last = &out->nodes[out->n - 1];

		if (last->next == VN_CONN_AND || last->next == VN_CONN_OR) {
			rc = fail(&lx, "syntax error: line ends with an operator");
			goto fail;
		}
		last->next = VN_CONN_END;
	}
	free(lx.word);
	return 0;
nomem:
	rc = fail(&lx, "out of memory");
fail:
	free(lx.word);
	vn_cmdline_free(out);
	return rc;
}

int vn_split_words(const char *line, int *argc, char ***argv, char *err,
		   size_t errsize)
{
	struct vn_cmdline cl;
	int rc = vn_cmdline_parse(line, &cl, err, errsize);

	if (rc)
		return rc;
	if (cl.n > 1) {
		vn_cmdline_free(&cl);
		snprintf(err, errsize, "operators are not allowed here");
		return -EINVAL;
	}
	*argc = cl.n ? cl.nodes[0].argc : 0;
	*argv = cl.n ? cl.nodes[0].argv : NULL;
	if (cl.n) {
		cl.nodes[0].argv = NULL;
		cl.nodes[0].argc = 0;
	}
	vn_cmdline_free(&cl);
	return 0;
}

void vn_free_words(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}
