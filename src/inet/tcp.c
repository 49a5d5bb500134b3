// SPDX-License-Identifier: MIT
/*
 * inet/tcp.c - TCP sockets: the calls of include/vnet/socket.h, the
 * namespace's connection tables, state changes, queues, TIME-WAIT.
 *
 * Where it sits: ipv4_in.c hands segments to vn_tcp_input() (tcp_in.c),
 * icmp.c hands errors to vn_tcp_err(); segments leave through
 * vn_ip_output() (tcp_out.c); timers live in tcp_timer.c.  The behaviour
 * is Linux's (net/ipv4/tcp.c, tcp_input.c, tcp_output.c, tcp_timer.c,
 * tcp_minisocks.c, tcp_ipv4.c, inet_connection_sock.c), which implements
 * RFC 9293 with RFC 7323, 2018, 6675, 6298, 5681, 6582, 9438, 5961, 6528
 * and 4987 (SYN cookies).
 *
 * Theory of operation.
 *
 * Goals: a TCP a Linux peer cannot tell from Linux's -- same segments,
 * options, windows, timers and errors -- that moves bulk data at memory
 * speed with no allocation per packet and no work proportional to the
 * window per ACK.
 *
 * Data structures.  Per namespace (struct vn_tcp_ns): one hash of
 * connections keyed by the 4-tuple, holding three kinds of entries
 * (struct tcp_ekey): full sockets, SYN-RECV requests (struct tcp_req, a
 * listener's half-open connections) and TIME-WAIT remnants (struct
 * tcp_tw, what is left of a connection after its socket closed); one hash
 * of listeners keyed by port; a hash of TIME-WAIT entries by port (they
 * keep their port busy for bind(), as on Linux).  The tables grow as they
 * fill (base/hash.h), so millions of connections cost a few probes each.
 *
 * A socket's send queue is a chain of pool buffers holding the bytes from
 * snd_una to write_seq (large blocks for bulk writes, small ones for
 * small writes); segments are cut from it at transmit time, copied into a
 * fresh buffer with the headers, and the acknowledged prefix is released
 * from the head.  Received in-order segments are queued as they arrived
 * (zero copy, payload at buf->data) and copied out by recv(); segments
 * out of order wait in a queue sorted by sequence.  The SACK scoreboard
 * (tcp_sack.c) keeps at most TCP_SB_MAX ranges, so every ACK does bounded
 * work.
 *
 * States: RFC 9293's, with Linux's numbering (vnet/socket.h).  A socket
 * leaves the connection hash when it reaches CLOSE; a connection closed
 * on our side first becomes a TIME-WAIT remnant for 60 s (or a FIN-WAIT-2
 * remnant for tcp_fin_timeout when the program has closed it).  A socket
 * the program closed while the connection still runs is an orphan and is
 * freed by TCP when the connection ends.
 *
 * Events: input, timers and program calls.  Wakeups of the program are
 * collected during an event and delivered at its end (vn_tcp_flush_wake),
 * so a program that calls back into the socket from its wakeup (reads,
 * writes, closes) never finds TCP half way through an update.
 *
 * Timers (tcp_timer.c): per socket one retransmission timer (RTO, SYN
 * retries, zero window probes), one delayed-ACK timer, one keepalive
 * timer; per request a SYN-ACK timer; per TIME-WAIT entry its expiry.
 *
 * Limits, and what happens when full: a listener holds at most its
 * backlog (capped by somaxconn) connections waiting for accept() and as
 * many requests; past that SYNs get SYN cookies (tcp_syncookies=1) or are
 * dropped.  TIME-WAIT entries are capped at tcp_max_tw_buckets (closing
 * connections beyond simply close, TCPTimeWaitOverflow).  Send and
 * receive queues are bounded by SO_SNDBUF/SO_RCVBUF (autotuned as Linux
 * does unless set).
 *
 * Not supported: IPv6, urgent data (the urgent pointer is ignored and the
 * byte stays in the stream, as SO_OOBINLINE), TCP Fast Open, MD5/AO
 * signatures, ECN, RACK-TLP, PRR, F-RTO, undo of spurious retransmissions,
 * MTU probing, TSO/GSO (segments are MSS-sized on the wire).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "inet/ipv4_priv.h"
#include "inet/tcp_priv.h"
#include "wire/ipv4.h"

static const struct vn_sock_ops tcp_ops;

/* --- namespace tables ---------------------------------------------------- */

static void conf_defaults(struct tcp_conf *c)
{
	*c = (struct tcp_conf){
		.syncookies = 1,
		.syn_retries = 6,
		.syn_linear_timeouts = 4,
		.synack_retries = 5,
		.retries2 = 15,
		.orphan_retries = 0,
		.fin_timeout = 60,
		.keepalive_time = 7200,
		.keepalive_intvl = 75,
		.keepalive_probes = 9,
		.max_syn_backlog = 128,
		.somaxconn = 4096,
		.max_tw_buckets = 262144,
		.timestamps = 1,
		.sack = 1,
		.window_scaling = 1,
		.dsack = 1,
		.rmem = { 4096, 131072, 6291456 },
		.wmem = { 4096, 16384, 4194304 },
		.moderate_rcvbuf = 1,
		.congestion = VN_TCP_CA_CUBIC,
		.challenge_ack_limit = INT_MAX,
		.invalid_ratelimit_ms = 500,
		.rfc1337 = 0,
		.abort_on_overflow = 0,
		.slow_start_after_idle = 1,
		.limit_output_bytes = 4 << 20,
	};
}

void vn_tcp_init(struct vn_inet *inet)
{
	struct vn_tcp_ns *tn = calloc(1, sizeof(*tn));

	VN_ASSERT(tn);
	tn->inet = inet;
	vn_hmap_init(&tn->ehash);
	vn_hmap_init(&tn->lhash);
	vn_hmap_init(&tn->twbind);
	vn_list_init(&tn->listeners);
	vn_list_init(&tn->tws);
	conf_defaults(&tn->conf);
	vn_tcp_keys_init(tn);
	inet->socks->tcp = tn;
}

static void sock_free(struct vn_tcp_sock *tp);

void vn_tcp_fini(struct vn_inet *inet)
{
	struct vn_tcp_ns *tn = tcp_ns(inet);
	struct vn_sock *s, *tmp;

	/*
	 * Every TCP socket goes, the program's and the orphans; the
	 * namespace is dying, so nothing is sent.  Listeners take their
	 * requests and unaccepted children with them.
	 */
	tn->dying = true;
	vn_list_for_each(s, &inet->socks->all, link) {
		struct vn_tcp_sock *tp;

		if (s->proto != VN_IPPROTO_TCP)
			continue;
		tp = tcp_sk(s);
		if (tp->parent) {
			vn_list_remove(&tp->alink);
			vn_list_init(&tp->alink);
			tp->parent->acceptq_len--;
			tp->parent = NULL;
		}
	}
	vn_list_for_each_safe(s, tmp, &inet->socks->all, link) {
		if (s->proto == VN_IPPROTO_TCP)
			sock_free(tcp_sk(s));
	}
	while (!vn_list_empty(&tn->tws))
		vn_tcp_tw_free(vn_list_entry(tn->tws.next, struct tcp_tw,
					     link));
	vn_hmap_fini(&tn->ehash);
	vn_hmap_fini(&tn->lhash);
	vn_hmap_fini(&tn->twbind);
	free(tn);
	inet->socks->tcp = NULL;
}

uint32_t vn_tcp_ehash(const struct vn_tcp_ns *tn, uint32_t laddr,
		      uint32_t raddr, uint16_t lport, uint16_t rport)
{
	uint64_t a = (uint64_t)laddr << 32 | raddr;
	uint64_t p = (uint64_t)lport << 16 | rport;

	return (uint32_t)vn_hash_mix64(vn_hash_mix64(a ^ tn->inet->env->hash_seed) ^
				       p);
}

