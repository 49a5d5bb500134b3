// SPDX-License-Identifier: MIT
/*
 * dev/bridge.c - the learning bridge (net/bridge/br_input.c, br_forward.c,
 * br_if.c, br_device.c).
 *
 * Theory of operation.  A bridge is a device whose ports are other
 * devices; each port gets the bridge's rx handler.  A frame received on a
 * port is learned (source MAC -> port, if the port learns), then either
 * forwarded to the one port the fdb names, or flooded to every port that
 * accepts floods of its kind (unknown unicast, multicast, broadcast),
 * never back out of the ingress port unless that port is in hairpin mode,
 * never from an isolated port to another isolated port.  Frames the bridge
 * itself must see (its own MAC, broadcasts, multicasts, everything while
 * the bridge device is promiscuous, e.g. under tcpdump) are also passed up
 * and received on the bridge device, which is how an address on the bridge
 * works.  802.1D reserved group addresses 01-80-C2-00-00-0X are never
 * forwarded, except 01-80-C2-00-00-00 while STP is off and the ones the
 * group_fwd_mask opens, exactly as br_handle_frame().
 *
 * Port state: with STP off (the only mode so far) a port is forwarding
 * when the bridge and the port are up and the port has carrier, else
 * disabled; the bridge has carrier while any port forwards.
 *
 * The bridge MAC is the smallest MAC of its ports unless set by the user
 * (br_stp_recalculate_bridge_id()); its MTU is the smallest port MTU unless
 * set by the user (br_mtu_auto_adjust()).
 *
 * Flooding clones buffers by reference; a receiver that writes calls
 * vn_buf_make_writable().  Ageing: see bridge/fdb.h; one gc timer per
 * bridge runs when the oldest dynamic entry expires.
 *
 * Not supported yet: STP, VLAN filtering, multicast snooping, proxy ARP.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "dev/bridge.h"

#define BR_DEFAULT_AGEING (300 * VN_SEC)
#define BR_PORT_DEFAULT_FLAGS                                           \
	(VN_BRPORT_LEARNING | VN_BRPORT_FLOOD | VN_BRPORT_MCAST_FLOOD | \
	 VN_BRPORT_BCAST_FLOOD)

enum pkt_class { PKT_UNICAST, PKT_MULTICAST, PKT_BROADCAST };

static const struct vn_dev_ops bridge_ops;

static struct vn_bridge *to_br(const struct vn_dev *dev)
{
	return container_of(dev, struct vn_bridge, dev);
}

bool vn_dev_is_bridge(const struct vn_dev *dev)
{
	return dev->ops == &bridge_ops;
}

struct vn_bridge *vn_bridge_of(struct vn_dev *dev)
{
	return vn_dev_is_bridge(dev) ? to_br(dev) : NULL;
}

struct vn_br_port *vn_br_port_of(const struct vn_dev *dev)
{
	if (!dev->master || !vn_dev_is_bridge(dev->master))
		return NULL;
	return dev->rx_handler_data;
}

const char *vn_br_port_state_name(uint8_t state)
{
	static const char *const names[] = {
		"disabled", "listening", "learning", "forwarding", "blocking",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "unknown";
}

uint32_t vn_br_port_flag_by_name(const char *name)
{
#define VN_BRPORT_MATCH(n, bit, text) \
	if (!strcmp(name, text))      \
		return bit;
	VN_BRPORT_FLAGS(VN_BRPORT_MATCH)
#undef VN_BRPORT_MATCH
	return 0;
}

static vn_time br_now(const struct vn_bridge *br)
{
	return vn_env_now(br->dev.space->env);
}

/* --- the packet path --------------------------------------------------- */

/* should_deliver() in br_forward.c. */
static bool should_deliver(const struct vn_br_port *to,
			   const struct vn_br_port *from)
{
	if (to == from && !(to->flags & VN_BRPORT_HAIRPIN))
		return false;
	if (to->state != VN_BR_STATE_FORWARDING)
		return false;
	if (from && (from->flags & VN_BRPORT_ISOLATED) &&
	    (to->flags & VN_BRPORT_ISOLATED))
		return false;
	return true;
}

