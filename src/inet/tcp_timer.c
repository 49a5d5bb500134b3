// SPDX-License-Identifier: MIT
/*
 * inet/tcp_timer.c - TCP's timers (Linux's net/ipv4/tcp_timer.c and the
 * request and TIME-WAIT timers of inet_connection_sock.c and
 * inet_timewait_sock.c).
 *
 * Per socket:
 *   rtx_timer     the retransmission timeout (RFC 6298: doubled on each
 *                 expiry up to 120 s, given up after tcp_retries2 worth
 *                 of backoff from 200 ms, tcp_syn_retries for a SYN) or,
 *                 with a zero window, the persist timer (probes backing
 *                 off the same way, for as long as the peer answers:
 *                 RFC 9293 3.8.6.1).  It is re-armed lazily: moving the
 *                 deadline later (every ACK does) only writes
 *                 rtx_deadline; the heap entry fires early, finds the
 *                 later deadline and moves.  So an ACK costs no heap
 *                 operation.
 *   delack_timer  the delayed ACK (ato, at most 200 ms).
 *   keep_timer    keepalive (SO_KEEPALIVE: tcp_keepalive_time idle, then
 *                 tcp_keepalive_probes probes tcp_keepalive_intvl apart,
 *                 then RST and ETIMEDOUT), and the FIN-WAIT-2 timeout of
 *                 an orphan when tcp_fin_timeout exceeds 60 s.
 * Per request: the SYN-ACK retransmission (1 s doubling, tcp_synack_retries).
 * Per TIME-WAIT entry: its end.
 *
 * Every handler ends with vn_tcp_flush_wake(), which also frees a socket
 * the handler finished.
 */
#include <errno.h>

#include "inet/tcp_priv.h"

/* --- the retransmission timer --------------------------------------------- */

static struct vn_env *env_of(const struct vn_tcp_sock *tp)
{
	return tp->sk.inet->env;
}

void vn_tcp_rtx_arm(struct vn_tcp_sock *tp, uint8_t kind, vn_time when)
{
	struct vn_timer *t = &tp->rtx_timer;

	tp->rtx_kind = kind;
	tp->rtx_deadline = when;
	if (!vn_timer_armed(t) || t->expires > when)
		vn_env_timer_arm(env_of(tp), t, when);
}

void vn_tcp_rtx_stop(struct vn_tcp_sock *tp)
{
	tp->rtx_kind = TCP_RTX_NONE;
	vn_env_timer_cancel(env_of(tp), &tp->rtx_timer);
}

void vn_tcp_rearm_rto(struct vn_tcp_sock *tp)
{
	vn_tcp_rtx_arm(tp, TCP_RTX_RETRANS, tcp_now(tp) + tp->rto);
}

/* tcp_probe0_when(): the persist interval, backing off like the RTO. */
vn_time vn_tcp_probe0_when(const struct vn_tcp_sock *tp)
{
	vn_time base = VN_MAX(tp->rto, TCP_RTO_MIN);
	uint8_t backoff = VN_MIN(tp->backoff, (uint8_t)10);

	return VN_MIN(base << backoff, TCP_RTO_MAX);
}

/* tcp_check_probe_timer(): data waits, nothing in flight, no window. */
void vn_tcp_check_probe_timer(struct vn_tcp_sock *tp)
{
	if (tp->snd_nxt == tp->snd_una && tcp_unsent(tp) &&
	    tp->rtx_kind == TCP_RTX_NONE)
		vn_tcp_rtx_arm(tp, TCP_RTX_PROBE,
			       tcp_now(tp) + vn_tcp_probe0_when(tp));
}

/* Linux's tcp_model_timeout(): how long @boundary backoffs take. */
static vn_time model_timeout(int boundary, vn_time rto_base)
{
	int thresh = 0;

	while ((rto_base << (thresh + 1)) <= TCP_RTO_MAX)
		thresh++;
	if (boundary <= thresh)
		return ((2LL << boundary) - 1) * rto_base;
	return ((2LL << thresh) - 1) * rto_base +
	       (vn_time)(boundary - thresh) * TCP_RTO_MAX;
}

