// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_tcp_states.c - the per-state fixtures test_tcp_seg.c
 * leaves out: each RFC 9293 state (3.10.7) meets the segments and timers
 * its section names, and the test checks what the peer and the program
 * see (segments with their flags, seq and ack; the socket's state and
 * error; the timer ss would show).  Where the RFC leaves a choice the
 * expected values are Linux's (tcp_rcv_synsent_state_process(),
 * tcp_rcv_state_process(), tcp_timewait_state_process(), tcp_reset()).
 * Then RFC 6528 initial sequence numbers, and sequence numbers and
 * timestamps across 2^32.
 *
 * The harness (test_tcp_harness.h) plays the peer: h->snd_nxt and
 * h->rcv_nxt are the peer's view, so our next sequence number is
 * h->rcv_nxt.
 */
#include "test_tcp_harness.h"

/* --- helpers --------------------------------------------------------------------- */

struct entry_find {
	uint16_t lport, rport;
	bool found;
	struct vn_tcp_info info;
};

static int entry_cb(const struct vn_tcp_info *i, void *arg)
{
	struct entry_find *f = arg;

	/* A closed socket (still open for the program) is no entry. */
	if (i->state == VN_TCP_LISTEN || i->state == VN_TCP_CLOSE ||
	    i->lport != f->lport || i->rport != f->rport)
		return 0;
	f->info = *i;
	f->found = true;
	return 1;
}

/* The entry ss would list for the connection under test (false: none). */
static bool conn_entry(struct vn_tcp_info *out)
{
	struct entry_find f = { .lport = H->lport, .rport = H->rport };

	vn_tcp_for_each(&H->a->inet, entry_cb, &f);
	if (f.found && out)
		*out = f.info;
	return f.found;
}

/* The connection is a TIME-WAIT (or orphan FIN-WAIT-2) entry whose
 * timer has @left to run. */
static void expect_tw_entry(uint8_t substate, int64_t left)
{
	struct vn_tcp_info i;

	assert_true(conn_entry(&i));
	assert_false(i.full);
	assert_int_equal(i.state, substate);
	assert_int_equal(i.timer, VN_TCP_TIMER_TIMEWAIT);
	assert_int_equal(i.timer_ns, left);
}

/* Nothing is left of the 4-tuple: an ACK gets <SEQ=SEG.ACK><CTL=RST>. */
static void expect_tuple_gone(vn_seq seq, vn_seq ack)
{
	assert_false(conn_entry(NULL));
	send_ack(seq, ack);
	expect_seg(VN_TCP_RST, ack, 0);
}

/* "a" connects from port @lport (0: any) to 10.0.0.2:4000; its ISN. */
static vn_seq syn_sent_from(struct vn_sock **s, uint16_t lport)
{
	struct vn_sockaddr me = { 0, lport }, peer = { ADDR_B, PEER_PORT };
	struct got_seg g;

	assert_int_equal(vn_socket(H->a, VN_SOCK_STREAM, 0, s), 0);
	if (lport)
		assert_int_equal(vn_sock_bind(*s, &me), 0);
	assert_int_equal(vn_sock_connect(*s, &peer), -EINPROGRESS);
	h_settle();
	vn_sock_getname(*s, &me);
	assert_true(next_seg(&g));
	assert_int_equal(g.flags, VN_TCP_SYN);
	assert_true(lport == 0 || me.port == lport);
	return g.seq;
}

/* SYN-SENT + the peer's SYN: our SYN-ACK, SYN-RECEIVED (active open). */
static void syn_recv_active(void)
{
	struct tcp_h *h = H;

	tcp_fixture_syn_sent();
	h->irs = PEER_ISN;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = h->irs,
				      .opts = peer_syn_opts() });
	h->snd_nxt = h->irs + 1;
	expect_seg(VN_TCP_SYN | VN_TCP_ACK_F, h->iss, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_SYN_RECV);
}

/* FIN-WAIT-1 + the peer's FIN, not acknowledging ours: CLOSING. */
static void closing(void)
{
	struct tcp_h *h = H;

	tcp_fixture_fin_wait1();
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt, NULL, 0);
	h->snd_nxt++;
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_CLOSING);
}

/*
 * The accepted connection closes first and the peer's FIN+ACK answers
 * ours: TIME-WAIT on the listener's port, the listener still there.
 */
static void time_wait_passive(void)
{
	struct tcp_h *h = H;

	tcp_fixture_established_passive();
	assert_int_equal(vn_sock_shutdown(h->s, VN_SHUT_WR), 0);
	h_settle();
	expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt + 1, NULL,
		 0);
	h->snd_nxt++;
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	vn_sock_close(h->s);
	h->s = NULL;
	expect_tw_entry(VN_TCP_TIME_WAIT, 60 * SEC);
}

/*
 * SYN-SENT + a SYN-ACK from a peer whose ISN is @peer_isn and whose
 * TSval is @ts_val: ESTABLISHED (tcp_fixture_established(), with those).
 */
static void established_with(vn_seq peer_isn, uint32_t ts_val)
{
	struct tcp_h *h = H;

	tcp_fixture_syn_sent();
	h->irs = peer_isn;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN | VN_TCP_ACK_F,
				      .seq = h->irs, .ack = h->rcv_nxt,
				      .win = 65160, .win_set = true,
				      .ts_set = true, .ts_val = ts_val,
				      .ts_ecr = h->last_tsval,
				      .opts = peer_syn_opts() });
	h->snd_nxt = h->irs + 1;
	expect_seg(VN_TCP_ACK_F, h->iss + 1, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
}

