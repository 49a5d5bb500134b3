// SPDX-License-Identifier: MIT
/*
 * dev/dev.c - the device core: registration, state changes, and the two
 * doors of the packet path, vn_dev_xmit() and vn_dev_receive().
 *
 * Mirrors net/core/dev.c: per-namespace ifindex allocation (the next
 * number after the last one handed out, dev_new_index()), names unique in
 * their namespace, rx handlers for stacked devices, taps (our sniffers)
 * that see every frame, and netdevice notifier events towards the
 * namespace.  Moving a device between namespaces keeps its ifindex when
 * it is free there, as dev_change_net_namespace() does.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "dev/dev.h"
#include "dev/gso.h"
#include "dev/vlan.h"

static uint32_t name_hash(const char *name)
{
	return vn_hash_string(name, 0x9f1b2c3d);
}

static uint32_t index_hash(int ifindex)
{
	return vn_hash_u64((uint64_t)ifindex, 0x51ed270b);
}

void vn_devspace_init(struct vn_devspace *space, struct vn_env *env,
		      struct vn_backlog *backlog,
		      const struct vn_devspace_ops *ops)
{
	memset(space, 0, sizeof(*space));
	space->env = env;
	space->backlog = backlog;
	space->ops = ops;
	vn_list_init(&space->devs);
	vn_hmap_init(&space->by_name);
	vn_hmap_init(&space->by_index);
}

void vn_devspace_fini(struct vn_devspace *space)
{
	VN_ASSERT(space->n_devs == 0);
	vn_hmap_fini(&space->by_name);
	vn_hmap_fini(&space->by_index);
}

struct vn_dev *vn_dev_lookup(const struct vn_devspace *space, const char *name)
{
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, name_hash(name), &space->by_name)
	{
		struct vn_dev *dev = container_of(node, struct vn_dev, name_node);

		if (!strcmp(dev->name, name))
			return dev;
	}
	return NULL;
}

struct vn_dev *vn_dev_lookup_index(const struct vn_devspace *space,
				   int ifindex)
{
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, index_hash(ifindex), &space->by_index)
	{
		struct vn_dev *dev =
			container_of(node, struct vn_dev, index_node);

		if (dev->ifindex == ifindex)
			return dev;
	}
	return NULL;
}

struct vn_dev *vn_dev_next(const struct vn_devspace *space,
			   const struct vn_dev *dev)
{
	const struct vn_list *l = dev ? dev->space_link.next : space->devs.next;

	if (l == &space->devs)
		return NULL;
	return container_of(l, struct vn_dev, space_link);
}

bool vn_dev_name_valid(const char *name)
{
	size_t len = strlen(name);

	/* dev_valid_name(): as the kernel, "." and ".." are refused too. */
	if (len == 0 || len >= VN_IFNAMSIZ)
		return false;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (const char *c = name; *c; c++)
		if (*c == '/' || *c == ':' || *c == ' ' || *c == '\t' ||
		    *c == '\n' || *c == '\r' || *c == '\v' || *c == '\f')
			return false;
	return true;
}

void vn_dev_random_mac(struct vn_env *env, uint8_t *mac)
{
	vn_rand_bytes(&env->rand, mac, VN_ETH_ALEN);
	mac[0] &= 0xfe;		/* unicast */
	mac[0] |= 0x02;		/* locally administered */
}

void vn_dev_setup(struct vn_dev *dev, struct vn_env *env,
		  const struct vn_dev_ops *ops, const char *name)
{
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	dev->type = VN_ARPHRD_ETHER;
	vn_dev_random_mac(env, dev->mac);
	memset(dev->broadcast, 0xff, VN_ETH_ALEN);
	dev->addr_assign = VN_ADDR_RANDOM;
	dev->flags = VN_IFF_BROADCAST | VN_IFF_MULTICAST;
	dev->mtu = 1500;
	dev->min_mtu = 68;
	dev->max_mtu = 65535;
	dev->txqlen = 1000;
	dev->ops = ops;
	vn_list_init(&dev->sniffers);
	vn_list_init(&dev->watchers);
	vn_list_init(&dev->space_link);
}

