// SPDX-License-Identifier: MIT
/*
 * inet/arp.c - ARP for IPv4 over Ethernet (RFC 826; net/ipv4/arp.c).
 *
 * Input follows arp_process().  A request whose target routes to us
 * (ip_route_input_slow(): any of our addresses, the weak host model,
 * with its martian and rp_filter checks on the sender) is answered unless
 * arp_ignore says otherwise, and its sender remembered as STALE.  A host
 * that forwards consumes other requests without learning from them.
 * Everything else is RFC 826's "merge" step on an entry we already have:
 * REACHABLE for a unicast reply to us, STALE for anything else, and a
 * changed address is accepted only after locktime (1 s) unless the packet
 * is a gratuitous ARP.  New entries come from unsolicited replies and
 * gratuitous ARP only with arp_accept (1, or 2 for senders in one of the
 * subnets of the receiving device).  DAD probes (sender 0.0.0.0) for our
 * address are answered.
 *
 * Output: requests solicit a neighbour; the sender address follows
 * arp_announce (0: the waiting packet's source if it is ours; 1: only if
 * it is in the target's subnet; 2: always inet_select_addr()).
 * error_report turns each packet that waited in vain into ICMP host
 * unreachable towards its sender.
 *
 * Not supported: proxy ARP (proxy_arp, `ip neigh add proxy`, `arp -s ...
 * pub`), arp_filter, arp_notify, drop_gratuitous_arp.
 */
#include "inet/ipv4_priv.h"
#include "wire/arp.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

void vn_arp_announce(struct vn_inet *inet, struct vn_dev *dev, uint32_t addr);

/* arp_create() + arp_xmit(): 42 bytes, unpadded, as Linux sends them. */
static void arp_send(struct vn_inet *inet, uint16_t op, struct vn_dev *dev,
		     uint32_t dst_ip, const uint8_t *dst_hw, uint32_t src_ip,
		     const uint8_t *target_hw)
{
	static const uint8_t zero[VN_ETH_ALEN];
	struct vn_arp_repr r;
	struct vn_buf *buf;

	if (dev->flags & VN_IFF_NOARP)
		return;
	buf = vn_buf_alloc(inet->env->pool, VN_ARP_LEN);
	if (!buf)
		return;
	r.op = op;
	memcpy(r.sha, dev->mac, VN_ETH_ALEN);
	r.spa = src_ip;
	memcpy(r.tha, target_hw ? target_hw : zero, VN_ETH_ALEN);
	r.tpa = dst_ip;
	vn_arp_emit(vn_buf_put(buf, VN_ARP_LEN), &r);
	vn_neigh_xmit(dev, dst_hw ? dst_hw : dev->broadcast, VN_ETH_P_ARP, buf);
}

void vn_arp_announce(struct vn_inet *inet, struct vn_dev *dev, uint32_t addr)
{
	/* inetdev_send_gratuitous_arp(): who-has ADDR tell ADDR. */
	arp_send(inet, VN_ARPOP_REQUEST, dev, addr, NULL, addr, NULL);
}

static struct vn_inet *inet_of(struct vn_neigh *n)
{
	return container_of(n->tbl, struct vn_inet, arp);
}

static bool ifa_match(uint32_t addr, const struct vn_ifaddr *ifa)
{
	return ((addr ^ ifa->local) & vn_ipv4_prefix_mask(ifa->plen)) == 0;
}

/* inet_addr_onlink(): one subnet of the device holds @a and @b. */
static bool addr_onlink(const struct vn_in_dev *in, uint32_t a, uint32_t b)
{
	struct vn_ifaddr *ifa;

	vn_list_for_each(ifa, &in->addrs, link)
		if (ifa_match(a, ifa) && (!b || ifa_match(b, ifa)))
			return true;
	return false;
}

/* confirm_addr_indev(), from net/ipv4/devinet.c, line for line. */
static uint32_t confirm_addr_indev(const struct vn_in_dev *in, uint32_t dst,
				   uint32_t local, int scope)
{
	struct vn_ifaddr *ifa;
	uint32_t addr = 0;
	bool same = false;

	vn_list_for_each(ifa, &in->addrs, link) {
		int min_scope = VN_MIN(ifa->scope, VN_SCOPE_HOST);

		if (!addr && (local == ifa->local || !local) &&
		    min_scope <= scope) {
			addr = ifa->local;
			if (same)
				break;
		}
		if (!same) {
			same = (!local || ifa_match(local, ifa)) &&
			       (!dst || ifa_match(dst, ifa));
			if (same && addr) {
				if (local || !dst)
					break;
				if (ifa_match(addr, ifa))
					break;
				if (min_scope <= scope) {
					addr = ifa->local;
					break;
				}
				same = false;
			}
		}
	}
	return same ? addr : 0;
}

