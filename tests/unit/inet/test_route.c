// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_route.c - the FIB (inet/route.c).
 *
 * Longest-prefix match checked against a trivially correct linear model
 * (an array scanned in full) on seeded random prefixes, adds and deletes;
 * then fib_table_insert()'s add/append/prepend/replace/change/test rules,
 * fib_table_delete()'s partial keys, the dump order, what survives a
 * device going down, throw and error routes, inet_addr_type(), and
 * fib_create_info()'s validation messages, each as Linux 6.1 behaves.
 * Every test is a leak test.
 */
#include "helpers.h"

#include "inet/inet.h"
#include "inet/route.h"
#include "wire/ipv4.h"

struct fixture {
	struct vn_test_heap heap;
	struct vn_fib fib;
	struct vn_dev a, b, lo;		/* never registered: just identities */
	struct vn_in_dev in_a, in_b, in_lo;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	vn_test_heap_begin(&f->heap);
	vn_fib_init(&f->fib, 7);
	f->lo.ifindex = 1;
	f->a.ifindex = 2;
	f->b.ifindex = 3;
	snprintf(f->a.name, sizeof(f->a.name), "a");
	snprintf(f->b.name, sizeof(f->b.name), "b");
	f->lo.flags = VN_IFF_UP | VN_IFF_LOOPBACK;
	f->a.flags = f->b.flags = VN_IFF_UP;
	f->a.carrier = f->b.carrier = f->lo.carrier = true;
	f->a.in = &f->in_a;
	f->b.in = &f->in_b;
	f->lo.in = &f->in_lo;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct vn_test_heap heap = f->heap;

	vn_fib_fini(&f->fib);
	vn_test_heap_end(&heap);
	free(f);
	return 0;
}

static uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return a << 24 | b << 16 | c << 8 | d;
}

static struct vn_route rt(uint32_t dst, uint8_t plen, struct vn_dev *dev,
			  uint32_t gw, uint32_t metric)
{
	return (struct vn_route){
		.dst = dst,
		.plen = plen,
		.type = VN_RTN_UNICAST,
		.scope = gw ? VN_SCOPE_UNIVERSE : VN_SCOPE_LINK,
		.proto = VN_RTPROT_BOOT,
		.table = VN_RT_TABLE_MAIN,
		.dev = dev,
		.gw = gw,
		.metric = metric,
	};
}

static int add(struct fixture *f, struct vn_route r, unsigned flags)
{
	return vn_fib_insert(&f->fib, &r, flags);
}

#define ADD (VN_FIB_CREATE | VN_FIB_EXCL)

/* --- the linear model ---------------------------------------------------- */

struct model_route {
	uint32_t dst;
	uint8_t plen;
	uint32_t metric;
	uint32_t gw;		/* identity of the route */
	bool live;
};

#define MODEL_MAX 4096

/* The longest prefix holding @dst; lowest metric; first added. */
static const struct model_route *model_lookup(const struct model_route *m,
					      int n, uint32_t dst)
{
	const struct model_route *best = NULL;

	for (int i = 0; i < n; i++) {
		if (!m[i].live ||
		    ((dst ^ m[i].dst) & vn_ipv4_prefix_mask(m[i].plen)))
			continue;
		if (!best || m[i].plen > best->plen ||
		    (m[i].plen == best->plen && m[i].metric < best->metric))
			best = &m[i];
	}
	return best;
}

