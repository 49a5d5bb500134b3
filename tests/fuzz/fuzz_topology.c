// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_topology.c - arbitrary frames into a small network, with
 * the engine running: bridge forwarding and learning, ARP, IPv4 input and
 * forwarding, ICMP, timers.
 *
 *   h1 eth0 10.0.0.1 --- p1 \
 *   h2 eth0 10.0.0.2 --- p2 -- br0 10.0.0.254 (sw) r1 10.0.1.254 --- h3 eth0
 *   inj x0 (no address) - p3 /                                       10.0.1.3
 *
 * Everything is configured with the commands a script would use.  The
 * input is a header byte and a sequence of Ethernet frames, each sent
 * from one of the wires and followed by some virtual time; at the end
 * the network runs for 400 virtual seconds (fdb and neighbour ageing).
 *
 * Header: bit 0 forwarding in sw, bit 1 bridge ageing 0, bit 2 h1 pings
 * h2 and the bridge first, bit 3 p2 isolated from p3.  Then frames and
 * events.  Frame: selector (bits 0-1 sent on x0, on h3's eth0, on h2's
 * eth0, or on p1 towards h1; bit 2 fix IPv4/ICMP checksums; bit 3 source
 * MAC is x0's), length (2 bytes, up to 1518), delay (units of 10 ms), the
 * bytes from the destination MAC on.  Event: selector with bit 4 set,
 * then an index into events[] (ports down, nomaster, MTU and MAC changes,
 * addresses removed, a device moved or deleted, a namespace deleted).
 */
/* Before fuzz.h: wire/ipv4.h #defines the names this header's enum uses. */
#include "vnet/socket.h"

#include "fuzz.h"
#include "wire/icmp.h"

static const char *const setup[] = {
	"ip netns add h1",
	"ip netns add h2",
	"ip netns add h3",
	"ip netns add sw",
	"ip netns add inj",
	"ip -n sw link add br0 type bridge",
	"ip -n h1 link add eth0 type veth peer name p1 netns sw",
	"ip -n h2 link add eth0 type veth peer name p2 netns sw",
	"ip -n inj link add x0 type veth peer name p3 netns sw",
	"ip -n sw link add r1 type veth peer name eth0 netns h3",
	"ip -n h1 link set eth0 address 02:00:00:00:00:01",
	"ip -n h2 link set eth0 address 02:00:00:00:00:02",
	"ip -n h3 link set eth0 address 02:00:00:00:01:03",
	"ip -n inj link set x0 address 02:00:00:00:00:99",
	"ip -n sw link set br0 address 02:00:00:00:00:fe",
	"ip -n sw link set p1 master br0",
	"ip -n sw link set p2 master br0",
	"ip -n sw link set p3 master br0",
	"ip -n sw link set p1 up",
	"ip -n sw link set p2 up",
	"ip -n sw link set p3 up",
	"ip -n sw link set br0 up",
	"ip -n sw link set r1 up",
	"ip -n sw addr add 10.0.0.254/24 dev br0",
	"ip -n sw addr add 10.0.1.254/24 dev r1",
	"ip -n h1 addr add 10.0.0.1/24 dev eth0",
	"ip -n h2 addr add 10.0.0.2/24 dev eth0",
	"ip -n h3 addr add 10.0.1.3/24 dev eth0",
	"ip -n h1 link set eth0 up",
	"ip -n h2 link set eth0 up",
	"ip -n h3 link set eth0 up",
	"ip -n inj link set x0 up",
	"ip -n h1 route add default via 10.0.0.254",
	"ip -n h2 route add default via 10.0.0.254",
	"ip -n h3 route add default via 10.0.1.254",
};

/* Control-path events the input can interleave with its frames. */
static const char *const events[] = {
	"ip -n sw link set p2 down",
	"ip -n sw link set p2 up",
	"ip -n sw link set p3 nomaster",
	"ip -n sw link set p3 master br0",
	"ip -n sw link set br0 down",
	"ip -n sw link set br0 up",
	"ip -n h1 link set eth0 mtu 1280",
	"ip -n h1 link set eth0 address 02:00:00:00:00:11",
	"ip -n h2 addr del 10.0.0.2/24 dev eth0",
	"ip -n h2 addr add 10.0.0.2/24 dev eth0",
	"ip -n sw link set r1 down",
	"ip -n sw link set r1 up",
	"ip -n inj link set x0 netns h2",
	"ip -n sw link del p2",
	"ip -n sw addr flush dev br0",
	"ip netns del h3",
};

static const uint8_t x0_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x99 };