struct tcp_ekey *vn_tcp_elookup(struct vn_tcp_ns *tn, uint32_t laddr,
				uint32_t raddr, uint16_t lport,
				uint16_t rport)
{
	uint32_t h = vn_tcp_ehash(tn, laddr, raddr, lport, rport);
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, h, &tn->ehash)
	{
		struct tcp_ekey *ek = container_of(node, struct tcp_ekey,
						   node);

		if (ek->laddr == laddr && ek->raddr == raddr &&
		    ek->lport == lport && ek->rport == rport)
			return ek;
	}
	return NULL;
}

void vn_tcp_ehash_add(struct vn_tcp_ns *tn, struct tcp_ekey *ek)
{
	VN_ASSERT(!ek->hashed);
	vn_hmap_insert(&tn->ehash, &ek->node,
		       vn_tcp_ehash(tn, ek->laddr, ek->raddr, ek->lport,
				    ek->rport));
	ek->hashed = true;
}

void vn_tcp_ehash_del(struct vn_tcp_ns *tn, struct tcp_ekey *ek)
{
	if (!ek->hashed)
		return;
	vn_hmap_remove(&tn->ehash, &ek->node);
	ek->hashed = false;
}

static uint32_t port_hash(uint16_t port)
{
	return vn_hash_u64(port, 0x7c9);
}

/*
 * compute_score() for listeners: a bound address must match, a bound
 * device must match; each match scores, the best wins (inet_lhash2).
 */
struct vn_tcp_sock *vn_tcp_listener_lookup(struct vn_tcp_ns *tn,
					   uint32_t daddr, uint16_t dport,
					   uint32_t ifindex)
{
	struct vn_tcp_sock *best = NULL;
	struct vn_hnode *node;
	int best_score = -1;

	VN_HMAP_FOR_EACH_WITH_HASH(node, port_hash(dport), &tn->lhash)
	{
		struct vn_tcp_sock *tp = container_of(node, struct vn_tcp_sock,
						      lnode);
		int score = 1;

		if (tp->sk.lport != dport)
			continue;
		if (tp->sk.laddr) {
			if (tp->sk.laddr != daddr)
				continue;
			score += 4;
		}
		if (tp->sk.bound_ifindex) {
			if ((uint32_t)tp->sk.bound_ifindex != ifindex)
				continue;
			score += 4;
		}
		if (score > best_score) {
			best = tp;
			best_score = score;
		}
	}
	return best;
}

/* Does TIME-WAIT entry @tw keep @s from binding its port? */
static bool tw_conflict(const struct vn_sock *s, const struct tcp_tw *tw)
{
	if (s->laddr && tw->ek.laddr != s->laddr)
		return false;
	if (s->bound_ifindex && tw->bound_ifindex &&
	    tw->bound_ifindex != s->bound_ifindex)
		return false;
	/* inet_csk_bind_conflict(): both asked for SO_REUSEADDR. */
	return !(s->reuseaddr && tw->reuse);
}

bool vn_tcp_bind_conflict(const struct vn_sock *s, uint16_t port)
{
	struct vn_tcp_ns *tn = s->inet->socks->tcp;
	struct vn_hnode *node;

	if (!tn)
		return false;
	VN_HMAP_FOR_EACH_WITH_HASH(node, port_hash(port), &tn->twbind)
	{
		struct tcp_twport *twp = container_of(node, struct tcp_twport,
						      node);
		struct tcp_tw *tw;

		if (twp->port != port)
			continue;
		vn_list_for_each(tw, &twp->tws, plink) {
			if (tw_conflict(s, tw))
				return true;
		}
	}
	return false;
}

/* --- states ----------------------------------------------------------------- */

static void listen_stop(struct vn_tcp_sock *tp);

void vn_tcp_set_state(struct vn_tcp_sock *tp, uint8_t state)
{
	struct vn_inet *inet = tp->sk.inet;
	uint8_t old = tp->state;

	if (state == VN_TCP_CLOSE &&
	    (old == VN_TCP_ESTABLISHED || old == VN_TCP_CLOSE_WAIT))
		inet->stats.tcp_estab_resets++;
	tp->state = state;
	tp->sk.connected = state != VN_TCP_CLOSE && state != VN_TCP_SYN_SENT &&
			   state != VN_TCP_LISTEN;
	if (state != VN_TCP_CLOSE)
		return;
	/* tcp_set_state(TCP_CLOSE): unhash, give back an automatic port. */
	vn_tcp_ehash_del(tp->tn, &tp->ek);
	if (old == VN_TCP_LISTEN)
		listen_stop(tp);
	if (tp->autobound && !tp->parent) {
		vn_sock_unbind(&tp->sk);
		tp->autobound = false;
	}
}

void vn_tcp_wake(struct vn_tcp_sock *tp)
{
	tp->wake = 1;
}

void vn_tcp_flush_wake(struct vn_tcp_sock *tp)
{
	if (tp->zombie) {
		sock_free(tp);
		return;
	}
	if (tp->wake) {
		tp->wake = 0;
		vn_sock_wake(&tp->sk);
	}
}

void vn_tcp_done(struct vn_tcp_sock *tp)
{
	vn_tcp_set_state(tp, VN_TCP_CLOSE);
	vn_tcp_timers_stop(tp);
	tp->shutdown = TCP_SHUTDOWN_MASK;
	if (tp->sk.user_closed && !tp->parent)
		tp->zombie = true;	/* freed by vn_tcp_flush_wake() */
	else
		vn_tcp_wake(tp);
}

void vn_tcp_reset(struct vn_tcp_sock *tp, int err)
{
	/* tcp_reset(): the error depends on where the reset finds us. */
	switch (tp->state) {
	case VN_TCP_SYN_SENT:
		err = ECONNREFUSED;
		break;
	case VN_TCP_CLOSE_WAIT:
		err = EPIPE;
		break;
	case VN_TCP_CLOSE:
		return;
	default:
		if (!err)
			err = ECONNRESET;
		break;
	}
	tp->sk.so_error = err;
	vn_tcp_sndq_purge(tp);
	vn_tcp_done(tp);
}

/* --- queues ------------------------------------------------------------------- */

uint32_t vn_tcp_win_from_space(uint32_t space)
{
	/* Half the buffer is window (Linux's default scaling_ratio). */
	return space / 2;
}

uint32_t vn_tcp_sndq_free(const struct vn_tcp_sock *tp)
{
	return tp->sndq.len >= tp->sk.sndbuf ? 0 : tp->sk.sndbuf - tp->sndq.len;
}

void vn_tcp_sndq_ack(struct vn_tcp_sock *tp, vn_seq una)
{
	struct tcp_sndq *q = &tp->sndq;
	uint32_t n;

	if (!vn_seq_gt(una, q->seq))
		return;
	n = VN_MIN(una - q->seq, q->len);
	q->len -= n;
	q->seq += n;
	while (n) {
		struct vn_buf *b = q->q.head;

		if (n < b->len) {
			vn_buf_pull(b, n);
			break;
		}
		n -= b->len;
		vn_bufq_pop(&q->q);
		if (q->nxt.buf == b)
			q->nxt.buf = NULL;
		if (q->rtx.buf == b)
			q->rtx.buf = NULL;
		vn_buf_free(b);
	}
	/* A cursor on the head buffer now starts later. */
	if (q->nxt.buf && q->nxt.buf == q->q.head)
		q->nxt.buf = NULL;
	if (q->rtx.buf && q->rtx.buf == q->q.head)
		q->rtx.buf = NULL;
}

void vn_tcp_sndq_purge(struct vn_tcp_sock *tp)
{
	struct tcp_sndq *q = &tp->sndq;
	struct vn_buf *b;

	while ((b = vn_bufq_pop(&q->q)))
		vn_buf_free(b);
	q->seq += q->len;
	q->len = 0;
	q->nxt.buf = q->rtx.buf = NULL;
}

