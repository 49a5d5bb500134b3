// SPDX-License-Identifier: MIT
/*
 * cmd/ip_macvlan.c - `ip link add link DEV NAME type macvlan|macvtap ...`,
 * `ip link set NAME type macvlan|macvtap ...` and their part of `ip -d
 * link` (iproute2 6.1's ip/iplink_macvlan.c, which serves both kinds, over
 * drivers/net/macvlan.c and macvtap.c).
 *
 * Options are parsed as iproute2 parses them (matches(): "mo" is mode),
 * with its messages, prefixed by the kind, and exit statuses (1 for a bad
 * option value, 255 for a missing one); the checks the kernel makes come
 * from dev/macvlan.c with its messages.  Source mode (and its macaddr
 * lists) and bcqueuelen are refused: vnet has neither.
 *
 * A macvtap's kernel side is a TAP interface (dev/macvtap.c), placed by
 * two options of vnet's own, as `type tap` takes them:
 *   kernel-netns KNS   the kernel namespace it appears in (default: the
 *                      one vnet runs in, where Linux's /dev/tapN would be)
 *   kernel-name KNAME  its name there (default: the macvtap's name)
 */
#include <inttypes.h>
#include <stdio.h>

#include "cmd/ip.h"
#include "cmd/kexec.h"
#include "dev/macvtap.h"
#include "kernel/knetns.h"

struct macvlan_args {
	enum vn_macvlan_mode mode;	/* 0: not given */
	int flags;			/* -1: not given */
	const char *knetns;		/* macvtap: kernel-netns, or NULL */
	const char *kname;		/* macvtap: kernel-name, or NULL */
};

static int explain(struct vn_ip *ip, const char *id)
{
	vn_job_eprintf(ip->job,
		       "Usage: ... %s mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]\n"
		       "\n"
		       "MODE: private | vepa | bridge | passthru | source\n"
		       "MODE_FLAG: null | nopromisc | nodst\n"
		       "MODE_OPTS: for mode \"source\":\n"
		       "\tmacaddr { { add | del } <macaddr> | set [ <macaddr> [ <macaddr>  ... ] ] | flush }\n"
		       "BC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]\n",
		       id);
	return 1;
}

static int unsupported(struct vn_ip *ip, const char *what)
{
	vn_job_eprintf(ip->job, "Error: vnet does not support macvlan %s.\n",
		       what);
	return IP_EXIT_KERNEL;
}

/*
 * macvlan_parse_opt() for the kind @id; @tap: a macvtap being created
 * (its kernel-side options are taken).  Returns 0 or the exit status.
 */
