// SPDX-License-Identifier: MIT
/*
 * bridge/fdb.c - the forwarding database (net/bridge/br_fdb.c).
 *
 * See the theory of operation in fdb.h.  Every function here mirrors one
 * of br_fdb.c's, named in its comment, so the two can be read side by
 * side; what the kernel does with devices (hardware address lists,
 * notifications, VLAN fan-out) stays in dev/bridge.c or is not done.
 */
#include <errno.h>
#include <stdlib.h>

#include "bridge/fdb.h"

#define ENTRIES_PER_CHUNK 256

static uint32_t fdb_hash(const struct vn_fdb *fdb, const uint8_t *mac,
			 uint16_t vid)
{
	return vn_hash_u64(vn_mac_to_u64(mac) | (uint64_t)vid << 48,
			   fdb->seed);
}

void vn_fdb_init(struct vn_fdb *fdb, uint32_t seed, vn_time ageing)
{
	memset(fdb, 0, sizeof(*fdb));
	vn_hmap_init(&fdb->map);
	vn_list_init(&fdb->entries);
	vn_list_init(&fdb->free);
	fdb->seed = seed;
	fdb->ageing = ageing;
}

void vn_fdb_fini(struct vn_fdb *fdb)
{
	for (uint32_t i = 0; i < fdb->n_chunks; i++)
		free(fdb->chunks[i]);
	free(fdb->chunks);
	vn_hmap_fini(&fdb->map);
	vn_list_init(&fdb->entries);
	vn_list_init(&fdb->free);
	fdb->chunks = NULL;
	fdb->n_chunks = 0;
	fdb->n_entries = 0;
	fdb->n_learned = 0;
}

/* Adds a chunk of ENTRIES_PER_CHUNK entries to the free list. */
static bool refill(struct vn_fdb *fdb)
{
	struct vn_fdb_entry *chunk;
	void **chunks;

	chunks = realloc(fdb->chunks, (fdb->n_chunks + 1) * sizeof(*chunks));
	if (!chunks)
		return false;
	fdb->chunks = chunks;
	chunk = calloc(ENTRIES_PER_CHUNK, sizeof(*chunk));
	if (!chunk)
		return false;
	fdb->chunks[fdb->n_chunks++] = chunk;
	for (int i = 0; i < ENTRIES_PER_CHUNK; i++)
		vn_list_push_back(&fdb->free, &chunk[i].link);
	return true;
}

/* fdb_create(): a new entry at the head of the list. */
static struct vn_fdb_entry *entry_new(struct vn_fdb *fdb, const uint8_t *mac,
				      uint16_t vid, void *port,
				      enum vn_fdb_kind kind, uint8_t flags,
				      vn_time now)
{
	struct vn_fdb_entry *e;

	if (vn_list_empty(&fdb->free) && !refill(fdb))
		return NULL;
	e = vn_list_entry(fdb->free.next, struct vn_fdb_entry, link);
	vn_list_remove(&e->link);
	memcpy(e->mac, mac, VN_ETH_ALEN);
	e->vid = vid;
	e->kind = (uint8_t)kind;
	e->flags = flags;
	e->port = port;
	e->updated = e->used = now;
	vn_hmap_insert(&fdb->map, &e->node, fdb_hash(fdb, mac, vid));
	/* Newest first, as Linux's hlist_add_head_rcu on br->fdb_list. */
	vn_list_insert_before(fdb->entries.next, &e->link);
	fdb->n_entries++;
	if (flags & VN_FDB_F_LEARNED)
		fdb->n_learned++;
	return e;
}

/* The user adopts an entry: it no longer counts against the limit. */
static void unlearn(struct vn_fdb *fdb, struct vn_fdb_entry *e)
{
	if (e->flags & VN_FDB_F_LEARNED) {
		e->flags &= (uint8_t)~VN_FDB_F_LEARNED;
		fdb->n_learned--;
	}
}

void vn_fdb_remove(struct vn_fdb *fdb, struct vn_fdb_entry *e)
{
	unlearn(fdb, e);
	vn_hmap_remove(&fdb->map, &e->node);
	vn_list_remove(&e->link);
	vn_list_push_back(&fdb->free, &e->link);
	fdb->n_entries--;
}

struct vn_fdb_entry *vn_fdb_find(const struct vn_fdb *fdb, const uint8_t *mac,
				 uint16_t vid)
{
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, fdb_hash(fdb, mac, vid), &fdb->map)
	{
		struct vn_fdb_entry *e =
			container_of(node, struct vn_fdb_entry, node);

		if (e->vid == vid && vn_mac_equal(e->mac, mac))
			return e;
	}
	return NULL;
}

