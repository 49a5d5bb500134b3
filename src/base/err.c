// SPDX-License-Identifier: MIT
/*
 * base/err.c - error slots and assertion failures.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/err.h"

void vn_assert_fail(const char *expr, const char *file, int line)
{
	fprintf(stderr, "vnet: assertion failed: %s (%s:%d)\n", expr, file,
		line);
	abort();
}

int vn_err_set(struct vn_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->msg[0])
		return code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

int vn_err_rtnl(struct vn_err *err, int code)
{
	return vn_err_set(err, code, "RTNETLINK answers: %s",
			  strerror(-code));
}
