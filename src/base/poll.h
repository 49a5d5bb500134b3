/* SPDX-License-Identifier: MIT */
/*
 * base/poll.h - the file descriptors the engine's loop waits on.
 *
 * Kernel-facing devices (TAP queues, AF_PACKET rings), real programs'
 * pipes and the daemon's sockets register a watch; the loop (engine.c)
 * waits in epoll_wait() and calls each ready watch's function.  The
 * poller lives in struct vn_env so the device layer can register without
 * knowing the engine.  Level-triggered: a callback that leaves data
 * unread is called again on the next turn of the loop.  A callback may
 * unwatch (and free) any watch, others of the same round included: the
 * round forgets them.
 */
#ifndef VN_BASE_POLL_H
#define VN_BASE_POLL_H

#include "base/util.h"

/* A file descriptor the loop watches (daemon sockets, stdin, TAPs). */
struct vn_fd_watch {
	int fd;
	uint32_t events;	/* EPOLLIN ... */
	void (*fn)(struct vn_fd_watch *w, uint32_t revents);
	bool added;
};

struct epoll_event;

struct vn_poller {
	int epfd;
	uint32_t n_watches;
	/* The round being dispatched, so unwatch can forget ready entries. */
	struct epoll_event *round;
	int round_len;
};

/* 0 or -errno (epoll_create1). */
int vn_poller_init(struct vn_poller *p);
void vn_poller_fini(struct vn_poller *p);

/* Adds @w, or changes its events if already added.  0 or -errno. */
int vn_poller_watch(struct vn_poller *p, struct vn_fd_watch *w);
/* Removes @w (no-op if not added).  Call before closing w->fd. */
void vn_poller_unwatch(struct vn_poller *p, struct vn_fd_watch *w);

/*
 * vn_poller_wait() - wait up to @timeout_ns (VN_TIME_NEVER: forever, 0:
 * not at all) and dispatch what is ready.  Return: watches dispatched.
 */
int vn_poller_wait(struct vn_poller *p, vn_time timeout_ns);

#endif
