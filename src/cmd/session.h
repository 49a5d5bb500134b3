/* SPDX-License-Identifier: MIT */
/*
 * cmd/session.h - sessions, jobs and the line executor.
 *
 * A session is where command lines run: a script, a daemon client, the
 * interactive shell.  It owns an output sink and a table of background
 * jobs.  vn_session_exec() starts a line and reports its exit status
 * through a callback, possibly later: commands that take time (ping,
 * sleep, a foreground tcpdump) are jobs driven by the engine's loop, so a
 * daemon keeps serving other sessions meanwhile.
 */
#ifndef VN_CMD_SESSION_H
#define VN_CMD_SESSION_H

#include "base/list.h"
#include "base/timer.h"
#include "engine.h"
#include "vnet/job.h"

/* Where a session's output goes.  @fd is 1 or 2. */
struct vn_out {
	void (*write)(void *arg, int fd, const char *data, size_t len);
	void *arg;
};

struct vn_exec;

struct vn_session {
	struct vn_engine *engine;
	struct vn_out out;
	const char *file;	/* script name for messages, or NULL */
	int line;		/* the line being executed */
	bool interactive;	/* shell: announce background jobs */
	bool stop_on_error;	/* sh -e: a failing statement ends the line */
	bool errexit;		/* the last line failed in a way sh -e stops on */
	struct vn_list jobs;	/* background jobs, oldest first */
	struct vn_exec *exec;	/* the line in progress, if any */
	struct vn_job *fg;	/* its foreground job, if any */
	/* Set by `wait` while it waits for background jobs (all of them, or
	 * only wait_for). */
	struct vn_job *waiter;
	struct vn_job *wait_for;
};

struct vn_job_timer {
	struct vn_timer timer;
	struct vn_list link;
	struct vn_job *job;
	vn_job_timer_fn fn;
	void *arg;
};

struct vn_job {
	struct vn_session *session;
	struct vn_netns *ns;
	char *cmdline;
	int id;			/* background job number, 0 in foreground */
	int line;		/* script line that started it */
	bool background;
	bool exited;
	bool reaped;
	int status;
	bool wrote_stderr;
	const struct vn_job_ops *ops;
	void *data;
	struct vn_list timers;
	struct vn_list link;	/* in the session's jobs */
	struct vn_timer reap_timer;
	void (*on_exit)(struct vn_job *job, void *arg);
	void *on_exit_arg;
};

void vn_session_init(struct vn_session *s, struct vn_engine *e,
		     const struct vn_out *out);
/* Ends every job without waiting (SIGKILL), frees what is left. */
void vn_session_fini(struct vn_session *s);

typedef void (*vn_exec_done_fn)(struct vn_session *s, int status, void *arg);

/**
 * vn_session_exec() - run one command line
 * @line: the text; comments and blank lines succeed at once
 * @done: called with the line's exit status once it has finished (maybe
 *        before vn_session_exec() returns)
 *
 * Return: 0 if started, -EBUSY if a line is already running, -EINVAL
 * with a message printed if the line does not parse (@done not called).
 */
int vn_session_exec(struct vn_session *s, const char *line,
		    vn_exec_done_fn done, void *arg);

/* Interrupts the foreground line (Ctrl-C, or "waits forever"). */
void vn_session_interrupt(struct vn_session *s, int sig);

/* Sends @sig to every background job; returns how many got it. */
int vn_session_signal_all(struct vn_session *s, int sig);
bool vn_session_has_running_jobs(const struct vn_session *s);

/*
 * Moves every background job of @src to @dst, numbered anew there (the
 * daemon keeps a departed client's jobs running).  Return: how many.
 */
int vn_session_adopt_jobs(struct vn_session *dst, struct vn_session *src);

/* Output helpers for the session itself (not a job). */
void vn_session_printf(struct vn_session *s, int fd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* For commands: the engine behind a job, and its namespace. */
struct vn_engine *vn_job_engine(const struct vn_job *job);
void vn_job_set_netns(struct vn_job *job, struct vn_netns *ns);

/* Runs @argv as a command in @job (dispatching by argv[0]). */
int vn_job_dispatch(struct vn_job *job, int argc, char **argv);

/* Signals a job. */
void vn_job_signal(struct vn_job *job, int sig);

#endif
