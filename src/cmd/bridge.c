// SPDX-License-Identifier: MIT
/*
 * cmd/bridge.c - the `bridge` command (iproute2 6.1's bridge/bridge.c,
 * fdb.c and link.c), and the bridge option parsers `ip link` shares.
 *
 * `bridge fdb show` walks the devices in ifindex order as the kernel's
 * rtnl_fdb_dump() does: for a bridge port, the entries of its bridge that
 * point to it (newest first); for a bridge, its entries that point to no
 * port.  The kernel also lists every device's own unicast and multicast
 * address lists as "self" entries (33:33:00:00:00:01 ...); vnet has no
 * such lists and prints none.  Errors carry iproute2's words and exit
 * statuses: 255 for usage errors and kernel refusals alike, as `bridge`
 * returns -1 for both.
 *
 * `bridge vlan` (bridge/vlan.c) adds, deletes and shows the VLANs of
 * ports and bridges (dev/bridge_vlan.c): add and del dispatch as
 * rtnl_bridge_setlink() does (no flag or `master`: the device's bridge
 * acts on the port; `self`: the device itself, which must be a bridge),
 * ranges (`vid 10-20`) apply to each VID, and unknown words are ignored
 * as iproute2 ignores them.  show lists, in ifindex order, every port and
 * bridge with VLANs; -compressvlans joins runs of VIDs with equal flags.
 *
 * Not supported: mdb entries (the list is empty), `bridge monitor`,
 * VXLAN-only fdb attributes, "self" entries on devices that are not
 * bridges, `bridge vlan set|global|tunnelshow` options (per-VLAN state,
 * multicast and tunnels), `bridge -d vlan show` and `bridge -s vlan show`
 * (per-VLAN options and counters).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "cmd/bridge.h"
#include "cmd/ip.h"
#include "cmd/print.h"
#include "engine.h"
#include "netns.h"

#define BR_EXIT_FAIL 255	/* return -1 from main(): usage and kernel */

/* Linux's NUD_* values, as `bridge fdb show state` takes them. */
#define NUD_REACHABLE 0x02
#define NUD_STALE 0x04
#define NUD_NOARP 0x40
#define NUD_PERMANENT 0x80

struct br_cmd {
	struct vn_job *job;
	struct vn_netns *ns;
	int stats;
	int details;
	bool compress_vlans;
	bool json;
	bool pretty;
};

/* --- shared option parsing (bridge link, ip link) ---------------------- */

void vn_br_port_opts_init(struct vn_br_port_opts *o)
{
	memset(o, 0, sizeof(*o));
}

/* Port options vnet knows by name but does not implement. */
static bool unsupported_port_flag(const char *name)
{
	static const char *const names[] = {
		"guard", "fastleave", "root_block", "learning_sync",
		"mcast_to_unicast", "neigh_suppress", "vlan_tunnel", "locked",
		"mab", "proxy_arp", "proxy_arp_wifi",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* iproute2's parse_on_off(). */
static int parse_on_off(struct vn_job *job, const char *key, const char *arg,
			bool *on)
{
	if (!strcmp(arg, "on")) {
		*on = true;
	} else if (!strcmp(arg, "off")) {
		*on = false;
	} else {
		vn_job_eprintf(job,
			       "Error: argument of \"%s\" must be one of \"off\", \"on\", not \"%s\"\n",
			       key, arg);
		return -EINVAL;
	}
	return 0;
}

static int incomplete(struct vn_job *job)
{
	vn_job_eprintf(job,
		       "Command line is not complete. Try option \"help\"\n");
	return BR_EXIT_FAIL;
}

static int invarg(struct vn_job *job, const char *msg, const char *arg)
{
	vn_job_eprintf(job, "Error: argument \"%s\" is wrong: %s\n", arg, msg);
	return BR_EXIT_FAIL;
}

/* bridge/link.c's "state": a number or a state name. */
static int parse_port_state(const char *s, long *state)
{
	static const char *const names[] = {
		"disabled", "listening", "learning", "forwarding", "blocking",
	};
	char *end;

	*state = strtol(s, &end, 10);
	if (*s && !*end)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcasecmp(names[i], s)) {
			*state = (long)i;
			return 0;
		}
	}
	return -EINVAL;
}

int vn_brport_parse_opt(struct vn_job *job, enum vn_brport_syntax syn,
			int *pargc, char ***pargv, struct vn_br_port_opts *o,
			bool *matched)
{
	const char *key = **pargv;
	bool ip = syn == VN_BRPORT_SYNTAX_IP;
	const char *val;
	uint32_t bit = vn_br_port_flag_by_name(key);
	uint32_t v;
	bool on;

	*matched = true;
	if (!bit && !unsupported_port_flag(key) && strcmp(key, "cost") &&
	    strcmp(key, "priority") && strcmp(key, "state")) {
		*matched = false;
		return 0;
	}
	if (*pargc <= 1)
		return incomplete(job);
	(*pargc)--;
	(*pargv)++;
	val = **pargv;
	if (bit || unsupported_port_flag(key)) {
		if (parse_on_off(job, key, val, &on))
			return ip ? 1 : (-EINVAL & 0xff);
		if (!bit) {
			if (!on)
				return 0;	/* already off: nothing to do */
			vn_job_eprintf(job,
				       "Error: vnet does not support the bridge port option \"%s\" yet.\n",
				       key);
			return ip ? IP_EXIT_KERNEL : BR_EXIT_FAIL;
		}
		o->flag_mask |= bit;
		if (on)
			o->flag_set |= bit;
		else
			o->flag_set &= ~bit;
		return 0;
	}
	if (!strcmp(key, "cost")) {
		if (ip) {
			if (vn_parse_u32(val, &v, 0, UINT32_MAX))
				return invarg(job, "cost is invalid", val);
			o->set |= VN_BRPORT_OPT_COST;
			o->cost = v;
		} else {
			/* link.c: atoi(), sent only if positive. */
			long c = atol(val);

			if (c > 0) {
				o->set |= VN_BRPORT_OPT_COST;
				o->cost = (uint32_t)c;
			}
		}
	} else if (!strcmp(key, "priority")) {
		if (ip) {
			if (vn_parse_u32(val, &v, 0, UINT16_MAX))
				return invarg(job, "priority is invalid", val);
			o->set |= VN_BRPORT_OPT_PRIORITY;
			o->priority = v;
		} else {
			long prio = atol(val);

			if (prio >= 0) {
				o->set |= VN_BRPORT_OPT_PRIORITY;
				o->priority = (uint16_t)prio;
			}
		}
	} else {
		long state;

		if (ip) {
			if (vn_parse_u32(val, &v, 0, UINT8_MAX))
				return invarg(job, "state is invalid", val);
			o->set |= VN_BRPORT_OPT_STATE;
			o->state = v;
		} else {
			if (parse_port_state(val, &state)) {
				vn_job_eprintf(job,
					       "Error: invalid STP port state\n");
				return BR_EXIT_FAIL;
			}
			if (state >= 0) {
				o->set |= VN_BRPORT_OPT_STATE;
				o->state = (uint8_t)state;
			}
		}
	}
	return 0;
}

