/* SPDX-License-Identifier: MIT */
/*
 * inet/tcp_priv.h - what the TCP files (tcp.c, tcp_in.c, tcp_out.c,
 * tcp_timer.c, tcp_cong.c, tcp_sack.c, tcp_syncookie.c) share.
 *
 * The objects, and where they live:
 *
 *   struct vn_tcp_ns    per namespace (inet->socks->tcp): the connection
 *                       hash (4-tuple -> socket, request or TIME-WAIT),
 *                       the listener hash (port -> listeners), settings
 *                       (net.ipv4.tcp_* with Linux's defaults), keys.
 *   struct vn_tcp_sock  a full socket, embedding struct vn_sock.
 *   struct tcp_req      a SYN-RECV request of a listener (Linux's
 *                       request_sock): a few dozen bytes, no buffers.
 *   struct tcp_tw       a TIME-WAIT (or orphaned FIN-WAIT-2) remnant of a
 *                       closed connection (inet_timewait_sock).
 *
 * The three kinds share struct tcp_ekey, their entry in the connection
 * hash.  tcp.c explains the rest in its "Theory of operation".
 */
#ifndef VN_INET_TCP_PRIV_H
#define VN_INET_TCP_PRIV_H

#include "inet/sock.h"
#include "inet/tcp.h"
#include "wire/tcp.h"

/* --- Linux's constants (include/net/tcp.h) --------------------------- */

#define TCP_RTO_MIN (200 * VN_MSEC)
#define TCP_RTO_MAX (120 * VN_SEC)
#define TCP_TIMEOUT_INIT (1 * VN_SEC)	/* RFC 6298 2.1 */
#define TCP_TIMEOUT_MIN (2 * VN_MSEC)
#define TCP_TIMEWAIT_LEN (60 * VN_SEC)
#define TCP_DELACK_MIN (40 * VN_MSEC)
#define TCP_DELACK_MAX (200 * VN_MSEC)
#define TCP_ATO_MIN (40 * VN_MSEC)
#define TCP_JIFFY (4 * VN_MSEC)		/* HZ 250: the timer granularity */
#define TCP_INIT_CWND 10		/* RFC 6928 */
#define TCP_INFINITE_SSTHRESH 0x7fffffffu
#define TCP_MSS_DEFAULT 536		/* RFC 9293 3.7.1 */
#define TCP_MIN_MSS 88
#define TCP_MIN_SND_MSS 48
#define TCP_MAX_QUICKACKS 16
#define TCP_PAWS_24DAYS (60LL * 60 * 24 * 24)	/* seconds */
#define TCP_PAWS_MSL 60
#define TCP_PAWS_WINDOW 1
#define TCP_SYNQ_INTERVAL (200 * VN_MSEC)
#define TCP_MAX_WINDOW 65535u
#define TCP_HDR_OVERHEAD 40		/* IPv4 + TCP headers, no options */
#define TCP_TXSTAMPS 64			/* send times remembered (RTT) */

/* sk_shutdown bits. */
#define TCP_RCV_SHUTDOWN 1
#define TCP_SEND_SHUTDOWN 2
#define TCP_SHUTDOWN_MASK 3

/* Pending ACK bits (inet_csk's icsk_ack.pending). */
#define TCP_ACK_SCHED 1		/* an ACK is due */
#define TCP_ACK_TIMER 2		/* the delayed-ACK timer is armed */
#define TCP_ACK_NOW 4		/* send it at the next check, undelayed */

/* Congestion states (tcp_ca_state). */
enum tcp_ca_state {
	TCP_CA_OPEN,
	TCP_CA_DISORDER,	/* duplicate ACKs or SACKs, not yet recovery */
	TCP_CA_RECOVERY,	/* fast recovery */
	TCP_CA_LOSS,		/* after an RTO */
};

/* What the retransmission timer is doing (icsk_pending). */
enum tcp_rtx_kind {
	TCP_RTX_NONE,
	TCP_RTX_RETRANS,	/* RTO, SYN and FIN retransmission */
	TCP_RTX_PROBE,		/* zero window probe (persist) */
};

