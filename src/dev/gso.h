/* SPDX-License-Identifier: MIT */
/*
 * dev/gso.h - finishing offloaded frames in software: partial checksums
 * and GSO segmentation (Linux's skb_checksum_help() and
 * skb_gso_segment(), called where validate_xmit_skb() calls them).
 */
#ifndef VN_DEV_GSO_H
#define VN_DEV_GSO_H

#include "base/buf.h"

/*
 * Offloads a device takes (dev->features), as NETIF_F_*: a frame with a
 * partial checksum needs VN_DEV_F_CSUM, a GSO frame the flag of its type
 * (and VN_DEV_F_TSO_ECN if it carries CWR).  vnet's own stacks take none.
 */
#define VN_DEV_F_CSUM 0x01u	/* NETIF_F_HW_CSUM */
#define VN_DEV_F_TSO4 0x02u	/* NETIF_F_TSO */
#define VN_DEV_F_TSO6 0x04u	/* NETIF_F_TSO6 */
#define VN_DEV_F_TSO_ECN 0x08u	/* NETIF_F_TSO_ECN */
#define VN_DEV_F_USO 0x10u	/* NETIF_F_GSO_UDP_L4 */
#define VN_DEV_F_ALL 0x1fu

/* Does a device with @features take @buf as it is? */
static inline bool vn_gso_fits(const struct vn_buf *buf, uint32_t features)
{
	uint32_t need = 0;

	if (vn_buf_csum_partial(buf))
		need |= VN_DEV_F_CSUM;
	switch ((enum vn_gso_type)buf->gso_type) {
	case VN_GSO_NONE:
		break;
	case VN_GSO_TCPV4:
		need |= VN_DEV_F_TSO4 | (buf->gso_ecn ? VN_DEV_F_TSO_ECN : 0);
		break;
	case VN_GSO_TCPV6:
		need |= VN_DEV_F_TSO6 | (buf->gso_ecn ? VN_DEV_F_TSO_ECN : 0);
		break;
	case VN_GSO_UDP_L4:
		need |= VN_DEV_F_USO;
		break;
	}
	return (features & need) == need;
}

/**
 * vn_gso_resolve() - make @buf acceptable to a device with @features
 * @buf: a frame at its Ethernet header (802.1Q/802.1ad tags allowed);
 *       consumed
 * @features: VN_DEV_F_* of where it goes; 0 for a vnet stack
 * @out: receives @buf itself, @buf with its checksum finished, or its
 *       segments (each with full checksums), in order
 *
 * Validates the metadata against the headers first (a bad csum_start, a
 * GSO frame that is not TCP or UDP over IPv4/IPv6, a header running past
 * the frame): such a frame is dropped, never half-cut.
 *
 * Context: packet path; segments come from the pool (small blocks for
 * ordinary MSS values); a shared block is copied before a checksum is
 * written into it.
 * Return: 0, or the drop reason after dropping @buf (@out untouched).
 */
int vn_gso_resolve(struct vn_buf *buf, uint32_t features, struct vn_bufq *out);

/*
 * vn_gso_check() - are @buf's offload metadata consistent with its
 * headers?  For drivers that take a frame from the kernel: 0 or
 * VN_DROP_OFFLOAD_BAD.  Touches nothing.
 */
int vn_gso_check(const struct vn_buf *buf);

#endif
