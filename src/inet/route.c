// SPDX-License-Identifier: MIT
/*
 * inet/route.c - the FIB (net/ipv4/fib_trie.c, fib_frontend.c and
 * fib_semantics.c semantics); see route.h for the theory of operation.
 *
 * Ordering facts mirrored from fib_trie: a dump lists prefixes in
 * ascending key order; for one key, longer prefixes first; for one
 * prefix, the aliases in their lookup order.  The walk sorts the leaves
 * of a table at walk time, which keeps inserts O(1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "dev/dev.h"
#include "inet/inet.h"
#include "inet/route.h"
#include "wire/ipv4.h"

#define DEFAULT_MAX_ROUTES (1u << 22)

/* All the routes of one prefix in one table. */
struct vn_fib_leaf {
	struct vn_hnode node;
	struct vn_fib_table *table;
	uint32_t dst;
	uint8_t plen;
	struct vn_list routes;	/* struct vn_route, lookup order */
};

/* fib_props[]: the least scope of a type, and the lookup error it gives. */
static const struct {
	uint8_t scope;
	int error;
} props[VN_RTN_MAX] = {
	[VN_RTN_UNSPEC] = { VN_SCOPE_NOWHERE, 0 },
	[VN_RTN_UNICAST] = { VN_SCOPE_UNIVERSE, 0 },
	[VN_RTN_LOCAL] = { VN_SCOPE_HOST, 0 },
	[VN_RTN_BROADCAST] = { VN_SCOPE_LINK, 0 },
	[VN_RTN_ANYCAST] = { VN_SCOPE_LINK, 0 },
	[VN_RTN_MULTICAST] = { VN_SCOPE_UNIVERSE, 0 },
	[VN_RTN_BLACKHOLE] = { VN_SCOPE_UNIVERSE, -EINVAL },
	[VN_RTN_UNREACHABLE] = { VN_SCOPE_UNIVERSE, -EHOSTUNREACH },
	[VN_RTN_PROHIBIT] = { VN_SCOPE_UNIVERSE, -EACCES },
	[VN_RTN_THROW] = { VN_SCOPE_UNIVERSE, -EAGAIN },
	[VN_RTN_NAT] = { VN_SCOPE_NOWHERE, -EINVAL },
};

int vn_rtn_error(uint8_t type)
{
	return type < VN_RTN_MAX ? props[type].error : -EINVAL;
}

static uint32_t leaf_hash(const struct vn_fib_table *t, uint32_t dst,
			  uint8_t plen)
{
	return vn_hash_u64((uint64_t)dst << 8 | plen, t->seed);
}

/* --- tables -------------------------------------------------------------- */

/* The dump order of the kernel's table hash: id mod 256, newest first. */
static void table_link(struct vn_fib *fib, struct vn_fib_table *t)
{
	struct vn_fib_table *pos;

	vn_list_for_each(pos, &fib->tables, link) {
		if ((pos->id & 0xff) >= (t->id & 0xff)) {
			vn_list_insert_before(&pos->link, &t->link);
			return;
		}
	}
	vn_list_push_back(&fib->tables, &t->link);
}

static struct vn_fib_table *table_create(struct vn_fib *fib, uint32_t id)
{
	struct vn_fib_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->id = id;
	t->seed = fib->seed ^ id;
	vn_hmap_init(&t->leaves);
	table_link(fib, t);
	return t;
}

static void info_put(struct vn_fib *fib, struct vn_fib_info *info);

static void table_destroy(struct vn_fib *fib, struct vn_fib_table *t)
{
	struct vn_hmap_iter it;
	struct vn_hnode *node;

	vn_hmap_iter_init(&it, &t->leaves);
	while ((node = vn_hmap_iter_next(&it))) {
		struct vn_fib_leaf *leaf =
			container_of(node, struct vn_fib_leaf, node);
		struct vn_route *r, *tmp;

		vn_list_for_each_safe(r, tmp, &leaf->routes, link) {
			info_put(fib, r->info);
			free(r);
		}
		free(leaf);
	}
	vn_hmap_fini(&t->leaves);
	fib->n_routes -= t->n;
	vn_list_remove(&t->link);
	free(t);
}

