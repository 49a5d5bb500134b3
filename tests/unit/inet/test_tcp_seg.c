// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_tcp_seg.c - the TCP state machine segment by
 * segment (RFC 9293 3.10, RFC 5961, RFC 7323), against Linux's answers:
 * the test plays the peer (test_tcp_harness.h), sends hand-made segments
 * and expects the exact segments back.  Expected values were taken from
 * Linux 6.18 where the RFC leaves a choice (window sizes, the options of
 * a SYN and their order, delayed ACK timing, RST forms).
 */
#include "test_tcp_harness.h"

/* --- LISTEN and no socket --------------------------------------------------- */

/* RFC 9293 3.10.7.1: nobody listens, a SYN gets <SEQ=0><ACK=SEG.SEQ+1>. */
static void test_tcp_closed_syn_gets_rst_ack(void **state)
{
	(void)state;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = 77 });
	struct got_seg g = expect_seg(VN_TCP_RST | VN_TCP_ACK_F, 0, 78);

	assert_int_equal(g.win, 0);
	assert_int_equal(g.optlen, 0);
	assert_int_equal(drops_of(VN_DROP_TCP_NO_SOCKET), 1);
	assert_int_equal(stats()->tcp_out_rsts, 1);
}

/* An ACK to nobody gets <SEQ=SEG.ACK><CTL=RST>; a RST gets nothing. */
static void test_tcp_closed_ack_gets_rst_rst_gets_nothing(void **state)
{
	(void)state;
	send_seg(VN_TCP_ACK_F, 5, 999, "xy", 2);
	expect_seg(VN_TCP_RST, 999, 0);
	send_seg(VN_TCP_RST | VN_TCP_ACK_F, 5, 999, NULL, 0);
	expect_none();
	assert_int_equal(drops_of(VN_DROP_TCP_NO_SOCKET), 2);
}

/* The SYN-ACK of a listener: Linux's options, order and window. */
static void test_tcp_listen_syn_gets_synack(void **state)
{
	struct got_seg g;
	static const uint8_t linux_opts[4] = { 2, 4, 0x05, 0xb4 };

	(void)state;
	g = tcp_fixture_syn_recv();
	/* "mss 1460,sackOK,TS val V ecr 5000,nop,wscale 7", window 65160 */
	assert_int_equal(g.optlen, 20);
	assert_memory_equal(g.optbytes, linux_opts, 4);
	assert_int_equal(g.optbytes[4], 4);	/* SACK-permitted, merged */
	assert_int_equal(g.optbytes[6], 8);	/* TS */
	assert_int_equal(g.optbytes[16], 1);	/* nop */
	assert_int_equal(g.optbytes[17], 3);	/* wscale */
	assert_int_equal(g.opt.wscale, 7);
	assert_int_equal(g.opt.ts_ecr, PEER_TS0);
	assert_int_equal(g.win, 65160);
	assert_true(g.df);
	assert_int_equal(g.ttl, 64);
	assert_int_equal(stats()->tcp_passive_opens, 0);
}

static void test_tcp_listen_ack_without_request_gets_rst(void **state)
{
	(void)state;
	tcp_fixture_listen(16);
	send_ack(100, 12345);
	expect_seg(VN_TCP_RST, 12345, 0);
}

static void test_tcp_listen_rst_and_syn_fin_dropped(void **state)
{
	(void)state;
	tcp_fixture_listen(16);
	send_seg(VN_TCP_RST, 100, 0, NULL, 0);
	send_seg(VN_TCP_SYN | VN_TCP_FIN, 100, 0, NULL, 0);
	expect_none();
	assert_int_equal(drops_of(VN_DROP_TCP_FLAGS), 2);
}

/* --- SYN-RECV ------------------------------------------------------------------ */

static void test_tcp_syn_recv_ack_establishes(void **state)
{
	struct tcp_h *h = *state;
	char buf[8];

	tcp_fixture_established_passive();
	assert_int_equal(stats()->tcp_passive_opens, 1);
	send_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->snd_nxt, h->rcv_nxt, "hello", 5);
	/* Quick ACK mode: the first data is acknowledged at once. */
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt + 5);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 5);
}

