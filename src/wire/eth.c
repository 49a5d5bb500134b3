// SPDX-License-Identifier: MIT
/*
 * wire/eth.c - MAC address text forms.
 */
#include <errno.h>
#include <stdio.h>

#include "wire/eth.h"

char *vn_mac_format(char *buf, const uint8_t *mac)
{
	snprintf(buf, VN_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
		 mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int vn_mac_parse(const char *s, uint8_t *mac)
{
	for (int i = 0; i < VN_ETH_ALEN; i++) {
		int hi, lo;

		hi = hexval(*s++);
		if (hi < 0)
			return -EINVAL;
		lo = hexval(*s);
		if (lo >= 0) {
			s++;
			mac[i] = (uint8_t)(hi << 4 | lo);
		} else {
			mac[i] = (uint8_t)hi;
		}
		if (i < VN_ETH_ALEN - 1 && *s++ != ':')
			return -EINVAL;
	}
	return *s ? -EINVAL : 0;
}
