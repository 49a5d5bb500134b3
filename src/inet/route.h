/* SPDX-License-Identifier: MIT */
/*
 * inet/route.h - the IPv4 forwarding information base.
 *
 * Theory of operation.  Tables as on Linux: local (255) and main (254)
 * exist from the start; any other id (1..2^32-1) is created by the first
 * route added to it and lives until the namespace dies, as fib_new_table()
 * does.  Lookup follows the three default policy rules: local, then main,
 * then default (253); a "throw" route sends the lookup on to the next
 * table.  Policy rules themselves (`ip rule`) are not supported, so other
 * tables are listed but never consulted.
 *
 * A table is a hash map of leaves keyed by (prefix, length) plus a bitmap
 * of the lengths present, so longest-prefix match costs at most 33 hash
 * probes whatever the table size (a tuple-space search with one tuple per
 * length).  A leaf holds the routes ("aliases") of one prefix in lookup
 * order: by TOS (higher first), then metric (lower first), then as
 * fib_table_insert() places them (`prepend`/`add` before routes of equal
 * metric, `append` after them).  The table counts at most max_routes
 * routes in all (-ENOSPC past that).
 *
 * Routes through a device disappear when it goes down, except those of
 * scope host (the local routes of its addresses), exactly as
 * fib_sync_down_dev() with force off; all of them go when it is deleted.
 * Carrier loss keeps them: `ip route` then prints "linkdown"
 * (RTNH_F_LINKDOWN), derived from the device when printing.
 *
 * ICMP redirects leave nexthop exceptions (fnhe): per (nexthop,
 * destination) a better gateway for 300 s, at most VN_FIB_EXC_MAX of
 * them, the one expiring first giving way.  Gateway routes of a table
 * with the same nexthop and attributes share one struct vn_fib_info, as
 * fib_find_info() shares a fib_info: its exceptions are listed once per
 * such route and die with the last of them or `ip route flush cache`.
 *
 * Not supported: policy rules, multipath, nexthop objects, realms,
 * metrics other than mtu, PMTU exceptions.
 */
#ifndef VN_INET_ROUTE_H
#define VN_INET_ROUTE_H

#include "base/err.h"
#include "base/hash.h"
#include "base/list.h"

struct vn_dev;

/* Route types, Linux's RTN_* values. */
enum vn_rtn {
	VN_RTN_UNSPEC = 0,
	VN_RTN_UNICAST = 1,
	VN_RTN_LOCAL = 2,
	VN_RTN_BROADCAST = 3,
	VN_RTN_ANYCAST = 4,
	VN_RTN_MULTICAST = 5,
	VN_RTN_BLACKHOLE = 6,
	VN_RTN_UNREACHABLE = 7,
	VN_RTN_PROHIBIT = 8,
	VN_RTN_THROW = 9,
	VN_RTN_NAT = 10,
	VN_RTN_MAX = 11,
};

#define VN_RT_TABLE_UNSPEC 0
#define VN_RT_TABLE_DEFAULT 253
#define VN_RT_TABLE_MAIN 254
#define VN_RT_TABLE_LOCAL 255

#define VN_RTPROT_UNSPEC 0
#define VN_RTPROT_REDIRECT 1
#define VN_RTPROT_KERNEL 2
#define VN_RTPROT_BOOT 3
#define VN_RTPROT_STATIC 4

/* The largest route MTU Linux keeps (IP_MAX_MTU). */
#define VN_IP_MAX_MTU 0xfff0u

/* Cache flags of an output route (RTCF_*), as `ip route get` prints. */
#define VN_RTCF_REDIRECTED 0x00040000u
#define VN_RTCF_MULTICAST 0x20000000u
#define VN_RTCF_BROADCAST 0x10000000u
#define VN_RTCF_LOCAL 0x80000000u

struct vn_fib_leaf;
struct vn_fib_info;

struct vn_route {
	struct vn_list link;	/* in its leaf, lookup order */
	struct vn_fib_leaf *leaf;
	uint32_t dst;		/* host order, masked */
	uint8_t plen;
	uint8_t type;		/* enum vn_rtn */
	uint8_t scope;
	uint8_t proto;
	uint8_t tos;
	uint8_t nh_scope;	/* fib_nh_scope: 0 lets vn_fib_insert() derive it */
	bool onlink;
	bool mtu_lock;
	uint32_t table;
	uint32_t metric;
	uint32_t gw;		/* 0: directly connected */
	struct vn_dev *dev;	/* NULL for unreachable and friends */
	uint32_t prefsrc;
	uint32_t mtu;		/* 0: the device's */
	struct vn_fib_info *info;	/* gateway routes only; set by the fib */
};

struct vn_fib_table {
	struct vn_list link;	/* in the fib, dump order */
	uint32_t id;
	struct vn_hmap leaves;
	uint64_t plens;		/* bit L: some prefix of length L exists */
	uint32_t n_leaves[33];	/* distinct prefixes per length */
	uint32_t n;		/* routes */
	uint32_t seed;
};

