/* SPDX-License-Identifier: MIT */
/*
 * inet/inet.h - the IPv4 stack of one namespace.
 *
 * struct vn_inet holds everything IPv4 in a namespace: addresses hang off
 * devices (struct vn_in_dev), routes live in the FIB, neighbours in the ARP
 * table, fragments in the reassembly queue, sockets in the socket table.
 * The namespace forwards device events and received ARP/IPv4 frames here.
 */
#ifndef VN_INET_INET_H
#define VN_INET_INET_H

#include "dev/dev.h"
#include "inet/neigh.h"
#include "inet/reasm.h"
#include "inet/route.h"

/* Address flags, Linux's IFA_F_*. */
#define VN_IFA_F_SECONDARY 0x01
#define VN_IFA_F_PERMANENT 0x80

/* Route scopes, Linux's RT_SCOPE_*. */
#define VN_SCOPE_UNIVERSE 0
#define VN_SCOPE_SITE 200
#define VN_SCOPE_LINK 253
#define VN_SCOPE_HOST 254
#define VN_SCOPE_NOWHERE 255

struct vn_ifaddr {
	struct vn_list link;	/* in the device: primaries, then secondaries */
	struct vn_in_dev *in;
	uint32_t local;		/* host order */
	uint32_t broadcast;	/* 0: none */
	uint8_t plen;
	uint8_t scope;
	uint8_t flags;		/* VN_IFA_F_* */
	char label[VN_IFNAMSIZ];
};

/*
 * Per-device IPv4 settings, net.ipv4.conf.{all,default,DEV}.*, stored as
 * the kernel stores them (any int a sysctl write gives).  How "all" and the
 * device value combine is per setting (IN_DEV_* in ipv4_priv.h).
 */
struct vn_in_conf {
	int forwarding;
	int accept_redirects;
	int send_redirects;
	int arp_ignore;
	int arp_announce;
	int arp_accept;
	int rp_filter;
	/* Devices: settings written explicitly, which "default" no longer
	 * changes (the kernel's devconf state bitmap). */
	uint32_t explicit;
};

struct vn_in_dev {
	struct vn_dev *dev;
	struct vn_list addrs;
	struct vn_in_conf conf;
};

