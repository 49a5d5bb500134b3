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

/*
 * Under AddressSanitizer the pool poisons what is not handed out: free
 * blocks, free headers (but their free-list link) and the padding of
 * every block header.  ASan then reports a buffer used after it was freed
 * and a write running out of a block into the next one, which a pool
 * would otherwise hide from it.  Without ASan these cost nothing.
 */
#if defined(__SANITIZE_ADDRESS__)
#define VN_POOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VN_POOL_ASAN 1
#endif
#endif
#ifdef VN_POOL_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* A free header: everything but its link. */
#define POISON_HEADER(b)                                        \
	POISON((uint8_t *)(b) + sizeof((b)->next),              \
	       sizeof(*(b)) - sizeof((b)->next))

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
	/* Pushed last first, so they are handed out in address order. */
	for (int i = CHUNK_ITEMS - 1; i >= 0; i--) {
		bufs[i].next = pool->free_bufs;
		pool->free_bufs = &bufs[i];
		POISON_HEADER(&bufs[i]);
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
	/*
	 * Handed out in address order: a write running past a block lands
	 * in a block not used yet, which ASan builds keep poisoned.
	 */
	for (int i = n - 1; i >= 0; i--) {
		struct vn_block *b = (struct vn_block *)(mem + i * stride);

		b->size = cls->size;
		b->next_free = cls->free;
		cls->free = b;
		POISON(b->pad, sizeof(b->pad));
		POISON(b->bytes, b->size);
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
	UNPOISON(buf, sizeof(*buf));
	pool->stats.n_bufs++;
	return buf;
}

static void header_put(struct vn_pool *pool, struct vn_buf *buf)
{
	buf->next = pool->free_bufs;
	pool->free_bufs = buf;
	POISON_HEADER(buf);
	pool->stats.n_bufs--;
}

static struct vn_block *block_get(struct vn_pool *pool, uint32_t len)
{
	struct block_class *cls;
	struct vn_block *b;

	/* Compared this way round so a huge @len cannot wrap. */
	if (len <= pool->small.size - VN_BUF_HEADROOM)
		cls = &pool->small;
	else if (len <= pool->large.size - VN_BUF_HEADROOM)
		cls = &pool->large;
	else
		return NULL;
	if (pool->stats.n_blocks >= pool->max_blocks)
		return NULL;
	if (!cls->free && !refill_blocks(pool, cls))
		return NULL;
	b = cls->free;
	cls->free = b->next_free;
	UNPOISON(b->bytes, b->size);
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
	POISON(b->bytes, b->size);
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
	buf->csum_start = VN_BUF_NO_OFFSET;
	buf->csum_offset = 0;
	buf->gso_size = 0;
	buf->gso_type = VN_GSO_NONE;
	buf->gso_ecn = false;
	buf->csum_valid = false;
	buf->destructor = NULL;
	buf->owner = NULL;
	buf->truesize = 0;
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

	if (buf->destructor)
		buf->destructor(buf);
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
	/* skb_clone(): the owner stays with @buf. */
	c->destructor = NULL;
	c->owner = NULL;
	c->truesize = 0;
	c->block->refcnt++;
	return c;
}

/*
 * The length to ask block_get() for so that a copy of @buf keeps its
 * headroom (a pull grows it beyond VN_BUF_HEADROOM).  It always fits a
 * block: @buf's own block holds headroom and data.
 */
static uint32_t copy_len(const struct vn_buf *buf)
{
	uint32_t headroom = vn_buf_headroom(buf);

	if (headroom <= VN_BUF_HEADROOM)
		return buf->len;
	return headroom - VN_BUF_HEADROOM + buf->len;
}

/*
 * Copies the packet and the headroom before it, where pulled headers
 * still are (as skb_copy() does), so the layer offsets stay valid.
 */
static void copy_into(struct vn_buf *dst, const struct vn_buf *src)
{
	uint32_t headroom = vn_buf_headroom(src);

	VN_ASSERT(headroom + src->len <= dst->block->size);
	dst->data = dst->block->bytes + headroom;
	dst->len = src->len;
	memcpy(dst->block->bytes, src->block->bytes, headroom + src->len);
}

struct vn_buf *vn_buf_copy(struct vn_buf *buf)
{
	struct vn_buf *c = vn_buf_alloc(buf->pool, copy_len(buf));
	struct vn_block *block;

	if (!c)
		return NULL;
	block = c->block;
	*c = *buf;
	c->next = NULL;
	c->block = block;
	c->destructor = NULL;
	c->owner = NULL;
	c->truesize = 0;
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
	block = block_get(pool, copy_len(buf));
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
