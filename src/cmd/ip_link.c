// SPDX-License-Identifier: MIT
/*
 * cmd/ip_link.c - `ip link` (iproute2's iplink.c and the link half of
 * ipaddress.c).
 *
 * Listing prints what print_linkinfo() prints, field by field, in text
 * and JSON.  `set` validates every argument before changing anything and
 * then applies them in the kernel's do_setlink() order: namespace, MAC,
 * MTU, name, up/down, master, bridge port options, bridge options.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/bridge.h"
#include "cmd/ip.h"
#include "cmd/kexec.h"
#include "dev/bridge.h"
#include "dev/veth.h"
#include "dev/vlan.h"
#include "engine.h"

/* --- printing ----------------------------------------------------------- */

static const char *kind_of(const struct vn_dev *dev)
{
	return dev->ops->kind;
}

void vn_ip_print_name(struct vn_ip *ip, struct vn_pr *pr,
		      const struct vn_dev *dev, const char *fmt, bool *mdown)
{
	struct vn_dev *link = dev->ops->get_link ? dev->ops->get_link(dev)
						 : NULL;
	char name[64];

	*mdown = false;
	snprintf(name, sizeof(name), "%s", dev->name);
	if (link && link->space != dev->space) {
		snprintf(name, sizeof(name), "%s@if%d", dev->name,
			 link->ifindex);
		vn_pr_int(pr, PR_JSON, "link_index", NULL, link->ifindex);
	} else if (link) {
		snprintf(name, sizeof(name), "%s@%s", dev->name, link->name);
		vn_pr_string(pr, PR_JSON, "link", NULL, link->name);
		*mdown = !vn_dev_is_up(link);
	}
	(void)ip;
	vn_pr_string(pr, PR_JSON, "ifname", NULL, dev->name);
	vn_pr_string(pr, PR_TEXT, NULL, fmt, name);
}

void vn_ip_print_flags(struct vn_pr *pr, const struct vn_dev *dev, bool mdown)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ VN_IFF_LOOPBACK, "LOOPBACK" },   { VN_IFF_BROADCAST, "BROADCAST" },
		{ VN_IFF_POINTOPOINT, "POINTOPOINT" },
		{ VN_IFF_MULTICAST, "MULTICAST" }, { VN_IFF_NOARP, "NOARP" },
		{ VN_IFF_ALLMULTI, "ALLMULTI" },   { VN_IFF_PROMISC, "PROMISC" },
		{ VN_IFF_UP, "UP" },               { VN_IFF_LOWER_UP, "LOWER_UP" },
	};
	uint32_t flags = vn_dev_get_flags(dev);

	vn_pr_open_array(pr, PR_ANY, "flags", "<");
	if ((flags & VN_IFF_UP) && !(flags & VN_IFF_LOWER_UP))
		vn_pr_string(pr, PR_ANY, NULL, flags ? "%s," : "%s",
			     "NO-CARRIER");
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(flags & names[i].bit))
			continue;
		flags &= ~names[i].bit;
		vn_pr_string(pr, PR_ANY, NULL, flags ? "%s," : "%s",
			     names[i].name);
	}
	if (mdown)
		vn_pr_string(pr, PR_ANY, NULL, ",%s", "M-DOWN");
	vn_pr_close_array(pr, PR_ANY, "> ");
}

/* RFC 2863 state: LOWERLAYERDOWN when a linked device lacks carrier. */
static const char *operstate(const struct vn_dev *dev)
{
	struct vn_dev *link = dev->ops->get_link ? dev->ops->get_link(dev)
						 : NULL;

	if (vn_dev_is_up(dev) && !dev->carrier && link &&
	    link->ifindex != dev->ifindex)
		return "LOWERLAYERDOWN";
	return vn_dev_operstate(dev);
}

/* The root qdisc (tc), else noqueue once the device was up, else noop. */
static const char *qdisc_of(const struct vn_dev *dev)
{
	if (dev->qdisc)
		return dev->qdisc->ops->kind;
	return dev->qdisc_noqueue ? "noqueue" : "noop";
}

static void print_netnsid(struct vn_ip *ip, struct vn_pr *pr,
			  const struct vn_dev *dev)
{
	struct vn_dev *link = dev->ops->get_link ? dev->ops->get_link(dev)
						 : NULL;
	struct vn_netns *peer_ns;
	int id;

	if (!link || link->space == dev->space)
		return;
	peer_ns = vn_netns_of_dev(link);
	id = vn_netns_peer_id(ip->ns, peer_ns);
	vn_pr_int(pr, PR_JSON, "link_netnsid", NULL, id);
	if (peer_ns->name[0])
		vn_pr_string(pr, PR_TEXT, NULL, " link-netns %s",
			     peer_ns->name);
	else
		vn_pr_int(pr, PR_TEXT, NULL, " link-netnsid %" PRId64, id);
}

