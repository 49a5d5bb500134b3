// SPDX-License-Identifier: MIT
/*
 * cmd/ss.c - ss, the socket statistics of iproute2 6.1: TCP and UDP
 * sockets of the namespace with their states, queues and addresses, and
 * -s's summary.
 *
 * Where the data comes from: TCP entries (listeners, connections, SYN-RECV
 * requests, TIME-WAIT remnants) from vn_tcp_for_each(), which fills what
 * inet_diag gives ss; UDP sockets from vn_sock_for_each() (only bound
 * ones, as udp_diag dumps the hash table).  UDP before TCP, as ss dumps
 * them.
 *
 * Layout: ss buffers every field of every line, measures each column and
 * prints them aligned (misc/ss.c's render()).  Standard output of a vnet
 * command is never a terminal, so the "compact" widths apply: a column is
 * as wide as its longest field plus its left delimiter, with no extra
 * spacing.  The columns are ss's own, quirk included: the column headed
 * "Process" holds -p's users and -o's timer; the last one is empty.
 *
 * Without -n, ports are named from Debian netbase's services (the copy
 * tcpdump uses), except in the ephemeral range, as ss does.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The netbase port names; they belong in capture/print.h (reported). */
#include "capture/print_priv.h"
#include "cmd/commands.h"
#include "engine.h"
#include "inet/sock.h"
#include "inet/tcp.h"
#include "wire/ipv4.h"

/* The states ss knows, Linux's numbering (SS_*); bit n is state n. */
#define SS_MAX 12
#define SS_ALL ((1u << SS_MAX) - 1)
#define SB(st) (1u << (st))
/* What ss shows by default: no listeners, closed, TIME-WAIT, SYN-RECV. */
#define SS_DEFAULT                                                         \
	(SS_ALL & ~(SB(VN_TCP_LISTEN) | SB(VN_TCP_CLOSE) |                 \
		    SB(VN_TCP_TIME_WAIT) | SB(VN_TCP_SYN_RECV)))

static const char *const state_names[SS_MAX] = {
	"UNKNOWN",
	[VN_TCP_ESTABLISHED] = "ESTAB",
	[VN_TCP_SYN_SENT] = "SYN-SENT",
	[VN_TCP_SYN_RECV] = "SYN-RECV",
	[VN_TCP_FIN_WAIT1] = "FIN-WAIT-1",
	[VN_TCP_FIN_WAIT2] = "FIN-WAIT-2",
	[VN_TCP_TIME_WAIT] = "TIME-WAIT",
	[VN_TCP_CLOSE] = "UNCONN",
	[VN_TCP_CLOSE_WAIT] = "CLOSE-WAIT",
	[VN_TCP_LAST_ACK] = "LAST-ACK",
	[VN_TCP_LISTEN] = "LISTEN",
	[VN_TCP_CLOSING] = "CLOSING",
};

/* ss's state filter words (ss -h). */
static const struct {
	const char *name;
	unsigned states;
} state_words[] = {
	{ "all", SS_ALL },
	{ "connected", SS_ALL & ~(SB(VN_TCP_CLOSE) | SB(VN_TCP_LISTEN)) },
	{ "synchronized", SS_ALL & ~(SB(VN_TCP_CLOSE) | SB(VN_TCP_LISTEN) |
				     SB(VN_TCP_SYN_SENT)) },
	{ "bucket", SB(VN_TCP_SYN_RECV) | SB(VN_TCP_TIME_WAIT) },
	{ "big", SS_ALL & ~(SB(VN_TCP_SYN_RECV) | SB(VN_TCP_TIME_WAIT)) },
	{ "established", SB(VN_TCP_ESTABLISHED) },
	{ "syn-sent", SB(VN_TCP_SYN_SENT) },
	{ "syn-recv", SB(VN_TCP_SYN_RECV) },
	{ "fin-wait-1", SB(VN_TCP_FIN_WAIT1) },
	{ "fin-wait-2", SB(VN_TCP_FIN_WAIT2) },
	{ "time-wait", SB(VN_TCP_TIME_WAIT) },
	{ "closed", SB(VN_TCP_CLOSE) },
	{ "close-wait", SB(VN_TCP_CLOSE_WAIT) },
	{ "last-ack", SB(VN_TCP_LAST_ACK) },
	{ "listening", SB(VN_TCP_LISTEN) },
	{ "listen", SB(VN_TCP_LISTEN) },
	{ "closing", SB(VN_TCP_CLOSING) },
};

