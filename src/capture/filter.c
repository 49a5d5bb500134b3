// SPDX-License-Identifier: MIT
/*
 * capture/filter.c - capture filters compiled and run by libpcap.
 *
 * A capture on a device checks each frame with vn_filter_match() before
 * printing or writing it, as the kernel's socket filter does for tcpdump.
 * libpcap compiles the expression to classic BPF for a dead
 * DLT_EN10MB handle (what tcpdump -i on an Ethernet device gets) and
 * pcap_offline_filter() interprets it; both are libpcap 1.10's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>

#include "capture/filter.h"

static bool is_blank(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

int vn_filter_compile(struct vn_filter *f, const char *expr, char *errbuf,
		      size_t errsize)
{
	pcap_t *p;
	int ret = 0;

	memset(f, 0, sizeof(*f));
	if (errbuf && errsize)
		errbuf[0] = '\0';
	if (!expr || is_blank(expr))
		return 0;
	p = pcap_open_dead(DLT_EN10MB, 262144);
	if (!p) {
		if (errbuf && errsize)
			snprintf(errbuf, errsize, "pcap_open_dead failed");
		return -ENOMEM;
	}
	/* tcpdump: optimise, netmask unknown (PCAP_NETMASK_UNKNOWN). */
	if (pcap_compile(p, &f->prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		if (errbuf && errsize)
			snprintf(errbuf, errsize, "%s", pcap_geterr(p));
		ret = -EINVAL;
	} else {
		f->compiled = true;
	}
	pcap_close(p);
	return ret;
}

bool vn_filter_match(const struct vn_filter *f, const uint8_t *frame,
		     size_t len)
{
	struct pcap_pkthdr h = {
		.caplen = (bpf_u_int32)len,
		.len = (bpf_u_int32)len,
	};

	if (!f->compiled)
		return true;
	return pcap_offline_filter(&f->prog, &h, frame) != 0;
}

void vn_filter_free(struct vn_filter *f)
{
	if (f->compiled)
		pcap_freecode(&f->prog);
	f->compiled = false;
}
