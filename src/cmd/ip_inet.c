// SPDX-License-Identifier: MIT
/*
 * cmd/ip_inet.c - iproute2's IPv4 argument readers (lib/utils.c
 * get_addr_ipv4(), get_prefix_1(), get_netmask(); lib/rt_names.c) for
 * the commands of the IPv4 stack.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/ip_inet.h"
#include "inet/inet.h"
#include "inet/neigh.h"
#include "wire/ipv4.h"

int vn_inet_parse_addr(const char *s, uint32_t *addr)
{
	uint32_t a = 0;
	const char *cp = s;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned long n;
		char *end;

		/* strtoul() would take a sign or blanks: iproute2 too, but
		 * nobody writes "- 1.2.3.4"; refuse them. */
		if (*cp < '0' || *cp > '9')
			return -EINVAL;
		errno = 0;
		n = strtoul(cp, &end, 0);
		if (errno || n > 255 || end == cp)
			return -EINVAL;
		a |= (uint32_t)n << (24 - 8 * i);
		if (*end == '\0')
			break;
		if (i == 3 || *end != '.')
			return -EINVAL;
		cp = end + 1;
	}
	*addr = a;
	return 0;
}

/* get_netmask(): a length, or a dotted mask of contiguous ones. */
static int parse_netmask(const char *s, unsigned *plen)
{
	uint32_t mask;
	char *end;
	unsigned long v;

	if (*s >= '0' && *s <= '9' && !strchr(s, '.')) {
		errno = 0;
		v = strtoul(s, &end, 0);
		if (errno || *end || end == s)
			return -EINVAL;
		*plen = (unsigned)(v > 255 ? 255 : v);
		return v > 32 ? -EINVAL : 0;
	}
	if (vn_inet_parse_addr(s, &mask))
		return -EINVAL;
	/* mask2bits(): ones followed by zeros only. */
	if (mask & (~mask >> 1))
		return -EINVAL;
	*plen = (unsigned)__builtin_popcount(mask);
	return 0;
}

int vn_inet_parse_prefix(const char *s, struct vn_inet_prefix *p)
{
	char tmp[64];
	const char *slash;
	size_t n;

	memset(p, 0, sizeof(*p));
	if (!strcmp(s, "default") || !strcmp(s, "any") || !strcmp(s, "all")) {
		p->any = true;
		p->has_len = true;
		p->plen = 0;
		return 0;
	}
	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	if (n >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (vn_inet_parse_addr(tmp, &p->addr))
		return -EINVAL;
	p->plen = 32;
	if (slash) {
		if (parse_netmask(slash + 1, &p->plen))
			return -EINVAL;
		p->has_len = true;
	}
	return 0;
}

int vn_inet_bad_addr(struct vn_ip *ip, const char *family, const char *arg)
{
	vn_job_eprintf(ip->job,
		       "Error: %s address is expected rather than \"%s\".\n",
		       family, arg);
	return IP_EXIT_LOOKUP;
}

int vn_inet_bad_prefix(struct vn_ip *ip, const char *family, const char *arg)
{
	vn_job_eprintf(ip->job,
		       "Error: %s prefix is expected rather than \"%s\".\n",
		       family, arg);
	return IP_EXIT_LOOKUP;
}

/* A number with strtoul(.., 0) semantics, the whole string, <= max. */
static int parse_number(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int vn_rtn_parse(const char *s, uint8_t *type)
{
	unsigned long v;

	if (!strcmp(s, "local"))
		v = VN_RTN_LOCAL;
	else if (!strcmp(s, "nat"))
		v = VN_RTN_NAT;
	else if (vn_matches(s, "broadcast") || !strcmp(s, "brd"))
		v = VN_RTN_BROADCAST;
	else if (vn_matches(s, "anycast"))
		v = VN_RTN_ANYCAST;
	else if (vn_matches(s, "multicast"))
		v = VN_RTN_MULTICAST;
	else if (vn_matches(s, "prohibit"))
		v = VN_RTN_PROHIBIT;
	else if (vn_matches(s, "unreachable"))
		v = VN_RTN_UNREACHABLE;
	else if (vn_matches(s, "blackhole"))
		v = VN_RTN_BLACKHOLE;
	else if (vn_matches(s, "unicast"))
		v = VN_RTN_UNICAST;
	else if (!strcmp(s, "throw"))
		v = VN_RTN_THROW;
	else if (parse_number(s, 255, &v))
		return -EINVAL;
	*type = (uint8_t)v;
	return 0;
}

int vn_rtprot_parse(const char *s, uint8_t *proto)
{
	unsigned long v;
	char buf[8];

	for (unsigned i = 0; i < 256; i++) {
		const char *name = vn_rtprot_name((uint8_t)i, buf, sizeof(buf));

		if (name != buf && !strcmp(name, s)) {
			*proto = (uint8_t)i;
			return 0;
		}
	}
	if (parse_number(s, 255, &v))
		return -EINVAL;
	*proto = (uint8_t)v;
	return 0;
}

int vn_scope_parse(const char *s, uint8_t *scope)
{
	unsigned long v;
	char buf[8];

	for (unsigned i = 0; i < 256; i++) {
		const char *name = vn_scope_name((uint8_t)i, buf, sizeof(buf));

		if (name != buf && !strcmp(name, s)) {
			*scope = (uint8_t)i;
			return 0;
		}
	}
	if (parse_number(s, 255, &v))
		return -EINVAL;
	*scope = (uint8_t)v;
	return 0;
}

int vn_rt_table_parse(const char *s, uint32_t *id)
{
	unsigned long v;

	if (!strcmp(s, "local"))
		v = VN_RT_TABLE_LOCAL;
	else if (!strcmp(s, "main"))
		v = VN_RT_TABLE_MAIN;
	else if (!strcmp(s, "default"))
		v = VN_RT_TABLE_DEFAULT;
	else if (!strcmp(s, "unspec"))
		v = VN_RT_TABLE_UNSPEC;
	else if (parse_number(s, UINT32_MAX, &v))
		return -EINVAL;
	*id = (uint32_t)v;
	return 0;
}

int vn_nud_parse(const char *s, uint8_t *state)
{
	unsigned long v;

	if (vn_matches(s, "permanent"))
		v = VN_NUD_PERMANENT;
	else if (vn_matches(s, "reachable"))
		v = VN_NUD_REACHABLE;
	else if (!strcmp(s, "noarp"))
		v = VN_NUD_NOARP;
	else if (!strcmp(s, "none"))
		v = VN_NUD_NONE;
	else if (!strcmp(s, "stale"))
		v = VN_NUD_STALE;
	else if (!strcmp(s, "incomplete"))
		v = VN_NUD_INCOMPLETE;
	else if (!strcmp(s, "delay"))
		v = VN_NUD_DELAY;
	else if (!strcmp(s, "probe"))
		v = VN_NUD_PROBE;
	else if (vn_matches(s, "failed"))
		v = VN_NUD_FAILED;
	else if (parse_number(s, UINT32_MAX, &v) || v >= 0x100 ||
		 (v & (v - 1)))
		return -EINVAL;
	*state = (uint8_t)v;
	return 0;
}