static int alloc_ifindex(struct vn_devspace *space)
{
	int i = space->last_ifindex;

	for (;;) {
		/* dev_new_index() wraps to 1 (without signed overflow). */
		i = i < INT_MAX && i > 0 ? i + 1 : 1;
		if (!vn_dev_lookup_index(space, i))
			return space->last_ifindex = i;
	}
}

/* Inserts @dev in the list keeping ifindex order, as `ip link` lists. */
static void link_in_order(struct vn_devspace *space, struct vn_dev *dev)
{
	struct vn_dev *pos;

	vn_devspace_for_each(pos, space) {
		if (pos->ifindex > dev->ifindex) {
			vn_list_insert_before(&pos->space_link,
					      &dev->space_link);
			return;
		}
	}
	vn_list_push_back(&space->devs, &dev->space_link);
}

static void attach(struct vn_devspace *space, struct vn_dev *dev, int ifindex)
{
	dev->space = space;
	dev->ifindex = ifindex ? ifindex : alloc_ifindex(space);
	vn_hmap_insert(&space->by_name, &dev->name_node, name_hash(dev->name));
	vn_hmap_insert(&space->by_index, &dev->index_node,
		       index_hash(dev->ifindex));
	link_in_order(space, dev);
	space->n_devs++;
}

static void detach(struct vn_dev *dev)
{
	struct vn_devspace *space = dev->space;

	vn_hmap_remove(&space->by_name, &dev->name_node);
	vn_hmap_remove(&space->by_index, &dev->index_node);
	vn_list_remove(&dev->space_link);
	space->n_devs--;
}

int vn_dev_register(struct vn_devspace *space, struct vn_dev *dev,
		    int ifindex, struct vn_err *err)
{
	if (!vn_dev_name_valid(dev->name))
		return vn_err_set(err, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
				  dev->name);
	if (vn_dev_lookup(space, dev->name))
		return vn_err_rtnl(err, -EEXIST);
	if (ifindex && vn_dev_lookup_index(space, ifindex))
		return vn_err_rtnl(err, -EBUSY);
	attach(space, dev, ifindex);
	vn_dev_notify(dev, VN_DEV_REGISTER);
	return 0;
}

static void sniffers_gone(struct vn_dev *dev)
{
	while (!vn_list_empty(&dev->sniffers)) {
		struct vn_sniffer *s = vn_list_entry(dev->sniffers.next,
						     struct vn_sniffer, link);

		vn_list_remove(&s->link);
		if (s->gone)
			s->gone(s, dev);
	}
}

/* Everything leaving a namespace has in common, for delete and move. */
static void leave_space(struct vn_dev *dev)
{
	vn_dev_close(dev);
	/* dev_shutdown(): the qdisc does not follow the device. */
	vn_dev_set_qdisc(dev, NULL);
	if (dev->master)
		vn_dev_release(dev);
	sniffers_gone(dev);
	vn_dev_notify(dev, VN_DEV_UNREGISTER);
	vn_backlog_purge_dev(dev->space->backlog, dev);
	detach(dev);
}

/* Upper devices hear that @dev is deleted (they may delete themselves). */
static void watchers_gone(struct vn_dev *dev)
{
	while (!vn_list_empty(&dev->watchers)) {
		struct vn_dev_watcher *w = vn_list_entry(dev->watchers.next,
							 struct vn_dev_watcher,
							 link);

		vn_list_remove(&w->link);
		w->gone(w, dev);
	}
}

void vn_dev_unregister(struct vn_dev *dev)
{
	if (dev->ops->uninit)
		dev->ops->uninit(dev);
	leave_space(dev);
	watchers_gone(dev);
	dev->ops->destroy(dev);
}

