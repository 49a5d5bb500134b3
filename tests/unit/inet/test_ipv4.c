// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_ipv4.c - input and output routing decisions
 * (inet/ipv4_in.c vn_ip_route_input(), inet/ipv4_out.c vn_route_output())
 * against Linux 6.1's ip_route_input_slow(), fib_validate_source() and
 * ip_route_output_key_hash_rcu(): martian sources and destinations, our
 * own address as a source, rp_filter strict and loose, forwarding per
 * device, what ip_error() is asked to say, when a redirect is due, and
 * the source addresses output chooses.  A namespace "a" has v0
 * (10.0.1.1/24) and v1 (10.0.2.1/24), both up with carrier.  Every test
 * is a leak test.
 */
#include "helpers.h"

#include "inet/ipv4_priv.h"
#include "netns.h"

#define A1 0x0a000101u		/* 10.0.1.1, ours on v0 */
#define A2 0x0a000201u		/* 10.0.2.1, ours on v1 */
#define N1 0x0a000102u		/* 10.0.1.2, a neighbour on v0 */
#define FAR 0xc0a80505u		/* 192.168.5.5 */

struct fix {
	struct vn_test_engine *t;
	struct vn_inet *inet;
	struct vn_dev *v0, *v1;
};

static int setup(void **state)
{
	static const char *const lines[] = {
		"ip netns add a",
		"ip netns add b",
		"ip -n a link add v0 type veth peer name p0 netns b",
		"ip -n a link add v1 type veth peer name p1 netns b",
		"ip -n a link set lo up",
		"ip -n a link set v0 up",
		"ip -n a link set v1 up",
		"ip -n b link set p0 up",
		"ip -n b link set p1 up",
		"ip -n a addr add 10.0.1.1/24 dev v0",
		"ip -n a addr add 10.0.2.1/24 dev v1",
	};
	struct vn_netns *ns;
	struct fix *f;

	if (vn_test_engine_setup(state))
		return -1;
	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->t = *state;
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		vn_test_exec_ok(f->t, lines[i]);
	ns = vn_engine_netns(f->t->engine, "a");
	f->inet = &ns->inet;
	f->v0 = vn_dev_lookup(&ns->devs, "v0");
	f->v1 = vn_dev_lookup(&ns->devs, "v1");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	struct vn_test_engine *t = f->t;

	free(f);
	*state = t;
	return vn_test_engine_teardown(state);
}

static int input(struct fix *f, uint32_t dst, uint32_t src,
		 struct vn_dev *dev, struct vn_ip_rt_in *rt)
{
	return vn_ip_route_input(f->inet, dst, src, dev, rt);
}

static void test_ipv4_input_martians(void **state)
{
	struct fix *f = *state;
	struct vn_ip_rt_in rt;

	assert_int_equal(input(f, A1, N1, f->v0, &rt), 0);
	assert_int_equal(rt.type, VN_RTN_LOCAL);
	/* Weak host: any of our addresses, whatever the device. */
	assert_int_equal(input(f, A2, N1, f->v0, &rt), 0);
	assert_int_equal(rt.type, VN_RTN_LOCAL);
	/* Martian sources. */
	assert_int_equal(input(f, A1, 0xe0000001, f->v0, &rt), -EINVAL);
	assert_int_equal(rt.reason, VN_DROP_IP_BAD_SRC);
	assert_int_equal(input(f, A1, 0xffffffff, f->v0, &rt), -EINVAL);
	assert_int_equal(input(f, A1, 0x00000005, f->v0, &rt), -EINVAL);
	assert_int_equal(input(f, A1, 0x7f000001, f->v0, &rt), -EINVAL);
	assert_int_equal(input(f, A1, A2, f->v0, &rt), -EINVAL);
	assert_int_equal(rt.reason, VN_DROP_IP_BAD_SRC);
	/* Martian destinations. */
	assert_int_equal(input(f, 0x00000005, N1, f->v0, &rt), -EINVAL);
	assert_int_equal(rt.reason, VN_DROP_IP_BAD_DST);
	assert_int_equal(input(f, 0x7f000001, N1, f->v0, &rt), -EINVAL);
	assert_int_equal(input(f, 0xe0000005, N1, f->v0, &rt), -EINVAL);
	/* Broadcasts; 0.0.0.0 only towards the limited one (DHCP). */
	assert_int_equal(input(f, 0xffffffff, 0, f->v0, &rt), 0);
	assert_int_equal(rt.type, VN_RTN_BROADCAST);
	assert_int_equal(input(f, 0x0a0001ff, N1, f->v0, &rt), 0);
	assert_int_equal(rt.type, VN_RTN_BROADCAST);
	assert_int_equal(input(f, 0x0a0001ff, 0, f->v0, &rt), -EINVAL);
	assert_int_equal(input(f, 0xe0000001, N1, f->v0, &rt), 0);
	assert_int_equal(rt.type, VN_RTN_MULTICAST);
}

