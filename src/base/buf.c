// SPDX-License-Identifier: MIT
/*
 * base/buf.c - the buffer pool.
 *
 * Theory of operation: three free lists (headers, small blocks, large
 * blocks) fed by chunks allocated on demand and kept until the pool is
 * destroyed.  The packet path only pops and pushes free lists; it calls
 * malloc only when a list is empty, which stops happening once traffic
 * reaches a steady state.  The limit counts blocks of both sizes together;
 * headers are bounded by blocks in practice (a clone needs a live block).
 */
#include <errno.h>
#include <stdlib.h>

#include "base/buf.h"

#define CHUNK_ITEMS 64

struct chunk {
	struct chunk *next;
	uint8_t mem[];
};

struct block_class {
	uint32_t size;		/* block bytes after the struct */
	struct vn_block *free;
};

struct vn_pool {
	struct vn_buf *free_bufs;
	struct block_class small, large;
	struct chunk *chunks;
	uint64_t max_blocks;
	struct vn_pool_stats stats;
	struct vn_drop_stats drops;
};

struct vn_pool *vn_pool_create(uint64_t max_blocks)
{
	struct vn_pool *pool = calloc(1, sizeof(*pool));

	if (!pool)
		return NULL;
	pool->small.size = VN_BUF_SMALL_SIZE;
	pool->large.size = VN_BUF_LARGE_SIZE;
	pool->max_blocks = max_blocks;
	return pool;
}