void vn_tcp_sndq_copy(struct vn_tcp_sock *tp, struct tcp_cursor *c,
		      vn_seq seq, uint8_t *dst, uint32_t len)
{
	struct tcp_sndq *q = &tp->sndq;
	struct vn_buf *b = c->buf;
	vn_seq bseq = c->seq;
	uint32_t off;

	VN_ASSERT(vn_seq_ge(seq, q->seq) &&
		  vn_seq_le(seq + len, q->seq + q->len));
	if (!b || vn_seq_gt(bseq, seq)) {
		b = q->q.head;
		bseq = q->seq;
	}
	while (vn_seq_ge(seq, bseq + b->len)) {
		bseq += b->len;
		b = b->next;
	}
	c->buf = b;
	c->seq = bseq;
	off = seq - bseq;
	while (len) {
		uint32_t n = VN_MIN(len, b->len - off);

		memcpy(dst, b->data + off, n);
		dst += n;
		len -= n;
		off += n;
		if (off == b->len && len) {
			bseq += b->len;
			b = b->next;
			off = 0;
			c->buf = b;
			c->seq = bseq;
		}
	}
}

/* Appends up to @len bytes of @data; returns how many fit. */
static uint32_t sndq_append(struct vn_tcp_sock *tp, const uint8_t *data,
			    uint32_t len)
{
	struct tcp_sndq *q = &tp->sndq;
	uint32_t done = 0;

	while (done < len) {
		struct vn_buf *b = q->q.tail;
		uint32_t room = b ? vn_buf_tailroom(b) : 0;
		uint32_t n;

		if (!room) {
			uint32_t want = len - done >= 16384 ?
						65536 :
						VN_BUF_SMALL_SIZE - VN_BUF_HEADROOM;

			b = vn_buf_alloc(tp->sk.inet->env->pool, want);
			if (!b)
				break;
			vn_bufq_push(&q->q, b);
			room = vn_buf_tailroom(b);
		}
		n = VN_MIN(room, len - done);
		memcpy(vn_buf_put(b, n), data + done, n);
		done += n;
	}
	q->len += done;
	tp->write_seq += done;
	return done;
}

void vn_tcp_rcv_purge(struct vn_tcp_sock *tp)
{
	vn_bufq_purge(&tp->rcvq, VN_DROP_TCP_CLOSE);
	vn_bufq_purge(&tp->ofoq, VN_DROP_TCP_CLOSE);
	tp->rcvq_bytes = tp->ofo_bytes = 0;
	tp->n_sacks = 0;
}

/*
 * tcp_init_buffer_space(): once connected, the send buffer grows to what
 * the initial window needs and the window clamp follows the receive
 * buffer.
 */
void vn_tcp_init_buffers(struct vn_tcp_sock *tp)
{
	uint32_t maxwin;

	if (!tp->sndbuf_locked)
		vn_tcp_sndbuf_expand(tp);
	tp->rcvq_space.time = tcp_now(tp);
	tp->rcvq_space.seq = tp->copied_seq;
	maxwin = vn_tcp_win_from_space(tp->sk.rcvbuf);
	if (tp->window_clamp >= maxwin)
		tp->window_clamp = maxwin;
	tp->rcv_ssthresh = VN_MIN(tp->rcv_ssthresh, tp->window_clamp);
	tp->rcvq_space.space = VN_MIN(VN_MIN(tp->rcv_ssthresh, tp->rcv_wnd),
				      (uint32_t)TCP_INIT_CWND * tp->advmss);
}

/* tcp_sndbuf_expand(): room for two windows of cwnd segments. */
void vn_tcp_sndbuf_expand(struct vn_tcp_sock *tp)
{
	uint32_t per_mss = VN_MAX(tp->mss_clamp, tp->mss_cache) + 320 + 320;
	uint32_t pow = 1, nr_segs;
	uint64_t sndmem;

	if (tp->sndbuf_locked)
		return;
	while (pow < per_mss)
		pow <<= 1;
	per_mss = pow + 256;
	nr_segs = VN_MAX(TCP_INIT_CWND, tp->cwnd);
	sndmem = 2ull * nr_segs * per_mss;
	if (tp->sk.sndbuf < sndmem)
		tp->sk.sndbuf = (uint32_t)VN_MIN(sndmem,
						 (uint64_t)tp->tn->conf.wmem[2]);
}

/*
 * tcp_rcv_space_adjust(): dynamic right-sizing.  Once per receiver RTT,
 * if the program read more than last time, the receive buffer grows to
 * twice what it read, plus room for the sender's growth.
 */
void vn_tcp_rcv_space_adjust(struct vn_tcp_sock *tp)
{
	vn_time now = tcp_now(tp);
	uint32_t copied;

	if (!tp->rcv_rtt_us ||
	    (now - tp->rcvq_space.time) / VN_USEC < tp->rcv_rtt_us)
		return;
	copied = tp->copied_seq - tp->rcvq_space.seq;
	if (copied > tp->rcvq_space.space) {
		if (tp->tn->conf.moderate_rcvbuf && !tp->rcvbuf_locked) {
			uint64_t rcvwin = ((uint64_t)copied << 1) +
					  16ull * tp->advmss;
			uint64_t grow = rcvwin * (copied - tp->rcvq_space.space) /
					tp->rcvq_space.space;
			uint64_t rcvbuf;

			rcvwin += grow << 1;
			rcvbuf = VN_MIN(rcvwin * 2,
					(uint64_t)tp->tn->conf.rmem[2]);
			if (rcvbuf > tp->sk.rcvbuf) {
				tp->sk.rcvbuf = (uint32_t)rcvbuf;
				tp->window_clamp =
					vn_tcp_win_from_space(tp->sk.rcvbuf);
			}
		}
		tp->rcvq_space.space = copied;
	}
	tp->rcvq_space.seq = tp->copied_seq;
	tp->rcvq_space.time = now;
}

/* --- creation and destruction -------------------------------------------------- */

static void sock_setup(struct vn_tcp_sock *tp, struct vn_tcp_ns *tn)
{
	tp->tn = tn;
	tp->id = ++tn->n_ids;
	tp->ek.kind = TCP_KIND_SOCK;
	tp->state = VN_TCP_CLOSE;
	tp->sk.rcvbuf = (uint32_t)tn->conf.rmem[1];
	tp->sk.sndbuf = (uint32_t)tn->conf.wmem[1];
	tp->mss_cache = TCP_MSS_DEFAULT;
	tp->mss_clamp = TCP_MSS_DEFAULT;
	tp->cwnd = TCP_INIT_CWND;
	tp->ssthresh = TCP_INFINITE_SSTHRESH;
	tp->rto = TCP_TIMEOUT_INIT;
	tp->mdev_us = (uint32_t)(TCP_TIMEOUT_INIT / VN_USEC);
	tp->min_rtt_us = UINT32_MAX;
	tp->ca_ops = vn_tcp_cong_find(tn->conf.congestion);
	vn_bufq_init(&tp->sndq.q);
	vn_bufq_init(&tp->rcvq);
	vn_bufq_init(&tp->ofoq);
	vn_list_init(&tp->acceptq);
	vn_list_init(&tp->reqs);
	vn_list_init(&tp->alink);
	vn_list_init(&tp->llink);
	vn_tcp_timers_init(tp);
	vn_tcp_tsq_init(tp);
}

int vn_tcp_create(struct vn_inet *inet, struct vn_sock **out)
{
	struct vn_tcp_sock *tp = calloc(1, sizeof(*tp));

	if (!tp)
		return -ENOMEM;
	vn_sock_init(&tp->sk, inet, &tcp_ops, VN_SOCK_STREAM, VN_IPPROTO_TCP);
	sock_setup(tp, tcp_ns(inet));
	*out = &tp->sk;
	return 0;
}

static void sock_free(struct vn_tcp_sock *tp)
{
	struct vn_tcp_ns *tn = tp->tn;

	if (tp->state == VN_TCP_LISTEN) {
		/* The namespace is going: no RSTs, just let go. */
		tp->state = VN_TCP_CLOSE;
		listen_stop(tp);
	}
	vn_tcp_timers_stop(tp);
	vn_tcp_ehash_del(tn, &tp->ek);
	if (tp->parent) {
		vn_list_remove(&tp->alink);
		tp->parent->acceptq_len--;
		tp->parent = NULL;
	}
	if (tp->sk.user_closed && tn->n_orphans)
		tn->n_orphans--;
	vn_tcp_sndq_purge(tp);
	vn_tcp_rcv_purge(tp);
	vn_tcp_tsq_sock_free(tp);	/* vn_sock_free(), maybe later */
}

