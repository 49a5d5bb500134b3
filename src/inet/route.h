/* SPDX-License-Identifier: MIT */
/*
 * inet/route.h - the IPv4 forwarding information base.
 *
 * Theory of operation: two tables as on Linux, local (255: local,
 * broadcast routes the kernel adds for addresses) and main (254: what
 * `ip route` shows).  Lookup searches local, then main, as the default
 * policy rules do.  A table is a hash map keyed by (prefix, length) plus a
 * bitmap of the lengths present, so longest-prefix match is at most 33
 * hash probes whatever the table size (a tuple-space search with one tuple
 * per length).  Routes of one prefix are chained by metric.  Each table
 * holds at most max_routes routes (-ENOSPC past that).
 *
 * Not supported yet: policy rules, other tables, multipath, TOS routing.
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
};

#define VN_RT_TABLE_DEFAULT 253
#define VN_RT_TABLE_MAIN 254
#define VN_RT_TABLE_LOCAL 255

#define VN_RTPROT_UNSPEC 0
#define VN_RTPROT_REDIRECT 1
#define VN_RTPROT_KERNEL 2
#define VN_RTPROT_BOOT 3
#define VN_RTPROT_STATIC 4

struct vn_route {
	struct vn_hnode node;
	struct vn_list link;	/* the table's routes */
	struct vn_route *next_same; /* same prefix, by metric */
	uint32_t dst;		/* host order, masked */
	uint8_t plen;
	uint8_t type;		/* enum vn_rtn */
	uint8_t scope;
	uint8_t proto;
	uint8_t tos;
	bool onlink;
	uint32_t table;
	uint32_t metric;
	uint32_t gw;		/* 0: directly connected */
	struct vn_dev *dev;	/* NULL for unreachable and friends */
	uint32_t prefsrc;
	uint32_t mtu;		/* 0: the device's */
};

struct vn_fib_table {
	uint32_t id;
	struct vn_hmap by_prefix;
	uint64_t plens;		/* bit L: some prefix of length L exists */
	uint32_t n_prefixes[33];	/* distinct prefixes per length */
	uint32_t n;
	uint32_t seed;
};

struct vn_fib {
	struct vn_fib_table local;
	struct vn_fib_table main;
	uint32_t max_routes;
};

struct vn_route_result {
	uint8_t type;		/* enum vn_rtn */
	uint8_t scope;
	struct vn_dev *dev;
	uint32_t nexthop;	/* the gateway, or the destination on-link */
	uint32_t prefsrc;	/* 0: none */
	const struct vn_route *route;
};

void vn_fib_init(struct vn_fib *fib, uint32_t seed);
void vn_fib_fini(struct vn_fib *fib);

struct vn_fib_table *vn_fib_table(struct vn_fib *fib, uint32_t id);

/**
 * vn_fib_add() - insert a copy of @r in table r->table
 * @replace: replace a route of the same prefix, metric and TOS
 * @excl: fail with -EEXIST if one exists (`ip route add`)
 *
 * Return: 0, -EEXIST, -ENOSPC, -ENOMEM, -ENOENT (no such table).
 */
int vn_fib_add(struct vn_fib *fib, const struct vn_route *r, bool replace,
	       bool excl);

/*
 * A deletion key: fields left 0 (or NULL) match anything, as Linux's
 * fib_table_delete() with a partial request.
 */
struct vn_route_key {
	uint32_t table;
	uint32_t dst;
	uint8_t plen;
	uint8_t type;		/* 0: any */
	uint8_t proto;		/* 0: any */
	uint8_t scope_max;	/* VN_SCOPE_NOWHERE: any */
	bool has_metric;
	uint32_t metric;
	uint32_t gw;
	struct vn_dev *dev;
	uint32_t prefsrc;
};

/* Deletes the first route matching @k.  Return: 0 or -ESRCH. */
int vn_fib_del(struct vn_fib *fib, const struct vn_route_key *k);

/* Deletes every route whose device is @dev, in every table. */
void vn_fib_flush_dev(struct vn_fib *fib, const struct vn_dev *dev);

/* Deletes kernel routes of an address (prefsrc @src on @dev). */
void vn_fib_flush_prefsrc(struct vn_fib *fib, const struct vn_dev *dev,
			  uint32_t src);

/* Longest-prefix match in one table; @oif (ifindex) restricts devices. */
const struct vn_route *vn_fib_table_lookup(const struct vn_fib_table *t,
					   uint32_t dst, int oif);

/**
 * vn_fib_lookup() - route @dst through local then main
 * Return: 0 with @res filled; -ENETUNREACH if nothing matched.
 * Types UNREACHABLE, BLACKHOLE, PROHIBIT are returned as found.
 */
int vn_fib_lookup(const struct vn_fib *fib, uint32_t dst, int oif,
		  struct vn_route_result *res);

/* Calls @fn for each route of table @id in `ip route show` order. */
void vn_fib_walk(struct vn_fib *fib, uint32_t id,
		 void (*fn)(const struct vn_route *r, void *arg), void *arg);

const char *vn_rtn_name(uint8_t type);
const char *vn_rtprot_name(uint8_t proto, char *buf, size_t size);
const char *vn_scope_name(uint8_t scope, char *buf, size_t size);

#endif