static void test_tcp_syn_recv_dup_syn_resends_synack(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_syn_recv();
	h_run(600 * MS);	/* beyond the per-request rate limit */
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = h->irs,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_SYN | VN_TCP_ACK_F, h->iss, h->irs + 1);
}

/* SYN-ACK retransmissions: 1, 2, 4, 8, 16 s (tcp_synack_retries 5). */
static void test_tcp_syn_recv_synack_timeouts(void **state)
{
	struct got_seg g;
	int64_t t0 = h_now(), want[] = { 1, 3, 7, 15, 31 };

	(void)state;
	tcp_fixture_syn_recv();
	h_run(100 * SEC);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_true(next_seg(&g));
		assert_int_equal(g.flags, VN_TCP_SYN | VN_TCP_ACK_F);
		assert_int_equal(g.at - t0, want[i] * SEC);
	}
	expect_none();
	/* The request is gone: an ACK now gets a RST. */
	send_ack(H->snd_nxt, H->rcv_nxt);
	expect_seg(VN_TCP_RST, H->rcv_nxt, 0);
}

static void test_tcp_syn_recv_rst_drops_request(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_syn_recv();
	send_seg(VN_TCP_RST, h->snd_nxt, 0, NULL, 0);
	expect_none();
	assert_int_equal(stats()->tcpext_embryonic_rsts, 1);
	send_ack(h->snd_nxt, h->rcv_nxt);
	expect_seg(VN_TCP_RST, h->rcv_nxt, 0);
}

static void test_tcp_syn_recv_wrong_ack_gets_rst(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_syn_recv();
	send_ack(h->snd_nxt, h->rcv_nxt + 1000);
	expect_seg(VN_TCP_RST, h->rcv_nxt + 1000, 0);
	/* The request survives it. */
	send_ack(h->snd_nxt, h->rcv_nxt);
	assert_int_equal(vn_sock_accept(h->l, &h->s), 0);
}

/* --- SYN-SENT ------------------------------------------------------------------- */

/* "mss 1460,sackOK,TS val V ecr 0,nop,wscale 7", win 64240. */
static void test_tcp_syn_sent_syn_is_linuxs(void **state)
{
	static const uint8_t head[8] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10 };
	struct got_seg g;

	(void)state;
	g = tcp_fixture_syn_sent();
	assert_int_equal(g.optlen, 20);
	assert_memory_equal(g.optbytes, head, 8);
	assert_int_equal(g.opt.ts_ecr, 0);
	assert_int_equal(g.optbytes[16], 1);
	assert_int_equal(g.optbytes[17], 3);
	assert_int_equal(g.opt.wscale, 7);
	assert_int_equal(g.win, 64240);
	assert_int_equal(stats()->tcp_active_opens, 1);
}

static void test_tcp_syn_sent_synack_establishes(void **state)
{
	struct tcp_h *h = *state;
	int mss;

	tcp_fixture_established();
	assert_true(vn_sock_poll(h->s) & VN_POLLOUT);
	/* 1460 less the timestamps. */
	assert_int_equal(vn_sock_getopt(h->s, VN_TCP_MAXSEG, &mss), 0);
	assert_int_equal(mss, 1448);
}

static void test_tcp_syn_sent_bad_ack_gets_rst(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_syn_sent();
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN | VN_TCP_ACK_F,
				      .seq = PEER_ISN, .ack = h->iss + 77,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_RST, h->iss + 77, 0);
	assert_int_equal(h_state(h->s), VN_TCP_SYN_SENT);
}

static void test_tcp_syn_sent_rst_refuses(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_syn_sent();
	/* A RST without an acceptable ACK is ignored ... */
	send_seg(VN_TCP_RST, 0, 0, NULL, 0);
	assert_int_equal(h_state(h->s), VN_TCP_SYN_SENT);
	/* ... with one, the connection is refused. */
	send_seg(VN_TCP_RST | VN_TCP_ACK_F, 0, h->iss + 1, NULL, 0);
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	assert_int_equal(vn_sock_error(h->s), -ECONNREFUSED);
	expect_none();
}

