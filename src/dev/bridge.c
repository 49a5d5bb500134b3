// SPDX-License-Identifier: MIT
/*
 * dev/bridge.c - the learning bridge (net/bridge/br_input.c, br_forward.c,
 * br_if.c, br_device.c, br_stp_if.c).
 *
 * Theory of operation.  A bridge is a device whose ports are other
 * devices; each port gets the bridge's rx handler.  A frame received on a
 * port (br_handle_frame()) with an invalid source address is dropped;
 * 802.1D reserved group addresses 01-80-C2-00-00-0X are not forwarded but
 * handed to the port's own stack after learning its source, except
 * 01-80-C2-00-00-00 while STP is off and the addresses group_fwd_mask
 * opens (01 MAC control is always dropped).  Everything else, on a port
 * in the learning or forwarding state, goes to br_handle_frame_finish():
 * the source is learned if the port learns, then the frame is either
 * passed up (its destination is a local entry), forwarded to the one port
 * the fdb names, or flooded to every port that accepts floods of its kind
 * (unknown unicast: flood; multicast: mcast_flood; broadcast:
 * bcast_flood).  Never back out of the ingress port unless that port is
 * in hairpin mode; never from an isolated port to another isolated port;
 * only to ports in the forwarding state.  The bridge device itself also
 * receives every broadcast and multicast and, while promiscuous (say under
 * tcpdump), every frame: that is how an address on the bridge works.
 *
 * The bridge device transmits (br_dev_xmit()) by the same rules without
 * learning; multicast and broadcast it sends go to every port whatever its
 * flood flags, unknown unicast only to ports with flood on.
 *
 * Port state: STP does not run yet, so a port is forwarding as soon as the
 * bridge and the port are up and the port has carrier, else disabled; the
 * bridge has carrier while a port forwards.  `bridge link set state`
 * moves a port by hand as Linux allows with STP off (blocking becomes
 * forwarding at once).  The 802.1D port information brctl showstp prints
 * (port id, designated root/bridge/port/cost) is kept as br_stp.c keeps it
 * on a root bridge that never hears a BPDU.
 *
 * The bridge MAC is the smallest MAC of its ports (zero without ports)
 * unless set by the user (br_stp_recalculate_bridge_id()); its own local
 * fdb entry follows it (br_fdb_change_mac_address()).  Its MTU is the
 * smallest port MTU unless set by the user (br_mtu_auto_adjust()).
 *
 * Flooding clones buffers by reference; a receiver that writes calls
 * vn_buf_make_writable().  Ageing: see bridge/fdb.h; one gc timer per
 * bridge runs when the oldest dynamic entry expires (Linux's gc work also
 * runs while there is nothing to age; brctl's "gc timer" is computed as
 * if it did).
 *
 * VLAN filtering (bridge_vlan.c has the tables): with vlan_filtering on,
 * a frame entering a port (or sent by the bridge device) is given its
 * VLAN there -- its tag, or the PVID -- and dropped if the port is not a
 * member; it then travels untagged with its VLAN beside it, is learned
 * and looked up in that VLAN, reaches only member ports, and leaves each
 * one tagged unless the VLAN is untagged there (br_allowed_ingress(),
 * br_allowed_egress(), br_handle_vlan()).  With it off, tags are just
 * bytes of the frame and everything happens in VLAN 0.
 *
 * Not supported yet: STP (stp_state is stored and shown only), per-VLAN
 * STP states and statistics, multicast snooping, proxy ARP, per-port
 * group_fwd_mask, backup ports, locked ports, br_manage_promisc() (ports
 * stay promiscuous with filtering on), the 802.1ad group address and
 * forward mask changes of vlan_protocol 802.1ad.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "dev/bridge_priv.h"
#include "dev/vlan.h"

#define BR_DEFAULT_AGEING (300 * VN_SEC)
#define BR_PORT_DEFAULT_FLAGS                                           \
	(VN_BRPORT_LEARNING | VN_BRPORT_FLOOD | VN_BRPORT_MCAST_FLOOD | \
	 VN_BRPORT_BCAST_FLOOD)
#define BR_PORT_DEFAULT_PRIORITY 32
/* port_cost() for a 10 Gbit/s link: what veth reports on Linux. */
#define BR_PORT_DEFAULT_COST 2
#define BR_PORT_BITS 10

enum pkt_class { PKT_UNICAST, PKT_MULTICAST, PKT_BROADCAST };

static const struct vn_dev_ops bridge_ops;

static struct vn_bridge *to_br(const struct vn_dev *dev)
{
	return container_of(dev, struct vn_bridge, dev);
}

bool vn_dev_is_bridge(const struct vn_dev *dev)
{
	return dev->ops == &bridge_ops;
}

struct vn_bridge *vn_bridge_of(struct vn_dev *dev)
{
	return vn_dev_is_bridge(dev) ? to_br(dev) : NULL;
}

struct vn_br_port *vn_br_port_of(const struct vn_dev *dev)
{
	if (!dev->master || !vn_dev_is_bridge(dev->master))
		return NULL;
	return dev->rx_handler_data;
}

