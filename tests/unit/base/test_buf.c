// SPDX-License-Identifier: MIT
/*
 * tests/unit/base/test_buf.c - packet buffers and their pool (base/buf.c).
 *
 * Each test runs on its own pool and is a leak test: the pool counters
 * and the malloc heap are the same at teardown as at setup.  Covers the
 * data-pointer operations, headroom, zero-copy clones and copy-on-write,
 * the two block classes, a bounded pool running dry, drop counting, and
 * buffer queues.
 */
#include "helpers.h"

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

/* A small bound so exhaustion is cheap to reach. */
#define TEST_MAX_BLOCKS 8

struct fixture {
	struct vn_pool *pool;
	struct vn_test_pool balance;
	struct vn_test_heap heap;
};

static int setup(void **state)
{
	struct fixture *f;
	struct vn_test_heap heap;

	vn_test_heap_begin(&heap);
	f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	f->heap = heap;
	f->pool = vn_pool_create(TEST_MAX_BLOCKS);
	if (!f->pool)
		return -1;
	vn_test_pool_begin(&f->balance, f->pool);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct vn_test_heap heap = f->heap;

	vn_test_pool_end(&f->balance);
	vn_pool_destroy(f->pool);
	free(f);
	vn_test_heap_end(&heap);
	return 0;
}

static struct vn_buf *alloc_filled(struct vn_pool *pool, uint32_t len,
				   uint8_t seed)
{
	struct vn_buf *buf = vn_buf_alloc(pool, len);
	uint8_t *p;

	assert_non_null(buf);
	p = vn_buf_put(buf, len);
	for (uint32_t i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i);
	return buf;
}

static void test_buf_alloc_is_empty_at_headroom(void **state)
{
	struct fixture *f = *state;
	struct vn_pool_stats st;
	struct vn_buf *buf = vn_buf_alloc(f->pool, 100);

	assert_non_null(buf);
	assert_int_equal(buf->len, 0);
	assert_int_equal(vn_buf_headroom(buf), VN_BUF_HEADROOM);
	assert_int_equal(vn_buf_tailroom(buf),
			 VN_BUF_SMALL_SIZE - VN_BUF_HEADROOM);
	assert_int_equal(buf->l2_off, VN_BUF_NO_OFFSET);
	assert_int_equal(buf->l3_off, VN_BUF_NO_OFFSET);
	assert_int_equal(buf->l4_off, VN_BUF_NO_OFFSET);
	assert_null(buf->dev);
	assert_null(buf->drop_stats);
	assert_int_equal(buf->mark, 0);
	assert_int_equal(buf->pkt_type, VN_PKT_HOST);
	assert_false(vn_buf_shared(buf));
	vn_pool_get_stats(f->pool, &st);
	assert_int_equal(st.n_bufs, 1);
	assert_int_equal(st.n_blocks, 1);
	vn_buf_free(buf);
}

static void test_buf_put_push_pull(void **state)
{
	struct fixture *f = *state;
	struct vn_buf *buf = vn_buf_alloc(f->pool, 64);
	uint8_t *p, *h;

	assert_non_null(buf);
	p = vn_buf_put(buf, 10);
	assert_ptr_equal(p, buf->data);
	memset(p, 0xaa, 10);
	p = vn_buf_put(buf, 5);
	assert_ptr_equal(p, buf->data + 10);
	memset(p, 0xbb, 5);
	assert_int_equal(buf->len, 15);

	h = vn_buf_push(buf, 14);
	assert_ptr_equal(h, buf->data);
	assert_int_equal(buf->len, 29);
	assert_int_equal(vn_buf_headroom(buf), VN_BUF_HEADROOM - 14);
	memset(h, 0xcc, 14);

	/* pull gives the header back; the payload is where it was. */
	p = vn_buf_pull(buf, 14);
	assert_ptr_equal(p, buf->data);
	assert_int_equal(buf->len, 15);
	assert_int_equal(p[0], 0xaa);
	assert_int_equal(p[10], 0xbb);
	assert_int_equal(vn_buf_headroom(buf), VN_BUF_HEADROOM);

	/* unpull restores what pull took, contents untouched. */
	p = vn_buf_unpull(buf, 14);
	assert_int_equal(p[0], 0xcc);
	assert_int_equal(buf->len, 29);
	vn_buf_free(buf);
}

