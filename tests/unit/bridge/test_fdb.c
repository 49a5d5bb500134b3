// SPDX-License-Identifier: MIT
/*
 * tests/unit/bridge/test_fdb.c - the forwarding database.
 *
 * Learning, ageing, moves, the learned-entry limit and the user's
 * add/replace semantics, each against what net/bridge/br_fdb.c does; then
 * the hash table checked against a trivially correct linear model (an
 * array searched front to back, newest first) on seeded random
 * operations.  Every test is a leak test.
 */
#include "helpers.h"

#include "bridge/fdb.h"

#define SEC VN_SEC

static int *P1 = (int *)0x1, *P2 = (int *)0x2;

struct fixture {
	struct vn_test_heap heap;
	struct vn_fdb fdb;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	vn_test_heap_begin(&f->heap);
	vn_fdb_init(&f->fdb, 42, 300 * SEC);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct vn_test_heap heap = f->heap;

	vn_fdb_fini(&f->fdb);
	vn_test_heap_end(&heap);
	free(f);
	return 0;
}

static void mac_of(uint8_t *mac, unsigned i)
{
	mac[0] = 0x02;
	mac[1] = 0;
	mac[2] = (uint8_t)(i >> 24);
	mac[3] = (uint8_t)(i >> 16);
	mac[4] = (uint8_t)(i >> 8);
	mac[5] = (uint8_t)i;
}

static void test_fdb_learn_and_lookup(void **state)
{
	struct fixture *f = *state;
	uint8_t a[6];
	struct vn_fdb_entry *e;

	mac_of(a, 1);
	assert_null(vn_fdb_lookup(&f->fdb, a, 0, 0));
	assert_int_equal(vn_fdb_learn(&f->fdb, a, 0, P1, 0), 0);
	e = vn_fdb_lookup(&f->fdb, a, 0, 10 * SEC);
	assert_non_null(e);
	assert_ptr_equal(e->port, P1);
	assert_int_equal(e->kind, VN_FDB_DYNAMIC);
	assert_true(e->flags & VN_FDB_F_LEARNED);
	assert_int_equal(f->fdb.n_learned, 1);
	/* Another VLAN is another key. */
	assert_null(vn_fdb_lookup(&f->fdb, a, 5, 0));
}

static void test_fdb_ages_after_ageing_time(void **state)
{
	struct fixture *f = *state;
	uint8_t a[6];

	mac_of(a, 1);
	vn_fdb_learn(&f->fdb, a, 0, P1, 0);
	assert_non_null(vn_fdb_lookup(&f->fdb, a, 0, 300 * SEC - 1));
	/* Expired entries are ignored at once, before gc runs. */
	assert_null(vn_fdb_lookup(&f->fdb, a, 0, 300 * SEC));
	assert_non_null(vn_fdb_find(&f->fdb, a, 0));
	assert_int_equal(vn_fdb_gc(&f->fdb, 300 * SEC), VN_TIME_NEVER);
	assert_null(vn_fdb_find(&f->fdb, a, 0));
	assert_int_equal(f->fdb.n_learned, 0);
}

static void test_fdb_refresh_postpones_ageing(void **state)
{
	struct fixture *f = *state;
	uint8_t a[6];

	mac_of(a, 1);
	vn_fdb_learn(&f->fdb, a, 0, P1, 0);
	vn_fdb_learn(&f->fdb, a, 0, P1, 200 * SEC);
	assert_int_equal(vn_fdb_gc(&f->fdb, 300 * SEC), 500 * SEC);
	assert_non_null(vn_fdb_lookup(&f->fdb, a, 0, 499 * SEC));
}

static void test_fdb_move_to_new_port(void **state)
{
	struct fixture *f = *state;
	uint8_t a[6];

	mac_of(a, 1);
	vn_fdb_learn(&f->fdb, a, 0, P1, 0);
	vn_fdb_learn(&f->fdb, a, 0, P2, 1);
	assert_ptr_equal(vn_fdb_find(&f->fdb, a, 0)->port, P2);
	assert_int_equal(f->fdb.n_moves, 1);
	assert_int_equal(f->fdb.n_learned, 1);
}