const char *vn_br_port_state_name(uint8_t state)
{
	static const char *const names[] = {
		"disabled", "listening", "learning", "forwarding", "blocking",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "unknown";
}

uint32_t vn_br_port_flag_by_name(const char *name)
{
#define VN_BRPORT_MATCH(n, bit, text) \
	if (!strcmp(name, text))      \
		return bit;
	VN_BRPORT_FLAGS(VN_BRPORT_MATCH)
#undef VN_BRPORT_MATCH
	return 0;
}

static vn_time br_now(const struct vn_bridge *br)
{
	return vn_br_now(br);
}

/* --- the packet path --------------------------------------------------- */

/*
 * What VLAN filtering decided at ingress (BR_INPUT_SKB_CB()->vlan_filtered
 * and the skb's tag).  A filtered frame travels untagged through the
 * bridge; @tci says which VLAN (and priority) it belongs to, and each
 * egress tags it again unless the VLAN is untagged there.  Unfiltered
 * frames (vlan_filtering 0) pass as they are, tags included.
 */
struct br_vlan_ctx {
	bool filtered;
	uint16_t tci;
};

static uint16_t ctx_vid(const struct br_vlan_ctx *ctx)
{
	return ctx->filtered ? ctx->tci & VN_VLAN_VID_MASK : 0;
}

/* br_allowed_egress(): a filtered frame only to members of its VLAN. */
static bool allowed_egress(const struct vn_br_vlans *vg,
			   const struct br_vlan_ctx *ctx)
{
	return !ctx->filtered ||
	       vn_br_vlan_has(vg, ctx->tci & VN_VLAN_VID_MASK);
}

/*
 * __allowed_ingress() on @vg (a port's VLANs, or the bridge's own for
 * its transmit): the frame's VLAN is its tag, or the PVID for an untagged
 * or priority-tagged frame (a tag of the other protocol counts as
 * untagged); the tag is taken off.  False: dropped (no PVID, not a
 * member).
 */
static bool allowed_ingress(const struct vn_bridge *br,
			    const struct vn_br_vlans *vg, struct vn_buf *buf,
			    struct br_vlan_ctx *ctx)
{
	uint16_t tci = 0;

	ctx->filtered = br->vlan_enabled;
	ctx->tci = 0;
	if (!br->vlan_enabled)
		return true;
	if (vn_eth_type(buf->data) == br->vlan_proto) {
		if (unlikely(!vn_vlan_check(buf->data, buf->len))) {
			vn_buf_drop(buf, VN_DROP_VLAN_TRUNCATED);
			return false;
		}
		tci = vn_vlan_tci(buf->data);
		if (unlikely(vn_vlan_pop_tag(buf))) {
			vn_buf_drop(buf, VN_DROP_NOMEM);
			return false;
		}
	}
	if (!(tci & VN_VLAN_VID_MASK)) {
		/* "any untagged or priority-tagged ingress frame is
		 * considered to belong to this vlan" */
		if (!vg->pvid) {
			vn_buf_drop(buf, VN_DROP_BR_VLAN_INGRESS);
			return false;
		}
		tci |= vg->pvid;
	} else if (!vn_br_vlan_has(vg, tci & VN_VLAN_VID_MASK)) {
		vn_buf_drop(buf, VN_DROP_BR_VLAN_INGRESS);
		return false;
	}
	ctx->tci = tci;
	return true;
}

/*
 * br_handle_vlan(): tag a filtered frame for @vg unless its VLAN is
 * untagged there.  Consumes @buf on failure (returns false).
 */
static bool handle_vlan(const struct vn_bridge *br,
			const struct vn_br_vlans *vg, struct vn_buf *buf,
			const struct br_vlan_ctx *ctx)
{
	int rc;

	if (!ctx->filtered ||
	    vn_br_vlan_untagged(vg, ctx->tci & VN_VLAN_VID_MASK))
		return true;
	rc = vn_vlan_push_tag(buf, br->vlan_proto, ctx->tci);
	if (unlikely(rc)) {
		vn_buf_drop(buf, rc == -ENOSPC ? VN_DROP_VLAN_NO_HEADROOM :
						 VN_DROP_NOMEM);
		return false;
	}
	return true;
}

/* should_deliver() in br_forward.c; @from is NULL for local output. */
static bool should_deliver(const struct vn_br_port *to,
			   const struct vn_br_port *from,
			   const struct br_vlan_ctx *ctx)
{
	if (to == from && !(to->flags & VN_BRPORT_HAIRPIN))
		return false;
	if (to->state != VN_BR_STATE_FORWARDING)
		return false;
	if (!allowed_egress(&to->vlans, ctx))
		return false;
	/* br_skb_isolated() */
	if (from && (from->flags & VN_BRPORT_ISOLATED) &&
	    (to->flags & VN_BRPORT_ISOLATED))
		return false;
	return true;
}

static enum vn_drop_reason why_not(const struct vn_br_port *to,
				   const struct vn_br_port *from,
				   const struct br_vlan_ctx *ctx)
{
	if (to == from && !(to->flags & VN_BRPORT_HAIRPIN))
		return VN_DROP_BR_INGRESS_PORT;
	if (to->state != VN_BR_STATE_FORWARDING)
		return VN_DROP_BR_PORT_STATE;
	if (!allowed_egress(&to->vlans, ctx))
		return VN_DROP_BR_VLAN_EGRESS;
	return VN_DROP_BR_ISOLATED;
}

/*
 * br_dev_queue_push_xmit(): is_skb_forwardable() then transmit.  Linux
 * frees an oversized frame without counting it; we count the reason.  A
 * GSO frame is judged by its segments, which fit (is_skb_forwardable()
 * lets skb_is_gso() pass); the port's xmit cuts it if it must.  The
 * length is judged before the VLAN tag goes back on, as Linux keeps it
 * out of skb->len.
 */
static void deliver(struct vn_br_port *to, struct vn_buf *buf,
		    const struct br_vlan_ctx *ctx)
{
	if (unlikely(buf->len > to->dev->mtu + VN_ETH_HLEN + 4) &&
	    !vn_buf_is_gso(buf)) {
		vn_buf_drop(buf, VN_DROP_FRAME_TOO_LONG);
		return;
	}
	if (unlikely(ctx->filtered) && !handle_vlan(to->br, &to->vlans, buf, ctx))
		return;
	vn_dev_xmit(to->dev, buf);
}

/* deliver_clone(): sends a reference-counted copy of @buf to @to. */
static void deliver_clone(struct vn_br_port *to, struct vn_buf *buf,
			  const struct br_vlan_ctx *ctx)
{
	struct vn_buf *c = vn_buf_clone(buf);

	if (unlikely(!c)) {
		to->dev->stats.tx_dropped++;
		return;
	}
	deliver(to, c, ctx);
}

/*
 * br_forward(): to the one port the fdb named.  Consumes @buf unless
 * @local_rcv (the bridge device receives it next).
 */
static void br_forward(struct vn_br_port *to, struct vn_buf *buf,
		       bool local_rcv, const struct vn_br_port *from,
		       const struct br_vlan_ctx *ctx)
{
	if (to && should_deliver(to, from, ctx)) {
		if (local_rcv)
			deliver_clone(to, buf, ctx);
		else
			deliver(to, buf, ctx);
		return;
	}
	if (!local_rcv)
		vn_buf_drop(buf, to ? why_not(to, from, ctx) :
				      VN_DROP_BR_PORT_STATE);
}

static bool flood_allowed(const struct vn_br_port *p, enum pkt_class cls,
			  bool local_orig)
{
	switch (cls) {
	case PKT_UNICAST:
		return p->flags & VN_BRPORT_FLOOD;
	case PKT_MULTICAST:
		return local_orig || (p->flags & VN_BRPORT_MCAST_FLOOD);
	case PKT_BROADCAST:
		return local_orig || (p->flags & VN_BRPORT_BCAST_FLOOD);
	}
	return false;
}

/*
 * br_flood(): to every eligible port in port_list order (newest port
 * first), cloning for all but the last.  Consumes @buf unless @local_rcv.
 * @from is the ingress port, NULL for the bridge's own output.
 */
static void flood(struct vn_bridge *br, struct vn_buf *buf,
		  enum pkt_class cls, const struct vn_br_port *from,
		  bool local_rcv, const struct br_vlan_ctx *ctx)
{
	struct vn_br_port *p, *prev = NULL;

	vn_list_for_each(p, &br->ports, link) {
		if (!flood_allowed(p, cls, from == NULL))
			continue;
		if (!should_deliver(p, from, ctx))
			continue;
		if (prev)
			deliver_clone(prev, buf, ctx);
		prev = p;
	}
	if (prev) {
		if (local_rcv)
			deliver_clone(prev, buf, ctx);
		else
			deliver(prev, buf, ctx);
		return;
	}
	if (!local_rcv) {
		br->n_flood_drops++;
		vn_buf_drop(buf, VN_DROP_BR_NO_FLOOD);
	}
}

static bool br_promisc(const struct vn_bridge *br)
{
	return br->dev.promiscuity || (br->dev.flags & VN_IFF_PROMISC);
}

/*
 * br_pass_frame_up(): the bridge device receives the frame itself.  The
 * bridge is a port of its own VLANs: a filtered frame must be of one of
 * them (unless the bridge is promiscuous, say under tcpdump) and comes up
 * tagged unless that VLAN is untagged on the bridge.
 */
static void pass_up(struct vn_bridge *br, struct vn_buf *buf,
		    const struct br_vlan_ctx *ctx)
{
	if (unlikely(ctx->filtered)) {
		uint16_t vid = ctx->tci & VN_VLAN_VID_MASK;

		if (!vn_br_vlan_has(&br->vlans, vid)) {
			if (!br_promisc(br)) {
				vn_buf_drop(buf, VN_DROP_BR_VLAN_EGRESS);
				return;
			}
			/* "pass the packet as is": tagged. */
			if (vn_vlan_push_tag(buf, br->vlan_proto, ctx->tci)) {
				vn_buf_drop(buf, VN_DROP_NOMEM);
				return;
			}
		} else if (!handle_vlan(br, &br->vlans, buf, ctx)) {
			return;
		}
	}
	vn_dev_receive_upper(&br->dev, buf);
}

static void learn(struct vn_bridge *br, struct vn_br_port *p,
		  const uint8_t *src, uint16_t vid, vn_time now)
{
	if (vn_fdb_learn(&br->fdb, src, vid, p, now) == 0 &&
	    !vn_timer_armed(&br->gc_timer) && br->fdb.n_learned)
		vn_env_timer_arm(br->dev.space->env, &br->gc_timer,
				 now + br->fdb.ageing);
}

static bool state_should_learn(const struct vn_br_port *p)
{
	return p->state == VN_BR_STATE_LEARNING ||
	       p->state == VN_BR_STATE_FORWARDING;
}

/* br_should_learn(): the VLAN a link-local frame is learned in. */
static bool should_learn(const struct vn_bridge *br,
			 const struct vn_br_port *p, const struct vn_buf *buf,
			 uint16_t *vid)
{
	*vid = 0;
	if (!br->vlan_enabled)
		return true;
	if (!p->vlans.n_vlans)
		return false;
	if (vn_eth_type(buf->data) == br->vlan_proto &&
	    vn_vlan_check(buf->data, buf->len))
		*vid = vn_vlan_vid(buf->data);
	if (!*vid) {
		*vid = p->vlans.pvid;
		return *vid != 0;
	}
	return vn_br_vlan_has(&p->vlans, *vid);
}

/* __br_handle_local_finish(): learn from a link-local frame. */
static void local_learn(struct vn_bridge *br, struct vn_br_port *p,
			const struct vn_buf *buf, vn_time now)
{
	uint16_t vid;

	if ((p->flags & VN_BRPORT_LEARNING) && state_should_learn(p) &&
	    should_learn(br, p, buf, &vid))
		learn(br, p, vn_eth_src(buf->data), vid, now);
}

/* br_handle_frame_finish(). */
static void handle_frame_finish(struct vn_bridge *br, struct vn_br_port *p,
				struct vn_buf *buf, vn_time now)
{
	struct vn_fdb_entry *e = NULL;
	enum pkt_class cls = PKT_UNICAST;
	struct br_vlan_ctx ctx;
	const uint8_t *dst;
	bool local_rcv;

	if (!allowed_ingress(br, &p->vlans, buf, &ctx))
		return;
	dst = vn_eth_dst(buf->data);
	/* "insert into forwarding database after filtering to avoid
	 * spoofing" */
	if (p->flags & VN_BRPORT_LEARNING)
		learn(br, p, vn_eth_src(buf->data), ctx_vid(&ctx), now);
	local_rcv = br_promisc(br);
	if (vn_mac_is_multicast(dst)) {
		/* No snooping: every multicast is flooded and seen locally. */
		cls = vn_mac_is_broadcast(dst) ? PKT_BROADCAST : PKT_MULTICAST;
		local_rcv = true;
	}
	if (p->state == VN_BR_STATE_LEARNING) {
		vn_buf_drop(buf, VN_DROP_BR_PORT_STATE);
		return;
	}
	if (cls == PKT_UNICAST)
		e = vn_fdb_lookup(&br->fdb, dst, ctx_vid(&ctx), now);
	if (e) {
		if (e->kind == VN_FDB_LOCAL) {
			pass_up(br, buf, &ctx);
			return;
		}
		e->used = now;
		br_forward(e->port, buf, local_rcv, p, &ctx);
	} else {
		flood(br, buf, cls, p, local_rcv, &ctx);
	}
	if (local_rcv)
		pass_up(br, buf, &ctx);
}

static enum vn_rx_result br_handle_frame(struct vn_buf **pbuf)
{
	struct vn_buf *buf = *pbuf;
	struct vn_br_port *p = buf->dev->rx_handler_data;
	struct vn_bridge *br = p->br;
	const uint8_t *dst = vn_eth_dst(buf->data);
	const uint8_t *src = vn_eth_src(buf->data);
	vn_time now;

	if (unlikely(!vn_mac_is_valid(src))) {
		vn_buf_drop(buf, VN_DROP_BR_BAD_SRC_MAC);
		return VN_RX_CONSUMED;
	}
	now = br_now(br);
	if (unlikely(vn_mac_is_link_local(dst))) {
		/* 802.1D Table 7-10: reserved addresses are not forwarded. */
		switch (dst[5]) {
		case 0x00:	/* Bridge Group Address */
			/* "If STP is turned off, then must forward" */
			if (br->stp_enabled == VN_BR_NO_STP)
				goto forward;
			break;
		case 0x01:	/* MAC Control (pause): never */
			vn_buf_drop(buf, VN_DROP_BR_RESERVED_GROUP);
			return VN_RX_CONSUMED;
		default:	/* LLDP and the rest: if the mask opens them */
			if (br->group_fwd_mask & (1u << dst[5]))
				goto forward;
			break;
		}
		local_learn(br, p, buf, now);
		return VN_RX_PASS;
	}
forward:
	if (p->state != VN_BR_STATE_FORWARDING &&
	    p->state != VN_BR_STATE_LEARNING) {
		vn_buf_drop(buf, VN_DROP_BR_PORT_STATE);
		return VN_RX_CONSUMED;
	}
	if (vn_mac_equal(dst, br->dev.mac))
		buf->pkt_type = VN_PKT_HOST;
	handle_frame_finish(br, p, buf, now);
	return VN_RX_CONSUMED;
}

/*
 * br_dev_xmit(): the bridge's own stack sends; nothing is learned.  With
 * VLAN filtering the bridge's own VLANs act as an ingress port's would.
 */
static int br_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	struct vn_bridge *br = to_br(dev);
	struct vn_fdb_entry *e;
	struct br_vlan_ctx ctx;
	const uint8_t *dst;

	/* Linux counts bridge tx before forwarding decisions, so do we. */
	if (!allowed_ingress(br, &br->vlans, buf, &ctx))
		return 0;
	dst = vn_eth_dst(buf->data);
	if (vn_mac_is_broadcast(dst))
		flood(br, buf, PKT_BROADCAST, NULL, false, &ctx);
	else if (vn_mac_is_multicast(dst))
		flood(br, buf, PKT_MULTICAST, NULL, false, &ctx);
	else if ((e = vn_fdb_lookup(&br->fdb, dst, ctx_vid(&ctx), br_now(br))))
		br_forward(e->port, buf, false, NULL, &ctx);
	else
		flood(br, buf, PKT_UNICAST, NULL, false, &ctx);
	return 0;
}

