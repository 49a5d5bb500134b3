// SPDX-License-Identifier: MIT
/*
 * inet/tcp_out.c - TCP output: building segments, the send policy
 * (congestion window, receive window, Nagle, cork), ACKs and delayed
 * ACKs, window selection, SYN, SYN-ACK, FIN and RST (Linux's
 * net/ipv4/tcp_output.c and the reply paths of tcp_ipv4.c).
 *
 * Every segment is a fresh pool buffer: header and options written in
 * place, payload copied from the send queue, checksum computed over the
 * result, then vn_ip_output() with DF set (Linux's PMTU discovery).
 * Options follow tcp_options_write(): TS on every segment of a
 * connection that negotiated it, SACK blocks (D-SACK first) on ACKs
 * while out-of-order data waits.
 *
 * The window we offer is __tcp_select_window(): half the receive buffer
 * less what is queued, capped by rcv_ssthresh, rounded up to the scale
 * unit (or down to a multiple of the MSS without scaling), and never
 * shrinking what was offered before (RFC 9293 3.8.6.2.2; rcv_wup +
 * rcv_wnd never moves left).
 */
#include <errno.h>
#include <stdlib.h>

#include "inet/ipv4_priv.h"
#include "inet/tcp_priv.h"
#include "wire/ipv4.h"

/* Linux's nonagle values: how much a send may bypass Nagle. */
#define NAGLE_OFF 1	/* TCP_NODELAY */
#define NAGLE_CORK 2	/* TCP_CORK or MSG_MORE */
#define NAGLE_PUSH 4	/* send everything now */

/* A segment being built. */
struct tcp_out {
	uint32_t saddr, daddr;
	uint16_t sport, dport;
	vn_seq seq, ack;
	uint8_t flags;
	uint16_t win;
	uint8_t ttl, tos;
	int oif;
	uint32_t len;		/* payload bytes */
	struct vn_tcp_opts_out opts;
};

/*
 * Allocates the segment and writes its header and options; the caller
 * writes @o->len payload bytes at the returned *payload, then calls
 * seg_send().  NULL when the pool is exhausted.
 */
static struct vn_buf *seg_build(struct vn_inet *inet, const struct tcp_out *o,
				uint8_t **payload)
{
	size_t olen = vn_tcp_opts_emit_len(&o->opts);
	uint32_t hlen = VN_TCP_HLEN + (uint32_t)olen;
	struct vn_tcp_hdr h = {
		.sport = o->sport,
		.dport = o->dport,
		.seq = o->seq,
		.ack = (o->flags & VN_TCP_ACK_F) ? o->ack : 0,
		.flags = o->flags,
		.win = o->win,
		.hlen = (uint8_t)hlen,
	};
	struct vn_buf *buf;
	uint8_t *p;

	buf = vn_buf_alloc(inet->env->pool, hlen + o->len);
	if (!buf)
		return NULL;
	p = vn_buf_put(buf, hlen + o->len);
	vn_tcp_emit(p, &h);
	vn_tcp_opts_emit(p + VN_TCP_HLEN, &o->opts);
	*payload = p + hlen;
	return buf;
}

static int seg_send(struct vn_inet *inet, struct vn_buf *buf,
		    const struct tcp_out *o)
{
	struct vn_ip_out ip = {
		.src = o->saddr,
		.dst = o->daddr,
		.proto = VN_IPPROTO_TCP,
		.ttl = o->ttl,
		.tos = o->tos,
		.df = true,
		.oif = o->oif > 0 ? o->oif : 0,
	};

	if (o->oif < 0) {
		vn_buf_drop(buf, VN_DROP_IP_OUTNOROUTES);
		return -ENODEV;
	}
	vn_tcp_fill_csum(buf->data, buf->len, o->saddr, o->daddr);
	buf->csum_valid = true;
	return vn_ip_output(inet, buf, &ip);
}

/* A segment with no payload: ACKs, SYNs, RSTs, probes. */
static int seg_xmit(struct vn_inet *inet, const struct tcp_out *o)
{
	uint8_t *payload;
	struct vn_buf *buf = seg_build(inet, o, &payload);

	if (!buf)
		return -ENOBUFS;
	return seg_send(inet, buf, o);
}

/* --- MSS and windows --------------------------------------------------------- */

uint16_t vn_tcp_route_advmss(struct vn_sock *s, uint32_t dst, uint16_t *pmtu)
{
	struct vn_route_result rt;
	uint32_t mtu = 1500;

	if (!vn_sock_route(s, dst, &rt) && rt.dev)
		mtu = rt.route && rt.route->mtu ? rt.route->mtu : rt.dev->mtu;
	/* ipv4_default_advmss(): at most IPV4_MAX_PMTU, at least 256. */
	if (mtu > 65535)
		mtu = 65535;
	*pmtu = (uint16_t)mtu;
	return (uint16_t)VN_MAX(mtu - TCP_HDR_OVERHEAD, 256u);
}

/*
 * tcp_sync_mss(): the payload per segment from the path MTU, the peer's
 * MSS and our options, bounded by half the largest window the peer
 * offered (tcp_bound_to_half_wnd()).
 */
void vn_tcp_sync_mss(struct vn_tcp_sock *tp)
{
	int mss = (int)tp->pmtu - TCP_HDR_OVERHEAD;
	uint32_t cutoff;

	if (mss > tp->mss_clamp)
		mss = tp->mss_clamp;
	if (mss < TCP_MIN_SND_MSS)
		mss = TCP_MIN_SND_MSS;
	mss -= tp->opt_len;
	cutoff = tp->max_window > TCP_MSS_DEFAULT ? tp->max_window >> 1 :
						    tp->max_window;
	if (cutoff && (uint32_t)mss > cutoff)
		mss = (int)VN_MAX(cutoff, 68u - VN_TCP_HLEN - tp->opt_len);
	tp->mss_cache = (uint16_t)mss;
}

/*
 * tcp_current_mss(): the payload that fits in a segment sent now.  SACK
 * blocks riding on data (both ends sending, holes in what we received)
 * take option space the MSS did not count: 4 + 8 octets per block.
 */
