// SPDX-License-Identifier: MIT
/*
 * tool/run.c - `vnet run FILE...`: scripts in a fresh engine.
 *
 * Lines run one by one as `sh -e` would: a failing line prints
 * "FILE:LINE: ..." and ends the run with status 1.  The clock is virtual
 * unless --real-time: sleeps and timeouts take no wall time and every run
 * with the same --seed prints the same thing.  A foreground command that
 * can never finish (nothing left to happen on a virtual clock) is
 * interrupted and reported.  At the end, background jobs get SIGINT, as
 * from Ctrl-C, so captures print their summaries.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/session.h"
#include "tool/tool.h"

static void write_stdio(void *arg, int fd, const char *data, size_t len)
{
	FILE *f = fd == 2 ? stderr : stdout;

	(void)arg;
	/* One stream order for stdout and stderr: flush both each time. */
	fflush(fd == 2 ? stdout : stderr);
	fwrite(data, 1, len, f);
	fflush(f);
}

struct line_state {
	bool done;
	int status;
};

static void line_done(struct vn_session *s, int status, void *arg)
{
	struct line_state *st = arg;

	(void)s;
	st->done = true;
	st->status = status;
}

static bool is_done(void *arg)
{
	return ((struct line_state *)arg)->done;
}

static bool jobs_done(void *arg)
{
	return !vn_session_has_running_jobs(arg);
}

/* Runs one line to completion; returns its status. */
static int run_line(struct vn_session *s, const char *text)
{
	struct line_state st = { 0 };

	if (vn_session_exec(s, text, line_done, &st))
		return 2;	/* the parse error is printed */
	if (vn_engine_run(s->engine, VN_TIME_NEVER, is_done, &st) ==
	    VN_RUN_IDLE) {
		vn_session_printf(s, 2,
				  "%s:%d: '%s' would wait forever: nothing is left to happen (virtual time)\n",
				  s->file, s->line, text);
		vn_session_interrupt(s, SIGKILL);
		vn_engine_run(s->engine, VN_TIME_NEVER, is_done, &st);
		return st.status ? st.status : 1;
	}
	/* sh -e: `false && x` fails the line but does not stop the script. */
	return s->errexit ? st.status : 0;
}

static int run_file(struct vn_session *s, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	if (!f) {
		fprintf(stderr, "vnet: %s: %s\n", path, strerror(errno));
		return 2;
	}
	s->file = path;
	s->line = 0;
	while ((n = getline(&line, &cap, f)) >= 0) {
		s->line++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (run_line(s, line)) {
			rc = 1;
			break;
		}
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: vnet run [--seed N] [--real-time] FILE...\n"
		"  Runs each FILE (\"-\" for standard input) in one fresh engine.\n");
}

int vn_tool_run(int argc, char **argv)
{
	struct vn_engine_opts opts = { .virtual_time = true, .seed = 1 };
	struct vn_out out = { .write = write_stdio };
	struct vn_session s;
	struct vn_engine *e;
	int i, rc = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			char *end;

			opts.seed = strtoull(argv[++i], &end, 0);
			if (*end) {
				fprintf(stderr, "vnet: bad seed '%s'\n", argv[i]);
				return 2;
			}
		} else if (!strcmp(argv[i], "--real-time")) {
			opts.virtual_time = false;
		} else if (!strcmp(argv[i], "--help")) {
			usage();
			return 0;
		} else {
			usage();
			return 2;
		}
	}
	if (i >= argc) {
		usage();
		return 2;
	}
	e = vn_engine_create(&opts);
	if (!e) {
		fprintf(stderr, "vnet: cannot create an engine\n");
		return 2;
	}
	vn_session_init(&s, e, &out);
	s.stop_on_error = true;
	for (; i < argc && !rc; i++)
		rc = run_file(&s, argv[i]);
	/* Stop background jobs as Ctrl-C would; let them print. */
	if (vn_session_signal_all(&s, SIGINT))
		vn_engine_run(e, VN_TIME_NEVER, jobs_done, &s);
	vn_session_fini(&s);
	vn_engine_destroy(e);
	return rc;
}