/* What connect() remembers (struct socket's state, SS_*). */
enum tcp_sock_state {
	TCP_SS_UNCONNECTED,
	TCP_SS_CONNECTING,
	TCP_SS_CONNECTED,
};

/* --- settings: net.ipv4.tcp_* ------------------------------------------ */

struct tcp_conf {
	int syncookies;		/* 1: only when the SYN queue is full */
	int syn_retries;	/* 6 */
	int syn_linear_timeouts;	/* 4: SYN retries before backoff */
	int synack_retries;	/* 5 */
	int retries2;		/* 15 */
	int orphan_retries;	/* 0, meaning 8 */
	int fin_timeout;	/* 60 s */
	int keepalive_time;	/* 7200 s */
	int keepalive_intvl;	/* 75 s */
	int keepalive_probes;	/* 9 */
	int max_syn_backlog;	/* 128: requests per listener without cookies */
	int somaxconn;		/* 4096: net.core.somaxconn */
	int max_tw_buckets;	/* TIME-WAIT entries per namespace */
	int timestamps, sack, window_scaling, dsack;	/* 1 */
	int rmem[3], wmem[3];	/* 4096 131072 6291456, 4096 16384 4194304 */
	int moderate_rcvbuf;	/* 1 */
	int congestion;		/* VN_TCP_CA_CUBIC */
	int challenge_ack_limit;	/* INT_MAX: only the per-socket limit */
	int invalid_ratelimit_ms;	/* 500 */
	int rfc1337;		/* 0: an RST kills TIME-WAIT */
	int abort_on_overflow;	/* 0 */
	int slow_start_after_idle;	/* 1 */
	int limit_output_bytes;	/* 4 MB: TCP small queues (tcp_out.c) */
};

/* --- the connection hash ------------------------------------------------ */

enum tcp_kind {
	TCP_KIND_SOCK,
	TCP_KIND_REQ,
	TCP_KIND_TW,
};

/* An entry of the connection hash: the 4-tuple, as the local end sees it. */
struct tcp_ekey {
	struct vn_hnode node;
	uint32_t laddr, raddr;
	uint16_t lport, rport;
	uint8_t kind;		/* enum tcp_kind */
	bool hashed;
};

struct vn_tcp_sock;

struct vn_tcp_ns {
	struct vn_inet *inet;
	struct vn_hmap ehash;	/* struct tcp_ekey */
	struct vn_hmap lhash;	/* listeners (vn_tcp_sock.lnode) by port */
	struct vn_hmap twbind;	/* struct tcp_twport: TIME-WAIT by local port */
	struct vn_list listeners;	/* creation order, for ss */
	struct vn_list tws;	/* TIME-WAIT entries, creation order */
	uint32_t n_tw, n_orphans;
	bool dying;		/* vn_tcp_fini(): nothing is sent any more */
	uint64_t isn_key[2], ts_key[2], cookie_key[2][2];
	struct tcp_conf conf;
	/* tcp_challenge_ack_limit: per namespace, per second. */
	int64_t challenge_second;
	uint32_t challenge_count;
	uint64_t n_ids;		/* creation counter, orders ss output */
};

/* --- the send queue: a chain of pool buffers ---------------------------- */

/*
 * Bytes from snd_una (head) to write_seq (tail), in buffers filled to
 * their size; segments are cut at transmit time and copied out.  Two
 * cursors (a buffer and the sequence of its first byte) make finding the
 * next byte to send, and the next hole to retransmit, amortised O(1).
 */
struct tcp_cursor {
	struct vn_buf *buf;	/* NULL: start from the head */
	vn_seq seq;
};

struct tcp_sndq {
	struct vn_bufq q;
	vn_seq seq;		/* of the head buffer's first byte */
	uint32_t len;		/* bytes queued */
	struct tcp_cursor nxt, rtx;
};

/* --- the SACK scoreboard (tcp_sack.c) ------------------------------------ */

#define TCP_SB_MAX 64		/* SACKed ranges remembered per connection */