uint32_t vn_tcp_current_mss(const struct vn_tcp_sock *tp)
{
	uint32_t n = tp->n_sacks + (tp->dsack_pending ? 1u : 0u);
	uint32_t max_blocks = tp->tstamp_ok ? 3 : 4;
	uint32_t mss = tp->mss_cache;

	if (!tp->sack_ok || !n)
		return mss;
	n = VN_MIN(n, max_blocks);
	return mss > 4 + 8 * n + TCP_MIN_SND_MSS / 2 ? mss - (4 + 8 * n) :
						       TCP_MIN_SND_MSS / 2;
}

static uint32_t tcp_space(const struct vn_tcp_sock *tp)
{
	uint32_t full = vn_tcp_win_from_space(tp->sk.rcvbuf);
	uint32_t used = tp->rcvq_bytes + tp->ofo_bytes;

	return used >= full ? 0 : full - used;
}

/* __tcp_select_window(): the window to offer now, unscaled. */
uint32_t vn_tcp_select_window_space(struct vn_tcp_sock *tp)
{
	uint32_t mss = tp->rcv_mss;
	uint32_t free_space = tcp_space(tp);
	uint32_t allowed = vn_tcp_win_from_space(tp->sk.rcvbuf);
	uint32_t full = VN_MIN(tp->window_clamp, allowed);
	uint32_t window;

	if (mss > full) {
		mss = full;
		if (!mss)
			return 0;
	}
	if (free_space < (full >> 1)) {
		tp->quick = 0;
		free_space &= ~((1u << tp->rcv_wscale) - 1);
		if (free_space < (allowed >> 4) || free_space < mss)
			return 0;
	}
	if (free_space > tp->rcv_ssthresh)
		free_space = tp->rcv_ssthresh;
	if (tp->rcv_wscale) {
		uint32_t unit = 1u << tp->rcv_wscale;

		window = (free_space + unit - 1) & ~(unit - 1);
	} else {
		window = tp->rcv_wnd;
		if (window <= free_space - mss || window > free_space)
			window = free_space / mss * mss;
		else if (mss == full && free_space > window + (full >> 1))
			window = free_space;
	}
	return window;
}

/* tcp_select_window(): the field to send; never shrinks the offer. */
uint16_t vn_tcp_select_window(struct vn_tcp_sock *tp)
{
	struct vn_inet *inet = tp->sk.inet;
	uint32_t old_win = tp->rcv_wnd;
	uint32_t cur_win = tcp_receive_window(tp);
	uint32_t new_win = vn_tcp_select_window_space(tp);
	uint32_t unit = 1u << tp->rcv_wscale;

	if (new_win < cur_win) {
		if (!new_win)
			inet->stats.tcpext_want_zero_window_adv++;
		new_win = (cur_win + unit - 1) & ~(unit - 1);
	}
	tp->rcv_wnd = new_win;
	tp->rcv_wup = tp->rcv_nxt;
	new_win = VN_MIN(new_win, TCP_MAX_WINDOW << tp->rcv_wscale);
	new_win >>= tp->rcv_wscale;
	if (!new_win) {
		if (old_win)
			inet->stats.tcpext_to_zero_window_adv++;
	} else if (!old_win) {
		inet->stats.tcpext_from_zero_window_adv++;
	}
	return (uint16_t)new_win;
}

/* tcp_acceptable_seq(): snd_nxt, unless the peer shrank its window. */
static vn_seq acceptable_seq(const struct vn_tcp_sock *tp)
{
	vn_seq wnd_end = tp->snd_una + tp->snd_wnd;

	if (!vn_seq_lt(wnd_end, tp->snd_nxt) || !tp->snd_wscale)
		return tp->snd_nxt;
	return wnd_end;
}

/* --- TCP Small Queues ----------------------------------------------------- */

/*
 * Linux's TSQ (tcp_small_queue_check(), tcp_wfree(), the TSQ tasklet):
 * a socket keeps only about a millisecond of its pacing rate, at least
 * two segments, below TCP, in qdiscs and device queues.  Every segment
 * with data or a FIN charges its truesize to tsq_bytes (sk_wmem_alloc);
 * the buffer's destructor gives it back when the frame is freed or
 * handed over (a veth crossing, a qdisc acting as the wire: base/buf.h
 * vn_buf_orphan()).  A sender held back waits for that release, which
 * arms a timer for "now" (the tasklet): the destructor never re-enters
 * TCP.  A socket freed while buffers are below it keeps its memory until
 * the last one is released (Linux's sk_free() waits on sk_wmem_alloc).
 */
#define TCP_PACING_SS_RATIO 200	/* net.ipv4.tcp_pacing_ss_ratio */
#define TCP_PACING_CA_RATIO 120	/* net.ipv4.tcp_pacing_ca_ratio */
#define TCP_PACING_SHIFT 10	/* sk_pacing_shift: ~1 ms of the rate */

static void tsq_fire(struct vn_timer *t, vn_time now)
{
	struct vn_tcp_sock *tp = container_of(t, struct vn_tcp_sock, tsq_timer);

	(void)now;
	/* tcp_tsq_write(): write_xmit() checks the state. */
	vn_tcp_write_xmit(tp, true);
	vn_tcp_flush_wake(tp);
}

void vn_tcp_tsq_init(struct vn_tcp_sock *tp)
{
	vn_timer_init(&tp->tsq_timer, tsq_fire);
}

/* tcp_wfree(): a buffer of ours left the stack; resume if we waited. */
static void tsq_wfree(struct vn_buf *buf)
{
	struct vn_tcp_sock *tp = buf->owner;
	struct vn_env *env;

	VN_ASSERT(tp->tsq_bytes >= buf->truesize);
	tp->tsq_bytes -= buf->truesize;
	if (unlikely(tp->tsq_dead)) {
		if (!tp->tsq_bytes)
			free(tp);
		return;
	}
	if (!tp->tsq_throttled)
		return;
	tp->tsq_throttled = false;
	env = tp->sk.inet->env;
	if (!vn_timer_armed(&tp->tsq_timer))
		vn_env_timer_arm(env, &tp->tsq_timer, vn_env_now(env));
}