int vn_bridge_parse_opt(struct vn_job *job, int *pargc, char ***pargv,
			struct vn_bridge_opts *o, bool *matched)
{
	static const struct {
		const char *name;
		uint32_t bit;
		uint32_t max;
	} opts[] = {
		{ "forward_delay", VN_BROPT_FORWARD_DELAY, UINT32_MAX },
		{ "hello_time", VN_BROPT_HELLO_TIME, UINT32_MAX },
		{ "max_age", VN_BROPT_MAX_AGE, UINT32_MAX },
		{ "ageing_time", VN_BROPT_AGEING, UINT32_MAX },
		{ "stp_state", VN_BROPT_STP, UINT32_MAX },
		{ "priority", VN_BROPT_PRIORITY, UINT16_MAX },
		{ "group_fwd_mask", VN_BROPT_GROUP_FWD_MASK, UINT16_MAX },
		{ "fdb_max_learned", VN_BROPT_MAX_LEARNED, UINT32_MAX },
		{ "vlan_filtering", VN_BROPT_VLAN_FILTERING, UINT8_MAX },
		{ "vlan_default_pvid", VN_BROPT_VLAN_DEFAULT_PVID, UINT16_MAX },
		{ "vlan_stats_enabled", VN_BROPT_VLAN_STATS, UINT8_MAX },
		{ "vlan_stats_per_port", VN_BROPT_VLAN_STATS, UINT8_MAX },
		{ "mcast_snooping", 0, UINT8_MAX },
	};
	const char *key = **pargv;
	char msg[64];
	uint32_t v;

	if (!strcmp(key, "vlan_protocol")) {
		*matched = true;
		if (*pargc <= 1)
			return incomplete(job);
		(*pargc)--;
		(*pargv)++;
		if (vn_parse_ll_proto(**pargv, &o->vlan_proto))
			return invarg(job, "invalid vlan_protocol", **pargv);
		o->set |= VN_BROPT_VLAN_PROTOCOL;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		if (strcmp(key, opts[i].name))
			continue;
		*matched = true;
		if (*pargc <= 1)
			return incomplete(job);
		(*pargc)--;
		(*pargv)++;
		snprintf(msg, sizeof(msg), "invalid %s", key);
		if (vn_parse_u32(**pargv, &v, 0, opts[i].max))
			return invarg(job, msg, **pargv);
		o->set |= opts[i].bit;
		switch (opts[i].bit) {
		case VN_BROPT_FORWARD_DELAY:
			o->forward_delay = (vn_time)v * 10 * VN_MSEC;
			break;
		case VN_BROPT_HELLO_TIME:
			o->hello_time = (vn_time)v * 10 * VN_MSEC;
			break;
		case VN_BROPT_MAX_AGE:
			o->max_age = (vn_time)v * 10 * VN_MSEC;
			break;
		case VN_BROPT_AGEING:
			o->ageing = (vn_time)v * 10 * VN_MSEC;
			break;
		case VN_BROPT_STP:
			o->stp = v != 0;
			break;
		case VN_BROPT_PRIORITY:
			o->priority = (uint16_t)v;
			break;
		case VN_BROPT_GROUP_FWD_MASK:
			o->group_fwd_mask = (uint16_t)v;
			break;
		case VN_BROPT_MAX_LEARNED:
			o->max_learned = v;
			break;
		case VN_BROPT_VLAN_FILTERING:
			o->vlan_filtering = (uint8_t)v;
			break;
		case VN_BROPT_VLAN_DEFAULT_PVID:
			o->default_pvid = (uint16_t)v;
			break;
		case VN_BROPT_VLAN_STATS:
			o->vlan_stats |= (uint8_t)v;
			break;
		default:
			/* Parsed for compatibility; snooping comes later. */
			break;
		}
		return 0;
	}
	*matched = false;
	return 0;
}

int vn_parse_ll_proto(const char *s, uint16_t *proto)
{
	static const struct {
		const char *name;
		uint16_t id;
	} names[] = {
		{ "802.1Q", VN_ETH_P_8021Q }, { "802.1ad", VN_ETH_P_8021AD },
		{ "ip", VN_ETH_P_IP },        { "arp", VN_ETH_P_ARP },
		{ "ipv6", VN_ETH_P_IPV6 },
	};
	uint32_t v;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcasecmp(names[i].name, s)) {
			*proto = names[i].id;
			return 0;
		}
	}
	if (vn_parse_u32(s, &v, 0, UINT16_MAX))
		return -EINVAL;
	*proto = (uint16_t)v;
	return 0;
}

/* --- common -------------------------------------------------------------- */

static int rtnl_err(struct br_cmd *c, int code)
{
	struct vn_err err;

	vn_err_init(&err);
	vn_err_rtnl(&err, code);
	vn_job_eprintf(c->job, "%s\n", err.msg);
	return BR_EXIT_FAIL;
}

static int print_err(struct br_cmd *c, const struct vn_err *err)
{
	vn_job_eprintf(c->job, "%s\n",
		       err->msg[0] ? err->msg : "RTNETLINK answers: error");
	return BR_EXIT_FAIL;
}

static struct vn_dev *dev_by_name(struct br_cmd *c, const char *name)
{
	return vn_dev_lookup(&c->ns->devs, name);
}

#undef NEXT_ARG
#define NEXT_ARG()                              \
	do {                                    \
		if (argc <= 1)                  \
			return incomplete(c->job); \
		argc--;                         \
		argv++;                         \
	} while (0)

/* --- bridge fdb -------------------------------------------------------- */

static int fdb_usage(struct br_cmd *c)
{
	vn_job_eprintf(c->job,
		       "Usage: bridge fdb { add | append | del | replace } ADDR dev DEV\n"
		       "              [ self ] [ master ] [ use ] [ router ] [ extern_learn ]\n"
		       "              [ sticky ] [ local | static | dynamic ] [ vlan VID ]\n"
		       "              { [ dst IPADDR ] [ port PORT] [ vni VNI ] | [ nhid NHID ] }\n"
		       "\t       [ via DEV ] [ src_vni VNI ]\n"
		       "       bridge fdb [ show [ br BRDEV ] [ brport DEV ] [ vlan VID ]\n"
		       "              [ state STATE ] [ dynamic ] ]\n"
		       "       bridge fdb get [ to ] LLADDR [ br BRDEV ] { brport | dev } DEV\n"
		       "              [ vlan VID ] [ vni VNI ] [ self ] [ master ] [ dynamic ]\n"
		       "       bridge fdb flush dev DEV [ brport DEV ] [ vlan VID ]\n"
		       "              [ self ] [ master ] [ [no]permanent | [no]static | [no]dynamic ]\n"
		       "              [ [no]added_by_user ] [ [no]extern_learn ] [ [no]sticky ]\n"
		       "              [ [no]offloaded ]\n");
	return BR_EXIT_FAIL;
}

/* fdb_to_nud() */
static unsigned entry_nud(const struct vn_fdb *fdb,
			  const struct vn_fdb_entry *e, vn_time now)
{
	switch ((enum vn_fdb_kind)e->kind) {
	case VN_FDB_LOCAL:
		return NUD_PERMANENT;
	case VN_FDB_STATIC:
		return NUD_NOARP;
	case VN_FDB_DYNAMIC:
		return vn_fdb_expired(fdb, e, now) ? NUD_STALE : NUD_REACHABLE;
	}
	return 0;
}

