// SPDX-License-Identifier: MIT
/*
 * cmd/ip_addr.c - `ip addr` (being written).
 */
#include "cmd/ip.h"

int vn_ip_addr(struct vn_ip *ip, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	vn_job_eprintf(ip->job, "ip addr: not implemented yet\n");
	return IP_EXIT_USAGE;
}
