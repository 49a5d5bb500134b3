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
};

/**
 * vn_bridge_change() - apply bridge options, as br_changelink()
 * @br: the bridge
 * @o: what to change
 * @err: gets iproute2's message on failure
 *
 * Checks every option first (hello time 1..10 s, max age 6..40 s,
 * forward delay 2..30 s while STP is on, no restricted bits in
 * group_fwd_mask) and changes nothing if one is refused.  Turning STP on
 * clamps the forward delay into range as br_stp_start() does.
 *
 * Context: control path.
 * Return: 0, -ERANGE or -EINVAL.
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
 * @vid: VLAN id; only 0 until VLAN filtering exists
 * @kind: local (permanent), static or dynamic
 * @nlflags: VN_FDB_CREATE and VN_FDB_EXCL as fdb_add_entry() takes them
 * @err: error slot
 *
 * Return: 0, -EINVAL (zero address, a VLAN, or not local towards the
 * bridge), -EPERM (dynamic on a port that cannot learn), -EEXIST,
 * -ENOENT, -ENOMEM.
 */
int vn_bridge_fdb_add(struct vn_bridge *br, struct vn_br_port *port,
		      const uint8_t *mac, uint16_t vid, enum vn_fdb_kind kind,
		      unsigned nlflags, struct vn_err *err);

/* `bridge fdb del`: the entry must point to @port.  0 or -ENOENT. */
int vn_bridge_fdb_del(struct vn_bridge *br, struct vn_br_port *port,
		      const uint8_t *mac, uint16_t vid, struct vn_err *err);

/* `bridge fdb flush`: deletes what @d matches, local entries included. */
void vn_bridge_fdb_flush(struct vn_bridge *br,
			 const struct vn_fdb_flush_desc *d);

/* Deletes expired entries now (before listing them). */
void vn_bridge_fdb_gc(struct vn_bridge *br);

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
