// SPDX-License-Identifier: MIT
/*
 * cmd/tc.c - `tc qdisc` with the netem qdisc: iproute2 6.1's tc.c and
 * tc_qdisc.c, and the kernel half of it, net/sched/sch_api.c's
 * tc_modify_qdisc() and tc_get_qdisc().
 *
 * Three steps, as on Linux.  tc parses the command line into a request
 * (the netlink message: flags, handle, parent, kind and netem's
 * TCA_OPTIONS) with tc 6.1's syntax, units, rounding and messages; netem's
 * options are tc_netem.c's, the number parsers tc_util.c's.  The kernel
 * half decides what the request means for the device's root qdisc, with
 * sch_api.c's tests in sch_api.c's order and its extack messages.
 * Listing prints what print_qdisc() and netem_print_opt() print from what
 * netem_dump() reports, in text and JSON.
 *
 * Only root qdiscs exist in vnet: netem, and the noqueue a device gets
 * when it first comes up (noop before, which tc does not list).  vnet's
 * devices have one transmit queue, so a root qdisc shows "refcnt 2".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/tc_priv.h"
#include "engine.h"
static int invarg(struct vn_tc *t, const char *msg, const char *arg)
{
	vn_job_eprintf(t->job, "Error: argument \"%s\" is wrong: %s\n", arg,
		       msg);
	return TC_EXIT_USAGE;
}

static int duparg(struct vn_tc *t, const char *key, const char *arg)
{
	vn_job_eprintf(t->job,
		       "Error: duplicate \"%s\": \"%s\" is the second value.\n",
		       key, arg);
	return TC_EXIT_USAGE;
}

static void usage(struct vn_tc *t)
{
	vn_job_eprintf(t->job,
		       "Usage:\ttc [ OPTIONS ] OBJECT { COMMAND | help }\n"
		       "\ttc [-force] -batch filename\n"
		       "where  OBJECT := { qdisc | class | filter | chain |\n"
		       "\t\t    action | monitor | exec }\n"
		       "       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[aw] |\n"
		       "\t\t    -o[neline] | -j[son] | -p[retty] | -c[olor]\n"
		       "\t\t    -b[atch] [filename] | -n[etns] name | -N[umeric] |\n"
		       "\t\t     -nm | -nam[es] | { -cf | -conf } path\n"
		       "\t\t     -br[ief] }\n");
}

static void qdisc_usage(struct vn_tc *t)
{
	vn_job_eprintf(t->job,
		       "Usage: tc qdisc [ add | del | replace | change | show ] dev STRING\n"
		       "       [ handle QHANDLE ] [ root | ingress | clsact | parent CLASSID ]\n"
		       "       [ estimator INTERVAL TIME_CONSTANT ]\n"
		       "       [ stab [ help | STAB_OPTIONS] ]\n"
		       "       [ ingress_block BLOCK_INDEX ] [ egress_block BLOCK_INDEX ]\n"
		       "       [ [ QDISC_KIND ] [ help | OPTIONS ] ]\n"
		       "\n"
		       "       tc qdisc { show | list } [ dev STRING ] [ QDISC_ID ] [ invisible ]\n"
		       "Where:\n"
		       "QDISC_KIND := { [p|b]fifo | tbf | prio | cbq | red | etc. }\n"
		       "OPTIONS := ... try tc qdisc add <desired QDISC_KIND> help\n"
		       "STAB_OPTIONS := ... try tc qdisc add stab help\n"
		       "QDISC_ID := { root | ingress | handle QHANDLE | parent CLASSID }\n");
}
/* --- the kernel half: sch_api.c ------------------------------------------- */

/* The root qdisc's kind, real or the default (noqueue, noop). */
static const char *root_kind(const struct vn_dev *dev)
{
	if (dev->qdisc)
		return dev->qdisc->ops->kind;
	return dev->qdisc_noqueue ? "noqueue" : "noop";
}

