// SPDX-License-Identifier: MIT
/*
 * inet/addr.c - IPv4 addresses of devices (net/ipv4/devinet.c) and the
 * routes they imply (fib_add_ifaddr() in fib_frontend.c).
 *
 * An address whose subnet already has a primary address on the device
 * becomes secondary.  Primaries are listed before secondaries, each in the
 * order they were added (__inet_insert_ifa()).  Deleting a primary deletes
 * its secondaries too (promote_secondaries off, Linux's default).
 *
 * While the device is up, each address owns: a local route (table local,
 * scope host), and for primaries a prefix route (table main, scope link,
 * proto kernel; type local for loopback) and the subnet broadcast route
 * (table local) when the prefix is shorter than /31.  They appear when the
 * device goes up or the address is added, and vanish with either.
 *
 * vnet announces a new address with a gratuitous ARP request when the
 * device is running; Linux does not (see docs/differences.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "inet/inet.h"
#include "wire/ipv4.h"

void vn_arp_announce(struct vn_inet *inet, struct vn_dev *dev, uint32_t addr);

static bool same_subnet(uint32_t a, uint32_t b, uint8_t plen)
{
	return ((a ^ b) & vn_ipv4_prefix_mask(plen)) == 0;
}

static void add_route(struct vn_inet *inet, uint32_t table, uint8_t type,
		      uint32_t dst, uint8_t plen, uint8_t scope,
		      struct vn_dev *dev, uint32_t prefsrc)
{
	struct vn_route r = {
		.dst = dst,
		.plen = plen,
		.type = type,
		.scope = scope,
		.proto = VN_RTPROT_KERNEL,
		.table = table,
		.dev = dev,
		.prefsrc = prefsrc,
	};

	vn_fib_add(&inet->fib, &r, false, false);
}

static void del_route(struct vn_inet *inet, uint32_t table, uint8_t type,
		      uint32_t dst, uint8_t plen, struct vn_dev *dev,
		      uint32_t prefsrc)
{
	struct vn_route_key k = {
		.table = table,
		.dst = dst,
		.plen = plen,
		.type = type,
		.proto = VN_RTPROT_KERNEL,
		.scope_max = VN_SCOPE_NOWHERE,
		.dev = dev,
		.prefsrc = prefsrc,
	};

	vn_fib_del(&inet->fib, &k);
}

/* The primary address whose subnet holds @ifa (itself if primary). */
static struct vn_ifaddr *primary_of(struct vn_ifaddr *ifa)
{
	struct vn_ifaddr *p;

	if (!(ifa->flags & VN_IFA_F_SECONDARY))
		return ifa;
	vn_list_for_each(p, &ifa->in->addrs, link)
		if (!(p->flags & VN_IFA_F_SECONDARY) && p->plen == ifa->plen &&
		    same_subnet(p->local, ifa->local, ifa->plen))
			return p;
	return ifa;
}

/*
 * fib_add_ifaddr(): the local route always (routes name the primary
 * address as source, as fib_magic() does); the rest only while the
 * device is up.
 */
static void routes_add(struct vn_inet *inet, struct vn_ifaddr *ifa)
{
	struct vn_dev *dev = ifa->in->dev;
	uint32_t mask = vn_ipv4_prefix_mask(ifa->plen);
	uint32_t prefix = ifa->local & mask;
	uint32_t src = primary_of(ifa)->local;
	bool lo = dev->flags & VN_IFF_LOOPBACK;

	add_route(inet, VN_RT_TABLE_LOCAL, VN_RTN_LOCAL, ifa->local, 32,
		  VN_SCOPE_HOST, dev, src);
	if (!vn_dev_is_up(dev))
		return;
	if (ifa->broadcast && ifa->broadcast != 0xffffffff)
		add_route(inet, VN_RT_TABLE_LOCAL, VN_RTN_BROADCAST,
			  ifa->broadcast, 32, VN_SCOPE_LINK, dev, src);
	if (ifa->flags & VN_IFA_F_SECONDARY)
		return;
	if (vn_ipv4_is_zeronet(prefix) || (prefix == ifa->local &&
					   ifa->plen == 32))
		return;
	add_route(inet, lo ? VN_RT_TABLE_LOCAL : VN_RT_TABLE_MAIN,
		  lo ? VN_RTN_LOCAL : VN_RTN_UNICAST, prefix, ifa->plen,
		  lo ? VN_SCOPE_HOST : VN_SCOPE_LINK, dev, src);
	if (ifa->plen < 31)
		add_route(inet, VN_RT_TABLE_LOCAL, VN_RTN_BROADCAST,
			  prefix | ~mask, 32, VN_SCOPE_LINK, dev, src);
}

