/* SPDX-License-Identifier: MIT */
/*
 * vnet/job.h - how a built-in command or application runs.
 *
 * Every command line runs as a job in a namespace.  A command's main
 * function gets the job and its arguments; it either finishes at once
 * (returns its exit status) or returns VN_JOB_RUNNING and finishes later by
 * calling vn_job_exit() from a timer or socket callback.  Jobs never block:
 * waiting is a timer on the engine's clock, so the same application runs
 * on virtual time in a script and on real time in the daemon.
 *
 * Output goes through vn_job_printf() (standard output) and
 * vn_job_eprintf() (standard error); the session decides where it lands.
 * Resources tied to a job (its timers) are released when it ends; the
 * application frees its own state in ops->release.
 */
#ifndef VNET_JOB_H
#define VNET_JOB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vn_job;
struct vn_job_timer;
struct vn_netns;

#define VN_JOB_RUNNING (-1)

/* A command's entry point: an exit status (0..255) or VN_JOB_RUNNING. */
typedef int (*vn_cmd_main_fn)(struct vn_job *job, int argc, char **argv);

struct vn_job_ops {
	/*
	 * A signal (SIGINT, SIGTERM) from `kill`, an interrupted shell, or
	 * the end of a script.  Should end the job with vn_job_exit().  NULL:
	 * the job ends with status 128 + @sig.
	 */
	void (*signal)(struct vn_job *job, int sig);
	/* The job has ended: free the application's state.  May be NULL. */
	void (*release)(struct vn_job *job);
};

void vn_job_set_ops(struct vn_job *job, const struct vn_job_ops *ops,
		    void *data);
void *vn_job_data(const struct vn_job *job);

/* The namespace the job runs in (`ip netns exec NS ...`). */
struct vn_netns *vn_job_netns(const struct vn_job *job);
int64_t vn_job_now(const struct vn_job *job);
bool vn_job_is_virtual(const struct vn_job *job);

int vn_job_printf(struct vn_job *job, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vn_job_eprintf(struct vn_job *job, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vn_job_vprintf(struct vn_job *job, int fd, const char *fmt, va_list ap);
void vn_job_write(struct vn_job *job, int fd, const void *data, size_t len);

/* Ends the job with @status; takes effect once the caller returns. */
void vn_job_exit(struct vn_job *job, int status);
bool vn_job_exited(const struct vn_job *job);

typedef void (*vn_job_timer_fn)(struct vn_job_timer *timer, void *arg);

/* A timer owned by @job (freed with it). */
struct vn_job_timer *vn_job_timer_new(struct vn_job *job, vn_job_timer_fn fn,
				      void *arg);
void vn_job_timer_arm(struct vn_job_timer *timer, int64_t when_ns);
void vn_job_timer_cancel(struct vn_job_timer *timer);

#endif
