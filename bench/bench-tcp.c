// SPDX-License-Identifier: MIT
/*
 * bench/bench-tcp.c - vnet's TCP: bulk throughput of one connection and
 * connections per second, next to the kernel's in the same run.
 *
 * vnet side (one engine, virtual time, so no figure waits on a timer: the
 * process's wall-clock time is all CPU work):
 *
 *   a: va 10.0.0.1/24  ~veth (MTU 1500)~  b: vb 10.0.0.2/24
 *
 *   tcp_gbps=       one connection a -> b moving TCP_BYTES (2 GiB) with
 *                   64 KiB sends and 256 KiB reads, timed from connect()
 *                   to the receiver's end of stream; best of TCP_RUNS.
 *   tcp_crr_per_s=  connect, a 64-byte request, a 128-byte response, the
 *                   server closes, the client closes on end of stream,
 *                   the next connect; CRR_CONNS back to back, best of
 *                   CRR_RUNS.  Every byte is checked.
 *
 * Kernel side (root only): two namespaces made and deleted by this program
 * (vntcp<PID>a, vntcp<PID>b) joined by a veth pair (MTU 1500), nothing
 * configured in the initial namespace:
 *
 *   kernel_tcp_gbps=       iperf3 -c for KERNEL_SECS seconds, one stream
 *                          (the receiver's figure); skipped without iperf3.
 *   kernel_tcp_crr_per_s=  the same request/response loop in C with
 *                          blocking sockets, a server process in b and the
 *                          client in a (setns() into them).
 *   tcp_vs_kernel=, crr_vs_kernel=   the ratios vnet / kernel.
 *
 * Figures only: nothing here passes or fails on time.  Environment:
 * TCP_BYTES, CRR_CONNS (and KERNEL_SECS) override the sizes.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include "cmd/session.h"
#include "engine.h"
#include "vnet/socket.h"

#define TCP_RUNS 3
#define CRR_RUNS 3
#define SEND_CHUNK (64u * 1024)
#define RECV_CHUNK (256u * 1024)
#define REQ_LEN 64
#define RESP_LEN 128
#define PORT_BULK 5001
#define PORT_CRR 5002

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t env_u64(const char *name, uint64_t dflt)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : dflt;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "bench-tcp: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

/* --- the vnet side --------------------------------------------------------- */

static struct vn_engine *eng;
static struct vn_session sess;
static struct vn_netns *ns_a, *ns_b;

static void out_write(void *arg, int fd, const char *data, size_t len)
{
	(void)arg;
	(void)fd;
	fwrite(data, 1, len, stderr);
}

struct line {
	bool done;
	int status;
};

static void line_done(struct vn_session *s, int status, void *arg)
{
	struct line *l = arg;

	(void)s;
	l->done = true;
	l->status = status;
}

static bool line_is_done(void *arg)
{
	return ((struct line *)arg)->done;
}

static void exec_ok(const char *cmd)
{
	struct line l = { 0 };

	if (vn_session_exec(&sess, cmd, line_done, &l) ||
	    vn_engine_run(eng, VN_TIME_NEVER, line_is_done, &l) == VN_RUN_IDLE ||
	    l.status) {
		fprintf(stderr, "bench-tcp: '%s' failed\n", cmd);
		exit(1);
	}
}

static void vnet_setup(void)
{
	const struct vn_engine_opts opts = { .virtual_time = true, .seed = 1 };
	struct vn_out out = { .write = out_write };

	eng = vn_engine_create(&opts);
	if (!eng)
		die("engine", ENOMEM);
	vn_session_init(&sess, eng, &out);
	exec_ok("ip netns add a");
	exec_ok("ip netns add b");
	exec_ok("ip link add va netns a type veth peer name vb netns b");
	exec_ok("ip -n a addr add 10.0.0.1/24 dev va");
	exec_ok("ip -n b addr add 10.0.0.2/24 dev vb");
	exec_ok("ip -n a link set va up");
	exec_ok("ip -n b link set vb up");
	exec_ok("ip -n a link set lo up");
	exec_ok("ip -n b link set lo up");
	ns_a = vn_engine_netns(eng, "a");
	ns_b = vn_engine_netns(eng, "b");
	if (!ns_a || !ns_b)
		die("namespaces", ENOENT);
}

