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

/*
 * Device kinds of `ip link add ... type KIND`.  Each kind lives in its own
 * file and is listed once in cmd/ip_link_kinds.c, so adding a kind never
 * touches `ip link` itself.
 */
struct vn_link_add {
	const char *name;
	struct vn_dev *link;	/* `link DEV`: the lower device, or NULL */
	struct vn_netns *netns;	/* `netns NS`: where to create it, or NULL */
	bool has_mac;
	uint8_t mac[VN_ETH_ALEN];
	bool has_mtu;
	uint32_t mtu;
	bool has_txqlen;
	uint32_t txqlen;
};

struct vn_ip_link_kind {
	const char *kind;
	/*
	 * Parses the arguments after "type KIND" and creates the device in
	 * a->netns (or ip->ns) with the common attributes of @a applied; on
	 * failure nothing remains.  Returns ip's exit status, *out on 0.
	 */
	int (*add)(struct vn_ip *ip, const struct vn_link_add *a, int argc,
		   char **argv, struct vn_dev **out);
	/* `ip link set DEV type KIND ARGS`; may be NULL (refused). */
	int (*change)(struct vn_ip *ip, struct vn_dev *dev, int argc,
		      char **argv);
	/* Is @dev of this kind (for `change` and details)? */
	bool (*owns)(const struct vn_dev *dev);
	/* `ip -d link` details after "KIND "; may be NULL. */
	void (*print)(struct vn_ip *ip, struct vn_pr *pr, struct vn_dev *dev);
};

const struct vn_ip_link_kind *vn_ip_link_kind(const char *kind);
const struct vn_ip_link_kind *vn_ip_link_kind_of(const struct vn_dev *dev);

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
