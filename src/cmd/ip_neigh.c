// SPDX-License-Identifier: MIT
/*
 * cmd/ip_neigh.c - `ip neigh` (iproute2 6.1's ipneigh.c over the kernel's
 * neighbour.c neigh_add(), neigh_delete(), neigh_fill_info()).
 *
 * Listing prints what print_neigh() prints, in text and JSON, with -s the
 * cache information as seconds since the entry was last used, confirmed
 * and updated, its "ref" (1 while a timer holds it) and its probe count.
 * The default selection hides NOARP and NONE entries, `nud all` shows
 * them.  Entries are listed in creation order (Linux: hash order).
 * add/replace/change/del follow neigh_add()/neigh_delete(); flush deletes
 * what a listing would select, permanent and noarp entries only when
 * asked by `nud`.
 *
 * Not supported: IPv6, proxy entries, the router/extern_learn/managed/use
 * flags, protocol, master/vrf selectors.  A rejected add creates nothing
 * (Linux leaves a NONE entry behind when the link address is missing).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/ip_inet.h"
#include "wire/ipv4.h"

static int usage(struct vn_ip *ip)
{
	vn_job_eprintf(ip->job,
		       "Usage: ip neigh { add | del | change | replace }\n"
		       "                { ADDR [ lladdr LLADDR ] [ nud STATE ] dev DEV }\n"
		       "\n"
		       "       ip neigh { show | flush } [ to PREFIX ] [ dev DEV ] [ nud STATE ]\n"
		       "                                 [ unused ]\n"
		       "\n"
		       "       ip neigh get { ADDR dev DEV }\n"
		       "\n"
		       "STATE := { delay | failed | incomplete | noarp | none |\n"
		       "           permanent | probe | reachable | stale }\n");
	return IP_EXIT_USAGE;
}

static struct vn_neigh_table *table_of(struct vn_ip *ip)
{
	return &ip->ns->inet.arp;
}

/* --- printing ----------------------------------------------------------- */

struct nb_filter {
	struct vn_dev *dev;
	uint32_t state;		/* NUD bits, 0x100 standing for NONE */
	bool has_pfx;
	struct vn_inet_prefix pfx;
	bool unused_only;
	bool proxy;		/* `show proxy`: vnet has no proxy entries */
	/* flush */
	bool flush;
	unsigned flushed;
	struct vn_ip *ip;
	struct vn_pr *pr;
};

static void print_state(struct vn_pr *pr, uint8_t nud)
{
	static const uint8_t order[] = {
		VN_NUD_INCOMPLETE, VN_NUD_REACHABLE, VN_NUD_STALE,
		VN_NUD_DELAY,	   VN_NUD_PROBE,     VN_NUD_FAILED,
		VN_NUD_NOARP,	   VN_NUD_PERMANENT,
	};

	vn_pr_open_array(pr, PR_JSON, "state", NULL);
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (nud & order[i])
			vn_pr_string(pr, PR_ANY, NULL, "%s ",
				     vn_nud_name(order[i]));
	vn_pr_close_array(pr, PR_JSON, NULL);
}

/* Seconds since @t, as jiffies_to_clock_t() / USER_HZ truncates them. */
static uint64_t age_s(vn_time now, vn_time t)
{
	return now > t ? (uint64_t)((now - t) / VN_SEC) : 0;
}

/* print_neigh() for one entry; @extra_ref counts the reader's own. */
static void print_neigh(struct vn_ip *ip, struct vn_pr *pr,
			const struct vn_neigh *n, bool show_dev,
			uint32_t extra_ref)
{
	vn_time now = vn_env_now(n->tbl->env);
	char a[VN_IPV4_STRLEN], m[VN_MAC_STRLEN];
	uint32_t ref = vn_neigh_refcnt(n) + extra_ref;

	vn_pr_open_object(pr, NULL);
	vn_pr_string(pr, PR_ANY, "dst", "%s ", vn_ipv4_format(a, n->key));
	if (show_dev) {
		vn_pr_text(pr, "dev ");
		vn_pr_string(pr, PR_ANY, "dev", "%s ", n->dev->name);
	}
	/* neigh_fill_info(): the address only while it is valid. */
	if (n->state & VN_NUD_VALID) {
		vn_pr_text(pr, "lladdr ");
		vn_pr_string(pr, PR_ANY, "lladdr", "%s ",
			     vn_mac_format(m, n->ha));
	}
	if (ip->stats) {
		if (ref)
			vn_pr_uint(pr, PR_ANY, "refcnt", " ref %" PRIu64, ref);
		vn_pr_uint(pr, PR_ANY, "used", " used %" PRIu64,
			   age_s(now, n->used));
		vn_pr_uint(pr, PR_ANY, "confirmed", "/%" PRIu64,
			   age_s(now, n->confirmed));
		vn_pr_uint(pr, PR_ANY, "updated", "/%" PRIu64,
			   age_s(now, n->updated));
		/* iproute2 6.1 prints "probes" without a space before it. */
		vn_pr_uint(pr, PR_ANY, "probes", "probes %" PRIu64 " ",
			   n->probes);
	}
	if (n->state)
		print_state(pr, n->state);
	vn_pr_nl(pr);
	vn_pr_close_object(pr);
}

