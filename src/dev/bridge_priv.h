/* SPDX-License-Identifier: MIT */
/*
 * dev/bridge_priv.h - what the bridge's own files share: the forwarding
 * path (bridge.c) and the VLAN tables (bridge_vlan.c), as Linux's
 * br_private.h does for br_input.c and br_vlan.c.
 */
#ifndef VN_DEV_BRIDGE_PRIV_H
#define VN_DEV_BRIDGE_PRIV_H

#include "dev/bridge.h"

static inline vn_time vn_br_now(const struct vn_bridge *br)
{
	return vn_env_now(br->dev.space->env);
}

/* The VLANs of @p, or of the bridge itself when @p is NULL. */
static inline struct vn_br_vlans *vn_br_vlans_of(struct vn_bridge *br,
						 struct vn_br_port *p)
{
	return p ? &p->vlans : &br->vlans;
}

/*
 * vn_br_fdb_delete_local() - a local entry goes away unless another port
 * with that MAC (and that VLAN), or the bridge, still has it
 * (fdb_delete_local()).  @p is the port giving it up, NULL for the bridge.
 */
void vn_br_fdb_delete_local(struct vn_bridge *br, const struct vn_br_port *p,
			    struct vn_fdb_entry *f);

/* br_fdb_find_delete_local(): @p's own local entry for (@addr, @vid). */
void vn_br_fdb_find_delete_local(struct vn_bridge *br,
				 const struct vn_br_port *p,
				 const uint8_t *addr, uint16_t vid);

/*
 * br_fdb_delete_by_port(): the entries pointing to @p (NULL: the bridge);
 * without @do_all only dynamic ones, and only in @vid unless it is 0.
 */
void vn_br_fdb_delete_by_port(struct vn_bridge *br,
			      const struct vn_br_port *p, uint16_t vid,
			      bool do_all);

/* br_vlan_init() and the NETDEV_REGISTER event: default PVID 1, self. */
void vn_br_vlan_bridge_init(struct vn_bridge *br);

/* nbp_vlan_init(): a new port gets the default PVID, untagged. */
void vn_br_vlan_port_init(struct vn_br_port *p);

/* The VLAN options of vn_bridge_change(): check, then apply. */
int vn_br_vlan_check_opts(const struct vn_bridge_opts *o, struct vn_err *err);
void vn_br_vlan_apply_opts(struct vn_bridge *br,
			   const struct vn_bridge_opts *o);

#endif
