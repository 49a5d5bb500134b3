// SPDX-License-Identifier: MIT
/*
 * tool/shell.c - `vnet shell`: an interactive prompt.
 *
 * The shell attaches to the daemon when one answers on the socket, and
 * otherwise runs a private engine on the real clock inside this process;
 * on a terminal it says which at start.  The front end is the same for
 * both: it reads standard input with plain read() (the terminal's own line
 * editing; no readline), runs one line at a time as sh does, shows the
 * prompt "vnet> " on standard error when standard input is a terminal, and
 * handles signals through a signalfd: Ctrl-C interrupts the line in
 * progress (or drops the half-typed one at the prompt), Ctrl-D or `exit
 * [N]` leaves.  Background jobs (CMD &) print while the prompt waits; the
 * prompt is shown again after their output.
 *
 * Leaving: with a private engine, background jobs get SIGINT, as at the
 * end of `vnet run`, and a moment to print their summaries; attached to
 * the daemon, they keep running there (see daemon.c) and the next shell
 * adopts them.  The exit status is that of the last line, as in sh.
 *
 * Loops: attached, the shell waits in poll() on the daemon's socket,
 * standard input and the signalfd; with a private engine it runs the
 * engine's loop (vn_engine_run) with the same descriptors watched.  Lines
 * never nest: a line's end is a callback that resumes reading.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "cmd/parse.h"
#include "cmd/session.h"
#include "tool/tool.h"

#define PROMPT "vnet> "
/* Background jobs get this long to end when a private shell leaves. */
#define LEAVE_GRACE (2 * VN_SEC)
/* Output of background jobs is followed by a new prompt this much later. */
#define REPROMPT_DELAY (20 * VN_MSEC)

enum shell_mode {
	SHELL_LOCAL,		/* a private engine in this process */
	SHELL_REMOTE,		/* attached to the daemon */
};

struct shell {
	enum shell_mode mode;
	const char *path;
	bool private_engine;	/* --private: never attach */
	bool tty;		/* standard input is a terminal */
	bool busy;		/* a line is running */
	bool in_exec;		/* inside vn_session_exec(): no pumping */
	bool eof;		/* standard input has ended */
	bool quit;
	bool prompted;		/* the prompt is the last thing shown */
	bool interrupted;	/* Ctrl-C during the running line */
	int status;		/* of the last line, or of `exit N` */
	int sfd;
	char *in;		/* standard input not yet run */
	size_t in_len, in_cap;
	/* SHELL_LOCAL */
	struct vn_engine *e;
	struct vn_session s;
	struct vn_fd_watch stdin_watch;
	struct vn_fd_watch sig_watch;
	bool stdin_pollable;	/* epoll refuses regular files, /dev/null */
	struct vn_timer reprompt_timer;
	/* SHELL_REMOTE */
	struct vn_remote *r;
};

static void pump(struct shell *sh);

static void show_prompt(struct shell *sh)
{
	if (!sh->tty || sh->prompted || sh->busy || sh->quit)
		return;
	vn_tool_write_all(2, PROMPT, strlen(PROMPT));
	sh->prompted = true;
}

/* --- input ---------------------------------------------------------------- */

/* Reads what standard input has; sets eof at its end. */
static void read_input(struct shell *sh)
{
	ssize_t n;

	if (sh->in_cap - sh->in_len < 4096) {
		size_t cap = sh->in_cap ? sh->in_cap * 2 : 8192;
		char *p = realloc(sh->in, cap);

		if (!p) {
			fprintf(stderr, "vnet: out of memory\n");
			sh->eof = true;
			return;
		}
		sh->in = p;
		sh->in_cap = cap;
	}
	n = read(0, sh->in + sh->in_len, sh->in_cap - sh->in_len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		if (sh->tty && sh->prompted)
			vn_tool_write_all(2, "\n", 1);
		sh->eof = true;
		return;
	}
	sh->in_len += (size_t)n;
	if (sh->in_len > VN_PROTO_MAX_LEN &&
	    !memchr(sh->in, '\n', sh->in_len)) {
		fprintf(stderr,
			"vnet: line too long (at most %u bytes); dropped\n",
			VN_PROTO_MAX_LEN);
		sh->in_len = 0;
	}
}

