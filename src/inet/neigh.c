// SPDX-License-Identifier: MIT
/*
 * inet/neigh.c - the neighbour state machine (net/core/neighbour.c).
 *
 * The transitions, timer rules and probe counting follow
 * __neigh_event_send(), neigh_timer_handler() and neigh_update() of Linux
 * 6.1; see neigh.h for the overview.  The periodic garbage collection
 * (neigh_periodic_work()) runs only while the table holds gc_thresh1
 * entries or more, since below that it would do nothing; this keeps a
 * virtual clock from waking every 15 s for nothing.
 */
#include <errno.h>
#include <stdlib.h>

#include "dev/dev.h"
#include "inet/neigh.h"
#include "wire/ipv4.h"

#define MIN_TIMER (10 * VN_MSEC)	/* HZ/100 */
#define RAND_INTERVAL (300 * VN_SEC)
#define FORCED_GC_AGE (5 * VN_SEC)

static uint32_t neigh_hash(uint32_t key, const struct vn_dev *dev)
{
	return vn_hash_u64((uint64_t)key << 32 | (uint32_t)dev->ifindex,
			   0x4e16b);
}

static vn_time now_of(const struct vn_neigh_table *tbl)
{
	return vn_env_now(tbl->env);
}

/* neigh_rand_reach_time(): uniform in [base/2, 3*base/2). */
static vn_time rand_reach_time(struct vn_neigh_table *tbl, vn_time base)
{
	if (base <= 0)
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
	vn_list_init(&tbl->dev_parms);
	tbl->gc_thresh1 = 128;
	tbl->gc_thresh2 = 512;
	tbl->gc_thresh3 = 1024;
	/* arp_tbl's defaults (net/ipv4/arp.c). */
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
	vn_list_init(&tbl->parms.link);
	tbl->parms.reachable_time =
		rand_reach_time(tbl, tbl->parms.base_reachable_time);
	tbl->last_rand = vn_env_now(env);
	vn_timer_init(&tbl->gc_timer, gc_timer_fn);
}