/*
 * Linux 6.18: the SYN is resent 1 s apart five times (tcp_syn_retries
 * 6 plus tcp_syn_linear_timeouts 4), then backs off: 2, 4, 8, 16, 32,
 * 64 s, and ETIMEDOUT comes 131 s after connect().
 */
static void test_tcp_syn_sent_rto_backoff(void **state)
{
	struct tcp_h *h = *state;
	int64_t want[] = { 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 };
	int64_t t0 = h_now();
	struct got_seg g;

	tcp_fixture_syn_sent();
	h_run(200 * SEC);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_true(next_seg(&g));
		assert_int_equal(g.flags, VN_TCP_SYN);
		assert_int_equal(g.seq, h->iss);
		assert_int_equal(g.at - t0, want[i] * SEC);
	}
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	assert_int_equal(vn_sock_error(h->s), -ETIMEDOUT);
	assert_int_equal(stats()->tcpext_syn_retrans, 10);
}

/* RFC 9293 3.5 figure 8: SYNs cross. */
static void test_tcp_syn_sent_syn_simultaneous_open(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_syn_sent();
	h->irs = PEER_ISN;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = h->irs,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_SYN | VN_TCP_ACK_F, h->iss, h->irs + 1);
	assert_int_equal(h_state(h->s), VN_TCP_SYN_RECV);
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN | VN_TCP_ACK_F,
				      .seq = h->irs, .ack = h->iss + 1,
				      .opts = peer_syn_opts() });
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
	assert_true(vn_sock_poll(h->s) & VN_POLLOUT);
}

static void test_tcp_syn_sent_icmp_port_unreachable(void **state)
{
	struct tcp_h *h = *state;
	struct vn_sock *s;

	(void)h;
	/* A real host: 10.0.0.3 answers, but nobody listens there. */
	vn_test_exec_ok(h->t, "ip netns add c");
	vn_test_exec_ok(h->t, "ip link add w0 netns a type veth peer name w1 netns c");
	vn_test_exec_ok(h->t, "ip -n a addr add 10.1.0.1/24 dev w0");
	vn_test_exec_ok(h->t, "ip -n c addr add 10.1.0.2/24 dev w1");
	vn_test_exec_ok(h->t, "ip -n a link set w0 up");
	vn_test_exec_ok(h->t, "ip -n c link set w1 up");
	assert_int_equal(vn_socket(h->a, VN_SOCK_STREAM, 0, &s), 0);
	assert_int_equal(vn_sock_connect(s, &(struct vn_sockaddr){ 0x0a010002, 9 }),
			 -EINPROGRESS);
	h_settle();
	/* TCP answers with RST, not ICMP: refused all the same. */
	assert_int_equal(vn_sock_error(s), -ECONNREFUSED);
	vn_sock_close(s);
}

/* --- ESTABLISHED ------------------------------------------------------------------ */

static void test_tcp_established_data_and_delayed_ack(void **state)
{
	struct tcp_h *h = *state;
	char buf[64];
	struct got_seg g;

	tcp_fixture_established();
	send_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->snd_nxt, h->rcv_nxt, "ping", 4);
	h->snd_nxt += 4;
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 4);
	/* A reply within ato makes it interactive (pingpong) ... */
	assert_int_equal(vn_sock_send(h->s, "pong", 4, 0), 4);
	h_settle();
	g = expect_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.len, 4);
	assert_memory_equal(g.data, "pong", 4);
	h->rcv_nxt += 4;
	send_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->snd_nxt, h->rcv_nxt, "ping", 4);
	h->snd_nxt += 4;
	/* ... so the next request's ACK waits for the delayed ACK timer. */
	expect_none();
	h_run(200 * MS);
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_true(g.at - h_now() >= -200 * MS);
	assert_int_equal(stats()->tcpext_delayed_acks, 1);
}