struct tcp_sb {
	struct vn_tcp_sack_block blk[TCP_SB_MAX];	/* sorted, disjoint */
	uint8_t n;
	uint32_t sacked;	/* bytes in blk[] */
};

/* --- congestion control (tcp_cong.c) ------------------------------------ */

/*
 * A congestion control algorithm, as Linux's tcp_congestion_ops.  All
 * members are called on the packet path with the socket; none may be
 * NULL.  Windows are in segments.
 */
struct tcp_cong_ops {
	const char *name;	/* as ss -i prints it */
	void (*init)(struct vn_tcp_sock *tp);
	/* New ssthresh on loss (multiplicative decrease). */
	uint32_t (*ssthresh)(struct vn_tcp_sock *tp);
	/* @acked segments were newly acknowledged in CA_OPEN. */
	void (*cong_avoid)(struct vn_tcp_sock *tp, uint32_t acked);
	/* An RTT sample (us) for @acked segments (HyStart, delay_min). */
	void (*pkts_acked)(struct vn_tcp_sock *tp, uint32_t acked,
			   int64_t rtt_us);
	/* The connection starts sending after being idle. */
	void (*tx_start)(struct vn_tcp_sock *tp);
	/* Entering CA_LOSS (an RTO). */
	void (*on_loss)(struct vn_tcp_sock *tp);
};

extern const struct tcp_cong_ops vn_tcp_reno_ops;
extern const struct tcp_cong_ops vn_tcp_cubic_ops;

/* CUBIC's state (tcp_cubic.c's struct bictcp). */
struct tcp_cubic {
	uint32_t cnt;		/* increase cwnd by 1 after cnt ACKs */
	uint32_t last_max_cwnd;
	uint32_t last_cwnd;
	int64_t last_time;	/* ms */
	uint32_t bic_origin_point;
	uint32_t bic_K;		/* time to origin point, 2^-10 s */
	uint32_t delay_min;	/* us */
	int64_t epoch_start;	/* ms, 0: none */
	uint32_t ack_cnt;
	uint32_t tcp_cwnd;	/* Reno-friendly estimate */
	uint8_t sample_cnt;
	bool found;		/* HyStart left slow start */
	int64_t round_start;	/* us */
	vn_seq end_seq;
	int64_t last_ack;	/* us */
	uint32_t curr_rtt;	/* us */
};

/* --- the socket ----------------------------------------------------------- */

struct vn_tcp_sock {
	struct vn_sock sk;
	struct tcp_ekey ek;	/* connected: in the connection hash */
	struct vn_hnode lnode;	/* listening: in the listener hash */
	struct vn_list llink;	/* listening: in tn->listeners */
	struct vn_tcp_ns *tn;
	uint64_t id;		/* creation order */

	uint8_t state;		/* enum vn_tcp_state */
	uint8_t sock_state;	/* enum tcp_sock_state: connect()'s view */
	uint8_t shutdown;	/* TCP_RCV_SHUTDOWN | TCP_SEND_SHUTDOWN */
	bool autobound;		/* the port was chosen by connect()/listen() */
	bool done;		/* SOCK_DONE: finished, reads give EOF */
	bool zombie;		/* closed and finished: free at the end */
	bool nodelay, cork, thin;
	bool wscale_ok, sack_ok, tstamp_ok;
	bool fin_queued;	/* FIN after the last byte of the queue */
	bool sndbuf_locked, rcvbuf_locked;
	bool is_cwnd_limited;
	uint8_t snd_wscale, rcv_wscale;
	uint8_t wake;		/* a wakeup is due at the end of this event */

	/* Send sequence space (RFC 9293 3.3.1). */
	vn_seq iss, snd_una, snd_nxt, snd_wl1, snd_wl2;
	vn_seq write_seq;	/* end of the queued data (the FIN's seq) */
	vn_seq snd_sml;		/* end of the last small segment (Nagle) */
	vn_seq snd_up;
	uint32_t snd_wnd, max_window;
	struct tcp_sndq sndq;

