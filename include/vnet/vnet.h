/* SPDX-License-Identifier: MIT */
/*
 * vnet/vnet.h - the public API: engines and command execution.
 *
 * An engine is a whole virtual network in one thread: namespaces, devices,
 * stacks, a clock (virtual or real) and an event loop.  Everything is
 * configured through command lines -- the same ones a script, the daemon
 * and the interactive shell use (see vnet/session.h).
 */
#ifndef VNET_VNET_H
#define VNET_VNET_H

#include <stdbool.h>
#include <stdint.h>

struct vn_engine;
struct vn_netns;

struct vn_engine_opts {
	bool virtual_time;	/* true: the clock jumps from timer to timer */
	uint64_t seed;		/* the random stream (MACs, ISNs, netem) */
};

struct vn_engine *vn_engine_create(const struct vn_engine_opts *opts);
void vn_engine_destroy(struct vn_engine *engine);

/* The root namespace (@name NULL or "") or a named one; NULL if none. */
struct vn_netns *vn_engine_netns(struct vn_engine *engine, const char *name);

/* Nanoseconds on the engine's clock. */
int64_t vn_engine_now(const struct vn_engine *engine);
bool vn_engine_is_virtual(const struct vn_engine *engine);

#endif