/* --- LISTEN ---------------------------------------------------------------------- */

/* RFC 9293 3.10.7.2: any ACK, even on a SYN, gets <SEQ=SEG.ACK><CTL=RST>. */
static void test_tcp_listen_synack_gets_rst(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_listen(16);
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN | VN_TCP_ACK_F,
				      .seq = PEER_ISN, .ack = 31337,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_RST, 31337, 0);
	expect_none();
	assert_int_equal(h_state(h->l), VN_TCP_LISTEN);
	assert_int_equal(vn_sock_accept(h->l, &h->s), -EAGAIN);
}

/* --- SYN-SENT -------------------------------------------------------------------- */

/* SEG.ACK =< ISS is unacceptable: <SEQ=SEG.ACK><CTL=RST>, still SYN-SENT;
 * the right SYN-ACK then completes the handshake. */
static void test_tcp_syn_sent_synack_ack_of_iss_gets_rst(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_syn_sent();
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN | VN_TCP_ACK_F,
				      .seq = PEER_ISN, .ack = h->iss,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_RST, h->iss, 0);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_SYN_SENT);
	assert_int_equal(vn_sock_error(h->s), 0);
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN | VN_TCP_ACK_F,
				      .seq = PEER_ISN, .ack = h->iss + 1,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_ACK_F, h->iss + 1, PEER_ISN + 1);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
}

/* A RST whose ACK is unacceptable is dropped; a reset never answers a
 * reset (tcp_v4_send_reset()). */
static void test_tcp_syn_sent_rst_bad_ack_ignored(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_syn_sent();
	send_seg(VN_TCP_RST | VN_TCP_ACK_F, 0, h->iss + 2, NULL, 0);
	send_seg(VN_TCP_RST | VN_TCP_ACK_F, 0, h->iss, NULL, 0);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_SYN_SENT);
	assert_int_equal(vn_sock_error(h->s), 0);
	assert_false(vn_sock_poll(h->s) & (VN_POLLOUT | VN_POLLERR));
}

/* RFC 9293 3.10.7.3 fifth: neither SYN nor RST, drop it. */
static void test_tcp_syn_sent_ack_without_syn_dropped(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_syn_sent();
	send_ack(PEER_ISN, h->iss + 1);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_SYN_SENT);
	/* The SYN is still retransmitted at 1 s. */
	h_run(1 * SEC);
	expect_seg(VN_TCP_SYN, h->iss, 0);
}

/* close() in SYN-SENT: nothing goes out (tcp_close_state() -> CLOSE). */
static void test_tcp_syn_sent_close_sends_nothing(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_syn_sent();
	vn_sock_close(h->s);
	h->s = NULL;
	h_run(10 * SEC);
	expect_none();
	assert_false(conn_entry(NULL));
	/* The peer's late SYN-ACK finds nobody: <SEQ=SEG.ACK><CTL=RST>. */
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN | VN_TCP_ACK_F,
				      .seq = PEER_ISN, .ack = h->iss + 1,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_RST, h->iss + 1, 0);
}

/* --- SYN-RECEIVED ---------------------------------------------------------------- */

/* Simultaneous open completed by a bare ACK (RFC 9293 3.5 figure 8). */
static void test_tcp_syn_recv_active_ack_establishes(void **state)
{
	struct tcp_h *h = *state;
	struct got_seg g;
	char buf[8];

	syn_recv_active();
	assert_false(vn_sock_poll(h->s) & VN_POLLOUT);
	send_ack(h->snd_nxt, h->iss + 1);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
	assert_true(vn_sock_poll(h->s) & VN_POLLOUT);
	/* Both directions work from there. */
	assert_int_equal(vn_sock_send(h->s, "hi", 2, 0), 2);
	h_settle();
	g = expect_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->iss + 1, h->snd_nxt);
	assert_int_equal(g.len, 2);
	send_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->snd_nxt, h->iss + 3, "yo", 2);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 2);
	assert_memory_equal(buf, "yo", 2);
}

/*
 * RFC 9293 3.10.7.4: a RST in SYN-RECEIVED after an active open ends the
 * connection.  The RFC says "connection refused"; Linux's tcp_reset()
 * only reports ECONNREFUSED from SYN-SENT and gives ECONNRESET here, and
 * vnet does as Linux.
 */
static void test_tcp_syn_recv_active_rst_resets(void **state)
{
	struct tcp_h *h = *state;

	syn_recv_active();
	send_seg(VN_TCP_RST, h->snd_nxt, 0, NULL, 0);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	assert_true(vn_sock_poll(h->s) & VN_POLLERR);
	assert_true(vn_sock_poll(h->s) & VN_POLLHUP);
	assert_int_equal(vn_sock_error(h->s), -ECONNRESET);
	h_run(10 * SEC);
	expect_none();	/* no SYN-ACK retransmission either */
}

/* An ACK of something never sent: <SEQ=SEG.ACK><CTL=RST>, stay. */
static void test_tcp_syn_recv_active_bad_ack_gets_rst(void **state)
{
	struct tcp_h *h = *state;

	syn_recv_active();
	send_ack(h->snd_nxt, h->iss + 100);
	expect_seg(VN_TCP_RST, h->iss + 100, 0);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_SYN_RECV);
	send_ack(h->snd_nxt, h->iss + 1);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
}

