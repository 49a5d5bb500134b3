/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz.h - what the libFuzzer targets share: a world (an
 * engine on virtual time plus a session to configure it with the same
 * command lines as a script), an input reader, and the oracle every
 * target ends with.
 *
 * Each input gets a fresh world, so a crash reproduces from its input
 * alone.  The oracle, besides ASan and UBSan: once the namespaces are
 * deleted and the engine has settled, every buffer is back in the pool
 * (a leaked or double-counted buffer aborts), and the packet path never
 * asserted.  Built with clang -fsanitize=fuzzer (make fuzz).
 */
#ifndef VN_TESTS_FUZZ_H
#define VN_TESTS_FUZZ_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/session.h"
#include "engine.h"
#include "wire/csum.h"
#include "wire/eth.h"
#include "wire/ipv4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- reading the input --------------------------------------------------- */

struct fz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fz_u8(struct fz_in *in)
{
	uint8_t v;

	if (!in->n)
		return 0;
	v = *in->p++;
	in->n--;
	return v;
}

static inline uint16_t fz_u16(struct fz_in *in)
{
	return (uint16_t)(fz_u8(in) << 8 | fz_u8(in));
}

/* Up to @max bytes (fewer at the end of the input); returns how many. */
static inline size_t fz_take(struct fz_in *in, size_t max,
			     const uint8_t **p)
{
	size_t n = in->n < max ? in->n : max;

	*p = in->p;
	in->p += n;
	in->n -= n;
	return n;
}

/* --- the world ----------------------------------------------------------- */

struct fz_world {
	struct vn_engine *engine;
	struct vn_session session;
	bool verbose;		/* FUZZ_VERBOSE=1: show command output */
};

static inline void fz_write(void *arg, int fd, const char *data, size_t len)
{
	struct fz_world *w = arg;

	if (w->verbose)
		fwrite(data, 1, len, fd == 2 ? stderr : stdout);
}

struct fz_line {
	bool done;
	int status;
};

static inline void fz_line_done(struct vn_session *s, int status, void *arg)
{
	struct fz_line *l = arg;

	(void)s;
	l->done = true;
	l->status = status;
}

static inline bool fz_line_is_done(void *arg)
{
	return ((struct fz_line *)arg)->done;
}

/* Runs a command line to its end; returns its status (-1: never ends). */
static inline int fz_try_exec(struct fz_world *w, const char *line)
{
	struct fz_line st = { 0 };

	if (vn_session_exec(&w->session, line, fz_line_done, &st))
		return 2;
	if (vn_engine_run(w->engine, VN_TIME_NEVER, fz_line_is_done, &st) !=
	    VN_RUN_DONE) {
		vn_session_interrupt(&w->session, SIGKILL);
		vn_engine_run(w->engine, VN_TIME_NEVER, fz_line_is_done, &st);
		return -1;
	}
	return st.status;
}

/* Runs a configuration line; a failure is a harness bug: abort. */
static inline void fz_exec(struct fz_world *w, const char *line)
{
	int status = fz_try_exec(w, line);

	if (status) {
		fprintf(stderr, "fuzz harness: '%s' failed (%d)\n", line,
			status);
		abort();
	}
}

static inline void fz_world_init(struct fz_world *w)
{
	const struct vn_engine_opts opts = { .virtual_time = true, .seed = 1 };
	struct vn_out out = { .write = fz_write, .arg = w };
	const char *v = getenv("FUZZ_VERBOSE");

	w->verbose = v && *v == '1';
	w->engine = vn_engine_create(&opts);
	if (!w->engine)
		abort();
	vn_session_init(&w->session, w->engine, &out);
}

static inline struct vn_netns *fz_netns(struct fz_world *w, const char *name)
{
	struct vn_netns *ns = vn_engine_netns(w->engine, name);

	if (!ns)
		abort();
	return ns;
}

static inline struct vn_dev *fz_dev(struct fz_world *w, const char *ns,
				    const char *name)
{
	struct vn_dev *dev = vn_dev_lookup(&fz_netns(w, ns)->devs, name);

	if (!dev)
		abort();
	return dev;
}

/* Runs the loop for @ns of virtual time (timers, ARP, ageing ...). */
static inline void fz_run_for(struct fz_world *w, vn_time ns)
{
	vn_engine_run(w->engine, vn_engine_now(w->engine) + ns, NULL, NULL);
}