static void print_stats(struct vn_pr *pr, const struct vn_dev_stats *st)
{
	unsigned cols[] = { 10, 7, 6, 7, 7, 7, 10 };
	uint64_t rx[] = { st->rx_bytes, st->rx_packets, st->rx_errors,
			  st->rx_dropped, st->rx_missed, st->multicast };
	uint64_t tx[] = { st->tx_bytes, st->tx_packets, st->tx_errors,
			  st->tx_dropped, st->tx_carrier, st->collisions };
	char num[32];

	if (pr->json) {
		vn_pr_open_object(pr, "stats64");
		vn_pr_open_object(pr, "rx");
		vn_pr_uint(pr, PR_JSON, "bytes", NULL, st->rx_bytes);
		vn_pr_uint(pr, PR_JSON, "packets", NULL, st->rx_packets);
		vn_pr_uint(pr, PR_JSON, "errors", NULL, st->rx_errors);
		vn_pr_uint(pr, PR_JSON, "dropped", NULL, st->rx_dropped);
		vn_pr_uint(pr, PR_JSON, "over_errors", NULL, st->rx_missed);
		vn_pr_uint(pr, PR_JSON, "multicast", NULL, st->multicast);
		vn_pr_close_object(pr);
		vn_pr_open_object(pr, "tx");
		vn_pr_uint(pr, PR_JSON, "bytes", NULL, st->tx_bytes);
		vn_pr_uint(pr, PR_JSON, "packets", NULL, st->tx_packets);
		vn_pr_uint(pr, PR_JSON, "errors", NULL, st->tx_errors);
		vn_pr_uint(pr, PR_JSON, "dropped", NULL, st->tx_dropped);
		vn_pr_uint(pr, PR_JSON, "carrier_errors", NULL,
			   st->tx_carrier);
		vn_pr_uint(pr, PR_JSON, "collisions", NULL, st->collisions);
		vn_pr_close_object(pr);
		vn_pr_close_object(pr);
		return;
	}
	/* iproute2's size_columns(): as wide as the widest of title/value. */
	for (int i = 0; i < 6; i++) {
		unsigned w = (unsigned)snprintf(num, sizeof(num), "%" PRIu64,
						rx[i]);

		cols[i] = VN_MAX(cols[i], w);
		w = (unsigned)snprintf(num, sizeof(num), "%" PRIu64, tx[i]);
		cols[i] = VN_MAX(cols[i], w);
	}
	vn_pr_text(pr, "\n    RX: %*s %*s %*s %*s %*s %*s %*s\n    ",
		   (int)cols[0] - 4, "bytes", (int)cols[1], "packets",
		   (int)cols[2], "errors", (int)cols[3], "dropped",
		   (int)cols[4], "missed", (int)cols[5], "mcast",
		   (int)cols[6], "");
	for (int i = 0; i < 6; i++)
		vn_pr_text(pr, "%*" PRIu64 " ", (int)cols[i], rx[i]);
	vn_pr_text(pr, "\n    TX: %*s %*s %*s %*s %*s %*s %*s\n    ",
		   (int)cols[0] - 4, "bytes", (int)cols[1], "packets",
		   (int)cols[2], "errors", (int)cols[3], "dropped",
		   (int)cols[4], "carrier", (int)cols[5], "collsns",
		   (int)cols[6], "");
	for (int i = 0; i < 6; i++)
		vn_pr_text(pr, "%*" PRIu64 " ", (int)cols[i], tx[i]);
}

static const char *onoff(bool v)
{
	return v ? "on" : "off";
}

/* br_dump_bridge_id(): the id's bytes with %x, no zero padding. */
static void format_br_id(char *buf, size_t size, const struct vn_br_id *id)
{
	const uint8_t *m = id->addr;

	snprintf(buf, size, "%04x.%x:%x:%x:%x:%x:%x", id->prio, m[0], m[1],
		 m[2], m[3], m[4], m[5]);
}

static void print_bridge_details(struct vn_pr *pr, struct vn_bridge *br)
{
	char id[32];

	format_br_id(id, sizeof(id), &br->bridge_id);
	vn_pr_uint(pr, PR_ANY, "forward_delay", "forward_delay %" PRIu64 " ",
		   (uint64_t)(br->forward_delay / (10 * VN_MSEC)));
	vn_pr_uint(pr, PR_ANY, "hello_time", "hello_time %" PRIu64 " ",
		   (uint64_t)(br->hello_time / (10 * VN_MSEC)));
	vn_pr_uint(pr, PR_ANY, "max_age", "max_age %" PRIu64 " ",
		   (uint64_t)(br->max_age / (10 * VN_MSEC)));
	/* The kernel reports clock_t in 32 bits. */
	vn_pr_uint(pr, PR_ANY, "ageing_time", "ageing_time %" PRIu64 " ",
		   (uint32_t)(br->fdb.ageing / (10 * VN_MSEC)));
	vn_pr_uint(pr, PR_ANY, "stp_state", "stp_state %" PRIu64 " ",
		   br->stp_enabled);
	vn_pr_uint(pr, PR_ANY, "priority", "priority %" PRIu64 " ",
		   br->bridge_id.prio);
	vn_pr_uint(pr, PR_ANY, "vlan_filtering", "vlan_filtering %" PRIu64 " ",
		   br->vlan_enabled);
	vn_pr_string(pr, PR_ANY, "vlan_protocol", "vlan_protocol %s ",
		     vn_vlan_proto_name(br->vlan_proto));
	vn_pr_string(pr, PR_ANY, "bridge_id", "bridge_id %s ", id);
	vn_pr_string(pr, PR_ANY, "root_id", "designated_root %s ", id);
	vn_pr_uint(pr, PR_ANY, "root_port", "root_port %" PRIu64 " ", 0);
	vn_pr_uint(pr, PR_ANY, "root_path_cost",
		   "root_path_cost %" PRIu64 " ", 0);
	/* No STP yet: no topology changes, the STP timers idle. */
	vn_pr_uint(pr, PR_ANY, "topology_change",
		   "topology_change %" PRIu64 " ", 0);
	vn_pr_uint(pr, PR_ANY, "topology_change_detected",
		   "topology_change_detected %" PRIu64 " ", 0);
	vn_pr_timer(pr, "hello_timer", 0);
	vn_pr_timer(pr, "tcn_timer", 0);
	vn_pr_timer(pr, "topology_change_timer", 0);
	vn_pr_timer(pr, "gc_timer", vn_bridge_gc_timer_left(br));
	vn_pr_uint(pr, PR_ANY, "vlan_default_pvid",
		   "vlan_default_pvid %" PRIu64 " ", br->default_pvid);
	vn_pr_uint(pr, PR_ANY, "vlan_stats_enabled",
		   "vlan_stats_enabled %" PRIu64 " ", 0);
	vn_pr_uint(pr, PR_ANY, "vlan_stats_per_port",
		   "vlan_stats_per_port %" PRIu64 " ", 0);
	vn_pr_uint(pr, PR_ANY, "group_fwd_mask", "group_fwd_mask %#" PRIx64 " ",
		   br->group_fwd_mask);
	vn_pr_string(pr, PR_ANY, "group_addr", "group_address %s ",
		     "01:80:c2:00:00:00");
	/* Without netfilter nothing calls out: Linux's defaults, and true. */
	vn_pr_uint(pr, PR_ANY, "nf_call_iptables",
		   "nf_call_iptables %" PRIu64 " ", 0);
	vn_pr_uint(pr, PR_ANY, "nf_call_ip6tables",
		   "nf_call_ip6tables %" PRIu64 " ", 0);
	vn_pr_uint(pr, PR_ANY, "nf_call_arptables",
		   "nf_call_arptables %" PRIu64 " ", 0);
}