/* br_dev_queue_push_xmit(): is_skb_forwardable() then transmit. */
static void deliver(struct vn_br_port *to, struct vn_buf *buf)
{
	if (unlikely(buf->len > to->dev->mtu + VN_ETH_HLEN + 4)) {
		to->dev->stats.tx_dropped++;
		vn_buf_drop(buf, VN_DROP_FRAME_TOO_LONG);
		return;
	}
	vn_dev_xmit(to->dev, buf);
}

/* Sends @buf to @to; keeps @buf if @keep (it is still needed). */
static void forward(struct vn_br_port *to, struct vn_buf *buf, bool keep)
{
	struct vn_buf *c;

	if (!keep) {
		deliver(to, buf);
		return;
	}
	c = vn_buf_clone(buf);
	if (!c) {
		to->dev->stats.tx_dropped++;
		return;
	}
	deliver(to, c);
}

static bool flood_allowed(const struct vn_br_port *p, enum pkt_class cls,
			  bool local_orig)
{
	switch (cls) {
	case PKT_UNICAST:
		return p->flags & VN_BRPORT_FLOOD;
	case PKT_MULTICAST:
		return local_orig || (p->flags & VN_BRPORT_MCAST_FLOOD);
	case PKT_BROADCAST:
		return local_orig || (p->flags & VN_BRPORT_BCAST_FLOOD);
	}
	return false;
}

/*
 * br_flood(): to every eligible port, cloning for all but the last.
 * Consumes @buf unless @keep.
 */
static void flood(struct vn_bridge *br, struct vn_buf *buf,
		  enum pkt_class cls, struct vn_br_port *from, bool keep)
{
	struct vn_br_port *p, *prev = NULL;

	vn_list_for_each(p, &br->ports, link) {
		if (!flood_allowed(p, cls, from == NULL))
			continue;
		if (!should_deliver(p, from))
			continue;
		if (prev)
			forward(prev, buf, true);
		prev = p;
	}
	if (prev) {
		forward(prev, buf, keep);
		return;
	}
	if (!keep) {
		br->n_flood_drops++;
		vn_buf_drop(buf, VN_DROP_BR_NO_FLOOD);
	}
}

/* br_pass_frame_up(): the bridge device receives the frame itself. */
static void pass_up(struct vn_bridge *br, struct vn_buf *buf)
{
	vn_dev_receive_upper(&br->dev, buf);
}

static void learn(struct vn_bridge *br, struct vn_br_port *p,
		  const uint8_t *src, vn_time now)
{
	if (!(p->flags & VN_BRPORT_LEARNING))
		return;
	if (vn_fdb_learn(&br->fdb, src, 0, p, now) == 0 &&
	    !vn_timer_armed(&br->gc_timer) && br->fdb.n_learned)
		vn_env_timer_arm(br->dev.space->env, &br->gc_timer,
				 now + br->fdb.ageing);
}

static enum vn_rx_result br_handle_frame(struct vn_buf **pbuf)
{
	struct vn_buf *buf = *pbuf;
	struct vn_br_port *p = buf->dev->rx_handler_data;
	struct vn_bridge *br = p->br;
	const uint8_t *dst = vn_eth_dst(buf->data);
	const uint8_t *src = vn_eth_src(buf->data);
	struct vn_fdb_entry *e;
	enum pkt_class cls;
	bool local_rcv;
	vn_time now;

