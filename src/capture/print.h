/* SPDX-License-Identifier: MIT */
/*
 * capture/print.h - one line of tcpdump text for an Ethernet frame.
 *
 * The `tcpdump` command prints what tcpdump 4.99 (Debian 12) prints for
 * the same frame, byte for byte, for the protocols vnet speaks: Ethernet,
 * 802.1Q/802.1ad tags, 802.3/LLC/SNAP, STP, ARP, IPv4 (fragments and
 * malformed headers included), ICMP, UDP, TCP, IPv6 and ICMPv6.  Other
 * protocols get tcpdump's generic forms ("ip-proto-N", hex dumps) where
 * tcpdump itself would decode them; the headers of print.c and print_ip.c
 * list those gaps.
 *
 * vnet never resolves names.  Without -n (numeric false) the printer keeps
 * the differences that do not need DNS: port names from a frozen copy of
 * /etc/services, protocol names, "Broadcast" and "(oui ...)" after MAC
 * addresses; addresses themselves stay numeric, as if every lookup failed.
 *
 * tcpdump prints TCP sequence numbers relative to the first segment of a
 * conversation it has seen, so it keeps state across frames; so does
 * struct vn_capture_printer.  vn_capture_format() is the stateless form:
 * the line a fresh tcpdump would print for this frame alone.
 */
#ifndef VN_CAPTURE_PRINT_H
#define VN_CAPTURE_PRINT_H

#include "base/util.h"

/* How the line starts: tcpdump's -t options (ts_print()). */
enum vn_print_tstamp {
	VN_TSTAMP_DEFAULT,	/* 12:34:56.123456 (UTC; tcpdump: local) */
	VN_TSTAMP_NONE,		/* -t */
	VN_TSTAMP_UNIX,		/* -tt: 1767225600.123456 */
	VN_TSTAMP_DELTA,	/* -ttt: " 00:00:00.000123" since the last */
	VN_TSTAMP_DATE,		/* -tttt: 2026-01-01 12:34:56.123456 */
	VN_TSTAMP_SINCE_FIRST,	/* -ttttt: " 00:00:01.000000" since the first */
};

struct vn_print_opts {
	bool numeric;		/* -n: no port/protocol/OUI names */
	bool ether;		/* -e: print the link-level header */
	int verbose;		/* -v: only 0 is implemented */
	bool absolute_seq;	/* -S: absolute TCP sequence numbers */
	enum vn_print_tstamp tstamp;	/* -t ... -ttttt */
	/*
	 * -x (1) and -xx (2): the frame in hex after the line, without (1)
	 * or with (2) the link-layer header; -X/-XX (hex_ascii) the same
	 * with an ASCII column, and -X wins over -x as in tcpdump.  Either
	 * suppresses the hex dump tcpdump otherwise prints for payloads it
	 * cannot decode (ndo_suppress_default_print).  Known gap: when a
	 * frame is cut short and tcpdump's decoder gives up part-way (a
	 * longjmp in 4.99), -x/-X dump from the first byte there; here
	 * they always start after the link-layer header.  -xx/-XX match.
	 */
	int hex;
	int hex_ascii;
};

/* Conversations whose initial sequence numbers the printer remembers. */
#define VN_CAPTURE_TCP_SLOTS 1024

struct vn_capture_tcp_conv {
	uint8_t addr[32];	/* lower address then higher, 16 bytes each */
	uint32_t ports;		/* lower port << 16 | higher port */
	uint8_t family;		/* 0 (free), 4 or 6 */
	uint32_t seq, ack;	/* initial numbers, tcpdump's th->seq/ack */
};

struct vn_capture_printer {
	struct vn_print_opts opts;
	bool ts_ref_set;	/* -ttt/-ttttt: the reference time is known */
	int64_t ts_ref_sec;
	int32_t ts_ref_usec;
	unsigned int n_conv;
	struct vn_capture_tcp_conv conv[VN_CAPTURE_TCP_SLOTS];
};

/**
 * vn_capture_printer_init() - start a printer as a fresh tcpdump
 * @pr: the printer (embedded or allocated by the caller; about 48 KiB)
 * @opts: options, copied
 *
 * Context: control path; does not allocate.
 */
void vn_capture_printer_init(struct vn_capture_printer *pr,
			     const struct vn_print_opts *opts);

/**
 * vn_capture_print() - format one captured frame as tcpdump would
 * @pr: the printer; remembers TCP conversations across calls
 * @out: where the text goes, always NUL-terminated when @size > 0
 * @size: bytes at @out
 * @frame: the captured bytes, starting at the Ethernet header
 * @caplen: bytes captured (what @frame holds)
 * @len: length of the frame on the wire (>= @caplen unless malformed)
 * @sec: capture time, seconds since the epoch
 * @usec: microseconds
 *
 * The text is one line without a newline, except where tcpdump itself
 * prints a hex dump (unknown EtherTypes and the like, or -x/-X): those
 * lines follow as "\n\t0x0000:  ..." exactly as tcpdump writes them.  The
 * time is UTC, in the form opts->tstamp asks for; the -ttt and -ttttt
 * forms are relative to frames this printer saw before.
 *
 * Context: packet path; does not allocate; reads only [frame, frame+caplen).
 * Return: the length of the whole text, as snprintf() counts it; the text
 * was cut if that is >= @size.
 */
size_t vn_capture_print(struct vn_capture_printer *pr, char *out, size_t size,
			const uint8_t *frame, size_t caplen, size_t len,
			int64_t sec, int32_t usec);

/**
 * vn_capture_format() - the stateless form of vn_capture_print()
 * @out: where the text goes
 * @size: bytes at @out
 * @frame: the frame, starting at the Ethernet header
 * @len: bytes at @frame, both captured and on the wire
 * @sec: capture time, seconds since the epoch
 * @usec: microseconds
 * @opts: options
 *
 * Prints what a fresh tcpdump prints when this frame is the first of a
 * capture (so TCP numbers are absolute, as for a first segment).
 *
 * Context: any; keeps no state and does not allocate.
 * Return: as vn_capture_print().
 */
size_t vn_capture_format(char *out, size_t size, const uint8_t *frame,
			 size_t len, int64_t sec, int32_t usec,
			 const struct vn_print_opts *opts);

#endif
