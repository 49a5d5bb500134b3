// SPDX-License-Identifier: MIT
/*
 * capture/print_ip.c - tcpdump text for IPv4, IPv6 and what they carry:
 * ICMP, ICMPv6, UDP and TCP.
 *
 * Called by print.c for EtherTypes 0x0800 and 0x86dd.  Mirrors tcpdump
 * 4.99's print-ip.c, print-ip6.c, print-icmp.c, print-icmp6.c,
 * print-udp.c and print-tcp.c at verbosity 0: non-first fragments print
 * "src > dst: ip-proto-N" (tcpdump 4.99 has no "(frag ...)" text without
 * -v), lengths are the ones the headers claim, and malformed headers get
 * tcpdump's "truncated-ip", "bad-len", "bad-hlen" and "[bad hdr length]"
 * forms.
 *
 * TCP sequence numbers are relative, as tcpdump prints them: the printer
 * remembers each conversation's initial numbers when it sees a segment
 * with ACK set (print-tcp.c's tcp_seq_hash).  The table is bounded
 * (VN_CAPTURE_TCP_SLOTS); when it is full a new conversation takes the
 * slot it hashes to, so after that many concurrent conversations numbers
 * may be absolute where tcpdump's would be relative.
 *
 * Not covered: application decoders tcpdump runs by port (DNS, DHCP, NTP,
 * HTTP, VXLAN ...) - their frames print the plain "UDP, length N" or TCP
 * line; IGMP, GRE, VRRP, SCTP, OSPF, PIM, AH/ESP and other IP protocols
 * print tcpdump's fallback "ip-proto-N LEN"; IPv6 routing headers, MLD
 * queries and most ICMPv6 types beyond ND, echo and errors; TCP MPTCP,
 * TCP-AO and SCPS options.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>

#include "capture/print_priv.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

#define IPPROTO_V6_HOPOPTS 0
#define IPPROTO_V4_IPIP 4
#define IPPROTO_V6_IN_V4 41
#define IPPROTO_V6_ROUTING 43
#define IPPROTO_V6_FRAGMENT 44
#define IPPROTO_V6_ICMP 58
#define IPPROTO_V6_NONE 59
#define IPPROTO_V6_DSTOPTS 60
#define IPPROTO_DCCP_ 33
#define IPPROTO_SCTP_ 132

/* What the transports need to know about the IP header above them. */
struct ip_info {
	const uint8_t *ip;	/* the IPv4 or IPv6 header */
	bool v6;
	bool fragmented;	/* MF or an offset: lengths may not add up */
};

void vn_capture_put_ipv6(struct cap_ctx *c, const uint8_t *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (inet_ntop(AF_INET6, a, buf, sizeof(buf)))
		vn_capture_puts(c, buf);
}

static void put_addr(struct cap_ctx *c, const struct ip_info *ii, bool dst)
{
	if (ii->v6)
		vn_capture_put_ipv6(c, ii->ip + (dst ? 24 : 8));
	else
		vn_capture_put_ipv4(c, ii->ip + (dst ? VN_IPV4_DST :
						       VN_IPV4_SRC));
}

static void put_port(struct cap_ctx *c, unsigned int port, bool tcp)
{
	const char *name = NULL;

	if (!c->opts->numeric)
		name = tcp ? vn_capture_tcp_port_name(port) :
			     vn_capture_udp_port_name(port);
	if (name)
		vn_capture_puts(c, name);
	else
		vn_capture_printf(c, "%u", port);
}

/* The IP header's own protocol field: is the transport right behind it? */
static bool is_direct(const struct ip_info *ii, uint8_t proto)
{
	return (ii->v6 ? ii->ip[6] : ii->ip[VN_IPV4_PROTO]) == proto;
}

/* "a.p > b.q: ", or "p > q: " behind IPv6 extension headers. */
static void put_endpoints(struct cap_ctx *c, const struct ip_info *ii,
			  uint8_t proto, int sport, int dport)
{
	bool tcp = proto == VN_IPPROTO_TCP;

	if (is_direct(ii, proto)) {
		put_addr(c, ii, false);
		if (sport >= 0) {
			vn_capture_puts(c, ".");
			put_port(c, (unsigned int)sport, tcp);
		}
		vn_capture_puts(c, " > ");
		put_addr(c, ii, true);
		if (sport >= 0) {
			vn_capture_puts(c, ".");
			put_port(c, (unsigned int)dport, tcp);
		}
		vn_capture_puts(c, ": ");
	} else if (sport >= 0) {
		put_port(c, (unsigned int)sport, tcp);
		vn_capture_puts(c, " > ");
		put_port(c, (unsigned int)dport, tcp);
		vn_capture_puts(c, ": ");
	}
}