static void vnet_teardown(void)
{
	vn_session_fini(&sess);
	vn_engine_destroy(eng);
}

static struct vn_sock *listener(uint16_t port)
{
	struct vn_sock *l;
	int rc = vn_socket(ns_b, VN_SOCK_STREAM, 0, &l);

	if (!rc)
		rc = vn_sock_setopt(l, VN_SO_REUSEADDR, 1);
	if (!rc)
		rc = vn_sock_bind(l, &(struct vn_sockaddr){ 0, port });
	if (!rc)
		rc = vn_sock_listen(l, 4096);
	if (rc)
		die("listen", rc);
	return l;
}

/* Bulk: one sender, one receiver, counted and checked. */
struct bulk {
	struct vn_sock *l, *tx, *rx;
	uint64_t target, sent, received;
	bool shut, eof, failed;
	uint8_t *sbuf, *rbuf;
};

static void bulk_tx(struct vn_sock *s, void *arg)
{
	struct bulk *b = arg;

	(void)s;
	while (b->sent < b->target) {
		uint64_t left = b->target - b->sent;
		ssize_t n = vn_sock_send(b->tx, b->sbuf,
					 left < SEND_CHUNK ? (size_t)left : SEND_CHUNK,
					 0);

		if (n == -EAGAIN || n == -EINPROGRESS)
			return;
		if (n < 0) {
			b->failed = true;
			return;
		}
		b->sent += (uint64_t)n;
	}
	if (!b->shut) {
		b->shut = true;
		vn_sock_shutdown(b->tx, VN_SHUT_WR);
	}
}

static void bulk_rx(struct vn_sock *s, void *arg)
{
	struct bulk *b = arg;

	(void)s;
	for (;;) {
		ssize_t n = vn_sock_recv(b->rx, b->rbuf, RECV_CHUNK, 0);

		if (n == -EAGAIN)
			return;
		if (n <= 0) {
			b->eof = true;
			b->failed |= n < 0;
			return;
		}
		b->received += (uint64_t)n;
	}
}

static void bulk_accept(struct vn_sock *s, void *arg)
{
	struct bulk *b = arg;

	(void)s;
	if (!b->rx && !vn_sock_accept(b->l, &b->rx)) {
		vn_sock_set_wakeup(b->rx, bulk_rx, b);
		bulk_rx(b->rx, b);
	}
}

static bool bulk_done(void *arg)
{
	struct bulk *b = arg;

	return b->eof || b->failed;
}

/* Gbit/s of one transfer of @bytes, or -1 if it did not complete. */
static double vnet_bulk(uint64_t bytes)
{
	struct bulk b = { .target = bytes };
	double t0, t1;
	int rc;

	b.sbuf = calloc(1, SEND_CHUNK);
	b.rbuf = malloc(RECV_CHUNK);
	if (!b.sbuf || !b.rbuf)
		die("buffers", ENOMEM);
	b.l = listener(PORT_BULK);
	vn_sock_set_wakeup(b.l, bulk_accept, &b);
	rc = vn_socket(ns_a, VN_SOCK_STREAM, 0, &b.tx);
	if (rc)
		die("socket", rc);
	vn_sock_set_wakeup(b.tx, bulk_tx, &b);
	t0 = now_s();
	rc = vn_sock_connect(b.tx, &(struct vn_sockaddr){ 0x0a000002u, PORT_BULK });
	if (rc != -EINPROGRESS)
		die("connect", rc);
	vn_engine_run(eng, VN_TIME_NEVER, bulk_done, &b);
	t1 = now_s();
	vn_sock_close(b.tx);
	if (b.rx)
		vn_sock_close(b.rx);
	vn_sock_close(b.l);
	vn_engine_settle(eng);
	free(b.sbuf);
	free(b.rbuf);
	if (b.failed || b.received != bytes)
		return -1;
	return (double)bytes * 8 / (t1 - t0) / 1e9;
}

