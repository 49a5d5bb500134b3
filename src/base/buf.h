/* SPDX-License-Identifier: MIT */
/*
 * base/buf.h - packet buffers and the pool they come from.
 *
 * A struct vn_buf is a small header pointing into a reference-counted data
 * block.  Blocks come in two sizes: small ones for ordinary frames and large
 * ones for frames up to 64 KiB (loopback's MTU).  Both sizes keep
 * VN_BUF_HEADROOM bytes in front of the data so encapsulation can push
 * headers without copying.  A clone (flooding to several ports) is a new
 * header on the same block; whoever writes into a buffer first calls
 * vn_buf_make_writable(), which copies a shared block.
 *
 * The pool never returns memory to the system while it lives; freed headers
 * and blocks go back to free lists, so steady-state traffic allocates
 * nothing.  The pool is bounded (max_blocks): when it is exhausted
 * vn_buf_alloc() returns NULL and the caller drops with VN_DROP_NOMEM.
 *
 * Offloads (the kernel boundary): a frame read from a kernel TAP or
 * AF_PACKET socket may carry a partial checksum (Linux's CHECKSUM_PARTIAL:
 * the L4 checksum field holds only the pseudo-header sum, csum_start and
 * csum_offset say where) and may be a GSO frame (gso_size > 0: up to 64 KiB
 * of TCP or UDP payload under one header, to be cut into gso_size pieces).
 * Such frames travel whole between devices that take them (dev->features)
 * and are finished in software by dev/gso.c where one leaves through a
 * device that does not, or reaches a vnet stack.  Everything else has
 * csum_start == VN_BUF_NO_OFFSET and gso_size == 0.
 *
 * Accessors that take bytes off the front come in two kinds:
 * vn_buf_pull() asserts the data is there (for buffers we built);
 * vn_buf_try_pull() returns NULL (for anything parsed from input).
 */
#ifndef VN_BASE_BUF_H
#define VN_BASE_BUF_H

#include "base/drop.h"
#include "base/util.h"

#define VN_BUF_HEADROOM 128u
#define VN_BUF_SMALL_SIZE 2048u /* block bytes, headroom included */
#define VN_BUF_LARGE_SIZE (65536u + 2 * VN_BUF_HEADROOM)
#define VN_BUF_NO_OFFSET 0xffffu

struct vn_dev;
struct vn_pool;

/* Packet types, as Linux's skb->pkt_type (PACKET_HOST ...). */
enum vn_pkt_type {
	VN_PKT_HOST = 0,
	VN_PKT_BROADCAST = 1,
	VN_PKT_MULTICAST = 2,
	VN_PKT_OTHERHOST = 3,
	VN_PKT_OUTGOING = 4,
	VN_PKT_LOOPBACK = 5,
};

/* What a GSO frame is cut into (virtio_net_hdr's gso_type). */
enum vn_gso_type {
	VN_GSO_NONE = 0,
	VN_GSO_TCPV4 = 1,
	VN_GSO_TCPV6 = 2,
	VN_GSO_UDP_L4 = 3,	/* UDP_SEGMENT (USO): one datagram per piece */
};

struct vn_block {
	uint32_t refcnt;
	uint32_t size;		/* bytes in @bytes */
	struct vn_block *next_free;
	uint8_t pad[48];	/* keeps @bytes on a 64-byte line */
	uint8_t bytes[];
};