	if (unlikely(!vn_mac_is_valid(src))) {
		vn_buf_drop(buf, VN_DROP_BR_BAD_SRC_MAC);
		return VN_RX_CONSUMED;
	}
	now = br_now(br);
	if (unlikely(vn_mac_is_link_local(dst))) {
		uint16_t fwd = br->group_fwd_mask;

		if (dst[5] == 0x00 && !br->stp_enabled)
			goto forward;
		if (dst[5] == 0x01) { /* MAC control (pause): never */
			vn_buf_drop(buf, VN_DROP_BR_RESERVED_GROUP);
			return VN_RX_CONSUMED;
		}
		if (fwd & (1u << dst[5]))
			goto forward;
		/* Learn, then hand it to the port's own stack, unforwarded. */
		if (p->state == VN_BR_STATE_FORWARDING ||
		    p->state == VN_BR_STATE_LEARNING)
			learn(br, p, src, now);
		return VN_RX_PASS;
	}
forward:
	if (p->state != VN_BR_STATE_FORWARDING &&
	    p->state != VN_BR_STATE_LEARNING) {
		vn_buf_drop(buf, VN_DROP_BR_PORT_STATE);
		return VN_RX_CONSUMED;
	}
	learn(br, p, src, now);
	if (p->state == VN_BR_STATE_LEARNING) {
		vn_buf_drop(buf, VN_DROP_BR_PORT_STATE);
		return VN_RX_CONSUMED;
	}
	if (vn_mac_equal(dst, br->dev.mac))
		buf->pkt_type = VN_PKT_HOST;
	local_rcv = br->dev.promiscuity || (br->dev.flags & VN_IFF_PROMISC);

	if (vn_mac_is_multicast(dst)) {
		cls = vn_mac_is_broadcast(dst) ? PKT_BROADCAST : PKT_MULTICAST;
		local_rcv = true;
		flood(br, buf, cls, p, true);
	} else if ((e = vn_fdb_lookup(&br->fdb, dst, 0, now))) {
		if (e->kind == VN_FDB_LOCAL) {
			pass_up(br, buf);
			return VN_RX_CONSUMED;
		}
		e->used = now;
		if (should_deliver(e->port, p)) {
			forward(e->port, buf, local_rcv);
		} else if (!local_rcv) {
			vn_buf_drop(buf, e->port == p ?
					 VN_DROP_BR_INGRESS_PORT :
					 VN_DROP_BR_PORT_STATE);
			return VN_RX_CONSUMED;
		}
	} else {
		flood(br, buf, PKT_UNICAST, p, local_rcv);
	}
	if (local_rcv)
		pass_up(br, buf);
	return VN_RX_CONSUMED;
}

/* br_dev_xmit(): the bridge's own stack sends; nothing is learned. */
static int br_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	struct vn_bridge *br = to_br(dev);
	const uint8_t *dst = vn_eth_dst(buf->data);
	struct vn_fdb_entry *e;

	if (vn_mac_is_multicast(dst)) {
		flood(br, buf,
		      vn_mac_is_broadcast(dst) ? PKT_BROADCAST : PKT_MULTICAST,
		      NULL, false);
	} else if ((e = vn_fdb_lookup(&br->fdb, dst, 0, br_now(br)))) {
		struct vn_br_port *to = e->port;

		if (to && should_deliver(to, NULL))
			deliver(to, buf);
		else
			vn_buf_drop(buf, VN_DROP_BR_PORT_STATE);
	} else {
		flood(br, buf, PKT_UNICAST, NULL, false);
	}
	/* Linux counts bridge tx before forwarding decisions, so do we. */
	return 0;
}

/* --- ports and state ----------------------------------------------------- */

static bool port_should_forward(const struct vn_br_port *p)
{
	return vn_dev_is_up(&p->br->dev) && vn_dev_is_running(p->dev);
}

/* br_port_state_selection() with STP off, then the bridge's carrier. */
static void update_states(struct vn_bridge *br)
{
	struct vn_br_port *p;
	bool any = false;

	vn_list_for_each(p, &br->ports, link) {
		uint8_t state = port_should_forward(p) ?
					VN_BR_STATE_FORWARDING :
					VN_BR_STATE_DISABLED;

		if (state != p->state) {
			p->state = state;
			/* br_stp_disable_port(): forget what it taught us. */
			if (state == VN_BR_STATE_DISABLED)
				vn_fdb_flush_port(&br->fdb, p, false);
		}
		if (p->state == VN_BR_STATE_FORWARDING)
			any = true;
	}
	vn_dev_set_carrier(&br->dev, any);
}