static void test_route_lpm_matches_linear_model(void **state)
{
	struct fixture *f = *state;
	struct model_route *m = calloc(MODEL_MAX, sizeof(*m));
	struct vn_rand rnd;
	int n = 0;

	assert_non_null(m);
	vn_rand_seed(&rnd, 20240601);
	for (int round = 0; round < 3000; round++) {
		unsigned op = (unsigned)vn_rand_below(&rnd, 10);

		if (op < 7 && n < MODEL_MAX) {
			/* Short prefixes are rare, clustered addresses make
			 * nested prefixes common. */
			uint8_t plen = (uint8_t)(vn_rand_below(&rnd, 4) ?
				8 + vn_rand_below(&rnd, 25) :
				vn_rand_below(&rnd, 33));
			uint32_t dst = (0x0a000000u |
					(uint32_t)vn_rand_below(&rnd, 1u << 16) << 4) &
				       vn_ipv4_prefix_mask(plen);
			uint32_t metric = (uint32_t)vn_rand_below(&rnd, 4);
			uint32_t gw = (uint32_t)round + 1;
			int rc = add(f, rt(dst, plen, &f->a, gw, metric),
				     VN_FIB_CREATE | VN_FIB_APPEND);

			assert_int_equal(rc, 0);
			m[n++] = (struct model_route){ dst, plen, metric, gw,
						       true };
		} else if (n) {
			struct model_route *v = &m[vn_rand_below(&rnd,
							       (uint64_t)n)];
			struct vn_route_key k = {
				.table = VN_RT_TABLE_MAIN,
				.dst = v->dst,
				.plen = v->plen,
				.scope_max = VN_SCOPE_NOWHERE,
				.gw = v->gw,
			};

			assert_int_equal(vn_fib_del(&f->fib, &k),
					 v->live ? 0 : -ESRCH);
			v->live = false;
		}
		/* Probe random and boundary addresses. */
		for (int j = 0; j < 8; j++) {
			uint32_t dst = 0x0a000000u |
				       (uint32_t)vn_rand_below(&rnd, 1u << 20);
			const struct model_route *want;
			struct vn_route_result res;
			int rc;

			if (j == 0 && n)
				dst = m[vn_rand_below(&rnd, (uint64_t)n)].dst;
			want = model_lookup(m, n, dst);
			rc = vn_fib_lookup(&f->fib, dst, 0, &res);
			if (!want) {
				assert_int_equal(rc, -ENETUNREACH);
				continue;
			}
			assert_int_equal(rc, 0);
			assert_int_equal(res.route->plen, want->plen);
			assert_int_equal(res.route->metric, want->metric);
			assert_int_equal(res.route->gw, want->gw);
			assert_int_equal(res.nexthop, want->gw);
		}
	}
	free(m);
}

/* --- fib_table_insert() ----------------------------------------------------- */

static void test_route_add_is_exclusive(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(add(f, rt(ip(192, 168, 1, 0), 24, &f->a, ip(10, 0, 0, 2), 0), ADD), 0);
	/* Same prefix and metric, any nexthop: "File exists". */
	assert_int_equal(add(f, rt(ip(192, 168, 1, 0), 24, &f->a, ip(10, 0, 0, 3), 0), ADD),
			 -EEXIST);
	/* Another metric is another slot. */
	assert_int_equal(add(f, rt(ip(192, 168, 1, 0), 24, &f->a, ip(10, 0, 0, 3), 5), ADD), 0);
	/* `test`: EXCL without CREATE. */
	assert_int_equal(add(f, rt(ip(192, 168, 1, 0), 24, &f->a, 0, 0), VN_FIB_EXCL),
			 -EEXIST);
	assert_int_equal(add(f, rt(ip(192, 168, 2, 0), 24, &f->a, 0, 0), VN_FIB_EXCL),
			 -ENOENT);
}

/* Collects the gateways of one prefix in lookup (and dump) order. */
struct gws {
	uint32_t dst;
	uint32_t v[8];
	int n;
};

static void collect_gw(const struct vn_route *r, void *arg)
{
	struct gws *g = arg;

	if (r->dst == g->dst && g->n < 8)
		g->v[g->n++] = r->gw;
}

