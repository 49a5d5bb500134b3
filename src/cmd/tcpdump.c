// SPDX-License-Identifier: MIT
/*
 * cmd/tcpdump.c - `tcpdump`: capture on a device and print or write what
 * crosses it, or read a pcap file, as tcpdump 4.99 (Debian 12) does.
 *
 * Theory of operation.  A live capture is a job holding a struct capture:
 * a sniffer on the device (dev/dev.h), the compiled filter, a TCP-aware
 * printer or a pcap writer, and a bounded buffer standing in for the
 * packet socket's receive queue.  The sniffer runs on the packet path for
 * every frame crossing the device in either direction: it applies the
 * direction (-Q) and the filter, as the kernel runs the socket filter, and
 * copies up to snaplen bytes with a timestamp into the buffer.  It never
 * keeps a reference to the frame.  A zero-delay job timer then drains the
 * buffer, printing or writing each record, as tcpdump's pcap_loop() reads
 * the ring: output comes after the frames that caused it have been
 * processed (up to one backlog batch later), never in the middle of a
 * protocol handler.
 *
 * Counters are libpcap's: "received by filter" counts frames that passed
 * the filter (including those libpcap then discards for -Q, and the
 * outgoing copy of frames on lo), "captured" those the job handled, and
 * "dropped by kernel" those that found the buffer full (-B sets its size, 2 MiB by default as
 * libpcap's; each drop is also counted as CAPTURE_FULL in the namespace).
 * Promiscuous mode is a promiscuity reference on the device for the life
 * of the capture (-p: none), as PACKET_MR_PROMISC is; on a bridge it makes
 * the bridge pass every forwarded frame up, which is why `tcpdump -i br0`
 * sees them.
 *
 * The capture ends with -c, with a signal (SIGINT, SIGTERM, SIGHUP: the
 * buffer is drained, a newline goes to standard output when printing, the
 * summary to standard error, exit 0), or when the device is deleted or
 * leaves the namespace ("pcap_loop: The interface disappeared", summary,
 * exit 1).  Steady state allocates nothing: the buffer, the printer, the
 * text buffer and the pcap stream are set up when the job starts.
 *
 * Deliberate differences: timestamps are UTC (tcpdump uses the local time
 * zone); frames still queued when the capture is interrupted are printed
 * (a kernel capture may lose what sits in an unfilled ring block); the
 * "any" pseudo-device, -v, -q, -A, -D, -L and rotation (-C, -G, -W) are
 * not supported.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "capture/filter.h"
#include "capture/pcap.h"
#include "capture/print.h"
#include "cmd/commands.h"
#include "engine.h"

#define DEFAULT_BUFFER_KIB 2048		/* libpcap's default -B */
#define MAX_FRAME VN_BUF_LARGE_SIZE	/* largest frame a device passes */
#define REC_ALIGN 8u

enum direction {
	DIR_INOUT,
	DIR_IN,
	DIR_OUT,
};

/* Why a live capture ends: pcap_loop()'s return value in tcpdump. */
enum capture_end {
	END_COUNT,		/* -c reached: 0 */
	END_SIGNAL,		/* pcap_breakloop(): -2 */
	END_GONE,		/* the device disappeared: -1 */
};

struct options {
	const char *device;	/* -i */
	const char *read_file;	/* -r */
	const char *write_file;	/* -w */
	const char *filter_file;	/* -F */
	long count;		/* -c, 0: forever */
	uint32_t snaplen;	/* -s */
	uint32_t buffer_kib;	/* -B */
	enum direction dir;	/* -Q */
	bool promisc;		/* not -p */
	bool number;		/* -# */
	bool print;		/* --print (with -w) */
	bool flush;		/* -U */
	struct vn_print_opts popts;
};

/* A frame waiting in the capture buffer. */
struct rec {
	int64_t sec;
	int32_t usec;
	uint32_t caplen;
	uint32_t len;
	uint32_t pad;
};

