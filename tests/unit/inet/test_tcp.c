// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_tcp.c - TCP through the public socket API between
 * two namespaces joined by a veth pair (10.0.0.1 in "a", 10.0.0.2 in
 * "b"), and over loopback: connections, transfers, the close and error
 * semantics of Linux's sockets (checked against Linux 6.18 with Python
 * in throwaway namespaces), options, and many connections through one
 * listener.  Segment-level behaviour is in test_tcp_seg.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>

#include "helpers.h"
#include "inet/sock.h"
#include "inet/tcp.h"
#include "vnet/socket.h"

#define A 0x0a000001
#define B 0x0a000002
#define LO 0x7f000001

static int setup(void **state)
{
	struct vn_test_engine *t;

	if (vn_test_engine_setup(state))
		return -1;
	t = *state;
	vn_test_exec_ok(t, "ip netns add a");
	vn_test_exec_ok(t, "ip netns add b");
	vn_test_exec_ok(t, "ip link add v0 netns a type veth peer name v1 netns b");
	vn_test_exec_ok(t, "ip -n a addr add 10.0.0.1/24 dev v0");
	vn_test_exec_ok(t, "ip -n b addr add 10.0.0.2/24 dev v1");
	vn_test_exec_ok(t, "ip -n a link set v0 up");
	vn_test_exec_ok(t, "ip -n b link set v1 up");
	vn_test_exec_ok(t, "ip -n a link set lo up");
	vn_test_exec_ok(t, "ip -n b link set lo up");
	return 0;
}

static struct vn_netns *ns(struct vn_test_engine *t, const char *name)
{
	return vn_engine_netns(t->engine, name);
}

static struct vn_sock *tcp(struct vn_test_engine *t, const char *name)
{
	struct vn_sock *s;

	assert_int_equal(vn_socket(ns(t, name), VN_SOCK_STREAM, 0, &s), 0);
	return s;
}

static struct vn_sock *listener(struct vn_test_engine *t, const char *name,
				uint16_t port, int backlog)
{
	struct vn_sock *l = tcp(t, name);

	assert_int_equal(vn_sock_bind(l, &(struct vn_sockaddr){ 0, port }), 0);
	assert_int_equal(vn_sock_listen(l, backlog), 0);
	return l;
}

/* Runs the engine for @ns nanoseconds of virtual time. */
static void run_for(struct vn_test_engine *t, int64_t ns_)
{
	vn_engine_run(t->engine, vn_engine_now(t->engine) + ns_, NULL, NULL);
}

static int state_of(struct vn_sock *s)
{
	int v = -1;

	assert_int_equal(vn_sock_getopt(s, VN_TCP_INFO_STATE, &v), 0);
	return v;
}

/* A connected pair: client in "a", accepted server socket in "b". */
static void pair(struct vn_test_engine *t, struct vn_sock **l,
		 struct vn_sock **c, struct vn_sock **s)
{
	*l = listener(t, "b", 80, 16);
	*c = tcp(t, "a");
	assert_int_equal(vn_sock_connect(*c, &(struct vn_sockaddr){ B, 80 }),
			 -EINPROGRESS);
	vn_engine_settle(t->engine);
	assert_int_equal(state_of(*c), VN_TCP_ESTABLISHED);
	assert_int_equal(vn_sock_accept(*l, s), 0);
	assert_int_equal(state_of(*s), VN_TCP_ESTABLISHED);
}

/* Moves @len bytes from @from to @to, checking them; returns received. */
static size_t transfer(struct vn_test_engine *t, struct vn_sock *from,
		       struct vn_sock *to, size_t len)
{
	static uint8_t out[1 << 20], in[1 << 20];
	size_t sent = 0, got = 0;
	int idle = 0;

