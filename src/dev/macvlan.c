// SPDX-License-Identifier: MIT
/*
 * dev/macvlan.c - macvlan children on a lower device
 * (drivers/net/macvlan.c, Linux 6.x).
 *
 * Theory of operation.  Each child has a MAC of its own and a mode; the
 * children of one lower device share a port, which is the lower's rx
 * handler and holds the table of the MACs of the children that are up
 * (the bridge's fdb, bridge/fdb.h, keyed by MAC with VID 0 and holding
 * local entries only: Linux's vlan_hash).  A child enters the table when
 * it goes up and leaves it when it goes down.  The parent and its
 * children never talk to each other directly, in any mode: what a child
 * sends leaves through the lower device (or, bridge mode, goes straight
 * to a sibling), and the lower device only hands a child what arrives
 * from its wire.
 *
 * Receive on the lower (macvlan_handle_frame()):
 *   - unicast: the child owning the destination MAC gets it (the only
 *     child, in passthru mode), as PACKET_HOST; a child that is down
 *     drops it; no child: the lower's own stack gets it;
 *   - broadcast/multicast from a sibling's MAC that is private or
 *     passthru: back to that sibling only ("forward to original port");
 *   - any other broadcast/multicast: a copy to the children of the modes
 *     below, and the lower's stack gets it too:
 *       from outside:          every child;
 *       from a vepa child:     vepa and bridge children but the sender;
 *       from a bridge child:   vepa children (bridge siblings had theirs
 *                              on the way out).
 * Transmit from a child (macvlan_queue_xmit()):
 *   - bridge mode: broadcast/multicast is copied to the bridge-mode
 *     siblings, then sent out; unicast to a bridge-mode sibling's MAC goes
 *     through the lower device's receive path (dev_forward_skb(): the
 *     lower's captures see it arriving) to that sibling, never out --
 *     straight to the sibling when no capture or VLAN device on the
 *     lower could see it on the way;
 *   - everything else leaves through the lower device.
 * So vepa children reach each other only through an outside switch that
 * sends frames back where they came from (hairpin), and a private child's
 * broadcasts never reach a sibling, not even hairpinned; a hairpinned
 * unicast still does (Linux checks the source only for multicast).
 *
 * Copies for children travel on the backlog (netif_rx()), the unicast
 * hand-over is immediate (RX_HANDLER_ANOTHER).  Linux queues broadcasts
 * for a worker (bc_queue); vnet's backlog keeps the same order relative
 * to other frames of the children.
 *
 * The port follows the lower device's events: children take its carrier,
 * shrink their MTU to fit it, a passthru child takes its MAC, and all are
 * deleted with it.  Unicast filtering: while a non-passthru child is up
 * the lower (below any VLAN devices) is promiscuous once, as a lower
 * without IFF_UNICAST_FLT becomes (dev_uc_add()); a passthru child makes
 * it promiscuous unless its nopromisc flag is set; a promiscuous child
 * makes the lower promiscuous while up.  The last child takes the port
 * away and gives a passthru lower its own MAC back.
 *
 * Limits: one passthru child per lower; children per lower only as
 * memory allows.
 *
 * macvtap children are macvlan children of another kind name
 * (macvtap_ops); dev/macvtap.c wires them to a kernel TAP.
 *
 * Not supported: source mode, the children's multicast filters (every
 * multicast is delivered as a broadcast is), bcqueuelen (there is no
 * separate broadcast queue).
 */
#include <errno.h>
#include <stdlib.h>

#include "bridge/fdb.h"
#include "dev/macvlan.h"
#include "dev/vlan.h"

#define ETH_P_PAUSE 0x8808

struct vn_macvlan_port {
	struct vn_dev *lower;
	/* Where the children's unicast addresses land: the lower device,
	 * or below the VLAN devices it stands on (dev_uc_sync()). */
	struct vn_dev *uc_dev;
	struct vn_dev_watcher watcher;
	struct vn_list children;	/* creation order (port->vlans) */
	uint32_t n_children;
	struct vn_fdb table;		/* MAC -> child that is up */
	uint32_t n_uc;			/* non-passthru children up */
	bool passthru;
	bool addr_change;		/* MACVLAN_F_ADDRCHANGE */
	bool uc_promisc;		/* our promiscuity on uc_dev */
	bool lower_gone;		/* the lower is being deleted */
	uint8_t perm_addr[VN_ETH_ALEN];	/* the lower's MAC to give back */
};

