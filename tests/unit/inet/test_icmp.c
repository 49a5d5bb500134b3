// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_icmp.c - when IPv4 sends ICMP errors
 * (inet/icmp.c vn_icmp_send(), as Linux 6.1's __icmp_send()).
 *
 * RFC 1122 3.2.2's rules (never about an ICMP error, a non-first
 * fragment, a broadcast or multicast datagram, an invalid source), the
 * 576-byte quote, the source address chosen, and the rate limits: the
 * per-destination bucket (icmp_ratelimit, burst 6) for the types in
 * icmp_ratemask, none for "fragmentation needed" or towards ourselves,
 * the global bucket (icmp_msgs_per_sec, burst 50), and ip_error()'s own
 * account.  A namespace "a" with 10.0.0.1/24 on v0 sends the errors; a
 * sniffer on v0 records what leaves.  Every test is a leak test.
 */
#include "helpers.h"

#include "inet/inet.h"
#include "inet/ipv4_priv.h"
#include "netns.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

#define HOST_A 0x0a000001u	/* 10.0.0.1, ours */
#define HOST_B 0x0a000002u	/* 10.0.0.2, on the link */
#define VN_IPPROTO_UDP_FOR_TEST 0xff	/* datagram(): carry UDP, not ICMP */

struct ifix {
	struct vn_test_engine *t;
	struct vn_inet *inet;
	struct vn_dev *v0;
	struct vn_sniffer sniffer;
	int n_out;		/* ICMP messages that left on v0 */
	uint8_t type, code;
	uint32_t src, dst;
	uint32_t len;		/* IP total length of the last one */
};

static void on_frame(struct vn_sniffer *s, struct vn_dev *dev,
		     const struct vn_buf *buf, bool outgoing)
{
	struct ifix *f = container_of(s, struct ifix, sniffer);
	const uint8_t *ip = buf->data + VN_ETH_HLEN;

	(void)dev;
	if (!outgoing || buf->len < VN_ETH_HLEN + VN_IPV4_HLEN + 8 ||
	    vn_eth_type(buf->data) != VN_ETH_P_IP ||
	    vn_ipv4_proto(ip) != VN_IPPROTO_ICMP)
		return;
	f->n_out++;
	f->type = ip[VN_IPV4_HLEN];
	f->code = ip[VN_IPV4_HLEN + 1];
	f->src = vn_ipv4_src(ip);
	f->dst = vn_ipv4_dst(ip);
	f->len = vn_ipv4_tot_len(ip);
}

static void on_gone(struct vn_sniffer *s, struct vn_dev *dev)
{
	(void)s;
	(void)dev;
}

static int setup(void **state)
{
	static const char *const lines[] = {
		"ip netns add a",
		"ip netns add b",
		"ip -n a link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02 netns b",
		"ip -n a link set lo up",
		"ip -n a link set v0 up",
		"ip -n b link set v1 up",
		"ip -n a addr add 10.0.0.1/24 dev v0",
		"ip -n b addr add 10.0.0.2/24 dev v1",
		"ip -n a neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev v0",
		"ip -n a neigh add 10.0.0.3 lladdr 02:00:00:00:00:03 dev v0",
	};
	struct vn_netns *ns;
	struct ifix *f;

	if (vn_test_engine_setup(state))
		return -1;
	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->t = *state;
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		vn_test_exec_ok(f->t, lines[i]);
	ns = vn_engine_netns(f->t->engine, "a");
	assert_non_null(ns);
	f->inet = &ns->inet;
	f->v0 = vn_dev_lookup(&ns->devs, "v0");
	assert_non_null(f->v0);
	/* The address announcement is not what we count. */
	vn_engine_settle(f->t->engine);
	f->sniffer.frame = on_frame;
	f->sniffer.gone = on_gone;
	vn_dev_sniffer_add(f->v0, &f->sniffer);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct ifix *f = *state;
	struct vn_test_engine *t = f->t;

	vn_dev_sniffer_del(f->v0, &f->sniffer);
	free(f);
	*state = t;
	return vn_test_engine_teardown(state);
}