/*
 * tcp_create_openreq_child(): the socket for a connection a listener
 * accepted, from its request and the segment completing the handshake.
 */
struct vn_tcp_sock *vn_tcp_child_create(struct vn_tcp_sock *lsk,
					const struct tcp_req *req,
					const struct tcp_seg *seg)
{
	struct vn_inet *inet = lsk->sk.inet;
	struct vn_tcp_sock *tp = calloc(1, sizeof(*tp));
	vn_time now = vn_env_now(inet->env);
	uint16_t pmtu;

	if (!tp)
		return NULL;
	vn_sock_init(&tp->sk, inet, &tcp_ops, VN_SOCK_STREAM, VN_IPPROTO_TCP);
	sock_setup(tp, lsk->tn);
	/* The child inherits the listener's options and port. */
	tp->sk.reuseaddr = lsk->sk.reuseaddr;
	tp->sk.keepalive = lsk->sk.keepalive;
	tp->sk.linger = lsk->sk.linger;
	tp->sk.ttl = lsk->sk.ttl;
	tp->sk.tos = lsk->sk.tos;
	tp->sk.bound_ifindex = lsk->sk.bound_ifindex;
	tp->sk.rcvbuf = lsk->sk.rcvbuf;
	tp->sk.sndbuf = lsk->sk.sndbuf;
	tp->rcvbuf_locked = lsk->rcvbuf_locked;
	tp->sndbuf_locked = lsk->sndbuf_locked;
	tp->nodelay = lsk->nodelay;
	tp->user_mss = lsk->user_mss;
	tp->keepidle = lsk->keepidle;
	tp->keepintvl = lsk->keepintvl;
	tp->keepcnt = lsk->keepcnt;
	tp->ca_ops = lsk->ca_ops;
	tp->sk.laddr = seg->daddr;
	tp->sk.raddr = seg->saddr;
	tp->sk.rport = seg->sport;
	vn_sock_bind_port_inherit(&tp->sk, &lsk->sk);
	tp->ek.laddr = seg->daddr;
	tp->ek.raddr = seg->saddr;
	tp->ek.lport = seg->dport;
	tp->ek.rport = seg->sport;

	tp->iss = req->iss;
	tp->snd_una = tp->snd_nxt = tp->write_seq = req->iss + 1;
	tp->snd_sml = tp->snd_up = tp->snd_una;
	tp->sndq.seq = tp->snd_una;
	tp->irs = req->irs;
	tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = req->irs + 1;
	tp->rcvq_space.seq = tp->copied_seq;
	tp->snd_wl1 = req->irs;
	tp->snd_wl2 = req->iss;

	tp->tstamp_ok = req->tstamp_ok;
	tp->sack_ok = req->sack_ok;
	tp->wscale_ok = req->wscale_ok;
	tp->snd_wscale = req->snd_wscale;
	tp->rcv_wscale = req->rcv_wscale;
	tp->ts_recent = req->ts_recent;
	tp->ts_recent_stamp = now / VN_SEC;
	tp->ts_off = req->ts_off;
	tp->opt_len = tp->tstamp_ok ? VN_TCPOLEN_TS_ALIGNED : 0;

	tp->advmss = vn_tcp_route_advmss(&tp->sk, tp->sk.raddr, &pmtu);
	if (tp->user_mss && tp->user_mss < tp->advmss)
		tp->advmss = tp->user_mss;
	tp->pmtu = pmtu;
	tp->mss_clamp = req->mss;
	if (tp->user_mss && tp->user_mss < tp->mss_clamp)
		tp->mss_clamp = tp->user_mss;
	tp->rcv_wnd = req->rcv_wnd;
	tp->rcv_ssthresh = req->rcv_wnd;
	tp->window_clamp = TCP_MAX_WINDOW << tp->rcv_wscale;
	tp->ato = 0;
	/* The window of the SYN is never scaled (RFC 7323 2.2). */
	tp->snd_wnd = seg->wnd << tp->snd_wscale;
	tp->max_window = tp->snd_wnd;
	vn_tcp_sync_mss(tp);
	/* tcp_v4_syn_recv_sock(): a SYN-RECV child may already have to
	 * offer a window (a challenge ACK), which divides by rcv_mss. */
	vn_tcp_init_rcv_mss(tp);
	tp->ca_ops->init(tp);
	return tp;
}

/* --- TIME-WAIT ----------------------------------------------------------------- */

void vn_tcp_tw_free(struct tcp_tw *tw)
{
	struct vn_tcp_ns *tn = tw->tn;

	vn_env_timer_cancel(tn->inet->env, &tw->timer);
	vn_tcp_ehash_del(tn, &tw->ek);
	vn_list_remove(&tw->plink);
	if (vn_list_empty(&tw->twp->tws)) {
		vn_hmap_remove(&tn->twbind, &tw->twp->node);
		free(tw->twp);
	}
	vn_list_remove(&tw->link);
	tn->n_tw--;
	free(tw);
}

/* The TIME-WAIT entries of local port @port, made if need be; NULL: ENOMEM. */
static struct tcp_twport *twport_get(struct vn_tcp_ns *tn, uint16_t port)
{
	struct tcp_twport *twp;
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, port_hash(port), &tn->twbind)
	{
		twp = container_of(node, struct tcp_twport, node);
		if (twp->port == port)
			return twp;
	}
	twp = calloc(1, sizeof(*twp));
	if (!twp)
		return NULL;
	twp->port = port;
	vn_list_init(&twp->tws);
	vn_hmap_insert(&tn->twbind, &twp->node, port_hash(port));
	return twp;
}

/*
 * tcp_time_wait(): what is left of a connection once its socket is done:
 * the 4-tuple (still answering retransmitted FINs and keeping the port
 * busy) for @timeo.  Over tcp_max_tw_buckets the connection just closes.
 */
void vn_tcp_time_wait(struct vn_tcp_sock *tp, uint8_t substate, vn_time timeo)
{
	struct vn_tcp_ns *tn = tp->tn;
	struct vn_inet *inet = tp->sk.inet;
	struct tcp_twport *twp = NULL;
	struct tcp_tw *tw = NULL;

	if (tn->n_tw < (uint32_t)tn->conf.max_tw_buckets) {
		twp = twport_get(tn, tp->ek.lport);
		if (twp)
			tw = calloc(1, sizeof(*tw));
		if (twp && !tw && vn_list_empty(&twp->tws)) {
			vn_hmap_remove(&tn->twbind, &twp->node);
			free(twp);
		}
	}
	if (!tw) {
		inet->stats.tcpext_time_wait_overflow++;
		vn_tcp_done(tp);
		return;
	}
	tw->tn = tn;
	tw->id = tp->id;
	tw->ek.kind = TCP_KIND_TW;
	tw->ek.laddr = tp->ek.laddr;
	tw->ek.raddr = tp->ek.raddr;
	tw->ek.lport = tp->ek.lport;
	tw->ek.rport = tp->ek.rport;
	tw->substate = substate;
	tw->reuse = tp->sk.reuseaddr;
	tw->tstamp_ok = tp->tstamp_ok;
	tw->rcv_wscale = tp->rcv_wscale;
	tw->ttl = tp->sk.ttl;
	tw->tos = tp->sk.tos;
	tw->bound_ifindex = tp->sk.bound_ifindex;
	tw->rcv_nxt = tp->rcv_nxt;
	tw->snd_nxt = tp->snd_nxt;
	tw->rcv_wnd = tcp_receive_window(tp);
	tw->ts_recent = tp->ts_recent;
	tw->ts_recent_stamp = tp->ts_recent_stamp;
	tw->ts_off = tp->ts_off;
	tw->last_oow_ack_time = tp->last_oow_ack_time;
	vn_tcp_tw_timer_init(tw);
	/* inet_twsk_hashdance(): the remnant takes the socket's places. */
	vn_tcp_ehash_del(tn, &tp->ek);
	vn_tcp_ehash_add(tn, &tw->ek);
	vn_list_push_back(&twp->tws, &tw->plink);
	tw->twp = twp;
	vn_list_push_back(&tn->tws, &tw->link);
	tn->n_tw++;
	if (substate == VN_TCP_TIME_WAIT)
		inet->stats.tcpext_tw++;
	tw->expires = vn_env_now(inet->env) + timeo;
	vn_env_timer_arm(inet->env, &tw->timer, tw->expires);
	vn_tcp_done(tp);
}

