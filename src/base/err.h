/* SPDX-License-Identifier: MIT */
/*
 * base/err.h - the error slot of the control path.
 *
 * Control functions return 0 or a negative errno (Linux's convention) and may
 * put one human sentence into an error slot, so commands can print what
 * iproute2 would ("RTNETLINK answers: File exists") or something more
 * precise.  The first message set wins: the innermost cause is kept.
 */
#ifndef VN_BASE_ERR_H
#define VN_BASE_ERR_H

#include "base/util.h"

struct vn_err {
	char msg[512];
};

static inline void vn_err_init(struct vn_err *err)
{
	err->msg[0] = '\0';
}

static inline bool vn_err_isset(const struct vn_err *err)
{
	return err && err->msg[0] != '\0';
}

/* vn_err_set() - record a message (if none is set yet); returns @code. */
int vn_err_set(struct vn_err *err, int code, const char *fmt, ...)
	VN_PRINTF(3, 4);

/* RTNETLINK-style message for an errno, as iproute2 prints it. */
int vn_err_rtnl(struct vn_err *err, int code);

#endif
