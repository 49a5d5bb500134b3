// SPDX-License-Identifier: MIT
/*
 * tests/unit/dev/test_vlan.c - 802.1Q/802.1ad VLAN devices (dev/vlan.c).
 *
 * The real device is a veth end "eth" in space 0; its peer "wire" in
 * space 1 is the outside.  What a VLAN device sends is read off the wire
 * byte for byte; what the wire sends is received by eth and demultiplexed
 * by the device core's VLAN hook.  Expected results follow
 * net/8021q/vlan_core.c (vlan_do_receive()), vlan_dev.c and vlan.c, and
 * __netif_receive_skb_core() for tags no VLAN device claims.  Every test
 * is a leak test (vn_test_env).
 */
#include "helpers.h"

#include "dev/bridge.h"
#include "dev/veth.h"
#include "dev/vlan.h"

/* What arrived on the wire, as a capture there saw it. */
struct wire_tap {
	struct vn_sniffer s;
	unsigned n;
	uint8_t last[128];
	uint32_t last_len;
};

/* Static: the teardown deletes the wire after the test returned. */
static struct wire_tap wire_tap;

struct topo {
	struct vn_test_env *t;
	struct vn_dev *eth, *wire;
};

static void tap_frame(struct vn_sniffer *s, struct vn_dev *dev,
		      const struct vn_buf *buf, bool outgoing)
{
	struct wire_tap *tap = container_of(s, struct wire_tap, s);

	(void)dev;
	if (outgoing)
		return;
	tap->n++;
	tap->last_len = VN_MIN(buf->len, (uint32_t)sizeof(tap->last));
	memcpy(tap->last, buf->data, tap->last_len);
}

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t OUTSIDE[6] = { 0x02, 0, 0, 0, 0, 0x99 };

static void topo_init(struct topo *o, struct vn_test_env *t)
{
	struct vn_err err;

	memset(o, 0, sizeof(*o));
	o->t = t;
	vn_err_init(&err);
	assert_int_equal(vn_veth_create(&t->s[0].space, "eth", &t->s[1].space,
					"wire", &o->eth, &err),
			 0);
	o->wire = o->eth->ops->get_link(o->eth);
	memset(&wire_tap, 0, sizeof(wire_tap));
	wire_tap.s.frame = tap_frame;
	vn_dev_sniffer_add(o->wire, &wire_tap.s);
	assert_int_equal(vn_dev_open(o->eth, &err), 0);
	assert_int_equal(vn_dev_open(o->wire, &err), 0);
}

static struct vn_dev *add_vlan(struct topo *o, struct vn_dev *real,
			       const char *name, uint16_t proto,
			       uint16_t vid)
{
	struct vn_vlan_config c = { .proto = proto, .has_vid = true,
				    .vid = vid,
				    .flags = VN_VLAN_FLAG_REORDER_HDR };
	struct vn_dev *dev;
	struct vn_err err;

	vn_err_init(&err);
	assert_int_equal(vn_vlan_create(&o->t->s[0].space, name, real, &c,
					&dev, &err),
			 0);
	assert_int_equal(vn_dev_open(dev, &err), 0);
	return dev;
}

static void run(struct topo *o)
{
	while (vn_backlog_run(&o->t->backlog, 1000))
		;
}

/*
 * The frame that reached the wire since the last call (the wire's own
 * stack drops tagged frames: it has no VLAN devices).
 */
static const uint8_t *on_wire(struct topo *o, uint32_t *len)
{
	run(o);
	assert_int_equal(wire_tap.n, 1);
	wire_tap.n = 0;
	*len = wire_tap.last_len;
	return wire_tap.last;
}

/* The one frame space @i's stack got: which device, and its bytes. */
static struct vn_buf *take_one(struct topo *o, int i)
{
	struct vn_buf *buf;

	run(o);
	assert_int_equal(o->t->s[i].delivered.len, 1);
	buf = vn_bufq_pop(&o->t->s[i].delivered);
	return buf;
}

/* The wire sends @len bytes: dst, src, then @rest. */
static void from_wire(struct topo *o, const uint8_t *dst, const uint8_t *rest,
		      size_t rest_len)
{
	struct vn_buf *buf = vn_buf_alloc(o->t->env.pool, 128);
	uint8_t *p = vn_buf_put(buf, (uint32_t)(12 + rest_len));

	memcpy(p, dst, 6);
	memcpy(p + 6, OUTSIDE, 6);
	memcpy(p + 12, rest, rest_len);
	vn_dev_xmit(o->wire, buf);
	run(o);
}

static uint64_t drops(struct topo *o, int i, enum vn_drop_reason r)
{
	return o->t->s[i].space.drops.n[r];
}

