// SPDX-License-Identifier: MIT
/*
 * capture/print.c - tcpdump text for Ethernet frames: the line frame, the
 * link layer (Ethernet II, 802.1Q/802.1ad, 802.3/LLC/SNAP, STP) and ARP.
 *
 * The `tcpdump` command calls vn_capture_print() for every frame a capture
 * on a device sees.  The output mirrors tcpdump 4.99's print-ether.c,
 * print-llc.c, print-stp.c and print-arp.c for -n, -e and neither, at
 * verbosity 0; IPv4, IPv6 and the transports are in print_ip.c.  The
 * corpus under tests/unit/capture/data/ holds real and crafted frames
 * with the text the real tcpdump printed for them, including every frame
 * cut at every length: that, not this file, is the specification.
 *
 * Not covered (tcpdump decodes them, we print the generic form or stop):
 * MACsec, MPLS, PPPoE, LLDP, loopback, IPX, NetBEUI, OSI, XID frames, and
 * anything needing -v.  /etc/ethers names are never used.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "capture/print_priv.h"
#include "wire/eth.h"

void vn_capture_puts(struct cap_ctx *c, const char *s)
{
	size_t n = strlen(s);

	if (c->stop)
		return;
	if (c->len < c->size) {
		size_t room = c->size - c->len - 1;

		memcpy(c->out + c->len, s, VN_MIN(n, room));
		c->out[c->len + VN_MIN(n, room)] = '\0';
	}
	c->len += n;
}

void vn_capture_printf(struct cap_ctx *c, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	if (c->stop)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		vn_capture_puts(c, buf);
}

void vn_capture_trunc(struct cap_ctx *c)
{
	vn_capture_printf(c, " [|%s]", c->proto);
	c->stop = true;
}

void vn_capture_invalid(struct cap_ctx *c)
{
	vn_capture_puts(c, " (invalid)");
}

static char ascii_or_dot(uint8_t b)
{
	return b > 0x20 && b < 0x7f ? (char)b : '.';
}

void vn_capture_hexdump(struct cap_ctx *c, const uint8_t *p, size_t len)
{
	unsigned int avail = cap_avail(c, p);
	bool truncated = false;
	char hex[48], asc[20];
	size_t i, off = 0;

	if (len > avail) {
		len = avail;
		truncated = true;
	}
	/* tcpdump's hex_and_ascii_print(): 16 bytes a line, in pairs. */
	for (i = 0; i < len; i += 16) {
		size_t n = VN_MIN(len - i, (size_t)16), j, h = 0;

		for (j = 0; j + 1 < n; j += 2)
			h += (size_t)snprintf(hex + h, sizeof(hex) - h,
					      " %02x%02x", p[i + j],
					      p[i + j + 1]);
		if (j < n)
			h += (size_t)snprintf(hex + h, sizeof(hex) - h,
					      " %02x", p[i + j]);
		for (j = 0; j < n; j++)
			asc[j] = ascii_or_dot(p[i + j]);
		asc[n] = '\0';
		vn_capture_printf(c, "\n\t0x%04zx: %-40s  %s", off, hex, asc);
		off += 16;
	}
	if (truncated)
		vn_capture_trunc(c);
}

/* tcpdump's oui_values, the part a virtual network can meet. */
static const struct {
	uint32_t oui;
	const char *name;
} oui_names[] = {
	{ 0x000000, "Ethernet" },
	{ 0x00000c, "Cisco" },
	{ 0x00005e, "IANA" },
	{ 0x000081, "Nortel Networks SONMP" },
	{ 0x0000f8, "Cisco bridged" },
	{ 0x0080c2, "Ethernet bridged" },
	{ 0x00a03e, "ATM Forum" },
	{ 0x00e02f, "DOCSIS Spanning Tree" },
	{ 0x080007, "Appletalk" },
	{ 0x009069, "Juniper" },
	{ 0x080009, "Hewlett-Packard" },
	{ 0x00120f, "IEEE 802.3 Private" },
	{ 0x0012bb, "ANSI/TIA" },
	{ 0x002320, "Nicira Networks" },
};

