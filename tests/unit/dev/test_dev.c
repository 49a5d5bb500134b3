// SPDX-License-Identifier: MIT
/*
 * tests/unit/dev/test_dev.c - the device core (dev/dev.c): registration,
 * names and ifindexes, state changes and their validation, the two doors
 * of the packet path with their counters, sniffers, rx handlers, the
 * receive backlog, and moving devices between device spaces.
 *
 * Runs on the bare device world of helpers.h (no IPv4): a "dummy" kind
 * defined here records what the core asks of a driver, and the spaces
 * record what reaches the namespace.
 */
#include "helpers.h"

#include <errno.h>
#include <limits.h>

#include "dev/loopback.h"

struct dummy {
	struct vn_dev dev;
	struct vn_bufq sent;		/* frames xmit got */
	int open_rc;			/* what open returns */
	int xmit_rc;			/* 0, or a drop reason to return */
	int mtu_rc;			/* what change_mtu returns */
	unsigned n_open, n_stop, n_uninit, n_mac_changed;
	unsigned *n_destroyed;		/* where destroy counts */
	/* As a master: slaves added, and events heard from them. */
	unsigned n_slaves;
	int add_slave_rc;
	struct vn_test_event slave_log[32];
	unsigned n_slave_log;
};

static struct dummy *to_dummy(const struct vn_dev *dev)
{
	return container_of(dev, struct dummy, dev);
}

static int dummy_open(struct vn_dev *dev, struct vn_err *err)
{
	struct dummy *d = to_dummy(dev);

	d->n_open++;
	if (d->open_rc)
		return vn_err_set(err, d->open_rc, "open refused");
	return 0;
}

static void dummy_stop(struct vn_dev *dev)
{
	to_dummy(dev)->n_stop++;
}

static int dummy_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	struct dummy *d = to_dummy(dev);

	if (d->xmit_rc) {
		vn_buf_drop(buf, (enum vn_drop_reason)d->xmit_rc);
		return d->xmit_rc;
	}
	vn_bufq_push(&d->sent, buf);
	return 0;
}

static void dummy_mac_changed(struct vn_dev *dev)
{
	to_dummy(dev)->n_mac_changed++;
}

static int dummy_change_mtu(struct vn_dev *dev, uint32_t mtu,
			    struct vn_err *err)
{
	struct dummy *d = to_dummy(dev);

	(void)mtu;
	if (d->mtu_rc)
		return vn_err_set(err, d->mtu_rc, "mtu refused");
	return 0;
}

static int dummy_add_slave(struct vn_dev *dev, struct vn_dev *slave,
			   struct vn_err *err)
{
	struct dummy *d = to_dummy(dev);

	(void)slave;
	if (d->add_slave_rc)
		return vn_err_rtnl(err, d->add_slave_rc);
	d->n_slaves++;
	return 0;
}

static void dummy_del_slave(struct vn_dev *dev, struct vn_dev *slave)
{
	(void)slave;
	to_dummy(dev)->n_slaves--;
}

static void dummy_slave_event(struct vn_dev *dev, struct vn_dev *slave,
			      enum vn_dev_event ev)
{
	struct dummy *d = to_dummy(dev);

	if (d->n_slave_log < ARRAY_SIZE(d->slave_log))
		d->slave_log[d->n_slave_log++] =
			(struct vn_test_event){ slave, ev };
}

static void dummy_uninit(struct vn_dev *dev)
{
	to_dummy(dev)->n_uninit++;
}

static void dummy_destroy(struct vn_dev *dev)
{
	struct dummy *d = to_dummy(dev);
	struct vn_buf *buf;

	while ((buf = vn_bufq_pop(&d->sent)))
		vn_buf_free(buf);
	if (d->n_destroyed)
		(*d->n_destroyed)++;
	free(d);
}

static const struct vn_dev_ops dummy_ops = {
	.kind = "dummy",
	.open = dummy_open,
	.stop = dummy_stop,
	.xmit = dummy_xmit,
	.mac_changed = dummy_mac_changed,
	.change_mtu = dummy_change_mtu,
	.add_slave = dummy_add_slave,
	.del_slave = dummy_del_slave,
	.slave_event = dummy_slave_event,
	.uninit = dummy_uninit,
	.destroy = dummy_destroy,
};

/* The same without master abilities. */
static const struct vn_dev_ops leaf_ops = {
	.kind = "leaf",
	.xmit = dummy_xmit,
	.destroy = dummy_destroy,
};

static struct dummy *dummy_new(struct vn_test_env *t, const char *name)
{
	struct dummy *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	vn_dev_setup(&d->dev, &t->env, &dummy_ops, name);
	vn_bufq_init(&d->sent);
	return d;
}

/* A registered dummy in space @i, with carrier (as a real NIC's link). */
static struct dummy *dummy_add(struct vn_test_env *t, int i, const char *name)
{
	struct dummy *d = dummy_new(t, name);

	assert_int_equal(vn_dev_register(&t->s[i].space, &d->dev, 0, NULL), 0);
	d->dev.carrier = true;
	return d;
}

static struct dummy *dummy_up(struct vn_test_env *t, int i, const char *name)
{
	struct dummy *d = dummy_add(t, i, name);

	assert_int_equal(vn_dev_open(&d->dev, NULL), 0);
	return d;
}

