/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/inet/test_tcp_harness.h - segment-level TCP tests: the test
 * plays the peer.
 *
 * Namespace "a" holds the TCP under test on v0 (10.0.0.1/24); its veth
 * peer v1 sits address-less in the root namespace, and a static ARP
 * entry sends 10.0.0.2 there.  A sniffer on v1 records every frame "a"
 * sends (with its virtual time); send_seg() builds a TCP segment from
 * 10.0.0.2 by hand and transmits it from v1, so it reaches "a" through
 * the veth as any frame would.  The peer talks timestamps on a clock of
 * its own (PEER_TS0 + milliseconds), echoing the last TSval it saw.
 *
 * Per-state fixtures (tcp_fixture_listen(), tcp_fixture_syn_sent(),
 * tcp_fixture_established(), tcp_fixture_fin_wait1() ...) bring a
 * connection to a state with the exact segments the RFC expects, so each
 * test starts where its name says: test_tcp_<state>_<event>.
 *
 * Header-only: each test program is one translation unit.
 */
#ifndef VN_TESTS_TCP_HARNESS_H
#define VN_TESTS_TCP_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>

#include "helpers.h"
#include "inet/sock.h"
#include "inet/tcp_priv.h"
#include "vnet/socket.h"
#include "wire/eth.h"
#include "wire/ipv4.h"
#include "wire/tcp.h"

#define ADDR_A 0x0a000001u
#define ADDR_B 0x0a000002u
#define PEER_PORT 4000
#define LOCAL_PORT 80
#define PEER_ISN 1000000u
#define PEER_TS0 5000u
#define PEER_WSCALE 7
#define MS 1000000LL
#define SEC 1000000000LL
#define CAP_MAX 4096

struct got_seg {
	uint8_t flags;
	vn_seq seq, ack;
	uint16_t win;
	uint32_t len;		/* payload */
	uint8_t ttl, tos;
	bool df;
	struct vn_tcp_opts opt;
	uint8_t optbytes[40];
	uint32_t optlen;
	uint8_t data[1500];
	int64_t at;		/* virtual time it left */
};

struct tcp_h {
	struct vn_test_engine *t;
	struct vn_engine *e;
	struct vn_netns *a;
	struct vn_dev *v0, *v1;
	struct vn_sniffer sn;
	uint8_t mac_a[VN_ETH_ALEN], mac_b[VN_ETH_ALEN];
	struct {
		uint8_t bytes[1600];
		uint32_t len;
		int64_t at;
	} cap[CAP_MAX];
	unsigned cap_head, cap_n;
	uint16_t ip_id;
	/* The connection under test. */
	struct vn_sock *l, *s;
	vn_seq iss, irs;	/* ours (a's) and the peer's */
	vn_seq snd_nxt, rcv_nxt;	/* the peer's view */
	uint16_t lport, rport;
	uint32_t last_tsval;	/* the last TSval a sent */
	bool peer_ts, peer_sack;
	uint16_t peer_win;	/* the field the peer sends */
};

static struct tcp_h *H;

static inline void h_frame(struct vn_sniffer *s, struct vn_dev *dev,
		    const struct vn_buf *buf, bool outgoing)
{
	struct tcp_h *h = container_of(s, struct tcp_h, sn);
	unsigned i;

	(void)dev;
	if (outgoing || h->cap_n == CAP_MAX)
		return;
	i = (h->cap_head + h->cap_n++) % CAP_MAX;
	h->cap[i].len = VN_MIN(buf->len, (uint32_t)sizeof(h->cap[i].bytes));
	memcpy(h->cap[i].bytes, buf->data, h->cap[i].len);
	h->cap[i].at = vn_engine_now(h->e);
}

static inline void h_gone(struct vn_sniffer *s, struct vn_dev *dev)
{
	(void)s;
	(void)dev;
}

static inline void h_settle(void)
{
	vn_engine_settle(H->e);
}

