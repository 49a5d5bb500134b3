// SPDX-License-Identifier: MIT
/*
 * tests/unit/dev/test_veth.c - virtual Ethernet pairs (dev/veth.c), on the
 * bare device world of helpers.h: creation rules, Linux's carrier rules
 * (both ends up), queued delivery through the backlog, the MTU and
 * peer-down drops, the mark scrubbed across namespaces, deleting a pair,
 * and moving one end to another device space.
 */
#include "helpers.h"

#include <errno.h>

#include "dev/veth.h"

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* Creates NAME in space @i and PEER in space @j; returns NAME. */
static struct vn_dev *pair(struct vn_test_env *t, int i, const char *name,
			   int j, const char *peer_name)
{
	struct vn_dev *dev = NULL;

	assert_int_equal(vn_veth_create(&t->s[i].space, name, &t->s[j].space,
					peer_name, &dev, NULL), 0);
	assert_non_null(dev);
	return dev;
}

static struct vn_dev *peer_of(struct vn_dev *dev)
{
	return dev->ops->get_link(dev);
}

static void up_both(struct vn_dev *a)
{
	assert_int_equal(vn_dev_open(a, NULL), 0);
	assert_int_equal(vn_dev_open(peer_of(a), NULL), 0);
}

static struct vn_buf *frame_from(struct vn_test_env *t, struct vn_dev *src,
				 const uint8_t *dst, uint32_t len)
{
	return vn_test_frame(t, dst, src->mac, VN_ETH_P_IP, len, 0x5a);
}

static void test_veth_create_pair(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_devspace *sp = &t->s[0].space;
	struct vn_dev *a = pair(t, 0, "veth0", 0, "veth1");
	struct vn_dev *b = vn_dev_lookup(sp, "veth1");

	assert_non_null(b);
	assert_ptr_equal(peer_of(a), b);
	assert_ptr_equal(peer_of(b), a);
	assert_true(vn_dev_is_veth(a));
	assert_string_equal(a->ops->kind, "veth");
	/* veth_newlink(): the peer is registered first. */
	assert_int_equal(b->ifindex, 1);
	assert_int_equal(a->ifindex, 2);
	assert_int_equal(vn_test_events(&t->s[0], NULL, VN_DEV_REGISTER), 2);
	assert_ptr_equal(t->s[0].log[0].dev, b);
	/* Down, no carrier, distinct random MACs. */
	assert_false(vn_dev_is_up(a));
	assert_false(a->carrier);
	assert_false(b->carrier);
	assert_true(vn_mac_is_valid(a->mac));
	assert_false(vn_mac_equal(a->mac, b->mac));
	assert_int_equal(a->mtu, 1500);
}

static void test_veth_create_across_spaces(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_dev *a = pair(t, 0, "eth0", 1, "eth0");
	struct vn_dev *b = peer_of(a);

	/* The same name on both sides is fine in different spaces. */
	assert_ptr_equal(a->space, &t->s[0].space);
	assert_ptr_equal(b->space, &t->s[1].space);
	assert_int_equal(a->ifindex, 1);
	assert_int_equal(b->ifindex, 1);
}

static void test_veth_create_refuses_bad_names(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_devspace *s0 = &t->s[0].space, *s1 = &t->s[1].space;
	struct vn_dev *out = NULL;
	struct vn_err err;

	pair(t, 0, "x", 1, "y");
	vn_test_events_clear(&t->s[0]);
	vn_test_events_clear(&t->s[1]);
	vn_err_init(&err);
	assert_int_equal(vn_veth_create(s0, "a", s0, "a", &out, &err), -EEXIST);
	assert_string_equal(err.msg, "RTNETLINK answers: File exists");
	vn_err_init(&err);
	assert_int_equal(vn_veth_create(s0, "x", s0, "b", &out, &err), -EEXIST);
	assert_int_equal(vn_veth_create(s0, "a", s1, "y", &out, NULL), -EEXIST);
	vn_err_init(&err);
	assert_int_equal(vn_veth_create(s0, "a/b", s0, "c", &out, &err),
			 -EINVAL);
	assert_string_equal(err.msg,
			    "Error: argument \"a/b\" is wrong: \"name\" not a valid ifname");
	assert_int_equal(vn_veth_create(s0, "a", s0, "1234567890123456", &out,
					NULL), -EINVAL);
	assert_int_equal(vn_veth_create(s0, "", s0, "b", &out, NULL), -EINVAL);
	/* Nothing was created or announced. */
	assert_null(out);
	assert_int_equal(s0->n_devs, 1);
	assert_int_equal(s1->n_devs, 1);
	assert_int_equal(t->s[0].n_log + t->s[1].n_log, 0);
}