static void set_bridge_local(struct vn_bridge *br, const uint8_t *old)
{
	struct vn_fdb_entry *e;

	if (old) {
		e = vn_fdb_find(&br->fdb, old, 0);
		if (e && e->kind == VN_FDB_LOCAL && !e->port)
			vn_fdb_remove(&br->fdb, e);
	}
	e = vn_fdb_find(&br->fdb, br->dev.mac, 0);
	if (e && e->kind == VN_FDB_LOCAL)
		return;
	vn_fdb_add(&br->fdb, br->dev.mac, 0, NULL, VN_FDB_LOCAL, true,
		   br_now(br));
}

/* br_stp_recalculate_bridge_id(): the smallest port MAC. */
static void recalc_mac(struct vn_bridge *br)
{
	const uint8_t *best = NULL;
	uint8_t old[VN_ETH_ALEN];
	struct vn_br_port *p;

	if (br->dev.addr_assign == VN_ADDR_SET)
		return;
	vn_list_for_each(p, &br->ports, link)
		if (!best || vn_mac_cmp(p->dev->mac, best) < 0)
			best = p->dev->mac;
	if (!best || vn_mac_equal(best, br->dev.mac))
		return;
	memcpy(old, br->dev.mac, VN_ETH_ALEN);
	memcpy(br->dev.mac, best, VN_ETH_ALEN);
	set_bridge_local(br, old);
	vn_dev_notify(&br->dev, VN_DEV_CHANGEADDR);
}

/* br_mtu_auto_adjust(). */
static void auto_mtu(struct vn_bridge *br)
{
	struct vn_br_port *p;
	uint32_t mtu = 0;

	if (br->mtu_set_by_user)
		return;
	vn_list_for_each(p, &br->ports, link)
		if (!mtu || p->dev->mtu < mtu)
			mtu = p->dev->mtu;
	if (!mtu)
		mtu = 1500;
	if (mtu != br->dev.mtu) {
		br->dev.mtu = mtu;
		vn_dev_notify(&br->dev, VN_DEV_CHANGEMTU);
	}
}

static uint16_t free_port_no(const struct vn_bridge *br)
{
	for (uint16_t no = 1;; no++) {
		const struct vn_br_port *p;
		bool used = false;

		vn_list_for_each(p, &br->ports, link)
			used |= p->port_no == no;
		if (!used)
			return no;
	}
}

static void link_port(struct vn_bridge *br, struct vn_br_port *np)
{
	struct vn_br_port *p;

	vn_list_for_each(p, &br->ports, link) {
		if (p->port_no > np->port_no) {
			vn_list_insert_before(&p->link, &np->link);
			return;
		}
	}
	vn_list_push_back(&br->ports, &np->link);
}

/* br_add_if(). */
static int br_add_slave(struct vn_dev *dev, struct vn_dev *slave,
			struct vn_err *err)
{
	struct vn_bridge *br = to_br(dev);
	struct vn_br_port *p;

	if (slave->type != VN_ARPHRD_ETHER || (slave->flags & VN_IFF_LOOPBACK))
		return vn_err_rtnl(err, -EINVAL);
	if (vn_dev_is_bridge(slave))
		return vn_err_set(err, -ELOOP,
				  "Error: Can not enslave a bridge to a bridge.");
	if (slave->master)
		return vn_err_rtnl(err, -EBUSY);
	if (br->n_ports >= 1023)
		return vn_err_set(err, -EXFULL,
				  "Error: Exceeded maximum number of ports.");
	p = calloc(1, sizeof(*p));
	if (!p)
		return vn_err_rtnl(err, -ENOMEM);
	p->br = br;
	p->dev = slave;
	p->port_no = free_port_no(br);
	p->priority = 32;
	p->cost = 2;		/* what veth's 10 Gbit/s gives on Linux */
	p->flags = BR_PORT_DEFAULT_FLAGS;
	p->state = VN_BR_STATE_DISABLED;
	link_port(br, p);
	br->n_ports++;
	vn_dev_rx_handler_register(slave, br_handle_frame, p);
	vn_dev_set_promiscuity(slave, 1);
	vn_fdb_add(&br->fdb, slave->mac, 0, p, VN_FDB_LOCAL, true, br_now(br));
	/* The caller sets slave->master after we return. */
	slave->master = dev;
	recalc_mac(br);
	auto_mtu(br);
	update_states(br);
	slave->master = NULL;
	return 0;
}

