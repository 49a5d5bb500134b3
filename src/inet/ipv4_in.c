// SPDX-License-Identifier: MIT
/*
 * inet/ipv4_in.c - IPv4 input, local delivery and forwarding
 * (net/ipv4/ip_input.c, route.c ip_route_input_slow(), ip_forward.c).
 *
 * Input validates the header as ip_rcv_core() (wire/ipv4.h), trims the
 * frame to the datagram, drops frames for other hosts, and classifies the
 * destination with the same martian rules as ip_route_input_slow():
 * multicast or limited-broadcast sources, zero-network sources and
 * destinations, and loopback addresses arriving on a real interface are
 * dropped.  Local destinations (and broadcasts) are reassembled and handed
 * to ICMP (UDP and TCP come later; other protocols get ICMP protocol
 * unreachable).  Others are forwarded when forwarding is on for the input
 * device: TTL checked (time exceeded) and decremented in place after
 * un-sharing the buffer, the packet routed and fragmented as needed (DF
 * set and too big: "fragmentation needed").  Without a route the router
 * answers net unreachable; with forwarding off the packet is dropped
 * silently (IpInAddrErrors), as Linux does.
 *
 * Not supported yet: IP options processing (options are carried, not
 * acted on), ICMP redirects, rp_filter, multicast routing.
 */
#include "inet/inet.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

static void drop(struct vn_inet *inet, struct vn_buf *buf,
		 enum vn_drop_reason why)
{
	(void)inet;
	vn_buf_drop(buf, why);
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
	inet->stats.in_delivers++;
	switch (vn_ipv4_proto(ip)) {
	case VN_IPPROTO_ICMP:
		vn_icmp_input(inet, buf);
		return;
	default:
		break;
	}
	/* ip_local_deliver_finish(): nobody wants it. */
	inet->stats.in_unknown_protos++;
	vn_buf_unpull(buf, hlen);
	vn_icmp_send(inet, buf, VN_ICMP_DEST_UNREACH, VN_ICMP_PROT_UNREACH, 0);
	drop(inet, buf, VN_DROP_IP_UNKNOWN_PROTO);
}

static void forward(struct vn_inet *inet, struct vn_buf *buf,
		    const struct vn_route_result *rt)
{
	struct vn_dev *in = buf->dev;
	uint8_t *ip;

	if (buf->pkt_type != VN_PKT_HOST) {
		drop(inet, buf, VN_DROP_OTHERHOST);
		return;
	}
	if (vn_ipv4_ttl(buf->data) <= 1) {
		vn_icmp_send(inet, buf, VN_ICMP_TIME_EXCEEDED, VN_ICMP_EXC_TTL,
			     0);
		drop(inet, buf, VN_DROP_IP_TTL_EXPIRED);
		return;
	}
	if ((vn_ipv4_frag(buf->data) & VN_IP_DF) && rt->dev &&
	    buf->len > rt->dev->mtu) {
		vn_icmp_send(inet, buf, VN_ICMP_DEST_UNREACH,
			     VN_ICMP_FRAG_NEEDED, rt->dev->mtu);
		drop(inet, buf, VN_DROP_IP_FRAG_NEEDED);
		return;
	}
	if (vn_buf_make_writable(buf)) {
		drop(inet, buf, VN_DROP_NOMEM);
		return;
	}
	ip = buf->data;
	vn_ipv4_dec_ttl(ip);
	(void)in;
	inet->stats.forw_datagrams++;
	buf->pkt_type = VN_PKT_OUTGOING;
	vn_ip_output_route(inet, buf, rt);
}

