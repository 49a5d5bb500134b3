// SPDX-License-Identifier: MIT
/*
 * wire/ipv4.c - IPv4 address text forms.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "wire/ipv4.h"

char *vn_ipv4_format(char *buf, uint32_t a)
{
	snprintf(buf, VN_IPV4_STRLEN, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
		 (a >> 8) & 0xff, a & 0xff);
	return buf;
}

int vn_ipv4_parse(const char *s, uint32_t *addr)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return -EINVAL;
	*addr = ntohl(in.s_addr);
	return 0;
}

int vn_ipv4_parse_prefix(const char *s, uint32_t *addr, unsigned *plen)
{
	char tmp[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	char *end;
	long v;

	if (n >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (vn_ipv4_parse(tmp, addr))
		return -EINVAL;
	if (!slash) {
		*plen = 32;
		return 0;
	}
	if (!slash[1])
		return -EINVAL;
	v = strtol(slash + 1, &end, 10);
	if (*end || v < 0 || v > 32)
		return -EINVAL;
	*plen = (unsigned)v;
	return 0;
}
