// SPDX-License-Identifier: MIT
/*
 * cmd/tc_util.c - iproute2 6.1's tc_util.c and utils.c for `tc`: the
 * parsers of times, sizes, rates, percentages and handles, with tc's
 * units, rounding and unchecked conversions (a negative time wraps as on
 * x86-64), and the printers of times, sizes and rates.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "cmd/tc_priv.h"

/*
 * A double converted as x86-64 gcc converts it to an unsigned type:
 * through a 64-bit signed integer, so -5000.0 becomes 2^32 - 5000 (tc
 * relies on this for negative input without checking).
 */
uint64_t vn_tc_to_u64(double d)
{
	if (isnan(d))
		return 0x8000000000000000ull;
	if (d >= 9223372036854775808.0)
		return d >= 18446744073709551616.0 ? 0x8000000000000000ull
						   : (uint64_t)d;
	if (d < -9223372036854775808.0)
		return 0x8000000000000000ull;
	return (uint64_t)(int64_t)d;
}

static bool suffix_is(const char *p, const char *a, const char *b,
		      const char *c)
{
	return !strcasecmp(p, a) || !strcasecmp(p, b) || !strcasecmp(p, c);
}

/* get_time(): microseconds, the unit defaulting to us. */
int vn_tc_get_time(uint32_t *time, const char *str)
{
	char *p;
	double v = strtod(str, &p);

	if (p == str)
		return -1;
	if (*p) {
		if (suffix_is(p, "s", "sec", "secs"))
			v *= 1000000;
		else if (suffix_is(p, "ms", "msec", "msecs"))
			v *= 1000;
		else if (!suffix_is(p, "us", "usec", "usecs"))
			return -1;
	}
	*time = (uint32_t)vn_tc_to_u64(v);
	return 0;
}

/* get_time64(): nanoseconds, the unit defaulting to ns. */
int vn_tc_get_time64(int64_t *time, const char *str)
{
	char *p;
	double v = strtod(str, &p);

	if (p == str)
		return -1;
	if (*p) {
		if (suffix_is(p, "s", "sec", "secs"))
			v *= 1000000000.0;
		else if (suffix_is(p, "ms", "msec", "msecs"))
			v *= 1000000.0;
		else if (suffix_is(p, "us", "usec", "usecs"))
			v *= 1000.0;
		else if (!suffix_is(p, "ns", "nsec", "nsecs"))
			return -1;
	}
	*time = (int64_t)vn_tc_to_u64(v);
	return 0;
}

/* parse_percent(): "P" or "P%", 0..100, as a fraction. */
int vn_tc_parse_percent(double *val, const char *str)
{
	char *p;

	*val = strtod(str, &p) / 100.;
	if (*val > 1.0 || *val < 0.0)
		return -1;
	if (*p && strcmp(p, "%"))
		return -1;
	return 0;
}

/* set_percent() */
uint32_t vn_tc_scale_percent(double per)
{
	return (uint32_t)vn_tc_to_u64(rint(per * UINT32_MAX));
}

int vn_tc_get_percent(uint32_t *percent, const char *str)
{
	double per;

	if (vn_tc_parse_percent(&per, str))
		return -1;
	*percent = vn_tc_scale_percent(per);
	return 0;
}

/* get_size(): bytes, with k/m/g, kbit/mbit/gbit suffixes (1024-based). */
int vn_tc_get_size(uint32_t *size, const char *str)
{
	char *p;
	double sz = strtod(str, &p);

	if (p == str)
		return -1;
	if (*p) {
		if (!strcasecmp(p, "kb") || !strcasecmp(p, "k"))
			sz *= 1024;
		else if (!strcasecmp(p, "gb") || !strcasecmp(p, "g"))
			sz *= 1024 * 1024 * 1024;
		else if (!strcasecmp(p, "gbit"))
			sz *= 1024 * 1024 * 1024 / 8;
		else if (!strcasecmp(p, "mb") || !strcasecmp(p, "m"))
			sz *= 1024 * 1024;
		else if (!strcasecmp(p, "mbit"))
			sz *= 1024 * 1024 / 8;
		else if (!strcasecmp(p, "kbit"))
			sz *= 1024 / 8;
		else if (strcasecmp(p, "b"))
			return -1;
	}
	*size = (uint32_t)vn_tc_to_u64(sz);
	/* tc's overflow check */
	if ((double)*size != floor(sz))
		return -1;
	return 0;
}

/* get_rate64(): bits per second with tc's suffixes, to bytes per second. */
int vn_tc_get_rate64(uint64_t *rate, const char *str)
{
	static const struct {
		const char *name;
		double scale;
	} suffixes[] = {
		{ "bit", 1. },
		{ "Kibit", 1024. },
		{ "kbit", 1000. },
		{ "mibit", 1024. * 1024. },
		{ "mbit", 1000000. },
		{ "gibit", 1024. * 1024. * 1024. },
		{ "gbit", 1000000000. },
		{ "tibit", 1024. * 1024. * 1024. * 1024. },
		{ "tbit", 1000000000000. },
		{ "Bps", 8. },
		{ "KiBps", 8. * 1024. },
		{ "KBps", 8000. },
		{ "MiBps", 8. * 1024 * 1024 },
		{ "MBps", 8000000. },
		{ "GiBps", 8. * 1024. * 1024. * 1024. },
		{ "GBps", 8000000000. },
		{ "TiBps", 8. * 1024. * 1024. * 1024. * 1024. },
		{ "TBps", 8000000000000. },
	};
	char *p;
	double bps = strtod(str, &p);

	if (p == str)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
		if (!strcasecmp(suffixes[i].name, p)) {
			bps *= suffixes[i].scale;
			p += strlen(p);
			break;
		}
	}
	if (*p)
		return -1;
	*rate = vn_tc_to_u64(bps / 8);
	return 0;
}

