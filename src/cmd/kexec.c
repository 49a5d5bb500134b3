// SPDX-License-Identifier: MIT
/*
 * cmd/kexec.c - real programs as vnet jobs (`ip netns exec NS PROG` and
 * `ip -n NS ...` for kernel-backed namespaces), the engine's switch to
 * real time, and resolving `kernel-netns NAME`.
 *
 * Theory of operation.  A program is spawned inside its kernel namespace
 * (kernel/knetns.c) with its standard output and error on two pipes; the
 * job watches both pipes and a pidfd.  Output is passed on as it comes;
 * error output line by line, so the script's FILE:LINE prefix lands at
 * line starts.  When the pidfd says the process ended, the pipes are
 * drained, the status is taken with waitpid() and the job exits with it
 * (the shell's 128 + N for a signal).  Signals to the job go to the
 * program's process group, as a shell's job control does.  If the job
 * is torn down (SIGKILL from the session), the group is killed and the
 * process reaped on the spot, so no zombie and no orphan is left.
 * Limits: standard input is /dev/null; a program's output larger than a
 * pipe buffer is read in 64 KiB steps per turn of the loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/kexec.h"
#include "engine.h"
#include "kernel/knetns.h"

#define LINE_MAX_LEN 4096

struct kexec {
	struct vn_job *job;
	struct vn_engine *e;
	pid_t pid;
	bool ended;		/* reaped */
	struct vn_fd_watch pid_w, out_w, err_w;
	size_t err_len;		/* a partial error line */
	char err_line[LINE_MAX_LEN];
};

static void close_watch(struct kexec *k, struct vn_fd_watch *w)
{
	if (w->fd < 0)
		return;
	vn_engine_unwatch(k->e, w);
	close(w->fd);
	w->fd = -1;
}

static void flush_err(struct kexec *k)
{
	if (k->err_len)
		vn_job_write(k->job, 2, k->err_line, k->err_len);
	k->err_len = 0;
}

/* Standard error: whole lines to the job, the rest kept for later. */
static void put_err(struct kexec *k, const char *p, size_t n)
{
	while (n) {
		const char *nl = memchr(p, '\n', n);
		size_t take = nl ? (size_t)(nl - p) + 1 : n;

		if (take > sizeof(k->err_line) - k->err_len)
			take = sizeof(k->err_line) - k->err_len;
		memcpy(k->err_line + k->err_len, p, take);
		k->err_len += take;
		p += take;
		n -= take;
		if (k->err_line[k->err_len - 1] == '\n' ||
		    k->err_len == sizeof(k->err_line))
			flush_err(k);
	}
}

/* Reads what @w has (at most 64 KiB); closes it at end of file. */
static void drain(struct kexec *k, struct vn_fd_watch *w)
{
	char buf[16384];

	for (int i = 0; i < 4 && w->fd >= 0; i++) {
		ssize_t n = read(w->fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			if (w == &k->err_w)
				flush_err(k);
			close_watch(k, w);
			return;
		}
		if (w == &k->err_w)
			put_err(k, buf, (size_t)n);
		else
			vn_job_write(k->job, 1, buf, (size_t)n);
	}
}

static void out_event(struct vn_fd_watch *w, uint32_t revents)
{
	(void)revents;
	drain(container_of(w, struct kexec, out_w), w);
}

static void err_event(struct vn_fd_watch *w, uint32_t revents)
{
	(void)revents;
	drain(container_of(w, struct kexec, err_w), w);
}

static int exit_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

/* Everything the program wrote before it ended, up to what is buffered. */
static void drain_all(struct kexec *k, struct vn_fd_watch *w)
{
	for (int i = 0; i < 1024 && w->fd >= 0; i++) {
		int before = w->fd;

		drain(k, w);
		if (w->fd == before) {
			/* Nothing more now: a child of the program may hold
			 * the pipe; what it writes later is not this job's. */
			if (w == &k->err_w)
				flush_err(k);
			close_watch(k, w);
		}
	}
}

static void pid_event(struct vn_fd_watch *w, uint32_t revents)
{
	struct kexec *k = container_of(w, struct kexec, pid_w);
	int st;
	pid_t r;

	(void)revents;
	do {
		r = waitpid(k->pid, &st, WNOHANG);
	} while (r < 0 && errno == EINTR);
	if (r == 0)
		return;
	k->ended = true;
	close_watch(k, &k->pid_w);
	drain_all(k, &k->out_w);
	drain_all(k, &k->err_w);
	vn_job_exit(k->job, r < 0 ? 1 : exit_status(st));
}

