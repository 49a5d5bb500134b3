// SPDX-License-Identifier: MIT
/*
 * dev/macvtap.c - macvtap children: a macvlan child wired to a kernel TAP
 * (drivers/net/macvtap.c over drivers/net/tap.c).
 *
 * Where it sits: between dev/macvlan.c and dev/tap.c.  Linux's macvtap is
 * a macvlan device with an rx handler of its own (tap_handle_frame())
 * that queues everything the macvlan port hands it to a character device
 * (/dev/tapN) which QEMU reads; what QEMU writes there is transmitted by
 * the macvtap (tap_get_user(): dev_queue_xmit()).  vnet cannot make
 * character devices, so the queue is a kernel TAP interface opened by
 * dev/tap.c, whose descriptor vnet holds: a kernel namespace uses the
 * interface as its NIC, QEMU reaches it through the kernel (a kernel
 * macvtap or bridge on it).
 *
 * Theory of operation.  The TAP's vnet end is a device of its own in a
 * private device space (it belongs to no namespace: `ip link` never
 * lists it), cross-connected with the child by two rx handlers:
 *   - on the child: every frame it receives (its unicast, the broadcasts
 *     its mode lets through, after VLAN devices on it took theirs) is
 *     transmitted on the TAP, so the kernel receives it;
 *   - on the TAP's vnet end: every frame the kernel sends is transmitted
 *     by the child, into the macvlan port (out of the parent, or to a
 *     bridge-mode sibling).
 * The TAP's vnet end is up while the child is up with carrier, so the
 * kernel side has carrier exactly then (TUNSETCARRIER, dev/tap.c).  The
 * kernel side gets the child's MAC at creation, which the macvlan port
 * filters on; it is not kept in step afterwards (a guest's MAC must match
 * its macvtap on Linux too).  The TAP goes with the child (a watcher's
 * gone()), closing its descriptors, which removes the kernel interface.
 *
 * Limits: one queue (no multi_queue); counters of the kernel side are
 * dev/tap.c's.
 */
#include <errno.h>
#include <stdlib.h>

#include "dev/macvtap.h"
#include "dev/tap.h"

struct vn_macvtap {
	struct vn_devspace space;	/* holds the TAP's vnet end only */
	struct vn_dev *tap;
	struct vn_dev *child;
	struct vn_dev_watcher watcher;	/* on the child */
};

/* tap_handle_frame(): what the child receives goes to the kernel. */
static enum vn_rx_result child_rx(struct vn_buf **pbuf)
{
	struct vn_buf *buf = *pbuf;
	struct vn_macvtap *mt = buf->dev->rx_handler_data;

	vn_dev_xmit(mt->tap, buf);
	return VN_RX_CONSUMED;
}

/* tap_get_user(): what the kernel sends leaves through the child. */
static enum vn_rx_result tap_rx(struct vn_buf **pbuf)
{
	struct vn_buf *buf = *pbuf;
	struct vn_macvtap *mt = buf->dev->rx_handler_data;

	vn_dev_xmit(mt->child, buf);
	return VN_RX_CONSUMED;
}

/* Nothing reaches the private space's stack: tap_rx() takes it all. */
static void space_deliver(struct vn_devspace *space, struct vn_dev *dev,
			  struct vn_buf *buf)
{
	(void)space;
	vn_dev_drop_rx(dev, buf, VN_DROP_UNHANDLED_PROTO);
}

static void space_notify(struct vn_devspace *space, struct vn_dev *dev,
			 enum vn_dev_event ev)
{
	(void)space;
	(void)dev;
	(void)ev;
}

static const struct vn_devspace_ops space_ops = {
	.deliver = space_deliver,
	.notify = space_notify,
};

/* The kernel side has carrier while the child can pass frames. */
static void sync_state(struct vn_macvtap *mt)
{
	if (vn_dev_is_running(mt->child))
		vn_dev_open(mt->tap, NULL);
	else
		vn_dev_close(mt->tap);
}

static void child_event(struct vn_dev_watcher *w, struct vn_dev *dev,
			enum vn_dev_event ev)
{
	(void)dev;
	switch (ev) {
	case VN_DEV_UP:
	case VN_DEV_DOWN:
	case VN_DEV_CHANGE:
		sync_state(container_of(w, struct vn_macvtap, watcher));
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

/* The child is being deleted: the kernel side goes with it. */
static void child_gone(struct vn_dev_watcher *w, struct vn_dev *dev)
{
	struct vn_macvtap *mt = container_of(w, struct vn_macvtap, watcher);

	vn_dev_rx_handler_unregister(dev);
	vn_dev_rx_handler_unregister(mt->tap);
	vn_dev_unregister(mt->tap);
	vn_devspace_fini(&mt->space);
	free(mt);
}

struct vn_dev *vn_macvtap_tap(const struct vn_dev *dev)
{
	const struct vn_macvtap *mt;

	if (!vn_dev_is_macvtap(dev) || dev->rx_handler != child_rx)
		return NULL;
	mt = dev->rx_handler_data;
	return mt->tap;
}

int vn_macvtap_create(struct vn_devspace *space, const char *name,
		      struct vn_dev *lower, const struct vn_macvlan_config *c,
		      const struct vn_macvtap_kernel *k, struct vn_dev **out,
		      struct vn_err *err)
{
	struct vn_macvlan_config mc = *c;
	struct vn_tap_config tc = { 0 };
	struct vn_macvtap *mt;
	uint8_t mac[VN_ETH_ALEN];
	int rc;

	mc.tap = true;
	rc = vn_macvlan_validate(space, name, &lower, &mc, err);
	if (rc)
		return rc;
	/* The child's MAC now: the kernel side is made with it. */
	if (mc.mode == VN_MACVLAN_PASSTHRU) {
		memcpy(mac, lower->mac, VN_ETH_ALEN);
	} else if (mc.mac) {
		memcpy(mac, mc.mac, VN_ETH_ALEN);
	} else {
		vn_dev_random_mac(space->env, mac);
		mc.mac = mac;
		mc.mac_random = true;
	}
	mt = calloc(1, sizeof(*mt));
	if (!mt)
		return vn_err_rtnl(err, -ENOMEM);
	vn_devspace_init(&mt->space, space->env, space->backlog, &space_ops);
	tc.knetns = k->knetns;
	tc.kname = k->kname ? k->kname : name;
	tc.n_queues = 1;
	tc.offload = true;
	tc.has_kmac = true;
	memcpy(tc.kmac, mac, VN_ETH_ALEN);
	tc.kmtu = mc.has_mtu ? mc.mtu : lower->mtu;
	rc = vn_tap_create(&mt->space, tc.kname, &tc, &mt->tap, err);
	if (rc)
		goto free_mt;
	rc = vn_macvlan_create(space, name, lower, &mc, &mt->child, err);
	if (rc)
		goto del_tap;
	mt->watcher.event = child_event;
	mt->watcher.gone = child_gone;
	vn_dev_watcher_add(mt->child, &mt->watcher);
	vn_dev_rx_handler_register(mt->child, child_rx, mt);
	vn_dev_rx_handler_register(mt->tap, tap_rx, mt);
	sync_state(mt);
	if (out)
		*out = mt->child;
	return 0;

del_tap:
	vn_dev_unregister(mt->tap);
free_mt:
	vn_devspace_fini(&mt->space);
	free(mt);
	return rc;
}