/* Takes the next complete line (or the unterminated last one at EOF). */
static char *take_line(struct shell *sh)
{
	char *nl = sh->in_len ? memchr(sh->in, '\n', sh->in_len) : NULL;
	size_t len, used;
	char *line;

	if (nl) {
		len = (size_t)(nl - sh->in);
		used = len + 1;
	} else if (sh->eof && sh->in_len) {
		len = used = sh->in_len;
	} else {
		return NULL;
	}
	line = malloc(len + 1);
	if (!line)
		return NULL;
	memcpy(line, sh->in, len);
	line[len] = '\0';
	if (len && line[len - 1] == '\r')
		line[len - 1] = '\0';
	memmove(sh->in, sh->in + used, sh->in_len - used);
	sh->in_len -= used;
	return line;
}

/* --- running lines -------------------------------------------------------- */

static void line_finished(struct shell *sh, int status)
{
	/* As sh: a line killed by Ctrl-C leaves the cursor on a new line. */
	if (sh->tty && sh->interrupted && status == 128 + SIGINT)
		vn_tool_write_all(2, "\n", 1);
	sh->interrupted = false;
	sh->busy = false;
	sh->status = status;
	if (!sh->in_exec)
		pump(sh);
}

static void local_done(struct vn_session *s, int status, void *arg)
{
	(void)s;
	line_finished(arg, status);
}

/*
 * `exit [N]` belongs to the shell, not to the engine.  Return: true if
 * @line was one.
 */
static bool try_exit(struct shell *sh, const char *line)
{
	struct vn_cmdline cl;
	char err[128];
	bool is_exit;

	if (vn_cmdline_parse(line, &cl, err, sizeof(err)))
		return false;
	is_exit = cl.n == 1 && !cl.nodes[0].background &&
		  !cl.nodes[0].negate && !strcmp(cl.nodes[0].argv[0], "exit");
	if (is_exit) {
		long n = sh->status;

		if (cl.nodes[0].argc > 2) {
			fprintf(stderr, "vnet: exit: too many arguments\n");
			sh->status = 1;
			vn_cmdline_free(&cl);
			return true;
		}
		if (cl.nodes[0].argc == 2) {
			char *end;

			n = strtol(cl.nodes[0].argv[1], &end, 10);
			if (*end || end == cl.nodes[0].argv[1]) {
				fprintf(stderr, "vnet: exit: %s: numeric argument required\n",
					cl.nodes[0].argv[1]);
				n = 2;
			}
		}
		sh->status = (int)(n & 0xff);
		sh->quit = true;
	}
	vn_cmdline_free(&cl);
	return is_exit;
}

static void run_line(struct shell *sh, const char *line)
{
	int rc;

	if (try_exit(sh, line))
		return;
	sh->busy = true;
	switch (sh->mode) {
	case SHELL_LOCAL:
		sh->in_exec = true;
		rc = vn_session_exec(&sh->s, line, local_done, sh);
		sh->in_exec = false;
		if (rc) {
			sh->busy = false;
			sh->status = 2;
		}
		return;
	case SHELL_REMOTE:
		rc = vn_remote_send_line(sh->r, line);
		if (rc == -E2BIG) {
			fprintf(stderr,
				"vnet: line too long (at most %u bytes)\n",
				VN_PROTO_MAX_LEN);
			sh->busy = false;
			sh->status = 2;
		} else if (rc) {
			fprintf(stderr, "vnet: lost the daemon on %s: %s\n",
				sh->path, strerror(-rc));
			sh->busy = false;
			sh->status = VN_TOOL_NO_DAEMON;
			sh->quit = true;
		}
		return;
	}
}

/* Switches the private loop's stdin watch on while the shell is idle. */
static void watch_stdin(struct shell *sh, bool on)
{
	if (sh->mode != SHELL_LOCAL || !sh->stdin_pollable)
		return;
	if (on && !sh->stdin_watch.added)
		vn_engine_watch(sh->e, &sh->stdin_watch);
	else if (!on && sh->stdin_watch.added)
		vn_engine_unwatch(sh->e, &sh->stdin_watch);
}

/*
 * Runs buffered lines until one keeps running or input runs out; then
 * shows the prompt and waits for more.  A line that ends at once comes
 * back here through the loop, not through recursion (in_exec).
 */
static void pump(struct shell *sh)
{
	while (!sh->quit && !sh->busy) {
		char *line = take_line(sh);

		if (line) {
			sh->prompted = false;
			run_line(sh, line);
			free(line);
			continue;
		}
		if (sh->eof) {
			sh->quit = true;
			break;
		}
		if (sh->mode == SHELL_LOCAL && !sh->stdin_pollable) {
			/* A file: reading never blocks for long. */
			read_input(sh);
			continue;
		}
		show_prompt(sh);
		break;
	}
	watch_stdin(sh, !sh->quit && !sh->busy && !sh->eof);
}

