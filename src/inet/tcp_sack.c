// SPDX-License-Identifier: MIT
/*
 * inet/tcp_sack.c - SACK (RFC 2018, D-SACK RFC 2883) and loss recovery:
 * the sender's scoreboard, RFC 6675 SACK-based recovery, RFC 6582
 * NewReno when SACK is off, and the retransmission timeout's go-back-N
 * (Linux's CA_Loss); on the receiving side, the SACK blocks we send.
 *
 * Theory of operation.  The scoreboard is RFC 6675's, kept in octets:
 * the SACKed ranges above snd_una, sorted and merged, at most
 * TCP_SB_MAX of them (when full, the highest is forgotten: SACK
 * information is advisory, RFC 2018 8, and what is forgotten is simply
 * retransmitted or SACKed again).  From it follow, each in work bounded
 * by TCP_SB_MAX:
 *
 *   lost_end  the first octet above which fewer than DupThresh (3)
 *             segments' worth are SACKed: every unSACKed octet below it
 *             IsLost() (RFC 6675 4); after an RTO, everything up to the
 *             recovery point.
 *   pipe      RFC 6675 SetPipe(): octets in flight, counting the
 *             original transmission of each octet not SACKed and not
 *             lost, and retransmissions below HighRxt.
 *   NextSeg() rule 1 (the first lost hole above HighRxt), rule 2 (new
 *             data), rule 3 (an unSACKed hole above HighRxt), rule 4
 *             (one rescue retransmission per episode).
 *
 * Recovery starts on the third duplicate ACK or when snd_una IsLost();
 * cwnd = ssthresh = the congestion control's reduction, and segments
 * leave while pipe < cwnd.  It ends when the recovery point is
 * acknowledged.  Without SACK, RFC 6582: the first unacknowledged segment
 * is resent, cwnd is inflated by duplicate ACKs and deflated by partial
 * ACKs, each partial ACK resending the next hole.  An RTO (tcp_timer.c)
 * enters CA_LOSS: cwnd 1, every unSACKed octet below snd_nxt lost, resent
 * in order under slow start.
 *
 * The cost of everything here is O(TCP_SB_MAX) per ACK; nothing walks
 * the send queue.  Not supported: RACK-TLP, PRR (cwnd drops at once, as
 * RFC 6675 says), undo of spurious retransmissions (Eifel, D-SACK
 * undo), reordering estimation.
 */
#include "inet/tcp_priv.h"

#define DUPTHRESH 3

/* --- the scoreboard ------------------------------------------------------- */

uint32_t vn_tcp_sb_add(struct tcp_sb *sb, vn_seq start, vn_seq end)
{
	uint32_t before = sb->sacked;
	uint8_t i = 0, j;

	if (!vn_seq_lt(start, end))
		return 0;
	while (i < sb->n && vn_seq_lt(sb->blk[i].end, start))
		i++;
	j = i;
	while (j < sb->n && vn_seq_le(sb->blk[j].start, end))
		j++;
	if (i == j) {
		if (sb->n == TCP_SB_MAX) {
			struct vn_tcp_sack_block *last = &sb->blk[sb->n - 1];

			if (i == sb->n)
				return 0;	/* the highest: not kept */
			sb->sacked -= last->end - last->start;
			sb->n--;
		}
		memmove(&sb->blk[i + 1], &sb->blk[i],
			(size_t)(sb->n - i) * sizeof(sb->blk[0]));
		sb->blk[i].start = start;
		sb->blk[i].end = end;
		sb->n++;
		sb->sacked += end - start;
	} else {
		vn_seq ns = vn_seq_min(start, sb->blk[i].start);
		vn_seq ne = vn_seq_max(end, sb->blk[j - 1].end);
		uint32_t removed = 0;

		for (uint8_t k = i; k < j; k++)
			removed += sb->blk[k].end - sb->blk[k].start;
		sb->blk[i].start = ns;
		sb->blk[i].end = ne;
		memmove(&sb->blk[i + 1], &sb->blk[j],
			(size_t)(sb->n - j) * sizeof(sb->blk[0]));
		sb->n = (uint8_t)(sb->n - (j - i - 1));
		sb->sacked = sb->sacked - removed + (ne - ns);
	}
	return sb->sacked - before;
}

