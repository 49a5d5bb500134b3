// SPDX-License-Identifier: MIT
/*
 * cmd/sysctl.c - procps-ng 4.0.2's sysctl over the namespace's /proc/sys/net
 * as vnet has it.
 *
 * The keys are the ones whose behaviour vnet implements, each written and
 * read as the kernel's handler does (proc_dointvec() and its _minmax,
 * _jiffies, _ms_jiffies, _userhz_jiffies, u8 and ulong forms: C numbers,
 * ranges, -EINVAL otherwise), and wired to the stack:
 *
 *   net.ipv4.ip_forward             = conf.all.forwarding; a change sets
 *                                     every device and "default" and flips
 *                                     all.accept_redirects (inet_forward_change())
 *   net.ipv4.conf.{all,default,DEV}.{forwarding,accept_redirects,
 *       send_redirects,arp_ignore,arp_announce,arp_accept,rp_filter}
 *                                     a "default" write reaches devices that
 *                                     neither set the key nor have an address
 *                                     (devinet_copy_dflt_conf(); Linux marks a
 *                                     device's keys set when it gets an address)
 *   net.ipv4.ip_default_ttl, icmp_ratelimit, icmp_msgs_per_sec,
 *       icmp_msgs_burst, icmp_echo_ignore_all, icmp_echo_ignore_broadcasts,
 *       ipfrag_time, ipfrag_high_thresh, ipfrag_low_thresh
 *   net.ipv4.neigh.{default,DEV}.{base_reachable_time_ms,retrans_time_ms,
 *       delay_first_probe_time,gc_stale_time,ucast_solicit,mcast_solicit,
 *       app_solicit,mcast_resolicit,unres_qlen,locktime}
 *   net.ipv4.neigh.default.gc_thresh{1,2,3}
 *   net.core.netdev_max_backlog       root namespace only, engine-wide
 *   net.core.somaxconn, net.ipv4.tcp_* (tcp_keys[])
 *                                     per namespace, in inet/tcp_sysctl.c;
 *                                     tcp_rmem/tcp_wmem are three values
 *                                     (written one by one, as
 *                                     proc_dointvec_minmax stores each
 *                                     value before checking the next);
 *                                     tcp_congestion_control a name
 *
 * Listing (-a, a directory, -r) is sorted by path component, as /proc/sys
 * reads.  Exit status as procps: failed writes give 1, failed reads add 1
 * each.  Times are kept exactly (Linux rounds them to its HZ).  Linux has
 * net.ipv4.neigh.default only in the initial namespace and one ARP table
 * for all of them; vnet has a table, with its defaults, per namespace.
 * Not supported: -p/-f/--system (files), the deprecated keys.
 */
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "engine.h"
#include "inet/tcp.h"

#define HZ_ASSUMED 250		/* bounds of the jiffies conversions */

/* How a value is written and read (the proc handler). */
enum sc_fmt {
	SC_INT,			/* proc_dointvec */
	SC_MINMAX,		/* proc_dointvec_minmax */
	SC_U8,			/* proc_dou8vec_minmax */
	SC_ULONG,		/* proc_doulongvec_minmax */
	SC_SECS,		/* proc_dointvec_jiffies: seconds */
	SC_MS,			/* proc_dointvec_ms_jiffies: milliseconds */
	SC_CS,			/* proc_dointvec_userhz_jiffies: 1/100 s */
	SC_VEC3,		/* proc_dointvec_minmax on three ints */
	SC_STRING,		/* proc_dostring */
	SC_STRING_RO,		/* proc_dostring, mode 0444 */
};

/* Where a value lives. */
enum sc_where {
	W_IP_FORWARD,
	W_CONF,
	W_DEFAULT_TTL,
	W_ICMP_RATELIMIT,
	W_ICMP_MSGS_PER_SEC,
	W_ICMP_MSGS_BURST,
	W_ECHO_IGNORE_ALL,
	W_ECHO_IGNORE_BCAST,
	W_FRAG_TIME,
	W_FRAG_HIGH,
	W_FRAG_LOW,
	W_NEIGH,
	W_GC_THRESH,
	W_BACKLOG,
	W_TCP,
	W_TCP_CONG,
	W_TCP_CONG_AVAIL,
};

/* net.ipv4.conf.* keys, in struct vn_in_conf. */
static const struct {
	const char *name;
	size_t off;
} conf_keys[] = {
	{ "accept_redirects", offsetof(struct vn_in_conf, accept_redirects) },
	{ "arp_accept", offsetof(struct vn_in_conf, arp_accept) },
	{ "arp_announce", offsetof(struct vn_in_conf, arp_announce) },
	{ "arp_ignore", offsetof(struct vn_in_conf, arp_ignore) },
	{ "forwarding", offsetof(struct vn_in_conf, forwarding) },
	{ "rp_filter", offsetof(struct vn_in_conf, rp_filter) },
	{ "send_redirects", offsetof(struct vn_in_conf, send_redirects) },
};

