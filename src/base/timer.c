// SPDX-License-Identifier: MIT
/*
 * base/timer.c - the timer heap.
 */
#include <stdlib.h>

#include "base/timer.h"

void vn_timers_init(struct vn_timers *timers)
{
	timers->heap = NULL;
	timers->n = timers->cap = 0;
	timers->next_seq = 0;
}

void vn_timers_fini(struct vn_timers *timers)
{
	for (uint32_t i = 0; i < timers->n; i++)
		timers->heap[i]->heap_idx = VN_TIMER_IDLE;
	free(timers->heap);
	vn_timers_init(timers);
}

static bool before(const struct vn_timer *a, const struct vn_timer *b)
{
	return a->expires < b->expires ||
	       (a->expires == b->expires && a->seq < b->seq);
}

static void place(struct vn_timers *timers, uint32_t i, struct vn_timer *t)
{
	timers->heap[i] = t;
	t->heap_idx = i;
}

static void sift_up(struct vn_timers *timers, uint32_t i)
{
	struct vn_timer *t = timers->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (!before(t, timers->heap[parent]))
			break;
		place(timers, i, timers->heap[parent]);
		i = parent;
	}
	place(timers, i, t);
}

static void sift_down(struct vn_timers *timers, uint32_t i)
{
	struct vn_timer *t = timers->heap[i];

	for (;;) {
		uint32_t child = 2 * i + 1;

		if (child >= timers->n)
			break;
		if (child + 1 < timers->n &&
		    before(timers->heap[child + 1], timers->heap[child]))
			child++;
		if (!before(timers->heap[child], t))
			break;
		place(timers, i, timers->heap[child]);
		i = child;
	}
	place(timers, i, t);
}

static void heap_remove(struct vn_timers *timers, uint32_t i)
{
	struct vn_timer *last = timers->heap[--timers->n];

	timers->heap[i]->heap_idx = VN_TIMER_IDLE;
	if (i == timers->n)
		return;
	place(timers, i, last);
	sift_up(timers, i);
	sift_down(timers, last->heap_idx);
}

void vn_timer_arm(struct vn_timers *timers, struct vn_timer *timer,
		  vn_time expires)
{
	if (vn_timer_armed(timer))
		heap_remove(timers, timer->heap_idx);
	if (timers->n == timers->cap) {
		uint32_t cap = timers->cap ? timers->cap * 2 : 64;
		struct vn_timer **heap =
			realloc(timers->heap, cap * sizeof(*heap));

		VN_ASSERT(heap);	/* out of memory on the control path */
		timers->heap = heap;
		timers->cap = cap;
	}
	timer->expires = expires;
	timer->seq = timers->next_seq++;
	place(timers, timers->n++, timer);
	sift_up(timers, timer->heap_idx);
}

void vn_timer_cancel(struct vn_timers *timers, struct vn_timer *timer)
{
	if (vn_timer_armed(timer))
		heap_remove(timers, timer->heap_idx);
}

vn_time vn_timers_next(const struct vn_timers *timers)
{
	return timers->n ? timers->heap[0]->expires : VN_TIME_NEVER;
}

unsigned vn_timers_run(struct vn_timers *timers, vn_time now)
{
	unsigned n = 0;

	while (timers->n && timers->heap[0]->expires <= now) {
		struct vn_timer *t = timers->heap[0];

		heap_remove(timers, 0);
		t->fn(t, now);
		n++;
	}
	return n;
}