/* del_nbp(). */
static void br_del_slave(struct vn_dev *dev, struct vn_dev *slave)
{
	struct vn_bridge *br = to_br(dev);
	struct vn_br_port *p = slave->rx_handler_data;

	vn_list_remove(&p->link);
	br->n_ports--;
	vn_fdb_flush_port(&br->fdb, p, true);
	vn_dev_rx_handler_unregister(slave);
	vn_dev_set_promiscuity(slave, -1);
	free(p);
	recalc_mac(br);
	auto_mtu(br);
	update_states(br);
	/* The bridge's own entry may have been the port's: restore it. */
	set_bridge_local(br, NULL);
}

static void port_mac_changed(struct vn_bridge *br, struct vn_br_port *p)
{
	struct vn_fdb_entry *e, *tmp;

	/* br_fdb_changeaddr(): the old local entry goes, the new one comes. */
	vn_list_for_each_safe(e, tmp, &br->fdb.entries, link)
		if (e->port == p && e->kind == VN_FDB_LOCAL)
			vn_fdb_remove(&br->fdb, e);
	vn_fdb_add(&br->fdb, p->dev->mac, 0, p, VN_FDB_LOCAL, true,
		   br_now(br));
	recalc_mac(br);
}

static void br_slave_event(struct vn_dev *dev, struct vn_dev *slave,
			   enum vn_dev_event ev)
{
	struct vn_bridge *br = to_br(dev);
	struct vn_br_port *p = slave->rx_handler_data;

	switch (ev) {
	case VN_DEV_UP:
	case VN_DEV_DOWN:
	case VN_DEV_CHANGE:
		update_states(br);
		break;
	case VN_DEV_CHANGEADDR:
		port_mac_changed(br, p);
		break;
	case VN_DEV_CHANGEMTU:
		auto_mtu(br);
		break;
	case VN_DEV_REGISTER:
	case VN_DEV_UNREGISTER:
	case VN_DEV_CHANGENAME:
	case VN_DEV_CHANGEUPPER:
		break;
	}
}

void vn_br_port_set_flags(struct vn_br_port *p, uint32_t mask, uint32_t set)
{
	p->flags = (p->flags & ~mask) | (set & mask);
	if ((mask & VN_BRPORT_LEARNING) && !(p->flags & VN_BRPORT_LEARNING))
		vn_fdb_flush_port(&p->br->fdb, p, false);
}

/* --- the bridge device -------------------------------------------------- */

static void gc_timer_fn(struct vn_timer *t, vn_time now)
{
	struct vn_bridge *br = container_of(t, struct vn_bridge, gc_timer);
	vn_time next = vn_fdb_gc(&br->fdb, now);

	if (next != VN_TIME_NEVER)
		vn_env_timer_arm(br->dev.space->env, &br->gc_timer, next);
}

void vn_bridge_fdb_gc(struct vn_bridge *br)
{
	gc_timer_fn(&br->gc_timer, br_now(br));
}

void vn_bridge_set_ageing(struct vn_bridge *br, vn_time ageing)
{
	br->fdb.ageing = ageing;
	vn_bridge_fdb_gc(br);
}

void vn_bridge_set_max_learned(struct vn_bridge *br, uint32_t max)
{
	br->fdb.max_learned = max;
}

int vn_bridge_fdb_add(struct vn_bridge *br, struct vn_br_port *port,
		      const uint8_t *mac, uint16_t vid, enum vn_fdb_kind kind,
		      bool replace, struct vn_err *err)
{
	int rc;

	if (vn_mac_is_zero(mac))
		return vn_err_rtnl(err, -EINVAL);
	rc = vn_fdb_add(&br->fdb, mac, vid, port, kind, replace, br_now(br));
	if (rc)
		return vn_err_rtnl(err, rc);
	return 0;
}

