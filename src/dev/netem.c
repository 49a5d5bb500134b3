// SPDX-License-Identifier: MIT
/*
 * dev/netem.c - the netem qdisc (Linux's net/sched/sch_netem.c, 6.x).
 *
 * It sits on a device's transmit side: vn_dev_xmit() hands it every frame
 * and it passes them to the driver with vn_dev_hard_xmit() when their time
 * has come, so captures on the device see frames as they leave netem, as
 * Linux's taps do.  The device kind knows nothing about it.
 *
 * Theory of operation
 *
 * Goal: a frame meets what it would meet in Linux's netem with the same
 * parameters, decided by the same arithmetic (get_crandom() correlation,
 * tabledist() jitter, packet_time_ns() rate, the 4-state and
 * Gilbert-Elliot loss models, slots), and with randomness from a seeded
 * stream so a run repeats exactly.  Each qdisc has its own stream, seeded
 * from the engine's when it is created, as netem_init() seeds its prng from
 * get_random_u64(); the draws that Linux takes from the global generator
 * (correlation start values, which bit corrupt flips, slot lengths) come
 * from that stream too.
 *
 * Enqueue, in netem_enqueue()'s order: decide duplication, then loss (a
 * lost frame is dropped, VN_DROP_NETEM_LOSS, unless ecn marks it CE
 * instead); clone the duplicate before anything changes the frame; flip
 * one random bit of a frame chosen for corruption (its block copied first
 * if shared); refuse the frame (and its duplicate) once @limit frames are
 * queued (VN_DROP_QDISC_OVERLIMIT); enqueue the duplicate first, through
 * this same function but never duplicated again; then either give the
 * frame a send time (now + latency +- jitter, after the previous frame
 * when a rate is set) or, when reordering picks it, put it at the head of
 * the immediate queue, which goes out at once and counts as a requeue.
 *
 * Data structures: the time-ordered queue (Linux's tfifo, an rbtree plus
 * a list) is one singly linked list through buf->next, sorted by send time
 * and stable for equal times, so frames leave in Linux's order.  Appending
 * an in-order frame is O(1); a frame that jitter puts before the tail is
 * inserted by a walk from the head, O(queued frames), bounded by @limit.
 * A queued frame's send time is kept in buf->tstamp (the kernel keeps it
 * in skb->cb); it is cleared when the frame leaves.  No allocation per
 * frame: duplicates are clones from the pool.
 *
 * Timer: one watchdog on the engine's clock, armed for the head's send
 * time (or the next slot); it runs the dequeue loop, which hands every
 * frame that is due to the driver.  On virtual time, a 200 ms delay is
 * exactly 200 ms.
 *
 * Limits: @limit frames in both queues together (default 1000).  When the
 * device goes down or loses carrier, or the qdisc is deleted or replaced,
 * what it holds is dropped (VN_DROP_QDISC_RESET), as qdisc_reset() does.
 *
 * Not supported: a child qdisc under netem (Linux lets netem be classful),
 * TCA_NETEM_LATENCY64/JITTER64 and TCA_NETEM_PRNG_SEED requests (tc 6.1
 * never sends them).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "dev/gso.h"
#include "dev/netem.h"
#include "wire/csum.h"
#include "wire/ipv4.h"

struct netem_crnd {
	uint32_t last;
	uint32_t rho;
};

struct netem_dist {
	int16_t *table;		/* NULL: uniform */
	uint32_t size;
};

/* The 4-state model's states (loss_4state()). */
enum {
	TX_IN_GAP_PERIOD = 1,
	TX_IN_BURST_PERIOD,
	LOST_IN_GAP_PERIOD,
	LOST_IN_BURST_PERIOD,
};

/* The Gilbert-Elliot model's states (loss_gilb_ell()). */
enum {
	GOOD_STATE = 1,
	BAD_STATE,
};

struct vn_netem {
	struct vn_qdisc qdisc;
	struct vn_env *env;
	struct vn_timer watchdog;
	struct vn_rand prng;
	bool running;		/* in the dequeue loop (qdisc_run_begin) */

	/* the time-ordered queue (tfifo) and the immediate queue (sch->q) */
	struct vn_buf *t_head, *t_tail;
	uint32_t t_len;
	struct vn_buf *i_head, *i_tail;
	uint32_t i_len;

