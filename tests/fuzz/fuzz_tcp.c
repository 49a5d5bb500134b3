// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_tcp.c - TCP input in every state (inet/tcp*.c): the
 * listener, SYN cookies, handshakes both ways, data, SACK, windows,
 * FIN/RST handling, TIME-WAIT, timers.
 *
 * World: namespace s (10.0.0.1 on eth0) runs, through the socket API, an
 * echo server on port 80 (backlog 2, so cookies come early) and one client
 * connecting to 10.0.0.2:5000.  The harness is 10.0.0.2: it has no stack,
 * sees what s sends (a sniffer on its end of the wire) and answers with
 * segments the input describes, numbered relative to what it saw, so the
 * fuzzer reaches ESTABLISHED, recovery, FIN-WAIT, TIME-WAIT and the rest
 * without guessing 32-bit numbers.
 *
 * Input: a sequence of segments, each:
 *   flags (1 byte, TCP flags as on the wire)
 *   how (1 byte): bits 0-1 the flow (0-2: port 40000+n to the server's
 *     port 80, 3: port 5000 to s's client); bit 2 seq absolute (the next
 *     4 bytes) else relative to the last ack s sent on the flow; bit 3 the
 *     same for ack, relative to the highest sequence s sent; bit 4 a wrong
 *     checksum; bit 5 options from the input; bits 6-7 what s's program
 *     then does with the flow's socket: 0 nothing, 1 shutdown(SHUT_WR),
 *     2 close(), 3 SO_KEEPALIVE with TCP_KEEPIDLE 10 s, TCP_KEEPINTVL 5 s
 *   seq, ack (2 bytes signed each when relative, 4 when absolute)
 *   window (2 bytes)
 *   options: length (1 byte, up to 40, rounded up to 4) and the bytes;
 *     in a list that walks, each SACK block edge (kind 5) is a signed
 *     offset from the highest sequence s sent on the flow
 *   payload length (2 bytes, up to 1460; bytes are a pattern)
 *   delay (1 byte, units of 20 ms)
 * then 10 minutes of virtual time pass, so every timer fires.
 *
 * FUZZ_VERBOSE=1 prints every segment both ways ("s>h" what s sent,
 * "h>s" the input's), flags as FSRPAUEC, then the counters.
 */
#include <errno.h>

#include "fuzz.h"
#include "netns.h"
#include "vnet/socket.h"
#include "wire/tcp.h"

#define S_ADDR 0x0a000001
#define H_ADDR 0x0a000002
#define N_FLOWS 4
#define MAX_CONNS 16

static const uint8_t h_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

/* What the harness saw s send on one flow. */
struct flow {
	uint16_t hport, sport;	/* ours, s's */
	bool seen;
	vn_seq s_next;		/* highest seq + len s sent */
	vn_seq s_ack;		/* the last ack s sent */
};

struct server {
	struct vn_sniffer sniffer;
	struct flow flows[N_FLOWS];
	struct vn_sock *listener, *client;
	struct vn_sock *conns[MAX_CONNS];
	unsigned n_conns;
};

static bool verbose;	/* FUZZ_VERBOSE=1: print every segment */

/* One line per segment, for FUZZ_VERBOSE: "s>h 80>40000 SA seq ack ...". */
static void show(const char *dir, const uint8_t *t, uint32_t len)
{
	static const char names[] = "FSRPAUEC";
	uint8_t fl = vn_tcp_flags(t);
	uint32_t hlen = vn_tcp_hlen(t);
	char f[9];
	int n = 0;

	for (int i = 0; i < 8; i++)
		if (fl & (1 << i))
			f[n++] = names[i];
	f[n] = 0;
	fprintf(stderr, "%s %u>%u %-4s seq %u ack %u win %u len %u opts",
		dir, vn_tcp_sport(t), vn_tcp_dport(t), f, vn_tcp_seq(t),
		vn_tcp_ack(t), vn_tcp_win(t), len - hlen);
	for (uint32_t i = VN_TCP_HLEN; i < hlen; i++)
		fprintf(stderr, " %02x", t[i]);
	fprintf(stderr, "\n");
}

static void seen(struct vn_sniffer *sn, struct vn_dev *dev,
		 const struct vn_buf *buf, bool outgoing)
{
	struct server *sv = container_of(sn, struct server, sniffer);
	const uint8_t *p = buf->data;
	uint32_t len = buf->len, hlen, tot;
	const uint8_t *t;

	(void)dev;
	if (outgoing || len < VN_ETH_HLEN + VN_IPV4_HLEN ||
	    vn_eth_type(p) != VN_ETH_P_IP)
		return;
	p += VN_ETH_HLEN;
	len -= VN_ETH_HLEN;
	hlen = vn_ipv4_hlen(p);
	tot = vn_ipv4_tot_len(p);
	if (vn_ipv4_proto(p) != VN_IPPROTO_TCP || hlen < VN_IPV4_HLEN ||
	    tot > len || tot < hlen || vn_tcp_check(p + hlen, tot - hlen))
		return;
	t = p + hlen;
	if (verbose)
		show("s>h", t, tot - hlen);
	for (int i = 0; i < N_FLOWS; i++) {
		struct flow *f = &sv->flows[i];
		uint8_t fl = vn_tcp_flags(t);
		vn_seq end = vn_tcp_seq(t) + (tot - hlen - vn_tcp_hlen(t)) +
			     !!(fl & VN_TCP_SYN) + !!(fl & VN_TCP_FIN);

		if (vn_tcp_dport(t) != f->hport ||
		    (f->sport && vn_tcp_sport(t) != f->sport))
			continue;
		f->sport = vn_tcp_sport(t);
		if (!f->seen || vn_seq_gt(end, f->s_next))
			f->s_next = end;
		if (fl & VN_TCP_ACK_F)
			f->s_ack = vn_tcp_ack(t);
		f->seen = true;
	}
}

static void gone(struct vn_sniffer *sn, struct vn_dev *dev)
{
	(void)sn;
	(void)dev;
}

/* The echo server and the client: whatever is readable is sent back. */
static void serve(struct server *sv)
{
	static uint8_t data[4096];
	struct vn_sock *c;

	while (sv->n_conns < MAX_CONNS &&
	       vn_sock_accept(sv->listener, &c) == 0)
		sv->conns[sv->n_conns++] = c;
	for (unsigned i = 0; i < sv->n_conns; i++) {
		ssize_t n;

		if (!sv->conns[i])
			continue;	/* closed by an action */
		n = vn_sock_recv(sv->conns[i], data, sizeof(data), 0);

		if (n > 0)
			vn_sock_send(sv->conns[i], data, (size_t)n, 0);
		else if (n == 0)
			vn_sock_shutdown(sv->conns[i], VN_SHUT_WR);
	}
	if (sv->client && vn_sock_recv(sv->client, data, sizeof(data), 0) > 0)
		vn_sock_send(sv->client, "pong", 4, 0);
}

/* Bits 6-7 of "how": the program acts on socket *@sp. */
static void act(struct vn_sock **sp, unsigned action)
{
	switch (action) {
	case 1:
		vn_sock_shutdown(*sp, VN_SHUT_WR);
		break;
	case 2:
		vn_sock_close(*sp);
		*sp = NULL;
		break;
	case 3:
		vn_sock_setopt(*sp, VN_SO_KEEPALIVE, 1);
		vn_sock_setopt(*sp, VN_TCP_KEEPIDLE, 10);
		vn_sock_setopt(*sp, VN_TCP_KEEPINTVL, 5);
		break;
	default:
		break;
	}
}

/* The action on every socket of flow @n: its connections, or the client. */
static void flow_act(struct server *sv, unsigned n, unsigned action)
{
	struct vn_sockaddr peer;

	if (!action)
		return;
	if (n == 3) {
		if (sv->client)
			act(&sv->client, action);
		return;
	}
	for (unsigned i = 0; i < sv->n_conns; i++)
		if (sv->conns[i] &&
		    vn_sock_getpeername(sv->conns[i], &peer) == 0 &&
		    peer.port == sv->flows[n].hport)
			act(&sv->conns[i], action);
}

static void server_start(struct server *sv, struct vn_netns *ns)
{
	struct vn_sockaddr any = { .addr = 0, .port = 80 };
	struct vn_sockaddr peer = { .addr = H_ADDR, .port = 5000 };

	if (vn_socket(ns, VN_SOCK_STREAM, VN_IPPROTO_TCP, &sv->listener) ||
	    vn_sock_bind(sv->listener, &any) ||
	    vn_sock_listen(sv->listener, 2) ||
	    vn_socket(ns, VN_SOCK_STREAM, VN_IPPROTO_TCP, &sv->client))
		abort();
	if (vn_sock_connect(sv->client, &peer) != -EINPROGRESS)
		abort();
	vn_sock_send(sv->client, "ping", 4, 0);
	for (int i = 0; i < N_FLOWS; i++)
		sv->flows[i].hport = i < 3 ? (uint16_t)(40000 + i) : 5000;
}

static void server_stop(struct server *sv)
{
	for (unsigned i = 0; i < sv->n_conns; i++)
		if (sv->conns[i])
			vn_sock_close(sv->conns[i]);
	if (sv->client)
		vn_sock_close(sv->client);
	vn_sock_close(sv->listener);
}

static uint32_t seq_field(struct fz_in *in, bool absolute, vn_seq base)
{
	if (absolute) {
		uint32_t hi = fz_u16(in);

		return hi << 16 | fz_u16(in);
	}
	return base + (uint32_t)(int32_t)(int16_t)fz_u16(in);
}

/* SACK block edges in options @o are offsets from @base: made absolute. */
static void sack_rebase(uint8_t *o, size_t len, vn_seq base)
{
	size_t i = 0;

	while (i < len && o[i] != VN_TCPOPT_EOL) {
		if (o[i] == VN_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || o[i + 1] < 2 || o[i + 1] > len - i)
			return;
		if (o[i] == VN_TCPOPT_SACK)
			for (size_t k = i + 2; k + 4 <= i + o[i + 1]; k += 4)
				vn_store_be32(o + k, base + vn_load_be32(o + k));
		i += o[i + 1];
	}
}

/* One segment from the harness to s, as the input says; returns "how". */
static uint8_t send_segment(struct fz_world *w, struct vn_dev *wire,
			    struct server *sv, struct fz_in *in)
{
	static uint8_t pkt[VN_IPV4_HLEN + VN_TCP_MAX_HLEN + 1460];
	uint8_t flags = fz_u8(in), how = fz_u8(in);
	struct flow *f = &sv->flows[how & 3];
	uint8_t *t = pkt + VN_IPV4_HLEN;
	struct vn_tcp_hdr h = {
		.sport = f->hport,
		.dport = (how & 3) == 3 ? (f->sport ? f->sport : 1) : 80,
		.flags = flags,
	};
	size_t optlen = 0, paylen;
	struct vn_ipv4_repr r;

	h.seq = seq_field(in, how & 4, f->s_ack);
	h.ack = seq_field(in, how & 8, f->s_next);
	h.win = fz_u16(in);
	if (how & 32) {
		optlen = fz_u8(in) % (VN_TCP_MAX_OPTLEN + 1);
		optlen = (optlen + 3) & ~(size_t)3;
		for (size_t i = 0; i < optlen; i++)
			t[VN_TCP_HLEN + i] = fz_u8(in);
		sack_rebase(t + VN_TCP_HLEN, optlen, f->s_next);
	}
	h.hlen = (uint8_t)(VN_TCP_HLEN + optlen);
	paylen = fz_u16(in) % 1461;
	for (size_t i = 0; i < paylen; i++)
		t[h.hlen + i] = (uint8_t)(h.seq + i);
	vn_tcp_emit(t, &h);
	vn_tcp_fill_csum(t, (uint32_t)(h.hlen + paylen), H_ADDR, S_ADDR);
	if (how & 16)
		t[VN_TCP_CSUM] ^= 0x5a;
	if (verbose)
		show(how & 16 ? "h>s (bad csum)" : "h>s", t,
		     (uint32_t)(h.hlen + paylen));
	r = (struct vn_ipv4_repr){
		.ttl = 64, .proto = VN_IPPROTO_TCP, .frag = VN_IP_DF,
		.src = H_ADDR, .dst = S_ADDR,
		.payload_len = (uint16_t)(h.hlen + paylen),
	};
	vn_ipv4_emit(pkt, &r);
	fz_receive(w, wire, wire->mac, h_mac, VN_ETH_P_IP, pkt,
		   VN_IPV4_HLEN + h.hlen + paylen);
	return how;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	struct server sv = { .sniffer = { .frame = seen, .gone = gone } };
	struct vn_dev *s_eth0, *h_eth0;
	struct fz_world w;

	fz_world_init(&w);
	verbose = w.verbose;
	fz_exec(&w, "ip netns add s");
	fz_exec(&w, "ip netns add h");
	fz_exec(&w, "ip -n s link add eth0 type veth peer name eth0 netns h");
	fz_exec(&w, "ip -n h link set eth0 address 02:00:00:00:00:02");
	fz_exec(&w, "ip -n s addr add 10.0.0.1/24 dev eth0");
	fz_exec(&w, "ip -n s neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev eth0 nud permanent");
	fz_exec(&w, "ip -n s link set eth0 up");
	fz_exec(&w, "ip -n h link set eth0 up");
	s_eth0 = fz_dev(&w, "s", "eth0");
	h_eth0 = fz_dev(&w, "h", "eth0");
	vn_dev_sniffer_add(h_eth0, &sv.sniffer);
	server_start(&sv, fz_netns(&w, "s"));
	fz_run_for(&w, 10 * VN_MSEC);
	while (in.n) {
		uint8_t how = send_segment(&w, s_eth0, &sv, &in);
		vn_time delay = (vn_time)fz_u8(&in) * 20 * VN_MSEC;

		fz_run_for(&w, delay ? delay : VN_USEC);
		serve(&sv);
		flow_act(&sv, how & 3, how >> 6);
	}
	fz_run_for(&w, 600 * VN_SEC);
	serve(&sv);
	server_stop(&sv);
	fz_run_for(&w, 600 * VN_SEC);
	vn_dev_sniffer_del(h_eth0, &sv.sniffer);
	fz_world_fini(&w);
	return 0;
}