/* RFC 9293 3.10.7.4: after a passive open a RST returns to LISTEN: the
 * request is gone, the listener serves the same 4-tuple again. */
static void test_tcp_syn_recv_passive_rst_returns_to_listen(void **state)
{
	struct tcp_h *h = *state;
	struct got_seg g;

	tcp_fixture_syn_recv();
	send_seg(VN_TCP_RST, h->snd_nxt, 0, NULL, 0);
	expect_none();
	assert_int_equal(h_state(h->l), VN_TCP_LISTEN);
	assert_int_equal(vn_sock_accept(h->l, &h->s), -EAGAIN);
	assert_false(conn_entry(NULL));
	h_run(5 * SEC);
	expect_none();	/* no SYN-ACK retransmission */
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = h->irs + 5000,
				      .opts = peer_syn_opts() });
	assert_true(next_seg(&g));
	assert_int_equal(g.flags, VN_TCP_SYN | VN_TCP_ACK_F);
	assert_int_equal(g.ack, h->irs + 5001);
	send_ack(h->irs + 5001, g.seq + 1);
	assert_int_equal(vn_sock_accept(h->l, &h->s), 0);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
}

/* --- ESTABLISHED ----------------------------------------------------------------- */

/* RFC 5961 4.2: a SYN inside the window gets a challenge ACK too, and
 * the connection goes on. */
static void test_tcp_established_syn_in_window_challenge_ack(void **state)
{
	struct tcp_h *h = *state;
	char buf[8];

	tcp_fixture_established();
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN,
				      .seq = h->snd_nxt + 10,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
	assert_int_equal(vn_sock_error(h->s), 0);
	send_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->snd_nxt, h->rcv_nxt, "ok", 2);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 2);
}

/* The exact RST on an accepted connection: ECONNRESET once, then reads
 * give EOF and writes EPIPE, as on Linux. */
static void test_tcp_established_exact_rst_econnreset(void **state)
{
	struct tcp_h *h = *state;
	char buf[8];

	tcp_fixture_established_passive();
	send_seg(VN_TCP_RST | VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt, NULL, 0);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	assert_true(vn_sock_poll(h->s) & VN_POLLERR);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), -ECONNRESET);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 0);
	assert_int_equal(vn_sock_send(h->s, "x", 1, 0), -EPIPE);
}

/* --- FIN-WAIT-1 ------------------------------------------------------------------ */

/* RFC 9293 3.10.7.4 eighth: a FIN that also acknowledges ours goes
 * straight to TIME-WAIT, ACKed at once; the 2MSL timer is 60 s. */
static void test_tcp_fin_wait1_fin_ack_to_time_wait(void **state)
{
	struct tcp_h *h = *state;
	char buf[4];

	tcp_fixture_fin_wait1();
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt + 1, NULL,
		 0);
	h->snd_nxt++;
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	assert_int_equal(vn_sock_error(h->s), 0);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 0);
	expect_tw_entry(VN_TCP_TIME_WAIT, 60 * SEC);
	assert_int_equal(stats()->tcpext_tw, 1);
}

/* Our FIN is retransmitted on RTO (204 ms after a ~0 RTT), doubling. */
static void test_tcp_fin_wait1_fin_retransmitted_on_rto(void **state)
{
	struct tcp_h *h = *state;
	struct vn_tcp_info i;
	struct got_seg g;
	int64_t t0;

	tcp_fixture_fin_wait1();
	t0 = h_now();
	assert_true(conn_entry(&i));
	assert_int_equal(i.timer, VN_TCP_TIMER_ON);
	assert_int_equal(i.timer_ns, 204 * MS);
	h_run(700 * MS);
	g = expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.at - t0, 204 * MS);
	g = expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.at - t0, (204 + 408) * MS);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_FIN_WAIT1);
	/* The ACK of the FIN stops it. */
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	assert_int_equal(h_state(h->s), VN_TCP_FIN_WAIT2);
	h_run(10 * SEC);
	expect_none();
}

/* RFC 9293 3.10.7.4 seventh: FIN-WAIT-1 and -2 still take the peer's
 * data after shutdown(SHUT_WR) (a half-close). */
static void test_tcp_fin_wait1_data_received(void **state)
{
	struct tcp_h *h = *state;
	char buf[8];

	tcp_fixture_fin_wait1();
	send_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->snd_nxt, h->rcv_nxt, "more", 4);
	h->snd_nxt += 4;
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_FIN_WAIT1);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 4);
	assert_memory_equal(buf, "more", 4);
	/* The FIN is still unacknowledged and still resent. */
	h_run(300 * MS);
	expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
}

/* --- FIN-WAIT-2 ------------------------------------------------------------------ */

/* After shutdown() (not close()) FIN-WAIT-2 has no timer: the peer may
 * send for as long as it likes (Linux arms fin_timeout only on orphans). */
static void test_tcp_fin_wait2_not_orphan_waits(void **state)
{
	struct tcp_h *h = *state;
	struct vn_tcp_info i;
	char buf[8];

	tcp_fixture_fin_wait2();
	assert_true(conn_entry(&i));
	assert_int_equal(i.timer, VN_TCP_TIMER_NONE);
	h_run(600 * SEC);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_FIN_WAIT2);
	send_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->snd_nxt, h->rcv_nxt + 1, "late",
		 4);
	h->snd_nxt += 4;
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 4);
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt + 1, NULL,
		 0);
	h->snd_nxt++;
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	expect_tw_entry(VN_TCP_TIME_WAIT, 60 * SEC);
}

