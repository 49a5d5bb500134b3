// SPDX-License-Identifier: MIT
/*
 * bench/bench-l2fwd.c - layer-2 forwarding rate of the in-process path.
 *
 * Topology (root namespace of one engine):
 *
 *   a0 ~ [p0]--br0--[p1] ~ a1        (veth pairs a0/p0 and a1/p1)
 *
 * Frames of 64 bytes on the wire (60 without FCS) are put on a0's
 * transmit side in bursts; they cross the veth to p0, the bridge forwards
 * them to p1 by an fdb lookup, p1's veth hands them to a1, where the
 * namespace drops them (unknown EtherType).  The null figure sends the
 * same frames over the same hops, c0 ~ q0 => q1 ~ c1, where q0's rx
 * handler passes every frame straight to q1 (a patch cable, no learning,
 * no lookup): only buffer hand-off, the ceiling of this design.  Printed:
 *   nullfwd_mpps=   the same hops, hand-off only
 *   l2fwd_mpps=     through the bridge, 2 learned MACs
 *   l2fwd_10k_mpps= through the bridge, 10,000 learned MACs, destinations
 *                   spread over all of them (cache misses in the fdb)
 *   macvlan_bridge_mpps=  child to child of one parent in bridge mode:
 *                   m0 => m1, no learning, one table lookup, one backlog
 *                   hop (with no capture on the parent ml0 the frame
 *                   skips its receive path, which dev_forward_skb() would
 *                   take; see dev/macvlan.c)
 *   bridge_vlan_mpps=     through a VLAN-filtering bridge br1, from an
 *                   access port (untagged in, PVID 10) to a trunk (tag 10
 *                   inserted on the way out): b0 ~ [vp0]--br1--[vp1] ~ b1
 * Each figure is the best of five runs of at least 0.3 s, and is printed
 * only if every frame sent arrived (the receiving device's counter).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dev/bridge.h"
#include "dev/macvlan.h"
#include "dev/veth.h"
#include "dev/vlan.h"
#include "engine.h"

#define BURST 32
#define FRAME_LEN 60

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct vn_dev *dev_of(struct vn_engine *e, const char *name)
{
	struct vn_dev *dev = vn_dev_lookup(&e->root->devs, name);

	if (!dev) {
		fprintf(stderr, "bench: no device %s\n", name);
		exit(1);
	}
	return dev;
}

static void mac_of(uint32_t i, uint8_t *mac)
{
	mac[0] = 0x02;
	mac[1] = 0x00;
	mac[2] = (uint8_t)(i >> 24);
	mac[3] = (uint8_t)(i >> 16);
	mac[4] = (uint8_t)(i >> 8);
	mac[5] = (uint8_t)i;
}

static void send_frame(struct vn_engine *e, struct vn_dev *from,
		       const uint8_t *dst, const uint8_t *src)
{
	struct vn_buf *buf = vn_buf_alloc(e->env.pool, FRAME_LEN);
	uint8_t *p;

	if (!buf) {
		fprintf(stderr, "bench: pool exhausted\n");
		exit(1);
	}
	p = vn_buf_put(buf, FRAME_LEN);
	memset(p, 0, FRAME_LEN);
	vn_eth_emit(p, dst, src, 0x88b5);	/* local experimental */
	vn_dev_xmit(from, buf);
}

/* Sends bursts for at least @secs; returns frames per second. */
static double run(struct vn_engine *e, struct vn_dev *from,
		  const uint8_t *src, uint32_t n_dst, double secs)
{
	uint8_t dst[VN_ETH_ALEN];
	uint64_t sent = 0;
	uint32_t next = 0;
	double t0 = now_s(), t;

	do {
		for (int k = 0; k < 256; k++) {
			for (int i = 0; i < BURST; i++) {
				mac_of(0x100000 + next, dst);
				if (++next == n_dst)
					next = 0;
				send_frame(e, from, dst, src);
			}
			vn_engine_settle(e);
			sent += BURST;
		}
		t = now_s();
	} while (t - t0 < secs);
	return (double)sent / (t - t0);
}

/*
 * Best of five runs; exits if any frame failed to arrive at @to, so a
 * figure is never printed for frames that were dropped or flooded.
 */
static double best_of(struct vn_engine *e, struct vn_dev *from,
		      struct vn_dev *to, const uint8_t *src, uint32_t n_dst)
{
	double best = 0;