/* FUZZ_VERBOSE=1: what happened in each namespace, to debug an input. */
static inline void fz_dump(struct fz_world *w)
{
	struct vn_netns *ns;

	vn_list_for_each(ns, &w->engine->named, link) {
		const struct vn_inet_stats *st = &ns->inet.stats;

		fprintf(stderr, "%s: ip in %llu delivered %llu forwarded %llu "
			"reasm ok %llu fail %llu, icmp in %llu out %llu\n",
			ns->name, (unsigned long long)st->in_receives,
			(unsigned long long)st->in_delivers,
			(unsigned long long)st->forw_datagrams,
			(unsigned long long)ns->inet.reasm.n_oks,
			(unsigned long long)ns->inet.reasm.n_fails,
			(unsigned long long)st->icmp_in_msgs,
			(unsigned long long)st->icmp_out_msgs);
		for (int r = 0; r < VN_DROP__COUNT; r++)
			if (ns->devs.drops.n[r])
				fprintf(stderr, "  drop %s: %llu\n",
					vn_drop_name(r),
					(unsigned long long)ns->devs.drops.n[r]);
	}
}

/*
 * The oracle: deletes every named namespace (the root one is never used
 * by the targets), lets the engine settle, and checks that every buffer
 * went back to the pool; then frees the world.
 */
static inline void fz_world_fini(struct fz_world *w)
{
	struct vn_engine *e = w->engine;
	struct vn_pool_stats st;

	vn_session_fini(&w->session);
	if (w->verbose)
		fz_dump(w);
	while (!vn_list_empty(&e->named)) {
		struct vn_netns *ns =
			vn_list_entry(e->named.next, struct vn_netns, link);

		if (vn_engine_netns_del(e, ns->name, NULL))
			abort();
	}
	vn_engine_settle(e);
	vn_pool_get_stats(e->env.pool, &st);
	if (st.n_bufs || st.n_blocks) {
		fprintf(stderr,
			"fuzz oracle: %llu buffers, %llu blocks still in use "
			"after every namespace was deleted\n",
			(unsigned long long)st.n_bufs,
			(unsigned long long)st.n_blocks);
		abort();
	}
	vn_engine_destroy(e);
}

/* --- frames -------------------------------------------------------------- */

/*
 * Builds an Ethernet frame from @dst, @src and @type with @len payload
 * bytes from @p, and receives it on @dev as a driver would.
 */
static inline void fz_receive(struct fz_world *w, struct vn_dev *dev,
			      const uint8_t *dst, const uint8_t *src,
			      uint16_t type, const uint8_t *p, size_t len)
{
	struct vn_buf *buf = vn_buf_alloc(w->engine->env.pool,
					  (uint32_t)(VN_ETH_HLEN + len));
	uint8_t *q;

	if (!buf)
		return;
	q = vn_buf_put(buf, (uint32_t)(VN_ETH_HLEN + len));
	vn_eth_emit(q, dst, src, type);
	memcpy(q + VN_ETH_HLEN, p, len);
	vn_dev_receive(dev, buf);
}

/* The same, but sent on @dev (it reaches the other end of the wire). */
static inline void fz_xmit(struct fz_world *w, struct vn_dev *dev,
			   const uint8_t *frame, size_t len)
{
	struct vn_buf *buf = vn_buf_alloc(w->engine->env.pool, (uint32_t)len);

	if (!buf)
		return;
	memcpy(vn_buf_put(buf, (uint32_t)len), frame, len);
	vn_dev_xmit(dev, buf);
}

/*
 * Helps the fuzzer past checksums: when asked, rewrites the IPv4 header
 * checksum, and an ICMP checksum over what the header says is there.
 */
static inline void fz_fix_ipv4(uint8_t *ip, size_t len, bool fix_l4)
{
	uint32_t hlen, tot;

	if (len < VN_IPV4_HLEN)
		return;
	hlen = vn_ipv4_hlen(ip);
	if (hlen < VN_IPV4_HLEN || hlen > len)
		return;
	vn_ipv4_fill_csum(ip);
	tot = vn_ipv4_tot_len(ip);
	if (!fix_l4 || tot > len || tot < hlen + 4 ||
	    vn_ipv4_proto(ip) != VN_IPPROTO_ICMP)
		return;
	vn_store_be16(ip + hlen + 2, 0);
	vn_store_be16(ip + hlen + 2, vn_csum(ip + hlen, tot - hlen));
}

#endif