	assert_true(len <= sizeof(out));
	for (size_t i = 0; i < len; i++)
		out[i] = (uint8_t)(i * 131 + (i >> 8));
	while (got < len && idle < 1000) {
		ssize_t n;
		bool progress = false;

		if (sent < len) {
			n = vn_sock_send(from, out + sent, len - sent, 0);
			if (n > 0) {
				sent += (size_t)n;
				progress = true;
			} else {
				assert_int_equal(n, -EAGAIN);
			}
		}
		vn_engine_settle(t->engine);
		while ((n = vn_sock_recv(to, in + got, len - got, 0)) > 0) {
			got += (size_t)n;
			progress = true;
		}
		if (!progress) {
			run_for(t, 50 * 1000000LL);
			idle++;
		}
	}
	assert_int_equal(got, len);
	assert_memory_equal(in, out, len);
	return got;
}

static void test_tcp_connect_transfer_close(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *l, *c, *s;
	struct vn_sockaddr me, peer;
	char buf[16];

	pair(t, &l, &c, &s);
	/* The second connect() after success returns 0, then EISCONN. */
	assert_int_equal(vn_sock_connect(c, &(struct vn_sockaddr){ B, 80 }), 0);
	assert_int_equal(vn_sock_connect(c, &(struct vn_sockaddr){ B, 80 }),
			 -EISCONN);
	vn_sock_getname(c, &me);
	assert_int_equal(me.addr, A);
	assert_in_range(me.port, VN_PORT_EPHEMERAL_LOW, VN_PORT_EPHEMERAL_HIGH);
	assert_int_equal(vn_sock_getpeername(s, &peer), 0);
	assert_int_equal(peer.addr, A);
	assert_int_equal(peer.port, me.port);
	transfer(t, c, s, 300000);
	transfer(t, s, c, 12345);
	/* Client closes: the server reads EOF, closes, both finish. */
	vn_sock_close(c);
	vn_engine_settle(t->engine);
	assert_int_equal(vn_sock_recv(s, buf, sizeof(buf), 0), 0);
	assert_true(vn_sock_poll(s) & VN_POLLRDHUP);
	assert_int_equal(state_of(s), VN_TCP_CLOSE_WAIT);
	vn_sock_close(s);
	vn_sock_close(l);
	run_for(t, 61 * 1000000000LL);
}

static void test_tcp_loopback(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *l = listener(t, "a", 8080, 4), *c = tcp(t, "a"), *s;
	int mss;

	assert_int_equal(vn_sock_connect(c, &(struct vn_sockaddr){ LO, 8080 }),
			 -EINPROGRESS);
	vn_engine_settle(t->engine);
	assert_int_equal(vn_sock_accept(l, &s), 0);
	/* lo's MTU: 65495 announced, bounded by half the peer's window. */
	assert_int_equal(vn_sock_getopt(c, VN_TCP_MAXSEG, &mss), 0);
	assert_int_equal(mss, 65483 / 2);
	transfer(t, c, s, 1 << 20);
	vn_sock_close(s);
	vn_sock_close(c);
	vn_sock_close(l);
	run_for(t, 61 * 1000000000LL);
}

static void test_tcp_refused(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *c = tcp(t, "a");
	char buf[4];
	int err;

	assert_int_equal(vn_sock_connect(c, &(struct vn_sockaddr){ B, 81 }),
			 -EINPROGRESS);
	assert_int_equal(vn_sock_send(c, "x", 1, 0), -EAGAIN);
	assert_int_equal(vn_sock_recv(c, buf, 1, 0), -EAGAIN);
	assert_int_equal(vn_sock_poll(c), 0);
	vn_engine_settle(t->engine);
	/* Linux's poll after a refused connect: IN|OUT|ERR|HUP|RDHUP. */
	assert_int_equal(vn_sock_poll(c), VN_POLLIN | VN_POLLOUT | VN_POLLERR |
						  VN_POLLHUP | VN_POLLRDHUP);
	assert_int_equal(vn_sock_getopt(c, VN_SO_ERROR, &err), 0);
	assert_int_equal(err, ECONNREFUSED);
	assert_int_equal(vn_sock_recv(c, buf, 1, 0), 0);
	assert_int_equal(vn_sock_send(c, "x", 1, 0), -EPIPE);
	/* connect() again reports the consumed failure, then starts anew. */
	assert_int_equal(vn_sock_connect(c, &(struct vn_sockaddr){ B, 81 }),
			 -ECONNABORTED);
	vn_sock_close(c);
}

