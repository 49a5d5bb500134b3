// SPDX-License-Identifier: MIT
/*
 * cmd/ip_tap.c - `ip link add NAME type tap ...`: a kernel TAP device
 * whose other end is the vnet device NAME (dev/tap.c), and the vnet end of
 * `ip link add NAME type veth peer name PEER netns KNS` when KNS is a
 * kernel-backed namespace (the peer is a TAP named PEER there).
 *
 *   ip link add NAME type tap [ kernel-netns KNS ] [ kernel-name KNAME ]
 *                             [ multi_queue [ queues N ] ] [ offload on|off ]
 *
 * KNS names the kernel namespace the TAP appears in: a kernel-backed vnet
 * namespace, a name under /run/netns, or a path such as /proc/PID/ns/net;
 * without it, the namespace vnet runs in (/proc/self/ns/net), as `ip
 * tuntap add` on Linux makes the device where it runs.  Linux has no
 * `type tap` for ip link (tun/tap are made by ioctl), so the syntax is
 * vnet's; `ip -d link` prints what Linux prints for a tun device, plus
 * where the kernel side is (and, with -s, vnet's boundary counters).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd/ip.h"
#include "cmd/kexec.h"
#include "dev/tap.h"
#include "engine.h"
#include "kernel/knetns.h"

/* Options of the tap kind, shared with `ip tuntap add`. */
struct tap_opts {
	const char *knetns;
	const char *kname;
	bool multi_queue;
	uint32_t n_queues;	/* 0: one, or the CPUs with multi_queue */
	bool offload;
};

static int parse_onoff(struct vn_ip *ip, const char *key, const char *arg,
		       bool *out)
{
	if (strcmp(arg, "on") && strcmp(arg, "off")) {
		vn_job_eprintf(ip->job,
			       "Error: argument of \"%s\" must be \"on\" or \"off\", not \"%s\"\n",
			       key, arg);
		return IP_EXIT_USAGE;
	}
	*out = !strcmp(arg, "on");
	return 0;
}

/* One option at argv[0]; 0 and *@matched, or an exit status. */
static int parse_opt(struct vn_ip *ip, int *pargc, char ***pargv,
		     struct tap_opts *o, bool *matched)
{
	int argc = *pargc;
	char **argv = *pargv;

	*matched = true;
	if (!strcmp(*argv, "kernel-netns")) {
		NEXT_ARG();
		o->knetns = *argv;
	} else if (!strcmp(*argv, "kernel-name")) {
		NEXT_ARG();
		if (!vn_dev_name_valid(*argv))
			return vn_ip_invarg(ip, "\"name\" not a valid ifname",
					    *argv);
		o->kname = *argv;
	} else if (!strcmp(*argv, "multi_queue")) {
		o->multi_queue = true;
	} else if (!strcmp(*argv, "queues")) {
		NEXT_ARG();
		if (vn_parse_u32(*argv, &o->n_queues, 1, VN_TAP_MAX_QUEUES))
			return vn_ip_invarg(ip, "invalid \"queues\" value",
					    *argv);
	} else if (!strcmp(*argv, "offload")) {
		NEXT_ARG();
		if (parse_onoff(ip, "offload", *argv, &o->offload))
			return IP_EXIT_USAGE;
	} else {
		*matched = false;
	}
	*pargc = argc;
	*pargv = argv;
	return 0;
}

static unsigned default_queues(const struct tap_opts *o)
{
	long n;

	if (o->n_queues)
		return o->n_queues;
	if (!o->multi_queue)
		return 1;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return (unsigned)VN_MAX(1, VN_MIN(n, (long)VN_TAP_MAX_QUEUES));
}

/*
 * Creates the TAP named @name in @space with @o; the kernel side in the
 * namespace @o names, or vnet's own.  Prints why not and returns ip's
 * exit status.
 */
static int tap_make(struct vn_ip *ip, struct vn_devspace *space,
		    const char *name, const struct tap_opts *o,
		    struct vn_dev **out)
{
	struct vn_tap_config cfg = { 0 };
	struct vn_knetns *kns;
	struct vn_err err;
	int rc;

