// SPDX-License-Identifier: MIT
/*
 * tests/unit/base/test_timer.c - the timer heap (base/timer.c).
 *
 * Timers due at the same instant must fire in the order they were armed
 * (virtual runs are deterministic only then), callbacks may cancel or
 * re-arm timers, and the heap must agree with a trivially correct linear
 * model on long seeded random sequences of arm, cancel and run.
 */
#include "helpers.h"

#include "base/rand.h"
#include "base/timer.h"

#define N_TIMERS 64

struct ttimer {
	struct vn_timer t;
	int id;
	vn_time fired_at;
	/* What the callback does. */
	struct ttimer *cancel;	/* cancel this one */
	vn_time rearm_delta;	/* re-arm itself at now + delta (if > -1) */
	int n_rearms;		/* how many times still to re-arm */
	struct ttimer *arm_other;	/* arm this one at now + other_delta */
	vn_time other_delta;
};

struct fixture {
	struct vn_timers timers;
	struct ttimer tt[N_TIMERS];
	int order[4096];	/* ids in firing order */
	int n_fired;
	struct vn_test_heap heap;
};

static struct fixture *current;

static void fire(struct vn_timer *t, vn_time now)
{
	struct ttimer *tt = container_of(t, struct ttimer, t);
	struct fixture *f = current;

	assert_false(vn_timer_armed(t));	/* unlinked before the call */
	assert_true(tt->t.expires <= now);
	tt->fired_at = now;
	assert_true(f->n_fired < (int)ARRAY_SIZE(f->order));
	f->order[f->n_fired++] = tt->id;
	if (tt->cancel)
		vn_timer_cancel(&f->timers, &tt->cancel->t);
	if (tt->n_rearms > 0) {
		tt->n_rearms--;
		vn_timer_arm(&f->timers, t, now + tt->rearm_delta);
	}
	if (tt->arm_other)
		vn_timer_arm(&f->timers, &tt->arm_other->t,
			     now + tt->other_delta);
}

static int setup(void **state)
{
	struct vn_test_heap heap;
	struct fixture *f;

	vn_test_heap_begin(&heap);
	f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	f->heap = heap;
	vn_timers_init(&f->timers);
	for (int i = 0; i < N_TIMERS; i++) {
		vn_timer_init(&f->tt[i].t, fire);
		f->tt[i].id = i;
		f->tt[i].fired_at = -1;
	}
	current = f;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct vn_test_heap heap = f->heap;

	vn_timers_fini(&f->timers);
	for (int i = 0; i < N_TIMERS; i++)
		assert_false(vn_timer_armed(&f->tt[i].t));
	free(f);
	current = NULL;
	vn_test_heap_end(&heap);
	return 0;
}

static void arm(struct fixture *f, int id, vn_time when)
{
	vn_timer_arm(&f->timers, &f->tt[id].t, when);
}

static void test_timer_empty(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(vn_timers_next(&f->timers), VN_TIME_NEVER);
	assert_int_equal(vn_timers_run(&f->timers, VN_TIME_NEVER - 1), 0);
	assert_false(vn_timer_armed(&f->tt[0].t));
	/* Cancelling an idle timer is harmless. */
	vn_timer_cancel(&f->timers, &f->tt[0].t);
}

static void test_timer_fires_in_deadline_order(void **state)
{
	struct fixture *f = *state;
	static const vn_time when[] = { 50, 10, 40, 20, 30 };

	for (int i = 0; i < 5; i++)
		arm(f, i, when[i]);
	assert_int_equal(vn_timers_next(&f->timers), 10);
	assert_int_equal(vn_timers_run(&f->timers, 9), 0);
	assert_int_equal(vn_timers_run(&f->timers, 30), 3);
	assert_int_equal(f->n_fired, 3);
	assert_int_equal(f->order[0], 1);
	assert_int_equal(f->order[1], 3);
	assert_int_equal(f->order[2], 4);
	/* A timer runs with the time it is run at, not its deadline. */
	assert_int_equal(f->tt[1].fired_at, 30);
	assert_int_equal(vn_timers_next(&f->timers), 40);
	assert_int_equal(vn_timers_run(&f->timers, 100), 2);
	assert_int_equal(f->order[3], 2);
	assert_int_equal(f->order[4], 0);
	assert_int_equal(vn_timers_next(&f->timers), VN_TIME_NEVER);
}