/* UDP (RFC 768), as print-udp.c without any port-based decoder. */
static void udp_print(struct cap_ctx *c, const uint8_t *p, unsigned int length,
		      const struct ip_info *ii)
{
	unsigned int sport, dport, ulen;

	c->proto = "udp";
	if (!cap_ttest(c, p, 4)) {
		put_endpoints(c, ii, VN_IPPROTO_UDP, -1, -1);
		vn_capture_trunc(c);
		return;
	}
	sport = vn_load_be16(p);
	dport = vn_load_be16(p + 2);
	if (length < 8) {
		put_endpoints(c, ii, VN_IPPROTO_UDP, (int)sport, (int)dport);
		vn_capture_printf(c, "truncated-udp %u", length);
		return;
	}
	if (!cap_ttest(c, p, 6)) {
		put_endpoints(c, ii, VN_IPPROTO_UDP, (int)sport, (int)dport);
		vn_capture_trunc(c);
		return;
	}
	ulen = vn_load_be16(p + 4);
	if (ulen == 0 && length > 65535)
		ulen = length;
	if (ulen < 8) {
		put_endpoints(c, ii, VN_IPPROTO_UDP, (int)sport, (int)dport);
		vn_capture_printf(c, "truncated-udplength %u", ulen);
		return;
	}
	ulen -= 8;
	length -= 8;
	if (ulen < length)
		length = ulen;
	put_endpoints(c, ii, VN_IPPROTO_UDP, (int)sport, (int)dport);
	if (p + 8 > c->snapend) {
		vn_capture_trunc(c);
		return;
	}
	if (ulen > length && !ii->fragmented)
		vn_capture_printf(c, "UDP, bad length %u > %u", ulen, length);
	else
		vn_capture_printf(c, "UDP, length %u", ulen);
}

/*
 * tcpdump's tcp_seq_hash: one entry per conversation, keyed with the
 * lower port first.  Returns the entry to use, or NULL without state.
 */
static struct vn_capture_tcp_conv *
tcp_conv_find(struct vn_capture_printer *pr,
	      const struct vn_capture_tcp_conv *key)
{
	uint32_t h = key->ports * 2654435761u;
	unsigned int i, slot;

	for (i = 0; i < 32; i++)
		h = (h ^ key->addr[i]) * 16777619u;
	h ^= key->family;
	slot = h % VN_CAPTURE_TCP_SLOTS;
	for (i = 0; i < VN_CAPTURE_TCP_SLOTS; i++) {
		struct vn_capture_tcp_conv *e =
			&pr->conv[(slot + i) % VN_CAPTURE_TCP_SLOTS];

		if (e->family == 0)
			return e;
		if (e->family == key->family && e->ports == key->ports &&
		    memcmp(e->addr, key->addr, sizeof(e->addr)) == 0)
			return e;
	}
	/* Full: the new conversation replaces the one in its home slot. */
	pr->conv[slot].family = 0;
	return &pr->conv[slot];
}

static const char *tcp_option_name(unsigned int opt)
{
	switch (opt) {
	case 0:
		return "eol";
	case 1:
		return "nop";
	case 2:
		return "mss";
	case 3:
		return "wscale";
	case 4:
		return "sackOK";
	case 5:
		return "sack";
	case 6:
		return "echo";
	case 7:
		return "echoreply";
	case 8:
		return "TS";
	case 11:
		return "cc";
	case 12:
		return "ccnew";
	case 13:
		return "";
	case 19:
		return "md5";
	case 20:
		return "scps";
	case 28:
		return "uto";
	case 29:
		return "tcp-ao";
	case 30:
		return "mptcp";
	case 34:
		return "tfo";
	case 254:
		return "exp";
	}
	return NULL;
}

/*
 * The option list of print-tcp.c.  @seg_captured: the whole segment is
 * readable (for the md5 option's message).  Returns false when the line
 * ended inside the list ("[bad opt]" or a cut).
 */
