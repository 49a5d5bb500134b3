/* SPDX-License-Identifier: MIT */
/*
 * inet/ipv4_priv.h - what the IPv4 files (ipv4_in.c, ipv4_out.c, icmp.c,
 * arp.c) share and the rest of the stack does not need: input and output
 * routing decisions, source validation, and how "all" and a device's
 * net.ipv4.conf values combine (Linux's IN_DEV_* macros).
 */
#ifndef VN_INET_IPV4_PRIV_H
#define VN_INET_IPV4_PRIV_H

#include "inet/inet.h"

/* --- net.ipv4.conf: how "all" and the device combine ------------------ */

static inline int vn_conf_max(int a, int b)
{
	return a > b ? a : b;
}

/* IN_DEV_FORWARD(): the device's value alone. */
static inline bool vn_in_forward(const struct vn_inet *inet,
				 const struct vn_dev *dev)
{
	(void)inet;
	return dev->in && dev->in->conf.forwarding;
}

/* IN_DEV_RPFILTER(), IN_DEV_ARP_IGNORE() ...: the larger of the two. */
#define VN_IN_MAXCONF(inet, dev, field) \
	vn_conf_max((inet)->conf_all.field, (dev)->in->conf.field)

/* IN_DEV_ORCONF(): either. */
#define VN_IN_ORCONF(inet, dev, field) \
	((inet)->conf_all.field || (dev)->in->conf.field)

/* IN_DEV_TX_REDIRECTS(). */
static inline bool vn_in_tx_redirects(const struct vn_inet *inet,
				      const struct vn_dev *dev)
{
	return dev->in && VN_IN_ORCONF(inet, dev, send_redirects);
}

/* IN_DEV_RX_REDIRECTS(): a router needs both, a host either. */
static inline bool vn_in_rx_redirects(const struct vn_inet *inet,
				      const struct vn_dev *dev)
{
	if (!dev->in)
		return false;
	if (vn_in_forward(inet, dev))
		return inet->conf_all.accept_redirects &&
		       dev->in->conf.accept_redirects;
	return VN_IN_ORCONF(inet, dev, accept_redirects);
}

/* --- input routing (route.c ip_route_input_slow()) -------------------- */

struct vn_ip_rt_in {
	uint8_t type;		/* LOCAL, BROADCAST, MULTICAST: deliver;
				 * UNICAST: forward; UNREACHABLE: ip_error() */
	int error;		/* for UNREACHABLE: what ip_error() maps */
	bool directsrc;		/* the sender is on a connected subnet */
	bool doredirect;	/* IPSKB_DOREDIRECT: forward and redirect */
	enum vn_drop_reason reason;	/* why a martian is dropped */
	struct vn_route_result fib;	/* for UNICAST: the route */
};

/**
 * vn_ip_route_input() - classify a packet from @src to @dst received on @dev
 *
 * Applies ip_route_input_slow()'s martian checks (multicast, broadcast,
 * zero-network and loopback sources; zero-network and loopback
 * destinations) and fib_validate_source() (rp_filter, our own address as
 * source).  Context: packet path, no side effect.
 * Return: 0 with @rt filled, or -EINVAL for a martian (drop it).
 */
int vn_ip_route_input(struct vn_inet *inet, uint32_t dst, uint32_t src,
		      struct vn_dev *dev, struct vn_ip_rt_in *rt);

/* --- output routing (route.c ip_route_output_key_hash_rcu()) ---------- */

/**
 * vn_route_output() - the route and source for a packet we send
 * @src: the source asked for (must be ours), or 0 to choose
 * @oif: the device asked for (ifindex), or 0
 * @res: gets the device to send on (lo for local destinations, with
 *       fib_dev the FIB's device), the source chosen, the VN_RTCF_* flags
 *
 * Context: control or packet path, no side effect.
 * Return: 0; -ENETUNREACH (no route, or @src not ours), -EHOSTUNREACH
 * (unreachable route), -EACCES (prohibit), -EINVAL (blackhole, or a bad
 * source or destination), -ENODEV (@oif does not exist).
 */
int vn_route_output(struct vn_inet *inet, uint32_t dst, uint32_t src,
		    int oif, struct vn_route_result *res);

/* --- ICMP (icmp.c) ------------------------------------------------------ */

/*
 * ip_error()'s own limiter on the sender's peer entry: one error per
 * second, bursts of five (ip_rt_error_cost, ip_rt_error_burst).
 */
bool vn_icmp_ip_error_allow(struct vn_inet *inet, uint32_t saddr);

/*
 * ip_rt_send_redirect(): sends ICMP redirect (host) about @buf (data at
 * the IPv4 header of the forwarded packet) naming @gw, with Linux's
 * backoff: after nine ignored redirects nothing more until the sender
 * has been quiet for ip_rt_redirect_silence.
 */
void vn_icmp_send_redirect(struct vn_inet *inet, const struct vn_buf *buf,
			   uint32_t gw);

#endif
