// SPDX-License-Identifier: MIT
/*
 * cmd/ip_route.c - `ip route` (iproute2 6.1's iproute.c over the kernel's
 * fib_frontend.c).
 *
 * Listing prints what print_route() prints, field by field, in text and
 * JSON, with filter_nlmsg()'s selectors (table, dev, proto, scope, type,
 * metric, via, src, root/match/exact prefixes); a field a selector fixes
 * is not printed.  add/change/replace/prepend/append/test/delete turn
 * their arguments into one route as iproute_modify() does (default table,
 * scope, protocol and type included) and hand it to the FIB, which checks
 * it as fib_create_info() would; flush deletes what a listing would show.
 * `get` is output routing (ip_route_output_key_hash()) printed as
 * rt_fill_info() and print_route() show a cached route.  Messages and
 * exit statuses are iproute2's: 2 when the kernel refuses, 1 for a bad
 * address or device, 255 for bad syntax.
 *
 * The route cache (`show cache`, `flush cache`) is the nexthop exceptions
 * ICMP redirects left, as Linux 6.1 dumps them.
 *
 * Not supported: IPv6, multipath (nexthop), nexthop objects, encap, tos,
 * realms, metrics other than mtu, `get iif`, `get mark`, save/restore.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/ip_inet.h"
#include "inet/ipv4_priv.h"
#include "wire/ipv4.h"

static int usage(struct vn_ip *ip)
{
	vn_job_eprintf(ip->job,
		       "Usage: ip route { list | flush } SELECTOR\n"
		       "       ip route get [ ROUTE_GET_FLAGS ] ADDRESS\n"
		       "                            [ from ADDRESS ] [ oif STRING ]\n"
		       "       ip route { add | del | change | append | replace } ROUTE\n"
		       "SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]\n"
		       "            [ table TABLE_ID ] [ proto RTPROTO ]\n"
		       "            [ type TYPE ] [ scope SCOPE ]\n"
		       "ROUTE := NODE_SPEC [ INFO_SPEC ]\n"
		       "NODE_SPEC := [ TYPE ] PREFIX\n"
		       "             [ table TABLE_ID ] [ proto RTPROTO ]\n"
		       "             [ scope SCOPE ] [ metric METRIC ]\n"
		       "INFO_SPEC := NH OPTIONS FLAGS\n"
		       "NH := [ via ADDRESS ] [ dev STRING ] NHFLAGS\n"
		       "OPTIONS := FLAGS [ mtu NUMBER ] [ src ADDRESS ]\n"
		       "TYPE := { unicast | local | broadcast | multicast | throw |\n"
		       "          unreachable | prohibit | blackhole | nat }\n"
		       "TABLE_ID := [ local | main | default | all | NUMBER ]\n"
		       "SCOPE := [ host | link | global | NUMBER ]\n"
		       "NHFLAGS := [ onlink ]\n"
		       "RTPROTO := [ kernel | boot | static | NUMBER ]\n"
		       "ROUTE_GET_FLAGS := [ fibmatch ]\n");
	return IP_EXIT_USAGE;
}

static struct vn_inet *inet_of(struct vn_ip *ip)
{
	return &ip->ns->inet;
}

static const struct vn_env *fib_env(struct vn_ip *ip)
{
	return ip->ns->inet.env;
}

static void print_cache(struct vn_ip *ip, struct vn_pr *pr, uint32_t flags);
static void print_expires(struct vn_ip *ip, struct vn_pr *pr,
			  vn_time expires);

/* --- printing ----------------------------------------------------------- */

struct rt_filter {
	uint32_t tb;		/* 0: every table */
	bool proto_set, scope_set, metric_set, oif_set;
	uint8_t proto, scope;
	uint32_t typemask;	/* bit per type, 0: any */
	uint32_t metric;
	struct vn_dev *oif;
	bool has_rdst, has_mdst, has_rvia, has_rprefsrc;
	struct vn_inet_prefix rdst, mdst, rvia, rprefsrc;
	bool cloned;		/* `show cache`: the nexthop exceptions */
	/* flush */
	bool flush;
	unsigned flushed;
	struct vn_pr *pr;
	struct vn_ip *ip;
};