int vn_dev_move(struct vn_dev *dev, struct vn_devspace *to,
		const char *new_name, struct vn_err *err)
{
	char name[VN_IFNAMSIZ];
	int ifindex;

	if (dev->netns_local)
		return vn_err_set(err, -EINVAL,
				  "Error: The interface netns is immutable.");
	if (to == dev->space)
		return 0;
	if (new_name && strlen(new_name) >= VN_IFNAMSIZ)
		return vn_err_set(err, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
				  new_name);
	snprintf(name, sizeof(name), "%s", new_name ? new_name : dev->name);
	if (!vn_dev_name_valid(name))
		return vn_err_set(err, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
				  name);
	if (vn_dev_lookup(to, name))
		return vn_err_rtnl(err, -EEXIST);
	leave_space(dev);
	memcpy(dev->name, name, sizeof(dev->name));
	ifindex = vn_dev_lookup_index(to, dev->ifindex) ? 0 : dev->ifindex;
	attach(to, dev, ifindex);
	vn_dev_notify(dev, VN_DEV_REGISTER);
	return 0;
}

void vn_dev_notify(struct vn_dev *dev, enum vn_dev_event ev)
{
	struct vn_dev_watcher *w, *tmp;

	if (dev->space && dev->space->ops && dev->space->ops->notify)
		dev->space->ops->notify(dev->space, dev, ev);
	if (dev->master && dev->master->ops->slave_event)
		dev->master->ops->slave_event(dev->master, dev, ev);
	vn_list_for_each_safe(w, tmp, &dev->watchers, link)
		w->event(w, dev, ev);
}

int vn_dev_open(struct vn_dev *dev, struct vn_err *err)
{
	int rc;

	if (vn_dev_is_up(dev))
		return 0;
	if (dev->ops->open) {
		rc = dev->ops->open(dev, err);
		if (rc)
			return rc;
	}
	dev->flags |= VN_IFF_UP;
	/* dev_activate(): a device without a qdisc gets noqueue. */
	if (!dev->qdisc)
		dev->qdisc_noqueue = true;
	vn_dev_notify(dev, VN_DEV_UP);
	return 0;
}

void vn_dev_close(struct vn_dev *dev)
{
	if (!vn_dev_is_up(dev))
		return;
	dev->flags &= ~VN_IFF_UP;
	/* dev_deactivate(): what the qdisc holds is dropped. */
	if (dev->qdisc)
		dev->qdisc->ops->reset(dev->qdisc);
	if (dev->ops->stop)
		dev->ops->stop(dev);
	vn_dev_notify(dev, VN_DEV_DOWN);
}

int vn_dev_set_name(struct vn_dev *dev, const char *name, struct vn_err *err)
{
	struct vn_devspace *space = dev->space;

	if (!vn_dev_name_valid(name))
		return vn_err_set(err, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
				  name);
	if (!strcmp(dev->name, name))
		return 0;
	if (vn_dev_lookup(space, name))
		return vn_err_rtnl(err, -EEXIST);
	vn_hmap_remove(&space->by_name, &dev->name_node);
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	vn_hmap_insert(&space->by_name, &dev->name_node, name_hash(dev->name));
	vn_dev_notify(dev, VN_DEV_CHANGENAME);
	return 0;
}

int vn_dev_set_mac(struct vn_dev *dev, const uint8_t *mac, struct vn_err *err)
{
	if (dev->type != VN_ARPHRD_ETHER)
		return vn_err_rtnl(err, -EOPNOTSUPP);
	if (!vn_mac_is_valid(mac))
		return vn_err_rtnl(err, -EADDRNOTAVAIL);
	if (dev->ops->set_mac && !vn_mac_equal(dev->mac, mac)) {
		int rc = dev->ops->set_mac(dev, mac, err);

		if (rc)
			return rc;
	}
	dev->addr_assign = VN_ADDR_SET;
	if (vn_mac_equal(dev->mac, mac))
		return 0;
	memcpy(dev->mac, mac, VN_ETH_ALEN);
	if (dev->ops->mac_changed)
		dev->ops->mac_changed(dev);
	vn_dev_notify(dev, VN_DEV_CHANGEADDR);
	return 0;
}