/* print_on_off(): JSON true/false, text "KEY on|off ". */
static void print_on_off(struct vn_pr *pr, const char *key, bool on)
{
	char fmt[48];

	snprintf(fmt, sizeof(fmt), "%s %%s ", key);
	vn_pr_bool(pr, PR_JSON, key, NULL, on);
	vn_pr_string(pr, PR_TEXT, NULL, fmt, onoff(on));
}

static void print_bridge_slave(struct vn_pr *pr, struct vn_br_port *p)
{
	char id[32];

	vn_pr_string(pr, PR_ANY, "state", "state %s ",
		     vn_br_port_state_name(p->state));
	vn_pr_int(pr, PR_ANY, "priority", "priority %" PRId64 " ",
		  p->priority);
	vn_pr_int(pr, PR_ANY, "cost", "cost %" PRId64 " ", p->path_cost);
	print_on_off(pr, "hairpin", p->flags & VN_BRPORT_HAIRPIN);
	print_on_off(pr, "guard", false);
	print_on_off(pr, "root_block", false);
	print_on_off(pr, "fastleave", false);
	print_on_off(pr, "learning", p->flags & VN_BRPORT_LEARNING);
	print_on_off(pr, "flood", p->flags & VN_BRPORT_FLOOD);
	snprintf(id, sizeof(id), "%#x", p->port_id);
	vn_pr_string(pr, PR_ANY, "id", "port_id %s ", id);
	snprintf(id, sizeof(id), "%#x", p->port_no);
	vn_pr_string(pr, PR_ANY, "no", "port_no %s ", id);
	vn_pr_uint(pr, PR_ANY, "designated_port",
		   "designated_port %" PRIu64 " ", p->designated_port);
	vn_pr_uint(pr, PR_ANY, "designated_cost",
		   "designated_cost %" PRIu64 " ", p->designated_cost);
	format_br_id(id, sizeof(id), &p->designated_bridge);
	vn_pr_string(pr, PR_ANY, "bridge_id", "designated_bridge %s ", id);
	format_br_id(id, sizeof(id), &p->designated_root);
	vn_pr_string(pr, PR_ANY, "root_id", "designated_root %s ", id);
	vn_pr_timer(pr, "hold_timer", 0);
	vn_pr_timer(pr, "message_age_timer", 0);
	vn_pr_timer(pr, "forward_delay_timer", vn_br_port_fd_timer_left(p));
	vn_pr_uint(pr, PR_ANY, "topology_change_ack",
		   "topology_change_ack %" PRIu64 " ", 0);
	vn_pr_uint(pr, PR_ANY, "config_pending",
		   "config_pending %" PRIu64 " ", 0);
	print_on_off(pr, "proxy_arp", false);
	print_on_off(pr, "proxy_arp_wifi", false);
	vn_pr_uint(pr, PR_ANY, "multicast_router", "mcast_router %" PRIu64 " ",
		   1);
	/* iproute2 prints fastleave's JSON once, above. */
	vn_pr_string(pr, PR_TEXT, NULL, "mcast_fast_leave %s ", "off");
	print_on_off(pr, "mcast_flood", p->flags & VN_BRPORT_MCAST_FLOOD);
	print_on_off(pr, "bcast_flood", p->flags & VN_BRPORT_BCAST_FLOOD);
	print_on_off(pr, "mcast_to_unicast", false);
	print_on_off(pr, "neigh_suppress", false);
	vn_pr_string(pr, PR_ANY, "group_fwd_mask", "group_fwd_mask %s ", "0");
	vn_pr_string(pr, PR_ANY, "group_fwd_mask_str",
		     "group_fwd_mask_str %s ", "0x0");
	print_on_off(pr, "vlan_tunnel", false);
	print_on_off(pr, "isolated", p->flags & VN_BRPORT_ISOLATED);
	print_on_off(pr, "locked", false);
}

static void print_details(struct vn_ip *ip, struct vn_pr *pr,
			  struct vn_dev *dev)
{
	struct vn_br_port *port = vn_br_port_of(dev);
	const char *kind = kind_of(dev);

	(void)ip;
	vn_pr_uint(pr, PR_ANY, "promiscuity", " promiscuity %" PRIu64 " ",
		   dev->promiscuity);
	vn_pr_uint(pr, PR_ANY, "allmulti", " allmulti %" PRIu64 " ",
		   port ? 1 : 0);
	vn_pr_uint(pr, PR_ANY, "min_mtu", "minmtu %" PRIu64 " ",
		   dev->type == VN_ARPHRD_LOOPBACK ? 0 : dev->min_mtu);
	vn_pr_uint(pr, PR_ANY, "max_mtu", "maxmtu %" PRIu64 " ",
		   dev->type == VN_ARPHRD_LOOPBACK ? 0 : dev->max_mtu);
	if (kind || port)
		vn_pr_open_object(pr, "linkinfo");
	if (kind) {
		const struct vn_ip_link_kind *k = vn_ip_link_kind_of(dev);

		vn_pr_string(pr, PR_ANY, "info_kind", "\n    %s ", kind);
		if (k && k->print)
			k->print(ip, pr, dev);
	}
	if (port) {
		vn_pr_string(pr, PR_ANY, "info_slave_kind", "\n    %s ",
			     "bridge_slave");
		vn_pr_open_object(pr, "info_slave_data");
		print_bridge_slave(pr, port);
		vn_pr_close_object(pr);
	}
	if (kind || port)
		vn_pr_close_object(pr);
	vn_pr_string(pr, PR_ANY, "inet6_addr_gen_mode", "addrgenmode %s ",
		     "eui64");
	vn_pr_uint(pr, PR_ANY, "num_tx_queues", "numtxqueues %" PRIu64 " ", 1);
	vn_pr_uint(pr, PR_ANY, "num_rx_queues", "numrxqueues %" PRIu64 " ", 1);
	vn_pr_uint(pr, PR_ANY, "gso_max_size", "gso_max_size %" PRIu64 " ",
		   65536);
	vn_pr_uint(pr, PR_ANY, "gso_max_segs", "gso_max_segs %" PRIu64 " ",
		   65535);
	vn_pr_uint(pr, PR_ANY, "tso_max_size", "tso_max_size %" PRIu64 " ",
		   524280);
	vn_pr_uint(pr, PR_ANY, "tso_max_segs", "tso_max_segs %" PRIu64 " ",
		   65535);
	vn_pr_uint(pr, PR_ANY, "gro_max_size", "gro_max_size %" PRIu64 " ",
		   65536);
}

