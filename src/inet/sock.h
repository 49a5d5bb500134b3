/* SPDX-License-Identifier: MIT */
/*
 * inet/sock.h - the sockets behind include/vnet/socket.h.
 */
#ifndef VN_INET_SOCK_H
#define VN_INET_SOCK_H

#include "inet/inet.h"
#include "vnet/socket.h"

#define VN_SOCK_ERRQ_MAX 64

struct vn_sock {
	struct vn_inet *inet;
	int type;
	int proto;
	struct vn_hnode node;	/* in the table, by (proto, port) */
	struct vn_list link;
	bool hashed;
	uint32_t laddr;
	uint16_t lport;		/* for ping sockets: the echo identifier */
	uint32_t raddr;
	uint16_t rport;
	bool connected;
	int bound_ifindex;
	uint8_t ttl;		/* 0: the namespace default */
	struct vn_bufq rxq;
	uint32_t rx_bytes;
	uint32_t rcvbuf;
	struct vn_sock_err errq[VN_SOCK_ERRQ_MAX];
	uint32_t errq_head, errq_len;
	vn_sock_wakeup_fn wakeup;
	void *wakeup_arg;
};

struct vn_socktab {
	struct vn_hmap by_port;
	struct vn_list all;
	uint16_t ping_rover;
};

void vn_socktab_init(struct vn_inet *inet);
void vn_socktab_fini(struct vn_inet *inet);

/* Creates a socket in @inet (the namespace's vn_socket() calls this). */
int vn_inet_socket(struct vn_inet *inet, int type, int protocol,
		   struct vn_sock **out);

/*
 * An echo reply arrived (data at the ICMP header, IP header before it).
 * Consumes @buf.
 */
void vn_ping_input(struct vn_inet *inet, struct vn_buf *buf);

/*
 * An ICMP error about one of our echoes: @inner points at the quoted IPv4
 * header (with at least 8 bytes of ICMP after it).
 */
void vn_ping_err(struct vn_inet *inet, const uint8_t *inner, size_t len,
		 uint8_t type, uint8_t code, uint32_t info, uint32_t offender);

/* The devices a socket used is going away: unbind sockets bound to it. */
void vn_sock_dev_gone(struct vn_inet *inet, const struct vn_dev *dev);

#endif