struct capture {
	struct vn_job *job;
	struct options o;
	struct vn_sniffer sniffer;
	struct vn_dev *dev;	/* NULL once stopped or gone */
	struct vn_env *env;
	struct vn_drop_stats *ns_drops;	/* the device's namespace */
	bool promisc_held;
	bool gone;		/* the device disappeared */
	bool done;		/* finished: ignore everything */
	struct vn_filter filter;
	struct vn_pcap_writer writer;
	bool writing;
	struct vn_job_timer *drain_timer;
	uint8_t *buf;		/* the capture buffer */
	size_t buf_size, buf_used;
	uint64_t n_received, n_captured, n_dropped;
	char *text;		/* one printed frame */
	size_t text_size;
	struct vn_capture_printer printer;	/* large: keep last */
};

static int fail(struct vn_job *job, const char *fmt, ...) VN_PRINTF(2, 3);

/* tcpdump's error(): "tcpdump: " and the message, exit status 1. */
static int fail(struct vn_job *job, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vn_job_eprintf(job, "tcpdump: %s\n", msg);
	return 1;
}

static const char usage_text[] =
	"Usage: tcpdump [-eflKnNOpStUxX#] [ -B size ] [ -c count ] [--count]\n"
	"\t\t[ -F file ] [ -i interface ] [ --immediate-mode ]\n"
	"\t\t[ --number ] [ --print ] [ -Q in|out|inout ]\n"
	"\t\t[ -r file ] [ -s snaplen ] [ --version ] [ -w file ]\n"
	"\t\t[ -Z user ] [ expression ]\n";

static int usage(struct vn_job *job, int status)
{
	vn_job_eprintf(job, "tcpdump version 4.99.3 (vnet)\n%s\n%s",
		       pcap_lib_version(), usage_text);
	return status;
}

/* --- the text of one frame ------------------------------------------------ */

/* Room for the longest line: a hex dump of the largest frame, twice. */
static size_t text_size_for(uint32_t snaplen)
{
	size_t bytes = VN_MIN((size_t)snaplen, (size_t)VN_PCAP_SNAPLEN);

	return 8192 + 2 * (bytes / 16 + 2) * 80;
}

/* Prints one frame as tcpdump's pretty_print_packet(), newline included. */
static void print_frame(struct vn_job *job, struct vn_capture_printer *pr,
			char *text, size_t size, bool number, uint64_t nr,
			const uint8_t *frame, uint32_t caplen, uint32_t len,
			int64_t sec, int32_t usec)
{
	size_t off = 0, n;

	if (number)
		off = (size_t)snprintf(text, size, "%5u  ", (unsigned int)nr);
	n = vn_capture_print(pr, text + off, size - off - 1, frame, caplen,
			     len, sec, usec);
	off += VN_MIN(n, size - off - 2);
	text[off++] = '\n';
	vn_job_write(job, 1, text, off);
}

/* --- reading a file (-r) ------------------------------------------------- */