int vn_bridge_fdb_del(struct vn_bridge *br, struct vn_br_port *port,
		      const uint8_t *mac, uint16_t vid, struct vn_err *err)
{
	struct vn_fdb_entry *e = vn_fdb_find(&br->fdb, mac, vid);

	if (!e || e->port != port)
		return vn_err_rtnl(err, -ENOENT);
	vn_fdb_remove(&br->fdb, e);
	return 0;
}

void vn_bridge_id_format(const struct vn_bridge *br, char *buf, size_t size)
{
	const uint8_t *m = br->dev.mac;

	snprintf(buf, size, "%04x.%02x%02x%02x%02x%02x%02x",
		 (unsigned)br->priority, m[0], m[1], m[2], m[3], m[4], m[5]);
}

static int br_open(struct vn_dev *dev, struct vn_err *err)
{
	struct vn_bridge *br = to_br(dev);

	(void)err;
	/* Ports may forward once IFF_UP is set; the core sets it next. */
	dev->flags |= VN_IFF_UP;
	update_states(br);
	dev->flags &= ~VN_IFF_UP;
	return 0;
}

static void br_stop(struct vn_dev *dev)
{
	update_states(to_br(dev));
}

static void br_mac_changed(struct vn_dev *dev)
{
	struct vn_bridge *br = to_br(dev);
	struct vn_fdb_entry *e, *tmp;

	vn_list_for_each_safe(e, tmp, &br->fdb.entries, link)
		if (!e->port && e->kind == VN_FDB_LOCAL)
			vn_fdb_remove(&br->fdb, e);
	set_bridge_local(br, NULL);
}

static int br_change_mtu(struct vn_dev *dev, uint32_t mtu, struct vn_err *err)
{
	(void)mtu;
	(void)err;
	to_br(dev)->mtu_set_by_user = true;
	return 0;
}

static void br_uninit(struct vn_dev *dev)
{
	struct vn_bridge *br = to_br(dev);

	while (!vn_list_empty(&br->ports)) {
		struct vn_br_port *p = vn_list_entry(br->ports.next,
						     struct vn_br_port, link);

		vn_dev_release(p->dev);
	}
	vn_env_timer_cancel(dev->space->env, &br->gc_timer);
}

static void br_destroy(struct vn_dev *dev)
{
	struct vn_bridge *br = to_br(dev);

	vn_fdb_fini(&br->fdb);
	free(br);
}

static const struct vn_dev_ops bridge_ops = {
	.kind = "bridge",
	.open = br_open,
	.stop = br_stop,
	.xmit = br_xmit,
	.mac_changed = br_mac_changed,
	.change_mtu = br_change_mtu,
	.add_slave = br_add_slave,
	.del_slave = br_del_slave,
	.slave_event = br_slave_event,
	.uninit = br_uninit,
	.destroy = br_destroy,
};

int vn_bridge_create(struct vn_devspace *space, const char *name,
		     struct vn_dev **out, struct vn_err *err)
{
	struct vn_bridge *br = calloc(1, sizeof(*br));
	int rc;

	if (!br)
		return vn_err_rtnl(err, -ENOMEM);
	vn_dev_setup(&br->dev, space->env, &bridge_ops, name);
	br->dev.netns_local = true;
	br->dev.carrier = false;
	br->priority = 0x8000;
	vn_list_init(&br->ports);
	vn_fdb_init(&br->fdb, space->env->hash_seed ^ 0xb5e1, BR_DEFAULT_AGEING);
	vn_timer_init(&br->gc_timer, gc_timer_fn);
	rc = vn_dev_register(space, &br->dev, 0, err);
	if (rc) {
		vn_fdb_fini(&br->fdb);
		free(br);
		return rc;
	}
	set_bridge_local(br, NULL);
	if (out)
		*out = &br->dev;
	return 0;
}
