// SPDX-License-Identifier: MIT
/*
 * inet/route.c - the FIB (net/ipv4/fib_trie.c, fib_frontend.c semantics).
 *
 * Ordering facts mirrored from fib_trie: a dump lists prefixes in
 * ascending key order; for one key, longer prefixes first; for one
 * prefix, lower metrics first.  `ip route show` order is therefore
 * computed at walk time by sorting, which keeps inserts O(1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "dev/dev.h"
#include "inet/inet.h"
#include "inet/route.h"
#include "wire/ipv4.h"

#define DEFAULT_MAX_ROUTES (1u << 22)

static uint32_t prefix_hash(const struct vn_fib_table *t, uint32_t dst,
			    uint8_t plen)
{
	return vn_hash_u64((uint64_t)dst << 8 | plen, t->seed);
}

static void table_init(struct vn_fib_table *t, uint32_t id, uint32_t seed)
{
	t->id = id;
	vn_hmap_init(&t->by_prefix);
	t->plens = 0;
	memset(t->n_prefixes, 0, sizeof(t->n_prefixes));
	t->n = 0;
	t->seed = seed;
}

static void table_fini(struct vn_fib_table *t)
{
	struct vn_hmap_iter it;
	struct vn_hnode *node;

	vn_hmap_iter_init(&it, &t->by_prefix);
	while ((node = vn_hmap_iter_next(&it))) {
		struct vn_route *r = container_of(node, struct vn_route, node);

		while (r) {
			struct vn_route *next = r->next_same;

			free(r);
			r = next;
		}
	}
	vn_hmap_fini(&t->by_prefix);
	t->n = 0;
	t->plens = 0;
	memset(t->n_prefixes, 0, sizeof(t->n_prefixes));
}

void vn_fib_init(struct vn_fib *fib, uint32_t seed)
{
	table_init(&fib->local, VN_RT_TABLE_LOCAL, seed ^ 0x10ca1);
	table_init(&fib->main, VN_RT_TABLE_MAIN, seed ^ 0x3a1e);
	fib->max_routes = DEFAULT_MAX_ROUTES;
}

void vn_fib_fini(struct vn_fib *fib)
{
	table_fini(&fib->local);
	table_fini(&fib->main);
}

struct vn_fib_table *vn_fib_table(struct vn_fib *fib, uint32_t id)
{
	if (id == VN_RT_TABLE_LOCAL)
		return &fib->local;
	if (id == VN_RT_TABLE_MAIN || id == 0)
		return &fib->main;
	return NULL;
}

/* The head of the chain for a prefix: the hash node is the first route. */
static struct vn_route *prefix_head(const struct vn_fib_table *t, uint32_t dst,
				    uint8_t plen)
{
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, prefix_hash(t, dst, plen),
				   &t->by_prefix)
	{
		struct vn_route *r = container_of(node, struct vn_route, node);

		if (r->dst == dst && r->plen == plen)
			return r;
	}
	return NULL;
}

static bool same_slot(const struct vn_route *a, const struct vn_route *b)
{
	return a->metric == b->metric && a->tos == b->tos;
}

/* Replaces chain head @old by @new in the hash map. */
static void rehead(struct vn_fib_table *t, struct vn_route *old,
		   struct vn_route *new_)
{
	vn_hmap_remove(&t->by_prefix, &old->node);
	if (new_)
		vn_hmap_insert(&t->by_prefix, &new_->node,
			       prefix_hash(t, new_->dst, new_->plen));
}

static void prefix_gone(struct vn_fib_table *t, uint8_t plen)
{
	if (--t->n_prefixes[plen] == 0)
		t->plens &= ~(1ull << plen);
}

