// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_arp.c - ARP input (inet/arp.c, inet/neigh.c).
 *
 * World: namespaces a (eth0 10.0.0.1/24 and 10.0.0.3/24) and b (eth0
 * 10.0.0.2/24) joined by a veth pair.  The input is a header byte and a
 * sequence of ARP messages, each received on a's eth0 with a chosen
 * destination MAC and followed by some virtual time, so replies reach b,
 * neighbour timers run, and entries age.  Header bits: 0-1 destination
 * (broadcast, a's MAC, another unicast, multicast), 2 arp_accept, 3-4
 * arp_ignore, 5 a ping from a to 10.0.0.2 first (an INCOMPLETE entry
 * with a queued packet), 6 eth0 NOARP.
 *
 * Message: length (1 byte, up to 63), delay (1 byte, units of 20 ms),
 * then the ARP bytes (starting at the hardware type).
 */
/* Before fuzz.h: wire/ipv4.h #defines the names this header's enum uses. */
#include "vnet/socket.h"

#include "fuzz.h"
#include "inet/inet.h"

static const uint8_t other[6] = { 0x02, 0x55, 0x55, 0x55, 0x55, 0x55 };
static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void ping_once(struct vn_netns *ns, uint32_t dst)
{
	struct vn_sockaddr to = { .addr = dst };
	uint8_t echo[16] = { 8 };
	struct vn_sock *s;

	if (vn_socket(ns, VN_SOCK_DGRAM, VN_IPPROTO_ICMP, &s))
		abort();
	vn_sock_sendto(s, echo, sizeof(echo), &to);
	vn_sock_close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	struct fz_world w;
	struct vn_dev *eth0;
	uint8_t flags;
	const uint8_t *dst;

	fz_world_init(&w);
	fz_exec(&w, "ip netns add a");
	fz_exec(&w, "ip netns add b");
	fz_exec(&w, "ip -n a link add eth0 type veth peer name eth0 netns b");
	fz_exec(&w, "ip -n a addr add 10.0.0.1/24 dev eth0");
	fz_exec(&w, "ip -n a addr add 10.0.0.3/24 dev eth0");
	fz_exec(&w, "ip -n b addr add 10.0.0.2/24 dev eth0");
	fz_exec(&w, "ip -n a link set eth0 up");
	fz_exec(&w, "ip -n b link set eth0 up");
	eth0 = fz_dev(&w, "a", "eth0");

	flags = fz_u8(&in);
	switch (flags & 3) {
	case 0:
		dst = bcast;
		break;
	case 1:
		dst = eth0->mac;
		break;
	case 2:
		dst = other;
		break;
	default:
		dst = mcast;
		break;
	}
	eth0->in->conf.arp_accept = flags & 4;
	eth0->in->conf.arp_ignore = (flags >> 3) & 3;
	if (flags & 32)
		ping_once(fz_netns(&w, "a"), 0x0a000002);
	if (flags & 64)
		fz_exec(&w, "ip -n a link set eth0 arp off");

	while (in.n) {
		size_t len = fz_u8(&in) & 63;
		vn_time delay = (vn_time)fz_u8(&in) * 20 * VN_MSEC;
		const uint8_t *p;

		len = fz_take(&in, len, &p);
		fz_receive(&w, eth0, dst, other, VN_ETH_P_ARP, p, len);
		fz_run_for(&w, delay);
	}
	fz_run_for(&w, 10 * VN_SEC);
	fz_world_fini(&w);
	return 0;
}