struct vn_macvlan {
	struct vn_dev dev;
	struct vn_macvlan_port *port;
	struct vn_list link;		/* in port->children */
	uint8_t mode;			/* enum vn_macvlan_mode */
	uint16_t flags;			/* VN_MACVLAN_FLAG_* */
	bool hashed;			/* in port->table under hashed_mac */
	uint8_t hashed_mac[VN_ETH_ALEN];
	bool promisc_synced;		/* our IFF_PROMISC counted below */
	bool inherit_pending;		/* see vn_macvlan_ignore_creation_mac() */
	struct vn_dev_watcher self;	/* our own flags (change_rx_flags) */
};

static const struct vn_dev_ops macvlan_ops;
static const struct vn_dev_ops macvtap_ops;
static enum vn_rx_result macvlan_handle_frame(struct vn_buf **pbuf);

static struct vn_macvlan *to_macvlan(const struct vn_dev *dev)
{
	return container_of(dev, struct vn_macvlan, dev);
}

bool vn_dev_is_macvlan(const struct vn_dev *dev)
{
	return dev->ops == &macvlan_ops || dev->ops == &macvtap_ops;
}

bool vn_dev_is_macvtap(const struct vn_dev *dev)
{
	return dev->ops == &macvtap_ops;
}

enum vn_macvlan_mode vn_macvlan_mode(const struct vn_dev *dev)
{
	return (enum vn_macvlan_mode)to_macvlan(dev)->mode;
}

uint16_t vn_macvlan_flags(const struct vn_dev *dev)
{
	return to_macvlan(dev)->flags;
}

const char *vn_macvlan_mode_name(enum vn_macvlan_mode mode)
{
	switch (mode) {
	case VN_MACVLAN_PRIVATE:
		return "private";
	case VN_MACVLAN_VEPA:
		return "vepa";
	case VN_MACVLAN_BRIDGE:
		return "bridge";
	case VN_MACVLAN_PASSTHRU:
		return "passthru";
	}
	return "unknown";
}

void vn_macvlan_ignore_creation_mac(struct vn_dev *dev)
{
	to_macvlan(dev)->inherit_pending = true;
}

static struct vn_macvlan_port *port_of(const struct vn_dev *lower)
{
	return lower->rx_handler == macvlan_handle_frame ?
		       lower->rx_handler_data :
		       NULL;
}

/* --- the table of children that are up ----------------------------------- */

/* macvlan_hash_lookup() */
static struct vn_macvlan *hash_lookup(const struct vn_macvlan_port *port,
				      const uint8_t *mac)
{
	struct vn_fdb_entry *e = vn_fdb_find(&port->table, mac, 0);

	return e ? e->port : NULL;
}

static int hash_add(struct vn_macvlan *v)
{
	int rc = vn_fdb_add_local(&v->port->table, v->dev.mac, 0, v, 0);

	if (rc)
		return rc;
	memcpy(v->hashed_mac, v->dev.mac, VN_ETH_ALEN);
	v->hashed = true;
	return 0;
}

static void hash_del(struct vn_macvlan *v)
{
	struct vn_fdb_entry *e;

	if (!v->hashed)
		return;
	e = vn_fdb_find(&v->port->table, v->hashed_mac, 0);
	if (e && e->port == v)
		vn_fdb_remove(&v->port->table, e);
	v->hashed = false;
}

/* macvlan_addr_busy(): the lower's own MAC or a child's that is up. */
static bool addr_busy(const struct vn_macvlan_port *port, const uint8_t *mac)
{
	if (!port->passthru && !port->addr_change &&
	    vn_mac_equal(port->lower->mac, mac))
		return true;
	return hash_lookup(port, mac) != NULL;
}