/* inet_addr_match(): the first @bits bits of @a and @b agree. */
static bool addr_match(uint32_t a, uint32_t b, unsigned bits)
{
	return ((a ^ b) & vn_ipv4_prefix_mask(bits > 32 ? 32 : bits)) == 0;
}

/* filter_nlmsg(). */
static bool filter_ok(const struct rt_filter *f, const struct vn_route *r)
{
	if (f->cloned)
		return false;
	if (f->tb && f->tb != r->table)
		return false;
	if (f->proto_set && f->proto != r->proto)
		return false;
	if (f->scope_set && f->scope != r->scope)
		return false;
	if (f->typemask && !(f->typemask & (1u << r->type)))
		return false;
	if (f->has_rdst && (f->rdst.plen > r->plen ||
			    !addr_match(r->dst, f->rdst.addr, f->rdst.plen)))
		return false;
	if (f->has_mdst && (f->mdst.plen < r->plen ||
			    !addr_match(r->dst, f->mdst.addr, r->plen)))
		return false;
	if (f->has_rvia && !addr_match(r->gw, f->rvia.addr, f->rvia.plen))
		return false;
	if (f->has_rprefsrc &&
	    !addr_match(r->prefsrc, f->rprefsrc.addr, f->rprefsrc.plen))
		return false;
	if (f->oif_set && r->dev != f->oif)
		return false;
	if (f->metric_set && r->metric != f->metric)
		return false;
	return true;
}

/* RTNH_F_LINKDOWN: the nexthop's device has no carrier. */
static bool linkdown(const struct vn_route *r)
{
	return r->dev && r->nh_scope != VN_SCOPE_NOWHERE && !r->dev->carrier;
}

static void print_metrics(struct vn_pr *pr, uint32_t mtu, bool lock)
{
	if (!mtu && !lock)
		return;
	vn_pr_open_array(pr, PR_JSON, "metrics", NULL);
	vn_pr_open_object(pr, NULL);
	vn_pr_text(pr, "mtu ");
	if (lock)
		vn_pr_text(pr, "lock ");
	vn_pr_uint(pr, PR_ANY, "mtu", "%" PRIu64 " ", mtu);
	vn_pr_close_object(pr);
	vn_pr_close_array(pr, PR_JSON, NULL);
}

static void print_route(struct vn_ip *ip, struct vn_pr *pr,
			const struct vn_route *r, const struct rt_filter *f)
{
	char a[VN_IPV4_STRLEN], b[32];

	vn_pr_open_object(pr, NULL);
	if ((r->type != VN_RTN_UNICAST || ip->details) &&
	    (!f->typemask || (f->typemask & (1u << r->type))))
		vn_pr_string(pr, PR_ANY, "type", "%s ", vn_rtn_name(r->type));
	vn_ipv4_format(a, r->dst);
	if (r->plen == 0)
		vn_pr_string(pr, PR_ANY, "dst", "%s ", "default");
	else if (r->plen == 32)
		vn_pr_string(pr, PR_ANY, "dst", "%s ", a);
	else {
		snprintf(b, sizeof(b), "%s/%u", a, r->plen);
		vn_pr_string(pr, PR_ANY, "dst", "%s ", b);
	}
	if (r->gw && !(f->has_rvia && f->rvia.plen == 32))
		vn_pr_string(pr, PR_ANY, "gateway", "via %s ",
			     vn_ipv4_format(a, r->gw));
	if (r->dev && !f->oif_set)
		vn_pr_string(pr, PR_ANY, "dev", "dev %s ", r->dev->name);
	if (r->table && (r->table != VN_RT_TABLE_MAIN || ip->details) &&
	    !f->tb)
		vn_pr_string(pr, PR_ANY, "table", "table %s ",
			     vn_rt_table_name(r->table, b, sizeof(b)));
	if ((r->proto != VN_RTPROT_BOOT || ip->details) && !f->proto_set)
		vn_pr_string(pr, PR_ANY, "protocol", "proto %s ",
			     vn_rtprot_name(r->proto, b, sizeof(b)));
	if ((r->scope != VN_SCOPE_UNIVERSE || ip->details) && !f->scope_set)
		vn_pr_string(pr, PR_ANY, "scope", "scope %s ",
			     vn_scope_name(r->scope, b, sizeof(b)));
	if (r->prefsrc && !(f->has_rprefsrc && f->rprefsrc.plen == 32))
		vn_pr_string(pr, PR_ANY, "prefsrc", "src %s ",
			     vn_ipv4_format(a, r->prefsrc));
	if (r->metric && !f->metric_set)
		vn_pr_uint(pr, PR_ANY, "metric", "metric %" PRIu64 " ",
			   r->metric);
	vn_pr_open_array(pr, PR_JSON, "flags", NULL);
	if (r->onlink)
		vn_pr_string(pr, PR_ANY, NULL, "%s ", "onlink");
	if (linkdown(r))
		vn_pr_string(pr, PR_ANY, NULL, "%s ", "linkdown");
	vn_pr_close_array(pr, PR_JSON, NULL);
	print_metrics(pr, r->mtu, r->mtu_lock);
	vn_pr_nl(pr);
	vn_pr_close_object(pr);
}

