// SPDX-License-Identifier: MIT
/*
 * inet/udp.c - UDP (RFC 768; net/ipv4/udp.c).
 *
 * Input validates length and checksum, then finds the best socket for the
 * datagram as compute_score() does: a socket bound to the port, scoring
 * for a matching bound address, connected peer address and port, and
 * bound device (a mismatch on any of them excludes the socket).
 * Broadcasts and multicasts go to every matching socket.  Nobody there:
 * ICMP port unreachable (not for broadcasts), counted as UDP_NO_SOCKET.
 *
 * ICMP errors about our datagrams become the socket's pending error when
 * it is connected and the error is hard (port unreachable -> the next
 * send or receive fails with ECONNREFUSED), and go to the error queue if
 * IP_RECVERR is on (__udp4_lib_err()).
 */
#include <errno.h>
#include <stdlib.h>

#include "inet/sock.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"
#include "wire/udp.h"

#define UDP_MAX_PAYLOAD (65535 - VN_IPV4_HLEN - VN_UDP_HLEN)

static int udp_connect(struct vn_sock *s, const struct vn_sockaddr *addr)
{
	struct vn_route_result rt;
	int rc;

	rc = vn_sock_route(s, addr->addr, &rt);
	if (rc)
		return rc;
	if ((rt.type == VN_RTN_BROADCAST || vn_ipv4_is_lbcast(addr->addr)) &&
	    !s->broadcast)
		return -EACCES;
	if (!s->bound) {
		rc = vn_sock_bind_port(s, 0, 0);
		if (rc)
			return rc;
	}
	if (!s->laddr)
		s->laddr = rt.src;
	s->raddr = addr->addr;
	s->rport = addr->port;
	s->connected = true;
	return 0;
}

