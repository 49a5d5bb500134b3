/* SPDX-License-Identifier: MIT */
/*
 * base/list.h - intrusive circular doubly-linked lists, as in Linux.
 */
#ifndef VN_BASE_LIST_H
#define VN_BASE_LIST_H

#include "base/util.h"

struct vn_list {
	struct vn_list *prev, *next;
};

#define VN_LIST_INIT(name) { &(name), &(name) }

static inline void vn_list_init(struct vn_list *l)
{
	l->prev = l->next = l;
}

static inline bool vn_list_empty(const struct vn_list *l)
{
	return l->next == l;
}

static inline void vn_list_insert_before(struct vn_list *pos,
					 struct vn_list *e)
{
	e->prev = pos->prev;
	e->next = pos;
	pos->prev->next = e;
	pos->prev = e;
}

/* Appends @e at the tail of @head. */
static inline void vn_list_push_back(struct vn_list *head, struct vn_list *e)
{
	vn_list_insert_before(head, e);
}

static inline void vn_list_remove(struct vn_list *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->prev = e->next = e;
}

static inline size_t vn_list_size(const struct vn_list *head)
{
	size_t n = 0;
	for (const struct vn_list *e = head->next; e != head; e = e->next)
		n++;
	return n;
}

#define vn_list_entry(ptr, type, member) container_of(ptr, type, member)

#define vn_list_for_each(pos, head, member)                                  \
	for (pos = vn_list_entry((head)->next, __typeof__(*pos), member);    \
	     &pos->member != (head);                                         \
	     pos = vn_list_entry(pos->member.next, __typeof__(*pos), member))

#define vn_list_for_each_safe(pos, tmp, head, member)                        \
	for (pos = vn_list_entry((head)->next, __typeof__(*pos), member),    \
	    tmp = vn_list_entry(pos->member.next, __typeof__(*pos), member); \
	     &pos->member != (head);                                         \
	     pos = tmp,                                                      \
	    tmp = vn_list_entry(tmp->member.next, __typeof__(*pos), member))

#endif
