/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/helpers.h - what every unit test shares: leak checks and two
 * small fixtures.
 *
 * Every test is a leak test (STYLE.md, "Tests"): buffer pool counters and
 * the malloc heap are the same when a test ends as when it started.
 *
 *   struct vn_test_heap   malloc balance: bytes in live malloc blocks
 *                         (see below); a no-op under ASan, whose
 *                         LeakSanitizer checks the whole run instead.
 *   struct vn_test_pool   pool balance (headers and blocks in use).
 *   struct vn_test_env    a bare device world for dev/ and bridge/ tests:
 *                         an env (virtual clock, timers, pool, rand), the
 *                         receive backlog and two device spaces whose
 *                         namespace side only records what reaches it
 *                         (frames in a queue, events in a log).  No IPv4.
 *   struct vn_test_engine a whole engine (virtual time, seed 1) with a
 *                         session to run command lines as a script would,
 *                         output captured in a string.
 *
 * The fixtures follow cmocka's setup/teardown signature, so a test is
 *
 *	cmocka_unit_test_setup_teardown(test_x, vn_test_env_setup,
 *					vn_test_env_teardown)
 *
 * and gets the fixture in *state (vn_test_heap_setup/teardown, for
 * stateless modules, only check the heap).  Teardown asserts
 * the leak checks; a test that deliberately keeps something (a frame in a
 * device queue) must release it itself before returning.
 *
 * Header-only on purpose (static inline), so the Makefile builds a test
 * from its one .c file.  Keep this interface stable: other layers' tests
 * include it.
 */
#ifndef VN_TESTS_UNIT_HELPERS_H
#define VN_TESTS_UNIT_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/env.h"
#include "cmd/session.h"
#include "dev/dev.h"
#include "engine.h"

#if defined(__SANITIZE_ADDRESS__)
#define VN_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VN_TEST_ASAN 1
#endif
#endif
#ifndef VN_TEST_ASAN
#define VN_TEST_ASAN 0
#endif

/* --- malloc balance ------------------------------------------------------ */

/*
 * Without ASan, this header replaces the malloc family with thin wrappers
 * around glibc's own (__libc_malloc ...) that count the usable bytes of
 * every live block, as glibc's "Replacing malloc" allows; mallinfo2()
 * cannot be used because it counts blocks parked in the thread cache as
 * in use.  Under ASan the counter stays 0 and LeakSanitizer does the job.
 * Each unit test is one translation unit, so these definitions appear
 * once per program.
 */
#if !VN_TEST_ASAN
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t align, size_t size);
extern void __libc_free(void *p);

static size_t vn_test_heap_bytes;

static inline void *vn_test_heap_count(void *p)
{
	if (p)
		vn_test_heap_bytes += malloc_usable_size(p);
	return p;
}

void *malloc(size_t size)
{
	return vn_test_heap_count(__libc_malloc(size));
}

void *calloc(size_t n, size_t size)
{
	return vn_test_heap_count(__libc_calloc(n, size));
}

void *realloc(void *p, size_t size)
{
	size_t old = p ? malloc_usable_size(p) : 0;
	void *q = __libc_realloc(p, size);

	if (q || !size)
		vn_test_heap_bytes -= old;
	return vn_test_heap_count(q);
}

void *memalign(size_t align, size_t size)
{
	return vn_test_heap_count(__libc_memalign(align, size));
}

void *aligned_alloc(size_t align, size_t size)
{
	return vn_test_heap_count(__libc_memalign(align, size));
}

int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	p = vn_test_heap_count(__libc_memalign(align, size));
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void free(void *p)
{
	if (p)
		vn_test_heap_bytes -= malloc_usable_size(p);
	__libc_free(p);
}
#endif

struct vn_test_heap {
	size_t in_use;
};

/* Bytes the program has allocated and not freed (0 under ASan). */
static inline size_t vn_test_heap_in_use(void)
{
#if VN_TEST_ASAN
	return 0;
#else
	return vn_test_heap_bytes;
#endif
}

static inline void vn_test_heap_begin(struct vn_test_heap *h)
{
	h->in_use = vn_test_heap_in_use();
}

/* Asserts the heap holds what it held at vn_test_heap_begin(). */
static inline void vn_test_heap_end(const struct vn_test_heap *h)
{
	assert_int_equal(vn_test_heap_in_use(), h->in_use);
}

/* A cmocka fixture that only checks the heap: for stateless modules. */
static inline int vn_test_heap_setup(void **state)
{
	struct vn_test_heap h, *p;

	vn_test_heap_begin(&h);
	p = malloc(sizeof(*p));
	if (!p)
		return -1;
	*p = h;
	*state = p;
	return 0;
}

static inline int vn_test_heap_teardown(void **state)
{
	struct vn_test_heap h = *(struct vn_test_heap *)*state;

	free(*state);
	vn_test_heap_end(&h);
	return 0;
}

/* --- pool balance -------------------------------------------------------- */

struct vn_test_pool {
	const struct vn_pool *pool;
	struct vn_pool_stats st;
};