/* --- listening ------------------------------------------------------------------ */

void vn_tcp_req_free(struct tcp_req *req)
{
	struct vn_tcp_sock *lsk = req->listener;

	vn_env_timer_cancel(lsk->sk.inet->env, &req->timer);
	vn_tcp_ehash_del(lsk->tn, &req->ek);
	vn_list_remove(&req->link);
	lsk->n_reqs--;
	free(req);
}

/*
 * inet_csk_listen_stop(): requests go silently, children nobody accepted
 * are reset (tcp_disconnect() sends RST for synchronized ones).
 */
static void listen_stop(struct vn_tcp_sock *tp)
{
	struct vn_tcp_ns *tn = tp->tn;

	if (tp->lnode.hash || !vn_list_empty(&tp->llink)) {
		vn_hmap_remove(&tn->lhash, &tp->lnode);
		vn_list_remove(&tp->llink);
		vn_list_init(&tp->llink);
		tp->lnode.hash = 0;
	}
	tp->sk.listening = false;
	while (!vn_list_empty(&tp->reqs))
		vn_tcp_req_free(vn_list_entry(tp->reqs.next, struct tcp_req,
					      link));
	while (!vn_list_empty(&tp->acceptq)) {
		struct vn_tcp_sock *c = vn_list_entry(tp->acceptq.next,
						      struct vn_tcp_sock, alink);

		vn_list_remove(&c->alink);
		vn_list_init(&c->alink);
		tp->acceptq_len--;
		c->parent = NULL;
		if (tn->dying || c->state == VN_TCP_CLOSE) {
			sock_free(c);
			continue;
		}
		if (c->state == VN_TCP_ESTABLISHED ||
		    c->state == VN_TCP_CLOSE_WAIT ||
		    c->state == VN_TCP_FIN_WAIT1 ||
		    c->state == VN_TCP_FIN_WAIT2 ||
		    c->state == VN_TCP_SYN_RECV)
			vn_tcp_send_active_reset(c);
		vn_tcp_set_state(c, VN_TCP_CLOSE);
		sock_free(c);
	}
}

/* --- the socket calls --------------------------------------------------------- */

/* The 4-tuple is free for a new connection (__inet_check_established()). */
static bool tuple_free(struct vn_tcp_sock *tp, uint32_t raddr, uint16_t rport)
{
	return !vn_tcp_elookup(tp->tn, tp->sk.laddr, raddr, tp->sk.lport,
			       rport);
}

static int tcp_connect(struct vn_sock *s, const struct vn_sockaddr *addr)
{
	struct vn_tcp_sock *tp = tcp_sk(s);
	struct vn_route_result rt;
	uint32_t saved_laddr = s->laddr;
	int rc;

	/* __inet_stream_connect(): what an earlier connect() left. */
	switch (tp->sock_state) {
	case TCP_SS_CONNECTED:
		return -EISCONN;
	case TCP_SS_CONNECTING:
		if (tp->state == VN_TCP_SYN_SENT || tp->state == VN_TCP_SYN_RECV)
			return -EALREADY;
		if (tp->state == VN_TCP_CLOSE) {
			rc = s->so_error ? -s->so_error : -ECONNABORTED;
			s->so_error = 0;
			tp->sock_state = TCP_SS_UNCONNECTED;
			return rc;
		}
		tp->sock_state = TCP_SS_CONNECTED;
		return 0;
	case TCP_SS_UNCONNECTED:
		break;
	}
	if (tp->state != VN_TCP_CLOSE)
		return -EISCONN;
	rc = vn_sock_route(s, addr->addr, &rt);
	if (rc)
		return rc;
	/* tcp_v4_connect(): no broadcast or multicast peers. */
	if (rt.flags & (VN_RTCF_MULTICAST | VN_RTCF_BROADCAST) ||
	    rt.type == VN_RTN_BROADCAST || rt.type == VN_RTN_MULTICAST)
		return -ENETUNREACH;
	if (!s->laddr)
		s->laddr = rt.src;
	if (!s->bound) {
		/* inet_hash_connect(): an ephemeral port whose 4-tuple is free. */
		for (int i = 0; i < 64; i++) {
			rc = vn_sock_bind_port(s, s->laddr, 0);
			if (rc) {
				s->laddr = saved_laddr;
				return rc == -EAGAIN ? -EADDRNOTAVAIL : rc;
			}
			if (tuple_free(tp, addr->addr, addr->port))
				break;
			vn_sock_unbind(s);
			s->laddr = rt.src;
			rc = -EADDRNOTAVAIL;
		}
		if (rc) {
			s->laddr = saved_laddr;
			return rc;
		}
		tp->autobound = true;
	} else if (!tuple_free(tp, addr->addr, addr->port)) {
		s->laddr = saved_laddr;
		return -EADDRNOTAVAIL;
	}
	s->raddr = addr->addr;
	s->rport = addr->port;
	rc = vn_tcp_connect_xmit(tp);
	if (rc) {
		vn_tcp_set_state(tp, VN_TCP_CLOSE);
		s->raddr = 0;
		s->rport = 0;
		s->laddr = saved_laddr;
		return rc;
	}
	tp->sock_state = TCP_SS_CONNECTING;
	return -EINPROGRESS;
}

static int tcp_listen(struct vn_sock *s, int backlog)
{
	struct vn_tcp_sock *tp = tcp_sk(s);
	struct vn_tcp_ns *tn = tp->tn;
	uint32_t max = (uint32_t)tn->conf.somaxconn;
	int rc;

	if (tp->sock_state != TCP_SS_UNCONNECTED)
		return -EINVAL;
	/* __sys_listen(): an unsigned comparison caps negatives too. */
	if ((unsigned)backlog > max)
		backlog = (int)max;
	if (tp->state == VN_TCP_LISTEN) {
		tp->max_backlog = (uint32_t)backlog;
		return 0;
	}
	if (tp->state != VN_TCP_CLOSE)
		return -EINVAL;
	if (!s->bound) {
		rc = vn_sock_bind_port(s, s->laddr, 0);
		if (rc)
			return rc == -EAGAIN ? -EADDRINUSE : rc;
		tp->autobound = true;
	}
	s->listening = true;
	if (vn_sock_port_conflict(s)) {
		s->listening = false;
		return -EADDRINUSE;
	}
	tp->max_backlog = (uint32_t)backlog;
	tp->state = VN_TCP_LISTEN;
	vn_hmap_insert(&tn->lhash, &tp->lnode, port_hash(s->lport));
	vn_list_push_back(&tn->listeners, &tp->llink);
	return 0;
}

static int tcp_accept(struct vn_sock *s, struct vn_sock **out)
{
	struct vn_tcp_sock *tp = tcp_sk(s);
	struct vn_tcp_sock *c;

	if (tp->state != VN_TCP_LISTEN)
		return -EINVAL;
	if (vn_list_empty(&tp->acceptq))
		return -EAGAIN;
	c = vn_list_entry(tp->acceptq.next, struct vn_tcp_sock, alink);
	vn_list_remove(&c->alink);
	vn_list_init(&c->alink);
	tp->acceptq_len--;
	c->parent = NULL;
	c->sock_state = TCP_SS_CONNECTED;
	*out = &c->sk;
	return 0;
}

/* tcp_push(): send what the queue allows now. */
static void tcp_push(struct vn_tcp_sock *tp, bool more)
{
	vn_tcp_write_xmit(tp, !more && !tp->cork);
}

