// SPDX-License-Identifier: MIT
/*
 * base/poll.c - epoll behind struct vn_poller.
 *
 * One epoll instance per engine.  A dispatch round takes at most 64 ready
 * descriptors; the rest stay ready (level-triggered) for the next round.
 * Unwatching clears the watch's entries in the round being dispatched, so
 * a callback may unwatch and free any watch (a job's pipes when its
 * process ends) without a later entry of the round pointing at freed
 * memory.
 */
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/poll.h"

#define MAX_EVENTS 64

int vn_poller_init(struct vn_poller *p)
{
	p->n_watches = 0;
	p->round = NULL;
	p->round_len = 0;
	p->epfd = epoll_create1(EPOLL_CLOEXEC);
	return p->epfd < 0 ? -errno : 0;
}

void vn_poller_fini(struct vn_poller *p)
{
	if (p->epfd >= 0)
		close(p->epfd);
	p->epfd = -1;
}

int vn_poller_watch(struct vn_poller *p, struct vn_fd_watch *w)
{
	struct epoll_event ev = { .events = w->events, .data.ptr = w };

	if (epoll_ctl(p->epfd, w->added ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, w->fd,
		      &ev) < 0)
		return -errno;
	if (!w->added)
		p->n_watches++;
	w->added = true;
	return 0;
}

void vn_poller_unwatch(struct vn_poller *p, struct vn_fd_watch *w)
{
	if (!w->added)
		return;
	epoll_ctl(p->epfd, EPOLL_CTL_DEL, w->fd, NULL);
	for (int i = 0; i < p->round_len; i++)
		if (p->round[i].data.ptr == w)
			p->round[i].data.ptr = NULL;
	w->added = false;
	p->n_watches--;
}

int vn_poller_wait(struct vn_poller *p, vn_time timeout)
{
	struct epoll_event evs[MAX_EVENTS];
	int ms, n;

	if (timeout == VN_TIME_NEVER)
		ms = -1;
	else if (timeout <= 0)
		ms = 0;
	else
		ms = (int)VN_MIN((timeout + VN_MSEC - 1) / VN_MSEC,
				 (vn_time)1000000);
	n = epoll_wait(p->epfd, evs, MAX_EVENTS, ms);
	if (n <= 0)
		return 0;
	p->round = evs;
	p->round_len = n;
	for (int i = 0; i < n; i++) {
		struct vn_fd_watch *w = evs[i].data.ptr;

		if (w)
			w->fn(w, evs[i].events);
	}
	p->round = NULL;
	p->round_len = 0;
	return n;
}