/* --- promiscuity of the lower -------------------------------------------- */

/*
 * __dev_set_rx_mode() of a lower without unicast filtering: promiscuous
 * while it has unicast addresses, re-evaluated only while it is up.
 */
static void sync_uc(struct vn_macvlan_port *port)
{
	bool want = port->n_uc > 0;

	if (port->lower_gone || !vn_dev_is_up(port->uc_dev) ||
	    want == port->uc_promisc)
		return;
	port->uc_promisc = want;
	vn_dev_set_promiscuity(port->uc_dev, want ? 1 : -1);
}

/* macvlan_change_rx_flags(): a child's PROMISC counts on the lower. */
static void sync_promisc(struct vn_macvlan *v)
{
	struct vn_macvlan_port *port = v->port;
	bool want = vn_dev_is_up(&v->dev) && (v->dev.flags & VN_IFF_PROMISC) &&
		    !port->passthru;

	if (port->lower_gone || want == v->promisc_synced)
		return;
	v->promisc_synced = want;
	vn_dev_set_promiscuity(port->lower, want ? 1 : -1);
}

static void self_event(struct vn_dev_watcher *w, struct vn_dev *dev,
		       enum vn_dev_event ev)
{
	(void)dev;
	switch (ev) {
	case VN_DEV_UP:
	case VN_DEV_DOWN:
	case VN_DEV_CHANGE:
		sync_promisc(container_of(w, struct vn_macvlan, self));
		break;
	case VN_DEV_REGISTER:
	case VN_DEV_UNREGISTER:
	case VN_DEV_CHANGEADDR:
	case VN_DEV_CHANGENAME:
	case VN_DEV_CHANGEMTU:
	case VN_DEV_CHANGEUPPER:
		break;
	}
}

static void self_gone(struct vn_dev_watcher *w, struct vn_dev *dev)
{
	(void)w;
	(void)dev;
}

/* --- the packet path ------------------------------------------------------- */

/*
 * macvlan_broadcast(): a copy for each child that is up, of a mode in
 * @modes, but @src.  @local: the copies come from a child's transmit
 * (__dev_forward_skb(): checked against the receiver's MTU, and the mark
 * cleared when crossing namespaces).
 */
static void broadcast(struct vn_macvlan_port *port, struct vn_buf *buf,
		      const struct vn_dev *src, unsigned modes, bool local)
{
	struct vn_fdb_entry *e;

	if (vn_eth_type(buf->data) == ETH_P_PAUSE)
		return;
	vn_fdb_for_each(e, &port->table) {
		struct vn_macvlan *c = e->port;
		struct vn_buf *copy;

		if (&c->dev == src || !(c->mode & modes))
			continue;
		copy = vn_buf_clone(buf);
		if (unlikely(!copy)) {
			c->dev.stats.rx_dropped++;
			continue;
		}
		if (local) {
			if (unlikely(copy->len > c->dev.mtu + VN_ETH_HLEN + 4)) {
				vn_dev_drop_rx(&c->dev, copy,
					       VN_DROP_FRAME_TOO_LONG);
				continue;
			}
			if (src && src->space != c->dev.space)
				copy->mark = 0;
		}
		vn_backlog_enqueue(c->dev.space->backlog, &c->dev, copy);
	}
}

/* macvlan_multicast_rx(): who hears a broadcast from the wire. */
static void multicast_rx(struct vn_macvlan_port *port, struct vn_buf *buf,
			 const struct vn_macvlan *src)
{
	if (!src)
		broadcast(port, buf, NULL,
			  VN_MACVLAN_PRIVATE | VN_MACVLAN_VEPA |
				  VN_MACVLAN_PASSTHRU | VN_MACVLAN_BRIDGE,
			  false);
	else if (src->mode == VN_MACVLAN_VEPA)
		broadcast(port, buf, &src->dev,
			  VN_MACVLAN_VEPA | VN_MACVLAN_BRIDGE, false);
	else
		/* Bridge siblings saw it on the way out. */
		broadcast(port, buf, &src->dev, VN_MACVLAN_VEPA, false);
}