static const char *nud_name(unsigned nud)
{
	switch (nud) {
	case NUD_PERMANENT:
		return "permanent";
	case NUD_NOARP:
		return "static";
	case NUD_STALE:
		return "stale";
	default:
		return "";
	}
}

/* state_a2n() */
static int parse_nud(const char *arg, unsigned *s)
{
	uint32_t v;

	if (vn_matches(arg, "permanent"))
		*s = NUD_PERMANENT;
	else if (vn_matches(arg, "static") || vn_matches(arg, "temp"))
		*s = NUD_NOARP;
	else if (vn_matches(arg, "stale"))
		*s = NUD_STALE;
	else if (vn_matches(arg, "reachable") || vn_matches(arg, "dynamic"))
		*s = NUD_REACHABLE;
	else if (!strcmp(arg, "all"))
		*s = ~0u;
	else if (!vn_parse_u32(arg, &v, 0, UINT32_MAX))
		*s = v;
	else
		return -EINVAL;
	return 0;
}

struct fdb_filter {
	struct vn_dev *dev;	/* dev/brport: only this device */
	struct vn_dev *br;	/* br: only this bridge and its ports */
	unsigned state;
	bool dynamic;
	int vlan;
};

static void print_fdb_entry(struct br_cmd *c, struct vn_pr *pr,
			    const struct fdb_filter *f, struct vn_bridge *br,
			    const struct vn_fdb_entry *e, struct vn_dev *dev,
			    vn_time now)
{
	unsigned nud = entry_nud(&br->fdb, e, now);
	char mac[VN_MAC_STRLEN];

	if (f->state && !(nud & f->state))
		return;
	if (f->dynamic && (nud & NUD_PERMANENT))
		return;
	if (f->vlan && f->vlan != e->vid)
		return;
	vn_pr_open_object(pr, NULL);
	vn_pr_string(pr, PR_ANY, "mac", "%s ", vn_mac_format(mac, e->mac));
	if (!f->dev)
		vn_pr_string(pr, PR_ANY, "ifname", "dev %s ", dev->name);
	if (e->vid)
		vn_pr_uint(pr, PR_ANY, "vlan", "vlan %" PRIu64 " ", e->vid);
	if (c->stats) {
		/* jiffies_to_clock_t(now - used) / USER_HZ: whole seconds. */
		vn_pr_uint(pr, PR_ANY, "used", "used %" PRIu64,
			   (uint64_t)((now - e->used) / VN_SEC));
		vn_pr_uint(pr, PR_ANY, "updated", "/%" PRIu64 " ",
			   (uint64_t)((now - e->updated) / VN_SEC));
	}
	vn_pr_open_array(pr, PR_JSON, "flags", NULL);
	vn_pr_close_array(pr, PR_JSON, NULL);
	vn_pr_string(pr, PR_ANY, "master", "master %s ", br->dev.name);
	vn_pr_string(pr, PR_ANY, "state", "%s\n", nud_name(nud));
	vn_pr_close_object(pr);
}

/* The entries of @br pointing to @port (NULL: the bridge), newest first. */
static void print_fdb_of(struct br_cmd *c, struct vn_pr *pr,
			 const struct fdb_filter *f, struct vn_bridge *br,
			 struct vn_br_port *port, struct vn_dev *dev)
{
	vn_time now = vn_env_now(br->dev.space->env);
	struct vn_fdb_entry *e;

	vn_fdb_for_each(e, &br->fdb)
		if (e->port == port)
			print_fdb_entry(c, pr, f, br, e, dev, now);
}

static int fdb_show(struct br_cmd *c, int argc, char **argv)
{
	struct fdb_filter f = { 0 };
	const char *br_name = NULL, *dev_name = NULL;
	struct vn_dev *dev;
	struct vn_pr pr;
	unsigned s;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "brport") || !strcmp(*argv, "dev")) {
			NEXT_ARG();
			dev_name = *argv;
		} else if (!strcmp(*argv, "br")) {
			NEXT_ARG();
			br_name = *argv;
		} else if (!strcmp(*argv, "vlan")) {
			NEXT_ARG();
			if (f.vlan) {
				vn_job_eprintf(c->job,
					       "Error: duplicate \"vlan\": \"%s\" is the second value.\n",
					       *argv);
				return BR_EXIT_FAIL;
			}
			f.vlan = atoi(*argv);
		} else if (!strcmp(*argv, "state")) {
			NEXT_ARG();
			if (parse_nud(*argv, &s))
				return invarg(c->job, "invalid state", *argv);
			f.state |= s;
		} else if (!strcmp(*argv, "dynamic")) {
			f.dynamic = true;
		} else if (vn_matches(*argv, "help")) {
			return fdb_usage(c);
		}
	}
	if (br_name) {
		f.br = dev_by_name(c, br_name);
		if (!f.br) {
			vn_job_eprintf(c->job,
				       "Cannot find bridge device \"%s\"\n",
				       br_name);
			return BR_EXIT_FAIL;
		}
	}
	if (dev_name) {
		f.dev = dev_by_name(c, dev_name);
		if (!f.dev) {
			vn_job_eprintf(c->job, "Cannot find device \"%s\"\n",
				       dev_name);
			return BR_EXIT_FAIL;
		}
	}
	vn_pr_init(&pr, c->job, c->json, c->pretty);
	vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	vn_devspace_for_each(dev, &c->ns->devs) {
		struct vn_br_port *p = vn_br_port_of(dev);
		struct vn_bridge *br = vn_bridge_of(dev);

		if (f.dev && f.dev != dev)
			continue;
		/* rtnl_fdb_dump() with a bridge: it and its ports only. */
		if (f.br && dev != f.br && (!p || dev->master != f.br))
			continue;
		if (p) {
			vn_bridge_fdb_gc(p->br);
			print_fdb_of(c, &pr, &f, p->br, p, dev);
		}
		if (br) {
			vn_bridge_fdb_gc(br);
			print_fdb_of(c, &pr, &f, br, NULL, dev);
		}
	}
	vn_pr_close_array(&pr, PR_JSON, NULL);
	vn_pr_finish(&pr);
	return 0;
}

/* iproute2's duparg() */
static int duparg(struct br_cmd *c, const char *key, const char *arg)
{
	vn_job_eprintf(c->job,
		       "Error: duplicate \"%s\": \"%s\" is the second value.\n",
		       key, arg);
	return BR_EXIT_FAIL;
}

/* iproute2's duparg2() */
static int duparg2(struct br_cmd *c, const char *key, const char *arg)
{
	vn_job_eprintf(c->job,
		       "Error: either \"%s\" is duplicate, or \"%s\" is a garbage.\n",
		       key, arg);
	return BR_EXIT_FAIL;
}

/* sscanf("%hhx:%hhx:...") as fdb_modify() parses an address. */
static int parse_lladdr(const char *s, uint8_t *mac)
{
	unsigned v[VN_ETH_ALEN];

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4],
		   &v[5]) != 6)
		return -EINVAL;
	for (int i = 0; i < VN_ETH_ALEN; i++)
		mac[i] = (uint8_t)v[i];
	return 0;
}

