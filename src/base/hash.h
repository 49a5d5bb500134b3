/* SPDX-License-Identifier: MIT */
/*
 * base/hash.h - an intrusive chained hash table and hash functions.
 *
 * Nodes are embedded in their owners and carry their full hash, so lookups
 * compare hashes before keys and resizing never rehashes keys.  The table
 * doubles when it holds more entries than buckets; a failed resize leaves
 * it working with longer chains.  Sized for millions of entries.  Iteration
 * order is bucket order: deterministic for a given seed.
 */
#ifndef VN_BASE_HASH_H
#define VN_BASE_HASH_H

#include "base/util.h"

struct vn_hnode {
	struct vn_hnode *next;
	uint32_t hash;
};

struct vn_hmap {
	struct vn_hnode **buckets;
	uint32_t mask;
	uint32_t n;
};

void vn_hmap_init(struct vn_hmap *map);
void vn_hmap_fini(struct vn_hmap *map);
void vn_hmap_insert(struct vn_hmap *map, struct vn_hnode *node,
		    uint32_t hash);
void vn_hmap_remove(struct vn_hmap *map, struct vn_hnode *node);

static inline struct vn_hnode *vn_hmap_first_with_hash(
	const struct vn_hmap *map, uint32_t hash)
{
	struct vn_hnode *n = map->buckets[hash & map->mask];

	while (n && n->hash != hash)
		n = n->next;
	return n;
}

static inline struct vn_hnode *vn_hmap_next_with_hash(struct vn_hnode *node)
{
	uint32_t hash = node->hash;

	for (node = node->next; node && node->hash != hash; node = node->next)
		;
	return node;
}

/* Iterates the nodes whose hash equals @hash (candidates for a key). */
#define VN_HMAP_FOR_EACH_WITH_HASH(node, hash, map)              \
	for (node = vn_hmap_first_with_hash(map, hash); node;   \
	     node = vn_hmap_next_with_hash(node))

/* Iteration over all nodes; safe against removing the current node. */
struct vn_hmap_iter {
	const struct vn_hmap *map;
	uint32_t bucket;
	struct vn_hnode *next;
};

void vn_hmap_iter_init(struct vn_hmap_iter *it, const struct vn_hmap *map);
struct vn_hnode *vn_hmap_iter_next(struct vn_hmap_iter *it);

static inline uint64_t vn_hash_mix64(uint64_t h)
{
	/* The finalizer of MurmurHash3: every input bit reaches every output. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static inline uint32_t vn_hash_u64(uint64_t v, uint32_t seed)
{
	return (uint32_t)vn_hash_mix64(v ^ ((uint64_t)seed << 32 | seed));
}

uint32_t vn_hash_bytes(const void *p, size_t len, uint32_t seed);
uint32_t vn_hash_string(const char *s, uint32_t seed);

#endif