/* --- 802.1D port information (br_stp.c on a root bridge) --------------- */

static uint16_t make_port_id(uint8_t priority, uint16_t port_no)
{
	return (uint16_t)((unsigned)priority << BR_PORT_BITS | port_no);
}

/* br_become_designated_port() */
static void become_designated(struct vn_br_port *p)
{
	struct vn_bridge *br = p->br;

	p->designated_root = br->bridge_id;	/* we are the root */
	p->designated_cost = 0;
	p->designated_bridge = br->bridge_id;
	p->designated_port = p->port_id;
}

/* br_configuration_update(): without BPDUs every live port designates. */
static void config_update(struct vn_bridge *br)
{
	struct vn_br_port *p;

	vn_list_for_each(p, &br->ports, link)
		if (p->state != VN_BR_STATE_DISABLED)
			become_designated(p);
}

/* br_port_state_selection() for a root bridge, then the carrier. */
static void port_state_selection(struct vn_bridge *br)
{
	vn_time now = br_now(br);
	struct vn_br_port *p;
	bool live = false;

	vn_list_for_each(p, &br->ports, link) {
		if (p->state == VN_BR_STATE_DISABLED)
			continue;
		/* br_make_forwarding(), STP off: no listening/learning. */
		if (p->state == VN_BR_STATE_BLOCKING) {
			p->state = VN_BR_STATE_FORWARDING;
			p->fd_timer = br->forward_delay ?
					      now + br->forward_delay : 0;
		}
		if (p->state == VN_BR_STATE_FORWARDING)
			live = true;
	}
	vn_dev_set_carrier(&br->dev, live);
}