/* --- columns ------------------------------------------------------------ */

enum col {
	COL_NETID,
	COL_STATE,
	COL_RECVQ,
	COL_SENDQ,
	COL_ADDR,
	COL_SERV,
	COL_RADDR,
	COL_RSERV,
	COL_EXT,	/* headed "Process": users, timers */
	COL_PROC,	/* headed "" */
	COL_MAX
};

static const struct {
	bool right;
	const char *header;
	const char *ldelim;
} columns[COL_MAX] = {
	[COL_NETID] = { false, "Netid", "" },
	[COL_STATE] = { false, "State", " " },
	[COL_RECVQ] = { false, "Recv-Q", " " },
	[COL_SENDQ] = { false, "Send-Q", " " },
	[COL_ADDR] = { true, "Local Address:", " " },
	[COL_SERV] = { false, "Port", "" },
	[COL_RADDR] = { true, "Peer Address:", " " },
	[COL_RSERV] = { false, "Port", "" },
	[COL_EXT] = { false, "Process", "" },
	[COL_PROC] = { false, "", "" },
};

struct ss_line {
	char *f[COL_MAX];	/* NULL: empty */
};

struct ss {
	struct vn_job *job;
	struct vn_netns *ns;
	/* Options. */
	bool tcp, udp;		/* what to dump */
	bool numeric, header, options, summary;
	unsigned states;
	bool disabled[COL_MAX];
	/* The buffered lines. */
	struct ss_line *lines;
	size_t n_lines, cap_lines;
	bool failed;		/* out of memory */
};

static struct ss_line *line_new(struct ss *ss)
{
	if (ss->n_lines == ss->cap_lines) {
		size_t cap = ss->cap_lines ? 2 * ss->cap_lines : 64;
		struct ss_line *l = realloc(ss->lines, cap * sizeof(*l));

		if (!l) {
			ss->failed = true;
			return NULL;
		}
		ss->lines = l;
		ss->cap_lines = cap;
	}
	memset(&ss->lines[ss->n_lines], 0, sizeof(ss->lines[0]));
	return &ss->lines[ss->n_lines++];
}

static void field(struct ss *ss, struct ss_line *l, enum col c,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void field(struct ss *ss, struct ss_line *l, enum col c,
		  const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&l->f[c], fmt, ap);
	va_end(ap);
	if (n < 0) {
		l->f[c] = NULL;
		ss->failed = true;
	}
}

static size_t flen(const struct ss_line *l, enum col c)
{
	return l->f[c] ? strlen(l->f[c]) : 0;
}

/*
 * render() - print the buffered lines as ss's render() does when standard
 * output is not a terminal: each column as wide as its longest field,
 * plus the left delimiter for all but the first non-empty column.
 */
static void render(struct ss *ss)
{
	size_t width[COL_MAX] = { 0 };
	bool first = true;
	char *buf;
	size_t size = 1;

	for (int c = 0; c < COL_MAX; c++) {
		size_t max = 0;

		if (ss->disabled[c])
			continue;
		for (size_t i = 0; i < ss->n_lines; i++)
			if (flen(&ss->lines[i], c) > max)
				max = flen(&ss->lines[i], c);
		width[c] = max && !first ? max + strlen(columns[c].ldelim) : max;
		if (width[c])
			first = false;
		size += width[c] + max + 1;
	}
	buf = malloc(size);
	if (!buf) {
		ss->failed = true;
		return;
	}
	for (size_t i = 0; i < ss->n_lines; i++) {
		const struct ss_line *l = &ss->lines[i];
		bool started = false;
		size_t n = 0;

		for (int c = 0; c < COL_MAX; c++) {
			size_t len = flen(l, c), printed = 0;

			if (ss->disabled[c] || (!width[c] && !len))
				continue;
			if (started) {
				printed = strlen(columns[c].ldelim);
				memcpy(buf + n, columns[c].ldelim, printed);
				n += printed;
			}
			started = true;
			if (columns[c].right && width[c] > printed + len) {
				size_t pad = width[c] - printed - len;

				memset(buf + n, ' ', pad);
				n += pad;
				printed += pad;
			}
			memcpy(buf + n, l->f[c] ? l->f[c] : "", len);
			n += len;
			printed += len;
			if (!columns[c].right && width[c] > printed) {
				memset(buf + n, ' ', width[c] - printed);
				n += width[c] - printed;
			}
		}
		buf[n++] = '\n';
		vn_job_write(ss->job, 1, buf, n);
	}
	free(buf);
}

