// SPDX-License-Identifier: MIT
/*
 * inet/icmp.c - ICMP for IPv4 (RFC 792, RFC 1122 3.2.2; net/ipv4/icmp.c).
 *
 * Input answers echo requests (unless icmp_echo_ignore_all, and not those
 * sent to broadcast or multicast while icmp_echo_ignore_broadcasts),
 * hands echo replies to ping sockets, passes errors (source quench
 * included) to the socket the quoted packet came from, and turns
 * redirects it believes into nexthop exceptions (accept_redirects).
 * Redirects are not shown to sockets (Linux's raw sockets see them, and
 * iputils prints them).
 *
 * Output of errors follows __icmp_send(): never about ICMP errors,
 * non-first fragments, or packets to link broadcast/multicast; the payload
 * quotes the offending packet up to 576 bytes in all; the source address
 * is the original destination if it was ours, else chosen by routing
 * towards the sender.
 *
 * Rate limits, as Linux: a global token bucket (icmp_msgs_per_sec 1000,
 * burst 50; not applied to packets that came in on lo) and a
 * per-destination one (icmp_ratelimit 1 s, burst 6) for unreachable,
 * source quench, time exceeded and parameter problem (icmp_ratemask),
 * neither for "fragmentation needed", the per-destination one not towards
 * ourselves.  Linux's global bucket spends a random 0..2 tokens per
 * message; here always one, so runs stay reproducible.  ip_error() and
 * ip_rt_send_redirect() keep their own accounts on the same peer entry.
 * The per-destination state is a fixed direct-mapped cache of PEER_SLOTS
 * entries: bounded memory, and a collision only forgets an older peer's
 * history.
 */
#include <stdlib.h>

#include "inet/ipv4_priv.h"
#include "inet/sock.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

#define PEER_SLOTS 1024
#define RATEMASK 0x1818u	/* types 3, 4, 11, 12 */
#define XRLIM_BURST_FACTOR 6
#define ERROR_COST VN_SEC	/* ip_rt_error_cost */
#define ERROR_BURST (5 * VN_SEC)	/* ip_rt_error_burst */
#define REDIRECT_NUMBER 9	/* ip_rt_redirect_number */
#define REDIRECT_LOAD (20 * VN_MSEC)	/* ip_rt_redirect_load, HZ/50 */
#define REDIRECT_SILENCE (REDIRECT_LOAD << 10)
#define RT_GC_TIMEOUT (300 * VN_SEC)	/* ip_rt_gc_timeout: exceptions */

/* struct inet_peer's rate-limit fields. */
struct icmp_peer {
	uint32_t addr;
	bool used;
	vn_time rate_last;
	vn_time rate_tokens;
	uint32_t n_redirects;
};

/* inet_getpeer_v4(): the entry of @addr, new ones as inet_getpeer() makes. */
static struct icmp_peer *peer_get(struct vn_inet *inet, uint32_t addr,
				  vn_time now)
{
	struct icmp_peer *p;

	if (!inet->icmp_peers) {
		inet->icmp_peers = calloc(PEER_SLOTS, sizeof(struct icmp_peer));
		if (!inet->icmp_peers)
			return NULL;
	}
	p = &((struct icmp_peer *)inet->icmp_peers)
		[vn_hash_u64(addr, 0x1c4f) % PEER_SLOTS];
	if (!p->used || p->addr != addr) {
		p->used = true;
		p->addr = addr;
		p->rate_tokens = 0;
		p->n_redirects = 0;
		p->rate_last = now - 60 * VN_SEC;
	}
	return p;
}

/* icmpv4_mask_allow(): types outside the mask, and PMTU discovery. */
static bool mask_allow(uint8_t type, uint8_t code)
{
	if (type > 18)
		return true;
	if (type == VN_ICMP_DEST_UNREACH && code == VN_ICMP_FRAG_NEEDED)
		return true;
	return !(RATEMASK & (1u << type));
}

/* icmp_global_allow(). */
static bool global_allow(struct vn_inet *inet, vn_time now)
{
	int64_t incr = 0;
	vn_time delta = VN_MIN(now - inet->icmp_last, VN_SEC);

	if (delta >= VN_SEC / 50) {
		incr = (int64_t)inet->icmp_msgs_per_sec * delta / VN_SEC;
		if (incr)
			inet->icmp_last = now;
	}
	inet->icmp_tokens = VN_MIN(inet->icmp_tokens + incr,
				   (int64_t)inet->icmp_msgs_burst);
	if (inet->icmp_tokens > 0) {
		inet->icmp_tokens--;
		return true;
	}
	return false;
}

