// SPDX-License-Identifier: MIT
/*
 * cmd/inject.c - `inject`: put a hand-made Ethernet frame into a device,
 * as if it had arrived on the wire (the default) or as if the stack had
 * sent it (--tx).
 *
 * Received frames go through the engine's backlog and vn_dev_receive(),
 * exactly as a veth peer's frames do (netif_rx()), so everything a real
 * frame meets applies to them: the device's state and counters, captures,
 * the bridge, the IPv4 and ARP checks and their drop reasons.  --tx calls
 * vn_dev_xmit(), so the frame leaves the device as the stack's own would
 * (a veth hands it to its peer, a bridge floods or forwards it).
 *
 * The frame is given in hex: whitespace, ':', '-' and '.' between digits
 * are ignored, and the "0x0010:" offsets of `tcpdump -xx` output are
 * skipped, so a dump can be pasted back.  -r reads the frames of a pcap
 * file instead.  Everything is checked before anything is injected: a bad
 * digit, an odd count, an empty or oversized frame, a missing device or a
 * broken file changes nothing.  Linux has no such command; this is what
 * tests use instead of raw sockets.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "capture/pcap.h"
#include "cmd/commands.h"
#include "engine.h"

/* The largest frame a device passes: lo's 64 KiB MTU plus a header. */
#define INJECT_MAX_LEN (65536u + VN_ETH_HLEN)
#define INJECT_MAX_COUNT 1000000L

#define USAGE_LINES                                                   \
	"Usage: inject [-n NETNS] [-c COUNT] [--tx] DEV HEX...\n"     \
	"       inject [-n NETNS] [-c COUNT] [--tx] -r FILE.pcap DEV\n"

static const char usage_text[] =
	USAGE_LINES
	"Puts an Ethernet frame, given in hex (\"ff:ff:ff:ff:ff:ff 02 00 ...\",\n"
	"tcpdump -xx output pastes as is), into DEV as if received there, or\n"
	"with --tx as if DEV sent it.  -c repeats it, -r takes the frames of a\n"
	"pcap file instead.\n";

/* The frames to inject, back to back: a 4-byte length, then the bytes. */
struct frames {
	uint8_t *data;
	size_t len, size;
	unsigned int n;
};

static int usage(struct vn_job *job)
{
	vn_job_eprintf(job, "%s", USAGE_LINES);
	return 2;
}

static int frames_add(struct frames *f, const uint8_t *p, uint32_t len)
{
	size_t need = f->len + sizeof(len) + len;

	if (need > f->size) {
		size_t size = VN_MAX(need, 2 * f->size);
		uint8_t *data = realloc(f->data, size);

		if (!data)
			return -ENOMEM;
		f->data = data;
		f->size = size;
	}
	memcpy(f->data + f->len, &len, sizeof(len));
	memcpy(f->data + f->len + sizeof(len), p, len);
	f->len = need;
	f->n++;
	return 0;
}

/* A "0x0010:" offset from tcpdump -x/-xx output. */
static bool is_offset(const char *w)
{
	size_t n = strlen(w);

	if (n < 4 || w[0] != '0' || w[1] != 'x' || w[n - 1] != ':')
		return false;
	for (size_t i = 2; i < n - 1; i++)
		if (!isxdigit((unsigned char)w[i]))
			return false;
	return true;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return tolower((unsigned char)c) - 'a' + 10;
}

/*
 * Parses the hex words into one frame.  Return: 0 (the frame added to
 * @f), or an exit status after printing why not.
 */
static int parse_hex(struct vn_job *job, int argc, char **argv,
		     struct frames *f)
{
	uint8_t *frame = malloc(INJECT_MAX_LEN);
	size_t n_digits = 0;
	int rc = 1;