/*
 * fib_info of a gateway route: what routes of one table with the same
 * nexthop and attributes share, and where exceptions hang.
 */
struct vn_fib_info {
	struct vn_hnode node;
	struct vn_list exceptions;	/* struct vn_fib_exc */
	uint32_t refs;			/* routes */
	struct vn_route key;		/* the attributes of the first */
};

/*
 * A nexthop exception (fib_nh_exception): an ICMP redirect told us a
 * better gateway for one destination of a gateway route.  It lives
 * ip_rt_gc_timeout (300 s) and dies with its nexthop.
 */
struct vn_fib_exc {
	struct vn_hnode node;
	struct vn_list link;		/* in its info */
	const struct vn_fib_info *info;
	uint32_t daddr;
	uint32_t gw;
	vn_time expires;
	bool used;		/* an output lookup used it (Linux: rth cached) */
};

#define VN_FIB_EXC_MAX 4096	/* the oldest goes when full */

struct vn_fib {
	struct vn_list tables;	/* dump order: id mod 256, newest first */
	struct vn_fib_table *local;
	struct vn_fib_table *main;
	uint32_t n_routes;
	uint32_t max_routes;
	uint32_t seed;
	/* fib_has_custom_local_routes: a user added a route of type local. */
	bool custom_local_routes;
	struct vn_hmap infos;		/* struct vn_fib_info by attributes */
	struct vn_hmap exceptions;	/* struct vn_fib_exc by (info, daddr) */
};

struct vn_route_result {
	uint8_t type;		/* enum vn_rtn */
	uint8_t scope;
	struct vn_dev *dev;
	uint32_t nexthop;	/* the gateway, or the destination on-link */
	uint32_t prefsrc;	/* 0: none */
	uint32_t table;
	const struct vn_route *route;
	/* Filled by output routing (vn_route_output()) only: */
	uint32_t src;		/* the source address chosen */
	uint32_t flags;		/* VN_RTCF_* */
	struct vn_dev *fib_dev;	/* the FIB's device when dev is lo */
	vn_time expires;	/* of the exception used, if REDIRECTED */
};

void vn_fib_init(struct vn_fib *fib, uint32_t seed);
void vn_fib_fini(struct vn_fib *fib);

/* The table @id (0 means main), or NULL if it does not exist. */
struct vn_fib_table *vn_fib_table(struct vn_fib *fib, uint32_t id);

/* How vn_fib_insert() treats an existing route (Linux's NLM_F_*). */
#define VN_FIB_CREATE 0x1	/* may create */
#define VN_FIB_EXCL 0x2		/* -EEXIST if one has prefix and metric */
#define VN_FIB_REPLACE 0x4	/* replace the first of prefix and metric */
#define VN_FIB_APPEND 0x8	/* after those of equal metric, not before */

/**
 * vn_fib_insert() - fib_table_insert(): insert a copy of @r
 * @r: the route; r->table 0 means main.  Not validated here: callers that
 *     take routes from users run vn_fib_check() first.
 * @flags: VN_FIB_*, as `ip route` sends them: add CREATE|EXCL, replace
 *         CREATE|REPLACE, change REPLACE, append CREATE|APPEND, prepend
 *         CREATE.
 *
 * An identical route (same type, nexthop, source, protocol, scope and
 * mtu) is never duplicated: -EEXIST, or 0 for a replace that would
 * change nothing.
 * Context: control path; allocates.
 * Return: 0, -EEXIST, -ENOENT (nothing to change), -ENOSPC, -ENOMEM.
 */
int vn_fib_insert(struct vn_fib *fib, const struct vn_route *r,
		  unsigned flags);

/*
 * vn_fib_add() - the form addr.c uses for the routes of addresses:
 * exclusive (`add`), replacing, or neither (fib_magic()'s CREATE|APPEND).
 */
int vn_fib_add(struct vn_fib *fib, const struct vn_route *r, bool replace,
	       bool excl);

/**
 * vn_fib_check() - fib_create_info()'s validation of a user's route
 * @r: the route; nh_scope is filled, and dev when a gateway implies it
 * @err: gets the kernel's extack message ("Nexthop has invalid gateway")
 *
 * Context: control path; changes nothing else.
 * Return: 0, -EINVAL, -ENODEV, -ENETDOWN.
 */
int vn_fib_check(struct vn_fib *fib, struct vn_route *r, struct vn_err *err);

/*
 * A deletion key, fib_table_delete()'s: fields left 0 (or NULL) match
 * anything.
 */