/* inet_peer_xrlim_allow(). */
static bool peer_allow(struct vn_inet *inet, uint32_t dst, vn_time now)
{
	vn_time timeout = inet->icmp_ratelimit;
	struct icmp_peer *p;
	vn_time token;

	p = peer_get(inet, dst, now);
	if (!p)
		return true;
	token = p->rate_tokens + (now - p->rate_last);
	p->rate_last = now;
	if (token > XRLIM_BURST_FACTOR * timeout)
		token = XRLIM_BURST_FACTOR * timeout;
	if (token >= timeout) {
		p->rate_tokens = token - timeout;
		return true;
	}
	p->rate_tokens = token;
	return false;
}

bool vn_icmp_ip_error_allow(struct vn_inet *inet, uint32_t saddr)
{
	vn_time now = vn_env_now(inet->env);
	struct icmp_peer *p = peer_get(inet, saddr, now);

	if (!p)
		return true;
	p->rate_tokens += now - p->rate_last;
	if (p->rate_tokens > ERROR_BURST)
		p->rate_tokens = ERROR_BURST;
	p->rate_last = now;
	if (p->rate_tokens >= ERROR_COST) {
		p->rate_tokens -= ERROR_COST;
		return true;
	}
	return false;
}

static void count_out(struct vn_inet *inet, uint8_t type)
{
	inet->stats.icmp_out_msgs++;
	if (type == VN_ICMP_ECHOREPLY)
		inet->stats.icmp_out_echo_reps++;
	else if (type == VN_ICMP_DEST_UNREACH)
		inet->stats.icmp_out_dest_unreachs++;
	else if (type == VN_ICMP_TIME_EXCEEDED)
		inet->stats.icmp_out_time_excds++;
}

void vn_icmp_send(struct vn_inet *inet, const struct vn_buf *orig,
		  uint8_t type, uint8_t code, uint32_t info)
{
	const uint8_t *ip = orig->data;
	uint32_t hlen, saddr = 0, dst;
	struct vn_route_result rt;
	struct vn_icmp_repr r;
	struct vn_ip_out o = { 0 };
	struct vn_buf *buf;
	size_t room, quote;
	vn_time now = vn_env_now(inet->env);
	bool limited;
	uint8_t *p;

	if (orig->len < VN_IPV4_HLEN)
		return;
	hlen = vn_ipv4_hlen(ip);
	dst = vn_ipv4_src(ip);
	/* No replies to physical multicast or broadcast. */
	if (orig->pkt_type != VN_PKT_HOST && orig->pkt_type != VN_PKT_OUTGOING)
		return;
	if (vn_ipv4_is_multicast(vn_ipv4_dst(ip)) ||
	    vn_ipv4_is_lbcast(vn_ipv4_dst(ip)))
		return;
	/* Only about fragment 0. */
	if (vn_ipv4_frag(ip) & VN_IP_OFFMASK)
		return;
	/* RFC 1122 3.2.2: no error about an error. */
	if (vn_icmp_is_error(type) && vn_ipv4_proto(ip) == VN_IPPROTO_ICMP) {
		if (orig->len < hlen + 1)
			return;
		if (ip[hlen] > 18 || vn_icmp_is_error(ip[hlen]))
			return;
	}
	limited = !mask_allow(type, code);
	if (limited && !(orig->dev && (orig->dev->flags & VN_IFF_LOOPBACK)) &&
	    !global_allow(inet, now))
		return;
	if (dst == 0 || vn_ipv4_is_multicast(dst) || vn_ipv4_is_lbcast(dst))
		return;
	/* Source: our address the packet was sent to, else routing's. */
	if (vn_fib_addr_type(&inet->fib, vn_ipv4_dst(ip)) == VN_RTN_LOCAL)
		saddr = vn_ipv4_dst(ip);
	if (vn_route_output(inet, dst, saddr, 0, &rt))
		return;
	/* icmpv4_xrlim_allow(): no limit towards ourselves. */
	if (limited && !(rt.dev->flags & VN_IFF_LOOPBACK) &&
	    !peer_allow(inet, dst, now))
		return;

	room = VN_MIN((size_t)576, (size_t)rt.dev->mtu);
	room -= VN_IPV4_HLEN + VN_ICMP_HLEN;
	quote = VN_MIN((size_t)orig->len, room);
	buf = vn_buf_alloc(inet->env->pool, (uint32_t)(VN_ICMP_HLEN + quote));
	if (!buf)
		return;
	p = vn_buf_put(buf, (uint32_t)(VN_ICMP_HLEN + quote));
	memcpy(p + VN_ICMP_HLEN, ip, quote);
	r = (struct vn_icmp_repr){
		.type = type,
		.code = code,
		.rest = info,
		.payload = p + VN_ICMP_HLEN,
		.payload_len = quote,
	};
	vn_icmp_emit(p, &r);
	o.src = saddr;
	o.dst = dst;
	o.proto = VN_IPPROTO_ICMP;
	/* IPTOS_PREC_INTERNETCONTROL with the original TOS bits. */
	o.tos = (uint8_t)((vn_ipv4_tos(ip) & 0x1e) | 0xc0);
	count_out(inet, type);
	vn_ip_output(inet, buf, &o);
}