static unsigned sent_flush(struct dummy *d)
{
	unsigned n = 0;
	struct vn_buf *buf;

	while ((buf = vn_bufq_pop(&d->sent))) {
		vn_buf_free(buf);
		n++;
	}
	return n;
}

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
static const uint8_t other[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t peer[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };

static uint64_t pool_drops(struct vn_test_env *t, enum vn_drop_reason r)
{
	return vn_pool_drop_stats(t->env.pool)->n[r];
}

/* --- names and registration ------------------------------------------- */

static void test_dev_name_valid(void **state)
{
	static const char *const good[] = {
		"a", "eth0", "veth-a.1", "123456789012345", "br_0", "..a", "é",
	};
	static const char *const bad[] = {
		"", "1234567890123456", "a/b", "a:b", "a b", "a\tb", "a\nb",
		"a\rb", "a\vb", "a\fb", ".", "..", "/", ":",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		if (!vn_dev_name_valid(good[i]))
			fail_msg("refused \"%s\"", good[i]);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (vn_dev_name_valid(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
}

static void test_dev_register_and_lookup(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_devspace *sp = &t->s[0].space;
	struct dummy *a = dummy_add(t, 0, "a");
	struct dummy *b = dummy_add(t, 0, "123456789012345");

	assert_ptr_equal(a->dev.space, sp);
	assert_int_equal(sp->n_devs, 2);
	assert_ptr_equal(vn_dev_lookup(sp, "a"), &a->dev);
	assert_ptr_equal(vn_dev_lookup(sp, "123456789012345"), &b->dev);
	assert_null(vn_dev_lookup(sp, "A"));
	assert_null(vn_dev_lookup(&t->s[1].space, "a"));
	assert_ptr_equal(vn_dev_lookup_index(sp, a->dev.ifindex), &a->dev);
	assert_null(vn_dev_lookup_index(sp, 99));
	/* Registered down, with the Ethernet defaults of vn_dev_setup(). */
	assert_false(vn_dev_is_up(&a->dev));
	assert_int_equal(a->dev.mtu, 1500);
	assert_int_equal(a->dev.txqlen, 1000);
	assert_int_equal(a->dev.flags, VN_IFF_BROADCAST | VN_IFF_MULTICAST);
	assert_true(vn_mac_is_valid(a->dev.mac));
	assert_int_equal(a->dev.mac[0] & 0x02, 0x02);	/* local */
	assert_int_equal(a->dev.addr_assign, VN_ADDR_RANDOM);
	assert_true(vn_mac_is_broadcast(a->dev.broadcast));
	assert_int_equal(vn_test_events(&t->s[0], &a->dev, VN_DEV_REGISTER),
			 1);
}

static void test_dev_register_refuses_bad_and_duplicate_names(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_devspace *sp = &t->s[0].space;
	static const char *const bad[] = { "", "a/b", "a:b", "a b", ".", ".." };
	struct dummy *d;
	struct vn_err err;

	dummy_add(t, 0, "eth0");
	vn_test_events_clear(&t->s[0]);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char expect[128];

		d = dummy_new(t, bad[i]);
		vn_err_init(&err);
		assert_int_equal(vn_dev_register(sp, &d->dev, 0, &err),
				 -EINVAL);
		snprintf(expect, sizeof(expect),
			 "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
			 bad[i]);
		assert_string_equal(err.msg, expect);
		free(d);
	}
	d = dummy_new(t, "eth0");
	vn_err_init(&err);
	assert_int_equal(vn_dev_register(sp, &d->dev, 0, &err), -EEXIST);
	assert_string_equal(err.msg, "RTNETLINK answers: File exists");
	/* The same name in another space is fine. */
	assert_int_equal(vn_dev_register(&t->s[1].space, &d->dev, 0, NULL),
			 0);
	/* Nothing changed in the first space, nothing was announced. */
	assert_int_equal(sp->n_devs, 1);
	assert_int_equal(t->s[0].n_log, 0);
}

static void test_dev_ifindex_next_after_last(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_devspace *sp = &t->s[0].space;
	struct dummy *a, *b, *c, *d, *e, *x;
	struct vn_err err;

	a = dummy_add(t, 0, "a");
	b = dummy_add(t, 0, "b");
	c = dummy_add(t, 0, "c");
	assert_int_equal(a->dev.ifindex, 1);
	assert_int_equal(b->dev.ifindex, 2);
	assert_int_equal(c->dev.ifindex, 3);
	/* dev_new_index(): the next after the last handed out, not a hole. */
	vn_dev_unregister(&b->dev);
	d = dummy_add(t, 0, "d");
	assert_int_equal(d->dev.ifindex, 4);
	vn_dev_unregister(&d->dev);
	e = dummy_add(t, 0, "e");
	assert_int_equal(e->dev.ifindex, 5);
	/* A wanted index is used as is, and does not move the counter. */
	x = dummy_new(t, "x");
	assert_int_equal(vn_dev_register(sp, &x->dev, 9, NULL), 0);
	assert_int_equal(x->dev.ifindex, 9);
	d = dummy_add(t, 0, "d");
	assert_int_equal(d->dev.ifindex, 6);
	x = dummy_new(t, "y");
	vn_err_init(&err);
	assert_int_equal(vn_dev_register(sp, &x->dev, 9, &err), -EBUSY);
	assert_string_equal(err.msg,
			    "RTNETLINK answers: Device or resource busy");
	free(x);
	/* Counting up skips taken indexes (9 is). */
	for (int i = 7; i <= 8; i++)
		assert_int_equal(dummy_add(t, 0, i == 7 ? "f" : "g")->dev.ifindex,
				 i);
	assert_int_equal(dummy_add(t, 0, "h")->dev.ifindex, 10);
	/* Each space counts on its own. */
	assert_int_equal(dummy_add(t, 1, "a")->dev.ifindex, 1);
}

/* Regression: the counter at INT_MAX wraps to the lowest free index. */
static void test_dev_ifindex_wraps(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_devspace *sp = &t->s[0].space;
	struct dummy *a, *b;

	a = dummy_add(t, 0, "a");		/* 1 */
	sp->last_ifindex = INT_MAX - 1;
	b = dummy_add(t, 0, "b");
	assert_int_equal(b->dev.ifindex, INT_MAX);
	assert_int_equal(dummy_add(t, 0, "c")->dev.ifindex, 2);
	(void)a;
}

static void test_dev_list_in_ifindex_order(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_devspace *sp = &t->s[0].space;
	static const int want[] = { 3, 7, 1, 5 };
	struct vn_dev *dev;
	int prev = 0, n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		char name[8];
		struct dummy *d;

		snprintf(name, sizeof(name), "d%zu", i);
		d = dummy_new(t, name);
		assert_int_equal(vn_dev_register(sp, &d->dev, want[i], NULL),
				 0);
	}
	for (dev = vn_dev_next(sp, NULL); dev; dev = vn_dev_next(sp, dev)) {
		assert_true(dev->ifindex > prev);
		prev = dev->ifindex;
		n++;
	}
	assert_int_equal(n, 4);
}

static void test_dev_unregister_sequence(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_devspace *sp = &t->s[0].space;
	unsigned destroyed = 0;
	struct dummy *d = dummy_up(t, 0, "eth0");
	struct vn_test_space *ts = &t->s[0];

	d->n_destroyed = &destroyed;
	vn_test_events_clear(ts);
	vn_dev_unregister(&d->dev);
	assert_int_equal(destroyed, 1);
	assert_int_equal(sp->n_devs, 0);
	assert_null(vn_dev_lookup(sp, "eth0"));
	assert_null(vn_dev_lookup_index(sp, 1));
	/* Down first, then announced as leaving, as unregister_netdevice. */
	assert_int_equal(ts->n_log, 2);
	assert_int_equal(ts->log[0].ev, VN_DEV_DOWN);
	assert_int_equal(ts->log[1].ev, VN_DEV_UNREGISTER);
}

/* --- state changes ---------------------------------------------------- */

static void test_dev_up_down(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *d = dummy_add(t, 0, "eth0");
	struct vn_err err;

	vn_test_events_clear(&t->s[0]);
	assert_int_equal(vn_dev_open(&d->dev, NULL), 0);
	assert_true(vn_dev_is_up(&d->dev));
	assert_int_equal(d->n_open, 1);
	/* Up again: nothing to do. */
	assert_int_equal(vn_dev_open(&d->dev, NULL), 0);
	assert_int_equal(d->n_open, 1);
	assert_int_equal(vn_test_events(&t->s[0], &d->dev, VN_DEV_UP), 1);
	vn_dev_close(&d->dev);
	vn_dev_close(&d->dev);
	assert_false(vn_dev_is_up(&d->dev));
	assert_int_equal(d->n_stop, 1);
	assert_int_equal(vn_test_events(&t->s[0], &d->dev, VN_DEV_DOWN), 1);

	/* A driver refusing to open leaves the device down, unannounced. */
	d->open_rc = -ENOBUFS;
	vn_test_events_clear(&t->s[0]);
	vn_err_init(&err);
	assert_int_equal(vn_dev_open(&d->dev, &err), -ENOBUFS);
	assert_string_equal(err.msg, "open refused");
	assert_false(vn_dev_is_up(&d->dev));
	assert_int_equal(t->s[0].n_log, 0);
}

static void test_dev_flags_and_operstate(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *d = dummy_add(t, 0, "eth0");

	d->dev.carrier = false;
	assert_string_equal(vn_dev_operstate(&d->dev), "DOWN");
	assert_int_equal(vn_dev_get_flags(&d->dev) & VN_IFF_LOWER_UP, 0);
	vn_dev_open(&d->dev, NULL);
	/* Up without carrier: NO-CARRIER, operstate DOWN. */
	assert_string_equal(vn_dev_operstate(&d->dev), "DOWN");
	assert_int_equal(vn_dev_get_flags(&d->dev) & VN_IFF_LOWER_UP, 0);
	assert_false(vn_dev_is_running(&d->dev));
	vn_test_events_clear(&t->s[0]);
	vn_dev_set_carrier(&d->dev, true);
	vn_dev_set_carrier(&d->dev, true);
	assert_int_equal(vn_test_events(&t->s[0], &d->dev, VN_DEV_CHANGE), 1);
	assert_string_equal(vn_dev_operstate(&d->dev), "UP");
	assert_int_equal(vn_dev_get_flags(&d->dev),
			 VN_IFF_UP | VN_IFF_BROADCAST | VN_IFF_MULTICAST |
				 VN_IFF_LOWER_UP);
	assert_true(vn_dev_is_running(&d->dev));
	/* Loopback-type devices have no carrier notion: UNKNOWN. */
	d->dev.type = VN_ARPHRD_LOOPBACK;
	assert_string_equal(vn_dev_operstate(&d->dev), "UNKNOWN");
}

static void test_dev_set_mac(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *d = dummy_add(t, 0, "eth0");
	static const uint8_t zero[6] = { 0 };
	uint8_t before[6];
	struct vn_err err;

	memcpy(before, d->dev.mac, 6);
	vn_test_events_clear(&t->s[0]);
	vn_err_init(&err);
	assert_int_equal(vn_dev_set_mac(&d->dev, mcast, &err), -EADDRNOTAVAIL);
	assert_string_equal(err.msg,
			    "RTNETLINK answers: Cannot assign requested address");
	assert_int_equal(vn_dev_set_mac(&d->dev, zero, NULL), -EADDRNOTAVAIL);
	assert_int_equal(vn_dev_set_mac(&d->dev, bcast, NULL), -EADDRNOTAVAIL);
	assert_memory_equal(d->dev.mac, before, 6);
	assert_int_equal(d->dev.addr_assign, VN_ADDR_RANDOM);
	assert_int_equal(t->s[0].n_log, 0);

	assert_int_equal(vn_dev_set_mac(&d->dev, other, NULL), 0);
	assert_memory_equal(d->dev.mac, other, 6);
	assert_int_equal(d->dev.addr_assign, VN_ADDR_SET);
	assert_int_equal(d->n_mac_changed, 1);
	assert_int_equal(vn_test_events(&t->s[0], &d->dev, VN_DEV_CHANGEADDR),
			 1);
	/* Up or down does not matter for a virtual device. */
	vn_dev_open(&d->dev, NULL);
	assert_int_equal(vn_dev_set_mac(&d->dev, peer, NULL), 0);
	assert_int_equal(d->n_mac_changed, 2);

	/* Only Ethernet devices have a settable MAC. */
	d->dev.type = VN_ARPHRD_LOOPBACK;
	vn_err_init(&err);
	assert_int_equal(vn_dev_set_mac(&d->dev, other, &err), -EOPNOTSUPP);
	assert_string_equal(err.msg,
			    "RTNETLINK answers: Operation not supported");
}

static void test_dev_set_mtu(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *d = dummy_add(t, 0, "eth0");
	struct vn_err err;

	vn_test_events_clear(&t->s[0]);
	vn_err_init(&err);
	assert_int_equal(vn_dev_set_mtu(&d->dev, 67, &err), -EINVAL);
	assert_string_equal(err.msg, "Error: mtu less than device minimum.");
	vn_err_init(&err);
	assert_int_equal(vn_dev_set_mtu(&d->dev, 65536, &err), -EINVAL);
	assert_string_equal(err.msg, "Error: mtu greater than device maximum.");
	assert_int_equal(vn_dev_set_mtu(&d->dev, 1500, NULL), 0);
	assert_int_equal(t->s[0].n_log, 0);
	assert_int_equal(vn_dev_set_mtu(&d->dev, 68, NULL), 0);
	assert_int_equal(vn_dev_set_mtu(&d->dev, 65535, NULL), 0);
	assert_int_equal(d->dev.mtu, 65535);
	assert_int_equal(vn_test_events(&t->s[0], &d->dev, VN_DEV_CHANGEMTU),
			 2);
	/* The driver may refuse: nothing changes. */
	d->mtu_rc = -EBUSY;
	assert_int_equal(vn_dev_set_mtu(&d->dev, 9000, NULL), -EBUSY);
	assert_int_equal(d->dev.mtu, 65535);
	assert_int_equal(vn_test_events(&t->s[0], &d->dev, VN_DEV_CHANGEMTU),
			 2);
}

static void test_dev_set_name(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_devspace *sp = &t->s[0].space;
	struct dummy *a = dummy_add(t, 0, "a");
	struct vn_err err;

	dummy_add(t, 0, "b");
	vn_test_events_clear(&t->s[0]);
	vn_err_init(&err);
	assert_int_equal(vn_dev_set_name(&a->dev, "b", &err), -EEXIST);
	assert_string_equal(err.msg, "RTNETLINK answers: File exists");
	assert_int_equal(vn_dev_set_name(&a->dev, "x:1", NULL), -EINVAL);
	assert_int_equal(vn_dev_set_name(&a->dev, "1234567890123456", NULL),
			 -EINVAL);
	assert_int_equal(vn_dev_set_name(&a->dev, "a", NULL), 0);
	assert_int_equal(t->s[0].n_log, 0);
	assert_int_equal(vn_dev_set_name(&a->dev, "wan0", NULL), 0);
	assert_string_equal(a->dev.name, "wan0");
	assert_ptr_equal(vn_dev_lookup(sp, "wan0"), &a->dev);
	assert_null(vn_dev_lookup(sp, "a"));
	assert_int_equal(vn_test_events(&t->s[0], &a->dev, VN_DEV_CHANGENAME),
			 1);
	/* The old name is free again. */
	assert_int_equal(dummy_add(t, 0, "a")->dev.ifindex, 3);
}

static void test_dev_promiscuity_and_flags(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *d = dummy_add(t, 0, "eth0");

	vn_dev_set_flag(&d->dev, VN_IFF_PROMISC, true);
	vn_dev_set_flag(&d->dev, VN_IFF_PROMISC, true);
	assert_int_equal(d->dev.promiscuity, 1);
	vn_dev_set_promiscuity(&d->dev, 1);	/* a sniffer, say */
	vn_dev_set_flag(&d->dev, VN_IFF_PROMISC, false);
	assert_int_equal(d->dev.promiscuity, 1);
	assert_int_equal(d->dev.flags & VN_IFF_PROMISC, 0);
	vn_dev_set_promiscuity(&d->dev, -1);
	assert_int_equal(d->dev.promiscuity, 0);
	vn_test_events_clear(&t->s[0]);
	vn_dev_set_flag(&d->dev, VN_IFF_NOARP, true);
	vn_dev_set_flag(&d->dev, VN_IFF_NOARP, true);
	assert_true(d->dev.flags & VN_IFF_NOARP);
	assert_int_equal(vn_test_events(&t->s[0], &d->dev, VN_DEV_CHANGE), 1);
}

static void test_dev_master_and_slave_events(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *m = dummy_up(t, 0, "br0");
	struct dummy *s = dummy_add(t, 0, "eth0");
	struct dummy *plain;
	struct vn_err err;

	assert_int_equal(vn_dev_set_master(&s->dev, &m->dev, NULL), 0);
	assert_ptr_equal(s->dev.master, &m->dev);
	assert_int_equal(m->n_slaves, 1);
	/* The master hears about its slave's changes. */
	vn_dev_open(&s->dev, NULL);
	assert_true(m->n_slave_log >= 1);
	assert_ptr_equal(m->slave_log[m->n_slave_log - 1].dev, &s->dev);
	assert_int_equal(m->slave_log[m->n_slave_log - 1].ev, VN_DEV_UP);
	vn_dev_release(&s->dev);
	assert_null(s->dev.master);
	assert_int_equal(m->n_slaves, 0);
	assert_int_equal(vn_test_events(&t->s[0], &s->dev, VN_DEV_CHANGEUPPER),
			 2);
	/* A refusing master leaves the device without one. */
	m->add_slave_rc = -ELOOP;
	vn_err_init(&err);
	assert_int_equal(vn_dev_set_master(&s->dev, &m->dev, &err), -ELOOP);
	assert_null(s->dev.master);
	/* A kind that cannot be a master: not supported. */
	plain = dummy_new(t, "plain");
	plain->dev.ops = &leaf_ops;
	assert_int_equal(vn_dev_register(&t->s[0].space, &plain->dev, 0, NULL),
			 0);
	vn_err_init(&err);
	assert_int_equal(vn_dev_set_master(&s->dev, &plain->dev, &err),
			 -EOPNOTSUPP);
	assert_string_equal(err.msg,
			    "RTNETLINK answers: Operation not supported");
	assert_null(s->dev.master);
	m->add_slave_rc = 0;
	assert_int_equal(vn_dev_set_master(&s->dev, &m->dev, NULL), 0);
	/* Deleting a slave releases it from its master first. */
	vn_dev_unregister(&s->dev);
	assert_int_equal(m->n_slaves, 0);
}

/* --- the packet path --------------------------------------------------- */

static void test_dev_xmit_counts_and_drops_when_down(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *d = dummy_add(t, 0, "eth0");
	struct vn_buf *buf;

	buf = vn_test_frame(t, bcast, d->dev.mac, VN_ETH_P_ARP, 42, 0);
	vn_dev_xmit(&d->dev, buf);
	assert_int_equal(d->sent.len, 0);
	assert_int_equal(d->dev.stats.tx_dropped, 1);
	assert_int_equal(pool_drops(t, VN_DROP_DEV_DOWN), 1);

	vn_dev_open(&d->dev, NULL);
	vn_dev_xmit(&d->dev, vn_test_frame(t, bcast, d->dev.mac, VN_ETH_P_ARP,
					   42, 0));
	vn_dev_xmit(&d->dev, vn_test_frame(t, other, d->dev.mac, VN_ETH_P_IP,
					   100, 0));
	assert_int_equal(d->dev.stats.tx_packets, 2);
	assert_int_equal(d->dev.stats.tx_bytes, 142);
	assert_int_equal(sent_flush(d), 2);

	/* A driver drop is counted as tx_dropped, not tx_packets. */
	d->xmit_rc = VN_DROP_FRAME_TOO_LONG;
	vn_dev_xmit(&d->dev, vn_test_frame(t, other, d->dev.mac, VN_ETH_P_IP,
					   100, 0));
	assert_int_equal(d->dev.stats.tx_packets, 2);
	assert_int_equal(d->dev.stats.tx_dropped, 2);
	assert_int_equal(pool_drops(t, VN_DROP_FRAME_TOO_LONG), 1);
}

static void test_dev_receive_classifies_and_delivers(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_test_space *ts = &t->s[0];
	struct dummy *d = dummy_up(t, 0, "eth0");
	static const struct {
		const uint8_t *dst;
		uint8_t pkt_type;
	} cases[] = {
		{ bcast, VN_PKT_BROADCAST },
		{ mcast, VN_PKT_MULTICAST },
		{ other, VN_PKT_OTHERHOST },
		{ NULL, VN_PKT_HOST },		/* its own MAC */
	};
	struct vn_buf *buf;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const uint8_t *dst = cases[i].dst ? cases[i].dst : d->dev.mac;

		buf = vn_test_frame(t, dst, peer, VN_ETH_P_IP, 60, 0);
		buf->pkt_type = VN_PKT_OUTGOING;	/* stale, overwritten */
		vn_dev_receive(&d->dev, buf);
		buf = vn_bufq_pop(&ts->delivered);
		assert_non_null(buf);
		assert_int_equal(buf->pkt_type, cases[i].pkt_type);
		assert_ptr_equal(buf->dev, &d->dev);
		assert_int_equal(buf->in_ifindex, d->dev.ifindex);
		assert_ptr_equal(buf->drop_stats, &ts->space.drops);
		/* Data still at the Ethernet header, which is marked. */
		assert_int_equal(buf->l2_off, vn_buf_offset(buf, buf->data));
		assert_int_equal(buf->l3_off, VN_BUF_NO_OFFSET);
		assert_int_equal(buf->len, 60);
		vn_buf_free(buf);
	}
	assert_int_equal(d->dev.stats.rx_packets, 4);
	assert_int_equal(d->dev.stats.rx_bytes, 240);

	/* A loopback-type device takes every unicast as its own. */
	d->dev.type = VN_ARPHRD_LOOPBACK;
	vn_dev_receive(&d->dev, vn_test_frame(t, other, peer, VN_ETH_P_IP,
					      60, 0));
	buf = vn_bufq_pop(&ts->delivered);
	assert_int_equal(buf->pkt_type, VN_PKT_HOST);
	vn_buf_free(buf);
}

static void test_dev_receive_drops_short_and_down(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_test_space *ts = &t->s[0];
	struct dummy *d = dummy_add(t, 0, "eth0");

	vn_dev_receive(&d->dev, vn_test_frame(t, bcast, peer, VN_ETH_P_IP,
					      60, 0));
	assert_int_equal(ts->delivered.len, 0);
	assert_int_equal(d->dev.stats.rx_dropped, 1);
	assert_int_equal(d->dev.stats.rx_packets, 0);
	assert_int_equal(ts->space.drops.n[VN_DROP_DEV_DOWN], 1);

	vn_dev_open(&d->dev, NULL);
	for (uint32_t len = 0; len < VN_ETH_HLEN; len++)
		vn_dev_receive(&d->dev, vn_test_frame(t, bcast, peer, 0, len,
						      0xff));
	assert_int_equal(ts->delivered.len, 0);
	assert_int_equal(d->dev.stats.rx_length_errors, VN_ETH_HLEN);
	assert_int_equal(d->dev.stats.rx_errors, VN_ETH_HLEN);
	assert_int_equal(d->dev.stats.rx_packets, 0);
	assert_int_equal(ts->space.drops.n[VN_DROP_FRAME_TOO_SHORT],
			 VN_ETH_HLEN);
	/* Exactly a header is a frame. */
	vn_dev_receive(&d->dev, vn_test_frame(t, bcast, peer, 0x1234,
					      VN_ETH_HLEN, 0));
	assert_int_equal(vn_test_delivered_flush(ts), 1);
}

struct sniff {
	struct vn_sniffer s;
	unsigned n_in, n_out, n_gone;
	uint32_t last_len;
	struct vn_dev *last_dev;
};

static void sniff_frame(struct vn_sniffer *s, struct vn_dev *dev,
			const struct vn_buf *buf, bool outgoing)
{
	struct sniff *sn = container_of(s, struct sniff, s);

	if (outgoing)
		sn->n_out++;
	else
		sn->n_in++;
	sn->last_len = buf->len;
	sn->last_dev = dev;
}

static void sniff_gone(struct vn_sniffer *s, struct vn_dev *dev)
{
	struct sniff *sn = container_of(s, struct sniff, s);

	sn->n_gone++;
	sn->last_dev = dev;
	/* Already unlinked: deleting it again must be harmless. */
	assert_ptr_equal(s->link.next, &s->link);
}

static void test_dev_sniffers_see_both_directions(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *d = dummy_up(t, 0, "eth0");
	struct sniff a = { .s = { .frame = sniff_frame, .gone = sniff_gone } };
	struct sniff b = { .s = { .frame = sniff_frame, .gone = sniff_gone } };

	vn_dev_sniffer_add(&d->dev, &a.s);
	vn_dev_sniffer_add(&d->dev, &b.s);
	vn_dev_xmit(&d->dev, vn_test_frame(t, bcast, d->dev.mac, VN_ETH_P_ARP,
					   42, 0));
	vn_dev_receive(&d->dev, vn_test_frame(t, d->dev.mac, peer, VN_ETH_P_IP,
					      98, 0));
	assert_int_equal(a.n_out, 1);
	assert_int_equal(a.n_in, 1);
	assert_int_equal(b.n_out, 1);
	assert_int_equal(b.n_in, 1);
	assert_int_equal(a.last_len, 98);
	assert_ptr_equal(a.last_dev, &d->dev);
	/* Frames too short for Ethernet are errors, before the sniffers. */
	vn_dev_receive(&d->dev, vn_test_frame(t, bcast, peer, 0, 10, 0));
	assert_int_equal(a.n_in, 1);
	vn_dev_sniffer_del(&d->dev, &b.s);
	vn_dev_xmit(&d->dev, vn_test_frame(t, bcast, d->dev.mac, VN_ETH_P_ARP,
					   42, 0));
	assert_int_equal(a.n_out, 2);
	assert_int_equal(b.n_out, 1);
	assert_int_equal(sent_flush(d), 2);
	assert_int_equal(vn_test_delivered_flush(&t->s[0]), 1);
	/* Deleting the device tells the sniffers still attached. */
	vn_dev_unregister(&d->dev);
	assert_int_equal(a.n_gone, 1);
	assert_int_equal(b.n_gone, 0);
}

/* --- rx handlers -------------------------------------------------------- */

static struct {
	enum vn_rx_result result;
	struct vn_dev *upper;		/* for ANOTHER */
	unsigned n_calls;
	struct vn_bufq kept;		/* for CONSUMED */
} rx;

static enum vn_rx_result rx_handler(struct vn_buf **pbuf)
{
	struct vn_buf *buf = *pbuf;

	rx.n_calls++;
	switch (rx.result) {
	case VN_RX_PASS:
		break;
	case VN_RX_CONSUMED:
		vn_bufq_push(&rx.kept, buf);
		break;
	case VN_RX_ANOTHER:
		buf->dev = rx.upper;
		break;
	}
	return rx.result;
}

static void test_dev_rx_handler_pass_consumed_another(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_test_space *ts = &t->s[0];
	struct dummy *port = dummy_up(t, 0, "eth0");
	struct dummy *upper = dummy_up(t, 0, "br0");
	struct vn_buf *buf;

	memset(&rx, 0, sizeof(rx));
	vn_bufq_init(&rx.kept);
	vn_dev_rx_handler_register(&port->dev, rx_handler, upper);
	assert_ptr_equal(port->dev.rx_handler_data, upper);

	rx.result = VN_RX_PASS;
	vn_dev_receive(&port->dev, vn_test_frame(t, bcast, peer, VN_ETH_P_IP,
						 60, 0));
	buf = vn_bufq_pop(&ts->delivered);
	assert_non_null(buf);
	assert_ptr_equal(buf->dev, &port->dev);
	vn_buf_free(buf);

	rx.result = VN_RX_CONSUMED;
	vn_dev_receive(&port->dev, vn_test_frame(t, bcast, peer, VN_ETH_P_IP,
						 60, 0));
	assert_int_equal(ts->delivered.len, 0);
	assert_int_equal(rx.kept.len, 1);
	vn_buf_free(vn_bufq_pop(&rx.kept));

	/* ANOTHER: received again on the upper device, classified there. */
	rx.result = VN_RX_ANOTHER;
	rx.upper = &upper->dev;
	vn_dev_receive(&port->dev, vn_test_frame(t, upper->dev.mac, peer,
						 VN_ETH_P_IP, 60, 0));
	buf = vn_bufq_pop(&ts->delivered);
	assert_non_null(buf);
	assert_ptr_equal(buf->dev, &upper->dev);
	assert_int_equal(buf->in_ifindex, upper->dev.ifindex);
	assert_int_equal(buf->pkt_type, VN_PKT_HOST);
	vn_buf_free(buf);
	assert_int_equal(port->dev.stats.rx_packets, 3);
	assert_int_equal(upper->dev.stats.rx_packets, 1);
	assert_int_equal(rx.n_calls, 3);

	/* receive_upper keeps the pkt_type the lower side decided. */
	vn_dev_rx_handler_unregister(&port->dev);
	assert_null(port->dev.rx_handler);
	buf = vn_test_frame(t, other, peer, VN_ETH_P_IP, 60, 0);
	buf->pkt_type = VN_PKT_HOST;
	vn_dev_receive_upper(&upper->dev, buf);
	buf = vn_bufq_pop(&ts->delivered);
	assert_int_equal(buf->pkt_type, VN_PKT_HOST);
	vn_buf_free(buf);
}

/* --- the backlog -------------------------------------------------------- */

/* Two devices that hand every frame they receive to each other. */
static struct {
	struct vn_backlog *bl;
	struct vn_dev *a, *b;
	unsigned depth, max_depth, n_bounced;
} loop;

static enum vn_rx_result bounce(struct vn_buf **pbuf)
{
	struct vn_buf *buf = *pbuf;

	loop.depth++;
	if (loop.depth > loop.max_depth)
		loop.max_depth = loop.depth;
	loop.n_bounced++;
	vn_backlog_enqueue(loop.bl, buf->dev == loop.a ? loop.b : loop.a, buf);
	loop.depth--;
	return VN_RX_CONSUMED;
}

static void test_dev_backlog_fifo_without_recursion(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *a = dummy_up(t, 0, "a");
	struct dummy *b = dummy_up(t, 0, "b");

	/* a and b hand every frame to each other forever: a loop. */
	memset(&loop, 0, sizeof(loop));
	loop.bl = &t->backlog;
	loop.a = &a->dev;
	loop.b = &b->dev;
	vn_dev_rx_handler_register(&a->dev, bounce, NULL);
	vn_dev_rx_handler_register(&b->dev, bounce, NULL);
	vn_backlog_enqueue(&t->backlog, &a->dev,
			   vn_test_frame(t, bcast, peer, VN_ETH_P_IP, 60, 1));
	assert_int_equal(t->backlog.q.len, 1);
	/* Each run step moves the frame one hop: bounded by the budget. */
	for (unsigned i = 1; i <= 100; i++) {
		assert_ptr_equal(t->backlog.q.head->dev,
				 i % 2 ? &a->dev : &b->dev);
		assert_int_equal(vn_backlog_run(&t->backlog, 1), 1);
		assert_int_equal(t->backlog.q.len, 1);
		assert_int_equal(loop.n_bounced, i);
	}
	assert_int_equal(loop.max_depth, 1);
	assert_int_equal(a->dev.stats.rx_packets + b->dev.stats.rx_packets,
			 100);
	vn_dev_rx_handler_unregister(&a->dev);
	vn_dev_rx_handler_unregister(&b->dev);
	assert_int_equal(vn_backlog_run(&t->backlog, 10), 1);
	assert_int_equal(vn_test_delivered_flush(&t->s[0]), 1);

	/* FIFO across devices. */
	for (uint8_t i = 0; i < 6; i++)
		vn_backlog_enqueue(&t->backlog, i % 2 ? &a->dev : &b->dev,
				   vn_test_frame(t, bcast, peer, VN_ETH_P_IP,
						 60, i));
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 6);
	for (uint8_t i = 0; i < 6; i++) {
		struct vn_buf *buf = vn_bufq_pop(&t->s[0].delivered);

		assert_int_equal(buf->data[VN_ETH_HLEN], i);
		assert_ptr_equal(buf->dev, i % 2 ? &a->dev : &b->dev);
		vn_buf_free(buf);
	}
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 0);
}

