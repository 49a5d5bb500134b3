// SPDX-License-Identifier: MIT
/*
 * cmd/brctl.c - the `brctl` command (bridge-utils 1.7.1: brctl.c,
 * brctl_cmd.c, brctl_disp.c).
 *
 * brctl talks to the kernel through ioctls and sysfs files, so its
 * errors are strerror() texts of what those return (ENODEV for a missing
 * device, EOPNOTSUPP for a device that is not a bridge, ENOENT for a
 * "port" that is not one), reproduced here case by case; every failure
 * exits 1.  Lists come in name order (brctl reads directories with
 * alphasort), MAC tables sorted by address.  Settings go through the same
 * vn_bridge_change()/vn_br_port_change() as `ip link` and `bridge link`.
 *
 * STP: `brctl stp BR on` is stored and shown ("yes", stp_state 1) but STP
 * does not run yet: ports forward at once and no BPDU is sent; timers in
 * showstp other than forward delay and gc read 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/bridge.h"
#include "engine.h"
#include "netns.h"

struct brctl {
	struct vn_job *job;
	struct vn_netns *ns;
};

struct brctl_cmd {
	int nargs;
	const char *name;
	int (*fn)(struct brctl *b, int argc, char **argv);
	const char *help;
};

static const struct brctl_cmd *commands(size_t *n);

static void help(struct brctl *b)
{
	const struct brctl_cmd *c;
	size_t n;

	vn_job_printf(b->job, "Usage: brctl [commands]\ncommands:\n");
	c = commands(&n);
	for (size_t i = 0; i < n; i++)
		vn_job_printf(b->job, "\t%-10s\t%s\n", c[i].name, c[i].help);
}

static struct vn_dev *dev_by_name(struct brctl *b, const char *name)
{
	return vn_dev_lookup(&b->ns->devs, name);
}

/* A bridge by name, or NULL with *@rc the errno sysfs would give. */
static struct vn_bridge *bridge_by_name(struct brctl *b, const char *name,
					int *rc)
{
	struct vn_dev *dev = dev_by_name(b, name);

	if (!dev) {
		*rc = ENODEV;
		return NULL;
	}
	if (!vn_dev_is_bridge(dev)) {
		*rc = EOPNOTSUPP;
		return NULL;
	}
	return vn_bridge_of(dev);
}

/* strtotimeval(): sscanf("%lf") on the argument. */
static int parse_time(const char *s, vn_time *out)
{
	double secs;

	if (sscanf(s, "%lf", &secs) != 1)
		return -EINVAL;
	if (!(secs >= 0))
		secs = 0;
	if (secs > 9e9)
		secs = 9e9;
	/* __tv_to_jiffies(): whole centiseconds, as sysfs takes them. */
	*out = (vn_time)(secs * 100) * 10 * VN_MSEC;
	return 0;
}

static void show_timer(struct brctl *b, vn_time t)
{
	int64_t cs = t / (10 * VN_MSEC);

	vn_job_printf(b->job, "%4i.%.2i", (int)(cs / 100), (int)(cs % 100));
}

static void print_id(struct brctl *b, const struct vn_br_id *id)
{
	char s[32];

	vn_br_id_format(id, s, sizeof(s));
	vn_job_printf(b->job, "%s", s);
}

/* The ports of @br sorted by name (alphasort of brif/). */
static size_t sorted_ports(struct vn_bridge *br, struct vn_br_port **out,
			   size_t max)
{
	struct vn_br_port *p;
	size_t n = 0;

	vn_list_for_each(p, &br->ports, link) {
		size_t i = n;

		if (n == max)
			break;
		while (i > 0 && strcmp(out[i - 1]->dev->name, p->dev->name) > 0) {
			out[i] = out[i - 1];
			i--;
		}
		out[i] = p;
		n++;
	}
	return n;
}

/* --- commands ------------------------------------------------------------- */

static int cmd_addbr(struct brctl *b, int argc, char **argv)
{
	char name[VN_IFNAMSIZ];
	struct vn_err err;
	int rc;

	(void)argc;
	/* SIOCBRADDBR copies at most IFNAMSIZ - 1 characters. */
	snprintf(name, sizeof(name), "%s", argv[1]);
	if (dev_by_name(b, name)) {
		vn_job_eprintf(b->job,
			       "device %s already exists; can't create bridge with the same name\n",
			       argv[1]);
		return 1;
	}
	vn_err_init(&err);
	rc = vn_bridge_create(&b->ns->devs, name, NULL, &err);
	if (rc) {
		vn_job_eprintf(b->job, "add bridge failed: %s\n",
			       strerror(-rc));
		return 1;
	}
	return 0;
}

