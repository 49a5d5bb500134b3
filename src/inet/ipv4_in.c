// SPDX-License-Identifier: MIT
/*
 * inet/ipv4_in.c - IPv4 input, local delivery and forwarding
 * (net/ipv4/ip_input.c, route.c ip_route_input_slow() and ip_error(),
 * fib_frontend.c fib_validate_source(), ip_forward.c).
 *
 * Input validates the header as ip_rcv_core() (wire/ipv4.h), trims the
 * frame to the datagram, drops frames for other hosts, and classifies the
 * destination as ip_route_input_slow() does: martian sources (multicast,
 * limited broadcast, zero network, loopback on a real device, one of our
 * own addresses, or failing rp_filter) and martian destinations (zero
 * network, loopback) are dropped.  Local destinations, broadcasts and the
 * all-hosts group are reassembled and handed to ICMP (other protocols get
 * ICMP protocol unreachable).  Packets that arrive on lo were routed on
 * output already and are all delivered locally, as Linux's loopback skbs
 * keep their output route.
 *
 * Others are forwarded when forwarding is on for the input device: TTL
 * checked (time exceeded) and decremented after un-sharing the buffer,
 * too big with DF set gives "fragmentation needed" with the route's MTU,
 * a packet leaving by the interface it came in on from a directly
 * connected sender triggers an ICMP redirect (send_redirects), and the
 * packet is routed and fragmented as needed.  Without a route, a router
 * answers net unreachable (host unreachable, "packet filtered" for
 * unreachable and prohibit routes, nothing for blackhole), rate limited
 * per sender as ip_error() does; with forwarding off the packet is dropped
 * silently (IpInAddrErrors), as Linux does.
 *
 * Not supported: IP options processing (options are carried, not acted
 * on), accept_local, route_localnet, bc_forwarding, multicast routing,
 * joined groups other than all-hosts (224.0.0.1).
 */
#include <errno.h>

#include "inet/ipv4_priv.h"
#include "inet/sock.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

static bool is_local_mcast(uint32_t a)
{
	return (a & 0xffffff00) == 0xe0000000;	/* 224.0.0.0/24 */
}

/*
 * fib_validate_source(): can @src send to us on @dev?  @oif is the output
 * device of a forwarded packet (0 when it is for us).  Returns 0 or 1
 * (1: @src is on a connected subnet of @dev, RTCF_DIRECTSRC), or -EINVAL
 * (a martian source), -EXDEV (rp_filter).
 */
static int validate_source(struct vn_inet *inet, uint32_t src, int oif,
			   struct vn_dev *dev)
{
	int rpf = VN_IN_MAXCONF(inet, dev, rp_filter);
	struct vn_route_result res;
	bool no_addr;

	if (!rpf && (dev->ifindex != oif || !vn_in_tx_redirects(inet, dev))) {
		if (!inet->fib.custom_local_routes) {
			/* Within one namespace, our own address is martian. */
			if (vn_fib_addr_type(&inet->fib, src) == VN_RTN_LOCAL)
				return -EINVAL;
			return 0;
		}
	}
	/* __fib_validate_source(): the route back to the sender. */
	no_addr = vn_list_empty(&dev->in->addrs);
	if (vn_fib_lookup(&inet->fib, src, 0, &res) || vn_rtn_error(res.type))
		goto last_resort;
	if (res.type != VN_RTN_UNICAST)
		return -EINVAL;
	if (res.dev == dev)
		return res.route->nh_scope >= VN_SCOPE_HOST;
	if (no_addr)
		goto last_resort;
	if (rpf == 1)
		return -EXDEV;
	if (vn_fib_lookup(&inet->fib, src, dev->ifindex, &res) == 0 &&
	    res.type == VN_RTN_UNICAST)
		return res.route->nh_scope >= VN_SCOPE_HOST;
	return 0;
last_resort:
	return rpf ? -EXDEV : 0;
}

static int martian(struct vn_ip_rt_in *rt, enum vn_drop_reason why)
{
	rt->reason = why;
	return -EINVAL;
}

int vn_ip_route_input(struct vn_inet *inet, uint32_t dst, uint32_t src,
		      struct vn_dev *dev, struct vn_ip_rt_in *rt)
{
	struct vn_route_result res;
	int err;