	/* Receive sequence space. */
	vn_seq irs, rcv_nxt, rcv_wup, copied_seq;
	uint32_t rcv_wnd, rcv_ssthresh, window_clamp;
	struct vn_bufq rcvq;	/* in-order data, payload at buf->data */
	uint32_t rcvq_bytes;
	struct vn_bufq ofoq;	/* out of order, sorted by sequence */
	uint32_t ofo_bytes;
	struct vn_tcp_sack_block sacks[VN_TCP_MAX_SACKS];	/* to send */
	uint8_t n_sacks;
	struct vn_tcp_sack_block dsack;	/* RFC 2883, sent once */
	bool dsack_pending;
	struct {
		vn_seq seq;
		int64_t time;
		uint32_t space;
	} rcvq_space;		/* receive buffer autotuning (DRS) */
	uint32_t rcv_rtt_us;	/* receiver's RTT estimate (ts based) */

	/* Segment sizes. */
	uint16_t mss_cache;	/* send MSS: payload per segment */
	uint16_t advmss;	/* announced in our SYN */
	uint16_t mss_clamp;	/* the peer's MSS (or TCP_MAXSEG) */
	uint16_t user_mss;	/* TCP_MAXSEG, 0 if unset */
	uint16_t rcv_mss;	/* estimate of the peer's segments */
	uint16_t last_seg_size;
	uint16_t pmtu;
	uint8_t opt_len;	/* timestamps: 12 */

	/* Timestamps (RFC 7323). */
	uint32_t ts_recent, ts_off;
	int64_t ts_recent_stamp;	/* seconds */
	uint32_t last_oow_ack_time;	/* ms, per-socket rate limits */

	/* RTT and RTO (RFC 6298, tcp_rtt_estimator()). */
	uint32_t srtt_us;	/* << 3 */
	uint32_t mdev_us, mdev_max_us, rttvar_us, min_rtt_us;
	vn_seq rtt_seq;
	/* Send times of recent new segments; forgotten on retransmission
	 * (Karn), so every sample is of a segment sent once. */
	struct {
		vn_seq end;
		vn_time t;
	} txs[TCP_TXSTAMPS];
	uint8_t txs_head, txs_len;
	vn_time rto;
	uint8_t backoff;
	uint8_t retransmits;	/* consecutive timeouts */
	uint8_t probes_out;	/* zero window or keepalive probes */
	vn_time retrans_stamp;	/* first retransmission of snd_una */
	int soft_err;		/* ICMP errors not yet fatal */

	/* Congestion control. */
	const struct tcp_cong_ops *ca_ops;
	uint8_t ca_state;	/* enum tcp_ca_state */
	uint32_t cwnd, ssthresh, cwnd_cnt, prior_cwnd, prior_ssthresh;
	uint32_t max_packets_out;	/* in the last window (cwnd limited) */
	vn_seq max_packets_seq;
	vn_seq high_seq;	/* recovery point (RFC 6582, RFC 6675) */
	vn_seq high_rxt;	/* RFC 6675 HighRxt */
	vn_seq rescue_rxt;	/* RFC 6675 RescueRxt */
	bool rescue_done;
	uint32_t dupacks;
	uint32_t reno_sacked;	/* NewReno: duplicate ACKs as segments */
	struct tcp_sb sb;
	struct tcp_cubic cubic;
	vn_time lsndtime;	/* last data sent (idle restart) */
	bool sent_data;		/* @lsndtime is valid */

	/* Timers (tcp_timer.c). */
	struct vn_timer rtx_timer;	/* RTO or persist, lazily re-armed */
	vn_time rtx_deadline;
	uint8_t rtx_kind;	/* enum tcp_rtx_kind */
	struct vn_timer delack_timer;
	vn_time delack_deadline;
	struct vn_timer keep_timer;	/* keepalive, SYN-SENT too */

	/* TCP Small Queues (tcp_out.c). */
	struct vn_timer tsq_timer;	/* the TSQ tasklet: sends again */
	uint32_t tsq_bytes;	/* sk_wmem_alloc: our buffers below TCP */
	bool tsq_throttled;	/* TSQF_THROTTLED: waits for a release */
	bool tsq_dead;		/* closed: freed with its last buffer */

