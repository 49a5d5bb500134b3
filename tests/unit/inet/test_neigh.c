// SPDX-License-Identifier: MIT
/*
 * tests/unit/inet/test_neigh.c - the neighbour state machine
 * (inet/neigh.c) on a virtual clock.
 *
 * One fixture per NUD state (neigh_fixture_<state>()) and one test per
 * event in that state, named test_neigh_<state>_<event>: output, a reply
 * or confirmation, a timer expiring.  Each checks the new state, the
 * probes sent (how many, broadcast or unicast, when) and what happens to
 * waiting packets, against neigh_timer_handler(), __neigh_event_send()
 * and neigh_update() of Linux 6.1.  The table's protocol side is a
 * recorder: solicitations and error reports are counted, not sent.
 * Packets that leave go through a veth pair and are counted at the peer.
 * Every test is a leak test.
 */
#include "helpers.h"

#include "dev/veth.h"
#include "inet/neigh.h"
#include "wire/ipv4.h"

#define SEC VN_SEC
#define MS VN_MSEC
#define KEY 0x0a000002u		/* 10.0.0.2 */
#define MIN_TIMER_FOR_TEST (10 * MS)	/* HZ/100 */

static const uint8_t MAC_A[6] = { 2, 0, 0, 0, 0, 0xa };
static const uint8_t MAC_B[6] = { 2, 0, 0, 0, 0, 0xb };

struct solicit {
	vn_time at;
	bool unicast;
};

struct nfix {
	struct vn_test_env *t;
	struct vn_neigh_table tbl;
	struct vn_dev *dev;
	struct solicit sol[32];
	int n_sol;
	int n_errors;
};

static struct nfix *fix_of(struct vn_neigh *n)
{
	return container_of(n->tbl, struct nfix, tbl);
}

static void rec_solicit(struct vn_neigh *n, const uint8_t *dst_ha,
			const struct vn_buf *queued)
{
	struct nfix *f = fix_of(n);

	(void)queued;
	if (f->n_sol < 32)
		f->sol[f->n_sol++] = (struct solicit){
			vn_env_now(n->tbl->env), dst_ha != NULL
		};
}

static void rec_error(struct vn_neigh *n, struct vn_buf *buf)
{
	fix_of(n)->n_errors++;
	vn_buf_drop(buf, VN_DROP_NEIGH_FAILED);
}

static const struct vn_neigh_ops rec_ops = {
	.solicit = rec_solicit,
	.error_report = rec_error,
};

static int setup(void **state)
{
	struct nfix *f;
	struct vn_dev *peer;

	if (vn_test_env_setup(state))
		return -1;
	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->t = *state;
	assert_int_equal(vn_veth_create(&f->t->s[0].space, "v0",
					&f->t->s[1].space, "v1", &f->dev,
					NULL), 0);
	peer = f->dev->ops->get_link(f->dev);
	assert_int_equal(vn_dev_open(f->dev, NULL), 0);
	assert_int_equal(vn_dev_open(peer, NULL), 0);
	vn_neigh_table_init(&f->tbl, &f->t->env, &rec_ops);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct nfix *f = *state;
	struct vn_test_env *t = f->t;

	vn_neigh_table_fini(&f->tbl);
	while (vn_backlog_run(&t->backlog, 1000))
		;
	vn_test_delivered_flush(&t->s[0]);
	vn_test_delivered_flush(&t->s[1]);
	free(f);
	*state = t;
	return vn_test_env_teardown(state);
}

static vn_time now(struct nfix *f)
{
	return vn_env_now(&f->t->env);
}

/* Runs timers and deliveries up to @until (virtual time). */
static void run_until(struct nfix *f, vn_time until)
{
	struct vn_env *env = &f->t->env;
	vn_time next;

	while ((next = vn_timers_next(&env->timers)) <= until) {
		vn_clock_advance(&env->clock, next);
		vn_timers_run(&env->timers, next);
		while (vn_backlog_run(&f->t->backlog, 1000))
			;
	}
	vn_clock_advance(&env->clock, until);
	while (vn_backlog_run(&f->t->backlog, 1000))
		;
}