static ssize_t udp_sendmsg(struct vn_sock *s, const void *data, size_t len,
			   const struct vn_sockaddr *to, int flags)
{
	struct vn_ip_out o = { 0 };
	struct vn_route_result rt;
	uint16_t dport;
	struct vn_buf *buf;
	uint8_t *p;
	int rc;

	if (len > UDP_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (to) {
		if (!to->port)
			return -EINVAL;
		o.dst = to->addr;
		dport = to->port;
	} else {
		if (!s->connected)
			return -EDESTADDRREQ;
		o.dst = s->raddr;
		dport = s->rport;
	}
	/* sock_alloc_send_pskb(): a pending error fails the send. */
	if (s->so_error)
		return vn_sock_error(s);
	if (!s->bound) {
		rc = vn_sock_bind_port(s, 0, 0);
		if (rc)
			return rc;
	}
	rc = vn_sock_route(s, o.dst, &rt);
	if (rc)
		return rc;
	if ((rt.type == VN_RTN_BROADCAST || vn_ipv4_is_lbcast(o.dst)) &&
	    !s->broadcast)
		return -EACCES;
	buf = vn_buf_alloc(s->inet->env->pool,
			   (uint32_t)(len + VN_UDP_HLEN + 64));
	if (!buf)
		return -ENOBUFS;
	p = vn_buf_put(buf, (uint32_t)(VN_UDP_HLEN + len));
	memcpy(p + VN_UDP_HLEN, data, len);
	o.src = s->laddr ? s->laddr : rt.src;
	vn_udp_emit(p, s->lport, dport, (uint16_t)len, o.src, o.dst);
	o.proto = VN_IPPROTO_UDP;
	o.ttl = s->ttl;
	o.tos = s->tos;
	o.oif = s->bound_ifindex;
	o.df = rt.dev && len + VN_UDP_HLEN + VN_IPV4_HLEN <= rt.dev->mtu;
	o.confirm = flags & VN_MSG_CONFIRM;
	s->inet->stats.udp_out_datagrams++;
	rc = vn_ip_output(s->inet, buf, &o);
	return rc ? rc : (ssize_t)len;
}

static unsigned udp_poll(const struct vn_sock *s)
{
	return VN_POLLOUT | (s->rxq.len ? VN_POLLIN : 0);
}

static void udp_close(struct vn_sock *s)
{
	vn_sock_free(s, s);
}

/* udp_recvmsg(): UdpInDatagrams counts datagrams the program read. */
static ssize_t udp_recvmsg(struct vn_sock *s, void *data, size_t size,
			   struct vn_recv_info *info, int flags)
{
	ssize_t n = vn_sock_dgram_recv(s, data, size, info, flags);

	if (n >= 0 && !(flags & VN_MSG_PEEK))
		s->inet->stats.udp_in_datagrams++;
	return n;
}

static const struct vn_sock_ops udp_ops = {
	.connect = udp_connect,
	.sendmsg = udp_sendmsg,
	.recvmsg = udp_recvmsg,
	.poll = udp_poll,
	.close = udp_close,
};

int vn_udp_create(struct vn_inet *inet, struct vn_sock **out)
{
	struct vn_sock *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	vn_sock_init(s, inet, &udp_ops, VN_SOCK_DGRAM, VN_IPPROTO_UDP);
	*out = s;
	return 0;
}

struct udp_lookup {
	uint32_t saddr, daddr;
	uint16_t sport;
	uint32_t ifindex;
	bool all;		/* broadcast/multicast: every match */
	struct vn_buf *buf;	/* for @all: cloned to each */
	struct vn_sock *best;
	int best_score;
	unsigned n_delivered;
};

/* compute_score(): -1 when @s must not get the datagram. */
static int score(const struct vn_sock *s, const struct udp_lookup *l)
{
	int sc = 0;

	if (s->user_closed)
		return -1;
	if (s->laddr && !l->all) {
		if (s->laddr != l->daddr)
			return -1;
		sc += 4;
	}
	if (s->raddr) {
		if (s->raddr != l->saddr)
			return -1;
		sc += 4;
	}
	if (s->rport) {
		if (s->rport != l->sport)
			return -1;
		sc += 4;
	}
	if (s->bound_ifindex) {
		if ((uint32_t)s->bound_ifindex != l->ifindex)
			return -1;
		sc += 4;
	}
	return sc;
}

static int consider(struct vn_sock *s, void *arg)
{
	struct udp_lookup *l = arg;
	int sc = score(s, l);

	if (sc < 0)
		return 0;
	if (l->all) {
		struct vn_buf *c = vn_buf_clone(l->buf);

		if (c) {
			if (vn_sock_queue_rx(s, c))
				l->n_delivered++;
			else
				vn_buf_drop(c, VN_DROP_SOCKET_RCVBUF);
		}
		return 0;
	}
	if (sc > l->best_score) {
		l->best = s;
		l->best_score = sc;
	}
	return 0;
}

void vn_udp_input(struct vn_inet *inet, struct vn_buf *buf)
{
	const uint8_t *ip = vn_buf_at(buf, buf->l3_off);
	const uint8_t *uh = buf->data;
	struct udp_lookup l = { 0 };
	enum vn_drop_reason why;
	uint16_t ulen;

	why = vn_udp_check(uh, buf->len);
	if (why) {
		inet->stats.udp_in_errors++;
		vn_buf_drop(buf, why);
		return;
	}
	ulen = vn_udp_len(uh);
	vn_buf_trim(buf, ulen);
	if (!vn_udp_csum_ok(uh, ulen, vn_ipv4_src(ip), vn_ipv4_dst(ip))) {
		inet->stats.udp_in_errors++;
		inet->stats.udp_in_csum_errors++;
		vn_buf_drop(buf, VN_DROP_UDP_CSUM);
		return;
	}
	l.saddr = vn_ipv4_src(ip);
	l.daddr = vn_ipv4_dst(ip);
	l.sport = vn_udp_sport(uh);
	l.ifindex = buf->in_ifindex;
	l.all = buf->pkt_type == VN_PKT_BROADCAST ||
		buf->pkt_type == VN_PKT_MULTICAST ||
		vn_ipv4_is_multicast(l.daddr) || vn_ipv4_is_lbcast(l.daddr);
	l.best_score = -1;
	vn_buf_pull(buf, VN_UDP_HLEN);
	if (l.all) {
		l.buf = buf;
		vn_sock_for_each_on_port(inet, VN_IPPROTO_UDP, vn_udp_dport(uh),
					 consider, &l);
		if (l.n_delivered) {
			vn_buf_free(buf);
			return;
		}
		inet->stats.udp_no_ports++;
		vn_buf_drop(buf, VN_DROP_UDP_NO_SOCKET);
		return;
	}
	vn_sock_for_each_on_port(inet, VN_IPPROTO_UDP, vn_udp_dport(uh),
				 consider, &l);
	if (!l.best) {
		inet->stats.udp_no_ports++;
		/* __udp4_lib_rcv(): port unreachable, the datagram quoted. */
		vn_buf_unpull(buf, VN_UDP_HLEN);
		vn_buf_unpull(buf, (uint32_t)(buf->data - ip));
		vn_icmp_send(inet, buf, VN_ICMP_DEST_UNREACH,
			     VN_ICMP_PORT_UNREACH, 0);
		vn_buf_drop(buf, VN_DROP_UDP_NO_SOCKET);
		return;
	}
	if (!vn_sock_queue_rx(l.best, buf)) {
		inet->stats.udp_rcvbuf_errors++;
		inet->stats.udp_in_errors++;
		vn_buf_drop(buf, VN_DROP_SOCKET_RCVBUF);
	}
}

struct udp_err_match {
	uint32_t laddr, raddr;
	uint16_t rport;
	struct vn_sock *found;
};

static int err_match(struct vn_sock *s, void *arg)
{
	struct udp_err_match *m = arg;

	if (s->laddr && s->laddr != m->laddr)
		return 0;
	if (s->raddr && (s->raddr != m->raddr || s->rport != m->rport))
		return 0;
	m->found = s;
	return 1;
}

void vn_udp_err(struct vn_inet *inet, const uint8_t *inner, size_t len,
		uint8_t type, uint8_t code, uint32_t info, uint32_t offender)
{
	uint32_t hlen = vn_ipv4_hlen(inner);
	const uint8_t *uh = inner + hlen;
	struct udp_err_match m = {
		.laddr = vn_ipv4_src(inner),
		.raddr = vn_ipv4_dst(inner),
	};
	struct vn_sock_err e = { 0 };
	bool hard;

	if (len < hlen + VN_UDP_HLEN)
		return;
	m.rport = vn_udp_dport(uh);
	vn_sock_for_each_on_port(inet, VN_IPPROTO_UDP, vn_udp_sport(uh),
				 err_match, &m);
	if (!m.found)
		return;
	e.err = vn_icmp_errno(type, code, &hard);
	if (!m.found->recverr && (!hard || !m.found->connected))
		return;
	m.found->so_error = e.err;
	if (m.found->recverr) {
		e.origin = VN_SO_EE_ORIGIN_ICMP;
		e.type = type;
		e.code = code;
		e.info = info;
		e.offender = offender;
		e.tstamp_ns = vn_env_now(inet->env);
		vn_sock_queue_err(m.found, &e);
	} else {
		vn_sock_wake(m.found);
	}
}
