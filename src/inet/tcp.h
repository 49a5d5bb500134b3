/* SPDX-License-Identifier: MIT */
/*
 * inet/tcp.h - what other modules see of TCP: one record per connection,
 * listener, request or TIME-WAIT entry, as inet_diag gives iproute2's ss;
 * and the namespace's settings (net.ipv4.tcp_*, net.core.somaxconn) for
 * the sysctl command, which owns their names and formats.
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

/*
 * The settings of a namespace (struct tcp_conf, tcp_sysctl.c).  Values go
 * in and out as int64_t: counts and bytes as they are, times in vn_time
 * (nanoseconds).  VN_TCP_VAR_RMEM and _WMEM hold three values (min,
 * default, max), the others one.  The caller checks ranges as the
 * kernel's proc handler does; a new value applies to what TCP does next
 * (new sockets for the buffers, the next timer for the times).
 */
enum vn_tcp_var {
	VN_TCP_VAR_SOMAXCONN,
	VN_TCP_VAR_SYNCOOKIES,
	VN_TCP_VAR_SYN_RETRIES,
	VN_TCP_VAR_SYN_LINEAR_TIMEOUTS,
	VN_TCP_VAR_SYNACK_RETRIES,
	VN_TCP_VAR_RETRIES2,
	VN_TCP_VAR_ORPHAN_RETRIES,
	VN_TCP_VAR_FIN_TIMEOUT,		/* vn_time */
	VN_TCP_VAR_KEEPALIVE_TIME,	/* vn_time */
	VN_TCP_VAR_KEEPALIVE_INTVL,	/* vn_time */
	VN_TCP_VAR_KEEPALIVE_PROBES,
	VN_TCP_VAR_MAX_SYN_BACKLOG,
	VN_TCP_VAR_MAX_TW_BUCKETS,
	VN_TCP_VAR_TIMESTAMPS,
	VN_TCP_VAR_SACK,
	VN_TCP_VAR_WINDOW_SCALING,
	VN_TCP_VAR_DSACK,
	VN_TCP_VAR_RMEM,		/* [3] */
	VN_TCP_VAR_WMEM,		/* [3] */
	VN_TCP_VAR_MODERATE_RCVBUF,
	VN_TCP_VAR_CHALLENGE_ACK_LIMIT,
	VN_TCP_VAR_INVALID_RATELIMIT,	/* vn_time */
	VN_TCP_VAR_RFC1337,
	VN_TCP_VAR_ABORT_ON_OVERFLOW,
	VN_TCP_VAR_SLOW_START_AFTER_IDLE,
	VN_TCP_VAR_LIMIT_OUTPUT_BYTES,
};

/* Value @i (0 for single values) of @var in @inet's namespace. */
int64_t vn_tcp_conf_value(struct vn_inet *inet, enum vn_tcp_var var, int i);
void vn_tcp_conf_set(struct vn_inet *inet, enum vn_tcp_var var, int i,
		     int64_t x);
/* net.ipv4.tcp_congestion_control: the name new sockets start with. */
const char *vn_tcp_conf_cong(struct vn_inet *inet);
/* Return: 0, or -ENOENT for an algorithm vnet does not have. */
int vn_tcp_conf_set_cong(struct vn_inet *inet, const char *name);
/* net.ipv4.tcp_available_congestion_control: "reno cubic". */
const char *vn_tcp_cong_available(void);

#endif