/* br_stp_enable_port(): br_init_port() then state selection. */
static void enable_port(struct vn_br_port *p)
{
	p->port_id = make_port_id(p->priority, p->port_no);
	become_designated(p);
	p->state = VN_BR_STATE_BLOCKING;
	port_state_selection(p->br);
}

/* br_stp_disable_port(): forget what the port taught us. */
static void disable_port(struct vn_br_port *p)
{
	struct vn_bridge *br = p->br;

	become_designated(p);
	p->state = VN_BR_STATE_DISABLED;
	p->fd_timer = 0;
	vn_fdb_flush_port(&br->fdb, p);
	config_update(br);
	port_state_selection(br);
}

static bool port_should_run(const struct vn_br_port *p)
{
	return vn_dev_is_up(&p->br->dev) && vn_dev_is_running(p->dev);
}

/* br_port_carrier_check() */
static void carrier_check(struct vn_br_port *p)
{
	if (!vn_dev_is_up(&p->br->dev))
		return;
	if (port_should_run(p)) {
		if (p->state == VN_BR_STATE_DISABLED)
			enable_port(p);
	} else if (p->state != VN_BR_STATE_DISABLED) {
		disable_port(p);
	}
}

/* --- the bridge's addresses ----------------------------------------------- */

void vn_br_fdb_delete_local(struct vn_bridge *br, const struct vn_br_port *p,
			    struct vn_fdb_entry *f)
{
	uint16_t vid = f->vid;
	struct vn_br_port *op;