void vn_tcp_sb_ack(struct tcp_sb *sb, vn_seq una)
{
	uint8_t i = 0;

	while (i < sb->n && vn_seq_le(sb->blk[i].end, una)) {
		sb->sacked -= sb->blk[i].end - sb->blk[i].start;
		i++;
	}
	if (i) {
		memmove(&sb->blk[0], &sb->blk[i],
			(size_t)(sb->n - i) * sizeof(sb->blk[0]));
		sb->n = (uint8_t)(sb->n - i);
	}
	if (sb->n && vn_seq_lt(sb->blk[0].start, una)) {
		sb->sacked -= una - sb->blk[0].start;
		sb->blk[0].start = una;
	}
}

uint32_t vn_tcp_sb_sacked_between(const struct tcp_sb *sb, vn_seq a, vn_seq b)
{
	uint32_t n = 0;

	for (uint8_t i = 0; i < sb->n; i++) {
		vn_seq s = vn_seq_max(sb->blk[i].start, a);
		vn_seq e = vn_seq_min(sb->blk[i].end, b);

		if (!vn_seq_lt(sb->blk[i].start, b))
			break;
		if (vn_seq_lt(s, e))
			n += e - s;
	}
	return n;
}

/*
 * Is @seq SACKed?  *@next gets the end of its block if so, else the start
 * of the next block above it (or the sequence after the last block).
 */
bool vn_tcp_sb_is_sacked(const struct tcp_sb *sb, vn_seq seq, vn_seq *next)
{
	for (uint8_t i = 0; i < sb->n; i++) {
		if (vn_seq_lt(seq, sb->blk[i].start)) {
			*next = sb->blk[i].start;
			return false;
		}
		if (vn_seq_lt(seq, sb->blk[i].end)) {
			*next = sb->blk[i].end;
			return true;
		}
	}
	*next = sb->n ? sb->blk[sb->n - 1].end : seq;
	return false;
}

/* The octets below which every unSACKed one is lost (see above). */
static vn_seq lost_end(const struct vn_tcp_sock *tp)
{
	const struct tcp_sb *sb = &tp->sb;
	uint32_t bytes = 0;

	if (tp->ca_state == TCP_CA_LOSS)
		return vn_seq_min(tp->high_seq, tp->snd_nxt);
	if (tp->ca_state != TCP_CA_RECOVERY || !tp->sack_ok)
		return tp->snd_una;
	for (int i = sb->n - 1; i >= 0; i--) {
		bytes += sb->blk[i].end - sb->blk[i].start;
		if (bytes > (DUPTHRESH - 1) * (uint32_t)tp->mss_cache ||
		    sb->n - i >= DUPTHRESH)
			return sb->blk[i].start;
	}
	return tp->snd_una;
}

/* unSACKed octets in [a, b). */
static uint32_t unsacked(const struct vn_tcp_sock *tp, vn_seq a, vn_seq b)
{
	if (!vn_seq_lt(a, b))
		return 0;
	return (b - a) - vn_tcp_sb_sacked_between(&tp->sb, a, b);
}

/* RFC 6675 SetPipe(). */
uint32_t vn_tcp_pipe(const struct vn_tcp_sock *tp)
{
	vn_seq una = tp->snd_una, nxt = tp->snd_nxt, lost, rxt;
	uint32_t flight = nxt - una;

	if (!tp->sb.n && tp->ca_state == TCP_CA_OPEN)
		return flight;
	if (!tp->sack_ok && tp->ca_state != TCP_CA_LOSS) {
		uint32_t credit = tp->ca_state == TCP_CA_RECOVERY ?
					  0 :
					  tp->reno_sacked * (uint32_t)tp->mss_cache;

		return flight - VN_MIN(credit, flight);
	}
	lost = lost_end(tp);
	rxt = tp->ca_state == TCP_CA_RECOVERY || tp->ca_state == TCP_CA_LOSS ?
		      vn_seq_max(tp->high_rxt, una) :
		      una;
	rxt = vn_seq_min(rxt, nxt);
	return unsacked(tp, una, nxt) - unsacked(tp, una, lost) +
	       unsacked(tp, una, rxt);
}