static void tsq_charge(struct vn_tcp_sock *tp, struct vn_buf *buf)
{
	buf->destructor = tsq_wfree;
	buf->owner = tp;
	buf->truesize = vn_buf_truesize_for(buf->len);
	tp->tsq_bytes += buf->truesize;
}

/**
 * vn_tcp_pacing_rate() - sk_pacing_rate, bytes per second
 * @tp: the socket
 *
 * tcp_update_pacing_rate(): cwnd * mss / srtt, times 200% in slow start
 * (cwnd below half ssthresh) and 120% after.  Linux updates it on every
 * ACK; computed here when asked, from the same fields.
 *
 * Return: the rate; without an RTT sample, not divided (very large).
 */
uint64_t vn_tcp_pacing_rate(const struct vn_tcp_sock *tp)
{
	uint32_t out = tcp_packets_in(tp->snd_nxt - tp->snd_una, tp->mss_cache);
	uint64_t rate = (uint64_t)tp->mss_cache *
			((VN_SEC / VN_USEC / 100) << 3);

	rate *= tp->cwnd < tp->ssthresh / 2 ? TCP_PACING_SS_RATIO :
					      TCP_PACING_CA_RATIO;
	rate *= VN_MAX(tp->cwnd, out);
	if (tp->srtt_us)
		rate /= tp->srtt_us;
	return rate;
}

/**
 * tsq_holds() - tcp_small_queue_check(): too much of ours below TCP
 * @tp: the socket
 * @len: payload of the segment about to go
 *
 * The limit is the larger of two such segments' truesize and ~1 ms of the
 * pacing rate, at most tcp_limit_output_bytes (no fq pacing here).  The
 * first segment in flight always goes.  Holding back marks the socket
 * throttled: the next release sends again.
 *
 * Return: true to stop sending now.
 */
static bool tsq_holds(struct vn_tcp_sock *tp, uint32_t len)
{
	uint64_t limit = 2ull * vn_buf_truesize_for(VN_TCP_HLEN + tp->opt_len +
						    len);
	uint64_t lob = (uint64_t)VN_MAX(tp->tn->conf.limit_output_bytes, 0);

	limit = VN_MAX(limit, vn_tcp_pacing_rate(tp) >> TCP_PACING_SHIFT);
	limit = VN_MIN(limit, lob);
	if (tp->tsq_bytes <= limit)
		return false;
	/* tcp_rtx_queue_empty_or_single_skb() */
	if (tp->snd_nxt - tp->snd_una <= tp->mss_cache)
		return false;
	tp->tsq_throttled = true;
	return true;
}

/**
 * vn_tcp_tsq_sock_free() - the last step of freeing a socket
 * @tp: the socket, out of every table, its queues purged
 *
 * Frees the memory now, or, while buffers of ours are still below TCP,
 * leaves it to the destructor of the last one.
 */
void vn_tcp_tsq_sock_free(struct vn_tcp_sock *tp)
{
	vn_env_timer_cancel(tp->sk.inet->env, &tp->tsq_timer);
	tp->tsq_throttled = false;
	tp->tsq_dead = tp->tsq_bytes != 0;
	vn_sock_free(&tp->sk, tp->tsq_dead ? NULL : tp);
}

/* --- segments of a connection ----------------------------------------------- */

static void out_init(const struct vn_tcp_sock *tp, struct tcp_out *o)
{
	memset(o, 0, sizeof(*o));
	o->saddr = tp->sk.laddr;
	o->daddr = tp->sk.raddr;
	o->sport = tp->sk.lport;
	o->dport = tp->sk.rport;
	o->ttl = tp->sk.ttl;
	o->tos = tp->sk.tos;
	o->oif = tp->sk.bound_ifindex;
}

/* tcp_established_options(): TS, then SACK blocks while they last. */
static void established_options(struct vn_tcp_sock *tp, struct tcp_out *o,
				struct vn_tcp_sack_block *blocks)
{
	uint8_t max_blocks;

	if (tp->tstamp_ok) {
		o->opts.ts = true;
		o->opts.ts_val = tcp_ts_clock(tcp_now(tp)) + tp->ts_off;
		o->opts.ts_ecr = tp->ts_recent;
	}
	if (!tp->sack_ok || (!tp->n_sacks && !tp->dsack_pending))
		return;
	max_blocks = tp->tstamp_ok ? 3 : 4;
	o->opts.n_sack = 0;
	if (tp->dsack_pending)
		blocks[o->opts.n_sack++] = tp->dsack;
	for (uint8_t i = 0; i < tp->n_sacks && o->opts.n_sack < max_blocks;
	     i++)
		blocks[o->opts.n_sack++] = tp->sacks[i];
	o->opts.sack = blocks;
}

/* tcp_event_ack_sent(): the ACK went out with this segment. */
static void ack_sent(struct vn_tcp_sock *tp)
{
	if (tp->quick) {
		if (tp->ack_pending & TCP_ACK_SCHED) {
			if (--tp->quick == 0)
				tp->ato = TCP_ATO_MIN;
		}
	}
	tp->ack_pending = 0;
	tp->dsack_pending = false;
	vn_tcp_delack_stop(tp);
}

/* __tcp_transmit_skb() for a segment carrying ACK and maybe data. */
static int xmit(struct vn_tcp_sock *tp, vn_seq seq, uint32_t len,
		uint8_t flags, struct tcp_cursor *cursor)
{
	struct vn_inet *inet = tp->sk.inet;
	struct vn_tcp_sack_block blocks[VN_TCP_MAX_SACKS];
	struct tcp_out o;
	struct vn_buf *buf;
	uint8_t *payload;
	int rc;

	out_init(tp, &o);
	o.seq = seq;
	o.ack = tp->rcv_nxt;
	o.flags = flags;
	o.len = len;
	established_options(tp, &o, blocks);
	o.win = vn_tcp_select_window(tp);
	buf = seg_build(inet, &o, &payload);
	if (!buf)
		return -ENOBUFS;
	if (len || (flags & VN_TCP_FIN))
		tsq_charge(tp, buf);
	if (len)
		vn_tcp_sndq_copy(tp, cursor, seq, payload, len);
	if (flags & VN_TCP_ACK_F)
		ack_sent(tp);
	tp->segs_out++;
	rc = seg_send(inet, buf, &o);
	if (rc == -EMSGSIZE) {
		/* The route's MTU went down: take the new one. */
		uint16_t pmtu;

		vn_tcp_route_advmss(&tp->sk, tp->sk.raddr, &pmtu);
		if (pmtu < tp->pmtu) {
			tp->pmtu = pmtu;
			vn_tcp_sync_mss(tp);
		}
	}
	return rc;
}