static bool filter_ok(const struct nb_filter *f, const struct vn_neigh *n)
{
	if (f->proxy)
		return false;
	if (f->dev && n->dev != f->dev)
		return false;
	if (!(f->state & n->state) && (n->state || !(f->state & 0x100)))
		return false;
	if (f->has_pfx && !f->pfx.any &&
	    ((n->key ^ f->pfx.addr) & vn_ipv4_prefix_mask(f->pfx.plen)))
		return false;
	if (f->unused_only && vn_neigh_refcnt(n))
		return false;
	return true;
}

/* do_show_or_flush(). */
static int neigh_show(struct vn_ip *ip, int argc, char **argv, bool flush)
{
	struct nb_filter f = { .ip = ip, .flush = flush };
	const char *devname = NULL;
	struct vn_neigh *n;
	bool state_given = false;
	struct vn_pr pr;

	if (flush) {
		if (argc <= 0) {
			vn_job_eprintf(ip->job, "Flush requires arguments.\n");
			return 1;
		}
		f.state = ~(uint32_t)(VN_NUD_PERMANENT | VN_NUD_NOARP);
	} else {
		f.state = 0xff & ~VN_NUD_NOARP;
	}
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			if (devname)
				return vn_ip_duparg2(ip, "dev", *argv);
			devname = *argv;
		} else if (!strcmp(*argv, "unused")) {
			f.unused_only = true;
		} else if (!strcmp(*argv, "nud")) {
			uint8_t state;
			uint32_t bits;

			NEXT_ARG();
			if (!state_given) {
				state_given = true;
				f.state = 0;
			}
			if (vn_nud_parse(*argv, &state)) {
				if (strcmp(*argv, "all"))
					return vn_ip_invarg(ip,
							    "nud state is bad",
							    *argv);
				bits = ~0u;
				if (flush)
					bits &= ~(uint32_t)VN_NUD_NOARP;
			} else {
				bits = state ? state : 0x100;
			}
			f.state |= bits;
		} else if (!strcmp(*argv, "proxy")) {
			f.proxy = true;
		} else {
			if (!strcmp(*argv, "to"))
				NEXT_ARG();
			if (vn_matches(*argv, "help"))
				return usage(ip);
			if (ip->family == 6 ||
			    vn_inet_parse_prefix(*argv, &f.pfx))
				return vn_inet_bad_prefix(ip,
							  ip->family == 6 ?
								  "inet6" :
								  ip->family == 4 ?
								  "inet" :
								  "any valid",
							  *argv);
			f.has_pfx = true;
		}
	}
	if (devname) {
		f.dev = vn_ip_dev(ip, devname);
		if (!f.dev)
			return vn_ip_no_dev(ip, devname);
	}
	vn_pr_init(&pr, ip->job, ip->json && !flush, ip->pretty);
	f.pr = &pr;
	if (!flush)
		vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	if (ip->family != 6 && !flush) {
		vn_list_for_each(n, &table_of(ip)->list, link)
			if (filter_ok(&f, n))
				print_neigh(ip, &pr, n, !f.dev, 0);
	} else if (ip->family != 6) {
		unsigned todo = 0;

		vn_list_for_each(n, &table_of(ip)->list, link)
			todo += filter_ok(&f, n);
		/*
		 * Removing an entry reports what waited on it, which may
		 * create or collect other entries: look again from the
		 * start each time, at most as often as there were matches.
		 */
		while (f.flushed < todo) {
			vn_list_for_each(n, &table_of(ip)->list, link)
				if (filter_ok(&f, n))
					break;
			if (&n->link == &table_of(ip)->list)
				break;
			f.flushed++;
			if (ip->stats >= 2)
				print_neigh(ip, &pr, n, !f.dev, 0);
			vn_neigh_remove(n);
		}
	}
	if (!flush) {
		vn_pr_close_array(&pr, PR_JSON, NULL);
	} else if (ip->stats) {
		if (!f.flushed)
			vn_pr_text(&pr, "Nothing to flush.\n");
		else
			vn_pr_text(&pr,
				   "\n*** Round 1, deleting %u entries ***\n"
				   "*** Flush is complete after 1 round ***\n",
				   f.flushed);
	}
	vn_pr_finish(&pr);
	return 0;
}