	for (int i = 0; i < 5; i++) {
		uint64_t rx0 = to->stats.rx_packets;
		uint64_t tx0 = from->stats.tx_packets;
		double r = run(e, from, src, n_dst, 0.3);

		if (to->stats.rx_packets - rx0 != from->stats.tx_packets - tx0) {
			fprintf(stderr, "bench: %s sent %llu, %s got %llu\n",
				from->name,
				(unsigned long long)(from->stats.tx_packets - tx0),
				to->name,
				(unsigned long long)(to->stats.rx_packets - rx0));
			exit(1);
		}
		if (r > best)
			best = r;
	}
	return best;
}

static struct vn_dev *patch_peer;

static enum vn_rx_result patch(struct vn_buf **pbuf)
{
	vn_dev_xmit(patch_peer, *pbuf);
	return VN_RX_CONSUMED;
}

static void up(struct vn_dev *dev)
{
	vn_dev_open(dev, NULL);
}

/* Teaches the bridge that @n MACs live behind a1 (learned from frames). */
static void learn(struct vn_engine *e, struct vn_dev *a1, uint32_t n)
{
	static const uint8_t bcast[VN_ETH_ALEN] = { 0xff, 0xff, 0xff,
						    0xff, 0xff, 0xff };
	uint8_t src[VN_ETH_ALEN];

	for (uint32_t i = 0; i < n; i++) {
		mac_of(0x100000 + i, src);
		send_frame(e, a1, bcast, src);
		if (i % BURST == 0)
			vn_engine_settle(e);
	}
	vn_engine_settle(e);
}

/*
 * Teaches the VLAN bridge that @mac lives behind its trunk in VLAN 10: a
 * tagged broadcast from the trunk's peer b1.
 */
static void learn_vlan(struct vn_engine *e, struct vn_dev *b1,
		       const uint8_t *mac)
{
	static const uint8_t bcast[VN_ETH_ALEN] = { 0xff, 0xff, 0xff,
						    0xff, 0xff, 0xff };
	struct vn_buf *buf = vn_buf_alloc(e->env.pool, FRAME_LEN);
	uint8_t *p;

	if (!buf || !(p = vn_buf_put(buf, FRAME_LEN - VN_VLAN_HLEN))) {
		fprintf(stderr, "bench: pool exhausted\n");
		exit(1);
	}
	memset(p, 0, FRAME_LEN - VN_VLAN_HLEN);
	vn_eth_emit(p, bcast, mac, 0x88b5);
	if (vn_vlan_push_tag(buf, VN_ETH_P_8021Q, 10)) {
		fprintf(stderr, "bench: cannot tag\n");
		exit(1);
	}
	vn_dev_xmit(b1, buf);
	vn_engine_settle(e);
}

/* A VLAN-filtering bridge: vp0 access port of VLAN 10, vp1 its trunk. */
static struct vn_dev *vlan_bridge(struct vn_engine *e, struct vn_dev **b0,
				  struct vn_dev **b1)
{
	struct vn_devspace *s = &e->root->devs;
	struct vn_bridge_opts opts = { .set = VN_BROPT_VLAN_FILTERING,
				       .vlan_filtering = 1 };
	struct vn_dev *br, *vp0, *vp1;
	struct vn_bridge *b;

	vn_bridge_create(s, "br1", &br, NULL);
	vn_veth_create(s, "b0", s, "vp0", NULL, NULL);
	vn_veth_create(s, "b1", s, "vp1", NULL, NULL);
	*b0 = dev_of(e, "b0");
	*b1 = dev_of(e, "b1");
	vp0 = dev_of(e, "vp0");
	vp1 = dev_of(e, "vp1");
	vn_dev_set_master(vp0, br, NULL);
	vn_dev_set_master(vp1, br, NULL);
	b = vn_bridge_of(br);
	vn_br_vlan_del(b, vn_br_port_of(vp0), 1);
	vn_br_vlan_del(b, vn_br_port_of(vp1), 1);
	vn_br_vlan_add(b, vn_br_port_of(vp0), 10,
		       VN_BR_VLAN_PVID | VN_BR_VLAN_UNTAGGED, NULL);
	vn_br_vlan_add(b, vn_br_port_of(vp1), 10, 0, NULL);
	vn_bridge_change(b, &opts, NULL);
	up(br);
	up(*b0);
	up(*b1);
	up(vp0);
	up(vp1);
	return br;
}