/* inet_confirm_addr(): on @in, or on any device if @in is NULL. */
static uint32_t confirm_addr(struct vn_inet *inet, const struct vn_in_dev *in,
			     uint32_t dst, uint32_t local, int scope)
{
	struct vn_dev *d;
	uint32_t addr;

	if (in)
		return confirm_addr_indev(in, dst, local, scope);
	vn_devspace_for_each(d, inet->devs) {
		if (!d->in)
			continue;
		addr = confirm_addr_indev(d->in, dst, local, scope);
		if (addr)
			return addr;
	}
	return 0;
}

static void arp_solicit(struct vn_neigh *n, const uint8_t *dst_ha,
			const struct vn_buf *queued)
{
	struct vn_inet *inet = inet_of(n);
	struct vn_dev *dev = n->dev;
	uint32_t saddr = 0, qsrc;

	if (!dev->in)
		return;
	qsrc = queued && queued->len >= VN_IPV4_HLEN ?
		       vn_ipv4_src(queued->data) : 0;
	switch (VN_IN_MAXCONF(inet, dev, arp_announce)) {
	default:
	case 0:	/* announce any local address */
		if (queued &&
		    vn_fib_addr_type(&inet->fib, qsrc) == VN_RTN_LOCAL)
			saddr = qsrc;
		break;
	case 1:	/* only one the target knows to be on its subnet */
		if (queued &&
		    vn_fib_addr_type(&inet->fib, qsrc) == VN_RTN_LOCAL &&
		    addr_onlink(dev->in, n->key, qsrc))
			saddr = qsrc;
		break;
	case 2:	/* always a primary address chosen for the target */
		break;
	}
	if (!saddr)
		saddr = vn_inet_select_addr(inet, dev, n->key, VN_SCOPE_LINK);
	arp_send(inet, VN_ARPOP_REQUEST, dev, n->key, dst_ha, saddr, NULL);
}

static void arp_error_report(struct vn_neigh *n, struct vn_buf *buf)
{
	struct vn_inet *inet = inet_of(n);

	/* ipv4_link_failure(): host unreachable to whoever sent it. */
	vn_icmp_send(inet, buf, VN_ICMP_DEST_UNREACH, VN_ICMP_HOST_UNREACH, 0);
	vn_buf_drop(buf, VN_DROP_NEIGH_FAILED);
}

const struct vn_neigh_ops vn_arp_ops = {
	.solicit = arp_solicit,
	.error_report = arp_error_report,
};

/* arp_ignore() (net.ipv4.conf.*.arp_ignore): true to stay silent. */
static bool arp_ignore(struct vn_inet *inet, struct vn_dev *dev, uint32_t sip,
		       uint32_t tip)
{
	const struct vn_in_dev *in = dev->in;
	int scope;

	switch (VN_IN_MAXCONF(inet, dev, arp_ignore)) {
	case 0:	/* reply: the target is ours, already checked */
		return false;
	case 1:	/* reply only if the target is on the incoming device */
		sip = 0;
		scope = VN_SCOPE_HOST;
		break;
	case 2:	/* ... and the sender is in its subnet */
		scope = VN_SCOPE_HOST;
		break;
	case 3:	/* not for addresses of scope host */
		sip = 0;
		scope = VN_SCOPE_LINK;
		in = NULL;
		break;
	case 8:	/* never reply */
		return true;
	default:	/* 4-7 reserved, others unknown: reply */
		return false;
	}
	return !confirm_addr(inet, in, sip, tip, scope);
}

/* arp_accept(): may an unsolicited packet create an entry? */
static bool arp_accept(struct vn_inet *inet, struct vn_dev *dev, uint32_t sip)
{
	switch (VN_IN_MAXCONF(inet, dev, arp_accept)) {
	case 1:
		return true;
	case 2:	/* only senders in one of the device's subnets */
		return confirm_addr(inet, dev->in, sip, 0, VN_SCOPE_HOST) != 0;
	default:
		return false;
	}
}