/* Where frames can be sent from; NULL once an event removed it. */
static struct vn_dev *wire(struct fz_world *w, unsigned i)
{
	static const char *const where[4][2] = {
		{ "inj", "x0" }, { "h3", "eth0" }, { "h2", "eth0" },
		{ "sw", "p1" },
	};
	struct vn_netns *ns = vn_engine_netns(w->engine, where[i][0]);

	return ns ? vn_dev_lookup(&ns->devs, where[i][1]) : NULL;
}

static void ping_from(struct vn_netns *ns, uint32_t dst)
{
	struct vn_sockaddr to = { .addr = dst };
	uint8_t echo[16] = { VN_ICMP_ECHO };
	struct vn_sock *s;

	if (vn_socket(ns, VN_SOCK_DGRAM, VN_IPPROTO_ICMP, &s))
		abort();
	vn_sock_sendto(s, echo, sizeof(echo), &to);
	vn_sock_close(s);
}

/* One frame of the input, sent from the wire its selector names. */
static void send_frame(struct fz_world *w, struct fz_in *in, uint8_t sel)
{
	static uint8_t frame[1518];
	size_t len = fz_u16(in) % (sizeof(frame) + 1);
	vn_time delay = (vn_time)fz_u8(in) * 10 * VN_MSEC;
	struct vn_dev *dev = wire(w, sel & 3);
	const uint8_t *p;

	len = fz_take(in, len, &p);
	memcpy(frame, p, len);
	if ((sel & 8) && len >= VN_ETH_HLEN)
		memcpy(frame + VN_ETH_SRC, x0_mac, VN_ETH_ALEN);
	if ((sel & 4) && len >= VN_ETH_HLEN &&
	    vn_eth_type(frame) == VN_ETH_P_IP)
		fz_fix_ipv4(frame + VN_ETH_HLEN, len - VN_ETH_HLEN, true);
	if (dev)
		fz_xmit(w, dev, frame, len);
	fz_run_for(w, delay);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vn_sockaddr id = { .port = 0x1234 };
	struct fz_in in = { data, size };
	struct vn_recv_info info;
	struct vn_sock_err err;
	struct fz_world w;
	uint8_t buf[2048];
	struct vn_sock *s;
	uint8_t flags;

	fz_world_init(&w);
	for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]); i++)
		fz_exec(&w, setup[i]);
	/* A socket that stays open: replies and errors for it get queued. */
	if (vn_socket(fz_netns(&w, "h1"), VN_SOCK_DGRAM, VN_IPPROTO_ICMP, &s) ||
	    vn_sock_bind(s, &id))
		abort();

	flags = fz_u8(&in);
	if ((flags & 1) && fz_try_exec(&w, "ip netns exec sw sysctl -qw "
					   "net.ipv4.ip_forward=1")) {
		/* No sysctl command yet: what ip_forward=1 sets. */
		fz_netns(&w, "sw")->inet.conf_all.forwarding = 1;
		fz_dev(&w, "sw", "br0")->in->conf.forwarding = 1;
		fz_dev(&w, "sw", "r1")->in->conf.forwarding = 1;
	}
	if (flags & 2)
		fz_try_exec(&w, "ip netns exec sw brctl setageing br0 0");
	if (flags & 4) {
		ping_from(fz_netns(&w, "h1"), 0x0a000002);
		ping_from(fz_netns(&w, "h1"), 0x0a0000fe);
	}
	if (flags & 8) {
		fz_try_exec(&w, "ip netns exec sw bridge link set dev p2 isolated on");
		fz_try_exec(&w, "ip netns exec sw bridge link set dev p3 isolated on");
	}

	while (in.n) {
		uint8_t sel = fz_u8(&in);

		/* An event; some fail (done already), which is fine. */
		if (sel & 0x10)
			fz_try_exec(&w, events[fz_u8(&in) % (sizeof(events) /
							 sizeof(events[0]))]);
		else
			send_frame(&w, &in, sel);
	}
	fz_run_for(&w, 400 * VN_SEC);
	while (vn_sock_recvfrom(s, buf, sizeof(buf), &info) >= 0)
		;
	while (vn_sock_recv_err(s, &err) == 0)
		;
	vn_sock_close(s);
	fz_world_fini(&w);
	return 0;
}
