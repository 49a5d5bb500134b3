// SPDX-License-Identifier: MIT
/*
 * inet/tcp_in.c - TCP input: validation, demultiplexing, listeners and
 * requests, the RFC 9293 3.10.7 "segment arrives" rules, ACK processing,
 * receive queues, TIME-WAIT, ICMP errors (Linux's tcp_ipv4.c
 * tcp_v4_rcv(), tcp_input.c, tcp_minisocks.c).
 *
 * A segment is checked (header, checksum, options), parsed once into a
 * struct tcp_seg and looked up: a connection, request or TIME-WAIT entry
 * by 4-tuple, else a listener by port, else it gets a RST (RFC 9293
 * 3.10.7.1).  Established connections first try header prediction (the
 * next in-order segment, or a pure ACK, with nothing unusual: Van
 * Jacobson's fast path as tcp_rcv_established() has it); everything else
 * takes tcp_rcv_state_process()'s slow path in RFC order: PAWS (RFC 7323
 * 5.3), sequence check, RST (RFC 5961 3.2: exact match resets, else a
 * challenge ACK), SYN (RFC 5961 4.2: challenge ACK), ACK (RFC 5961 5.2),
 * segment text, FIN.
 */
#include <errno.h>
#include <stdlib.h>

#include "inet/ipv4_priv.h"
#include "inet/tcp_priv.h"
#include "wire/ipv4.h"

/* Return values of tcp_ack(). */
#define ACK_INVALID (-1)
#define ACK_OLD 0
#define ACK_OK 1

/* Flags for tcp_ack(). */
#define ACK_NO_CHALLENGE 1

/* --- RTT (RFC 6298, tcp_rtt_estimator()) ------------------------------- */

/* __tcp_set_rto(): srtt + rttvar, in whole jiffies (rounded up). */
void vn_tcp_set_rto(struct vn_tcp_sock *tp)
{
	vn_time rto = ((vn_time)(tp->srtt_us >> 3) + tp->rttvar_us) * VN_USEC;

	rto = (rto + TCP_JIFFY - 1) / TCP_JIFFY * TCP_JIFFY;
	tp->rto = VN_MIN(rto, TCP_RTO_MAX);
}

void vn_tcp_rtt_sample(struct vn_tcp_sock *tp, int64_t rtt_us)
{
	long m = (long)VN_MAX(rtt_us, (int64_t)1);
	uint32_t srtt = tp->srtt_us;
	uint32_t rto_min_us = (uint32_t)(TCP_RTO_MIN / VN_USEC);

	if ((uint32_t)m < tp->min_rtt_us)
		tp->min_rtt_us = (uint32_t)m;
	if (srtt) {
		m -= (long)(srtt >> 3);
		srtt += (uint32_t)m;
		if (m < 0) {
			m = -m;
			m -= (long)(tp->mdev_us >> 2);
			if (m > 0)
				m >>= 3;
		} else {
			m -= (long)(tp->mdev_us >> 2);
		}
		tp->mdev_us += (uint32_t)m;
		if (tp->mdev_us > tp->mdev_max_us) {
			tp->mdev_max_us = tp->mdev_us;
			if (tp->mdev_max_us > tp->rttvar_us)
				tp->rttvar_us = tp->mdev_max_us;
		}
		if (vn_seq_gt(tp->snd_una, tp->rtt_seq)) {
			if (tp->mdev_max_us < tp->rttvar_us)
				tp->rttvar_us -= (tp->rttvar_us - tp->mdev_max_us) >> 2;
			tp->rtt_seq = tp->snd_nxt;
			tp->mdev_max_us = rto_min_us;
		}
	} else {
		srtt = (uint32_t)m << 3;
		tp->mdev_us = (uint32_t)m << 1;
		tp->rttvar_us = VN_MAX(tp->mdev_us, rto_min_us);
		tp->mdev_max_us = tp->rttvar_us;
		tp->rtt_seq = tp->snd_nxt;
	}
	tp->srtt_us = VN_MAX(1u, srtt);
	vn_tcp_set_rto(tp);
}

/* --- parsing ---------------------------------------------------------------- */

static void seg_parse(struct vn_buf *buf, struct tcp_seg *seg)
{
	const uint8_t *ip = vn_buf_at(buf, buf->l3_off);
	const uint8_t *th = buf->data;
	uint32_t hlen = vn_tcp_hlen(th);

	seg->buf = buf;
	seg->th = th;
	seg->saddr = vn_ipv4_src(ip);
	seg->daddr = vn_ipv4_dst(ip);
	seg->sport = vn_tcp_sport(th);
	seg->dport = vn_tcp_dport(th);
	seg->seq = vn_tcp_seq(th);
	seg->ack = vn_tcp_ack(th);
	seg->flags = vn_tcp_flags(th);
	seg->wnd = vn_tcp_win(th);
	/* The usual case, NOP NOP TS, without the general walk. */
	if (hlen == VN_TCP_HLEN + VN_TCPOLEN_TS_ALIGNED &&
	    vn_load_be32(th + VN_TCP_HLEN) == 0x0101080a) {
		memset(&seg->opt, 0, sizeof(seg->opt));
		seg->opt.has_ts = true;
		seg->opt.ts_val = vn_load_be32(th + VN_TCP_HLEN + 4);
		seg->opt.ts_ecr = vn_load_be32(th + VN_TCP_HLEN + 8);
	} else if (hlen > VN_TCP_HLEN) {
		vn_tcp_opts_parse(th + VN_TCP_HLEN, hlen - VN_TCP_HLEN,
				  seg->flags & VN_TCP_SYN, &seg->opt);
	} else {
		memset(&seg->opt, 0, sizeof(seg->opt));
	}
	vn_buf_pull(buf, hlen);
	seg->len = buf->len;
	seg->end_seq = seg->seq + seg->len +
		       ((seg->flags & VN_TCP_SYN) ? 1 : 0) +
		       ((seg->flags & VN_TCP_FIN) ? 1 : 0);
}

/* The first sequence number of a queued segment's remaining data. */
static vn_seq buf_seq(const struct vn_buf *b)
{
	const uint8_t *th = vn_buf_at(b, b->l4_off);

	return vn_tcp_seq(th) + (uint32_t)(b->data - (th + vn_tcp_hlen(th))) +
	       ((vn_tcp_flags(th) & VN_TCP_SYN) ? 1 : 0);
}

/* Does the queued segment still end with its FIN (tail not trimmed)? */
static bool buf_fin(const struct vn_buf *b)
{
	const uint8_t *ip = vn_buf_at(b, b->l3_off);
	const uint8_t *th = vn_buf_at(b, b->l4_off);

	return (vn_tcp_flags(th) & VN_TCP_FIN) &&
	       b->data + b->len == ip + vn_ipv4_tot_len(ip);
}

static vn_seq buf_end(const struct vn_buf *b)
{
	return buf_seq(b) + b->len + (buf_fin(b) ? 1 : 0);
}

/* --- timestamps and PAWS (RFC 7323) -------------------------------------- */

static int64_t now_sec(const struct vn_tcp_sock *tp)
{
	return tcp_now(tp) / VN_SEC;
}

/* tcp_paws_check(): is @ts_val acceptable against ts_recent? */
static bool paws_check(uint32_t ts_recent, int64_t stamp, uint32_t ts_val,
		       int win, int64_t now_s)
{
	if ((int32_t)(ts_recent - ts_val) <= win)
		return true;
	if (now_s >= stamp + TCP_PAWS_24DAYS)
		return true;
	if (!ts_recent)
		return true;
	return false;
}

/* tcp_paws_reject(). */
static bool paws_reject(uint32_t ts_recent, int64_t stamp, uint32_t ts_val,
			bool rst, int64_t now_s)
{
	if (paws_check(ts_recent, stamp, ts_val, 0, now_s))
		return false;
	if (rst && now_s >= stamp + TCP_PAWS_MSL)
		return false;
	return true;
}

static bool may_update_window(const struct vn_tcp_sock *tp, vn_seq ack,
			      vn_seq ack_seq, uint32_t nwin)
{
	return vn_seq_gt(ack, tp->snd_una) || vn_seq_gt(ack_seq, tp->snd_wl1) ||
	       (ack_seq == tp->snd_wl1 && (nwin > tp->snd_wnd || !nwin));
}

/* tcp_disordered_ack(): an old duplicate ACK PAWS should let through. */
static bool disordered_ack(const struct vn_tcp_sock *tp,
			   const struct tcp_seg *seg)
{
	return (seg->flags & VN_TCP_ACK_F) && seg->seq == seg->end_seq &&
	       seg->seq == tp->rcv_nxt && seg->ack == tp->snd_una &&
	       !may_update_window(tp, seg->ack, seg->seq,
				  seg->wnd << tp->snd_wscale) &&
	       (int32_t)(tp->ts_recent - seg->opt.ts_val) <=
		       (int32_t)(tp->rto / VN_MSEC);
}

static bool paws_discard(const struct vn_tcp_sock *tp,
			 const struct tcp_seg *seg)
{
	return !paws_check(tp->ts_recent, tp->ts_recent_stamp, seg->opt.ts_val,
			   TCP_PAWS_WINDOW, now_sec(tp)) &&
	       !disordered_ack(tp, seg);
}

/* tcp_replace_ts_recent(): RFC 7323 4.3, at the left window edge. */
static void replace_ts_recent(struct vn_tcp_sock *tp, const struct tcp_seg *seg)
{
	if (seg->opt.has_ts && !vn_seq_gt(seg->seq, tp->rcv_wup) &&
	    paws_check(tp->ts_recent, tp->ts_recent_stamp, seg->opt.ts_val, 0,
		       now_sec(tp))) {
		tp->ts_recent = seg->opt.ts_val;
		tp->ts_recent_stamp = now_sec(tp);
	}
}