static const char *oui_name(uint32_t oui)
{
	for (size_t i = 0; i < ARRAY_SIZE(oui_names); i++)
		if (oui_names[i].oui == oui)
			return oui_names[i].name;
	return "Unknown";
}

void vn_capture_put_mac(struct cap_ctx *c, const uint8_t *mac)
{
	char buf[VN_MAC_STRLEN];

	/* addrtoname.c: a built-in "Broadcast", then " (oui ...)". */
	if (!c->opts->numeric && vn_mac_is_broadcast(mac)) {
		vn_capture_puts(c, "Broadcast");
		return;
	}
	vn_capture_puts(c, vn_mac_format(buf, mac));
	if (!c->opts->numeric)
		vn_capture_printf(c, " (oui %s)",
				  oui_name((uint32_t)mac[0] << 16 |
					   (uint32_t)mac[1] << 8 | mac[2]));
}

void vn_capture_put_ipv4(struct cap_ctx *c, const uint8_t *a)
{
	vn_capture_printf(c, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

static const struct {
	uint16_t type;
	const char *name;
} ethertype_names[] = {
	{ 0x0800, "IPv4" },
	{ 0x8847, "MPLS unicast" },
	{ 0x8848, "MPLS multicast" },
	{ 0x86dd, "IPv6" },
	{ 0x8100, "802.1Q" },
	{ 0x9100, "802.1Q-9100" },
	{ 0x88a8, "802.1Q-QinQ" },
	{ 0x9200, "802.1Q-9200" },
	{ 0x88e5, "802.1AE MACsec" },
	{ 0x0200, "PUP" },
	{ 0x0806, "ARP" },
	{ 0x8035, "Reverse ARP" },
	{ 0x0600, "NS" },
	{ 0x0500, "Sprite" },
	{ 0x1000, "Trail" },
	{ 0x6001, "MOP DL" },
	{ 0x6002, "MOP RC" },
	{ 0x6003, "DN" },
	{ 0x6004, "LAT" },
	{ 0x6007, "SCA" },
	{ 0x6558, "TEB" },
	{ 0x8038, "Lanbridge" },
	{ 0x803c, "DEC DNS" },
	{ 0x803e, "DEC DTS" },
	{ 0x805b, "VEXP" },
	{ 0x805c, "VPROD" },
	{ 0x809b, "Appletalk" },
	{ 0x80f3, "Appletalk ARP" },
	{ 0x8137, "IPX" },
	{ 0x880b, "PPP" },
	{ 0x8808, "MPCP" },
	{ 0x8809, "Slow Protocols" },
	{ 0x8863, "PPPoE D" },
	{ 0x8864, "PPPoE S" },
	{ 0x888e, "EAPOL" },
	{ 0x8899, "Realtek protocols" },
	{ 0x886f, "MS NLB heartbeat" },
	{ 0x8870, "Jumbo" },
	{ 0x894f, "NSH" },
	{ 0x9000, "Loopback" },
	{ 0xfefe, "OSI" },
	{ 0x00fe, "GRE-OSI" },
	{ 0xabcd, "CFM (old)" },
	{ 0x8902, "CFM" },
	{ 0x893a, "IEEE1905.1" },
	{ 0x88cc, "LLDP" },
	{ 0x88ca, "TIPC" },
	{ 0x0707, "GeoNet (old)" },
	{ 0x8947, "GeoNet" },
	{ 0x1111, "CALM FAST" },
	{ 0x88a2, "AoE" },
	{ 0x88f7, "PTP" },
	{ 0xd28b, "Arista Vendor Specific Protocol" },
};

static const char *ethertype_name(uint16_t type)
{
	for (size_t i = 0; i < ARRAY_SIZE(ethertype_names); i++)
		if (ethertype_names[i].type == type)
			return ethertype_names[i].name;
	return NULL;
}

void vn_capture_put_ethertype(struct cap_ctx *c, uint16_t type)
{
	const char *name = ethertype_name(type);

	vn_capture_printf(c, "ethertype %s (0x%04x)", name ? name : "Unknown",
			  type);
}

/*
 * ARP (RFC 826), as print-arp.c: the whole fixed part must be captured,
 * odd hardware/protocol formats only get their header described.
 */
static const char *arp_op_name(uint16_t op)
{
	switch (op) {
	case 1:
		return "Request";
	case 2:
		return "Reply";
	case 3:
		return "Reverse Request";
	case 4:
		return "Reverse Reply";
	case 8:
		return "Inverse Request";
	case 9:
		return "Inverse Reply";
	case 10:
		return "NACK Reply";
	}
	return NULL;
}

static const char *arp_hrd_name(uint16_t hrd)
{
	switch (hrd) {
	case 1:
		return "Ethernet";
	case 6:
		return "TokenRing";
	case 7:
		return "ArcNet";
	case 15:
		return "FrameRelay";
	case 19:
		return "ATM";
	case 24:
		return "IEEE 1394";
	case 32:
		return "InfiniBand";
	}
	return NULL;
}

static void put_linkaddr(struct cap_ctx *c, const uint8_t *p, unsigned int n)
{
	if (!cap_need(c, p, n))
		return;
	if (n == 0) {
		vn_capture_puts(c, "<empty>");
		return;
	}
	if (n == VN_ETH_ALEN) {
		vn_capture_put_mac(c, p);
		return;
	}
	for (unsigned int i = 0; i < n; i++)
		vn_capture_printf(c, i ? ":%02x" : "%02x", p[i]);
}

static void arp_print(struct cap_ctx *c, const uint8_t *p, unsigned int length,
		      unsigned int caplen)
{
	uint16_t hrd, pro, op;
	unsigned int hln, pln;
	const uint8_t *sha, *spa, *tha, *tpa;
	const char *name;
	bool nonzero = false;

	c->proto = "arp";
	if (!cap_need(c, p, 8))
		return;
	hrd = vn_load_be16(p);
	pro = vn_load_be16(p + 2);
	hln = p[4];
	pln = p[5];
	op = vn_load_be16(p + 6);
	sha = p + 8;
	spa = sha + hln;
	tha = spa + pln;
	tpa = tha + hln;
	if (!cap_ttest(c, tpa, pln)) {
		vn_capture_trunc(c);
		return;
	}
	if (!c->opts->ether)
		vn_capture_puts(c, "ARP, ");
	if ((pro != VN_ETH_P_IP && pro != 0x1000) || pln != 4 || hln == 0) {
		name = arp_hrd_name(hrd);
		if (name)
			vn_capture_printf(c, "%s (len %u), ", name, hln);
		else
			vn_capture_printf(c, "Unknown Hardware (%u) (len %u), ",
					  hrd, hln);
		name = ethertype_name(pro);
		if (name)
			vn_capture_printf(c, "%s (len %u)", name, pln);
		else
			vn_capture_printf(c, "Unknown Protocol (0x%04x) (len %u)",
					  pro, pln);
		goto out;
	}
	name = arp_op_name(op);
	if (name)
		vn_capture_printf(c, "%s ", name);
	else
		vn_capture_printf(c, "Unknown (%u) ", op);
	switch (op) {
	case 1:
		vn_capture_puts(c, "who-has ");
		vn_capture_put_ipv4(c, tpa);
		for (unsigned int i = 0; i < hln; i++)
			nonzero |= tha[i] != 0;
		if (nonzero) {
			vn_capture_puts(c, " (");
			put_linkaddr(c, tha, hln);
			vn_capture_puts(c, ")");
		}
		vn_capture_puts(c, " tell ");
		vn_capture_put_ipv4(c, spa);
		break;
	case 2:
		vn_capture_put_ipv4(c, spa);
		vn_capture_puts(c, " is-at ");
		put_linkaddr(c, sha, hln);
		break;
	case 3:
	case 8:
		vn_capture_puts(c, "who-is ");
		put_linkaddr(c, tha, hln);
		vn_capture_puts(c, " tell ");
		put_linkaddr(c, sha, hln);
		break;
	case 4:
		put_linkaddr(c, tha, hln);
		vn_capture_puts(c, " at ");
		vn_capture_put_ipv4(c, tpa);
		break;
	case 9:
		put_linkaddr(c, sha, hln);
		vn_capture_puts(c, " at ");
		vn_capture_put_ipv4(c, spa);
		break;
	default:
		vn_capture_hexdump(c, p, caplen);
		return;
	}
out:
	vn_capture_printf(c, ", length %u", length);
}

bool vn_capture_print_ethertype(struct cap_ctx *c, uint16_t type,
				const uint8_t *p, unsigned int length,
				unsigned int caplen)
{
	switch (type) {
	case VN_ETH_P_IP:
		vn_capture_print_ipv4(c, p, length);
		return true;
	case VN_ETH_P_IPV6:
		vn_capture_print_ipv6(c, p, length);
		return true;
	case VN_ETH_P_ARP:
	case 0x8035:
		arp_print(c, p, length, caplen);
		return true;
	}
	return false;
}

/* STP (802.1D-2004 9.3), as print-stp.c at verbosity 0. */
static void put_bridge_id(struct cap_ctx *c, const uint8_t *p)
{
	vn_capture_printf(c, "%04x.%02x:%02x:%02x:%02x:%02x:%02x",
			  vn_load_be16(p), p[2], p[3], p[4], p[5], p[6], p[7]);
}

static void put_stp_flags(struct cap_ctx *c, uint8_t flags)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} names[] = {
		{ 0x01, "Topology change" },
		{ 0x02, "Proposal" },
		{ 0x10, "Learn" },
		{ 0x20, "Forward" },
		{ 0x40, "Agreement" },
		{ 0x80, "Topology change ACK" },
	};
	bool first = true;

	vn_capture_puts(c, ", Flags [");
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(flags & names[i].bit))
			continue;
		vn_capture_printf(c, "%s%s", first ? "" : ", ", names[i].name);
		first = false;
	}
	vn_capture_puts(c, first ? "none]" : "]");
}

