// SPDX-License-Identifier: MIT
/*
 * dev/bridge_vlan.c - the bridge's VLAN tables (net/bridge/br_vlan.c).
 *
 * Theory of operation.  Every port, and the bridge itself, has a set of
 * VLANs (struct vn_br_vlans: a member bit and an egress-untagged bit per
 * VID, and a PVID).  They exist whether or not filtering is on, as in a
 * kernel built with CONFIG_BRIDGE_VLAN_FILTERING: a new bridge gets VLAN 1
 * as its own PVID, untagged, and each new port gets the default PVID (1
 * unless changed, 0 for none) the same way.  Each VLAN a device is member
 * of gives it a local fdb entry for its MAC in that VLAN; deleting the
 * VLAN deletes that entry and what the port learned in the VLAN.
 *
 * Filtering itself (vlan_filtering 1) is on the packet path in bridge.c:
 * ingress decides a frame's VLAN (its tag, or the port's PVID for an
 * untagged or priority-tagged frame) and drops it if the port is not a
 * member; egress delivers only to member ports, tagged unless the VLAN is
 * untagged there; the bridge device itself is a port for this (its own
 * VLANs decide what it sends and what reaches its stack).
 *
 * The default PVID follows __br_vlan_set_default_pvid(): changing it moves
 * only the ports (and the bridge) whose PVID is still the old default,
 * untagged; 0 removes it from those.
 *
 * Limits: 4094 VLANs per port (1..4094), 1 KiB of bitmaps per port.  Not
 * supported: per-VLAN STP states (`bridge vlan set ... state`), per-VLAN
 * statistics, VLAN tunnels, multicast contexts, global VLAN options.
 */
#include <errno.h>

#include "dev/bridge_priv.h"

static void set_bit(uint64_t *map, uint16_t vid, bool on)
{
	uint64_t bit = (uint64_t)1 << (vid % 64);

	if (on)
		map[vid / 64] |= bit;
	else
		map[vid / 64] &= ~bit;
}

uint16_t vn_br_vlan_next(const struct vn_br_vlans *vg, uint16_t vid)
{
	unsigned v = vid + 1u;

	while (v < VN_VLAN_N_VID) {
		uint64_t w = vg->member[v / 64] >> (v % 64);

		if (w)
			return (uint16_t)(v + (unsigned)__builtin_ctzll(w));
		v = (v | 63u) + 1;
	}
	return 0;
}

/* __vlan_add_flags(): the flags replace what the VLAN had. */
static void set_flags(struct vn_br_vlans *vg, uint16_t vid, unsigned flags)
{
	if (flags & VN_BR_VLAN_PVID)
		vg->pvid = vid;
	else if (vg->pvid == vid)
		vg->pvid = 0;
	set_bit(vg->untagged, vid, flags & VN_BR_VLAN_UNTAGGED);
}

int vn_br_vlan_add(struct vn_bridge *br, struct vn_br_port *p, uint16_t vid,
		   unsigned flags, struct vn_err *err)
{
	struct vn_br_vlans *vg = vn_br_vlans_of(br, p);
	const uint8_t *mac = p ? p->dev->mac : br->dev.mac;

	/* br_afspec(): "!vinfo->vid || vinfo->vid >= VLAN_VID_MASK" */
	if (vid == 0 || vid >= VN_VLAN_VID_MASK)
		return vn_err_rtnl(err, -EINVAL);
	if (!vn_br_vlan_has(vg, vid)) {
		/* __vlan_add(): the device's MAC is local in the VLAN. */
		if (vn_fdb_add_local(&br->fdb, mac, vid, p, vn_br_now(br)) ==
		    -ENOMEM)
			return vn_err_rtnl(err, -ENOMEM);
		set_bit(vg->member, vid, true);
		vg->n_vlans++;
	}
	set_flags(vg, vid, flags);
	return 0;
}

int vn_br_vlan_del(struct vn_bridge *br, struct vn_br_port *p, uint16_t vid)
{
	struct vn_br_vlans *vg = vn_br_vlans_of(br, p);
	const uint8_t *mac = p ? p->dev->mac : br->dev.mac;

	if (vid >= VN_VLAN_N_VID || !vn_br_vlan_has(vg, vid))
		return -ENOENT;
	/* nbp_vlan_delete(), br_vlan_delete(): the fdb first. */
	vn_br_fdb_find_delete_local(br, p, mac, vid);
	vn_br_fdb_delete_by_port(br, p, vid, false);
	set_bit(vg->member, vid, false);
	set_bit(vg->untagged, vid, false);
	if (vg->pvid == vid)
		vg->pvid = 0;
	vg->n_vlans--;
	return 0;
}