static int read_file(struct vn_job *job, struct options *o,
		     const struct vn_filter *filter)
{
	struct vn_capture_printer *pr = NULL;
	struct vn_pcap_writer w = { 0 };
	struct vn_pcap_reader r;
	struct vn_pcap_record rec;
	uint8_t *frame = NULL;
	char *text = NULL;
	size_t text_size;
	uint64_t n = 0;
	int rc, status = 0;

	rc = vn_pcap_reader_open(&r, o->read_file);
	if (rc == -EINVAL)
		return fail(job, "%s", r.errmsg);
	if (rc)
		return fail(job, "%s: %s", o->read_file, strerror(-rc));
	if (r.linktype != VN_LINKTYPE_ETHERNET) {
		vn_pcap_reader_close(&r);
		return fail(job, "%s: link-type %u: vnet reads Ethernet captures only",
			    o->read_file, r.linktype);
	}
	text_size = text_size_for(VN_PCAP_SNAPLEN);
	frame = malloc(VN_PCAP_SNAPLEN);
	text = malloc(text_size);
	pr = malloc(sizeof(*pr));
	if (!frame || !text || !pr) {
		status = fail(job, "%s", strerror(ENOMEM));
		goto out;
	}
	if (o->write_file) {
		rc = vn_pcap_writer_open(&w, o->write_file, r.snaplen);
		if (rc) {
			status = fail(job, "%s: %s", o->write_file,
				      strerror(-rc));
			goto out;
		}
	}
	vn_capture_printer_init(pr, &o->popts);
	vn_job_eprintf(job,
		       "reading from file %s, link-type EN10MB (Ethernet), snapshot length %u\n",
		       o->read_file, r.snaplen);
	while ((rc = vn_pcap_read(&r, &rec, frame, VN_PCAP_SNAPLEN)) == 1) {
		if (!vn_filter_match(filter, frame, rec.caplen))
			continue;
		n++;
		/*
		 * The writer keeps min(len, snaplen) bytes: give it the wire
		 * length when that is what the record holds, as it is for
		 * frames cut by the file's own snapshot length.
		 */
		if (w.f)
			vn_pcap_write(&w, frame,
				      rec.caplen == VN_MIN(rec.len, w.snaplen) ?
					      rec.len : rec.caplen,
				      rec.sec, rec.usec);
		if (!w.f || o->print)
			print_frame(job, pr, text, text_size, o->number, n,
				    frame, rec.caplen, rec.len, rec.sec,
				    rec.usec);
		if (o->count && n >= (uint64_t)o->count)
			break;
	}
	if (rc < 0) {
		status = fail(job, "pcap_loop: %s",
			      rc == -EINVAL ? r.errmsg : strerror(-rc));
	}
	if (w.f && vn_pcap_writer_close(&w) && !status)
		status = fail(job, "%s: %s", o->write_file, strerror(EIO));
out:
	if (w.f)
		vn_pcap_writer_close(&w);
	vn_pcap_reader_close(&r);
	free(pr);
	free(text);
	free(frame);
	return status;
}

/* --- the live capture --------------------------------------------------- */

/* Detaches from the device; safe to call more than once. */
static void stop_capture(struct capture *cap)
{
	if (cap->dev) {
		vn_dev_sniffer_del(cap->dev, &cap->sniffer);
		if (cap->promisc_held)
			vn_dev_set_promiscuity(cap->dev, -1);
		cap->promisc_held = false;
		cap->dev = NULL;
	}
	if (cap->drain_timer)
		vn_job_timer_cancel(cap->drain_timer);
}

/* tcpdump's info(1). */
static void print_summary(struct capture *cap)
{
	vn_job_eprintf(cap->job, "%llu packet%s captured\n",
		       (unsigned long long)cap->n_captured,
		       cap->n_captured == 1 ? "" : "s");
	vn_job_eprintf(cap->job, "%llu packet%s received by filter\n",
		       (unsigned long long)cap->n_received,
		       cap->n_received == 1 ? "" : "s");
	vn_job_eprintf(cap->job, "%llu packet%s dropped by kernel\n",
		       (unsigned long long)cap->n_dropped,
		       cap->n_dropped == 1 ? "" : "s");
}

/*
 * The end of tcpdump's main(): an interrupted capture that prints gets a
 * newline (for a half-printed line), a vanished device an error and exit
 * status 1; the summary always.
 */
static void finish(struct capture *cap, enum capture_end why)
{
	int status = 0;

	cap->done = true;
	stop_capture(cap);
	if (cap->writing) {
		cap->writing = false;
		if (vn_pcap_writer_close(&cap->writer))
			vn_job_eprintf(cap->job, "tcpdump: %s: %s\n",
				       cap->o.write_file, strerror(EIO));
	}
	if (why == END_SIGNAL && (!cap->o.write_file || cap->o.print))
		vn_job_write(cap->job, 1, "\n", 1);
	if (why == END_GONE) {
		vn_job_eprintf(cap->job,
			       "tcpdump: pcap_loop: The interface disappeared\n");
		status = 1;
	}
	print_summary(cap);
	vn_job_exit(cap->job, status);
}