/* macvlan_handle_frame(): the lower device's rx handler. */
static enum vn_rx_result macvlan_handle_frame(struct vn_buf **pbuf)
{
	struct vn_buf *buf = *pbuf;
	struct vn_macvlan_port *port = buf->dev->rx_handler_data;
	const uint8_t *dst = vn_eth_dst(buf->data);
	struct vn_macvlan *v;

	if (unlikely(buf->pkt_type == VN_PKT_LOOPBACK))
		return VN_RX_PASS;
	if (vn_mac_is_multicast(dst)) {
		const struct vn_macvlan *src =
			hash_lookup(port, vn_eth_src(buf->data));

		if (src && src->mode != VN_MACVLAN_VEPA &&
		    src->mode != VN_MACVLAN_BRIDGE) {
			/* "forward to original port" */
			vn_backlog_enqueue(src->dev.space->backlog,
					   (struct vn_dev *)&src->dev, buf);
			return VN_RX_CONSUMED;
		}
		multicast_rx(port, buf, src);
		return VN_RX_PASS;
	}
	if (port->passthru)
		v = vn_list_entry(port->children.next, struct vn_macvlan,
				  link);
	else
		v = hash_lookup(port, dst);
	if (!v)
		return VN_RX_PASS;
	if (unlikely(!vn_dev_is_up(&v->dev))) {
		vn_buf_drop(buf, VN_DROP_DEV_DOWN);
		return VN_RX_CONSUMED;
	}
	buf->pkt_type = VN_PKT_HOST;
	vn_dev_receive_upper(&v->dev, buf);
	return VN_RX_CONSUMED;
}

/*
 * dev_forward_skb() into @to: is_skb_forwardable() (up, MTU), then the
 * backlog, as if @to had received the frame.
 */
static void forward_to(struct vn_dev *to, const struct vn_dev *from,
		       struct vn_buf *buf)
{
	if (unlikely(!vn_dev_is_up(to))) {
		vn_dev_drop_rx(to, buf, VN_DROP_DEV_DOWN);
		return;
	}
	if (unlikely(buf->len > to->mtu + VN_ETH_HLEN + 4)) {
		vn_dev_drop_rx(to, buf, VN_DROP_FRAME_TOO_LONG);
		return;
	}
	if (to->space != from->space)
		buf->mark = 0;
	vn_backlog_enqueue(to->space->backlog, to, buf);
}

/*
 * A bridge-mode child's unicast to bridge-mode sibling @dest:
 * dev_forward_skb() into the lower, whose receive path then hands it to
 * @dest (macvlan_handle_frame()).  When nothing can see or take it on the
 * way -- no capture on the lower, no tag a VLAN device of the lower could
 * claim -- the frame skips that path and goes to @dest directly, after
 * the same checks: one backlog hop and one table lookup less, and the
 * lower's RX counters stay as Linux's do.
 */
static void forward_to_sibling(struct vn_macvlan_port *port,
			       const struct vn_dev *from,
			       struct vn_macvlan *dest, struct vn_buf *buf)
{
	struct vn_dev *lower = port->lower;

	if (unlikely(!vn_list_empty(&lower->sniffers) ||
		     vn_vlan_tagged(buf->data))) {
		/* To the lower first, for its taps. */
		forward_to(lower, from, buf);
		return;
	}
	if (unlikely(!vn_dev_is_up(lower))) {
		vn_dev_drop_rx(lower, buf, VN_DROP_DEV_DOWN);
		return;
	}
	if (unlikely(buf->len > lower->mtu + VN_ETH_HLEN + 4)) {
		vn_dev_drop_rx(lower, buf, VN_DROP_FRAME_TOO_LONG);
		return;
	}
	if (unlikely(!vn_dev_is_up(&dest->dev))) {
		vn_buf_drop(buf, VN_DROP_DEV_DOWN);
		return;
	}
	if (lower->space != from->space)
		buf->mark = 0;
	vn_backlog_enqueue(dest->dev.space->backlog, &dest->dev, buf);
}