static void test_veth_carrier_needs_both_ends_up(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_dev *a = pair(t, 0, "a", 1, "b");
	struct vn_dev *b = peer_of(a);

	vn_dev_open(a, NULL);
	assert_false(a->carrier);
	assert_false(b->carrier);
	assert_string_equal(vn_dev_operstate(a), "DOWN");	/* NO-CARRIER */
	vn_test_events_clear(&t->s[1]);
	vn_dev_open(b, NULL);
	assert_true(a->carrier);
	assert_true(b->carrier);
	assert_true(vn_dev_get_flags(a) & VN_IFF_LOWER_UP);
	assert_true(vn_dev_get_flags(b) & VN_IFF_LOWER_UP);
	assert_string_equal(vn_dev_operstate(a), "UP");
	/* Either end going down takes the carrier from both. */
	vn_test_events_clear(&t->s[0]);
	vn_dev_close(b);
	assert_false(a->carrier);
	assert_false(b->carrier);
	assert_true(vn_dev_is_up(a));
	assert_int_equal(vn_test_events(&t->s[0], a, VN_DEV_CHANGE), 1);
	vn_dev_open(b, NULL);
	vn_dev_close(a);
	assert_false(a->carrier);
	assert_false(b->carrier);
	vn_dev_open(a, NULL);
	assert_true(a->carrier && b->carrier);
}

static void test_veth_delivery_is_queued(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_dev *a = pair(t, 0, "a", 1, "b");
	struct vn_dev *b = peer_of(a);
	struct vn_buf *buf;

	up_both(a);
	vn_dev_xmit(a, frame_from(t, a, b->mac, 100));
	vn_dev_xmit(a, frame_from(t, a, bcast, 60));
	/* Nothing arrived yet: it waits on the backlog (netif_rx). */
	assert_int_equal(t->s[1].delivered.len, 0);
	assert_int_equal(t->backlog.q.len, 2);
	assert_int_equal(a->stats.tx_packets, 2);
	assert_int_equal(a->stats.tx_bytes, 160);
	assert_int_equal(b->stats.rx_packets, 0);
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 2);
	buf = vn_bufq_pop(&t->s[1].delivered);
	assert_non_null(buf);
	assert_ptr_equal(buf->dev, b);
	assert_int_equal(buf->pkt_type, VN_PKT_HOST);
	assert_int_equal(buf->len, 100);
	vn_buf_free(buf);
	buf = vn_bufq_pop(&t->s[1].delivered);
	assert_int_equal(buf->pkt_type, VN_PKT_BROADCAST);
	vn_buf_free(buf);
	assert_int_equal(b->stats.rx_packets, 2);
	assert_int_equal(b->stats.rx_bytes, 160);
	/* And back. */
	vn_dev_xmit(b, frame_from(t, b, a->mac, 70));
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 1);
	assert_int_equal(vn_test_delivered_flush(&t->s[0]), 1);
	assert_int_equal(a->stats.rx_packets, 1);
}

static void test_veth_drops_when_peer_down(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_dev *a = pair(t, 0, "a", 0, "b");
	struct vn_dev *b = peer_of(a);
	const struct vn_drop_stats *drops = vn_pool_drop_stats(t->env.pool);

	vn_dev_open(a, NULL);
	vn_dev_xmit(a, frame_from(t, a, bcast, 60));
	assert_int_equal(t->backlog.q.len, 0);
	assert_int_equal(a->stats.tx_dropped, 1);
	assert_int_equal(a->stats.tx_packets, 0);
	assert_int_equal(drops->n[VN_DROP_VETH_PEER_DOWN], 1);
	/* A frame queued before the peer went down dies on arrival. */
	vn_dev_open(b, NULL);
	vn_dev_xmit(a, frame_from(t, a, bcast, 60));
	vn_dev_close(b);
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 1);
	assert_int_equal(t->s[0].delivered.len, 0);
	assert_int_equal(b->stats.rx_dropped, 1);
	assert_int_equal(t->s[0].space.drops.n[VN_DROP_DEV_DOWN], 1);
}