enum fdb_op { FDB_ADD, FDB_APPEND, FDB_REPLACE, FDB_DEL };

static int fdb_modify(struct br_cmd *c, enum fdb_op op, int argc, char **argv)
{
	const char *addr = NULL, *d = NULL;
	bool self = false, master = false;
	unsigned state = NUD_NOARP;	/* fdb_modify()'s ndm_state */
	enum vn_fdb_kind kind;
	struct vn_bridge *br = NULL;
	struct vn_br_port *port = NULL;
	uint8_t mac[VN_ETH_ALEN];
	struct vn_dev *dev;
	struct vn_err err;
	unsigned nlflags;
	int vid = -1;
	int rc;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			d = *argv;
		} else if (!strcmp(*argv, "self")) {
			self = true;
		} else if (vn_matches(*argv, "master")) {
			master = true;
		} else if (vn_matches(*argv, "router")) {
			/* NTF_ROUTER: the bridge ignores it. */
		} else if (vn_matches(*argv, "local") ||
			   vn_matches(*argv, "permanent")) {
			state |= NUD_PERMANENT;
		} else if (vn_matches(*argv, "temp") ||
			   vn_matches(*argv, "static")) {
			state |= NUD_REACHABLE;
		} else if (vn_matches(*argv, "dynamic")) {
			state |= NUD_REACHABLE;
			state &= ~(unsigned)NUD_NOARP;
		} else if (vn_matches(*argv, "vlan")) {
			if (vid >= 0)
				return duparg2(c, "vlan", *argv);
			NEXT_ARG();
			vid = atoi(*argv);
			if (vid == 0 || vid >= 4095) {
				vn_job_eprintf(c->job,
					       "Error: invalid vlan id.\n");
				return BR_EXIT_FAIL;
			}
		} else if (!strcmp(*argv, "dst") || !strcmp(*argv, "port") ||
			   !strcmp(*argv, "vni") || !strcmp(*argv, "via") ||
			   !strcmp(*argv, "src_vni") ||
			   !strcmp(*argv, "nhid")) {
			vn_job_eprintf(c->job,
				       "Error: \"%s\" is for VXLAN devices, which vnet does not have yet.\n",
				       *argv);
			return BR_EXIT_FAIL;
		} else if (vn_matches(*argv, "use") ||
			   vn_matches(*argv, "extern_learn") ||
			   vn_matches(*argv, "sticky")) {
			vn_job_eprintf(c->job,
				       "Error: vnet does not support \"%s\" fdb entries yet.\n",
				       *argv);
			return BR_EXIT_FAIL;
		} else {
			if (!strcmp(*argv, "to"))
				NEXT_ARG();
			if (vn_matches(*argv, "help"))
				return fdb_usage(c);
			if (addr)
				return duparg2(c, "to", *argv);
			addr = *argv;
		}
	}
	/* "Assume permanent"; then br_fdb_add() reads the state bits. */
	if (!(state & (NUD_PERMANENT | NUD_REACHABLE)))
		state |= NUD_PERMANENT;
	if (state & NUD_PERMANENT)
		kind = VN_FDB_LOCAL;
	else if (state & NUD_NOARP)
		kind = VN_FDB_STATIC;
	else
		kind = VN_FDB_DYNAMIC;
	if (!d || !addr) {
		vn_job_eprintf(c->job,
			       "Device and address are required arguments.\n");
		return BR_EXIT_FAIL;
	}
	if (!self && !master)
		self = true;
	if (parse_lladdr(addr, mac)) {
		vn_job_eprintf(c->job, "Invalid mac address %s\n", addr);
		return BR_EXIT_FAIL;
	}
	dev = dev_by_name(c, d);
	if (!dev) {
		vn_job_eprintf(c->job, "Cannot find device \"%s\"\n", d);
		return BR_EXIT_FAIL;
	}
	/* rtnl_fdb_add/del(): "master" needs a port, "self" a bridge. */
	if (master && (port = vn_br_port_of(dev))) {
		br = port->br;
	} else if (self && vn_dev_is_bridge(dev)) {
		br = vn_bridge_of(dev);
		port = NULL;
	} else if (self && op == FDB_DEL) {
		return rtnl_err(c, -ENOENT);	/* not in its address list */
	} else {
		return rtnl_err(c, -EOPNOTSUPP);
	}
	vn_err_init(&err);
	if (op == FDB_DEL) {
		rc = vn_bridge_fdb_del(br, port, mac, vid > 0 ? (uint16_t)vid : 0,
				       &err);
	} else {
		nlflags = VN_FDB_CREATE | (op == FDB_ADD ? VN_FDB_EXCL : 0);
		rc = vn_bridge_fdb_add(br, port, mac,
				       vid > 0 ? (uint16_t)vid : 0, kind,
				       nlflags, &err);
	}
	return rc ? print_err(c, &err) : 0;
}