	/* Delayed ACKs (inet_connection_sock's icsk_ack). */
	uint8_t ack_pending;
	uint8_t quick;
	bool pingpong;
	vn_time ato, lrcvtime;

	/* Keepalive (SO_KEEPALIVE, TCP_KEEP*); 0: the namespace default. */
	int keepidle, keepintvl, keepcnt;
	vn_time rcv_tstamp;	/* last ACK received */

	/* Listening. */
	struct vn_list acceptq;	/* children, oldest first */
	uint32_t acceptq_len, max_backlog;
	struct vn_list reqs;	/* requests, oldest first */
	uint32_t n_reqs;
	int64_t synq_overflow;	/* seconds + 1: the queue last overflowed */
	/* A child before accept(). */
	struct vn_tcp_sock *parent;
	struct vn_list alink;

	/* For ss -i and nstat. */
	uint64_t bytes_sent, bytes_retrans, bytes_acked, bytes_received;
	uint32_t segs_out, segs_in, data_segs_out, data_segs_in;
	uint32_t total_retrans, delivered;
	vn_time last_data_recv, last_ack_recv;
};

/* A SYN-RECV request (request_sock + tcp_request_sock). */
struct tcp_req {
	struct tcp_ekey ek;
	struct vn_list link;	/* in the listener's reqs */
	struct vn_tcp_sock *listener;
	struct vn_timer timer;
	uint64_t id;
	vn_seq iss, irs;
	uint16_t mss;		/* the peer's */
	uint8_t snd_wscale, rcv_wscale;
	bool wscale_ok, sack_ok, tstamp_ok;
	bool acked;		/* final ACK seen, accept queue was full */
	uint8_t retrans;
	uint32_t rcv_wnd;	/* the window our SYN-ACK offered */
	uint32_t ts_recent, ts_off;
	uint32_t last_oow_ack_time;
	vn_time sent;		/* first SYN-ACK, for the RTT */
	bool timed;		/* @sent is valid (not a cookie's) */
	vn_time expires;
};

/*
 * The TIME-WAIT entries of one local port (inet_bind_bucket's owners):
 * a server's port may hold tens of thousands, added and removed in O(1).
 */
struct tcp_twport {
	struct vn_hnode node;	/* in tn->twbind */
	uint16_t port;
	struct vn_list tws;	/* struct tcp_tw.plink */
};

/* A TIME-WAIT remnant (inet_timewait_sock + tcp_timewait_sock). */
struct tcp_tw {
	struct tcp_ekey ek;
	struct tcp_twport *twp;	/* its port's entries */
	struct vn_list plink;	/* in twp->tws */
	struct vn_list link;	/* in tn->tws */
	struct vn_tcp_ns *tn;
	struct vn_timer timer;
	uint64_t id;
	uint8_t substate;	/* VN_TCP_TIME_WAIT or VN_TCP_FIN_WAIT2 */
	bool reuse;		/* the socket had SO_REUSEADDR */
	bool tstamp_ok;
	uint8_t rcv_wscale, ttl, tos;
	int bound_ifindex;
	vn_seq rcv_nxt, snd_nxt;
	uint32_t rcv_wnd;	/* the last window we offered */
	uint32_t ts_recent, ts_off;
	int64_t ts_recent_stamp;
	uint32_t last_oow_ack_time;
	vn_time expires;
};

/* One incoming segment, parsed once (data at the payload). */
struct tcp_seg {
	struct vn_buf *buf;
	const uint8_t *th;
	uint32_t saddr, daddr;
	uint16_t sport, dport;
	vn_seq seq, end_seq, ack;
	uint32_t len;		/* payload bytes */
	uint32_t wnd;		/* the raw window field */
	uint8_t flags;
	struct vn_tcp_opts opt;
};

static inline struct vn_tcp_sock *tcp_sk(struct vn_sock *s)
{
	return container_of(s, struct vn_tcp_sock, sk);
}

static inline const struct vn_tcp_sock *tcp_sk_const(const struct vn_sock *s)
{
	return container_of(s, const struct vn_tcp_sock, sk);
}