/* --- receiving data ------------------------------------------------------- */

/* tcp_incr_quickack(). */
static void incr_quickack(struct vn_tcp_sock *tp)
{
	uint32_t q = tp->rcv_wnd / (2u * tp->rcv_mss);

	if (!q)
		q = 2;
	q = VN_MIN(q, (uint32_t)TCP_MAX_QUICKACKS);
	if (q > tp->quick)
		tp->quick = (uint8_t)q;
}

static void enter_quickack(struct vn_tcp_sock *tp)
{
	incr_quickack(tp);
	tp->pingpong = false;
	tp->ato = TCP_ATO_MIN;
}

/*
 * tcp_measure_rcv_mss(): the peer's segment size, from full segments, or
 * from two equal smaller ones that look full (no PSH, FIN, URG).
 */
static void measure_rcv_mss(struct vn_tcp_sock *tp, const struct tcp_seg *seg)
{
	uint32_t lss = tp->last_seg_size;
	uint32_t len = seg->len;

	tp->last_seg_size = 0;
	if (len >= tp->rcv_mss) {
		tp->rcv_mss = (uint16_t)VN_MIN(len, (uint32_t)tp->advmss);
		return;
	}
	len += vn_tcp_hlen(seg->th);
	if (len >= TCP_MSS_DEFAULT + VN_TCP_HLEN ||
	    (len >= TCP_MIN_MSS + VN_TCP_HLEN &&
	     !(seg->flags & (VN_TCP_FIN | VN_TCP_URG | VN_TCP_SYN |
			     VN_TCP_PSH)))) {
		len -= VN_TCP_HLEN + tp->opt_len;
		tp->last_seg_size = (uint16_t)len;
		if (len == lss)
			tp->rcv_mss = (uint16_t)len;
	}
}

/* tcp_grow_window(): let rcv_ssthresh follow good segments. */
static void grow_window(struct vn_tcp_sock *tp, uint32_t len)
{
	uint32_t room = tp->window_clamp - tp->rcv_ssthresh;

	if (tp->rcv_ssthresh >= tp->window_clamp || len < 128)
		return;
	if (vn_tcp_win_from_space(tp->sk.rcvbuf) <=
	    tp->rcvq_bytes + tp->ofo_bytes)
		return;
	tp->rcv_ssthresh += VN_MIN(room, 2u * tp->advmss);
}

/* tcp_event_data_recv(): new in-order data arrived. */
static void event_data_recv(struct vn_tcp_sock *tp, const struct tcp_seg *seg)
{
	vn_time now = tcp_now(tp);

	tp->ack_pending |= TCP_ACK_SCHED;
	measure_rcv_mss(tp, seg);
	if (!tp->ato) {
		/* The first data segment: start in quick-ACK mode. */
		incr_quickack(tp);
		tp->ato = TCP_ATO_MIN;
	} else {
		vn_time m = now - tp->lrcvtime;

		if (m <= TCP_ATO_MIN / 2) {
			tp->ato = (tp->ato >> 1) + TCP_ATO_MIN / 2;
		} else if (m < tp->ato) {
			tp->ato = (tp->ato >> 1) + m;
			if (tp->ato > tp->rto)
				tp->ato = tp->rto;
		} else if (m > tp->rto) {
			incr_quickack(tp);
		}
	}
	tp->lrcvtime = now;
	grow_window(tp, seg->len);
}

/* The receiver's RTT from timestamps (tcp_rcv_rtt_measure_ts()). */
static void rcv_rtt_measure_ts(struct vn_tcp_sock *tp, const struct tcp_seg *seg)
{
	uint32_t now_ts = tcp_ts_clock(tcp_now(tp)) + tp->ts_off;
	int32_t delta;

	if (!seg->opt.has_ts || !seg->opt.ts_ecr || seg->len < tp->rcv_mss)
		return;
	delta = (int32_t)(now_ts - seg->opt.ts_ecr);
	if (delta <= 0)
		delta = 1;
	if (delta > 0 && delta < 120000) {
		uint32_t us = (uint32_t)delta * 1000;

		if (!tp->rcv_rtt_us || us < tp->rcv_rtt_us)
			tp->rcv_rtt_us = us;
		else
			tp->rcv_rtt_us = (7 * tp->rcv_rtt_us + us) / 8;
	}
}

/* tcp_fin(): the peer has no more to send. */
static void tcp_fin(struct vn_tcp_sock *tp)
{
	tp->ack_pending |= TCP_ACK_SCHED;
	tp->shutdown |= TCP_RCV_SHUTDOWN;
	tp->done = true;
	switch (tp->state) {
	case VN_TCP_SYN_RECV:
	case VN_TCP_ESTABLISHED:
		vn_tcp_set_state(tp, VN_TCP_CLOSE_WAIT);
		tp->pingpong = true;
		break;
	case VN_TCP_CLOSE_WAIT:
	case VN_TCP_CLOSING:
	case VN_TCP_LAST_ACK:
		break;
	case VN_TCP_FIN_WAIT1:
		/* Simultaneous close: ACK the FIN, wait for ours. */
		vn_tcp_send_ack(tp);
		vn_tcp_set_state(tp, VN_TCP_CLOSING);
		break;
	case VN_TCP_FIN_WAIT2:
		vn_tcp_send_ack(tp);
		vn_tcp_time_wait(tp, VN_TCP_TIME_WAIT, TCP_TIMEWAIT_LEN);
		break;
	default:
		break;
	}
	/* Data after the FIN cannot be; forget what waits out of order. */
	vn_bufq_purge(&tp->ofoq, VN_DROP_TCP_CLOSE);
	tp->ofo_bytes = 0;
	tp->n_sacks = 0;
	vn_tcp_wake(tp);
}

static void rcvq_add(struct vn_tcp_sock *tp, struct vn_buf *buf)
{
	tp->rcvq_bytes += buf->len;
	tp->bytes_received += buf->len;
	tp->rcv_nxt += buf->len;
	if (buf->len) {
		vn_bufq_push(&tp->rcvq, buf);
		vn_tcp_wake(tp);
	} else {
		vn_buf_free(buf);
	}
}

/* tcp_ofo_queue(): move what became in order to the receive queue. */
static void ofo_queue(struct vn_tcp_sock *tp)
{
	struct vn_buf *b;

	while ((b = tp->ofoq.head) && !vn_seq_gt(buf_seq(b), tp->rcv_nxt)) {
		vn_seq seq = buf_seq(b), end = buf_end(b);
		bool fin = buf_fin(b);

		vn_bufq_pop(&tp->ofoq);
		tp->ofo_bytes -= b->len;
		if (!vn_seq_gt(end, tp->rcv_nxt)) {
			vn_tcp_dsack_set(tp, seq, end);
			vn_buf_drop(b, VN_DROP_TCP_OLD_DATA);
			continue;
		}
		if (vn_seq_lt(seq, tp->rcv_nxt)) {
			vn_tcp_dsack_set(tp, seq, tp->rcv_nxt);
			vn_buf_pull(b, tp->rcv_nxt - seq);
		}
		rcvq_add(tp, b);
		if (fin) {
			tp->rcv_nxt++;
			tcp_fin(tp);
			break;
		}
	}
}

/* tcp_data_queue_ofo(): keep a segment beyond a hole, sorted. */
static void data_queue_ofo(struct vn_tcp_sock *tp, struct vn_buf *buf,
			   vn_seq seq)
{
	struct vn_inet *inet = tp->sk.inet;
	vn_seq end = seq + buf->len + (buf_fin(buf) ? 1 : 0);
	struct vn_buf *prev = NULL, *cur = tp->ofoq.head;

	tp->ack_pending |= TCP_ACK_SCHED;
	if (tp->rcvq_bytes + tp->ofo_bytes + buf->len > tp->sk.rcvbuf) {
		inet->stats.tcpext_ofo_drop++;
		vn_buf_drop(buf, VN_DROP_TCP_RCVBUF);
		return;
	}
	inet->stats.tcpext_ofo_queue++;
	/* Most segments beyond a hole arrive in order: try the tail. */
	if (tp->ofoq.tail && !vn_seq_lt(seq, buf_end(tp->ofoq.tail))) {
		prev = tp->ofoq.tail;
		cur = NULL;
	} else {
		/* Linear in the queue; bounded by the receive buffer. */
		while (cur && vn_seq_le(buf_end(cur), seq)) {
			prev = cur;
			cur = cur->next;
		}
		if (cur && vn_seq_le(buf_seq(cur), seq) &&
		    vn_seq_ge(buf_end(cur), end)) {
			/* Already have all of it. */
			vn_tcp_dsack_set(tp, seq, end);
			inet->stats.tcpext_ofo_merge++;
			vn_tcp_rcv_sack_new_ofo(tp, seq, end);
			vn_buf_drop(buf, VN_DROP_TCP_OLD_DATA);
			return;
		}
		if (cur && vn_seq_lt(buf_seq(cur), seq)) {
			/* Overlaps the one before: drop our head. */
			vn_seq cend = buf_end(cur);

			vn_tcp_dsack_set(tp, seq, cend);
			vn_buf_pull(buf, cend - seq);
			seq = cend;
			prev = cur;
			cur = cur->next;
		}
		/* Swallow the segments we cover entirely. */
		while (cur && vn_seq_ge(end, buf_end(cur))) {
			struct vn_buf *next = cur->next;

			vn_tcp_dsack_set(tp, buf_seq(cur), buf_end(cur));
			if (prev)
				prev->next = next;
			else
				tp->ofoq.head = next;
			if (tp->ofoq.tail == cur)
				tp->ofoq.tail = prev;
			tp->ofoq.len--;
			tp->ofo_bytes -= cur->len;
			inet->stats.tcpext_ofo_merge++;
			vn_buf_drop(cur, VN_DROP_TCP_OLD_DATA);
			cur = next;
		}
		/* Overlaps the next one: drop our tail. */
		if (cur && vn_seq_gt(end, buf_seq(cur))) {
			uint32_t keep = buf_seq(cur) - seq;

			vn_buf_trim(buf, keep);
		}
	}
	buf->next = cur;
	if (prev)
		prev->next = buf;
	else
		tp->ofoq.head = buf;
	if (!cur)
		tp->ofoq.tail = buf;
	tp->ofoq.len++;
	tp->ofo_bytes += buf->len;
	vn_tcp_rcv_sack_new_ofo(tp, seq, buf_end(buf));
	grow_window(tp, buf->len);
}

