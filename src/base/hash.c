// SPDX-License-Identifier: MIT
/*
 * base/hash.c - hash table growth and byte hashing.
 */
#include <stdlib.h>

#include "base/hash.h"

/* A one-bucket table needs no allocation, so init cannot fail. */
static struct vn_hnode *empty_bucket[1];

void vn_hmap_init(struct vn_hmap *map)
{
	map->buckets = empty_bucket;
	map->mask = 0;
	map->n = 0;
}

void vn_hmap_fini(struct vn_hmap *map)
{
	if (map->buckets != empty_bucket)
		free(map->buckets);
	vn_hmap_init(map);
}

static void resize(struct vn_hmap *map, uint32_t n_buckets)
{
	struct vn_hnode **b = calloc(n_buckets, sizeof(*b));

	if (!b)
		return;
	for (uint32_t i = 0; i <= map->mask; i++) {
		struct vn_hnode *node, *next;

		for (node = map->buckets[i]; node; node = next) {
			struct vn_hnode **slot = &b[node->hash & (n_buckets - 1)];

			next = node->next;
			/* Append to keep chain order stable across resizes. */
			while (*slot)
				slot = &(*slot)->next;
			node->next = NULL;
			*slot = node;
		}
	}
	if (map->buckets != empty_bucket)
		free(map->buckets);
	map->buckets = b;
	map->mask = n_buckets - 1;
}

void vn_hmap_insert(struct vn_hmap *map, struct vn_hnode *node, uint32_t hash)
{
	struct vn_hnode **slot;

	if (map->buckets == empty_bucket ||
	    (map->n >= map->mask + 1 && map->mask < (1u << 30)))
		resize(map, (map->mask + 1) * 2 < 16 ? 16 : (map->mask + 1) * 2);
	if (map->buckets == empty_bucket)
		VN_ASSERT(!"out of memory growing a hash map");
	node->hash = hash;
	node->next = NULL;
	slot = &map->buckets[hash & map->mask];
	while (*slot)
		slot = &(*slot)->next;
	*slot = node;
	map->n++;
}

void vn_hmap_remove(struct vn_hmap *map, struct vn_hnode *node)
{
	struct vn_hnode **slot = &map->buckets[node->hash & map->mask];

	while (*slot != node) {
		VN_ASSERT(*slot);
		slot = &(*slot)->next;
	}
	*slot = node->next;
	node->next = NULL;
	map->n--;
}

void vn_hmap_iter_init(struct vn_hmap_iter *it, const struct vn_hmap *map)
{
	it->map = map;
	it->bucket = 0;
	it->next = map->buckets[0];
}

struct vn_hnode *vn_hmap_iter_next(struct vn_hmap_iter *it)
{
	struct vn_hnode *node;

	while (!it->next) {
		if (it->bucket >= it->map->mask)
			return NULL;
		it->next = it->map->buckets[++it->bucket];
	}
	node = it->next;
	it->next = node->next;
	return node;
}

uint32_t vn_hash_bytes(const void *p, size_t len, uint32_t seed)
{
	const uint8_t *b = p;
	uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ULL);

	while (len >= 8) {
		uint64_t v;

		memcpy(&v, b, 8);
		h = vn_hash_mix64(h ^ v);
		b += 8;
		len -= 8;
	}
	if (len) {
		uint64_t v = 0;

		memcpy(&v, b, len);
		h = vn_hash_mix64(h ^ v ^ 0x5bd1e995);
	}
	return (uint32_t)vn_hash_mix64(h);
}

uint32_t vn_hash_string(const char *s, uint32_t seed)
{
	return vn_hash_bytes(s, strlen(s), seed);
}