static ssize_t tcp_sendmsg(struct vn_sock *s, const void *data, size_t len,
			   const struct vn_sockaddr *to, int flags)
{
	struct vn_tcp_sock *tp = tcp_sk(s);
	uint32_t room, n;

	(void)to;	/* a connected stream ignores the address, as Linux */
	if (s->so_error)
		return vn_sock_error(s);
	if (tp->shutdown & TCP_SEND_SHUTDOWN)
		return -EPIPE;
	/* sk_stream_wait_connect(): non-blocking, so -EAGAIN or -EPIPE. */
	if (tp->state != VN_TCP_ESTABLISHED && tp->state != VN_TCP_CLOSE_WAIT)
		return tp->state == VN_TCP_SYN_SENT ||
				       tp->state == VN_TCP_SYN_RECV ?
			       -EAGAIN :
			       -EPIPE;
	if (!len)
		return 0;
	room = vn_tcp_sndq_free(tp);
	if (!room)
		return -EAGAIN;
	n = sndq_append(tp, data, (uint32_t)VN_MIN(len, (size_t)room));
	if (!n)
		return -ENOBUFS;
	tcp_push(tp, flags & VN_MSG_MORE);
	return n;
}

/* tcp_cleanup_rbuf(): tell the peer when reading opened the window. */
static void cleanup_rbuf(struct vn_tcp_sock *tp, uint32_t copied)
{
	bool time_to_ack = false;

	if (tp->ack_pending & TCP_ACK_SCHED) {
		/* Delayed ACKs frequently hit locked sockets ... and a
		 * full segment read wants its ACK now. */
		if (tp->rcv_nxt - tp->rcv_wup > tp->rcv_mss ||
		    (copied > 0 && (tp->ack_pending & TCP_ACK_NOW)))
			time_to_ack = true;
	}
	if (copied > 0 && !time_to_ack && !(tp->shutdown & TCP_RCV_SHUTDOWN)) {
		uint32_t rcv_window_now = tcp_receive_window(tp);

		/* Optimize, __tcp_select_window() is not cheap. */
		if (2 * rcv_window_now <= tp->window_clamp) {
			uint32_t new_window = vn_tcp_select_window_space(tp);

			if (new_window && new_window >= 2 * rcv_window_now)
				time_to_ack = true;
		}
	}
	if (time_to_ack)
		vn_tcp_send_ack(tp);
}

static ssize_t tcp_recvmsg(struct vn_sock *s, void *data, size_t size,
			   struct vn_recv_info *info, int flags)
{
	struct vn_tcp_sock *tp = tcp_sk(s);
	uint8_t *dst = data;
	uint32_t copied = 0;
	struct vn_buf *b;

	if (tp->state == VN_TCP_LISTEN)
		return -ENOTCONN;
	if (info) {
		memset(info, 0, sizeof(*info));
		info->from.addr = s->raddr;
		info->from.port = s->rport;
		info->ttl = 0;
	}
	b = tp->rcvq.head;
	while (b && copied < size) {
		uint32_t n = (uint32_t)VN_MIN((size_t)b->len, size - copied);

		memcpy(dst + copied, b->data, n);
		copied += n;
		if (flags & VN_MSG_PEEK) {
			b = b->next;
			continue;
		}
		if (n < b->len) {
			vn_buf_pull(b, n);
			break;
		}
		vn_bufq_pop(&tp->rcvq);
		vn_buf_free(b);
		b = tp->rcvq.head;
	}
	if (copied && !(flags & VN_MSG_PEEK)) {
		tp->rcvq_bytes -= copied;
		tp->copied_seq += copied;
		vn_tcp_rcv_space_adjust(tp);
		cleanup_rbuf(tp, copied);
	}
	if (copied) {
		if (info)
			info->full_len = copied;
		return copied;
	}
	if (!size && tp->state != VN_TCP_CLOSE)
		return 0;
	/* tcp_recvmsg_locked(): FIN seen, error, shutdown, never connected. */
	if (tp->done)
		return 0;
	if (s->so_error)
		return vn_sock_error(s);
	if (tp->shutdown & TCP_RCV_SHUTDOWN)
		return 0;
	if (tp->state == VN_TCP_CLOSE)
		return -ENOTCONN;
	return -EAGAIN;
}

/* tcp_close_state(): the state after the program closes its side. */
static bool close_state(struct vn_tcp_sock *tp)
{
	switch (tp->state) {
	case VN_TCP_ESTABLISHED:
	case VN_TCP_SYN_RECV:
		vn_tcp_set_state(tp, VN_TCP_FIN_WAIT1);
		return true;
	case VN_TCP_CLOSE_WAIT:
		vn_tcp_set_state(tp, VN_TCP_LAST_ACK);
		return true;
	case VN_TCP_SYN_SENT:
	case VN_TCP_TIME_WAIT:
	case VN_TCP_LISTEN:
		vn_tcp_set_state(tp, VN_TCP_CLOSE);
		return false;
	case VN_TCP_CLOSE:
	case VN_TCP_FIN_WAIT1:
	case VN_TCP_FIN_WAIT2:
	case VN_TCP_LAST_ACK:
	case VN_TCP_CLOSING:
		return false;
	}
	return false;
}

static bool need_reset(uint8_t state)
{
	return state == VN_TCP_ESTABLISHED || state == VN_TCP_CLOSE_WAIT ||
	       state == VN_TCP_FIN_WAIT1 || state == VN_TCP_FIN_WAIT2 ||
	       state == VN_TCP_SYN_RECV;
}

/* tcp_disconnect(): abort, RST if the peer knows of us. */
static void disconnect(struct vn_tcp_sock *tp)
{
	uint8_t old = tp->state;

	if (old != VN_TCP_CLOSE)
		vn_tcp_set_state(tp, VN_TCP_CLOSE);
	if (need_reset(old) ||
	    (tp->snd_nxt != tp->write_seq &&
	     (old == VN_TCP_CLOSING || old == VN_TCP_LAST_ACK))) {
		vn_tcp_send_active_reset(tp);
		tp->sk.so_error = ECONNRESET;
	} else if (old == VN_TCP_SYN_SENT) {
		tp->sk.so_error = ECONNRESET;
	}
	vn_tcp_timers_stop(tp);
	vn_tcp_sndq_purge(tp);
	vn_tcp_rcv_purge(tp);
	tp->shutdown = 0;
	tp->done = false;
	tp->sock_state = TCP_SS_UNCONNECTED;
}

static int tcp_shutdown(struct vn_sock *s, int how)
{
	struct vn_tcp_sock *tp = tcp_sk(s);
	int mask = how + 1;	/* SHUT_RD -> RCV, SHUT_WR -> SEND */
	int err = 0;

	if (tp->sock_state == TCP_SS_CONNECTING &&
	    tp->state != VN_TCP_SYN_SENT && tp->state != VN_TCP_SYN_RECV &&
	    tp->state != VN_TCP_CLOSE)
		tp->sock_state = TCP_SS_CONNECTED;
	/* inet_shutdown(). */
	switch (tp->state) {
	case VN_TCP_LISTEN:
		if (!(mask & TCP_RCV_SHUTDOWN))
			break;
		vn_tcp_set_state(tp, VN_TCP_CLOSE);
		tp->sock_state = TCP_SS_UNCONNECTED;
		break;
	case VN_TCP_SYN_SENT:
		disconnect(tp);
		break;
	case VN_TCP_CLOSE:
		err = -ENOTCONN;
		tp->shutdown |= (uint8_t)mask;
		break;
	default:
		tp->shutdown |= (uint8_t)mask;
		/* tcp_shutdown(): FIN if we have not sent one. */
		if ((mask & TCP_SEND_SHUTDOWN) &&
		    (tp->state == VN_TCP_ESTABLISHED ||
		     tp->state == VN_TCP_SYN_RECV ||
		     tp->state == VN_TCP_CLOSE_WAIT) &&
		    close_state(tp))
			vn_tcp_send_fin(tp);
		break;
	}
	return err;
}

