// SPDX-License-Identifier: MIT
/*
 * cmd/ip_tuntap.c - `ip tuntap add|del|show` (iproute2's iptuntap.c) for
 * vnet's kernel TAP devices (dev/tap.c, made the same way as `ip link add
 * NAME type tap`, cmd/ip_tap.c).
 *
 *   ip tuntap add [ dev ] NAME mode tap [ kernel-netns KNS ] [ kernel-name K ]
 *                 [ multi_queue [ queues N ] ] [ vnet_hdr ] [ one_queue ]
 *   ip tuntap del [ dev ] NAME [ mode tap ]
 *   ip tuntap show [ dev NAME ]
 *
 * What differs from Linux, on purpose: vnet holds the TAP open itself, so
 * there is no persistent device and no owner (user, group are refused);
 * only mode tap exists (vnet is an Ethernet network); pi (a packet
 * information header) is refused; vnet_hdr is always on (it carries the
 * offloads), one_queue is accepted and ignored as the kernel ignores it.
 * Messages and exit statuses are iproute2's where it has them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "cmd/ip.h"
#include "cmd/kexec.h"
#include "dev/tap.h"

static int usage(struct vn_ip *ip)
{
	vn_job_eprintf(ip->job,
		       "Usage: ip tuntap { add | del | show | list | lst | help } [ dev PHYS_DEV ]\n"
		       "       [ mode { tun | tap } ] [ user USER ] [ group GROUP ]\n"
		       "       [ one_queue ] [ pi ] [ vnet_hdr ] [ multi_queue ] [ name NAME ]\n"
		       "       [ kernel-netns KNS ] [ kernel-name KNAME ] [ queues N ]\n"
		       "\n"
		       "Where: USER  := { STRING | NUMBER }\n"
		       "       GROUP := { STRING | NUMBER }\n"
		       "       KNS   := { NAME | PATH } (the kernel namespace of the TAP)\n");
	return IP_EXIT_USAGE;
}

struct tuntap_args {
	const char *name;
	const char *mode;
	const char *knetns;
	const char *kname;
	bool multi_queue;
	uint32_t n_queues;
};

static int refuse(struct vn_ip *ip, const char *what)
{
	vn_job_eprintf(ip->job, "Error: %s\n", what);
	return IP_EXIT_USAGE;
}

static int parse(struct vn_ip *ip, int argc, char **argv,
		 struct tuntap_args *t)
{
	memset(t, 0, sizeof(*t));
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "mode")) {
			NEXT_ARG();
			if (strcmp(*argv, "tun") && strcmp(*argv, "tap")) {
				vn_job_eprintf(ip->job,
					       "Unknown tunnel mode \"%s\"\n",
					       *argv);
				return IP_EXIT_USAGE;
			}
			t->mode = *argv;
		} else if (!strcmp(*argv, "user") || !strcmp(*argv, "group")) {
			return refuse(ip,
				      "vnet holds the TAP open itself: it has no owner (\"user\", \"group\").");
		} else if (!strcmp(*argv, "pi")) {
			return refuse(ip,
				      "vnet frames carry no packet information header (\"pi\").");
		} else if (!strcmp(*argv, "one_queue") ||
			   !strcmp(*argv, "vnet_hdr")) {
			/* one_queue: ignored by the kernel; vnet_hdr: always. */
		} else if (!strcmp(*argv, "multi_queue")) {
			t->multi_queue = true;
		} else if (!strcmp(*argv, "queues")) {
			NEXT_ARG();
			if (vn_parse_u32(*argv, &t->n_queues, 1,
					 VN_TAP_MAX_QUEUES))
				return vn_ip_invarg(ip,
						    "invalid \"queues\" value",
						    *argv);
		} else if (!strcmp(*argv, "kernel-netns")) {
			NEXT_ARG();
			t->knetns = *argv;
		} else if (!strcmp(*argv, "kernel-name")) {
			NEXT_ARG();
			if (!vn_dev_name_valid(*argv))
				return vn_ip_invarg(ip,
						    "\"name\" not a valid ifname",
						    *argv);
			t->kname = *argv;
		} else {
			if (!strcmp(*argv, "dev") || !strcmp(*argv, "name"))
				NEXT_ARG();
			else if (vn_matches(*argv, "help"))
				return usage(ip);
			if (t->name)
				return vn_ip_duparg2(ip, "dev", *argv);
			if (!vn_dev_name_valid(*argv))
				return vn_ip_invarg(ip,
						    "\"name\" not a valid ifname",
						    *argv);
			t->name = *argv;
		}
	}
	return 0;
}

static bool is_plain_tap(const struct vn_dev *dev)
{
	struct vn_tap_info t;

	if (!vn_dev_is_tap(dev))
		return false;
	vn_tap_get_info(dev, &t);
	return !t.veth;
}

