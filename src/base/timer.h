/* SPDX-License-Identifier: MIT */
/*
 * base/timer.h - timers on the engine's clock.
 *
 * Timers are embedded in their owners and kept in a binary min-heap ordered
 * by (expiry, arming order), so timers due at the same instant fire in the
 * order they were armed: virtual runs are deterministic.  Arm, re-arm and
 * cancel are O(log n); finding the next deadline is O(1).
 */
#ifndef VN_BASE_TIMER_H
#define VN_BASE_TIMER_H

#include "base/util.h"

struct vn_timer;
typedef void (*vn_timer_fn)(struct vn_timer *timer, vn_time now);

struct vn_timer {
	vn_time expires;
	uint64_t seq;
	uint32_t heap_idx;	/* VN_TIMER_IDLE when not armed */
	vn_timer_fn fn;
};

#define VN_TIMER_IDLE UINT32_MAX

struct vn_timers {
	struct vn_timer **heap;
	uint32_t n, cap;
	uint64_t next_seq;
};

void vn_timers_init(struct vn_timers *timers);
void vn_timers_fini(struct vn_timers *timers);

static inline void vn_timer_init(struct vn_timer *timer, vn_timer_fn fn)
{
	timer->expires = 0;
	timer->seq = 0;
	timer->heap_idx = VN_TIMER_IDLE;
	timer->fn = fn;
}

static inline bool vn_timer_armed(const struct vn_timer *timer)
{
	return timer->heap_idx != VN_TIMER_IDLE;
}

/* (Re)arms @timer to fire at @expires.  Allocates only to grow the heap. */
void vn_timer_arm(struct vn_timers *timers, struct vn_timer *timer,
		  vn_time expires);
void vn_timer_cancel(struct vn_timers *timers, struct vn_timer *timer);

/* The earliest deadline, or VN_TIME_NEVER. */
vn_time vn_timers_next(const struct vn_timers *timers);

/* Runs every timer due at or before @now; returns how many ran. */
unsigned vn_timers_run(struct vn_timers *timers, vn_time now);

#endif