static void test_tcp_established_out_of_order_sack(void **state)
{
	struct tcp_h *h = *state;
	struct got_seg g;
	char buf[64];

	tcp_fixture_established();
	/* A hole of 10 bytes, then 10 bytes: ACK at once, with SACK. */
	send_seg(VN_TCP_ACK_F, h->snd_nxt + 10, h->rcv_nxt, "0123456789", 10);
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.opt.n_sack, 1);
	assert_int_equal(g.opt.sack[0].start, h->snd_nxt + 10);
	assert_int_equal(g.opt.sack[0].end, h->snd_nxt + 20);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), -EAGAIN);
	/* Filling the hole delivers both and ACKs at once, no SACK. */
	send_seg(VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt, "abcdefghij", 10);
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt + 20);
	assert_int_equal(g.opt.n_sack, 0);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 20);
	assert_memory_equal(buf, "abcdefghij0123456789", 20);
	/* A duplicate gets a D-SACK (RFC 2883). */
	send_seg(VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt, "abcdefghij", 10);
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt + 20);
	assert_int_equal(g.opt.n_sack, 1);
	assert_int_equal(g.opt.sack[0].start, h->snd_nxt);
	assert_int_equal(g.opt.sack[0].end, h->snd_nxt + 10);
}

/* RFC 5961 3.2: only a RST at exactly rcv_nxt resets. */
static void test_tcp_established_rst_in_window_challenge_ack(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_established();
	send_seg(VN_TCP_RST, h->snd_nxt + 100, 0, NULL, 0);
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
	assert_int_equal(stats()->tcpext_challenge_ack, 1);
	/* The next within 500 ms is not answered (tcp_invalid_ratelimit). */
	send_seg(VN_TCP_RST, h->snd_nxt + 200, 0, NULL, 0);
	expect_none();
	assert_int_equal(stats()->tcpext_ack_skipped_challenge, 1);
	/* Out of window: silently dropped. */
	send_seg(VN_TCP_RST, h->snd_nxt + 1000000, 0, NULL, 0);
	expect_none();
	assert_int_equal(drops_of(VN_DROP_TCP_RST_CHALLENGE), 2);
	assert_int_equal(drops_of(VN_DROP_TCP_RST_IGNORED), 1);
	/* Exact: the connection is reset. */
	send_seg(VN_TCP_RST, h->snd_nxt, 0, NULL, 0);
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	assert_int_equal(vn_sock_error(h->s), -ECONNRESET);
	expect_none();
}

/* RFC 5961 4.2: a SYN on a synchronized connection: challenge ACK. */
static void test_tcp_established_syn_challenge_ack(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_established();
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = 42,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
	assert_int_equal(stats()->tcpext_syn_challenge, 1);
}

/* RFC 5961 5.2: data with an ACK of what was never sent is dropped. */
static void test_tcp_established_ack_of_unsent_data_dropped(void **state)
{
	struct tcp_h *h = *state;
	char buf[8];

	tcp_fixture_established();
	send_seg(VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt + 5000, "evil", 4);
	expect_none();
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), -EAGAIN);
	assert_int_equal(drops_of(VN_DROP_TCP_ACK_UNSENT_DATA), 1);
}

/* Out-of-window data: a duplicate ACK (never rate limited for data). */
static void test_tcp_established_data_out_of_window_dupack(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_established();
	send_seg(VN_TCP_ACK_F, h->snd_nxt + 10000000, h->rcv_nxt, "x", 1);
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	send_seg(VN_TCP_ACK_F, h->snd_nxt + 10000000, h->rcv_nxt, "x", 1);
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(drops_of(VN_DROP_TCP_INVALID_SEQUENCE), 2);
}