static void test_buf_try_pull_refuses_short(void **state)
{
	struct fixture *f = *state;
	struct vn_buf *buf = alloc_filled(f->pool, 20, 0);
	uint8_t *data = buf->data;

	assert_null(vn_buf_try_pull(buf, 21));
	/* A refused pull changes nothing. */
	assert_ptr_equal(buf->data, data);
	assert_int_equal(buf->len, 20);
	assert_non_null(vn_buf_try_pull(buf, 20));
	assert_int_equal(buf->len, 0);
	assert_ptr_equal(buf->data, data + 20);
	assert_null(vn_buf_try_pull(buf, 1));
	assert_non_null(vn_buf_try_pull(buf, 0));
	vn_buf_free(buf);
}

static void test_buf_trim(void **state)
{
	struct fixture *f = *state;
	struct vn_buf *buf = alloc_filled(f->pool, 60, 0);

	vn_buf_trim(buf, 100);		/* longer: no-op */
	assert_int_equal(buf->len, 60);
	vn_buf_trim(buf, 42);
	assert_int_equal(buf->len, 42);
	vn_buf_trim(buf, 0);
	assert_int_equal(buf->len, 0);
	vn_buf_free(buf);
}

static void test_buf_put_fills_small_block_exactly(void **state)
{
	struct fixture *f = *state;
	uint32_t room = VN_BUF_SMALL_SIZE - VN_BUF_HEADROOM;
	struct vn_buf *buf = vn_buf_alloc(f->pool, room);

	assert_non_null(buf);
	assert_int_equal(buf->block->size, VN_BUF_SMALL_SIZE);
	vn_buf_put(buf, room);
	assert_int_equal(vn_buf_tailroom(buf), 0);
	vn_buf_free(buf);
}

static void test_buf_large_class(void **state)
{
	struct fixture *f = *state;
	uint32_t small_max = VN_BUF_SMALL_SIZE - VN_BUF_HEADROOM;
	uint32_t large_max = VN_BUF_LARGE_SIZE - VN_BUF_HEADROOM;
	struct vn_pool_stats st;
	struct vn_buf *a, *b;

	a = vn_buf_alloc(f->pool, small_max + 1);
	assert_non_null(a);
	assert_int_equal(a->block->size, VN_BUF_LARGE_SIZE);
	assert_int_equal(vn_buf_headroom(a), VN_BUF_HEADROOM);
	/* A 64 KiB frame (loopback's MTU) fits with its headroom. */
	b = vn_buf_alloc(f->pool, large_max);
	assert_non_null(b);
	memset(vn_buf_put(b, large_max), 0x5a, large_max);
	assert_int_equal(vn_buf_tailroom(b), 0);
	vn_buf_free(a);
	vn_buf_free(b);

	/* Beyond the large class: refused and counted. */
	assert_null(vn_buf_alloc(f->pool, large_max + 1));
	vn_pool_get_stats(f->pool, &st);
	assert_int_equal(st.n_alloc_fail, 1);
}

/* Regression: a length near UINT32_MAX must not wrap into the small class. */
static void test_buf_alloc_huge_len_refused(void **state)
{
	struct fixture *f = *state;
	struct vn_pool_stats st;

	assert_null(vn_buf_alloc(f->pool, UINT32_MAX));
	assert_null(vn_buf_alloc(f->pool, UINT32_MAX - VN_BUF_HEADROOM + 1));
	assert_null(vn_buf_alloc(f->pool, UINT32_MAX - 100));
	vn_pool_get_stats(f->pool, &st);
	assert_int_equal(st.n_alloc_fail, 3);
	assert_int_equal(st.n_blocks, 0);
}

static void test_buf_clone_shares_block(void **state)
{
	struct fixture *f = *state;
	struct vn_buf *buf = alloc_filled(f->pool, 100, 7);
	struct vn_pool_stats st;
	struct vn_buf *c;

	buf->mark = 42;
	buf->l2_off = vn_buf_offset(buf, buf->data);
	c = vn_buf_clone(buf);
	assert_non_null(c);
	assert_ptr_equal(c->block, buf->block);
	assert_ptr_equal(c->data, buf->data);
	assert_int_equal(c->len, buf->len);
	assert_int_equal(c->mark, 42);
	assert_int_equal(c->l2_off, buf->l2_off);
	assert_null(c->next);
	assert_true(vn_buf_shared(buf));
	assert_true(vn_buf_shared(c));
	vn_pool_get_stats(f->pool, &st);
	assert_int_equal(st.n_bufs, 2);
	assert_int_equal(st.n_blocks, 1);

	/* Pulls on a clone move only the clone's view. */
	vn_buf_pull(c, 10);
	assert_int_equal(buf->len, 100);
	assert_int_equal(c->len, 90);

	vn_buf_free(buf);
	assert_false(vn_buf_shared(c));
	vn_pool_get_stats(f->pool, &st);
	assert_int_equal(st.n_blocks, 1);
	vn_buf_free(c);
}

