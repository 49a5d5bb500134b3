/* SPDX-License-Identifier: MIT */
/*
 * cmd/kexec.h - the command side of the kernel boundary: real programs as
 * vnet jobs, the switch to real time, and naming kernel namespaces.
 */
#ifndef VN_CMD_KEXEC_H
#define VN_CMD_KEXEC_H

#include "cmd/commands.h"

struct vn_knetns;

/**
 * vn_kexec_run() - run a real program in a kernel namespace as @job
 * @keep_fd: a descriptor the program inherits (vn_knetns_spawn()), or -1
 * @argv: the program and its arguments (NULL-terminated, copied)
 *
 * The program's standard output and error stream into the job's (its
 * error lines carry the script's FILE:LINE prefix like any job's), a
 * signal to the job (kill %N, Ctrl-C, the end of a script) goes to the
 * program's process group, and the job's status is the program's exit
 * status (128 + N if a signal N ended it).  A job ended with SIGKILL
 * (session teardown) kills the group and reaps it before returning.
 *
 * Return: VN_JOB_RUNNING, or an exit status after printing why the
 * program could not start (iproute2's "exec of ... failed").
 */
int vn_kexec_run(struct vn_job *job, struct vn_knetns *kns, int keep_fd,
		 int argc, char **argv);

/*
 * Switches the job's engine to real time if it is virtual, saying so
 * once on standard error (naming @what, the kernel-facing thing that
 * needs it).
 */
void vn_kexec_real_time(struct vn_job *job, const char *what);

/**
 * vn_kexec_knetns() - the kernel namespace @spec names, for
 * `kernel-netns SPEC`: a kernel-backed vnet namespace of that name, else a
 * name under /run/netns, else a path ('/' in it).  One reference in *@out.
 * Return: 0, or an ip exit status after printing the reason.
 */
int vn_kexec_knetns(struct vn_job *job, const char *spec,
		    struct vn_knetns **out);

struct vn_ip;
struct vn_link_add;
struct vn_dev;

/*
 * vn_ip_kernel() - `ip -n NAME ARGS` for a kernel-backed NAME: the real
 * ip runs there with ARGS (@argv is ip's whole command line, @netns_opt
 * points at its "-n" word, left out with its value).  A `netns KNS` in
 * ARGS naming another kernel-backed namespace reaches the real ip as a
 * descriptor of it (/proc/self/fd/N), so kernel devices move between
 * them.  Job status as vn_kexec_run().
 */
int vn_ip_kernel(struct vn_ip *ip, int argc, char **argv, char **netns_opt);

/*
 * vn_ip_veth_kernel_add() - the `ip link add NAME type veth peer name
 * PEER netns KNS` of ip_link.c when KNS is kernel-backed: NAME is a vnet
 * device (shown as a veth) whose peer is a TAP named PEER in KNS, with
 * @peer_mac / @peer_mtu (NULL / 0: the kernel's defaults).  Prints why
 * not; returns ip's exit status.
 */
int vn_ip_veth_kernel_add(struct vn_ip *ip, const struct vn_link_add *a,
			  struct vn_netns *peer_ns, const char *peer_name,
			  const uint8_t *peer_mac, uint32_t peer_mtu,
			  struct vn_dev **out);

/*
 * For `netns NAME` naming a kernel-backed namespace where only a vnet one
 * can go (a vnet device moved or created there): says why not, returns
 * ip's exit status.
 */
int vn_ip_kernel_netns_refuse(struct vn_ip *ip, const struct vn_netns *ns);

/* The `ip tuntap` object (cmd/ip_tuntap.c). */
int vn_ip_tuntap(struct vn_ip *ip, int argc, char **argv);

/* `ip tuntap add`: a TAP in ip's namespace; exit status as ip. */
int vn_ip_tuntap_make(struct vn_ip *ip, const char *name, const char *knetns,
		      const char *kname, bool multi_queue, uint32_t n_queues,
		      bool offload);

/* Does the process hold CAP_NET_ADMIN (to make TAPs in root-owned
 * namespaces)? */
bool vn_kexec_net_admin(void);

#endif