	if (!frame) {
		vn_job_eprintf(job, "inject: %s\n", strerror(ENOMEM));
		return 1;
	}
	for (int i = 0; i < argc; i++) {
		if (is_offset(argv[i]))
			continue;
		for (const char *c = argv[i]; *c; c++) {
			if (*c == ':' || *c == '-' || *c == '.' ||
			    isspace((unsigned char)*c))
				continue;
			if (!isxdigit((unsigned char)*c)) {
				vn_job_eprintf(job, "inject: invalid hex digit '%c' in \"%s\"\n",
					       *c, argv[i]);
				goto out;
			}
			if (n_digits / 2 >= INJECT_MAX_LEN) {
				vn_job_eprintf(job, "inject: frame too long: more than %u bytes\n",
					       INJECT_MAX_LEN);
				goto out;
			}
			if (n_digits % 2 == 0)
				frame[n_digits / 2] =
					(uint8_t)(hex_value(*c) << 4);
			else
				frame[n_digits / 2] |= (uint8_t)hex_value(*c);
			n_digits++;
		}
	}
	if (n_digits == 0) {
		vn_job_eprintf(job, "inject: empty frame: give at least one byte in hex\n");
		goto out;
	}
	if (n_digits % 2) {
		vn_job_eprintf(job, "inject: odd number of hex digits (%zu): each byte takes two\n",
			       n_digits);
		goto out;
	}
	if (frames_add(f, frame, (uint32_t)(n_digits / 2))) {
		vn_job_eprintf(job, "inject: %s\n", strerror(ENOMEM));
		goto out;
	}
	rc = 0;
out:
	free(frame);
	return rc;
}

/* Reads every frame of a pcap file; same return as parse_hex(). */
static int read_pcap(struct vn_job *job, const char *path, struct frames *f)
{
	struct vn_pcap_reader r;
	struct vn_pcap_record rec;
	uint8_t *frame;
	int rc;

	rc = vn_pcap_reader_open(&r, path);
	if (rc) {
		vn_job_eprintf(job, "inject: %s: %s\n", path,
			       rc == -EINVAL ? r.errmsg : strerror(-rc));
		return 1;
	}
	if (r.linktype != VN_LINKTYPE_ETHERNET) {
		vn_job_eprintf(job, "inject: %s: link-type %u is not Ethernet\n",
			       path, r.linktype);
		vn_pcap_reader_close(&r);
		return 1;
	}
	frame = malloc(VN_PCAP_SNAPLEN);
	if (!frame) {
		vn_pcap_reader_close(&r);
		vn_job_eprintf(job, "inject: %s\n", strerror(ENOMEM));
		return 1;
	}
	while ((rc = vn_pcap_read(&r, &rec, frame, VN_PCAP_SNAPLEN)) == 1) {
		if (rec.caplen < rec.len) {
			vn_job_eprintf(job, "inject: %s: frame %u was cut to %u of %u bytes by the snapshot length\n",
				       path, f->n + 1, rec.caplen, rec.len);
			rc = -EINVAL;
			break;
		}
		if (rec.caplen == 0 || rec.caplen > INJECT_MAX_LEN) {
			vn_job_eprintf(job, "inject: %s: frame %u has %u bytes (1 to %u allowed)\n",
				       path, f->n + 1, rec.caplen,
				       INJECT_MAX_LEN);
			rc = -EINVAL;
			break;
		}
		if (frames_add(f, frame, rec.caplen)) {
			vn_job_eprintf(job, "inject: %s\n", strerror(ENOMEM));
			rc = -ENOMEM;
			break;
		}
	}
	if (rc < 0 && (rc == -EINVAL && r.errmsg[0]))
		vn_job_eprintf(job, "inject: %s: %s\n", path, r.errmsg);
	else if (rc == -EMSGSIZE)
		vn_job_eprintf(job, "inject: %s: frame %u is too large\n",
			       path, f->n + 1);
	vn_pcap_reader_close(&r);
	free(frame);
	if (rc < 0)
		return 1;
	if (!f->n) {
		vn_job_eprintf(job, "inject: %s: no frames\n", path);
		return 1;
	}
	return 0;
}

/*
 * Injects one frame.  Return: false if the pool is exhausted (counted as
 * NOMEM in the namespace, as a driver failing to allocate would be).
 */
