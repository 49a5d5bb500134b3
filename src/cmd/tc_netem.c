// SPDX-License-Identifier: MIT
/*
 * cmd/tc_netem.c - netem's options for `tc` (iproute2 6.1's q_netem.c):
 * parsed into the request netem takes (dev/netem.h: tc_netem_qopt and its
 * attributes, in the kernel's units) and printed back from what
 * netem_dump() reports, in text and JSON.
 *
 * Parsing keeps tc 6.1's quirks, since they decide what the kernel gets:
 * times go through whole microseconds into 64 ns ticks; a duplicate
 * correlation alone is never sent (TCA_NETEM_CORR is marked present only
 * by the other correlations); reorder without gap sends gap 1.  Tables
 * for `distribution` are computed for normal, pareto and paretonormal
 * (dev/netem.c) and read from $TC_LIB_DIR for other names; `uniform`
 * means netem's own jitter (vnet; tc 6.1 has no uniform.dist).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/tc_priv.h"

static void netem_explain(struct vn_tc *t)
{
	vn_job_eprintf(t->job,
		       "Usage: ... netem [ limit PACKETS ]\n"
		       "                 [ delay TIME [ JITTER [CORRELATION]]]\n"
		       "                 [ distribution {uniform|normal|pareto|paretonormal} ]\n"
		       "                 [ corrupt PERCENT [CORRELATION]]\n"
		       "                 [ duplicate PERCENT [CORRELATION]]\n"
		       "                 [ loss random PERCENT [CORRELATION]]\n"
		       "                 [ loss state P13 [P31 [P32 [P23 P14]]]\n"
		       "                 [ loss gemodel PERCENT [R [1-H [1-K]]]\n"
		       "                 [ ecn ]\n"
		       "                 [ reorder PERCENT [CORRELATION] [ gap DISTANCE ]]\n"
		       "                 [ rate RATE [PACKETOVERHEAD] [CELLSIZE] [CELLOVERHEAD]]\n"
		       "                 [ slot MIN_DELAY [MAX_DELAY] [packets MAX_PACKETS] [bytes MAX_BYTES]]\n"
		       "                 [ slot distribution {uniform|normal|pareto|paretonormal|custom}\n"
		       "                   DELAY JITTER [packets MAX_PACKETS] [bytes MAX_BYTES]]\n");
}
/* explain1() */
static int illegal(struct vn_tc *t, const char *what)
{
	vn_job_eprintf(t->job, "Illegal \"%s\"\n", what);
	return TC_EXIT_FAIL;
}
/* q_netem.c's get_ticks(): microseconds to psched ticks, with its check. */
static int get_ticks(struct vn_tc *t, uint32_t *ticks, const char *str)
{
	uint32_t us;

	if (vn_tc_get_time(&us, str))
		return -1;
	/* tc_core_time2big() */
	if ((int64_t)((double)us * TICK_IN_USEC) >> 32) {
		vn_job_eprintf(t->job, "Illegal %u time (too large)\n", us);
		return -1;
	}
	*ticks = (uint32_t)vn_tc_to_u64((double)us * TICK_IN_USEC);
	return 0;
}

/* NEXT_IS_NUMBER() and NEXT_IS_SIGNED_NUMBER() */
static bool next_is_number(int argc, char **argv)
{
	return argc - 1 > 0 && isdigit((unsigned char)argv[1][0]);
}

static bool next_is_signed_number(int argc, char **argv)
{
	return argc - 1 > 0 && (isdigit((unsigned char)argv[1][0]) ||
				argv[1][0] == '-');
}

/*
 * Where tc looks for NAME.dist (get_tc_lib()): $TC_LIB_DIR, else
 * iproute2's default.
 */
static const char *tc_lib(void)
{
	const char *dir = getenv("TC_LIB_DIR");

	return dir && *dir ? dir : "/usr/lib/tc";
}

/*
 * get_distribution(): normal, pareto and paretonormal are computed (the
 * values iproute2's generators put into the .dist files); another name is
 * read from TC_LIB_DIR/NAME.dist, as tc reads every table.
 * Return: the number of entries, or -1 after a message.
 */