/* --- one socket per line ------------------------------------------------- */

static const char *service(const struct ss *ss, uint16_t port, bool udp,
			   char buf[8])
{
	const char *name;

	if (!port)
		return "*";
	if (!ss->numeric && (port < VN_PORT_EPHEMERAL_LOW ||
			     port > VN_PORT_EPHEMERAL_HIGH)) {
		name = udp ? vn_capture_udp_port_name(port) :
			     vn_capture_tcp_port_name(port);
		if (name)
			return name;
	}
	snprintf(buf, 8, "%u", port);
	return buf;
}

/* ss's print_ms_timer(). */
static void ms_timer(char *buf, size_t size, uint32_t timeout)
{
	unsigned secs = timeout / 1000, minutes = secs / 60;
	unsigned msecs = timeout % 1000;
	size_t n = 0;

	secs %= 60;
	buf[0] = '\0';
	if (minutes) {
		msecs = 0;
		n += (size_t)snprintf(buf + n, size - n, "%umin", minutes);
		if (minutes > 9)
			secs = 0;
	}
	if (secs) {
		if (secs > 9)
			msecs = 0;
		n += (size_t)snprintf(buf + n, size - n, "%u%s", secs,
				      msecs ? "." : "sec");
	}
	if (msecs)
		snprintf(buf + n, size - n, "%03ums", msecs);
}

struct sock_view {
	bool udp;
	uint8_t state;
	uint32_t rq, wq;
	uint32_t laddr, raddr;
	uint16_t lport, rport;
	int ifindex;
	uint8_t timer;		/* enum vn_tcp_timer_kind */
	int64_t timer_ns;
	uint8_t retrans;
};

static void add_sock(struct ss *ss, const struct sock_view *v)
{
	static const char *const timer_names[] = {
		"off", "on", "keepalive", "timewait", "persist", "unknown",
	};
	char addr[VN_IPV4_STRLEN], sbuf[8];
	struct ss_line *l;
	const struct vn_dev *dev = NULL;

	if (v->state >= SS_MAX || !(ss->states & SB(v->state)))
		return;
	l = line_new(ss);
	if (!l)
		return;
	field(ss, l, COL_NETID, "%s", v->udp ? "udp" : "tcp");
	field(ss, l, COL_STATE, "%s", state_names[v->state]);
	field(ss, l, COL_RECVQ, "%-6u", v->rq);
	field(ss, l, COL_SENDQ, "%-6u", v->wq);
	if (v->ifindex)
		dev = vn_dev_lookup_index(&ss->ns->devs, v->ifindex);
	vn_ipv4_format(addr, v->laddr);
	if (dev)
		field(ss, l, COL_ADDR, "%s%%%s:", addr, dev->name);
	else
		field(ss, l, COL_ADDR, "%s:", addr);
	field(ss, l, COL_SERV, "%s", service(ss, v->lport, v->udp, sbuf));
	vn_ipv4_format(addr, v->raddr);
	field(ss, l, COL_RADDR, "%s:", addr);
	field(ss, l, COL_RSERV, "%s", service(ss, v->rport, v->udp, sbuf));
	if (ss->options && v->timer) {
		char t[64];
		int64_t ms = v->timer_ns > 0 ? v->timer_ns / 1000000 : 0;
		unsigned k = v->timer > 4 ? 5 : v->timer;

		ms_timer(t, sizeof(t), (uint32_t)ms);
		field(ss, l, COL_EXT, " timer:(%s,%s,%u)", timer_names[k], t,
		      v->retrans);
	}
}