static void test_vlan_xmit_inserts_the_tag(void **state)
{
	struct vn_dev *v10, *v20ad;
	const uint8_t *p;
	struct topo o;
	uint32_t len;

	topo_init(&o, *state);
	v10 = add_vlan(&o, o.eth, "eth.10", VN_ETH_P_8021Q, 10);
	v20ad = add_vlan(&o, o.eth, "eth.20", VN_ETH_P_8021AD, 20);
	vn_dev_xmit(v10, vn_test_frame(o.t, BCAST, v10->mac, VN_ETH_P_IP, 60,
				       0xee));
	p = on_wire(&o, &len);
	assert_int_equal(len, 64);
	assert_true(vn_vlan_check(p, len));
	assert_int_equal(vn_vlan_tpid(p), VN_ETH_P_8021Q);
	assert_int_equal(vn_vlan_tci(p), 10);
	assert_int_equal(vn_vlan_inner_type(p), VN_ETH_P_IP);
	assert_memory_equal(vn_eth_src(p), o.eth->mac, 6);
	assert_int_equal(p[VN_VLAN_ETH_HLEN], 0xee);
	/* The wire's own stack has no VLAN 10. */
	assert_int_equal(drops(&o, 1, VN_DROP_VLAN_UNKNOWN_VID), 1);
	/* The VLAN device counts the untagged bytes, the real one the tag. */
	assert_int_equal(v10->stats.tx_bytes, 60);
	assert_int_equal(o.eth->stats.tx_bytes, 64);
	vn_dev_xmit(v20ad, vn_test_frame(o.t, BCAST, v20ad->mac, VN_ETH_P_ARP,
					 60, 0));
	p = on_wire(&o, &len);
	assert_int_equal(vn_vlan_tpid(p), VN_ETH_P_8021AD);
	assert_int_equal(vn_vlan_vid(p), 20);
}

static void test_vlan_receive_demultiplexes(void **state)
{
	static const uint8_t tag10[] = { 0x81, 0x00, 0x00, 0x0a, 0x08, 0x00,
					 0x45 };
	static const uint8_t tag11[] = { 0x81, 0x00, 0x00, 0x0b, 0x08, 0x00,
					 0x45 };
	static const uint8_t ad10[] = { 0x88, 0xa8, 0x00, 0x0a, 0x08, 0x00,
					0x45 };
	static const uint8_t plain[] = { 0x08, 0x00, 0x45 };
	struct vn_dev *v10;
	struct vn_buf *buf;
	struct topo o;

	topo_init(&o, *state);
	v10 = add_vlan(&o, o.eth, "eth.10", VN_ETH_P_8021Q, 10);
	/* VID 10 of 802.1Q: to eth.10, untagged, for it (its MAC). */
	from_wire(&o, o.eth->mac, tag10, sizeof(tag10));
	buf = take_one(&o, 0);
	assert_ptr_equal(buf->dev, v10);
	assert_int_equal(buf->len, 12 + sizeof(tag10) - 4);
	assert_int_equal(vn_eth_type(buf->data), VN_ETH_P_IP);
	assert_int_equal(buf->pkt_type, VN_PKT_HOST);
	vn_buf_free(buf);
	assert_int_equal(v10->stats.rx_packets, 1);
	assert_int_equal(o.eth->stats.rx_packets, 1);
	/* Untagged: the real device's own. */
	from_wire(&o, BCAST, plain, sizeof(plain));
	buf = take_one(&o, 0);
	assert_ptr_equal(buf->dev, o.eth);
	vn_buf_free(buf);
	/* A VID nobody has, and the right VID of the wrong protocol. */
	from_wire(&o, BCAST, tag11, sizeof(tag11));
	from_wire(&o, BCAST, ad10, sizeof(ad10));
	assert_int_equal(o.t->s[0].delivered.len, 0);
	assert_int_equal(drops(&o, 0, VN_DROP_VLAN_UNKNOWN_VID), 2);
	/* A device that is down drops what is for it. */
	vn_dev_close(v10);
	from_wire(&o, BCAST, tag10, sizeof(tag10));
	assert_int_equal(o.t->s[0].delivered.len, 0);
	assert_int_equal(drops(&o, 0, VN_DROP_DEV_DOWN), 1);
}

