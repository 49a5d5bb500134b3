/* SPDX-License-Identifier: MIT */
/*
 * bridge/fdb.h - the forwarding database: (MAC, VLAN) -> port.
 *
 * Theory of operation: a chained hash table keyed by MAC and VLAN id, and a
 * list of all entries, newest first, which is the order `bridge fdb show`
 * prints (Linux keeps br->fdb_list the same way, hlist_add_head).  The
 * table knows nothing of devices: a port is an opaque pointer, NULL for
 * the bridge itself.
 *
 * Kinds, as net/bridge/br_fdb.c's flags:
 *   local   (BR_FDB_LOCAL|BR_FDB_STATIC) a port's or the bridge's own
 *           address: frames for it go up the stack; never aged or moved
 *           by learning; `bridge fdb` says "permanent";
 *   static  (BR_FDB_STATIC) added by the user: never aged, but learning
 *           still moves it to the port the source is seen on (only the
 *           kernel's "sticky" flag prevents that, which vnet lacks);
 *   dynamic learned or added as `dynamic`: aged.
 * Two flags ride along: ADDED_BY_USER (from `bridge fdb add|replace`, for
 * `bridge fdb flush [no]added_by_user`) and LEARNED (created by learning:
 * counted in n_learned, Linux's BR_FDB_DYNAMIC_LEARNED; the user adopting
 * an entry clears it).
 *
 * Ageing: a dynamic entry expires ageing after its source was last seen.
 * Lookups (vn_fdb_lookup()) ignore expired entries at once, where Linux
 * keeps using one until its gc work deletes it (at most 10 ms later when
 * it runs on time); vn_fdb_gc() deletes them and says when to run next.
 * With ageing 0 nothing is learned and every dynamic entry is expired, so
 * unicast floods like a hub (Linux: "some users want to always flood").
 *
 * Limits: at most max_learned learned entries (0: no limit but the hard
 * cap VN_FDB_HARD_MAX, which Linux does not have); past that new sources
 * are not learned (the frame is still forwarded) and n_learn_refused
 * counts them.  Entries the user adds are not limited, as in Linux.
 * Entries come from a free list refilled 256 at a time, so steady learning
 * allocates nothing.
 *
 * Not supported yet: sticky, extern_learn, offloaded and locked entries,
 * activity notification, per-VLAN entries (the VID is part of the key, but
 * the bridge only uses VID 0 until VLAN filtering exists).
 */
#ifndef VN_BRIDGE_FDB_H
#define VN_BRIDGE_FDB_H

#include "base/hash.h"
#include "base/list.h"
#include "wire/eth.h"

#define VN_FDB_HARD_MAX (1u << 20)

enum vn_fdb_kind {
	VN_FDB_DYNAMIC,
	VN_FDB_STATIC,
	VN_FDB_LOCAL,
};

/* Entry flags (struct vn_fdb_entry.flags). */
#define VN_FDB_F_ADDED_BY_USER 0x1
#define VN_FDB_F_LEARNED 0x2

struct vn_fdb_entry {
	struct vn_hnode node;
	struct vn_list link;	/* newest first */
	uint8_t mac[VN_ETH_ALEN];
	uint16_t vid;
	uint8_t kind;		/* enum vn_fdb_kind */
	uint8_t flags;		/* VN_FDB_F_* */
	void *port;		/* NULL: the bridge itself */
	vn_time updated;	/* last frame from this source, or last change */
	vn_time used;		/* last frame forwarded to it */
};

struct vn_fdb {
	struct vn_hmap map;
	struct vn_list entries;
	struct vn_list free;
	uint32_t seed;
	vn_time ageing;
	uint32_t max_learned;	/* 0: VN_FDB_HARD_MAX */
	uint32_t n_entries;
	uint32_t n_learned;	/* entries with VN_FDB_F_LEARNED */
	uint64_t n_learn_refused;
	uint64_t n_moves;	/* a known source seen on another port */
	uint64_t n_own_src;	/* a frame with a local address as source */
	void **chunks;
	uint32_t n_chunks;
};

void vn_fdb_init(struct vn_fdb *fdb, uint32_t seed, vn_time ageing);
/* Frees every entry and chunk. */
void vn_fdb_fini(struct vn_fdb *fdb);

static inline bool vn_fdb_expired(const struct vn_fdb *fdb,
				  const struct vn_fdb_entry *e, vn_time now)
{
	return e->kind == VN_FDB_DYNAMIC && now - e->updated >= fdb->ageing;
}

/* The entry for (@mac, @vid), including an expired one; NULL if none. */
struct vn_fdb_entry *vn_fdb_find(const struct vn_fdb *fdb, const uint8_t *mac,
				 uint16_t vid);

/**
 * vn_fdb_lookup() - where to send a frame for @mac
 * @fdb: the table
 * @mac: destination address
 * @vid: VLAN id (0 without VLAN filtering)
 * @now: the current time
 *
 * Context: packet path; no side effects.
 * Return: a live entry, or NULL (unknown or expired: flood).
 */
