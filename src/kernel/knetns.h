/* SPDX-License-Identifier: MIT */
/*
 * kernel/knetns.h - real Linux network namespaces, and doing things in
 * them.
 *
 * A struct vn_knetns is a handle on one kernel network namespace: either
 * one vnet created (`ip netns add NAME type kernel`) or one that exists
 * already and is named by the user (a file under /run/netns, or any
 * namespace file such as /proc/self/ns/net).  Work that must happen inside
 * the namespace -- opening /dev/net/tun, an AF_PACKET socket, running a
 * program -- happens in a short-lived child process that enters it
 * (setns(2), after the owning user namespace for a rootless one) and hands
 * the file descriptors it opened back over a socket pair (SCM_RIGHTS).
 * vnet's own thread never changes namespace, so nothing it does later can
 * land in the wrong one.
 */
#ifndef VN_KERNEL_KNETNS_H
#define VN_KERNEL_KNETNS_H

#include <sys/types.h>

#include "base/err.h"

#define VN_KNETNS_MAX_FDS 64

/* The namespace vnet itself runs in, as vn_knetns_open() takes it. */
#define VN_KNETNS_SELF "/proc/self/ns/net"

struct vn_knetns {
	uint32_t refcnt;
	int netfd;		/* the namespace's file */
	int userfd;		/* its user namespace (rootless), or -1 */
	uid_t owner_uid;	/* who made it (its root, when rootless) */
	bool self;		/* vnet's own namespace: nothing to enter */
	bool own;		/* created by vnet: its processes end with it */
	dev_t ns_dev;		/* identity, to find processes inside */
	ino_t ns_ino;
	char label[64];		/* for messages: a name or a path */
};

/**
 * vn_knetns_create() - a fresh kernel network namespace, held by a file
 * descriptor only (no /run/netns entry, nothing left behind if vnet dies)
 * @userns: inside a new user namespace, as rootless pasta/slirp4netns do
 *          (vnet's uid and gid map to root inside); without it the caller
 *          needs CAP_SYS_ADMIN
 * @label: a name for messages
 *
 * Return: 0 and *@out (one reference), or -errno with @err set.
 */
int vn_knetns_create(bool userns, const char *label, struct vn_knetns **out,
		     struct vn_err *err);

/**
 * vn_knetns_open() - a handle on an existing namespace
 * @spec: a name under /run/netns (what `ip netns add` made), or a path
 *        holding a '/' (/proc/PID/ns/net, /proc/self/ns/net)
 *
 * Return: 0 and *@out, or -errno with @err set ("Cannot open network
 * namespace ..." as iproute2 says it).
 */
int vn_knetns_open(const char *spec, struct vn_knetns **out,
		   struct vn_err *err);

struct vn_knetns *vn_knetns_get(struct vn_knetns *ns);

/*
 * Drops a reference.  The last one of a namespace vnet created first ends
 * every process still inside it (SIGKILL; programs vnet started were
 * ended by their jobs already), then closes the descriptors: the kernel
 * frees the namespace and its devices.
 */
void vn_knetns_put(struct vn_knetns *ns);

/*
 * What runs in the child: fills @fds (at most VN_KNETNS_MAX_FDS) and
 * *@n_fds; returns 0 or -errno, with a sentence in @msg on failure.  On
 * success @msg may carry a short reply (an ifindex) to the caller.
 */
typedef int (*vn_knetns_fn)(void *arg, int *fds, unsigned *n_fds, char *msg,
			    size_t msg_size);

/**
 * vn_knetns_call() - run @fn inside @ns and get the descriptors it opened
 * @fds: receives them (room for @max_fds)
 * @reply: receives @fn's reply text on success (may be NULL)
 *
 * Context: control path; forks, and blocks until the child is done.
 * Return: @fn's result; on 0, *@n_fds descriptors (close-on-exec) are in
 * @fds.  On failure nothing is left open and @err holds @fn's sentence.
 */
int vn_knetns_call(struct vn_knetns *ns, vn_knetns_fn fn, void *arg,
		   int *fds, unsigned max_fds, unsigned *n_fds, char *reply,
		   size_t reply_size, struct vn_err *err);

/**
 * vn_knetns_spawn() - start a real program inside @ns
 * @argv: the program (looked up in PATH) and its arguments
 * @out_fd: its standard output and @err_fd its standard error (-1:
 *          /dev/null); standard input is /dev/null
 * @pid: the process to signal, as -@pid (its process group); a signal
 *       reaches every process the program started
 * @pidfd: a pidfd(2) that becomes readable when the program and all it
 *         started have ended; the exit status is then the program's
 * @keep_fd: a descriptor of vnet's the program inherits under the same
 *           number (a namespace it names as /proc/self/fd/N), or -1
 *
 * As `ip netns exec`, the program gets a mount namespace of its own with
 * /sys showing @ns's devices (when that can be mounted).  It runs under
 * an init of its own PID namespace (see knetns.c), so nothing it starts
 * outlives it or vnet, even if vnet is killed.
 *
 * Return: 0, or -errno with @err set ("exec of \"X\" failed: ..." as
 * iproute2 says it when the program cannot be run).
 */
int vn_knetns_spawn(struct vn_knetns *ns, char *const argv[], int keep_fd,
		    int out_fd, int err_fd, pid_t *pid, int *pidfd,
		    struct vn_err *err);

/* Is @pid's network namespace @ns? */
bool vn_knetns_holds(const struct vn_knetns *ns, pid_t pid);

#endif