static void test_vlan_priority_tag_goes_up_untagged(void **state)
{
	static const uint8_t prio[] = { 0x81, 0x00, 0xa0, 0x00, 0x08, 0x00,
					0x45 };
	static const uint8_t prio_over_10[] = { 0x81, 0x00, 0x00, 0x00, 0x81,
						0x00, 0x00, 0x0a, 0x08, 0x00 };
	struct vn_dev *v10;
	struct vn_buf *buf;
	struct topo o;

	topo_init(&o, *state);
	from_wire(&o, BCAST, prio, sizeof(prio));
	buf = take_one(&o, 0);
	assert_ptr_equal(buf->dev, o.eth);
	assert_int_equal(vn_eth_type(buf->data), VN_ETH_P_IP);
	vn_buf_free(buf);
	/* 802.1P outer tag over a real one: the inner one is demultiplexed. */
	v10 = add_vlan(&o, o.eth, "eth.10", VN_ETH_P_8021Q, 10);
	from_wire(&o, BCAST, prio_over_10, sizeof(prio_over_10));
	buf = take_one(&o, 0);
	assert_ptr_equal(buf->dev, v10);
	assert_int_equal(vn_eth_type(buf->data), VN_ETH_P_IP);
	vn_buf_free(buf);
}

static void test_vlan_cut_tag_is_dropped(void **state)
{
	static const uint8_t cut[] = { 0x81, 0x00, 0x00 };
	struct topo o;

	topo_init(&o, *state);
	add_vlan(&o, o.eth, "eth.10", VN_ETH_P_8021Q, 10);
	from_wire(&o, BCAST, cut, sizeof(cut));
	assert_int_equal(o.t->s[0].delivered.len, 0);
	assert_int_equal(drops(&o, 0, VN_DROP_VLAN_TRUNCATED), 1);
}

static void test_vlan_qinq_stacks(void **state)
{
	static const uint8_t qinq[] = { 0x88, 0xa8, 0x00, 0x64, 0x81, 0x00,
					0x00, 0x0a, 0x08, 0x00, 0x45 };
	struct vn_dev *s100, *c10;
	struct vn_buf *buf;
	const uint8_t *p;
	struct topo o;
	uint32_t len;

	topo_init(&o, *state);
	s100 = add_vlan(&o, o.eth, "eth.100", VN_ETH_P_8021AD, 100);
	c10 = add_vlan(&o, s100, "eth.100.10", VN_ETH_P_8021Q, 10);
	from_wire(&o, BCAST, qinq, sizeof(qinq));
	buf = take_one(&o, 0);
	assert_ptr_equal(buf->dev, c10);
	assert_int_equal(vn_eth_type(buf->data), VN_ETH_P_IP);
	vn_buf_free(buf);
	/* And back: two tags, outer S-tag first. */
	vn_dev_xmit(c10, vn_test_frame(o.t, BCAST, c10->mac, VN_ETH_P_IP, 60,
				       0));
	p = on_wire(&o, &len);
	assert_int_equal(len, 68);
	assert_int_equal(vn_vlan_tpid(p), VN_ETH_P_8021AD);
	assert_int_equal(vn_vlan_vid(p), 100);
	assert_int_equal(vn_vlan_vid(p + VN_VLAN_HLEN), 10);
}

static void test_vlan_follows_the_real_device(void **state)
{
	struct vn_vlan_config c = { .proto = VN_ETH_P_8021Q, .has_vid = true,
				    .vid = 30,
				    .flags = VN_VLAN_FLAG_REORDER_HDR |
					     VN_VLAN_FLAG_LOOSE_BINDING };
	static const uint8_t NEW[6] = { 0x02, 0, 0, 0, 0x44, 0x44 };
	struct vn_dev *v10, *loose;
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	v10 = add_vlan(&o, o.eth, "eth.10", VN_ETH_P_8021Q, 10);
	vn_err_init(&err);
	assert_int_equal(vn_vlan_create(&o.t->s[0].space, "eth.30", o.eth, &c,
					&loose, &err),
			 0);
	assert_int_equal(vn_dev_open(loose, &err), 0);
	assert_memory_equal(v10->mac, o.eth->mac, 6);
	vn_dev_close(o.eth);
	assert_false(vn_dev_is_up(v10));
	assert_true(vn_dev_is_up(loose));	/* loose_binding */
	assert_false(loose->carrier);
	assert_int_equal(vn_dev_open(v10, &err), -ENETDOWN);
	assert_string_equal(err.msg, "RTNETLINK answers: Network is down");
	vn_err_init(&err);
	assert_int_equal(vn_dev_open(o.eth, &err), 0);
	assert_true(vn_dev_is_up(v10));
	assert_true(v10->carrier);
	/* An inherited MAC follows the real device's. */
	assert_int_equal(vn_dev_set_mac(o.eth, NEW, &err), 0);
	assert_memory_equal(v10->mac, NEW, 6);
	/* MTU: no more than the real device's. */
	assert_int_equal(vn_dev_set_mtu(v10, 1501, &err), -ERANGE);
	assert_int_equal(vn_dev_set_mtu(o.eth, 1400, &err), 0);
	assert_int_equal(v10->mtu, 1400);
	/* Deleting the real device deletes its VLANs. */
	vn_dev_unregister(o.eth);
	assert_null(vn_dev_lookup(&o.t->s[0].space, "eth.10"));
	assert_null(vn_dev_lookup(&o.t->s[0].space, "eth.30"));
}

