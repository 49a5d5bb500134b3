// SPDX-License-Identifier: MIT
/*
 * inet/reasm.c - IPv4 fragment reassembly (net/ipv4/ip_fragment.c,
 * net/ipv4/inet_fragment.c); see reasm.h for the theory of operation.
 */
#include <stdlib.h>

#include "inet/reasm.h"
#include "wire/ipv4.h"

struct vn_reasm_queue {
	struct vn_hnode node;
	struct vn_list lru;
	struct vn_reasm *r;
	uint32_t src, dst;
	uint16_t id;
	uint8_t proto;
	bool first_in, last_in;
	uint32_t total;		/* payload length, known once last_in */
	uint32_t meat;		/* payload bytes received */
	uint64_t mem;
	struct vn_bufq frags;	/* sorted by offset */
	struct vn_timer timer;
};

static uint32_t q_hash(uint32_t src, uint32_t dst, uint16_t id, uint8_t proto)
{
	return vn_hash_u64((uint64_t)src << 32 | dst,
			   (uint32_t)id << 8 | proto);
}

static uint64_t truesize(const struct vn_buf *buf)
{
	return buf->block->size + sizeof(*buf);
}

static void q_destroy(struct vn_reasm_queue *q, enum vn_drop_reason why)
{
	struct vn_reasm *r = q->r;

	vn_env_timer_cancel(r->env, &q->timer);
	vn_hmap_remove(&r->map, &q->node);
	vn_list_remove(&q->lru);
	r->mem -= q->mem;
	r->n_queues--;
	if (why == VN_DROP_NOT_SPECIFIED) {
		struct vn_buf *b;

		/* Reassembled: the fragments were used, not dropped. */
		while ((b = vn_bufq_pop(&q->frags)))
			vn_buf_free(b);
	} else {
		vn_bufq_purge(&q->frags, why);
	}
	free(q);
}

static void q_expire(struct vn_timer *t, vn_time now)
{
	struct vn_reasm_queue *q =
		container_of(t, struct vn_reasm_queue, timer);
	struct vn_reasm *r = q->r;

	(void)now;
	r->n_timeouts++;
	r->n_fails++;
	if (q->first_in && q->frags.head &&
	    vn_ipv4_frag_off(q->frags.head->data) == 0 && r->expired)
		r->expired(r, q->frags.head);
	q_destroy(q, VN_DROP_IP_FRAG_TIMEOUT);
}

void vn_reasm_init(struct vn_reasm *r, struct vn_env *env,
		   void (*expired)(struct vn_reasm *r, struct vn_buf *first))
{
	memset(r, 0, sizeof(*r));
	r->env = env;
	vn_hmap_init(&r->map);
	vn_list_init(&r->lru);
	r->high_thresh = 4 * 1024 * 1024;
	r->low_thresh = 3 * 1024 * 1024;
	r->timeout = 30 * VN_SEC;
	r->expired = expired;
}

void vn_reasm_fini(struct vn_reasm *r)
{
	while (!vn_list_empty(&r->lru))
		q_destroy(vn_list_entry(r->lru.next, struct vn_reasm_queue,
					lru),
			  VN_DROP_IP_FRAG_TIMEOUT);
	vn_hmap_fini(&r->map);
}

static struct vn_reasm_queue *q_find(struct vn_reasm *r, const uint8_t *ip)
{
	uint32_t src = vn_ipv4_src(ip), dst = vn_ipv4_dst(ip);
	uint16_t id = vn_ipv4_id(ip);
	uint8_t proto = vn_ipv4_proto(ip);
	uint32_t h = q_hash(src, dst, id, proto);
	struct vn_reasm_queue *q;
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, h, &r->map)
	{
		q = container_of(node, struct vn_reasm_queue, node);
		if (q->src == src && q->dst == dst && q->id == id &&
		    q->proto == proto)
			return q;
	}
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	q->r = r;
	q->src = src;
	q->dst = dst;
	q->id = id;
	q->proto = proto;
	vn_bufq_init(&q->frags);
	vn_timer_init(&q->timer, q_expire);
	vn_hmap_insert(&r->map, &q->node, h);
	vn_list_push_back(&r->lru, &q->lru);
	r->n_queues++;
	vn_env_timer_arm(r->env, &q->timer, vn_env_now(r->env) + r->timeout);
	return q;
}

static uint32_t payload_len(const uint8_t *ip)
{
	return vn_ipv4_tot_len(ip) - vn_ipv4_hlen(ip);
}

/* Joins the fragments into one fresh buffer. */
/* @last is the fragment that completed the datagram: its device is live. */
static struct vn_buf *assemble(struct vn_reasm_queue *q, struct vn_dev *dev)
{
	struct vn_buf *first = q->frags.head;
	uint32_t hlen = vn_ipv4_hlen(first->data);
	struct vn_buf *out;
	uint8_t *p;

