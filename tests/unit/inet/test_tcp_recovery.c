// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_tcp_recovery.c - segment-level tests of what the
 * lossy-link scenarios (tests/scenarios/tcp/) exposed: data segments that
 * carry SACK blocks still fit the path MTU (tcp_current_mss()), and ACKs
 * the network duplicated are no RFC 6675 DupAcks.  The test plays the
 * peer (test_tcp_harness.h).
 */
#include "test_tcp_harness.h"

/* The peer's ACK of @ack with one SACK block [@s, @e). */
static void send_sack(vn_seq ack, vn_seq s, vn_seq e)
{
	struct vn_tcp_sack_block blk = { s, e };

	send_spec(&(struct seg_spec){ .flags = VN_TCP_ACK_F, .seq = H->snd_nxt,
				      .ack = ack,
				      .opts = { .sack = &blk, .n_sack = 1 } });
}

/*
 * Both ends sending, a hole in what a received: a's data segments carry
 * a SACK block (12 more option bytes), so they carry 12 bytes less data
 * and the packet stays within 1500 bytes.
 */
static void test_tcp_established_sack_on_data_fits_mtu(void **state)
{
	struct tcp_h *h = *state;
	static uint8_t data[4000];
	struct got_seg g;
	uint32_t total = 0;

	tcp_fixture_established();
	/* Out of order from the peer: a answers at once with a SACK. */
	send_seg(VN_TCP_ACK_F, h->snd_nxt + 100, h->rcv_nxt, "later", 5);
	g = expect_seg(VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(g.opt.n_sack, 1);
	assert_int_equal(vn_sock_setopt(h->s, VN_TCP_NODELAY, 1), 0);
	assert_int_equal(vn_sock_send(h->s, data, sizeof(data), 0),
			 (ssize_t)sizeof(data));
	h_settle();
	while (next_seg(&g)) {
		assert_int_equal(g.opt.n_sack, 1);
		assert_true(VN_IPV4_HLEN + VN_TCP_HLEN + g.optlen + g.len <= 1500);
		assert_int_equal(g.seq, h->rcv_nxt + total);
		total += g.len;
	}
	/* 1448 - 12 per full segment. */
	assert_int_equal(total, sizeof(data));
	assert_int_equal(stats()->tcp_retrans_segs, 0);
}

/*
 * Five copies of one ACK with the same SACK block: only the first tells
 * anything new, so there is one DupAck, not five, and no fast retransmit;
 * ACKs that SACK new data then start recovery as usual.
 */
static void test_tcp_established_duplicated_acks_no_fast_retransmit(void **state)
{
	struct tcp_h *h = *state;
	static uint8_t data[10 * 1448];
	vn_seq una;
	struct got_seg g;

	tcp_fixture_established();
	una = h->rcv_nxt;
	assert_int_equal(vn_sock_send(h->s, data, sizeof(data), 0),
			 (ssize_t)sizeof(data));
	h_settle();
	for (int i = 0; i < 10; i++)
		expect_seg(VN_TCP_ACK_F | (i == 9 ? VN_TCP_PSH : 0),
			   una + (uint32_t)i * 1448, h->snd_nxt);
	for (int i = 0; i < 5; i++)
		send_sack(una, una + 1448, una + 2 * 1448);
	expect_none();
	assert_int_equal(stats()->tcpext_sack_recovery, 0);
	/* Two more segments SACKed, one ACK each: DupThresh reached. */
	send_sack(una, una + 1448, una + 3 * 1448);
	send_sack(una, una + 1448, una + 4 * 1448);
	assert_true(next_seg(&g));
	assert_int_equal(g.seq, una);
	assert_int_equal(g.len, 1448);
	assert_int_equal(stats()->tcpext_sack_recovery, 1);
	assert_int_equal(stats()->tcpext_fast_retrans, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, h_setup, h_teardown)
		T(test_tcp_established_sack_on_data_fits_mtu),
		T(test_tcp_established_duplicated_acks_no_fast_retransmit),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
