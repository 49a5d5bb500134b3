/* SPDX-License-Identifier: MIT */
/*
 * dev/vnet_hdr.h - the virtio-net header that TAP (IFF_VNET_HDR) and
 * AF_PACKET (PACKET_VNET_HDR) put in front of each frame, and the
 * buffer's offload fields it maps to.
 *
 * Layout (virtio 1.x 5.1.6, little-endian as the kernel uses it for TAP
 * and AF_PACKET on every host vnet runs on): flags, gso_type, hdr_len,
 * gso_size, csum_start, csum_offset, then num_buffers in the 12-byte
 * form.  csum_start counts from the first byte of the Ethernet header.
 */
#ifndef VN_DEV_VNET_HDR_H
#define VN_DEV_VNET_HDR_H

#include "base/buf.h"

#define VN_VNET_HDR_LEN 12	/* virtio_net_hdr_v1 (mrg_rxbuf layout) */
#define VN_VNET_HDR_SHORT 10	/* virtio_net_hdr, AF_PACKET's size */

#define VN_VNET_F_NEEDS_CSUM 1
#define VN_VNET_F_DATA_VALID 2
#define VN_VNET_GSO_NONE 0
#define VN_VNET_GSO_TCPV4 1
#define VN_VNET_GSO_UDP 3	/* UFO: gone from Linux, refused */
#define VN_VNET_GSO_TCPV6 4
#define VN_VNET_GSO_UDP_L4 5
#define VN_VNET_GSO_ECN 0x80

/**
 * vn_vnet_hdr_parse() - put the header @h (VN_VNET_HDR_SHORT bytes at
 * least) into @buf's offload fields; @buf->data is the Ethernet header
 *
 * Context: packet path.  Return: 0, or VN_DROP_OFFLOAD_BAD for a header
 * that does not fit the frame (checked with vn_gso_check()).
 */
int vn_vnet_hdr_parse(const uint8_t *h, struct vn_buf *buf);

/*
 * Fills @h (@len bytes: 10 or 12) from @buf's offload fields; a plain
 * frame gets an all-zero header.
 */
void vn_vnet_hdr_emit(uint8_t *h, size_t len, const struct vn_buf *buf);

#endif
