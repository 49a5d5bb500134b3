/* SPDX-License-Identifier: MIT */
/*
 * dev/dev.h - network devices: the object, its ops, the device space of a
 * namespace, and the receive backlog.
 *
 * A device kind embeds struct vn_dev and provides a struct vn_dev_ops.
 * Frames enter the stack through vn_dev_receive() and leave through
 * vn_dev_xmit(); both count, feed sniffers (captures), and check the device
 * is up.  A device with a master (a bridge port) has an rx handler that sees
 * received frames first, as Linux's netdev_rx_handler_register().
 *
 * In-process delivery is asynchronous: a driver that hands a frame to
 * another device (veth, loopback) calls vn_backlog_enqueue(), and the
 * engine's loop later calls vn_dev_receive().  This is the kernel's
 * per-CPU backlog (netif_rx): it keeps the stack bounded when the topology
 * has loops and gives kernel-like ordering.
 */
#ifndef VN_DEV_DEV_H
#define VN_DEV_DEV_H

#include "base/buf.h"
#include "base/env.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/list.h"
#include "wire/eth.h"

#define VN_IFNAMSIZ 16

/* Interface flags: Linux's IFF_* values, so JSON and masks match. */
#define VN_IFF_UP 0x1
#define VN_IFF_BROADCAST 0x2
#define VN_IFF_LOOPBACK 0x8
#define VN_IFF_POINTOPOINT 0x10
#define VN_IFF_NOARP 0x80
#define VN_IFF_PROMISC 0x100
#define VN_IFF_ALLMULTI 0x200
#define VN_IFF_MULTICAST 0x1000
#define VN_IFF_LOWER_UP 0x10000

#define VN_ARPHRD_ETHER 1
#define VN_ARPHRD_LOOPBACK 772

/* How the MAC was chosen (Linux's NET_ADDR_*). */
enum vn_addr_assign {
	VN_ADDR_PERM = 0,
	VN_ADDR_RANDOM = 1,
	VN_ADDR_STOLEN = 2,
	VN_ADDR_SET = 3,
};

struct vn_dev_stats {
	uint64_t rx_packets, rx_bytes, rx_errors, rx_dropped, rx_missed;
	uint64_t multicast;
	uint64_t tx_packets, tx_bytes, tx_errors, tx_dropped, tx_carrier;
	uint64_t collisions;
	uint64_t rx_length_errors;
};

enum vn_rx_result {
	VN_RX_PASS,		/* continue as if there were no handler */
	VN_RX_CONSUMED,		/* the handler took the buffer */
	VN_RX_ANOTHER,		/* buf->dev changed: receive again there */
};

/*
 * An rx handler gets the received frame (data at the Ethernet header) and
 * may replace *pbuf.  CONSUMED means it passed the buffer on or dropped it.
 */
typedef enum vn_rx_result (*vn_rx_handler_fn)(struct vn_buf **pbuf);

enum vn_dev_event {
	VN_DEV_REGISTER,	/* appeared in a namespace */
	VN_DEV_UNREGISTER,	/* about to leave it (deleted or moved) */
	VN_DEV_UP,
	VN_DEV_DOWN,
	VN_DEV_CHANGE,		/* carrier or flags changed */
	VN_DEV_CHANGEADDR,	/* MAC changed */
	VN_DEV_CHANGENAME,
	VN_DEV_CHANGEMTU,
	VN_DEV_CHANGEUPPER,	/* master set or cleared */
};

struct vn_dev;
struct vn_devspace;

/*
 * The ops of a device kind.  Control-path members return 0 or a negative
 * errno and may fill @err.  Only @kind, @xmit and @destroy are required.
 */
