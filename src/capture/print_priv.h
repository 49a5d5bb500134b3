/* SPDX-License-Identifier: MIT */
/*
 * capture/print_priv.h - shared by the files of capture/print*.c only.
 *
 * The printers follow tcpdump's structure (print-ether.c, print-ip.c, ...)
 * so that its output can be matched case by case, but not its machinery:
 * instead of longjmp() out of a truncated read, every read goes through
 * cap_get*(), which checks the bounds, and a failed read prints tcpdump's
 * " [|proto]" marker and sets ctx->stop.  Once stop is set every further
 * cap_puts()/cap_printf() is ignored, so a printer may carry on with the
 * zero it read and the line still ends exactly where tcpdump's does.
 * Loops must test ctx->stop so they end.
 */
#ifndef VN_CAPTURE_PRINT_PRIV_H
#define VN_CAPTURE_PRINT_PRIV_H

#include "capture/print.h"

struct cap_ctx {
	char *out;
	size_t size;
	size_t len;		/* text length so far, even past @size */
	const uint8_t *snapend;	/* end of the readable bytes */
	const char *proto;	/* name for " [|proto]" */
	bool stop;		/* truncated: print nothing more */
	const struct vn_print_opts *opts;
	struct vn_capture_printer *pr;	/* NULL: no TCP state */
};

void vn_capture_puts(struct cap_ctx *c, const char *s);
void vn_capture_printf(struct cap_ctx *c, const char *fmt, ...)
	VN_PRINTF(2, 3);
/* Prints " [|proto]" and stops the line, as tcpdump's nd_print_trunc(). */
void vn_capture_trunc(struct cap_ctx *c);
/* " (invalid)", tcpdump's nd_print_invalid(). */
void vn_capture_invalid(struct cap_ctx *c);
/* tcpdump's hex_and_ascii_print("\n\t", p, len); stops if cut short. */
void vn_capture_hexdump(struct cap_ctx *c, const uint8_t *p, size_t len);

/* MAC address, "Broadcast" and " (oui ...)" without -n. */
void vn_capture_put_mac(struct cap_ctx *c, const uint8_t *mac);
void vn_capture_put_ipv4(struct cap_ctx *c, const uint8_t *a);
void vn_capture_put_ipv6(struct cap_ctx *c, const uint8_t *a);
void vn_capture_put_ethertype(struct cap_ctx *c, uint16_t type);

/* Ethernet payload by type; false if tcpdump has no printer for it. */
bool vn_capture_print_ethertype(struct cap_ctx *c, uint16_t type,
				const uint8_t *p, unsigned int length,
				unsigned int caplen);
void vn_capture_print_ipv4(struct cap_ctx *c, const uint8_t *p,
			   unsigned int length);
void vn_capture_print_ipv6(struct cap_ctx *c, const uint8_t *p,
			   unsigned int length);

/* print_names.c: NULL when tcpdump would print the number. */
const char *vn_capture_tcp_port_name(unsigned int port);
const char *vn_capture_udp_port_name(unsigned int port);
const char *vn_capture_ip_proto_name(unsigned int proto);

static inline bool cap_ttest(const struct cap_ctx *c, const uint8_t *p,
			     size_t n)
{
	return p <= c->snapend && (size_t)(c->snapend - p) >= n;
}

/* Bytes readable from @p (0 when @p is past the end). */
static inline unsigned int cap_avail(const struct cap_ctx *c,
				     const uint8_t *p)
{
	return p < c->snapend ? (unsigned int)(c->snapend - p) : 0;
}

/*
 * Whether to hex-dump what no printer decodes (ND_DEFAULTPRINT); -x and
 * -X print the raw frame instead (ndo_suppress_default_print).
 */
static inline bool cap_default_print(const struct cap_ctx *c)
{
	return !c->opts->hex && !c->opts->hex_ascii;
}

static inline bool cap_need(struct cap_ctx *c, const uint8_t *p, size_t n)
{
	if (cap_ttest(c, p, n))
		return true;
	vn_capture_trunc(c);
	return false;
}

static inline uint8_t cap_get8(struct cap_ctx *c, const uint8_t *p)
{
	return cap_need(c, p, 1) ? p[0] : 0;
}

static inline uint16_t cap_get16(struct cap_ctx *c, const uint8_t *p)
{
	return cap_need(c, p, 2) ? vn_load_be16(p) : 0;
}

static inline uint32_t cap_get32(struct cap_ctx *c, const uint8_t *p)
{
	return cap_need(c, p, 4) ? vn_load_be32(p) : 0;
}

#endif
