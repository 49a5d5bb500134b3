// SPDX-License-Identifier: MIT
/*
 * base/drop.c - names of drop reasons, from the one X-macro list.
 */
#include "base/drop.h"

static const char *const drop_names[] = {
#define VN_DROP_NAME(name, text) #name,
	VN_DROP_REASONS(VN_DROP_NAME)
#undef VN_DROP_NAME
};

static const char *const drop_texts[] = {
#define VN_DROP_TEXT(name, text) text,
	VN_DROP_REASONS(VN_DROP_TEXT)
#undef VN_DROP_TEXT
};

const char *vn_drop_name(enum vn_drop_reason reason)
{
	return reason < VN_DROP__COUNT ? drop_names[reason] : "?";
}

const char *vn_drop_text(enum vn_drop_reason reason)
{
	return reason < VN_DROP__COUNT ? drop_texts[reason] : "?";
}
