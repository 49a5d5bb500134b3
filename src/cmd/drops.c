// SPDX-License-Identifier: MIT
/*
 * cmd/drops.c - counters a test can assert on: `drops` shows why packets
 * were dropped (base/drop.h), `nstat` the IPv4 and ICMP SNMP counters.
 *
 * `drops` has no Linux equivalent (the kernel's drop reasons are seen
 * through tracepoints, e.g. `perf trace -e skb:kfree_skb` or dropwatch);
 * it prints one line per reason, "NAME  COUNT  DESCRIPTION", for the
 * namespace it runs in (devs.drops: every drop whose buffer belonged to
 * one of its devices) or, with -e, for the whole engine (the pool's
 * counters, which also hold drops no namespace claimed).
 *
 * `nstat` prints what iproute2's nstat prints ("%-32s%-16llu%6.1f"), for
 * the counters vnet keeps (struct vn_inet_stats), in /proc/net/snmp
 * order.  vnet keeps no history file: every run shows absolute values, as
 * `nstat -a` does; -a, -s, -r and -n are accepted for that reason, and the
 * rate column is always 0.0.
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/commands.h"
#include "cmd/print.h"
#include "engine.h"

struct counter_opts {
	bool zeros;		/* -z: zero counters too */
	bool json;		/* -j */
	bool pretty;		/* -p */
	bool engine;		/* drops -e: engine-wide */
	bool reset;		/* drops -r: zero after printing */
	int n_patterns;
	char **patterns;	/* shell patterns on names */
};

/* No pattern selects everything. */
static bool selected(const struct counter_opts *o, const char *name)
{
	if (!o->n_patterns)
		return true;
	for (int i = 0; i < o->n_patterns; i++)
		if (!fnmatch(o->patterns[i], name, 0))
			return true;
	return false;
}

static bool wanted(const struct counter_opts *o, const char *name,
		   uint64_t value)
{
	return (value || o->zeros) && selected(o, name);
}

static int switch_netns(struct vn_job *job, const char *name)
{
	struct vn_netns *ns = vn_engine_netns(vn_job_engine(job), name);

	if (!ns || !*name) {
		vn_job_eprintf(job,
			       "Cannot open network namespace \"%s\": No such file or directory\n",
			       name);
		return -ENOENT;
	}
	vn_job_set_netns(job, ns);
	return 0;
}

/* --- drops --------------------------------------------------------------- */

static const char drops_usage[] =
	"Usage: drops [-n NETNS] [-e] [-z] [-r] [-j [-p]] [PATTERN...]\n"
	"Shows why packets were dropped in this namespace (-e: in the whole\n"
	"engine): reason, count, description.  -z shows reasons never hit,\n"
	"-r zeroes the counters after showing them, PATTERN selects reasons\n"
	"(shell patterns, e.g. 'IP_*').\n";

/**
 * vn_cmd_drops() - the `drops` command
 * @job: the job; its namespace's counters are shown
 * @argc: argument count
 * @argv: options, then reason patterns
 *
 * Context: control path.
 * Return: 0, or 2 for a usage error (1 for an unknown namespace).
 */