struct vn_buf {
	struct vn_buf *next;	/* queue link, owned by whoever queues */
	struct vn_pool *pool;
	struct vn_block *block;
	uint8_t *data;		/* first byte of the packet */
	uint32_t len;		/* bytes of packet */
	uint16_t l2_off;	/* offsets from block->bytes, or NO_OFFSET */
	uint16_t l3_off;
	uint16_t l4_off;
	uint8_t pkt_type;	/* enum vn_pkt_type */
	struct vn_dev *dev;	/* receive: input device; queued: target */
	struct vn_drop_stats *drop_stats; /* namespace counters, or NULL */
	uint32_t mark;
	uint32_t in_ifindex;	/* original input interface */
	vn_time tstamp;
	/* Offloads (see the top of this file); set only by kernel drivers. */
	uint16_t csum_start;	/* L4 offset from block->bytes, or NO_OFFSET */
	uint16_t csum_offset;	/* the checksum field, from csum_start */
	uint16_t gso_size;	/* payload bytes per segment; 0: not GSO */
	uint8_t gso_type;	/* enum vn_gso_type */
	bool gso_ecn;		/* CWR set: only the first segment keeps it */
	/*
	 * Not an offload (vnet's own stacks set it): CHECKSUM_UNNECESSARY,
	 * the L4 checksum is known good because a vnet stack has just
	 * computed it, as a Linux receiver trusts what a local sender handed
	 * a veth.  Whatever changes the bytes after that (netem's corrupt)
	 * clears it; frames from outside never have it.
	 */
	bool csum_valid;
	/*
	 * The owner (skb->sk and skb->destructor): @destructor is called
	 * once, when the buffer is freed or orphaned (vn_buf_orphan()), and
	 * may not free or send anything; clones and copies have no owner.
	 * @truesize is what the owner charged itself for the buffer.
	 */
	void (*destructor)(struct vn_buf *buf);
	void *owner;
	uint32_t truesize;
};

/* A FIFO of buffers linked through ->next. */
struct vn_bufq {
	struct vn_buf *head, *tail;
	uint32_t len;
};

struct vn_pool_stats {
	uint64_t n_bufs;	/* headers in use */
	uint64_t n_blocks;	/* blocks in use (both sizes) */
	uint64_t n_alloc_fail;
};

struct vn_pool *vn_pool_create(uint64_t max_blocks);
void vn_pool_destroy(struct vn_pool *pool);
void vn_pool_get_stats(const struct vn_pool *pool, struct vn_pool_stats *st);
struct vn_drop_stats *vn_pool_drop_stats(struct vn_pool *pool);

/**
 * vn_buf_alloc() - a buffer able to hold @len bytes after the headroom
 * @pool: the pool
 * @len: largest packet this buffer will hold
 *
 * Context: any path; takes from a free list, grows the pool in chunks.
 * Return: an empty buffer (len 0, data at the headroom), or NULL when the
 * pool is exhausted or @len is larger than a large block.
 */
struct vn_buf *vn_buf_alloc(struct vn_pool *pool, uint32_t len);

/*
 * vn_buf_free() - run the owner's destructor (if any), release the header
 * and drop a reference on its block.
 */
void vn_buf_free(struct vn_buf *buf);

/**
 * vn_buf_drop() - free @buf and count @reason
 *
 * Counts in the namespace counters the buffer carries (if any) and in the
 * pool's engine-wide counters.
 */
void vn_buf_drop(struct vn_buf *buf, enum vn_drop_reason reason);

/* A new header sharing @buf's block (zero-copy); NULL if out of headers. */
struct vn_buf *vn_buf_clone(struct vn_buf *buf);

/*
 * A deep copy with its own block and the same headroom, the bytes in it
 * included, so the layer offsets stay valid; NULL if the pool is exhausted.
 */
struct vn_buf *vn_buf_copy(struct vn_buf *buf);

/*
 * Gives @buf a private block (copying a shared one as vn_buf_copy() does);
 * 0 or -ENOMEM.
 */
int vn_buf_make_writable(struct vn_buf *buf);

/*
 * vn_buf_orphan() - the owner lets go (skb_orphan()): its destructor runs
 * now, not when the buffer is freed.  Called where a frame stops being
 * the sender's: handed to a receiver, or held by a qdisc that behaves as
 * a wire (netem with a delay or a rate).
 */
static inline void vn_buf_orphan(struct vn_buf *buf)
{
	void (*destructor)(struct vn_buf *buf) = buf->destructor;

	if (!destructor)
		return;
	destructor(buf);
	buf->destructor = NULL;
	buf->owner = NULL;
	buf->truesize = 0;
}

/*
 * The memory a buffer of @len bytes takes from the pool, header and block
 * (Linux's SKB_TRUESIZE()): what an owner charges itself for it.
 */
static inline uint32_t vn_buf_truesize_for(uint32_t len)
{
	uint32_t size = len <= VN_BUF_SMALL_SIZE - VN_BUF_HEADROOM ?
				VN_BUF_SMALL_SIZE : VN_BUF_LARGE_SIZE;

	return size + (uint32_t)(sizeof(struct vn_buf) +
				 sizeof(struct vn_block));
}

