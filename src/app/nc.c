// SPDX-License-Identifier: MIT
/*
 * app/nc.c - nc, as OpenBSD netcat behaves in Debian 12 (nc.openbsd,
 * Debian patchlevel 1.219-1): connect or listen over TCP or UDP, probe
 * ports (-z), move bytes between "standard input" and the network.
 *
 * Theory of operation.  netcat's core is readwrite(), a poll() loop over
 * four ends: stdin, network out, network in, stdout.  This job runs the
 * same loop one step per wakeup: a socket wakeup (or the source having
 * more to give) schedules a zero-delay "work" timer, so the loop never
 * runs inside the stack's callback, and the step reads the source, sends
 * what the socket takes (-EAGAIN waits for VN_POLLOUT), receives and
 * prints, then applies netcat's end conditions in netcat's order:
 *   - stdin done and its buffer sent: -N (or -q N >= 0) shuts down the
 *     sending side; in listen or UDP mode -q N >= 0 also stops reading;
 *   - both inputs gone (or both outputs, or in listen mode the network
 *     input) ends the connection -- at once, or with -q N > 0 after
 *     closing the socket and waiting N seconds, then exiting 0;
 *   - -w N ends a connection idle for N seconds (and bounds connects).
 * Listening serves one connection (-k: one after the other).  UDP
 * listening waits for the first datagram and connects to its sender.
 * UDP probes (-u with -v or -z) write "X" twice and then once a second
 * for 3 s (or -w), failing on ECONNREFUSED, as Debian's udptest().
 *
 * A vnet job has no standard input: it behaves as `nc ... < /dev/null`
 * (what a shell gives a background job), unless one of the vnet options
 * gives it one: --send TEXT (printf(1) escapes), --send-file PATH,
 * --send-bytes N (a deterministic pattern, app/common.h).  --recv-sum
 * prints "received N bytes, fnv1a64 H" per connection instead of the
 * bytes, --send-sum "sent N bytes, fnv1a64 H", so tests can check that a
 * transfer arrived intact.  Messages go to standard error, prefixed "nc:"
 * and only with -v, as netcat's; names are not resolved (IPv4 dotted
 * quads), so -n changes nothing.  Exit status: 0 if a connection (or a
 * probe) succeeded, 1 otherwise or on bad arguments.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/common.h"

#define BUFSIZE 16384		/* netcat's BUFSIZE */
#define UDP_SCAN_TIMEOUT 3	/* seconds */
#define MAX_PORTS 65536

enum nc_phase {
	NC_IDLE,		/* between ports, or done */
	NC_CONNECTING,		/* TCP handshake under way */
	NC_UDPTEST,		/* writing X's to a UDP port */
	NC_ACCEPTING,		/* TCP listener waiting for a connection */
	NC_UDP_WAIT,		/* UDP listener waiting for a first datagram */
	NC_TRANSFER,		/* readwrite() */
	NC_QUITTING,		/* -q N: socket closed, waiting to exit 0 */
};

enum nc_source {
	SRC_NONE,		/* /dev/null */
	SRC_TEXT,
	SRC_FILE,
	SRC_BYTES,
};

struct nc {
	struct vn_job *job;
	/* Options. */
	bool listen, udp, verbose, zero, keep, shut_wr, broadcast;
	bool recv_sum, send_sum;
	int quit_secs;		/* -q: -1 never */
	int timeout_secs;	/* -w: -1 none */
	int ttl, tos, rcvbuf, sndbuf;	/* -M -T -I -O, -1 unset */
	long recv_limit;	/* -W: reads before stopping, 0 none */
	bool has_src;
	uint32_t src_addr;	/* -s */
	uint16_t src_port;	/* -p */
	char host[64];
	uint32_t dst;
	uint16_t *ports;
	int n_ports, port_idx;
	/* Standard input. */
	enum nc_source src;
	char *text;
	size_t text_len;
	FILE *file;
	uint64_t n_bytes;
	uint64_t src_pos;
	/* State. */
	enum nc_phase phase;
	int ret;
	struct vn_sock *lsock;
	struct vn_sock *sock;
	bool stdin_open, netout_open, netin_open;
	long n_reads;
	int udp_writes;
	uint64_t n_sent, sent_hash, n_recv, recv_hash;
	size_t inlen;
	uint8_t inbuf[BUFSIZE];
	uint8_t rbuf[BUFSIZE];
	struct vn_job_timer *work;
	struct vn_job_timer *timer;	/* -w, UDP probe pacing */
	struct vn_job_timer *quit;	/* -q */
};

static void next_port(struct nc *nc);
static void start_accept(struct nc *nc);

static void warn(struct nc *nc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct nc *nc, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	/* One write per line: a script prefixes each with FILE:LINE. */
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	vn_job_eprintf(nc->job, "nc: %s\n", line);
}

static void schedule(struct nc *nc)
{
	vn_job_timer_arm(nc->work, vn_job_now(nc->job));
}