struct vn_dev_ops {
	const char *kind;	/* as `ip -d link` prints it; NULL for lo */
	/* Called with IFF_UP about to be set; may refuse. */
	int (*open)(struct vn_dev *dev, struct vn_err *err);
	/* Called after IFF_UP was cleared. */
	void (*stop)(struct vn_dev *dev);
	/*
	 * Packet path: consumes @buf (data at the Ethernet header).  Returns
	 * 0 if the frame was sent (the core counts tx_packets), or a drop
	 * reason after dropping it (the core counts tx_dropped).
	 */
	int (*xmit)(struct vn_dev *dev, struct vn_buf *buf);
	/*
	 * A new MAC for the device, before the core copies it into dev->mac
	 * (ndo_set_mac_address()): may refuse it (a macvlan whose sibling
	 * has it) or apply it elsewhere (a passthru macvlan sets its
	 * lower device's).  May be NULL.
	 */
	int (*set_mac)(struct vn_dev *dev, const uint8_t *mac,
		       struct vn_err *err);
	/* The device's MAC was changed (already copied into dev->mac). */
	void (*mac_changed)(struct vn_dev *dev);
	/* MTU bounds are checked by the core; may refuse for other reasons. */
	int (*change_mtu)(struct vn_dev *dev, uint32_t mtu, struct vn_err *err);
	/* The device this one is linked to (a veth peer); may be NULL. */
	struct vn_dev *(*get_link)(const struct vn_dev *dev);
	/* Masters: enslave / release @slave. */
	int (*add_slave)(struct vn_dev *dev, struct vn_dev *slave,
			 struct vn_err *err);
	void (*del_slave)(struct vn_dev *dev, struct vn_dev *slave);
	/* Masters: a slave changed state (up, down, carrier, MAC ...). */
	void (*slave_event)(struct vn_dev *dev, struct vn_dev *slave,
			    enum vn_dev_event ev);
	/* Before the device leaves its namespace for good (deletion). */
	void (*uninit)(struct vn_dev *dev);
	/* Frees the device's memory. */
	void (*destroy)(struct vn_dev *dev);
};

/*
 * A sniffer sees every frame that crosses a device, both directions,
 * before any handler.  It must not modify or keep the buffer.  gone() is
 * called when the device is deleted or moves away; the sniffer is already
 * unlinked then.
 */
struct vn_sniffer {
	struct vn_list link;
	void (*frame)(struct vn_sniffer *s, struct vn_dev *dev,
		      const struct vn_buf *buf, bool outgoing);
	void (*gone)(struct vn_sniffer *s, struct vn_dev *dev);
};

/*
 * A device stacked on another one without being its master (macvlan
 * children, VLAN sub-interfaces) watches it, as a netdevice notifier that
 * only hears one device: event() gets what vn_dev_notify() tells the
 * namespace (a move to another namespace shows as UNREGISTER then
 * REGISTER); gone() is called when the device is deleted, after it left
 * its namespace and with the watcher already unlinked, so the watcher can
 * delete what stands on it (NETDEV_UNREGISTER with NETREG_UNREGISTERING).
 */
struct vn_dev_watcher {
	struct vn_list link;
	void (*event)(struct vn_dev_watcher *w, struct vn_dev *dev,
		      enum vn_dev_event ev);
	void (*gone)(struct vn_dev_watcher *w, struct vn_dev *dev);
};

struct vn_in_dev;		/* IPv4 state of a device (inet/) */
struct vn_vlan_group;		/* VLAN devices on a device (dev/vlan.c) */

/*
 * A queueing discipline on the transmit side of a device (`tc qdisc ...
 * root`), as Linux's dev->qdisc.  The device kind never sees it: the core
 * hands every frame vn_dev_xmit() would send to ops->enqueue, and the
 * qdisc passes each one on to the driver with vn_dev_hard_xmit(), at once
 * or later, or drops it with a named reason.  Kinds live in their own
 * files (netem.c); the device core only holds the pointer.
 */
struct vn_qdisc;

/* What `tc -s qdisc` prints (gnet_stats_basic and gnet_stats_queue). */
struct vn_qdisc_stats {
	uint64_t bytes;		/* handed to the driver ("Sent") */
	uint64_t packets;
	uint32_t drops;
	uint32_t overlimits;
	uint32_t requeues;
	uint32_t backlog;	/* bytes queued */
	uint32_t qlen;		/* frames queued */
};

