// SPDX-License-Identifier: MIT
/*
 * inet/sock.c - the public socket calls, bind tables and ephemeral
 * ports; see sock.h.  Protocols live in ping.c, udp.c and tcp*.c.
 *
 * Limits: a datagram socket queues at most rcvbuf bytes (SOCKET_RCVBUF
 * drops past that, as sk_rcvbuf), and VN_SOCK_ERRQ_MAX ICMP errors (the
 * oldest is forgotten first).  SO_RCVBUF/SO_SNDBUF store twice the value
 * asked, as Linux does, within [2304, 2*212992*... net.core limits].
 */
#include <errno.h>
#include <stdlib.h>

#include "inet/ipv4_priv.h"
#include "inet/sock.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

#define DEFAULT_RCVBUF 212992	/* net.core.rmem_default */
#define DEFAULT_SNDBUF 212992	/* net.core.wmem_default */
#define MAX_BUF 212992		/* net.core.rmem_max / wmem_max */
#define MIN_RCVBUF 2304		/* SOCK_MIN_RCVBUF */
#define MIN_SNDBUF 4608		/* SOCK_MIN_SNDBUF */

static int proto_slot(int proto)
{
	switch (proto) {
	case VN_IPPROTO_ICMP:
		return 0;
	case VN_IPPROTO_UDP:
		return 1;
	default:
		return 2;
	}
}

static uint32_t port_hash(uint16_t port)
{
	return vn_hash_u64(port, 0x50c4);
}

void vn_socktab_init(struct vn_inet *inet)
{
	struct vn_socktab *t = calloc(1, sizeof(*t));

	VN_ASSERT(t);
	for (int i = 0; i < 3; i++)
		vn_hmap_init(&t->bound[i]);
	/* One draw from the engine's stream per namespace, as before ports
	 * were per protocol; the other rovers derive from it. */
	t->rover[0] = (uint16_t)vn_rand_below(&inet->env->rand, 60000);
	t->rover[1] = (uint16_t)vn_hash_u64(t->rover[0], 17);
	t->rover[2] = (uint16_t)vn_hash_u64(t->rover[0], 6);
	vn_list_init(&t->all);
	inet->socks = t;
	vn_tcp_init(inet);
}

void vn_socktab_fini(struct vn_inet *inet)
{
	struct vn_socktab *t = inet->socks;

	/* TCP first: its closing connections belong to no program. */
	vn_tcp_fini(inet);
	while (!vn_list_empty(&t->all)) {
		struct vn_sock *s = vn_list_entry(t->all.next, struct vn_sock,
						  link);

		s->user_closed = true;
		s->ops->close(s);
	}
	for (int i = 0; i < 3; i++)
		vn_hmap_fini(&t->bound[i]);
	free(t);
	inet->socks = NULL;
}

void vn_sock_init(struct vn_sock *s, struct vn_inet *inet,
		  const struct vn_sock_ops *ops, int type, int proto)
{
	s->inet = inet;
	s->ops = ops;
	s->type = type;
	s->proto = proto;
	s->rcvbuf = DEFAULT_RCVBUF;
	s->sndbuf = DEFAULT_SNDBUF;
	s->linger = -1;
	vn_bufq_init(&s->rxq);
	vn_list_push_back(&inet->socks->all, &s->link);
	inet->socks->n_socks++;
}

void vn_sock_free(struct vn_sock *s, void *alloc)
{
	struct vn_buf *buf;

	vn_sock_unbind(s);
	vn_list_remove(&s->link);
	s->inet->socks->n_socks--;
	while ((buf = vn_bufq_pop(&s->rxq)))
		vn_buf_free(buf);
	free(alloc);
}

int vn_inet_socket(struct vn_inet *inet, int type, int protocol,
		   struct vn_sock **out)
{
	if (type == VN_SOCK_DGRAM && protocol == VN_IPPROTO_ICMP)
		return vn_ping_create(inet, out);
	if (type == VN_SOCK_DGRAM && (protocol == 0 || protocol == VN_IPPROTO_UDP))
		return vn_udp_create(inet, out);
	if (type == VN_SOCK_STREAM && (protocol == 0 || protocol == VN_IPPROTO_TCP))
		return vn_tcp_create(inet, out);
	return -EPROTONOSUPPORT;
}