static inline void vn_test_pool_begin(struct vn_test_pool *t,
				      const struct vn_pool *pool)
{
	t->pool = pool;
	vn_pool_get_stats(pool, &t->st);
}

/* Asserts no header or block is held that was not held at begin. */
static inline void vn_test_pool_end(const struct vn_test_pool *t)
{
	struct vn_pool_stats now;

	vn_pool_get_stats(t->pool, &now);
	assert_int_equal(now.n_bufs, t->st.n_bufs);
	assert_int_equal(now.n_blocks, t->st.n_blocks);
}

/* --- a bare device world ------------------------------------------------- */

#define VN_TEST_SPACES 2
#define VN_TEST_EVENTS 256

struct vn_test_event {
	struct vn_dev *dev;
	enum vn_dev_event ev;
};

/* A device space whose namespace side records instead of processing. */
struct vn_test_space {
	struct vn_devspace space;
	struct vn_bufq delivered;	/* frames deliver() got, in order */
	struct vn_test_event log[VN_TEST_EVENTS];
	unsigned n_log;			/* events logged (saturates) */
};

struct vn_test_env {
	struct vn_env env;
	struct vn_backlog backlog;
	struct vn_test_space s[VN_TEST_SPACES];
	struct vn_test_heap heap;
	struct vn_test_pool pool;
};

static inline struct vn_test_space *vn_test_space_of(struct vn_devspace *sp)
{
	return container_of(sp, struct vn_test_space, space);
}

static inline void vn_test_space_deliver(struct vn_devspace *sp,
					 struct vn_dev *dev,
					 struct vn_buf *buf)
{
	(void)dev;
	vn_bufq_push(&vn_test_space_of(sp)->delivered, buf);
}

static inline void vn_test_space_notify(struct vn_devspace *sp,
					struct vn_dev *dev,
					enum vn_dev_event ev)
{
	struct vn_test_space *ts = vn_test_space_of(sp);

	if (ts->n_log < VN_TEST_EVENTS)
		ts->log[ts->n_log++] = (struct vn_test_event){ dev, ev };
}

static const struct vn_devspace_ops vn_test_space_ops = {
	.deliver = vn_test_space_deliver,
	.notify = vn_test_space_notify,
};

/* How many times @ev was logged for @dev (NULL: any device). */
static inline unsigned vn_test_events(const struct vn_test_space *ts,
				      const struct vn_dev *dev,
				      enum vn_dev_event ev)
{
	unsigned n = 0;

	for (unsigned i = 0; i < ts->n_log; i++)
		if (ts->log[i].ev == ev && (!dev || ts->log[i].dev == dev))
			n++;
	return n;
}

static inline void vn_test_events_clear(struct vn_test_space *ts)
{
	ts->n_log = 0;
}

/* Frees every delivered frame; returns how many there were. */
static inline unsigned vn_test_delivered_flush(struct vn_test_space *ts)
{
	unsigned n = 0;
	struct vn_buf *buf;

	while ((buf = vn_bufq_pop(&ts->delivered))) {
		vn_buf_free(buf);
		n++;
	}
	return n;
}

/*
 * Setup: heap baseline, then env (virtual clock at 0, seed 1, a pool of
 * 4096 blocks), backlog (max 1000 as netdev_max_backlog) and the spaces.
 */
static inline int vn_test_env_setup(void **state)
{
	struct vn_test_env *t;
	struct vn_test_heap heap;

	vn_test_heap_begin(&heap);
	t = calloc(1, sizeof(*t));
	if (!t)
		return -1;
	t->heap = heap;
	vn_clock_init(&t->env.clock, true);
	vn_timers_init(&t->env.timers);
	vn_rand_seed(&t->env.rand, 1);
	t->env.hash_seed = 0x12345678;
	t->env.pool = vn_pool_create(4096);
	if (!t->env.pool) {
		free(t);
		return -1;
	}
	vn_bufq_init(&t->backlog.q);
	t->backlog.max_len = 1000;
	for (int i = 0; i < VN_TEST_SPACES; i++) {
		vn_devspace_init(&t->s[i].space, &t->env, &t->backlog,
				 &vn_test_space_ops);
		vn_bufq_init(&t->s[i].delivered);
	}
	vn_test_pool_begin(&t->pool, t->env.pool);
	*state = t;
	return 0;
}

/*
 * Teardown: the test must have consumed what was delivered and what is
 * queued on the backlog; devices still registered are deleted (that must
 * not leak either); then pool and heap balance are asserted.
 */
static inline int vn_test_env_teardown(void **state)
{
	struct vn_test_env *t = *state;
	struct vn_test_heap heap = t->heap;
	struct vn_dev *dev;

	for (int i = 0; i < VN_TEST_SPACES; i++)
		assert_int_equal(t->s[i].delivered.len, 0);
	assert_int_equal(t->backlog.q.len, 0);
	for (int i = 0; i < VN_TEST_SPACES; i++) {
		while ((dev = vn_dev_next(&t->s[i].space, NULL)))
			vn_dev_unregister(dev);
	}
	assert_int_equal(t->backlog.q.len, 0);
	vn_test_pool_end(&t->pool);
	for (int i = 0; i < VN_TEST_SPACES; i++)
		vn_devspace_fini(&t->s[i].space);
	vn_timers_fini(&t->env.timers);
	vn_pool_destroy(t->env.pool);
	free(t);
	vn_test_heap_end(&heap);
	return 0;
}