static int cmd_delbr(struct brctl *b, int argc, char **argv)
{
	struct vn_dev *dev = dev_by_name(b, argv[1]);

	(void)argc;
	if (!dev) {
		vn_job_eprintf(b->job,
			       "bridge %s doesn't exist; can't delete it\n",
			       argv[1]);
		return 1;
	}
	if (!vn_dev_is_bridge(dev)) {
		vn_job_eprintf(b->job, "can't delete bridge %s: %s\n", argv[1],
			       strerror(EPERM));
		return 1;
	}
	if (vn_dev_is_up(dev)) {
		vn_job_eprintf(b->job,
			       "bridge %s is still up; can't delete it\n",
			       argv[1]);
		return 1;
	}
	vn_dev_unregister(dev);
	return 0;
}

static int cmd_addif(struct brctl *b, int argc, char **argv)
{
	const char *brname = argv[1];

	for (int i = 2; i < argc; i++) {
		const char *ifname = argv[i];
		struct vn_dev *dev = dev_by_name(b, ifname);
		struct vn_dev *brdev = dev_by_name(b, brname);
		struct vn_err err;
		int rc;

		if (!dev) {
			vn_job_eprintf(b->job, "interface %s does not exist!\n",
				       ifname);
			return 1;
		}
		if (!brdev) {
			vn_job_eprintf(b->job, "bridge %s does not exist!\n",
				       brname);
			return 1;
		}
		if (!vn_dev_is_bridge(brdev)) {
			vn_job_eprintf(b->job, "can't add %s to bridge %s: %s\n",
				       ifname, brname, strerror(EOPNOTSUPP));
			return 1;
		}
		vn_err_init(&err);
		rc = dev->master ? -EBUSY : vn_dev_set_master(dev, brdev, &err);
		switch (-rc) {
		case 0:
			continue;
		case EBUSY:
			vn_job_eprintf(b->job,
				       "device %s is already a member of a bridge; can't add it to bridge %s.\n",
				       ifname, brname);
			return 1;
		case ELOOP:
			vn_job_eprintf(b->job,
				       "device %s is a bridge device itself; can't add a bridge device to a bridge device.\n",
				       ifname);
			return 1;
		default:
			vn_job_eprintf(b->job, "can't add %s to bridge %s: %s\n",
				       ifname, brname, strerror(-rc));
			return 1;
		}
	}
	return 0;
}

static int cmd_delif(struct brctl *b, int argc, char **argv)
{
	const char *brname = argv[1];

	for (int i = 2; i < argc; i++) {
		const char *ifname = argv[i];
		struct vn_dev *dev = dev_by_name(b, ifname);
		struct vn_dev *brdev = dev_by_name(b, brname);

		if (!dev) {
			vn_job_eprintf(b->job, "interface %s does not exist!\n",
				       ifname);
			return 1;
		}
		if (!brdev) {
			vn_job_eprintf(b->job, "bridge %s does not exist!\n",
				       brname);
			return 1;
		}
		if (!vn_dev_is_bridge(brdev)) {
			vn_job_eprintf(b->job, "can't delete %s from %s: %s\n",
				       ifname, brname, strerror(EOPNOTSUPP));
			return 1;
		}
		if (dev->master != brdev) {
			vn_job_eprintf(b->job, "device %s is not a port of %s\n",
				       ifname, brname);
			return 1;
		}
		vn_dev_release(dev);
	}
	return 0;
}

/* Applies @o to the bridge named @name; @what names it in messages. */
static int set_bridge(struct brctl *b, const char *name,
		      const struct vn_bridge_opts *o, const char *what)
{
	struct vn_bridge *br;
	struct vn_err err;
	int rc = 0;

	br = bridge_by_name(b, name, &rc);
	if (!br) {
		vn_job_eprintf(b->job, "%s failed: %s\n", what, strerror(rc));
		return 1;
	}
	vn_err_init(&err);
	rc = vn_bridge_change(br, o, &err);
	if (rc) {
		vn_job_eprintf(b->job, "%s failed: %s\n", what, strerror(-rc));
		return 1;
	}
	return 0;
}

