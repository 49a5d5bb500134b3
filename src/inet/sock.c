// SPDX-License-Identifier: MIT
/*
 * inet/sock.c - sockets of the public API; ICMP echo sockets so far
 * (net/ipv4/ping.c).
 *
 * Limits: a socket queues at most rcvbuf bytes of datagrams (SOCKET_RCVBUF
 * drops past that, as sk_rcvbuf) and VN_SOCK_ERRQ_MAX errors (the oldest
 * error is forgotten first).
 */
#include <errno.h>
#include <stdlib.h>

#include "inet/sock.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

#define DEFAULT_RCVBUF 212992

static uint32_t port_hash(int proto, uint16_t port)
{
	return vn_hash_u64((uint64_t)proto << 16 | port, 0x50c4);
}

void vn_socktab_init(struct vn_inet *inet)
{
	struct vn_socktab *t = calloc(1, sizeof(*t));

	VN_ASSERT(t);
	vn_hmap_init(&t->by_port);
	vn_list_init(&t->all);
	t->ping_rover = (uint16_t)vn_rand_below(&inet->env->rand, 60000);
	inet->socks = t;
}

void vn_socktab_fini(struct vn_inet *inet)
{
	struct vn_socktab *t = inet->socks;

	while (!vn_list_empty(&t->all))
		vn_sock_close(vn_list_entry(t->all.next, struct vn_sock, link));
	vn_hmap_fini(&t->by_port);
	free(t);
	inet->socks = NULL;
}

static struct vn_sock *lookup_port(const struct vn_socktab *t, int proto,
				   uint16_t port)
{
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, port_hash(proto, port), &t->by_port)
	{
		struct vn_sock *s = container_of(node, struct vn_sock, node);

		if (s->proto == proto && s->lport == port)
			return s;
	}
	return NULL;
}

static void hash_sock(struct vn_sock *s)
{
	vn_hmap_insert(&s->inet->socks->by_port, &s->node,
		       port_hash(s->proto, s->lport));
	s->hashed = true;
}

int vn_inet_socket(struct vn_inet *inet, int type, int protocol,
		   struct vn_sock **out)
{
	struct vn_sock *s;

	if (type != VN_SOCK_DGRAM || protocol != VN_IPPROTO_ICMP)
		return -EPROTONOSUPPORT;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->inet = inet;
	s->type = type;
	s->proto = protocol;
	s->rcvbuf = DEFAULT_RCVBUF;
	vn_bufq_init(&s->rxq);
	vn_list_push_back(&inet->socks->all, &s->link);
	*out = s;
	return 0;
}

void vn_sock_close(struct vn_sock *s)
{
	struct vn_buf *buf;

	if (s->hashed)
		vn_hmap_remove(&s->inet->socks->by_port, &s->node);
	vn_list_remove(&s->link);
	while ((buf = vn_bufq_pop(&s->rxq)))
		vn_buf_free(buf);
	free(s);
}

/* ping_get_port(): the next free identifier after the rover. */
static int autobind(struct vn_sock *s)
{
	struct vn_socktab *t = s->inet->socks;

	for (uint32_t i = 0; i < 65536; i++) {
		uint16_t port = ++t->ping_rover;

		if (!port)
			continue;
		if (!lookup_port(t, s->proto, port)) {
			s->lport = port;
			hash_sock(s);
			return 0;
		}
	}
	return -EAGAIN;
}

int vn_sock_bind(struct vn_sock *s, const struct vn_sockaddr *addr)
{
	if (s->hashed)
		return -EINVAL;
	if (addr->addr && !vn_inet_is_local(s->inet, addr->addr) &&
	    !vn_ipv4_is_multicast(addr->addr))
		return -EADDRNOTAVAIL;
	s->laddr = addr->addr;
	if (!addr->port)
		return autobind(s);
	if (lookup_port(s->inet->socks, s->proto, addr->port))
		return -EADDRINUSE;
	s->lport = addr->port;
	hash_sock(s);
	return 0;
}

static int route_for(struct vn_sock *s, uint32_t dst,
		     struct vn_route_result *rt)
{
	int rc = vn_fib_lookup(&s->inet->fib, dst, s->bound_ifindex, rt);