/* net.ipv4.neigh.* keys. */
static const struct {
	const char *name;
	enum vn_neigh_var var;
	enum sc_fmt fmt;
	int64_t min, max;
} neigh_keys[] = {
	{ "app_solicit", VN_NEIGH_VAR_APP_PROBES, SC_MINMAX, 0, INT_MAX },
	{ "base_reachable_time_ms", VN_NEIGH_VAR_BASE_REACHABLE_TIME, SC_MS,
	  0, 0 },
	{ "delay_first_probe_time", VN_NEIGH_VAR_DELAY_PROBE_TIME, SC_SECS, 0,
	  0 },
	{ "gc_stale_time", VN_NEIGH_VAR_GC_STALE_TIME, SC_SECS, 0, 0 },
	{ "locktime", VN_NEIGH_VAR_LOCKTIME, SC_CS, 0, 0 },
	{ "mcast_resolicit", VN_NEIGH_VAR_MCAST_REPROBES, SC_MINMAX, 0,
	  INT_MAX },
	{ "mcast_solicit", VN_NEIGH_VAR_MCAST_PROBES, SC_MINMAX, 0, INT_MAX },
	{ "retrans_time_ms", VN_NEIGH_VAR_RETRANS_TIME, SC_MS, 0, 0 },
	{ "ucast_solicit", VN_NEIGH_VAR_UCAST_PROBES, SC_MINMAX, 0, INT_MAX },
	/* INT_MAX / SKB_TRUESIZE(ETH_FRAME_LEN), as Linux bounds it. */
	{ "unres_qlen", VN_NEIGH_VAR_UNRES_QLEN, SC_MINMAX, 0, INT_MAX / 2112 },
};

/*
 * The TCP keys, with their proc handlers in Linux 6.18
 * (net/ipv4/sysctl_net_ipv4.c, net/core/sysctl_net_core.c).
 */
static const struct {
	const char *path;
	enum vn_tcp_var var;
	enum sc_fmt fmt;
	int64_t min, max;
} tcp_keys[] = {
	{ "net/core/somaxconn", VN_TCP_VAR_SOMAXCONN, SC_MINMAX, 0, INT_MAX },
	{ "net/ipv4/tcp_abort_on_overflow", VN_TCP_VAR_ABORT_ON_OVERFLOW,
	  SC_U8, 0, 255 },
	{ "net/ipv4/tcp_challenge_ack_limit", VN_TCP_VAR_CHALLENGE_ACK_LIMIT,
	  SC_INT, INT_MIN, INT_MAX },
	{ "net/ipv4/tcp_dsack", VN_TCP_VAR_DSACK, SC_U8, 0, 255 },
	{ "net/ipv4/tcp_fin_timeout", VN_TCP_VAR_FIN_TIMEOUT, SC_SECS, 0, 0 },
	{ "net/ipv4/tcp_invalid_ratelimit", VN_TCP_VAR_INVALID_RATELIMIT, SC_MS,
	  0, 0 },
	{ "net/ipv4/tcp_keepalive_intvl", VN_TCP_VAR_KEEPALIVE_INTVL, SC_SECS,
	  0, 0 },
	{ "net/ipv4/tcp_keepalive_probes", VN_TCP_VAR_KEEPALIVE_PROBES, SC_U8,
	  0, 255 },
	{ "net/ipv4/tcp_keepalive_time", VN_TCP_VAR_KEEPALIVE_TIME, SC_SECS, 0,
	  0 },
	{ "net/ipv4/tcp_limit_output_bytes", VN_TCP_VAR_LIMIT_OUTPUT_BYTES,
	  SC_INT, INT_MIN, INT_MAX },
	{ "net/ipv4/tcp_max_syn_backlog", VN_TCP_VAR_MAX_SYN_BACKLOG, SC_INT,
	  INT_MIN, INT_MAX },
	{ "net/ipv4/tcp_max_tw_buckets", VN_TCP_VAR_MAX_TW_BUCKETS, SC_INT,
	  INT_MIN, INT_MAX },
	{ "net/ipv4/tcp_moderate_rcvbuf", VN_TCP_VAR_MODERATE_RCVBUF, SC_U8, 0,
	  255 },
	{ "net/ipv4/tcp_orphan_retries", VN_TCP_VAR_ORPHAN_RETRIES, SC_U8, 0,
	  255 },
	{ "net/ipv4/tcp_retries2", VN_TCP_VAR_RETRIES2, SC_U8, 0, 255 },
	{ "net/ipv4/tcp_rfc1337", VN_TCP_VAR_RFC1337, SC_U8, 0, 255 },
	{ "net/ipv4/tcp_rmem", VN_TCP_VAR_RMEM, SC_VEC3, 1, INT_MAX },
	{ "net/ipv4/tcp_sack", VN_TCP_VAR_SACK, SC_U8, 0, 255 },
	{ "net/ipv4/tcp_slow_start_after_idle",
	  VN_TCP_VAR_SLOW_START_AFTER_IDLE, SC_U8, 0, 255 },
	/* MAX_TCP_SYNCNT is 127. */
	{ "net/ipv4/tcp_syn_linear_timeouts", VN_TCP_VAR_SYN_LINEAR_TIMEOUTS,
	  SC_U8, 0, 127 },
	{ "net/ipv4/tcp_syn_retries", VN_TCP_VAR_SYN_RETRIES, SC_U8, 1, 127 },
	{ "net/ipv4/tcp_synack_retries", VN_TCP_VAR_SYNACK_RETRIES, SC_U8, 0,
	  255 },
	{ "net/ipv4/tcp_syncookies", VN_TCP_VAR_SYNCOOKIES, SC_U8, 0, 255 },
	{ "net/ipv4/tcp_timestamps", VN_TCP_VAR_TIMESTAMPS, SC_U8, 0, 255 },
	{ "net/ipv4/tcp_window_scaling", VN_TCP_VAR_WINDOW_SCALING, SC_U8, 0,
	  255 },
	{ "net/ipv4/tcp_wmem", VN_TCP_VAR_WMEM, SC_VEC3, 1, INT_MAX },
};