/* fib_del_ifaddr(), for the routes routes_add() made (any may be gone). */
static void routes_del(struct vn_inet *inet, struct vn_ifaddr *ifa)
{
	struct vn_dev *dev = ifa->in->dev;
	uint32_t mask = vn_ipv4_prefix_mask(ifa->plen);
	uint32_t prefix = ifa->local & mask;
	uint32_t src = primary_of(ifa)->local;
	bool lo = dev->flags & VN_IFF_LOOPBACK;

	del_route(inet, VN_RT_TABLE_LOCAL, VN_RTN_LOCAL, ifa->local, 32, dev,
		  src);
	if (ifa->broadcast && ifa->broadcast != 0xffffffff)
		del_route(inet, VN_RT_TABLE_LOCAL, VN_RTN_BROADCAST,
			  ifa->broadcast, 32, dev, src);
	if (ifa->flags & VN_IFA_F_SECONDARY)
		return;
	del_route(inet, lo ? VN_RT_TABLE_LOCAL : VN_RT_TABLE_MAIN,
		  lo ? VN_RTN_LOCAL : VN_RTN_UNICAST, prefix, ifa->plen, dev,
		  src);
	if (ifa->plen < 31)
		del_route(inet, VN_RT_TABLE_LOCAL, VN_RTN_BROADCAST,
			  prefix | ~mask, 32, dev, src);
}

void vn_inet_addr_routes_up(struct vn_inet *inet, struct vn_dev *dev);

void vn_inet_addr_routes_up(struct vn_inet *inet, struct vn_dev *dev)
{
	struct vn_ifaddr *ifa;

	if (!dev->in)
		return;
	vn_list_for_each(ifa, &dev->in->addrs, link)
		routes_add(inet, ifa);
}

static struct vn_ifaddr *find(const struct vn_in_dev *in, uint32_t local,
			      int plen)
{
	struct vn_ifaddr *ifa;

	vn_list_for_each(ifa, &in->addrs, link)
		if (ifa->local == local && (plen < 0 || ifa->plen == plen))
			return ifa;
	return NULL;
}

int vn_inet_addr_add(struct vn_inet *inet, struct vn_dev *dev, uint32_t local,
		     uint8_t plen, uint32_t broadcast, int scope,
		     const char *label, struct vn_err *err)
{
	struct vn_in_dev *in = dev->in;
	struct vn_ifaddr *ifa, *pos, *last_primary = NULL;

	if (!in)
		return vn_err_rtnl(err, -ENODEV);
	if (plen > 32)
		return vn_err_rtnl(err, -EINVAL);
	/* find_matching_ifa(): same address and mask exists. */
	vn_list_for_each(pos, &in->addrs, link) {
		if (pos->local == local && pos->plen == plen)
			return vn_err_rtnl(err, -EEXIST);
	}
	ifa = calloc(1, sizeof(*ifa));
	if (!ifa)
		return vn_err_rtnl(err, -ENOMEM);
	ifa->in = in;
	ifa->local = local;
	ifa->plen = plen;
	ifa->broadcast = broadcast;
	ifa->flags = VN_IFA_F_PERMANENT;
	if (scope >= 0)
		ifa->scope = (uint8_t)scope;
	else
		ifa->scope = vn_ipv4_is_loopback(local) ? VN_SCOPE_HOST
							: VN_SCOPE_UNIVERSE;
	snprintf(ifa->label, sizeof(ifa->label), "%s",
		 label ? label : dev->name);
	vn_list_for_each(pos, &in->addrs, link) {
		if (pos->flags & VN_IFA_F_SECONDARY)
			continue;
		last_primary = pos;
		if (pos->plen == plen && same_subnet(pos->local, local, plen) &&
		    pos->scope == ifa->scope)
			ifa->flags |= VN_IFA_F_SECONDARY;
	}
	if (ifa->flags & VN_IFA_F_SECONDARY)
		vn_list_push_back(&in->addrs, &ifa->link);
	else if (last_primary)
		vn_list_insert_before(last_primary->link.next, &ifa->link);
	else
		vn_list_insert_before(in->addrs.next, &ifa->link);
	routes_add(inet, ifa);
	if (vn_dev_is_running(dev) && !(dev->flags & VN_IFF_NOARP) &&
	    !(dev->flags & VN_IFF_LOOPBACK))
		vn_arp_announce(inet, dev, local);
	return 0;
}