void vn_tcp_send_ack(struct vn_tcp_sock *tp)
{
	if (tp->state == VN_TCP_CLOSE)
		return;
	tp->sk.inet->stats.tcp_out_segs++;
	xmit(tp, acceptable_seq(tp), 0, VN_TCP_ACK_F, NULL);
}

/* tcp_send_delayed_ack(). */
void vn_tcp_send_delayed_ack(struct vn_tcp_sock *tp)
{
	vn_time now = tcp_now(tp);
	vn_time ato = tp->ato, timeout;

	if (ato > TCP_DELACK_MIN) {
		vn_time max_ato = 500 * VN_MSEC;

		if (tp->pingpong)
			max_ato = TCP_DELACK_MAX;
		if (tp->srtt_us) {
			vn_time rtt = VN_MAX((vn_time)(tp->srtt_us >> 3) * VN_USEC,
					     TCP_DELACK_MIN);

			if (rtt < max_ato)
				max_ato = rtt;
		}
		ato = VN_MIN(ato, max_ato);
	}
	ato = VN_MIN(ato, TCP_DELACK_MAX);
	/* A timer for "now" fires at the next tick (jiffies + 0). */
	timeout = now + VN_MAX(ato, TCP_JIFFY);
	if (tp->ack_pending & TCP_ACK_TIMER) {
		/* About to fire anyway: send now. */
		if (tp->delack_deadline <= now + (ato >> 2)) {
			vn_tcp_send_ack(tp);
			return;
		}
		if (timeout > tp->delack_deadline)
			timeout = tp->delack_deadline;
	}
	tp->ack_pending |= TCP_ACK_SCHED | TCP_ACK_TIMER;
	vn_tcp_delack_arm(tp, timeout);
}

/* __tcp_ack_snd_check(): ACK now, or later. */
void vn_tcp_ack_snd_check(struct vn_tcp_sock *tp)
{
	if (!(tp->ack_pending & TCP_ACK_SCHED))
		return;
	/* More than one full frame received, and the window would grow. */
	if ((tp->rcv_nxt - tp->rcv_wup > tp->rcv_mss &&
	     vn_tcp_select_window_space(tp) >= tp->rcv_wnd) ||
	    (tp->quick && !tp->pingpong) || (tp->ack_pending & TCP_ACK_NOW) ||
	    tp->ofoq.len) {
		vn_tcp_send_ack(tp);
		return;
	}
	vn_tcp_send_delayed_ack(tp);
}

/*
 * Sends @len bytes at @seq (a retransmission when @rtx); the FIN rides
 * on a segment that ends the queue once the program closed its side.
 */
bool vn_tcp_xmit_data(struct vn_tcp_sock *tp, vn_seq seq, uint32_t len,
		      bool rtx)
{
	struct vn_inet *inet = tp->sk.inet;
	uint8_t flags = VN_TCP_ACK_F;
	vn_time now = tcp_now(tp);
	bool fin = tp->fin_queued && seq + len == tp->write_seq;
	int rc;

	if (len && seq + len == tp->write_seq)
		flags |= VN_TCP_PSH;
	if (fin)
		flags |= VN_TCP_FIN;
	rc = xmit(tp, seq, len, flags, rtx ? &tp->sndq.rtx : &tp->sndq.nxt);
	if (rc == -ENOBUFS)
		return false;
	if (len)
		tp->data_segs_out++;
	tp->bytes_sent += len;
	if (rtx) {
		inet->stats.tcp_retrans_segs++;
		tp->total_retrans++;
		tp->bytes_retrans += len;
		/* Karn: nothing sent before is timed any more. */
		tp->txs_len = 0;
		if (!tp->retrans_stamp)
			tp->retrans_stamp = now;
		return true;
	}
	inet->stats.tcp_out_segs++;
	if (len)
		inet->stats.tcpext_orig_data_sent++;
	/* tcp_event_data_sent(). */
	if (tp->snd_nxt == tp->snd_una)
		tp->ca_ops->tx_start(tp);
	if (now - tp->lrcvtime < tp->ato)
		tp->pingpong = true;
	tp->lsndtime = now;
	tp->sent_data = true;
	tp->snd_nxt = seq + len + (fin ? 1 : 0);
	if (tp->txs_len < TCP_TXSTAMPS) {
		uint8_t i = (uint8_t)((tp->txs_head + tp->txs_len++) %
				      TCP_TXSTAMPS);

		tp->txs[i].end = tp->snd_nxt;
		tp->txs[i].t = now;
	}
	return true;
}

/*
 * Retransmits up to @len bytes at @seq (one segment, cut to what fits
 * now).  Return: the sequence space resent (a FIN counts one), 0 if
 * nothing went.
 */
uint32_t vn_tcp_retransmit(struct vn_tcp_sock *tp, vn_seq seq, uint32_t len)
{
	uint32_t avail = tp->write_seq - seq;

	/*
	 * Our SYN, not acknowledged yet: it is not in the send queue.  Linux
	 * keeps it at the head of the retransmit queue, so it goes again as
	 * it was: the SYN, or the SYN-ACK after a simultaneous open, also
	 * when the program closed in SYN-RECEIVED (FIN-WAIT-1, as Linux) or
	 * an ICMP "fragmentation needed" quoted it.
	 */
	if (seq == tp->iss && tp->snd_una == tp->iss) {
		if (tp->state == VN_TCP_SYN_SENT)
			vn_tcp_resend_syn(tp);
		else
			vn_tcp_send_synack(tp);
		return 1;
	}
	if (vn_seq_gt(seq, tp->write_seq))
		return 0;
	len = VN_MIN(VN_MIN(len, avail), vn_tcp_current_mss(tp));
	if (!vn_tcp_xmit_data(tp, seq, len, true))
		return 0;
	/* The FIN's sequence number went too. */
	return len + (tp->fin_queued && seq + len == tp->write_seq ? 1 : 0);
}