static void print_brief(struct vn_ip *ip, struct vn_pr *pr,
			struct vn_dev *dev)
{
	char mac[VN_MAC_STRLEN];
	bool mdown;

	vn_pr_open_object(pr, NULL);
	vn_ip_print_name(ip, pr, dev, "%-16s ", &mdown);
	vn_pr_string(pr, PR_ANY, "operstate", "%-14s ", operstate(dev));
	vn_pr_string(pr, PR_ANY, "address", "%s ",
		     vn_mac_format(mac, dev->mac));
	vn_ip_print_flags(pr, dev, mdown);
	vn_pr_nl(pr);
	vn_pr_close_object(pr);
}

void vn_ip_print_link(struct vn_ip *ip, struct vn_pr *pr, struct vn_dev *dev,
		      bool do_link)
{
	char mac[VN_MAC_STRLEN], brd[VN_MAC_STRLEN];
	bool mdown;

	vn_pr_int(pr, PR_ANY, "ifindex", "%" PRId64 ": ", dev->ifindex);
	vn_ip_print_name(ip, pr, dev, "%s: ", &mdown);
	vn_ip_print_flags(pr, dev, mdown);
	vn_pr_uint(pr, PR_ANY, "mtu", "mtu %" PRIu64 " ", dev->mtu);
	vn_pr_string(pr, PR_ANY, "qdisc", "qdisc %s ", qdisc_of(dev));
	if (dev->master)
		vn_pr_string(pr, PR_ANY, "master", "master %s ",
			     dev->master->name);
	vn_pr_string(pr, PR_ANY, "operstate", "state %s ", operstate(dev));
	if (do_link)
		vn_pr_string(pr, PR_ANY, "linkmode", "mode %s ", "DEFAULT");
	vn_pr_string(pr, PR_ANY, "group", "group %s ", "default");
	vn_pr_uint(pr, PR_ANY, "txqlen", "qlen %" PRIu64, dev->txqlen);
	vn_pr_nl(pr);
	vn_pr_string(pr, PR_ANY, "link_type", "    link/%s ",
		     dev->type == VN_ARPHRD_LOOPBACK ? "loopback" : "ether");
	vn_pr_string(pr, PR_ANY, "address", "%s",
		     vn_mac_format(mac, dev->mac));
	vn_pr_string(pr, PR_TEXT, NULL, " brd ", NULL);
	vn_pr_string(pr, PR_ANY, "broadcast", "%s",
		     vn_mac_format(brd, dev->broadcast));
	print_netnsid(ip, pr, dev);
	if (ip->details)
		print_details(ip, pr, dev);
	if (do_link && ip->stats)
		print_stats(pr, &dev->stats);
}

/* --- ip link show ------------------------------------------------------- */

struct link_filter {
	struct vn_dev *dev;
	bool up;
	struct vn_dev *master;
	const char *kind;
};

static bool filter_ok(const struct link_filter *f, const struct vn_dev *dev)
{
	if (f->dev && f->dev != dev)
		return false;
	if (f->up && !vn_dev_is_up(dev))
		return false;
	if (f->master && dev->master != f->master)
		return false;
	if (f->kind) {
		if (!strcmp(f->kind, "bridge_slave"))
			return vn_br_port_of(dev) != NULL;
		if (!dev->ops->kind || strcmp(f->kind, dev->ops->kind))
			return false;
	}
	return true;
}

/* Parses the filters `ip link show` and `ip addr show` share. */
int vn_ip_link_filter(struct vn_ip *ip, int argc, char **argv,
		      struct link_filter *f);

int vn_ip_link_filter(struct vn_ip *ip, int argc, char **argv,
		      struct link_filter *f)
{
	memset(f, 0, sizeof(*f));
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "up")) {
			f->up = true;
		} else if (!strcmp(*argv, "master")) {
			NEXT_ARG();
			f->master = vn_ip_dev(ip, *argv);
			if (!f->master) {
				vn_job_eprintf(ip->job,
					       "Device \"%s\" does not exist.\n",
					       *argv);
				return IP_EXIT_LOOKUP;
			}
		} else if (!strcmp(*argv, "type")) {
			NEXT_ARG();
			f->kind = *argv;
		} else if (!strcmp(*argv, "group")) {
			NEXT_ARG();
		} else {
			if (!strcmp(*argv, "dev"))
				NEXT_ARG();
			else if (!strcmp(*argv, "help"))
				return IP_EXIT_USAGE;
			if (f->dev)
				return vn_ip_duparg2(ip, "dev", *argv);
			f->dev = vn_ip_dev(ip, *argv);
			if (!f->dev) {
				vn_job_eprintf(ip->job,
					       "Device \"%s\" does not exist.\n",
					       *argv);
				return IP_EXIT_LOOKUP;
			}
		}
	}
	return 0;
}

static int link_show(struct vn_ip *ip, int argc, char **argv)
{
	size_t mark;
	struct link_filter f;
	struct vn_pr pr;
	struct vn_dev *dev;
	int rc = vn_ip_link_filter(ip, argc, argv, &f);

	if (rc)
		return rc;
	vn_pr_init(&pr, ip->job, ip->json, ip->pretty);
	vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	vn_devspace_for_each(dev, &ip->ns->devs) {
		if (!filter_ok(&f, dev))
			continue;
		if (ip->brief) {
			print_brief(ip, &pr, dev);
			continue;
		}
		vn_pr_open_object(&pr, NULL);
		mark = pr.len;
		vn_ip_print_link(ip, &pr, dev, true);
		/* -o: one line per record, iproute2's "\" for each break. */
		if (ip->oneline)
			vn_pr_oneline(&pr, mark);
		vn_pr_nl(&pr);
		vn_pr_close_object(&pr);
	}
	vn_pr_close_array(&pr, PR_JSON, NULL);
	vn_pr_finish(&pr);
	return 0;
}

