/* SPDX-License-Identifier: MIT */
/*
 * inet/sock.h - the sockets behind include/vnet/socket.h.
 *
 * struct vn_sock is what every protocol's socket shares: addresses, the
 * bind table entry, options, the datagram receive queue, the ICMP error
 * queue, the pending error and the wakeup callback.  A protocol embeds it
 * (struct vn_tcp_sock { struct vn_sock sk; ... }) or uses it as is (ping,
 * UDP), and provides a struct vn_sock_ops.  The public vn_sock_* calls
 * validate what is common and dispatch.
 *
 * Bind tables: one hash map per protocol keyed by local port; sockets
 * sharing a port are found by walking the nodes with that hash.  A bind
 * conflicts with a socket on the same port whose address overlaps (equal,
 * or either is 0.0.0.0) and whose bound device overlaps, unless both set
 * SO_REUSEADDR and the other is not listening (Linux's
 * inet_csk_bind_conflict()).  Ephemeral ports come from Linux's
 * ip_local_port_range, 32768-60999, starting at a random offset.
 */
#ifndef VN_INET_SOCK_H
#define VN_INET_SOCK_H

#include "inet/inet.h"
#include "vnet/socket.h"

#define VN_SOCK_ERRQ_MAX 64
#define VN_PORT_EPHEMERAL_LOW 32768
#define VN_PORT_EPHEMERAL_HIGH 60999

struct vn_sock;

/*
 * A protocol's socket operations.  Any member may be NULL: the public call
 * then fails with -EOPNOTSUPP (poll: VN_POLLOUT).  All are control or
 * program calls (never the packet path) and never block.
 */
struct vn_sock_ops {
	/* Binding beyond the common bind table (may be NULL). */
	int (*bind)(struct vn_sock *s, const struct vn_sockaddr *addr);
	int (*connect)(struct vn_sock *s, const struct vn_sockaddr *addr);
	int (*listen)(struct vn_sock *s, int backlog);
	int (*accept)(struct vn_sock *s, struct vn_sock **out);
	ssize_t (*sendmsg)(struct vn_sock *s, const void *data, size_t len,
			   const struct vn_sockaddr *to, int flags);
	ssize_t (*recvmsg)(struct vn_sock *s, void *data, size_t size,
			   struct vn_recv_info *info, int flags);
	int (*shutdown)(struct vn_sock *s, int how);
	unsigned (*poll)(const struct vn_sock *s);
	/* Protocol options; -ENOPROTOOPT for those it does not know. */
	int (*setopt)(struct vn_sock *s, enum vn_sockopt opt, int value);
	int (*getopt)(struct vn_sock *s, enum vn_sockopt opt, int *value);
	/*
	 * The program closed @s (s->user_closed is set).  The protocol frees
	 * it now with vn_sock_free(), or later (a closing TCP connection).
	 */
	void (*close)(struct vn_sock *s);
};

struct vn_sock {
	struct vn_inet *inet;
	const struct vn_sock_ops *ops;
	int type;
	int proto;
	struct vn_list link;	/* the namespace's sockets */
	struct vn_hnode bind_node;
	bool bound;		/* in the bind table */
	bool connected;
	bool listening;
	bool user_closed;
	bool reuseaddr, broadcast, keepalive;
	bool recverr;		/* IP_RECVERR: queue ICMP errors */
	uint32_t laddr;
	uint16_t lport;		/* ping sockets: the echo identifier */
	uint32_t raddr;
	uint16_t rport;
	int bound_ifindex;
	uint8_t ttl;		/* 0: the namespace default */
	uint8_t tos;
	int linger;		/* seconds, -1: off */
	int so_error;		/* pending error (positive errno), SO_ERROR */
	uint32_t rcvbuf, sndbuf;
	/* Datagrams waiting to be read (ping, UDP). */
	struct vn_bufq rxq;
	uint32_t rx_bytes;
	uint64_t rx_drops;	/* datagrams dropped: queue full */
	struct vn_sock_err errq[VN_SOCK_ERRQ_MAX];
	uint32_t errq_head, errq_len;
	vn_sock_wakeup_fn wakeup;
	void *wakeup_arg;
};

struct vn_tcp_ns;

struct vn_socktab {
	struct vn_hmap bound[3];	/* ICMP, UDP, TCP */
	struct vn_list all;
	uint32_t n_socks;
	uint16_t rover[3];
	struct vn_tcp_ns *tcp;		/* TCP's own tables (tcp_priv.h) */
};

void vn_socktab_init(struct vn_inet *inet);
void vn_socktab_fini(struct vn_inet *inet);

/* Creates a socket in @inet (the namespace's vn_socket() calls this). */
int vn_inet_socket(struct vn_inet *inet, int type, int protocol,
		   struct vn_sock **out);