/*
 * The ops of a qdisc kind.  All members are required.
 */
struct vn_qdisc_ops {
	const char *kind;	/* as tc prints it: "netem" */
	/*
	 * Packet path: takes @buf (data at the Ethernet header, the device up
	 * with carrier) and passes it to vn_dev_hard_xmit() or drops it.
	 */
	void (*enqueue)(struct vn_qdisc *q, struct vn_buf *buf);
	/* The device stopped (down, carrier lost): drop what is queued. */
	void (*reset)(struct vn_qdisc *q);
	/* Drop what is queued and free the qdisc (deleted or replaced). */
	void (*destroy)(struct vn_qdisc *q);
};

struct vn_qdisc {
	const struct vn_qdisc_ops *ops;
	struct vn_dev *dev;
	uint32_t handle;	/* MAJ:0, as tc's handle */
	struct vn_qdisc_stats stats;
};

struct vn_dev {
	char name[VN_IFNAMSIZ];
	int ifindex;
	uint16_t type;		/* VN_ARPHRD_* */
	uint8_t mac[VN_ETH_ALEN];
	uint8_t broadcast[VN_ETH_ALEN];
	uint8_t addr_assign;	/* enum vn_addr_assign */
	bool carrier;
	bool netns_local;	/* may not change namespace (bridge, lo) */
	uint32_t flags;		/* VN_IFF_*, without LOWER_UP (derived) */
	uint32_t mtu, min_mtu, max_mtu;
	uint32_t promiscuity;	/* references: sniffers, bridge ports */
	uint32_t txqlen;
	uint32_t features;	/* offloads the driver takes (dev/gso.h) */
	struct vn_dev_stats stats;
	const struct vn_dev_ops *ops;
	struct vn_devspace *space;
	struct vn_dev *master;
	vn_rx_handler_fn rx_handler;
	void *rx_handler_data;
	struct vn_list sniffers;
	struct vn_list watchers;	/* struct vn_dev_watcher */
	struct vn_vlan_group *vlan_group; /* Linux's dev->vlan_info */
	struct vn_list space_link;	/* in the space's list, ifindex order */
	struct vn_hnode name_node;
	struct vn_hnode index_node;
	struct vn_in_dev *in;
	struct vn_qdisc *qdisc;	/* root qdisc (tc), or NULL */
	bool qdisc_noqueue;	/* without one: noqueue once up, else noop */
};

/* What the namespace does with frames and events from its devices. */
struct vn_devspace_ops {
	/* A frame received with no rx handler taking it; consumes @buf. */
	void (*deliver)(struct vn_devspace *space, struct vn_dev *dev,
			struct vn_buf *buf);
	/* After the device core changed @dev. */
	void (*notify)(struct vn_devspace *space, struct vn_dev *dev,
		       enum vn_dev_event ev);
};

/* The receive backlog: one FIFO per engine, bounded like netdev_max_backlog. */
struct vn_backlog {
	struct vn_bufq q;
	uint32_t max_len;
	uint64_t n_dropped;
};

/* The devices of one namespace. */
struct vn_devspace {
	struct vn_env *env;
	struct vn_backlog *backlog;
	const struct vn_devspace_ops *ops;
	struct vn_list devs;
	struct vn_hmap by_name;
	struct vn_hmap by_index;
	uint32_t n_devs;
	int last_ifindex;
	struct vn_drop_stats drops;
};

void vn_devspace_init(struct vn_devspace *space, struct vn_env *env,
		      struct vn_backlog *backlog,
		      const struct vn_devspace_ops *ops);
/* The space must be empty (every device deleted or moved). */
void vn_devspace_fini(struct vn_devspace *space);