static int set_time(struct brctl *b, char **argv, uint32_t bit,
		    const char *bad, const char *what)
{
	struct vn_bridge_opts o = { .set = bit };
	vn_time t;

	if (parse_time(argv[2], &t)) {
		vn_job_eprintf(b->job, "%s\n", bad);
		return 1;
	}
	o.ageing = o.forward_delay = o.hello_time = o.max_age = t;
	return set_bridge(b, argv[1], &o, what);
}

static int cmd_setageing(struct brctl *b, int argc, char **argv)
{
	(void)argc;
	return set_time(b, argv, VN_BROPT_AGEING, "bad ageing time value",
			"set ageing time");
}

static int cmd_setfd(struct brctl *b, int argc, char **argv)
{
	(void)argc;
	return set_time(b, argv, VN_BROPT_FORWARD_DELAY,
			"bad forward delay value", "set forward delay");
}

static int cmd_sethello(struct brctl *b, int argc, char **argv)
{
	(void)argc;
	return set_time(b, argv, VN_BROPT_HELLO_TIME, "bad hello timer value",
			"set hello timer");
}

static int cmd_setmaxage(struct brctl *b, int argc, char **argv)
{
	(void)argc;
	return set_time(b, argv, VN_BROPT_MAX_AGE, "bad max age value",
			"set max age");
}

static int cmd_setbridgeprio(struct brctl *b, int argc, char **argv)
{
	struct vn_bridge_opts o = { .set = VN_BROPT_PRIORITY };
	int prio;

	(void)argc;
	if (sscanf(argv[2], "%i", &prio) != 1) {
		vn_job_eprintf(b->job, "bad priority\n");
		return 1;
	}
	o.priority = (uint16_t)prio;	/* sysfs keeps 16 bits */
	return set_bridge(b, argv[1], &o, "set bridge priority");
}

static int cmd_stp(struct brctl *b, int argc, char **argv)
{
	struct vn_bridge_opts o = { .set = VN_BROPT_STP };
	const char *v = argv[2];

	(void)argc;
	if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "1")) {
		o.stp = 1;
	} else if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "0")) {
		o.stp = 0;
	} else {
		vn_job_eprintf(b->job, "expect on/off for argument\n");
		return 1;
	}
	return set_bridge(b, argv[1], &o, "set stp status");
}

/*
 * Writes a brport/ sysfs file of @ifname: the bridge name is not looked
 * at, as in libbridge.  Return: 0 or a positive errno.
 */
static int set_port(struct brctl *b, const char *ifname,
		    const struct vn_br_port_opts *o)
{
	struct vn_dev *dev = dev_by_name(b, ifname);
	struct vn_br_port *p;
	struct vn_err err;

	if (!dev)
		return ENODEV;
	p = vn_br_port_of(dev);
	if (!p)
		return ENOENT;
	vn_err_init(&err);
	return -vn_br_port_change(p, o, &err);
}

static int cmd_setpathcost(struct brctl *b, int argc, char **argv)
{
	struct vn_br_port_opts o;
	int cost, rc;

	(void)argc;
	if (sscanf(argv[3], "%i", &cost) != 1) {
		vn_job_eprintf(b->job, "bad path cost value\n");
		return 1;
	}
	vn_br_port_opts_init(&o);
	o.set = VN_BRPORT_OPT_COST;
	o.cost = (uint32_t)cost;
	if (cost < 0)
		o.cost = 0;
	rc = set_port(b, argv[2], &o);
	if (rc)
		vn_job_eprintf(b->job, "set path cost failed: %s\n",
			       strerror(rc));
	return rc != 0;
}

static int cmd_setportprio(struct brctl *b, int argc, char **argv)
{
	struct vn_br_port_opts o;
	int prio, rc;

	(void)argc;
	if (sscanf(argv[3], "%i", &prio) != 1) {
		vn_job_eprintf(b->job, "bad path priority value\n");
		return 1;
	}
	vn_br_port_opts_init(&o);
	o.set = VN_BRPORT_OPT_PRIORITY;
	o.priority = prio < 0 ? UINT32_MAX : (uint32_t)prio;
	rc = set_port(b, argv[2], &o);
	if (rc)
		vn_job_eprintf(b->job, "set port priority failed: %s\n",
			       strerror(rc));
	return rc != 0;
}

