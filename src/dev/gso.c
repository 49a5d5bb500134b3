// SPDX-License-Identifier: MIT
/*
 * dev/gso.c - software checksum and segmentation offload.
 *
 * Kernel-facing devices (TAP with IFF_VNET_HDR, AF_PACKET with
 * PACKET_VNET_HDR) hand vnet frames the way the kernel keeps them: a TCP
 * sender's 64 KiB "super-frame" with one set of headers and a checksum
 * that holds only the pseudo-header sum.  Between two such devices the
 * frame travels whole, as a Linux bridge forwards a GSO skb between
 * ports whose features allow it (br_dev_queue_push_xmit() then
 * validate_xmit_skb()).  Where it must leave through a device without
 * the offload (a veth, a vnet stack, an AF_PACKET socket without the
 * header), this file finishes it as the kernel's software fallbacks do:
 *
 *   - a partial checksum is summed over the L4 header and payload and
 *     stored (skb_checksum_help(), including its 0 -> 0xffff rule);
 *   - a TCP GSO frame is cut into gso_size pieces (tcp_gso_segment()):
 *     the headers are copied, the IPv4 total length, identification
 *     (incremented per segment, as without SKB_GSO_TCP_FIXEDID) and header
 *     checksum or the IPv6 payload length are rewritten, the sequence
 *     number advances, FIN and PSH stay on the last segment only, CWR on
 *     the first only, and each checksum is computed in full;
 *   - a UDP_L4 frame (UDP_SEGMENT) becomes one datagram per piece
 *     (__udp_gso_segment()).
 *
 * Limits: IPv6 extension headers are not walked: the L4 header is found
 * through csum_start, which virtio requires for GSO frames.  Segments are
 * plain frames: no offload flags are left on them.  The frame is checked
 * against its own headers first, so bad metadata from outside is dropped
 * (VN_DROP_OFFLOAD_BAD) and never reaches a half-cut state.
 */
#include "dev/gso.h"
#include "wire/csum.h"
#include "wire/eth.h"
#include "wire/ipv4.h"

/*
 * IPv6 (RFC 8200) and TCP (RFC 9293) header offsets; the wire views of
 * those protocols will take these over (TCP is being written in inet/).
 */
#define IP6_PLEN 4
#define IP6_NEXTHDR 6
#define IP6_SRC 8
#define IP6_DST 24
#define IP6_HLEN 40
#define TCP_SEQ 4
#define TCP_DOFF 12
#define TCP_FLAGS 13
#define TCP_CSUM 16
#define TCP_HLEN 20
#define TCP_FIN 0x01
#define TCP_PSH 0x08
#define TCP_CWR 0x80
#define UDP_LEN 4
#define UDP_CSUM 6
#define UDP_HLEN 8

/* Where the headers of a frame are, in bytes from buf->data. */
struct layout {
	uint32_t l3;		/* IP header */
	uint32_t l4;		/* TCP/UDP header */
	uint32_t end;		/* end of the IP packet (padding excluded) */
	uint32_t hdr_len;	/* all headers: what every segment repeats */
	bool v6;
	uint8_t proto;
};

/* The EtherType after up to two VLAN tags, and where L3 starts. */
static bool find_l3(const uint8_t *p, uint32_t len, uint16_t *type,
		    uint32_t *l3)
{
	uint32_t off = VN_ETH_HLEN;

	if (len < VN_ETH_HLEN)
		return false;
	*type = vn_eth_type(p);
	for (int i = 0; i < 2; i++) {
		if (*type != VN_ETH_P_8021Q && *type != VN_ETH_P_8021AD)
			break;
		if (len < off + 4)
			return false;
		*type = vn_load_be16(p + off + 2);
		off += 4;
	}
	*l3 = off;
	return true;
}

/*
 * Parses @buf into @lo; false if the headers do not hold together or do
 * not match the offload metadata.  IP packets only; for a bare partial
 * checksum on something else see csum_only_layout().
 */
