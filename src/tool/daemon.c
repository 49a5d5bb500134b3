// SPDX-License-Identifier: MIT
/*
 * tool/daemon.c - the daemon, its clients and the shell (being written).
 */
#include <stdio.h>

#include "tool/tool.h"

int vn_tool_daemon(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "vnet: daemon not implemented yet\n");
	return 2;
}

int vn_tool_shell(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "vnet: shell not implemented yet\n");
	return 2;
}

int vn_tool_client(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "vnet: no daemon is running\n");
	return 2;
}