	memset(rt, 0, sizeof(*rt));
	if (!dev->in)
		return martian(rt, VN_DROP_IP_NOT_FORWARDING);
	if (vn_ipv4_is_multicast(dst)) {
		/* ip_route_input_rcu(): only groups we joined (all-hosts). */
		if (dst != 0xe0000001)
			return martian(rt, VN_DROP_IP_BAD_DST);
		/* ip_route_input_mc(). */
		if (vn_ipv4_is_multicast(src) || vn_ipv4_is_lbcast(src) ||
		    vn_ipv4_is_loopback(src))
			return martian(rt, VN_DROP_IP_BAD_SRC);
		if (vn_ipv4_is_zeronet(src)) {
			if (!is_local_mcast(dst))
				return martian(rt, VN_DROP_IP_BAD_SRC);
		} else if (validate_source(inet, src, 0, dev) < 0) {
			return martian(rt, VN_DROP_IP_BAD_SRC);
		}
		rt->type = VN_RTN_MULTICAST;
		return 0;
	}
	if (vn_ipv4_is_multicast(src) || vn_ipv4_is_lbcast(src))
		return martian(rt, VN_DROP_IP_BAD_SRC);
	if (vn_ipv4_is_lbcast(dst) || (src == 0 && dst == 0))
		goto brd_input;
	/* Zero addresses are accepted only towards limited broadcast. */
	if (vn_ipv4_is_zeronet(src))
		return martian(rt, VN_DROP_IP_BAD_SRC);
	if (vn_ipv4_is_zeronet(dst))
		return martian(rt, VN_DROP_IP_BAD_DST);
	if (vn_ipv4_is_loopback(dst))
		return martian(rt, VN_DROP_IP_BAD_DST);
	if (vn_ipv4_is_loopback(src))
		return martian(rt, VN_DROP_IP_BAD_SRC);

	err = vn_fib_lookup(&inet->fib, dst, 0, &res);
	if (!err)
		err = vn_rtn_error(res.type);
	if (err) {
		if (!vn_in_forward(inet, dev))
			err = -EHOSTUNREACH;
		rt->type = VN_RTN_UNREACHABLE;
		rt->error = -err;
		return 0;
	}
	if (res.type == VN_RTN_BROADCAST)
		goto brd_input;
	if (res.type == VN_RTN_LOCAL) {
		if (validate_source(inet, src, 0, dev) < 0)
			return martian(rt, VN_DROP_IP_BAD_SRC);
		rt->type = VN_RTN_LOCAL;
		return 0;
	}
	if (!vn_in_forward(inet, dev)) {
		rt->type = VN_RTN_UNREACHABLE;
		rt->error = EHOSTUNREACH;
		return 0;
	}
	if (res.type != VN_RTN_UNICAST)
		return martian(rt, VN_DROP_IP_BAD_DST);
	/* __mkroute_input(). */
	err = validate_source(inet, src, res.dev->ifindex, dev);
	if (err < 0)
		return martian(rt, VN_DROP_IP_BAD_SRC);
	rt->directsrc = err > 0;
	/* shared_media is 1: any directly connected sender is told. */
	rt->doredirect = res.dev == dev && rt->directsrc &&
			 vn_in_tx_redirects(inet, dev);
	rt->type = VN_RTN_UNICAST;
	rt->fib = res;
	if (res.route->gw) {
		const struct vn_fib_exc *e = vn_fib_exc_lookup(
			&inet->fib, res.route, dst, vn_env_now(inet->env));

		if (e)
			rt->fib.nexthop = e->gw;
	}
	return 0;

brd_input:
	if (!vn_ipv4_is_zeronet(src) && validate_source(inet, src, 0, dev) < 0)
		return martian(rt, VN_DROP_IP_BAD_SRC);
	rt->type = VN_RTN_BROADCAST;
	return 0;
}

void vn_ip_local_deliver(struct vn_inet *inet, struct vn_buf *buf)
{
	const uint8_t *ip = buf->data;
	uint32_t hlen;

	if (vn_ipv4_is_fragment(ip)) {
		inet->stats.reasm_reqds++;
		buf = vn_reasm_add(&inet->reasm, buf);
		if (!buf)
			return;
		inet->stats.reasm_oks++;
		ip = buf->data;
	}
	hlen = vn_ipv4_hlen(ip);
	buf->l3_off = vn_buf_offset(buf, buf->data);
	vn_buf_pull(buf, hlen);
	buf->l4_off = vn_buf_offset(buf, buf->data);
	switch (vn_ipv4_proto(ip)) {
	case VN_IPPROTO_ICMP:
		/* ip_protocol_deliver_rcu(): delivered to a protocol. */
		inet->stats.in_delivers++;
		vn_icmp_input(inet, buf);
		return;
	case VN_IPPROTO_UDP:
		inet->stats.in_delivers++;
		vn_udp_input(inet, buf);
		return;
	case VN_IPPROTO_TCP:
		inet->stats.in_delivers++;
		vn_tcp_input(inet, buf);
		return;
	default:
		break;
	}
	/* ip_local_deliver_finish(): nobody wants it. */
	inet->stats.in_unknown_protos++;
	vn_buf_unpull(buf, hlen);
	vn_icmp_send(inet, buf, VN_ICMP_DEST_UNREACH, VN_ICMP_PROT_UNREACH, 0);
	vn_buf_drop(buf, VN_DROP_IP_UNKNOWN_PROTO);
}

