// SPDX-License-Identifier: MIT
/*
 * cmd/session.c - jobs, the line executor, and the shell built-ins.
 *
 * Theory of operation.  A line is parsed into simple commands joined by
 * ;, &, && and ||.  The executor walks them: each runs as a job; a job
 * that finishes at once gives its status immediately, one that keeps
 * running (VN_JOB_RUNNING) resumes the walk from its exit callback.  A job
 * never ends inside its own callback: vn_job_exit() arms a zero-delay
 * reap timer, so an application can end itself and keep using its state
 * until it returns.  Background jobs (CMD &) join the session's job table
 * and are listed, waited for and signalled with jobs, wait and kill, as
 * in sh.  Output: in a script, standard error lines carry "FILE:LINE: " of
 * the line that started the job, so every message says where it came from.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/commands.h"
#include "cmd/parse.h"
#include "cmd/session.h"

struct vn_exec {
	struct vn_session *s;
	struct vn_cmdline cl;
	int idx;
	int status;
	bool running;		/* a foreground job is in flight */
	bool interrupted;	/* SIGINT: the rest of the line is dropped */
	bool last_wrote;	/* it wrote to standard error */
	vn_exec_done_fn done;
	void *arg;
};

static void exec_continue(struct vn_exec *x);

/* --- output --------------------------------------------------------------- */

static void out_write(struct vn_session *s, int fd, const char *p, size_t len)
{
	if (s->out.write && len)
		s->out.write(s->out.arg, fd, p, len);
}

void vn_session_printf(struct vn_session *s, int fd, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		out_write(s, fd, buf, (size_t)VN_MIN(n, (int)sizeof(buf) - 1));
}

static void write_stderr(struct vn_job *job, const char *p, size_t len)
{
	struct vn_session *s = job->session;

	job->wrote_stderr = true;
	if (!s->file) {
		out_write(s, 2, p, len);
		return;
	}
	/* Prefix each line with where the job came from. */
	while (len) {
		const char *nl = memchr(p, '\n', len);
		size_t n = nl ? (size_t)(nl - p) + 1 : len;

		vn_session_printf(s, 2, "%s:%d: ", s->file, job->line);
		out_write(s, 2, p, n);
		if (!nl)
			out_write(s, 2, "\n", 1);
		p += n;
		len -= n;
	}
}

void vn_job_write(struct vn_job *job, int fd, const void *data, size_t len)
{
	if (fd == 2)
		write_stderr(job, data, len);
	else
		out_write(job->session, 1, data, len);
}

int vn_job_vprintf(struct vn_job *job, int fd, const char *fmt, va_list ap)
{
	char stack[1024], *buf = stack;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(stack, sizeof(stack), fmt, ap);
	if (n >= (int)sizeof(stack)) {
		buf = malloc((size_t)n + 1);
		if (buf)
			vsnprintf(buf, (size_t)n + 1, fmt, ap2);
	}
	va_end(ap2);
	if (n > 0 && buf)
		vn_job_write(job, fd, buf, (size_t)n);
	if (buf != stack)
		free(buf);
	return n;
}

int vn_job_printf(struct vn_job *job, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vn_job_vprintf(job, 1, fmt, ap);
	va_end(ap);
	return n;
}

int vn_job_eprintf(struct vn_job *job, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vn_job_vprintf(job, 2, fmt, ap);
	va_end(ap);
	return n;
}

/* --- jobs ----------------------------------------------------------------- */

void vn_job_set_ops(struct vn_job *job, const struct vn_job_ops *ops,
		    void *data)
{
	job->ops = ops;
	job->data = data;
}

void *vn_job_data(const struct vn_job *job)
{
	return job->data;
}

struct vn_netns *vn_job_netns(const struct vn_job *job)
{
	return job->ns;
}

void vn_job_set_netns(struct vn_job *job, struct vn_netns *ns)
{
	vn_netns_get(ns);
	vn_netns_put(job->ns);
	job->ns = ns;
}

