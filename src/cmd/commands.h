/* SPDX-License-Identifier: MIT */
/*
 * cmd/commands.h - the table of commands and helpers every command uses.
 *
 * A command is a main function run as a job (vnet/job.h).  argv belongs
 * to the caller: a command that keeps running must copy what it keeps.
 * Messages follow the tool the command imitates (iproute2, bridge-utils,
 * procps sysctl, iputils, tcpdump); exit statuses too (ip: 1 for a kernel
 * refusal, 255 for a usage error).
 */
#ifndef VN_CMD_COMMANDS_H
#define VN_CMD_COMMANDS_H

#include "cmd/session.h"

struct vn_command {
	const char *name;
	vn_cmd_main_fn main;
	const char *usage;
};

/* Shell built-ins (session.c). */
int vn_cmd_sleep(struct vn_job *job, int argc, char **argv);
int vn_cmd_wait(struct vn_job *job, int argc, char **argv);
int vn_cmd_jobs(struct vn_job *job, int argc, char **argv);
int vn_cmd_kill(struct vn_job *job, int argc, char **argv);
int vn_cmd_true(struct vn_job *job, int argc, char **argv);
int vn_cmd_false(struct vn_job *job, int argc, char **argv);
int vn_cmd_echo(struct vn_job *job, int argc, char **argv);

/* Network commands, one file per family. */
int vn_cmd_ip(struct vn_job *job, int argc, char **argv);
int vn_cmd_bridge(struct vn_job *job, int argc, char **argv);
int vn_cmd_brctl(struct vn_job *job, int argc, char **argv);
int vn_cmd_tcpdump(struct vn_job *job, int argc, char **argv);
int vn_cmd_inject(struct vn_job *job, int argc, char **argv);
int vn_cmd_drops(struct vn_job *job, int argc, char **argv);
int vn_cmd_nstat(struct vn_job *job, int argc, char **argv);
int vn_cmd_arp(struct vn_job *job, int argc, char **argv);
int vn_cmd_sysctl(struct vn_job *job, int argc, char **argv);
int vn_cmd_tc(struct vn_job *job, int argc, char **argv);
int vn_cmd_ss(struct vn_job *job, int argc, char **argv);

/* Built-in applications (app/, public API only). */
int vn_app_ping(struct vn_job *job, int argc, char **argv);
int vn_app_nc(struct vn_job *job, int argc, char **argv);
int vn_app_httpd(struct vn_job *job, int argc, char **argv);
int vn_app_curl(struct vn_job *job, int argc, char **argv);
int vn_app_ab(struct vn_job *job, int argc, char **argv);
int vn_app_iperf(struct vn_job *job, int argc, char **argv);

const struct vn_command *vn_command_lookup(const char *name);

/* Parses "1", "0.5", "2s", "100ms", "1m", "1h" into nanoseconds. */
int vn_parse_duration(const char *s, int64_t *ns);

/* Strict integer parsing: the whole string, within [min, max]. */
int vn_parse_u32(const char *s, uint32_t *out, uint32_t min, uint32_t max);
int vn_parse_int(const char *s, long *out, long min, long max);

/* Does @arg abbreviate @word (iproute2's matches()): a non-empty prefix. */
bool vn_matches(const char *arg, const char *word);

#endif