/* tcp_data_queue(): the segment text of an acceptable segment. */
static void data_queue(struct vn_tcp_sock *tp, struct tcp_seg *seg)
{
	struct vn_inet *inet = tp->sk.inet;
	struct vn_buf *buf = seg->buf;
	vn_seq seq = seg->seq;
	uint32_t win;
	bool fin = seg->flags & VN_TCP_FIN;

	seg->buf = NULL;
	if (seg->flags & VN_TCP_SYN) {
		/* Only a SYN-ACK's old SYN gets here (simultaneous open). */
		seq++;
	}
	if (!buf->len && !fin) {
		vn_buf_free(buf);
		return;
	}
	win = tcp_receive_window(tp);
	if (seq == tp->rcv_nxt) {
		if (!win && !(fin && !buf->len)) {
			/* RFC 9293 3.10.7.4: a zero window takes no data. */
			inet->stats.tcpext_zero_window_drop++;
			enter_quickack(tp);
			tp->ack_pending |= TCP_ACK_SCHED;
			vn_buf_drop(buf, VN_DROP_TCP_ZEROWINDOW);
			return;
		}
		if (buf->len > win) {
			/* Past the window's right edge: keep what fits. */
			vn_buf_trim(buf, win);
			fin = false;
		}
		if (buf->len)
			event_data_recv(tp, seg);
		tp->data_segs_in += buf->len ? 1 : 0;
		rcvq_add(tp, buf);
		if (fin) {
			tp->rcv_nxt++;
			tcp_fin(tp);
		}
		if (tp->ofoq.len) {
			ofo_queue(tp);
			/* A hole was filled: ACK it at once. */
			if (!tp->ofoq.len)
				tp->ack_pending |= TCP_ACK_NOW;
		}
		if (tp->n_sacks)
			vn_tcp_rcv_sack_remove(tp);
		return;
	}
	if (!vn_seq_gt(seq + buf->len + (fin ? 1 : 0), tp->rcv_nxt)) {
		/* A retransmission of what we have: ACK it now, D-SACK. */
		inet->stats.tcpext_delayed_ack_lost++;
		vn_tcp_dsack_set(tp, seq, seq + buf->len);
		enter_quickack(tp);
		tp->ack_pending |= TCP_ACK_SCHED;
		vn_buf_drop(buf, VN_DROP_TCP_OLD_DATA);
		return;
	}
	if (!vn_seq_lt(seq, tp->rcv_nxt + win)) {
		/* Out of window, e.g. a zero window probe. */
		enter_quickack(tp);
		tp->ack_pending |= TCP_ACK_SCHED;
		vn_buf_drop(buf, win ? VN_DROP_TCP_OVERWINDOW :
				       VN_DROP_TCP_ZEROWINDOW);
		return;
	}
	if (vn_seq_lt(seq, tp->rcv_nxt)) {
		/* Partly old: D-SACK the old part, keep the rest. */
		vn_tcp_dsack_set(tp, seq, tp->rcv_nxt);
		if (!win) {
			inet->stats.tcpext_zero_window_drop++;
			enter_quickack(tp);
			tp->ack_pending |= TCP_ACK_SCHED;
			vn_buf_drop(buf, VN_DROP_TCP_ZEROWINDOW);
			return;
		}
		vn_buf_pull(buf, tp->rcv_nxt - seq);
		seg->seq = tp->rcv_nxt;
		seg->len = buf->len;
		seg->buf = buf;
		seg->flags &= (uint8_t)~VN_TCP_SYN;
		data_queue(tp, seg);
		return;
	}
	/* Beyond a hole. */
	if (vn_seq_gt(seq + buf->len, tp->rcv_nxt + win))
		vn_buf_trim(buf, tp->rcv_nxt + win - seq);
	enter_quickack(tp);
	data_queue_ofo(tp, buf, seq);
}

/* --- ACKs --------------------------------------------------------------------- */

/*
 * tcp_ack_update_rtt(): the oldest newly acknowledged segment sent once
 * gives the RTO's sample, the newest the congestion control's (Karn's
 * rule: nothing retransmitted is timed); an echoed timestamp stands in
 * when retransmitted data was acknowledged.  A valid sample ends the
 * backoff (RFC 6298 5.7).
 */
static void ack_rtt(struct vn_tcp_sock *tp, const struct tcp_seg *seg,
		    vn_seq ack, uint32_t acked_pkts, vn_time now)
{
	vn_time first = 0, last = 0;
	int64_t rtt = -1, ca_rtt = -1;
	bool found = false;

	while (tp->txs_len && vn_seq_le(tp->txs[tp->txs_head].end, ack)) {
		if (!found)
			first = tp->txs[tp->txs_head].t;
		found = true;
		last = tp->txs[tp->txs_head].t;
		tp->txs_head = (uint8_t)((tp->txs_head + 1) % TCP_TXSTAMPS);
		tp->txs_len--;
	}
	if (found) {
		rtt = (now - first) / VN_USEC;
		ca_rtt = (now - last) / VN_USEC;
	} else if (seg->opt.has_ts && seg->opt.ts_ecr && tp->tstamp_ok) {
		uint32_t now_ts = tcp_ts_clock(now) + tp->ts_off;
		int32_t d = (int32_t)(now_ts - seg->opt.ts_ecr);

		if (d >= 0 && tp->retransmits)
			rtt = ca_rtt = (int64_t)d * 1000;
	}
	if (rtt >= 0) {
		vn_tcp_rtt_sample(tp, rtt);
		tp->backoff = 0;
	}
	tp->ca_ops->pkts_acked(tp, acked_pkts, ca_rtt);
}

/* tcp_ack_update_window(). */
static void ack_update_window(struct vn_tcp_sock *tp, const struct tcp_seg *seg)
{
	uint32_t nwin = seg->wnd;

	if (!(seg->flags & VN_TCP_SYN))
		nwin <<= tp->snd_wscale;
	if (may_update_window(tp, seg->ack, seg->seq, nwin)) {
		tp->snd_wl1 = seg->seq;
		if (tp->snd_wnd != nwin) {
			tp->snd_wnd = nwin;
			if (nwin > tp->max_window) {
				tp->max_window = nwin;
				vn_tcp_sync_mss(tp);
			}
		}
	}
}

/*
 * tcp_ack(): process the acknowledgment field.  Return: ACK_INVALID (drop
 * the segment), ACK_OLD (below snd_una), ACK_OK.
 */
static int tcp_ack(struct vn_tcp_sock *tp, const struct tcp_seg *seg, int flag)
{
	struct vn_inet *inet = tp->sk.inet;
	vn_seq prior_una = tp->snd_una;
	vn_seq ack = seg->ack;
	uint32_t prior_wnd = tp->snd_wnd;
	vn_time now = tcp_now(tp);
	uint32_t acked_bytes, acked_pkts = 0, newly_sacked = 0;
	bool is_dupack, dsack = false;

	/* RFC 5961 5.2: ACKs older than the window get a challenge. */
	if (vn_seq_lt(ack, prior_una)) {
		if (vn_seq_lt(ack, prior_una - tp->max_window)) {
			if (!(flag & ACK_NO_CHALLENGE))
				vn_tcp_send_challenge_ack(tp);
			return ACK_INVALID;
		}
		if (seg->opt.n_sack && tp->sack_ok) {
			vn_tcp_sacktag(tp, seg, prior_una, &dsack);
			vn_tcp_fastretrans_alert(tp, prior_una, false, 0);
		}
		return ACK_OLD;
	}
	/* RFC 9293 3.10.7.4: an ACK for something not yet sent is dropped. */
	if (vn_seq_gt(ack, tp->snd_nxt))
		return ACK_INVALID;
	tp->rcv_tstamp = now;
	tp->last_ack_recv = now;
	tp->probes_out = 0;
	tp->soft_err = 0;
	ack_update_window(tp, seg);
	acked_bytes = ack - prior_una;
	if (acked_bytes) {
		vn_seq data_end = vn_seq_min(ack, tp->write_seq);

		tp->snd_una = ack;
		vn_tcp_sndq_ack(tp, data_end);
		vn_tcp_sb_ack(&tp->sb, ack);
		tp->bytes_acked += acked_bytes;
		acked_pkts = tcp_packets_in(acked_bytes, tp->mss_cache);
		tp->delivered += acked_pkts;
		inet->stats.tcpext_delivered += acked_pkts;
		ack_rtt(tp, seg, ack, acked_pkts, now);
		tp->retransmits = 0;
		tp->retrans_stamp = 0;
		if (tp->rtx_kind == TCP_RTX_RETRANS) {
			/* The backoff is over: back to the measured RTO. */
			vn_tcp_rearm_rto(tp);
		}
		if (vn_tcp_sndq_free(tp) && !(tp->shutdown & TCP_SEND_SHUTDOWN))
			vn_tcp_wake(tp);
		if (!tp->sndbuf_locked)
			vn_tcp_sndbuf_expand(tp);
	}
	if (seg->opt.n_sack && tp->sack_ok)
		newly_sacked = vn_tcp_sacktag(tp, seg, prior_una, &dsack);
	/* RFC 5681 2: a duplicate ACK acknowledges nothing new, carries no
	 * data, leaves the window alone, while data is outstanding.  With
	 * SACK (RFC 6675 2) it must also SACK new data: a copy of an ACK
	 * (duplicated by the network) or a D-SACK is no sign of loss. */
	is_dupack = !acked_bytes && !seg->len && tp->snd_wnd == prior_wnd &&
		    tp->snd_una != tp->snd_nxt &&
		    !(seg->flags & (VN_TCP_SYN | VN_TCP_FIN)) &&
		    (!tp->sack_ok || newly_sacked);
	vn_tcp_fastretrans_alert(tp, prior_una, is_dupack, acked_bytes);
	if (tp->snd_una == tp->snd_nxt) {
		if (tp->rtx_kind == TCP_RTX_RETRANS)
			vn_tcp_rtx_stop(tp);
	} else if (acked_bytes && tp->rtx_kind != TCP_RTX_PROBE) {
		vn_tcp_rearm_rto(tp);
	}
	if (tp->rtx_kind == TCP_RTX_PROBE && tp->snd_wnd)
		vn_tcp_rtx_stop(tp);
	return ACK_OK;
}

