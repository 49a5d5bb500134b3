// SPDX-License-Identifier: MIT
/*
 * tool/main.c - the vnet program: pick a sub-command.
 */
#include <stdio.h>
#include <string.h>

#include "tool/tool.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vnet run [--seed N] [--real-time] FILE...\n"
		"       vnet daemon [--socket PATH] [--seed N]\n"
		"       vnet shell [--socket PATH] [--private]\n"
		"       vnet [--socket PATH] COMMAND [ARGS...]\n"
		"Commands are those of Linux: ip, bridge, brctl, sysctl, ping,\n"
		"tcpdump ...  See docs/commands.md.\n"
		"The daemon runs in the foreground (start it with `vnet daemon &`)\n"
		"on --socket PATH, else $VNET_SOCKET, else $XDG_RUNTIME_DIR/vnet.sock,\n"
		"else /tmp/vnet-$UID.sock; clients find it the same way.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "run"))
		return vn_tool_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "daemon"))
		return vn_tool_daemon(argc - 1, argv + 1);
	if (!strcmp(argv[1], "shell"))
		return vn_tool_shell(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	return vn_tool_client(argc, argv);
}