/* --- show and flush ----------------------------------------------------- */

static void show_one(const struct vn_route *r, void *arg)
{
	struct rt_filter *f = arg;

	if (!filter_ok(f, r))
		return;
	if (f->flush) {
		f->flushed++;
		if (f->ip->stats >= 2)
			print_route(f->ip, f->pr, r, f);
		vn_fib_remove(&inet_of(f->ip)->fib, r);
		return;
	}
	print_route(f->ip, f->pr, r, f);
}

/* family_name_verbose() of what get_addr()/get_prefix() expect. */
static const char *family_name(const struct vn_ip *ip, bool inet_known)
{
	if (ip->family == 6)
		return "inet6";
	return ip->family == 4 || inet_known ? "inet" : "any valid";
}

static int bad_prefix(struct vn_ip *ip, const char *arg)
{
	return vn_inet_bad_prefix(ip, family_name(ip, false), arg);
}

struct exc_walk {
	struct vn_ip *ip;
	struct vn_pr *pr;
	const struct rt_filter *f;
};

/* A nexthop exception of route @r as fib_dump_info_fnhe() reports it. */
static void show_exc(const struct vn_route *r, const struct vn_fib_exc *e,
		     void *arg)
{
	struct exc_walk *w = arg;
	char a[VN_IPV4_STRLEN];

	if (w->f->oif_set && r->dev != w->f->oif)
		return;
	vn_pr_open_object(w->pr, NULL);
	vn_pr_string(w->pr, PR_ANY, "dst", "%s ", vn_ipv4_format(a, e->daddr));
	vn_pr_string(w->pr, PR_ANY, "gateway", "via %s ",
		     vn_ipv4_format(a, e->gw));
	if (!w->f->oif_set)
		vn_pr_string(w->pr, PR_ANY, "dev", "dev %s ",
			     r->dev->name);
	vn_pr_open_array(w->pr, PR_JSON, "flags", NULL);
	vn_pr_close_array(w->pr, PR_JSON, NULL);
	print_cache(w->ip, w->pr, VN_RTCF_REDIRECTED);
	print_expires(w->ip, w->pr, e->expires);
	vn_pr_nl(w->pr);
	vn_pr_close_object(w->pr);
}

