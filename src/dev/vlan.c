// SPDX-License-Identifier: MIT
/*
 * dev/vlan.c - 802.1Q and 802.1ad VLAN devices (net/8021q/vlan.c,
 * vlan_dev.c, vlan_core.c, vlan_netlink.c).
 *
 * Theory of operation.  A VLAN device stands on a real device and owns one
 * (protocol, VID) pair there.  Transmit inserts the tag and sends the frame
 * out of the real device (vlan_dev_hard_start_xmit(), REORDER_HDR on: the
 * tag is always added).  Receive is a hook of the device core, not an rx
 * handler, exactly where __netif_receive_skb_core() calls
 * vlan_do_receive(): after the sniffers, before the rx handler, so a
 * bridge port or macvlan parent with VLAN devices hands tagged frames of
 * those VIDs to the VLAN devices, never to the bridge or the macvlans.  A
 * tag no VLAN device claims goes to the rx handler as it is; without one
 * (or when the handler passes), VID 0 (priority tagged) loses its tag and
 * goes up, any other VID is dropped and counted (Linux marks it
 * PACKET_OTHERHOST and its protocols drop it).
 *
 * Data structures: each real device with VLAN devices has a group (its
 * dev->vlan_group, Linux's vlan_info): per protocol, 64 lazily allocated
 * parts of 64 pointers indexed by VID, so the receive lookup is two
 * loads.  The group watches the real device (a netdevice notifier of
 * one device, vlan_device_event()): VLAN devices go up and down with it
 * unless loose_binding is set, follow its carrier, keep an inherited MAC
 * in step while up (vlan_sync_address()), shrink their MTU to fit it, and
 * are deleted with it.  The last VLAN device deleted frees the group.
 *
 * Limits: 4094 VIDs per protocol and real device (0..4094; 4095 is
 * reserved, vlan_validate()).  Each tag needs 4 bytes of headroom; a
 * stack of VLAN devices deeper than the headroom allows drops with
 * VN_DROP_VLAN_NO_HEADROOM.
 *
 * Not supported: reorder_hdr off (the stacks above take untagged frames
 * only), GVRP/MVRP, bridge_binding, ingress/egress QoS maps (the PCP sent
 * is always 0), IFF_UNICAST_FLT bookkeeping (a VLAN device's own MAC does
 * not make a bridge below it promiscuous).
 */
#include <errno.h>
#include <stdlib.h>

#include "dev/vlan.h"

#define PART_LEN 64
#define N_PARTS (VN_VLAN_N_VID / PART_LEN)

struct vn_vlan_group {
	struct vn_dev *real_dev;
	struct vn_dev_watcher watcher;
	uint32_t n_devs;
	bool real_gone;		/* the real device is being deleted */
	/* [0]: 802.1Q, [1]: 802.1ad; each part PART_LEN VIDs or NULL. */
	struct vn_vlan_dev **parts[2][N_PARTS];
};

static const struct vn_dev_ops vlan_ops;

static struct vn_vlan_dev *to_vlan(const struct vn_dev *dev)
{
	return container_of(dev, struct vn_vlan_dev, dev);
}

bool vn_dev_is_vlan(const struct vn_dev *dev)
{
	return dev->ops == &vlan_ops;
}

struct vn_vlan_dev *vn_vlan_of(struct vn_dev *dev)
{
	return vn_dev_is_vlan(dev) ? to_vlan(dev) : NULL;
}

const char *vn_vlan_proto_name(uint16_t proto)
{
	return proto == VN_ETH_P_8021AD ? "802.1ad" : "802.1Q";
}

static unsigned proto_index(uint16_t proto)
{
	return proto == VN_ETH_P_8021AD;
}

/* vlan_group_get_device() */
static struct vn_vlan_dev *group_lookup(const struct vn_vlan_group *g,
					uint16_t proto, uint16_t vid)
{
	struct vn_vlan_dev **part;

	if (!vn_vlan_is_tpid(proto))
		return NULL;
	part = g->parts[proto_index(proto)][vid / PART_LEN];
	return part ? part[vid % PART_LEN] : NULL;
}