static int get_distribution(struct vn_tc *t, const char *type, int16_t *data,
			    int maxdata)
{
	char name[128], *line = NULL;
	size_t cap = 0;
	FILE *f;
	int n = vn_netem_dist_make(type, data, (uint32_t)maxdata);

	if (n != -ENOENT)
		return n;
	snprintf(name, sizeof(name), "%s/%s.dist", tc_lib(), type);
	f = fopen(name, "r");
	if (!f) {
		vn_job_eprintf(t->job, "No distribution data for %s (%s: %s)\n",
			       type, name, strerror(errno));
		return -1;
	}
	n = 0;
	while (getline(&line, &cap, f) != -1) {
		char *p, *end;

		if (*line == '\n' || *line == '#')
			continue;
		for (p = line;; p = end) {
			long x = strtol(p, &end, 0);

			if (end == p)
				break;
			if (n >= maxdata) {
				vn_job_eprintf(t->job, "%s: too much data\n",
					       name);
				n = -1;
				goto out;
			}
			data[n++] = (int16_t)x;
		}
	}
out:
	free(line);
	fclose(f);
	return n;
}

/*
 * get_percent_rate64(): a percentage of the device's speed, which Linux
 * reads from /sys/class/net/DEV/speed: 10000 Mbit/s for a veth, -1 (unknown)
 * for a bridge; lo and a device that is down have none.
 */
static int get_percent_rate64(struct vn_tc *t, uint64_t *rate, const char *str,
			      const char *devname)
{
	char path[64], r_str[20];
	struct vn_dev *dev;
	long dev_mbit;
	double perc;
	int n;

	if (!devname[0]) {
		vn_job_eprintf(t->job,
			       "No device specified; specify device to rate limit by percentage\n");
		return -1;
	}
	snprintf(path, sizeof(path), "/sys/class/net/%s/speed", devname);
	dev = vn_dev_lookup(&t->ns->devs, devname);
	if (!dev) {
		vn_job_eprintf(t->job, "fopen %s: %s\n", path,
			       strerror(ENOENT));
		return -1;
	}
	if (!vn_dev_is_up(dev) || !dev->ops->kind ||
	    (strcmp(dev->ops->kind, "veth") && strcmp(dev->ops->kind, "bridge"))) {
		vn_job_eprintf(t->job,
			       "property \"speed\" in file %s is currently unknown\n"
			       "Failed to parse %s\n", path, path);
		return -1;
	}
	dev_mbit = strcmp(dev->ops->kind, "veth") ? -1 : 10000;
	if (vn_tc_parse_percent(&perc, str))
		return -1;
	n = snprintf(r_str, sizeof(r_str), "%f", perc * dev_mbit * 1000 * 1000);
	if (n <= 0 || n >= (int)sizeof(r_str))
		return -1;
	return vn_tc_get_rate64(rate, r_str);
}

/* The loss models' arguments after "state" or "gemodel". */
static int parse_loss_model(struct vn_tc *t, int *pargc, char ***pargv,
			    struct vn_netem_msg *m, bool gi)
{
	static const char *const gi_names[] = { "loss p31", "loss p32",
						"loss p23", "loss p14" };
	static const char *const ge_names[] = { "loss gemodel r",
						"loss gemodel h",
						"loss gemodel k" };
	int argc = *pargc;
	char **argv = *pargv;
	uint32_t *gi_slots[] = { &m->gi.p31, &m->gi.p32, &m->gi.p23,
				 &m->gi.p14 };
	uint32_t *ge_slots[] = { &m->ge.r, &m->ge.h, &m->ge.k1 };
	size_t n = gi ? ARRAY_SIZE(gi_slots) : ARRAY_SIZE(ge_slots);
	double p;

	NEXT_ARG();
	if (vn_tc_parse_percent(&p, *argv))
		return illegal(t, gi ? "loss p13" : "loss gemodel p");
	if (gi) {
		/* defaults */
		m->gi.p13 = vn_tc_scale_percent(p);
		m->gi.p31 = vn_tc_scale_percent(1. - p);
		m->gi.p32 = vn_tc_scale_percent(0);
		m->gi.p23 = vn_tc_scale_percent(1.);
		m->gi.p14 = vn_tc_scale_percent(0);
		m->loss_model = VN_NETEM_LOSS_GI;
	} else {
		m->ge.p = vn_tc_scale_percent(p);
		m->ge.r = vn_tc_scale_percent(1. - p);
		m->ge.h = vn_tc_scale_percent(0);
		m->ge.k1 = vn_tc_scale_percent(0);
		m->loss_model = VN_NETEM_LOSS_GE;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t *slot = gi ? gi_slots[i] : ge_slots[i];

		if (!next_is_number(argc, argv))
			break;
		NEXT_ARG();
		if (vn_tc_get_percent(slot, *argv))
			return illegal(t, gi ? gi_names[i] : ge_names[i]);
		/* netem's option is 1-h, the kernel wants h */
		if (!gi && slot == &m->ge.h)
			m->ge.h = UINT32_MAX - m->ge.h;
	}
	*pargc = argc;
	*pargv = argv;
	return 0;
}

