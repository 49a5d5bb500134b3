// SPDX-License-Identifier: MIT
/*
 * cmd/commands.c - finding a command by name and running it in a job.
 */
#include <errno.h>
#include <stdlib.h>

#include "cmd/commands.h"

/* Every command, one line each; keep sorted by family. */
static const struct vn_command commands[] = {
	/* shell built-ins */
	{ "sleep", vn_cmd_sleep, "sleep SECONDS[s|ms|m|h]" },
	{ "wait", vn_cmd_wait, "wait [%JOB]" },
	{ "jobs", vn_cmd_jobs, "jobs" },
	{ "kill", vn_cmd_kill, "kill [-SIG] %JOB..." },
	{ "true", vn_cmd_true, "true" },
	{ "false", vn_cmd_false, "false" },
	{ "echo", vn_cmd_echo, "echo [-n] WORD..." },
	/* network configuration */
	{ "ip", vn_cmd_ip, "ip [OPTIONS] OBJECT COMMAND" },
	{ "bridge", vn_cmd_bridge, "bridge [OPTIONS] OBJECT COMMAND" },
	{ "brctl", vn_cmd_brctl, "brctl COMMAND [BRIDGE [ARGS]]" },
	{ "arp", vn_cmd_arp, "arp [-anv] [-i IF] [HOST] | -s HOST HWADDR [temp] | -d HOST" },
	{ "tc", vn_cmd_tc, "tc [-s] [-j] [-p] [-n NS] qdisc add|change|replace|del|show [dev DEV] [root] [netem OPTIONS]" },
	{ "sysctl", vn_cmd_sysctl, "sysctl [-abeNnqw] [-r RE] KEY[=VALUE]..." },
	{ "tcpdump", vn_cmd_tcpdump, "tcpdump [-eflnpStUxX#] [-c N] [-i IF] [-Q DIR] [-r FILE] [-s LEN] [-w FILE] [EXPR]" },
	{ "inject", vn_cmd_inject, "inject [-n NS] [-c N] [--tx] DEV HEX... | -r FILE DEV" },
	{ "drops", vn_cmd_drops, "drops [-n NS] [-e] [-z] [-r] [-j] [REASON...]" },
	{ "nstat", vn_cmd_nstat, "nstat [-azjp] [PATTERN...]" },
	{ "ss", vn_cmd_ss, "ss [-tualnoHs] [-N NS] [state STATE]..." },
	/* applications */
	{ "ping", vn_app_ping, "ping [-c N] [-i S] [-W S] [-I IF] ADDR" },
	{ "httpd", vn_app_httpd, "httpd [-q] [-p [ADDR:]PORT] [-d DIR]" },
	{ "curl", vn_app_curl, "curl [-sSvIif] [-o FILE] [-m SECS] [--connect-timeout SECS] [-H HDR] [-X METHOD] URL..." },
	{ "ab", vn_app_ab, "ab [-kqdSlr] [-n N] [-c C] [-t SECS] [-s SECS] [-H HDR] [-m METHOD] [-i] http://ADDR[:PORT]/PATH" },
	{ "iperf", vn_app_iperf, "iperf -s [-1] [-p PORT] | -c ADDR [-p PORT] [-t SECS] [-i SECS] [-P N] [-u] [-b RATE] [-l LEN] [-R]" },
	{ "iperf3", vn_app_iperf, "iperf3 -s [-1] [-p PORT] | -c ADDR [-p PORT] [-t SECS] [-i SECS] [-P N] [-u] [-b RATE] [-l LEN] [-R]" },
	{ "nc", vn_app_nc, "nc [-46bdhklNnuvz] [-p PORT] [-s ADDR] [-q SECS] [-w SECS] [--send TEXT|--send-file PATH|--send-bytes N] [--send-sum] [--recv-sum] [HOST] PORT..." },
};

const struct vn_command *vn_command_lookup(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int vn_job_dispatch(struct vn_job *job, int argc, char **argv)
{
	const struct vn_command *c;

	if (argc < 1)
		return 0;
	c = vn_command_lookup(argv[0]);
	if (!c) {
		vn_job_eprintf(job, "%s: command not found\n", argv[0]);
		return 127;
	}
	return c->main(job, argc, argv);
}

bool vn_matches(const char *arg, const char *word)
{
	size_t len = strlen(arg);

	return len > 0 && len <= strlen(word) && !strncmp(arg, word, len);
}

int vn_parse_int(const char *s, long *out, long min, long max)
{
	char *end;
	long v;

	if (!*s)
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 0);
	if (*end || errno || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int vn_parse_u32(const char *s, uint32_t *out, uint32_t min, uint32_t max)
{
	long v;

	if (*s == '-' || vn_parse_int(s, &v, min, max))
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}