/* Handles what the buffer holds; returns false if the capture ended. */
static bool drain(struct capture *cap)
{
	size_t off = 0;

	while (off < cap->buf_used) {
		const struct rec *r = (const struct rec *)(cap->buf + off);
		const uint8_t *frame = (const uint8_t *)(r + 1);

		off += (sizeof(*r) + r->caplen + REC_ALIGN - 1) &
		       ~(size_t)(REC_ALIGN - 1);
		cap->n_captured++;
		if (cap->writing) {
			vn_pcap_write(&cap->writer, frame, r->len, r->sec,
				      r->usec);
			if (cap->o.flush)
				vn_pcap_flush(&cap->writer);
		}
		if (!cap->o.write_file || cap->o.print)
			print_frame(cap->job, &cap->printer, cap->text,
				    cap->text_size, cap->o.number,
				    cap->n_captured, frame, r->caplen, r->len,
				    r->sec, r->usec);
		if (cap->o.count && cap->n_captured >= (uint64_t)cap->o.count) {
			cap->buf_used = 0;
			finish(cap, END_COUNT);
			return false;
		}
	}
	cap->buf_used = 0;
	return true;
}

static void drain_fire(struct vn_job_timer *t, void *arg)
{
	struct capture *cap = arg;

	(void)t;
	if (cap->done)
		return;
	if (drain(cap) && cap->gone)
		finish(cap, END_GONE);
}

/*
 * The sniffer: packet path, no allocation.  Filters and copies; the
 * drain timer does the rest.
 */
static void cap_frame(struct vn_sniffer *s, struct vn_dev *dev,
		      const struct vn_buf *buf, bool outgoing)
{
	struct capture *cap = container_of(s, struct capture, sniffer);
	uint32_t caplen;
	size_t need;
	struct rec *r;

	if (cap->done || !vn_filter_match(&cap->filter, buf->data, buf->len))
		return;
	cap->n_received++;
	/*
	 * libpcap drops these in user space, after the kernel counted them
	 * as received: the other direction with -Q, and lo's outgoing copy
	 * of a frame that comes back in (so lo shows each frame once).
	 */
	if ((cap->o.dir == DIR_IN && outgoing) ||
	    (cap->o.dir == DIR_OUT && !outgoing) ||
	    (outgoing && dev->type == VN_ARPHRD_LOOPBACK))
		return;
	caplen = VN_MIN(buf->len, cap->o.snaplen);
	need = (sizeof(*r) + caplen + REC_ALIGN - 1) & ~(size_t)(REC_ALIGN - 1);
	if (unlikely(cap->buf_used + need > cap->buf_size)) {
		/* The socket's queue is full: tp_drops, the clone's drop. */
		cap->n_dropped++;
		dev->space->drops.n[VN_DROP_CAPTURE_FULL]++;
		vn_pool_drop_stats(cap->env->pool)->n[VN_DROP_CAPTURE_FULL]++;
		return;
	}
	r = (struct rec *)(cap->buf + cap->buf_used);
	vn_clock_wall(&cap->env->clock, vn_env_now(cap->env), &r->sec,
		      &r->usec);
	r->caplen = caplen;
	r->len = buf->len;
	r->pad = 0;
	memcpy(r + 1, buf->data, caplen);
	if (!cap->buf_used)
		vn_job_timer_arm(cap->drain_timer, vn_job_now(cap->job));
	cap->buf_used += need;
}

/* The device is being deleted or moved away: already unlinked. */
static void cap_gone(struct vn_sniffer *s, struct vn_dev *dev)
{
	struct capture *cap = container_of(s, struct capture, sniffer);

	/* Leaving the namespace drops the socket's memberships too. */
	if (cap->promisc_held)
		vn_dev_set_promiscuity(dev, -1);
	cap->promisc_held = false;
	cap->dev = NULL;
	cap->gone = true;
	vn_job_timer_arm(cap->drain_timer, vn_job_now(cap->job));
}

