/* SPDX-License-Identifier: MIT */
/*
 * base/drop.h - named reasons for dropping a packet.
 *
 * Every drop on the packet path names one of these, so a silent drop is a
 * bug.  The list is an X-macro: the enum and the printed names (shown by the
 * `drops` command) come from one place and cannot drift.  Names follow
 * Linux's SKB_DROP_REASON_* where one exists.
 */
#ifndef VN_BASE_DROP_H
#define VN_BASE_DROP_H

#include <stdint.h>

#define VN_DROP_REASONS(X)                                                   \
	X(NOT_SPECIFIED, "not specified")                                    \
	X(NOMEM, "buffer pool exhausted")                                    \
	X(DEV_DOWN, "device down")                                           \
	X(DEV_DELETED, "device deleted while frame queued")                  \
	X(BACKLOG_FULL, "receive backlog full (netdev_max_backlog)")         \
	X(VETH_PEER_DOWN, "veth peer down")                                  \
	X(FRAME_TOO_SHORT, "frame shorter than an Ethernet header")          \
	X(FRAME_TOO_LONG, "frame longer than MTU allows")                    \
	X(UNHANDLED_PROTO, "no handler for EtherType")                       \
	X(OTHERHOST, "frame for another host")                               \
	X(BR_INGRESS_PORT, "bridge: destination is the ingress port")        \
	X(BR_RESERVED_GROUP, "bridge: 802.1D reserved group address")        \
	X(BR_PORT_STATE, "bridge: port not forwarding")                      \
	X(BR_ISOLATED, "bridge: isolated port to isolated port")             \
	X(BR_NO_FLOOD, "bridge: no port to flood to")                        \
	X(BR_BAD_SRC_MAC, "bridge: multicast or zero source MAC")            \
	X(BR_FDB_FULL, "bridge: fdb full, address not learned")              \
	X(ARP_TRUNCATED, "ARP: truncated packet")                            \
	X(ARP_BAD_FORMAT, "ARP: unsupported hardware/protocol format")       \
	X(ARP_BAD_OP, "ARP: unknown operation")                              \
	X(ARP_BAD_SENDER, "ARP: multicast or broadcast sender address")      \
	X(NEIGH_QUEUE_FULL, "neighbour: resolution queue full")              \
	X(NEIGH_FAILED, "neighbour: resolution failed")                      \
	X(NEIGH_DEAD, "neighbour: entry removed")                            \
	X(IP_TRUNCATED, "IPv4: truncated header")                            \
	X(IP_BAD_VERSION, "IPv4: version is not 4")                          \
	X(IP_BAD_IHL, "IPv4: header length below 20 bytes")                 \
	X(IP_BAD_LENGTH, "IPv4: total length beyond frame or below header")  \
	X(IP_CSUM, "IPv4: bad header checksum")                              \
	X(IP_BAD_SRC, "IPv4: martian source address")                        \
	X(IP_BAD_DST, "IPv4: martian destination address")                   \
	X(IP_BAD_OPTIONS, "IPv4: malformed options")                         \
	X(IP_NOT_FORWARDING, "IPv4: not for us and forwarding disabled")     \
	X(IP_NO_ROUTE, "IPv4: no route to destination")                      \
	X(IP_TTL_EXPIRED, "IPv4: TTL expired in transit")                    \
	X(IP_FRAG_NEEDED, "IPv4: fragmentation needed but DF set")           \
	X(IP_FRAG_TIMEOUT, "IPv4: reassembly timed out")                     \
	X(IP_FRAG_OVERLAP, "IPv4: bad or overlapping fragment")              \
	X(IP_FRAG_TOO_BIG, "IPv4: reassembled datagram over 65535 bytes")    \
	X(IP_FRAG_LIMIT, "IPv4: reassembly memory limit reached")            \
	X(IP_UNKNOWN_PROTO, "IPv4: no handler for protocol")                 \
	X(IP_OUTNOROUTES, "IPv4: output with no route")                      \
	X(ICMP_TRUNCATED, "ICMP: truncated message")                         \
	X(ICMP_CSUM, "ICMP: bad checksum")                                   \
	X(ICMP_NO_SOCKET, "ICMP: no socket for echo reply")                  \
	X(ICMP_IGNORED, "ICMP: type ignored")                                \
	X(ICMP_RATELIMIT, "ICMP: error rate-limited")                        \
	X(UDP_TRUNCATED, "UDP: truncated datagram")                          \
	X(UDP_CSUM, "UDP: bad checksum")                                     \
	X(UDP_NO_SOCKET, "UDP: no socket on port")                           \
	X(SOCKET_RCVBUF, "socket: receive queue full")                       \
	X(SOCKET_CLOSED, "socket: closed")                                   \
	X(CAPTURE_FULL, "capture: buffer full")                              \
	X(OFFLOAD_BAD, "offload: bad GSO or partial-checksum metadata")      \
	X(KERNEL_DOWN, "kernel device: down (the kernel refused the frame)") \
	X(KERNEL_TX_ERROR, "kernel device: write failed")                    \
	X(NETEM_LOSS, "netem: lost on purpose (tc qdisc ... netem loss)")    \
	X(QDISC_OVERLIMIT, "qdisc: queue full (tc qdisc ... limit)")         \
	X(QDISC_RESET, "qdisc: queued frame purged (device down, qdisc deleted)") \
	X(TCP_TRUNCATED, "TCP: shorter than a header")                       \
	X(TCP_BAD_OFFSET, "TCP: data offset below 5 or beyond the segment")  \
	X(TCP_CSUM, "TCP: bad checksum")                                     \
	X(TCP_NOT_HOST, "TCP: broadcast or multicast destination")           \
	X(TCP_NO_SOCKET, "TCP: no socket (reset sent unless RST)")           \
	X(TCP_FLAGS, "TCP: flags invalid in this state")                     \
	X(TCP_INVALID_SEQUENCE, "TCP: segment outside the receive window")   \
	X(TCP_OLD_DATA, "TCP: data already received")                        \
	X(TCP_ZEROWINDOW, "TCP: data while the window is zero")              \
	X(TCP_OVERWINDOW, "TCP: data beyond the receive window")             \
	X(TCP_RCVBUF, "TCP: receive buffer full")                            \
	X(TCP_PAWS, "TCP: PAWS, timestamp older than the last (RFC 7323)")   \
	X(TCP_RST_CHALLENGE, "TCP: RST in window, not exact (RFC 5961)")     \
	X(TCP_RST_IGNORED, "TCP: RST outside the window")                    \
	X(TCP_SYN_CHALLENGE, "TCP: SYN on a synchronized connection")        \
	X(TCP_ACK_UNSENT_DATA, "TCP: acknowledges data never sent")          \
	X(TCP_TOO_OLD_ACK, "TCP: ACK older than the window (RFC 5961)")      \
	X(TCP_INVALID_ACK, "TCP: unacceptable ACK in SYN-SENT")              \
	X(TCP_LISTEN_OVERFLOW, "TCP: accept queue full")                     \
	X(TCP_REQ_QUEUE_FULL, "TCP: SYN queue full, no SYN cookies")         \
	X(TCP_CLOSE, "TCP: connection closed")                               \
	X(TCP_TIMEWAIT, "TCP: segment for a TIME-WAIT connection")           \
	X(VLAN_TRUNCATED, "VLAN: tag announced but cut short")               \
	X(VLAN_UNKNOWN_VID, "VLAN: no VLAN device for the tag's VID")        \
	X(VLAN_NO_HEADROOM, "VLAN: no headroom left to insert a tag")        \
	X(BR_VLAN_INGRESS, "bridge: VLAN not allowed on the ingress port")   \
	X(BR_VLAN_EGRESS, "bridge: VLAN not allowed on the egress port")

enum vn_drop_reason {
#define VN_DROP_ENUM(name, text) VN_DROP_##name,
	VN_DROP_REASONS(VN_DROP_ENUM)
#undef VN_DROP_ENUM
	VN_DROP__COUNT
};

/* A set of drop counters, one per reason (per namespace, and engine-wide). */
struct vn_drop_stats {
	uint64_t n[VN_DROP__COUNT];
};

const char *vn_drop_name(enum vn_drop_reason reason);
const char *vn_drop_text(enum vn_drop_reason reason);

#endif