static void wakeup(struct vn_sock *sock, void *arg)
{
	(void)sock;
	schedule(arg);
}

static void arm_timeout(struct nc *nc, int64_t secs)
{
	if (secs >= 0)
		vn_job_timer_arm(nc->timer,
				 vn_job_now(nc->job) + secs * VN_APP_NS_PER_SEC);
}

static void close_sock(struct nc *nc)
{
	if (nc->sock)
		vn_sock_close(nc->sock);
	nc->sock = NULL;
}

static void finish(struct nc *nc, int status)
{
	nc->phase = NC_IDLE;
	close_sock(nc);
	if (nc->lsock)
		vn_sock_close(nc->lsock);
	nc->lsock = NULL;
	vn_job_exit(nc->job, status);
}

static void print_sums(struct nc *nc)
{
	if (nc->send_sum)
		vn_job_printf(nc->job, "sent %llu bytes, fnv1a64 %016llx\n",
			      (unsigned long long)nc->n_sent,
			      (unsigned long long)nc->sent_hash);
	if (nc->recv_sum)
		vn_job_printf(nc->job, "received %llu bytes, fnv1a64 %016llx\n",
			      (unsigned long long)nc->n_recv,
			      (unsigned long long)nc->recv_hash);
}

/* --- standard input ------------------------------------------------------ */

/* Reads up to @size bytes of "stdin": 0 at its end. */
static size_t src_read(struct nc *nc, uint8_t *buf, size_t size)
{
	size_t n = 0;

	switch (nc->src) {
	case SRC_NONE:
		return 0;
	case SRC_TEXT:
		n = nc->text_len - (size_t)nc->src_pos;
		if (n > size)
			n = size;
		memcpy(buf, nc->text + nc->src_pos, n);
		break;
	case SRC_FILE:
		n = fread(buf, 1, size, nc->file);
		break;
	case SRC_BYTES:
		n = nc->n_bytes - nc->src_pos < size ?
			    (size_t)(nc->n_bytes - nc->src_pos) :
			    size;
		vn_app_pattern(buf, nc->src_pos, n);
		break;
	}
	nc->src_pos += n;
	return n;
}

/* --- readwrite() ---------------------------------------------------------- */

static void start_transfer(struct nc *nc)
{
	nc->phase = NC_TRANSFER;
	nc->netout_open = nc->netin_open = true;
	nc->n_recv = 0;
	nc->recv_hash = VN_APP_FNV_INIT;
	nc->n_reads = 0;
	vn_sock_set_wakeup(nc->sock, wakeup, nc);
	arm_timeout(nc, nc->timeout_secs);
	schedule(nc);
}

static void output(struct nc *nc, const uint8_t *data, size_t len)
{
	if (nc->recv_sum) {
		nc->recv_hash = vn_app_fnv1a(nc->recv_hash, data, len);
		nc->n_recv += len;
	} else {
		vn_job_write(nc->job, 1, data, len);
	}
}

/* readwrite() has returned: the connection is over. */
static void transfer_done(struct nc *nc)
{
	vn_job_timer_cancel(nc->timer);
	print_sums(nc);
	if (nc->listen && nc->udp && nc->keep) {
		/* -u -k: the socket is not connected; read on. */
		start_transfer(nc);
		return;
	}
	close_sock(nc);
	if (nc->listen) {
		if (nc->keep) {
			start_accept(nc);
			return;
		}
		finish(nc, nc->ret);
		return;
	}
	next_port(nc);
}

/* "delay_exit": close the socket, wait -q seconds, exit 0. */
static void delay_exit(struct nc *nc)
{
	vn_job_timer_cancel(nc->timer);
	print_sums(nc);
	close_sock(nc);
	if (nc->lsock)
		vn_sock_close(nc->lsock);
	nc->lsock = NULL;
	nc->phase = NC_QUITTING;
	vn_job_timer_arm(nc->quit, vn_job_now(nc->job) +
					   (int64_t)nc->quit_secs * VN_APP_NS_PER_SEC);
}

/* netcat's three ways out of the loop, checked before each poll(). */
static bool loop_over(struct nc *nc)
{
	bool over = (!nc->stdin_open && !nc->netin_open && !nc->inlen) ||
		    (!nc->netout_open && !nc->netin_open) ||
		    (nc->listen && !nc->netin_open && !nc->inlen);

	if (!over)
		return false;
	if (nc->quit_secs <= 0)
		transfer_done(nc);
	else
		delay_exit(nc);
	return true;
}