static void kexec_signal(struct vn_job *job, int sig)
{
	struct kexec *k = vn_job_data(job);

	if (!k->ended)
		kill(-k->pid, sig);
}

static void kexec_release(struct vn_job *job)
{
	struct kexec *k = vn_job_data(job);

	if (!k->ended) {
		kill(-k->pid, SIGKILL);
		while (waitpid(k->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	close_watch(k, &k->pid_w);
	close_watch(k, &k->out_w);
	close_watch(k, &k->err_w);
	free(k);
}

static const struct vn_job_ops kexec_ops = {
	.signal = kexec_signal,
	.release = kexec_release,
};

void vn_kexec_real_time(struct vn_job *job, const char *what)
{
	if (vn_engine_real_time(vn_job_engine(job)))
		vn_job_eprintf(job,
			       "vnet: %s is kernel-facing: the clock runs in real time from here on\n",
			       what);
}

static void init_watch(struct vn_fd_watch *w, int fd,
		       void (*fn)(struct vn_fd_watch *, uint32_t))
{
	w->fd = fd;
	w->events = EPOLLIN;
	w->fn = fn;
	w->added = false;
}

int vn_kexec_run(struct vn_job *job, struct vn_knetns *kns, int keep_fd,
		 int argc, char **argv)
{
	struct vn_engine *e = vn_job_engine(job);
	int out[2] = { -1, -1 }, err_p[2] = { -1, -1 }, pidfd = -1;
	struct vn_err err;
	struct kexec *k;
	char **args;
	pid_t pid;
	int rc;

	vn_err_init(&err);
	args = calloc((size_t)argc + 1, sizeof(*args));
	k = calloc(1, sizeof(*k));
	if (!args || !k || pipe2(out, O_CLOEXEC | O_NONBLOCK) < 0 ||
	    pipe2(err_p, O_CLOEXEC | O_NONBLOCK) < 0) {
		vn_job_eprintf(job, "%s: %s\n", argv[0], strerror(errno));
		rc = 1;
		goto fail;
	}
	for (int i = 0; i < argc; i++)
		args[i] = argv[i];
	vn_kexec_real_time(job, argv[0]);
	rc = vn_knetns_spawn(kns, args, keep_fd, out[1], err_p[1], &pid, &pidfd,
			     &err);
	close(out[1]);
	close(err_p[1]);
	out[1] = err_p[1] = -1;
	if (rc) {
		/* iproute2: "exec of "X" failed: ..." and status 1. */
		vn_job_eprintf(job, "%s\n", err.msg);
		rc = 1;
		goto fail;
	}
	free(args);
	k->job = job;
	k->e = e;
	k->pid = pid;
	init_watch(&k->pid_w, pidfd, pid_event);
	init_watch(&k->out_w, out[0], out_event);
	init_watch(&k->err_w, err_p[0], err_event);
	vn_job_set_ops(job, &kexec_ops, k);
	vn_engine_watch(e, &k->pid_w);
	vn_engine_watch(e, &k->out_w);
	vn_engine_watch(e, &k->err_w);
	return VN_JOB_RUNNING;
fail:
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (err_p[i] >= 0)
			close(err_p[i]);
	}
	free(args);
	free(k);
	return rc;
}

int vn_kexec_knetns(struct vn_job *job, const char *spec,
		    struct vn_knetns **out)
{
	struct vn_netns *ns = NULL;
	struct vn_err err;

	if (*spec && !strchr(spec, '/'))
		ns = vn_engine_netns(vn_job_engine(job), spec);
	if (ns && ns->kernel) {
		*out = vn_knetns_get(ns->kernel);
		return 0;
	}
	vn_err_init(&err);
	if (vn_knetns_open(spec, out, &err)) {
		vn_job_eprintf(job, "%s\n", err.msg);
		return 1;
	}
	return 0;
}

bool vn_kexec_net_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) < 0)
		return geteuid() == 0;
	return data[CAP_NET_ADMIN / 32].effective &
	       (1u << (CAP_NET_ADMIN % 32));
}
