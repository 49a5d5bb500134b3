// SPDX-License-Identifier: MIT
/*
 * app/ping.c - ping, as iputils ping (20221126) behaves and prints.
 *
 * Uses an ICMP echo ("ping") socket of the public API.  Timing follows
 * iputils' main loop: a probe every interval (the first at once); after
 * the last one it waits for the missing replies -- twice the longest
 * round trip (at least one interval) when something came back, else the
 * linger time (-W, default 10 s) -- and stops as soon as every probe got
 * a reply or an error.  Errors queued on the socket (host unreachable,
 * TTL exceeded) print as "From ADDR icmp_seq=N ...".  Exit status: 0 if
 * any reply came, 1 if none, 2 on errors before the first probe.
 *
 * Options: -c count, -i interval, -W linger, -w deadline, -I interface
 * (name or address), -s size, -t ttl, -q, -n, -4.  Names are not
 * resolved: ADDR is a dotted quad.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnet/job.h"
#include "vnet/socket.h"

#define MAX_DUP_CHK 0x10000
#define ICMP_ECHO 8
#define ICMP_HDR 8
#define TV_LEN 16		/* struct timeval the payload starts with */
#define NS_PER_US 1000LL
#define NS_PER_MS 1000000LL
#define NS_PER_S 1000000000LL

struct ping {
	struct vn_job *job;
	struct vn_sock *sock;
	struct vn_job_timer *send_timer;
	struct vn_job_timer *exit_timer;
	struct vn_job_timer *deadline_timer;
	uint32_t dst;
	char dst_text[64];
	long npackets;		/* 0: until interrupted */
	int64_t interval;
	int64_t linger;
	int64_t deadline;
	int datalen;
	bool quiet;
	long ntransmitted, nreceived, nrepeats, nerrors;
	long pipesize;		/* most probes in flight when one was answered */
	int confirm;		/* MSG_CONFIRM on the next probe: a reply came */
	int64_t start, last_send;
	int64_t tmin, tmax, tsum, tsum2;	/* microseconds */
	bool exit_scheduled;
	uint8_t rcvd[MAX_DUP_CHK / 8];
	uint8_t *packet;
};

static bool seen(struct ping *p, uint16_t seq)
{
	return p->rcvd[seq / 8] & (1u << (seq % 8));
}

static void mark(struct ping *p, uint16_t seq)
{
	p->rcvd[seq / 8] |= (uint8_t)(1u << (seq % 8));
}

/* iputils' acknowledge(): how deep the pipe was when @seq came back. */
static void acknowledge(struct ping *p, uint16_t seq)
{
	uint16_t diff = (uint16_t)((uint16_t)p->ntransmitted - seq);

	if (diff <= 0x7fff && (long)diff + 1 > p->pipesize)
		p->pipesize = (long)diff + 1;
}

static void print_rtt(struct ping *p, int64_t us)
{
	if (us >= 100000 - 50)
		vn_job_printf(p->job, " time=%lld ms", (long long)((us + 500) / 1000));
	else if (us >= 10000 - 5)
		vn_job_printf(p->job, " time=%lld.%01lld ms",
			      (long long)((us + 50) / 1000),
			      (long long)(((us + 50) % 1000) / 100));
	else if (us >= 1000)
		vn_job_printf(p->job, " time=%lld.%02lld ms",
			      (long long)((us + 5) / 1000),
			      (long long)(((us + 5) % 1000) / 10));
	else
		vn_job_printf(p->job, " time=%lld.%03lld ms",
			      (long long)(us / 1000), (long long)(us % 1000));
}

static void finish(struct ping *p)
{
	long lost = p->ntransmitted - p->nreceived;
	const char *comma = "";

	vn_job_printf(p->job, "\n--- %s ping statistics ---\n", p->dst_text);
	vn_job_printf(p->job, "%ld packets transmitted, ", p->ntransmitted);
	vn_job_printf(p->job, "%ld received", p->nreceived);
	if (p->nrepeats)
		vn_job_printf(p->job, ", +%ld duplicates", p->nrepeats);
	if (p->nerrors)
		vn_job_printf(p->job, ", +%ld errors", p->nerrors);
	if (p->ntransmitted)
		vn_job_printf(p->job, ", %g%% packet loss",
			      (float)((double)lost * 100.0 /
				      (double)p->ntransmitted));
	vn_job_printf(p->job, ", time %lldms\n",
		      (long long)((p->last_send - p->start) / NS_PER_MS));
	if (p->nreceived) {
		long n = p->nreceived + p->nrepeats;
		int64_t avg = p->tsum / n;
		int64_t mdev = (int64_t)sqrt(
			(double)p->tsum2 / (double)n - (double)avg * (double)avg);

		vn_job_printf(p->job,
			      "rtt min/avg/max/mdev = %lld.%03lld/%lld.%03lld/%lld.%03lld/%lld.%03lld ms",
			      (long long)(p->tmin / 1000), (long long)(p->tmin % 1000),
			      (long long)(avg / 1000), (long long)(avg % 1000),
			      (long long)(p->tmax / 1000), (long long)(p->tmax % 1000),
			      (long long)(mdev / 1000), (long long)(mdev % 1000));
		comma = ", ";
	}
	if (p->pipesize > 1)
		vn_job_printf(p->job, "%spipe %ld", comma, p->pipesize);
	vn_job_printf(p->job, "\n");
	vn_job_exit(p->job, p->nreceived ? 0 : 1);
}