static void rw_step(struct nc *nc)
{
	bool progress;

	do {
		unsigned ev;
		ssize_t n;

		if (loop_over(nc))
			return;
		progress = false;
		ev = vn_sock_poll(nc->sock);
		/* Socket error conditions close both network ends. */
		if (ev & VN_POLLERR)
			nc->netin_open = nc->netout_open = false;
		if (nc->netin_open && (ev & VN_POLLHUP) && !(ev & VN_POLLIN))
			nc->netin_open = false;
		if (nc->netout_open && (ev & VN_POLLHUP)) {
			if (nc->shut_wr)
				vn_sock_shutdown(nc->sock, VN_SHUT_WR);
			nc->netout_open = false;
		}
		if (!nc->netout_open)
			nc->stdin_open = false;

		/* stdin -> buffer */
		if (nc->stdin_open && nc->inlen < BUFSIZE) {
			size_t got = src_read(nc, nc->inbuf + nc->inlen,
					      BUFSIZE - nc->inlen);

			if (!got)
				nc->stdin_open = false;
			nc->inlen += got;
			progress |= got > 0;
		}
		/* buffer -> network */
		if (nc->netout_open && nc->inlen) {
			n = vn_sock_send(nc->sock, nc->inbuf, nc->inlen, 0);
			if (n > 0) {
				if (nc->send_sum)
					nc->sent_hash = vn_app_fnv1a(
						nc->sent_hash, nc->inbuf,
						(size_t)n);
				nc->n_sent += (uint64_t)n;
				memmove(nc->inbuf, nc->inbuf + n,
					nc->inlen - (size_t)n);
				nc->inlen -= (size_t)n;
				progress = true;
			} else if (n != -EAGAIN) {
				nc->netout_open = false;
				progress = true;
			}
		}
		/* network -> stdout */
		if (nc->netin_open) {
			n = vn_sock_recv(nc->sock, nc->rbuf, sizeof(nc->rbuf), 0);
			if (n != -EAGAIN) {
				progress = true;
				if (n > 0)
					output(nc, nc->rbuf, (size_t)n);
				if (n == 0)
					vn_sock_shutdown(nc->sock, VN_SHUT_RD);
				if (n <= 0)
					nc->netin_open = false;
				if (nc->recv_limit &&
				    ++nc->n_reads >= nc->recv_limit) {
					if (nc->netin_open)
						vn_sock_shutdown(nc->sock,
								 VN_SHUT_RD);
					nc->netin_open = false;
					nc->stdin_open = false;
				}
			}
		}
		/* stdin gone and its buffer sent? */
		if (!nc->stdin_open && !nc->inlen && nc->netout_open) {
			if (nc->shut_wr)
				vn_sock_shutdown(nc->sock, VN_SHUT_WR);
			nc->netout_open = false;
			/* Debian #817050: UDP and -k */
			if ((nc->listen || nc->udp) && nc->netin_open &&
			    nc->quit_secs >= 0) {
				vn_sock_shutdown(nc->sock, VN_SHUT_RD);
				nc->netin_open = false;
				nc->keep = false;
			}
			progress = true;
		}
		if (progress)
			arm_timeout(nc, nc->timeout_secs);
	} while (progress);
	loop_over(nc);
}

/* --- connecting ----------------------------------------------------------- */

static const char *proto(const struct nc *nc)
{
	return nc->udp ? "udp" : "tcp";
}

static void connection_info(struct nc *nc, uint16_t port)
{
	const char *service = vn_app_service_name(port, nc->udp);

	vn_job_eprintf(nc->job, "Connection to %s %u port [%s/%s] succeeded!\n",
		       nc->host, port, proto(nc), service ? service : "*");
}

static void connect_failed(struct nc *nc, int err, bool timed_out)
{
	if (nc->verbose)
		warn(nc, "connect to %s port %u (%s) %s: %s", nc->host,
		     nc->ports[nc->port_idx], proto(nc),
		     timed_out ? "timed out" : "failed", strerror(err));
	close_sock(nc);
	nc->port_idx++;
	next_port(nc);
}

/* The connection is up (TCP), or the UDP socket is connected. */
static void connected(struct nc *nc)
{
	uint16_t port = nc->ports[nc->port_idx];

	vn_job_timer_cancel(nc->timer);
	nc->ret = 0;
	if (nc->verbose || nc->zero)
		connection_info(nc, port);
	nc->port_idx++;
	if (nc->zero) {
		close_sock(nc);
		next_port(nc);
		return;
	}
	start_transfer(nc);
}

/* One step of udptest(): write an "X"; ECONNREFUSED means closed. */
static void udp_probe(struct nc *nc)
{
	ssize_t n = vn_sock_send(nc->sock, "X", 1, 0);
	int tries = nc->timeout_secs >= 0 ? nc->timeout_secs : UDP_SCAN_TIMEOUT;

	nc->udp_writes++;
	if (n != 1 && (nc->udp_writes == 1 || n == -ECONNREFUSED)) {
		/* "No info on failed or skipped test." */
		nc->ret = 1;
		close_sock(nc);
		nc->port_idx++;
		next_port(nc);
		return;
	}
	if (nc->udp_writes == 1) {
		udp_probe(nc);
		return;
	}
	if (nc->udp_writes - 2 < tries) {
		vn_job_timer_arm(nc->timer,
				 vn_job_now(nc->job) + VN_APP_NS_PER_SEC);
		return;
	}
	nc->ret = 0;
	connection_info(nc, nc->ports[nc->port_idx]);
	nc->port_idx++;
	if (nc->zero) {
		close_sock(nc);
		next_port(nc);
		return;
	}
	start_transfer(nc);
}

