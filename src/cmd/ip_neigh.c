// SPDX-License-Identifier: MIT
/*
 * cmd/ip_neigh.c - `ip neigh` (being written).
 */
#include "cmd/ip.h"

int vn_ip_neigh(struct vn_ip *ip, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	vn_job_eprintf(ip->job, "ip neigh: not implemented yet\n");
	return IP_EXIT_USAGE;
}