	if (rc && s->bound_ifindex) {
		/* ip_route_output_key_hash_rcu(): with an oif, "assume that
		 * the destination is on link". */
		struct vn_dev *dev = vn_dev_lookup_index(s->inet->devs,
							 s->bound_ifindex);

		if (!dev || !vn_dev_is_up(dev) || !dev->in)
			return -ENETUNREACH;
		memset(rt, 0, sizeof(*rt));
		rt->type = VN_RTN_UNICAST;
		rt->dev = dev;
		rt->nexthop = dst;
		rt->scope = VN_SCOPE_LINK;
		return 0;
	}
	if (rc)
		return rc;
	switch (rt->type) {
	case VN_RTN_UNREACHABLE:
		return -EHOSTUNREACH;
	case VN_RTN_BLACKHOLE:
		return -EINVAL;
	case VN_RTN_PROHIBIT:
		return -EACCES;
	default:
		return 0;
	}
}

int vn_sock_connect(struct vn_sock *s, const struct vn_sockaddr *addr)
{
	struct vn_route_result rt;
	int rc;

	rc = route_for(s, addr->addr, &rt);
	if (rc)
		return rc;
	if (rt.type == VN_RTN_BROADCAST)
		return -EACCES;
	if (!s->hashed) {
		rc = autobind(s);
		if (rc)
			return rc;
	}
	if (!s->laddr) {
		if (rt.type == VN_RTN_LOCAL)
			s->laddr = rt.prefsrc ? rt.prefsrc : addr->addr;
		else
			s->laddr = rt.prefsrc ? rt.prefsrc
					      : vn_inet_select_addr(
							s->inet, rt.dev,
							rt.nexthop,
							VN_SCOPE_LINK);
	}
	s->raddr = addr->addr;
	s->rport = addr->port;
	s->connected = true;
	return 0;
}

int vn_sock_setopt(struct vn_sock *s, enum vn_sockopt opt, int value)
{
	switch (opt) {
	case VN_SO_BINDTODEVICE:
		if (value && !vn_dev_lookup_index(s->inet->devs, value))
			return -ENODEV;
		s->bound_ifindex = value;
		return 0;
	case VN_IP_TTL:
		if (value < 1 || value > 255)
			return -EINVAL;
		s->ttl = (uint8_t)value;
		return 0;
	case VN_SO_RCVBUF:
		if (value < 256)
			return -EINVAL;
		s->rcvbuf = (uint32_t)value;
		return 0;
	}
	return -ENOPROTOOPT;
}

int vn_sock_getname(struct vn_sock *s, struct vn_sockaddr *addr)
{
	addr->addr = s->laddr;
	addr->port = s->lport;
	return 0;
}

ssize_t vn_sock_sendto(struct vn_sock *s, const void *data, size_t len,
		       const struct vn_sockaddr *to)
{
	return vn_sock_sendmsg(s, data, len, to, 0);
}

