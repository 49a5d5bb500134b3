/* SPDX-License-Identifier: MIT */
/*
 * vnet/socket.h - the socket API of a vnet namespace.
 *
 * Small, non-blocking, with readiness callbacks: what a program embedding
 * libvnet (and vnet's own built-in applications) uses to talk over a
 * namespace's stack.  It follows the BSD socket calls and Linux's
 * semantics; addresses and ports are in host byte order.  Calls return 0
 * (or a byte count) on success and a negative errno on failure, never
 * block, and return -EAGAIN where a blocking call would wait.  A socket's
 * wakeup callback runs whenever its readiness may have changed; the
 * program then calls vn_sock_poll() and the matching calls.
 *
 * Kinds:
 *   VN_SOCK_DGRAM + VN_IPPROTO_ICMP  ICMP echo ("ping") sockets, as
 *       net/ipv4/ping.c: the bound port is the echo identifier; sends
 *       carry an echo header whose identifier and checksum the stack
 *       fills; replies for that identifier are received; ICMP errors
 *       about our echoes go to the error queue (vn_sock_recv_err()).
 *   VN_SOCK_DGRAM + VN_IPPROTO_UDP (or 0)   UDP.
 *   VN_SOCK_STREAM + VN_IPPROTO_TCP (or 0)  TCP: vn_sock_connect()
 *       returns -EINPROGRESS and the socket becomes writable (VN_POLLOUT)
 *       once connected, or reports the failure through vn_sock_error().
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

/* Readiness bits, poll(2)'s values. */
#define VN_POLLIN 0x001
#define VN_POLLOUT 0x004
#define VN_POLLERR 0x008
#define VN_POLLHUP 0x010	/* both directions are closed */
#define VN_POLLRDHUP 0x2000	/* the peer closed its sending side */

struct vn_sockaddr {
	uint32_t addr;
	uint16_t port;
};

/* Socket options (SOL_SOCKET, IPPROTO_IP, IPPROTO_TCP ones together). */
enum vn_sockopt {
	VN_SO_BINDTODEVICE,	/* value: ifindex, 0 to unbind */
	VN_IP_TTL,		/* value: 1..255 */
	VN_IP_TOS,		/* value: 0..255 */
	VN_IP_RECVERR,		/* value: 0/1 (on for ping sockets) */
	VN_SO_RCVBUF,		/* value: bytes (doubled, as Linux) */
	VN_SO_SNDBUF,		/* value: bytes (doubled, as Linux) */
	VN_SO_REUSEADDR,	/* value: 0/1 */
	VN_SO_BROADCAST,	/* value: 0/1 */
	VN_SO_KEEPALIVE,	/* value: 0/1 */
	VN_SO_LINGER,		/* value: seconds, or -1 for off */
	VN_SO_ERROR,		/* get only: the pending error, cleared */
	VN_TCP_NODELAY,		/* value: 0/1 */
	VN_TCP_CORK,		/* value: 0/1 */
	VN_TCP_MAXSEG,		/* value: bytes */
	VN_TCP_KEEPIDLE,	/* value: seconds */
	VN_TCP_KEEPINTVL,	/* value: seconds */
	VN_TCP_KEEPCNT,		/* value: probes */
	VN_TCP_CONGESTION,	/* value: VN_TCP_CA_* */
	VN_TCP_INFO_STATE,	/* get only: VN_TCP_* state */
};

/* TCP states, Linux's values (VN_TCP_INFO_STATE, `ss`). */
enum vn_tcp_state {
	VN_TCP_ESTABLISHED = 1,
	VN_TCP_SYN_SENT = 2,
	VN_TCP_SYN_RECV = 3,
	VN_TCP_FIN_WAIT1 = 4,
	VN_TCP_FIN_WAIT2 = 5,
	VN_TCP_TIME_WAIT = 6,
	VN_TCP_CLOSE = 7,
	VN_TCP_CLOSE_WAIT = 8,
	VN_TCP_LAST_ACK = 9,
	VN_TCP_LISTEN = 10,
	VN_TCP_CLOSING = 11,
};

/* Congestion control algorithms (TCP_CONGESTION). */
enum {
	VN_TCP_CA_CUBIC = 0,	/* the default, as on Linux */
	VN_TCP_CA_RENO = 1,	/* NewReno */
};