void vn_fib_init(struct vn_fib *fib, uint32_t seed)
{
	memset(fib, 0, sizeof(*fib));
	vn_list_init(&fib->tables);
	vn_hmap_init(&fib->infos);
	vn_hmap_init(&fib->exceptions);
	fib->seed = seed;
	fib->max_routes = DEFAULT_MAX_ROUTES;
	/* fib4_rules_init(): main and local exist from the start. */
	fib->main = table_create(fib, VN_RT_TABLE_MAIN);
	fib->local = table_create(fib, VN_RT_TABLE_LOCAL);
	VN_ASSERT(fib->main && fib->local);
}

void vn_fib_fini(struct vn_fib *fib)
{
	while (!vn_list_empty(&fib->tables))
		table_destroy(fib, vn_list_entry(fib->tables.next,
						 struct vn_fib_table, link));
	fib->main = fib->local = NULL;
	VN_ASSERT(!fib->infos.n && !fib->exceptions.n);
	vn_hmap_fini(&fib->infos);
	vn_hmap_fini(&fib->exceptions);
}

struct vn_fib_table *vn_fib_table(struct vn_fib *fib, uint32_t id)
{
	struct vn_fib_table *t;

	if (id == VN_RT_TABLE_UNSPEC || id == VN_RT_TABLE_MAIN)
		return fib->main;
	if (id == VN_RT_TABLE_LOCAL)
		return fib->local;
	vn_list_for_each(t, &fib->tables, link)
		if (t->id == id)
			return t;
	return NULL;
}

static const struct vn_fib_table *table_const(const struct vn_fib *fib,
					      uint32_t id)
{
	return vn_fib_table((struct vn_fib *)fib, id);
}

/* fib_new_table(). */
static struct vn_fib_table *table_get(struct vn_fib *fib, uint32_t id)
{
	struct vn_fib_table *t = vn_fib_table(fib, id);

	return t ? t : table_create(fib, id);
}

/* --- leaves and routes --------------------------------------------------- */

static struct vn_fib_leaf *leaf_find(const struct vn_fib_table *t,
				     uint32_t dst, uint8_t plen)
{
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, leaf_hash(t, dst, plen), &t->leaves)
	{
		struct vn_fib_leaf *leaf =
			container_of(node, struct vn_fib_leaf, node);

		if (leaf->dst == dst && leaf->plen == plen)
			return leaf;
	}
	return NULL;
}

static struct vn_fib_leaf *leaf_create(struct vn_fib_table *t, uint32_t dst,
				       uint8_t plen)
{
	struct vn_fib_leaf *leaf = calloc(1, sizeof(*leaf));

	if (!leaf)
		return NULL;
	leaf->table = t;
	leaf->dst = dst;
	leaf->plen = plen;
	vn_list_init(&leaf->routes);
	vn_hmap_insert(&t->leaves, &leaf->node, leaf_hash(t, dst, plen));
	if (t->n_leaves[plen]++ == 0)
		t->plens |= 1ull << plen;
	return leaf;
}

static void leaf_destroy(struct vn_fib_leaf *leaf)
{
	struct vn_fib_table *t = leaf->table;

	vn_hmap_remove(&t->leaves, &leaf->node);
	if (--t->n_leaves[leaf->plen] == 0)
		t->plens &= ~(1ull << leaf->plen);
	free(leaf);
}

/* fib_find_info()'s notion of "the same route". */
static bool same_info(const struct vn_route *a, const struct vn_route *b)
{
	return a->type == b->type && a->gw == b->gw && a->dev == b->dev &&
	       a->onlink == b->onlink && a->prefsrc == b->prefsrc &&
	       a->proto == b->proto && a->scope == b->scope &&
	       a->metric == b->metric && a->mtu == b->mtu &&
	       a->mtu_lock == b->mtu_lock;
}

/* --- shared nexthops (fib_info) ------------------------------------------- */

static uint32_t info_hash(const struct vn_fib *fib, const struct vn_route *r)
{
	uint64_t k = (uint64_t)r->gw << 32 ^ (uint64_t)r->table << 16 ^
		     r->metric ^ (uint64_t)r->prefsrc << 8 ^
		     (uint64_t)(uintptr_t)r->dev;

	return vn_hash_u64(k, fib->seed ^ 0xf1b);
}

static void exc_destroy(struct vn_fib *fib, struct vn_fib_exc *e);