/* iproute_list_flush_or_save(). */
static int route_list(struct vn_ip *ip, int argc, char **argv, bool flush)
{
	struct rt_filter f = { .tb = VN_RT_TABLE_MAIN, .ip = ip, .flush = flush };
	const char *od = NULL;
	struct vn_pr pr;
	uint32_t tid;

	if (flush && argc <= 0) {
		vn_job_eprintf(ip->job,
			       "\"ip route flush\" requires arguments.\n");
		return 1;
	}
	for (; argc > 0; argc--, argv++) {
		if (vn_matches(*argv, "table")) {
			NEXT_ARG();
			if (vn_rt_table_parse(*argv, &tid)) {
				if (!strcmp(*argv, "all"))
					f.tb = 0;
				else if (!strcmp(*argv, "cache"))
					f.cloned = true;
				else if (!strcmp(*argv, "help"))
					return usage(ip);
				else
					return vn_ip_invarg(ip,
							    "table id value is invalid\n",
							    *argv);
			} else {
				f.tb = tid;
			}
		} else if (vn_matches(*argv, "cached") ||
			   vn_matches(*argv, "cloned")) {
			f.cloned = true;
		} else if (vn_matches(*argv, "protocol")) {
			NEXT_ARG();
			f.proto_set = true;
			if (vn_rtprot_parse(*argv, &f.proto)) {
				if (strcmp(*argv, "all"))
					return vn_ip_invarg(ip,
							    "invalid \"protocol\"\n",
							    *argv);
				f.proto_set = false;
			}
		} else if (vn_matches(*argv, "scope")) {
			NEXT_ARG();
			f.scope_set = true;
			if (vn_scope_parse(*argv, &f.scope)) {
				if (strcmp(*argv, "all"))
					return vn_ip_invarg(ip,
							    "invalid \"scope\"\n",
							    *argv);
				f.scope_set = false;
			}
		} else if (vn_matches(*argv, "type")) {
			uint8_t type;

			NEXT_ARG();
			if (vn_rtn_parse(*argv, &type) || type >= 32)
				return vn_ip_invarg(ip,
						    "node type value is invalid\n",
						    *argv);
			f.typemask = 1u << type;
		} else if (!strcmp(*argv, "dev") || !strcmp(*argv, "oif")) {
			NEXT_ARG();
			od = *argv;
		} else if (vn_matches(*argv, "metric") ||
			   vn_matches(*argv, "priority") ||
			   !strcmp(*argv, "preference")) {
			NEXT_ARG();
			if (vn_parse_u32(*argv, &f.metric, 0, UINT32_MAX))
				return vn_ip_invarg(ip,
						    "\"metric\" value is invalid\n",
						    *argv);
			f.metric_set = true;
		} else if (!strcmp(*argv, "via")) {
			NEXT_ARG();
			if (!strcmp(*argv, "inet"))
				NEXT_ARG();
			if (vn_inet_parse_prefix(*argv, &f.rvia))
				return bad_prefix(ip, *argv);
			f.has_rvia = true;
		} else if (!strcmp(*argv, "src")) {
			NEXT_ARG();
			if (vn_inet_parse_prefix(*argv, &f.rprefsrc))
				return bad_prefix(ip, *argv);
			f.has_rprefsrc = true;
		} else {
			struct vn_inet_prefix p;
			int kind = 0;	/* 0 exact, 1 root, 2 match */

			if (vn_matches(*argv, "to"))
				NEXT_ARG();
			if (vn_matches(*argv, "root")) {
				NEXT_ARG();
				kind = 1;
			} else if (vn_matches(*argv, "match")) {
				NEXT_ARG();
				kind = 2;
			} else if (vn_matches(*argv, "exact")) {
				NEXT_ARG();
			}
			if (vn_inet_parse_prefix(*argv, &p))
				return bad_prefix(ip, *argv);
			if (kind != 2) {
				f.rdst = p;
				f.has_rdst = true;
			}
			if (kind != 1) {
				f.mdst = p;
				f.has_mdst = true;
			}
		}
	}
	if (od) {
		f.oif = vn_ip_dev(ip, od);
		if (!f.oif)
			return vn_ip_no_dev(ip, od);
		f.oif_set = true;
	}
	if (f.tb && !f.cloned && !vn_fib_table(&inet_of(ip)->fib, f.tb)) {
		vn_job_eprintf(ip->job,
			       "Error: ipv4: FIB table does not exist.\n%s terminated\n",
			       flush ? "Flush" : "Dump");
		return IP_EXIT_KERNEL;
	}
	vn_pr_init(&pr, ip->job, ip->json && !flush, ip->pretty);
	f.pr = &pr;
	if (f.cloned) {
		struct exc_walk w = { ip, &pr, &f };
		struct vn_fib *fib = &inet_of(ip)->fib;

		/* The cache is the nexthop exceptions. */
		if (flush) {
			if (ip->family != 6)
				vn_fib_exc_flush(fib);
			if (ip->stats)
				vn_pr_text(&pr,
					   "*** IPv4 routing cache is flushed.\n");
		} else {
			vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
			if (ip->family != 6)
				vn_fib_exc_walk(fib, f.tb,
						vn_env_now(fib_env(ip)),
						show_exc, &w);
			vn_pr_close_array(&pr, PR_JSON, NULL);
		}
		vn_pr_finish(&pr);
		return 0;
	}
	if (!flush)
		vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	/* vnet has no IPv6 routes: `ip -6 route` lists nothing. */
	if (ip->family != 6)
		vn_fib_walk(&inet_of(ip)->fib, f.tb, show_one, &f);
	if (!flush) {
		vn_pr_close_array(&pr, PR_JSON, NULL);
	} else if (ip->stats) {
		/* Every deletion succeeds, so one round is always enough. */
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

/* --- add, change, replace, append, prepend, test, delete ----------------- */

static bool type_in_local_table(uint8_t type)
{
	return type == VN_RTN_LOCAL || type == VN_RTN_BROADCAST ||
	       type == VN_RTN_NAT || type == VN_RTN_ANYCAST;
}

/* iproute_modify(): @flags are VN_FIB_*, @del for RTM_DELROUTE. */
static int route_modify(struct vn_ip *ip, int argc, char **argv,
			unsigned flags, bool del)
{
	struct vn_route r = {
		.table = VN_RT_TABLE_MAIN,
		.scope = del ? VN_SCOPE_NOWHERE : VN_SCOPE_UNIVERSE,
		.proto = del ? VN_RTPROT_UNSPEC : VN_RTPROT_BOOT,
		.type = del ? VN_RTN_UNSPEC : VN_RTN_UNICAST,
	};
	bool dst_ok = false, gw_ok = false, scope_ok = false, table_ok = false;
	bool metric_ok = false;
	const char *devname = NULL;
	struct vn_inet *inet = inet_of(ip);
	struct vn_inet_prefix p;
	struct vn_err err;
	int rc;

	vn_err_init(&err);
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "src")) {
			NEXT_ARG();
			if (ip->family == 6 ||
			    vn_inet_parse_addr(*argv, &r.prefsrc))
				return vn_inet_bad_addr(ip,
							family_name(ip, dst_ok),
							*argv);
		} else if (!strcmp(*argv, "via")) {
			if (gw_ok)
				return vn_ip_invarg(ip,
						    "use nexthop syntax to specify multiple via\n",
						    *argv);
			gw_ok = true;
			NEXT_ARG();
			if (!strcmp(*argv, "inet"))
				NEXT_ARG();
			if (ip->family == 6 || vn_inet_parse_addr(*argv, &r.gw))
				return vn_inet_bad_addr(ip,
							family_name(ip, dst_ok),
							*argv);
		} else if (vn_matches(*argv, "metric") ||
			   vn_matches(*argv, "priority") ||
			   !strcmp(*argv, "preference")) {
			NEXT_ARG();
			if (vn_parse_u32(*argv, &r.metric, 0, UINT32_MAX))
				return vn_ip_invarg(ip,
						    "\"metric\" value is invalid\n",
						    *argv);
			metric_ok = true;
		} else if (!strcmp(*argv, "scope")) {
			NEXT_ARG();
			if (vn_scope_parse(*argv, &r.scope))
				return vn_ip_invarg(ip,
						    "invalid \"scope\" value\n",
						    *argv);
			scope_ok = true;
		} else if (!strcmp(*argv, "mtu")) {
			NEXT_ARG();
			if (!strcmp(*argv, "lock")) {
				r.mtu_lock = true;
				NEXT_ARG();
			}
			if (vn_parse_u32(*argv, &r.mtu, 0, UINT32_MAX))
				return vn_ip_invarg(ip,
						    "\"mtu\" value is invalid\n",
						    *argv);
		} else if (!strcmp(*argv, "onlink")) {
			r.onlink = true;
		} else if (vn_matches(*argv, "protocol")) {
			NEXT_ARG();
			if (vn_rtprot_parse(*argv, &r.proto))
				return vn_ip_invarg(ip,
						    "\"protocol\" value is invalid\n",
						    *argv);
		} else if (vn_matches(*argv, "table")) {
			NEXT_ARG();
			if (vn_rt_table_parse(*argv, &r.table))
				return vn_ip_invarg(ip,
						    "\"table\" value is invalid\n",
						    *argv);
			table_ok = true;
		} else if (!strcmp(*argv, "dev") || !strcmp(*argv, "oif")) {
			NEXT_ARG();
			devname = *argv;
		} else {
			uint8_t type;

			if (!strcmp(*argv, "to"))
				NEXT_ARG();
			if ((**argv < '0' || **argv > '9') &&
			    vn_rtn_parse(*argv, &type) == 0) {
				NEXT_ARG();
				r.type = type;
			}
			if (vn_matches(*argv, "help"))
				return usage(ip);
			if (dst_ok)
				return vn_ip_duparg2(ip, "to", *argv);
			if (ip->family == 6 || vn_inet_parse_prefix(*argv, &p))
				return vn_inet_bad_prefix(ip, family_name(ip,
									  false),
							  *argv);
			r.dst = p.addr;
			r.plen = (uint8_t)p.plen;
			dst_ok = true;
		}
	}
	if (!dst_ok)
		return usage(ip);
	if (devname) {
		r.dev = vn_ip_dev(ip, devname);
		if (!r.dev)
			return vn_ip_no_dev(ip, devname);
	}
	if (!table_ok && type_in_local_table(r.type))
		r.table = VN_RT_TABLE_LOCAL;
	if (!scope_ok) {
		if (r.type == VN_RTN_LOCAL || r.type == VN_RTN_NAT)
			r.scope = VN_SCOPE_HOST;
		else if (r.type == VN_RTN_BROADCAST ||
			 r.type == VN_RTN_MULTICAST ||
			 r.type == VN_RTN_ANYCAST)
			r.scope = VN_SCOPE_LINK;
		else if (r.type == VN_RTN_UNICAST ||
			 r.type == VN_RTN_UNSPEC) {
			if (del)
				r.scope = VN_SCOPE_NOWHERE;
			else if (!gw_ok)
				r.scope = VN_SCOPE_LINK;
		}
	}
	if (!r.table)
		r.table = VN_RT_TABLE_MAIN;

	if (del) {
		/* inet_rtm_delroute() and fib_table_delete(). */
		struct vn_route_key k = {
			.table = r.table,
			.dst = r.dst,
			.plen = r.plen,
			.type = r.type,
			.proto = r.proto,
			.scope_max = VN_SCOPE_NOWHERE,
			.has_scope = r.scope != VN_SCOPE_NOWHERE,
			.scope = r.scope,
			.has_metric = metric_ok,
			.metric = r.metric,
			.gw = r.gw,
			.dev = r.dev,
			.prefsrc = r.prefsrc,
			.mtu = r.mtu,
		};

		if (!vn_fib_table(&inet->fib, r.table)) {
			vn_job_eprintf(ip->job,
				       "Error: FIB table does not exist.\n");
			return IP_EXIT_KERNEL;
		}
		if (r.dst & ~vn_ipv4_prefix_mask(r.plen)) {
			vn_job_eprintf(ip->job,
				       "Error: Invalid prefix for given prefix length.\n");
			return IP_EXIT_KERNEL;
		}
		rc = vn_fib_del(&inet->fib, &k);
		if (rc) {
			vn_err_rtnl(&err, rc);
			return vn_ip_err(ip, &err);
		}
		return 0;
	}
	rc = vn_fib_check(&inet->fib, &r, &err);
	if (!rc) {
		rc = vn_fib_insert(&inet->fib, &r, flags);
		if (rc)
			vn_err_rtnl(&err, rc);
	}
	return rc ? vn_ip_err(ip, &err) : 0;
}