	/* "Maybe another port has same hw addr?" (in that VLAN) */
	vn_list_for_each(op, &br->ports, link) {
		if (op != p && vn_mac_equal(op->dev->mac, f->mac) &&
		    (!vid || vn_br_vlan_has(&op->vlans, vid))) {
			f->port = op;
			f->flags &= (uint8_t)~VN_FDB_F_ADDED_BY_USER;
			return;
		}
	}
	/* "Maybe bridge device has same hw addr?" */
	if (p && vn_mac_equal(br->own_mac, f->mac) &&
	    (!vid || vn_br_vlan_has(&br->vlans, vid))) {
		f->port = NULL;
		f->flags &= (uint8_t)~VN_FDB_F_ADDED_BY_USER;
		return;
	}
	vn_fdb_remove(&br->fdb, f);
}

void vn_br_fdb_find_delete_local(struct vn_bridge *br,
				 const struct vn_br_port *p,
				 const uint8_t *addr, uint16_t vid)
{
	struct vn_fdb_entry *f = vn_fdb_find(&br->fdb, addr, vid);

	if (f && f->kind == VN_FDB_LOCAL &&
	    !(f->flags & VN_FDB_F_ADDED_BY_USER) && f->port == p)
		vn_br_fdb_delete_local(br, p, f);
}

void vn_br_fdb_delete_by_port(struct vn_bridge *br,
			      const struct vn_br_port *p, uint16_t vid,
			      bool do_all)
{
	struct vn_fdb_entry *e, *tmp;

	vn_list_for_each_safe(e, tmp, &br->fdb.entries, link) {
		if (e->port != p)
			continue;
		if (!do_all && (e->kind != VN_FDB_DYNAMIC ||
				(vid && e->vid != vid)))
			continue;
		if (e->kind == VN_FDB_LOCAL)
			vn_br_fdb_delete_local(br, p, e);
		else
			vn_fdb_remove(&br->fdb, e);
	}
}

/* A local entry of the bridge itself that follows its MAC. */
static void fdb_drop_own(struct vn_bridge *br, uint16_t vid)
{
	struct vn_fdb_entry *f = vn_fdb_find(&br->fdb, br->own_mac, vid);

	if (f && f->kind == VN_FDB_LOCAL && !f->port &&
	    !(f->flags & VN_FDB_F_ADDED_BY_USER))
		vn_br_fdb_delete_local(br, NULL, f);
}

/*
 * br_fdb_change_mac_address(): the bridge's own entries follow its MAC,
 * in VLAN 0 and in each of its VLANs.
 */
static void fdb_change_mac(struct vn_bridge *br, const uint8_t *newaddr)
{
	vn_time now = br_now(br);
	uint16_t vid = 0;

	fdb_drop_own(br, 0);
	vn_fdb_add_local(&br->fdb, newaddr, 0, NULL, now);
	while ((vid = vn_br_vlan_next(&br->vlans, vid))) {
		fdb_drop_own(br, vid);
		vn_fdb_add_local(&br->fdb, newaddr, vid, NULL, now);
	}
}

/* br_stp_change_bridge_id(): fdb, bridge id, device MAC. */
static void change_bridge_id(struct vn_bridge *br, const uint8_t *addr)
{
	uint8_t old[VN_ETH_ALEN];
	struct vn_br_port *p;

	fdb_change_mac(br, addr);
	memcpy(old, br->bridge_id.addr, VN_ETH_ALEN);
	memcpy(br->bridge_id.addr, addr, VN_ETH_ALEN);
	memcpy(br->dev.mac, addr, VN_ETH_ALEN);
	memcpy(br->own_mac, addr, VN_ETH_ALEN);
	vn_list_for_each(p, &br->ports, link) {
		if (vn_mac_equal(p->designated_bridge.addr, old))
			memcpy(p->designated_bridge.addr, addr, VN_ETH_ALEN);
		if (vn_mac_equal(p->designated_root.addr, old))
			memcpy(p->designated_root.addr, addr, VN_ETH_ALEN);
	}
	config_update(br);
	port_state_selection(br);
}

/* br_stp_recalculate_bridge_id(): the smallest port MAC, or zero. */
static void recalc_bridge_id(struct vn_bridge *br)
{
	static const uint8_t zero[VN_ETH_ALEN];
	const uint8_t *addr = zero;
	struct vn_br_port *p;

	if (br->dev.addr_assign == VN_ADDR_SET)
		return;
	vn_list_for_each(p, &br->ports, link)
		if (addr == zero || vn_mac_cmp(p->dev->mac, addr) < 0)
			addr = p->dev->mac;
	if (vn_mac_equal(br->bridge_id.addr, addr))
		return;
	change_bridge_id(br, addr);
	vn_dev_notify(&br->dev, VN_DEV_CHANGEADDR);
}

/* br_mtu_auto_adjust(). */
static void auto_mtu(struct vn_bridge *br)
{
	struct vn_br_port *p;
	uint32_t mtu = 0;

	if (br->mtu_set_by_user)
		return;
	vn_list_for_each(p, &br->ports, link)
		if (!mtu || p->dev->mtu < mtu)
			mtu = p->dev->mtu;
	if (!mtu)
		mtu = 1500;
	if (mtu != br->dev.mtu) {
		br->dev.mtu = mtu;
		vn_dev_notify(&br->dev, VN_DEV_CHANGEMTU);
	}
}

/* --- ports ----------------------------------------------------------------- */

/* find_portno(): the lowest free number from 1. */
static uint16_t free_port_no(const struct vn_bridge *br)
{
	for (uint16_t no = 1;; no++) {
		const struct vn_br_port *p;
		bool used = false;

		vn_list_for_each(p, &br->ports, link)
			used |= p->port_no == no;
		if (!used)
			return no;
	}
}

/* br_add_if(). */
static int br_add_slave(struct vn_dev *dev, struct vn_dev *slave,
			struct vn_err *err)
{
	struct vn_bridge *br = to_br(dev);
	struct vn_br_port *p;