struct vn_inet_stats {
	uint64_t in_receives, in_hdr_errors, in_addr_errors, in_delivers;
	uint64_t in_truncated_pkts, in_csum_errors;
	uint64_t forw_datagrams, in_unknown_protos, in_discards;
	uint64_t out_requests, out_no_routes, frag_oks, frag_creates;
	uint64_t reasm_reqds, reasm_oks, reasm_fails, reasm_timeouts;
	uint64_t icmp_in_msgs, icmp_out_msgs, icmp_in_errors, icmp_out_echos;
	uint64_t udp_in_datagrams, udp_no_ports, udp_in_errors,
		udp_out_datagrams, udp_rcvbuf_errors, udp_in_csum_errors;
	uint64_t icmp_out_echo_reps, icmp_out_dest_unreachs,
		icmp_out_time_excds;
	/* TCP (/proc/net/snmp "Tcp:"). */
	uint64_t tcp_active_opens, tcp_passive_opens, tcp_attempt_fails,
		tcp_estab_resets, tcp_in_segs, tcp_out_segs, tcp_retrans_segs,
		tcp_in_errs, tcp_out_rsts, tcp_in_csum_errors;
	/* TCP (/proc/net/netstat "TcpExt:"), in that file's order. */
	uint64_t tcpext_syncookies_sent, tcpext_syncookies_recv,
		tcpext_syncookies_failed, tcpext_embryonic_rsts,
		tcpext_out_of_window_icmps, tcpext_tw, tcpext_tw_killed,
		tcpext_paws_active, tcpext_paws_estab, tcpext_paws_timewait,
		tcpext_delayed_acks, tcpext_delayed_ack_lost,
		tcpext_listen_overflows,
		tcpext_listen_drops, tcpext_hp_hits, tcpext_pure_acks,
		tcpext_hp_acks, tcpext_reno_recovery, tcpext_sack_recovery,
		tcpext_sack_reneging, tcpext_full_undo, tcpext_loss_undo,
		tcpext_reno_failures, tcpext_sack_failures,
		tcpext_loss_failures, tcpext_fast_retrans,
		tcpext_slow_start_retrans, tcpext_timeouts,
		tcpext_dsack_old_sent, tcpext_dsack_ofo_sent,
		tcpext_dsack_recv, tcpext_abort_on_data,
		tcpext_abort_on_close, tcpext_abort_on_memory,
		tcpext_abort_on_timeout, tcpext_abort_on_linger,
		tcpext_sack_discard, tcpext_time_wait_overflow,
		tcpext_req_q_full_do_cookies, tcpext_req_q_full_drop,
		tcpext_rcv_coalesce, tcpext_ofo_queue, tcpext_ofo_drop,
		tcpext_ofo_merge, tcpext_challenge_ack, tcpext_syn_challenge,
		tcpext_from_zero_window_adv, tcpext_to_zero_window_adv,
		tcpext_want_zero_window_adv, tcpext_syn_retrans,
		tcpext_orig_data_sent, tcpext_hystart_train_detect,
		tcpext_hystart_train_cwnd, tcpext_hystart_delay_detect,
		tcpext_hystart_delay_cwnd, tcpext_ack_skipped_syn_recv,
		tcpext_ack_skipped_paws, tcpext_ack_skipped_seq,
		tcpext_ack_skipped_fin_wait2, tcpext_ack_skipped_time_wait,
		tcpext_ack_skipped_challenge, tcpext_win_probe,
		tcpext_keep_alive, tcpext_delivered, tcpext_zero_window_drop,
		tcpext_rcv_q_drop;
};

struct vn_socktab;

struct vn_inet {
	struct vn_env *env;
	struct vn_devspace *devs;
	struct vn_fib fib;
	struct vn_neigh_table arp;
	struct vn_reasm reasm;
	struct vn_socktab *socks;
	struct vn_in_conf conf_all;	/* net.ipv4.conf.all; .forwarding is
					 * also net.ipv4.ip_forward */
	struct vn_in_conf conf_default;	/* net.ipv4.conf.default */
	uint8_t default_ttl;	/* net.ipv4.ip_default_ttl */
	uint8_t icmp_echo_ignore_all;		/* net.ipv4.icmp_echo_ignore_all */
	uint8_t icmp_echo_ignore_broadcasts;	/* ..._broadcasts (1) */
	uint16_t next_ip_id;
	/* ICMP rate limit (icmp_ratelimit, icmp_msgs_per_sec/burst). */
	vn_time icmp_ratelimit;
	uint32_t icmp_msgs_per_sec, icmp_msgs_burst;
	int64_t icmp_tokens;
	vn_time icmp_last;
	void *icmp_peers;	/* icmp.c's per-destination buckets */
	struct vn_inet_stats stats;
};

void vn_inet_init(struct vn_inet *inet, struct vn_env *env,
		  struct vn_devspace *devs);
void vn_inet_fini(struct vn_inet *inet);

/* Device events from the namespace (register, up, down, carrier ...). */
void vn_inet_dev_event(struct vn_inet *inet, struct vn_dev *dev,
		       enum vn_dev_event ev);

/* A received ARP or IPv4 packet; data at the L3 header.  Consumes @buf. */
void vn_arp_input(struct vn_inet *inet, struct vn_buf *buf);
void vn_ipv4_input(struct vn_inet *inet, struct vn_buf *buf);

/* --- addresses (addr.c) --- */

static inline struct vn_in_dev *vn_in_dev_get(const struct vn_dev *dev)
{
	return dev->in;
}