static void test_buf_make_writable_copies_shared_block(void **state)
{
	struct fixture *f = *state;
	struct vn_buf *buf = alloc_filled(f->pool, 100, 0);
	struct vn_block *orig_block = buf->block;
	struct vn_pool_stats st;
	struct vn_buf *c;

	vn_buf_pull(buf, 14);	/* headroom now 142 */
	buf->l2_off = (uint16_t)(vn_buf_offset(buf, buf->data) - 14);
	buf->l3_off = vn_buf_offset(buf, buf->data);
	c = vn_buf_clone(buf);
	assert_non_null(c);
	assert_int_equal(vn_buf_make_writable(c), 0);
	assert_ptr_not_equal(c->block, orig_block);
	assert_false(vn_buf_shared(c));
	assert_false(vn_buf_shared(buf));
	vn_pool_get_stats(f->pool, &st);
	assert_int_equal(st.n_blocks, 2);

	/* The copy keeps the headroom, so the layer offsets stay valid. */
	assert_int_equal(vn_buf_headroom(c), vn_buf_headroom(buf));
	assert_int_equal(c->l3_off, vn_buf_offset(c, c->data));
	assert_memory_equal(vn_buf_at(c, c->l2_off), vn_buf_at(buf, buf->l2_off),
			    14 + 86);

	/* Writing to the copy leaves the original alone. */
	c->data[0] = 0xee;
	assert_int_equal(buf->data[0], 14);
	assert_int_equal(c->data[1], 15);

	/* On a private block it is a no-op. */
	assert_int_equal(vn_buf_make_writable(buf), 0);
	assert_ptr_equal(buf->block, orig_block);
	vn_buf_free(buf);
	vn_buf_free(c);
}

static void test_buf_copy_is_deep(void **state)
{
	struct fixture *f = *state;
	struct vn_buf *buf = alloc_filled(f->pool, 300, 3);
	struct vn_buf *c;
	int dummy_dev;

	buf->mark = 9;
	buf->pkt_type = VN_PKT_BROADCAST;
	buf->dev = (struct vn_dev *)&dummy_dev;
	buf->in_ifindex = 4;
	buf->tstamp = 1234;
	c = vn_buf_copy(buf);
	assert_non_null(c);
	assert_ptr_not_equal(c->block, buf->block);
	assert_false(vn_buf_shared(buf));
	assert_int_equal(c->len, 300);
	assert_memory_equal(c->data, buf->data, 300);
	assert_int_equal(c->mark, 9);
	assert_int_equal(c->pkt_type, VN_PKT_BROADCAST);
	assert_ptr_equal(c->dev, buf->dev);
	assert_int_equal(c->in_ifindex, 4);
	assert_int_equal(c->tstamp, 1234);
	assert_int_equal(vn_buf_headroom(c), VN_BUF_HEADROOM);
	c->data[0] ^= 0xff;
	assert_int_equal(buf->data[0], 3);
	vn_buf_free(buf);
	vn_buf_free(c);
}

/*
 * Regression: copying a buffer whose headroom grew by a pull, with a
 * length that only just fits a small block, must keep every layer offset
 * pointing at the same bytes.
 */