/* The options after "slot". */
static int parse_slot(struct vn_tc *t, int *pargc, char ***pargv,
		      struct vn_tc_req *r, bool *present)
{
	struct vn_netem_msg *m = &r->opts;
	int argc = *pargc;
	char **argv = *pargv;
	uint32_t max_bytes;
	int n;

	if (next_is_number(argc, argv)) {
		NEXT_ARG();
		*present = true;
		if (vn_tc_get_time64(&m->slot.min_delay, *argv))
			return illegal(t, "slot min_delay");
		if (next_is_number(argc, argv)) {
			NEXT_ARG();
			if (vn_tc_get_time64(&m->slot.max_delay, *argv) ||
			    m->slot.max_delay < m->slot.min_delay)
				return illegal(t, "slot max_delay");
		} else {
			m->slot.max_delay = m->slot.min_delay;
		}
	} else {
		NEXT_ARG();
		if (strcmp(*argv, "distribution")) {
			vn_job_eprintf(t->job, "Unknown slot parameter: %s\n",
				       *argv);
			return TC_EXIT_FAIL;
		}
		*present = true;
		NEXT_ARG();
		n = get_distribution(t, *argv, r->slot_dist, MAX_DIST);
		if (n <= 0)
			return TC_EXIT_FAIL;
		m->slot_dist = r->slot_dist;
		m->slot_dist_len = (uint32_t)n;
		NEXT_ARG();
		if (vn_tc_get_time64(&m->slot.dist_delay, *argv))
			return illegal(t, "slot delay");
		NEXT_ARG();
		if (vn_tc_get_time64(&m->slot.dist_jitter, *argv))
			return illegal(t, "slot jitter");
		if (m->slot.dist_jitter <= 0) {
			vn_job_eprintf(t->job, "Non-positive jitter\n");
			return TC_EXIT_FAIL;
		}
	}
	if (NEXT_ARG_OK() && vn_matches(argv[1], "packets")) {
		NEXT_ARG();
		if (!NEXT_ARG_OK() ||
		    vn_tc_get_s32(&m->slot.max_packets, argv[1]))
			return illegal(t, "slot packets");
		NEXT_ARG();
	}
	if (NEXT_ARG_OK() && vn_matches(argv[1], "bytes")) {
		NEXT_ARG();
		if (!NEXT_ARG_OK() || vn_tc_get_size(&max_bytes, argv[1]))
			return illegal(t, "slot bytes");
		m->slot.max_bytes = (int32_t)max_bytes;
		NEXT_ARG();
	}
	*pargc = argc;
	*pargv = argv;
	return 0;
}

/*
 * vn_tc_netem_parse(): the options after "netem", into r->opts.  Return: 0,
 * or tc's exit status after its message.
 */
int vn_tc_netem_parse(struct vn_tc *t, int argc, char **argv,
		      struct vn_tc_req *r)
{
	struct vn_netem_msg *m = &r->opts;
	bool corr = false, slot = false, ecn = false, dist = false;
	bool uniform = false;
	uint64_t rate64 = 0;
	int rc, n;