int vn_cmd_drops(struct vn_job *job, int argc, char **argv)
{
	struct counter_opts o = { 0 };
	struct vn_drop_stats *st;
	struct vn_pr pr;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-n") || !strcmp(a, "--netns")) {
			if (++i >= argc) {
				vn_job_eprintf(job, "drops: %s needs a namespace name\n",
					       a);
				return 2;
			}
			if (switch_netns(job, argv[i]))
				return 1;
		} else if (!strcmp(a, "-e") || !strcmp(a, "--engine")) {
			o.engine = true;
		} else if (!strcmp(a, "-z") || !strcmp(a, "--zeros")) {
			o.zeros = true;
		} else if (!strcmp(a, "-r") || !strcmp(a, "--reset")) {
			o.reset = true;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			o.json = true;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--pretty")) {
			o.pretty = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			vn_job_printf(job, "%s", drops_usage);
			return 0;
		} else {
			vn_job_eprintf(job, "drops: unknown option \"%s\"\n%s", a,
				       drops_usage);
			return 2;
		}
	}
	o.patterns = argv + i;
	o.n_patterns = argc - i;
	st = o.engine ? vn_pool_drop_stats(vn_job_engine(job)->env.pool)
		      : &vn_job_netns(job)->devs.drops;

	vn_pr_init(&pr, job, o.json, o.pretty);
	vn_pr_open_array(&pr, PR_JSON, NULL, NULL);
	for (int r = 0; r < VN_DROP__COUNT; r++) {
		const char *name = vn_drop_name((enum vn_drop_reason)r);

		if (!wanted(&o, name, st->n[r]))
			continue;
		vn_pr_open_object(&pr, NULL);
		vn_pr_string(&pr, PR_ANY, "reason", "%-20s", name);
		vn_pr_uint(&pr, PR_ANY, "count", " %10" PRIu64, st->n[r]);
		vn_pr_string(&pr, PR_ANY, "description", "  %s",
			     vn_drop_text((enum vn_drop_reason)r));
		vn_pr_nl(&pr);
		vn_pr_close_object(&pr);
	}
	vn_pr_close_array(&pr, PR_JSON, NULL);
	vn_pr_finish(&pr);
	if (o.reset)
		for (int r = 0; r < VN_DROP__COUNT; r++)
			if (selected(&o, vn_drop_name((enum vn_drop_reason)r)))
				st->n[r] = 0;
	return 0;
}

/* --- nstat --------------------------------------------------------------- */

/* /proc/net/snmp names, in its order, for the counters vnet keeps. */
#define SNMP_FIELD(name, member) \
	{ name, offsetof(struct vn_inet_stats, member) }