void vn_icmp_send_redirect(struct vn_inet *inet, const struct vn_buf *buf,
			   uint32_t gw)
{
	vn_time now = vn_env_now(inet->env);
	struct icmp_peer *p = peer_get(inet, vn_ipv4_src(buf->data), now);

	if (!p) {
		vn_icmp_send(inet, buf, VN_ICMP_REDIRECT, 1, gw);
		return;
	}
	/* A quiet sender resets the backoff. */
	if (now > p->rate_last + REDIRECT_SILENCE) {
		p->rate_tokens = 0;
		p->n_redirects = 0;
	}
	if (p->n_redirects >= REDIRECT_NUMBER) {
		p->rate_last = now;
		return;
	}
	if (p->n_redirects == 0 ||
	    now > p->rate_last + (REDIRECT_LOAD << p->n_redirects)) {
		vn_icmp_send(inet, buf, VN_ICMP_REDIRECT, 1 /* host */, gw);
		p->rate_last = now;
		p->n_redirects++;
	}
}

/* icmp_echo(): reply with the same payload. */
static void echo_reply(struct vn_inet *inet, struct vn_buf *req)
{
	const uint8_t *ip = vn_buf_at(req, req->l3_off);
	struct vn_ip_out o = { 0 };
	struct vn_buf *buf;
	uint8_t *p;

	if (inet->icmp_echo_ignore_all) {
		vn_buf_drop(req, VN_DROP_ICMP_IGNORED);
		return;
	}
	buf = vn_buf_alloc(inet->env->pool, req->len);
	if (!buf) {
		vn_buf_drop(req, VN_DROP_NOMEM);
		return;
	}
	p = vn_buf_put(buf, req->len);
	memcpy(p, req->data, req->len);
	p[VN_ICMP_TYPE] = VN_ICMP_ECHOREPLY;
	vn_store_be16(p + VN_ICMP_CSUM, 0);
	vn_store_be16(p + VN_ICMP_CSUM, vn_csum(p, req->len));
	/* fib_compute_spec_dst(): the address asked, unless it was a
	 * broadcast or multicast one; then routing chooses. */
	if (req->pkt_type == VN_PKT_HOST || req->pkt_type == VN_PKT_LOOPBACK)
		o.src = vn_ipv4_dst(ip);
	o.dst = vn_ipv4_src(ip);
	o.proto = VN_IPPROTO_ICMP;
	o.tos = vn_ipv4_tos(ip);
	vn_buf_free(req);
	count_out(inet, VN_ICMP_ECHOREPLY);
	vn_ip_output(inet, buf, &o);
}

/*
 * icmp_redirect() and __ip_do_redirect(): a router on our link says
 * another one is better for the quoted destination.  Believed only from
 * the gateway we used, for a sane unicast gateway, when accept_redirects
 * allows; the exception is made once the new gateway's address is known
 * (the first redirect only starts resolving it).  Sockets are not told.
 */
