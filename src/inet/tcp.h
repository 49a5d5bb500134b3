/* SPDX-License-Identifier: MIT */
/*
 * inet/tcp.h - what other modules (the `ss` command) see of TCP: one
 * record per connection, listener, request or TIME-WAIT entry, as
 * inet_diag gives iproute2's ss.
 */
#ifndef VN_INET_TCP_H
#define VN_INET_TCP_H

#include "inet/inet.h"

/* ss's timer names (tcp_diag's idiag_timer). */
enum vn_tcp_timer_kind {
	VN_TCP_TIMER_NONE = 0,
	VN_TCP_TIMER_ON = 1,		/* retransmission */
	VN_TCP_TIMER_KEEPALIVE = 2,
	VN_TCP_TIMER_TIMEWAIT = 3,
	VN_TCP_TIMER_PERSIST = 4,	/* zero window probe */
};

/* One socket as `ss -tanoie` shows it (struct tcp_info's fields). */
struct vn_tcp_info {
	const void *id;		/* stable while it lives: "sk:" of ss -e */
	uint8_t state;		/* enum vn_tcp_state */
	uint32_t laddr, raddr;
	uint16_t lport, rport;
	int bound_ifindex;
	uint32_t rq, wq;	/* Recv-Q, Send-Q as ss prints them */
	bool orphan;		/* closed by the program, finishing alone */
	bool full;		/* a socket (not a request or TIME-WAIT) */
	uint8_t timer;		/* enum vn_tcp_timer_kind */
	int64_t timer_ns;	/* time left, 0 if none */
	uint8_t retransmits;	/* or probes, for the timer field */
	/* ss -i */
	const char *cong;
	bool ts_ok, sack_ok, wscale_ok;
	uint8_t snd_wscale, rcv_wscale;
	uint32_t rto_us, ato_us, rtt_us, rttvar_us, min_rtt_us;
	uint32_t mss, pmtu, rcv_mss, advmss;
	uint32_t cwnd, ssthresh;
	uint64_t bytes_sent, bytes_retrans, bytes_acked, bytes_received;
	uint32_t segs_out, segs_in, data_segs_out, data_segs_in;
	uint32_t lastsnd_ms, lastrcv_ms, lastack_ms;
	uint32_t unacked, retrans, total_retrans, lost, sacked;
	uint32_t delivered, snd_wnd, rcv_wnd, rcv_space, rcv_ssthresh;
	uint32_t notsent;
	bool app_limited;
	uint8_t backoff;
};

/* Called per entry; a non-zero return stops the walk. */
typedef int (*vn_tcp_info_fn)(const struct vn_tcp_info *info, void *arg);

/*
 * vn_tcp_for_each() - every TCP entry of @inet: listeners, then
 * connections (with their requests after each listener's), then
 * TIME-WAIT entries, each group in creation order.
 */
int vn_tcp_for_each(struct vn_inet *inet, vn_tcp_info_fn fn, void *arg);

#endif