/* --- ip link add / del -------------------------------------------------- */

/* Options common to every kind: what ip link add and set both take. */
struct link_opts {
	const char *name;
	bool has_mac;
	uint8_t mac[VN_ETH_ALEN];
	bool has_mtu;
	uint32_t mtu;
	bool has_txqlen;
	uint32_t txqlen;
	struct vn_netns *netns;
	int up;			/* -1 unchanged, 0 down, 1 up */
	const char *master;	/* NULL, "" for nomaster */
	int promisc, arp, multicast, allmulti; /* -1 unchanged */
	/* type bridge_slave and type bridge options (cmd/bridge.h) */
	struct vn_br_port_opts port;
	struct vn_bridge_opts bridge;
};

static int parse_onoff(struct vn_ip *ip, const char *key, const char *arg,
		       int *out)
{
	if (!strcmp(arg, "on")) {
		*out = 1;
	} else if (!strcmp(arg, "off")) {
		*out = 0;
	} else {
		vn_job_eprintf(ip->job,
			       "Error: argument of \"%s\" must be \"on\" or \"off\", not \"%s\"\n",
			       key, arg);
		return IP_EXIT_USAGE;
	}
	return 0;
}

/* `type bridge_slave` options: the parser `bridge link set` shares. */
static int parse_slave_opt(struct vn_ip *ip, int *pargc, char ***pargv,
			   struct link_opts *o, bool *matched)
{
	return vn_brport_parse_opt(ip->job, VN_BRPORT_SYNTAX_IP, pargc, pargv,
				   &o->port, matched);
}

/* `type bridge` options, shared likewise. */
static int parse_bridge_opt(struct vn_ip *ip, int *pargc, char ***pargv,
			    struct link_opts *o, bool *matched)
{
	return vn_bridge_parse_opt(ip->job, pargc, pargv, &o->bridge,
				   matched);
}

static void opts_init(struct link_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->up = o->promisc = o->arp = o->multicast = o->allmulti = -1;
}

/*
 * The generic options of `ip link set` and `ip link add`.  Stops at
 * "type" and returns 0 with @consumed false for anything else.
 */
static int parse_common(struct vn_ip *ip, int *pargc, char ***pargv,
			struct link_opts *o, bool *consumed)
{
	int argc = *pargc;
	char **argv = *pargv;
	int *flag = NULL;
	uint32_t v;

	*consumed = true;
	if (!strcmp(*argv, "up")) {
		o->up = 1;
	} else if (!strcmp(*argv, "down")) {
		o->up = 0;
	} else if (!strcmp(*argv, "name")) {
		NEXT_ARG();
		if (!vn_dev_name_valid(*argv))
			return vn_ip_invarg(ip, "\"name\" not a valid ifname",
					    *argv);
		o->name = *argv;
	} else if (vn_matches(*argv, "address") && strlen(*argv) >= 4) {
		NEXT_ARG();
		if (vn_mac_parse(*argv, o->mac)) {
			vn_job_eprintf(ip->job, "\"%s\" is invalid lladdr.\n",
				       *argv);
			return IP_EXIT_USAGE;
		}
		o->has_mac = true;
	} else if (!strcmp(*argv, "mtu")) {
		NEXT_ARG();
		if (vn_parse_u32(*argv, &v, 0, INT32_MAX))
			return vn_ip_invarg(ip, "Invalid \"mtu\" value\n", *argv);
		o->has_mtu = true;
		o->mtu = v;
	} else if (!strcmp(*argv, "txqueuelen") || !strcmp(*argv, "txqlen") ||
		   !strcmp(*argv, "qlen")) {
		NEXT_ARG();
		if (vn_parse_u32(*argv, &v, 0, UINT32_MAX))
			return vn_ip_invarg(ip, "Invalid \"txqueuelen\" value\n",
					    *argv);
		o->has_txqlen = true;
		o->txqlen = v;
	} else if (!strcmp(*argv, "netns")) {
		NEXT_ARG();
		o->netns = vn_engine_netns(vn_job_engine(ip->job), *argv);
		if (!o->netns || !**argv)
			return vn_ip_invarg(ip, "Invalid \"netns\" value\n",
					    *argv);
	} else if (!strcmp(*argv, "master")) {
		NEXT_ARG();
		if (!vn_ip_dev(ip, *argv)) {
			vn_job_eprintf(ip->job, "Device does not exist\n");
			return IP_EXIT_USAGE;
		}
		o->master = *argv;
	} else if (!strcmp(*argv, "nomaster")) {
		o->master = "";
	} else if (!strcmp(*argv, "promisc")) {
		flag = &o->promisc;
	} else if (!strcmp(*argv, "arp")) {
		flag = &o->arp;
	} else if (!strcmp(*argv, "multicast")) {
		flag = &o->multicast;
	} else if (!strcmp(*argv, "allmulticast")) {
		flag = &o->allmulti;
	} else {
		*consumed = false;
	}
	if (flag) {
		NEXT_ARG();
		if (parse_onoff(ip, argv[-1], *argv, flag))
			return IP_EXIT_USAGE;
	}
	*pargc = argc;
	*pargv = argv;
	return 0;
}

/* --- veth and bridge, the kinds `ip link` has always known ------------ */