static bool parse_layout(const struct vn_buf *buf, struct layout *lo)
{
	const uint8_t *p = buf->data;
	uint32_t len = buf->len, l3, l4_min;
	uint16_t type;

	if (!find_l3(p, len, &type, &l3))
		return false;
	lo->l3 = l3;
	if (type == VN_ETH_P_IP) {
		const uint8_t *ip = p + l3;
		uint32_t ihl;

		if (len < l3 + VN_IPV4_HLEN || vn_ipv4_version(ip) != 4)
			return false;
		ihl = vn_ipv4_hlen(ip);
		if (ihl < VN_IPV4_HLEN || vn_ipv4_tot_len(ip) < ihl ||
		    l3 + vn_ipv4_tot_len(ip) > len || vn_ipv4_is_fragment(ip))
			return false;
		lo->v6 = false;
		lo->proto = vn_ipv4_proto(ip);
		lo->end = l3 + vn_ipv4_tot_len(ip);
		l4_min = l3 + ihl;
	} else if (type == VN_ETH_P_IPV6) {
		const uint8_t *ip = p + l3;

		if (len < l3 + IP6_HLEN || (ip[0] >> 4) != 6)
			return false;
		lo->v6 = true;
		lo->proto = ip[IP6_NEXTHDR];
		lo->end = l3 + IP6_HLEN + vn_load_be16(ip + IP6_PLEN);
		if (lo->end > len)
			return false;
		l4_min = l3 + IP6_HLEN;
	} else {
		return false;
	}
	if (vn_buf_csum_partial(buf)) {
		uint32_t start = (uint32_t)(vn_buf_at(buf, buf->csum_start) -
					    buf->data);

		/* csum_start is from block->bytes: before data means bogus. */
		if (buf->csum_start < vn_buf_offset(buf, buf->data) ||
		    start < l4_min)
			return false;
		lo->l4 = start;
	} else if (lo->v6 && lo->proto != VN_IPPROTO_TCP &&
		   lo->proto != VN_IPPROTO_UDP) {
		return false;	/* extension headers, and no csum_start */
	} else {
		lo->l4 = l4_min;
	}
	if (lo->v6 && lo->l4 != l4_min)
		lo->proto = 0;	/* behind extension headers: from gso_type */
	return lo->l4 <= lo->end;
}

/* The L4 header length of a GSO frame, or 0 if it does not fit. */
static uint32_t l4_hdr_len(const struct vn_buf *buf, const struct layout *lo,
			   bool tcp)
{
	const uint8_t *l4 = buf->data + lo->l4;
	uint32_t hl;

	if (!tcp)
		return lo->l4 + UDP_HLEN <= lo->end ? UDP_HLEN : 0;
	if (lo->l4 + TCP_HLEN > lo->end)
		return 0;
	hl = (uint32_t)(l4[TCP_DOFF] >> 4) * 4;
	if (hl < TCP_HLEN || lo->l4 + hl > lo->end)
		return 0;
	return hl;
}

/* Checks a GSO frame's type against its headers; fills lo->hdr_len. */
static bool check_gso(const struct vn_buf *buf, struct layout *lo)
{
	bool tcp;
	uint32_t hl;

	switch ((enum vn_gso_type)buf->gso_type) {
	case VN_GSO_TCPV4:
		if (lo->v6)
			return false;
		tcp = true;
		break;
	case VN_GSO_TCPV6:
		if (!lo->v6)
			return false;
		tcp = true;
		break;
	case VN_GSO_UDP_L4:
		tcp = false;
		break;
	case VN_GSO_NONE:
	default:
		return false;
	}
	if (lo->proto && lo->proto != (tcp ? VN_IPPROTO_TCP : VN_IPPROTO_UDP))
		return false;
	hl = l4_hdr_len(buf, lo, tcp);
	if (!hl)
		return false;
	lo->proto = tcp ? VN_IPPROTO_TCP : VN_IPPROTO_UDP;
	lo->hdr_len = lo->l4 + hl;
	return true;
}