/* The first device of the group in (protocol, VID) order, or NULL. */
static struct vn_vlan_dev *group_next(const struct vn_vlan_group *g,
				      const struct vn_vlan_dev *after)
{
	unsigned start = after ? proto_index(after->proto) * VN_VLAN_N_VID +
					 after->vid + 1u :
				 0;

	for (unsigned i = start; i < 2u * VN_VLAN_N_VID; i++) {
		struct vn_vlan_dev **part =
			g->parts[i / VN_VLAN_N_VID][i % VN_VLAN_N_VID / PART_LEN];

		if (!part) {
			i |= PART_LEN - 1;	/* skip the empty part */
			continue;
		}
		if (part[i % PART_LEN])
			return part[i % PART_LEN];
	}
	return NULL;
}

#define group_for_each(v, g) \
	for (v = group_next(g, NULL); v; v = group_next(g, v))

/* --- tags ------------------------------------------------------------- */

int vn_vlan_push_tag(struct vn_buf *buf, uint16_t tpid, uint16_t tci)
{
	uint8_t *p;

	if (vn_buf_make_writable(buf))
		return -ENOMEM;
	if (vn_buf_headroom(buf) < VN_VLAN_HLEN)
		return -ENOSPC;
	p = vn_buf_push(buf, VN_VLAN_HLEN);
	/* Only the addresses move: what follows keeps its offsets. */
	memmove(p, p + VN_VLAN_HLEN, 2 * VN_ETH_ALEN);
	vn_store_be16(p + VN_VLAN_TPID, tpid);
	vn_vlan_set_tci(p, tci);
	return 0;
}

int vn_vlan_pop_tag(struct vn_buf *buf)
{
	if (vn_buf_make_writable(buf))
		return -ENOMEM;
	memmove(buf->data + VN_VLAN_HLEN, buf->data, 2 * VN_ETH_ALEN);
	vn_buf_pull(buf, VN_VLAN_HLEN);
	return 0;
}

/* --- receive ---------------------------------------------------------- */

/* The second half of vlan_do_receive(): @buf becomes @v's. */
static void vlan_deliver(struct vn_vlan_dev *v, struct vn_buf *buf)
{
	if (unlikely(!vn_dev_is_up(&v->dev))) {
		vn_buf_drop(buf, VN_DROP_DEV_DOWN);
		return;
	}
	if (unlikely(vn_vlan_pop_tag(buf))) {
		vn_buf_drop(buf, VN_DROP_NOMEM);
		return;
	}
	/*
	 * "Our lower layer thinks this is not local, let's make sure": the
	 * VLAN device may have a MAC of its own.
	 */
	if (buf->pkt_type == VN_PKT_OTHERHOST &&
	    vn_mac_equal(vn_eth_dst(buf->data), v->dev.mac))
		buf->pkt_type = VN_PKT_HOST;
	vn_dev_receive_upper(&v->dev, buf);
}

enum vn_rx_result vn_vlan_receive(struct vn_buf **pbuf)
{
	struct vn_buf *buf = *pbuf;
	struct vn_vlan_group *g = buf->dev->vlan_group;
	struct vn_vlan_dev *v;

	/* skb_vlan_untag(): a cut tag is freed before anyone sees it. */
	if (unlikely(!vn_vlan_check(buf->data, buf->len))) {
		vn_buf_drop(buf, VN_DROP_VLAN_TRUNCATED);
		return VN_RX_CONSUMED;
	}
	if (!g)
		return VN_RX_PASS;
	v = group_lookup(g, vn_vlan_tpid(buf->data), vn_vlan_vid(buf->data));
	if (!v)
		return VN_RX_PASS;
	vlan_deliver(v, buf);
	return VN_RX_CONSUMED;
}

enum vn_rx_result vn_vlan_receive_finish(struct vn_buf **pbuf)
{
	struct vn_buf *buf = *pbuf;
	struct vn_vlan_group *g = buf->dev->vlan_group;
	struct vn_vlan_dev *v;

	for (;;) {
		/* "Vlan id is non 0 and vlan_do_receive() ... couldn't find
		 * vlan device": PACKET_OTHERHOST, which no protocol takes. */
		if (vn_vlan_vid(buf->data) != 0) {
			vn_buf_drop(buf, VN_DROP_VLAN_UNKNOWN_VID);
			return VN_RX_CONSUMED;
		}
		if (unlikely(vn_vlan_pop_tag(buf))) {
			vn_buf_drop(buf, VN_DROP_NOMEM);
			return VN_RX_CONSUMED;
		}
		if (!vn_vlan_tagged(buf->data))
			return VN_RX_PASS;
		/* 802.1P outer tag over another tag: demultiplex that one. */
		if (!vn_vlan_check(buf->data, buf->len)) {
			vn_buf_drop(buf, VN_DROP_VLAN_TRUNCATED);
			return VN_RX_CONSUMED;
		}
		v = g ? group_lookup(g, vn_vlan_tpid(buf->data),
				     vn_vlan_vid(buf->data)) :
			NULL;
		if (v) {
			vlan_deliver(v, buf);
			return VN_RX_CONSUMED;
		}
	}
}

