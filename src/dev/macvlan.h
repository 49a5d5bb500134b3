/* SPDX-License-Identifier: MIT */
/*
 * dev/macvlan.h - MAC-address based virtual devices on a lower device
 * (drivers/net/macvlan.c).
 */
#ifndef VN_DEV_MACVLAN_H
#define VN_DEV_MACVLAN_H

#include "dev/dev.h"

/* Linux's MACVLAN_MODE_* bits, so a set of modes is a mask. */
enum vn_macvlan_mode {
	VN_MACVLAN_PRIVATE = 1,
	VN_MACVLAN_VEPA = 2,
	VN_MACVLAN_BRIDGE = 4,
	VN_MACVLAN_PASSTHRU = 8,
};

/* MACVLAN_FLAG_*: nopromisc (passthru leaves the lower alone), nodst
 * (source mode only, which vnet lacks: stored and shown, as Linux does for
 * other modes). */
#define VN_MACVLAN_FLAG_NOPROMISC 0x1
#define VN_MACVLAN_FLAG_NODST 0x2
#define VN_MACVLAN_FLAGS (VN_MACVLAN_FLAG_NOPROMISC | VN_MACVLAN_FLAG_NODST)

/* The default broadcast queue length Linux reports (bcqueuelen). */
#define VN_MACVLAN_BC_QUEUE_LEN 1000
/* A macvtap's txqlen (macvtap_setup(): TUN_READQ_SIZE). */
#define VN_MACVTAP_TXQ_LEN 500

struct vn_macvlan_config {
	enum vn_macvlan_mode mode;
	uint16_t flags;		/* VN_MACVLAN_FLAG_* */
	const uint8_t *mac;	/* NULL: random; passthru takes the lower's */
	bool mac_random;	/* @mac was drawn at random (addr_assign) */
	bool tap;		/* a macvtap (dev/macvtap.c attaches the TAP) */
	bool has_mtu;		/* else the lower device's */
	uint32_t mtu;
};

/**
 * vn_macvlan_create() - a macvlan child of @lower (macvlan_common_newlink())
 * @space: where the child goes (the lower may live elsewhere)
 * @name: its name
 * @lower: its parent, NULL if none was given (-EINVAL); a macvlan parent
 *         stands for that macvlan's own lower device, as Linux stacks it
 * @c: mode, flags, MAC, MTU
 * @out: gets the child
 * @err: gets Linux's message on failure
 *
 * Checks in Linux's order (macvlan_validate(), the name, the MTU range,
 * then macvlan_common_newlink()) and refuses what Linux refuses: no
 * lower, a lower that is not Ethernet or is loopback
 * (-EINVAL), one with another rx handler, such as a bridge port (-EBUSY),
 * an MTU above the lower's (-EINVAL), a second child next to a passthru
 * one or a passthru child next to others (-EINVAL).  On failure nothing
 * was created.
 *
 * Context: control path; allocates.
 * Return: 0 or -errno.
 */
int vn_macvlan_create(struct vn_devspace *space, const char *name,
		      struct vn_dev *lower, const struct vn_macvlan_config *c,
		      struct vn_dev **out, struct vn_err *err);

/*
 * vn_macvlan_validate() - the checks of vn_macvlan_create() alone, for a
 * caller with more to prepare before creating (a macvtap's kernel TAP).
 * *@plower becomes the device the child will stand on (a macvlan's own
 * lower).  Return: 0 or -errno with @err set; changes nothing.
 */
int vn_macvlan_validate(struct vn_devspace *space, const char *name,
			struct vn_dev **plower,
			const struct vn_macvlan_config *c, struct vn_err *err);

/* A macvlan or macvtap child (Linux's netif_is_macvlan()). */
bool vn_dev_is_macvlan(const struct vn_dev *dev);
/* A macvtap child only. */
bool vn_dev_is_macvtap(const struct vn_dev *dev);
/* A child's mode and flags; @dev must be a macvlan. */
enum vn_macvlan_mode vn_macvlan_mode(const struct vn_dev *dev);
uint16_t vn_macvlan_flags(const struct vn_dev *dev);
/* "private", "vepa", "bridge", "passthru". */
const char *vn_macvlan_mode_name(enum vn_macvlan_mode mode);

/**
 * vn_macvlan_change() - `ip link set DEV type macvlan ...`
 * (macvlan_changelink())
 * @dev: a macvlan child
 * @mode: the new mode, or 0 to keep it
 * @flags: the new flags, or -1 to keep them
 * @err: gets the message
 *
 * Passthru can be neither set nor cleared on an existing child (-EINVAL).
 * Return: 0 or -errno; nothing changed on failure.
 */
int vn_macvlan_change(struct vn_dev *dev, enum vn_macvlan_mode mode,
		      int flags, struct vn_err *err);

/*
 * The address `ip link add ... address X` gives a passthru child is
 * replaced by the lower's at creation (eth_hw_addr_inherit()); vnet's
 * `ip link add` applies common attributes after the kind created the
 * device, so the kind calls this to have that one change ignored.
 */
void vn_macvlan_ignore_creation_mac(struct vn_dev *dev);

#endif