static void stp_print(struct cap_ctx *c, const uint8_t *p, unsigned int length)
{
	uint8_t version, type;

	c->proto = "stp";
	if (length < 4) {
		vn_capture_invalid(c);
		return;
	}
	if (cap_get16(c, p) != 0) {
		vn_capture_printf(c, "unknown STP version, length %u", length);
		return;
	}
	version = cap_get8(c, p + 2);
	switch (version) {
	case 0:
		vn_capture_puts(c, "STP 802.1d");
		break;
	case 2:
		vn_capture_puts(c, "STP 802.1w");
		break;
	case 3:
		vn_capture_puts(c, "STP 802.1s");
		break;
	case 4:
		vn_capture_puts(c, "STP 802.1aq");
		break;
	default:
		vn_capture_printf(c, "unknown STP version, length %u", length);
		return;
	}
	type = cap_get8(c, p + 3);
	switch (type) {
	case 0x00:
		vn_capture_puts(c, ", Config");
		break;
	case 0x02:
		vn_capture_puts(c, ", Rapid STP");
		break;
	case 0x80:
		vn_capture_puts(c, ", Topology Change");
		break;
	default:
		vn_capture_printf(c, ", Unknown BPDU Type (0x%02x)", type);
		break;
	}
	if (type == 0x80)
		return;		/* a topology change notice: no body */
	if ((version == 0 && type != 0x00) || (version != 0 && type != 0x02) ||
	    length < 35 || (version != 0 && length < 36)) {
		vn_capture_invalid(c);
		return;
	}
	put_stp_flags(c, cap_get8(c, p + 4));
	if (!cap_need(c, p + 17, 10))
		return;
	vn_capture_puts(c, ", bridge-id ");
	put_bridge_id(c, p + 17);
	vn_capture_printf(c, ".%04x, length %u", vn_load_be16(p + 25), length);
}

