// SPDX-License-Identifier: MIT
/*
 * inet/icmp.c - ICMP for IPv4 (RFC 792, RFC 1122 3.2.2; net/ipv4/icmp.c).
 *
 * Input answers echo requests (not those sent to broadcast or multicast,
 * icmp_echo_ignore_broadcasts=1), hands echo replies to ping sockets, and
 * passes errors to the socket the quoted packet came from.  Output of
 * errors follows __icmp_send(): never about ICMP errors, non-first
 * fragments, or packets to link broadcast/multicast; the payload quotes the
 * offending packet up to 576 bytes in all; source address is the original
 * destination if it was ours, else chosen by routing towards the sender.
 *
 * Rate limits, as Linux: a global token bucket (icmp_msgs_per_sec 1000,
 * burst 50) and a per-destination one (icmp_ratelimit 1 s, burst 6) for
 * unreachable, source quench, time exceeded and parameter problem
 * (icmp_ratemask), neither towards loopback.  The per-destination state is
 * a fixed direct-mapped cache of PEER_SLOTS entries: bounded memory, and a
 * collision only forgets an older peer's history.
 */
#include <stdlib.h>

#include "inet/inet.h"
#include "inet/sock.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

#define PEER_SLOTS 1024
#define RATEMASK 0x1818u	/* types 3, 4, 11, 12 */
#define XRLIM_BURST_FACTOR 6

struct icmp_peer {
	uint32_t addr;
	vn_time rate_last;
	vn_time rate_tokens;
};

static struct icmp_peer *peer_slot(struct vn_inet *inet, uint32_t addr)
{
	if (!inet->icmp_peers) {
		inet->icmp_peers = calloc(PEER_SLOTS, sizeof(struct icmp_peer));
		if (!inet->icmp_peers)
			return NULL;
	}
	return &((struct icmp_peer *)inet->icmp_peers)
		[vn_hash_u64(addr, 0x1c4f) % PEER_SLOTS];
}

static bool in_ratemask(uint8_t type)
{
	return type < 32 && (RATEMASK & (1u << type));
}

/* icmp_global_allow(). */
static bool global_allow(struct vn_inet *inet, vn_time now)
{
	int64_t incr = (now - inet->icmp_last) * inet->icmp_msgs_per_sec /
		       VN_SEC;

	if (incr > 0) {
		inet->icmp_tokens = VN_MIN(inet->icmp_tokens + incr,
					   (int64_t)inet->icmp_msgs_burst);
		inet->icmp_last = now;
	}
	if (inet->icmp_tokens > 0) {
		inet->icmp_tokens--;
		return true;
	}
	return false;
}

/* inet_peer_xrlim_allow(). */
static bool peer_allow(struct vn_inet *inet, uint32_t dst, vn_time now)
{
	struct icmp_peer *p = peer_slot(inet, dst);
	vn_time timeout = inet->icmp_ratelimit;
	vn_time token;

	if (!timeout || !p)
		return true;
	if (p->addr != dst || p->rate_last == 0) {
		p->addr = dst;
		p->rate_tokens = 0;
		p->rate_last = now - 60 * VN_SEC;
	}
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
	uint8_t *p;

	if (orig->len < VN_IPV4_HLEN)
		return;
	hlen = vn_ipv4_hlen(ip);
	dst = vn_ipv4_src(ip);
	if (orig->pkt_type != VN_PKT_HOST && orig->pkt_type != VN_PKT_OUTGOING)
		return;
	if (vn_ipv4_is_multicast(vn_ipv4_dst(ip)) ||
	    vn_ipv4_is_lbcast(vn_ipv4_dst(ip)))
		return;
	if (vn_ipv4_frag(ip) & VN_IP_OFFMASK)
		return;
	/* RFC 1122 3.2.2: no error about an error. */
	if (vn_ipv4_proto(ip) == VN_IPPROTO_ICMP) {
		if (orig->len < hlen + 1)
			return;
		if (ip[hlen] > 18 || vn_icmp_is_error(ip[hlen]))
			return;
	}
	if (dst == 0 || vn_ipv4_is_multicast(dst) || vn_ipv4_is_lbcast(dst))
		return;
	if (vn_fib_lookup(&inet->fib, dst, 0, &rt) ||
	    (rt.type != VN_RTN_UNICAST && rt.type != VN_RTN_LOCAL))
		return;
	if (rt.type != VN_RTN_LOCAL || !rt.dev ||
	    !(rt.dev->flags & VN_IFF_LOOPBACK)) {
		if (in_ratemask(type) &&
		    (!global_allow(inet, now) || !peer_allow(inet, dst, now)))
			return;
	}
	/* Source: our address the packet was sent to, else routing's. */
	if (vn_inet_is_local(inet, vn_ipv4_dst(ip)))
		saddr = vn_ipv4_dst(ip);

	room = VN_MIN((size_t)576, (size_t)(rt.dev ? rt.dev->mtu : 576));
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

/* icmp_echo(): reply from the address asked, with the same payload. */
static void echo_reply(struct vn_inet *inet, struct vn_buf *req)
{
	const uint8_t *ip = vn_buf_at(req, req->l3_off);
	struct vn_ip_out o = { 0 };
	struct vn_buf *buf;
	uint8_t *p;

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
	o.src = vn_ipv4_dst(ip);
	o.dst = vn_ipv4_src(ip);
	o.proto = VN_IPPROTO_ICMP;
	o.tos = vn_ipv4_tos(ip);
	vn_buf_free(req);
	count_out(inet, VN_ICMP_ECHOREPLY);
	vn_ip_output(inet, buf, &o);
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
	if (vn_ipv4_proto(inner) == VN_IPPROTO_ICMP)
		vn_ping_err(inet, inner, len, r->type, r->code, info,
			    vn_ipv4_src(outer));
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
	switch (r.type) {
	case VN_ICMP_ECHO:
		if (buf->pkt_type == VN_PKT_BROADCAST ||
		    buf->pkt_type == VN_PKT_MULTICAST) {
			vn_buf_drop(buf, VN_DROP_ICMP_IGNORED);
			return;
		}
		echo_reply(inet, buf);
		return;
	case VN_ICMP_ECHOREPLY:
		vn_ping_input(inet, buf);
		return;
	case VN_ICMP_DEST_UNREACH:
	case VN_ICMP_TIME_EXCEEDED:
	case VN_ICMP_PARAMETERPROB:
		error_input(inet, buf, &r);
		return;
	default:
		vn_buf_drop(buf, VN_DROP_ICMP_IGNORED);
		return;
	}
}