/* qdisc_lookup(): only root qdiscs exist. */
static struct vn_qdisc *qdisc_lookup(struct vn_dev *dev, uint32_t handle)
{
	if (handle && dev->qdisc && dev->qdisc->handle == handle)
		return dev->qdisc;
	return NULL;
}

/* qdisc_alloc_handle(): one counter for the whole engine, from 8001:. */
static uint32_t qdisc_alloc_handle(struct vn_dev *dev)
{
	struct vn_env *env = dev->space->env;

	for (int i = 0x8000; i > 0; i--) {
		if (!env->qdisc_handle)
			env->qdisc_handle = 0x80000000u;
		env->qdisc_handle += 0x10000u;
		if (env->qdisc_handle == TC_H_MAJ(TC_H_ROOT))
			env->qdisc_handle = 0x80000000u;
		if (!qdisc_lookup(dev, env->qdisc_handle))
			return env->qdisc_handle;
	}
	return 0;
}

/* qdisc_create() and the root graft. */
static int qdisc_create(struct vn_dev *dev, struct vn_tc_req *r,
			struct vn_err *err)
{
	struct vn_qdisc *q = NULL;
	uint32_t handle = r->handle;
	int rc;

	if (!r->netem)
		return vn_err_set(err, -ENOENT,
				  "Error: Specified qdisc kind is unknown.");
	if (r->parent == TC_H_INGRESS)
		return vn_err_set(err, -EINVAL,
				  "Error: Specified qdisc does not support ingress.");
	if (!handle) {
		handle = qdisc_alloc_handle(dev);
		if (!handle)
			return vn_err_set(err, -ENOSPC,
					  "Error: Maximum number of qdisc handles was exceeded.");
	}
	rc = vn_netem_create(dev, handle, &r->opts, &q, err);
	if (rc)
		return rc;
	vn_dev_set_qdisc(dev, q);
	return 0;
}

/*
 * A parent other than root or ingress: a class of a qdisc.  Linux's netem
 * is classful (one class, for a child qdisc); vnet grafts nothing under
 * it.
 */
static int parent_class(struct vn_dev *dev, uint32_t clid, struct vn_err *err)
{
	if (!qdisc_lookup(dev, TC_H_MAJ(clid)))
		return vn_err_set(err, -ENOENT,
				  "Error: Failed to find specified qdisc.");
	return vn_err_set(err, -EOPNOTSUPP,
			  "Error: vnet: no qdisc can be grafted under netem.");
}

/* __tc_modify_qdisc() */
static int qdisc_modify(struct vn_dev *dev, struct vn_tc_req *r,
			struct vn_err *err)
{
	bool has_kind = r->kind[0] != '\0';
	uint32_t clid = r->parent;
	struct vn_qdisc *q = NULL;

	if (clid) {
		if (clid != TC_H_ROOT) {
			if (clid != TC_H_INGRESS)
				return parent_class(dev, clid, err);
			/* the ingress queue's default qdisc: handle 0 */
			q = NULL;
		} else {
			/* the default qdisc has handle 0: ignored */
			q = dev->qdisc;
		}
		if (!q || !r->handle || q->handle != r->handle) {
			if (r->handle) {
				if (q && !(r->flags & F_REPLACE))
					return vn_err_set(err, -EEXIST,
							  "Error: NLM_F_REPLACE needed to override.");
				q = qdisc_lookup(dev, r->handle);
				if (!q)
					goto create_n_graft;
				if (clid != TC_H_ROOT)
					return vn_err_set(err, -EINVAL,
							  "Error: Cannot move an existing qdisc to a different parent.");
				if (r->flags & F_EXCL)
					return vn_err_set(err, -EEXIST,
							  "Error: Exclusivity flag on, cannot override.");
				if (has_kind && strcmp(r->kind, q->ops->kind))
					return vn_err_set(err, -EINVAL,
							  "Error: Invalid qdisc name: must match existing qdisc.");
				/* grafting the root onto itself */
				return 0;
			}
			if (!q)
				goto create_n_graft;
			if (has_kind && strcmp(r->kind, q->ops->kind)) {
				if ((r->flags & F_CREATE) &&
				    (r->flags & (F_REPLACE | F_EXCL)))
					goto create_n_graft;
				if (!(r->flags &
				      (F_CREATE | F_REPLACE | F_EXCL)))
					goto create_n_graft2;
			}
		}
	} else {
		if (!r->handle)
			return vn_err_set(err, -EINVAL,
					  "Error: Handle cannot be zero.");
		q = qdisc_lookup(dev, r->handle);
	}