/* net.ipv4.tcp_fin_timeout = 10: the orphan waits 10 s for the FIN. */
static void test_tcp_fin_wait2_orphan_fin_timeout_sysctl(void **state)
{
	struct tcp_h *h = *state;

	vn_tcp_conf_set(&h->a->inet, VN_TCP_VAR_FIN_TIMEOUT, 0, 10 * SEC);
	tcp_fixture_fin_wait2();
	vn_sock_close(h->s);
	h->s = NULL;
	expect_none();
	expect_tw_entry(VN_TCP_FIN_WAIT2, 10 * SEC);
	h_run(10 * SEC - 1);
	expect_tw_entry(VN_TCP_FIN_WAIT2, 1);
	h_run(1);
	expect_none();	/* it goes silently */
	expect_tuple_gone(h->snd_nxt, h->rcv_nxt + 1);
}

/*
 * A negative tcp_fin_timeout, which Linux takes: tcp_fin_time() makes it
 * 3.5 RTO, so the orphan still waits a while for the FIN.
 */
static void test_tcp_fin_wait2_orphan_negative_fin_timeout(void **state)
{
	struct tcp_h *h = *state;
	struct vn_tcp_info i;
	int64_t wait;

	vn_tcp_conf_set(&h->a->inet, VN_TCP_VAR_FIN_TIMEOUT, 0, -5 * SEC);
	tcp_fixture_fin_wait2();
	assert_true(conn_entry(&i));
	wait = (int64_t)i.rto_us * 1000 * 7 / 2;
	assert_true(wait > 0);
	vn_sock_close(h->s);
	h->s = NULL;
	expect_none();
	expect_tw_entry(VN_TCP_FIN_WAIT2, wait);
	h_run(wait - 1);
	expect_tw_entry(VN_TCP_FIN_WAIT2, 1);
	h_run(1);
	expect_none();
	expect_tuple_gone(h->snd_nxt, h->rcv_nxt + 1);
}

/*
 * tcp_fin_timeout above TCP_TIMEWAIT_LEN: Linux keeps the full socket for
 * the excess (tcp_close() arms the keepalive timer for fin_timeout - 60
 * s), and then tcp_keepalive_timer() makes a FIN-WAIT-2 remnant for
 * fin_timeout - 60 s again, not 60 s: with 90 s the orphan lives 60 s.
 */
static void test_tcp_fin_wait2_orphan_long_fin_timeout(void **state)
{
	struct tcp_h *h = *state;
	struct vn_tcp_info i;

	vn_tcp_conf_set(&h->a->inet, VN_TCP_VAR_FIN_TIMEOUT, 0, 90 * SEC);
	tcp_fixture_fin_wait2();
	vn_sock_close(h->s);
	h->s = NULL;
	h_run(29 * SEC);
	assert_true(conn_entry(&i));
	assert_true(i.full);
	assert_int_equal(i.state, VN_TCP_FIN_WAIT2);
	assert_int_equal(i.timer, VN_TCP_TIMER_KEEPALIVE);
	assert_int_equal(i.timer_ns, 1 * SEC);
	h_run(2 * SEC);
	expect_none();
	expect_tw_entry(VN_TCP_FIN_WAIT2, 29 * SEC);
	h_run(29 * SEC);
	expect_none();
	expect_tuple_gone(h->snd_nxt, h->rcv_nxt + 1);
}

/* --- CLOSE-WAIT and LAST-ACK ------------------------------------------------------ */

/* RFC 9293 3.10.4: CLOSE in CLOSE-WAIT sends the FIN, LAST-ACK; its ACK
 * ends the connection without an error. */
static void test_tcp_close_wait_shutdown_to_last_ack(void **state)
{
	struct tcp_h *h = *state;
	struct vn_tcp_info i;

	tcp_fixture_close_wait();
	assert_int_equal(vn_sock_shutdown(h->s, VN_SHUT_WR), 0);
	h_settle();
	expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_LAST_ACK);
	assert_true(conn_entry(&i));
	assert_int_equal(i.timer, VN_TCP_TIMER_ON);
	/* An ACK that does not cover the FIN changes nothing. */
	send_ack(h->snd_nxt, h->rcv_nxt);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_LAST_ACK);
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	assert_int_equal(vn_sock_error(h->s), 0);
	/* No TIME-WAIT on this side. */
	vn_sock_close(h->s);
	h->s = NULL;
	expect_tuple_gone(h->snd_nxt, h->rcv_nxt + 1);
}

/* tcp_reset(): a RST after the peer's FIN is EPIPE, not ECONNRESET. */
static void test_tcp_close_wait_rst_gives_epipe(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_close_wait();
	send_seg(VN_TCP_RST, h->snd_nxt, 0, NULL, 0);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	assert_int_equal(vn_sock_error(h->s), -EPIPE);
}

/* tcp_reset_check(): after the peer's FIN, a RST at the FIN's own
 * sequence (rcv_nxt - 1) resets too, though it is left of the window. */