	memset(m, 0, sizeof(*m));
	m->limit = 1000;
	for (; argc > 0; --argc, ++argv) {
		if (vn_matches(*argv, "limit")) {
			NEXT_ARG();
			if (vn_tc_get_size(&m->limit, *argv))
				return illegal(t, "limit");
		} else if (vn_matches(*argv, "latency") ||
			   vn_matches(*argv, "delay")) {
			NEXT_ARG();
			if (get_ticks(t, &m->latency, *argv))
				return illegal(t, "latency");
			if (next_is_number(argc, argv)) {
				NEXT_ARG();
				if (get_ticks(t, &m->jitter, *argv))
					return illegal(t, "latency");
				if (next_is_number(argc, argv)) {
					NEXT_ARG();
					corr = true;
					if (vn_tc_get_percent(&m->corr.delay,
							      *argv))
						return illegal(t, "latency");
				}
			}
		} else if (vn_matches(*argv, "loss") ||
			   vn_matches(*argv, "drop")) {
			if (m->loss > 0 ||
			    m->loss_model != VN_NETEM_LOSS_RANDOM)
				return illegal(t, "duplicate loss argument\n");
			NEXT_ARG();
			/* The old syntax has no "random". */
			if (!isdigit((unsigned char)argv[0][0])) {
				if (!strcmp(*argv, "state") ||
				    !strcmp(*argv, "gemodel")) {
					bool gi = !strcmp(*argv, "state");

					rc = parse_loss_model(t, &argc, &argv,
							      m, gi);
					if (rc)
						return rc;
					continue;
				}
				if (strcmp(*argv, "random")) {
					vn_job_eprintf(t->job,
						       "Unknown loss parameter: %s\n",
						       *argv);
					return TC_EXIT_FAIL;
				}
				NEXT_ARG();
			}
			if (vn_tc_get_percent(&m->loss, *argv))
				return illegal(t, "loss percent");
			if (next_is_number(argc, argv)) {
				NEXT_ARG();
				corr = true;
				if (vn_tc_get_percent(&m->corr.loss, *argv))
					return illegal(t, "loss correllation");
			}
		} else if (vn_matches(*argv, "ecn")) {
			ecn = true;
		} else if (vn_matches(*argv, "reorder")) {
			NEXT_ARG();
			m->has_reorder = true;
			if (vn_tc_get_percent(&m->reorder.probability, *argv))
				return illegal(t, "reorder");
			if (next_is_number(argc, argv)) {
				NEXT_ARG();
				corr = true;
				if (vn_tc_get_percent(&m->reorder.correlation,
						      *argv))
					return illegal(t, "reorder");
			}
		} else if (vn_matches(*argv, "corrupt")) {
			NEXT_ARG();
			m->has_corrupt = true;
			if (vn_tc_get_percent(&m->corrupt.probability, *argv))
				return illegal(t, "corrupt");
			if (next_is_number(argc, argv)) {
				NEXT_ARG();
				corr = true;
				if (vn_tc_get_percent(&m->corrupt.correlation,
						      *argv))
					return illegal(t, "corrupt");
			}
		} else if (vn_matches(*argv, "gap")) {
			NEXT_ARG();
			if (vn_tc_get_u32(&m->gap, *argv))
				return illegal(t, "gap");
		} else if (vn_matches(*argv, "duplicate")) {
			NEXT_ARG();
			if (vn_tc_get_percent(&m->duplicate, *argv))
				return illegal(t, "duplicate");
			/*
			 * tc 6.1 does not mark TCA_NETEM_CORR present for
			 * this one: it is sent only with another correlation.
			 */
			if (next_is_number(argc, argv)) {
				NEXT_ARG();
				if (vn_tc_get_percent(&m->corr.dup, *argv))
					return illegal(t, "duplicate");
			}
		} else if (vn_matches(*argv, "distribution")) {
			NEXT_ARG();
			/* vnet: uniform is netem's own jitter, no table */
			if (!strcmp(*argv, "uniform")) {
				uniform = true;
				dist = false;
				m->dist = NULL;
				m->dist_len = 0;
				continue;
			}
			n = get_distribution(t, *argv, r->dist, MAX_DIST);
			if (n <= 0)
				return TC_EXIT_FAIL;
			dist = true;
			m->dist = r->dist;
			m->dist_len = (uint32_t)n;
			uniform = false;
		} else if (vn_matches(*argv, "rate")) {
			m->has_rate = true;
			NEXT_ARG();
			if (strchr(*argv, '%')) {
				if (get_percent_rate64(t, &rate64, *argv,
						       r->dev))
					return illegal(t, "rate");
			} else if (vn_tc_get_rate64(&rate64, *argv)) {
				return illegal(t, "rate");
			}
			if (next_is_signed_number(argc, argv)) {
				NEXT_ARG();
				if (vn_tc_get_s32(&m->rate.packet_overhead,
						  *argv))
					return illegal(t, "rate");
			}
			if (next_is_number(argc, argv)) {
				NEXT_ARG();
				if (vn_tc_get_u32(&m->rate.cell_size, *argv))
					return illegal(t, "rate");
			}
			if (next_is_signed_number(argc, argv)) {
				NEXT_ARG();
				if (vn_tc_get_s32(&m->rate.cell_overhead,
						  *argv))
					return illegal(t, "rate");
			}
		} else if (vn_matches(*argv, "slot")) {
			rc = parse_slot(t, &argc, &argv, r, &slot);
			if (rc)
				return rc;
		} else if (!strcmp(*argv, "help")) {
			netem_explain(t);
			return TC_EXIT_FAIL;
		} else {
			vn_job_eprintf(t->job, "What is \"%s\"?\n", *argv);
			netem_explain(t);
			return TC_EXIT_FAIL;
		}
	}