static void test_dev_backlog_full_drops(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *a = dummy_up(t, 0, "a");

	t->backlog.max_len = 3;
	for (int i = 0; i < 5; i++)
		vn_backlog_enqueue(&t->backlog, &a->dev,
				   vn_test_frame(t, bcast, peer, VN_ETH_P_IP,
						 60, 0));
	assert_int_equal(t->backlog.q.len, 3);
	assert_int_equal(t->backlog.n_dropped, 2);
	assert_int_equal(a->dev.stats.rx_dropped, 2);
	assert_int_equal(t->s[0].space.drops.n[VN_DROP_BACKLOG_FULL], 2);
	assert_int_equal(pool_drops(t, VN_DROP_BACKLOG_FULL), 2);
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 3);
	assert_int_equal(vn_test_delivered_flush(&t->s[0]), 3);
}

static void test_dev_unregister_purges_backlog(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *a = dummy_up(t, 0, "a");
	struct dummy *b = dummy_up(t, 1, "b");

	for (uint8_t i = 0; i < 6; i++)
		vn_backlog_enqueue(&t->backlog, i % 3 ? &a->dev : &b->dev,
				   vn_test_frame(t, bcast, peer, VN_ETH_P_IP,
						 60, i));
	vn_dev_unregister(&a->dev);
	assert_int_equal(t->backlog.q.len, 2);
	assert_int_equal(pool_drops(t, VN_DROP_DEV_DELETED), 4);
	/* What was queued for others survives, in order. */
	assert_int_equal(vn_backlog_run(&t->backlog, 1000), 2);
	for (uint8_t i = 0; i < 6; i += 3) {
		struct vn_buf *buf = vn_bufq_pop(&t->s[1].delivered);

		assert_int_equal(buf->data[VN_ETH_HLEN], i);
		vn_buf_free(buf);
	}
}

