// SPDX-License-Identifier: MIT
/*
 * tests/unit/dev/test_netem.c - the netem qdisc (dev/netem.c) and the
 * device core's qdisc hook, on the bare device world of helpers.h with a
 * virtual clock.
 *
 * The qdisc sits on a "sink" device whose driver logs when each frame
 * reaches it (the frames carry a sequence number), so departure times are
 * exact.  Timing tests assert exact nanoseconds; statistical tests (loss,
 * jitter shape, duplication) run thousands of frames from the seeded stream
 * and check bounds several standard deviations wide, so they pin the
 * model, not one lucky draw; the seed tests pin reproducibility.
 */
#include "helpers.h"

#include <errno.h>
#include <math.h>

#include "dev/gso.h"
#include "dev/netem.h"
#include "wire/csum.h"
#include "wire/ipv4.h"

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* --- a device that logs what its driver gets ------------------------------ */

struct rec {
	uint32_t seq;
	vn_time at;
	uint32_t len;
};

struct sink {
	struct vn_dev dev;
	struct rec *log;
	size_t n, cap;
	bool keep;		/* keep the frames in @kept, do not free */
	struct vn_bufq kept;
};

static struct sink *to_sink(struct vn_dev *dev)
{
	return container_of(dev, struct sink, dev);
}

static int sink_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	struct sink *s = to_sink(dev);

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->log = realloc(s->log, s->cap * sizeof(*s->log));
		assert_non_null(s->log);
	}
	s->log[s->n++] = (struct rec){
		.seq = buf->len >= 18 ? vn_load_be32(buf->data + 14) : 0,
		.at = vn_env_now(dev->space->env),
		.len = buf->len,
	};
	if (s->keep)
		vn_bufq_push(&s->kept, buf);
	else
		vn_buf_free(buf);
	return 0;
}

static void sink_destroy(struct vn_dev *dev)
{
	struct sink *s = to_sink(dev);
	struct vn_buf *buf;

	while ((buf = vn_bufq_pop(&s->kept)))
		vn_buf_free(buf);
	free(s->log);
	free(s);
}

static const struct vn_dev_ops sink_ops = {
	.kind = "sink",
	.xmit = sink_xmit,
	.destroy = sink_destroy,
};

static struct sink *sink_new(struct vn_test_env *t, const char *name)
{
	struct sink *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	vn_dev_setup(&s->dev, &t->env, &sink_ops, name);
	vn_bufq_init(&s->kept);
	assert_int_equal(vn_dev_register(&t->s[0].space, &s->dev, 0, NULL), 0);
	assert_int_equal(vn_dev_open(&s->dev, NULL), 0);
	vn_dev_set_carrier(&s->dev, true);
	return s;
}

/* --- requests, frames, time ----------------------------------------------- */

#define MS_TICKS(ms) ((uint32_t)((ms) * 1000000LL / VN_NETEM_TICK_NS))

static uint32_t pct(double p)
{
	return (uint32_t)rint(p / 100. * UINT32_MAX);
}

static struct vn_netem_msg msg(void)
{
	struct vn_netem_msg m;

	memset(&m, 0, sizeof(m));
	m.limit = 1000;
	return m;
}

static struct vn_qdisc *attach(struct sink *s, const struct vn_netem_msg *m)
{
	struct vn_qdisc *q = NULL;
	struct vn_err err;

	vn_err_init(&err);
	assert_int_equal(vn_netem_create(&s->dev, 0x80010000u, m, &q, &err),
			 0);
	assert_non_null(q);
	vn_dev_set_qdisc(&s->dev, q);
	return q;
}

/* An Ethernet broadcast of @len bytes carrying @seq after the header. */
static struct vn_buf *frame(struct vn_test_env *t, uint32_t seq, uint32_t len)
{
	struct vn_buf *buf = vn_test_frame(t, bcast, bcast, VN_ETH_P_IP, len,
					   0x5a);

	vn_store_be32(buf->data + 14, seq);
	return buf;
}

static void send_n(struct vn_test_env *t, struct sink *s, uint32_t first,
		   uint32_t n, uint32_t len)
{
	for (uint32_t i = 0; i < n; i++)
		vn_dev_xmit(&s->dev, frame(t, first + i, len));
}

/* Runs timers up to @until, moving the virtual clock from one to the next. */
static void run_until(struct vn_test_env *t, vn_time until)
{
	vn_time next;

	while ((next = vn_timers_next(&t->env.timers)) <= until) {
		vn_clock_advance(&t->env.clock, next);
		vn_timers_run(&t->env.timers, next);
	}
	vn_clock_advance(&t->env.clock, until);
}