/* --- transmit ----------------------------------------------------------- */

/* vlan_dev_hard_start_xmit(): tag, then out of the real device. */
static int vlan_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	struct vn_vlan_dev *v = to_vlan(dev);
	enum vn_drop_reason reason;
	int rc;

	rc = vn_vlan_push_tag(buf, v->proto, v->vid);
	if (unlikely(rc)) {
		reason = rc == -ENOSPC ? VN_DROP_VLAN_NO_HEADROOM :
					 VN_DROP_NOMEM;
		vn_buf_drop(buf, reason);
		return reason;
	}
	vn_dev_xmit(v->real_dev, buf);
	return 0;
}

/* --- state -------------------------------------------------------------- */

/* vlan_stacked_transfer_operstate() */
static void transfer_operstate(struct vn_vlan_dev *v)
{
	vn_dev_set_carrier(&v->dev, v->real_dev->carrier);
}

/* vlan_dev_inherit_address(): a MAC taken from the real device follows it. */
static bool inherit_address(struct vn_vlan_dev *v)
{
	if (v->dev.addr_assign != VN_ADDR_STOLEN)
		return false;
	if (!vn_mac_equal(v->dev.mac, v->real_dev->mac)) {
		memcpy(v->dev.mac, v->real_dev->mac, VN_ETH_ALEN);
		vn_dev_notify(&v->dev, VN_DEV_CHANGEADDR);
	}
	return true;
}

/* vlan_sync_address() */
static void sync_address(struct vn_vlan_dev *v)
{
	if (vn_mac_equal(v->real_dev_addr, v->real_dev->mac))
		return;
	inherit_address(v);
	memcpy(v->real_dev_addr, v->real_dev->mac, VN_ETH_ALEN);
}

/* vlan_dev_open() */
static int vlan_open(struct vn_dev *dev, struct vn_err *err)
{
	struct vn_vlan_dev *v = to_vlan(dev);
	struct vn_dev *real = v->real_dev;

	if (!vn_dev_is_up(real) && !(v->flags & VN_VLAN_FLAG_LOOSE_BINDING))
		return vn_err_rtnl(err, -ENETDOWN);
	inherit_address(v);
	memcpy(v->real_dev_addr, real->mac, VN_ETH_ALEN);
	/* IFF_UP is set by the core next; the carrier needs no event yet. */
	dev->carrier = real->carrier;
	return 0;
}

/* vlan_dev_stop(): netif_carrier_off(). */
static void vlan_stop(struct vn_dev *dev)
{
	dev->carrier = false;
}

/* vlan_dev_change_mtu() */
static int vlan_change_mtu(struct vn_dev *dev, uint32_t mtu,
			   struct vn_err *err)
{
	if (mtu > to_vlan(dev)->real_dev->mtu)
		return vn_err_rtnl(err, -ERANGE);
	return 0;
}

static struct vn_dev *vlan_get_link(const struct vn_dev *dev)
{
	return to_vlan(dev)->real_dev;
}

/* vlan_device_event(): what the real device's changes do to its VLANs. */
static void real_dev_event(struct vn_dev_watcher *w, struct vn_dev *real,
			   enum vn_dev_event ev)
{
	struct vn_vlan_group *g = container_of(w, struct vn_vlan_group,
					       watcher);
	struct vn_vlan_dev *v;

