// SPDX-License-Identifier: MIT
/*
 * inet/tcp_cong.c - congestion control: the common slow start and
 * additive increase (RFC 5681), NewReno's window (RFC 5681, 6582), and
 * CUBIC (RFC 9438), Linux's default, as net/ipv4/tcp_cubic.c computes
 * it: the cubic curve in 2^-10 s units, fast convergence, the
 * Reno-friendly region, and HyStart (ACK trains and delay increase) to
 * leave slow start early.
 *
 * Windows are counted in segments, as Linux counts them; the time base
 * is the engine's clock, so with virtual time a 200 ms link grows the
 * window exactly as a real one would, run after run.
 */
#include "inet/tcp_priv.h"

/* --- common (tcp_cong.c) ------------------------------------------------- */

#define CWND_CLAMP 0xfffffu

static bool in_slow_start(const struct vn_tcp_sock *tp)
{
	return tp->cwnd < tp->ssthresh;
}

/* tcp_slow_start(): one segment per segment acknowledged. */
uint32_t vn_tcp_slow_start(struct vn_tcp_sock *tp, uint32_t acked)
{
	uint32_t cwnd = VN_MIN(tp->cwnd + acked, tp->ssthresh);

	acked -= cwnd - tp->cwnd;
	tp->cwnd = VN_MIN(cwnd, CWND_CLAMP);
	return acked;
}

/* tcp_cong_avoid_ai(): one segment per @w segments acknowledged. */
void vn_tcp_cong_avoid_ai(struct vn_tcp_sock *tp, uint32_t w, uint32_t acked)
{
	if (tp->cwnd_cnt >= w) {
		tp->cwnd_cnt = 0;
		tp->cwnd++;
	}
	tp->cwnd_cnt += acked;
	if (tp->cwnd_cnt >= w) {
		uint32_t delta = tp->cwnd_cnt / w;

		tp->cwnd_cnt -= delta * w;
		tp->cwnd += delta;
	}
	tp->cwnd = VN_MIN(tp->cwnd, CWND_CLAMP);
}

/* tcp_is_cwnd_limited(): only a window that is used may grow. */
bool vn_tcp_is_cwnd_limited(const struct vn_tcp_sock *tp)
{
	if (tp->is_cwnd_limited)
		return true;
	if (in_slow_start(tp))
		return tp->cwnd < 2 * tp->max_packets_out;
	return false;
}

/* tcp_cwnd_restart(): RFC 5681 4.1, after an idle period longer than RTO. */
void vn_tcp_cwnd_restart(struct vn_tcp_sock *tp, vn_time now)
{
	vn_time delta = now - tp->lsndtime;
	uint32_t restart = VN_MIN((uint32_t)TCP_INIT_CWND, tp->cwnd);
	uint32_t cwnd = tp->cwnd;

	if (tp->ca_state != TCP_CA_RECOVERY)
		tp->ssthresh = VN_MAX(tp->ssthresh, (cwnd >> 1) + (cwnd >> 2));
	while ((delta -= tp->rto) > 0 && cwnd > restart)
		cwnd >>= 1;
	tp->cwnd = VN_MAX(cwnd, restart);
}

/* --- NewReno (tcp_cong.c's tcp_reno_*) ------------------------------------- */

static void reno_init(struct vn_tcp_sock *tp)
{
	(void)tp;
}

static uint32_t reno_ssthresh(struct vn_tcp_sock *tp)
{
	return VN_MAX(tp->cwnd >> 1, 2u);
}

static void reno_cong_avoid(struct vn_tcp_sock *tp, uint32_t acked)
{
	if (in_slow_start(tp)) {
		acked = vn_tcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	vn_tcp_cong_avoid_ai(tp, tp->cwnd, acked);
}

static void reno_pkts_acked(struct vn_tcp_sock *tp, uint32_t acked,
			    int64_t rtt_us)
{
	(void)tp;
	(void)acked;
	(void)rtt_us;
}

static void reno_nop(struct vn_tcp_sock *tp)
{
	(void)tp;
}

const struct tcp_cong_ops vn_tcp_reno_ops = {
	.name = "reno",
	.init = reno_init,
	.ssthresh = reno_ssthresh,
	.cong_avoid = reno_cong_avoid,
	.pkts_acked = reno_pkts_acked,
	.tx_start = reno_nop,
	.on_loss = reno_nop,
};

/* --- CUBIC (tcp_cubic.c) ----------------------------------------------------- */

#define BICTCP_BETA_SCALE 1024
#define BICTCP_HZ 10
#define CUBIC_BETA 717			/* 0.7 * 1024 (RFC 9438 4.6) */
#define CUBIC_BIC_SCALE 41
#define CUBE_RTT_SCALE (CUBIC_BIC_SCALE * 10)
/* 8 * (1024 + beta) / 3 / (1024 - beta): the Reno-friendly slope. */
#define BETA_SCALE (8 * (BICTCP_BETA_SCALE + CUBIC_BETA) / 3 / \
		    (BICTCP_BETA_SCALE - CUBIC_BETA))