static void set_common_sockopts(struct nc *nc, struct vn_sock *s)
{
	if (nc->broadcast)
		vn_sock_setopt(s, VN_SO_BROADCAST, 1);
	if (nc->tos >= 0)
		vn_sock_setopt(s, VN_IP_TOS, nc->tos);
	if (nc->ttl >= 0)
		vn_sock_setopt(s, VN_IP_TTL, nc->ttl);
	if (nc->rcvbuf > 0)
		vn_sock_setopt(s, VN_SO_RCVBUF, nc->rcvbuf);
	if (nc->sndbuf > 0)
		vn_sock_setopt(s, VN_SO_SNDBUF, nc->sndbuf);
}

/* remote_connect() for the next port in the list, or the end. */
static void next_port(struct nc *nc)
{
	struct vn_sockaddr to;
	int rc;

	nc->phase = NC_IDLE;
	if (nc->port_idx >= nc->n_ports) {
		finish(nc, nc->ret);
		return;
	}
	rc = vn_socket(vn_job_netns(nc->job),
		       nc->udp ? VN_SOCK_DGRAM : VN_SOCK_STREAM, 0, &nc->sock);
	if (rc) {
		warn(nc, "socket: %s", strerror(-rc));
		finish(nc, 1);
		return;
	}
	if (nc->has_src || nc->src_port) {
		struct vn_sockaddr me = { nc->src_addr, nc->src_port };

		rc = vn_sock_bind(nc->sock, &me);
		if (rc) {
			warn(nc, "bind failed: %s", strerror(-rc));
			finish(nc, 1);
			return;
		}
	}
	set_common_sockopts(nc, nc->sock);
	to.addr = nc->dst;
	to.port = nc->ports[nc->port_idx];
	vn_sock_set_wakeup(nc->sock, wakeup, nc);
	rc = vn_sock_connect(nc->sock, &to);
	if (nc->udp) {
		if (rc) {
			connect_failed(nc, -rc, false);
			return;
		}
		if (nc->verbose || nc->zero) {
			nc->phase = NC_UDPTEST;
			nc->udp_writes = 0;
			udp_probe(nc);
			return;
		}
		nc->ret = 0;
		nc->port_idx++;
		start_transfer(nc);
		return;
	}
	if (rc && rc != -EINPROGRESS) {
		connect_failed(nc, -rc, false);
		return;
	}
	nc->phase = NC_CONNECTING;
	if (nc->timeout_secs > 0)
		arm_timeout(nc, nc->timeout_secs);
	schedule(nc);
}

static void connect_step(struct nc *nc)
{
	unsigned ev = vn_sock_poll(nc->sock);
	int err;

	if (!(ev & (VN_POLLOUT | VN_POLLERR | VN_POLLHUP)))
		return;
	err = vn_sock_error(nc->sock);
	if (err) {
		vn_job_timer_cancel(nc->timer);
		connect_failed(nc, -err, false);
		return;
	}
	if (ev & VN_POLLOUT)
		connected(nc);
}

/* --- listening ------------------------------------------------------------ */

static void report_sock(struct nc *nc, const char *what, uint32_t addr,
			uint16_t port)
{
	char a[VN_APP_ADDR_LEN];

	vn_job_eprintf(nc->job, "%s on %s %u\n", what,
		       vn_app_format_addr(addr, a), port);
}

static void start_accept(struct nc *nc)
{
	nc->phase = NC_ACCEPTING;
	schedule(nc);
}

static void accept_step(struct nc *nc)
{
	struct vn_sockaddr peer;
	int rc = vn_sock_accept(nc->lsock, &nc->sock);

	if (rc == -EAGAIN)
		return;
	if (rc) {
		warn(nc, "accept: %s", strerror(-rc));
		finish(nc, 1);
		return;
	}
	if (nc->verbose && !vn_sock_getpeername(nc->sock, &peer))
		report_sock(nc, "Connection received", peer.addr, peer.port);
	start_transfer(nc);
}

/* UDP without -k: the first datagram's sender becomes the peer. */
static void udp_wait_step(struct nc *nc)
{
	struct vn_recv_info info;
	uint8_t byte;
	ssize_t n;
	int rc;

	n = vn_sock_recvmsg(nc->sock, &byte, 1, &info, VN_MSG_PEEK);
	if (n == -EAGAIN)
		return;
	if (n < 0) {
		warn(nc, "recvfrom: %s", strerror((int)-n));
		finish(nc, 1);
		return;
	}
	rc = vn_sock_connect(nc->sock, &info.from);
	if (rc) {
		warn(nc, "connect: %s", strerror(-rc));
		finish(nc, 1);
		return;
	}
	if (nc->verbose)
		report_sock(nc, "Connection received", info.from.addr,
			    info.from.port);
	start_transfer(nc);
}