struct vn_route_key {
	uint32_t table;
	uint32_t dst;
	uint8_t plen;
	uint8_t tos;
	uint8_t type;		/* 0: any */
	uint8_t proto;		/* 0: any */
	uint8_t scope_max;	/* the route's scope must not exceed it */
	bool has_scope;		/* ... and must equal scope */
	uint8_t scope;
	bool has_metric;	/* metric 0 matches any, as Linux */
	uint32_t metric;
	uint32_t gw;
	struct vn_dev *dev;
	uint32_t prefsrc;
	uint32_t mtu;		/* 0: any */
};

/* Deletes the first route matching @k.  Return: 0 or -ESRCH. */
int vn_fib_del(struct vn_fib *fib, const struct vn_route_key *k);

/* Deletes one route, found by a walk or a lookup. */
void vn_fib_remove(struct vn_fib *fib, const struct vn_route *r);

/* Unregister: deletes every route through @dev, in every table. */
void vn_fib_flush_dev(struct vn_fib *fib, const struct vn_dev *dev);

/*
 * fib_sync_down_dev(): @dev went down, so its routes die, except those of
 * scope host unless @force (the device lost its last address).
 */
void vn_fib_sync_down_dev(struct vn_fib *fib, const struct vn_dev *dev,
			  bool force);

/*
 * fib_sync_down_addr(): the local address @addr is gone, so routes of
 * table main that prefer it as source die.  Returns how many.
 */
unsigned vn_fib_sync_down_addr(struct vn_fib *fib, uint32_t addr);

/* Deletes kernel routes of an address (prefsrc @src on @dev). */
void vn_fib_flush_prefsrc(struct vn_fib *fib, const struct vn_dev *dev,
			  uint32_t src);

/**
 * vn_fib_table_lookup() - fib_table_lookup(): longest-prefix match
 * @oif: ifindex the nexthop must use, 0 for any
 * @scope: the least scope a route may have (flowi4_scope)
 *
 * Routes of an error type (unreachable, prohibit, blackhole, throw) match
 * whatever @oif says, as on Linux.
 */
const struct vn_route *vn_fib_table_lookup(const struct vn_fib_table *t,
					   uint32_t dst, int oif,
					   uint8_t scope);

/**
 * vn_fib_lookup_scope() - route @dst through local, main and default
 * Return: 0 with @res filled (error types included, as found); or
 * -ENETUNREACH if nothing matched.
 */
int vn_fib_lookup_scope(const struct vn_fib *fib, uint32_t dst, int oif,
			uint8_t scope, struct vn_route_result *res);

/* The same with any scope (flowi4_scope RT_SCOPE_UNIVERSE). */
int vn_fib_lookup(const struct vn_fib *fib, uint32_t dst, int oif,
		  struct vn_route_result *res);

/*
 * inet_addr_type(): what @addr is to this namespace: LOCAL (ours),
 * BROADCAST (limited, zero network, or a subnet broadcast of ours),
 * MULTICAST, or UNICAST.
 */
uint8_t vn_fib_addr_type(const struct vn_fib *fib, uint32_t addr);

/*
 * Calls @fn for each route of table @id in `ip route show` order; id 0
 * walks every table in dump order.  @fn may delete the route it is given
 * (vn_fib_remove()), nothing else.
 */
void vn_fib_walk(struct vn_fib *fib, uint32_t id,
		 void (*fn)(const struct vn_route *r, void *arg), void *arg);

/*
 * update_or_create_fnhe(): @daddr, routed by @route, goes to @gw until
 * @expires.  Context: packet path (ICMP redirect input); allocates once
 * per destination.  Return: 0 or -ENOMEM.
 */
int vn_fib_exc_update(struct vn_fib *fib, const struct vn_route *route,
		      uint32_t daddr, uint32_t gw, vn_time expires);

/* The live exception of (@route, @daddr) at @now, or NULL (expired ones go). */
struct vn_fib_exc *vn_fib_exc_lookup(struct vn_fib *fib,
				     const struct vn_route *route,
				     uint32_t daddr, vn_time now);

/* rt_cache_flush(): every exception goes (`ip route flush cache`). */
void vn_fib_exc_flush(struct vn_fib *fib);

/*
 * fib_dump_info_fnhe(): for each route of table @id (0: all) in dump
 * order, calls @fn with each live exception of its nexthop that an
 * output lookup has used (Linux dumps those with a cached route only),
 * by destination.  Routes sharing a nexthop list it each.
 */
void vn_fib_exc_walk(struct vn_fib *fib, uint32_t id, vn_time now,
		     void (*fn)(const struct vn_route *r,
				const struct vn_fib_exc *e, void *arg),
		     void *arg);

/* The errno a route type turns a lookup into (fib_props[].error). */
int vn_rtn_error(uint8_t type);

const char *vn_rtn_name(uint8_t type);
const char *vn_rtprot_name(uint8_t proto, char *buf, size_t size);
const char *vn_scope_name(uint8_t scope, char *buf, size_t size);
const char *vn_rt_table_name(uint32_t id, char *buf, size_t size);

#endif