static void tcp_close(struct vn_sock *s)
{
	struct vn_tcp_sock *tp = tcp_sk(s);
	struct vn_tcp_ns *tn = tp->tn;
	struct vn_inet *inet = s->inet;
	uint32_t unread;

	s->wakeup = NULL;
	tp->wake = 0;
	tp->shutdown = TCP_SHUTDOWN_MASK;
	if (tp->state == VN_TCP_LISTEN) {
		vn_tcp_set_state(tp, VN_TCP_CLOSE);
		sock_free(tp);
		return;
	}
	/* __tcp_close(): unread data was lost, so the peer gets a RST. */
	unread = tp->rcvq_bytes;
	vn_bufq_purge(&tp->rcvq, VN_DROP_TCP_CLOSE);
	tp->rcvq_bytes = 0;
	if (tp->state == VN_TCP_CLOSE) {
		sock_free(tp);
		return;
	}
	if (unread) {
		inet->stats.tcpext_abort_on_close++;
		vn_tcp_set_state(tp, VN_TCP_CLOSE);
		vn_tcp_send_active_reset(tp);
	} else if (s->linger == 0) {
		disconnect(tp);
		inet->stats.tcpext_abort_on_data++;
	} else if (close_state(tp)) {
		vn_tcp_send_fin(tp);
	}
	if (tp->state == VN_TCP_FIN_WAIT2) {
		vn_time tmo = vn_tcp_fin_time(tp);

		if (tmo > TCP_TIMEWAIT_LEN) {
			vn_tcp_keep_arm(tp, vn_env_now(inet->env) + tmo -
						    TCP_TIMEWAIT_LEN);
		} else {
			tn->n_orphans++;
			vn_tcp_time_wait(tp, VN_TCP_FIN_WAIT2, tmo);
			sock_free(tp);
			return;
		}
	}
	if (tp->state == VN_TCP_CLOSE) {
		sock_free(tp);
		return;
	}
	/* An orphan: TCP finishes the connection and frees it. */
	tn->n_orphans++;
}

static unsigned tcp_poll(const struct vn_sock *s)
{
	const struct vn_tcp_sock *tp = tcp_sk_const(s);
	unsigned mask = 0;

	if (tp->state == VN_TCP_LISTEN)
		return vn_list_empty(&tp->acceptq) ? 0 : VN_POLLIN;
	/* tcp_poll(). */
	if (tp->shutdown == TCP_SHUTDOWN_MASK || tp->state == VN_TCP_CLOSE)
		mask |= VN_POLLHUP;
	if (tp->shutdown & TCP_RCV_SHUTDOWN)
		mask |= VN_POLLIN | VN_POLLRDHUP;
	if (tp->state != VN_TCP_SYN_SENT && tp->state != VN_TCP_SYN_RECV) {
		if (tp->rcvq_bytes)
			mask |= VN_POLLIN;
		if (!(tp->shutdown & TCP_SEND_SHUTDOWN)) {
			/* sk_stream_is_writeable(): a third of the buffer free. */
			if (tp->sk.sndbuf - VN_MIN(tp->sndq.len, tp->sk.sndbuf) >=
			    tp->sndq.len / 2)
				mask |= VN_POLLOUT;
		} else {
			mask |= VN_POLLOUT;
		}
	}
	return mask;
}

static int tcp_setopt(struct vn_sock *s, enum vn_sockopt opt, int value)
{
	struct vn_tcp_sock *tp = tcp_sk(s);

	switch (opt) {
	case VN_TCP_NODELAY:
		tp->nodelay = value != 0;
		if (tp->nodelay && tcp_synchronized(tp->state))
			vn_tcp_write_xmit(tp, true);
		return 0;
	case VN_TCP_CORK:
		tp->cork = value != 0;
		if (!tp->cork && tcp_synchronized(tp->state))
			vn_tcp_write_xmit(tp, true);
		return 0;
	case VN_TCP_MAXSEG:
		/* do_tcp_setsockopt(): TCP_MIN_MSS .. MAX_TCP_WINDOW. */
		if (value && (value < TCP_MIN_MSS || value > 32767))
			return -EINVAL;
		tp->user_mss = (uint16_t)value;
		return 0;
	case VN_TCP_KEEPIDLE:
		if (value < 1 || value > 32767)
			return -EINVAL;
		tp->keepidle = value;
		if (s->keepalive && tp->state != VN_TCP_CLOSE &&
		    tp->state != VN_TCP_LISTEN)
			vn_tcp_keepalive_reset(tp);
		return 0;
	case VN_TCP_KEEPINTVL:
		if (value < 1 || value > 32767)
			return -EINVAL;
		tp->keepintvl = value;
		return 0;
	case VN_TCP_KEEPCNT:
		if (value < 1 || value > 127)
			return -EINVAL;
		tp->keepcnt = value;
		return 0;
	case VN_TCP_CONGESTION: {
		const struct tcp_cong_ops *ops;

		if (value != VN_TCP_CA_CUBIC && value != VN_TCP_CA_RENO)
			return -ENOENT;
		ops = vn_tcp_cong_find(value);
		if (ops != tp->ca_ops) {
			tp->ca_ops = ops;
			if (tp->state != VN_TCP_CLOSE)
				ops->init(tp);
		}
		return 0;
	}
	case VN_SO_KEEPALIVE:
		s->keepalive = value != 0;
		if (tcp_synchronized(tp->state) || tp->state == VN_TCP_SYN_SENT) {
			if (s->keepalive)
				vn_tcp_keepalive_reset(tp);
			else
				vn_tcp_keep_stop(tp);
		}
		return 0;
	case VN_SO_RCVBUF:
		tp->rcvbuf_locked = true;
		return -ENOPROTOOPT;	/* the common code stores it */
	case VN_SO_SNDBUF:
		tp->sndbuf_locked = true;
		return -ENOPROTOOPT;
	default:
		return -ENOPROTOOPT;
	}
}