void vn_pool_destroy(struct vn_pool *pool)
{
	struct chunk *c, *next;

	if (!pool)
		return;
	for (c = pool->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(pool);
}

void vn_pool_get_stats(const struct vn_pool *pool, struct vn_pool_stats *st)
{
	*st = pool->stats;
}

struct vn_drop_stats *vn_pool_drop_stats(struct vn_pool *pool)
{
	return &pool->drops;
}

static void *chunk_alloc(struct vn_pool *pool, size_t bytes)
{
	struct chunk *c = malloc(sizeof(*c) + bytes);

	if (!c)
		return NULL;
	c->next = pool->chunks;
	pool->chunks = c;
	return c->mem;
}

static bool refill_bufs(struct vn_pool *pool)
{
	struct vn_buf *bufs = chunk_alloc(pool, CHUNK_ITEMS * sizeof(*bufs));

	if (!bufs)
		return false;
	for (int i = 0; i < CHUNK_ITEMS; i++) {
		bufs[i].next = pool->free_bufs;
		pool->free_bufs = &bufs[i];
	}
	return true;
}

static bool refill_blocks(struct vn_pool *pool, struct block_class *cls)
{
	size_t stride = sizeof(struct vn_block) + cls->size;
	/* Large blocks come a few at a time: 64 of them would be 4 MiB. */
	int n = cls->size > VN_BUF_SMALL_SIZE ? 4 : CHUNK_ITEMS;
	uint8_t *mem = chunk_alloc(pool, n * stride + 64);

	if (!mem)
		return false;
	mem = (uint8_t *)(((uintptr_t)mem + 63) & ~(uintptr_t)63);
	for (int i = 0; i < n; i++) {
		struct vn_block *b = (struct vn_block *)(mem + i * stride);

		b->size = cls->size;
		b->next_free = cls->free;
		cls->free = b;
	}
	return true;
}

static struct vn_buf *header_get(struct vn_pool *pool)
{
	struct vn_buf *buf;

	if (!pool->free_bufs && !refill_bufs(pool))
		return NULL;
	buf = pool->free_bufs;
	pool->free_bufs = buf->next;
	pool->stats.n_bufs++;
	return buf;
}

static void header_put(struct vn_pool *pool, struct vn_buf *buf)
{
	buf->next = pool->free_bufs;
	pool->free_bufs = buf;
	pool->stats.n_bufs--;
}

static struct vn_block *block_get(struct vn_pool *pool, uint32_t len)
{
	struct block_class *cls;
	struct vn_block *b;

	if (len + VN_BUF_HEADROOM <= pool->small.size)
		cls = &pool->small;
	else if (len + VN_BUF_HEADROOM <= pool->large.size)
		cls = &pool->large;
	else
		return NULL;
	if (pool->stats.n_blocks >= pool->max_blocks)
		return NULL;
	if (!cls->free && !refill_blocks(pool, cls))
		return NULL;
	b = cls->free;
	cls->free = b->next_free;
	b->refcnt = 1;
	pool->stats.n_blocks++;
	return b;
}

static void block_put(struct vn_pool *pool, struct vn_block *b)
{
	struct block_class *cls;

	if (--b->refcnt)
		return;
	cls = b->size == pool->small.size ? &pool->small : &pool->large;
	b->next_free = cls->free;
	cls->free = b;
	pool->stats.n_blocks--;
}

static void buf_reset(struct vn_buf *buf, struct vn_pool *pool,
		      struct vn_block *block)
{
	buf->next = NULL;
	buf->pool = pool;
	buf->block = block;
	buf->data = block->bytes + VN_BUF_HEADROOM;
	buf->len = 0;
	buf->l2_off = buf->l3_off = buf->l4_off = VN_BUF_NO_OFFSET;
	buf->pkt_type = VN_PKT_HOST;
	buf->dev = NULL;
	buf->drop_stats = NULL;
	buf->mark = 0;
	buf->in_ifindex = 0;
	buf->tstamp = 0;
}

struct vn_buf *vn_buf_alloc(struct vn_pool *pool, uint32_t len)
{
	struct vn_block *block;
	struct vn_buf *buf;

	block = block_get(pool, len);
	if (!block) {
		pool->stats.n_alloc_fail++;
		return NULL;
	}
	buf = header_get(pool);
	if (!buf) {
		block_put(pool, block);
		pool->stats.n_alloc_fail++;
		return NULL;
	}
	buf_reset(buf, pool, block);
	return buf;
}

void vn_buf_free(struct vn_buf *buf)
{
	struct vn_pool *pool = buf->pool;

	block_put(pool, buf->block);
	header_put(pool, buf);
}

void vn_buf_drop(struct vn_buf *buf, enum vn_drop_reason reason)
{
	if (buf->drop_stats)
		buf->drop_stats->n[reason]++;
	buf->pool->drops.n[reason]++;
	vn_buf_free(buf);
}

struct vn_buf *vn_buf_clone(struct vn_buf *buf)
{
	struct vn_buf *c = header_get(buf->pool);

	if (!c) {
		buf->pool->stats.n_alloc_fail++;
		return NULL;
	}
	*c = *buf;
	c->next = NULL;
	c->block->refcnt++;
	return c;
}

static void copy_into(struct vn_buf *dst, const struct vn_buf *src)
{
	uint32_t headroom = vn_buf_headroom(src);

	/* Keep the same headroom so the layer offsets stay valid. */
	if (headroom > dst->block->size - src->len)
		headroom = VN_BUF_HEADROOM;
	dst->data = dst->block->bytes + headroom;
	dst->len = src->len;
	memcpy(dst->data, src->data, src->len);
}

struct vn_buf *vn_buf_copy(struct vn_buf *buf)
{
	struct vn_buf *c = vn_buf_alloc(buf->pool, buf->len);
	struct vn_block *block;

	if (!c)
		return NULL;
	block = c->block;
	*c = *buf;
	c->next = NULL;
	c->block = block;
	copy_into(c, buf);
	return c;
}

int vn_buf_make_writable(struct vn_buf *buf)
{
	struct vn_pool *pool = buf->pool;
	struct vn_block *block;
	struct vn_buf tmp;

	if (!vn_buf_shared(buf))
		return 0;
	block = block_get(pool, vn_buf_headroom(buf) + buf->len);
	if (!block) {
		pool->stats.n_alloc_fail++;
		return -ENOMEM;
	}
	tmp = *buf;
	buf->block = block;
	copy_into(buf, &tmp);
	block_put(pool, tmp.block);
	return 0;
}

void vn_bufq_purge(struct vn_bufq *q, enum vn_drop_reason reason)
{
	struct vn_buf *buf;

	while ((buf = vn_bufq_pop(q)))
		vn_buf_drop(buf, reason);
}