int vn_dev_set_mtu(struct vn_dev *dev, uint32_t mtu, struct vn_err *err)
{
	int rc;

	if (mtu < dev->min_mtu)
		return vn_err_set(err, -EINVAL,
				  "Error: mtu less than device minimum.");
	if (mtu > dev->max_mtu)
		return vn_err_set(err, -EINVAL,
				  "Error: mtu greater than device maximum.");
	if (mtu == dev->mtu)
		return 0;
	if (dev->ops->change_mtu) {
		rc = dev->ops->change_mtu(dev, mtu, err);
		if (rc)
			return rc;
	}
	dev->mtu = mtu;
	vn_dev_notify(dev, VN_DEV_CHANGEMTU);
	return 0;
}

void vn_dev_set_carrier(struct vn_dev *dev, bool on)
{
	if (dev->carrier == on)
		return;
	dev->carrier = on;
	/* linkwatch deactivates the qdisc of a device losing carrier. */
	if (!on && dev->qdisc)
		dev->qdisc->ops->reset(dev->qdisc);
	vn_dev_notify(dev, VN_DEV_CHANGE);
}

void vn_dev_set_promiscuity(struct vn_dev *dev, int delta)
{
	VN_ASSERT(delta >= 0 || dev->promiscuity >= (uint32_t)-delta);
	dev->promiscuity += (uint32_t)delta;
	vn_dev_notify(dev, VN_DEV_CHANGE);
}

void vn_dev_set_flag(struct vn_dev *dev, uint32_t flag, bool on)
{
	uint32_t old = dev->flags;

	if (on)
		dev->flags |= flag;
	else
		dev->flags &= ~flag;
	if (flag == VN_IFF_PROMISC && old != dev->flags)
		vn_dev_set_promiscuity(dev, on ? 1 : -1);
	else if (old != dev->flags)
		vn_dev_notify(dev, VN_DEV_CHANGE);
}

int vn_dev_set_master(struct vn_dev *dev, struct vn_dev *master,
		      struct vn_err *err)
{
	int rc;

	if (dev->master == master)
		return 0;
	if (!master->ops->add_slave)
		return vn_err_rtnl(err, -EOPNOTSUPP);
	if (dev->master)
		vn_dev_release(dev);
	rc = master->ops->add_slave(master, dev, err);
	if (rc)
		return rc;
	dev->master = master;
	vn_dev_notify(dev, VN_DEV_CHANGEUPPER);
	return 0;
}

void vn_dev_release(struct vn_dev *dev)
{
	struct vn_dev *master = dev->master;

	if (!master)
		return;
	master->ops->del_slave(master, dev);
	dev->master = NULL;
	vn_dev_notify(dev, VN_DEV_CHANGEUPPER);
}

void vn_dev_rx_handler_register(struct vn_dev *dev, vn_rx_handler_fn fn,
				void *data)
{
	VN_ASSERT(!dev->rx_handler);
	dev->rx_handler = fn;
	dev->rx_handler_data = data;
}

void vn_dev_rx_handler_unregister(struct vn_dev *dev)
{
	dev->rx_handler = NULL;
	dev->rx_handler_data = NULL;
}

void vn_dev_sniffer_add(struct vn_dev *dev, struct vn_sniffer *s)
{
	vn_list_push_back(&dev->sniffers, &s->link);
}

void vn_dev_sniffer_del(struct vn_dev *dev, struct vn_sniffer *s)
{
	(void)dev;
	vn_list_remove(&s->link);
}

void vn_dev_watcher_add(struct vn_dev *dev, struct vn_dev_watcher *w)
{
	vn_list_push_back(&dev->watchers, &w->link);
}

void vn_dev_watcher_del(struct vn_dev *dev, struct vn_dev_watcher *w)
{
	(void)dev;
	vn_list_remove(&w->link);
}

