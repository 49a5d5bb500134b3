// SPDX-License-Identifier: MIT
/*
 * inet/arp.c - ARP for IPv4 over Ethernet (RFC 826; net/ipv4/arp.c).
 *
 * Input follows arp_process(): a request for one of our addresses (any
 * interface, the weak host model of arp_ignore=0) is answered and its
 * sender remembered as STALE; otherwise, if we already have an entry for
 * the sender, it is updated -- RFC 826's "merge" step: REACHABLE for a
 * unicast reply to us, STALE for anything else, and a changed address is
 * only accepted after locktime (1 s) unless the packet is a gratuitous
 * ARP.  Unsolicited replies create nothing (arp_accept=0).  DAD probes
 * (sender 0.0.0.0) for our address are answered.
 *
 * Output: requests solicit a neighbour (source address: the waiting
 * packet's if it is ours, else inet_select_addr(), arp_announce=0);
 * error_report turns each packet that waited in vain into ICMP host
 * unreachable towards its sender.
 */
#include "inet/inet.h"
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

static void arp_solicit(struct vn_neigh *n, const uint8_t *dst_ha,
			const struct vn_buf *queued)
{
	struct vn_inet *inet = inet_of(n);
	uint32_t saddr = 0;

	if (queued && queued->len >= VN_IPV4_HLEN &&
	    vn_inet_is_local(inet, vn_ipv4_src(queued->data)))
		saddr = vn_ipv4_src(queued->data);
	if (!saddr)
		saddr = vn_inet_select_addr(inet, n->dev, n->key,
					    VN_SCOPE_LINK);
	arp_send(inet, VN_ARPOP_REQUEST, n->dev, n->key, dst_ha, saddr, NULL);
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

/* arp_ignore modes 0..2 (net.ipv4.conf.*.arp_ignore). */
static bool ignore_request(const struct vn_in_dev *in, uint32_t sip,
			   uint32_t tip)
{
	struct vn_ifaddr *ifa;

	switch (in->conf.arp_ignore) {
	case 0:
		return false;
	case 1:
	case 2:
		vn_list_for_each(ifa, &in->addrs, link) {
			if (ifa->local != tip)
				continue;
			if (in->conf.arp_ignore == 1)
				return false;
			if (((sip ^ tip) & vn_ipv4_prefix_mask(ifa->plen)) == 0)
				return false;
		}
		return true;
	default:
		return true;
	}
}

/* arp_is_garp(). */
static bool is_garp(struct vn_inet *inet, const struct vn_arp_repr *r)
{
	if (r->spa != r->tpa)
		return false;
	if (r->op == VN_ARPOP_REPLY && !vn_mac_equal(r->sha, r->tha))
		return false;
	return !vn_inet_is_local(inet, r->spa) &&
	       !vn_ipv4_is_multicast(r->spa) && !vn_ipv4_is_lbcast(r->spa);
}

void vn_arp_input(struct vn_inet *inet, struct vn_buf *buf)
{
	struct vn_dev *dev = buf->dev;
	struct vn_in_dev *in = dev->in;
	enum vn_drop_reason why;
	struct vn_arp_repr r;
	struct vn_neigh *n;
	bool garp;

	why = vn_arp_check(buf->data, buf->len);
	if (why) {
		vn_buf_drop(buf, why);
		return;
	}
	if (dev->flags & VN_IFF_NOARP || buf->pkt_type == VN_PKT_OTHERHOST ||
	    buf->pkt_type == VN_PKT_LOOPBACK || !in) {
		vn_buf_drop(buf, VN_DROP_OTHERHOST);
		return;
	}
	vn_arp_parse(buf->data, &r);
	if (r.op != VN_ARPOP_REQUEST && r.op != VN_ARPOP_REPLY) {
		vn_buf_drop(buf, VN_DROP_ARP_BAD_OP);
		return;
	}
	if (vn_ipv4_is_multicast(r.tpa) || vn_ipv4_is_loopback(r.tpa) ||
	    vn_ipv4_is_multicast(r.spa) || !vn_mac_is_valid(r.sha)) {
		vn_buf_drop(buf, VN_DROP_ARP_BAD_SENDER);
		return;
	}
	/* RFC 2131 2.2 duplicate address detection probe. */
	if (r.spa == 0) {
		if (r.op == VN_ARPOP_REQUEST && vn_inet_is_local(inet, r.tpa) &&
		    !ignore_request(in, r.spa, r.tpa))
			arp_send(inet, VN_ARPOP_REPLY, dev, r.spa, r.sha, r.tpa,
				 r.sha);
		vn_buf_free(buf);
		return;
	}
	if (r.op == VN_ARPOP_REQUEST && vn_inet_is_local(inet, r.tpa) &&
	    !vn_ipv4_is_loopback(r.spa) && !vn_ipv4_is_lbcast(r.spa)) {
		if (!ignore_request(in, r.spa, r.tpa) &&
		    vn_neigh_event_ns(&inet->arp, r.sha, r.spa, dev))
			arp_send(inet, VN_ARPOP_REPLY, dev, r.spa, r.sha, r.tpa,
				 r.sha);
		vn_buf_free(buf);
		return;
	}
	/* The RFC 826 merge: update what we already know about the sender. */
	n = vn_neigh_lookup(&inet->arp, r.spa, dev);
	garp = n && is_garp(inet, &r);
	if (!n && in->conf.arp_accept && (is_garp(inet, &r) ||
					  r.op == VN_ARPOP_REPLY)) {
		garp = is_garp(inet, &r);
		n = vn_neigh_create(&inet->arp, r.spa, dev);
	}
	if (n) {
		vn_time now = vn_env_now(inet->env);
		bool override = now > n->updated + inet->arp.parms.locktime ||
				garp;
		uint8_t state = (r.op == VN_ARPOP_REPLY &&
				 buf->pkt_type == VN_PKT_HOST) ?
					VN_NUD_REACHABLE :
					VN_NUD_STALE;

		vn_neigh_update(n, r.sha, state,
				override ? VN_NEIGH_F_OVERRIDE : 0);
		vn_buf_free(buf);
		return;
	}
	vn_buf_free(buf);	/* not about us: consumed, not dropped */
}
