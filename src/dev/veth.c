// SPDX-License-Identifier: MIT
/*
 * dev/veth.c - virtual Ethernet pairs (drivers/net/veth.c).
 *
 * A frame sent on one end is queued on the backlog for reception on the
 * other, never received recursively.  Carrier follows Linux: both ends have
 * carrier only while both are up.  Frames larger than the peer's MTU (plus
 * Ethernet and VLAN headers) and frames sent while the peer is down are
 * dropped and counted as tx_dropped, as is_skb_forwardable() decides.
 * Crossing namespaces clears the mark (skb_scrub_packet()).
 */
#include <errno.h>
#include <stdlib.h>

#include "dev/veth.h"

struct vn_veth {
	struct vn_dev dev;
	struct vn_veth *peer;
};

static struct vn_veth *to_veth(const struct vn_dev *dev)
{
	return container_of(dev, struct vn_veth, dev);
}

static int veth_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	struct vn_veth *peer = to_veth(dev)->peer;

	if (unlikely(!peer || !vn_dev_is_up(&peer->dev))) {
		vn_buf_drop(buf, VN_DROP_VETH_PEER_DOWN);
		return VN_DROP_VETH_PEER_DOWN;
	}
	if (unlikely(buf->len > peer->dev.mtu + VN_ETH_HLEN + 4)) {
		vn_buf_drop(buf, VN_DROP_FRAME_TOO_LONG);
		return VN_DROP_FRAME_TOO_LONG;
	}
	if (peer->dev.space != dev->space)
		buf->mark = 0;
	vn_backlog_enqueue(dev->space->backlog, &peer->dev, buf);
	return 0;
}

static int veth_open(struct vn_dev *dev, struct vn_err *err)
{
	struct vn_veth *peer = to_veth(dev)->peer;

	(void)err;
	if (peer && vn_dev_is_up(&peer->dev)) {
		/* Our IFF_UP is set after open returns; peer first. */
		dev->carrier = true;
		vn_dev_set_carrier(&peer->dev, true);
	}
	return 0;
}

static void veth_stop(struct vn_dev *dev)
{
	struct vn_veth *peer = to_veth(dev)->peer;

	dev->carrier = false;
	if (peer)
		vn_dev_set_carrier(&peer->dev, false);
}

static struct vn_dev *veth_get_link(const struct vn_dev *dev)
{
	struct vn_veth *peer = to_veth(dev)->peer;

	return peer ? &peer->dev : NULL;
}

static void veth_uninit(struct vn_dev *dev)
{
	struct vn_veth *v = to_veth(dev);
	struct vn_veth *peer = v->peer;

	/* Deleting one end deletes the pair, as veth_dellink(). */
	if (!peer)
		return;
	v->peer = NULL;
	peer->peer = NULL;
	vn_dev_unregister(&peer->dev);
}

static void veth_destroy(struct vn_dev *dev)
{
	free(to_veth(dev));
}

static const struct vn_dev_ops veth_ops = {
	.kind = "veth",
	.open = veth_open,
	.stop = veth_stop,
	.xmit = veth_xmit,
	.get_link = veth_get_link,
	.uninit = veth_uninit,
	.destroy = veth_destroy,
};

bool vn_dev_is_veth(const struct vn_dev *dev)
{
	return dev->ops == &veth_ops;
}

static int check_name(struct vn_devspace *space, const char *name,
		      struct vn_err *err)
{
	if (!vn_dev_name_valid(name))
		return vn_err_set(err, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
				  name);
	if (vn_dev_lookup(space, name))
		return vn_err_rtnl(err, -EEXIST);
	return 0;
}

int vn_veth_create(struct vn_devspace *space, const char *name,
		   struct vn_devspace *peer_space, const char *peer_name,
		   struct vn_dev **out, struct vn_err *err)
{
	struct vn_veth *a, *b;
	int rc;

	rc = check_name(space, name, err);
	if (!rc)
		rc = check_name(peer_space, peer_name, err);
	if (rc)
		return rc;
	if (space == peer_space && !strcmp(name, peer_name))
		return vn_err_rtnl(err, -EEXIST);

	a = calloc(1, sizeof(*a));
	b = calloc(1, sizeof(*b));
	if (!a || !b) {
		free(a);
		free(b);
		return vn_err_rtnl(err, -ENOMEM);
	}
	vn_dev_setup(&b->dev, peer_space->env, &veth_ops, peer_name);
	vn_dev_setup(&a->dev, space->env, &veth_ops, name);
	a->peer = b;
	b->peer = a;
	/* Names were checked above: registration cannot fail now. */
	rc = vn_dev_register(peer_space, &b->dev, 0, err);
	VN_ASSERT(rc == 0);
	rc = vn_dev_register(space, &a->dev, 0, err);
	VN_ASSERT(rc == 0);
	if (out)
		*out = &a->dev;
	return 0;
}