/* fib_create_info(): a gateway route shares the info of its equals. */
static int info_attach(struct vn_fib *fib, struct vn_route *r)
{
	uint32_t hash = info_hash(fib, r);
	struct vn_fib_info *info;
	struct vn_hnode *node;

	r->info = NULL;
	if (!r->gw)
		return 0;
	VN_HMAP_FOR_EACH_WITH_HASH(node, hash, &fib->infos)
	{
		info = container_of(node, struct vn_fib_info, node);
		if (info->key.table == r->table && same_info(&info->key, r)) {
			info->refs++;
			r->info = info;
			return 0;
		}
	}
	info = calloc(1, sizeof(*info));
	if (!info)
		return -ENOMEM;
	info->key = *r;
	info->key.leaf = NULL;
	info->key.info = NULL;
	vn_list_init(&info->key.link);
	vn_list_init(&info->exceptions);
	info->refs = 1;
	vn_hmap_insert(&fib->infos, &info->node, hash);
	r->info = info;
	return 0;
}

/* fib_info_put(): with its last route, the info and its exceptions go. */
static void info_put(struct vn_fib *fib, struct vn_fib_info *info)
{
	if (!info || --info->refs)
		return;
	while (!vn_list_empty(&info->exceptions))
		exc_destroy(fib, vn_list_entry(info->exceptions.next,
					       struct vn_fib_exc, link));
	vn_hmap_remove(&fib->infos, &info->node);
	free(info);
}

void vn_fib_remove(struct vn_fib *fib, const struct vn_route *cr)
{
	struct vn_route *r = (struct vn_route *)cr;
	struct vn_fib_leaf *leaf = r->leaf;

	info_put(fib, r->info);

	vn_list_remove(&r->link);
	leaf->table->n--;
	fib->n_routes--;
	free(r);
	if (vn_list_empty(&leaf->routes))
		leaf_destroy(leaf);
}

/* Aliases of a leaf are ordered by TOS (higher first), then metric. */
static bool goes_before(const struct vn_route *r, uint8_t tos, uint32_t metric)
{
	return r->tos < tos || (r->tos == tos && r->metric >= metric);
}

/* fib_nh_scope when the caller did not validate the route. */
static uint8_t derive_nh_scope(const struct vn_route *r)
{
	if (r->gw)
		return VN_SCOPE_LINK;
	return r->scope == VN_SCOPE_HOST ? VN_SCOPE_NOWHERE : VN_SCOPE_HOST;
}

static void copy_route(struct vn_route *dst, const struct vn_route *src,
		       struct vn_fib_leaf *leaf)
{
	struct vn_list link = dst->link;

	*dst = *src;
	dst->link = link;
	dst->leaf = leaf;
	dst->info = NULL;
	dst->dst = leaf->dst;
	dst->table = leaf->table->id;
	if (!dst->nh_scope)
		dst->nh_scope = derive_nh_scope(src);
	if (dst->mtu > VN_IP_MAX_MTU)
		dst->mtu = VN_IP_MAX_MTU;
}

int vn_fib_insert(struct vn_fib *fib, const struct vn_route *tmpl,
		  unsigned flags)
{
	uint32_t dst = tmpl->dst & vn_ipv4_prefix_mask(tmpl->plen);
	struct vn_route *r, *first = NULL, *match = NULL;
	struct vn_list *pos = NULL;
	struct vn_fib_table *t;
	struct vn_fib_leaf *leaf;

	if (tmpl->plen > 32)
		return -EINVAL;
	t = table_get(fib, tmpl->table ? tmpl->table : VN_RT_TABLE_MAIN);
	if (!t)
		return -ENOMEM;
	leaf = leaf_find(t, dst, tmpl->plen);
	if (leaf) {
		vn_list_for_each(r, &leaf->routes, link) {
			if (goes_before(r, tmpl->tos, tmpl->metric)) {
				pos = &r->link;
				break;
			}
		}
		if (pos) {
			r = vn_list_entry(pos, struct vn_route, link);
			if (r->tos == tmpl->tos && r->metric == tmpl->metric)
				first = r;
		}
	}
	if (first) {
		if (flags & VN_FIB_EXCL)
			return -EEXIST;
		/* Find an identical route, and the end of the group. */
		for (pos = &first->link; pos != &leaf->routes;
		     pos = pos->next) {
			r = vn_list_entry(pos, struct vn_route, link);
			if (r->tos != tmpl->tos || r->metric != tmpl->metric)
				break;
			if (same_info(r, tmpl) && r->tos == tmpl->tos) {
				match = r;
				break;
			}
		}
		if (flags & VN_FIB_REPLACE) {
			struct vn_route old = *first;

			if (match)
				return match == first ? 0 : -EEXIST;
			copy_route(first, tmpl, leaf);
			if (info_attach(fib, first)) {
				*first = old;
				return -ENOMEM;
			}
			/* With the last route, its exceptions go. */
			info_put(fib, old.info);
			return 0;
		}
		if (match)
			return -EEXIST;
		if (!(flags & VN_FIB_APPEND))
			pos = &first->link;
	}
	if (!(flags & VN_FIB_CREATE))
		return -ENOENT;
	if (fib->n_routes >= fib->max_routes)
		return -ENOSPC;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	if (!leaf) {
		leaf = leaf_create(t, dst, tmpl->plen);
		if (!leaf) {
			free(r);
			return -ENOMEM;
		}
	}
	vn_list_init(&r->link);
	copy_route(r, tmpl, leaf);
	if (info_attach(fib, r)) {
		free(r);
		if (vn_list_empty(&leaf->routes))
			leaf_destroy(leaf);
		return -ENOMEM;
	}
	vn_list_insert_before(pos ? pos : &leaf->routes, &r->link);
	t->n++;
	fib->n_routes++;
	if (r->type == VN_RTN_LOCAL && r->proto != VN_RTPROT_KERNEL)
		fib->custom_local_routes = true;
	return 0;
}