/*
 * Removes @ifa and its routes.  As fib_del_ifaddr(): once the address is
 * nowhere in the namespace, routes preferring it as source die; as
 * fib_inetaddr_event(): with the device's last address gone, IPv4 on it
 * is disabled (every route through it, its neighbours).
 */
static void free_ifa(struct vn_inet *inet, struct vn_ifaddr *ifa)
{
	struct vn_dev *dev = ifa->in->dev;
	uint32_t local = ifa->local;

	routes_del(inet, ifa);
	vn_list_remove(&ifa->link);
	free(ifa);
	if (!vn_inet_is_local(inet, local))
		vn_fib_sync_down_addr(&inet->fib, local);
	if (vn_list_empty(&dev->in->addrs)) {
		vn_fib_sync_down_dev(&inet->fib, dev, true);
		vn_neigh_flush_dev(&inet->arp, dev, false);
	}
}

int vn_inet_addr_del(struct vn_inet *inet, struct vn_dev *dev, uint32_t local,
		     int plen, struct vn_err *err)
{
	struct vn_in_dev *in = dev->in;
	struct vn_ifaddr *ifa, *pos, *tmp;

	if (!in || !(ifa = find(in, local, plen)))
		return vn_err_rtnl(err, -EADDRNOTAVAIL);
	if (!(ifa->flags & VN_IFA_F_SECONDARY)) {
		vn_list_for_each_safe(pos, tmp, &in->addrs, link) {
			if ((pos->flags & VN_IFA_F_SECONDARY) &&
			    pos->plen == ifa->plen &&
			    same_subnet(pos->local, ifa->local, ifa->plen))
				free_ifa(inet, pos);
		}
	}
	free_ifa(inet, ifa);
	return 0;
}

void vn_inet_addr_flush(struct vn_inet *inet, struct vn_dev *dev)
{
	struct vn_in_dev *in = dev->in;

	while (in && !vn_list_empty(&in->addrs)) {
		/* Secondaries go first so no primary deletion cascades. */
		struct vn_ifaddr *ifa = vn_list_entry(in->addrs.prev,
						      struct vn_ifaddr, link);

		free_ifa(inet, ifa);
	}
}

bool vn_inet_is_local(const struct vn_inet *inet, uint32_t addr)
{
	struct vn_route_result rt;

	return vn_fib_lookup(&inet->fib, addr, 0, &rt) == 0 &&
	       rt.type == VN_RTN_LOCAL;
}

struct vn_ifaddr *vn_inet_addr_on_link(const struct vn_dev *dev,
				       uint32_t addr)
{
	struct vn_ifaddr *ifa;

	if (!dev->in)
		return NULL;
	vn_list_for_each(ifa, &dev->in->addrs, link)
		if (same_subnet(ifa->local, addr, ifa->plen))
			return ifa;
	return NULL;
}

uint32_t vn_inet_select_addr(const struct vn_inet *inet,
			     const struct vn_dev *dev, uint32_t dst, int scope)
{
	struct vn_ifaddr *ifa;
	struct vn_dev *d;
	uint32_t addr = 0;

	if (dev && dev->in) {
		vn_list_for_each(ifa, &dev->in->addrs, link) {
			if (ifa->flags & VN_IFA_F_SECONDARY)
				continue;
			if (ifa->scope > scope)
				continue;
			if (!dst || same_subnet(dst, ifa->local, ifa->plen))
				return ifa->local;
			if (!addr)
				addr = ifa->local;
		}
		if (addr)
			return addr;
	}
	/* Any primary of a suitable scope elsewhere, lo first. */
	vn_devspace_for_each(d, inet->devs) {
		if (!d->in)
			continue;
		vn_list_for_each(ifa, &d->in->addrs, link) {
			if (ifa->flags & VN_IFA_F_SECONDARY)
				continue;
			if (ifa->scope != VN_SCOPE_LINK && ifa->scope <= scope)
				return ifa->local;
		}
	}
	return 0;
}

bool vn_in_dev_forwarding(const struct vn_inet *inet, const struct vn_dev *dev)
{
	(void)inet;
	return dev->in && dev->in->conf.forwarding;
}