static const struct {
	const char *name;
	size_t off;
} snmp_fields[] = {
	SNMP_FIELD("IpInReceives", in_receives),
	SNMP_FIELD("IpInHdrErrors", in_hdr_errors),
	SNMP_FIELD("IpInAddrErrors", in_addr_errors),
	SNMP_FIELD("IpForwDatagrams", forw_datagrams),
	SNMP_FIELD("IpInUnknownProtos", in_unknown_protos),
	SNMP_FIELD("IpInDiscards", in_discards),
	SNMP_FIELD("IpInDelivers", in_delivers),
	SNMP_FIELD("IpOutRequests", out_requests),
	SNMP_FIELD("IpOutNoRoutes", out_no_routes),
	SNMP_FIELD("IpReasmTimeout", reasm_timeouts),
	SNMP_FIELD("IpReasmReqds", reasm_reqds),
	SNMP_FIELD("IpReasmOKs", reasm_oks),
	SNMP_FIELD("IpReasmFails", reasm_fails),
	SNMP_FIELD("IpFragOKs", frag_oks),
	SNMP_FIELD("IpFragCreates", frag_creates),
	SNMP_FIELD("IcmpInMsgs", icmp_in_msgs),
	SNMP_FIELD("IcmpInErrors", icmp_in_errors),
	SNMP_FIELD("IcmpOutMsgs", icmp_out_msgs),
	SNMP_FIELD("IcmpOutDestUnreachs", icmp_out_dest_unreachs),
	SNMP_FIELD("IcmpOutTimeExcds", icmp_out_time_excds),
	SNMP_FIELD("IcmpOutEchos", icmp_out_echos),
	SNMP_FIELD("IcmpOutEchoReps", icmp_out_echo_reps),
	SNMP_FIELD("TcpActiveOpens", tcp_active_opens),
	SNMP_FIELD("TcpPassiveOpens", tcp_passive_opens),
	SNMP_FIELD("TcpAttemptFails", tcp_attempt_fails),
	SNMP_FIELD("TcpEstabResets", tcp_estab_resets),
	SNMP_FIELD("TcpInSegs", tcp_in_segs),
	SNMP_FIELD("TcpOutSegs", tcp_out_segs),
	SNMP_FIELD("TcpRetransSegs", tcp_retrans_segs),
	SNMP_FIELD("TcpInErrs", tcp_in_errs),
	SNMP_FIELD("TcpOutRsts", tcp_out_rsts),
	SNMP_FIELD("TcpInCsumErrors", tcp_in_csum_errors),
	/* Udp: vnet keeps no SndbufErrors (a send never waits for room). */
	SNMP_FIELD("UdpInDatagrams", udp_in_datagrams),
	SNMP_FIELD("UdpNoPorts", udp_no_ports),
	SNMP_FIELD("UdpInErrors", udp_in_errors),
	SNMP_FIELD("UdpOutDatagrams", udp_out_datagrams),
	SNMP_FIELD("UdpRcvbufErrors", udp_rcvbuf_errors),
	SNMP_FIELD("UdpInCsumErrors", udp_in_csum_errors),
	/* /proc/net/netstat's TcpExt, before its IpExt. */
	SNMP_FIELD("TcpExtSyncookiesSent", tcpext_syncookies_sent),
	SNMP_FIELD("TcpExtSyncookiesRecv", tcpext_syncookies_recv),
	SNMP_FIELD("TcpExtSyncookiesFailed", tcpext_syncookies_failed),
	SNMP_FIELD("TcpExtEmbryonicRsts", tcpext_embryonic_rsts),
	SNMP_FIELD("TcpExtOutOfWindowIcmps", tcpext_out_of_window_icmps),
	SNMP_FIELD("TcpExtTW", tcpext_tw),
	SNMP_FIELD("TcpExtTWKilled", tcpext_tw_killed),
	SNMP_FIELD("TcpExtPAWSActive", tcpext_paws_active),
	SNMP_FIELD("TcpExtPAWSEstab", tcpext_paws_estab),
	SNMP_FIELD("TcpExtPAWSTimewait", tcpext_paws_timewait),
	SNMP_FIELD("TcpExtDelayedACKs", tcpext_delayed_acks),
	SNMP_FIELD("TcpExtDelayedACKLost", tcpext_delayed_ack_lost),
	SNMP_FIELD("TcpExtListenOverflows", tcpext_listen_overflows),
	SNMP_FIELD("TcpExtListenDrops", tcpext_listen_drops),
	SNMP_FIELD("TcpExtTCPHPHits", tcpext_hp_hits),
	SNMP_FIELD("TcpExtTCPPureAcks", tcpext_pure_acks),
	SNMP_FIELD("TcpExtTCPHPAcks", tcpext_hp_acks),
	SNMP_FIELD("TcpExtTCPRenoRecovery", tcpext_reno_recovery),
	SNMP_FIELD("TcpExtTCPSackRecovery", tcpext_sack_recovery),
	SNMP_FIELD("TcpExtTCPSACKReneging", tcpext_sack_reneging),
	SNMP_FIELD("TcpExtTCPFullUndo", tcpext_full_undo),
	SNMP_FIELD("TcpExtTCPLossUndo", tcpext_loss_undo),
	SNMP_FIELD("TcpExtTCPRenoFailures", tcpext_reno_failures),
	SNMP_FIELD("TcpExtTCPSackFailures", tcpext_sack_failures),
	SNMP_FIELD("TcpExtTCPLossFailures", tcpext_loss_failures),
	SNMP_FIELD("TcpExtTCPFastRetrans", tcpext_fast_retrans),
	SNMP_FIELD("TcpExtTCPSlowStartRetrans", tcpext_slow_start_retrans),
	SNMP_FIELD("TcpExtTCPTimeouts", tcpext_timeouts),
	SNMP_FIELD("TcpExtTCPDSACKOldSent", tcpext_dsack_old_sent),
	SNMP_FIELD("TcpExtTCPDSACKOfoSent", tcpext_dsack_ofo_sent),
	SNMP_FIELD("TcpExtTCPDSACKRecv", tcpext_dsack_recv),
	SNMP_FIELD("TcpExtTCPAbortOnData", tcpext_abort_on_data),
	SNMP_FIELD("TcpExtTCPAbortOnClose", tcpext_abort_on_close),
	SNMP_FIELD("TcpExtTCPAbortOnMemory", tcpext_abort_on_memory),
	SNMP_FIELD("TcpExtTCPAbortOnTimeout", tcpext_abort_on_timeout),
	SNMP_FIELD("TcpExtTCPAbortOnLinger", tcpext_abort_on_linger),
	SNMP_FIELD("TcpExtTCPSACKDiscard", tcpext_sack_discard),
	SNMP_FIELD("TcpExtTCPTimeWaitOverflow", tcpext_time_wait_overflow),
	SNMP_FIELD("TcpExtTCPReqQFullDoCookies", tcpext_req_q_full_do_cookies),
	SNMP_FIELD("TcpExtTCPReqQFullDrop", tcpext_req_q_full_drop),
	SNMP_FIELD("TcpExtTCPRcvCoalesce", tcpext_rcv_coalesce),
	SNMP_FIELD("TcpExtTCPOFOQueue", tcpext_ofo_queue),
	SNMP_FIELD("TcpExtTCPOFODrop", tcpext_ofo_drop),
	SNMP_FIELD("TcpExtTCPOFOMerge", tcpext_ofo_merge),
	SNMP_FIELD("TcpExtTCPChallengeACK", tcpext_challenge_ack),
	SNMP_FIELD("TcpExtTCPSYNChallenge", tcpext_syn_challenge),
	SNMP_FIELD("TcpExtTCPFromZeroWindowAdv", tcpext_from_zero_window_adv),
	SNMP_FIELD("TcpExtTCPToZeroWindowAdv", tcpext_to_zero_window_adv),
	SNMP_FIELD("TcpExtTCPWantZeroWindowAdv", tcpext_want_zero_window_adv),
	SNMP_FIELD("TcpExtTCPSynRetrans", tcpext_syn_retrans),
	SNMP_FIELD("TcpExtTCPOrigDataSent", tcpext_orig_data_sent),
	SNMP_FIELD("TcpExtTCPHystartTrainDetect", tcpext_hystart_train_detect),
	SNMP_FIELD("TcpExtTCPHystartTrainCwnd", tcpext_hystart_train_cwnd),
	SNMP_FIELD("TcpExtTCPHystartDelayDetect", tcpext_hystart_delay_detect),
	SNMP_FIELD("TcpExtTCPHystartDelayCwnd", tcpext_hystart_delay_cwnd),
	SNMP_FIELD("TcpExtTCPACKSkippedSynRecv", tcpext_ack_skipped_syn_recv),
	SNMP_FIELD("TcpExtTCPACKSkippedPAWS", tcpext_ack_skipped_paws),
	SNMP_FIELD("TcpExtTCPACKSkippedSeq", tcpext_ack_skipped_seq),
	SNMP_FIELD("TcpExtTCPACKSkippedFinWait2", tcpext_ack_skipped_fin_wait2),
	SNMP_FIELD("TcpExtTCPACKSkippedTimeWait", tcpext_ack_skipped_time_wait),
	SNMP_FIELD("TcpExtTCPACKSkippedChallenge", tcpext_ack_skipped_challenge),
	SNMP_FIELD("TcpExtTCPWinProbe", tcpext_win_probe),
	SNMP_FIELD("TcpExtTCPKeepAlive", tcpext_keep_alive),
	SNMP_FIELD("TcpExtTCPDelivered", tcpext_delivered),
	SNMP_FIELD("TcpExtTCPZeroWindowDrop", tcpext_zero_window_drop),
	SNMP_FIELD("TcpExtTCPRcvQDrop", tcpext_rcv_q_drop),
	/* /proc/net/netstat's IpExt, which nstat prints after snmp. */
	SNMP_FIELD("IpExtInTruncatedPkts", in_truncated_pkts),
	SNMP_FIELD("IpExtInCsumErrors", in_csum_errors),
};