static int add_udp(const struct vn_sock *s, void *arg)
{
	struct sock_view v = {
		.udp = true,
		.state = s->connected ? VN_TCP_ESTABLISHED : VN_TCP_CLOSE,
		.rq = s->rx_bytes,
		.laddr = s->laddr,
		.lport = s->lport,
		.raddr = s->connected ? s->raddr : 0,
		.rport = s->connected ? s->rport : 0,
		.ifindex = s->bound_ifindex,
	};

	/* udp_diag dumps the hash table: sockets with a port. */
	if (s->bound && !s->user_closed)
		add_sock(arg, &v);
	return 0;
}

static int add_tcp(const struct vn_tcp_info *info, void *arg)
{
	struct sock_view v = {
		.state = info->state,
		.rq = info->rq,
		.wq = info->wq,
		.laddr = info->laddr,
		.lport = info->lport,
		.raddr = info->raddr,
		.rport = info->rport,
		.ifindex = info->bound_ifindex,
		.timer = info->timer,
		.timer_ns = info->timer_ns,
		.retrans = info->retransmits,
	};

	/* A closed socket is in no hash table inet_diag walks. */
	if (info->state != VN_TCP_CLOSE)
		add_sock(arg, &v);
	return 0;
}

/* --- -s ---------------------------------------------------------------------- */

/* /proc/net/sockstat's counts for this namespace, as ss reads them. */
struct sockstat {
	int socks;		/* sockets: used */
	int tcp_inuse, tcp_orphan, tcp_tw, tcp_alloc, tcp_estab;
	int udp_inuse, frag;
};

static int count_sock(const struct vn_sock *s, void *arg)
{
	struct sockstat *st = arg;

	if (!s->user_closed)
		st->socks++;
	if (s->proto == VN_IPPROTO_UDP && s->bound && !s->user_closed)
		st->udp_inuse++;
	return 0;
}

static int count_tcp(const struct vn_tcp_info *info, void *arg)
{
	struct sockstat *st = arg;

	if (!info->full) {
		/* TIME-WAIT and orphaned FIN-WAIT-2 remnants are "tw";
		 * requests are counted nowhere. */
		if (info->state != VN_TCP_SYN_RECV)
			st->tcp_tw++;
		return 0;
	}
	st->tcp_alloc++;
	if (info->state != VN_TCP_CLOSE)
		st->tcp_inuse++;
	if (info->orphan)
		st->tcp_orphan++;
	if (info->state == VN_TCP_ESTABLISHED ||
	    info->state == VN_TCP_CLOSE_WAIT)
		st->tcp_estab++;	/* TCP_MIB_CURRESTAB */
	return 0;
}

static int summary(struct ss *ss)
{
	struct vn_inet *inet = &ss->ns->inet;
	struct sockstat st = { 0 };
	int inet_total;

	vn_sock_for_each(inet, 0, count_sock, &st);
	if (vn_tcp_for_each(inet, count_tcp, &st))
		return -1;
	st.frag = (int)inet->reasm.n_queues;
	inet_total = st.udp_inuse + st.tcp_inuse;
	vn_job_printf(ss->job,
		      "Total: %d\n"
		      "TCP:   %d (estab %d, closed %d, orphaned %d, timewait %d)\n"
		      "\n"
		      "Transport Total     IP        IPv6\n"
		      "RAW\t  %-9d %-9d %-9d\n"
		      "UDP\t  %-9d %-9d %-9d\n"
		      "TCP\t  %-9d %-9d %-9d\n"
		      "INET\t  %-9d %-9d %-9d\n"
		      "FRAG\t  %-9d %-9d %-9d\n"
		      "\n",
		      st.socks, st.tcp_alloc + st.tcp_tw, st.tcp_estab,
		      st.tcp_alloc - (st.tcp_inuse - st.tcp_tw), st.tcp_orphan,
		      st.tcp_tw, 0, 0, 0, st.udp_inuse, st.udp_inuse, 0,
		      st.tcp_inuse, st.tcp_inuse, 0, inet_total, inet_total, 0,
		      st.frag, st.frag, 0);
	return 0;
}