/* --- the slow path (tcp_validate_incoming, tcp_rcv_state_process) ---------- */

/* tcp_reset_check(): a RST at rcv_nxt - 1 after the peer's FIN. */
static bool reset_check(const struct vn_tcp_sock *tp, const struct tcp_seg *seg)
{
	return seg->seq == tp->rcv_nxt - 1 &&
	       (tp->state == VN_TCP_CLOSE_WAIT || tp->state == VN_TCP_LAST_ACK ||
		tp->state == VN_TCP_CLOSING);
}

/* tcp_sequence(): is any of the segment inside the window? */
static enum vn_drop_reason sequence_check(const struct vn_tcp_sock *tp,
					  const struct tcp_seg *seg)
{
	vn_seq right = tp->rcv_nxt + tcp_receive_window(tp);

	if (vn_seq_lt(seg->end_seq, tp->rcv_wup))
		return VN_DROP_TCP_OLD_DATA;
	if (vn_seq_gt(seg->end_seq, right)) {
		if (vn_seq_gt(seg->seq, right))
			return VN_DROP_TCP_INVALID_SEQUENCE;
		if (tp->rcvq.len)
			return VN_DROP_TCP_INVALID_SEQUENCE;
	}
	return 0;
}

/*
 * tcp_validate_incoming(): PAWS, sequence, RST and SYN checks.  Consumes
 * the segment and returns false when it goes no further.
 */
static bool validate_incoming(struct vn_tcp_sock *tp, struct tcp_seg *seg)
{
	struct vn_inet *inet = tp->sk.inet;
	enum vn_drop_reason why;

	if (seg->opt.has_ts && tp->tstamp_ok && paws_discard(tp, seg) &&
	    !(seg->flags & VN_TCP_RST)) {
		if (seg->flags & VN_TCP_SYN)
			goto syn_challenge;
		inet->stats.tcpext_paws_estab++;
		if (!vn_tcp_oow_rate_limited(tp->tn, seg, &tp->last_oow_ack_time,
					     &inet->stats.tcpext_ack_skipped_paws))
			vn_tcp_send_dupack(tp, seg);
		vn_buf_drop(seg->buf, VN_DROP_TCP_PAWS);
		return false;
	}
	why = sequence_check(tp, seg);
	if (why) {
		if (!(seg->flags & VN_TCP_RST)) {
			if (seg->flags & VN_TCP_SYN)
				goto syn_challenge;
			if (!vn_tcp_oow_rate_limited(
				    tp->tn, seg, &tp->last_oow_ack_time,
				    &inet->stats.tcpext_ack_skipped_seq))
				vn_tcp_send_dupack(tp, seg);
		} else if (reset_check(tp, seg)) {
			goto reset;
		} else {
			why = VN_DROP_TCP_RST_IGNORED;
		}
		vn_buf_drop(seg->buf, why);
		return false;
	}
	if (seg->flags & VN_TCP_RST) {
		vn_seq max_sack;

		/* RFC 5961 3.2: exactly rcv_nxt (or the right edge of
		 * the SACKed data) resets; elsewhere in the window gets a
		 * challenge ACK. */
		if (seg->seq == tp->rcv_nxt || reset_check(tp, seg))
			goto reset;
		if (tp->sack_ok && tp->n_sacks) {
			max_sack = tp->sacks[0].end;
			for (uint8_t i = 1; i < tp->n_sacks; i++)
				max_sack = vn_seq_max(max_sack, tp->sacks[i].end);
			if (seg->seq == max_sack)
				goto reset;
		}
		vn_tcp_send_challenge_ack(tp);
		vn_buf_drop(seg->buf, VN_DROP_TCP_RST_CHALLENGE);
		return false;
	}
	if (seg->flags & VN_TCP_SYN) {
		/* The SYN-ACK of a simultaneous open is expected. */
		if (tp->state == VN_TCP_SYN_RECV && (seg->flags & VN_TCP_ACK_F) &&
		    seg->seq + 1 == seg->end_seq && seg->seq + 1 == tp->rcv_nxt &&
		    seg->ack == tp->snd_nxt)
			return true;
		goto syn_challenge;
	}
	return true;

syn_challenge:
	/* RFC 5961 4.2: a SYN in a synchronized state is answered with a
	 * challenge ACK, never with a reset. */
	inet->stats.tcpext_syn_challenge++;
	vn_tcp_send_challenge_ack(tp);
	vn_buf_drop(seg->buf, VN_DROP_TCP_SYN_CHALLENGE);
	return false;

reset:
	vn_tcp_reset(tp, 0);
	vn_buf_free(seg->buf);
	return false;
}

/* The connection's first segments: tcp_finish_connect(). */
static void finish_connect(struct vn_tcp_sock *tp)
{
	vn_tcp_set_state(tp, VN_TCP_ESTABLISHED);
	tp->rcv_tstamp = tcp_now(tp);
	vn_tcp_init_buffers(tp);
	/* RFC 6298 5.7: a lost SYN means the first window is one segment. */
	if (tp->total_retrans)
		tp->cwnd = 1;
	if (tp->sk.keepalive)
		vn_tcp_keepalive_reset(tp);
	vn_tcp_wake(tp);
}

/* The segment asks for a reset in reply (tcp_rcv_state_process() == 1). */
static void reply_reset_and_drop(struct vn_inet *inet, struct tcp_seg *seg,
				 enum vn_drop_reason why)
{
	vn_tcp_reply_reset(inet, seg);
	vn_buf_drop(seg->buf, why);
}

