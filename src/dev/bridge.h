/* SPDX-License-Identifier: MIT */
/*
 * dev/bridge.h - the Linux-style learning bridge as a device.
 *
 * The bridge and its ports, the control operations the `ip`, `bridge` and
 * `brctl` commands share (validate everything, then apply), and the
 * read-only state they print.  The packet path is in bridge.c.
 */
#ifndef VN_DEV_BRIDGE_H
#define VN_DEV_BRIDGE_H

#include "bridge/fdb.h"
#include "dev/dev.h"
#include "wire/vlan.h"

/* Port flags: Linux's BR_* bits, names as `bridge link` prints them. */
#define VN_BRPORT_FLAGS(X)                      \
	X(HAIRPIN, 0x1, "hairpin")              \
	X(LEARNING, 0x20, "learning")           \
	X(FLOOD, 0x40, "flood")                 \
	X(MCAST_FLOOD, 0x4000, "mcast_flood")   \
	X(BCAST_FLOOD, 0x100000, "bcast_flood") \
	X(ISOLATED, 0x400000, "isolated")

enum {
#define VN_BRPORT_ENUM(name, bit, text) VN_BRPORT_##name = bit,
	VN_BRPORT_FLAGS(VN_BRPORT_ENUM)
#undef VN_BRPORT_ENUM
};

/* Port states, 802.1D numbering as Linux (BR_STATE_*). */
enum vn_br_port_state {
	VN_BR_STATE_DISABLED = 0,
	VN_BR_STATE_LISTENING = 1,
	VN_BR_STATE_LEARNING = 2,
	VN_BR_STATE_FORWARDING = 3,
	VN_BR_STATE_BLOCKING = 4,
};

/* stp_state values (BR_NO_STP, BR_KERNEL_STP). */
#define VN_BR_NO_STP 0
#define VN_BR_KERNEL_STP 1

/* Limits of net/bridge/br_private.h and br_stp.c. */
#define VN_BR_MAX_PORTS 1024
#define VN_BR_MAX_PORT_PRIORITY 63
#define VN_BR_MIN_PATH_COST 1
#define VN_BR_MAX_PATH_COST 65535
#define VN_BR_MIN_HELLO_TIME (1 * VN_SEC)
#define VN_BR_MAX_HELLO_TIME (10 * VN_SEC)
#define VN_BR_MIN_MAX_AGE (6 * VN_SEC)
#define VN_BR_MAX_MAX_AGE (40 * VN_SEC)
#define VN_BR_MIN_FORWARD_DELAY (2 * VN_SEC)
#define VN_BR_MAX_FORWARD_DELAY (30 * VN_SEC)
#define VN_BR_GROUPFWD_RESTRICTED 0x0007u
/* Beyond this an ageing time is "forever" (keeps time sums in range). */
#define VN_BR_MAX_AGEING ((vn_time)1 << 62)

/* A bridge id: priority and MAC, as struct bridge_id / ifla_bridge_id. */
struct vn_br_id {
	uint16_t prio;
	uint8_t addr[VN_ETH_ALEN];
};

/*
 * The VLANs of a port, or the bridge's own (net_bridge_vlan_group): one
 * bit per VID for "member" and for "egress untagged", and the PVID.  For
 * the bridge itself only entries Linux calls BRENTRY are kept (the ones
 * `bridge vlan add dev BR vid N self` made); its other "master" entries
 * only carry per-VLAN contexts vnet does not have.
 */
#define VN_BR_VLAN_WORDS (VN_VLAN_N_VID / 64)

struct vn_br_vlans {
	uint64_t member[VN_BR_VLAN_WORDS];
	uint64_t untagged[VN_BR_VLAN_WORDS];
	uint16_t pvid;		/* 0: none, untagged frames are refused */
	uint16_t n_vlans;
};

/* `bridge vlan add` flags: Linux's BRIDGE_VLAN_INFO_PVID and _UNTAGGED. */
#define VN_BR_VLAN_PVID 0x2
#define VN_BR_VLAN_UNTAGGED 0x4

static inline bool vn_br_vlan_has(const struct vn_br_vlans *vg, uint16_t vid)
{
	return vg->member[vid / 64] >> (vid % 64) & 1;
}

static inline bool vn_br_vlan_untagged(const struct vn_br_vlans *vg,
				       uint16_t vid)
{
	return vg->untagged[vid / 64] >> (vid % 64) & 1;
}

/* The next VID of @vg above @vid (0 starts), or 0 at the end. */
uint16_t vn_br_vlan_next(const struct vn_br_vlans *vg, uint16_t vid);

struct vn_bridge;