/* tcp_write_err(): give up; the error is a remembered ICMP or ETIMEDOUT. */
static void write_err(struct vn_tcp_sock *tp)
{
	tp->sk.so_error = tp->soft_err ? tp->soft_err : ETIMEDOUT;
	vn_tcp_sndq_purge(tp);
	vn_tcp_done(tp);
	tp->sk.inet->stats.tcpext_abort_on_timeout++;
}

/* tcp_write_timeout(): true if the connection was given up. */
static bool write_timeout(struct vn_tcp_sock *tp, vn_time now)
{
	const struct tcp_conf *c = &tp->tn->conf;
	bool expired;

	if (tp->state == VN_TCP_SYN_SENT || tp->state == VN_TCP_SYN_RECV) {
		/*
		 * Time since the first SYN against Linux's exponential model
		 * for tcp_syn_retries from 1 s, whatever the schedule: with
		 * tcp_syn_linear_timeouts=4, tcp_syn_retries 1, 2, 3, 6 give
		 * up at 3, 7, 19 and 131 s (measured on Linux 6.18).
		 */
		expired = tp->retransmits &&
			  now - tp->retrans_stamp >=
				  model_timeout(c->syn_retries,
						TCP_TIMEOUT_INIT);
	} else {
		int retry_until = c->retries2;

		if (tp->sk.user_closed) {
			/* tcp_orphan_retries(): 0 means 8. */
			bool alive = tp->rto < TCP_RTO_MAX;

			retry_until = c->orphan_retries;
			if (!retry_until && alive)
				retry_until = 8;
		}
		expired = tp->retransmits &&
			  now - tp->retrans_stamp >=
				  model_timeout(retry_until, TCP_RTO_MIN);
	}
	if (expired) {
		write_err(tp);
		return true;
	}
	return false;
}

/* tcp_retransmit_timer(). */
static void retransmit_timer(struct vn_tcp_sock *tp, vn_time now)
{
	struct vn_inet *inet = tp->sk.inet;
	const struct tcp_conf *c = &tp->tn->conf;

	if (tp->state == VN_TCP_CLOSE || tp->snd_una == tp->snd_nxt)
		return;
	if (tp->state == VN_TCP_SYN_SENT || tp->state == VN_TCP_SYN_RECV) {
		if (write_timeout(tp, now))
			return;
		tp->txs_len = 0;	/* Karn */
		if (tp->state == VN_TCP_SYN_SENT)
			vn_tcp_resend_syn(tp);
		else
			vn_tcp_send_synack(tp);
		tp->retransmits++;
		/* tcp_syn_linear_timeouts: the first SYN retries keep 1 s. */
		if (tp->state != VN_TCP_SYN_SENT ||
		    tp->retransmits > c->syn_linear_timeouts) {
			tp->backoff++;
			tp->rto = VN_MIN(tp->rto << 1, TCP_RTO_MAX);
		}
		vn_tcp_rearm_rto(tp);
		return;
	}
	if (!tp->snd_wnd && !tp->sk.user_closed) {
		/* The receiver shrank the window: probe, never time out
		 * while it keeps answering. */
		if (now - tp->rcv_tstamp > TCP_RTO_MAX) {
			write_err(tp);
			return;
		}
		vn_tcp_enter_loss(tp);
		vn_tcp_retransmit(tp, tp->snd_una, tp->mss_cache);
		goto reset_timer;
	}
	if (write_timeout(tp, now))
		return;
	inet->stats.tcpext_timeouts++;
	vn_tcp_enter_loss(tp);
	if (!tp->retrans_stamp)
		tp->retrans_stamp = now;
	vn_tcp_xmit_recovery(tp);
reset_timer:
	tp->retransmits++;
	tp->backoff++;
	tp->rto = VN_MIN(tp->rto << 1, TCP_RTO_MAX);
	vn_tcp_rearm_rto(tp);
}