/* tcp_rcv_synsent_state_process(). */
static void rcv_synsent(struct vn_tcp_sock *tp, struct tcp_seg *seg)
{
	struct vn_inet *inet = tp->sk.inet;
	const struct vn_tcp_opts *opt = &seg->opt;
	vn_time now = tcp_now(tp);

	if (seg->flags & VN_TCP_ACK_F) {
		/* RFC 9293 3.10.7.3: the ACK must cover our SYN and no more. */
		if (!vn_seq_gt(seg->ack, tp->snd_una) ||
		    vn_seq_gt(seg->ack, tp->snd_nxt)) {
			reply_reset_and_drop(inet, seg, VN_DROP_TCP_INVALID_ACK);
			return;
		}
		if (opt->has_ts && opt->ts_ecr && tp->tstamp_ok &&
		    !vn_seq_between(opt->ts_ecr - tp->ts_off,
				    tcp_ts_clock(tp->retrans_stamp),
				    tcp_ts_clock(now))) {
			inet->stats.tcpext_paws_active++;
			reply_reset_and_drop(inet, seg, VN_DROP_TCP_PAWS);
			return;
		}
		if (seg->flags & VN_TCP_RST) {
			vn_tcp_reset(tp, ECONNREFUSED);
			vn_buf_free(seg->buf);
			return;
		}
		if (!(seg->flags & VN_TCP_SYN)) {
			vn_buf_drop(seg->buf, VN_DROP_TCP_FLAGS);
			return;
		}
		/* A SYN-ACK: the options settle. */
		tp->mss_clamp = opt->has_mss ? opt->mss : TCP_MSS_DEFAULT;
		if (tp->user_mss && tp->user_mss < tp->mss_clamp)
			tp->mss_clamp = tp->user_mss;
		if (!(tp->wscale_ok && opt->has_wscale)) {
			tp->wscale_ok = false;
			tp->snd_wscale = tp->rcv_wscale = 0;
			tp->window_clamp = VN_MIN(tp->window_clamp, TCP_MAX_WINDOW);
		} else {
			tp->snd_wscale = (uint8_t)VN_MIN(opt->wscale,
							 VN_TCP_MAX_WSCALE);
		}
		tp->sack_ok = tp->sack_ok && opt->sack_ok;
		tp->tstamp_ok = tp->tstamp_ok && opt->has_ts;
		if (tp->tstamp_ok) {
			tp->opt_len = VN_TCPOLEN_TS_ALIGNED;
			tp->ts_recent = opt->ts_val;
			tp->ts_recent_stamp = now_sec(tp);
		}
		tp->irs = seg->seq;
		tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = seg->seq + 1;
		tp->rcvq_space.seq = tp->copied_seq;
		tp->snd_wl1 = seg->seq;
		tcp_ack(tp, seg, ACK_NO_CHALLENGE);
		/* RFC 7323 2.2: the SYN-ACK's window is not scaled. */
		tp->snd_wnd = seg->wnd;
		tp->max_window = tp->snd_wnd;
		tp->snd_wl1 = seg->seq;
		tp->snd_wl2 = seg->ack;
		vn_tcp_sync_mss(tp);
		tp->rcv_mss = 0;
		tp->rcv_mss = (uint16_t)VN_MAX(
			VN_MIN(VN_MIN((uint32_t)tp->advmss, tp->mss_cache),
			       VN_MIN(tp->rcv_wnd / 2, (uint32_t)TCP_MSS_DEFAULT)),
			(uint32_t)TCP_MIN_MSS);
		finish_connect(tp);
		vn_buf_free(seg->buf);
		if (tp->pingpong)
			vn_tcp_send_delayed_ack(tp);
		else
			vn_tcp_send_ack(tp);
		vn_tcp_write_xmit(tp, true);
		return;
	}
	if (seg->flags & VN_TCP_RST) {
		vn_buf_drop(seg->buf, VN_DROP_TCP_FLAGS);
		return;
	}
	if (seg->flags & VN_TCP_SYN) {
		/* Simultaneous open (RFC 9293 3.5, figure 8). */
		vn_tcp_set_state(tp, VN_TCP_SYN_RECV);
		tp->tstamp_ok = tp->tstamp_ok && opt->has_ts;
		if (tp->tstamp_ok) {
			tp->opt_len = VN_TCPOLEN_TS_ALIGNED;
			tp->ts_recent = opt->ts_val;
			tp->ts_recent_stamp = now_sec(tp);
		}
		tp->mss_clamp = opt->has_mss ? opt->mss : TCP_MSS_DEFAULT;
		if (tp->user_mss && tp->user_mss < tp->mss_clamp)
			tp->mss_clamp = tp->user_mss;
		if (!(tp->wscale_ok && opt->has_wscale)) {
			tp->wscale_ok = false;
			tp->snd_wscale = tp->rcv_wscale = 0;
		} else {
			tp->snd_wscale = (uint8_t)VN_MIN(opt->wscale,
							 VN_TCP_MAX_WSCALE);
		}
		tp->sack_ok = tp->sack_ok && opt->sack_ok;
		tp->irs = seg->seq;
		tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = seg->seq + 1;
		tp->rcvq_space.seq = tp->copied_seq;
		tp->snd_wnd = seg->wnd;
		tp->snd_wl1 = seg->seq;
		tp->max_window = tp->snd_wnd;
		vn_tcp_sync_mss(tp);
		vn_buf_free(seg->buf);
		vn_tcp_send_synack(tp);
		return;
	}
	vn_buf_drop(seg->buf, VN_DROP_TCP_FLAGS);
}

/* The FIN we sent is acknowledged. */
static bool fin_acked(const struct vn_tcp_sock *tp)
{
	return tp->fin_queued && tp->snd_una == tp->write_seq + 1;
}

/*
 * tcp_rcv_state_process(): everything but LISTEN and the fast path.
 * Return true if the segment asks for a reset in reply (the caller
 * sends it and drops the segment).
 */
static void rcv_state_process(struct vn_tcp_sock *tp, struct tcp_seg *seg)
{
	struct vn_inet *inet = tp->sk.inet;
	int acceptable;

	if (tp->state == VN_TCP_SYN_SENT) {
		rcv_synsent(tp, seg);
		return;
	}
	if (!(seg->flags & (VN_TCP_ACK_F | VN_TCP_RST | VN_TCP_SYN))) {
		vn_buf_drop(seg->buf, VN_DROP_TCP_FLAGS);
		return;
	}
	if (!validate_incoming(tp, seg))
		return;
	if (!(seg->flags & VN_TCP_ACK_F)) {
		vn_buf_drop(seg->buf, VN_DROP_TCP_FLAGS);
		return;
	}
	/* RFC 9293 3.10.7.4: in SYN-RECEIVED an ACK that does not cover our
	 * SYN gets a reset (tcp_check_req() wants iss + 1).  After a
	 * simultaneous open snd_una is still iss: taking such an ACK would
	 * leave ESTABLISHED with the SYN unacknowledged, outside the queue. */
	if (tp->state == VN_TCP_SYN_RECV && !vn_seq_gt(seg->ack, tp->iss)) {
		reply_reset_and_drop(inet, seg, VN_DROP_TCP_INVALID_ACK);
		return;
	}
	acceptable = tcp_ack(tp, seg, 0);
	if (acceptable == ACK_INVALID) {
		if (tp->state == VN_TCP_SYN_RECV) {
			reply_reset_and_drop(inet, seg, VN_DROP_TCP_INVALID_ACK);
			return;
		}
		vn_buf_drop(seg->buf, vn_seq_gt(seg->ack, tp->snd_nxt) ?
					      VN_DROP_TCP_ACK_UNSENT_DATA :
					      VN_DROP_TCP_TOO_OLD_ACK);
		return;
	}
	replace_ts_recent(tp, seg);
	switch (tp->state) {
	case VN_TCP_SYN_RECV:
		if (acceptable != ACK_OK) {
			reply_reset_and_drop(inet, seg, VN_DROP_TCP_INVALID_ACK);
			return;
		}
		/* The handshake completes (RFC 9293 3.10.7.4 fifth). */
		tp->snd_una = seg->ack;
		tp->snd_wnd = seg->wnd << tp->snd_wscale;
		tp->max_window = VN_MAX(tp->max_window, tp->snd_wnd);
		tp->snd_wl1 = seg->seq;
		tp->snd_wl2 = seg->ack;
		vn_tcp_rtx_stop(tp);
		vn_tcp_sync_mss(tp);
		tp->rcv_mss = (uint16_t)VN_MAX(
			VN_MIN(VN_MIN((uint32_t)tp->advmss, tp->mss_cache),
			       VN_MIN(tp->rcv_wnd / 2, (uint32_t)TCP_MSS_DEFAULT)),
			(uint32_t)TCP_MIN_MSS);
		finish_connect(tp);
		break;
	case VN_TCP_FIN_WAIT1:
		if (!fin_acked(tp))
			break;
		vn_tcp_set_state(tp, VN_TCP_FIN_WAIT2);
		tp->shutdown |= TCP_SEND_SHUTDOWN;
		vn_tcp_rtx_stop(tp);
		if (!tp->sk.user_closed) {
			vn_tcp_wake(tp);
			break;
		}
		/* An orphan: the peer's FIN has fin_timeout to come. */
		if (seg->len && vn_seq_gt(seg->end_seq -
						  ((seg->flags & VN_TCP_FIN) ?
							   1 : 0),
					  tp->rcv_nxt)) {
			inet->stats.tcpext_abort_on_data++;
			vn_tcp_done(tp);
			reply_reset_and_drop(inet, seg, VN_DROP_TCP_CLOSE);
			return;
		}
		if (seg->flags & VN_TCP_FIN) {
			vn_tcp_keep_arm(tp, tcp_now(tp) + vn_tcp_fin_time(tp));
			break;
		}
		vn_tcp_time_wait(tp, VN_TCP_FIN_WAIT2, vn_tcp_fin_time(tp));
		vn_buf_free(seg->buf);
		return;
	case VN_TCP_CLOSING:
		if (fin_acked(tp)) {
			vn_tcp_time_wait(tp, VN_TCP_TIME_WAIT, TCP_TIMEWAIT_LEN);
			vn_buf_free(seg->buf);
			return;
		}
		break;
	case VN_TCP_LAST_ACK:
		if (fin_acked(tp)) {
			vn_tcp_done(tp);
			vn_buf_free(seg->buf);
			return;
		}
		break;
	default:
		break;
	}
	/* Seventh, the segment text. */
	switch (tp->state) {
	case VN_TCP_CLOSE_WAIT:
	case VN_TCP_CLOSING:
	case VN_TCP_LAST_ACK:
		if (!vn_seq_lt(seg->seq, tp->rcv_nxt)) {
			/* After the peer's FIN: nothing more can come. */
			vn_buf_free(seg->buf);
			seg->buf = NULL;
			break;
		}
		data_queue(tp, seg);
		break;
	case VN_TCP_FIN_WAIT1:
	case VN_TCP_FIN_WAIT2:
		/* RFC 1122 4.2.2.13: data after close() gets a reset. */
		if ((tp->shutdown & TCP_RCV_SHUTDOWN) && tp->sk.user_closed &&
		    seg->len &&
		    vn_seq_gt(seg->end_seq - ((seg->flags & VN_TCP_FIN) ? 1 : 0),
			      tp->rcv_nxt)) {
			inet->stats.tcpext_abort_on_data++;
			vn_tcp_reset(tp, 0);
			reply_reset_and_drop(inet, seg, VN_DROP_TCP_CLOSE);
			return;
		}
		data_queue(tp, seg);
		break;
	case VN_TCP_ESTABLISHED:
		data_queue(tp, seg);
		break;
	default:
		vn_buf_free(seg->buf);
		break;
	}
	if (tp->state != VN_TCP_CLOSE) {
		vn_tcp_write_xmit(tp, true);
		vn_tcp_ack_snd_check(tp);
	}
}

/*
 * tcp_rcv_established(): header prediction first.  The fast path takes
 * the next in-order segment or a pure ACK when nothing unusual is going
 * on; the rest goes the slow way.
 */
