// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_tcp_hostile.c - TCP against a hostile or broken
 * peer: each test replays, segment by segment (test_tcp_harness.h), an
 * input tests/fuzz/fuzz_tcp.c once crashed TCP with, and checks what
 * Linux does instead.  The fuzz input is named in each test's comment
 * (tests/fuzz/repro/).
 */
#include "test_tcp_harness.h"

/*
 * fuzz_tcp-sndq-copy.  A simultaneous open (our SYN, the peer's SYN), then
 * an ACK of our ISN itself, which does not cover our SYN: RFC 9293
 * 3.10.7.4 says SND.UNA < SEG.ACK, else <SEQ=SEG.ACK><CTL=RST> and the
 * connection stays in SYN-RECEIVED (tcp_check_req() asks the same,
 * iss + 1).  Taken, it used to reach ESTABLISHED with snd_una still at
 * the SYN, and the first retransmission read before the send queue.
 */
static void test_tcp_syn_recv_simultaneous_ack_of_isn_gets_rst(void **state)
{
	struct tcp_h *h = *state;
	static const char data[] = "data";

	tcp_fixture_syn_sent();
	h->irs = PEER_ISN;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = h->irs,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_SYN | VN_TCP_ACK_F, h->iss, h->irs + 1);
	assert_int_equal(h_state(h->s), VN_TCP_SYN_RECV);

	send_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->irs + 1, h->iss, data, 4);
	expect_seg(VN_TCP_RST, h->iss, 0);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_SYN_RECV);
	assert_int_equal(drops_of(VN_DROP_TCP_INVALID_ACK), 1);

	/* The SYN-ACK is retransmitted; the right ACK completes the open. */
	h_run(1100 * MS);
	expect_seg(VN_TCP_SYN | VN_TCP_ACK_F, h->iss, h->irs + 1);
	send_ack(h->irs + 1, h->iss + 1);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);

	/* Data and a FIN, never acknowledged: retransmitted until the
	 * connection gives up, always from inside the send queue. */
	assert_int_equal(vn_sock_send(h->s, data, 4, 0), 4);
	vn_sock_close(h->s);
	h->s = NULL;
	h_run(600 * SEC);
}

/*
 * fuzz_tcp-mss-zero.  The final ACK of a handshake that also carries SYN
 * and FIN at the peer's ISN: the request drops the old SYN bit
 * (tcp_check_req()) and makes the child, which, still in SYN-RECEIVED,
 * answers the SYN with a challenge ACK (RFC 5961 4.2).  The child's
 * rcv_mss, which the window offered divides by, must be set when it is
 * made (tcp_v4_syn_recv_sock() calls tcp_initialize_rcv_mss()); it was
 * 0 until the handshake completed.  Without window scaling the window
 * is rounded to rcv_mss, the division by zero.
 */
static void test_tcp_syn_recv_child_challenge_ack_before_established(
	void **state)
{
	struct tcp_h *h = *state;
	struct got_seg g;

	h->peer_ts = false;
	tcp_fixture_listen(16);
	h->irs = PEER_ISN;
	send_spec(&(struct seg_spec){
		.flags = VN_TCP_SYN, .seq = h->irs, .win = 255, .win_set = true,
		.opts = { .mss = true, .mss_val = 1460 } });
	assert_true(next_seg(&g));
	assert_int_equal(g.flags, VN_TCP_SYN | VN_TCP_ACK_F);
	assert_false(g.opt.has_wscale);
	h->iss = g.seq;

	send_spec(&(struct seg_spec){
		.flags = VN_TCP_SYN | VN_TCP_FIN | VN_TCP_ACK_F | VN_TCP_PSH,
		.seq = h->irs, .ack = h->iss + 1, .win = 0, .win_set = true });
	g = expect_seg(VN_TCP_ACK_F, h->iss + 1, h->irs + 1);
	assert_true(g.win > 0);
	assert_int_equal(drops_of(VN_DROP_TCP_SYN_CHALLENGE), 1);
	assert_int_equal(vn_sock_accept(h->l, &h->s), 0);
	assert_int_equal(h_state(h->s), VN_TCP_SYN_RECV);
	h_run(600 * SEC);
}

/*
 * fuzz_tcp-syn-recv-close.  After a simultaneous open the program shuts
 * down before our SYN is acknowledged: SYN-RECEIVED goes to FIN-WAIT-1
 * and sends the FIN (tcp_close_state(), as Linux).  The RTO then resends
 * what heads Linux's retransmit queue, the SYN-ACK; it used to resend
 * from snd_una, the SYN, which is not in the send queue.
 */
static void test_tcp_syn_recv_shutdown_before_syn_acked(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_syn_sent();
	h->irs = PEER_ISN;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = h->irs,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_SYN | VN_TCP_ACK_F, h->iss, h->irs + 1);
	assert_int_equal(vn_sock_shutdown(h->s, VN_SHUT_WR), 0);
	h_settle();
	expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->iss + 1, h->irs + 1);
	assert_int_equal(h_state(h->s), VN_TCP_FIN_WAIT1);

	h_run(1100 * MS);
	expect_seg(VN_TCP_SYN | VN_TCP_ACK_F, h->iss, h->irs + 1);
	/* The peer acknowledges the SYN and the FIN. */
	send_ack(h->irs + 1, h->iss + 2);
	assert_int_equal(h_state(h->s), VN_TCP_FIN_WAIT2);
	h_run(600 * SEC);
}

/*
 * Found reading the fix above: an ICMP "fragmentation needed" quoting our
 * SYN in SYN-SENT lowers the MSS and resends at snd_una, the SYN itself
 * (tcp_v4_mtu_reduced() -> tcp_simple_retransmit()); it used to resend
 * one byte from the send queue, which starts after the SYN.
 */
static void test_tcp_syn_sent_frag_needed_resends_syn(void **state)
{
	struct tcp_h *h = *state;
	uint8_t inner[VN_IPV4_HLEN + VN_TCP_HLEN];

	tcp_fixture_syn_sent();
	vn_ipv4_emit(inner, &(struct vn_ipv4_repr){
				    .ttl = 64, .proto = VN_IPPROTO_TCP,
				    .frag = VN_IP_DF, .src = ADDR_A,
				    .dst = ADDR_B,
				    .payload_len = VN_TCP_HLEN });
	vn_tcp_emit(inner + VN_IPV4_HLEN, &(struct vn_tcp_hdr){
						  .sport = h->lport,
						  .dport = PEER_PORT,
						  .seq = h->iss,
						  .flags = VN_TCP_SYN,
						  .hlen = VN_TCP_HLEN });
	vn_tcp_err(&h->a->inet, inner, sizeof(inner), 3, 4, 1000, ADDR_B);
	h_settle();
	expect_seg(VN_TCP_SYN, h->iss, 0);
	assert_int_equal(h_state(h->s), VN_TCP_SYN_SENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, h_setup, h_teardown)
		T(test_tcp_syn_recv_simultaneous_ack_of_isn_gets_rst),
		T(test_tcp_syn_recv_child_challenge_ack_before_established),
		T(test_tcp_syn_recv_shutdown_before_syn_acked),
		T(test_tcp_syn_sent_frag_needed_resends_syn),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