	if (slave->type != VN_ARPHRD_ETHER || (slave->flags & VN_IFF_LOOPBACK))
		return vn_err_rtnl(err, -EINVAL);
	if (vn_dev_is_bridge(slave))
		return vn_err_set(err, -ELOOP,
				  "Error: Can not enslave a bridge to a bridge.");
	/* netdev_rx_handler_register(): a macvlan parent has its handler. */
	if (slave->master || slave->rx_handler)
		return vn_err_rtnl(err, -EBUSY);
	if (br->n_ports >= VN_BR_MAX_PORTS - 1)
		return vn_err_set(err, -EXFULL,
				  "Error: Exceeded maximum number of ports.");
	p = calloc(1, sizeof(*p));
	if (!p)
		return vn_err_rtnl(err, -ENOMEM);
	p->br = br;
	p->dev = slave;
	p->port_no = free_port_no(br);
	p->priority = BR_PORT_DEFAULT_PRIORITY;
	p->path_cost = BR_PORT_DEFAULT_COST;
	p->flags = BR_PORT_DEFAULT_FLAGS;
	/* new_nbp(): br_init_port(), then disabled until enabled. */
	p->port_id = make_port_id(p->priority, p->port_no);
	become_designated(p);
	p->state = VN_BR_STATE_DISABLED;
	vn_dev_set_promiscuity(slave, 1);
	vn_dev_rx_handler_register(slave, br_handle_frame, p);
	/* list_add_rcu(): new ports go to the head, so floods reach them first. */
	vn_list_insert_before(br->ports.next, &p->link);
	br->n_ports++;
	vn_fdb_add_local(&br->fdb, slave->mac, 0, p, br_now(br));
	vn_br_vlan_port_init(p);
	recalc_bridge_id(br);
	if (port_should_run(p))
		enable_port(p);
	auto_mtu(br);
	return 0;
}

/* br_del_if(): del_nbp(), then MTU and bridge id. */
static void br_del_slave(struct vn_dev *dev, struct vn_dev *slave)
{
	struct vn_bridge *br = to_br(dev);
	struct vn_br_port *p = slave->rx_handler_data;

	disable_port(p);
	vn_list_remove(&p->link);
	br->n_ports--;
	/* del_nbp(): nbp_vlan_flush() and br_fdb_delete_by_port(do_all). */
	vn_br_fdb_delete_by_port(br, p, 0, true);
	vn_dev_rx_handler_unregister(slave);
	free(p);
	auto_mtu(br);
	recalc_bridge_id(br);
	port_state_selection(br);
	/* Its rx handler is gone: br_slave_event() ignores what this says. */
	vn_dev_set_promiscuity(slave, -1);
}

/*
 * br_fdb_changeaddr(): the port's old local entries go (the first one only
 * when it has no VLANs), the new MAC comes in VLAN 0 and in its VLANs.
 */
static void port_mac_changed(struct vn_bridge *br, struct vn_br_port *p)
{
	struct vn_fdb_entry *e, *tmp;
	vn_time now = br_now(br);
	uint16_t vid = 0;

	vn_list_for_each_safe(e, tmp, &br->fdb.entries, link) {
		if (e->port == p && e->kind == VN_FDB_LOCAL &&
		    !(e->flags & VN_FDB_F_ADDED_BY_USER)) {
			vn_br_fdb_delete_local(br, p, e);
			if (!p->vlans.n_vlans)
				break;
		}
	}
	vn_fdb_add_local(&br->fdb, p->dev->mac, 0, p, now);
	while ((vid = vn_br_vlan_next(&p->vlans, vid)))
		vn_fdb_add_local(&br->fdb, p->dev->mac, vid, p, now);
	recalc_bridge_id(br);
}

/* br_device_event() for a port. */
static void br_slave_event(struct vn_dev *dev, struct vn_dev *slave,
			   enum vn_dev_event ev)
{
	struct vn_bridge *br = to_br(dev);
	struct vn_br_port *p = slave->rx_handler_data;

	if (!p || p->br != br)
		return;	/* being enslaved or released */
	switch (ev) {
	case VN_DEV_UP:
	case VN_DEV_DOWN:
	case VN_DEV_CHANGE:
		carrier_check(p);
		break;
	case VN_DEV_CHANGEADDR:
		port_mac_changed(br, p);
		break;
	case VN_DEV_CHANGEMTU:
		auto_mtu(br);
		break;
	case VN_DEV_REGISTER:
	case VN_DEV_UNREGISTER:
	case VN_DEV_CHANGENAME:
	case VN_DEV_CHANGEUPPER:
		break;
	}
}

/* --- configuration -------------------------------------------------------- */

static void gc_timer_fn(struct vn_timer *t, vn_time now)
{
	struct vn_bridge *br = container_of(t, struct vn_bridge, gc_timer);
	vn_time next = vn_fdb_gc(&br->fdb, now);

	if (next != VN_TIME_NEVER)
		vn_env_timer_arm(br->dev.space->env, &br->gc_timer, next);
	else
		vn_env_timer_cancel(br->dev.space->env, &br->gc_timer);
}

void vn_bridge_fdb_gc(struct vn_bridge *br)
{
	gc_timer_fn(&br->gc_timer, br_now(br));
}

int vn_bridge_change(struct vn_bridge *br, const struct vn_bridge_opts *o,
		     struct vn_err *err)
{
	bool stp_on = (o->set & VN_BROPT_STP) ? o->stp != 0 :
						br->stp_enabled != VN_BR_NO_STP;
	int rc;

	/* br_changelink() validates by calling the setters in this order. */
	if ((o->set & VN_BROPT_FORWARD_DELAY) && stp_on &&
	    (o->forward_delay < VN_BR_MIN_FORWARD_DELAY ||
	     o->forward_delay > VN_BR_MAX_FORWARD_DELAY))
		return vn_err_rtnl(err, -ERANGE);
	if ((o->set & VN_BROPT_HELLO_TIME) &&
	    (o->hello_time < VN_BR_MIN_HELLO_TIME ||
	     o->hello_time > VN_BR_MAX_HELLO_TIME))
		return vn_err_rtnl(err, -ERANGE);
	if ((o->set & VN_BROPT_MAX_AGE) &&
	    (o->max_age < VN_BR_MIN_MAX_AGE || o->max_age > VN_BR_MAX_MAX_AGE))
		return vn_err_rtnl(err, -ERANGE);
	if ((o->set & VN_BROPT_GROUP_FWD_MASK) &&
	    (o->group_fwd_mask & VN_BR_GROUPFWD_RESTRICTED))
		return vn_err_rtnl(err, -EINVAL);
	rc = vn_br_vlan_check_opts(o, err);
	if (rc)
		return rc;

