/* SPDX-License-Identifier: MIT */
/*
 * dev/vlan.h - 802.1Q/802.1ad VLAN sub-interfaces (net/8021q), and the
 * tag helpers the bridge shares.
 */
#ifndef VN_DEV_VLAN_H
#define VN_DEV_VLAN_H

#include "dev/dev.h"
#include "wire/vlan.h"

/* Linux's VLAN_FLAG_* values (struct ifla_vlan_flags). */
#define VN_VLAN_FLAG_REORDER_HDR 0x1
#define VN_VLAN_FLAG_GVRP 0x2
#define VN_VLAN_FLAG_LOOSE_BINDING 0x4
#define VN_VLAN_FLAG_MVRP 0x8
#define VN_VLAN_FLAG_BRIDGE_BINDING 0x10
/* The flags vnet implements; the others are refused when turned on. */
#define VN_VLAN_FLAGS_SUPPORTED \
	(VN_VLAN_FLAG_REORDER_HDR | VN_VLAN_FLAG_LOOSE_BINDING)

struct vn_vlan_group;

struct vn_vlan_dev {
	struct vn_dev dev;
	struct vn_dev *real_dev;
	struct vn_vlan_group *group;
	uint16_t proto;		/* VN_ETH_P_8021Q or VN_ETH_P_8021AD */
	uint16_t vid;		/* 0..4094 */
	uint32_t flags;		/* VN_VLAN_FLAG_* */
	uint8_t real_dev_addr[VN_ETH_ALEN]; /* the lower MAC last synced */
};

/* What `ip link add ... type vlan` asks for. */
struct vn_vlan_config {
	uint16_t proto;
	bool has_vid;		/* else "VLAN id not specified" */
	uint16_t vid;
	uint32_t flags;
	const uint8_t *mac;	/* NULL: the real device's (inherited) */
	bool has_mtu;		/* else the real device's */
	uint32_t mtu;
};

/**
 * vn_vlan_create() - a VLAN device on @real_dev (vlan_newlink())
 * @space: where it goes (the real device may live elsewhere)
 * @name: its name
 * @real_dev: the device it tags onto; NULL if none was given
 * @c: protocol, VID, flags, MAC and MTU
 * @out: gets the device
 * @err: gets Linux's message on failure
 *
 * Checks in Linux's order (vlan_validate(), the name, the MTU range, then
 * vlan_newlink()) and refuses what Linux refuses: a VID of
 * 4095 or more (-ERANGE), no VID or no real device (-EINVAL), a
 * protocol other than 802.1Q/802.1ad
 * (-EPROTONOSUPPORT), a device that cannot carry VLANs (loopback:
 * -EOPNOTSUPP), a second device for the same protocol and VID on
 * @real_dev (-EEXIST), an MTU above the real device's (-EINVAL), flags
 * vnet does not implement (GVRP, MVRP, bridge binding: -EOPNOTSUPP).  On
 * failure nothing was created.
 *
 * Context: control path; allocates.
 * Return: 0 or -errno.
 */
int vn_vlan_create(struct vn_devspace *space, const char *name,
		   struct vn_dev *real_dev, const struct vn_vlan_config *c,
		   struct vn_dev **out, struct vn_err *err);

bool vn_dev_is_vlan(const struct vn_dev *dev);
/* The VLAN device @dev is, or NULL. */
struct vn_vlan_dev *vn_vlan_of(struct vn_dev *dev);

/*
 * vn_vlan_change_flags() - `ip link set DEV type vlan FLAG on|off`
 * (vlan_dev_change_flags()): only bits in @mask change.  0, or
 * -EOPNOTSUPP for a flag vnet does not implement.
 */
int vn_vlan_change_flags(struct vn_vlan_dev *v, uint32_t flags,
			 uint32_t mask, struct vn_err *err);

/* "802.1Q" or "802.1ad", as iproute2's ll_proto_n2a() names them. */
const char *vn_vlan_proto_name(uint16_t proto);

/**
 * vn_vlan_receive() - a tagged frame arrived on buf->dev (vlan_do_receive())
 * @pbuf: the frame, data at the Ethernet header
 *
 * Called by the device core for every frame whose EtherType is 802.1Q or
 * 802.1ad, after the sniffers and before the rx handler, as
 * __netif_receive_skb_core() does.  A frame with a cut tag is dropped; a
 * frame whose protocol and VID name a VLAN device of buf->dev loses its
 * tag and is received by that device.
 *
 * Context: packet path.
 * Return: VN_RX_CONSUMED (delivered or dropped) or VN_RX_PASS (no VLAN
 * device: the rx handler, then vn_vlan_receive_finish(), decide).
 */
enum vn_rx_result vn_vlan_receive(struct vn_buf **pbuf);

/**
 * vn_vlan_receive_finish() - a tag no VLAN device and no rx handler took
 * @pbuf: the frame
 *
 * A priority-tagged frame (VID 0) loses its tag and goes up untagged (a
 * tag inside it may still name a VLAN device); any other VID is dropped
 * (VN_DROP_VLAN_UNKNOWN_VID), where Linux marks it PACKET_OTHERHOST and
 * its protocols drop it.
 *
 * Context: packet path.
 * Return: VN_RX_PASS (deliver *@pbuf) or VN_RX_CONSUMED.
 */
enum vn_rx_result vn_vlan_receive_finish(struct vn_buf **pbuf);

/**
 * vn_vlan_push_tag() - insert a tag after the addresses (vlan_insert_tag())
 * @buf: an Ethernet frame; made writable first if it is shared
 * @tpid: VN_ETH_P_8021Q or VN_ETH_P_8021AD
 * @tci: priority, DEI and VID
 *
 * Context: packet path.  Does not consume @buf.
 * Return: 0, -ENOMEM (no block for a private copy) or -ENOSPC (no
 * headroom left).
 */
int vn_vlan_push_tag(struct vn_buf *buf, uint16_t tpid, uint16_t tci);

/*
 * vn_vlan_pop_tag() - remove the outer tag of a frame vn_vlan_check()
 * accepted.  Does not consume @buf.  0 or -ENOMEM.
 */
int vn_vlan_pop_tag(struct vn_buf *buf);

#endif