	switch (ev) {
	case VN_DEV_UP:
		group_for_each(v, g) {
			if (vn_dev_is_up(&v->dev))
				continue;
			if (!(v->flags & VN_VLAN_FLAG_LOOSE_BINDING))
				vn_dev_open(&v->dev, NULL);
			transfer_operstate(v);
		}
		break;
	case VN_DEV_DOWN:
		group_for_each(v, g) {
			if (vn_dev_is_up(&v->dev) &&
			    !(v->flags & VN_VLAN_FLAG_LOOSE_BINDING))
				vn_dev_close(&v->dev);
			transfer_operstate(v);
		}
		break;
	case VN_DEV_CHANGE:
		group_for_each(v, g)
			transfer_operstate(v);
		break;
	case VN_DEV_CHANGEADDR:
		group_for_each(v, g)
			if (vn_dev_is_up(&v->dev))
				sync_address(v);
		break;
	case VN_DEV_CHANGEMTU:
		group_for_each(v, g)
			if (v->dev.mtu > real->mtu)
				vn_dev_set_mtu(&v->dev, real->mtu, NULL);
		break;
	case VN_DEV_REGISTER:
	case VN_DEV_UNREGISTER:
	case VN_DEV_CHANGENAME:
	case VN_DEV_CHANGEUPPER:
		break;
	}
}

/* NETDEV_UNREGISTER of the real device: its VLAN devices go with it. */
static void real_dev_gone(struct vn_dev_watcher *w, struct vn_dev *real)
{
	struct vn_vlan_group *g = container_of(w, struct vn_vlan_group,
					       watcher);
	struct vn_vlan_dev *v;

	(void)real;
	g->real_gone = true;
	while ((v = group_next(g, NULL))) {
		bool last = g->n_devs == 1;

		vn_dev_unregister(&v->dev);
		if (last)
			break;	/* the group went with its last device */
	}
}

/* unregister_vlan_dev(): out of the group; the last one frees it. */
static void vlan_destroy(struct vn_dev *dev)
{
	struct vn_vlan_dev *v = to_vlan(dev);
	struct vn_vlan_group *g = v->group;
	struct vn_vlan_dev **part =
		g->parts[proto_index(v->proto)][v->vid / PART_LEN];

	part[v->vid % PART_LEN] = NULL;
	if (--g->n_devs == 0) {
		vn_dev_watcher_del(g->real_dev, &g->watcher);
		g->real_dev->vlan_group = NULL;
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < N_PARTS; j++)
				free(g->parts[i][j]);
		free(g);
	}
	free(v);
}

static const struct vn_dev_ops vlan_ops = {
	.kind = "vlan",
	.open = vlan_open,
	.stop = vlan_stop,
	.xmit = vlan_xmit,
	.change_mtu = vlan_change_mtu,
	.get_link = vlan_get_link,
	.destroy = vlan_destroy,
};

/* --- configuration ------------------------------------------------------ */

static int check_flags(uint32_t flags, uint32_t mask, struct vn_err *err)
{
	uint32_t on = flags & mask;

	if (on & ~(VN_VLAN_FLAG_REORDER_HDR | VN_VLAN_FLAG_GVRP |
		   VN_VLAN_FLAG_LOOSE_BINDING | VN_VLAN_FLAG_MVRP |
		   VN_VLAN_FLAG_BRIDGE_BINDING))
		return vn_err_set(err, -EINVAL, "Error: 8021q: Invalid VLAN flags.");
	if ((mask & VN_VLAN_FLAG_REORDER_HDR) &&
	    !(flags & VN_VLAN_FLAG_REORDER_HDR))
		return vn_err_set(err, -EOPNOTSUPP,
				  "Error: vnet VLAN devices always reorder the header (reorder_hdr off is not supported).");
	if (on & ~VN_VLAN_FLAGS_SUPPORTED)
		return vn_err_set(err, -EOPNOTSUPP,
				  "Error: vnet does not support the VLAN flag %s.",
				  on & VN_VLAN_FLAG_GVRP ? "gvrp" :
				  on & VN_VLAN_FLAG_MVRP ? "mvrp" :
							   "bridge_binding");
	return 0;
}

int vn_vlan_change_flags(struct vn_vlan_dev *v, uint32_t flags,
			 uint32_t mask, struct vn_err *err)
{
	int rc = check_flags(flags, mask, err);

	if (rc)
		return rc;
	v->flags = (v->flags & ~mask) | (flags & mask);
	return 0;
}

static int group_reserve(struct vn_dev *real, uint16_t proto, uint16_t vid,
			 struct vn_vlan_group **out)
{
	struct vn_vlan_group *g = real->vlan_group;
	struct vn_vlan_dev ***part;
	bool new_group = !g;

	if (new_group) {
		g = calloc(1, sizeof(*g));
		if (!g)
			return -ENOMEM;
		g->real_dev = real;
		g->watcher.event = real_dev_event;
		g->watcher.gone = real_dev_gone;
	}
	part = &g->parts[proto_index(proto)][vid / PART_LEN];
	if (!*part) {
		*part = calloc(PART_LEN, sizeof(**part));
		if (!*part) {
			if (new_group)
				free(g);
			return -ENOMEM;
		}
	}
	if (new_group) {
		real->vlan_group = g;
		vn_dev_watcher_add(real, &g->watcher);
	}
	*out = g;
	return 0;
}