	if (o->set & VN_BROPT_FORWARD_DELAY)
		br->forward_delay = o->forward_delay;
	if (o->set & VN_BROPT_HELLO_TIME)
		br->hello_time = o->hello_time;
	if (o->set & VN_BROPT_MAX_AGE)
		br->max_age = o->max_age;
	if (o->set & VN_BROPT_AGEING) {
		br->fdb.ageing = VN_MIN(o->ageing, VN_BR_MAX_AGEING);
		vn_bridge_fdb_gc(br);
	}
	if (o->set & VN_BROPT_STP) {
		if (o->stp && br->stp_enabled == VN_BR_NO_STP) {
			/* br_stp_start(): the forward delay must fit STP. */
			br->forward_delay = VN_MAX(br->forward_delay,
						   VN_BR_MIN_FORWARD_DELAY);
			br->forward_delay = VN_MIN(br->forward_delay,
						   VN_BR_MAX_FORWARD_DELAY);
		}
		br->stp_enabled = o->stp ? VN_BR_KERNEL_STP : VN_BR_NO_STP;
	}
	if (o->set & VN_BROPT_PRIORITY) {
		/* br_stp_set_bridge_priority() */
		br->bridge_id.prio = o->priority;
		config_update(br);
		port_state_selection(br);
	}
	vn_br_vlan_apply_opts(br, o);
	if (o->set & VN_BROPT_GROUP_FWD_MASK)
		br->group_fwd_mask = o->group_fwd_mask;
	if (o->set & VN_BROPT_MAX_LEARNED)
		br->fdb.max_learned = o->max_learned;
	return 0;
}

int vn_br_port_change(struct vn_br_port *p, const struct vn_br_port_opts *o,
		      struct vn_err *err)
{
	struct vn_bridge *br = p->br;

	if ((o->set & VN_BRPORT_OPT_COST) &&
	    (o->cost < VN_BR_MIN_PATH_COST || o->cost > VN_BR_MAX_PATH_COST))
		return vn_err_rtnl(err, -ERANGE);
	if ((o->set & VN_BRPORT_OPT_PRIORITY) &&
	    o->priority > VN_BR_MAX_PORT_PRIORITY)
		return vn_err_rtnl(err, -ERANGE);
	if (o->set & VN_BRPORT_OPT_STATE) {
		/* br_set_port_state() */
		if (o->state > VN_BR_STATE_BLOCKING)
			return vn_err_rtnl(err, -EINVAL);
		if (br->stp_enabled == VN_BR_KERNEL_STP)
			return vn_err_rtnl(err, -EBUSY);
		if (!vn_dev_is_up(&br->dev) ||
		    (!vn_dev_is_running(p->dev) &&
		     o->state != VN_BR_STATE_DISABLED))
			return vn_err_rtnl(err, -ENETDOWN);
	}

	/* Linux keeps learned entries when learning is turned off. */
	p->flags = (p->flags & ~o->flag_mask) | (o->flag_set & o->flag_mask);
	if (o->set & VN_BRPORT_OPT_COST) {
		p->path_cost = o->cost;
		config_update(br);
		port_state_selection(br);
	}
	if (o->set & VN_BRPORT_OPT_PRIORITY) {
		/* br_stp_set_port_priority() */
		uint16_t id = make_port_id((uint8_t)o->priority, p->port_no);
		bool designated = p->designated_port == p->port_id &&
				  p->designated_bridge.prio ==
					  br->bridge_id.prio &&
				  vn_mac_equal(p->designated_bridge.addr,
					       br->bridge_id.addr);

		if (designated)
			p->designated_port = id;
		p->port_id = id;
		p->priority = (uint8_t)o->priority;
	}
	if (o->set & VN_BRPORT_OPT_STATE) {
		p->state = (uint8_t)o->state;
		port_state_selection(br);
	}
	return 0;
}

/* __br_fdb_add() and fdb_add_entry() for one VLAN. */
static int fdb_add_one(struct vn_bridge *br, struct vn_br_port *port,
		       const uint8_t *mac, uint16_t vid, enum vn_fdb_kind kind,
		       unsigned nlflags, struct vn_err *err)
{
	int rc;

	if (port && kind == VN_FDB_DYNAMIC && !state_should_learn(port))
		return vn_err_rtnl(err, -EPERM);
	if (!port && kind != VN_FDB_LOCAL)
		return vn_err_rtnl(err, -EINVAL);
	rc = vn_fdb_add(&br->fdb, mac, vid, port, kind, nlflags, br_now(br));
	if (rc)
		return vn_err_rtnl(err, rc);
	if (kind == VN_FDB_DYNAMIC && !vn_timer_armed(&br->gc_timer))
		vn_env_timer_arm(br->dev.space->env, &br->gc_timer,
				 br_now(br) + br->fdb.ageing);
	return 0;
}

int vn_bridge_fdb_add(struct vn_bridge *br, struct vn_br_port *port,
		      const uint8_t *mac, uint16_t vid, enum vn_fdb_kind kind,
		      unsigned nlflags, struct vn_err *err)
{
	const struct vn_br_vlans *vg = vn_br_vlans_of(br, port);
	uint16_t v = 0;
	int rc;

	if (vn_mac_is_zero(mac))
		return vn_err_rtnl(err, -EINVAL);
	/* br_fdb_add(): "RTM_NEWNEIGH with unconfigured vlan" */
	if (vid) {
		if (vid >= VN_VLAN_N_VID || !vn_br_vlan_has(vg, vid))
			return vn_err_rtnl(err, -EINVAL);
		return fdb_add_one(br, port, mac, vid, kind, nlflags, err);
	}
	rc = fdb_add_one(br, port, mac, 0, kind, nlflags, err);
	/* "To be nice, add/update entry for every vlan on this port." */
	while (!rc && (v = vn_br_vlan_next(vg, v)))
		rc = fdb_add_one(br, port, mac, v, kind, nlflags, err);
	return rc;
}

/* __br_fdb_delete() */
static int fdb_del_one(struct vn_bridge *br, struct vn_br_port *port,
		       const uint8_t *mac, uint16_t vid)
{
	struct vn_fdb_entry *e = vn_fdb_find(&br->fdb, mac, vid);

	if (!e || e->port != port)
		return -ENOENT;
	vn_fdb_remove(&br->fdb, e);
	return 0;
}