	out = vn_buf_alloc(first->pool, hlen + q->total);
	if (!out)
		return NULL;
	p = vn_buf_put(out, hlen + q->total);
	memcpy(p, first->data, hlen);
	for (struct vn_buf *f = q->frags.head; f; f = f->next) {
		const uint8_t *ip = f->data;

		memcpy(p + hlen + vn_ipv4_frag_off(ip), ip + vn_ipv4_hlen(ip),
		       payload_len(ip));
	}
	vn_ipv4_set_tot_len(p, (uint16_t)(hlen + q->total));
	vn_ipv4_set_frag(p, vn_ipv4_frag(p) & VN_IP_DF);
	vn_ipv4_fill_csum(p);
	out->dev = dev;
	out->drop_stats = first->drop_stats;
	out->in_ifindex = first->in_ifindex;
	out->pkt_type = first->pkt_type;
	out->mark = first->mark;
	out->l3_off = vn_buf_offset(out, out->data);
	return out;
}

/* Cuts @buf's payload to @len bytes (a non-last fragment rounded down). */
static void trim_payload(struct vn_buf *buf, uint32_t len)
{
	uint8_t *ip = buf->data;
	uint32_t hlen = vn_ipv4_hlen(ip);

	vn_buf_trim(buf, hlen + len);
	vn_ipv4_set_tot_len(ip, (uint16_t)(hlen + len));
}

struct vn_buf *vn_reasm_add(struct vn_reasm *r, struct vn_buf *buf)
{
	/*
	 * ip_frag_queue(): a queued fragment forgets its device (which may
	 * go away meanwhile); its in_ifindex remains.
	 */
	struct vn_dev *in_dev = buf->dev;

	const uint8_t *ip = buf->data;
	uint32_t off = vn_ipv4_frag_off(ip);
	uint32_t len = payload_len(ip);
	uint32_t end = off + len;
	bool more = vn_ipv4_more_frags(ip);
	struct vn_reasm_queue *q;
	struct vn_buf **pp, *out;

	/* inet_frag_find(): over the limit, nothing is accepted. */
	if (!r->high_thresh || r->mem > r->high_thresh) {
		r->n_fails++;
		vn_buf_drop(buf, VN_DROP_IP_FRAG_LIMIT);
		return NULL;
	}
	q = q_find(r, ip);
	if (!q) {
		vn_buf_drop(buf, VN_DROP_NOMEM);
		return NULL;
	}
	if (!more) {
		/* The last fragment: the end must agree with what we have. */
		if (end < q->total || (q->last_in && end != q->total))
			goto discard;
		q->last_in = true;
		q->total = end;
	} else {
		/* RFC 791: non-last fragments carry 8-byte units. */
		end &= ~7u;
		if (end > q->total) {
			if (q->last_in)
				goto discard;
			q->total = end;
		}
	}
	if (end <= off)
		goto discard;
	if (end - off != len) {
		if (vn_buf_make_writable(buf)) {
			vn_buf_drop(buf, VN_DROP_NOMEM);
			return NULL;
		}
		len = end - off;
		trim_payload(buf, len);
	}
	/* inet_frag_queue_insert(): duplicates go, overlaps kill. */
	for (pp = &q->frags.head; *pp; pp = &(*pp)->next) {
		const uint8_t *o = (*pp)->data;
		uint32_t ooff = vn_ipv4_frag_off(o);
		uint32_t oend = ooff + payload_len(o);

		if (end <= ooff)
			break;
		if (off >= oend)
			continue;
		if (off >= ooff && end <= oend) {
			vn_buf_drop(buf, VN_DROP_IP_FRAG_OVERLAP);
			return NULL;
		}
		goto discard;
	}
	buf->next = *pp;
	*pp = buf;
	buf->dev = NULL;
	if (!buf->next)
		q->frags.tail = buf;
	q->frags.len++;
	q->meat += len;
	q->mem += truesize(buf);
	r->mem += truesize(buf);
	if (off == 0)
		q->first_in = true;
	if (!(q->first_in && q->last_in && q->meat == q->total))
		return NULL;
	/* ip_frag_reasm(). */
	if (vn_ipv4_hlen(q->frags.head->data) + q->total > 65535) {
		r->n_fails++;
		q_destroy(q, VN_DROP_IP_FRAG_TOO_BIG);
		return NULL;
	}
	out = assemble(q, in_dev);
	if (out)
		r->n_oks++;
	else
		r->n_fails++;
	q_destroy(q, out ? VN_DROP_NOT_SPECIFIED : VN_DROP_NOMEM);
	return out;

discard:
	r->n_fails++;
	vn_buf_drop(buf, VN_DROP_IP_FRAG_OVERLAP);
	q_destroy(q, VN_DROP_IP_FRAG_OVERLAP);
	return NULL;
}
