// SPDX-License-Identifier: MIT
/*
 * tests/unit/dev/test_macvlan.c - who hears what around a macvlan parent.
 *
 * The parent is a veth end "up0" in space 0; its peer "wire" in space 1
 * stands for the outside: what a child sends out arrives there, and what
 * the tests put on the wire's transmit side arrives at the parent.
 * Children live in space 1 too, so the frames each one's stack gets can be
 * told apart from the parent's.  Expected results follow
 * drivers/net/macvlan.c (macvlan_handle_frame(), macvlan_queue_xmit(),
 * macvlan_broadcast()).  Every test is a leak test (vn_test_env), and the
 * child table is checked against a linear model on seeded random input.
 */
#include "helpers.h"

#include "base/rand.h"
#include "dev/bridge.h"
#include "dev/macvlan.h"
#include "dev/veth.h"

#define MAX_KIDS 4

struct topo {
	struct vn_test_env *t;
	struct vn_dev *up0, *wire;
	struct vn_dev *kid[MAX_KIDS];
	unsigned n_kids;
	unsigned got[MAX_KIDS];		/* frames each child's stack got */
	unsigned parent;		/* frames the parent's stack got */
	unsigned out;			/* frames that reached the wire */
};

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t MCAST[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
static const uint8_t OUTSIDE[6] = { 0x02, 0, 0, 0, 0, 0x99 };
static const uint8_t OTHER[6] = { 0x02, 0, 0, 0, 0, 0x77 };

static void kid_mac(unsigned i, uint8_t *mac)
{
	static const uint8_t base[6] = { 0x02, 0, 0, 0, 0x10, 0 };

	memcpy(mac, base, 6);
	mac[5] = (uint8_t)(i + 1);
}

static void topo_init(struct topo *o, struct vn_test_env *t)
{
	struct vn_err err;

	memset(o, 0, sizeof(*o));
	o->t = t;
	vn_err_init(&err);
	assert_int_equal(vn_veth_create(&t->s[0].space, "up0", &t->s[1].space,
					"wire", &o->up0, &err),
			 0);
	o->wire = o->up0->ops->get_link(o->up0);
	assert_int_equal(vn_dev_open(o->up0, &err), 0);
	assert_int_equal(vn_dev_open(o->wire, &err), 0);
}

/* A child of up0 in space 1, up, with MAC 02:00:00:00:10:0N. */
static struct vn_dev *add_kid(struct topo *o, enum vn_macvlan_mode mode)
{
	struct vn_macvlan_config c = { .mode = mode };
	char name[16];
	uint8_t mac[6];
	struct vn_err err;
	unsigned i = o->n_kids++;

	kid_mac(i, mac);
	c.mac = mode == VN_MACVLAN_PASSTHRU ? NULL : mac;
	snprintf(name, sizeof(name), "mv%u", i);
	vn_err_init(&err);
	assert_int_equal(vn_macvlan_create(&o->t->s[1].space, name, o->up0, &c,
					   &o->kid[i], &err),
			 0);
	assert_int_equal(vn_dev_open(o->kid[i], &err), 0);
	return o->kid[i];
}

/* Drains the backlog and counts what reached each stack. */
static void settle(struct topo *o)
{
	struct vn_buf *buf;

	while (vn_backlog_run(&o->t->backlog, 1000))
		;
	while ((buf = vn_bufq_pop(&o->t->s[1].delivered))) {
		if (buf->dev == o->wire)
			o->out++;
		for (unsigned i = 0; i < o->n_kids; i++)
			if (buf->dev == o->kid[i])
				o->got[i]++;
		vn_buf_free(buf);
	}
	while ((buf = vn_bufq_pop(&o->t->s[0].delivered))) {
		if (buf->dev == o->up0)
			o->parent++;
		vn_buf_free(buf);
	}
}

static void clear(struct topo *o)
{
	memset(o->got, 0, sizeof(o->got));
	o->parent = o->out = 0;
}

/* A frame arrives from the outside (the wire sends it to up0). */
static void from_wire(struct topo *o, const uint8_t *dst, const uint8_t *src)
{
	vn_dev_xmit(o->wire, vn_test_frame(o->t, dst, src, 0x88b5, 60, 0));
	settle(o);
}

/* Child @i sends a frame. */
static void from_kid(struct topo *o, unsigned i, const uint8_t *dst)
{
	vn_dev_xmit(o->kid[i],
		    vn_test_frame(o->t, dst, o->kid[i]->mac, 0x88b5, 60, 0));
	settle(o);
}

/* Expected counts: children in order, then parent, then wire. */
static void expect(struct topo *o, const unsigned *kids, unsigned parent,
		   unsigned out)
{
	for (unsigned i = 0; i < o->n_kids; i++)
		assert_int_equal(o->got[i], kids[i]);
	assert_int_equal(o->parent, parent);
	assert_int_equal(o->out, out);
	clear(o);
}

static void test_macvlan_unicast_goes_to_its_child_only(void **state)
{
	struct topo o;

	topo_init(&o, *state);
	add_kid(&o, VN_MACVLAN_BRIDGE);
	add_kid(&o, VN_MACVLAN_VEPA);
	from_wire(&o, o.kid[1]->mac, OUTSIDE);
	expect(&o, (unsigned[]){ 0, 1 }, 0, 0);
	/* A MAC no child has is the parent's business. */
	from_wire(&o, OTHER, OUTSIDE);
	expect(&o, (unsigned[]){ 0, 0 }, 1, 0);
	from_wire(&o, o.up0->mac, OUTSIDE);
	expect(&o, (unsigned[]){ 0, 0 }, 1, 0);
}

static void test_macvlan_broadcast_from_outside_reaches_all(void **state)
{
	struct topo o;

	topo_init(&o, *state);
	add_kid(&o, VN_MACVLAN_PRIVATE);
	add_kid(&o, VN_MACVLAN_VEPA);
	add_kid(&o, VN_MACVLAN_BRIDGE);
	from_wire(&o, BCAST, OUTSIDE);
	expect(&o, (unsigned[]){ 1, 1, 1 }, 1, 0);
	from_wire(&o, MCAST, OUTSIDE);
	expect(&o, (unsigned[]){ 1, 1, 1 }, 1, 0);
}

/* Counts what crosses a device, as a capture would see it. */
struct count_sniffer {
	struct vn_sniffer s;
	unsigned n_in;
};

static void count_frame(struct vn_sniffer *s, struct vn_dev *dev,
			const struct vn_buf *buf, bool outgoing)
{
	(void)dev;
	(void)buf;
	if (!outgoing)
		container_of(s, struct count_sniffer, s)->n_in++;
}

static void count_gone(struct vn_sniffer *s, struct vn_dev *dev)
{
	(void)s;
	(void)dev;
}

static void test_macvlan_bridge_mode_talks_directly(void **state)
{
	struct count_sniffer tap = { .s.frame = count_frame,
				     .s.gone = count_gone };
	struct topo o;

	topo_init(&o, *state);
	add_kid(&o, VN_MACVLAN_BRIDGE);
	add_kid(&o, VN_MACVLAN_BRIDGE);
	add_kid(&o, VN_MACVLAN_VEPA);
	/* Unicast to a bridge sibling: never out, and not counted as
	 * received by up0 (dev_forward_skb() counts nothing there). */
	from_kid(&o, 0, o.kid[1]->mac);
	expect(&o, (unsigned[]){ 0, 1, 0 }, 0, 0);
	assert_int_equal(o.up0->stats.rx_packets, 0);
	/* A capture on up0 sees it arriving there, on its way. */
	vn_dev_sniffer_add(o.up0, &tap.s);
	from_kid(&o, 0, o.kid[1]->mac);
	expect(&o, (unsigned[]){ 0, 1, 0 }, 0, 0);
	assert_int_equal(tap.n_in, 1);
	vn_dev_sniffer_del(o.up0, &tap.s);
	/* To a vepa sibling: out of the parent like anything else. */
	from_kid(&o, 0, o.kid[2]->mac);
	expect(&o, (unsigned[]){ 0, 0, 0 }, 0, 1);
	/* A broadcast: to bridge siblings directly, and out. */
	from_kid(&o, 0, BCAST);
	expect(&o, (unsigned[]){ 0, 1, 0 }, 0, 1);
	/* The parent never hears its children directly. */
	from_kid(&o, 0, o.up0->mac);
	expect(&o, (unsigned[]){ 0, 0, 0 }, 0, 1);
}

static void test_macvlan_vepa_and_private_always_go_out(void **state)
{
	struct topo o;

	topo_init(&o, *state);
	add_kid(&o, VN_MACVLAN_VEPA);
	add_kid(&o, VN_MACVLAN_VEPA);
	add_kid(&o, VN_MACVLAN_PRIVATE);
	from_kid(&o, 0, o.kid[1]->mac);
	expect(&o, (unsigned[]){ 0, 0, 0 }, 0, 1);
	from_kid(&o, 2, BCAST);
	expect(&o, (unsigned[]){ 0, 0, 0 }, 0, 1);
}

/*
 * Broadcasts the outside switch sends back (hairpin): per the sender's
 * mode, as macvlan_multicast_rx() decides; unicast comes back to its
 * owner whatever the modes.
 */
static void test_macvlan_reflected_broadcast_per_mode(void **state)
{
	struct topo o;

	topo_init(&o, *state);
	add_kid(&o, VN_MACVLAN_PRIVATE);
	add_kid(&o, VN_MACVLAN_VEPA);
	add_kid(&o, VN_MACVLAN_BRIDGE);
	add_kid(&o, VN_MACVLAN_VEPA);
	/* From a private child: back to it alone, not even the parent. */
	from_wire(&o, BCAST, o.kid[0]->mac);
	expect(&o, (unsigned[]){ 1, 0, 0, 0 }, 0, 0);
	/* From a vepa child: vepa and bridge children but the sender. */
	from_wire(&o, BCAST, o.kid[1]->mac);
	expect(&o, (unsigned[]){ 0, 0, 1, 1 }, 1, 0);
	/* From a bridge child: vepa children only. */
	from_wire(&o, BCAST, o.kid[2]->mac);
	expect(&o, (unsigned[]){ 0, 1, 0, 1 }, 1, 0);
	/* Hairpinned unicast between private children still arrives. */
	from_wire(&o, o.kid[0]->mac, o.kid[3]->mac);
	expect(&o, (unsigned[]){ 1, 0, 0, 0 }, 0, 0);
}

static void test_macvlan_table_follows_up_and_down(void **state)
{
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	add_kid(&o, VN_MACVLAN_BRIDGE);
	add_kid(&o, VN_MACVLAN_BRIDGE);
	vn_dev_close(o.kid[1]);
	/* Out of the table: its MAC is the parent's business now. */
	from_wire(&o, o.kid[1]->mac, OUTSIDE);
	expect(&o, (unsigned[]){ 0, 0 }, 1, 0);
	from_kid(&o, 0, o.kid[1]->mac);
	expect(&o, (unsigned[]){ 0, 0 }, 0, 1);
	from_wire(&o, BCAST, OUTSIDE);
	expect(&o, (unsigned[]){ 1, 0 }, 1, 0);
	vn_err_init(&err);
	assert_int_equal(vn_dev_open(o.kid[1], &err), 0);
	from_kid(&o, 0, o.kid[1]->mac);
	expect(&o, (unsigned[]){ 0, 1 }, 0, 0);
}

static void test_macvlan_addresses_are_unique(void **state)
{
	struct vn_macvlan_config c = { .mode = VN_MACVLAN_VEPA };
	struct vn_dev *dup;
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	add_kid(&o, VN_MACVLAN_VEPA);
	add_kid(&o, VN_MACVLAN_VEPA);
	vn_err_init(&err);
	/* A second child with a sibling's MAC is made, but cannot go up. */
	c.mac = o.kid[0]->mac;
	assert_int_equal(vn_macvlan_create(&o.t->s[1].space, "dup", o.up0, &c,
					   &dup, &err),
			 0);
	assert_int_equal(vn_dev_open(dup, &err), -EADDRINUSE);
	assert_string_equal(err.msg, "RTNETLINK answers: Address already in use");
	/* Nor with the parent's; a busy MAC is refused even while down
	 * (macvlan_set_mac_address()), and an up child may not take a
	 * sibling's. */
	vn_dev_unregister(dup);
	c.mac = o.up0->mac;
	assert_int_equal(vn_macvlan_create(&o.t->s[1].space, "dup", o.up0, &c,
					   &dup, &err),
			 0);
	assert_int_equal(vn_dev_open(dup, &err), -EADDRINUSE);
	vn_err_init(&err);
	assert_int_equal(vn_dev_set_mac(dup, o.kid[0]->mac, &err),
			 -EADDRINUSE);
	vn_err_init(&err);
	assert_int_equal(vn_dev_set_mac(o.kid[1], o.kid[0]->mac, &err),
			 -EADDRINUSE);
	/* A free MAC is rehashed: frames for the old one go to the parent. */
	assert_int_equal(vn_dev_set_mac(o.kid[1], OTHER, &err), 0);
	from_wire(&o, OTHER, OUTSIDE);
	expect(&o, (unsigned[]){ 0, 1 }, 0, 0);
	vn_dev_unregister(dup);
}

static void test_macvlan_passthru_owns_the_parent(void **state)
{
	struct vn_macvlan_config c = { .mode = VN_MACVLAN_BRIDGE };
	static const uint8_t NEW[6] = { 0x02, 0, 0, 0, 0x55, 0x55 };
	uint8_t perm[6];
	struct vn_dev *kid, *other;
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	memcpy(perm, o.up0->mac, 6);
	kid = add_kid(&o, VN_MACVLAN_PASSTHRU);
	assert_memory_equal(kid->mac, perm, 6);
	assert_int_equal(o.up0->promiscuity, 1);
	/* One child only, and passthru cannot come or go by changelink. */
	vn_err_init(&err);
	assert_int_equal(vn_macvlan_create(&o.t->s[1].space, "x", o.up0, &c,
					   &other, &err),
			 -EINVAL);
	assert_null(vn_dev_lookup(&o.t->s[1].space, "x"));
	assert_int_equal(vn_macvlan_change(kid, VN_MACVLAN_VEPA, -1, &err),
			 -EINVAL);
	/* Every unicast is the child's, even for other MACs. */
	from_wire(&o, OTHER, OUTSIDE);
	expect(&o, (unsigned[]){ 1 }, 0, 0);
	/* Its MAC change is the parent's, and given back at the end. */
	assert_int_equal(vn_dev_set_mac(kid, NEW, &err), 0);
	assert_memory_equal(o.up0->mac, NEW, 6);
	assert_memory_equal(kid->mac, NEW, 6);
	vn_dev_close(kid);
	assert_int_equal(o.up0->promiscuity, 0);
	vn_dev_unregister(kid);
	o.n_kids = 0;
	assert_memory_equal(o.up0->mac, perm, 6);
	assert_null(o.up0->rx_handler);
}

static void test_macvlan_passthru_refused_next_to_others(void **state)
{
	struct vn_macvlan_config c = { .mode = VN_MACVLAN_PASSTHRU };
	struct vn_dev *dev;
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	add_kid(&o, VN_MACVLAN_VEPA);
	vn_err_init(&err);
	assert_int_equal(vn_macvlan_create(&o.t->s[1].space, "pt", o.up0, &c,
					   &dev, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "RTNETLINK answers: Invalid argument");
}

static void test_macvlan_stacks_onto_the_real_lower(void **state)
{
	struct vn_macvlan_config c = { .mode = VN_MACVLAN_BRIDGE };
	struct vn_dev *top;
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	add_kid(&o, VN_MACVLAN_BRIDGE);
	vn_err_init(&err);
	assert_int_equal(vn_macvlan_create(&o.t->s[1].space, "top", o.kid[0],
					   &c, &top, &err),
			 0);
	assert_ptr_equal(top->ops->get_link(top), o.up0);
	assert_int_equal(vn_dev_open(top, &err), 0);
	/* A sibling of kid 0 now, in bridge mode: they talk directly. */
	from_kid(&o, 0, top->mac);
	expect(&o, (unsigned[]){ 0 }, 0, 0);
	assert_int_equal(vn_test_delivered_flush(&o.t->s[1]), 0);
	vn_dev_unregister(top);
}

static void test_macvlan_lower_refusals(void **state)
{
	struct vn_macvlan_config c = { .mode = VN_MACVLAN_VEPA };
	struct vn_dev *br, *dev, *v1;
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	vn_err_init(&err);
	assert_int_equal(vn_macvlan_create(&o.t->s[1].space, "m", NULL, &c,
					   &dev, &err),
			 -EINVAL);
	/* A bridge port has the bridge's rx handler... */
	assert_int_equal(vn_bridge_create(&o.t->s[0].space, "br0", &br, &err),
			 0);
	assert_int_equal(vn_veth_create(&o.t->s[0].space, "v1",
					&o.t->s[0].space, "v2", &v1, &err),
			 0);
	assert_int_equal(vn_dev_set_master(v1, br, &err), 0);
	vn_err_init(&err);
	assert_int_equal(vn_macvlan_create(&o.t->s[1].space, "m", v1, &c, &dev,
					   &err),
			 -EBUSY);
	/* ... and a macvlan parent cannot become one. */
	add_kid(&o, VN_MACVLAN_VEPA);
	vn_err_init(&err);
	assert_int_equal(vn_dev_set_master(o.up0, br, &err), -EBUSY);
	/* An MTU above the lower's is refused. */
	c.has_mtu = true;
	c.mtu = 9000;
	vn_err_init(&err);
	assert_int_equal(vn_macvlan_create(&o.t->s[1].space, "m", o.up0, &c,
					   &dev, &err),
			 -EINVAL);
	assert_null(vn_dev_lookup(&o.t->s[1].space, "m"));
}

static void test_macvlan_follows_the_lower(void **state)
{
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	add_kid(&o, VN_MACVLAN_BRIDGE);
	add_kid(&o, VN_MACVLAN_VEPA);
	assert_true(o.kid[0]->carrier);
	vn_dev_close(o.wire);		/* the veth loses carrier */
	assert_false(o.kid[0]->carrier);
	assert_false(o.kid[1]->carrier);
	vn_err_init(&err);
	assert_int_equal(vn_dev_open(o.wire, &err), 0);
	assert_true(o.kid[1]->carrier);
	/* MTU: children shrink with the lower, and may not exceed it. */
	assert_int_equal(vn_dev_set_mtu(o.up0, 1400, &err), 0);
	assert_int_equal(o.kid[0]->mtu, 1400);
	assert_int_equal(vn_dev_set_mtu(o.kid[0], 1450, &err), -EINVAL);
	/* Deleting the lower deletes the children (in their space). */
	vn_dev_unregister(o.up0);
	assert_null(vn_dev_lookup(&o.t->s[1].space, "mv0"));
	assert_null(vn_dev_lookup(&o.t->s[1].space, "mv1"));
}

static void test_macvlan_promiscuity_of_the_lower(void **state)
{
	struct topo o;

	topo_init(&o, *state);
	add_kid(&o, VN_MACVLAN_VEPA);
	/* dev_uc_add() on a lower without unicast filtering. */
	assert_int_equal(o.up0->promiscuity, 1);
	add_kid(&o, VN_MACVLAN_VEPA);
	assert_int_equal(o.up0->promiscuity, 1);
	vn_dev_set_flag(o.kid[0], VN_IFF_PROMISC, true);
	assert_int_equal(o.up0->promiscuity, 2);
	vn_dev_close(o.kid[0]);
	assert_int_equal(o.up0->promiscuity, 1);
	vn_dev_close(o.kid[1]);
	assert_int_equal(o.up0->promiscuity, 0);
}

/*
 * The child table against a linear model: random ups, downs and MAC
 * changes of three bridge-mode children, then a unicast from the wire to
 * a random one of their MACs (or another): the child that must get it is
 * the first up child owning the MAC, else the parent.
 */
static void test_macvlan_table_matches_linear_model(void **state)
{
	static const uint8_t pool[4][6] = {
		{ 0x02, 0, 0, 0, 0x20, 1 }, { 0x02, 0, 0, 0, 0x20, 2 },
		{ 0x02, 0, 0, 0, 0x20, 3 }, { 0x02, 0, 0, 0, 0x20, 4 },
	};
	struct vn_rand rnd;
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	for (int i = 0; i < 3; i++)
		add_kid(&o, VN_MACVLAN_BRIDGE);
	vn_rand_seed(&rnd, 42);
	for (int step = 0; step < 2000; step++) {
		unsigned k = vn_rand_below(&rnd, 3);
		const uint8_t *mac = pool[vn_rand_below(&rnd, 4)];
		unsigned expect_kid[3] = { 0 }, expect_parent = 0;
		int owner = -1;

		vn_err_init(&err);
		switch (vn_rand_below(&rnd, 4)) {
		case 0:
			vn_dev_close(o.kid[k]);
			break;
		case 1:
			vn_dev_open(o.kid[k], &err);
			break;
		default:
			vn_dev_set_mac(o.kid[k], mac, &err);
			break;
		}
		mac = pool[vn_rand_below(&rnd, 4)];
		for (unsigned i = 0; i < 3; i++)
			if (vn_dev_is_up(o.kid[i]) &&
			    vn_mac_equal(o.kid[i]->mac, mac))
				owner = (int)i;
		/* The model's invariant: no two up children share a MAC. */
		for (unsigned i = 0; i < 3; i++)
			if (owner >= 0 && (int)i != owner)
				assert_false(vn_dev_is_up(o.kid[i]) &&
					     vn_mac_equal(o.kid[i]->mac, mac));
		if (owner >= 0)
			expect_kid[owner] = 1;
		else
			expect_parent = 1;
		from_wire(&o, mac, OUTSIDE);
		expect(&o, expect_kid, expect_parent, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) \
	cmocka_unit_test_setup_teardown(fn, vn_test_env_setup, vn_test_env_teardown)
		T(test_macvlan_unicast_goes_to_its_child_only),
		T(test_macvlan_broadcast_from_outside_reaches_all),
		T(test_macvlan_bridge_mode_talks_directly),
		T(test_macvlan_vepa_and_private_always_go_out),
		T(test_macvlan_reflected_broadcast_per_mode),
		T(test_macvlan_table_follows_up_and_down),
		T(test_macvlan_addresses_are_unique),
		T(test_macvlan_passthru_owns_the_parent),
		T(test_macvlan_passthru_refused_next_to_others),
		T(test_macvlan_stacks_onto_the_real_lower),
		T(test_macvlan_lower_refusals),
		T(test_macvlan_follows_the_lower),
		T(test_macvlan_promiscuity_of_the_lower),
		T(test_macvlan_table_matches_linear_model),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
