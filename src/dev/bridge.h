/* SPDX-License-Identifier: MIT */
/*
 * dev/bridge.h - the Linux-style learning bridge as a device.
 */
#ifndef VN_DEV_BRIDGE_H
#define VN_DEV_BRIDGE_H

#include "bridge/fdb.h"
#include "dev/dev.h"

/* Port flags: Linux's BR_* bits, names as `bridge link` prints them. */
#define VN_BRPORT_FLAGS(X)                     \
	X(HAIRPIN, 0x1, "hairpin")             \
	X(LEARNING, 0x20, "learning")          \
	X(FLOOD, 0x40, "flood")                \
	X(MCAST_FLOOD, 0x4000, "mcast_flood")  \
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

struct vn_bridge;

struct vn_br_port {
	struct vn_bridge *br;
	struct vn_dev *dev;
	struct vn_list link;	/* in the bridge, port_no order */
	uint16_t port_no;
	uint16_t priority;
	uint32_t cost;
	uint32_t flags;		/* VN_BRPORT_* */
	uint8_t state;		/* enum vn_br_port_state */
};

struct vn_bridge {
	struct vn_dev dev;
	struct vn_list ports;
	uint32_t n_ports;
	struct vn_fdb fdb;
	struct vn_timer gc_timer;
	bool mtu_set_by_user;
	uint16_t priority;	/* bridge id priority */
	uint16_t group_fwd_mask;
	bool stp_enabled;	/* STP itself is not implemented yet */
	uint64_t n_flood_drops;
};

/* `ip link add NAME type bridge` / `brctl addbr NAME`. */
int vn_bridge_create(struct vn_devspace *space, const char *name,
		     struct vn_dev **out, struct vn_err *err);

bool vn_dev_is_bridge(const struct vn_dev *dev);
struct vn_bridge *vn_bridge_of(struct vn_dev *dev);

/* The port a device is, or NULL if it is not a bridge port. */
struct vn_br_port *vn_br_port_of(const struct vn_dev *dev);

const char *vn_br_port_state_name(uint8_t state);
/* A port flag by its `bridge link` name, or 0. */
uint32_t vn_br_port_flag_by_name(const char *name);

void vn_br_port_set_flags(struct vn_br_port *p, uint32_t mask, uint32_t set);

/* Ageing time; 0 disables learning (entries expire at once). */
void vn_bridge_set_ageing(struct vn_bridge *br, vn_time ageing);
void vn_bridge_set_max_learned(struct vn_bridge *br, uint32_t max);

/*
 * vn_bridge_fdb_add() - `bridge fdb add MAC dev PORT master [static]`
 * @port: the port, or NULL for the bridge itself
 * Return: 0, -EEXIST (and @replace false), -ENOMEM.
 */
int vn_bridge_fdb_add(struct vn_bridge *br, struct vn_br_port *port,
		      const uint8_t *mac, uint16_t vid, enum vn_fdb_kind kind,
		      bool replace, struct vn_err *err);
int vn_bridge_fdb_del(struct vn_bridge *br, struct vn_br_port *port,
		      const uint8_t *mac, uint16_t vid, struct vn_err *err);

/* Deletes expired entries now (before listing them). */
void vn_bridge_fdb_gc(struct vn_bridge *br);

/* The bridge id as brctl prints it: "8000.aabbccddeeff". */
void vn_bridge_id_format(const struct vn_bridge *br, char *buf, size_t size);

#endif