static void maybe_done(struct ping *p)
{
	if (p->npackets && p->nreceived + p->nerrors >= p->npackets)
		finish(p);
}

/* schedule_exit(): once everything is sent, how long to wait. */
static void schedule_exit(struct ping *p)
{
	int64_t wait;

	if (p->exit_scheduled)
		return;
	p->exit_scheduled = true;
	if (p->nreceived) {
		wait = 2 * p->tmax * NS_PER_US;
		if (wait < p->interval)
			wait = p->interval;
	} else {
		wait = p->linger;
	}
	vn_job_timer_arm(p->exit_timer, vn_job_now(p->job) + wait);
}

static void send_probe(struct vn_job_timer *t, void *arg)
{
	struct ping *p = arg;
	int64_t now = vn_job_now(p->job);
	size_t len = ICMP_HDR + (size_t)p->datalen;
	uint16_t seq = (uint16_t)(p->ntransmitted + 1);
	ssize_t rc;
	(void)t;
	if (!p->ntransmitted)
		p->start = now;
	memset(p->packet, 0, ICMP_HDR);
	p->packet[0] = ICMP_ECHO;
	p->packet[6] = (uint8_t)(seq >> 8);
	p->packet[7] = (uint8_t)seq;
	if (p->datalen >= TV_LEN) {
		int64_t sec = now / NS_PER_S, usec = (now % NS_PER_S) / 1000;

		memcpy(p->packet + ICMP_HDR, &sec, 8);
		memcpy(p->packet + ICMP_HDR + 8, &usec, 8);
	}
	p->rcvd[seq / 8] &= (uint8_t)~(1u << (seq % 8));
	p->ntransmitted++;
	p->last_send = now;
	rc = vn_sock_sendmsg(p->sock, p->packet, len, NULL, p->confirm);
	p->confirm = 0;
	if (rc < 0 && !p->quiet)
		vn_job_printf(p->job, "ping: sendmsg: %s\n", strerror((int)-rc));
	if (rc < 0)
		p->nerrors++;
	if (p->npackets && p->ntransmitted >= p->npackets) {
		schedule_exit(p);
		maybe_done(p);
		return;
	}
	vn_job_timer_arm(p->send_timer, now + p->interval);
}

static const char *error_text(const struct vn_sock_err *e, char *buf,
			      size_t size)
{
	switch (e->type) {
	case 3:
		switch (e->code) {
		case 0:
			return "Destination Net Unreachable";
		case 1:
			return "Destination Host Unreachable";
		case 2:
			return "Destination Protocol Unreachable";
		case 3:
			return "Destination Port Unreachable";
		case 4:
			snprintf(buf, size, "Frag needed and DF set (mtu = %u)",
				 e->info);
			return buf;
		case 13:
			return "Packet filtered";
		default:
			snprintf(buf, size, "Dest Unreachable, Bad Code: %u",
				 e->code);
			return buf;
		}
	case 11:
		return e->code ? "Frag reassembly time exceeded"
			       : "Time to live exceeded";
	case 12:
		return "Parameter problem";
	default:
		snprintf(buf, size, "Bad ICMP type: %u", e->type);
		return buf;
	}
}

