// SPDX-License-Identifier: MIT
/*
 * cmd/ip_addr.c - `ip address` (iproute2's ipaddress.c, IPv4 half).
 *
 * Listing: each device's link lines as `ip link` prints them (without the
 * link mode), then one "inet" line per address plus its lifetimes, in the
 * device's address order (primaries, then secondaries).  -br prints one
 * line per device; -o one line per address; -j JSON with addr_info.
 * vnet has no IPv6, so no inet6 lines (docs/differences.md).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "cmd/ip.h"
#include "wire/ipv4.h"

struct addr_filter {
	struct vn_dev *dev;
	bool up;
	const char *label;
	int scope;		/* -1: any */
	bool has_prefix;
	uint32_t prefix;
	unsigned plen;
};

static const char *scope_text(uint8_t scope, char *buf, size_t size)
{
	return vn_scope_name(scope, buf, size);
}

static bool ifa_matches(const struct addr_filter *f,
			const struct vn_ifaddr *ifa)
{
	if (f->label && strcmp(f->label, ifa->label))
		return false;
	if (f->scope >= 0 && ifa->scope != f->scope)
		return false;
	if (f->has_prefix &&
	    ((ifa->local ^ f->prefix) & vn_ipv4_prefix_mask(f->plen)))
		return false;
	return true;
}

static void print_addr(struct vn_ip *ip, struct vn_pr *pr,
		       const struct vn_dev *dev, const struct vn_ifaddr *ifa)
{
	char a[VN_IPV4_STRLEN], b[VN_IPV4_STRLEN], s[16];

	vn_pr_open_object(pr, NULL);
	if (ip->oneline)
		vn_pr_text(pr, "%d: %s    ", dev->ifindex, dev->name);
	else
		vn_pr_text(pr, "    ");
	vn_pr_string(pr, PR_ANY, "family", "%s ", "inet");
	vn_pr_string(pr, PR_ANY, "local", "%s", vn_ipv4_format(a, ifa->local));
	vn_pr_uint(pr, PR_ANY, "prefixlen", "/%" PRIu64 " ", ifa->plen);
	if (ifa->broadcast)
		vn_pr_string(pr, PR_ANY, "broadcast", "brd %s ",
			     vn_ipv4_format(b, ifa->broadcast));
	vn_pr_string(pr, PR_ANY, "scope", "scope %s ",
		     scope_text(ifa->scope, s, sizeof(s)));
	if (ifa->flags & VN_IFA_F_SECONDARY)
		vn_pr_bool(pr, PR_ANY, "secondary", "secondary ", true);
	vn_pr_string(pr, PR_ANY, "label", "%s", ifa->label);
	vn_pr_text(pr, ip->oneline ? "\\" : "\n");
	vn_pr_uint(pr, PR_JSON, "valid_life_time", NULL, 4294967295u);
	vn_pr_uint(pr, PR_JSON, "preferred_life_time", NULL, 4294967295u);
	vn_pr_text(pr, "       valid_lft forever preferred_lft forever\n");
	vn_pr_close_object(pr);
}

static void print_brief(struct vn_ip *ip, struct vn_pr *pr,
			struct vn_dev *dev, const struct addr_filter *f)
{
	struct vn_ifaddr *ifa;
	char a[VN_IPV4_STRLEN];
	bool mdown;

	vn_pr_open_object(pr, NULL);
	vn_ip_print_name(ip, pr, dev, "%-16s ", &mdown);
	vn_pr_string(pr, PR_ANY, "operstate", "%-14s ",
		     vn_dev_operstate(dev));
	vn_pr_open_array(pr, PR_JSON, "addr_info", NULL);
	if (dev->in) {
		vn_list_for_each(ifa, &dev->in->addrs, link) {
			if (!ifa_matches(f, ifa))
				continue;
			vn_pr_open_object(pr, NULL);
			vn_pr_string(pr, PR_ANY, "local", "%s",
				     vn_ipv4_format(a, ifa->local));
			vn_pr_uint(pr, PR_ANY, "prefixlen", "/%" PRIu64 " ",
				   ifa->plen);
			vn_pr_close_object(pr);
		}
	}
	vn_pr_close_array(pr, PR_JSON, NULL);
	vn_pr_nl(pr);
	vn_pr_close_object(pr);
}