int vn_fib_add(struct vn_fib *fib, const struct vn_route *r, bool replace,
	       bool excl)
{
	unsigned flags = VN_FIB_CREATE;

	if (replace)
		flags |= VN_FIB_REPLACE;
	if (excl)
		flags |= VN_FIB_EXCL;
	if (!replace && !excl)
		flags |= VN_FIB_APPEND;
	return vn_fib_insert(fib, r, flags);
}

/* --- deletion ------------------------------------------------------------- */

static bool key_matches(const struct vn_route_key *k, const struct vn_route *r)
{
	if (k->type && k->type != r->type)
		return false;
	if (k->proto && k->proto != r->proto)
		return false;
	if (r->scope > k->scope_max)
		return false;
	if (k->has_scope && k->scope != r->scope)
		return false;
	if (k->has_metric && k->metric && k->metric != r->metric)
		return false;
	if (k->gw && k->gw != r->gw)
		return false;
	if (k->dev && k->dev != r->dev)
		return false;
	if (k->prefsrc && k->prefsrc != r->prefsrc)
		return false;
	if (k->mtu && k->mtu != r->mtu)
		return false;
	return true;
}

int vn_fib_del(struct vn_fib *fib, const struct vn_route_key *k)
{
	struct vn_fib_table *t = vn_fib_table(fib, k->table);
	struct vn_fib_leaf *leaf;
	struct vn_route *r;

	if (!t || k->plen > 32)
		return -ESRCH;
	leaf = leaf_find(t, k->dst & vn_ipv4_prefix_mask(k->plen), k->plen);
	if (!leaf)
		return -ESRCH;
	vn_list_for_each(r, &leaf->routes, link) {
		if (r->tos == k->tos && key_matches(k, r)) {
			vn_fib_remove(fib, r);
			return 0;
		}
	}
	return -ESRCH;
}

/* Removes every route of every table that @match accepts. */
static unsigned flush_matching(struct vn_fib *fib,
			       bool (*match)(const struct vn_route *,
					     const void *),
			       const void *arg)
{
	struct vn_fib_table *t;
	unsigned n = 0;

	vn_list_for_each(t, &fib->tables, link) {
		struct vn_hmap_iter it;
		struct vn_hnode *node;

		/* The iterator survives removing the current leaf. */
		vn_hmap_iter_init(&it, &t->leaves);
		while ((node = vn_hmap_iter_next(&it))) {
			struct vn_fib_leaf *leaf =
				container_of(node, struct vn_fib_leaf, node);
			struct vn_list *p = leaf->routes.next;

			while (p != &leaf->routes) {
				struct vn_route *r =
					vn_list_entry(p, struct vn_route, link);
				bool last = p->next == &leaf->routes;

				p = p->next;
				if (match(r, arg)) {
					vn_fib_remove(fib, r);
					n++;
				}
				if (last)
					break;
			}
		}
	}
	return n;
}

static bool match_dev(const struct vn_route *r, const void *dev)
{
	return r->dev == dev;
}