	/* parameters, as netem_sched_data */
	int64_t latency;	/* ns */
	int64_t jitter;		/* ns, 0..INT_MAX */
	uint32_t loss;
	uint32_t ecn;
	uint32_t limit;
	uint32_t counter;	/* frames since the last reordered one */
	uint32_t gap;
	uint32_t duplicate;
	uint32_t reorder;
	uint32_t corrupt;
	uint64_t rate;		/* bytes per second */
	int32_t packet_overhead;
	uint32_t cell_size;
	int32_t cell_overhead;
	struct netem_crnd delay_cor, loss_cor, dup_cor, reorder_cor,
		corrupt_cor;
	struct netem_dist delay_dist;
	enum vn_netem_loss_model loss_model;
	struct {
		uint8_t state;
		uint32_t a1;	/* p13 for 4-states or p for GE */
		uint32_t a2;	/* p31 for 4-states or r for GE */
		uint32_t a3;	/* p32 for 4-states or h for GE */
		uint32_t a4;	/* p14 for 4-states or 1-k for GE */
		uint32_t a5;	/* p23 used only in 4-states */
	} clg;
	struct vn_netem_slot slot_config;
	bool slot_on;		/* Linux: slot.slot_next != 0 */
	struct {
		vn_time slot_next;
		int32_t packets_left;
		int32_t bytes_left;
	} slot;
	struct netem_dist slot_dist;
};

static const struct vn_qdisc_ops netem_ops;

static struct vn_netem *to_netem(const struct vn_qdisc *q)
{
	return container_of(q, struct vn_netem, qdisc);
}

bool vn_qdisc_is_netem(const struct vn_qdisc *q)
{
	return q->ops == &netem_ops;
}

/* --- randomness ----------------------------------------------------------- */

/* prandom_u32_state() */
static uint32_t prng_u32(struct vn_netem *q)
{
	return (uint32_t)(vn_rand_u64(&q->prng) >> 32);
}

/* init_crandom() */
static void init_crandom(struct vn_netem *q, struct netem_crnd *state,
			 uint32_t rho)
{
	state->rho = rho;
	state->last = prng_u32(q);
}

/*
 * get_crandom(): the next value leans towards the last one by rho, in
 * 32-bit fixed point.
 */
static uint32_t get_crandom(struct vn_netem *q, struct netem_crnd *state)
{
	uint64_t value, rho;
	uint64_t answer;

	if (!state || state->rho == 0)
		return prng_u32(q);
	value = prng_u32(q);
	rho = (uint64_t)state->rho + 1;
	answer = (value * ((1ull << 32) - rho) + state->last * rho) >> 32;
	state->last = (uint32_t)answer;
	return (uint32_t)answer;
}

/* loss_4state(): the GI model's Markov chain; true: lose this frame. */
static bool loss_4state(struct vn_netem *q)
{
	uint32_t rnd = prng_u32(q);

	switch (q->clg.state) {
	case TX_IN_GAP_PERIOD:
		if (rnd < q->clg.a4) {
			q->clg.state = LOST_IN_GAP_PERIOD;
			return true;
		} else if (rnd < q->clg.a1 + q->clg.a4) {
			q->clg.state = LOST_IN_BURST_PERIOD;
			return true;
		}
		q->clg.state = TX_IN_GAP_PERIOD;
		break;
	case TX_IN_BURST_PERIOD:
		if (rnd < q->clg.a5) {
			q->clg.state = LOST_IN_BURST_PERIOD;
			return true;
		}
		q->clg.state = TX_IN_BURST_PERIOD;
		break;
	case LOST_IN_BURST_PERIOD:
		if (rnd < q->clg.a3) {
			q->clg.state = TX_IN_BURST_PERIOD;
		} else if (rnd < q->clg.a2 + q->clg.a3) {
			q->clg.state = TX_IN_GAP_PERIOD;
		} else {
			q->clg.state = LOST_IN_BURST_PERIOD;
			return true;
		}
		break;
	case LOST_IN_GAP_PERIOD:
		q->clg.state = TX_IN_GAP_PERIOD;
		break;
	}
	return false;
}

/* loss_gilb_ell(): move between good and bad, then lose by the state. */
static bool loss_gilb_ell(struct vn_netem *q)
{
	switch (q->clg.state) {
	case GOOD_STATE:
		if (prng_u32(q) < q->clg.a1)
			q->clg.state = BAD_STATE;
		if (prng_u32(q) < q->clg.a4)
			return true;
		break;
	case BAD_STATE:
		if (prng_u32(q) < q->clg.a2)
			q->clg.state = GOOD_STATE;
		if (prng_u32(q) > q->clg.a3)
			return true;
		break;
	}
	return false;
}