static void test_route_append_prepend_replace_change(void **state)
{
	struct fixture *f = *state;
	uint32_t p = ip(192, 168, 1, 0);
	struct gws g = { .dst = p };

	assert_int_equal(add(f, rt(p, 24, &f->a, 2, 0), ADD), 0);
	/* replace: the first of the slot changes. */
	assert_int_equal(add(f, rt(p, 24, &f->a, 3, 0), VN_FIB_CREATE | VN_FIB_REPLACE), 0);
	/* change: the same, never creates. */
	assert_int_equal(add(f, rt(p, 24, &f->a, 4, 0), VN_FIB_REPLACE), 0);
	assert_int_equal(add(f, rt(ip(192, 168, 10, 0), 24, &f->a, 4, 0), VN_FIB_REPLACE),
			 -ENOENT);
	/* append goes after, and an identical route is refused. */
	assert_int_equal(add(f, rt(p, 24, &f->a, 5, 0), VN_FIB_CREATE | VN_FIB_APPEND), 0);
	assert_int_equal(add(f, rt(p, 24, &f->a, 5, 0), VN_FIB_CREATE | VN_FIB_APPEND),
			 -EEXIST);
	/* prepend goes before. */
	assert_int_equal(add(f, rt(p, 24, &f->a, 6, 0), VN_FIB_CREATE), 0);
	/* A lower metric goes first whatever the flag. */
	assert_int_equal(add(f, rt(p, 24, &f->a, 7, 0), VN_FIB_CREATE | VN_FIB_APPEND), 0);
	assert_int_equal(add(f, rt(p, 24, &f->a, 1, 9), VN_FIB_CREATE), 0);
	vn_fib_walk(&f->fib, VN_RT_TABLE_MAIN, collect_gw, &g);
	assert_int_equal(g.n, 5);
	assert_int_equal(g.v[0], 6);
	assert_int_equal(g.v[1], 4);
	assert_int_equal(g.v[2], 5);
	assert_int_equal(g.v[3], 7);
	assert_int_equal(g.v[4], 1);
	/* Replacing with what is first changes nothing; with a later one,
	 * the kernel says EEXIST. */
	assert_int_equal(add(f, rt(p, 24, &f->a, 6, 0), VN_FIB_CREATE | VN_FIB_REPLACE), 0);
	assert_int_equal(add(f, rt(p, 24, &f->a, 5, 0), VN_FIB_CREATE | VN_FIB_REPLACE),
			 -EEXIST);
}

static void test_route_delete_partial_keys(void **state)
{
	struct fixture *f = *state;
	uint32_t p = ip(192, 168, 1, 0);
	struct vn_route_key k = {
		.table = VN_RT_TABLE_MAIN,
		.dst = p,
		.plen = 24,
		.scope_max = VN_SCOPE_NOWHERE,
	};
	struct gws g = { .dst = p };

	assert_int_equal(add(f, rt(p, 24, &f->a, 2, 0), ADD), 0);
	assert_int_equal(add(f, rt(p, 24, &f->b, 3, 5), ADD), 0);
	assert_int_equal(add(f, rt(p, 24, &f->a, 4, 7), ADD), 0);
	/* Wrong nexthop: "No such process". */
	k.gw = 9;
	assert_int_equal(vn_fib_del(&f->fib, &k), -ESRCH);
	/* By device, across metrics. */
	k.gw = 0;
	k.dev = &f->b;
	assert_int_equal(vn_fib_del(&f->fib, &k), 0);
	/* By exact scope: a gateway route has scope global. */
	k.dev = NULL;
	k.has_scope = true;
	k.scope = VN_SCOPE_LINK;
	assert_int_equal(vn_fib_del(&f->fib, &k), -ESRCH);
	/* Metric 0 means any; no key at all takes the first. */
	k.has_scope = false;
	k.has_metric = true;
	k.metric = 0;
	assert_int_equal(vn_fib_del(&f->fib, &k), 0);
	vn_fib_walk(&f->fib, VN_RT_TABLE_MAIN, collect_gw, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.v[0], 4);
	/* A table that does not exist. */
	k.table = 77;
	assert_int_equal(vn_fib_del(&f->fib, &k), -ESRCH);
}

/* --- order, device events, lookups -------------------------------------------- */

struct order {
	char text[512];
};

static void dump_one(const struct vn_route *r, void *arg)
{
	struct order *o = arg;
	char a[VN_IPV4_STRLEN];
	size_t len = strlen(o->text);

	snprintf(o->text + len, sizeof(o->text) - len, "%u:%s/%u ", r->table,
		 vn_ipv4_format(a, r->dst), r->plen);
}