static void rcv_established(struct vn_tcp_sock *tp, struct tcp_seg *seg)
{
	struct vn_inet *inet = tp->sk.inet;

	if ((seg->flags & ~VN_TCP_PSH) == VN_TCP_ACK_F &&
	    seg->seq == tp->rcv_nxt && !vn_seq_gt(seg->ack, tp->snd_nxt) &&
	    !vn_seq_lt(seg->ack, tp->snd_una) &&
	    (seg->wnd << tp->snd_wscale) == tp->snd_wnd &&
	    seg->opt.has_ts == tp->tstamp_ok && !seg->opt.n_sack &&
	    !tp->ofoq.len && tp->ca_state == TCP_CA_OPEN && !tp->sb.n &&
	    !(tp->shutdown & TCP_RCV_SHUTDOWN) && tp->rcv_wnd &&
	    (!seg->opt.has_ts ||
	     (int32_t)(seg->opt.ts_val - tp->ts_recent) >= 0)) {
		if (seg->opt.has_ts && tp->rcv_wup == tp->rcv_nxt) {
			tp->ts_recent = seg->opt.ts_val;
			tp->ts_recent_stamp = now_sec(tp);
		}
		if (!seg->len) {
			/* A pure ACK. */
			inet->stats.tcpext_hp_acks++;
			tcp_ack(tp, seg, 0);
			vn_buf_free(seg->buf);
			vn_tcp_write_xmit(tp, true);
			return;
		}
		if (seg->len <= tcp_receive_window(tp)) {
			inet->stats.tcpext_hp_hits++;
			if (seg->ack != tp->snd_una)
				tcp_ack(tp, seg, 0);
			else
				tp->rcv_tstamp = tcp_now(tp);
			rcv_rtt_measure_ts(tp, seg);
			event_data_recv(tp, seg);
			tp->data_segs_in++;
			rcvq_add(tp, seg->buf);
			vn_tcp_write_xmit(tp, true);
			vn_tcp_ack_snd_check(tp);
			return;
		}
	}
	if (!seg->len && (seg->flags & VN_TCP_ACK_F))
		inet->stats.tcpext_pure_acks++;
	if (seg->len)
		rcv_rtt_measure_ts(tp, seg);
	rcv_state_process(tp, seg);
}

/* --- listeners and requests -------------------------------------------------- */

/* tcp_openreq_init_rwin(): the window and scale a request offers. */
void vn_tcp_req_init_rwin(struct vn_tcp_sock *lsk, struct tcp_req *req)
{
	const struct tcp_conf *c = &lsk->tn->conf;
	uint32_t space = vn_tcp_win_from_space(lsk->sk.rcvbuf);
	uint32_t clamp = TCP_MAX_WINDOW << VN_TCP_MAX_WSCALE;
	uint16_t pmtu;
	uint32_t mss = vn_tcp_route_advmss(&lsk->sk, req->ek.raddr, &pmtu);

	if (lsk->user_mss && lsk->user_mss < mss)
		mss = lsk->user_mss;
	if (req->tstamp_ok)
		mss -= VN_TCPOLEN_TS_ALIGNED;
	if (lsk->rcvbuf_locked)
		clamp = space;
	space = VN_MIN(space, clamp);
	if (space > mss)
		space = space / mss * mss;
	req->rcv_wnd = space;
	req->rcv_wscale = 0;
	if (req->wscale_ok) {
		uint32_t s = VN_MAX(VN_MAX(space, (uint32_t)c->rmem[2]),
				    212992u);
		int ws = 0;

		s = VN_MIN(s, clamp);
		while ((s >> ws) > 1)
			ws++;
		ws -= 15;
		req->rcv_wscale = (uint8_t)(ws < 0 ? 0 :
					    ws > VN_TCP_MAX_WSCALE ?
					    VN_TCP_MAX_WSCALE :
					    ws);
	}
}

static bool acceptq_full(const struct vn_tcp_sock *lsk)
{
	return lsk->acceptq_len > lsk->max_backlog;
}

/*
 * Makes the socket of a completed handshake, puts it on the accept queue
 * and lets it process the segment (tcp_child_process()).  @req is freed
 * by the caller.
 */
static void child_from(struct vn_tcp_sock *lsk, const struct tcp_req *req,
		       struct tcp_seg *seg)
{
	struct vn_inet *inet = lsk->sk.inet;
	struct vn_tcp_sock *c = vn_tcp_child_create(lsk, req, seg);

	if (!c) {
		vn_buf_drop(seg->buf, VN_DROP_NOMEM);
		return;
	}
	inet->stats.tcp_passive_opens++;
	c->state = VN_TCP_SYN_RECV;
	c->sk.connected = true;
	vn_tcp_ehash_add(c->tn, &c->ek);
	c->parent = lsk;
	vn_list_push_back(&lsk->acceptq, &c->alink);
	lsk->acceptq_len++;
	if (req->timed && !req->retrans)
		vn_tcp_rtt_sample(c, (vn_env_now(inet->env) - req->sent) / VN_USEC);
	rcv_state_process(c, seg);
	vn_tcp_flush_wake(c);
	vn_tcp_wake(lsk);
}

/* tcp_check_req(): a segment for a SYN-RECV request. */
static void req_rcv(struct tcp_req *req, struct tcp_seg *seg)
{
	struct vn_tcp_sock *lsk = req->listener;
	struct vn_inet *inet = lsk->sk.inet;
	vn_time now = vn_env_now(inet->env);
	uint8_t flg = seg->flags;
	bool paws_rej = false;

	if (seg->opt.has_ts && req->tstamp_ok)
		paws_rej = paws_reject(req->ts_recent, now / VN_SEC - 60,
				       seg->opt.ts_val, flg & VN_TCP_RST,
				       now / VN_SEC);
	if (seg->seq == req->irs && (flg & ~VN_TCP_PSH) == VN_TCP_SYN &&
	    !paws_rej) {
		/* A retransmitted SYN: the SYN-ACK again. */
		if (!vn_tcp_oow_rate_limited(lsk->tn, seg, &req->last_oow_ack_time,
					     &inet->stats.tcpext_ack_skipped_syn_recv)) {
			req->retrans++;
			vn_tcp_req_send_synack(req);
		}
		vn_buf_free(seg->buf);
		return;
	}
	if ((flg & VN_TCP_ACK_F) && seg->ack != req->iss + 1) {
		/* Not our SYN-ACK's: the listener resets it. */
		reply_reset_and_drop(inet, seg, VN_DROP_TCP_INVALID_ACK);
		return;
	}
	if (paws_rej ||
	    !(seg->seq == req->irs + 1 ||
	      (vn_seq_gt(seg->end_seq, req->irs + 1) &&
	       vn_seq_lt(seg->seq, req->irs + 1 + req->rcv_wnd)) ||
	      (seg->seq == req->irs + 1 + req->rcv_wnd &&
	       seg->seq == seg->end_seq))) {
		if (!(flg & VN_TCP_RST) &&
		    !vn_tcp_oow_rate_limited(lsk->tn, seg,
					     &req->last_oow_ack_time,
					     &inet->stats.tcpext_ack_skipped_syn_recv))
			vn_tcp_req_send_ack(req, seg);
		if (paws_rej)
			inet->stats.tcpext_paws_estab++;
		vn_buf_drop(seg->buf, paws_rej ? VN_DROP_TCP_PAWS :
						 VN_DROP_TCP_INVALID_SEQUENCE);
		return;
	}
	if (seg->opt.has_ts && !vn_seq_gt(seg->seq, req->irs + 1))
		req->ts_recent = seg->opt.ts_val;
	if (seg->seq == req->irs)
		flg &= (uint8_t)~VN_TCP_SYN;
	if (flg & (VN_TCP_RST | VN_TCP_SYN)) {
		inet->stats.tcp_attempt_fails++;
		if (!(flg & VN_TCP_RST))
			vn_tcp_reply_reset(inet, seg);
		else
			inet->stats.tcpext_embryonic_rsts++;
		vn_tcp_req_free(req);
		vn_buf_drop(seg->buf, VN_DROP_TCP_FLAGS);
		return;
	}
	if (!(flg & VN_TCP_ACK_F)) {
		vn_buf_drop(seg->buf, VN_DROP_TCP_FLAGS);
		return;
	}
	if (acceptq_full(lsk)) {
		inet->stats.tcpext_listen_overflows++;
		inet->stats.tcpext_listen_drops++;
		if (!lsk->tn->conf.abort_on_overflow) {
			req->acked = true;
			vn_buf_drop(seg->buf, VN_DROP_TCP_LISTEN_OVERFLOW);
			return;
		}
		vn_tcp_reply_reset(inet, seg);
		vn_tcp_req_free(req);
		vn_buf_drop(seg->buf, VN_DROP_TCP_LISTEN_OVERFLOW);
		return;
	}
	vn_tcp_ehash_del(lsk->tn, &req->ek);
	child_from(lsk, req, seg);
	vn_tcp_req_free(req);
}