static bool loss_event(struct vn_netem *q)
{
	switch (q->loss_model) {
	case VN_NETEM_LOSS_RANDOM:
		/* 0: never, ~0: always */
		return q->loss && q->loss >= get_crandom(q, &q->loss_cor);
	case VN_NETEM_LOSS_GI:
		return loss_4state(q);
	case VN_NETEM_LOSS_GE:
		return loss_gilb_ell(q);
	}
	return false;
}

/*
 * tabledist(): mu plus a value drawn from the table scaled by sigma, or
 * uniform in [mu - sigma, mu + sigma) without a table.
 */
static int64_t tabledist(struct vn_netem *q, int64_t mu, int32_t sigma,
			 struct netem_crnd *state,
			 const struct netem_dist *dist)
{
	int64_t x;
	long t;
	uint32_t rnd;

	if (sigma == 0)
		return mu;
	rnd = get_crandom(q, state);
	if (!dist || !dist->table)
		return ((int64_t)(rnd % (2 * (uint32_t)sigma)) + mu) - sigma;
	t = dist->table[rnd % dist->size];
	x = (int64_t)(sigma % VN_NETEM_DIST_SCALE) * t;
	if (x >= 0)
		x += VN_NETEM_DIST_SCALE / 2;
	else
		x -= VN_NETEM_DIST_SCALE / 2;
	return x / VN_NETEM_DIST_SCALE +
	       (int64_t)(sigma / VN_NETEM_DIST_SCALE) * t + mu;
}

/*
 * packet_time_ns(): how long @len bytes take at the rate, with the
 * per-packet overhead and, for cell-based links (ATM), whole cells.
 */
static uint64_t packet_time_ns(uint64_t len, const struct vn_netem *q)
{
	len += (uint64_t)(int64_t)q->packet_overhead;
	if (q->cell_size) {
		uint32_t cells = (uint32_t)len / q->cell_size;

		if (len > (uint64_t)(uint32_t)(cells * q->cell_size))
			cells++;
		len = (uint32_t)(cells * (q->cell_size +
					  (uint32_t)q->cell_overhead));
	}
	return len * (uint64_t)VN_SEC / q->rate;
}

/* get_slot_next(): when the next slot opens and what it may carry. */
static void get_slot_next(struct vn_netem *q, vn_time now)
{
	int64_t next_delay;

	if (!q->slot_dist.table) {
		uint64_t span = (uint64_t)(q->slot_config.max_delay -
					   q->slot_config.min_delay);

		/* mul_u64_u32_shr(span, get_random_u32(), 32) */
		next_delay = q->slot_config.min_delay +
			     (int64_t)(((unsigned __int128)span *
					prng_u32(q)) >> 32);
	} else {
		next_delay = tabledist(q, q->slot_config.dist_delay,
				       (int32_t)q->slot_config.dist_jitter,
				       NULL, &q->slot_dist);
	}
	q->slot.slot_next = now + next_delay;
	q->slot.packets_left = q->slot_config.max_packets;
	q->slot.bytes_left = q->slot_config.max_bytes;
}

/* --- frames --------------------------------------------------------------- */

/*
 * Where the network header of an Ethernet frame starts (after up to two
 * VLAN tags, as skb_protocol(skb, true)), and its EtherType; 0 if none.
 */
static uint32_t network_offset(const struct vn_buf *buf, uint16_t *type)
{
	uint32_t off = VN_ETH_HLEN;

	if (buf->len < VN_ETH_HLEN)
		return 0;
	*type = vn_load_be16(buf->data + 12);
	for (int i = 0; i < 2; i++) {
		if (*type != VN_ETH_P_8021Q && *type != VN_ETH_P_8021AD)
			break;
		if (buf->len < off + 4)
			return 0;
		*type = vn_load_be16(buf->data + off + 2);
		off += 4;
	}
	return off;
}

/*
 * INET_ECN_set_ce(): mark an ECN-capable IPv4 or IPv6 packet Congestion
 * Experienced.  True if the frame now carries CE (it may have already);
 * false if it is not ECN-capable, not IP, or cannot be made writable.
 */
