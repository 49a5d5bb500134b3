// SPDX-License-Identifier: MIT
/*
 * bridge/fdb.c - the forwarding database (net/bridge/br_fdb.c).
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
}

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

static struct vn_fdb_entry *entry_new(struct vn_fdb *fdb, const uint8_t *mac,
				      uint16_t vid, void *port,
				      enum vn_fdb_kind kind, vn_time now)
{
	struct vn_fdb_entry *e;

	if (vn_list_empty(&fdb->free) && !refill(fdb))
		return NULL;
	e = vn_list_entry(fdb->free.next, struct vn_fdb_entry, link);
	vn_list_remove(&e->link);
	memcpy(e->mac, mac, VN_ETH_ALEN);
	e->vid = vid;
	e->kind = (uint8_t)kind;
	e->port = port;
	e->updated = e->used = e->created = now;
	vn_hmap_insert(&fdb->map, &e->node, fdb_hash(fdb, mac, vid));
	/* Newest first, as Linux's hlist_add_head on br->fdb_list. */
	vn_list_insert_before(fdb->entries.next, &e->link);
	if (kind == VN_FDB_DYNAMIC)
		fdb->n_learned++;
	return e;
}

void vn_fdb_remove(struct vn_fdb *fdb, struct vn_fdb_entry *e)
{
	if (e->kind == VN_FDB_DYNAMIC)
		fdb->n_learned--;
	vn_hmap_remove(&fdb->map, &e->node);
	vn_list_remove(&e->link);
	vn_list_push_back(&fdb->free, &e->link);
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
		if (e->kind == VN_FDB_LOCAL)
			return 0;
		e->updated = now;
		if (unlikely(e->port != port) && e->kind == VN_FDB_DYNAMIC) {
			e->port = port;
			fdb->n_moves++;
		}
		return 0;
	}
	max = fdb->max_learned ? fdb->max_learned : VN_FDB_HARD_MAX;
	if (fdb->n_learned >= max || !entry_new(fdb, mac, vid, port,
						 VN_FDB_DYNAMIC, now)) {
		fdb->n_learn_refused++;
		return -ENOSPC;
	}
	return 0;
}

int vn_fdb_add(struct vn_fdb *fdb, const uint8_t *mac, uint16_t vid,
	       void *port, enum vn_fdb_kind kind, bool replace, vn_time now)
{
	struct vn_fdb_entry *e = vn_fdb_find(fdb, mac, vid);

	if (e) {
		if (!replace && e->kind != VN_FDB_DYNAMIC)
			return -EEXIST;
		vn_fdb_remove(fdb, e);
	}
	return entry_new(fdb, mac, vid, port, kind, now) ? 0 : -ENOMEM;
}

void vn_fdb_flush_port(struct vn_fdb *fdb, void *port, bool all)
{
	struct vn_fdb_entry *e, *tmp;

	vn_list_for_each_safe(e, tmp, &fdb->entries, link)
		if (e->port == port && (all || e->kind == VN_FDB_DYNAMIC))
			vn_fdb_remove(fdb, e);
}

void vn_fdb_flush_dynamic(struct vn_fdb *fdb)
{
	struct vn_fdb_entry *e, *tmp;

	vn_list_for_each_safe(e, tmp, &fdb->entries, link)
		if (e->kind == VN_FDB_DYNAMIC)
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