/* Two bridge-mode children of a veth end ml0; m1 owns @m1_mac. */
static void macvlan_pair(struct vn_engine *e, const uint8_t *m1_mac,
			 struct vn_dev **m0, struct vn_dev **m1)
{
	struct vn_devspace *s = &e->root->devs;
	struct vn_macvlan_config c = { .mode = VN_MACVLAN_BRIDGE };

	vn_veth_create(s, "ml0", s, "ml1", NULL, NULL);
	up(dev_of(e, "ml0"));
	up(dev_of(e, "ml1"));
	vn_macvlan_create(s, "m0", dev_of(e, "ml0"), &c, m0, NULL);
	c.mac = m1_mac;
	vn_macvlan_create(s, "m1", dev_of(e, "ml0"), &c, m1, NULL);
	up(*m0);
	up(*m1);
}

int main(void)
{
	struct vn_engine_opts opts = { .virtual_time = true, .seed = 1 };
	struct vn_engine *e = vn_engine_create(&opts);
	struct vn_devspace *s = &e->root->devs;
	struct vn_dev *br, *a0, *a1, *p0, *p1, *c0, *c1, *q0, *q1;
	struct vn_dev *m0, *m1, *b0, *b1, *br1;
	uint8_t src[VN_ETH_ALEN], dst0[VN_ETH_ALEN];
	double null_pps, l2_pps, l2k_pps, mv_pps, vlan_pps;

	if (!e)
		return 1;
	vn_bridge_create(s, "br0", &br, NULL);
	vn_veth_create(s, "a0", s, "p0", NULL, NULL);
	vn_veth_create(s, "a1", s, "p1", NULL, NULL);
	vn_veth_create(s, "c0", s, "q0", NULL, NULL);
	vn_veth_create(s, "c1", s, "q1", NULL, NULL);
	a0 = dev_of(e, "a0");
	a1 = dev_of(e, "a1");
	p0 = dev_of(e, "p0");
	p1 = dev_of(e, "p1");
	c0 = dev_of(e, "c0");
	c1 = dev_of(e, "c1");
	q0 = dev_of(e, "q0");
	q1 = dev_of(e, "q1");
	patch_peer = q1;
	vn_dev_rx_handler_register(q0, patch, NULL);
	vn_dev_set_master(p0, br, NULL);
	vn_dev_set_master(p1, br, NULL);
	up(br);
	up(a0);
	up(a1);
	up(p0);
	up(p1);
	up(c0);
	up(c1);
	up(q0);
	up(q1);
	mac_of(0x42, src);

	null_pps = best_of(e, c0, c1, src, 1);
	learn(e, a1, 1);
	l2_pps = best_of(e, a0, a1, src, 1);
	learn(e, a1, 10000);
	l2k_pps = best_of(e, a0, a1, src, 10000);

	/* The destination run() uses for one MAC is mac_of(0x100000). */
	mac_of(0x100000, dst0);
	macvlan_pair(e, dst0, &m0, &m1);
	mv_pps = best_of(e, m0, m1, m0->mac, 1);
	br1 = vlan_bridge(e, &b0, &b1);
	learn_vlan(e, b1, dst0);
	vlan_pps = best_of(e, b0, b1, src, 1);

	printf("nullfwd_mpps=%.2f\n", null_pps / 1e6);
	printf("l2fwd_mpps=%.2f\n", l2_pps / 1e6);
	printf("l2fwd_10k_mpps=%.2f\n", l2k_pps / 1e6);
	printf("l2fwd_vs_null=%.2f\n", l2_pps / null_pps);
	printf("fdb_learned=%u\n", vn_bridge_of(br)->fdb.n_learned);
	printf("macvlan_bridge_mpps=%.2f\n", mv_pps / 1e6);
	printf("macvlan_vs_l2fwd=%.2f\n", mv_pps / l2_pps);
	printf("bridge_vlan_mpps=%.2f\n", vlan_pps / 1e6);
	printf("bridge_vlan_fdb_learned=%u\n",
	       vn_bridge_of(br1)->fdb.n_learned);
	vn_engine_destroy(e);
	return 0;
}