static void test_ipv4_input_forwarding(void **state)
{
	struct fix *f = *state;
	struct vn_ip_rt_in rt;

	/* Forwarding off: unreachable, and ip_error() stays silent. */
	assert_int_equal(input(f, 0x0a000202u, N1, f->v0, &rt), 0);
	assert_int_equal(rt.type, VN_RTN_UNREACHABLE);
	assert_int_equal(rt.error, EHOSTUNREACH);
	/* On for v0 only: packets from v0 go, from v1 do not. */
	vn_test_exec_ok(f->t, "ip netns exec a sysctl -q net.ipv4.conf.v0.forwarding=1");
	assert_int_equal(input(f, 0x0a000202u, N1, f->v0, &rt), 0);
	assert_int_equal(rt.type, VN_RTN_UNICAST);
	assert_ptr_equal(rt.fib.dev, f->v1);
	assert_false(rt.doredirect);
	assert_int_equal(input(f, N1, 0x0a000202u, f->v1, &rt), 0);
	assert_int_equal(rt.type, VN_RTN_UNREACHABLE);
	/* No route: ENETUNREACH; unreachable and prohibit routes say so. */
	assert_int_equal(input(f, FAR, N1, f->v0, &rt), 0);
	assert_int_equal(rt.error, ENETUNREACH);
	vn_test_exec_ok(f->t, "ip -n a route add prohibit 192.168.5.0/24");
	assert_int_equal(input(f, FAR, N1, f->v0, &rt), 0);
	assert_int_equal(rt.error, EACCES);
	vn_test_exec_ok(f->t, "ip -n a route replace blackhole 192.168.5.0/24");
	assert_int_equal(input(f, FAR, N1, f->v0, &rt), 0);
	assert_int_equal(rt.error, EINVAL);
	/* Back out the way it came, from a neighbour: redirect it. */
	vn_test_exec_ok(f->t, "ip -n a route replace 192.168.5.0/24 via 10.0.1.3");
	assert_int_equal(input(f, FAR, N1, f->v0, &rt), 0);
	assert_int_equal(rt.type, VN_RTN_UNICAST);
	assert_true(rt.doredirect);
	assert_int_equal(rt.fib.nexthop, 0x0a000103u);
	/* ... unless send_redirects is off on both all and the device. */
	vn_test_exec_ok(f->t, "ip netns exec a sysctl -q net.ipv4.conf.all.send_redirects=0");
	assert_int_equal(input(f, FAR, N1, f->v0, &rt), 0);
	assert_true(rt.doredirect);
	vn_test_exec_ok(f->t, "ip netns exec a sysctl -q net.ipv4.conf.v0.send_redirects=0");
	assert_int_equal(input(f, FAR, N1, f->v0, &rt), 0);
	assert_false(rt.doredirect);
	/* A sender that is not directly connected gets no redirect. */
	vn_test_exec_ok(f->t, "ip netns exec a sysctl -q net.ipv4.conf.v0.send_redirects=1");
	assert_int_equal(input(f, FAR, 0xac100001u, f->v0, &rt), 0);
	assert_false(rt.doredirect);
}

