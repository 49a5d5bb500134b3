// SPDX-License-Identifier: MIT
/*
 * dev/vnet_hdr.c - virtio-net header <-> buffer offload fields.
 *
 * Mirrors include/linux/virtio_net.h: virtio_net_hdr_to_skb() on the way
 * in (NEEDS_CSUM gives CHECKSUM_PARTIAL at csum_start/csum_offset; the GSO
 * type and size become the skb's), virtio_net_hdr_from_skb() on the way
 * out.  DATA_VALID (the kernel verified the checksum) is not kept: vnet's
 * stacks verify checksums themselves.
 */
#include "dev/gso.h"
#include "dev/vnet_hdr.h"

static uint16_t load_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void store_le16(uint8_t *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

int vn_vnet_hdr_parse(const uint8_t *h, struct vn_buf *buf)
{
	uint8_t type = h[1] & (uint8_t)~VN_VNET_GSO_ECN;
	uint16_t gso_size = load_le16(h + 4);
	uint32_t start;

	if (h[0] & VN_VNET_F_NEEDS_CSUM) {
		start = (uint32_t)vn_buf_offset(buf, buf->data) +
			load_le16(h + 6);
		if (start >= VN_BUF_NO_OFFSET)
			return VN_DROP_OFFLOAD_BAD;
		buf->csum_start = (uint16_t)start;
		buf->csum_offset = load_le16(h + 8);
	}
	switch (type) {
	case VN_VNET_GSO_NONE:
		break;
	case VN_VNET_GSO_TCPV4:
		buf->gso_type = VN_GSO_TCPV4;
		break;
	case VN_VNET_GSO_TCPV6:
		buf->gso_type = VN_GSO_TCPV6;
		break;
	case VN_VNET_GSO_UDP_L4:
		buf->gso_type = VN_GSO_UDP_L4;
		break;
	default:
		return VN_DROP_OFFLOAD_BAD;
	}
	if (type != VN_VNET_GSO_NONE) {
		/* virtio_net_hdr_to_skb(): GSO needs a size and a checksum. */
		if (!gso_size || !(h[0] & VN_VNET_F_NEEDS_CSUM))
			return VN_DROP_OFFLOAD_BAD;
		buf->gso_size = gso_size;
		buf->gso_ecn = h[1] & VN_VNET_GSO_ECN;
	}
	return vn_gso_check(buf);
}

void vn_vnet_hdr_emit(uint8_t *h, size_t len, const struct vn_buf *buf)
{
	uint16_t start;

	memset(h, 0, len);
	if (likely(!vn_buf_offloaded(buf)))
		return;
	if (vn_buf_csum_partial(buf)) {
		start = (uint16_t)(buf->csum_start -
				   vn_buf_offset(buf, buf->data));
		h[0] = VN_VNET_F_NEEDS_CSUM;
		store_le16(h + 6, start);
		store_le16(h + 8, buf->csum_offset);
		/* tun_get_user() wants hdr_len to cover the checksum field. */
		store_le16(h + 2, (uint16_t)(start + buf->csum_offset + 2));
	}
	switch ((enum vn_gso_type)buf->gso_type) {
	case VN_GSO_NONE:
		return;
	case VN_GSO_TCPV4:
		h[1] = VN_VNET_GSO_TCPV4;
		break;
	case VN_GSO_TCPV6:
		h[1] = VN_VNET_GSO_TCPV6;
		break;
	case VN_GSO_UDP_L4:
		h[1] = VN_VNET_GSO_UDP_L4;
		break;
	}
	if (buf->gso_ecn)
		h[1] |= VN_VNET_GSO_ECN;
	store_le16(h + 4, buf->gso_size);
}