/* cookie_v4_check(): a final ACK whose request only lived in a cookie. */
static bool cookie_check(struct vn_tcp_sock *lsk, struct tcp_seg *seg)
{
	struct vn_inet *inet = lsk->sk.inet;
	vn_time now = vn_env_now(inet->env);
	struct tcp_req req = { 0 };
	uint16_t mss;

	if (!lsk->tn->conf.syncookies || !(seg->flags & VN_TCP_ACK_F) ||
	    (seg->flags & VN_TCP_RST))
		return false;
	/* tcp_synq_no_recent_overflow(): cookies only after an overflow. */
	if (!lsk->synq_overflow || now / VN_SEC + 1 > lsk->synq_overflow + 120)
		return false;
	mss = vn_tcp_cookie_check(lsk->tn, seg, now);
	if (!mss) {
		inet->stats.tcpext_syncookies_failed++;
		return false;
	}
	inet->stats.tcpext_syncookies_recv++;
	if (acceptq_full(lsk)) {
		inet->stats.tcpext_listen_overflows++;
		inet->stats.tcpext_listen_drops++;
		vn_buf_drop(seg->buf, VN_DROP_TCP_LISTEN_OVERFLOW);
		return true;
	}
	req.listener = lsk;
	req.ek.laddr = seg->daddr;
	req.ek.raddr = seg->saddr;
	req.ek.lport = seg->dport;
	req.ek.rport = seg->sport;
	req.iss = seg->ack - 1;
	req.irs = seg->seq - 1;
	req.mss = mss;
	if (lsk->user_mss && lsk->user_mss < req.mss)
		req.mss = lsk->user_mss;
	if (seg->opt.has_ts && lsk->tn->conf.timestamps) {
		req.tstamp_ok = vn_tcp_cookie_ts_decode(seg->opt.ts_ecr,
							&req.sack_ok,
							&req.wscale_ok,
							&req.snd_wscale);
		if (!req.tstamp_ok) {
			inet->stats.tcpext_syncookies_failed++;
			return false;
		}
		req.ts_recent = seg->opt.ts_val;
		req.ts_off = 0;
	}
	vn_tcp_req_init_rwin(lsk, &req);
	if (!req.wscale_ok)
		req.snd_wscale = req.rcv_wscale = 0;
	child_from(lsk, &req, seg);
	return true;
}

/* tcp_conn_request(): a SYN for a listener. */
static void conn_request(struct vn_tcp_sock *lsk, struct tcp_seg *seg,
			 vn_seq tw_isn)
{
	struct vn_tcp_ns *tn = lsk->tn;
	struct vn_inet *inet = lsk->sk.inet;
	const struct tcp_conf *c = &tn->conf;
	vn_time now = vn_env_now(inet->env);
	bool want_cookie = false;
	struct tcp_req *req;

	if ((c->syncookies == 2 || lsk->n_reqs >= lsk->max_backlog) && !tw_isn) {
		lsk->synq_overflow = now / VN_SEC + 1;
		if (c->syncookies) {
			inet->stats.tcpext_req_q_full_do_cookies++;
			want_cookie = true;
		} else {
			inet->stats.tcpext_req_q_full_drop++;
			inet->stats.tcpext_listen_drops++;
			vn_buf_drop(seg->buf, VN_DROP_TCP_REQ_QUEUE_FULL);
			return;
		}
	}
	if (acceptq_full(lsk)) {
		inet->stats.tcpext_listen_overflows++;
		inet->stats.tcpext_listen_drops++;
		vn_buf_drop(seg->buf, VN_DROP_TCP_LISTEN_OVERFLOW);
		return;
	}
	if (!want_cookie && !tw_isn && !c->syncookies &&
	    c->max_syn_backlog - (int)lsk->n_reqs < (c->max_syn_backlog >> 2)) {
		inet->stats.tcpext_listen_drops++;
		vn_buf_drop(seg->buf, VN_DROP_TCP_REQ_QUEUE_FULL);
		return;
	}
	if (want_cookie) {
		struct tcp_req tmp = { 0 };
		uint16_t mss;
		vn_seq cookie = vn_tcp_cookie_make(tn, seg, &mss, now);
		uint32_t ts = 0;

		tmp.listener = lsk;
		tmp.ek.raddr = seg->saddr;
		tmp.tstamp_ok = seg->opt.has_ts && c->timestamps;
		tmp.wscale_ok = seg->opt.has_wscale && c->window_scaling;
		vn_tcp_req_init_rwin(lsk, &tmp);
		if (tmp.tstamp_ok)
			ts = vn_tcp_cookie_ts(seg->opt.sack_ok && c->sack,
					      tmp.wscale_ok,
					      (uint8_t)VN_MIN(seg->opt.wscale,
							      VN_TCP_MAX_WSCALE),
					      tcp_ts_clock(now));
		inet->stats.tcpext_syncookies_sent++;
		vn_tcp_cookie_send_synack(lsk, seg, cookie, mss, ts,
					  tmp.wscale_ok ? tmp.rcv_wscale : 0,
					  tmp.rcv_wnd);
		vn_buf_free(seg->buf);
		return;
	}
	req = calloc(1, sizeof(*req));
	if (!req) {
		vn_buf_drop(seg->buf, VN_DROP_NOMEM);
		return;
	}
	req->listener = lsk;
	req->id = ++tn->n_ids;
	req->ek.kind = TCP_KIND_REQ;
	req->ek.laddr = seg->daddr;
	req->ek.raddr = seg->saddr;
	req->ek.lport = seg->dport;
	req->ek.rport = seg->sport;
	req->irs = seg->seq;
	req->mss = seg->opt.has_mss ? seg->opt.mss : TCP_MSS_DEFAULT;
	if (lsk->user_mss && lsk->user_mss < req->mss)
		req->mss = lsk->user_mss;
	req->tstamp_ok = seg->opt.has_ts && c->timestamps;
	req->sack_ok = seg->opt.sack_ok && c->sack;
	req->wscale_ok = seg->opt.has_wscale && c->window_scaling;
	req->snd_wscale = req->wscale_ok ?
				  (uint8_t)VN_MIN(seg->opt.wscale,
						  VN_TCP_MAX_WSCALE) :
				  0;
	if (req->tstamp_ok) {
		req->ts_recent = seg->opt.ts_val;
		req->ts_off = vn_tcp_ts_offset(tn, seg->daddr, seg->saddr);
	}
	req->iss = tw_isn ? tw_isn :
			    vn_tcp_isn(tn, seg->daddr, seg->saddr, seg->dport,
				       seg->sport, now);
	vn_tcp_req_init_rwin(lsk, req);
	vn_tcp_ehash_add(tn, &req->ek);
	vn_list_push_back(&lsk->reqs, &req->link);
	lsk->n_reqs++;
	vn_tcp_req_timer_init(req);
	req->sent = now;
	req->timed = true;
	req->expires = now + TCP_TIMEOUT_INIT;
	vn_env_timer_arm(inet->env, &req->timer, req->expires);
	vn_tcp_req_send_synack(req);
	vn_buf_free(seg->buf);
}

/* A segment for a listener (tcp_rcv_state_process() in LISTEN). */
static void listen_rcv(struct vn_tcp_sock *lsk, struct tcp_seg *seg,
		       vn_seq tw_isn)
{
	struct vn_inet *inet = lsk->sk.inet;

	if (seg->flags & VN_TCP_RST) {
		vn_buf_drop(seg->buf, VN_DROP_TCP_FLAGS);
		return;
	}
	if (!(seg->flags & VN_TCP_SYN) && cookie_check(lsk, seg))
		return;
	if (seg->flags & VN_TCP_ACK_F) {
		reply_reset_and_drop(inet, seg, VN_DROP_TCP_NO_SOCKET);
		return;
	}
	if (!(seg->flags & VN_TCP_SYN) || (seg->flags & VN_TCP_FIN)) {
		vn_buf_drop(seg->buf, VN_DROP_TCP_FLAGS);
		return;
	}
	conn_request(lsk, seg, tw_isn);
}

/* --- TIME-WAIT (tcp_timewait_state_process()) ----------------------------- */

