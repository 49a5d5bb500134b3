/* SPDX-License-Identifier: MIT */
/*
 * cmd/tc_priv.h - what the files of the `tc` command share (tc.c, the
 * command and the kernel half; tc_netem.c, netem's options as q_netem.c
 * parses and prints them; tc_util.c, tc_util.c's number parsers and
 * printers).  For these files only.
 */
#ifndef VN_CMD_TC_PRIV_H
#define VN_CMD_TC_PRIV_H

#include "cmd/commands.h"
#include "cmd/print.h"
#include "dev/netem.h"

/* TC_H_* from pkt_sched.h */
#define TC_H_MAJ(h) ((h) & 0xFFFF0000u)
#define TC_H_MIN(h) ((h) & 0x0000FFFFu)
#define TC_H_ROOT 0xFFFFFFFFu
#define TC_H_INGRESS 0xFFFFFFF1u
#define TC_H_CLSACT TC_H_INGRESS

/* netlink request flags */
#define F_REPLACE 0x100
#define F_EXCL 0x200
#define F_CREATE 0x400

/* tc's exit statuses: exit(-1), a tc-side failure, the kernel refused. */
#define TC_EXIT_USAGE 255
#define TC_EXIT_FAIL 1
#define TC_EXIT_KERNEL 2

/* tc_core.c with /proc/net/psched of every kernel since 2.6.31. */
#define TICK_IN_USEC 15.625

#define MAX_DIST (16 * 1024)
#define TC_IFNAMSIZ 16

struct vn_tc {
	struct vn_job *job;
	struct vn_netns *ns;
	int stats;		/* -s */
	int details;		/* -d */
	int raw;		/* -r */
	bool json;		/* -j */
	bool pretty;		/* -p */
	bool oneline;		/* -o */
	bool iec;		/* -iec */
};

/* The request tc sends: struct tcmsg, TCA_KIND and TCA_OPTIONS. */
struct vn_tc_req {
	bool del;		/* RTM_DELQDISC, else RTM_NEWQDISC */
	unsigned flags;		/* F_* */
	char dev[TC_IFNAMSIZ];
	uint32_t handle;
	uint32_t parent;
	char kind[TC_IFNAMSIZ];
	bool netem;		/* kind is netem: @opts is there */
	struct vn_netem_msg opts;
	int16_t *dist;		/* tables for @opts, MAX_DIST entries */
	int16_t *slot_dist;
};

#define NEXT_ARG()                                                     \
	do {                                                           \
		if (argc <= 1) {                                       \
			vn_job_eprintf(t->job,                         \
				       "Command line is not complete. Try option \"help\"\n"); \
			return TC_EXIT_USAGE;                          \
		}                                                      \
		argc--;                                                \
		argv++;                                                \
	} while (0)

#define NEXT_ARG_OK() (argc - 1 > 0)

/* --- tc_util.c: iproute2 6.1's parsers; 0 or -1, as tc's ------------------ */

/* A double to an unsigned type as x86-64 gcc converts it (tc relies on it). */
uint64_t vn_tc_to_u64(double d);
/* get_time(): microseconds (default unit us); get_time64(): nanoseconds. */
int vn_tc_get_time(uint32_t *time, const char *str);
int vn_tc_get_time64(int64_t *time, const char *str);
/* parse_percent(): "P" or "P%" as a fraction; get_percent() scaled to 2^32. */
int vn_tc_parse_percent(double *val, const char *str);
uint32_t vn_tc_scale_percent(double per);
int vn_tc_get_percent(uint32_t *percent, const char *str);
int vn_tc_get_size(uint32_t *size, const char *str);
/* Bytes per second from tc's rate syntax. */
int vn_tc_get_rate64(uint64_t *rate, const char *str);
int vn_tc_get_u32(uint32_t *val, const char *arg);
int vn_tc_get_s32(int32_t *val, const char *arg);
int vn_tc_get_qdisc_handle(uint32_t *h, const char *str);
int vn_tc_get_classid(uint32_t *h, const char *str);

/* --- tc_util.c: printing -------------------------------------------------- */

/* tc_core_tick2time(): psched ticks to whole microseconds. */
uint32_t vn_tc_tick2time(uint32_t ticks);
void vn_tc_sprint_ticks(char *buf, size_t size, uint32_t ticks);
void vn_tc_sprint_time64(char *buf, size_t size, int64_t time);
void vn_tc_sprint_size(char *buf, size_t size, uint32_t sz);
/* print_rate(): JSON bytes per second; text bits with K/M/G/T (-iec: Ki). */
void vn_tc_print_rate(struct vn_tc *t, struct vn_pr *pr, const char *key,
		      const char *fmt, uint64_t rate);

/* --- tc_netem.c ----------------------------------------------------------- */

/*
 * vn_tc_netem_parse() - netem_parse_opt(): the options after "netem" into
 * r->opts (tables into r->dist and r->slot_dist).  Return: 0, or tc's exit
 * status after its message.
 */
int vn_tc_netem_parse(struct vn_tc *t, int argc, char **argv,
		      struct vn_tc_req *r);

/* netem_print_opt() of tc 6.1, from what netem_dump() reports. */
void vn_tc_netem_print(struct vn_tc *t, struct vn_pr *pr,
		       const struct vn_qdisc *q);

#endif