struct vn_engine *vn_job_engine(const struct vn_job *job)
{
	return job->session->engine;
}

int64_t vn_job_now(const struct vn_job *job)
{
	return vn_engine_now(job->session->engine);
}

bool vn_job_is_virtual(const struct vn_job *job)
{
	return vn_engine_is_virtual(job->session->engine);
}

bool vn_job_exited(const struct vn_job *job)
{
	return job->exited;
}

static void job_timer_fire(struct vn_timer *t, vn_time now)
{
	struct vn_job_timer *jt = container_of(t, struct vn_job_timer, timer);

	(void)now;
	if (!jt->job->exited)
		jt->fn(jt, jt->arg);
}

struct vn_job_timer *vn_job_timer_new(struct vn_job *job, vn_job_timer_fn fn,
				      void *arg)
{
	struct vn_job_timer *jt = calloc(1, sizeof(*jt));

	VN_ASSERT(jt);
	vn_timer_init(&jt->timer, job_timer_fire);
	jt->job = job;
	jt->fn = fn;
	jt->arg = arg;
	vn_list_push_back(&job->timers, &jt->link);
	return jt;
}

void vn_job_timer_arm(struct vn_job_timer *jt, int64_t when)
{
	if (jt->job->exited)
		return;
	vn_timer_arm(&jt->job->session->engine->env.timers, &jt->timer, when);
}

void vn_job_timer_cancel(struct vn_job_timer *jt)
{
	vn_timer_cancel(&jt->job->session->engine->env.timers, &jt->timer);
}

static void free_timers(struct vn_job *job)
{
	while (!vn_list_empty(&job->timers)) {
		struct vn_job_timer *jt = vn_list_entry(
			job->timers.next, struct vn_job_timer, link);

		vn_job_timer_cancel(jt);
		vn_list_remove(&jt->link);
		free(jt);
	}
}

static void job_free(struct vn_job *job)
{
	free_timers(job);
	vn_timer_cancel(&job->session->engine->env.timers, &job->reap_timer);
	vn_netns_put(job->ns);
	free(job->cmdline);
	free(job);
}

/* Runs once the job has ended and its code has returned. */
static void reap(struct vn_timer *t, vn_time now)
{
	struct vn_job *job = container_of(t, struct vn_job, reap_timer);

	(void)now;
	if (job->reaped)
		return;
	job->reaped = true;
	/* Release first: it may still cancel its timers. */
	if (job->ops && job->ops->release)
		job->ops->release(job);
	free_timers(job);
	job->ops = NULL;
	job->data = NULL;
	if (job->on_exit)
		job->on_exit(job, job->on_exit_arg);
}

void vn_job_exit(struct vn_job *job, int status)
{
	if (job->exited)
		return;
	job->exited = true;
	job->status = status & 0xff;
	vn_timer_arm(&job->session->engine->env.timers, &job->reap_timer,
		     vn_engine_now(job->session->engine));
}

void vn_job_signal(struct vn_job *job, int sig)
{
	if (job->exited)
		return;
	if (sig != SIGKILL && job->ops && job->ops->signal)
		job->ops->signal(job, sig);
	else
		vn_job_exit(job, 128 + sig);
}

static struct vn_job *job_new(struct vn_session *s, const char *text)
{
	struct vn_job *job = calloc(1, sizeof(*job));

	VN_ASSERT(job);
	job->session = s;
	job->ns = s->engine->root;
	vn_netns_get(job->ns);
	job->cmdline = strdup(text);
	job->line = s->line;
	vn_list_init(&job->timers);
	vn_list_init(&job->link);
	vn_timer_init(&job->reap_timer, reap);
	return job;
}

/* --- the session ------------------------------------------------------- */

void vn_session_init(struct vn_session *s, struct vn_engine *e,
		     const struct vn_out *out)
{
	memset(s, 0, sizeof(*s));
	s->engine = e;
	if (out)
		s->out = *out;
	vn_list_init(&s->jobs);
}