/* --- moving between spaces ---------------------------------------------- */

static void test_dev_move_keeps_ifindex_when_free(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_devspace *from = &t->s[0].space, *to = &t->s[1].space;
	struct dummy *a, *b, *c;
	struct vn_err err;

	a = dummy_up(t, 0, "a");	/* 1 */
	b = dummy_up(t, 0, "b");	/* 2 */
	c = dummy_up(t, 0, "c");	/* 3 */
	dummy_add(t, 1, "x");		/* 1 there */
	vn_test_events_clear(&t->s[0]);
	vn_test_events_clear(&t->s[1]);

	/* 3 is free there: kept.  The device arrives down. */
	assert_int_equal(vn_dev_move(&c->dev, to, NULL, NULL), 0);
	assert_ptr_equal(c->dev.space, to);
	assert_int_equal(c->dev.ifindex, 3);
	assert_false(vn_dev_is_up(&c->dev));
	assert_null(vn_dev_lookup(from, "c"));
	assert_ptr_equal(vn_dev_lookup(to, "c"), &c->dev);
	assert_ptr_equal(vn_dev_lookup_index(to, 3), &c->dev);
	assert_int_equal(vn_test_events(&t->s[0], &c->dev, VN_DEV_DOWN), 1);
	assert_int_equal(vn_test_events(&t->s[0], &c->dev, VN_DEV_UNREGISTER),
			 1);
	assert_int_equal(vn_test_events(&t->s[1], &c->dev, VN_DEV_REGISTER),
			 1);

	/* 1 is taken there: a new one, after the last handed out there. */
	assert_int_equal(vn_dev_move(&a->dev, to, "a", NULL), 0);
	assert_int_equal(a->dev.ifindex, 2);

	/* Name taken there: refused, nothing changed. */
	dummy_add(t, 1, "b");
	vn_err_init(&err);
	assert_int_equal(vn_dev_move(&b->dev, to, NULL, &err), -EEXIST);
	assert_string_equal(err.msg, "RTNETLINK answers: File exists");
	assert_ptr_equal(b->dev.space, from);
	assert_true(vn_dev_is_up(&b->dev));
	/* ...unless renamed on the way. */
	assert_int_equal(vn_dev_move(&b->dev, to, "b2", NULL), 0);
	assert_string_equal(b->dev.name, "b2");
	assert_int_equal(vn_dev_move(&b->dev, from, "bad/name", NULL),
			 -EINVAL);
	assert_int_equal(vn_dev_move(&b->dev, from, "1234567890123456", NULL),
			 -EINVAL);
	assert_ptr_equal(b->dev.space, to);
	/* Moving to where it is: nothing to do. */
	assert_int_equal(vn_dev_move(&b->dev, to, NULL, NULL), 0);
	assert_int_equal(from->n_devs, 0);
	assert_int_equal(to->n_devs, 5);
}