static void on_signal(struct shell *sh, int sig)
{
	if (sig != SIGINT) {
		sh->status = 128 + sig;
		sh->quit = true;
		return;
	}
	if (sh->busy) {
		sh->interrupted = true;
		if (sh->mode == SHELL_LOCAL)
			vn_session_interrupt(&sh->s, SIGINT);
		else if (vn_remote_send_signal(sh->r, SIGINT))
			sh->quit = true;
		return;
	}
	if (!sh->tty) {
		sh->status = 128 + SIGINT;
		sh->quit = true;
		return;
	}
	/* At the prompt: forget the half-typed line, as sh does. */
	sh->in_len = 0;
	vn_tool_write_all(2, "\n", 1);
	sh->prompted = false;
	show_prompt(sh);
}

/* --- a private engine ----------------------------------------------------- */

static void reprompt_fire(struct vn_timer *t, vn_time now)
{
	struct shell *sh = container_of(t, struct shell, reprompt_timer);

	(void)now;
	show_prompt(sh);
}

static void local_write(void *arg, int fd, const char *data, size_t len)
{
	struct shell *sh = arg;

	vn_tool_write_all(fd == 2 ? 2 : 1, data, len);
	if (sh->tty && !sh->busy) {
		/* A background job spoke over the prompt: show it again. */
		sh->prompted = false;
		vn_timer_arm(&sh->e->env.timers, &sh->reprompt_timer,
			     vn_engine_now(sh->e) + REPROMPT_DELAY);
	}
}

static void local_stdin_event(struct vn_fd_watch *w, uint32_t revents)
{
	struct shell *sh = container_of(w, struct shell, stdin_watch);

	(void)revents;
	read_input(sh);
	pump(sh);
}

static void local_sig_event(struct vn_fd_watch *w, uint32_t revents)
{
	struct shell *sh = container_of(w, struct shell, sig_watch);
	int sig = vn_tool_signal_read(w->fd);

	(void)revents;
	if (sig)
		on_signal(sh, sig);
}

static bool should_quit(void *arg)
{
	return ((struct shell *)arg)->quit;
}

static bool jobs_done(void *arg)
{
	return !vn_session_has_running_jobs(arg);
}

static int run_local(struct shell *sh)
{
	struct vn_engine_opts opts = { .virtual_time = false, .seed = 1 };
	struct vn_out out = { .write = local_write, .arg = sh };
	int rounds = 0, rc, status;

	sh->e = vn_engine_create(&opts);
	if (!sh->e) {
		fprintf(stderr, "vnet: cannot create an engine\n");
		return 2;
	}
	vn_session_init(&sh->s, sh->e, &out);
	sh->s.interactive = true;
	vn_timer_init(&sh->reprompt_timer, reprompt_fire);
	sh->sig_watch = (struct vn_fd_watch){
		.fd = sh->sfd, .events = EPOLLIN, .fn = local_sig_event,
	};
	sh->stdin_watch = (struct vn_fd_watch){
		.fd = 0, .events = EPOLLIN, .fn = local_stdin_event,
	};
	vn_engine_watch(sh->e, &sh->sig_watch);
	rc = vn_engine_watch(sh->e, &sh->stdin_watch);
	sh->stdin_pollable = rc == 0;
	if (rc && rc != -EPERM) {
		fprintf(stderr, "vnet: cannot read standard input: %s\n",
			strerror(-rc));
		sh->quit = true;
	}
	if (sh->tty && sh->private_engine)
		fprintf(stderr,
			"vnet shell: a private engine (--private): it ends when you leave (Ctrl-D)\n");
	else if (sh->tty)
		fprintf(stderr,
			"vnet shell: no daemon on %s, so this is a private engine: it ends when you leave (Ctrl-D)\n",
			sh->path);
	pump(sh);
	vn_engine_run(sh->e, VN_TIME_NEVER, should_quit, sh);
	/*
	 * Leaving in the middle of a line (SIGTERM, SIGHUP): end it, one
	 * command at a time, keeping the status the signal set.
	 */
	status = sh->status;
	while (sh->busy && rounds++ < 100000) {
		vn_session_interrupt(&sh->s, SIGKILL);
		vn_engine_settle(sh->e);
	}
	sh->status = status;
	watch_stdin(sh, false);
	vn_timer_cancel(&sh->e->env.timers, &sh->reprompt_timer);
	sh->tty = false;	/* no more prompts */
	if (vn_session_signal_all(&sh->s, SIGINT))
		vn_engine_run(sh->e, vn_engine_now(sh->e) + LEAVE_GRACE,
			      jobs_done, &sh->s);
	vn_engine_unwatch(sh->e, &sh->sig_watch);
	if (!sh->busy) {
		vn_session_fini(&sh->s);
		vn_engine_destroy(sh->e);
	}
	return sh->status;
}