int vn_gso_check(const struct vn_buf *buf)
{
	struct layout lo;

	if (!vn_buf_offloaded(buf))
		return 0;
	if (!vn_buf_is_gso(buf)) {
		/* A bare partial checksum: only its field has to be there. */
		uint16_t data_off = vn_buf_offset(buf, buf->data);

		if (buf->csum_start < data_off ||
		    (uint32_t)(buf->csum_start - data_off) +
				    buf->csum_offset + 2u > buf->len)
			return VN_DROP_OFFLOAD_BAD;
		return 0;
	}
	if (!parse_layout(buf, &lo) || !check_gso(buf, &lo))
		return VN_DROP_OFFLOAD_BAD;
	/* The checksum field must be the one of the L4 header. */
	if (vn_buf_csum_partial(buf) &&
	    buf->csum_offset != (lo.proto == VN_IPPROTO_TCP ? TCP_CSUM
							     : UDP_CSUM))
		return VN_DROP_OFFLOAD_BAD;
	return 0;
}

/* The pseudo-header sum (RFC 9293 3.1, RFC 8200 8.1) for @l4_len bytes. */
static uint32_t pseudo_sum(const uint8_t *p, const struct layout *lo,
			   uint32_t l4_len)
{
	const uint8_t *ip = p + lo->l3;

	if (!lo->v6)
		return vn_csum_pseudo(vn_ipv4_src(ip), vn_ipv4_dst(ip),
				      lo->proto, (uint16_t)l4_len);
	return vn_csum_add(0, ip + IP6_SRC, 32) + (l4_len >> 16) +
	       (l4_len & 0xffff) + lo->proto;
}

/* Stores the full L4 checksum of [l4, end) over @p; 0 becomes 0xffff. */
static void fill_l4_csum(uint8_t *p, const struct layout *lo, uint32_t end,
			 uint32_t field)
{
	uint32_t sum;
	uint16_t c;

	vn_store_be16(p + lo->l4 + field, 0);
	sum = pseudo_sum(p, lo, end - lo->l4);
	c = vn_csum_fold(vn_csum_add(sum, p + lo->l4, end - lo->l4));
	vn_store_be16(p + lo->l4 + field, c ? c : 0xffff);
}

static void clear_offload(struct vn_buf *buf)
{
	buf->csum_start = VN_BUF_NO_OFFSET;
	buf->csum_offset = 0;
	buf->gso_size = 0;
	buf->gso_type = VN_GSO_NONE;
	buf->gso_ecn = false;
}

/*
 * skb_checksum_help(): sums from csum_start to the end of the IP packet
 * (the frame's end when it is not IP) into the field, whose pseudo-header
 * sum is part of the sum.
 */
static int finish_csum(struct vn_buf *buf)
{
	uint16_t data_off = vn_buf_offset(buf, buf->data);
	uint32_t start, end = buf->len;
	struct layout lo;
	uint16_t c;

	if (vn_gso_check(buf))
		return VN_DROP_OFFLOAD_BAD;
	if (parse_layout(buf, &lo))
		end = lo.end;
	start = (uint32_t)(buf->csum_start - data_off);
	if (start + buf->csum_offset + 2u > end)
		return VN_DROP_OFFLOAD_BAD;
	if (vn_buf_make_writable(buf))
		return VN_DROP_NOMEM;
	c = vn_csum_fold(vn_csum_add(0, buf->data + start, end - start));
	vn_store_be16(buf->data + start + buf->csum_offset, c ? c : 0xffff);
	clear_offload(buf);
	return 0;
}

static void copy_meta(struct vn_buf *seg, const struct vn_buf *buf)
{
	seg->pkt_type = buf->pkt_type;
	seg->dev = buf->dev;
	seg->drop_stats = buf->drop_stats;
	seg->mark = buf->mark;
	seg->in_ifindex = buf->in_ifindex;
	seg->tstamp = buf->tstamp;
	seg->l2_off = vn_buf_offset(seg, seg->data);
}

/* Rewrites the IP header of segment @i (@len bytes from data). */
static void fix_ip(uint8_t *p, const struct layout *lo, uint32_t len,
		   uint16_t id)
{
	uint8_t *ip = p + lo->l3;

	if (lo->v6) {
		vn_store_be16(ip + IP6_PLEN, (uint16_t)(len - lo->l3 - IP6_HLEN));
		return;
	}
	vn_ipv4_set_tot_len(ip, (uint16_t)(len - lo->l3));
	vn_store_be16(ip + VN_IPV4_ID, id);
	vn_ipv4_fill_csum(ip);
}

