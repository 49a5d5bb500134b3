// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_parse.c - the command-line tokenizer (cmd/parse.c).
 *
 * The input is one line of text (cut at the first NUL).  Whatever it is,
 * parsing must either fail with a message or give well-formed nodes:
 * each with at least one word, argv NULL-terminated, the joined text,
 * only the last node ending the line, a background job never inside an
 * && or || list.  vn_split_words() must agree with the parse on the
 * words of a single command.  Everything is freed (LeakSanitizer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/parse.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void check_node(const struct vn_cmd_node *node, bool last)
{
	size_t len = 0;

	if (node->argc < 1 || !node->argv || node->argv[node->argc] ||
	    !node->text)
		abort();
	for (int i = 0; i < node->argc; i++) {
		if (!node->argv[i])
			abort();
		len += strlen(node->argv[i]) + (i ? 1 : 0);
	}
	if (strlen(node->text) != len)
		abort();
	if ((node->next == VN_CONN_END) != last)
		abort();
	if (node->background && node->next != VN_CONN_SEQ &&
	    node->next != VN_CONN_END)
		abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *line = malloc(size + 1);
	struct vn_cmdline cl;
	char err[256];
	char **argv;
	int argc, rc;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';

	err[0] = '\0';
	rc = vn_cmdline_parse(line, &cl, err, sizeof(err));
	if (rc) {
		/* Refused with a message, and nothing left allocated. */
		if (!err[0] || cl.n || cl.nodes)
			abort();
	} else {
		for (int i = 0; i < cl.n; i++)
			check_node(&cl.nodes[i], i == cl.n - 1);
	}

	err[0] = '\0';
	if (vn_split_words(line, &argc, &argv, err, sizeof(err)) == 0) {
		/* One command: the same words as the parse found. */
		if (rc || cl.n > 1 || argc != (cl.n ? cl.nodes[0].argc : 0))
			abort();
		for (int i = 0; i < argc; i++)
			if (strcmp(argv[i], cl.nodes[0].argv[i]))
				abort();
		vn_free_words(argc, argv);
	} else if (!err[0] || (!rc && cl.n <= 1)) {
		abort();
	}
	if (!rc)
		vn_cmdline_free(&cl);
	free(line);
	return 0;
}