/* --- bind tables ------------------------------------------------------- */

static bool overlaps(const struct vn_sock *a, const struct vn_sock *b)
{
	if (a->laddr && b->laddr && a->laddr != b->laddr)
		return false;
	if (a->bound_ifindex && b->bound_ifindex &&
	    a->bound_ifindex != b->bound_ifindex)
		return false;
	return true;
}

/* inet_csk_bind_conflict(), udp_lib_lport_inuse(). */
static bool conflicts(const struct vn_sock *s, uint16_t port)
{
	struct vn_socktab *t = s->inet->socks;
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, port_hash(port),
				   &t->bound[proto_slot(s->proto)])
	{
		struct vn_sock *o = container_of(node, struct vn_sock,
						 bind_node);

		if (o == s || o->lport != port || !overlaps(s, o))
			continue;
		if (s->reuseaddr && o->reuseaddr && !o->listening)
			continue;
		return true;
	}
	/* TIME-WAIT remnants hold their port too (inet_twsk_bind_hashdance). */
	if (s->proto == VN_IPPROTO_TCP && vn_tcp_bind_conflict(s, port))
		return true;
	return false;
}

bool vn_sock_port_conflict(const struct vn_sock *s)
{
	return s->bound && conflicts(s, s->lport);
}

static void hash_in(struct vn_sock *s, uint16_t port)
{
	s->lport = port;
	vn_hmap_insert(&s->inet->socks->bound[proto_slot(s->proto)],
		       &s->bind_node, port_hash(port));
	s->bound = true;
}

int vn_sock_bind_port(struct vn_sock *s, uint32_t addr, uint16_t port)
{
	struct vn_socktab *t = s->inet->socks;
	int slot = proto_slot(s->proto);
	uint32_t low = VN_PORT_EPHEMERAL_LOW, high = VN_PORT_EPHEMERAL_HIGH;

	if (s->bound)
		return -EINVAL;
	s->laddr = addr;
	if (port) {
		if (conflicts(s, port)) {
			s->laddr = 0;
			return -EADDRINUSE;
		}
		hash_in(s, port);
		return 0;
	}
	/* Ping identifiers use the whole range, as ping_get_port(). */
	if (s->proto == VN_IPPROTO_ICMP) {
		low = 1;
		high = 65535;
	}
	for (uint32_t i = 0; i <= high - low; i++) {
		uint16_t p = (uint16_t)(low + (uint32_t)(t->rover[slot]++) %
						      (high - low + 1));

		if (!conflicts(s, p)) {
			hash_in(s, p);
			return 0;
		}
	}
	s->laddr = 0;
	return -EAGAIN;
}

void vn_sock_bind_port_inherit(struct vn_sock *s, const struct vn_sock *parent)
{
	VN_ASSERT(!s->bound && parent->bound);
	hash_in(s, parent->lport);
}

void vn_sock_unbind(struct vn_sock *s)
{
	if (!s->bound)
		return;
	vn_hmap_remove(&s->inet->socks->bound[proto_slot(s->proto)],
		       &s->bind_node);
	s->bound = false;
}

int vn_sock_for_each_on_port(struct vn_inet *inet, int proto, uint16_t port,
			     int (*fn)(struct vn_sock *s, void *arg),
			     void *arg)
{
	struct vn_hnode *node, *next;
	int rc;

	for (node = vn_hmap_first_with_hash(&inet->socks->bound[proto_slot(proto)],
					    port_hash(port));
	     node; node = next) {
		struct vn_sock *s = container_of(node, struct vn_sock,
						 bind_node);

		next = vn_hmap_next_with_hash(node);
		if (s->lport != port || s->proto != proto)
			continue;
		rc = fn(s, arg);
		if (rc)
			return rc;
	}
	return 0;
}

/* --- helpers for protocols ---------------------------------------------- */