/* Runs virtual time forward by @ns (timers fire on the way). */
static inline void h_run(int64_t ns)
{
	vn_engine_run(H->e, vn_engine_now(H->e) + ns, NULL, NULL);
}

static inline int64_t h_now(void)
{
	return vn_engine_now(H->e);
}

static inline uint32_t peer_tsval(void)
{
	return PEER_TS0 + (uint32_t)(h_now() / MS);
}

static inline int h_setup(void **state)
{
	struct tcp_h *h;
	char line[128];

	if (vn_test_engine_setup(state))
		return -1;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -1;
	h->t = *state;
	h->e = h->t->engine;
	H = h;
	vn_test_exec_ok(h->t, "ip netns add a");
	vn_test_exec_ok(h->t, "ip link add v0 netns a type veth peer name v1");
	vn_test_exec_ok(h->t, "ip -n a addr add 10.0.0.1/24 dev v0");
	vn_test_exec_ok(h->t, "ip -n a link set v0 up");
	vn_test_exec_ok(h->t, "ip -n a link set lo up");
	vn_test_exec_ok(h->t, "ip link set v1 up");
	h->a = vn_engine_netns(h->e, "a");
	h->v0 = vn_dev_lookup(&h->a->devs, "v0");
	h->v1 = vn_dev_lookup(&h->e->root->devs, "v1");
	assert_non_null(h->v0);
	assert_non_null(h->v1);
	memcpy(h->mac_a, h->v0->mac, VN_ETH_ALEN);
	memcpy(h->mac_b, h->v1->mac, VN_ETH_ALEN);
	snprintf(line, sizeof(line),
		 "ip -n a neigh add 10.0.0.2 lladdr %02x:%02x:%02x:%02x:%02x:%02x dev v0",
		 h->mac_b[0], h->mac_b[1], h->mac_b[2], h->mac_b[3], h->mac_b[4],
		 h->mac_b[5]);
	vn_test_exec_ok(h->t, line);
	h->sn.frame = h_frame;
	h->sn.gone = h_gone;
	vn_dev_sniffer_add(h->v1, &h->sn);
	h_settle();
	h->cap_n = 0;
	h->peer_ts = true;
	h->peer_sack = true;
	h->peer_win = 502;	/* 64256 with wscale 7 */
	h->rport = PEER_PORT;
	h->lport = LOCAL_PORT;
	*state = h;
	return 0;
}

static inline int h_teardown(void **state)
{
	struct tcp_h *h = *state;

	if (h->s)
		vn_sock_close(h->s);
	if (h->l)
		vn_sock_close(h->l);
	vn_dev_sniffer_del(h->v1, &h->sn);
	*state = h->t;
	free(h);
	H = NULL;
	return vn_test_engine_teardown(state);
}

/* --- the peer's segments ----------------------------------------------------- */

struct seg_spec {
	uint8_t flags;
	vn_seq seq, ack;
	uint16_t win;		/* 0 with win_set false: the peer's default */
	bool win_set;
	const void *data;
	uint32_t len;
	bool no_ts;		/* leave the timestamp out */
	uint32_t ts_val, ts_ecr;	/* with ts_set: these instead */
	bool ts_set;
	struct vn_tcp_opts_out opts;	/* SYN options, SACK blocks */
	const uint8_t *raw_opts;	/* bytes used as they are */
	uint32_t raw_optlen;
	uint16_t sport, dport;	/* 0: the connection's */
	uint32_t saddr;		/* 0: 10.0.0.2 */
	bool bad_csum;
	int doff;		/* non-zero: this data offset field */
	uint32_t trunc;		/* non-zero: cut the TCP part to this */
};

