// SPDX-License-Identifier: MIT
/*
 * inet/ipv4_out.c - IPv4 output routing, output and fragmentation
 * (net/ipv4/route.c ip_route_output_key_hash_rcu() and __mkroute_output(),
 * ip_output.c).
 *
 * Output routing follows ip_route_output_key_hash_rcu(): a source asked
 * for must be one of our addresses; a device asked for must be up; with
 * a device and no route the destination is assumed on-link; local
 * destinations leave through lo with the local route's preferred source;
 * otherwise the source is the route's preferred one, else
 * inet_select_addr() on the route's device towards its gateway within the
 * route's scope.  Limited broadcast and multicast go out as such.  A
 * gateway an ICMP redirect named for this destination (a nexthop
 * exception) replaces the route's.
 *
 * Output writes the header and fragments to the route's MTU (else the
 * device's) when DF is clear; with DF set and too big the sender gets
 * -EMSGSIZE.  Local destinations go through the loopback device (dropped,
 * silently, while it is down), broadcasts and multicasts get their link
 * address directly, everything else goes through the neighbour table.
 *
 * Fragments copy the whole header, options included (Linux drops the
 * options not marked "copied" from later fragments; not yet here).
 */
#include <errno.h>

#include "inet/ipv4_priv.h"
#include "wire/ipv4.h"

uint16_t vn_ip_next_id(struct vn_inet *inet)
{
	return inet->next_ip_id++;
}

static struct vn_dev *loopback_of(struct vn_inet *inet)
{
	return vn_dev_lookup_index(inet->devs, 1);
}

/* __ip_dev_find(): a device holding @addr, or NULL. */
static struct vn_dev *dev_of_addr(struct vn_inet *inet, uint32_t addr)
{
	struct vn_dev *d;

	vn_devspace_for_each(d, inet->devs) {
		struct vn_ifaddr *ifa;

		if (!d->in)
			continue;
		vn_list_for_each(ifa, &d->in->addrs, link)
			if (ifa->local == addr)
				return d;
	}
	return NULL;
}

static bool is_local_mcast(uint32_t a)
{
	return (a & 0xffffff00) == 0xe0000000;
}

/* __mkroute_output(). */
static int make_route(struct vn_route_result *res, uint32_t dst,
		      uint32_t src, struct vn_dev *dev_out)
{
	if (vn_ipv4_is_loopback(src) && !(dev_out->flags & VN_IFF_LOOPBACK))
		return -EINVAL;
	if (vn_ipv4_is_lbcast(dst))
		res->type = VN_RTN_BROADCAST;
	else if (vn_ipv4_is_multicast(dst))
		res->type = VN_RTN_MULTICAST;
	else if (vn_ipv4_is_zeronet(dst))
		return -EINVAL;
	if (dev_out->flags & VN_IFF_LOOPBACK)
		res->flags |= VN_RTCF_LOCAL;
	if (res->type == VN_RTN_BROADCAST) {
		res->flags |= VN_RTCF_BROADCAST | VN_RTCF_LOCAL;
		res->route = NULL;
	} else if (res->type == VN_RTN_MULTICAST) {
		res->flags |= VN_RTCF_MULTICAST;
		/* ip_check_mc_rcu(): we are in all-hosts on every device. */
		if (dst == 0xe0000001)
			res->flags |= VN_RTCF_LOCAL;
	}
	res->dev = dev_out;
	res->src = src;
	if (!res->route || !res->route->gw)
		res->nexthop = dst;
	return 0;
}