static void test_route_dump_order(void **state)
{
	struct fixture *f = *state;
	struct vn_route r = rt(ip(10, 0, 0, 0), 8, &f->a, 0, 0);
	struct order o = { "" };

	assert_int_equal(add(f, rt(ip(10, 0, 0, 0), 24, &f->a, 0, 0), ADD), 0);
	assert_int_equal(add(f, rt(0, 0, &f->a, ip(10, 0, 0, 1), 0), ADD), 0);
	assert_int_equal(add(f, r, ADD), 0);
	assert_int_equal(add(f, rt(ip(9, 0, 0, 0), 8, &f->a, 0, 0), ADD), 0);
	r.table = 100;
	assert_int_equal(add(f, r, ADD), 0);
	r.table = VN_RT_TABLE_DEFAULT;
	assert_int_equal(add(f, r, ADD), 0);
	r.table = VN_RT_TABLE_LOCAL;
	assert_int_equal(add(f, r, ADD), 0);
	/* Tables by id mod 256; in a table, keys ascending, longer first. */
	vn_fib_walk(&f->fib, VN_RT_TABLE_UNSPEC, dump_one, &o);
	assert_string_equal(o.text,
			    "100:10.0.0.0/8 253:10.0.0.0/8 254:0.0.0.0/0 "
			    "254:9.0.0.0/8 254:10.0.0.0/24 254:10.0.0.0/8 "
			    "255:10.0.0.0/8 ");
	assert_non_null(vn_fib_table(&f->fib, 100));
	assert_null(vn_fib_table(&f->fib, 101));
}

static void test_route_down_keeps_host_scope(void **state)
{
	struct fixture *f = *state;
	struct vn_route local = {
		.dst = ip(10, 0, 0, 1), .plen = 32, .type = VN_RTN_LOCAL,
		.scope = VN_SCOPE_HOST, .proto = VN_RTPROT_KERNEL,
		.table = VN_RT_TABLE_LOCAL, .dev = &f->a, .prefsrc = ip(10, 0, 0, 1),
	};
	struct vn_route_result res;

	assert_int_equal(add(f, local, ADD), 0);
	assert_int_equal(add(f, rt(ip(10, 0, 0, 0), 24, &f->a, 0, 0), ADD), 0);
	assert_int_equal(add(f, rt(ip(1, 0, 0, 0), 8, &f->a, ip(10, 0, 0, 9), 0), ADD), 0);
	assert_int_equal(add(f, rt(ip(2, 0, 0, 0), 8, &f->b, 0, 0), ADD), 0);
	vn_fib_sync_down_dev(&f->fib, &f->a, false);
	/* The address stays reachable; its subnet and gateways do not. */
	assert_int_equal(vn_fib_lookup(&f->fib, ip(10, 0, 0, 1), 0, &res), 0);
	assert_int_equal(res.type, VN_RTN_LOCAL);
	assert_int_equal(vn_fib_lookup(&f->fib, ip(10, 0, 0, 2), 0, &res),
			 -ENETUNREACH);
	assert_int_equal(vn_fib_lookup(&f->fib, ip(1, 2, 3, 4), 0, &res),
			 -ENETUNREACH);
	assert_int_equal(vn_fib_lookup(&f->fib, ip(2, 2, 3, 4), 0, &res), 0);
	/* Losing its last address (force) takes the rest. */
	vn_fib_sync_down_dev(&f->fib, &f->a, true);
	assert_int_equal(vn_fib_lookup(&f->fib, ip(10, 0, 0, 1), 0, &res),
			 -ENETUNREACH);
}

static void test_route_prefsrc_gone(void **state)
{
	struct fixture *f = *state;
	struct vn_route r = rt(ip(1, 0, 0, 0), 8, &f->a, 0, 0);
	struct vn_route_result res;

	r.prefsrc = ip(10, 0, 0, 1);
	assert_int_equal(add(f, r, ADD), 0);
	r.table = 100;
	assert_int_equal(add(f, r, ADD), 0);
	/* fib_sync_down_addr(): main only. */
	assert_int_equal(vn_fib_sync_down_addr(&f->fib, ip(10, 0, 0, 1)), 1);
	assert_int_equal(vn_fib_lookup(&f->fib, ip(1, 1, 1, 1), 0, &res),
			 -ENETUNREACH);
	assert_int_equal(vn_fib_table(&f->fib, 100)->n, 1);
}

