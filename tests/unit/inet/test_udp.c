// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_udp.c - UDP through the public socket API, between
 * two namespaces joined by a veth pair (10.0.0.1 <-> 10.0.0.2).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>

#include "helpers.h"
#include "inet/sock.h"
#include "vnet/socket.h"

#define A 0x0a000001
#define B 0x0a000002

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
	return 0;
}

static struct vn_netns *ns(struct vn_test_engine *t, const char *name)
{
	return vn_engine_netns(t->engine, name);
}

static struct vn_sock *udp(struct vn_test_engine *t, const char *name)
{
	struct vn_sock *s;

	assert_int_equal(vn_socket(ns(t, name), VN_SOCK_DGRAM, 0, &s), 0);
	return s;
}

static void test_udp_send_receive_both_ways(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *srv = udp(t, "b"), *cli = udp(t, "a");
	struct vn_sockaddr to = { B, 5000 }, me;
	struct vn_recv_info info;
	char buf[64];

	assert_int_equal(vn_sock_bind(srv, &(struct vn_sockaddr){ 0, 5000 }), 0);
	assert_int_equal(vn_sock_sendto(cli, "hello", 5, &to), 5);
	vn_engine_settle(t->engine);
	assert_true(vn_sock_poll(srv) & VN_POLLIN);
	assert_int_equal(vn_sock_recvfrom(srv, buf, sizeof(buf), &info), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(info.from.addr, A);
	assert_int_equal(info.ttl, 64);
	/* The client got an ephemeral port in Linux's range. */
	vn_sock_getname(cli, &me);
	assert_int_equal(info.from.port, me.port);
	assert_in_range(me.port, VN_PORT_EPHEMERAL_LOW, VN_PORT_EPHEMERAL_HIGH);
	assert_int_equal(vn_sock_sendto(srv, "back", 4, &info.from), 4);
	vn_engine_settle(t->engine);
	assert_int_equal(vn_sock_recvfrom(cli, buf, sizeof(buf), NULL), 4);
	assert_int_equal(vn_sock_recvfrom(cli, buf, sizeof(buf), NULL), -EAGAIN);
	vn_sock_close(srv);
	vn_sock_close(cli);
}

static void test_udp_truncation_and_peek(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *srv = udp(t, "b"), *cli = udp(t, "a");
	struct vn_recv_info info;
	char buf[4];

	vn_sock_bind(srv, &(struct vn_sockaddr){ 0, 7 });
	vn_sock_sendto(cli, "0123456789", 10, &(struct vn_sockaddr){ B, 7 });
	vn_engine_settle(t->engine);
	assert_int_equal(vn_sock_recvmsg(srv, buf, 2, &info, VN_MSG_PEEK), 2);
	assert_int_equal(info.full_len, 10);
	/* A datagram is read once, whatever fits. */
	assert_int_equal(vn_sock_recvfrom(srv, buf, sizeof(buf), NULL), 4);
	assert_memory_equal(buf, "0123", 4);
	assert_int_equal(vn_sock_recvfrom(srv, buf, sizeof(buf), NULL), -EAGAIN);
	vn_sock_close(srv);
	vn_sock_close(cli);
}

static void test_udp_port_unreachable_refuses_connected(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *cli = udp(t, "a");
	char buf[8];

	assert_int_equal(vn_sock_connect(cli, &(struct vn_sockaddr){ B, 9 }), 0);
	assert_int_equal(vn_sock_send(cli, "x", 1, 0), 1);
	vn_engine_settle(t->engine);
	/* ICMP port unreachable came back: the next call fails, once. */
	assert_true(vn_sock_poll(cli) & VN_POLLERR);
	assert_int_equal(vn_sock_recv(cli, buf, sizeof(buf), 0), -ECONNREFUSED);
	assert_int_equal(vn_sock_recv(cli, buf, sizeof(buf), 0), -EAGAIN);
	assert_int_equal(vn_sock_send(cli, "x", 1, 0), 1);
	vn_engine_settle(t->engine);
	assert_int_equal(vn_sock_send(cli, "x", 1, 0), -ECONNREFUSED);
	vn_sock_close(cli);
}

static void test_udp_unconnected_ignores_icmp_unless_recverr(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *cli = udp(t, "a");
	struct vn_sock_err e;

	vn_sock_sendto(cli, "x", 1, &(struct vn_sockaddr){ B, 9 });
	vn_engine_settle(t->engine);
	assert_false(vn_sock_poll(cli) & VN_POLLERR);
	vn_sock_setopt(cli, VN_IP_RECVERR, 1);
	vn_sock_sendto(cli, "x", 1, &(struct vn_sockaddr){ B, 9 });
	vn_engine_settle(t->engine);
	assert_int_equal(vn_sock_recv_err(cli, &e), 0);
	assert_int_equal(e.err, ECONNREFUSED);
	assert_int_equal(e.type, 3);
	assert_int_equal(e.code, 3);
	assert_int_equal(e.offender, B);
	vn_sock_close(cli);
}

static void test_udp_bind_conflicts(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *s1 = udp(t, "b"), *s2 = udp(t, "b"), *s3 = udp(t, "b");

	assert_int_equal(vn_sock_bind(s1, &(struct vn_sockaddr){ 0, 53 }), 0);
	assert_int_equal(vn_sock_bind(s2, &(struct vn_sockaddr){ B, 53 }),
			 -EADDRINUSE);
	assert_int_equal(vn_sock_bind(s2, &(struct vn_sockaddr){ A, 54 }),
			 -EADDRNOTAVAIL);
	vn_sock_setopt(s1, VN_SO_REUSEADDR, 1);
	vn_sock_setopt(s2, VN_SO_REUSEADDR, 1);
	assert_int_equal(vn_sock_bind(s2, &(struct vn_sockaddr){ B, 53 }), 0);
	assert_int_equal(vn_sock_bind(s2, &(struct vn_sockaddr){ B, 55 }),
			 -EINVAL);
	vn_sock_close(s1);
	assert_int_equal(vn_sock_bind(s3, &(struct vn_sockaddr){ 0, 53 }),
			 -EADDRINUSE);
	vn_sock_close(s2);
	assert_int_equal(vn_sock_bind(s3, &(struct vn_sockaddr){ 0, 53 }), 0);
	vn_sock_close(s3);
}

static void test_udp_best_match_wins(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *any = udp(t, "b"), *exact = udp(t, "b");
	struct vn_sock *cli = udp(t, "a");
	char buf[8];

	vn_sock_setopt(any, VN_SO_REUSEADDR, 1);
	vn_sock_setopt(exact, VN_SO_REUSEADDR, 1);
	vn_sock_bind(any, &(struct vn_sockaddr){ 0, 99 });
	vn_sock_bind(exact, &(struct vn_sockaddr){ B, 99 });
	vn_sock_sendto(cli, "x", 1, &(struct vn_sockaddr){ B, 99 });
	vn_engine_settle(t->engine);
	assert_int_equal(vn_sock_recvfrom(exact, buf, sizeof(buf), NULL), 1);
	assert_int_equal(vn_sock_recvfrom(any, buf, sizeof(buf), NULL), -EAGAIN);
	vn_sock_close(any);
	vn_sock_close(exact);
	vn_sock_close(cli);
}

static void test_udp_broadcast_needs_so_broadcast(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *cli = udp(t, "a"), *s1 = udp(t, "b"), *s2 = udp(t, "b");
	struct vn_sockaddr bc = { 0x0a0000ff, 67 };
	char buf[8];

	vn_sock_setopt(s1, VN_SO_REUSEADDR, 1);
	vn_sock_setopt(s2, VN_SO_REUSEADDR, 1);
	vn_sock_bind(s1, &(struct vn_sockaddr){ 0, 67 });
	vn_sock_bind(s2, &(struct vn_sockaddr){ 0, 67 });
	assert_int_equal(vn_sock_sendto(cli, "x", 1, &bc), -EACCES);
	vn_sock_setopt(cli, VN_SO_BROADCAST, 1);
	assert_int_equal(vn_sock_sendto(cli, "x", 1, &bc), 1);
	vn_engine_settle(t->engine);
	/* Every socket on the port gets a broadcast. */
	assert_int_equal(vn_sock_recvfrom(s1, buf, sizeof(buf), NULL), 1);
	assert_int_equal(vn_sock_recvfrom(s2, buf, sizeof(buf), NULL), 1);
	vn_sock_close(cli);
	vn_sock_close(s1);
	vn_sock_close(s2);
}

static void test_udp_bad_checksum_dropped_and_counted(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *srv = udp(t, "b");
	char buf[8];

	vn_sock_bind(srv, &(struct vn_sockaddr){ 0, 5000 });
	/* 10.0.0.1:1234 -> 10.0.0.2:5000 "hi", UDP checksum off by one. */
	vn_test_exec_ok(t, "ip -n b link set v1 address 02:00:00:00:00:0b");
	vn_test_exec_ok(t, "inject -n b v1 02000000000b 02000000000a 0800 "
			   "4500001e000100004011 66cc 0a000001 0a000002 "
			   "04d21388000a 6b14 6869");
	assert_int_equal(vn_sock_recvfrom(srv, buf, sizeof(buf), NULL), 2);
	vn_test_exec_ok(t, "inject -n b v1 02000000000b 02000000000a 0800 "
			   "4500001e000100004011 66cc 0a000001 0a000002 "
			   "04d21388000a 1234 6869");
	assert_int_equal(vn_sock_recvfrom(srv, buf, sizeof(buf), NULL), -EAGAIN);
	assert_int_equal(ns(t, "b")->inet.stats.udp_in_csum_errors, 1);
	vn_sock_close(srv);
}

static void test_udp_receive_buffer_limit(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_sock *srv = udp(t, "b"), *cli = udp(t, "a");
	static char big[1400];
	int n = 0;
	char buf[1500];

	vn_sock_bind(srv, &(struct vn_sockaddr){ 0, 5000 });
	vn_sock_setopt(srv, VN_SO_RCVBUF, 4096);	/* 8192 bytes */
	for (int i = 0; i < 20; i++) {
		vn_sock_sendto(cli, big, sizeof(big), &(struct vn_sockaddr){ B, 5000 });
		vn_engine_settle(t->engine);
	}
	while (vn_sock_recvfrom(srv, buf, sizeof(buf), NULL) > 0)
		n++;
	assert_in_range(n, 4, 6);
	assert_int_equal(srv->rx_drops, 20 - n);
	vn_sock_close(srv);
	vn_sock_close(cli);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_udp_send_receive_both_ways,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_udp_truncation_and_peek,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_udp_port_unreachable_refuses_connected,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_udp_unconnected_ignores_icmp_unless_recverr,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_udp_bind_conflicts,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_udp_best_match_wins,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_udp_broadcast_needs_so_broadcast,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_udp_bad_checksum_dropped_and_counted,
						setup, vn_test_engine_teardown),
		cmocka_unit_test_setup_teardown(test_udp_receive_buffer_limit,
						setup, vn_test_engine_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