int vn_sock_route(struct vn_sock *s, uint32_t dst, struct vn_route_result *rt)
{
	if (s->bound_ifindex < 0)
		return -ENODEV;
	return vn_route_output(s->inet, dst, s->laddr, s->bound_ifindex, rt);
}

int vn_sock_pick_source(struct vn_sock *s, uint32_t dst)
{
	struct vn_route_result rt;
	int rc;

	if (s->laddr)
		return 0;
	rc = vn_sock_route(s, dst, &rt);
	if (rc)
		return rc;
	s->laddr = rt.src;
	return 0;
}

void vn_sock_wake(struct vn_sock *s)
{
	if (s->wakeup && !s->user_closed)
		s->wakeup(s, s->wakeup_arg);
}

void vn_sock_queue_err(struct vn_sock *s, const struct vn_sock_err *e)
{
	if (s->errq_len == VN_SOCK_ERRQ_MAX) {
		s->errq_head = (s->errq_head + 1) % VN_SOCK_ERRQ_MAX;
		s->errq_len--;
	}
	s->errq[(s->errq_head + s->errq_len++) % VN_SOCK_ERRQ_MAX] = *e;
	vn_sock_wake(s);
}

bool vn_sock_queue_rx(struct vn_sock *s, struct vn_buf *buf)
{
	if (s->user_closed || s->rx_bytes + buf->len > s->rcvbuf) {
		s->rx_drops++;
		return false;
	}
	buf->tstamp = vn_env_now(s->inet->env);
	s->rx_bytes += buf->len;
	vn_bufq_push(&s->rxq, buf);
	vn_sock_wake(s);
	return true;
}

int vn_icmp_errno(uint8_t type, uint8_t code, bool *fatal)
{
	bool f = true;
	int err;

	switch (type) {
	case VN_ICMP_DEST_UNREACH:
		/* icmp_err_convert[]: which codes are fatal to a connection. */
		switch (code) {
		case VN_ICMP_NET_UNREACH:
		case VN_ICMP_NET_UNKNOWN:
			err = ENETUNREACH;
			f = false;
			break;
		case VN_ICMP_HOST_UNREACH:
		case 7:		/* host unknown */
		case 8:		/* host isolated */
		case 11:	/* net unreachable for TOS */
		case 12:	/* host unreachable for TOS */
			err = EHOSTUNREACH;
			f = false;
			break;
		case VN_ICMP_PROT_UNREACH:
			err = ENOPROTOOPT;
			break;
		case VN_ICMP_PORT_UNREACH:
			err = ECONNREFUSED;
			break;
		case VN_ICMP_FRAG_NEEDED:
			err = EMSGSIZE;
			break;
		case 5:		/* source route failed */
			err = EOPNOTSUPP;
			break;
		case 9:
		case 10:
		case VN_ICMP_PKT_FILTERED:
			err = EACCES;
			break;
		default:
			err = EHOSTUNREACH;
			break;
		}
		break;
	case VN_ICMP_TIME_EXCEEDED:
		err = EHOSTUNREACH;
		f = false;
		break;
	case VN_ICMP_PARAMETERPROB:
		err = EPROTO;
		break;
	default:
		err = EHOSTUNREACH;
		f = false;
		break;
	}
	if (fatal)
		*fatal = f;
	return err;
}

/* --- the public calls --------------------------------------------------- */

void vn_sock_close(struct vn_sock *s)
{
	s->user_closed = true;
	s->wakeup = NULL;
	s->ops->close(s);
}

int vn_sock_bind(struct vn_sock *s, const struct vn_sockaddr *addr)
{
	if (s->bound)
		return -EINVAL;
	/* inet_bind(): the address must be ours (no ip_nonlocal_bind). */
	if (addr->addr && !vn_inet_is_local(s->inet, addr->addr) &&
	    !vn_ipv4_is_multicast(addr->addr) && !vn_ipv4_is_lbcast(addr->addr))
		return -EADDRNOTAVAIL;
	if (s->ops->bind)
		return s->ops->bind(s, addr);
	return vn_sock_bind_port(s, addr->addr, addr->port);
}