static void test_route_error_types_and_throw(void **state)
{
	struct fixture *f = *state;
	struct vn_route r = rt(ip(10, 0, 0, 0), 8, NULL, 0, 0);
	struct vn_route_result res;

	r.type = VN_RTN_UNREACHABLE;
	assert_int_equal(add(f, r, ADD), 0);
	assert_int_equal(add(f, rt(ip(10, 1, 0, 0), 16, &f->a, 0, 0), ADD), 0);
	/* Error routes match whatever the output device asked. */
	assert_int_equal(vn_fib_lookup(&f->fib, ip(10, 2, 0, 1), 2, &res), 0);
	assert_int_equal(res.type, VN_RTN_UNREACHABLE);
	assert_int_equal(vn_rtn_error(res.type), -EHOSTUNREACH);
	/* Routes with a device only match that device. */
	assert_int_equal(vn_fib_lookup(&f->fib, ip(10, 1, 0, 1), 3, &res), 0);
	assert_int_equal(res.type, VN_RTN_UNREACHABLE);
	assert_int_equal(vn_fib_lookup(&f->fib, ip(10, 1, 0, 1), 2, &res), 0);
	assert_int_equal(res.type, VN_RTN_UNICAST);
	/* throw in main sends the lookup to table default. */
	r = rt(ip(172, 16, 0, 0), 12, NULL, 0, 0);
	r.type = VN_RTN_THROW;
	assert_int_equal(add(f, r, ADD), 0);
	assert_int_equal(vn_fib_lookup(&f->fib, ip(172, 16, 1, 1), 0, &res),
			 -ENETUNREACH);
	r = rt(ip(172, 16, 1, 0), 24, &f->b, 0, 0);
	r.table = VN_RT_TABLE_DEFAULT;
	assert_int_equal(add(f, r, ADD), 0);
	assert_int_equal(vn_fib_lookup(&f->fib, ip(172, 16, 1, 1), 0, &res), 0);
	assert_ptr_equal(res.dev, &f->b);
	assert_int_equal(res.table, VN_RT_TABLE_DEFAULT);
}

static void add_address_routes(struct fixture *f, struct vn_dev *dev,
			       uint32_t addr, uint8_t plen)
{
	struct vn_route local = {
		.dst = addr, .plen = 32, .type = VN_RTN_LOCAL,
		.scope = VN_SCOPE_HOST, .proto = VN_RTPROT_KERNEL,
		.table = VN_RT_TABLE_LOCAL, .dev = dev, .prefsrc = addr,
	};
	struct vn_route brd = local;
	struct vn_route net = rt(addr & vn_ipv4_prefix_mask(plen), plen, dev,
				 0, 0);

	brd.dst = addr | ~vn_ipv4_prefix_mask(plen);
	brd.type = VN_RTN_BROADCAST;
	brd.scope = VN_SCOPE_LINK;
	net.proto = VN_RTPROT_KERNEL;
	net.prefsrc = addr;
	assert_int_equal(vn_fib_add(&f->fib, &local, false, false), 0);
	assert_int_equal(vn_fib_add(&f->fib, &brd, false, false), 0);
	assert_int_equal(vn_fib_add(&f->fib, &net, false, false), 0);
}

static void test_route_addr_type(void **state)
{
	struct fixture *f = *state;

	add_address_routes(f, &f->a, ip(10, 0, 0, 1), 24);
	assert_int_equal(vn_fib_addr_type(&f->fib, ip(10, 0, 0, 1)), VN_RTN_LOCAL);
	assert_int_equal(vn_fib_addr_type(&f->fib, ip(10, 0, 0, 255)),
			 VN_RTN_BROADCAST);
	assert_int_equal(vn_fib_addr_type(&f->fib, ip(10, 0, 0, 2)),
			 VN_RTN_UNICAST);
	assert_int_equal(vn_fib_addr_type(&f->fib, 0), VN_RTN_BROADCAST);
	assert_int_equal(vn_fib_addr_type(&f->fib, 0xffffffff),
			 VN_RTN_BROADCAST);
	assert_int_equal(vn_fib_addr_type(&f->fib, ip(224, 0, 0, 1)),
			 VN_RTN_MULTICAST);
}

/* Runs vn_fib_check() and returns its message ("" if none). */
static const char *check(struct fixture *f, struct vn_route *r, int want)
{
	static struct vn_err err;

	vn_err_init(&err);
	assert_int_equal(vn_fib_check(&f->fib, r, &err), want);
	return err.msg;
}

