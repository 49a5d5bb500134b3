// SPDX-License-Identifier: MIT
/*
 * tests/unit/dev/test_bridge.c - who receives what through a bridge.
 *
 * A bridge br0 in space 0 with three veth ports v1..v3 whose peers
 * p1..p3 sit in space 1.  Frames built by hand are received on a port
 * (as if its peer had sent them); after the backlog drains, the frames
 * that reached each peer, and the bridge device itself, are counted.
 * Expected results follow net/bridge/br_input.c and br_forward.c, and
 * br_vlan.c for the VLAN tests, which watch the peers with sniffers
 * (a peer's own stack drops tagged frames: it has no VLAN devices).
 * Every test is a leak test (vn_test_env).
 */
#include "helpers.h"

#include "dev/bridge.h"
#include "dev/veth.h"
#include "dev/vlan.h"

#define NP 3

struct topo {
	struct vn_test_env *t;
	struct vn_dev *br;
	struct vn_dev *v[NP];		/* ports, space 0 */
	struct vn_dev *peer[NP];	/* their peers, space 1 */
	unsigned got[NP];		/* frames each peer received */
	unsigned up;			/* frames the bridge device received */
	unsigned own[NP];		/* frames a port passed to its own stack */
};

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t H1[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t H2[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t H3[6] = { 0x02, 0, 0, 0, 0, 0x03 };
static const uint8_t UNKNOWN[6] = { 0x02, 0, 0, 0, 0, 0x99 };

static void topo_init(struct topo *o, struct vn_test_env *t)
{
	char name[16], pname[16];
	struct vn_err err;

	memset(o, 0, sizeof(*o));
	o->t = t;
	vn_err_init(&err);
	assert_int_equal(vn_bridge_create(&t->s[0].space, "br0", &o->br, &err),
			 0);
	for (int i = 0; i < NP; i++) {
		snprintf(name, sizeof(name), "v%d", i + 1);
		snprintf(pname, sizeof(pname), "p%d", i + 1);
		assert_int_equal(vn_veth_create(&t->s[0].space, name,
						&t->s[1].space, pname, &o->v[i],
						&err), 0);
		o->peer[i] = o->v[i]->ops->get_link(o->v[i]);
		assert_int_equal(vn_dev_set_master(o->v[i], o->br, &err), 0);
		assert_int_equal(vn_dev_open(o->v[i], &err), 0);
		assert_int_equal(vn_dev_open(o->peer[i], &err), 0);
	}
	assert_int_equal(vn_dev_open(o->br, &err), 0);
}

/* Drains the backlog, then counts and frees what was delivered. */
static void settle(struct topo *o)
{
	struct vn_buf *buf;

	while (vn_backlog_run(&o->t->backlog, 1000))
		;
	while ((buf = vn_bufq_pop(&o->t->s[1].delivered))) {
		for (int i = 0; i < NP; i++)
			if (buf->dev == o->peer[i])
				o->got[i]++;
		vn_buf_free(buf);
	}
	while ((buf = vn_bufq_pop(&o->t->s[0].delivered))) {
		if (buf->dev == o->br)
			o->up++;
		for (int i = 0; i < NP; i++)
			if (buf->dev == o->v[i])
				o->own[i]++;
		vn_buf_free(buf);
	}
}

static void clear(struct topo *o)
{
	memset(o->got, 0, sizeof(o->got));
	memset(o->own, 0, sizeof(o->own));
	o->up = 0;
}

/* Port @i receives a frame @src -> @dst (as sent by its peer). */
static void send_on(struct topo *o, int i, const uint8_t *dst,
		    const uint8_t *src)
{
	struct vn_buf *buf = vn_test_frame(o->t, dst, src, 0x88b5, 60, 0);

	vn_backlog_enqueue(&o->t->backlog, o->v[i], buf);
	settle(o);
}

static void expect(struct topo *o, unsigned g1, unsigned g2, unsigned g3,
		   unsigned up)
{
	assert_int_equal(o->got[0], g1);
	assert_int_equal(o->got[1], g2);
	assert_int_equal(o->got[2], g3);
	assert_int_equal(o->up, up);
	clear(o);
}

static struct vn_br_port *port(struct topo *o, int i)
{
	return vn_br_port_of(o->v[i]);
}

static void set_flag(struct topo *o, int i, uint32_t flag, bool on)
{
	struct vn_br_port_opts opts = { .flag_mask = flag,
					.flag_set = on ? flag : 0 };
	struct vn_err err;

	vn_err_init(&err);
	assert_int_equal(vn_br_port_change(port(o, i), &opts, &err), 0);
}

static void test_bridge_unknown_unicast_floods_then_learns(void **state)
{
	struct topo o;

	topo_init(&o, *state);
	send_on(&o, 0, H2, H1);
	expect(&o, 0, 1, 1, 0);		/* not back out of v1, not up */
	send_on(&o, 1, H1, H2);		/* H1 was learned on v1 */
	expect(&o, 1, 0, 0, 0);
	send_on(&o, 0, H2, H1);		/* and H2 on v2 */
	expect(&o, 0, 1, 0, 0);
	assert_ptr_equal(vn_fdb_find(&vn_bridge_of(o.br)->fdb, H1, 0)->port,
			 port(&o, 0));
}

static void test_bridge_broadcast_reaches_all_and_bridge(void **state)
{
	struct topo o;

	topo_init(&o, *state);
	send_on(&o, 0, BCAST, H1);
	expect(&o, 0, 1, 1, 1);
	set_flag(&o, 2, VN_BRPORT_BCAST_FLOOD, false);
	send_on(&o, 0, BCAST, H1);
	expect(&o, 0, 1, 0, 1);
}

static void test_bridge_flood_off_stops_unknown_unicast_only(void **state)
{
	struct topo o;
	static const uint8_t MC[6] = { 0x01, 0x00, 0x5e, 0, 0, 0x01 };

	topo_init(&o, *state);
	set_flag(&o, 2, VN_BRPORT_FLOOD, false);
	send_on(&o, 0, UNKNOWN, H1);
	expect(&o, 0, 1, 0, 0);
	send_on(&o, 0, MC, H1);		/* multicast follows mcast_flood */
	expect(&o, 0, 1, 1, 1);
	set_flag(&o, 2, VN_BRPORT_MCAST_FLOOD, false);
	send_on(&o, 0, MC, H1);
	expect(&o, 0, 1, 0, 1);
	/* A known destination is forwarded whatever its flood flag. */
	send_on(&o, 2, H1, H3);
	expect(&o, 1, 0, 0, 0);
	send_on(&o, 0, H3, H1);
	expect(&o, 0, 0, 1, 0);
}

static void test_bridge_hairpin_sends_back_to_ingress(void **state)
{
	struct topo o;

	topo_init(&o, *state);
	send_on(&o, 0, BCAST, H1);	/* learn H1 on v1 */
	send_on(&o, 0, BCAST, H2);	/* and H2 on v1 too */
	clear(&o);
	send_on(&o, 0, H2, H1);
	expect(&o, 0, 0, 0, 0);		/* dropped: ingress port */
	set_flag(&o, 0, VN_BRPORT_HAIRPIN, true);
	send_on(&o, 0, H2, H1);
	expect(&o, 1, 0, 0, 0);
	send_on(&o, 0, BCAST, H1);	/* floods go back too */
	expect(&o, 1, 1, 1, 1);
}

static void test_bridge_isolated_ports_do_not_talk(void **state)
{
	struct topo o;

	topo_init(&o, *state);
	set_flag(&o, 0, VN_BRPORT_ISOLATED, true);
	set_flag(&o, 1, VN_BRPORT_ISOLATED, true);
	send_on(&o, 0, BCAST, H1);
	expect(&o, 0, 0, 1, 1);
	send_on(&o, 1, H1, H2);		/* isolated to isolated: dropped */
	expect(&o, 0, 0, 0, 0);
	send_on(&o, 2, H1, H3);		/* non-isolated to isolated: fine */
	expect(&o, 1, 0, 0, 0);
}

static void test_bridge_learning_off_learns_nothing(void **state)
{
	struct topo o;
	struct vn_bridge *br;

	topo_init(&o, *state);
	br = vn_bridge_of(o.br);
	send_on(&o, 0, BCAST, H1);
	set_flag(&o, 0, VN_BRPORT_LEARNING, false);
	/* Linux keeps what was learned when learning is turned off. */
	assert_non_null(vn_fdb_find(&br->fdb, H1, 0));
	send_on(&o, 0, BCAST, H3);
	assert_null(vn_fdb_find(&br->fdb, H3, 0));
	clear(&o);
}

static void test_bridge_link_local_groups(void **state)
{
	static const uint8_t STP[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x00 };
	static const uint8_t PAUSE[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x01 };
	static const uint8_t PAE[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x03 };
	struct vn_bridge_opts opts = { .set = VN_BROPT_GROUP_FWD_MASK,
				       .group_fwd_mask = 1u << 3 };
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	/* 802.1D: 01-80-C2-00-00-00 is forwarded while STP is off. */
	send_on(&o, 0, STP, H1);
	expect(&o, 0, 1, 1, 1);
	/* 01 (pause) is always dropped. */
	send_on(&o, 0, PAUSE, H1);
	assert_int_equal(o.own[0], 0);
	expect(&o, 0, 0, 0, 0);
	/* 03 (802.1X) goes to the port's own stack only... */
	send_on(&o, 0, PAE, H1);
	assert_int_equal(o.own[0], 1);
	expect(&o, 0, 0, 0, 0);
	/* ... unless the group_fwd_mask opens it. */
	vn_err_init(&err);
	assert_int_equal(vn_bridge_change(vn_bridge_of(o.br), &opts, &err), 0);
	send_on(&o, 0, PAE, H1);
	expect(&o, 0, 1, 1, 1);
	/* Bits 0-2 of the mask are restricted. */
	opts.group_fwd_mask = 1;
	assert_int_equal(vn_bridge_change(vn_bridge_of(o.br), &opts, &err),
			 -EINVAL);
}

static void test_bridge_mac_is_smallest_port_mac(void **state)
{
	struct topo o;
	const uint8_t *min;
	struct vn_bridge *br;

	topo_init(&o, *state);
	br = vn_bridge_of(o.br);
	min = o.v[0]->mac;
	for (int i = 1; i < NP; i++)
		if (vn_mac_cmp(o.v[i]->mac, min) < 0)
			min = o.v[i]->mac;
	assert_memory_equal(o.br->mac, min, 6);
	assert_memory_equal(br->bridge_id.addr, min, 6);
	/* Frames to the bridge MAC go up, not out. */
	send_on(&o, 0, o.br->mac, H1);
	expect(&o, 0, 0, 0, 1);
	for (int i = 0; i < NP; i++)
		vn_dev_release(o.v[i]);
	/* br_stp_recalculate_bridge_id() with no port: all zero. */
	assert_true(vn_mac_is_zero(o.br->mac));
	assert_int_equal(br->fdb.n_entries, 0);
}

static void test_bridge_ageing_zero_floods_like_a_hub(void **state)
{
	struct vn_bridge_opts opts = { .set = VN_BROPT_AGEING, .ageing = 0 };
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	send_on(&o, 1, BCAST, H2);
	clear(&o);
	vn_err_init(&err);
	assert_int_equal(vn_bridge_change(vn_bridge_of(o.br), &opts, &err), 0);
	send_on(&o, 0, H2, H1);
	expect(&o, 0, 1, 1, 0);
}

static void test_bridge_port_state_by_hand(void **state)
{
	struct vn_br_port_opts opts = { .set = VN_BRPORT_OPT_STATE };
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	vn_err_init(&err);
	opts.state = VN_BR_STATE_LEARNING;
	assert_int_equal(vn_br_port_change(port(&o, 0), &opts, &err), 0);
	send_on(&o, 0, BCAST, H1);	/* learned, not forwarded */
	expect(&o, 0, 0, 0, 0);
	assert_non_null(vn_fdb_find(&vn_bridge_of(o.br)->fdb, H1, 0));
	/* Blocking becomes forwarding at once with STP off. */
	opts.state = VN_BR_STATE_BLOCKING;
	assert_int_equal(vn_br_port_change(port(&o, 0), &opts, &err), 0);
	assert_int_equal(port(&o, 0)->state, VN_BR_STATE_FORWARDING);
	opts.state = 5;
	assert_int_equal(vn_br_port_change(port(&o, 0), &opts, &err), -EINVAL);
	vn_dev_close(o.peer[2]);	/* no carrier on v3 */
	assert_int_equal(port(&o, 2)->state, VN_BR_STATE_DISABLED);
	opts.state = VN_BR_STATE_FORWARDING;
	assert_int_equal(vn_br_port_change(port(&o, 2), &opts, &err),
			 -ENETDOWN);
}

/* --- VLANs ---------------------------------------------------------- */

/* What each peer saw arrive: how many frames, the last one's tag. */
struct peer_tap {
	struct vn_sniffer s;
	unsigned n;
	int vid;		/* -1: untagged */
};

/* Static: the teardown deletes the peers after the test returned. */
static struct peer_tap taps[NP];

static void tap_frame(struct vn_sniffer *s, struct vn_dev *dev,
		      const struct vn_buf *buf, bool outgoing)
{
	struct peer_tap *tap = container_of(s, struct peer_tap, s);

	(void)dev;
	if (outgoing)
		return;
	tap->n++;
	tap->vid = vn_vlan_check(buf->data, buf->len) ?
			   vn_vlan_vid(buf->data) :
			   -1;
}

static void taps_init(struct topo *o)
{
	memset(taps, 0, sizeof(taps));
	for (int i = 0; i < NP; i++) {
		taps[i].s.frame = tap_frame;
		vn_dev_sniffer_add(o->peer[i], &taps[i].s);
	}
}

/* Peer @i saw @n frames since the last check, the last with @vid. */
static void expect_tap(int i, unsigned n, int vid)
{
	assert_int_equal(taps[i].n, n);
	if (n)
		assert_int_equal(taps[i].vid, vid);
	taps[i].n = 0;
}

/* Port @i receives a frame tagged @vid (-1: untagged). */
static void send_tagged(struct topo *o, int i, const uint8_t *dst,
			const uint8_t *src, int vid)
{
	struct vn_buf *buf = vn_test_frame(o->t, dst, src, 0x88b5, 60, 0);

	if (vid >= 0)
		assert_int_equal(vn_vlan_push_tag(buf, VN_ETH_P_8021Q,
						  (uint16_t)vid),
				 0);
	vn_backlog_enqueue(&o->t->backlog, o->v[i], buf);
	settle(o);
	/* Tagged frames die at the peers' stacks; the taps counted them. */
	clear(o);
}

static void vlan_add(struct topo *o, int i, uint16_t vid, unsigned flags)
{
	struct vn_err err;

	vn_err_init(&err);
	assert_int_equal(vn_br_vlan_add(vn_bridge_of(o->br),
					i < 0 ? NULL : port(o, i), vid, flags,
					&err),
			 0);
}

static void filtering(struct topo *o, bool on)
{
	struct vn_bridge_opts opts = { .set = VN_BROPT_VLAN_FILTERING,
				       .vlan_filtering = on };
	struct vn_err err;

	vn_err_init(&err);
	assert_int_equal(vn_bridge_change(vn_bridge_of(o->br), &opts, &err),
			 0);
}

static void test_bridge_vlan_default_pvid_everywhere(void **state)
{
	struct vn_bridge *br;
	struct topo o;

	topo_init(&o, *state);
	br = vn_bridge_of(o.br);
	assert_int_equal(br->vlans.pvid, 1);
	assert_true(vn_br_vlan_untagged(&br->vlans, 1));
	for (int i = 0; i < NP; i++) {
		assert_int_equal(port(&o, i)->vlans.pvid, 1);
		assert_int_equal(port(&o, i)->vlans.n_vlans, 1);
		/* br_fdb_add_local() per VLAN: the port's MAC in VLAN 1. */
		assert_ptr_equal(vn_fdb_find(&br->fdb, o.v[i]->mac, 1)->port,
				 port(&o, i));
	}
}

/*
 * v1: access port of VLAN 10, v2: of VLAN 20, v3: trunk of 10 and 20
 * (tagged, no PVID).  Frames only meet members of their VLAN, tagged
 * where the VLAN is tagged.
 */
static void vlan_topo(struct topo *o)
{
	taps_init(o);
	vlan_add(o, 0, 10, VN_BR_VLAN_PVID | VN_BR_VLAN_UNTAGGED);
	vlan_add(o, 1, 20, VN_BR_VLAN_PVID | VN_BR_VLAN_UNTAGGED);
	assert_int_equal(vn_br_vlan_del(vn_bridge_of(o->br), port(o, 2), 1),
			 0);
	vlan_add(o, 2, 10, 0);
	vlan_add(o, 2, 20, 0);
	filtering(o, true);
}

static uint64_t br_drops(struct topo *o, enum vn_drop_reason r)
{
	return o->t->s[0].space.drops.n[r];
}

static void test_bridge_vlan_filtering_separates_vlans(void **state)
{
	struct topo o;

	topo_init(&o, *state);
	vlan_topo(&o);
	/* Untagged from v1 is VLAN 10: out of v3 tagged, not to v2. */
	send_tagged(&o, 0, BCAST, H1, -1);
	expect_tap(0, 0, 0);
	expect_tap(1, 0, 0);
	expect_tap(2, 1, 10);
	/* Tagged 20 from the trunk: untagged out of v2. */
	send_tagged(&o, 2, BCAST, H3, 20);
	expect_tap(0, 0, 0);
	expect_tap(1, 1, -1);
	/* A VLAN the trunk lacks, and untagged there (no PVID): dropped. */
	send_tagged(&o, 2, BCAST, H3, 30);
	send_tagged(&o, 2, BCAST, H3, -1);
	assert_int_equal(br_drops(&o, VN_DROP_BR_VLAN_INGRESS), 2);
	for (int i = 0; i < NP; i++)
		expect_tap(i, 0, 0);
	/* Off again: tags are just bytes, everyone hears everything. */
	filtering(&o, false);
	send_tagged(&o, 2, BCAST, H3, 30);
	expect_tap(0, 1, 30);
	expect_tap(1, 1, 30);
}

static void test_bridge_vlan_learns_per_vlan(void **state)
{
	struct vn_bridge *br;
	struct topo o;

	topo_init(&o, *state);
	br = vn_bridge_of(o.br);
	vlan_topo(&o);
	send_tagged(&o, 2, BCAST, H3, 10);
	send_tagged(&o, 1, BCAST, H3, -1);	/* H3 again, VLAN 20 on v2 */
	assert_ptr_equal(vn_fdb_find(&br->fdb, H3, 10)->port, port(&o, 2));
	assert_ptr_equal(vn_fdb_find(&br->fdb, H3, 20)->port, port(&o, 1));
	assert_null(vn_fdb_find(&br->fdb, H3, 0));
	for (int i = 0; i < NP; i++)
		taps[i].n = 0;
	/* Known in VLAN 10: forwarded to v3 only, tagged. */
	send_tagged(&o, 0, H3, H1, -1);
	expect_tap(0, 0, 0);
	expect_tap(1, 0, 0);
	expect_tap(2, 1, 10);
	/* Deleting VLAN 20 of v2 forgets what v2 learned in it. */
	assert_int_equal(vn_br_vlan_del(br, port(&o, 1), 20), 0);
	assert_null(vn_fdb_find(&br->fdb, H3, 20));
	assert_null(vn_fdb_find(&br->fdb, o.v[1]->mac, 20));
}

static void test_bridge_vlan_bridge_device_is_a_port(void **state)
{
	struct topo o;

	topo_init(&o, *state);
	vlan_topo(&o);
	/* The bridge is in VLAN 1 only: VLAN 10 never reaches its stack. */
	send_tagged(&o, 0, BCAST, H1, -1);
	assert_int_equal(br_drops(&o, VN_DROP_BR_VLAN_EGRESS), 1);
	vlan_add(&o, -1, 10, VN_BR_VLAN_UNTAGGED);
	send_on(&o, 0, BCAST, H1);
	expect(&o, 0, 0, 0, 1);
	/* What the bridge sends untagged is its PVID's, VLAN 1: v1 and v2
	 * are still members (a new PVID does not remove VLAN 1), v3 not. */
	for (int i = 0; i < NP; i++)
		taps[i].n = 0;
	vn_dev_xmit(o.br, vn_test_frame(o.t, BCAST, o.br->mac, 0x88b5, 60, 0));
	settle(&o);
	expect(&o, 1, 1, 0, 0);
	expect_tap(0, 1, -1);
	expect_tap(1, 1, -1);
	expect_tap(2, 0, 0);
	/* Tagged 10 from its stack: v1 untagged, v3 tagged. */
	{
		struct vn_buf *buf = vn_test_frame(o.t, BCAST, o.br->mac,
						   0x88b5, 60, 0);

		assert_int_equal(vn_vlan_push_tag(buf, VN_ETH_P_8021Q, 10), 0);
		vn_dev_xmit(o.br, buf);
		settle(&o);
	}
	expect_tap(0, 1, -1);
	expect_tap(1, 0, 0);
	expect_tap(2, 1, 10);
	clear(&o);
}

static void test_bridge_vlan_default_pvid_moves(void **state)
{
	struct vn_bridge_opts opts = { .set = VN_BROPT_VLAN_DEFAULT_PVID };
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	/* v1's PVID is the user's: default_pvid leaves it alone. */
	vlan_add(&o, 0, 5, VN_BR_VLAN_PVID | VN_BR_VLAN_UNTAGGED);
	opts.default_pvid = 7;
	vn_err_init(&err);
	assert_int_equal(vn_bridge_change(vn_bridge_of(o.br), &opts, &err), 0);
	assert_int_equal(port(&o, 0)->vlans.pvid, 5);
	assert_true(vn_br_vlan_has(&port(&o, 0)->vlans, 1));
	assert_int_equal(port(&o, 1)->vlans.pvid, 7);
	assert_false(vn_br_vlan_has(&port(&o, 1)->vlans, 1));
	assert_int_equal(vn_bridge_of(o.br)->vlans.pvid, 7);
	opts.default_pvid = 0;
	assert_int_equal(vn_bridge_change(vn_bridge_of(o.br), &opts, &err), 0);
	assert_int_equal(port(&o, 1)->vlans.n_vlans, 0);
	opts.default_pvid = 4095;
	assert_int_equal(vn_bridge_change(vn_bridge_of(o.br), &opts, &err),
			 -ERANGE);
}

static void test_bridge_vlan_fdb_add_covers_vlans(void **state)
{
	struct vn_bridge *br;
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	br = vn_bridge_of(o.br);
	vlan_add(&o, 0, 10, 0);
	vn_err_init(&err);
	/* No VID: VLAN 0 and each of the port's VLANs (br_fdb_add()). */
	assert_int_equal(vn_bridge_fdb_add(br, port(&o, 0), H2, 0,
					   VN_FDB_STATIC,
					   VN_FDB_CREATE | VN_FDB_EXCL, &err),
			 0);
	assert_non_null(vn_fdb_find(&br->fdb, H2, 0));
	assert_non_null(vn_fdb_find(&br->fdb, H2, 1));
	assert_non_null(vn_fdb_find(&br->fdb, H2, 10));
	/* A VLAN the port lacks is refused. */
	assert_int_equal(vn_bridge_fdb_add(br, port(&o, 0), H3, 20,
					   VN_FDB_STATIC, VN_FDB_CREATE, &err),
			 -EINVAL);
	assert_int_equal(vn_bridge_fdb_del(br, port(&o, 0), H2, 10, &err), 0);
	assert_int_equal(vn_bridge_fdb_del(br, port(&o, 0), H2, 0, &err), 0);
	assert_null(vn_fdb_find(&br->fdb, H2, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) \
	cmocka_unit_test_setup_teardown(fn, vn_test_env_setup, vn_test_env_teardown)
		T(test_bridge_unknown_unicast_floods_then_learns),
		T(test_bridge_broadcast_reaches_all_and_bridge),
		T(test_bridge_flood_off_stops_unknown_unicast_only),
		T(test_bridge_hairpin_sends_back_to_ingress),
		T(test_bridge_isolated_ports_do_not_talk),
		T(test_bridge_learning_off_learns_nothing),
		T(test_bridge_link_local_groups),
		T(test_bridge_mac_is_smallest_port_mac),
		T(test_bridge_ageing_zero_floods_like_a_hub),
		T(test_bridge_port_state_by_hand),
		T(test_bridge_vlan_default_pvid_everywhere),
		T(test_bridge_vlan_filtering_separates_vlans),
		T(test_bridge_vlan_learns_per_vlan),
		T(test_bridge_vlan_bridge_device_is_a_port),
		T(test_bridge_vlan_default_pvid_moves),
		T(test_bridge_vlan_fdb_add_covers_vlans),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