/* --- get ------------------------------------------------------------------ */

static void print_cache(struct vn_ip *ip, struct vn_pr *pr, uint32_t flags)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ VN_RTCF_LOCAL, "local" },
		{ VN_RTCF_MULTICAST, "mc" },
		{ VN_RTCF_BROADCAST, "brd" },
		{ VN_RTCF_REDIRECTED, "redirected" },
	};
	bool first = true;

	vn_pr_open_array(pr, PR_JSON, "cache", NULL);
	vn_pr_text(pr, "%s    cache ", ip->oneline ? "\\" : "\n");
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(flags & names[i].bit))
			continue;
		flags &= ~names[i].bit;
		vn_pr_string(pr, PR_JSON, NULL, NULL, names[i].name);
		vn_pr_text(pr, "%s%s%s", first ? "<" : "", names[i].name,
			   flags ? "," : "> ");
		first = false;
	}
	vn_pr_close_array(pr, PR_JSON, NULL);
}

/* print_rta_cacheinfo(): seconds left, as the kernel truncates them. */
static void print_expires(struct vn_ip *ip, struct vn_pr *pr, vn_time expires)
{
	vn_time now = vn_env_now(ip->ns->inet.env);

	if (expires > now)
		vn_pr_int(pr, PR_ANY, "expires", "expires %" PRId64 "sec ",
			  (expires - now) / VN_SEC);
}

