/* SPDX-License-Identifier: MIT */
/*
 * base/util.h - small helpers every layer uses: container_of, byte-order
 * loads and stores that never assume alignment, assertions, time units.
 */
#ifndef VN_BASE_UTIL_H
#define VN_BASE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define VN_MIN(a, b) ((a) < (b) ? (a) : (b))
#define VN_MAX(a, b) ((a) > (b) ? (a) : (b))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define VN_PRINTF(f, a) __attribute__((format(printf, f, a)))

void vn_assert_fail(const char *expr, const char *file, int line)
	__attribute__((noreturn));

/* For programming errors only; never for bad input. */
#define VN_ASSERT(x)                                               \
	do {                                                       \
		if (unlikely(!(x)))                                \
			vn_assert_fail(#x, __FILE__, __LINE__);    \
	} while (0)

typedef uint16_t vn_be16;
typedef uint32_t vn_be32;

/* Time in nanoseconds on the engine's clock (virtual or monotonic). */
typedef int64_t vn_time;

#define VN_NSEC 1LL
#define VN_USEC 1000LL
#define VN_MSEC 1000000LL
#define VN_SEC 1000000000LL
#define VN_TIME_NEVER INT64_MAX

static inline uint16_t vn_load_be16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t vn_load_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static inline void vn_store_be16(void *p, uint16_t v)
{
	uint8_t *b = p;
	b[0] = v >> 8;
	b[1] = v & 0xff;
}

static inline void vn_store_be32(void *p, uint32_t v)
{
	uint8_t *b = p;
	b[0] = v >> 24;
	b[1] = (v >> 16) & 0xff;
	b[2] = (v >> 8) & 0xff;
	b[3] = v & 0xff;
}

#endif