static void test_tcp_unconnected_calls(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *c = tcp(t, "a"), *l = listener(t, "a", 99, 0);
	struct vn_sockaddr p;
	char buf[4];
	int v;

	assert_int_equal(vn_sock_send(c, "x", 1, 0), -EPIPE);
	assert_int_equal(vn_sock_recv(c, buf, 1, 0), -ENOTCONN);
	assert_int_equal(vn_sock_poll(c), VN_POLLOUT | VN_POLLHUP);
	assert_int_equal(vn_sock_shutdown(c, VN_SHUT_WR), -ENOTCONN);
	assert_int_equal(vn_sock_getpeername(c, &p), -ENOTCONN);
	assert_int_equal(vn_sock_getopt(c, VN_TCP_MAXSEG, &v), 0);
	assert_int_equal(v, 536);
	assert_int_equal(vn_sock_getopt(c, VN_SO_SNDBUF, &v), 0);
	assert_int_equal(v, 16384);
	assert_int_equal(vn_sock_getopt(c, VN_SO_RCVBUF, &v), 0);
	assert_int_equal(v, 131072);
	assert_int_equal(vn_sock_connect(l, &(struct vn_sockaddr){ B, 80 }),
			 -EISCONN);
	assert_int_equal(vn_sock_send(l, "x", 1, 0), -EPIPE);
	assert_int_equal(vn_sock_recv(l, buf, 1, 0), -ENOTCONN);
	assert_int_equal(vn_sock_poll(l), 0);
	vn_sock_close(c);
	vn_sock_close(l);
}

static void test_tcp_close_unread_sends_rst(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *l, *c, *s;
	char buf[8];

	pair(t, &l, &c, &s);
	assert_int_equal(vn_sock_send(c, "hello", 5, 0), 5);
	vn_engine_settle(t->engine);
	/* RFC 2525 2.17: closing with unread data resets. */
	vn_sock_close(s);
	vn_engine_settle(t->engine);
	assert_int_equal(state_of(c), VN_TCP_CLOSE);
	assert_int_equal(vn_sock_recv(c, buf, sizeof(buf), 0), -ECONNRESET);
	assert_int_equal(vn_sock_recv(c, buf, sizeof(buf), 0), 0);
	assert_int_equal(vn_sock_send(c, "x", 1, 0), -EPIPE);
	vn_sock_close(c);
	vn_sock_close(l);
}

static void test_tcp_peer_fin_then_rst(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *l, *c, *s;
	char buf[8];

	pair(t, &l, &c, &s);
	vn_sock_close(s);
	vn_engine_settle(t->engine);
	assert_int_equal(vn_sock_poll(c), VN_POLLIN | VN_POLLOUT | VN_POLLRDHUP);
	/* Writing to a closed peer: its RST comes back; EPIPE (CLOSE_WAIT). */
	assert_int_equal(vn_sock_send(c, "x", 1, 0), 1);
	vn_engine_settle(t->engine);
	assert_int_equal(vn_sock_poll(c), VN_POLLIN | VN_POLLOUT | VN_POLLERR |
						  VN_POLLHUP | VN_POLLRDHUP);
	assert_int_equal(vn_sock_send(c, "x", 1, 0), -EPIPE);
	assert_int_equal(vn_sock_recv(c, buf, sizeof(buf), 0), 0);
	vn_sock_close(c);
	vn_sock_close(l);
	run_for(t, 61 * 1000000000LL);
}

static void test_tcp_linger_zero_resets(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *l, *c, *s;
	char buf[4];

	pair(t, &l, &c, &s);
	assert_int_equal(vn_sock_setopt(c, VN_SO_LINGER, 0), 0);
	vn_sock_close(c);
	vn_engine_settle(t->engine);
	assert_int_equal(vn_sock_recv(s, buf, 1, 0), -ECONNRESET);
	vn_sock_close(s);
	vn_sock_close(l);
}

