// SPDX-License-Identifier: MIT
/*
 * cmd/ip_route.c - `ip route` (being written).
 */
#include "cmd/ip.h"

int vn_ip_route(struct vn_ip *ip, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	vn_job_eprintf(ip->job, "ip route: not implemented yet\n");
	return IP_EXIT_USAGE;
}