static int tcp_getopt(struct vn_sock *s, enum vn_sockopt opt, int *value)
{
	struct vn_tcp_sock *tp = tcp_sk(s);

	switch (opt) {
	case VN_TCP_NODELAY:
		*value = tp->nodelay;
		return 0;
	case VN_TCP_CORK:
		*value = tp->cork;
		return 0;
	case VN_TCP_MAXSEG:
		*value = tp->mss_cache;
		if (tp->user_mss && (tp->state == VN_TCP_CLOSE ||
				     tp->state == VN_TCP_LISTEN))
			*value = tp->user_mss;
		return 0;
	case VN_TCP_KEEPIDLE:
		*value = vn_tcp_keepalive_time(tp);
		return 0;
	case VN_TCP_KEEPINTVL:
		*value = vn_tcp_keepalive_intvl(tp);
		return 0;
	case VN_TCP_KEEPCNT:
		*value = vn_tcp_keepalive_probes(tp);
		return 0;
	case VN_TCP_CONGESTION:
		*value = tp->ca_ops == &vn_tcp_reno_ops ? VN_TCP_CA_RENO :
							 VN_TCP_CA_CUBIC;
		return 0;
	case VN_TCP_INFO_STATE:
		*value = tp->state;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static const struct vn_sock_ops tcp_ops = {
	.connect = tcp_connect,
	.listen = tcp_listen,
	.accept = tcp_accept,
	.sendmsg = tcp_sendmsg,
	.recvmsg = tcp_recvmsg,
	.shutdown = tcp_shutdown,
	.poll = tcp_poll,
	.setopt = tcp_setopt,
	.getopt = tcp_getopt,
	.close = tcp_close,
};

/*
 * tcp_fin_time(): how long an orphan waits in FIN-WAIT-2, never below
 * 3.5 RTO (a small or negative tcp_fin_timeout, which Linux takes, gives
 * that).
 */
vn_time vn_tcp_fin_time(const struct vn_tcp_sock *tp)
{
	vn_time t = (vn_time)tp->tn->conf.fin_timeout * VN_SEC;
	vn_time min = (tp->rto << 2) - (tp->rto >> 1);

	return t < min ? min : t;
}

int vn_tcp_keepalive_time(const struct vn_tcp_sock *tp)
{
	return tp->keepidle ? tp->keepidle : tp->tn->conf.keepalive_time;
}

int vn_tcp_keepalive_intvl(const struct vn_tcp_sock *tp)
{
	return tp->keepintvl ? tp->keepintvl : tp->tn->conf.keepalive_intvl;
}

int vn_tcp_keepalive_probes(const struct vn_tcp_sock *tp)
{
	return tp->keepcnt ? tp->keepcnt : tp->tn->conf.keepalive_probes;
}

/* --- for ss --------------------------------------------------------------------- */

static uint32_t ms_since(vn_time now, vn_time then)
{
	return then ? (uint32_t)((now - then) / VN_MSEC) : 0;
}

static void info_sock(const struct vn_tcp_sock *tp, struct vn_tcp_info *i)
{
	vn_time now = vn_env_now(tp->sk.inet->env);

	memset(i, 0, sizeof(*i));
	i->id = tp;
	i->full = true;
	i->state = tp->state;
	i->laddr = tp->sk.laddr;
	i->lport = tp->sk.lport;
	i->bound_ifindex = tp->sk.bound_ifindex > 0 ? tp->sk.bound_ifindex : 0;
	i->orphan = tp->sk.user_closed;
	i->cong = tp->ca_ops->name;
	if (tp->state == VN_TCP_LISTEN) {
		i->rq = tp->acceptq_len;
		i->wq = tp->max_backlog;
		i->cwnd = tp->cwnd;
		return;
	}
	if (tp->state != VN_TCP_CLOSE || tp->sk.raddr) {
		i->raddr = tp->sk.raddr;
		i->rport = tp->sk.rport;
	}
	/* tcp_diag_get_info(): unread bytes, and bytes not acknowledged. */
	i->rq = tp->rcv_nxt - tp->copied_seq;
	if (tp->state == VN_TCP_CLOSE)
		i->rq = tp->rcvq_bytes;
	i->wq = tp->write_seq - tp->snd_una;
	if (tp->state == VN_TCP_SYN_SENT || tp->state == VN_TCP_SYN_RECV)
		i->wq = tp->snd_nxt - tp->snd_una;
	switch (tp->rtx_kind) {
	case TCP_RTX_RETRANS:
		i->timer = VN_TCP_TIMER_ON;
		i->timer_ns = tp->rtx_deadline - now;
		i->retransmits = tp->retransmits;
		break;
	case TCP_RTX_PROBE:
		i->timer = VN_TCP_TIMER_PERSIST;
		i->timer_ns = tp->rtx_deadline - now;
		i->retransmits = tp->probes_out;
		break;
	default:
		if (vn_timer_armed(&tp->keep_timer)) {
			i->timer = VN_TCP_TIMER_KEEPALIVE;
			i->timer_ns = tp->keep_timer.expires - now;
			i->retransmits = tp->probes_out;
		}
		break;
	}
	if (i->timer_ns < 0)
		i->timer_ns = 0;
	i->ts_ok = tp->tstamp_ok;
	i->sack_ok = tp->sack_ok;
	i->wscale_ok = tp->wscale_ok;
	i->snd_wscale = tp->snd_wscale;
	i->rcv_wscale = tp->rcv_wscale;
	i->rto_us = (uint32_t)(tp->rto / VN_USEC);
	i->ato_us = (uint32_t)(tp->ato / VN_USEC);
	i->rtt_us = tp->srtt_us >> 3;
	i->rttvar_us = tp->mdev_us >> 2;
	i->min_rtt_us = tp->min_rtt_us;
	i->mss = tp->mss_cache;
	i->pmtu = tp->pmtu;
	i->rcv_mss = tp->rcv_mss;
	i->advmss = tp->advmss;
	i->cwnd = tp->cwnd;
	i->ssthresh = tp->ssthresh;
	i->bytes_sent = tp->bytes_sent;
	i->bytes_retrans = tp->bytes_retrans;
	i->bytes_acked = tp->bytes_acked;
	i->bytes_received = tp->bytes_received;
	i->segs_out = tp->segs_out;
	i->segs_in = tp->segs_in;
	i->data_segs_out = tp->data_segs_out;
	i->data_segs_in = tp->data_segs_in;
	i->lastsnd_ms = tp->sent_data ? ms_since(now, tp->lsndtime) : 0;
	i->lastrcv_ms = ms_since(now, tp->last_data_recv);
	i->lastack_ms = ms_since(now, tp->last_ack_recv);
	i->unacked = tcp_packets_in(tp->snd_nxt - tp->snd_una, tp->mss_cache);
	i->retrans = tp->ca_state >= TCP_CA_RECOVERY ?
			     tcp_packets_in(tp->high_rxt - tp->snd_una,
					    tp->mss_cache) :
			     0;
	i->total_retrans = tp->total_retrans;
	i->sacked = tcp_packets_in(tp->sb.sacked, tp->mss_cache);
	i->delivered = tp->delivered;
	i->snd_wnd = tp->snd_wnd;
	i->rcv_wnd = tp->rcv_wnd;
	i->rcv_space = tp->rcvq_space.space;
	i->rcv_ssthresh = tp->rcv_ssthresh;
	i->notsent = tcp_unsent(tp);
	i->backoff = tp->backoff;
	i->app_limited = !tp->is_cwnd_limited;
}

static void info_req(const struct tcp_req *req, vn_time now,
		     struct vn_tcp_info *i)
{
	memset(i, 0, sizeof(*i));
	i->id = req;
	i->state = VN_TCP_SYN_RECV;
	i->laddr = req->ek.laddr;
	i->raddr = req->ek.raddr;
	i->lport = req->ek.lport;
	i->rport = req->ek.rport;
	i->timer = VN_TCP_TIMER_ON;
	i->timer_ns = VN_MAX(req->expires - now, (vn_time)0);
	i->retransmits = req->retrans;
	i->orphan = true;
}

static void info_tw(const struct tcp_tw *tw, vn_time now,
		    struct vn_tcp_info *i)
{
	memset(i, 0, sizeof(*i));
	i->id = tw;
	i->state = tw->substate;
	i->laddr = tw->ek.laddr;
	i->raddr = tw->ek.raddr;
	i->lport = tw->ek.lport;
	i->rport = tw->ek.rport;
	i->timer = VN_TCP_TIMER_TIMEWAIT;
	i->timer_ns = VN_MAX(tw->expires - now, (vn_time)0);
	i->orphan = true;
}

struct info_ent {
	uint64_t id;
	uint8_t kind;
	const void *p;
};

static int ent_cmp(const void *a, const void *b)
{
	const struct info_ent *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int vn_tcp_for_each(struct vn_inet *inet, vn_tcp_info_fn fn, void *arg)
{
	struct vn_tcp_ns *tn = tcp_ns(inet);
	vn_time now = vn_env_now(inet->env);
	struct vn_tcp_info info;
	struct info_ent *ents;
	struct vn_tcp_sock *tp;
	struct vn_sock *s;
	struct tcp_tw *tw;
	size_t n = 0, cap = 0;
	int rc = 0;

	/* Listeners first, as inet_diag dumps them. */
	vn_list_for_each(tp, &tn->listeners, llink) {
		info_sock(tp, &info);
		rc = fn(&info, arg);
		if (rc)
			return rc;
	}
	/* Then everything else in creation order. */
	vn_list_for_each(s, &inet->socks->all, link) {
		if (s->proto == VN_IPPROTO_TCP)
			cap += 1 + tcp_sk(s)->n_reqs;
	}
	cap += tn->n_tw;
	ents = calloc(cap ? cap : 1, sizeof(*ents));
	if (!ents)
		return -ENOMEM;
	vn_list_for_each(s, &inet->socks->all, link) {
		struct tcp_req *req;

		if (s->proto != VN_IPPROTO_TCP)
			continue;
		tp = tcp_sk(s);
		if (tp->state != VN_TCP_LISTEN)
			ents[n++] = (struct info_ent){ tp->id, TCP_KIND_SOCK, tp };
		vn_list_for_each(req, &tp->reqs, link)
			ents[n++] = (struct info_ent){ req->id, TCP_KIND_REQ, req };
	}
	vn_list_for_each(tw, &tn->tws, link)
		ents[n++] = (struct info_ent){ tw->id, TCP_KIND_TW, tw };
	qsort(ents, n, sizeof(*ents), ent_cmp);
	for (size_t k = 0; k < n && !rc; k++) {
		switch ((enum tcp_kind)ents[k].kind) {
		case TCP_KIND_SOCK:
			info_sock(ents[k].p, &info);
			break;
		case TCP_KIND_REQ:
			info_req(ents[k].p, now, &info);
			break;
		case TCP_KIND_TW:
			info_tw(ents[k].p, now, &info);
			break;
		}
		rc = fn(&info, arg);
	}
	free(ents);
	return rc;
}