/* RFC 7323 5.3: an older timestamp (PAWS) is dropped with a dupack. */
static void test_tcp_established_paws_rejects_old_timestamp(void **state)
{
	struct tcp_h *h = *state;
	char buf[8];

	tcp_fixture_established();
	send_spec(&(struct seg_spec){ .flags = VN_TCP_ACK_F, .seq = h->snd_nxt,
				      .ack = h->rcv_nxt, .data = "old", .len = 3,
				      .ts_set = true, .ts_val = PEER_TS0 - 100,
				      .ts_ecr = h->last_tsval });
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), -EAGAIN);
	assert_int_equal(stats()->tcpext_paws_estab, 1);
	assert_int_equal(drops_of(VN_DROP_TCP_PAWS), 1);
}

/*
 * RFC 6298: after a ~0 RTT the RTO is tcp_rto_min (200 ms) plus the RTT,
 * in jiffies: 204 ms, as Linux at HZ 250 (ss -i shows "rto:204"); then
 * it doubles up to 120 s, and tcp_retries2 (15) ends the connection.
 */
static void test_tcp_established_rto_backoff(void **state)
{
	struct tcp_h *h = *state;
	int64_t t0, gap = 204 * MS, last = 0;
	struct got_seg g;
	int n = 0;

	tcp_fixture_established();
	assert_int_equal(vn_sock_send(h->s, "data", 4, 0), 4);
	h_settle();
	g = expect_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->rcv_nxt, h->snd_nxt);
	t0 = g.at;
	h_run(1200 * SEC);
	while (next_seg(&g)) {
		if (g.flags & VN_TCP_RST)
			break;
		assert_int_equal(g.seq, h->rcv_nxt);
		assert_int_equal(g.len, 4);
		assert_int_equal(g.at - t0 - last, gap);
		last = g.at - t0;
		gap = VN_MIN(gap * 2, 120 * SEC);
		n++;
	}
	/* 15 retransmissions, then ~924.6 s after the first, ETIMEDOUT. */
	assert_int_equal(n, 15);
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	assert_int_equal(vn_sock_error(h->s), -ETIMEDOUT);
	assert_int_equal(stats()->tcpext_timeouts, 15);
}

/* Zero window: probes (seq snd_una - 1) back off, never time out. */
static void test_tcp_established_zero_window_probes(void **state)
{
	struct tcp_h *h = *state;
	struct got_seg g;
	int64_t prev;
	int n = 0;

	tcp_fixture_established();
	send_spec(&(struct seg_spec){ .flags = VN_TCP_ACK_F, .seq = h->snd_nxt,
				      .ack = h->rcv_nxt, .win = 0,
				      .win_set = true });
	assert_int_equal(vn_sock_send(h->s, "stuck", 5, 0), 5);
	h_settle();
	expect_none();
	prev = h_now();
	for (int i = 0; i < 6; i++) {
		h_run(200 * SEC);
		while (next_seg(&g)) {
			assert_int_equal(g.seq, h->rcv_nxt - 1);
			assert_int_equal(g.len, 0);
			assert_true(g.at > prev);
			prev = g.at;
			n++;
			/* The peer answers with its window still closed. */
			send_spec(&(struct seg_spec){ .flags = VN_TCP_ACK_F,
						      .seq = h->snd_nxt,
						      .ack = h->rcv_nxt,
						      .win = 0,
						      .win_set = true });
		}
	}
	assert_true(n >= 10);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
	/* The window opens: the data goes. */
	send_ack(h->snd_nxt, h->rcv_nxt);
	g = expect_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.len, 5);
}

static void test_tcp_established_keepalive(void **state)
{
	struct tcp_h *h = *state;
	int64_t want[] = { 10, 15, 20 };
	int64_t t0;
	struct got_seg g;

	tcp_fixture_established();
	t0 = h_now();
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_KEEPIDLE, 10), 0);
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_KEEPINTVL, 5), 0);
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_KEEPCNT, 3), 0);
	assert_int_equal(vn_sock_setopt(h->s, VN_SO_KEEPALIVE, 1), 0);
	h_run(60 * SEC);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt - 1, h->snd_nxt);
		assert_int_equal(g.at - t0, want[i] * SEC);
	}
	g = expect_seg(VN_TCP_RST | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.at - t0, 25 * SEC);
	assert_int_equal(vn_sock_error(h->s), -ETIMEDOUT);
	assert_int_equal(stats()->tcpext_keep_alive, 3);
}