static int fdb_flush(struct br_cmd *c, int argc, char **argv)
{
	struct vn_fdb_flush_desc desc = { 0 };
	const char *d = NULL, *brport = NULL;
	bool self = false, master = false;
	struct vn_dev *dev, *pdev = NULL;
	struct vn_bridge *br;
	struct vn_br_port *port;
	int vid = -1;

	for (; argc > 0; argc--, argv++) {
		/* Each keyword sets (value) and selects (mask) match bits. */
		static const struct {
			const char *name;
			unsigned value, mask;
		} kw[] = {
			{ "permanent", VN_FDB_M_LOCAL, VN_FDB_M_LOCAL },
			{ "nopermanent", 0, VN_FDB_M_LOCAL },
			{ "static", VN_FDB_M_STATIC,
			  VN_FDB_M_STATIC | VN_FDB_M_LOCAL },
			{ "nostatic", 0, VN_FDB_M_STATIC },
			{ "dynamic", 0, VN_FDB_M_STATIC | VN_FDB_M_LOCAL },
			{ "nodynamic", VN_FDB_M_STATIC, VN_FDB_M_STATIC },
			{ "added_by_user", VN_FDB_M_ADDED_BY_USER,
			  VN_FDB_M_ADDED_BY_USER },
			{ "noadded_by_user", 0, VN_FDB_M_ADDED_BY_USER },
			/* Flags no vnet entry has: match nothing or all. */
			{ "extern_learn", VN_FDB_M_NEVER, VN_FDB_M_NEVER },
			{ "noextern_learn", 0, 0 },
			{ "sticky", VN_FDB_M_NEVER, VN_FDB_M_NEVER },
			{ "nosticky", 0, 0 },
			{ "offloaded", VN_FDB_M_NEVER, VN_FDB_M_NEVER },
			{ "nooffloaded", 0, 0 },
		};
		bool done = false;

		for (size_t i = 0; i < ARRAY_SIZE(kw) && !done; i++) {
			if (strcmp(*argv, kw[i].name))
				continue;
			desc.value = (desc.value & ~kw[i].mask) | kw[i].value;
			desc.mask |= kw[i].mask;
			done = true;
		}
		if (done)
			continue;
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			d = *argv;
		} else if (!strcmp(*argv, "brport")) {
			NEXT_ARG();
			brport = *argv;
		} else if (!strcmp(*argv, "vlan")) {
			uint32_t v;

			NEXT_ARG();
			if (vid >= 0)
				return duparg2(c, "vlan", *argv);
			if (vn_parse_u32(*argv, &v, 1, 4094)) {
				vn_job_eprintf(c->job,
					       "Error: integer out of range.\n");
				return BR_EXIT_FAIL;
			}
			vid = (int)v;
		} else if (!strcmp(*argv, "self")) {
			self = true;
		} else if (!strcmp(*argv, "master")) {
			master = true;
		} else if (vn_matches(*argv, "help")) {
			return fdb_usage(c);
		}
	}
	if (!d) {
		vn_job_eprintf(c->job, "Device is a required argument.\n");
		return BR_EXIT_FAIL;
	}
	dev = dev_by_name(c, d);
	if (!dev) {
		vn_job_eprintf(c->job, "Cannot find bridge device \"%s\"\n", d);
		return BR_EXIT_FAIL;
	}
	if (brport) {
		pdev = dev_by_name(c, brport);
		if (!pdev) {
			vn_job_eprintf(c->job,
				       "Cannot find bridge port device \"%s\"\n",
				       brport);
			return BR_EXIT_FAIL;
		}
	}
	if (!self && !master)
		self = true;
	port = vn_br_port_of(dev);
	if (master && port) {
		br = port->br;
		desc.by_port = true;
		desc.port = port;
	} else if (self && vn_dev_is_bridge(dev)) {
		br = vn_bridge_of(dev);
	} else {
		return rtnl_err(c, -EOPNOTSUPP);
	}
	if (pdev) {
		/* __fdb_flush_validate_ifindex() */
		struct vn_br_port *pp = vn_br_port_of(pdev);

		if (!vn_dev_is_bridge(pdev) && !pp) {
			vn_job_eprintf(c->job,
				       "Error: bridge: Flush device is not a bridge or bridge port.\n");
			return BR_EXIT_FAIL;
		}
		if (vn_dev_is_bridge(pdev) && pdev != &br->dev) {
			vn_job_eprintf(c->job,
				       "Error: bridge: Flush bridge device does not match target bridge device.\n");
			return BR_EXIT_FAIL;
		}
		if (pp && pp->br != br) {
			vn_job_eprintf(c->job,
				       "Error: bridge: Port belongs to a different bridge device.\n");
			return BR_EXIT_FAIL;
		}
		desc.by_port = true;
		desc.port = pp;
	}
	if (vid > 0)
		desc.vid = (uint16_t)vid;
	vn_bridge_fdb_flush(br, &desc);
	return 0;
}

static int do_fdb(struct br_cmd *c, int argc, char **argv)
{
	if (argc < 1)
		return fdb_show(c, 0, NULL);
	if (vn_matches(*argv, "add"))
		return fdb_modify(c, FDB_ADD, argc - 1, argv + 1);
	if (vn_matches(*argv, "append"))
		return fdb_modify(c, FDB_APPEND, argc - 1, argv + 1);
	if (vn_matches(*argv, "replace"))
		return fdb_modify(c, FDB_REPLACE, argc - 1, argv + 1);
	if (vn_matches(*argv, "delete"))
		return fdb_modify(c, FDB_DEL, argc - 1, argv + 1);
	if (vn_matches(*argv, "show") || vn_matches(*argv, "lst") ||
	    vn_matches(*argv, "list"))
		return fdb_show(c, argc - 1, argv + 1);
	if (vn_matches(*argv, "flush"))
		return fdb_flush(c, argc - 1, argv + 1);
	if (vn_matches(*argv, "help"))
		return fdb_usage(c);
	vn_job_eprintf(c->job,
		       "Command \"%s\" is unknown, try \"bridge fdb help\".\n",
		       *argv);
	return BR_EXIT_FAIL;
}

/* --- bridge link --------------------------------------------------------- */

static int link_usage(struct br_cmd *c)
{
	vn_job_eprintf(c->job,
		       "Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]\n"
		       "                               [ guard {on | off} ]\n"
		       "                               [ hairpin {on | off} ]\n"
		       "                               [ fastleave {on | off} ]\n"
		       "                               [ root_block {on | off} ]\n"
		       "                               [ learning {on | off} ]\n"
		       "                               [ learning_sync {on | off} ]\n"
		       "                               [ flood {on | off} ]\n"
		       "                               [ mcast_router MULTICAST_ROUTER ]\n"
		       "                               [ mcast_flood {on | off} ]\n"
		       "                               [ bcast_flood {on | off} ]\n"
		       "                               [ mcast_to_unicast {on | off} ]\n"
		       "                               [ neigh_suppress {on | off} ]\n"
		       "                               [ vlan_tunnel {on | off} ]\n"
		       "                               [ isolated {on | off} ]\n"
		       "                               [ locked {on | off} ]\n"
		       "                               [ hwmode {vepa | veb} ]\n"
		       "                               [ backup_port DEVICE ] [ nobackup_port ]\n"
		       "                               [ self ] [ master ]\n"
		       "       bridge link show [dev DEV]\n");
	return BR_EXIT_FAIL;
}

static void print_onoff(struct vn_pr *pr, const char *key, bool on)
{
	char fmt[48];

	snprintf(fmt, sizeof(fmt), "%s %%s ", key);
	vn_pr_bool(pr, PR_JSON, key, NULL, on);
	vn_pr_string(pr, PR_TEXT, NULL, fmt, on ? "on" : "off");
}

static void print_port(struct br_cmd *c, struct vn_pr *pr,
		       struct vn_br_port *p)
{
	struct vn_ip ip = { .job = c->job, .ns = c->ns };
	struct vn_dev *dev = p->dev;
	bool mdown;

	vn_pr_open_object(pr, NULL);
	vn_pr_int(pr, PR_ANY, "ifindex", "%" PRId64 ": ", dev->ifindex);
	vn_ip_print_name(&ip, pr, dev, "%s: ", &mdown);
	vn_ip_print_flags(pr, dev, mdown);
	vn_pr_uint(pr, PR_ANY, "mtu", "mtu %" PRIu64 " ", dev->mtu);
	vn_pr_string(pr, PR_ANY, "master", "master %s ", p->br->dev.name);
	vn_pr_string(pr, PR_ANY, "state", "state %s ",
		     vn_br_port_state_name(p->state));
	vn_pr_uint(pr, PR_ANY, "priority", "priority %" PRIu64 " ",
		   p->priority);
	vn_pr_uint(pr, PR_ANY, "cost", "cost %" PRIu64 " ", p->path_cost);
	if (c->details) {
		vn_pr_text(pr, "\n    ");
		print_onoff(pr, "hairpin", p->flags & VN_BRPORT_HAIRPIN);
		print_onoff(pr, "guard", false);
		print_onoff(pr, "root_block", false);
		print_onoff(pr, "fastleave", false);
		print_onoff(pr, "learning", p->flags & VN_BRPORT_LEARNING);
		print_onoff(pr, "flood", p->flags & VN_BRPORT_FLOOD);
		print_onoff(pr, "mcast_flood",
			    p->flags & VN_BRPORT_MCAST_FLOOD);
		print_onoff(pr, "bcast_flood",
			    p->flags & VN_BRPORT_BCAST_FLOOD);
		vn_pr_uint(pr, PR_ANY, "mcast_router",
			   "mcast_router %" PRIu64 " ", 1);
		print_onoff(pr, "mcast_to_unicast", false);
		print_onoff(pr, "neigh_suppress", false);
		print_onoff(pr, "vlan_tunnel", false);
		print_onoff(pr, "isolated", p->flags & VN_BRPORT_ISOLATED);
		print_onoff(pr, "locked", false);
	}
	vn_pr_nl(pr);
	vn_pr_close_object(pr);
}