static int local_listen(struct nc *nc)
{
	struct vn_sockaddr me = { nc->src_addr, nc->ports[0] };
	struct vn_sock *s;
	int rc;

	rc = vn_socket(vn_job_netns(nc->job),
		       nc->udp ? VN_SOCK_DGRAM : VN_SOCK_STREAM, 0, &s);
	if (rc)
		goto fail;
	vn_sock_setopt(s, VN_SO_REUSEADDR, 1);
	set_common_sockopts(nc, s);
	rc = vn_sock_bind(s, &me);
	if (!rc && !nc->udp)
		rc = vn_sock_listen(s, 1);
	if (rc) {
		vn_sock_close(s);
		goto fail;
	}
	if (nc->verbose) {
		vn_sock_getname(s, &me);
		report_sock(nc, nc->udp ? "Bound" : "Listening", me.addr,
			    me.port);
	}
	vn_sock_set_wakeup(s, wakeup, nc);
	if (nc->udp) {
		nc->sock = s;
		if (nc->keep) {
			start_transfer(nc);
		} else {
			nc->phase = NC_UDP_WAIT;
			schedule(nc);
		}
	} else {
		nc->lsock = s;
		start_accept(nc);
	}
	return 0;
fail:
	/* err(1, NULL): the bare errno text. */
	vn_job_eprintf(nc->job, "nc: %s\n", strerror(-rc));
	return rc;
}

/* --- the job ---------------------------------------------------------------- */

static void work_fire(struct vn_job_timer *t, void *arg)
{
	struct nc *nc = arg;

	(void)t;
	switch (nc->phase) {
	case NC_IDLE:
	case NC_QUITTING:
	case NC_UDPTEST:
		break;
	case NC_CONNECTING:
		connect_step(nc);
		break;
	case NC_ACCEPTING:
		accept_step(nc);
		break;
	case NC_UDP_WAIT:
		udp_wait_step(nc);
		break;
	case NC_TRANSFER:
		rw_step(nc);
		break;
	}
}

static void timer_fire(struct vn_job_timer *t, void *arg)
{
	struct nc *nc = arg;

	(void)t;
	switch (nc->phase) {
	case NC_CONNECTING:
		connect_failed(nc, EINPROGRESS, true);
		break;
	case NC_UDPTEST:
		udp_probe(nc);
		break;
	case NC_TRANSFER:
		/* poll() timed out: readwrite() returns. */
		transfer_done(nc);
		break;
	case NC_IDLE:
	case NC_ACCEPTING:
	case NC_UDP_WAIT:
	case NC_QUITTING:
		break;
	}
}

static void quit_fire(struct vn_job_timer *t, void *arg)
{
	(void)t;
	finish(arg, 0);
}

static void nc_signal(struct vn_job *job, int sig)
{
	struct nc *nc = vn_job_data(job);

	if (nc->phase == NC_TRANSFER)
		print_sums(nc);
	finish(nc, 128 + sig);
}

static void nc_release(struct vn_job *job)
{
	struct nc *nc = vn_job_data(job);

	close_sock(nc);
	if (nc->lsock)
		vn_sock_close(nc->lsock);
	if (nc->file)
		fclose(nc->file);
	free(nc->ports);
	free(nc->text);
	free(nc);
}

static const struct vn_job_ops nc_ops = {
	.signal = nc_signal,
	.release = nc_release,
};

/* --- arguments ---------------------------------------------------------- */

static int usage(struct vn_job *job)
{
	vn_job_eprintf(job,
		       "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n"
		       "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n"
		       "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n"
		       "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n"
		       "\t  [--send TEXT | --send-file PATH | --send-bytes N] [--send-sum] [--recv-sum]\n"
		       "\t  [destination] [port]\n");
	return 1;
}