static bool ecn_set_ce(struct vn_buf *buf)
{
	uint16_t type = 0;
	uint32_t off = network_offset(buf, &type);
	uint8_t *ip;

	if (!off)
		return false;
	if (type == VN_ETH_P_IP) {
		uint16_t old, new_;
		uint32_t ecn;

		if (buf->len < off + VN_IPV4_HLEN)
			return false;
		ip = buf->data + off;
		/* NOT_ECT -> 01, ECT(1) -> 10, ECT(0) -> 11, CE -> 00 */
		ecn = (uint32_t)(ip[1] + 1) & 3;
		if (!(ecn & 2))
			return !ecn;
		if (vn_buf_make_writable(buf))
			return false;
		ip = buf->data + off;
		old = vn_load_be16(ip);
		new_ = old | 3;
		vn_store_be16(ip + VN_IPV4_CSUM,
			      vn_csum_update16(vn_load_be16(ip + VN_IPV4_CSUM),
					       old, new_));
		vn_store_be16(ip, new_);
		return true;
	}
	if (type == VN_ETH_P_IPV6) {
		if (buf->len < off + 40)
			return false;
		ip = buf->data + off;
		/* The traffic class straddles bytes 0 and 1; ECN is 0x30. */
		if (!(ip[1] & 0x30))
			return false;
		if ((ip[1] & 0x30) == 0x30)
			return true;
		if (vn_buf_make_writable(buf))
			return false;
		buf->data[off + 1] |= 0x30;
		return true;
	}
	return false;
}

static void drop(struct vn_buf *buf, enum vn_drop_reason reason)
{
	buf->tstamp = 0;
	vn_buf_drop(buf, reason);
}

static uint32_t queued(const struct vn_netem *q)
{
	return q->i_len + q->t_len;
}

/* tfifo_enqueue(): by send time, after frames with the same time. */
static void tfifo_enqueue(struct vn_netem *q, struct vn_buf *buf)
{
	vn_time t = buf->tstamp;

	buf->next = NULL;
	if (!q->t_tail || t >= q->t_tail->tstamp) {
		if (q->t_tail)
			q->t_tail->next = buf;
		else
			q->t_head = buf;
		q->t_tail = buf;
	} else {
		struct vn_buf **pp = &q->t_head;

		/* The tail is later than @t, so the walk stops before it. */
		while ((*pp)->tstamp <= t)
			pp = &(*pp)->next;
		buf->next = *pp;
		*pp = buf;
	}
	q->t_len++;
	q->qdisc.stats.qlen = queued(q);
}

/* __qdisc_enqueue_head() on the immediate queue. */
static void immediate_enqueue_head(struct vn_netem *q, struct vn_buf *buf)
{
	buf->next = q->i_head;
	q->i_head = buf;
	if (!q->i_tail)
		q->i_tail = buf;
	q->i_len++;
	q->qdisc.stats.qlen = queued(q);
}

/* The latest send time queued, for the rate: false if nothing is. */
static bool last_send_time(const struct vn_netem *q, vn_time *t)
{
	bool found = false;

	if (q->i_tail) {
		*t = q->i_tail->tstamp;
		found = true;
	}
	if (q->t_tail && (!found || q->t_tail->tstamp > *t)) {
		*t = q->t_tail->tstamp;
		found = true;
	}
	return found;
}