static int link_show(struct br_cmd *c, int argc, char **argv)
{
	struct vn_dev *filter = NULL, *dev;
	struct vn_pr pr;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			filter = dev_by_name(c, *argv);
			if (!filter) {
				vn_job_eprintf(c->job,
					       "Cannot find device \"%s\"\n",
					       *argv);
				return BR_EXIT_FAIL;
			}
		} else if (vn_matches(*argv, "help")) {
			return link_usage(c);
		}
	}
	vn_pr_init(&pr, c->job, c->json, c->pretty);
	vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	vn_devspace_for_each(dev, &c->ns->devs) {
		struct vn_br_port *p = vn_br_port_of(dev);

		if (p && (!filter || filter == dev))
			print_port(c, &pr, p);
	}
	vn_pr_close_array(&pr, PR_JSON, NULL);
	vn_pr_finish(&pr);
	return 0;
}

static int link_set(struct br_cmd *c, int argc, char **argv)
{
	struct vn_br_port_opts o;
	const char *d = NULL;
	bool self = false, master = false, matched;
	struct vn_br_port *p;
	struct vn_dev *dev;
	struct vn_err err;
	int rc;

	vn_br_port_opts_init(&o);
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			d = *argv;
			continue;
		}
		if (!strcmp(*argv, "self")) {
			self = true;
			continue;
		}
		if (!strcmp(*argv, "master")) {
			master = true;
			continue;
		}
		rc = vn_brport_parse_opt(c->job, VN_BRPORT_SYNTAX_BRIDGE, &argc,
					 &argv, &o, &matched);
		if (rc)
			return rc;
		if (!matched)
			return link_usage(c);
	}
	if (!d) {
		vn_job_eprintf(c->job, "Device is a required argument.\n");
		return BR_EXIT_FAIL;
	}
	dev = dev_by_name(c, d);
	if (!dev) {
		vn_job_eprintf(c->job, "Cannot find bridge device \"%s\"\n", d);
		return BR_EXIT_FAIL;
	}
	p = vn_br_port_of(dev);
	/* rtnl_bridge_setlink(): "self" asks the device itself. */
	(void)master;
	if (!p || self)
		return rtnl_err(c, -EOPNOTSUPP);
	vn_err_init(&err);
	if (vn_br_port_change(p, &o, &err))
		return print_err(c, &err);
	return 0;
}

static int do_link(struct br_cmd *c, int argc, char **argv)
{
	if (argc < 1)
		return link_show(c, 0, NULL);
	if (vn_matches(*argv, "set") || vn_matches(*argv, "change"))
		return link_set(c, argc - 1, argv + 1);
	if (vn_matches(*argv, "show") || vn_matches(*argv, "lst") ||
	    vn_matches(*argv, "list"))
		return link_show(c, argc - 1, argv + 1);
	if (vn_matches(*argv, "help"))
		return link_usage(c);
	vn_job_eprintf(c->job,
		       "Command \"%s\" is unknown, try \"bridge link help\".\n",
		       *argv);
	return BR_EXIT_FAIL;
}

/* --- objects vnet does not have yet ---------------------------------- */

static int do_mdb(struct br_cmd *c, int argc, char **argv)
{
	/* No multicast snooping: the mdb is always empty. */
	if (argc < 1 || vn_matches(*argv, "show") || vn_matches(*argv, "list"))
		return 0;
	vn_job_eprintf(c->job,
		       "Error: vnet does not do multicast snooping yet: \"bridge mdb %s\" is not supported.\n",
		       *argv);
	return BR_EXIT_FAIL;
}

/* --- bridge vlan --------------------------------------------------------- */

static int vlan_usage(struct br_cmd *c)
{
	vn_job_eprintf(c->job,
		       "Usage: bridge vlan { add | del } vid VLAN_ID dev DEV [ tunnel_info id TUNNEL_ID ]\n"
		       "                                                     [ pvid ] [ untagged ]\n"
		       "                                                     [ self ] [ master ]\n"
		       "       bridge vlan { set } vid VLAN_ID dev DEV [ state STP_STATE ]\n"
		       "                                               [ mcast_router MULTICAST_ROUTER ]\n"
		       "       bridge vlan { show } [ dev DEV ] [ vid VLAN_ID ]\n"
		       "       bridge vlan { tunnelshow } [ dev DEV ] [ vid VLAN_ID ]\n"
		       "       bridge vlan global { set } vid VLAN_ID dev DEV\n"
		       "                      [ mcast_snooping MULTICAST_SNOOPING ]\n"
		       "                      [ mcast_querier MULTICAST_QUERIER ]\n"
		       "                      [ mcast_igmp_version IGMP_VERSION ]\n"
		       "                      [ mcast_mld_version MLD_VERSION ]\n"
		       "                      [ mcast_last_member_count LAST_MEMBER_COUNT ]\n"
		       "                      [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]\n"
		       "                      [ mcast_startup_query_count STARTUP_QUERY_COUNT ]\n"
		       "                      [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]\n"
		       "                      [ mcast_membership_interval MEMBERSHIP_INTERVAL ]\n"
		       "                      [ mcast_querier_interval QUERIER_INTERVAL ]\n"
		       "                      [ mcast_query_interval QUERY_INTERVAL ]\n"
		       "                      [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]\n"
		       "       bridge vlan global { show } [ dev DEV ] [ vid VLAN_ID ]\n");
	return BR_EXIT_FAIL;
}

/* The kernel's check of one VID of the request (br_afspec()). */
static bool vid_ok(int16_t vid)
{
	uint16_t v = (uint16_t)vid;

	return v != 0 && v < VN_VLAN_VID_MASK;
}

/*
 * vlan_modify(): `bridge vlan add|del`.  VIDs are parsed into a short
 * with atoi() as iproute2 does, so its odd messages for large numbers
 * ("Invalid VLAN ID "4464"" for 70000) come out the same.
 */