/* For protocols: set up the common part of a socket they allocated. */
void vn_sock_init(struct vn_sock *s, struct vn_inet *inet,
		  const struct vn_sock_ops *ops, int type, int proto);
/* Unlinks and unbinds @s, drops what it queued, and frees @alloc. */
void vn_sock_free(struct vn_sock *s, void *alloc);

/*
 * vn_sock_bind_port() - put @s in its protocol's bind table
 * @addr: local address (0: any)
 * @port: port, or 0 for an ephemeral one
 *
 * Return: 0, -EADDRINUSE, -EAGAIN (no ephemeral port left).
 */
int vn_sock_bind_port(struct vn_sock *s, uint32_t addr, uint16_t port);
void vn_sock_unbind(struct vn_sock *s);
/*
 * Puts @s on @parent's port with no conflict check: a connection a
 * listener accepted shares its port (__inet_inherit_port()).
 */
void vn_sock_bind_port_inherit(struct vn_sock *s, const struct vn_sock *parent);
/*
 * Does bound @s conflict with another socket on its port?  listen()
 * asks again once the socket is listening (inet_csk_listen_start()).
 */
bool vn_sock_port_conflict(const struct vn_sock *s);

/* Calls @fn for each socket of @proto bound to @port; stops at non-zero. */
int vn_sock_for_each_on_port(struct vn_inet *inet, int proto, uint16_t port,
			     int (*fn)(struct vn_sock *s, void *arg),
			     void *arg);

/*
 * vn_sock_for_each() - every socket of @proto in @inet (0: all), in
 * creation order, closed TCP connections finishing alone included; for
 * `ss`.  @fn must not create or free sockets.  A non-zero return from
 * @fn stops the walk and is returned.
 */
int vn_sock_for_each(struct vn_inet *inet, int proto,
		     int (*fn)(const struct vn_sock *s, void *arg), void *arg);

/* The routing decision for sending from @s to @dst (bound device kept). */
int vn_sock_route(struct vn_sock *s, uint32_t dst, struct vn_route_result *rt);

/* Fills @s->laddr from the route to @dst if it is not bound to one. */
int vn_sock_pick_source(struct vn_sock *s, uint32_t dst);

/* Queues an ICMP error for the program (IP_RECVERR) and wakes it. */
void vn_sock_queue_err(struct vn_sock *s, const struct vn_sock_err *e);

/* Queues a received datagram (data at its payload); false if full. */
bool vn_sock_queue_rx(struct vn_sock *s, struct vn_buf *buf);

/* recvmsg on the datagram queue (ping, UDP); honours VN_MSG_PEEK. */
ssize_t vn_sock_dgram_recv(struct vn_sock *s, void *data, size_t size,
			   struct vn_recv_info *info, int flags);

/* Readiness may have changed: call the program's callback. */
void vn_sock_wake(struct vn_sock *s);

/* ICMP's error codes as errno (icmp_err_convert[]). */
int vn_icmp_errno(uint8_t type, uint8_t code, bool *fatal);

/* --- ping sockets (ping.c) --- */

int vn_ping_create(struct vn_inet *inet, struct vn_sock **out);
/* An echo reply arrived (data at the ICMP header); consumes @buf. */
void vn_ping_input(struct vn_inet *inet, struct vn_buf *buf);
/* An ICMP error quoting one of our echoes (@inner: the quoted IPv4 header). */
void vn_ping_err(struct vn_inet *inet, const uint8_t *inner, size_t len,
		 uint8_t type, uint8_t code, uint32_t info, uint32_t offender);

/* --- UDP (udp.c) --- */

int vn_udp_create(struct vn_inet *inet, struct vn_sock **out);
/* A datagram for us (data at the UDP header, IP header before); consumes. */
void vn_udp_input(struct vn_inet *inet, struct vn_buf *buf);
void vn_udp_err(struct vn_inet *inet, const uint8_t *inner, size_t len,
		uint8_t type, uint8_t code, uint32_t info, uint32_t offender);

/* --- TCP (tcp*.c) --- */

int vn_tcp_create(struct vn_inet *inet, struct vn_sock **out);
void vn_tcp_input(struct vn_inet *inet, struct vn_buf *buf);
void vn_tcp_err(struct vn_inet *inet, const uint8_t *inner, size_t len,
		uint8_t type, uint8_t code, uint32_t info, uint32_t offender);
/* A TIME-WAIT entry on @port that binding @s would conflict with. */
bool vn_tcp_bind_conflict(const struct vn_sock *s, uint16_t port);
/* Per-namespace TCP state (established hash, timers, SYN cookies ...). */
void vn_tcp_init(struct vn_inet *inet);
void vn_tcp_fini(struct vn_inet *inet);

/* The device a socket is bound to is going away. */
void vn_sock_dev_gone(struct vn_inet *inet, const struct vn_dev *dev);

#endif