	if (o->n_queues > 1 && !o->multi_queue) {
		vn_job_eprintf(ip->job,
			       "Error: %s: more than one queue needs \"multi_queue\".\n",
			       name);
		return IP_EXIT_USAGE;
	}
	if (vn_dev_lookup(space, name)) {
		vn_job_eprintf(ip->job, "RTNETLINK answers: File exists\n");
		return IP_EXIT_KERNEL;
	}
	/* As `ip tuntap add` on Linux: where the command runs, vnet's own. */
	rc = vn_kexec_knetns(ip->job, o->knetns ? o->knetns : VN_KNETNS_SELF,
			     &kns);
	if (rc)
		return rc;
	if (kns->userfd < 0 && !vn_kexec_net_admin()) {
		vn_knetns_put(kns);
		vn_job_eprintf(ip->job,
			       "%s: creating a kernel TAP device needs CAP_NET_ADMIN (run as root)\n",
			       name);
		return IP_EXIT_KERNEL;
	}
	cfg.knetns = kns;
	cfg.kname = o->kname;
	cfg.multi_queue = o->multi_queue;
	cfg.n_queues = default_queues(o);
	cfg.offload = o->offload;
	vn_err_init(&err);
	rc = vn_tap_create(space, name, &cfg, out, &err);
	vn_knetns_put(kns);
	if (rc)
		return vn_ip_err(ip, &err);
	vn_kexec_real_time(ip->job, name);
	return 0;
}

static int tap_add(struct vn_ip *ip, const struct vn_link_add *a, int argc,
		   char **argv, struct vn_dev **out)
{
	struct tap_opts o = { .offload = true };
	bool matched;
	int rc;

	for (; argc > 0; argc--, argv++) {
		rc = parse_opt(ip, &argc, &argv, &o, &matched);
		if (rc)
			return rc;
		if (!matched)
			return vn_ip_duparg2(ip, "type", *argv);
	}
	if (a->netns && a->netns->kernel) {
		vn_job_eprintf(ip->job,
			       "Error: %s: the vnet end of a TAP lives in a vnet namespace; \"kernel-netns %s\" puts the kernel end there.\n",
			       a->name, a->netns->name);
		return IP_EXIT_USAGE;
	}
	return tap_make(ip, a->netns ? &a->netns->devs : &ip->ns->devs,
			a->name, &o, out);
}

static bool owns_tap(const struct vn_dev *dev)
{
	return vn_dev_is_tap(dev);
}

static const char *onoff(bool v)
{
	return v ? "on" : "off";
}

/* print_opt of iproute2's tun link kind, then where the kernel side is. */
static void tap_print(struct vn_ip *ip, struct vn_pr *pr, struct vn_dev *dev)
{
	struct vn_tap_info t;

	vn_tap_get_info(dev, &t);
	if (t.veth && !ip->stats)
		return;		/* a veth: Linux prints nothing more */
	vn_pr_open_object(pr, "info_data");
	if (t.veth)
		goto counters;
	vn_pr_string(pr, PR_ANY, "type", "type %s ", "tap");
	vn_pr_bool(pr, PR_JSON, "pi", NULL, false);
	vn_pr_string(pr, PR_TEXT, NULL, "pi %s ", onoff(false));
	vn_pr_bool(pr, PR_JSON, "vnet_hdr", NULL, t.offload);
	vn_pr_string(pr, PR_TEXT, NULL, "vnet_hdr %s ", onoff(t.offload));
	if (t.multi_queue) {
		vn_pr_bool(pr, PR_JSON, "multi_queue", NULL, true);
		vn_pr_string(pr, PR_TEXT, NULL, "%s ", "multi_queue");
		vn_pr_uint(pr, PR_ANY, "numqueues", "numqueues %" PRIu64 " ",
			   t.n_queues);
		vn_pr_uint(pr, PR_ANY, "numdisabled",
			   "numdisabled %" PRIu64 " ", 0);
	}
	vn_pr_bool(pr, PR_JSON, "persist", NULL, false);
	vn_pr_string(pr, PR_TEXT, NULL, "persist %s ", onoff(false));
	vn_pr_string(pr, PR_ANY, "kernel_netns", "kernel-netns %s ", t.knetns);
	vn_pr_string(pr, PR_ANY, "kernel_name", "kernel-name %s ", t.kname);
counters:
	if (ip->stats) {
		/* vnet's own: how much each system call carried. */
		vn_pr_uint(pr, PR_ANY, "rx_frames", "rx_frames %" PRIu64 " ",
			   t.n_rx_frames);
		vn_pr_uint(pr, PR_ANY, "rx_calls", "rx_calls %" PRIu64 " ",
			   t.n_rx_calls);
		vn_pr_uint(pr, PR_ANY, "rx_bursts", "rx_bursts %" PRIu64 " ",
			   t.n_rx_bursts);
		vn_pr_uint(pr, PR_ANY, "tx_frames", "tx_frames %" PRIu64 " ",
			   t.n_tx_frames);
		vn_pr_uint(pr, PR_ANY, "tx_calls", "tx_calls %" PRIu64 " ",
			   t.n_tx_calls);
		vn_pr_uint(pr, PR_ANY, "tx_flushes", "tx_flushes %" PRIu64 " ",
			   t.n_tx_flushes);
	}
	vn_pr_close_object(pr);
}

