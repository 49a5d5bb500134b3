// SPDX-License-Identifier: MIT
/*
 * cmd/ip_vlan.c - `ip link add link DEV name DEV.10 type vlan id 10 ...`,
 * `ip link set DEV.10 type vlan ...` and the VLAN part of `ip -d link`
 * (iproute2 6.1's ip/iplink_vlan.c over net/8021q/vlan_netlink.c).
 *
 * Options are parsed as iproute2 parses them, with its messages and exit
 * statuses; what the kernel checks comes from dev/vlan.c with the 8021q
 * module's messages ("Error: 8021q: Invalid VLAN id.").  As in Linux, an
 * existing VLAN device's id and protocol cannot change: `ip link set ...
 * type vlan id N` is validated and then ignored, only flags change.  QoS
 * maps are refused (vnet always sends priority 0).
 */
#include <inttypes.h>
#include <stdio.h>

#include "cmd/bridge.h"
#include "cmd/ip.h"
#include "dev/vlan.h"

struct vlan_args {
	int n_args;		/* 0: no IFLA_INFO_DATA at all */
	bool has_proto;
	uint16_t proto;
	bool has_vid;
	uint16_t vid;
	uint32_t flags, mask;
};

static int explain(struct vn_ip *ip)
{
	vn_job_eprintf(ip->job,
		       "Usage: ... vlan id VLANID\n"
		       "\t\t[ protocol VLANPROTO ]\n"
		       "\t\t[ reorder_hdr { on | off } ]\n"
		       "\t\t[ gvrp { on | off } ]\n"
		       "\t\t[ mvrp { on | off } ]\n"
		       "\t\t[ loose_binding { on | off } ]\n"
		       "\t\t[ bridge_binding { on | off } ]\n"
		       "\t\t[ ingress-qos-map QOS-MAP ]\n"
		       "\t\t[ egress-qos-map QOS-MAP ]\n"
		       "\n"
		       "VLANID := 0-4095\n"
		       "VLANPROTO: [ 802.1Q | 802.1ad ]\n"
		       "QOS-MAP := [ QOS-MAP ] QOS-MAPPING\n"
		       "QOS-MAPPING := FROM:TO\n");
	return 1;
}

/* vlan_parse_opt(); returns 0 or the exit status. */
static int parse(struct vn_ip *ip, int argc, char **argv,
		 struct vlan_args *va)
{
	static const struct {
		const char *name;
		uint32_t bit;
	} flags[] = {
		{ "reorder_hdr", VN_VLAN_FLAG_REORDER_HDR },
		{ "gvrp", VN_VLAN_FLAG_GVRP },
		{ "mvrp", VN_VLAN_FLAG_MVRP },
		{ "loose_binding", VN_VLAN_FLAG_LOOSE_BINDING },
		{ "bridge_binding", VN_VLAN_FLAG_BRIDGE_BINDING },
	};
	uint32_t v;

	memset(va, 0, sizeof(*va));
	va->n_args = argc;
	for (; argc > 0; argc--, argv++) {
		bool done = false;

		if (vn_matches(*argv, "protocol")) {
			NEXT_ARG();
			if (vn_parse_ll_proto(*argv, &va->proto))
				return vn_ip_invarg(ip, "protocol is invalid",
						    *argv);
			va->has_proto = true;
			continue;
		}
		if (vn_matches(*argv, "id")) {
			NEXT_ARG();
			if (vn_parse_u32(*argv, &v, 0, UINT16_MAX))
				return vn_ip_invarg(ip, "id is invalid", *argv);
			va->vid = (uint16_t)v;
			va->has_vid = true;
			continue;
		}
		for (size_t i = 0; i < ARRAY_SIZE(flags) && !done; i++) {
			if (!vn_matches(*argv, flags[i].name))
				continue;
			NEXT_ARG();
			va->mask |= flags[i].bit;
			if (!strcmp(*argv, "on")) {
				va->flags |= flags[i].bit;
			} else if (!strcmp(*argv, "off")) {
				va->flags &= ~flags[i].bit;
			} else {
				vn_job_eprintf(ip->job,
					       "Error: argument of \"%s\" must be \"on\" or \"off\", not \"%s\"\n",
					       flags[i].name, *argv);
				return 1;
			}
			done = true;
		}
		if (done)
			continue;
		if (vn_matches(*argv, "ingress-qos-map") ||
		    vn_matches(*argv, "egress-qos-map")) {
			vn_job_eprintf(ip->job,
				       "Error: vnet does not support VLAN QoS maps (\"%s\"): the priority sent is always 0.\n",
				       *argv);
			return IP_EXIT_KERNEL;
		}
		if (vn_matches(*argv, "help"))
			return explain(ip);
		vn_job_eprintf(ip->job, "vlan: unknown command \"%s\"?\n",
			       *argv);
		return explain(ip);
	}
	return 0;
}