	/* Change qdisc parameters */
	if (!q)
		return vn_err_set(err, -ENOENT,
				  "Error: Specified qdisc not found.");
	if (r->flags & F_EXCL)
		return vn_err_set(err, -EEXIST,
				  "Error: Exclusivity flag on, cannot modify.");
	if (has_kind && strcmp(r->kind, q->ops->kind))
		return vn_err_set(err, -EINVAL,
				  "Error: Invalid qdisc name: must match existing qdisc.");
	/* qdisc_change(): no TCA_OPTIONS, nothing to change */
	if (!r->netem)
		return 0;
	return vn_netem_change(q, &r->opts, err);

create_n_graft:
	if (!(r->flags & F_CREATE))
		return vn_err_set(err, -ENOENT,
				  "Error: Qdisc not found. To create specify NLM_F_CREATE flag.");
create_n_graft2:
	return qdisc_create(dev, r, err);
}

/* __tc_get_qdisc() for RTM_DELQDISC */
static int qdisc_delete(struct vn_dev *dev, struct vn_tc_req *r,
			struct vn_err *err)
{
	uint32_t clid = r->parent;
	const char *kind;
	uint32_t handle;

	if (clid) {
		if (clid != TC_H_ROOT) {
			/* netem's class holds no child; no ingress queue */
			if (TC_H_MAJ(clid) != TC_H_MAJ(TC_H_INGRESS) &&
			    !qdisc_lookup(dev, TC_H_MAJ(clid)))
				return vn_err_set(err, -ENOENT,
						  "Error: Failed to find qdisc with specified classid.");
			return vn_err_set(err, -ENOENT,
					  "Error: Cannot find specified qdisc on specified device.");
		}
		kind = root_kind(dev);
		handle = dev->qdisc ? dev->qdisc->handle : 0;
		if (r->handle && handle != r->handle)
			return vn_err_set(err, -EINVAL,
					  "Error: Invalid handle.");
	} else {
		if (!qdisc_lookup(dev, r->handle))
			return vn_err_set(err, -ENOENT,
					  "Error: Failed to find qdisc with specified handle.");
		kind = dev->qdisc->ops->kind;
		handle = dev->qdisc->handle;
	}
	if (r->kind[0] && strcmp(r->kind, kind))
		return vn_err_set(err, -EINVAL,
				  "Error: Invalid qdisc name: must match existing qdisc.");
	if (!clid)
		return vn_err_set(err, -EINVAL,
				  "Error: Classid cannot be zero.");
	if (handle == 0)
		return vn_err_set(err, -ENOENT,
				  "Error: Cannot delete qdisc with handle of zero.");
	vn_dev_set_qdisc(dev, NULL);
	return 0;
}

/* --- tc qdisc add|change|replace|link|delete ------------------------------ */

static int unsupported(struct vn_tc *t, const char *what)
{
	vn_job_eprintf(t->job, "Error: vnet does not support \"%s\" on qdiscs.\n",
		       what);
	return TC_EXIT_KERNEL;
}