/* tcp_nagle_check() with Minshall's variant: one small segment in flight. */
static bool nagle_holds(const struct vn_tcp_sock *tp, uint32_t len,
			uint32_t mss_now, int nonagle)
{
	if (nonagle & NAGLE_PUSH)
		return false;
	if (len >= mss_now)
		return false;
	if (nonagle & NAGLE_CORK)
		return true;
	if (nonagle & NAGLE_OFF)
		return false;
	return tp->snd_nxt != tp->snd_una && vn_seq_gt(tp->snd_sml, tp->snd_una) &&
	       vn_seq_le(tp->snd_sml, tp->snd_nxt);
}

/* tcp_cwnd_validate(): how much of the window the sender used. */
static void cwnd_validate(struct vn_tcp_sock *tp, bool limited)
{
	uint32_t out = tcp_packets_in(tp->snd_nxt - tp->snd_una, tp->mss_cache);

	if (!vn_seq_lt(tp->snd_una, tp->max_packets_seq) || limited ||
	    (!tp->is_cwnd_limited && out > tp->max_packets_out)) {
		tp->is_cwnd_limited = limited;
		tp->max_packets_out = out;
		tp->max_packets_seq = tp->snd_nxt;
	}
}

static bool can_send_data(uint8_t state)
{
	return state == VN_TCP_ESTABLISHED || state == VN_TCP_CLOSE_WAIT ||
	       state == VN_TCP_FIN_WAIT1 || state == VN_TCP_LAST_ACK ||
	       state == VN_TCP_CLOSING;
}

static void write_xmit(struct vn_tcp_sock *tp, int nonagle)
{
	vn_time now = tcp_now(tp);
	bool limited = false, sent = false;

	if (!can_send_data(tp->state))
		return;
	if (tp->tn->conf.slow_start_after_idle && tp->snd_nxt == tp->snd_una &&
	    tp->sent_data && now - tp->lsndtime > tp->rto)
		vn_tcp_cwnd_restart(tp, now);
	for (;;) {
		uint32_t unsent = tcp_unsent(tp);
		uint32_t mss_now = vn_tcp_current_mss(tp);
		uint32_t len = VN_MIN(unsent, mss_now);
		vn_seq wnd_end = tp->snd_una + tp->snd_wnd;

		if (!unsent) {
			/* A lone FIN passes cwnd, window and Nagle. */
			if (tp->fin_queued && tp->snd_nxt == tp->write_seq) {
				vn_tcp_xmit_data(tp, tp->write_seq, 0, false);
				sent = true;
			}
			break;
		}
		if (vn_tcp_packets_in_flight(tp) >= tp->cwnd) {
			limited = true;
			break;
		}
		if (vn_seq_gt(tp->snd_nxt + len, wnd_end))
			break;
		if (nagle_holds(tp, len, mss_now, nonagle) &&
		    !(tp->fin_queued && len == unsent))
			break;
		if (tsq_holds(tp, len))
			break;
		if (!vn_tcp_xmit_data(tp, tp->snd_nxt, len, false))
			break;
		sent = true;
		if (len < mss_now)
			tp->snd_sml = tp->snd_nxt;
	}
	cwnd_validate(tp, limited);
	if (sent && tp->rtx_kind != TCP_RTX_RETRANS)
		vn_tcp_rearm_rto(tp);
	if (!sent)
		vn_tcp_check_probe_timer(tp);
}

void vn_tcp_write_xmit(struct vn_tcp_sock *tp, bool push)
{
	int nonagle = 0;

	if (tp->nodelay)
		nonagle |= NAGLE_OFF;
	if (tp->cork || !push)
		nonagle |= NAGLE_CORK;
	if (tp->nodelay && push)
		nonagle |= NAGLE_PUSH;
	write_xmit(tp, nonagle);
}

/* tcp_send_fin(): queue the FIN after the data; send if nothing waits. */
void vn_tcp_send_fin(struct vn_tcp_sock *tp)
{
	tp->fin_queued = true;
	write_xmit(tp, NAGLE_PUSH);
}

/* tcp_send_active_reset(): RST|ACK from a socket we abort. */
void vn_tcp_send_active_reset(struct vn_tcp_sock *tp)
{
	struct vn_inet *inet = tp->sk.inet;
	struct vn_tcp_sack_block blocks[VN_TCP_MAX_SACKS];
	struct tcp_out o;

	out_init(tp, &o);
	o.seq = acceptable_seq(tp);
	o.ack = tp->rcv_nxt;
	o.flags = VN_TCP_RST | VN_TCP_ACK_F;
	tp->n_sacks = 0;
	tp->dsack_pending = false;
	established_options(tp, &o, blocks);
	o.win = vn_tcp_select_window(tp);
	inet->stats.tcp_out_rsts++;
	inet->stats.tcp_out_segs++;
	seg_xmit(inet, &o);
}

/* tcp_send_challenge_ack(): RFC 5961 with Linux's two rate limits. */
void vn_tcp_send_challenge_ack(struct vn_tcp_sock *tp)
{
	struct vn_tcp_ns *tn = tp->tn;
	struct vn_inet *inet = tp->sk.inet;
	uint32_t now_ms = tcp_ts_clock(tcp_now(tp)) + 1;
	int64_t second;

	/* The per-socket limit: one per tcp_invalid_ratelimit. */
	if (tp->last_oow_ack_time &&
	    (int32_t)(now_ms - tp->last_oow_ack_time) >= 0 &&
	    (int32_t)(now_ms - tp->last_oow_ack_time) <
		    tn->conf.invalid_ratelimit_ms) {
		inet->stats.tcpext_ack_skipped_challenge++;
		return;
	}
	tp->last_oow_ack_time = now_ms;
	if (tn->conf.challenge_ack_limit != INT32_MAX) {
		/* tcp_challenge_ack_limit per second, per namespace. */
		second = tcp_now(tp) / VN_SEC + 1;
		if (second != tn->challenge_second) {
			uint32_t lim = (uint32_t)tn->conf.challenge_ack_limit;
			uint32_t half = (lim + 1) >> 1;

			tn->challenge_second = second;
			tn->challenge_count =
				half + vn_rand_below(&inet->env->rand, lim);
		}
		if (!tn->challenge_count)
			return;
		tn->challenge_count--;
	}
	inet->stats.tcpext_challenge_ack++;
	vn_tcp_send_ack(tp);
}