void vn_fib_flush_dev(struct vn_fib *fib, const struct vn_dev *dev)
{
	flush_matching(fib, match_dev, dev);
}

static bool match_dev_down(const struct vn_route *r, const void *dev)
{
	/* nh scope RT_SCOPE_NOWHERE (routes of scope host) survives. */
	return r->dev == dev && r->nh_scope != VN_SCOPE_NOWHERE;
}

void vn_fib_sync_down_dev(struct vn_fib *fib, const struct vn_dev *dev,
			  bool force)
{
	flush_matching(fib, force ? match_dev : match_dev_down, dev);
}

static bool match_prefsrc_main(const struct vn_route *r, const void *arg)
{
	return r->table == VN_RT_TABLE_MAIN &&
	       r->prefsrc == *(const uint32_t *)arg;
}

unsigned vn_fib_sync_down_addr(struct vn_fib *fib, uint32_t addr)
{
	if (!addr)
		return 0;
	return flush_matching(fib, match_prefsrc_main, &addr);
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

	flush_matching(fib, match_prefsrc, &k);
}

/* --- lookup ----------------------------------------------------------------- */

const struct vn_route *vn_fib_table_lookup(const struct vn_fib_table *t,
					   uint32_t dst, int oif,
					   uint8_t scope)
{
	uint64_t plens = t->plens;

	while (plens) {
		int plen = 63 - __builtin_clzll(plens);
		const struct vn_fib_leaf *leaf;
		const struct vn_route *r;

		plens &= ~(1ull << plen);
		leaf = leaf_find(t, dst & vn_ipv4_prefix_mask((unsigned)plen),
				 (uint8_t)plen);
		if (!leaf)
			continue;
		vn_list_for_each(r, &leaf->routes, link) {
			/* TOS routes never match: flows carry TOS 0 here. */
			if (r->tos)
				continue;
			if (r->scope < scope)
				continue;
			if (vn_rtn_error(r->type))
				return r;
			if (oif && (!r->dev || r->dev->ifindex != oif))
				continue;
			return r;
		}
	}
	return NULL;
}

static void fill_result(const struct vn_route *r, uint32_t dst,
			struct vn_route_result *res)
{
	memset(res, 0, sizeof(*res));
	res->type = r->type;
	res->scope = r->scope;
	res->dev = r->dev;
	res->nexthop = r->gw ? r->gw : dst;
	res->prefsrc = r->prefsrc;
	res->table = r->table;
	res->route = r;
}

int vn_fib_lookup_scope(const struct vn_fib *fib, uint32_t dst, int oif,
			uint8_t scope, struct vn_route_result *res)
{
	/* The default rules: 0 local, 32766 main, 32767 default. */
	static const uint32_t rules[] = { VN_RT_TABLE_LOCAL, VN_RT_TABLE_MAIN,
					  VN_RT_TABLE_DEFAULT };

	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		const struct vn_fib_table *t = table_const(fib, rules[i]);
		const struct vn_route *r;

		if (!t)
			continue;
		r = vn_fib_table_lookup(t, dst, oif, scope);
		if (!r || r->type == VN_RTN_THROW)
			continue;	/* -EAGAIN: on to the next rule */
		fill_result(r, dst, res);
		return 0;
	}
	return -ENETUNREACH;
}

int vn_fib_lookup(const struct vn_fib *fib, uint32_t dst, int oif,
		  struct vn_route_result *res)
{
	return vn_fib_lookup_scope(fib, dst, oif, VN_SCOPE_UNIVERSE, res);
}

uint8_t vn_fib_addr_type(const struct vn_fib *fib, uint32_t addr)
{
	const struct vn_route *r;

	if (vn_ipv4_is_zeronet(addr) || vn_ipv4_is_lbcast(addr))
		return VN_RTN_BROADCAST;
	if (vn_ipv4_is_multicast(addr))
		return VN_RTN_MULTICAST;
	r = vn_fib_table_lookup(fib->local, addr, 0, VN_SCOPE_UNIVERSE);
	if (!r || vn_rtn_error(r->type))
		return VN_RTN_UNICAST;
	return r->type;
}

/* --- nexthop exceptions ---------------------------------------------------- */

static uint32_t exc_hash(const struct vn_fib *fib,
			 const struct vn_fib_info *info, uint32_t daddr)
{
	return vn_hash_u64((uint64_t)(uintptr_t)info ^ daddr, fib->seed ^ 0xe5c);
}

