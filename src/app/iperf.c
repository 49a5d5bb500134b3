// SPDX-License-Identifier: MIT
/*
 * app/iperf.c - iperf3 (3.12, Debian 12): a server (-s) and a client (-c)
 * measuring TCP or UDP throughput on the engine's clock, printing
 * iperf3's interval lines and summary.
 *
 * Theory of operation.  A test is one control connection (TCP to the
 * server's port) and -P data streams.  The control connection carries
 * short text lines, vnet's own protocol (iperf3's JSON exchange is not
 * spoken):
 *   client -> server  "PARAM tcp|udp STREAMS REVERSE BLKSIZE RATE TIME_NS"
 *   server -> client  "ACCEPT"       then the client opens the streams:
 *                     TCP connections to the same port, or for UDP one
 *                     socket each whose first datagram ("hello", 4
 *                     bytes) makes the server connect a socket back;
 *   server -> client  "START"        once every stream is there; both
 *                     sides start their clocks and interval timers;
 *   client -> server  "END"          after -t seconds (a sending client
 *                     has stopped and, over TCP, shut its streams down);
 *   server -> client  "STAT I BYTES DURATION_NS PACKETS LOST JITTER_NS"
 *                     per stream, then "DONE", once the server's side is
 *                     finished (as a TCP receiver: every stream at EOF).
 * The client prints the summary once it has "DONE" and, as a TCP
 * receiver (-R), every stream at EOF.
 *
 * Sending writes BLKSIZE blocks (128 KiB for TCP; for UDP the control
 * connection's MSS, as iperf3) as fast as the socket takes them, or,
 * with -b (UDP's default: 1 Mbit/s), when they are due: a timer sends
 * what the rate allows since the start and sleeps until the next block.
 * UDP datagrams carry iperf3's header (seconds, microseconds, sequence
 * number); the receiver counts losses from the sequence numbers and
 * computes jitter as RFC 1889 (and iperf3) do.  Every time is the
 * engine's: on a virtual clock a 10 s test takes no real time and its
 * figures are exactly what the links' rate and delay allow.
 *
 * Not shown: Retr and Cwnd (the public socket API has no TCP_INFO).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/common.h"

#define DEFAULT_PORT 5201
#define TCP_BLKSIZE (128 * 1024)
#define UDP_BLKSIZE 1460
#define UDP_RATE 1000000.0	/* bits/s */
#define MAX_STREAMS 128
#define UDP_HDR 12
#define HELLO 0x075bcd15u	/* iperf3's UDP_CONNECT_MSG */
#define CTRL_MAX 4096

enum role { ROLE_SERVER, ROLE_CLIENT };

struct stream {
	struct iperf *ip;
	int id;
	struct vn_sock *sock;
	bool eof;		/* TCP receiver: the sender finished */
	bool shut;		/* TCP sender: FIN sent */
	bool announced;		/* client: "connected" line printed */
	uint64_t bytes, bytes_iv;	/* total, this interval */
	uint64_t packets, packets_iv;	/* UDP sender: datagrams sent */
	/* UDP receiver */
	uint64_t received, received_iv;	/* datagrams */
	uint64_t max_seq, max_seq_iv;	/* highest sequence + 1 */
	double jitter, prev_transit;	/* seconds */
	int64_t end_ns;		/* receiver: last data */
	/* What the peer reported ("STAT"). */
	bool have_peer;
	uint64_t peer_bytes, peer_packets, peer_lost;
	int64_t peer_ns;
	double peer_jitter;
};

struct iperf {
	struct vn_job *job;
	enum role role;
	/* Options (the client's, or the test's on the server). */
	uint32_t host;
	char host_text[VN_APP_ADDR_LEN];
	uint16_t port;
	bool udp, reverse, once;
	int n_streams;
	int64_t duration_ns, interval_ns;
	double rate;		/* bits/s, 0: unlimited */
	size_t blksize;
	bool blksize_given;
	/* Sockets. */
	struct vn_sock *lsock;	/* server: TCP listener */
	struct vn_sock *usock;	/* server: UDP socket waiting for hellos */
	struct vn_sock *ctrl;
	char cin[CTRL_MAX];
	size_t cin_len;
	struct vn_app_bytes cout;
	struct stream streams[MAX_STREAMS];
	int n_open;
	/* The test. */
	int test_no;
	bool accepted, started, ending, finished, peer_done;
	bool start_pending;	/* client: "START" came before the streams */
	bool sep_printed;	/* the last line was a separator */
	int64_t start_ns, iv_start_ns;
	struct vn_job_timer *work, *iv_timer, *end_timer, *send_timer;
	uint8_t *buf;
};

static void finish_test(struct iperf *ip);

static bool sending(const struct iperf *ip)
{
	return (ip->role == ROLE_CLIENT) != ip->reverse;
}

static void schedule(struct iperf *ip)
{
	vn_job_timer_arm(ip->work, vn_job_now(ip->job));
}

static void wakeup(struct vn_sock *sock, void *arg)
{
	(void)sock;
	schedule(arg);
}

