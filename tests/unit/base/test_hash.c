// SPDX-License-Identifier: MIT
/*
 * tests/unit/base/test_hash.c - the intrusive hash map and the hash
 * functions (base/hash.c).
 *
 * The map is checked against a linear model (an array of present flags)
 * on seeded random inserts and removes, with a deliberately poor hash so
 * chains are long and equal hashes common; iteration must visit every
 * node exactly once, also while removing the current node.
 */
#include "helpers.h"

#include "base/hash.h"
#include "base/rand.h"

#define N_NODES 2048

struct item {
	struct vn_hnode node;
	uint32_t key;
	bool in;		/* the model: is it in the map? */
	int seen;
};

struct fixture {
	struct vn_hmap map;
	struct item items[N_NODES];
	struct vn_test_heap heap;
};

static int setup(void **state)
{
	struct vn_test_heap heap;
	struct fixture *f;

	vn_test_heap_begin(&heap);
	f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	f->heap = heap;
	vn_hmap_init(&f->map);
	for (uint32_t i = 0; i < N_NODES; i++)
		f->items[i].key = i;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct vn_test_heap heap = f->heap;

	vn_hmap_fini(&f->map);
	free(f);
	vn_test_heap_end(&heap);
	return 0;
}

/* A hash with many collisions: 64 distinct values for 2048 keys. */
static uint32_t poor_hash(uint32_t key)
{
	return vn_hash_u64(key % 64, 1);
}

static struct item *lookup(const struct fixture *f, uint32_t key)
{
	struct vn_hnode *node;

	VN_HMAP_FOR_EACH_WITH_HASH(node, poor_hash(key), &f->map)
	{
		struct item *it = container_of(node, struct item, node);

		if (it->key == key)
			return it;
	}
	return NULL;
}

static void insert(struct fixture *f, struct item *it)
{
	vn_hmap_insert(&f->map, &it->node, poor_hash(it->key));
	it->in = true;
}

static void remove_item(struct fixture *f, struct item *it)
{
	vn_hmap_remove(&f->map, &it->node);
	it->in = false;
}

/* Iterates the whole map; each node in the model must be seen once. */
static void check_iteration(struct fixture *f)
{
	struct vn_hmap_iter iter;
	struct vn_hnode *node;
	uint32_t n = 0, expect = 0;

	for (int i = 0; i < N_NODES; i++)
		f->items[i].seen = 0;
	vn_hmap_iter_init(&iter, &f->map);
	while ((node = vn_hmap_iter_next(&iter))) {
		struct item *it = container_of(node, struct item, node);

		assert_true(it->in);
		it->seen++;
		n++;
	}
	for (int i = 0; i < N_NODES; i++) {
		if (f->items[i].in) {
			assert_int_equal(f->items[i].seen, 1);
			expect++;
		}
	}
	assert_int_equal(n, expect);
	assert_int_equal(f->map.n, expect);
}

static void test_hash_empty_map(void **state)
{
	struct fixture *f = *state;
	struct vn_hmap_iter iter;

	assert_int_equal(f->map.n, 0);
	assert_null(lookup(f, 3));
	vn_hmap_iter_init(&iter, &f->map);
	assert_null(vn_hmap_iter_next(&iter));
}

static void test_hash_insert_lookup_remove(void **state)
{
	struct fixture *f = *state;

	insert(f, &f->items[1]);
	insert(f, &f->items[65]);	/* same poor hash as 1 */
	insert(f, &f->items[2]);
	assert_ptr_equal(lookup(f, 1), &f->items[1]);
	assert_ptr_equal(lookup(f, 65), &f->items[65]);
	assert_ptr_equal(lookup(f, 2), &f->items[2]);
	assert_null(lookup(f, 129));
	assert_int_equal(f->map.n, 3);
	remove_item(f, &f->items[1]);
	assert_null(lookup(f, 1));
	assert_ptr_equal(lookup(f, 65), &f->items[65]);
	remove_item(f, &f->items[65]);
	remove_item(f, &f->items[2]);
	assert_int_equal(f->map.n, 0);
	check_iteration(f);
}

static void test_hash_grows_when_full(void **state)
{
	struct fixture *f = *state;
	uint32_t buckets = 0;

	for (int i = 0; i < N_NODES; i++) {
		insert(f, &f->items[i]);
		/* Never more entries than buckets, after the insert's resize. */
		assert_true(f->map.n <= f->map.mask + 1);
		if (f->map.mask + 1 != buckets) {
			buckets = f->map.mask + 1;
			/* Power of two, so hash & mask picks a bucket. */
			assert_int_equal(buckets & (buckets - 1), 0);
			check_iteration(f);
		}
	}
	assert_true(buckets >= N_NODES);
	for (int i = 0; i < N_NODES; i++)
		assert_ptr_equal(lookup(f, (uint32_t)i), &f->items[i]);
	for (int i = 0; i < N_NODES; i++)
		remove_item(f, &f->items[i]);
	check_iteration(f);
}