static inline void send_spec(const struct seg_spec *sp)
{
	struct tcp_h *h = H;
	struct vn_tcp_opts_out o = sp->opts;
	uint8_t opts[64];
	uint32_t olen, tlen, iplen;
	struct vn_buf *buf;
	uint8_t *p, *ip, *th;
	uint32_t saddr = sp->saddr ? sp->saddr : ADDR_B;

	if (h->peer_ts && !sp->no_ts && !sp->raw_opts) {
		o.ts = true;
		o.ts_val = sp->ts_set ? sp->ts_val : peer_tsval();
		o.ts_ecr = sp->ts_set ? sp->ts_ecr :
			   ((sp->flags & VN_TCP_ACK_F) ? h->last_tsval : 0);
	}
	if (sp->raw_opts) {
		memcpy(opts, sp->raw_opts, sp->raw_optlen);
		olen = sp->raw_optlen;
	} else {
		olen = (uint32_t)vn_tcp_opts_emit(opts, &o);
	}
	tlen = VN_TCP_HLEN + olen + sp->len;
	iplen = VN_IPV4_HLEN + tlen;
	buf = vn_buf_alloc(h->e->env.pool, VN_ETH_HLEN + iplen);
	assert_non_null(buf);
	p = vn_buf_put(buf, VN_ETH_HLEN + iplen);
	vn_eth_emit(p, h->mac_a, h->mac_b, VN_ETH_P_IP);
	ip = p + VN_ETH_HLEN;
	vn_ipv4_emit(ip, &(struct vn_ipv4_repr){
				 .ttl = 64,
				 .proto = VN_IPPROTO_TCP,
				 .id = h->ip_id++,
				 .frag = VN_IP_DF,
				 .src = saddr,
				 .dst = ADDR_A,
				 .payload_len = (uint16_t)tlen,
			 });
	th = ip + VN_IPV4_HLEN;
	vn_tcp_emit(th, &(struct vn_tcp_hdr){
				.sport = sp->sport ? sp->sport : h->rport,
				.dport = sp->dport ? sp->dport : h->lport,
				.seq = sp->seq,
				.ack = sp->ack,
				.flags = sp->flags,
				.win = sp->win_set ? sp->win : h->peer_win,
				.hlen = (uint8_t)(VN_TCP_HLEN + olen),
			});
	memcpy(th + VN_TCP_HLEN, opts, olen);
	if (sp->len)
		memcpy(th + VN_TCP_HLEN + olen, sp->data, sp->len);
	if (sp->doff)
		th[VN_TCP_OFF] = (uint8_t)(sp->doff << 4);
	vn_tcp_fill_csum(th, tlen, saddr, ADDR_A);
	if (sp->bad_csum)
		th[VN_TCP_CSUM] ^= 0x5a;
	if (sp->trunc) {
		vn_ipv4_set_tot_len(ip, (uint16_t)(VN_IPV4_HLEN + sp->trunc));
		vn_ipv4_fill_csum(ip);
		vn_buf_trim(buf, VN_ETH_HLEN + VN_IPV4_HLEN + sp->trunc);
	}
	vn_dev_xmit(h->v1, buf);
	h_settle();
}

/* Common cases: the peer's ACK, data, and flags at its sequence. */
static inline void send_seg(uint8_t flags, vn_seq seq, vn_seq ack, const void *data,
		     uint32_t len)
{
	send_spec(&(struct seg_spec){ .flags = flags, .seq = seq, .ack = ack,
				      .data = data, .len = len });
}

static inline void send_ack(vn_seq seq, vn_seq ack)
{
	send_seg(VN_TCP_ACK_F, seq, ack, NULL, 0);
}

/* --- what a sent ------------------------------------------------------------- */

