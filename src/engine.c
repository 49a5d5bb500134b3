// SPDX-License-Identifier: MIT
/*
 * engine.c - the engine and its event loop.
 *
 * Theory of operation: one thread runs everything.  A step drains the
 * receive backlog (frames handed between in-process devices), then runs
 * the timers due, and repeats until both are empty: the network has
 * settled at this instant.  Then the loop waits: on a virtual clock it
 * jumps to the next timer (nothing else can happen in between); on a real
 * clock it sleeps in epoll_wait() until the next timer or a watched file
 * descriptor is ready.  A virtual clock turns real, once and for good,
 * when the first kernel-facing object appears (vn_engine_real_time()):
 * the kernel does not wait for virtual time.  Limits: the backlog holds netdev_max_backlog
 * (1000) frames; frames beyond are dropped and counted, as on Linux.
 */
#include <errno.h>
#include <stdlib.h>

#include "engine.h"

#define BACKLOG_MAX 1000
#define POOL_MAX_BLOCKS (1u << 20)
/*
 * On a virtual clock, work costs no time up to BUSY_FRAMES frames and
 * timers at one instant; beyond that each costs FRAME_COST of virtual
 * time, as if one CPU handled two million frames a second.  A ping never
 * gets there; a bulk transfer over an unimpaired link, a connection storm
 * or a forwarding loop does, so its clock moves and its figures are
 * finite instead of every byte arriving at the same instant.
 */
#define BUSY_FRAMES 256
#define FRAME_COST (500 * VN_NSEC)

struct vn_engine *vn_engine_create(const struct vn_engine_opts *opts)
{
	struct vn_engine *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->seed = opts->seed;
	vn_clock_init(&e->env.clock, opts->virtual_time);
	vn_timers_init(&e->env.timers);
	vn_rand_seed(&e->env.rand, opts->seed);
	e->env.hash_seed = (uint32_t)vn_rand_u64(&e->env.rand);
	e->env.pool = vn_pool_create(POOL_MAX_BLOCKS);
	vn_bufq_init(&e->backlog.q);
	e->backlog.max_len = BACKLOG_MAX;
	vn_list_init(&e->named);
	if (vn_poller_init(&e->env.poller) < 0 || !e->env.pool)
		goto fail;
	e->root = vn_netns_create(e, "");
	if (!e->root)
		goto fail;
	e->root->refcnt = 1;
	/* A booted host: lo is up with 127.0.0.1/8. */
	vn_dev_open(e->root->lo, NULL);
	vn_engine_settle(e);
	return e;
fail:
	vn_poller_fini(&e->env.poller);
	vn_pool_destroy(e->env.pool);
	free(e);
	return NULL;
}

static void forget_everywhere(struct vn_engine *e, struct vn_netns *gone)
{
	struct vn_netns *ns;

	vn_netns_forget_peer(e->root, gone);
	vn_list_for_each(ns, &e->named, link)
		vn_netns_forget_peer(ns, gone);
}

void vn_engine_destroy(struct vn_engine *e)
{
	if (!e)
		return;
	while (!vn_list_empty(&e->named)) {
		struct vn_netns *ns = vn_list_entry(e->named.next,
						    struct vn_netns, link);

		vn_list_remove(&ns->link);
		forget_everywhere(e, ns);
		vn_netns_destroy(ns);
	}
	vn_netns_destroy(e->root);
	vn_bufq_purge(&e->backlog.q, VN_DROP_DEV_DELETED);
	vn_timers_fini(&e->env.timers);
	vn_pool_destroy(e->env.pool);
	vn_poller_fini(&e->env.poller);
	free(e);
}

struct vn_netns *vn_engine_netns(struct vn_engine *e, const char *name)
{
	struct vn_netns *ns;

	if (!name || !*name)
		return e->root;
	vn_list_for_each(ns, &e->named, link)
		if (!strcmp(ns->name, name))
			return ns;
	return NULL;
}

int64_t vn_engine_now(const struct vn_engine *e)
{
	return vn_clock_now(&e->env.clock);
}

bool vn_engine_is_virtual(const struct vn_engine *e)
{
	return e->env.clock.is_virtual;
}

