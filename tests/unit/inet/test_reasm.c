// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_reasm.c - IPv4 reassembly (inet/reasm.c) against
 * Linux 6.1's ip_fragment.c and inet_fragment.c: fragments in order and
 * reversed, duplicates (dropped alone) and overlaps (the datagram goes),
 * non-last fragments cut to 8-byte units, empty fragments, contradicting
 * ends, the timeout and its ICMP, the memory limit and oversized
 * datagrams.  Every test is a leak test.
 */
#include "helpers.h"

#include "inet/reasm.h"
#include "wire/ipv4.h"

#define SEC VN_SEC
#define SRC 0x0a000001u
#define DST 0x0a000002u

struct rfix {
	struct vn_test_env *t;
	struct vn_reasm r;
	int n_expired;
	uint32_t expired_off;
};

static void on_expired(struct vn_reasm *r, struct vn_buf *first)
{
	struct rfix *f = container_of(r, struct rfix, r);

	f->n_expired++;
	f->expired_off = vn_ipv4_frag_off(first->data);
}

static int setup(void **state)
{
	struct rfix *f;

	if (vn_test_env_setup(state))
		return -1;
	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->t = *state;
	vn_reasm_init(&f->r, &f->t->env, on_expired);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct rfix *f = *state;
	struct vn_test_env *t = f->t;

	vn_reasm_fini(&f->r);
	free(f);
	*state = t;
	return vn_test_env_teardown(state);
}

/* A fragment of datagram @id: payload bytes [off, off+len), byte i of the
 * datagram's payload being (i * 7) & 0xff. */
static struct vn_buf *frag(struct rfix *f, uint16_t id, uint32_t off,
			   uint32_t len, bool more)
{
	struct vn_buf *buf = vn_buf_alloc(f->t->env.pool, VN_IPV4_HLEN + len);
	struct vn_ipv4_repr r = {
		.ttl = 64,
		.proto = 1,
		.id = id,
		.frag = (uint16_t)((off / 8) | (more ? VN_IP_MF : 0)),
		.src = SRC,
		.dst = DST,
		.payload_len = (uint16_t)len,
	};
	uint8_t *p;

	assert_non_null(buf);
	p = vn_buf_put(buf, VN_IPV4_HLEN + len);
	vn_ipv4_emit(p, &r);
	for (uint32_t i = 0; i < len; i++)
		p[VN_IPV4_HLEN + i] = (uint8_t)((off + i) * 7);
	return buf;
}

static struct vn_buf *add(struct rfix *f, uint16_t id, uint32_t off,
			  uint32_t len, bool more)
{
	return vn_reasm_add(&f->r, frag(f, id, off, len, more));
}

/* Checks a reassembled datagram of @len payload bytes, then frees it. */
static void expect_datagram(struct vn_buf *out, uint32_t len)
{
	const uint8_t *p;

	assert_non_null(out);
	p = out->data;
	assert_int_equal(vn_ipv4_check(p, out->len), 0);
	assert_int_equal(vn_ipv4_tot_len(p), VN_IPV4_HLEN + len);
	assert_int_equal(vn_ipv4_frag(p), 0);
	for (uint32_t i = 0; i < len; i++)
		if (p[VN_IPV4_HLEN + i] != (uint8_t)(i * 7))
			fail_msg("payload byte %u is wrong", i);
	vn_buf_free(out);
}

static void test_reasm_in_order(void **state)
{
	struct rfix *f = *state;

	assert_null(add(f, 1, 0, 1480, true));
	assert_null(add(f, 1, 1480, 1480, true));
	expect_datagram(add(f, 1, 2960, 100, false), 3060);
	assert_int_equal(f->r.n_oks, 1);
	assert_int_equal(f->r.n_queues, 0);
	assert_int_equal(f->r.mem, 0);
}

static void test_reasm_reversed(void **state)
{
	struct rfix *f = *state;

	assert_null(add(f, 2, 2960, 100, false));
	assert_null(add(f, 2, 1480, 1480, true));
	expect_datagram(add(f, 2, 0, 1480, true), 3060);
}

/* Datagrams are told apart by id (and addresses, protocol). */
static void test_reasm_interleaved(void **state)
{
	struct rfix *f = *state;

	assert_null(add(f, 3, 0, 800, true));
	assert_null(add(f, 4, 800, 10, false));
	assert_int_equal(f->r.n_queues, 2);
	expect_datagram(add(f, 3, 800, 10, false), 810);
	expect_datagram(add(f, 4, 0, 800, true), 810);
}

/* RFC 5722 as Linux applies it to IPv4: a duplicate goes alone. */
static void test_reasm_duplicate(void **state)
{
	struct rfix *f = *state;

	assert_null(add(f, 5, 0, 800, true));
	assert_null(add(f, 5, 0, 800, true));
	assert_null(add(f, 5, 0, 400, true));	/* inside the first */
	assert_int_equal(f->r.n_queues, 1);
	expect_datagram(add(f, 5, 800, 200, false), 1000);
}