/* CRR: one client connection at a time, a stateless server. */
struct crr {
	struct vn_sock *l, *c;
	uint64_t target, done;
	uint32_t got;
	bool sent, failed;
	uint8_t req[REQ_LEN], resp[RESP_LEN], buf[512];
};

static void crr_server_conn(struct vn_sock *s, void *arg)
{
	struct crr *r = arg;
	uint8_t req[REQ_LEN];
	ssize_t n = vn_sock_recv(s, req, sizeof(req), VN_MSG_PEEK);

	if (n == -EAGAIN || (n > 0 && n < REQ_LEN))
		return;
	if (n != REQ_LEN || vn_sock_recv(s, req, sizeof(req), 0) != REQ_LEN ||
	    memcmp(req, r->req, REQ_LEN) ||
	    vn_sock_send(s, r->resp, RESP_LEN, 0) != RESP_LEN)
		r->failed = true;
	vn_sock_close(s);
}

static void crr_accept(struct vn_sock *s, void *arg)
{
	struct crr *r = arg;
	struct vn_sock *c;

	(void)s;
	while (!vn_sock_accept(r->l, &c)) {
		vn_sock_set_wakeup(c, crr_server_conn, r);
		crr_server_conn(c, r);
	}
}

static void crr_client(struct vn_sock *s, void *arg);

static void crr_connect(struct crr *r)
{
	int rc = vn_socket(ns_a, VN_SOCK_STREAM, 0, &r->c);

	if (rc)
		die("socket", rc);
	r->sent = false;
	r->got = 0;
	vn_sock_set_wakeup(r->c, crr_client, r);
	rc = vn_sock_connect(r->c, &(struct vn_sockaddr){ 0x0a000002u, PORT_CRR });
	if (rc != -EINPROGRESS)
		die("connect", rc);
}

static void crr_client(struct vn_sock *s, void *arg)
{
	struct crr *r = arg;

	(void)s;
	if (!r->sent) {
		ssize_t n = vn_sock_send(r->c, r->req, REQ_LEN, 0);

		if (n == -EAGAIN)
			return;
		if (n != REQ_LEN) {
			r->failed = true;
			return;
		}
		r->sent = true;
	}
	for (;;) {
		ssize_t n = vn_sock_recv(r->c, r->buf, sizeof(r->buf), 0);

		if (n == -EAGAIN)
			return;
		if (n < 0 || r->got + (uint32_t)n > RESP_LEN ||
		    (n > 0 && memcmp(r->buf, r->resp + r->got, (size_t)n))) {
			r->failed = true;
			return;
		}
		if (!n)
			break;
		r->got += (uint32_t)n;
	}
	if (r->got != RESP_LEN) {
		r->failed = true;
		return;
	}
	vn_sock_close(r->c);
	r->c = NULL;
	if (++r->done < r->target)
		crr_connect(r);
}

static bool crr_done(void *arg)
{
	struct crr *r = arg;

	return r->failed || r->done == r->target;
}

static double vnet_crr(uint64_t conns)
{
	static struct crr r;
	double t0, t1;

	memset(&r, 0, sizeof(r));
	for (int i = 0; i < REQ_LEN; i++)
		r.req[i] = (uint8_t)('a' + i % 26);
	for (int i = 0; i < RESP_LEN; i++)
		r.resp[i] = (uint8_t)('A' + i % 26);
	r.target = conns;
	r.l = listener(PORT_CRR);
	vn_sock_set_wakeup(r.l, crr_accept, &r);
	t0 = now_s();
	crr_connect(&r);
	vn_engine_run(eng, VN_TIME_NEVER, crr_done, &r);
	t1 = now_s();
	if (r.c)
		vn_sock_close(r.c);
	vn_sock_close(r.l);
	/* Let TIME-WAIT entries run out before the next round. */
	vn_engine_run(eng, vn_engine_now(eng) + 61 * VN_SEC, NULL, NULL);
	if (r.failed || r.done != conns)
		return -1;
	return (double)conns / (t1 - t0);
}