static int vlan_add(struct vn_ip *ip, const struct vn_link_add *a, int argc,
		    char **argv, struct vn_dev **out)
{
	struct vn_vlan_config c = { 0 };
	struct vlan_args va;
	struct vn_err err;
	int rc;

	rc = parse(ip, argc, argv, &va);
	if (rc)
		return rc;
	vn_err_init(&err);
	/* vlan_validate(): the address first, then the data. */
	if (a->has_mac && !vn_mac_is_valid(a->mac)) {
		vn_job_eprintf(ip->job, "Error: 8021q: Invalid link address.\n");
		return IP_EXIT_KERNEL;
	}
	if (!va.n_args) {
		vn_job_eprintf(ip->job,
			       "Error: 8021q: VLAN properties not specified.\n");
		return IP_EXIT_KERNEL;
	}
	c.proto = va.has_proto ? va.proto : VN_ETH_P_8021Q;
	c.has_vid = va.has_vid;
	c.vid = va.vid;
	/* vlan_newlink(): REORDER_HDR, then what was asked. */
	c.flags = (VN_VLAN_FLAG_REORDER_HDR & ~va.mask) | (va.flags & va.mask);
	c.mac = a->has_mac ? a->mac : NULL;
	c.has_mtu = a->has_mtu;
	c.mtu = a->mtu;
	rc = vn_vlan_create(a->netns ? &a->netns->devs : &ip->ns->devs,
			    a->name, a->link, &c, out, &err);
	if (rc)
		return vn_ip_err(ip, &err);
	return 0;
}

static int vlan_change(struct vn_ip *ip, struct vn_dev *dev, int argc,
		       char **argv)
{
	struct vn_vlan_dev *v = vn_vlan_of(dev);
	struct vlan_args va;
	struct vn_err err;
	int rc;

	rc = parse(ip, argc, argv, &va);
	if (rc)
		return rc;
	if (!va.n_args) {
		vn_job_eprintf(ip->job,
			       "Error: 8021q: VLAN properties not specified.\n");
		return IP_EXIT_KERNEL;
	}
	if (va.has_proto && !vn_vlan_is_tpid(va.proto)) {
		vn_job_eprintf(ip->job, "Error: 8021q: Invalid VLAN protocol.\n");
		return IP_EXIT_KERNEL;
	}
	if (va.has_vid && va.vid >= VN_VLAN_VID_MASK) {
		vn_job_eprintf(ip->job, "Error: 8021q: Invalid VLAN id.\n");
		return IP_EXIT_KERNEL;
	}
	vn_err_init(&err);
	/* vlan_changelink(): only the flags of an existing device change. */
	if (va.mask && vn_vlan_change_flags(v, va.flags, va.mask, &err))
		return vn_ip_err(ip, &err);
	return 0;
}

static bool vlan_owns(const struct vn_dev *dev)
{
	return vn_dev_is_vlan(dev);
}

/* vlan_print_opt() and vlan_print_flags() */
static void vlan_print(struct vn_ip *ip, struct vn_pr *pr, struct vn_dev *dev)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ VN_VLAN_FLAG_REORDER_HDR, "REORDER_HDR" },
		{ VN_VLAN_FLAG_GVRP, "GVRP" },
		{ VN_VLAN_FLAG_MVRP, "MVRP" },
		{ VN_VLAN_FLAG_LOOSE_BINDING, "LOOSE_BINDING" },
		{ VN_VLAN_FLAG_BRIDGE_BINDING, "BRIDGE_BINDING" },
	};
	struct vn_vlan_dev *v = vn_vlan_of(dev);
	uint32_t flags = v->flags;

	(void)ip;
	vn_pr_open_object(pr, "info_data");
	vn_pr_string(pr, PR_ANY, "protocol", "protocol %s ",
		     vn_vlan_proto_name(v->proto));
	vn_pr_uint(pr, PR_ANY, "id", "id %" PRIu64 " ", v->vid);
	vn_pr_open_array(pr, PR_ANY, "flags", "<");
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(flags & names[i].bit))
			continue;
		flags &= ~names[i].bit;
		vn_pr_string(pr, PR_ANY, NULL, flags ? "%s," : "%s",
			     names[i].name);
	}
	vn_pr_close_array(pr, PR_ANY, "> ");
	vn_pr_close_object(pr);
}

const struct vn_ip_link_kind vn_ip_kind_vlan = {
	.kind = "vlan",
	.add = vlan_add,
	.change = vlan_change,
	.owns = vlan_owns,
	.print = vlan_print,
};
