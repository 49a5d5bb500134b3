/* SPDX-License-Identifier: MIT */
/*
 * capture/filter.h - capture filter expressions ("icmp and host 10.0.0.1").
 *
 * The `tcpdump` command takes the same expressions as tcpdump, so they are
 * compiled by libpcap itself (pcap_compile() on a dead Ethernet handle)
 * and run with pcap_offline_filter(): no second filter language to keep
 * in step, and error messages are libpcap's own.
 */
#ifndef VN_CAPTURE_FILTER_H
#define VN_CAPTURE_FILTER_H

#include <pcap/pcap.h>

#include "base/util.h"

struct vn_filter {
	struct bpf_program prog;
	bool compiled;		/* false: empty expression, matches all */
};

/**
 * vn_filter_compile() - compile a tcpdump filter expression
 * @f: the filter; initialised by this call, release with vn_filter_free()
 * @expr: the expression; NULL or only blanks matches every frame
 * @errbuf: receives libpcap's message on failure (may be NULL)
 * @errsize: bytes at @errbuf
 *
 * The expression is compiled for LINKTYPE_ETHERNET with snaplen 262144
 * and optimisation on, as tcpdump does.  On failure @errbuf holds what
 * tcpdump prints after "tcpdump: ", e.g. "syntax error in filter
 * expression: syntax error".
 *
 * Context: control path; allocates (libpcap).
 * Return: 0, -EINVAL for a bad expression, -ENOMEM.
 */
int vn_filter_compile(struct vn_filter *f, const char *expr, char *errbuf,
		      size_t errsize);

/**
 * vn_filter_match() - run a compiled filter on one frame
 * @f: the filter
 * @frame: the frame from its Ethernet header
 * @len: its length (captured and on the wire)
 *
 * Context: packet path; no allocation, reads only [frame, frame+len).
 * Return: whether the frame passes.
 */
bool vn_filter_match(const struct vn_filter *f, const uint8_t *frame,
		     size_t len);

/* Frees the program; the filter then matches everything. */
void vn_filter_free(struct vn_filter *f);

#endif