static void test_buf_copy_keeps_layer_offsets(void **state)
{
	struct fixture *f = *state;
	uint32_t lens[] = { 100, 1500, 1905, 1906, 1910, 1920,
			    VN_BUF_SMALL_SIZE - VN_BUF_HEADROOM };

	for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
		struct vn_buf *buf = alloc_filled(f->pool, lens[i], 1);
		struct vn_buf *c, *w;

		buf->l2_off = vn_buf_offset(buf, buf->data);
		vn_buf_pull(buf, 14);
		buf->l3_off = vn_buf_offset(buf, buf->data);
		vn_buf_pull(buf, 20);
		buf->l4_off = vn_buf_offset(buf, buf->data);

		c = vn_buf_copy(buf);
		assert_non_null(c);
		assert_int_equal(c->len, buf->len);
		assert_memory_equal(vn_buf_at(c, c->l2_off),
				    vn_buf_at(buf, buf->l2_off), lens[i]);
		assert_ptr_equal(vn_buf_at(c, c->l4_off), c->data);
		assert_ptr_equal(vn_buf_at(c, c->l3_off), c->data - 20);

		w = vn_buf_clone(buf);
		assert_non_null(w);
		assert_int_equal(vn_buf_make_writable(w), 0);
		assert_memory_equal(vn_buf_at(w, w->l2_off),
				    vn_buf_at(buf, buf->l2_off), lens[i]);
		assert_ptr_equal(vn_buf_at(w, w->l4_off), w->data);
		vn_buf_free(buf);
		vn_buf_free(c);
		vn_buf_free(w);
	}
}

static void test_buf_pool_exhaustion_returns_null(void **state)
{
	struct fixture *f = *state;
	struct vn_buf *bufs[TEST_MAX_BLOCKS], *c;
	struct vn_pool_stats st;

	for (int i = 0; i < TEST_MAX_BLOCKS; i++) {
		bufs[i] = vn_buf_alloc(f->pool, i % 2 ? 60 : 5000);
		assert_non_null(bufs[i]);
		vn_buf_put(bufs[i], 60);
	}
	/* The bound counts both classes together. */
	assert_null(vn_buf_alloc(f->pool, 60));
	assert_null(vn_buf_alloc(f->pool, 5000));
	assert_null(vn_buf_copy(bufs[0]));
	vn_pool_get_stats(f->pool, &st);
	assert_int_equal(st.n_blocks, TEST_MAX_BLOCKS);
	assert_int_equal(st.n_alloc_fail, 3);

	/* A clone needs no block, so it still works... */
	c = vn_buf_clone(bufs[0]);
	assert_non_null(c);
	/* ...but making it writable needs one: refused, nothing changed. */
	assert_int_equal(vn_buf_make_writable(c), -ENOMEM);
	assert_ptr_equal(c->block, bufs[0]->block);
	assert_true(vn_buf_shared(c));
	vn_pool_get_stats(f->pool, &st);
	assert_int_equal(st.n_alloc_fail, 4);
	vn_buf_free(c);

	/* Freeing one block makes room for exactly one more. */
	vn_buf_free(bufs[3]);
	bufs[3] = vn_buf_alloc(f->pool, 60);
	assert_non_null(bufs[3]);
	assert_null(vn_buf_alloc(f->pool, 60));
	for (int i = 0; i < TEST_MAX_BLOCKS; i++)
		vn_buf_free(bufs[i]);
}

static void test_buf_free_lists_reuse_memory(void **state)
{
	struct fixture *f = *state;
	struct vn_test_heap heap;
	struct vn_buf *buf;

	/* Warm up both classes, then steady state must not call malloc. */
	vn_buf_free(vn_buf_alloc(f->pool, 10));
	vn_buf_free(vn_buf_alloc(f->pool, 10000));
	vn_test_heap_begin(&heap);
	for (int i = 0; i < 1000; i++) {
		buf = vn_buf_alloc(f->pool, (uint32_t)(i % 3 ? 64 : 9000));
		assert_non_null(buf);
		vn_buf_free(buf);
	}
	vn_test_heap_end(&heap);
}

static void test_buf_drop_counts_namespace_and_pool(void **state)
{
	struct fixture *f = *state;
	struct vn_drop_stats ns = { 0 };
	const struct vn_drop_stats *pool_drops = vn_pool_drop_stats(f->pool);
	struct vn_buf *buf;

	buf = alloc_filled(f->pool, 20, 0);
	buf->drop_stats = &ns;
	vn_buf_drop(buf, VN_DROP_IP_CSUM);
	assert_int_equal(ns.n[VN_DROP_IP_CSUM], 1);
	assert_int_equal(pool_drops->n[VN_DROP_IP_CSUM], 1);

	/* Without namespace counters only the engine-wide ones count. */
	buf = alloc_filled(f->pool, 20, 0);
	vn_buf_drop(buf, VN_DROP_IP_CSUM);
	assert_int_equal(ns.n[VN_DROP_IP_CSUM], 1);
	assert_int_equal(pool_drops->n[VN_DROP_IP_CSUM], 2);

	/* Dropping a clone drops one reference, counted once. */
	buf = alloc_filled(f->pool, 20, 0);
	buf->drop_stats = &ns;
	vn_buf_drop(vn_buf_clone(buf), VN_DROP_BR_NO_FLOOD);
	assert_int_equal(ns.n[VN_DROP_BR_NO_FLOOD], 1);
	assert_int_equal(buf->block->refcnt, 1);
	vn_buf_free(buf);		/* a free is not a drop */
	assert_int_equal(ns.n[VN_DROP_BR_NO_FLOOD], 1);
	for (int r = 0; r < VN_DROP__COUNT; r++)
		if (r != VN_DROP_IP_CSUM && r != VN_DROP_BR_NO_FLOOD)
			assert_int_equal(ns.n[r], 0);
}