/*
 * 802.2 LLC (and SNAP inside it), as print-llc.c.  Returns the LLC header
 * length, negative when the caller should hex-dump the frame.
 */
static int snap_print(struct cap_ctx *c, const uint8_t *p, unsigned int length,
		      unsigned int caplen, const uint8_t *eth)
{
	uint32_t oui;
	uint16_t et;
	const char *name;

	c->proto = "snap";
	if (!cap_need(c, p, 5))
		return 1;
	oui = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
	et = vn_load_be16(p + 3);
	if (c->opts->ether) {
		name = oui == 0 || oui == 0x0000f8 ? ethertype_name(et) : NULL;
		vn_capture_printf(c, "oui %s (0x%06x), %s %s (0x%04x), length %u: ",
				  oui_name(oui), oui,
				  oui == 0 ? "ethertype" : "pid",
				  name ? name : "Unknown", et, length - 5);
	}
	if ((oui == 0 || oui == 0x0000f8) &&
	    vn_capture_print_ethertype(c, et, p + 5, length - 5, caplen - 5))
		return 1;
	if (!c->opts->ether) {
		vn_capture_put_mac(c, eth + VN_ETH_SRC);
		vn_capture_puts(c, " > ");
		vn_capture_put_mac(c, eth + VN_ETH_DST);
		vn_capture_puts(c, " ");
		if (oui == 0) {
			name = ethertype_name(et);
			vn_capture_printf(c, "SNAP, ethertype %s (0x%04x), length %u: ",
					  name ? name : "Unknown", et,
					  length - 5);
		} else {
			vn_capture_printf(c, "SNAP, oui %s (0x%06x), pid Unknown (0x%04x), length %u: ",
					  oui_name(oui), oui, et, length - 5);
		}
	}
	return 0;
}