static int help(struct vn_job *job)
{
	vn_job_eprintf(job, "vnet nc (OpenBSD netcat, as Debian patchlevel 1.219-1)\n");
	usage(job);
	vn_job_eprintf(job,
		       "\tCommand Summary:\n"
		       "\t\t-4\t\tUse IPv4\n"
		       "\t\t-b\t\tAllow broadcast\n"
		       "\t\t-D\t\tEnable the debug socket option\n"
		       "\t\t-d\t\tDetach from stdin\n"
		       "\t\t-h\t\tThis help text\n"
		       "\t\t-I length\tTCP receive buffer length\n"
		       "\t\t-k\t\tKeep inbound sockets open for multiple connects\n"
		       "\t\t-l\t\tListen mode, for inbound connects\n"
		       "\t\t-M ttl\t\tOutgoing TTL / Hop Limit\n"
		       "\t\t-N\t\tShutdown the network socket after EOF on stdin\n"
		       "\t\t-n\t\tSuppress name/port resolutions\n"
		       "\t\t-O length\tTCP send buffer length\n"
		       "\t\t-p port\t\tSpecify local port for remote connects\n"
		       "\t\t-q secs\t\tquit after EOF on stdin and delay of secs\n"
		       "\t\t-s sourceaddr\tLocal source address\n"
		       "\t\t-T keyword\tTOS value\n"
		       "\t\t-u\t\tUDP mode\n"
		       "\t\t-v\t\tVerbose\n"
		       "\t\t-W recvlimit\tTerminate after receiving a number of packets\n"
		       "\t\t-w timeout\tTimeout for connects and final net reads\n"
		       "\t\t-z\t\tZero-I/O mode [used for scanning]\n"
		       "\tvnet additions (a vnet job has no stdin):\n"
		       "\t\t--send TEXT\tsend TEXT (printf escapes: \\n \\r \\t \\\\ \\xHH \\NNN)\n"
		       "\t\t--send-file PATH\tsend the file PATH\n"
		       "\t\t--send-bytes N\tsend N bytes (K/M/G suffixes) of a test pattern\n"
		       "\t\t--send-sum\tprint \"sent N bytes, fnv1a64 H\" per connection\n"
		       "\t\t--recv-sum\tprint \"received N bytes, fnv1a64 H\" instead of the data\n"
		       "\tPort numbers can be individual or ranges: lo-hi [inclusive]\n");
	return 0;
}

/* OpenBSD's strtonum() messages: "invalid", "too small", "too large". */
static int strtonum_check(const char *s, long long min, long long max,
			  long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end)
		return -EINVAL;
	if ((errno == ERANGE && v == LLONG_MIN) || v < min)
		return -ERANGE;
	if ((errno == ERANGE && v == LLONG_MAX) || v > max)
		return -E2BIG;
	*out = v;
	return 0;
}

static const char *strtonum_text(int rc)
{
	return rc == -EINVAL ? "invalid" : rc == -ERANGE ? "too small" :
							   "too large";
}

static int strtoport(struct nc *nc, const char *s, uint16_t *port)
{
	long long v;
	int rc = strtonum_check(s, 1, 65535, &v);

	if (rc) {
		warn(nc, "port number %s: %s", strtonum_text(rc), s);
		return -1;
	}
	*port = (uint16_t)v;
	return 0;
}

/* build_ports(): single ports and lo-hi ranges, in order. */
static int build_ports(struct nc *nc, char **args, int n)
{
	nc->ports = calloc(MAX_PORTS, sizeof(*nc->ports));
	if (!nc->ports)
		return -1;
	for (int i = 0; i < n; i++) {
		char *dash = strchr(args[i], '-');
		uint16_t lo, hi;

		if (dash && dash != args[i] && args[i][0] >= '0' &&
		    args[i][0] <= '9') {
			char first[16];
			size_t len = (size_t)(dash - args[i]);

			if (len >= sizeof(first))
				len = sizeof(first) - 1;
			memcpy(first, args[i], len);
			first[len] = '\0';
			if (strtoport(nc, dash + 1, &hi) ||
			    strtoport(nc, first, &lo))
				return -1;
			if (lo > hi) {
				uint16_t t = lo;

				lo = hi;
				hi = t;
			}
		} else {
			if (strtoport(nc, args[i], &lo))
				return -1;
			hi = lo;
		}
		for (uint32_t p = lo; p <= hi; p++) {
			if (nc->n_ports == MAX_PORTS)
				return 0;
			nc->ports[nc->n_ports++] = (uint16_t)p;
		}
	}
	return 0;
}

/* printf(1)'s escapes: \n \r \t \\ \a \b \f \v \e \xHH \NNN (octal). */
static int unescape(const char *s, char **out, size_t *len)
{
	static const char from[] = "nrtabfve\\", to[] = "\n\r\t\a\b\f\v\x1b\\";
	size_t n = 0;
	char *d = malloc(strlen(s) + 1);

	if (!d)
		return -ENOMEM;
	while (*s) {
		const char *simple;
		unsigned v = 0;
		int k;

		if (*s != '\\' || !s[1]) {
			d[n++] = *s++;
			continue;
		}
		s++;
		simple = *s ? strchr(from, *s) : NULL;
		if (simple) {
			d[n++] = to[simple - from];
			s++;
			continue;
		}
		switch (*s) {
		case 'x':
			s++;
			for (k = 0; k < 2 && strchr("0123456789abcdefABCDEF", *s) &&
				    *s;
			     k++, s++)
				v = v * 16 + (unsigned)(*s <= '9' ? *s - '0' :
							(*s | 0x20) - 'a' + 10);
			if (!k) {
				d[n++] = '\\';
				d[n++] = 'x';
				break;
			}
			d[n++] = (char)v;
			break;
		default:
			if (*s >= '0' && *s <= '7') {
				for (k = 0; k < 3 && *s >= '0' && *s <= '7';
				     k++, s++)
					v = v * 8 + (unsigned)(*s - '0');
				d[n++] = (char)v;
				break;
			}
			d[n++] = '\\';
			d[n++] = *s++;
			break;
		}
	}
	*out = d;
	*len = n;
	return 0;
}