static int tuntap_add(struct vn_ip *ip, int argc, char **argv)
{
	char auto_name[VN_IFNAMSIZ];
	struct tuntap_args t;
	int rc = parse(ip, argc, argv, &t);

	if (rc)
		return rc;
	if (!t.mode) {
		vn_job_eprintf(ip->job, "You failed to specify a tunnel mode\n");
		return 1;
	}
	if (strcmp(t.mode, "tap"))
		return refuse(ip,
			      "vnet is an Ethernet network: only \"mode tap\" is supported.");
	if (!t.name) {
		/* The kernel's "tap%d": the first free number. */
		for (int i = 0;; i++) {
			snprintf(auto_name, sizeof(auto_name), "tap%d", i);
			if (!vn_ip_dev(ip, auto_name))
				break;
		}
		t.name = auto_name;
	}
	rc = vn_ip_tuntap_make(ip, t.name, t.knetns, t.kname, t.multi_queue,
			       t.n_queues, true);
	/* iptuntap.c exits 1 when the kernel refuses. */
	return rc == IP_EXIT_KERNEL ? 1 : rc;
}

static int tuntap_del(struct vn_ip *ip, int argc, char **argv)
{
	struct tuntap_args t;
	struct vn_dev *dev;
	int rc = parse(ip, argc, argv, &t);

	if (rc)
		return rc;
	if (!t.name) {
		vn_job_eprintf(ip->job, "Not enough information: \"dev\" argument is required.\n");
		return IP_EXIT_USAGE;
	}
	dev = vn_ip_dev(ip, t.name);
	/* Linux: deleting what is not there succeeds quietly. */
	if (!dev)
		return 0;
	if (!is_plain_tap(dev)) {
		vn_job_eprintf(ip->job, "ioctl(TUNSETIFF): Invalid argument\n");
		return 1;
	}
	vn_dev_unregister(dev);
	return 0;
}

static int tuntap_show(struct vn_ip *ip, int argc, char **argv)
{
	struct tuntap_args t;
	struct vn_dev *dev;
	struct vn_pr pr;
	int rc = parse(ip, argc, argv, &t);

	if (rc)
		return rc;
	vn_pr_init(&pr, ip->job, ip->json, ip->pretty);
	vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	vn_devspace_for_each(dev, &ip->ns->devs) {
		struct vn_tap_info info;

		if (!is_plain_tap(dev) || (t.name && strcmp(t.name, dev->name)))
			continue;
		vn_tap_get_info(dev, &info);
		vn_pr_open_object(&pr, NULL);
		vn_pr_string(&pr, PR_ANY, "ifname", "%s:", dev->name);
		vn_pr_open_array(&pr, PR_JSON, "flags", NULL);
		vn_pr_string(&pr, PR_ANY, NULL, " %s", "tap");
		if (info.multi_queue)
			vn_pr_string(&pr, PR_ANY, NULL, " %s", "multi_queue");
		if (info.offload)
			vn_pr_string(&pr, PR_ANY, NULL, " %s", "vnet_hdr");
		vn_pr_close_array(&pr, PR_JSON, NULL);
		if (ip->details) {
			vn_pr_text(&pr, "\n\tAttached to processes:");
			vn_pr_open_array(&pr, PR_JSON, "processes", NULL);
			vn_pr_open_object(&pr, NULL);
			vn_pr_string(&pr, PR_ANY, "command", "%s", "vnet");
			vn_pr_int(&pr, PR_ANY, "pid", "(%" PRId64 ")",
				  (int64_t)getpid());
			vn_pr_close_object(&pr);
			vn_pr_close_array(&pr, PR_JSON, NULL);
		}
		vn_pr_nl(&pr);
		vn_pr_close_object(&pr);
	}
	vn_pr_close_array(&pr, PR_JSON, NULL);
	vn_pr_finish(&pr);
	return 0;
}

int vn_ip_tuntap(struct vn_ip *ip, int argc, char **argv)
{
	if (argc < 1 || vn_matches(*argv, "list") || vn_matches(*argv, "show") ||
	    !strcmp(*argv, "lst"))
		return tuntap_show(ip, argc > 0 ? argc - 1 : 0, argv + 1);
	if (vn_matches(*argv, "add"))
		return tuntap_add(ip, argc - 1, argv + 1);
	if (vn_matches(*argv, "delete"))
		return tuntap_del(ip, argc - 1, argv + 1);
	if (vn_matches(*argv, "help"))
		return usage(ip);
	vn_job_eprintf(ip->job,
		       "Command \"%s\" is unknown, try \"ip tuntap help\".\n",
		       *argv);
	return IP_EXIT_USAGE;
}