static void test_dev_move_refused_for_netns_local(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *d = dummy_up(t, 0, "lo0");
	struct vn_err err;

	d->dev.netns_local = true;
	vn_err_init(&err);
	assert_int_equal(vn_dev_move(&d->dev, &t->s[1].space, NULL, &err),
			 -EINVAL);
	/* What iproute2 prints for `ip link set lo netns X` on Linux 6.1. */
	assert_string_equal(err.msg, "Error: The interface netns is immutable.");
	assert_ptr_equal(d->dev.space, &t->s[0].space);
	assert_true(vn_dev_is_up(&d->dev));
}

static void test_dev_move_drops_queued_frames_and_sniffers(void **state)
{
	struct vn_test_env *t = *state;
	struct dummy *d = dummy_up(t, 0, "eth0");
	struct dummy *m = dummy_up(t, 0, "br0");
	struct sniff sn = { .s = { .frame = sniff_frame, .gone = sniff_gone } };

	assert_int_equal(vn_dev_set_master(&d->dev, &m->dev, NULL), 0);
	vn_dev_sniffer_add(&d->dev, &sn.s);
	vn_backlog_enqueue(&t->backlog, &d->dev,
			   vn_test_frame(t, bcast, peer, VN_ETH_P_IP, 60, 0));
	assert_int_equal(vn_dev_move(&d->dev, &t->s[1].space, NULL, NULL), 0);
	/* Released from its master, sniffers told, queue purged. */
	assert_null(d->dev.master);
	assert_int_equal(m->n_slaves, 0);
	assert_int_equal(sn.n_gone, 1);
	assert_int_equal(t->backlog.q.len, 0);
	assert_int_equal(pool_drops(t, VN_DROP_DEV_DELETED), 1);
}