void vn_session_fini(struct vn_session *s)
{
	struct vn_job *job;

	if (s->fg) {
		/* End the line here: no next command may start. */
		struct vn_job *fg = s->fg;

		fg->on_exit = NULL;
		vn_job_signal(fg, SIGKILL);
		vn_engine_settle(s->engine);
		s->fg = NULL;
		job_free(fg);
	}
	vn_list_for_each(job, &s->jobs, link)
		vn_job_signal(job, SIGKILL);
	vn_engine_settle(s->engine);
	while (!vn_list_empty(&s->jobs)) {
		job = vn_list_entry(s->jobs.next, struct vn_job, link);
		vn_list_remove(&job->link);
		job_free(job);
	}
	if (s->exec) {
		vn_cmdline_free(&s->exec->cl);
		free(s->exec);
		s->exec = NULL;
	}
}

static int next_job_id(const struct vn_session *s);

int vn_session_adopt_jobs(struct vn_session *dst, struct vn_session *src)
{
	struct vn_job *job, *tmp;
	int n = 0;

	/* A job reaches its session only through job->session and the list. */
	vn_list_for_each_safe(job, tmp, &src->jobs, link) {
		vn_list_remove(&job->link);
		job->session = dst;
		job->id = next_job_id(dst);
		vn_list_push_back(&dst->jobs, &job->link);
		n++;
	}
	if (src->waiter) {
		vn_job_exit(src->waiter, 0);
		src->wait_for = NULL;
	}
	return n;
}

bool vn_session_has_running_jobs(const struct vn_session *s)
{
	struct vn_job *job;

	vn_list_for_each(job, &s->jobs, link)
		if (!job->exited)
			return true;
	return false;
}

int vn_session_signal_all(struct vn_session *s, int sig)
{
	struct vn_job *job;
	int n = 0;

	vn_list_for_each(job, &s->jobs, link) {
		if (!job->exited) {
			vn_job_signal(job, sig);
			n++;
		}
	}
	return n;
}

void vn_session_interrupt(struct vn_session *s, int sig)
{
	/* As bash: a line whose command dies of SIGINT goes no further. */
	if (s->exec && (sig == SIGINT || sig == SIGKILL))
		s->exec->interrupted = true;
	if (s->fg)
		vn_job_signal(s->fg, sig);
}

static struct vn_job *find_job(struct vn_session *s, int id)
{
	struct vn_job *job;

	vn_list_for_each(job, &s->jobs, link)
		if (job->id == id)
			return job;
	return NULL;
}

static void wake_waiter(struct vn_session *s)
{
	if (!s->waiter)
		return;
	if (s->wait_for) {
		if (s->wait_for->exited)
			vn_job_exit(s->waiter, s->wait_for->status);
		return;
	}
	if (!vn_session_has_running_jobs(s))
		vn_job_exit(s->waiter, 0);
}

/* bash numbers a new job one past the highest number still listed. */
static int next_job_id(const struct vn_session *s)
{
	const struct vn_job *job;
	int id = 0;

	vn_list_for_each(job, &s->jobs, link)
		if (job->id > id)
			id = job->id;
	return id + 1;
}

static void bg_exited(struct vn_job *job, void *arg)
{
	(void)arg;
	wake_waiter(job->session);
}

static void fg_exited(struct vn_job *job, void *arg)
{
	struct vn_exec *x = arg;
	struct vn_session *s = x->s;

	x->status = job->status;
	x->last_wrote = job->wrote_stderr;
	x->running = false;
	if (s->fg == job)
		s->fg = NULL;
	job_free(job);
	exec_continue(x);
}

