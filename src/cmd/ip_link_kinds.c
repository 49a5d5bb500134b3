// SPDX-License-Identifier: MIT
/*
 * cmd/ip_link_kinds.c - the device kinds `ip link add ... type KIND`
 * knows, one line each; each kind's code lives in its own file.
 */
#include "cmd/ip.h"

extern const struct vn_ip_link_kind vn_ip_kind_veth;
extern const struct vn_ip_link_kind vn_ip_kind_bridge;
extern const struct vn_ip_link_kind vn_ip_kind_tap;
extern const struct vn_ip_link_kind vn_ip_kind_afpacket;
extern const struct vn_ip_link_kind vn_ip_kind_macvlan;
extern const struct vn_ip_link_kind vn_ip_kind_macvtap;
extern const struct vn_ip_link_kind vn_ip_kind_vlan;

static const struct vn_ip_link_kind *const kinds[] = {
	&vn_ip_kind_veth,
	&vn_ip_kind_bridge,
	&vn_ip_kind_tap,
	&vn_ip_kind_afpacket,
	&vn_ip_kind_macvlan,
	&vn_ip_kind_macvtap,
	&vn_ip_kind_vlan,
};

const struct vn_ip_link_kind *vn_ip_link_kind(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(kinds[i]->kind, kind))
			return kinds[i];
	return NULL;
}

const struct vn_ip_link_kind *vn_ip_link_kind_of(const struct vn_dev *dev)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kinds[i]->owns && kinds[i]->owns(dev))
			return kinds[i];
	return NULL;
}