static void test_dev_loopback(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_dev *lo = vn_loopback_create(&t->s[0].space);
	static const uint8_t zero[6];
	struct vn_buf *buf;

	/* As drivers/net/loopback.c: ifindex 1, carrier, 64 KiB, no MAC. */
	assert_string_equal(lo->name, "lo");
	assert_int_equal(lo->ifindex, 1);
	assert_int_equal(lo->type, VN_ARPHRD_LOOPBACK);
	assert_int_equal(lo->flags, VN_IFF_LOOPBACK);
	assert_int_equal(lo->mtu, 65536);
	assert_true(lo->carrier);
	assert_true(lo->netns_local);
	assert_memory_equal(lo->mac, zero, 6);
	assert_null(lo->ops->kind);
	assert_int_equal(vn_dev_set_mac(lo, other, NULL), -EOPNOTSUPP);
	vn_dev_open(lo, NULL);
	assert_string_equal(vn_dev_operstate(lo), "UNKNOWN");
	/* What lo sends, lo receives, through the backlog. */
	vn_dev_xmit(lo, vn_test_frame(t, zero, zero, VN_ETH_P_IP, 60000, 0));
	assert_int_equal(t->s[0].delivered.len, 0);
	assert_int_equal(vn_backlog_run(&t->backlog, 10), 1);
	buf = vn_bufq_pop(&t->s[0].delivered);
	assert_non_null(buf);
	assert_ptr_equal(buf->dev, lo);
	assert_int_equal(buf->pkt_type, VN_PKT_HOST);
	assert_int_equal(buf->len, 60000);
	vn_buf_free(buf);
	assert_int_equal(lo->stats.tx_packets, 1);
	assert_int_equal(lo->stats.rx_packets, 1);
	assert_int_equal(vn_dev_move(lo, &t->s[1].space, NULL, NULL), -EINVAL);
}

