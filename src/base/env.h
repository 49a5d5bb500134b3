/* SPDX-License-Identifier: MIT */
/*
 * base/env.h - what every layer runs on: the clock, the timer heap, the
 * buffer pool, the random stream and the poller (the file descriptors the
 * loop waits on).  The engine owns one; namespaces and devices point at it.
 */
#ifndef VN_BASE_ENV_H
#define VN_BASE_ENV_H

#include "base/buf.h"
#include "base/clock.h"
#include "base/poll.h"
#include "base/rand.h"
#include "base/timer.h"

struct vn_env {
	struct vn_clock clock;
	struct vn_timers timers;
	struct vn_pool *pool;
	struct vn_rand rand;
	uint32_t hash_seed;
	struct vn_poller poller;
	uint32_t qdisc_handle;	/* last automatic qdisc handle (tc) */
};

static inline vn_time vn_env_now(const struct vn_env *env)
{
	return vn_clock_now(&env->clock);
}

static inline void vn_env_timer_arm(struct vn_env *env, struct vn_timer *t,
				    vn_time expires)
{
	vn_timer_arm(&env->timers, t, expires);
}

static inline void vn_env_timer_cancel(struct vn_env *env, struct vn_timer *t)
{
	vn_timer_cancel(&env->timers, t);
}

#endif