static uint64_t drops(struct vn_test_env *t, enum vn_drop_reason r)
{
	return vn_pool_drop_stats(t->env.pool)->n[r];
}

/* --- the device hook ------------------------------------------------------ */

static void test_netem_hook_default_qdisc_states(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = calloc(1, sizeof(*s));
	struct vn_dev *dev = &s->dev;
	struct vn_netem_msg m = msg();

	vn_dev_setup(dev, &t->env, &sink_ops, "s0");
	vn_bufq_init(&s->kept);
	assert_int_equal(vn_dev_register(&t->s[0].space, dev, 0, NULL), 0);
	/* noop until the device first comes up (dev_activate) ... */
	assert_null(dev->qdisc);
	assert_false(dev->qdisc_noqueue);
	vn_dev_open(dev, NULL);
	assert_true(dev->qdisc_noqueue);
	/* ... and noqueue stays when it goes down again. */
	vn_dev_close(dev);
	assert_true(dev->qdisc_noqueue);
	/* A qdisc deleted while down leaves noop; up brings noqueue back. */
	attach(s, &m);
	assert_non_null(dev->qdisc);
	vn_dev_set_qdisc(dev, NULL);
	assert_false(dev->qdisc_noqueue);
	vn_dev_open(dev, NULL);
	assert_true(dev->qdisc_noqueue);
	/* Deleted while up: noqueue at once. */
	attach(s, &m);
	vn_dev_set_qdisc(dev, NULL);
	assert_true(dev->qdisc_noqueue);
	/* Moving to another namespace shuts the qdisc down (dev_shutdown). */
	attach(s, &m);
	assert_int_equal(vn_dev_move(dev, &t->s[1].space, NULL, NULL), 0);
	assert_null(dev->qdisc);
	assert_false(dev->qdisc_noqueue);
}

static void test_netem_hook_without_carrier_bypasses(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_qdisc *q;

	m.latency = MS_TICKS(10);
	q = attach(s, &m);
	vn_dev_set_carrier(&s->dev, false);
	/* The driver decides, as without a qdisc (Linux: qdisc deactivated). */
	send_n(t, s, 1, 1, 60);
	assert_int_equal(s->n, 1);
	assert_int_equal(q->stats.packets, 0);
}

/* --- delay and jitter ----------------------------------------------------- */

static void test_netem_delay_is_exact(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_qdisc *q;

	m.latency = MS_TICKS(200);
	q = attach(s, &m);
	send_n(t, s, 1, 3, 100);
	assert_int_equal(s->n, 0);
	assert_int_equal(q->stats.qlen, 3);
	assert_int_equal(q->stats.backlog, 300);
	assert_int_equal(s->dev.stats.tx_packets, 0);
	run_until(t, 200 * VN_MSEC - 1);
	assert_int_equal(s->n, 0);
	run_until(t, 200 * VN_MSEC);
	assert_int_equal(s->n, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(s->log[i].seq, i + 1);
		assert_int_equal(s->log[i].at, 200 * VN_MSEC);
	}
	/* tx counters and tc's "Sent" count frames as they leave netem. */
	assert_int_equal(s->dev.stats.tx_packets, 3);
	assert_int_equal(q->stats.packets, 3);
	assert_int_equal(q->stats.bytes, 300);
	assert_int_equal(q->stats.qlen, 0);
	assert_int_equal(q->stats.backlog, 0);
	assert_int_equal(q->stats.drops, 0);
	/* 1 us is 15 psched ticks: 960 ns, as on Linux. */
	m.latency = (uint32_t)(1 * 15.625);
	assert_int_equal(vn_netem_change(q, &m, NULL), 0);
	send_n(t, s, 4, 1, 100);
	run_until(t, 200 * VN_MSEC + 960);
	assert_int_equal(s->n, 4);
	assert_int_equal(s->log[3].at, 200 * VN_MSEC + 960);
}

/* Departure times of @n frames sent at once (in batches under the limit). */
static void collect_delays(struct vn_test_env *t, struct sink *s, size_t n,
			   double *out)
{
	size_t done = 0;

	while (done < n) {
		size_t batch = VN_MIN(n - done, (size_t)500);
		vn_time t0 = vn_env_now(&t->env);
		size_t first = s->n;

		send_n(t, s, (uint32_t)done, (uint32_t)batch, 60);
		run_until(t, t0 + 10 * VN_SEC);
		assert_int_equal(s->n - first, batch);
		for (size_t i = first; i < s->n; i++) {
			/* in time order, whatever the order sent */
			if (i > first)
				assert_true(s->log[i].at >= s->log[i - 1].at);
			out[done++] = (double)(s->log[i].at - t0);
		}
	}
}