struct vn_dev *vn_dev_lookup(const struct vn_devspace *space, const char *name);
struct vn_dev *vn_dev_lookup_index(const struct vn_devspace *space,
				   int ifindex);

/* Next device in ifindex order (NULL starts; returns NULL at the end). */
struct vn_dev *vn_dev_next(const struct vn_devspace *space,
			   const struct vn_dev *dev);

#define vn_devspace_for_each(dev, space) \
	vn_list_for_each(dev, &(space)->devs, space_link)

/* A valid interface name: 1..15 chars, no '/', ':' or white space. */
bool vn_dev_name_valid(const char *name);

/**
 * vn_dev_setup() - fill the generic part of a device before registering
 * @dev: zeroed memory of the kind's struct, embedding the vn_dev
 * @ops: the kind's ops
 * @name: the interface name (checked by vn_dev_register())
 *
 * Sets Ethernet defaults (MTU 1500, BROADCAST|MULTICAST, txqlen 1000, a
 * random locally administered MAC from the engine's stream); a kind
 * changes what differs before registering.
 */
void vn_dev_setup(struct vn_dev *dev, struct vn_env *env,
		  const struct vn_dev_ops *ops, const char *name);

/**
 * vn_dev_register() - put @dev into @space under its name
 * @ifindex: wanted ifindex, or 0 for the next free one
 *
 * Return: 0; -EEXIST if the name is taken; -EINVAL for a bad name;
 * -EBUSY if @ifindex is taken.  On failure nothing changed.
 */
int vn_dev_register(struct vn_devspace *space, struct vn_dev *dev,
		    int ifindex, struct vn_err *err);

/*
 * vn_dev_unregister() - take @dev out of its namespace and destroy it:
 * down, released from its master, sniffers told, queued frames for it
 * dropped, then ops->uninit and ops->destroy.
 */
void vn_dev_unregister(struct vn_dev *dev);

/* Up or down, as `ip link set up|down`.  0 or -errno. */
int vn_dev_open(struct vn_dev *dev, struct vn_err *err);
void vn_dev_close(struct vn_dev *dev);

int vn_dev_set_name(struct vn_dev *dev, const char *name, struct vn_err *err);
int vn_dev_set_mac(struct vn_dev *dev, const uint8_t *mac, struct vn_err *err);
int vn_dev_set_mtu(struct vn_dev *dev, uint32_t mtu, struct vn_err *err);
void vn_dev_set_carrier(struct vn_dev *dev, bool on);
void vn_dev_set_promiscuity(struct vn_dev *dev, int delta);
/* User-visible PROMISC / ALLMULTI / NOARP / MULTICAST flags. */
void vn_dev_set_flag(struct vn_dev *dev, uint32_t flag, bool on);

/* Enslave @dev to @master (ops->add_slave), or release it. */
int vn_dev_set_master(struct vn_dev *dev, struct vn_dev *master,
		      struct vn_err *err);
void vn_dev_release(struct vn_dev *dev);

/**
 * vn_dev_move() - move @dev into another device space, as
 * `ip link set DEV netns NS`: down, released from its master, keeping its
 * ifindex if free there.  Return: 0, -EEXIST (name taken there).
 */
int vn_dev_move(struct vn_dev *dev, struct vn_devspace *to,
		const char *new_name, struct vn_err *err);

/* For master kinds: install the rx handler on a slave. */
void vn_dev_rx_handler_register(struct vn_dev *dev, vn_rx_handler_fn fn,
				void *data);
void vn_dev_rx_handler_unregister(struct vn_dev *dev);

void vn_dev_sniffer_add(struct vn_dev *dev, struct vn_sniffer *s);
void vn_dev_sniffer_del(struct vn_dev *dev, struct vn_sniffer *s);

/* Upper devices follow @dev's events; del is harmless after gone(). */
void vn_dev_watcher_add(struct vn_dev *dev, struct vn_dev_watcher *w);
void vn_dev_watcher_del(struct vn_dev *dev, struct vn_dev_watcher *w);