static bool inject_one(struct vn_dev *dev, const uint8_t *p, uint32_t len,
		       bool tx)
{
	struct vn_env *env = dev->space->env;
	struct vn_buf *buf = vn_buf_alloc(env->pool, len);

	if (!buf) {
		dev->space->drops.n[VN_DROP_NOMEM]++;
		vn_pool_drop_stats(env->pool)->n[VN_DROP_NOMEM]++;
		if (tx)
			dev->stats.tx_dropped++;
		else
			dev->stats.rx_dropped++;
		return false;
	}
	memcpy(vn_buf_put(buf, len), p, len);
	buf->tstamp = vn_env_now(env);
	buf->drop_stats = &dev->space->drops;
	if (tx)
		vn_dev_xmit(dev, buf);
	else
		vn_backlog_enqueue(dev->space->backlog, dev, buf);
	return true;
}

/**
 * vn_cmd_inject() - the `inject` command
 * @job: the job; frames go to a device of its namespace (or of -n NETNS)
 * @argc: argument count
 * @argv: options, the device, then hex words
 *
 * Context: control path; allocates a buffer per injected frame from the
 * pool.  Validates everything before injecting anything.
 * Return: 0, 1 for a bad frame, file or device (nothing injected, or the
 * pool ran out part-way), 2 for a usage error.
 */
int vn_cmd_inject(struct vn_job *job, int argc, char **argv)
{
	struct frames f = { 0 };
	const char *file = NULL;
	struct vn_netns *ns;
	struct vn_dev *dev;
	long count = 1, done = 0;
	bool tx = false;
	int i, rc;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "--")) {
			i++;
			break;
		}
		if (!strcmp(o, "--tx") || !strcmp(o, "-t")) {
			tx = true;
		} else if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			vn_job_printf(job, "%s", usage_text);
			return 0;
		} else if (i + 1 >= argc) {
			vn_job_eprintf(job, "inject: option %s needs an argument\n",
				       o);
			return usage(job);
		} else if (!strcmp(o, "-c") || !strcmp(o, "--count")) {
			if (vn_parse_int(argv[++i], &count, 1,
					 INJECT_MAX_COUNT)) {
				vn_job_eprintf(job, "inject: invalid count \"%s\" (1 to %ld)\n",
					       argv[i], INJECT_MAX_COUNT);
				return 1;
			}
		} else if (!strcmp(o, "-n") || !strcmp(o, "--netns")) {
			ns = vn_engine_netns(vn_job_engine(job), argv[++i]);
			if (!ns || !argv[i][0]) {
				vn_job_eprintf(job, "Cannot open network namespace \"%s\": No such file or directory\n",
					       argv[i]);
				return 1;
			}
			vn_job_set_netns(job, ns);
		} else if (!strcmp(o, "-r") || !strcmp(o, "--read")) {
			file = argv[++i];
		} else {
			vn_job_eprintf(job, "inject: unknown option \"%s\"\n", o);
			return usage(job);
		}
	}
	if (i >= argc) {
		vn_job_eprintf(job, "inject: no device given\n");
		return usage(job);
	}
	dev = vn_dev_lookup(&vn_job_netns(job)->devs, argv[i]);
	if (!dev) {
		vn_job_eprintf(job, "inject: cannot find device \"%s\"\n",
			       argv[i]);
		return 1;
	}
	i++;
	if (file && i < argc) {
		vn_job_eprintf(job, "inject: -r takes the frames from the file: no hex words too\n");
		return usage(job);
	}
	if (!file && i >= argc) {
		vn_job_eprintf(job, "inject: no frame given\n");
		return usage(job);
	}
	rc = file ? read_pcap(job, file, &f)
		  : parse_hex(job, argc - i, argv + i, &f);
	if (rc)
		goto out;
	for (long n = 0; n < count && !rc; n++) {
		for (size_t off = 0; off < f.len;) {
			uint32_t len;

			memcpy(&len, f.data + off, sizeof(len));
			off += sizeof(len);
			if (!inject_one(dev, f.data + off, len, tx)) {
				rc = 1;
				break;
			}
			off += len;
			done++;
		}
	}
	if (rc)
		vn_job_eprintf(job, "inject: buffer pool exhausted after %ld frames\n",
			       done);
out:
	free(f.data);
	return rc;
}