static void mean_sd(const double *v, size_t n, double *mean, double *sd)
{
	double sum = 0, sq = 0;

	for (size_t i = 0; i < n; i++)
		sum += v[i];
	*mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += (v[i] - *mean) * (v[i] - *mean);
	*sd = sqrt(sq / (double)(n - 1));
}

static void test_netem_jitter_uniform_bounds_and_shape(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	enum { N = 10000, BINS = 10 };
	double *d = calloc(N, sizeof(*d)), mean, sd;
	unsigned bins[BINS] = { 0 };

	m.latency = MS_TICKS(100);
	m.jitter = MS_TICKS(10);
	attach(s, &m);
	collect_delays(t, s, N, d);
	for (size_t i = 0; i < N; i++) {
		/* tabledist() without a table: [mu - sigma, mu + sigma) */
		assert_true(d[i] >= 90 * VN_MSEC && d[i] < 110 * VN_MSEC);
		bins[(size_t)((d[i] - 90 * VN_MSEC) / (2 * VN_MSEC))]++;
	}
	mean_sd(d, N, &mean, &sd);
	/* uniform: sd = 20 ms / sqrt(12); the mean within 4 standard errors */
	assert_true(fabs(mean - 100 * VN_MSEC) < 4 * 5.774 * VN_MSEC / 100);
	assert_true(fabs(sd - 5.774 * VN_MSEC) < 0.05 * 5.774 * VN_MSEC);
	for (int b = 0; b < BINS; b++)
		assert_true(bins[b] > 850 && bins[b] < 1150);
	free(d);
}

static void test_netem_jitter_normal_shape(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	enum { N = 20000 };
	int16_t *table = calloc(VN_NETEM_DIST_MAX, sizeof(*table));
	double *d = calloc(N, sizeof(*d)), mean, sd;
	size_t in1 = 0, in2 = 0;
	int n = vn_netem_dist_make("normal", table, VN_NETEM_DIST_MAX);

	assert_int_equal(n, 4096);
	m.latency = MS_TICKS(100);
	m.jitter = MS_TICKS(10);
	m.dist = table;
	m.dist_len = (uint32_t)n;
	attach(s, &m);
	free(table);		/* the qdisc keeps its own copy */
	collect_delays(t, s, N, d);
	mean_sd(d, N, &mean, &sd);
	assert_true(fabs(mean - 100 * VN_MSEC) < 0.3 * VN_MSEC);
	assert_true(fabs(sd - 10 * VN_MSEC) < 0.5 * VN_MSEC);
	for (size_t i = 0; i < N; i++) {
		in1 += fabs(d[i] - 100 * VN_MSEC) <= 10 * VN_MSEC;
		in2 += fabs(d[i] - 100 * VN_MSEC) <= 20 * VN_MSEC;
		/* the table stops at about 4 sigma (its entries are s16) */
		assert_true(fabs(d[i] - 100 * VN_MSEC) <= 40.1 * VN_MSEC);
	}
	assert_true(in1 > 0.66 * N && in1 < 0.705 * N);
	assert_true(in2 > 0.94 * N && in2 < 0.965 * N);
	free(d);
}

/* FNV-1a over the entries' little-endian bytes. */
static uint64_t fnv(const int16_t *v, int n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (int i = 0; i < n; i++) {
		uint16_t x = (uint16_t)v[i];

		h = (h ^ (x & 0xff)) * 0x100000001b3ull;
		h = (h ^ (x >> 8)) * 0x100000001b3ull;
	}
	return h;
}

/*
 * The tables equal iproute2 6.1's normal.dist, pareto.dist and
 * paretonormal.dist (Debian 12, /usr/lib/x86_64-linux-gnu/tc): hashes and
 * end values taken from those files.
 */
static void test_netem_dist_tables_match_iproute2(void **state)
{
	static const struct {
		const char *name;
		uint64_t fnv;
		int first, last;
	} want[] = {
		{ "normal", 0x3f198b6014c3b3b8ull, -32768, 28858 },
		{ "pareto", 0x209e1d3c861819faull, -5461, 32767 },
		{ "paretonormal", 0x468ce9c962a5ecf9ull, -12305, 31789 },
	};
	int16_t *table = calloc(VN_NETEM_DIST_MAX, sizeof(*table));

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		int n = vn_netem_dist_make(want[i].name, table,
					   VN_NETEM_DIST_MAX);

		assert_int_equal(n, 4096);
		assert_int_equal(table[0], want[i].first);
		assert_int_equal(table[n - 1], want[i].last);
		assert_true(fnv(table, n) == want[i].fnv);
	}
	assert_int_equal(vn_netem_dist_make("uniform", table, 4096), -ENOENT);
	assert_int_equal(vn_netem_dist_make("normal", table, 100), -ENOSPC);
	free(table);
}