static int cmd_hairpin(struct brctl *b, int argc, char **argv)
{
	const char *brname = argv[1], *ifname = argv[2], *v = argv[3];
	struct vn_br_port_opts o;
	int rc;

	(void)argc;
	vn_br_port_opts_init(&o);
	o.flag_mask = VN_BRPORT_HAIRPIN;
	if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "1")) {
		o.flag_set = VN_BRPORT_HAIRPIN;
	} else if (strcmp(v, "off") && strcmp(v, "no") && strcmp(v, "0")) {
		vn_job_eprintf(b->job, "expect on/off for argument\n");
		return 1;
	}
	if (!dev_by_name(b, ifname)) {
		vn_job_eprintf(b->job, "interface %s does not exist!\n",
			       ifname);
		return 1;
	}
	if (!dev_by_name(b, brname)) {
		vn_job_eprintf(b->job, "bridge %s does not exist!\n", brname);
		return 1;
	}
	rc = set_port(b, ifname, &o);
	if (rc)
		vn_job_eprintf(b->job,
			       "can't set %s to hairpin on bridge %s: %s\n",
			       ifname, brname, strerror(rc));
	return rc != 0;
}

static void show_bridge(struct brctl *b, struct vn_bridge *br)
{
	struct vn_br_port *ports[VN_BR_MAX_PORTS];
	size_t n = sorted_ports(br, ports, ARRAY_SIZE(ports));

	vn_job_printf(b->job, "%s\t\t", br->dev.name);
	print_id(b, &br->bridge_id);
	vn_job_printf(b->job, "\t%s\t\t", br->stp_enabled ? "yes" : "no");
	for (size_t i = 0; i < n; i++)
		vn_job_printf(b->job, "%s%s", i ? "\n\t\t\t\t\t\t\t" : "",
			      ports[i]->dev->name);
	vn_job_printf(b->job, "\n");
}

static void show_header(struct brctl *b)
{
	vn_job_printf(b->job,
		      "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n");
}

/* Either bridge name or device is missing: brctl's two messages. */
static int not_a_bridge(struct brctl *b, const char *name)
{
	if (!dev_by_name(b, name))
		vn_job_eprintf(b->job, "bridge %s does not exist!\n", name);
	else
		vn_job_eprintf(b->job, "device %s is not a bridge!\n", name);
	return 1;
}

static int cmd_show(struct brctl *b, int argc, char **argv)
{
	bool header = false;
	struct vn_dev *dev;
	int rc = 0;

	if (argc == 1) {
		struct vn_bridge *list[512];
		size_t n = 0;

		show_header(b);
		/* br_foreach_bridge(): /sys/class/net in name order. */
		vn_devspace_for_each(dev, &b->ns->devs) {
			size_t i = n;

			if (!vn_dev_is_bridge(dev) || n == ARRAY_SIZE(list))
				continue;
			while (i > 0 &&
			       strcmp(list[i - 1]->dev.name, dev->name) > 0) {
				list[i] = list[i - 1];
				i--;
			}
			list[i] = vn_bridge_of(dev);
			n++;
		}
		for (size_t i = 0; i < n; i++)
			show_bridge(b, list[i]);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		dev = dev_by_name(b, argv[i]);
		if (!dev || !vn_dev_is_bridge(dev)) {
			rc = not_a_bridge(b, argv[i]);
			continue;
		}
		if (!header)
			show_header(b);
		header = true;
		show_bridge(b, vn_bridge_of(dev));
	}
	return rc;
}

struct mac_row {
	uint16_t port_no;
	uint8_t mac[VN_ETH_ALEN];
	bool local;
	vn_time age;
};

static int cmp_rows(const void *a, const void *b)
{
	return vn_mac_cmp(((const struct mac_row *)a)->mac,
			  ((const struct mac_row *)b)->mac);
}

