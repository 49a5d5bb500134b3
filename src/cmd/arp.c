// SPDX-License-Identifier: MIT
/*
 * cmd/arp.c - net-tools' arp (2.10): list, set and delete entries of the
 * namespace's neighbour table through the kernel's old ioctl semantics
 * (net/ipv4/arp.c arp_ioctl(), arp_req_set(), arp_req_delete()).
 *
 * Listing reads what /proc/net/arp would show (every entry except those
 * only NOARP or NONE, hardware address and "C" while the entry is valid,
 * "M" when permanent) and prints it as arp_show() does: net-tools'
 * columns by default and with -e, the BSD form with -a.  Names are never
 * resolved, so -n changes nothing.  -s adds a permanent entry (temp:
 * STALE) on the device of the link-scope route to the host unless -i
 * names one; -d removes an entry.
 *
 * Not supported: proxy entries (pub), netmask, -f FILE, hardware types
 * other than ether.  net-tools accepts a five-byte address and fills the
 * sixth with garbage; vnet refuses it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"
#include "cmd/ip_inet.h"
#include "engine.h"
#include "wire/ipv4.h"

#define E_OPTERR 3
#define ATF_COM 0x02
#define ATF_PERM 0x04

struct arp_opts {
	struct vn_job *job;
	struct vn_netns *ns;
	bool bsd;		/* -a */
	bool verbose;		/* -v */
	bool use_device;	/* -D */
	bool hw_set;		/* -H/-t given */
	bool hw_ether;		/* ... and it is ether */
	const char *device;	/* -i */
	int mode;		/* 0 show, 's' set, 'd' delete */
};

static int usage(struct vn_job *job, int rc)
{
	static const char text[] =
		"Usage:\n"
		"  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache\n"
		"  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry\n"
		"  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file\n"
		"  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry\n"
		"  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-\n"
		"\n"
		"        -a                       display (all) hosts in alternative (BSD) style\n"
		"        -e                       display (all) hosts in default (Linux) style\n"
		"        -s, --set                set a new ARP entry\n"
		"        -d, --delete             delete a specified entry\n"
		"        -v, --verbose            be verbose\n"
		"        -n, --numeric            don't resolve names\n"
		"        -i, --device             specify network interface (e.g. eth0)\n"
		"        -D, --use-device         read <hwaddr> from given device\n"
		"        -A, -p, --protocol       specify protocol family\n"
		"        -f, --file               read new entries from file or from /etc/ethers\n"
		"\n"
		"  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether\n"
		"  List of possible hardware types (which support ARP):\n"
		"    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n"
		"    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) \n"
		"    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n"
		"    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) \n";

	if (rc)
		vn_job_eprintf(job, "%s", text);
	else
		vn_job_printf(job, "%s", text);
	return rc;
}

/* /proc/net/arp's flags of an entry (arp_state_to_flags()); -1: hidden. */
static int entry_flags(const struct vn_neigh *n)
{
	/* neigh_seq_next(NEIGH_SEQ_SKIP_NOARP): NOARP-only and NONE go. */
	if (!(n->state & ~VN_NUD_NOARP))
		return -1;
	if (n->state & VN_NUD_PERMANENT)
		return ATF_PERM | ATF_COM;
	if (n->state & VN_NUD_VALID)
		return ATF_COM;
	return 0;
}

/* arp_disp_2(): net-tools' columns. */
static void disp_columns(struct vn_job *job, bool *title, const char *ip,
			 int flags, const char *hwa, const char *dev)
{
	char fl[8] = "";

	if (!*title) {
		vn_job_printf(job,
			      "Address                  HWtype  HWaddress           Flags Mask            Iface\n");
		*title = true;
	}
	if (flags & ATF_COM)
		strcat(fl, "C");
	if (flags & ATF_PERM)
		strcat(fl, "M");
	vn_job_printf(job, "%-23.23s  ", ip);
	if (!(flags & ATF_COM))
		vn_job_printf(job, "%-8.8s%-20.20s", "", "(incomplete)");
	else
		vn_job_printf(job, "%-8.8s%-20.20s", "ether", hwa);
	vn_job_printf(job, "%-6.6s%-15.15s %s\n", fl, "", dev);
}