static struct vn_fib_exc *exc_find(const struct vn_fib *fib,
				   const struct vn_fib_info *info,
				   uint32_t daddr)
{
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, exc_hash(fib, info, daddr),
				   &fib->exceptions)
	{
		struct vn_fib_exc *e = container_of(node, struct vn_fib_exc,
						    node);

		if (e->info == info && e->daddr == daddr)
			return e;
	}
	return NULL;
}

static void exc_destroy(struct vn_fib *fib, struct vn_fib_exc *e)
{
	vn_hmap_remove(&fib->exceptions, &e->node);
	vn_list_remove(&e->link);
	free(e);
}

void vn_fib_exc_flush(struct vn_fib *fib)
{
	struct vn_hmap_iter it;
	struct vn_hnode *node;

	vn_hmap_iter_init(&it, &fib->exceptions);
	while ((node = vn_hmap_iter_next(&it)))
		exc_destroy(fib, container_of(node, struct vn_fib_exc, node));
}

int vn_fib_exc_update(struct vn_fib *fib, const struct vn_route *route,
		      uint32_t daddr, uint32_t gw, vn_time expires)
{
	struct vn_fib_info *info = route->info;
	struct vn_fib_exc *e;

	if (!info)
		return -EINVAL;
	e = exc_find(fib, info, daddr);
	if (!e) {
		if (fib->exceptions.n >= VN_FIB_EXC_MAX) {
			struct vn_fib_exc *oldest = NULL;
			struct vn_hmap_iter it;
			struct vn_hnode *node;

			/* fnhe_oldest(), table-wide here: linear, and only
			 * when full. */
			vn_hmap_iter_init(&it, &fib->exceptions);
			while ((node = vn_hmap_iter_next(&it))) {
				struct vn_fib_exc *x = container_of(
					node, struct vn_fib_exc, node);

				if (!oldest || x->expires < oldest->expires)
					oldest = x;
			}
			exc_destroy(fib, oldest);
		}
		e = calloc(1, sizeof(*e));
		if (!e)
			return -ENOMEM;
		e->info = info;
		e->daddr = daddr;
		vn_hmap_insert(&fib->exceptions, &e->node,
			       exc_hash(fib, info, daddr));
		vn_list_push_back(&info->exceptions, &e->link);
	}
	e->gw = gw;
	e->expires = expires;
	e->used = false;
	return 0;
}

struct vn_fib_exc *vn_fib_exc_lookup(struct vn_fib *fib,
				     const struct vn_route *route,
				     uint32_t daddr, vn_time now)
{
	struct vn_fib_exc *e;

	if (!fib->exceptions.n || !route || !route->info)
		return NULL;
	e = exc_find(fib, route->info, daddr);
	if (e && now >= e->expires) {
		exc_destroy(fib, e);
		return NULL;
	}
	return e;
}

static int exc_cmp(const void *a, const void *b)
{
	const struct vn_fib_exc *x = *(const struct vn_fib_exc *const *)a;
	const struct vn_fib_exc *y = *(const struct vn_fib_exc *const *)b;

	return x->daddr < y->daddr ? -1 : x->daddr > y->daddr;
}

struct exc_dump {
	vn_time now;
	const struct vn_fib_exc **v;	/* room for every exception */
	void (*fn)(const struct vn_route *r, const struct vn_fib_exc *e,
		   void *arg);
	void *arg;
};

static void exc_dump_route(const struct vn_route *r, void *arg)
{
	struct exc_dump *d = arg;
	const struct vn_fib_exc *e;
	size_t n = 0;

	if (!r->info)
		return;
	vn_list_for_each(e, &r->info->exceptions, link)
		if (e->expires > d->now && e->used)
			d->v[n++] = e;
	qsort(d->v, n, sizeof(*d->v), exc_cmp);
	for (size_t i = 0; i < n; i++)
		d->fn(r, d->v[i], d->arg);
}

void vn_fib_exc_walk(struct vn_fib *fib, uint32_t id, vn_time now,
		     void (*fn)(const struct vn_route *r,
				const struct vn_fib_exc *e, void *arg),
		     void *arg)
{
	struct exc_dump d = { now, NULL, fn, arg };

	if (!fib->exceptions.n)
		return;
	d.v = malloc(fib->exceptions.n * sizeof(*d.v));
	if (!d.v)
		return;
	vn_fib_walk(fib, id, exc_dump_route, &d);
	free(d.v);
}