static void cap_signal(struct vn_job *job, int sig)
{
	struct capture *cap = vn_job_data(job);

	if (sig != SIGINT && sig != SIGTERM && sig != SIGHUP &&
	    sig != SIGPIPE) {
		stop_capture(cap);
		vn_job_exit(job, 128 + sig);
		return;
	}
	/* pcap_breakloop(): what was queued is handled first. */
	if (!cap->done && drain(cap))
		finish(cap, END_SIGNAL);
}

static void cap_release(struct vn_job *job)
{
	struct capture *cap = vn_job_data(job);

	if (!cap)
		return;
	/* The session has freed the job's timers by now. */
	cap->drain_timer = NULL;
	stop_capture(cap);
	if (cap->writing)
		vn_pcap_writer_close(&cap->writer);
	vn_filter_free(&cap->filter);
	free(cap->buf);
	free(cap->text);
	free(cap);
}

static const struct vn_job_ops cap_ops = {
	.signal = cap_signal,
	.release = cap_release,
};

/* `-w -`: the pcap stream goes to the job's standard output. */
static ssize_t job_stdout_write(void *cookie, const char *p, size_t n)
{
	vn_job_write(cookie, 1, p, n);
	return (ssize_t)n;
}

static int open_writer(struct capture *cap)
{
	cookie_io_functions_t io = { .write = job_stdout_write };
	FILE *f;

	if (strcmp(cap->o.write_file, "-"))
		return vn_pcap_writer_open(&cap->writer, cap->o.write_file,
					   cap->o.snaplen);
	f = fopencookie(cap->job, "w", io);
	if (!f)
		return -ENOMEM;
	if (vn_pcap_writer_init(&cap->writer, f, cap->o.snaplen)) {
		fclose(f);
		return -EIO;
	}
	cap->writer.own = true;
	return 0;
}

/* Starts the capture job on @dev; takes the compiled filter from @f. */
static int live(struct vn_job *job, struct vn_dev *dev, struct options *o,
		struct vn_filter *f)
{
	struct capture *cap;
	int rc;

	cap = calloc(1, sizeof(*cap));
	if (!cap)
		return fail(job, "%s", strerror(ENOMEM));
	cap->job = job;
	cap->o = *o;
	cap->filter = *f;
	memset(f, 0, sizeof(*f));
	cap->env = dev->space->env;
	cap->buf_size = (size_t)o->buffer_kib * 1024;
	cap->buf = malloc(cap->buf_size);
	cap->text_size = text_size_for(o->snaplen);
	cap->text = malloc(cap->text_size);
	if (!cap->buf || !cap->text) {
		rc = fail(job, "%s", strerror(ENOMEM));
		goto free;
	}
	if (o->write_file) {
		rc = open_writer(cap);
		if (rc) {
			rc = fail(job, "%s: %s", o->write_file, strerror(-rc));
			goto free;
		}
		cap->writing = true;
	}
	vn_capture_printer_init(&cap->printer, &o->popts);
	cap->drain_timer = vn_job_timer_new(job, drain_fire, cap);
	vn_job_set_ops(job, &cap_ops, cap);

	cap->sniffer.frame = cap_frame;
	cap->sniffer.gone = cap_gone;
	cap->dev = dev;
	vn_dev_sniffer_add(dev, &cap->sniffer);
	if (o->promisc) {
		vn_dev_set_promiscuity(dev, 1);
		cap->promisc_held = true;
	}
	if (!o->write_file)
		vn_job_eprintf(job,
			       "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n");
	vn_job_eprintf(job,
		       "%slistening on %s, link-type EN10MB (Ethernet), snapshot length %u bytes\n",
		       o->write_file ? "tcpdump: " : "", dev->name, o->snaplen);
	return VN_JOB_RUNNING;
free:
	vn_filter_free(&cap->filter);
	free(cap->buf);
	free(cap->text);
	free(cap);
	return rc;
}

/* --- options ------------------------------------------------------------ */

enum {
	OPT_IMMEDIATE = 256,
	OPT_PRINT,
	OPT_VERSION,
	OPT_COUNT,
};