static int cmd_showmacs(struct brctl *b, int argc, char **argv)
{
	struct vn_bridge *br;
	struct vn_fdb_entry *e;
	struct mac_row *rows;
	size_t n = 0;
	vn_time now;
	int rc = 0;

	(void)argc;
	br = bridge_by_name(b, argv[1], &rc);
	if (!br) {
		vn_job_eprintf(b->job, "read of forward table failed: %s\n",
			       strerror(rc));
		return 1;
	}
	now = vn_env_now(br->dev.space->env);
	rows = calloc(br->fdb.n_entries + 1, sizeof(*rows));
	if (!rows) {
		vn_job_eprintf(b->job, "Out of memory\n");
		return 1;
	}
	/* br_fdb_fillbuf(): live entries that point to a port. */
	vn_fdb_for_each(e, &br->fdb) {
		struct vn_br_port *p = e->port;

		if (!p || vn_fdb_expired(&br->fdb, e, now))
			continue;
		rows[n].port_no = p->port_no;
		memcpy(rows[n].mac, e->mac, VN_ETH_ALEN);
		rows[n].local = e->kind == VN_FDB_LOCAL;
		rows[n].age = e->kind == VN_FDB_DYNAMIC ? now - e->updated : 0;
		n++;
	}
	qsort(rows, n, sizeof(*rows), cmp_rows);
	vn_job_printf(b->job, "port no\tmac addr\t\tis local?\tageing timer\n");
	for (size_t i = 0; i < n; i++) {
		char mac[VN_MAC_STRLEN];

		vn_job_printf(b->job, "%3i\t%s\t%s\t\t", rows[i].port_no,
			      vn_mac_format(mac, rows[i].mac),
			      rows[i].local ? "yes" : "no");
		show_timer(b, rows[i].age);
		vn_job_printf(b->job, "\n");
	}
	free(rows);
	return 0;
}

static void dump_port(struct brctl *b, struct vn_br_port *p)
{
	vn_job_printf(b->job, "%s (%i)\n", p->dev->name, p->port_no);
	vn_job_printf(b->job, " port id\t\t%.4x\t\t\tstate\t\t%15s\n",
		      p->port_id, vn_br_port_state_name(p->state));
	vn_job_printf(b->job, " designated root\t");
	print_id(b, &p->designated_root);
	vn_job_printf(b->job, "\tpath cost\t\t%4i\n", (int)p->path_cost);
	vn_job_printf(b->job, " designated bridge\t");
	print_id(b, &p->designated_bridge);
	vn_job_printf(b->job, "\tmessage age timer\t");
	show_timer(b, 0);
	vn_job_printf(b->job, "\n designated port\t%.4x", p->designated_port);
	vn_job_printf(b->job, "\t\t\tforward delay timer\t");
	show_timer(b, vn_br_port_fd_timer_left(p));
	vn_job_printf(b->job, "\n designated cost\t%4i", (int)p->designated_cost);
	vn_job_printf(b->job, "\t\t\thold timer\t\t");
	show_timer(b, 0);
	vn_job_printf(b->job, "\n flags\t\t\t\n\n");
}

static int cmd_showstp(struct brctl *b, int argc, char **argv)
{
	struct vn_br_port *ports[VN_BR_MAX_PORTS];
	struct vn_dev *dev = dev_by_name(b, argv[1]);
	struct vn_bridge *br;
	size_t n;

	(void)argc;
	if (!dev || !vn_dev_is_bridge(dev))
		return not_a_bridge(b, argv[1]);
	br = vn_bridge_of(dev);
	vn_job_printf(b->job, "%s\n bridge id\t\t", br->dev.name);
	print_id(b, &br->bridge_id);
	vn_job_printf(b->job, "\n designated root\t");
	print_id(b, &br->bridge_id);	/* the root: always us */
	vn_job_printf(b->job, "\n root port\t\t%4i\t\t\tpath cost\t\t%4i\n",
		      0, 0);
	vn_job_printf(b->job, " max age\t\t");
	show_timer(b, br->max_age);
	vn_job_printf(b->job, "\t\t\tbridge max age\t\t");
	show_timer(b, br->max_age);
	vn_job_printf(b->job, "\n hello time\t\t");
	show_timer(b, br->hello_time);
	vn_job_printf(b->job, "\t\t\tbridge hello time\t");
	show_timer(b, br->hello_time);
	vn_job_printf(b->job, "\n forward delay\t\t");
	show_timer(b, br->forward_delay);
	vn_job_printf(b->job, "\t\t\tbridge forward delay\t");
	show_timer(b, br->forward_delay);
	vn_job_printf(b->job, "\n ageing time\t\t");
	/* sysfs reports clock_t in 32 bits. */
	show_timer(b, (vn_time)(uint32_t)(br->fdb.ageing / (10 * VN_MSEC)) *
			      10 * VN_MSEC);
	vn_job_printf(b->job, "\n hello timer\t\t");
	show_timer(b, 0);
	vn_job_printf(b->job, "\t\t\ttcn timer\t\t");
	show_timer(b, 0);
	vn_job_printf(b->job, "\n topology change timer\t");
	show_timer(b, 0);
	vn_job_printf(b->job, "\t\t\tgc timer\t\t");
	show_timer(b, vn_bridge_gc_timer_left(br));
	vn_job_printf(b->job, "\n flags\t\t\t\n\n\n");
	n = sorted_ports(br, ports, ARRAY_SIZE(ports));
	for (size_t i = 0; i < n; i++)
		dump_port(b, ports[i]);
	return 0;
}