/* Return: a non-zero ISN when the segment is a new SYN for a listener. */
static vn_seq tw_rcv(struct tcp_tw *tw, struct tcp_seg *seg)
{
	struct vn_tcp_ns *tn = tw->tn;
	struct vn_inet *inet = tn->inet;
	vn_time now = vn_env_now(inet->env);
	int64_t now_s = now / VN_SEC;
	uint8_t flg = seg->flags;
	bool paws_rej = false;

	if (seg->opt.has_ts && tw->tstamp_ok)
		paws_rej = paws_reject(tw->ts_recent, tw->ts_recent_stamp,
				       seg->opt.ts_val, flg & VN_TCP_RST, now_s);
	if (tw->substate == VN_TCP_FIN_WAIT2) {
		bool in_window = seg->seq == tw->rcv_nxt ||
				 (vn_seq_gt(seg->end_seq, tw->rcv_nxt) &&
				  vn_seq_lt(seg->seq, tw->rcv_nxt + tw->rcv_wnd)) ||
				 (seg->seq == tw->rcv_nxt + tw->rcv_wnd &&
				  seg->seq == seg->end_seq);

		if (paws_rej || !in_window)
			goto oow_ack;
		if (flg & VN_TCP_RST)
			goto kill;
		if ((flg & VN_TCP_SYN) && !vn_seq_lt(seg->seq, tw->rcv_nxt))
			goto tw_rst;
		if (!(flg & VN_TCP_ACK_F) || !vn_seq_gt(seg->end_seq, tw->rcv_nxt) ||
		    seg->end_seq == seg->seq) {
			vn_buf_drop(seg->buf, VN_DROP_TCP_TIMEWAIT);
			return 0;
		}
		/* New data after close() resets; the FIN ends the wait. */
		if (!(flg & VN_TCP_FIN) || seg->end_seq != tw->rcv_nxt + 1)
			goto tw_rst;
		tw->substate = VN_TCP_TIME_WAIT;
		tw->rcv_nxt = seg->end_seq;
		if (seg->opt.has_ts) {
			tw->ts_recent_stamp = now_s;
			tw->ts_recent = seg->opt.ts_val;
		}
		inet->stats.tcpext_tw++;
		tw->expires = now + TCP_TIMEWAIT_LEN;
		vn_env_timer_arm(inet->env, &tw->timer, tw->expires);
		vn_tcp_tw_send_ack(tw);
		vn_buf_free(seg->buf);
		return 0;
	}
	if (!paws_rej && seg->seq == tw->rcv_nxt &&
	    (seg->seq == seg->end_seq || (flg & VN_TCP_RST))) {
		if (flg & VN_TCP_RST) {
			/* TIME-WAIT assassination (RFC 1337), Linux's way. */
			if (!tn->conf.rfc1337)
				goto kill;
		} else {
			tw->expires = now + TCP_TIMEWAIT_LEN;
			vn_env_timer_arm(inet->env, &tw->timer, tw->expires);
		}
		if (seg->opt.has_ts) {
			tw->ts_recent = seg->opt.ts_val;
			tw->ts_recent_stamp = now_s;
		}
		vn_buf_drop(seg->buf, VN_DROP_TCP_TIMEWAIT);
		return 0;
	}
	/* A new SYN may reuse the 4-tuple if it is newer (RFC 6191). */
	if ((flg & VN_TCP_SYN) && !(flg & (VN_TCP_RST | VN_TCP_ACK_F)) &&
	    !paws_rej &&
	    (vn_seq_gt(seg->seq, tw->rcv_nxt) ||
	     (seg->opt.has_ts && tw->tstamp_ok &&
	      (int32_t)(tw->ts_recent - seg->opt.ts_val) < 0))) {
		vn_seq isn = tw->snd_nxt + 65535 + 2;

		return isn ? isn : 1;
	}
	if (paws_rej)
		inet->stats.tcpext_paws_timewait++;
	if (!(flg & VN_TCP_RST)) {
		if (paws_rej || (flg & VN_TCP_ACK_F)) {
			tw->expires = now + TCP_TIMEWAIT_LEN;
			vn_env_timer_arm(inet->env, &tw->timer, tw->expires);
		}
		goto oow_ack;
	}
	vn_buf_drop(seg->buf, VN_DROP_TCP_TIMEWAIT);
	return 0;

oow_ack:
	if (!vn_tcp_oow_rate_limited(tn, seg, &tw->last_oow_ack_time,
				     tw->substate == VN_TCP_FIN_WAIT2 ?
					     &inet->stats.tcpext_ack_skipped_fin_wait2 :
					     &inet->stats.tcpext_ack_skipped_time_wait))
		vn_tcp_tw_send_ack(tw);
	vn_buf_drop(seg->buf, paws_rej ? VN_DROP_TCP_PAWS : VN_DROP_TCP_TIMEWAIT);
	return 0;
tw_rst:
	vn_tcp_reply_reset(inet, seg);
	vn_tcp_tw_free(tw);
	vn_buf_drop(seg->buf, VN_DROP_TCP_TIMEWAIT);
	return 0;
kill:
	vn_tcp_tw_free(tw);
	vn_buf_free(seg->buf);
	return 0;
}

/* --- entry points -------------------------------------------------------------- */

static void sock_rcv(struct vn_tcp_sock *tp, struct tcp_seg *seg)
{
	tp->segs_in++;
	tp->last_data_recv = seg->len ? tcp_now(tp) : tp->last_data_recv;
	if (tp->state == VN_TCP_ESTABLISHED)
		rcv_established(tp, seg);
	else
		rcv_state_process(tp, seg);
	/* A keepalive probe answered, or traffic: idle starts again. */
	if (tp->sk.keepalive && tp->state == VN_TCP_ESTABLISHED)
		tp->probes_out = 0;
	vn_tcp_flush_wake(tp);
}

void vn_tcp_input(struct vn_inet *inet, struct vn_buf *buf)
{
	struct vn_tcp_ns *tn = tcp_ns(inet);
	const uint8_t *ip = vn_buf_at(buf, buf->l3_off);
	struct vn_tcp_sock *lsk;
	enum vn_drop_reason why;
	struct tcp_ekey *ek;
	struct tcp_seg seg;
	vn_seq tw_isn = 0;

	/* tcp_v4_rcv(): only unicast for us, then count, then check. */
	if (buf->pkt_type != VN_PKT_HOST && buf->pkt_type != VN_PKT_LOOPBACK) {
		vn_buf_drop(buf, VN_DROP_TCP_NOT_HOST);
		return;
	}
	inet->stats.tcp_in_segs++;
	why = vn_tcp_check(buf->data, buf->len);
	if (why) {
		/* Only a data offset below 5 is a "bad packet" (TcpInErrs);
		 * a segment too short for its header is just discarded. */
		if (buf->len >= VN_TCP_HLEN && vn_tcp_hlen(buf->data) < VN_TCP_HLEN)
			inet->stats.tcp_in_errs++;
		vn_buf_drop(buf, why);
		return;
	}
	/* A segment a vnet stack has just checksummed is not summed again. */
	if (!buf->csum_valid &&
	    !vn_tcp_csum_ok(buf->data, buf->len, vn_ipv4_src(ip),
			    vn_ipv4_dst(ip))) {
		inet->stats.tcp_in_csum_errors++;
		inet->stats.tcp_in_errs++;
		vn_buf_drop(buf, VN_DROP_TCP_CSUM);
		return;
	}
	seg_parse(buf, &seg);
	ek = vn_tcp_elookup(tn, seg.daddr, seg.saddr, seg.dport, seg.sport);
	if (ek) {
		switch ((enum tcp_kind)ek->kind) {
		case TCP_KIND_SOCK:
			sock_rcv(container_of(ek, struct vn_tcp_sock, ek), &seg);
			return;
		case TCP_KIND_REQ: {
			struct tcp_req *req = container_of(ek, struct tcp_req,
							   ek);
			struct vn_tcp_sock *l = req->listener;

			req_rcv(req, &seg);
			vn_tcp_flush_wake(l);
			return;
		}
		case TCP_KIND_TW:
			tw_isn = tw_rcv(container_of(ek, struct tcp_tw, ek),
					&seg);
			if (!tw_isn)
				return;
			/* A new SYN: the remnant gives way to a listener. */
			lsk = vn_tcp_listener_lookup(tn, seg.daddr, seg.dport,
						     buf->in_ifindex);
			if (lsk) {
				vn_tcp_tw_free(container_of(ek, struct tcp_tw,
							    ek));
				listen_rcv(lsk, &seg, tw_isn);
				vn_tcp_flush_wake(lsk);
				return;
			}
			vn_tcp_tw_send_ack(container_of(ek, struct tcp_tw, ek));
			vn_buf_drop(buf, VN_DROP_TCP_TIMEWAIT);
			return;
		}
	}
	lsk = vn_tcp_listener_lookup(tn, seg.daddr, seg.dport, buf->in_ifindex);
	if (lsk) {
		listen_rcv(lsk, &seg, 0);
		vn_tcp_flush_wake(lsk);
		return;
	}
	/* RFC 9293 3.10.7.1: nobody here, a reset unless it was one. */
	vn_tcp_reply_reset(inet, &seg);
	vn_buf_drop(buf, VN_DROP_TCP_NO_SOCKET);
}

/*
 * tcp_v4_err(): ICMP about one of our segments.  The quoted sequence must
 * be in flight (RFC 5927); hard errors kill a connection still opening,
 * and are otherwise remembered until a timeout reports them; "fragmentation
 * needed" lowers the MSS and resends.
 */
void vn_tcp_err(struct vn_inet *inet, const uint8_t *inner, size_t len,
		uint8_t type, uint8_t code, uint32_t info, uint32_t offender)
{
	struct vn_tcp_ns *tn = tcp_ns(inet);
	uint32_t hlen = vn_ipv4_hlen(inner);
	const uint8_t *th = inner + hlen;
	struct tcp_ekey *ek;
	struct vn_tcp_sock *tp;
	vn_seq seq;
	bool fatal;
	int err;

	(void)offender;
	if (len < hlen + 8)
		return;
	seq = vn_tcp_seq(th);
	ek = vn_tcp_elookup(tn, vn_ipv4_src(inner), vn_ipv4_dst(inner),
			    vn_tcp_sport(th), vn_tcp_dport(th));
	if (!ek)
		return;
	if (ek->kind == TCP_KIND_REQ) {
		/* tcp_req_err(): an error about our SYN-ACK drops it. */
		struct tcp_req *req = container_of(ek, struct tcp_req, ek);

		if (seq != req->iss) {
			inet->stats.tcpext_out_of_window_icmps++;
			return;
		}
		if (type == 3 && code == 4)
			return;
		vn_tcp_req_free(req);
		return;
	}
	if (ek->kind == TCP_KIND_TW)
		return;
	tp = container_of(ek, struct vn_tcp_sock, ek);
	if (!vn_seq_between(seq, tp->snd_una, tp->snd_nxt)) {
		inet->stats.tcpext_out_of_window_icmps++;
		return;
	}
	err = vn_icmp_errno(type, code, &fatal);
	if (type == 3 && code == 4) {
		/* Fragmentation needed (RFC 1191): a smaller path MTU. */
		if (info >= 68 && info < tp->pmtu) {
			tp->pmtu = (uint16_t)info;
			vn_tcp_sync_mss(tp);
			vn_tcp_retransmit(tp, tp->snd_una, tp->mss_cache);
		}
		vn_tcp_flush_wake(tp);
		return;
	}
	if (tp->state == VN_TCP_SYN_SENT || tp->state == VN_TCP_SYN_RECV) {
		if (fatal) {
			tp->sk.so_error = err;
			vn_tcp_done(tp);
		} else {
			tp->soft_err = err;
		}
	} else if (tp->sk.recverr) {
		tp->sk.so_error = err;
		vn_tcp_wake(tp);
	} else {
		tp->soft_err = err;
	}
	vn_tcp_flush_wake(tp);
}