/* An IPv4 packet of 40 bytes, data at its header, room for Ethernet. */
static struct vn_buf *packet(struct nfix *f)
{
	struct vn_buf *buf = vn_buf_alloc(f->t->env.pool, 40);

	assert_non_null(buf);
	memset(vn_buf_put(buf, 40), 0x45, 40);
	return buf;
}

static void output(struct nfix *f)
{
	vn_neigh_output(&f->tbl, f->dev, KEY, packet(f));
}

/* Frames the peer received so far (and forgets them). */
static unsigned sent(struct nfix *f)
{
	while (vn_backlog_run(&f->t->backlog, 1000))
		;
	return vn_test_delivered_flush(&f->t->s[1]);
}

static struct vn_neigh *entry(struct nfix *f)
{
	struct vn_neigh *n = vn_neigh_lookup(&f->tbl, KEY, f->dev);

	assert_non_null(n);
	return n;
}

/* A reply from the neighbour (arp_process() for a unicast reply). */
static void reply(struct nfix *f, const uint8_t *mac)
{
	assert_int_equal(vn_neigh_update(entry(f), mac, VN_NUD_REACHABLE,
					 VN_NEIGH_F_OVERRIDE), 0);
}

/* --- fixtures, one per state --------------------------------------------- */

static struct vn_neigh *neigh_fixture_incomplete(struct nfix *f)
{
	output(f);
	assert_int_equal(entry(f)->state, VN_NUD_INCOMPLETE);
	return entry(f);
}

static struct vn_neigh *neigh_fixture_reachable(struct nfix *f)
{
	neigh_fixture_incomplete(f);
	reply(f, MAC_B);
	assert_int_equal(entry(f)->state, VN_NUD_REACHABLE);
	assert_int_equal(sent(f), 1);
	f->n_sol = 0;
	return entry(f);
}

/* REACHABLE left alone until its reachable time runs out. */
static struct vn_neigh *neigh_fixture_stale(struct nfix *f)
{
	struct vn_neigh *n = neigh_fixture_reachable(f);

	run_until(f, n->confirmed + n->parms->reachable_time +
			     MIN_TIMER_FOR_TEST);
	assert_int_equal(n->state, VN_NUD_STALE);
	return n;
}

static struct vn_neigh *neigh_fixture_delay(struct nfix *f)
{
	struct vn_neigh *n = neigh_fixture_stale(f);

	output(f);
	assert_int_equal(n->state, VN_NUD_DELAY);
	assert_int_equal(sent(f), 1);
	return n;
}

static struct vn_neigh *neigh_fixture_probe(struct nfix *f)
{
	struct vn_neigh *n = neigh_fixture_delay(f);

	run_until(f, now(f) + 5 * SEC);
	assert_int_equal(n->state, VN_NUD_PROBE);
	return n;
}

/* --- NONE ---------------------------------------------------------------------- */

static void test_neigh_none_output(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n;

	output(f);
	n = entry(f);
	/* __neigh_event_send(): INCOMPLETE, probes start at ucast_probes,
	 * the first (broadcast) one at once; the packet waits. */
	assert_int_equal(n->state, VN_NUD_INCOMPLETE);
	assert_int_equal(f->n_sol, 1);
	assert_false(f->sol[0].unicast);
	assert_int_equal(f->sol[0].at, 0);
	assert_int_equal(n->probes, 4);
	assert_int_equal(n->queue.len, 1);
	assert_int_equal(sent(f), 0);
	assert_int_equal(vn_neigh_refcnt(n), 1);
}

/* mcast_solicit 0 and app_solicit 0: nothing may probe, fail silently. */
static void test_neigh_none_output_without_probes(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh_parms *p = vn_neigh_parms_get(&f->tbl, f->dev);

	vn_neigh_parms_set(&f->tbl, p, VN_NEIGH_VAR_MCAST_PROBES, 0);
	output(f);
	assert_int_equal(entry(f)->state, VN_NUD_FAILED);
	assert_int_equal(f->n_sol, 0);
	assert_int_equal(f->n_errors, 0);
}

