// SPDX-License-Identifier: MIT
/*
 * inet/ipv4_out.c - IPv4 output and fragmentation (net/ipv4/ip_output.c,
 * route.c ip_route_output_key_hash_rcu()).
 *
 * Output routes the destination (with a bound device, an unrouted
 * destination is assumed on-link, as Linux does), chooses the source
 * address (the route's preferred source, else inet_select_addr()), writes
 * the header and fragments to the device MTU when DF is clear; with DF set
 * and too big, the sender gets -EMSGSIZE.  Local destinations go through
 * the loopback device, broadcasts and multicasts get their link address
 * directly, everything else goes through the neighbour table.
 *
 * Fragments copy the whole header, options included (Linux drops the
 * options not marked "copied" from later fragments; not yet here).
 */
#include <errno.h>

#include "inet/inet.h"
#include "wire/ipv4.h"

uint16_t vn_ip_next_id(struct vn_inet *inet)
{
	return inet->next_ip_id++;
}

static struct vn_dev *loopback_of(struct vn_inet *inet)
{
	return vn_dev_lookup_index(inet->devs, 1);
}

static void xmit_to(struct vn_inet *inet, const struct vn_route_result *rt,
		    struct vn_buf *buf)
{
	static const uint8_t zero[VN_ETH_ALEN];
	struct vn_dev *dev = rt->dev;
	uint32_t dst = vn_ipv4_dst(buf->data);
	uint8_t mc[VN_ETH_ALEN];

	if (dev->flags & VN_IFF_LOOPBACK) {
		vn_neigh_xmit(dev, zero, VN_ETH_P_IP, buf);
	} else if (rt->type == VN_RTN_BROADCAST || vn_ipv4_is_lbcast(dst)) {
		vn_neigh_xmit(dev, dev->broadcast, VN_ETH_P_IP, buf);
	} else if (vn_ipv4_is_multicast(dst)) {
		/* RFC 1112 6.4: 01-00-5E plus the low 23 bits. */
		mc[0] = 0x01;
		mc[1] = 0x00;
		mc[2] = 0x5e;
		mc[3] = (dst >> 16) & 0x7f;
		mc[4] = (dst >> 8) & 0xff;
		mc[5] = dst & 0xff;
		vn_neigh_xmit(dev, mc, VN_ETH_P_IP, buf);
	} else if (dev->flags & VN_IFF_NOARP) {
		vn_neigh_xmit(dev, dev->broadcast, VN_ETH_P_IP, buf);
	} else {
		vn_neigh_output(&inet->arp, dev, rt->nexthop, buf);
	}
}

void vn_ip_finish_output(struct vn_inet *inet, struct vn_dev *dev,
			 uint32_t nexthop, struct vn_buf *buf)
{
	struct vn_route_result rt = {
		.type = VN_RTN_UNICAST,
		.dev = dev,
		.nexthop = nexthop,
	};

	xmit_to(inet, &rt, buf);
}

/* ip_do_fragment(), slow path: @buf is consumed. */
static int fragment(struct vn_inet *inet, struct vn_buf *buf, uint32_t mtu,
		    const struct vn_route_result *rt)
{
	const uint8_t *ip = buf->data;
	uint32_t hlen = vn_ipv4_hlen(ip);
	uint32_t left = vn_ipv4_tot_len(ip) - hlen;
	uint32_t base_off = vn_ipv4_frag_off(ip);
	bool base_more = vn_ipv4_more_frags(ip);
	uint32_t room = (mtu - hlen) & ~7u;
	uint32_t off = 0;

	if (mtu < hlen + 8) {
		vn_buf_drop(buf, VN_DROP_IP_FRAG_NEEDED);
		return -EMSGSIZE;
	}
	while (left) {
		uint32_t len = left > room ? room : left;
		struct vn_buf *f = vn_buf_alloc(buf->pool, hlen + len);
		uint8_t *p;
		uint16_t frag;

		if (!f) {
			vn_buf_drop(buf, VN_DROP_NOMEM);
			return -ENOBUFS;
		}
		p = vn_buf_put(f, hlen + len);
		memcpy(p, ip, hlen);
		memcpy(p + hlen, ip + hlen + off, len);
		frag = (uint16_t)((base_off + off) / 8);
		if (len < left || base_more)
			frag |= VN_IP_MF;
		vn_ipv4_set_frag(p, frag);
		vn_ipv4_set_tot_len(p, (uint16_t)(hlen + len));
		vn_ipv4_fill_csum(p);
		f->mark = buf->mark;
		f->pkt_type = buf->pkt_type;
		inet->stats.frag_creates++;
		xmit_to(inet, rt, f);
		off += len;
		left -= len;
	}
	inet->stats.frag_oks++;
	vn_buf_free(buf);
	return 0;
}