static void test_tcp_established_keepalive_answered(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_established();
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_KEEPIDLE, 10), 0);
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_KEEPINTVL, 5), 0);
	assert_int_equal(vn_sock_setopt(h->s, VN_SO_KEEPALIVE, 1), 0);
	/* Each answered probe starts a new idle period: every 10 s. */
	for (int i = 0; i < 5; i++) {
		h_run(11 * SEC);
		expect_seg(VN_TCP_ACK_F, h->rcv_nxt - 1, h->snd_nxt);
		send_ack(h->snd_nxt, h->rcv_nxt);
	}
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
}

/* Nagle: a second small segment waits for the first's ACK. */
static void test_tcp_established_nagle_and_nodelay(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_established();
	vn_sock_send(h->s, "a", 1, 0);
	vn_sock_send(h->s, "b", 1, 0);
	vn_sock_send(h->s, "c", 1, 0);
	h_settle();
	expect_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->rcv_nxt, h->snd_nxt);
	expect_none();
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	struct got_seg g = expect_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->rcv_nxt + 1,
				      h->snd_nxt);
	assert_int_equal(g.len, 2);
	h->rcv_nxt += 3;
	/* TCP_NODELAY: each write leaves at once. */
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_NODELAY, 1), 0);
	vn_sock_send(h->s, "d", 1, 0);
	vn_sock_send(h->s, "e", 1, 0);
	h_settle();
	expect_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->rcv_nxt, h->snd_nxt);
	expect_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->rcv_nxt + 1, h->snd_nxt);
}

/* TCP_CORK holds partial segments until uncorked. */
static void test_tcp_established_cork(void **state)
{
	struct tcp_h *h = *state;
	struct got_seg g;

	tcp_fixture_established();
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_CORK, 1), 0);
	vn_sock_send(h->s, "head", 4, 0);
	vn_sock_send(h->s, "body", 4, 0);
	h_settle();
	expect_none();
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_CORK, 0), 0);
	h_settle();
	g = expect_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.len, 8);
}

/* The peer's window field is scaled by its shift (RFC 7323 2.3). */
static void test_tcp_established_window_scaling(void **state)
{
	struct tcp_h *h = *state;
	static char big[20000];
	uint32_t sent = 0;
	struct got_seg g;

	tcp_fixture_established();
	/* 16 << 7 = 2048 bytes of window: one full segment fits. */
	send_spec(&(struct seg_spec){ .flags = VN_TCP_ACK_F, .seq = h->snd_nxt,
				      .ack = h->rcv_nxt, .win = 16,
				      .win_set = true });
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_NODELAY, 1), 0);
	assert_true(vn_sock_send(h->s, big, sizeof(big), 0) > 0);
	h_settle();
	while (next_seg(&g))
		sent += g.len;
	assert_int_equal(sent, 1448);
}

/* --- closing --------------------------------------------------------------------- */

static void test_tcp_established_fin_to_close_wait(void **state)
{
	struct tcp_h *h = *state;
	char buf[4];

	tcp_fixture_close_wait();
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 0);
	/* The ACK of a FIN is delayed; with no data received yet the
	 * delayed-ACK timeout (ato) is 0: the next tick, 4 ms at HZ 250. */
	expect_none();
	h_run(50 * MS);
	assert_int_equal(expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt).at,
			 h_now() - 46 * MS);
}

static void test_tcp_close_wait_close_sends_fin(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_close_wait();
	vn_sock_close(h->s);
	h->s = NULL;
	h_settle();
	/* The FIN carries the pending ACK. */
	expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	expect_none();
	/* LAST-ACK is over: nothing is left for that 4-tuple. */
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	expect_seg(VN_TCP_RST, h->rcv_nxt + 1, 0);
}

static void test_tcp_fin_wait1_ack_to_fin_wait2(void **state)
{
	(void)state;
	tcp_fixture_fin_wait2();
}

