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
 *   Administrative states (PERMANENT, NOARP) only change by command.
 *
 * Timers: one per entry on the engine clock, armed in INCOMPLETE,
 * REACHABLE, DELAY and PROBE only (an armed timer is the entry's "ref" in
 * `ip -s neigh`).  INCOMPLETE sends ucast_probes+mcast_probes requests
 * retrans_time apart (the unicast ones only when an address is known),
 * PROBE ucast_probes+mcast_reprobes.  reachable_time is drawn uniformly
 * from [base/2, 3*base/2) as neigh_rand_reach_time(), again for every
 * parameter set when one is used 300 s after the last draw.
 *
 * Parameters: the table's default set, and one set per device created on
 * first use (net.ipv4.neigh.DEV.*).  A device set follows the default for
 * every value not written to it explicitly, as the kernel's data_state
 * bitmap does.
 *
 * Limits: at most unres_qlen packets wait for one entry (the oldest is
 * dropped, NEIGH_QUEUE_FULL; Linux counts bytes, unres_qlen_bytes).
 * Entries that are not permanent count against gc_thresh3: creation past
 * it first runs forced garbage collection (FAILED and NOARP entries and
 * entries not updated for 5 s, when no timer holds them, down to
 * gc_thresh2), else fails ("neighbor table overflow").  Past gc_thresh1
 * entries, a periodic sweep every base_reachable_time/2 removes FAILED
 * entries and those unused for gc_stale_time.
 *
 * Not supported: proxy ARP, NTF_ROUTER/EXT_LEARNED/MANAGED flags, the
 * byte-based queue limit.
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

/* The tunable values of a parameter set, as net.ipv4.neigh.*.* name them. */
#define VN_NEIGH_VARS(X)                                                  \
	X(BASE_REACHABLE_TIME, base_reachable_time)                       \
	X(RETRANS_TIME, retrans_time)                                     \
	X(DELAY_PROBE_TIME, delay_probe_time)                             \
	X(GC_STALE_TIME, gc_stale_time)                                   \
	X(LOCKTIME, locktime)                                             \
	X(UCAST_PROBES, ucast_probes)                                     \
	X(MCAST_PROBES, mcast_probes)                                     \
	X(APP_PROBES, app_probes)                                         \
	X(MCAST_REPROBES, mcast_reprobes)                                 \
	X(UNRES_QLEN, unres_qlen)

enum vn_neigh_var {
#define VN_NEIGH_VAR_ENUM(name, field) VN_NEIGH_VAR_##name,
	VN_NEIGH_VARS(VN_NEIGH_VAR_ENUM)
#undef VN_NEIGH_VAR_ENUM
	VN_NEIGH_VAR__COUNT
};

struct vn_neigh_parms {
	struct vn_list link;	/* the table's device sets */
	const struct vn_dev *dev;	/* NULL: the table's default */
	uint32_t explicit;	/* bit per enum vn_neigh_var written */
	vn_time reachable_time;	/* drawn from base_reachable_time */
	/* Times in engine units, counts plain. */
	int64_t base_reachable_time;
	int64_t retrans_time;
	int64_t delay_probe_time;
	int64_t gc_stale_time;
	int64_t locktime;
	int64_t ucast_probes;
	int64_t mcast_probes;
	int64_t app_probes;
	int64_t mcast_reprobes;
	int64_t unres_qlen;
};

struct vn_neigh_table;

struct vn_neigh {
	struct vn_hnode node;
	struct vn_list link;	/* creation order, for `ip neigh show` */
	struct vn_neigh_table *tbl;
	struct vn_neigh_parms *parms;
	uint32_t key;		/* IPv4 address, host order */
	struct vn_dev *dev;
	uint8_t ha[VN_ETH_ALEN];
	uint8_t state;		/* VN_NUD_* */
	bool gc_counted;	/* counts in gc_entries (not permanent) */
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
	uint32_t n;		/* entries */
	uint32_t gc_entries;	/* entries that are not permanent */
	int64_t gc_thresh1, gc_thresh2, gc_thresh3;
	struct vn_neigh_parms parms;	/* the default set */
	struct vn_list dev_parms;	/* struct vn_neigh_parms, per device */
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

/**
 * vn_neigh_create() - a new entry in state NONE
 * @exempt_from_gc: a permanent entry made by command: it counts against
 *                  no threshold and never triggers garbage collection
 *
 * Context: allocates.  Return: the entry, or NULL if the table is full.
 */
struct vn_neigh *vn_neigh_create(struct vn_neigh_table *tbl, uint32_t key,
				 struct vn_dev *dev, bool exempt_from_gc);

/**
 * vn_neigh_update() - Linux's neigh_update()
 * @lladdr: the address learned, or NULL to keep the cached one
 * @new_state: a VN_NUD_* state
 * @flags: VN_NEIGH_F_*
 *
 * Sends the waiting packets when the entry becomes valid, reports them
 * unreachable when it fails.  Return: 0, -EINVAL (no link layer address
 * given for a valid state), -EPERM (not allowed to override a permanent
 * or noarp entry).
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

/*
 * neigh_event_send(n, NULL): start resolving @key on @dev if nothing
 * knows it yet, with no packet waiting.  Context: packet path.
 */
void vn_neigh_resolve(struct vn_neigh_table *tbl, struct vn_dev *dev,
		      uint32_t key);

/* Removes an entry (dropping what waits on it). */
void vn_neigh_destroy(struct vn_neigh *n);

/*
 * vn_neigh_remove() - `ip neigh del`: the entry fails first (its waiting
 * packets are reported unreachable), then goes.
 */
void vn_neigh_remove(struct vn_neigh *n);

/*
 * Removes @dev's entries; the permanent ones survive if @skip_perm
 * (carrier loss keeps them, admin down does not).
 */
void vn_neigh_flush_dev(struct vn_neigh_table *tbl, const struct vn_dev *dev,
			bool skip_perm);

/* Pushes the Ethernet header and transmits (no resolution). */
void vn_neigh_xmit(struct vn_dev *dev, const uint8_t *dst_ha,
		   uint16_t ethertype, struct vn_buf *buf);

/* The "ref" `ip -s neigh` shows: 1 while a timer holds the entry. */
uint32_t vn_neigh_refcnt(const struct vn_neigh *n);

const char *vn_nud_name(uint8_t state);

/* --- parameters ------------------------------------------------------------ */

/* The set @dev uses (the default if it has none yet); never NULL. */
struct vn_neigh_parms *vn_neigh_parms_lookup(struct vn_neigh_table *tbl,
					     const struct vn_dev *dev);

/* The set of @dev, created from the default if needed; NULL if no memory. */
struct vn_neigh_parms *vn_neigh_parms_get(struct vn_neigh_table *tbl,
					  const struct vn_dev *dev);

/* @dev is leaving: its entries and its parameter set go. */
void vn_neigh_parms_release(struct vn_neigh_table *tbl,
			    const struct vn_dev *dev);

int64_t vn_neigh_parms_value(const struct vn_neigh_parms *p,
			     enum vn_neigh_var var);

/**
 * vn_neigh_parms_set() - write one value, as a sysctl write does
 * @p: a device set (marked explicit for @var) or &tbl->parms (copied to
 *     every device set that has not set @var itself)
 *
 * A new base_reachable_time redraws reachable_time at once.
 */
void vn_neigh_parms_set(struct vn_neigh_table *tbl, struct vn_neigh_parms *p,
			enum vn_neigh_var var, int64_t value);

#endif
