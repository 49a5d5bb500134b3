/* SPDX-License-Identifier: MIT */
/*
 * inet/reasm.h - IPv4 reassembly (net/ipv4/ip_fragment.c).
 *
 * Theory of operation: a queue per (source, destination, id, protocol),
 * holding fragments sorted by offset, as ip_frag_queue() and
 * inet_frag_queue_insert() do since Linux 4.19 (RFC 5722 reasoning
 * applied to IPv4): an exact or contained duplicate is dropped alone, any
 * other overlap discards the whole datagram (and a later fragment of it
 * starts a new queue).  A non-last fragment whose length is not a multiple
 * of 8 is cut down to one; an empty fragment, or one that contradicts the
 * known end, discards the datagram.
 *
 * Timers: a queue lives ipfrag_time (30 s, read when it is created); when
 * it expires with its first fragment received, ICMP "fragment reassembly
 * time exceeded" goes to the sender.
 *
 * Limits: while the bytes held by all queues (block sizes, as skb
 * truesize) exceed high_thresh (4 MiB), every fragment is dropped
 * (FRAG_LIMIT) until queues time out or complete; high_thresh 0 turns
 * reassembly off.  low_thresh only bounds high_thresh from below, as it
 * does on Linux since 4.17.  A datagram that would exceed 65535 bytes
 * fails when complete (FRAG_TOO_BIG).  Not supported: ipfrag_max_dist.
 */
#ifndef VN_INET_REASM_H
#define VN_INET_REASM_H

#include "base/env.h"
#include "base/hash.h"
#include "base/list.h"

struct vn_reasm_queue;

struct vn_reasm {
	struct vn_env *env;
	struct vn_hmap map;
	struct vn_list lru;	/* oldest first */
	uint64_t mem;		/* bytes held */
	uint64_t high_thresh, low_thresh;	/* ipfrag_{high,low}_thresh */
	vn_time timeout;
	uint32_t n_queues;
	uint64_t n_timeouts, n_fails, n_oks;
	/* Called for an expired queue whose first fragment arrived. */
	void (*expired)(struct vn_reasm *r, struct vn_buf *first);
};

void vn_reasm_init(struct vn_reasm *r, struct vn_env *env,
		   void (*expired)(struct vn_reasm *r, struct vn_buf *first));
void vn_reasm_fini(struct vn_reasm *r);

/**
 * vn_reasm_add() - add a fragment (data at its IPv4 header, checked)
 *
 * Context: packet path.  Consumes @buf.
 * Return: the reassembled datagram (data at its IPv4 header, a fresh
 * buffer) once complete, else NULL.
 */
struct vn_buf *vn_reasm_add(struct vn_reasm *r, struct vn_buf *buf);

#endif
