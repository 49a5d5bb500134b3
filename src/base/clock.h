/* SPDX-License-Identifier: MIT */
/*
 * base/clock.h - the engine's clock: virtual or real (monotonic).
 *
 * Nothing else reads the system clock.  A virtual clock only moves when the
 * loop advances it to the next timer, so scripts are instant and repeatable.
 */
#ifndef VN_BASE_CLOCK_H
#define VN_BASE_CLOCK_H

#include "base/util.h"

struct vn_clock {
	bool is_virtual;
	vn_time now;		/* virtual time; unused when real */
	vn_time origin;		/* real: monotonic time at creation */
};

void vn_clock_init(struct vn_clock *clock, bool is_virtual);
vn_time vn_clock_now(const struct vn_clock *clock);
/*
 * Makes a virtual clock real from now on: it goes on from its current
 * instant at the pace of CLOCK_MONOTONIC (the engine's switch when the
 * first kernel-facing device appears).  No-op on a real clock.
 */
void vn_clock_go_real(struct vn_clock *clock);
/* Moves a virtual clock forward to @t (never back). */
void vn_clock_advance(struct vn_clock *clock, vn_time t);
/* Wall-clock seconds and microseconds for capture timestamps. */
void vn_clock_wall(const struct vn_clock *clock, vn_time t, int64_t *sec,
		   int32_t *usec);

#endif