/* --- the kernel side ---------------------------------------------------------- */

static char kns_a[32], kns_b[32];
static bool kns_made;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static void kernel_cleanup(void)
{
	if (!kns_made)
		return;
	sh("ip netns del %s 2>/dev/null", kns_a);
	sh("ip netns del %s 2>/dev/null", kns_b);
	kns_made = false;
}

static void on_signal(int sig)
{
	kernel_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

static bool kernel_setup(void)
{
	snprintf(kns_a, sizeof(kns_a), "vntcp%da", (int)getpid());
	snprintf(kns_b, sizeof(kns_b), "vntcp%db", (int)getpid());
	kns_made = true;
	atexit(kernel_cleanup);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (sh("ip netns add %s && ip netns add %s", kns_a, kns_b) ||
	    sh("ip link add veth0 netns %s type veth peer name veth1 netns %s",
	       kns_a, kns_b) ||
	    sh("ip -n %s addr add 10.77.0.1/24 dev veth0 && ip -n %s link set veth0 up && ip -n %s link set lo up",
	       kns_a, kns_a, kns_a) ||
	    sh("ip -n %s addr add 10.77.0.2/24 dev veth1 && ip -n %s link set veth1 up && ip -n %s link set lo up",
	       kns_b, kns_b, kns_b)) {
		fprintf(stderr, "bench-tcp: kernel namespaces could not be set up\n");
		kernel_cleanup();
		return false;
	}
	return true;
}

static int enter_netns(const char *name)
{
	char path[128];
	int fd, rc;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = setns(fd, CLONE_NEWNET);
	close(fd);
	return rc;
}

/* The receiver's Gbit/s of iperf3 for @secs seconds, or -1. */
static double kernel_iperf(int secs)
{
	char cmd[256], line[4096];
	double best = -1;
	bool in_recv = false;
	FILE *p;

	if (sh("command -v iperf3 >/dev/null 2>&1"))
		return -1;
	if (sh("ip netns exec %s iperf3 -s -1 -D -p 5201 -B 10.77.0.2 >/dev/null 2>&1",
	       kns_b))
		return -1;
	usleep(300000);
	snprintf(cmd, sizeof(cmd),
		 "ip netns exec %s iperf3 -c 10.77.0.2 -p 5201 -t %d -J 2>/dev/null",
		 kns_a, secs);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	/* The "sum_received" object of "end": its bits_per_second. */
	while (fgets(line, sizeof(line), p)) {
		char *bps;

		if (strstr(line, "\"sum_received\""))
			in_recv = true;
		if (in_recv && (bps = strstr(line, "\"bits_per_second\""))) {
			char *colon = strchr(bps, ':');

			if (colon)
				best = strtod(colon + 1, NULL) / 1e9;
			in_recv = false;
		}
	}
	pclose(p);
	return best;
}

static int full_write(int fd, const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len) {
		ssize_t n = write(fd, b, len);

		if (n <= 0)
			return -1;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The kernel CRR server, in namespace b: until killed. */
static void kernel_crr_server(int ready_fd)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(PORT_CRR) };
	uint8_t req[REQ_LEN], resp[RESP_LEN] = { 0 };
	int one = 1, l;

	if (enter_netns(kns_b))
		_exit(1);
	l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	inet_pton(AF_INET, "10.77.0.2", &sa.sin_addr);
	if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(l, 4096))
		_exit(1);
	if (write(ready_fd, "x", 1) != 1)
		_exit(1);
	for (;;) {
		int c = accept(l, NULL, NULL);
		size_t got = 0;

		if (c < 0)
			continue;
		while (got < REQ_LEN) {
			ssize_t n = read(c, req + got, REQ_LEN - got);

			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (got == REQ_LEN)
			full_write(c, resp, RESP_LEN);
		close(c);
	}
}