/* netem_enqueue() for one frame; @is_dup: a duplicate, never duplicated. */
static void netem_enqueue_one(struct vn_netem *q, struct vn_buf *buf,
			      bool is_dup)
{
	struct vn_qdisc_stats *st = &q->qdisc.stats;
	struct vn_buf *dup = NULL, *seg;
	struct vn_bufq segs;
	int count = 1;

	if (q->duplicate && !is_dup &&
	    q->duplicate >= get_crandom(q, &q->dup_cor))
		++count;

	if (loss_event(q)) {
		/* A marked frame still counts as a drop, as netem counts it. */
		if (q->ecn && ecn_set_ce(buf))
			st->drops++;
		else
			--count;
	}
	if (count == 0) {
		st->drops++;
		drop(buf, VN_DROP_NETEM_LOSS);
		return;
	}

	/*
	 * skb_orphan_partial(): a frame that will wait for a delay or the
	 * rate is on the wire already; its sender may send more (TCP Small
	 * Queues do not count netem's delay line).
	 */
	if (q->latency || q->jitter || q->rate)
		vn_buf_orphan(buf);

	/* The duplicate is cloned before the original may change. */
	if (count > 1)
		dup = vn_buf_clone(buf);
	vn_bufq_init(&segs);

	if (q->corrupt && q->corrupt >= get_crandom(q, &q->corrupt_cor)) {
		/*
		 * netem_segment() and skb_checksum_help(): an offloaded frame
		 * is finished in software first, so that the flip reaches the
		 * wire under a checksum that was computed before it.  The
		 * first segment is corrupted; the others follow below.
		 */
		if (unlikely(vn_buf_offloaded(buf))) {
			if (vn_gso_resolve(buf, 0, &segs)) {
				st->drops++;
				if (dup)
					drop(dup, VN_DROP_OFFLOAD_BAD);
				return;
			}
			buf = vn_bufq_pop(&segs);
		}
		if (vn_buf_make_writable(buf)) {
			st->drops++;
			drop(buf, VN_DROP_NOMEM);
			if (dup)
				drop(dup, VN_DROP_NOMEM);
			vn_bufq_purge(&segs, VN_DROP_NOMEM);
			return;
		}
		if (buf->len)
			buf->data[vn_rand_below(&q->prng, buf->len)] ^=
				(uint8_t)(1u << vn_rand_below(&q->prng, 8));
		buf->csum_valid = false;
	}

	if (unlikely(queued(q) >= q->limit)) {
		/* qdisc_drop_all(): the frame and its segments, one drop */
		st->drops++;
		drop(buf, VN_DROP_QDISC_OVERLIMIT);
		if (dup)
			drop(dup, VN_DROP_QDISC_OVERLIMIT);
		vn_bufq_purge(&segs, VN_DROP_QDISC_OVERLIMIT);
		return;
	}

	/* Linux re-enqueues the duplicate at the root: that is us. */
	if (dup)
		netem_enqueue_one(q, dup, true);

	st->backlog += buf->len;
	if (q->gap == 0 || q->counter < q->gap - 1 ||
	    q->reorder < get_crandom(q, &q->reorder_cor)) {
		vn_time now = vn_env_now(q->env);
		vn_time last;
		int64_t delay;

		delay = tabledist(q, q->latency, (int32_t)q->jitter,
				  &q->delay_cor, &q->delay_dist);
		if (q->rate) {
			/*
			 * The last queued frame is the reference point: this
			 * one starts when that one is sent.
			 */
			if (last_send_time(q, &last)) {
				delay -= last - now;
				delay = VN_MAX(delay, 0);
				now = last;
			}
			delay += (int64_t)packet_time_ns(buf->len, q);
		}
		buf->tstamp = now + delay;
		++q->counter;
		tfifo_enqueue(q, buf);
	} else {
		/* Reordering: this one goes out at once, ahead of the rest. */
		buf->tstamp = vn_env_now(q->env);
		q->counter = 0;
		immediate_enqueue_head(q, buf);
		st->requeues++;
	}

	/* The other segments of a corrupted GSO frame, each on its own. */
	while ((seg = vn_bufq_pop(&segs)))
		netem_enqueue_one(q, seg, false);
}

/* A frame leaves: the counters tc -s shows. */
static struct vn_buf *deliver(struct vn_netem *q, struct vn_buf *buf)
{
	struct vn_qdisc_stats *st = &q->qdisc.stats;

	buf->next = NULL;
	buf->tstamp = 0;
	st->backlog -= buf->len;
	st->qlen = queued(q);
	st->bytes += buf->len;
	st->packets++;
	return buf;
}

/*
 * netem_dequeue(): the immediate queue first, then the tfifo's head if it
 * is due (and its slot is open).  Otherwise arms the watchdog and returns
 * NULL.
 */
static struct vn_buf *netem_dequeue(struct vn_netem *q)
{
	struct vn_buf *buf = q->i_head;
	vn_time now, time_to_send;

	if (buf) {
		q->i_head = buf->next;
		if (!q->i_head)
			q->i_tail = NULL;
		q->i_len--;
		return deliver(q, buf);
	}
	buf = q->t_head;
	if (!buf)
		return NULL;
	now = vn_env_now(q->env);
	time_to_send = buf->tstamp;
	if (q->slot_on && q->slot.slot_next < time_to_send)
		get_slot_next(q, now);
	if (time_to_send <= now && (!q->slot_on || q->slot.slot_next <= now)) {
		q->t_head = buf->next;
		if (!q->t_head)
			q->t_tail = NULL;
		q->t_len--;
		if (q->slot_on) {
			q->slot.packets_left--;
			q->slot.bytes_left -= (int32_t)buf->len;
			if (q->slot.packets_left <= 0 ||
			    q->slot.bytes_left <= 0)
				get_slot_next(q, now);
		}
		return deliver(q, buf);
	}
	vn_env_timer_arm(q->env, &q->watchdog,
			 q->slot_on ? VN_MAX(time_to_send, q->slot.slot_next)
				    : time_to_send);
	return NULL;
}

