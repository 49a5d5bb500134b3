/* SPDX-License-Identifier: MIT */
/*
 * cmd/ip_inet.h - what `ip route`, `ip neigh`, arp and sysctl share to read
 * IPv4 arguments the way iproute2 does (utils.c get_addr()/get_prefix(),
 * rt_names.c) and to say so when they are wrong.
 */
#ifndef VN_CMD_IP_INET_H
#define VN_CMD_IP_INET_H

#include "cmd/ip.h"

/* An IPv4 prefix as get_prefix() reads it. */
struct vn_inet_prefix {
	uint32_t addr;		/* host order, as written (not masked) */
	unsigned plen;		/* 32 when no length was given */
	bool any;		/* "default", "any" or "all" */
	bool has_len;		/* "/LEN" or "/MASK" was given */
};

/*
 * get_addr_ipv4(): 1 to 4 dotted parts, each a C number (so "10.1" is
 * 10.1.0.0 and "010" is 8), every part below 256.  Return: 0 or -EINVAL.
 */
int vn_inet_parse_addr(const char *s, uint32_t *addr);

/* get_prefix_1(): "default"/"any"/"all", or ADDR[/LEN|/MASK]. */
int vn_inet_parse_prefix(const char *s, struct vn_inet_prefix *p);

/*
 * iproute2's failure messages for get_addr()/get_prefix(), with @family
 * "any valid" or "inet" as iproute2 names it; both return exit status 1.
 */
int vn_inet_bad_addr(struct vn_ip *ip, const char *family, const char *arg);
int vn_inet_bad_prefix(struct vn_ip *ip, const char *family, const char *arg);

/* rt_names.c: a name or a number (in range), else -EINVAL. */
int vn_rtn_parse(const char *s, uint8_t *type);
int vn_rtprot_parse(const char *s, uint8_t *proto);
int vn_scope_parse(const char *s, uint8_t *scope);
int vn_rt_table_parse(const char *s, uint32_t *id);

/* nud_state_a2n(): a NUD state name or a single-bit number below 0x100. */
int vn_nud_parse(const char *s, uint8_t *state);

#endif