int vn_fdb_learn(struct vn_fdb *fdb, const uint8_t *mac, uint16_t vid,
		 void *port, vn_time now)
{
	struct vn_fdb_entry *e;
	uint32_t max;

	/* br_fdb_update(): "some users want to always flood". */
	if (fdb->ageing == 0)
		return 0;
	e = vn_fdb_find(fdb, mac, vid);
	if (likely(e)) {
		if (unlikely(e->kind == VN_FDB_LOCAL)) {
			fdb->n_own_src++;
			return 0;
		}
		e->updated = now;
		/* Static entries move too: only "sticky" ones would not. */
		if (unlikely(e->port != port)) {
			e->port = port;
			fdb->n_moves++;
		}
		return 0;
	}
	max = fdb->max_learned ? fdb->max_learned : VN_FDB_HARD_MAX;
	if (unlikely(fdb->n_learned >= max) ||
	    unlikely(!entry_new(fdb, mac, vid, port, VN_FDB_DYNAMIC,
				VN_FDB_F_LEARNED, now))) {
		fdb->n_learn_refused++;
		return -ENOSPC;
	}
	return 0;
}

int vn_fdb_add(struct vn_fdb *fdb, const uint8_t *mac, uint16_t vid,
	       void *port, enum vn_fdb_kind kind, unsigned nlflags,
	       vn_time now)
{
	struct vn_fdb_entry *e = vn_fdb_find(fdb, mac, vid);
	bool modified = false;

	if (!e) {
		if (!(nlflags & VN_FDB_CREATE))
			return -ENOENT;
		e = entry_new(fdb, mac, vid, port, kind,
			      VN_FDB_F_ADDED_BY_USER, now);
		return e ? 0 : -ENOMEM;
	}
	if (nlflags & VN_FDB_EXCL)
		return -EEXIST;
	if (e->port != port) {
		e->port = port;
		modified = true;
	}
	e->flags |= VN_FDB_F_ADDED_BY_USER;
	unlearn(fdb, e);
	/* fdb_to_nud() != state: an expired dynamic entry reads "stale". */
	if (e->kind != kind ||
	    (kind == VN_FDB_DYNAMIC && vn_fdb_expired(fdb, e, now))) {
		e->kind = (uint8_t)kind;
		modified = true;
	}
	e->used = now;
	if (modified)
		e->updated = now;
	return 0;
}

int vn_fdb_add_local(struct vn_fdb *fdb, const uint8_t *mac, uint16_t vid,
		     void *port, vn_time now)
{
	struct vn_fdb_entry *e;

	if (!vn_mac_is_valid(mac))
		return -EINVAL;
	e = vn_fdb_find(fdb, mac, vid);
	if (e) {
		/* "it is okay to have multiple ports with same address" */
		if (e->kind == VN_FDB_LOCAL)
			return 0;
		vn_fdb_remove(fdb, e);
	}
	return entry_new(fdb, mac, vid, port, VN_FDB_LOCAL, 0, now) ? 0 :
								     -ENOMEM;
}

uint32_t vn_fdb_flush(struct vn_fdb *fdb, const struct vn_fdb_flush_desc *d)
{
	struct vn_fdb_entry *e, *tmp;
	uint32_t n = 0;

	vn_list_for_each_safe(e, tmp, &fdb->entries, link) {
		if (d->vid && d->vid != e->vid)
			continue;
		if (d->by_port && d->port != e->port)
			continue;
		if ((vn_fdb_match_bits(e) & d->mask) != d->value)
			continue;
		vn_fdb_remove(fdb, e);
		n++;
	}
	return n;
}

void vn_fdb_flush_port(struct vn_fdb *fdb, void *port)
{
	struct vn_fdb_entry *e, *tmp;

	vn_list_for_each_safe(e, tmp, &fdb->entries, link)
		if (e->port == port && e->kind == VN_FDB_DYNAMIC)
			vn_fdb_remove(fdb, e);
}

vn_time vn_fdb_gc(struct vn_fdb *fdb, vn_time now)
{
	struct vn_fdb_entry *e, *tmp;
	vn_time next = VN_TIME_NEVER;

	vn_list_for_each_safe(e, tmp, &fdb->entries, link) {
		if (e->kind != VN_FDB_DYNAMIC)
			continue;
		if (vn_fdb_expired(fdb, e, now))
			vn_fdb_remove(fdb, e);
		else if (e->updated + fdb->ageing < next)
			next = e->updated + fdb->ageing;
	}
	return next;
}