int vn_vlan_create(struct vn_devspace *space, const char *name,
		   struct vn_dev *real, const struct vn_vlan_config *c,
		   struct vn_dev **out, struct vn_err *err)
{
	uint32_t flags = c->flags;
	struct vn_vlan_group *g;
	struct vn_vlan_dev *v;
	int rc;

	/* vlan_validate(), rtnl_newlink(), rtnl_create_link() and
	 * vlan_newlink(), in their order. */
	if (c->mac && !vn_mac_is_valid(c->mac))
		return vn_err_set(err, -EADDRNOTAVAIL,
				  "Error: 8021q: Invalid link address.");
	if (!vn_vlan_is_tpid(c->proto))
		return vn_err_set(err, -EPROTONOSUPPORT,
				  "Error: 8021q: Invalid VLAN protocol.");
	if (c->has_vid && c->vid >= VN_VLAN_VID_MASK)
		return vn_err_set(err, -ERANGE,
				  "Error: 8021q: Invalid VLAN id.");
	rc = check_flags(flags, ~0u, err);
	if (rc)
		return rc;
	if (!vn_dev_name_valid(name))
		return vn_err_set(err, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
				  name);
	if (vn_dev_lookup(space, name))
		return vn_err_rtnl(err, -EEXIST);
	if (c->has_mtu && c->mtu > 65535)
		return vn_err_set(err, -EINVAL,
				  "Error: mtu greater than device maximum.");
	if (!c->has_vid)
		return vn_err_set(err, -EINVAL,
				  "Error: 8021q: VLAN id not specified.");
	if (!real)
		return vn_err_set(err, -EINVAL,
				  "Error: 8021q: link not specified.");
	/* vlan_check_real_dev(): loopback is NETIF_F_VLAN_CHALLENGED. */
	if (real->type != VN_ARPHRD_ETHER)
		return vn_err_set(err, -EOPNOTSUPP,
				  "Error: 8021q: VLANs not supported on device.");
	if (real->vlan_group && group_lookup(real->vlan_group, c->proto, c->vid))
		return vn_err_set(err, -EEXIST,
				  "Error: 8021q: VLAN device already exists.");
	if (c->has_mtu && c->mtu > real->mtu)
		return vn_err_rtnl(err, -EINVAL);

	v = calloc(1, sizeof(*v));
	if (!v)
		return vn_err_rtnl(err, -ENOMEM);
	rc = group_reserve(real, c->proto, c->vid, &g);
	if (rc) {
		free(v);
		return vn_err_rtnl(err, rc);
	}
	vn_dev_setup(&v->dev, space->env, &vlan_ops, name);
	v->real_dev = real;
	v->group = g;
	v->proto = c->proto;
	v->vid = c->vid;
	v->flags = flags;
	/* vlan_setup(), vlan_dev_init() */
	v->dev.flags = real->flags & (VN_IFF_BROADCAST | VN_IFF_MULTICAST |
				      VN_IFF_NOARP | VN_IFF_POINTOPOINT);
	v->dev.min_mtu = 0;
	v->dev.max_mtu = 65535;
	v->dev.mtu = c->has_mtu ? c->mtu : real->mtu;
	memcpy(v->dev.broadcast, real->broadcast, VN_ETH_ALEN);
	if (c->mac) {
		memcpy(v->dev.mac, c->mac, VN_ETH_ALEN);
		v->dev.addr_assign = VN_ADDR_SET;
	} else {
		memcpy(v->dev.mac, real->mac, VN_ETH_ALEN);
		v->dev.addr_assign = VN_ADDR_STOLEN;
	}
	memcpy(v->real_dev_addr, real->mac, VN_ETH_ALEN);
	v->dev.carrier = real->carrier;
	g->parts[proto_index(c->proto)][c->vid / PART_LEN][c->vid % PART_LEN] =
		v;
	g->n_devs++;
	/* The name was checked above: registration cannot fail now. */
	rc = vn_dev_register(space, &v->dev, 0, err);
	VN_ASSERT(rc == 0);
	if (out)
		*out = &v->dev;
	return 0;
}