static void test_tcp_close_wait_rst_at_fin_seq_resets(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_close_wait();
	send_seg(VN_TCP_RST, h->snd_nxt - 1, 0, NULL, 0);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	assert_int_equal(vn_sock_error(h->s), -EPIPE);
}

/* LAST-ACK: the FIN is retransmitted on RTO until ACKed; the ACK frees
 * the orphan. */
static void test_tcp_last_ack_fin_retransmitted_on_rto(void **state)
{
	struct tcp_h *h = *state;
	struct got_seg g;
	int64_t t0;

	tcp_fixture_close_wait();
	vn_sock_close(h->s);
	h->s = NULL;
	h_settle();
	t0 = h_now();
	expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	h_run(700 * MS);
	g = expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.at - t0, 204 * MS);
	g = expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.at - t0, (204 + 408) * MS);
	expect_none();
	assert_true(conn_entry(NULL));
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	expect_none();
	expect_tuple_gone(h->snd_nxt, h->rcv_nxt + 1);
}

/*
 * An orphan in LAST-ACK whose FIN is never acknowledged: tcp_orphan_retries
 * 0 means 8 (tcp_orphan_retries()), so 8 retransmissions 204 ms << k
 * apart; the timer after them finds Linux's model time (511 x 200 ms)
 * exceeded and the socket goes without a RST (tcp_write_err()).
 */
static void test_tcp_last_ack_orphan_gives_up_after_8_retries(void **state)
{
	struct tcp_h *h = *state;
	int64_t t0, at = 0, gap = 204 * MS;
	struct got_seg g;

	tcp_fixture_close_wait();
	vn_sock_close(h->s);
	h->s = NULL;
	h_settle();
	t0 = h_now();
	expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	h_run(300 * SEC);
	for (int k = 0; k < 8; k++) {
		g = expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt,
			       h->snd_nxt);
		at += gap;
		gap *= 2;
		assert_int_equal(g.at - t0, at);
	}
	expect_none();
	expect_tuple_gone(h->snd_nxt, h->rcv_nxt + 1);
	assert_int_equal(stats()->tcpext_abort_on_timeout, 1);
}

/* --- CLOSING --------------------------------------------------------------------- */

/* RFC 9293 3.10.7.4: in CLOSING the ACK of our FIN enters TIME-WAIT,
 * which lasts 60 s. */
static void test_tcp_closing_ack_to_time_wait(void **state)
{
	struct tcp_h *h = *state;

	closing();
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
	expect_tw_entry(VN_TCP_TIME_WAIT, 60 * SEC);
	h_run(60 * SEC);
	expect_none();
	expect_tuple_gone(h->snd_nxt, h->rcv_nxt + 1);
}

/* CLOSING: our FIN is still retransmitted on RTO. */
static void test_tcp_closing_fin_retransmitted_on_rto(void **state)
{
	struct tcp_h *h = *state;
	int64_t t0;

	closing();
	t0 = h_now();
	h_run(300 * MS);
	assert_true(expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt,
			       h->snd_nxt).at - t0 <= 204 * MS);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_CLOSING);
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	expect_tw_entry(VN_TCP_TIME_WAIT, 60 * SEC);
}

/* --- TIME-WAIT (tcp_timewait_state_process()) ------------------------------------- */

/* 2MSL is TCP_TIMEWAIT_LEN, 60 s; then the 4-tuple is free. */
static void test_tcp_time_wait_lasts_60s(void **state)
{
	struct tcp_h *h = *state;

	time_wait_passive();
	h_run(60 * SEC - 1);
	expect_tw_entry(VN_TCP_TIME_WAIT, 1);
	h_run(1);
	expect_none();
	assert_false(conn_entry(NULL));
	/* The listener answers the old 4-tuple's ACK (RFC 9293 3.10.7.2). */
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	expect_seg(VN_TCP_RST, h->rcv_nxt + 1, 0);
}

/* A retransmitted FIN is ACKed and puts the 60 s back (RFC 9293
 * 3.10.7.4: "restart the 2 MSL timeout"). */
static void test_tcp_time_wait_fin_retransmit_restarts_timer(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_time_wait();
	h_run(30 * SEC);
	expect_tw_entry(VN_TCP_TIME_WAIT, 30 * SEC);
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt - 1, h->rcv_nxt + 1,
		 NULL, 0);
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	expect_tw_entry(VN_TCP_TIME_WAIT, 60 * SEC);
}

/*
 * RFC 6191 / RFC 1122 4.2.2.13: a SYN above rcv_nxt reopens the 4-tuple
 * from TIME-WAIT; Linux's ISN for it is the old snd_nxt + 65535 + 2.
 */
static void test_tcp_time_wait_syn_higher_seq_reuses(void **state)
{
	struct tcp_h *h = *state;
	vn_seq nsyn;
	struct got_seg g;

	time_wait_passive();
	h_run(1 * SEC);
	nsyn = h->snd_nxt + 100000;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = nsyn,
				      .opts = peer_syn_opts() });
	g = expect_seg(VN_TCP_SYN | VN_TCP_ACK_F, h->rcv_nxt + 1 + 65535 + 2,
		       nsyn + 1);
	expect_none();
	send_ack(nsyn + 1, g.seq + 1);
	assert_int_equal(vn_sock_accept(h->l, &h->s), 0);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
}