static void ctrl_send(struct iperf *ip, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ctrl_send(struct iperf *ip, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	vn_app_bytes_add(&ip->cout, line, (size_t)n);
	vn_app_bytes_add(&ip->cout, "\n", 1);
	if (ip->ctrl)
		vn_app_bytes_flush(&ip->cout, ip->ctrl);
}

static void error_exit(struct iperf *ip, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void error_exit(struct iperf *ip, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vn_job_eprintf(ip->job, "iperf3: error - %s\n", msg);
	ip->finished = true;
	vn_job_exit(ip->job, 1);
}

/* --- reports ----------------------------------------------------------- */

static void fmt_units(double bytes, double secs, char tbuf[16], char rbuf[16])
{
	vn_app_unit_format(tbuf, 16, bytes, 'A');
	vn_app_unit_format(rbuf, 16, secs > 0 ? bytes / secs : 0, 'a');
}

static void bw_line(struct iperf *ip, const char *id, double st, double et,
		    double bytes, const char *tail)
{
	char t[16], r[16];

	fmt_units(bytes, et - st, t, r);
	vn_job_printf(ip->job, "[%s] %6.2f-%-6.2f sec  %ss  %ss/sec                  %s\n",
		      id, st, et, t, r, tail);
}

static void udp_line(struct iperf *ip, const char *id, double st, double et,
		     double bytes, double jitter, uint64_t lost,
		     uint64_t total, const char *tail)
{
	char t[16], r[16];

	fmt_units(bytes, et - st, t, r);
	vn_job_printf(ip->job,
		      "[%s] %6.2f-%-6.2f sec  %ss  %ss/sec  %5.3f ms  %llu/%llu (%.2g%%)  %s\n",
		      id, st, et, t, r, jitter * 1000.0,
		      (unsigned long long)lost, (unsigned long long)total,
		      total ? 100.0 * (double)lost / (double)total : 0.0, tail);
}

static void udp_sender_line(struct iperf *ip, const char *id, double st,
			    double et, double bytes, uint64_t packets)
{
	char t[16], r[16];

	fmt_units(bytes, et - st, t, r);
	vn_job_printf(ip->job, "[%s] %6.2f-%-6.2f sec  %ss  %ss/sec  %llu  \n",
		      id, st, et, t, r, (unsigned long long)packets);
}

static void stream_id(const struct stream *s, char id[8])
{
	snprintf(id, 8, "%3d", s->id);
}

static const char *header(const struct iperf *ip, bool summary)
{
	if (!ip->udp)
		return "[ ID] Interval           Transfer     Bitrate\n";
	if (!summary && sending(ip))
		return "[ ID] Interval           Transfer     Bitrate         Total Datagrams\n";
	return "[ ID] Interval           Transfer     Bitrate         Jitter    Lost/Total Datagrams\n";
}

static double secs(const struct iperf *ip, int64_t t)
{
	return (double)(t - ip->start_ns) / 1e9;
}

/* One interval: a line per stream, a [SUM] line for several. */
static void interval_report(struct iperf *ip, int64_t now)
{
	double st = secs(ip, ip->iv_start_ns), et = secs(ip, now);
	uint64_t sum = 0, sum_pk = 0, sum_lost = 0, sum_total = 0;
	double sum_jitter = 0;
	char id[8];

	for (int i = 0; i < ip->n_streams; i++) {
		struct stream *s = &ip->streams[i];
		uint64_t total = s->max_seq - s->max_seq_iv;
		uint64_t lost = total > s->received_iv ? total - s->received_iv : 0;

		stream_id(s, id);
		if (!ip->udp)
			bw_line(ip, id, st, et, (double)s->bytes_iv, "");
		else if (sending(ip))
			udp_sender_line(ip, id, st, et, (double)s->bytes_iv,
					s->packets_iv);
		else
			udp_line(ip, id, st, et, (double)s->bytes_iv, s->jitter,
				 lost, total, "");
		sum += s->bytes_iv;
		sum_pk += s->packets_iv;
		sum_lost += lost;
		sum_total += total;
		sum_jitter += s->jitter;
		s->bytes_iv = 0;
		s->packets_iv = 0;
		s->received_iv = 0;
		s->max_seq_iv = s->max_seq;
	}
	if (ip->n_streams > 1) {
		if (!ip->udp)
			bw_line(ip, "SUM", st, et, (double)sum, "");
		else if (sending(ip))
			udp_sender_line(ip, "SUM", st, et, (double)sum, sum_pk);
		else
			udp_line(ip, "SUM", st, et, (double)sum,
				 sum_jitter / ip->n_streams, sum_lost,
				 sum_total, "");
		vn_job_printf(ip->job, "- - - - - - - - - - - - - - - - - - - - - - - - -\n");
	}
	ip->sep_printed = ip->n_streams > 1;
	ip->iv_start_ns = now;
}

static void iv_fire(struct vn_job_timer *t, void *arg)
{
	struct iperf *ip = arg;
	int64_t now = vn_job_now(ip->job);

	(void)t;
	if (!ip->started || ip->ending)
		return;
	interval_report(ip, now);
	vn_job_timer_arm(ip->iv_timer, now + ip->interval_ns);
}

/* This side's figures for stream @s: bytes, duration. */
static int64_t own_ns(const struct iperf *ip, const struct stream *s)
{
	return (s->end_ns ? s->end_ns : vn_job_now(ip->job)) - ip->start_ns;
}

/* The summary: for the client both roles, for the server its own. */
static void summary(struct iperf *ip)
{
	bool client = ip->role == ROLE_CLIENT;
	uint64_t sb = 0, rb = 0, sp = 0, lost_sum = 0;
	int64_t sns = 0, rns = 0;
	double jit = 0;
	char id[8];

	if (!ip->sep_printed)
		vn_job_printf(ip->job, "- - - - - - - - - - - - - - - - - - - - - - - - -\n");
	vn_job_printf(ip->job, "%s", header(ip, true));
	for (int i = 0; i < ip->n_streams; i++) {
		struct stream *s = &ip->streams[i];
		bool snd = sending(ip);
		/* Sender and receiver figures, from this side or the peer. */
		uint64_t s_bytes = snd ? s->bytes : s->peer_bytes;
		/* A UDP receiver without the sender's count (the server)
		 * takes the highest sequence number seen. */
		uint64_t s_pk = snd ? s->packets :
			       s->have_peer ? s->peer_packets : s->max_seq;
		int64_t s_ns = snd ? own_ns(ip, s) : s->peer_ns;
		uint64_t r_bytes = snd ? s->peer_bytes : s->bytes;
		int64_t r_ns = snd ? s->peer_ns : own_ns(ip, s);
		double r_jit = snd ? s->peer_jitter : s->jitter;
		uint64_t r_lost;

		if (snd)
			r_lost = s->peer_lost;
		else
			r_lost = s_pk > s->received ? s_pk - s->received : 0;
		stream_id(s, id);
		if (client || snd) {
			if (ip->udp)
				udp_line(ip, id, 0, (double)s_ns / 1e9,
					 (double)s_bytes, 0, 0, s_pk, "sender");
			else
				bw_line(ip, id, 0, (double)s_ns / 1e9,
					(double)s_bytes, "sender");
		}
		if (client || !snd) {
			if (ip->udp)
				udp_line(ip, id, 0, (double)r_ns / 1e9,
					 (double)r_bytes, r_jit, r_lost, s_pk,
					 "receiver");
			else
				bw_line(ip, id, 0, (double)r_ns / 1e9,
					(double)r_bytes, "receiver");
		}
		sb += s_bytes;
		rb += r_bytes;
		sp += s_pk;
		lost_sum += r_lost;
		jit += r_jit;
		if (s_ns > sns)
			sns = s_ns;
		if (r_ns > rns)
			rns = r_ns;
	}
	if (ip->n_streams > 1) {
		bool snd = sending(ip);

		if (client || snd) {
			if (ip->udp)
				udp_line(ip, "SUM", 0, (double)sns / 1e9,
					 (double)sb, 0, 0, sp, "sender");
			else
				bw_line(ip, "SUM", 0, (double)sns / 1e9,
					(double)sb, "sender");
		}
		if (client || !snd) {
			if (ip->udp)
				udp_line(ip, "SUM", 0, (double)rns / 1e9,
					 (double)rb, jit / ip->n_streams,
					 lost_sum, sp, "receiver");
			else
				bw_line(ip, "SUM", 0, (double)rns / 1e9,
					(double)rb, "receiver");
		}
	}
}

/* --- streams ------------------------------------------------------------ */

static void stream_connected_line(struct iperf *ip, struct stream *s)
{
	struct vn_sockaddr me = { 0 }, peer = { 0 };
	char a[VN_APP_ADDR_LEN], b[VN_APP_ADDR_LEN];

	vn_sock_getname(s->sock, &me);
	vn_sock_getpeername(s->sock, &peer);
	vn_job_printf(ip->job, "[%3d] local %s port %u connected to %s port %u\n",
		      s->id, vn_app_format_addr(me.addr, a), me.port,
		      vn_app_format_addr(peer.addr, b), peer.port);
}

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Sends what is due on every stream.  Return: false on a fatal error. */
static bool send_step(struct iperf *ip)
{
	int64_t now = vn_job_now(ip->job), next = 0;

	if (!ip->started || ip->ending)
		return true;
	for (int i = 0; i < ip->n_streams; i++) {
		struct stream *s = &ip->streams[i];

		for (;;) {
			ssize_t n;

			/* Nothing leaves once the test's time is up. */
			if (now - ip->start_ns >= ip->duration_ns)
				break;
			if (ip->rate > 0) {
				/* Due time of the next block at the rate. */
				int64_t due = ip->start_ns +
					      (int64_t)((double)s->bytes * 8e9 /
							ip->rate);

				if (due > now) {
					if (!next || due < next)
						next = due;
					break;
				}
			}
			if (ip->udp) {
				put_u32(ip->buf, (uint32_t)(now / VN_APP_NS_PER_SEC));
				put_u32(ip->buf + 4,
					(uint32_t)(now % VN_APP_NS_PER_SEC / 1000));
				put_u32(ip->buf + 8, (uint32_t)s->packets + 1);
			}
			n = vn_sock_send(s->sock, ip->buf, ip->blksize, 0);
			if (n == -EAGAIN || n == -ENOBUFS)
				break;
			if (n < 0) {
				error_exit(ip, "error sending: %s", strerror((int)-n));
				return false;
			}
			s->bytes += (uint64_t)n;
			s->bytes_iv += (uint64_t)n;
			s->packets++;
			s->packets_iv++;
			if (n < (ssize_t)ip->blksize && !ip->udp)
				break;	/* the send buffer is full */
		}
	}
	if (next)
		vn_job_timer_arm(ip->send_timer, next);
	return true;
}

static void send_fire(struct vn_job_timer *t, void *arg)
{
	(void)t;
	send_step(arg);
}

static void udp_datagram(struct stream *s, const uint8_t *p, size_t len,
			 int64_t arrival)
{
	uint64_t seq;
	double sent, transit, d;

	s->bytes += len;
	s->bytes_iv += len;
	if (len < UDP_HDR)
		return;
	sent = (double)get_u32(p) + (double)get_u32(p + 4) / 1e6;
	seq = get_u32(p + 8);
	s->received++;
	s->received_iv++;
	if (seq > s->max_seq)
		s->max_seq = seq;
	/* RFC 1889 jitter, as iperf_udp_recv(). */
	transit = (double)arrival / 1e9 - sent;
	d = transit - s->prev_transit;
	if (d < 0)
		d = -d;
	s->prev_transit = transit;
	s->jitter += (d - s->jitter) / 16.0;
}

/* Reads what arrived on every stream. */
static void recv_step(struct iperf *ip)
{
	for (int i = 0; i < ip->n_streams; i++) {
		struct stream *s = &ip->streams[i];

		while (s->sock && !s->eof) {
			struct vn_recv_info info;
			ssize_t n;

			n = vn_sock_recvfrom(s->sock, ip->buf, TCP_BLKSIZE, &info);
			if (n == -EAGAIN)
				break;
			if (n < 0 && ip->udp)
				continue;	/* an ICMP error: go on */
			if (n <= 0) {
				s->eof = true;
				break;
			}
			if (!ip->started || ip->ending)
				continue;	/* before or after the test */
			if (ip->udp) {
				udp_datagram(s, ip->buf, (size_t)n,
					     vn_job_now(ip->job));
			} else {
				s->bytes += (uint64_t)n;
				s->bytes_iv += (uint64_t)n;
			}
		}
	}
}

/* A sender stops: no more blocks, FIN on TCP streams. */
static void stop_sending(struct iperf *ip)
{
	vn_job_timer_cancel(ip->send_timer);
	if (ip->udp)
		return;
	for (int i = 0; i < ip->n_streams; i++) {
		struct stream *s = &ip->streams[i];

		if (s->sock && !s->shut) {
			vn_sock_shutdown(s->sock, VN_SHUT_WR);
			s->shut = true;
		}
	}
}

/*
 * The test ends on this side (the client's timer, or the server's "END"):
 * a sender stops; a receiver stops counting, as iperf3 does at TEST_END
 * (what is still in flight is not counted).  The interval under way is
 * reported if anything moved in it.
 */
static void end_test(struct iperf *ip)
{
	int64_t now = vn_job_now(ip->job);
	uint64_t moved = 0;

	if (sending(ip))
		stop_sending(ip);
	for (int i = 0; i < ip->n_streams; i++) {
		ip->streams[i].end_ns = now;
		moved += ip->streams[i].bytes_iv;
	}
	vn_job_timer_cancel(ip->iv_timer);
	if (ip->interval_ns && now > ip->iv_start_ns &&
	    (moved || now - ip->iv_start_ns >= ip->interval_ns))
		interval_report(ip, now);
	ip->ending = true;
}

static void start_test(struct iperf *ip)
{
	ip->started = true;
	ip->start_ns = ip->iv_start_ns = vn_job_now(ip->job);
	vn_job_printf(ip->job, "%s", header(ip, false));
	if (ip->interval_ns)
		vn_job_timer_arm(ip->iv_timer, ip->start_ns + ip->interval_ns);
	if (ip->role == ROLE_CLIENT)
		vn_job_timer_arm(ip->end_timer, ip->start_ns + ip->duration_ns);
	schedule(ip);
}

/* --- the control connection ----------------------------------------------- */

static struct stream *new_stream(struct iperf *ip, struct vn_sock *sock)
{
	struct stream *s = &ip->streams[ip->n_open];

	memset(s, 0, sizeof(*s));
	s->ip = ip;
	s->sock = sock;
	/* iperf3's file descriptor numbers, as it usually prints them. */
	s->id = ip->role == ROLE_CLIENT ? 5 + 2 * ip->n_open :
					  5 + 3 * ip->n_open;
	ip->n_open++;
	vn_sock_set_wakeup(sock, wakeup, ip);
	return s;
}

/* Server: the client's parameters. */
static void server_param(struct iperf *ip, char *line)
{
	char proto[8];
	unsigned streams, reverse;
	unsigned long blk;
	long long duration;
	double rate;

	if (sscanf(line, "PARAM %7s %u %u %lu %lf %lld", proto, &streams,
		   &reverse, &blk, &rate, &duration) != 6 || !streams ||
	    streams > MAX_STREAMS || blk < UDP_HDR || blk > TCP_BLKSIZE ||
	    duration <= 0) {
		vn_job_eprintf(ip->job, "iperf3: error - received an unknown control message\n");
		finish_test(ip);
		return;
	}
	ip->udp = !strcmp(proto, "udp");
	ip->n_streams = (int)streams;
	ip->reverse = reverse;
	ip->blksize = blk;
	ip->rate = rate;
	ip->duration_ns = duration;
	ip->accepted = true;
	ctrl_send(ip, "ACCEPT");
}

static void client_stat(struct iperf *ip, const char *line)
{
	unsigned i;
	unsigned long long bytes, packets, lost;
	long long ns, jns;

	if (sscanf(line, "STAT %u %llu %lld %llu %llu %lld", &i, &bytes, &ns,
		   &packets, &lost, &jns) != 6 || i >= (unsigned)ip->n_streams)
		return;
	ip->streams[i].have_peer = true;
	ip->streams[i].peer_bytes = bytes;
	ip->streams[i].peer_ns = ns;
	ip->streams[i].peer_packets = packets;
	ip->streams[i].peer_lost = lost;
	ip->streams[i].peer_jitter = (double)jns / 1e9;
}

static void open_client_streams(struct iperf *ip);

static void ctrl_line(struct iperf *ip, char *line)
{
	if (ip->role == ROLE_SERVER) {
		if (!strncmp(line, "PARAM ", 6) && !ip->accepted)
			server_param(ip, line);
		else if (!strcmp(line, "END") && ip->started && !ip->ending)
			end_test(ip);
		return;
	}
	if (!strcmp(line, "ACCEPT"))
		open_client_streams(ip);
	else if (!strcmp(line, "START"))
		ip->start_pending = true;
	else if (!strncmp(line, "STAT ", 5))
		client_stat(ip, line);
	else if (!strcmp(line, "DONE"))
		ip->peer_done = true;
}

/* Reads control lines.  Return: false if the connection ended. */
static bool ctrl_read(struct iperf *ip)
{
	for (;;) {
		ssize_t n = vn_sock_recv(ip->ctrl, ip->cin + ip->cin_len,
					 sizeof(ip->cin) - 1 - ip->cin_len, 0);
		char *nl;

		if (n == -EAGAIN)
			return true;
		if (n <= 0)
			return false;
		ip->cin_len += (size_t)n;
		ip->cin[ip->cin_len] = '\0';
		while ((nl = memchr(ip->cin, '\n', ip->cin_len))) {
			size_t len = (size_t)(nl - ip->cin) + 1;

			*nl = '\0';
			ctrl_line(ip, ip->cin);
			if (ip->finished || !ip->ctrl)
				return true;
			memmove(ip->cin, ip->cin + len, ip->cin_len - len);
			ip->cin_len -= len;
		}
		if (ip->cin_len == sizeof(ip->cin) - 1)
			return false;
	}
}

/* --- the server ----------------------------------------------------------- */

static void banner(struct iperf *ip)
{
	ip->test_no++;
	vn_job_printf(ip->job,
		      "-----------------------------------------------------------\n"
		      "Server listening on %u (test #%d)\n"
		      "-----------------------------------------------------------\n",
		      ip->port, ip->test_no);
}

static void close_test(struct iperf *ip)
{
	for (int i = 0; i < ip->n_open; i++)
		if (ip->streams[i].sock)
			vn_sock_close(ip->streams[i].sock);
	ip->n_open = 0;
	if (ip->ctrl)
		vn_sock_close(ip->ctrl);
	ip->ctrl = NULL;
	vn_app_bytes_fini(&ip->cout);
	vn_app_bytes_init(&ip->cout, CTRL_MAX);
	ip->cin_len = 0;
	ip->accepted = ip->started = ip->ending = ip->peer_done = false;
	ip->start_pending = ip->sep_printed = false;
	vn_job_timer_cancel(ip->iv_timer);
	vn_job_timer_cancel(ip->send_timer);
	vn_job_timer_cancel(ip->end_timer);
}

/* Server: the test is over on this side; report and wait for the next. */
static void server_done(struct iperf *ip)
{
	summary(ip);
	for (int i = 0; i < ip->n_streams; i++) {
		const struct stream *s = &ip->streams[i];
		uint64_t lost = s->max_seq > s->received ? s->max_seq - s->received : 0;

		ctrl_send(ip, "STAT %d %llu %lld %llu %llu %lld", i,
			  (unsigned long long)s->bytes,
			  (long long)own_ns(ip, s),
			  (unsigned long long)(sending(ip) ? s->packets : s->max_seq),
			  (unsigned long long)lost,
			  (long long)llround(s->jitter * 1e9));
	}
	ctrl_send(ip, "DONE");
	finish_test(ip);
}

/* The test ended on the server (done, or the client vanished). */
static void finish_test(struct iperf *ip)
{
	if (ip->ctrl)
		vn_app_bytes_flush(&ip->cout, ip->ctrl);
	close_test(ip);
	if (ip->once) {
		ip->finished = true;
		vn_job_exit(ip->job, 0);
		return;
	}
	banner(ip);
}

static void server_accept(struct iperf *ip)
{
	struct vn_sock *s;

	while (!vn_sock_accept(ip->lsock, &s)) {
		struct vn_sockaddr peer = { 0 };
		char a[VN_APP_ADDR_LEN];

		if (!ip->ctrl) {
			ip->ctrl = s;
			vn_sock_set_wakeup(s, wakeup, ip);
			vn_sock_getpeername(s, &peer);
			vn_job_printf(ip->job, "Accepted connection from %s, port %u\n",
				      vn_app_format_addr(peer.addr, a), peer.port);
			continue;
		}
		/* A data stream of the test being set up, or a stranger. */
		if (!ip->accepted || ip->started || ip->udp ||
		    ip->n_open >= ip->n_streams) {
			vn_sock_close(s);
			continue;
		}
		stream_connected_line(ip, new_stream(ip, s));
	}
}

/* Server, UDP: a hello datagram; a stream connected back to its sender. */
static void server_udp_hello(struct iperf *ip)
{
	struct vn_recv_info info;
	uint8_t hello[64];
	ssize_t n;

	while ((n = vn_sock_recvfrom(ip->usock, hello, sizeof(hello), &info)) !=
	       -EAGAIN) {
		struct vn_sock *s;
		struct vn_sockaddr me = { 0, ip->port };
		uint8_t reply[4];

		if (n != 4 || get_u32(hello) != HELLO || !ip->accepted ||
		    !ip->udp || ip->started || ip->n_open >= ip->n_streams)
			continue;
		if (vn_socket(vn_job_netns(ip->job), VN_SOCK_DGRAM, 0, &s))
			continue;
		vn_sock_setopt(s, VN_SO_REUSEADDR, 1);
		if (vn_sock_bind(s, &me) || vn_sock_connect(s, &info.from)) {
			vn_sock_close(s);
			continue;
		}
		vn_sock_setopt(s, VN_SO_RCVBUF, 4 * 1024 * 1024);
		put_u32(reply, 987654321u);
		vn_sock_send(s, reply, 4, 0);
		stream_connected_line(ip, new_stream(ip, s));
	}
}

static void server_step(struct iperf *ip)
{
	server_accept(ip);
	if (ip->ctrl)
		vn_app_bytes_flush(&ip->cout, ip->ctrl);
	if (ip->usock)
		server_udp_hello(ip);
	if (!ip->ctrl)
		return;
	if (!ctrl_read(ip)) {
		/* The client went away. */
		if (!ip->finished)
			finish_test(ip);
		return;
	}
	if (ip->finished || !ip->ctrl)
		return;
	if (ip->accepted && !ip->started && ip->n_open == ip->n_streams) {
		ctrl_send(ip, "START");
		start_test(ip);
	}
	if (!ip->started)
		return;
	recv_step(ip);
	if (sending(ip) && !send_step(ip))
		return;
	if (ip->ending)
		server_done(ip);
}

/* --- the client ------------------------------------------------------------ */

static void open_client_streams(struct iperf *ip)
{
	struct vn_netns *ns = vn_job_netns(ip->job);
	struct vn_sockaddr to = { ip->host, ip->port };

	for (int i = 0; i < ip->n_streams; i++) {
		struct vn_sock *s;
		int rc = vn_socket(ns, ip->udp ? VN_SOCK_DGRAM : VN_SOCK_STREAM,
				   0, &s);

		if (rc) {
			error_exit(ip, "unable to create a new stream: %s",
				   strerror(-rc));
			return;
		}
		new_stream(ip, s);
		if (ip->udp)
			vn_sock_setopt(s, VN_SO_RCVBUF, 4 * 1024 * 1024);
		rc = vn_sock_connect(s, &to);
		if (rc && rc != -EINPROGRESS) {
			error_exit(ip, "unable to connect stream: %s",
				   strerror(-rc));
			return;
		}
		if (ip->udp) {
			uint8_t hello[4];

			put_u32(hello, HELLO);
			vn_sock_send(s, hello, 4, 0);
		}
	}
	schedule(ip);
}

/* Client: prints a stream's line once it is connected. */
static bool streams_connected(struct iperf *ip)
{
	for (int i = 0; i < ip->n_open; i++) {
		struct stream *s = &ip->streams[i];
		unsigned ev;
		int err;

		if (s->announced)
			continue;
		ev = vn_sock_poll(s->sock);
		err = ip->udp ? 0 : vn_sock_error(s->sock);
		if (err) {
			error_exit(ip, "unable to connect stream: %s",
				   strerror(-err));
			return false;
		}
		if (!ip->udp && !(ev & VN_POLLOUT))
			return false;
		if (ip->udp) {
			uint8_t reply[4];

			if (vn_sock_recv(s->sock, reply, 4, 0) != 4)
				return false;
		}
		stream_connected_line(ip, s);
		s->announced = true;
	}
	return ip->n_open == ip->n_streams;
}

static void end_fire(struct vn_job_timer *t, void *arg)
{
	struct iperf *ip = arg;

	(void)t;
	end_test(ip);
	ctrl_send(ip, "END");
	schedule(ip);
}

static void client_step(struct iperf *ip)
{
	if (!ip->ctrl)
		return;
	if (!ip->accepted) {
		unsigned ev = vn_sock_poll(ip->ctrl);
		int err;

		if (!(ev & (VN_POLLOUT | VN_POLLERR | VN_POLLHUP)))
			return;
		err = vn_sock_error(ip->ctrl);
		if (err) {
			error_exit(ip, "unable to connect to server: %s",
				   strerror(-err));
			return;
		}
		ip->accepted = true;
		if (!ip->blksize_given) {
			int mss = 0;

			if (ip->udp && !vn_sock_getopt(ip->ctrl, VN_TCP_MAXSEG,
						       &mss) && mss > 0)
				ip->blksize = (size_t)mss;
			else
				ip->blksize = ip->udp ? UDP_BLKSIZE : TCP_BLKSIZE;
		}
		ctrl_send(ip, "PARAM %s %d %d %zu %.0f %lld",
			  ip->udp ? "udp" : "tcp", ip->n_streams, ip->reverse,
			  ip->blksize, ip->rate, (long long)ip->duration_ns);
	}
	vn_app_bytes_flush(&ip->cout, ip->ctrl);
	if (!ctrl_read(ip) && !ip->peer_done) {
		error_exit(ip, "control socket has closed unexpectedly");
		return;
	}
	if (ip->finished)
		return;
	if (ip->n_open && !ip->started) {
		/* Every stream's "connected" line precedes the test. */
		if (!streams_connected(ip) || !ip->start_pending)
			return;
		start_test(ip);
	}
	if (!ip->started)
		return;
	recv_step(ip);
	if (sending(ip) && !send_step(ip))
		return;
	if (ip->ending && ip->peer_done) {
		summary(ip);
		vn_job_printf(ip->job, "\niperf Done.\n");
		ip->finished = true;
		vn_job_exit(ip->job, 0);
	}
}

static void work_fire(struct vn_job_timer *t, void *arg)
{
	struct iperf *ip = arg;

	(void)t;
	if (ip->finished)
		return;
	if (ip->role == ROLE_SERVER)
		server_step(ip);
	else
		client_step(ip);
}

/* --- the job --------------------------------------------------------------- */

static void iperf_release(struct vn_job *job)
{
	struct iperf *ip = vn_job_data(job);

	close_test(ip);
	if (ip->lsock)
		vn_sock_close(ip->lsock);
	if (ip->usock)
		vn_sock_close(ip->usock);
	vn_app_bytes_fini(&ip->cout);
	free(ip->buf);
	free(ip);
}

static void iperf_signal(struct vn_job *job, int sig)
{
	struct iperf *ip = vn_job_data(job);

	/* iperf3 on SIGINT/SIGTERM: "iperf3: interrupt - the server has
	 * terminated" (or client), exit 1. */
	if (ip->role == ROLE_SERVER && !ip->ctrl)
		vn_job_exit(job, 128 + sig);
	else {
		vn_job_eprintf(job, "iperf3: interrupt - the %s has terminated\n",
			       ip->role == ROLE_SERVER ? "server" : "client");
		vn_job_exit(job, 1);
	}
	ip->finished = true;
}

static const struct vn_job_ops iperf_ops = {
	.signal = iperf_signal,
	.release = iperf_release,
};

static const char usage_text[] =
	"Usage: iperf3 [-s|-c host] [options]\n"
	"       iperf3 [-h|--help] [-v|--version]\n"
	"\n"
	"Server or Client:\n"
	"  -p, --port      #         server port to listen on/connect to\n"
	"  -i, --interval  #         seconds between periodic throughput reports\n"
	"Server specific:\n"
	"  -s, --server              run in server mode\n"
	"  -1, --one-off             handle one client connection then exit\n"
	"Client specific:\n"
	"  -c, --client    <host>    run in client mode, connecting to <host>\n"
	"  -u, --udp                 use UDP rather than TCP\n"
	"  -b, --bitrate #[KMG][/#]  target bitrate in bits/sec (0 for unlimited)\n"
	"                            (default 1 Mbit/sec for UDP, unlimited for TCP)\n"
	"  -t, --time      #         time in seconds to transmit for (default 10 secs)\n"
	"  -l, --length    #[KMG]    length of buffer to read or write\n"
	"                            (default 128 KB for TCP, dynamic or 1460 for UDP)\n"
	"  -P, --parallel  #         number of parallel client streams to run\n"
	"  -R, --reverse             run in reverse mode (server sends, client receives)\n"
	"\n"
	"[KMG] indicates options that support a K/M/G suffix for kilo-, mega-, or giga-\n";

static const struct vn_app_longopt long_opts[] = {
	{ "port", true, 'p' },
	{ "interval", true, 'i' },
	{ "server", false, 's' },
	{ "one-off", false, '1' },
	{ "client", true, 'c' },
	{ "udp", false, 'u' },
	{ "bitrate", true, 'b' },
	{ "bandwidth", true, 'b' },
	{ "time", true, 't' },
	{ "length", true, 'l' },
	{ "parallel", true, 'P' },
	{ "reverse", false, 'R' },
	{ "help", false, 'h' },
	{ "version", false, 'v' },
	{ NULL, false, 0 },
};

/* Parses the options into @ip.  Return: -1 to go on, or an exit status. */
static int parse_args(struct iperf *ip, int argc, char **argv)
{
	struct vn_job *job = ip->job;
	struct vn_app_getopt g;
	bool server = false, rate_given = false;
	const char *host = NULL;
	int c, status = -1;
	char *end;
	double v;

	if (vn_app_getopt_init(&g, argc, argv))
		return 1;
	while (status < 0 &&
	       (c = vn_app_getopt_next(&g, "p:i:s1c:ub:t:l:P:Rhv", long_opts)) != -1) {
		switch (c) {
		case 'p':
			v = strtod(g.arg, &end);
			if (*end || end == g.arg || v < 1 || v > 65535 ||
			    v != floor(v)) {
				vn_job_eprintf(job, "iperf3: parameter error - bad port number\n");
				status = 1;
			}
			ip->port = (uint16_t)v;
			break;
		case 'i':
			v = strtod(g.arg, &end);
			if (*end || end == g.arg || (v != 0 && (v < 0.1 || v > 60))) {
				vn_job_eprintf(job, "iperf3: parameter error - invalid report interval (min = 0.1, max = 60.0 seconds)\n");
				status = 1;
			}
			ip->interval_ns = (int64_t)llround(v * 1e9);
			break;
		case 's':
			server = true;
			break;
		case '1':
			ip->once = true;
			break;
		case 'c':
			host = g.arg;
			break;
		case 'u':
			ip->udp = true;
			break;
		case 'b':
			if (vn_app_parse_rate(g.arg, &ip->rate)) {
				vn_job_eprintf(job, "iperf3: parameter error - invalid rate\n");
				status = 1;
			}
			rate_given = true;
			break;
		case 't':
			v = strtod(g.arg, &end);
			if (*end || end == g.arg || v <= 0 || v > 86400) {
				vn_job_eprintf(job, "iperf3: parameter error - test duration valid values are 0 to 86400 seconds\n");
				status = 1;
			}
			ip->duration_ns = (int64_t)llround(v * 1e9);
			break;
		case 'l': {
			uint64_t len;

			if (vn_app_parse_size(g.arg, &len) || len < UDP_HDR ||
			    len > TCP_BLKSIZE) {
				vn_job_eprintf(job, "iperf3: parameter error - block size too large (maximum = %d bytes)\n",
					       TCP_BLKSIZE);
				status = 1;
			}
			ip->blksize = (size_t)len;
			ip->blksize_given = true;
			break;
		}
		case 'P':
			v = strtod(g.arg, &end);
			if (*end || end == g.arg || v < 1 || v > MAX_STREAMS ||
			    v != floor(v)) {
				vn_job_eprintf(job, "iperf3: parameter error - number of parallel streams too large (maximum = %d)\n",
					       MAX_STREAMS);
				status = 1;
			}
			ip->n_streams = (int)v;
			break;
		case 'R':
			ip->reverse = true;
			break;
		case 'h':
			vn_job_printf(job, "%s", usage_text);
			status = 0;
			break;
		case 'v':
			vn_job_printf(job, "iperf 3.12 (vnet)\n");
			status = 0;
			break;
		case ':':
			vn_job_eprintf(job, "iperf3: option requires an argument -- '%c'\n",
				       g.opt);
			vn_job_eprintf(job, "%s", usage_text);
			status = 1;
			break;
		default:
			if (g.name)
				vn_job_eprintf(job, "iperf3: unrecognized option '--%s'\n",
					       g.name);
			else
				vn_job_eprintf(job, "iperf3: invalid option -- '%c'\n",
					       g.opt);
			vn_job_eprintf(job, "%s", usage_text);
			status = 1;
			break;
		}
	}
	if (status < 0 && server == !!host) {
		vn_job_eprintf(job, "iperf3: parameter error - must either be a client (-c) or server (-s)\n\n%s",
			       usage_text);
		status = 1;
	}
	if (status < 0 && g.n_operands) {
		vn_job_eprintf(job, "iperf3: parameter error - some option you are trying to set is client only\n");
		status = 1;
	}
	if (status < 0 && host) {
		ip->role = ROLE_CLIENT;
		if (vn_app_parse_addr(host, &ip->host)) {
			vn_job_eprintf(job, "iperf3: error - unable to resolve host: %s (vnet resolves no names)\n",
				       host);
			status = 1;
		}
		snprintf(ip->host_text, sizeof(ip->host_text), "%s", host);
		if (ip->udp && !rate_given)
			ip->rate = UDP_RATE;
	}
	if (status < 0 && server && (ip->udp || ip->reverse || rate_given ||
				     ip->blksize_given)) {
		vn_job_eprintf(job, "iperf3: parameter error - some option you are trying to set is client only\n");
		status = 1;
	}
	vn_app_getopt_fini(&g);
	return status;
}

static int start_server(struct iperf *ip)
{
	struct vn_netns *ns = vn_job_netns(ip->job);
	struct vn_sockaddr me = { 0, ip->port };
	int rc;

	rc = vn_socket(ns, VN_SOCK_STREAM, 0, &ip->lsock);
	if (!rc) {
		vn_sock_setopt(ip->lsock, VN_SO_REUSEADDR, 1);
		rc = vn_sock_bind(ip->lsock, &me);
	}
	if (!rc)
		rc = vn_sock_listen(ip->lsock, 128);
	if (!rc)
		rc = vn_socket(ns, VN_SOCK_DGRAM, 0, &ip->usock);
	if (!rc) {
		vn_sock_setopt(ip->usock, VN_SO_REUSEADDR, 1);
		rc = vn_sock_bind(ip->usock, &me);
	}
	if (rc) {
		vn_job_eprintf(ip->job, "iperf3: error - unable to start listener for connections: %s\n",
			       strerror(-rc));
		vn_job_eprintf(ip->job, "iperf3: exiting\n");
		return 1;
	}
	vn_sock_set_wakeup(ip->lsock, wakeup, ip);
	vn_sock_set_wakeup(ip->usock, wakeup, ip);
	banner(ip);
	return VN_JOB_RUNNING;
}

static int start_client(struct iperf *ip)
{
	struct vn_sockaddr to = { ip->host, ip->port };
	int rc;

	vn_job_printf(ip->job, "Connecting to host %s, port %u\n", ip->host_text,
		      ip->port);
	if (ip->reverse)
		vn_job_printf(ip->job, "Reverse mode, remote host %s is sending\n",
			      ip->host_text);
	rc = vn_socket(vn_job_netns(ip->job), VN_SOCK_STREAM, 0, &ip->ctrl);
	if (!rc) {
		vn_sock_set_wakeup(ip->ctrl, wakeup, ip);
		rc = vn_sock_connect(ip->ctrl, &to);
	}
	if (rc && rc != -EINPROGRESS) {
		vn_job_eprintf(ip->job, "iperf3: error - unable to connect to server: %s\n",
			       strerror(-rc));
		return 1;
	}
	schedule(ip);
	return VN_JOB_RUNNING;
}

int vn_app_iperf(struct vn_job *job, int argc, char **argv);

int vn_app_iperf(struct vn_job *job, int argc, char **argv)
{
	struct iperf *ip = calloc(1, sizeof(*ip));
	int rc;

	if (ip)
		ip->buf = malloc(TCP_BLKSIZE);
	if (!ip || !ip->buf) {
		if (ip)
			free(ip);
		vn_job_eprintf(job, "iperf3: error - %s\n", strerror(ENOMEM));
		return 1;
	}
	ip->job = job;
	ip->port = DEFAULT_PORT;
	ip->n_streams = 1;
	ip->duration_ns = 10 * VN_APP_NS_PER_SEC;
	ip->interval_ns = VN_APP_NS_PER_SEC;
	vn_app_bytes_init(&ip->cout, CTRL_MAX);
	memset(ip->buf, 0, TCP_BLKSIZE);
	vn_job_set_ops(job, &iperf_ops, ip);
	ip->work = vn_job_timer_new(job, work_fire, ip);
	ip->iv_timer = vn_job_timer_new(job, iv_fire, ip);
	ip->end_timer = vn_job_timer_new(job, end_fire, ip);
	ip->send_timer = vn_job_timer_new(job, send_fire, ip);
	rc = parse_args(ip, argc, argv);
	if (rc >= 0)
		return rc;
	if (ip->role == ROLE_SERVER)
		return start_server(ip);
	return start_client(ip);
}