#define CUBE_FACTOR ((1ull << (10 + 3 * BICTCP_HZ)) / CUBE_RTT_SCALE)
#define HYSTART_LOW_WINDOW 16
#define HYSTART_ACK_DELTA_US 2000
#define HYSTART_MIN_SAMPLES 8
#define HYSTART_DELAY_MIN 4000u
#define HYSTART_DELAY_MAX 16000u

static int64_t clock_ms(const struct vn_tcp_sock *tp)
{
	return tcp_now(tp) / VN_MSEC;
}

static int64_t clock_us(const struct vn_tcp_sock *tp)
{
	return tcp_now(tp) / VN_USEC;
}

/* The integer cube root (Linux's cubic_root() approximates it). */
static uint32_t cube_root(uint64_t a)
{
	uint64_t lo = 0, hi = 2642245;	/* cbrt(2^64) */

	while (lo < hi) {
		uint64_t mid = (lo + hi + 1) / 2;

		if (mid * mid * mid <= a)
			lo = mid;
		else
			hi = mid - 1;
	}
	return (uint32_t)lo;
}

static void hystart_reset(struct vn_tcp_sock *tp)
{
	struct tcp_cubic *ca = &tp->cubic;

	ca->round_start = ca->last_ack = clock_us(tp);
	ca->end_seq = tp->snd_nxt;
	ca->curr_rtt = ~0u;
	ca->sample_cnt = 0;
}

static void cubic_reset(struct vn_tcp_sock *tp)
{
	memset(&tp->cubic, 0, sizeof(tp->cubic));
}

static void cubic_init(struct vn_tcp_sock *tp)
{
	cubic_reset(tp);
	hystart_reset(tp);
}

/* cubictcp_cwnd_event(CA_EVENT_TX_START): idle time is not growth time. */
static void cubic_tx_start(struct vn_tcp_sock *tp)
{
	struct tcp_cubic *ca = &tp->cubic;
	int64_t now = clock_ms(tp);
	int64_t delta = now - tp->lsndtime / VN_MSEC;

	if (ca->epoch_start && delta > 0) {
		ca->epoch_start += delta;
		if (ca->epoch_start > now)
			ca->epoch_start = now;
	}
}

/* bictcp_update(): how many ACKs per cwnd increment (ca->cnt). */
static void cubic_update(struct vn_tcp_sock *tp, uint32_t cwnd, uint32_t acked)
{
	struct tcp_cubic *ca = &tp->cubic;
	int64_t now = clock_ms(tp);
	uint64_t offs, t;
	uint32_t delta, bic_target, max_cnt;

	ca->ack_cnt += acked;
	if (ca->last_cwnd == cwnd && now - ca->last_time <= 1000 / 32)
		return;
	/* Once per tick, as Linux does it once per jiffy. */
	if (ca->epoch_start && now == ca->last_time)
		goto friendliness;
	ca->last_cwnd = cwnd;
	ca->last_time = now;
	if (!ca->epoch_start) {
		ca->epoch_start = now ? now : 1;
		ca->ack_cnt = acked;
		ca->tcp_cwnd = cwnd;
		if (ca->last_max_cwnd <= cwnd) {
			ca->bic_K = 0;
			ca->bic_origin_point = cwnd;
		} else {
			/* RFC 9438 4.2: K = cbrt(W_max (1 - beta) / C). */
			ca->bic_K = cube_root(CUBE_FACTOR *
					      (ca->last_max_cwnd - cwnd));
			ca->bic_origin_point = ca->last_max_cwnd;
		}
	}
	/* t: time since the epoch plus the minimum RTT, in 2^-10 s. */
	t = (uint64_t)(now - ca->epoch_start) + ca->delay_min / 1000;
	t = (t << BICTCP_HZ) / 1000;
	offs = t < ca->bic_K ? ca->bic_K - t : t - ca->bic_K;
	delta = (uint32_t)((CUBE_RTT_SCALE * offs * offs * offs) >>
			   (10 + 3 * BICTCP_HZ));
	if (t < ca->bic_K)
		bic_target = ca->bic_origin_point - delta;
	else
		bic_target = ca->bic_origin_point + delta;
	if (bic_target > cwnd)
		ca->cnt = cwnd / (bic_target - cwnd);
	else
		ca->cnt = 100 * cwnd;
	/* The first epoch, with no W_max yet: at least 5% per RTT. */
	if (!ca->last_max_cwnd && ca->cnt > 20)
		ca->cnt = 20;
friendliness:
	/* RFC 9438 4.3: never slower than Reno would be. */
	delta = (cwnd * BETA_SCALE) >> 3;
	if (!delta)
		delta = 1;
	while (ca->ack_cnt > delta) {
		ca->ack_cnt -= delta;
		ca->tcp_cwnd++;
	}
	if (ca->tcp_cwnd > cwnd) {
		delta = ca->tcp_cwnd - cwnd;
		max_cnt = cwnd / delta;
		if (ca->cnt > max_cnt)
			ca->cnt = max_cnt;
	}
	ca->cnt = VN_MAX(ca->cnt, 2u);
}