static const char *llc_sap_name(uint8_t sap)
{
	switch (sap) {
	case 0x00:
		return "Null";
	case 0xff:
		return "Global";
	case 0x02:
		return "802.1B I";
	case 0x03:
		return "802.1B G";
	case 0x06:
		return "IP";
	case 0x0e:
		return "ProWay NM";
	case 0x42:
		return "STP";
	case 0x4e:
		return "RS511";
	case 0x7e:
		return "ISO8208";
	case 0x8e:
		return "ProWay";
	case 0xaa:
		return "SNAP";
	case 0xe0:
		return "IPX";
	case 0xf0:
		return "NetBeui";
	case 0xfe:
		return "OSI";
	}
	return NULL;
}

static const char *llc_u_cmd_name(uint8_t cmd)
{
	switch (cmd) {
	case 0x03:
		return "ui";
	case 0xe3:
		return "test";
	case 0xaf:
		return "xid";
	case 0x63:
		return "ua";
	case 0x43:
		return "disc";
	case 0x0f:
		return "dm";
	case 0x6f:
		return "sabme";
	case 0x87:
		return "frmr";
	}
	return NULL;
}

static const char *llc_flag_name(unsigned int flags)
{
	switch (flags) {
	case 0:
		return "Command";
	case 0x01:
		return "Response";
	case 0x10:
	case 0x100:
		return "Poll";
	case 0x11:
	case 0x101:
		return "Final";
	}
	return "?";
}

static void put_sap(struct cap_ctx *c, const char *fmt, uint8_t sap)
{
	const char *name = llc_sap_name(sap);

	if (name)
		vn_capture_puts(c, name);
	else
		vn_capture_printf(c, fmt, sap);
}