void vn_br_vlan_bridge_init(struct vn_bridge *br)
{
	br->vlan_proto = VN_ETH_P_8021Q;
	br->default_pvid = 1;
	vn_br_vlan_add(br, NULL, br->default_pvid,
		       VN_BR_VLAN_PVID | VN_BR_VLAN_UNTAGGED, NULL);
}

void vn_br_vlan_port_init(struct vn_br_port *p)
{
	struct vn_bridge *br = p->br;

	if (br->default_pvid)
		vn_br_vlan_add(br, p, br->default_pvid,
			       VN_BR_VLAN_PVID | VN_BR_VLAN_UNTAGGED, NULL);
}

/* vlan_default_pvid(): @vid is still @vg's PVID, untagged. */
static bool is_default_pvid(const struct vn_br_vlans *vg, uint16_t vid)
{
	return vid && vid == vg->pvid && vn_br_vlan_has(vg, vid) &&
	       vn_br_vlan_untagged(vg, vid);
}

/* br_vlan_disable_default_pvid() */
static void disable_default_pvid(struct vn_bridge *br)
{
	uint16_t pvid = br->default_pvid;
	struct vn_br_port *p;

	if (is_default_pvid(&br->vlans, pvid))
		vn_br_vlan_del(br, NULL, pvid);
	vn_list_for_each(p, &br->ports, link)
		if (is_default_pvid(&p->vlans, pvid))
			vn_br_vlan_del(br, p, pvid);
	br->default_pvid = 0;
}

/* __br_vlan_set_default_pvid(): only where the user did not interfere. */
static void set_default_pvid(struct vn_bridge *br, uint16_t pvid)
{
	const unsigned flags = VN_BR_VLAN_PVID | VN_BR_VLAN_UNTAGGED;
	uint16_t old = br->default_pvid;
	struct vn_br_port *p;

	if (pvid == old)
		return;
	if (!pvid) {
		disable_default_pvid(br);
		return;
	}
	if ((!old || is_default_pvid(&br->vlans, old)) &&
	    !vn_br_vlan_has(&br->vlans, pvid)) {
		vn_br_vlan_add(br, NULL, pvid, flags, NULL);
		vn_br_vlan_del(br, NULL, old);
	}
	vn_list_for_each(p, &br->ports, link) {
		if ((old && !is_default_pvid(&p->vlans, old)) ||
		    vn_br_vlan_has(&p->vlans, pvid))
			continue;
		vn_br_vlan_add(br, p, pvid, flags, NULL);
		vn_br_vlan_del(br, p, old);
	}
	br->default_pvid = pvid;
}

int vn_br_vlan_check_opts(const struct vn_bridge_opts *o, struct vn_err *err)
{
	/* __br_vlan_set_proto() */
	if ((o->set & VN_BROPT_VLAN_PROTOCOL) &&
	    !vn_vlan_is_tpid(o->vlan_proto))
		return vn_err_rtnl(err, -EPROTONOSUPPORT);
	/* The attribute's policy: at most VLAN_VID_MASK - 1 in use. */
	if ((o->set & VN_BROPT_VLAN_DEFAULT_PVID) &&
	    o->default_pvid >= VN_VLAN_VID_MASK)
		return vn_err_set(err, -ERANGE, "Error: integer out of range.");
	if ((o->set & VN_BROPT_VLAN_STATS) && o->vlan_stats)
		return vn_err_set(err, -EOPNOTSUPP,
				  "Error: vnet keeps no per-VLAN counters (vlan_stats_enabled, vlan_stats_per_port).");
	return 0;
}

void vn_br_vlan_apply_opts(struct vn_bridge *br, const struct vn_bridge_opts *o)
{
	/* br_changelink()'s order: filtering, protocol, default PVID. */
	if (o->set & VN_BROPT_VLAN_FILTERING)
		br->vlan_enabled = o->vlan_filtering != 0;
	if (o->set & VN_BROPT_VLAN_PROTOCOL)
		br->vlan_proto = o->vlan_proto;
	if (o->set & VN_BROPT_VLAN_DEFAULT_PVID)
		set_default_pvid(br, o->default_pvid);
}