/* arp_disp(): the BSD form. */
static void disp_bsd(struct vn_job *job, const char *ip, int flags,
		     const char *hwa, const char *dev)
{
	vn_job_printf(job, "? (%s) at ", ip);
	if (!(flags & ATF_COM))
		vn_job_printf(job, "<incomplete> ");
	else
		vn_job_printf(job, "%s [ether] ", hwa);
	if (flags & ATF_PERM)
		vn_job_printf(job, "PERM ");
	vn_job_printf(job, "on %s\n", dev);
}

/* net-tools' inet input(): numbers only, names do not resolve here. */
static int parse_host(struct arp_opts *o, const char *s, uint32_t *addr)
{
	if (vn_inet_parse_addr(s, addr)) {
		vn_job_eprintf(o->job, "%s: Host name lookup failure\n", s);
		return -1;
	}
	return 0;
}

/* arp_show(). */
static int arp_show(struct arp_opts *o, const char *name)
{
	struct vn_neigh_table *tbl = &o->ns->inet.arp;
	char ip[VN_IPV4_STRLEN], host[VN_IPV4_STRLEN] = "";
	int entries = 0, showed = 0;
	bool title = false;
	struct vn_neigh *n;
	uint32_t addr;

	if (name) {
		if (parse_host(o, name, &addr))
			return 255;
		vn_ipv4_format(host, addr);
	}
	vn_list_for_each(n, &tbl->list, link) {
		int flags = entry_flags(n);
		char hwa[VN_MAC_STRLEN];

		if (flags < 0)
			continue;
		entries++;
		vn_ipv4_format(ip, n->key);
		if (o->hw_set && !o->hw_ether)
			continue;
		if (host[0] && strcmp(ip, host))
			continue;
		if (o->device && strcmp(n->dev->name, o->device))
			continue;
		showed++;
		if (flags & ATF_COM)
			vn_mac_format(hwa, n->ha);
		else
			strcpy(hwa, "00:00:00:00:00:00");
		if (o->bsd)
			disp_bsd(o->job, ip, flags, hwa, n->dev->name);
		else
			disp_columns(o->job, &title, ip, flags, hwa,
				     n->dev->name);
	}
	if (o->verbose)
		vn_job_printf(o->job, "Entries: %d\tSkipped: %d\tFound: %d\n",
			      entries, entries - showed, showed);
	if (!showed) {
		if (host[0] && !o->bsd)
			vn_job_printf(o->job, "%s (%s) -- no entry\n", name,
				      host);
		else if (o->hw_set || host[0] || o->device)
			vn_job_printf(o->job,
				      "arp: in %d entries no match found.\n",
				      entries);
	}
	return 0;
}

/*
 * arp_req_set()/arp_req_delete() without a device: the device of the
 * link-scope route (RTO_ONLINK), lo for our own addresses.
 */
static int route_dev(struct arp_opts *o, uint32_t ip, struct vn_dev **dev)
{
	struct vn_route_result res;
	int err;

	if (o->device) {
		*dev = vn_dev_lookup(&o->ns->devs, o->device);
		return *dev ? 0 : -ENODEV;
	}
	err = vn_fib_lookup_scope(&o->ns->inet.fib, ip, 0, VN_SCOPE_LINK,
				  &res);
	if (!err)
		err = vn_rtn_error(res.type);
	if (err)
		return err == -EAGAIN ? -ENETUNREACH : err;
	*dev = res.type == VN_RTN_LOCAL ? o->ns->lo : res.dev;
	return *dev ? 0 : -EINVAL;
}

/* net-tools' ether input(): six hex bytes separated by colons. */
static int parse_hw(const char *s, uint8_t *mac)
{
	unsigned v[VN_ETH_ALEN];
	char extra;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &extra) != 6)
		return -1;
	for (int i = 0; i < VN_ETH_ALEN; i++) {
		if (v[i] > 255)
			return -1;
		mac[i] = (uint8_t)v[i];
	}
	return 0;
}