static void on_readable(struct vn_sock *sock, void *arg)
{
	struct ping *p = arg;
	struct vn_recv_info info;
	struct vn_sock_err e;
	uint8_t buf[65536];
	char addr[INET_ADDRSTRLEN], text[64];
	ssize_t n;

	(void)sock;
	if (vn_job_exited(p->job))
		return;
	while ((n = vn_sock_recvfrom(p->sock, buf, sizeof(buf), &info)) >= 0) {
		uint16_t seq = (uint16_t)(buf[6] << 8 | buf[7]);
		int64_t rtt_us = 0;
		bool dup;

		if (n < ICMP_HDR)
			continue;
		if (n >= ICMP_HDR + TV_LEN) {
			int64_t sec, usec;

			memcpy(&sec, buf + ICMP_HDR, 8);
			memcpy(&usec, buf + ICMP_HDR + 8, 8);
			rtt_us = (info.tstamp_ns - (sec * NS_PER_S + usec * 1000)) /
				 NS_PER_US;
			if (rtt_us < 0)
				rtt_us = 0;
		}
		acknowledge(p, seq);
		p->confirm = VN_MSG_CONFIRM;
		dup = seen(p, seq);
		if (dup) {
			p->nrepeats++;
		} else {
			mark(p, seq);
			p->nreceived++;
		}
		p->tsum += rtt_us;
		p->tsum2 += rtt_us * rtt_us;
		if (p->nreceived + p->nrepeats == 1 || rtt_us < p->tmin)
			p->tmin = rtt_us;
		if (rtt_us > p->tmax)
			p->tmax = rtt_us;
		if (!p->quiet) {
			struct in_addr a = { htonl(info.from.addr) };

			inet_ntop(AF_INET, &a, addr, sizeof(addr));
			vn_job_printf(p->job, "%zd bytes from %s: icmp_seq=%u ttl=%u",
				      n, addr, seq, info.ttl);
			if (n >= ICMP_HDR + TV_LEN)
				print_rtt(p, rtt_us);
			vn_job_printf(p->job, "%s\n", dup ? " (DUP!)" : "");
		}
	}
	while (vn_sock_recv_err(p->sock, &e) == 0) {
		struct in_addr a = { htonl(e.offender) };

		p->nerrors++;
		acknowledge(p, e.echo_seq);
		if (!p->quiet) {
			inet_ntop(AF_INET, &a, addr, sizeof(addr));
			vn_job_printf(p->job, "From %s icmp_seq=%u %s\n", addr,
				      e.echo_seq,
				      error_text(&e, text, sizeof(text)));
		}
	}
	maybe_done(p);
}

static void exit_fire(struct vn_job_timer *t, void *arg)
{
	(void)t;
	finish(arg);
}

static void ping_signal(struct vn_job *job, int sig)
{
	struct ping *p = vn_job_data(job);

	if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
		finish(p);
	else
		vn_job_exit(job, 128 + sig);
}

static void ping_release(struct vn_job *job)
{
	struct ping *p = vn_job_data(job);

	if (p->sock)
		vn_sock_close(p->sock);
	free(p->packet);
	free(p);
}

static const struct vn_job_ops ping_ops = {
	.signal = ping_signal,
	.release = ping_release,
};

static int usage(struct vn_job *job)
{
	vn_job_eprintf(job,
		       "\nUsage\n  ping [options] <destination>\n\n"
		       "Options:\n"
		       "  <destination>      dns name or ip address\n"
		       "  -c <count>         stop after <count> replies\n"
		       "  -i <interval>      seconds between sending each packet\n"
		       "  -I <interface>     either interface name or address\n"
		       "  -q                 quiet output\n"
		       "  -s <size>          use <size> as number of data bytes to be sent\n"
		       "  -t <ttl>           define time to live\n"
		       "  -w <deadline>      reply wait <deadline> in seconds\n"
		       "  -W <timeout>       time to wait for response\n");
	return 2;
}

static int parse_seconds(const char *s, int64_t *ns)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || v < 0 || v > 2147483)
		return -1;
	*ns = (int64_t)(v * 1e9 + 0.5);
	return 0;
}

int vn_app_ping(struct vn_job *job, int argc, char **argv);