uint32_t vn_dev_get_flags(const struct vn_dev *dev)
{
	uint32_t flags = dev->flags;

	if (vn_dev_is_up(dev) && dev->carrier)
		flags |= VN_IFF_LOWER_UP;
	return flags;
}

const char *vn_dev_operstate(const struct vn_dev *dev)
{
	if (!vn_dev_is_up(dev))
		return "DOWN";
	if (dev->type == VN_ARPHRD_LOOPBACK)
		return "UNKNOWN";
	return dev->carrier ? "UP" : "DOWN";
}

static void sniff(struct vn_dev *dev, const struct vn_buf *buf, bool out)
{
	struct vn_sniffer *s, *tmp;

	vn_list_for_each_safe(s, tmp, &dev->sniffers, link)
		s->frame(s, dev, buf, out);
}

/*
 * validate_xmit_skb(): finishes or segments an offloaded frame @dev does
 * not take, then sends what came out.  The pieces fit, so this recurses
 * once at most.
 */
static void xmit_resolved(struct vn_dev *dev, struct vn_buf *buf)
{
	struct vn_bufq q;

	vn_bufq_init(&q);
	if (vn_gso_resolve(buf, dev->features, &q)) {
		dev->stats.tx_dropped++;
		return;
	}
	while ((buf = vn_bufq_pop(&q)))
		vn_dev_hard_xmit(dev, buf);
}

void vn_dev_hard_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	uint32_t len = buf->len;

	if (unlikely(vn_buf_offloaded(buf)) &&
	    !vn_gso_fits(buf, dev->features)) {
		xmit_resolved(dev, buf);
		return;
	}

	if (unlikely(!vn_list_empty(&dev->sniffers)))
		sniff(dev, buf, true);
	if (dev->ops->xmit(dev, buf) == 0) {
		dev->stats.tx_packets++;
		dev->stats.tx_bytes += len;
	} else {
		dev->stats.tx_dropped++;
	}
}

void vn_dev_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	/* Drops on the way out count in the sender's namespace. */
	buf->drop_stats = &dev->space->drops;
	if (unlikely(!vn_dev_is_up(dev))) {
		dev->stats.tx_dropped++;
		vn_buf_drop(buf, VN_DROP_DEV_DOWN);
		return;
	}
	/*
	 * Without carrier Linux's qdisc is deactivated; the driver then
	 * decides (a veth drops, counted), as it does without a qdisc.
	 */
	if (unlikely(dev->qdisc != NULL) && dev->carrier) {
		dev->qdisc->ops->enqueue(dev->qdisc, buf);
		return;
	}
	vn_dev_hard_xmit(dev, buf);
}

void vn_dev_set_qdisc(struct vn_dev *dev, struct vn_qdisc *q)
{
	struct vn_qdisc *old = dev->qdisc;

	dev->qdisc = q;
	dev->qdisc_noqueue = !q && vn_dev_is_up(dev);
	if (old)
		old->ops->destroy(old);
}

void vn_dev_drop_rx(struct vn_dev *dev, struct vn_buf *buf,
		    enum vn_drop_reason reason)
{
	dev->stats.rx_dropped++;
	buf->drop_stats = &dev->space->drops;
	vn_buf_drop(buf, reason);
}

/* eth_type_trans(): who the frame is for, relative to @dev. */
static uint8_t classify(const struct vn_dev *dev, const uint8_t *dst)
{
	if (vn_mac_is_multicast(dst))
		return vn_mac_is_broadcast(dst) ? VN_PKT_BROADCAST
						: VN_PKT_MULTICAST;
	if (dev->type == VN_ARPHRD_LOOPBACK || vn_mac_equal(dst, dev->mac))
		return VN_PKT_HOST;
	return VN_PKT_OTHERHOST;
}