/* tcp_probe_timer(): the persist timer fired. */
static void probe_timer(struct vn_tcp_sock *tp)
{
	int max_probes = tp->tn->conf.retries2;
	int err;

	if (tp->snd_nxt != tp->snd_una || !tcp_unsent(tp)) {
		tp->probes_out = 0;
		return;
	}
	if (tp->sk.user_closed) {
		bool alive = VN_MIN(tp->rto << tp->backoff, TCP_RTO_MAX) <
			     TCP_RTO_MAX;

		max_probes = tp->tn->conf.orphan_retries;
		if (!max_probes && alive)
			max_probes = 8;
		if (!alive && tp->backoff >= max_probes) {
			write_err(tp);
			return;
		}
	}
	if (tp->probes_out >= max_probes) {
		write_err(tp);
		return;
	}
	/* tcp_send_probe0(). */
	tp->sk.inet->stats.tcpext_win_probe++;
	err = vn_tcp_write_wakeup(tp);
	if (tp->snd_nxt != tp->snd_una || !tcp_unsent(tp)) {
		/* Data went: the window opened. */
		tp->probes_out = 0;
		tp->backoff = 0;
		vn_tcp_rearm_rto(tp);
		return;
	}
	tp->probes_out++;
	(void)err;
	if (tp->backoff < tp->tn->conf.retries2)
		tp->backoff++;
	vn_tcp_rtx_arm(tp, TCP_RTX_PROBE, tcp_now(tp) + vn_tcp_probe0_when(tp));
}

static void rtx_fire(struct vn_timer *t, vn_time now)
{
	struct vn_tcp_sock *tp = container_of(t, struct vn_tcp_sock, rtx_timer);
	uint8_t kind = tp->rtx_kind;

	if (kind == TCP_RTX_NONE)
		return;
	if (now < tp->rtx_deadline) {
		vn_env_timer_arm(env_of(tp), t, tp->rtx_deadline);
		return;
	}
	tp->rtx_kind = TCP_RTX_NONE;
	if (kind == TCP_RTX_PROBE)
		probe_timer(tp);
	else
		retransmit_timer(tp, now);
	vn_tcp_flush_wake(tp);
}

/* --- delayed ACKs ------------------------------------------------------------- */

void vn_tcp_delack_arm(struct vn_tcp_sock *tp, vn_time when)
{
	tp->delack_deadline = when;
	vn_env_timer_arm(env_of(tp), &tp->delack_timer, when);
}

void vn_tcp_delack_stop(struct vn_tcp_sock *tp)
{
	tp->ack_pending &= (uint8_t)~TCP_ACK_TIMER;
	if (vn_timer_armed(&tp->delack_timer))
		vn_env_timer_cancel(env_of(tp), &tp->delack_timer);
}

/* tcp_delack_timer_handler(). */
static void delack_fire(struct vn_timer *t, vn_time now)
{
	struct vn_tcp_sock *tp = container_of(t, struct vn_tcp_sock,
					      delack_timer);

	(void)now;
	if (tp->state == VN_TCP_CLOSE || tp->state == VN_TCP_LISTEN ||
	    !(tp->ack_pending & TCP_ACK_TIMER))
		return;
	tp->ack_pending &= (uint8_t)~TCP_ACK_TIMER;
	if (tp->ack_pending & TCP_ACK_SCHED) {
		if (!tp->pingpong) {
			/* Delayed ACK missed: inflate ATO. */
			tp->ato = VN_MIN(tp->ato << 1, tp->rto);
		} else {
			/* Delayed ACK missed: leave pingpong, deflate ATO. */
			tp->pingpong = false;
			tp->ato = TCP_ATO_MIN;
		}
		vn_tcp_send_ack(tp);
		tp->sk.inet->stats.tcpext_delayed_acks++;
	}
	vn_tcp_flush_wake(tp);
}

/* --- keepalive ------------------------------------------------------------------ */

void vn_tcp_keep_arm(struct vn_tcp_sock *tp, vn_time when)
{
	vn_env_timer_arm(env_of(tp), &tp->keep_timer, when);
}

void vn_tcp_keep_stop(struct vn_tcp_sock *tp)
{
	vn_env_timer_cancel(env_of(tp), &tp->keep_timer);
}

void vn_tcp_keepalive_reset(struct vn_tcp_sock *tp)
{
	vn_tcp_keep_arm(tp, tcp_now(tp) +
				    (vn_time)vn_tcp_keepalive_time(tp) * VN_SEC);
}