/* RFC 9293 3.6 figure 13: both close at once. */
static void test_tcp_fin_wait1_fin_simultaneous_close(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_fin_wait1();
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt, NULL, 0);
	h->snd_nxt++;
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_CLOSING);
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	expect_none();
	/* The 4-tuple is in TIME-WAIT: a retransmitted FIN is ACKed. */
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt - 1, h->rcv_nxt + 1,
		 NULL, 0);
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
}

static void test_tcp_fin_wait2_fin_to_time_wait(void **state)
{
	(void)state;
	tcp_fixture_time_wait();
	assert_int_equal(stats()->tcpext_tw, 1);
}

/* An orphan in FIN-WAIT-2 waits tcp_fin_timeout (60 s) for the FIN. */
static void test_tcp_fin_wait2_orphan_times_out(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_fin_wait2();
	vn_sock_close(h->s);
	h->s = NULL;
	h_run(59 * SEC);
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt + 1, NULL,
		 0);
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt + 1);
	h_run(61 * SEC);
	send_ack(h->snd_nxt + 1, h->rcv_nxt + 1);
	expect_seg(VN_TCP_RST, h->rcv_nxt + 1, 0);
}

/* RFC 1122 4.2.2.13: data after close() is answered with RST. */
static void test_tcp_fin_wait2_data_after_close_gets_rst(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_fin_wait1();
	vn_sock_close(h->s);
	h->s = NULL;
	send_seg(VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt, "late", 4);
	/* tcp_v4_send_reset(): the reply's sequence is the segment's ACK. */
	expect_seg(VN_TCP_RST, h->rcv_nxt, 0);
	assert_int_equal(stats()->tcpext_abort_on_data, 1);
}

static void test_tcp_time_wait_fin_retransmit_acked(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_time_wait();
	h_run(30 * SEC);
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt - 1, h->rcv_nxt + 1,
		 NULL, 0);
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	/* The timer restarted: still there 59 s later. */
	h_run(59 * SEC);
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt - 1, h->rcv_nxt + 1,
		 NULL, 0);
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
}

static void test_tcp_time_wait_expires_after_60s(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_time_wait();
	h_run(59 * SEC);
	/* An in-window bare ACK is not answered, and (as on Linux) it
	 * restarts the 60 s. */
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	expect_none();
	h_run(59 * SEC);
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt - 1, h->rcv_nxt + 1,
		 NULL, 0);
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	h_run(61 * SEC);
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	expect_seg(VN_TCP_RST, h->rcv_nxt + 1, 0);
}

/* Linux kills TIME-WAIT on an in-window RST (tcp_rfc1337 0). */
static void test_tcp_time_wait_rst_kills(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_time_wait();
	send_seg(VN_TCP_RST, h->snd_nxt, 0, NULL, 0);
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	expect_seg(VN_TCP_RST, h->rcv_nxt + 1, 0);
}

/*
 * tcp_parse_options(): an option of length below 2, or one running past the
 * header, ends the walk; what came before it counts and the segment is
 * used.  Here a timestamp before a zero-length MSS is echoed, and one cut
 * by the header's end is not.
 */
static void test_tcp_input_malformed_options_read_up_to_the_bad_one(void **state)
{
	static const uint8_t ts_then_bad[16] = {
		1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 0,	/* TSval 7 */
		2, 0, 1, 1,				/* MSS, length 0 */
	};
	static const uint8_t runs_over[4] = { 1, 8, 10, 0 };	/* TS cut */
	struct got_seg g;

	(void)state;
	tcp_fixture_listen(16);
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = 1,
				      .raw_opts = ts_then_bad,
				      .raw_optlen = sizeof(ts_then_bad) });
	assert_true(next_seg(&g));
	assert_int_equal(g.flags, VN_TCP_SYN | VN_TCP_ACK_F);
	assert_int_equal(g.ack, 2);
	assert_true(g.opt.has_ts);
	assert_int_equal(g.opt.ts_ecr, 7);
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = 1,
				      .sport = 4242, .raw_opts = runs_over,
				      .raw_optlen = sizeof(runs_over) });
	assert_true(next_seg(&g));
	assert_int_equal(g.flags, VN_TCP_SYN | VN_TCP_ACK_F);
	assert_false(g.opt.has_ts);
	assert_int_equal(stats()->tcp_in_errs, 0);
}