/* Starts one simple command; returns its status or VN_JOB_RUNNING. */
static int start(struct vn_exec *x, const struct vn_cmd_node *node)
{
	struct vn_session *s = x->s;
	struct vn_job *job = job_new(s, node->text);
	int status;

	/* Commands may keep argv: give them their own copy. */
	char **argv = calloc((size_t)node->argc + 1, sizeof(*argv));

	VN_ASSERT(argv);
	for (int i = 0; i < node->argc; i++)
		argv[i] = node->argv[i];
	if (node->background) {
		job->background = true;
		job->id = next_job_id(s);
		vn_list_push_back(&s->jobs, &job->link);
		job->on_exit = bg_exited;
		if (s->interactive)
			vn_session_printf(s, 1, "[%d] %d\n", job->id,
					  1000 + job->id);
	} else {
		s->fg = job;
		job->on_exit = fg_exited;
		job->on_exit_arg = x;
	}
	status = vn_job_dispatch(job, node->argc, argv);
	free(argv);
	if (status != VN_JOB_RUNNING && !job->exited)
		vn_job_exit(job, status);
	if (node->background)
		return 0;
	if (job->exited && !job->reaped) {
		/* Finished at once: take the status now, skip the timer. */
		vn_timer_cancel(&s->engine->env.timers, &job->reap_timer);
		job->on_exit = NULL;
		reap(&job->reap_timer, 0);
		status = job->status;
		x->last_wrote = job->wrote_stderr;
		s->fg = NULL;
		job_free(job);
		return status;
	}
	x->running = true;
	return VN_JOB_RUNNING;
}

static void report_failure(struct vn_exec *x, const struct vn_cmd_node *node,
			   int status)
{
	struct vn_session *s = x->s;

	if (!s->file)
		return;
	if (node->negate)
		vn_session_printf(s, 2, "%s:%d: '%s' succeeded, expected to fail\n",
				  s->file, s->line, node->text);
	else if (!x->last_wrote)
		vn_session_printf(s, 2, "%s:%d: '%s' exited with status %d\n",
				  s->file, s->line, node->text, status);
}

static void exec_finish(struct vn_exec *x)
{
	struct vn_session *s = x->s;
	vn_exec_done_fn done = x->done;
	void *arg = x->arg;
	int status = x->status;

	vn_cmdline_free(&x->cl);
	free(x);
	s->exec = NULL;
	done(s, status, arg);
}

/*
 * Walks the commands from x->idx, with sh's rules: && and || skip on the
 * previous status, ! inverts it, and (with stop_on_error, sh -e) a failing
 * statement ends the line.  Returns when a command keeps running.
 */
static void exec_continue(struct vn_exec *x)
{
	struct vn_session *s = x->s;

	for (;;) {
		if (x->interrupted) {
			exec_finish(x);
			return;
		}
		if (x->idx > 0) {
			const struct vn_cmd_node *done = &x->cl.nodes[x->idx - 1];
			int raw = x->status;

			if (done->negate)
				x->status = x->status ? 0 : 1;
			if (x->status && !done->background &&
			    (done->next == VN_CONN_END ||
			     done->next == VN_CONN_SEQ)) {
				report_failure(x, done, raw);
				s->errexit = true;
				if (s->stop_on_error) {
					exec_finish(x);
					return;
				}
			}
			while (x->idx < x->cl.n) {
				const struct vn_cmd_node *prev =
					&x->cl.nodes[x->idx - 1];

				if ((prev->next == VN_CONN_AND && x->status) ||
				    (prev->next == VN_CONN_OR && !x->status))
					x->idx++;
				else
					break;
			}
		}
		if (x->idx >= x->cl.n) {
			exec_finish(x);
			return;
		}
		x->last_wrote = false;
		x->status = start(x, &x->cl.nodes[x->idx++]);
		if (x->status == VN_JOB_RUNNING)
			return;
	}
}

int vn_session_exec(struct vn_session *s, const char *line,
		    vn_exec_done_fn done, void *arg)
{
	struct vn_exec *x;
	char err[256];

	if (s->exec)
		return -EBUSY;
	x = calloc(1, sizeof(*x));
	VN_ASSERT(x);
	if (vn_cmdline_parse(line, &x->cl, err, sizeof(err))) {
		if (s->file)
			vn_session_printf(s, 2, "%s:%d: %s\n", s->file, s->line,
					  err);
		else
			vn_session_printf(s, 2, "vnet: %s\n", err);
		free(x);
		return -EINVAL;
	}
	x->s = s;
	x->done = done;
	x->arg = arg;
	s->exec = x;
	s->errexit = false;
	exec_continue(x);
	return 0;
}

