// SPDX-License-Identifier: MIT
/*
 * dev/loopback.c - the loopback device (drivers/net/loopback.c).
 *
 * Always has carrier, MTU 64 KiB, may not leave its namespace, and cannot
 * be deleted.  A frame sent on lo is queued for reception on lo.
 */
#include <stdlib.h>

#include "dev/loopback.h"

static int lo_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	vn_backlog_enqueue(dev->space->backlog, dev, buf);
	return 0;
}

static void lo_destroy(struct vn_dev *dev)
{
	free(dev);
}

static const struct vn_dev_ops loopback_ops = {
	.kind = NULL,
	.xmit = lo_xmit,
	.destroy = lo_destroy,
};

struct vn_dev *vn_loopback_create(struct vn_devspace *space)
{
	struct vn_dev *dev = calloc(1, sizeof(*dev));
	int rc;

	VN_ASSERT(dev);
	vn_dev_setup(dev, space->env, &loopback_ops, "lo");
	dev->type = VN_ARPHRD_LOOPBACK;
	memset(dev->mac, 0, VN_ETH_ALEN);
	memset(dev->broadcast, 0, VN_ETH_ALEN);
	dev->addr_assign = VN_ADDR_PERM;
	dev->flags = VN_IFF_LOOPBACK;
	dev->mtu = 65536;
	dev->min_mtu = 68;
	dev->max_mtu = 65536;
	dev->carrier = true;
	dev->netns_local = true;
	rc = vn_dev_register(space, dev, 1, NULL);
	VN_ASSERT(rc == 0);
	return dev;
}