static int llc_print(struct cap_ctx *c, const uint8_t *p, unsigned int length,
		     unsigned int caplen, const uint8_t *eth)
{
	uint8_t dsap_field, ssap_field, dsap, ssap;
	unsigned int control, hdrlen;
	const char *name;
	bool is_u;

	c->proto = "llc";
	if (caplen < 3 || length < 3)
		goto trunc;
	dsap_field = p[0];
	ssap_field = p[1];
	control = p[2];
	if ((control & 3) == 3) {
		is_u = true;
		hdrlen = 3;
	} else {
		if (caplen < 4 || length < 4)
			goto trunc;
		control = (unsigned int)p[2] | (unsigned int)p[3] << 8;
		is_u = false;
		hdrlen = 4;
	}
	if (dsap_field == 0xff && ssap_field == 0xff) {
		/* Novell's raw 802.3 IPX: not decoded here. */
		vn_capture_puts(c, c->opts->ether ? "IPX 802.3: " : "");
		vn_capture_hexdump(c, p, caplen);
		return 0;
	}
	dsap = dsap_field & 0xfe;
	ssap = ssap_field & 0xfe;
	if (c->opts->ether) {
		name = llc_sap_name(dsap);
		vn_capture_printf(c, "LLC, dsap %s (0x%02x) %s, ",
				  name ? name : "Unknown", dsap,
				  dsap_field & 1 ? "Group" : "Individual");
		name = llc_sap_name(ssap);
		vn_capture_printf(c, "ssap %s (0x%02x) %s",
				  name ? name : "Unknown", ssap,
				  ssap_field & 1 ? "Response" : "Command");
		vn_capture_printf(c, is_u ? ", ctrl 0x%02x: " :
					    ", ctrl 0x%04x: ", control);
	}
	p += hdrlen;
	length -= hdrlen;
	caplen -= hdrlen;
	if (ssap == 0xaa && dsap == 0xaa && control == 0x03)
		return snap_print(c, p, length, caplen, eth) ?
			       (int)hdrlen + 5 : -((int)hdrlen + 5);
	if (ssap == 0x42 && dsap == 0x42 && control == 0x03) {
		stp_print(c, p, length);
		return (int)hdrlen;
	}
	if (ssap == 0x06 && dsap == 0x06 && control == 0x03) {
		vn_capture_print_ipv4(c, p, length);
		return (int)hdrlen;
	}
	if (!c->opts->ether) {
		vn_capture_put_mac(c, eth + VN_ETH_SRC);
		if (ssap != dsap) {
			vn_capture_puts(c, " ");
			put_sap(c, "Unknown SSAP 0x%02x", ssap);
		}
		vn_capture_puts(c, " > ");
		vn_capture_put_mac(c, eth + VN_ETH_DST);
		vn_capture_puts(c, " ");
		put_sap(c, "Unknown DSAP 0x%02x", dsap);
		vn_capture_puts(c, " ");
	}
	if (is_u) {
		name = llc_u_cmd_name(control & 0xef);
		if (name)
			vn_capture_printf(c, "Unnumbered, %s, ", name);
		else
			vn_capture_printf(c, "Unnumbered, %02x, ",
					  control & 0xef);
		vn_capture_printf(c, "Flags [%s], length %u",
				  llc_flag_name((ssap_field & 1u) |
						(control & 0x10)),
				  length + hdrlen);
	} else if ((control & 3) == 1) {
		static const char *const s_cmd[] = { "rr", "rej", "rnr", "?" };

		vn_capture_printf(c, "Supervisory, %s, rcv seq %u, Flags [%s], length %u",
				  s_cmd[(control >> 2) & 3], control >> 9,
				  llc_flag_name((ssap_field & 1u) |
						(control & 0x100)),
				  length + hdrlen);
		return (int)hdrlen;
	} else {
		vn_capture_printf(c, "Information, send seq %u, rcv seq %u, Flags [%s], length %u",
				  (control >> 1) & 0x7f, control >> 9,
				  llc_flag_name((ssap_field & 1u) |
						(control & 0x100)),
				  length + hdrlen);
	}
	return -(int)hdrlen;
trunc:
	/* print-llc.c marks the cut but still dumps what there is. */
	vn_capture_printf(c, " [|%s]", c->proto);
	vn_capture_hexdump(c, p, caplen);
	c->stop = true;
	return (int)caplen;
}

static void put_vlan_tci(struct cap_ctx *c, uint16_t tci)
{
	vn_capture_printf(c, "vlan %u, p %u%s", tci & 0xfff, tci >> 13,
			  tci & 0x1000 ? ", DEI" : "");
}

static bool is_vlan_type(uint16_t type)
{
	return type == VN_ETH_P_8021Q || type == VN_ETH_P_8021AD ||
	       type == 0x9100 || type == 0x9200;
}

static void ether_addresses(struct cap_ctx *c, const uint8_t *eth)
{
	vn_capture_put_mac(c, eth + VN_ETH_SRC);
	vn_capture_puts(c, " > ");
	vn_capture_put_mac(c, eth + VN_ETH_DST);
	vn_capture_puts(c, ", ");
}

/*
 * print-ether.c's ether_common_print() without switch tags or MACsec.
 * Returns what tcpdump takes as the link-layer header length (for -x):
 * Ethernet, VLAN tags and an 802.2 LLC header, or what there was of them.
 */