static void test_timer_equal_deadlines_fire_in_arming_order(void **state)
{
	struct fixture *f = *state;
	static const int ids[] = { 7, 3, 12, 0, 9, 1, 30, 2 };

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		arm(f, ids[i], 1000);
	/* Re-arming moves a timer behind the others due then. */
	arm(f, 3, 1000);
	assert_int_equal(vn_timers_run(&f->timers, 1000), ARRAY_SIZE(ids));
	assert_int_equal(f->order[0], 7);
	assert_int_equal(f->order[1], 12);
	assert_int_equal(f->order[2], 0);
	assert_int_equal(f->order[3], 9);
	assert_int_equal(f->order[4], 1);
	assert_int_equal(f->order[5], 30);
	assert_int_equal(f->order[6], 2);
	assert_int_equal(f->order[7], 3);
}

static void test_timer_rearm_moves_deadline(void **state)
{
	struct fixture *f = *state;

	arm(f, 0, 100);
	arm(f, 1, 200);
	arm(f, 0, 300);		/* later */
	arm(f, 1, 50);		/* earlier */
	assert_int_equal(vn_timers_next(&f->timers), 50);
	assert_int_equal(vn_timers_run(&f->timers, 299), 1);
	assert_int_equal(f->order[0], 1);
	assert_int_equal(vn_timers_run(&f->timers, 300), 1);
	assert_int_equal(f->order[1], 0);
}

static void test_timer_cancel(void **state)
{
	struct fixture *f = *state;

	for (int i = 0; i < 10; i++)
		arm(f, i, 100 + i);
	vn_timer_cancel(&f->timers, &f->tt[0].t);	/* the root */
	vn_timer_cancel(&f->timers, &f->tt[9].t);	/* the last */
	vn_timer_cancel(&f->timers, &f->tt[4].t);	/* the middle */
	assert_false(vn_timer_armed(&f->tt[4].t));
	assert_int_equal(vn_timers_next(&f->timers), 101);
	assert_int_equal(vn_timers_run(&f->timers, 1000), 7);
	for (int i = 0; i < 7; i++)
		assert_int_not_equal(f->order[i], 0);
	assert_int_equal(f->tt[4].fired_at, -1);
	assert_int_equal(f->tt[9].fired_at, -1);
}

static void test_timer_cancel_inside_callback(void **state)
{
	struct fixture *f = *state;

	/* 0 and 1 are due together; 0 fires first and cancels 1. */
	f->tt[0].cancel = &f->tt[1];
	arm(f, 0, 10);
	arm(f, 1, 10);
	arm(f, 2, 10);
	assert_int_equal(vn_timers_run(&f->timers, 10), 2);
	assert_int_equal(f->order[0], 0);
	assert_int_equal(f->order[1], 2);
	assert_int_equal(f->tt[1].fired_at, -1);
	/* A callback cancelling itself (already unlinked) is harmless. */
	f->tt[3].cancel = &f->tt[3];
	arm(f, 3, 20);
	assert_int_equal(vn_timers_run(&f->timers, 20), 1);
}

static void test_timer_rearm_inside_callback(void **state)
{
	struct fixture *f = *state;

	/* A periodic timer: re-armed for later, it waits for a later run. */
	f->tt[0].n_rearms = 2;
	f->tt[0].rearm_delta = 10;
	arm(f, 0, 10);
	arm(f, 1, 15);
	assert_int_equal(vn_timers_run(&f->timers, 10), 1);
	assert_true(vn_timer_armed(&f->tt[0].t));
	assert_int_equal(vn_timers_next(&f->timers), 15);
	assert_int_equal(vn_timers_run(&f->timers, 15), 1);
	assert_int_equal(vn_timers_run(&f->timers, 19), 0);
	assert_int_equal(vn_timers_run(&f->timers, 20), 1);
	/* A late run: the period counts from when the callback ran. */
	assert_int_equal(vn_timers_run(&f->timers, 35), 1);
	assert_int_equal(f->tt[0].fired_at, 35);
	assert_false(vn_timer_armed(&f->tt[0].t));
	assert_int_equal(f->n_fired, 4);
	assert_int_equal(f->order[1], 1);

	/* Re-armed for a time already reached: fires again in this run. */
	f->n_fired = 0;
	f->tt[5].n_rearms = 2;
	f->tt[5].rearm_delta = 0;
	arm(f, 5, 100);
	arm(f, 6, 100);
	assert_int_equal(vn_timers_run(&f->timers, 100), 4);
	/* ...behind the timers already due then (arming order). */
	assert_int_equal(f->order[0], 5);
	assert_int_equal(f->order[1], 6);
	assert_int_equal(f->order[2], 5);
	assert_int_equal(f->order[3], 5);
}