struct sc_var {
	char path[128];		/* "net/ipv4/conf/v0/forwarding" */
	enum sc_where where;
	enum sc_fmt fmt;
	int64_t min, max;
	int index;		/* conf_keys[], neigh_keys[], gc_thresh N */
	struct vn_dev *dev;	/* conf.DEV / neigh.DEV */
	int conf;		/* 0 all, 1 default, 2 device */
};

struct sc_vars {
	struct sc_var *v;
	size_t n, cap;
};

struct sysctl {
	struct vn_job *job;
	struct vn_netns *ns;
	struct vn_engine *engine;
	bool print_name, print_newline, ignore_error, quiet, name_only;
	bool dry_run, write_mode, all;
	regex_t pattern;
	bool has_pattern;
	struct sc_vars vars;
};

/* --- the keys ------------------------------------------------------------- */

static struct sc_var *add_var(struct sc_vars *vs, enum sc_where where,
			      enum sc_fmt fmt, const char *fmt_path, ...)
	__attribute__((format(printf, 4, 5)));

static struct sc_var *add_var(struct sc_vars *vs, enum sc_where where,
			      enum sc_fmt fmt, const char *fmt_path, ...)
{
	struct sc_var *v;
	va_list ap;

	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? vs->cap * 2 : 64;
		struct sc_var *p = realloc(vs->v, cap * sizeof(*p));

		if (!p)
			return NULL;
		vs->v = p;
		vs->cap = cap;
	}
	v = &vs->v[vs->n++];
	memset(v, 0, sizeof(*v));
	va_start(ap, fmt_path);
	vsnprintf(v->path, sizeof(v->path), fmt_path, ap);
	va_end(ap);
	v->where = where;
	v->fmt = fmt;
	v->min = INT_MIN;
	v->max = INT_MAX;
	return v;
}

static void add_minmax(struct sc_vars *vs, enum sc_where where,
		       enum sc_fmt fmt, const char *path, int64_t min,
		       int64_t max)
{
	struct sc_var *v = add_var(vs, where, fmt, "%s", path);

	if (v) {
		v->min = min;
		v->max = max;
	}
}

static void add_conf(struct sc_vars *vs, const char *who, int conf,
		     struct vn_dev *dev)
{
	for (size_t i = 0; i < ARRAY_SIZE(conf_keys); i++) {
		struct sc_var *v = add_var(vs, W_CONF, SC_INT,
					   "net/ipv4/conf/%s/%s", who,
					   conf_keys[i].name);

		if (v) {
			v->index = (int)i;
			v->conf = conf;
			v->dev = dev;
		}
	}
}

static void add_neigh(struct sc_vars *vs, const char *who, struct vn_dev *dev)
{
	for (size_t i = 0; i < ARRAY_SIZE(neigh_keys); i++) {
		struct sc_var *v = add_var(vs, W_NEIGH, neigh_keys[i].fmt,
					   "net/ipv4/neigh/%s/%s", who,
					   neigh_keys[i].name);

		if (v) {
			v->index = (int)i;
			v->dev = dev;
			if (neigh_keys[i].fmt == SC_MINMAX) {
				v->min = neigh_keys[i].min;
				v->max = neigh_keys[i].max;
			}
		}
	}
	if (dev)
		return;
	for (int i = 1; i <= 3; i++) {
		struct sc_var *v = add_var(vs, W_GC_THRESH, SC_MINMAX,
					   "net/ipv4/neigh/default/gc_thresh%d",
					   i);

		if (v) {
			v->index = i;
			v->min = 0;
		}
	}
}

static void collect(struct sysctl *sc)
{
	struct sc_vars *vs = &sc->vars;
	struct vn_dev *dev;

	if (sc->ns == sc->engine->root)
		add_minmax(vs, W_BACKLOG, SC_MINMAX,
			   "net/core/netdev_max_backlog", 0, INT_MAX);
	for (size_t i = 0; i < ARRAY_SIZE(tcp_keys); i++) {
		struct sc_var *v = add_var(vs, W_TCP, tcp_keys[i].fmt, "%s",
					   tcp_keys[i].path);

		if (v) {
			v->index = (int)i;
			v->min = tcp_keys[i].min;
			v->max = tcp_keys[i].max;
		}
	}
	add_var(vs, W_TCP_CONG, SC_STRING, "net/ipv4/tcp_congestion_control");
	add_var(vs, W_TCP_CONG_AVAIL, SC_STRING_RO,
		"net/ipv4/tcp_available_congestion_control");
	add_var(vs, W_IP_FORWARD, SC_INT, "net/ipv4/ip_forward");
	add_minmax(vs, W_DEFAULT_TTL, SC_MINMAX, "net/ipv4/ip_default_ttl", 1,
		   255);
	add_var(vs, W_ICMP_RATELIMIT, SC_MS, "net/ipv4/icmp_ratelimit");
	add_minmax(vs, W_ICMP_MSGS_PER_SEC, SC_MINMAX,
		   "net/ipv4/icmp_msgs_per_sec", 0, INT_MAX);
	add_minmax(vs, W_ICMP_MSGS_BURST, SC_MINMAX, "net/ipv4/icmp_msgs_burst",
		   0, INT_MAX);
	add_minmax(vs, W_ECHO_IGNORE_ALL, SC_U8, "net/ipv4/icmp_echo_ignore_all",
		   0, 1);
	add_minmax(vs, W_ECHO_IGNORE_BCAST, SC_U8,
		   "net/ipv4/icmp_echo_ignore_broadcasts", 0, 1);
	add_var(vs, W_FRAG_TIME, SC_SECS, "net/ipv4/ipfrag_time");
	add_var(vs, W_FRAG_HIGH, SC_ULONG, "net/ipv4/ipfrag_high_thresh");
	add_var(vs, W_FRAG_LOW, SC_ULONG, "net/ipv4/ipfrag_low_thresh");
	add_conf(vs, "all", 0, NULL);
	add_conf(vs, "default", 1, NULL);
	add_neigh(vs, "default", NULL);
	vn_devspace_for_each(dev, &sc->ns->devs) {
		char name[VN_IFNAMSIZ];

		if (!dev->in)
			continue;
		/* A '.' in a name is one path component: "eth0/100". */
		snprintf(name, sizeof(name), "%s", dev->name);
		add_conf(vs, name, 2, dev);
		add_neigh(vs, name, dev);
	}
}