/* Tells the namespace (and the master) that @dev changed. */
void vn_dev_notify(struct vn_dev *dev, enum vn_dev_event ev);

static inline bool vn_dev_is_up(const struct vn_dev *dev)
{
	return dev->flags & VN_IFF_UP;
}

/* Up with carrier: can pass frames. */
static inline bool vn_dev_is_running(const struct vn_dev *dev)
{
	return vn_dev_is_up(dev) && dev->carrier;
}

/* The flags `ip link` prints: user flags plus LOWER_UP. */
uint32_t vn_dev_get_flags(const struct vn_dev *dev);

/* RFC 2863 operational state as iproute2 prints it: UP, DOWN, UNKNOWN. */
const char *vn_dev_operstate(const struct vn_dev *dev);

/**
 * vn_dev_xmit() - send a frame out of @dev
 *
 * Context: packet path.  Consumes @buf (data at the Ethernet header).
 * Drops (counted) if the device is down.  A root qdisc, if any, gets the
 * frame first; sniffers see it when it leaves for the driver.
 */
void vn_dev_xmit(struct vn_dev *dev, struct vn_buf *buf);

/**
 * vn_dev_hard_xmit() - hand a frame to @dev's driver
 *
 * What vn_dev_xmit() does after the qdisc, as Linux's
 * dev_hard_start_xmit(): sniffers see the frame, ops->xmit sends it, the
 * tx counters count it.  An offloaded frame (partial checksum, GSO) that
 * @dev's features do not take is finished or cut into segments first
 * (dev/gso.c, as validate_xmit_skb()); sniffers see what the driver gets.
 * Context: packet path; called by qdiscs.  Consumes @buf.
 */
void vn_dev_hard_xmit(struct vn_dev *dev, struct vn_buf *buf);

/**
 * vn_dev_set_qdisc() - graft @q (NULL: none) as @dev's root qdisc
 *
 * The old qdisc is destroyed and what it held is dropped (counted), as
 * qdisc_graft() does.  Without a qdisc a device shows noqueue once it is
 * up and noop before (dev_activate()).  Context: control path.
 */
void vn_dev_set_qdisc(struct vn_dev *dev, struct vn_qdisc *q);

/**
 * vn_dev_receive() - a frame arrives on @dev
 *
 * Context: packet path, called by the loop for backlog entries and by
 * master kinds that pass a frame up.  Consumes @buf (data at the Ethernet
 * header).  Validates the length, sets pkt_type, feeds sniffers, runs the
 * rx handler, and delivers what is left to the namespace -- finished in
 * software first if it is an offloaded frame (vnet's stacks take no
 * partial checksums and no GSO frames).
 */
void vn_dev_receive(struct vn_dev *dev, struct vn_buf *buf);

/*
 * vn_dev_receive_upper() - an upper device (a bridge) receives a frame one
 * of its lower devices got: as vn_dev_receive() but keeping pkt_type as the
 * lower device (and the upper's rx handler) set it, as br_pass_frame_up().
 */
void vn_dev_receive_upper(struct vn_dev *dev, struct vn_buf *buf);

/* Puts @buf on the backlog for reception on @dev; drops if it is full. */
void vn_backlog_enqueue(struct vn_backlog *bl, struct vn_dev *dev,
			struct vn_buf *buf);
/* Receives up to @budget queued frames; returns how many. */
unsigned vn_backlog_run(struct vn_backlog *bl, unsigned budget);

/* Drops what is queued for @dev (the device is going away). */
void vn_backlog_purge_dev(struct vn_backlog *bl, struct vn_dev *dev);

/* Drops @buf, counting it in @dev's namespace and rx_dropped. */
void vn_dev_drop_rx(struct vn_dev *dev, struct vn_buf *buf,
		    enum vn_drop_reason reason);

/* A random locally administered unicast MAC (eth_random_addr). */
void vn_dev_random_mac(struct vn_env *env, uint8_t *mac);

#endif