static bool tcp_options(struct cap_ctx *c, const uint8_t *cp, unsigned int hlen,
			bool rev, uint32_t thseq, uint32_t thack,
			bool seg_captured)
{
	char ch = '\0';

	vn_capture_puts(c, ", options [");
	while (hlen > 0 && !c->stop) {
		unsigned int opt, len, datalen = 0, i;
		const char *name;

		if (ch != '\0')
			vn_capture_printf(c, "%c", ch);
		opt = cap_get8(c, cp++);
		if (opt == 0 || opt == 1) {
			len = 1;
		} else {
			len = cap_get8(c, cp++);
			if (c->stop)
				return false;
			if (len < 2 || len > hlen)
				goto bad;
			--hlen;
		}
		--hlen;
		if (c->stop)
			return false;
		name = tcp_option_name(opt);
		if (name)
			vn_capture_puts(c, name);
		else
			vn_capture_printf(c, "unknown-%u", opt);

/* Bail if @l bytes of data are not left or were not captured. */
#define LENCHECK(l)                                \
	do {                                       \
		if ((l) > hlen)                    \
			goto bad;                  \
		if (!cap_ttest(c, cp, (l)))        \
			goto trunc;                \
	} while (0)

		switch (opt) {
		case 2:
			datalen = 2;
			LENCHECK(datalen);
			vn_capture_printf(c, " %u", vn_load_be16(cp));
			break;
		case 3:
			datalen = 1;
			LENCHECK(datalen);
			vn_capture_printf(c, " %u", cp[0]);
			break;
		case 5:
			datalen = len - 2;
			if (datalen % 8 != 0) {
				vn_capture_puts(c, " invalid sack");
				break;
			}
			vn_capture_printf(c, " %u ", datalen / 8);
			for (i = 0; i < datalen; i += 8) {
				uint32_t s, e;

				LENCHECK(i + 4);
				s = vn_load_be32(cp + i);
				LENCHECK(i + 8);
				e = vn_load_be32(cp + i + 4);
				s -= rev ? thseq : thack;
				e -= rev ? thseq : thack;
				vn_capture_printf(c, "{%u:%u}", s, e);
			}
			break;
		case 6:
		case 7:
		case 11:
		case 12:
		case 13:
			datalen = 4;
			LENCHECK(datalen);
			vn_capture_printf(c, " %u", vn_load_be32(cp));
			break;
		case 8:
			datalen = 8;
			LENCHECK(datalen);
			vn_capture_printf(c, " val %u ecr %u", vn_load_be32(cp),
					  vn_load_be32(cp + 4));
			break;
		case 19:
			datalen = 16;
			LENCHECK(datalen);
			/* tcpdump with libcrypto but without -M. */
			vn_capture_puts(c, seg_captured ?
					   " shared secret not supplied with -M, can't check - " :
					   " snaplen too short, can't check - ");
			for (i = 0; i < 16; i++)
				vn_capture_printf(c, "%02x", cp[i]);
			break;
		case 28:
			datalen = 2;
			LENCHECK(datalen);
			{
				unsigned int uto = vn_load_be16(cp);

				vn_capture_printf(c, " 0x%x", uto);
				uto = uto & 1 ? (uto >> 1) * 60 : uto >> 1;
				vn_capture_printf(c, " %u", uto);
			}
			break;
		case 34:
			datalen = len - 2;
			LENCHECK(datalen);
			if (datalen == 0) {
				vn_capture_puts(c, "  cookiereq");
			} else {
				vn_capture_puts(c, " cookie ");
				for (i = 0; i < datalen; i++)
					vn_capture_printf(c, "%02x", cp[i]);
			}
			break;
		case 0:
		case 1:
		case 4:
			break;
		default:
			datalen = len - 2;
			if (datalen)
				vn_capture_puts(c, " 0x");
			for (i = 0; i < datalen; i++) {
				LENCHECK(i + 1);
				vn_capture_printf(c, "%02x", cp[i]);
			}
			break;
		}
#undef LENCHECK
		cp += datalen;
		hlen -= datalen;
		datalen += opt == 0 || opt == 1 ? 1 : 2;
		if (datalen != len)
			vn_capture_printf(c, "[len %u]", len);
		ch = ',';
		if (opt == 0)
			break;
	}
	vn_capture_puts(c, "]");
	return !c->stop;
trunc:
	/* print-tcp.c's trunc label still closes with its old '>'. */
	vn_capture_printf(c, " [|%s]%s", c->proto, ch ? ">" : "");
	c->stop = true;
	return false;
bad:
	vn_capture_puts(c, "[bad opt]");
	if (ch != '\0')
		vn_capture_puts(c, "]");
	c->stop = true;
	return false;
}