/* --- INCOMPLETE ---------------------------------------------------------------- */

/* Three broadcast requests a second apart, FAILED after the third's
 * second, every waiting packet reported unreachable. */
static void test_neigh_incomplete_timeout(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_incomplete(f);

	run_until(f, 1 * SEC);
	output(f);
	run_until(f, 2 * SEC);
	output(f);
	run_until(f, 3 * SEC - 1);
	assert_int_equal(n->state, VN_NUD_INCOMPLETE);
	assert_int_equal(f->n_sol, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(f->sol[i].at, (vn_time)i * SEC);
		assert_false(f->sol[i].unicast);
	}
	assert_int_equal(f->n_errors, 0);
	run_until(f, 3 * SEC);
	assert_int_equal(n->state, VN_NUD_FAILED);
	assert_int_equal(n->probes, 6);
	assert_int_equal(n->updated, 3 * SEC);
	assert_int_equal(f->n_errors, 3);
	assert_int_equal(n->queue.len, 0);
	assert_int_equal(vn_neigh_refcnt(n), 0);
	assert_int_equal(f->tbl.stats.res_failed, 1);
}

static void test_neigh_incomplete_reply(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_incomplete(f);

	output(f);
	output(f);
	run_until(f, 500 * MS);
	reply(f, MAC_B);
	/* Everything that waited leaves at once, to the new address. */
	assert_int_equal(n->state, VN_NUD_REACHABLE);
	assert_int_equal(sent(f), 3);
	assert_memory_equal(n->ha, MAC_B, 6);
	assert_int_equal(n->confirmed, 500 * MS);
	/* No more probing. */
	run_until(f, 5 * SEC);
	assert_int_equal(f->n_sol, 1);
}

static void test_neigh_incomplete_queue_full(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh_parms *p = vn_neigh_parms_get(&f->tbl, f->dev);
	struct vn_neigh *n;

	vn_neigh_parms_set(&f->tbl, p, VN_NEIGH_VAR_UNRES_QLEN, 2);
	n = neigh_fixture_incomplete(f);
	output(f);
	output(f);
	/* The oldest gives way. */
	assert_int_equal(n->queue.len, 2);
	assert_int_equal(f->tbl.stats.unres_discards, 1);
	run_until(f, 3 * SEC);
	assert_int_equal(f->n_errors, 2);
}

/* An ARP request from the neighbour is not a confirmation. */
static void test_neigh_incomplete_request_seen(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_incomplete(f);

	assert_non_null(vn_neigh_event_ns(&f->tbl, MAC_B, KEY, f->dev));
	assert_int_equal(n->state, VN_NUD_STALE);
	assert_int_equal(sent(f), 1);	/* the queue is flushed anyway */
	assert_int_equal(n->confirmed, now(f) - 60 * SEC);
}

/* --- FAILED ----------------------------------------------------------------------- */

static void test_neigh_failed_output(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_incomplete(f);

	run_until(f, 3 * SEC);
	assert_int_equal(n->state, VN_NUD_FAILED);
	run_until(f, 10 * SEC);
	/* A new packet starts over. */
	output(f);
	assert_int_equal(n->state, VN_NUD_INCOMPLETE);
	assert_int_equal(f->n_sol, 4);
	assert_int_equal(f->sol[3].at, 10 * SEC);
	run_until(f, 13 * SEC);
	assert_int_equal(n->state, VN_NUD_FAILED);
	assert_int_equal(f->n_errors, 2);
}

/* --- REACHABLE ---------------------------------------------------------------- */

static void test_neigh_reachable_timeout(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_reachable(f);
	vn_time rt = n->parms->reachable_time;

	/* neigh_rand_reach_time(): base/2 .. 3*base/2. */
	assert_true(rt >= 15 * SEC && rt < 45 * SEC);
	run_until(f, n->confirmed + rt);
	assert_int_equal(n->state, VN_NUD_REACHABLE);
	run_until(f, n->confirmed + rt + MIN_TIMER_FOR_TEST);
	assert_int_equal(n->state, VN_NUD_STALE);
	assert_int_equal(f->n_sol, 0);
	assert_int_equal(vn_neigh_refcnt(n), 0);
}