/* macvlan_queue_xmit() */
static int macvlan_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	struct vn_macvlan *v = to_macvlan(dev);
	struct vn_macvlan_port *port = v->port;

	if (v->mode == VN_MACVLAN_BRIDGE) {
		const uint8_t *dst = vn_eth_dst(buf->data);
		struct vn_macvlan *dest;

		if (vn_mac_is_multicast(dst)) {
			/* Send to the other bridge-mode children directly. */
			broadcast(port, buf, dev, VN_MACVLAN_BRIDGE, true);
		} else {
			dest = hash_lookup(port, dst);
			if (dest && dest->mode == VN_MACVLAN_BRIDGE) {
				forward_to_sibling(port, dev, dest, buf);
				return 0;
			}
		}
	}
	vn_dev_xmit(port->lower, buf);
	return 0;
}

/* --- child state ------------------------------------------------------------ */

/* macvlan_open() */
static int macvlan_open(struct vn_dev *dev, struct vn_err *err)
{
	struct vn_macvlan *v = to_macvlan(dev);
	struct vn_macvlan_port *port = v->port;

	if (!port->passthru && addr_busy(port, dev->mac))
		return vn_err_rtnl(err, -EADDRINUSE);
	if (hash_add(v))
		return vn_err_rtnl(err, -ENOMEM);
	if (port->passthru) {
		if (!(v->flags & VN_MACVLAN_FLAG_NOPROMISC))
			vn_dev_set_promiscuity(port->lower, 1);
		return 0;
	}
	/* dev_uc_add(lowerdev, dev->dev_addr) */
	port->n_uc++;
	sync_uc(port);
	return 0;
}

/* macvlan_stop() */
static void macvlan_stop(struct vn_dev *dev)
{
	struct vn_macvlan *v = to_macvlan(dev);
	struct vn_macvlan_port *port = v->port;

	hash_del(v);
	if (port->lower_gone)
		return;
	if (port->passthru) {
		if (!(v->flags & VN_MACVLAN_FLAG_NOPROMISC))
			vn_dev_set_promiscuity(port->lower, -1);
		return;
	}
	port->n_uc--;
	sync_uc(port);
}

/* netif_stacked_transfer_operstate() */
static void transfer_operstate(struct vn_macvlan *v)
{
	vn_dev_set_carrier(&v->dev, v->port->lower->carrier);
}

/*
 * macvlan_sync_address(): a passthru child follows its lower's MAC,
 * rehashed if it is up.
 */
static void sync_address(struct vn_macvlan *v, const uint8_t *mac)
{
	struct vn_macvlan_port *port = v->port;
	bool up = v->hashed;

	if (!vn_mac_equal(v->dev.mac, mac)) {
		if (up)
			hash_del(v);
		memcpy(v->dev.mac, mac, VN_ETH_ALEN);
		/* Cannot fail: the old entry's slot is free again. */
		if (up)
			hash_add(v);
		vn_dev_notify(&v->dev, VN_DEV_CHANGEADDR);
	}
	/* Not our own change: the lower's new MAC is the one to restore. */
	if (!port->addr_change)
		memcpy(port->perm_addr, port->lower->mac, VN_ETH_ALEN);
	port->addr_change = false;
}

/* macvlan_set_mac_address(), before the core copies the MAC. */
static int macvlan_set_mac(struct vn_dev *dev, const uint8_t *mac,
			   struct vn_err *err)
{
	struct vn_macvlan *v = to_macvlan(dev);
	struct vn_macvlan_port *port = v->port;

	if (v->inherit_pending) {
		/* Linux replaced the creation address by the lower's. */
		v->inherit_pending = false;
		return -EALREADY;
	}
	if (v->mode == VN_MACVLAN_PASSTHRU) {
		int rc;

		port->addr_change = true;
		/* The lower's CHANGEADDR brings the MAC back to us. */
		rc = vn_dev_set_mac(port->lower, mac, err);
		port->addr_change = false;
		return rc;
	}
	if (addr_busy(port, mac))
		return vn_err_rtnl(err, -EADDRINUSE);
	return 0;
}