uint32_t vn_tcp_packets_in_flight(const struct vn_tcp_sock *tp)
{
	return tcp_packets_in(vn_tcp_pipe(tp), tp->mss_cache);
}

/*
 * tcp_sacktag_write_queue(): the SACK blocks of an ACK go into the
 * scoreboard.  Return: how many octets were SACKed for the first time
 * (an ACK that SACKs nothing new is no RFC 6675 DupAck).
 */
uint32_t vn_tcp_sacktag(struct vn_tcp_sock *tp, const struct tcp_seg *seg,
			vn_seq prior_una, bool *dsack)
{
	struct vn_inet *inet = tp->sk.inet;
	const struct vn_tcp_opts *o = &seg->opt;
	uint32_t added = 0;

	(void)prior_una;
	for (uint8_t i = 0; i < o->n_sack; i++) {
		vn_seq start = o->sack[i].start, end = o->sack[i].end;

		/* RFC 2883 4: a first block below the ACK, or inside the
		 * second, reports a duplicate. */
		if (i == 0 &&
		    (vn_seq_le(end, seg->ack) ||
		     (o->n_sack > 1 && vn_seq_ge(start, o->sack[1].start) &&
		      vn_seq_le(end, o->sack[1].end)))) {
			*dsack = true;
			inet->stats.tcpext_dsack_recv++;
			continue;
		}
		/* tcp_is_sackblock_valid(). */
		if (!vn_seq_lt(start, end) || vn_seq_gt(end, tp->snd_nxt) ||
		    vn_seq_lt(start, tp->snd_una - tp->max_window)) {
			inet->stats.tcpext_sack_discard++;
			continue;
		}
		if (!vn_seq_gt(end, tp->snd_una))
			continue;
		start = vn_seq_max(start, tp->snd_una);
		added += vn_tcp_sb_add(&tp->sb, start, end);
	}
	return added;
}

/* --- recovery ---------------------------------------------------------------- */

/* RFC 6675 NextSeg() rule 1: the first lost hole at or above HighRxt. */
static bool next_lost(const struct vn_tcp_sock *tp, vn_seq *seq, uint32_t *len)
{
	vn_seq lost = lost_end(tp);
	vn_seq s = vn_seq_max(tp->high_rxt, tp->snd_una);
	vn_seq next;

	while (vn_seq_lt(s, lost)) {
		if (vn_tcp_sb_is_sacked(&tp->sb, s, &next)) {
			s = next;
			continue;
		}
		if (!vn_seq_gt(next, s))
			next = tp->snd_nxt;
		*seq = s;
		*len = VN_MIN(next - s, (uint32_t)tp->mss_cache);
		return true;
	}
	return false;
}

/* Rule 3: an unSACKed hole above HighRxt, below the highest SACK. */
static bool next_unsacked(const struct vn_tcp_sock *tp, vn_seq *seq,
			  uint32_t *len)
{
	vn_seq high;
	vn_seq s = vn_seq_max(tp->high_rxt, tp->snd_una);
	vn_seq next;

	if (!tp->sb.n)
		return false;
	high = tp->sb.blk[tp->sb.n - 1].end;
	while (vn_seq_lt(s, high)) {
		if (vn_tcp_sb_is_sacked(&tp->sb, s, &next)) {
			s = next;
			continue;
		}
		*seq = s;
		*len = VN_MIN(next - s, (uint32_t)tp->mss_cache);
		return true;
	}
	return false;
}

/* Return: the sequence space resent, 0 if nothing could go. */
static uint32_t retransmit(struct vn_tcp_sock *tp, vn_seq seq, uint32_t len)
{
	struct vn_inet *inet = tp->sk.inet;

	if (tp->ca_state == TCP_CA_LOSS)
		inet->stats.tcpext_slow_start_retrans++;
	else
		inet->stats.tcpext_fast_retrans++;
	/* The FIN rides with the last octets, so a FIN-only hole is
	 * resent as the FIN. */
	return vn_tcp_retransmit(tp, seq, len);
}