static int parse_filter(struct vn_ip *ip, int argc, char **argv,
			struct addr_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->scope = -1;
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "up")) {
			f->up = true;
		} else if (!strcmp(*argv, "label")) {
			NEXT_ARG();
			f->label = *argv;
		} else if (!strcmp(*argv, "scope")) {
			NEXT_ARG();
			if (!strcmp(*argv, "global"))
				f->scope = VN_SCOPE_UNIVERSE;
			else if (!strcmp(*argv, "host"))
				f->scope = VN_SCOPE_HOST;
			else if (!strcmp(*argv, "link"))
				f->scope = VN_SCOPE_LINK;
			else
				return vn_ip_invarg(ip, "invalid \"scope\"\n",
						    *argv);
		} else if (!strcmp(*argv, "to")) {
			NEXT_ARG();
			if (vn_ipv4_parse_prefix(*argv, &f->prefix, &f->plen))
				return vn_ip_invarg(ip, "invalid \"to\"\n",
						    *argv);
			f->has_prefix = true;
		} else {
			if (!strcmp(*argv, "dev"))
				NEXT_ARG();
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

static int addr_show(struct vn_ip *ip, int argc, char **argv)
{
	struct addr_filter f;
	struct vn_ifaddr *ifa;
	struct vn_dev *dev;
	struct vn_pr pr;
	int rc = parse_filter(ip, argc, argv, &f);

	if (rc)
		return rc;
	vn_pr_init(&pr, ip->job, ip->json, ip->pretty);
	vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	vn_devspace_for_each(dev, &ip->ns->devs) {
		bool any = false;

		if (f.dev && f.dev != dev)
			continue;
		if (f.up && !vn_dev_is_up(dev))
			continue;
		if (dev->in)
			vn_list_for_each(ifa, &dev->in->addrs, link)
				any |= ifa_matches(&f, ifa);
		/* With an address filter, devices without a match vanish. */
		if ((f.label || f.scope >= 0 || f.has_prefix) && !any)
			continue;
		if (ip->brief) {
			print_brief(ip, &pr, dev, &f);
			continue;
		}
		if (ip->oneline) {
			if (dev->in)
				vn_list_for_each(ifa, &dev->in->addrs, link)
					if (ifa_matches(&f, ifa))
						print_addr(ip, &pr, dev, ifa);
			continue;
		}
		vn_pr_open_object(&pr, NULL);
		vn_ip_print_link(ip, &pr, dev, false);
		vn_pr_nl(&pr);
		vn_pr_open_array(&pr, PR_JSON, "addr_info", NULL);
		if (dev->in)
			vn_list_for_each(ifa, &dev->in->addrs, link)
				if (ifa_matches(&f, ifa))
					print_addr(ip, &pr, dev, ifa);
		vn_pr_close_array(&pr, PR_JSON, NULL);
		vn_pr_close_object(&pr);
	}
	vn_pr_close_array(&pr, PR_JSON, NULL);
	vn_pr_finish(&pr);
	return 0;
}

struct addr_req {
	const char *dev;
	bool has_local;
	uint32_t local;
	unsigned plen;
	bool plen_given;
	uint32_t brd;
	bool brd_plus, brd_minus;
	int scope;
	const char *label;
};

static int parse_req(struct vn_ip *ip, int argc, char **argv,
		     struct addr_req *r)
{
	memset(r, 0, sizeof(*r));
	r->scope = -1;
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			r->dev = *argv;
		} else if (!strcmp(*argv, "brd") ||
			   vn_matches(*argv, "broadcast")) {
			NEXT_ARG();
			if (!strcmp(*argv, "+")) {
				r->brd_plus = true;
			} else if (!strcmp(*argv, "-")) {
				r->brd_minus = true;
			} else if (vn_ipv4_parse(*argv, &r->brd)) {
				return vn_ip_invarg(ip, "invalid \"broadcast\"\n",
						    *argv);
			}
		} else if (!strcmp(*argv, "label")) {
			NEXT_ARG();
			r->label = *argv;
		} else if (!strcmp(*argv, "scope")) {
			NEXT_ARG();
			if (!strcmp(*argv, "global"))
				r->scope = VN_SCOPE_UNIVERSE;
			else if (!strcmp(*argv, "host"))
				r->scope = VN_SCOPE_HOST;
			else if (!strcmp(*argv, "link"))
				r->scope = VN_SCOPE_LINK;
			else if (!strcmp(*argv, "site"))
				r->scope = VN_SCOPE_SITE;
			else
				return vn_ip_invarg(ip, "invalid \"scope\"\n",
						    *argv);
		} else if (!strcmp(*argv, "valid_lft") ||
			   !strcmp(*argv, "preferred_lft")) {
			NEXT_ARG();
			if (strcmp(*argv, "forever")) {
				vn_job_eprintf(ip->job,
					       "Error: address lifetimes other than \"forever\" are not supported yet.\n");
				return IP_EXIT_USAGE;
			}
		} else if (!strcmp(*argv, "noprefixroute") ||
			   !strcmp(*argv, "nodad") ||
			   !strcmp(*argv, "home")) {
			vn_job_eprintf(ip->job,
				       "Error: \"%s\" is not supported yet.\n",
				       *argv);
			return IP_EXIT_USAGE;
		} else {
			const char *a = *argv;

			if (!strcmp(a, "local")) {
				NEXT_ARG();
				a = *argv;
			}
			if (r->has_local)
				return vn_ip_duparg2(ip, "local", a);
			if (vn_ipv4_parse_prefix(a, &r->local, &r->plen)) {
				vn_job_eprintf(ip->job,
					       "Error: any valid prefix is expected rather than \"%s\".\n",
					       a);
				return 1;
			}
			r->plen_given = strchr(a, '/') != NULL;
			r->has_local = true;
		}
	}
	if (!r->dev) {
		vn_job_eprintf(ip->job,
			       "Not enough information: \"dev\" argument is required.\n");
		return 1;
	}
	return 0;
}

