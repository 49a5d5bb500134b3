// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_ipv4.c - IPv4 input, forwarding, fragmentation and
 * reassembly (inet/ipv4_in.c, ipv4_out.c, reasm.c, and the ICMP errors
 * they send).
 *
 * World: a router r with eth0 10.0.0.1/24 (peer h, 10.0.0.2) and eth1
 * 10.0.1.1/24 with MTU 576 (peer k, 10.0.1.2, MTU 576), so forwarded
 * datagrams get fragmented or refused with "fragmentation needed"; h and
 * k route through r, so answers come back.
 * The input is a header byte (bit 0: forwarding on) and a sequence of
 * datagrams received on r's eth0, each followed by some virtual time so
 * reassembly queues expire (30 s).
 *
 * Datagram: flags (bit 0 fix the header checksum, bit 1 also the ICMP
 * checksum, bit 2 broadcast MAC, bit 3 another host's MAC), length (2
 * bytes, up to 1600), delay (1 byte, units of 200 ms), then the bytes
 * from the IPv4 header on.
 *
 * With flag bit 4 the datagram is a fragment the harness builds, so the
 * fuzzer can play with reassembly geometry directly: flags, then id (1
 * byte), fragment field (2 bytes: MF, DF, offset in 8-byte units),
 * payload length (2 bytes, up to 1480), protocol and destination (1 byte:
 * bit 0 UDP else ICMP, bit 1 k (forwarded) else r), delay.
 */
#include "fuzz.h"
#include "inet/inet.h"

static const uint8_t h_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
static const uint8_t other[6] = { 0x02, 0x55, 0x55, 0x55, 0x55, 0x55 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* A fragment from h to r or k, described by the input; returns its size. */
static size_t make_fragment(uint8_t *pkt, struct fz_in *in)
{
	uint8_t id = fz_u8(in);
	uint16_t frag = fz_u16(in);
	size_t len = fz_u16(in) % 1481;
	uint8_t how = fz_u8(in);
	struct vn_ipv4_repr r = {
		.ttl = 64,
		.proto = how & 1 ? VN_IPPROTO_UDP : VN_IPPROTO_ICMP,
		.id = id,
		.frag = frag & (VN_IP_MF | VN_IP_DF | VN_IP_OFFMASK),
		.src = 0x0a000002,
		.dst = how & 2 ? 0x0a000102 : 0x0a000001,
		.payload_len = (uint16_t)len,
	};

	/* A recognisable pattern: byte i of the datagram is its offset. */
	for (size_t i = 0; i < len; i++)
		pkt[VN_IPV4_HLEN + i] =
			(uint8_t)((frag & VN_IP_OFFMASK) * 8 + i);
	vn_ipv4_emit(pkt, &r);
	return VN_IPV4_HLEN + len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	static uint8_t pkt[1600];
	struct vn_dev *eth0, *eth1;
	struct fz_world w;
	uint8_t flags;

	fz_world_init(&w);
	fz_exec(&w, "ip netns add r");
	fz_exec(&w, "ip netns add h");
	fz_exec(&w, "ip netns add k");
	fz_exec(&w, "ip -n r link add eth0 type veth peer name eth0 netns h");
	fz_exec(&w, "ip -n r link add eth1 type veth peer name eth0 netns k");
	fz_exec(&w, "ip -n h link set eth0 address 02:00:00:00:00:02");
	fz_exec(&w, "ip -n r link set eth1 mtu 576");
	fz_exec(&w, "ip -n k link set eth0 mtu 576");
	fz_exec(&w, "ip -n r addr add 10.0.0.1/24 dev eth0");
	fz_exec(&w, "ip -n r addr add 10.0.1.1/24 dev eth1");
	fz_exec(&w, "ip -n h addr add 10.0.0.2/24 dev eth0");
	fz_exec(&w, "ip -n k addr add 10.0.1.2/24 dev eth0");
	fz_exec(&w, "ip -n r link set eth0 up");
	fz_exec(&w, "ip -n r link set eth1 up");
	fz_exec(&w, "ip -n h link set eth0 up");
	fz_exec(&w, "ip -n k link set eth0 up");
	fz_exec(&w, "ip -n h route add default via 10.0.0.1");
	fz_exec(&w, "ip -n k route add default via 10.0.1.1");
	eth0 = fz_dev(&w, "r", "eth0");
	eth1 = fz_dev(&w, "r", "eth1");

	flags = fz_u8(&in);
	if ((flags & 1) &&
	    fz_try_exec(&w, "ip netns exec r sysctl -qw net.ipv4.ip_forward=1")) {
		/* No sysctl command yet: what ip_forward=1 sets. */
		fz_netns(&w, "r")->inet.conf_all.forwarding = 1;
		eth0->in->conf.forwarding = 1;
		eth1->in->conf.forwarding = 1;
	}
	while (in.n) {
		uint8_t pf = fz_u8(&in);
		const uint8_t *dst = eth0->mac, *p;
		vn_time delay;
		size_t len;

		if (pf & 16) {
			len = make_fragment(pkt, &in);
			delay = (vn_time)fz_u8(&in) * 200 * VN_MSEC;
		} else {
			len = fz_u16(&in) % (sizeof(pkt) + 1);
			delay = (vn_time)fz_u8(&in) * 200 * VN_MSEC;
			len = fz_take(&in, len, &p);
			memcpy(pkt, p, len);
			if (pf & 3)
				fz_fix_ipv4(pkt, len, pf & 2);
		}
		if (pf & 4)
			dst = bcast;
		else if (pf & 8)
			dst = other;
		fz_receive(&w, eth0, dst, h_mac, VN_ETH_P_IP, pkt, len);
		fz_run_for(&w, delay);
	}
	fz_run_for(&w, 40 * VN_SEC);
	fz_world_fini(&w);
	return 0;
}
