/* SPDX-License-Identifier: MIT */
/*
 * dev/afpacket.h - an existing kernel interface attached to vnet through
 * an AF_PACKET socket.
 */
#ifndef VN_DEV_AFPACKET_H
#define VN_DEV_AFPACKET_H

#include "dev/dev.h"

struct vn_knetns;

struct vn_afpacket_config {
	/* The namespace the interface is in; the device takes a reference. */
	struct vn_knetns *knetns;
	const char *ifname;
	/* The receive ring: @n_blocks blocks of @block_size bytes (0: the
	 * defaults, 16 x 1 MiB). */
	uint32_t block_size;
	uint32_t n_blocks;
};

struct vn_afpacket_info {
	char ifname[VN_IFNAMSIZ];
	int kifindex;
	const char *knetns;
	uint32_t block_size, n_blocks;
	bool vnet_hdr;
	uint64_t n_rx_frames, n_rx_blocks, n_rx_wakeups, n_rx_truncated;
	uint64_t n_tx_frames, n_tx_calls;
};

/**
 * vn_afpacket_create() - attach kernel interface cfg->ifname as the vnet
 * device @name
 *
 * A child inside cfg->knetns opens an AF_PACKET socket bound to the
 * interface (ETH_P_ALL) with PACKET_VNET_HDR, a TPACKET_V3 receive ring,
 * PACKET_IGNORE_OUTGOING (our own transmissions are not read back),
 * PACKET_QDISC_BYPASS and promiscuous membership; vnet maps the ring.
 * What the interface receives, the vnet device receives; what vnet
 * transmits on the device leaves through the interface.  The vnet device
 * takes the interface's MAC.  Deleting it closes the socket, which ends
 * the promiscuous membership.
 *
 * Return: 0 and *@out, or -errno with @err set (-ENODEV: no such
 * interface there; -EPERM without CAP_NET_RAW).
 */
int vn_afpacket_create(struct vn_devspace *space, const char *name,
		       const struct vn_afpacket_config *cfg,
		       struct vn_dev **out, struct vn_err *err);

bool vn_dev_is_afpacket(const struct vn_dev *dev);

/* The kernel namespace the attached interface is in (no reference). */
struct vn_knetns *vn_afpacket_knetns(const struct vn_dev *dev);

void vn_afpacket_get_info(const struct vn_dev *dev,
			  struct vn_afpacket_info *info);

#endif