/* get_u32() and get_s32(): strtoul/strtol, base 0, the whole string. */
int vn_tc_get_u32(uint32_t *val, const char *arg)
{
	unsigned long res;
	char *end;

	if (!*arg)
		return -1;
	errno = 0;
	res = strtoul(arg, &end, 0);
	if (end == arg || *end || (res == ULONG_MAX && errno == ERANGE) ||
	    res > 0xFFFFFFFFul)
		return -1;
	*val = (uint32_t)res;
	return 0;
}

int vn_tc_get_s32(int32_t *val, const char *arg)
{
	long res;
	char *end;

	if (!*arg)
		return -1;
	errno = 0;
	res = strtol(arg, &end, 0);
	if (end == arg || *end ||
	    ((res == LONG_MIN || res == LONG_MAX) && errno == ERANGE) ||
	    res > INT32_MAX || res < INT32_MIN)
		return -1;
	*val = (int32_t)res;
	return 0;
}

/* get_qdisc_handle(): "MAJ:" in hex (anything after ':' ignored), "none". */
int vn_tc_get_qdisc_handle(uint32_t *h, const char *str)
{
	unsigned long maj;
	char *p;

	if (!strcmp(str, "none")) {
		*h = 0;
		return 0;
	}
	maj = strtoul(str, &p, 16);
	if (p == str || maj >= (1 << 16))
		return -1;
	if (*p != ':' && *p)
		return -1;
	*h = (uint32_t)maj << 16;
	return 0;
}

/* get_classid(): "root", "none", "MAJ:MIN" or a bare hex number. */
int vn_tc_get_classid(uint32_t *h, const char *str)
{
	unsigned long maj, min;
	char *p;

	if (!strcmp(str, "root")) {
		*h = TC_H_ROOT;
		return 0;
	}
	if (!strcmp(str, "none")) {
		*h = 0;
		return 0;
	}
	maj = strtoul(str, &p, 16);
	if (p == str) {
		maj = 0;
		if (*p != ':')
			return -1;
	}
	if (*p == ':') {
		if (maj >= (1 << 16))
			return -1;
		maj <<= 16;
		str = p + 1;
		min = strtoul(str, &p, 16);
		if (*p || min >= (1 << 16))
			return -1;
		maj |= min;
	} else if (*p) {
		return -1;
	}
	*h = (uint32_t)maj;
	return 0;
}

/* tc_core_tick2time() then print_time(): 64 ns ticks, shown in us/ms/s. */
uint32_t vn_tc_tick2time(uint32_t ticks)
{
	return (uint32_t)((double)ticks / TICK_IN_USEC);
}

void vn_tc_sprint_ticks(char *buf, size_t size, uint32_t ticks)
{
	uint32_t time = vn_tc_tick2time(ticks);
	double tmp = time;

	if (tmp >= 1000000)
		snprintf(buf, size, "%.3gs", tmp / 1000000);
	else if (tmp >= 1000)
		snprintf(buf, size, "%.3gms", tmp / 1000);
	else
		snprintf(buf, size, "%uus", time);
}

/* sprint_time64() */
void vn_tc_sprint_time64(char *buf, size_t size, int64_t time)
{
	double nsec = (double)time;

	if (time >= VN_SEC)
		snprintf(buf, size, "%.3gs", nsec / VN_SEC);
	else if (time >= VN_MSEC)
		snprintf(buf, size, "%.3gms", nsec / VN_MSEC);
	else if (time >= VN_USEC)
		snprintf(buf, size, "%.3gus", nsec / VN_USEC);
	else
		snprintf(buf, size, "%" PRId64 "ns", time);
}

/* sprint_size() */
void vn_tc_sprint_size(char *buf, size_t size, uint32_t sz)
{
	double tmp = sz;

	if (sz >= 1024 * 1024 &&
	    fabs(1024 * 1024 * rint(tmp / (1024 * 1024)) - sz) < 1024)
		snprintf(buf, size, "%gMb", rint(tmp / (1024 * 1024)));
	else if (sz >= 1024 && fabs(1024 * rint(tmp / 1024) - sz) < 16)
		snprintf(buf, size, "%gKb", rint(tmp / 1024));
	else
		snprintf(buf, size, "%ub", sz);
}

/* print_rate(): bytes per second, shown in bits with K/M/G/T (-iec: Ki). */
void vn_tc_print_rate(struct vn_tc *t, struct vn_pr *pr, const char *key,
		      const char *fmt, uint64_t rate)
{
	static const char *const units[] = { "", "K", "M", "G", "T" };
	uint64_t kilo = t->iec ? 1024 : 1000;
	char buf[64];
	size_t i;

	vn_pr_uint(pr, PR_JSON, key, NULL, rate);
	rate <<= 3;
	for (i = 0; i < ARRAY_SIZE(units) - 1; i++) {
		if (rate < kilo)
			break;
		if ((rate % kilo) != 0 && rate < 1000 * kilo)
			break;
		rate /= kilo;
	}
	snprintf(buf, sizeof(buf), "%.0f%s%sbit", (double)rate, units[i],
		 t->iec && i ? "i" : "");
	vn_pr_string(pr, PR_TEXT, NULL, fmt, buf);
}
