// SPDX-License-Identifier: MIT
/*
 * inet/ping.c - ICMP echo ("ping") sockets (net/ipv4/ping.c).
 *
 * The bound port is the echo identifier (an unused one is picked from the
 * whole 16-bit range when unbound).  Sends must be ICMP echo requests with
 * code 0; the stack writes the identifier and checksum.  Echo replies
 * carrying our identifier are queued; ICMP errors quoting our echoes go to
 * the error queue with the echo's sequence number.
 */
#include <errno.h>
#include <stdlib.h>

#include "inet/sock.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

static int ping_connect(struct vn_sock *s, const struct vn_sockaddr *addr)
{
	struct vn_route_result rt;
	int rc;

	rc = vn_sock_route(s, addr->addr, &rt);
	if (rc)
		return rc;
	if (rt.type == VN_RTN_BROADCAST || vn_ipv4_is_lbcast(addr->addr))
		return -EACCES;
	if (!s->bound) {
		rc = vn_sock_bind_port(s, s->laddr, 0);
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

static ssize_t ping_sendmsg(struct vn_sock *s, const void *data, size_t len,
			    const struct vn_sockaddr *to, int flags)
{
	struct vn_ip_out o = { 0 };
	struct vn_route_result rt;
	struct vn_buf *buf;
	uint8_t *p;
	int rc;

	if (len < VN_ICMP_HLEN || len > 65535 - VN_IPV4_HLEN)
		return len < VN_ICMP_HLEN ? -EINVAL : -EMSGSIZE;
	if (((const uint8_t *)data)[0] != VN_ICMP_ECHO ||
	    ((const uint8_t *)data)[1] != 0)
		return -EINVAL;
	if (!to) {
		if (!s->connected)
			return -EDESTADDRREQ;
		o.dst = s->raddr;
	} else {
		o.dst = to->addr;
	}
	if (!s->bound) {
		rc = vn_sock_bind_port(s, s->laddr, 0);
		if (rc)
			return rc;
	}
	rc = vn_sock_route(s, o.dst, &rt);
	if (rc)
		return rc;
	if ((rt.type == VN_RTN_BROADCAST || vn_ipv4_is_lbcast(o.dst)) &&
	    !s->broadcast)
		return -EACCES;
	buf = vn_buf_alloc(s->inet->env->pool, (uint32_t)len + 64);
	if (!buf)
		return -ENOBUFS;
	p = vn_buf_put(buf, (uint32_t)len);
	memcpy(p, data, len);
	/* ping_v4_sendmsg(): the identifier is ours, the checksum the stack's. */
	vn_store_be16(p + VN_ICMP_ID, s->lport);
	vn_store_be16(p + VN_ICMP_CSUM, 0);
	vn_store_be16(p + VN_ICMP_CSUM, vn_csum(p, len));
	o.src = s->laddr;
	o.proto = VN_IPPROTO_ICMP;
	o.ttl = s->ttl;
	o.tos = s->tos;
	o.oif = s->bound_ifindex;
	/* IP_PMTUDISC_WANT: DF while the datagram fits the route's MTU. */
	o.df = rt.dev && len + VN_IPV4_HLEN <= rt.dev->mtu;
	o.confirm = flags & VN_MSG_CONFIRM;
	/* icmp_out_count(), as ping_v4_push_pending_frames() does. */
	s->inet->stats.icmp_out_msgs++;
	s->inet->stats.icmp_out_echos++;
	rc = vn_ip_output(s->inet, buf, &o);
	return rc ? rc : (ssize_t)len;
}

static unsigned ping_poll(const struct vn_sock *s)
{
	return VN_POLLOUT | (s->rxq.len ? VN_POLLIN : 0);
}

static void ping_close(struct vn_sock *s)
{
	vn_sock_free(s, s);
}

static const struct vn_sock_ops ping_ops = {
	.connect = ping_connect,
	.sendmsg = ping_sendmsg,
	.recvmsg = vn_sock_dgram_recv,
	.poll = ping_poll,
	.close = ping_close,
};

int vn_ping_create(struct vn_inet *inet, struct vn_sock **out)
{
	struct vn_sock *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	vn_sock_init(s, inet, &ping_ops, VN_SOCK_DGRAM, VN_IPPROTO_ICMP);
	/* iputils sets IP_RECVERR; errors are what ping sockets are for. */
	s->recverr = true;
	*out = s;
	return 0;
}

struct ping_match {
	uint32_t dst;
	uint32_t ifindex;
	struct vn_sock *found;
};

static int match(struct vn_sock *s, void *arg)
{
	struct ping_match *m = arg;

	if (s->laddr && s->laddr != m->dst)
		return 0;
	if (s->bound_ifindex && (uint32_t)s->bound_ifindex != m->ifindex &&
	    !vn_ipv4_is_loopback(m->dst))
		return 0;
	m->found = s;
	return 1;
}

void vn_ping_input(struct vn_inet *inet, struct vn_buf *buf)
{
	const uint8_t *ip = vn_buf_at(buf, buf->l3_off);
	struct ping_match m = {
		.dst = vn_ipv4_dst(ip),
		.ifindex = buf->in_ifindex,
	};

	vn_sock_for_each_on_port(inet, VN_IPPROTO_ICMP,
				 vn_load_be16(buf->data + VN_ICMP_ID), match,
				 &m);
	if (!m.found) {
		vn_buf_drop(buf, VN_DROP_ICMP_NO_SOCKET);
		return;
	}
	if (!vn_sock_queue_rx(m.found, buf))
		vn_buf_drop(buf, VN_DROP_SOCKET_RCVBUF);
}

static int first(struct vn_sock *s, void *arg)
{
	*(struct vn_sock **)arg = s;
	return 1;
}

void vn_ping_err(struct vn_inet *inet, const uint8_t *inner, size_t len,
		 uint8_t type, uint8_t code, uint32_t info, uint32_t offender)
{
	uint32_t hlen = vn_ipv4_hlen(inner);
	const uint8_t *icmp = inner + hlen;
	struct vn_sock *s = NULL;
	struct vn_sock_err e = { 0 };

	if (len < hlen + VN_ICMP_HLEN || icmp[0] != VN_ICMP_ECHO)
		return;
	vn_sock_for_each_on_port(inet, VN_IPPROTO_ICMP,
				 vn_load_be16(icmp + VN_ICMP_ID), first, &s);
	if (!s)
		return;
	e.err = vn_icmp_errno(type, code, NULL);
	e.origin = VN_SO_EE_ORIGIN_ICMP;
	e.type = type;
	e.code = code;
	e.info = info;
	e.offender = offender;
	e.echo_seq = vn_load_be16(icmp + VN_ICMP_SEQ);
	e.tstamp_ns = vn_env_now(inet->env);
	if (s->recverr)
		vn_sock_queue_err(s, &e);
}
