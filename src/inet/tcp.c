// SPDX-License-Identifier: MIT
/*
 * inet/tcp.c - TCP (being written).  Until it lands, stream sockets are
 * refused and segments for us are answered as by a host without
 * listeners: dropped and counted.
 */
#include <errno.h>

#include "inet/sock.h"

int vn_tcp_create(struct vn_inet *inet, struct vn_sock **out)
{
	(void)inet;
	(void)out;
	return -EPROTONOSUPPORT;
}

void vn_tcp_input(struct vn_inet *inet, struct vn_buf *buf)
{
	(void)inet;
	vn_buf_drop(buf, VN_DROP_IP_UNKNOWN_PROTO);
}

void vn_tcp_err(struct vn_inet *inet, const uint8_t *inner, size_t len,
		uint8_t type, uint8_t code, uint32_t info, uint32_t offender)
{
	(void)inet;
	(void)inner;
	(void)len;
	(void)type;
	(void)code;
	(void)info;
	(void)offender;
}

void vn_tcp_init(struct vn_inet *inet)
{
	(void)inet;
}

void vn_tcp_fini(struct vn_inet *inet)
{
	(void)inet;
}

bool vn_tcp_bind_conflict(const struct vn_sock *s, uint16_t port)
{
	(void)s;
	(void)port;
	return false;
}
