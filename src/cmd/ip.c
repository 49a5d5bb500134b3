// SPDX-License-Identifier: MIT
/*
 * cmd/ip.c - the `ip` command: global options and object dispatch, as
 * iproute2's ip.c (objects and options match by prefix, in iproute2's
 * table order, so `ip a`, `ip l`, `ip r`, `ip n` mean what they mean
 * there).  `ip -n NS ...` runs in a named namespace.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd/ip.h"
#include "cmd/kexec.h"
#include "engine.h"

int vn_ip_invarg(struct vn_ip *ip, const char *msg, const char *arg)
{
	vn_job_eprintf(ip->job, "Error: argument \"%s\" is wrong: %s\n", arg,
		       msg);
	return IP_EXIT_USAGE;
}

int vn_ip_duparg2(struct vn_ip *ip, const char *key, const char *arg)
{
	vn_job_eprintf(ip->job,
		       "Error: either \"%s\" is duplicate, or \"%s\" is a garbage.\n",
		       key, arg);
	return IP_EXIT_USAGE;
}

int vn_ip_no_dev(struct vn_ip *ip, const char *name)
{
	vn_job_eprintf(ip->job, "Cannot find device \"%s\"\n", name);
	return IP_EXIT_LOOKUP;
}

int vn_ip_err(struct vn_ip *ip, const struct vn_err *err)
{
	vn_job_eprintf(ip->job, "%s\n",
		       err->msg[0] ? err->msg : "RTNETLINK answers: error");
	return IP_EXIT_KERNEL;
}

struct vn_dev *vn_ip_dev(struct vn_ip *ip, const char *name)
{
	return vn_dev_lookup(&ip->ns->devs, name);
}

static int usage(struct vn_ip *ip)
{
	vn_job_eprintf(ip->job,
		       "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n"
		       "where  OBJECT := { address | link | neighbor | netns | route }\n"
		       "       OPTIONS := { -s[tatistics] | -d[etails] | -br[ief] |\n"
		       "                    -j[son] | -p[retty] | -o[neline] |\n"
		       "                    -n[etns] name | -4 | -6 }\n");
	return IP_EXIT_USAGE;
}

static const struct {
	const char *name;
	int (*fn)(struct vn_ip *ip, int argc, char **argv);
} objects[] = {
	/* iproute2's order decides what an abbreviation means. */
	{ "address", vn_ip_addr },
	{ "route", vn_ip_route },
	{ "neighbor", vn_ip_neigh },
	{ "neighbour", vn_ip_neigh },
	{ "link", vn_ip_link },
	{ "tuntap", vn_ip_tuntap },
	{ "netns", vn_ip_netns },
};

static int switch_netns(struct vn_ip *ip, const char *name)
{
	struct vn_netns *ns = vn_engine_netns(vn_job_engine(ip->job), name);

	if (!ns || !*name) {
		vn_job_eprintf(ip->job,
			       "Cannot open network namespace \"%s\": No such file or directory\n",
			       name);
		return -1;
	}
	ip->ns = ns;
	vn_job_set_netns(ip->job, ns);
	return 0;
}

int vn_cmd_ip(struct vn_job *job, int argc, char **argv)
{
	struct vn_ip ip = { .job = job, .ns = vn_job_netns(job) };
	char **argv0 = argv, **netns_opt = NULL;
	int argc0 = argc;
	const char *opt;

	argc--;
	argv++;
	while (argc > 0 && argv[0][0] == '-') {
		opt = argv[0] + 1;
		if (opt[0] == '-')
			opt++;
		if (!strcmp(opt, "n") || vn_matches(opt, "netns")) {
			if (argc < 2) {
				vn_job_eprintf(job, "No netns name specified\n");
				return IP_EXIT_USAGE;
			}
			if (switch_netns(&ip, argv[1]))
				return IP_EXIT_USAGE;
			netns_opt = argv;
			argc--;
			argv++;
		} else if (vn_matches(opt, "statistics") ||
			   vn_matches(opt, "stats")) {
			ip.stats++;
		} else if (vn_matches(opt, "details")) {
			ip.details++;
		} else if (vn_matches(opt, "brief") && strlen(opt) >= 2) {
			ip.brief = true;
		} else if (vn_matches(opt, "json")) {
			ip.json = true;
		} else if (vn_matches(opt, "pretty")) {
			ip.pretty = true;
		} else if (vn_matches(opt, "oneline")) {
			ip.oneline = true;
		} else if (!strcmp(opt, "4")) {
			ip.family = 4;
		} else if (!strcmp(opt, "6")) {
			ip.family = 6;
		} else if (vn_matches(opt, "color") ||
			   vn_matches(opt, "human") ||
			   vn_matches(opt, "iec") ||
			   vn_matches(opt, "resolve")) {
			/* Accepted and ignored: vnet never colours or resolves. */
		} else if (vn_matches(opt, "help")) {
			return usage(&ip);
		} else {
			vn_job_eprintf(job,
				       "Option \"%s\" is unknown, try \"ip -help\".\n",
				       argv[0]);
			return IP_EXIT_USAGE;
		}
		argc--;
		argv++;
	}
	if (argc < 1)
		return usage(&ip);
	/* A kernel-backed namespace: the kernel's own ip answers. */
	if (ip.ns->kernel && netns_opt)
		return vn_ip_kernel(&ip, argc0, argv0, netns_opt);
	for (size_t i = 0; i < ARRAY_SIZE(objects); i++)
		if (vn_matches(argv[0], objects[i].name))
			return objects[i].fn(&ip, argc - 1, argv + 1);
	vn_job_eprintf(job, "Object \"%s\" is unknown, try \"ip help\".\n",
		       argv[0]);
	return IP_EXIT_USAGE;
}