static inline struct vn_tcp_ns *tcp_ns(struct vn_inet *inet)
{
	return inet->socks->tcp;
}

static inline vn_time tcp_now(const struct vn_tcp_sock *tp)
{
	return vn_env_now(tp->sk.inet->env);
}

/* The timestamp clock: milliseconds (Linux's TCP_TS_HZ). */
static inline uint32_t tcp_ts_clock(vn_time now)
{
	return (uint32_t)(now / VN_MSEC);
}

static inline bool tcp_synchronized(uint8_t state)
{
	return state != VN_TCP_SYN_SENT && state != VN_TCP_SYN_RECV &&
	       state != VN_TCP_LISTEN && state != VN_TCP_CLOSE;
}

/* rcv_wup + rcv_wnd - rcv_nxt, at least 0 (tcp_receive_window()). */
static inline uint32_t tcp_receive_window(const struct vn_tcp_sock *tp)
{
	int32_t win = (int32_t)(tp->rcv_wup + tp->rcv_wnd - tp->rcv_nxt);

	return win < 0 ? 0 : (uint32_t)win;
}

/* Queued bytes not sent yet (0 once the FIN went). */
static inline uint32_t tcp_unsent(const struct vn_tcp_sock *tp)
{
	return vn_seq_lt(tp->snd_nxt, tp->write_seq) ?
		       tp->write_seq - tp->snd_nxt :
		       0;
}

/* Anything waiting to be sent: data, or a FIN not sent yet. */
static inline bool tcp_send_pending(const struct vn_tcp_sock *tp)
{
	return tcp_unsent(tp) || (tp->fin_queued && tp->snd_nxt == tp->write_seq);
}

static inline uint32_t tcp_packets_in(uint32_t bytes, uint32_t mss)
{
	return (bytes + mss - 1) / mss;
}

/* tcp.c: the namespace tables, states, queues. */
uint32_t vn_tcp_ehash(const struct vn_tcp_ns *tn, uint32_t laddr,
		      uint32_t raddr, uint16_t lport, uint16_t rport);
struct tcp_ekey *vn_tcp_elookup(struct vn_tcp_ns *tn, uint32_t laddr,
				uint32_t raddr, uint16_t lport,
				uint16_t rport);
void vn_tcp_ehash_add(struct vn_tcp_ns *tn, struct tcp_ekey *ek);
void vn_tcp_ehash_del(struct vn_tcp_ns *tn, struct tcp_ekey *ek);
struct vn_tcp_sock *vn_tcp_listener_lookup(struct vn_tcp_ns *tn,
					   uint32_t daddr, uint16_t dport,
					   uint32_t ifindex);
void vn_tcp_set_state(struct vn_tcp_sock *tp, uint8_t state);
void vn_tcp_done(struct vn_tcp_sock *tp);
void vn_tcp_reset(struct vn_tcp_sock *tp, int err);
void vn_tcp_wake(struct vn_tcp_sock *tp);
void vn_tcp_flush_wake(struct vn_tcp_sock *tp);
struct vn_tcp_sock *vn_tcp_child_create(struct vn_tcp_sock *lsk,
					const struct tcp_req *req,
					const struct tcp_seg *seg);
void vn_tcp_time_wait(struct vn_tcp_sock *tp, uint8_t substate,
		      vn_time timeo);
void vn_tcp_tw_free(struct tcp_tw *tw);
void vn_tcp_req_free(struct tcp_req *req);
void vn_tcp_init_buffers(struct vn_tcp_sock *tp);
uint32_t vn_tcp_win_from_space(uint32_t space);
void vn_tcp_rcv_space_adjust(struct vn_tcp_sock *tp);
void vn_tcp_sndbuf_expand(struct vn_tcp_sock *tp);
uint32_t vn_tcp_sndq_free(const struct vn_tcp_sock *tp);
void vn_tcp_sndq_ack(struct vn_tcp_sock *tp, vn_seq una);
void vn_tcp_sndq_purge(struct vn_tcp_sock *tp);
void vn_tcp_sndq_copy(struct vn_tcp_sock *tp, struct tcp_cursor *c,
		      vn_seq seq, uint8_t *dst, uint32_t len);
