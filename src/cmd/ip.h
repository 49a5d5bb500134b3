/* SPDX-License-Identifier: MIT */
/*
 * cmd/ip.h - shared state of the `ip` command family (iproute2's ip).
 */
#ifndef VN_CMD_IP_H
#define VN_CMD_IP_H

#include "cmd/commands.h"
#include "cmd/print.h"
#include "netns.h"

struct vn_ip {
	struct vn_job *job;
	struct vn_netns *ns;
	int stats;		/* -s, repeatable */
	int details;		/* -d */
	bool brief;		/* -br */
	bool json;		/* -j */
	bool pretty;		/* -p */
	bool oneline;		/* -o */
	int family;		/* 0, 4 (-4) or 6 (-6) */
};

/* iproute2's exit statuses. */
#define IP_EXIT_KERNEL 2	/* RTNETLINK refused */
#define IP_EXIT_LOOKUP 1	/* Cannot find device ... */
#define IP_EXIT_USAGE 255	/* exit(-1) on bad arguments */

int vn_ip_link(struct vn_ip *ip, int argc, char **argv);
int vn_ip_addr(struct vn_ip *ip, int argc, char **argv);
int vn_ip_route(struct vn_ip *ip, int argc, char **argv);
int vn_ip_neigh(struct vn_ip *ip, int argc, char **argv);
int vn_ip_netns(struct vn_ip *ip, int argc, char **argv);

/* Messages as iproute2 prints them; each returns the exit status. */
int vn_ip_invarg(struct vn_ip *ip, const char *msg, const char *arg);
int vn_ip_duparg2(struct vn_ip *ip, const char *key, const char *arg);
int vn_ip_no_dev(struct vn_ip *ip, const char *name);
int vn_ip_err(struct vn_ip *ip, const struct vn_err *err);

/* A device by name in ip->ns, or NULL. */
struct vn_dev *vn_ip_dev(struct vn_ip *ip, const char *name);

/* The "NAME@PEER" text and M-DOWN flag of iproute2's print_name_and_link. */
void vn_ip_print_name(struct vn_ip *ip, struct vn_pr *pr,
		      const struct vn_dev *dev, const char *fmt, bool *mdown);
void vn_ip_print_flags(struct vn_pr *pr, const struct vn_dev *dev,
		       bool mdown);
/* Prints the link header lines of `ip link`/`ip addr` for @dev. */
void vn_ip_print_link(struct vn_ip *ip, struct vn_pr *pr, struct vn_dev *dev,
		      bool do_link);

/* Moves on to the next argument or fails with iproute2's message. */
#define NEXT_ARG()                                                     \
	do {                                                           \
		if (argc <= 1) {                                       \
			vn_job_eprintf(ip->job,                        \
				       "Command line is not complete. Try option \"help\"\n"); \
			return IP_EXIT_USAGE;                          \
		}                                                      \
		argc--;                                                \
		argv++;                                                \
	} while (0)

#endif