static int veth_add(struct vn_ip *ip, const struct vn_link_add *a, int argc,
		    char **argv, struct vn_dev **out)
{
	struct vn_netns *ns = ip->ns;
	struct link_opts peer;
	struct vn_netns *peer_ns;
	char auto_name[VN_IFNAMSIZ];
	const char *peer_name;
	struct vn_dev *dev;
	struct vn_err err;
	bool consumed;
	int rc;

	opts_init(&peer);
	vn_err_init(&err);
	if (argc > 0 && !strcmp(*argv, "peer")) {
		argc--;
		argv++;
		for (; argc > 0; argc--, argv++) {
			rc = parse_common(ip, &argc, &argv, &peer, &consumed);
			if (rc)
				return rc;
			if (consumed)
				continue;
			if (peer.name)
				return vn_ip_duparg2(ip, "dev", *argv);
			if (!vn_dev_name_valid(*argv))
				return vn_ip_invarg(ip,
						    "\"name\" not a valid ifname",
						    *argv);
			peer.name = *argv;
		}
	} else if (argc > 0) {
		return vn_ip_duparg2(ip, "peer", *argv);
	}
	peer_name = peer.name;
	if (!peer_name) {
		/* The kernel names it vethN, the first free N. */
		for (int i = 0;; i++) {
			snprintf(auto_name, sizeof(auto_name), "veth%d", i);
			if (!vn_dev_lookup(&ns->devs, auto_name))
				break;
		}
		peer_name = auto_name;
	}
	/* Without its own netns the peer stays with the caller. */
	peer_ns = peer.netns ? peer.netns : ns;
	if (a->has_mtu && (a->mtu < 68 || a->mtu > 65535)) {
		vn_job_eprintf(ip->job, "Error: mtu %s device %s.\n",
			       a->mtu < 68 ? "less than" : "greater than",
			       a->mtu < 68 ? "minimum" : "maximum");
		return IP_EXIT_KERNEL;
	}
	/* A kernel-backed end is a TAP there (cmd/ip_tap.c). */
	if (peer_ns->kernel || (a->netns && a->netns->kernel))
		return vn_ip_veth_kernel_add(ip, a, peer_ns, peer_name,
					     peer.has_mac ? peer.mac : NULL,
					     peer.has_mtu ? peer.mtu : 0, out);
	rc = vn_veth_create(a->netns ? &a->netns->devs : &ns->devs, a->name,
			    &peer_ns->devs, peer_name, &dev, &err);
	if (rc)
		return vn_ip_err(ip, &err);
	if (peer.has_mac || peer.has_mtu) {
		struct vn_dev *p = dev->ops->get_link(dev);

		if (peer.has_mac)
			vn_dev_set_mac(p, peer.mac, NULL);
		if (peer.has_mtu)
			vn_dev_set_mtu(p, peer.mtu, NULL);
	}
	*out = dev;
	return 0;
}

static int bridge_add(struct vn_ip *ip, const struct vn_link_add *a, int argc,
		      char **argv, struct vn_dev **out)
{
	struct link_opts o;
	struct vn_dev *dev;
	struct vn_err err;
	bool matched;
	int rc;

	opts_init(&o);
	vn_err_init(&err);
	for (; argc > 0; argc--, argv++) {
		rc = parse_bridge_opt(ip, &argc, &argv, &o, &matched);
		if (rc)
			return rc;
		if (!matched)
			return vn_ip_duparg2(ip, "type", *argv);
	}
	/* Created in the target namespace: netns_local only forbids moving
	 * it afterwards. */
	rc = vn_bridge_create(a->netns ? &a->netns->devs : &ip->ns->devs,
			      a->name, &dev, &err);
	if (rc)
		return vn_ip_err(ip, &err);
	/* br_dev_newlink() fails as a whole if an option is refused. */
	if (vn_bridge_change(vn_bridge_of(dev), &o.bridge, &err)) {
		vn_dev_unregister(dev);
		return vn_ip_err(ip, &err);
	}
	*out = dev;
	return 0;
}

static bool owns_veth(const struct vn_dev *dev)
{
	return vn_dev_is_veth(dev);
}

static bool owns_bridge(const struct vn_dev *dev)
{
	return vn_dev_is_bridge(dev);
}

static void bridge_print(struct vn_ip *ip, struct vn_pr *pr,
			 struct vn_dev *dev)
{
	(void)ip;
	vn_pr_open_object(pr, "info_data");
	print_bridge_details(pr, vn_bridge_of(dev));
	vn_pr_close_object(pr);
}

const struct vn_ip_link_kind vn_ip_kind_veth = {
	.kind = "veth",
	.add = veth_add,
	.owns = owns_veth,
};

const struct vn_ip_link_kind vn_ip_kind_bridge = {
	.kind = "bridge",
	.add = bridge_add,
	.owns = owns_bridge,
	.print = bridge_print,
};

static int link_add(struct vn_ip *ip, int argc, char **argv)
{
	const struct vn_ip_link_kind *kind;
	struct vn_link_add a = { 0 };
	struct link_opts o;
	const char *type = NULL;
	struct vn_dev *dev = NULL;
	bool consumed;
	int rc;

	opts_init(&o);
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "type")) {
			NEXT_ARG();
			type = *argv;
			argc--;
			argv++;
			break;
		}
		if (!strcmp(*argv, "link")) {
			NEXT_ARG();
			a.link = vn_ip_dev(ip, *argv);
			if (!a.link) {
				vn_job_eprintf(ip->job,
					       "Cannot find device \"%s\"\n",
					       *argv);
				return IP_EXIT_LOOKUP;
			}
			continue;
		}
		rc = parse_common(ip, &argc, &argv, &o, &consumed);
		if (rc)
			return rc;
		if (consumed)
			continue;
		if (!strcmp(*argv, "dev"))
			NEXT_ARG();
		if (o.name)
			return vn_ip_duparg2(ip, "dev", *argv);
		if (!vn_dev_name_valid(*argv))
			return vn_ip_invarg(ip, "\"name\" not a valid ifname",
					    *argv);
		o.name = *argv;
	}
	if (!type) {
		vn_job_eprintf(ip->job,
			       "Not enough information: \"type\" argument is required\n");
		return IP_EXIT_USAGE;
	}
	kind = vn_ip_link_kind(type);
	if (!kind) {
		vn_job_eprintf(ip->job, "Error: Unknown device type.\n");
		return IP_EXIT_KERNEL;
	}
	if (!o.name) {
		vn_job_eprintf(ip->job,
			       "Not enough information: \"dev\" argument is required.\n");
		return IP_EXIT_USAGE;
	}
	a.name = o.name;
	a.netns = o.netns;
	/* veth and tap know what a kernel-backed namespace means. */
	if (a.netns && a.netns->kernel && strcmp(kind->kind, "veth") &&
	    strcmp(kind->kind, "tap"))
		return vn_ip_kernel_netns_refuse(ip, a.netns);
	a.has_mac = o.has_mac;
	memcpy(a.mac, o.mac, VN_ETH_ALEN);
	a.has_mtu = o.has_mtu;
	a.mtu = o.mtu;
	a.has_txqlen = o.has_txqlen;
	a.txqlen = o.txqlen;
	rc = kind->add(ip, &a, argc, argv, &dev);
	if (rc)
		return rc;
	/* The attributes every kind takes, as rtnl_create_link() applies. */
	if (a.has_mac)
		vn_dev_set_mac(dev, a.mac, NULL);
	if (a.has_mtu)
		vn_dev_set_mtu(dev, a.mtu, NULL);
	if (a.has_txqlen)
		dev->txqlen = a.txqlen;
	if (o.up == 1)
		vn_dev_open(dev, NULL);
	return 0;
}