int vn_route_output(struct vn_inet *inet, uint32_t dst, uint32_t src,
		    int oif, struct vn_route_result *res)
{
	struct vn_dev *dev_out = NULL;
	int err;

	memset(res, 0, sizeof(*res));
	res->type = VN_RTN_UNICAST;
	if (src) {
		if (vn_ipv4_is_multicast(src) || vn_ipv4_is_lbcast(src) ||
		    vn_ipv4_is_zeronet(src))
			return -EINVAL;
		if (!oif && (vn_ipv4_is_multicast(dst) ||
			     vn_ipv4_is_lbcast(dst))) {
			dev_out = dev_of_addr(inet, src);
			if (!dev_out)
				return -ENETUNREACH;
			return make_route(res, dst, src, dev_out);
		}
		if (!dev_of_addr(inet, src))
			return -ENETUNREACH;
	}
	if (oif) {
		dev_out = vn_dev_lookup_index(inet->devs, oif);
		if (!dev_out)
			return -ENODEV;
		if (!vn_dev_is_up(dev_out) || !dev_out->in)
			return -ENETUNREACH;
		if (is_local_mcast(dst) || vn_ipv4_is_lbcast(dst)) {
			if (!src)
				src = vn_inet_select_addr(inet, dev_out, 0,
							  VN_SCOPE_LINK);
			return make_route(res, dst, src, dev_out);
		}
		if (!src) {
			if (vn_ipv4_is_multicast(dst))
				src = vn_inet_select_addr(inet, dev_out, 0,
							  VN_SCOPE_UNIVERSE);
			else if (!dst)
				src = vn_inet_select_addr(inet, dev_out, 0,
							  VN_SCOPE_HOST);
		}
	}
	if (!dst) {
		dst = src;
		if (!dst)
			dst = src = 0x7f000001;
		dev_out = loopback_of(inet);
		if (!dev_out)
			return -ENETUNREACH;
		res->type = VN_RTN_LOCAL;
		res->flags |= VN_RTCF_LOCAL;
		return make_route(res, dst, src, dev_out);
	}
	err = vn_fib_lookup(&inet->fib, dst, oif, res);
	if (!err)
		err = vn_rtn_error(res->type);
	if (err) {
		res->route = NULL;
		if (oif && err == -ENETUNREACH) {
			/* The tables are wrong: assume it is on-link. */
			if (!src)
				src = vn_inet_select_addr(inet, dev_out, 0,
							  VN_SCOPE_LINK);
			res->type = VN_RTN_UNICAST;
			return make_route(res, dst, src, dev_out);
		}
		return err;
	}
	if (res->type == VN_RTN_LOCAL) {
		if (!src)
			src = res->prefsrc ? res->prefsrc : dst;
		res->fib_dev = res->dev;
		dev_out = loopback_of(inet);
		if (!dev_out)
			return -ENETUNREACH;
		res->flags |= VN_RTCF_LOCAL;
		return make_route(res, dst, src, dev_out);
	}
	dev_out = res->dev;
	if (!dev_out)
		return -EINVAL;
	if (res->route->gw) {
		/* find_exception(): a redirect may have named another gateway. */
		struct vn_fib_exc *e = vn_fib_exc_lookup(
			&inet->fib, res->route, dst, vn_env_now(inet->env));

		if (e) {
			e->used = true;
			res->nexthop = e->gw;
			res->flags |= VN_RTCF_REDIRECTED;
			res->expires = e->expires;
		}
	}
	if (!src) {
		/* FIB_RES_PREFSRC(). */
		src = res->prefsrc;
		if (!src)
			src = vn_inet_select_addr(inet, dev_out,
						  res->route->gw, res->scope);
	}
	return make_route(res, dst, src, dev_out);
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

	if (!dev) {
		vn_buf_drop(buf, VN_DROP_IP_OUTNOROUTES);
		return -ENETUNREACH;
	}
	if (!vn_dev_is_up(dev)) {
		/* lo down: the packet is lost, the sender is not told. */
		vn_buf_drop(buf, VN_DROP_DEV_DOWN);
		return 0;
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

int vn_ip_output(struct vn_inet *inet, struct vn_buf *buf,
		 const struct vn_ip_out *o)
{
	struct vn_route_result rt;
	struct vn_ipv4_repr r;
	int rc;

	rc = vn_route_output(inet, o->dst, o->src, o->oif, &rt);
	if (rc) {
		inet->stats.out_no_routes++;
		vn_buf_drop(buf, VN_DROP_IP_OUTNOROUTES);
		return rc;
	}
	if (buf->len + VN_IPV4_HLEN > 65535) {
		vn_buf_drop(buf, VN_DROP_FRAME_TOO_LONG);
		return -EMSGSIZE;
	}
	if (o->confirm && rt.dev) {
		/* sock_confirm_neigh(): the peer answered, no need to probe. */
		struct vn_neigh *n = vn_neigh_lookup(&inet->arp, rt.nexthop,
						     rt.dev);

		if (n)
			n->confirmed = vn_env_now(inet->env);
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
		.src = rt.src,
		.dst = o->dst,
		.payload_len = (uint16_t)buf->len,
	};
	vn_ipv4_emit(vn_buf_push(buf, VN_IPV4_HLEN), &r);
	buf->l3_off = vn_buf_offset(buf, buf->data);
	inet->stats.out_requests++;
	return vn_ip_output_route(inet, buf, &rt);
}
