// SPDX-License-Identifier: MIT
/*
 * inet/neigh.c - the neighbour state machine (net/core/neighbour.c).
 *
 * The transitions, timer rules and probe counting follow
 * __neigh_event_send(), neigh_timer_handler() and neigh_update() of Linux
 * 6.1; see neigh.h for the overview.
 */
#include <errno.h>
#include <stdlib.h>

#include "dev/dev.h"
#include "inet/neigh.h"
#include "wire/ipv4.h"

#define MIN_TIMER (10 * VN_MSEC)	/* HZ/100 */
#define RAND_INTERVAL (300 * VN_SEC)

static uint32_t neigh_hash(uint32_t key, const struct vn_dev *dev)
{
	return vn_hash_u64((uint64_t)key << 32 | (uint32_t)dev->ifindex,
			   0x4e16b);
}

static vn_time now_of(const struct vn_neigh_table *tbl)
{
	return vn_env_now(tbl->env);
}

static vn_time rand_reach_time(struct vn_neigh_table *tbl, vn_time base)
{
	if (!base)
		return 0;
	return base / 2 +
	       (vn_time)(vn_rand_u64(&tbl->env->rand) % (uint64_t)base);
}

static void gc_timer_fn(struct vn_timer *t, vn_time now);

void vn_neigh_table_init(struct vn_neigh_table *tbl, struct vn_env *env,
			 const struct vn_neigh_ops *ops)
{
	memset(tbl, 0, sizeof(*tbl));
	tbl->env = env;
	tbl->ops = ops;
	vn_hmap_init(&tbl->map);
	vn_list_init(&tbl->list);
	tbl->gc_thresh1 = 128;
	tbl->gc_thresh2 = 512;
	tbl->gc_thresh3 = 1024;
	tbl->parms = (struct vn_neigh_parms){
		.base_reachable_time = 30 * VN_SEC,
		.retrans_time = 1 * VN_SEC,
		.delay_probe_time = 5 * VN_SEC,
		.gc_stale_time = 60 * VN_SEC,
		.locktime = 1 * VN_SEC,
		.ucast_probes = 3,
		.mcast_probes = 3,
		.app_probes = 0,
		.mcast_reprobes = 0,
		.unres_qlen = 101,
	};
	tbl->reachable_time =
		rand_reach_time(tbl, tbl->parms.base_reachable_time);
	tbl->last_rand = vn_env_now(env);
	vn_timer_init(&tbl->gc_timer, gc_timer_fn);
}

void vn_neigh_table_fini(struct vn_neigh_table *tbl)
{
	while (!vn_list_empty(&tbl->list))
		vn_neigh_destroy(vn_list_entry(tbl->list.next,
					       struct vn_neigh, link));
	vn_env_timer_cancel(tbl->env, &tbl->gc_timer);
	vn_hmap_fini(&tbl->map);
}

const char *vn_nud_name(uint8_t state)
{
	switch (state) {
	case VN_NUD_NONE:
		return "NONE";
	case VN_NUD_INCOMPLETE:
		return "INCOMPLETE";
	case VN_NUD_REACHABLE:
		return "REACHABLE";
	case VN_NUD_STALE:
		return "STALE";
	case VN_NUD_DELAY:
		return "DELAY";
	case VN_NUD_PROBE:
		return "PROBE";
	case VN_NUD_FAILED:
		return "FAILED";
	case VN_NUD_NOARP:
		return "NOARP";
	case VN_NUD_PERMANENT:
		return "PERMANENT";
	}
	return "UNKNOWN";
}

struct vn_neigh *vn_neigh_lookup(const struct vn_neigh_table *tbl,
				 uint32_t key, const struct vn_dev *dev)
{
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, neigh_hash(key, dev), &tbl->map)
	{
		struct vn_neigh *n = container_of(node, struct vn_neigh, node);

		if (n->key == key && n->dev == dev)
			return n;
	}
	return NULL;
}

void vn_neigh_destroy(struct vn_neigh *n)
{
	struct vn_neigh_table *tbl = n->tbl;

	vn_env_timer_cancel(tbl->env, &n->timer);
	vn_bufq_purge(&n->queue, VN_DROP_NEIGH_DEAD);
	vn_hmap_remove(&tbl->map, &n->node);
	vn_list_remove(&n->link);
	tbl->n--;
	tbl->stats.destroys++;
	free(n);
}

