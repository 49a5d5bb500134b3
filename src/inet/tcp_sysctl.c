// SPDX-License-Identifier: MIT
/*
 * inet/tcp_sysctl.c - the namespace's TCP settings (struct tcp_conf) as
 * the sysctl command reads and writes them: net.ipv4.tcp_* and
 * net.core.somaxconn.
 *
 * Only storage and units live here; the key names, the proc-handler
 * formats and the range checks are cmd/sysctl.c's.  Times are stored in
 * the unit TCP uses them in (seconds, milliseconds) and exchanged in
 * vn_time, so a value written in seconds reads back unchanged.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "inet/tcp_priv.h"

/* The storage of @var and the vn_time of one unit of it (0: a count). */
static int *conf_field(struct tcp_conf *c, enum vn_tcp_var var,
		       vn_time *unit)
{
	*unit = 0;
	switch (var) {
	case VN_TCP_VAR_SOMAXCONN:
		return &c->somaxconn;
	case VN_TCP_VAR_SYNCOOKIES:
		return &c->syncookies;
	case VN_TCP_VAR_SYN_RETRIES:
		return &c->syn_retries;
	case VN_TCP_VAR_SYN_LINEAR_TIMEOUTS:
		return &c->syn_linear_timeouts;
	case VN_TCP_VAR_SYNACK_RETRIES:
		return &c->synack_retries;
	case VN_TCP_VAR_RETRIES2:
		return &c->retries2;
	case VN_TCP_VAR_ORPHAN_RETRIES:
		return &c->orphan_retries;
	case VN_TCP_VAR_FIN_TIMEOUT:
		*unit = VN_SEC;
		return &c->fin_timeout;
	case VN_TCP_VAR_KEEPALIVE_TIME:
		*unit = VN_SEC;
		return &c->keepalive_time;
	case VN_TCP_VAR_KEEPALIVE_INTVL:
		*unit = VN_SEC;
		return &c->keepalive_intvl;
	case VN_TCP_VAR_KEEPALIVE_PROBES:
		return &c->keepalive_probes;
	case VN_TCP_VAR_MAX_SYN_BACKLOG:
		return &c->max_syn_backlog;
	case VN_TCP_VAR_MAX_TW_BUCKETS:
		return &c->max_tw_buckets;
	case VN_TCP_VAR_TIMESTAMPS:
		return &c->timestamps;
	case VN_TCP_VAR_SACK:
		return &c->sack;
	case VN_TCP_VAR_WINDOW_SCALING:
		return &c->window_scaling;
	case VN_TCP_VAR_DSACK:
		return &c->dsack;
	case VN_TCP_VAR_RMEM:
		return c->rmem;
	case VN_TCP_VAR_WMEM:
		return c->wmem;
	case VN_TCP_VAR_MODERATE_RCVBUF:
		return &c->moderate_rcvbuf;
	case VN_TCP_VAR_CHALLENGE_ACK_LIMIT:
		return &c->challenge_ack_limit;
	case VN_TCP_VAR_INVALID_RATELIMIT:
		*unit = VN_MSEC;
		return &c->invalid_ratelimit_ms;
	case VN_TCP_VAR_RFC1337:
		return &c->rfc1337;
	case VN_TCP_VAR_ABORT_ON_OVERFLOW:
		return &c->abort_on_overflow;
	case VN_TCP_VAR_SLOW_START_AFTER_IDLE:
		return &c->slow_start_after_idle;
	case VN_TCP_VAR_LIMIT_OUTPUT_BYTES:
		return &c->limit_output_bytes;
	}
	VN_ASSERT(0);
	return NULL;
}

static int vec_len(enum vn_tcp_var var)
{
	return var == VN_TCP_VAR_RMEM || var == VN_TCP_VAR_WMEM ? 3 : 1;
}

int64_t vn_tcp_conf_value(struct vn_inet *inet, enum vn_tcp_var var, int i)
{
	vn_time unit;
	int *p = conf_field(&tcp_ns(inet)->conf, var, &unit);

	VN_ASSERT(i >= 0 && i < vec_len(var));
	return unit ? (int64_t)p[i] * unit : p[i];
}

void vn_tcp_conf_set(struct vn_inet *inet, enum vn_tcp_var var, int i,
		     int64_t x)
{
	vn_time unit;
	int *p = conf_field(&tcp_ns(inet)->conf, var, &unit);

	VN_ASSERT(i >= 0 && i < vec_len(var));
	p[i] = (int)(unit ? x / unit : x);
}

const char *vn_tcp_conf_cong(struct vn_inet *inet)
{
	return vn_tcp_cong_find(tcp_ns(inet)->conf.congestion)->name;
}

int vn_tcp_conf_set_cong(struct vn_inet *inet, const char *name)
{
	struct tcp_conf *c = &tcp_ns(inet)->conf;

	if (!strcmp(name, vn_tcp_reno_ops.name))
		c->congestion = VN_TCP_CA_RENO;
	else if (!strcmp(name, vn_tcp_cubic_ops.name))
		c->congestion = VN_TCP_CA_CUBIC;
	else
		return -ENOENT;
	return 0;
}

const char *vn_tcp_cong_available(void)
{
	static char names[32];

	/* Registration order: Reno is built in first, CUBIC after. */
	if (!names[0])
		snprintf(names, sizeof(names), "%s %s", vn_tcp_reno_ops.name,
			 vn_tcp_cubic_ops.name);
	return names;
}