	if (m->reorder.probability) {
		if (m->latency == 0) {
			vn_job_eprintf(t->job,
				       "reordering not possible without specifying some delay\n");
			netem_explain(t);
			return TC_EXIT_FAIL;
		}
		if (m->gap == 0)
			m->gap = 1;
	} else if (m->gap > 0) {
		vn_job_eprintf(t->job,
			       "gap specified without reorder probability\n");
		netem_explain(t);
		return TC_EXIT_FAIL;
	}
	if (ecn && m->loss == 0 && m->loss_model == VN_NETEM_LOSS_RANDOM) {
		vn_job_eprintf(t->job, "ecn requested without loss model\n");
		netem_explain(t);
		return TC_EXIT_FAIL;
	}
	if ((dist || uniform) && (m->latency == 0 || m->jitter == 0)) {
		vn_job_eprintf(t->job,
			       "distribution specified but no latency and jitter values\n");
		netem_explain(t);
		return TC_EXIT_FAIL;
	}
	m->has_corr = corr;
	m->has_ecn = ecn;
	m->ecn = ecn ? 1 : 0;
	m->has_slot = slot;
	m->dist_clear = uniform;
	/* The kernel keeps the larger of RATE and RATE64 (~0 then). */
	m->rate.rate = rate64;
	return 0;
}

/* --- printing ------------------------------------------------------------- */

/* __print_percent(): points as text, a fraction in JSON. */
static void print_percent(struct vn_pr *pr, const char *key,
			  const char *text, uint32_t per)
{
	vn_pr_float(pr, PR_TEXT, NULL, text, (100. * per) / UINT32_MAX);
	vn_pr_float(pr, PR_JSON, key, NULL, (1. * per) / UINT32_MAX);
}

/* print_corr() */
static void print_corr(struct vn_pr *pr, bool present, uint32_t value)
{
	if (!pr->json) {
		if (present)
			print_percent(pr, NULL, " %g%%", value);
	} else {
		print_percent(pr, "correlation", NULL, value);
	}
}

/* __print_int_opt(): text only when not zero, JSON always. */
static void print_int_opt(struct vn_pr *pr, const char *key,
			  const char *text, int32_t value)
{
	vn_pr_int(pr, PR_JSON, key, NULL, value);
	if (value)
		vn_pr_int(pr, PR_TEXT, NULL, text, value);
}