struct vn_br_port {
	struct vn_bridge *br;
	struct vn_dev *dev;
	struct vn_list link;	/* in the bridge, newest first (port_list) */
	uint16_t port_no;
	uint16_t port_id;	/* priority << 10 | port_no */
	uint8_t priority;	/* 0..63 */
	uint8_t state;		/* enum vn_br_port_state */
	uint32_t path_cost;
	uint32_t flags;		/* VN_BRPORT_* */
	/* 802.1D port information; no BPDUs yet, so always our own. */
	struct vn_br_id designated_root;
	struct vn_br_id designated_bridge;
	uint16_t designated_port;
	uint32_t designated_cost;
	vn_time fd_timer;	/* forward delay timer expiry, 0: idle */
	struct vn_br_vlans vlans;
};

struct vn_bridge {
	struct vn_dev dev;
	struct vn_list ports;
	uint32_t n_ports;
	struct vn_fdb fdb;
	struct vn_timer gc_timer;
	vn_time up_since;	/* when the bridge was last opened */
	bool mtu_set_by_user;
	uint8_t own_mac[VN_ETH_ALEN]; /* dev.mac before a user change */
	struct vn_br_id bridge_id;
	uint8_t stp_enabled;	/* stored and shown; STP does not run yet */
	uint16_t group_fwd_mask;
	vn_time forward_delay;
	vn_time hello_time;
	vn_time max_age;
	uint64_t n_flood_drops;
	/* 802.1Q (br_vlan.c) */
	bool vlan_enabled;	/* vlan_filtering */
	uint16_t vlan_proto;	/* VN_ETH_P_8021Q or VN_ETH_P_8021AD */
	uint16_t default_pvid;	/* given to new ports; 0: none */
	struct vn_br_vlans vlans; /* the bridge's own (`self`) */
};

/* `ip link add NAME type bridge` / `brctl addbr NAME`. */
int vn_bridge_create(struct vn_devspace *space, const char *name,
		     struct vn_dev **out, struct vn_err *err);

bool vn_dev_is_bridge(const struct vn_dev *dev);
/* The bridge @dev is, or NULL. */
struct vn_bridge *vn_bridge_of(struct vn_dev *dev);

/* The port a device is, or NULL if it is not a bridge port. */
struct vn_br_port *vn_br_port_of(const struct vn_dev *dev);

const char *vn_br_port_state_name(uint8_t state);
/* A port flag by its `bridge link` name, or 0. */
uint32_t vn_br_port_flag_by_name(const char *name);

/* --- changing a bridge (ip link type bridge, brctl set*) --------------- */

#define VN_BROPT_AGEING 0x01
#define VN_BROPT_FORWARD_DELAY 0x02
#define VN_BROPT_HELLO_TIME 0x04
#define VN_BROPT_MAX_AGE 0x08
#define VN_BROPT_PRIORITY 0x10
#define VN_BROPT_STP 0x20
#define VN_BROPT_GROUP_FWD_MASK 0x40
#define VN_BROPT_MAX_LEARNED 0x80
#define VN_BROPT_VLAN_FILTERING 0x100
#define VN_BROPT_VLAN_PROTOCOL 0x200
#define VN_BROPT_VLAN_DEFAULT_PVID 0x400
#define VN_BROPT_VLAN_STATS 0x800

struct vn_bridge_opts {
	uint32_t set;		/* VN_BROPT_* present */
	vn_time ageing;
	vn_time forward_delay;
	vn_time hello_time;
	vn_time max_age;
	uint16_t priority;
	uint8_t stp;		/* 0 off, anything else on */
	uint16_t group_fwd_mask;
	uint32_t max_learned;
	uint8_t vlan_filtering;	/* 0 off, anything else on */
	uint16_t vlan_proto;
	uint16_t default_pvid;
	uint8_t vlan_stats;	/* only 0: vnet keeps no per-VLAN counters */
};

/**
 * vn_bridge_change() - apply bridge options, as br_changelink()
 * @br: the bridge
 * @o: what to change
 * @err: gets iproute2's message on failure
 *
 * Checks every option first (hello time 1..10 s, max age 6..40 s,
 * forward delay 2..30 s while STP is on, no restricted bits in
 * group_fwd_mask, a VLAN protocol of 802.1Q or 802.1ad, a default PVID
 * below 4095) and changes nothing if one is refused.  Turning STP on
 * clamps the forward delay into range as br_stp_start() does; the VLAN
 * options apply as br_vlan_filter_toggle(), __br_vlan_set_proto() and
 * __br_vlan_set_default_pvid() do.
 *
 * Context: control path.
 * Return: 0, -ERANGE, -EINVAL, -EPROTONOSUPPORT or -EOPNOTSUPP.
 */
int vn_bridge_change(struct vn_bridge *br, const struct vn_bridge_opts *o,
		     struct vn_err *err);

/* --- changing a port (bridge link set, ip link type bridge_slave) ------ */

#define VN_BRPORT_OPT_COST 0x1
#define VN_BRPORT_OPT_PRIORITY 0x2
#define VN_BRPORT_OPT_STATE 0x4