/* RFC 6191: a lower sequence number with a newer timestamp reuses too. */
static void test_tcp_time_wait_syn_newer_timestamp_reuses(void **state)
{
	struct tcp_h *h = *state;
	vn_seq nsyn;
	struct got_seg g;

	time_wait_passive();
	h_run(1 * SEC);		/* the peer's TS clock moves 1000 */
	nsyn = h->snd_nxt - 100000;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = nsyn,
				      .opts = peer_syn_opts() });
	g = expect_seg(VN_TCP_SYN | VN_TCP_ACK_F, h->rcv_nxt + 1 + 65535 + 2,
		       nsyn + 1);
	send_ack(nsyn + 1, g.seq + 1);
	assert_int_equal(vn_sock_accept(h->l, &h->s), 0);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
}

/* An old SYN (lower seq, no newer timestamp) is an old duplicate: the
 * TIME-WAIT ACK answers it and the 4-tuple stays (TCP_TW_ACK). */
static void test_tcp_time_wait_old_syn_gets_ack(void **state)
{
	struct tcp_h *h = *state;

	time_wait_passive();
	h_run(10 * SEC);
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN,
				      .seq = h->snd_nxt - 100000,
				      .ts_set = true,
				      .ts_val = PEER_TS0, .ts_ecr = 0,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	expect_none();
	assert_int_equal(vn_sock_accept(h->l, &h->s), -EAGAIN);
	/* An ACK-less SYN does not restart the timer. */
	expect_tw_entry(VN_TCP_TIME_WAIT, 50 * SEC);
}

/* With no listener, even a newer SYN only gets the TIME-WAIT ACK. */
static void test_tcp_time_wait_syn_without_listener_gets_ack(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_time_wait();
	h_run(1 * SEC);
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN,
				      .seq = h->snd_nxt + 100000,
				      .opts = peer_syn_opts() });
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	expect_none();
	assert_true(conn_entry(NULL));
}

/* Only a RST at exactly rcv_nxt kills TIME-WAIT; others are ignored. */
static void test_tcp_time_wait_rst_not_exact_ignored(void **state)
{
	struct tcp_h *h = *state;

	tcp_fixture_time_wait();
	h_run(5 * SEC);
	send_seg(VN_TCP_RST, h->snd_nxt + 10, 0, NULL, 0);
	send_seg(VN_TCP_RST | VN_TCP_ACK_F, h->snd_nxt - 1, h->rcv_nxt + 1,
		 NULL, 0);
	expect_none();
	expect_tw_entry(VN_TCP_TIME_WAIT, 55 * SEC);
}

/* net.ipv4.tcp_rfc1337 = 1: no TIME-WAIT assassination (RFC 1337). */
static void test_tcp_time_wait_rfc1337_ignores_rst(void **state)
{
	struct tcp_h *h = *state;

	vn_tcp_conf_set(&h->a->inet, VN_TCP_VAR_RFC1337, 0, 1);
	tcp_fixture_time_wait();
	h_run(5 * SEC);
	send_seg(VN_TCP_RST, h->snd_nxt, 0, NULL, 0);
	send_seg(VN_TCP_RST | VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt + 1, NULL,
		 0);
	expect_none();
	/* Still there, and the RST did not restart the 60 s. */
	expect_tw_entry(VN_TCP_TIME_WAIT, 55 * SEC);
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt - 1, h->rcv_nxt + 1,
		 NULL, 0);
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	h_run(60 * SEC);
	expect_tuple_gone(h->snd_nxt, h->rcv_nxt + 1);
}

/* --- RFC 6528 initial sequence numbers -------------------------------------------- */

/*
 * Not within 2^16 of each other, either way: ISNs taken at one instant
 * that a clock-plus-counter or clock-plus-port scheme would put close.
 * (Keyed-hash ISNs land that close with odds of 2^-15 per pair; the
 * engine's seed is fixed, so the result is too.)
 */
static bool isn_unrelated(vn_seq a, vn_seq b)
{
	return (uint32_t)(a - b + (1u << 16)) > (2u << 16);
}

/*
 * ISN = F(4-tuple, secret) + M: at the same instant, connections that
 * differ in one port get ISNs that say nothing about each other.
 */
static void test_tcp_isn_per_tuple_unrelated(void **state)
{
	struct vn_sock *s[6];
	vn_seq isn[6];
	bool same_gap = true;
	struct got_seg g;
	vn_seq p[4];

	(void)state;
	for (int i = 0; i < 6; i++)
		isn[i] = syn_sent_from(&s[i], (uint16_t)(5001 + i));
	for (int i = 0; i < 6; i++) {
		for (int j = i + 1; j < 6; j++)
			assert_true(isn_unrelated(isn[i], isn[j]));
		if (i >= 2 && isn[i] - isn[i - 1] != isn[1] - isn[0])
			same_gap = false;
	}
	assert_false(same_gap);
	for (int i = 0; i < 6; i++)
		vn_sock_close(s[i]);
	/* The same for the SYN-ACKs of a listener, peer ports 4000-4003. */
	tcp_fixture_listen(16);
	for (int i = 0; i < 4; i++) {
		send_spec(&(struct seg_spec){
			.flags = VN_TCP_SYN, .seq = PEER_ISN,
			.sport = (uint16_t)(PEER_PORT + i),
			.opts = peer_syn_opts() });
		assert_true(next_seg(&g));
		assert_int_equal(g.flags, VN_TCP_SYN | VN_TCP_ACK_F);
		p[i] = g.seq;
	}
	for (int i = 0; i < 4; i++) {
		for (int j = i + 1; j < 4; j++)
			assert_true(isn_unrelated(p[i], p[j]));
		for (int j = 0; j < 6; j++)
			assert_true(isn_unrelated(p[i], isn[j]));
	}
	assert_false(p[1] - p[0] == p[2] - p[1] && p[2] - p[1] == p[3] - p[2]);
}