static void test_fdb_static_moves_but_never_ages(void **state)
{
	struct fixture *f = *state;
	uint8_t a[6];

	mac_of(a, 1);
	assert_int_equal(vn_fdb_add(&f->fdb, a, 0, P1, VN_FDB_STATIC,
				    VN_FDB_CREATE | VN_FDB_EXCL, 0), 0);
	assert_int_equal(f->fdb.n_learned, 0);
	/* br_fdb_update() moves anything not local (no sticky flag). */
	vn_fdb_learn(&f->fdb, a, 0, P2, 1);
	assert_ptr_equal(vn_fdb_find(&f->fdb, a, 0)->port, P2);
	assert_int_equal(vn_fdb_gc(&f->fdb, 10000 * SEC), VN_TIME_NEVER);
	assert_non_null(vn_fdb_lookup(&f->fdb, a, 0, 10000 * SEC));
}

static void test_fdb_local_never_moves(void **state)
{
	struct fixture *f = *state;
	uint8_t a[6];

	mac_of(a, 1);
	assert_int_equal(vn_fdb_add_local(&f->fdb, a, 0, P1, 0), 0);
	vn_fdb_learn(&f->fdb, a, 0, P2, 1);
	assert_ptr_equal(vn_fdb_find(&f->fdb, a, 0)->port, P1);
	assert_int_equal(f->fdb.n_own_src, 1);
	/* A second local entry for the address keeps the first. */
	assert_int_equal(vn_fdb_add_local(&f->fdb, a, 0, P2, 2), 0);
	assert_ptr_equal(vn_fdb_find(&f->fdb, a, 0)->port, P1);
	/* Not a valid unicast address. */
	a[0] = 1;
	assert_int_equal(vn_fdb_add_local(&f->fdb, a, 0, P1, 0), -EINVAL);
}

static void test_fdb_limit_counts_refusals(void **state)
{
	struct fixture *f = *state;
	uint8_t a[6];

	f->fdb.max_learned = 3;
	for (unsigned i = 0; i < 5; i++) {
		mac_of(a, i);
		vn_fdb_learn(&f->fdb, a, 0, P1, 0);
	}
	assert_int_equal(f->fdb.n_learned, 3);
	assert_int_equal(f->fdb.n_learn_refused, 2);
	/* User entries are not limited and not counted. */
	mac_of(a, 100);
	assert_int_equal(vn_fdb_add(&f->fdb, a, 0, P1, VN_FDB_DYNAMIC,
				    VN_FDB_CREATE, 0), 0);
	assert_int_equal(f->fdb.n_learned, 3);
	/* The user adopting a learned entry frees a slot. */
	mac_of(a, 0);
	assert_int_equal(vn_fdb_add(&f->fdb, a, 0, P1, VN_FDB_STATIC,
				    VN_FDB_CREATE, 0), 0);
	assert_int_equal(f->fdb.n_learned, 2);
	mac_of(a, 4);
	assert_int_equal(vn_fdb_learn(&f->fdb, a, 0, P1, 0), 0);
	assert_int_equal(f->fdb.n_learned, 3);
}

static void test_fdb_ageing_zero_learns_nothing(void **state)
{
	struct fixture *f = *state;
	uint8_t a[6];

	mac_of(a, 1);
	vn_fdb_learn(&f->fdb, a, 0, P1, 0);
	f->fdb.ageing = 0;
	assert_null(vn_fdb_lookup(&f->fdb, a, 0, 0));
	mac_of(a, 2);
	vn_fdb_learn(&f->fdb, a, 0, P1, 0);
	assert_null(vn_fdb_find(&f->fdb, a, 0));
	vn_fdb_gc(&f->fdb, 0);
	assert_int_equal(f->fdb.n_entries, 0);
}

static void test_fdb_add_excl_and_replace(void **state)
{
	struct fixture *f = *state;
	uint8_t a[6];
	struct vn_fdb_entry *e;

	mac_of(a, 1);
	vn_fdb_learn(&f->fdb, a, 0, P1, 0);
	/* `bridge fdb add` of a learned address: File exists. */
	assert_int_equal(vn_fdb_add(&f->fdb, a, 0, P2, VN_FDB_STATIC,
				    VN_FDB_CREATE | VN_FDB_EXCL, 5),
			 -EEXIST);
	assert_int_equal(vn_fdb_add(&f->fdb, a, 0, P2, VN_FDB_STATIC,
				    VN_FDB_CREATE, 5), 0);
	e = vn_fdb_find(&f->fdb, a, 0);
	assert_ptr_equal(e->port, P2);
	assert_int_equal(e->kind, VN_FDB_STATIC);
	assert_true(e->flags & VN_FDB_F_ADDED_BY_USER);
	assert_int_equal(e->updated, 5);
	mac_of(a, 2);
	assert_int_equal(vn_fdb_add(&f->fdb, a, 0, P2, VN_FDB_STATIC, 0, 0),
			 -ENOENT);
}