static inline bool vn_buf_shared(const struct vn_buf *buf)
{
	return buf->block->refcnt > 1;
}

/* A GSO frame, to be cut into segments of gso_size payload bytes. */
static inline bool vn_buf_is_gso(const struct vn_buf *buf)
{
	return buf->gso_size != 0;
}

/* Its L4 checksum still has to be finished (CHECKSUM_PARTIAL). */
static inline bool vn_buf_csum_partial(const struct vn_buf *buf)
{
	return buf->csum_start != VN_BUF_NO_OFFSET;
}

/* Either of the two: the frame needs dev/gso.c before a plain device. */
static inline bool vn_buf_offloaded(const struct vn_buf *buf)
{
	return buf->gso_size != 0 || buf->csum_start != VN_BUF_NO_OFFSET;
}

static inline uint32_t vn_buf_headroom(const struct vn_buf *buf)
{
	return (uint32_t)(buf->data - buf->block->bytes);
}

static inline uint32_t vn_buf_tailroom(const struct vn_buf *buf)
{
	return buf->block->size - vn_buf_headroom(buf) - buf->len;
}

/* Appends @n bytes; returns a pointer to them.  Asserts there is room. */
static inline uint8_t *vn_buf_put(struct vn_buf *buf, uint32_t n)
{
	uint8_t *p = buf->data + buf->len;

	VN_ASSERT(!vn_buf_shared(buf));
	VN_ASSERT(n <= vn_buf_tailroom(buf));
	buf->len += n;
	return p;
}

/* Prepends @n bytes; returns the new start.  Asserts there is headroom. */
static inline uint8_t *vn_buf_push(struct vn_buf *buf, uint32_t n)
{
	VN_ASSERT(!vn_buf_shared(buf));	/* writers call make_writable */
	VN_ASSERT(n <= vn_buf_headroom(buf));
	buf->data -= n;
	buf->len += n;
	return buf->data;
}

/*
 * Gives back @n bytes taken by a pull (no write, so shared buffers may do
 * it).  Asserts they are there.
 */
static inline uint8_t *vn_buf_unpull(struct vn_buf *buf, uint32_t n)
{
	VN_ASSERT(n <= vn_buf_headroom(buf));
	buf->data -= n;
	buf->len += n;
	return buf->data;
}

/* Removes @n bytes from the front; for buffers we built.  Asserts. */
static inline uint8_t *vn_buf_pull(struct vn_buf *buf, uint32_t n)
{
	VN_ASSERT(n <= buf->len);
	buf->data += n;
	buf->len -= n;
	return buf->data;
}

/* Removes @n bytes from the front, or returns NULL if there are fewer. */
static inline uint8_t *vn_buf_try_pull(struct vn_buf *buf, uint32_t n)
{
	if (n > buf->len)
		return NULL;
	buf->data += n;
	buf->len -= n;
	return buf->data;
}

/* Shortens the packet to @len bytes (no-op if already shorter). */
static inline void vn_buf_trim(struct vn_buf *buf, uint32_t len)
{
	if (len < buf->len)
		buf->len = len;
}

static inline uint16_t vn_buf_offset(const struct vn_buf *buf,
				     const uint8_t *p)
{
	return (uint16_t)(p - buf->block->bytes);
}

static inline uint8_t *vn_buf_at(const struct vn_buf *buf, uint16_t off)
{
	return buf->block->bytes + off;
}

static inline void vn_bufq_init(struct vn_bufq *q)
{
	q->head = q->tail = NULL;
	q->len = 0;
}

static inline void vn_bufq_push(struct vn_bufq *q, struct vn_buf *buf)
{
	buf->next = NULL;
	if (q->tail)
		q->tail->next = buf;
	else
		q->head = buf;
	q->tail = buf;
	q->len++;
}

static inline struct vn_buf *vn_bufq_pop(struct vn_bufq *q)
{
	struct vn_buf *buf = q->head;

	if (!buf)
		return NULL;
	q->head = buf->next;
	if (!q->head)
		q->tail = NULL;
	buf->next = NULL;
	q->len--;
	return buf;
}

/* Drops every buffer in @q with @reason. */
void vn_bufq_purge(struct vn_bufq *q, enum vn_drop_reason reason);

#endif