/* The next TCP segment a sent, in *g; false if none (others skipped). */
static inline bool next_seg(struct got_seg *g)
{
	struct tcp_h *h = H;

	while (h->cap_n) {
		unsigned i = h->cap_head;
		const uint8_t *f = h->cap[i].bytes, *ip, *th;
		uint32_t len = h->cap[i].len, hl;

		h->cap_head = (h->cap_head + 1) % CAP_MAX;
		h->cap_n--;
		if (len < VN_ETH_HLEN + VN_IPV4_HLEN ||
		    vn_load_be16(f + 12) != VN_ETH_P_IP)
			continue;
		ip = f + VN_ETH_HLEN;
		if (vn_ipv4_proto(ip) != VN_IPPROTO_TCP)
			continue;
		assert_int_equal(vn_ipv4_check(ip, len - VN_ETH_HLEN), 0);
		assert_int_equal(vn_ipv4_src(ip), ADDR_A);
		th = ip + vn_ipv4_hlen(ip);
		len = vn_ipv4_tot_len(ip) - vn_ipv4_hlen(ip);
		assert_int_equal(vn_tcp_check(th, len), 0);
		assert_true(vn_tcp_csum_ok(th, len, vn_ipv4_src(ip),
					   vn_ipv4_dst(ip)));
		memset(g, 0, sizeof(*g));
		hl = vn_tcp_hlen(th);
		g->flags = vn_tcp_flags(th);
		g->seq = vn_tcp_seq(th);
		g->ack = vn_tcp_ack(th);
		g->win = vn_tcp_win(th);
		g->ttl = vn_ipv4_ttl(ip);
		g->tos = vn_ipv4_tos(ip);
		g->df = vn_ipv4_frag(ip) & VN_IP_DF;
		g->len = len - hl;
		g->optlen = hl - VN_TCP_HLEN;
		memcpy(g->optbytes, th + VN_TCP_HLEN, g->optlen);
		vn_tcp_opts_parse(th + VN_TCP_HLEN, g->optlen,
				  g->flags & VN_TCP_SYN, &g->opt);
		memcpy(g->data, th + hl, VN_MIN(g->len, (uint32_t)sizeof(g->data)));
		g->at = h->cap[i].at;
		if (g->opt.has_ts)
			h->last_tsval = g->opt.ts_val;
		return true;
	}
	return false;
}

/* Pops the next segment and checks flags, seq and ack (ack if ACK set). */
static inline struct got_seg expect_seg(uint8_t flags, vn_seq seq, vn_seq ack)
{
	struct got_seg g;

	assert_true(next_seg(&g));
	assert_int_equal(g.flags, flags);
	assert_int_equal(g.seq, seq);
	if (flags & VN_TCP_ACK_F)
		assert_int_equal(g.ack, ack);
	return g;
}

static inline void expect_none(void)
{
	struct got_seg g;

	assert_false(next_seg(&g));
}

static inline uint64_t drops_of(enum vn_drop_reason r)
{
	return H->a->devs.drops.n[r];
}

static inline const struct vn_inet_stats *stats(void)
{
	return &H->a->inet.stats;
}

static inline int h_state(struct vn_sock *s)
{
	int v = -1;

	assert_int_equal(vn_sock_getopt(s, VN_TCP_INFO_STATE, &v), 0);
	return v;
}

/* --- fixtures ------------------------------------------------------------------ */

/* "a" listens on 10.0.0.1:80. */
static inline void tcp_fixture_listen(int backlog)
{
	struct tcp_h *h = H;

	assert_int_equal(vn_socket(h->a, VN_SOCK_STREAM, 0, &h->l), 0);
	assert_int_equal(vn_sock_bind(h->l, &(struct vn_sockaddr){ 0, LOCAL_PORT }),
			 0);
	assert_int_equal(vn_sock_listen(h->l, backlog), 0);
}

/* The peer's SYN options, as Linux sends them. */
static inline struct vn_tcp_opts_out peer_syn_opts(void)
{
	return (struct vn_tcp_opts_out){
		.mss = true,
		.mss_val = 1460,
		.sack_ok = H->peer_sack,
		.wscale = true,
		.wscale_val = PEER_WSCALE,
	};
}

/* LISTEN + the peer's SYN: a request answers with a SYN-ACK. */
static inline struct got_seg tcp_fixture_syn_recv(void)
{
	struct tcp_h *h = H;
	struct got_seg g;

	tcp_fixture_listen(16);
	h->irs = PEER_ISN;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN, .seq = h->irs,
				      .win = 64240, .win_set = true,
				      .opts = peer_syn_opts() });
	assert_true(next_seg(&g));
	assert_int_equal(g.flags, VN_TCP_SYN | VN_TCP_ACK_F);
	assert_int_equal(g.ack, h->irs + 1);
	h->iss = g.seq;
	h->snd_nxt = h->irs + 1;
	h->rcv_nxt = h->iss + 1;
	return g;
}