/* Sends what NextSeg() allows while pipe < cwnd (RFC 6675 5 (C)). */
bool vn_tcp_xmit_recovery(struct vn_tcp_sock *tp)
{
	bool sent = false;
	vn_seq seq;
	uint32_t len;

	while (vn_tcp_packets_in_flight(tp) < tp->cwnd &&
	       next_lost(tp, &seq, &len)) {
		if (seq == tp->snd_una)
			vn_tcp_rearm_rto(tp);
		len = retransmit(tp, seq, len);
		if (!len)
			break;
		tp->high_rxt = seq + len;
		sent = true;
	}
	vn_tcp_write_xmit(tp, true);
	if (tp->ca_state != TCP_CA_RECOVERY || !tp->sack_ok)
		return sent;
	while (vn_tcp_packets_in_flight(tp) < tp->cwnd &&
	       next_unsacked(tp, &seq, &len)) {
		len = retransmit(tp, seq, len);
		if (!len)
			break;
		tp->high_rxt = seq + len;
		sent = true;
	}
	/* Rule 4: one rescue retransmission of the tail per episode. */
	if (!tp->rescue_done && vn_tcp_packets_in_flight(tp) < tp->cwnd &&
	    tp->sb.n && vn_seq_lt(tp->sb.blk[tp->sb.n - 1].end, tp->snd_nxt) &&
	    tp->snd_nxt == tp->write_seq + (tp->fin_queued ? 1 : 0)) {
		vn_seq end = tp->write_seq;
		uint32_t n = VN_MIN(end - vn_seq_max(tp->sb.blk[tp->sb.n - 1].end,
						     tp->snd_una),
				    vn_tcp_current_mss(tp));

		if (n) {
			tp->rescue_done = true;
			retransmit(tp, end - n, n);
			sent = true;
		}
	}
	return sent;
}

static void enter_recovery(struct vn_tcp_sock *tp)
{
	struct vn_inet *inet = tp->sk.inet;
	vn_seq seq = tp->snd_una;
	uint32_t len;

	if (tp->sack_ok)
		inet->stats.tcpext_sack_recovery++;
	else
		inet->stats.tcpext_reno_recovery++;
	tp->prior_ssthresh = tp->ssthresh;
	tp->prior_cwnd = tp->cwnd;
	tp->ssthresh = tp->ca_ops->ssthresh(tp);
	tp->high_seq = tp->snd_nxt;
	tp->high_rxt = tp->snd_una;
	tp->rescue_done = false;
	tp->ca_state = TCP_CA_RECOVERY;
	/* RFC 6675 5 (4.2); RFC 6582 3.2 step 2 adds the three ACKs. */
	tp->cwnd = tp->sack_ok ? tp->ssthresh : tp->ssthresh + DUPTHRESH;
	tp->reno_sacked = 0;
	/* The segment at HighACK + 1 goes now, lost or not. */
	if (tp->sack_ok) {
		vn_seq next = tp->snd_nxt;

		while (vn_seq_lt(seq, tp->snd_nxt) &&
		       vn_tcp_sb_is_sacked(&tp->sb, seq, &next))
			seq = next;
		if (!vn_seq_gt(next, seq))
			next = tp->snd_nxt;
		len = VN_MIN(next - seq, (uint32_t)tp->mss_cache);
	} else {
		len = VN_MIN(tp->snd_nxt - seq, (uint32_t)tp->mss_cache);
	}
	if (vn_seq_lt(seq, tp->snd_nxt)) {
		vn_tcp_rearm_rto(tp);
		len = retransmit(tp, seq, len ? len : 1);
		if (len)
			tp->high_rxt = seq + len;
	}
}

static void exit_recovery(struct vn_tcp_sock *tp)
{
	/* tcp_end_cwnd_reduction(): the window is what recovery left. */
	if (tp->ca_state == TCP_CA_RECOVERY)
		tp->cwnd = VN_MAX(tp->ssthresh, 2u);
	tp->ca_state = TCP_CA_OPEN;
	tp->dupacks = 0;
	tp->reno_sacked = 0;
	tp->high_rxt = tp->snd_una;
}