/* neigh_forced_gc(): FAILED entries and ones idle for 5 s, down to thresh2. */
static bool forced_gc(struct vn_neigh_table *tbl, vn_time now)
{
	struct vn_neigh *n, *tmp;
	uint32_t before = tbl->n;

	tbl->stats.forced_gc_runs++;
	vn_list_for_each_safe(n, tmp, &tbl->list, link) {
		if (tbl->n < tbl->gc_thresh2)
			break;
		if (n->state & VN_NUD_PERMANENT)
			continue;
		if (n->state == VN_NUD_FAILED || now - n->updated >= 5 * VN_SEC)
			vn_neigh_destroy(n);
	}
	tbl->last_flush = now;
	return tbl->n < before;
}

/* neigh_periodic_work(), only while the table is past gc_thresh1. */
static void gc_timer_fn(struct vn_timer *t, vn_time now)
{
	struct vn_neigh_table *tbl =
		container_of(t, struct vn_neigh_table, gc_timer);
	struct vn_neigh *n, *tmp;

	tbl->stats.periodic_gc_runs++;
	vn_list_for_each_safe(n, tmp, &tbl->list, link) {
		if (n->state & (VN_NUD_PERMANENT | VN_NUD_IN_TIMER))
			continue;
		if (n->used < n->confirmed)
			n->used = n->confirmed;
		if (n->state == VN_NUD_FAILED ||
		    now - n->used > tbl->parms.gc_stale_time)
			vn_neigh_destroy(n);
	}
	if (tbl->n >= tbl->gc_thresh1)
		vn_env_timer_arm(tbl->env, &tbl->gc_timer,
				 now + tbl->parms.base_reachable_time / 2);
}

static void neigh_timer_fn(struct vn_timer *t, vn_time now);

struct vn_neigh *vn_neigh_create(struct vn_neigh_table *tbl, uint32_t key,
				 struct vn_dev *dev)
{
	vn_time now = now_of(tbl);
	struct vn_neigh *n;

