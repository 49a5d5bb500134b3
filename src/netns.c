// SPDX-License-Identifier: MIT
/*
 * netns.c - the namespace: where device frames meet the stacks.
 *
 * A namespace starts like a fresh Linux one: only `lo`, down.  Frames a
 * device delivers are dispatched by EtherType (eth_type_trans() then
 * __netif_receive_skb()'s ptype lookup) to ARP or IPv4; device events go
 * to the IPv4 stack.  Deleting a namespace deletes its virtual devices, as
 * default_device_exit_batch() does for devices with rtnl_link_ops.  A
 * kernel-backed namespace (ns->kernel) lets go of its real namespace last.
 */
#include <errno.h>
#include <stdlib.h>

#include "engine.h"
#include "netns.h"
#include "dev/loopback.h"
#include "inet/sock.h"
#include "kernel/knetns.h"
#include "wire/eth.h"

static void ns_deliver(struct vn_devspace *space, struct vn_dev *dev,
		       struct vn_buf *buf)
{
	struct vn_netns *ns = vn_netns_of_space(space);
	uint16_t type = vn_eth_type(buf->data);

	vn_buf_pull(buf, VN_ETH_HLEN);
	switch (type) {
	case VN_ETH_P_IP:
		vn_ipv4_input(&ns->inet, buf);
		return;
	case VN_ETH_P_ARP:
		vn_arp_input(&ns->inet, buf);
		return;
	default:
		dev->stats.rx_dropped++;
		vn_buf_drop(buf, VN_DROP_UNHANDLED_PROTO);
		return;
	}
}

static void ns_notify(struct vn_devspace *space, struct vn_dev *dev,
		      enum vn_dev_event ev)
{
	struct vn_netns *ns = vn_netns_of_space(space);

	vn_inet_dev_event(&ns->inet, dev, ev);
}

static const struct vn_devspace_ops ns_ops = {
	.deliver = ns_deliver,
	.notify = ns_notify,
};

struct vn_netns *vn_netns_create(struct vn_engine *engine, const char *name)
{
	struct vn_netns *ns = calloc(1, sizeof(*ns));

	if (!ns)
		return NULL;
	ns->name = strdup(name ? name : "");
	if (!ns->name) {
		free(ns);
		return NULL;
	}
	ns->engine = engine;
	vn_list_init(&ns->link);
	vn_devspace_init(&ns->devs, &engine->env, &engine->backlog, &ns_ops);
	vn_inet_init(&ns->inet, &engine->env, &ns->devs);
	ns->lo = vn_loopback_create(&ns->devs);
	return ns;
}

void vn_netns_destroy(struct vn_netns *ns)
{
	struct vn_dev *dev;

	/* Slaves before masters does not matter: masters release them. */
	while ((dev = vn_dev_next(&ns->devs, NULL)) && dev != ns->lo)
		vn_dev_unregister(dev);
	while ((dev = vn_dev_next(&ns->devs, ns->lo)))
		vn_dev_unregister(dev);
	vn_dev_unregister(ns->lo);
	vn_knetns_put(ns->kernel);
	vn_inet_fini(&ns->inet);
	vn_devspace_fini(&ns->devs);
	free(ns->ids);
	free(ns->name);
	free(ns);
}

int vn_netns_peer_id(struct vn_netns *ns, struct vn_netns *peer)
{
	struct vn_netns_id *ids;
	int next = 0;
	bool taken;

	for (int i = 0; i < ns->n_ids; i++)
		if (ns->ids[i].peer == peer)
			return ns->ids[i].id;
	/* idr_alloc(): the lowest free id. */
	do {
		taken = false;
		for (int i = 0; i < ns->n_ids; i++)
			if (ns->ids[i].id == next)
				taken = true;
		if (taken)
			next++;
	} while (taken);
	ids = realloc(ns->ids, (ns->n_ids + 1) * sizeof(*ids));
	if (!ids)
		return -1;
	ns->ids = ids;
	ns->ids[ns->n_ids].peer = peer;
	ns->ids[ns->n_ids].id = next;
	ns->n_ids++;
	return next;
}

void vn_netns_forget_peer(struct vn_netns *ns, struct vn_netns *peer)
{
	for (int i = 0; i < ns->n_ids; i++) {
		if (ns->ids[i].peer == peer) {
			ns->ids[i] = ns->ids[--ns->n_ids];
			return;
		}
	}
}

int vn_socket(struct vn_netns *ns, int type, int protocol,
	      struct vn_sock **out)
{
	return vn_inet_socket(&ns->inet, type, protocol, out);
}

int vn_netns_ifindex(struct vn_netns *ns, const char *name)
{
	struct vn_dev *dev = vn_dev_lookup(&ns->devs, name);

	return dev ? dev->ifindex : -ENODEV;
}