static int qdisc_modify_cmd(struct vn_tc *t, struct vn_tc_req *r, int argc,
			    char **argv)
{
	struct vn_dev *dev = NULL;
	uint32_t handle;
	struct vn_err err;
	int rc;

	while (argc > 0) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			if (r->dev[0])
				return duparg(t, "dev", *argv);
			snprintf(r->dev, sizeof(r->dev), "%s", *argv);
		} else if (!strcmp(*argv, "handle")) {
			if (r->handle)
				return duparg(t, "handle", *argv);
			NEXT_ARG();
			if (vn_tc_get_qdisc_handle(&handle, *argv))
				return invarg(t, "invalid qdisc ID", *argv);
			r->handle = handle;
		} else if (!strcmp(*argv, "root")) {
			if (r->parent) {
				vn_job_eprintf(t->job,
					       "Error: \"root\" is duplicate parent ID\n");
				return TC_EXIT_USAGE;
			}
			r->parent = TC_H_ROOT;
		} else if (!strcmp(*argv, "clsact") ||
			   !strcmp(*argv, "ingress")) {
			if (r->parent) {
				vn_job_eprintf(t->job,
					       "Error: \"%s\" is a duplicate parent ID\n",
					       *argv);
				return TC_EXIT_USAGE;
			}
			r->parent = TC_H_INGRESS;
			snprintf(r->kind, sizeof(r->kind), "%s", *argv);
			r->handle = TC_H_MAJ(TC_H_INGRESS);
			argc--;
			argv++;
			break;
		} else if (!strcmp(*argv, "parent")) {
			NEXT_ARG();
			if (r->parent)
				return duparg(t, "parent", *argv);
			if (vn_tc_get_classid(&handle, *argv))
				return invarg(t, "invalid parent ID", *argv);
			r->parent = handle;
		} else if (vn_matches(*argv, "estimator") ||
			   vn_matches(*argv, "stab") ||
			   vn_matches(*argv, "ingress_block") ||
			   vn_matches(*argv, "egress_block")) {
			return unsupported(t, *argv);
		} else if (vn_matches(*argv, "help")) {
			/* tc prints its usage and goes on */
			qdisc_usage(t);
		} else {
			snprintf(r->kind, sizeof(r->kind), "%s", *argv);
			argc--;
			argv++;
			break;
		}
		argc--;
		argv++;
	}

	if (!strcmp(r->kind, "netem")) {
		r->netem = true;
		r->dist = calloc(MAX_DIST, sizeof(*r->dist));
		r->slot_dist = calloc(MAX_DIST, sizeof(*r->slot_dist));
		if (!r->dist || !r->slot_dist) {
			vn_job_eprintf(t->job, "Cannot allocate memory\n");
			return TC_EXIT_FAIL;
		}
		rc = vn_tc_netem_parse(t, argc, argv, r);
		if (rc)
			return rc;
	} else if (r->kind[0] && argc && strcmp(r->kind, "ingress") &&
		   strcmp(r->kind, "clsact")) {
		/* parse_noqopt(): vnet's tc knows only netem */
		vn_job_eprintf(t->job,
			       "Unknown qdisc \"%s\", hence option \"%s\" is unparsable\n",
			       r->kind, *argv);
		return TC_EXIT_FAIL;
	}

	if (r->dev[0]) {
		dev = vn_dev_lookup(&t->ns->devs, r->dev);
		if (!dev) {
			vn_job_eprintf(t->job, "Cannot find device \"%s\"\n",
				       r->dev);
			return TC_EXIT_FAIL;
		}
	}

	vn_err_init(&err);
	if (!dev)
		rc = vn_err_rtnl(&err, -ENODEV);
	else if (r->del)
		rc = qdisc_delete(dev, r, &err);
	else
		rc = qdisc_modify(dev, r, &err);
	if (rc) {
		vn_job_eprintf(t->job, "%s\n", err.msg);
		return TC_EXIT_KERNEL;
	}
	return 0;
}
/* --- tc qdisc show -------------------------------------------------------- */