/* Used within delay_first_probe_time of expiry: DELAY, not STALE. */
static void test_neigh_reachable_timeout_used(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_reachable(f);
	vn_time expiry = n->confirmed + n->parms->reachable_time;

	run_until(f, expiry - 2 * SEC);
	output(f);
	assert_int_equal(sent(f), 1);
	run_until(f, expiry + MIN_TIMER_FOR_TEST);
	assert_int_equal(n->state, VN_NUD_DELAY);
	assert_int_equal(vn_neigh_refcnt(n), 1);
}

static void test_neigh_reachable_output(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_reachable(f);

	output(f);
	assert_int_equal(sent(f), 1);
	assert_int_equal(n->state, VN_NUD_REACHABLE);
	assert_int_equal(n->used, now(f));
}

/* neigh_update(): a changed address needs OVERRIDE (locktime passed). */
static void test_neigh_reachable_other_address(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_reachable(f);

	assert_int_equal(vn_neigh_update(n, MAC_A, VN_NUD_STALE, 0), 0);
	assert_memory_equal(n->ha, MAC_B, 6);
	assert_int_equal(n->state, VN_NUD_REACHABLE);
	/* The same address as STALE keeps REACHABLE. */
	assert_int_equal(vn_neigh_update(n, MAC_B, VN_NUD_STALE,
					 VN_NEIGH_F_OVERRIDE), 0);
	assert_int_equal(n->state, VN_NUD_REACHABLE);
	assert_int_equal(vn_neigh_update(n, MAC_A, VN_NUD_STALE,
					 VN_NEIGH_F_OVERRIDE), 0);
	assert_memory_equal(n->ha, MAC_A, 6);
	assert_int_equal(n->state, VN_NUD_STALE);
}

/* --- STALE ------------------------------------------------------------------------ */

static void test_neigh_stale_output(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_stale(f);
	vn_time t0 = now(f);

	output(f);
	/* Sent at once with the cached address; DELAY for 5 s. */
	assert_int_equal(sent(f), 1);
	assert_int_equal(n->state, VN_NUD_DELAY);
	assert_int_equal(n->timer.expires, t0 + 5 * SEC);
	assert_int_equal(f->n_sol, 0);
}

static void test_neigh_stale_idle(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_stale(f);

	/* Below gc_thresh1 nothing collects a STALE entry. */
	run_until(f, now(f) + 3600 * SEC);
	assert_int_equal(n->state, VN_NUD_STALE);
	assert_ptr_equal(vn_neigh_lookup(&f->tbl, KEY, f->dev), n);
}

/* --- DELAY ------------------------------------------------------------------------ */

static void test_neigh_delay_timeout(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_delay(f);
	vn_time t0 = now(f);

	run_until(f, t0 + 5 * SEC);
	/* PROBE: unicast to the cached address, retrans_time apart. */
	assert_int_equal(n->state, VN_NUD_PROBE);
	assert_int_equal(f->n_sol, 1);
	assert_true(f->sol[0].unicast);
	assert_int_equal(f->sol[0].at, t0 + 5 * SEC);
}

static void test_neigh_delay_confirmed(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_delay(f);

	/* A reply during DELAY goes straight back to REACHABLE. */
	run_until(f, now(f) + 2 * SEC);
	reply(f, MAC_B);
	assert_int_equal(n->state, VN_NUD_REACHABLE);
	run_until(f, now(f) + 5 * SEC);
	assert_int_equal(f->n_sol, 0);
}

/* --- PROBE ------------------------------------------------------------------------ */