static unsigned int ether_print(struct cap_ctx *c, const uint8_t *eth,
				unsigned int length, unsigned int caplen)
{
	unsigned int orig_length = length, hdrlen = VN_ETH_HLEN;
	bool printed_length = false;
	const uint8_t *p;
	uint16_t type;
	int llc_hdrlen;

	c->proto = "ether";
	if (length < caplen) {
		vn_capture_printf(c, "[length %u < caplen %u]", length,
				  caplen);
		vn_capture_invalid(c);
		return length;
	}
	if (caplen < VN_ETH_HLEN) {
		vn_capture_trunc(c);
		return caplen;
	}
	if (c->opts->ether) {
		vn_capture_put_mac(c, eth + VN_ETH_SRC);
		vn_capture_puts(c, " > ");
		vn_capture_put_mac(c, eth + VN_ETH_DST);
		vn_capture_puts(c, ", ");
	}
	p = eth + VN_ETH_TYPE;
	type = vn_load_be16(p);
	p += 2;
	length -= VN_ETH_HLEN;
	caplen -= VN_ETH_HLEN;
	while (is_vlan_type(type)) {
		if (caplen < 4 || length < 4) {
			c->proto = "vlan";
			vn_capture_trunc(c);
			return hdrlen + VN_MIN(caplen, length);
		}
		if (c->opts->ether) {
			vn_capture_put_ethertype(c, type);
			if (!printed_length)
				vn_capture_printf(c, ", length %u: ",
						  orig_length);
			else
				vn_capture_puts(c, ", ");
			printed_length = true;
			put_vlan_tci(c, vn_load_be16(p));
			vn_capture_puts(c, ", ");
		}
		type = vn_load_be16(p + 2);
		p += 4;
		length -= 4;
		caplen -= 4;
		hdrlen += 4;
	}
	if (type <= 1500) {
		/* 802.3: a length (at most 1500), then 802.2 LLC. */
		const uint8_t *saved_end = c->snapend;

		if (type < length) {
			length = type;
			if (caplen > length)
				caplen = length;
		}
		if (cap_avail(c, p) > length)
			c->snapend = p + length;
		if (c->opts->ether) {
			vn_capture_puts(c, "802.3");
			if (!printed_length)
				vn_capture_printf(c, ", length %u: ", length);
		}
		llc_hdrlen = llc_print(c, p, length, caplen, eth);
		if (llc_hdrlen < 0) {
			if (cap_default_print(c))
				vn_capture_hexdump(c, p, caplen);
			llc_hdrlen = -llc_hdrlen;
		}
		c->snapend = saved_end;
		return hdrlen + (unsigned int)llc_hdrlen;
	}
	if (c->opts->ether) {
		vn_capture_put_ethertype(c, type);
		if (!printed_length)
			vn_capture_printf(c, ", length %u: ", orig_length);
		else
			vn_capture_puts(c, ", ");
	}
	if (vn_capture_print_ethertype(c, type, p, length, caplen))
		return hdrlen;
	if (!c->opts->ether) {
		ether_addresses(c, eth);
		vn_capture_put_ethertype(c, type);
		vn_capture_printf(c, ", length %u: ", orig_length);
	}
	if (cap_default_print(c))
		vn_capture_hexdump(c, p, caplen);
	return hdrlen;
}

void vn_capture_printer_init(struct vn_capture_printer *pr,
			     const struct vn_print_opts *opts)
{
	memset(pr, 0, sizeof(*pr));
	pr->opts = *opts;
}

static void put_hms(struct cap_ctx *c, int64_t sec, int32_t usec,
		    bool with_date)
{
	time_t t = (time_t)sec;
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	if (with_date)
		vn_capture_printf(c, "%04d-%02d-%02d ", tm.tm_year + 1900,
				  tm.tm_mon + 1, tm.tm_mday);
	vn_capture_printf(c, "%02d:%02d:%02d.%06u", tm.tm_hour, tm.tm_min,
			  tm.tm_sec, (unsigned int)usec);
}

