/* SPDX-License-Identifier: MIT */
/*
 * dev/netem.h - the netem qdisc: delay, jitter, loss, duplication,
 * reordering, corruption, rate and slots on a device's transmit side.
 *
 * A configuration arrives as Linux's netem takes it from tc: the fields of
 * TCA_OPTIONS, struct tc_netem_qopt plus the optional attributes after it
 * (include/uapi/linux/pkt_sched.h), with has_* saying which attributes
 * are present.  `tc qdisc change` keeps what a request leaves out exactly
 * as netem_change() does, so the request, not the wanted end state, is
 * the interface.  vn_netem_get() reports what netem_dump() reports.
 *
 * Probabilities and correlations are 32-bit fractions: 0 is never,
 * UINT32_MAX always (tc scales percentages with rint(p * UINT32_MAX)).
 */
#ifndef VN_DEV_NETEM_H
#define VN_DEV_NETEM_H

#include "dev/dev.h"

/* NETEM_DIST_SCALE and NETEM_DIST_MAX (pkt_sched.h). */
#define VN_NETEM_DIST_SCALE 8192
#define VN_NETEM_DIST_MAX 16384

/* The psched tick of tc_netem_qopt's latency and jitter (PSCHED_SHIFT 6). */
#define VN_NETEM_TICK_NS 64

/* struct tc_netem_corr */
struct vn_netem_corr {
	uint32_t delay;
	uint32_t loss;
	uint32_t dup;
};

/* struct tc_netem_reorder and struct tc_netem_corrupt */
struct vn_netem_prob {
	uint32_t probability;
	uint32_t correlation;
};

/* struct tc_netem_rate, with TCA_NETEM_RATE64 folded in. */
struct vn_netem_rate {
	uint64_t rate;		/* bytes per second; 0: no rate */
	int32_t packet_overhead;
	uint32_t cell_size;
	int32_t cell_overhead;
};

/* struct tc_netem_gimodel: the 4-state Markov loss model. */
struct vn_netem_gi {
	uint32_t p13, p31, p32, p14, p23;
};

/* struct tc_netem_gemodel: the Gilbert-Elliot loss model. */
struct vn_netem_ge {
	uint32_t p, r, h, k1;
};

/* struct tc_netem_slot, times in nanoseconds. */
struct vn_netem_slot {
	int64_t min_delay;
	int64_t max_delay;
	int32_t max_packets;
	int32_t max_bytes;
	int64_t dist_delay;
	int64_t dist_jitter;
};

/* The loss generators; RANDOM is the plain `loss P% [CORR]`. */
enum vn_netem_loss_model {
	VN_NETEM_LOSS_RANDOM,
	VN_NETEM_LOSS_GI,
	VN_NETEM_LOSS_GE,
};

/* A request: what tc puts into TCA_OPTIONS. */
struct vn_netem_msg {
	/* struct tc_netem_qopt */
	uint32_t latency;	/* psched ticks */
	uint32_t limit;		/* frames */
	uint32_t loss;
	uint32_t gap;
	uint32_t duplicate;
	uint32_t jitter;	/* psched ticks */
	/* optional attributes */
	bool has_corr;
	struct vn_netem_corr corr;
	bool has_reorder;
	struct vn_netem_prob reorder;
	bool has_corrupt;
	struct vn_netem_prob corrupt;
	bool has_rate;
	struct vn_netem_rate rate;
	bool has_ecn;
	uint32_t ecn;
	enum vn_netem_loss_model loss_model;	/* RANDOM: no TCA_NETEM_LOSS */
	struct vn_netem_gi gi;
	struct vn_netem_ge ge;
	bool has_slot;
	struct vn_netem_slot slot;
	const int16_t *dist;	/* TCA_NETEM_DELAY_DIST, or NULL */
	uint32_t dist_len;
	const int16_t *slot_dist;	/* TCA_NETEM_SLOT_DIST, or NULL */
	uint32_t slot_dist_len;
	/*
	 * vnet: forget the delay table (jitter becomes uniform again).  tc
	 * cannot ask for this; `distribution uniform` does (docs).
	 */
	bool dist_clear;
};

/* What netem_dump() reports. */
struct vn_netem_info {
	int64_t latency;	/* ns */
	int64_t jitter;		/* ns */
	uint32_t limit;
	uint32_t loss;
	uint32_t gap;
	uint32_t duplicate;
	struct vn_netem_corr corr;
	struct vn_netem_prob reorder;
	struct vn_netem_prob corrupt;
	struct vn_netem_rate rate;
	uint32_t ecn;
	enum vn_netem_loss_model loss_model;
	struct vn_netem_gi gi;
	struct vn_netem_ge ge;
	bool has_slot;
	struct vn_netem_slot slot;	/* max_packets/bytes 0: unlimited */
};

bool vn_qdisc_is_netem(const struct vn_qdisc *q);

/**
 * vn_netem_create() - a netem qdisc for @dev, configured by @msg
 * @handle: its handle (MAJ:0), already chosen by the caller
 * @out: receives the qdisc; the caller grafts it with vn_dev_set_qdisc()
 *
 * Context: control path, allocates (the qdisc and its tables).  The
 * qdisc's random stream is seeded from the engine's, as netem_init()
 * seeds its prng from get_random_u64().
 * Return: 0, or -EINVAL (with netem_change()'s message in @err) or
 * -ENOMEM; nothing is created then.
 */
int vn_netem_create(struct vn_dev *dev, uint32_t handle,
		    const struct vn_netem_msg *msg, struct vn_qdisc **out,
		    struct vn_err *err);

/**
 * vn_netem_change() - apply @msg to a netem qdisc, as netem_change()
 *
 * Attributes @msg leaves out keep their old values (correlations, reorder,
 * corrupt, rate, ecn, slot, tables); the loss model falls back to random
 * without TCA_NETEM_LOSS.  Frames already queued keep their send times.
 * Context: control path.  Return: 0, or -EINVAL/-ENOMEM with nothing
 * changed.
 */
int vn_netem_change(struct vn_qdisc *q, const struct vn_netem_msg *msg,
		    struct vn_err *err);

/* Fills @info with the parameters, as netem_dump() reports them. */
void vn_netem_get(const struct vn_qdisc *q, struct vn_netem_info *info);

/**
 * vn_netem_dist_make() - a built-in jitter distribution table
 * @name: "normal", "pareto" or "paretonormal"
 * @table: receives the entries
 * @max: room in @table
 *
 * Computes what iproute2's netem/normal.c, pareto.c and paretonormal.c
 * generate into the .dist files tc loads (4096 entries each, identical
 * values).  Context: control path, no allocation, about 400,000 calls to
 * erf() for the normal ones.
 * Return: the number of entries, or -ENOENT for another name.
 */
int vn_netem_dist_make(const char *name, int16_t *table, uint32_t max);

#endif