/* --- built-ins ----------------------------------------------------------- */

static void sleep_fire(struct vn_job_timer *t, void *arg)
{
	(void)t;
	vn_job_exit(arg, 0);
}

static void sleep_signal(struct vn_job *job, int sig)
{
	vn_job_exit(job, 128 + sig);
}

static const struct vn_job_ops sleep_ops = {
	.signal = sleep_signal,
};

int vn_parse_duration(const char *s, int64_t *ns)
{
	char *end;
	double v = strtod(s, &end);
	double mult = 1e9;

	if (end == s || v < 0)
		return -EINVAL;
	if (!strcmp(end, "") || !strcmp(end, "s"))
		mult = 1e9;
	else if (!strcmp(end, "ms"))
		mult = 1e6;
	else if (!strcmp(end, "us"))
		mult = 1e3;
	else if (!strcmp(end, "m"))
		mult = 60e9;
	else if (!strcmp(end, "h"))
		mult = 3600e9;
	else if (!strcmp(end, "d"))
		mult = 86400e9;
	else
		return -EINVAL;
	if (v * mult > 9e18)
		return -ERANGE;
	*ns = (int64_t)(v * mult + 0.5);
	return 0;
}

int vn_cmd_sleep(struct vn_job *job, int argc, char **argv)
{
	int64_t total = 0, ns;
	struct vn_job_timer *t;

	if (argc < 2) {
		vn_job_eprintf(job, "sleep: missing operand\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (vn_parse_duration(argv[i], &ns)) {
			vn_job_eprintf(job, "sleep: invalid time interval '%s'\n",
				       argv[i]);
			return 1;
		}
		total += ns;
	}
	vn_job_set_ops(job, &sleep_ops, NULL);
	t = vn_job_timer_new(job, sleep_fire, job);
	vn_job_timer_arm(t, vn_job_now(job) + total);
	return VN_JOB_RUNNING;
}

int vn_cmd_true(struct vn_job *job, int argc, char **argv)
{
	(void)job;
	(void)argc;
	(void)argv;
	return 0;
}

int vn_cmd_false(struct vn_job *job, int argc, char **argv)
{
	(void)job;
	(void)argc;
	(void)argv;
	return 1;
}

int vn_cmd_echo(struct vn_job *job, int argc, char **argv)
{
	bool newline = true;
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		newline = false;
		i++;
	}
	for (int first = i; i < argc; i++)
		vn_job_printf(job, "%s%s", i > first ? " " : "", argv[i]);
	if (newline)
		vn_job_printf(job, "\n");
	return 0;
}

static void print_job(struct vn_job *job, struct vn_job *current,
		      struct vn_job *previous)
{
	char state[32];
	char mark = job == current ? '+' : job == previous ? '-' : ' ';

	if (!job->exited)
		snprintf(state, sizeof(state), "Running");
	else if (job->status == 0)
		snprintf(state, sizeof(state), "Done");
	else if (job->status > 128)
		snprintf(state, sizeof(state), "%s",
			 job->status - 128 == SIGINT    ? "Interrupt" :
			 job->status - 128 == SIGTERM ? "Terminated" :
			 job->status - 128 == SIGKILL ? "Killed" :
							"Exit");
	else
		snprintf(state, sizeof(state), "Exit %d", job->status);
	vn_session_printf(job->session, 1, "[%d]%c  %-24s%s%s\n", job->id,
			  mark, state, job->cmdline, job->exited ? "" : " &");
}

/* Forgets finished background jobs once they have been reported. */
static void prune_jobs(struct vn_session *s)
{
	struct vn_job *job, *tmp;

	vn_list_for_each_safe(job, tmp, &s->jobs, link) {
		if (job->exited && job->reaped) {
			vn_list_remove(&job->link);
			job_free(job);
		}
	}
}