static void test_ipv4_input_rp_filter(void **state)
{
	struct fix *f = *state;
	struct vn_ip_rt_in rt;

	/* 172.16.0.0/16 lives behind v1; a packet from it on v0. */
	vn_test_exec_ok(f->t, "ip -n a route add 172.16.0.0/16 via 10.0.2.9");
	assert_int_equal(input(f, A1, 0xac100001u, f->v0, &rt), 0);
	vn_test_exec_ok(f->t, "ip netns exec a sysctl -q net.ipv4.conf.v0.rp_filter=1");
	assert_int_equal(input(f, A1, 0xac100001u, f->v0, &rt), -EINVAL);
	assert_int_equal(rt.reason, VN_DROP_IP_BAD_SRC);
	/* ... but on v1 it is fine. */
	assert_int_equal(input(f, A2, 0xac100001u, f->v1, &rt), 0);
	/* Loose: any route back will do; none at all will not. */
	vn_test_exec_ok(f->t, "ip netns exec a sysctl -q net.ipv4.conf.all.rp_filter=2");
	assert_int_equal(input(f, A1, 0xac100001u, f->v0, &rt), 0);
	assert_int_equal(input(f, A1, FAR, f->v0, &rt), -EINVAL);
	/* The larger of all and the device counts: v0 is 1, all is 2. */
	vn_test_exec_ok(f->t, "ip netns exec a sysctl -q net.ipv4.conf.all.rp_filter=0");
	assert_int_equal(input(f, A1, 0xac100001u, f->v0, &rt), -EINVAL);
}

static void test_ipv4_output_sources(void **state)
{
	struct fix *f = *state;
	struct vn_route_result res;

	assert_int_equal(vn_route_output(f->inet, N1, 0, 0, &res), 0);
	assert_int_equal(res.src, A1);
	assert_ptr_equal(res.dev, f->v0);
	/* Ours: through lo, from the address itself. */
	assert_int_equal(vn_route_output(f->inet, A2, 0, 0, &res), 0);
	assert_int_equal(res.type, VN_RTN_LOCAL);
	assert_int_equal(res.src, A2);
	assert_true(res.dev->flags & VN_IFF_LOOPBACK);
	assert_true(res.flags & VN_RTCF_LOCAL);
	/* A source asked for must be ours. */
	assert_int_equal(vn_route_output(f->inet, N1, 0x01020304, 0, &res),
			 -ENETUNREACH);
	assert_int_equal(vn_route_output(f->inet, N1, A2, 0, &res), 0);
	assert_int_equal(res.src, A2);
	/* A gateway route: the source goes by the route's scope. */
	vn_test_exec_ok(f->t, "ip -n a route add default via 10.0.2.9");
	assert_int_equal(vn_route_output(f->inet, FAR, 0, 0, &res), 0);
	assert_int_equal(res.src, A2);
	assert_int_equal(res.nexthop, 0x0a000209u);
	/* With a device and no route, on-link is assumed. */
	vn_test_exec_ok(f->t, "ip -n a route del default");
	assert_int_equal(vn_route_output(f->inet, FAR, 0, 0, &res),
			 -ENETUNREACH);
	assert_int_equal(vn_route_output(f->inet, FAR, 0, f->v0->ifindex,
					 &res), 0);
	assert_ptr_equal(res.dev, f->v0);
	assert_int_equal(res.nexthop, FAR);
	/* Limited broadcast needs a device or a source. */
	assert_int_equal(vn_route_output(f->inet, 0xffffffff, A1, 0, &res), 0);
	assert_ptr_equal(res.dev, f->v0);
	assert_int_equal(res.type, VN_RTN_BROADCAST);
	/* A loopback source leaves only through lo. */
	assert_int_equal(vn_route_output(f->inet, N1, 0x7f000001, 0, &res),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_ipv4_input_martians),
		T(test_ipv4_input_forwarding),
		T(test_ipv4_input_rp_filter),
		T(test_ipv4_output_sources),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