/* print_nl(): a new line, or "\" with -o. */
static void nl(struct vn_tc *t, struct vn_pr *pr)
{
	if (t->oneline)
		vn_pr_text(pr, "\\");
	else
		vn_pr_nl(pr);
}
/* print_tcstats2_attr() with the " " prefix of print_qdisc(). */
static void print_stats(struct vn_tc *t, struct vn_pr *pr,
			const struct vn_qdisc_stats *st)
{
	char buf[32];

	vn_pr_text(pr, " ");
	vn_pr_uint(pr, PR_ANY, "bytes", "Sent %" PRIu64 " bytes", st->bytes);
	vn_pr_uint(pr, PR_ANY, "packets", " %" PRIu64 " pkt", st->packets);
	vn_pr_uint(pr, PR_ANY, "drops", " (dropped %" PRIu64, st->drops);
	vn_pr_uint(pr, PR_ANY, "overlimits", ", overlimits %" PRIu64,
		   st->overlimits);
	vn_pr_uint(pr, PR_ANY, "requeues", " requeues %" PRIu64 ") ",
		   st->requeues);
	nl(t, pr);
	vn_pr_text(pr, " ");
	vn_tc_sprint_size(buf, sizeof(buf), st->backlog);
	vn_pr_string(pr, PR_TEXT, NULL, "backlog %s", buf);
	vn_pr_uint(pr, PR_JSON, "backlog", NULL, st->backlog);
	vn_pr_uint(pr, PR_ANY, "qlen", " %" PRIu64 "p", st->qlen);
	vn_pr_uint(pr, PR_TEXT, NULL, " requeues %" PRIu64, st->requeues);
}

/* print_qdisc() for @dev's root qdisc. */
static void print_qdisc(struct vn_tc *t, struct vn_pr *pr, struct vn_dev *dev,
			bool filtered)
{
	static const struct vn_qdisc_stats zero;
	const struct vn_qdisc *q = dev->qdisc;
	char buf[32];

	vn_pr_open_object(pr, NULL);
	vn_pr_string(pr, PR_ANY, "kind", "qdisc %s", root_kind(dev));
	snprintf(buf, sizeof(buf), "%x:", (q ? q->handle : 0) >> 16);
	vn_pr_string(pr, PR_ANY, "handle", " %s", buf);
	if (t->raw) {
		snprintf(buf, sizeof(buf), "[%08x]", q ? q->handle : 0);
		vn_pr_string(pr, PR_TEXT, NULL, "%s", buf);
	}
	vn_pr_text(pr, " ");
	if (!filtered) {
		vn_pr_text(pr, "dev ");
		vn_pr_string(pr, PR_ANY, "dev", "%s ", dev->name);
	}
	vn_pr_bool(pr, PR_ANY, "root", "root ", true);
	/* one reference per transmit queue, plus the device's */
	vn_pr_uint(pr, PR_ANY, "refcnt", "refcnt %" PRIu64 " ", 2);
	vn_pr_open_object(pr, "options");
	if (q && vn_qdisc_is_netem(q))
		vn_tc_netem_print(t, pr, q);
	vn_pr_close_object(pr);
	nl(t, pr);
	if (t->stats) {
		/* noqueue never counts: frames bypass it */
		print_stats(t, pr, q ? &q->stats : &zero);
		nl(t, pr);
	}
	vn_pr_close_object(pr);
}