static int parse(struct vn_ip *ip, const char *id, bool tap, int argc,
		 char **argv, struct macvlan_args *m)
{
	bool source = false, has_flags = false;
	unsigned flags = 0;
	uint32_t v;

	m->mode = 0;
	m->flags = -1;
	m->knetns = NULL;
	m->kname = NULL;
	for (; argc > 0; argc--, argv++) {
		if (tap && !strcmp(*argv, "kernel-netns")) {
			NEXT_ARG();
			m->knetns = *argv;
			continue;
		}
		if (tap && !strcmp(*argv, "kernel-name")) {
			NEXT_ARG();
			if (!vn_dev_name_valid(*argv))
				return vn_ip_invarg(ip,
						    "\"name\" not a valid ifname",
						    *argv);
			m->kname = *argv;
			continue;
		}
		if (vn_matches(*argv, "mode")) {
			NEXT_ARG();
			if (!strcmp(*argv, "private")) {
				m->mode = VN_MACVLAN_PRIVATE;
			} else if (!strcmp(*argv, "vepa")) {
				m->mode = VN_MACVLAN_VEPA;
			} else if (!strcmp(*argv, "bridge")) {
				m->mode = VN_MACVLAN_BRIDGE;
			} else if (!strcmp(*argv, "passthru")) {
				m->mode = VN_MACVLAN_PASSTHRU;
			} else if (!strcmp(*argv, "source")) {
				source = true;
			} else {
				vn_job_eprintf(ip->job,
					       "Error: argument of \"mode\" must be \"private\", \"vepa\", \"bridge\", \"passthru\" or \"source\", not \"%s\"\n",
					       *argv);
				return 1;
			}
			if (!source)
				continue;
		} else if (vn_matches(*argv, "flag")) {
			NEXT_ARG();
			if (!strcmp(*argv, "nopromisc")) {
				flags |= VN_MACVLAN_FLAG_NOPROMISC;
			} else if (!strcmp(*argv, "nodst")) {
				flags |= VN_MACVLAN_FLAG_NODST;
			} else if (strcmp(*argv, "null")) {
				vn_job_eprintf(ip->job,
					       "Error: argument of \"flag\" must be \"nopromisc\", \"nodst\" or \"null\", not \"%s\"\n",
					       *argv);
				return 1;
			}
			has_flags = true;
			continue;
		} else if (vn_matches(*argv, "macaddr")) {
			source = true;
		} else if (vn_matches(*argv, "nopromisc")) {
			flags |= VN_MACVLAN_FLAG_NOPROMISC;
			has_flags = true;
			continue;
		} else if (vn_matches(*argv, "bcqueuelen")) {
			NEXT_ARG();
			if (vn_parse_u32(*argv, &v, 0, UINT32_MAX)) {
				vn_job_eprintf(ip->job,
					       "Error: argument of \"bcqueuelen\" must be a positive integer [0-4294967295], not \"%s\"\n",
					       *argv);
				return 1;
			}
			return unsupported(ip,
					   "bcqueuelen (broadcasts travel on the engine's backlog, not a queue of their own)");
		} else if (vn_matches(*argv, "help")) {
			return explain(ip, id);
		} else {
			vn_job_eprintf(ip->job, "%s: unknown option \"%s\"?\n",
				       id, *argv);
			return explain(ip, id);
		}
		if (source)
			return unsupported(ip, "mode source");
	}
	if (has_flags) {
		if ((flags & VN_MACVLAN_FLAG_NOPROMISC) &&
		    m->mode != VN_MACVLAN_PASSTHRU) {
			vn_job_eprintf(ip->job,
				       "%s: nopromisc flag only valid in passthru mode\n",
				       id);
			return explain(ip, id);
		}
		m->flags = (int)flags;
	}
	return 0;
}

static int macvlan_add(struct vn_ip *ip, const struct vn_link_add *a,
		       int argc, char **argv, struct vn_dev **out)
{
	struct vn_macvlan_config c = { 0 };
	struct macvlan_args m;
	struct vn_err err;
	int rc;

	rc = parse(ip, "macvlan", false, argc, argv, &m);
	if (rc)
		return rc;
	/* macvlan_common_newlink(): vepa unless told otherwise. */
	c.mode = m.mode ? m.mode : VN_MACVLAN_VEPA;
	c.flags = m.flags >= 0 ? (uint16_t)m.flags : 0;
	c.mac = a->has_mac ? a->mac : NULL;
	c.has_mtu = a->has_mtu;
	c.mtu = a->mtu;
	vn_err_init(&err);
	rc = vn_macvlan_create(a->netns ? &a->netns->devs : &ip->ns->devs,
			       a->name, a->link, &c, out, &err);
	if (rc)
		return vn_ip_err(ip, &err);
	if (a->has_mac && c.mode == VN_MACVLAN_PASSTHRU)
		vn_macvlan_ignore_creation_mac(*out);
	return 0;
}

static int macvlan_change(struct vn_ip *ip, struct vn_dev *dev, int argc,
			  char **argv)
{
	struct macvlan_args m;
	struct vn_err err;
	int rc;

	rc = parse(ip, dev->ops->kind, false, argc, argv, &m);
	if (rc)
		return rc;
	vn_err_init(&err);
	if (vn_macvlan_change(dev, m.mode, m.flags, &err))
		return vn_ip_err(ip, &err);
	return 0;
}

static bool macvlan_owns(const struct vn_dev *dev)
{
	return vn_dev_is_macvlan(dev) && !vn_dev_is_macvtap(dev);
}

