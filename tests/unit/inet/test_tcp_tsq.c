// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_tcp_tsq.c - TCP Small Queues (tcp_out.c): how much
 * of a socket's data may wait below TCP, sending again when some of it
 * leaves, and a socket freed while its frames still wait.  The test plays
 * the peer (test_tcp_harness.h).
 *
 * The frames wait in a netem on v0 with a slot and no delay: Linux's netem
 * orphans a frame only when a delay, jitter or rate is set
 * (skb_orphan_partial()), so a slot holds frames the socket still owns.
 */
#include "test_tcp_harness.h"

#define RTT (100 * MS)
#define SEG_TRUESIZE vn_buf_truesize_for(VN_TCP_HLEN + 12 + 1448)

static struct vn_tcp_sock *tp_of(struct vn_sock *s)
{
	return tcp_sk(s);
}

/*
 * ESTABLISHED as tcp_fixture_established(), but the SYN-ACK comes after
 * @RTT, so the pacing rate is cwnd * mss / 100 ms and about a millisecond
 * of it is less than two segments.
 */
static void fixture_established_rtt(void)
{
	struct tcp_h *h = H;

	tcp_fixture_syn_sent();
	h_run(RTT);
	h->irs = PEER_ISN;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN | VN_TCP_ACK_F,
				      .seq = h->irs, .ack = h->rcv_nxt,
				      .win = 65160, .win_set = true,
				      .opts = peer_syn_opts() });
	h->snd_nxt = h->irs + 1;
	expect_seg(VN_TCP_ACK_F, h->iss + 1, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_NODELAY, 1), 0);
}

/* A netem that lets one frame through every 200 ms, no delay. */
static void add_slot_qdisc(void)
{
	vn_test_exec_ok(H->t, "tc -n a qdisc add dev v0 root netem "
			      "slot 200ms 200ms packets 1");
}

static uint32_t n_segs(void)
{
	struct got_seg g;
	uint32_t n = 0;

	while (next_seg(&g))
		n++;
	return n;
}

/* Ten segments of data for the initial window. */
static void send_window(void)
{
	static uint8_t data[10 * 1448];

	assert_int_equal(vn_sock_send(H->s, data, sizeof(data), 0),
			 (ssize_t)sizeof(data));
	h_settle();
}

/*
 * cwnd allows ten segments; the first passes the slot at once, then three
 * wait in netem (the check lets a segment go while no more than two
 * segments' truesize is below TCP), and the rest stay in the send queue.
 */
static void test_tcp_established_tsq_bounds_bytes_below(void **state)
{
	struct tcp_h *h = *state;
	struct vn_tcp_sock *tp;

	fixture_established_rtt();
	tp = tp_of(h->s);
	assert_true(vn_tcp_pacing_rate(tp) >> 10 < 2 * SEG_TRUESIZE);
	add_slot_qdisc();
	send_window();
	assert_int_equal(n_segs(), 1);
	assert_int_equal(tp->snd_nxt - tp->snd_una, 4 * 1448);
	assert_int_equal(tp->tsq_bytes, 3 * SEG_TRUESIZE);
	assert_true(tp->tsq_throttled);
	assert_true(tp->cwnd >= 10);
}

/*
 * Every frame the slot lets through gives its bytes back, and the socket
 * sends one more at the same instant (the deferred call); removing the
 * qdisc drops what it held, and the rest of the window goes at once.
 */
static void test_tcp_established_tsq_resumes_on_release(void **state)
{
	struct tcp_h *h = *state;
	struct vn_tcp_sock *tp;
	struct got_seg g;
	int64_t t0;

	fixture_established_rtt();
	tp = tp_of(h->s);
	add_slot_qdisc();
	send_window();
	assert_int_equal(n_segs(), 1);
	t0 = h_now();
	h_run(200 * MS);
	assert_true(next_seg(&g));
	assert_int_equal(g.at, t0 + 200 * MS);
	expect_none();
	assert_int_equal(tp->snd_nxt - tp->snd_una, 5 * 1448);
	assert_int_equal(tp->tsq_bytes, 3 * SEG_TRUESIZE);

	vn_test_exec_ok(h->t, "tc -n a qdisc del dev v0 root");
	h_settle();
	assert_int_equal(tp->tsq_bytes, 0);
	assert_false(tp->tsq_throttled);
	assert_int_equal(tp->snd_nxt - tp->snd_una, 10 * 1448);
	assert_int_equal(n_segs(), 5);
}

/*
 * netem with a delay is the wire: frames waiting there are orphaned, so
 * the socket's whole window goes (Linux's netem_enqueue()).
 */
static void test_tcp_established_tsq_netem_delay_orphans(void **state)
{
	struct tcp_h *h = *state;
	struct vn_tcp_sock *tp;

	fixture_established_rtt();
	tp = tp_of(h->s);
	vn_test_exec_ok(h->t,
			"tc -n a qdisc add dev v0 root netem delay 200ms");
	send_window();
	assert_int_equal(n_segs(), 0);
	assert_int_equal(tp->snd_nxt - tp->snd_una, 10 * 1448);
	assert_int_equal(tp->tsq_bytes, 0);
	h_run(200 * MS);
	assert_int_equal(n_segs(), 10);
}

/*
 * The program aborts the connection (SO_LINGER 0) while three of its
 * segments wait 200 ms in netem: the socket leaves at once, its memory
 * with the last of them (ASan checks no destructor touches freed
 * memory, LSan that it is freed).
 */
static void test_tcp_established_tsq_close_with_frames_below(void **state)
{
	struct tcp_h *h = *state;
	struct vn_tcp_sock *tp;
	struct got_seg g;
	uint32_t n_socks;

	fixture_established_rtt();
	tp = tp_of(h->s);
	add_slot_qdisc();
	send_window();
	assert_int_equal(n_segs(), 1);
	assert_int_equal(tp->tsq_bytes, 3 * SEG_TRUESIZE);
	n_socks = h->a->inet.socks->n_socks;
	assert_int_equal(vn_sock_setopt(h->s, VN_SO_LINGER, 0), 0);
	vn_sock_close(h->s);
	h->s = NULL;
	h_settle();
	assert_int_equal(h->a->inet.socks->n_socks, n_socks - 1);
	/* Two of its data segments leave through the slot... */
	h_run(400 * MS);
	assert_true(next_seg(&g));
	assert_int_equal(g.flags, VN_TCP_ACK_F);
	assert_int_equal(g.len, 1448);
	assert_true(next_seg(&g));
	assert_int_equal(g.len, 1448);
	expect_none();
	/* ... the third (and the RST) are dropped with the qdisc. */
	vn_test_exec_ok(h->t, "tc -n a qdisc del dev v0 root");
	h_settle();
	h_run(1 * SEC);
}

/* The namespace goes with the socket's frames still in netem. */
static void test_tcp_established_tsq_netns_del_with_frames_below(void **state)
{
	struct tcp_h *h = *state;

	fixture_established_rtt();
	add_slot_qdisc();
	send_window();
	assert_int_equal(tp_of(h->s)->tsq_bytes, 3 * SEG_TRUESIZE);
	vn_sock_close(h->s);
	h->s = NULL;
	vn_test_exec_ok(h->t, "ip netns del a");
	h_settle();
	h_run(1 * SEC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, h_setup, h_teardown)
		T(test_tcp_established_tsq_bounds_bytes_below),
		T(test_tcp_established_tsq_resumes_on_release),
		T(test_tcp_established_tsq_netem_delay_orphans),
		T(test_tcp_established_tsq_close_with_frames_below),
		T(test_tcp_established_tsq_netns_del_with_frames_below),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