/* __print_time64() */
static void print_time64(struct vn_pr *pr, const char *key, const char *text,
			 int64_t value)
{
	char buf[64];

	vn_tc_sprint_time64(buf, sizeof(buf), value);
	vn_pr_string(pr, PR_TEXT, NULL, text, buf);
	vn_pr_float(pr, PR_JSON, key, NULL, (double)value / 1000000000.);
}
/* netem_print_opt() of tc 6.1, from netem_dump()'s attributes. */
void vn_tc_netem_print(struct vn_tc *t, struct vn_pr *pr,
		       const struct vn_qdisc *q)
{
	struct vn_netem_info in;
	uint32_t latency, jitter;
	char buf[64];

	vn_netem_get(q, &in);
	/* PSCHED_NS2TICKS(), capped at UINT_MAX, in tc_netem_qopt */
	latency = (uint32_t)VN_MIN((uint64_t)in.latency / VN_NETEM_TICK_NS,
				   (uint64_t)UINT32_MAX);
	jitter = (uint32_t)VN_MIN((uint64_t)in.jitter / VN_NETEM_TICK_NS,
				  (uint64_t)UINT32_MAX);

	vn_pr_uint(pr, PR_JSON, "limit", NULL, in.limit);
	vn_pr_int(pr, PR_TEXT, NULL, "limit %" PRId64, (int32_t)in.limit);
	if (latency) {
		vn_pr_open_object(pr, "delay");
		if (!pr->json) {
			vn_tc_sprint_ticks(buf, sizeof(buf), latency);
			vn_pr_string(pr, PR_TEXT, NULL, " delay %s", buf);
			if (jitter) {
				vn_tc_sprint_ticks(buf, sizeof(buf), jitter);
				vn_pr_string(pr, PR_TEXT, NULL, "  %s", buf);
			}
		} else {
			vn_pr_float(pr, PR_JSON, "delay", NULL,
				    vn_tc_tick2time(latency) / 1000000.);
			vn_pr_float(pr, PR_JSON, "jitter", NULL,
				    vn_tc_tick2time(jitter) / 1000000.);
		}
		print_corr(pr, jitter && in.corr.delay, in.corr.delay);
		vn_pr_close_object(pr);
	}
	if (in.loss) {
		vn_pr_open_object(pr, "loss-random");
		print_percent(pr, "loss", " loss %g%%", in.loss);
		print_corr(pr, in.corr.loss, in.corr.loss);
		vn_pr_close_object(pr);
	}
	switch (in.loss_model) {
	case VN_NETEM_LOSS_RANDOM:
		break;
	case VN_NETEM_LOSS_GI:
		vn_pr_open_object(pr, "loss-state");
		print_percent(pr, "p13", " loss state p13 %g%%", in.gi.p13);
		print_percent(pr, "p31", " p31 %g%%", in.gi.p31);
		print_percent(pr, "p32", " p32 %g%%", in.gi.p32);
		print_percent(pr, "p23", " p23 %g%%", in.gi.p23);
		print_percent(pr, "p14", " p14 %g%%", in.gi.p14);
		vn_pr_close_object(pr);
		break;
	case VN_NETEM_LOSS_GE:
		vn_pr_open_object(pr, "loss-gemodel");
		print_percent(pr, "p", " loss gemodel p %g%%", in.ge.p);
		print_percent(pr, "r", " r %g%%", in.ge.r);
		print_percent(pr, "1-h", " 1-h %g%%", UINT32_MAX - in.ge.h);
		print_percent(pr, "1-k", " 1-k %g%%", in.ge.k1);
		vn_pr_close_object(pr);
		break;
	}
	if (in.duplicate) {
		vn_pr_open_object(pr, "duplicate");
		print_percent(pr, "duplicate", " duplicate %g%%", in.duplicate);
		print_corr(pr, in.corr.dup, in.corr.dup);
		vn_pr_close_object(pr);
	}
	if (in.reorder.probability) {
		vn_pr_open_object(pr, "reorder");
		print_percent(pr, "reorder", " reorder %g%%",
			      in.reorder.probability);
		print_corr(pr, in.reorder.correlation, in.reorder.correlation);
		vn_pr_close_object(pr);
	}
	if (in.corrupt.probability) {
		vn_pr_open_object(pr, "corrupt");
		print_percent(pr, "corrupt", " corrupt %g%%",
			      in.corrupt.probability);
		print_corr(pr, in.corrupt.correlation, in.corrupt.correlation);
		vn_pr_close_object(pr);
	}
	if (in.rate.rate) {
		vn_pr_open_object(pr, "rate");
		vn_tc_print_rate(t, pr, "rate", " rate %s", in.rate.rate);
		print_int_opt(pr, "packetoverhead", " packetoverhead %" PRId64,
			      in.rate.packet_overhead);
		vn_pr_uint(pr, PR_JSON, "cellsize", NULL, in.rate.cell_size);
		if (in.rate.cell_size)
			vn_pr_uint(pr, PR_TEXT, NULL, " cellsize %" PRIu64,
				   in.rate.cell_size);
		print_int_opt(pr, "celloverhead", " celloverhead %" PRId64,
			      in.rate.cell_overhead);
		vn_pr_close_object(pr);
	}
	if (in.has_slot) {
		vn_pr_open_object(pr, "slot");
		if (in.slot.dist_jitter > 0) {
			print_time64(pr, "distribution", " slot distribution %s",
				     in.slot.dist_delay);
			print_time64(pr, "jitter", " %s", in.slot.dist_jitter);
		} else {
			print_time64(pr, "min-delay", " slot %s",
				     in.slot.min_delay);
			print_time64(pr, "max-delay", " %s", in.slot.max_delay);
		}
		print_int_opt(pr, "packets", " packets %" PRId64,
			      in.slot.max_packets);
		print_int_opt(pr, "bytes", " bytes %" PRId64, in.slot.max_bytes);
		vn_pr_close_object(pr);
	}
	vn_pr_bool(pr, PR_ANY, "ecn", in.ecn ? " ecn " : "", in.ecn != 0);
	vn_pr_uint(pr, PR_ANY, "gap", in.gap ? " gap %" PRIu64 : "", in.gap);
}