/* A frame of @len bytes from @t's pool: @dst, @src, @type, then @fill. */
static inline struct vn_buf *vn_test_frame(struct vn_test_env *t,
					   const uint8_t *dst,
					   const uint8_t *src, uint16_t type,
					   uint32_t len, uint8_t fill)
{
	struct vn_buf *buf = vn_buf_alloc(t->env.pool, len);
	uint8_t *p;

	assert_non_null(buf);
	p = vn_buf_put(buf, len);
	memset(p, fill, len);
	if (len >= VN_ETH_HLEN)
		vn_eth_emit(p, dst, src, type);
	return buf;
}

/* --- a whole engine ------------------------------------------------------ */

struct vn_test_engine {
	struct vn_engine *engine;
	struct vn_session session;
	char *out;		/* stdout and stderr of the lines, merged */
	size_t out_len, out_cap;
	struct vn_test_heap heap;
	struct vn_test_pool pool;
};

static inline void vn_test_engine_write(void *arg, int fd, const char *data,
					size_t len)
{
	struct vn_test_engine *t = arg;

	(void)fd;
	if (t->out_len + len + 1 > t->out_cap) {
		size_t cap = (t->out_len + len + 1) * 2;
		char *p = realloc(t->out, cap);

		assert_non_null(p);
		t->out = p;
		t->out_cap = cap;
	}
	memcpy(t->out + t->out_len, data, len);
	t->out_len += len;
	t->out[t->out_len] = '\0';
}

/* Setup: an engine on virtual time with seed 1, and a session on it. */
static inline int vn_test_engine_setup(void **state)
{
	const struct vn_engine_opts opts = { .virtual_time = true, .seed = 1 };
	struct vn_test_engine *t;
	struct vn_out out;
	struct vn_test_heap heap;

	vn_test_heap_begin(&heap);
	t = calloc(1, sizeof(*t));
	if (!t)
		return -1;
	t->heap = heap;
	t->engine = vn_engine_create(&opts);
	if (!t->engine) {
		free(t);
		return -1;
	}
	out.write = vn_test_engine_write;
	out.arg = t;
	vn_session_init(&t->session, t->engine, &out);
	vn_test_pool_begin(&t->pool, t->engine->env.pool);
	*state = t;
	return 0;
}

/*
 * Teardown: ends the session's jobs, deletes the named namespaces, lets
 * the network settle, asserts the pool is back where it was after setup,
 * destroys the engine, and asserts the heap balance.
 */
static inline int vn_test_engine_teardown(void **state)
{
	struct vn_test_engine *t = *state;
	struct vn_test_heap heap = t->heap;
	struct vn_engine *e = t->engine;

	vn_session_fini(&t->session);
	while (!vn_list_empty(&e->named)) {
		struct vn_netns *ns =
			vn_list_entry(e->named.next, struct vn_netns, link);

		assert_int_equal(vn_engine_netns_del(e, ns->name, NULL), 0);
	}
	vn_engine_settle(e);
	vn_test_pool_end(&t->pool);
	vn_engine_destroy(e);
	free(t->out);
	free(t);
	vn_test_heap_end(&heap);
	return 0;
}

struct vn_test_line {
	bool done;
	int status;
};

static inline void vn_test_line_done(struct vn_session *s, int status,
				     void *arg)
{
	struct vn_test_line *l = arg;

	(void)s;
	l->done = true;
	l->status = status;
}

static inline bool vn_test_line_is_done(void *arg)
{
	return ((struct vn_test_line *)arg)->done;
}

/*
 * vn_test_exec() - run one command line as `vnet run` would, to its end
 * Return: its exit status; a line that can never finish on virtual time is
 * killed and gives 128 + SIGKILL; a line that does not parse gives 2.
 * Output is appended to t->out.
 */
static inline int vn_test_exec(struct vn_test_engine *t, const char *line)
{
	struct vn_test_line st = { 0 };

	if (vn_session_exec(&t->session, line, vn_test_line_done, &st))
		return 2;
	if (vn_engine_run(t->engine, VN_TIME_NEVER, vn_test_line_is_done,
			  &st) == VN_RUN_IDLE) {
		vn_session_interrupt(&t->session, SIGKILL);
		vn_engine_run(t->engine, VN_TIME_NEVER, vn_test_line_is_done,
			      &st);
		return 128 + SIGKILL;
	}
	return st.status;
}

/* vn_test_exec() that must succeed. */
#define vn_test_exec_ok(t, line) assert_int_equal(vn_test_exec(t, line), 0)

static inline void vn_test_output_clear(struct vn_test_engine *t)
{
	t->out_len = 0;
	if (t->out)
		t->out[0] = '\0';
}

/* The output so far ("" when none). */
static inline const char *vn_test_output(const struct vn_test_engine *t)
{
	return t->out ? t->out : "";
}

#endif
