/* SPDX-License-Identifier: MIT */
/*
 * dev/loopback.h - the loopback device every namespace starts with.
 */
#ifndef VN_DEV_LOOPBACK_H
#define VN_DEV_LOOPBACK_H

#include "dev/dev.h"

/* Creates and registers `lo` as ifindex 1 in @space (which must be empty). */
struct vn_dev *vn_loopback_create(struct vn_devspace *space);

#endif
