/* SPDX-License-Identifier: MIT */
/*
 * tool/tool.h - the sub-commands of the vnet program, and what the client
 * and the shell share: a connection to the daemon (client.c).
 */
#ifndef VN_TOOL_H
#define VN_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tool/proto.h"

int vn_tool_run(int argc, char **argv);
int vn_tool_daemon(int argc, char **argv);
int vn_tool_shell(int argc, char **argv);
int vn_tool_client(int argc, char **argv);

/* Exit status of the client when it cannot reach or talk to a daemon. */
#define VN_TOOL_NO_DAEMON 2

/* A client's connection to the daemon (client.c). */
struct vn_remote {
	int fd;
	const char *path;
	bool hello;		/* the daemon's HELLO has arrived */
	bool line_done;		/* the last line's EXIT has arrived */
	int status;		/* ... and its status */
	uint64_t n_output;	/* STDOUT and STDERR frames received */
	struct vn_proto_reader rd;
};

/**
 * vn_remote_open() - connect to the daemon and say hello
 * @path: the daemon's socket
 * @mode: "oneshot" or "shell"
 *
 * Prints nothing when no daemon listens (the caller decides what that
 * means); prints a message for any other failure.
 *
 * Return: 0; -ENOENT or -ECONNREFUSED: no daemon; another -errno.
 */
int vn_remote_open(struct vn_remote *r, const char *path, const char *mode);
void vn_remote_close(struct vn_remote *r);

/* Sends a LINE; clears line_done.  Return: 0, -E2BIG, -errno. */
int vn_remote_send_line(struct vn_remote *r, const char *line);
int vn_remote_send_signal(struct vn_remote *r, int sig);

/**
 * vn_remote_receive() - read once from the daemon and act on its frames
 *
 * Output frames are written to standard output and error as they come; an
 * EXIT frame sets line_done and status.
 *
 * Return: 1, 0 when the daemon has closed the connection, -EPIPE when our
 * standard output is gone, -EPROTO or -errno (a message is printed).
 */
int vn_remote_receive(struct vn_remote *r);

/* "vnet: no daemon is running on PATH; start one with: ..." */
void vn_tool_no_daemon(const char *path);

/*
 * Blocks SIGINT, SIGTERM and SIGHUP and returns a signalfd that reports
 * them, so a loop handles signals as one more file descriptor.  Also
 * ignores SIGPIPE: a vanished peer is an error return, not a death.
 * Return: the descriptor or -errno.
 */
int vn_tool_signalfd(void);

/* Reads one signal from a vn_tool_signalfd().  Return: it, or 0. */
int vn_tool_signal_read(int sfd);

/* write() until done.  Return: 0 or -errno. */
int vn_tool_write_all(int fd, const void *data, size_t len);

#endif