int vn_ip_output_route(struct vn_inet *inet, struct vn_buf *buf,
		       const struct vn_route_result *rt)
{
	struct vn_dev *dev = rt->dev;
	uint32_t mtu;

	if (!dev || !vn_dev_is_up(dev)) {
		vn_buf_drop(buf, VN_DROP_IP_OUTNOROUTES);
		return -ENETUNREACH;
	}
	mtu = rt->route && rt->route->mtu ? rt->route->mtu : dev->mtu;
	if (buf->len > mtu) {
		if (vn_ipv4_frag(buf->data) & VN_IP_DF) {
			vn_buf_drop(buf, VN_DROP_IP_FRAG_NEEDED);
			return -EMSGSIZE;
		}
		return fragment(inet, buf, mtu, rt);
	}
	xmit_to(inet, rt, buf);
	return 0;
}

static int route_output(struct vn_inet *inet, const struct vn_ip_out *o,
			struct vn_route_result *rt)
{
	struct vn_dev *dev;
	int rc;

	if (vn_ipv4_is_lbcast(o->dst) && o->oif) {
		dev = vn_dev_lookup_index(inet->devs, o->oif);
		if (!dev)
			return -ENODEV;
		*rt = (struct vn_route_result){ .type = VN_RTN_BROADCAST,
						.dev = dev,
						.nexthop = o->dst,
						.scope = VN_SCOPE_LINK };
		return 0;
	}
	rc = vn_fib_lookup(&inet->fib, o->dst, o->oif, rt);
	if (rc && o->oif) {
		dev = vn_dev_lookup_index(inet->devs, o->oif);
		if (!dev || !vn_dev_is_up(dev) || !dev->in)
			return -ENETUNREACH;
		*rt = (struct vn_route_result){ .type = VN_RTN_UNICAST,
						.dev = dev,
						.nexthop = o->dst,
						.scope = VN_SCOPE_LINK };
		return 0;
	}
	if (rc)
		return rc;
	switch (rt->type) {
	case VN_RTN_UNREACHABLE:
		return -EHOSTUNREACH;
	case VN_RTN_BLACKHOLE:
		return -EINVAL;
	case VN_RTN_PROHIBIT:
		return -EACCES;
	case VN_RTN_LOCAL:
		/* Local destinations leave through loopback. */
		rt->dev = loopback_of(inet);
		if (!rt->dev || !vn_dev_is_up(rt->dev))
			return -ENETUNREACH;
		return 0;
	default:
		return 0;
	}
}

int vn_ip_output(struct vn_inet *inet, struct vn_buf *buf,
		 const struct vn_ip_out *o)
{
	struct vn_route_result rt;
	struct vn_ipv4_repr r;
	uint32_t src = o->src;
	int rc;

	rc = route_output(inet, o, &rt);
	if (rc) {
		inet->stats.out_no_routes++;
		vn_buf_drop(buf, VN_DROP_IP_OUTNOROUTES);
		return rc;
	}
	if (!src) {
		if (rt.prefsrc)
			src = rt.prefsrc;
		else if (rt.type == VN_RTN_LOCAL)
			src = o->dst;
		else
			src = vn_inet_select_addr(inet, rt.dev, rt.nexthop,
						  VN_SCOPE_LINK);
	}
	if (buf->len + VN_IPV4_HLEN > 65535) {
		vn_buf_drop(buf, VN_DROP_FRAME_TOO_LONG);
		return -EMSGSIZE;
	}
	if (vn_buf_make_writable(buf) || vn_buf_headroom(buf) < VN_IPV4_HLEN) {
		vn_buf_drop(buf, VN_DROP_NOMEM);
		return -ENOBUFS;
	}
	r = (struct vn_ipv4_repr){
		.tos = o->tos,
		.ttl = o->ttl ? o->ttl : inet->default_ttl,
		.proto = o->proto,
		.id = vn_ip_next_id(inet),
		.frag = o->df ? VN_IP_DF : 0,
		.src = src,
		.dst = o->dst,
		.payload_len = (uint16_t)buf->len,
	};
	vn_ipv4_emit(vn_buf_push(buf, VN_IPV4_HLEN), &r);
	buf->l3_off = vn_buf_offset(buf, buf->data);
	inet->stats.out_requests++;
	return vn_ip_output_route(inet, buf, &rt);
}