static void test_tcp_shutdown_half_close(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *l, *c, *s;
	char buf[8];

	pair(t, &l, &c, &s);
	assert_int_equal(vn_sock_shutdown(c, VN_SHUT_WR), 0);
	/* The peer's ACK of the FIN is delayed by a tick (4 ms). */
	vn_engine_settle(t->engine);
	assert_int_equal(state_of(c), VN_TCP_FIN_WAIT1);
	run_for(t, 10 * 1000000LL);
	assert_int_equal(state_of(c), VN_TCP_FIN_WAIT2);
	assert_int_equal(vn_sock_recv(s, buf, sizeof(buf), 0), 0);
	assert_int_equal(vn_sock_send(c, "x", 1, 0), -EPIPE);
	/* The other direction still works. */
	transfer(t, s, c, 50000);
	vn_sock_close(s);
	vn_engine_settle(t->engine);
	/* The client's connection went to TIME-WAIT; its socket is done. */
	assert_int_equal(state_of(c), VN_TCP_CLOSE);
	assert_int_equal(vn_sock_recv(c, buf, sizeof(buf), 0), 0);
	vn_sock_close(c);
	vn_sock_close(l);
	run_for(t, 61 * 1000000000LL);
}

/*
 * Five connections race for a listener with backlog 2: two requests fill
 * the SYN queue, the rest get SYN cookies; three fit the accept queue
 * (sk_acceptq_is_full() is ack_backlog > max), the final ACKs of the last
 * two are dropped and their clients believe they are connected -- as on
 * Linux.  Their first data carries the cookie again and gets them in.
 */
static void test_tcp_listen_backlog_and_cookies(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *l = listener(t, "b", 80, 2), *c[5], *s;
	char buf[4];

	for (int i = 0; i < 5; i++) {
		c[i] = tcp(t, "a");
		vn_sock_connect(c[i], &(struct vn_sockaddr){ B, 80 });
	}
	vn_engine_settle(t->engine);
	for (int i = 0; i < 5; i++)
		assert_int_equal(state_of(c[i]), VN_TCP_ESTABLISHED);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(vn_sock_accept(l, &s), 0);
		vn_sock_close(s);
	}
	assert_int_equal(vn_sock_accept(l, &s), -EAGAIN);
	assert_int_equal(vn_sock_send(c[3], "x", 1, 0), 1);
	assert_int_equal(vn_sock_send(c[4], "y", 1, 0), 1);
	vn_engine_settle(t->engine);
	assert_int_equal(vn_sock_accept(l, &s), 0);
	assert_int_equal(vn_sock_recv(s, buf, sizeof(buf), 0), 1);
	assert_int_equal(buf[0], 'x');
	vn_sock_close(s);
	assert_int_equal(vn_sock_accept(l, &s), 0);
	assert_int_equal(vn_sock_recv(s, buf, sizeof(buf), 0), 1);
	assert_int_equal(buf[0], 'y');
	vn_sock_close(s);
	for (int i = 0; i < 5; i++)
		vn_sock_close(c[i]);
	vn_sock_close(l);
	run_for(t, 61 * 1000000000LL);
}