static void test_dev_random_mac_is_seeded(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_env env2 = { 0 };
	uint8_t a[6], b[6];

	vn_rand_seed(&env2.rand, 1);
	vn_rand_seed(&t->env.rand, 1);
	for (int i = 0; i < 1000; i++) {
		vn_dev_random_mac(&t->env, a);
		vn_dev_random_mac(&env2, b);
		assert_memory_equal(a, b, 6);
		assert_true(vn_mac_is_valid(a));
		assert_int_equal(a[0] & 0x03, 0x02);	/* eth_random_addr */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_env_setup, \
						vn_test_env_teardown)
		T(test_dev_name_valid),
		T(test_dev_register_and_lookup),
		T(test_dev_register_refuses_bad_and_duplicate_names),
		T(test_dev_ifindex_next_after_last),
		T(test_dev_ifindex_wraps),
		T(test_dev_list_in_ifindex_order),
		T(test_dev_unregister_sequence),
		T(test_dev_up_down),
		T(test_dev_flags_and_operstate),
		T(test_dev_set_mac),
		T(test_dev_set_mtu),
		T(test_dev_set_name),
		T(test_dev_promiscuity_and_flags),
		T(test_dev_master_and_slave_events),
		T(test_dev_xmit_counts_and_drops_when_down),
		T(test_dev_receive_classifies_and_delivers),
		T(test_dev_receive_drops_short_and_down),
		T(test_dev_sniffers_see_both_directions),
		T(test_dev_rx_handler_pass_consumed_another),
		T(test_dev_backlog_fifo_without_recursion),
		T(test_dev_backlog_full_drops),
		T(test_dev_unregister_purges_backlog),
		T(test_dev_move_keeps_ifindex_when_free),
		T(test_dev_move_refused_for_netns_local),
		T(test_dev_move_drops_queued_frames_and_sniffers),
		T(test_dev_loopback),
		T(test_dev_random_mac_is_seeded),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