static void redirect_input(struct vn_inet *inet, struct vn_buf *buf,
			   const struct vn_icmp_repr *r)
{
	const uint8_t *outer = vn_buf_at(buf, buf->l3_off);
	const uint8_t *inner = r->payload;
	uint32_t new_gw = r->rest, old_gw = vn_ipv4_src(outer);
	struct vn_route_result rt;
	struct vn_neigh *n;

	if (r->payload_len < VN_IPV4_HLEN || vn_ipv4_version(inner) != 4 ||
	    r->payload_len < vn_ipv4_hlen(inner) + 8) {
		inet->stats.icmp_in_errors++;
		vn_buf_drop(buf, VN_DROP_ICMP_TRUNCATED);
		return;
	}
	/* Codes 0-3: net, host, and their TOS forms. */
	if ((r->code & 7) > 3 ||
	    vn_route_output(inet, vn_ipv4_dst(inner), vn_ipv4_src(inner), 0,
			    &rt) ||
	    !rt.route || !rt.route->gw || rt.nexthop != old_gw)
		goto ignore;
	if (new_gw == old_gw || !vn_in_rx_redirects(inet, buf->dev) ||
	    vn_ipv4_is_multicast(new_gw) || vn_ipv4_is_lbcast(new_gw) ||
	    vn_ipv4_is_zeronet(new_gw) ||
	    vn_fib_addr_type(&inet->fib, new_gw) != VN_RTN_UNICAST)
		goto ignore;
	n = vn_neigh_lookup(&inet->arp, new_gw, rt.dev);
	if (!n || !(n->state & VN_NUD_VALID))
		vn_neigh_resolve(&inet->arp, rt.dev, new_gw);
	else
		vn_fib_exc_update(&inet->fib, rt.route, vn_ipv4_dst(inner),
				  new_gw,
				  vn_env_now(inet->env) + RT_GC_TIMEOUT);
	vn_buf_free(buf);
	return;
ignore:
	vn_buf_drop(buf, VN_DROP_ICMP_IGNORED);
}

/* icmp_unreach() and friends: tell the socket the quoted packet is from. */
static void error_input(struct vn_inet *inet, struct vn_buf *buf,
			const struct vn_icmp_repr *r)
{
	const uint8_t *outer = vn_buf_at(buf, buf->l3_off);
	const uint8_t *inner = r->payload;
	size_t len = r->payload_len;
	uint32_t info = 0;

	if (len < VN_IPV4_HLEN || vn_ipv4_version(inner) != 4 ||
	    vn_ipv4_hlen(inner) < VN_IPV4_HLEN ||
	    len < vn_ipv4_hlen(inner) + 8) {
		inet->stats.icmp_in_errors++;
		vn_buf_drop(buf, VN_DROP_ICMP_TRUNCATED);
		return;
	}
	if (r->type == VN_ICMP_DEST_UNREACH && r->code == VN_ICMP_FRAG_NEEDED)
		info = r->rest & 0xffff;
	/* icmp_unreach(): to the protocol of the quoted packet. */
	switch (vn_ipv4_proto(inner)) {
	case VN_IPPROTO_ICMP:
		vn_ping_err(inet, inner, len, r->type, r->code, info,
			    vn_ipv4_src(outer));
		break;
	case VN_IPPROTO_UDP:
		vn_udp_err(inet, inner, len, r->type, r->code, info,
			   vn_ipv4_src(outer));
		break;
	case VN_IPPROTO_TCP:
		vn_tcp_err(inet, inner, len, r->type, r->code, info,
			   vn_ipv4_src(outer));
		break;
	default:
		break;
	}
	vn_buf_free(buf);
}

void vn_icmp_input(struct vn_inet *inet, struct vn_buf *buf)
{
	struct vn_icmp_repr r;
	enum vn_drop_reason why;

	inet->stats.icmp_in_msgs++;
	why = vn_icmp_check(buf->data, buf->len);
	if (why) {
		inet->stats.icmp_in_errors++;
		vn_buf_drop(buf, why);
		return;
	}
	vn_icmp_parse(buf->data, buf->len, &r);
	/* RFC 1122 3.2.2.6: echo to broadcast may be ignored (by sysctl). */
	if ((buf->pkt_type == VN_PKT_BROADCAST ||
	     buf->pkt_type == VN_PKT_MULTICAST) &&
	    ((r.type == VN_ICMP_ECHO && inet->icmp_echo_ignore_broadcasts) ||
	     (r.type != VN_ICMP_ECHO && r.type != 13 /* timestamp */ &&
	      r.type != 17 && r.type != 18 /* address mask */))) {
		vn_buf_drop(buf, VN_DROP_ICMP_IGNORED);
		return;
	}
	switch (r.type) {
	case VN_ICMP_ECHO:
		echo_reply(inet, buf);
		return;
	case VN_ICMP_ECHOREPLY:
		vn_ping_input(inet, buf);
		return;
	case VN_ICMP_DEST_UNREACH:
	case 4:			/* source quench */
	case VN_ICMP_TIME_EXCEEDED:
	case VN_ICMP_PARAMETERPROB:
		error_input(inet, buf, &r);
		return;
	case VN_ICMP_REDIRECT:
		redirect_input(inet, buf, &r);
		return;
	default:
		vn_buf_drop(buf, VN_DROP_ICMP_IGNORED);
		return;
	}
}