static int path_cmp(const void *a, const void *b)
{
	const char *x = ((const struct sc_var *)a)->path;
	const char *y = ((const struct sc_var *)b)->path;

	/* Component by component, as each /proc/sys directory reads. */
	for (;;) {
		size_t lx = strcspn(x, "/"), ly = strcspn(y, "/");
		int c = strncmp(x, y, lx < ly ? lx : ly);

		if (c)
			return c;
		if (lx != ly)
			return lx < ly ? -1 : 1;
		if (!x[lx] || !y[ly])
			return x[lx] ? 1 : y[ly] ? -1 : 0;
		x += lx + 1;
		y += ly + 1;
	}
}

/* --- values ----------------------------------------------------------------- */

static int *conf_field(struct sysctl *sc, const struct sc_var *v,
		       struct vn_in_conf **confp)
{
	struct vn_inet *inet = &sc->ns->inet;
	struct vn_in_conf *conf = v->conf == 0 ? &inet->conf_all :
				  v->conf == 1 ? &inet->conf_default :
						 &v->dev->in->conf;

	*confp = conf;
	return (int *)((char *)conf + conf_keys[v->index].off);
}

static int64_t get_value(struct sysctl *sc, const struct sc_var *v)
{
	struct vn_inet *inet = &sc->ns->inet;
	struct vn_in_conf *conf;
	int64_t x;

	switch (v->where) {
	case W_IP_FORWARD:
		return inet->conf_all.forwarding;
	case W_CONF:
		return *conf_field(sc, v, &conf);
	case W_DEFAULT_TTL:
		return inet->default_ttl;
	case W_ICMP_RATELIMIT:
		return inet->icmp_ratelimit;
	case W_ICMP_MSGS_PER_SEC:
		return inet->icmp_msgs_per_sec;
	case W_ICMP_MSGS_BURST:
		return inet->icmp_msgs_burst;
	case W_ECHO_IGNORE_ALL:
		return inet->icmp_echo_ignore_all;
	case W_ECHO_IGNORE_BCAST:
		return inet->icmp_echo_ignore_broadcasts;
	case W_FRAG_TIME:
		return inet->reasm.timeout;
	case W_FRAG_HIGH:
		return (int64_t)inet->reasm.high_thresh;
	case W_FRAG_LOW:
		return (int64_t)inet->reasm.low_thresh;
	case W_NEIGH:
		x = vn_neigh_parms_value(
			vn_neigh_parms_lookup(&inet->arp, v->dev),
			neigh_keys[v->index].var);
		return x;
	case W_GC_THRESH:
		return v->index == 1 ? inet->arp.gc_thresh1 :
		       v->index == 2 ? inet->arp.gc_thresh2 :
				       inet->arp.gc_thresh3;
	case W_BACKLOG:
		return sc->engine->backlog.max_len;
	case W_TCP:
		return vn_tcp_conf_value(inet, tcp_keys[v->index].var, 0);
	case W_TCP_CONG:
	case W_TCP_CONG_AVAIL:
		break;		/* strings: format_var() */
	}
	return 0;
}

/* The value as the kernel prints it (times in their unit). */
static void format_value(const struct sc_var *v, int64_t x, char *buf,
			 size_t size)
{
	switch (v->fmt) {
	case SC_SECS:
		x /= VN_SEC;
		break;
	case SC_MS:
		x /= VN_MSEC;
		break;
	case SC_CS:
		x /= 10 * VN_MSEC;
		break;
	case SC_INT:
	case SC_MINMAX:
	case SC_U8:
	case SC_ULONG:
	case SC_VEC3:
	case SC_STRING:
	case SC_STRING_RO:
		break;
	}
	snprintf(buf, size, "%lld", (long long)x);
}

/* The value of @v as its /proc/sys file reads, without the newline. */
static void format_var(struct sysctl *sc, const struct sc_var *v, char *buf,
		       size_t size)
{
	struct vn_inet *inet = &sc->ns->inet;
	enum vn_tcp_var var = tcp_keys[v->index].var;

	switch (v->fmt) {
	case SC_VEC3:
		snprintf(buf, size, "%lld\t%lld\t%lld",
			 (long long)vn_tcp_conf_value(inet, var, 0),
			 (long long)vn_tcp_conf_value(inet, var, 1),
			 (long long)vn_tcp_conf_value(inet, var, 2));
		return;
	case SC_STRING:
		snprintf(buf, size, "%s", vn_tcp_conf_cong(inet));
		return;
	case SC_STRING_RO:
		snprintf(buf, size, "%s", vn_tcp_cong_available());
		return;
	case SC_INT:
	case SC_MINMAX:
	case SC_U8:
	case SC_ULONG:
	case SC_SECS:
	case SC_MS:
	case SC_CS:
		break;
	}
	format_value(v, get_value(sc, v), buf, size);
}

