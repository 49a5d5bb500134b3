/* SPDX-License-Identifier: MIT */
/*
 * dev/tap.h - kernel TAP devices: a vnet device whose other end is a real
 * Linux interface.
 */
#ifndef VN_DEV_TAP_H
#define VN_DEV_TAP_H

#include "dev/dev.h"

struct vn_knetns;

#define VN_TAP_MAX_QUEUES 16

struct vn_tap_config {
	/* Where the kernel side lives; the device takes a reference. */
	struct vn_knetns *knetns;
	/* The kernel side's name; NULL: the vnet device's name. */
	const char *kname;
	/* Queues (file descriptors): 1, or up to VN_TAP_MAX_QUEUES with
	 * IFF_MULTI_QUEUE. */
	unsigned n_queues;
	bool multi_queue;
	/* IFF_VNET_HDR with checksum and TSO offloads both ways. */
	bool offload;
	/* The kernel side's MAC and MTU (0: the kernel's defaults). */
	bool has_kmac;
	uint8_t kmac[6];
	uint32_t kmtu;
	/*
	 * The vnet end of `ip link add NAME type veth peer name KNAME netns
	 * KNS` with KNS a kernel namespace: shown as a veth.
	 */
	bool veth;
};

/* What `ip -d link` and `ip tuntap show` print about a TAP. */
struct vn_tap_info {
	char kname[VN_IFNAMSIZ];
	int kifindex;			/* the kernel side's ifindex there */
	const char *knetns;		/* its namespace, for messages */
	unsigned n_queues;
	bool multi_queue;
	bool offload;
	bool veth;
	/* Boundary counters: frames and the system calls that moved them. */
	uint64_t n_rx_frames, n_rx_calls, n_rx_bursts;
	uint64_t n_tx_frames, n_tx_calls, n_tx_flushes;
};

/**
 * vn_tap_create() - create a kernel TAP and the vnet device @name on it
 * @space: where the vnet device goes
 * @cfg: the kernel side
 *
 * Opens /dev/net/tun inside cfg->knetns (a child process does it, so
 * vnet never changes namespace) with IFF_TAP | IFF_NO_PI | IFF_TUN_EXCL,
 * IFF_VNET_HDR (TUNSETVNETHDRSZ 12, TUNSETOFFLOAD csum + TSO4/6 + ECN, and
 * USO when the kernel has it) and IFF_MULTI_QUEUE as asked.  The kernel
 * side starts without carrier and gets it while the vnet device is up,
 * as a veth peer would.  Both devices disappear when the vnet one is
 * deleted (the descriptors close and the TAP is not persistent).
 *
 * Return: 0 and *@out; -EPERM without CAP_NET_ADMIN there, -EBUSY if the
 * kernel name is taken, -EEXIST if @name is taken in @space, with @err
 * set.  On failure nothing was created.
 */
int vn_tap_create(struct vn_devspace *space, const char *name,
		  const struct vn_tap_config *cfg, struct vn_dev **out,
		  struct vn_err *err);

bool vn_dev_is_tap(const struct vn_dev *dev);

void vn_tap_get_info(const struct vn_dev *dev, struct vn_tap_info *info);

/* The kernel namespace the TAP's kernel side is in (no reference). */
struct vn_knetns *vn_tap_knetns(const struct vn_dev *dev);

#endif