/* arp_is_garp(): sender == target, about a unicast address. */
static bool is_garp(struct vn_inet *inet, const struct vn_arp_repr *r,
		    int *addr_type)
{
	bool garp = r->spa == r->tpa;

	/* Gratuitous replies also carry target == sender hardware. */
	if (garp && r->op == VN_ARPOP_REPLY)
		garp = vn_mac_equal(r->tha, r->sha);
	if (garp) {
		*addr_type = vn_fib_addr_type(&inet->fib, r->spa);
		if (*addr_type != VN_RTN_UNICAST)
			garp = false;
	}
	return garp;
}

void vn_arp_input(struct vn_inet *inet, struct vn_buf *buf)
{
	struct vn_dev *dev = buf->dev;
	struct vn_ip_rt_in rt;
	enum vn_drop_reason why;
	struct vn_arp_repr r;
	struct vn_neigh *n;
	int addr_type = -1;
	bool garp = false, accept;

	why = vn_arp_check(buf->data, buf->len);
	if (why) {
		vn_buf_drop(buf, why);
		return;
	}
	/* arp_rcv(): consumed, not dropped. */
	if (dev->flags & VN_IFF_NOARP || buf->pkt_type == VN_PKT_OTHERHOST ||
	    buf->pkt_type == VN_PKT_LOOPBACK || !dev->in) {
		vn_buf_drop(buf, VN_DROP_OTHERHOST);
		return;
	}
	vn_arp_parse(buf->data, &r);
	if (r.op != VN_ARPOP_REQUEST && r.op != VN_ARPOP_REPLY) {
		vn_buf_drop(buf, VN_DROP_ARP_BAD_OP);
		return;
	}
	/* Requests about 127.x.x.x and multicast addresses are bogus. */
	if (vn_ipv4_is_multicast(r.tpa) || vn_ipv4_is_loopback(r.tpa)) {
		vn_buf_drop(buf, VN_DROP_ARP_BAD_SENDER);
		return;
	}
	/* RFC 2131 2.2 duplicate address detection probe. */
	if (r.spa == 0) {
		if (r.op == VN_ARPOP_REQUEST &&
		    vn_fib_addr_type(&inet->fib, r.tpa) == VN_RTN_LOCAL &&
		    !arp_ignore(inet, dev, r.spa, r.tpa))
			arp_send(inet, VN_ARPOP_REPLY, dev, r.spa, r.sha, r.tpa,
				 r.sha);
		vn_buf_free(buf);
		return;
	}
	if (r.op == VN_ARPOP_REQUEST &&
	    vn_ip_route_input(inet, r.tpa, r.spa, dev, &rt) == 0) {
		if (rt.type == VN_RTN_LOCAL) {
			if (!arp_ignore(inet, dev, r.spa, r.tpa) &&
			    vn_neigh_event_ns(&inet->arp, r.sha, r.spa, dev))
				arp_send(inet, VN_ARPOP_REPLY, dev, r.spa,
					 r.sha, r.tpa, r.sha);
			vn_buf_free(buf);
			return;
		}
		if (vn_in_forward(inet, dev)) {
			/* A router: proxy ARP would answer here. */
			vn_buf_free(buf);
			return;
		}
	}
	/* The RFC 826 merge: update what we already know about the sender. */
	n = vn_neigh_lookup(&inet->arp, r.spa, dev);
	accept = arp_accept(inet, dev, r.spa);
	if (n || accept)
		garp = is_garp(inet, &r, &addr_type);
	if (accept && !n &&
	    (garp || (r.op == VN_ARPOP_REPLY &&
		      (addr_type == VN_RTN_UNICAST ||
		       (addr_type < 0 && vn_fib_addr_type(&inet->fib, r.spa) ==
						 VN_RTN_UNICAST)))))
		n = vn_neigh_create(&inet->arp, r.spa, dev, false);
	if (n) {
		vn_time now = vn_env_now(inet->env);
		bool override = now > n->updated + n->parms->locktime || garp;
		/* Broadcast replies and requests do not prove reachability. */
		uint8_t state = (r.op == VN_ARPOP_REPLY &&
				 buf->pkt_type == VN_PKT_HOST) ?
					VN_NUD_REACHABLE :
					VN_NUD_STALE;

		vn_neigh_update(n, r.sha, state,
				override ? VN_NEIGH_F_OVERRIDE : 0);
	}
	vn_buf_free(buf);	/* consumed, not dropped */
}