/* --- loss, duplication, corruption, reordering ---------------------------- */

static void test_netem_loss_rate(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_qdisc *q;
	enum { N = 20000 };

	m.loss = pct(20);
	q = attach(s, &m);
	send_n(t, s, 0, N, 60);
	/* No delay: what is not lost leaves at once. */
	assert_int_equal(q->stats.qlen, 0);
	/* 20% of 20000: 4000, standard deviation 56.6; 4 of them either side */
	assert_true(q->stats.drops > 3774 && q->stats.drops < 4226);
	assert_int_equal(q->stats.drops + s->n, N);
	assert_int_equal(q->stats.packets, s->n);
	assert_int_equal(drops(t, VN_DROP_NETEM_LOSS), q->stats.drops);
	/* The namespace counted them too. */
	assert_int_equal(t->s[0].space.drops.n[VN_DROP_NETEM_LOSS],
			 q->stats.drops);
	/* Dropped by the qdisc: not the device's tx_dropped (Linux alike). */
	assert_int_equal(s->dev.stats.tx_dropped, 0);
}

/* Mean length of runs of lost frames (gaps in the sequence). */
static double mean_loss_run(const struct sink *s)
{
	size_t runs = 0, lost = 0;
	uint32_t expect = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (s->log[i].seq != expect) {
			runs++;
			lost += s->log[i].seq - expect;
		}
		expect = s->log[i].seq + 1;
	}
	return runs ? (double)lost / (double)runs : 0;
}

static void test_netem_loss_correlation_makes_bursts(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *a = sink_new(t, "a"), *b = sink_new(t, "b");
	struct vn_netem_msg m = msg();
	enum { N = 20000 };

	m.loss = pct(50);
	attach(a, &m);
	m.has_corr = true;
	m.corr.loss = pct(90);
	attach(b, &m);
	send_n(t, a, 0, N, 60);
	send_n(t, b, 0, N, 60);
	/* Independent 50%: runs of mean length 2; correlated: far longer. */
	assert_true(fabs(mean_loss_run(a) - 2.0) < 0.1);
	assert_true(mean_loss_run(b) > 5.0);
	/* get_crandom() keeps a 50% rate at 50% (symmetric). */
	assert_true(fabs((double)b->n / N - 0.5) < 0.05);
}

static void test_netem_loss_models(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *gi = sink_new(t, "gi"), *ge = sink_new(t, "ge");
	struct vn_netem_msg m = msg();
	struct vn_netem_info info;
	struct vn_qdisc *q;
	enum { N = 20000 };

	/* loss state 1%: p13 1%, p31 99%, p23 100% -> isolated 1% bursts */
	m.loss_model = VN_NETEM_LOSS_GI;
	m.gi = (struct vn_netem_gi){ .p13 = pct(1), .p31 = pct(99),
				     .p32 = 0, .p14 = 0, .p23 = pct(100) };
	q = attach(gi, &m);
	send_n(t, gi, 0, N, 60);
	assert_true(q->stats.drops > 120 && q->stats.drops < 280);
	vn_netem_get(q, &info);
	assert_int_equal(info.loss_model, VN_NETEM_LOSS_GI);
	assert_int_equal(info.gi.p13, pct(1));
	/* gemodel p 10% r 10% 1-h 100% 1-k 0%: half the time BAD, all lost */
	m = msg();
	m.loss_model = VN_NETEM_LOSS_GE;
	m.ge = (struct vn_netem_ge){ .p = pct(10), .r = pct(10),
				     .h = 0, .k1 = 0 };
	q = attach(ge, &m);
	send_n(t, ge, 0, N, 60);
	assert_true(q->stats.drops > 8000 && q->stats.drops < 12000);
	assert_true(mean_loss_run(ge) > 5.0);
	/* A change without TCA_NETEM_LOSS goes back to the random model. */
	m = msg();
	assert_int_equal(vn_netem_change(q, &m, NULL), 0);
	vn_netem_get(q, &info);
	assert_int_equal(info.loss_model, VN_NETEM_LOSS_RANDOM);
}

static void test_netem_duplicate_clones(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0"), *h = sink_new(t, "s1");
	struct vn_netem_msg m = msg();
	struct vn_qdisc *q;
	struct vn_buf *x, *y;

	s->keep = true;
	m.duplicate = UINT32_MAX;
	q = attach(s, &m);
	send_n(t, s, 1, 3, 80);
	/* Each frame twice, the duplicate first (Linux enqueues it first); a
	 * duplicate is never duplicated again. */
	assert_int_equal(s->n, 6);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(s->log[i].seq, i / 2 + 1);
	assert_int_equal(q->stats.packets, 6);
	/* A clone: both share one block, nothing was copied. */
	x = vn_bufq_pop(&s->kept);
	y = vn_bufq_pop(&s->kept);
	assert_ptr_equal(x->block, y->block);
	vn_buf_free(x);
	vn_buf_free(y);
	/* 30%: about 30% more frames. */
	m.duplicate = pct(30);
	attach(h, &m);
	send_n(t, h, 0, 10000, 60);
	assert_true(h->n > 12800 && h->n < 13200);
}