static const char nstat_usage[] =
	"Usage: nstat [OPTION] [ PATTERN [ PATTERN ] ]\n"
	"   -h, --help          this message\n"
	"   -a, --ignore        ignore history\n"
	"   -j, --json          format output in JSON\n"
	"   -n, --nooutput      do history only\n"
	"   -p, --pretty        pretty print\n"
	"   -r, --reset         reset history\n"
	"   -s, --noupdate      don't update history\n"
	"   -z, --zeros         show entries with zero activity\n";

/* One option letter of nstat; returns -1 if @c is not one. */
static int nstat_flag(struct counter_opts *o, char c, bool *quiet)
{
	switch (c) {
	case 'a':	/* no history: every run is absolute anyway */
	case 'r':
	case 's':
		return 0;
	case 'n':
		*quiet = true;
		return 0;
	case 'j':
		o->json = true;
		return 0;
	case 'p':
		o->pretty = true;
		return 0;
	case 'z':
		o->zeros = true;
		return 0;
	}
	return -1;
}

/**
 * vn_cmd_nstat() - the `nstat` command (absolute values only)
 * @job: the job; its namespace's IPv4 counters are shown
 * @argc: argument count
 * @argv: options (-a -j -n -p -r -s -z, combinable), then name patterns
 *
 * Context: control path.
 * Return: 0, or -1 & 0xff as nstat exits on a bad option.
 */