int vn_cmd_jobs(struct vn_job *self, int argc, char **argv)
{
	struct vn_session *s = self->session;
	struct vn_job *job, *current = NULL, *previous = NULL;

	(void)argc;
	(void)argv;
	vn_list_for_each(job, &s->jobs, link) {
		previous = current;
		current = job;
	}
	vn_list_for_each(job, &s->jobs, link)
		print_job(job, current, previous);
	prune_jobs(s);
	return 0;
}

static int parse_jobspec(struct vn_job *self, const char *spec,
			 struct vn_job **out)
{
	struct vn_session *s = self->session;
	char *end;
	long id;

	if (spec[0] != '%') {
		vn_job_eprintf(self, "kill: %s: arguments must be job IDs (%%N)\n",
			       spec);
		return -EINVAL;
	}
	if (!strcmp(spec, "%%") || !strcmp(spec, "%+") || !strcmp(spec, "%")) {
		struct vn_job *job, *last = NULL;

		vn_list_for_each(job, &s->jobs, link)
			last = job;
		*out = last;
	} else {
		id = strtol(spec + 1, &end, 10);
		*out = (*end || id <= 0) ? NULL : find_job(s, (int)id);
	}
	if (!*out) {
		vn_job_eprintf(self, "kill: %s: no such job\n", spec);
		return -ESRCH;
	}
	return 0;
}

static int signal_by_name(const char *name)
{
	static const struct {
		const char *name;
		int sig;
	} sigs[] = {
		{ "INT", SIGINT },   { "TERM", SIGTERM }, { "KILL", SIGKILL },
		{ "HUP", SIGHUP },   { "QUIT", SIGQUIT }, { "2", SIGINT },
		{ "15", SIGTERM },   { "9", SIGKILL },    { "1", SIGHUP },
	};

	if (!strncmp(name, "SIG", 3))
		name += 3;
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		if (!strcmp(name, sigs[i].name))
			return sigs[i].sig;
	return -1;
}

int vn_cmd_kill(struct vn_job *self, int argc, char **argv)
{
	int sig = SIGTERM, i = 1, rc = 0;

	if (argc > 1 && argv[1][0] == '-') {
		const char *name = argv[1] + 1;

		if (!strcmp(name, "s") && argc > 2) {
			name = argv[2];
			i++;
		}
		sig = signal_by_name(name);
		if (sig < 0) {
			vn_job_eprintf(self, "kill: %s: invalid signal specification\n",
				       name);
			return 1;
		}
		i++;
	}
	if (i >= argc) {
		vn_job_eprintf(self, "kill: usage: kill [-s sigspec | -sigspec] %%job ...\n");
		return 2;
	}
	for (; i < argc; i++) {
		struct vn_job *job;

		if (parse_jobspec(self, argv[i], &job)) {
			rc = 1;
			continue;
		}
		vn_job_signal(job, sig);
	}
	return rc;
}

static void wait_release(struct vn_job *job)
{
	if (job->session->waiter == job) {
		job->session->waiter = NULL;
		job->session->wait_for = NULL;
	}
}

static void wait_signal(struct vn_job *job, int sig)
{
	vn_job_exit(job, 128 + sig);
}

static const struct vn_job_ops wait_ops = {
	.signal = wait_signal,
	.release = wait_release,
};

int vn_cmd_wait(struct vn_job *self, int argc, char **argv)
{
	struct vn_session *s = self->session;
	struct vn_job *job;

	if (s->waiter)
		return 0;
	if (argc > 1) {
		/* wait %N: its status, once it ends. */
		if (parse_jobspec(self, argv[1], &job))
			return 127;
		if (job->exited && job->reaped)
			return job->status;
		s->wait_for = job;
	} else if (!vn_session_has_running_jobs(s)) {
		return 0;
	}
	s->waiter = self;
	vn_job_set_ops(self, &wait_ops, NULL);
	return VN_JOB_RUNNING;
}