/* --- attached to the daemon ----------------------------------------------- */

static int run_remote(struct shell *sh)
{
	if (sh->tty)
		fprintf(stderr,
			"vnet shell: attached to the daemon on %s; leave with Ctrl-D\n",
			sh->path);
	pump(sh);
	while (!sh->quit) {
		bool want_stdin = !sh->busy && !sh->eof;
		struct pollfd pfd[3] = {
			{ .fd = sh->r->fd, .events = POLLIN },
			{ .fd = sh->sfd, .events = POLLIN },
			{ .fd = want_stdin ? 0 : -1, .events = POLLIN },
		};
		int rc;

		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("vnet: poll");
			sh->status = VN_TOOL_NO_DAEMON;
			break;
		}
		if (pfd[1].revents & POLLIN) {
			int sig = vn_tool_signal_read(sh->sfd);

			if (sig)
				on_signal(sh, sig);
		}
		if (pfd[0].revents) {
			uint64_t n_output = sh->r->n_output;

			rc = vn_remote_receive(sh->r);
			if (rc <= 0) {
				if (rc == 0)
					fprintf(stderr, "vnet: the daemon on %s closed the connection\n",
						sh->path);
				sh->status = rc == -EPIPE ? 128 + SIGPIPE :
							   VN_TOOL_NO_DAEMON;
				break;
			}
			if (sh->busy && sh->r->line_done) {
				line_finished(sh, sh->r->status);
			} else if (!sh->busy && sh->r->n_output != n_output) {
				/* Background output over the prompt. */
				sh->prompted = false;
				show_prompt(sh);
			}
		}
		if (pfd[2].revents && !sh->busy && !sh->quit) {
			read_input(sh);
			pump(sh);
		}
	}
	return sh->status;
}

/* --- the command ---------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vnet shell [--socket PATH] [--private]\n"
		"  An interactive prompt.  Attached to the daemon on PATH (see\n"
		"  vnet daemon --help) when one runs, else, or with --private, on\n"
		"  a private engine that ends with the shell.  Lines run one at a\n"
		"  time; CMD & runs in the background (jobs, kill %%N, wait).\n"
		"  Ctrl-C interrupts the running line; Ctrl-D or exit [N] leaves.\n");
}

int vn_tool_shell(int argc, char **argv)
{
	struct shell sh = { .sfd = -1 };
	char path[256];
	const char *sock = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--socket") && i + 1 < argc) {
			sock = argv[++i];
		} else if (!strcmp(argv[i], "--private")) {
			sh.private_engine = true;
		} else if (!strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (sock) {
		if (vn_proto_check_path(sock)) {
			fprintf(stderr, "vnet: socket path too long: %s\n",
				sock);
			return 2;
		}
		snprintf(path, sizeof(path), "%s", sock);
	} else if (vn_proto_default_path(path, sizeof(path))) {
		fprintf(stderr, "vnet: the default socket path is too long; use --socket PATH\n");
		return 2;
	}
	sh.path = path;
	sh.tty = isatty(0);
	sh.sfd = vn_tool_signalfd();
	if (sh.sfd < 0) {
		fprintf(stderr, "vnet: signalfd: %s\n", strerror(-sh.sfd));
		return 2;
	}
	sh.mode = SHELL_LOCAL;
	if (!sh.private_engine) {
		sh.r = malloc(sizeof(*sh.r));
		if (!sh.r) {
			fprintf(stderr, "vnet: out of memory\n");
			close(sh.sfd);
			return 2;
		}
		rc = vn_remote_open(sh.r, path, "shell");
		if (!rc) {
			sh.mode = SHELL_REMOTE;
		} else if (rc != -ENOENT && rc != -ECONNREFUSED) {
			free(sh.r);
			close(sh.sfd);
			return VN_TOOL_NO_DAEMON;
		}
	}
	switch (sh.mode) {
	case SHELL_LOCAL:
		rc = run_local(&sh);
		break;
	case SHELL_REMOTE:
		rc = run_remote(&sh);
		vn_remote_close(sh.r);
		break;
	}
	free(sh.r);
	free(sh.in);
	close(sh.sfd);
	return rc;
}