int vn_cmd_nstat(struct vn_job *job, int argc, char **argv)
{
	static const struct {
		const char *name;
		char flag;
	} longs[] = {
		{ "--ignore", 'a' },   { "--json", 'j' },
		{ "--nooutput", 'n' }, { "--pretty", 'p' },
		{ "--reset", 'r' },    { "--noupdate", 's' },
		{ "--zeros", 'z' },
	};
	struct counter_opts o = { 0 };
	const struct vn_inet_stats *st;
	bool quiet = false;
	struct vn_pr pr;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];
		bool ok = false;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			vn_job_eprintf(job, "%s", nstat_usage);
			return 255;
		}
		if (a[1] == '-') {
			for (size_t k = 0; k < ARRAY_SIZE(longs); k++)
				if (!strcmp(a, longs[k].name))
					ok = !nstat_flag(&o, longs[k].flag,
							 &quiet);
			if (!ok)
				vn_job_eprintf(job, "nstat: unrecognized option '%s'\n",
					       a);
		} else {
			ok = true;
			for (const char *c = a + 1; *c && ok; c++) {
				ok = !nstat_flag(&o, *c, &quiet);
				if (!ok)
					vn_job_eprintf(job, "nstat: invalid option -- '%c'\n",
						       *c);
			}
		}
		if (!ok) {
			vn_job_eprintf(job, "%s", nstat_usage);
			return 255;
		}
	}
	o.patterns = argv + i;
	o.n_patterns = argc - i;
	if (quiet)
		return 0;
	st = &vn_job_netns(job)->inet.stats;

	vn_pr_init(&pr, job, o.json, o.pretty);
	vn_pr_open_object(&pr, NULL);
	vn_pr_open_object(&pr, "kernel");
	vn_pr_text(&pr, "#kernel\n");
	for (size_t k = 0; k < ARRAY_SIZE(snmp_fields); k++) {
		uint64_t v;

		memcpy(&v, (const char *)st + snmp_fields[k].off, sizeof(v));
		if (!wanted(&o, snmp_fields[k].name, v))
			continue;
		vn_pr_uint(&pr, PR_JSON, snmp_fields[k].name, NULL, v);
		vn_pr_text(&pr, "%-32s%-16" PRIu64 "%6.1f\n",
			   snmp_fields[k].name, v, 0.0);
	}
	vn_pr_close_object(&pr);
	vn_pr_close_object(&pr);
	vn_pr_finish(&pr);
	return 0;
}