/* A stack gets an offloaded frame finished: checksummed, or segmented. */
static void deliver_resolved(struct vn_dev *dev, struct vn_buf *buf)
{
	struct vn_bufq q;

	vn_bufq_init(&q);
	if (vn_gso_resolve(buf, 0, &q)) {
		dev->stats.rx_dropped++;
		return;
	}
	while ((buf = vn_bufq_pop(&q)))
		dev->space->ops->deliver(dev->space, dev, buf);
}

static void receive(struct vn_dev *dev, struct vn_buf *buf, bool classify_it)
{
	/* The frame is the receiver's now: its sender lets go (skb_orphan). */
	vn_buf_orphan(buf);
again:
	buf->dev = dev;
	buf->drop_stats = &dev->space->drops;
	if (unlikely(!vn_dev_is_up(dev))) {
		vn_dev_drop_rx(dev, buf, VN_DROP_DEV_DOWN);
		return;
	}
	if (unlikely(buf->len < VN_ETH_HLEN)) {
		dev->stats.rx_length_errors++;
		dev->stats.rx_errors++;
		vn_buf_drop(buf, VN_DROP_FRAME_TOO_SHORT);
		return;
	}
	buf->l2_off = vn_buf_offset(buf, buf->data);
	buf->l3_off = buf->l4_off = VN_BUF_NO_OFFSET;
	if (classify_it)
		buf->pkt_type = classify(dev, vn_eth_dst(buf->data));
	buf->in_ifindex = (uint32_t)dev->ifindex;
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += buf->len;
	if (unlikely(!vn_list_empty(&dev->sniffers)))
		sniff(dev, buf, false);
	/* __netif_receive_skb_core(): VLAN devices before the rx handler. */
	if (unlikely(vn_vlan_tagged(buf->data)) &&
	    vn_vlan_receive(&buf) == VN_RX_CONSUMED)
		return;
	if (dev->rx_handler) {
		switch (dev->rx_handler(&buf)) {
		case VN_RX_CONSUMED:
			return;
		case VN_RX_ANOTHER:
			dev = buf->dev;
			classify_it = true;
			goto again;
		case VN_RX_PASS:
			break;
		}
	}
	if (unlikely(vn_vlan_tagged(buf->data)) &&
	    vn_vlan_receive_finish(&buf) == VN_RX_CONSUMED)
		return;
	if (unlikely(vn_buf_offloaded(buf))) {
		deliver_resolved(dev, buf);
		return;
	}
	dev->space->ops->deliver(dev->space, dev, buf);
}

void vn_dev_receive(struct vn_dev *dev, struct vn_buf *buf)
{
	receive(dev, buf, true);
}

void vn_dev_receive_upper(struct vn_dev *dev, struct vn_buf *buf)
{
	receive(dev, buf, false);
}

void vn_backlog_enqueue(struct vn_backlog *bl, struct vn_dev *dev,
			struct vn_buf *buf)
{
	if (unlikely(bl->q.len >= bl->max_len)) {
		bl->n_dropped++;
		dev->stats.rx_dropped++;
		buf->drop_stats = &dev->space->drops;
		vn_buf_drop(buf, VN_DROP_BACKLOG_FULL);
		return;
	}
	buf->dev = dev;
	/* A veth crossing orphans the frame (__dev_forward_skb()). */
	vn_buf_orphan(buf);
	vn_bufq_push(&bl->q, buf);
}

unsigned vn_backlog_run(struct vn_backlog *bl, unsigned budget)
{
	unsigned n = 0;
	struct vn_buf *buf;

	while (n < budget && (buf = vn_bufq_pop(&bl->q))) {
		vn_dev_receive(buf->dev, buf);
		n++;
	}
	return n;
}

void vn_backlog_purge_dev(struct vn_backlog *bl, struct vn_dev *dev)
{
	struct vn_bufq keep;
	struct vn_buf *buf;

	vn_bufq_init(&keep);
	while ((buf = vn_bufq_pop(&bl->q))) {
		if (buf->dev == dev)
			vn_buf_drop(buf, VN_DROP_DEV_DELETED);
		else
			vn_bufq_push(&keep, buf);
	}
	bl->q = keep;
}
