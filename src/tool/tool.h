/* SPDX-License-Identifier: MIT */
/*
 * tool/tool.h - the sub-commands of the vnet program.
 */
#ifndef VN_TOOL_H
#define VN_TOOL_H

int vn_tool_run(int argc, char **argv);
int vn_tool_daemon(int argc, char **argv);
int vn_tool_shell(int argc, char **argv);
int vn_tool_client(int argc, char **argv);

#endif