/* --- validation (fib_create_info(), fib_check_nh()) ------------------------ */

static int ext_err(struct vn_err *err, int code, const char *msg)
{
	return vn_err_set(err, code, "Error: %s.", msg);
}

/* fib_check_nh_v4_gw(). */
static int check_gw(struct vn_fib *fib, struct vn_route *r,
		    struct vn_err *err)
{
	struct vn_route_result res;
	const struct vn_fib_table *t;
	const struct vn_route *found = NULL;
	int oif = r->dev ? r->dev->ifindex : 0;
	uint8_t scope;

	if (r->onlink) {
		if (r->scope >= VN_SCOPE_LINK)
			return ext_err(err, -EINVAL,
				       "Nexthop has invalid scope");
		if (!r->dev)
			return ext_err(err, -ENODEV,
				       "Nexthop device required for onlink");
		if (!vn_dev_is_up(r->dev))
			return ext_err(err, -ENETDOWN,
				       "Nexthop device is not up");
		if (vn_fib_addr_type(fib, r->gw) != VN_RTN_UNICAST)
			return ext_err(err, -EINVAL,
				       "Nexthop has invalid gateway");
		r->nh_scope = VN_SCOPE_LINK;
		return 0;
	}
	/* The gateway must be reachable by a route of a larger scope. */
	scope = VN_MAX(r->scope + 1, VN_SCOPE_LINK);
	t = r->table && r->table != VN_RT_TABLE_MAIN ?
		    table_const(fib, r->table) : NULL;
	if (t) {
		found = vn_fib_table_lookup(t, r->gw, oif, scope);
		if (found && vn_rtn_error(found->type))
			found = NULL;
		if (found)
			fill_result(found, r->gw, &res);
	}
	if (!found) {
		if (vn_fib_lookup_scope(fib, r->gw, oif, scope, &res) ||
		    vn_rtn_error(res.type))
			return ext_err(err, -EINVAL,
				       "Nexthop has invalid gateway");
	}
	if (res.type != VN_RTN_UNICAST && res.type != VN_RTN_LOCAL)
		return ext_err(err, -EINVAL, "Nexthop has invalid gateway");
	if (!res.dev)
		return ext_err(err, -EINVAL,
			       "No egress device for nexthop gateway");
	r->nh_scope = res.scope;
	r->dev = res.dev;
	if (!vn_dev_is_up(r->dev))
		return vn_err_rtnl(err, -ENETDOWN);
	return 0;
}

/* fib_valid_prefsrc(). */
static bool valid_prefsrc(const struct vn_fib *fib, const struct vn_route *r)
{
	if (r->type == VN_RTN_LOCAL && r->dst && r->prefsrc == r->dst)
		return true;
	return vn_fib_addr_type(fib, r->prefsrc) == VN_RTN_LOCAL;
}

int vn_fib_check(struct vn_fib *fib, struct vn_route *r, struct vn_err *err)
{
	int rc;

	if (r->plen > 32)
		return ext_err(err, -EINVAL, "Invalid prefix length");
	if (r->dst & ~vn_ipv4_prefix_mask(r->plen))
		return ext_err(err, -EINVAL,
			       "Invalid prefix for given prefix length");
	if (r->type >= VN_RTN_MAX)
		return ext_err(err, -EINVAL, "Invalid route type");
	if (props[r->type].scope > r->scope)
		return ext_err(err, -EINVAL, "Invalid scope");
	if (r->mtu > VN_IP_MAX_MTU)
		r->mtu = VN_IP_MAX_MTU;
	if (props[r->type].error) {
		if (r->gw || r->dev)
			return ext_err(err, -EINVAL,
				       "Gateway, device and multipath can not be specified for this route type");
		r->nh_scope = VN_SCOPE_NOWHERE;
		goto link_it;
	}
	switch (r->type) {
	case VN_RTN_UNICAST:
	case VN_RTN_LOCAL:
	case VN_RTN_BROADCAST:
	case VN_RTN_ANYCAST:
	case VN_RTN_MULTICAST:
		break;
	default:
		return ext_err(err, -EINVAL, "Invalid route type");
	}
	if (r->scope > VN_SCOPE_HOST)
		return ext_err(err, -EINVAL, "Invalid scope");
	if (r->scope == VN_SCOPE_HOST) {
		if (r->gw)
			return ext_err(err, -EINVAL,
				       "Route with host scope can not have a gateway");
		if (!r->dev)
			return vn_err_rtnl(err, -ENODEV);
		r->nh_scope = VN_SCOPE_NOWHERE;
	} else if (r->gw) {
		rc = check_gw(fib, r, err);
		if (rc)
			return rc;
	} else {
		/* fib_check_nh_nongw(). */
		if (r->onlink)
			return ext_err(err, -EINVAL,
				       "Invalid flags for nexthop - PERVASIVE and ONLINK can not be set");
		if (!r->dev || !r->dev->in)
			return vn_err_rtnl(err, -ENODEV);
		if (!vn_dev_is_up(r->dev))
			return ext_err(err, -ENETDOWN,
				       "Device for nexthop is not up");
		r->nh_scope = VN_SCOPE_HOST;
	}
link_it:
	if (r->prefsrc && !valid_prefsrc(fib, r))
		return ext_err(err, -EINVAL, "Invalid prefsrc address");
	return 0;
}