/* 10,000 connections through one listener, each served and closed. */
static void test_tcp_many_connections(void **state)
{
	struct vn_test_engine *t = *state;
	enum { N = 10000 };
	struct vn_sock *l = listener(t, "b", 80, 4096), *s;
	static struct vn_sock *c[N];
	size_t accepted = 0;
	char buf[8];

	for (int i = 0; i < N; i++) {
		c[i] = tcp(t, "a");
		assert_int_equal(vn_sock_connect(c[i],
						 &(struct vn_sockaddr){ B, 80 }),
				 -EINPROGRESS);
		if (i % 200 == 199) {
			vn_engine_settle(t->engine);
			while (vn_sock_accept(l, &s) == 0) {
				assert_int_equal(vn_sock_send(s, "hi", 2, 0), 2);
				vn_sock_close(s);
				accepted++;
			}
		}
	}
	vn_engine_settle(t->engine);
	while (vn_sock_accept(l, &s) == 0) {
		vn_sock_send(s, "hi", 2, 0);
		vn_sock_close(s);
		accepted++;
	}
	/* The first SYNs overflowed ARP's queue (unres_qlen): retried. */
	run_for(t, 1100 * 1000000LL);
	while (vn_sock_accept(l, &s) == 0) {
		vn_sock_send(s, "hi", 2, 0);
		vn_sock_close(s);
		accepted++;
	}
	vn_engine_settle(t->engine);
	assert_int_equal(accepted, N);
	for (int i = 0; i < N; i++) {
		assert_int_equal(vn_sock_recv(c[i], buf, sizeof(buf), 0), 2);
		assert_int_equal(vn_sock_recv(c[i], buf, sizeof(buf), 0), 0);
		vn_sock_close(c[i]);
	}
	vn_engine_settle(t->engine);
	vn_sock_close(l);
	run_for(t, 61 * 1000000000LL);
}

static int cong_of(struct vn_sock *s)
{
	int v = -1;

	assert_int_equal(vn_sock_getopt(s, VN_TCP_CONGESTION, &v), 0);
	return v;
}

/*
 * net.ipv4.tcp_congestion_control (sysctl): sockets created after a
 * change get the new algorithm, those before keep theirs, other
 * namespaces are untouched; an unknown name is -ENOENT and changes
 * nothing.  The other keys read back what was written, in their units.
 */
static void test_tcp_sysctl_congestion_new_sockets(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_inet *ia = &ns(t, "a")->inet;
	struct vn_sock *before = tcp(t, "a"), *after, *other;

	assert_string_equal(vn_tcp_conf_cong(ia), "cubic");
	assert_int_equal(vn_tcp_conf_set_cong(ia, "bbr"), -ENOENT);
	assert_string_equal(vn_tcp_conf_cong(ia), "cubic");
	assert_int_equal(vn_tcp_conf_set_cong(ia, "reno"), 0);
	after = tcp(t, "a");
	other = tcp(t, "b");
	assert_int_equal(cong_of(before), VN_TCP_CA_CUBIC);
	assert_int_equal(cong_of(after), VN_TCP_CA_RENO);
	assert_int_equal(cong_of(other), VN_TCP_CA_CUBIC);
	assert_string_equal(vn_tcp_cong_available(), "reno cubic");

	vn_tcp_conf_set(ia, VN_TCP_VAR_FIN_TIMEOUT, 0, 30 * 1000000000LL);
	assert_int_equal(vn_tcp_conf_value(ia, VN_TCP_VAR_FIN_TIMEOUT, 0),
			 30 * 1000000000LL);
	vn_tcp_conf_set(ia, VN_TCP_VAR_RMEM, 2, 1 << 20);
	assert_int_equal(vn_tcp_conf_value(ia, VN_TCP_VAR_RMEM, 2), 1 << 20);
	assert_int_equal(vn_tcp_conf_value(ia, VN_TCP_VAR_RMEM, 1), 131072);
	assert_int_equal(vn_tcp_conf_value(&ns(t, "b")->inet,
					   VN_TCP_VAR_RMEM, 2), 6291456);
	vn_sock_close(before);
	vn_sock_close(after);
	vn_sock_close(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, vn_test_engine_teardown)
		T(test_tcp_connect_transfer_close),
		T(test_tcp_loopback),
		T(test_tcp_refused),
		T(test_tcp_unconnected_calls),
		T(test_tcp_close_unread_sends_rst),
		T(test_tcp_peer_fin_then_rst),
		T(test_tcp_linger_zero_resets),
		T(test_tcp_shutdown_half_close),
		T(test_tcp_listen_backlog_and_cookies),
		T(test_tcp_many_connections),
		T(test_tcp_sysctl_congestion_new_sockets),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