/* rt_fill_info() of a cached output route, through print_route(). */
static void print_get(struct vn_ip *ip, struct vn_pr *pr, uint32_t dst,
		      uint32_t from, const struct vn_route_result *res)
{
	const struct vn_route *fr = res->route;
	char a[VN_IPV4_STRLEN];

	vn_pr_open_object(pr, NULL);
	if (res->type != VN_RTN_UNICAST || ip->details)
		vn_pr_string(pr, PR_ANY, "type", "%s ", vn_rtn_name(res->type));
	vn_pr_string(pr, PR_ANY, "dst", "%s ", vn_ipv4_format(a, dst));
	if (from)
		vn_pr_string(pr, PR_ANY, "from", "from %s ",
			     vn_ipv4_format(a, from));
	if (fr && fr->gw && res->type == VN_RTN_UNICAST)
		vn_pr_string(pr, PR_ANY, "gateway", "via %s ",
			     vn_ipv4_format(a, res->nexthop));
	vn_pr_string(pr, PR_ANY, "dev", "dev %s ", res->dev->name);
	if (ip->details)
		vn_pr_string(pr, PR_ANY, "table", "table %s ",
			     fr && fr->table == VN_RT_TABLE_DEFAULT ? "default"
								    : "main");
	if (!from)
		vn_pr_string(pr, PR_ANY, "prefsrc", "src %s ",
			     vn_ipv4_format(a, res->src));
	vn_pr_open_array(pr, PR_JSON, "flags", NULL);
	/* RTCF_MULTICAST is RTM_F_OFFLOAD_FAILED's bit: iproute2 6.1 says so. */
	if (res->flags & VN_RTCF_MULTICAST)
		vn_pr_string(pr, PR_ANY, NULL, "%s ", "rt_offload_failed");
	vn_pr_close_array(pr, PR_JSON, NULL);
	vn_pr_uint(pr, PR_ANY, "uid", "uid %" PRIu64 " ", 0);
	print_cache(ip, pr, res->flags);
	if (res->flags & VN_RTCF_REDIRECTED)
		print_expires(ip, pr, res->expires);
	if (fr)
		print_metrics(pr, fr->mtu, fr->mtu_lock);
	vn_pr_nl(pr);
	vn_pr_close_object(pr);
}

