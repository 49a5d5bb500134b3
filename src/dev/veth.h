/* SPDX-License-Identifier: MIT */
/*
 * dev/veth.h - virtual Ethernet pairs.
 */
#ifndef VN_DEV_VETH_H
#define VN_DEV_VETH_H

#include "dev/dev.h"

/**
 * vn_veth_create() - `ip link add NAME type veth peer name PEER [netns NS]`
 * @space: where NAME goes
 * @peer_space: where PEER goes (may be @space)
 *
 * As veth_newlink(), the peer is registered first, so it gets the lower
 * ifindex when both share a namespace.  Both get random MACs.
 * Return: 0 or -errno with @err set; on failure nothing was created.
 */
int vn_veth_create(struct vn_devspace *space, const char *name,
		   struct vn_devspace *peer_space, const char *peer_name,
		   struct vn_dev **out, struct vn_err *err);

bool vn_dev_is_veth(const struct vn_dev *dev);

#endif