void vn_tcp_rcv_purge(struct vn_tcp_sock *tp);
int vn_tcp_keepalive_time(const struct vn_tcp_sock *tp);
vn_time vn_tcp_fin_time(const struct vn_tcp_sock *tp);
int vn_tcp_keepalive_intvl(const struct vn_tcp_sock *tp);
int vn_tcp_keepalive_probes(const struct vn_tcp_sock *tp);

/* tcp_in.c */
void vn_tcp_rtt_sample(struct vn_tcp_sock *tp, int64_t rtt_us);
void vn_tcp_set_rto(struct vn_tcp_sock *tp);

/* tcp_out.c */
void vn_tcp_tsq_init(struct vn_tcp_sock *tp);
void vn_tcp_tsq_sock_free(struct vn_tcp_sock *tp);
uint64_t vn_tcp_pacing_rate(const struct vn_tcp_sock *tp);
void vn_tcp_sync_mss(struct vn_tcp_sock *tp);
void vn_tcp_init_rcv_mss(struct vn_tcp_sock *tp);
uint16_t vn_tcp_route_advmss(struct vn_sock *s, uint32_t dst,
			     uint16_t *pmtu);
int vn_tcp_connect_xmit(struct vn_tcp_sock *tp);
void vn_tcp_resend_syn(struct vn_tcp_sock *tp);
void vn_tcp_cookie_send_synack(struct vn_tcp_sock *lsk,
			       const struct tcp_seg *seg, vn_seq cookie,
			       uint16_t mss, uint32_t ts_val,
			       uint8_t rcv_wscale, uint32_t rcv_wnd);
void vn_tcp_req_init_rwin(struct vn_tcp_sock *lsk, struct tcp_req *req);
void vn_tcp_write_xmit(struct vn_tcp_sock *tp, bool push);
void vn_tcp_send_ack(struct vn_tcp_sock *tp);
void vn_tcp_send_delayed_ack(struct vn_tcp_sock *tp);
void vn_tcp_ack_snd_check(struct vn_tcp_sock *tp);
void vn_tcp_send_fin(struct vn_tcp_sock *tp);
void vn_tcp_send_active_reset(struct vn_tcp_sock *tp);
void vn_tcp_send_challenge_ack(struct vn_tcp_sock *tp);
void vn_tcp_send_dupack(struct vn_tcp_sock *tp, const struct tcp_seg *seg);
void vn_tcp_send_synack(struct vn_tcp_sock *tp);
void vn_tcp_send_probe(struct vn_tcp_sock *tp);
int vn_tcp_write_wakeup(struct vn_tcp_sock *tp);
uint32_t vn_tcp_retransmit(struct vn_tcp_sock *tp, vn_seq seq, uint32_t len);
uint32_t vn_tcp_current_mss(const struct vn_tcp_sock *tp);
bool vn_tcp_xmit_data(struct vn_tcp_sock *tp, vn_seq seq, uint32_t len,
		      bool rtx);
void vn_tcp_reply_reset(struct vn_inet *inet, const struct tcp_seg *seg);
void vn_tcp_req_send_synack(struct tcp_req *req);
void vn_tcp_req_send_ack(struct tcp_req *req, const struct tcp_seg *seg);
void vn_tcp_tw_send_ack(struct tcp_tw *tw);
uint16_t vn_tcp_select_window(struct vn_tcp_sock *tp);
uint32_t vn_tcp_select_window_space(struct vn_tcp_sock *tp);
bool vn_tcp_oow_rate_limited(struct vn_tcp_ns *tn, const struct tcp_seg *seg,
			     uint32_t *last_ms, uint64_t *counter);