static void test_netem_corrupt_flips_one_bit(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	enum { N = 200 };
	struct vn_buf *orig[N], *got;

	s->keep = true;
	m.has_corrupt = true;
	m.corrupt.probability = UINT32_MAX;
	attach(s, &m);
	for (int i = 0; i < N; i++) {
		orig[i] = frame(t, (uint32_t)i, 100);
		/* the test keeps the original: netem gets a shared clone */
		vn_dev_xmit(&s->dev, vn_buf_clone(orig[i]));
	}
	assert_int_equal(s->n, N);
	for (int i = 0; i < N; i++) {
		int bits = 0;

		got = vn_bufq_pop(&s->kept);
		assert_int_equal(got->len, 100);
		/* its own block: the original was not touched */
		assert_ptr_not_equal(got->block, orig[i]->block);
		for (uint32_t j = 0; j < 100; j++)
			bits += __builtin_popcount(got->data[j] ^
						   orig[i]->data[j]);
		assert_int_equal(bits, 1);
		vn_buf_free(got);
		vn_buf_free(orig[i]);
	}
}

static void test_netem_reorder_gap_pattern(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_qdisc *q;
	/* seq: departure in ms, frame i sent at i ms */
	static const uint32_t order[] = { 5, 10, 1, 2, 3, 4, 15, 6, 7, 8,
					  9, 20, 11, 12, 13, 14, 16, 17, 18,
					  19 };

	/* delay 10ms reorder 100% gap 5: every 5th frame goes out at once */
	m.latency = MS_TICKS(10);
	m.gap = 5;
	m.has_reorder = true;
	m.reorder.probability = UINT32_MAX;
	q = attach(s, &m);
	for (uint32_t i = 1; i <= 20; i++) {
		run_until(t, i * VN_MSEC);
		send_n(t, s, i, 1, 60);
	}
	run_until(t, VN_SEC);
	assert_int_equal(s->n, 20);
	for (size_t i = 0; i < 20; i++) {
		uint32_t seq = s->log[i].seq;

		assert_int_equal(seq, order[i]);
		assert_int_equal(s->log[i].at,
				 (seq % 5 ? seq + 10 : seq) * VN_MSEC);
	}
	/* Reordered frames count as requeues, as netem counts them. */
	assert_int_equal(q->stats.requeues, 4);
}

static void test_netem_reorder_fraction(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_qdisc *q;
	size_t now = 0;

	/* delay 10ms reorder 25% (tc sets gap 1): a quarter leave at once */
	m.latency = MS_TICKS(10);
	m.gap = 1;
	m.has_reorder = true;
	m.reorder.probability = pct(25);
	q = attach(s, &m);
	send_n(t, s, 0, 800, 60);
	now = s->n;
	assert_int_equal(q->stats.requeues, now);
	assert_true(now > 150 && now < 250);
	run_until(t, 10 * VN_MSEC);
	assert_int_equal(s->n, 800);
}

/*
 * An IPv4/TCP frame as a Linux sender hands it to a TAP with offloads: the
 * TCP checksum left partial (only the pseudo-header sum), and with @mss a
 * GSO frame of @payload bytes.
 */
static struct vn_buf *offloaded_frame(struct vn_test_env *t, uint32_t payload,
				      uint16_t mss)
{
	uint32_t len = VN_ETH_HLEN + 20 + 20 + payload;
	struct vn_buf *buf = vn_buf_alloc(t->env.pool, len);
	uint8_t *p, *ip, *th;
	uint32_t sum;

	assert_non_null(buf);
	p = vn_buf_put(buf, len);
	memset(p, 0, len);
	vn_eth_emit(p, bcast, bcast, VN_ETH_P_IP);
	ip = p + VN_ETH_HLEN;
	ip[0] = 0x45;
	vn_ipv4_set_tot_len(ip, (uint16_t)(len - VN_ETH_HLEN));
	ip[VN_IPV4_TTL] = 64;
	ip[VN_IPV4_PROTO] = VN_IPPROTO_TCP;
	vn_ipv4_set_src(ip, 0x0a000001);
	vn_ipv4_set_dst(ip, 0x0a000002);
	vn_ipv4_fill_csum(ip);
	th = ip + 20;
	th[12] = 5 << 4;
	th[13] = 0x10;	/* ACK */
	for (uint32_t i = 0; i < payload; i++)
		th[20 + i] = (uint8_t)(i * 7);
	sum = vn_csum_pseudo(0x0a000001, 0x0a000002, VN_IPPROTO_TCP,
			     (uint16_t)(20 + payload));
	vn_store_be16(th + 16, (uint16_t)~vn_csum_fold(sum));
	buf->csum_start = (uint16_t)(vn_buf_offset(buf, th));
	buf->csum_offset = 16;
	if (mss) {
		buf->gso_size = mss;
		buf->gso_type = VN_GSO_TCPV4;
	}
	return buf;
}