/* tcp_gso_segment() and __udp_gso_segment(), on a checked frame. */
static int segment(struct vn_buf *buf, const struct layout *lo,
		   struct vn_bufq *out)
{
	const uint8_t *src = buf->data;
	uint32_t payload = lo->end - lo->hdr_len;
	uint32_t mss = buf->gso_size;
	uint32_t n = (payload + mss - 1) / mss;
	bool tcp = lo->proto == VN_IPPROTO_TCP;
	uint32_t seq = tcp ? vn_load_be32(src + lo->l4 + TCP_SEQ) : 0;
	uint16_t id = lo->v6 ? 0 : vn_ipv4_id(src + lo->l3);
	struct vn_bufq segs;

	vn_bufq_init(&segs);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t plen = VN_MIN(mss, payload - i * mss);
		uint32_t len = lo->hdr_len + plen;
		struct vn_buf *seg = vn_buf_alloc(buf->pool, len);
		uint8_t *p;

		if (!seg) {
			vn_bufq_purge(&segs, VN_DROP_NOMEM);
			return VN_DROP_NOMEM;
		}
		p = vn_buf_put(seg, len);
		memcpy(p, src, lo->hdr_len);
		memcpy(p + lo->hdr_len, src + lo->hdr_len + i * mss, plen);
		copy_meta(seg, buf);
		fix_ip(p, lo, len, (uint16_t)(id + i));
		if (tcp) {
			uint8_t *th = p + lo->l4;

			vn_store_be32(th + TCP_SEQ, seq + i * mss);
			if (i + 1 < n)
				th[TCP_FLAGS] &= (uint8_t)~(TCP_FIN | TCP_PSH);
			if (i > 0)
				th[TCP_FLAGS] &= (uint8_t)~TCP_CWR;
			fill_l4_csum(p, lo, len, TCP_CSUM);
		} else {
			vn_store_be16(p + lo->l4 + UDP_LEN,
				      (uint16_t)(len - lo->l4));
			fill_l4_csum(p, lo, len, UDP_CSUM);
		}
		vn_bufq_push(&segs, seg);
	}
	while ((buf = vn_bufq_pop(&segs)))
		vn_bufq_push(out, buf);
	return 0;
}

int vn_gso_resolve(struct vn_buf *buf, uint32_t features, struct vn_bufq *out)
{
	struct layout lo;
	int rc;

	if (vn_gso_fits(buf, features)) {
		vn_bufq_push(out, buf);
		return 0;
	}
	if (!vn_buf_is_gso(buf)) {
		rc = finish_csum(buf);
		goto done;
	}
	if (!parse_layout(buf, &lo) || !check_gso(buf, &lo) || !buf->gso_size) {
		rc = VN_DROP_OFFLOAD_BAD;
		goto done;
	}
	if (lo.end - lo.hdr_len <= buf->gso_size) {
		/* One segment's worth: a plain frame with a checksum to do. */
		buf->gso_size = 0;
		buf->gso_type = VN_GSO_NONE;
		if (vn_buf_csum_partial(buf) && (features & VN_DEV_F_CSUM)) {
			vn_bufq_push(out, buf);
			return 0;
		}
		if (vn_buf_make_writable(buf)) {
			rc = VN_DROP_NOMEM;
			goto done;
		}
		fill_l4_csum(buf->data, &lo, lo.end,
			     lo.proto == VN_IPPROTO_TCP ? TCP_CSUM : UDP_CSUM);
		clear_offload(buf);
		rc = 0;
		goto done;
	}
	rc = segment(buf, &lo, out);
	if (rc) {
		vn_buf_drop(buf, (enum vn_drop_reason)rc);
		return rc;
	}
	vn_buf_free(buf);
	return 0;
done:
	if (rc) {
		vn_buf_drop(buf, (enum vn_drop_reason)rc);
		return rc;
	}
	vn_bufq_push(out, buf);
	return 0;
}