struct vn_br_port_opts {
	uint32_t set;		/* VN_BRPORT_OPT_* present */
	uint32_t flag_mask;	/* VN_BRPORT_* to change ... */
	uint32_t flag_set;	/* ... to these values */
	uint32_t cost;
	uint32_t priority;
	uint32_t state;
};

/**
 * vn_br_port_change() - apply port options, as br_setport()
 * @p: the port
 * @o: what to change
 * @err: gets the message on failure
 *
 * Flags first, then path cost (1..65535), priority (0..63) and state
 * (br_set_port_state(): 0..4, not while STP is on, not while the bridge
 * is down or the port has no carrier unless disabling).  Everything is
 * checked before anything changes, where Linux keeps the flags it set
 * before a later attribute failed.
 *
 * Context: control path.
 * Return: 0, -ERANGE, -EINVAL, -EBUSY or -ENETDOWN.
 */
int vn_br_port_change(struct vn_br_port *p, const struct vn_br_port_opts *o,
		      struct vn_err *err);

/* --- the fdb as `bridge fdb` sees it ------------------------------------ */

/**
 * vn_bridge_fdb_add() - `bridge fdb add|replace|append MAC dev X`
 * @br: the bridge
 * @port: the port, or NULL for the bridge itself (`dev BR self`)
 * @mac: the address
 * @vid: VLAN id; 0: none, plus every VLAN of the port (or the bridge)
 * @kind: local (permanent), static or dynamic
 * @nlflags: VN_FDB_CREATE and VN_FDB_EXCL as fdb_add_entry() takes them
 * @err: error slot
 *
 * As br_fdb_add(): a VID must be a VLAN of the port (of the bridge for
 * `self`); without one the entry is made for VID 0 and for each VLAN of
 * the port too.
 *
 * Return: 0, -EINVAL (zero address, a VLAN the port lacks, or not local
 * towards the bridge), -EPERM (dynamic on a port that cannot learn),
 * -EEXIST, -ENOENT, -ENOMEM.
 */
int vn_bridge_fdb_add(struct vn_bridge *br, struct vn_br_port *port,
		      const uint8_t *mac, uint16_t vid, enum vn_fdb_kind kind,
		      unsigned nlflags, struct vn_err *err);

/*
 * `bridge fdb del`: the entry must point to @port; without a VID, for VID
 * 0 and each VLAN of the port, succeeding if any went (br_fdb_delete()).
 * 0, -EINVAL (a VLAN the port lacks) or -ENOENT.
 */
int vn_bridge_fdb_del(struct vn_bridge *br, struct vn_br_port *port,
		      const uint8_t *mac, uint16_t vid, struct vn_err *err);

/* `bridge fdb flush`: deletes what @d matches, local entries included. */
void vn_bridge_fdb_flush(struct vn_bridge *br,
			 const struct vn_fdb_flush_desc *d);

/* Deletes expired entries now (before listing them). */
void vn_bridge_fdb_gc(struct vn_bridge *br);

/* --- VLANs (bridge vlan) ------------------------------------------------ */

/**
 * vn_br_vlan_add() - `bridge vlan add dev DEV vid VID [pvid] [untagged]`
 * @br: the bridge
 * @p: the port, or NULL for the bridge itself (`self`)
 * @vid: 1..4094
 * @flags: VN_BR_VLAN_PVID and/or VN_BR_VLAN_UNTAGGED; as nbp_vlan_add(),
 *         re-adding a VLAN replaces its flags (a PVID not named again is
 *         no longer the PVID)
 * @err: error slot
 *
 * A new VLAN gets a local fdb entry for the device's MAC in that VLAN.
 * Context: control path; allocates.
 * Return: 0, -EINVAL (VID out of range) or -ENOMEM.
 */
int vn_br_vlan_add(struct vn_bridge *br, struct vn_br_port *p, uint16_t vid,
		   unsigned flags, struct vn_err *err);

/*
 * vn_br_vlan_del() - `bridge vlan del dev DEV vid VID`: the VLAN, its local
 * entry and what the port learned in it go (nbp_vlan_delete(),
 * br_vlan_delete()).  0 or -ENOENT.
 */
int vn_br_vlan_del(struct vn_bridge *br, struct vn_br_port *p, uint16_t vid);

/* --- what brctl and ip -d print ------------------------------------------ */

/* The bridge id as brctl prints it: "8000.aabbccddeeff". */
void vn_br_id_format(const struct vn_br_id *id, char *buf, size_t size);

/* Seconds left on the gc timer as Linux would show it (0 when down). */
vn_time vn_bridge_gc_timer_left(const struct vn_bridge *br);
/* Seconds left on a port's forward delay timer. */
vn_time vn_br_port_fd_timer_left(const struct vn_br_port *p);

/* Is the bridge the root (always, until STP runs). */
static inline bool vn_bridge_is_root(const struct vn_bridge *br)
{
	(void)br;
	return true;
}

#endif
