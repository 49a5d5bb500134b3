// SPDX-License-Identifier: MIT
/*
 * cmd/ip_afpacket.c - `ip link add NAME type afpacket dev IFNAME ...`: an
 * existing kernel interface attached as the vnet device NAME
 * (dev/afpacket.c).
 *
 *   ip link add NAME type afpacket dev IFNAME [ kernel-netns KNS ]
 *                                  [ blocks N ] [ block-size BYTES ]
 *
 * KNS is where IFNAME is, named as for `type tap` (a kernel-backed vnet
 * namespace, a name under /run/netns, or a path); without it, the
 * namespace vnet runs in (/proc/self/ns/net).  Linux has no such kind;
 * `ip -d link` prints "afpacket dev IFNAME kernel-netns KNS ...".
 */
#include <inttypes.h>
#include <stdio.h>

#include "cmd/ip.h"
#include "cmd/kexec.h"
#include "dev/afpacket.h"
#include "kernel/knetns.h"

static int afpacket_add(struct vn_ip *ip, const struct vn_link_add *a,
			int argc, char **argv, struct vn_dev **out)
{
	struct vn_afpacket_config cfg = { 0 };
	const char *ifname = NULL, *knetns = NULL;
	struct vn_knetns *kns;
	struct vn_err err;
	int rc;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			if (!vn_dev_name_valid(*argv))
				return vn_ip_invarg(ip,
						    "\"dev\" not a valid ifname",
						    *argv);
			ifname = *argv;
		} else if (!strcmp(*argv, "kernel-netns")) {
			NEXT_ARG();
			knetns = *argv;
		} else if (!strcmp(*argv, "blocks")) {
			NEXT_ARG();
			if (vn_parse_u32(*argv, &cfg.n_blocks, 2, 1024))
				return vn_ip_invarg(ip,
						    "invalid \"blocks\" value",
						    *argv);
		} else if (!strcmp(*argv, "block-size")) {
			NEXT_ARG();
			if (vn_parse_u32(*argv, &cfg.block_size, 4096,
					 1u << 26) ||
			    cfg.block_size % 4096)
				return vn_ip_invarg(ip,
						    "invalid \"block-size\" value (a multiple of 4096)",
						    *argv);
		} else {
			return vn_ip_duparg2(ip, "type", *argv);
		}
	}
	if (!ifname) {
		vn_job_eprintf(ip->job,
			       "Error: %s: name the kernel interface: \"dev IFNAME\".\n",
			       a->name);
		return IP_EXIT_USAGE;
	}
	if (!knetns)
		knetns = VN_KNETNS_SELF;	/* where vnet runs */
	if (a->netns && a->netns->kernel)
		return vn_ip_kernel_netns_refuse(ip, a->netns);
	if (vn_dev_lookup(a->netns ? &a->netns->devs : &ip->ns->devs,
			  a->name)) {
		vn_job_eprintf(ip->job, "RTNETLINK answers: File exists\n");
		return IP_EXIT_KERNEL;
	}
	rc = vn_kexec_knetns(ip->job, knetns, &kns);
	if (rc)
		return rc;
	cfg.knetns = kns;
	cfg.ifname = ifname;
	vn_err_init(&err);
	rc = vn_afpacket_create(a->netns ? &a->netns->devs : &ip->ns->devs,
				a->name, &cfg, out, &err);
	vn_knetns_put(kns);
	if (rc)
		return vn_ip_err(ip, &err);
	vn_kexec_real_time(ip->job, a->name);
	return 0;
}

static bool owns_afpacket(const struct vn_dev *dev)
{
	return vn_dev_is_afpacket(dev);
}

static void afpacket_print(struct vn_ip *ip, struct vn_pr *pr,
			   struct vn_dev *dev)
{
	struct vn_afpacket_info info;

	vn_afpacket_get_info(dev, &info);
	vn_pr_open_object(pr, "info_data");
	vn_pr_string(pr, PR_ANY, "dev", "dev %s ", info.ifname);
	vn_pr_string(pr, PR_ANY, "kernel_netns", "kernel-netns %s ",
		     info.knetns);
	vn_pr_uint(pr, PR_ANY, "blocks", "blocks %" PRIu64 " ", info.n_blocks);
	vn_pr_uint(pr, PR_ANY, "block_size", "block-size %" PRIu64 " ",
		   info.block_size);
	if (ip->stats) {
		/* vnet's own: what the ring and the sends carried. */
		vn_pr_uint(pr, PR_ANY, "rx_frames", "rx_frames %" PRIu64 " ",
			   info.n_rx_frames);
		vn_pr_uint(pr, PR_ANY, "rx_blocks", "rx_blocks %" PRIu64 " ",
			   info.n_rx_blocks);
		vn_pr_uint(pr, PR_ANY, "rx_wakeups", "rx_wakeups %" PRIu64 " ",
			   info.n_rx_wakeups);
		vn_pr_uint(pr, PR_ANY, "rx_truncated",
			   "rx_truncated %" PRIu64 " ", info.n_rx_truncated);
		vn_pr_uint(pr, PR_ANY, "tx_frames", "tx_frames %" PRIu64 " ",
			   info.n_tx_frames);
		vn_pr_uint(pr, PR_ANY, "tx_calls", "tx_calls %" PRIu64 " ",
			   info.n_tx_calls);
	}
	vn_pr_close_object(pr);
}

const struct vn_ip_link_kind vn_ip_kind_afpacket = {
	.kind = "afpacket",
	.add = afpacket_add,
	.owns = owns_afpacket,
	.print = afpacket_print,
};