/*
 * tcp_oow_rate_limited(): out-of-window replies to pure ACKs and SYNs are
 * limited to one per tcp_invalid_ratelimit; segments with data always
 * get their duplicate ACK.
 */
bool vn_tcp_oow_rate_limited(struct vn_tcp_ns *tn, const struct tcp_seg *seg,
			     uint32_t *last_ms, uint64_t *counter)
{
	uint32_t now_ms = tcp_ts_clock(vn_env_now(tn->inet->env)) + 1;

	if (seg->len && !(seg->flags & VN_TCP_SYN))
		return false;
	if (*last_ms && (int32_t)(now_ms - *last_ms) >= 0 &&
	    (int32_t)(now_ms - *last_ms) < tn->conf.invalid_ratelimit_ms) {
		(*counter)++;
		return true;
	}
	*last_ms = now_ms;
	return false;
}

/* tcp_send_dupack(): a duplicate gets a D-SACK (RFC 2883). */
void vn_tcp_send_dupack(struct vn_tcp_sock *tp, const struct tcp_seg *seg)
{
	if (seg->len && vn_seq_lt(seg->seq, tp->rcv_nxt)) {
		tp->quick = VN_MAX(tp->quick, 2);
		tp->pingpong = false;
		tp->sk.inet->stats.tcpext_delayed_ack_lost++;
		vn_tcp_dsack_set(tp, seg->seq,
				 vn_seq_min(seg->end_seq, tp->rcv_nxt));
	}
	vn_tcp_send_ack(tp);
}

/* tcp_syn_options(): MSS, SACK-permitted, TS, window scale. */
static void syn_options(struct vn_tcp_sock *tp, struct tcp_out *o)
{
	o->opts.mss = true;
	o->opts.mss_val = tp->advmss;
	if (tp->tstamp_ok) {
		o->opts.ts = true;
		o->opts.ts_val = tcp_ts_clock(tcp_now(tp)) + tp->ts_off;
		o->opts.ts_ecr = tp->ts_recent;
	}
	o->opts.sack_ok = tp->sack_ok;
	if (tp->wscale_ok) {
		o->opts.wscale = true;
		o->opts.wscale_val = tp->rcv_wscale;
	}
}

static void send_syn(struct vn_tcp_sock *tp, bool rtx)
{
	struct vn_inet *inet = tp->sk.inet;
	struct tcp_out o;

	out_init(tp, &o);
	o.seq = tp->iss;
	o.flags = VN_TCP_SYN;
	/* RFC 7323 2.2: the window of a SYN is never scaled. */
	o.win = (uint16_t)VN_MIN(tp->rcv_wnd, TCP_MAX_WINDOW);
	syn_options(tp, &o);
	tp->segs_out++;
	if (rtx) {
		inet->stats.tcp_retrans_segs++;
		inet->stats.tcpext_syn_retrans++;
		tp->total_retrans++;
	} else {
		inet->stats.tcp_out_segs++;
	}
	seg_xmit(inet, &o);
}

/* tcp_send_synack(): a SYN-RECV socket (simultaneous open) answers. */
void vn_tcp_send_synack(struct vn_tcp_sock *tp)
{
	struct vn_inet *inet = tp->sk.inet;
	struct tcp_out o;

	out_init(tp, &o);
	o.seq = tp->iss;
	o.ack = tp->rcv_nxt;
	o.flags = VN_TCP_SYN | VN_TCP_ACK_F;
	o.win = (uint16_t)VN_MIN(tp->rcv_wnd, TCP_MAX_WINDOW);
	syn_options(tp, &o);
	tp->segs_out++;
	inet->stats.tcp_out_segs++;
	ack_sent(tp);
	seg_xmit(inet, &o);
}

/*
 * tcp_select_initial_window(): the first window from the receive buffer,
 * a multiple of @mss, and the scale that can cover the largest buffer
 * the socket may grow to.
 */
static void initial_window(struct vn_tcp_sock *tp, uint32_t mss)
{
	const struct tcp_conf *c = &tp->tn->conf;
	uint32_t space = vn_tcp_win_from_space(tp->sk.rcvbuf);
	uint32_t clamp = TCP_MAX_WINDOW << VN_TCP_MAX_WSCALE;

	if (tp->rcvbuf_locked)
		clamp = space;
	space = VN_MIN(clamp, space);
	if (space > mss)
		space = space / mss * mss;
	tp->rcv_wnd = space;
	tp->rcv_wscale = 0;
	if (tp->wscale_ok) {
		uint32_t s = VN_MAX(space, (uint32_t)c->rmem[2]);
		int ws = 0;

		s = VN_MAX(s, 212992u);	/* net.core.rmem_max */
		s = VN_MIN(s, clamp);
		while ((s >> ws) > 1)
			ws++;
		ws -= 15;
		tp->rcv_wscale = (uint8_t)(ws < 0 ? 0 :
					   ws > VN_TCP_MAX_WSCALE ?
					   VN_TCP_MAX_WSCALE :
					   ws);
	}
	tp->window_clamp = VN_MIN(TCP_MAX_WINDOW << tp->rcv_wscale, clamp);
	tp->rcv_ssthresh = tp->rcv_wnd;
}

/* tcp_initialize_rcv_mss(): a guess until segments arrive. */
void vn_tcp_init_rcv_mss(struct vn_tcp_sock *tp)
{
	uint32_t hint = VN_MIN(tp->advmss, tp->mss_cache);

	hint = VN_MIN(hint, tp->rcv_wnd / 2);
	hint = VN_MIN(hint, (uint32_t)TCP_MSS_DEFAULT);
	hint = VN_MAX(hint, (uint32_t)TCP_MIN_MSS);
	tp->rcv_mss = (uint16_t)hint;
}