/* A datagram as received on v0: @len bytes of IPv4, ICMP echo inside. */
static struct vn_buf *datagram(struct ifix *f, uint32_t src, uint32_t dst,
			       uint16_t frag, uint8_t icmp_type, uint32_t len)
{
	struct vn_buf *buf = vn_buf_alloc(f->t->engine->env.pool, len);
	struct vn_ipv4_repr r = {
		.ttl = 1,
		.proto = VN_IPPROTO_ICMP,
		.id = 7,
		.frag = frag,
		.src = src,
		.dst = dst,
		.payload_len = (uint16_t)(len - VN_IPV4_HLEN),
	};
	uint8_t *p;

	assert_non_null(buf);
	p = vn_buf_put(buf, len);
	memset(p, 0, len);
	vn_ipv4_emit(p, &r);
	if (icmp_type == VN_IPPROTO_UDP_FOR_TEST) {
		/* Not ICMP at all: a UDP datagram. */
		p[VN_IPV4_PROTO] = 17;
		vn_ipv4_fill_csum(p);
	} else {
		p[VN_IPV4_HLEN] = icmp_type;
	}
	buf->dev = f->v0;
	buf->pkt_type = VN_PKT_HOST;
	return buf;
}

/* vn_icmp_send() about @orig, then lets the network settle; returns how
 * many ICMP messages left on v0 because of it. */
static int send_about(struct ifix *f, struct vn_buf *orig, uint8_t type,
		      uint8_t code)
{
	int before = f->n_out;

	vn_icmp_send(f->inet, orig, type, code, 0);
	vn_buf_free(orig);
	vn_engine_settle(f->t->engine);
	return f->n_out - before;
}

static int time_exceeded(struct ifix *f, struct vn_buf *orig)
{
	return send_about(f, orig, VN_ICMP_TIME_EXCEEDED, VN_ICMP_EXC_TTL);
}

static void test_icmp_error_rules(void **state)
{
	struct ifix *f = *state;
	struct vn_buf *b;

	/* The ordinary case: about an echo from B, to B, from us. */
	assert_int_equal(time_exceeded(f, datagram(f, HOST_B, 0x08080808, 0,
						   VN_ICMP_ECHO, 84)), 1);
	assert_int_equal(f->type, VN_ICMP_TIME_EXCEEDED);
	assert_int_equal(f->dst, HOST_B);
	assert_int_equal(f->src, HOST_A);
	/* RFC 1122 3.2.2: never about an ICMP error ... */
	assert_int_equal(time_exceeded(f, datagram(f, HOST_B, 0x08080808, 0,
						   VN_ICMP_DEST_UNREACH, 84)),
			 0);
	assert_int_equal(time_exceeded(f, datagram(f, HOST_B, 0x08080808, 0,
						   VN_ICMP_REDIRECT, 84)), 0);
	/* ... a fragment other than the first ... */
	assert_int_equal(time_exceeded(f, datagram(f, HOST_B, 0x08080808,
						   10, VN_ICMP_ECHO, 84)), 0);
	assert_int_equal(time_exceeded(f, datagram(f, HOST_B, 0x08080808,
						   VN_IP_MF, VN_ICMP_ECHO, 84)),
			 1);
	/* ... a datagram to a broadcast or multicast address, or one that
	 * came as a link-layer broadcast ... */
	assert_int_equal(time_exceeded(f, datagram(f, HOST_B, 0xffffffff, 0,
						   VN_ICMP_ECHO, 84)), 0);
	assert_int_equal(time_exceeded(f, datagram(f, HOST_B, 0xe0000005, 0,
						   VN_ICMP_ECHO, 84)), 0);
	b = datagram(f, HOST_B, 0x08080808, 0, VN_ICMP_ECHO, 84);
	b->pkt_type = VN_PKT_BROADCAST;
	assert_int_equal(time_exceeded(f, b), 0);
	/* ... or from an address nobody can be told at. */
	assert_int_equal(time_exceeded(f, datagram(f, 0, 0x08080808, 0,
						   VN_ICMP_ECHO, 84)), 0);
	assert_int_equal(time_exceeded(f, datagram(f, 0xe0000005, 0x08080808,
						   0, VN_ICMP_ECHO, 84)), 0);
}

static void test_icmp_error_quote_and_source(void **state)
{
	struct ifix *f = *state;

	/* At most 576 bytes in all. */
	assert_int_equal(time_exceeded(f, datagram(f, HOST_B, 0x08080808, 0,
						   VN_ICMP_ECHO, 1400)), 1);
	assert_int_equal(f->len, 576);
	assert_int_equal(time_exceeded(f, datagram(f, HOST_B, 0x08080808, 0,
						   VN_ICMP_ECHO, 100)), 1);
	assert_int_equal(f->len, 20 + 8 + 100);
	/* About a datagram for us: the address it was sent to. */
	assert_int_equal(send_about(f, datagram(f, HOST_B, HOST_A, 0,
						VN_IPPROTO_UDP_FOR_TEST, 84),
				    VN_ICMP_DEST_UNREACH,
				    VN_ICMP_PROT_UNREACH), 1);
	assert_int_equal(f->src, HOST_A);
	assert_int_equal(f->code, VN_ICMP_PROT_UNREACH);
}