int vn_fib_add(struct vn_fib *fib, const struct vn_route *tmpl, bool replace,
	       bool excl)
{
	struct vn_fib_table *t = vn_fib_table(fib, tmpl->table);
	struct vn_route *head, *r, **pp;
	uint32_t dst = tmpl->dst & vn_ipv4_prefix_mask(tmpl->plen);

	if (!t)
		return -ENOENT;
	head = prefix_head(t, dst, tmpl->plen);
	for (r = head; r; r = r->next_same) {
		if (!same_slot(r, tmpl))
			continue;
		if (replace) {
			struct vn_route *next = r->next_same;
			struct vn_hnode node = r->node;

			*r = *tmpl;
			r->dst = dst;
			r->node = node;
			r->next_same = next;
			return 0;
		}
		if (excl)
			return -EEXIST;
		/* `ip route append`: Linux allows duplicates with a
		 * different nexthop; same nexthop is still EEXIST. */
		if (r->gw == tmpl->gw && r->dev == tmpl->dev &&
		    r->type == tmpl->type)
			return -EEXIST;
	}
	if (t->n >= fib->max_routes)
		return -ENOSPC;
	r = malloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	*r = *tmpl;
	r->dst = dst;
	r->next_same = NULL;
	if (!head) {
		vn_hmap_insert(&t->by_prefix, &r->node,
			       prefix_hash(t, dst, r->plen));
		t->plens |= 1ull << r->plen;
		t->n_prefixes[r->plen]++;
	} else if (r->metric < head->metric) {
		r->next_same = head;
		rehead(t, head, r);
	} else {
		for (pp = &head->next_same; *pp && (*pp)->metric <= r->metric;
		     pp = &(*pp)->next_same)
			;
		r->next_same = *pp;
		*pp = r;
	}
	t->n++;
	return 0;
}

static bool key_matches(const struct vn_route_key *k, const struct vn_route *r)
{
	if (k->type && k->type != r->type)
		return false;
	if (k->proto && k->proto != r->proto)
		return false;
	if (r->scope > k->scope_max)
		return false;
	if (k->has_metric && k->metric != r->metric)
		return false;
	if (k->gw && k->gw != r->gw)
		return false;
	if (k->dev && k->dev != r->dev)
		return false;
	if (k->prefsrc && k->prefsrc != r->prefsrc)
		return false;
	return true;
}

static void unlink_route(struct vn_fib_table *t, struct vn_route *head,
			 struct vn_route *r)
{
	if (r == head) {
		rehead(t, head, r->next_same);
		if (!r->next_same)
			prefix_gone(t, r->plen);
	} else {
		struct vn_route **pp = &head->next_same;

		while (*pp != r)
			pp = &(*pp)->next_same;
		*pp = r->next_same;
	}
	t->n--;
	free(r);
}

int vn_fib_del(struct vn_fib *fib, const struct vn_route_key *k)
{
	struct vn_fib_table *t = vn_fib_table(fib, k->table);
	uint32_t dst = k->dst & vn_ipv4_prefix_mask(k->plen);
	struct vn_route *head, *r;

	if (!t)
		return -ESRCH;
	head = prefix_head(t, dst, k->plen);
	for (r = head; r; r = r->next_same) {
		if (key_matches(k, r)) {
			unlink_route(t, head, r);
			return 0;
		}
	}
	return -ESRCH;
}

static void flush_table(struct vn_fib_table *t,
			bool (*match)(const struct vn_route *, const void *),
			const void *arg)
{
	struct vn_hmap_iter it;
	struct vn_hnode *node;

	/* Restart after each removal: chains and heads move. */
again:
	vn_hmap_iter_init(&it, &t->by_prefix);
	while ((node = vn_hmap_iter_next(&it))) {
		struct vn_route *head = container_of(node, struct vn_route,
						     node);

		for (struct vn_route *r = head; r; r = r->next_same) {
			if (match(r, arg)) {
				unlink_route(t, head, r);
				goto again;
			}
		}
	}
}

static bool match_dev(const struct vn_route *r, const void *dev)
{
	return r->dev == dev;
}

void vn_fib_flush_dev(struct vn_fib *fib, const struct vn_dev *dev)
{
	flush_table(&fib->local, match_dev, dev);
	flush_table(&fib->main, match_dev, dev);
}

struct prefsrc_key {
	const struct vn_dev *dev;
	uint32_t src;
};

static bool match_prefsrc(const struct vn_route *r, const void *arg)
{
	const struct prefsrc_key *k = arg;

	return r->dev == k->dev && r->prefsrc == k->src &&
	       r->proto == VN_RTPROT_KERNEL;
}

void vn_fib_flush_prefsrc(struct vn_fib *fib, const struct vn_dev *dev,
			  uint32_t src)
{
	struct prefsrc_key k = { dev, src };

	flush_table(&fib->local, match_prefsrc, &k);
	flush_table(&fib->main, match_prefsrc, &k);
}