/* --- arguments ----------------------------------------------------------- */

static const char usage_text[] =
	"Usage: ss [ OPTIONS ]\n"
	"       ss [ OPTIONS ] [ FILTER ]\n"
	"   -h, --help          this message\n"
	"   -V, --version       output version information\n"
	"   -n, --numeric       don't resolve service names\n"
	"   -r, --resolve       resolve host names\n"
	"   -a, --all           display all sockets\n"
	"   -l, --listening     display listening sockets\n"
	"   -o, --options       show timer information\n"
	"   -p, --processes     show process using socket\n"
	"   -s, --summary       show socket usage summary\n"
	"   -N, --net           switch to the specified network namespace name\n"
	"\n"
	"   -4, --ipv4          display only IP version 4 sockets\n"
	"   -t, --tcp           display only TCP sockets\n"
	"   -u, --udp           display only UDP sockets\n"
	"\n"
	"   -H, --no-header     Suppress header line\n"
	"\n"
	"       FILTER := [ state STATE-FILTER ]\n"
	"       STATE-FILTER := {all|connected|synchronized|bucket|big|TCP-STATES}\n"
	"         TCP-STATES := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|closed|close-wait|last-ack|listening|closing}\n"
	"          connected := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}\n"
	"       synchronized := {established|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}\n"
	"             bucket := {syn-recv|time-wait}\n"
	"                big := {established|syn-sent|fin-wait-{1,2}|closed|close-wait|last-ack|listening|closing}\n";

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "numeric", no_argument, NULL, 'n' },
	{ "resolve", no_argument, NULL, 'r' },
	{ "all", no_argument, NULL, 'a' },
	{ "listening", no_argument, NULL, 'l' },
	{ "options", no_argument, NULL, 'o' },
	{ "processes", no_argument, NULL, 'p' },
	{ "summary", no_argument, NULL, 's' },
	{ "net", required_argument, NULL, 'N' },
	{ "ipv4", no_argument, NULL, '4' },
	{ "tcp", no_argument, NULL, 't' },
	{ "udp", no_argument, NULL, 'u' },
	{ "no-header", no_argument, NULL, 'H' },
	{ NULL, 0, NULL, 0 },
};

static int usage(struct vn_job *job)
{
	vn_job_eprintf(job, "%s", usage_text);
	return 255;
}

/* "state X" / "exclude X" words.  Return: 0, or an exit status. */
static int parse_filter(struct ss *ss, int argc, char **argv, bool *given)
{
	unsigned states = 0;
	bool any = false;

	for (int i = 0; i < argc; i++) {
		bool exclude = !strcmp(argv[i], "exclude") ||
			       !strcmp(argv[i], "excl");
		unsigned bits = 0;
		bool found = false;

		if (strcmp(argv[i], "state") && !exclude) {
			vn_job_eprintf(ss->job,
				       "ss: filter expression \"%s\" is not supported by vnet (only state filters)\n",
				       argv[i]);
			return 1;
		}
		if (++i >= argc) {
			vn_job_eprintf(ss->job, "ss: wrong state name: (null)\n");
			return 255;
		}
		for (size_t k = 0; k < ARRAY_SIZE(state_words); k++) {
			if (!strcmp(argv[i], state_words[k].name)) {
				bits = state_words[k].states;
				found = true;
			}
		}
		if (!found) {
			vn_job_eprintf(ss->job, "ss: wrong state name: %s\n",
				       argv[i]);
			return 255;
		}
		/* The first state word replaces the default set. */
		if (!any && !exclude)
			states = 0;
		if (!any && exclude)
			states = ss->states;
		any = true;
		if (exclude)
			states &= ~bits;
		else
			states |= bits;
	}
	if (any)
		ss->states = states;
	*given = any;
	return 0;
}