/* --- walking ----------------------------------------------------------------- */

static int leaf_cmp(const void *a, const void *b)
{
	const struct vn_fib_leaf *x = *(const struct vn_fib_leaf *const *)a;
	const struct vn_fib_leaf *y = *(const struct vn_fib_leaf *const *)b;

	if (x->dst != y->dst)
		return x->dst < y->dst ? -1 : 1;
	if (x->plen != y->plen)
		return x->plen > y->plen ? -1 : 1;
	return 0;
}

static void walk_table(struct vn_fib *fib, struct vn_fib_table *t,
		       void (*fn)(const struct vn_route *r, void *arg),
		       void *arg)
{
	struct vn_fib_leaf **v;
	struct vn_hmap_iter it;
	struct vn_hnode *node;
	size_t n = 0;

	(void)fib;
	if (!t->leaves.n)
		return;
	v = malloc(t->leaves.n * sizeof(*v));
	if (!v)
		return;
	vn_hmap_iter_init(&it, &t->leaves);
	while ((node = vn_hmap_iter_next(&it)))
		v[n++] = container_of(node, struct vn_fib_leaf, node);
	qsort(v, n, sizeof(*v), leaf_cmp);
	for (size_t i = 0; i < n; i++) {
		struct vn_list *p = v[i]->routes.next;

		/* @fn may free the route, and with the last one the leaf. */
		while (p != &v[i]->routes) {
			struct vn_route *r =
				vn_list_entry(p, struct vn_route, link);
			bool last = p->next == &v[i]->routes;

			p = p->next;
			fn(r, arg);
			if (last)
				break;
		}
	}
	free(v);
}

void vn_fib_walk(struct vn_fib *fib, uint32_t id,
		 void (*fn)(const struct vn_route *r, void *arg), void *arg)
{
	struct vn_fib_table *t;

	if (id != VN_RT_TABLE_UNSPEC) {
		t = vn_fib_table(fib, id);
		if (t)
			walk_table(fib, t, fn, arg);
		return;
	}
	vn_list_for_each(t, &fib->tables, link)
		walk_table(fib, t, fn, arg);
}

/* --- names (iproute2's rt_names.c) ----------------------------------------- */

const char *vn_rtn_name(uint8_t type)
{
	static const char *const names[] = {
		"none", "unicast", "local", "broadcast", "anycast",
		"multicast", "blackhole", "unreachable", "prohibit", "throw",
		"nat",
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
	case 8:
		return "gated";
	case 9:
		return "ra";
	case 10:
		return "mrt";
	case 11:
		return "zebra";
	case 12:
		return "bird";
	case 13:
		return "dnrouted";
	case 14:
		return "xorp";
	case 15:
		return "ntk";
	case 16:
		return "dhcp";
	case 18:
		return "keepalived";
	case 42:
		return "babel";
	case 99:
		return "openr";
	case 186:
		return "bgp";
	case 187:
		return "isis";
	case 188:
		return "ospf";
	case 189:
		return "rip";
	case 192:
		return "eigrp";
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

const char *vn_rt_table_name(uint32_t id, char *buf, size_t size)
{
	switch (id) {
	case VN_RT_TABLE_DEFAULT:
		return "default";
	case VN_RT_TABLE_MAIN:
		return "main";
	case VN_RT_TABLE_LOCAL:
		return "local";
	}
	snprintf(buf, size, "%u", id);
	return buf;
}