	if (tbl->n >= tbl->gc_thresh3 ||
	    (tbl->n >= tbl->gc_thresh2 && now - tbl->last_flush > 5 * VN_SEC)) {
		if (!forced_gc(tbl, now) && tbl->n >= tbl->gc_thresh3) {
			tbl->stats.table_fulls++;
			return NULL;
		}
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->tbl = tbl;
	n->key = key;
	n->dev = dev;
	n->state = VN_NUD_NONE;
	n->updated = n->used = now;
	n->confirmed = now - 2 * tbl->parms.base_reachable_time;
	vn_timer_init(&n->timer, neigh_timer_fn);
	vn_bufq_init(&n->queue);
	vn_hmap_insert(&tbl->map, &n->node, neigh_hash(key, dev));
	vn_list_push_back(&tbl->list, &n->link);
	tbl->n++;
	tbl->stats.allocs++;
	if (tbl->n >= tbl->gc_thresh1 && !vn_timer_armed(&tbl->gc_timer))
		vn_env_timer_arm(tbl->env, &tbl->gc_timer,
				 now + tbl->parms.base_reachable_time / 2);
	return n;
}

static uint32_t max_probes(const struct vn_neigh *n)
{
	const struct vn_neigh_parms *p = &n->tbl->parms;

	return p->ucast_probes + p->app_probes +
	       ((n->state & VN_NUD_PROBE) ? p->mcast_reprobes
					  : p->mcast_probes);
}

/* neigh_probe() with arp_solicit()'s choice of unicast or broadcast. */
static void probe(struct vn_neigh *n)
{
	const struct vn_neigh_parms *p = &n->tbl->parms;
	int64_t probes = (int64_t)n->probes - p->ucast_probes;
	uint8_t ha[VN_ETH_ALEN];

	n->probes++;
	if (probes < 0) {
		memcpy(ha, n->ha, VN_ETH_ALEN);
		n->tbl->ops->solicit(n, ha, n->queue.tail);
		return;
	}
	if (probes - (int64_t)p->app_probes < 0)
		return;		/* an application would probe: none here */
	n->tbl->ops->solicit(n, NULL, n->queue.tail);
}

/* neigh_invalidate(): every waiting packet is reported unreachable. */
static void invalidate(struct vn_neigh *n)
{
	struct vn_buf *buf;

	n->tbl->stats.res_failed++;
	while (n->state == VN_NUD_FAILED && (buf = vn_bufq_pop(&n->queue)))
		n->tbl->ops->error_report(n, buf);
	vn_bufq_purge(&n->queue, VN_DROP_NEIGH_FAILED);
}

static void arm(struct vn_neigh *n, vn_time when)
{
	vn_env_timer_arm(n->tbl->env, &n->timer, when);
}

static void maybe_rerandomize(struct vn_neigh_table *tbl, vn_time now)
{
	if (now - tbl->last_rand >= RAND_INTERVAL) {
		tbl->last_rand = now;
		tbl->reachable_time =
			rand_reach_time(tbl, tbl->parms.base_reachable_time);
	}
}

static void neigh_timer_fn(struct vn_timer *t, vn_time now)
{
	struct vn_neigh *n = container_of(t, struct vn_neigh, timer);
	struct vn_neigh_table *tbl = n->tbl;
	const struct vn_neigh_parms *p = &tbl->parms;
	vn_time retrans = VN_MAX(p->retrans_time, MIN_TIMER);
	vn_time next = now + VN_SEC;
	uint8_t state = n->state;

	if (!(state & VN_NUD_IN_TIMER))
		return;
	maybe_rerandomize(tbl, now);
	if (state & VN_NUD_REACHABLE) {
		if (now <= n->confirmed + tbl->reachable_time) {
			next = n->confirmed + tbl->reachable_time;
		} else if (now <= n->used + p->delay_probe_time) {
			n->state = VN_NUD_DELAY;
			n->updated = now;
			next = now + p->delay_probe_time;
		} else {
			n->state = VN_NUD_STALE;
			n->updated = now;
		}
	} else if (state & VN_NUD_DELAY) {
		if (now <= n->confirmed + p->delay_probe_time) {
			n->state = VN_NUD_REACHABLE;
			n->updated = now;
			next = n->confirmed + tbl->reachable_time;
		} else {
			n->state = VN_NUD_PROBE;
			n->updated = now;
			n->probes = 0;
			next = now + retrans;
		}
	} else {
		next = now + retrans;
	}

	if ((n->state & (VN_NUD_INCOMPLETE | VN_NUD_PROBE)) &&
	    n->probes >= max_probes(n)) {
		n->state = VN_NUD_FAILED;
		n->updated = now;
		invalidate(n);
		return;
	}
	if (n->state & VN_NUD_IN_TIMER) {
		if (next < now + MIN_TIMER)
			next = now + MIN_TIMER;
		arm(n, next);
	}
	if (n->state & (VN_NUD_INCOMPLETE | VN_NUD_PROBE))
		probe(n);
}

int vn_neigh_update(struct vn_neigh *n, const uint8_t *lladdr,
		    uint8_t new_state, uint32_t flags)
{
	struct vn_neigh_table *tbl = n->tbl;
	vn_time now = now_of(tbl);
	uint8_t old = n->state;
	bool addr_changes;
	struct vn_buf *buf;

	if (!(flags & VN_NEIGH_F_ADMIN) &&
	    (old & (VN_NUD_NOARP | VN_NUD_PERMANENT)))
		return -EPERM;

	if (!(new_state & VN_NUD_VALID)) {
		vn_env_timer_cancel(tbl->env, &n->timer);
		n->state = new_state;
		n->updated = now;
		if ((old & (VN_NUD_INCOMPLETE | VN_NUD_PROBE)) &&
		    (new_state & VN_NUD_FAILED))
			invalidate(n);
		return 0;
	}

	if (lladdr) {
		addr_changes = !(old & VN_NUD_VALID) ||
			       !vn_mac_equal(lladdr, n->ha);
	} else {
		if (!(old & VN_NUD_VALID))
			return -EINVAL;
		lladdr = n->ha;
		addr_changes = false;
	}
	if (new_state & VN_NUD_CONNECTED)
		n->confirmed = now;

	if (old & VN_NUD_VALID) {
		if (addr_changes && !(flags & VN_NEIGH_F_OVERRIDE)) {
			if ((flags & VN_NEIGH_F_WEAK_OVERRIDE) &&
			    (old & VN_NUD_CONNECTED)) {
				lladdr = n->ha;
				addr_changes = false;
				new_state = VN_NUD_STALE;
			} else {
				return 0;
			}
		} else if (!addr_changes && new_state == VN_NUD_STALE &&
			   !(flags & VN_NEIGH_F_ADMIN)) {
			new_state = old;
		}
	}

	if (new_state != old || addr_changes)
		n->updated = now;
	if (new_state != old) {
		vn_env_timer_cancel(tbl->env, &n->timer);
		if (new_state & VN_NUD_PROBE)
			n->probes = 0;
		if (new_state & VN_NUD_IN_TIMER)
			arm(n, now + ((new_state & VN_NUD_REACHABLE) ?
					      tbl->reachable_time : 0));
		n->state = new_state;
	}
	if (addr_changes) {
		memcpy(n->ha, lladdr, VN_ETH_ALEN);
		if (!(new_state & VN_NUD_CONNECTED))
			n->confirmed = now - 2 * tbl->parms.base_reachable_time;
	}
	if (new_state == old)
		return 0;
	if (!(old & VN_NUD_VALID)) {
		while ((n->state & VN_NUD_VALID) &&
		       (buf = vn_bufq_pop(&n->queue)))
			vn_neigh_xmit(n->dev, n->ha, VN_ETH_P_IP, buf);
		vn_bufq_purge(&n->queue, VN_DROP_NEIGH_FAILED);
	}
	return 0;
}

struct vn_neigh *vn_neigh_event_ns(struct vn_neigh_table *tbl,
				   const uint8_t *lladdr, uint32_t key,
				   struct vn_dev *dev)
{
	struct vn_neigh *n = vn_neigh_lookup(tbl, key, dev);