/* --- add, change, replace, delete, get ------------------------------------ */

/*
 * ll_addr_a2n(): colon-separated hex bytes; prints iproute2's message
 * naming the bad part.  Return: the byte count, or -1.
 */
static int parse_lladdr(struct vn_ip *ip, const char *arg, uint8_t *out,
			int size)
{
	char tmp[128], *p = tmp;
	int i;

	snprintf(tmp, sizeof(tmp), "%s", arg);
	if (strchr(tmp, '.')) {
		uint32_t a;

		if (vn_inet_parse_addr(tmp, &a)) {
			vn_job_eprintf(ip->job, "\"%s\" is invalid lladdr.\n",
				       arg);
			return -1;
		}
		out[0] = (uint8_t)(a >> 24);
		out[1] = (uint8_t)(a >> 16);
		out[2] = (uint8_t)(a >> 8);
		out[3] = (uint8_t)a;
		return 4;
	}
	for (i = 0; i < size; i++) {
		char *next = strchr(p, ':');
		unsigned int v;
		char extra;

		if (next)
			*next++ = '\0';
		if (sscanf(p, "%x%c", &v, &extra) != 1 || v > 255) {
			vn_job_eprintf(ip->job, "\"%s\" is invalid lladdr.\n",
				       p);
			return -1;
		}
		out[i] = (uint8_t)v;
		if (!next)
			break;
		p = next;
	}
	return i + 1;
}

enum nb_cmd { NB_ADD, NB_CHANGE, NB_REPLACE, NB_DEL, NB_GET };