const struct vn_ip_link_kind vn_ip_kind_tap = {
	.kind = "tap",
	.add = tap_add,
	.owns = owns_tap,
	.print = tap_print,
};

int vn_ip_tuntap_make(struct vn_ip *ip, const char *name, const char *knetns,
		      const char *kname, bool multi_queue, uint32_t n_queues,
		      bool offload)
{
	struct tap_opts o = {
		.knetns = knetns,
		.kname = kname,
		.multi_queue = multi_queue,
		.n_queues = n_queues,
		.offload = offload,
	};
	struct vn_dev *dev;

	return tap_make(ip, &ip->ns->devs, name, &o, &dev);
}

int vn_ip_kernel_netns_refuse(struct vn_ip *ip, const struct vn_netns *ns)
{
	vn_job_eprintf(ip->job,
		       "Error: \"%s\" is a kernel namespace: vnet devices do not go there; a veth whose peer is there does (\"ip link add NAME type veth peer name PEER netns %s\").\n",
		       ns->name, ns->name);
	return IP_EXIT_KERNEL;
}

int vn_ip_veth_kernel_add(struct vn_ip *ip, const struct vn_link_add *a,
			  struct vn_netns *peer_ns, const char *peer_name,
			  const uint8_t *peer_mac, uint32_t peer_mtu,
			  struct vn_dev **out)
{
	struct vn_tap_config cfg = { 0 };
	struct vn_devspace *space;
	struct vn_err err;
	int rc;

	if (a->netns && a->netns->kernel) {
		vn_job_eprintf(ip->job,
			       "Error: vnet makes the end in a kernel namespace a TAP: put it on the peer (\"peer name %s netns %s\") and keep %s in vnet.\n",
			       a->name, a->netns->name, peer_name);
		return IP_EXIT_USAGE;
	}
	space = a->netns ? &a->netns->devs : &ip->ns->devs;
	if (vn_dev_lookup(space, a->name)) {
		vn_job_eprintf(ip->job, "RTNETLINK answers: File exists\n");
		return IP_EXIT_KERNEL;
	}
	if (peer_ns->kernel->userfd < 0 && !vn_kexec_net_admin()) {
		vn_job_eprintf(ip->job,
			       "%s: creating a kernel TAP device needs CAP_NET_ADMIN (run as root)\n",
			       peer_name);
		return IP_EXIT_KERNEL;
	}
	cfg.knetns = peer_ns->kernel;
	cfg.kname = peer_name;
	cfg.n_queues = 1;
	cfg.offload = true;
	cfg.veth = true;
	if (peer_mac) {
		cfg.has_kmac = true;
		memcpy(cfg.kmac, peer_mac, sizeof(cfg.kmac));
	}
	cfg.kmtu = peer_mtu;
	vn_err_init(&err);
	rc = vn_tap_create(space, a->name, &cfg, out, &err);
	if (rc)
		return vn_ip_err(ip, &err);
	vn_kexec_real_time(ip->job, a->name);
	return 0;
}
