/* SPDX-License-Identifier: MIT */
/*
 * inet/neigh.h - the neighbour table (net/core/neighbour.c), used by ARP.
 *
 * Theory of operation.  One entry per (IPv4 address, device), in the
 * states of Linux's NUD machine:
 *
 *   NONE --output--> INCOMPLETE --reply--> REACHABLE --reachable_time-->
 *   STALE (or DELAY if used recently) --output--> DELAY --delay_probe_time-->
 *   PROBE (unicast probes) --reply--> REACHABLE; INCOMPLETE or PROBE out of
 *   probes --> FAILED, and every queued packet is reported unreachable.
 *
 * Timers: one per entry on the engine clock.  INCOMPLETE sends
 * mcast_probes broadcast requests retrans_time apart; PROBE sends
 * ucast_probes unicast ones.  reachable_time is drawn uniformly from
 * [base/2, 3*base/2) as neigh_rand_reach_time(), again every 300 s.
 *
 * Limits: at most unres_qlen packets wait for one entry (the oldest is
 * dropped, NEIGH_QUEUE_FULL); at most gc_thresh3 entries per table, made
 * room for by forced garbage collection (FAILED entries and entries idle
 * for 5 s), else creation fails ("neighbor table overflow").  Past
 * gc_thresh1 entries, a periodic sweep removes FAILED entries and STALE
 * ones unused for gc_stale_time.
 *
 * Not supported yet: proxy ARP, per-device parameters, NTF_ROUTER.
 */
#ifndef VN_INET_NEIGH_H
#define VN_INET_NEIGH_H

#include "base/env.h"
#include "base/hash.h"
#include "base/list.h"
#include "wire/eth.h"

struct vn_dev;

/* NUD states, Linux's values (a bit each). */
#define VN_NUD_NONE 0x00
#define VN_NUD_INCOMPLETE 0x01
#define VN_NUD_REACHABLE 0x02
#define VN_NUD_STALE 0x04
#define VN_NUD_DELAY 0x08
#define VN_NUD_PROBE 0x10
#define VN_NUD_FAILED 0x20
#define VN_NUD_NOARP 0x40
#define VN_NUD_PERMANENT 0x80

#define VN_NUD_IN_TIMER (VN_NUD_INCOMPLETE | VN_NUD_REACHABLE | \
			 VN_NUD_DELAY | VN_NUD_PROBE)
#define VN_NUD_VALID (VN_NUD_PERMANENT | VN_NUD_NOARP | VN_NUD_REACHABLE | \
		      VN_NUD_PROBE | VN_NUD_STALE | VN_NUD_DELAY)
#define VN_NUD_CONNECTED (VN_NUD_PERMANENT | VN_NUD_NOARP | VN_NUD_REACHABLE)

/* neigh_update() flags. */
#define VN_NEIGH_F_OVERRIDE 0x1
#define VN_NEIGH_F_WEAK_OVERRIDE 0x2
#define VN_NEIGH_F_ADMIN 0x80

struct vn_neigh_parms {
	vn_time base_reachable_time;
	vn_time retrans_time;
	vn_time delay_probe_time;
	vn_time gc_stale_time;
	vn_time locktime;
	uint32_t ucast_probes;
	uint32_t mcast_probes;
	uint32_t app_probes;
	uint32_t mcast_reprobes;
	uint32_t unres_qlen;
};

struct vn_neigh_table;

struct vn_neigh {
	struct vn_hnode node;
	struct vn_list link;	/* creation order, for `ip neigh show` */
	struct vn_neigh_table *tbl;
	uint32_t key;		/* IPv4 address, host order */
	struct vn_dev *dev;
	uint8_t ha[VN_ETH_ALEN];
	uint8_t state;		/* VN_NUD_* */
	bool router;
	uint32_t probes;
	vn_time updated;
	vn_time confirmed;
	vn_time used;
	struct vn_timer timer;
	struct vn_bufq queue;	/* waiting for resolution */
};

/* What the protocol (ARP) provides to the generic machine. */
struct vn_neigh_ops {
	/* Send a probe: broadcast if @dst_ha is NULL, else unicast to it.
	 * @queued is the newest waiting packet, or NULL. */
	void (*solicit)(struct vn_neigh *n, const uint8_t *dst_ha,
			const struct vn_buf *queued);
	/* A waiting packet will never be sent; consumes @buf. */
	void (*error_report)(struct vn_neigh *n, struct vn_buf *buf);
};

struct vn_neigh_stats {
	uint64_t allocs, destroys, lookups, hits, res_failed, table_fulls;
	uint64_t forced_gc_runs, periodic_gc_runs, unres_discards;
};

struct vn_neigh_table {
	struct vn_env *env;
	const struct vn_neigh_ops *ops;
	struct vn_hmap map;
	struct vn_list list;
	uint32_t n;
	uint32_t gc_thresh1, gc_thresh2, gc_thresh3;
	struct vn_neigh_parms parms;
	vn_time reachable_time;
	vn_time last_rand;
	vn_time last_flush;
	struct vn_timer gc_timer;
	struct vn_neigh_stats stats;
};

void vn_neigh_table_init(struct vn_neigh_table *tbl, struct vn_env *env,
			 const struct vn_neigh_ops *ops);
void vn_neigh_table_fini(struct vn_neigh_table *tbl);

struct vn_neigh *vn_neigh_lookup(const struct vn_neigh_table *tbl,
				 uint32_t key, const struct vn_dev *dev);

/* A new entry in state NONE; NULL if the table is full. */
struct vn_neigh *vn_neigh_create(struct vn_neigh_table *tbl, uint32_t key,
				 struct vn_dev *dev);

/**
 * vn_neigh_update() - Linux's neigh_update()
 * @lladdr: the address learned, or NULL to keep the cached one
 * @new_state: a VN_NUD_* state
 * @flags: VN_NEIGH_F_*
 *
 * Sends the waiting packets when the entry becomes valid, reports them
 * unreachable when it fails.  Return: 0, -EINVAL, -EPERM (not allowed to
 * override a permanent entry).
 */
int vn_neigh_update(struct vn_neigh *n, const uint8_t *lladdr,
		    uint8_t new_state, uint32_t flags);

/* neigh_event_ns(): someone asked us; remember them as STALE. */
struct vn_neigh *vn_neigh_event_ns(struct vn_neigh_table *tbl,
				   const uint8_t *lladdr, uint32_t key,
				   struct vn_dev *dev);

/**
 * vn_neigh_output() - send an IPv4 packet to @key on @dev
 * @buf: data at the IPv4 header
 *
 * Resolves (queueing @buf meanwhile) or sends at once with the Ethernet
 * header filled.  Context: packet path; consumes @buf.
 */
void vn_neigh_output(struct vn_neigh_table *tbl, struct vn_dev *dev,
		     uint32_t key, struct vn_buf *buf);

/* Removes an entry (dropping what waits on it). */
void vn_neigh_destroy(struct vn_neigh *n);

/*
 * Removes @dev's entries; the permanent ones survive if @skip_perm
 * (carrier loss keeps them, admin down does not).
 */
void vn_neigh_flush_dev(struct vn_neigh_table *tbl, const struct vn_dev *dev,
			bool skip_perm);

/* Pushes the Ethernet header and transmits (no resolution). */
void vn_neigh_xmit(struct vn_dev *dev, const uint8_t *dst_ha,
		   uint16_t ethertype, struct vn_buf *buf);

const char *vn_nud_name(uint8_t state);

#endif