/* iproute_get(). */
static int route_get(struct vn_ip *ip, int argc, char **argv)
{
	struct vn_inet_prefix p;
	struct vn_route_result res;
	const char *odev = NULL;
	bool found = false, fibmatch = false, connected = false;
	uint32_t dst = 0, from = 0;
	struct rt_filter f = { 0 };
	struct vn_dev *oif = NULL;
	struct vn_err err;
	struct vn_pr pr;
	int rc;

	for (; argc > 0; argc--, argv++) {
		if (vn_matches(*argv, "from")) {
			NEXT_ARG();
			if (vn_matches(*argv, "help"))
				return usage(ip);
			if (ip->family == 6 || vn_inet_parse_prefix(*argv, &p))
				return vn_inet_bad_prefix(ip,
							  family_name(ip, found),
							  *argv);
			from = p.addr;
		} else if (vn_matches(*argv, "oif") || !strcmp(*argv, "dev")) {
			NEXT_ARG();
			odev = *argv;
		} else if (vn_matches(*argv, "connected")) {
			connected = true;
		} else if (vn_matches(*argv, "fibmatch")) {
			fibmatch = true;
		} else if (vn_matches(*argv, "uid")) {
			NEXT_ARG();
			if (vn_parse_u32(*argv, &(uint32_t){ 0 }, 0,
					 UINT32_MAX))
				return vn_ip_invarg(ip, "invalid UID\n", *argv);
		} else if (vn_matches(*argv, "iif") ||
			   vn_matches(*argv, "mark") ||
			   !strcmp(*argv, "tos") || vn_matches(*argv, "vrf")) {
			vn_job_eprintf(ip->job,
				       "Error: vnet does not support \"%s\" in ip route get.\n",
				       *argv);
			return IP_EXIT_USAGE;
		} else {
			if (!strcmp(*argv, "to"))
				NEXT_ARG();
			if (vn_matches(*argv, "help"))
				return usage(ip);
			if (ip->family == 6 || vn_inet_parse_prefix(*argv, &p))
				return vn_inet_bad_prefix(ip,
							  family_name(ip,
								      found ||
									      from),
							  *argv);
			if (p.plen != 32)
				vn_job_eprintf(ip->job,
					       "Warning: /%u as prefix is invalid, only /32 (or none) is supported.\n",
					       p.plen);
			dst = p.addr;
			found = true;
		}
	}
	if (!found) {
		vn_job_eprintf(ip->job, "need at least a destination address\n");
		return 1;
	}
	if (odev) {
		oif = vn_ip_dev(ip, odev);
		if (!oif)
			return vn_ip_no_dev(ip, odev);
	}
	rc = vn_route_output(inet_of(ip), dst, from, oif ? oif->ifindex : 0,
			     &res);
	if (!rc && fibmatch && !res.route)
		rc = -EHOSTUNREACH;
	if (rc) {
		vn_err_init(&err);
		vn_err_rtnl(&err, rc);
		return vn_ip_err(ip, &err);
	}
	if (connected && !from && !res.src) {
		vn_job_eprintf(ip->job, "Failed to connect the route\n");
		return 1;
	}
	vn_pr_init(&pr, ip->job, ip->json, ip->pretty);
	vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	for (int i = 0; i < (connected && !from ? 2 : 1); i++) {
		if (fibmatch) {
			/* The kernel reports local routes as main's: with
			 * default rules the two tables are one trie. */
			if (res.route->table == VN_RT_TABLE_LOCAL)
				f.tb = VN_RT_TABLE_LOCAL;
			print_route(ip, &pr, res.route, &f);
		}
		else
			print_get(ip, &pr, dst, from, &res);
	}
	vn_pr_close_array(&pr, PR_JSON, NULL);
	vn_pr_finish(&pr);
	return 0;
}