/*
 * The same 4-tuple's ISN follows the clock M, one per 64 ns (Linux's
 * ktime_get_ns() >> 6): exactly (t1 >> 6) - (t0 >> 6) apart, so a new
 * incarnation starts above the old one's sequence space.
 */
static void test_tcp_isn_same_tuple_grows_with_time(void **state)
{
	static const int64_t steps[] = { 1 * SEC, 64, 63, 1000, 137 * SEC };
	struct vn_sock *s;
	int64_t t0 = h_now(), t1;
	vn_seq isn0, isn1;

	(void)state;
	isn0 = syn_sent_from(&s, 5555);
	vn_sock_close(s);
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		h_run(steps[i]);
		t1 = h_now();
		isn1 = syn_sent_from(&s, 5555);
		vn_sock_close(s);
		assert_int_equal(isn1 - isn0,
				 (uint32_t)((t1 >> 6) - (t0 >> 6)));
		isn0 = isn1;
		t0 = t1;
	}
	expect_none();
}

/* --- sequence numbers and timestamps across 2^32 ---------------------------------- */

/* The peer's ISN is 256 below 2^32: data, a hole and SACK across 0. */
static void test_tcp_established_receive_across_seq_wrap(void **state)
{
	struct tcp_h *h = *state;
	static uint8_t data[1150], got[1200];
	vn_seq base;
	struct got_seg g;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3);
	established_with(0xffffff00u, PEER_TS0);
	base = h->snd_nxt;
	assert_int_equal(base, 0xffffff01u);
	send_seg(VN_TCP_ACK_F, base, h->rcv_nxt, data, 1000);
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt, base + 1000);
	assert_int_equal(base + 1000, 0x2e9);
	/* A hole of 100 beyond the wrap: a SACK block past 0. */
	send_seg(VN_TCP_ACK_F, base + 1100, h->rcv_nxt, data + 1100, 50);
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt, base + 1000);
	assert_int_equal(g.opt.n_sack, 1);
	assert_int_equal(g.opt.sack[0].start, base + 1100);
	assert_int_equal(g.opt.sack[0].end, base + 1150);
	/* Old data from before the wrap: a D-SACK below 2^32. */
	send_seg(VN_TCP_ACK_F, base, h->rcv_nxt, data, 200);
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt, base + 1000);
	assert_true(g.opt.n_sack >= 1);
	assert_int_equal(g.opt.sack[0].start, base);
	assert_int_equal(g.opt.sack[0].end, base + 200);
	send_seg(VN_TCP_ACK_F, base + 1000, h->rcv_nxt, data + 1000, 100);
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt, base + 1150);
	assert_int_equal(g.opt.n_sack, 0);
	assert_int_equal(vn_sock_recv(h->s, got, sizeof(got), 0), 1150);
	assert_memory_equal(got, data, 1150);
}

/*
 * Our ISN 1000 below 2^32 (the clock moved until the 4-tuple's ISN got
 * there): segments, ACKs and a retransmission across 0.
 */
static void test_tcp_established_send_across_seq_wrap(void **state)
{
	struct tcp_h *h = *state;
	static uint8_t data[3000];
	const vn_seq want = 0xfffffc18u;
	struct vn_tcp_info i;
	struct vn_sock *s;
	struct got_seg g;
	uint32_t ticks;
	vn_seq isn0;

	for (size_t k = 0; k < sizeof(data); k++)
		data[k] = (uint8_t)(k * 13 + 1);
	isn0 = syn_sent_from(&s, 6000);
	vn_sock_close(s);
	ticks = want - isn0;
	h_run((int64_t)ticks << 6);
	h->iss = syn_sent_from(&h->s, 6000);
	assert_int_equal(h->iss, want);
	h->lport = 6000;
	h->rcv_nxt = h->iss + 1;
	h->irs = PEER_ISN;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN | VN_TCP_ACK_F,
				      .seq = h->irs, .ack = h->rcv_nxt,
				      .win = 65160, .win_set = true,
				      .opts = peer_syn_opts() });
	h->snd_nxt = h->irs + 1;
	expect_seg(VN_TCP_ACK_F, h->iss + 1, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
	/* The peer's window: 65160 bytes after the handshake. */
	send_ack(h->snd_nxt, h->rcv_nxt);
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_NODELAY, 1), 0);
	assert_int_equal(vn_sock_send(h->s, data, sizeof(data), 0), 3000);
	h_settle();
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.len, 1448);	/* 0xfffffc19 .. 0x1c0 */
	assert_memory_equal(g.data, data, 1448);
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1448, h->snd_nxt);
	assert_int_equal(g.seq, 0x1c1);
	assert_memory_equal(g.data, data + 1448, 1448);
	g = expect_seg(VN_TCP_ACK_F | VN_TCP_PSH, h->rcv_nxt + 2896,
		       h->snd_nxt);
	assert_int_equal(g.len, 104);
	expect_none();
	/* The first ACKed: snd_una passes 0. */
	send_ack(h->snd_nxt, h->rcv_nxt + 1448);
	assert_true(conn_entry(&i));
	assert_int_equal(i.wq, 3000 - 1448);
	/* The rest is lost: the RTO resends from 0x1c1. */
	h_run(1 * SEC);
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1448, h->snd_nxt);
	assert_int_equal(g.len, 1448);
	assert_memory_equal(g.data, data + 1448, 1448);
	while (next_seg(&g))
		;
	send_ack(h->snd_nxt, h->rcv_nxt + 3000);
	assert_true(conn_entry(&i));
	assert_int_equal(i.wq, 0);
	assert_int_equal(i.timer, VN_TCP_TIMER_NONE);
	h_run(10 * SEC);
	expect_none();
}