/* ... and any other overlap discards the datagram. */
static void test_reasm_overlap(void **state)
{
	struct rfix *f = *state;

	assert_null(add(f, 6, 0, 800, true));
	assert_null(add(f, 6, 400, 800, true));
	assert_int_equal(f->r.n_queues, 0);
	assert_int_equal(f->r.n_fails, 1);
	/* What comes later starts a new datagram, which never completes
	 * from the fragments that were dropped. */
	assert_null(add(f, 6, 800, 200, false));
	assert_int_equal(f->r.n_queues, 1);
}

static void test_reasm_unaligned_fragment_cut(void **state)
{
	struct rfix *f = *state;

	/* 1003 bytes with MF: the last 3 are not kept. */
	assert_null(add(f, 7, 0, 1003, true));
	expect_datagram(add(f, 7, 1000, 24, false), 1024);
}

static void test_reasm_empty_and_contradicting(void **state)
{
	struct rfix *f = *state;

	assert_null(add(f, 8, 0, 800, true));
	assert_null(add(f, 8, 800, 0, false));	/* empty */
	assert_int_equal(f->r.n_queues, 0);
	assert_null(add(f, 9, 800, 100, false));
	assert_null(add(f, 9, 800, 200, false));	/* another end */
	assert_int_equal(f->r.n_queues, 0);
	/* Data beyond a known end. */
	assert_null(add(f, 10, 800, 100, false));
	assert_null(add(f, 10, 896, 800, true));
	assert_int_equal(f->r.n_queues, 0);
	assert_int_equal(f->r.n_fails, 3);
}

static void run_until(struct rfix *f, vn_time until)
{
	struct vn_env *env = &f->t->env;
	vn_time next;

	while ((next = vn_timers_next(&env->timers)) <= until) {
		vn_clock_advance(&env->clock, next);
		vn_timers_run(&env->timers, next);
	}
	vn_clock_advance(&env->clock, until);
}

static void test_reasm_timeout(void **state)
{
	struct rfix *f = *state;

	f->r.timeout = 10 * SEC;
	assert_null(add(f, 11, 0, 800, true));
	assert_null(add(f, 12, 800, 8, true));	/* no first fragment */
	run_until(f, 10 * SEC - 1);
	assert_int_equal(f->r.n_queues, 2);
	/* ICMP time exceeded only when the first fragment is there. */
	run_until(f, 10 * SEC);
	assert_int_equal(f->r.n_queues, 0);
	assert_int_equal(f->n_expired, 1);
	assert_int_equal(f->expired_off, 0);
	assert_int_equal(f->r.n_timeouts, 2);
	assert_int_equal(f->r.mem, 0);
}

static void test_reasm_memory_limit(void **state)
{
	struct rfix *f = *state;
	uint64_t one;

	assert_null(add(f, 13, 0, 800, true));
	one = f->r.mem;
	f->r.high_thresh = one;	/* at the limit: still accepted */
	assert_null(add(f, 13, 800, 800, true));
	/* Over it: everything is refused, even for known datagrams. */
	assert_null(add(f, 13, 1600, 8, false));
	assert_null(add(f, 14, 0, 8, true));
	assert_int_equal(f->r.n_queues, 1);
	assert_int_equal(f->r.n_fails, 2);
	/* high_thresh 0 turns reassembly off. */
	f->r.high_thresh = 0;
	run_until(f, 31 * SEC);
	assert_null(add(f, 15, 0, 8, true));
	assert_int_equal(f->r.n_queues, 0);
}

static void test_reasm_oversize(void **state)
{
	struct rfix *f = *state;

	/* Payload ends at 65520: 20 + 65520 > 65535. */
	assert_null(add(f, 16, 65512, 8, false));
	for (uint32_t off = 0; off < 65512; off += 1480)
		assert_null(add(f, 16, off,
				off + 1480 > 65512 ? 65512 - off : 1480, true));
	assert_int_equal(f->r.n_queues, 0);
	assert_int_equal(f->r.n_oks, 0);
	assert_int_equal(f->r.n_fails, 1);
	/* 65515 bytes of payload fit exactly. */
	assert_null(add(f, 17, 65512, 3, false));
	for (uint32_t off = 0; off < 65512; off += 1480) {
		struct vn_buf *out = add(f, 17, off,
					 off + 1480 > 65512 ? 65512 - off : 1480,
					 true);

		if (out)
			expect_datagram(out, 65515);
	}
	assert_int_equal(f->r.n_oks, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_reasm_in_order),
		T(test_reasm_reversed),
		T(test_reasm_interleaved),
		T(test_reasm_duplicate),
		T(test_reasm_overlap),
		T(test_reasm_unaligned_fragment_cut),
		T(test_reasm_empty_and_contradicting),
		T(test_reasm_timeout),
		T(test_reasm_memory_limit),
		T(test_reasm_oversize),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