static int link_del(struct vn_ip *ip, int argc, char **argv)
{
	const char *name = NULL;
	struct vn_dev *dev;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "dev"))
			NEXT_ARG();
		else if (!strcmp(*argv, "type")) {
			NEXT_ARG();
			continue;
		}
		if (name)
			return vn_ip_duparg2(ip, "dev", *argv);
		name = *argv;
	}
	if (!name) {
		vn_job_eprintf(ip->job,
			       "Not enough information: \"dev\" argument is required.\n");
		return IP_EXIT_USAGE;
	}
	dev = vn_ip_dev(ip, name);
	if (!dev)
		return vn_ip_no_dev(ip, name);
	if (dev->type == VN_ARPHRD_LOOPBACK) {
		vn_job_eprintf(ip->job,
			       "RTNETLINK answers: Operation not supported\n");
		return IP_EXIT_KERNEL;
	}
	vn_dev_unregister(dev);
	return 0;
}

/* --- ip link set ------------------------------------------------------ */

static bool has_port_opts(const struct link_opts *o)
{
	return o->port.set || o->port.flag_mask;
}

static int apply_port_opts(struct vn_ip *ip, struct vn_dev *dev,
			   const struct link_opts *o)
{
	struct vn_br_port *p;
	struct vn_err err;

	if (!has_port_opts(o))
		return 0;
	p = vn_br_port_of(dev);
	if (!p) {
		vn_job_eprintf(ip->job,
			       "RTNETLINK answers: Operation not supported\n");
		return IP_EXIT_KERNEL;
	}
	vn_err_init(&err);
	if (vn_br_port_change(p, &o->port, &err))
		return vn_ip_err(ip, &err);
	return 0;
}

/*
 * `ip link set DEV [common options] type KIND ARGS` for kinds with their
 * own options: the common options must be absent (iproute2 sends them in
 * the same message; vnet keeps it simple and says so).
 */
static int kind_change(struct vn_ip *ip, const struct vn_ip_link_kind *k,
		       const char *devname, const struct link_opts *o,
		       int argc, char **argv)
{
	struct vn_dev *dev;

	if (!devname) {
		vn_job_eprintf(ip->job,
			       "Not enough of information: \"dev\" argument is required.\n");
		return IP_EXIT_USAGE;
	}
	dev = vn_ip_dev(ip, devname);
	if (!dev)
		return vn_ip_no_dev(ip, devname);
	if (!k->change || !k->owns || !k->owns(dev)) {
		vn_job_eprintf(ip->job,
			       "RTNETLINK answers: Operation not supported\n");
		return IP_EXIT_KERNEL;
	}
	if (o->up >= 0 || o->name || o->has_mac || o->has_mtu || o->netns ||
	    o->master) {
		vn_job_eprintf(ip->job,
			       "Error: vnet takes \"type %s\" options in a command of their own.\n",
			       k->kind);
		return IP_EXIT_USAGE;
	}
	return k->change(ip, dev, argc, argv);
}