/* Does the receiver notice: a bad IPv4 or TCP checksum, or a bad header? */
static bool damage_detected(const struct vn_buf *buf)
{
	const uint8_t *ip = buf->data + VN_ETH_HLEN;
	uint32_t tcp_len = buf->len - VN_ETH_HLEN - 20;

	if (vn_load_be16(buf->data + 12) != VN_ETH_P_IP ||
	    !vn_mac_is_broadcast(buf->data) ||
	    !vn_mac_is_broadcast(buf->data + 6))
		return true;
	if (vn_csum(ip, 20) != 0)
		return true;
	return vn_csum_fold(vn_csum_add(vn_csum_pseudo(vn_ipv4_src(ip),
						       vn_ipv4_dst(ip),
						       VN_IPPROTO_TCP,
						       (uint16_t)tcp_len),
					ip + 20, tcp_len)) != 0;
}

/*
 * Offloaded frames are finished in software before the bit flips
 * (netem_segment(), skb_checksum_help()), so checksums catch every
 * corruption; a GSO frame becomes its segments, each corrupted.
 */
static void test_netem_corrupt_finishes_offloads_first(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_qdisc *q;
	struct vn_buf *got;

	s->keep = true;
	m.has_corrupt = true;
	m.corrupt.probability = UINT32_MAX;
	q = attach(s, &m);
	vn_dev_xmit(&s->dev, offloaded_frame(t, 3000, 1000));
	for (int i = 0; i < 20; i++)
		vn_dev_xmit(&s->dev, offloaded_frame(t, 100, 0));
	assert_int_equal(s->n, 23);
	assert_int_equal(q->stats.packets, 23);
	while ((got = vn_bufq_pop(&s->kept))) {
		assert_false(vn_buf_offloaded(got));
		assert_true(damage_detected(got));
		vn_buf_free(got);
	}
	/* the segments carry the payload in 1000-byte pieces */
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(s->log[i].len, VN_ETH_HLEN + 40 + 1000);
}

/* --- rate, limit, slots --------------------------------------------------- */

static void test_netem_rate_timing_is_exact(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_qdisc *q;

	/* rate 1mbit: 125000 bytes/s, 1000 bytes take 8 ms */
	m.has_rate = true;
	m.rate.rate = 125000;
	q = attach(s, &m);
	send_n(t, s, 1, 4, 1000);
	run_until(t, VN_SEC);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(s->log[i].at, (int64_t)(i + 1) * 8 * VN_MSEC);
	/* With delay 10ms: the first after 10 + 8, the rest 8 ms apart. */
	m.latency = MS_TICKS(10);
	assert_int_equal(vn_netem_change(q, &m, NULL), 0);
	send_n(t, s, 5, 3, 1000);
	run_until(t, 2 * VN_SEC);
	for (int64_t i = 4; i < 7; i++)
		assert_int_equal(s->log[i].at,
				 VN_SEC + 10 * VN_MSEC + (i - 3) * 8 * VN_MSEC);
	/* packet overhead 24: 1024 bytes, 8.192 ms */
	m.latency = 0;
	m.rate.packet_overhead = 24;
	assert_int_equal(vn_netem_change(q, &m, NULL), 0);
	send_n(t, s, 8, 1, 1000);
	run_until(t, 3 * VN_SEC);
	assert_int_equal(s->log[7].at, 2 * VN_SEC + 8192 * VN_USEC);
	/* ATM cells: 48-byte cells plus 5 bytes each: 1000 -> 21 cells, 1113 */
	m.rate.packet_overhead = 0;
	m.rate.cell_size = 48;
	m.rate.cell_overhead = 5;
	assert_int_equal(vn_netem_change(q, &m, NULL), 0);
	send_n(t, s, 9, 1, 1000);
	run_until(t, 4 * VN_SEC);
	assert_int_equal(s->log[8].at, 3 * VN_SEC + 8904 * VN_USEC);
}