void vn_ipv4_input(struct vn_inet *inet, struct vn_buf *buf)
{
	struct vn_dev *dev = buf->dev;
	struct vn_route_result rt;
	enum vn_drop_reason why;
	const uint8_t *ip;
	uint32_t src, dst;

	inet->stats.in_receives++;
	if (buf->pkt_type == VN_PKT_OTHERHOST) {
		drop(inet, buf, VN_DROP_OTHERHOST);
		return;
	}
	why = vn_ipv4_check(buf->data, buf->len);
	if (why) {
		inet->stats.in_hdr_errors++;
		drop(inet, buf, why);
		return;
	}
	ip = buf->data;
	vn_buf_trim(buf, vn_ipv4_tot_len(ip));
	buf->l3_off = vn_buf_offset(buf, buf->data);
	if (!dev->in) {
		drop(inet, buf, VN_DROP_IP_NOT_FORWARDING);
		return;
	}
	src = vn_ipv4_src(ip);
	dst = vn_ipv4_dst(ip);

	/* ip_route_input_slow()'s martians. */
	if (vn_ipv4_is_multicast(src) || vn_ipv4_is_lbcast(src)) {
		inet->stats.in_addr_errors++;
		drop(inet, buf, VN_DROP_IP_BAD_SRC);
		return;
	}
	if (vn_ipv4_is_lbcast(dst) || (src == 0 && dst == 0))
		goto local;
	if (vn_ipv4_is_zeronet(src)) {
		drop(inet, buf, VN_DROP_IP_BAD_SRC);
		return;
	}
	if (vn_ipv4_is_zeronet(dst)) {
		inet->stats.in_addr_errors++;
		drop(inet, buf, VN_DROP_IP_BAD_DST);
		return;
	}
	if (!(dev->flags & VN_IFF_LOOPBACK)) {
		if (vn_ipv4_is_loopback(dst)) {
			inet->stats.in_addr_errors++;
			drop(inet, buf, VN_DROP_IP_BAD_DST);
			return;
		}
		if (vn_ipv4_is_loopback(src)) {
			drop(inet, buf, VN_DROP_IP_BAD_SRC);
			return;
		}
	}
	if (vn_ipv4_is_multicast(dst)) {
		/* Only the all-hosts group is joined so far (ip_mc_up()). */
		if (dst == 0xe0000001)
			goto local;
		drop(inet, buf, VN_DROP_IP_BAD_DST);
		return;
	}
	if (vn_fib_lookup(&inet->fib, dst, 0, &rt)) {
		if (!vn_in_dev_forwarding(inet, dev)) {
			inet->stats.in_addr_errors++;
			drop(inet, buf, VN_DROP_IP_NOT_FORWARDING);
			return;
		}
		inet->stats.out_no_routes++;
		vn_icmp_send(inet, buf, VN_ICMP_DEST_UNREACH,
			     VN_ICMP_NET_UNREACH, 0);
		drop(inet, buf, VN_DROP_IP_NO_ROUTE);
		return;
	}
	switch (rt.type) {
	case VN_RTN_LOCAL:
		goto local;
	case VN_RTN_BROADCAST:
		buf->pkt_type = VN_PKT_BROADCAST;
		goto local;
	case VN_RTN_UNICAST:
		break;
	case VN_RTN_UNREACHABLE:
	case VN_RTN_PROHIBIT:
		if (vn_in_dev_forwarding(inet, dev))
			vn_icmp_send(inet, buf, VN_ICMP_DEST_UNREACH,
				     rt.type == VN_RTN_PROHIBIT ?
					     VN_ICMP_PKT_FILTERED :
					     VN_ICMP_HOST_UNREACH,
				     0);
		drop(inet, buf, VN_DROP_IP_NO_ROUTE);
		return;
	default:
		drop(inet, buf, VN_DROP_IP_NO_ROUTE);
		return;
	}
	if (!vn_in_dev_forwarding(inet, dev)) {
		inet->stats.in_addr_errors++;
		drop(inet, buf, VN_DROP_IP_NOT_FORWARDING);
		return;
	}
	forward(inet, buf, &rt);
	return;

local:
	vn_ip_local_deliver(inet, buf);
}