/* arp_set(). */
static int arp_set(struct arp_opts *o, char **args)
{
	struct vn_neigh_table *tbl = &o->ns->inet.arp;
	int flags = ATF_PERM | ATF_COM;
	uint8_t mac[VN_ETH_ALEN];
	struct vn_neigh *n;
	struct vn_dev *dev;
	uint32_t ip;
	int err;

	if (!*args) {
		vn_job_eprintf(o->job, "arp: need host name\n");
		return 255;
	}
	if (parse_host(o, *args++, &ip))
		return 255;
	if (!*args) {
		vn_job_eprintf(o->job, "arp: need hardware address\n");
		return 255;
	}
	if (o->use_device) {
		struct vn_dev *d = vn_dev_lookup(&o->ns->devs, *args);

		if (!d) {
			vn_job_eprintf(o->job,
				       "arp: can't get HW-Address for `%s': No such device.\n",
				       *args);
			return 255;
		}
		memcpy(mac, d->mac, VN_ETH_ALEN);
		args++;
	} else if (parse_hw(*args++, mac)) {
		vn_job_eprintf(o->job, "arp: invalid hardware address\n");
		return 255;
	}
	for (; *args; args++) {
		if (!strcmp(*args, "temp")) {
			flags &= ~ATF_PERM;
		} else if (!strcmp(*args, "dev")) {
			if (!*++args)
				return usage(o->job, E_OPTERR);
			o->device = *args;
		} else if (!strcmp(*args, "pub") || !strcmp(*args, "netmask")) {
			vn_job_eprintf(o->job,
				       "SIOCSARP: Operation not supported\n");
			return 255;
		} else if (strcmp(*args, "priv") && strcmp(*args, "trail")) {
			return usage(o->job, E_OPTERR);
		}
	}
	err = route_dev(o, ip, &dev);
	/* arp_req_set(): the hardware type must be the device's. */
	if (!err && dev->type != VN_ARPHRD_ETHER)
		err = -EINVAL;
	if (err) {
		vn_job_eprintf(o->job, "SIOCSARP: %s\n", strerror(-err));
		return 255;
	}
	n = vn_neigh_lookup(tbl, ip, dev);
	if (!n)
		n = vn_neigh_create(tbl, ip, dev, flags & ATF_PERM);
	if (!n) {
		vn_job_eprintf(o->job, "SIOCSARP: No buffer space available\n");
		return 255;
	}
	vn_neigh_update(n, mac,
			(flags & ATF_PERM) ? VN_NUD_PERMANENT : VN_NUD_STALE,
			VN_NEIGH_F_OVERRIDE | VN_NEIGH_F_ADMIN);
	return 0;
}

/* arp_del(). */
static int arp_del(struct arp_opts *o, char **args)
{
	char host[VN_IPV4_STRLEN];
	struct vn_neigh *n;
	struct vn_dev *dev;
	uint32_t ip;
	int err;

	if (!*args) {
		vn_job_eprintf(o->job, "arp: need host name\n");
		return 255;
	}
	if (parse_host(o, *args++, &ip))
		return 255;
	vn_ipv4_format(host, ip);
	for (; *args; args++) {
		if (!strcmp(*args, "dev")) {
			if (!*++args)
				return usage(o->job, E_OPTERR);
			o->device = *args;
		} else if (!strcmp(*args, "pub")) {
			vn_job_printf(o->job, "No ARP entry for %s\n", host);
			return 255;
		} else if (strcmp(*args, "priv") && strcmp(*args, "temp") &&
			   strcmp(*args, "trail")) {
			return usage(o->job, E_OPTERR);
		}
	}
	err = route_dev(o, ip, &dev);
	if (err) {
		vn_job_eprintf(o->job, "SIOCDARP(dontpub): %s\n",
			       strerror(-err));
		return 255;
	}
	/* arp_invalidate(..., force): gone, or ENXIO. */
	n = vn_neigh_lookup(&o->ns->inet.arp, ip, dev);
	if (!n) {
		vn_job_printf(o->job, "No ARP entry for %s\n", host);
		return 255;
	}
	vn_neigh_remove(n);
	return 0;
}