static int vlan_modify(struct br_cmd *c, bool del, int argc, char **argv)
{
	const char *d = NULL;
	int16_t vid = -1, vid_end = -1;
	bool range = false, self = false, master = false, tunnel = false;
	unsigned flags = 0;
	struct vn_br_port *port = NULL;
	struct vn_bridge *br = NULL;
	struct vn_dev *dev;
	struct vn_err err;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			d = *argv;
		} else if (!strcmp(*argv, "vid")) {
			char *dash;

			NEXT_ARG();
			dash = strchr(*argv, '-');
			if (dash) {
				vid = (int16_t)atoi(*argv);
				vid_end = (int16_t)atoi(dash + 1);
				range = true;
			} else {
				vid = (int16_t)atoi(*argv);
			}
		} else if (!strcmp(*argv, "self")) {
			self = true;
		} else if (!strcmp(*argv, "master")) {
			master = true;
		} else if (!strcmp(*argv, "pvid")) {
			flags |= VN_BR_VLAN_PVID;
		} else if (!strcmp(*argv, "untagged")) {
			flags |= VN_BR_VLAN_UNTAGGED;
		} else if (!strcmp(*argv, "tunnel_info")) {
			uint32_t id;

			NEXT_ARG();
			if (!vn_matches(*argv, "id"))
				return invarg(c->job, "tunnel id expected",
					      *argv);
			NEXT_ARG();
			if (vn_parse_u32(*argv, &id, 0, (1u << 24) - 1))
				return invarg(c->job, "invalid tun id", *argv);
			tunnel = true;
		} else if (vn_matches(*argv, "help")) {
			/* bridge/vlan.c skips the word after "help". */
			NEXT_ARG();
		}
		/* Anything else is ignored, as bridge/vlan.c ignores it. */
	}
	if (!d || vid == -1) {
		vn_job_eprintf(c->job,
			       "Device and VLAN ID are required arguments.\n");
		return BR_EXIT_FAIL;
	}
	dev = dev_by_name(c, d);
	if (!dev) {
		vn_job_eprintf(c->job, "Cannot find bridge device \"%s\"\n", d);
		return BR_EXIT_FAIL;
	}
	if (vid >= VN_VLAN_N_VID) {
		vn_job_eprintf(c->job, "Invalid VLAN ID \"%hu\"\n",
			       (unsigned short)vid);
		return BR_EXIT_FAIL;
	}
	if (range) {
		if (vid_end == -1 || vid_end >= VN_VLAN_N_VID ||
		    vid >= vid_end) {
			vn_job_eprintf(c->job,
				       "Invalid VLAN range \"%hu-%hu\"\n",
				       (unsigned short)vid,
				       (unsigned short)vid_end);
			return BR_EXIT_FAIL;
		}
		if (flags & VN_BR_VLAN_PVID) {
			vn_job_eprintf(c->job,
				       "pvid cannot be configured for a vlan range\n");
			return BR_EXIT_FAIL;
		}
	} else {
		vid_end = vid;
	}
	/* rtnl_bridge_setlink(): no flag or master asks the device's
	 * bridge (a port), self the device itself (a bridge). */
	if (!self || master) {
		port = vn_br_port_of(dev);
		if (!port)
			return rtnl_err(c, -EOPNOTSUPP);
	}
	if (self) {
		br = vn_bridge_of(dev);
		if (!br)
			return rtnl_err(c, -EOPNOTSUPP);
	}
	/* br_afspec() refuses VID 0 and 4095 up, and VLAN tunnels on a
	 * port without vlan_tunnel, which vnet does not have. */
	if (!vid_ok(vid) || !vid_ok(vid_end) || tunnel)
		return rtnl_err(c, -EINVAL);

	vn_err_init(&err);
	for (int v = (uint16_t)vid; v <= (uint16_t)vid_end; v++) {
		if (port && del) {
			vn_br_vlan_del(port->br, port, (uint16_t)v);
		} else if (port &&
			   vn_br_vlan_add(port->br, port, (uint16_t)v, flags,
					  &err)) {
			return print_err(c, &err);
		}
		if (br && del) {
			vn_br_vlan_del(br, NULL, (uint16_t)v);
		} else if (br &&
			   vn_br_vlan_add(br, NULL, (uint16_t)v, flags, &err)) {
			return print_err(c, &err);
		}
	}
	return 0;
}

/* One line of `bridge vlan show`: VIDs @start..@end with @flags. */
struct vlan_range {
	uint16_t start, end;
	unsigned flags;
};

static unsigned vlan_flags(const struct vn_br_vlans *vg, uint16_t vid)
{
	return (vg->pvid == vid ? VN_BR_VLAN_PVID : 0) |
	       (vn_br_vlan_untagged(vg, vid) ? VN_BR_VLAN_UNTAGGED : 0);
}

/*
 * Next line of @vg after @r (r->end 0 starts), as br_fill_ifvlaninfo() or,
 * compressed, br_fill_ifvlaninfo_compressed() reports them.  False at
 * the end.
 */
static bool vlan_next_range(const struct vn_br_vlans *vg, bool compress,
			    struct vlan_range *r)
{
	uint16_t vid = vn_br_vlan_next(vg, r->end), next;

	if (!vid)
		return false;
	r->start = r->end = vid;
	r->flags = vlan_flags(vg, vid);
	while (compress && (next = vn_br_vlan_next(vg, r->end)) &&
	       next == r->end + 1 && vlan_flags(vg, next) == r->flags)
		r->end = next;
	return true;
}

static void print_vlan_flags(struct vn_pr *pr, unsigned flags)
{
	if (!flags)
		return;
	vn_pr_open_array(pr, PR_JSON, "flags", NULL);
	if (flags & VN_BR_VLAN_PVID)
		vn_pr_string(pr, PR_ANY, NULL, " %s", "PVID");
	if (flags & VN_BR_VLAN_UNTAGGED)
		vn_pr_string(pr, PR_ANY, NULL, " %s", "Egress Untagged");
	vn_pr_close_array(pr, PR_JSON, NULL);
}

/* print_vlan_info() for one port or bridge. */
static void print_vlans(struct vn_pr *pr, const struct vn_dev *dev,
			const struct vn_br_vlans *vg, bool compress,
			unsigned filter)
{
	struct vlan_range r = { 0 };
	bool opened = false;

	while (vlan_next_range(vg, compress, &r)) {
		/* filter_vlan_check(): ranges are shown whole. */
		if (filter && r.start > filter)
			break;
		if (filter && r.end < filter)
			continue;
		if (!opened) {
			vn_pr_open_object(pr, NULL);
			vn_pr_string(pr, PR_ANY, "ifname", "%-16s  ",
				     dev->name);
			vn_pr_open_array(pr, PR_JSON, "vlans", NULL);
			opened = true;
		} else {
			vn_pr_text(pr, "%-16s  ", "");
		}
		vn_pr_open_object(pr, NULL);
		vn_pr_uint(pr, PR_ANY, "vlan", "%" PRIu64, r.start);
		if (r.start != r.end)
			vn_pr_uint(pr, PR_ANY, "vlanEnd", "-%" PRIu64, r.end);
		print_vlan_flags(pr, r.flags);
		vn_pr_close_object(pr);
		vn_pr_nl(pr);
	}
	if (opened) {
		vn_pr_close_array(pr, PR_JSON, NULL);
		vn_pr_close_object(pr);
	}
}

