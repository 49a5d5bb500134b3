// SPDX-License-Identifier: MIT
/*
 * base/clock.c - virtual and monotonic time.
 *
 * Both clocks start at zero.  Capture files need wall-clock timestamps;
 * a virtual clock maps to a fixed epoch so pcap files are byte-identical
 * from run to run, a real one to the wall clock at creation.
 */
#include <time.h>

#include "base/clock.h"

/* 2026-01-01T00:00:00Z: the epoch that virtual time 0 is printed as. */
#define VIRTUAL_EPOCH 1767225600LL

static vn_time monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (vn_time)ts.tv_sec * VN_SEC + ts.tv_nsec;
}

static vn_time wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (vn_time)ts.tv_sec * VN_SEC + ts.tv_nsec;
}

void vn_clock_init(struct vn_clock *clock, bool is_virtual)
{
	clock->is_virtual = is_virtual;
	clock->now = 0;
	clock->origin = is_virtual ? 0 : monotonic_ns();
}

vn_time vn_clock_now(const struct vn_clock *clock)
{
	if (clock->is_virtual)
		return clock->now;
	return monotonic_ns() - clock->origin;
}

void vn_clock_go_real(struct vn_clock *clock)
{
	if (!clock->is_virtual)
		return;
	clock->origin = monotonic_ns() - clock->now;
	clock->is_virtual = false;
}

void vn_clock_advance(struct vn_clock *clock, vn_time t)
{
	if (clock->is_virtual && t > clock->now)
		clock->now = t;
}

void vn_clock_wall(const struct vn_clock *clock, vn_time t, int64_t *sec,
		   int32_t *usec)
{
	vn_time wall;

	if (clock->is_virtual)
		wall = VIRTUAL_EPOCH * VN_SEC + t;
	else
		wall = wall_ns() - (vn_clock_now(clock) - t);
	*sec = wall / VN_SEC;
	*usec = (int32_t)((wall % VN_SEC) / VN_USEC);
}