/* The handshake completed passively; h->s is the accepted socket. */
static inline void tcp_fixture_established_passive(void)
{
	struct tcp_h *h = H;

	tcp_fixture_syn_recv();
	send_ack(h->snd_nxt, h->rcv_nxt);
	assert_int_equal(vn_sock_accept(h->l, &h->s), 0);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
	expect_none();
}

/* "a" connects to 10.0.0.2:4000 and sends its SYN. */
static inline struct got_seg tcp_fixture_syn_sent(void)
{
	struct tcp_h *h = H;
	struct vn_sockaddr me;
	struct got_seg g;

	h->lport = 0;
	assert_int_equal(vn_socket(h->a, VN_SOCK_STREAM, 0, &h->s), 0);
	assert_int_equal(vn_sock_connect(h->s, &(struct vn_sockaddr){
						       ADDR_B, PEER_PORT }),
			 -EINPROGRESS);
	h_settle();
	vn_sock_getname(h->s, &me);
	h->lport = me.port;
	assert_true(next_seg(&g));
	assert_int_equal(g.flags, VN_TCP_SYN);
	h->iss = g.seq;
	h->rcv_nxt = h->iss + 1;
	return g;
}

/* SYN-SENT + the peer's SYN-ACK: a answers with the ACK. */
static inline void tcp_fixture_established(void)
{
	struct tcp_h *h = H;
	struct vn_tcp_opts_out o = peer_syn_opts();

	tcp_fixture_syn_sent();
	h->irs = PEER_ISN;
	send_spec(&(struct seg_spec){ .flags = VN_TCP_SYN | VN_TCP_ACK_F,
				      .seq = h->irs, .ack = h->rcv_nxt,
				      .win = 65160, .win_set = true,
				      .opts = o });
	h->snd_nxt = h->irs + 1;
	expect_seg(VN_TCP_ACK_F, h->iss + 1, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_ESTABLISHED);
	expect_none();
}

/* ESTABLISHED, then the program closes: FIN. */
static inline void tcp_fixture_fin_wait1(void)
{
	struct tcp_h *h = H;

	tcp_fixture_established();
	assert_int_equal(vn_sock_shutdown(h->s, VN_SHUT_WR), 0);
	h_settle();
	expect_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->rcv_nxt, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_FIN_WAIT1);
}

/* FIN-WAIT-1 + the ACK of our FIN. */
static inline void tcp_fixture_fin_wait2(void)
{
	struct tcp_h *h = H;

	tcp_fixture_fin_wait1();
	send_ack(h->snd_nxt, h->rcv_nxt + 1);
	expect_none();
	assert_int_equal(h_state(h->s), VN_TCP_FIN_WAIT2);
}

/* ESTABLISHED + the peer's FIN (its ACK is delayed, pingpong). */
static inline void tcp_fixture_close_wait(void)
{
	struct tcp_h *h = H;

	tcp_fixture_established();
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt, NULL, 0);
	h->snd_nxt++;
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE_WAIT);
}

/* FIN-WAIT-2 + the peer's FIN: ACK and TIME-WAIT (socket done). */
static inline void tcp_fixture_time_wait(void)
{
	struct tcp_h *h = H;

	tcp_fixture_fin_wait2();
	send_seg(VN_TCP_FIN | VN_TCP_ACK_F, h->snd_nxt, h->rcv_nxt + 1, NULL,
		 0);
	h->snd_nxt++;
	expect_seg(VN_TCP_ACK_F, h->rcv_nxt + 1, h->snd_nxt);
	assert_int_equal(h_state(h->s), VN_TCP_CLOSE);
}

#endif