static void test_neigh_probe_timeout(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_probe(f);
	vn_time t0 = now(f);

	output(f);		/* sent: PROBE still has an address */
	assert_int_equal(sent(f), 1);
	run_until(f, t0 + 3 * SEC - 1);
	assert_int_equal(n->state, VN_NUD_PROBE);
	assert_int_equal(f->n_sol, 3);
	for (int i = 0; i < 3; i++) {
		assert_true(f->sol[i].unicast);
		assert_int_equal(f->sol[i].at, t0 + (vn_time)i * SEC);
	}
	/* ucast_solicit 3, mcast_resolicit 0: FAILED, nothing queued. */
	run_until(f, t0 + 3 * SEC);
	assert_int_equal(n->state, VN_NUD_FAILED);
	assert_int_equal(f->n_errors, 0);
}

static void test_neigh_probe_reply(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = neigh_fixture_probe(f);

	reply(f, MAC_B);
	assert_int_equal(n->state, VN_NUD_REACHABLE);
	assert_int_equal(n->probes, 1);	/* kept, as Linux shows it */
}

/* mcast_resolicit: broadcasts after the unicast ones. */
static void test_neigh_probe_mcast_resolicit(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh_parms *p = vn_neigh_parms_get(&f->tbl, f->dev);
	struct vn_neigh *n;

	vn_neigh_parms_set(&f->tbl, p, VN_NEIGH_VAR_MCAST_REPROBES, 2);
	n = neigh_fixture_probe(f);
	run_until(f, now(f) + 5 * SEC);
	assert_int_equal(n->state, VN_NUD_FAILED);
	assert_int_equal(f->n_sol, 5);
	assert_true(f->sol[2].unicast);
	assert_false(f->sol[3].unicast);
	assert_false(f->sol[4].unicast);
}

/* --- PERMANENT and NOARP ------------------------------------------------------------ */

static void test_neigh_permanent_arp_update(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n = vn_neigh_create(&f->tbl, KEY, f->dev, true);

	assert_non_null(n);
	assert_int_equal(vn_neigh_update(n, MAC_A, VN_NUD_PERMANENT,
					 VN_NEIGH_F_ADMIN |
						 VN_NEIGH_F_OVERRIDE), 0);
	assert_int_equal(vn_neigh_refcnt(n), 0);
	assert_int_equal(f->tbl.gc_entries, 0);
	/* ARP may not touch it, an administrator may. */
	assert_int_equal(vn_neigh_update(n, MAC_B, VN_NUD_REACHABLE,
					 VN_NEIGH_F_OVERRIDE), -EPERM);
	assert_memory_equal(n->ha, MAC_A, 6);
	output(f);
	assert_int_equal(sent(f), 1);
	assert_int_equal(f->n_sol, 0);
	/* Without an address a valid state is refused. */
	assert_int_equal(vn_neigh_update(vn_neigh_create(&f->tbl, KEY + 1,
							 f->dev, false),
					 NULL, VN_NUD_NOARP, VN_NEIGH_F_ADMIN),
			 -EINVAL);
}

static void test_neigh_reachable_removed(void **state)
{
	struct nfix *f = *state;

	neigh_fixture_incomplete(f);
	output(f);
	/* `ip neigh del`: FAILED first, so the waiting packets are told. */
	vn_neigh_remove(entry(f));
	assert_null(vn_neigh_lookup(&f->tbl, KEY, f->dev));
	assert_int_equal(f->n_errors, 2);
}

/* --- the table -------------------------------------------------------------------- */

static void test_neigh_table_forced_gc(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh *n;

	f->tbl.gc_thresh2 = 2;
	f->tbl.gc_thresh3 = 4;
	for (uint32_t i = 0; i < 4; i++) {
		n = vn_neigh_create(&f->tbl, KEY + i, f->dev, false);
		assert_non_null(n);
		/* Two are reachable (a timer holds them), two are stale. */
		vn_neigh_update(n, MAC_B,
				i < 2 ? VN_NUD_REACHABLE : VN_NUD_STALE,
				VN_NEIGH_F_OVERRIDE);
	}
	/* Permanent entries never count. */
	assert_non_null(vn_neigh_create(&f->tbl, KEY + 9, f->dev, true));
	assert_int_equal(f->tbl.gc_entries, 4);
	/* Full, and nothing old enough: overflow. */
	assert_null(vn_neigh_create(&f->tbl, KEY + 4, f->dev, false));
	assert_int_equal(f->tbl.stats.table_fulls, 1);
	/* 5 s later the stale ones go (not updated for 5 s), down to
	 * gc_thresh2; those a timer holds stay. */
	run_until(f, 5 * SEC + MS);
	assert_non_null(vn_neigh_create(&f->tbl, KEY + 4, f->dev, false));
	assert_null(vn_neigh_lookup(&f->tbl, KEY + 2, f->dev));
	assert_null(vn_neigh_lookup(&f->tbl, KEY + 3, f->dev));
	assert_non_null(vn_neigh_lookup(&f->tbl, KEY + 0, f->dev));
	assert_non_null(vn_neigh_lookup(&f->tbl, KEY + 9, f->dev));
	assert_int_equal(f->tbl.gc_entries, 3);
}