/*
 * proc_get_long() and the handler's conversion: @s as the kernel reads
 * "VALUE\n".  Return: 0 with *out in storage units, or -EINVAL.
 */
static int parse_value(const struct sc_var *v, const char *s, int64_t *out)
{
	unsigned long long n;
	bool neg = false;
	char *end;
	int64_t x = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '-' && s[1]) {
		neg = true;
		s++;
	}
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || n > (unsigned long long)LLONG_MAX)
		return -EINVAL;
	if (*end && *end != ' ' && *end != '\t' && *end != '\n')
		return -EINVAL;
	switch (v->fmt) {
	case SC_ULONG:
		if (neg)
			return -EINVAL;
		x = (int64_t)n;
		break;
	case SC_U8:
		if (neg || n > 255)
			return -EINVAL;
		x = (int64_t)n;
		break;
	case SC_MS:
		if (neg || n > INT_MAX)
			return -EINVAL;
		x = (int64_t)n * VN_MSEC;
		break;
	case SC_SECS:
		if (n > INT_MAX / HZ_ASSUMED)
			return -EINVAL;
		x = (neg ? -(int64_t)n : (int64_t)n) * VN_SEC;
		break;
	case SC_CS:
		if (n > INT_MAX)
			return -EINVAL;
		x = (neg ? -(int64_t)n : (int64_t)n) * 10 * VN_MSEC;
		break;
	case SC_INT:
	case SC_MINMAX:
		if (neg ? n > (unsigned long long)INT_MAX + 1 : n > INT_MAX)
			return -EINVAL;
		x = neg ? -(int64_t)n : (int64_t)n;
		break;
	case SC_VEC3:
	case SC_STRING:
	case SC_STRING_RO:
		return -EINVAL;
	}
	if ((v->fmt == SC_MINMAX || v->fmt == SC_U8) &&
	    (x < v->min || x > v->max))
		return -EINVAL;
	*out = x;
	return 0;
}

/* inet_forward_change(): ip_forward / all.forwarding changed. */
static void forward_change(struct vn_inet *inet)
{
	int on = inet->conf_all.forwarding;
	struct vn_dev *dev;

	inet->conf_all.accept_redirects = !on;
	inet->conf_default.forwarding = on;
	vn_devspace_for_each(dev, inet->devs)
		if (dev->in)
			dev->in->conf.forwarding = on;
}

static int set_conf(struct sysctl *sc, const struct sc_var *v, int64_t x)
{
	struct vn_inet *inet = &sc->ns->inet;
	struct vn_in_conf *conf;
	int *field = conf_field(sc, v, &conf);
	int old = *field;
	bool forwarding = conf_keys[v->index].off ==
			  offsetof(struct vn_in_conf, forwarding);
	struct vn_dev *dev;

	*field = (int)x;
	if (forwarding) {
		/* devinet_sysctl_forward(): no default propagation. */
		if (v->conf == 0 && old != *field)
			forward_change(inet);
		return 0;
	}
	if (v->conf == 2) {
		conf->explicit |= 1u << v->index;
		return 0;
	}
	if (v->conf != 1)
		return 0;
	/* devinet_copy_dflt_conf(). */
	vn_devspace_for_each(dev, inet->devs) {
		struct vn_in_conf *dc;

		if (!dev->in)
			continue;
		dc = &dev->in->conf;
		if ((dc->explicit & (1u << v->index)) ||
		    !vn_list_empty(&dev->in->addrs))
			continue;
		*(int *)((char *)dc + conf_keys[v->index].off) = (int)x;
	}
	return 0;
}

static int set_neigh(struct sysctl *sc, const struct sc_var *v, int64_t x)
{
	struct vn_neigh_table *tbl = &sc->ns->inet.arp;
	enum vn_neigh_var var = neigh_keys[v->index].var;
	struct vn_neigh_parms *p;
	struct vn_dev *dev;

	if (v->dev) {
		p = vn_neigh_parms_get(tbl, v->dev);
		if (!p)
			return -ENOMEM;
		vn_neigh_parms_set(tbl, p, var, x);
		return 0;
	}
	/* A device with an address has all its values set (Linux's
	 * neigh_parms_data_state_setall() on address add): freeze them. */
	vn_devspace_for_each(dev, &sc->ns->devs) {
		if (!dev->in || vn_list_empty(&dev->in->addrs))
			continue;
		p = vn_neigh_parms_get(tbl, dev);
		if (p && !(p->explicit & (1u << var)))
			vn_neigh_parms_set(tbl, p, var,
					   vn_neigh_parms_value(p, var));
	}
	vn_neigh_parms_set(tbl, &tbl->parms, var, x);
	return 0;
}