static int addr_add(struct vn_ip *ip, int argc, char **argv)
{
	struct addr_req r;
	struct vn_dev *dev;
	struct vn_err err;
	uint32_t brd;
	int rc = parse_req(ip, argc, argv, &r);

	if (rc)
		return rc;
	if (!r.has_local) {
		vn_job_eprintf(ip->job, "RTNETLINK answers: Invalid argument\n");
		return IP_EXIT_KERNEL;
	}
	dev = vn_ip_dev(ip, r.dev);
	if (!dev)
		return vn_ip_no_dev(ip, r.dev);
	if (r.label && strncmp(r.label, dev->name, strlen(dev->name))) {
		vn_job_eprintf(ip->job,
			       "\"%s\" and \"%s\" must match.\n", dev->name,
			       r.label);
		return 1;
	}
	brd = r.brd;
	if (r.brd_plus || r.brd_minus) {
		uint32_t host = ~vn_ipv4_prefix_mask(r.plen);

		brd = r.plen >= 31 ? 0 :
		      r.brd_plus ? (r.local | host) : (r.local & ~host);
	}
	vn_err_init(&err);
	rc = vn_inet_addr_add(&ip->ns->inet, dev, r.local, (uint8_t)r.plen,
			      brd, r.scope, r.label, &err);
	if (rc == -EEXIST) {
		vn_job_eprintf(ip->job, "Error: ipv4: Address already assigned.\n");
		return IP_EXIT_KERNEL;
	}
	if (rc)
		return vn_ip_err(ip, &err);
	return 0;
}