	if (!n)
		n = vn_neigh_create(tbl, key, dev);
	if (n)
		vn_neigh_update(n, lladdr, VN_NUD_STALE,
				VN_NEIGH_F_OVERRIDE);
	return n;
}

void vn_neigh_xmit(struct vn_dev *dev, const uint8_t *dst_ha,
		   uint16_t ethertype, struct vn_buf *buf)
{
	uint8_t *eth;

	if (vn_buf_make_writable(buf) || vn_buf_headroom(buf) < VN_ETH_HLEN) {
		vn_buf_drop(buf, VN_DROP_NOMEM);
		return;
	}
	eth = vn_buf_push(buf, VN_ETH_HLEN);
	vn_eth_emit(eth, dst_ha, dev->mac, ethertype);
	vn_dev_xmit(dev, buf);
}

static void enqueue(struct vn_neigh *n, struct vn_buf *buf)
{
	while (n->queue.len >= n->tbl->parms.unres_qlen) {
		struct vn_buf *old = vn_bufq_pop(&n->queue);

		if (!old)
			break;
		n->tbl->stats.unres_discards++;
		vn_buf_drop(old, VN_DROP_NEIGH_QUEUE_FULL);
	}
	if (n->tbl->parms.unres_qlen == 0) {
		vn_buf_drop(buf, VN_DROP_NEIGH_QUEUE_FULL);
		return;
	}
	vn_bufq_push(&n->queue, buf);
}

/* __neigh_event_send(): true if @buf was taken (queued or dropped). */
static bool event_send(struct vn_neigh *n, struct vn_buf *buf)
{
	struct vn_neigh_table *tbl = n->tbl;
	const struct vn_neigh_parms *p = &tbl->parms;
	vn_time now = now_of(tbl);
	bool immediate = false;

	n->used = now;
	if (n->state & (VN_NUD_CONNECTED | VN_NUD_DELAY | VN_NUD_PROBE))
		return false;
	if (n->state == VN_NUD_STALE) {
		n->state = VN_NUD_DELAY;
		n->updated = now;
		arm(n, now + p->delay_probe_time);
		return false;
	}
	if (!(n->state & (VN_NUD_STALE | VN_NUD_INCOMPLETE))) {
		if (p->mcast_probes + p->app_probes) {
			n->probes = p->ucast_probes;
			n->state = VN_NUD_INCOMPLETE;
			n->updated = now;
			immediate = true;
			arm(n, now + VN_MAX(p->retrans_time, MIN_TIMER));
		} else {
			n->state = VN_NUD_FAILED;
			n->updated = now;
			tbl->ops->error_report(n, buf);
			return true;
		}
	}
	enqueue(n, buf);
	if (immediate)
		probe(n);
	return true;
}

void vn_neigh_output(struct vn_neigh_table *tbl, struct vn_dev *dev,
		     uint32_t key, struct vn_buf *buf)
{
	struct vn_neigh *n = vn_neigh_lookup(tbl, key, dev);

	tbl->stats.lookups++;
	if (n) {
		tbl->stats.hits++;
	} else {
		n = vn_neigh_create(tbl, key, dev);
		if (!n) {
			vn_buf_drop(buf, VN_DROP_NEIGH_QUEUE_FULL);
			return;
		}
	}
	if (!event_send(n, buf))
		vn_neigh_xmit(dev, n->ha, VN_ETH_P_IP, buf);
}

void vn_neigh_flush_dev(struct vn_neigh_table *tbl, const struct vn_dev *dev,
			bool skip_perm)
{
	struct vn_neigh *n, *tmp;

	vn_list_for_each_safe(n, tmp, &tbl->list, link) {
		if (n->dev != dev)
			continue;
		if (skip_perm && (n->state & VN_NUD_PERMANENT))
			continue;
		vn_neigh_destroy(n);
	}
}