/* After the core copied a new MAC: rehash (macvlan_hash_change_addr()). */
static void macvlan_mac_changed(struct vn_dev *dev)
{
	struct vn_macvlan *v = to_macvlan(dev);

	if (!v->hashed)
		return;
	hash_del(v);
	hash_add(v);
}

/* macvlan_change_mtu() */
static int macvlan_change_mtu(struct vn_dev *dev, uint32_t mtu,
			      struct vn_err *err)
{
	if (mtu > to_macvlan(dev)->port->lower->mtu)
		return vn_err_rtnl(err, -EINVAL);
	return 0;
}

static struct vn_dev *macvlan_get_link(const struct vn_dev *dev)
{
	return to_macvlan(dev)->port->lower;
}

/* --- the port ---------------------------------------------------------------- */

/* macvlan_device_event(): what the lower's changes do to the children. */
static void lower_event(struct vn_dev_watcher *w, struct vn_dev *lower,
			enum vn_dev_event ev)
{
	struct vn_macvlan_port *port =
		container_of(w, struct vn_macvlan_port, watcher);
	struct vn_macvlan *v;

	switch (ev) {
	case VN_DEV_UP:
	case VN_DEV_DOWN:
	case VN_DEV_CHANGE:
		if (ev == VN_DEV_UP)
			sync_uc(port);
		vn_list_for_each(v, &port->children, link)
			transfer_operstate(v);
		break;
	case VN_DEV_CHANGEMTU:
		vn_list_for_each(v, &port->children, link)
			if (v->dev.mtu > lower->mtu)
				vn_dev_set_mtu(&v->dev, lower->mtu, NULL);
		break;
	case VN_DEV_CHANGEADDR:
		if (port->passthru && !vn_list_empty(&port->children))
			sync_address(vn_list_entry(port->children.next,
						   struct vn_macvlan, link),
				     lower->mac);
		break;
	case VN_DEV_REGISTER:
	case VN_DEV_UNREGISTER:
	case VN_DEV_CHANGENAME:
	case VN_DEV_CHANGEUPPER:
		break;
	}
}

/* NETDEV_UNREGISTER of the lower: every child goes with it. */
static void lower_gone(struct vn_dev_watcher *w, struct vn_dev *lower)
{
	struct vn_macvlan_port *port =
		container_of(w, struct vn_macvlan_port, watcher);

	(void)lower;
	port->lower_gone = true;
	for (;;) {
		struct vn_macvlan *v = vn_list_entry(port->children.next,
						     struct vn_macvlan, link);
		bool last = port->n_children == 1;

		vn_dev_unregister(&v->dev);
		if (last)
			break;	/* the port went with its last child */
	}
}

/* The device a lower's unicast addresses end up on (dev_uc_sync()). */
static struct vn_dev *uc_dev_of(struct vn_dev *lower)
{
	struct vn_vlan_dev *vlan;

	while ((vlan = vn_vlan_of(lower)))
		lower = vlan->real_dev;
	return lower;
}

/* macvlan_port_create() after its checks. */
static struct vn_macvlan_port *port_create(struct vn_dev *lower)
{
	struct vn_macvlan_port *port = calloc(1, sizeof(*port));

	if (!port)
		return NULL;
	port->lower = lower;
	port->uc_dev = uc_dev_of(lower);
	memcpy(port->perm_addr, lower->mac, VN_ETH_ALEN);
	vn_list_init(&port->children);
	/* Only local entries: ageing never applies. */
	vn_fdb_init(&port->table, lower->space->env->hash_seed ^ 0x3ac1, 0);
	port->watcher.event = lower_event;
	port->watcher.gone = lower_gone;
	vn_dev_rx_handler_register(lower, macvlan_handle_frame, port);
	vn_dev_watcher_add(lower, &port->watcher);
	return port;
}