static void free_lines(struct ss *ss)
{
	for (size_t i = 0; i < ss->n_lines; i++)
		for (int c = 0; c < COL_MAX; c++)
			free(ss->lines[i].f[c]);
	free(ss->lines);
}

int vn_cmd_ss(struct vn_job *job, int argc, char **argv)
{
	struct ss ss = { .job = job, .ns = vn_job_netns(job), .header = true };
	bool all = false, listening = false, proto_given, states_given;
	const char *netns = NULL;
	int c, rc;

	optind = 0;	/* glibc: full re-initialisation for every command */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hVnraloipsN:4tuHemxw06", long_opts,
				NULL)) != -1) {
		switch (c) {
		case 'h':
			vn_job_printf(job, "%s", usage_text);
			return 0;
		case 'V':
			vn_job_printf(job, "ss utility, iproute2-6.1.0\n");
			return 0;
		case 'n':
			ss.numeric = true;
			break;
		case 'r':
		case '4':
		case 'p':	/* vnet sockets belong to no process */
			break;
		case 'a':
			all = true;
			break;
		case 'l':
			listening = true;
			break;
		case 'o':
			ss.options = true;
			break;
		case 's':
			ss.summary = true;
			break;
		case 'N':
			netns = optarg;
			break;
		case 't':
			ss.tcp = true;
			break;
		case 'u':
			ss.udp = true;
			break;
		case 'H':
			ss.header = false;
			break;
		case ':':
			vn_job_eprintf(job, "ss: option requires an argument -- '%c'\n",
				       optopt);
			return usage(job);
		case '?':
			if (optopt)
				vn_job_eprintf(job, "ss: invalid option -- '%c'\n",
					       optopt);
			else
				vn_job_eprintf(job, "ss: unrecognized option '%s'\n",
					       argv[optind - 1]);
			return usage(job);
		default:
			vn_job_eprintf(job, "ss: option -%c is not supported by vnet\n",
				       c);
			return 1;
		}
	}
	if (netns) {
		ss.ns = vn_engine_netns(vn_job_engine(job), netns);
		if (!ss.ns || !*netns) {
			vn_job_eprintf(job, "Cannot open network namespace \"%s\": No such file or directory\n",
				       netns);
			return 1;
		}
	}
	proto_given = ss.tcp || ss.udp;
	if (!proto_given)
		ss.tcp = ss.udp = true;
	ss.states = all ? SS_ALL :
		    listening ? SB(VN_TCP_LISTEN) | SB(VN_TCP_CLOSE) :
				SS_DEFAULT;
	rc = parse_filter(&ss, argc - optind, argv + optind, &states_given);
	if (rc)
		return rc;
	if (ss.summary) {
		if (summary(&ss)) {
			vn_job_eprintf(job, "ss: %s\n", strerror(ENOMEM));
			return 1;
		}
		/* Without a protocol or a filter, -s is all ss prints. */
		if (!proto_given && !states_given)
			return 0;
	}
	/* One protocol: no Netid column; one state: no State column. */
	ss.disabled[COL_NETID] = !(ss.tcp && ss.udp);
	ss.disabled[COL_STATE] = !(ss.states & (ss.states - 1));
	if (ss.header) {
		struct ss_line *l = line_new(&ss);

		for (int k = 0; l && k < COL_PROC; k++)
			field(&ss, l, (enum col)k, "%s", columns[k].header);
	}
	if (ss.udp)
		vn_sock_for_each(&ss.ns->inet, VN_IPPROTO_UDP, add_udp, &ss);
	if (ss.tcp && vn_tcp_for_each(&ss.ns->inet, add_tcp, &ss))
		ss.failed = true;
	if (!ss.failed)
		render(&ss);
	free_lines(&ss);
	if (ss.failed) {
		vn_job_eprintf(job, "ss: %s\n", strerror(ENOMEM));
		return 1;
	}
	return 0;
}