static void test_fdb_flush_by_desc(void **state)
{
	struct fixture *f = *state;
	struct vn_fdb_flush_desc d = { 0 };
	uint8_t a[6];

	mac_of(a, 1);
	vn_fdb_add_local(&f->fdb, a, 0, P1, 0);
	mac_of(a, 2);
	vn_fdb_add(&f->fdb, a, 0, P1, VN_FDB_STATIC, VN_FDB_CREATE, 0);
	mac_of(a, 3);
	vn_fdb_learn(&f->fdb, a, 0, P1, 0);
	mac_of(a, 4);
	vn_fdb_learn(&f->fdb, a, 0, P2, 0);
	/* "static": static but not local. */
	d.mask = VN_FDB_M_STATIC | VN_FDB_M_LOCAL;
	d.value = VN_FDB_M_STATIC;
	assert_int_equal(vn_fdb_flush(&f->fdb, &d), 1);
	/* "dynamic" on port P1 only. */
	d.value = 0;
	d.by_port = true;
	d.port = P1;
	assert_int_equal(vn_fdb_flush(&f->fdb, &d), 1);
	assert_int_equal(f->fdb.n_entries, 2);
	/* Everything. */
	memset(&d, 0, sizeof(d));
	assert_int_equal(vn_fdb_flush(&f->fdb, &d), 2);
	assert_int_equal(f->fdb.n_learned, 0);
}

/* --- the linear model ------------------------------------------------- */

#define MODEL_MAX 64
#define N_MACS 24

struct model_entry {
	unsigned mac;
	uint16_t vid;
	uint8_t kind;
	void *port;
	vn_time updated;
	bool learned;
};

struct model {
	struct model_entry e[MODEL_MAX];	/* e[0] is the newest */
	unsigned n;
	vn_time ageing;
	uint32_t max_learned;
};

static int model_find(const struct model *m, unsigned mac, uint16_t vid)
{
	for (unsigned i = 0; i < m->n; i++)
		if (m->e[i].mac == mac && m->e[i].vid == vid)
			return (int)i;
	return -1;
}

static void model_del(struct model *m, unsigned i)
{
	memmove(&m->e[i], &m->e[i + 1], (m->n - i - 1) * sizeof(m->e[0]));
	m->n--;
}

static void model_push(struct model *m, struct model_entry e)
{
	memmove(&m->e[1], &m->e[0], m->n * sizeof(m->e[0]));
	m->e[0] = e;
	m->n++;
}

static unsigned model_learned(const struct model *m)
{
	unsigned n = 0;

	for (unsigned i = 0; i < m->n; i++)
		n += m->e[i].learned;
	return n;
}

static bool model_expired(const struct model *m, const struct model_entry *e,
			  vn_time now)
{
	return e->kind == VN_FDB_DYNAMIC && now - e->updated >= m->ageing;
}

static void model_learn(struct model *m, unsigned mac, uint16_t vid,
			void *port, vn_time now)
{
	int i;

	if (m->ageing == 0)
		return;
	i = model_find(m, mac, vid);
	if (i >= 0) {
		if (m->e[i].kind != VN_FDB_LOCAL) {
			m->e[i].updated = now;
			m->e[i].port = port;
		}
		return;
	}
	if (m->max_learned && model_learned(m) >= m->max_learned)
		return;
	if (m->n == MODEL_MAX)
		return;
	model_push(m, (struct model_entry){ mac, vid, VN_FDB_DYNAMIC, port,
					    now, true });
}

static void check_same(const struct model *m, const struct vn_fdb *fdb,
		       vn_time now)
{
	const struct vn_fdb_entry *e;
	unsigned i = 0;
	uint8_t a[6];

	assert_int_equal(fdb->n_entries, m->n);
	assert_int_equal(fdb->n_learned, model_learned(m));
	/* Same entries in the same (newest first) order. */
	vn_fdb_for_each(e, fdb) {
		mac_of(a, m->e[i].mac);
		assert_memory_equal(e->mac, a, 6);
		assert_int_equal(e->vid, m->e[i].vid);
		assert_int_equal(e->kind, m->e[i].kind);
		assert_ptr_equal(e->port, m->e[i].port);
		assert_int_equal(e->updated, m->e[i].updated);
		i++;
	}
	/* Every key looks up as the model says. */
	for (unsigned mac = 0; mac < N_MACS; mac++) {
		for (uint16_t vid = 0; vid < 2; vid++) {
			int j = model_find(m, mac, vid);
			bool live = j >= 0 && !model_expired(m, &m->e[j], now);

			mac_of(a, mac);
			e = vn_fdb_lookup(fdb, a, vid, now);
			assert_int_equal(e != NULL, live);
		}
	}
}

