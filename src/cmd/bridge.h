/* SPDX-License-Identifier: MIT */
/*
 * cmd/bridge.h - option parsing the bridge-configuring commands share.
 *
 * `bridge link set`, `ip link set DEV type bridge_slave` and `brctl`
 * change the same port settings, and `ip link ... type bridge` and
 * `brctl set*` the same bridge settings.  They parse into the
 * vn_br_port_opts / vn_bridge_opts of dev/bridge.h and apply them with
 * vn_br_port_change() / vn_bridge_change(), so every door validates and
 * behaves alike; only the spelling and the messages differ, as they do
 * between iproute2's bridge/link.c and ip/iplink_bridge_slave.c.
 */
#ifndef VN_CMD_BRIDGE_H
#define VN_CMD_BRIDGE_H

#include "cmd/commands.h"
#include "dev/bridge.h"

/* Which tool's spelling and messages. */
enum vn_brport_syntax {
	VN_BRPORT_SYNTAX_IP,		/* ip link set DEV type bridge_slave */
	VN_BRPORT_SYNTAX_BRIDGE,	/* bridge link set dev DEV */
};

void vn_br_port_opts_init(struct vn_br_port_opts *o);

/**
 * vn_brport_parse_opt() - parse one bridge port option at **@pargv
 * @job: for messages
 * @syn: ip's or bridge's rules
 * @pargc: arguments left; advanced past the option's value
 * @pargv: the arguments; advanced likewise
 * @o: gets the option
 * @matched: false if **@pargv is not a port option (nothing consumed)
 *
 * Return: 0, or the exit status after printing the tool's message.
 */
int vn_brport_parse_opt(struct vn_job *job, enum vn_brport_syntax syn,
			int *pargc, char ***pargv, struct vn_br_port_opts *o,
			bool *matched);

/*
 * vn_bridge_parse_opt() - one `ip link ... type bridge` option; same
 * contract as vn_brport_parse_opt().  Times are in centiseconds, as
 * iproute2 takes them.
 */
int vn_bridge_parse_opt(struct vn_job *job, int *pargc, char ***pargv,
			struct vn_bridge_opts *o, bool *matched);

/*
 * vn_parse_ll_proto() - a link-layer protocol by name or number, as
 * iproute2's ll_proto_a2n() takes it for `vlan protocol` and
 * `vlan_protocol` ("802.1Q", "802.1ad", "ip", "arp", "ipv6" or a number,
 * names in any case).  0 or -EINVAL.
 */
int vn_parse_ll_proto(const char *s, uint16_t *proto);

#endif