enum {
	OPT_SEND = 0x100,
	OPT_SEND_FILE,
	OPT_SEND_BYTES,
	OPT_SEND_SUM,
	OPT_RECV_SUM,
	OPT_HELP,
};

static const struct vn_app_longopt nc_longopts[] = {
	{ "send", true, OPT_SEND },
	{ "send-file", true, OPT_SEND_FILE },
	{ "send-bytes", true, OPT_SEND_BYTES },
	{ "send-sum", false, OPT_SEND_SUM },
	{ "recv-sum", false, OPT_RECV_SUM },
	{ "help", false, OPT_HELP },
	{ NULL, false, 0 },
};

static int set_source(struct nc *nc, enum nc_source src)
{
	if (nc->src != SRC_NONE) {
		warn(nc, "only one of --send, --send-file, --send-bytes");
		return -1;
	}
	nc->src = src;
	return 0;
}

/* Parses and checks everything; changes nothing outside @nc. */
static int parse_args(struct nc *nc, int argc, char **argv)
{
	struct vn_app_getopt g;
	const char *sflag = NULL, *pflag = NULL, *send_file = NULL;
	const char *host = NULL, *uport = NULL;
	bool detach = false;
	uint16_t port;
	char **args;
	long long v;
	int c, rc, n, status = 1;

	if (vn_app_getopt_init(&g, argc, argv))
		return 1;
	while ((c = vn_app_getopt_next(&g, "46bCDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zz",
				       nc_longopts)) != -1) {
		switch (c) {
		case '4':
		case 'D':
		case 'n':
			break;
		case 'b':
			nc->broadcast = true;
			break;
		case 'd':
			detach = true;
			break;
		case 'h':
		case OPT_HELP:
			status = help(nc->job);
			goto out;
		case 'k':
			nc->keep = true;
			break;
		case 'l':
			nc->listen = true;
			break;
		case 'N':
			nc->shut_wr = true;
			break;
		case 'u':
			nc->udp = true;
			break;
		case 'v':
			nc->verbose = true;
			break;
		case 'z':
			nc->zero = true;
			break;
		case 'I':
		case 'O':
			rc = strtonum_check(g.arg, 1, 65536 << 14, &v);
			if (rc) {
				warn(nc, "TCP %s window %s: %s",
				     c == 'I' ? "receive" : "send",
				     strtonum_text(rc), g.arg);
				goto out;
			}
			if (c == 'I')
				nc->rcvbuf = (int)v;
			else
				nc->sndbuf = (int)v;
			break;
		case 'M':
			rc = strtonum_check(g.arg, 0, 255, &v);
			if (rc) {
				warn(nc, "ttl is %s", strtonum_text(rc));
				goto out;
			}
			nc->ttl = (int)v;
			break;
		case 'T':
			rc = strtonum_check(g.arg, 0, 255, &v);
			if (rc && !strncmp(g.arg, "0x", 2)) {
				v = strtol(g.arg, NULL, 16);
				rc = v >= 0 && v <= 255 ? 0 : -EINVAL;
			}
			if (rc) {
				warn(nc, "illegal tos value %s", g.arg);
				goto out;
			}
			nc->tos = (int)v;
			break;
		case 'p':
			pflag = g.arg;
			break;
		case 'q':
			rc = strtonum_check(g.arg, INT_MIN, INT_MAX, &v);
			if (rc) {
				warn(nc, "quit timer %s: %s", strtonum_text(rc),
				     g.arg);
				goto out;
			}
			nc->quit_secs = (int)v;
			if (v >= 0)
				nc->shut_wr = true;
			break;
		case 's':
			sflag = g.arg;
			break;
		case 'W':
			rc = strtonum_check(g.arg, 1, INT_MAX, &v);
			if (rc) {
				warn(nc, "receive limit %s: %s",
				     strtonum_text(rc), g.arg);
				goto out;
			}
			nc->recv_limit = (long)v;
			break;
		case 'w':
			rc = strtonum_check(g.arg, 0, INT_MAX / 1000, &v);
			if (rc) {
				warn(nc, "timeout %s: %s", strtonum_text(rc),
				     g.arg);
				goto out;
			}
			/* poll(0) returns at once: no activity ends it. */
			nc->timeout_secs = (int)v;
			break;
		case '6':
		case 'C':
		case 'F':
		case 'i':
		case 'm':
		case 'P':
		case 'r':
		case 'S':
		case 't':
		case 'U':
		case 'V':
		case 'X':
		case 'x':
		case 'Z':
			warn(nc, "-%c is not supported by vnet", c);
			goto out;
		case OPT_SEND:
			if (set_source(nc, SRC_TEXT) ||
			    unescape(g.arg, &nc->text, &nc->text_len))
				goto out;
			break;
		case OPT_SEND_FILE:
			if (set_source(nc, SRC_FILE))
				goto out;
			send_file = g.arg;
			break;
		case OPT_SEND_BYTES:
			if (set_source(nc, SRC_BYTES))
				goto out;
			if (vn_app_parse_size(g.arg, &nc->n_bytes)) {
				warn(nc, "--send-bytes: invalid byte count: %s",
				     g.arg);
				goto out;
			}
			break;
		case OPT_SEND_SUM:
			nc->send_sum = true;
			break;
		case OPT_RECV_SUM:
			nc->recv_sum = true;
			break;
		case ':':
			if (g.name)
				vn_job_eprintf(nc->job, "nc: option '--%s' requires an argument\n",
					       g.name);
			else
				vn_job_eprintf(nc->job, "nc: option requires an argument -- '%c'\n",
					       g.opt);
			status = usage(nc->job);
			goto out;
		default:
			if (g.name)
				vn_job_eprintf(nc->job, "nc: unrecognized option '--%s'\n",
					       g.name);
			else
				vn_job_eprintf(nc->job, "nc: invalid option -- '%c'\n",
					       g.opt);
			status = usage(nc->job);
			goto out;
		}
	}
	args = g.operands;
	n = g.n_operands;
	/* "Cruft to make sure options are clean, and used properly." */
	if (n == 0 && nc->listen) {
		uport = pflag;
		host = sflag;
		pflag = sflag = NULL;
	} else if (n == 1 && !pflag && !sflag) {
		if (nc->listen)
			uport = args[0];
	} else if (n >= 2) {
		if (nc->listen && (pflag || sflag || n > 2)) {
			status = usage(nc->job);
			goto out;
		}
		host = args[0];
		uport = args[1];
	} else {
		status = usage(nc->job);
		goto out;
	}
	if (!uport) {
		warn(nc, "missing port number");
		goto out;
	}
	if (nc->listen && nc->zero) {
		warn(nc, "cannot use -z and -l");
		goto out;
	}
	if (!nc->listen && nc->keep) {
		warn(nc, "must use -l with -k");
		goto out;
	}
	if (nc->listen) {
		/* local_listen(host, port): one port, on @host if given. */
		if (strtoport(nc, uport, &port))
			goto out;
		nc->ports = malloc(sizeof(*nc->ports));
		if (!nc->ports)
			goto out;
		nc->ports[0] = port;
		nc->n_ports = 1;
		sflag = host;
	} else {
		snprintf(nc->host, sizeof(nc->host), "%s", host);
		if (build_ports(nc, args + 1, n - 1))
			goto out;
		if (vn_app_parse_addr(host, &nc->dst)) {
			warn(nc, "getaddrinfo for host \"%s\" port %s: Name or service not known",
			     host, uport);
			goto out;
		}
	}
	if (sflag) {
		if (vn_app_parse_addr(sflag, &nc->src_addr)) {
			warn(nc, "getaddrinfo: Name or service not known");
			goto out;
		}
		nc->has_src = true;
	}
	if (pflag && strtoport(nc, pflag, &nc->src_port))
		goto out;
	if (detach) {
		/* -d: stdin is not read at all. */
		nc->src = SRC_NONE;
		send_file = NULL;
	}
	if (send_file) {
		nc->file = fopen(send_file, "rb");
		if (!nc->file) {
			warn(nc, "%s: %s", send_file, strerror(errno));
			goto out;
		}
	}
	status = -1;
out:
	vn_app_getopt_fini(&g);
	return status;
}

int vn_app_nc(struct vn_job *job, int argc, char **argv);

int vn_app_nc(struct vn_job *job, int argc, char **argv)
{
	struct nc *nc = calloc(1, sizeof(*nc));
	int status;

	if (!nc) {
		vn_job_eprintf(job, "nc: %s\n", strerror(ENOMEM));
		return 1;
	}
	nc->job = job;
	nc->quit_secs = -1;
	nc->timeout_secs = -1;
	nc->ttl = nc->tos = -1;
	nc->ret = 1;
	nc->sent_hash = VN_APP_FNV_INIT;
	nc->stdin_open = true;
	vn_job_set_ops(job, &nc_ops, nc);
	status = parse_args(nc, argc, argv);
	if (status >= 0)
		return status;
	nc->work = vn_job_timer_new(job, work_fire, nc);
	nc->timer = vn_job_timer_new(job, timer_fire, nc);
	nc->quit = vn_job_timer_new(job, quit_fire, nc);
	if (nc->listen) {
		nc->ret = 0;
		if (local_listen(nc))
			return 1;
		return VN_JOB_RUNNING;
	}
	next_port(nc);
	return VN_JOB_RUNNING;
}