static int set_value(struct sysctl *sc, const struct sc_var *v, int64_t x)
{
	struct vn_inet *inet = &sc->ns->inet;

	switch (v->where) {
	case W_IP_FORWARD:
		if (inet->conf_all.forwarding != x) {
			inet->conf_all.forwarding = (int)x;
			forward_change(inet);
		}
		return 0;
	case W_CONF:
		return set_conf(sc, v, x);
	case W_DEFAULT_TTL:
		inet->default_ttl = (uint8_t)x;
		return 0;
	case W_ICMP_RATELIMIT:
		inet->icmp_ratelimit = x;
		return 0;
	case W_ICMP_MSGS_PER_SEC:
		inet->icmp_msgs_per_sec = (uint32_t)x;
		return 0;
	case W_ICMP_MSGS_BURST:
		inet->icmp_msgs_burst = (uint32_t)x;
		return 0;
	case W_ECHO_IGNORE_ALL:
		inet->icmp_echo_ignore_all = (uint8_t)x;
		return 0;
	case W_ECHO_IGNORE_BCAST:
		inet->icmp_echo_ignore_broadcasts = (uint8_t)x;
		return 0;
	case W_FRAG_TIME:
		inet->reasm.timeout = x;
		return 0;
	case W_FRAG_HIGH:
		/* The low threshold bounds the high one from below. */
		if ((uint64_t)x < inet->reasm.low_thresh)
			return -EINVAL;
		inet->reasm.high_thresh = (uint64_t)x;
		return 0;
	case W_FRAG_LOW:
		if ((uint64_t)x > inet->reasm.high_thresh)
			return -EINVAL;
		inet->reasm.low_thresh = (uint64_t)x;
		return 0;
	case W_NEIGH:
		return set_neigh(sc, v, x);
	case W_GC_THRESH:
		if (v->index == 1)
			inet->arp.gc_thresh1 = x;
		else if (v->index == 2)
			inet->arp.gc_thresh2 = x;
		else
			inet->arp.gc_thresh3 = x;
		return 0;
	case W_BACKLOG:
		sc->engine->backlog.max_len = (uint32_t)x;
		return 0;
	case W_TCP:
		vn_tcp_conf_set(inet, tcp_keys[v->index].var, 0, x);
		return 0;
	case W_TCP_CONG:
	case W_TCP_CONG_AVAIL:
		break;		/* strings: store_var() */
	}
	return -EINVAL;
}

/*
 * __do_proc_dointvec() writing a vector: each value is read, checked and
 * stored in turn, so "5 x" stores 5 and fails; values past the third are
 * ignored; none at all is -EINVAL.
 */
static int store_vec(struct sysctl *sc, const struct sc_var *v,
		     const char *value)
{
	struct sc_var one = *v;
	enum vn_tcp_var var = tcp_keys[v->index].var;
	const char *p = value;
	int i;

	one.fmt = SC_MINMAX;
	for (i = 0; i < 3; i++) {
		char tok[64];
		size_t len;
		int64_t x = 0;
		int err;

		p += strspn(p, " \t\n");
		len = strcspn(p, " \t\n");
		if (!len)
			break;
		if (len >= sizeof(tok))
			return -EINVAL;
		memcpy(tok, p, len);
		tok[len] = '\0';
		p += len;
		err = parse_value(&one, tok, &x);
		if (err)
			return err;
		vn_tcp_conf_set(&sc->ns->inet, var, i, x);
	}
	return i ? 0 : -EINVAL;
}

/* proc_dostring() and the key's handler; procps strips blanks already. */
static int store_string(struct sysctl *sc, const char *value)
{
	return vn_tcp_conf_set_cong(&sc->ns->inet, value);
}

/* Write @value to @v as its handler does.  Return: 0 or -errno. */
static int store_var(struct sysctl *sc, const struct sc_var *v,
		     const char *value)
{
	int64_t x = 0;
	int err;

	switch (v->fmt) {
	case SC_VEC3:
		return store_vec(sc, v, value);
	case SC_STRING:
		return store_string(sc, value);
	case SC_STRING_RO:
		return -EACCES;
	case SC_INT:
	case SC_MINMAX:
	case SC_U8:
	case SC_ULONG:
	case SC_SECS:
	case SC_MS:
	case SC_CS:
		break;
	}
	err = parse_value(v, value, &x);
	if (!err)
		err = set_value(sc, v, x);
	return err;
}

/* --- names ---------------------------------------------------------------- */

/* slashdot(): the first separator decides; '.' and '/' swap. */
static void slashdot(char *p, char old, char new_)
{
	p = strpbrk(p, "/.");
	if (!p || *p == new_)
		return;
	for (; p; p = strpbrk(p + 1, "/.")) {
		if (*p == old)
			*p = new_;
		else if (*p == new_)
			*p = old;
	}
}

static void path_to_key(const char *path, char *key, size_t size)
{
	snprintf(key, size, "%s", path);
	slashdot(key, '/', '.');
}

static struct sc_var *find_var(struct sysctl *sc, const char *path)
{
	for (size_t i = 0; i < sc->vars.n; i++)
		if (!strcmp(sc->vars.v[i].path, path))
			return &sc->vars.v[i];
	return NULL;
}

/* Is @path a directory of ours ("net/ipv4", "net/ipv4/conf/v0/")? */
static bool is_dir(struct sysctl *sc, const char *path)
{
	size_t len = strlen(path);

	while (len && path[len - 1] == '/')
		len--;
	if (!len)
		return true;
	for (size_t i = 0; i < sc->vars.n; i++) {
		const char *p = sc->vars.v[i].path;

		if (!strncmp(p, path, len) && p[len] == '/')
			return true;
	}
	return false;
}

/* --- reading and writing ------------------------------------------------- */

static int read_one(struct sysctl *sc, const struct sc_var *v)
{
	char key[160], val[64];

	path_to_key(v->path, key, sizeof(key));
	if (sc->has_pattern && regexec(&sc->pattern, key, 0, NULL, 0))
		return 0;
	if (sc->name_only) {
		vn_job_printf(sc->job, "%s\n", key);
		return 0;
	}
	format_var(sc, v, val, sizeof(val));
	if (sc->print_name)
		vn_job_printf(sc->job, "%s = %s\n", key, val);
	else
		vn_job_printf(sc->job, "%s%s", val,
			      sc->print_newline ? "\n" : "");
	return 0;
}