static void cubic_cong_avoid(struct vn_tcp_sock *tp, uint32_t acked)
{
	if (in_slow_start(tp)) {
		acked = vn_tcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	cubic_update(tp, tp->cwnd, acked);
	vn_tcp_cong_avoid_ai(tp, tp->cubic.cnt, acked);
}

/* RFC 9438 4.6 with fast convergence (4.7). */
static uint32_t cubic_ssthresh(struct vn_tcp_sock *tp)
{
	struct tcp_cubic *ca = &tp->cubic;

	ca->epoch_start = 0;
	if (tp->cwnd < ca->last_max_cwnd)
		ca->last_max_cwnd = (tp->cwnd * (BICTCP_BETA_SCALE + CUBIC_BETA)) /
				    (2 * BICTCP_BETA_SCALE);
	else
		ca->last_max_cwnd = tp->cwnd;
	return VN_MAX((tp->cwnd * CUBIC_BETA) / BICTCP_BETA_SCALE, 2u);
}

/* cubictcp_state(TCP_CA_Loss): an RTO starts CUBIC afresh. */
static void cubic_on_loss(struct vn_tcp_sock *tp)
{
	cubic_reset(tp);
	hystart_reset(tp);
}

/* hystart_update(): leave slow start before the queue overflows. */
static void hystart_update(struct vn_tcp_sock *tp, uint32_t delay)
{
	struct tcp_cubic *ca = &tp->cubic;
	struct vn_inet *inet = tp->sk.inet;

	if (vn_seq_gt(tp->snd_una, ca->end_seq))
		hystart_reset(tp);
	if (tp->cwnd < HYSTART_LOW_WINDOW)
		return;
	{
		int64_t now = clock_us(tp);

		/* ACK trains: ACKs keep coming for longer than delay_min/2. */
		if (now - ca->last_ack <= HYSTART_ACK_DELTA_US) {
			uint32_t threshold = ca->delay_min >> 1;

			ca->last_ack = now;
			if (now - ca->round_start > threshold) {
				ca->found = true;
				inet->stats.tcpext_hystart_train_detect++;
				inet->stats.tcpext_hystart_train_cwnd += tp->cwnd;
				tp->ssthresh = tp->cwnd;
			}
		}
	}
	/* Delay: the round's minimum RTT rose by a clamped eighth. */
	if (ca->curr_rtt > delay)
		ca->curr_rtt = delay;
	if (ca->sample_cnt < HYSTART_MIN_SAMPLES) {
		ca->sample_cnt++;
	} else {
		uint32_t thresh = ca->delay_min >> 3;

		thresh = VN_MAX(thresh, HYSTART_DELAY_MIN);
		thresh = VN_MIN(thresh, HYSTART_DELAY_MAX);
		if (ca->curr_rtt > ca->delay_min + thresh) {
			ca->found = true;
			inet->stats.tcpext_hystart_delay_detect++;
			inet->stats.tcpext_hystart_delay_cwnd += tp->cwnd;
			tp->ssthresh = tp->cwnd;
		}
	}
}

static void cubic_pkts_acked(struct vn_tcp_sock *tp, uint32_t acked,
			     int64_t rtt_us)
{
	struct tcp_cubic *ca = &tp->cubic;
	uint32_t delay;

	(void)acked;
	if (rtt_us < 0)
		return;
	/* No delay samples right after a recovery. */
	if (ca->epoch_start && clock_ms(tp) - ca->epoch_start < 1000)
		return;
	delay = rtt_us > 0 ? (uint32_t)VN_MIN(rtt_us, (int64_t)UINT32_MAX) : 1;
	if (!ca->delay_min || ca->delay_min > delay)
		ca->delay_min = delay;
	if (!ca->found && in_slow_start(tp))
		hystart_update(tp, delay);
}

const struct tcp_cong_ops vn_tcp_cubic_ops = {
	.name = "cubic",
	.init = cubic_init,
	.ssthresh = cubic_ssthresh,
	.cong_avoid = cubic_cong_avoid,
	.pkts_acked = cubic_pkts_acked,
	.tx_start = cubic_tx_start,
	.on_loss = cubic_on_loss,
};

const struct tcp_cong_ops *vn_tcp_cong_find(int ca)
{
	switch (ca) {
	case VN_TCP_CA_RENO:
		return &vn_tcp_reno_ops;
	default:
		return &vn_tcp_cubic_ops;
	}
}