ssize_t vn_sock_sendmsg(struct vn_sock *s, const void *data, size_t len,
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
	if (!s->hashed) {
		rc = autobind(s);
		if (rc)
			return rc;
	}
	rc = route_for(s, o.dst, &rt);
	if (rc)
		return rc;
	if (rt.type == VN_RTN_BROADCAST || vn_ipv4_is_lbcast(o.dst))
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

ssize_t vn_sock_recvfrom(struct vn_sock *s, void *data, size_t size,
			 struct vn_recv_info *info)
{
	struct vn_buf *buf = vn_bufq_pop(&s->rxq);
	const uint8_t *ip;
	size_t n;

	if (!buf)
		return -EAGAIN;
	s->rx_bytes -= buf->len;
	n = buf->len < size ? buf->len : size;
	memcpy(data, buf->data, n);
	if (info) {
		ip = vn_buf_at(buf, buf->l3_off);
		info->from.addr = vn_ipv4_src(ip);
		info->from.port = 0;
		info->ttl = vn_ipv4_ttl(ip);
		info->ifindex = buf->in_ifindex;
		info->tstamp_ns = buf->tstamp;
	}
	vn_buf_free(buf);
	return (ssize_t)n;
}

int vn_sock_recv_err(struct vn_sock *s, struct vn_sock_err *err)
{
	if (!s->errq_len)
		return -EAGAIN;
	*err = s->errq[s->errq_head];
	s->errq_head = (s->errq_head + 1) % VN_SOCK_ERRQ_MAX;
	s->errq_len--;
	return 0;
}

unsigned vn_sock_poll(const struct vn_sock *s)
{
	unsigned ev = VN_POLLOUT;

	if (s->rxq.len)
		ev |= VN_POLLIN;
	if (s->errq_len)
		ev |= VN_POLLERR;
	return ev;
}

void vn_sock_set_wakeup(struct vn_sock *s, vn_sock_wakeup_fn fn, void *arg)
{
	s->wakeup = fn;
	s->wakeup_arg = arg;
}

static void wake(struct vn_sock *s)
{
	if (s->wakeup)
		s->wakeup(s, s->wakeup_arg);
}

void vn_ping_input(struct vn_inet *inet, struct vn_buf *buf)
{
	const uint8_t *icmp = buf->data;
	const uint8_t *ip = vn_buf_at(buf, buf->l3_off);
	struct vn_sock *s;

	s = lookup_port(inet->socks, VN_IPPROTO_ICMP,
			vn_load_be16(icmp + VN_ICMP_ID));
	if (!s || (s->laddr && s->laddr != vn_ipv4_dst(ip)) ||
	    (s->bound_ifindex && (uint32_t)s->bound_ifindex != buf->in_ifindex &&
	     !vn_ipv4_is_loopback(vn_ipv4_dst(ip)))) {
		vn_buf_drop(buf, VN_DROP_ICMP_NO_SOCKET);
		return;
	}
	if (s->rx_bytes + buf->len > s->rcvbuf) {
		vn_buf_drop(buf, VN_DROP_SOCKET_RCVBUF);
		return;
	}
	buf->tstamp = vn_env_now(inet->env);
	s->rx_bytes += buf->len;
	vn_bufq_push(&s->rxq, buf);
	wake(s);
}

/* icmp_err_convert[] for destination unreachable codes. */
static int unreach_errno(uint8_t code)
{
	switch (code) {
	case VN_ICMP_NET_UNREACH:
	case VN_ICMP_NET_UNKNOWN:
		return ENETUNREACH;
	case VN_ICMP_PROT_UNREACH:
		return ENOPROTOOPT;
	case VN_ICMP_PORT_UNREACH:
		return ECONNREFUSED;
	case VN_ICMP_FRAG_NEEDED:
		return EMSGSIZE;
	case 5:			/* source route failed */
		return EOPNOTSUPP;
	case 9:
	case 10:
	case VN_ICMP_PKT_FILTERED:
		return EACCES;
	default:
		return EHOSTUNREACH;
	}
}

void vn_ping_err(struct vn_inet *inet, const uint8_t *inner, size_t len,
		 uint8_t type, uint8_t code, uint32_t info, uint32_t offender)
{
	uint32_t hlen = vn_ipv4_hlen(inner);
	const uint8_t *icmp = inner + hlen;
	struct vn_sock_err *e;
	struct vn_sock *s;

	if (len < hlen + VN_ICMP_HLEN || icmp[0] != VN_ICMP_ECHO)
		return;
	s = lookup_port(inet->socks, VN_IPPROTO_ICMP,
			vn_load_be16(icmp + VN_ICMP_ID));
	if (!s)
		return;
	if (s->errq_len == VN_SOCK_ERRQ_MAX) {
		s->errq_head = (s->errq_head + 1) % VN_SOCK_ERRQ_MAX;
		s->errq_len--;
	}
	e = &s->errq[(s->errq_head + s->errq_len++) % VN_SOCK_ERRQ_MAX];
	memset(e, 0, sizeof(*e));
	e->err = type == VN_ICMP_DEST_UNREACH ? unreach_errno(code)
		 : type == VN_ICMP_PARAMETERPROB ? EPROTO
						 : EHOSTUNREACH;
	e->origin = VN_SO_EE_ORIGIN_ICMP;
	e->type = type;
	e->code = code;
	e->info = info;
	e->offender = offender;
	e->echo_seq = vn_load_be16(icmp + VN_ICMP_SEQ);
	e->tstamp_ns = vn_env_now(inet->env);
	wake(s);
}

void vn_sock_dev_gone(struct vn_inet *inet, const struct vn_dev *dev)
{
	struct vn_sock *s;

	vn_list_for_each(s, &inet->socks->all, link)
		if (s->bound_ifindex == dev->ifindex)
			s->bound_ifindex = -1; /* nothing matches: ENODEV */
}
