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
	X(CAPTURE_FULL, "capture: buffer full")

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