/* Flags of vn_sock_sendmsg()/vn_sock_recvmsg(), Linux's MSG_* values. */
#define VN_MSG_PEEK 0x2
#define VN_MSG_DONTWAIT 0x40	/* accepted; every call is non-blocking */
#define VN_MSG_MORE 0x8000
/*
 * VN_MSG_CONFIRM (MSG_CONFIRM): the peer is known to be alive -- it just
 * answered -- so the next hop's neighbour entry is confirmed and stays
 * REACHABLE without probing.
 */
#define VN_MSG_CONFIRM 0x800

/* vn_sock_shutdown() */
#define VN_SHUT_RD 0
#define VN_SHUT_WR 1
#define VN_SHUT_RDWR 2

/* What a received datagram carried besides its payload. */
struct vn_recv_info {
	struct vn_sockaddr from;
	uint8_t ttl;		/* IP TTL as received (IP_RECVTTL) */
	uint32_t ifindex;	/* input interface */
	int64_t tstamp_ns;	/* arrival on the engine clock */
	size_t full_len;	/* the datagram's length before truncation */
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

/* Called when the socket may have become readable, writable or failed. */
typedef void (*vn_sock_wakeup_fn)(struct vn_sock *sock, void *arg);

/* Return: 0 with *out set, -EPROTONOSUPPORT, -ENOMEM. */
int vn_socket(struct vn_netns *ns, int type, int protocol,
	      struct vn_sock **out);
/*
 * Closes @sock for the program.  A TCP connection is shut down as Linux
 * does it (FIN, or RST if unread data remains or SO_LINGER is 0) and
 * finishes in the background; @sock must not be used again.
 */
void vn_sock_close(struct vn_sock *sock);

int vn_sock_bind(struct vn_sock *sock, const struct vn_sockaddr *addr);
/*
 * Datagram sockets: fixes the peer (checks there is a route).  TCP:
 * starts the handshake and returns -EINPROGRESS.
 */
int vn_sock_connect(struct vn_sock *sock, const struct vn_sockaddr *addr);
int vn_sock_listen(struct vn_sock *sock, int backlog);
/* Return: 0 with *out (a new connected socket), or -EAGAIN. */
int vn_sock_accept(struct vn_sock *sock, struct vn_sock **out);
int vn_sock_shutdown(struct vn_sock *sock, int how);

int vn_sock_setopt(struct vn_sock *sock, enum vn_sockopt opt, int value);
int vn_sock_getopt(struct vn_sock *sock, enum vn_sockopt opt, int *value);
/* The local address the socket is bound to (after connect, the source). */
int vn_sock_getname(struct vn_sock *sock, struct vn_sockaddr *addr);
int vn_sock_getpeername(struct vn_sock *sock, struct vn_sockaddr *addr);
/* SO_ERROR: the pending error as -errno (0 if none), cleared. */
int vn_sock_error(struct vn_sock *sock);

/* Return: bytes sent (or queued, for TCP), or -errno. */
ssize_t vn_sock_sendto(struct vn_sock *sock, const void *data, size_t len,
		       const struct vn_sockaddr *to);
ssize_t vn_sock_sendmsg(struct vn_sock *sock, const void *data, size_t len,
			const struct vn_sockaddr *to, int flags);
/* A connected socket's send/recv. */
ssize_t vn_sock_send(struct vn_sock *sock, const void *data, size_t len,
		     int flags);
ssize_t vn_sock_recv(struct vn_sock *sock, void *data, size_t size,
		     int flags);

/*
 * Return: bytes copied (a datagram is truncated to @size), 0 at the end of
 * a TCP stream, -EAGAIN when nothing is there, or a pending error.
 */
ssize_t vn_sock_recvfrom(struct vn_sock *sock, void *data, size_t size,
			 struct vn_recv_info *info);
ssize_t vn_sock_recvmsg(struct vn_sock *sock, void *data, size_t size,
			struct vn_recv_info *info, int flags);
/* Return: 0 with @err filled, or -EAGAIN when the error queue is empty. */
int vn_sock_recv_err(struct vn_sock *sock, struct vn_sock_err *err);

unsigned vn_sock_poll(const struct vn_sock *sock);
void vn_sock_set_wakeup(struct vn_sock *sock, vn_sock_wakeup_fn fn,
			void *arg);

/* The ifindex of interface @name in @ns, or -ENODEV. */
int vn_netns_ifindex(struct vn_netns *ns, const char *name);

#endif