static bool netns_name_valid(const char *name)
{
	/* iproute2's netns_name_valid(): a file name in /run/netns. */
	return *name && strlen(name) <= VN_NETNS_NAME_MAX &&
	       !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

int vn_engine_netns_add(struct vn_engine *e, const char *name,
			struct vn_err *err)
{
	struct vn_netns *ns;

	if (!netns_name_valid(name))
		return vn_err_set(err, -EINVAL, "Invalid netns name \"%s\"",
				  name);
	if (vn_engine_netns(e, name))
		return vn_err_set(err, -EEXIST,
				  "Cannot create namespace file \"/run/netns/%s\": File exists",
				  name);
	ns = vn_netns_create(e, name);
	if (!ns)
		return vn_err_set(err, -ENOMEM, "Cannot create namespace: %s",
				  strerror(ENOMEM));
	vn_list_push_back(&e->named, &ns->link);
	e->n_named++;
	ns->named = true;
	ns->refcnt = 1;
	return 0;
}

int vn_engine_netns_del(struct vn_engine *e, const char *name,
			struct vn_err *err)
{
	struct vn_netns *ns = *name ? vn_engine_netns(e, name) : NULL;

	if (!ns)
		return vn_err_set(err, -ENOENT,
				  "Cannot remove namespace file \"/run/netns/%s\": No such file or directory",
				  name);
	vn_list_remove(&ns->link);
	vn_list_init(&ns->link);
	e->n_named--;
	ns->named = false;
	vn_netns_put(ns);
	return 0;
}

void vn_netns_get(struct vn_netns *ns)
{
	ns->refcnt++;
}

void vn_netns_put(struct vn_netns *ns)
{
	VN_ASSERT(ns->refcnt > 0);
	if (--ns->refcnt)
		return;
	if (ns == ns->engine->root)
		return;
	forget_everywhere(ns->engine, ns);
	vn_netns_destroy(ns);
}

int vn_engine_watch(struct vn_engine *e, struct vn_fd_watch *w)
{
	return vn_poller_watch(&e->env.poller, w);
}

void vn_engine_unwatch(struct vn_engine *e, struct vn_fd_watch *w)
{
	vn_poller_unwatch(&e->env.poller, w);
}

bool vn_engine_real_time(struct vn_engine *e)
{
	if (!e->env.clock.is_virtual)
		return false;
	vn_clock_go_real(&e->env.clock);
	return true;
}

void vn_engine_settle(struct vn_engine *e)
{
	unsigned busy = 0;

	for (;;) {
		unsigned n = vn_backlog_run(&e->backlog, 256);

		n += vn_timers_run(&e->env.timers, vn_env_now(&e->env));
		if (!n)
			return;
		busy += n;
		if (busy >= BUSY_FRAMES && e->env.clock.is_virtual) {
			busy = 0;
			e->n_busy_steps++;
			vn_clock_advance(&e->env.clock, e->env.clock.now +
					 BUSY_FRAMES * FRAME_COST);
		}
	}
}

enum vn_run_result vn_engine_run(struct vn_engine *e, vn_time deadline,
				 bool (*done)(void *arg), void *arg)
{
	for (;;) {
		vn_time now, next;

		vn_engine_settle(e);
		if (done && done(arg))
			return VN_RUN_DONE;
		now = vn_env_now(&e->env);
		if (now >= deadline)
			return VN_RUN_DEADLINE;
		next = vn_timers_next(&e->env.timers);
		if (e->env.clock.is_virtual) {
			if (e->env.poller.n_watches)
				vn_poller_wait(&e->env.poller, 0);
			if (next == VN_TIME_NEVER && deadline == VN_TIME_NEVER &&
			    !e->backlog.q.len)
				return VN_RUN_IDLE;
			vn_clock_advance(&e->env.clock,
					 VN_MIN(next, deadline));
			continue;
		}
		next = VN_MIN(next, deadline);
		vn_poller_wait(&e->env.poller,
			       next == VN_TIME_NEVER ? VN_TIME_NEVER : next - now);
	}
}