/* tc_qdisc_list() and the kernel's tc_dump_qdisc(). */
static int qdisc_list(struct vn_tc *t, int argc, char **argv)
{
	uint32_t filter_parent = 0, filter_handle = 0, h;
	char name[TC_IFNAMSIZ] = "";
	struct vn_dev *dev, *only = NULL;
	struct vn_pr pr;

	for (; argc > 0; argc--, argv++) {
		bool parent_kw = !strcmp(*argv, "root") ||
				 !strcmp(*argv, "ingress") ||
				 !strcmp(*argv, "clsact") ||
				 vn_matches(*argv, "parent");

		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			snprintf(name, sizeof(name), "%s", *argv);
		} else if (parent_kw || vn_matches(*argv, "handle")) {
			if (filter_parent)
				return invarg(t, "parent is already specified",
					      *argv);
			if (filter_handle)
				return invarg(t, "handle is already specified",
					      *argv);
			if (!strcmp(*argv, "root")) {
				filter_parent = TC_H_ROOT;
			} else if (!strcmp(*argv, "ingress") ||
				   !strcmp(*argv, "clsact")) {
				filter_parent = TC_H_INGRESS;
			} else if (parent_kw) {
				NEXT_ARG();
				if (vn_tc_get_classid(&h, *argv))
					return invarg(t, "invalid parent ID",
						      *argv);
				filter_parent = h;
			} else {
				NEXT_ARG();
				if (vn_tc_get_qdisc_handle(&h, *argv))
					return invarg(t, "invalid handle ID",
						      *argv);
				filter_handle = h;
			}
		} else if (vn_matches(*argv, "help")) {
			qdisc_usage(t);
		} else if (strcmp(*argv, "invisible")) {
			vn_job_eprintf(t->job,
				       "What is \"%s\"? Try \"tc qdisc help\".\n",
				       *argv);
			return TC_EXIT_USAGE;
		}
	}
	if (name[0]) {
		only = vn_dev_lookup(&t->ns->devs, name);
		if (!only) {
			vn_job_eprintf(t->job, "Cannot find device \"%s\"\n",
				       name);
			return TC_EXIT_FAIL;
		}
	}

	vn_pr_init(&pr, t->job, t->json, t->pretty);
	vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	vn_devspace_for_each(dev, &t->ns->devs) {
		uint32_t handle = dev->qdisc ? dev->qdisc->handle : 0;

		if (only && dev != only)
			continue;
		/* noop is built in and never dumped */
		if (!dev->qdisc && !dev->qdisc_noqueue)
			continue;
		if (filter_handle && filter_handle != handle)
			continue;
		if (filter_parent && filter_parent != TC_H_ROOT)
			continue;
		print_qdisc(t, &pr, dev, only != NULL);
	}
	vn_pr_close_array(&pr, PR_JSON, NULL);
	vn_pr_finish(&pr);
	return 0;
}

static int do_qdisc(struct vn_tc *t, int argc, char **argv)
{
	struct vn_tc_req r;
	int rc;

	if (argc < 1)
		return qdisc_list(t, 0, NULL);
	memset(&r, 0, sizeof(r));
	if (vn_matches(*argv, "add")) {
		r.flags = F_EXCL | F_CREATE;
	} else if (vn_matches(*argv, "change")) {
		r.flags = 0;
	} else if (vn_matches(*argv, "replace")) {
		r.flags = F_CREATE | F_REPLACE;
	} else if (vn_matches(*argv, "link")) {
		r.flags = F_REPLACE;
	} else if (vn_matches(*argv, "delete")) {
		r.del = true;
	} else if (vn_matches(*argv, "list") || vn_matches(*argv, "show") ||
		   vn_matches(*argv, "lst")) {
		return qdisc_list(t, argc - 1, argv + 1);
	} else if (vn_matches(*argv, "help")) {
		qdisc_usage(t);
		return 0;
	} else {
		vn_job_eprintf(t->job,
			       "Command \"%s\" is unknown, try \"tc qdisc help\".\n",
			       *argv);
		return TC_EXIT_USAGE;
	}
	rc = qdisc_modify_cmd(t, &r, argc - 1, argv + 1);
	free(r.dist);
	free(r.slot_dist);
	return rc;
}