static void test_route_check_messages(void **state)
{
	struct fixture *f = *state;
	struct vn_route r;

	add_address_routes(f, &f->a, ip(10, 0, 0, 1), 24);
	/* A gateway on the subnet is fine, and gives the device. */
	r = rt(ip(192, 168, 1, 0), 24, NULL, ip(10, 0, 0, 2), 0);
	assert_string_equal(check(f, &r, 0), "");
	assert_ptr_equal(r.dev, &f->a);
	assert_int_equal(r.nh_scope, VN_SCOPE_LINK);
	r = rt(ip(192, 168, 1, 0), 24, NULL, ip(10, 0, 1, 2), 0);
	assert_string_equal(check(f, &r, -EINVAL),
			    "Error: Nexthop has invalid gateway.");
	r = rt(ip(192, 168, 1, 0), 24, &f->b, ip(10, 0, 0, 2), 0);
	assert_string_equal(check(f, &r, -EINVAL),
			    "Error: Nexthop has invalid gateway.");
	r = rt(ip(192, 168, 1, 0), 24, NULL, ip(10, 0, 0, 255), 0);
	assert_string_equal(check(f, &r, -EINVAL),
			    "Error: Nexthop has invalid gateway.");
	/* scope link needs the gateway reachable at scope host. */
	r = rt(ip(192, 168, 1, 0), 24, NULL, ip(10, 0, 0, 2), 0);
	r.scope = VN_SCOPE_LINK;
	assert_string_equal(check(f, &r, -EINVAL),
			    "Error: Nexthop has invalid gateway.");
	r.scope = VN_SCOPE_HOST;
	assert_string_equal(check(f, &r, -EINVAL),
			    "Error: Route with host scope can not have a gateway.");
	r = rt(ip(192, 168, 1, 0), 24, NULL, ip(172, 16, 0, 1), 0);
	r.dev = &f->a;
	r.onlink = true;
	assert_string_equal(check(f, &r, 0), "");
	r.scope = VN_SCOPE_LINK;
	assert_string_equal(check(f, &r, -EINVAL),
			    "Error: Nexthop has invalid scope.");
	r = rt(ip(192, 168, 1, 0), 24, &f->a, 0, 0);
	r.onlink = true;
	assert_string_equal(check(f, &r, -EINVAL),
			    "Error: Invalid flags for nexthop - PERVASIVE and ONLINK can not be set.");
	/* Devices must be up; no device at all is ENODEV. */
	f->b.flags = 0;
	r = rt(ip(192, 168, 1, 0), 24, &f->b, 0, 0);
	assert_string_equal(check(f, &r, -ENETDOWN),
			    "Error: Device for nexthop is not up.");
	r = rt(ip(192, 168, 1, 0), 24, NULL, 0, 0);
	assert_string_equal(check(f, &r, -ENODEV),
			    "RTNETLINK answers: No such device");
	/* Types, scopes, prefixes and sources. */
	r = rt(ip(192, 168, 1, 0), 24, &f->a, 0, 0);
	r.type = VN_RTN_BLACKHOLE;
	assert_string_equal(check(f, &r, -EINVAL),
			    "Error: Gateway, device and multipath can not be specified for this route type.");
	r.type = VN_RTN_LOCAL;
	assert_string_equal(check(f, &r, -EINVAL), "Error: Invalid scope.");
	r = rt(ip(192, 168, 1, 1), 24, &f->a, 0, 0);
	assert_string_equal(check(f, &r, -EINVAL),
			    "Error: Invalid prefix for given prefix length.");
	r = rt(ip(192, 168, 1, 0), 24, &f->a, 0, 0);
	r.prefsrc = ip(1, 2, 3, 4);
	assert_string_equal(check(f, &r, -EINVAL),
			    "Error: Invalid prefsrc address.");
	r.prefsrc = ip(10, 0, 0, 1);
	r.mtu = 70000;
	assert_string_equal(check(f, &r, 0), "");
	assert_int_equal(r.mtu, VN_IP_MAX_MTU);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_route_lpm_matches_linear_model),
		T(test_route_add_is_exclusive),
		T(test_route_append_prepend_replace_change),
		T(test_route_delete_partial_keys),
		T(test_route_dump_order),
		T(test_route_down_keeps_host_scope),
		T(test_route_prefsrc_gone),
		T(test_route_error_types_and_throw),
		T(test_route_addr_type),
		T(test_route_check_messages),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
