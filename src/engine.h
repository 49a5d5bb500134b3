/* SPDX-License-Identifier: MIT */
/*
 * engine.h - the process-wide object: clock, timers, buffer pool, receive
 * backlog, namespaces, and the event loop.
 */
#ifndef VN_ENGINE_H
#define VN_ENGINE_H

#include "base/env.h"
#include "dev/dev.h"
#include "netns.h"
#include "vnet/vnet.h"

struct vn_engine {
	struct vn_env env;
	struct vn_backlog backlog;
	struct vn_netns *root;
	struct vn_list named;	/* `ip netns add`ed, creation order */
	uint32_t n_named;
	uint64_t seed;
	uint64_t n_busy_steps;	/* virtual clock steps charged for busy work */
};

/* Adds a named namespace.  Return: 0, -EEXIST, -EINVAL, -ENOMEM. */
int vn_engine_netns_add(struct vn_engine *e, const char *name,
			struct vn_err *err);
int vn_engine_netns_del(struct vn_engine *e, const char *name,
			struct vn_err *err);

/* File descriptors the loop waits on (base/poll.h). */
int vn_engine_watch(struct vn_engine *e, struct vn_fd_watch *w);
void vn_engine_unwatch(struct vn_engine *e, struct vn_fd_watch *w);

/**
 * vn_engine_real_time() - switch a virtual clock to real time, from now on
 *
 * Kernel-facing objects (TAP and AF_PACKET devices, kernel namespaces and
 * the programs running in them) deliver frames in real time, so the first
 * one created switches the engine: the clock goes on from its current
 * virtual instant at the pace of CLOCK_MONOTONIC, and timers keep their
 * deadlines.  There is no way back.  Engines that never meet the kernel
 * stay on virtual time, exactly as deterministic as before.
 *
 * Return: true if this call switched the clock (the caller says so once,
 * on standard error), false if it was real already.
 */
bool vn_engine_real_time(struct vn_engine *e);

/*
 * vn_engine_settle() - process everything due now: queued frames and
 * expired timers, until neither is left.  Never advances a virtual clock
 * except by the storm guard (a topology loop flooding frames forever gets
 * 1 us of virtual time per 65536 frames, so timers still run).
 */
void vn_engine_settle(struct vn_engine *e);

enum vn_run_result {
	VN_RUN_DONE,		/* the condition became true */
	VN_RUN_DEADLINE,	/* the deadline passed */
	VN_RUN_IDLE,		/* virtual time: nothing will ever happen */
};

/**
 * vn_engine_run() - run the loop until @done(@arg) or @deadline
 * @deadline: engine time, or VN_TIME_NEVER
 * @done: checked after each step; may be NULL (run to the deadline)
 *
 * Virtual time jumps to the next timer; real time waits in epoll.
 */
enum vn_run_result vn_engine_run(struct vn_engine *e, vn_time deadline,
				 bool (*done)(void *arg), void *arg);

#endif