/* macvlan_port_destroy() */
static void port_destroy(struct vn_macvlan_port *port)
{
	struct vn_dev *lower = port->lower;

	vn_dev_rx_handler_unregister(lower);
	vn_dev_watcher_del(lower, &port->watcher);
	if (!port->lower_gone) {
		/* vnet drops its unicast promiscuity with the port; Linux
		 * keeps it until the lower's next rx-mode update. */
		if (port->uc_promisc)
			vn_dev_set_promiscuity(port->uc_dev, -1);
		/* A passthru child changed the lower's MAC: put it back. */
		if (port->passthru && !vn_mac_equal(lower->mac, port->perm_addr))
			vn_dev_set_mac(lower, port->perm_addr, NULL);
	}
	vn_fdb_fini(&port->table);
	free(port);
}

/* macvlan_uninit() and macvlan_dellink(), after the child was closed. */
static void macvlan_destroy(struct vn_dev *dev)
{
	struct vn_macvlan *v = to_macvlan(dev);
	struct vn_macvlan_port *port = v->port;

	vn_dev_watcher_del(dev, &v->self);
	vn_list_remove(&v->link);
	if (--port->n_children == 0)
		port_destroy(port);
	free(v);
}

static const struct vn_dev_ops macvlan_ops = {
	.kind = "macvlan",
	.open = macvlan_open,
	.stop = macvlan_stop,
	.xmit = macvlan_xmit,
	.set_mac = macvlan_set_mac,
	.mac_changed = macvlan_mac_changed,
	.change_mtu = macvlan_change_mtu,
	.get_link = macvlan_get_link,
	.destroy = macvlan_destroy,
};

/*
 * A macvtap is a macvlan child under another kind name (macvtap_link_ops
 * shares macvlan's); what it receives goes to a kernel TAP, which
 * dev/macvtap.c attaches as the child's rx handler.
 */
static const struct vn_dev_ops macvtap_ops = {
	.kind = "macvtap",
	.open = macvlan_open,
	.stop = macvlan_stop,
	.xmit = macvlan_xmit,
	.set_mac = macvlan_set_mac,
	.mac_changed = macvlan_mac_changed,
	.change_mtu = macvlan_change_mtu,
	.get_link = macvlan_get_link,
	.destroy = macvlan_destroy,
};

/* --- configuration ------------------------------------------------------------- */

static bool mode_valid(enum vn_macvlan_mode mode)
{
	return mode == VN_MACVLAN_PRIVATE || mode == VN_MACVLAN_VEPA ||
	       mode == VN_MACVLAN_BRIDGE || mode == VN_MACVLAN_PASSTHRU;
}

int vn_macvlan_validate(struct vn_devspace *space, const char *name,
			struct vn_dev **plower,
			const struct vn_macvlan_config *c, struct vn_err *err)
{
	struct vn_dev *lower = *plower;
	struct vn_macvlan_port *port;

	/* macvlan_validate(), rtnl_newlink(), rtnl_create_link(), then
	 * macvlan_common_newlink(), in their order. */
	if (c->mac && !vn_mac_is_valid(c->mac))
		return vn_err_rtnl(err, -EADDRNOTAVAIL);
	if (!mode_valid(c->mode) || (c->flags & ~VN_MACVLAN_FLAGS))
		return vn_err_rtnl(err, -EINVAL);
	if (!vn_dev_name_valid(name))
		return vn_err_set(err, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
				  name);
	if (vn_dev_lookup(space, name))
		return vn_err_rtnl(err, -EEXIST);
	if (c->has_mtu && c->mtu < 68)
		return vn_err_set(err, -EINVAL,
				  "Error: mtu less than device minimum.");
	if (c->has_mtu && c->mtu > 65535)
		return vn_err_set(err, -EINVAL,
				  "Error: mtu greater than device maximum.");
	if (!lower)
		return vn_err_rtnl(err, -EINVAL);
	/* "When creating macvlans ... on top of other macvlans - use the
	 * real device as the lowerdev." */
	if (vn_dev_is_macvlan(lower))
		lower = to_macvlan(lower)->port->lower;
	if (c->has_mtu && c->mtu > lower->mtu)
		return vn_err_rtnl(err, -EINVAL);
	port = port_of(lower);
	if (!port) {
		if (lower->type != VN_ARPHRD_ETHER ||
		    (lower->flags & VN_IFF_LOOPBACK))
			return vn_err_rtnl(err, -EINVAL);
		if (lower->rx_handler)
			return vn_err_rtnl(err, -EBUSY);
	} else if (port->passthru) {
		/* "Only 1 macvlan device can be created in passthru mode" */
		return vn_err_rtnl(err, -EINVAL);
	} else if (c->mode == VN_MACVLAN_PASSTHRU) {
		return vn_err_rtnl(err, -EINVAL);
	}
	*plower = lower;
	return 0;
}