/* TCP (RFC 9293 3.1), as print-tcp.c without payload decoders. */
static void tcp_print(struct cap_ctx *c, const uint8_t *p, unsigned int length,
		      const struct ip_info *ii)
{
	static const char flag_chars[] = "FSRP.UEW";
	uint32_t seq, ack, thseq = 0, thack = 0;
	unsigned int sport, dport, hlen, win, urp, flags, i;
	bool rev = false, any = false;

	c->proto = "tcp";
	if (!cap_ttest(c, p, 4)) {
		put_addr(c, ii, false);
		vn_capture_puts(c, " > ");
		put_addr(c, ii, true);
		vn_capture_puts(c, ":");
		vn_capture_trunc(c);
		return;
	}
	sport = vn_load_be16(p);
	dport = vn_load_be16(p + 2);
	put_endpoints(c, ii, VN_IPPROTO_TCP, (int)sport, (int)dport);
	if (!cap_need(c, p, 20))
		return;
	hlen = (unsigned int)(p[12] >> 4) * 4;
	if (hlen < 20) {
		vn_capture_printf(c, " tcp %u [bad hdr length %u - too short, < 20]",
				  length - hlen, hlen);
		return;
	}
	seq = vn_load_be32(p + 4);
	ack = vn_load_be32(p + 8);
	win = vn_load_be16(p + 14);
	urp = vn_load_be16(p + 18);
	flags = p[13];
	vn_capture_puts(c, "Flags [");
	for (i = 0; i < 8; i++) {
		if (flags & (1u << i)) {
			vn_capture_printf(c, "%c", flag_chars[i]);
			any = true;
		}
	}
	vn_capture_puts(c, any ? "]" : "none]");

	if (!c->opts->absolute_seq && (flags & 0x10)) {
		struct vn_capture_tcp_conv key = { .family = ii->v6 ? 6 : 4 };
		struct vn_capture_tcp_conv local, *th;
		const uint8_t *src = ii->ip + (ii->v6 ? 8 : VN_IPV4_SRC);
		const uint8_t *dst = ii->ip + (ii->v6 ? 24 : VN_IPV4_DST);
		size_t alen = ii->v6 ? 16 : 4;

		if (sport > dport)
			rev = true;
		else if (sport == dport && memcmp(src, dst, alen) > 0)
			rev = true;
		memcpy(key.addr, rev ? dst : src, alen);
		memcpy(key.addr + 16, rev ? src : dst, alen);
		key.ports = rev ? dport << 16 | sport : sport << 16 | dport;
		if (c->pr) {
			th = tcp_conv_find(c->pr, &key);
		} else {
			local.family = 0;
			th = &local;
		}
		if (th->family == 0 || (flags & 0x02)) {
			if (th->family == 0 && c->pr)
				c->pr->n_conv++;
			*th = key;
			if (rev) {
				th->ack = seq;
				th->seq = ack - 1;
			} else {
				th->seq = seq;
				th->ack = ack - 1;
			}
		} else if (rev) {
			seq -= th->ack;
			ack -= th->seq;
		} else {
			seq -= th->seq;
			ack -= th->ack;
		}
		thseq = th->seq;
		thack = th->ack;
	}
	if (hlen > length) {
		vn_capture_printf(c, " [bad hdr length %u - too long, > %u]",
				  hlen, length);
		return;
	}
	length -= hlen;
	if (length > 0 || (flags & 0x07)) {
		vn_capture_printf(c, ", seq %u", seq);
		if (length > 0)
			vn_capture_printf(c, ":%u", seq + length);
	}
	if (flags & 0x10)
		vn_capture_printf(c, ", ack %u", ack);
	vn_capture_printf(c, ", win %u", win);
	if (flags & 0x20)
		vn_capture_printf(c, ", urg %u", urp);
	if (hlen > 20 &&
	    !tcp_options(c, p + 20, hlen - 20, rev, thseq, thack,
			 cap_ttest(c, p, hlen + length)))
		return;
	vn_capture_printf(c, ", length %u", length);
}

/* ICMP (RFC 792), as print-icmp.c: the text is built, then printed. */
struct text {
	char buf[160];
	size_t len;
};

static void text_add(struct text *t, const char *fmt, ...) VN_PRINTF(2, 3);

static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len >= sizeof(t->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len = VN_MIN(t->len + (size_t)n, sizeof(t->buf) - 1);
}