/* tcp_keepalive_timer(). */
static void keep_fire(struct vn_timer *t, vn_time now)
{
	struct vn_tcp_sock *tp = container_of(t, struct vn_tcp_sock,
					      keep_timer);
	struct vn_inet *inet = tp->sk.inet;
	vn_time idle, when = (vn_time)vn_tcp_keepalive_time(tp) * VN_SEC;

	if (tp->state == VN_TCP_LISTEN || tp->state == VN_TCP_CLOSE)
		return;
	if (tp->state == VN_TCP_FIN_WAIT2 && tp->sk.user_closed) {
		/* The orphan's fin_timeout beyond the TIME-WAIT part. */
		vn_time tmo = vn_tcp_fin_time(tp) - TCP_TIMEWAIT_LEN;

		if (tmo > 0) {
			vn_tcp_time_wait(tp, VN_TCP_FIN_WAIT2, tmo);
		} else {
			vn_tcp_send_active_reset(tp);
			vn_tcp_done(tp);
		}
		vn_tcp_flush_wake(tp);
		return;
	}
	if (!tp->sk.keepalive || tp->state == VN_TCP_SYN_SENT)
		return;
	/* Data in flight or queued: the RTO watches the peer. */
	if (tp->snd_nxt != tp->snd_una || tcp_send_pending(tp))
		goto resched;
	idle = now - VN_MAX(tp->lrcvtime, tp->rcv_tstamp);
	if (idle >= when) {
		if (tp->probes_out >= vn_tcp_keepalive_probes(tp)) {
			vn_tcp_send_active_reset(tp);
			write_err(tp);
			vn_tcp_flush_wake(tp);
			return;
		}
		inet->stats.tcpext_keep_alive++;
		vn_tcp_write_wakeup(tp);
		tp->probes_out++;
		when = (vn_time)vn_tcp_keepalive_intvl(tp) * VN_SEC;
	} else {
		when -= idle;
	}
resched:
	vn_tcp_keep_arm(tp, now + when);
	vn_tcp_flush_wake(tp);
}

void vn_tcp_timers_init(struct vn_tcp_sock *tp)
{
	vn_timer_init(&tp->rtx_timer, rtx_fire);
	vn_timer_init(&tp->delack_timer, delack_fire);
	vn_timer_init(&tp->keep_timer, keep_fire);
}

void vn_tcp_timers_stop(struct vn_tcp_sock *tp)
{
	struct vn_env *env = env_of(tp);

	tp->rtx_kind = TCP_RTX_NONE;
	tp->ack_pending = 0;
	vn_env_timer_cancel(env, &tp->rtx_timer);
	vn_env_timer_cancel(env, &tp->delack_timer);
	vn_env_timer_cancel(env, &tp->keep_timer);
}

/* --- requests and TIME-WAIT ----------------------------------------------------- */

/* reqsk_timer_handler(): the SYN-ACK again, or give up. */
static void req_fire(struct vn_timer *t, vn_time now)
{
	struct tcp_req *req = container_of(t, struct tcp_req, timer);
	struct vn_tcp_sock *lsk = req->listener;
	vn_time tmo;

	if (req->retrans >= lsk->tn->conf.synack_retries) {
		vn_tcp_req_free(req);
		return;
	}
	req->retrans++;
	vn_tcp_req_send_synack(req);
	tmo = VN_MIN(TCP_TIMEOUT_INIT << req->retrans, TCP_RTO_MAX);
	req->expires = now + tmo;
	vn_env_timer_arm(lsk->sk.inet->env, t, req->expires);
}

void vn_tcp_req_timer_init(struct tcp_req *req)
{
	vn_timer_init(&req->timer, req_fire);
}

static void tw_fire(struct vn_timer *t, vn_time now)
{
	struct tcp_tw *tw = container_of(t, struct tcp_tw, timer);

	if (now < tw->expires) {
		vn_env_timer_arm(tw->tn->inet->env, t, tw->expires);
		return;
	}
	vn_tcp_tw_free(tw);
}

void vn_tcp_tw_timer_init(struct tcp_tw *tw)
{
	vn_timer_init(&tw->timer, tw_fire);
}