static void test_fdb_matches_linear_model(void **state)
{
	struct fixture *f = *state;
	struct model m = { .ageing = 300 * SEC, .max_learned = 20 };
	struct vn_rand rnd;
	vn_time now = 0;
	uint8_t a[6];

	vn_rand_seed(&rnd, 7);
	f->fdb.max_learned = 20;
	for (int step = 0; step < 20000; step++) {
		unsigned op = (unsigned)(vn_rand_u64(&rnd) % 100);
		unsigned mac = (unsigned)(vn_rand_u64(&rnd) % N_MACS);
		uint16_t vid = (uint16_t)(vn_rand_u64(&rnd) % 2);
		void *port = (vn_rand_u64(&rnd) & 1) ? P1 : P2;
		int j;

		mac_of(a, mac);
		if (op < 50) {
			vn_fdb_learn(&f->fdb, a, vid, port, now);
			model_learn(&m, mac, vid, port, now);
		} else if (op < 60) {
			enum vn_fdb_kind kind =
				(enum vn_fdb_kind)(vn_rand_u64(&rnd) % 3);
			bool excl = vn_rand_u64(&rnd) & 1;
			int rc = vn_fdb_add(&f->fdb, a, vid, port, kind,
					    VN_FDB_CREATE |
						    (excl ? VN_FDB_EXCL : 0),
					    now);

			j = model_find(&m, mac, vid);
			if (j < 0) {
				assert_int_equal(rc, 0);
				model_push(&m, (struct model_entry){
						       mac, vid, (uint8_t)kind,
						       port, now, false });
			} else if (excl) {
				assert_int_equal(rc, -EEXIST);
			} else {
				struct model_entry *e = &m.e[j];
				bool mod = e->port != port || e->kind != kind ||
					   (kind == VN_FDB_DYNAMIC &&
					    model_expired(&m, e, now));

				assert_int_equal(rc, 0);
				e->port = port;
				e->kind = (uint8_t)kind;
				e->learned = false;
				if (mod)
					e->updated = now;
			}
		} else if (op < 70) {
			struct vn_fdb_entry *e = vn_fdb_find(&f->fdb, a, vid);

			j = model_find(&m, mac, vid);
			assert_int_equal(e != NULL, j >= 0);
			if (e) {
				vn_fdb_remove(&f->fdb, e);
				model_del(&m, (unsigned)j);
			}
		} else if (op < 85) {
			now += (vn_time)(vn_rand_u64(&rnd) % 120) * SEC;
		} else if (op < 95) {
			vn_fdb_gc(&f->fdb, now);
			for (unsigned i = m.n; i-- > 0;)
				if (model_expired(&m, &m.e[i], now))
					model_del(&m, i);
		} else if (op < 97) {
			struct vn_fdb_flush_desc d = { .by_port = true,
						       .port = port };

			vn_fdb_flush_port(&f->fdb, port);
			(void)d;
			for (unsigned i = m.n; i-- > 0;)
				if (m.e[i].port == port &&
				    m.e[i].kind == VN_FDB_DYNAMIC)
					model_del(&m, i);
		} else {
			vn_time ageing = (vn_rand_u64(&rnd) % 4 == 0) ?
						 0 : 300 * SEC;

			f->fdb.ageing = m.ageing = ageing;
		}
		check_same(&m, &f->fdb, now);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_fdb_learn_and_lookup),
		T(test_fdb_ages_after_ageing_time),
		T(test_fdb_refresh_postpones_ageing),
		T(test_fdb_move_to_new_port),
		T(test_fdb_static_moves_but_never_ages),
		T(test_fdb_local_never_moves),
		T(test_fdb_limit_counts_refusals),
		T(test_fdb_ageing_zero_learns_nothing),
		T(test_fdb_add_excl_and_replace),
		T(test_fdb_flush_by_desc),
		T(test_fdb_matches_linear_model),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
