/* SPDX-License-Identifier: MIT */
/*
 * dev/macvtap.h - macvtap: a macvlan child whose other end is a kernel TAP
 * device (drivers/net/macvtap.c and tap.c, with a TAP interface where
 * Linux has a /dev/tapN character device).
 */
#ifndef VN_DEV_MACVTAP_H
#define VN_DEV_MACVTAP_H

#include "dev/macvlan.h"

struct vn_knetns;

/* Where the kernel side goes. */
struct vn_macvtap_kernel {
	struct vn_knetns *knetns;	/* the device takes a reference */
	const char *kname;		/* NULL: the macvtap's name */
};

/**
 * vn_macvtap_create() - a macvtap child of @lower (macvtap_newlink())
 * @space: where the child goes
 * @name: its name
 * @lower: its parent (a macvlan parent stands for its own lower device)
 * @c: mode, flags, MAC, MTU, as for vn_macvlan_create() (c->tap is
 *     implied)
 * @k: the kernel namespace and name of the TAP interface
 * @out: gets the child
 * @err: gets the message on failure
 *
 * Checks as vn_macvlan_create() does, then opens the kernel TAP (through
 * dev/tap.c, with the child's MAC and MTU, virtio-net headers on), then
 * creates the child.  Frames the child receives are written to the
 * kernel (tap_handle_frame()); frames the kernel sends on the TAP are
 * transmitted by the child (tap_get_user() then dev_queue_xmit()).  The
 * kernel side has carrier while the child is up with carrier, and goes
 * away with the child.
 *
 * Context: control path; forks a helper to open the TAP.
 * Return: 0 or -errno: the macvlan errors, -EPERM without CAP_NET_ADMIN,
 * -EBUSY if the kernel name is taken there.  On failure nothing was
 * created.
 */
int vn_macvtap_create(struct vn_devspace *space, const char *name,
		      struct vn_dev *lower, const struct vn_macvlan_config *c,
		      const struct vn_macvtap_kernel *k, struct vn_dev **out,
		      struct vn_err *err);

/* The vnet device standing for the kernel side of macvtap @dev. */
struct vn_dev *vn_macvtap_tap(const struct vn_dev *dev);

#endif
