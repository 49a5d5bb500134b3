/* SPDX-License-Identifier: MIT */
/*
 * inet/reasm.h - IPv4 reassembly (net/ipv4/ip_fragment.c).
 *
 * Theory of operation: a queue per (source, destination, id, protocol),
 * holding fragments sorted by offset.  Any overlap discards the whole
 * datagram, as Linux does since 4.19 (RFC 5722 reasoning applied to IPv4).
 * A queue lives ipfrag_time (30 s); when it expires with its first
 * fragment received, ICMP "fragment reassembly time exceeded" goes to the
 * sender.  Memory: the bytes held by all queues are bounded by
 * high_thresh (4 MiB); past it new fragments are dropped (FRAG_LIMIT) and
 * the oldest queues evicted down to low_thresh (3 MiB).  A reassembled
 * datagram over 65535 bytes is dropped (FRAG_TOO_BIG).
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
	uint64_t high_thresh, low_thresh;
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