/*
 * vn_inet_addr_add() - `ip addr add LOCAL/PLEN [brd B] [scope S] [label L]
 * dev DEV`.  A second address in the subnet of a primary one becomes
 * secondary.  Routes are added if the device is up, and the address is
 * announced by a gratuitous ARP.  Return: 0, -EEXIST, -EINVAL.
 */
int vn_inet_addr_add(struct vn_inet *inet, struct vn_dev *dev, uint32_t local,
		     uint8_t plen, uint32_t broadcast, int scope,
		     const char *label, struct vn_err *err);
/* Removes the address (and, for a primary, its secondaries). */
int vn_inet_addr_del(struct vn_inet *inet, struct vn_dev *dev, uint32_t local,
		     int plen, struct vn_err *err);
void vn_inet_addr_flush(struct vn_inet *inet, struct vn_dev *dev);

/* Is @addr one of this namespace's addresses? */
bool vn_inet_is_local(const struct vn_inet *inet, uint32_t addr);
/* The address on @dev whose subnet holds @addr, primary first; or NULL. */
struct vn_ifaddr *vn_inet_addr_on_link(const struct vn_dev *dev,
				       uint32_t addr);

/* inet_select_addr(): a source address for @dst out of @dev, or 0. */
uint32_t vn_inet_select_addr(const struct vn_inet *inet,
			     const struct vn_dev *dev, uint32_t dst,
			     int scope);

/* The effective per-device setting (all || dev for booleans). */
bool vn_in_dev_forwarding(const struct vn_inet *inet,
			  const struct vn_dev *dev);

/* --- output (ipv4_out.c) --- */

/* What a sender asks of IPv4 output. */
struct vn_ip_out {
	uint32_t src;		/* 0: choose */
	uint32_t dst;
	uint8_t proto;
	uint8_t ttl;		/* 0: default */
	uint8_t tos;
	bool df;		/* don't fragment */
	bool confirm;		/* MSG_CONFIRM: confirm the next hop's entry */
	int oif;		/* bound device ifindex, 0: any */
};

/**
 * vn_ip_output() - send an L4 payload as IPv4
 * @buf: the L4 message, data at its first byte, with headroom
 *
 * Routes, fills the IPv4 header (choosing the source if @o->src is 0),
 * fragments to the device MTU, and hands it to the neighbour layer.
 * Context: packet or control path; consumes @buf.
 * Return: 0 or -ENETUNREACH, -EHOSTUNREACH, -EMSGSIZE, -ENOBUFS, -ENODEV.
 */
int vn_ip_output(struct vn_inet *inet, struct vn_buf *buf,
		 const struct vn_ip_out *o);

/* Sends a complete IPv4 packet (data at the IP header) along @rt. */
int vn_ip_output_route(struct vn_inet *inet, struct vn_buf *buf,
		       const struct vn_route_result *rt);

/* Hands an IPv4 packet to the neighbour of @nexthop on @dev. */
void vn_ip_finish_output(struct vn_inet *inet, struct vn_dev *dev,
			 uint32_t nexthop, struct vn_buf *buf);

uint16_t vn_ip_next_id(struct vn_inet *inet);

/* --- local delivery (ipv4_in.c) --- */

void vn_ip_local_deliver(struct vn_inet *inet, struct vn_buf *buf);

/* --- ICMP (icmp.c) --- */

void vn_icmp_input(struct vn_inet *inet, struct vn_buf *buf);

/**
 * vn_icmp_send() - send an ICMP error about @orig
 * @orig: the offending packet, data at its IPv4 header (not consumed)
 *
 * Applies RFC 1122 3.2.2 and Linux's icmp_send() rules: never about an ICMP
 * error, a non-first fragment, a broadcast or multicast packet; rate
 * limited except towards ourselves.
 */
void vn_icmp_send(struct vn_inet *inet, const struct vn_buf *orig,
		  uint8_t type, uint8_t code, uint32_t info);

#endif