int vn_bridge_fdb_del(struct vn_bridge *br, struct vn_br_port *port,
		      const uint8_t *mac, uint16_t vid, struct vn_err *err)
{
	const struct vn_br_vlans *vg = vn_br_vlans_of(br, port);
	uint16_t v = 0;
	bool any;

	if (vid) {
		if (vid >= VN_VLAN_N_VID || !vn_br_vlan_has(vg, vid))
			return vn_err_rtnl(err, -EINVAL);
		if (fdb_del_one(br, port, mac, vid))
			return vn_err_rtnl(err, -ENOENT);
		return 0;
	}
	/* br_fdb_delete(): VLAN 0 and each VLAN; any success will do. */
	any = fdb_del_one(br, port, mac, 0) == 0;
	while ((v = vn_br_vlan_next(vg, v)))
		any |= fdb_del_one(br, port, mac, v) == 0;
	return any ? 0 : vn_err_rtnl(err, -ENOENT);
}

void vn_bridge_fdb_flush(struct vn_bridge *br,
			 const struct vn_fdb_flush_desc *d)
{
	vn_fdb_flush(&br->fdb, d);
}

void vn_br_id_format(const struct vn_br_id *id, char *buf, size_t size)
{
	const uint8_t *m = id->addr;

	snprintf(buf, size, "%04x.%02x%02x%02x%02x%02x%02x",
		 (unsigned)id->prio, m[0], m[1], m[2], m[3], m[4], m[5]);
}

vn_time vn_bridge_gc_timer_left(const struct vn_bridge *br)
{
	vn_time now = br_now(br), first, period;

	if (!vn_dev_is_up(&br->dev))
		return 0;
	if (vn_timer_armed(&br->gc_timer))
		return VN_MAX(br->gc_timer.expires - now, 0);
	/* Linux: first run 0.1 s after the bridge came up, then periodic. */
	first = br->up_since + 100 * VN_MSEC;
	if (now < first)
		return first - now;
	period = VN_MAX(br->fdb.ageing, 10 * VN_MSEC);
	return period - (now - first) % period;
}

vn_time vn_br_port_fd_timer_left(const struct vn_br_port *p)
{
	vn_time now = br_now(p->br);

	return p->fd_timer > now ? p->fd_timer - now : 0;
}

/* --- the bridge device -------------------------------------------------- */

/* br_dev_open() then br_stp_enable_bridge(). */
static int br_open(struct vn_dev *dev, struct vn_err *err)
{
	struct vn_bridge *br = to_br(dev);
	struct vn_br_port *p;

	(void)err;
	br->up_since = br_now(br);
	/* Ports may forward once IFF_UP is set; the core sets it next. */
	dev->flags |= VN_IFF_UP;
	vn_list_for_each(p, &br->ports, link)
		if (port_should_run(p) && p->state == VN_BR_STATE_DISABLED)
			enable_port(p);
	port_state_selection(br);
	dev->flags &= ~VN_IFF_UP;
	return 0;
}

/* br_dev_stop(): br_stp_disable_bridge(). */
static void br_stop(struct vn_dev *dev)
{
	struct vn_bridge *br = to_br(dev);
	struct vn_br_port *p;

	vn_list_for_each(p, &br->ports, link)
		if (p->state != VN_BR_STATE_DISABLED)
			disable_port(p);
	vn_dev_set_carrier(dev, false);
}

/* br_set_mac_address(): the user chose the bridge MAC. */
static void br_mac_changed(struct vn_dev *dev)
{
	struct vn_bridge *br = to_br(dev);
	uint8_t addr[VN_ETH_ALEN];

	memcpy(addr, dev->mac, VN_ETH_ALEN);
	change_bridge_id(br, addr);
}

static int br_change_mtu(struct vn_dev *dev, uint32_t mtu, struct vn_err *err)
{
	(void)mtu;
	(void)err;
	to_br(dev)->mtu_set_by_user = true;
	return 0;
}

static void br_uninit(struct vn_dev *dev)
{
	struct vn_bridge *br = to_br(dev);

	while (!vn_list_empty(&br->ports)) {
		struct vn_br_port *p = vn_list_entry(br->ports.next,
						     struct vn_br_port, link);

		vn_dev_release(p->dev);
	}
	vn_env_timer_cancel(dev->space->env, &br->gc_timer);
}

static void br_destroy(struct vn_dev *dev)
{
	struct vn_bridge *br = to_br(dev);

	vn_fdb_fini(&br->fdb);
	free(br);
}

static const struct vn_dev_ops bridge_ops = {
	.kind = "bridge",
	.open = br_open,
	.stop = br_stop,
	.xmit = br_xmit,
	.mac_changed = br_mac_changed,
	.change_mtu = br_change_mtu,
	.add_slave = br_add_slave,
	.del_slave = br_del_slave,
	.slave_event = br_slave_event,
	.uninit = br_uninit,
	.destroy = br_destroy,
};

int vn_bridge_create(struct vn_devspace *space, const char *name,
		     struct vn_dev **out, struct vn_err *err)
{
	struct vn_bridge *br;
	int rc;

	/* vn_dev_setup() would cut a long name; refuse it here. */
	if (!vn_dev_name_valid(name))
		return vn_err_set(err, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
				  name);
	br = calloc(1, sizeof(*br));
	if (!br)
		return vn_err_rtnl(err, -ENOMEM);
	vn_dev_setup(&br->dev, space->env, &bridge_ops, name);
	br->dev.netns_local = true;
	br->dev.carrier = false;
	memcpy(br->own_mac, br->dev.mac, VN_ETH_ALEN);
	/* br_dev_setup(): the id's address stays zero until a port comes. */
	br->bridge_id.prio = 0x8000;
	br->forward_delay = 15 * VN_SEC;
	br->hello_time = 2 * VN_SEC;
	br->max_age = 20 * VN_SEC;
	vn_list_init(&br->ports);
	vn_fdb_init(&br->fdb, space->env->hash_seed ^ 0xb5e1, BR_DEFAULT_AGEING);
	vn_timer_init(&br->gc_timer, gc_timer_fn);
	rc = vn_dev_register(space, &br->dev, 0, err);
	if (rc) {
		vn_fdb_fini(&br->fdb);
		free(br);
		return rc;
	}
	vn_fdb_add_local(&br->fdb, br->dev.mac, 0, NULL, br_now(br));
	vn_br_vlan_bridge_init(br);
	if (out)
		*out = &br->dev;
	return 0;
}