static void test_netem_limit_drops(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_qdisc *q;

	m.latency = MS_TICKS(1000);
	m.limit = 10;
	m.duplicate = UINT32_MAX;
	q = attach(s, &m);
	/* Each frame brings a duplicate: 5 frames fill the 10 places. */
	send_n(t, s, 1, 7, 100);
	assert_int_equal(q->stats.qlen, 10);
	assert_int_equal(q->stats.backlog, 1000);
	/* The 6th and 7th are refused with their duplicates; one drop each. */
	assert_int_equal(q->stats.drops, 2);
	assert_int_equal(drops(t, VN_DROP_QDISC_OVERLIMIT), 4);
	run_until(t, 2 * VN_SEC);
	assert_int_equal(s->n, 10);
	assert_int_equal(s->log[9].seq, 5);
}

static void test_netem_slot_bursts(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_netem_info info;
	struct vn_qdisc *q;
	static const int64_t at_ms[] = { 0, 0, 10, 10, 20 };

	/* slot 10ms 10ms packets 2: two frames per 10 ms slot */
	m.has_slot = true;
	m.slot.min_delay = m.slot.max_delay = 10 * VN_MSEC;
	m.slot.max_packets = 2;
	q = attach(s, &m);
	send_n(t, s, 1, 5, 100);
	run_until(t, VN_SEC);
	assert_int_equal(s->n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(s->log[i].at, at_ms[i] * VN_MSEC);
	vn_netem_get(q, &info);
	assert_true(info.has_slot);
	assert_int_equal(info.slot.max_packets, 2);
	assert_int_equal(info.slot.max_bytes, 0);	/* INT_MAX shown as 0 */
}

/* --- ecn ------------------------------------------------------------------ */

/* An IPv4 frame with TOS @tos and a valid header checksum. */
static struct vn_buf *ip_frame(struct vn_test_env *t, uint8_t tos)
{
	struct vn_buf *buf = vn_test_frame(t, bcast, bcast, VN_ETH_P_IP, 60, 0);
	uint8_t *ip = buf->data + VN_ETH_HLEN;

	ip[0] = 0x45;
	ip[1] = tos;
	vn_store_be16(ip + 2, 46);
	ip[8] = 64;
	ip[9] = 17;
	vn_ipv4_fill_csum(ip);
	return buf;
}

static void test_netem_ecn_marks_instead_of_dropping(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_qdisc *q;
	struct vn_buf *got;
	uint8_t *ip;

	s->keep = true;
	m.loss = UINT32_MAX;
	m.has_ecn = true;
	m.ecn = 1;
	q = attach(s, &m);
	vn_dev_xmit(&s->dev, ip_frame(t, 0x02));	/* ECT(0) */
	vn_dev_xmit(&s->dev, ip_frame(t, 0x00));	/* not ECN-capable */
	vn_dev_xmit(&s->dev, ip_frame(t, 0x03));	/* CE already */
	assert_int_equal(s->n, 2);
	/* A mark counts in tc's drops, as netem counts it. */
	assert_int_equal(q->stats.drops, 3);
	assert_int_equal(drops(t, VN_DROP_NETEM_LOSS), 1);
	got = vn_bufq_pop(&s->kept);
	ip = got->data + VN_ETH_HLEN;
	assert_int_equal(ip[1], 0x03);
	assert_int_equal(vn_csum(ip, 20), 0);
	vn_buf_free(got);
	got = vn_bufq_pop(&s->kept);
	assert_int_equal(got->data[VN_ETH_HLEN + 1], 0x03);
	vn_buf_free(got);
}

/* --- life cycle ----------------------------------------------------------- */

static void test_netem_down_and_delete_purge(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_qdisc *q;

	m.latency = MS_TICKS(100);
	q = attach(s, &m);
	send_n(t, s, 1, 3, 100);
	vn_dev_close(&s->dev);
	/* dev_deactivate(): dropped, counted by reason, not in tc's drops */
	assert_int_equal(drops(t, VN_DROP_QDISC_RESET), 3);
	assert_int_equal(q->stats.qlen, 0);
	assert_int_equal(q->stats.backlog, 0);
	assert_int_equal(q->stats.drops, 0);
	assert_int_equal(vn_timers_next(&t->env.timers), VN_TIME_NEVER);
	/* the qdisc stays, as tc shows it on a device that is down */
	assert_ptr_equal(s->dev.qdisc, q);
	vn_dev_open(&s->dev, NULL);
	send_n(t, s, 4, 2, 100);
	/* losing carrier purges too (linkwatch) */
	vn_dev_set_carrier(&s->dev, false);
	assert_int_equal(drops(t, VN_DROP_QDISC_RESET), 5);
	vn_dev_set_carrier(&s->dev, true);
	send_n(t, s, 6, 2, 100);
	/* deleting the device with frames queued: teardown checks the leak */
	vn_dev_unregister(&s->dev);
	assert_int_equal(drops(t, VN_DROP_QDISC_RESET), 7);
	assert_int_equal(vn_timers_next(&t->env.timers), VN_TIME_NEVER);
}

static void test_netem_change_keeps_what_it_leaves_out(void **state)
{
	struct vn_test_env *t = *state;
	struct sink *s = sink_new(t, "s0");
	struct vn_netem_msg m = msg();
	struct vn_netem_info info;
	struct vn_qdisc *q;
	struct vn_err err;
	int16_t bad[1] = { 0 };

	m.latency = MS_TICKS(100);
	m.jitter = MS_TICKS(10);
	m.has_corr = true;
	m.corr.delay = pct(25);
	m.gap = 1;
	m.has_reorder = true;
	m.reorder.probability = pct(25);
	m.has_corrupt = true;
	m.corrupt.probability = pct(1);
	m.has_rate = true;
	m.rate.rate = 125000;
	q = attach(s, &m);
	/* `tc qdisc change ... netem delay 50ms`: only tc_netem_qopt */
	m = msg();
	m.latency = MS_TICKS(50);
	assert_int_equal(vn_netem_change(q, &m, NULL), 0);
	vn_netem_get(q, &info);
	assert_int_equal(info.latency, 50 * VN_MSEC);
	assert_int_equal(info.jitter, 0);
	assert_int_equal(info.gap, 0);
	assert_int_equal(info.corr.delay, pct(25));
	assert_int_equal(info.reorder.probability, pct(25));
	assert_int_equal(info.corrupt.probability, pct(1));
	assert_int_equal(info.rate.rate, 125000);
	/* A refused change changes nothing. */
	m.latency = MS_TICKS(70);
	m.has_slot = true;
	m.slot.min_delay = 2;
	m.slot.max_delay = 1;
	vn_err_init(&err);
	assert_int_equal(vn_netem_change(q, &m, &err), -EINVAL);
	assert_string_equal(err.msg,
			    "Error: slot min delay greater than max delay.");
	m.has_slot = false;
	m.dist = bad;
	m.dist_len = 0;
	vn_err_init(&err);
	assert_int_equal(vn_netem_change(q, &m, &err), -EINVAL);
	assert_string_equal(err.msg, "RTNETLINK answers: Invalid argument");
	vn_netem_get(q, &info);
	assert_int_equal(info.latency, 50 * VN_MSEC);
	assert_false(info.has_slot);
}

/* The loss pattern of 2000 frames through a fresh qdisc on seed @seed. */
static void loss_pattern(struct vn_test_env *t, uint64_t seed, uint8_t *out)
{
	struct sink *s;
	struct vn_netem_msg m = msg();

	vn_rand_seed(&t->env.rand, seed);
	s = sink_new(t, "p");
	m.loss = pct(30);
	m.has_corr = true;
	m.corr.loss = pct(20);
	attach(s, &m);
	send_n(t, s, 0, 2000, 60);
	memset(out, 0, 2000);
	for (size_t i = 0; i < s->n; i++)
		out[s->log[i].seq] = 1;
	vn_dev_unregister(&s->dev);
}

static void test_netem_seeded_runs_repeat(void **state)
{
	struct vn_test_env *t = *state;
	static uint8_t a[2000], b[2000], c[2000];

	loss_pattern(t, 42, a);
	loss_pattern(t, 42, b);
	loss_pattern(t, 43, c);
	assert_memory_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, c, sizeof(a));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, vn_test_env_setup, \
					      vn_test_env_teardown)
	const struct CMUnitTest tests[] = {
		T(test_netem_hook_default_qdisc_states),
		T(test_netem_hook_without_carrier_bypasses),
		T(test_netem_delay_is_exact),
		T(test_netem_jitter_uniform_bounds_and_shape),
		T(test_netem_jitter_normal_shape),
		cmocka_unit_test_setup_teardown(
			test_netem_dist_tables_match_iproute2,
			vn_test_heap_setup, vn_test_heap_teardown),
		T(test_netem_loss_rate),
		T(test_netem_loss_correlation_makes_bursts),
		T(test_netem_loss_models),
		T(test_netem_duplicate_clones),
		T(test_netem_corrupt_flips_one_bit),
		T(test_netem_corrupt_finishes_offloads_first),
		T(test_netem_reorder_gap_pattern),
		T(test_netem_reorder_fraction),
		T(test_netem_rate_timing_is_exact),
		T(test_netem_limit_drops),
		T(test_netem_slot_bursts),
		T(test_netem_ecn_marks_instead_of_dropping),
		T(test_netem_down_and_delete_purge),
		T(test_netem_change_keeps_what_it_leaves_out),
		T(test_netem_seeded_runs_repeat),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