int vn_sock_connect(struct vn_sock *s, const struct vn_sockaddr *addr)
{
	return s->ops->connect ? s->ops->connect(s, addr) : -EOPNOTSUPP;
}

int vn_sock_listen(struct vn_sock *s, int backlog)
{
	return s->ops->listen ? s->ops->listen(s, backlog) : -EOPNOTSUPP;
}

int vn_sock_accept(struct vn_sock *s, struct vn_sock **out)
{
	return s->ops->accept ? s->ops->accept(s, out) : -EOPNOTSUPP;
}

int vn_sock_shutdown(struct vn_sock *s, int how)
{
	if (how < VN_SHUT_RD || how > VN_SHUT_RDWR)
		return -EINVAL;
	return s->ops->shutdown ? s->ops->shutdown(s, how) : -ENOTCONN;
}

static uint32_t clamp_buf(int value, uint32_t min)
{
	uint64_t v = (uint64_t)(value < 0 ? 0 : value);

	/* sock_setsockopt(): capped at the max, then doubled. */
	if (v > MAX_BUF)
		v = MAX_BUF;
	v *= 2;
	return v < min ? min : (uint32_t)v;
}

int vn_sock_setopt(struct vn_sock *s, enum vn_sockopt opt, int value)
{
	int rc;

	if (s->ops->setopt) {
		rc = s->ops->setopt(s, opt, value);
		if (rc != -ENOPROTOOPT)
			return rc;
	}
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
	case VN_IP_TOS:
		if (value < 0 || value > 255)
			return -EINVAL;
		s->tos = (uint8_t)value;
		return 0;
	case VN_SO_RCVBUF:
		s->rcvbuf = clamp_buf(value, MIN_RCVBUF);
		return 0;
	case VN_SO_SNDBUF:
		s->sndbuf = clamp_buf(value, MIN_SNDBUF);
		return 0;
	case VN_SO_REUSEADDR:
		s->reuseaddr = value != 0;
		return 0;
	case VN_IP_RECVERR:
		s->recverr = value != 0;
		return 0;
	case VN_SO_BROADCAST:
		s->broadcast = value != 0;
		return 0;
	case VN_SO_KEEPALIVE:
		s->keepalive = value != 0;
		return 0;
	case VN_SO_LINGER:
		s->linger = value < 0 ? -1 : value;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

int vn_sock_getopt(struct vn_sock *s, enum vn_sockopt opt, int *value)
{
	int rc;

	if (s->ops->getopt) {
		rc = s->ops->getopt(s, opt, value);
		if (rc != -ENOPROTOOPT)
			return rc;
	}
	switch (opt) {
	case VN_SO_BINDTODEVICE:
		*value = s->bound_ifindex;
		return 0;
	case VN_IP_TTL:
		*value = s->ttl ? s->ttl : s->inet->default_ttl;
		return 0;
	case VN_IP_TOS:
		*value = s->tos;
		return 0;
	case VN_SO_RCVBUF:
		*value = (int)s->rcvbuf;
		return 0;
	case VN_SO_SNDBUF:
		*value = (int)s->sndbuf;
		return 0;
	case VN_SO_REUSEADDR:
		*value = s->reuseaddr;
		return 0;
	case VN_IP_RECVERR:
		*value = s->recverr;
		return 0;
	case VN_SO_BROADCAST:
		*value = s->broadcast;
		return 0;
	case VN_SO_KEEPALIVE:
		*value = s->keepalive;
		return 0;
	case VN_SO_LINGER:
		*value = s->linger;
		return 0;
	case VN_SO_ERROR:
		*value = s->so_error;
		s->so_error = 0;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

int vn_sock_getname(struct vn_sock *s, struct vn_sockaddr *addr)
{
	addr->addr = s->laddr;
	addr->port = s->lport;
	return 0;
}

int vn_sock_getpeername(struct vn_sock *s, struct vn_sockaddr *addr)
{
	if (!s->connected)
		return -ENOTCONN;
	addr->addr = s->raddr;
	addr->port = s->rport;
	return 0;
}

int vn_sock_error(struct vn_sock *s)
{
	int err = s->so_error;

	s->so_error = 0;
	return -err;
}

ssize_t vn_sock_sendmsg(struct vn_sock *s, const void *data, size_t len,
			const struct vn_sockaddr *to, int flags)
{
	if (!s->ops->sendmsg)
		return -EOPNOTSUPP;
	return s->ops->sendmsg(s, data, len, to, flags);
}

ssize_t vn_sock_sendto(struct vn_sock *s, const void *data, size_t len,
		       const struct vn_sockaddr *to)
{
	return vn_sock_sendmsg(s, data, len, to, 0);
}

ssize_t vn_sock_send(struct vn_sock *s, const void *data, size_t len,
		     int flags)
{
	return vn_sock_sendmsg(s, data, len, NULL, flags);
}

ssize_t vn_sock_recvmsg(struct vn_sock *s, void *data, size_t size,
			struct vn_recv_info *info, int flags)
{
	if (!s->ops->recvmsg)
		return -EOPNOTSUPP;
	return s->ops->recvmsg(s, data, size, info, flags);
}

ssize_t vn_sock_recvfrom(struct vn_sock *s, void *data, size_t size,
			 struct vn_recv_info *info)
{
	return vn_sock_recvmsg(s, data, size, info, 0);
}

ssize_t vn_sock_recv(struct vn_sock *s, void *data, size_t size, int flags)
{
	return vn_sock_recvmsg(s, data, size, NULL, flags);
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
	unsigned ev;

	ev = s->ops->poll ? s->ops->poll(s) : VN_POLLOUT;
	if (s->errq_len || s->so_error)
		ev |= VN_POLLERR;
	return ev;
}

void vn_sock_set_wakeup(struct vn_sock *s, vn_sock_wakeup_fn fn, void *arg)
{
	s->wakeup = fn;
	s->wakeup_arg = arg;
}

void vn_sock_dev_gone(struct vn_inet *inet, const struct vn_dev *dev)
{
	struct vn_sock *s;

	vn_list_for_each(s, &inet->socks->all, link)
		if (s->bound_ifindex == dev->ifindex)
			s->bound_ifindex = -1;	/* every route: -ENODEV */
}

/*
 * Datagram helpers shared by ping and UDP: the receive half of recvmsg
 * on the datagram queue.  Data is at the payload; the IPv4 header (and
 * UDP header, if any) are before it at l3_off/l4_off.
 */
ssize_t vn_sock_dgram_recv(struct vn_sock *s, void *data, size_t size,
			   struct vn_recv_info *info, int flags)
{
	struct vn_buf *buf = s->rxq.head;
	const uint8_t *ip;
	size_t n;

	if (!buf) {
		if (s->so_error)
			return vn_sock_error(s);
		return -EAGAIN;
	}
	n = buf->len < size ? buf->len : size;
	memcpy(data, buf->data, n);
	if (info) {
		ip = vn_buf_at(buf, buf->l3_off);
		info->from.addr = vn_ipv4_src(ip);
		info->from.port = s->proto == VN_IPPROTO_UDP ?
					  vn_load_be16(vn_buf_at(buf, buf->l4_off)) :
					  0;
		info->ttl = vn_ipv4_ttl(ip);
		info->ifindex = buf->in_ifindex;
		info->tstamp_ns = buf->tstamp;
		info->full_len = buf->len;
	}
	if (!(flags & VN_MSG_PEEK)) {
		vn_bufq_pop(&s->rxq);
		s->rx_bytes -= buf->len;
		vn_buf_free(buf);
	}
	return (ssize_t)n;
}

int vn_sock_for_each(struct vn_inet *inet, int proto,
		     int (*fn)(const struct vn_sock *s, void *arg), void *arg)
{
	const struct vn_sock *s;
	int rc;

	vn_list_for_each(s, &inet->socks->all, link) {
		if (proto && s->proto != proto)
			continue;
		rc = fn(s, arg);
		if (rc)
			return rc;
	}
	return 0;
}
