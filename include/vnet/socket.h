/* SPDX-License-Identifier: MIT */
/*
 * vnet/socket.h - the socket API of a vnet namespace.
 *
 * Small, non-blocking, with readiness callbacks: what a program embedding
 * libvnet (and vnet's own built-in applications) uses to talk over a
 * namespace's stack.  Addresses and ports are in host byte order.  Calls
 * return 0 (or a byte count) on success and a negative errno on failure,
 * never block, and return -EAGAIN when they would.
 *
 * Supported so far: ICMP echo ("ping") sockets, VN_SOCK_DGRAM with
 * VN_IPPROTO_ICMP, with Linux's semantics (net/ipv4/ping.c): the socket's
 * bound port is the echo identifier, sends carry an ICMP echo header whose
 * identifier and checksum the stack fills, receives return echo replies
 * for that identifier, and ICMP errors about our echoes are queued for
 * vn_sock_recv_err() (as IP_RECVERR).
 */
#ifndef VNET_SOCKET_H
#define VNET_SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct vn_netns;
struct vn_sock;

enum {
	VN_SOCK_STREAM = 1,
	VN_SOCK_DGRAM = 2,
	VN_SOCK_RAW = 3,
};

/* Protocols; spelled as src/wire/ipv4.h spells them, so both may be
 * included together. */
#define VN_IPPROTO_ICMP 1
#define VN_IPPROTO_TCP 6
#define VN_IPPROTO_UDP 17

/* Readiness bits, as poll(2). */
#define VN_POLLIN 0x001
#define VN_POLLOUT 0x004
#define VN_POLLERR 0x008

struct vn_sockaddr {
	uint32_t addr;
	uint16_t port;
};

/* Socket options. */
enum vn_sockopt {
	VN_SO_BINDTODEVICE,	/* value: ifindex, 0 to unbind */
	VN_IP_TTL,		/* value: 1..255 */
	VN_SO_RCVBUF,		/* value: bytes */
};

/* What a received datagram carried besides its payload. */
struct vn_recv_info {
	struct vn_sockaddr from;
	uint8_t ttl;		/* IP TTL as received (IP_RECVTTL) */
	uint32_t ifindex;	/* input interface */
	int64_t tstamp_ns;	/* arrival on the engine clock */
};

/* An error queued by ICMP (struct sock_extended_err's content). */
struct vn_sock_err {
	int err;		/* errno, e.g. EHOSTUNREACH */
	uint8_t origin;		/* VN_SO_EE_ORIGIN_* */
	uint8_t type, code;	/* the ICMP type and code */
	uint32_t info;		/* e.g. the MTU of "frag needed" */
	uint32_t offender;	/* who sent the ICMP error */
	uint16_t echo_seq;	/* for ping sockets: the echo's sequence */
	int64_t tstamp_ns;
};

#define VN_SO_EE_ORIGIN_LOCAL 1
#define VN_SO_EE_ORIGIN_ICMP 2

/* Called when the socket may have become readable or has an error. */
typedef void (*vn_sock_wakeup_fn)(struct vn_sock *sock, void *arg);

/* Return: 0 with *out set, -EPROTONOSUPPORT, -ENOMEM. */
int vn_socket(struct vn_netns *ns, int type, int protocol,
	      struct vn_sock **out);
void vn_sock_close(struct vn_sock *sock);

int vn_sock_bind(struct vn_sock *sock, const struct vn_sockaddr *addr);
/* Fixes the destination; for datagram sockets checks there is a route. */
int vn_sock_connect(struct vn_sock *sock, const struct vn_sockaddr *addr);
int vn_sock_setopt(struct vn_sock *sock, enum vn_sockopt opt, int value);
/* The local address the socket is bound to (after connect, the source). */
int vn_sock_getname(struct vn_sock *sock, struct vn_sockaddr *addr);

/* Return: bytes sent, or -errno (-ENETUNREACH, -EHOSTUNREACH ...). */
ssize_t vn_sock_sendto(struct vn_sock *sock, const void *data, size_t len,
		       const struct vn_sockaddr *to);

/*
 * Flags of vn_sock_sendmsg().  VN_MSG_CONFIRM (MSG_CONFIRM): the peer is
 * known to be alive -- it just answered -- so the neighbour entry of the
 * next hop is confirmed and stays REACHABLE without probing.
 */
#define VN_MSG_CONFIRM 0x800

ssize_t vn_sock_sendmsg(struct vn_sock *sock, const void *data, size_t len,
			const struct vn_sockaddr *to, int flags);
/* Return: bytes copied (the datagram is truncated to @size), -EAGAIN. */
ssize_t vn_sock_recvfrom(struct vn_sock *sock, void *data, size_t size,
			 struct vn_recv_info *info);
/* Return: 0 with @err filled, or -EAGAIN when the error queue is empty. */
int vn_sock_recv_err(struct vn_sock *sock, struct vn_sock_err *err);

unsigned vn_sock_poll(const struct vn_sock *sock);

/* The ifindex of interface @name in @ns, or -ENODEV. */
int vn_netns_ifindex(struct vn_netns *ns, const char *name);
void vn_sock_set_wakeup(struct vn_sock *sock, vn_sock_wakeup_fn fn,
			void *arg);

#endif