static inline struct vn_fdb_entry *vn_fdb_lookup(const struct vn_fdb *fdb,
						 const uint8_t *mac,
						 uint16_t vid, vn_time now)
{
	struct vn_fdb_entry *e = vn_fdb_find(fdb, mac, vid);

	return e && !vn_fdb_expired(fdb, e, now) ? e : NULL;
}

/**
 * vn_fdb_learn() - a frame from @mac arrived on @port (br_fdb_update())
 * @fdb: the table
 * @mac: the frame's source address (valid unicast: the caller checked)
 * @vid: VLAN id
 * @port: the ingress port, not NULL
 * @now: the current time
 *
 * Creates a learned entry, or refreshes the existing one and moves it to
 * @port (counted in n_moves) unless it is local: a frame carrying one of
 * our own addresses as source changes nothing and counts in n_own_src
 * (Linux warns "received packet on X with own address as source
 * address").  Nothing is learned while ageing is 0.
 *
 * Context: packet path; allocates only when the free list is empty.
 * Return: 0, or -ENOSPC when the limit (or memory) refused a new entry.
 */
int vn_fdb_learn(struct vn_fdb *fdb, const uint8_t *mac, uint16_t vid,
		 void *port, vn_time now);

/* How vn_fdb_add() treats an existing entry (NLM_F_* of RTM_NEWNEIGH). */
#define VN_FDB_CREATE 0x1	/* may create (add, replace, append) */
#define VN_FDB_EXCL 0x2		/* must not exist (add) */

/**
 * vn_fdb_add() - the user adds or changes an entry (fdb_add_entry())
 * @fdb: the table
 * @mac: address; the caller refused the zero address
 * @vid: VLAN id
 * @port: where it points; NULL (the bridge) only for VN_FDB_LOCAL
 * @kind: what it becomes
 * @nlflags: VN_FDB_CREATE and/or VN_FDB_EXCL
 * @now: the current time
 *
 * An existing entry is moved to @port and changed to @kind, marked
 * ADDED_BY_USER and no longer counted as learned; its updated time is
 * refreshed if anything changed, its used time always.
 *
 * Context: control path; may allocate.
 * Return: 0, -EEXIST (exists and VN_FDB_EXCL), -ENOENT (missing and no
 * VN_FDB_CREATE), -ENOMEM.
 */
int vn_fdb_add(struct vn_fdb *fdb, const uint8_t *mac, uint16_t vid,
	       void *port, enum vn_fdb_kind kind, unsigned nlflags,
	       vn_time now);

/**
 * vn_fdb_add_local() - a device's own address (fdb_add_local())
 *
 * If a local entry for the key exists already (two ports with one
 * address), it is kept as is; any other entry is replaced.
 * Return: 0, -EINVAL (not a valid unicast address), -ENOMEM.
 */
int vn_fdb_add_local(struct vn_fdb *fdb, const uint8_t *mac, uint16_t vid,
		     void *port, vn_time now);

/* Deletes @e (it goes back to the free list). */
void vn_fdb_remove(struct vn_fdb *fdb, struct vn_fdb_entry *e);

/* Match bits for flushing: what Linux's br_fdb_flush() compares. */
#define VN_FDB_M_LOCAL 0x1
#define VN_FDB_M_STATIC 0x2	/* static or local */
#define VN_FDB_M_ADDED_BY_USER 0x4
#define VN_FDB_M_NEVER 0x8	/* extern_learn, sticky, offloaded: none */

static inline unsigned vn_fdb_match_bits(const struct vn_fdb_entry *e)
{
	unsigned bits = 0;

	if (e->kind == VN_FDB_LOCAL)
		bits |= VN_FDB_M_LOCAL | VN_FDB_M_STATIC;
	else if (e->kind == VN_FDB_STATIC)
		bits |= VN_FDB_M_STATIC;
	if (e->flags & VN_FDB_F_ADDED_BY_USER)
		bits |= VN_FDB_M_ADDED_BY_USER;
	return bits;
}

/* Which entries vn_fdb_flush() deletes (net_bridge_fdb_flush_desc). */
struct vn_fdb_flush_desc {
	bool by_port;		/* only entries pointing to @port */
	void *port;
	uint16_t vid;		/* 0: any */
	unsigned mask;		/* VN_FDB_M_* bits compared ... */
	unsigned value;		/* ... to these */
};

/* Deletes the entries @d matches; returns how many. */
uint32_t vn_fdb_flush(struct vn_fdb *fdb, const struct vn_fdb_flush_desc *d);

/*
 * Deletes @port's dynamic entries (static and local ones stay), as
 * br_fdb_delete_by_port() without do_all.
 */
void vn_fdb_flush_port(struct vn_fdb *fdb, void *port);

/**
 * vn_fdb_gc() - delete expired dynamic entries (br_fdb_cleanup())
 * @fdb: the table
 * @now: the current time
 *
 * Context: timer; linear in the number of entries.
 * Return: when the next one expires, or VN_TIME_NEVER.
 */
vn_time vn_fdb_gc(struct vn_fdb *fdb, vn_time now);

#define vn_fdb_for_each(e, fdb) vn_list_for_each(e, &(fdb)->entries, link)

#endif