/* util-print.c's ts_print(); @pr holds the -ttt/-ttttt reference. */
static void put_tstamp(struct cap_ctx *c, struct vn_capture_printer *pr,
		       int64_t sec, int32_t usec)
{
	int64_t ref_sec = sec, d_sec;
	int32_t ref_usec = usec, d_usec;
	bool negative;

	switch (c->opts->tstamp) {
	case VN_TSTAMP_DEFAULT:
		put_hms(c, sec, usec, false);
		break;
	case VN_TSTAMP_NONE:
		return;
	case VN_TSTAMP_UNIX:
		vn_capture_printf(c, "%u.%06u", (unsigned int)sec,
				  (unsigned int)usec);
		break;
	case VN_TSTAMP_DATE:
		put_hms(c, sec, usec, true);
		break;
	case VN_TSTAMP_DELTA:
	case VN_TSTAMP_SINCE_FIRST:
		if (pr && pr->ts_ref_set) {
			ref_sec = pr->ts_ref_sec;
			ref_usec = pr->ts_ref_usec;
		} else if (pr) {
			pr->ts_ref_set = true;
			pr->ts_ref_sec = sec;
			pr->ts_ref_usec = usec;
		}
		negative = sec < ref_sec || (sec == ref_sec && usec < ref_usec);
		d_sec = negative ? ref_sec - sec : sec - ref_sec;
		d_usec = negative ? ref_usec - usec : usec - ref_usec;
		if (d_usec < 0) {
			d_sec--;
			d_usec += 1000000;
		}
		vn_capture_puts(c, negative ? "-" : " ");
		put_hms(c, d_sec, d_usec, false);
		if (pr && c->opts->tstamp == VN_TSTAMP_DELTA) {
			pr->ts_ref_sec = sec;
			pr->ts_ref_usec = usec;
		}
		break;
	}
	vn_capture_puts(c, " ");
}

/* tcpdump's hex_print(): 16 bytes a line in pairs, no ASCII column. */
static void hex_print(struct cap_ctx *c, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (i % 16 == 0)
			vn_capture_printf(c, "\n\t0x%04zx: ", i);
		vn_capture_printf(c, i % 2 == 0 ? " %02x" : "%02x", p[i]);
	}
}

/* pretty_print_packet()'s -x/-X part, after the printers have run. */
static void put_raw(struct cap_ctx *c, const uint8_t *frame, size_t caplen,
		    unsigned int hdrlen)
{
	const struct vn_print_opts *o = c->opts;
	size_t skip = (o->hex_ascii ? o->hex_ascii : o->hex) > 1 ? 0 : hdrlen;

	if (!o->hex && !o->hex_ascii)
		return;
	/* Printers may have cut the line or shrunk the end; undo both. */
	c->stop = false;
	c->snapend = frame + caplen;
	if (skip >= caplen)
		return;
	if (o->hex_ascii)
		vn_capture_hexdump(c, frame + skip, caplen - skip);
	else
		hex_print(c, frame + skip, caplen - skip);
}

static size_t print_frame(struct vn_capture_printer *pr,
			  const struct vn_print_opts *opts, char *out,
			  size_t size, const uint8_t *frame, size_t caplen,
			  size_t len, int64_t sec, int32_t usec)
{
	struct cap_ctx c = {
		.out = out,
		.size = size,
		.snapend = frame + caplen,
		.proto = "ether",
		.opts = opts,
		.pr = pr,
	};
	unsigned int hdrlen;

	if (size)
		out[0] = '\0';
	if (caplen == 0) {
		/* tcpdump's pretty_print_packet() refuses empty records. */
		vn_capture_puts(&c, len ? "[Invalid header: caplen==0]" :
				     "[Invalid header: caplen==0, len==0]");
		return c.len;
	}
	put_tstamp(&c, pr, sec, usec);
	hdrlen = ether_print(&c, frame,
			     (unsigned int)VN_MIN(len, (size_t)UINT32_MAX),
			     (unsigned int)VN_MIN(caplen, (size_t)UINT32_MAX));
	put_raw(&c, frame, caplen, hdrlen);
	return c.len;
}

size_t vn_capture_print(struct vn_capture_printer *pr, char *out, size_t size,
			const uint8_t *frame, size_t caplen, size_t len,
			int64_t sec, int32_t usec)
{
	return print_frame(pr, &pr->opts, out, size, frame, caplen, len, sec,
			   usec);
}

size_t vn_capture_format(char *out, size_t size, const uint8_t *frame,
			 size_t len, int64_t sec, int32_t usec,
			 const struct vn_print_opts *opts)
{
	return print_frame(NULL, opts, out, size, frame, len, len, sec, usec);
}