/* ip_error(): a packet nothing routes. */
static void ip_error(struct vn_inet *inet, struct vn_buf *buf,
		     const struct vn_ip_rt_in *rt)
{
	uint8_t code;

	if (!vn_in_forward(inet, buf->dev)) {
		if (rt->error == EHOSTUNREACH)
			inet->stats.in_addr_errors++;
		vn_buf_drop(buf, rt->error == EHOSTUNREACH ?
					 VN_DROP_IP_NOT_FORWARDING :
					 VN_DROP_IP_NO_ROUTE);
		return;
	}
	switch (rt->error) {
	case EHOSTUNREACH:
		code = VN_ICMP_HOST_UNREACH;
		break;
	case ENETUNREACH:
		code = VN_ICMP_NET_UNREACH;
		inet->stats.out_no_routes++;
		break;
	case EACCES:
		code = VN_ICMP_PKT_FILTERED;
		break;
	default:
		/* A blackhole route: silence. */
		vn_buf_drop(buf, VN_DROP_IP_NO_ROUTE);
		return;
	}
	if (vn_icmp_ip_error_allow(inet, vn_ipv4_src(buf->data)))
		vn_icmp_send(inet, buf, VN_ICMP_DEST_UNREACH, code, 0);
	vn_buf_drop(buf, VN_DROP_IP_NO_ROUTE);
}

/* ip_forward(). */
static void forward(struct vn_inet *inet, struct vn_buf *buf,
		    const struct vn_ip_rt_in *rt)
{
	const struct vn_route_result *res = &rt->fib;
	uint32_t mtu;

	if (buf->pkt_type != VN_PKT_HOST) {
		vn_buf_drop(buf, VN_DROP_OTHERHOST);
		return;
	}
	/* RFC 1812 5.3.1: the TTL is checked before anything else. */
	if (vn_ipv4_ttl(buf->data) <= 1) {
		inet->stats.in_hdr_errors++;
		vn_icmp_send(inet, buf, VN_ICMP_TIME_EXCEEDED, VN_ICMP_EXC_TTL,
			     0);
		vn_buf_drop(buf, VN_DROP_IP_TTL_EXPIRED);
		return;
	}
	mtu = res->route && res->route->mtu ? res->route->mtu : res->dev->mtu;
	if ((vn_ipv4_frag(buf->data) & VN_IP_DF) && buf->len > mtu) {
		vn_icmp_send(inet, buf, VN_ICMP_DEST_UNREACH,
			     VN_ICMP_FRAG_NEEDED, mtu);
		vn_buf_drop(buf, VN_DROP_IP_FRAG_NEEDED);
		return;
	}
	if (vn_buf_make_writable(buf)) {
		vn_buf_drop(buf, VN_DROP_NOMEM);
		return;
	}
	vn_ipv4_dec_ttl(buf->data);
	/* The redirect quotes the packet as forwarded (TTL decremented). */
	if (rt->doredirect)
		vn_icmp_send_redirect(inet, buf, res->nexthop);
	inet->stats.forw_datagrams++;
	buf->pkt_type = VN_PKT_OUTGOING;
	vn_ip_output_route(inet, buf, res);
}

void vn_ipv4_input(struct vn_inet *inet, struct vn_buf *buf)
{
	struct vn_dev *dev = buf->dev;
	struct vn_ip_rt_in rt;
	enum vn_drop_reason why;
	const uint8_t *ip;

	/* ip_rcv_core(): frames for other hosts go before any counting. */
	if (buf->pkt_type == VN_PKT_OTHERHOST) {
		vn_buf_drop(buf, VN_DROP_OTHERHOST);
		return;
	}
	inet->stats.in_receives++;
	why = vn_ipv4_check(buf->data, buf->len);
	if (why) {
		if (why == VN_DROP_IP_BAD_LENGTH &&
		    vn_ipv4_tot_len(buf->data) > buf->len)
			inet->stats.in_truncated_pkts++;
		else
			inet->stats.in_hdr_errors++;
		if (why == VN_DROP_IP_CSUM)
			inet->stats.in_csum_errors++;
		vn_buf_drop(buf, why);
		return;
	}
	ip = buf->data;
	vn_buf_trim(buf, vn_ipv4_tot_len(ip));
	buf->l3_off = vn_buf_offset(buf, buf->data);
	if (!dev->in) {
		vn_buf_drop(buf, VN_DROP_IP_NOT_FORWARDING);
		return;
	}
	/* Looped back: routed on output already, for us. */
	if (dev->flags & VN_IFF_LOOPBACK) {
		vn_ip_local_deliver(inet, buf);
		return;
	}
	if (vn_ip_route_input(inet, vn_ipv4_dst(ip), vn_ipv4_src(ip), dev,
			      &rt)) {
		if (rt.reason == VN_DROP_IP_BAD_DST)
			inet->stats.in_addr_errors++;
		vn_buf_drop(buf, rt.reason);
		return;
	}
	switch (rt.type) {
	case VN_RTN_LOCAL:
		vn_ip_local_deliver(inet, buf);
		return;
	case VN_RTN_BROADCAST:
		buf->pkt_type = VN_PKT_BROADCAST;
		vn_ip_local_deliver(inet, buf);
		return;
	case VN_RTN_MULTICAST:
		buf->pkt_type = VN_PKT_MULTICAST;
		vn_ip_local_deliver(inet, buf);
		return;
	case VN_RTN_UNICAST:
		forward(inet, buf, &rt);
		return;
	default:
		ip_error(inet, buf, &rt);
		return;
	}
}
