// SPDX-License-Identifier: MIT
/*
 * cmd/ip_netns.c - `ip netns add|del|list|exec|identify` (iproute2's
 * ipnetns.c).  Namespaces are listed in creation order; `ip netns exec`
 * runs a vnet command (built-in or application) inside the namespace.
 *
 * Kernel-backed namespaces (`ip netns add NAME type kernel [userns]`)
 * stand for a real Linux namespace (kernel/knetns.c): `ip netns exec NAME
 * PROGRAM` runs the real PROGRAM there and `ip -n NAME ...` the real ip,
 * so what they print is the kernel's own.  Without CAP_SYS_ADMIN the
 * namespace is made inside a user namespace, as rootless tools do;
 * "userns" asks for that as root too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/ip.h"
#include "cmd/kexec.h"
#include "dev/afpacket.h"
#include "dev/tap.h"
#include "engine.h"
#include "kernel/knetns.h"

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

/* `ip netns add NAME type kernel [userns]`: argv starts after NAME. */
static int netns_add_kernel(struct vn_ip *ip, const char *name, int argc,
			    char **argv)
{
	struct vn_engine *e = vn_job_engine(ip->job);
	bool userns = geteuid() != 0;
	struct vn_knetns *kns;
	struct vn_netns *ns;
	struct vn_err err;

	if (argc < 2 || strcmp(argv[0], "type") || strcmp(argv[1], "kernel")) {
		vn_job_eprintf(ip->job,
			       "Usage: ip netns add NAME [ type kernel [ userns ] ]\n");
		return IP_EXIT_USAGE;
	}
	for (argc -= 2, argv += 2; argc > 0; argc--, argv++) {
		if (strcmp(*argv, "userns")) {
			vn_job_eprintf(ip->job,
				       "Error: argument \"%s\" is wrong: expected \"userns\"\n",
				       *argv);
			return IP_EXIT_USAGE;
		}
		userns = true;
	}
	vn_err_init(&err);
	if (vn_engine_netns_add(e, name, &err)) {
		vn_job_eprintf(ip->job, "%s\n", err.msg);
		return 1;
	}
	if (vn_knetns_create(userns, name, &kns, &err)) {
		vn_engine_netns_del(e, name, NULL);
		vn_job_eprintf(ip->job, "%s\n", err.msg);
		return 1;
	}
	ns = vn_engine_netns(e, name);
	ns->kernel = kns;
	vn_kexec_real_time(ip->job, name);
	return 0;
}

int vn_ip_kernel(struct vn_ip *ip, int argc, char **argv, char **netns_opt)
{
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	char path[32];
	int n = 0, rc, keep_fd = -1;

	if (!args) {
		vn_job_eprintf(ip->job, "ip: out of memory\n");
		return 1;
	}
	args[n++] = "ip";
	for (int i = 1; i < argc; i++) {
		struct vn_netns *to;

		if (argv + i == netns_opt) {
			i++;	/* -n NAME: the namespace is entered instead */
			continue;
		}
		args[n++] = argv[i];
		/*
		 * `netns KNS`: vnet's kernel namespaces have no /run/netns
		 * name, so the real ip gets one of its descriptors.
		 */
		if (strcmp(argv[i], "netns") || i + 1 >= argc || keep_fd >= 0)
			continue;
		to = vn_engine_netns(vn_job_engine(ip->job), argv[i + 1]);
		if (!to || !to->kernel || !argv[i + 1][0])
			continue;
		keep_fd = to->kernel->netfd;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", keep_fd);
		args[n++] = path;
		i++;
	}
	rc = vn_kexec_run(ip->job, ip->ns->kernel, keep_fd, n, args);
	free(args);
	return rc;
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
	if (ns->kernel) {
		/* A real namespace: a real program, whatever its name. */
		vn_job_set_netns(ip->job, ns);
		return vn_kexec_run(ip->job, ns->kernel, -1, argc - 1,
				    argv + 1);
	}
	if (!vn_command_lookup(argv[1])) {
		vn_job_eprintf(ip->job, "exec of \"%s\" failed: No such file or directory\n",
			       argv[1]);
		return 1;
	}
	vn_job_set_netns(ip->job, ns);
	return vn_job_dispatch(ip->job, argc - 1, argv + 1);
}

/* The vnet device in @space whose kernel side is in @kns, or NULL. */
static struct vn_dev *kernel_side_in(struct vn_devspace *space,
				     const struct vn_knetns *kns)
{
	struct vn_dev *dev;

	vn_devspace_for_each(dev, space) {
		if (vn_dev_is_tap(dev) && vn_tap_knetns(dev) == kns)
			return dev;
		if (vn_dev_is_afpacket(dev) && vn_afpacket_knetns(dev) == kns)
			return dev;
	}
	return NULL;
}

/*
 * `ip netns del` of a kernel-backed namespace that goes now (no job
 * keeps it): as the kernel deletes a veth whose peer was in a namespace
 * that dies, the vnet devices whose kernel side is there go too -- they
 * hold the namespace, so it would otherwise outlive its name.
 */
static void kernel_ns_gone(struct vn_engine *e, struct vn_netns *ns)
{
	struct vn_netns *other;
	struct vn_dev *dev;

	if (!ns->kernel || ns->refcnt > 1)
		return;
	while ((dev = kernel_side_in(&e->root->devs, ns->kernel)))
		vn_dev_unregister(dev);
	vn_list_for_each(other, &e->named, link)
		while ((dev = kernel_side_in(&other->devs, ns->kernel)))
			vn_dev_unregister(dev);
}

/* `ip netns del NAME`; *@err on failure. */
static int netns_del(struct vn_engine *e, const char *name, struct vn_err *err)
{
	struct vn_netns *ns = *name ? vn_engine_netns(e, name) : NULL;

	if (ns)
		kernel_ns_gone(e, ns);
	return vn_engine_netns_del(e, name, err);
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
		if (argc > 2)
			return netns_add_kernel(ip, argv[1], argc - 2, argv + 2);
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
				netns_del(e,
					  vn_list_entry(e->named.next,
							struct vn_netns, link)
						  ->name,
					  NULL);
			return 0;
		}
		if (netns_del(e, argv[1], &err)) {
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