static void test_timer_arm_other_inside_callback(void **state)
{
	struct fixture *f = *state;

	/* 0 arms 1 in the past: it runs in the same pass. */
	f->tt[0].arm_other = &f->tt[1];
	f->tt[0].other_delta = -5;
	arm(f, 0, 50);
	arm(f, 2, 60);
	assert_int_equal(vn_timers_run(&f->timers, 50), 2);
	assert_int_equal(f->order[0], 0);
	assert_int_equal(f->order[1], 1);
	/* 3 re-arms a pending timer (2) earlier, to now. */
	f->tt[3].arm_other = &f->tt[2];
	f->tt[3].other_delta = 0;
	arm(f, 3, 55);
	assert_int_equal(vn_timers_run(&f->timers, 55), 2);
	assert_int_equal(f->order[2], 3);
	assert_int_equal(f->order[3], 2);
	assert_int_equal(vn_timers_next(&f->timers), VN_TIME_NEVER);
}

static void test_timer_fini_idles_armed_timers(void **state)
{
	struct fixture *f = *state;

	for (int i = 0; i < N_TIMERS; i++)
		arm(f, i, i);
	vn_timers_fini(&f->timers);
	for (int i = 0; i < N_TIMERS; i++)
		assert_false(vn_timer_armed(&f->tt[i].t));
	/* The heap is usable again after fini (it is re-initialised). */
	arm(f, 0, 1);
	assert_int_equal(vn_timers_run(&f->timers, 1), 1);
}

/* The model: an armed flag, a deadline and an arming number per timer. */
struct model {
	bool armed[N_TIMERS];
	vn_time expires[N_TIMERS];
	uint64_t seq[N_TIMERS];
	uint64_t next_seq;
};

/* The timer the model says fires next at or before @now, or -1. */
static int model_next(const struct model *m, vn_time now)
{
	int best = -1;

	for (int i = 0; i < N_TIMERS; i++) {
		if (!m->armed[i] || m->expires[i] > now)
			continue;
		if (best < 0 || m->expires[i] < m->expires[best] ||
		    (m->expires[i] == m->expires[best] &&
		     m->seq[i] < m->seq[best]))
			best = i;
	}
	return best;
}

static vn_time model_min(const struct model *m)
{
	vn_time min = VN_TIME_NEVER;

	for (int i = 0; i < N_TIMERS; i++)
		if (m->armed[i] && m->expires[i] < min)
			min = m->expires[i];
	return min;
}

static void test_timer_matches_linear_model(void **state)
{
	struct fixture *f = *state;
	struct model m = { 0 };
	struct vn_rand rnd;
	vn_time now = 0;

	vn_rand_seed(&rnd, 0x7153);
	for (int step = 0; step < 200000; step++) {
		uint32_t op = vn_rand_below(&rnd, 10);
		int id = (int)vn_rand_below(&rnd, N_TIMERS);

		if (op < 5) {
			/* Few distinct deadlines, so ties are common. */
			vn_time when = now + vn_rand_below(&rnd, 20);

			arm(f, id, when);
			m.armed[id] = true;
			m.expires[id] = when;
			m.seq[id] = m.next_seq++;
		} else if (op < 7) {
			vn_timer_cancel(&f->timers, &f->tt[id].t);
			m.armed[id] = false;
		} else {
			unsigned n;
			int expect = 0;

			now += vn_rand_below(&rnd, 8);
			f->n_fired = 0;
			n = vn_timers_run(&f->timers, now);
			for (;;) {
				int i = model_next(&m, now);

				if (i < 0)
					break;
				assert_true(expect < f->n_fired);
				assert_int_equal(f->order[expect], i);
				m.armed[i] = false;
				expect++;
			}
			assert_int_equal(n, (unsigned)expect);
			assert_int_equal(f->n_fired, expect);
		}
		assert_int_equal(vn_timers_next(&f->timers), model_min(&m));
		for (int i = 0; i < N_TIMERS; i++)
			assert_int_equal(vn_timer_armed(&f->tt[i].t),
					 m.armed[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_timer_empty),
		T(test_timer_fires_in_deadline_order),
		T(test_timer_equal_deadlines_fire_in_arming_order),
		T(test_timer_rearm_moves_deadline),
		T(test_timer_cancel),
		T(test_timer_cancel_inside_callback),
		T(test_timer_rearm_inside_callback),
		T(test_timer_arm_other_inside_callback),
		T(test_timer_fini_idles_armed_timers),
		T(test_timer_matches_linear_model),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
