// SPDX-License-Identifier: MIT
/*
 * cmd/ip_netns.c - `ip netns add|del|list|exec|identify` (iproute2's
 * ipnetns.c).  Namespaces are listed in creation order; `ip netns exec`
 * runs a vnet command (built-in or application) inside the namespace.
 */
#include <stdio.h>

#include "cmd/ip.h"
#include "engine.h"

static int netns_list(struct vn_ip *ip)
{
	struct vn_engine *e = vn_job_engine(ip->job);
	struct vn_netns *ns;
	struct vn_pr pr;

	vn_pr_init(&pr, ip->job, ip->json, ip->pretty);
	vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	vn_list_for_each(ns, &e->named, link) {
		int id = -1;

		for (int i = 0; i < ip->ns->n_ids; i++)
			if (ip->ns->ids[i].peer == ns)
				id = ip->ns->ids[i].id;
		vn_pr_open_object(&pr, NULL);
		vn_pr_string(&pr, PR_ANY, "name", "%s", ns->name);
		if (id >= 0)
			vn_pr_int(&pr, PR_ANY, "id", " (id: %lld)", id);
		vn_pr_nl(&pr);
		vn_pr_close_object(&pr);
	}
	vn_pr_close_array(&pr, PR_JSON, NULL);
	vn_pr_finish(&pr);
	return 0;
}

static int netns_exec(struct vn_ip *ip, int argc, char **argv)
{
	struct vn_netns *ns;

	if (argc < 1) {
		vn_job_eprintf(ip->job, "No netns name specified\n");
		return IP_EXIT_USAGE;
	}
	ns = vn_engine_netns(vn_job_engine(ip->job), argv[0]);
	if (!ns || !argv[0][0]) {
		vn_job_eprintf(ip->job,
			       "Cannot open network namespace \"%s\": No such file or directory\n",
			       argv[0]);
		return IP_EXIT_USAGE;
	}
	if (argc < 2) {
		vn_job_eprintf(ip->job, "No command specified\n");
		return IP_EXIT_USAGE;
	}
	if (!vn_command_lookup(argv[1])) {
		vn_job_eprintf(ip->job, "exec of \"%s\" failed: No such file or directory\n",
			       argv[1]);
		return 1;
	}
	vn_job_set_netns(ip->job, ns);
	return vn_job_dispatch(ip->job, argc - 1, argv + 1);
}

int vn_ip_netns(struct vn_ip *ip, int argc, char **argv)
{
	struct vn_engine *e = vn_job_engine(ip->job);
	struct vn_err err;

	vn_err_init(&err);
	if (argc < 1 || vn_matches(*argv, "list") || vn_matches(*argv, "show") ||
	    vn_matches(*argv, "lst"))
		return netns_list(ip);
	if (vn_matches(*argv, "add")) {
		if (argc < 2) {
			vn_job_eprintf(ip->job, "No netns name specified\n");
			return IP_EXIT_USAGE;
		}
		if (vn_engine_netns_add(e, argv[1], &err)) {
			vn_job_eprintf(ip->job, "%s\n", err.msg);
			return 1;
		}
		return 0;
	}
	if (vn_matches(*argv, "delete")) {
		if (argc < 2) {
			vn_job_eprintf(ip->job, "No netns name specified\n");
			return IP_EXIT_USAGE;
		}
		if (!strcmp(argv[1], "-all") || !strcmp(argv[1], "--all")) {
			while (!vn_list_empty(&e->named))
				vn_engine_netns_del(
					e,
					vn_list_entry(e->named.next,
						      struct vn_netns, link)
						->name,
					NULL);
			return 0;
		}
		if (vn_engine_netns_del(e, argv[1], &err)) {
			vn_job_eprintf(ip->job, "%s\n", err.msg);
			return 1;
		}
		return 0;
	}
	if (vn_matches(*argv, "exec"))
		return netns_exec(ip, argc - 1, argv + 1);
	if (vn_matches(*argv, "identify")) {
		vn_job_printf(ip->job, "%s\n", ip->ns->name);
		return 0;
	}
	vn_job_eprintf(ip->job,
		       "Command \"%s\" is unknown, try \"ip netns help\".\n",
		       *argv);
	return IP_EXIT_USAGE;
}