/*
 * tcp_connect(): choose the ISN (RFC 6528) and the options, enter
 * SYN-SENT and send the SYN.  @tp has its 4-tuple.
 */
int vn_tcp_connect_xmit(struct vn_tcp_sock *tp)
{
	struct vn_tcp_ns *tn = tp->tn;
	struct vn_inet *inet = tp->sk.inet;
	vn_time now = vn_env_now(inet->env);
	uint16_t pmtu;

	tp->ek.laddr = tp->sk.laddr;
	tp->ek.raddr = tp->sk.raddr;
	tp->ek.lport = tp->sk.lport;
	tp->ek.rport = tp->sk.rport;
	tp->advmss = vn_tcp_route_advmss(&tp->sk, tp->sk.raddr, &pmtu);
	if (tp->user_mss && tp->user_mss < tp->advmss)
		tp->advmss = tp->user_mss;
	tp->pmtu = pmtu;
	tp->mss_clamp = tp->user_mss ? tp->user_mss : 65535;
	tp->tstamp_ok = tn->conf.timestamps;
	tp->sack_ok = tn->conf.sack;
	tp->wscale_ok = tn->conf.window_scaling;
	tp->opt_len = 0;
	tp->max_window = 0;
	vn_tcp_sync_mss(tp);
	initial_window(tp, tp->advmss);
	tp->iss = vn_tcp_isn(tn, tp->sk.laddr, tp->sk.raddr, tp->sk.lport,
			     tp->sk.rport, now);
	tp->ts_off = vn_tcp_ts_offset(tn, tp->sk.laddr, tp->sk.raddr);
	tp->ts_recent = 0;
	tp->snd_una = tp->iss;
	tp->snd_nxt = tp->iss + 1;
	tp->write_seq = tp->iss + 1;
	tp->snd_sml = tp->snd_up = tp->write_seq;
	tp->sndq.seq = tp->write_seq;
	tp->snd_wnd = 0;
	tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = 0;
	tp->rto = TCP_TIMEOUT_INIT;
	tp->retrans_stamp = now;
	tp->retransmits = 0;
	tp->backoff = 0;
	tp->ca_ops->init(tp);
	vn_tcp_init_rcv_mss(tp);
	tp->txs_head = 0;
	tp->txs_len = 1;
	tp->txs[0].end = tp->snd_nxt;
	tp->txs[0].t = now;
	if (vn_tcp_elookup(tn, tp->ek.laddr, tp->ek.raddr, tp->ek.lport,
			   tp->ek.rport))
		return -EADDRNOTAVAIL;
	vn_tcp_ehash_add(tn, &tp->ek);
	vn_tcp_set_state(tp, VN_TCP_SYN_SENT);
	inet->stats.tcp_active_opens++;
	send_syn(tp, false);
	vn_tcp_rtx_arm(tp, TCP_RTX_RETRANS, now + tp->rto);
	if (tp->sk.keepalive)
		vn_tcp_keepalive_reset(tp);
	return 0;
}

/* The SYN again (the RTO timer in SYN-SENT). */
void vn_tcp_resend_syn(struct vn_tcp_sock *tp)
{
	tp->txs_len = 0;	/* Karn */
	send_syn(tp, true);
}

/*
 * tcp_xmit_probe_skb(): a segment the peer must answer and will not take
 * as data: an ACK one byte before snd_una (zero window and keepalive
 * probes).
 */
void vn_tcp_send_probe(struct vn_tcp_sock *tp)
{
	struct vn_inet *inet = tp->sk.inet;
	struct vn_tcp_sack_block blocks[VN_TCP_MAX_SACKS];
	struct tcp_out o;

	out_init(tp, &o);
	o.seq = tp->snd_una - 1;
	o.ack = tp->rcv_nxt;
	o.flags = VN_TCP_ACK_F;
	established_options(tp, &o, blocks);
	o.win = vn_tcp_select_window(tp);
	tp->segs_out++;
	inet->stats.tcp_out_segs++;
	ack_sent(tp);
	seg_xmit(inet, &o);
}

/*
 * tcp_write_wakeup(): a probe that carries what the window allows of the
 * next data, else the bare probe.  Return: 0 if data went, 1 if only the
 * probe did.
 */
int vn_tcp_write_wakeup(struct vn_tcp_sock *tp)
{
	vn_seq wnd_end = tp->snd_una + tp->snd_wnd;
	uint32_t unsent = tcp_unsent(tp);

	if (unsent && vn_seq_lt(tp->snd_nxt, wnd_end)) {
		uint32_t len = VN_MIN(VN_MIN(unsent, wnd_end - tp->snd_nxt),
				      vn_tcp_current_mss(tp));

		if (vn_tcp_xmit_data(tp, tp->snd_nxt, len, false))
			return 0;
	}
	vn_tcp_send_probe(tp);
	return 1;
}

/* --- replies without a socket --------------------------------------------------- */

/*
 * tcp_v4_send_reset(): the answer to a segment no connection wants
 * (RFC 9293 3.10.7.1): <SEQ=SEG.ACK><CTL=RST> if it had an ACK, else
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.  Never about a RST.
 */
void vn_tcp_reply_reset(struct vn_inet *inet, const struct tcp_seg *seg)
{
	struct tcp_out o = { 0 };

	if (seg->flags & VN_TCP_RST)
		return;
	o.saddr = seg->daddr;
	o.daddr = seg->saddr;
	o.sport = seg->dport;
	o.dport = seg->sport;
	if (seg->flags & VN_TCP_ACK_F) {
		o.seq = seg->ack;
		o.flags = VN_TCP_RST;
	} else {
		o.seq = 0;
		o.ack = seg->end_seq;
		o.flags = VN_TCP_RST | VN_TCP_ACK_F;
	}
	o.tos = vn_ipv4_tos(vn_buf_at(seg->buf, seg->buf->l3_off)) & ~3u;
	inet->stats.tcp_out_rsts++;
	inet->stats.tcp_out_segs++;
	seg_xmit(inet, &o);
}

