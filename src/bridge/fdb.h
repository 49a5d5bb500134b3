/* SPDX-License-Identifier: MIT */
/*
 * bridge/fdb.h - the forwarding database: (MAC, VLAN) -> port.
 *
 * Theory of operation: a chained hash table keyed by MAC and VLAN id, and a
 * list of all entries, newest first, which is the order `bridge fdb show`
 * prints (Linux keeps br->fdb_list the same way).  Entries are local (a
 * port's or the bridge's own address: never aged, never moved), static
 * (added by the user: never aged) or dynamic (learned: aged after
 * ageing_time without traffic from that source).
 *
 * Ageing: lookups ignore dynamic entries older than ageing_time, and
 * vn_fdb_gc() deletes them.  With ageing_time 0 nothing is learned at all
 * and existing dynamic entries are all expired, so unicast floods.
 *
 * Limits: at most max_learned dynamic entries (0 means the hard cap
 * VN_FDB_HARD_MAX); past that, new sources are not learned and
 * n_learn_refused counts them (MAC-flooding protection).  Entries come
 * from a free list, so steady learning allocates nothing.
 *
 * Not supported yet: sticky and extern_learn flags, per-VLAN learning
 * policies (the VID is part of the key already).
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

struct vn_fdb_entry {
	struct vn_hnode node;
	struct vn_list link;	/* newest first */
	uint8_t mac[VN_ETH_ALEN];
	uint16_t vid;
	uint8_t kind;		/* enum vn_fdb_kind */
	void *port;		/* NULL: the bridge itself */
	vn_time updated;	/* last frame from this source */
	vn_time used;		/* last frame forwarded to it */
	vn_time created;
};

struct vn_fdb {
	struct vn_hmap map;
	struct vn_list entries;
	struct vn_list free;
	uint32_t seed;
	vn_time ageing;
	uint32_t max_learned;	/* 0: VN_FDB_HARD_MAX */
	uint32_t n_learned;	/* dynamic entries */
	uint64_t n_learn_refused;
	uint64_t n_moves;	/* a known source seen on another port */
	void **chunks;
	uint32_t n_chunks;
};

void vn_fdb_init(struct vn_fdb *fdb, uint32_t seed, vn_time ageing);
void vn_fdb_fini(struct vn_fdb *fdb);

static inline bool vn_fdb_expired(const struct vn_fdb *fdb,
				  const struct vn_fdb_entry *e, vn_time now)
{
	return e->kind == VN_FDB_DYNAMIC && now - e->updated >= fdb->ageing;
}

/* The entry for (@mac, @vid), including expired ones; NULL if none. */
struct vn_fdb_entry *vn_fdb_find(const struct vn_fdb *fdb, const uint8_t *mac,
				 uint16_t vid);

/**
 * vn_fdb_lookup() - where to send a frame for @mac
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
 * vn_fdb_learn() - a frame from @mac arrived on @port
 *
 * Creates a dynamic entry, refreshes it, or moves it to @port (counted in
 * n_moves).  Local entries are never moved: a frame carrying our own
 * address as source is ignored (Linux warns "received packet with own
 * address as source address").  Static entries are refreshed but not
 * moved.  Nothing is learned while ageing_time is 0.
 *
 * Context: packet path; allocates only when the free list is empty.
 * Return: 0, or -ENOSPC when the limit refused a new entry.
 */
int vn_fdb_learn(struct vn_fdb *fdb, const uint8_t *mac, uint16_t vid,
		 void *port, vn_time now);

/*
 * vn_fdb_add() - a local or static entry (replacing any entry for the
 * key), as `bridge fdb add ... static|permanent`.  0, -EEXIST if one
 * exists and @replace is false, -ENOMEM.
 */
int vn_fdb_add(struct vn_fdb *fdb, const uint8_t *mac, uint16_t vid,
	       void *port, enum vn_fdb_kind kind, bool replace, vn_time now);

void vn_fdb_remove(struct vn_fdb *fdb, struct vn_fdb_entry *e);

/* Deletes @port's entries; local and static ones too if @all. */
void vn_fdb_flush_port(struct vn_fdb *fdb, void *port, bool all);

/* Deletes every dynamic entry. */
void vn_fdb_flush_dynamic(struct vn_fdb *fdb);

/*
 * vn_fdb_gc() - delete expired dynamic entries
 * Return: when the next one expires, or VN_TIME_NEVER.
 */
vn_time vn_fdb_gc(struct vn_fdb *fdb, vn_time now);

#define vn_fdb_for_each(e, fdb) vn_list_for_each(e, &(fdb)->entries, link)

#endif