/* tcp_timer.c */
void vn_tcp_timers_init(struct vn_tcp_sock *tp);
void vn_tcp_timers_stop(struct vn_tcp_sock *tp);
void vn_tcp_rtx_arm(struct vn_tcp_sock *tp, uint8_t kind, vn_time when);
void vn_tcp_rtx_stop(struct vn_tcp_sock *tp);
void vn_tcp_rearm_rto(struct vn_tcp_sock *tp);
void vn_tcp_check_probe_timer(struct vn_tcp_sock *tp);
void vn_tcp_delack_arm(struct vn_tcp_sock *tp, vn_time when);
void vn_tcp_delack_stop(struct vn_tcp_sock *tp);
void vn_tcp_keep_arm(struct vn_tcp_sock *tp, vn_time when);
void vn_tcp_keep_stop(struct vn_tcp_sock *tp);
void vn_tcp_keepalive_reset(struct vn_tcp_sock *tp);
void vn_tcp_req_timer_init(struct tcp_req *req);
void vn_tcp_tw_timer_init(struct tcp_tw *tw);
vn_time vn_tcp_probe0_when(const struct vn_tcp_sock *tp);

/* tcp_cong.c */
const struct tcp_cong_ops *vn_tcp_cong_find(int ca);
uint32_t vn_tcp_slow_start(struct vn_tcp_sock *tp, uint32_t acked);
void vn_tcp_cong_avoid_ai(struct vn_tcp_sock *tp, uint32_t w,
			  uint32_t acked);
bool vn_tcp_is_cwnd_limited(const struct vn_tcp_sock *tp);
void vn_tcp_cwnd_restart(struct vn_tcp_sock *tp, vn_time now);

/* tcp_sack.c: the scoreboard, loss recovery, receiver SACK blocks. */
uint32_t vn_tcp_sb_add(struct tcp_sb *sb, vn_seq start, vn_seq end);
void vn_tcp_sb_ack(struct tcp_sb *sb, vn_seq una);
uint32_t vn_tcp_sb_sacked_between(const struct tcp_sb *sb, vn_seq a,
				  vn_seq b);
bool vn_tcp_sb_is_sacked(const struct tcp_sb *sb, vn_seq seq,
			 vn_seq *next);
uint32_t vn_tcp_pipe(const struct vn_tcp_sock *tp);
uint32_t vn_tcp_packets_in_flight(const struct vn_tcp_sock *tp);
uint32_t vn_tcp_sacktag(struct vn_tcp_sock *tp, const struct tcp_seg *seg,
			vn_seq prior_una, bool *dsack);
void vn_tcp_fastretrans_alert(struct vn_tcp_sock *tp, vn_seq prior_una,
			      bool is_dupack, uint32_t newly_acked);
void vn_tcp_enter_loss(struct vn_tcp_sock *tp);
bool vn_tcp_xmit_recovery(struct vn_tcp_sock *tp);
void vn_tcp_rcv_sack_new_ofo(struct vn_tcp_sock *tp, vn_seq seq,
			     vn_seq end);
void vn_tcp_rcv_sack_remove(struct vn_tcp_sock *tp);
void vn_tcp_dsack_set(struct vn_tcp_sock *tp, vn_seq seq, vn_seq end);

/* tcp_syncookie.c: keyed hashes. */
void vn_tcp_keys_init(struct vn_tcp_ns *tn);
vn_seq vn_tcp_isn(const struct vn_tcp_ns *tn, uint32_t laddr, uint32_t raddr,
		  uint16_t lport, uint16_t rport, vn_time now);
uint32_t vn_tcp_ts_offset(const struct vn_tcp_ns *tn, uint32_t laddr,
			  uint32_t raddr);
vn_seq vn_tcp_cookie_make(const struct vn_tcp_ns *tn,
			  const struct tcp_seg *seg, uint16_t *mss,
			  vn_time now);
uint16_t vn_tcp_cookie_check(const struct vn_tcp_ns *tn,
			     const struct tcp_seg *seg, vn_time now);
uint32_t vn_tcp_cookie_ts(bool sack, bool wscale_ok, uint8_t wscale,
			  uint32_t ts_now);
bool vn_tcp_cookie_ts_decode(uint32_t ecr, bool *sack, bool *wscale_ok,
			     uint8_t *wscale);

#endif