int vn_app_ping(struct vn_job *job, int argc, char **argv)
{
	struct ping *p = calloc(1, sizeof(*p));
	const char *iface = NULL;
	struct vn_sockaddr to = { 0 };
	struct in_addr in;
	int rc, i, ttl = 0;
	long v;
	char *end;

	if (!p)
		return 2;
	p->job = job;
	p->interval = NS_PER_S;
	p->linger = 10 * NS_PER_S;
	p->datalen = 56;
	vn_job_set_ops(job, &ping_ops, p);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val;

		if (a[0] != '-' || !a[1])
			break;
		if (strchr("qn4", a[1]) && !a[2]) {
			if (a[1] == 'q')
				p->quiet = true;
			continue;
		}
		if (!strchr("ciWwIst", a[1]))
			goto bad_opt;
		val = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
		if (!val) {
			vn_job_eprintf(job, "ping: option requires an argument -- '%c'\n",
				       a[1]);
			return usage(job);
		}
		switch (a[1]) {
		case 'c':
			v = strtol(val, &end, 10);
			if (*end || v <= 0 || v > 0x7fffffff) {
				vn_job_eprintf(job,
					       "ping: invalid argument: '%s': out of range: 1 <= value <= 9223372036854775807\n",
					       val);
				return 1;
			}
			p->npackets = v;
			break;
		case 'i':
			if (parse_seconds(val, &p->interval)) {
				vn_job_eprintf(job, "ping: bad timing interval: %s\n",
					       val);
				return 1;
			}
			break;
		case 'W':
			if (parse_seconds(val, &p->linger)) {
				vn_job_eprintf(job, "ping: bad linger time: %s\n",
					       val);
				return 1;
			}
			break;
		case 'w':
			if (parse_seconds(val, &p->deadline)) {
				vn_job_eprintf(job, "ping: bad wait time: %s\n",
					       val);
				return 1;
			}
			break;
		case 'I':
			iface = val;
			break;
		case 's':
			v = strtol(val, &end, 10);
			if (*end || v < 0 || v > 65507) {
				vn_job_eprintf(job,
					       "ping: invalid argument: '%s': out of range: 0 <= value <= 65507\n",
					       val);
				return 1;
			}
			p->datalen = (int)v;
			break;
		case 't':
			v = strtol(val, &end, 10);
			if (*end || v < 0 || v > 255) {
				vn_job_eprintf(job,
					       "ping: invalid argument: '%s': out of range: 0 <= value <= 255\n",
					       val);
				return 1;
			}
			ttl = (int)v;
			break;
		}
		continue;
bad_opt:
		vn_job_eprintf(job, "ping: invalid option -- '%c'\n", a[1]);
		return usage(job);
	}
	if (i != argc - 1) {
		if (i >= argc)
			vn_job_eprintf(job, "ping: usage error: Destination address required\n");
		else
			return usage(job);
		return 1;
	}
	if (inet_pton(AF_INET, argv[i], &in) != 1) {
		vn_job_eprintf(job, "ping: %s: Name or service not known\n",
			       argv[i]);
		return 2;
	}
	p->dst = ntohl(in.s_addr);
	snprintf(p->dst_text, sizeof(p->dst_text), "%s", argv[i]);
	p->packet = calloc(1, ICMP_HDR + (size_t)p->datalen);
	if (!p->packet)
		return 2;
	for (int k = TV_LEN; k < p->datalen; k++)
		p->packet[ICMP_HDR + k] = (uint8_t)k;

	rc = vn_socket(vn_job_netns(job), VN_SOCK_DGRAM, VN_IPPROTO_ICMP,
		       &p->sock);
	if (rc) {
		vn_job_eprintf(job, "ping: socket: %s\n", strerror(-rc));
		return 2;
	}
	if (ttl)
		vn_sock_setopt(p->sock, VN_IP_TTL, ttl);
	if (iface) {
		struct in_addr src;

		if (inet_pton(AF_INET, iface, &src) == 1) {
			struct vn_sockaddr b = { .addr = ntohl(src.s_addr) };

			rc = vn_sock_bind(p->sock, &b);
			if (rc) {
				vn_job_eprintf(job, "ping: bind: %s\n",
					       strerror(-rc));
				return 2;
			}
		} else {
			int ifindex = vn_netns_ifindex(vn_job_netns(job), iface);

			rc = ifindex > 0 ? vn_sock_setopt(p->sock,
							  VN_SO_BINDTODEVICE,
							  ifindex)
					 : -ENODEV;
			if (rc) {
				vn_job_eprintf(job, "ping: SO_BINDTODEVICE %s: %s\n",
					       iface, strerror(-rc));
				return 2;
			}
		}
	}
	to.addr = p->dst;
	rc = vn_sock_connect(p->sock, &to);
	if (rc) {
		vn_job_eprintf(job, "ping: connect: %s\n", strerror(-rc));
		return 2;
	}
	vn_sock_set_wakeup(p->sock, on_readable, p);
	if (iface) {
		struct vn_sockaddr me;
		char src[INET_ADDRSTRLEN];
		struct in_addr a;
		bool is_addr = inet_pton(AF_INET, iface, &in) == 1;

		/* iputils: "from SRC DEVICE: ", the device empty for -I ADDR. */
		vn_sock_getname(p->sock, &me);
		a.s_addr = htonl(me.addr);
		inet_ntop(AF_INET, &a, src, sizeof(src));
		vn_job_printf(job, "PING %s (%s) from %s %s: %d(%d) bytes of data.\n",
			      p->dst_text, p->dst_text, src,
			      is_addr ? "" : iface, p->datalen, p->datalen + 28);
	} else {
		vn_job_printf(job, "PING %s (%s) %d(%d) bytes of data.\n",
			      p->dst_text, p->dst_text, p->datalen,
			      p->datalen + 28);
	}
	p->send_timer = vn_job_timer_new(job, send_probe, p);
	p->exit_timer = vn_job_timer_new(job, exit_fire, p);
	if (p->deadline) {
		p->deadline_timer = vn_job_timer_new(job, exit_fire, p);
		vn_job_timer_arm(p->deadline_timer,
				 vn_job_now(job) + p->deadline);
	}
	send_probe(p->send_timer, p);
	return VN_JOB_RUNNING;
}