static bool route_usable(const struct vn_route *r, int oif)
{
	if (!r->dev)
		return oif == 0;
	if (!vn_dev_is_up(r->dev))
		return false;
	return oif == 0 || r->dev->ifindex == oif ||
	       r->type == VN_RTN_LOCAL || r->type == VN_RTN_BROADCAST;
}

const struct vn_route *vn_fib_table_lookup(const struct vn_fib_table *t,
					   uint32_t dst, int oif)
{
	uint64_t plens = t->plens;

	while (plens) {
		int plen = 63 - __builtin_clzll(plens);
		const struct vn_route *r;

		plens &= ~(1ull << plen);
		r = prefix_head(t, dst & vn_ipv4_prefix_mask((unsigned)plen),
				(uint8_t)plen);
		for (; r; r = r->next_same)
			if (route_usable(r, oif))
				return r;
	}
	return NULL;
}

int vn_fib_lookup(const struct vn_fib *fib, uint32_t dst, int oif,
		  struct vn_route_result *res)
{
	const struct vn_route *r = vn_fib_table_lookup(&fib->local, dst, oif);

	if (!r)
		r = vn_fib_table_lookup(&fib->main, dst, oif);
	if (!r)
		return -ENETUNREACH;
	res->type = r->type;
	res->scope = r->scope;
	res->dev = r->dev;
	res->nexthop = r->gw ? r->gw : dst;
	res->prefsrc = r->prefsrc;
	res->route = r;
	return 0;
}

static int route_cmp(const void *a, const void *b)
{
	const struct vn_route *x = *(const struct vn_route *const *)a;
	const struct vn_route *y = *(const struct vn_route *const *)b;

	if (x->dst != y->dst)
		return x->dst < y->dst ? -1 : 1;
	if (x->plen != y->plen)
		return x->plen > y->plen ? -1 : 1;
	if (x->tos != y->tos)
		return x->tos > y->tos ? -1 : 1;
	if (x->metric != y->metric)
		return x->metric < y->metric ? -1 : 1;
	return 0;
}

void vn_fib_walk(struct vn_fib *fib, uint32_t id,
		 void (*fn)(const struct vn_route *r, void *arg), void *arg)
{
	struct vn_fib_table *t = vn_fib_table(fib, id);
	struct vn_route **v;
	struct vn_hmap_iter it;
	struct vn_hnode *node;
	size_t n = 0;

	if (!t || !t->n)
		return;
	v = malloc(t->n * sizeof(*v));
	if (!v)
		return;
	vn_hmap_iter_init(&it, &t->by_prefix);
	while ((node = vn_hmap_iter_next(&it)))
		for (struct vn_route *r = container_of(node, struct vn_route,
						       node);
		     r; r = r->next_same)
			v[n++] = r;
	/* qsort is not stable; chains are already in metric order and
	 * the comparison decides everything else. */
	qsort(v, n, sizeof(*v), route_cmp);
	for (size_t i = 0; i < n; i++)
		fn(v[i], arg);
	free(v);
}

const char *vn_rtn_name(uint8_t type)
{
	static const char *const names[] = {
		"none", "unicast", "local", "broadcast", "anycast",
		"multicast", "blackhole", "unreachable", "prohibit", "throw",
	};

	return type < ARRAY_SIZE(names) ? names[type] : "unknown";
}

const char *vn_rtprot_name(uint8_t proto, char *buf, size_t size)
{
	switch (proto) {
	case VN_RTPROT_UNSPEC:
		return "unspec";
	case VN_RTPROT_REDIRECT:
		return "redirect";
	case VN_RTPROT_KERNEL:
		return "kernel";
	case VN_RTPROT_BOOT:
		return "boot";
	case VN_RTPROT_STATIC:
		return "static";
	case 16:
		return "dhcp";
	}
	snprintf(buf, size, "%u", proto);
	return buf;
}

const char *vn_scope_name(uint8_t scope, char *buf, size_t size)
{
	switch (scope) {
	case VN_SCOPE_UNIVERSE:
		return "global";
	case VN_SCOPE_SITE:
		return "site";
	case VN_SCOPE_LINK:
		return "link";
	case VN_SCOPE_HOST:
		return "host";
	case VN_SCOPE_NOWHERE:
		return "nowhere";
	}
	snprintf(buf, size, "%u", scope);
	return buf;
}