static const struct brctl_cmd cmd_table[] = {
	{ 1, "addbr", cmd_addbr, "<bridge>\t\tadd bridge" },
	{ 1, "delbr", cmd_delbr, "<bridge>\t\tdelete bridge" },
	{ 2, "addif", cmd_addif, "<bridge> <device>\tadd interface to bridge" },
	{ 2, "delif", cmd_delif,
	  "<bridge> <device>\tdelete interface from bridge" },
	{ 3, "hairpin", cmd_hairpin,
	  "<bridge> <port> {on|off}\tturn hairpin on/off" },
	{ 2, "setageing", cmd_setageing, "<bridge> <time>\t\tset ageing time" },
	{ 2, "setbridgeprio", cmd_setbridgeprio,
	  "<bridge> <prio>\t\tset bridge priority" },
	{ 2, "setfd", cmd_setfd, "<bridge> <time>\t\tset bridge forward delay" },
	{ 2, "sethello", cmd_sethello, "<bridge> <time>\t\tset hello time" },
	{ 2, "setmaxage", cmd_setmaxage,
	  "<bridge> <time>\t\tset max message age" },
	{ 3, "setpathcost", cmd_setpathcost,
	  "<bridge> <port> <cost>\tset path cost" },
	{ 3, "setportprio", cmd_setportprio,
	  "<bridge> <port> <prio>\tset port priority" },
	{ 0, "show", cmd_show, "[ <bridge> ]\t\tshow a list of bridges" },
	{ 1, "showmacs", cmd_showmacs, "<bridge>\t\tshow a list of mac addrs" },
	{ 1, "showstp", cmd_showstp, "<bridge>\t\tshow bridge stp info" },
	{ 2, "stp", cmd_stp, "<bridge> {on|off}\tturn stp on/off" },
};

static const struct brctl_cmd *commands(size_t *n)
{
	*n = ARRAY_SIZE(cmd_table);
	return cmd_table;
}

/*
 * getopt_long(argc, argv, "Vh", {help, version}): GNU getopt looks at
 * every argument starting with '-'.  Returns -1 to go on, or the status.
 */
static int options(struct brctl *b, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--"))
			return -1;
		if (a[0] != '-' || !a[1])
			continue;
		if (a[1] == '-') {
			if (!strcmp(a, "--help") || !strcmp(a, "--hel") ||
			    !strcmp(a, "--he") || !strcmp(a, "--h")) {
				help(b);
				return 0;
			}
			if (vn_matches(a + 2, "version")) {
				vn_job_printf(b->job, "bridge-utils, 1.7\n");
				return 0;
			}
			vn_job_eprintf(b->job,
				       "brctl: unrecognized option '%s'\n", a);
		} else if (a[1] == 'h') {
			help(b);
			return 0;
		} else if (a[1] == 'V') {
			vn_job_printf(b->job, "bridge-utils, 1.7\n");
			return 0;
		} else {
			vn_job_eprintf(b->job, "brctl: invalid option -- '%c'\n",
				       a[1]);
		}
		vn_job_eprintf(b->job, "Unknown option '?'\n");
		help(b);
		return 1;
	}
	return -1;
}

int vn_cmd_brctl(struct vn_job *job, int argc, char **argv)
{
	struct brctl b = { .job = job, .ns = vn_job_netns(job) };
	const struct brctl_cmd *c = NULL;
	int rc = options(&b, argc, argv);

	if (rc >= 0)
		return rc;
	/* Options came first or were "--": skip them. */
	argc--;
	argv++;
	if (argc > 0 && !strcmp(argv[0], "--")) {
		argc--;
		argv++;
	}
	if (argc < 1) {
		help(&b);
		return 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(cmd_table); i++)
		if (!strcmp(argv[0], cmd_table[i].name))
			c = &cmd_table[i];
	if (!c) {
		vn_job_eprintf(job, "never heard of command [%s]\n", argv[0]);
		help(&b);
		return 1;
	}
	if (argc < c->nargs + 1) {
		vn_job_printf(job,
			      "Incorrect number of arguments for command\n");
		vn_job_printf(job, "Usage: brctl %s %s\n", c->name, c->help);
		return 1;
	}
	return c->fn(&b, argc, argv);
}