static void test_hash_equal_hashes_keep_insertion_order(void **state)
{
	struct fixture *f = *state;
	struct vn_hnode *node;
	uint32_t expect = 5;

	/* Keys 5, 69, 133 ... share a hash; fill up to force resizes. */
	for (uint32_t k = 5; k < N_NODES; k += 64)
		insert(f, &f->items[k]);
	for (uint32_t k = 0; k < N_NODES; k++)
		if (k % 64 != 5)
			insert(f, &f->items[k]);
	VN_HMAP_FOR_EACH_WITH_HASH(node, poor_hash(5), &f->map)
	{
		struct item *it = container_of(node, struct item, node);

		assert_int_equal(it->key, expect);
		expect += 64;
	}
	assert_int_equal(expect, 5 + 64 * (N_NODES / 64));
	for (uint32_t k = 0; k < N_NODES; k++)
		remove_item(f, &f->items[k]);
}

static void test_hash_iteration_survives_removing_current(void **state)
{
	struct fixture *f = *state;
	struct vn_hmap_iter iter;
	struct vn_hnode *node;
	int n = 0;

	for (int i = 0; i < 500; i++)
		insert(f, &f->items[i]);
	vn_hmap_iter_init(&iter, &f->map);
	while ((node = vn_hmap_iter_next(&iter))) {
		struct item *it = container_of(node, struct item, node);

		if (it->key % 3)
			remove_item(f, it);
		n++;
	}
	assert_int_equal(n, 500);
	check_iteration(f);
	for (int i = 0; i < 500; i++) {
		assert_int_equal(f->items[i].in, i % 3 == 0);
		if (f->items[i].in)
			remove_item(f, &f->items[i]);
	}
}

static void test_hash_matches_linear_model(void **state)
{
	struct fixture *f = *state;
	struct vn_rand rnd;

	vn_rand_seed(&rnd, 0x4a5e);
	for (int step = 0; step < 100000; step++) {
		uint32_t key = vn_rand_below(&rnd, N_NODES);
		struct item *it = &f->items[key];
		uint32_t op = vn_rand_below(&rnd, 100);

		/* Mostly inserts early on, mostly removes later. */
		if ((op < 60) == (step < 50000)) {
			if (!it->in)
				insert(f, it);
		} else if (it->in) {
			remove_item(f, it);
		}
		for (int probe = 0; probe < 4; probe++) {
			uint32_t k = vn_rand_below(&rnd, N_NODES);

			assert_ptr_equal(lookup(f, k),
					 f->items[k].in ? &f->items[k] : NULL);
		}
		if (step % 997 == 0)
			check_iteration(f);
	}
	check_iteration(f);
	for (int i = 0; i < N_NODES; i++)
		if (f->items[i].in)
			remove_item(f, &f->items[i]);
}

static void test_hash_functions(void **state)
{
	static const char text[] = "the quick brown fox jumps over";
	uint32_t h;

	(void)state;
	/* Deterministic, seeded, and sensitive to every byte and length. */
	h = vn_hash_bytes(text, sizeof(text) - 1, 7);
	assert_int_equal(vn_hash_bytes(text, sizeof(text) - 1, 7), h);
	assert_int_equal(vn_hash_string(text, 7), h);
	assert_int_not_equal(vn_hash_bytes(text, sizeof(text) - 1, 8), h);
	assert_int_not_equal(vn_hash_bytes(text, sizeof(text) - 2, 7), h);
	for (size_t len = 0; len <= 17; len++) {
		uint8_t a[17] = { 0 }, b[17] = { 0 };

		for (size_t i = 0; i < len; i++) {
			b[i] = 1;
			assert_int_not_equal(vn_hash_bytes(a, len, 0),
					     vn_hash_bytes(b, len, 0));
			b[i] = 0;
		}
		/* Trailing zero bytes still change the hash (the length). */
		if (len)
			assert_int_not_equal(vn_hash_bytes(a, len, 0),
					     vn_hash_bytes(a, len - 1, 0));
	}
	assert_int_not_equal(vn_hash_u64(1, 0), vn_hash_u64(2, 0));
	assert_int_not_equal(vn_hash_u64(1, 0), vn_hash_u64(1, 1));
	assert_int_equal(vn_hash_u64(12345, 9), vn_hash_u64(12345, 9));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_hash_empty_map),
		T(test_hash_insert_lookup_remove),
		T(test_hash_grows_when_full),
		T(test_hash_equal_hashes_keep_insertion_order),
		T(test_hash_iteration_survives_removing_current),
		T(test_hash_matches_linear_model),
		T(test_hash_functions),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
