// SPDX-License-Identifier: MIT
/*
 * inet/inet.c - the IPv4 stack of a namespace: set-up, tear-down, and the
 * reactions to device events (inetdev_event(), fib_netdev_event(),
 * arp_netdev_event()).
 *
 *   register    per-device state with net.ipv4.conf.default's values
 *   up          routes of every address; lo gets 127.0.0.1/8 (each time)
 *   down        every route through the device (static ones too) but
 *               those of scope host (its addresses' local routes) and
 *               every neighbour of it (permanent ones too) are removed
 *   carrier off neighbours removed except permanent ones; routes stay and
 *               print "linkdown"
 *   unregister  addresses, routes, neighbours (and the device's
 *               neighbour parameters), socket bindings go
 */
#include <stdlib.h>

#include "inet/inet.h"
#include "inet/sock.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

extern const struct vn_neigh_ops vn_arp_ops;
void vn_inet_addr_routes_up(struct vn_inet *inet, struct vn_dev *dev);

static void reasm_expired(struct vn_reasm *r, struct vn_buf *first)
{
	struct vn_inet *inet = container_of(r, struct vn_inet, reasm);

	inet->stats.reasm_timeouts++;
	/* ip_expire(): the device by index, and none if it is gone. */
	first->dev = vn_dev_lookup_index(inet->devs, (int)first->in_ifindex);
	if (!first->dev)
		return;
	vn_icmp_send(inet, first, VN_ICMP_TIME_EXCEEDED, VN_ICMP_EXC_FRAGTIME,
		     0);
}

static const struct vn_in_conf conf_defaults = {
	.forwarding = false,
	.accept_redirects = true,
	.send_redirects = true,
	.arp_ignore = 0,
	.arp_announce = 0,
	.arp_accept = false,
	.rp_filter = false,
};

void vn_inet_init(struct vn_inet *inet, struct vn_env *env,
		  struct vn_devspace *devs)
{
	memset(inet, 0, sizeof(*inet));
	inet->env = env;
	inet->devs = devs;
	vn_fib_init(&inet->fib, env->hash_seed);
	vn_neigh_table_init(&inet->arp, env, &vn_arp_ops);
	vn_reasm_init(&inet->reasm, env, reasm_expired);
	vn_socktab_init(inet);
	inet->conf_all = conf_defaults;
	inet->conf_default = conf_defaults;
	inet->default_ttl = 64;
	inet->icmp_echo_ignore_broadcasts = 1;
	inet->next_ip_id = (uint16_t)vn_rand_below(&env->rand, 65536);
	inet->icmp_ratelimit = VN_SEC;
	inet->icmp_msgs_per_sec = 1000;
	inet->icmp_msgs_burst = 50;
	inet->icmp_tokens = 50;
	inet->icmp_last = vn_env_now(env);
}

void vn_inet_fini(struct vn_inet *inet)
{
	vn_socktab_fini(inet);
	vn_reasm_fini(&inet->reasm);
	vn_neigh_table_fini(&inet->arp);
	vn_fib_fini(&inet->fib);
	free(inet->icmp_peers);
	inet->icmp_peers = NULL;
}

static void in_dev_create(struct vn_inet *inet, struct vn_dev *dev)
{
	struct vn_in_dev *in = calloc(1, sizeof(*in));

	VN_ASSERT(in);
	in->dev = dev;
	vn_list_init(&in->addrs);
	in->conf = inet->conf_default;
	dev->in = in;
}

static void in_dev_destroy(struct vn_inet *inet, struct vn_dev *dev)
{
	if (!dev->in)
		return;
	vn_inet_addr_flush(inet, dev);
	free(dev->in);
	dev->in = NULL;
}

void vn_inet_dev_event(struct vn_inet *inet, struct vn_dev *dev,
		       enum vn_dev_event ev)
{
	switch (ev) {
	case VN_DEV_REGISTER:
		in_dev_create(inet, dev);
		break;
	case VN_DEV_UNREGISTER:
		vn_neigh_parms_release(&inet->arp, dev);
		vn_fib_flush_dev(&inet->fib, dev);
		vn_sock_dev_gone(inet, dev);
		in_dev_destroy(inet, dev);
		break;
	case VN_DEV_UP:
		if (dev->flags & VN_IFF_LOOPBACK)
			vn_inet_addr_add(inet, dev, 0x7f000001, 8, 0,
					 VN_SCOPE_HOST, NULL, NULL);
		vn_inet_addr_routes_up(inet, dev);
		break;
	case VN_DEV_DOWN:
		vn_fib_sync_down_dev(&inet->fib, dev, false);
		vn_neigh_flush_dev(&inet->arp, dev, false);
		break;
	case VN_DEV_CHANGE:
		if (!dev->carrier)
			vn_neigh_flush_dev(&inet->arp, dev, true);
		break;
	case VN_DEV_CHANGEADDR:
	case VN_DEV_CHANGENAME:
	case VN_DEV_CHANGEMTU:
	case VN_DEV_CHANGEUPPER:
		break;
	}
}