/* qdisc_run(): hand everything that is due to the driver. */
static void netem_run(struct vn_netem *q)
{
	struct vn_buf *buf;

	/* A frame the driver loops back to us waits for the outer loop. */
	if (q->running)
		return;
	q->running = true;
	while ((buf = netem_dequeue(q)))
		vn_dev_hard_xmit(q->qdisc.dev, buf);
	q->running = false;
}

static void netem_watchdog(struct vn_timer *timer, vn_time now)
{
	(void)now;
	netem_run(container_of(timer, struct vn_netem, watchdog));
}

static void netem_enqueue(struct vn_qdisc *qdisc, struct vn_buf *buf)
{
	struct vn_netem *q = to_netem(qdisc);

	netem_enqueue_one(q, buf, false);
	netem_run(q);
}

static void purge(struct vn_buf **head)
{
	struct vn_buf *buf;

	while ((buf = *head)) {
		*head = buf->next;
		buf->next = NULL;
		buf->tstamp = 0;
		vn_buf_drop(buf, VN_DROP_QDISC_RESET);
	}
}

/* netem_reset(): drops what is queued (not counted in tc's drops). */
static void netem_reset(struct vn_qdisc *qdisc)
{
	struct vn_netem *q = to_netem(qdisc);

	purge(&q->i_head);
	purge(&q->t_head);
	q->i_tail = q->t_tail = NULL;
	q->i_len = q->t_len = 0;
	q->qdisc.stats.qlen = 0;
	q->qdisc.stats.backlog = 0;
	vn_env_timer_cancel(q->env, &q->watchdog);
}

static void netem_destroy(struct vn_qdisc *qdisc)
{
	struct vn_netem *q = to_netem(qdisc);

	netem_reset(qdisc);
	free(q->delay_dist.table);
	free(q->slot_dist.table);
	free(q);
}

static const struct vn_qdisc_ops netem_ops = {
	.kind = "netem",
	.enqueue = netem_enqueue,
	.reset = netem_reset,
	.destroy = netem_destroy,
};

/* --- configuration -------------------------------------------------------- */

/* get_dist_table(): a private copy of a table from a request. */
static int get_dist_table(struct netem_dist *d, const int16_t *data,
			  uint32_t n)
{
	if (!n || n > VN_NETEM_DIST_MAX)
		return -EINVAL;
	d->table = malloc(n * sizeof(d->table[0]));
	if (!d->table)
		return -ENOMEM;
	memcpy(d->table, data, n * sizeof(d->table[0]));
	d->size = n;
	return 0;
}

/* validate_slot() */
static int validate_slot(const struct vn_netem_slot *c, struct vn_err *err)
{
	if (c->min_delay < 0 || c->max_delay < 0)
		return vn_err_set(err, -EINVAL, "Error: negative slot delay.");
	if (c->min_delay > c->max_delay)
		return vn_err_set(err, -EINVAL,
				  "Error: slot min delay greater than max delay.");
	if (c->dist_delay < 0 || c->dist_jitter < 0)
		return vn_err_set(err, -EINVAL, "Error: negative dist delay.");
	if (c->max_packets < 0 || c->max_bytes < 0)
		return vn_err_set(err, -EINVAL, "Error: negative slot limit.");
	return 0;
}

/* get_slot() */
static void get_slot(struct vn_netem *q, const struct vn_netem_slot *c)
{
	q->slot_config = *c;
	if (q->slot_config.max_packets == 0)
		q->slot_config.max_packets = INT_MAX;
	if (q->slot_config.max_bytes == 0)
		q->slot_config.max_bytes = INT_MAX;
	/* capped to what tabledist() takes */
	q->slot_config.dist_jitter = VN_MIN(q->slot_config.dist_jitter,
					    (int64_t)INT_MAX);
	q->slot.packets_left = q->slot_config.max_packets;
	q->slot.bytes_left = q->slot_config.max_bytes;
	q->slot_on = q->slot_config.min_delay || q->slot_config.max_delay ||
		     q->slot_config.dist_jitter;
	q->slot.slot_next = q->slot_on ? vn_env_now(q->env) : 0;
}