static void test_buf_bufq_fifo_and_purge(void **state)
{
	struct fixture *f = *state;
	const struct vn_drop_stats *drops = vn_pool_drop_stats(f->pool);
	struct vn_buf *b[3];
	struct vn_bufq q;

	vn_bufq_init(&q);
	assert_null(vn_bufq_pop(&q));
	for (int i = 0; i < 3; i++) {
		b[i] = alloc_filled(f->pool, 10, (uint8_t)i);
		vn_bufq_push(&q, b[i]);
		assert_int_equal(q.len, (uint32_t)i + 1);
	}
	assert_ptr_equal(q.head, b[0]);
	assert_ptr_equal(q.tail, b[2]);
	assert_ptr_equal(vn_bufq_pop(&q), b[0]);
	assert_null(b[0]->next);
	assert_int_equal(q.len, 2);
	/* Push after a pop keeps FIFO order. */
	vn_bufq_push(&q, b[0]);
	assert_ptr_equal(vn_bufq_pop(&q), b[1]);
	assert_ptr_equal(vn_bufq_pop(&q), b[2]);
	assert_ptr_equal(vn_bufq_pop(&q), b[0]);
	assert_null(vn_bufq_pop(&q));
	assert_null(q.head);
	assert_null(q.tail);
	assert_int_equal(q.len, 0);

	for (int i = 0; i < 3; i++)
		vn_bufq_push(&q, b[i]);
	vn_bufq_purge(&q, VN_DROP_SOCKET_RCVBUF);
	assert_int_equal(q.len, 0);
	assert_null(q.head);
	assert_int_equal(drops->n[VN_DROP_SOCKET_RCVBUF], 3);
}

#if VN_TEST_ASAN
/*
 * Under ASan the pool poisons free blocks: reading a freed buffer, or
 * writing past a block into the next, must be reported (in a child, as
 * ASan ends the process that trips it).
 */
static void expect_asan_report(struct fixture *f, int how)
{
	int fds[2], status;
	char out[4096] = { 0 };
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct vn_buf *a = vn_buf_alloc(f->pool, 100);
		struct vn_buf *b = vn_buf_alloc(f->pool, 100);
		volatile uint8_t *p = a->data;

		dup2(fds[1], 2);
		if (how == 0) {
			vn_buf_free(a);
			(void)p[0];		/* use after free */
		} else {
			/* From a's block through b's into a never used one. */
			vn_buf_free(b);
			memset(a->data, 0, 3 * VN_BUF_SMALL_SIZE);
		}
		_exit(0);
	}
	close(fds[1]);
	while (n < sizeof(out) - 1 &&
	       (r = read(fds[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += (size_t)r;
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_non_null(strstr(out, "use-after-poison"));
}

static void test_buf_asan_sees_freed_blocks(void **state)
{
	expect_asan_report(*state, 0);
	expect_asan_report(*state, 1);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_buf_alloc_is_empty_at_headroom),
		T(test_buf_put_push_pull),
		T(test_buf_try_pull_refuses_short),
		T(test_buf_trim),
		T(test_buf_put_fills_small_block_exactly),
		T(test_buf_large_class),
		T(test_buf_alloc_huge_len_refused),
		T(test_buf_clone_shares_block),
		T(test_buf_make_writable_copies_shared_block),
		T(test_buf_copy_is_deep),
		T(test_buf_copy_keeps_layer_offsets),
		T(test_buf_pool_exhaustion_returns_null),
		T(test_buf_free_lists_reuse_memory),
		T(test_buf_drop_counts_namespace_and_pool),
		T(test_buf_bufq_fifo_and_purge),
#if VN_TEST_ASAN
		T(test_buf_asan_sees_freed_blocks),
#endif
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