static void test_veth_mtu_limit_is_peers(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_dev *a = pair(t, 0, "a", 1, "b");
	struct vn_dev *b = peer_of(a);
	const struct vn_drop_stats *drops = vn_pool_drop_stats(t->env.pool);

	up_both(a);
	assert_int_equal(vn_dev_set_mtu(b, 1400, NULL), 0);
	/* is_skb_forwardable(): MTU + Ethernet header + one VLAN tag. */
	vn_dev_xmit(a, frame_from(t, a, bcast, 1400 + 14 + 4));
	vn_dev_xmit(a, frame_from(t, a, bcast, 1400 + 14 + 4 + 1));
	assert_int_equal(a->stats.tx_packets, 1);
	assert_int_equal(a->stats.tx_dropped, 1);
	assert_int_equal(drops->n[VN_DROP_FRAME_TOO_LONG], 1);
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 1);
	assert_int_equal(vn_test_delivered_flush(&t->s[1]), 1);
	/* The sender's own MTU does not limit what it sends to the peer. */
	vn_dev_xmit(b, frame_from(t, b, bcast, 1518));
	assert_int_equal(b->stats.tx_packets, 1);
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 1);
	assert_int_equal(vn_test_delivered_flush(&t->s[0]), 1);
}

static void test_veth_mark_scrubbed_across_spaces(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_dev *same = pair(t, 0, "a", 0, "b");
	struct vn_dev *cross = pair(t, 0, "c", 1, "d");
	struct vn_buf *buf;

	up_both(same);
	up_both(cross);
	buf = frame_from(t, same, bcast, 60);
	buf->mark = 7;
	vn_dev_xmit(same, buf);
	buf = frame_from(t, cross, bcast, 60);
	buf->mark = 7;
	vn_dev_xmit(cross, buf);
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 2);
	/* skb_scrub_packet(xnet): the mark survives only within a space. */
	buf = vn_bufq_pop(&t->s[0].delivered);
	assert_int_equal(buf->mark, 7);
	vn_buf_free(buf);
	buf = vn_bufq_pop(&t->s[1].delivered);
	assert_int_equal(buf->mark, 0);
	vn_buf_free(buf);
}

struct sniff {
	struct vn_sniffer s;
	unsigned n_in, n_out;
};

static void sniff_frame(struct vn_sniffer *s, struct vn_dev *dev,
			const struct vn_buf *buf, bool outgoing)
{
	struct sniff *sn = container_of(s, struct sniff, s);

	(void)dev;
	(void)buf;
	if (outgoing)
		sn->n_out++;
	else
		sn->n_in++;
}

static void test_veth_sniffers_on_both_ends(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_dev *a = pair(t, 0, "a", 1, "b");
	struct vn_dev *b = peer_of(a);
	struct sniff sa = { .s = { .frame = sniff_frame } };
	struct sniff sb = { .s = { .frame = sniff_frame } };

	up_both(a);
	vn_dev_sniffer_add(a, &sa.s);
	vn_dev_sniffer_add(b, &sb.s);
	vn_dev_xmit(a, frame_from(t, a, bcast, 60));
	assert_int_equal(sa.n_out, 1);
	assert_int_equal(sb.n_in, 0);		/* not yet: queued */
	vn_backlog_run(&t->backlog, 1000);
	assert_int_equal(sb.n_in, 1);
	vn_dev_xmit(b, frame_from(t, b, bcast, 60));
	vn_backlog_run(&t->backlog, 1000);
	assert_int_equal(sb.n_out, 1);
	assert_int_equal(sa.n_in, 1);
	vn_dev_sniffer_del(a, &sa.s);
	vn_dev_sniffer_del(b, &sb.s);
	assert_int_equal(vn_test_delivered_flush(&t->s[0]), 1);
	assert_int_equal(vn_test_delivered_flush(&t->s[1]), 1);
}