static int link_set(struct vn_ip *ip, int argc, char **argv)
{
	struct link_opts o;
	const char *devname = NULL, *type = NULL;
	struct vn_dev *dev, *master = NULL;
	struct vn_err err;
	bool consumed, matched;
	int rc;

	opts_init(&o);
	vn_err_init(&err);
	for (; argc > 0; argc--, argv++) {
		if (type) {
			if (!strcmp(type, "bridge_slave"))
				rc = parse_slave_opt(ip, &argc, &argv, &o,
						     &matched);
			else
				rc = parse_bridge_opt(ip, &argc, &argv, &o,
						      &matched);
			if (rc)
				return rc;
			if (!matched)
				return vn_ip_duparg2(ip, "type", *argv);
			continue;
		}
		if (!strcmp(*argv, "type")) {
			const struct vn_ip_link_kind *k;

			NEXT_ARG();
			type = *argv;
			if (!strcmp(type, "bridge_slave") ||
			    !strcmp(type, "bridge"))
				continue;
			/* Other kinds parse their own arguments. */
			k = vn_ip_link_kind(type);
			if (!k) {
				vn_job_eprintf(ip->job,
					       "Error: Unknown device type.\n");
				return IP_EXIT_KERNEL;
			}
			return kind_change(ip, k, devname, &o, argc - 1,
					   argv + 1);
		}
		rc = parse_common(ip, &argc, &argv, &o, &consumed);
		if (rc)
			return rc;
		if (consumed)
			continue;
		if (!strcmp(*argv, "dev"))
			NEXT_ARG();
		if (devname)
			return vn_ip_duparg2(ip, "dev", *argv);
		devname = *argv;
	}
	if (!devname) {
		vn_job_eprintf(ip->job,
			       "Not enough of information: \"dev\" argument is required.\n");
		return IP_EXIT_USAGE;
	}
	dev = vn_ip_dev(ip, devname);
	if (!dev)
		return vn_ip_no_dev(ip, devname);

	/* Validate everything the kernel would refuse, before any change. */
	if (o.master && *o.master) {
		master = vn_ip_dev(ip, o.master);
		if (!master->ops->add_slave) {
			vn_job_eprintf(ip->job,
				       "RTNETLINK answers: Operation not supported\n");
			return IP_EXIT_KERNEL;
		}
		if (master == dev || vn_dev_is_bridge(dev)) {
			vn_job_eprintf(ip->job, vn_dev_is_bridge(dev) ?
				       "Error: Can not enslave a bridge to a bridge.\n" :
				       "RTNETLINK answers: Too many levels of symbolic links\n");
			return IP_EXIT_KERNEL;
		}
		if (dev->type != VN_ARPHRD_ETHER) {
			vn_job_eprintf(ip->job,
				       "RTNETLINK answers: Invalid argument\n");
			return IP_EXIT_KERNEL;
		}
	}
	if (o.netns && o.netns->kernel)
		return vn_ip_kernel_netns_refuse(ip, o.netns);
	if (o.netns && o.netns != ip->ns) {
		const char *n = o.name ? o.name : dev->name;

		if (dev->netns_local) {
			vn_job_eprintf(ip->job,
				       "Error: The interface netns is immutable.\n");
			return IP_EXIT_KERNEL;
		}
		if (vn_dev_lookup(&o.netns->devs, n)) {
			vn_job_eprintf(ip->job,
				       "RTNETLINK answers: File exists\n");
			return IP_EXIT_KERNEL;
		}
	}
	if (o.has_mac && (!vn_mac_is_valid(o.mac) ||
			  dev->type != VN_ARPHRD_ETHER)) {
		vn_job_eprintf(ip->job, "RTNETLINK answers: %s\n",
			       dev->type != VN_ARPHRD_ETHER ?
				       "Operation not supported" :
				       "Cannot assign requested address");
		return IP_EXIT_KERNEL;
	}
	if (o.has_mtu && (o.mtu < dev->min_mtu || o.mtu > dev->max_mtu)) {
		vn_job_eprintf(ip->job, "Error: mtu %s device %s.\n",
			       o.mtu < dev->min_mtu ? "less than" :
						      "greater than",
			       o.mtu < dev->min_mtu ? "minimum" : "maximum");
		return IP_EXIT_KERNEL;
	}
	if (o.name && strcmp(o.name, dev->name) &&
	    vn_dev_lookup(o.netns ? &o.netns->devs : &ip->ns->devs,
			  o.name)) {
		vn_job_eprintf(ip->job, "RTNETLINK answers: File exists\n");
		return IP_EXIT_KERNEL;
	}
	if (has_port_opts(&o) && !vn_br_port_of(dev) &&
	    !(master && vn_dev_is_bridge(master))) {
		vn_job_eprintf(ip->job,
			       "RTNETLINK answers: Operation not supported\n");
		return IP_EXIT_KERNEL;
	}
	if (type && !strcmp(type, "bridge") && !vn_dev_is_bridge(dev)) {
		vn_job_eprintf(ip->job,
			       "RTNETLINK answers: Operation not supported\n");
		return IP_EXIT_KERNEL;
	}

	/* Apply, in do_setlink()'s order. */
	if (o.netns && o.netns != ip->ns) {
		rc = vn_dev_move(dev, &o.netns->devs, o.name, &err);
		if (rc)
			return vn_ip_err(ip, &err);
		/* The rest applies in the new namespace. */
		o.name = NULL;
		if (o.master)
			o.master = NULL;
	}
	if (o.has_mac && vn_dev_set_mac(dev, o.mac, &err))
		return vn_ip_err(ip, &err);
	if (o.has_mtu && vn_dev_set_mtu(dev, o.mtu, &err))
		return vn_ip_err(ip, &err);
	if (o.name && vn_dev_set_name(dev, o.name, &err))
		return vn_ip_err(ip, &err);
	if (o.promisc >= 0)
		vn_dev_set_flag(dev, VN_IFF_PROMISC, o.promisc);
	if (o.allmulti >= 0)
		vn_dev_set_flag(dev, VN_IFF_ALLMULTI, o.allmulti);
	if (o.multicast >= 0)
		vn_dev_set_flag(dev, VN_IFF_MULTICAST, o.multicast);
	if (o.arp >= 0)
		vn_dev_set_flag(dev, VN_IFF_NOARP, !o.arp);
	if (o.up == 1 && vn_dev_open(dev, &err))
		return vn_ip_err(ip, &err);
	if (o.up == 0)
		vn_dev_close(dev);
	if (o.master) {
		if (!*o.master)
			vn_dev_release(dev);
		else if (vn_dev_set_master(dev, master, &err))
			return vn_ip_err(ip, &err);
	}
	if (o.has_txqlen)
		dev->txqlen = o.txqlen;
	rc = apply_port_opts(ip, dev, &o);
	if (rc)
		return rc;
	if (vn_dev_is_bridge(dev) &&
	    vn_bridge_change(vn_bridge_of(dev), &o.bridge, &err))
		return vn_ip_err(ip, &err);
	return 0;
}

int vn_ip_link(struct vn_ip *ip, int argc, char **argv)
{
	if (argc < 1 || vn_matches(*argv, "show") || vn_matches(*argv, "list") ||
	    vn_matches(*argv, "lst"))
		return link_show(ip, argc ? argc - 1 : 0, argv + !!argc);
	if (vn_matches(*argv, "add"))
		return link_add(ip, argc - 1, argv + 1);
	if (vn_matches(*argv, "delete"))
		return link_del(ip, argc - 1, argv + 1);
	if (vn_matches(*argv, "set") || vn_matches(*argv, "change"))
		return link_set(ip, argc - 1, argv + 1);
	if (vn_matches(*argv, "help")) {
		vn_job_eprintf(ip->job,
			       "Usage: ip link add [link DEV] [ name ] NAME type TYPE [ ARGS ]\n"
			       "       ip link delete { DEVICE | dev DEVICE }\n"
			       "       ip link set { DEVICE | dev DEVICE } [ { up | down } ] [ name NAME ]\n"
			       "                   [ address LLADDR ] [ mtu MTU ] [ netns NAME ]\n"
			       "                   [ master DEVICE ] [ nomaster ] [ promisc on|off ]\n"
			       "                   [ type bridge_slave ARGS | type bridge ARGS ]\n"
			       "       ip link show [ DEVICE | dev DEVICE ] [ up ] [ master DEV ] [ type TYPE ]\n"
			       "TYPE := { bridge | veth }\n");
		return IP_EXIT_USAGE;
	}
	vn_job_eprintf(ip->job,
		       "Command \"%s\" is unknown, try \"ip link help\".\n",
		       *argv);
	return IP_EXIT_USAGE;
}