int vn_macvlan_create(struct vn_devspace *space, const char *name,
		      struct vn_dev *lower, const struct vn_macvlan_config *c,
		      struct vn_dev **out, struct vn_err *err)
{
	struct vn_macvlan_port *port;
	struct vn_macvlan *v;
	int rc;

	rc = vn_macvlan_validate(space, name, &lower, c, err);
	if (rc)
		return rc;
	port = port_of(lower);
	v = calloc(1, sizeof(*v));
	if (!v)
		return vn_err_rtnl(err, -ENOMEM);
	if (!port) {
		port = port_create(lower);
		if (!port) {
			free(v);
			return vn_err_rtnl(err, -ENOMEM);
		}
	}
	vn_dev_setup(&v->dev, space->env, c->tap ? &macvtap_ops : &macvlan_ops,
		     name);
	v->port = port;
	v->mode = (uint8_t)c->mode;
	v->flags = c->flags;
	v->dev.mtu = c->has_mtu ? c->mtu : lower->mtu;
	v->dev.max_mtu = lower->max_mtu;
	v->dev.carrier = lower->carrier;
	if (c->tap)
		v->dev.txqlen = VN_MACVTAP_TXQ_LEN;
	if (c->mode == VN_MACVLAN_PASSTHRU) {
		/* eth_hw_addr_inherit() */
		port->passthru = true;
		memcpy(v->dev.mac, lower->mac, VN_ETH_ALEN);
		v->dev.addr_assign = lower->addr_assign;
	} else if (c->mac) {
		memcpy(v->dev.mac, c->mac, VN_ETH_ALEN);
		v->dev.addr_assign = c->mac_random ? VN_ADDR_RANDOM :
						     VN_ADDR_SET;
	}
	v->self.event = self_event;
	v->self.gone = self_gone;
	vn_list_push_back(&port->children, &v->link);
	port->n_children++;
	/* The name was checked above: registration cannot fail now. */
	rc = vn_dev_register(space, &v->dev, 0, err);
	VN_ASSERT(rc == 0);
	vn_dev_watcher_add(&v->dev, &v->self);
	if (out)
		*out = &v->dev;
	return 0;
}

int vn_macvlan_change(struct vn_dev *dev, enum vn_macvlan_mode mode,
		      int flags, struct vn_err *err)
{
	struct vn_macvlan *v = to_macvlan(dev);
	struct vn_macvlan_port *port = v->port;

	if (mode && !mode_valid(mode))
		return vn_err_rtnl(err, -EINVAL);
	if (flags >= 0 && (flags & ~VN_MACVLAN_FLAGS))
		return vn_err_rtnl(err, -EINVAL);
	/* "Passthrough mode can't be set or cleared dynamically" */
	if (mode && (mode == VN_MACVLAN_PASSTHRU) !=
			    (v->mode == VN_MACVLAN_PASSTHRU))
		return vn_err_rtnl(err, -EINVAL);
	if (flags >= 0) {
		bool promisc = (flags ^ v->flags) & VN_MACVLAN_FLAG_NOPROMISC;

		if (port->passthru && promisc && vn_dev_is_up(dev))
			vn_dev_set_promiscuity(port->lower,
					       flags & VN_MACVLAN_FLAG_NOPROMISC ?
						       -1 :
						       1);
		v->flags = (uint16_t)flags;
	}
	if (mode)
		v->mode = (uint8_t)mode;
	return 0;
}
