// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_icmp.c - ICMP input (inet/icmp.c) and what it feeds:
 * echo replies, errors passed to ping sockets (inet/sock.c), and the
 * errors and replies the stack sends back.
 *
 * World: a (eth0 10.0.0.1/24) --- b (eth0 10.0.0.2/24).  In a, two ping
 * sockets: one bound to identifier 0x1234 that has sent an echo to
 * 10.0.0.2, one connected to 10.0.0.9 (no answer: its ARP fails and
 * "host unreachable" comes back).  The input is a sequence of ICMP
 * messages; each is wrapped in a valid IPv4 header and received on a's
 * eth0, then some virtual time passes.  At the end both sockets are read
 * dry (data and error queues) and closed.
 *
 * Message: flags (bits 0-1 source: 10.0.0.2, 10.0.0.9, 10.0.0.1, 0.0.0.0;
 * bits 2-3 destination: 10.0.0.1, 10.0.0.255, 224.0.0.1, 10.0.0.77;
 * bit 4 fix the ICMP checksum; bit 5 set DF; bit 6 Ethernet broadcast),
 * TTL, length (2 bytes, up to 1480), delay (units of 50 ms), the bytes.
 */
/* Before fuzz.h: wire/ipv4.h #defines the names this header's enum uses. */
#include "vnet/socket.h"

#include "fuzz.h"
#include "wire/icmp.h"

static const uint8_t b_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void drain(struct vn_sock *s)
{
	struct vn_recv_info info;
	struct vn_sock_err err;
	uint8_t buf[2048];

	while (vn_sock_recvfrom(s, buf, sizeof(buf), &info) >= 0)
		;
	while (vn_sock_recv_err(s, &err) == 0)
		;
	/* A short read truncates, as recvfrom() does. */
	(void)vn_sock_poll(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t srcs[4] = { 0x0a000002, 0x0a000009, 0x0a000001,
					  0 };
	static const uint32_t dsts[4] = { 0x0a000001, 0x0a0000ff, 0xe0000001,
					  0x0a00004d };
	struct vn_sockaddr bind_to = { .port = 0x1234 };
	struct vn_sockaddr peer = { .addr = 0x0a000002 };
	struct vn_sockaddr nobody = { .addr = 0x0a000009 };
	uint8_t echo[24] = { VN_ICMP_ECHO };
	struct fz_in in = { data, size };
	static uint8_t pkt[1500];
	struct vn_sock *s1, *s2;
	struct vn_dev *eth0;
	struct vn_netns *a;
	struct fz_world w;
	uint16_t id = 0;

	fz_world_init(&w);
	fz_exec(&w, "ip netns add a");
	fz_exec(&w, "ip netns add b");
	fz_exec(&w, "ip -n a link add eth0 type veth peer name eth0 netns b");
	fz_exec(&w, "ip -n b link set eth0 address 02:00:00:00:00:02");
	fz_exec(&w, "ip -n a addr add 10.0.0.1/24 dev eth0");
	fz_exec(&w, "ip -n b addr add 10.0.0.2/24 dev eth0");
	fz_exec(&w, "ip -n a link set eth0 up");
	fz_exec(&w, "ip -n b link set eth0 up");
	a = fz_netns(&w, "a");
	eth0 = fz_dev(&w, "a", "eth0");
	if (vn_socket(a, VN_SOCK_DGRAM, VN_IPPROTO_ICMP, &s1) ||
	    vn_socket(a, VN_SOCK_DGRAM, VN_IPPROTO_ICMP, &s2) ||
	    vn_sock_bind(s1, &bind_to) || vn_sock_connect(s2, &nobody))
		abort();
	vn_sock_sendto(s1, echo, sizeof(echo), &peer);
	vn_sock_sendto(s2, echo, sizeof(echo), NULL);
	fz_run_for(&w, 10 * VN_MSEC);

	while (in.n) {
		uint8_t f = fz_u8(&in);
		uint8_t ttl = fz_u8(&in);
		size_t len = fz_u16(&in) % (sizeof(pkt) - VN_IPV4_HLEN + 1);
		vn_time delay = (vn_time)fz_u8(&in) * 50 * VN_MSEC;
		struct vn_ipv4_repr ip = {
			.ttl = ttl,
			.proto = VN_IPPROTO_ICMP,
			.id = id++,
			.frag = f & 32 ? VN_IP_DF : 0,
			.src = srcs[f & 3],
			.dst = dsts[(f >> 2) & 3],
		};
		const uint8_t *p;

		len = fz_take(&in, len, &p);
		ip.payload_len = (uint16_t)len;
		vn_ipv4_emit(pkt, &ip);
		memcpy(pkt + VN_IPV4_HLEN, p, len);
		if (f & 16)
			fz_fix_ipv4(pkt, VN_IPV4_HLEN + len, true);
		fz_receive(&w, eth0, f & 64 ? bcast : eth0->mac, b_mac,
			   VN_ETH_P_IP, pkt, VN_IPV4_HLEN + len);
		fz_run_for(&w, delay);
	}
	fz_run_for(&w, 5 * VN_SEC);
	drain(s1);
	drain(s2);
	vn_sock_close(s1);
	vn_sock_close(s2);
	fz_world_fini(&w);
	return 0;
}