/*
 * macvtap_newlink(): a macvlan child whose kernel side is a TAP in the
 * namespace kernel-netns names (vnet's own by default).
 */
static int macvtap_add(struct vn_ip *ip, const struct vn_link_add *a,
		       int argc, char **argv, struct vn_dev **out)
{
	struct vn_macvlan_config c = { 0 };
	struct vn_macvtap_kernel k = { 0 };
	struct macvlan_args m;
	struct vn_err err;
	int rc;

	rc = parse(ip, "macvtap", true, argc, argv, &m);
	if (rc)
		return rc;
	if (a->netns && a->netns->kernel) {
		vn_job_eprintf(ip->job,
			       "Error: %s: a macvtap lives in a vnet namespace; \"kernel-netns %s\" puts its kernel side there.\n",
			       a->name, a->netns->name);
		return IP_EXIT_USAGE;
	}
	c.mode = m.mode ? m.mode : VN_MACVLAN_VEPA;
	c.flags = m.flags >= 0 ? (uint16_t)m.flags : 0;
	c.mac = a->has_mac ? a->mac : NULL;
	c.has_mtu = a->has_mtu;
	c.mtu = a->mtu;
	rc = vn_kexec_knetns(ip->job, m.knetns ? m.knetns : "/proc/self/ns/net",
			     &k.knetns);
	if (rc)
		return rc;
	if (k.knetns->userfd < 0 && !vn_kexec_net_admin()) {
		vn_knetns_put(k.knetns);
		vn_job_eprintf(ip->job,
			       "%s: a macvtap's kernel TAP device needs CAP_NET_ADMIN (run as root)\n",
			       a->name);
		return IP_EXIT_KERNEL;
	}
	k.kname = m.kname;
	vn_err_init(&err);
	rc = vn_macvtap_create(a->netns ? &a->netns->devs : &ip->ns->devs,
			       a->name, a->link, &c, &k, out, &err);
	vn_knetns_put(k.knetns);
	if (rc)
		return vn_ip_err(ip, &err);
	if (a->has_mac && c.mode == VN_MACVLAN_PASSTHRU)
		vn_macvlan_ignore_creation_mac(*out);
	vn_kexec_real_time(ip->job, a->name);
	return 0;
}

static bool macvtap_owns(const struct vn_dev *dev)
{
	return vn_dev_is_macvtap(dev);
}

/* macvlan_print_opt() */
static void macvlan_print(struct vn_ip *ip, struct vn_pr *pr,
			  struct vn_dev *dev)
{
	uint16_t flags = vn_macvlan_flags(dev);

	(void)ip;
	vn_pr_open_object(pr, "info_data");
	vn_pr_string(pr, PR_ANY, "mode", "mode %s ",
		     vn_macvlan_mode_name(vn_macvlan_mode(dev)));
	if (flags & VN_MACVLAN_FLAG_NOPROMISC)
		vn_pr_bool(pr, PR_ANY, "nopromisc", "nopromisc ", true);
	if (flags & VN_MACVLAN_FLAG_NODST)
		vn_pr_bool(pr, PR_ANY, "nodst", "nodst ", true);
	/* The kernel's defaults: vnet has no broadcast queue to size. */
	vn_pr_uint(pr, PR_ANY, "bcqueuelen", "bcqueuelen %" PRIu64 " ",
		   VN_MACVLAN_BC_QUEUE_LEN);
	vn_pr_uint(pr, PR_ANY, "usedbcqueuelen", "usedbcqueuelen %" PRIu64 " ",
		   VN_MACVLAN_BC_QUEUE_LEN);
	vn_pr_close_object(pr);
}

const struct vn_ip_link_kind vn_ip_kind_macvlan = {
	.kind = "macvlan",
	.add = macvlan_add,
	.change = macvlan_change,
	.owns = macvlan_owns,
	.print = macvlan_print,
};

const struct vn_ip_link_kind vn_ip_kind_macvtap = {
	.kind = "macvtap",
	.add = macvtap_add,
	.change = macvlan_change,
	.owns = macvtap_owns,
	.print = macvlan_print,
};