static int addr_del(struct vn_ip *ip, int argc, char **argv)
{
	struct addr_req r;
	struct vn_dev *dev;
	int rc = parse_req(ip, argc, argv, &r);

	if (rc)
		return rc;
	dev = vn_ip_dev(ip, r.dev);
	if (!dev)
		return vn_ip_no_dev(ip, r.dev);
	if (!r.has_local) {
		/* `ip addr del dev X`: the first address goes. */
		struct vn_ifaddr *ifa;

		if (!dev->in || vn_list_empty(&dev->in->addrs)) {
			vn_job_eprintf(ip->job,
				       "Error: ipv4: Address not found.\n");
			return IP_EXIT_KERNEL;
		}
		ifa = vn_list_entry(dev->in->addrs.next, struct vn_ifaddr,
				    link);
		vn_inet_addr_del(&ip->ns->inet, dev, ifa->local, ifa->plen,
				 NULL);
		return 0;
	}
	if (!r.plen_given) {
		char a[VN_IPV4_STRLEN];

		vn_job_eprintf(ip->job,
			       "Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
			       "         Explicitly specify the prefix length (%s/32) to avoid this warning.\n"
			       "         This special behaviour is likely to disappear in further releases,\n"
			       "         fix your scripts!\n",
			       vn_ipv4_format(a, r.local));
	}
	rc = vn_inet_addr_del(&ip->ns->inet, dev, r.local,
			      r.plen_given ? (int)r.plen : -1, NULL);
	if (rc) {
		vn_job_eprintf(ip->job, "Error: ipv4: Address not found.\n");
		return IP_EXIT_KERNEL;
	}
	return 0;
}

static int addr_flush(struct vn_ip *ip, int argc, char **argv)
{
	struct addr_filter f;
	struct vn_ifaddr *ifa;
	struct vn_dev *dev;
	int rc;

	if (argc < 1) {
		vn_job_eprintf(ip->job, "Flush requires arguments.\n");
		return IP_EXIT_USAGE;
	}
	rc = parse_filter(ip, argc, argv, &f);
	if (rc)
		return rc;
	vn_devspace_for_each(dev, &ip->ns->devs) {
		if ((f.dev && f.dev != dev) || !dev->in)
			continue;
		if (f.up && !vn_dev_is_up(dev))
			continue;
		/* Secondaries first, so no primary takes them along twice. */
		for (;;) {
			struct vn_ifaddr *victim = NULL;

			vn_list_for_each(ifa, &dev->in->addrs, link)
				if (ifa_matches(&f, ifa))
					victim = ifa;
			if (!victim)
				break;
			vn_inet_addr_del(&ip->ns->inet, dev, victim->local,
					 victim->plen, NULL);
		}
	}
	return 0;
}

int vn_ip_addr(struct vn_ip *ip, int argc, char **argv)
{
	if (argc < 1 || vn_matches(*argv, "show") || vn_matches(*argv, "list") ||
	    vn_matches(*argv, "lst"))
		return addr_show(ip, argc ? argc - 1 : 0, argv + !!argc);
	if (vn_matches(*argv, "add") || vn_matches(*argv, "replace"))
		return addr_add(ip, argc - 1, argv + 1);
	if (vn_matches(*argv, "delete"))
		return addr_del(ip, argc - 1, argv + 1);
	if (vn_matches(*argv, "flush"))
		return addr_flush(ip, argc - 1, argv + 1);
	if (vn_matches(*argv, "help")) {
		vn_job_eprintf(ip->job,
			       "Usage: ip address {add|del} IFADDR dev IFNAME [ LIFETIME ]\n"
			       "       ip address flush { dev IFNAME | up | label PATTERN | scope SCOPE | to PREFIX }\n"
			       "       ip address [ show [ dev IFNAME ] [ up ] [ label PATTERN ] [ scope SCOPE ] ]\n"
			       "IFADDR := PREFIX [ broadcast ADDR ] [ label IFNAME ] [ scope SCOPE ]\n");
		return IP_EXIT_USAGE;
	}
	vn_job_eprintf(ip->job,
		       "Command \"%s\" is unknown, try \"ip address help\".\n",
		       *argv);
	return IP_EXIT_USAGE;
}