static void test_veth_delete_one_end_deletes_pair(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_dev *a = pair(t, 0, "a", 1, "b");
	struct vn_dev *keep = pair(t, 0, "c", 1, "d");
	const struct vn_drop_stats *drops = vn_pool_drop_stats(t->env.pool);

	up_both(a);
	up_both(keep);
	/* Frames in flight towards both ends and towards another pair. */
	vn_dev_xmit(a, frame_from(t, a, bcast, 60));
	vn_dev_xmit(peer_of(a), frame_from(t, a, bcast, 60));
	vn_dev_xmit(keep, frame_from(t, keep, bcast, 60));
	vn_test_events_clear(&t->s[1]);
	vn_dev_unregister(peer_of(a));
	assert_null(vn_dev_lookup(&t->s[0].space, "a"));
	assert_null(vn_dev_lookup(&t->s[1].space, "b"));
	assert_int_equal(vn_test_events(&t->s[1], NULL, VN_DEV_UNREGISTER),
			 1);
	assert_int_equal(drops->n[VN_DROP_DEV_DELETED], 2);
	assert_int_equal(t->backlog.q.len, 1);
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 1);
	assert_int_equal(vn_test_delivered_flush(&t->s[1]), 1);
	assert_true(keep->carrier);
}

static void test_veth_move_end_keeps_pair(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_dev *a = pair(t, 0, "a", 0, "b");
	struct vn_dev *b = peer_of(a);

	up_both(a);
	assert_true(a->carrier);
	assert_int_equal(vn_dev_move(b, &t->s[1].space, "eth0", NULL), 0);
	/* Moving downs the end, so the pair loses its carrier. */
	assert_false(vn_dev_is_up(b));
	assert_false(a->carrier);
	assert_ptr_equal(peer_of(a), b);
	assert_int_equal(b->ifindex, 1);	/* free there: kept */
	vn_dev_open(b, NULL);
	assert_true(a->carrier);
	vn_dev_xmit(a, frame_from(t, a, bcast, 60));
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 1);
	assert_int_equal(vn_test_delivered_flush(&t->s[1]), 1);
	/* Deleting the moved end still deletes both. */
	vn_dev_unregister(b);
	assert_int_equal(t->s[0].space.n_devs, 0);
	assert_int_equal(t->s[1].space.n_devs, 0);
}

/* Through the command layer, in a whole engine (helpers.h's fixture). */
static void test_veth_commands_in_namespaces(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_netns *a, *b;
	struct vn_dev *v0, *v1;

	vn_test_exec_ok(t, "ip netns add a");
	vn_test_exec_ok(t, "ip netns add b");
	vn_test_exec_ok(t, "ip -n a link add v0 type veth peer name v1 netns b");
	a = vn_engine_netns(t->engine, "a");
	b = vn_engine_netns(t->engine, "b");
	v0 = vn_dev_lookup(&a->devs, "v0");
	v1 = vn_dev_lookup(&b->devs, "v1");
	assert_non_null(v0);
	assert_non_null(v1);
	/* lo is 1 in each namespace; the first device made gets 2. */
	assert_int_equal(v0->ifindex, 2);
	assert_int_equal(v1->ifindex, 2);
	assert_ptr_equal(peer_of(v0), v1);
	assert_string_equal(vn_test_output(t), "");
	/* The kernel's message and ip's status for a taken name. */
	assert_int_equal(vn_test_exec(t, "ip -n a link add v0 type veth"), 2);
	assert_string_equal(vn_test_output(t),
			    "RTNETLINK answers: File exists\n");
	vn_test_output_clear(t);
	vn_test_exec_ok(t, "ip -n a link set v0 up");
	vn_test_exec_ok(t, "ip -n b link set v1 up");
	assert_true(v0->carrier && v1->carrier);
	/* Deleting the namespace deletes its end, and so the pair. */
	vn_test_exec_ok(t, "ip netns del a");
	assert_null(vn_dev_lookup(&b->devs, "v1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_env_setup, \
						vn_test_env_teardown)
		T(test_veth_create_pair),
		T(test_veth_create_across_spaces),
		T(test_veth_create_refuses_bad_names),
		T(test_veth_carrier_needs_both_ends_up),
		T(test_veth_delivery_is_queued),
		T(test_veth_drops_when_peer_down),
		T(test_veth_mtu_limit_is_peers),
		T(test_veth_mark_scrubbed_across_spaces),
		T(test_veth_sniffers_on_both_ends),
		T(test_veth_delete_one_end_deletes_pair),
		T(test_veth_move_end_keeps_pair),
		cmocka_unit_test_setup_teardown(test_veth_commands_in_namespaces,
						vn_test_engine_setup,
						vn_test_engine_teardown),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