/* get_loss_clg() */
static void get_loss_clg(struct vn_netem *q, const struct vn_netem_msg *m)
{
	q->loss_model = m->loss_model;
	switch (m->loss_model) {
	case VN_NETEM_LOSS_RANDOM:
		break;
	case VN_NETEM_LOSS_GI:
		q->clg.state = TX_IN_GAP_PERIOD;
		q->clg.a1 = m->gi.p13;
		q->clg.a2 = m->gi.p31;
		q->clg.a3 = m->gi.p32;
		q->clg.a4 = m->gi.p14;
		q->clg.a5 = m->gi.p23;
		break;
	case VN_NETEM_LOSS_GE:
		q->clg.state = GOOD_STATE;
		q->clg.a1 = m->ge.p;
		q->clg.a2 = m->ge.r;
		q->clg.a3 = m->ge.h;
		q->clg.a4 = m->ge.k1;
		break;
	}
}

int vn_netem_change(struct vn_qdisc *qdisc, const struct vn_netem_msg *m,
		    struct vn_err *err)
{
	struct vn_netem *q = to_netem(qdisc);
	struct netem_dist delay_dist = { 0 }, slot_dist = { 0 };
	int rc;

	/* Validate and allocate first: a refused request changes nothing. */
	if (m->dist) {
		rc = get_dist_table(&delay_dist, m->dist, m->dist_len);
		if (rc)
			goto fail;
	}
	if (m->slot_dist) {
		rc = get_dist_table(&slot_dist, m->slot_dist, m->slot_dist_len);
		if (rc)
			goto fail;
	}
	if (m->has_slot) {
		rc = validate_slot(&m->slot, err);
		if (rc)
			goto fail;
	}

	get_loss_clg(q, m);
	if (delay_dist.table || m->dist_clear) {
		free(q->delay_dist.table);
		q->delay_dist = delay_dist;
	}
	if (slot_dist.table) {
		free(q->slot_dist.table);
		q->slot_dist = slot_dist;
	}
	q->latency = (int64_t)m->latency * VN_NETEM_TICK_NS;
	q->jitter = (int64_t)m->jitter * VN_NETEM_TICK_NS;
	q->limit = m->limit;
	q->gap = m->gap;
	q->counter = 0;
	q->loss = m->loss;
	q->duplicate = m->duplicate;
	/* For compatibility: a gap alone means reorder every gap-th frame. */
	if (q->gap)
		q->reorder = UINT32_MAX;
	if (m->has_corr) {
		init_crandom(q, &q->delay_cor, m->corr.delay);
		init_crandom(q, &q->loss_cor, m->corr.loss);
		init_crandom(q, &q->dup_cor, m->corr.dup);
	}
	if (m->has_reorder) {
		q->reorder = m->reorder.probability;
		init_crandom(q, &q->reorder_cor, m->reorder.correlation);
	}
	if (m->has_corrupt) {
		q->corrupt = m->corrupt.probability;
		init_crandom(q, &q->corrupt_cor, m->corrupt.correlation);
	}
	if (m->has_rate) {
		q->rate = m->rate.rate;
		q->packet_overhead = m->rate.packet_overhead;
		q->cell_size = m->rate.cell_size;
		q->cell_overhead = m->rate.cell_overhead;
	}
	if (m->has_ecn)
		q->ecn = m->ecn;
	if (m->has_slot)
		get_slot(q, &m->slot);
	/* capped to what tabledist() takes */
	q->jitter = VN_MIN(q->jitter, (int64_t)INT_MAX);
	return 0;

fail:
	free(delay_dist.table);
	free(slot_dist.table);
	/* A bad table has no message of its own: RTNETLINK answers. */
	if (!vn_err_isset(err))
		vn_err_rtnl(err, rc);
	return rc;
}

int vn_netem_create(struct vn_dev *dev, uint32_t handle,
		    const struct vn_netem_msg *msg, struct vn_qdisc **out,
		    struct vn_err *err)
{
	struct vn_env *env = dev->space->env;
	struct vn_netem *q = calloc(1, sizeof(*q));
	int rc;

	if (!q)
		return vn_err_rtnl(err, -ENOMEM);
	q->qdisc.ops = &netem_ops;
	q->qdisc.dev = dev;
	q->qdisc.handle = handle;
	q->env = env;
	vn_timer_init(&q->watchdog, netem_watchdog);
	vn_rand_seed(&q->prng, vn_rand_u64(&env->rand));
	q->loss_model = VN_NETEM_LOSS_RANDOM;
	rc = vn_netem_change(&q->qdisc, msg, err);
	if (rc) {
		free(q);
		return rc;
	}
	*out = &q->qdisc;
	return 0;
}