void vn_neigh_table_fini(struct vn_neigh_table *tbl)
{
	while (!vn_list_empty(&tbl->list))
		vn_neigh_destroy(vn_list_entry(tbl->list.next,
					       struct vn_neigh, link));
	while (!vn_list_empty(&tbl->dev_parms)) {
		struct vn_neigh_parms *p = vn_list_entry(
			tbl->dev_parms.next, struct vn_neigh_parms, link);

		vn_list_remove(&p->link);
		free(p);
	}
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

/* --- parameter sets ------------------------------------------------------ */

int64_t vn_neigh_parms_value(const struct vn_neigh_parms *p,
			     enum vn_neigh_var var)
{
	switch (var) {
#define VN_NEIGH_VAR_GET(name, field)   \
	case VN_NEIGH_VAR_##name:       \
		return p->field;
	VN_NEIGH_VARS(VN_NEIGH_VAR_GET)
#undef VN_NEIGH_VAR_GET
	case VN_NEIGH_VAR__COUNT:
		break;
	}
	return 0;
}

static void parms_store(struct vn_neigh_parms *p, enum vn_neigh_var var,
			int64_t value)
{
	switch (var) {
#define VN_NEIGH_VAR_SET(name, field)   \
	case VN_NEIGH_VAR_##name:       \
		p->field = value;       \
		break;
	VN_NEIGH_VARS(VN_NEIGH_VAR_SET)
#undef VN_NEIGH_VAR_SET
	case VN_NEIGH_VAR__COUNT:
		break;
	}
}

struct vn_neigh_parms *vn_neigh_parms_lookup(struct vn_neigh_table *tbl,
					     const struct vn_dev *dev)
{
	struct vn_neigh_parms *p;

	vn_list_for_each(p, &tbl->dev_parms, link)
		if (p->dev == dev)
			return p;
	return &tbl->parms;
}

struct vn_neigh_parms *vn_neigh_parms_get(struct vn_neigh_table *tbl,
					  const struct vn_dev *dev)
{
	struct vn_neigh_parms *p = vn_neigh_parms_lookup(tbl, dev);

	if (p != &tbl->parms)
		return p;
	/* neigh_parms_alloc(): a copy of the default. */
	p = malloc(sizeof(*p));
	if (!p)
		return NULL;
	*p = tbl->parms;
	p->dev = dev;
	p->explicit = 0;
	vn_list_push_back(&tbl->dev_parms, &p->link);
	return p;
}

void vn_neigh_parms_release(struct vn_neigh_table *tbl,
			    const struct vn_dev *dev)
{
	struct vn_neigh_parms *p = vn_neigh_parms_lookup(tbl, dev);

	vn_neigh_flush_dev(tbl, dev, false);
	if (p == &tbl->parms)
		return;
	vn_list_remove(&p->link);
	free(p);
}

void vn_neigh_parms_set(struct vn_neigh_table *tbl, struct vn_neigh_parms *p,
			enum vn_neigh_var var, int64_t value)
{
	struct vn_neigh_parms *d;

	parms_store(p, var, value);
	if (var == VN_NEIGH_VAR_BASE_REACHABLE_TIME)
		p->reachable_time = rand_reach_time(tbl, value);
	if (p->dev) {
		p->explicit |= 1u << var;
		return;
	}
	/* neigh_copy_dflt_parms(): the default reaches unset device values. */
	vn_list_for_each(d, &tbl->dev_parms, link) {
		if (d->explicit & (1u << var))
			continue;
		parms_store(d, var, value);
		if (var == VN_NEIGH_VAR_BASE_REACHABLE_TIME)
			d->reachable_time = rand_reach_time(tbl, value);
	}
}

/* neigh_periodic_work()'s redraw, done lazily when a timer looks. */
static void maybe_rerandomize(struct vn_neigh_table *tbl, vn_time now)
{
	struct vn_neigh_parms *p;

	if (now - tbl->last_rand < RAND_INTERVAL)
		return;
	tbl->last_rand = now;
	tbl->parms.reachable_time =
		rand_reach_time(tbl, tbl->parms.base_reachable_time);
	vn_list_for_each(p, &tbl->dev_parms, link)
		p->reachable_time = rand_reach_time(tbl, p->base_reachable_time);
}

/* --- entries --------------------------------------------------------------- */

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

uint32_t vn_neigh_refcnt(const struct vn_neigh *n)
{
	return vn_timer_armed(&n->timer) ? 1 : 0;
}

/* neigh_update_gc_list(): permanent entries leave the gc accounting. */
static void gc_account(struct vn_neigh *n)
{
	bool counted = !(n->state & VN_NUD_PERMANENT);

	if (counted == n->gc_counted)
		return;
	n->gc_counted = counted;
	if (counted)
		n->tbl->gc_entries++;
	else
		n->tbl->gc_entries--;
}

void vn_neigh_destroy(struct vn_neigh *n)
{
	struct vn_neigh_table *tbl = n->tbl;

	vn_env_timer_cancel(tbl->env, &n->timer);
	vn_bufq_purge(&n->queue, VN_DROP_NEIGH_DEAD);
	vn_hmap_remove(&tbl->map, &n->node);
	vn_list_remove(&n->link);
	if (n->gc_counted)
		tbl->gc_entries--;
	tbl->n--;
	tbl->stats.destroys++;
	free(n);
}

/*
 * neigh_forced_gc(): FAILED and NOARP entries and those not updated for
 * 5 s, when nothing holds them (no timer), until gc_thresh2 is reached.
 */
static int forced_gc(struct vn_neigh_table *tbl, vn_time now)
{
	int64_t max_clean = (int64_t)tbl->gc_entries - tbl->gc_thresh2;
	struct vn_neigh *n, *tmp;
	int shrunk = 0;

	tbl->stats.forced_gc_runs++;
	vn_list_for_each_safe(n, tmp, &tbl->list, link) {
		if (!n->gc_counted || vn_timer_armed(&n->timer))
			continue;
		if (n->state == VN_NUD_FAILED || n->state == VN_NUD_NOARP ||
		    now - n->updated > FORCED_GC_AGE) {
			vn_neigh_destroy(n);
			shrunk++;
		}
		if (shrunk >= max_clean)
			break;
	}
	tbl->last_flush = now;
	return shrunk;
}

static void gc_arm(struct vn_neigh_table *tbl, vn_time now)
{
	vn_env_timer_arm(tbl->env, &tbl->gc_timer,
			 now + tbl->parms.base_reachable_time / 2);
}

/* neigh_periodic_work(), only while the table is past gc_thresh1. */
static void gc_timer_fn(struct vn_timer *t, vn_time now)
{
	struct vn_neigh_table *tbl =
		container_of(t, struct vn_neigh_table, gc_timer);
	struct vn_neigh *n, *tmp;

	tbl->stats.periodic_gc_runs++;
	maybe_rerandomize(tbl, now);
	if (tbl->n < tbl->gc_thresh1)
		return;
	vn_list_for_each_safe(n, tmp, &tbl->list, link) {
		if (n->state & (VN_NUD_PERMANENT | VN_NUD_IN_TIMER))
			continue;
		if (n->used < n->confirmed && n->confirmed <= now)
			n->used = n->confirmed;
		if (n->state == VN_NUD_FAILED ||
		    now - n->used >= n->parms->gc_stale_time)
			vn_neigh_destroy(n);
	}
	if (tbl->n >= tbl->gc_thresh1)
		gc_arm(tbl, now);
}

static void neigh_timer_fn(struct vn_timer *t, vn_time now);

struct vn_neigh *vn_neigh_create(struct vn_neigh_table *tbl, uint32_t key,
				 struct vn_dev *dev, bool exempt_from_gc)
{
	vn_time now = now_of(tbl);
	struct vn_neigh_parms *p;
	struct vn_neigh *n;

	/* neigh_alloc(). */
	if (!exempt_from_gc &&
	    (tbl->gc_entries >= tbl->gc_thresh3 ||
	     (tbl->gc_entries >= tbl->gc_thresh2 &&
	      now > tbl->last_flush + FORCED_GC_AGE))) {
		if (!forced_gc(tbl, now) && tbl->gc_entries >= tbl->gc_thresh3) {
			tbl->stats.table_fulls++;
			return NULL;
		}
	}
	p = vn_neigh_parms_get(tbl, dev);
	n = calloc(1, sizeof(*n));
	if (!n || !p) {
		free(n);
		return NULL;
	}
	n->tbl = tbl;
	n->parms = p;
	n->key = key;
	n->dev = dev;
	n->state = VN_NUD_NONE;
	n->updated = n->used = now;
	n->confirmed = now - 2 * p->base_reachable_time;
	vn_timer_init(&n->timer, neigh_timer_fn);
	vn_bufq_init(&n->queue);
	vn_hmap_insert(&tbl->map, &n->node, neigh_hash(key, dev));
	vn_list_push_back(&tbl->list, &n->link);
	tbl->n++;
	tbl->stats.allocs++;
	if (!exempt_from_gc) {
		n->gc_counted = true;
		tbl->gc_entries++;
	}
	if (tbl->n >= tbl->gc_thresh1 && !vn_timer_armed(&tbl->gc_timer))
		gc_arm(tbl, now);
	return n;
}

/* neigh_max_probes(). */
static uint32_t max_probes(const struct vn_neigh *n)
{
	const struct vn_neigh_parms *p = n->parms;

	return (uint32_t)(p->ucast_probes + p->app_probes +
			  ((n->state & VN_NUD_PROBE) ? p->mcast_reprobes
						     : p->mcast_probes));
}

/* neigh_probe() with arp_solicit()'s choice of unicast or broadcast. */
static void probe(struct vn_neigh *n)
{
	const struct vn_neigh_parms *p = n->parms;
	int64_t probes = (int64_t)n->probes - p->ucast_probes;
	uint8_t ha[VN_ETH_ALEN];

	n->probes++;
	if (probes < 0) {
		memcpy(ha, n->ha, VN_ETH_ALEN);
		n->tbl->ops->solicit(n, ha, n->queue.tail);
		return;
	}
	if (probes - p->app_probes < 0)
		return;		/* an application would probe: none here */
	n->tbl->ops->solicit(n, NULL, n->queue.tail);
}

/* neigh_invalidate(): every waiting packet is reported unreachable. */
static void invalidate(struct vn_neigh *n, vn_time now)
{
	struct vn_buf *buf;

	n->tbl->stats.res_failed++;
	n->updated = now;
	while (n->state == VN_NUD_FAILED && (buf = vn_bufq_pop(&n->queue)))
		n->tbl->ops->error_report(n, buf);
	vn_bufq_purge(&n->queue, VN_DROP_NEIGH_FAILED);
}

static void arm(struct vn_neigh *n, vn_time when)
{
	vn_env_timer_arm(n->tbl->env, &n->timer, when);
}

static void set_state(struct vn_neigh *n, uint8_t state, vn_time now)
{
	n->state = state;
	n->updated = now;
	gc_account(n);
}

/* neigh_timer_handler(). */
static void neigh_timer_fn(struct vn_timer *t, vn_time now)
{
	struct vn_neigh *n = container_of(t, struct vn_neigh, timer);
	const struct vn_neigh_parms *p = n->parms;
	vn_time retrans = VN_MAX(p->retrans_time, MIN_TIMER);
	vn_time next = now + VN_SEC;
	uint8_t state = n->state;

	if (!(state & VN_NUD_IN_TIMER))
		return;
	maybe_rerandomize(n->tbl, now);
	if (state & VN_NUD_REACHABLE) {
		if (now <= n->confirmed + p->reachable_time) {
			next = n->confirmed + p->reachable_time;
		} else if (now <= n->used + p->delay_probe_time) {
			set_state(n, VN_NUD_DELAY, now);
			next = now + p->delay_probe_time;
		} else {
			set_state(n, VN_NUD_STALE, now);
		}
	} else if (state & VN_NUD_DELAY) {
		if (now <= n->confirmed + p->delay_probe_time) {
			set_state(n, VN_NUD_REACHABLE, now);
			next = n->confirmed + p->reachable_time;
		} else {
			set_state(n, VN_NUD_PROBE, now);
			n->probes = 0;
			next = now + retrans;
		}
	} else {
		/* INCOMPLETE or PROBE */
		next = now + retrans;
	}

	if ((n->state & (VN_NUD_INCOMPLETE | VN_NUD_PROBE)) &&
	    n->probes >= max_probes(n)) {
		n->state = VN_NUD_FAILED;
		gc_account(n);
		invalidate(n, now);
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
		gc_account(n);
		if ((old & (VN_NUD_INCOMPLETE | VN_NUD_PROBE)) &&
		    (new_state & VN_NUD_FAILED))
			invalidate(n, now);
		return 0;
	}

	/* Compare the new address with the cached one. */
	if (lladdr) {
		addr_changes = !(old & VN_NUD_VALID) ||
			       !vn_mac_equal(lladdr, n->ha);
	} else {
		if (!(old & VN_NUD_VALID))
			return -EINVAL;	/* "No link layer address given" */
		lladdr = n->ha;
		addr_changes = false;
	}
	/* A confirmation counts even if the binding does not change. */
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

	/* Only a real change moves the locktime window. */
	if (new_state != old || addr_changes)
		n->updated = now;
	if (new_state != old) {
		vn_env_timer_cancel(tbl->env, &n->timer);
		if (new_state & VN_NUD_PROBE)
			n->probes = 0;
		if (new_state & VN_NUD_IN_TIMER)
			arm(n, now + ((new_state & VN_NUD_REACHABLE) ?
					      n->parms->reachable_time : 0));
		n->state = new_state;
		gc_account(n);
	}
	if (addr_changes) {
		memcpy(n->ha, lladdr, VN_ETH_ALEN);
		if (!(new_state & VN_NUD_CONNECTED))
			n->confirmed = now - 2 * n->parms->base_reachable_time;
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

void vn_neigh_remove(struct vn_neigh *n)
{
	/* neigh_delete(): NUD_FAILED with OVERRIDE|ADMIN, then unlinked. */
	vn_neigh_update(n, NULL, VN_NUD_FAILED,
			VN_NEIGH_F_OVERRIDE | VN_NEIGH_F_ADMIN);
	vn_neigh_destroy(n);
}

struct vn_neigh *vn_neigh_event_ns(struct vn_neigh_table *tbl,
				   const uint8_t *lladdr, uint32_t key,
				   struct vn_dev *dev)
{
	struct vn_neigh *n = vn_neigh_lookup(tbl, key, dev);

	if (!n)
		n = vn_neigh_create(tbl, key, dev, false);
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
	int64_t qlen = n->parms->unres_qlen;

	if (qlen <= 0) {
		n->tbl->stats.unres_discards++;
		vn_buf_drop(buf, VN_DROP_NEIGH_QUEUE_FULL);
		return;
	}
	while ((int64_t)n->queue.len >= qlen) {
		struct vn_buf *old = vn_bufq_pop(&n->queue);

		if (!old)
			break;
		n->tbl->stats.unres_discards++;
		vn_buf_drop(old, VN_DROP_NEIGH_QUEUE_FULL);
	}
	vn_bufq_push(&n->queue, buf);
}

/*
 * __neigh_event_send(): true if @buf was taken (queued or dropped).  @buf
 * may be NULL: resolve, nothing waiting.
 */
static bool event_send(struct vn_neigh *n, struct vn_buf *buf)
{
	const struct vn_neigh_parms *p = n->parms;
	vn_time now = now_of(n->tbl);
	bool immediate = false;

	n->used = now;
	if (n->state & (VN_NUD_CONNECTED | VN_NUD_DELAY | VN_NUD_PROBE))
		return false;
	if (!(n->state & (VN_NUD_STALE | VN_NUD_INCOMPLETE))) {
		if (p->mcast_probes + p->app_probes) {
			n->probes = (uint32_t)p->ucast_probes;
			vn_env_timer_cancel(n->tbl->env, &n->timer);
			set_state(n, VN_NUD_INCOMPLETE, now);
			immediate = true;
			arm(n, now + VN_MAX(p->retrans_time, MIN_TIMER));
		} else {
			/* Nothing may probe: fail at once, silently. */
			set_state(n, VN_NUD_FAILED, now);
			if (buf)
				vn_buf_drop(buf, VN_DROP_NEIGH_FAILED);
			return true;
		}
	} else if (n->state & VN_NUD_STALE) {
		vn_env_timer_cancel(n->tbl->env, &n->timer);
		set_state(n, VN_NUD_DELAY, now);
		arm(n, now + p->delay_probe_time);
		return false;
	}
	if (buf)
		enqueue(n, buf);
	if (immediate)
		probe(n);
	return true;
}

void vn_neigh_resolve(struct vn_neigh_table *tbl, struct vn_dev *dev,
		      uint32_t key)
{
	struct vn_neigh *n = vn_neigh_lookup(tbl, key, dev);

	if (!n)
		n = vn_neigh_create(tbl, key, dev, false);
	if (n)
		event_send(n, NULL);
}

void vn_neigh_output(struct vn_neigh_table *tbl, struct vn_dev *dev,
		     uint32_t key, struct vn_buf *buf)
{
	struct vn_neigh *n = vn_neigh_lookup(tbl, key, dev);

	tbl->stats.lookups++;
	if (n) {
		tbl->stats.hits++;
	} else {
		n = vn_neigh_create(tbl, key, dev, false);
		if (!n) {
			vn_buf_drop(buf, VN_DROP_NEIGH_QUEUE_FULL);
			return;
		}
	}
	/* A queued packet names its output device (skb->dev), which lives
	 * as long as the entry; its input device may not. */
	buf->dev = dev;
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