int vn_ip_route(struct vn_ip *ip, int argc, char **argv)
{
	if (argc < 1)
		return route_list(ip, 0, NULL, false);
	if (vn_matches(*argv, "add"))
		return route_modify(ip, argc - 1, argv + 1,
				    VN_FIB_CREATE | VN_FIB_EXCL, false);
	if (vn_matches(*argv, "change") || !strcmp(*argv, "chg"))
		return route_modify(ip, argc - 1, argv + 1, VN_FIB_REPLACE,
				    false);
	if (vn_matches(*argv, "replace"))
		return route_modify(ip, argc - 1, argv + 1,
				    VN_FIB_CREATE | VN_FIB_REPLACE, false);
	if (vn_matches(*argv, "prepend"))
		return route_modify(ip, argc - 1, argv + 1, VN_FIB_CREATE,
				    false);
	if (vn_matches(*argv, "append"))
		return route_modify(ip, argc - 1, argv + 1,
				    VN_FIB_CREATE | VN_FIB_APPEND, false);
	if (vn_matches(*argv, "test"))
		return route_modify(ip, argc - 1, argv + 1, VN_FIB_EXCL, false);
	if (vn_matches(*argv, "delete"))
		return route_modify(ip, argc - 1, argv + 1, 0, true);
	if (vn_matches(*argv, "list") || vn_matches(*argv, "show") ||
	    vn_matches(*argv, "lst"))
		return route_list(ip, argc - 1, argv + 1, false);
	if (vn_matches(*argv, "get"))
		return route_get(ip, argc - 1, argv + 1);
	if (vn_matches(*argv, "flush"))
		return route_list(ip, argc - 1, argv + 1, true);
	if (vn_matches(*argv, "save") || vn_matches(*argv, "restore") ||
	    vn_matches(*argv, "showdump")) {
		vn_job_eprintf(ip->job,
			       "Error: vnet does not support \"ip route %s\".\n",
			       *argv);
		return IP_EXIT_USAGE;
	}
	if (vn_matches(*argv, "help"))
		return usage(ip);
	vn_job_eprintf(ip->job,
		       "Command \"%s\" is unknown, try \"ip route help\".\n",
		       *argv);
	return IP_EXIT_USAGE;
}