void vn_netem_get(const struct vn_qdisc *qdisc, struct vn_netem_info *info)
{
	const struct vn_netem *q = to_netem(qdisc);

	memset(info, 0, sizeof(*info));
	info->latency = q->latency;
	info->jitter = q->jitter;
	info->limit = q->limit;
	info->loss = q->loss;
	info->gap = q->gap;
	info->duplicate = q->duplicate;
	info->corr.delay = q->delay_cor.rho;
	info->corr.loss = q->loss_cor.rho;
	info->corr.dup = q->dup_cor.rho;
	info->reorder.probability = q->reorder;
	info->reorder.correlation = q->reorder_cor.rho;
	info->corrupt.probability = q->corrupt;
	info->corrupt.correlation = q->corrupt_cor.rho;
	info->rate.rate = q->rate;
	info->rate.packet_overhead = q->packet_overhead;
	info->rate.cell_size = q->cell_size;
	info->rate.cell_overhead = q->cell_overhead;
	info->ecn = q->ecn;
	info->loss_model = q->loss_model;
	switch (q->loss_model) {
	case VN_NETEM_LOSS_RANDOM:
		break;
	case VN_NETEM_LOSS_GI:
		info->gi = (struct vn_netem_gi){ .p13 = q->clg.a1,
						 .p31 = q->clg.a2,
						 .p32 = q->clg.a3,
						 .p14 = q->clg.a4,
						 .p23 = q->clg.a5 };
		break;
	case VN_NETEM_LOSS_GE:
		info->ge = (struct vn_netem_ge){ .p = q->clg.a1,
						 .r = q->clg.a2,
						 .h = q->clg.a3,
						 .k1 = q->clg.a4 };
		break;
	}
	if (q->slot_config.min_delay || q->slot_config.max_delay ||
	    q->slot_config.dist_jitter) {
		info->has_slot = true;
		info->slot = q->slot_config;
		if (info->slot.max_packets == INT_MAX)
			info->slot.max_packets = 0;
		if (info->slot.max_bytes == INT_MAX)
			info->slot.max_bytes = 0;
	}
}

/* --- distribution tables -------------------------------------------------- */

/* iproute2's TABLESIZE and the table's step: 4096 entries. */
#define DIST_TABLESIZE 16384

static int16_t clamp_s16(int v)
{
	return (int16_t)(v < SHRT_MIN ? SHRT_MIN : v > SHRT_MAX ? SHRT_MAX : v);
}

/* netem/pareto.c's value for i in (0, 65536], a = 3. */
static int pareto_value(int i)
{
	double d = (double)i / 65536.0;

	d = 1.0 / pow(d, 1.0 / 3.0);
	d -= 1.5;
	d *= (4.0 / 3.0) * (double)VN_NETEM_DIST_SCALE;
	if (d > 32767)
		d = 32767;
	return (int)rint(d);
}

/*
 * netem/normal.c's inverse CDF: for each of 16384 quantiles, the largest
 * x on a 0.00005 grid whose normal CDF rounds to it.  The grid walk is
 * iproute2's own, float accumulation included, so values match exactly.
 */
static void normal_quantiles(double *table)
{
	for (double x = -10.0; x < 10.05; x += .00005) {
		int i = (int)rint(DIST_TABLESIZE *
				  (.5 + .5 * erf(x / (sqrt(2.0) * 1.0))));

		table[i] = x;
	}
}

int vn_netem_dist_make(const char *name, int16_t *table, uint32_t max)
{
	bool normal = !strcmp(name, "normal");
	bool paretonormal = !strcmp(name, "paretonormal");
	uint32_t n = 0;

	if (max < DIST_TABLESIZE / 4)
		return -ENOSPC;
	if (!strcmp(name, "pareto")) {
		for (int i = 65536; i > 0; i -= 16)
			table[n++] = (int16_t)pareto_value(i);
		return (int)n;
	}
	if (normal || paretonormal) {
		double *q = calloc(DIST_TABLESIZE + 1, sizeof(*q));

		if (!q)
			return -ENOMEM;
		normal_quantiles(q);
		for (int i = 0; i < DIST_TABLESIZE; i += 4) {
			int v = (int)rint(q[i] * VN_NETEM_DIST_SCALE);

			/* paretonormal.c: .25 normal + .75 pareto */
			if (paretonormal)
				v = (v + 3 * pareto_value(65536 - 4 * i)) / 4;
			table[n++] = clamp_s16(v);
		}
		free(q);
		return (int)n;
	}
	return -ENOENT;
}