/* vlan_show(); @tunnels: `tunnelshow`, which has nothing to list. */
static int vlan_show(struct br_cmd *c, int argc, char **argv, bool tunnels)
{
	const char *filter_dev = NULL;
	unsigned filter_vlan = 0;
	struct vn_dev *fdev = NULL, *dev;
	struct vn_pr pr;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			if (filter_dev)
				return duparg(c, "dev", *argv);
			filter_dev = *argv;
		} else if (!strcmp(*argv, "vid")) {
			NEXT_ARG();
			if (filter_vlan)
				return duparg(c, "vid", *argv);
			filter_vlan = (unsigned)atoi(*argv);
		}
	}
	if (filter_dev) {
		fdev = dev_by_name(c, filter_dev);
		if (!fdev) {
			vn_job_eprintf(c->job, "Cannot find device \"%s\"\n",
				       filter_dev);
			return BR_EXIT_FAIL;
		}
	}
	if (c->stats || c->details) {
		vn_job_eprintf(c->job,
			       "Error: vnet has no per-VLAN options or counters: \"bridge %s vlan show\" is not supported.\n",
			       c->stats ? "-s" : "-d");
		return BR_EXIT_FAIL;
	}
	vn_pr_init(&pr, c->job, c->json, c->pretty);
	vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	vn_pr_text(&pr, "%-16s  %-9s%s\n", "port", "vlan-id",
		   tunnels ? "  tunnel-id" : "");
	vn_devspace_for_each(dev, &c->ns->devs) {
		struct vn_br_port *p = vn_br_port_of(dev);
		struct vn_bridge *br = vn_bridge_of(dev);

		if (tunnels || (fdev && fdev != dev))
			continue;
		/* rtnl_bridge_getlink(): the port's view, then the bridge's. */
		if (p)
			print_vlans(&pr, dev, &p->vlans, c->compress_vlans,
				    filter_vlan);
		if (br)
			print_vlans(&pr, dev, &br->vlans, c->compress_vlans,
				    filter_vlan);
	}
	vn_pr_close_array(&pr, PR_JSON, NULL);
	vn_pr_finish(&pr);
	return 0;
}

static int do_vlan(struct br_cmd *c, int argc, char **argv)
{
	if (argc < 1)
		return vlan_show(c, 0, NULL, false);
	if (vn_matches(*argv, "add"))
		return vlan_modify(c, false, argc - 1, argv + 1);
	if (vn_matches(*argv, "delete"))
		return vlan_modify(c, true, argc - 1, argv + 1);
	if (vn_matches(*argv, "show") || vn_matches(*argv, "lst") ||
	    vn_matches(*argv, "list"))
		return vlan_show(c, argc - 1, argv + 1, false);
	if (vn_matches(*argv, "tunnelshow"))
		return vlan_show(c, argc - 1, argv + 1, true);
	if (vn_matches(*argv, "set") || !strcmp(*argv, "global")) {
		vn_job_eprintf(c->job,
			       "Error: vnet has no per-VLAN states or multicast options: \"bridge vlan %s\" is not supported.\n",
			       *argv);
		return BR_EXIT_FAIL;
	}
	if (vn_matches(*argv, "help"))
		return vlan_usage(c);
	vn_job_eprintf(c->job,
		       "Command \"%s\" is unknown, try \"bridge vlan help\".\n",
		       *argv);
	return BR_EXIT_FAIL;
}

static int do_monitor(struct br_cmd *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	vn_job_eprintf(c->job, "Error: vnet does not have \"bridge monitor\" yet.\n");
	return BR_EXIT_FAIL;
}

/* --- the command ----------------------------------------------------------- */

static int usage(struct br_cmd *c)
{
	vn_job_eprintf(c->job,
		       "Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n"
		       "       bridge [ -force ] -batch filename\n"
		       "where  OBJECT := { link | fdb | mdb | vlan | monitor }\n"
		       "       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n"
		       "                    -o[neline] | -t[imestamp] | -n[etns] name |\n"
		       "                    -c[ompressvlans] -color -p[retty] -j[son] }\n");
	return BR_EXIT_FAIL;
}

static int do_help(struct br_cmd *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return usage(c);
}

static const struct {
	const char *name;
	int (*fn)(struct br_cmd *c, int argc, char **argv);
} objects[] = {
	/* bridge.c's table order decides what an abbreviation means. */
	{ "link", do_link },
	{ "fdb", do_fdb },
	{ "mdb", do_mdb },
	{ "vlan", do_vlan },
	{ "monitor", do_monitor },
	{ "help", do_help },
};

/* matches(opt, "-word"): @opt (with its dash) abbreviates "-word". */
static bool opt_is(const char *opt, const char *word)
{
	return opt[0] == '-' && vn_matches(opt + 1, word + 1);
}

int vn_cmd_bridge(struct vn_job *job, int argc, char **argv)
{
	struct br_cmd c = { .job = job, .ns = vn_job_netns(job) };

	argc--;
	argv++;
	while (argc > 0) {
		const char *opt = argv[0];

		if (!strcmp(opt, "--")) {
			argc--;
			argv++;
			break;
		}
		if (opt[0] != '-')
			break;
		if (opt[1] == '-')
			opt++;
		if (opt_is(opt, "-help")) {
			return usage(&c);
		} else if (opt_is(opt, "-Version")) {
			vn_job_printf(job, "bridge utility, 6.1.0\n");
			return 0;
		} else if (opt_is(opt, "-stats") || opt_is(opt, "-statistics")) {
			c.stats++;
		} else if (opt_is(opt, "-details")) {
			c.details++;
		} else if (opt_is(opt, "-oneline") || opt_is(opt, "-timestamp") ||
			   opt_is(opt, "-force") || !strcmp(opt, "-4") ||
			   !strcmp(opt, "-6")) {
			/* Accepted; nothing vnet prints depends on them. */
		} else if (opt_is(opt, "-netns")) {
			struct vn_netns *ns;

			if (argc < 2) {
				vn_job_eprintf(job,
					       "Cannot open network namespace \"(null)\": No such file or directory\n");
				return BR_EXIT_FAIL;
			}
			argc--;
			argv++;
			ns = vn_engine_netns(vn_job_engine(job), argv[0]);
			if (!ns || !argv[0][0]) {
				vn_job_eprintf(job,
					       "Cannot open network namespace \"%s\": No such file or directory\n",
					       argv[0]);
				return BR_EXIT_FAIL;
			}
			c.ns = ns;
			vn_job_set_netns(job, ns);
		} else if (opt_is(opt, "-color") ||
			   !strncmp(opt, "-color=", 7)) {
			/* 6.1 matches -c as -color; vnet never colours. */
		} else if (opt_is(opt, "-compressvlans")) {
			c.compress_vlans = true;
		} else if (opt_is(opt, "-json")) {
			c.json = true;
		} else if (opt_is(opt, "-pretty")) {
			c.pretty = true;
		} else if (opt_is(opt, "-batch") || opt_is(opt, "-family")) {
			vn_job_eprintf(job,
				       "Error: vnet does not support \"bridge %s\"; run the commands one per line.\n",
				       opt);
			return BR_EXIT_FAIL;
		} else {
			vn_job_eprintf(job,
				       "Option \"%s\" is unknown, try \"bridge help\".\n",
				       opt);
			return BR_EXIT_FAIL;
		}
		argc--;
		argv++;
	}
	if (argc < 1)
		return usage(&c);
	for (size_t i = 0; i < ARRAY_SIZE(objects); i++)
		if (vn_matches(argv[0], objects[i].name))
			return objects[i].fn(&c, argc - 1, argv + 1);
	vn_job_eprintf(job, "Object \"%s\" is unknown, try \"bridge help\".\n",
		       argv[0]);
	return BR_EXIT_FAIL;
}