/* Connections per second of the kernel, or -1. */
static double kernel_crr(uint64_t conns)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(PORT_CRR) };
	uint8_t req[REQ_LEN] = { 0 }, buf[512];
	int pfd[2], status;
	double t0, t1, rate = -1;
	pid_t srv, cli;
	char c;

	inet_pton(AF_INET, "10.77.0.2", &sa.sin_addr);
	if (pipe(pfd))
		return -1;
	srv = fork();
	if (srv == 0) {
		close(pfd[0]);
		kernel_crr_server(pfd[1]);
	}
	close(pfd[1]);
	if (srv < 0 || read(pfd[0], &c, 1) != 1) {
		close(pfd[0]);
		if (srv > 0) {
			kill(srv, SIGKILL);
			waitpid(srv, NULL, 0);
		}
		return -1;
	}
	/* The client, in namespace a; reports its rate through a pipe. */
	if (pipe(pfd))
		goto out;
	cli = fork();
	if (cli == 0) {
		uint64_t ok = 0;

		close(pfd[0]);
		if (enter_netns(kns_a))
			_exit(1);
		t0 = now_s();
		for (uint64_t i = 0; i < conns; i++) {
			int s = socket(AF_INET, SOCK_STREAM, 0);
			size_t got = 0;
			ssize_t n;

			if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa)) ||
			    full_write(s, req, REQ_LEN)) {
				if (s >= 0)
					close(s);
				continue;
			}
			while ((n = read(s, buf, sizeof(buf))) > 0)
				got += (size_t)n;
			close(s);
			ok += got == RESP_LEN;
		}
		t1 = now_s();
		rate = ok == conns ? (double)conns / (t1 - t0) : -1;
		if (write(pfd[1], &rate, sizeof(rate)) != sizeof(rate))
			_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	if (cli < 0 || read(pfd[0], &rate, sizeof(rate)) != sizeof(rate))
		rate = -1;
	close(pfd[0]);
	if (cli > 0)
		waitpid(cli, &status, 0);
out:
	kill(srv, SIGKILL);
	waitpid(srv, NULL, 0);
	return rate;
}

/* --- main ------------------------------------------------------------------------ */

static void print_fig(const char *name, double v)
{
	if (v < 0)
		printf("%s=failed\n", name);
	else
		printf("%s=%.2f\n", name, v);
}

int main(void)
{
	uint64_t bytes = env_u64("TCP_BYTES", 2ull << 30);
	uint64_t conns = env_u64("CRR_CONNS", 20000);
	int secs = (int)env_u64("KERNEL_SECS", 3);
	double gbps = -1, crr = -1, kgbps = -1, kcrr = -1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	vnet_setup();
	for (int i = 0; i < TCP_RUNS; i++) {
		double g = vnet_bulk(bytes);

		if (g < 0) {
			gbps = -1;
			break;
		}
		if (g > gbps)
			gbps = g;
	}
	printf("tcp_bytes=%llu\n", (unsigned long long)bytes);
	print_fig("tcp_gbps", gbps);
	for (int i = 0; i < CRR_RUNS; i++) {
		double r = vnet_crr(conns);

		if (r < 0) {
			crr = -1;
			break;
		}
		if (r > crr)
			crr = r;
	}
	printf("crr_conns=%llu\n", (unsigned long long)conns);
	print_fig("tcp_crr_per_s", crr);
	vnet_teardown();

	if (geteuid() != 0) {
		printf("kernel figures: skipped (needs root)\n");
		return 0;
	}
	if (!kernel_setup())
		return 0;
	kgbps = kernel_iperf(secs);
	if (kgbps < 0)
		printf("kernel_tcp_gbps: skipped (iperf3 missing or failed)\n");
	else
		print_fig("kernel_tcp_gbps", kgbps);
	for (int i = 0; i < CRR_RUNS; i++) {
		double r = kernel_crr(conns);

		if (r > kcrr)
			kcrr = r;
	}
	print_fig("kernel_tcp_crr_per_s", kcrr);
	kernel_cleanup();
	if (gbps > 0 && kgbps > 0)
		printf("tcp_vs_kernel=%.3f\n", gbps / kgbps);
	if (crr > 0 && kcrr > 0)
		printf("crr_vs_kernel=%.3f\n", crr / kcrr);
	return 0;
}