/*
 * RFC 7323 5.3: timestamps are compared modulo 2^32, so a TSval that
 * wrapped (0x5 after 0xfffffff0) is newer and accepted and echoed, and
 * 0xfffffff8 after it is older: PAWS drops it with a duplicate ACK.
 */
static void test_tcp_established_paws_across_ts_wrap(void **state)
{
	struct tcp_h *h = *state;
	struct got_seg g;
	char buf[8];

	established_with(PEER_ISN, 0xfffffff0u);
	send_spec(&(struct seg_spec){ .flags = VN_TCP_ACK_F | VN_TCP_PSH,
				      .seq = h->snd_nxt, .ack = h->rcv_nxt,
				      .data = "a", .len = 1, .ts_set = true,
				      .ts_val = 5, .ts_ecr = h->last_tsval });
	h->snd_nxt++;
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.opt.ts_ecr, 5);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 1);
	send_spec(&(struct seg_spec){ .flags = VN_TCP_ACK_F | VN_TCP_PSH,
				      .seq = h->snd_nxt, .ack = h->rcv_nxt,
				      .data = "b", .len = 1, .ts_set = true,
				      .ts_val = 0xfffffff8u,
				      .ts_ecr = h->last_tsval });
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.opt.ts_ecr, 5);
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), -EAGAIN);
	assert_int_equal(stats()->tcpext_paws_estab, 1);
	assert_int_equal(drops_of(VN_DROP_TCP_PAWS), 1);
	h_run(1 * SEC);		/* past the dupack rate limit */
	send_spec(&(struct seg_spec){ .flags = VN_TCP_ACK_F | VN_TCP_PSH,
				      .seq = h->snd_nxt, .ack = h->rcv_nxt,
				      .data = "c", .len = 1, .ts_set = true,
				      .ts_val = 6, .ts_ecr = h->last_tsval });
	h->snd_nxt++;
	assert_int_equal(vn_sock_recv(h->s, buf, sizeof(buf), 0), 1);
	assert_int_equal(buf[0], 'c');
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, h_setup, h_teardown)
		T(test_tcp_listen_synack_gets_rst),
		T(test_tcp_syn_sent_synack_ack_of_iss_gets_rst),
		T(test_tcp_syn_sent_rst_bad_ack_ignored),
		T(test_tcp_syn_sent_ack_without_syn_dropped),
		T(test_tcp_syn_sent_close_sends_nothing),
		T(test_tcp_syn_recv_active_ack_establishes),
		T(test_tcp_syn_recv_active_rst_resets),
		T(test_tcp_syn_recv_active_bad_ack_gets_rst),
		T(test_tcp_syn_recv_passive_rst_returns_to_listen),
		T(test_tcp_established_syn_in_window_challenge_ack),
		T(test_tcp_established_exact_rst_econnreset),
		T(test_tcp_fin_wait1_fin_ack_to_time_wait),
		T(test_tcp_fin_wait1_fin_retransmitted_on_rto),
		T(test_tcp_fin_wait1_data_received),
		T(test_tcp_fin_wait2_not_orphan_waits),
		T(test_tcp_fin_wait2_orphan_fin_timeout_sysctl),
		T(test_tcp_fin_wait2_orphan_long_fin_timeout),
		T(test_tcp_fin_wait2_orphan_negative_fin_timeout),
		T(test_tcp_close_wait_shutdown_to_last_ack),
		T(test_tcp_close_wait_rst_gives_epipe),
		T(test_tcp_close_wait_rst_at_fin_seq_resets),
		T(test_tcp_last_ack_fin_retransmitted_on_rto),
		T(test_tcp_last_ack_orphan_gives_up_after_8_retries),
		T(test_tcp_closing_ack_to_time_wait),
		T(test_tcp_closing_fin_retransmitted_on_rto),
		T(test_tcp_time_wait_lasts_60s),
		T(test_tcp_time_wait_fin_retransmit_restarts_timer),
		T(test_tcp_time_wait_syn_higher_seq_reuses),
		T(test_tcp_time_wait_syn_newer_timestamp_reuses),
		T(test_tcp_time_wait_old_syn_gets_ack),
		T(test_tcp_time_wait_syn_without_listener_gets_ack),
		T(test_tcp_time_wait_rst_not_exact_ignored),
		T(test_tcp_time_wait_rfc1337_ignores_rst),
		T(test_tcp_isn_per_tuple_unrelated),
		T(test_tcp_isn_same_tuple_grows_with_time),
		T(test_tcp_established_receive_across_seq_wrap),
		T(test_tcp_established_send_across_seq_wrap),
		T(test_tcp_established_paws_across_ts_wrap),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