static bool known_hw(const char *s)
{
	static const char *const names[] = {
		"ash",	 "ether", "ax25", "netrom", "rose", "arcnet", "dlci",
		"fddi",	 "hippi", "irda", "x25",    "eui64", "loop", "ppp",
		"tunnel", "sit",  "tr",	  "ib",	    "strip",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i]))
			return true;
	return false;
}

int vn_cmd_arp(struct vn_job *job, int argc, char **argv)
{
	struct arp_opts o = { .job = job, .ns = vn_job_netns(job) };
	char *args[64];
	int nargs = 0;

	/* getopt_long("A:H:adfp:nsei:t:vh?DNV"), operands gathered. */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || !a[1]) {
			if (nargs < (int)ARRAY_SIZE(args) - 1)
				args[nargs++] = argv[i];
			continue;
		}
		if (a[1] == '-') {
			const char *l = a + 2;

			if (!*l) {
				for (i++; i < argc; i++)
					if (nargs < (int)ARRAY_SIZE(args) - 1)
						args[nargs++] = argv[i];
				break;
			}
			if (!strcmp(l, "verbose"))
				o.verbose = true;
			else if (!strcmp(l, "numeric"))
				;
			else if (!strcmp(l, "set"))
				o.mode = 's';
			else if (!strcmp(l, "delete"))
				o.mode = 'd';
			else if (!strcmp(l, "use-device"))
				o.use_device = true;
			else if (!strcmp(l, "device") && i + 1 < argc)
				o.device = argv[++i];
			else if (!strcmp(l, "help"))
				return usage(job, 0);
			else {
				vn_job_eprintf(job,
					       "arp: unrecognized option '%s'\n",
					       a);
				return usage(job, E_OPTERR);
			}
			continue;
		}
		for (const char *c = a + 1; *c; c++) {
			const char *arg = NULL;

			if (strchr("AHpit", *c)) {
				if (c[1])
					arg = c + 1;
				else if (i + 1 < argc)
					arg = argv[++i];
				else {
					vn_job_eprintf(job,
						       "arp: option requires an argument -- '%c'\n",
						       *c);
					return usage(job, E_OPTERR);
				}
			}
			switch (*c) {
			case 'a':
				o.bsd = true;
				break;
			case 'e':
				o.bsd = false;
				break;
			case 'n':
			case 'N':
				break;
			case 'v':
				o.verbose = true;
				break;
			case 's':
				o.mode = 's';
				break;
			case 'd':
				o.mode = 'd';
				break;
			case 'D':
				o.use_device = true;
				break;
			case 'i':
				o.device = arg;
				break;
			case 'A':
			case 'p':
				if (strcmp(arg, "inet")) {
					vn_job_eprintf(job,
						       "arp: %s: unknown address family.\n",
						       arg);
					return 255;
				}
				break;
			case 'H':
			case 't':
				if (!known_hw(arg)) {
					vn_job_eprintf(job,
						       "arp: %s: unknown hardware type.\n",
						       arg);
					return 255;
				}
				o.hw_set = true;
				o.hw_ether = !strcmp(arg, "ether");
				break;
			case 'V':
				vn_job_printf(job, "net-tools 2.10\n");
				return 0;
			case 'f':
				vn_job_eprintf(job,
					       "arp: vnet does not read entries from files\n");
				return 255;
			case 'h':
				return usage(job, 0);
			default:
				vn_job_eprintf(job,
					       "arp: invalid option -- '%c'\n",
					       *c);
				return usage(job, E_OPTERR);
			}
			if (arg)
				break;
		}
	}
	args[nargs] = NULL;
	switch (o.mode) {
	case 's':
		return arp_set(&o, args);
	case 'd':
		return arp_del(&o, args);
	default:
		return arp_show(&o, nargs ? args[0] : NULL);
	}
}