static void test_icmp_peer_rate_limit(void **state)
{
	struct ifix *f = *state;
	int sent = 0;

	/* A new peer starts with 6 s of tokens; each error costs 1 s. */
	for (int i = 0; i < 10; i++)
		sent += time_exceeded(f, datagram(f, HOST_B, 0x08080808, 0,
						  VN_ICMP_ECHO, 84));
	assert_int_equal(sent, 6);
	vn_test_exec_ok(f->t, "sleep 1");
	sent = 0;
	for (int i = 0; i < 3; i++)
		sent += time_exceeded(f, datagram(f, HOST_B, 0x08080808, 0,
						  VN_ICMP_ECHO, 84));
	assert_int_equal(sent, 1);
	/* Another peer has its own bucket. */
	assert_int_equal(time_exceeded(f, datagram(f, 0x0a000003, 0x08080808,
						   0, VN_ICMP_ECHO, 84)), 1);
	/* "Fragmentation needed" is never limited (PMTU discovery). */
	sent = 0;
	for (int i = 0; i < 10; i++)
		sent += send_about(f, datagram(f, HOST_B, 0x08080808, 0,
					       VN_ICMP_ECHO, 84),
				   VN_ICMP_DEST_UNREACH, VN_ICMP_FRAG_NEEDED);
	assert_int_equal(sent, 10);
	/* icmp_ratelimit 0 turns the per-peer limit off. */
	f->inet->icmp_ratelimit = 0;
	sent = 0;
	for (int i = 0; i < 10; i++)
		sent += time_exceeded(f, datagram(f, HOST_B, 0x08080808, 0,
						  VN_ICMP_ECHO, 84));
	assert_int_equal(sent, 10);
}

static void test_icmp_global_rate_limit(void **state)
{
	struct ifix *f = *state;
	int sent = 0;

	f->inet->icmp_ratelimit = 0;
	f->inet->icmp_msgs_burst = 20;
	f->inet->icmp_msgs_per_sec = 100;
	f->inet->icmp_tokens = 20;
	for (int i = 0; i < 30; i++)
		sent += time_exceeded(f, datagram(f, HOST_B, 0x08080808, 0,
						  VN_ICMP_ECHO, 84));
	assert_int_equal(sent, 20);
	/* Refills only in steps of at least HZ/50 (20 ms) ... */
	vn_test_exec_ok(f->t, "sleep 0.01");
	assert_int_equal(time_exceeded(f, datagram(f, HOST_B, 0x08080808, 0,
						   VN_ICMP_ECHO, 84)), 0);
	/* ... at icmp_msgs_per_sec: 50 ms buys 5. */
	vn_test_exec_ok(f->t, "sleep 0.04");
	sent = 0;
	for (int i = 0; i < 30; i++)
		sent += time_exceeded(f, datagram(f, HOST_B, 0x08080808, 0,
						  VN_ICMP_ECHO, 84));
	assert_int_equal(sent, 5);
	/* Errors about datagrams that came in on lo skip the global limit
	 * (and, going to ourselves, the peer one): they stay inside. */
	{
		uint64_t before = f->inet->stats.icmp_out_msgs;
		struct vn_buf *b = datagram(f, HOST_A, 0x08080808, 0,
					    VN_ICMP_ECHO, 84);

		b->dev = vn_dev_lookup(f->inet->devs, "lo");
		assert_int_equal(time_exceeded(f, b), 0);
		assert_int_equal(f->inet->stats.icmp_out_msgs, before + 1);
		b = datagram(f, HOST_A, 0x08080808, 0, VN_ICMP_ECHO, 84);
		assert_int_equal(time_exceeded(f, b), 0);
		assert_int_equal(f->inet->stats.icmp_out_msgs, before + 1);
	}
}

/* ip_error(): one per second, bursts of five, on top of the ICMP limit. */
static void test_icmp_ip_error_account(void **state)
{
	struct ifix *f = *state;
	int allowed = 0;

	for (int i = 0; i < 8; i++)
		allowed += vn_icmp_ip_error_allow(f->inet, HOST_B);
	assert_int_equal(allowed, 5);
	vn_test_exec_ok(f->t, "sleep 2");
	allowed = 0;
	for (int i = 0; i < 8; i++)
		allowed += vn_icmp_ip_error_allow(f->inet, HOST_B);
	assert_int_equal(allowed, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_icmp_error_rules),
		T(test_icmp_error_quote_and_source),
		T(test_icmp_peer_rate_limit),
		T(test_icmp_global_rate_limit),
		T(test_icmp_ip_error_account),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