static void text_ipv4(struct text *t, const uint8_t *a)
{
	text_add(t, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

static void text_port(struct cap_ctx *c, struct text *t, unsigned int port,
		      bool tcp)
{
	const char *name = NULL;

	if (!c->opts->numeric)
		name = tcp ? vn_capture_tcp_port_name(port) :
			     vn_capture_udp_port_name(port);
	if (name)
		text_add(t, "%s", name);
	else
		text_add(t, "%u", port);
}

static const char *icmp_type_name(uint8_t type)
{
	switch (type) {
	case 0:
		return "echo reply";
	case 3:
		return "destination unreachable";
	case 4:
		return "source quench";
	case 5:
		return "redirect";
	case 8:
		return "echo request";
	case 9:
		return "router advertisement";
	case 10:
		return "router solicitation";
	case 11:
		return "time exceeded";
	case 12:
		return "parameter problem";
	case 13:
		return "time stamp request";
	case 14:
		return "time stamp reply";
	case 15:
		return "information request";
	case 16:
		return "information reply";
	case 17:
		return "address mask request";
	}
	return NULL;
}

/* "net %s unreachable" and friends for the codes without extra fields. */
static const char *icmp_unreach_fmt(uint8_t code)
{
	switch (code) {
	case 0:
		return "net %s unreachable";
	case 1:
		return "host %s unreachable";
	case 5:
		return "%s unreachable - source route failed";
	case 6:
		return "net %s unreachable - unknown";
	case 7:
		return "host %s unreachable - unknown";
	case 8:
		return "%s unreachable - source host isolated";
	case 9:
		return "net %s unreachable - admin prohibited";
	case 10:
		return "host %s unreachable - admin prohibited";
	case 11:
		return "net %s unreachable - tos prohibited";
	case 12:
		return "host %s unreachable - tos prohibited";
	case 13:
		return "host %s unreachable - admin prohibited filter";
	case 14:
		return "host %s unreachable - host precedence violation";
	case 15:
		return "host %s unreachable - precedence cutoff";
	}
	return NULL;
}

static void text_tstamp(struct text *t, uint32_t ms)
{
	uint32_t sec = ms / 1000, min = sec / 60, hrs = min / 60;

	text_add(t, "%02u:%02u:%02u.%03u", hrs, min % 60, sec % 60, ms % 1000);
}

static void icmp_unreach(struct cap_ctx *c, struct text *t, const uint8_t *p,
			 uint8_t code)
{
	const uint8_t *oip = p + 8, *dst = oip + VN_IPV4_DST;
	char addr[VN_IPV4_STRLEN];
	const char *fmt;

	if (!cap_need(c, dst, 4))
		return;
	snprintf(addr, sizeof(addr), "%u.%u.%u.%u", dst[0], dst[1], dst[2],
		 dst[3]);
	switch (code) {
	case VN_ICMP_PROT_UNREACH:
		text_add(t, "%s protocol %u unreachable", addr,
			 oip[VN_IPV4_PROTO]);
		return;
	case VN_ICMP_PORT_UNREACH: {
		const uint8_t *ouh = oip + (oip[0] & 0x0f) * 4;
		unsigned int dport = cap_get16(c, ouh + 2);
		uint8_t proto = oip[VN_IPV4_PROTO];

		if (c->stop)
			return;
		if (proto == VN_IPPROTO_TCP || proto == VN_IPPROTO_UDP) {
			text_add(t, "%s %s port ", addr,
				 proto == VN_IPPROTO_TCP ? "tcp" : "udp");
			text_port(c, t, dport, proto == VN_IPPROTO_TCP);
			text_add(t, " unreachable");
		} else {
			text_add(t, "%s protocol %u port %u unreachable", addr,
				 proto, dport);
		}
		return;
	}
	case VN_ICMP_FRAG_NEEDED: {
		unsigned int mtu = vn_load_be16(p + 6);

		if (mtu)
			text_add(t, "%s unreachable - need to frag (mtu %u)",
				 addr, mtu);
		else
			text_add(t, "%s unreachable - need to frag", addr);
		return;
	}
	}
	fmt = icmp_unreach_fmt(code);
	if (fmt)
		text_add(t, fmt, addr);
	else
		text_add(t, "%s unreachable - #%u", addr, code);
}

static void icmp_print(struct cap_ctx *c, const uint8_t *p, unsigned int plen)
{
	struct text t = { .len = 0 };
	uint8_t type, code;
	const char *name;

	c->proto = "icmp";
	type = cap_get8(c, p);
	code = cap_get8(c, p + 1);
	if (c->stop)
		return;
	t.buf[0] = '\0';
	switch (type) {
	case VN_ICMP_ECHO:
	case VN_ICMP_ECHOREPLY:
		if (!cap_need(c, p, 8))
			return;
		text_add(&t, "echo %s, id %u, seq %u",
			 type == VN_ICMP_ECHO ? "request" : "reply",
			 vn_load_be16(p + 4), vn_load_be16(p + 6));
		break;
	case VN_ICMP_DEST_UNREACH:
		icmp_unreach(c, &t, p, code);
		break;
	case VN_ICMP_REDIRECT: {
		static const char *const fmts[] = {
			"redirect %s to net %s",
			"redirect %s to host %s",
			"redirect-tos %s to net %s",
			"redirect-tos %s to host %s",
		};
		char a[VN_IPV4_STRLEN], gw[VN_IPV4_STRLEN];
		const uint8_t *d = p + 8 + VN_IPV4_DST;

		if (!cap_need(c, d, 4))
			return;
		snprintf(a, sizeof(a), "%u.%u.%u.%u", d[0], d[1], d[2], d[3]);
		snprintf(gw, sizeof(gw), "%u.%u.%u.%u", p[4], p[5], p[6],
			 p[7]);
		if (code < ARRAY_SIZE(fmts))
			text_add(&t, fmts[code], a, gw);
		else
			text_add(&t, "redirect-#%u %s to %s", code, a, gw);
		break;
	}
	case 9: {
		unsigned int life, num, size;
		const uint8_t *idp = p + 8;

		if (!cap_need(c, p, 8))
			return;
		life = vn_load_be16(p + 6);
		text_add(&t, "router advertisement lifetime ");
		if (life < 60)
			text_add(&t, "%u", life);
		else if (life < 3600)
			text_add(&t, "%u:%02u", life / 60, life % 60);
		else
			text_add(&t, "%u:%02u:%02u", life / 3600,
				 (life % 3600) / 60, life % 60);
		num = p[4];
		size = p[5];
		text_add(&t, " %u:", num);
		if (size != 2) {
			text_add(&t, " [size %u]", size);
			break;
		}
		for (; num > 0; num--, idp += 8) {
			if (!cap_need(c, idp, 8))
				return;
			text_add(&t, " {");
			text_ipv4(&t, idp);
			text_add(&t, " %u}", vn_load_be32(idp + 4));
		}
		break;
	}
	case VN_ICMP_TIME_EXCEEDED:
		if (!cap_need(c, p + 8 + VN_IPV4_DST, 4))
			return;
		if (code == VN_ICMP_EXC_TTL)
			text_add(&t, "time exceeded in-transit");
		else if (code == VN_ICMP_EXC_FRAGTIME)
			text_add(&t, "ip reassembly time exceeded");
		else
			text_add(&t, "time exceeded-#%u", code);
		break;
	case VN_ICMP_PARAMETERPROB:
		if (code) {
			text_add(&t, "parameter problem - code %u", code);
		} else {
			uint8_t ptr = cap_get8(c, p + 4);

			if (c->stop)
				return;
			text_add(&t, "parameter problem - octet %u", ptr);
		}
		break;
	case 18: {
		uint32_t mask = cap_get32(c, p + 8);

		if (c->stop)
			return;
		text_add(&t, "address mask is 0x%08x", mask);
		break;
	}
	case 13:
		if (!cap_need(c, p, 8))
			return;
		text_add(&t, "time stamp query id %u seq %u",
			 vn_load_be16(p + 4), vn_load_be16(p + 6));
		break;
	case 14:
		if (!cap_need(c, p, 20))
			return;
		text_add(&t, "time stamp reply id %u seq %u: org ",
			 vn_load_be16(p + 4), vn_load_be16(p + 6));
		text_tstamp(&t, vn_load_be32(p + 8));
		text_add(&t, ", recv ");
		text_tstamp(&t, vn_load_be32(p + 12));
		text_add(&t, ", xmit ");
		text_tstamp(&t, vn_load_be32(p + 16));
		break;
	default:
		name = icmp_type_name(type);
		if (name)
			text_add(&t, "%s", name);
		else
			text_add(&t, "type-#%u", type);
		break;
	}
	if (c->stop)
		return;
	vn_capture_printf(c, "ICMP %s, length %u", t.buf, plen);
}

static void proto_fallback(struct cap_ctx *c, uint8_t proto, bool with_len,
			   unsigned int len)
{
	const char *name = c->opts->numeric ? NULL :
					      vn_capture_ip_proto_name(proto);

	if (name)
		vn_capture_printf(c, " %s", name);
	else
		vn_capture_printf(c, " ip-proto-%u", proto);
	if (with_len)
		vn_capture_printf(c, " %u", len);
}

/* print-ip.c's ip_demux_print() for what vnet carries. */
static void ip_demux(struct cap_ctx *c, const uint8_t *cp, unsigned int len,
		     uint8_t nh, const struct ip_info *ii)
{
	switch (nh) {
	case VN_IPPROTO_TCP:
		tcp_print(c, cp, len, ii);
		return;
	case VN_IPPROTO_UDP:
		udp_print(c, cp, len, ii);
		return;
	case VN_IPPROTO_ICMP:
		if (!ii->v6) {
			icmp_print(c, cp, len);
			return;
		}
		break;
	case IPPROTO_V4_IPIP:
		vn_capture_print_ipv4(c, cp, len);
		if (c->opts->verbose == 0)
			vn_capture_puts(c, " (ipip-proto-4)");
		return;
	case IPPROTO_V6_IN_V4:
		vn_capture_print_ipv6(c, cp, len);
		return;
	}
	proto_fallback(c, nh, true, len);
}

void vn_capture_print_ipv4(struct cap_ctx *c, const uint8_t *p,
			   unsigned int length)
{
	struct ip_info ii = { .ip = p };
	unsigned int hlen, len, off;
	uint8_t ver, proto;

	c->proto = "ip";
	ver = cap_get8(c, p);
	if (c->stop)
		return;
	if (ver >> 4 != 4) {
		if (ver >> 4 == 6)
			vn_capture_puts(c, "IP6, wrong link-layer encapsulation");
		else
			vn_capture_printf(c, "IP%u", ver >> 4);
		vn_capture_invalid(c);
		return;
	}
	if (!c->opts->ether)
		vn_capture_puts(c, "IP ");
	if (!cap_need(c, p, VN_IPV4_HLEN))
		return;
	if (length < VN_IPV4_HLEN) {
		vn_capture_printf(c, "truncated-ip %u", length);
		return;
	}
	hlen = vn_ipv4_hlen(p);
	if (hlen < VN_IPV4_HLEN) {
		vn_capture_printf(c, "bad-hlen %u", hlen);
		return;
	}
	len = vn_ipv4_tot_len(p);
	if (length < len)
		vn_capture_printf(c, "truncated-ip - %u bytes missing! ",
				  len - length);
	if (len < hlen) {
		vn_capture_printf(c, "bad-len %u", len);
		return;
	}
	/* The IP payload ends where tot_len says: ignore Ethernet padding. */
	if (cap_avail(c, p) > len)
		c->snapend = p + len;
	len -= hlen;
	off = vn_ipv4_frag(p);
	proto = vn_ipv4_proto(p);
	ii.fragmented = off & (VN_IP_MF | VN_IP_OFFMASK);
	if ((off & VN_IP_OFFMASK) == 0) {
		if (proto != VN_IPPROTO_TCP && proto != VN_IPPROTO_UDP &&
		    proto != IPPROTO_SCTP_ && proto != IPPROTO_DCCP_) {
			vn_capture_put_ipv4(c, p + VN_IPV4_SRC);
			vn_capture_puts(c, " > ");
			vn_capture_put_ipv4(c, p + VN_IPV4_DST);
			vn_capture_puts(c, ": ");
		}
		if (!cap_ttest(c, p, hlen)) {
			vn_capture_printf(c, " [remaining caplen(%u) < header length(%u)]",
					  cap_avail(c, p), hlen);
			vn_capture_trunc(c);
			return;
		}
		ip_demux(c, p + hlen, len, proto, &ii);
		return;
	}
	/* Not the first fragment: no transport header to show. */
	vn_capture_put_ipv4(c, p + VN_IPV4_SRC);
	vn_capture_puts(c, " > ");
	vn_capture_put_ipv4(c, p + VN_IPV4_DST);
	vn_capture_puts(c, ":");
	proto_fallback(c, proto, false, 0);
}

static const char *icmp6_type_name(uint8_t type)
{
	switch (type) {
	case 1:
		return "destination unreachable";
	case 2:
		return "packet too big";
	case 3:
		return "time exceeded in-transit";
	case 4:
		return "parameter problem";
	case 128:
		return "echo request";
	case 129:
		return "echo reply";
	case 130:
		return "multicast listener query";
	case 131:
		return "multicast listener report";
	case 132:
		return "multicast listener done";
	case 133:
		return "router solicitation";
	case 134:
		return "router advertisement";
	case 135:
		return "neighbor solicitation";
	case 136:
		return "neighbor advertisement";
	case 137:
		return "redirect";
	case 143:
		return "multicast listener report v2";
	case 200:
		return "mtrace response";
	case 201:
		return "mtrace message";
	}
	return NULL;
}

static const char *icmp6_unreach_name(uint8_t code)
{
	switch (code) {
	case 0:
		return "unreachable route";
	case 1:
		return "unreachable prohibited";
	case 2:
		return "beyond scope";
	case 3:
		return "unreachable address";
	case 4:
		return "unreachable port";
	}
	return NULL;
}

/* tcpdump's hex_print(): print_unknown_data() without the ASCII column. */
static void hex_only(struct cap_ctx *c, const uint8_t *p, unsigned int len)
{
	unsigned int avail = cap_avail(c, p), i;

	/* print_unknown_data() shows what there is, with no marker. */
	for (i = 0; i < len && i < avail; i++) {
		if (i % 16 == 0)
			vn_capture_printf(c, "\n\t0x%04x: ", i);
		vn_capture_printf(c, i % 2 == 0 ? " %02x" : "%02x", p[i]);
	}
}

/* The transport header inside an ICMPv6 error (get_upperlayer()). */
static const uint8_t *icmp6_upper(struct cap_ctx *c, const uint8_t *oip,
				  uint8_t *proto)
{
	const uint8_t *cp = oip + 40;
	uint8_t nh;

	if (!cap_ttest(c, oip, 40))
		return NULL;
	nh = oip[6];
	for (int i = 0; i < 8; i++) {
		switch (nh) {
		case VN_IPPROTO_TCP:
		case VN_IPPROTO_UDP:
			*proto = nh;
			return cap_ttest(c, cp, 4) ? cp : NULL;
		case IPPROTO_V6_HOPOPTS:
		case IPPROTO_V6_DSTOPTS:
		case IPPROTO_V6_ROUTING:
			if (!cap_ttest(c, cp, 2))
				return NULL;
			nh = cp[0];
			cp += (cp[1] + 1) * 8;
			break;
		case IPPROTO_V6_FRAGMENT:
			if (!cap_ttest(c, cp, 4) ||
			    (vn_load_be16(cp + 2) & 0xfff8))
				return NULL;
			nh = cp[0];
			cp += 8;
			break;
		default:
			return NULL;
		}
	}
	return NULL;
}

static void icmp6_print(struct cap_ctx *c, const uint8_t *p,
			unsigned int length)
{
	const uint8_t *oip = p + 8, *ouh;
	uint8_t type, code, proto = 0;
	const char *name;

	c->proto = "icmp6";
	if (length == 0) {
		vn_capture_puts(c, "ICMP6, length 0");
		vn_capture_invalid(c);
		return;
	}
	type = cap_get8(c, p);
	name = icmp6_type_name(type);
	if (name)
		vn_capture_printf(c, "ICMP6, %s", name);
	else
		vn_capture_printf(c, "ICMP6, unknown icmp6 type (%u)", type);
	code = cap_get8(c, p + 1);
	switch (type) {
	case 1:
		name = icmp6_unreach_name(code);
		if (name)
			vn_capture_printf(c, ", %s", name);
		else
			vn_capture_printf(c, ", unknown unreach code (%u)",
					  code);
		switch (code) {
		case 0:
		case 1:
		case 3:
			if (!cap_need(c, oip + 24, 16))
				return;
			vn_capture_puts(c, " ");
			vn_capture_put_ipv6(c, oip + 24);
			break;
		case 2:
			if (!cap_need(c, oip + 8, 32))
				return;
			vn_capture_puts(c, " ");
			vn_capture_put_ipv6(c, oip + 24);
			vn_capture_puts(c, ", source address ");
			vn_capture_put_ipv6(c, oip + 8);
			break;
		case 4:
			ouh = icmp6_upper(c, oip, &proto);
			if (!ouh) {
				vn_capture_trunc(c);
				return;
			}
			vn_capture_puts(c, ", ");
			vn_capture_put_ipv6(c, oip + 24);
			if (proto == VN_IPPROTO_TCP)
				vn_capture_puts(c, " tcp port ");
			else
				vn_capture_puts(c, " udp port ");
			put_port(c, vn_load_be16(ouh + 2),
				 proto == VN_IPPROTO_TCP);
			break;
		default:
			hex_only(c, p, length);
			return;
		}
		break;
	case 2:
		vn_capture_printf(c, ", mtu %u", cap_get32(c, p + 4));
		break;
	case 3:
		if (code == 0) {
			if (!cap_need(c, oip + 24, 16))
				return;
			vn_capture_puts(c, " for ");
			vn_capture_put_ipv6(c, oip + 24);
		} else if (code == 1) {
			vn_capture_puts(c, " (reassembly)");
		} else {
			vn_capture_printf(c, ", unknown code (%u)", code);
		}
		break;
	case 4:
		if (!cap_need(c, oip + 24, 16))
			return;
		if (code <= 2)
			vn_capture_printf(c, ", %s - octet %u",
					  code == 0 ? "erroneous" :
					  code == 1 ? "next header" : "option",
					  vn_load_be32(p + 4));
		else
			vn_capture_printf(c, ", code-#%u", code);
		break;
	case 128:
	case 129:
		if (!cap_need(c, p, 8))
			return;
		vn_capture_printf(c, ", id %u, seq %u", vn_load_be16(p + 4),
				  vn_load_be16(p + 6));
		break;
	case 133:
	case 134:
		break;
	case 135:
	case 136:
		if (!cap_need(c, p + 8, 16))
			return;
		vn_capture_puts(c, type == 135 ? ", who has " : ", tgt is ");
		vn_capture_put_ipv6(c, p + 8);
		break;
	case 143:
		if (length < 8) {
			vn_capture_printf(c, " [invalid len %u]", length);
			return;
		}
		vn_capture_printf(c, ", %u group record(s)",
				  cap_get16(c, p + 6));
		break;
	default:
		vn_capture_printf(c, ", length %u", length);
		hex_only(c, p, length);
		return;
	}
	vn_capture_printf(c, ", length %u", length);
}

void vn_capture_print_ipv6(struct cap_ctx *c, const uint8_t *p,
			   unsigned int length)
{
	struct ip_info ii = { .ip = p, .v6 = true };
	unsigned int payload_len, len, advance = 40;
	const uint8_t *cp = p;
	uint8_t nh;

	c->proto = "ip6";
	if (!cap_need(c, p, 40))
		return;
	if (length < 40) {
		vn_capture_printf(c, "truncated-ip6 %u", length);
		return;
	}
	if (!c->opts->ether)
		vn_capture_puts(c, "IP6 ");
	if (p[0] >> 4 != 6) {
		vn_capture_printf(c, "version error: %u != 6", p[0] >> 4);
		return;
	}
	payload_len = vn_load_be16(p + 4);
	if (payload_len != 0) {
		len = payload_len + 40;
		if (length < len)
			vn_capture_printf(c, "truncated-ip6 - %u bytes missing!",
					  len - length);
	} else {
		len = length;
	}
	if (cap_avail(c, p) > VN_MIN(length, len))
		c->snapend = p + VN_MIN(length, len);
	nh = p[6];
	while (cp < c->snapend && advance > 0 && !c->stop) {
		if (len < advance) {
			vn_capture_trunc(c);
			return;
		}
		cp += advance;
		len -= advance;
		if (cp == p + 40 && nh != VN_IPPROTO_TCP &&
		    nh != VN_IPPROTO_UDP && nh != IPPROTO_DCCP_ &&
		    nh != IPPROTO_SCTP_) {
			vn_capture_put_ipv6(c, p + 8);
			vn_capture_puts(c, " > ");
			vn_capture_put_ipv6(c, p + 24);
			vn_capture_puts(c, ": ");
		}
		switch (nh) {
		case IPPROTO_V6_HOPOPTS:
		case IPPROTO_V6_DSTOPTS:
			c->proto = nh == IPPROTO_V6_HOPOPTS ? "hbhopt" :
							      "dstopt";
			if (!cap_need(c, cp, 2))
				return;
			advance = (unsigned int)(cp[1] + 1) * 8;
			if (!cap_need(c, cp, advance))
				return;
			vn_capture_puts(c, nh == IPPROTO_V6_HOPOPTS ?
					   "HBH " : "DSTOPT ");
			nh = cp[0];
			c->proto = "ip6";
			break;
		case IPPROTO_V6_FRAGMENT: {
			unsigned int off;

			c->proto = "frag6";
			if (!cap_need(c, cp, 4))
				return;
			off = vn_load_be16(cp + 2) & 0xfff8;
			vn_capture_printf(c, "frag (%u|%u)", off,
					  40 + payload_len -
						  (unsigned int)(cp - p) - 8);
			if (off != 0)
				return;
			vn_capture_puts(c, " ");
			advance = 8;
			ii.fragmented = true;
			if (c->snapend <= cp + advance)
				return;
			nh = cp[0];
			c->proto = "ip6";
			break;
		}
		case IPPROTO_V6_NONE:
			vn_capture_puts(c, "no next header");
			return;
		case IPPROTO_V6_ICMP:
			icmp6_print(c, cp, len);
			return;
		default:
			ip_demux(c, cp, len, nh, &ii);
			return;
		}
	}
}
