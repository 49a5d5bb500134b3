/* SPDX-License-Identifier: MIT */
/*
 * netns.h - a network namespace: its devices and its IPv4 stack.
 */
#ifndef VN_NETNS_H
#define VN_NETNS_H

#include "dev/dev.h"
#include "inet/inet.h"

struct vn_engine;
struct vn_knetns;

#define VN_NETNS_NAME_MAX 255

struct vn_netns_id {
	struct vn_netns *peer;
	int id;
};

struct vn_netns {
	struct vn_engine *engine;
	char *name;		/* "" for the root namespace */
	struct vn_list link;	/* in the engine's named list */
	struct vn_devspace devs;
	struct vn_inet inet;
	struct vn_dev *lo;
	struct vn_netns_id *ids;	/* netnsids this namespace gave others */
	int n_ids;
	uint32_t refcnt;	/* the name, and each job running in it */
	bool named;		/* still listed by `ip netns` */
	/*
	 * A kernel-backed namespace (`ip netns add NAME type kernel`): the
	 * real Linux namespace its name stands for, where `ip -n NAME` and
	 * `ip netns exec NAME` run real programs.  Its vnet devices and stack
	 * stay empty.  NULL for vnet's own namespaces.
	 */
	struct vn_knetns *kernel;
};

struct vn_netns *vn_netns_create(struct vn_engine *engine, const char *name);
/* Deletes every device (virtual devices die with their namespace). */
void vn_netns_destroy(struct vn_netns *ns);

/*
 * A namespace lives while it has a name or a job runs in it, as a Linux
 * namespace lives while a process is in it after `ip netns del`.
 */
void vn_netns_get(struct vn_netns *ns);
void vn_netns_put(struct vn_netns *ns);

static inline struct vn_netns *vn_netns_of_space(struct vn_devspace *space)
{
	return container_of(space, struct vn_netns, devs);
}

static inline struct vn_netns *vn_netns_of_dev(const struct vn_dev *dev)
{
	return vn_netns_of_space(dev->space);
}

/* peernet2id_alloc(): the id @ns knows @peer by (allocated on demand). */
int vn_netns_peer_id(struct vn_netns *ns, struct vn_netns *peer);

/* Forgets ids given to @peer (it is being destroyed). */
void vn_netns_forget_peer(struct vn_netns *ns, struct vn_netns *peer);

#endif