/* ipneigh_modify() and ipneigh_get(). */
static int neigh_modify(struct vn_ip *ip, enum nb_cmd cmd, int argc,
			char **argv)
{
	struct vn_neigh_table *tbl = table_of(ip);
	uint8_t lla[20], state = VN_NUD_PERMANENT;
	const char *devname = NULL, *lladdr = NULL;
	bool dst_ok = false;
	int lla_len = 0, rc;
	struct vn_neigh *n;
	struct vn_dev *dev;
	uint32_t dst = 0;
	uint32_t flags;

	for (; argc > 0; argc--, argv++) {
		if (cmd != NB_GET && vn_matches(*argv, "lladdr")) {
			NEXT_ARG();
			if (lladdr)
				return vn_ip_duparg2(ip, "lladdr", *argv);
			lladdr = *argv;
		} else if (cmd != NB_GET && !strcmp(*argv, "nud")) {
			NEXT_ARG();
			if (vn_nud_parse(*argv, &state))
				return vn_ip_invarg(ip, "nud state is bad",
						    *argv);
		} else if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			devname = *argv;
		} else if (cmd != NB_GET && (vn_matches(*argv, "proxy") ||
					     !strcmp(*argv, "router") ||
					     vn_matches(*argv, "extern_learn") ||
					     vn_matches(*argv, "protocol"))) {
			vn_job_eprintf(ip->job,
				       "Error: vnet does not support \"%s\" neighbours.\n",
				       *argv);
			return IP_EXIT_USAGE;
		} else {
			if (!strcmp(*argv, "to"))
				NEXT_ARG();
			if (vn_matches(*argv, "help"))
				return usage(ip);
			if (dst_ok)
				return vn_ip_duparg2(ip, "to", *argv);
			if (ip->family == 6 || vn_inet_parse_addr(*argv, &dst))
				return vn_inet_bad_addr(ip,
							ip->family == 6 ?
								"inet6" :
								ip->family == 4 ?
								"inet" :
								"any valid",
							*argv);
			dst_ok = true;
		}
	}
	if (!devname || !dst_ok) {
		if (cmd == NB_GET) {
			vn_job_eprintf(ip->job,
				       "Device and address are required arguments.\n");
			return 1;
		}
		vn_job_eprintf(ip->job,
			       "Device and destination are required arguments.\n");
		return IP_EXIT_USAGE;
	}
	if (lladdr && strcmp(lladdr, "null")) {
		lla_len = parse_lladdr(ip, lladdr, lla, (int)sizeof(lla));
		if (lla_len < 0)
			return 1;
	}
	dev = vn_ip_dev(ip, devname);
	if (!dev)
		return vn_ip_no_dev(ip, devname);
	n = vn_neigh_lookup(tbl, dst, dev);

	switch (cmd) {
	case NB_GET: {
		struct vn_pr pr;

		if (!n) {
			vn_job_eprintf(ip->job,
				       "Error: Neighbour entry not found.\n");
			return IP_EXIT_KERNEL;
		}
		vn_pr_init(&pr, ip->job, ip->json, ip->pretty);
		vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
		print_neigh(ip, &pr, n, true, 1);
		vn_pr_close_array(&pr, PR_JSON, NULL);
		vn_pr_finish(&pr);
		return 0;
	}
	case NB_DEL:
		if (!n) {
			vn_job_eprintf(ip->job,
				       "RTNETLINK answers: No such file or directory\n");
			return IP_EXIT_KERNEL;
		}
		vn_neigh_remove(n);
		return 0;
	case NB_ADD:
	case NB_CHANGE:
	case NB_REPLACE:
		break;
	}

	/* neigh_add(): validate everything before creating anything. */
	if (lla_len && lla_len < VN_ETH_ALEN) {
		vn_job_eprintf(ip->job, "Error: Invalid link address.\n");
		return IP_EXIT_KERNEL;
	}
	if (n && cmd == NB_ADD) {
		vn_job_eprintf(ip->job, "RTNETLINK answers: File exists\n");
		return IP_EXIT_KERNEL;
	}
	if (!n && cmd == NB_CHANGE) {
		vn_job_eprintf(ip->job,
			       "RTNETLINK answers: No such file or directory\n");
		return IP_EXIT_KERNEL;
	}
	if ((state & VN_NUD_VALID) && !lla_len &&
	    !(n && (n->state & VN_NUD_VALID))) {
		vn_job_eprintf(ip->job,
			       "Error: No link layer address given.\n");
		return IP_EXIT_KERNEL;
	}
	/* change and replace both carry NLM_F_REPLACE: OVERRIDE stays. */
	flags = VN_NEIGH_F_ADMIN | VN_NEIGH_F_OVERRIDE;
	if (!n) {
		n = vn_neigh_create(tbl, dst, dev, state & VN_NUD_PERMANENT);
		if (!n) {
			vn_job_eprintf(ip->job,
				       "RTNETLINK answers: No buffer space available\n");
			return IP_EXIT_KERNEL;
		}
	}
	rc = vn_neigh_update(n, lla_len ? lla : NULL, state, flags);
	if (rc) {
		vn_job_eprintf(ip->job, "RTNETLINK answers: %s\n",
			       strerror(-rc));
		return IP_EXIT_KERNEL;
	}
	return 0;
}

int vn_ip_neigh(struct vn_ip *ip, int argc, char **argv)
{
	if (argc < 1)
		return neigh_show(ip, 0, NULL, false);
	if (vn_matches(*argv, "add"))
		return neigh_modify(ip, NB_ADD, argc - 1, argv + 1);
	if (vn_matches(*argv, "change") || !strcmp(*argv, "chg"))
		return neigh_modify(ip, NB_CHANGE, argc - 1, argv + 1);
	if (vn_matches(*argv, "replace"))
		return neigh_modify(ip, NB_REPLACE, argc - 1, argv + 1);
	if (vn_matches(*argv, "delete"))
		return neigh_modify(ip, NB_DEL, argc - 1, argv + 1);
	if (vn_matches(*argv, "get"))
		return neigh_modify(ip, NB_GET, argc - 1, argv + 1);
	if (vn_matches(*argv, "show") || vn_matches(*argv, "lst") ||
	    vn_matches(*argv, "list"))
		return neigh_show(ip, argc - 1, argv + 1, false);
	if (vn_matches(*argv, "flush"))
		return neigh_show(ip, argc - 1, argv + 1, true);
	if (vn_matches(*argv, "help"))
		return usage(ip);
	vn_job_eprintf(ip->job,
		       "Command \"%s\" is unknown, try \"ip neigh help\".\n",
		       *argv);
	return IP_EXIT_USAGE;
}