/* --- malformed input ---------------------------------------------------------------- */

static void test_tcp_input_malformed_dropped_and_counted(void **state)
{
	(void)state;
	tcp_fixture_listen(16);
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = 1,
				      .bad_csum = true });
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = 1, .doff = 4 });
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = 1,
				      .doff = 15 });
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = 1, .trunc = 12 });
	expect_none();
	assert_int_equal(drops_of(VN_DROP_TCP_CSUM), 1);
	assert_int_equal(drops_of(VN_DROP_TCP_BAD_OFFSET), 2);
	assert_int_equal(drops_of(VN_DROP_TCP_TRUNCATED), 1);
	/* tcp_v4_rcv(): a short segment or a data offset beyond it is
	 * discarded uncounted; offset < 5 and the checksum are errors. */
	assert_int_equal(stats()->tcp_in_errs, 2);
	assert_int_equal(stats()->tcp_in_csum_errors, 1);
	/* The listener still serves. */
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = 1,
				      .opts = peer_syn_opts() });
	assert_true(next_seg(&(struct got_seg){ 0 }));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, h_setup, h_teardown)
		T(test_tcp_closed_syn_gets_rst_ack),
		T(test_tcp_closed_ack_gets_rst_rst_gets_nothing),
		T(test_tcp_listen_syn_gets_synack),
		T(test_tcp_listen_ack_without_request_gets_rst),
		T(test_tcp_listen_rst_and_syn_fin_dropped),
		T(test_tcp_syn_recv_ack_establishes),
		T(test_tcp_syn_recv_dup_syn_resends_synack),
		T(test_tcp_syn_recv_synack_timeouts),
		T(test_tcp_syn_recv_rst_drops_request),
		T(test_tcp_syn_recv_wrong_ack_gets_rst),
		T(test_tcp_syn_sent_syn_is_linuxs),
		T(test_tcp_syn_sent_synack_establishes),
		T(test_tcp_syn_sent_bad_ack_gets_rst),
		T(test_tcp_syn_sent_rst_refuses),
		T(test_tcp_syn_sent_rto_backoff),
		T(test_tcp_syn_sent_syn_simultaneous_open),
		T(test_tcp_syn_sent_icmp_port_unreachable),
		T(test_tcp_established_data_and_delayed_ack),
		T(test_tcp_established_out_of_order_sack),
		T(test_tcp_established_rst_in_window_challenge_ack),
		T(test_tcp_established_syn_challenge_ack),
		T(test_tcp_established_ack_of_unsent_data_dropped),
		T(test_tcp_established_data_out_of_window_dupack),
		T(test_tcp_established_paws_rejects_old_timestamp),
		T(test_tcp_established_rto_backoff),
		T(test_tcp_established_zero_window_probes),
		T(test_tcp_established_keepalive),
		T(test_tcp_established_keepalive_answered),
		T(test_tcp_established_nagle_and_nodelay),
		T(test_tcp_established_cork),
		T(test_tcp_established_window_scaling),
		T(test_tcp_established_fin_to_close_wait),
		T(test_tcp_close_wait_close_sends_fin),
		T(test_tcp_fin_wait1_ack_to_fin_wait2),
		T(test_tcp_fin_wait1_fin_simultaneous_close),
		T(test_tcp_fin_wait2_fin_to_time_wait),
		T(test_tcp_fin_wait2_orphan_times_out),
		T(test_tcp_fin_wait2_data_after_close_gets_rst),
		T(test_tcp_time_wait_fin_retransmit_acked),
		T(test_tcp_time_wait_expires_after_60s),
		T(test_tcp_time_wait_rst_kills),
		T(test_tcp_input_malformed_dropped_and_counted),
		T(test_tcp_input_malformed_options_read_up_to_the_bad_one),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