/* tcp_enter_loss(): the retransmission timer fired. */
void vn_tcp_enter_loss(struct vn_tcp_sock *tp)
{
	/* ssthresh shrinks once per episode, not on each backoff. */
	if (tp->ca_state <= TCP_CA_DISORDER ||
	    !vn_seq_gt(tp->high_seq, tp->snd_una) ||
	    (tp->ca_state == TCP_CA_LOSS && !tp->retransmits)) {
		tp->prior_ssthresh = tp->ssthresh;
		tp->prior_cwnd = tp->cwnd;
		tp->ssthresh = tp->ca_ops->ssthresh(tp);
		tp->ca_ops->on_loss(tp);
	}
	tp->cwnd = 1;
	tp->cwnd_cnt = 0;
	tp->ca_state = TCP_CA_LOSS;
	tp->high_seq = tp->snd_nxt;
	tp->high_rxt = tp->snd_una;
	tp->dupacks = 0;
	tp->reno_sacked = 0;
	tp->txs_len = 0;
}

/*
 * tcp_fastretrans_alert(), simplified to RFC 6675 / RFC 6582: called for
 * every ACK with @newly_acked bytes; grows cwnd, counts duplicates,
 * enters and leaves recovery, and sends what recovery allows.
 */
void vn_tcp_fastretrans_alert(struct vn_tcp_sock *tp, vn_seq prior_una,
			      bool is_dupack, uint32_t newly_acked)
{
	uint32_t acked_pkts = tcp_packets_in(newly_acked, tp->mss_cache);

	(void)prior_una;
	switch ((enum tcp_ca_state)tp->ca_state) {
	case TCP_CA_OPEN:
	case TCP_CA_DISORDER:
		if (newly_acked) {
			tp->dupacks = 0;
			tp->reno_sacked = 0;
			if (vn_tcp_is_cwnd_limited(tp))
				tp->ca_ops->cong_avoid(tp, acked_pkts);
		}
		if (is_dupack) {
			tp->dupacks++;
			if (!tp->sack_ok)
				tp->reno_sacked = VN_MIN(tp->dupacks,
							 tcp_packets_in(tp->snd_nxt - tp->snd_una,
									tp->mss_cache));
		}
		if (tp->snd_una != tp->snd_nxt &&
		    (tp->dupacks >= DUPTHRESH ||
		     (tp->sack_ok && tp->sb.n &&
		      (tp->sb.sacked > (DUPTHRESH - 1) * (uint32_t)tp->mss_cache ||
		       tp->sb.n >= DUPTHRESH)))) {
			enter_recovery(tp);
			vn_tcp_xmit_recovery(tp);
			return;
		}
		tp->ca_state = tp->dupacks || tp->sb.n ? TCP_CA_DISORDER :
							 TCP_CA_OPEN;
		return;
	case TCP_CA_RECOVERY:
		if (!vn_seq_lt(tp->snd_una, tp->high_seq)) {
			exit_recovery(tp);
			return;
		}
		tp->high_rxt = vn_seq_max(tp->high_rxt, tp->snd_una);
		if (!tp->sack_ok) {
			/* RFC 6582 3.2 steps 4 and 5. */
			if (newly_acked) {
				tp->cwnd = tp->cwnd > acked_pkts ?
						   tp->cwnd - acked_pkts + 1 :
						   1;
				vn_tcp_rearm_rto(tp);
				retransmit(tp, tp->snd_una,
					   VN_MIN(tp->snd_nxt - tp->snd_una,
						  (uint32_t)tp->mss_cache));
			} else if (is_dupack) {
				tp->cwnd++;
			}
		}
		vn_tcp_xmit_recovery(tp);
		return;
	case TCP_CA_LOSS:
		if (!vn_seq_lt(tp->snd_una, tp->high_seq)) {
			exit_recovery(tp);
			if (newly_acked && vn_tcp_is_cwnd_limited(tp))
				tp->ca_ops->cong_avoid(tp, acked_pkts);
			return;
		}
		tp->high_rxt = vn_seq_max(tp->high_rxt, tp->snd_una);
		if (newly_acked)
			tp->ca_ops->cong_avoid(tp, acked_pkts);
		vn_tcp_xmit_recovery(tp);
		return;
	}
}