/* DisplayAll(): every key under @path (all of them for ""). */
static int display_all(struct sysctl *sc, const char *path)
{
	size_t len = strlen(path);

	while (len && path[len - 1] == '/')
		len--;
	qsort(sc->vars.v, sc->vars.n, sizeof(*sc->vars.v), path_cmp);
	for (size_t i = 0; i < sc->vars.n; i++) {
		const char *p = sc->vars.v[i].path;

		if (!len || (!strncmp(p, path, len) && p[len] == '/'))
			read_one(sc, &sc->vars.v[i]);
	}
	return 0;
}

static int cannot_stat(struct sysctl *sc, const char *path)
{
	if (sc->ignore_error)
		return 0;
	vn_job_eprintf(sc->job,
		       "sysctl: cannot stat /proc/sys/%s: No such file or directory\n",
		       path);
	return 1;
}

/* ReadSetting(). */
static int read_setting(struct sysctl *sc, const char *name)
{
	char path[160];
	struct sc_var *v;

	if (!*name) {
		vn_job_eprintf(sc->job, "sysctl: \"\" is an unknown key\n");
		return -1;
	}
	snprintf(path, sizeof(path), "%s", name);
	slashdot(path, '.', '/');
	v = find_var(sc, path);
	if (v)
		return read_one(sc, v);
	if (is_dir(sc, path))
		return display_all(sc, path);
	return cannot_stat(sc, path);
}

/* WriteSetting() for one key. */
static int write_one(struct sysctl *sc, const struct sc_var *v,
		     const char *value)
{
	char key[160];
	int err;

	path_to_key(v->path, key, sizeof(key));
	if (v->fmt == SC_STRING_RO) {
		/* procps: a file without write permission is skipped with
		 * this warning, and the status stays 0. */
		vn_job_eprintf(sc->job,
			       "sysctl: setting key \"%s\": Invalid argument\n",
			       key);
		return 0;
	}
	if (!sc->dry_run) {
		err = store_var(sc, v, value);
		if (err) {
			vn_job_eprintf(sc->job,
				       "sysctl: setting key \"%s\": %s\n", key,
				       strerror(-err));
			return 1;
		}
	}
	if (sc->quiet && !sc->dry_run)
		return 0;
	if (sc->name_only)
		vn_job_printf(sc->job, "%s\n", key);
	else if (sc->print_name)
		vn_job_printf(sc->job, "%s = %s\n", key, value);
	else
		vn_job_printf(sc->job, "%s%s", value,
			      sc->print_newline ? "\n" : "");
	return 0;
}