static void test_neigh_table_periodic_gc(void **state)
{
	struct nfix *f = *state;

	f->tbl.gc_thresh1 = 2;
	for (uint32_t i = 0; i < 3; i++)
		vn_neigh_update(vn_neigh_create(&f->tbl, KEY + i, f->dev, false),
				MAC_B, VN_NUD_STALE, VN_NEIGH_F_OVERRIDE);
	/* Unused for gc_stale_time (60 s): swept every 15 s. */
	run_until(f, 45 * SEC);
	assert_int_equal(f->tbl.n, 3);
	run_until(f, 60 * SEC);
	assert_int_equal(f->tbl.n, 0);
}

static void test_neigh_table_device_parms(void **state)
{
	struct nfix *f = *state;
	struct vn_neigh_table *tbl = &f->tbl;
	struct vn_neigh_parms *p = vn_neigh_parms_get(tbl, f->dev);

	/* A device set follows the default until written itself. */
	vn_neigh_parms_set(tbl, &tbl->parms, VN_NEIGH_VAR_RETRANS_TIME,
			   2 * SEC);
	assert_int_equal(p->retrans_time, 2 * SEC);
	vn_neigh_parms_set(tbl, p, VN_NEIGH_VAR_RETRANS_TIME, 100 * MS);
	vn_neigh_parms_set(tbl, &tbl->parms, VN_NEIGH_VAR_RETRANS_TIME,
			   3 * SEC);
	assert_int_equal(p->retrans_time, 100 * MS);
	/* ... and the machine uses it. */
	neigh_fixture_incomplete(f);
	run_until(f, 300 * MS);
	assert_int_equal(entry(f)->state, VN_NUD_FAILED);
	assert_int_equal(f->sol[2].at, 200 * MS);
	/* A new base reachable time is drawn from at once. */
	vn_neigh_parms_set(tbl, p, VN_NEIGH_VAR_BASE_REACHABLE_TIME, 2 * SEC);
	assert_true(p->reachable_time >= SEC && p->reachable_time < 3 * SEC);
	vn_neigh_parms_release(tbl, f->dev);
	assert_int_equal(tbl->n, 0);
	assert_ptr_equal(vn_neigh_parms_lookup(tbl, f->dev), &tbl->parms);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_neigh_none_output),
		T(test_neigh_none_output_without_probes),
		T(test_neigh_incomplete_timeout),
		T(test_neigh_incomplete_reply),
		T(test_neigh_incomplete_queue_full),
		T(test_neigh_incomplete_request_seen),
		T(test_neigh_failed_output),
		T(test_neigh_reachable_timeout),
		T(test_neigh_reachable_timeout_used),
		T(test_neigh_reachable_output),
		T(test_neigh_reachable_other_address),
		T(test_neigh_reachable_removed),
		T(test_neigh_stale_output),
		T(test_neigh_stale_idle),
		T(test_neigh_delay_timeout),
		T(test_neigh_delay_confirmed),
		T(test_neigh_probe_timeout),
		T(test_neigh_probe_reply),
		T(test_neigh_probe_mcast_resolicit),
		T(test_neigh_permanent_arp_update),
		T(test_neigh_table_forced_gc),
		T(test_neigh_table_periodic_gc),
		T(test_neigh_table_device_parms),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