static int do_cmd(struct vn_tc *t, int argc, char **argv)
{
	static const char *const others[] = { "class", "filter", "chain",
					      "actions", "monitor", "exec" };

	if (vn_matches(*argv, "qdisc"))
		return do_qdisc(t, argc - 1, argv + 1);
	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		if (vn_matches(*argv, others[i])) {
			vn_job_eprintf(t->job,
				       "Object \"%s\" is not supported by vnet, only \"qdisc\".\n",
				       *argv);
			return TC_EXIT_USAGE;
		}
	}
	if (vn_matches(*argv, "help")) {
		usage(t);
		return 0;
	}
	vn_job_eprintf(t->job, "Object \"%s\" is unknown, try \"tc help\".\n",
		       *argv);
	return TC_EXIT_USAGE;
}

int vn_cmd_tc(struct vn_job *job, int argc, char **argv)
{
	struct vn_tc t = { .job = job, .ns = vn_job_netns(job) };
	const char *opt;

	for (; argc > 1 && argv[1][0] == '-'; argc--, argv++) {
		opt = argv[1];
		if (vn_matches(opt, "-stats") || vn_matches(opt, "-statistics")) {
			t.stats++;
		} else if (vn_matches(opt, "-details")) {
			t.details++;
		} else if (vn_matches(opt, "-raw")) {
			t.raw++;
		} else if (vn_matches(opt, "-pretty")) {
			t.pretty = true;
		} else if (vn_matches(opt, "-graph")) {
			/* classes only: nothing to draw */
		} else if (vn_matches(opt, "-Version")) {
			vn_job_printf(job, "tc utility, iproute2-6.1.0 (vnet)\n");
			return 0;
		} else if (vn_matches(opt, "-iec")) {
			t.iec = true;
		} else if (vn_matches(opt, "-help")) {
			usage(&t);
			return 0;
		} else if (vn_matches(opt, "-force")) {
			/* batch mode only */
		} else if (vn_matches(opt, "-batch")) {
			vn_job_eprintf(job,
				       "vnet: tc -batch is not supported; put the commands in a vnet script\n");
			return TC_EXIT_USAGE;
		} else if (vn_matches(opt, "-netns")) {
			struct vn_netns *ns;

			if (argc <= 2) {
				vn_job_eprintf(job,
					       "Command line is not complete. Try option \"help\"\n");
				return TC_EXIT_USAGE;
			}
			argc--;
			argv++;
			ns = vn_engine_netns(vn_job_engine(job), argv[1]);
			if (!ns || !argv[1][0]) {
				vn_job_eprintf(job,
					       "Cannot open network namespace \"%s\": No such file or directory\n",
					       argv[1]);
				return TC_EXIT_USAGE;
			}
			t.ns = ns;
			vn_job_set_netns(job, ns);
		} else if (vn_matches(opt, "-Numeric") ||
			   vn_matches(opt, "-names") || !strcmp(opt, "-nm")) {
			/* no class names in vnet */
		} else if (vn_matches(opt, "-cf") || vn_matches(opt, "-conf")) {
			if (argc <= 2) {
				vn_job_eprintf(job,
					       "Command line is not complete. Try option \"help\"\n");
				return TC_EXIT_USAGE;
			}
			argc--;
			argv++;
		} else if (vn_matches(opt, "-color") ||
			   !strncmp(opt, "-color=", 7)) {
			/* vnet never colours */
		} else if (vn_matches(opt, "-timestamp") ||
			   vn_matches(opt, "-tshort")) {
			/* monitor only */
		} else if (vn_matches(opt, "-json")) {
			t.json = true;
		} else if (vn_matches(opt, "-oneline")) {
			t.oneline = true;
		} else if (vn_matches(opt, "-brief")) {
			/* no brief form for qdiscs */
		} else {
			vn_job_eprintf(job,
				       "Option \"%s\" is unknown, try \"tc -help\".\n",
				       opt);
			return TC_EXIT_USAGE;
		}
	}
	if (argc <= 1) {
		usage(&t);
		return 0;
	}
	return do_cmd(&t, argc - 1, argv + 1);
}