static const struct option long_opts[] = {
	{ "buffer-size", required_argument, NULL, 'B' },
	{ "direction", required_argument, NULL, 'Q' },
	{ "help", no_argument, NULL, 'h' },
	{ "interface", required_argument, NULL, 'i' },
	{ "immediate-mode", no_argument, NULL, OPT_IMMEDIATE },
	{ "no-promiscuous-mode", no_argument, NULL, 'p' },
	{ "number", no_argument, NULL, '#' },
	{ "print", no_argument, NULL, OPT_PRINT },
	{ "snapshot-length", required_argument, NULL, 's' },
	{ "relinquish-privileges", required_argument, NULL, 'Z' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "count", no_argument, NULL, OPT_COUNT },
	{ NULL, 0, NULL, 0 },
};

/* Options tcpdump has and vnet does not; named in the refusal. */
static const char unsupported[] = "aAbCdDEGHIjJLmMqTuvVWyz";

/* tcpdump's read_infile(): the file, with # comments blanked out. */
static char *read_filter_file(struct vn_job *job, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *text = NULL;
	size_t size = 0, n;

	if (!fp) {
		fail(job, "can't open %s: %s", path, strerror(errno));
		return NULL;
	}
	if (getdelim(&text, &size, '\0', fp) < 0) {
		free(text);
		text = strdup("");
	}
	fclose(fp);
	if (!text) {
		fail(job, "%s", strerror(ENOMEM));
		return NULL;
	}
	n = strlen(text);
	for (size_t i = 0; i < n; i++)
		if (text[i] == '#')
			while (i < n && text[i] != '\n')
				text[i++] = ' ';
	return text;
}

/* tcpdump's copy_argv(): the words joined by single spaces. */
static char *join_words(char **argv, int argc)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/* Returns -1 to go on, or an exit status. */
static int parse_options(struct vn_job *job, int argc, char **argv,
			 struct options *o)
{
	char *end;
	long v;
	int c;

	memset(o, 0, sizeof(*o));
	o->snaplen = VN_PCAP_SNAPLEN;
	o->buffer_kib = DEFAULT_BUFFER_KIB;
	o->promisc = true;
	optind = 0;	/* glibc: full re-initialisation for every command */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":B:c:eF:hi:KlnNOpQ:r:s:StUw:xXZ:#",
				long_opts, NULL)) != -1) {
		switch (c) {
		case 'B':
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v <= 0 ||
			    v > INT_MAX / 1024)
				return fail(job,
					    "invalid packet buffer size %s",
					    optarg);
			o->buffer_kib = (uint32_t)v;
			break;
		case 'c':
			/* tcpdump keeps an int and refuses what is not > 0. */
			v = (int)strtol(optarg, &end, 0);
			if (end == optarg || *end || v <= 0)
				return fail(job, "invalid packet count %s",
					    optarg);
			o->count = v;
			break;
		case 'e':
			o->popts.ether = true;
			break;
		case 'F':
			o->filter_file = optarg;
			break;
		case 'h':
			return usage(job, 0);
		case 'i':
			o->device = optarg;
			break;
		case 'K':	/* no checksum checks: none are done at -v0 */
		case 'l':	/* line buffered: lines are written whole */
		case 'N':	/* no domain names: none are printed */
		case 'O':	/* no optimiser: same matches either way */
		case 'Z':	/* dropping privileges: there are none */
		case OPT_IMMEDIATE:	/* every frame is handled at once */
			break;
		case 'n':
			o->popts.numeric = true;
			break;
		case 'p':
			o->promisc = false;
			break;
		case 'Q':
			if (!strcasecmp(optarg, "in"))
				o->dir = DIR_IN;
			else if (!strcasecmp(optarg, "out"))
				o->dir = DIR_OUT;
			else if (!strcasecmp(optarg, "inout"))
				o->dir = DIR_INOUT;
			else
				return fail(job, "unknown capture direction `%s'",
					    optarg);
			break;
		case 'r':
			o->read_file = optarg;
			break;
		case 's':
			v = strtol(optarg, &end, 0);
			if (end == optarg || *end || v < 0 ||
			    v > (long)VN_PCAP_SNAPLEN)
				return fail(job, "invalid snaplen %s (must be >= 0 and <= %u)",
					    optarg, VN_PCAP_SNAPLEN);
			o->snaplen = v ? (uint32_t)v : VN_PCAP_SNAPLEN;
			break;
		case 'S':
			o->popts.absolute_seq = true;
			break;
		case 't':
			/* -t .. -ttttt: ts_print()'s cases 1 .. 5, in order. */
			if (o->popts.tstamp == VN_TSTAMP_SINCE_FIRST)
				return fail(job, "only -t, -tt, -ttt, -tttt and -ttttt are supported");
			o->popts.tstamp++;
			break;
		case 'U':
			o->flush = true;
			break;
		case 'w':
			o->write_file = optarg;
			break;
		case 'x':
			o->popts.hex++;
			break;
		case 'X':
			o->popts.hex_ascii++;
			break;
		case '#':
			o->number = true;
			break;
		case OPT_PRINT:
			o->print = true;
			break;
		case OPT_COUNT:
			return fail(job, "--count is not supported by vnet");
		case OPT_VERSION:
			vn_job_printf(job, "tcpdump version 4.99.3 (vnet)\n%s\n",
				      pcap_lib_version());
			return 0;
		case ':':
			if (optopt)
				vn_job_eprintf(job, "tcpdump: option requires an argument -- '%c'\n",
					       optopt);
			else
				vn_job_eprintf(job, "tcpdump: option '%s' requires an argument\n",
					       argv[optind - 1]);
			return usage(job, 1);
		default:
			if (optopt && strchr(unsupported, optopt))
				return fail(job, "option -%c is not supported by vnet",
					    optopt);
			if (optopt)
				vn_job_eprintf(job, "tcpdump: invalid option -- '%c'\n",
					       optopt);
			else
				vn_job_eprintf(job, "tcpdump: unrecognized option '%s'\n",
					       argv[optind - 1]);
			return usage(job, 1);
		}
	}
	return -1;
}