static void test_vlan_create_refusals(void **state)
{
	struct vn_vlan_config c = { .proto = VN_ETH_P_8021Q, .has_vid = true,
				    .vid = 10,
				    .flags = VN_VLAN_FLAG_REORDER_HDR };
	struct vn_dev *lo, *dev;
	struct vn_err err;
	struct topo o;

	topo_init(&o, *state);
	add_vlan(&o, o.eth, "eth.10", VN_ETH_P_8021Q, 10);
#define REFUSED(rc_, msg_)                                                   \
	do {                                                                 \
		vn_err_init(&err);                                           \
		assert_int_equal(vn_vlan_create(&o.t->s[0].space, "x",       \
						o.eth, &c, &dev, &err),      \
				 rc_);                                       \
		assert_string_equal(err.msg, msg_);                          \
		assert_null(vn_dev_lookup(&o.t->s[0].space, "x"));           \
	} while (0)
	REFUSED(-EEXIST, "Error: 8021q: VLAN device already exists.");
	c.vid = 4095;
	REFUSED(-ERANGE, "Error: 8021q: Invalid VLAN id.");
	c.vid = 11;
	c.proto = VN_ETH_P_IP;
	REFUSED(-EPROTONOSUPPORT, "Error: 8021q: Invalid VLAN protocol.");
	c.proto = VN_ETH_P_8021Q;
	c.has_vid = false;
	REFUSED(-EINVAL, "Error: 8021q: VLAN id not specified.");
	c.has_vid = true;
	c.has_mtu = true;
	c.mtu = 1600;
	REFUSED(-EINVAL, "RTNETLINK answers: Invalid argument");
	c.has_mtu = false;
	c.flags |= VN_VLAN_FLAG_GVRP;
	REFUSED(-EOPNOTSUPP, "Error: vnet does not support the VLAN flag gvrp.");
#undef REFUSED
	c.flags = VN_VLAN_FLAG_REORDER_HDR;
	vn_err_init(&err);
	assert_int_equal(vn_vlan_create(&o.t->s[0].space, "x", NULL, &c, &dev,
					&err),
			 -EINVAL);
	assert_string_equal(err.msg, "Error: 8021q: link not specified.");
	/* A loopback device cannot carry VLANs (NETIF_F_VLAN_CHALLENGED). */
	lo = o.eth;
	lo->type = VN_ARPHRD_LOOPBACK;
	vn_err_init(&err);
	assert_int_equal(vn_vlan_create(&o.t->s[0].space, "x", lo, &c, &dev,
					&err),
			 -EOPNOTSUPP);
	lo->type = VN_ARPHRD_ETHER;
}

/* A VLAN device as a bridge port: what the bridge sends it goes tagged. */
static void test_vlan_device_as_bridge_port(void **state)
{
	static const uint8_t tag10[] = { 0x81, 0x00, 0x00, 0x0a, 0x88, 0xb5,
					 0x00 };
	struct vn_dev *v10, *br;
	struct vn_buf *buf;
	const uint8_t *p;
	struct vn_err err;
	struct topo o;
	uint32_t len;

	topo_init(&o, *state);
	v10 = add_vlan(&o, o.eth, "eth.10", VN_ETH_P_8021Q, 10);
	vn_err_init(&err);
	assert_int_equal(vn_bridge_create(&o.t->s[0].space, "br0", &br, &err),
			 0);
	assert_int_equal(vn_dev_set_master(v10, br, &err), 0);
	assert_int_equal(vn_dev_open(br, &err), 0);
	vn_dev_xmit(br, vn_test_frame(o.t, BCAST, br->mac, 0x88b5, 60, 0));
	p = on_wire(&o, &len);
	assert_int_equal(vn_vlan_vid(p), 10);
	/* Tagged 10 in: through eth.10's rx handler, the bridge's. */
	from_wire(&o, BCAST, tag10, sizeof(tag10));
	buf = take_one(&o, 0);
	assert_ptr_equal(buf->dev, br);
	vn_buf_free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) \
	cmocka_unit_test_setup_teardown(fn, vn_test_env_setup, vn_test_env_teardown)
		T(test_vlan_xmit_inserts_the_tag),
		T(test_vlan_receive_demultiplexes),
		T(test_vlan_priority_tag_goes_up_untagged),
		T(test_vlan_cut_tag_is_dropped),
		T(test_vlan_qinq_stacks),
		T(test_vlan_follows_the_real_device),
		T(test_vlan_create_refusals),
		T(test_vlan_device_as_bridge_port),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