/* --- the receiver's SACK blocks (tcp_sack_new_ofo_skb() and friends) ---- */

static bool sack_extend(struct vn_tcp_sack_block *sp, vn_seq seq, vn_seq end)
{
	if (!vn_seq_gt(seq, sp->end) && !vn_seq_gt(sp->start, end)) {
		if (vn_seq_lt(seq, sp->start))
			sp->start = seq;
		if (vn_seq_gt(end, sp->end))
			sp->end = end;
		return true;
	}
	return false;
}

/* tcp_sack_maybe_coalesce(): the first block swallowed others. */
static void sack_coalesce(struct vn_tcp_sock *tp)
{
	struct vn_tcp_sack_block *sp = &tp->sacks[0];

	for (uint8_t i = 1; i < tp->n_sacks;) {
		if (sack_extend(sp, tp->sacks[i].start, tp->sacks[i].end)) {
			memmove(&tp->sacks[i], &tp->sacks[i + 1],
				(size_t)(tp->n_sacks - i - 1) *
					sizeof(tp->sacks[0]));
			tp->n_sacks--;
			continue;
		}
		i++;
	}
}

/* RFC 2018 4: the block with the newest segment goes first. */
void vn_tcp_rcv_sack_new_ofo(struct vn_tcp_sock *tp, vn_seq seq, vn_seq end)
{
	struct vn_tcp_sack_block nb = { seq, end };
	uint8_t i;

	if (!tp->sack_ok)
		return;
	for (i = 0; i < tp->n_sacks; i++) {
		if (sack_extend(&tp->sacks[i], seq, end)) {
			struct vn_tcp_sack_block b = tp->sacks[i];

			memmove(&tp->sacks[1], &tp->sacks[0],
				(size_t)i * sizeof(tp->sacks[0]));
			tp->sacks[0] = b;
			if (tp->n_sacks > 1)
				sack_coalesce(tp);
			return;
		}
	}
	if (tp->n_sacks == VN_TCP_MAX_SACKS)
		tp->n_sacks--;
	memmove(&tp->sacks[1], &tp->sacks[0],
		(size_t)tp->n_sacks * sizeof(tp->sacks[0]));
	tp->sacks[0] = nb;
	tp->n_sacks++;
}

/* tcp_sack_remove(): blocks rcv_nxt has caught up with go. */
void vn_tcp_rcv_sack_remove(struct vn_tcp_sock *tp)
{
	if (!tp->ofoq.len) {
		tp->n_sacks = 0;
		return;
	}
	for (uint8_t i = 0; i < tp->n_sacks;) {
		if (!vn_seq_lt(tp->rcv_nxt, tp->sacks[i].start)) {
			memmove(&tp->sacks[i], &tp->sacks[i + 1],
				(size_t)(tp->n_sacks - i - 1) *
					sizeof(tp->sacks[0]));
			tp->n_sacks--;
			continue;
		}
		i++;
	}
}

/* tcp_dsack_set(): report a duplicate with the next ACK (RFC 2883). */
void vn_tcp_dsack_set(struct vn_tcp_sock *tp, vn_seq seq, vn_seq end)
{
	struct vn_inet *inet = tp->sk.inet;

	if (!tp->sack_ok || !tp->tn->conf.dsack || !vn_seq_lt(seq, end))
		return;
	if (vn_seq_lt(seq, tp->rcv_nxt))
		inet->stats.tcpext_dsack_old_sent++;
	else
		inet->stats.tcpext_dsack_ofo_sent++;
	if (tp->dsack_pending) {
		/* tcp_dsack_extend(): grow the pending one if adjacent. */
		if (sack_extend(&tp->dsack, seq, end))
			return;
	}
	tp->dsack.start = seq;
	tp->dsack.end = end;
	tp->dsack_pending = true;
}