/**
 * vn_cmd_tcpdump() - the `tcpdump` command
 * @job: the job; its namespace is where the device is looked up
 * @argc: argument count
 * @argv: tcpdump's options, then the filter expression words
 *
 * Context: control path.  A live capture keeps running (VN_JOB_RUNNING)
 * until -c, a signal or the device's disappearance; -r runs to the end of
 * the file at once.
 * Return: an exit status as tcpdump's (1 for every error) or
 * VN_JOB_RUNNING.
 */
int vn_cmd_tcpdump(struct vn_job *job, int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct vn_filter filter;
	struct options o;
	struct vn_dev *dev = NULL;
	char *expr;
	int rc;

	rc = parse_options(job, argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (o.read_file && o.write_file && !strcmp(o.write_file, "-"))
		return fail(job, "-w - with -r is not supported by vnet");
	if (!o.read_file) {
		/* pcap_create() and pcap_activate() come before the filter. */
		if (!o.device || !strcmp(o.device, "any"))
			return fail(job, "capturing on \"any\" (Linux cooked capture) is not supported by vnet; use -i INTERFACE");
		dev = vn_dev_lookup(&vn_job_netns(job)->devs, o.device);
		if (!dev) {
			vn_job_eprintf(job, "tcpdump: %s: No such device exists\n(No such device exists)\n",
				       o.device);
			return 1;
		}
		if (!vn_dev_is_up(dev))
			return fail(job, "%s: That device is not up", o.device);
	}
	expr = o.filter_file ? read_filter_file(job, o.filter_file)
			     : join_words(argv + optind, argc - optind);
	if (!expr)
		return o.filter_file ? 1 : fail(job, "%s", strerror(ENOMEM));
	rc = vn_filter_compile(&filter, expr, errbuf, sizeof(errbuf));
	free(expr);
	if (rc)
		return fail(job, "%s", errbuf);
	if (o.read_file)
		rc = read_file(job, &o, &filter);
	else
		rc = live(job, dev, &o, &filter);
	vn_filter_free(&filter);
	return rc;
}