static char *strip(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* parse_setting_line() and WriteSetting() (no globs in procps 4.0.2). */
static int write_setting(struct sysctl *sc, const char *arg)
{
	char line[512], path[160], *key, *value;
	bool ignore_failure = false;
	struct sc_var *v;

	snprintf(line, sizeof(line), "%s", arg);
	key = strip(line);
	if (strlen(key) < 2 || key[0] == '#' || key[0] == ';')
		return 1;
	value = strchr(key, '=');
	if (!value) {
		if (key[0] == '-')
			return 1;	/* a glob exclusion, nothing to do */
		vn_job_eprintf(sc->job,
			       "sysctl: command line(0): invalid syntax, continuing...\n");
		return 1;
	}
	*value++ = '\0';
	if (key[0] == '-') {
		ignore_failure = true;
		key++;
	}
	value = strip(value);
	key = strip(key);
	if (sc->has_pattern && regexec(&sc->pattern, key, 0, NULL, 0))
		return 1;
	snprintf(path, sizeof(path), "%s", key);
	slashdot(path, '.', '/');
	if (!*path) {
		/* is_proc_path(): "/proc/sys/" resolves to "/proc/sys". */
		vn_job_eprintf(sc->job,
			       "sysctl: Path is not under /proc/sys/: /proc/sys/\n");
		return 1;
	}
	v = find_var(sc, path);
	if (v)
		return write_one(sc, v, value);
	if (is_dir(sc, path)) {
		/* Writing a directory fails, and procps 4.0.2 lets it pass. */
		path_to_key(path, line, sizeof(line));
		vn_job_eprintf(sc->job,
			       "sysctl: setting key \"%s\": Invalid argument\n",
			       line);
		return 0;
	}
	if (ignore_failure)
		return 0;
	return cannot_stat(sc, path);
}

/* --- the command ----------------------------------------------------------- */

static int usage(struct vn_job *job, bool err)
{
	static const char text[] =
		"\n"
		"Usage:\n"
		" sysctl [options] [variable[=value] ...]\n"
		"\n"
		"Options:\n"
		"  -a, --all            display all variables\n"
		"  -A                   alias of -a\n"
		"  -X                   alias of -a\n"
		"      --deprecated     include deprecated parameters to listing\n"
		"      --dry-run        Print the key and values but do not write\n"
		"  -b, --binary         print value without new line\n"
		"  -e, --ignore         ignore unknown variables errors\n"
		"  -N, --names          print variable names without values\n"
		"  -n, --values         print only values of the given variable(s)\n"
		"  -p, --load[=<file>]  read values from file\n"
		"  -f                   alias of -p\n"
		"      --system         read values from all system directories\n"
		"  -r, --pattern <expression>\n"
		"                       select setting that match expression\n"
		"  -q, --quiet          do not echo variable set\n"
		"  -w, --write          enable writing a value to variable\n"
		"  -o                   does nothing\n"
		"  -x                   does nothing\n"
		"  -d                   alias of -h\n"
		"\n"
		" -h, --help     display this help and exit\n"
		" -V, --version  output version information and exit\n"
		"\n"
		"For more details see sysctl(8).\n";

	if (err) {
		vn_job_eprintf(job, "%s", text);
		return 1;
	}
	vn_job_printf(job, "%s", text);
	return 0;
}

static int set_pattern(struct sysctl *sc, const char *re)
{
	if (sc->has_pattern)
		regfree(&sc->pattern);
	sc->has_pattern = !regcomp(&sc->pattern, re, REG_EXTENDED | REG_NOSUB);
	return 0;
}

/* getopt_long("bneNwfp::qoxaAXr:Vdh"); returns -1 to go on, else a status. */
static int parse_opts(struct sysctl *sc, int argc, char **argv, char **ops,
		      int *nops)
{
	struct vn_job *job = sc->job;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || !a[1]) {
			ops[(*nops)++] = argv[i];
			continue;
		}
		if (a[1] == '-') {
			const char *l = a + 2;

			if (!*l) {
				while (++i < argc)
					ops[(*nops)++] = argv[i];
				break;
			}
			if (!strcmp(l, "all"))
				sc->all = true;
			else if (!strcmp(l, "binary"))
				sc->print_newline = sc->print_name = false;
			else if (!strcmp(l, "ignore"))
				sc->ignore_error = true;
			else if (!strcmp(l, "names"))
				sc->name_only = true;
			else if (!strcmp(l, "values"))
				sc->print_name = false;
			else if (!strcmp(l, "quiet"))
				sc->quiet = true;
			else if (!strcmp(l, "write"))
				sc->write_mode = true;
			else if (!strcmp(l, "dry-run"))
				sc->dry_run = true;
			else if (!strcmp(l, "deprecated"))
				;
			else if (!strncmp(l, "pattern", 7) &&
				 (l[7] == '=' || !l[7])) {
				if (l[7] == '=')
					set_pattern(sc, l + 8);
				else if (i + 1 < argc)
					set_pattern(sc, argv[++i]);
			} else if (!strcmp(l, "version")) {
				vn_job_printf(job, "sysctl from procps-ng 4.0.2\n");
				return 0;
			} else if (!strcmp(l, "help")) {
				return usage(job, false);
			} else if (!strncmp(l, "load", 4) || !strcmp(l, "system")) {
				vn_job_eprintf(job,
					       "sysctl: vnet does not read settings from files\n");
				return 1;
			} else {
				vn_job_eprintf(job,
					       "sysctl: unrecognized option '%s'\n",
					       a);
				return usage(job, false);
			}
			continue;
		}
		for (const char *c = a + 1; *c; c++) {
			switch (*c) {
			case 'b':
				sc->print_newline = false;
				sc->print_name = false;
				break;
			case 'n':
				sc->print_name = false;
				break;
			case 'e':
				sc->ignore_error = true;
				break;
			case 'N':
				sc->name_only = true;
				break;
			case 'w':
				sc->write_mode = true;
				break;
			case 'q':
				sc->quiet = true;
				break;
			case 'o':
			case 'x':
				break;
			case 'a':
			case 'A':
			case 'X':
				sc->all = true;
				break;
			case 'r':
				if (c[1]) {
					set_pattern(sc, c + 1);
				} else if (i + 1 < argc) {
					set_pattern(sc, argv[++i]);
				} else {
					vn_job_eprintf(job,
						       "sysctl: option requires an argument -- 'r'\n");
					return usage(job, false);
				}
				c += strlen(c) - 1;
				break;
			case 'p':
			case 'f':
				vn_job_eprintf(job,
					       "sysctl: vnet does not read settings from files\n");
				return 1;
			case 'V':
				vn_job_printf(job, "sysctl from procps-ng 4.0.2\n");
				return 0;
			case 'd':
			case 'h':
				return usage(job, false);
			default:
				vn_job_eprintf(job,
					       "sysctl: invalid option -- '%c'\n",
					       *c);
				return usage(job, false);
			}
		}
	}
	return -1;
}

int vn_cmd_sysctl(struct vn_job *job, int argc, char **argv)
{
	struct sysctl sc = {
		.job = job,
		.ns = vn_job_netns(job),
		.engine = vn_job_engine(job),
		.print_name = true,
		.print_newline = true,
	};
	char **ops;
	int nops = 0, rc;

	if (argc < 2)
		return usage(job, true);
	ops = calloc((size_t)argc, sizeof(*ops));
	if (!ops)
		return 1;
	rc = parse_opts(&sc, argc, argv, ops, &nops);
	if (rc >= 0)
		goto out;
	collect(&sc);
	if (sc.all) {
		rc = display_all(&sc, "");
		goto out;
	}
	if (!nops) {
		vn_job_eprintf(job,
			       "sysctl: no variables specified\n"
			       "Try `sysctl --help' for more information.\n");
		rc = 1;
		goto out;
	}
	if (sc.name_only && sc.quiet) {
		vn_job_eprintf(job,
			       "sysctl: options -N and -q cannot coexist\n"
			       "Try `sysctl --help' for more information.\n");
		rc = 1;
		goto out;
	}
	rc = 0;
	for (int i = 0; i < nops; i++) {
		if (sc.write_mode || strchr(ops[i], '='))
			rc |= write_setting(&sc, ops[i]);
		else
			rc += read_setting(&sc, ops[i]);
	}
	rc &= 0xff;
out:
	if (sc.has_pattern)
		regfree(&sc.pattern);
	free(sc.vars.v);
	free(ops);
	return rc;
}