static void req_out(const struct tcp_req *req, struct tcp_out *o)
{
	const struct vn_tcp_sock *lsk = req->listener;

	memset(o, 0, sizeof(*o));
	o->saddr = req->ek.laddr;
	o->daddr = req->ek.raddr;
	o->sport = req->ek.lport;
	o->dport = req->ek.rport;
	o->ttl = lsk->sk.ttl;
	o->tos = lsk->sk.tos;
	o->oif = lsk->sk.bound_ifindex;
}

/* tcp_v4_send_synack(). */
void vn_tcp_req_send_synack(struct tcp_req *req)
{
	struct vn_inet *inet = req->listener->sk.inet;
	vn_time now = vn_env_now(inet->env);
	struct tcp_out o;
	uint16_t pmtu;

	req_out(req, &o);
	o.seq = req->iss;
	o.ack = req->irs + 1;
	o.flags = VN_TCP_SYN | VN_TCP_ACK_F;
	o.win = (uint16_t)VN_MIN(req->rcv_wnd, TCP_MAX_WINDOW);
	o.opts.mss = true;
	o.opts.mss_val = vn_tcp_route_advmss(&req->listener->sk, req->ek.raddr,
					     &pmtu);
	if (req->listener->user_mss && req->listener->user_mss < o.opts.mss_val)
		o.opts.mss_val = req->listener->user_mss;
	if (req->tstamp_ok) {
		o.opts.ts = true;
		o.opts.ts_val = req->ts_off ? tcp_ts_clock(now) + req->ts_off :
					      tcp_ts_clock(now);
		o.opts.ts_ecr = req->ts_recent;
	}
	o.opts.sack_ok = req->sack_ok;
	if (req->wscale_ok) {
		o.opts.wscale = true;
		o.opts.wscale_val = req->rcv_wscale;
	}
	if (req->retrans) {
		inet->stats.tcp_retrans_segs++;
		inet->stats.tcpext_syn_retrans++;
	} else {
		inet->stats.tcp_out_segs++;
	}
	seg_xmit(inet, &o);
}

/* A SYN cookie's SYN-ACK: a request that is never stored. */
void vn_tcp_cookie_send_synack(struct vn_tcp_sock *lsk, const struct tcp_seg *seg,
			       vn_seq cookie, uint16_t mss, uint32_t ts_val,
			       uint8_t rcv_wscale, uint32_t rcv_wnd)
{
	struct vn_inet *inet = lsk->sk.inet;
	struct tcp_req req = { 0 };
	uint16_t pmtu;

	req.listener = lsk;
	req.ek.laddr = seg->daddr;
	req.ek.raddr = seg->saddr;
	req.ek.lport = seg->dport;
	req.ek.rport = seg->sport;
	req.iss = cookie;
	req.irs = seg->seq;
	req.tstamp_ok = seg->opt.has_ts && lsk->tn->conf.timestamps;
	req.sack_ok = seg->opt.sack_ok && lsk->tn->conf.sack;
	req.wscale_ok = seg->opt.has_wscale && lsk->tn->conf.window_scaling;
	req.rcv_wscale = rcv_wscale;
	req.ts_recent = seg->opt.ts_val;
	req.rcv_wnd = rcv_wnd;
	(void)mss;
	(void)pmtu;
	if (req.tstamp_ok) {
		/* The timestamp carries the options (cookie_init_timestamp()). */
		struct tcp_out o;

		req_out(&req, &o);
		o.seq = cookie;
		o.ack = seg->seq + 1;
		o.flags = VN_TCP_SYN | VN_TCP_ACK_F;
		o.win = (uint16_t)VN_MIN(rcv_wnd, TCP_MAX_WINDOW);
		o.opts.mss = true;
		o.opts.mss_val = vn_tcp_route_advmss(&lsk->sk, seg->saddr, &pmtu);
		if (lsk->user_mss && lsk->user_mss < o.opts.mss_val)
			o.opts.mss_val = lsk->user_mss;
		o.opts.ts = true;
		o.opts.ts_val = ts_val;
		o.opts.ts_ecr = seg->opt.ts_val;
		o.opts.sack_ok = req.sack_ok;
		if (req.wscale_ok) {
			o.opts.wscale = true;
			o.opts.wscale_val = rcv_wscale;
		}
		inet->stats.tcp_out_segs++;
		seg_xmit(inet, &o);
		return;
	}
	vn_tcp_req_send_synack(&req);
}

/* tcp_v4_reqsk_send_ack(): a request answers an out-of-window segment. */
void vn_tcp_req_send_ack(struct tcp_req *req, const struct tcp_seg *seg)
{
	struct vn_inet *inet = req->listener->sk.inet;
	struct tcp_out o;

	(void)seg;
	req_out(req, &o);
	o.seq = req->iss + 1;
	o.ack = req->irs + 1;
	o.flags = VN_TCP_ACK_F;
	o.win = (uint16_t)(req->rcv_wnd >> req->rcv_wscale);
	if (req->tstamp_ok) {
		o.opts.ts = true;
		o.opts.ts_val = tcp_ts_clock(vn_env_now(inet->env)) + req->ts_off;
		o.opts.ts_ecr = req->ts_recent;
	}
	inet->stats.tcp_out_segs++;
	seg_xmit(inet, &o);
}

/* tcp_v4_timewait_ack(). */
void vn_tcp_tw_send_ack(struct tcp_tw *tw)
{
	struct vn_inet *inet = tw->tn->inet;
	struct tcp_out o = { 0 };

	o.saddr = tw->ek.laddr;
	o.daddr = tw->ek.raddr;
	o.sport = tw->ek.lport;
	o.dport = tw->ek.rport;
	o.ttl = tw->ttl;
	o.tos = tw->tos;
	o.oif = tw->bound_ifindex;
	o.seq = tw->snd_nxt;
	o.ack = tw->rcv_nxt;
	o.flags = VN_TCP_ACK_F;
	o.win = (uint16_t)VN_MIN(tw->rcv_wnd >> tw->rcv_wscale, TCP_MAX_WINDOW);
	if (tw->tstamp_ok) {
		o.opts.ts = true;
		o.opts.ts_val = tcp_ts_clock(vn_env_now(inet->env)) + tw->ts_off;
		o.opts.ts_ecr = tw->ts_recent;
	}
	inet->stats.tcp_out_segs++;
	seg_xmit(inet, &o);
}
